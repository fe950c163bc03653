/* Unit tests: months, the string buffer, diagnostics, UTF-8 checks, the dataset model and the
 * parallel loop. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "dataset.h"
#include "diag.h"
#include "month.h"
#include "notes.h"
#include "par.h"
#include "period.h"
#include "tb_test.h"
#include "utf8.h"

static void test_month_parse(void)
{
    tb_month m;
    TB_CHECK(tb_month_parse("2024-03", 7, TB_MONTH_ISO, &m));
    TB_CHECK_INT(tb_month_year(m), 2024);
    TB_CHECK_INT(tb_month_mon(m), 3);
    TB_CHECK(!tb_month_parse("2024-13", 7, TB_MONTH_ISO, &m));
    TB_CHECK(!tb_month_parse("2024-00", 7, TB_MONTH_ISO, &m));
    TB_CHECK(!tb_month_parse("24-03", 5, TB_MONTH_ISO, &m));
    TB_CHECK(!tb_month_parse("0000-01", 7, TB_MONTH_ISO, &m));
    TB_CHECK(tb_month_parse("9999-12", 7, TB_MONTH_ISO, &m));
    TB_CHECK(tb_month_parse("0001-01", 7, TB_MONTH_ISO, &m));
    TB_CHECK_INT(m, 12);
    TB_CHECK(tb_month_parse("202402", 6, TB_MONTH_COMPACT, &m));
    TB_CHECK_INT(tb_month_mon(m), 2);
    TB_CHECK(tb_month_parse("2015.1", 6, TB_MONTH_DOT, &m));
    TB_CHECK_INT(tb_month_mon(m), 10);
    TB_CHECK(tb_month_parse("2015.11", 7, TB_MONTH_DOT, &m));
    TB_CHECK_INT(tb_month_mon(m), 11);
    TB_CHECK(!tb_month_parse("2015.3", 6, TB_MONTH_DOT, &m));
    TB_CHECK(tb_month_parse("1994M12", 7, TB_MONTH_GEM, &m));
    TB_CHECK_INT(tb_month_mon(m), 12);
    TB_CHECK(tb_month_parse("1995M1", 6, TB_MONTH_GEM, &m));
    char buf[8];
    TB_CHECK_STR(tb_month_iso(tb_month_make(1991, 1), buf), "1991-01");
    TB_CHECK_INT(tb_month_make(2024, 3) - tb_month_make(2023, 3), 12);
    TB_CHECK_INT(tb_month_format_parse("YYYYMmm"), TB_MONTH_GEM);
    TB_CHECK_INT(tb_month_format_parse("MM/YYYY"), -1);
}

/* Month patterns as agencies write periods (period.h). */
static void test_period_pattern(void)
{
    tb_month m = 0;
    const char *why = NULL;
#define P_OK(pat, s, y, mo) \
    TB_CHECK(tb_period_parse((pat), (s), strlen(s), &m) && m == tb_month_make((y), (mo)))
    P_OK("%Y/%m", "2001/01", 2001, 1);
    P_OK("%B %Y", "January 2001", 2001, 1);
    P_OK("%B %Y", "may 2019", 2019, 5);
    P_OK("%b-%y", "Sep-98", 1998, 9);
    P_OK("%b-%y", "Mar-07", 2007, 3);
    P_OK("%YM%m", "2024M3", 2024, 3);
    P_OK("%Y-%m-%d", "1985-02-01", 1985, 2);
    P_OK("%m/%Y", "12/2019", 2019, 12);
    P_OK("100%% %Y.%m", "100% 2020.07", 2020, 7);
#undef P_OK
    TB_CHECK(!tb_period_parse("%Y/%m", "2001/01x", 8, &m));
    TB_CHECK(!tb_period_parse("%Y/%m", "2001/13", 7, &m));
    TB_CHECK(!tb_period_parse("%Y/%m", "201/01", 6, &m));
    TB_CHECK(!tb_period_parse("%B %Y", "Jan 2001", 8, &m));
    TB_CHECK(!tb_period_parse("%Y-%m-%d", "1985-02-32", 10, &m));
    TB_CHECK(!tb_period_parse("%Y-%m", "0000-01", 7, &m));
    TB_CHECK(tb_period_pattern_ok("%Y-%m-%d", &why));
    TB_CHECK(!tb_period_pattern_ok("%Y/%q", &why) && strstr(why, "unknown conversion"));
    TB_CHECK(!tb_period_pattern_ok("%Y", &why) && strstr(why, "one month"));
    TB_CHECK(!tb_period_pattern_ok("%Y%m%", &why));
    TB_CHECK(!tb_period_pattern_ok("%Y%y%m", &why));
}

static void test_utf8(void)
{
    TB_CHECK(tb_utf8_valid("abc", 3));
    TB_CHECK(tb_utf8_valid("\xeb\xb0\x98\xeb\x8f\x84\xec\xb2\xb4", 9)); /* 반도체 */
    TB_CHECK(!tb_utf8_valid("\xc3\x28", 2));
    TB_CHECK(!tb_utf8_valid("\xc0\xaf", 2));         /* overlong */
    TB_CHECK(!tb_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    TB_CHECK(!tb_utf8_valid("\xe4\xb8", 2));         /* truncated */
    TB_CHECK(!tb_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    TB_CHECK(tb_utf8_valid("\xf0\x9f\x98\x80", 4));
    /* one decoder: forwards, backwards, and the length of one sequence */
    uint32_t cp = 0;
    TB_CHECK_INT(tb_utf8_next("\xeb\xb0\x98x", 4, &cp), 3);
    TB_CHECK_INT(cp, 0xBC18);
    TB_CHECK_INT(tb_utf8_next("\xc0\xaf", 2, &cp), 1); /* overlong: U+FFFD, one byte */
    TB_CHECK_INT(cp, 0xFFFD);
    TB_CHECK_INT(tb_utf8_next("\xe4\xb8", 2, &cp), 1);
    TB_CHECK_INT(cp, 0xFFFD);
    TB_CHECK_INT(tb_utf8_seq("\xf0\x9f\x98\x80!", 5), 4);
    TB_CHECK_INT(tb_utf8_seq("\xed\xa0\x80", 3), 0);
    TB_CHECK_INT(tb_utf8_seq("", 0), 0);
    const char *s = "a\xeb\xb0\x98\xf0\x9f\x98\x80\x80";
    size_t end = strlen(s);
    TB_CHECK_INT(tb_utf8_prev(s, &end), 0xFFFD); /* a stray continuation byte */
    TB_CHECK_INT(end, 8);
    TB_CHECK_INT(tb_utf8_prev(s, &end), 0x1F600);
    TB_CHECK_INT(end, 4);
    TB_CHECK_INT(tb_utf8_prev(s, &end), 0xBC18);
    TB_CHECK_INT(end, 1);
    TB_CHECK_INT(tb_utf8_prev(s, &end), 'a');
    TB_CHECK_INT(end, 0);
}

static void test_diag(void)
{
    tb_diag d;
    tb_diag_init(&d);
    tb_diag_error(&d, "a.csv", 3, 2, "1,2x\"", "expected a number in column \"%s\"", "value");
    tb_diag_warn(&d, "a.csv", 0, 0, NULL, "gap");
    tb_diag_error(&d, "a.csv", 4, 0, "\xff\x01", "bad");
    TB_CHECK_INT(d.errors, 2);
    TB_CHECK_INT(d.warnings, 1);
    TB_CHECK_STR(d.items[0].text, "a.csv:3:2: expected a number in column \"value\" (found: \"1,2x\\\"\")");
    TB_CHECK_STR(d.items[1].text, "a.csv: warning: gap");
    TB_CHECK_STR(d.items[2].text, "a.csv:4: bad (found: \"\\xFF\\x01\")");
    for (int i = 0; i < 30; i++)
        tb_diag_error(&d, "b", 1, 1, NULL, "e%d", i);
    TB_CHECK(tb_diag_full(&d));
    TB_CHECK_INT(d.n, 21); /* 20 errors + 1 warning stored */
    tb_diag_free(&d);
}

static tb_key S_key(tb_dataset *ds, const char *rep, enum tb_flow f, const char *partner, const char *product)
{
    return (tb_key){tb_dataset_intern(ds, TB_DIM_REPORTER, rep), tb_dataset_intern(ds, TB_DIM_PARTNER, partner),
                    tb_dataset_intern(ds, TB_DIM_PRODUCT, product), f};
}

/* Messages are built in a growing buffer: a 5,000-byte file name and a
 * 3,000-byte found text give one whole line, found cut at 60 characters. */
static void test_diag_long(void)
{
    char name[5001], found[3001];
    memset(name, 'd', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    memset(found, 'x', sizeof found - 1);
    found[sizeof found - 1] = '\0';
    tb_diag d;
    tb_diag_init(&d);
    tb_diag_error(&d, name, 12, 34, found, "bad %s", "value");
    TB_CHECK_INT(d.n, 1);
    const char *t = d.items[0].text;
    TB_CHECK_INT(strlen(t), 5000 + strlen(":12:34: bad value (found: \"") + 60 + strlen("...\")"));
    TB_CHECK(strncmp(t, name, 5000) == 0);
    TB_CHECK(strstr(t, ":12:34: bad value (found: \"xxx") != NULL);
    TB_CHECK(strcmp(t + strlen(t) - 6, "x...\")") == 0);
    tb_diag_free(&d);
}

static void test_buf(void)
{
    tb_buf b = {0};
    TB_CHECK(strcmp(tb_buf_str(&b), "") == 0);
    for (int i = 0; i < 1000; i++)
        tb_buf_printf(&b, "%d,", i % 10);
    TB_CHECK_INT(b.len, 2000);
    tb_buf_putc(&b, '!');
    tb_buf_put(&b, "abc", 2);
    TB_CHECK(strcmp(tb_buf_str(&b) + 1998, "9,!ab") == 0);
    tb_buf_clear(&b);
    TB_CHECK_INT(b.len, 0);
    tb_buf_printf(&b, "%s", "");
    TB_CHECK(strcmp(tb_buf_str(&b), "") == 0);
    tb_buf_puts(&b, "kept");
    char *s = tb_buf_take(&b);
    TB_CHECK(strcmp(s, "kept") == 0);
    TB_CHECK(b.p == NULL && b.len == 0);
    free(s);
    s = tb_buf_take(&b);
    TB_CHECK(strcmp(s, "") == 0);
    free(s);
}

static void test_dataset_model(void)
{
    tb_dataset *ds = tb_dataset_new(tb_month_make(2024, 1), 3);
    tb_dataset_set_meta(ds, "reporter", "KOR");
    size_t e = tb_dataset_add(ds, S_key(ds, "KOR", TB_EXPORT, "WLD", "TOTAL"));
    size_t i = tb_dataset_add(ds, S_key(ds, "KOR", TB_IMPORT, "WLD", "TOTAL"));
    TB_CHECK_INT(tb_dataset_add(ds, S_key(ds, "KOR", TB_EXPORT, "WLD", "TOTAL")), e);
    double *x = tb_dataset_series(ds, e)->v, *m = tb_dataset_series(ds, i)->v;
    TB_CHECK_NAN(x[0]);
    x[0] = 100, x[1] = 110, x[2] = NAN;
    m[0] = 90, m[1] = 120, m[2] = 80;
    TB_CHECK_INT(tb_dataset_derive_balances(ds), 1);
    TB_CHECK_INT(tb_dataset_derive_balances(ds), 0);
    size_t b = tb_dataset_lookup(ds, NULL, TB_BALANCE, "WLD", "TOTAL");
    TB_CHECK(b != SIZE_MAX);
    const tb_series *bs = tb_dataset_get(ds, b);
    TB_CHECK(bs->derived);
    TB_CHECK_NEAR(bs->v[0], 10, 0);
    TB_CHECK_NEAR(bs->v[1], -10, 0);
    TB_CHECK_NAN(bs->v[2]);
    TB_CHECK_INT(tb_dataset_lookup(ds, "JPN", TB_EXPORT, "WLD", "TOTAL"), SIZE_MAX);
    TB_CHECK_INT(tb_dataset_lookup(ds, NULL, TB_EXPORT, "WLD", "SEMI"), SIZE_MAX);
    TB_CHECK_INT(tb_dataset_last_month(ds, NULL), tb_month_make(2024, 2));
    tb_dataset_set_label(ds, TB_DIM_PARTNER, "WLD", "en", "World");
    tb_dataset_set_label(ds, -1, "export", "ko", "\xec\x88\x98\xec\xb6\x9c");
    TB_CHECK_STR(tb_dataset_label(ds, TB_DIM_PARTNER, "WLD", "ko"), "World"); /* falls back to English */
    TB_CHECK_STR(tb_dataset_label(ds, -1, "export", "ko"), "\xec\x88\x98\xec\xb6\x9c");
    TB_CHECK_STR(tb_dataset_label(ds, TB_DIM_PRODUCT, "TOTAL", "en"), "TOTAL"); /* falls back to the code */
    TB_CHECK_INT(tb_flow_parse("balance"), TB_BALANCE);
    TB_CHECK_INT(tb_flow_parse("exports"), -1);
    tb_dataset_free(ds);
}

/* Many series: every key still found at its index after the table grew. */
static void test_dataset_many(void)
{
    tb_dataset *ds = tb_dataset_new(0, 1);
    char code[16];
    for (int p = 0; p < 200; p++)
        for (int q = 0; q < 50; q++) {
            snprintf(code, sizeof code, "P%d", p);
            tb_key k = S_key(ds, "R", TB_EXPORT, code, "X");
            snprintf(code, sizeof code, "Q%d", q);
            k.product = tb_dataset_intern(ds, TB_DIM_PRODUCT, code);
            size_t s = tb_dataset_add(ds, k);
            tb_dataset_series(ds, s)->v[0] = p * 1000 + q;
        }
    TB_CHECK_INT(tb_dataset_count(ds), 10000);
    TB_CHECK_INT(tb_dataset_code_count(ds, TB_DIM_PARTNER), 200);
    size_t found = tb_dataset_lookup(ds, "R", TB_EXPORT, "P123", "Q45");
    TB_CHECK(found != SIZE_MAX);
    if (found != SIZE_MAX)
        TB_CHECK_NEAR(tb_dataset_get(ds, found)->v[0], 123045, 0);
    TB_CHECK_INT(tb_dataset_code_id(ds, TB_DIM_PARTNER, "P7"), 7);
    TB_CHECK_STR(tb_dataset_code(ds, TB_DIM_PARTNER, 7), "P7");
    tb_dataset_free(ds);
}

/* Release dates in a notes file: real calendar dates only. */
static void test_notes_date(void)
{
    int y, m, d;
    TB_CHECK(tb_notes_date("2026-08-01", &y, &m, &d));
    TB_CHECK_INT(y * 10000 + m * 100 + d, 20260801);
    TB_CHECK(tb_notes_date("2024-02-29", &y, &m, &d));
    TB_CHECK(!tb_notes_date("2026-02-29", &y, &m, &d));
    TB_CHECK(!tb_notes_date("2100-02-29", &y, &m, &d));
    TB_CHECK(tb_notes_date("2000-02-29", &y, &m, &d));
    TB_CHECK(!tb_notes_date("2026-04-31", &y, &m, &d));
    TB_CHECK(!tb_notes_date("2026-13-01", &y, &m, &d));
    TB_CHECK(!tb_notes_date("2026-8-01", &y, &m, &d));
    TB_CHECK(!tb_notes_date("2026-08-01x", &y, &m, &d));
    TB_CHECK(!tb_notes_date("20a6-08-01", &y, &m, &d));
}

/* The subject of a briefing is explicit: defaults defined once, the
 * headline series and the default month follow it, and choosing one on
 * the command line leaves the dataset's metadata alone. */
static void test_dataset_subject(void)
{
    tb_dataset *ds = tb_dataset_new(tb_month_make(2024, 1), 3);
    tb_dataset_set_meta(ds, "reporter", "KOR");
    size_t w = tb_dataset_add(ds, S_key(ds, "KOR", TB_EXPORT, "WLD", "TOTAL"));
    size_t c = tb_dataset_add(ds, S_key(ds, "KOR", TB_EXPORT, "CHN", "TOTAL"));
    tb_dataset_series(ds, w)->v[2] = 5;
    tb_dataset_series(ds, c)->v[0] = 1;
    tb_subject def = tb_dataset_subject(ds);
    TB_CHECK_STR(def.reporter, "KOR");
    TB_CHECK_STR(def.partner, TB_PARTNER_WORLD);
    TB_CHECK_STR(def.product, TB_PRODUCT_TOTAL);
    TB_CHECK_INT(tb_dataset_headline(ds, NULL, TB_EXPORT), w);
    TB_CHECK_INT(tb_dataset_last_month(ds, NULL), tb_month_make(2024, 3));
    tb_cli_args a = {.pos = {"ds"}, .n_pos = 1};
    a.val[TB_OPT_PARTNER] = "CHN";
    tb_subject s = {0};
    TB_CHECK_INT(tb_cli_select(ds, "ds", &a, &s), 0);
    TB_CHECK_STR(s.reporter, "KOR");
    TB_CHECK_STR(s.partner, "CHN");
    TB_CHECK_STR(s.product, TB_PRODUCT_TOTAL);
    TB_CHECK_INT(tb_dataset_headline(ds, &s, TB_EXPORT), c);
    TB_CHECK_INT(tb_dataset_headline(ds, &s, TB_IMPORT), SIZE_MAX);
    TB_CHECK_INT(tb_dataset_last_month(ds, &s), tb_month_make(2024, 1));
    TB_CHECK(tb_dataset_meta(ds, "partner") == NULL);
    TB_CHECK_INT(tb_dataset_headline(ds, NULL, TB_EXPORT), w);
    tb_subject none = {NULL, TB_PARTNER_WORLD, TB_PRODUCT_TOTAL};
    TB_CHECK_INT(tb_dataset_headline(ds, &none, TB_EXPORT), SIZE_MAX);
    tb_dataset_free(ds);
}

/* tb_par: every part runs once, with its index, and the slices of the
 * parts cover the items once each, in order. */
typedef struct {
    int calls[TB_PAR_MAX];
    int parts_seen[TB_PAR_MAX];
    size_t lo[TB_PAR_MAX], hi[TB_PAR_MAX];
} S_par_log;

static void S_par_part(void *ctx, int part, int parts)
{
    S_par_log *L = ctx;
    L->calls[part]++;
    L->parts_seen[part] = parts;
    tb_par_slice(1000003, part, parts, &L->lo[part], &L->hi[part]);
}

static void test_par(void)
{
    for (int parts = 1; parts <= TB_PAR_MAX; parts++) {
        S_par_log L;
        memset(&L, 0, sizeof L);
        tb_par_run(parts, S_par_part, &L);
        size_t next = 0;
        for (int p = 0; p < parts; p++) {
            TB_CHECK_INT(L.calls[p], 1);
            TB_CHECK_INT(L.parts_seen[p], parts);
            TB_CHECK_INT(L.lo[p], next);
            TB_CHECK(L.hi[p] - L.lo[p] >= 1000003 / (size_t)parts);
            next = L.hi[p];
        }
        TB_CHECK_INT(next, 1000003);
    }
    size_t lo, hi;
    tb_par_slice(3, 3, 4, &lo, &hi);
    TB_CHECK_INT(lo, 2);
    TB_CHECK_INT(hi, 3);
    TB_CHECK_INT(tb_par_parts(10), 1);
    setenv("TB_THREADS", "1", 1);
    TB_CHECK_INT(tb_par_parts((size_t)1 << 40), 1);
    setenv("TB_THREADS", "x", 1);
    TB_CHECK(tb_par_parts((size_t)1 << 40) >= 1);
    unsetenv("TB_THREADS");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    TB_CHECK_INT(tb_par_parts((size_t)1 << 40), cores > TB_PAR_MAX ? TB_PAR_MAX : cores < 1 ? 1 : cores);
}

int main(void)
{
    TB_RUN(test_month_parse);
    TB_RUN(test_notes_date);
    TB_RUN(test_period_pattern);
    TB_RUN(test_utf8);
    TB_RUN(test_diag);
    TB_RUN(test_diag_long);
    TB_RUN(test_buf);
    TB_RUN(test_dataset_model);
    TB_RUN(test_dataset_many);
    TB_RUN(test_dataset_subject);
    TB_RUN(test_par);
    TB_MAIN_END("test_core");
}
