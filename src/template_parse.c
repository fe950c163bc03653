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
 * other nesting.  Expressions are parsed by recursive descent whose depth
 * (parentheses, `not`) is capped too.
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
#include "template_impl.h"

/* ------------------------------------------------------------ cursor */

typedef struct {
    const char *p, *end;
    tb_tpl_pos pos;
} S_cur;

static size_t S_charlen(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

static void S_next(S_cur *c)
{
    if (c->p >= c->end)
        return;
    if (*c->p == '\n') {
        c->pos.line++;
        c->pos.col = 1;
        c->p++;
        return;
    }
    size_t n = S_charlen((unsigned char)*c->p);
    if (n > (size_t)(c->end - c->p))
        n = (size_t)(c->end - c->p);
    c->p += n;
    c->pos.col++;
}

/* Advances to TO (a position inside the cursor's range). */
static void S_goto(S_cur *c, const char *to)
{
    while (c->p < to)
        S_next(c);
}

static bool S_isspace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static bool S_isalpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool S_isdigit(char c) { return c >= '0' && c <= '9'; }
static bool S_isword(char c) { return S_isalpha(c) || S_isdigit(c) || c == '_'; }
static bool S_ispunct(char c) { return c > 0x20 && c < 0x7F && !S_isword(c); }

/* The end of the line at P: the '\n' or END. */
static const char *S_eol(const char *p, const char *end)
{
    const char *q = memchr(p, '\n', (size_t)(end - p));
    return q ? q : end;
}

/* The first CLOSE (two characters) in [P, END) outside quoted strings,
 * not crossing a line end; NULL if there is none.  *QUOTE (may be NULL)
 * is set to the opening quote of a string left open, else NULL. */
static const char *S_find_close_q(const char *p, const char *end, const char *close, const char **quote)
{
    if (quote)
        *quote = NULL;
    while (p + 1 < end && *p != '\n') {
        if (*p == '"' || *p == '\'') {
            const char *open = p;
            char q = *p++;
            while (p < end && *p != q && *p != '\n')
                p += (*p == '\\' && p + 1 < end && p[1] != '\n') ? 2 : 1;
            if (p >= end || *p == '\n') {
                if (quote)
                    *quote = open;
                return NULL;
            }
            p++;
            continue;
        }
        if (p[0] == close[0] && p[1] == close[1])
            return p;
        p++;
    }
    return NULL;
}

static const char *S_find_close(const char *p, const char *end, const char *close)
{
    return S_find_close_q(p, end, close, NULL);
}

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
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tb_tpl_error(P->t, P->diag, pos, found, "%s", msg);
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
        while (k < n && S_isspace(s[k]))
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

/* ------------------------------------------------------------ expressions */

enum { X_END, X_PATH, X_NUM, X_STR, X_OP, X_PIPE, X_LP, X_RP, X_COMMA, X_BAD };

typedef struct {
    int kind;
    const char *s, *e;
    tb_tpl_pos pos;
    enum tb_tpl_cmp op;
    double num;
    bool integer;
    char *str;    /* X_STR: unescaped; owned by the lexer until taken */
    bool has_dot; /* X_PATH */
    const char *bad; /* X_BAD: the message */
} S_tok;

typedef struct {
    S_parser *P;
    S_cur c;
    S_tok tok;
    const char *prev_e; /* end of the token before tok */
    const char *close;  /* "}}" or "%}": what END stands for in messages */
    bool failed;
} S_lex;

static void S_lex_next(S_lex *L)
{
    L->prev_e = L->tok.e;
    free(L->tok.str);
    memset(&L->tok, 0, sizeof L->tok);
    while (L->c.p < L->c.end && S_isspace(*L->c.p))
        S_next(&L->c);
    S_tok *t = &L->tok;
    t->pos = L->c.pos;
    t->s = L->c.p;
    if (L->c.p >= L->c.end) {
        t->kind = X_END;
        t->e = t->s;
        return;
    }
    const char *p = L->c.p, *end = L->c.end;
    char ch = *p;
    if (S_isalpha(ch) || ch == '_') {
        const char *q = p;
        while (q < end && S_isword(*q))
            q++;
        while (q + 1 < end && *q == '.' && S_isword(q[1])) {
            t->has_dot = true;
            q++;
            while (q < end && S_isword(*q))
                q++;
        }
        t->kind = X_PATH;
        S_goto(&L->c, q);
    } else if (S_isdigit(ch) || ((ch == '-' || ch == '.') && p + 1 < end && (S_isdigit(p[1]) || p[1] == '.'))) {
        const char *q = p;
        bool integer = true;
        if (*q == '-')
            q++;
        while (q < end && S_isdigit(*q))
            q++;
        if (q < end && *q == '.') {
            integer = false;
            q++;
            while (q < end && S_isdigit(*q))
                q++;
        }
        if (q < end && (*q == 'e' || *q == 'E')) {
            const char *r = q + 1;
            if (r < end && (*r == '+' || *r == '-'))
                r++;
            if (r < end && S_isdigit(*r)) {
                integer = false;
                q = r;
                while (q < end && S_isdigit(*q))
                    q++;
            }
        }
        while (q < end && (S_isword(*q) || *q == '.')) {
            q++;
            t->bad = "expected a number";
        }
        char *num = tb_mem_strndup(p, (size_t)(q - p));
        char *stop;
        t->num = strtod(num, &stop);
        if (*stop != '\0' || num[0] == '.' || (num[0] == '-' && num[1] == '.'))
            t->bad = "expected a number";
        free(num);
        t->integer = integer;
        t->kind = t->bad ? X_BAD : X_NUM;
        S_goto(&L->c, q);
    } else if (ch == '"' || ch == '\'') {
        S_str s = {0};
        S_add_bytes(&s, "", 0);
        S_next(&L->c);
        bool closed = false;
        while (L->c.p < end) {
            char k = *L->c.p;
            if (k == ch) {
                closed = true;
                S_next(&L->c);
                break;
            }
            if (k == '\\' && L->c.p + 1 < end) {
                S_next(&L->c);
                k = *L->c.p;
                S_add_bytes(&s, k == 'n' ? "\n" : L->c.p, 1);
                S_next(&L->c);
                continue;
            }
            const char *from = L->c.p;
            S_next(&L->c);
            S_add_bytes(&s, from, (size_t)(L->c.p - from));
        }
        if (!closed) {
            t->kind = X_BAD;
            t->bad = "the text in quotes is not closed";
            free(s.p);
        } else {
            t->kind = X_STR;
            t->str = s.p;
        }
    } else {
        char n1 = p + 1 < end ? p[1] : '\0';
        size_t len = 1;
        t->kind = X_OP;
        if (ch == '=' && n1 == '=')
            t->op = TC_EQ, len = 2;
        else if (ch == '!' && n1 == '=')
            t->op = TC_NE, len = 2;
        else if (ch == '<' && n1 == '=')
            t->op = TC_LE, len = 2;
        else if (ch == '>' && n1 == '=')
            t->op = TC_GE, len = 2;
        else if (ch == '<')
            t->op = TC_LT;
        else if (ch == '>')
            t->op = TC_GT;
        else if (ch == '|')
            t->kind = X_PIPE;
        else if (ch == '(')
            t->kind = X_LP;
        else if (ch == ')')
            t->kind = X_RP;
        else if (ch == ',')
            t->kind = X_COMMA;
        else {
            t->kind = X_BAD;
            t->bad = ch == '=' ? "write == to compare" : NULL;
            len = S_charlen((unsigned char)ch);
        }
        S_goto(&L->c, p + len);
    }
    t->e = L->c.p;
}

static bool S_tok_is(const S_lex *L, const char *word)
{
    return L->tok.kind == X_PATH && (size_t)(L->tok.e - L->tok.s) == strlen(word) &&
           memcmp(L->tok.s, word, strlen(word)) == 0;
}

/* Reports MSG at the current token (the first error of the expression only). */
static void S_lex_error(S_lex *L, const char *msg)
{
    if (L->failed)
        return;
    L->failed = true;
    if (L->tok.kind == X_END)
        S_error(L->P, L->tok.pos, L->close, "%s", msg);
    else
        S_error_range(L->P, L->tok.pos, L->tok.s, L->tok.e, msg);
}

static void S_lex_init(S_lex *L, S_parser *P, S_cur c, const char *close)
{
    memset(L, 0, sizeof *L);
    L->P = P;
    L->c = c;
    L->close = close;
    L->tok.e = c.p;
    S_lex_next(L);
}

static void S_lex_done(S_lex *L)
{
    free(L->tok.str);
    L->tok.str = NULL;
}

static void S_set_src(S_lex *L, uint32_t e, const char *s)
{
    const char *end = L->prev_e > s ? L->prev_e : s;
    S_expr(L->P, e)->src = tb_mem_strndup(s, (size_t)(end - s));
}

static char **S_split_path(const char *s, const char *e, size_t *n)
{
    size_t count = 1;
    for (const char *p = s; p < e; p++)
        count += *p == '.';
    char **segs = tb_mem_calloc(count, sizeof *segs);
    size_t k = 0;
    const char *a = s;
    for (const char *p = s; p <= e; p++)
        if (p == e || *p == '.') {
            segs[k++] = tb_mem_strndup(a, (size_t)(p - a));
            a = p + 1;
        }
    *n = k;
    return segs;
}

static uint32_t S_or(S_lex *L, int depth);

static const char *const S_expected_value = "expected a fact, a number or a text in quotes";

static uint32_t S_primary(S_lex *L, int depth)
{
    S_tok *t = &L->tok;
    uint32_t e = 0;
    const char *start = t->s;
    switch (t->kind) {
    case X_NUM:
        e = tb_tpl_expr_new(L->P->t, TE_NUM, t->pos);
        S_expr(L->P, e)->num = t->num;
        S_expr(L->P, e)->integer = t->integer;
        S_lex_next(L);
        break;
    case X_STR:
        e = tb_tpl_expr_new(L->P->t, TE_STR, t->pos);
        S_expr(L->P, e)->str = t->str;
        t->str = NULL;
        S_lex_next(L);
        break;
    case X_PATH:
        if (S_tok_is(L, "true") || S_tok_is(L, "false")) {
            e = tb_tpl_expr_new(L->P->t, TE_BOOL, t->pos);
            S_expr(L->P, e)->b = S_tok_is(L, "true");
        } else if (S_tok_is(L, "null")) {
            e = tb_tpl_expr_new(L->P->t, TE_NULL, t->pos);
        } else if (S_tok_is(L, "and") || S_tok_is(L, "or") || S_tok_is(L, "not")) {
            S_lex_error(L, S_expected_value);
            return 0;
        } else {
            e = tb_tpl_expr_new(L->P->t, TE_PATH, t->pos);
            tb_tpl_expr *x = S_expr(L->P, e);
            x->segs = S_split_path(t->s, t->e, &x->n_segs);
        }
        S_lex_next(L);
        break;
    case X_LP:
        if (depth >= TB_TPL_MAX_DEPTH) {
            S_lex_error(L, "the expression is nested too deeply");
            return 0;
        }
        S_lex_next(L);
        e = S_or(L, depth + 1);
        if (!e)
            return 0;
        if (L->tok.kind != X_RP) {
            S_lex_error(L, "expected ) to close (");
            return 0;
        }
        S_lex_next(L);
        return e; /* keeps the inner source text */
    case X_BAD:
        S_lex_error(L, t->bad ? t->bad : S_expected_value);
        return 0;
    default:
        S_lex_error(L, S_expected_value);
        return 0;
    }
    S_set_src(L, e, start);
    return e;
}

/* Parses one filter call after `|`.  Returns false after an error. */
static bool S_call(S_lex *L, tb_tpl_call *call)
{
    S_parser *P = L->P;
    if (L->tok.kind != X_PATH || L->tok.has_dot) {
        S_lex_error(L, "expected a filter name after |");
        return false;
    }
    char *name = tb_mem_strndup(L->tok.s, (size_t)(L->tok.e - L->tok.s));
    int fi = tb_tpl_filter_find(name);
    if (fi < 0) {
        const char *cands[64];
        size_t nc = tb_tpl_filter_count();
        if (nc > sizeof cands / sizeof *cands)
            nc = sizeof cands / sizeof *cands;
        for (size_t i = 0; i < nc; i++)
            cands[i] = tb_tpl_filter_def_at((int)i)->name;
        const char *s = tb_tpl_suggest(name, cands, nc);
        tb_buf msg = {0};
        if (s) {
            tb_buf_printf(&msg, "unknown filter; did you mean \"%s\"?", s);
        } else {
            tb_buf_puts(&msg, "unknown filter; the filters are");
            for (size_t i = 0; i < nc; i++)
                tb_buf_printf(&msg, "%s %s", i ? "," : "", cands[i]);
        }
        S_lex_error(L, tb_buf_str(&msg));
        tb_buf_free(&msg);
        free(name);
        return false;
    }
    free(name);
    const tb_tpl_filter_def *def = tb_tpl_filter_def_at(fi);
    call->filter = fi;
    call->pos = L->tok.pos;
    const char *call_s = L->tok.s;
    S_lex_next(L);
    /* arguments, remembered with their source ranges */
    const char *as[16], *ae[16];
    if (L->tok.kind == X_LP) {
        S_lex_next(L);
        while (L->tok.kind != X_RP) {
            S_tok *t = &L->tok;
            if (t->kind == X_PATH && !t->has_dot) {
                const char *const *o = def->options;
                size_t len = (size_t)(t->e - t->s);
                int found = -1;
                for (int i = 0; o && o[i]; i++)
                    if (strlen(o[i]) == len && memcmp(o[i], t->s, len) == 0)
                        found = i;
                size_t n_pos = strlen(def->args);
                if (found < 0) {
                    tb_buf msg = {0};
                    if (o) {
                        tb_buf_printf(&msg, "unknown option for filter \"%s\"; the options are", def->name);
                        for (int i = 0; o[i]; i++)
                            tb_buf_printf(&msg, "%s %s", i ? "," : "", o[i]);
                    } else if (n_pos > call->n_args) {
                        tb_buf_printf(&msg,
                                 "argument %zu of filter \"%s\" must be %s; write it like %s", call->n_args + 1,
                                 def->name,
                                 (def->args[call->n_args] | 0x20) == 'n' ? "a number" : "a text in quotes",
                                 def->usage);
                    } else {
                        tb_buf_printf(&msg, "filter \"%s\" takes no options; write it like %s", def->name,
                                      def->usage);
                    }
                    S_lex_error(L, tb_buf_str(&msg));
                    tb_buf_free(&msg);
                    return false;
                }
                if (def->one_option && call->options && !(call->options & (1u << found))) {
                    tb_buf msg = {0};
                    tb_buf_printf(&msg, "filter \"%s\" takes only one of", def->name);
                    for (int i = 0; o[i]; i++)
                        tb_buf_printf(&msg, "%s %s", i ? "," : "", o[i]);
                    S_lex_error(L, tb_buf_str(&msg));
                    tb_buf_free(&msg);
                    return false;
                }
                call->options |= 1u << found;
            } else if (t->kind == X_NUM || t->kind == X_STR) {
                size_t n_pos = strlen(def->args), k = call->n_args;
                char msg[256];
                if (k >= n_pos || k >= 16) {
                    snprintf(msg, sizeof msg, "too many arguments for filter \"%s\"; write it like %s", def->name,
                             def->usage);
                    S_lex_error(L, msg);
                    return false;
                }
                char want = (char)(def->args[k] | 0x20);
                if ((want == 'n' && t->kind != X_NUM) || (want == 's' && t->kind != X_STR)) {
                    snprintf(msg, sizeof msg, "argument %zu of filter \"%s\" must be %s; write it like %s", k + 1,
                             def->name, want == 'n' ? "a number" : "a text in quotes", def->usage);
                    S_lex_error(L, msg);
                    return false;
                }
                call->args = tb_mem_reallocarray(call->args, k + 1, sizeof *call->args);
                tb_tpl_arg *a = &call->args[k];
                memset(a, 0, sizeof *a);
                a->is_num = t->kind == X_NUM;
                a->num = t->num;
                a->str = t->str;
                t->str = NULL;
                a->pos = t->pos;
                as[k] = t->s;
                ae[k] = t->e;
                call->n_args = k + 1;
            } else {
                S_lex_error(L, "expected a number, a text in quotes or an option");
                return false;
            }
            S_lex_next(L);
            if (L->tok.kind == X_COMMA) {
                S_lex_next(L);
                continue;
            }
            if (L->tok.kind != X_RP) {
                S_lex_error(L, "expected , or ) after the argument");
                return false;
            }
        }
        S_lex_next(L);
    }
    size_t required = 0;
    for (const char *a = def->args; *a; a++)
        required += *a >= 'A' && *a <= 'Z';
    if (call->n_args < required) {
        char msg[256];
        snprintf(msg, sizeof msg, "filter \"%s\" needs %zu argument%s; write it like %s", def->name, required,
                 required == 1 ? "" : "s", def->usage);
        S_error_range(P, call->pos, call_s, L->prev_e, msg);
        L->failed = true;
        return false;
    }
    size_t bad = 0;
    const char *msg = tb_tpl_filter_check(call, &bad);
    if (msg) {
        S_error_range(P, call->args[bad].pos, as[bad], ae[bad], msg);
        L->failed = true;
        return false;
    }
    return true;
}

static uint32_t S_pipe(S_lex *L, int depth)
{
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    uint32_t base = S_primary(L, depth);
    if (!base || L->tok.kind != X_PIPE)
        return base;
    uint32_t e = tb_tpl_expr_new(L->P->t, TE_PIPE, pos);
    S_expr(L->P, e)->base = base;
    while (L->tok.kind == X_PIPE) {
        S_lex_next(L);
        tb_tpl_call call;
        memset(&call, 0, sizeof call);
        bool ok = S_call(L, &call);
        tb_tpl_expr *x = S_expr(L->P, e);
        x->calls = tb_mem_reallocarray(x->calls, x->n_calls + 1, sizeof *x->calls);
        x->calls[x->n_calls++] = call; /* kept even when bad, so it is freed */
        if (!ok)
            return 0;
    }
    S_set_src(L, e, start);
    return e;
}

static uint32_t S_cmp(S_lex *L, int depth)
{
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    uint32_t l = S_pipe(L, depth);
    if (l && S_tok_is(L, "is")) {
        S_lex_next(L);
        bool neg = S_tok_is(L, "not");
        if (neg)
            S_lex_next(L);
        if (!S_tok_is(L, "defined")) {
            S_lex_error(L, "expected defined after is, like: items is defined");
            return 0;
        }
        if (S_expr(L->P, l)->kind != TE_PATH) {
            S_lex_error(L, "only a fact can be tested with is defined");
            return 0;
        }
        S_lex_next(L);
        uint32_t e = tb_tpl_expr_new(L->P->t, TE_DEFINED, pos);
        S_expr(L->P, e)->base = l;
        S_expr(L->P, e)->b = neg;
        S_set_src(L, e, start);
        return e;
    }
    if (!l || L->tok.kind != X_OP)
        return l;
    enum tb_tpl_cmp op = L->tok.op;
    S_lex_next(L);
    uint32_t r = S_pipe(L, depth);
    if (!r)
        return 0;
    if (L->tok.kind == X_OP) {
        S_lex_error(L, "compare two values at a time; join comparisons with and / or");
        return 0;
    }
    uint32_t e = tb_tpl_expr_new(L->P->t, TE_CMP, pos);
    tb_tpl_expr *x = S_expr(L->P, e);
    x->op = op;
    x->kids = tb_mem_calloc(2, sizeof *x->kids);
    x->kids[0] = l;
    x->kids[1] = r;
    x->n_kids = 2;
    S_set_src(L, e, start);
    return e;
}

static uint32_t S_not(S_lex *L, int depth)
{
    if (!S_tok_is(L, "not"))
        return S_cmp(L, depth);
    if (depth >= TB_TPL_MAX_DEPTH) {
        S_lex_error(L, "the expression is nested too deeply");
        return 0;
    }
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    S_lex_next(L);
    uint32_t k = S_not(L, depth + 1);
    if (!k)
        return 0;
    uint32_t e = tb_tpl_expr_new(L->P->t, TE_NOT, pos);
    S_expr(L->P, e)->base = k;
    S_set_src(L, e, start);
    return e;
}

/* and / or: n-ary nodes, so long chains do not nest. */
static uint32_t S_chain(S_lex *L, int depth, bool is_or)
{
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    uint32_t first = is_or ? S_chain(L, depth, false) : S_not(L, depth);
    if (!first || !S_tok_is(L, is_or ? "or" : "and"))
        return first;
    uint32_t *kids = tb_mem_calloc(1, sizeof *kids);
    size_t n = 0;
    kids[n++] = first;
    while (S_tok_is(L, is_or ? "or" : "and")) {
        S_lex_next(L);
        uint32_t k = is_or ? S_chain(L, depth, false) : S_not(L, depth);
        if (!k) {
            free(kids);
            return 0;
        }
        kids = tb_mem_reallocarray(kids, n + 1, sizeof *kids);
        kids[n++] = k;
    }
    uint32_t e = tb_tpl_expr_new(L->P->t, is_or ? TE_OR : TE_AND, pos);
    S_expr(L->P, e)->kids = kids;
    S_expr(L->P, e)->n_kids = n;
    S_set_src(L, e, start);
    return e;
}

static uint32_t S_or(S_lex *L, int depth) { return S_chain(L, depth, true); }

/* An expression filling [C.p, C.end) entirely.  0 after an error. */
static uint32_t S_expr_whole(S_parser *P, S_cur c, const char *close)
{
    S_lex L;
    S_lex_init(&L, P, c, close);
    uint32_t e = S_or(&L, 0);
    if (e && L.tok.kind != X_END) {
        S_lex_error(&L, L.tok.kind == X_BAD && L.tok.bad ? L.tok.bad : "unexpected text after the value");
        e = 0;
    }
    S_lex_done(&L);
    return L.failed ? 0 : e;
}

/* ------------------------------------------------------------ scanning */

enum { M_BODY = 1, M_TAGS = 2, M_STYLES = 4 };

static void S_inline(S_parser *P, S_builder *B, S_cur *c, unsigned mode);

static void S_flush(S_builder *B, S_str *acc, tb_tpl_pos pos)
{
    if (acc->len)
        S_ev_text(B, acc->p, acc->len, pos);
    acc->len = 0;
}

/* The closing CLOSE of the {{ or {% at C, on the same line, skipping
 * quoted text; NULL after reporting what is unclosed (and C moved to the
 * end of the line). */
static const char *S_closing(S_parser *P, S_cur *c, const char *close, const char *unclosed)
{
    const char *quote;
    const char *q = S_find_close_q(c->p + 2, c->end, close, &quote);
    if (q)
        return q;
    const char *eol = S_eol(c->p, c->end);
    if (quote) {
        S_cur at = *c;
        S_goto(&at, quote);
        S_error_range(P, at.pos, quote, eol, "the text in quotes is not closed");
    } else {
        S_error_range(P, c->pos, c->p, eol, unclosed);
    }
    S_goto(c, eol);
    return NULL;
}

static void S_placeholder(S_parser *P, S_builder *B, S_cur *c)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *q = S_closing(P, c, "}}", "{{ is not closed: add }} on the same line");
    if (!q)
        return;
    S_cur sub = *c;
    S_goto(&sub, c->p + 2);
    sub.end = q;
    uint32_t e = S_expr_whole(P, sub, "}}");
    S_goto(c, q + 2);
    if (e) {
        char *src = tb_mem_strndup(start, (size_t)(q + 2 - start));
        S_ev_value(B, e, pos, src);
        free(src);
    }
}

static void S_comment(S_parser *P, S_cur *c, unsigned mode)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *q = c->p + 2;
    while (q + 1 < c->end && !(q[0] == '#' && q[1] == '}') && (q[0] != '\n' || (mode & M_BODY)))
        q++;
    if (q + 1 >= c->end || q[0] != '#') {
        const char *eol = S_eol(start, c->end);
        S_error_range(P, pos, start, eol, "{# is not closed: add #}");
        S_goto(c, (mode & M_BODY) ? c->end : eol);
        return;
    }
    S_goto(c, q + 2);
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
static uint32_t S_for(S_parser *P, S_lex *L, tb_tpl_pos pos)
{
    S_lex_next(L);
    uint32_t n = tb_tpl_node_new(P->t, TN_FOR, pos);
    if (L->tok.kind != X_PATH || L->tok.has_dot) {
        S_lex_error(L, "expected a name for the loop variable after for, like: for m in items");
        S_node(P, n)->str = tb_mem_strdup("");
        return n;
    }
    S_node(P, n)->str = tb_mem_strndup(L->tok.s, (size_t)(L->tok.e - L->tok.s));
    if (S_tok_is(L, "loop") || S_tok_is(L, "dataset") || S_tok_is(L, "in")) {
        S_lex_error(L, "this word cannot name a loop variable");
        return n;
    }
    S_lex_next(L);
    if (!S_tok_is(L, "in")) {
        S_lex_error(L, "expected in after the loop variable, like: for m in items");
        return n;
    }
    S_lex_next(L);
    if (L->tok.kind != X_PATH) {
        S_lex_error(L, "expected a list of facts after in, like: for m in items");
        return n;
    }
    uint32_t list = S_primary(L, 0);
    S_node(P, n)->expr = list;
    bool seen[3] = {false, false, false};
    while (L->tok.kind != X_END && !L->failed) {
        int which = S_tok_is(L, "where") ? 0 : S_tok_is(L, "sort") ? 1 : S_tok_is(L, "limit") ? 2 : -1;
        if (which < 0) {
            S_lex_error(L, "expected where, sort, limit or %} in the loop");
            break;
        }
        if (seen[which]) {
            S_lex_error(L, "this part of the loop is given twice");
            break;
        }
        seen[which] = true;
        S_lex_next(L);
        if (which == 0) {
            uint32_t w = S_or(L, 0);
            S_node(P, n)->where = w;
        } else if (which == 1) {
            if (L->tok.kind != X_PATH) {
                S_lex_error(L, "expected the fact to sort by, like: sort yoy_pct desc");
                break;
            }
            tb_tpl_node *x = S_node(P, n);
            const char *s = L->tok.s;
            size_t vl = strlen(x->str);
            /* "sort m.yoy_pct" and "sort yoy_pct" mean the same */
            if ((size_t)(L->tok.e - s) > vl + 1 && memcmp(s, x->str, vl) == 0 && s[vl] == '.')
                s += vl + 1;
            x->sort_segs = S_split_path(s, L->tok.e, &x->n_sort_segs);
            x->sort_src = tb_mem_strndup(L->tok.s, (size_t)(L->tok.e - L->tok.s));
            x->sort_pos = L->tok.pos;
            S_lex_next(L);
            if (S_tok_is(L, "asc") || S_tok_is(L, "desc")) {
                x->sort_desc = S_tok_is(L, "desc");
                S_lex_next(L);
            }
        } else {
            if (L->tok.kind != X_NUM || !L->tok.integer || L->tok.num < 1 || L->tok.num > 1e9) {
                S_lex_error(L, "limit needs a whole number of at least 1");
                break;
            }
            S_node(P, n)->limit = (long)L->tok.num;
            S_lex_next(L);
        }
    }
    return n;
}

static void S_tag(S_parser *P, S_builder *B, S_cur *c, unsigned mode)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *q = S_closing(P, c, "%}", "{% is not closed: add %} on the same line");
    if (!q)
        return;
    char *src = tb_mem_strndup(start, (size_t)(q + 2 - start));
    S_cur sub = *c;
    S_goto(&sub, c->p + 2);
    sub.end = q;
    S_goto(c, q + 2);
    if (!(mode & M_TAGS)) {
        S_error(P, pos, src, "{%% %%} tags cannot go inside an argument; put {%% if %%} around the whole line");
        free(src);
        return;
    }
    S_lex L;
    S_lex_init(&L, P, sub, "%}");
    if (L.tok.kind == X_END) {
        S_error(P, pos, src, "empty tag: expected if, elif, else, endif, for or endfor");
    } else if (L.tok.kind != X_PATH || L.tok.has_dot) {
        S_lex_error(&L, "expected if, elif, else, endif, for or endfor");
    } else if (S_tok_is(&L, "if") || S_tok_is(&L, "elif")) {
        bool is_if = S_tok_is(&L, "if");
        S_lex_next(&L);
        uint32_t cond = 0;
        if (L.tok.kind == X_END)
            S_lex_error(&L, is_if ? "{% if %} needs a condition, like: if exports.yoy_pct > 0"
                                  : "{% elif %} needs a condition, like: elif exports.yoy_pct < 0");
        else
            cond = S_or(&L, 0);
        if (cond && L.tok.kind != X_END)
            S_lex_error(&L, L.tok.kind == X_BAD && L.tok.bad ? L.tok.bad : "unexpected text after the condition");
        if (is_if) {
            uint32_t n = tb_tpl_node_new(P->t, TN_IF, pos);
            S_node(P, n)->expr = cond;
            S_open_block(B, F_IF, n, pos, src);
        } else {
            S_branch(B, pos, cond, false, src);
        }
    } else if (S_tok_is(&L, "for")) {
        S_open_block(B, F_FOR, S_for(P, &L, pos), pos, src);
    } else if (S_tok_is(&L, "else") || S_tok_is(&L, "endif") || S_tok_is(&L, "endfor")) {
        int which = S_tok_is(&L, "else") ? 0 : S_tok_is(&L, "endif") ? 1 : 2;
        S_lex_next(&L);
        if (L.tok.kind != X_END) {
            S_lex_error(&L, which == 0 ? "unexpected text after else (write elif for another condition)"
                                       : "unexpected text in the closing tag");
        }
        if (which == 0)
            S_branch(B, pos, 0, true, src);
        else
            S_close(B, which == 1 ? F_IF : F_FOR, pos, src);
    } else if (S_tok_is(&L, "include")) {
        S_lex_error(&L, "includes are written on a line of their own: @include FILE");
    } else {
        char *word = tb_mem_strndup(L.tok.s, (size_t)(L.tok.e - L.tok.s));
        const char *s = tb_tpl_suggest(word, S_tag_words, sizeof S_tag_words / sizeof S_tag_words[0]);
        char msg[128];
        if (s)
            snprintf(msg, sizeof msg, "unknown tag; did you mean \"%s\"?", s);
        else
            snprintf(msg, sizeof msg, "unknown tag; tags are if, elif, else, endif, for and endfor");
        S_lex_error(&L, msg);
        free(word);
    }
    S_lex_done(&L);
    free(src);
}

static void S_inline(S_parser *P, S_builder *B, S_cur *c, unsigned mode)
{
    S_str acc = {0};
    tb_tpl_pos acc_pos = c->pos;
    while (c->p < c->end) {
        char ch = *c->p;
        char n1 = c->p + 1 < c->end ? c->p[1] : '\0';
        if (ch == '\n' && (mode & M_BODY))
            break;
        if (ch == '\\' && S_ispunct(n1)) {
            if (!acc.len)
                acc_pos = c->pos;
            S_next(c);
            S_add_bytes(&acc, c->p, 1);
            S_next(c);
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
            S_next(c);
            if (bold)
                S_next(c);
            S_ev_style(B, bold ? TB_DOC_BOLD : TB_DOC_EMPH, pos);
            continue;
        }
        if (ch == '\r' && n1 == '\n') {
            S_next(c);
            continue;
        }
        if (!acc.len)
            acc_pos = c->pos;
        const char *from = c->p;
        S_next(c);
        S_add_bytes(&acc, from, (size_t)(c->p - from));
    }
    S_flush(B, &acc, acc_pos);
    free(acc.p);
}

/* Parses the extent C (one line or less) as a node list of its own: its
 * blocks must close inside it. */
static uint32_t S_extent(S_parser *P, S_builder *parent, S_cur c, unsigned mode)
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
    {"include", TD_INCLUDE},
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
    S_cur v;         /* the value (inside the quotes when quoted) */
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
    const char *q = S_find_close(p + 2, end, "}}");
    return q ? q + 2 : end;
}

/* Splits C into arguments.  Returns false after an error. */
static bool S_scan_args(S_parser *P, S_cur *c, S_rawarg **out, size_t *n_out)
{
    S_rawarg *args = NULL;
    size_t n = 0;
    for (;;) {
        while (c->p < c->end && S_isspace(*c->p))
            S_next(c);
        if (c->p >= c->end)
            break;
        S_rawarg a;
        memset(&a, 0, sizeof a);
        a.kpos = c->pos;
        const char *start = c->p;
        if (*c->p != '"' && *c->p != '\'') {
            const char *q = c->p;
            while (q < c->end && !S_isspace(*q) && *q != '=')
                q = (q[0] == '{' && q + 1 < c->end && q[1] == '{') ? S_skip_braces(q, c->end) : q + 1;
            if (q < c->end && *q == '=') {
                a.key = tb_mem_strndup(c->p, (size_t)(q - c->p));
                S_goto(c, q + 1);
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
            S_next(&a.v);
            a.v.end = q;
            S_goto(c, q + 1);
            if (c->p < c->end && !S_isspace(*c->p)) {
                S_error_range(P, c->pos, c->p, S_eol(c->p, c->end), "expected a space after the closing quote");
                free(a.key);
                S_rawargs_free(args, n);
                return false;
            }
        } else {
            a.v = *c;
            const char *q = c->p;
            while (q < c->end && !S_isspace(*q))
                q = (q[0] == '{' && q + 1 < c->end && q[1] == '{') ? S_skip_braces(q, c->end) : q + 1;
            a.v.end = q;
            S_goto(c, q);
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
        if (*p == '\\' && p + 1 < a->v.end && S_ispunct(p[1]))
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
static uint32_t *S_cells(S_parser *P, S_builder *B, S_cur c, size_t *n, unsigned mode)
{
    uint32_t *cells = NULL;
    *n = 0;
    for (;;) {
        S_cur cell = c;
        const char *q = c.p;
        while (q < c.end && *q != '|') {
            if (*q == '\\' && q + 1 < c.end)
                q += 2;
            else if (q[0] == '{' && q + 1 < c.end && (q[1] == '{' || q[1] == '%')) {
                const char *close = S_find_close(q + 2, c.end, q[1] == '{' ? "}}" : "%}");
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
        S_goto(&c, q + 1);
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

static const char *const S_meta_keys[] = {"title", "subject", "author", "keywords", "lang", "period"};
static const char *const S_item_keys[] = {"label", "value", "change", "note", "trend"};
static const char *const S_chart_keys[] = {"months", "title", "subtitle", "note", "height"};
static const char *const S_table_keys[] = {"columns", "sort", "order", "top", "total", "spark", "headers", "title", "align"};
#define S_NK(a) (sizeof a / sizeof a[0])

static void S_dir_table(S_parser *P, S_builder *B, tb_tpl_dir *d, S_rawarg *args, size_t n)
{
    unsigned seen = 0;
    size_t first = 0;
    if (n > 0 && !args[0].key) {
        S_cur c = args[0].v;
        uint32_t e = S_expr_whole(P, c, "@table");
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
                S_cur c = a->v;
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
                    S_goto(&c, step > (size_t)(c.end - c.p) ? c.end : c.p + step);
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
static void S_directive(S_parser *P, S_builder *B, S_cur *c)
{
    tb_tpl_pos pos = c->pos;
    const char *start = c->p;
    const char *eol = S_eol(c->p, c->end);
    const char *line_end = eol > c->p && eol[-1] == '\r' ? eol - 1 : eol;
    S_next(c);
    const char *ns = c->p;
    while (c->p < line_end && (S_isword(*c->p)))
        S_next(c);
    char *name = tb_mem_strndup(ns, (size_t)(c->p - ns));
    char *dsrc = tb_mem_strndup(start, (size_t)(c->p - start));
    int kind = -1;
    for (size_t i = 0; i < S_N_DIRS; i++)
        if (strcmp(S_dirs[i].name, name) == 0)
            kind = (int)S_dirs[i].kind;
    S_cur rest = *c;
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
                    "@include (write \\@ for a line starting with @)");
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
        while (rest.p < rest.end && S_isspace(*rest.p))
            S_next(&rest);
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
        while (rest.p < rest.end && S_isspace(*rest.p))
            S_next(&rest);
        if (rest.p >= rest.end) {
            S_error(P, pos, dsrc, "@%s needs a text after it", name);
            ok = false;
            break;
        }
        d->text = S_extent(P, B, rest, M_TAGS | M_STYLES);
        break;
    case TD_HEADER:
    case TD_ROW: {
        while (rest.p < rest.end && S_isspace(*rest.p))
            S_next(&rest);
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
                if (k == 4) {
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
                    d->expr = S_expr_whole(P, a->v, "trend=");
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
                    char buf[32];
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
    S_goto(c, eol);
    if (c->p < c->end)
        S_next(c); /* the '\n' */
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
        size_t n = S_charlen(c);
        if (n == 1 || i + n > len || !tb_utf8_valid(text + i, n))
            return i;
        i += n;
    }
    return len;
}

static void S_scan_file(S_parser *P, S_builder *B, const char *text, size_t len, uint32_t file)
{
    S_cur c = {text, text + len, {file, 1, 1}};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3;
    size_t bad = S_bad_utf8(text, len);
    if (bad < len) {
        S_cur at = c;
        S_goto(&at, text + bad);
        char hex[8];
        snprintf(hex, sizeof hex, "\\x%02X", (unsigned char)text[bad]);
        S_error(P, at.pos, NULL, text[bad] == 0 ? "the template contains a NUL byte"
                                                : "the template is not valid UTF-8 (byte %s)", hex);
        return;
    }
    while (c.p < c.end) {
        const char *q = c.p;
        while (q < c.end && S_isspace(*q))
            q++;
        if (q >= c.end || *q == '\n') {
            S_ev_break(B, c.pos);
            S_goto(&c, q);
            if (c.p < c.end)
                S_next(&c);
            continue;
        }
        if (*q == '@' && q + 1 < c.end && S_isalpha(q[1])) {
            S_goto(&c, q);
            S_directive(P, B, &c);
            continue;
        }
        S_inline(P, B, &c, M_BODY | M_TAGS | M_STYLES);
        if (c.p < c.end && *c.p == '\n') {
            S_ev_space(B, c.pos);
            S_next(&c);
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
