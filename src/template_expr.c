/* template_expr: the expressions inside {{ }} and {% %}: a lexer and a
 * recursive-descent parser into the template's expression pool.
 *
 * Grammar, loosest first: or (`or`), and (`and`), not (`not`, capped at
 * TB_TPL_MAX_DEPTH like parentheses), comparison (== != < <= > >=, `is
 * [not] defined`), pipe (`value | filter arg, arg option`), primary (a
 * fact's dotted path, a number, a text in quotes, true/false/null, a
 * parenthesised expression).  Filter names, argument counts and kinds are
 * checked here against the filter table, so a wrong call is reported at
 * parse time with the filter's usage.
 */
#include "template_expr.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "template_filter.h"

static tb_tpl_expr *S_expr(tb_tpl_lex *L, uint32_t i) { return &L->t->exprs[i]; }

/* Reports MSG with FOUND given as the byte range [S, E). */
static void S_error_range(tb_tpl_lex *L, tb_tpl_pos pos, const char *s, const char *e, const char *msg)
{
    char *found = tb_mem_strndup(s, (size_t)(e - s));
    tb_tpl_error(L->t, L->diag, pos, found, "%s", msg);
    free(found);
}

void tb_tpl_expr_lex_next(tb_tpl_lex *L)
{
    L->prev_e = L->tok.e;
    free(L->tok.str);
    memset(&L->tok, 0, sizeof L->tok);
    while (L->c.p < L->c.end && tb_tpl_cur_isspace(*L->c.p))
        tb_tpl_cur_next(&L->c);
    tb_tpl_tok *t = &L->tok;
    t->pos = L->c.pos;
    t->s = L->c.p;
    if (L->c.p >= L->c.end) {
        t->kind = TK_END;
        t->e = t->s;
        return;
    }
    const char *p = L->c.p, *end = L->c.end;
    char ch = *p;
    if (tb_tpl_cur_isalpha(ch) || ch == '_') {
        const char *q = p;
        while (q < end && tb_tpl_cur_isword(*q))
            q++;
        while (q + 1 < end && *q == '.' && tb_tpl_cur_isword(q[1])) {
            t->has_dot = true;
            q++;
            while (q < end && tb_tpl_cur_isword(*q))
                q++;
        }
        t->kind = TK_PATH;
        tb_tpl_cur_goto(&L->c, q);
    } else if (tb_tpl_cur_isdigit(ch) ||
               ((ch == '-' || ch == '.') && p + 1 < end && (tb_tpl_cur_isdigit(p[1]) || p[1] == '.'))) {
        const char *q = p;
        bool integer = true;
        if (*q == '-')
            q++;
        while (q < end && tb_tpl_cur_isdigit(*q))
            q++;
        if (q < end && *q == '.') {
            integer = false;
            q++;
            while (q < end && tb_tpl_cur_isdigit(*q))
                q++;
        }
        if (q < end && (*q == 'e' || *q == 'E')) {
            const char *r = q + 1;
            if (r < end && (*r == '+' || *r == '-'))
                r++;
            if (r < end && tb_tpl_cur_isdigit(*r)) {
                integer = false;
                q = r;
                while (q < end && tb_tpl_cur_isdigit(*q))
                    q++;
            }
        }
        while (q < end && (tb_tpl_cur_isword(*q) || *q == '.')) {
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
        t->kind = t->bad ? TK_BAD : TK_NUM;
        tb_tpl_cur_goto(&L->c, q);
    } else if (ch == '"' || ch == '\'') {
        tb_buf s = {0};
        tb_buf_put(&s, "", 0);
        tb_tpl_cur_next(&L->c);
        bool closed = false;
        while (L->c.p < end) {
            char k = *L->c.p;
            if (k == ch) {
                closed = true;
                tb_tpl_cur_next(&L->c);
                break;
            }
            if (k == '\\' && L->c.p + 1 < end) {
                tb_tpl_cur_next(&L->c);
                k = *L->c.p;
                tb_buf_put(&s, k == 'n' ? "\n" : L->c.p, 1);
                tb_tpl_cur_next(&L->c);
                continue;
            }
            const char *from = L->c.p;
            tb_tpl_cur_next(&L->c);
            tb_buf_put(&s, from, (size_t)(L->c.p - from));
        }
        if (!closed) {
            t->kind = TK_BAD;
            t->bad = "the text in quotes is not closed";
            free(s.p);
        } else {
            t->kind = TK_STR;
            t->str = s.p;
        }
    } else {
        char n1 = p + 1 < end ? p[1] : '\0';
        size_t len = 1;
        t->kind = TK_OP;
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
            t->kind = TK_PIPE;
        else if (ch == '(')
            t->kind = TK_LP;
        else if (ch == ')')
            t->kind = TK_RP;
        else if (ch == ',')
            t->kind = TK_COMMA;
        else {
            t->kind = TK_BAD;
            t->bad = ch == '=' ? "write == to compare" : NULL;
            len = tb_tpl_cur_charlen((unsigned char)ch);
        }
        tb_tpl_cur_goto(&L->c, p + len);
    }
    t->e = L->c.p;
}

bool tb_tpl_expr_tok_is(const tb_tpl_lex *L, const char *word)
{
    return L->tok.kind == TK_PATH && (size_t)(L->tok.e - L->tok.s) == strlen(word) &&
           memcmp(L->tok.s, word, strlen(word)) == 0;
}

/* Reports MSG at the current token (the first error of the expression only). */
void tb_tpl_expr_lex_error(tb_tpl_lex *L, const char *msg)
{
    if (L->failed)
        return;
    L->failed = true;
    if (L->tok.kind == TK_END)
        tb_tpl_error(L->t, L->diag, L->tok.pos, L->close, "%s", msg);
    else
        S_error_range(L, L->tok.pos, L->tok.s, L->tok.e, msg);
}

void tb_tpl_expr_lex_init(tb_tpl_lex *L, tb_template *t, tb_diag *diag, tb_tpl_cur c, const char *close)
{
    memset(L, 0, sizeof *L);
    L->t = t;
    L->diag = diag;
    L->c = c;
    L->close = close;
    L->tok.e = c.p;
    tb_tpl_expr_lex_next(L);
}

void tb_tpl_expr_lex_done(tb_tpl_lex *L)
{
    free(L->tok.str);
    L->tok.str = NULL;
}

static void S_set_src(tb_tpl_lex *L, uint32_t e, const char *s)
{
    const char *end = L->prev_e > s ? L->prev_e : s;
    S_expr(L, e)->src = tb_mem_strndup(s, (size_t)(end - s));
}

char **tb_tpl_expr_split_path(const char *s, const char *e, size_t *n)
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

static const char *const S_expected_value = "expected a fact, a number or a text in quotes";

uint32_t tb_tpl_expr_primary(tb_tpl_lex *L, int depth)
{
    tb_tpl_tok *t = &L->tok;
    uint32_t e = 0;
    const char *start = t->s;
    switch (t->kind) {
    case TK_NUM:
        e = tb_tpl_expr_new(L->t, TE_NUM, t->pos);
        S_expr(L, e)->num = t->num;
        S_expr(L, e)->integer = t->integer;
        tb_tpl_expr_lex_next(L);
        break;
    case TK_STR:
        e = tb_tpl_expr_new(L->t, TE_STR, t->pos);
        S_expr(L, e)->str = t->str;
        t->str = NULL;
        tb_tpl_expr_lex_next(L);
        break;
    case TK_PATH:
        if (tb_tpl_expr_tok_is(L, "true") || tb_tpl_expr_tok_is(L, "false")) {
            e = tb_tpl_expr_new(L->t, TE_BOOL, t->pos);
            S_expr(L, e)->b = tb_tpl_expr_tok_is(L, "true");
        } else if (tb_tpl_expr_tok_is(L, "null")) {
            e = tb_tpl_expr_new(L->t, TE_NULL, t->pos);
        } else if (tb_tpl_expr_tok_is(L, "and") || tb_tpl_expr_tok_is(L, "or") || tb_tpl_expr_tok_is(L, "not")) {
            tb_tpl_expr_lex_error(L, S_expected_value);
            return 0;
        } else {
            e = tb_tpl_expr_new(L->t, TE_PATH, t->pos);
            tb_tpl_expr *x = S_expr(L, e);
            x->segs = tb_tpl_expr_split_path(t->s, t->e, &x->n_segs);
        }
        tb_tpl_expr_lex_next(L);
        break;
    case TK_LP:
        if (depth >= TB_TPL_MAX_DEPTH) {
            tb_tpl_expr_lex_error(L, "the expression is nested too deeply");
            return 0;
        }
        tb_tpl_expr_lex_next(L);
        e = tb_tpl_expr_parse(L, depth + 1);
        if (!e)
            return 0;
        if (L->tok.kind != TK_RP) {
            tb_tpl_expr_lex_error(L, "expected ) to close (");
            return 0;
        }
        tb_tpl_expr_lex_next(L);
        return e; /* keeps the inner source text */
    case TK_BAD:
        tb_tpl_expr_lex_error(L, t->bad ? t->bad : S_expected_value);
        return 0;
    default:
        tb_tpl_expr_lex_error(L, S_expected_value);
        return 0;
    }
    S_set_src(L, e, start);
    return e;
}

/* Parses one filter call after `|`.  Returns false after an error. */
static bool S_call(tb_tpl_lex *L, tb_tpl_call *call)
{
    if (L->tok.kind != TK_PATH || L->tok.has_dot) {
        tb_tpl_expr_lex_error(L, "expected a filter name after |");
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
        tb_tpl_expr_lex_error(L, tb_buf_str(&msg));
        tb_buf_free(&msg);
        free(name);
        return false;
    }
    free(name);
    const tb_tpl_filter_def *def = tb_tpl_filter_def_at(fi);
    call->filter = fi;
    call->pos = L->tok.pos;
    const char *call_s = L->tok.s;
    tb_tpl_expr_lex_next(L);
    /* arguments, remembered with their source ranges */
    const char *as[16], *ae[16];
    if (L->tok.kind == TK_LP) {
        tb_tpl_expr_lex_next(L);
        while (L->tok.kind != TK_RP) {
            tb_tpl_tok *t = &L->tok;
            if (t->kind == TK_PATH && !t->has_dot) {
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
                        tb_buf_printf(&msg, "argument %zu of filter \"%s\" must be %s; write it like %s",
                                      call->n_args + 1, def->name,
                                      (def->args[call->n_args] | 0x20) == 'n' ? "a number" : "a text in quotes",
                                      def->usage);
                    } else {
                        tb_buf_printf(&msg, "filter \"%s\" takes no options; write it like %s", def->name, def->usage);
                    }
                    tb_tpl_expr_lex_error(L, tb_buf_str(&msg));
                    tb_buf_free(&msg);
                    return false;
                }
                if (def->one_option && call->options && !(call->options & (1u << found))) {
                    tb_buf msg = {0};
                    tb_buf_printf(&msg, "filter \"%s\" takes only one of", def->name);
                    for (int i = 0; o[i]; i++)
                        tb_buf_printf(&msg, "%s %s", i ? "," : "", o[i]);
                    tb_tpl_expr_lex_error(L, tb_buf_str(&msg));
                    tb_buf_free(&msg);
                    return false;
                }
                call->options |= 1u << found;
            } else if (t->kind == TK_NUM || t->kind == TK_STR) {
                size_t n_pos = strlen(def->args), k = call->n_args;
                if (k >= n_pos || k >= 16) {
                    char *msg = tb_mem_printf("too many arguments for filter \"%s\"; write it like %s", def->name,
                                              def->usage);
                    tb_tpl_expr_lex_error(L, msg);
                    free(msg);
                    return false;
                }
                char want = (char)(def->args[k] | 0x20);
                if ((want == 'n' && t->kind != TK_NUM) || (want == 's' && t->kind != TK_STR)) {
                    char *msg = tb_mem_printf("argument %zu of filter \"%s\" must be %s; write it like %s", k + 1,
                                              def->name, want == 'n' ? "a number" : "a text in quotes", def->usage);
                    tb_tpl_expr_lex_error(L, msg);
                    free(msg);
                    return false;
                }
                call->args = tb_mem_reallocarray(call->args, k + 1, sizeof *call->args);
                tb_tpl_arg *a = &call->args[k];
                memset(a, 0, sizeof *a);
                a->is_num = t->kind == TK_NUM;
                a->num = t->num;
                a->str = t->str;
                t->str = NULL;
                a->pos = t->pos;
                as[k] = t->s;
                ae[k] = t->e;
                call->n_args = k + 1;
            } else {
                tb_tpl_expr_lex_error(L, "expected a number, a text in quotes or an option");
                return false;
            }
            tb_tpl_expr_lex_next(L);
            if (L->tok.kind == TK_COMMA) {
                tb_tpl_expr_lex_next(L);
                continue;
            }
            if (L->tok.kind != TK_RP) {
                tb_tpl_expr_lex_error(L, "expected , or ) after the argument");
                return false;
            }
        }
        tb_tpl_expr_lex_next(L);
    }
    size_t required = 0;
    for (const char *a = def->args; *a; a++)
        required += *a >= 'A' && *a <= 'Z';
    if (call->n_args < required) {
        char *msg = tb_mem_printf("filter \"%s\" needs %zu argument%s; write it like %s", def->name, required,
                                  required == 1 ? "" : "s", def->usage);
        S_error_range(L, call->pos, call_s, L->prev_e, msg);
        free(msg);
        L->failed = true;
        return false;
    }
    size_t bad = 0;
    const char *msg = tb_tpl_filter_check(call, &bad);
    if (msg) {
        S_error_range(L, call->args[bad].pos, as[bad], ae[bad], msg);
        L->failed = true;
        return false;
    }
    return true;
}

static uint32_t S_pipe(tb_tpl_lex *L, int depth)
{
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    uint32_t base = tb_tpl_expr_primary(L, depth);
    if (!base || L->tok.kind != TK_PIPE)
        return base;
    uint32_t e = tb_tpl_expr_new(L->t, TE_PIPE, pos);
    S_expr(L, e)->base = base;
    while (L->tok.kind == TK_PIPE) {
        tb_tpl_expr_lex_next(L);
        tb_tpl_call call;
        memset(&call, 0, sizeof call);
        bool ok = S_call(L, &call);
        tb_tpl_expr *x = S_expr(L, e);
        x->calls = tb_mem_reallocarray(x->calls, x->n_calls + 1, sizeof *x->calls);
        x->calls[x->n_calls++] = call; /* kept even when bad, so it is freed */
        if (!ok)
            return 0;
    }
    S_set_src(L, e, start);
    return e;
}

static uint32_t S_cmp(tb_tpl_lex *L, int depth)
{
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    uint32_t l = S_pipe(L, depth);
    if (l && tb_tpl_expr_tok_is(L, "is")) {
        tb_tpl_expr_lex_next(L);
        bool neg = tb_tpl_expr_tok_is(L, "not");
        if (neg)
            tb_tpl_expr_lex_next(L);
        if (!tb_tpl_expr_tok_is(L, "defined")) {
            tb_tpl_expr_lex_error(L, "expected defined after is, like: items is defined");
            return 0;
        }
        if (S_expr(L, l)->kind != TE_PATH) {
            tb_tpl_expr_lex_error(L, "only a fact can be tested with is defined");
            return 0;
        }
        tb_tpl_expr_lex_next(L);
        uint32_t e = tb_tpl_expr_new(L->t, TE_DEFINED, pos);
        S_expr(L, e)->base = l;
        S_expr(L, e)->b = neg;
        S_set_src(L, e, start);
        return e;
    }
    if (!l || L->tok.kind != TK_OP)
        return l;
    enum tb_tpl_cmp op = L->tok.op;
    tb_tpl_expr_lex_next(L);
    uint32_t r = S_pipe(L, depth);
    if (!r)
        return 0;
    if (L->tok.kind == TK_OP) {
        tb_tpl_expr_lex_error(L, "compare two values at a time; join comparisons with and / or");
        return 0;
    }
    uint32_t e = tb_tpl_expr_new(L->t, TE_CMP, pos);
    tb_tpl_expr *x = S_expr(L, e);
    x->op = op;
    x->kids = tb_mem_calloc(2, sizeof *x->kids);
    x->kids[0] = l;
    x->kids[1] = r;
    x->n_kids = 2;
    S_set_src(L, e, start);
    return e;
}

static uint32_t S_not(tb_tpl_lex *L, int depth)
{
    if (!tb_tpl_expr_tok_is(L, "not"))
        return S_cmp(L, depth);
    if (depth >= TB_TPL_MAX_DEPTH) {
        tb_tpl_expr_lex_error(L, "the expression is nested too deeply");
        return 0;
    }
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    tb_tpl_expr_lex_next(L);
    uint32_t k = S_not(L, depth + 1);
    if (!k)
        return 0;
    uint32_t e = tb_tpl_expr_new(L->t, TE_NOT, pos);
    S_expr(L, e)->base = k;
    S_set_src(L, e, start);
    return e;
}

/* and / or: n-ary nodes, so long chains do not nest. */
static uint32_t S_chain(tb_tpl_lex *L, int depth, bool is_or)
{
    const char *start = L->tok.s;
    tb_tpl_pos pos = L->tok.pos;
    uint32_t first = is_or ? S_chain(L, depth, false) : S_not(L, depth);
    if (!first || !tb_tpl_expr_tok_is(L, is_or ? "or" : "and"))
        return first;
    uint32_t *kids = tb_mem_calloc(1, sizeof *kids);
    size_t n = 0;
    kids[n++] = first;
    while (tb_tpl_expr_tok_is(L, is_or ? "or" : "and")) {
        tb_tpl_expr_lex_next(L);
        uint32_t k = is_or ? S_chain(L, depth, false) : S_not(L, depth);
        if (!k) {
            free(kids);
            return 0;
        }
        kids = tb_mem_reallocarray(kids, n + 1, sizeof *kids);
        kids[n++] = k;
    }
    uint32_t e = tb_tpl_expr_new(L->t, is_or ? TE_OR : TE_AND, pos);
    S_expr(L, e)->kids = kids;
    S_expr(L, e)->n_kids = n;
    S_set_src(L, e, start);
    return e;
}

uint32_t tb_tpl_expr_parse(tb_tpl_lex *L, int depth) { return S_chain(L, depth, true); }

/* An expression filling [C.p, C.end) entirely.  0 after an error. */
uint32_t tb_tpl_expr_whole(tb_template *t, tb_diag *diag, tb_tpl_cur c, const char *close)
{
    tb_tpl_lex L;
    tb_tpl_expr_lex_init(&L, t, diag, c, close);
    uint32_t e = tb_tpl_expr_parse(&L, 0);
    if (e && L.tok.kind != TK_END) {
        tb_tpl_expr_lex_error(&L, L.tok.kind == TK_BAD && L.tok.bad ? L.tok.bad : "unexpected text after the value");
        e = 0;
    }
    tb_tpl_expr_lex_done(&L);
    return L.failed ? 0 : e;
}
