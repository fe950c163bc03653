/* facts_flash: the facts of a partial period, days 1..D of a month (the
 * 10-day customs figures; docs/facts.md, "Flash facts").
 *
 * The facts are those of tb_facts_json on tb_dataset_partial_view(D): each
 * "month" of the view is days 1..D of that month, so yoy_pct compares with
 * days 1..D a year earlier, yoy_streak counts the months in a row whose
 * days 1..D rose on a year earlier, shares, contributions, breadth and
 * records keep their meaning, and daily_avg divides by the working days of
 * days 1..D.  This module reshapes that tree in place: it adds the period
 * covered, drops what has no meaning for a partial period (year-to-date
 * and quarter sums, moving windows, the trend: sums of partial figures are
 * not trade of any period) and the series and breakdowns without partial
 * figures, and states the working days of both periods, or why they are
 * unknown.
 */
#include "facts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Keys of a series' (or member's) facts that sum or average months. */
static const char *const S_dropped[] = {"ytd",   "ytd_null_reason",   "quarter", "quarter_null_reason",
                                        "moving", "moving_null_reason", "trend",   "trend_null_reason"};

static json_t *S_date(tb_month m, int day)
{
    char buf[8];
    char *s = tb_mem_printf("%s-%02d", tb_month_iso(m, buf), day);
    json_t *j = json_string(s);
    free(s);
    return j;
}

/* {"month": "YYYY-MM", "from": "YYYY-MM-01", "to": "YYYY-MM-DD"} */
static json_t *S_span(tb_month m, int days)
{
    json_t *o = json_object();
    char buf[8];
    json_object_set_new(o, "month", json_string(tb_month_iso(m, buf)));
    json_object_set_new(o, "from", S_date(m, 1));
    json_object_set_new(o, "to", S_date(m, days));
    return o;
}

static json_t *S_workdays(const tb_dataset *view, tb_month m)
{
    const double *wd = tb_dataset_workdays(view);
    tb_month start = tb_dataset_start(view);
    if (!wd || m < start || m >= start + tb_dataset_months(view) || isnan(wd[m - start]))
        return json_null();
    double v = wd[m - start];
    return v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
}

static char *S_no_calendar(tb_month m, int days)
{
    char buf[8];
    return tb_mem_printf("the working-day calendar does not cover days 1-%d of %s", days, tb_month_iso(m, buf));
}

/* Sets KEY to the working days of days 1..DAYS of M, or to null followed
 * by KEY_null_reason. */
static void S_set_workdays(json_t *o, const char *key, const tb_dataset *view, tb_month m, int days)
{
    json_t *v = S_workdays(view, m);
    json_object_set_new(o, key, v);
    if (json_is_null(v)) {
        char *k = tb_mem_printf("%s_null_reason", key), *r = S_no_calendar(m, days);
        json_object_set_new(o, k, json_string(r));
        free(k);
        free(r);
    }
}

/* The working days of both periods into daily_avg, and the reasons when
 * the calendar lacks one of them. */
static void S_daily(json_t *f, const tb_dataset *view, tb_month m, int days)
{
    json_t *d = json_object_get(f, "daily_avg");
    if (json_is_object(d)) {
        S_set_workdays(d, "working_days_year_earlier", view, m - 12, days);
        if (json_is_null(json_object_get(d, "working_days_year_earlier"))) {
            char *r = S_no_calendar(m - 12, days);
            json_object_set_new(d, "yoy_pct", json_null());
            json_object_set_new(d, "yoy_pct_null_reason", json_string(r));
            free(r);
        }
        return;
    }
    json_t *now = S_workdays(view, m);
    if (json_is_null(now)) {
        char *r = S_no_calendar(m, days);
        json_object_set_new(f, "daily_avg_null_reason", json_string(r));
        free(r);
    }
    json_decref(now);
}

static void S_facts(json_t *f, const tb_dataset *view, tb_month m, int days)
{
    if (!json_is_object(f))
        return;
    for (size_t i = 0; i < sizeof S_dropped / sizeof *S_dropped; i++)
        json_object_del(f, S_dropped[i]);
    if (json_object_get(f, "daily_avg"))
        S_daily(f, view, m, days);
}

static bool S_has_data(const tb_dataset *view, size_t series)
{
    const tb_series *s = series == SIZE_MAX ? NULL : tb_dataset_get(view, series);
    for (int t = 0; s && t < tb_dataset_months(view); t++)
        if (!isnan(s->v[t]))
            return true;
    return false;
}

static void S_series(json_t *series, const tb_dataset *view, const tb_subject *subject, tb_month m, int days)
{
    static const char *const keys[] = {"exports", "imports", "balance"};
    static const enum tb_flow flows[] = {TB_EXPORT, TB_IMPORT, TB_BALANCE};
    for (int i = 0; i < 3; i++) {
        if (!S_has_data(view, tb_dataset_headline(view, subject, flows[i]))) {
            json_object_del(series, keys[i]);
            char *k = tb_mem_printf("%s_null_reason", keys[i]);
            json_object_del(series, k);
            free(k);
            continue;
        }
        S_facts(json_object_get(series, keys[i]), view, m, days);
    }
}

static void S_breakdowns(json_t *bds, const tb_dataset *view, tb_month m, int days)
{
    for (size_t b = 0; b < tb_dataset_breakdown_count(view); b++) {
        const tb_breakdown *bd = tb_dataset_breakdown(view, b);
        bool any = false;
        for (size_t k = 0; k < bd->n_members && !any; k++)
            any = S_has_data(view, bd->members[k]);
        if (!any) {
            json_object_del(bds, bd->name);
            continue;
        }
        json_t *o = json_object_get(bds, bd->name);
        S_facts(json_object_get(o, "total"), view, m, days);
        size_t i;
        json_t *mem;
        json_array_foreach(json_object_get(o, "members"), i, mem) S_facts(mem, view, m, days);
    }
}

/* {"days": D, "from", "to", "year_earlier": {"from", "to"}, "working_days",
 * "working_days_year_earlier"} */
static json_t *S_period(const tb_dataset *view, tb_month m, int days)
{
    json_t *p = json_object();
    json_object_set_new(p, "days", json_integer(days));
    json_t *now = S_span(m, days);
    json_object_del(now, "month");
    json_object_update(p, now);
    json_decref(now);
    json_object_set_new(p, "year_earlier", S_span(m - 12, days));
    S_set_workdays(p, "working_days", view, m, days);
    S_set_workdays(p, "working_days_year_earlier", view, m - 12, days);
    return p;
}

void tb_facts_flash_shape(const tb_dataset *view, const tb_subject *subject, tb_month m, json_t *root)
{
    const char *d = tb_dataset_meta(view, "partial_days");
    int days = d ? atoi(d) : 0;
    if (days <= 0)
        return;
    S_series(json_object_get(root, "series"), view, subject, m, days);
    S_breakdowns(json_object_get(root, "breakdowns"), view, m, days);
    /* "days" and "period" right after "month": rebuild the key order */
    json_t *copy = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        json_object_set(copy, key, v);
        if (strcmp(key, "month") == 0) {
            json_object_set_new(copy, "days", json_integer(days));
            json_object_set_new(copy, "period", S_period(view, m, days));
        }
    }
    json_object_clear(root);
    json_object_update(root, copy);
    json_decref(copy);
}
