/* bench_charts: time to draw the standard chart set.
 *
 * Loads datasets/korea (or the directory given), builds the chart set for
 * 2024-03 (or the month given) and renders every chart in memory to PNG (2
 * pixels per point, as `tradebrief charts` writes), SVG and PDF, in English
 * and Korean; best of five runs per figure (CLOCK_MONOTONIC), no disk
 * writes.  The PNG figure is split into drawing and encoding.  Prints
 * figures, not pass/fail; the byte totals keep the work observable.
 * Usage: bench_charts [DATASET_DIR [YYYY-MM]]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "canvas_cairo.h"
#include "chartset.h"
#include "load.h"

#define RUNS 5

static double S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

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
    const char *dir = argc > 1 ? argv[1] : "datasets/korea";
    tb_month month = tb_month_make(2024, 3);
    if (argc > 2 && !tb_month_parse(argv[2], strlen(argv[2]), TB_MONTH_ISO, &month)) {
        fprintf(stderr, "bench_charts: bad month %s\n", argv[2]);
        return 1;
    }
    tb_diag d;
    tb_diag_init(&d);
    tb_dataset *ds = tb_load_dataset(dir, &d, NULL);
    if (!ds) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        return 1;
    }
    const char *langs[2] = {"en", "ko"};
    const char *formats[3] = {"png", "svg", "pdf"};
    int rc = 0;
    for (int l = 0; l < 2 && rc == 0; l++) {
        /* Warm the font caches once, as any real run does on its first chart. */
        tb_chartset *set = tb_chartset_build(ds, month, langs[l], &d);
        if (!set) {
            tb_diag_print(&d, stderr);
            rc = 1;
            break;
        }
        S_draw_set(set);
        double best_build = 1e300;
        for (int r = 0; r < RUNS; r++) {
            double t0 = S_now_ms();
            tb_chartset *s2 = tb_chartset_build(ds, month, langs[l], &d);
            best_build = fmin(best_build, S_now_ms() - t0);
            tb_chartset_free(s2);
        }
        double best_draw = 1e300;
        for (int r = 0; r < RUNS; r++) {
            double t0 = S_now_ms();
            S_draw_set(set);
            best_draw = fmin(best_draw, S_now_ms() - t0);
        }
        for (int f = 0; f < 3 && rc == 0; f++) {
            double best = 1e300;
            long bytes = 0;
            for (int r = 0; r < RUNS; r++) {
                double t0 = S_now_ms();
                bytes = S_render_set(set, formats[f]);
                best = fmin(best, S_now_ms() - t0);
                if (bytes < 0) {
                    rc = 1;
                    break;
                }
            }
            printf("charts %s %s: %zu charts in %.1f ms (%.1f ms each), %ld bytes\n", langs[l], formats[f],
                   tb_chartset_count(set), best, best / (double)tb_chartset_count(set), bytes);
            if (f == 0)
                printf("  png split: draw %.1f ms, encode %.1f ms; building the specs %.2f ms\n", best_draw,
                       best - best_draw, best_build);
        }
        tb_chartset_free(set);
    }
    tb_dataset_free(ds);
    tb_diag_free(&d);
    return rc;
}
