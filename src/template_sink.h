/* template_sink: where expanded text goes: a run list with styles that
 * collapses whitespace to single spaces, drops it at the start and end,
 * and drops a space before , . ; : ! ? ) so that an {% if %} that prints
 * nothing leaves no stray space; and the claims (stats-JSON paths) made
 * while the text went in, with their byte ranges in the plain text.
 *
 * Ownership: a sink owns its runs, text and claims until
 * tb_tpl_sink_take / tb_tpl_sink_plain hand them on and empty it.  A
 * zeroed sink is empty and ready.
 */
#ifndef TB_TEMPLATE_SINK_H
#define TB_TEMPLATE_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "doc.h"

/* A claim made while text goes into a sink: bytes [start, start + len) of
 * the sink's plain text came from stats-JSON PATH, whose value is VALUE. */
typedef struct {
    size_t start, len;
    char *path, *value;
} tb_tpl_claim;

typedef struct {
    tb_tpl_claim *v;
    size_t n, cap;
} tb_tpl_claims;

typedef struct {
    tb_doc_run *runs;
    size_t n, cap;
    size_t plain_len; /* bytes put so far: where the next text starts in plain */
    tb_tpl_claims cl;
    tb_buf cur;
    unsigned cur_style;
    bool pending;
    unsigned pending_style;
    bool any;
} tb_tpl_sink;

/* A byte the sink treats as a space (controls included). */
static inline bool tb_tpl_sink_blank(unsigned char c) { return c <= 0x20 || c == 0x7F; }

void tb_tpl_sink_claims_free(tb_tpl_claims *c);
/* Hands the claims in C to part PART of block B (NULL: dropped), emptying C. */
void tb_tpl_sink_claims_give(tb_tpl_claims *c, tb_doc_block *b, const char *part);

/* Adds N bytes of S in STYLE (TB_DOC_BOLD / TB_DOC_EMPH bits). */
void tb_tpl_sink_text(tb_tpl_sink *k, const char *s, size_t n, unsigned style);
/* Moves the sink's text into T (may be NULL: dropped) and empties it. */
void tb_tpl_sink_take(tb_tpl_sink *k, tb_doc_text *t);
/* The sink's text as one plain string; empties it.  Ownership: caller frees. */
char *tb_tpl_sink_plain(tb_tpl_sink *k);

#endif
