/* screen: the data-quality screen (see screen.h for the rules).
 *
 * Each rule works on logarithms of positive values, so it is blind to the
 * unit and the size of a series; missing months (NaN) are skipped, never
 * filled.  The moving median and MAD come from GSL (gsl_filter_impulse);
 * plain medians from gsl_stats on sorted copies.
 */
#include "screen.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_filter.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fmt.h"
#include "load.h"
#include "mem.h"
#include "par.h"

static const char *const S_rule_names[] = {"outlier", "shift", "run", "ratio", "balance", "stale", "status"};

const char *tb_screen_rule_name(tb_screen_rule rule) { return S_rule_names[rule]; }

__attribute__((format(printf, 5, 6))) static void S_add(tb_screen *s, size_t series, tb_month month,
                                                         tb_screen_rule rule, const char *fmt, ...)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->v = tb_mem_reallocarray(s->v, s->cap, sizeof *s->v);
    }
    tb_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    s->v[s->n++] = (tb_screen_finding){.series = series, .month = month, .rule = rule, .what = tb_buf_take(&b)};
}

void tb_screen_free(tb_screen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].what);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* The finite values of a window of months, kept sorted, so the window's
 * median after a month enters or leaves costs a shift of at most the
 * window's length instead of a sort. */
typedef struct {
    double v[12];
    int n;
} S_win;

static void S_win_add(S_win *w, double x)
{
    if (!isfinite(x))
        return;
    int k = w->n++;
    for (; k > 0 && w->v[k - 1] > x; k--)
        w->v[k] = w->v[k - 1];
    w->v[k] = x;
}

static void S_win_drop(S_win *w, double x)
{
    if (!isfinite(x))
        return;
    int k = 0;
    while (w->v[k] != x)
        k++;
    memmove(w->v + k, w->v + k + 1, (size_t)(w->n - k - 1) * sizeof *w->v);
    w->n--;
}

/* The median of W's values when it holds at least 6, else NaN. */
static double S_win_median(const S_win *w)
{
    return w->n < 6 ? NAN : gsl_stats_median_from_sorted_data(w->v, 1, (size_t)w->n);
}

/* Median and scaled MAD (1.4826 MAD) of the K values of X; reorders X. */
static void S_median_mad(double *x, size_t k, double *med, double *mad)
{
    gsl_sort(x, 1, k);
    *med = gsl_stats_median_from_sorted_data(x, 1, k);
    for (size_t i = 0; i < k; i++)
        x[i] = fabs(x[i] - *med);
    gsl_sort(x, 1, k);
    *mad = 1.4826 * gsl_stats_median_from_sorted_data(x, 1, k);
}

/* ---- level shifts and unit jumps ---------------------------------------- */

static void S_report_shift(tb_screen *s, size_t i, tb_month start, int t, double j)
{
    double f = exp(j), k = round(fabs(j) / log(10));
    if (k >= 1 && fabs(fabs(j) / log(10) - k) < 0.1)
        S_add(s, i, start + t, TB_SCREEN_SHIFT,
              "unit jump: the level from here on is %.4g times that of the 12 months before (about 10^%s%.0f: "
              "values in another unit?)",
              f, j < 0 ? "-" : "", k);
    else
        S_add(s, i, start + t, TB_SCREEN_SHIFT,
              "level shift: the median of the 12 months from here is %.3g times that of the 12 months before", f);
}

/* Flags level shifts of series I (logs X): the median of the 12 months
 * from t against that of the 12 months before (windows truncated at the
 * ends); marks SHIFTED[t] for the months whose seasonal differences a shift
 * disturbs, so outliers skip them. */
static void S_shifts(tb_screen *s, size_t i, tb_month start, const double *x, int n, bool *shifted)
{
    int best = -1;
    double bj = 0, lim = log(TB_SCREEN_SHIFT_FACTOR);
    S_win before = {.n = 0}, after = {.n = 0};
    for (int t = 0; t < 12 && t < n; t++)
        S_win_add(&after, x[t]);
    for (int t = 1; t <= n; t++) {
        if (t > 12)
            S_win_drop(&before, x[t - 13]);
        S_win_add(&before, x[t - 1]);
        S_win_drop(&after, x[t - 1]);
        if (t + 11 < n)
            S_win_add(&after, x[t + 11]);
        double j = t < n ? S_win_median(&after) - S_win_median(&before) : NAN;
        bool hit = isfinite(j) && fabs(j) > lim;
        if (best >= 0 && (!hit || t - best > 12)) {
            S_report_shift(s, i, start, best, bj);
            for (int u = best; u < best + 24 && u < n; u++)
                shifted[u] = true;
            best = -1;
        }
        if (hit && (best < 0 || fabs(j) > fabs(bj))) {
            best = t;
            bj = j;
        }
    }
}

/* ---- outliers against the seasonal pattern -------------------------------- */

/* Residuals R[t] (0 = not an outlier) of the seasonal differences D[a, b). */
static void S_impulse(const double *d, int a, int b, double *r)
{
    size_t len = (size_t)(b - a);
    gsl_vector_const_view in = gsl_vector_const_view_array(d + a, len);
    gsl_vector *y = gsl_vector_alloc(len), *med = gsl_vector_alloc(len), *sig = gsl_vector_alloc(len);
    gsl_vector_int *out = gsl_vector_int_alloc(len);
    gsl_filter_impulse_workspace *w = gsl_filter_impulse_alloc(TB_SCREEN_WINDOW);
    size_t nout = 0;
    gsl_filter_impulse(GSL_FILTER_END_TRUNCATE, GSL_FILTER_SCALE_MAD, TB_SCREEN_OUTLIER_MADS, &in.vector, y, med,
                       sig, &nout, out, w);
    for (size_t k = 0; k < len; k++) {
        double dev = d[a + (int)k] - gsl_vector_get(med, k);
        if (gsl_vector_int_get(out, k) && fabs(dev) > log(TB_SCREEN_OUTLIER_FACTOR))
            r[a + (int)k] = dev;
    }
    gsl_filter_impulse_free(w);
    gsl_vector_int_free(out);
    gsl_vector_free(sig);
    gsl_vector_free(med);
    gsl_vector_free(y);
}

/* max - min of D[a, b).  An outlier lies a factor TB_SCREEN_OUTLIER_FACTOR
 * off its window's median, which lies within the run's range: a run whose
 * values span less has none, and the filter (most of the screen's time)
 * need not run on it. */
static double S_spread(const double *d, int a, int b)
{
    double lo = d[a], hi = d[a];
    for (int t = a + 1; t < b; t++) {
        lo = d[t] < lo ? d[t] : lo;
        hi = d[t] > hi ? d[t] : hi;
    }
    return hi - lo;
}

static void S_outliers(tb_screen *s, size_t i, tb_month start, const double *x, int n, const bool *shifted,
                       double *d, double *r)
{
    for (int t = 0; t < n; t++) {
        d[t] = t >= 12 ? x[t] - x[t - 12] : NAN;
        r[t] = 0;
    }
    for (int a = 0; a < n;) {
        if (!isfinite(d[a])) {
            a++;
            continue;
        }
        int b = a;
        while (b < n && isfinite(d[b]))
            b++;
        if (b - a >= TB_SCREEN_WINDOW && S_spread(d, a, b) > log(TB_SCREEN_OUTLIER_FACTOR))
            S_impulse(d, a, b, r);
        a = b;
    }
    for (int t = 0; t < n; t++) {
        if (r[t] == 0 || shifted[t] || (t >= 12 && r[t - 12] * r[t] < 0))
            continue;
        S_add(s, i, start + t, TB_SCREEN_OUTLIER,
              "outlier: %.3g times what the series' own seasonal pattern suggests (%+.1f%% on 12 months earlier, "
              "against a local median of %+.1f%%)",
              exp(r[t]), 100 * expm1(d[t]), 100 * expm1(d[t] - r[t]));
    }
}

/* ---- runs of repeated values ------------------------------------------------ */

static void S_runs(tb_screen *s, size_t i, tb_month start, const double *v, int n, int lag)
{
    char a[8], b[8];
    for (int t = lag; t < n;) {
        int u = t;
        while (u < n && isfinite(v[u]) && v[u] != 0 && v[u] == v[u - lag])
            u++;
        int len = u - t + (lag == 1);
        if (u > t && len >= TB_SCREEN_RUN_MONTHS) {
            int first = lag == 1 ? t - 1 : t;
            if (lag == 1)
                S_add(s, i, start + first, TB_SCREEN_RUN, "run: the same value %.15g in %d months in a row (%s .. %s)",
                      v[t], len, tb_month_iso(start + first, a), tb_month_iso(start + u - 1, b));
            else
                S_add(s, i, start + first, TB_SCREEN_RUN,
                      "run: %d months in a row (%s .. %s) repeat the values of 12 months earlier (last year's rows "
                      "copied?)",
                      len, tb_month_iso(start + first, a), tb_month_iso(start + u - 1, b));
        }
        t = u > t ? u : t + 1;
    }
}

static void S_series(const tb_dataset *ds, size_t i, tb_screen *s, double *x, double *d, double *r, bool *shifted)
{
    const tb_series *se = tb_dataset_get(ds, i);
    int n = tb_dataset_months(ds);
    tb_month start = tb_dataset_start(ds);
    if (se->key.flow == TB_BALANCE)
        return;
    for (int t = 0; t < n; t++) {
        x[t] = se->v[t] > 0 ? log(se->v[t]) : NAN;
        shifted[t] = false;
    }
    S_shifts(s, i, start, x, n, shifted);
    S_outliers(s, i, start, x, n, shifted, d, r);
    S_runs(s, i, start, se->v, n, 1);
    S_runs(s, i, start, se->v, n, 12);
}

/* ---- pairs of flows: ratio, balance, stale ------------------------------- */

typedef struct {
    size_t x, m;   /* export and import series */
    double median; /* median ln(export / import) */
    int months;
    tb_key key;
} S_pair;

static int S_last(const double *v, int n)
{
    while (n > 0 && isnan(v[n - 1]))
        n--;
    return n - 1;
}

static void S_stale(const tb_dataset *ds, const S_pair *p, tb_screen *s)
{
    int n = tb_dataset_months(ds);
    int lx = S_last(tb_dataset_get(ds, p->x)->v, n), lm = S_last(tb_dataset_get(ds, p->m)->v, n);
    if (lx < 0 || lm < 0 || abs(lx - lm) < TB_SCREEN_STALE_MONTHS)
        return;
    char a[8], b[8];
    bool xs = lx < lm;
    S_add(s, xs ? p->x : p->m, tb_dataset_start(ds) + (xs ? lx : lm), TB_SCREEN_STALE,
          "stale: %s end in %s, %d months before %s (%s); a balance is only possible to %s", xs ? "exports" : "imports",
          tb_month_iso(tb_dataset_start(ds) + (xs ? lx : lm), a), abs(lx - lm), xs ? "imports" : "exports",
          tb_month_iso(tb_dataset_start(ds) + (xs ? lm : lx), b), a);
}

/* 2 when ratio L is far off the median MED (scaled MAD MAD) of its own
 * history, 1 when it mirrors it (exports and imports swapped), else 0. */
static int S_ratio_off(double l, double med, double mad)
{
    if (!isfinite(l))
        return 0;
    double off = fabs(l - med);
    if (off > fmax(TB_SCREEN_RATIO_MADS * mad, log(TB_SCREEN_RATIO_FACTOR)))
        return 2;
    return off > fmax(TB_SCREEN_SWAP_MADS * mad, log(TB_SCREEN_SWAP_FACTOR)) && fabs(-l - med) <= 2 * mad;
}

/* Months in a row whose ratio L is off the pair's own median: any far off,
 * or TB_SCREEN_RUN_MONTHS mirrored. */
static void S_own_ratio(const tb_dataset *ds, const S_pair *p, const double *l, double med, double mad,
                        tb_screen *s)
{
    int n = tb_dataset_months(ds);
    for (int t = 0; t < n;) {
        if (!S_ratio_off(l[t], med, mad)) {
            t++;
            continue;
        }
        int u = t, far = 0;
        for (int k; u < n && (k = S_ratio_off(l[u], med, mad)) != 0; u++)
            far |= k == 2;
        char a[8];
        if (far || u - t >= TB_SCREEN_RUN_MONTHS)
            S_add(s, p->x, tb_dataset_start(ds) + t, TB_SCREEN_RATIO,
                  "ratio: exports are %.3g times imports, against %.3g at the median of this reporter's %d months "
                  "(%d month%s from %s: columns swapped or a flow in other units?)",
                  exp(l[t]), exp(med), p->months, u - t, u - t == 1 ? "" : "s in a row",
                  tb_month_iso(tb_dataset_start(ds) + t, a));
        t = u;
    }
}

static void S_balance(const tb_dataset *ds, const S_pair *p, tb_screen *s)
{
    size_t bi = tb_dataset_find(ds, (tb_key){p->key.reporter, p->key.partner, p->key.product, TB_BALANCE});
    if (bi == SIZE_MAX || tb_dataset_get(ds, bi)->derived)
        return;
    const double *x = tb_dataset_get(ds, p->x)->v, *m = tb_dataset_get(ds, p->m)->v, *b = tb_dataset_get(ds, bi)->v;
    int n = tb_dataset_months(ds), bad = 0, first = -1, reversed = 0;
    for (int t = 0; t < n; t++) {
        double want = x[t] - m[t];
        if (!isfinite(want) || !isfinite(b[t]) || fabs(b[t] - want) <= TB_SCREEN_BALANCE_TOL * (x[t] + m[t]))
            continue;
        bad++;
        reversed += fabs(b[t] + want) <= TB_SCREEN_BALANCE_TOL * (x[t] + m[t]);
        first = first < 0 ? t : first;
    }
    if (!bad)
        return;
    double want = x[first] - m[first];
    S_add(s, bi, tb_dataset_start(ds) + first, TB_SCREEN_BALANCE,
          "balance: the given balance %.15g is not exports - imports (%.15g)%s; %d month%s disagree",
          b[first], want, reversed == bad ? ", the sign is reversed in every such month" : "", bad,
          bad == 1 ? "" : "s");
}

/* Fills P's ln ratios into L and its median; screens the pair alone. */
static bool S_pair_screen(const tb_dataset *ds, S_pair *p, tb_screen *s, double *l, double *tmp)
{
    int n = tb_dataset_months(ds);
    const double *x = tb_dataset_get(ds, p->x)->v, *m = tb_dataset_get(ds, p->m)->v;
    size_t k = 0;
    for (int t = 0; t < n; t++) {
        l[t] = x[t] > 0 && m[t] > 0 ? log(x[t] / m[t]) : NAN;
        if (isfinite(l[t]))
            tmp[k++] = l[t];
    }
    S_stale(ds, p, s);
    S_balance(ds, p, s);
    p->months = (int)k;
    if (k < 12)
        return false;
    double med, mad;
    S_median_mad(tmp, k, &med, &mad);
    p->median = med;
    S_own_ratio(ds, p, l, med, mad, s);
    return true;
}

static int S_pair_cmp(const void *a, const void *b)
{
    const S_pair *p = a, *q = b;
    if (p->key.partner != q->key.partner)
        return p->key.partner < q->key.partner ? -1 : 1;
    if (p->key.product != q->key.product)
        return p->key.product < q->key.product ? -1 : 1;
    return p->x < q->x ? -1 : p->x > q->x;
}

/* Median ratios of pairs [a, b) (same partner and product) against each other. */
static void S_across(const tb_dataset *ds, const S_pair *p, size_t a, size_t b, tb_screen *s, double *tmp)
{
    if (b - a < TB_SCREEN_ACROSS_MIN)
        return;
    for (size_t i = a; i < b; i++)
        tmp[i - a] = p[i].median;
    double med, mad;
    S_median_mad(tmp, b - a, &med, &mad);
    for (size_t i = a; i < b; i++) {
        double z = mad > 0 ? (p[i].median - med) / mad : 0;
        if (fabs(z) <= TB_SCREEN_ACROSS_MADS)
            continue;
        const double *x = tb_dataset_get(ds, p[i].x)->v;
        int t = 0;
        while (isnan(x[t]))
            t++;
        S_add(s, p[i].x, tb_dataset_start(ds) + t, TB_SCREEN_RATIO,
              "ratio: exports are %.3g times imports at the median of %d months, far outside the range across "
              "the %zu reporters (median %.3g; %.1f MADs off): one flow in other units or incomplete?",
              exp(p[i].median), p[i].months, b - a, exp(med), z);
    }
}

static void S_pairs(const tb_dataset *ds, tb_screen *s, double *l, double *tmp)
{
    size_t n = tb_dataset_count(ds), np = 0;
    S_pair *p = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *p);
    for (size_t i = 0; i < n; i++) {
        tb_key k = tb_dataset_get(ds, i)->key;
        if (k.flow != TB_EXPORT)
            continue;
        tb_key km = k;
        km.flow = TB_IMPORT;
        size_t m = tb_dataset_find(ds, km);
        if (m == SIZE_MAX)
            continue;
        p[np] = (S_pair){.x = i, .m = m, .key = k};
        np += S_pair_screen(ds, &p[np], s, l, tmp);
    }
    qsort(p, np, sizeof *p, S_pair_cmp);
    double *med = tb_mem_reallocarray(NULL, np ? np : 1, sizeof *med);
    for (size_t a = 0, b; a < np; a = b) {
        for (b = a + 1; b < np && p[b].key.partner == p[a].key.partner && p[b].key.product == p[a].key.product; b++)
            ;
        S_across(ds, p, a, b, s, med);
    }
    free(med);
    free(p);
}

typedef struct {
    tb_key key;
    size_t series;
    int last;
} S_end;

static int S_end_cmp(const void *a, const void *b)
{
    const S_end *p = a, *q = b;
    if (p->key.flow != q->key.flow)
        return (int)p->key.flow - (int)q->key.flow;
    if (p->key.partner != q->key.partner)
        return p->key.partner < q->key.partner ? -1 : 1;
    if (p->key.product != q->key.product)
        return p->key.product < q->key.product ? -1 : 1;
    return (p->last > q->last) - (p->last < q->last);
}

static bool S_same_group(const S_end *p, const S_end *q)
{
    return p->key.flow == q->key.flow && p->key.partner == q->key.partner && p->key.product == q->key.product;
}

/* Whether the pair rule (findings from FROM on) already called series I stale. */
static bool S_flagged_stale(const tb_screen *s, size_t from, size_t i)
{
    for (size_t k = from; k < s->n; k++)
        if (s->v[k].series == i && s->v[k].rule == TB_SCREEN_STALE)
            return true;
    return false;
}

/* One (flow, partner, product) across reporters, E[0..n) sorted by last
 * month: those ending TB_SCREEN_STALE_MONTHS or more before the median end
 * are stale against the dataset, whatever their other flow does (both of
 * Benin's flows end in 2016-01 while most reporters run to 2024). */
static void S_stale_group(const tb_dataset *ds, const S_end *e, size_t n, tb_screen *s, size_t from)
{
    if (n < TB_SCREEN_ACROSS_MIN)
        return;
    int med = e[(n - 1) / 2].last;
    tb_month start = tb_dataset_start(ds);
    for (size_t k = 0; k < n && med - e[k].last >= TB_SCREEN_STALE_MONTHS; k++) {
        if (e[k].last < 0 || S_flagged_stale(s, from, e[k].series))
            continue;
        char a[8], b[8];
        S_add(s, e[k].series, start + e[k].last, TB_SCREEN_STALE,
              "stale: %s end in %s, %d months before those of most of the %zu reporters (median end %s)",
              e[k].key.flow == TB_EXPORT ? "exports" : "imports", tb_month_iso(start + e[k].last, a),
              med - e[k].last, n, tb_month_iso(start + med, b));
    }
}

/* The stale rule across reporters; FROM: the first finding of the pair rules. */
static void S_stale_across(const tb_dataset *ds, tb_screen *s, size_t from)
{
    size_t n = tb_dataset_count(ds), k = 0;
    S_end *e = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *e);
    for (size_t i = 0; i < n; i++) {
        const tb_series *se = tb_dataset_get(ds, i);
        if (!se->derived && se->key.flow != TB_BALANCE)
            e[k++] = (S_end){se->key, i, S_last(se->v, tb_dataset_months(ds))};
    }
    if (k > 1)
        qsort(e, k, sizeof *e, S_end_cmp);
    for (size_t a = 0, b; a < k; a = b) {
        for (b = a + 1; b < k && S_same_group(&e[a], &e[b]); b++)
            ;
        S_stale_group(ds, e + a, b - a, s, from);
    }
    free(e);
}

/* ---- the source's own flags ----------------------------------------------- */

typedef struct {
    size_t series;
    tb_month month;
    const char *text;
} S_flag;

static int S_flag_cmp(const void *a, const void *b)
{
    const S_flag *p = a, *q = b;
    if (p->series != q->series)
        return p->series < q->series ? -1 : 1;
    int c = strcmp(p->text, q->text);
    return c ? c : (p->month > q->month) - (p->month < q->month);
}

/* SDMX's code list CL_OBS_STATUS, the codes agencies use. */
static const char *S_status_name(const char *code)
{
    static const char *const names[][2] = {{"B", "break in series"}, {"D", "definition differs"},
                                           {"E", "estimated"},       {"F", "forecast"},
                                           {"I", "imputed"},         {"M", "missing"},
                                           {"P", "provisional"},     {"S", "strike or other special event"},
                                           {"U", "low reliability"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(code, names[i][0]) == 0)
            return names[i][1];
    return "flagged";
}

static void S_status(const tb_dataset *ds, tb_screen *s)
{
    size_t n = tb_dataset_status_count(ds);
    if (!n)
        return;
    S_flag *f = tb_mem_reallocarray(NULL, n, sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i].text = tb_dataset_status(ds, i, &f[i].series, &f[i].month);
    qsort(f, n, sizeof *f, S_flag_cmp);
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && f[b].series == f[a].series && strcmp(f[b].text, f[a].text) == 0 &&
                        f[b].month == f[b - 1].month + 1;
             b++)
            ;
        char m1[8], m2[8];
        S_add(s, f[a].series, f[a].month, TB_SCREEN_STATUS, "status: the source flags %s%s%s %s (OBS_STATUS %s)",
              tb_month_iso(f[a].month, m1), b - a > 1 ? " .. " : "", b - a > 1 ? tb_month_iso(f[b - 1].month, m2) : "",
              S_status_name(f[a].text), f[a].text);
    }
    free(f);
}

static int S_finding_cmp(const void *a, const void *b)
{
    const tb_screen_finding *f = a, *g = b;
    if (f->series != g->series)
        return f->series < g->series ? -1 : 1;
    if (f->month != g->month)
        return f->month < g->month ? -1 : 1;
    return (int)f->rule - (int)g->rule;
}

/* The per-series rules of the series [lo, hi) of one part of the screen. */
typedef struct {
    const tb_dataset *ds;
    int32_t rep;
    tb_screen found[TB_PAR_MAX];
} S_part;

static void S_series_part(void *ctx, int part, int parts)
{
    S_part *P = ctx;
    size_t lo, hi, n = (size_t)(tb_dataset_months(P->ds) > 0 ? tb_dataset_months(P->ds) : 1);
    tb_par_slice(tb_dataset_count(P->ds), part, parts, &lo, &hi);
    double *x = tb_mem_reallocarray(NULL, n, sizeof *x), *d = tb_mem_reallocarray(NULL, n, sizeof *d);
    double *r = tb_mem_reallocarray(NULL, n, sizeof *r);
    bool *shifted = tb_mem_reallocarray(NULL, n, sizeof *shifted);
    for (size_t i = lo; i < hi; i++) {
        const tb_series *se = tb_dataset_get(P->ds, i);
        if (!se->derived && (P->rep < 0 || se->key.reporter == P->rep))
            S_series(P->ds, i, &P->found[part], x, d, r, shifted);
    }
    free(shifted);
    free(r);
    free(d);
    free(x);
}

/* The per-series rules over every series, on every core, appended to OUT
 * in series order. */
static void S_every_series(const tb_dataset *ds, int32_t rep, tb_screen *out)
{
    S_part P = {.ds = ds, .rep = rep};
    int parts = tb_par_parts(tb_dataset_count(ds) * (size_t)tb_dataset_months(ds));
    tb_par_run(parts, S_series_part, &P);
    for (int p = 0; p < parts; p++) {
        tb_screen *f = &P.found[p];
        if (f->n) {
            TB_GROW(out->v, out->cap, out->n + f->n);
            memcpy(out->v + out->n, f->v, f->n * sizeof *f->v);
            out->n += f->n;
        }
        free(f->v);
    }
}

void tb_screen_run(const tb_dataset *ds, const char *reporter, tb_screen *out)
{
    int32_t rep = reporter ? tb_dataset_code_id(ds, TB_DIM_REPORTER, reporter) : -1;
    if (reporter && rep < 0)
        return;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    S_every_series(ds, rep, out);
    size_t n = (size_t)(tb_dataset_months(ds) > 0 ? tb_dataset_months(ds) : 1);
    double *l = tb_mem_reallocarray(NULL, n, sizeof *l), *tmp = tb_mem_reallocarray(NULL, n, sizeof *tmp);
    size_t before = out->n;
    S_pairs(ds, out, l, tmp);
    S_stale_across(ds, out, before);
    S_status(ds, out);
    size_t k = before;
    for (size_t i = before; i < out->n; i++) {
        if (rep < 0 || tb_dataset_get(ds, out->v[i].series)->key.reporter == rep)
            out->v[k++] = out->v[i];
        else
            free(out->v[i].what);
    }
    out->n = k;
    if (out->n > 1) /* qsort wants a non-null array even for none */
        qsort(out->v, out->n, sizeof *out->v, S_finding_cmp);
    free(tmp);
    free(l);
    gsl_set_error_handler(old);
}

json_t *tb_screen_json(const tb_dataset *ds, const char *reporter)
{
    tb_screen s = {0};
    tb_screen_run(ds, reporter, &s);
    json_t *a = json_array();
    for (size_t i = 0; i < s.n; i++) {
        const tb_screen_finding *f = &s.v[i];
        tb_key k = tb_dataset_get(ds, f->series)->key;
        const char *rep = tb_dataset_code(ds, TB_DIM_REPORTER, k.reporter);
        char m[8];
        char *key = tb_mem_printf("%s %s %s %s", rep, tb_flow_code(k.flow),
                                  tb_dataset_code(ds, TB_DIM_PARTNER, k.partner), tb_dataset_code(ds, TB_DIM_PRODUCT, k.product));
        json_t *o = json_object();
        json_object_set_new(o, "series", json_string(key));
        free(key);
        json_object_set_new(o, "month", json_string(tb_month_iso(f->month, m)));
        json_object_set_new(o, "rule", json_string(tb_screen_rule_name(f->rule)));
        json_object_set_new(o, "text", json_string(f->what));
        json_array_append_new(a, o);
    }
    tb_screen_free(&s);
    return a;
}

bool tb_screen_revision_large(enum tb_flow flow, double old, double new_)
{
    return flow != TB_BALANCE && old > 0 && new_ > 0 && fabs(log(new_ / old)) > log1p(TB_SCREEN_REVISION);
}

size_t tb_screen_revisions(const tb_revise *r, const tb_dataset *new_, const char *new_dir, FILE *out)
{
    tb_load_site *site = tb_mem_calloc(r->n_revised ? r->n_revised : 1, sizeof *site);
    const tb_revision **rev = tb_mem_calloc(r->n_revised ? r->n_revised : 1, sizeof *rev);
    size_t n = 0;
    for (size_t i = 0; i < r->n_revised; i++) {
        const tb_revision *v = &r->revised[i];
        int flow = tb_flow_parse(v->codes[1]);
        if (flow < 0 || !tb_screen_revision_large((enum tb_flow)flow, v->old_value, v->new_value))
            continue;
        size_t si = tb_dataset_lookup(new_, v->codes[0], (enum tb_flow)flow, v->codes[2], v->codes[3]);
        if (si == SIZE_MAX)
            continue;
        site[n] = (tb_load_site){.series = si, .month = v->month};
        rev[n++] = v;
    }
    /* tb_load_locate sorts the sites; keep each revision with its site */
    tb_load_site *sorted = tb_mem_calloc(n ? n : 1, sizeof *sorted);
    memcpy(sorted, site, n * sizeof *site);
    tb_load_locate(new_dir, sorted, n);
    for (size_t i = 0; i < n; i++) {
        const tb_revision *v = rev[i];
        const tb_load_site *at = NULL;
        for (size_t k = 0; k < n && !at; k++)
            if (sorted[k].series == site[i].series && sorted[k].month == site[i].month)
                at = &sorted[k];
        char m[8], a[TB_FMT_SIZE], b[TB_FMT_SIZE], p[TB_FMT_SIZE];
        if (at && at->file)
            fprintf(out, "%s:%zu: ", at->file, at->line);
        else
            fprintf(out, "%s/dataset.yaml: ", new_dir);
        fprintf(out, "warning: %s %s: revision: %s -> %s (%s), more than %.0f%% of the old value\n", v->series,
                tb_month_iso(v->month, m), tb_fmt_number(a, sizeof a, v->old_value, 0, 0),
                tb_fmt_number(b, sizeof b, v->new_value, 0, 0),
                tb_fmt_pct(p, sizeof p, (v->new_value - v->old_value) / v->old_value * 100, 1, TB_FMT_SIGN),
                100 * TB_SCREEN_REVISION);
    }
    for (size_t k = 0; k < n; k++)
        free(sorted[k].file);
    free(sorted);
    free(rev);
    free(site);
    return n;
}
