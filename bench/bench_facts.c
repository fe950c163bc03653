/* bench_facts: timings of the facts engine on a scale tier.
 *
 *   bench_facts DIR month|backfill|notrend|json
 *
 * Loads DIR (a tier written by gen_tier, or any dataset; not timed), then
 * times with CLOCK_MONOTONIC, best of a few runs:
 *   month     every fact of every series for the last month (tb_facts_all);
 *   backfill  every fact of every series for every month;
 *   notrend   the backfill without the trend (one gsl_fit_linear per
 *             series-month, most of a backfill's time);
 *   json      the stats JSON of the last month (tb_facts_json, dumped).
 * One mode per process, so the process's peak RSS (getrusage) is that of
 * the load plus that measurement; the load's own peak is given as well.
 * Prints a figure line, a checksum (keeps the work observable) and one
 * `row` line for bench/run.sh.  Figures, not pass/fail.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_util.h"
#include "facts.h"
#include "load.h"
#include "par.h"

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

static const struct {
    const char *mode, *bench, *what;
    int max_runs;
    double budget_s; /* no further run once this much time is spent */
} S_modes[] = {
    {"month", "facts-month", "one month, all facts", 5, 2.0},
    {"backfill", "facts-backfill", "every month, all facts", 3, 8.0},
    {"notrend", "facts-backfill-notrend", "every month, all facts but the trend", 3, 4.0},
    {"json", "facts-json", "stats JSON of one month", 5, 1.0},
};

int main(int argc, char **argv)
{
    int m = -1;
    for (int i = 0; argc == 3 && i < (int)(sizeof S_modes / sizeof S_modes[0]); i++)
        if (strcmp(argv[2], S_modes[i].mode) == 0)
            m = i;
    if (m < 0) {
        fprintf(stderr, "usage: bench_facts DIR month|backfill|notrend|json\n");
        return 1;
    }
    tb_facts_init();
    tb_diag d;
    tb_diag_init(&d);
    double t0 = tb_bench_now();
    tb_dataset *ds = tb_load_dataset(argv[1], &d, NULL);
    double load_s = tb_bench_now() - t0, load_rss = tb_bench_peak_mib();
    if (!ds) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        return 2;
    }
    size_t series = tb_dataset_count(ds);
    int months = tb_dataset_months(ds);
    tb_month first = tb_dataset_start(ds), last = first + months - 1;
    int is_json = strcmp(S_modes[m].mode, "json") == 0, is_month = strcmp(S_modes[m].mode, "month") == 0;
    unsigned flags = strcmp(S_modes[m].mode, "notrend") == 0 ? TB_FACTS_NO_TREND : 0;
    double best = INFINITY, spent = 0;
    int runs = 0, rc = 0;
    S_sum sum = {0, 0, 0, 0};
    size_t json_bytes = 0;
    while (runs < S_modes[m].max_runs && (runs == 0 || spent < S_modes[m].budget_s)) {
        S_sum s = {0, 0, 0, 0};
        double a = tb_bench_now();
        if (is_json) {
            json_t *j = tb_facts_json(ds, NULL, last, &d);
            char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
            json_bytes = text ? strlen(text) : 0;
            free(text);
            json_decref(j);
            if (!text)
                rc = 2;
        } else if (tb_facts_all(ds, is_month ? last : first, last, flags, S_sink, &s, &d) != 0)
            rc = 2;
        double t = tb_bench_now() - a;
        if (rc)
            break;
        spent += t;
        runs++;
        best = t < best ? t : best;
        sum = s;
    }
    if (rc) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        tb_dataset_free(ds);
        return rc;
    }
    double rss = tb_bench_peak_mib();
    const char *tier = tb_dataset_name(ds);
    double units = is_json ? 1.0 : is_month ? (double)series : (double)series * months;
    const char *unit = is_json ? "docs/s" : is_month ? "series/s" : "series-months/s";
    char per[64] = "";
    if (!is_json)
        snprintf(per, sizeof per, "%.0f ns per %s, ", best * 1e9 / units, is_month ? "series" : "series-month");
    printf("%s %s: %zu series x %d months, %s: %.1f ms (%sbest of %d); peak RSS %.1f MiB (load %.1f MiB, %.2f s)\n",
           S_modes[m].bench, tier, series, months, S_modes[m].what, best * 1e3, per, runs, rss, load_rss, load_s);
    char note[384];
    int threads = tb_par_parts(series * (size_t)months);
    if (is_json)
        snprintf(note, sizeof note, "%zu bytes of JSON; %d threads", json_bytes, threads);
    else
        snprintf(note, sizeof note,
                 "checksum: %zu facts, %zu with yoy, %zu rising, %lld streak months; %d threads; load %.2f s + facts = "
                 "%.2f s",
                 sum.facts, sum.yoy_known, sum.up, sum.streak_months, threads, load_s, load_s + best);
    printf("  %s\n", note);
    printf("row\t%s\t%s\t%.6g\t%.6g\t%s\t%.1f\t\t%zu series x %d months, best of %d, load peak %.1f MiB; %s\n",
           S_modes[m].bench, tier, best, units / best, unit, rss, series, months, runs, load_rss, note);
    tb_diag_free(&d);
    tb_dataset_free(ds);
    return 0;
}
