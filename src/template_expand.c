/* template_expand: a parsed template + the facts JSON -> a document.
 *
 * Two walks over the same nodes with the same code:
 *   1. check (X->check): every branch of every {% if %} and every loop body
 *      once, with each loop variable bound to the list's first element (or
 *      to "unknown" when the list is empty), evaluating every expression:
 *      unknown facts, filters given the wrong kind of value, comparisons of
 *      a number with a text, unknown breakdowns and charts are all reported
 *      here, whatever this month's data would make the template print;
 *   2. build: the real expansion into a tb_doc, run only when the check
 *      found nothing.  Errors that only a later list element can show (a
 *      key missing from the 5th member) are still reported, once per
 *      expression, and the document is then dropped.
 * Recursion follows the template's nesting, which the parser caps.
 *
 * Text goes into a sink that collapses whitespace to single spaces, drops
 * it at the start and end, and drops a space before , . ; : ! ? ) so that
 * an {% if %} that prints nothing leaves no stray space.  Running text
 * collects into the open paragraph; a blank line or any block directive
 * closes it.
 *
 * Loops: where filters in O(n), sort is qsort on precomputed keys with the
 * original position as tie-break (stable, nulls last), limit after sort, so
 * a list of 10^6 members costs O(n log n).  A member named by its code
 * (items.members.SEMI) is found by a linear search cached per expression,
 * so the same look-up inside a loop costs O(1) after the first.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chartset.h"
#include "doc.h"
#include "fmt.h"
#include "buf.h"
#include "mem.h"
#include "month.h"
#include "template_impl.h"

/* ------------------------------------------------------------ sinks */

typedef struct {
    char *p;
    size_t len, cap;
} S_str;

static void S_str_add(S_str *s, const char *b, size_t n)
{
    TB_GROW(s->p, s->cap, s->len + n + 1);
    memcpy(s->p + s->len, b, n);
    s->len += n;
    s->p[s->len] = '\0';
}

/* A claim made while text goes into a sink: bytes [start, start + len) of
 * the sink's plain text came from stats-JSON PATH, whose value is VALUE. */
typedef struct {
    size_t start, len;
    char *path, *value;
} S_claim;

typedef struct {
    S_claim *v;
    size_t n, cap;
} S_claims;

static void S_claims_free(S_claims *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        free(c->v[i].value);
    }
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* Hands the claims in C to part PART of block B (NULL: dropped), emptying C. */
static void S_claims_give(S_claims *c, tb_doc_block *b, const char *part)
{
    for (size_t i = 0; b && i < c->n; i++)
        tb_doc_add_claim(b, part, c->v[i].start, c->v[i].len, c->v[i].path, c->v[i].value);
    S_claims_free(c);
}

typedef struct {
    tb_doc_run *runs;
    size_t n, cap;
    size_t plain_len; /* bytes put so far: where the next text starts in plain */
    S_claims cl;
    S_str cur;
    unsigned cur_style;
    bool pending;
    unsigned pending_style;
    bool any;
} S_sink;

static void S_sink_flush(S_sink *k)
{
    if (!k->cur.len)
        return;
    TB_GROW(k->runs, k->cap, k->n + 1);
    k->runs[k->n].text = tb_mem_strndup(k->cur.p, k->cur.len);
    k->runs[k->n].style = k->cur_style;
    k->n++;
    k->cur.len = 0;
}

static void S_sink_put(S_sink *k, const char *s, size_t n, unsigned style)
{
    if (k->cur.len && style != k->cur_style)
        S_sink_flush(k);
    k->cur_style = style;
    S_str_add(&k->cur, s, n);
    k->plain_len += n;
}

static bool S_blank_byte(unsigned char c) { return c <= 0x20 || c == 0x7F; }

static void S_sink_text(S_sink *k, const char *s, size_t n, unsigned style)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (S_blank_byte(c)) {
            if (k->any && !k->pending) {
                k->pending = true;
                k->pending_style = style;
            }
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !S_blank_byte((unsigned char)s[j]))
            j++;
        if (k->pending) {
            k->pending = false;
            if (!strchr(",.;:!?)", c))
                S_sink_put(k, " ", 1, k->pending_style);
        }
        S_sink_put(k, s + i, j - i, style);
        k->any = true;
        i = j;
    }
}

/* Moves the sink's text into T (may be NULL: dropped) and empties it. */
static void S_sink_take(S_sink *k, tb_doc_text *t)
{
    S_sink_flush(k);
    if (t) {
        /* merge neighbours of the same style (a style toggled on and off) */
        size_t o = 0;
        for (size_t i = 0; i < k->n; i++) {
            if (o > 0 && k->runs[o - 1].style == k->runs[i].style) {
                char *m = tb_mem_printf("%s%s", k->runs[o - 1].text, k->runs[i].text);
                free(k->runs[o - 1].text);
                free(k->runs[i].text);
                k->runs[o - 1].text = m;
            } else {
                k->runs[o++] = k->runs[i];
            }
        }
        tb_doc_text_adopt(t, k->runs, o);
    } else {
        for (size_t i = 0; i < k->n; i++)
            free(k->runs[i].text);
        free(k->runs);
    }
    free(k->cur.p);
    S_claims_free(&k->cl);
    memset(k, 0, sizeof *k);
}

/* The sink's text as one plain string; empties it.  Ownership: caller frees. */
static char *S_sink_plain(S_sink *k)
{
    tb_doc_text t;
    memset(&t, 0, sizeof t);
    S_sink_take(k, &t);
    char *s = t.plain;
    for (size_t i = 0; i < t.n_runs; i++)
        free(t.runs[i].text);
    free(t.runs);
    return s;
}

/* ------------------------------------------------------------ state */

typedef struct {
    const char *name;
    tb_tpl_val val;
    size_t index, length;
    char *path; /* of the element in the facts ("breakdowns.items.members.3"), NULL unknown */
    const json_t *json; /* the element */
} S_scope;

typedef struct {
    const json_t *arr;
    size_t idx;
} S_cache;

typedef struct {
    const tb_template *t;
    tb_diag *diag;
    const tb_template_context *ctx;
    const json_t *facts, *series, *breakdowns;
    json_t *dataset;
    tb_tpl_fctx f;
    const char *lang;
    tb_month month;
    bool check;
    bool quiet; /* resolving for `is defined`: report nothing */
    unsigned char *reported; /* per expression */
    S_cache *cache;          /* per expression */
    S_scope *scopes;
    size_t n_scopes, cap_scopes;
    tb_doc *doc;
    S_sink para;
    bool para_open;
    tb_tpl_pos para_pos;
    S_sink *sink;
    unsigned style;
    size_t kpi, table; /* block indices of the open @kpi / @table, SIZE_MAX none */
    size_t steps, bytes; /* spent so far (S_spend) */
    /* where the last path resolved to: its stats-JSON path and JSON value
     * (NULL: null), valid while `traced` */
    tb_buf path;
    const json_t *path_json;
    bool traced;
    bool trace; /* trace paths while resolving (placeholders, lists, tables) */
    bool over;           /* past a budget: reported, expansion stops */
    tb_chartset *charts; /* the last chart set built for @chart, of window charts_window */
    int charts_window;
} S_x;

static const tb_tpl_expr *S_e(const S_x *X, uint32_t i) { return &X->t->exprs[i]; }
static const tb_tpl_node *S_n(const S_x *X, uint32_t i) { return &X->t->nodes[i]; }

static bool S_stop(const S_x *X) { return X->over || tb_diag_full(X->diag); }

/* Counts STEPS loop steps (a member looked at, a body run, a table row)
 * and BYTES of text against the budgets, so that loops nested over long
 * lists end with a message instead of running for hours: false, after
 * the message (once), when a budget is spent. */
static bool S_spend(S_x *X, size_t steps, size_t bytes, tb_tpl_pos pos)
{
    if (X->over)
        return false;
    X->steps += steps;
    X->bytes += bytes;
    if (X->steps > TB_TPL_MAX_STEPS)
        tb_tpl_error(X->t, X->diag, pos, NULL, "the template runs past %d million loop steps (loops nested over long lists?)",
                     TB_TPL_MAX_STEPS / 1000000);
    else if (X->bytes > TB_TPL_MAX_TEXT)
        tb_tpl_error(X->t, X->diag, pos, NULL,
                     "the briefing's text grows past %zu MiB (a loop or table over a long list without a limit?)",
                     TB_TPL_MAX_TEXT >> 20);
    else
        return true;
    X->over = true;
    return false;
}

/* Reports once per expression E (0: always). */
static void S_err(S_x *X, uint32_t e, tb_tpl_pos pos, const char *found, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void S_err(S_x *X, uint32_t e, tb_tpl_pos pos, const char *found, const char *fmt, ...)
{
    if (X->quiet)
        return;
    if (e) {
        if (X->reported[e])
            return;
        X->reported[e] = 1;
    }
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tb_tpl_error(X->t, X->diag, pos, found, "%s", msg);
}

static char *S_origin(const S_x *X, tb_tpl_pos pos)
{
    return tb_mem_printf("%s:%u", X->t->files[pos.file], pos.line);
}

/* ------------------------------------------------------------ values */

static tb_tpl_val S_from_json(const json_t *j)
{
    tb_tpl_val v;
    memset(&v, 0, sizeof v);
    if (!j || json_is_null(j)) {
        v.kind = TV_NULL;
    } else if (json_is_boolean(j)) {
        v.kind = TV_BOOL;
        v.b = json_is_true(j);
    } else if (json_is_integer(j)) {
        v.kind = TV_NUM;
        v.num = (double)json_integer_value(j);
        v.integer = true;
    } else if (json_is_real(j)) {
        v.kind = TV_NUM;
        v.num = json_real_value(j);
    } else if (json_is_string(j)) {
        v.kind = TV_STR;
        v.s = json_string_value(j);
    } else {
        v.kind = TV_JSON;
        v.j = j;
    }
    return v;
}

static bool S_truth(tb_tpl_val v)
{
    switch (v.kind) {
    case TV_NULL:
    case TV_UNKNOWN:
        return false;
    case TV_BOOL:
        return v.b;
    case TV_STR:
        return v.s[0] != '\0';
    case TV_JSON:
        return json_is_array(v.j) ? json_array_size(v.j) > 0 : true;
    default:
        return true;
    }
}

static tb_tpl_val S_bool(bool b)
{
    tb_tpl_val v = {.kind = TV_BOOL};
    v.b = b;
    return v;
}

static tb_tpl_val S_number(double n)
{
    tb_tpl_val v = {.kind = TV_NUM};
    v.num = n;
    v.integer = true;
    return v;
}

static const char *S_kind_word(tb_tpl_val v)
{
    switch (v.kind) {
    case TV_NUM:
        return "a number";
    case TV_STR:
        return "a text";
    case TV_BOOL:
        return "true or false";
    case TV_JSON:
        return json_is_array(v.j) ? "a list" : "a group of facts";
    default:
        return "null";
    }
}

/* Keys of object O that make sense to suggest (not *_null_reason).
 * Ownership: caller frees the array (not the strings). */
static const char **S_keys(const json_t *o, size_t *n, const char **extra, size_t n_extra)
{
    size_t cap = json_object_size(o) + n_extra + 1, k = 0;
    const char **v = tb_mem_calloc(cap, sizeof *v);
    for (size_t i = 0; i < n_extra; i++)
        v[k++] = extra[i];
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)o, key, val)
    {
        size_t l = strlen(key);
        if (l > 12 && strcmp(key + l - 12, "_null_reason") == 0)
            continue;
        if (k < cap)
            v[k++] = key;
    }
    *n = k;
    return v;
}

/* "a.b.SUGG": the first K segments of E's path, then SUGG. */
static char *S_path_with(const tb_tpl_expr *e, size_t k, const char *sugg)
{
    S_str s = {0};
    S_str_add(&s, "", 0);
    for (size_t i = 0; i < k; i++) {
        S_str_add(&s, e->segs[i], strlen(e->segs[i]));
        S_str_add(&s, ".", 1);
    }
    S_str_add(&s, sugg, strlen(sugg));
    return s.p;
}

static void S_unknown(S_x *X, uint32_t ei, size_t k, const char **cands, size_t n)
{
    const tb_tpl_expr *e = S_e(X, ei);
    const char *s = tb_tpl_suggest(e->segs[k], cands, n);
    if (s) {
        char *full = S_path_with(e, k, s);
        S_err(X, ei, e->pos, e->src, "unknown fact; did you mean \"%s\"?", full);
        free(full);
    } else {
        S_err(X, ei, e->pos, e->src, "unknown fact");
    }
}

/* The member of list A whose "code" is CODE, cached for expression EI. */
static const json_t *S_member(S_x *X, uint32_t ei, const json_t *a, const char *code)
{
    S_cache *c = &X->cache[ei];
    if (c->arr == a && c->idx < json_array_size(a)) {
        const json_t *m = json_array_get(a, c->idx);
        const char *mc = json_string_value(json_object_get(m, "code"));
        if (mc && strcmp(mc, code) == 0)
            return m;
    }
    for (size_t i = 0, n = json_array_size(a); i < n; i++) {
        const json_t *m = json_array_get(a, i);
        const char *mc = json_string_value(json_object_get(m, "code"));
        if (mc && strcmp(mc, code) == 0) {
            c->arr = a;
            c->idx = i;
            return m;
        }
    }
    return NULL;
}

/* True when KEY is "X_null_reason" and object O has the fact X: every fact
 * has that companion, present in the JSON only while the fact is null. */
static bool S_reason_of(const json_t *o, const char *key)
{
    size_t l = strlen(key);
    if (l <= 12 || strcmp(key + l - 12, "_null_reason") != 0)
        return false;
    char *base = tb_mem_strndup(key, l - 12);
    bool has = json_object_get(o, base) != NULL;
    free(base);
    return has;
}

/* Appends to the traced path, when paths are traced. */
static void S_trace(S_x *X, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_trace(S_x *X, const char *fmt, ...)
{
    if (!X->trace)
        return;
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&X->path, fmt, ap);
    va_end(ap);
}

/* S_eval with paths traced (X->traced, X->path, X->path_json). */
static bool S_eval_traced(S_x *X, uint32_t ei, tb_tpl_val *out);

static bool S_resolve(S_x *X, uint32_t ei, tb_tpl_val *out)
{
    const tb_tpl_expr *e = S_e(X, ei);
    const char *first = e->segs[0];
    tb_tpl_val cur;
    memset(&cur, 0, sizeof cur);
    bool found = false, traced = true;
    const json_t *cj = NULL;
    X->traced = false;
    tb_buf_clear(&X->path);
    for (size_t s = X->n_scopes; s-- > 0;)
        if (strcmp(X->scopes[s].name, first) == 0) {
            cur = X->scopes[s].val;
            cj = X->scopes[s].json;
            traced = X->scopes[s].path != NULL;
            if (traced)
                S_trace(X, "%s", X->scopes[s].path);
            found = true;
            break;
        }
    if (!found && strcmp(first, "loop") == 0 && X->n_scopes == 0) {
        S_err(X, ei, e->pos, e->src, "loop is only known inside {%% for %%} ... {%% endfor %%}");
        return false;
    }
    if (!found && strcmp(first, "loop") == 0) {
        static const char *const words[] = {"index", "length", "first", "last", "remaining"};
        const S_scope *sc = &X->scopes[X->n_scopes - 1];
        if (e->n_segs != 2) {
            S_err(X, ei, e->pos, e->src, "loop needs one of index, length, first, last, remaining, like loop.index");
            return false;
        }
        const char *w = e->segs[1];
        if (strcmp(w, "index") == 0)
            *out = S_number((double)sc->index);
        else if (strcmp(w, "length") == 0)
            *out = S_number((double)sc->length);
        else if (strcmp(w, "first") == 0)
            *out = S_bool(sc->index == 1);
        else if (strcmp(w, "last") == 0)
            *out = S_bool(sc->index == sc->length);
        else if (strcmp(w, "remaining") == 0)
            *out = S_number((double)(sc->length - sc->index));
        else {
            S_unknown(X, ei, 1, (const char **)words, 5);
            return false;
        }
        return true;
    }
    if (!found) {
        const json_t *j = NULL;
        const char *in = "";
        if (strcmp(first, "dataset") == 0)
            j = X->dataset;
        if (!j && X->series && (j = json_object_get(X->series, first)))
            in = "series.";
        if (!j && X->breakdowns && (j = json_object_get(X->breakdowns, first)))
            in = "breakdowns.";
        if (!j && X->facts)
            j = json_object_get(X->facts, first);
        S_trace(X, "%s%s", in, first);
        cj = j;
        if (!j) {
            /* candidates: loop variables, loop, dataset, then the facts */
            size_t ne = 0, n1, n2, n3;
            const char *extra[TB_TPL_MAX_DEPTH + 2];
            for (size_t s = 0; s < X->n_scopes && ne < TB_TPL_MAX_DEPTH; s++)
                extra[ne++] = X->scopes[s].name;
            if (X->n_scopes)
                extra[ne++] = "loop";
            extra[ne++] = "dataset";
            const char **c1 = S_keys(X->series, &n1, extra, ne);
            const char **c2 = S_keys(X->breakdowns, &n2, NULL, 0);
            const char **c3 = S_keys(X->facts, &n3, NULL, 0);
            size_t n = 0;
            const char **all = tb_mem_calloc(n1 + n2 + n3 + 1, sizeof *all);
            for (size_t i = 0; i < n1; i++)
                all[n++] = c1[i];
            for (size_t i = 0; i < n2; i++)
                all[n++] = c2[i];
            for (size_t i = 0; i < n3; i++)
                all[n++] = c3[i];
            S_unknown(X, ei, 0, all, n);
            free(c1);
            free(c2);
            free(c3);
            free(all);
            return false;
        }
        cur = S_from_json(j);
    }
    for (size_t k = 1; k < e->n_segs; k++) {
        if (cur.kind == TV_NULL || cur.kind == TV_UNKNOWN) {
            for (; k < e->n_segs; k++) /* a path through null is null */
                S_trace(X, ".%s", e->segs[k]);
            cj = NULL;
            break;
        }
        const char *seg = e->segs[k];
        if (cur.kind == TV_JSON && json_is_object(cur.j)) {
            const json_t *child = json_object_get(cur.j, seg);
            if (!child && S_reason_of(cur.j, seg)) {
                S_trace(X, ".%s", seg);
                cur.kind = TV_NULL; /* X_null_reason of a fact X that is not null */
                cj = NULL;
                continue;
            }
            /* a breakdown's member by its code: items.SEMI = items.members.SEMI */
            const json_t *members = json_object_get(cur.j, "members");
            if (!child && json_is_array(members) && (child = S_member(X, ei, members, seg)))
                S_trace(X, ".members.%zu", X->cache[ei].idx);
            else
                S_trace(X, ".%s", seg);
            if (!child) {
                size_t n, nm = json_is_array(members) ? json_array_size(members) : 0;
                nm = nm < 4096 ? nm : 4096;
                const char **c = S_keys(cur.j, &n, NULL, 0);
                c = tb_mem_reallocarray(c, n + nm + 1, sizeof *c);
                for (size_t i = 0; i < nm; i++)
                    c[n++] = json_string_value(json_object_get(json_array_get(members, i), "code"));
                S_unknown(X, ei, k, c, n);
                free(c);
                return false;
            }
            cur = S_from_json(child);
            cj = child;
        } else if (cur.kind == TV_JSON) {
            const json_t *first_el = json_array_get(cur.j, 0);
            if (first_el && !json_is_string(json_object_get(first_el, "code"))) {
                char *p = S_path_with(e, k, "");
                p[strlen(p) - 1] = '\0';
                S_err(X, ei, e->pos, e->src, "%s is a list: go through it with {%% for x in %s %%}", p, p);
                free(p);
                return false;
            }
            const json_t *m = S_member(X, ei, cur.j, seg);
            if (!m) {
                size_t n = json_array_size(cur.j), lim = n < 4096 ? n : 4096;
                const char **codes = tb_mem_calloc(lim + 1, sizeof *codes);
                for (size_t i = 0; i < lim; i++)
                    codes[i] = json_string_value(json_object_get(json_array_get(cur.j, i), "code"));
                S_unknown(X, ei, k, codes, lim);
                free(codes);
                return false;
            }
            S_trace(X, ".%zu", X->cache[ei].idx);
            cur = S_from_json(m);
            cj = m;
        } else {
            char *p = S_path_with(e, k, "");
            p[strlen(p) - 1] = '\0';
            S_err(X, ei, e->pos, e->src, "%s is %s and has no facts inside", p, S_kind_word(cur));
            free(p);
            return false;
        }
    }
    *out = cur;
    X->traced = traced && X->trace;
    X->path_json = cj;
    return true;
}

static bool S_eval(S_x *X, uint32_t ei, tb_tpl_val *out);

static bool S_compare(S_x *X, uint32_t ei, tb_tpl_val *out)
{
    const tb_tpl_expr *e = S_e(X, ei);
    tb_tpl_val a, b;
    if (!S_eval(X, e->kids[0], &a) || !S_eval(X, e->kids[1], &b))
        return false;
    if (a.kind == TV_UNKNOWN || b.kind == TV_UNKNOWN) {
        *out = S_bool(false);
        return true;
    }
    if (e->op == TC_EQ || e->op == TC_NE) {
        bool eq;
        if (a.kind == TV_NULL || b.kind == TV_NULL)
            eq = a.kind == b.kind;
        else if (a.kind != b.kind)
            eq = false;
        else if (a.kind == TV_NUM)
            eq = a.num == b.num;
        else if (a.kind == TV_STR)
            eq = strcmp(a.s, b.s) == 0;
        else if (a.kind == TV_BOOL)
            eq = a.b == b.b;
        else
            eq = a.j == b.j;
        *out = S_bool(e->op == TC_EQ ? eq : !eq);
        return true;
    }
    if (a.kind == TV_NULL || b.kind == TV_NULL) {
        *out = S_bool(false);
        return true;
    }
    int c;
    if (a.kind == TV_NUM && b.kind == TV_NUM) {
        c = a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
    } else if (a.kind == TV_STR && b.kind == TV_STR) {
        c = strcmp(a.s, b.s);
    } else {
        S_err(X, ei, e->pos, e->src, "cannot compare %s with %s", S_kind_word(a), S_kind_word(b));
        return false;
    }
    bool r = e->op == TC_LT ? c < 0 : e->op == TC_LE ? c <= 0 : e->op == TC_GT ? c > 0 : c >= 0;
    *out = S_bool(r);
    return true;
}

static bool S_eval_traced(S_x *X, uint32_t ei, tb_tpl_val *out)
{
    X->trace = !X->check;
    X->traced = false;
    bool ok = S_eval(X, ei, out);
    X->trace = false;
    return ok;
}

static bool S_eval(S_x *X, uint32_t ei, tb_tpl_val *out)
{
    const tb_tpl_expr *e = S_e(X, ei);
    memset(out, 0, sizeof *out);
    switch (e->kind) {
    case TE_NUM:
        out->kind = TV_NUM;
        out->num = e->num;
        out->integer = e->integer;
        return true;
    case TE_STR:
        out->kind = TV_STR;
        out->s = e->str;
        return true;
    case TE_BOOL:
        *out = S_bool(e->b);
        return true;
    case TE_NULL:
        out->kind = TV_NULL;
        return true;
    case TE_PATH:
        return S_resolve(X, ei, out);
    case TE_PIPE: {
        tb_tpl_val v;
        if (!S_eval(X, e->base, &v))
            return false;
        for (size_t i = 0; i < e->n_calls; i++) {
            tb_tpl_val r;
            const char *found = NULL;
            const char *msg = tb_tpl_filter_apply(&X->f, &e->calls[i], v, &r, &found);
            if (msg) {
                S_err(X, ei, e->calls[i].pos, found, "%s", msg);
                return false;
            }
            v = r;
        }
        *out = v;
        return true;
    }
    case TE_CMP:
        return S_compare(X, ei, out);
    case TE_AND:
    case TE_OR: {
        bool is_or = e->kind == TE_OR, result = !is_or, ok = true;
        for (size_t i = 0; i < e->n_kids; i++) {
            tb_tpl_val v;
            if (!S_eval(X, e->kids[i], &v)) {
                ok = false;
                continue;
            }
            bool t = S_truth(v);
            if (is_or ? t : !t) {
                result = is_or;
                /* while checking, go on to check the rest, unless an
                 * `is defined` test decided it: what follows may name
                 * facts that do not exist */
                if (!X->check || S_e(X, e->kids[i])->kind == TE_DEFINED)
                    break;
            }
        }
        *out = S_bool(result);
        return ok;
    }
    case TE_NOT: {
        tb_tpl_val v;
        if (!S_eval(X, e->base, &v))
            return false;
        *out = S_bool(!S_truth(v));
        return true;
    }
    case TE_DEFINED: {
        tb_tpl_val v;
        bool quiet = X->quiet;
        X->quiet = true;
        bool ok = S_resolve(X, e->base, &v);
        X->quiet = quiet;
        *out = S_bool(e->b ? !ok : ok);
        return true;
    }
    }
    return false;
}

/* ------------------------------------------------------------ output */

/* Puts S into the sink; true when it went in. */
static bool S_out(S_x *X, const char *s, tb_tpl_pos pos)
{
    if (X->check || !X->sink)
        return false;
    if (X->sink == &X->para && !X->para_open) {
        const char *p = s;
        while (*p && S_blank_byte((unsigned char)*p))
            p++;
        if (!*p)
            return false;
        X->para_open = true;
        X->para_pos = pos;
    }
    size_t n = strlen(s);
    if (!S_spend(X, 0, n, pos))
        return false;
    S_sink_text(X->sink, s, n, X->style);
    return true;
}

/* Bytes of S once the sink has collapsed its whitespace. */
static size_t S_collapsed_len(const char *s)
{
    size_t n = 0;
    bool space = false, any = false;
    for (; *s; s++) {
        if (S_blank_byte((unsigned char)*s)) {
            space = any;
            continue;
        }
        n += 1 + space;
        space = false;
        any = true;
    }
    return n;
}

/* Records that text S, just put into the sink, says the value at the last
 * traced path.  A breakdown's member (printed by `label`) claims its name;
 * other groups and lists make no claim. */
static void S_record_claim(S_x *X, const char *s)
{
    size_t len = S_collapsed_len(s);
    if (!X->traced || !len || len > X->sink->plain_len)
        return;
    const json_t *j = X->path_json;
    if (json_is_object(j)) {
        static const char *const keys[] = {"names", "name", "code"};
        const json_t *name = NULL;
        for (size_t i = 0; i < 3 && !name; i++) {
            name = json_object_get(j, keys[i]);
            if (i == 0 && name) {
                const char *lang = tb_fmt_is_ko(X->lang) ? "ko" : "en";
                name = json_object_get(name, lang);
                if (name)
                    tb_buf_printf(&X->path, ".names.%s", lang);
            } else if (name) {
                tb_buf_printf(&X->path, ".%s", keys[i]);
            }
        }
        j = name;
        if (!j)
            return;
    } else if (json_is_array(j)) {
        return;
    }
    S_claims *c = &X->sink->cl;
    TB_GROW(c->v, c->cap, c->n + 1);
    char *value = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    c->v[c->n++] = (S_claim){X->sink->plain_len - len, len, tb_buf_take(&X->path), tb_mem_strdup(value ? value : "null")};
    free(value);
}

static void S_para_close(S_x *X)
{
    if (X->check || !X->para_open)
        return;
    X->para_open = false;
    if (!X->para.any) {
        S_sink_take(&X->para, NULL);
        return;
    }
    char *origin = S_origin(X, X->para_pos);
    tb_doc_block *b = tb_doc_append(X->doc, TB_DOC_PARAGRAPH, origin);
    free(origin);
    S_claims_give(&X->para.cl, b, "text");
    S_sink_take(&X->para, &b->text);
}

static void S_walk(S_x *X, uint32_t first);

/* Expands node list LIST as text into a fresh sink (runs into T, or plain
 * into *PLAIN; its claims into CL, or dropped when CL is NULL).  T and PLAIN
 * may both be NULL while checking. */
static void S_text_into(S_x *X, uint32_t list, tb_doc_text *t, char **plain, S_claims *cl)
{
    S_sink k;
    memset(&k, 0, sizeof k);
    S_sink *saved = X->sink;
    unsigned style = X->style;
    X->sink = &k;
    X->style = 0;
    S_walk(X, list);
    X->sink = saved;
    X->style = style;
    if (cl) {
        S_claims_free(cl);
        *cl = k.cl;
        memset(&k.cl, 0, sizeof k.cl);
    }
    if (plain)
        *plain = S_sink_plain(&k);
    else
        S_sink_take(&k, t);
}

static char *S_plain(S_x *X, uint32_t list, S_claims *cl)
{
    char *s = NULL;
    S_text_into(X, list, NULL, &s, cl);
    return s;
}

static const tb_tpl_targ *S_targ(const tb_tpl_dir *d, const char *key)
{
    for (size_t i = 0; i < d->n_targs; i++)
        if (strcmp(d->targs[i].key, key) == 0)
            return &d->targs[i];
    return NULL;
}

static char *S_targ_plain(S_x *X, const tb_tpl_dir *d, const char *key, S_claims *cl)
{
    const tb_tpl_targ *a = S_targ(d, key);
    return a ? S_plain(X, a->text, cl) : tb_mem_strdup("");
}

/* ------------------------------------------------------------ loops */

typedef struct {
    int kind; /* 0 null, 1 number, 2 text */
    double num;
    const char *str;
    size_t idx;
    bool desc;
} S_key;

static int S_key_cmp(const void *pa, const void *pb)
{
    const S_key *a = pa, *b = pb;
    if ((a->kind == 0) != (b->kind == 0))
        return a->kind == 0 ? 1 : -1; /* nulls last */
    int c = 0;
    if (a->kind != 0) {
        if (a->kind != b->kind)
            c = a->kind < b->kind ? -1 : 1; /* numbers before texts */
        else if (a->kind == 1)
            c = a->num < b->num ? -1 : a->num > b->num ? 1 : 0;
        else
            c = strcmp(a->str, b->str);
        if (a->desc)
            c = -c;
    }
    if (c)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx ? 1 : 0;
}

/* Binds NAME to element I (0-based) of LIST, whose path is LPATH (NULL:
 * unknown), as the loop's INDEX-th of LENGTH. */
static void S_push_scope(S_x *X, const char *name, const json_t *list, size_t i, const char *lpath, size_t index,
                         size_t length)
{
    TB_GROW(X->scopes, X->cap_scopes, X->n_scopes + 1);
    const json_t *el = json_array_get(list, i);
    tb_tpl_val v = {.kind = TV_UNKNOWN};
    if (el)
        v = S_from_json(el);
    char *path = lpath && el && !X->check ? tb_mem_printf("%s.%zu", lpath, i) : NULL;
    X->scopes[X->n_scopes++] = (S_scope){name, v, index, length, path, el};
}

static void S_pop_scope(S_x *X)
{
    free(X->scopes[--X->n_scopes].path);
}

/* The value at SEGS inside element V (objects only; null when missing).
 * *MISSING is set to the first segment not found. */
static tb_tpl_val S_inside(tb_tpl_val v, char *const *segs, size_t n, size_t *missing)
{
    *missing = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        if (v.kind != TV_JSON || !json_is_object(v.j)) {
            if (v.kind != TV_NULL && v.kind != TV_UNKNOWN)
                *missing = k;
            tb_tpl_val nul = {.kind = v.kind == TV_UNKNOWN ? TV_UNKNOWN : TV_NULL};
            return nul;
        }
        const json_t *c = json_object_get(v.j, segs[k]);
        if (!c) {
            *missing = k;
            tb_tpl_val nul = {.kind = TV_NULL};
            return nul;
        }
        v = S_from_json(c);
    }
    return v;
}

/* The list a {% for %} or @table goes through: an array, or the members
 * of a breakdown.  NULL for null; sets *BAD for anything else. */
static const json_t *S_list_of(tb_tpl_val v, bool *bad)
{
    *bad = false;
    if (v.kind == TV_JSON && json_is_array(v.j))
        return v.j;
    if (v.kind == TV_JSON && json_is_array(json_object_get(v.j, "members")))
        return json_object_get(v.j, "members");
    if (v.kind != TV_NULL && v.kind != TV_UNKNOWN)
        *bad = true;
    return NULL;
}

static void S_for(S_x *X, const tb_tpl_node *n)
{
    tb_tpl_val lv;
    if (!S_eval_traced(X, n->expr, &lv))
        return;
    bool bad;
    const json_t *list = S_list_of(lv, &bad);
    /* the elements' paths: LIST.I, or BREAKDOWN.members.I */
    tb_buf lpath = {0};
    if (X->traced && list && !X->check)
        tb_buf_printf(&lpath, "%s%s", tb_buf_str(&X->path), list != lv.j ? ".members" : "");
    if (bad) {
        S_err(X, n->expr, S_e(X, n->expr)->pos, S_e(X, n->expr)->src,
              "{%% for %%} needs a list, like items or items.members, not %s", S_kind_word(lv));
        return;
    }
    size_t total = list ? json_array_size(list) : 0;
    if (X->check) {
        S_push_scope(X, n->str, list, 0, NULL, 1, total ? total : 1);
        tb_tpl_val el = X->scopes[X->n_scopes - 1].val;
        if (n->where) {
            tb_tpl_val w;
            S_eval(X, n->where, &w);
        }
        if (n->sort_segs) {
            size_t missing;
            S_inside(el, n->sort_segs, n->n_sort_segs, &missing);
            if (missing != SIZE_MAX) {
                const char *cands[64];
                size_t nc = 0;
                const json_t *o = el.j;
                for (size_t k = 0; k < missing; k++)
                    o = json_object_get(o, n->sort_segs[k]);
                const char *key;
                json_t *val;
                if (json_is_object(o))
                    json_object_foreach((json_t *)o, key, val)
                    {
                        if (nc < 64)
                            cands[nc++] = key;
                    }
                const char *s = tb_tpl_suggest(n->sort_segs[missing], cands, nc);
                if (s) {
                    /* the whole key as written, with the bad part replaced */
                    const char *src = n->sort_src, *at = src;
                    size_t written = 1; /* segments as written, "m." included */
                    for (const char *q = src; *q; q++)
                        written += *q == '.';
                    for (size_t k = 0; k < written - n->n_sort_segs + missing; k++)
                        at = strchr(at, '.') + 1;
                    char *full = tb_mem_printf("%.*s%s", (int)(at - src), src, s);
                    S_err(X, 0, n->sort_pos, n->sort_src, "unknown fact to sort by; did you mean \"%s\"?", full);
                    free(full);
                } else
                    S_err(X, 0, n->sort_pos, n->sort_src, "unknown fact to sort by");
            }
        }
        S_walk(X, n->body);
        S_pop_scope(X);
        S_walk(X, n->body2);
        return;
    }
    S_key *keys = tb_mem_calloc(total ? total : 1, sizeof *keys);
    size_t count = 0;
    for (size_t i = 0; i < total && !S_stop(X); i++) {
        tb_tpl_val el = S_from_json(json_array_get(list, i));
        if (n->where) {
            if (!S_spend(X, 1, 0, n->pos))
                break;
            S_push_scope(X, n->str, list, i, NULL, i + 1, total);
            tb_tpl_val w;
            bool ok = S_eval(X, n->where, &w);
            S_pop_scope(X);
            tb_tpl_arena_clear(&X->f);
            if (!ok || !S_truth(w))
                continue;
        }
        S_key *k = &keys[count++];
        k->idx = i;
        k->desc = n->sort_desc;
        if (n->sort_segs) {
            size_t missing;
            tb_tpl_val sv = S_inside(el, n->sort_segs, n->n_sort_segs, &missing);
            k->kind = sv.kind == TV_NUM ? 1 : sv.kind == TV_STR ? 2 : 0;
            k->num = sv.num;
            k->str = sv.s;
        }
    }
    if (n->sort_segs)
        qsort(keys, count, sizeof *keys, S_key_cmp);
    if (n->limit > 0 && count > (size_t)n->limit)
        count = (size_t)n->limit;
    if (count == 0) {
        S_walk(X, n->body2);
    } else {
        for (size_t k = 0; k < count && S_spend(X, 1, 0, n->pos) && !S_stop(X); k++) {
            S_push_scope(X, n->str, list, keys[k].idx, tb_buf_str(&lpath), k + 1, count);
            S_walk(X, n->body);
            S_pop_scope(X);
        }
    }
    free(keys);
    tb_buf_free(&lpath);
}

/* ------------------------------------------------------------ tables */

static double S_numat(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *S_label(const S_x *X, const json_t *m)
{
    const json_t *s = json_object_get(json_object_get(m, "names"), tb_fmt_is_ko(X->lang) ? "ko" : "en");
    if (!json_is_string(s))
        s = json_object_get(m, "name");
    if (!json_is_string(s))
        s = json_object_get(m, "code");
    return json_is_string(s) ? json_string_value(s) : "";
}

/* Sort key of member M for column COL. */
static void S_col_key(const S_x *X, const json_t *m, int col, S_key *k)
{
    double v = NAN;
    k->kind = 1;
    switch (col) {
    case TCOL_NAME:
        k->kind = 2;
        k->str = S_label(X, m);
        return;
    case TCOL_CODE:
        k->kind = 2;
        k->str = json_string_value(json_object_get(m, "code"));
        if (!k->str)
            k->kind = 0;
        return;
    case TCOL_VALUE:
        v = S_numat(m, "value");
        break;
    case TCOL_CHANGE:
        v = S_numat(m, "yoy_change");
        break;
    case TCOL_YOY:
        v = S_numat(m, "yoy_pct");
        break;
    case TCOL_MOM:
        v = S_numat(m, "mom_pct");
        break;
    case TCOL_SHARE:
        v = S_numat(m, "share_pct");
        break;
    case TCOL_CONTRIBUTION:
        v = S_numat(m, "contribution_pp");
        break;
    case TCOL_RANK:
        v = S_numat(json_object_get(m, "rank"), "value");
        break;
    case TCOL_STREAK: {
        const json_t *s = json_object_get(m, "yoy_streak");
        if (!s)
            s = json_object_get(m, "sign_streak");
        const char *d = json_string_value(json_object_get(s, "direction"));
        if (!d)
            d = json_string_value(json_object_get(s, "sign"));
        v = S_numat(s, "months");
        if (d && (strcmp(d, "down") == 0 || strcmp(d, "deficit") == 0))
            v = -v;
        break;
    }
    default:
        break;
    }
    k->num = v;
    if (isnan(v))
        k->kind = 0;
}

static const char *S_col_header(const S_x *X, int col, const json_t *bd, const tb_fmt_scale *vs,
                                const tb_fmt_scale *cs, int spark, char *buf, size_t size)
{
    bool ko = tb_fmt_is_ko(X->lang);
    bool partner = json_is_string(json_object_get(bd, "along")) &&
                   strcmp(json_string_value(json_object_get(bd, "along")), "partner") == 0;
    switch (col) {
    case TCOL_NAME:
        return ko ? (partner ? "국가·지역" : "품목") : (partner ? "Partner" : "Item");
    case TCOL_CODE:
        return ko ? "코드" : "Code";
    case TCOL_VALUE:
        snprintf(buf, size, ko ? "금액(%s)" : "Value (%s)", vs->label);
        return buf;
    case TCOL_CHANGE:
        snprintf(buf, size, ko ? "증감액(%s)" : "Change (%s)", cs->label);
        return buf;
    case TCOL_YOY:
        return ko ? "증감률" : "y/y";
    case TCOL_MOM:
        return ko ? "전월비" : "m/m";
    case TCOL_SHARE:
        return ko ? "비중" : "Share";
    case TCOL_CONTRIBUTION:
        return ko ? "기여도" : "Contribution";
    case TCOL_STREAK:
        return ko ? "연속" : "Streak";
    case TCOL_RANK:
        return ko ? "순위" : "Rank";
    case TCOL_SPARKLINE:
        snprintf(buf, size, ko ? "%d개월 추이" : "%d months", spark);
        return buf;
    default:
        return "";
    }
}

static void S_cell(const S_x *X, const json_t *m, bool total, int col, const tb_fmt_scale *vs,
                   const tb_fmt_scale *cs, char *buf, size_t size)
{
    bool ko = tb_fmt_is_ko(X->lang);
    buf[0] = '\0';
    switch (col) {
    case TCOL_NAME:
        snprintf(buf, size, "%s", S_label(X, m));
        return;
    case TCOL_CODE: {
        const char *c = json_string_value(json_object_get(m, "code"));
        snprintf(buf, size, "%s", c ? c : "");
        return;
    }
    case TCOL_VALUE:
        tb_fmt_number(buf, size, S_numat(m, "value") / vs->divisor, 1, 0);
        return;
    case TCOL_CHANGE:
        tb_fmt_number(buf, size, S_numat(m, "yoy_change") / cs->divisor, 1, TB_FMT_SIGN);
        return;
    case TCOL_YOY:
        tb_fmt_pct(buf, size, S_numat(m, "yoy_pct"), 1, TB_FMT_SIGN);
        return;
    case TCOL_MOM:
        tb_fmt_pct(buf, size, S_numat(m, "mom_pct"), 1, TB_FMT_SIGN);
        return;
    case TCOL_SHARE:
        tb_fmt_pct(buf, size, total && !isnan(S_numat(m, "value")) ? 100.0 : S_numat(m, "share_pct"), 1, 0);
        return;
    case TCOL_CONTRIBUTION:
        tb_fmt_pp(buf, size, total ? S_numat(m, "yoy_pct") : S_numat(m, "contribution_pp"), 1, X->lang, TB_FMT_SIGN);
        return;
    case TCOL_RANK: {
        double r = S_numat(json_object_get(m, "rank"), "value");
        if (total)
            r = NAN;
        tb_fmt_number(buf, size, r, 0, 0);
        return;
    }
    case TCOL_STREAK: {
        const json_t *s = json_object_get(m, "yoy_streak");
        bool sign = false;
        if (!s) {
            s = json_object_get(m, "sign_streak");
            sign = true;
        }
        const char *d = json_string_value(json_object_get(s, sign ? "sign" : "direction"));
        double months = S_numat(s, "months");
        if (!d || isnan(months)) {
            tb_fmt_number(buf, size, NAN, 0, 0);
            return;
        }
        bool up = strcmp(d, "up") == 0 || strcmp(d, "surplus") == 0;
        const char *word = ko ? (sign ? (up ? "흑자" : "적자") : (up ? "증가" : "감소"))
                              : (sign ? (up ? "surplus" : "deficit") : (up ? "up" : "down"));
        if (ko)
            snprintf(buf, size, "%.0f개월 %s", months, word);
        else
            snprintf(buf, size, "%s %.0f month%s", word, months, months == 1 ? "" : "s");
        return;
    }
    default:
        return;
    }
}

/* The fact of member M (or the total) that column COL shows, as a path
 * inside M; NULL for columns that show none. */
static const char *S_col_fact(const S_x *X, const json_t *m, bool total, int col)
{
    switch (col) {
    case TCOL_NAME: {
        const json_t *names = json_object_get(m, "names");
        bool ko = tb_fmt_is_ko(X->lang);
        if (json_is_string(json_object_get(names, ko ? "ko" : "en")))
            return ko ? "names.ko" : "names.en";
        return json_is_string(json_object_get(m, "name")) ? "name" : "code";
    }
    case TCOL_CODE:
        return "code";
    case TCOL_VALUE:
        return "value";
    case TCOL_CHANGE:
        return "yoy_change";
    case TCOL_YOY:
        return "yoy_pct";
    case TCOL_MOM:
        return "mom_pct";
    case TCOL_SHARE:
        return total ? NULL : "share_pct";
    case TCOL_CONTRIBUTION:
        return total ? "yoy_pct" : "contribution_pp";
    case TCOL_RANK:
        return total ? NULL : "rank.value";
    case TCOL_STREAK:
        return json_object_get(m, "yoy_streak")    ? "yoy_streak.months"
               : json_object_get(m, "sign_streak") ? "sign_streak.months"
                                                   : NULL;
    default:
        return NULL;
    }
}

/* Claims cell (R, C) of B, text TEXT: member M at MPATH, column COL. */
static void S_cell_claim(const S_x *X, tb_doc_block *b, size_t r, size_t c, const char *text, const json_t *m,
                         const char *mpath, bool total, int col)
{
    const char *fact = S_col_fact(X, m, total, col);
    if (!fact || !*text)
        return;
    const json_t *j = m;
    char *segs = tb_mem_strdup(fact), *save = NULL;
    for (char *seg = strtok_r(segs, ".", &save); seg; seg = strtok_r(NULL, ".", &save))
        j = json_object_get(j, seg);
    free(segs);
    char *value = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    char *path = tb_mem_printf("%s.%s", mpath, fact);
    char part[48];
    snprintf(part, sizeof part, "cell.%zu.%zu", r, c);
    tb_doc_add_claim(b, part, 0, strlen(text), path, value ? value : "null");
    free(path);
    free(value);
}

/* Sparkline history of the row's series from the context's dataset. */
static void S_spark(const S_x *X, tb_doc_row *row, const char *bdname, const json_t *m, bool total, size_t idx,
                    int months)
{
    const tb_dataset *ds = X->ctx ? X->ctx->ds : NULL;
    if (!ds || X->month == TB_MONTH_NONE)
        return;
    const tb_breakdown *bd = tb_dataset_breakdown_by_name(ds, bdname);
    if (!bd)
        return;
    const char *code = json_string_value(json_object_get(m, "code"));
    size_t series = SIZE_MAX;
    if (total) {
        series = bd->total;
    } else {
        for (size_t pass = 0; pass < 2 && series == SIZE_MAX; pass++)
            for (size_t i = pass ? 0 : idx; i < (pass ? bd->n_members : idx + 1) && i < bd->n_members; i++) {
                const tb_key *k = &tb_dataset_get(ds, bd->members[i])->key;
                const char *c = tb_dataset_code(ds, bd->along, bd->along == TB_DIM_PARTNER ? k->partner : k->product);
                if (code && c && strcmp(code, c) == 0) {
                    series = bd->members[i];
                    break;
                }
            }
    }
    if (series == SIZE_MAX)
        return;
    const double *v = tb_dataset_get(ds, series)->v;
    int n = tb_dataset_months(ds);
    long end = (long)(X->month - tb_dataset_start(ds));
    double *out = tb_mem_calloc((size_t)months, sizeof *out);
    for (int i = 0; i < months; i++) {
        long t = end - months + 1 + i;
        out[i] = t >= 0 && t < n ? v[t] : NAN;
    }
    tb_doc_set_spark(row, out, (size_t)months);
    free(out);
}

/* The "other" row of a table with a total: the total minus the N shown
 * members, so the value, change and contribution columns add up to the
 * total row.  Ownership: caller json_decref()s; NULL when there is no
 * total, a shown value is missing, or the shown members are the whole. */
static json_t *S_other_row(const S_x *X, const char *bdname, const json_t *tot, const json_t *members,
                           const S_key *keys, size_t n)
{
    double tv = S_numat(tot, "value"), tc = S_numat(tot, "yoy_change"), v = tv, c = tc;
    for (size_t i = 0; tot && i < n; i++) {
        const json_t *m = json_array_get(members, keys[i].idx);
        v -= S_numat(m, "value");
        c -= S_numat(m, "yoy_change");
    }
    if (!tot || isnan(v) || fabs(v) <= 1e-9 * fabs(tv))
        return NULL;
    bool ko = tb_fmt_is_ko(X->lang), items = strcmp(bdname, "items") == 0;
    bool partners = strcmp(bdname, "partners") == 0;
    const char *name = ko ? (items ? "기타 품목" : partners ? "기타 지역" : "기타")
                          : (items ? "Other items" : partners ? "Other destinations" : "Other");
    json_t *o = json_pack("{s:s,s:f}", "name", name, "value", v);
    if (tv != 0)
        json_object_set_new(o, "share_pct", json_real(v / tv * 100));
    if (!isnan(c)) {
        double base = v - c, tbase = tv - tc;
        json_object_set_new(o, "yoy_change", json_real(c));
        if (base > 0)
            json_object_set_new(o, "yoy_pct", json_real(c / base * 100));
        if (tbase > 0)
            json_object_set_new(o, "contribution_pp", json_real(c / tbase * 100));
    }
    return o;
}

static void S_table(S_x *X, const tb_tpl_node *node)
{
    const tb_tpl_dir *d = node->dir;
    const tb_tpl_expr *be = S_e(X, d->expr);
    tb_tpl_val bv;
    if (!S_eval_traced(X, d->expr, &bv))
        return;
    char *bdpath = X->traced ? tb_buf_take(&X->path) : NULL;
    S_claims tcl = {0}, *hcl = tb_mem_calloc(d->n_cells + 1, sizeof *hcl);
    char *title = S_targ_plain(X, d, "title", &tcl);
    char **headers = NULL;
    if (d->n_cells) {
        headers = tb_mem_calloc(d->n_cells, sizeof *headers);
        for (size_t i = 0; i < d->n_cells; i++)
            headers[i] = S_plain(X, d->cells[i], &hcl[i]);
    }
    const json_t *members = NULL;
    if (bv.kind == TV_JSON && json_is_object(bv.j))
        members = json_object_get(bv.j, "members");
    if (bv.kind != TV_UNKNOWN && !json_is_array(members))
        S_err(X, d->expr, be->pos, be->src, "@table needs a breakdown, like items or partners, not %s",
              bv.kind == TV_JSON && json_is_object(bv.j) ? "a group of facts without members" : S_kind_word(bv));
    if (X->check || !json_is_array(members))
        goto done;
    {
        const json_t *bd = bv.j;
        const json_t *tot = d->total ? json_object_get(bd, "total") : NULL;
        size_t n = json_array_size(members);
        S_key *keys = tb_mem_calloc(n ? n : 1, sizeof *keys);
        for (size_t i = 0; i < n; i++) {
            keys[i].idx = i;
            if (d->sort >= 0) {
                S_col_key(X, json_array_get(members, i), d->sort, &keys[i]);
                bool asc_default = d->sort == TCOL_NAME || d->sort == TCOL_CODE || d->sort == TCOL_RANK;
                keys[i].desc = d->desc >= 0 ? d->desc == 1 : !asc_default;
            }
        }
        if (d->sort >= 0)
            qsort(keys, n, sizeof *keys, S_key_cmp);
        size_t shown = d->top > 0 && (size_t)d->top < n ? (size_t)d->top : n;
        const char *bdname = be->segs[be->n_segs - 1];
        json_t *other = S_other_row(X, bdname, tot, members, keys, shown);
        size_t nrows = shown + (tot ? 1 : 0);
        double vmax = 0, cmax = 0;
        for (size_t r = 0; r < nrows; r++) {
            const json_t *m = tot && r == 0 ? tot : json_array_get(members, keys[tot ? r - 1 : r].idx);
            double v = fabs(S_numat(m, "value")), c = fabs(S_numat(m, "yoy_change"));
            vmax = v > vmax ? v : vmax;
            cmax = c > cmax ? c : cmax;
        }
        tb_unit unit = X->f.unit;
        tb_fmt_scale vs = tb_fmt_money_scale(vmax, unit, X->lang), cs = tb_fmt_money_scale(cmax, unit, X->lang);
        char *origin = S_origin(X, node->pos);
        tb_doc_block *b = tb_doc_append(X->doc, TB_DOC_TABLE, origin);
        free(origin);
        b->table.title = title;
        title = NULL;
        S_claims_give(&tcl, b, "title");
        for (size_t c = 0; c < d->n_cells; c++) {
            char part[32];
            snprintf(part, sizeof part, "header.%zu", c);
            S_claims_give(&hcl[c], b, part);
        }
        b->table.breakdown = tb_mem_strdup(bdname);
        b->table.header = true;
        bool spark = false;
        for (size_t c = 0; c < d->n_cols; c++) {
            char hb[96];
            int col = d->cols[c];
            const char *h = headers ? headers[c] : S_col_header(X, col, bd, &vs, &cs, d->spark, hb, sizeof hb);
            enum tb_doc_align al = col == TCOL_NAME || col == TCOL_CODE || col == TCOL_STREAK ? TB_DOC_LEFT
                                   : col == TCOL_SPARKLINE                                   ? TB_DOC_CENTER
                                                                                             : TB_DOC_RIGHT;
            tb_doc_add_column(b, h, al, col == TCOL_SPARKLINE);
            spark |= col == TCOL_SPARKLINE;
        }
        if (spark && X->month != TB_MONTH_NONE)
            b->table.spark_from = X->month - d->spark + 1;
        for (size_t r = 0; r < nrows + (other ? 1 : 0); r++) {
            bool is_total = tot && r == 0, is_other = r == nrows;
            size_t mi = is_total || is_other ? 0 : keys[tot ? r - 1 : r].idx;
            const json_t *m = is_other ? other : is_total ? tot : json_array_get(members, mi);
            tb_doc_row *row = tb_doc_add_row(b);
            row->total = is_total;
            for (size_t c = 0; c < d->n_cols; c++) {
                char cb[128];
                S_cell(X, m, is_total, d->cols[c], &vs, &cs, cb, sizeof cb);
                tb_doc_set_cell(row, c, cb);
                if (bdpath && !is_other) { /* "Other" is derived: total less the rows shown */
                    char *mpath = is_total ? tb_mem_printf("%s.total", bdpath)
                                           : tb_mem_printf("%s.members.%zu", bdpath, mi);
                    S_cell_claim(X, tb_doc_last(X->doc), b->table.n_rows - 1, c, cb, m, mpath, is_total, d->cols[c]);
                    free(mpath);
                }
                if (!S_spend(X, c == 0, strlen(cb), node->pos))
                    break;
            }
            if (X->over)
                break;
            if (spark && !is_other)
                S_spark(X, row, bdname, m, is_total, mi, d->spark);
        }
        json_decref(other);
        free(keys);
    }
done:
    free(title);
    free(bdpath);
    S_claims_free(&tcl);
    for (size_t i = 0; i < d->n_cells; i++)
        S_claims_free(&hcl[i]);
    free(hcl);
    for (size_t i = 0; i < d->n_cells && headers; i++)
        free(headers[i]);
    free(headers);
}

/* ------------------------------------------------------------ directives */

static void S_chart_check(S_x *X, const tb_tpl_node *node)
{
    const tb_tpl_dir *d = node->dir;
    if (!X->ctx || !X->ctx->charts || !d->name)
        return;
    for (size_t i = 0; i < X->ctx->n_charts; i++)
        if (strcmp(X->ctx->charts[i], d->name) == 0)
            return;
    const char *s = tb_tpl_suggest(d->name, (const char **)X->ctx->charts, X->ctx->n_charts);
    if (s) {
        S_err(X, 0, d->name_pos, d->name, "unknown chart; did you mean \"%s\"?", s);
        return;
    }
    tb_buf msg = {0};
    tb_buf_puts(&msg, "unknown chart; the charts are");
    for (size_t i = 0; i < X->ctx->n_charts; i++)
        tb_buf_printf(&msg, "%s %s", i ? "," : "", X->ctx->charts[i]);
    S_err(X, 0, d->name_pos, d->name, "%s", tb_buf_str(&msg));
    tb_buf_free(&msg);
}

/* The chart set of the context's dataset for the month and language with
 * WINDOW months over time (0: the defaults), built once per window in a
 * row.  NULL after reporting into the diag. */
static const tb_chartset *S_chartset(S_x *X, int window)
{
    if (X->charts && X->charts_window == window)
        return X->charts;
    tb_chartset_free(X->charts);
    X->charts = tb_chartset_build_months(X->ctx->ds, X->month, X->lang, window, X->diag);
    X->charts_window = window;
    return X->charts;
}

/* What chart block B draws, from the context's dataset and B's months=,
 * title=, subtitle=, note= and height=, copied into the document.  Without
 * a dataset B has no spec (a renderer reports it). */
static void S_chart_data(S_x *X, tb_doc_block *b, const tb_tpl_dir *d)
{
    const char *v = tb_doc_chart_param(b, "height");
    b->chart.height_mm = v ? strtod(v, NULL) : 0;
    if (!X->ctx || !X->ctx->ds)
        return;
    v = tb_doc_chart_param(b, "months");
    const tb_chartset *set = S_chartset(X, v ? atoi(v) : 0);
    if (!set)
        return;
    const tb_chart_spec *base = tb_chartset_find(set, b->chart.name);
    if (!base) {
        tb_buf list = {0};
        for (size_t i = 0; i < tb_chartset_count(set); i++)
            tb_buf_printf(&list, "%s%s", i ? ", " : "", tb_chartset_name(set, i));
        S_err(X, 0, d->name_pos, d->name, "no chart \"%s\" for this dataset and month (there are: %s)",
              b->chart.name, tb_buf_str(&list));
        tb_buf_free(&list);
        return;
    }
    tb_chart_spec spec = *base;
    if ((v = tb_doc_chart_param(b, "title")))
        spec.title = v;
    if ((v = tb_doc_chart_param(b, "subtitle")))
        spec.subtitle = v;
    if ((v = tb_doc_chart_param(b, "note")))
        spec.note = v;
    b->chart.spec = tb_chart_spec_copy(&spec);
}

static enum tb_doc_dir S_trend(S_x *X, uint32_t ei)
{
    if (!ei)
        return TB_DOC_DIR_NONE;
    tb_tpl_val v;
    if (!S_eval(X, ei, &v))
        return TB_DOC_DIR_NONE;
    enum tb_doc_dir r = TB_DOC_DIR_NONE;
    if (v.kind == TV_NUM) {
        int s = tb_tpl_direction(v.num);
        r = s > 0 ? TB_DOC_DIR_UP : s < 0 ? TB_DOC_DIR_DOWN : TB_DOC_DIR_FLAT;
    } else if (v.kind == TV_STR && (strcmp(v.s, "up") == 0 || strcmp(v.s, "surplus") == 0)) {
        r = TB_DOC_DIR_UP;
    } else if (v.kind == TV_STR && (strcmp(v.s, "down") == 0 || strcmp(v.s, "deficit") == 0)) {
        r = TB_DOC_DIR_DOWN;
    } else if (v.kind == TV_STR && strcmp(v.s, "flat") == 0) {
        r = TB_DOC_DIR_FLAT;
    } else if (v.kind != TV_NULL && v.kind != TV_UNKNOWN) {
        S_err(X, ei, S_e(X, ei)->pos, S_e(X, ei)->src, "trend= needs a number, or up, down or flat, not %s",
              S_kind_word(v));
    }
    tb_tpl_arena_clear(&X->f);
    return r;
}

static void S_directive(S_x *X, const tb_tpl_node *node)
{
    const tb_tpl_dir *d = node->dir;
    enum tb_tpl_dir_kind k = d->kind;
    if (k != TD_ITEM && k != TD_HEADER && k != TD_ROW && k != TD_META)
        S_para_close(X);
    char *origin = X->check ? NULL : S_origin(X, node->pos);
    switch (k) {
    case TD_TITLE:
    case TD_HEADING:
    case TD_SUBHEADING:
    case TD_FOOTNOTE:
    case TD_SOURCE: {
        tb_doc_text t;
        memset(&t, 0, sizeof t);
        S_claims cl = {0};
        S_text_into(X, d->text, X->check ? NULL : &t, NULL, &cl);
        if (X->check || t.n_runs == 0) {
            S_claims_free(&cl);
            free(t.runs);
            free(t.plain);
            break;
        }
        enum tb_doc_kind dk = k == TD_FOOTNOTE ? TB_DOC_FOOTNOTE : k == TD_SOURCE ? TB_DOC_SOURCE : TB_DOC_HEADING;
        tb_doc_block *b = tb_doc_append(X->doc, dk, origin);
        S_claims_give(&cl, b, "text");
        free(b->text.plain);
        b->text = t;
        b->level = k == TD_TITLE ? 0 : k == TD_HEADING ? 1 : 2;
        if (k == TD_TITLE && !tb_doc_meta(X->doc, "title"))
            tb_doc_set_meta(X->doc, "title", t.plain);
        break;
    }
    case TD_PAGEBREAK:
        if (!X->check && tb_doc_count(X->doc) > 0 &&
            tb_doc_block_at(X->doc, tb_doc_count(X->doc) - 1)->kind != TB_DOC_PAGEBREAK)
            tb_doc_append(X->doc, TB_DOC_PAGEBREAK, origin);
        break;
    case TD_SPACER:
        if (!X->check)
            tb_doc_append(X->doc, TB_DOC_SPACER, origin)->lines = d->num;
        break;
    case TD_META:
        for (size_t i = 0; i < d->n_targs; i++) {
            char *v = S_plain(X, d->targs[i].text, NULL);
            if (!X->check)
                tb_doc_set_meta(X->doc, d->targs[i].key, v);
            free(v);
        }
        break;
    case TD_KPI: {
        size_t saved = X->kpi;
        if (!X->check) {
            tb_doc_append(X->doc, TB_DOC_KPI, origin);
            X->kpi = tb_doc_count(X->doc) - 1;
        }
        S_walk(X, node->body);
        X->kpi = saved;
        break;
    }
    case TD_ITEM: {
        static const char *const fields[4] = {"label", "value", "change", "note"};
        S_claims cl[4] = {{0}};
        char *label = S_targ_plain(X, d, "label", &cl[0]), *value = S_targ_plain(X, d, "value", &cl[1]);
        char *change = S_targ_plain(X, d, "change", &cl[2]), *note = S_targ_plain(X, d, "note", &cl[3]);
        enum tb_doc_dir dir = S_trend(X, d->expr);
        tb_doc_block *b = !X->check && X->kpi != SIZE_MAX ? tb_doc_last(X->doc) : NULL;
        if (b)
            tb_doc_add_kpi(b, label, value, change, note, dir);
        for (size_t f = 0; f < 4; f++) {
            char part[48];
            snprintf(part, sizeof part, "kpi.%zu.%s", b ? b->kpi.n - 1 : 0, fields[f]);
            S_claims_give(&cl[f], b, part);
        }
        free(label);
        free(value);
        free(change);
        free(note);
        break;
    }
    case TD_CHART: {
        if (X->check)
            S_chart_check(X, node);
        tb_doc_block *b = X->check ? NULL : tb_doc_append(X->doc, TB_DOC_CHART, origin);
        if (b)
            b->chart.name = tb_mem_strdup(d->name ? d->name : "");
        for (size_t i = 0; i < d->n_targs; i++) {
            S_claims cl = {0};
            char *v = S_plain(X, d->targs[i].text, &cl);
            char *part = tb_mem_printf("param.%s", d->targs[i].key);
            if (b)
                tb_doc_add_param(b, d->targs[i].key, v);
            S_claims_give(&cl, b, part);
            free(part);
            free(v);
        }
        if (b)
            S_chart_data(X, b, d);
        break;
    }
    case TD_TABLE:
        if (d->expr) {
            S_table(X, node);
            break;
        }
        {
            S_claims cl = {0};
            char *title = S_targ_plain(X, d, "title", &cl);
            size_t saved = X->table;
            if (!X->check) {
                tb_doc_block *b = tb_doc_append(X->doc, TB_DOC_TABLE, origin);
                S_claims_give(&cl, b, "title");
                b->table.title = title;
                title = NULL;
                b->table.breakdown = tb_mem_strdup("");
                for (size_t c = 0; c < d->n_cols; c++) {
                    char a = d->align && c < strlen(d->align) ? d->align[c] : c == 0 ? 'l' : 'r';
                    tb_doc_add_column(b, "", a == 'l' ? TB_DOC_LEFT : a == 'c' ? TB_DOC_CENTER : TB_DOC_RIGHT, false);
                }
                X->table = tb_doc_count(X->doc) - 1;
            }
            free(title);
            S_claims_free(&cl);
            S_walk(X, node->body);
            X->table = saved;
        }
        break;
    case TD_HEADER:
    case TD_ROW: {
        tb_doc_block *b = X->check || X->table == SIZE_MAX ? NULL : tb_doc_last(X->doc);
        tb_doc_row *row = b && k == TD_ROW ? tb_doc_add_row(b) : NULL;
        for (size_t c = 0; c < d->n_cells; c++) {
            S_claims cl = {0};
            char *v = S_plain(X, d->cells[c], &cl);
            char part[48];
            if (row)
                snprintf(part, sizeof part, "cell.%zu.%zu", b->table.n_rows - 1, c);
            else
                snprintf(part, sizeof part, "header.%zu", c);
            if (b && c < b->table.n_cols) {
                if (row)
                    tb_doc_set_cell(row, c, v);
                else
                    tb_doc_set_header(b, c, v);
            }
            S_claims_give(&cl, b && c < b->table.n_cols ? b : NULL, part);
            free(v);
        }
        if (b && k == TD_HEADER)
            b->table.header = true;
        break;
    }
    default:
        break;
    }
    free(origin);
}

/* ------------------------------------------------------------ walk */

static void S_value(S_x *X, const tb_tpl_node *n)
{
    tb_tpl_val v;
    const tb_tpl_expr *top = S_e(X, n->expr);
    if (S_eval_traced(X, n->expr, &v)) {
        /* only a fact, filtered or not, is a claim: not a literal, not loop.* */
        if (top->kind != TE_PATH && (top->kind != TE_PIPE || S_e(X, top->base)->kind != TE_PATH))
            X->traced = false;
        const char *s = tb_tpl_val_text(&X->f, v);
        if (!s) {
            const tb_tpl_expr *e = S_e(X, n->expr);
            if (json_is_array(v.j))
                S_err(X, n->expr, e->pos, e->src, "a placeholder needs a single value, not a list: go through it with {%% for %%}");
            else if (json_object_get(v.j, "names") || json_object_get(v.j, "code"))
                S_err(X, n->expr, e->pos, e->src,
                      "a placeholder needs a single value, not a group of facts: add | label for its name, or name one fact, like %s.value",
                      e->src);
            else
                S_err(X, n->expr, e->pos, e->src,
                      "a placeholder needs a single value, not a group of facts: name one of them, like exports.value");
        } else if (S_out(X, s, n->pos)) {
            S_record_claim(X, s);
        }
    }
    tb_tpl_arena_clear(&X->f);
}

/* How a branch condition guards its body while checking: -1 when it
 * requires a fact that does not exist (`x is defined`, alone or joined with
 * and), so the body is not checked; +1 when it is true because a fact does
 * not exist (`x is not defined`), so the later branches are not checked;
 * 0 otherwise. */
static int S_guard(S_x *X, uint32_t ei)
{
    if (!ei)
        return 0;
    const tb_tpl_expr *e = S_e(X, ei);
    tb_tpl_val v;
    if (e->kind == TE_DEFINED) {
        S_eval(X, ei, &v);
        return !v.b && !e->b ? -1 : v.b && e->b ? 1 : 0;
    }
    if (e->kind == TE_AND)
        for (size_t i = 0; i < e->n_kids; i++)
            if (S_e(X, e->kids[i])->kind == TE_DEFINED && S_guard(X, e->kids[i]) < 0)
                return -1;
    return 0;
}

static void S_node_run(S_x *X, uint32_t i)
{
    const tb_tpl_node *n = S_n(X, i);
    switch (n->kind) {
    case TN_TEXT:
        S_out(X, n->str, n->pos);
        break;
    case TN_SPACE:
        S_out(X, " ", n->pos);
        break;
    case TN_BREAK:
        if (X->sink == &X->para)
            S_para_close(X);
        break;
    case TN_STYLE:
        X->style ^= n->style;
        break;
    case TN_VALUE:
        S_value(X, n);
        break;
    case TN_IF:
        for (uint32_t b = n->body; b && !S_stop(X); b = S_n(X, b)->next) {
            const tb_tpl_node *br = S_n(X, b);
            bool take = true;
            if (br->expr) {
                tb_tpl_val v;
                take = S_eval(X, br->expr, &v) && S_truth(v);
                tb_tpl_arena_clear(&X->f);
            }
            if (!X->check) {
                if (take) {
                    S_walk(X, br->body);
                    break;
                }
                continue;
            }
            /* checking: every branch, except what `is defined` rules out */
            int guard = S_guard(X, br->expr);
            if (guard >= 0)
                S_walk(X, br->body);
            if (guard > 0)
                break;
        }
        break;
    case TN_FOR:
        S_for(X, n);
        break;
    case TN_DIRECTIVE:
        S_directive(X, n);
        break;
    default:
        break;
    }
}

static void S_walk(S_x *X, uint32_t first)
{
    for (uint32_t i = first; i && !S_stop(X); i = S_n(X, i)->next)
        S_node_run(X, i);
}

/* ------------------------------------------------------------ entry */

static void S_set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

/* dataset.KEY: LANG's version of metadata KEY, else English, else plain. */
static const char *S_ds_meta(const tb_dataset *ds, const char *key, const char *lang)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s.%s", key, lang);
    const char *v = tb_dataset_meta(ds, buf);
    if (!v) {
        snprintf(buf, sizeof buf, "%s.en", key);
        v = tb_dataset_meta(ds, buf);
    }
    return v ? v : tb_dataset_meta(ds, key);
}

/* NAME with its first letter in lower case unless it starts an acronym
 * ("Semiconductors" -> "semiconductors", "IT products" stays).
 * Ownership: caller frees. */
static char *S_lower_first(const char *name)
{
    char *s = tb_mem_strdup(name);
    if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = (char)(s[0] - 'A' + 'a');
    return s;
}

/* dataset.subject: how the briefing names its flows and itself, with the
 * partner (PAR) and product (PRO) it is about, if any (NULL: the world,
 * all goods): "Exports of semiconductors to China", "대중국 반도체 수출". */
static json_t *S_subject(const char *rep, const char *par, const char *pro, bool ko)
{
    char *lp = pro ? S_lower_first(pro) : NULL;
    json_t *o = json_object();
    if (ko) {
        char *pre = tb_mem_printf("%s%s%s%s%s", par ? "대" : "", par ? par : "", par ? " " : "", pro ? pro : "",
                                  pro ? " " : "");
        json_object_set_new(o, "exports", json_sprintf("%s수출", pre));
        json_object_set_new(o, "imports", json_sprintf("%s수입", pre));
        json_object_set_new(o, "balance", json_sprintf("%s%s%s무역수지", par ? "대" : "", par ? par : "", par ? " " : ""));
        json_object_set_new(o, "title", json_sprintf("%s%s%s %s%s수출입", rep, par ? "·" : "", par ? par : "",
                                                     pro ? pro : "", pro ? " " : ""));
        free(pre);
    } else {
        char *of = tb_mem_printf("%s%s", pro ? " of " : "", pro ? lp : "");
        json_object_set_new(o, "exports", json_sprintf("Exports%s%s%s", of, par ? " to " : "", par ? par : ""));
        json_object_set_new(o, "imports", json_sprintf("Imports%s%s%s", of, par ? " from " : "", par ? par : ""));
        json_object_set_new(o, "balance", json_sprintf("Trade balance%s%s", par ? " with " : "", par ? par : ""));
        json_object_set_new(o, "title", json_sprintf("%s%s%s: trade in %s", rep, par ? " and " : "", par ? par : "",
                                                     pro ? lp : "goods"));
        free(of);
    }
    free(lp);
    return o;
}

static json_t *S_dataset_obj(const json_t *facts, const tb_template_context *ctx, const char *lang, tb_unit unit)
{
    const tb_dataset *ds = ctx ? ctx->ds : NULL;
    bool ko = tb_fmt_is_ko(lang);
    json_t *o = json_object();
    const char *name = json_string_value(json_object_get(facts, "dataset"));
    if (!name && ds)
        name = tb_dataset_name(ds);
    S_set_str(o, "name", name);
    S_set_str(o, "title", ds ? S_ds_meta(ds, "title", lang) : NULL);
    S_set_str(o, "source", ds ? S_ds_meta(ds, "source", lang) : NULL);
    S_set_str(o, "basis", ds ? S_ds_meta(ds, "basis", lang) : NULL);
    const char *rep = json_string_value(json_object_get(facts, "reporter"));
    if (!rep && ds)
        rep = tb_dataset_meta(ds, "reporter");
    S_set_str(o, "reporter_code", rep);
    S_set_str(o, "reporter", ds && rep ? tb_dataset_label(ds, TB_DIM_REPORTER, rep, lang) : rep);
    /* The selection a briefing is about, in words; null for the world / all
     * products, so a template can name it ("exports to China"). */
    const char *par = json_string_value(json_object_get(facts, "partner"));
    const char *pro = json_string_value(json_object_get(facts, "product"));
    bool sp = par && strcmp(par, "WLD") != 0, sq = pro && strcmp(pro, "TOTAL") != 0;
    const char *pname = sp ? (ds ? tb_dataset_label(ds, TB_DIM_PARTNER, par, lang) : par) : NULL;
    const char *qname = sq ? (ds ? tb_dataset_label(ds, TB_DIM_PRODUCT, pro, lang) : pro) : NULL;
    S_set_str(o, "partner", pname);
    S_set_str(o, "product", qname);
    const char *rname = json_string_value(json_object_get(o, "reporter"));
    json_object_set_new(o, "subject", S_subject(rname ? rname : (ko ? "전체" : "Trade"), pname, qname, ko));
    S_set_str(o, "currency", unit.currency);
    json_object_set_new(o, "multiplier", json_real(unit.multiplier));
    /* "thousand USD" / "천 달러" */
    tb_fmt_scale cur = tb_fmt_money_scale(0, unit, lang);
    double m = unit.multiplier;
    const char *mag = m == 1e3 ? (ko ? "천 " : "thousand ") : m == 1e6 ? (ko ? "백만 " : "million ")
                      : m == 1e9 ? (ko ? "십억 " : "billion ")
                                 : "";
    char *u = tb_mem_printf("%s%s", mag, ko ? cur.label : unit.currency);
    S_set_str(o, "unit", u);
    free(u);
    char mb[8];
    tb_month last = ds ? tb_dataset_last_month(ds) : TB_MONTH_NONE;
    S_set_str(o, "first_month", ds && tb_dataset_months(ds) > 0 ? tb_month_iso(tb_dataset_start(ds), mb) : NULL);
    S_set_str(o, "last_month", last != TB_MONTH_NONE ? tb_month_iso(last, mb) : NULL);
    json_object_set_new(o, "working_days", ds ? json_boolean(tb_dataset_workdays(ds) != NULL) : json_null());
    json_object_set_new(o, "revision", json_null());
    for (size_t i = 0; ctx && i < ctx->n_meta; i++)
        S_set_str(o, ctx->meta[i].key, ctx->meta[i].value);
    return o;
}

tb_doc *tb_template_expand(const tb_template *t, const json_t *facts, const tb_template_context *ctx,
                           tb_diag *diag)
{
    size_t before = diag->errors;
    S_x X;
    memset(&X, 0, sizeof X);
    X.t = t;
    X.diag = diag;
    X.ctx = ctx;
    X.facts = json_is_object(facts) ? facts : NULL;
    X.series = json_object_get(X.facts, "series");
    X.breakdowns = json_object_get(X.facts, "breakdowns");
    if (!json_is_object(X.series))
        X.series = NULL;
    if (!json_is_object(X.breakdowns))
        X.breakdowns = NULL;
    X.lang = t->lang ? t->lang : ctx && ctx->lang ? ctx->lang : "en";
    X.f.lang = X.lang;
    tb_unit unit = {"USD", 1};
    if (ctx && ctx->ds)
        unit = tb_dataset_unit(ctx->ds);
    const json_t *ju = json_object_get(X.facts, "unit");
    if (json_is_string(json_object_get(ju, "currency")))
        snprintf(unit.currency, sizeof unit.currency, "%s", json_string_value(json_object_get(ju, "currency")));
    if (json_is_number(json_object_get(ju, "multiplier")))
        unit.multiplier = json_number_value(json_object_get(ju, "multiplier"));
    X.f.unit = unit;
    const char *ms = json_string_value(json_object_get(X.facts, "month"));
    if (!ms || !tb_month_parse(ms, strlen(ms), TB_MONTH_ISO, &X.month))
        X.month = TB_MONTH_NONE;
    X.dataset = S_dataset_obj(X.facts, ctx, X.lang, unit);
    X.reported = tb_mem_calloc(t->n_exprs + 1, 1);
    X.cache = tb_mem_calloc(t->n_exprs + 1, sizeof *X.cache);
    X.kpi = X.table = SIZE_MAX;
    X.sink = &X.para;

    X.check = true;
    S_walk(&X, t->root);
    tb_doc *doc = NULL;
    if (diag->errors == before) {
        X.check = false;
        X.n_scopes = 0;
        X.style = 0;
        doc = X.doc = tb_doc_new();
        tb_doc_set_meta(doc, "lang", X.lang);
        if (ms)
            tb_doc_set_meta(doc, "month", ms);
        const char *name = json_string_value(json_object_get(X.dataset, "name"));
        if (name)
            tb_doc_set_meta(doc, "dataset", name);
        const char *title = json_string_value(json_object_get(X.dataset, "title"));
        if (title)
            tb_doc_set_meta(doc, "dataset_title", title);
        S_walk(&X, t->root);
        S_para_close(&X);
        if (diag->errors != before) {
            tb_doc_free(doc);
            doc = NULL;
        }
    }
    S_sink_take(&X.para, NULL);
    tb_buf_free(&X.path);
    while (X.n_scopes)
        S_pop_scope(&X);
    tb_tpl_arena_clear(&X.f);
    free(X.f.strs);
    free(X.scopes);
    free(X.reported);
    free(X.cache);
    json_decref(X.dataset);
    tb_chartset_free(X.charts);
    return doc;
}
