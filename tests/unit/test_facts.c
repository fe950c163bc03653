/* Unit tests of the facts engine (facts.h): hand-computed values for each
 * fact, a brute-force cross-check of the one-pass precomputation (streaks,
 * longest_since, high/low_since, ranks, thresholds, ytd) on pseudo-random
 * series with ties, flats and gaps, the JSON null convention, and real
 * Korean figures (ECOS 901Y118) read from ../shared/real-data when present.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "facts.h"
#include "mem.h"
#include "tb_test.h"

#define M(y, m) tb_month_make((y), (m))

static tb_facts S_at(const double *v, int n, tb_month start, bool balance, const double *wd, int t)
{
    tb_facts_prep *p = tb_facts_prep_new();
    tb_facts_prep_series(p, v, n, start, balance, wd, 0);
    tb_facts f;
    tb_facts_at(p, t, &f);
    tb_facts_prep_free(p);
    return f;
}

/* 2020: 100 every month; 2021: up Jan-Jun, flat Jul, down Aug-Dec; 2022-01 up. */
static void S_yoy_series(double v[25])
{
    for (int i = 0; i < 12; i++)
        v[i] = 100;
    for (int i = 12; i < 18; i++)
        v[i] = 101 + (i - 12);
    v[18] = 100;
    for (int i = 19; i < 24; i++)
        v[i] = 90;
    v[24] = 120;
}

static void test_yoy_growth_and_streaks(void)
{
    double v[25];
    S_yoy_series(v);
    tb_facts f = S_at(v, 25, M(2020, 1), false, NULL, 17); /* 2021-06 = 106 */
    TB_CHECK_NEAR(f.value.v, 106, 0);
    TB_CHECK_NEAR(f.yoy_pct.v, 6.0, 1e-12);
    TB_CHECK_NEAR(f.mom_pct.v, (106.0 - 105.0) / 105.0 * 100.0, 1e-12);
    TB_CHECK_NEAR(f.yoy_change.v, 6, 0);
    TB_CHECK_INT(f.yoy_streak.dir, 1);
    TB_CHECK_INT(f.yoy_streak.months, 6);
    TB_CHECK_INT(f.yoy_streak.since, M(2021, 1));
    TB_CHECK(f.yoy_streak.from_start); /* 2021-01 is the first comparable month */
    TB_CHECK(f.longest_since.reason != NULL);

    f = S_at(v, 25, M(2020, 1), false, NULL, 18); /* 2021-07: flat */
    TB_CHECK_STR(f.yoy_streak.reason, "flat year on year");
    TB_CHECK_NEAR(f.yoy_pct.v, 0.0, 0);
    TB_CHECK_STR(f.longest_since.reason, "no current streak");

    f = S_at(v, 25, M(2020, 1), false, NULL, 23); /* 2021-12: down for 5 */
    TB_CHECK_INT(f.yoy_streak.dir, -1);
    TB_CHECK_INT(f.yoy_streak.months, 5);
    TB_CHECK_INT(f.yoy_streak.since, M(2021, 8));
    TB_CHECK(!f.yoy_streak.from_start);

    f = S_at(v, 25, M(2020, 1), false, NULL, 24); /* 2022-01: up again, 1 month */
    TB_CHECK_INT(f.yoy_streak.dir, 1);
    TB_CHECK_INT(f.yoy_streak.months, 1);
    TB_CHECK_INT(f.longest_since.from, M(2021, 1));
    TB_CHECK_INT(f.longest_since.to, M(2021, 6));
    TB_CHECK_INT(f.longest_since.months, 6);
    TB_CHECK(f.longest_since.from_start);

    f = S_at(v, 25, M(2020, 1), false, NULL, 5); /* first year */
    TB_CHECK_STR(f.yoy_pct.reason, "12 months earlier is before the first month of data");
    TB_CHECK_STR(f.yoy_streak.reason, "12 months earlier is before the first month of data");
    TB_CHECK(isnan(f.yoy_pct.v));
    f = S_at(v, 25, M(2020, 1), false, NULL, 0);
    TB_CHECK_STR(f.mom_pct.reason, "the month before is before the first month of data");
}

static void test_missing_month_breaks_runs(void)
{
    double v[30];
    for (int i = 0; i < 12; i++)
        v[i] = 10;
    for (int i = 12; i < 30; i++)
        v[i] = 20;
    v[15] = NAN; /* 2021-04 */
    tb_facts f = S_at(v, 30, M(2020, 1), false, NULL, 15);
    TB_CHECK_STR(f.value.reason, "no data for this month");
    TB_CHECK_STR(f.yoy_streak.reason, "no data for this month");
    TB_CHECK_INT(f.year_high, -1);
    f = S_at(v, 30, M(2020, 1), false, NULL, 17); /* 2021-06: run restarted 2021-05 */
    TB_CHECK_INT(f.yoy_streak.months, 2);
    TB_CHECK_INT(f.yoy_streak.since, M(2021, 5));
    TB_CHECK_INT(f.longest_since.months, 3); /* 2021-01..03, cut by the gap */
    TB_CHECK_INT(f.longest_since.from, M(2021, 1));
    f = S_at(v, 30, M(2020, 1), false, NULL, 20); /* 2021-09: 5 months, longest on record */
    TB_CHECK_INT(f.yoy_streak.months, 5);
    TB_CHECK_STR(f.longest_since.reason, "the current streak is the longest on record");
    f = S_at(v, 30, M(2020, 1), false, NULL, 27); /* 2022-04: base missing */
    TB_CHECK_STR(f.yoy_pct.reason, "no data 12 months earlier");
    TB_CHECK_STR(f.yoy_streak.reason, "no data 12 months earlier");
    f = S_at(v, 30, M(2020, 1), false, NULL, 16); /* mom against the gap */
    TB_CHECK_STR(f.mom_pct.reason, "no data 1 month earlier");
}

static void test_sign_streak_and_longest_since(void)
{
    /* + + + - - 0 - - + + + + - - - - NaN - */
    double b[] = {1, 2, 3, -1, -2, 0, -1, -1, 5, 5, 5, 5, -3, -3, -3, -3, NAN, -1};
    int n = (int)(sizeof b / sizeof b[0]);
    tb_facts f = S_at(b, n, M(2000, 1), true, NULL, 2);
    TB_CHECK_INT(f.sign_streak.dir, 1);
    TB_CHECK_INT(f.sign_streak.months, 3);
    TB_CHECK_INT(f.sign_streak.since, M(2000, 1));
    TB_CHECK(f.sign_streak.from_start);
    TB_CHECK_STR(f.yoy_pct.reason, "not meaningful for a balance");
    f = S_at(b, n, M(2000, 1), true, NULL, 5);
    TB_CHECK_STR(f.sign_streak.reason, "balance is zero");
    f = S_at(b, n, M(2000, 1), true, NULL, 7); /* deficit 2 months; earlier deficit of 2 */
    TB_CHECK_INT(f.sign_streak.dir, -1);
    TB_CHECK_INT(f.sign_streak.months, 2);
    TB_CHECK_INT(f.longest_since.from, M(2000, 4));
    TB_CHECK_INT(f.longest_since.months, 2);
    f = S_at(b, n, M(2000, 1), true, NULL, 10); /* surplus 3: the first run of 3 */
    TB_CHECK_INT(f.sign_streak.months, 3);
    TB_CHECK_INT(f.longest_since.from, M(2000, 1));
    TB_CHECK_INT(f.longest_since.to, M(2000, 3));
    TB_CHECK(f.longest_since.from_start);
    f = S_at(b, n, M(2000, 1), true, NULL, 11); /* surplus 4: longest on record */
    TB_CHECK_STR(f.longest_since.reason, "the current streak is the longest on record");
    f = S_at(b, n, M(2000, 1), true, NULL, 13); /* deficit 2: the most recent of 2 is 2000-07 */
    TB_CHECK_INT(f.longest_since.from, M(2000, 7));
    TB_CHECK_INT(f.longest_since.to, M(2000, 8));
    f = S_at(b, n, M(2000, 1), true, NULL, 15); /* deficit 4: longest */
    TB_CHECK(f.longest_since.reason != NULL);
    f = S_at(b, n, M(2000, 1), true, NULL, 17); /* after the gap: deficit 1 */
    TB_CHECK_INT(f.sign_streak.months, 1);
    TB_CHECK_INT(f.sign_streak.since, M(2001, 6));
    TB_CHECK_INT(f.longest_since.from, M(2001, 1)); /* the 4-month run, most recent >= 1 */
    TB_CHECK_INT(f.longest_since.months, 4);
    TB_CHECK_NEAR(f.value.v, -1, 0);
    TB_CHECK_NEAR(f.yoy_change.v, -1, 0); /* -1 against 0 in 2000-06 */
}

static void test_high_low_since(void)
{
    double v[] = {50, 80, 60, NAN, 70, 70, 40, 90, 65};
    int n = (int)(sizeof v / sizeof v[0]);
    tb_facts f = S_at(v, n, M(2010, 1), false, NULL, 0);
    TB_CHECK_STR(f.high_since.reason, "no earlier data");
    f = S_at(v, n, M(2010, 1), false, NULL, 5); /* 70: higher was 80 at index 1; tie at 4 not higher */
    TB_CHECK_INT(f.high_since.month, M(2010, 2));
    TB_CHECK_INT(f.high_since.months, 4);
    TB_CHECK_INT(f.low_since.month, M(2010, 3)); /* 60 */
    TB_CHECK_INT(f.low_since.months, 3);
    f = S_at(v, n, M(2010, 1), false, NULL, 6); /* 40: lowest on record */
    TB_CHECK_STR(f.low_since.reason, "lowest on record");
    TB_CHECK_INT(f.high_since.months, 1);
    f = S_at(v, n, M(2010, 1), false, NULL, 7); /* 90: highest on record */
    TB_CHECK_STR(f.high_since.reason, "highest on record");
    f = S_at(v, n, M(2010, 1), false, NULL, 8); /* 65: higher 90 at 7, lower 40 at 6 */
    TB_CHECK_INT(f.high_since.months, 1);
    TB_CHECK_INT(f.low_since.months, 2);
}

static void test_same_month_rank_and_year_high(void)
{
    /* Marches of 2000..2004: 5, 7, 7, 3, 7 (monthly series; other months 1). */
    double v[60];
    for (int i = 0; i < 60; i++)
        v[i] = 1;
    double mar[] = {5, 7, 7, 3, 7};
    for (int y = 0; y < 5; y++)
        v[y * 12 + 2] = mar[y];
    int want_rank[] = {1, 1, 1, 4, 1}, want_of[] = {1, 2, 3, 4, 5};
    for (int y = 0; y < 5; y++) {
        tb_facts f = S_at(v, 60, M(2000, 1), false, NULL, y * 12 + 2);
        TB_CHECK_INT(f.same_month_rank.rank, want_rank[y]);
        TB_CHECK_INT(f.same_month_rank.of, want_of[y]);
        TB_CHECK_INT(f.year_high, 1);
    }
    v[50] = 6; /* 2004-03 becomes 6: below the two 7s -> rank 3 of 5 */
    tb_facts f = S_at(v, 60, M(2000, 1), false, NULL, 50);
    TB_CHECK_INT(f.same_month_rank.rank, 3);
    TB_CHECK_INT(f.same_month_rank.of, 5);
    f = S_at(v, 60, M(2000, 1), false, NULL, 51); /* 2004-04 = 1: not a year high, a low */
    TB_CHECK_INT(f.year_high, 0);
    TB_CHECK_INT(f.year_low, 1);
    f = S_at(v, 60, M(2000, 1), false, NULL, 48); /* January: trivially both */
    TB_CHECK_INT(f.year_high, 1);
    TB_CHECK_INT(f.year_low, 1);
}

static void test_thresholds(void)
{
    double out[TB_FACTS_MAX_THRESHOLDS];
    TB_CHECK_INT(tb_facts_default_thresholds(56518309, out), 1);
    TB_CHECK_NEAR(out[0], 50000000, 0);
    TB_CHECK_INT(tb_facts_default_thresholds(38e6, out), 2);
    TB_CHECK_NEAR(out[0], 30e6, 0);
    TB_CHECK_NEAR(out[1], 20e6, 0);
    TB_CHECK_INT(tb_facts_default_thresholds(1000, out), 1);
    TB_CHECK_NEAR(out[0], 1000, 0);
    TB_CHECK_INT(tb_facts_default_thresholds(999, out), 2);
    TB_CHECK_NEAR(out[0], 900, 0);
    TB_CHECK_NEAR(out[1], 500, 0);
    TB_CHECK_INT(tb_facts_default_thresholds(0, out), 0);
    TB_CHECK_INT(tb_facts_default_thresholds(-5, out), 0);
    TB_CHECK_INT(tb_facts_default_thresholds(NAN, out), 0);
    /* subnormal: no threshold (5e-324 once gave NaN and 0); the smallest
     * normal value still rounds to a positive one */
    TB_CHECK_INT(tb_facts_default_thresholds(5e-324, out), 0);
    TB_CHECK_INT(tb_facts_default_thresholds(2.5e-310, out), 0);
    TB_CHECK(tb_facts_default_thresholds(DBL_MIN, out) >= 1 && out[0] > 0 && out[0] <= DBL_MIN);
    TB_CHECK_INT(tb_facts_default_thresholds(1e20, out), 1);
    TB_CHECK(out[0] == 1e20);

    double v[] = {12, 9, 11, 10, 15, NAN, 13, 12, 10.5};
    int n = (int)(sizeof v / sizeof v[0]);
    tb_facts_prep *p = tb_facts_prep_new();
    tb_facts_prep_series(p, v, n, M(2000, 1), false, NULL, 0);
    tb_facts_threshold th = tb_facts_threshold_streak(p, 4, 10);
    TB_CHECK_INT(th.months, 3); /* 11, 10, 15 */
    TB_CHECK_INT(th.since, M(2000, 3));
    TB_CHECK(!th.from_start);
    th = tb_facts_threshold_streak(p, 8, 10); /* after the gap: 13, 12, 10.5 */
    TB_CHECK_INT(th.months, 3);
    TB_CHECK_INT(th.since, M(2000, 7));
    th = tb_facts_threshold_streak(p, 8, 11);
    TB_CHECK_INT(th.months, 0);
    TB_CHECK_INT(th.since, TB_MONTH_NONE);
    th = tb_facts_threshold_streak(p, 0, 12);
    TB_CHECK_INT(th.months, 1);
    TB_CHECK(th.from_start);
    th = tb_facts_threshold_streak(p, 5, 1);
    TB_CHECK_STR(th.reason, "no data for this month");
    th = tb_facts_threshold_streak(p, 4, NAN);
    TB_CHECK(th.reason != NULL);
    tb_facts f;
    tb_facts_at(p, 7, &f); /* 12: thresholds {10}: 2 months (13, 12) */
    TB_CHECK_INT(f.n_thresholds, 1);
    TB_CHECK_NEAR(f.thresholds[0].threshold, 10, 0);
    TB_CHECK_INT(f.thresholds[0].months, 2);
    tb_facts_prep_free(p);
}

static void test_ytd_quarter(void)
{
    /* starts 2020-11: 2020 has no full year to date */
    double v[16];
    for (int i = 0; i < 16; i++)
        v[i] = 10 + i; /* 2020-11 = 10 ... 2022-02 = 25 */
    tb_facts f = S_at(v, 16, M(2020, 11), false, NULL, 1); /* 2020-12 */
    TB_CHECK_STR(f.ytd.reason, "year to date starts before the first month of data");
    TB_CHECK(f.quarter_end);
    TB_CHECK_STR(f.quarter.reason, "the quarter starts before the first month of data");
    f = S_at(v, 16, M(2020, 11), false, NULL, 4); /* 2021-03: 12 + 13 + 14 */
    TB_CHECK_NEAR(f.ytd.v, 39, 0);
    TB_CHECK_STR(f.ytd_yoy_pct.reason, "12 months earlier is before the first month of data");
    TB_CHECK_NEAR(f.quarter.v, 39, 0);
    f = S_at(v, 16, M(2020, 11), false, NULL, 15); /* 2022-02: 24 + 25 vs 12 + 13 */
    TB_CHECK_NEAR(f.ytd.v, 49, 0);
    TB_CHECK_NEAR(f.ytd_yoy_pct.v, (49.0 - 25.0) / 25.0 * 100.0, 1e-12);
    TB_CHECK_NEAR(f.ytd_yoy_change.v, 24, 0);
    TB_CHECK(!f.quarter_end);
    TB_CHECK_STR(f.quarter.reason, "the month does not end a quarter");
    v[13] = NAN; /* 2021-12 missing */
    f = S_at(v, 16, M(2020, 11), false, NULL, 14); /* 2022-01: new year, fine */
    TB_CHECK_NEAR(f.ytd.v, 24, 0);
    f = S_at(v, 16, M(2020, 11), false, NULL, 13);
    TB_CHECK_STR(f.ytd.reason, "no data for this month");
    v[13] = 23;
    v[12] = NAN; /* 2021-11 missing: 2021-12 ytd broken */
    f = S_at(v, 16, M(2020, 11), false, NULL, 13);
    TB_CHECK_STR(f.ytd.reason, "missing month in the year to date");
    TB_CHECK_STR(f.quarter.reason, "missing month in the quarter");
}

static void test_daily_avg(void)
{
    double v[13], wd[13];
    for (int i = 0; i < 13; i++) {
        v[i] = 100;
        wd[i] = 20;
    }
    v[12] = 110;
    wd[12] = 22;
    tb_facts f = S_at(v, 13, M(2020, 1), false, wd, 12);
    TB_CHECK_NEAR(f.daily_avg.v, 5.0, 1e-12);
    TB_CHECK_NEAR(f.daily_avg_yoy_pct.v, 0.0, 1e-12);
    TB_CHECK_NEAR(f.working_days.v, 22, 0);
    f = S_at(v, 13, M(2020, 1), false, NULL, 12);
    TB_CHECK_STR(f.daily_avg.reason, "no working days in the dataset");
    wd[12] = NAN;
    f = S_at(v, 13, M(2020, 1), false, wd, 12);
    TB_CHECK_STR(f.daily_avg.reason, "no working days for this month");
}

static void test_moving_and_trend(void)
{
    double v[72], out[72];
    for (int i = 0; i < 72; i++)
        v[i] = 1000 + 2 * i; /* +24 a year */
    TB_CHECK_INT(tb_facts_moving_sum(v, 72, 12, out), 0);
    TB_CHECK_NAN(out[10]);
    TB_CHECK_NEAR(out[11], 12 * 1000 + 2 * 66, 0); /* sum of 2i, i < 12 = 132 */
    TB_CHECK_INT(tb_facts_moving_mean(v, 72, 3, out), 0);
    TB_CHECK_NAN(out[1]);
    TB_CHECK_NEAR(out[2], 1002, 1e-9);
    tb_facts f = S_at(v, 72, M(2000, 1), false, NULL, 71);
    TB_CHECK_NEAR(f.avg3.v, 1140, 1e-9);
    TB_CHECK_NEAR(f.sum12.v, 12 * 1000 + 2 * (60 + 71) * 6, 1e-9);
    TB_CHECK_NEAR(f.avg12.v, 1000 + 2 * 65.5, 1e-9);
    TB_CHECK_INT(f.trend_years, 5);
    TB_CHECK_INT(f.trend_points, 60);
    TB_CHECK_NEAR(f.trend_slope.v, 24, 1e-9);
    /* mean of 1000 + 2i, i = 12..71 = 1083 */
    TB_CHECK_NEAR(f.trend_slope_pct.v, 24.0 / 1083.0 * 100.0, 1e-9);
    v[30] = NAN;
    tb_facts_moving_mean(v, 72, 3, out);
    TB_CHECK_NAN(out[30]);
    TB_CHECK_NAN(out[32]);
    TB_CHECK_NEAR(out[33], 1064, 1e-9);

    f = S_at(v, 72, M(2000, 1), false, NULL, 32);
    TB_CHECK_STR(f.avg3.reason, "missing month in the window");
    TB_CHECK_STR(f.trend_slope.reason, "fewer years of data than the trend window");
    f = S_at(v, 72, M(2000, 1), false, NULL, 1);
    TB_CHECK_STR(f.avg3.reason, "fewer than 3 months of data");
}

static void test_pathological(void)
{
    tb_facts_prep *p = tb_facts_prep_new();
    tb_facts f;
    tb_facts_prep_series(p, NULL, 0, M(2000, 1), false, NULL, 0); /* no months */
    tb_facts_at(p, 0, &f);
    TB_CHECK(f.value.reason != NULL);
    double one = 7;
    tb_facts_prep_series(p, &one, 1, M(2000, 1), false, NULL, 0);
    tb_facts_at(p, 0, &f);
    TB_CHECK_NEAR(f.value.v, 7, 0);
    TB_CHECK_STR(f.high_since.reason, "no earlier data");
    TB_CHECK_INT(f.same_month_rank.rank, 1);
    double nan3[40];
    for (int i = 0; i < 40; i++)
        nan3[i] = NAN;
    tb_facts_prep_series(p, nan3, 40, M(2000, 1), true, NULL, 0);
    tb_facts_at(p, 39, &f);
    TB_CHECK_STR(f.sign_streak.reason, "no data for this month");
    TB_CHECK_STR(f.sum12.reason, "missing month in the window");
    /* overflowing changes and sums are null, never infinite */
    double big[14];
    for (int i = 0; i < 14; i++)
        big[i] = i % 2 ? 1e308 : -1e308;
    tb_facts_prep_series(p, big, 14, M(2000, 1), true, NULL, 0);
    tb_facts_at(p, 13, &f);
    TB_CHECK_STR(f.mom_change.reason, "not a finite number");
    json_t *j = tb_facts_to_json(&f);
    char *s = json_dumps(j, 0);
    TB_CHECK(s && !strstr(s, "inf") && !strstr(s, "nan"));
    free(s);
    json_decref(j);
    tb_facts_prep_free(p);
}

/* ---- brute force cross-check ---- */

static uint64_t S_rng = 88172645463325252u;
static unsigned S_rand(unsigned k)
{
    S_rng ^= S_rng << 13;
    S_rng ^= S_rng >> 7;
    S_rng ^= S_rng << 17;
    return (unsigned)(S_rng % k);
}

static int S_dir(const double *v, int t, bool sign)
{
    if (isnan(v[t]))
        return 9;
    if (sign)
        return v[t] > 0 ? 1 : v[t] < 0 ? -1 : 0;
    if (t < 12 || isnan(v[t - 12]))
        return 9;
    return v[t] > v[t - 12] ? 1 : v[t] < v[t - 12] ? -1 : 0;
}

static int S_run_len(const double *v, int t, bool sign)
{
    int d = S_dir(v, t, sign), k = 0;
    if (d != 1 && d != -1)
        return 0;
    while (t - k >= 0 && S_dir(v, t - k, sign) == d)
        k++;
    return k;
}

/* Naive longest_since: returns the start index of the most recent earlier
 * maximal run of the same kind with length >= current, or -1. */
static int S_naive_longest(const double *v, int t, bool sign, int *len)
{
    int L = S_run_len(v, t, sign);
    if (L == 0)
        return -2;
    int d = S_dir(v, t, sign);
    for (int e = t - L; e >= 0; e--) {
        if (S_dir(v, e, sign) != d || (e + 1 <= t - L && S_dir(v, e + 1, sign) == d))
            continue; /* e must end a maximal run */
        int l = S_run_len(v, e, sign);
        if (l >= L) {
            *len = l;
            return e - l + 1;
        }
    }
    return -1;
}

/* The most recent j = t - step, t - 2 step, ... >= 0 with x(j) a number
 * greater (HIGH) or smaller than x(t), or -1; -1 as well when x(t) is NaN. */
static int S_naive_since(const double *x, int t, int step, bool high)
{
    if (isnan(x[t]))
        return -1;
    for (int j = t - step; j >= 0; j -= step)
        if (!isnan(x[j]) && (high ? x[j] > x[t] : x[j] < x[t]))
            return j;
    return -1;
}

/* Arrays of yoy growth, quarter sums (quarter ends) and year-to-date sums
 * of V[0..N) starting 1990-04, computed the plain way. */
static void S_naive_derived(const double *v, int n, double *g, double *q, double *y)
{
    for (int t = 0; t < n; t++) {
        int mon = tb_month_mon(M(1990, 4) + t);
        g[t] = t >= 12 && v[t - 12] != 0 ? (v[t] - v[t - 12]) / v[t - 12] * 100 : NAN;
        q[t] = t >= 2 && mon % 3 == 0 ? v[t - 2] + v[t - 1] + v[t] : NAN;
        y[t] = t - (mon - 1) >= 0 ? 0 : NAN;
        for (int j = t - (mon - 1); j <= t && j >= 0; j++)
            y[t] += v[j];
    }
}

static int S_naive_record_streak(const double *v, int t)
{
    int k = 0;
    for (int u = t; u >= 12; u--, k++) {
        double mx = NAN;
        for (int j = u - 12; j >= 0; j -= 12)
            if (!isnan(v[j]) && (isnan(mx) || v[j] > mx))
                mx = v[j];
        if (!(v[u] > mx))
            break;
    }
    return k;
}

static int S_since_idx(tb_facts_since s) { return s.reason ? -1 : s.month - M(1990, 4); }

/* The release kinds of F (backfill) at t against naive computations, and
 * against G (one-month precomputation). */
static void S_check_release(const double *v, int t, const double *g, const double *q,
                            const double *y, bool sign, const tb_facts *f, const tb_facts *o)
{
    TB_CHECK_INT(f->same_month_record_streak.reason ? 0 : f->same_month_record_streak.months,
                 S_naive_record_streak(v, t));
    if (!sign) {
        TB_CHECK_INT(S_since_idx(f->yoy_high_since), S_naive_since(g, t, 1, true));
        TB_CHECK_INT(S_since_idx(f->yoy_low_since), S_naive_since(g, t, 1, false));
    }
    if (f->quarter_end)
        TB_CHECK_INT(S_since_idx(f->quarter_high_since), S_naive_since(q, t, 3, true));
    int yj = S_naive_since(y, t, 12, true);
    TB_CHECK_INT(f->ytd_high_since.reason ? -1 : f->ytd_high_since.month - M(1990, 4), yj);
    if (!f->ytd_high_since.reason)
        TB_CHECK_INT(f->ytd_high_since.years, (t - yj) / 12);
    TB_CHECK_INT(f->streak_previous.months, o->streak_previous.months);
    TB_CHECK_INT(f->streak_previous.since, o->streak_previous.since);
    TB_CHECK(f->longest_since.passes_shorter == o->longest_since.passes_shorter);
    TB_CHECK_INT(f->yoy_high_since.month, o->yoy_high_since.month);
    TB_CHECK_INT(f->same_quarter_rank.rank, o->same_quarter_rank.rank);
    TB_CHECK_INT(f->same_period_rank.rank, o->same_period_rank.rank);
    TB_CHECK_INT(f->same_period_rank.of, o->same_period_rank.of);
    TB_CHECK_INT(f->quarter_high_since.month, o->quarter_high_since.month);
    TB_CHECK_INT(f->ytd_high_since.month, o->ytd_high_since.month);
    TB_CHECK_INT(f->same_month_record_streak.months, o->same_month_record_streak.months);
}

static void S_cross_check(const double *v, int n, bool sign)
{
    double *dg = tb_mem_reallocarray(NULL, (size_t)n * 3, sizeof(double));
    S_naive_derived(v, n, dg, dg + n, dg + 2 * n);
    tb_facts_prep *p = tb_facts_prep_new();
    tb_facts_prep_series(p, v, n, M(1990, 4), sign, NULL, 0);
    tb_facts_prep *q = tb_facts_prep_new();
    int bad = 0;
    for (int t = 0; t < n && bad < 5; t++) {
        tb_facts f, g;
        tb_facts_at(p, t, &f);
        tb_facts_prep_series(q, v, t + 1, M(1990, 4), sign, NULL, t); /* one-month prep */
        tb_facts_at(q, t, &g);
        int before = tb_test_failed_checks;
        const tb_facts_streak *s = sign ? &f.sign_streak : &f.yoy_streak;
        int L = S_run_len(v, t, sign);
        TB_CHECK_INT(s->reason ? 0 : s->months, L);
        if (L)
            TB_CHECK_INT(s->since, M(1990, 4) + t - L + 1);
        int ll = 0, ls = S_naive_longest(v, t, sign, &ll);
        if (ls >= 0) {
            TB_CHECK_INT(f.longest_since.from, M(1990, 4) + ls);
            TB_CHECK_INT(f.longest_since.months, ll);
        } else {
            TB_CHECK(f.longest_since.reason != NULL);
        }
        if (!isnan(v[t])) {
            int hj = -1, lj = -1, greater = 0, of = 0;
            for (int j = t - 1; j >= 0 && hj < 0; j--)
                if (!isnan(v[j]) && v[j] > v[t])
                    hj = j;
            for (int j = t - 1; j >= 0 && lj < 0; j--)
                if (!isnan(v[j]) && v[j] < v[t])
                    lj = j;
            TB_CHECK_INT(f.high_since.reason ? -1 : f.high_since.month - M(1990, 4), hj);
            TB_CHECK_INT(f.low_since.reason ? -1 : f.low_since.month - M(1990, 4), lj);
            for (int j = t; j >= 0; j -= 12)
                if (!isnan(v[j])) {
                    of++;
                    greater += v[j] > v[t];
                }
            TB_CHECK_INT(f.same_month_rank.rank, greater + 1);
            TB_CHECK_INT(f.same_month_rank.of, of);
            double thr = v[t] - 1;
            int k = 0;
            while (t - k >= 0 && !isnan(v[t - k]) && v[t - k] >= thr)
                k++;
            TB_CHECK_INT(tb_facts_threshold_streak(p, t, thr).months, k);
        }
        /* backfill and one-month precomputation agree bit for bit */
        TB_CHECK(memcmp(&f.value, &g.value, sizeof f.value) == 0 || isnan(f.value.v));
        TB_CHECK_INT(f.yoy_streak.months, g.yoy_streak.months);
        TB_CHECK_INT(f.longest_since.from, g.longest_since.from);
        TB_CHECK_INT(f.high_since.month, g.high_since.month);
        TB_CHECK_INT(f.same_month_rank.rank, g.same_month_rank.rank);
        TB_CHECK(f.avg12.v == g.avg12.v || (isnan(f.avg12.v) && isnan(g.avg12.v)));
        TB_CHECK(f.ytd.v == g.ytd.v || (isnan(f.ytd.v) && isnan(g.ytd.v)));
        S_check_release(v, t, dg, dg + n, dg + 2 * n, sign, &f, &g);
        if (tb_test_failed_checks != before) {
            fprintf(stderr, "  at t = %d (sign %d)\n", t, sign);
            bad++;
        }
    }
    tb_facts_prep_free(p);
    tb_facts_prep_free(q);
    free(dg);
}

static void test_brute_force(void)
{
    for (int rep = 0; rep < 42; rep++) {
        int n = rep >= 40 ? 700 + (int)S_rand(40) : 1 + (int)S_rand(160); /* long: sorted ranks */
        double *v = tb_mem_alloc(sizeof(double) * (size_t)n);
        bool sign = rep % 2;
        for (int i = 0; i < n; i++) {
            v[i] = sign ? (double)S_rand(5) - 2 : (double)S_rand(4);
            if (S_rand(20) == 0)
                v[i] = NAN;
        }
        S_cross_check(v, n, sign);
        free(v);
    }
}

static bool S_same_reason(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* The trend of a backfill (prefix sums) against gsl_fit_linear called here
 * on each window, and against the trend of a one-month query (which calls
 * it in facts.c): equal to 1e-9 relative.  Series: trend, season and noise
 * at several scales, fractional values, a balance around zero, a constant,
 * missing months and a long gap (too many missing), and an infinite value
 * (no prefix sums: the same reasons as gsl_fit_linear's path). */
static void S_trend_check(const double *v, int n, bool balance, double *worst)
{
    tb_facts_prep *all = tb_facts_prep_new(), *one = tb_facts_prep_new();
    tb_facts_prep_series(all, v, n, M(1990, 1), balance, NULL, 0);
    double x[60], y[60];
    for (int t = 0; t < n; t++) {
        tb_facts fa, fo;
        tb_facts_at(all, t, &fa);
        tb_facts_prep_series(one, v, t + 1, M(1990, 1), balance, NULL, t);
        tb_facts_at(one, t, &fo);
        TB_CHECK(S_same_reason(fa.trend_slope.reason, fo.trend_slope.reason));
        TB_CHECK(S_same_reason(fa.trend_slope_pct.reason, fo.trend_slope_pct.reason));
        TB_CHECK_INT(fa.trend_points, fo.trend_points);
        if (fa.trend_slope.reason)
            continue;
        size_t k = 0;
        for (int i = t - 59; i <= t; i++)
            if (!isnan(v[i])) {
                x[k] = (double)(i - t) / 12.0;
                y[k++] = v[i];
            }
        double c0, c1, c00, c01, c11, ss;
        gsl_fit_linear(x, 1, y, 1, k, &c0, &c1, &c00, &c01, &c11, &ss);
        TB_CHECK(memcmp(&fo.trend_slope.v, &c1, sizeof c1) == 0);
        double rel = fabs(fa.trend_slope.v - c1) / fabs(c1);
        TB_CHECK(c1 == 0 ? fa.trend_slope.v == 0 : rel <= 1e-9);
        *worst = c1 != 0 && rel > *worst ? rel : *worst;
        if (!fa.trend_slope_pct.reason)
            TB_CHECK_NEAR(fa.trend_slope_pct.v, fo.trend_slope_pct.v, 1e-9 * fabs(fo.trend_slope_pct.v));
    }
    tb_facts_prep_free(all);
    tb_facts_prep_free(one);
}

static void test_trend_prefix_sums(void)
{
    enum { N = 420 };
    double v[N], worst = 0;
    const double scale[] = {1, 1e3, 1e9, 1e13, 0.01};
    for (int kind = 0; kind < 8; kind++) {
        for (int i = 0; i < N; i++) {
            double s = scale[kind % 5], noise = (double)S_rand(1000) / 1000.0 - 0.5;
            v[i] = s * (100 + 0.3 * i + 8 * sin(i * 0.5236) + 20 * noise);
            if (kind == 5)
                v[i] = 42; /* constant: slope exactly 0 */
            if (kind == 6)
                v[i] = floor(1e6 * noise); /* balance around zero, no trend */
            if (kind == 7)
                v[i] = (double)(int64_t)(1e9 * (1 + 1e-6 * i)); /* near flat, large */
            if (S_rand(17) == 0 || (kind == 2 && i > 200 && i < 240))
                v[i] = NAN;
        }
        S_trend_check(v, N, kind == 6, &worst);
    }
    v[300] = INFINITY;
    S_trend_check(v, N, false, &worst);
    TB_CHECK(worst > 0 && worst < 1e-9); /* > 0: the backfill did use the sums */
}

/* ---- JSON ---- */

static tb_dataset *S_small_dataset(void)
{
    tb_dataset *ds = tb_dataset_new(M(2020, 1), 24);
    tb_dataset_set_name(ds, "small");
    tb_dataset_set_meta(ds, "reporter", "KOR");
    tb_dataset_set_unit(ds, (tb_unit){"USD", 1000});
    int32_t kor = tb_dataset_intern(ds, TB_DIM_REPORTER, "KOR");
    int32_t wld = tb_dataset_intern(ds, TB_DIM_PARTNER, "WLD");
    int32_t tot = tb_dataset_intern(ds, TB_DIM_PRODUCT, "TOTAL");
    int32_t a = tb_dataset_intern(ds, TB_DIM_PRODUCT, "A");
    int32_t b = tb_dataset_intern(ds, TB_DIM_PRODUCT, "B");
    int32_t c = tb_dataset_intern(ds, TB_DIM_PRODUCT, "C");
    size_t ex = tb_dataset_add(ds, (tb_key){kor, wld, tot, TB_EXPORT});
    size_t im = tb_dataset_add(ds, (tb_key){kor, wld, tot, TB_IMPORT});
    size_t ia = tb_dataset_add(ds, (tb_key){kor, wld, a, TB_EXPORT});
    size_t ib = tb_dataset_add(ds, (tb_key){kor, wld, b, TB_EXPORT});
    size_t ic = tb_dataset_add(ds, (tb_key){kor, wld, c, TB_EXPORT});
    for (int t = 0; t < 24; t++) {
        /* 2020: A 50, B 30, C 20 (total 100); 2021: A 60, B 30, C 10 (total 100)
         * except 2021-12 when C is missing and the total is 90 */
        bool y2 = t >= 12;
        tb_dataset_series(ds, ia)->v[t] = y2 ? 60 : 50;
        tb_dataset_series(ds, ib)->v[t] = 30;
        tb_dataset_series(ds, ic)->v[t] = y2 ? 10 : 20;
        tb_dataset_series(ds, ex)->v[t] = 100;
        tb_dataset_series(ds, im)->v[t] = y2 ? 120 : 80;
    }
    tb_dataset_series(ds, ic)->v[23] = NAN;
    tb_dataset_series(ds, ex)->v[23] = 90;
    tb_dataset_derive_balances(ds);
    size_t members[] = {ia, ib, ic};
    tb_dataset_add_breakdown(ds, "items", TB_DIM_PRODUCT, ex, members, 3);
    tb_dataset_set_label(ds, TB_DIM_PRODUCT, "A", "en", "Apples");
    tb_dataset_set_label(ds, TB_DIM_PRODUCT, "A", "ko", "사과");
    return ds;
}

static void test_breakdown_facts(void)
{
    tb_dataset *ds = S_small_dataset();
    tb_facts total;
    tb_facts_breadth br;
    tb_facts_member *m = tb_facts_breakdown(ds, tb_dataset_breakdown(ds, 0), M(2021, 6), &total, &br);
    TB_CHECK_NEAR(total.yoy_pct.v, 0, 0);
    TB_CHECK_INT(br.up, 1);
    TB_CHECK_INT(br.down, 1);
    TB_CHECK_INT(br.flat, 1);
    TB_CHECK_INT(br.of, 3);
    TB_CHECK_NEAR(m[0].share_pct.v, 60, 1e-12);
    TB_CHECK_NEAR(m[0].contribution_pp.v, 10, 1e-12);
    TB_CHECK_NEAR(m[2].contribution_pp.v, -10, 1e-12);
    TB_CHECK_NEAR(m[1].contribution_pp.v, 0, 0);
    TB_CHECK_INT(m[0].rank_value, 1);
    TB_CHECK_INT(m[1].rank_value, 2);
    TB_CHECK_INT(m[2].rank_value, 3);
    TB_CHECK_INT(m[0].rank_growth, 1);
    TB_CHECK_INT(m[2].rank_growth, 3);
    TB_CHECK_INT(m[0].f.yoy_streak.months, 6);
    free(m);
    m = tb_facts_breakdown(ds, tb_dataset_breakdown(ds, 0), M(2021, 12), &total, &br);
    TB_CHECK_INT(br.of, 2);
    TB_CHECK_INT(br.missing, 1);
    TB_CHECK_STR(m[2].share_pct.reason, "no data for this month");
    TB_CHECK_INT(m[2].rank_value, 0);
    TB_CHECK_NEAR(m[0].share_pct.v, 60.0 / 90.0 * 100.0, 1e-12);
    free(m);
    tb_dataset_free(ds);
}

static json_t *S_path(json_t *root, const char *a, const char *b, const char *c)
{
    json_t *j = json_object_get(root, a);
    if (j && b)
        j = json_object_get(j, b);
    if (j && c)
        j = json_object_get(j, c);
    return j;
}

static void test_json(void)
{
    tb_dataset *ds = S_small_dataset();
    tb_diag d;
    tb_diag_init(&d);
    TB_CHECK(tb_facts_json(ds, NULL, M(2022, 1), &d) == NULL);
    TB_CHECK_INT(d.errors, 1);
    if (d.n > 0)
        TB_CHECK(strstr(d.items[0].text, "month 2022-01 is outside the data (2020-01 .. 2021-12)"));
    json_t *root = tb_facts_json(ds, NULL, M(2020, 6), &d);
    TB_CHECK(root != NULL);
    if (root) {
        TB_CHECK_STR(json_string_value(json_object_get(root, "dataset")), "small");
        TB_CHECK_STR(json_string_value(json_object_get(root, "month")), "2020-06");
        TB_CHECK_INT(json_integer_value(S_path(root, "unit", "multiplier", NULL)), 1000);
        json_t *ex = S_path(root, "series", "exports", NULL);
        TB_CHECK(json_is_null(json_object_get(ex, "yoy_pct")));
        TB_CHECK_STR(json_string_value(json_object_get(ex, "yoy_pct_null_reason")),
                     "12 months earlier is before the first month of data");
        TB_CHECK(json_is_real(json_object_get(ex, "value")));
        json_t *bal = S_path(root, "series", "balance", NULL);
        TB_CHECK_STR(json_string_value(S_path(bal, "sign_streak", "sign", NULL)), "surplus");
        TB_CHECK_INT(json_integer_value(S_path(bal, "sign_streak", "months", NULL)), 6);
        TB_CHECK(json_object_get(bal, "yoy_pct") == NULL);
        json_t *mem = json_array_get(S_path(root, "breakdowns", "items", "members"), 0);
        TB_CHECK_STR(json_string_value(json_object_get(mem, "name")), "Apples");
        TB_CHECK_STR(json_string_value(S_path(mem, "names", "ko", NULL)), "사과");
        /* no NaN anywhere: the dump parses back */
        char *s = json_dumps(root, JSON_INDENT(2));
        json_error_t err;
        json_t *back = json_loads(s, 0, &err);
        TB_CHECK(back != NULL);
        TB_CHECK(back && json_equal(back, root));
        json_decref(back);
        free(s);
        json_decref(root);
    }
    FILE *f = tmpfile();
    if (f) {
        TB_CHECK_INT(tb_facts_print(ds, NULL, M(2021, 12), f, &d), 0);
        TB_CHECK(ftell(f) > 100);
        fclose(f);
    }
    tb_diag_free(&d);
    tb_dataset_free(ds);
}

typedef struct {
    tb_facts f[8][24];
    int calls;
} S_collect;

static void S_collect_sink(void *ctx, size_t series, const tb_facts *f)
{
    S_collect *c = ctx;
    c->calls++;
    if (series < 8)
        c->f[series][f->month - M(2020, 1)] = *f;
}

static bool S_same(tb_facts_num a, tb_facts_num b)
{
    return (a.reason && b.reason && strcmp(a.reason, b.reason) == 0) || (!a.reason && !b.reason && a.v == b.v);
}

/* tb_facts_all on every core gives the sink what one thread does, in the
 * same order: a dataset big enough to be split (300 series x 720 months),
 * every fact summed into an order-sensitive hash. */
typedef struct {
    uint64_t h;
    size_t calls, last_series;
    tb_month last_month;
    bool ordered;
} S_trace;

static void S_trace_mix(S_trace *tr, double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    tr->h = (tr->h ^ b) * 0x100000001b3ull;
}

static void S_trace_sink(void *ctx, size_t series, const tb_facts *f)
{
    S_trace *tr = ctx;
    if (tr->calls++ && (series < tr->last_series || (series == tr->last_series && f->month <= tr->last_month)))
        tr->ordered = false;
    tr->last_series = series;
    tr->last_month = f->month;
    S_trace_mix(tr, (double)series);
    S_trace_mix(tr, f->value.reason ? -1 : f->value.v);
    S_trace_mix(tr, f->yoy_pct.reason ? -1 : f->yoy_pct.v);
    S_trace_mix(tr, f->yoy_streak.months);
    S_trace_mix(tr, f->high_since.month);
    S_trace_mix(tr, f->trend_slope.reason ? -1 : f->trend_slope.v);
}

static void test_all_parallel(void)
{
    int months = 720;
    tb_dataset *ds = tb_dataset_new(M(1960, 1), months);
    int32_t kor = tb_dataset_intern(ds, TB_DIM_REPORTER, "KOR");
    int32_t wld = tb_dataset_intern(ds, TB_DIM_PARTNER, "WLD");
    uint64_t x = 88172645463325252ull;
    for (int k = 0; k < 300; k++) {
        char code[16];
        snprintf(code, sizeof code, "P%03d", k);
        size_t i = tb_dataset_add(ds, (tb_key){kor, wld, tb_dataset_intern(ds, TB_DIM_PRODUCT, code), TB_EXPORT});
        for (int t = 0; t < months; t++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            tb_dataset_series(ds, i)->v[t] = x % 97 == 0 ? NAN : 1000 + (double)(x % 5000);
        }
    }
    tb_diag d;
    tb_diag_init(&d);
    S_trace all = {.h = 14695981039346656037ull, .ordered = true}, one = all;
    TB_CHECK_INT(tb_facts_all(ds, M(1960, 1) + months - 30, M(1960, 1) + months - 1, 0, S_trace_sink, &all, &d), 0);
    setenv("TB_THREADS", "1", 1);
    TB_CHECK_INT(tb_facts_all(ds, M(1960, 1) + months - 30, M(1960, 1) + months - 1, 0, S_trace_sink, &one, &d), 0);
    unsetenv("TB_THREADS");
    TB_CHECK_INT(all.calls, 300 * 30);
    TB_CHECK_INT(one.calls, 300 * 30);
    TB_CHECK(all.ordered);
    TB_CHECK(one.ordered);
    TB_CHECK(all.h == one.h);
    tb_diag_free(&d);
    tb_dataset_free(ds);
}

static void test_dataset_level(void)
{
    tb_dataset *ds = S_small_dataset();
    tb_diag d;
    tb_diag_init(&d);
    S_collect *c = tb_mem_calloc(1, sizeof *c);
    TB_CHECK_INT(tb_facts_all(ds, M(2020, 1), M(2021, 12), 0, S_collect_sink, c, &d), 0);
    TB_CHECK_INT(c->calls, (int)tb_dataset_count(ds) * 24);
    for (size_t i = 0; i < tb_dataset_count(ds) && i < 8; i++)
        for (int t = 0; t < 24; t += 5) {
            tb_facts g;
            TB_CHECK_INT(tb_facts_series(ds, i, M(2020, 1) + t, &g, &d), 0);
            const tb_facts *f = &c->f[i][t];
            TB_CHECK(S_same(f->value, g.value));
            TB_CHECK(S_same(f->yoy_pct, g.yoy_pct));
            TB_CHECK(S_same(f->avg3, g.avg3));
            TB_CHECK(S_same(f->ytd, g.ytd));
            TB_CHECK_INT(f->yoy_streak.months, g.yoy_streak.months);
            TB_CHECK_INT(f->sign_streak.months, g.sign_streak.months);
            TB_CHECK_INT(f->high_since.month, g.high_since.month);
            TB_CHECK_INT(f->low_since.month, g.low_since.month);
            TB_CHECK_INT(f->same_month_rank.rank, g.same_month_rank.rank);
        }
    free(c);
    TB_CHECK_INT(tb_facts_all(ds, M(2021, 1), M(2022, 1), 0, S_collect_sink, NULL, &d), -1);
    TB_CHECK_INT(tb_facts_all(ds, M(2021, 5), M(2021, 4), 0, S_collect_sink, NULL, &d), -1);
    tb_facts g;
    TB_CHECK_INT(tb_facts_series(ds, 99, M(2021, 1), &g, &d), -1);

    size_t ex = tb_dataset_lookup(ds, NULL, TB_EXPORT, "WLD", "TOTAL");
    tb_facts_threshold th;
    TB_CHECK_INT(tb_facts_series_threshold(ds, ex, M(2021, 11), 100, &th, &d), 0);
    TB_CHECK_INT(th.months, 23);
    TB_CHECK_INT(th.since, M(2020, 1));
    TB_CHECK(th.from_start);
    TB_CHECK_INT(tb_facts_series_threshold(ds, ex, M(2021, 12), 100, &th, &d), 0);
    TB_CHECK_INT(th.months, 0);

    /* a month before the prepared range */
    tb_facts_prep *p = tb_facts_prep_new();
    tb_facts_prep_series(p, tb_dataset_get(ds, ex)->v, 24, M(2020, 1), false, NULL, 20);
    tb_facts_at(p, 3, &g);
    TB_CHECK_STR(g.value.reason, "month outside the prepared range");
    TB_CHECK_STR(g.high_since.reason, "month outside the prepared range");
    tb_facts_at(p, 20, &g);
    TB_CHECK_NEAR(g.value.v, 100, 0);
    tb_facts_prep_free(p);
    tb_diag_free(&d);
    tb_dataset_free(ds);
}

/* ---- real data (ECOS 901Y118, thousand USD) ---- */

/* Reads "YYYY-MM,value" rows after a header into V indexed from 2000-01. */
static int S_read_ecos(const char *path, double *v, int cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    int n = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        int y, mo;
        double x;
        if (sscanf(line, "%d-%d,%lf", &y, &mo, &x) != 3)
            continue;
        int t = tb_month_make(y, mo) - M(2000, 1);
        if (t >= 0 && t < cap) {
            v[t] = x;
            if (t + 1 > n)
                n = t + 1;
        }
    }
    fclose(f);
    return n;
}

static bool S_have_real;
static double S_ex[400], S_im[400], S_bal[400];
static int S_real_n;

static void S_load_real(void)
{
    static const char *const dirs[] = {"../shared/real-data", "../../shared/real-data",
                                       "/work/shared/real-data"};
    for (int i = 0; i < 400; i++)
        S_ex[i] = S_im[i] = NAN;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && !S_have_real; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/ecos_901Y118_T002_korea_exports_NSA_200001_202602_kusd.csv", dirs[i]);
        snprintf(b, sizeof b, "%s/ecos_901Y118_T004_korea_imports_NSA_200001_202602_kusd.csv", dirs[i]);
        int ne = S_read_ecos(a, S_ex, 400), ni = S_read_ecos(b, S_im, 400);
        if (ne > 0 && ni > 0) {
            S_have_real = true;
            S_real_n = ne < ni ? ne : ni;
        }
    }
    for (int i = 0; i < S_real_n; i++)
        S_bal[i] = S_ex[i] - S_im[i];
}

static void test_real_korea(void)
{
    tb_month s = M(2000, 1);
    tb_facts f = S_at(S_ex, S_real_n, s, false, NULL, M(2024, 3) - s);
    TB_CHECK_NEAR(f.value.v, 56518309, 0);
    TB_CHECK_NEAR(f.yoy_pct.v, (56518309.0 - 54882484.0) / 54882484.0 * 100.0, 1e-9);
    TB_CHECK_NEAR(f.yoy_pct.v, 2.98, 0.005);
    TB_CHECK_INT(f.yoy_streak.dir, 1); /* checked with awk: up since 2023-10 */
    TB_CHECK_INT(f.yoy_streak.months, 6);
    TB_CHECK_INT(f.yoy_streak.since, M(2023, 10));
    TB_CHECK_INT(f.high_since.month, M(2023, 12)); /* awk: last month above 56,518,309 */
    TB_CHECK_INT(f.same_month_rank.rank, 2);        /* awk: March 2022 63,786,835 higher */
    TB_CHECK_INT(f.same_month_rank.of, 25);         /* Marches 2000..2024 */

    f = S_at(S_im, S_real_n, s, false, NULL, M(2023, 11) - s);
    TB_CHECK_NEAR(f.value.v, 51997805, 0);
    TB_CHECK_NEAR(f.yoy_pct.v, (51997805.0 - 58847655.0) / 58847655.0 * 100.0, 1e-9);
    TB_CHECK_NEAR(f.yoy_pct.v, -11.64, 0.005);

    f = S_at(S_bal, S_real_n, s, true, NULL, M(2023, 5) - s);
    TB_CHECK_INT(f.sign_streak.dir, -1);
    TB_CHECK_INT(f.sign_streak.months, 15);
    TB_CHECK_INT(f.sign_streak.since, M(2022, 3));
    TB_CHECK_STR(f.longest_since.reason, "the current streak is the longest on record");
    f = S_at(S_bal, S_real_n, s, true, NULL, M(2024, 3) - s); /* surplus 10 since 2023-06 */
    TB_CHECK_INT(f.sign_streak.dir, 1);
    TB_CHECK_INT(f.sign_streak.months, 10);
    TB_CHECK_INT(f.sign_streak.since, M(2023, 6));
    TB_CHECK_INT(f.longest_since.from, M(2020, 5)); /* awk: 19 months 2020-05..2021-11 */
    TB_CHECK_INT(f.longest_since.to, M(2021, 11));
    TB_CHECK_INT(f.longest_since.months, 19);
}

int main(void)
{
    tb_facts_init();
    TB_RUN(test_yoy_growth_and_streaks);
    TB_RUN(test_missing_month_breaks_runs);
    TB_RUN(test_sign_streak_and_longest_since);
    TB_RUN(test_high_low_since);
    TB_RUN(test_same_month_rank_and_year_high);
    TB_RUN(test_thresholds);
    TB_RUN(test_ytd_quarter);
    TB_RUN(test_daily_avg);
    TB_RUN(test_moving_and_trend);
    TB_RUN(test_pathological);
    TB_RUN(test_brute_force);
    TB_RUN(test_trend_prefix_sums);
    TB_RUN(test_breakdown_facts);
    TB_RUN(test_json);
    TB_RUN(test_dataset_level);
    TB_RUN(test_all_parallel);
    S_load_real();
    if (S_have_real)
        TB_RUN(test_real_korea);
    else
        TB_SKIPPED(test_real_korea, "../shared/real-data not found");
    TB_MAIN_END("test_facts");
}
