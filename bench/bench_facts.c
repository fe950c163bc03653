/* bench_facts: timings of the facts engine on the `large` tier.
 *
 * Builds a synthetic dataset in memory through the dataset.h API: 10,000
 * (partner, product) keys x exports and imports = 20,000 series x 420 months
 * (1991-01..2025-12), deterministic pseudo-random values with a trend, a
 * seasonal swing and noise, about 1% missing months and some series that
 * start late.  Then times (CLOCK_MONOTONIC, best of a few runs):
 *   - every fact of every series for the last month (tb_facts_all);
 *   - every fact of every series for all 420 months (a backfill), with and
 *     without the trend (one gsl_fit_linear per series-month);
 *   - the stats JSON of one month with two 100-member breakdowns.
 * Prints figures, not pass/fail; a checksum line keeps the work observable.
 * Usage: bench_facts [SERIES_KEYS]   (default 10000 keys = 20,000 series)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "facts.h"
#include "mem.h"

#define MONTHS 420

static uint64_t S_state = 0x9E3779B97F4A7C15u;

static double S_uniform(void)
{
    S_state ^= S_state << 13;
    S_state ^= S_state >> 7;
    S_state ^= S_state << 17;
    return (double)(S_state >> 11) / 9007199254740992.0;
}

static double S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct {
    size_t facts, yoy_known, up;
    long long streak_months;
} S_sum;

static void S_sink(void *ctx, size_t series, const tb_facts *f)
{
    S_sum *s = ctx;
    (void)series;
    s->facts++;
    if (!f->yoy_pct.reason)
        s->yoy_known++;
    if (!f->yoy_streak.reason) {
        s->streak_months += f->yoy_streak.months;
        s->up += f->yoy_streak.dir > 0;
    }
}

static tb_dataset *S_build(int keys)
{
    tb_dataset *ds = tb_dataset_new(tb_month_make(1991, 1), MONTHS);
    tb_dataset_set_name(ds, "large");
    tb_dataset_set_meta(ds, "reporter", "KOR");
    tb_dataset_set_unit(ds, (tb_unit){"USD", 1000});
    int32_t kor = tb_dataset_intern(ds, TB_DIM_REPORTER, "KOR");
    int side = (int)ceil(sqrt((double)keys));
    int32_t *partners = tb_mem_calloc((size_t)side, sizeof *partners);
    int32_t *products = tb_mem_calloc((size_t)side, sizeof *products);
    for (int i = 0; i < side; i++) {
        char code[32];
        if (i == 0)
            snprintf(code, sizeof code, "WLD");
        else
            snprintf(code, sizeof code, "P%04d", i);
        partners[i] = tb_dataset_intern(ds, TB_DIM_PARTNER, code);
        if (i == 0)
            snprintf(code, sizeof code, "TOTAL");
        else
            snprintf(code, sizeof code, "H%04d", i);
        products[i] = tb_dataset_intern(ds, TB_DIM_PRODUCT, code);
    }
    for (int k = 0; k < keys; k++)
        for (int fl = 0; fl < 2; fl++) {
            double *v = tb_mem_alloc(sizeof(double) * MONTHS);
            double level = 1e3 + 1e6 * S_uniform(), growth = 0.002 + 0.006 * S_uniform();
            double season = 0.1 * S_uniform();
            int first = S_uniform() < 0.2 ? (int)(S_uniform() * 200) : 0;
            for (int t = 0; t < MONTHS; t++) {
                double x = level * exp(growth * t) * (1 + season * sin(t * 0.5236)) *
                           (0.9 + 0.2 * S_uniform());
                v[t] = t < first || S_uniform() < 0.01 ? NAN : floor(x);
            }
            tb_key key = {kor, partners[k / side], products[k % side], fl ? TB_IMPORT : TB_EXPORT};
            tb_dataset_adopt(ds, key, v);
        }
    /* items: products of the world total; partners: partners of all goods */
    size_t n = (size_t)(side - 1 < 100 ? side - 1 : 100), *members = tb_mem_calloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        members[i] = tb_dataset_find(ds, (tb_key){kor, partners[0], products[i + 1], TB_EXPORT});
    tb_dataset_add_breakdown(ds, "items", TB_DIM_PRODUCT,
                             tb_dataset_find(ds, (tb_key){kor, partners[0], products[0], TB_EXPORT}),
                             members, n);
    for (size_t i = 0; i < n; i++)
        members[i] = tb_dataset_find(ds, (tb_key){kor, partners[i + 1], products[0], TB_EXPORT});
    tb_dataset_add_breakdown(ds, "partners", TB_DIM_PARTNER,
                             tb_dataset_find(ds, (tb_key){kor, partners[0], products[0], TB_EXPORT}),
                             members, n);
    free(members);
    free(partners);
    free(products);
    return ds;
}

int main(int argc, char **argv)
{
    int keys = argc > 1 ? atoi(argv[1]) : 10000;
    if (keys < 4)
        keys = 4;
    tb_facts_init();
    double t0 = S_now_ms();
    tb_dataset *ds = S_build(keys);
    double t1 = S_now_ms();
    size_t series = tb_dataset_count(ds);
    tb_month first = tb_dataset_start(ds), last = first + MONTHS - 1;
    printf("facts large: %zu series x %d months (built in %.1f ms)\n", series, MONTHS, t1 - t0);

    tb_diag d;
    tb_diag_init(&d);
    S_sum sum = {0, 0, 0, 0};
    double best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        S_sum s = {0, 0, 0, 0};
        double a = S_now_ms();
        tb_facts_all(ds, last, last, 0, S_sink, &s, &d);
        double b = S_now_ms();
        best = b - a < best ? b - a : best;
        sum = s;
    }
    printf("facts large one-month: %.1f ms (%.0f ns per series)\n", best, best * 1e6 / (double)series);
    printf("  checksum: %zu facts, %zu with yoy, %zu rising, %lld streak months\n", sum.facts,
           sum.yoy_known, sum.up, sum.streak_months);

    static const struct {
        unsigned flags;
        const char *what;
    } modes[] = {{0, "all facts"}, {TB_FACTS_NO_TREND, "all facts but the trend"}};
    for (int m = 0; m < 2; m++) {
        best = INFINITY;
        for (int rep = 0; rep < 2; rep++) {
            S_sum s = {0, 0, 0, 0};
            double a = S_now_ms();
            tb_facts_all(ds, first, last, modes[m].flags, S_sink, &s, &d);
            double b = S_now_ms();
            best = b - a < best ? b - a : best;
            sum = s;
        }
        printf("facts large backfill (%d months, %s): %.1f ms (%.0f ns per series-month)\n", MONTHS,
               modes[m].what, best, best * 1e6 / ((double)series * MONTHS));
        printf("  checksum: %zu facts, %zu with yoy, %zu rising, %lld streak months\n", sum.facts,
               sum.yoy_known, sum.up, sum.streak_months);
    }

    best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        double a = S_now_ms();
        json_t *j = tb_facts_json(ds, last, &d);
        char *text = json_dumps(j, JSON_INDENT(2));
        double b = S_now_ms();
        best = b - a < best ? b - a : best;
        free(text);
        json_decref(j);
    }
    printf("facts json one-month (3 series, 2 breakdowns of 100 members): %.1f ms\n", best);
    if (d.errors)
        tb_diag_print(&d, stderr);
    tb_diag_free(&d);
    tb_dataset_free(ds);
    return 0;
}
