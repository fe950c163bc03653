/* bench_report: time to make the whole monthly briefing PDF.
 *
 * Two figures per language (English, Korean), for datasets/korea 2024-03
 * with the default templates (or the dataset, month given):
 *   process  wall time of `tradebrief report ... --out FILE` as a user runs
 *            it: process start, fontconfig, font loading, dataset, facts,
 *            template, every page and chart, the atomic write.  Best and
 *            median of RUNS (the targets of issue 5: 60 ms English, 150 ms
 *            Korean).  Needs TB_BIN (make bench sets it).
 *   stages   the same pipeline in this process, split: load, facts,
 *            template (parse + expand), PDF (layout, subsets, drawing,
 *            saving); the first run cold, then the best of RUNS warm.
 * CLOCK_MONOTONIC throughout; prints figures, not pass/fail.
 * Usage: bench_report [DATASET_DIR [YYYY-MM]]
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "facts.h"
#include "load.h"
#include "pdf.h"
#include "template.h"

#define RUNS 15

extern char **environ;

static double S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int S_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs the program RUNS times; best and median wall time, or -1. */
static int S_process(const char *bin, const char *dir, const char *month, const char *lang, const char *out,
                     double *best, double *median)
{
    double t[RUNS];
    char *argv[] = {(char *)bin, "report", (char *)dir, "--month", (char *)month, "--lang", (char *)lang, "--out",
                    (char *)out, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
    for (int r = 0; r < RUNS; r++) {
        double t0 = S_now_ms();
        pid_t pid;
        int st;
        if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) != 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
            WEXITSTATUS(st) != 0) {
            posix_spawn_file_actions_destroy(&fa);
            return -1;
        }
        t[r] = S_now_ms() - t0;
    }
    posix_spawn_file_actions_destroy(&fa);
    qsort(t, RUNS, sizeof t[0], S_cmp);
    *best = t[0];
    *median = t[RUNS / 2];
    return 0;
}

typedef struct {
    double load, facts, tmpl, pdf, total;
    size_t pages, bytes;
} S_split;

/* One run of the pipeline in this process. */
static int S_pipeline(const char *dir, tb_month month, const char *lang, S_split *s)
{
    tb_diag d;
    tb_diag_init(&d);
    double t0 = S_now_ms();
    tb_dataset *ds = tb_load_dataset(dir, &d, NULL);
    double t1 = S_now_ms();
    json_t *facts = ds ? tb_facts_json(ds, month, &d) : NULL;
    double t2 = S_now_ms();
    tb_template *t = facts ? tb_template_load(strcmp(lang, "ko") == 0 ? "templates/monthly-briefing.ko.tmpl"
                                                                      : "templates/monthly-briefing.tmpl",
                                              &d)
                           : NULL;
    tb_template_context ctx = {lang, ds, NULL, 0, NULL, 0};
    tb_doc *doc = t ? tb_template_expand(t, facts, &ctx, &d) : NULL;
    double t3 = S_now_ms();
    unsigned char *pdf = NULL;
    size_t len = 0;
    tb_pdf_stats st = {0};
    tb_pdf_options opt = {ds, month, lang};
    int rc = doc ? tb_pdf_render_mem(doc, &opt, &pdf, &len, &st, &d) : -1;
    double t4 = S_now_ms();
    if (rc != 0)
        tb_diag_print(&d, stderr);
    *s = (S_split){t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0, st.pages, len};
    free(pdf);
    tb_doc_free(doc);
    tb_template_free(t);
    json_decref(facts);
    tb_dataset_free(ds);
    tb_diag_free(&d);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "datasets/korea", *mtext = argc > 2 ? argv[2] : "2024-03";
    tb_month month;
    if (!tb_month_parse(mtext, strlen(mtext), TB_MONTH_ISO, &month)) {
        fprintf(stderr, "bench_report: bad month %s\n", mtext);
        return 1;
    }
    const char *bin = getenv("TB_BIN");
    const char *langs[2] = {"en", "ko"};
    char out[64];
    snprintf(out, sizeof out, "/tmp/bench_report.%ld.pdf", (long)getpid());
    int rc = 0;
    for (int l = 0; l < 2; l++) {
        double best, median;
        if (bin && *bin) {
            if (S_process(bin, dir, mtext, langs[l], out, &best, &median) == 0)
                printf("report %s process: best %.1f ms, median %.1f ms (tradebrief report, %d runs)\n", langs[l],
                       best, median, RUNS);
            else {
                fprintf(stderr, "bench_report: %s report failed\n", bin);
                rc = 1;
            }
        }
        S_split cold, s, min = {1e300, 1e300, 1e300, 1e300, 1e300, 0, 0};
        if (S_pipeline(dir, month, langs[l], &cold) != 0) {
            rc = 1;
            continue;
        }
        for (int r = 0; r < RUNS; r++) {
            if (S_pipeline(dir, month, langs[l], &s) != 0)
                break;
            min.load = s.load < min.load ? s.load : min.load;
            min.facts = s.facts < min.facts ? s.facts : min.facts;
            min.tmpl = s.tmpl < min.tmpl ? s.tmpl : min.tmpl;
            min.pdf = s.pdf < min.pdf ? s.pdf : min.pdf;
            min.total = s.total < min.total ? s.total : min.total;
        }
        printf("report %s stages: %zu pages, %zu bytes; cold %.1f ms (pdf %.1f); warm best %.1f ms = load %.1f + "
               "facts %.1f + template %.1f + pdf %.1f\n",
               langs[l], cold.pages, cold.bytes, cold.total, cold.pdf, min.total, min.load, min.facts, min.tmpl,
               min.pdf);
    }
    unlink(out);
    return rc;
}
