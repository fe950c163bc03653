/* bench_report: time to make the whole monthly briefing PDF.
 *
 *   bench_report process|stages en|ko [DATASET_DIR [YYYY-MM]]
 *
 * For datasets/korea 2024-03 with the default templates (or the dataset,
 * month given), in the language given:
 *   process  wall time of `tradebrief report ... --out FILE --force` as a
 *            user runs it: process start, fontconfig, font loading,
 *            dataset, facts, template, every page and chart, the atomic
 *            write and the manifest, into a private temporary directory.
 *            Best and median of RUNS (the targets of issue 5: 60 ms
 *            English, 150 ms Korean).  Needs TB_BIN (make bench sets it).
 *            Peak RSS: the largest of the tradebrief processes
 *            (getrusage RUSAGE_CHILDREN).
 *   stages   the same pipeline in this process, split: load, facts,
 *            template (parse + expand), PDF (layout, subsets, drawing,
 *            saving); the first run cold, then the best of RUNS warm.
 *            Peak RSS: this process's.
 * CLOCK_MONOTONIC throughout.  Prints a figure line and one `row` line for
 * bench/run.sh.  Figures, not pass/fail.
 */
#include <dirent.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "facts.h"
#include "load.h"
#include "pdf.h"
#include "template.h"

#define RUNS 15

extern char **environ;

static int S_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Removes the (flat) directory DIR and its files. */
static void S_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

/* Runs the program RUNS times into a private directory; best and median
 * wall time, the PDF's size.  Returns 0, or -1 after a message. */
static int S_process(const char *bin, const char *dir, const char *month, const char *lang, double *best,
                     double *median, long *bytes)
{
    double t[RUNS];
    char tmp[] = "/tmp/bench_report.XXXXXX", out[64];
    if (!mkdtemp(tmp)) {
        perror("bench_report: mkdtemp");
        return -1;
    }
    snprintf(out, sizeof out, "%s/briefing.pdf", tmp);
    char *argv[] = {(char *)bin, "report", (char *)dir, "--month", (char *)month, "--lang", (char *)lang, "--out",
                    out, "--force", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
    int rc = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = tb_bench_now_ms();
        pid_t pid;
        int st;
        if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) != 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
            WEXITSTATUS(st) != 0) {
            fprintf(stderr, "bench_report: %s report %s failed\n", bin, dir);
            rc = -1;
            break;
        }
        t[r] = tb_bench_now_ms() - t0;
    }
    posix_spawn_file_actions_destroy(&fa);
    struct stat sb;
    *bytes = stat(out, &sb) == 0 ? (long)sb.st_size : -1;
    S_rmdir(tmp);
    if (rc)
        return rc;
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
    double t0 = tb_bench_now_ms();
    tb_dataset *ds = tb_load_dataset(dir, &d, NULL);
    double t1 = tb_bench_now_ms();
    json_t *facts = ds ? tb_facts_json(ds, NULL, month, &d) : NULL;
    double t2 = tb_bench_now_ms();
    tb_template *t = facts ? tb_template_load(strcmp(lang, "ko") == 0 ? "templates/monthly-briefing.ko.tmpl"
                                                                      : "templates/monthly-briefing.tmpl",
                                              &d)
                           : NULL;
    tb_template_context ctx = {lang, ds, NULL, 0, NULL, 0, NULL, NULL, 0};
    tb_doc *doc = t ? tb_template_expand(t, facts, &ctx, &d) : NULL;
    double t3 = tb_bench_now_ms();
    unsigned char *pdf = NULL;
    size_t len = 0;
    tb_pdf_stats st = {0};
    tb_pdf_options opt = {month, lang, false};
    int rc = doc ? tb_pdf_render_mem(doc, &opt, &pdf, &len, &st, &d) : -1;
    double t4 = tb_bench_now_ms();
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
    if (argc < 3 || argc > 5 || (strcmp(argv[1], "process") != 0 && strcmp(argv[1], "stages") != 0) ||
        (strcmp(argv[2], "en") != 0 && strcmp(argv[2], "ko") != 0)) {
        fprintf(stderr, "usage: bench_report process|stages en|ko [DATASET_DIR [YYYY-MM]]\n");
        return 1;
    }
    const char *lang = argv[2], *dir = argc > 3 ? argv[3] : "datasets/korea", *mtext = argc > 4 ? argv[4] : "2024-03";
    tb_month month;
    if (!tb_month_parse(mtext, strlen(mtext), TB_MONTH_ISO, &month)) {
        fprintf(stderr, "bench_report: bad month %s\n", mtext);
        return 1;
    }
    struct rusage ru;
    if (strcmp(argv[1], "process") == 0) {
        const char *bin = getenv("TB_BIN");
        if (!bin || !*bin) {
            fprintf(stderr, "bench_report: process needs TB_BIN, the tradebrief binary\n");
            return 1;
        }
        double best, median;
        long bytes;
        if (S_process(bin, dir, mtext, lang, &best, &median, &bytes) != 0)
            return 1;
        getrusage(RUSAGE_CHILDREN, &ru);
        double rss = (double)ru.ru_maxrss / 1024.0;
        printf("report %s process: best %.1f ms, median %.1f ms (tradebrief report --force, %d runs), %ld bytes; "
               "peak RSS %.1f MiB\n",
               lang, best, median, RUNS, bytes, rss);
        printf("row\treport\t%s\t%.6g\t%.6g\treports/s\t%.1f\t\tprocess, best of %d, median %.1f ms, %ld bytes\n",
               lang, best / 1e3, 1e3 / best, rss, RUNS, median, bytes);
        return 0;
    }
    S_split cold, s, min = {1e300, 1e300, 1e300, 1e300, 1e300, 0, 0};
    if (S_pipeline(dir, month, lang, &cold) != 0)
        return 1;
    for (int r = 0; r < RUNS; r++) {
        if (S_pipeline(dir, month, lang, &s) != 0)
            return 1;
        min.load = s.load < min.load ? s.load : min.load;
        min.facts = s.facts < min.facts ? s.facts : min.facts;
        min.tmpl = s.tmpl < min.tmpl ? s.tmpl : min.tmpl;
        min.pdf = s.pdf < min.pdf ? s.pdf : min.pdf;
        min.total = s.total < min.total ? s.total : min.total;
    }
    getrusage(RUSAGE_SELF, &ru);
    double rss = (double)ru.ru_maxrss / 1024.0;
    char split[160];
    snprintf(split, sizeof split, "load %.1f + facts %.1f + template %.1f + pdf %.1f ms", min.load, min.facts,
             min.tmpl, min.pdf);
    printf("report %s stages: %zu pages, %zu bytes; cold %.1f ms (pdf %.1f); warm best %.1f ms = %s; peak RSS %.1f "
           "MiB\n",
           lang, cold.pages, cold.bytes, cold.total, cold.pdf, min.total, split, rss);
    printf("row\treport-stages\t%s\t%.6g\t%.6g\treports/s\t%.1f\t\tin process, warm best of %d = %s; cold %.1f ms; "
           "%zu pages, %zu bytes\n",
           lang, min.total / 1e3, 1e3 / min.total, rss, RUNS, split, cold.total, cold.pages, cold.bytes);
    return 0;
}
