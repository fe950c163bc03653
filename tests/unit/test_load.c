/* Unit tests: the loader (manifest + CSV -> dataset) on files it writes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "facts.h"
#include "load.h"
#include "mem.h"
#include "screen.h"
#include "tb_test.h"

static char S_dir[64];

static void S_write(const char *name, const char *text) { tb_test_write(S_dir, name, text); }

static tb_dataset *S_load(tb_diag *d)
{
    tb_diag_init(d);
    return tb_load_dataset(S_dir, d, NULL);
}

static const double *S_values(const tb_dataset *ds, const char *rep, enum tb_flow f, const char *partner,
                              const char *product)
{
    size_t i = tb_dataset_lookup(ds, rep, f, partner, product);
    return i == SIZE_MAX ? NULL : tb_dataset_get(ds, i)->v;
}

static void test_numbers_exact(void)
{
    S_write("dataset.yaml", "name: n\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                            "files: [{path: d.csv, format: long}]\n");
    S_write("d.csv", "period,flow,partner,product,value\n"
                     "2024-01,export,WLD,A,56518309\n"
                     "2024-02,export,WLD,A,10694.6\n"
                     "2024-03,export,WLD,A,0.1\n"
                     "2024-04,export,WLD,A,1.5e3\n"
                     "2024-05,export,WLD,A,12345678901234567890.123\n"
                     "2024-06,export,WLD,A,-0\n"
                     "2024-07,export,WLD,A, 42 \n"
                     "2024-08,export,WLD,A,+7\n"
                     "2024-09,export,WLD,A,.5\n"
                     "2024-10,export,WLD,A,0.30000000000000004\n");
    tb_diag d;
    tb_dataset *ds = S_load(&d);
    TB_CHECK(ds != NULL);
    if (!ds) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        return;
    }
    const double *v = S_values(ds, NULL, TB_EXPORT, "WLD", "A");
    TB_CHECK(v[0] == 56518309.0);
    TB_CHECK(v[1] == 10694.6);
    TB_CHECK(v[2] == 0.1);
    TB_CHECK(v[3] == 1500.0);
    TB_CHECK(v[4] == 12345678901234567890.123);
    TB_CHECK(v[5] == 0 && !signbit(v[5]));
    TB_CHECK(v[6] == 42);
    TB_CHECK(v[7] == 7);
    TB_CHECK(v[8] == 0.5);
    TB_CHECK(v[9] == 0.30000000000000004);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* Rows in any order land on the right months; the calendar covers all
 * files; missing stays NaN; labels, breakdowns, working days resolve. */
static void test_unsorted_and_metadata(void)
{
    S_write("dataset.yaml",
            "name: u\nreporter: KOR\nunit: {currency: USD, multiplier: 1000}\n"
            "title: {en: Test, ko: \"\xec\x8b\x9c\xed\x97\x98\"}\n"
            "names:\n  products: {SEMI: {en: Semiconductors, ko: \"\xeb\xb0\x98\xeb\x8f\x84\xec\xb2\xb4\"}}\n"
            "breakdowns:\n  items: {flow: export, partner: WLD, total: TOTAL, products: [SEMI]}\n"
            "files:\n  - {path: d.csv, format: long}\n"
            "  - {path: w.csv, format: wide, period_format: YYYYMM, columns: {semi: {flow: export, partner: WLD, product: SEMI}}}\n"
            "working_days: {file: days.csv}\n");
    char big[8192] = "period,flow,partner,product,value\n";
    /* 200 months backwards, so the array grows downwards several times */
    for (int i = 199; i >= 0; i--) {
        char row[64];
        snprintf(row, sizeof row, "%04d-%02d,export,WLD,TOTAL,%d\n", 2000 + i / 12, i % 12 + 1, i);
        strcat(big, row);
    }
    S_write("d.csv", big);
    S_write("w.csv", "period,semi\n201001,5\n200001,\n");
    S_write("days.csv", "period,days\n1999-12,20\n2000-01,21.5\n2016-08,22\n2030-01,3\n");
    tb_diag d;
    tb_dataset *ds = S_load(&d);
    TB_CHECK(ds != NULL);
    if (!ds) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        return;
    }
    TB_CHECK_INT(tb_dataset_start(ds), tb_month_make(2000, 1));
    TB_CHECK_INT(tb_dataset_months(ds), 200);
    const double *t = S_values(ds, NULL, TB_EXPORT, "WLD", "TOTAL");
    for (int i = 0; i < 200; i++)
        if (t[i] != i) {
            TB_CHECK_NEAR(t[i], i, 0);
            break;
        }
    const double *s = S_values(ds, NULL, TB_EXPORT, "WLD", "SEMI");
    TB_CHECK_NAN(s[0]);
    TB_CHECK_NEAR(s[120], 5, 0);
    TB_CHECK_NAN(s[199]);
    TB_CHECK_STR(tb_dataset_label(ds, TB_DIM_PRODUCT, "SEMI", "ko"), "\xeb\xb0\x98\xeb\x8f\x84\xec\xb2\xb4");
    TB_CHECK_STR(tb_dataset_meta(ds, "title.ko"), "\xec\x8b\x9c\xed\x97\x98");
    const tb_breakdown *b = tb_dataset_breakdown_by_name(ds, "items");
    TB_CHECK(b != NULL);
    if (b) {
        TB_CHECK_INT(b->n_members, 1);
        TB_CHECK(tb_dataset_get(ds, b->total)->v == t);
        TB_CHECK(tb_dataset_get(ds, b->members[0])->v == s);
    }
    const double *wd = tb_dataset_workdays(ds);
    TB_CHECK(wd != NULL);
    if (wd) {
        TB_CHECK_NEAR(wd[0], 21.5, 0);
        TB_CHECK_NEAR(wd[tb_month_make(2016, 8) - tb_dataset_start(ds)], 22, 0);
        TB_CHECK_NAN(wd[1]);
    }
    TB_CHECK_INT(tb_dataset_last_month(ds, NULL), tb_month_make(2016, 8));
    TB_CHECK_INT(d.errors, 0);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* An explicit missing value is an observation: giving it again is a duplicate. */
static void test_duplicate_of_missing(void)
{
    S_write("dataset.yaml", "name: n\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                            "files: [{path: d.csv, format: long}, {path: e.csv, format: long}]\n");
    S_write("d.csv", "period,flow,partner,product,value\n2024-01,export,WLD,A,\n");
    S_write("e.csv", "period,flow,partner,product,value\n2024-01,export,WLD,A,5\n");
    tb_diag d;
    tb_dataset *ds = S_load(&d);
    TB_CHECK(ds == NULL);
    TB_CHECK_INT(d.errors, 1);
    if (d.n)
        TB_CHECK(strstr(d.items[0].text, "e.csv:2:5: duplicate observation of KOR export WLD A for 2024-01") != NULL);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* 60 months of a seasonal export series (exports about twice imports);
 * the export of month SPIKE (0-based) is multiplied by 1000 unless < 0. */
static void S_seasonal(int spike)
{
    S_write("dataset.yaml", "name: s\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                            "files: [{path: d.csv, format: long}]\n");
    tb_buf b = {0};
    tb_buf_puts(&b, "period,flow,partner,product,value\n");
    for (int t = 0; t < 60; t++) {
        double x = 1000 * (1 + 0.2 * sin(2 * M_PI * t / 12)) * pow(1.005, t) * (1 + 0.01 * ((t * 7) % 5));
        tb_buf_printf(&b, "%04d-%02d,export,WLD,TOTAL,%.3f\n", 2020 + t / 12, t % 12 + 1, t == spike ? x * 1000 : x);
        tb_buf_printf(&b, "%04d-%02d,import,WLD,TOTAL,%.3f\n", 2020 + t / 12, t % 12 + 1, x / 2);
    }
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
}

static void test_screen_and_locate(void)
{
    S_seasonal(-1);
    tb_diag d;
    tb_dataset *ds = S_load(&d);
    TB_CHECK(ds != NULL);
    tb_screen s = {0};
    tb_screen_run(ds, NULL, &s);
    TB_CHECK_INT(s.n, 0); /* clean */
    tb_screen_free(&s);
    tb_dataset_free(ds);
    tb_diag_free(&d);

    S_seasonal(30);
    ds = S_load(&d);
    tb_screen_run(ds, NULL, &s);
    TB_CHECK_INT(s.n, 2); /* the outlier and the month's ratio */
    for (size_t i = 0; i < s.n; i++)
        TB_CHECK_INT(s.v[i].month, tb_month_make(2022, 7));
    TB_CHECK_INT(s.v[0].rule, TB_SCREEN_OUTLIER);
    TB_CHECK_INT(s.v[1].rule, TB_SCREEN_RATIO);
    tb_load_site site[2] = {{.series = s.v[0].series, .month = s.v[0].month},
                            {.series = s.v[1].series, .month = s.v[1].month}};
    tb_load_locate(S_dir, site, 2);
    for (size_t i = 0; i < 2; i++) {
        TB_CHECK(site[i].file && strstr(site[i].file, "d.csv"));
        TB_CHECK_INT(site[i].line, 2 + 2 * 30); /* header, then two rows a month */
        free(site[i].file);
    }
    tb_screen_free(&s);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* Partial periods (column `days`) go into their own arrays, never into the
 * whole-month values; they extend the calendar; the day-level calendar
 * gives the working days of days 1..D and NaN where it has a gap. */
static void test_partial_periods(void)
{
    S_write("dataset.yaml", "name: p\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                            "files: [{path: d.csv, format: long}]\n"
                            "working_days: {daily: days.csv}\n");
    S_write("d.csv", "period,flow,partner,product,days,value\n"
                     "2024-01,export,WLD,TOTAL,,100\n"
                     "2024-01,export,WLD,TOTAL,10,30\n"
                     "2024-01,export,WLD,TOTAL,20,64\n"
                     "2024-02,export,WLD,TOTAL,10,35\n"
                     "2024-02,import,WLD,TOTAL,10,20\n");
    /* 2024-01-01 is a Monday: days 1..10 = 8 weekdays + 1 Saturday; 2024-02 only to the 5th */
    tb_buf b = {0};
    tb_buf_puts(&b, "date,days\n");
    for (int day = 1; day <= 31; day++) {
        int wd = (day - 1) % 7; /* 0 = Monday */
        tb_buf_printf(&b, "2024-01-%02d,%s\n", day, wd < 5 ? "1" : wd == 5 ? "0.5" : "0");
    }
    for (int day = 1; day <= 5; day++)
        tb_buf_printf(&b, "2024-02-%02d,1\n", day);
    S_write("days.csv", tb_buf_str(&b));
    tb_buf_free(&b);
    tb_diag d;
    tb_dataset *ds = S_load(&d);
    TB_CHECK(ds != NULL);
    if (!ds) {
        tb_diag_print(&d, stderr);
        tb_diag_free(&d);
        return;
    }
    TB_CHECK_INT(tb_dataset_months(ds), 2); /* February has partial values only */
    size_t x = tb_dataset_lookup(ds, NULL, TB_EXPORT, "WLD", "TOTAL");
    const double *v = tb_dataset_get(ds, x)->v;
    TB_CHECK(v[0] == 100 && isnan(v[1]));
    TB_CHECK_INT(tb_dataset_partial_count(ds), 2);
    TB_CHECK_INT(tb_dataset_partial_days(ds, 0), 10);
    TB_CHECK_INT(tb_dataset_partial_days(ds, 1), 20);
    const double *p10 = tb_dataset_partial(ds, x, 10), *p20 = tb_dataset_partial(ds, x, 20);
    TB_CHECK(p10 && p10[0] == 30 && p10[1] == 35);
    TB_CHECK(p20 && p20[0] == 64 && isnan(p20[1]));
    TB_CHECK(tb_dataset_partial(ds, x, 15) == NULL);
    TB_CHECK(tb_dataset_workdays_through(ds, tb_month_make(2024, 1), 10) == 8.5);
    TB_CHECK(tb_dataset_workdays_through(ds, tb_month_make(2024, 1), 20) == 16.5);
    TB_CHECK(tb_dataset_workdays_through(ds, tb_month_make(2024, 2), 5) == 5);
    TB_CHECK(isnan(tb_dataset_workdays_through(ds, tb_month_make(2024, 2), 10)));
    TB_CHECK(isnan(tb_dataset_workdays_through(ds, tb_month_make(2023, 12), 10)));
    tb_dataset *view = tb_dataset_partial_view(ds, 10);
    size_t bal = tb_dataset_lookup(view, NULL, TB_BALANCE, "WLD", "TOTAL");
    TB_CHECK(bal != SIZE_MAX && tb_dataset_get(view, bal)->v[1] == 15 && isnan(tb_dataset_get(view, bal)->v[0]));
    TB_CHECK(tb_dataset_get(view, x)->v[0] == 30);
    TB_CHECK(tb_dataset_workdays(view)[0] == 8.5 && isnan(tb_dataset_workdays(view)[1]));
    TB_CHECK(strcmp(tb_dataset_meta(view, "partial_days"), "10") == 0);
    /* the flash facts of days 1..10 of February: no sums over months, the
     * working days of an uncovered period null with a reason */
    tb_diag fd;
    tb_diag_init(&fd);
    json_t *j = tb_facts_json(view, NULL, tb_month_make(2024, 2), &fd);
    TB_CHECK(j != NULL);
    json_t *ex = json_object_get(json_object_get(j, "series"), "exports");
    json_t *period = json_object_get(j, "period");
    TB_CHECK(json_integer_value(json_object_get(j, "days")) == 10);
    TB_CHECK(json_real_value(json_object_get(ex, "value")) == 35);
    TB_CHECK(json_object_get(ex, "ytd") == NULL && json_object_get(ex, "moving") == NULL);
    TB_CHECK(json_is_null(json_object_get(period, "working_days")));
    TB_CHECK(strcmp(json_string_value(json_object_get(period, "working_days_null_reason")),
                    "the working-day calendar does not cover days 1-10 of 2024-02") == 0);
    TB_CHECK(strcmp(json_string_value(json_object_get(period, "from")), "2024-02-01") == 0);
    json_decref(j);
    tb_diag_free(&fd);
    tb_dataset_free(view);
    tb_dataset_free(ds);
    tb_diag_free(&d);

    S_write("d.csv", "period,flow,partner,product,days,value\n"
                     "2024-02,export,WLD,TOTAL,29,1\n"
                     "2024-01,export,WLD,TOTAL,x,3\n");
    ds = S_load(&d);
    TB_CHECK(ds == NULL);
    TB_CHECK_INT(d.errors, 2);
    tb_buf all = {0};
    for (size_t i = 0; i < d.n; i++)
        tb_buf_printf(&all, "%s\n", d.items[i].text);
    TB_CHECK(strstr(tb_buf_str(&all), "d.csv:2:5: expected a number of days from 1 to 28 in column \"days\"") != NULL);
    TB_CHECK(strstr(tb_buf_str(&all), "d.csv:3:5: expected a number of days from 1 to 30") != NULL);
    tb_buf_free(&all);
    tb_diag_free(&d);

    S_write("d.csv", "period,flow,partner,product,days,value\n"
                     "2024-01,export,WLD,TOTAL,10,2\n"
                     "2024-01,export,WLD,TOTAL,,2\n"
                     "2024-01,export,WLD,TOTAL,10,3\n");
    ds = S_load(&d);
    TB_CHECK(ds == NULL);
    TB_CHECK_INT(d.errors, 1);
    if (d.n)
        TB_CHECK(strstr(d.items[0].text, "d.csv:4:6: duplicate observation of KOR export WLD TOTAL for days 1-10 of 2024-01") !=
                 NULL);
    tb_diag_free(&d);
}

/* The same 30 series x 36 months (some missing) written ordered by
 * series, by month and shuffled load to the same values; in a file ordered
 * by month, a bad key is reported on every row that has it (bad keys are
 * not remembered) and a duplicate at its own line and column. */
static void S_orders_write(int order)
{
    static const char *const flows[] = {"export", "import"}, *const partners[] = {"WLD", "CHN", "USA"};
    int rows[30 * 36], n = 0;
    for (int i = 0; i < 30 * 36; i++)
        rows[n++] = order == 1 ? (i % 30) * 36 + i / 30 : i; /* 1: by month */
    for (int i = n - 1; order == 2 && i > 0; i--) {
        int j = (i * 7919 + 13) % (i + 1), x = rows[i];
        rows[i] = rows[j];
        rows[j] = x;
    }
    tb_buf b = {0};
    tb_buf_puts(&b, "period,flow,partner,product,value\n");
    for (int i = 0; i < n; i++) {
        int s = rows[i] / 36, t = rows[i] % 36;
        tb_buf_printf(&b, "%04d-%02d,%s,%s,P%d,", 2020 + t / 12, t % 12 + 1, flows[s % 2], partners[s / 2 % 3], s / 6);
        if ((s * 5 + t) % 11)
            tb_buf_printf(&b, "%d.%d", s * 1000 + t, t % 10);
        tb_buf_puts(&b, "\n");
    }
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
}

static void test_row_orders(void)
{
    S_write("dataset.yaml", "name: o\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                            "files: [{path: d.csv, format: long}]\n");
    for (int order = 0; order < 3; order++) {
        S_orders_write(order);
        tb_diag d;
        tb_dataset *ds = S_load(&d);
        TB_CHECK(ds != NULL);
        if (!ds) {
            tb_diag_print(&d, stderr);
            tb_diag_free(&d);
            continue;
        }
        TB_CHECK_INT(tb_dataset_months(ds), 36);
        size_t found = 0, exact = 0;
        for (int s = 0; s < 30; s++) {
            char product[16];
            snprintf(product, sizeof product, "P%d", s / 6);
            const char *partner = s / 2 % 3 == 0 ? "WLD" : s / 2 % 3 == 1 ? "CHN" : "USA";
            const double *v = S_values(ds, "KOR", s % 2 ? TB_IMPORT : TB_EXPORT, partner, product);
            found += v != NULL;
            for (int t = 0; v && t < 36; t++)
                exact += (s * 5 + t) % 11 ? v[t] == s * 1000 + t + (t % 10) / 10.0 : isnan(v[t]);
        }
        TB_CHECK_INT(found, 30);
        TB_CHECK_INT(exact, 30 * 36);
        tb_dataset_free(ds);
        tb_diag_free(&d);
    }
    S_write("d.csv", "period,flow,partner,product,value\n"
                     "2024-01,export,WLD,A,1\n"
                     "2024-01,export,WLD,B,2\n"
                     "2024-01,exprot,WLD,C,3\n"
                     "2024-02,export,WLD,A,4\n"
                     "2024-02,export,WLD,B,5\n"
                     "2024-02,exprot,WLD,C,6\n"
                     "2024-02,export,WLD,A,7\n");
    tb_diag d;
    tb_dataset *ds = S_load(&d);
    TB_CHECK(ds == NULL);
    TB_CHECK_INT(d.errors, 3);
    const char *want[] = {"d.csv:4:2: unknown flow", "d.csv:7:2: unknown flow",
                          "d.csv:8:5: duplicate observation of KOR export WLD A for 2024-02"};
    for (size_t i = 0; i < 3 && i < d.n; i++)
        TB_CHECK(strstr(d.items[i].text, want[i]) != NULL);
    tb_diag_free(&d);
}

int main(void)
{
    snprintf(S_dir, sizeof S_dir, "/tmp/tb-test-load-XXXXXX");
    if (!mkdtemp(S_dir))
        return 1;
    TB_RUN(test_numbers_exact);
    TB_RUN(test_unsorted_and_metadata);
    TB_RUN(test_duplicate_of_missing);
    TB_RUN(test_screen_and_locate);
    TB_RUN(test_partial_periods);
    TB_RUN(test_row_orders);
    const char *files[] = {"dataset.yaml", "d.csv", "e.csv", "w.csv", "days.csv"};
    for (size_t i = 0; i < 5; i++) {
        char *p = tb_mem_printf("%s/%s", S_dir, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(S_dir);
    TB_MAIN_END("test_load");
}
