/* template_parse: template text into the node and expression pools.
 *
 * One pass over the text, line by line.  A line is blank (a paragraph
 * break), a directive (`@name ...` as its first non-blank text), or running
 * text in which `{{ }}`, `{% %}`, `{# #}`, `**`, `*` and `\x` escapes are
 * recognised.  The scanner reports what it finds to a builder, which keeps
 * an explicit stack of open blocks (frames: {% if %}, {% for %}, @kpi,
 * @table, an included file) and links each new node into the body of the
 * top frame.  So nesting costs no C stack; only @include recurses, once per
 * included file, and that depth counts against TB_TPL_MAX_DEPTH like any
 * other nesting.  Expressions are parsed by template_expr.c, by recursive
 * descent whose depth (parentheses, `not`) is capped too.
 *
 * Directive texts, table cells and argument values are parsed by the same
 * scanner into a fresh builder whose frames must all close by the end of
 * the extent.
 *
 * Every problem is reported and parsing goes on (a broken placeholder is
 * skipped, an unmatched closer ignored, an unclosed block reported where it
 * opened), so one run shows all errors up to the diag's cap.  Columns are
 * counted in characters.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "buf.h"
#include "mem.h"
#include "template_cursor.h"
#include "template_expr.h"
#include "template_filter.h"
#include "template_parse.h"
#include "template_tree.h"

/* A growing string. */
typedef struct {
    char *p;
    size_t len, cap;
} S_str;

static void S_add_bytes(S_str *s, const char *b, size_t n)
{
    TB_GROW(s->p, s->cap, s->len + n + 1);
    memcpy(s->p + s->len, b, n);
    s->len += n;
    s->p[s->len] = '\0';
}

/* ------------------------------------------------------------ state */

typedef struct {
    tb_template *t;
    tb_diag *diag;
    char **stack; /* real paths of the files being read, outermost first */
    size_t n_stack;
    char *real_dir;
    bool depth_reported, size_reported;
    size_t bytes; /* of the template and the files included so far */
} S_parser;

enum { F_ROOT, F_FILE, F_IF, F_FOR, F_KPI, F_TABLE, F_LINE };

typedef struct {
    int kind;
    tb_tpl_pos pos;
    char *src;        /* the opening text, for messages */
    uint32_t node;    /* IF / FOR / DIRECTIVE node */
    uint32_t owner;   /* node whose body receives children; 0: first/last */
    int field;        /* 0: owner->body, 1: owner->body2 */
    uint32_t first, last;
    uint32_t branch;  /* IF: the last branch */
    int container;    /* F_KPI, F_TABLE or 0: the nearest enclosing block */
    bool seen_else;
    unsigned style;   /* open TB_DOC_BOLD / TB_DOC_EMPH */
    tb_tpl_pos style_pos[2];
    size_t cells;     /* TABLE: cells per row, 0 until the first row */
    uint32_t cells_line;
    size_t lines;     /* KPI, TABLE: @item / @row / @header lines seen */
} S_frame;

typedef struct {
    S_parser *P;
    S_frame *fr;
    size_t n, cap;
    size_t depth; /* open blocks, including those of enclosing builders */
    uint32_t bad_line, bad_file; /* last line with a "not allowed here" text error */
} S_builder;

static void S_error(S_parser *P, tb_tpl_pos pos, const char *found, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void S_error(S_parser *P, tb_tpl_pos pos, const char *found, const char *fmt, ...)
{
    tb_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    tb_tpl_error(P->t, P->diag, pos, found, "%s", tb_buf_str(&msg));
    tb_buf_free(&msg);
}

/* Reports with FOUND given as a byte range. */
static void S_error_range(S_parser *P, tb_tpl_pos pos, const char *s, const char *e, const char *msg)
{
    char *found = tb_mem_strndup(s, (size_t)(e - s));
    S_error(P, pos, found, "%s", msg);
    free(found);
}

static tb_tpl_node *S_node(S_parser *P, uint32_t i) { return &P->t->nodes[i]; }
static tb_tpl_expr *S_expr(S_parser *P, uint32_t i) { return &P->t->exprs[i]; }

static S_frame *S_top(S_builder *B) { return &B->fr[B->n - 1]; }

static bool S_counts(int kind) { return kind != F_ROOT && kind != F_LINE; }

static S_frame *S_push(S_builder *B, int kind, tb_tpl_pos pos, const char *src)
{
    if (S_counts(kind)) {
        B->depth++;
        if (B->depth > TB_TPL_MAX_DEPTH && !B->P->depth_reported) {
            S_error(B->P, pos, src, "blocks are nested more than %d deep", TB_TPL_MAX_DEPTH);
            B->P->depth_reported = true;
        }
    }
    TB_GROW(B->fr, B->cap, B->n + 1);
    S_frame *f = &B->fr[B->n++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->pos = pos;
    f->src = tb_mem_strdup(src ? src : "");
    if (B->n > 1) {
        S_frame *parent = &B->fr[B->n - 2];
        f->container = parent->container;
        if (kind == F_FILE) {
            f->owner = parent->owner;
            f->field = parent->field;
            f->first = parent->first;
            f->last = parent->last;
        }
    }
    if (kind == F_KPI || kind == F_TABLE)
        f->container = kind;
    return f;
}

static void S_add(S_builder *B, uint32_t idx)
{
    S_frame *f = S_top(B);
    tb_template *t = B->P->t;
    if (f->last)
        t->nodes[f->last].next = idx;
    else if (f->owner && f->field)
        t->nodes[f->owner].body2 = idx;
    else if (f->owner)
        t->nodes[f->owner].body = idx;
    else
        f->first = idx;
    f->last = idx;
}

static void S_style_check(S_builder *B, S_frame *f)
{
    static const char *const marks[2] = {"**", "*"};
    for (int k = 0; k < 2; k++)
        if (f->style & (1u << k))
            S_error(B->P, f->style_pos[k], marks[k],
                    k == 0 ? "bold text is not closed: end it with ** in the same paragraph, or write \\* for an asterisk"
                           : "emphasis is not closed: end it with * in the same paragraph, or write \\* for an asterisk");
    f->style = 0;
}

static void S_style_check_all(S_builder *B)
{
    for (size_t i = B->n; i-- > 0;)
        S_style_check(B, &B->fr[i]);
}

static const char *S_block_name(int kind)
{
    switch (kind) {
    case F_IF:
        return "{% if %}";
    case F_FOR:
        return "{% for %}";
    case F_KPI:
        return "@kpi";
    case F_TABLE:
        return "@table";
    default:
        return "the block";
    }
}

static const char *S_closer_name(int kind)
{
    switch (kind) {
    case F_IF:
        return "{% endif %}";
    case F_FOR:
        return "{% endfor %}";
    case F_KPI:
        return "@endkpi";
    case F_TABLE:
        return "@endtable";
    default:
        return "its end";
    }
}

static void S_pop(S_builder *B)
{
    S_frame *f = S_top(B);
    S_style_check(B, f);
    tb_template *t = B->P->t;
    if (f->kind == F_FILE && B->n > 1) {
        S_frame *parent = &B->fr[B->n - 2];
        parent->first = f->first;
        parent->last = f->last;
    }
    if (f->kind == F_TABLE || f->kind == F_KPI) {
        tb_tpl_dir *d = t->nodes[f->node].dir;
        if (f->lines == 0)
            S_error(B->P, f->pos, f->src,
                    f->kind == F_KPI ? "@kpi has no @item lines" : "@table has no @header or @row lines");
        if (f->kind == F_TABLE) {
            d->n_cols = f->cells;
            if (d->align && f->cells && strlen(d->align) > f->cells)
                S_error(B->P, d->align_pos, d->align, "align has %zu letters but the table has %zu columns",
                        strlen(d->align), f->cells);
        }
    }
    if (S_counts(f->kind))
        B->depth--;
    free(f->src);
    B->n--;
}

static void S_unclosed(S_builder *B, S_frame *f)
{
    S_error(B->P, f->pos, f->src, "%s is not closed: add %s", S_block_name(f->kind), S_closer_name(f->kind));
}

/* The index of the nearest open frame of kind K1 or K2 in this file, or -1. */
static long S_find_frame(S_builder *B, int k1, int k2)
{
    for (size_t i = B->n; i-- > 0;) {
        int k = B->fr[i].kind;
        if (k == k1 || k == k2)
            return (long)i;
        if (k == F_FILE || k == F_ROOT || k == F_LINE)
            return -1;
    }
    return -1;
}

/* Closes the frames above index I as unclosed. */
static void S_unwind(S_builder *B, long i)
{
    while ((long)B->n - 1 > i) {
        S_unclosed(B, S_top(B));
        S_pop(B);
    }
}

/* ------------------------------------------------------------ builder events */

static bool S_container_text(S_builder *B, tb_tpl_pos pos, const char *found)
{
    int c = S_top(B)->container;
    if (!c)
        return false;
    if (B->bad_line != pos.line || B->bad_file != pos.file) {
        B->bad_line = pos.line;
        B->bad_file = pos.file;
        S_error(B->P, pos, found,
                c == F_KPI ? "only @item lines can go between @kpi and @endkpi"
                           : "only @header and @row lines can go between @table and @endtable");
    }
    return true;
}

static void S_ev_text(S_builder *B, const char *s, size_t n, tb_tpl_pos pos)
{
    if (n == 0)
        return;
    if (S_top(B)->container) {
        size_t k = 0;
        while (k < n && tb_tpl_cur_isspace(s[k]))
            k++;
        if (k == n)
            return;
        char *found = tb_mem_strndup(s + k, n - k);
        S_container_text(B, pos, found);
        free(found);
        return;
    }
    uint32_t i = tb_tpl_node_new(B->P->t, TN_TEXT, pos);
    S_node(B->P, i)->str = tb_mem_strndup(s, n);
    S_add(B, i);
}

static void S_ev_space(S_builder *B, tb_tpl_pos pos)
{
    if (S_top(B)->container)
        return;
    S_add(B, tb_tpl_node_new(B->P->t, TN_SPACE, pos));
}

static void S_ev_break(S_builder *B, tb_tpl_pos pos)
{
    S_frame *f = S_top(B);
    if (f->container)
        return;
    S_style_check_all(B);
    if (f->last && S_node(B->P, f->last)->kind == TN_BREAK)
        return;
    S_add(B, tb_tpl_node_new(B->P->t, TN_BREAK, pos));
}

static void S_ev_style(S_builder *B, unsigned style, tb_tpl_pos pos)
{
    if (S_container_text(B, pos, style == TB_DOC_BOLD ? "**" : "*"))
        return;
    S_frame *f = S_top(B);
    int k = style == TB_DOC_BOLD ? 0 : 1;
    if (f->style & style) {
        f->style &= ~style;
    } else {
        f->style |= style;
        f->style_pos[k] = pos;
    }
    uint32_t i = tb_tpl_node_new(B->P->t, TN_STYLE, pos);
    S_node(B->P, i)->style = style;
    S_add(B, i);
}

static void S_ev_value(S_builder *B, uint32_t expr, tb_tpl_pos pos, const char *src)
{
    if (S_container_text(B, pos, src))
        return;
    uint32_t i = tb_tpl_node_new(B->P->t, TN_VALUE, pos);
    S_node(B->P, i)->expr = expr;
    S_add(B, i);
}

/* ------------------------------------------------------------ scanning */

enum { M_BODY = 1, M_TAGS = 2, M_STYLES = 4 };

static void S_inline(S_parser *P, S_builder *B, tb_tpl_cur *c, unsigned mode);

static void S_flush(S_builder *B, S_str *acc, tb_tpl_pos pos)
{
    if (acc->len)
        S_ev_text(B, acc->p, acc->len, pos);
    acc->len = 0;
}

/* The closing CLOSE of the {{ or {% at C, on the same line, skipping
 * quoted text; NULL after reporting what is unclosed (and C moved to the
 * end of the line). */
static const char *S_closing(S_parser *P, tb_tpl_cur *c, const char *close, const char *unclosed)
{
    const char *quote;
    const char *q = tb_tpl_cur_find_close_q(c->p + 2, c->end, close, &quote);
    if (q)
        return q;
    const char *eol = tb_tpl_cur_eol(c->p, c->end);
    if (quote) {
        tb_tpl_cur at = *c;
        tb_tpl_cur_goto(&at, quote);
        S_error_range(P, at.pos, quote, eol, "the text in quotes is not closed");
    } else {
        S_error_range(P, c->pos, c->p, eol, unclosed);
    }
    tb_tpl_cur_goto(c, eol);
    return NULL;
}

static void S_placeholder(S_parser *P, S_builder *B, tb_tpl_cur *c)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *q = S_closing(P, c, "}}", "{{ is not closed: add }} on the same line");
    if (!q)
        return;
    tb_tpl_cur sub = *c;
    tb_tpl_cur_goto(&sub, c->p + 2);
    sub.end = q;
    uint32_t e = tb_tpl_expr_whole(P->t, P->diag, sub, "}}");
    tb_tpl_cur_goto(c, q + 2);
    if (e) {
        char *src = tb_mem_strndup(start, (size_t)(q + 2 - start));
        S_ev_value(B, e, pos, src);
        free(src);
    }
}

static void S_comment(S_parser *P, tb_tpl_cur *c, unsigned mode)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *q = c->p + 2;
    while (q + 1 < c->end && !(q[0] == '#' && q[1] == '}') && (q[0] != '\n' || (mode & M_BODY)))
        q++;
    if (q + 1 >= c->end || q[0] != '#') {
        const char *eol = tb_tpl_cur_eol(start, c->end);
        S_error_range(P, pos, start, eol, "{# is not closed: add #}");
        tb_tpl_cur_goto(c, (mode & M_BODY) ? c->end : eol);
        return;
    }
    tb_tpl_cur_goto(c, q + 2);
}

static void S_open_block(S_builder *B, int kind, uint32_t node, tb_tpl_pos pos, const char *src)
{
    S_add(B, node);
    S_frame *f = S_push(B, kind, pos, src);
    f->node = node;
    f->owner = node;
    if (kind == F_IF) {
        uint32_t br = tb_tpl_node_new(B->P->t, TN_BRANCH, pos);
        S_node(B->P, br)->expr = S_node(B->P, node)->expr;
        S_node(B->P, node)->expr = 0;
        S_node(B->P, node)->body = br;
        f->branch = br;
        f->owner = br;
    }
}

/* {% elif %}, {% else %}: a new branch of the open if (or the else of a
 * for). */
static void S_branch(S_builder *B, tb_tpl_pos pos, uint32_t cond, bool is_else, const char *src)
{
    long i = S_find_frame(B, F_IF, is_else ? F_FOR : F_IF);
    if (i < 0) {
        S_error(B->P, pos, src, is_else ? "{%% else %%} without an open {%% if %%} or {%% for %%}"
                                        : "{%% elif %%} without an open {%% if %%}");
        return;
    }
    S_unwind(B, i);
    S_frame *f = S_top(B);
    S_style_check(B, f);
    if (f->seen_else) {
        S_error(B->P, pos, src, is_else ? "a second {%% else %%} in the same block" : "{%% elif %%} after {%% else %%}");
        return;
    }
    if (f->kind == F_FOR) {
        f->seen_else = true;
        f->field = 1;
        f->last = 0;
        return;
    }
    uint32_t br = tb_tpl_node_new(B->P->t, TN_BRANCH, pos);
    S_node(B->P, br)->expr = cond;
    S_node(B->P, f->branch)->next = br;
    f->branch = br;
    f->owner = br;
    f->field = 0;
    f->last = 0;
    f->seen_else = is_else;
}

static void S_close(S_builder *B, int kind, tb_tpl_pos pos, const char *src)
{
    long i = S_find_frame(B, kind, kind);
    if (i < 0) {
        S_error(B->P, pos, src, "%s without an open %s", kind == F_IF ? "{% endif %}" : kind == F_FOR ? "{% endfor %}"
                                                         : kind == F_KPI                  ? "@endkpi"
                                                                                          : "@endtable",
                S_block_name(kind));
        return;
    }
    S_unwind(B, i);
    S_pop(B);
}

static const char *const S_tag_words[] = {"if", "elif", "else", "endif", "for", "endfor"};

/* for VAR in PATH [where EXPR] [sort KEY [asc|desc]] [limit N] */
static uint32_t S_for(S_parser *P, tb_tpl_lex *L, tb_tpl_pos pos)
{
    tb_tpl_expr_lex_next(L);
    uint32_t n = tb_tpl_node_new(P->t, TN_FOR, pos);
    if (L->tok.kind != TK_PATH || L->tok.has_dot) {
        tb_tpl_expr_lex_error(L, "expected a name for the loop variable after for, like: for m in items");
        S_node(P, n)->str = tb_mem_strdup("");
        return n;
    }
    S_node(P, n)->str = tb_mem_strndup(L->tok.s, (size_t)(L->tok.e - L->tok.s));
    if (tb_tpl_expr_tok_is(L, "loop") || tb_tpl_expr_tok_is(L, "dataset") || tb_tpl_expr_tok_is(L, "in")) {
        tb_tpl_expr_lex_error(L, "this word cannot name a loop variable");
        return n;
    }
    tb_tpl_expr_lex_next(L);
    if (!tb_tpl_expr_tok_is(L, "in")) {
        tb_tpl_expr_lex_error(L, "expected in after the loop variable, like: for m in items");
        return n;
    }
    tb_tpl_expr_lex_next(L);
    if (L->tok.kind != TK_PATH) {
        tb_tpl_expr_lex_error(L, "expected a list of facts after in, like: for m in items");
        return n;
    }
    uint32_t list = tb_tpl_expr_primary(L, 0);
    S_node(P, n)->expr = list;
    bool seen[3] = {false, false, false};
    while (L->tok.kind != TK_END && !L->failed) {
        int which = tb_tpl_expr_tok_is(L, "where") ? 0 : tb_tpl_expr_tok_is(L, "sort") ? 1 : tb_tpl_expr_tok_is(L, "limit") ? 2 : -1;
        if (which < 0) {
            tb_tpl_expr_lex_error(L, "expected where, sort, limit or %} in the loop");
            break;
        }
        if (seen[which]) {
            tb_tpl_expr_lex_error(L, "this part of the loop is given twice");
            break;
        }
        seen[which] = true;
        tb_tpl_expr_lex_next(L);
        if (which == 0) {
            uint32_t w = tb_tpl_expr_parse(L, 0);
            S_node(P, n)->where = w;
        } else if (which == 1) {
            if (L->tok.kind != TK_PATH) {
                tb_tpl_expr_lex_error(L, "expected the fact to sort by, like: sort yoy_pct desc");
                break;
            }
            tb_tpl_node *x = S_node(P, n);
            const char *s = L->tok.s;
            size_t vl = strlen(x->str);
            /* "sort m.yoy_pct" and "sort yoy_pct" mean the same */
            if ((size_t)(L->tok.e - s) > vl + 1 && memcmp(s, x->str, vl) == 0 && s[vl] == '.')
                s += vl + 1;
            x->sort_segs = tb_tpl_expr_split_path(s, L->tok.e, &x->n_sort_segs);
            x->sort_src = tb_mem_strndup(L->tok.s, (size_t)(L->tok.e - L->tok.s));
            x->sort_pos = L->tok.pos;
            tb_tpl_expr_lex_next(L);
            if (tb_tpl_expr_tok_is(L, "asc") || tb_tpl_expr_tok_is(L, "desc")) {
                x->sort_desc = tb_tpl_expr_tok_is(L, "desc");
                tb_tpl_expr_lex_next(L);
            }
        } else {
            if (L->tok.kind != TK_NUM || !L->tok.integer || L->tok.num < 1 || L->tok.num > 1e9) {
                tb_tpl_expr_lex_error(L, "limit needs a whole number of at least 1");
                break;
            }
            S_node(P, n)->limit = (long)L->tok.num;
            tb_tpl_expr_lex_next(L);
        }
    }
    return n;
}

static void S_tag(S_parser *P, S_builder *B, tb_tpl_cur *c, unsigned mode)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *q = S_closing(P, c, "%}", "{% is not closed: add %} on the same line");
    if (!q)
        return;
    char *src = tb_mem_strndup(start, (size_t)(q + 2 - start));
    tb_tpl_cur sub = *c;
    tb_tpl_cur_goto(&sub, c->p + 2);
    sub.end = q;
    tb_tpl_cur_goto(c, q + 2);
    if (!(mode & M_TAGS)) {
        S_error(P, pos, src, "{%% %%} tags cannot go inside an argument; put {%% if %%} around the whole line");
        free(src);
        return;
    }
    tb_tpl_lex L;
    tb_tpl_expr_lex_init(&L, P->t, P->diag, sub, "%}");
    if (L.tok.kind == TK_END) {
        S_error(P, pos, src, "empty tag: expected if, elif, else, endif, for or endfor");
    } else if (L.tok.kind != TK_PATH || L.tok.has_dot) {
        tb_tpl_expr_lex_error(&L, "expected if, elif, else, endif, for or endfor");
    } else if (tb_tpl_expr_tok_is(&L, "if") || tb_tpl_expr_tok_is(&L, "elif")) {
        bool is_if = tb_tpl_expr_tok_is(&L, "if");
        tb_tpl_expr_lex_next(&L);
        uint32_t cond = 0;
        if (L.tok.kind == TK_END)
            tb_tpl_expr_lex_error(&L, is_if ? "{% if %} needs a condition, like: if exports.yoy_pct > 0"
                                  : "{% elif %} needs a condition, like: elif exports.yoy_pct < 0");
        else
            cond = tb_tpl_expr_parse(&L, 0);
        if (cond && L.tok.kind != TK_END)
            tb_tpl_expr_lex_error(&L, L.tok.kind == TK_BAD && L.tok.bad ? L.tok.bad : "unexpected text after the condition");
        if (is_if) {
            uint32_t n = tb_tpl_node_new(P->t, TN_IF, pos);
            S_node(P, n)->expr = cond;
            S_open_block(B, F_IF, n, pos, src);
        } else {
            S_branch(B, pos, cond, false, src);
        }
    } else if (tb_tpl_expr_tok_is(&L, "for")) {
        S_open_block(B, F_FOR, S_for(P, &L, pos), pos, src);
    } else if (tb_tpl_expr_tok_is(&L, "else") || tb_tpl_expr_tok_is(&L, "endif") || tb_tpl_expr_tok_is(&L, "endfor")) {
        int which = tb_tpl_expr_tok_is(&L, "else") ? 0 : tb_tpl_expr_tok_is(&L, "endif") ? 1 : 2;
        tb_tpl_expr_lex_next(&L);
        if (L.tok.kind != TK_END) {
            tb_tpl_expr_lex_error(&L, which == 0 ? "unexpected text after else (write elif for another condition)"
                                       : "unexpected text in the closing tag");
        }
        if (which == 0)
            S_branch(B, pos, 0, true, src);
        else
            S_close(B, which == 1 ? F_IF : F_FOR, pos, src);
    } else if (tb_tpl_expr_tok_is(&L, "include")) {
        tb_tpl_expr_lex_error(&L, "includes are written on a line of their own: @include FILE");
    } else {
        char *word = tb_mem_strndup(L.tok.s, (size_t)(L.tok.e - L.tok.s));
        const char *s = tb_tpl_suggest(word, S_tag_words, sizeof S_tag_words / sizeof S_tag_words[0]);
        if (s) {
            char *msg = tb_mem_printf("unknown tag; did you mean \"%s\"?", s);
            tb_tpl_expr_lex_error(&L, msg);
            free(msg);
        } else {
            tb_tpl_expr_lex_error(&L, "unknown tag; tags are if, elif, else, endif, for and endfor");
        }
        free(word);
    }
    tb_tpl_expr_lex_done(&L);
    free(src);
}

static void S_inline(S_parser *P, S_builder *B, tb_tpl_cur *c, unsigned mode)
{
    S_str acc = {0};
    tb_tpl_pos acc_pos = c->pos;
    while (c->p < c->end) {
        char ch = *c->p;
        char n1 = c->p + 1 < c->end ? c->p[1] : '\0';
        if (ch == '\n' && (mode & M_BODY))
            break;
        if (ch == '\\' && tb_tpl_cur_ispunct(n1)) {
            if (!acc.len)
                acc_pos = c->pos;
            tb_tpl_cur_next(c);
            S_add_bytes(&acc, c->p, 1);
            tb_tpl_cur_next(c);
            continue;
        }
        if (ch == '{' && (n1 == '{' || n1 == '%' || n1 == '#')) {
            S_flush(B, &acc, acc_pos);
            if (n1 == '{')
                S_placeholder(P, B, c);
            else if (n1 == '%')
                S_tag(P, B, c, mode);
            else
                S_comment(P, c, mode);
            continue;
        }
        if (ch == '*' && (mode & M_STYLES)) {
            S_flush(B, &acc, acc_pos);
            tb_tpl_pos pos = c->pos;
            bool bold = n1 == '*';
            tb_tpl_cur_next(c);
            if (bold)
                tb_tpl_cur_next(c);
            S_ev_style(B, bold ? TB_DOC_BOLD : TB_DOC_EMPH, pos);
            continue;
        }
        if (ch == '\r' && n1 == '\n') {
            tb_tpl_cur_next(c);
            continue;
        }
        if (!acc.len)
            acc_pos = c->pos;
        const char *from = c->p;
        tb_tpl_cur_next(c);
        S_add_bytes(&acc, from, (size_t)(c->p - from));
    }
    S_flush(B, &acc, acc_pos);
    free(acc.p);
}

/* Parses the extent C (one line or less) as a node list of its own: its
 * blocks must close inside it. */
static uint32_t S_extent(S_parser *P, S_builder *parent, tb_tpl_cur c, unsigned mode)
{
    S_builder lb;
    memset(&lb, 0, sizeof lb);
    lb.P = P;
    lb.depth = parent ? parent->depth : 0;
    S_push(&lb, F_LINE, c.pos, NULL);
    S_inline(P, &lb, &c, mode);
    S_unwind(&lb, 0);
    S_style_check(&lb, S_top(&lb));
    uint32_t first = lb.fr[0].first;
    free(lb.fr[0].src);
    free(lb.fr);
    return first;
}

/* ------------------------------------------------------------ directives */

static const struct {
    const char *name;
    enum tb_tpl_dir_kind kind;
} S_dirs[] = {
    {"title", TD_TITLE},     {"heading", TD_HEADING}, {"subheading", TD_SUBHEADING}, {"footnote", TD_FOOTNOTE},
    {"source", TD_SOURCE},   {"pagebreak", TD_PAGEBREAK}, {"spacer", TD_SPACER},     {"meta", TD_META},
    {"kpi", TD_KPI},         {"item", TD_ITEM},       {"endkpi", TD_ENDKPI},         {"chart", TD_CHART},
    {"table", TD_TABLE},     {"header", TD_HEADER},   {"row", TD_ROW},               {"endtable", TD_ENDTABLE},
    {"include", TD_INCLUDE}, {"commentary", TD_COMMENTARY},
};
#define S_N_DIRS (sizeof S_dirs / sizeof S_dirs[0])

static const char *const S_col_names[TCOL_COUNT] = {
    [TCOL_NAME] = "name",   [TCOL_CODE] = "code",     [TCOL_VALUE] = "value",           [TCOL_CHANGE] = "change",
    [TCOL_YOY] = "yoy",     [TCOL_MOM] = "mom",       [TCOL_SHARE] = "share",           [TCOL_CONTRIBUTION] = "contribution",
    [TCOL_STREAK] = "streak", [TCOL_RANK] = "rank",   [TCOL_SPARKLINE] = "sparkline",
};

/* A raw directive argument: KEY=VALUE or a bare VALUE. */
typedef struct {
    char *key;       /* NULL: positional */
    tb_tpl_pos kpos; /* of the argument */
    tb_tpl_cur v;         /* the value (inside the quotes when quoted) */
    bool quoted;
    char *src;       /* the whole argument as written */
} S_rawarg;

static void S_rawargs_free(S_rawarg *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].key);
        free(a[i].src);
    }
    free(a);
}

/* Skips a {{ ... }} starting at P; returns the position after it (or END). */
static const char *S_skip_braces(const char *p, const char *end)
{
    const char *q = tb_tpl_cur_find_close(p + 2, end, "}}");
    return q ? q + 2 : end;
}

/* Splits C into arguments.  Returns false after an error. */
static bool S_scan_args(S_parser *P, tb_tpl_cur *c, S_rawarg **out, size_t *n_out)
{
    S_rawarg *args = NULL;
    size_t n = 0;
    for (;;) {
        while (c->p < c->end && tb_tpl_cur_isspace(*c->p))
            tb_tpl_cur_next(c);
        if (c->p >= c->end)
            break;
        S_rawarg a;
        memset(&a, 0, sizeof a);
        a.kpos = c->pos;
        const char *start = c->p;
        if (*c->p != '"' && *c->p != '\'') {
            const char *q = c->p;
            while (q < c->end && !tb_tpl_cur_isspace(*q) && *q != '=')
                q = (q[0] == '{' && q + 1 < c->end && q[1] == '{') ? S_skip_braces(q, c->end) : q + 1;
            if (q < c->end && *q == '=') {
                a.key = tb_mem_strndup(c->p, (size_t)(q - c->p));
                tb_tpl_cur_goto(c, q + 1);
            }
        }
        if (c->p < c->end && (*c->p == '"' || *c->p == '\'')) {
            char quote = *c->p;
            tb_tpl_pos qpos = c->pos;
            const char *q = c->p + 1;
            while (q < c->end && *q != quote) {
                if (*q == '\\' && q + 1 < c->end)
                    q += 2;
                else if (q[0] == '{' && q + 1 < c->end && q[1] == '{')
                    q = S_skip_braces(q, c->end);
                else
                    q++;
            }
            if (q >= c->end) {
                S_error_range(P, qpos, c->p, c->end, quote == '"' ? "the text in quotes is not closed: add \""
                                                                  : "the text in quotes is not closed: add '");
                free(a.key);
                S_rawargs_free(args, n);
                return false;
            }
            a.quoted = true;
            a.v = *c;
            tb_tpl_cur_next(&a.v);
            a.v.end = q;
            tb_tpl_cur_goto(c, q + 1);
            if (c->p < c->end && !tb_tpl_cur_isspace(*c->p)) {
                S_error_range(P, c->pos, c->p, tb_tpl_cur_eol(c->p, c->end), "expected a space after the closing quote");
                free(a.key);
                S_rawargs_free(args, n);
                return false;
            }
        } else {
            a.v = *c;
            const char *q = c->p;
            while (q < c->end && !tb_tpl_cur_isspace(*q))
                q = (q[0] == '{' && q + 1 < c->end && q[1] == '{') ? S_skip_braces(q, c->end) : q + 1;
            a.v.end = q;
            tb_tpl_cur_goto(c, q);
        }
        a.src = tb_mem_strndup(start, (size_t)(c->p - start));
        args = tb_mem_reallocarray(args, n + 1, sizeof *args);
        args[n++] = a;
    }
    *out = args;
    *n_out = n;
    return true;
}

/* The value of A as plain text (escapes resolved); NULL after an error
 * when it holds a placeholder. */
static char *S_arg_word(S_parser *P, const S_rawarg *a, const char *what)
{
    S_str s = {0};
    S_add_bytes(&s, "", 0);
    for (const char *p = a->v.p; p < a->v.end; p++) {
        if (p[0] == '{' && p + 1 < a->v.end && (p[1] == '{' || p[1] == '%')) {
            S_error(P, a->kpos, a->src, "%s needs a plain value, without {{ }} or {%% %%}", what);
            free(s.p);
            return NULL;
        }
        if (*p == '\\' && p + 1 < a->v.end && tb_tpl_cur_ispunct(p[1]))
            p++;
        S_add_bytes(&s, p, 1);
    }
    return s.p;
}

/* A whole or decimal number from MIN to MAX; false after an error. */
static bool S_arg_num(S_parser *P, const S_rawarg *a, const char *what, double min, double max, bool whole,
                      double *out)
{
    char *w = S_arg_word(P, a, what);
    if (!w)
        return false;
    char *end;
    errno = 0;
    double v = strtod(w, &end);
    bool ok = *w && *end == '\0' && errno == 0 && v >= min && v <= max && (!whole || v == (double)(long)v);
    if (!ok && max >= 1e9)
        S_error(P, a->v.pos, w, "%s needs a whole number of at least %g", what, min);
    else if (!ok)
        S_error(P, a->v.pos, w, "%s needs a %snumber from %g to %g", what, whole ? "whole " : "", min, max);
    free(w);
    *out = v;
    return ok;
}

/* A text argument: a node list of literal text and placeholders. */
static uint32_t S_arg_text(S_parser *P, S_builder *B, const S_rawarg *a)
{
    return S_extent(P, B, a->v, 0);
}

static uint32_t S_text_node(S_parser *P, const char *text, tb_tpl_pos pos)
{
    uint32_t i = tb_tpl_node_new(P->t, TN_TEXT, pos);
    S_node(P, i)->str = tb_mem_strdup(text);
    return i;
}

static void S_add_targ(tb_tpl_dir *d, const char *key, tb_tpl_pos pos, uint32_t text)
{
    d->targs = tb_mem_reallocarray(d->targs, d->n_targs + 1, sizeof *d->targs);
    d->targs[d->n_targs].key = tb_mem_strdup(key);
    d->targs[d->n_targs].pos = pos;
    d->targs[d->n_targs].text = text;
    d->n_targs++;
}

/* Reports an argument KEY that the directive does not take. */
static void S_bad_key(S_parser *P, const S_rawarg *a, const char *dname, const char *const *keys, size_t nk)
{
    const char *s = tb_tpl_suggest(a->key, keys, nk);
    if (s) {
        S_error(P, a->kpos, a->key, "unknown argument for @%s; did you mean \"%s\"?", dname, s);
        return;
    }
    tb_buf msg = {0};
    tb_buf_printf(&msg, "unknown argument for @%s; the arguments are", dname);
    for (size_t i = 0; i < nk; i++)
        tb_buf_printf(&msg, "%s %s", i ? "," : "", keys[i]);
    S_error(P, a->kpos, a->key, "%s", tb_buf_str(&msg));
    tb_buf_free(&msg);
}

/* The index of A's key in KEYS, or -1 after reporting it; also reports a
 * key given twice (SEEN is a bit set). */
static int S_key(S_parser *P, const S_rawarg *a, const char *dname, const char *const *keys, size_t nk,
                 unsigned *seen)
{
    for (size_t i = 0; i < nk; i++)
        if (strcmp(a->key, keys[i]) == 0) {
            if (*seen & (1u << i)) {
                S_error(P, a->kpos, a->key, "this argument of @%s is given twice", dname);
                return -1;
            }
            *seen |= 1u << i;
            return (int)i;
        }
    S_bad_key(P, a, dname, keys, nk);
    return -1;
}

static void S_positional(S_parser *P, const S_rawarg *a, const char *dname, const char *takes)
{
    S_error(P, a->kpos, a->src, "unexpected value; @%s takes %s", dname, takes);
}

static int S_column(const char *w)
{
    for (int i = 0; i < TCOL_COUNT; i++)
        if (strcmp(S_col_names[i], w) == 0)
            return i;
    return -1;
}

static void S_bad_column(S_parser *P, tb_tpl_pos pos, const char *w, const char *what)
{
    const char *s = tb_tpl_suggest(w, S_col_names, TCOL_COUNT);
    if (s)
        S_error(P, pos, w, "unknown column in %s; did you mean \"%s\"?", what, s);
    else
        S_error(P, pos, w,
                "unknown column in %s; the columns are name, code, value, change, yoy, mom, share, "
                "contribution, streak, rank, sparkline",
                what);
}

/* Splits the text of A at top-level '|' into cell node lists. */
static uint32_t *S_cells(S_parser *P, S_builder *B, tb_tpl_cur c, size_t *n, unsigned mode)
{
    uint32_t *cells = NULL;
    *n = 0;
    for (;;) {
        tb_tpl_cur cell = c;
        const char *q = c.p;
        while (q < c.end && *q != '|') {
            if (*q == '\\' && q + 1 < c.end)
                q += 2;
            else if (q[0] == '{' && q + 1 < c.end && (q[1] == '{' || q[1] == '%')) {
                const char *close = tb_tpl_cur_find_close(q + 2, c.end, q[1] == '{' ? "}}" : "%}");
                q = close ? close + 2 : c.end;
            } else
                q++;
        }
        if (q > c.end)
            q = c.end;
        cell.end = q;
        cells = tb_mem_reallocarray(cells, *n + 1, sizeof *cells);
        cells[(*n)++] = S_extent(P, B, cell, mode);
        if (q >= c.end)
            break;
        tb_tpl_cur_goto(&c, q + 1);
    }
    return cells;
}

static void S_scan_file(S_parser *P, S_builder *B, const char *text, size_t len, uint32_t file);

static void S_include(S_parser *P, S_builder *B, const S_rawarg *a, tb_tpl_pos pos)
{
    tb_template *t = P->t;
    char *name = S_arg_word(P, a, "@include");
    if (!name)
        return;
    bool dotdot = false;
    for (const char *p = name; *p; p++)
        if (p[0] == '.' && p[1] == '.' && (p == name || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
            dotdot = true;
    if (!*name || name[0] == '/' || dotdot || strchr(name, '\\')) {
        S_error(P, a->kpos, name,
                "@include needs a file in the template's own directory (no \"..\", no path starting with \"/\")");
        free(name);
        return;
    }
    if (!t->dir || !P->real_dir) {
        S_error(P, a->kpos, name, "@include needs a template read from a file");
        free(name);
        return;
    }
    char *path = tb_mem_printf("%s/%s", t->dir, name);
    char *real = realpath(path, NULL);
    free(path);
    if (!real) {
        S_error(P, a->kpos, name, "cannot read the included file: %s", strerror(errno));
        free(name);
        return;
    }
    size_t dl = strlen(P->real_dir);
    if (strncmp(real, P->real_dir, dl) != 0 || (real[dl] != '/' && !(dl == 1 && P->real_dir[0] == '/'))) {
        S_error(P, a->kpos, name, "@include needs a file in the template's own directory (this one is elsewhere)");
        free(real);
        free(name);
        return;
    }
    for (size_t i = 0; i < P->n_stack; i++)
        if (strcmp(P->stack[i], real) == 0) {
            S_error(P, a->kpos, name, "the file includes itself (an include cycle)");
            free(real);
            free(name);
            return;
        }
    if (B->depth + 1 > TB_TPL_MAX_DEPTH) {
        if (!P->depth_reported)
            S_error(P, pos, a->src, "blocks are nested more than %d deep", TB_TPL_MAX_DEPTH);
        P->depth_reported = true;
        free(real);
        free(name);
        return;
    }
    size_t len;
    int err;
    char *buf = tb_tpl_read_file(real, TB_TPL_MAX_BYTES - P->bytes, &len, &err);
    if (!buf) {
        if (err != EFBIG)
            S_error(P, a->kpos, name, "cannot read the included file: %s", strerror(err));
        else if (!P->size_reported)
            S_error(P, a->kpos, name, "the included files take the template past %zu MiB", TB_TPL_MAX_BYTES >> 20);
        P->size_reported = P->size_reported || err == EFBIG;
        free(real);
        free(name);
        return;
    }
    P->bytes += len;
    /* shown as the template's own path prefix + NAME */
    const char *main = t->files[0];
    const char *slash = strrchr(main, '/');
    char *shown = slash ? tb_mem_printf("%.*s/%s", (int)(slash - main), main, name) : tb_mem_strdup(name);
    t->files = tb_mem_reallocarray(t->files, t->n_files + 1, sizeof *t->files);
    t->files[t->n_files] = shown;
    uint32_t idx = (uint32_t)t->n_files++;
    P->stack = tb_mem_reallocarray(P->stack, P->n_stack + 1, sizeof *P->stack);
    P->stack[P->n_stack++] = real;
    S_push(B, F_FILE, pos, a->src);
    S_scan_file(P, B, buf, len, idx);
    long i = (long)B->n - 1;
    while (i >= 0 && B->fr[i].kind != F_FILE)
        i--;
    S_unwind(B, i);
    S_pop(B);
    free(P->stack[--P->n_stack]);
    free(buf);
    free(name);
}

static const char *const S_meta_keys[] = {"title", "subject", "author", "keywords", "lang", "period", "paper"};
static const char *const S_item_keys[] = {"label", "value", "change", "note", "trend"};
static const char *const S_commentary_keys[] = {"title"};
static const char *const S_chart_keys[] = {"months", "title", "subtitle", "note", "height"};
static const char *const S_table_keys[] = {"columns", "sort", "order", "top", "total", "spark", "headers", "title", "align"};
#define S_NK(a) (sizeof a / sizeof a[0])

static void S_dir_table(S_parser *P, S_builder *B, tb_tpl_dir *d, S_rawarg *args, size_t n)
{
    unsigned seen = 0;
    size_t first = 0;
    if (n > 0 && !args[0].key) {
        tb_tpl_cur c = args[0].v;
        uint32_t e = tb_tpl_expr_whole(P->t, P->diag, c, "@table");
        if (e && S_expr(P, e)->kind != TE_PATH) {
            S_error(P, args[0].kpos, args[0].src, "@table needs the name of a breakdown, like: @table items");
            e = 0;
        }
        d->expr = e;
        first = 1;
        if (!e)
            d->expr = 0, d->n_cols = (size_t)-1; /* broken: no frame either */
    }
    bool breakdown = first == 1;
    d->sort = -1;
    d->desc = -1;
    d->spark = 13;
    tb_tpl_pos headers_pos = {0, 0, 0};
    const S_rawarg *headers = NULL;
    for (size_t i = first; i < n; i++) {
        S_rawarg *a = &args[i];
        if (!a->key) {
            S_positional(P, a, "table", "one breakdown name, then KEY=VALUE arguments");
            continue;
        }
        int k = S_key(P, a, "table", S_table_keys, S_NK(S_table_keys), &seen);
        if (k < 0)
            continue;
        const char *key = S_table_keys[k];
        bool only_bd = k <= 6, only_hand = k == 8;
        if ((only_bd && !breakdown) || (only_hand && breakdown)) {
            S_error(P, a->kpos, a->key,
                    only_bd ? "%s= is for breakdown tables, like: @table items %s=..."
                            : "%s= is for tables of @row lines; a breakdown table aligns its columns itself%s",
                    key, only_bd ? key : "");
            continue;
        }
        if (strcmp(key, "title") == 0) {
            S_add_targ(d, "title", a->kpos, S_arg_text(P, B, a));
        } else if (strcmp(key, "headers") == 0) {
            headers = a;
            headers_pos = a->kpos;
        } else if (strcmp(key, "top") == 0) {
            double v;
            if (S_arg_num(P, a, "top", 1, 1e9, true, &v))
                d->top = (long)v;
        } else if (strcmp(key, "spark") == 0) {
            double v;
            if (S_arg_num(P, a, "spark", 2, 240, true, &v))
                d->spark = (int)v;
        } else {
            char *w = S_arg_word(P, a, key);
            if (!w)
                continue;
            if (strcmp(key, "columns") == 0) {
                d->n_cols = 0;
                tb_tpl_cur c = a->v;
                char *p = w;
                for (;;) {
                    char *comma = strchr(p, ',');
                    if (comma)
                        *comma = '\0';
                    /* the column's position: key= + the characters before it */
                    tb_tpl_pos cp = c.pos;
                    int col = S_column(p);
                    if (col < 0) {
                        S_bad_column(P, cp, p, "columns=");
                    } else if (d->n_cols >= TB_TPL_MAX_COLS) {
                        S_error(P, cp, p, "a table has at most %d columns", TB_TPL_MAX_COLS);
                    } else {
                        d->cols[d->n_cols++] = col;
                    }
                    size_t step = strlen(p) + (comma ? 1 : 0);
                    tb_tpl_cur_goto(&c, step > (size_t)(c.end - c.p) ? c.end : c.p + step);
                    if (!comma)
                        break;
                    p = comma + 1;
                }
            } else if (strcmp(key, "sort") == 0) {
                int col = S_column(w);
                if (col == TCOL_SPARKLINE)
                    S_error(P, a->v.pos, w, "sort= cannot use the sparkline column; sort by value, yoy, share...");
                else if (col < 0)
                    S_bad_column(P, a->v.pos, w, "sort=");
                else
                    d->sort = col;
            } else if (strcmp(key, "order") == 0) {
                if (strcmp(w, "asc") == 0 || strcmp(w, "desc") == 0)
                    d->desc = strcmp(w, "desc") == 0;
                else
                    S_error(P, a->v.pos, w, "order needs asc or desc");
            } else if (strcmp(key, "total") == 0) {
                if (strcmp(w, "yes") == 0 || strcmp(w, "no") == 0)
                    d->total = strcmp(w, "yes") == 0;
                else
                    S_error(P, a->v.pos, w, "total needs yes or no");
            } else if (strcmp(key, "align") == 0) {
                if (!*w || strspn(w, "lrc") != strlen(w)) {
                    S_error(P, a->v.pos, w, "align needs one letter per column: l (left), r (right) or c (centre)");
                } else {
                    d->align = tb_mem_strdup(w);
                    d->align_pos = a->v.pos;
                }
            }
            free(w);
        }
    }
    if (breakdown && d->expr) {
        if (d->n_cols == 0) {
            static const int defaults[] = {TCOL_NAME, TCOL_VALUE, TCOL_YOY, TCOL_SHARE};
            for (size_t i = 0; i < 4; i++)
                d->cols[d->n_cols++] = defaults[i];
        }
        if (headers) {
            d->cells = S_cells(P, B, headers->v, &d->n_cells, 0);
            if (d->n_cells != d->n_cols)
                S_error(P, headers_pos, headers->src, "headers= has %zu texts but the table has %zu columns",
                        d->n_cells, d->n_cols);
        }
    }
}

/* Parses the directive line at C (at '@') and hands it to the builder. */
static void S_directive(S_parser *P, S_builder *B, tb_tpl_cur *c)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *eol = tb_tpl_cur_eol(c->p, c->end);
    const char *line_end = eol > c->p && eol[-1] == '\r' ? eol - 1 : eol;
    tb_tpl_cur_next(c);
    const char *ns = c->p;
    while (c->p < line_end && (tb_tpl_cur_isword(*c->p)))
        tb_tpl_cur_next(c);
    char *name = tb_mem_strndup(ns, (size_t)(c->p - ns));
    char *dsrc = tb_mem_strndup(start, (size_t)(c->p - start));
    int kind = -1;
    for (size_t i = 0; i < S_N_DIRS; i++)
        if (strcmp(S_dirs[i].name, name) == 0)
            kind = (int)S_dirs[i].kind;
    tb_tpl_cur rest = *c;
    rest.end = line_end;
    if (kind < 0) {
        const char *cands[S_N_DIRS];
        for (size_t i = 0; i < S_N_DIRS; i++)
            cands[i] = S_dirs[i].name;
        const char *s = tb_tpl_suggest(name, cands, S_N_DIRS);
        if (s)
            S_error(P, pos, dsrc, "unknown directive; did you mean \"@%s\"?", s);
        else
            S_error(P, pos, dsrc,
                    "unknown directive; the directives are @title, @heading, @subheading, @kpi, @item, @endkpi, "
                    "@chart, @table, @header, @row, @endtable, @footnote, @source, @spacer, @pagebreak, @meta, "
                    "@include, @commentary (write \\@ for a line starting with @)");
        goto done;
    }
    /* where the directive may go */
    int container = S_top(B)->container;
    bool needs_kpi = kind == TD_ITEM, needs_table = kind == TD_HEADER || kind == TD_ROW;
    bool closer = kind == TD_ENDKPI || kind == TD_ENDTABLE;
    if (needs_kpi && container != F_KPI) {
        S_error(P, pos, dsrc, "@item belongs between @kpi and @endkpi");
        goto done;
    }
    if (needs_table && container != F_TABLE) {
        S_error(P, pos, dsrc, "@%s belongs between @table and @endtable", name);
        goto done;
    }
    if (!needs_kpi && !needs_table && !closer && kind != TD_INCLUDE && container) {
        S_error(P, pos, dsrc, "@%s cannot go between %s", name,
                container == F_KPI ? "@kpi and @endkpi" : "@table and @endtable");
        goto done;
    }
    S_style_check_all(B);

    if (closer) {
        while (rest.p < rest.end && tb_tpl_cur_isspace(*rest.p))
            tb_tpl_cur_next(&rest);
        if (rest.p < rest.end)
            S_error_range(P, rest.pos, rest.p, rest.end, "unexpected text after the directive");
        S_close(B, kind == TD_ENDKPI ? F_KPI : F_TABLE, pos, dsrc);
        goto done;
    }
    if (kind == TD_INCLUDE) {
        S_rawarg *args = NULL;
        size_t n = 0;
        if (S_scan_args(P, &rest, &args, &n)) {
            if (n != 1 || args[0].key)
                S_error(P, pos, dsrc, "@include needs one file name, like: @include notes.tmpl");
            else
                S_include(P, B, &args[0], pos);
        }
        S_rawargs_free(args, n);
        goto done;
    }

    tb_tpl_dir *d = tb_mem_calloc(1, sizeof *d);
    d->kind = (enum tb_tpl_dir_kind)kind;
    uint32_t node = tb_tpl_node_new(P->t, TN_DIRECTIVE, pos);
    S_node(P, node)->dir = d;
    bool ok = true;
    switch (kind) {
    case TD_TITLE:
    case TD_HEADING:
    case TD_SUBHEADING:
    case TD_FOOTNOTE:
    case TD_SOURCE:
        while (rest.p < rest.end && tb_tpl_cur_isspace(*rest.p))
            tb_tpl_cur_next(&rest);
        if (rest.p >= rest.end) {
            S_error(P, pos, dsrc, "@%s needs a text after it", name);
            ok = false;
            break;
        }
        d->text = S_extent(P, B, rest, M_TAGS | M_STYLES);
        break;
    case TD_HEADER:
    case TD_ROW: {
        while (rest.p < rest.end && tb_tpl_cur_isspace(*rest.p))
            tb_tpl_cur_next(&rest);
        d->cells = S_cells(P, B, rest, &d->n_cells, M_TAGS);
        long ti = S_find_frame(B, F_TABLE, F_TABLE);
        if (ti >= 0) {
            S_frame *tf = &B->fr[ti];
            tf->lines++;
            if (tf->cells == 0) {
                tf->cells = d->n_cells;
                tf->cells_line = pos.line;
            } else if (tf->cells != d->n_cells) {
                S_error(P, pos, dsrc, "this line has %zu cells but the table's first line (line %u) has %zu",
                        d->n_cells, tf->cells_line, tf->cells);
            }
        }
        break;
    }
    case TD_PAGEBREAK:
    case TD_KPI:
    case TD_SPACER:
    case TD_META:
    case TD_ITEM:
    case TD_CHART:
    case TD_COMMENTARY:
    case TD_TABLE: {
        S_rawarg *args = NULL;
        size_t n = 0;
        if (!S_scan_args(P, &rest, &args, &n)) {
            ok = false;
            break;
        }
        unsigned seen = 0;
        if (kind == TD_PAGEBREAK || kind == TD_KPI) {
            if (n > 0)
                S_error(P, args[0].kpos, args[0].src, "@%s takes no arguments", name);
        } else if (kind == TD_SPACER) {
            d->num = 1;
            for (size_t i = 0; i < n; i++) {
                if (i > 0 || args[i].key)
                    S_positional(P, &args[i], "spacer", "one number of lines, like: @spacer 2");
                else
                    S_arg_num(P, &args[i], "@spacer", 0.5, 20, false, &d->num);
            }
        } else if (kind == TD_META) {
            for (size_t i = 0; i < n; i++) {
                S_rawarg *a = &args[i];
                if (!a->key) {
                    S_positional(P, a, "meta", "KEY=VALUE arguments");
                    continue;
                }
                int k = S_key(P, a, "meta", S_meta_keys, S_NK(S_meta_keys), &seen);
                if (k < 0)
                    continue;
                if (strcmp(S_meta_keys[k], "lang") == 0) {
                    char *w = S_arg_word(P, a, "lang");
                    if (!w)
                        continue;
                    if (strcmp(w, "en") != 0 && strcmp(w, "ko") != 0) {
                        S_error(P, a->v.pos, w, "lang needs en or ko");
                    } else if (B->depth > 0 && S_find_frame(B, F_IF, F_FOR) >= 0) {
                        S_error(P, a->kpos, a->src, "lang= cannot depend on {%% if %%} or {%% for %%}");
                    } else if (P->t->lang && strcmp(P->t->lang, w) != 0) {
                        S_error(P, a->kpos, a->src, "the template's language is already set to %s", P->t->lang);
                    } else {
                        free(P->t->lang);
                        P->t->lang = tb_mem_strdup(w);
                    }
                    free(w);
                } else if (strcmp(S_meta_keys[k], "paper") == 0) {
                    char *w = S_arg_word(P, a, "paper");
                    if (w && strcmp(w, "a4") != 0 && strcmp(w, "letter") != 0)
                        S_error(P, a->v.pos, w, "paper needs a4 or letter");
                    else if (w)
                        S_add_targ(d, "paper", a->kpos, S_arg_text(P, B, a));
                    free(w);
                } else {
                    S_add_targ(d, S_meta_keys[k], a->kpos, S_arg_text(P, B, a));
                }
            }
        } else if (kind == TD_ITEM) {
            for (size_t i = 0; i < n; i++) {
                S_rawarg *a = &args[i];
                if (!a->key) {
                    S_positional(P, a, "item", "KEY=VALUE arguments: label=, value=, change=, note=, trend=");
                    continue;
                }
                int k = S_key(P, a, "item", S_item_keys, S_NK(S_item_keys), &seen);
                if (k < 0)
                    continue;
                if (k == 4)
                    d->expr = tb_tpl_expr_whole(P->t, P->diag, a->v, "trend=");
                else
                    S_add_targ(d, S_item_keys[k], a->kpos, S_arg_text(P, B, a));
            }
            if (!(seen & 1u) || !(seen & 2u))
                S_error(P, pos, dsrc, "@item needs label= and value=");
            long ki = S_find_frame(B, F_KPI, F_KPI);
            if (ki >= 0)
                B->fr[ki].lines++;
        } else if (kind == TD_CHART) {
            size_t i = 0;
            if (n == 0 || args[0].key) {
                S_error(P, pos, dsrc, "@chart needs a chart name, like: @chart balance months=36");
            } else {
                d->name = S_arg_word(P, &args[0], "the chart name");
                d->name_pos = args[0].kpos;
                i = 1;
            }
            for (; i < n; i++) {
                S_rawarg *a = &args[i];
                if (!a->key) {
                    S_positional(P, a, "chart", "one chart name, then KEY=VALUE arguments");
                    continue;
                }
                int k = S_key(P, a, "chart", S_chart_keys, S_NK(S_chart_keys), &seen);
                if (k < 0)
                    continue;
                if (k == 0 || k == 4) {
                    double v;
                    char buf[32]; /* "%g" of a number in 2..600 or 20..250 */
                    bool good = k == 0 ? S_arg_num(P, a, "months", 2, 600, true, &v)
                                       : S_arg_num(P, a, "height", 20, 250, false, &v);
                    if (good) {
                        snprintf(buf, sizeof buf, "%g", v);
                        S_add_targ(d, S_chart_keys[k], a->kpos, S_text_node(P, buf, a->v.pos));
                    }
                } else {
                    S_add_targ(d, S_chart_keys[k], a->kpos, S_arg_text(P, B, a));
                }
            }
        } else if (kind == TD_TABLE) {
            S_dir_table(P, B, d, args, n);
        } else if (kind == TD_COMMENTARY) {
            for (size_t i = 0; i < n; i++) {
                if (!args[i].key)
                    S_positional(P, &args[i], "commentary", "title= only");
                else if (S_key(P, &args[i], "commentary", S_commentary_keys, S_NK(S_commentary_keys), &seen) == 0)
                    S_add_targ(d, "title", args[i].kpos, S_arg_text(P, B, &args[i]));
            }
        }
        S_rawargs_free(args, n);
        break;
    }
    default:
        break;
    }
    if (!ok) {
        free(d);
        S_node(P, node)->dir = NULL;
        S_node(P, node)->kind = TN_TEXT; /* inert; never expanded: the parse failed */
        goto done;
    }
    if (kind == TD_KPI) {
        S_open_block(B, F_KPI, node, pos, dsrc);
    } else if (kind == TD_TABLE && !d->expr) {
        if (d->n_cols == (size_t)-1) {
            d->n_cols = 0;
            S_add(B, node);
        } else {
            S_open_block(B, F_TABLE, node, pos, dsrc);
        }
    } else {
        S_add(B, node);
    }
done:
    free(name);
    free(dsrc);
    tb_tpl_cur_goto(c, eol);
    if (c->p < c->end)
        tb_tpl_cur_next(c); /* the '\n' */
}

/* ------------------------------------------------------------ files */

/* The byte offset of the first invalid UTF-8 sequence in TEXT, or LEN. */
static size_t S_bad_utf8(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            if (c == 0)
                return i;
            i++;
            continue;
        }
        size_t n = tb_utf8_seq(text + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

static void S_scan_file(S_parser *P, S_builder *B, const char *text, size_t len, uint32_t file)
{
    tb_tpl_cur c = {text, text + len, {file, 1, 1}};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3;
    size_t bad = S_bad_utf8(text, len);
    if (bad < len) {
        tb_tpl_cur at = c;
        tb_tpl_cur_goto(&at, text + bad);
        char hex[8];
        snprintf(hex, sizeof hex, "\\x%02X", (unsigned char)text[bad]);
        S_error(P, at.pos, NULL, text[bad] == 0 ? "the template contains a NUL byte"
                                                : "the template is not valid UTF-8 (byte %s)", hex);
        return;
    }
    while (c.p < c.end) {
        const char *q = c.p;
        while (q < c.end && tb_tpl_cur_isspace(*q))
            q++;
        if (q >= c.end || *q == '\n') {
            S_ev_break(B, c.pos);
            tb_tpl_cur_goto(&c, q);
            if (c.p < c.end)
                tb_tpl_cur_next(&c);
            continue;
        }
        if (*q == '@' && q + 1 < c.end && tb_tpl_cur_isalpha(q[1])) {
            tb_tpl_cur_goto(&c, q);
            S_directive(P, B, &c);
            continue;
        }
        S_inline(P, B, &c, M_BODY | M_TAGS | M_STYLES);
        if (c.p < c.end && *c.p == '\n') {
            S_ev_space(B, c.pos);
            tb_tpl_cur_next(&c);
        }
    }
}

bool tb_tpl_parse(tb_template *t, const char *text, size_t len, tb_diag *diag)
{
    size_t before = diag->errors;
    S_parser P;
    memset(&P, 0, sizeof P);
    P.t = t;
    P.diag = diag;
    P.bytes = len < TB_TPL_MAX_BYTES ? len : TB_TPL_MAX_BYTES;
    if (t->dir) {
        P.real_dir = realpath(t->dir, NULL);
        char *self = realpath(t->files[0], NULL);
        if (self) {
            P.stack = tb_mem_calloc(1, sizeof *P.stack);
            P.stack[P.n_stack++] = self;
        }
    }
    t->hold_errors = true;
    S_builder B;
    memset(&B, 0, sizeof B);
    B.P = &P;
    S_push(&B, F_ROOT, (tb_tpl_pos){0, 1, 1}, NULL);
    S_scan_file(&P, &B, text, len, 0);
    S_unwind(&B, 0);
    S_style_check(&B, S_top(&B));
    t->root = B.fr[0].first;
    free(B.fr[0].src);
    free(B.fr);
    for (size_t i = 0; i < P.n_stack; i++)
        free(P.stack[i]);
    free(P.stack);
    free(P.real_dir);
    tb_tpl_flush_errors(t, diag);
    return diag->errors == before;
}
