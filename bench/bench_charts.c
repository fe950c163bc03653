/* bench_charts: time to draw the standard chart set in one format.
 *
 *   bench_charts en|ko png|svg|pdf [DATASET_DIR [YYYY-MM]]
 *
 * Loads datasets/korea (or the directory given), builds the chart set for
 * 2024-03 (or the month given) in the language given, draws it once to warm
 * the font caches (as any real run does on its first chart), then renders
 * every chart in memory in the format given (PNG at 2 pixels per point, as
 * `tradebrief charts` writes), best of five runs (CLOCK_MONOTONIC), no disk
 * writes.  For PNG the figure is split into drawing and encoding.  One
 * language and format per process, so the peak RSS (getrusage) is that
 * variant's.  Prints a figure line and one `row` line for bench/run.sh; the
 * byte total keeps the work observable.  Figures, not pass/fail.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_util.h"
#include "canvas_cairo.h"
#include "chartset.h"
#include "load.h"

#define RUNS 5

/* Renders the whole set in FORMAT; returns the bytes made, -1 on error. */
static long S_render_set(const tb_chartset *set, const char *format)
{
    long total = 0;
    for (size_t i = 0; i < tb_chartset_count(set); i++) {
        const tb_chart_spec *spec = tb_chartset_spec(set, i);
        double w, h;
        tb_chart_default_size(spec, &w, &h);
        unsigned char *out;
        size_t len;
        char err[256];
        if (tb_chart_render(spec, format, w, h, 2, &out, &len, err, sizeof err) != 0) {
            fprintf(stderr, "bench_charts: %s\n", err);
            return -1;
        }
        total += (long)len;
        free(out);
    }
    return total;
}

/* PNG drawing alone (no encoding), for the split. */
static void S_draw_set(const tb_chartset *set)
{
    for (size_t i = 0; i < tb_chartset_count(set); i++) {
        const tb_chart_spec *spec = tb_chartset_spec(set, i);
        double w, h;
        tb_chart_default_size(spec, &w, &h);
        tb_canvas *c = tb_canvas_cairo_image_new(w, h, 2);
        tb_chart_draw(spec, c);
        tb_canvas_finish(c);
        tb_canvas_free(c);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5 || (strcmp(argv[1], "en") != 0 && strcmp(argv[1], "ko") != 0) ||
        (strcmp(argv[2], "png") != 0 && strcmp(argv[2], "svg") != 0 && strcmp(argv[2], "pdf") != 0)) {
        fprintf(stderr, "usage: bench_charts en|ko png|svg|pdf [DATASET_DIR [YYYY-MM]]\n");
        return 1;
    }
    const char *lang = argv[1], *format = argv[2], *dir = argc > 3 ? argv[3] : "datasets/korea";
    tb_month month = tb_month_make(2024, 3);
    if (argc > 4 && !tb_month_parse(argv[4], strlen(argv[4]), TB_MONTH_ISO, &month)) {
        fprintf(stderr, "bench_charts: bad month %s\n", argv[4]);
        return 1;
    }
    tb_diag d;
    tb_diag_init(&d);
    tb_dataset *ds = tb_load_dataset(dir, &d, NULL);
    tb_chartset *set = ds ? tb_chartset_build(ds, NULL, month, lang, &d) : NULL;
    if (!set) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        tb_dataset_free(ds);
        return 1;
    }
    S_draw_set(set);
    double best_build = 1e300, best_draw = 1e300, best = 1e300;
    for (int r = 0; r < RUNS; r++) {
        double t0 = tb_bench_now_ms();
        tb_chartset *s2 = tb_chartset_build(ds, NULL, month, lang, &d);
        best_build = fmin(best_build, tb_bench_now_ms() - t0);
        tb_chartset_free(s2);
    }
    if (strcmp(format, "png") == 0)
        for (int r = 0; r < RUNS; r++) {
            double t0 = tb_bench_now_ms();
            S_draw_set(set);
            best_draw = fmin(best_draw, tb_bench_now_ms() - t0);
        }
    long bytes = 0;
    for (int r = 0; r < RUNS && bytes >= 0; r++) {
        double t0 = tb_bench_now_ms();
        bytes = S_render_set(set, format);
        best = fmin(best, tb_bench_now_ms() - t0);
    }
    size_t n = tb_chartset_count(set);
    tb_chartset_free(set);
    tb_dataset_free(ds);
    tb_diag_free(&d);
    if (bytes < 0)
        return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = (double)ru.ru_maxrss / 1024.0;
    char split[128] = "";
    if (best_draw < 1e300)
        snprintf(split, sizeof split, "; draw %.1f ms, encode %.1f ms", best_draw, best - best_draw);
    printf("charts %s %s: %zu charts in %.1f ms (%.1f ms each), %ld bytes; specs %.2f ms%s; peak RSS %.1f MiB\n", lang,
           format, n, best, best / (double)n, bytes, best_build, split, rss);
    printf("row\tcharts\t%s-%s\t%.6g\t%.6g\tcharts/s\t%.1f\t\t%zu charts, %ld bytes, best of %d; specs %.2f ms%s\n", lang,
           format, best / 1e3, (double)n / (best / 1e3), rss, n, bytes, RUNS, best_build, split);
    return 0;
}
