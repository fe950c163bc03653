/* template_eval: see template_eval.h. */
#include "template_eval.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

/* Counts STEPS loop steps (a member looked at, a body run, a table row)
 * and BYTES of text against the budgets, so that loops nested over long
 * lists end with a message instead of running for hours: false, after
 * the message (once), when a budget is spent. */
bool tb_tpl_eval_spend(tb_tpl_x *X, size_t steps, size_t bytes, tb_tpl_pos pos)
{
    if (X->over)
        return false;
    X->steps += steps;
    X->bytes += bytes;
    if (X->steps > X->max_steps)
        tb_tpl_error(X->t, X->diag, pos, NULL,
                     "the template runs past %zu million loop steps (loops nested over long lists?)",
                     X->max_steps / 1000000);
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
void tb_tpl_eval_err(tb_tpl_x *X, uint32_t e, tb_tpl_pos pos, const char *found, const char *fmt, ...)
{
    if (X->quiet)
        return;
    if (e) {
        if (X->reported[e])
            return;
        X->reported[e] = 1;
    }
    tb_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    tb_tpl_error(X->t, X->diag, pos, found, "%s", tb_buf_str(&msg));
    tb_buf_free(&msg);
}

char *tb_tpl_eval_origin(const tb_tpl_x *X, tb_tpl_pos pos)
{
    return tb_mem_printf("%s:%u", X->t->files[pos.file], pos.line);
}

/* ------------------------------------------------------------ values */

tb_tpl_val tb_tpl_eval_from_json(const json_t *j)
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

bool tb_tpl_eval_truth(tb_tpl_val v)
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

const char *tb_tpl_eval_kind_word(tb_tpl_val v)
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
    tb_buf s = {0};
    tb_buf_put(&s, "", 0);
    for (size_t i = 0; i < k; i++) {
        tb_buf_put(&s, e->segs[i], strlen(e->segs[i]));
        tb_buf_put(&s, ".", 1);
    }
    tb_buf_put(&s, sugg, strlen(sugg));
    return s.p;
}

static void S_unknown(tb_tpl_x *X, uint32_t ei, size_t k, const char **cands, size_t n)
{
    const tb_tpl_expr *e = tb_tpl_eval_expr(X, ei);
    const char *s = tb_tpl_suggest(e->segs[k], cands, n);
    if (s) {
        char *full = S_path_with(e, k, s);
        tb_tpl_eval_err(X, ei, e->pos, e->src, "unknown fact; did you mean \"%s\"?", full);
        free(full);
    } else {
        tb_tpl_eval_err(X, ei, e->pos, e->src, "unknown fact");
    }
}

/* The member of list A whose "code" is CODE, cached for expression EI. */
static const json_t *S_member(tb_tpl_x *X, uint32_t ei, const json_t *a, const char *code)
{
    tb_tpl_cache *c = &X->cache[ei];
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
static void S_trace(tb_tpl_x *X, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_trace(tb_tpl_x *X, const char *fmt, ...)
{
    if (!X->trace)
        return;
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&X->path, fmt, ap);
    va_end(ap);
}

static bool S_resolve(tb_tpl_x *X, uint32_t ei, tb_tpl_val *out)
{
    const tb_tpl_expr *e = tb_tpl_eval_expr(X, ei);
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
        tb_tpl_eval_err(X, ei, e->pos, e->src, "loop is only known inside {%% for %%} ... {%% endfor %%}");
        return false;
    }
    if (!found && strcmp(first, "loop") == 0) {
        static const char *const words[] = {"index", "length", "first", "last", "remaining"};
        const tb_tpl_scope *sc = &X->scopes[X->n_scopes - 1];
        if (e->n_segs != 2) {
            tb_tpl_eval_err(X, ei, e->pos, e->src,
                            "loop needs one of index, length, first, last, remaining, like loop.index");
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
        cur = tb_tpl_eval_from_json(j);
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
            cur = tb_tpl_eval_from_json(child);
            cj = child;
        } else if (cur.kind == TV_JSON) {
            const json_t *first_el = json_array_get(cur.j, 0);
            if (first_el && !json_is_string(json_object_get(first_el, "code"))) {
                char *p = S_path_with(e, k, "");
                p[strlen(p) - 1] = '\0';
                tb_tpl_eval_err(X, ei, e->pos, e->src, "%s is a list: go through it with {%% for x in %s %%}", p, p);
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
            cur = tb_tpl_eval_from_json(m);
            cj = m;
        } else {
            char *p = S_path_with(e, k, "");
            p[strlen(p) - 1] = '\0';
            tb_tpl_eval_err(X, ei, e->pos, e->src, "%s is %s and has no facts inside", p, tb_tpl_eval_kind_word(cur));
            free(p);
            return false;
        }
    }
    *out = cur;
    X->traced = traced && X->trace;
    X->path_json = cj;
    return true;
}

static bool S_compare(tb_tpl_x *X, uint32_t ei, tb_tpl_val *out)
{
    const tb_tpl_expr *e = tb_tpl_eval_expr(X, ei);
    tb_tpl_val a, b;
    if (!tb_tpl_eval(X, e->kids[0], &a) || !tb_tpl_eval(X, e->kids[1], &b))
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
        tb_tpl_eval_err(X, ei, e->pos, e->src, "cannot compare %s with %s", tb_tpl_eval_kind_word(a),
                        tb_tpl_eval_kind_word(b));
        return false;
    }
    bool r = e->op == TC_LT ? c < 0 : e->op == TC_LE ? c <= 0 : e->op == TC_GT ? c > 0 : c >= 0;
    *out = S_bool(r);
    return true;
}

bool tb_tpl_eval_traced(tb_tpl_x *X, uint32_t ei, tb_tpl_val *out)
{
    X->trace = !X->check;
    X->traced = false;
    bool ok = tb_tpl_eval(X, ei, out);
    X->trace = false;
    return ok;
}

bool tb_tpl_eval(tb_tpl_x *X, uint32_t ei, tb_tpl_val *out)
{
    const tb_tpl_expr *e = tb_tpl_eval_expr(X, ei);
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
        if (!tb_tpl_eval(X, e->base, &v))
            return false;
        for (size_t i = 0; i < e->n_calls; i++) {
            tb_tpl_val r;
            const char *found = NULL;
            const char *msg = tb_tpl_filter_apply(&X->f, &e->calls[i], v, &r, &found);
            if (msg) {
                tb_tpl_eval_err(X, ei, e->calls[i].pos, found, "%s", msg);
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
            if (!tb_tpl_eval(X, e->kids[i], &v)) {
                ok = false;
                continue;
            }
            bool t = tb_tpl_eval_truth(v);
            if (is_or ? t : !t) {
                result = is_or;
                /* while checking, go on to check the rest, unless an
                 * `is defined` test decided it: what follows may name
                 * facts that do not exist */
                if (!X->check || tb_tpl_eval_expr(X, e->kids[i])->kind == TE_DEFINED)
                    break;
            }
        }
        *out = S_bool(result);
        return ok;
    }
    case TE_NOT: {
        tb_tpl_val v;
        if (!tb_tpl_eval(X, e->base, &v))
            return false;
        *out = S_bool(!tb_tpl_eval_truth(v));
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

int tb_tpl_eval_key_cmp(const void *pa, const void *pb)
{
    const tb_tpl_key *a = pa, *b = pb;
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
