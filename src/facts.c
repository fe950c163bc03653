/* facts: the per-series precomputation and the facts of one month (see
 * facts.h).
 *
 * tb_facts_prep_series() fills, for every month index t of the series, in
 * one left-to-right pass each:
 *   ydir/yrun   yoy direction code and the length of the up/down run ending
 *               at t (0 when t has no direction);
 *   sdir/srun   the same for the sign of a balance;
 *   yls/ylen,   the start and length of the answer to longest_since at t,
 *   sls/slen    from a stack of the completed earlier runs of each kind whose
 *               lengths strictly decrease from bottom to top (a newer run
 *               pops older ones no longer than itself, which can never be
 *               "the most recent at least as long" again), binary-searched;
 *   pg/ps       previous strictly greater / smaller present month (monotonic
 *               stacks; NaN months are skipped; for a query range of at most
 *               S_SHORT months, a scan back from each queried month);
 *   nanpre      NaN count of v[0..t) (n + 1 entries);
 *   ytd         running year-to-date sum (NaN once a month is missing or
 *               when the year starts before the data);
 *   ymax/ymin   running maximum / minimum of the year's present months;
 *   rank/of     same-calendar-month competition rank up to t's year
 *               (gsl_sort_index per calendar month, then a Fenwick tree; or
 *               a count over the same months for a short query range);
 *   avg3/avg12/sum12  trailing moving statistics (gsl_movstat);
 *   sp          sparse table of minima (NaN as -inf) for threshold streaks.
 * Only one of the two run kinds is computed: sign runs for a balance, yoy
 * runs otherwise.
 * Invariant: after a prep the arrays hold n entries (nanpre n + 1)
 * describing the series passed, valid for indices from..n-1 (pg, ps, rank,
 * rank_of) or 0..n-1 (the rest); tb_facts_at only reads them, except for the
 * trend's scratch buffers, so one workspace serves one thread.
 */
#include "facts.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_movstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_vector.h>

#include "mem.h"

/* Direction codes of ydir / sdir.  Only S_UP and S_DOWN are runs. */
enum {
    S_DOWN = -1,
    S_FLAT = 0,
    S_UP = 1,
    S_NA_NOW = 2,   /* no value at t */
    S_NA_BASE = 3,  /* no value at t - 12 */
    S_NA_FIRST = 4, /* t - 12 is before the data */
};

#define S_LEVELS 32 /* sparse-table levels: enough for any int n */
#define S_SHORT 12  /* query ranges up to this long scan back instead of stacks */

struct tb_facts_prep {
    const double *v, *wd;
    int n, cap;
    int from; /* first month index that may be queried */
    tb_month start;
    bool balance;
    int trend_years;
    int moving_failed;
    int yfirst, sfirst; /* first index with an observed yoy (sign) comparison, or n */
    int8_t *ydir, *sdir;
    int32_t *yrun, *yls, *ylen, *srun, *sls, *slen;
    int32_t *pg, *ps, *nanpre, *rank, *rank_of;
    double *ytd, *ymax, *ymin, *avg3, *avg12, *sum12;
    double *sp;
    int levels;
    /* scratch */
    int32_t *stk, *run_start[2], *run_len[2], *bit, *comp, *cm_idx;
    double *tmp, *cm_val;
    size_t *sort_idx;
    double *fx, *fy;
    int fcap;
    gsl_movstat_workspace *w3, *w12;
};

void tb_facts_init(void)
{
    static bool done;
    if (!done) {
        gsl_set_error_handler_off();
        done = true;
    }
}

tb_facts_prep *tb_facts_prep_new(void)
{
    tb_facts_init();
    tb_facts_prep *p = tb_mem_calloc(1, sizeof *p);
    p->trend_years = TB_FACTS_TREND_YEARS;
    p->w3 = gsl_movstat_alloc2(2, 0);
    p->w12 = gsl_movstat_alloc2(11, 0);
    if (!p->w3 || !p->w12) {
        fputs("tradebrief: out of memory (GSL movstat workspace)\n", stderr);
        abort();
    }
    return p;
}

static void S_free_arrays(tb_facts_prep *p)
{
    void *arrays[] = {p->ydir, p->sdir, p->yrun, p->yls, p->ylen, p->srun, p->sls, p->slen,
                      p->pg, p->ps, p->nanpre, p->rank, p->rank_of, p->ytd, p->ymax, p->ymin,
                      p->avg3, p->avg12, p->sum12, p->sp, p->stk, p->run_start[0],
                      p->run_start[1], p->run_len[0], p->run_len[1], p->bit, p->comp,
                      p->cm_idx, p->tmp, p->cm_val, p->sort_idx};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
}

void tb_facts_prep_free(tb_facts_prep *p)
{
    if (!p)
        return;
    S_free_arrays(p);
    free(p->fx);
    free(p->fy);
    gsl_movstat_free(p->w3);
    gsl_movstat_free(p->w12);
    free(p);
}

void tb_facts_prep_set_trend_years(tb_facts_prep *p, int years)
{
    p->trend_years = years > 0 ? years : 0;
}

static int S_levels(int n)
{
    int k = 1;
    while (k < S_LEVELS && ((int64_t)1 << k) <= n)
        k++;
    return k;
}

/* Makes every array hold at least N entries (old contents are dropped). */
static void S_reserve(tb_facts_prep *p, int n)
{
    if (n <= p->cap)
        return;
    S_free_arrays(p);
    size_t c = (size_t)n, c1 = c + 1;
    p->cap = n;
    p->ydir = tb_mem_alloc(c);
    p->sdir = tb_mem_alloc(c);
    int32_t **i32[] = {&p->yrun, &p->yls, &p->ylen, &p->srun, &p->sls, &p->slen, &p->pg,
                       &p->ps, &p->rank, &p->rank_of, &p->stk, &p->run_start[0],
                       &p->run_start[1], &p->run_len[0], &p->run_len[1], &p->bit,
                       &p->comp, &p->cm_idx};
    for (size_t i = 0; i < sizeof i32 / sizeof i32[0]; i++)
        *i32[i] = tb_mem_reallocarray(NULL, c1, sizeof(int32_t));
    p->nanpre = tb_mem_reallocarray(NULL, c1, sizeof(int32_t));
    double **dbl[] = {&p->ytd, &p->ymax, &p->ymin, &p->avg3, &p->avg12, &p->sum12, &p->tmp,
                      &p->cm_val};
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        *dbl[i] = tb_mem_reallocarray(NULL, c1, sizeof(double));
    p->sort_idx = tb_mem_reallocarray(NULL, c1, sizeof(size_t));
    p->sp = tb_mem_reallocarray(NULL, (size_t)S_levels(n) * c, sizeof(double));
}

/* Runs of DIR (S_UP / S_DOWN) ending at each t, and longest_since. */
static void S_runs(tb_facts_prep *p, const int8_t *dir, int32_t *run, int32_t *ls, int32_t *lslen)
{
    int top[2] = {0, 0};
    for (int t = 0; t < p->n; t++) {
        int d = dir[t];
        int prev = t > 0 ? dir[t - 1] : S_FLAT;
        if ((prev == S_UP || prev == S_DOWN) && prev != d) {
            /* the run of t - 1 is complete: push it */
            int k = prev == S_UP, len = run[t - 1];
            int32_t *st = p->run_start[k], *sl = p->run_len[k];
            while (top[k] > 0 && sl[top[k] - 1] <= len)
                top[k]--;
            st[top[k]] = t - len;
            sl[top[k]] = len;
            top[k]++;
        }
        if (d != S_UP && d != S_DOWN) {
            run[t] = 0;
            ls[t] = -1;
            lslen[t] = 0;
            continue;
        }
        run[t] = prev == d ? run[t - 1] + 1 : 1;
        int k = d == S_UP, lo = 0, hi = top[k];
        const int32_t *sl = p->run_len[k];
        while (lo < hi) { /* last entry with length >= run[t] */
            int mid = lo + (hi - lo) / 2;
            if (sl[mid] >= run[t])
                lo = mid + 1;
            else
                hi = mid;
        }
        ls[t] = lo > 0 ? p->run_start[k][lo - 1] : -1;
        lslen[t] = lo > 0 ? sl[lo - 1] : 0;
    }
}

static void S_prev_greater_smaller(tb_facts_prep *p)
{
    const double *v = p->v;
    int32_t *st = p->stk;
    int top = 0;
    for (int t = 0; t < p->n; t++) {
        if (isnan(v[t])) {
            p->pg[t] = -1;
            continue;
        }
        while (top > 0 && v[st[top - 1]] <= v[t])
            top--;
        p->pg[t] = top > 0 ? st[top - 1] : -1;
        st[top++] = t;
    }
    top = 0;
    for (int t = 0; t < p->n; t++) {
        if (isnan(v[t])) {
            p->ps[t] = -1;
            continue;
        }
        while (top > 0 && v[st[top - 1]] >= v[t])
            top--;
        p->ps[t] = top > 0 ? st[top - 1] : -1;
        st[top++] = t;
    }
}

/* Months from..n-1 only, by scanning back from each: O(n) per queried
 * month, for short query ranges (one month: cheaper than the stacks). */
static void S_scan_back(tb_facts_prep *p)
{
    const double *v = p->v;
    for (int t = p->from; t < p->n; t++) {
        p->pg[t] = p->ps[t] = -1;
        p->rank[t] = p->rank_of[t] = 0;
        if (isnan(v[t]))
            continue;
        int j = t - 1;
        while (j >= 0 && !(v[j] > v[t])) /* NaN compares false: skipped */
            j--;
        p->pg[t] = j;
        j = t - 1;
        while (j >= 0 && !(v[j] < v[t]))
            j--;
        p->ps[t] = j;
        int greater = 0, of = 0;
        for (j = t; j >= 0; j -= 12) {
            of += !isnan(v[j]);
            greater += v[j] > v[t];
        }
        p->rank[t] = greater + 1;
        p->rank_of[t] = of;
    }
}

/* Same-calendar-month competition ranks, one calendar month at a time:
 * compress the values to descending ids (equal values share one), then walk
 * the years in order through a Fenwick tree counting strictly greater ids. */
static void S_ranks(tb_facts_prep *p)
{
    for (int c = 0; c < 12 && c < p->n; c++) { /* indices c, c + 12, ...: one calendar month */
        int k = 0;
        for (int t = c; t < p->n; t += 12) {
            if (isnan(p->v[t])) {
                p->rank[t] = 0;
                p->rank_of[t] = 0;
                continue;
            }
            p->cm_val[k] = p->v[t];
            p->cm_idx[k++] = t;
        }
        if (k == 0)
            continue;
        gsl_sort_index(p->sort_idx, p->cm_val, 1, (size_t)k);
        int id = 0;
        for (int j = k - 1; j >= 0; j--) {
            if (j < k - 1 && p->cm_val[p->sort_idx[j]] != p->cm_val[p->sort_idx[j + 1]])
                id++;
            p->comp[p->sort_idx[j]] = id + 1; /* 1-based for the tree */
        }
        int ids = id + 1;
        memset(p->bit, 0, sizeof(int32_t) * (size_t)(ids + 1));
        for (int j = 0; j < k; j++) {
            int greater = 0;
            for (int i = p->comp[j] - 1; i > 0; i -= i & -i)
                greater += p->bit[i];
            for (int i = p->comp[j]; i <= ids; i += i & -i)
                p->bit[i]++;
            p->rank[p->cm_idx[j]] = greater + 1;
            p->rank_of[p->cm_idx[j]] = j + 1;
        }
    }
}

/* Trailing window statistic of X[0..N) through GSL movstat.  NaN are fed to
 * GSL as 0 (its running accumulators would otherwise stay NaN forever) and
 * the windows holding one are set to NaN afterwards, as are windows that
 * start before X.  SCRATCH holds N doubles.  Returns 0 or -1 (OUT all NaN). */
static int S_trailing(const double *x, size_t n, size_t w, bool sum, gsl_movstat_workspace *ws,
                      double *scratch, double *out)
{
    if (n == 0)
        return 0;
    for (size_t t = 0; t < n; t++)
        scratch[t] = isnan(x[t]) ? 0.0 : x[t];
    gsl_vector_const_view xv = gsl_vector_const_view_array(scratch, n);
    gsl_vector_view yv = gsl_vector_view_array(out, n);
    int rc = sum ? gsl_movstat_sum(GSL_MOVSTAT_END_TRUNCATE, &xv.vector, &yv.vector, ws)
                 : gsl_movstat_mean(GSL_MOVSTAT_END_TRUNCATE, &xv.vector, &yv.vector, ws);
    size_t nans = 0;
    for (size_t t = 0; t < n; t++) {
        nans += isnan(x[t]) != 0;
        if (t >= w)
            nans -= isnan(x[t - w]) != 0;
        if (rc != GSL_SUCCESS || t + 1 < w || nans > 0)
            out[t] = NAN;
    }
    return rc == GSL_SUCCESS ? 0 : -1;
}

static int S_moving(const double *x, size_t n, size_t w, bool sum, double *out)
{
    tb_facts_init();
    if (w == 0) {
        for (size_t t = 0; t < n; t++)
            out[t] = NAN;
        return -1;
    }
    gsl_movstat_workspace *ws = gsl_movstat_alloc2(w - 1, 0);
    if (!ws) {
        fputs("tradebrief: out of memory (GSL movstat workspace)\n", stderr);
        abort();
    }
    double *scratch = tb_mem_reallocarray(NULL, n ? n : 1, sizeof(double));
    int rc = S_trailing(x, n, w, sum, ws, scratch, out);
    free(scratch);
    gsl_movstat_free(ws);
    return rc;
}

int tb_facts_moving_mean(const double *x, size_t n, size_t w, double *out)
{
    return S_moving(x, n, w, false, out);
}

int tb_facts_moving_sum(const double *x, size_t n, size_t w, double *out)
{
    return S_moving(x, n, w, true, out);
}

int tb_facts_prep_series(tb_facts_prep *p, const double *v, int n, tb_month start, bool balance,
                         const double *workdays, int from)
{
    tb_facts_init();
    if (n < 0)
        n = 0;
    S_reserve(p, n > 0 ? n : 1);
    p->from = from < 0 ? 0 : from > n ? n : from;
    p->v = v;
    p->wd = workdays;
    p->n = n;
    p->start = start;
    p->balance = balance;
    p->yfirst = p->sfirst = n;

    p->nanpre[0] = 0;
    for (int t = 0; t < n; t++) {
        bool na = isnan(v[t]);
        p->nanpre[t + 1] = p->nanpre[t] + na;
        /* yoy direction */
        int8_t d;
        if (na)
            d = S_NA_NOW;
        else if (t < 12)
            d = S_NA_FIRST;
        else if (isnan(v[t - 12]))
            d = S_NA_BASE;
        else
            d = v[t] > v[t - 12] ? S_UP : v[t] < v[t - 12] ? S_DOWN : S_FLAT;
        p->ydir[t] = d;
        if (p->yfirst == n && d >= S_DOWN && d <= S_UP)
            p->yfirst = t;
        /* sign */
        p->sdir[t] = na ? S_NA_NOW : v[t] > 0 ? S_UP : v[t] < 0 ? S_DOWN : S_FLAT;
        if (p->sfirst == n && !na)
            p->sfirst = t;
        /* year to date, year high / low */
        bool jan = tb_month_mon(start + t) == 1;
        if (jan)
            p->ytd[t] = v[t];
        else
            p->ytd[t] = t > 0 ? p->ytd[t - 1] + v[t] : NAN;
        double hi = jan || t == 0 ? NAN : p->ymax[t - 1], lo = jan || t == 0 ? NAN : p->ymin[t - 1];
        if (!na) {
            hi = isnan(hi) || v[t] > hi ? v[t] : hi;
            lo = isnan(lo) || v[t] < lo ? v[t] : lo;
        }
        p->ymax[t] = hi;
        p->ymin[t] = lo;
    }
    if (balance)
        S_runs(p, p->sdir, p->srun, p->sls, p->slen);
    else
        S_runs(p, p->ydir, p->yrun, p->yls, p->ylen);
    if (n - p->from <= S_SHORT) {
        S_scan_back(p);
    } else {
        S_prev_greater_smaller(p);
        S_ranks(p);
    }

    /* sparse table of minima, NaN as -inf */
    p->levels = S_levels(n);
    for (int t = 0; t < n; t++)
        p->sp[t] = isnan(v[t]) ? -INFINITY : v[t];
    for (int k = 1; k < p->levels; k++) {
        size_t row = (size_t)p->cap;
        double *prev = p->sp + (size_t)(k - 1) * row, *cur = p->sp + (size_t)k * row;
        int half = 1 << (k - 1);
        for (int t = 0; t + 2 * half <= n; t++)
            cur[t] = prev[t] < prev[t + half] ? prev[t] : prev[t + half];
    }

    size_t un = (size_t)n;
    int rc = 0;
    rc |= S_trailing(v, un, 3, false, p->w3, p->tmp, p->avg3);
    rc |= S_trailing(v, un, 12, false, p->w12, p->tmp, p->avg12);
    rc |= S_trailing(v, un, 12, true, p->w12, p->tmp, p->sum12);
    p->moving_failed = rc != 0;
    return rc ? -1 : 0;
}

/* ---- facts of one month ---- */

static tb_facts_num S_ok(double v)
{
    if (!isfinite(v))
        return (tb_facts_num){NAN, "not a finite number"};
    return (tb_facts_num){v, NULL};
}

static tb_facts_num S_null(const char *reason) { return (tb_facts_num){NAN, reason}; }

static const char *S_base_reason(const tb_facts_prep *p, int t, int lag)
{
    if (t - lag < 0)
        return lag == 1 ? "the month before is before the first month of data"
                        : "12 months earlier is before the first month of data";
    if (isnan(p->v[t - lag]))
        return lag == 1 ? "no data 1 month earlier" : "no data 12 months earlier";
    return NULL;
}

/* Change and percent change of v[t] against v[t - lag]. */
static void S_change(const tb_facts_prep *p, int t, int lag, tb_facts_num *pct, tb_facts_num *chg)
{
    const char *why = isnan(p->v[t]) ? "no data for this month" : S_base_reason(p, t, lag);
    if (why) {
        *pct = *chg = S_null(why);
        if (p->balance)
            *pct = S_null("not meaningful for a balance");
        return;
    }
    double a = p->v[t], b = p->v[t - lag];
    *chg = S_ok(a - b);
    if (p->balance)
        *pct = S_null("not meaningful for a balance");
    else if (b == 0)
        *pct = S_null(lag == 1 ? "zero 1 month earlier" : "zero 12 months earlier");
    else
        *pct = S_ok((a - b) / b * 100.0);
}

static const char *S_dir_reason(int d, bool sign)
{
    switch (d) {
    case S_FLAT:
        return sign ? "balance is zero" : "flat year on year";
    case S_NA_NOW:
        return "no data for this month";
    case S_NA_BASE:
        return "no data 12 months earlier";
    case S_NA_FIRST:
        return "12 months earlier is before the first month of data";
    default:
        return "no streak";
    }
}

/* The sign run S (starting at index FROM) continued back over months
 * without data, while the months with data keep its sign. */
static void S_gap_streak(const int8_t *dir, int from, int first, tb_facts_streak *s)
{
    int start = from, missing = 0, pending = 0;
    for (int u = from - 1; u >= first; u--) {
        if (dir[u] == S_NA_NOW) {
            pending++;
            continue;
        }
        if (dir[u] != s->dir)
            break;
        start = u;
        missing += pending;
        pending = 0;
    }
    if (missing == 0)
        return;
    s->gap_since = s->since - (from - start);
    s->gap_missing = missing;
    s->gap_months = s->months + (from - start) - missing;
    s->gap_from_start = start == first;
}

static void S_streak(const tb_facts_prep *p, int t, bool sign, tb_facts_streak *s,
                     tb_facts_longest *ls)
{
    const int8_t *dir = sign ? p->sdir : p->ydir;
    const int32_t *run = sign ? p->srun : p->yrun;
    int first = sign ? p->sfirst : p->yfirst;
    memset(s, 0, sizeof *s);
    s->since = TB_MONTH_NONE;
    int d = dir[t];
    if (d != S_UP && d != S_DOWN) {
        s->reason = S_dir_reason(d, sign);
        if (ls) {
            memset(ls, 0, sizeof *ls);
            ls->from = ls->to = TB_MONTH_NONE;
            ls->reason = "no current streak";
        }
        return;
    }
    int from = t - run[t] + 1;
    s->dir = d;
    s->months = run[t];
    s->since = p->start + from;
    s->from_start = from == first;
    if (sign)
        S_gap_streak(dir, from, first, s);
    if (!ls)
        return;
    memset(ls, 0, sizeof *ls);
    ls->from = ls->to = TB_MONTH_NONE;
    int32_t lf = sign ? p->sls[t] : p->yls[t], ll = sign ? p->slen[t] : p->ylen[t];
    if (lf < 0) {
        ls->reason = "the current streak is the longest on record";
        return;
    }
    ls->from = p->start + lf;
    ls->to = p->start + lf + ll - 1;
    ls->months = ll;
    ls->from_start = lf == first;
    for (int u = lf + ll; u < from && !ls->passes_over; u++)
        ls->passes_over = dir[u] == d;
}

static tb_facts_since S_since(const tb_facts_prep *p, int t, bool high)
{
    tb_facts_since s = {TB_MONTH_NONE, 0, NULL};
    if (isnan(p->v[t])) {
        s.reason = "no data for this month";
        return s;
    }
    int32_t j = high ? p->pg[t] : p->ps[t];
    if (j < 0) {
        if (t - p->nanpre[t] == 0)
            s.reason = "no earlier data";
        else
            s.reason = high ? "highest on record" : "lowest on record";
        return s;
    }
    s.month = p->start + j;
    s.months = t - j;
    return s;
}

tb_facts_threshold tb_facts_threshold_streak(const tb_facts_prep *p, int t, double threshold)
{
    tb_facts_threshold r = {threshold, 0, TB_MONTH_NONE, false, NULL};
    if (t < 0 || t >= p->n) {
        r.reason = "month outside the data";
        return r;
    }
    if (!isfinite(threshold)) {
        r.reason = "threshold is not a finite number";
        return r;
    }
    if (isnan(p->v[t])) {
        r.reason = "no data for this month";
        return r;
    }
    if (p->v[t] < threshold)
        return r;
    int pos = t + 1;
    for (int k = p->levels - 1; k >= 0; k--) {
        int len = 1 << k;
        if (pos >= len && p->sp[(size_t)k * (size_t)p->cap + (size_t)(pos - len)] >= threshold)
            pos -= len;
    }
    r.months = t + 1 - pos;
    r.since = p->start + pos;
    r.from_start = p->nanpre[pos] == pos;
    return r;
}

int tb_facts_default_thresholds(double x, double out[static TB_FACTS_MAX_THRESHOLDS])
{
    /* Subnormal values have no power of ten below them to round to (5e-324
     * gave a NaN threshold and one of 0). */
    if (!isnormal(x) || x < 0)
        return 0;
    double unit = 1; /* the power of ten with unit <= x < 10 unit; exact for 1..1e22 */
    while (unit * 10.0 <= x)
        unit *= 10.0;
    while (unit > x)
        unit /= 10.0;
    double digit = floor(x / unit);
    if (digit < 1)
        digit = 1;
    double lead = digit * unit;
    double step = digit >= 5 ? 5 * unit : digit >= 2 ? 2 * unit : unit;
    out[0] = lead;
    if (step != lead) {
        out[1] = step;
        return 2;
    }
    return 1;
}

static tb_facts_num S_window(const tb_facts_prep *p, const double *arr, int t, int w)
{
    if (!isnan(arr[t]))
        return S_ok(arr[t]);
    if (t + 1 < w)
        return S_null(w == 3 ? "fewer than 3 months of data" : "fewer than 12 months of data");
    if (p->moving_failed)
        return S_null("moving statistic failed");
    return S_null("missing month in the window");
}

static void S_trend(const tb_facts_prep *p, int t, tb_facts *f)
{
    f->trend_years = p->trend_years;
    f->trend_points = 0;
    if (p->trend_years == 0) {
        f->trend_slope = f->trend_slope_pct = S_null("trend disabled");
        return;
    }
    int w = 12 * p->trend_years;
    if (t + 1 < w) {
        f->trend_slope = f->trend_slope_pct = S_null("fewer years of data than the trend window");
        return;
    }
    tb_facts_prep *mp = (tb_facts_prep *)p; /* scratch buffers only */
    if (mp->fcap < w) {
        mp->fx = tb_mem_reallocarray(mp->fx, (size_t)w, sizeof(double));
        mp->fy = tb_mem_reallocarray(mp->fy, (size_t)w, sizeof(double));
        mp->fcap = w;
    }
    size_t k = 0;
    double sum = 0;
    for (int i = t - w + 1; i <= t; i++) {
        if (isnan(p->v[i]))
            continue;
        mp->fx[k] = (double)(i - t) / 12.0;
        mp->fy[k++] = p->v[i];
        sum += p->v[i];
    }
    f->trend_points = (int)k;
    if (k < 3 || 2 * k < (size_t)w) {
        f->trend_slope = f->trend_slope_pct = S_null("too many missing months in the trend window");
        return;
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    if (gsl_fit_linear(mp->fx, 1, mp->fy, 1, k, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) !=
            GSL_SUCCESS ||
        !isfinite(c1)) {
        f->trend_slope = f->trend_slope_pct = S_null("linear fit failed");
        return;
    }
    f->trend_slope = S_ok(c1);
    double mean = sum / (double)k; /* gsl_stats_mean's recurrence costs a division a point */
    if (p->balance)
        f->trend_slope_pct = S_null("not meaningful for a balance");
    else if (!(mean > 0))
        f->trend_slope_pct = S_null("mean of the trend window is not positive");
    else
        f->trend_slope_pct = S_ok(c1 / mean * 100.0);
}

static void S_ytd(const tb_facts_prep *p, int t, tb_facts *f)
{
    int jan = t - (tb_month_mon(p->start + t) - 1);
    if (jan < 0) {
        f->ytd = f->ytd_yoy_pct = f->ytd_yoy_change =
            S_null("year to date starts before the first month of data");
        return;
    }
    if (isnan(p->ytd[t])) {
        f->ytd = f->ytd_yoy_pct = f->ytd_yoy_change = S_null(
            isnan(p->v[t]) ? "no data for this month" : "missing month in the year to date");
        return;
    }
    f->ytd = S_ok(p->ytd[t]);
    const char *why = NULL;
    if (jan - 12 < 0)
        why = "12 months earlier is before the first month of data";
    else if (isnan(p->ytd[t - 12]))
        why = "no year-to-date figure 12 months earlier";
    if (why) {
        f->ytd_yoy_pct = f->ytd_yoy_change = S_null(why);
        return;
    }
    double a = p->ytd[t], b = p->ytd[t - 12];
    f->ytd_yoy_change = S_ok(a - b);
    if (p->balance)
        f->ytd_yoy_pct = S_null("not meaningful for a balance");
    else if (b == 0)
        f->ytd_yoy_pct = S_null("zero 12 months earlier");
    else
        f->ytd_yoy_pct = S_ok((a - b) / b * 100.0);
}

static double S_quarter_sum(const tb_facts_prep *p, int t)
{
    if (t - 2 < 0)
        return NAN;
    return p->v[t - 2] + p->v[t - 1] + p->v[t];
}

static void S_quarter(const tb_facts_prep *p, int t, tb_facts *f)
{
    f->quarter_end = tb_month_mon(p->start + t) % 3 == 0;
    if (!f->quarter_end) {
        f->quarter = f->quarter_yoy_pct = f->quarter_yoy_change =
            S_null("the month does not end a quarter");
        return;
    }
    double a = S_quarter_sum(p, t);
    if (isnan(a)) {
        f->quarter = f->quarter_yoy_pct = f->quarter_yoy_change =
            S_null(t - 2 < 0 ? "the quarter starts before the first month of data"
                             : "missing month in the quarter");
        return;
    }
    f->quarter = S_ok(a);
    double b = t - 12 >= 0 ? S_quarter_sum(p, t - 12) : NAN;
    if (isnan(b)) {
        f->quarter_yoy_pct = f->quarter_yoy_change =
            S_null(t - 14 < 0 ? "12 months earlier is before the first month of data"
                              : "missing month in the quarter 12 months earlier");
        return;
    }
    f->quarter_yoy_change = S_ok(a - b);
    if (p->balance)
        f->quarter_yoy_pct = S_null("not meaningful for a balance");
    else if (b == 0)
        f->quarter_yoy_pct = S_null("zero 12 months earlier");
    else
        f->quarter_yoy_pct = S_ok((a - b) / b * 100.0);
}

static void S_daily(const tb_facts_prep *p, int t, tb_facts *f)
{
    if (p->balance) {
        f->daily_avg = f->working_days = f->daily_avg_yoy_pct =
            S_null("not computed for a balance");
        return;
    }
    if (!p->wd) {
        f->daily_avg = f->working_days = f->daily_avg_yoy_pct =
            S_null("no working days in the dataset");
        return;
    }
    double d = p->wd[t];
    if (!(d > 0)) {
        f->daily_avg = f->working_days = f->daily_avg_yoy_pct =
            S_null("no working days for this month");
        return;
    }
    f->working_days = S_ok(d);
    if (isnan(p->v[t])) {
        f->daily_avg = f->daily_avg_yoy_pct = S_null("no data for this month");
        return;
    }
    double a = p->v[t] / d;
    f->daily_avg = S_ok(a);
    const char *why = S_base_reason(p, t, 12);
    if (!why && !(p->wd[t - 12] > 0))
        why = "no working days 12 months earlier";
    if (why) {
        f->daily_avg_yoy_pct = S_null(why);
        return;
    }
    double b = p->v[t - 12] / p->wd[t - 12];
    f->daily_avg_yoy_pct = b == 0 ? S_null("zero 12 months earlier") : S_ok((a - b) / b * 100.0);
}

static void S_all_null(tb_facts *f, const char *why)
{
    tb_facts_num *nums[] = {&f->value, &f->mom_pct, &f->yoy_pct, &f->mom_change, &f->yoy_change,
                            &f->ytd, &f->ytd_yoy_pct, &f->ytd_yoy_change, &f->quarter,
                            &f->quarter_yoy_pct, &f->quarter_yoy_change, &f->daily_avg,
                            &f->daily_avg_yoy_pct, &f->working_days, &f->avg3, &f->avg12,
                            &f->sum12, &f->trend_slope, &f->trend_slope_pct};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        *nums[i] = S_null(why);
    f->yoy_streak = f->sign_streak = (tb_facts_streak){.since = TB_MONTH_NONE, .reason = why};
    f->longest_since = (tb_facts_longest){.from = TB_MONTH_NONE, .to = TB_MONTH_NONE, .reason = why};
    f->high_since = f->low_since = (tb_facts_since){TB_MONTH_NONE, 0, why};
    f->same_month_rank = (tb_facts_rank){0, 0, why};
    f->first_month = TB_MONTH_NONE;
    f->year_high = f->year_low = -1;
}

void tb_facts_at(const tb_facts_prep *p, int t, tb_facts *f)
{
    memset(f, 0, sizeof *f);
    f->month = p->start + t;
    f->balance = p->balance;
    if (t < p->from || t >= p->n) {
        S_all_null(f, "month outside the prepared range");
        return;
    }
    double x = p->v[t];
    bool na = isnan(x);
    f->value = na ? S_null("no data for this month") : S_ok(x);
    S_change(p, t, 1, &f->mom_pct, &f->mom_change);
    S_change(p, t, 12, &f->yoy_pct, &f->yoy_change);
    S_ytd(p, t, f);
    S_quarter(p, t, f);
    if (p->balance) {
        f->yoy_streak = (tb_facts_streak){.since = TB_MONTH_NONE, .reason = "not computed for a balance"};
        S_streak(p, t, true, &f->sign_streak, &f->longest_since);
    } else {
        f->sign_streak = (tb_facts_streak){.since = TB_MONTH_NONE, .reason = "not a balance"};
        S_streak(p, t, false, &f->yoy_streak, &f->longest_since);
    }
    f->high_since = S_since(p, t, true);
    f->low_since = S_since(p, t, false);
    f->first_month = p->sfirst <= t ? p->start + p->sfirst : TB_MONTH_NONE;
    if (p->sfirst <= t) {
        f->history_missing = p->nanpre[t + 1] - p->nanpre[p->sfirst];
        f->history_months = t + 1 - p->sfirst - f->history_missing;
    }
    if (na) {
        f->same_month_rank = (tb_facts_rank){0, 0, "no data for this month"};
        f->year_high = f->year_low = -1;
    } else {
        f->same_month_rank = (tb_facts_rank){p->rank[t], p->rank_of[t], NULL};
        f->year_high = x >= p->ymax[t];
        f->year_low = x <= p->ymin[t];
    }
    if (!p->balance && !na && x > 0) {
        double th[TB_FACTS_MAX_THRESHOLDS];
        f->n_thresholds = tb_facts_default_thresholds(x, th);
        for (int i = 0; i < f->n_thresholds; i++)
            f->thresholds[i] = tb_facts_threshold_streak(p, t, th[i]);
    }
    S_daily(p, t, f);
    f->avg3 = S_window(p, p->avg3, t, 3);
    f->avg12 = S_window(p, p->avg12, t, 12);
    f->sum12 = S_window(p, p->sum12, t, 12);
    S_trend(p, t, f);
}

/* ---- dataset level ---- */

static bool S_month_ok(const tb_dataset *ds, tb_month m, tb_diag *diag)
{
    tb_month start = tb_dataset_start(ds);
    int n = tb_dataset_months(ds);
    if (n > 0 && m >= start && m < start + n)
        return true;
    char a[8], b[8], c[8];
    if (n > 0)
        tb_diag_error(diag, NULL, 0, 0, NULL, "month %s is outside the data (%s .. %s)",
                      m >= 0 ? tb_month_iso(m, a) : "(none)", tb_month_iso(start, b),
                      tb_month_iso(start + n - 1, c));
    else
        tb_diag_error(diag, NULL, 0, 0, NULL, "the dataset has no months");
    return false;
}

/* A workspace prepared for SERIES of DS up to month M (index *T), or NULL
 * with a diagnostic.  Ownership: caller frees with tb_facts_prep_free. */
static tb_facts_prep *S_prep_one(const tb_dataset *ds, size_t series, tb_month m, bool workdays, int *t,
                                 tb_diag *diag)
{
    if (!S_month_ok(ds, m, diag))
        return NULL;
    if (series >= tb_dataset_count(ds)) {
        tb_diag_error(diag, NULL, 0, 0, NULL, "no series %zu in the dataset", series);
        return NULL;
    }
    const tb_series *s = tb_dataset_get(ds, series);
    *t = m - tb_dataset_start(ds);
    tb_facts_prep *p = tb_facts_prep_new();
    tb_facts_prep_series(p, s->v, *t + 1, tb_dataset_start(ds), s->key.flow == TB_BALANCE,
                         workdays ? tb_dataset_workdays(ds) : NULL, *t);
    return p;
}

int tb_facts_series(const tb_dataset *ds, size_t series, tb_month m, tb_facts *out, tb_diag *diag)
{
    int t;
    tb_facts_prep *p = S_prep_one(ds, series, m, true, &t, diag);
    if (!p)
        return -1;
    tb_facts_at(p, t, out);
    tb_facts_prep_free(p);
    return 0;
}

int tb_facts_series_threshold(const tb_dataset *ds, size_t series, tb_month m, double threshold,
                              tb_facts_threshold *out, tb_diag *diag)
{
    int t;
    tb_facts_prep *p = S_prep_one(ds, series, m, false, &t, diag);
    if (!p)
        return -1;
    *out = tb_facts_threshold_streak(p, t, threshold);
    tb_facts_prep_free(p);
    return 0;
}

int tb_facts_all(const tb_dataset *ds, tb_month from, tb_month to, unsigned flags,
                 tb_facts_sink sink, void *ctx, tb_diag *diag)
{
    if (!S_month_ok(ds, from, diag) || !S_month_ok(ds, to, diag))
        return -1;
    if (to < from) {
        tb_diag_error(diag, NULL, 0, 0, NULL, "empty month range");
        return -1;
    }
    tb_month start = tb_dataset_start(ds);
    int t0 = from - start, t1 = to - start;
    tb_facts_prep *p = tb_facts_prep_new();
    if (flags & TB_FACTS_NO_TREND)
        tb_facts_prep_set_trend_years(p, 0);
    tb_facts f;
    for (size_t i = 0, n = tb_dataset_count(ds); i < n; i++) {
        const tb_series *s = tb_dataset_get(ds, i);
        tb_facts_prep_series(p, s->v, t1 + 1, start, s->key.flow == TB_BALANCE,
                             tb_dataset_workdays(ds), t0);
        for (int t = t0; t <= t1; t++) {
            tb_facts_at(p, t, &f);
            sink(ctx, i, &f);
        }
    }
    tb_facts_prep_free(p);
    return 0;
}

/* ---- breakdowns ---- */

typedef struct {
    double key;
    size_t i;
} S_keyed;

static int S_desc(const void *a, const void *b)
{
    const S_keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Competition ranks (1 = largest) of the members whose value (GROWTH: yoy_pct)
 * is a number, into rank_value (rank_growth); ties in manifest order.  BUF
 * holds N entries. */
static void S_rank_members(tb_facts_member *m, size_t n, bool growth, S_keyed *buf)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        tb_facts_num x = growth ? m[i].f.yoy_pct : m[i].f.value;
        if (!x.reason)
            buf[k++] = (S_keyed){x.v, i};
    }
    qsort(buf, k, sizeof *buf, S_desc);
    for (size_t j = 0; j < k; j++) {
        int r = j > 0 && buf[j].key == buf[j - 1].key
                    ? (growth ? m[buf[j - 1].i].rank_growth : m[buf[j - 1].i].rank_value)
                    : (int)j + 1;
        if (growth)
            m[buf[j].i].rank_growth = r;
        else
            m[buf[j].i].rank_value = r;
    }
}

tb_facts_member *tb_facts_breakdown(const tb_dataset *ds, const tb_breakdown *bd, tb_month m,
                                    tb_facts *total, tb_facts_breadth *breadth)
{
    tb_month start = tb_dataset_start(ds);
    int t = m - start;
    const double *wd = tb_dataset_workdays(ds);
    tb_facts_prep *p = tb_facts_prep_new();
    const tb_series *ts = tb_dataset_get(ds, bd->total);
    tb_facts_prep_series(p, ts->v, t + 1, start, ts->key.flow == TB_BALANCE, wd, t);
    tb_facts_at(p, t, total);
    double tot_now = ts->v[t], tot_base = t >= 12 ? ts->v[t - 12] : NAN;

    memset(breadth, 0, sizeof *breadth);
    tb_facts_member *out = bd->n_members ? tb_mem_calloc(bd->n_members, sizeof *out) : NULL;
    for (size_t i = 0; i < bd->n_members; i++) {
        tb_facts_member *mb = &out[i];
        const tb_series *s = tb_dataset_get(ds, bd->members[i]);
        mb->series = bd->members[i];
        tb_facts_prep_series(p, s->v, t + 1, start, s->key.flow == TB_BALANCE, wd, t);
        tb_facts_at(p, t, &mb->f);
        double x = s->v[t], base = t >= 12 ? s->v[t - 12] : NAN;

        if (isnan(x))
            mb->share_pct = S_null("no data for this month");
        else if (isnan(tot_now))
            mb->share_pct = S_null("no total for this month");
        else if (tot_now == 0)
            mb->share_pct = S_null("the total is zero");
        else
            mb->share_pct = S_ok(x / tot_now * 100.0);

        if (isnan(x))
            mb->contribution_pp = S_null("no data for this month");
        else if (t < 12)
            mb->contribution_pp = S_null("12 months earlier is before the first month of data");
        else if (isnan(base))
            mb->contribution_pp = S_null("no data 12 months earlier");
        else if (isnan(tot_base))
            mb->contribution_pp = S_null("no total 12 months earlier");
        else if (tot_base == 0)
            mb->contribution_pp = S_null("the total 12 months earlier is zero");
        else
            mb->contribution_pp = S_ok((x - base) / tot_base * 100.0);

        if (isnan(x) || isnan(base))
            breadth->missing++;
        else if (x > base)
            breadth->up++;
        else if (x < base)
            breadth->down++;
        else
            breadth->flat++;
    }
    breadth->of = breadth->up + breadth->down + breadth->flat;
    tb_facts_prep_free(p);
    if (bd->n_members) {
        S_keyed *buf = tb_mem_calloc(bd->n_members, sizeof *buf);
        S_rank_members(out, bd->n_members, false, buf);
        S_rank_members(out, bd->n_members, true, buf);
        free(buf);
    }
    return out;
}
