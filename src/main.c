/* main: the tradebrief command line.
 *
 *   tradebrief check  DATASET
 *
 * Exit status: 0 success, 1 usage error, 2 bad input (nothing written).
 * Diagnostics go to stderr, results to stdout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "diag.h"
#include "load.h"

#define TB_VERSION "0.1.0"

enum { EXIT_USAGE = 1, EXIT_BADINPUT = 2 };

static const char S_usage[] =
    "usage: tradebrief check  DATASET\n"
    "       tradebrief --version\n"
    "\n"
    "DATASET is a dataset directory holding dataset.yaml (see docs/dataset-format.md).\n"
    "Exit status: 0 success, 1 usage error, 2 bad input.\n";

static int S_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "tradebrief: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", S_usage);
    return EXIT_USAGE;
}

/* Loads DIR or prints why not.  Ownership: caller frees the dataset. */
static tb_dataset *S_load(const char *dir, tb_load_stats *stats, bool warnings)
{
    tb_diag diag;
    tb_diag_init(&diag);
    tb_dataset *ds = tb_load_dataset(dir, &diag, stats);
    if (!ds || warnings)
        tb_diag_print(&diag, stderr);
    tb_diag_free(&diag);
    return ds;
}

static void S_span(const tb_dataset *ds, const double *v, char *buf, size_t cap)
{
    int n = tb_dataset_months(ds), first = 0, last = n - 1;
    while (first < n && isnan(v[first]))
        first++;
    while (last >= first && isnan(v[last]))
        last--;
    char a[8], b[8];
    if (first > last)
        snprintf(buf, cap, "no data");
    else
        snprintf(buf, cap, "%s .. %s", tb_month_iso(tb_dataset_start(ds) + first, a),
                 tb_month_iso(tb_dataset_start(ds) + last, b));
}

static const char *S_multiplier_word(double m)
{
    return m == 1 ? "" : m == 1e3 ? "thousand " : m == 1e6 ? "million " : m == 1e9 ? "billion " : NULL;
}

static int S_check(int argc, char **argv)
{
    if (argc != 1)
        return S_usage_error("check takes one DATASET directory%s", "");
    tb_load_stats st;
    tb_dataset *ds = S_load(argv[0], &st, true);
    if (!ds)
        return EXIT_BADINPUT;
    size_t n = tb_dataset_count(ds), given = 0, nonempty = 0;
    for (size_t i = 0; i < n; i++) {
        const tb_series *s = tb_dataset_get(ds, i);
        given += !s->derived;
        for (int t = 0; t < tb_dataset_months(ds); t++)
            if (!isnan(s->v[t])) {
                nonempty++;
                break;
            }
    }
    const char *title = tb_dataset_meta(ds, "title.en");
    printf("dataset: %s%s%s%s\n", tb_dataset_name(ds), title ? " (" : "", title ? title : "", title ? ")" : "");
    printf("read: %zu files, %zu rows, %zu observations, %.1f MB\n", st.files, st.rows, st.observations,
           (double)st.bytes / 1e6);
    printf("series: %zu (%zu given, %zu derived balances; %zu with data)\n", n, given, st.derived, nonempty);
    printf("codes: %zu reporters, %zu partners, %zu products\n", tb_dataset_code_count(ds, TB_DIM_REPORTER),
           tb_dataset_code_count(ds, TB_DIM_PARTNER), tb_dataset_code_count(ds, TB_DIM_PRODUCT));
    char a[8], b[8], span[32];
    tb_month start = tb_dataset_start(ds);
    int months = tb_dataset_months(ds);
    printf("calendar: %s .. %s (%d months)\n", tb_month_iso(start, a), tb_month_iso(start + months - 1, b),
           months);
    tb_month last = tb_dataset_last_month(ds);
    printf("last month: %s\n", last == TB_MONTH_NONE ? "none" : tb_month_iso(last, a));
    tb_unit u = tb_dataset_unit(ds);
    const char *word = S_multiplier_word(u.multiplier);
    if (word)
        printf("unit: %s%s\n", word, u.currency);
    else
        printf("unit: %s x %g\n", u.currency, u.multiplier);
    const char *rep = tb_dataset_meta(ds, "reporter");
    if (rep) {
        static const enum tb_flow flows[] = {TB_EXPORT, TB_IMPORT, TB_BALANCE};
        for (int f = 0; f < 3; f++) {
            size_t i = tb_dataset_lookup(ds, NULL, flows[f], "WLD", "TOTAL");
            if (i == SIZE_MAX)
                continue;
            S_span(ds, tb_dataset_get(ds, i)->v, span, sizeof span);
            printf("%s %s total: %s\n", rep, tb_flow_code(flows[f]), span);
        }
    }
    for (size_t i = 0; i < tb_dataset_breakdown_count(ds); i++) {
        const tb_breakdown *bd = tb_dataset_breakdown(ds, i);
        printf("breakdown %s: %zu members by %s\n", bd->name, bd->n_members,
               bd->along == TB_DIM_PARTNER ? "partner" : "product");
    }
    const double *wd = tb_dataset_workdays(ds);
    if (wd) {
        S_span(ds, wd, span, sizeof span);
        printf("working days: %s\n", span);
    } else {
        printf("working days: none\n");
    }
    printf("gaps: %zu missing months inside %zu series\n", st.gap_months, st.gap_series);
    tb_dataset_free(ds);
    printf("ok\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return S_usage_error("no command given%s", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0) {
        printf("tradebrief %s\n", TB_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(S_usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "check") == 0)
        return S_check(argc - 2, argv + 2);
    return S_usage_error("unknown command '%s'", cmd);
}
