/* test_fmt: display formatting (money, percentages, months) and axis tick
 * choice, with values from Korea's trade data. */
#include "fmt.h"

#include <stdio.h>

#include "lang.h"
#include "tb_test.h"
#include "ticks.h"

#define MINUS "\xe2\x88\x92"

static const tb_unit KUSD = {"USD", 1000};

static void test_money_en(void)
{
    char b[TB_FMT_SIZE];
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 56512345, KUSD, "en", 0), "$56.5bn"); /* March 2024 exports */
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 565123, KUSD, "en", 0), "$565m");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 5651230, KUSD, "en", 0), "$5.7bn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 683584000, KUSD, "en", 0), "$684bn"); /* 2022 exports */
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 1414600000, KUSD, "en", 0), "$1.41tn"); /* quotable: 3 digits */
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 12345000000, KUSD, "en", 0), "$12.3tn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 1.4146e12, (tb_unit){"JPY", 1}, "en", 0), "\xc2\xa5" "1.41tn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 1414600000, KUSD, "ko", 0), "1.41조 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, -4300000, KUSD, "en", 0), MINUS "$4.3bn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 4300000, KUSD, "en", TB_FMT_SIGN), "+$4.3bn");
    /* 999.96bn rounds up into the next unit rather than "$1,000bn". */
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 999960000, KUSD, "en", 0), "$1.00tn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 12345, (tb_unit){"USD", 1}, "en", 0), "$12,345");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 2.5e9, (tb_unit){"EUR", 1}, "en", 0), "\xe2\x82\xac" "2.5bn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 5e9, (tb_unit){"CHF", 1}, "en", 0), "CHF 5.0bn");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, NAN, KUSD, "en", 0), "\xe2\x80\x93");
}

static void test_money_ko(void)
{
    char b[TB_FMT_SIZE];
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 56512345, KUSD, "ko", 0), "565억 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 683584000, KUSD, "ko", 0), "6,836억 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 4410000, KUSD, "ko", 0), "44.1억 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, -12690000, KUSD, "ko", 0), MINUS "127억 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 1415000000, KUSD, "ko", 0), "1.42조 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 56500, KUSD, "ko", 0), "5,650만 달러");
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 3e12, (tb_unit){"KRW", 1}, "ko", 0), "3.00조 원");
    /* 9,999.6억 becomes 1.00조, not "10,000억". */
    TB_CHECK_STR(tb_fmt_money(b, sizeof b, 999960000, KUSD, "ko", 0), "1.00조 달러");
}

static void test_scale(void)
{
    tb_fmt_scale s = tb_fmt_money_scale(66000000, KUSD, "en");
    TB_CHECK_STR(s.label, "$bn");
    TB_CHECK_NEAR(s.divisor, 1e6, 1e-6);
    s = tb_fmt_money_scale(66000000, KUSD, "ko");
    TB_CHECK_STR(s.label, "억 달러");
    TB_CHECK_NEAR(s.divisor, 1e5, 1e-6);
    s = tb_fmt_money_scale(700000000, KUSD, "ko"); /* annual: 7,000억, still 억 */
    TB_CHECK_STR(s.label, "억 달러");
    /* 14,130억 becomes 1.4조 in tables and axes too, as in sentences. */
    s = tb_fmt_money_scale(1413000000, KUSD, "ko");
    TB_CHECK_STR(s.label, "조 달러");
    s = tb_fmt_money_scale(900000, KUSD, "en");
    TB_CHECK_STR(s.label, "$m");
    /* a table column: the smallest scale with at most four digits before
     * the point (five in Korean), so $1.7tn is 1,714.3 $bn */
    s = tb_fmt_column_scale(1714300000, KUSD, "en");
    TB_CHECK_STR(s.label, "$bn");
    TB_CHECK_NEAR(s.divisor, 1e6, 1e-6);
    s = tb_fmt_column_scale(9999940000, KUSD, "en"); /* 9,999.9 $bn */
    TB_CHECK_STR(s.label, "$bn");
    s = tb_fmt_column_scale(9999960000, KUSD, "en"); /* would print 10,000.0 */
    TB_CHECK_STR(s.label, "$tn");
    s = tb_fmt_column_scale(629000, KUSD, "en");
    TB_CHECK_STR(s.label, "$m");
    s = tb_fmt_column_scale(9000, KUSD, "en"); /* $9.0m, not 9,000,000 $ */
    TB_CHECK_STR(s.label, "$m");
    s = tb_fmt_column_scale(2419600000, KUSD, "ko"); /* 24,196억 stays 억 */
    TB_CHECK_STR(s.label, "억 달러");
    TB_CHECK_NEAR(s.divisor, 1e5, 1e-6);
    s = tb_fmt_column_scale(12000000000, KUSD, "ko"); /* 120,000억: 조 */
    TB_CHECK_STR(s.label, "조 달러");
    s = tb_fmt_column_scale(NAN, KUSD, "en");
    TB_CHECK_STR(s.label, "$");
}

static void test_pct(void)
{
    char b[TB_FMT_SIZE];
    TB_CHECK_STR(tb_fmt_pct(b, sizeof b, 3.04, 1, 0), "3.0%");
    TB_CHECK_STR(tb_fmt_pct(b, sizeof b, -14.5, 1, 0), MINUS "14.5%");
    TB_CHECK_STR(tb_fmt_pct(b, sizeof b, 3.04, 1, TB_FMT_SIGN), "+3.0%");
    TB_CHECK_STR(tb_fmt_pct(b, sizeof b, -0.04, 1, TB_FMT_SIGN), "0.0%"); /* no "−0.0" */
    TB_CHECK_STR(tb_fmt_pct(b, sizeof b, 104.0, 0, TB_FMT_SIGN), "+104%");
    TB_CHECK_STR(tb_fmt_pp(b, sizeof b, 2.3, 1, "ko", TB_FMT_SIGN), "+2.3%p");
    TB_CHECK_STR(tb_fmt_pp(b, sizeof b, 2.3, 1, "en", 0), "2.3 pp");
    TB_CHECK_STR(tb_fmt_pp(b, sizeof b, -0.25, 2, "en", TB_FMT_SIGN), MINUS "0.25 pp");
    TB_CHECK_STR(tb_fmt_number(b, sizeof b, 1234567.891, 2, 0), "1,234,567.89");
    TB_CHECK_STR(tb_fmt_number(b, sizeof b, -1000, 0, 0), MINUS "1,000");
    TB_CHECK_STR(tb_fmt_number(b, sizeof b, 999.5, 0, 0), "1,000");
    /* Truncation is safe. */
    char small[5];
    TB_CHECK_STR(tb_fmt_number(small, sizeof small, 1234567, 0, 0), "1,23");
}

static void test_months(void)
{
    char b[TB_FMT_SIZE];
    tb_month m = tb_month_make(2024, 3);
    TB_CHECK_STR(tb_fmt_month(b, sizeof b, m, TB_FMT_MONTH_SHORT, "en"), "Mar 2024");
    TB_CHECK_STR(tb_fmt_month(b, sizeof b, m, TB_FMT_MONTH_LONG, "en"), "March 2024");
    TB_CHECK_STR(tb_fmt_month(b, sizeof b, m, TB_FMT_MONTH_NAME, "en"), "Mar");
    TB_CHECK_STR(tb_fmt_month(b, sizeof b, m, TB_FMT_MONTH_SHORT, "ko"), "2024년 3월");
    TB_CHECK_STR(tb_fmt_month(b, sizeof b, m, TB_FMT_MONTH_NAME, "ko"), "3월");
    TB_CHECK_STR(tb_fmt_month_range(b, sizeof b, tb_month_make(2024, 1), m, "en"), "Jan\xe2\x80\x93Mar 2024");
    TB_CHECK_STR(tb_fmt_month_range(b, sizeof b, tb_month_make(2023, 3), m, "en"),
                 "Mar 2023\xe2\x80\x93Mar 2024");
    TB_CHECK_STR(tb_fmt_month_range(b, sizeof b, tb_month_make(2024, 1), m, "ko"), "2024년 1~3월");
    TB_CHECK_STR(tb_fmt_month_range(b, sizeof b, tb_month_make(2023, 11), m, "ko"), "2023년 11월~2024년 3월");
    TB_CHECK_STR(tb_fmt_month_range(b, sizeof b, m, m, "en"), "Mar 2024");
}

/* Every tick a multiple of a 1-2-2.5-5 step, covering the data. */
static void S_check_nice(tb_ticks t, double lo, double hi)
{
    TB_CHECK(t.lo <= lo + 1e-9 && t.hi >= hi - 1e-9);
    double e = pow(10, floor(log10(t.step)));
    double m = t.step / e;
    TB_CHECK(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 || fabs(m - 5) < 1e-9);
    TB_CHECK_NEAR(tb_ticks_at(&t, t.n - 1), t.hi, t.step * 1e-6);
    if (lo < 0 && hi > 0) {
        bool zero = false;
        for (int i = 0; i < t.n; i++)
            zero = zero || tb_ticks_at(&t, i) == 0;
        TB_CHECK(zero);
    }
}

static void test_ticks_real(void)
{
    /* Korea's monthly exports Apr 2021 - Mar 2024, $bn: 46.3 .. 66.1 */
    tb_ticks t = tb_ticks_nice(46.3, 66.1, 6);
    S_check_nice(t, 46.3, 66.1);
    TB_CHECK_NEAR(t.step, 5, 1e-12);
    TB_CHECK_NEAR(t.lo, 45, 1e-12);
    TB_CHECK_NEAR(t.hi, 70, 1e-12);
    TB_CHECK_INT(t.decimals, 0);
    /* Trade balance, $bn: -12.7 .. 4.4 */
    t = tb_ticks_nice(-12.69, 4.41, 6);
    S_check_nice(t, -12.69, 4.41);
    TB_CHECK_NEAR(t.step, 5, 1e-12);
    TB_CHECK_NEAR(t.lo, -15, 1e-12);
    TB_CHECK_NEAR(t.hi, 5, 1e-12);
    /* Export growth, %: -16.4 .. 21.4 */
    t = tb_ticks_nice(-16.4, 21.4, 5);
    S_check_nice(t, -16.4, 21.4);
    TB_CHECK_NEAR(t.step, 10, 1e-12);
    /* Items' growth, %: -10.2 .. 104 */
    t = tb_ticks_nice(-10.2, 104.0, 6);
    S_check_nice(t, -10.2, 104.0);
    TB_CHECK_NEAR(t.step, 25, 1e-12);
    TB_CHECK_INT(t.decimals, 0);
    /* Annual totals in 억 달러: 0 .. 7,316 */
    t = tb_ticks_nice(0, 7316, 5);
    S_check_nice(t, 0, 7316);
    TB_CHECK_NEAR(t.step, 2000, 1e-9);
    /* Small shares: 0 .. 0.9 %: 0.2 steps with one decimal or 0.25 with two */
    t = tb_ticks_nice(0, 0.9, 5);
    S_check_nice(t, 0, 0.9);
    TB_CHECK_INT(t.decimals, fabs(t.step - 0.25) < 1e-12 ? 2 : 1);
    /* 2.5 steps need one more decimal than the power: 0.25 -> 2 decimals */
    t = tb_ticks_nice(0, 1.2, 6);
    S_check_nice(t, 0, 1.2);
    if (fabs(t.step - 0.25) < 1e-12)
        TB_CHECK_INT(t.decimals, 2);
}

static void test_ticks_edge(void)
{
    tb_ticks t = tb_ticks_nice(5, 5, 5); /* a flat series */
    TB_CHECK(t.lo <= 5 && t.hi >= 5 && t.hi > t.lo);
    t = tb_ticks_nice(0, 0, 5);
    TB_CHECK(t.hi > t.lo);
    t = tb_ticks_nice(NAN, 3, 5);
    TB_CHECK(t.n >= 2 && isfinite(t.step));
    t = tb_ticks_nice(10, -10, 5); /* reversed */
    S_check_nice(t, -10, 10);
    for (int i = 0; i < 200; i++) { /* counts stay readable across scales */
        double hi = pow(10, i / 20.0 - 3) * 7.3;
        t = tb_ticks_nice(0, hi, 6);
        S_check_nice(t, 0, hi);
        TB_CHECK(t.n >= 4 && t.n <= 8);
    }
}

static void test_month_ticks(void)
{
    /* 36 months on a 520pt axis: bands of 14.4pt; "Mar" is ~16pt wide. */
    tb_month_ticks t = tb_ticks_months(36, 14.4, 18, 22, 8);
    TB_CHECK(!t.years_only);
    TB_CHECK_INT(t.every, 3);
    TB_CHECK(tb_ticks_month_labelled(&t, tb_month_make(2024, 1)));
    TB_CHECK(tb_ticks_month_labelled(&t, tb_month_make(2024, 4)));
    TB_CHECK(!tb_ticks_month_labelled(&t, tb_month_make(2024, 3)));
    /* 13 months on a heatmap: every month. */
    t = tb_ticks_months(13, 35, 18, 22, 8);
    TB_CHECK_INT(t.every, 1);
    /* Ten years: years only. */
    t = tb_ticks_months(120, 4.5, 18, 22, 8);
    TB_CHECK(t.years_only);
    TB_CHECK_INT(t.year_every, 1);
    TB_CHECK(tb_ticks_month_labelled(&t, tb_month_make(2020, 1)));
    TB_CHECK(!tb_ticks_month_labelled(&t, tb_month_make(2020, 2)));
    /* 35 years: every other year at 31pt a year; every 5th at 12pt. */
    t = tb_ticks_months(420, 1.3, 18, 22, 8);
    TB_CHECK(t.years_only);
    TB_CHECK_INT(t.year_every, 2);
    t = tb_ticks_months(420, 1.0, 18, 22, 8);
    TB_CHECK_INT(t.year_every, 5);
}

/* The program's own words: every entry in both languages, and a format
 * whose languages order or drop arguments differently gives each its
 * words from the same call. */
static void test_lang(void)
{
    for (int i = 0; i < TB_L_COUNT; i++) {
        TB_CHECK(*tb_lang((enum tb_lang_text)i, false) != '\0');
        TB_CHECK(*tb_lang((enum tb_lang_text)i, true) != '\0');
    }
    TB_CHECK_STR(tb_lang(TB_L_COUNT, true), "");
    char buf[200];
    for (int ko = 0; ko < 2; ko++) {
        snprintf(buf, sizeof buf, tb_lang(TB_L_REV_ONE, ko), "February 2026", tb_lang(TB_L_EXPORTS_WORD, ko), "were",
                 "$67.3bn", "$67.7bn");
        TB_CHECK_STR(buf, ko ? " February 2026 수출은 $67.3bn에서 $67.7bn로 수정되었습니다."
                             : " February 2026 exports were revised from $67.3bn to $67.7bn.");
        snprintf(buf, sizeof buf, tb_lang(TB_L_CHART_GROWTH_BY, ko), tb_lang(TB_L_BY_ITEM, ko),
                 tb_lang(TB_L_EXPORT_ADJ, ko));
        TB_CHECK_STR(buf, ko ? "품목별 수출 증감률" : "Export growth by item");
        snprintf(buf, sizeof buf, tb_lang(TB_L_STREAK_DEFICIT, ko), 3, "s");
        TB_CHECK_STR(buf, ko ? "3개월 연속 적자" : "Deficit for 3 months");
        snprintf(buf, sizeof buf, tb_lang(TB_L_CELL_STREAK, ko), tb_lang(TB_L_CELL_UP, ko), 1.0, "");
        TB_CHECK_STR(buf, ko ? "1개월 증가" : "up 1 month");
    }
}

int main(void)
{
    TB_RUN(test_money_en);
    TB_RUN(test_money_ko);
    TB_RUN(test_scale);
    TB_RUN(test_pct);
    TB_RUN(test_months);
    TB_RUN(test_ticks_real);
    TB_RUN(test_ticks_edge);
    TB_RUN(test_month_ticks);
    TB_RUN(test_lang);
    TB_MAIN_END("test_fmt");
}
