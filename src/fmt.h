/* fmt: numbers, money, percentages and months as display text.
 *
 * Display text uses the real minus sign U+2212 ("−14.5%"), thousands
 * separators ("6,836"), and the newsroom unit styles: English "$56.5bn",
 * "$565m", "$1.2tn"; Korean "565억 달러" (억 = 10^8, 조 = 10^12, 만 = 10^4).
 * A NaN formats as an en dash "–".  LANG is "en" or "ko" (anything not
 * starting with "ko" is English).
 *
 * Money values arrive in dataset units (tb_unit: 1000 = thousands of the
 * currency) and are scaled here.
 *
 * Every function writes a NUL-terminated string into BUF (SIZE bytes,
 * truncated if short; TB_FMT_SIZE is always enough) and returns BUF.
 * No allocation.
 */
#ifndef TB_FMT_H
#define TB_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "dataset.h"
#include "lang.h" /* tb_lang: the words that go with what fmt writes */
#include "month.h"

#define TB_FMT_SIZE 64

enum {
    TB_FMT_SIGN = 1, /* write "+" before positive values (never before zero) */
};

/* True when LANG selects Korean. */
bool tb_fmt_is_ko(const char *lang);

/* V with DECIMALS decimals and thousands separators: "6,836", "−0.5". */
char *tb_fmt_number(char *buf, size_t size, double v, int decimals, unsigned flags);
/* A money amount with a unit word: "$56.5bn", "−$4.3bn", "565억 달러". */
char *tb_fmt_money(char *buf, size_t size, double v, tb_unit unit, const char *lang, unsigned flags);
/* A percentage: "3.0%", "−14.5%", "+3.0%" (with TB_FMT_SIGN). */
char *tb_fmt_pct(char *buf, size_t size, double pct, int decimals, unsigned flags);
/* Percentage points: English "2.3 pp", Korean "2.3%p" (signs as above). */
char *tb_fmt_pp(char *buf, size_t size, double pp, int decimals, const char *lang, unsigned flags);

/* The scale of a money axis whose largest magnitude is MAXABS (dataset
 * units): shown value = v / divisor, and the unit to name in a subtitle or
 * legend ("$bn", "억 달러"). */
typedef struct {
    double divisor;  /* in dataset units */
    char label[32];
} tb_fmt_scale;
tb_fmt_scale tb_fmt_money_scale(double maxabs, tb_unit unit, const char *lang);
/* The scale of a table column of amounts whose largest magnitude is
 * MAXABS: the smallest in which it has at most four digits before the
 * point ("1,714.3" $bn rather than "1.7" $tn), five in Korean (억 up to
 * 99,999.9억, as 억 달러 tables do), so one decimal keeps the figures
 * quotable. */
tb_fmt_scale tb_fmt_column_scale(double maxabs, tb_unit unit, const char *lang);

enum tb_fmt_month_style {
    TB_FMT_MONTH_SHORT,     /* "Mar 2024" / "2024년 3월" */
    TB_FMT_MONTH_LONG,      /* "March 2024" / "2024년 3월" */
    TB_FMT_MONTH_NAME,      /* "Mar" / "3월" */
    TB_FMT_MONTH_NAME_LONG, /* "March" / "3월" */
    TB_FMT_MONTH_YEAR,      /* "2024" / "2024년" */
};
char *tb_fmt_month(char *buf, size_t size, tb_month m, enum tb_fmt_month_style style, const char *lang);
/* A month range: "Jan–Mar 2024", "Nov 2023–Mar 2024", "2024년 1~3월",
 * "2023년 11월~2024년 3월"; a single month when FROM == TO. */
char *tb_fmt_month_range(char *buf, size_t size, tb_month from, tb_month to, const char *lang);

#endif
