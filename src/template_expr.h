/* template_expr: the expression language of placeholders and tags,
 * lexed and parsed into a template's expression pool (template_tree.h).
 *
 * The lexer works on a cursor over one placeholder or tag; the scanner
 * in template_parse.c drives it directly for `{% for %}` and `{% if %}`
 * and calls tb_tpl_expr_whole for a placeholder.  Each expression reports
 * at most one error (the first), through tb_tpl_error; after it the
 * lexer's `failed` is set and the parse functions return 0.
 *
 * Ownership: expressions belong to the template.  A TK_STR token's `str`
 * belongs to the lexer until a parse function takes it (sets it NULL);
 * tb_tpl_expr_lex_done frees what is left.
 */
#ifndef TB_TEMPLATE_EXPR_H
#define TB_TEMPLATE_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "template_cursor.h"
#include "template_tree.h"

enum { TK_END, TK_PATH, TK_NUM, TK_STR, TK_OP, TK_PIPE, TK_LP, TK_RP, TK_COMMA, TK_BAD };

typedef struct {
    int kind;
    const char *s, *e;
    tb_tpl_pos pos;
    enum tb_tpl_cmp op;
    double num;
    bool integer;
    char *str;       /* TK_STR: unescaped; owned by the lexer until taken */
    bool has_dot;    /* TK_PATH */
    const char *bad; /* TK_BAD: the message */
} tb_tpl_tok;

typedef struct {
    tb_template *t;
    tb_diag *diag;
    tb_tpl_cur c;
    tb_tpl_tok tok;
    const char *prev_e; /* end of the token before tok */
    const char *close;  /* "}}" or "%}": what END stands for in messages */
    bool failed;
} tb_tpl_lex;

/* Starts lexing C (whose end is the placeholder's or tag's CLOSE) and
 * reads the first token. */
void tb_tpl_expr_lex_init(tb_tpl_lex *L, tb_template *t, tb_diag *diag, tb_tpl_cur c, const char *close);
void tb_tpl_expr_lex_next(tb_tpl_lex *L);
void tb_tpl_expr_lex_done(tb_tpl_lex *L);
/* Reports MSG at the current token (the first error of the expression only). */
void tb_tpl_expr_lex_error(tb_tpl_lex *L, const char *msg);
/* Whether the current token is the bare word WORD. */
bool tb_tpl_expr_tok_is(const tb_tpl_lex *L, const char *word);

/* A whole expression (`or` level) / one primary, from the current token;
 * DEPTH is the nesting so far.  Return the expression's index, 0 after an
 * error. */
uint32_t tb_tpl_expr_parse(tb_tpl_lex *L, int depth);
uint32_t tb_tpl_expr_primary(tb_tpl_lex *L, int depth);

/* An expression filling [C.p, C.end) entirely.  0 after an error. */
uint32_t tb_tpl_expr_whole(tb_template *t, tb_diag *diag, tb_tpl_cur c, const char *close);

/* "a.b.c" in [S, E) split at the dots into *N segments.
 * Ownership: the caller frees each segment and the array. */
char **tb_tpl_expr_split_path(const char *s, const char *e, size_t *n);

#endif
