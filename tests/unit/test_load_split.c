/* Unit tests: a long file read in two parts by two threads (load.c) gives
 * the dataset, statistics and messages one thread gives, whatever the
 * input.  TB_LOAD_SPLIT_MIN lets these small files be cut; TB_THREADS=1
 * gives the one-thread reading to compare with.  Each test also checks
 * whether part 2 was merged (tb_load_stats.parallel), so a loader that
 * never cuts cannot pass the tests of the cut. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "load.h"
#include "mem.h"
#include "tb_test.h"

static char S_dir[64];
static size_t S_max_errors = 20; /* the diagnostics cap of the loads */

static void S_write(const char *name, const char *text) { tb_test_write(S_dir, name, text); }

static void S_manifest(void)
{
    S_write("dataset.yaml", "name: s\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                            "files: [{path: d.csv, format: long}]\n");
}

/* The dataset's series, partial periods and statuses as text. */
static void S_dump_dataset(tb_buf *b, const tb_dataset *ds)
{
    int months = tb_dataset_months(ds);
    tb_buf_printf(b, "start %d months %d\n", (int)tb_dataset_start(ds), months);
    for (size_t i = 0; i < tb_dataset_count(ds); i++) {
        const tb_series *s = tb_dataset_get(ds, i);
        tb_buf_printf(b, "%s %s %s %s:", tb_dataset_code(ds, TB_DIM_REPORTER, s->key.reporter),
                      tb_flow_code(s->key.flow), tb_dataset_code(ds, TB_DIM_PARTNER, s->key.partner),
                      tb_dataset_code(ds, TB_DIM_PRODUCT, s->key.product));
        for (int t = 0; t < months; t++)
            tb_buf_printf(b, " %.17g", s->v[t]);
        for (size_t k = 0; k < tb_dataset_partial_count(ds); k++) {
            const double *p = tb_dataset_partial(ds, i, tb_dataset_partial_days(ds, k));
            for (int t = 0; p && t < months; t++)
                tb_buf_printf(b, " d%d:%.17g", tb_dataset_partial_days(ds, k), p[t]);
        }
        tb_buf_puts(b, "\n");
    }
    for (size_t k = 0; k < tb_dataset_status_count(ds); k++) {
        size_t series;
        tb_month t;
        const char *text = tb_dataset_status(ds, k, &series, &t);
        tb_buf_printf(b, "status %zu %d %s\n", series, (int)t, text);
    }
}

/* Loads S_dir with one thread or not: everything it gave, as text
 * (caller frees); *PARALLEL: the files whose part 2 was merged. */
static char *S_load_text(bool one_thread, size_t *parallel)
{
    if (one_thread)
        setenv("TB_THREADS", "1", 1);
    else
        unsetenv("TB_THREADS");
    tb_diag d;
    tb_diag_init(&d);
    d.max_errors = S_max_errors;
    tb_load_stats st = {0};
    tb_dataset *ds = tb_load_dataset(S_dir, &d, &st);
    tb_buf b = {0};
    for (size_t i = 0; i < d.n; i++)
        tb_buf_printf(&b, "%s\n", d.items[i].text);
    tb_buf_printf(&b, "errors %zu warnings %zu\n", d.errors, d.warnings);
    tb_buf_printf(&b, "files %zu rows %zu observations %zu partial %zu derived %zu gaps %zu %zu\n", st.files, st.rows,
                  st.observations, st.partial, st.derived, st.gap_series, st.gap_months);
    /* the bytes read up to an early stop depend on the block size */
    if (ds)
        tb_buf_printf(&b, "bytes %zu\n", st.bytes);
    if (ds)
        S_dump_dataset(&b, ds);
    *parallel = st.parallel;
    tb_dataset_free(ds);
    tb_diag_free(&d);
    unsetenv("TB_THREADS");
    return tb_buf_take(&b);
}

/* Loads S_dir both ways and checks they agree and that part 2 was merged
 * (WANT_PARALLEL 1) or read again after part 1 (0).  Returns the text of
 * the two-thread load (caller frees). */
static char *S_same(size_t want_parallel)
{
    size_t p1, p2;
    char *one = S_load_text(true, &p1), *two = S_load_text(false, &p2);
    TB_CHECK_INT(p1, 0);
    TB_CHECK_INT(p2, want_parallel);
    TB_CHECK(strcmp(one, two) == 0);
    if (strcmp(one, two) != 0) {
        size_t i = 0;
        while (one[i] == two[i])
            i++;
        fprintf(stderr, "one thread: ...%.200s\ntwo threads: ...%.200s\n", one + (i > 80 ? i - 80 : 0),
                two + (i > 80 ? i - 80 : 0));
    }
    free(one);
    return two;
}

/* A long file of SERIES series x MONTHS months from 2000-01: series s is
 * product P<s>, export when s is even, else import; its value in month t
 * is s * 1000 + t + 0.25. */
typedef struct {
    int series, months;
    bool by_month;    /* rows ordered by month, else by series */
    bool bom, crlf;   /* a byte-order mark; CRLF line ends */
    bool no_final_nl; /* the last line without a newline */
    bool extra;       /* status and days columns: status E every 7th row, a days-10 row every 13th */
} S_gen;

static void S_row(tb_buf *b, const S_gen *g, int s, int t, const char *nl)
{
    tb_buf_printf(b, "%04d-%02d,%s,WLD,P%04d,%.2f", 2000 + t / 12, t % 12 + 1, s % 2 ? "import" : "export", s,
                  s * 1000 + t + 0.25);
    if (g->extra) {
        tb_buf_printf(b, ",%s,", (s + t) % 7 ? "" : "E");
        if ((s * 3 + t) % 13 == 0)
            tb_buf_printf(b, "%s%04d-%02d,%s,WLD,P%04d,%.2f,,10", nl, 2000 + t / 12, t % 12 + 1,
                          s % 2 ? "import" : "export", s, (s * 1000 + t) / 3.0);
    }
}

static char *S_gen_text(const S_gen *g)
{
    const char *nl = g->crlf ? "\r\n" : "\n";
    tb_buf b = {0};
    tb_buf_printf(&b, "%speriod,flow,partner,product,value%s%s", g->bom ? "\xEF\xBB\xBF" : "",
                  g->extra ? ",status,days" : "", nl);
    int n = g->series * g->months;
    for (int i = 0; i < n; i++) {
        int s = g->by_month ? i % g->series : i / g->months, t = g->by_month ? i / g->series : i % g->months;
        S_row(&b, g, s, t, nl);
        if (i + 1 < n || !g->no_final_nl)
            tb_buf_puts(&b, nl);
    }
    return tb_buf_take(&b);
}

static void S_gen_write(const S_gen *g)
{
    char *text = S_gen_text(g);
    S_write("d.csv", text);
    free(text);
}

/* The series- and the month-ordered file give the same dataset, read in
 * two parts; its values are the generator's. */
static void test_row_orders(void)
{
    S_manifest();
    S_gen g = {.series = 40, .months = 60};
    S_gen_write(&g);
    char *by_series = S_same(1);
    g.by_month = true;
    S_gen_write(&g);
    char *by_month = S_same(1);
    TB_CHECK(strcmp(by_series, by_month) == 0);
    TB_CHECK(strstr(by_month, "KOR import WLD P0039: 39000.25 39001.25") != NULL);
    TB_CHECK(strstr(by_month, "errors 0 warnings 0") != NULL);
    free(by_series);
    free(by_month);
}

/* Byte-order mark, CRLF and a last line without a newline, in both orders;
 * statuses and partial periods move over from part 2 in file order. */
static void test_bom_crlf_extra(void)
{
    S_manifest();
    for (int by_month = 0; by_month < 2; by_month++) {
        S_gen g = {.series = 30,
                   .months = 50,
                   .by_month = by_month,
                   .bom = true,
                   .crlf = true,
                   .no_final_nl = true,
                   .extra = true};
        S_gen_write(&g);
        char *text = S_same(1);
        TB_CHECK(strstr(text, "errors 0 warnings 0") != NULL);
        TB_CHECK(strstr(text, "KOR export WLD P0000: 0.25 1.25") != NULL);
        TB_CHECK(strstr(text, "status ") != NULL && strstr(text, " d10:") != NULL);
        free(text);
    }
}

/* A quoted field whose newlines straddle the cut: the cut is no row
 * boundary, so part 1 reads on to the end and part 2 is dropped.  The
 * field's lines look like rows, so a reader that trusted the cut would
 * take them for observations (duplicates). */
static void test_quoted_newlines_at_cut(void)
{
    S_manifest();
    tb_buf b = {0};
    tb_buf_puts(&b, "period,flow,partner,product,value,note\n");
    for (int t = 0; t < 400; t++)
        tb_buf_printf(&b, "%04d-%02d,export,WLD,A,%d,\n", 2000 + t / 12, t % 12 + 1, t);
    tb_buf_puts(&b, "2033-05,export,WLD,A,400,\"a note\n");
    for (int t = 0; t < 400; t++)
        tb_buf_printf(&b, "%04d-%02d,export,WLD,A,%d,\n", 2000 + t / 12, t % 12 + 1, t + 5);
    tb_buf_puts(&b, "\"\n");
    for (int t = 0; t < 400; t++)
        tb_buf_printf(&b, "%04d-%02d,export,WLD,B,%d,\n", 2000 + t / 12, t % 12 + 1, t);
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
    char *text = S_same(0);
    TB_CHECK(strstr(text, "errors 0 warnings 0") != NULL);
    TB_CHECK(strstr(text, "KOR export WLD A: 0 1 2 3") != NULL);
    free(text);
}

/* Errors on both sides of the cut, more than the cap of 20: the messages
 * are the one-thread reading's, in file order. */
static void test_errors_both_parts(void)
{
    S_manifest();
    tb_buf b = {0};
    tb_buf_puts(&b, "period,flow,partner,product,value\n");
    for (int i = 0; i < 2000; i++) {
        int t = i % 100;
        if (i % 97 == 5)
            tb_buf_printf(&b, "%04d-%02d,exprot,WLD,P%d,1\n", 2000 + t / 12, t % 12 + 1, i / 100);
        else if (i % 89 == 7)
            tb_buf_printf(&b, "%04d-13,export,WLD,P%d,x%d\n", 2000 + t / 12, i / 100, i);
        else if (i % 101 == 3)
            tb_buf_printf(&b, "%04d-%02d,export,WLD,P%d\n", 2000 + t / 12, t % 12 + 1, i / 100);
        else
            tb_buf_printf(&b, "%04d-%02d,export,WLD,P%d,%d\n", 2000 + t / 12, t % 12 + 1, i / 100, i);
    }
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
    char *text = S_same(0);
    TB_CHECK(strstr(text, "d.csv:409:5: expected 5 fields as in the header, found 4\nerrors 22 warnings 0\n") != NULL);
    free(text);
    S_max_errors = 1000; /* every message, those of part 2 too */
    text = S_same(0);
    TB_CHECK(strstr(text, "d.csv:1947:2: unknown flow, expected export, import or balance (found: \"exprot\")\n") !=
             NULL);
    TB_CHECK(strstr(text, "errors 87 warnings 0") != NULL);
    free(text);
    S_max_errors = 20;

    /* errors in part 1 only: part 2 is merged, the messages are the same */
    b = (tb_buf){0};
    tb_buf_puts(&b, "period,flow,partner,product,value\n");
    for (int i = 0; i < 2000; i++) {
        int t = i % 100;
        tb_buf_printf(&b, "%04d-%02d,%s,WLD,P%d,%d\n", 2000 + t / 12, t % 12 + 1,
                      i == 3 || i == 9 ? "exprot" : "export", i / 100, i);
    }
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
    text = S_same(1);
    TB_CHECK(strstr(text, "d.csv:5:2: unknown flow, expected export, import or balance (found: \"exprot\")\n") != NULL);
    TB_CHECK(strstr(text, "errors 2 warnings 0") != NULL);
    free(text);
}

/* An observation of part 2 that repeats one of part 1 is reported at the
 * later line, as one thread reports it. */
static void test_duplicate_across_cut(void)
{
    S_manifest();
    tb_buf b = {0};
    tb_buf_puts(&b, "period,flow,partner,product,value\n");
    for (int i = 0; i < 2000; i++)
        tb_buf_printf(&b, "%04d-%02d,export,WLD,P%d,%d\n", 2000 + i % 100 / 12, i % 100 % 12 + 1, i / 100, i);
    tb_buf_puts(&b, "2000-02,export,WLD,P0,7\n");
    for (int i = 0; i < 100; i++)
        tb_buf_printf(&b, "%04d-%02d,import,WLD,P%d,%d\n", 2000 + i / 12, i % 12 + 1, i / 100, i);
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
    char *text = S_same(0);
    TB_CHECK(strstr(text, "d.csv:2002:5: duplicate observation of KOR export WLD P0 for 2000-02\n") != NULL);
    TB_CHECK(strstr(text, "errors 1 warnings 0") != NULL);
    free(text);

    /* days 1-10 of a month twice: found after the merge, at part 2's line */
    b = (tb_buf){0};
    tb_buf_puts(&b, "period,flow,partner,product,value,days\n");
    for (int i = 0; i < 2000; i++)
        tb_buf_printf(&b, "%04d-%02d,export,WLD,P%d,%d,%s\n", 2000 + i % 100 / 12, i % 100 % 12 + 1, i / 100, i,
                      i == 30 ? "10" : "");
    tb_buf_puts(&b, "2002-07,export,WLD,P0,5,10\n");
    S_write("d.csv", tb_buf_str(&b));
    tb_buf_free(&b);
    text = S_same(1);
    TB_CHECK(strstr(text, "d.csv:2002:5: duplicate observation of KOR export WLD P0 for days 1-10 of 2002-07\n") !=
             NULL);
    free(text);
}

/* Below the size limit (the Korean dataset's 2 MB), one thread reads. */
static void test_small_file_one_part(void)
{
    S_manifest();
    S_gen g = {.series = 4, .months = 12};
    S_gen_write(&g);
    unsetenv("TB_LOAD_SPLIT_MIN");
    char *text = S_same(0);
    TB_CHECK(strstr(text, "KOR import WLD P0003: 3000.25") != NULL);
    free(text);
    setenv("TB_LOAD_SPLIT_MIN", "1000", 1);
}

int main(void)
{
    snprintf(S_dir, sizeof S_dir, "/tmp/tb-test-split-XXXXXX");
    if (!mkdtemp(S_dir))
        return 1;
    setenv("TB_LOAD_SPLIT_MIN", "1000", 1);
    TB_RUN(test_row_orders);
    TB_RUN(test_bom_crlf_extra);
    TB_RUN(test_quoted_newlines_at_cut);
    TB_RUN(test_errors_both_parts);
    TB_RUN(test_duplicate_across_cut);
    TB_RUN(test_small_file_one_part);
    const char *files[] = {"dataset.yaml", "d.csv"};
    for (size_t i = 0; i < 2; i++) {
        char *p = tb_mem_printf("%s/%s", S_dir, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(S_dir);
    TB_MAIN_END("test_load_split");
}
