/* facts_json: the facts as JSON (jansson), in the shape of DESIGN.md.
 *
 * Keys are inserted in a fixed order (jansson keeps insertion order), so the
 * dump is deterministic.  A null fact is written as `"key": null` followed by
 * `"key_null_reason": "..."` (see facts.h); S_num and friends are the only
 * places that write facts, so no NaN or infinity can reach the JSON.
 * Counts and months are JSON integers, measured values JSON reals (jansson
 * prints reals with 17 significant digits, which round-trips).
 */
#include "facts.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "screen.h"

/* The label languages written in "names" objects. */
static const char *const S_langs[] = {"en", "ko"};

/* Sets KEY; a NULL value (json_string of invalid UTF-8) becomes null. */
static void S_set(json_t *o, const char *key, json_t *value)
{
    json_object_set_new(o, key, value ? value : json_null());
}

static void S_null(json_t *o, const char *key, const char *reason)
{
    S_set(o, key, json_null());
    char *k = tb_mem_printf("%s_null_reason", key);
    S_set(o, k, json_string(reason));
    free(k);
}

static void S_num(json_t *o, const char *key, tb_facts_num n)
{
    if (n.reason)
        S_null(o, key, n.reason);
    else if (!isfinite(n.v))
        S_null(o, key, "not a finite number");
    else
        S_set(o, key, json_real(n.v));
}

/* An integral finite value as a JSON integer, anything else as a real. */
static json_t *S_count(double v)
{
    if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *S_month(tb_month m)
{
    char buf[8];
    return json_string(tb_month_iso(m, buf));
}

static const char *S_dir(int dir, bool sign)
{
    return sign ? (dir > 0 ? "surplus" : "deficit") : (dir > 0 ? "up" : "down");
}

/* A run that ended before the current one: {direction|sign, months, since,
 * to, from_start}; SIGN NULL for a group's run (no direction key). */
static void S_prev(json_t *o, const char *key, const tb_facts_prev *r, const char *sign)
{
    if (r->reason) {
        S_null(o, key, r->reason);
        return;
    }
    json_t *j = json_object();
    if (sign)
        S_set(j, sign, json_string(S_dir(r->dir, sign[0] == 's')));
    S_set(j, "months", json_integer(r->months));
    S_set(j, "since", S_month(r->since));
    S_set(j, "to", S_month(r->to));
    S_set(j, "from_start", json_boolean(r->from_start));
    S_set(o, key, j);
}

static void S_streak(json_t *o, const char *key, const tb_facts_streak *s,
                     const tb_facts_prev *prev, bool sign)
{
    if (s->reason) {
        S_null(o, key, s->reason);
        return;
    }
    json_t *j = json_object();
    S_set(j, sign ? "sign" : "direction", json_string(S_dir(s->dir, sign)));
    S_set(j, "months", json_integer(s->months));
    S_set(j, "since", S_month(s->since));
    S_set(j, "from_start", json_boolean(s->from_start));
    S_prev(j, "previous", prev, sign ? "sign" : "direction");
    if (sign && s->gap_missing > 0) {
        json_t *g = json_object();
        S_set(g, "since", S_month(s->gap_since));
        S_set(g, "months", json_integer(s->gap_months));
        S_set(g, "missing", json_integer(s->gap_missing));
        S_set(g, "periods", json_integer(s->gap_periods));
        json_t *gaps = json_array();
        for (int k = 0; k < s->n_gaps; k++) {
            json_t *p = json_object();
            S_set(p, "from", S_month(s->gaps[k].from));
            S_set(p, "to", S_month(s->gaps[k].to));
            S_set(p, "months", json_integer(s->gaps[k].to - s->gaps[k].from + 1));
            json_array_append_new(gaps, p);
        }
        S_set(g, "gaps", gaps);
        S_set(g, "from_start", json_boolean(s->gap_from_start));
        S_set(j, "across_gaps", g);
    } else if (sign) {
        S_null(j, "across_gaps", "no run of the same sign just before a gap");
    }
    S_set(o, key, j);
}

static void S_longest(json_t *o, const tb_facts_longest *l)
{
    if (l->reason) {
        S_null(o, "longest_since", l->reason);
        return;
    }
    json_t *j = json_object();
    S_set(j, "from", S_month(l->from));
    S_set(j, "to", S_month(l->to));
    S_set(j, "months", json_integer(l->months));
    S_set(j, "from_start", json_boolean(l->from_start));
    S_set(j, "passes_shorter", json_boolean(l->passes_shorter));
    S_set(o, "longest_since", j);
}

static void S_since(json_t *o, const char *key, const tb_facts_since *s)
{
    if (s->reason) {
        S_null(o, key, s->reason);
        return;
    }
    json_t *j = json_object();
    S_set(j, "month", S_month(s->month));
    S_set(j, "months", json_integer(s->months));
    S_set(o, key, j);
}

static void S_rank_obj(json_t *o, const char *key, const tb_facts_rank *r)
{
    if (r->reason) {
        S_null(o, key, r->reason);
        return;
    }
    json_t *j = json_object();
    S_set(j, "rank", json_integer(r->rank));
    S_set(j, "of", json_integer(r->of));
    S_set(o, key, j);
}

static void S_record_streak(json_t *o, const tb_facts_record_streak *r)
{
    const char *key = "same_month_record_streak";
    if (r->reason) {
        S_null(o, key, r->reason);
        return;
    }
    json_t *j = json_object();
    S_set(j, "months", json_integer(r->months));
    S_set(j, "since", S_month(r->since));
    S_set(j, "from_start", json_boolean(r->from_start));
    S_set(o, key, j);
}

static void S_bool(json_t *o, const char *key, int b)
{
    if (b < 0)
        S_null(o, key, "no data for this month");
    else
        S_set(o, key, json_boolean(b));
}

/* The streak, longest run, highs, lows and same-month rank of F: the
 * facts a briefing words as records, shared by series and members. */
static void S_records(json_t *o, const tb_facts *f)
{
    if (f->balance)
        S_streak(o, "sign_streak", &f->sign_streak, &f->streak_previous, true);
    else
        S_streak(o, "yoy_streak", &f->yoy_streak, &f->streak_previous, false);
    S_longest(o, &f->longest_since);
    S_since(o, "high_since", &f->high_since);
    S_since(o, "low_since", &f->low_since);
    if (f->first_month == TB_MONTH_NONE) {
        S_null(o, "history", "no data up to this month");
    } else {
        json_t *h = json_object();
        S_set(h, "first_month", S_month(f->first_month));
        S_set(h, "months", json_integer(f->history_months));
        S_set(h, "missing", json_integer(f->history_missing));
        S_set(o, "history", h);
    }
    S_rank_obj(o, "same_month_rank", &f->same_month_rank);
    S_record_streak(o, &f->same_month_record_streak);
    if (!f->balance) {
        S_since(o, "yoy_high_since", &f->yoy_high_since);
        S_since(o, "yoy_low_since", &f->yoy_low_since);
    }
}

static json_t *S_threshold(const tb_facts_threshold *th)
{
    json_t *j = json_object();
    S_set(j, "threshold", S_count(th->threshold));
    if (th->reason) {
        S_null(j, "months", th->reason);
        return j;
    }
    S_set(j, "months", json_integer(th->months));
    if (th->months > 0) {
        S_set(j, "since", S_month(th->since));
        S_set(j, "from_start", json_boolean(th->from_start));
    }
    S_set(j, "first_ever", json_boolean(th->first_ever));
    S_set(j, "first_for_month", json_boolean(th->first_for_month));
    return j;
}

static void S_ytd(json_t *o, const tb_facts *f)
{
    json_t *ytd = json_object();
    S_num(ytd, "value", f->ytd);
    if (!f->balance)
        S_num(ytd, "yoy_pct", f->ytd_yoy_pct);
    S_num(ytd, "yoy_change", f->ytd_yoy_change);
    S_rank_obj(ytd, "same_period_rank", &f->same_period_rank);
    const tb_facts_since_years *hs = &f->ytd_high_since;
    if (hs->reason) {
        S_null(ytd, "high_since", hs->reason);
    } else {
        json_t *j = json_object();
        S_set(j, "month", S_month(hs->month));
        S_set(j, "years", json_integer(hs->years));
        S_set(ytd, "high_since", j);
    }
    if (!f->balance) {
        json_t *ths = json_array();
        for (int i = 0; i < f->n_ytd_thresholds; i++) {
            json_t *j = json_object();
            S_set(j, "threshold", S_count(f->ytd_thresholds[i].threshold));
            S_set(j, "first_ever", json_boolean(f->ytd_thresholds[i].first_ever));
            S_set(j, "first_for_month", json_boolean(f->ytd_thresholds[i].first_for_month));
            json_array_append_new(ths, j);
        }
        S_set(ytd, "thresholds", ths);
    }
    S_set(o, "ytd", ytd);
}

static void S_quarter(json_t *o, const tb_facts *f)
{
    if (!f->quarter_end) {
        S_null(o, "quarter", f->quarter.reason);
        return;
    }
    json_t *q = json_object();
    S_num(q, "value", f->quarter);
    if (!f->balance)
        S_num(q, "yoy_pct", f->quarter_yoy_pct);
    S_num(q, "yoy_change", f->quarter_yoy_change);
    S_rank_obj(q, "same_quarter_rank", &f->same_quarter_rank);
    S_since(q, "high_since", &f->quarter_high_since);
    S_set(o, "quarter", q);
}

/* Threshold streaks and the daily average (flows only). */
static void S_flow_extras(json_t *o, const tb_facts *f)
{
    json_t *ths = json_array();
    for (int i = 0; i < f->n_thresholds; i++)
        json_array_append_new(ths, S_threshold(&f->thresholds[i]));
    S_set(o, "threshold_streaks", ths);
    if (f->daily_avg.reason) {
        S_null(o, "daily_avg", f->daily_avg.reason);
        return;
    }
    json_t *d = json_object();
    S_num(d, "value", f->daily_avg);
    S_num(d, "yoy_pct", f->daily_avg_yoy_pct);
    S_set(d, "working_days", S_count(f->working_days.v));
    S_since(d, "high_since", &f->daily_high_since);
    S_since(d, "low_since", &f->daily_low_since);
    S_rank_obj(d, "same_month_rank", &f->daily_same_month_rank);
    S_set(o, "daily_avg", d);
}

json_t *tb_facts_to_json(const tb_facts *f)
{
    json_t *o = json_object();
    bool bal = f->balance;
    S_num(o, "value", f->value);
    if (!bal) {
        S_num(o, "mom_pct", f->mom_pct);
        S_num(o, "yoy_pct", f->yoy_pct);
    }
    S_num(o, "mom_change", f->mom_change);
    S_num(o, "yoy_change", f->yoy_change);

    S_ytd(o, f);
    S_quarter(o, f);
    S_records(o, f);
    S_bool(o, "year_high", f->year_high);
    S_bool(o, "year_low", f->year_low);
    if (!bal)
        S_flow_extras(o, f);

    json_t *mv = json_object();
    S_num(mv, "avg3", f->avg3);
    S_num(mv, "avg12", f->avg12);
    S_num(mv, "sum12", f->sum12);
    S_set(o, "moving", mv);

    if (f->trend_slope.reason) {
        S_null(o, "trend", f->trend_slope.reason);
    } else {
        json_t *tr = json_object();
        S_set(tr, "years", json_integer(f->trend_years));
        S_set(tr, "points", json_integer(f->trend_points));
        S_num(tr, "slope_per_year", f->trend_slope);
        if (!bal)
            S_num(tr, "slope_pct", f->trend_slope_pct);
        S_set(o, "trend", tr);
    }
    return o;
}

static json_t *S_names(const tb_dataset *ds, int dim, const char *code)
{
    json_t *n = json_object();
    for (size_t i = 0; i < sizeof S_langs / sizeof S_langs[0]; i++)
        S_set(n, S_langs[i], json_string(tb_dataset_label(ds, dim, code, S_langs[i])));
    return n;
}

static const char *S_code_along(const tb_dataset *ds, const tb_breakdown *bd, size_t series)
{
    const tb_key *k = &tb_dataset_get(ds, series)->key;
    return tb_dataset_code(ds, bd->along, bd->along == TB_DIM_PARTNER ? k->partner : k->product);
}

static void S_rank(json_t *o, const char *key, int rank, const char *reason)
{
    if (rank > 0)
        S_set(o, key, json_integer(rank));
    else
        S_null(o, key, reason);
}

static json_t *S_member(const tb_dataset *ds, const tb_breakdown *bd, const tb_facts_member *m)
{
    const tb_facts *f = &m->f;
    const char *code = S_code_along(ds, bd, m->series);
    json_t *o = json_object();
    S_set(o, "code", json_string(code));
    S_set(o, "name", json_string(tb_dataset_label(ds, bd->along, code, "en")));
    S_set(o, "names", S_names(ds, bd->along, code));
    S_num(o, "value", f->value);
    if (!f->balance) {
        S_num(o, "yoy_pct", f->yoy_pct);
        S_num(o, "mom_pct", f->mom_pct);
    }
    S_num(o, "yoy_change", f->yoy_change);
    S_num(o, "share_pct", m->share_pct);
    S_num(o, "contribution_pp", m->contribution_pp);
    json_t *rk = json_object();
    S_rank(rk, "value", m->rank_value, f->value.reason ? f->value.reason : "no value");
    S_rank(rk, "growth", m->rank_growth, f->yoy_pct.reason ? f->yoy_pct.reason : "no growth");
    S_set(o, "rank", rk);
    S_records(o, f);
    S_ytd(o, f);
    S_quarter(o, f);
    if (!f->balance)
        S_flow_extras(o, f);
    return o;
}

/* Member codes ordered by rank (value or growth); members without one are
 * left out.  Ties keep manifest order. */
/* The indexes of BD's N members by rank (value or growth), the *N_RANKED
 * ranked ones first, then those without one.  Ownership: caller frees. */
static size_t *S_order(const tb_breakdown *bd, const tb_facts_member *m, bool growth, size_t *n_ranked)
{
    /* A counting sort on rank (1..n, 0 = none): stable, O(n). */
    size_t n = bd->n_members;
    size_t *start = tb_mem_calloc(n + 2, sizeof *start), *order = tb_mem_reallocarray(NULL, n + 1, sizeof *order);
    for (size_t i = 0; i < n; i++)
        start[(size_t)(growth ? m[i].rank_growth : m[i].rank_value) + 1]++;
    for (size_t r = 1; r <= n + 1; r++)
        start[r] += start[r - 1];
    size_t unranked = start[1] - start[0];
    for (size_t i = 0; i < n; i++)
        order[start[(size_t)(growth ? m[i].rank_growth : m[i].rank_value)]++] = i;
    /* the unranked ones sorted first: move them to the end */
    size_t *out = tb_mem_reallocarray(NULL, n + 1, sizeof *out);
    memcpy(out, order + unranked, (n - unranked) * sizeof *out);
    memcpy(out + (n - unranked), order, unranked * sizeof *out);
    free(start);
    free(order);
    *n_ranked = n - unranked;
    return out;
}

static json_t *S_ordered(const tb_dataset *ds, const tb_breakdown *bd, const tb_facts_member *m,
                         bool growth)
{
    size_t ranked, *order = S_order(bd, m, growth, &ranked);
    json_t *a = json_array();
    for (size_t k = 0; k < ranked; k++)
        json_array_append_new(a, json_string(S_code_along(ds, bd, m[order[k]].series)));
    free(order);
    return a;
}

/* breakdowns.<b>.groups: {<g>: {names, members, all_up, all_up_previous}},
 * or nothing when BD has no groups. */
static void S_groups(json_t *o, const tb_dataset *ds, const tb_breakdown *bd, tb_month month)
{
    if (bd->n_groups == 0)
        return;
    tb_facts_group *gf = tb_facts_groups(ds, bd, month);
    json_t *gs = json_object();
    for (size_t g = 0; g < bd->n_groups; g++) {
        const tb_group *gr = &bd->groups[g];
        json_t *j = json_object(), *names = json_object(), *codes = json_array();
        S_set(names, "en", json_string(gr->en ? gr->en : gr->name));
        S_set(names, "ko", json_string(gr->ko ? gr->ko : gr->en ? gr->en : gr->name));
        S_set(j, "names", names);
        for (size_t k = 0; k < gr->n_members; k++)
            json_array_append_new(codes,
                                  json_string(S_code_along(ds, bd, bd->members[gr->members[k]])));
        S_set(j, "members", codes);
        if (gf[g].all_up.reason) {
            S_null(j, "all_up", gf[g].all_up.reason);
        } else {
            json_t *a = json_object();
            S_set(a, "months", json_integer(gf[g].all_up.months));
            S_set(a, "since", S_month(gf[g].all_up.since));
            S_set(a, "from_start", json_boolean(gf[g].all_up.from_start));
            S_set(j, "all_up", a);
        }
        S_prev(j, "all_up_previous", &gf[g].all_up_previous, NULL);
        S_set(gs, gr->name, j);
    }
    S_set(o, "groups", gs);
    free(gf);
}

/* The first and last months in which any member of BD has data, over the
 * whole dataset: where this dataset's series of the breakdown begin and
 * end, whatever the month briefed. */
static void S_span(json_t *o, const tb_dataset *ds, const tb_breakdown *bd)
{
    int n = tb_dataset_months(ds), lo = n, hi = -1;
    for (size_t i = 0; i < bd->n_members; i++) {
        const double *v = tb_dataset_get(ds, bd->members[i])->v;
        for (int t = 0; t < lo && t < n; t++)
            if (!isnan(v[t]))
                lo = t;
        for (int t = n - 1; t > hi; t--)
            if (!isnan(v[t]))
                hi = t;
    }
    if (hi < 0) {
        S_null(o, "first_month", "no member has data");
        S_null(o, "last_month", "no member has data");
        return;
    }
    S_set(o, "first_month", S_month(tb_dataset_start(ds) + lo));
    S_set(o, "last_month", S_month(tb_dataset_start(ds) + hi));
}

/* "other": the total less every member (tb_facts_breakdown_other), named
 * "Other items" along products and "Other destinations" along partners;
 * null with a reason when it has no value or the members make up the
 * whole total. */
static json_t *S_other_obj(const tb_breakdown *bd, const tb_facts_other *rp)
{
    tb_facts_other r = *rp;
    bool partner = bd->along == TB_DIM_PARTNER;
    json_t *j = json_object();
    S_set(j, "name", json_string(partner ? "Other destinations" : "Other items"));
    S_set(j, "names", json_pack("{s:s,s:s}", "en", partner ? "Other destinations" : "Other items", "ko",
                                partner ? "기타 지역" : "기타 품목"));
    S_num(j, "value", r.value);
    S_num(j, "yoy_pct", r.yoy_pct);
    S_num(j, "yoy_change", r.yoy_change);
    S_num(j, "share_pct", r.share_pct);
    S_num(j, "contribution_pp", r.contribution_pp);
    return j;
}

static void S_other(json_t *o, const tb_dataset *ds, const tb_breakdown *bd, tb_month month)
{
    tb_facts_other r;
    bool whole;
    tb_facts_breakdown_other(ds, bd, month, &r, &whole);
    if (whole || r.value.reason)
        S_null(o, "other", whole ? "the members make up the whole total" : r.value.reason);
    else
        S_set(o, "other", S_other_obj(bd, &r));
}

/* Tables of the top few members (by value) this many at most have their
 * "Other" row as a fact. */
#define S_MAX_TOP 25

/* "rest_after_top": element K-1 is the total less the K largest members
 * (the order of by_value), named like "other": the "Other" row of a
 * table of the top K, for K = 1 .. min(ranked members - 1, S_MAX_TOP);
 * its numbers are null with a reason where a member or the total lacks
 * data. */
static void S_rests(json_t *o, const tb_dataset *ds, const tb_breakdown *bd, tb_month month,
                    const tb_facts_member *m)
{
    size_t ranked, *order = S_order(bd, m, false, &ranked);
    bool *excluded = tb_mem_calloc(bd->n_members + 1, sizeof *excluded);
    json_t *a = json_array();
    for (size_t k = 1; k < ranked && k <= S_MAX_TOP; k++) {
        excluded[order[k - 1]] = true;
        tb_facts_other r;
        bool whole;
        tb_facts_breakdown_rest(ds, bd, month, excluded, &r, &whole);
        json_array_append_new(a, S_other_obj(bd, &r));
    }
    S_set(o, "rest_after_top", a);
    free(excluded);
    free(order);
}

static json_t *S_breakdown(const tb_dataset *ds, const tb_breakdown *bd, tb_month month)
{
    tb_facts total;
    tb_facts_breadth br;
    tb_facts_member *m = tb_facts_breakdown(ds, bd, month, &total, &br);
    const tb_key *tk = &tb_dataset_get(ds, bd->total)->key;
    json_t *o = json_object();
    S_set(o, "flow", json_string(tb_flow_code(tk->flow)));
    S_set(o, "along", json_string(bd->along == TB_DIM_PARTNER ? "partner" : "product"));
    S_span(o, ds, bd);

    json_t *tj = json_object();
    const char *tcode = S_code_along(ds, bd, bd->total);
    S_set(tj, "code", json_string(tcode));
    S_set(tj, "name", json_string(tb_dataset_label(ds, bd->along, tcode, "en")));
    S_set(tj, "names", S_names(ds, bd->along, tcode));
    S_num(tj, "value", total.value);
    if (!total.balance)
        S_num(tj, "yoy_pct", total.yoy_pct);
    S_num(tj, "yoy_change", total.yoy_change);
    S_set(o, "total", tj);

    json_t *b = json_object();
    S_set(b, "up", json_integer(br.up));
    S_set(b, "down", json_integer(br.down));
    S_set(b, "flat", json_integer(br.flat));
    S_set(b, "of", json_integer(br.of));
    S_set(b, "missing", json_integer(br.missing));
    S_since(b, "high_since", &br.high_since);
    S_set(o, "breadth", b);
    S_groups(o, ds, bd, month);

    S_set(o, "by_value", S_ordered(ds, bd, m, false));
    S_set(o, "by_growth", S_ordered(ds, bd, m, true));
    json_t *ms = json_array();
    for (size_t i = 0; i < bd->n_members; i++)
        json_array_append_new(ms, S_member(ds, bd, &m[i]));
    S_set(o, "members", ms);
    S_other(o, ds, bd, month);
    S_rests(o, ds, bd, month, m);
    free(m);
    return o;
}

static void S_world_series(json_t *o, const char *key, const tb_dataset *ds, const tb_subject *subject,
                           enum tb_flow flow, tb_month month)
{
    size_t i = tb_dataset_headline(ds, subject, flow);
    if (i == SIZE_MAX) {
        S_null(o, key, "no headline series (reporter, partner, product) for this flow");
        return;
    }
    tb_facts f;
    tb_diag d;
    tb_diag_init(&d);
    int rc = tb_facts_series(ds, i, month, &f, &d);
    tb_diag_free(&d);
    if (rc != 0) {
        S_null(o, key, "month outside the data");
        return;
    }
    S_set(o, key, tb_facts_to_json(&f));
}

json_t *tb_facts_json(const tb_dataset *ds, const tb_subject *subject, tb_month month, tb_diag *diag)
{
    tb_facts_init();
    tb_subject def = tb_dataset_subject(ds);
    if (!subject)
        subject = &def;
    tb_month start = tb_dataset_start(ds);
    int n = tb_dataset_months(ds);
    if (n <= 0 || month < start || month >= start + n) {
        char a[8], b[8], c[8];
        if (n <= 0)
            tb_diag_error(diag, NULL, 0, 0, NULL, "the dataset has no months");
        else
            tb_diag_error(diag, NULL, 0, 0, NULL, "month %s is outside the data (%s .. %s)",
                          month >= 0 ? tb_month_iso(month, a) : "(none)", tb_month_iso(start, b),
                          tb_month_iso(start + n - 1, c));
        return NULL;
    }
    json_t *root = json_object();
    S_set(root, "dataset", json_string(tb_dataset_name(ds) ? tb_dataset_name(ds) : ""));
    S_set(root, "month", S_month(month));
    tb_unit u = tb_dataset_unit(ds);
    json_t *unit = json_object();
    S_set(unit, "currency", json_string(u.currency));
    S_set(unit, "multiplier", S_count(u.multiplier));
    S_set(root, "unit", unit);
    const char *rep = subject->reporter;
    S_set(root, "reporter", rep ? json_string(rep) : json_null());
    S_set(root, "partner", json_string(subject->partner));
    S_set(root, "product", json_string(subject->product));

    json_t *series = json_object();
    S_world_series(series, "exports", ds, subject, TB_EXPORT, month);
    S_world_series(series, "imports", ds, subject, TB_IMPORT, month);
    S_world_series(series, "balance", ds, subject, TB_BALANCE, month);
    S_set(root, "series", series);

    json_t *bds = json_object();
    for (size_t i = 0, nb = tb_dataset_breakdown_count(ds); i < nb; i++) {
        const tb_breakdown *bd = tb_dataset_breakdown(ds, i);
        S_set(bds, bd->name, S_breakdown(ds, bd, month));
    }
    S_set(root, "breakdowns", bds);
    S_set(root, "warnings", tb_screen_json(ds, rep));
    tb_facts_flash_shape(ds, subject, month, root);
    S_set(root, "notable", tb_facts_notable(root));
    return root;
}

/* json_dump_callback's state: the stream, and whether a string is open. */
typedef struct {
    FILE *out;
    bool in_string;
} S_dump;

/* Writes jansson's output chunk BUF (SIZE bytes) to the stream, a real
 * number (jansson dumps each in one chunk, outside strings; a string's
 * quotes come as chunks of their own) in the shortest decimal that reads
 * back as the same double: 55466562.0, not jansson's 17 digits
 * 55466561.999999985 when that is the same double. */
static int S_dump_chunk(const char *buf, size_t size, void *data)
{
    S_dump *d = data;
    if (size == 1 && buf[0] == '"')
        d->in_string = !d->in_string;
    bool number = size < 40 && (buf[0] == '-' || (buf[0] >= '0' && buf[0] <= '9'));
    if (d->in_string || !number || (!memchr(buf, '.', size) && !memchr(buf, 'e', size)))
        return fwrite(buf, 1, size, d->out) == size ? 0 : -1;
    char text[48];
    memcpy(text, buf, size);
    text[size] = '\0';
    double v = strtod(text, NULL);
    int p = 1;
    for (; p < 17; p++) {
        snprintf(text, sizeof text, "%.*e", p - 1, v);
        if (strtod(text, NULL) == v)
            break;
    }
    int exp = atoi(strchr(text, 'e') + 1);
    if (exp >= -4 && exp < 17) /* positional, as people read: 145369050.0, 0.00123 */
        snprintf(text, sizeof text, "%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, v);
    if (!strpbrk(text, ".en")) /* still a real: 62.0, not 62 */
        strcat(text, ".0");
    return fputs(text, d->out) == EOF ? -1 : 0;
}

int tb_facts_print(const tb_dataset *ds, const tb_subject *subject, tb_month month, FILE *out, tb_diag *diag)
{
    json_t *root = tb_facts_json(ds, subject, month, diag);
    if (!root)
        return -1;
    errno = 0;
    S_dump d = {out, false};
    int rc = json_dump_callback(root, S_dump_chunk, &d, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (rc != 0 || fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out)) {
        tb_diag_error(diag, NULL, 0, 0, NULL, "cannot write the facts: %s",
                      errno ? strerror(errno) : "write error");
        return -1;
    }
    return 0;
}
