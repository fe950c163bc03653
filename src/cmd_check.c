/* cmd_check: `tradebrief check DATASET [--strict]`: validate a dataset and
 * print a summary (files, series, calendar, last month, unit, totals' and
 * breakdowns' spans, working days, gaps, the data-quality screen).
 * Warnings go to stderr, the screen's as `file:line: warning: ...`; with
 * --strict any screen warning makes the exit status 2. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "load.h"
#include "mem.h"
#include "screen.h"

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

/* One line per D of the partial periods (days 1..D): the months any series
 * has such a value, how many series, and the months whose working days of
 * days 1..D are known from the day-level calendar. */
static void S_partials(const tb_dataset *ds)
{
    int n = tb_dataset_months(ds);
    double *any = tb_mem_reallocarray(NULL, (size_t)(n ? n : 1), sizeof *any);
    for (size_t p = 0; p < tb_dataset_partial_count(ds); p++) {
        int d = tb_dataset_partial_days(ds, p);
        size_t series = 0;
        for (int t = 0; t < n; t++)
            any[t] = NAN;
        for (size_t i = 0; i < tb_dataset_count(ds); i++) {
            const double *v = tb_dataset_partial(ds, i, d);
            series += v != NULL;
            for (int t = 0; v && t < n; t++)
                if (!isnan(v[t]))
                    any[t] = v[t];
        }
        char span[32], wspan[32];
        S_span(ds, any, span, sizeof span);
        for (int t = 0; t < n; t++)
            any[t] = tb_dataset_workdays_through(ds, tb_dataset_start(ds) + t, d);
        S_span(ds, any, wspan, sizeof wspan);
        printf("partial days 1-%d: %s, %zu series; working days known %s\n", d, span, series, wspan);
    }
    free(any);
}

/* The first and last month in which any member of BD has a value. */
static void S_breakdown_span(const tb_dataset *ds, const tb_breakdown *bd, char *buf, size_t cap)
{
    int n = tb_dataset_months(ds), first = n, last = -1;
    for (size_t k = 0; k < bd->n_members; k++) {
        const double *v = tb_dataset_get(ds, bd->members[k])->v;
        for (int t = 0; t < n; t++)
            if (!isnan(v[t])) {
                first = t < first ? t : first;
                last = t > last ? t : last;
            }
    }
    char a[8], b[8];
    if (last < 0)
        snprintf(buf, cap, "no data");
    else
        snprintf(buf, cap, "%s .. %s", tb_month_iso(tb_dataset_start(ds) + first, a),
                 tb_month_iso(tb_dataset_start(ds) + last, b));
}

static const char *S_multiplier_word(double m)
{
    return m == 1 ? "" : m == 1e3 ? "thousand " : m == 1e6 ? "million " : m == 1e9 ? "billion " : NULL;
}

/* Screens DS (loaded from DIR) and frees it, then prints the findings to
 * stderr, each at the file and line of the observation it points at (DIR
 * is read again for that, so DS is freed first: one copy in memory at a
 * time).  Returns the number of findings. */
static size_t S_screen(tb_dataset *ds, const char *dir)
{
    tb_screen s = {0};
    tb_screen_run(ds, NULL, &s);
    tb_load_site *site = tb_mem_calloc(s.n ? s.n : 1, sizeof *site);
    for (size_t i = 0; i < s.n; i++) {
        tb_screen_finding *f = &s.v[i];
        const tb_series *se = tb_dataset_get(ds, f->series);
        char m[8];
        char *line = tb_mem_printf("warning: %s %s %s %s %s: %s", tb_dataset_code(ds, TB_DIM_REPORTER, se->key.reporter),
                                   tb_flow_code(se->key.flow), tb_dataset_code(ds, TB_DIM_PARTNER, se->key.partner),
                                   tb_dataset_code(ds, TB_DIM_PRODUCT, se->key.product), tb_month_iso(f->month, m),
                                   f->what);
        free(f->what);
        f->what = line;
        site[i] = (tb_load_site){.series = f->series, .month = f->month};
    }
    tb_dataset_free(ds);
    tb_load_locate(dir, site, s.n);
    for (size_t i = 0; i < s.n; i++) {
        if (site[i].file)
            fprintf(stderr, "%s:%zu: %s\n", site[i].file, site[i].line, s.v[i].what);
        else
            fprintf(stderr, "%s/dataset.yaml: %s\n", dir, s.v[i].what);
        free(site[i].file);
    }
    size_t n = s.n;
    free(site);
    tb_screen_free(&s);
    return n;
}

static const char S_usage[] = "usage: tradebrief check DATASET [--strict]\n"
                              "Validates a dataset and prints a summary; warnings go to stderr.\n";

int tb_cmd_check(int argc, char **argv)
{
    tb_cli_args args;
    int rc = tb_cli_parse(argc, argv, TB_OPT(TB_OPT_STRICT), 1, 1, S_usage, &args);
    if (rc)
        return rc;
    tb_load_stats st;
    tb_dataset *ds = tb_cli_load(args.pos[0], &st, true);
    if (!ds)
        return TB_EXIT_BADINPUT;
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
    tb_month last = tb_dataset_last_month(ds, NULL);
    printf("last month: %s (default: the latest month with all headline series)\n",
           last == TB_MONTH_NONE ? "none" : tb_month_iso(last, a));
    tb_unit u = tb_dataset_unit(ds);
    const char *word = S_multiplier_word(u.multiplier);
    if (word)
        printf("unit: %s%s\n", word, u.currency);
    else
        printf("unit: %s x %g\n", u.currency, u.multiplier);
    const char *rep = tb_dataset_subject(ds).reporter;
    if (rep) {
        static const enum tb_flow flows[] = {TB_EXPORT, TB_IMPORT, TB_BALANCE};
        for (int f = 0; f < 3; f++) {
            size_t i = tb_dataset_headline(ds, NULL, flows[f]);
            if (i == SIZE_MAX)
                continue;
            S_span(ds, tb_dataset_get(ds, i)->v, span, sizeof span);
            printf("%s %s total: %s\n", rep, tb_flow_code(flows[f]), span);
        }
    }
    for (size_t i = 0; i < tb_dataset_breakdown_count(ds); i++) {
        const tb_breakdown *bd = tb_dataset_breakdown(ds, i);
        S_breakdown_span(ds, bd, span, sizeof span);
        printf("breakdown %s: %zu members by %s, %s\n", bd->name, bd->n_members,
               bd->along == TB_DIM_PARTNER ? "partner" : "product", span);
    }
    const double *wd = tb_dataset_workdays(ds);
    if (wd) {
        S_span(ds, wd, span, sizeof span);
        printf("working days: %s\n", span);
    } else {
        printf("working days: none\n");
    }
    S_partials(ds);
    printf("gaps: %zu missing months inside %zu series\n", st.gap_months, st.gap_series);
    fflush(stdout);
    size_t warned = S_screen(ds, args.pos[0]);
    printf("screen: %zu warning%s\n", warned, warned == 1 ? "" : "s");
    if (warned && args.val[TB_OPT_STRICT]) {
        printf("failed: --strict and the screen warned\n");
        return TB_EXIT_BADINPUT;
    }
    printf("ok\n");
    return 0;
}
