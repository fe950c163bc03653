/* revise: comparing two vintages of a dataset (see revise.h). */
#include "revise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "fmt.h"
#include "buf.h"
#include "mem.h"

typedef struct {
    tb_revise *r;
    size_t cap_revised, cap_added, cap_removed, cap_changes;
} S_build;

static void S_codes(const tb_dataset *ds, const tb_series *s, char *codes[4])
{
    codes[0] = tb_mem_strdup(tb_dataset_code(ds, TB_DIM_REPORTER, s->key.reporter));
    codes[1] = tb_mem_strdup(tb_flow_code(s->key.flow));
    codes[2] = tb_mem_strdup(tb_dataset_code(ds, TB_DIM_PARTNER, s->key.partner));
    codes[3] = tb_mem_strdup(tb_dataset_code(ds, TB_DIM_PRODUCT, s->key.product));
}

static char *S_name(char *codes[4]) { return tb_mem_printf("%s %s %s %s", codes[0], codes[1], codes[2], codes[3]); }

static double S_at(const tb_dataset *ds, const tb_series *s, tb_month m)
{
    if (!s)
        return NAN;
    tb_month start = tb_dataset_start(ds);
    return m >= start && m < start + tb_dataset_months(ds) ? s->v[m - start] : NAN;
}

static void S_span(S_build *b, bool added, const tb_dataset *ds, const tb_series *s, tb_month from, tb_month to,
                   int n)
{
    tb_revise_span **arr = added ? &b->r->added : &b->r->removed;
    size_t *len = added ? &b->r->n_added : &b->r->n_removed, *cap = added ? &b->cap_added : &b->cap_removed;
    TB_GROW(*arr, *cap, *len + 1);
    tb_revise_span *sp = &(*arr)[(*len)++];
    S_codes(ds, s, sp->codes);
    sp->series = S_name(sp->codes);
    sp->from = from;
    sp->to = to;
    sp->observations = n;
}

/* Compares one series present in NEW (and maybe OLD) over the union calendar. */
static void S_series(S_build *b, const tb_dataset *old, const tb_series *so, const tb_dataset *nw,
                     const tb_series *sn, tb_month lo, tb_month hi)
{
    /* spans[0]: added run, spans[1]: removed run */
    tb_month run_from[2] = {TB_MONTH_NONE, TB_MONTH_NONE}, run_to[2] = {0, 0};
    int run_n[2] = {0, 0};
    for (tb_month m = lo; m <= hi + 1; m++) {
        double a = m <= hi ? S_at(old, so, m) : NAN, c = m <= hi ? S_at(nw, sn, m) : NAN;
        bool kind[2] = {isnan(a) && !isnan(c), !isnan(a) && isnan(c)};
        for (int k = 0; k < 2; k++) {
            if (kind[k]) {
                if (run_from[k] == TB_MONTH_NONE)
                    run_from[k] = m;
                run_to[k] = m;
                run_n[k]++;
            } else if (run_from[k] != TB_MONTH_NONE && m > run_to[k]) {
                const tb_dataset *ds = k == 0 ? nw : old;
                S_span(b, k == 0, ds, k == 0 ? sn : so, run_from[k], run_to[k], run_n[k]);
                run_from[k] = TB_MONTH_NONE;
                run_n[k] = 0;
            }
        }
        if (!isnan(a) && !isnan(c) && a != c) {
            TB_GROW(b->r->revised, b->cap_revised, b->r->n_revised + 1);
            tb_revision *rv = &b->r->revised[b->r->n_revised++];
            S_codes(nw, sn, rv->codes);
            rv->series = S_name(rv->codes);
            rv->month = m;
            rv->old_value = a;
            rv->new_value = c;
        }
    }
}

/* ---- fact wording ----------------------------------------------------- */

static const char *S_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "?";
}

static long long S_int(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* The wording of fact KEY with value V, as a briefing would state it.
 * Ownership: a new string the caller frees. */
static char *S_wording(const char *key, const json_t *v, tb_unit unit)
{
    char buf[TB_FMT_SIZE];
    if (!v || json_is_null(v))
        return tb_mem_strdup("none");
    if (strcmp(key, "value") == 0)
        return tb_mem_strdup(tb_fmt_money(buf, sizeof buf, json_number_value(v), unit, "en", 0));
    size_t klen = strlen(key);
    if (json_is_number(v) && klen > 4 && strcmp(key + klen - 4, "_pct") == 0)
        return tb_mem_strdup(tb_fmt_pct(buf, sizeof buf, json_number_value(v), 1, TB_FMT_SIGN));
    if (json_is_number(v)) /* contribution_pp: percentage points */
        return tb_mem_printf("%s%s", tb_fmt_number(buf, sizeof buf, json_number_value(v), 1, TB_FMT_SIGN),
                             klen > 3 && strcmp(key + klen - 3, "_pp") == 0 ? " pp" : "");
    if (strcmp(key, "yoy_streak") == 0 || strcmp(key, "sign_streak") == 0)
        return tb_mem_printf("%s for %lld months since %s",
                             S_str(v, strcmp(key, "yoy_streak") == 0 ? "direction" : "sign"), S_int(v, "months"),
                             S_str(v, "since"));
    if (strcmp(key, "longest_since") == 0)
        return tb_mem_printf("%s..%s (%lld months)", S_str(v, "from"), S_str(v, "to"), S_int(v, "months"));
    if (strcmp(key, "high_since") == 0 || strcmp(key, "low_since") == 0)
        return tb_mem_printf("since %s (%lld months)", S_str(v, "month"), S_int(v, "months"));
    if (strcmp(key, "same_month_rank") == 0)
        return tb_mem_printf("%lld of %lld", S_int(v, "rank"), S_int(v, "of"));
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    char *out = tb_mem_strdup(s ? s : "?");
    free(s);
    return out;
}

static const char *const S_worded[] = {"value",      "yoy_pct",    "share_pct",  "contribution_pp",
                                       "yoy_streak", "sign_streak", "longest_since", "high_since",
                                       "low_since",  "same_month_rank"};

static void S_compare_facts(S_build *b, const char *prefix, const json_t *a, const json_t *c)
{
    for (size_t i = 0; i < sizeof S_worded / sizeof S_worded[0]; i++) {
        const char *k = S_worded[i];
        const json_t *va = json_object_get(a, k), *vc = json_object_get(c, k);
        if (!va && !vc)
            continue;
        char *ta = S_wording(k, va, b->r->unit), *tc = S_wording(k, vc, b->r->unit);
        if (strcmp(ta, tc) == 0) {
            free(ta);
            free(tc);
            continue;
        }
        TB_GROW(b->r->changes, b->cap_changes, b->r->n_changes + 1);
        tb_fact_change *fc = &b->r->changes[b->r->n_changes++];
        fc->path = tb_mem_printf("%s.%s", prefix, k);
        fc->old_text = ta;
        fc->new_text = tc;
    }
}

static void S_facts(S_build *b, const tb_dataset *old, const tb_dataset *nw)
{
    tb_month m = tb_dataset_last_month(old, NULL);
    b->r->facts_month = TB_MONTH_NONE;
    tb_month ns = tb_dataset_start(nw);
    if (m == TB_MONTH_NONE || m < ns || m >= ns + tb_dataset_months(nw) || !tb_dataset_subject(old).reporter ||
        !tb_dataset_subject(nw).reporter)
        return;
    tb_diag quiet;
    tb_diag_init(&quiet);
    json_t *ja = tb_facts_json(old, NULL, m, &quiet), *jc = tb_facts_json(nw, NULL, m, &quiet);
    tb_diag_free(&quiet);
    if (ja && jc) {
        b->r->facts_month = m;
        const char *key;
        json_t *va;
        json_object_foreach(json_object_get(ja, "series"), key, va)
        {
            json_t *vc = json_object_get(json_object_get(jc, "series"), key);
            if (json_is_object(va) || json_is_object(vc))
                S_compare_facts(b, key, va, vc);
        }
        json_t *bda;
        json_object_foreach(json_object_get(ja, "breakdowns"), key, bda)
        {
            json_t *ma = json_object_get(bda, "members");
            json_t *mc = json_object_get(json_object_get(json_object_get(jc, "breakdowns"), key), "members");
            size_t i, j;
            json_t *x, *y;
            json_array_foreach(ma, i, x)
            {
                const char *code = json_string_value(json_object_get(x, "code"));
                json_array_foreach(mc, j, y)
                {
                    if (code && json_equal(json_object_get(y, "code"), json_object_get(x, "code"))) {
                        char *prefix = tb_mem_printf("%s.%s", key, code);
                        S_compare_facts(b, prefix, x, y);
                        free(prefix);
                    }
                }
            }
        }
    }
    json_decref(ja);
    json_decref(jc);
}

tb_revise *tb_revise_compare(const tb_dataset *old, const tb_dataset *nw, tb_diag *diag)
{
    tb_unit uo = tb_dataset_unit(old), un = tb_dataset_unit(nw);
    if (strcmp(uo.currency, un.currency) != 0 || uo.multiplier != un.multiplier) {
        tb_diag_error(diag, NULL, 0, 0, NULL, "the vintages have different units (%s x %.15g and %s x %.15g)",
                      uo.currency, uo.multiplier, un.currency, un.multiplier);
        return NULL;
    }
    S_build b = {.r = tb_mem_calloc(1, sizeof(tb_revise))};
    b.r->unit = un;
    tb_month lo = tb_dataset_start(old) < tb_dataset_start(nw) ? tb_dataset_start(old) : tb_dataset_start(nw);
    tb_month eo = tb_dataset_start(old) + tb_dataset_months(old) - 1,
             en = tb_dataset_start(nw) + tb_dataset_months(nw) - 1;
    tb_month hi = eo > en ? eo : en;
    for (size_t i = 0; i < tb_dataset_count(nw); i++) {
        const tb_series *sn = tb_dataset_get(nw, i);
        size_t j = tb_dataset_lookup(old, tb_dataset_code(nw, TB_DIM_REPORTER, sn->key.reporter), sn->key.flow,
                                     tb_dataset_code(nw, TB_DIM_PARTNER, sn->key.partner),
                                     tb_dataset_code(nw, TB_DIM_PRODUCT, sn->key.product));
        S_series(&b, old, j == SIZE_MAX ? NULL : tb_dataset_get(old, j), nw, sn, lo, hi);
    }
    /* series the new vintage dropped altogether */
    for (size_t i = 0; i < tb_dataset_count(old); i++) {
        const tb_series *so = tb_dataset_get(old, i);
        if (tb_dataset_lookup(nw, tb_dataset_code(old, TB_DIM_REPORTER, so->key.reporter), so->key.flow,
                              tb_dataset_code(old, TB_DIM_PARTNER, so->key.partner),
                              tb_dataset_code(old, TB_DIM_PRODUCT, so->key.product)) == SIZE_MAX)
            S_series(&b, old, so, nw, NULL, lo, hi);
    }
    S_facts(&b, old, nw);
    return b.r;
}

static void S_free_codes(char *codes[4])
{
    for (int k = 0; k < 4; k++)
        free(codes[k]);
}

void tb_revise_free(tb_revise *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_revised; i++) {
        free(r->revised[i].series);
        S_free_codes(r->revised[i].codes);
    }
    tb_revise_span *lists[2] = {r->added, r->removed};
    size_t lens[2] = {r->n_added, r->n_removed};
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < lens[l]; i++) {
            free(lists[l][i].series);
            S_free_codes(lists[l][i].codes);
        }
        free(lists[l]);
    }
    for (size_t i = 0; i < r->n_changes; i++) {
        free(r->changes[i].path);
        free(r->changes[i].old_text);
        free(r->changes[i].new_text);
    }
    free(r->revised);
    free(r->changes);
    free(r);
}

void tb_revise_print(const tb_revise *r, const char *old_name, const char *new_name, size_t max_rows, FILE *out)
{
    char a[TB_FMT_SIZE], c[TB_FMT_SIZE], d[TB_FMT_SIZE], p[TB_FMT_SIZE], m1[8], m2[8];
    fprintf(out, "revisions from %s to %s\n", old_name, new_name);
    if (r->unit.multiplier == 1 || r->unit.multiplier == 1e3 || r->unit.multiplier == 1e6)
        fprintf(out, "values in %s%s\n", r->unit.multiplier == 1 ? "" : r->unit.multiplier == 1e3 ? "thousand " : "million ",
                r->unit.currency);
    else
        fprintf(out, "values in %s x %g\n", r->unit.currency, r->unit.multiplier);
    fprintf(out, "revised observations: %zu\n", r->n_revised);
    for (size_t i = 0; i < r->n_revised && (!max_rows || i < max_rows); i++) {
        const tb_revision *v = &r->revised[i];
        double ch = v->new_value - v->old_value;
        fprintf(out, "  %s %s: %s -> %s (%s",
                v->series, tb_month_iso(v->month, m1), tb_fmt_number(a, sizeof a, v->old_value, 0, 0),
                tb_fmt_number(c, sizeof c, v->new_value, 0, 0), tb_fmt_number(d, sizeof d, ch, 0, TB_FMT_SIGN));
        if (v->old_value != 0)
            fprintf(out, ", %s", tb_fmt_pct(p, sizeof p, ch / fabs(v->old_value) * 100, 2, TB_FMT_SIGN));
        fprintf(out, ")\n");
    }
    if (max_rows && r->n_revised > max_rows)
        fprintf(out, "  ... and %zu more\n", r->n_revised - max_rows);
    const tb_revise_span *lists[2] = {r->added, r->removed};
    size_t lens[2] = {r->n_added, r->n_removed};
    static const char *const what[2] = {"new", "removed"};
    for (int l = 0; l < 2; l++) {
        size_t obs = 0;
        for (size_t i = 0; i < lens[l]; i++)
            obs += (size_t)lists[l][i].observations;
        fprintf(out, "%s observations: %zu\n", what[l], obs);
        for (size_t i = 0; i < lens[l] && (!max_rows || i < max_rows); i++)
            fprintf(out, "  %s %s .. %s (%d)\n", lists[l][i].series, tb_month_iso(lists[l][i].from, m1),
                    tb_month_iso(lists[l][i].to, m2), lists[l][i].observations);
        if (max_rows && lens[l] > max_rows)
            fprintf(out, "  ... and %zu more series\n", lens[l] - max_rows);
    }
    if (r->facts_month == TB_MONTH_NONE) {
        fprintf(out, "facts: not compared (no common reference month or reporter)\n");
        return;
    }
    fprintf(out, "facts for %s whose wording changes: %zu\n", tb_month_iso(r->facts_month, m1), r->n_changes);
    for (size_t i = 0; i < r->n_changes; i++)
        fprintf(out, "  %s: %s -> %s\n", r->changes[i].path, r->changes[i].old_text, r->changes[i].new_text);
}

static json_t *S_key_json(char *const codes[4])
{
    return json_pack("{s:s, s:s, s:s, s:s}", "reporter", codes[0], "flow", codes[1], "partner", codes[2],
                     "product", codes[3]);
}

json_t *tb_revise_json(const tb_revise *r, const char *old_name, const char *new_name)
{
    char m1[8], m2[8];
    json_t *rev = json_array(), *lists[2] = {json_array(), json_array()}, *ch = json_array();
    for (size_t i = 0; i < r->n_revised; i++) {
        const tb_revision *v = &r->revised[i];
        json_t *o = json_pack("{s:o, s:s, s:f, s:f, s:f}", "series", S_key_json(v->codes), "month",
                              tb_month_iso(v->month, m1), "old", v->old_value, "new", v->new_value, "change",
                              v->new_value - v->old_value);
        if (v->old_value != 0)
            json_object_set_new(o, "change_pct",
                                json_real((v->new_value - v->old_value) / fabs(v->old_value) * 100));
        else
            json_object_set_new(o, "change_pct", json_null());
        json_array_append_new(rev, o);
    }
    const tb_revise_span *src[2] = {r->added, r->removed};
    size_t lens[2] = {r->n_added, r->n_removed};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < lens[l]; i++)
            json_array_append_new(lists[l], json_pack("{s:o, s:s, s:s, s:i}", "series", S_key_json(src[l][i].codes),
                                                      "from", tb_month_iso(src[l][i].from, m1), "to",
                                                      tb_month_iso(src[l][i].to, m2), "observations",
                                                      src[l][i].observations));
    for (size_t i = 0; i < r->n_changes; i++)
        json_array_append_new(ch, json_pack("{s:s, s:s, s:s}", "path", r->changes[i].path, "old",
                                            r->changes[i].old_text, "new", r->changes[i].new_text));
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o}", "old", old_name, "new", new_name, "revised", rev, "added",
                          lists[0], "removed", lists[1]);
    json_object_set_new(o, "facts_month",
                        r->facts_month == TB_MONTH_NONE ? json_null() : json_string(tb_month_iso(r->facts_month, m1)));
    json_object_set_new(o, "fact_changes", ch);
    return o;
}

static const char *S_flow_words(const char *flow, bool ko)
{
    if (strcmp(flow, "export") == 0)
        return tb_lang(TB_L_EXPORTS_WORD, ko);
    if (strcmp(flow, "import") == 0)
        return tb_lang(TB_L_IMPORTS_WORD, ko);
    return tb_lang(TB_L_BALANCE_WORD, ko);
}

char *tb_revise_sentence(const tb_revise *r, const tb_subject *subject, const char *lang)
{
    bool ko = tb_fmt_is_ko(lang);
    const char *rep = subject->reporter, *hp = subject->partner, *hq = subject->product;
    /* the three largest revisions of the headline series, by size */
    size_t top[3];
    int n_top = 0;
    for (size_t i = 0; i < r->n_revised; i++) {
        const tb_revision *v = &r->revised[i];
        if (strcmp(v->codes[1], "balance") == 0 || (rep && strcmp(v->codes[0], rep) != 0) ||
            strcmp(v->codes[2], hp) != 0 || strcmp(v->codes[3], hq) != 0)
            continue;
        double d = fabs(v->new_value - v->old_value);
        int k = n_top;
        while (k > 0 && fabs(r->revised[top[k - 1]].new_value - r->revised[top[k - 1]].old_value) < d)
            k--; /* insertion point, largest first */
        if (k >= 3)
            continue;
        for (int j = (n_top < 3 ? n_top : 2); j > k; j--)
            top[j] = top[j - 1];
        top[k] = i;
        if (n_top < 3)
            n_top++;
    }
    size_t added = 0;
    tb_month from = TB_MONTH_NONE, to = TB_MONTH_NONE;
    for (size_t i = 0; i < r->n_added; i++) {
        added += (size_t)r->added[i].observations;
        if (from == TB_MONTH_NONE || r->added[i].from < from)
            from = r->added[i].from;
        if (to == TB_MONTH_NONE || r->added[i].to > to)
            to = r->added[i].to;
    }
    tb_buf buf = {0};
    char a[TB_FMT_SIZE], b[TB_FMT_SIZE], m[TB_FMT_SIZE];
    if (r->n_revised == 0)
        tb_buf_puts(&buf, tb_lang(TB_L_REV_NONE, ko));
    else
        tb_buf_printf(&buf, tb_lang(TB_L_REV_COUNT, ko), r->n_revised, r->n_revised == 1 ? " was" : "s were");
    for (int k = 0; k < n_top; k++) {
        const tb_revision *v = &r->revised[top[k]];
        tb_fmt_money(a, sizeof a, v->old_value, r->unit, lang, 0);
        tb_fmt_money(b, sizeof b, v->new_value, r->unit, lang, 0);
        if (strcmp(a, b) == 0)
            continue; /* too small to show at the briefing's precision */
        tb_fmt_month(m, sizeof m, v->month, TB_FMT_MONTH_LONG, lang);
        tb_buf_printf(&buf, tb_lang(TB_L_REV_ONE, ko), m, S_flow_words(v->codes[1], ko),
                      strcmp(v->codes[1], "balance") ? "were" : "was", a, b);
    }
    if (added) {
        tb_fmt_month(a, sizeof a, from, TB_FMT_MONTH_LONG, lang);
        tb_fmt_month(b, sizeof b, to, TB_FMT_MONTH_LONG, lang);
        tb_buf_printf(&buf, tb_lang(from == to ? TB_L_REV_ADDED_ONE : TB_L_REV_ADDED, ko), a, b);
    }
    return tb_buf_take(&buf);
}
