/* template_cursor: a position in template text, moved character by
 * character, and the scans the template parser and the expression lexer
 * share (line ends, closing `}}` / `%}` outside quotes).
 *
 * A cursor covers [p, end) and knows the line and column of p; columns
 * count UTF-8 characters, so messages point where an editor does.  A
 * cursor never moves past end.  Nothing here allocates.
 */
#ifndef TB_TEMPLATE_CURSOR_H
#define TB_TEMPLATE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

#include "template_tree.h"

typedef struct {
    const char *p, *end;
    tb_tpl_pos pos;
} tb_tpl_cur;

/* Bytes of the UTF-8 character whose first byte is C (1 for a stray
 * continuation byte). */
static inline size_t tb_tpl_cur_charlen(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static inline bool tb_tpl_cur_isspace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static inline bool tb_tpl_cur_isalpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline bool tb_tpl_cur_isdigit(char c) { return c >= '0' && c <= '9'; }
static inline bool tb_tpl_cur_isword(char c) { return tb_tpl_cur_isalpha(c) || tb_tpl_cur_isdigit(c) || c == '_'; }
static inline bool tb_tpl_cur_ispunct(char c) { return c > 0x20 && c < 0x7F && !tb_tpl_cur_isword(c); }

/* Moves C one character on (a line end starts the next line). */
void tb_tpl_cur_next(tb_tpl_cur *c);

/* Advances to TO (a position inside the cursor's range). */
void tb_tpl_cur_goto(tb_tpl_cur *c, const char *to);

/* The end of the line at P: the '\n' or END. */
const char *tb_tpl_cur_eol(const char *p, const char *end);

/* The first CLOSE (two characters) in [P, END) outside quoted strings,
 * not crossing a line end; NULL if there is none.  *QUOTE (may be NULL)
 * is set to the opening quote of a string left open, else NULL. */
const char *tb_tpl_cur_find_close_q(const char *p, const char *end, const char *close, const char **quote);
const char *tb_tpl_cur_find_close(const char *p, const char *end, const char *close);

#endif
