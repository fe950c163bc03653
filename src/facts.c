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
 *   dv/g/q      daily averages, yoy growth and quarter sums (NaN but at
 *               quarter ends), whose records (previous greater / smaller,
 *               same-month ranks) are kept like those of v and of ytd (at
 *               stride 12: the same months of earlier years), see S_rec;
 *   cm/pmax, ycm/ypmax  running maxima of v and ytd over the same calendar
 *               month and over all months (same-month records, threshold
 *               firsts), recrun the same-month record runs, prevsame the
 *               latest complete run of the same kind (passes_shorter).
 *   ty/tiy/ti/tii  prefix sums of v, t v, t and t^2 over present months
 *               for the trend of long query ranges (S_trend_sums).
 * Only one of the two run kinds is computed: sign runs for a balance, yoy
 * runs otherwise.
 * Invariant: after a prep the arrays hold n entries (nanpre n + 1)
 * describing the series passed, valid for indices from..n-1 (pg, ps, rank,
 * rank_of) or 0..n-1 (the rest); tb_facts_at only reads them, except for the
 * trend's scratch buffers, so one workspace serves one thread.
 */
#include "facts.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_movstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_vector.h>

#include "mem.h"
#include "par.h"

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
#define S_FEW_YEARS 48 /* same-month ranks of at most this many years: count, not sort */

/* The records of one array X (NaN = no value): previous strictly greater /
 * smaller entry among X[t - step], X[t - 2 step], ... (pg / ps, -1 none),
 * and the competition rank among the same calendar month up to t (rank /
 * of, 0 when X[t] is NaN).  A NULL output is not computed.  first: the
 * first index with a value (n when none). */
typedef struct {
    const double *x;
    int step, phase, phases; /* phases sequences phase + k, +step, +2 step, ... */
    int32_t *pg, *ps, *rank, *of;
    int first;
} S_rec;

/* A double-double: hi + lo with |lo| <= ulp(hi) / 2, enough to hold the
 * trend's prefix sums without rounding error in practice (106 bits). */
typedef struct {
    double hi, lo;
} S_dd;

/* The arrays whose records are kept: the value, daily average, yoy growth,
 * quarter sums (NaN but at quarter ends) and year-to-date sums. */
enum { S_RV, S_RD, S_RG, S_RQ, S_RY, S_NREC };

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
    /* release kinds: the arrays of daily averages, yoy growth and quarter
     * sums; running maxima (cm: of the same calendar month up to t; pmax:
     * of v[0..t]; ycm, ypmax: the same of ytd); same-month record runs;
     * start of the latest complete run of the same kind before t (prevsame) */
    double *dv, *g, *q, *cm, *pmax, *ycm, *ypmax;
    int32_t *recrun, *prevsame;
    int32_t *dpg, *dps, *drank, *dof, *gpg, *gps, *qpg, *qrank, *qof, *ypg, *yrank, *yof;
    S_rec rec[S_NREC];
    bool has_daily;
    double *sp;
    int levels;
    /* scratch */
    int32_t *stk, *run_start[2], *run_len[2], *bit, *comp, *cm_idx;
    double *tmp, *cm_val;
    size_t *sort_idx;
    double *fx, *fy;
    int fcap;
    /* trend prefix sums (see S_trend_sums), valid when tsums */
    bool tsums;
    S_dd *ty, *tiy;
    int64_t *ti, *tii;
    int tcap;
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
                      p->cm_idx, p->tmp, p->cm_val, p->sort_idx, p->dv, p->g, p->q, p->cm,
                      p->pmax, p->ycm, p->ypmax, p->recrun, p->prevsame, p->dpg, p->dps,
                      p->drank, p->dof, p->gpg, p->gps, p->qpg, p->qrank, p->qof, p->ypg,
                      p->yrank, p->yof};
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
    free(p->ty);
    free(p->tiy);
    free(p->ti);
    free(p->tii);
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
                       &p->comp, &p->cm_idx, &p->recrun, &p->prevsame, &p->dpg, &p->dps,
                       &p->drank, &p->dof, &p->gpg, &p->gps, &p->qpg, &p->qrank, &p->qof,
                       &p->ypg, &p->yrank, &p->yof};
    for (size_t i = 0; i < sizeof i32 / sizeof i32[0]; i++)
        *i32[i] = tb_mem_reallocarray(NULL, c1, sizeof(int32_t));
    p->nanpre = tb_mem_reallocarray(NULL, c1, sizeof(int32_t));
    double **dbl[] = {&p->ytd, &p->ymax, &p->ymin, &p->avg3, &p->avg12, &p->sum12, &p->tmp,
                      &p->cm_val, &p->dv, &p->g, &p->q, &p->cm, &p->pmax, &p->ycm, &p->ypmax};
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        *dbl[i] = tb_mem_reallocarray(NULL, c1, sizeof(double));
    p->sort_idx = tb_mem_reallocarray(NULL, c1, sizeof(size_t));
    p->sp = tb_mem_reallocarray(NULL, (size_t)S_levels(n) * c, sizeof(double));
}

/* Runs of DIR (S_UP / S_DOWN) ending at each t, longest_since, and the start
 * of the latest complete run of t's kind before t (PREVSAME, -1 none). */
static void S_runs(tb_facts_prep *p, const int8_t *dir, int32_t *run, int32_t *ls, int32_t *lslen,
                   int32_t *prevsame)
{
    int top[2] = {0, 0};
    int32_t last[2] = {-1, -1};
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
            last[k] = t - len;
        }
        if (d != S_UP && d != S_DOWN) {
            run[t] = 0;
            ls[t] = -1;
            lslen[t] = 0;
            prevsame[t] = -1;
            continue;
        }
        run[t] = prev == d ? run[t - 1] + 1 : 1;
        int k = d == S_UP, lo = 0, hi = top[k];
        prevsame[t] = last[k];
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

/* Previous greater and (when R->ps) smaller entry of R's array at stride
 * R->step, for every t from R->phase on: monotonic stacks per phase. */
static void S_stack(tb_facts_prep *p, const S_rec *r)
{
    const double *x = r->x;
    int32_t *hi = p->stk, *lo = p->comp;
    for (int c = r->phase; c < r->phase + r->phases && c < p->n; c++) {
        int th = 0, tl = 0;
        for (int t = c; t < p->n; t += r->step) {
            if (isnan(x[t])) {
                r->pg[t] = -1;
                if (r->ps)
                    r->ps[t] = -1;
                continue;
            }
            while (th > 0 && x[hi[th - 1]] <= x[t])
                th--;
            r->pg[t] = th > 0 ? hi[th - 1] : -1;
            hi[th++] = t;
            if (!r->ps)
                continue;
            while (tl > 0 && x[lo[tl - 1]] >= x[t])
                tl--;
            r->ps[t] = tl > 0 ? lo[tl - 1] : -1;
            lo[tl++] = t;
        }
    }
}

/* Months from..n-1 only, by scanning back from each: O(n) per queried
 * month, for short query ranges (one month: cheaper than the stacks). */
static void S_scan_back(tb_facts_prep *p, const S_rec *r)
{
    const double *x = r->x;
    for (int t = p->from; t < p->n; t++) {
        int greater = 0, of = 0, j;
        if (r->pg) {
            for (j = t - r->step; j >= 0 && !(x[j] > x[t]); j -= r->step) /* NaN: skipped */
                ;
            r->pg[t] = isnan(x[t]) || j < 0 ? -1 : j;
        }
        if (r->ps) {
            for (j = t - r->step; j >= 0 && !(x[j] < x[t]); j -= r->step)
                ;
            r->ps[t] = isnan(x[t]) || j < 0 ? -1 : j;
        }
        if (!r->rank)
            continue;
        for (j = t; j >= 0 && !isnan(x[t]); j -= 12) {
            of += !isnan(x[j]);
            greater += x[j] > x[t];
        }
        r->rank[t] = of ? greater + 1 : 0;
        r->of[t] = of;
    }
}

/* Same-calendar-month competition ranks of R's array, one calendar month at
 * a time: compress the values to descending ids (equal values share one),
 * then walk the years in order through a Fenwick tree counting strictly
 * greater ids. */
static void S_ranks(tb_facts_prep *p, const S_rec *r)
{
    const double *x = r->x;
    for (int c = 0; c < 12 && c < p->n; c++) { /* indices c, c + 12, ...: one calendar month */
        int k = 0;
        for (int t = c; t < p->n; t += 12) {
            if (isnan(x[t])) {
                r->rank[t] = 0;
                r->of[t] = 0;
                continue;
            }
            p->cm_val[k] = x[t];
            p->cm_idx[k++] = t;
        }
        if (k == 0)
            continue;
        if (k <= S_FEW_YEARS) {
            for (int j = 0; j < k; j++) {
                int greater = 0;
                for (int i = 0; i < j; i++)
                    greater += p->cm_val[i] > p->cm_val[j];
                r->rank[p->cm_idx[j]] = greater + 1;
                r->of[p->cm_idx[j]] = j + 1;
            }
            continue;
        }
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
            r->rank[p->cm_idx[j]] = greater + 1;
            r->of[p->cm_idx[j]] = j + 1;
        }
    }
}

/* The records of R: scans for a short query range, else stacks and ranks. */
static void S_records(tb_facts_prep *p, const S_rec *r)
{
    if (p->n - p->from <= S_SHORT) {
        S_scan_back(p, r);
        return;
    }
    S_stack(p, r);
    if (r->rank)
        S_ranks(p, r);
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

static double S_max(double a, double b) { return isnan(a) || b > a ? b : a; }

static int S_first_value(const double *x, int n)
{
    int t = 0;
    while (t < n && isnan(x[t]))
        t++;
    return t;
}

/* The arrays of the release kinds (see struct tb_facts_prep) after the main
 * pass, and the records to keep of each (p->rec; x NULL: not kept). */
static void S_derive(tb_facts_prep *p)
{
    const double *v = p->v, *wd = p->wd;
    int n = p->n;
    p->has_daily = wd && !p->balance;
    for (int t = 0, mon = tb_month_mon(p->start); t < n; t++, mon = mon % 12 + 1) {
        double base = t >= 12 ? v[t - 12] : NAN;
        p->g[t] = !p->balance && base != 0 ? (v[t] - base) / base * 100.0 : NAN;
        p->dv[t] = p->has_daily && wd[t] > 0 ? v[t] / wd[t] : NAN;
        p->q[t] = t >= 2 && mon % 3 == 0 ? v[t - 2] + v[t - 1] + v[t] : NAN;
        p->cm[t] = S_max(t >= 12 ? p->cm[t - 12] : NAN, v[t]);
        p->pmax[t] = S_max(t >= 1 ? p->pmax[t - 1] : NAN, v[t]);
        p->ycm[t] = S_max(t >= 12 ? p->ycm[t - 12] : NAN, p->ytd[t]);
        p->ypmax[t] = S_max(t >= 1 ? p->ypmax[t - 1] : NAN, p->ytd[t]);
        bool rec = t >= 12 && v[t] > p->cm[t - 12]; /* NaN compares false */
        p->recrun[t] = rec ? (t > 0 ? p->recrun[t - 1] : 0) + 1 : 0;
    }
    int qphase = (3 - tb_month_mon(p->start) % 3) % 3; /* the first quarter end */
    p->rec[S_RV] = (S_rec){v, 1, 0, 1, p->pg, p->ps, p->rank, p->rank_of, 0};
    p->rec[S_RD] =
        (S_rec){p->has_daily ? p->dv : NULL, 1, 0, 1, p->dpg, p->dps, p->drank, p->dof, 0};
    p->rec[S_RG] = (S_rec){p->balance ? NULL : p->g, 1, 0, 1, p->gpg, p->gps, NULL, NULL, 0};
    p->rec[S_RQ] = (S_rec){p->q, 3, qphase, 1, p->qpg, NULL, p->qrank, p->qof, 0};
    p->rec[S_RY] = (S_rec){p->ytd, 12, 0, 12, p->ypg, NULL, p->yrank, p->yof, 0};
    for (int k = 0; k < S_NREC; k++)
        p->rec[k].first = p->rec[k].x ? S_first_value(p->rec[k].x, n) : n;
}

/* ---- the trend's prefix sums ----
 * Error-free transformations (Knuth's two-sum, Dekker's product with
 * Veltkamp's split) and the double-double sums built on them, after the QD
 * library (Hida, Li and Bailey).  They rely on IEEE doubles and on no
 * contraction into fused multiply-adds, which -std=c17 gives. */

#define S_DD_MAX 1e290 /* below this Veltkamp's split cannot overflow */

static S_dd S_two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return (S_dd){s, (a - (s - bb)) + (b - bb)};
}

/* Requires |a| >= |b| (or a == 0). */
static S_dd S_quick_two_sum(double a, double b)
{
    double s = a + b;
    return (S_dd){s, b - (s - a)};
}

static S_dd S_two_prod(double a, double b)
{
    double p = a * b, ta = 134217729.0 * a, tb = 134217729.0 * b;
    double ah = ta - (ta - a), al = a - ah, bh = tb - (tb - b), bl = b - bh;
    return (S_dd){p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

static S_dd S_dd_add(S_dd a, S_dd b)
{
    S_dd s = S_two_sum(a.hi, b.hi), t = S_two_sum(a.lo, b.lo);
    s = S_quick_two_sum(s.hi, s.lo + t.hi);
    return S_quick_two_sum(s.hi, s.lo + t.lo);
}

static S_dd S_dd_sub(S_dd a, S_dd b) { return S_dd_add(a, (S_dd){-b.hi, -b.lo}); }

static S_dd S_dd_mul(S_dd a, double b)
{
    S_dd p = S_two_prod(a.hi, b);
    return S_quick_two_sum(p.hi, p.lo + a.lo * b);
}

/* For query ranges longer than S_SHORT: prefix sums over the present
 * months u < t of v[u] and u v[u] (ty, tiy) and of u and u^2 (ti, tii), from
 * which S_trend_fit fits any window in O(1) instead of one gsl_fit_linear
 * per month.  Left off (tsums false) for short ranges, without a trend, or
 * when a value is not finite or too large to split. */
static void S_trend_sums(tb_facts_prep *p)
{
    p->tsums = false;
    int n = p->n;
    if (p->trend_years == 0 || n - p->from <= S_SHORT || n < 12 * p->trend_years)
        return;
    if (p->tcap < n + 1) {
        size_t c = (size_t)n + 1;
        p->ty = tb_mem_reallocarray(p->ty, c, sizeof *p->ty);
        p->tiy = tb_mem_reallocarray(p->tiy, c, sizeof *p->tiy);
        p->ti = tb_mem_reallocarray(p->ti, c, sizeof *p->ti);
        p->tii = tb_mem_reallocarray(p->tii, c, sizeof *p->tii);
        p->tcap = n + 1;
    }
    S_dd y = {0, 0}, iy = {0, 0};
    int64_t i1 = 0, i2 = 0;
    for (int u = 0; u <= n; u++) {
        p->ty[u] = y;
        p->tiy[u] = iy;
        p->ti[u] = i1;
        p->tii[u] = i2;
        double x = u < n ? p->v[u] : NAN;
        if (isnan(x))
            continue;
        if (!(fabs(x) < S_DD_MAX))
            return;
        y = S_dd_add(y, (S_dd){x, 0});
        iy = S_dd_add(iy, S_two_prod(x, (double)u));
        i1 += u;
        i2 += (int64_t)u * u;
    }
    p->tsums = true;
}

/* The slope per year of the least squares line through the K present
 * months LO..T from the prefix sums, and their *SUM.  With x the month
 * index: slope per month = (K Sxy - Sx Sy) / (K Sxx - Sx^2), the numerator
 * in double-double, the denominator exact in integers; so it agrees with
 * gsl_fit_linear (x in years from T) to rounding, 1e-9 relative tested. */
static double S_trend_fit(const tb_facts_prep *p, int lo, int t, size_t k, double *sum)
{
    S_dd sy = S_dd_sub(p->ty[t + 1], p->ty[lo]), sxy = S_dd_sub(p->tiy[t + 1], p->tiy[lo]);
    int64_t sx = p->ti[t + 1] - p->ti[lo], sxx = p->tii[t + 1] - p->tii[lo], kk = (int64_t)k;
    S_dd num = S_dd_sub(S_dd_mul(sxy, (double)kk), S_dd_mul(sy, (double)sx));
    *sum = sy.hi + sy.lo;
    return 12.0 * (num.hi + num.lo) / (double)(kk * sxx - sx * sx);
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
        S_runs(p, p->sdir, p->srun, p->sls, p->slen, p->prevsame);
    else
        S_runs(p, p->ydir, p->yrun, p->yls, p->ylen, p->prevsame);
    S_derive(p);
    for (int k = 0; k < S_NREC; k++)
        if (p->rec[k].x)
            S_records(p, &p->rec[k]);

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
    S_trend_sums(p);
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
 * without data, while the months with data keep its sign; the runs of
 * months without data inside it are counted, the latest kept. */
static void S_gap_streak(const int8_t *dir, int from, int first, tb_facts_streak *s)
{
    int start = from, missing = 0, pending = 0, periods = 0, last[TB_FACTS_MAX_GAPS];
    for (int u = from - 1; u >= first; u--) {
        if (dir[u] == S_NA_NOW) {
            pending++;
            continue;
        }
        if (dir[u] != s->dir)
            break;
        if (pending > 0 && periods < TB_FACTS_MAX_GAPS)
            last[periods] = u + 1; /* latest first; it runs for PENDING months */
        periods += pending > 0;
        start = u;
        missing += pending;
        pending = 0;
    }
    if (missing == 0)
        return;
    tb_month m0 = s->since - from; /* the month of index 0 */
    s->gap_since = m0 + start;
    s->gap_missing = missing;
    s->gap_months = s->months + (from - start) - missing;
    s->gap_from_start = start == first;
    s->gap_periods = periods;
    s->n_gaps = periods < TB_FACTS_MAX_GAPS ? periods : TB_FACTS_MAX_GAPS;
    for (int k = 0; k < s->n_gaps; k++) {
        int lo = last[k], hi = lo;
        while (dir[hi + 1] == S_NA_NOW)
            hi++;
        s->gaps[s->n_gaps - 1 - k].from = m0 + lo;
        s->gaps[s->n_gaps - 1 - k].to = m0 + hi;
    }
}

/* The run that ended the month before the run starting at FROM. */
static tb_facts_prev S_previous(const tb_facts_prep *p, int from, bool sign)
{
    const int8_t *dir = sign ? p->sdir : p->ydir;
    const int32_t *run = sign ? p->srun : p->yrun;
    int first = sign ? p->sfirst : p->yfirst, j = from - 1;
    tb_facts_prev r = {0, 0, TB_MONTH_NONE, TB_MONTH_NONE, false, NULL};
    if (from <= first) {
        r.reason = "the streak starts where the data first allow one";
        return r;
    }
    int d = dir[j];
    if (d != S_UP && d != S_DOWN) {
        r.reason = d == S_FLAT ? (sign ? "balance is zero the month before the streak"
                                       : "flat year on year the month before the streak")
                 : d == S_NA_NOW ? "no data the month before the streak"
                                 : "no comparison the month before the streak";
        return r;
    }
    int since = j - run[j] + 1;
    r = (tb_facts_prev){d, run[j], p->start + since, p->start + j, since == first, NULL};
    return r;
}

static void S_streak(const tb_facts_prep *p, int t, bool sign, tb_facts_streak *s,
                     tb_facts_longest *ls, tb_facts_prev *prev)
{
    if (prev)
        *prev = (tb_facts_prev){0, 0, TB_MONTH_NONE, TB_MONTH_NONE, false, "no current streak"};
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
    if (prev)
        *prev = S_previous(p, from, sign);
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
    ls->passes_shorter = p->prevsame[from] != lf;
}

/* high_since / low_since of the records R at t; NONOW: the reason when
 * R's array has no value at t. */
static tb_facts_since S_since(const tb_facts_prep *p, const S_rec *r, int t, bool high,
                              const char *nonow)
{
    tb_facts_since s = {TB_MONTH_NONE, 0, NULL};
    if (!r->x || isnan(r->x[t])) {
        s.reason = nonow;
        return s;
    }
    int32_t j = high ? r->pg[t] : r->ps[t];
    if (j < 0) {
        if (r->first >= t)
            s.reason = "no earlier data";
        else
            s.reason = high ? "highest on record" : "lowest on record";
        return s;
    }
    s.month = p->start + j;
    s.months = t - j;
    return s;
}

static tb_facts_rank S_rank(const S_rec *r, int t, const char *nonow)
{
    if (!r->x || isnan(r->x[t]))
        return (tb_facts_rank){0, 0, nonow};
    return (tb_facts_rank){r->rank[t], r->of[t], NULL};
}

static tb_facts_record_streak S_record_streak(const tb_facts_prep *p, int t)
{
    tb_facts_record_streak r = {0, TB_MONTH_NONE, false, NULL};
    if (isnan(p->v[t]))
        r.reason = "no data for this month";
    else if (t < 12 || isnan(p->cm[t - 12]))
        r.reason = "no earlier year for this calendar month";
    else if (p->recrun[t] == 0)
        r.reason = "not a record for the calendar month";
    if (r.reason)
        return r;
    int s = t - p->recrun[t] + 1;
    r.months = p->recrun[t];
    r.since = p->start + s;
    r.from_start = s == 0 || (!isnan(p->v[s - 1]) && (s - 1 < 12 || isnan(p->cm[s - 13])));
    return r;
}

/* Whether X at t is a first for THRESHOLD given the running maxima. */
static void S_first(const double *x, const double *pmax, const double *cm, int t,
                    double threshold, bool *ever, bool *for_month)
{
    bool at = x[t] >= threshold;
    *ever = at && !(t >= 1 && pmax[t - 1] >= threshold);
    *for_month = at && !(t >= 12 && cm[t - 12] >= threshold);
}

tb_facts_threshold tb_facts_threshold_streak(const tb_facts_prep *p, int t, double threshold)
{
    tb_facts_threshold r = {threshold, 0, TB_MONTH_NONE, false, false, false, NULL};
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
    S_first(p->v, p->pmax, p->cm, t, threshold, &r.first_ever, &r.first_for_month);
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

/* gsl_fit_linear through the present months LO..T, x in years from T:
 * the slope per year into *C1 and the months' *SUM; returns GSL's status. */
static int S_trend_gsl(const tb_facts_prep *p, int lo, int t, double *c1, double *sum)
{
    tb_facts_prep *mp = (tb_facts_prep *)p; /* scratch buffers only */
    int w = t - lo + 1;
    if (mp->fcap < w) {
        mp->fx = tb_mem_reallocarray(mp->fx, (size_t)w, sizeof(double));
        mp->fy = tb_mem_reallocarray(mp->fy, (size_t)w, sizeof(double));
        mp->fcap = w;
    }
    size_t k = 0;
    *sum = 0;
    for (int i = lo; i <= t; i++) {
        if (isnan(p->v[i]))
            continue;
        mp->fx[k] = (double)(i - t) / 12.0;
        mp->fy[k++] = p->v[i];
        *sum += p->v[i];
    }
    double c0, cov00, cov01, cov11, sumsq;
    return gsl_fit_linear(mp->fx, 1, mp->fy, 1, k, &c0, c1, &cov00, &cov01, &cov11, &sumsq);
}

static void S_trend(const tb_facts_prep *p, int t, tb_facts *f)
{
    f->trend_years = p->trend_years;
    f->trend_points = 0;
    if (p->trend_years == 0) {
        f->trend_slope = f->trend_slope_pct = S_null("trend disabled");
        return;
    }
    int w = 12 * p->trend_years, lo = t - w + 1;
    if (lo < 0) {
        f->trend_slope = f->trend_slope_pct = S_null("fewer years of data than the trend window");
        return;
    }
    size_t k = (size_t)(w - (p->nanpre[t + 1] - p->nanpre[lo]));
    f->trend_points = (int)k;
    if (k < 3 || 2 * k < (size_t)w) {
        f->trend_slope = f->trend_slope_pct = S_null("too many missing months in the trend window");
        return;
    }
    double c1, sum;
    if (p->tsums)
        c1 = S_trend_fit(p, lo, t, k, &sum);
    else if (S_trend_gsl(p, lo, t, &c1, &sum) != GSL_SUCCESS)
        c1 = NAN;
    if (!isfinite(c1)) {
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

static tb_facts_since_years S_ytd_high_since(const tb_facts_prep *p, int t)
{
    tb_facts_since_years r = {TB_MONTH_NONE, 0, NULL};
    int j = p->ypg[t];
    if (j >= 0)
        r = (tb_facts_since_years){p->start + j, (t - j) / 12, NULL};
    else
        r.reason = p->yof[t] <= 1 ? "no earlier data" : "highest on record";
    return r;
}

/* The period records of F's ytd and quarter (F's values already set). */
static void S_period_records(const tb_facts_prep *p, int t, tb_facts *f)
{
    const char *qwhy = f->quarter.reason;
    f->same_quarter_rank = S_rank(&p->rec[S_RQ], t, qwhy);
    f->quarter_high_since = S_since(p, &p->rec[S_RQ], t, true, qwhy);
    const char *ywhy = f->ytd.reason;
    f->same_period_rank = S_rank(&p->rec[S_RY], t, ywhy);
    if (ywhy)
        f->ytd_high_since = (tb_facts_since_years){TB_MONTH_NONE, 0, ywhy};
    else
        f->ytd_high_since = S_ytd_high_since(p, t);
    f->n_ytd_thresholds = 0;
    if (p->balance || ywhy || !(f->ytd.v > 0))
        return;
    double th[TB_FACTS_MAX_THRESHOLDS];
    f->n_ytd_thresholds = tb_facts_default_thresholds(f->ytd.v, th);
    for (int i = 0; i < f->n_ytd_thresholds; i++) {
        tb_facts_first *x = &f->ytd_thresholds[i];
        x->threshold = th[i];
        S_first(p->ytd, p->ypmax, p->ycm, t, th[i], &x->first_ever, &x->first_for_month);
    }
}

/* The kinds official releases state (DESIGN.md, "release fact kinds"),
 * after the other facts of F are set. */
static void S_release(const tb_facts_prep *p, int t, tb_facts *f)
{
    f->same_month_record_streak = S_record_streak(p, t);
    const char *gwhy = f->yoy_pct.reason ? f->yoy_pct.reason : "no growth rate";
    f->yoy_high_since = S_since(p, &p->rec[S_RG], t, true, gwhy);
    f->yoy_low_since = S_since(p, &p->rec[S_RG], t, false, gwhy);
    const char *dwhy = f->daily_avg.reason ? f->daily_avg.reason : "no daily average";
    f->daily_high_since = S_since(p, &p->rec[S_RD], t, true, dwhy);
    f->daily_low_since = S_since(p, &p->rec[S_RD], t, false, dwhy);
    f->daily_same_month_rank = S_rank(&p->rec[S_RD], t, dwhy);
    S_period_records(p, t, f);
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
    f->yoy_streak = f->sign_streak = (tb_facts_streak){.since = TB_MONTH_NONE, .gap_since = TB_MONTH_NONE, .reason = why};
    f->longest_since = (tb_facts_longest){TB_MONTH_NONE, TB_MONTH_NONE, 0, false, false, why};
    f->streak_previous = (tb_facts_prev){0, 0, TB_MONTH_NONE, TB_MONTH_NONE, false, why};
    f->high_since = f->low_since = f->yoy_high_since = f->yoy_low_since = f->daily_high_since =
        f->daily_low_since = f->quarter_high_since = (tb_facts_since){TB_MONTH_NONE, 0, why};
    f->same_month_rank = f->daily_same_month_rank = f->same_quarter_rank = f->same_period_rank =
        (tb_facts_rank){0, 0, why};
    f->same_month_record_streak = (tb_facts_record_streak){0, TB_MONTH_NONE, false, why};
    f->ytd_high_since = (tb_facts_since_years){TB_MONTH_NONE, 0, why};
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
        S_streak(p, t, true, &f->sign_streak, &f->longest_since, &f->streak_previous);
    } else {
        f->sign_streak = (tb_facts_streak){.since = TB_MONTH_NONE, .reason = "not a balance"};
        S_streak(p, t, false, &f->yoy_streak, &f->longest_since, &f->streak_previous);
    }
    f->high_since = S_since(p, &p->rec[S_RV], t, true, "no data for this month");
    f->low_since = S_since(p, &p->rec[S_RV], t, false, "no data for this month");
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
    S_release(p, t, f);
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

#define S_ALL_BUFFER ((size_t)2 << 20) /* bytes of facts a part holds before the sink takes them */

/* tb_facts_all on every core: the series in blocks, block k computed by
 * part k % parts into its own buffer, then handed to the sink when every
 * block before it has been (turn), so the sink sees index order. */
typedef struct {
    const tb_dataset *ds;
    int t0, t1;
    unsigned flags;
    size_t block; /* series per block */
    tb_facts_sink sink;
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t moved;
    size_t turn; /* the block whose facts go to the sink next */
} S_all;

static void S_all_block(S_all *A, tb_facts_prep *p, size_t lo, size_t hi, tb_facts *buf)
{
    tb_month start = tb_dataset_start(A->ds);
    int months = A->t1 - A->t0 + 1;
    for (size_t i = lo; i < hi; i++) {
        const tb_series *s = tb_dataset_get(A->ds, i);
        tb_facts_prep_series(p, s->v, A->t1 + 1, start, s->key.flow == TB_BALANCE, tb_dataset_workdays(A->ds),
                             A->t0);
        for (int t = A->t0; t <= A->t1; t++)
            tb_facts_at(p, t, &buf[(i - lo) * (size_t)months + (size_t)(t - A->t0)]);
    }
}

/* Every series on the calling thread, straight to the sink. */
static void S_all_direct(const S_all *A)
{
    tb_facts_prep *p = tb_facts_prep_new();
    if (A->flags & TB_FACTS_NO_TREND)
        tb_facts_prep_set_trend_years(p, 0);
    tb_facts f;
    tb_month start = tb_dataset_start(A->ds);
    for (size_t i = 0, n = tb_dataset_count(A->ds); i < n; i++) {
        const tb_series *s = tb_dataset_get(A->ds, i);
        tb_facts_prep_series(p, s->v, A->t1 + 1, start, s->key.flow == TB_BALANCE, tb_dataset_workdays(A->ds),
                             A->t0);
        for (int t = A->t0; t <= A->t1; t++) {
            tb_facts_at(p, t, &f);
            A->sink(A->ctx, i, &f);
        }
    }
    tb_facts_prep_free(p);
}

static void S_all_part(void *ctx, int part, int parts)
{
    S_all *A = ctx;
    size_t n = tb_dataset_count(A->ds), months = (size_t)(A->t1 - A->t0 + 1);
    tb_facts_prep *p = tb_facts_prep_new();
    if (A->flags & TB_FACTS_NO_TREND)
        tb_facts_prep_set_trend_years(p, 0);
    tb_facts *buf = tb_mem_reallocarray(NULL, A->block * months, sizeof *buf);
    for (size_t k = (size_t)part; k * A->block < n; k += (size_t)parts) {
        size_t lo = k * A->block, hi = lo + A->block < n ? lo + A->block : n;
        S_all_block(A, p, lo, hi, buf);
        pthread_mutex_lock(&A->lock);
        while (A->turn != k)
            pthread_cond_wait(&A->moved, &A->lock);
        pthread_mutex_unlock(&A->lock);
        for (size_t i = lo; i < hi; i++)
            for (size_t m = 0; m < months; m++)
                A->sink(A->ctx, i, &buf[(i - lo) * months + m]);
        pthread_mutex_lock(&A->lock);
        A->turn++;
        pthread_cond_broadcast(&A->moved);
        pthread_mutex_unlock(&A->lock);
    }
    free(buf);
    tb_facts_prep_free(p);
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
    tb_facts_init();
    S_all A = {.ds = ds, .t0 = from - tb_dataset_start(ds), .t1 = to - tb_dataset_start(ds), .flags = flags,
               .sink = sink, .ctx = ctx};
    size_t months = (size_t)(A.t1 - A.t0 + 1), n = tb_dataset_count(ds);
    A.block = S_ALL_BUFFER / (months * sizeof(tb_facts));
    A.block = A.block < 1 ? 1 : A.block;
    int parts = tb_par_parts(n * (size_t)(A.t1 + 1));
    if (parts > 1 && pthread_mutex_init(&A.lock, NULL) == 0) {
        if (pthread_cond_init(&A.moved, NULL) == 0) {
            tb_par_run(parts, S_all_part, &A);
            pthread_cond_destroy(&A.moved);
            pthread_mutex_destroy(&A.lock);
            return 0;
        }
        pthread_mutex_destroy(&A.lock);
    }
    S_all_direct(&A); /* one core, or no lock to be had: as it always was */
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

/* Adds the yoy directions of P's series at 0..T to UP (members up) and CMP
 * (members with a comparison). */
static void S_count_dirs(const tb_facts_prep *p, int t, int32_t *up, int32_t *cmp)
{
    for (int u = 0; u <= t; u++) {
        int d = p->ydir[u];
        up[u] += d == S_UP;
        cmp[u] += d == S_UP || d == S_DOWN || d == S_FLAT;
    }
}

/* breadth.high_since at T from the counts of members up and compared. */
static tb_facts_since S_breadth_since(const int32_t *up, const int32_t *cmp, int t, tb_month start)
{
    tb_facts_since r = {TB_MONTH_NONE, 0, NULL};
    if (cmp[t] == 0) {
        r.reason = "no member has a yoy comparison";
        return r;
    }
    bool earlier = false;
    for (int j = t - 1; j >= 0; j--) {
        if (cmp[j] == 0)
            continue;
        earlier = true;
        if (up[j] >= up[t])
            return (tb_facts_since){start + j, t - j, NULL};
    }
    r.reason = earlier ? "most members rising on record" : "no earlier data";
    return r;
}

/* The group facts at T from FULL[u] (every member up) and ALL[u] (every
 * member compared), u = 0..T. */
static void S_group_at(const bool *full, const bool *all, int t, tb_month start, tb_facts_group *g)
{
    int first = 0;
    while (first <= t && !all[first])
        first++;
    g->all_up = (tb_facts_streak){.dir = 1, .since = TB_MONTH_NONE, .gap_since = TB_MONTH_NONE};
    int e = t;
    if (!full[t]) {
        g->all_up.reason = all[t] ? "not every member rose year on year"
                                  : "a member has no yoy comparison";
    } else {
        int s = t;
        while (s > 0 && full[s - 1])
            s--;
        g->all_up = (tb_facts_streak){.dir = 1, .months = t - s + 1, .since = start + s, .from_start = s == first, .gap_since = TB_MONTH_NONE};
        e = s - 1;
    }
    while (e >= 0 && !full[e])
        e--;
    if (e < 0) {
        g->all_up_previous = (tb_facts_prev){0, 0, TB_MONTH_NONE, TB_MONTH_NONE, false,
                                             "no earlier month in which every member rose"};
        return;
    }
    int s = e;
    while (s > 0 && full[s - 1])
        s--;
    g->all_up_previous = (tb_facts_prev){1, e - s + 1, start + s, start + e, s == first, NULL};
}

tb_facts_group *tb_facts_groups(const tb_dataset *ds, const tb_breakdown *bd, tb_month m)
{
    if (bd->n_groups == 0)
        return NULL;
    tb_month start = tb_dataset_start(ds);
    int t = m - start;
    size_t n = (size_t)t + 1;
    tb_facts_group *out = tb_mem_calloc(bd->n_groups, sizeof *out);
    int32_t *up = tb_mem_calloc(2 * n, sizeof *up), *cmp = up + n;
    bool *full = tb_mem_calloc(2 * n, sizeof *full), *all = full + n;
    tb_facts_prep *p = tb_facts_prep_new();
    for (size_t g = 0; g < bd->n_groups; g++) {
        const tb_group *gr = &bd->groups[g];
        memset(up, 0, 2 * n * sizeof *up);
        for (size_t k = 0; k < gr->n_members; k++) {
            const tb_series *s = tb_dataset_get(ds, bd->members[gr->members[k]]);
            tb_facts_prep_series(p, s->v, t + 1, start, false, NULL, t);
            S_count_dirs(p, t, up, cmp);
        }
        for (size_t u = 0; u < n; u++) {
            full[u] = up[u] == (int32_t)gr->n_members;
            all[u] = cmp[u] == (int32_t)gr->n_members;
        }
        S_group_at(full, all, t, start, &out[g]);
    }
    tb_facts_prep_free(p);
    free(up);
    free(full);
    return out;
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
    int32_t *up = tb_mem_calloc(2 * ((size_t)t + 1), sizeof *up), *cmp = up + t + 1;
    tb_facts_member *out = bd->n_members ? tb_mem_calloc(bd->n_members, sizeof *out) : NULL;
    for (size_t i = 0; i < bd->n_members; i++) {
        tb_facts_member *mb = &out[i];
        const tb_series *s = tb_dataset_get(ds, bd->members[i]);
        mb->series = bd->members[i];
        tb_facts_prep_series(p, s->v, t + 1, start, s->key.flow == TB_BALANCE, wd, t);
        tb_facts_at(p, t, &mb->f);
        S_count_dirs(p, t, up, cmp);
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
    breadth->high_since = S_breadth_since(up, cmp, t, start);
    free(up);
    tb_facts_prep_free(p);
    if (bd->n_members) {
        S_keyed *buf = tb_mem_calloc(bd->n_members, sizeof *buf);
        S_rank_members(out, bd->n_members, false, buf);
        S_rank_members(out, bd->n_members, true, buf);
        free(buf);
    }
    return out;
}

/* Total less the members EXCLUDED marks (every member when NULL) at month
 * index T, or NaN with *WHY set. */
static double S_rest(const tb_dataset *ds, const tb_breakdown *bd, const bool *excluded, int t, const char **why)
{
    if (t < 0) {
        *why = "12 months earlier is before the first month of data";
        return NAN;
    }
    double rest = tb_dataset_get(ds, bd->total)->v[t];
    if (isnan(rest)) {
        *why = "no total for this month";
        return NAN;
    }
    for (size_t i = 0; i < bd->n_members; i++) {
        if (excluded && !excluded[i])
            continue;
        double x = tb_dataset_get(ds, bd->members[i])->v[t];
        if (isnan(x)) {
            *why = "a member has no data for this month";
            return NAN;
        }
        rest -= x;
    }
    return rest;
}

void tb_facts_breakdown_other(const tb_dataset *ds, const tb_breakdown *bd, tb_month m, tb_facts_other *out,
                              bool *whole)
{
    tb_facts_breakdown_rest(ds, bd, m, NULL, out, whole);
}

void tb_facts_breakdown_rest(const tb_dataset *ds, const tb_breakdown *bd, tb_month m, const bool *excluded,
                             tb_facts_other *out, bool *whole)
{
    int t = m - tb_dataset_start(ds);
    const double *tv = tb_dataset_get(ds, bd->total)->v;
    const char *why = NULL, *why_base = NULL;
    double now = S_rest(ds, bd, excluded, t, &why), base = S_rest(ds, bd, excluded, t - 12, &why_base);
    double tot = tv[t], tot_base = t >= 12 ? tv[t - 12] : NAN;
    *whole = !isnan(now) && fabs(now) <= 1e-9 * fabs(tot);
    if (isnan(now)) {
        *out = (tb_facts_other){S_null(why), S_null(why), S_null(why), S_null(why), S_null(why)};
        return;
    }
    out->value = S_ok(now);
    out->share_pct = tot != 0 ? S_ok(now / tot * 100.0) : S_null("the total is zero");
    if (isnan(base)) {
        out->yoy_change = out->yoy_pct = out->contribution_pp = S_null(why_base);
        return;
    }
    out->yoy_change = S_ok(now - base);
    out->yoy_pct = base > 0 ? S_ok((now / base - 1) * 100.0) : S_null("the rest 12 months earlier is not positive");
    out->contribution_pp = tot_base != 0 ? S_ok((now - base) / tot_base * 100.0)
                                         : S_null("the total 12 months earlier is zero");
}
