/* month: calendar months as integers.
 *
 * A tb_month is year * 12 + (month - 1), so consecutive months are
 * consecutive integers and differences are month counts.  Years 1..9999.
 * No allocation anywhere in this module.
 */
#ifndef TB_MONTH_H
#define TB_MONTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t tb_month;

#define TB_MONTH_NONE ((tb_month)-1)

enum tb_month_format {
    TB_MONTH_ISO,     /* 2024-03 */
    TB_MONTH_COMPACT, /* 202403 */
    TB_MONTH_DOT,     /* 2024.03 (also 2024.3 and the spreadsheet artefact 2024.1 for October) */
    TB_MONTH_GEM,     /* 2024M03 or 2024M3 */
};

static inline tb_month tb_month_make(int year, int month) { return year * 12 + (month - 1); }
static inline int tb_month_year(tb_month m) { return m / 12; }
static inline int tb_month_mon(tb_month m) { return m % 12 + 1; } /* 1..12 */
/* Days in month M (Gregorian): 28..31. */
static inline int tb_month_length(tb_month m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = tb_month_year(m), mon = tb_month_mon(m);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return len[mon - 1] + (mon == 2 && leap);
}

/* Parses S (exactly LEN bytes) in FORMAT.  Returns false when it is not a
 * valid month of years 1..9999. */
bool tb_month_parse(const char *s, size_t len, enum tb_month_format format, tb_month *out);
/* Parses a format name: "YYYY-MM", "YYYYMM", "YYYY.MM", "YYYYMmm".  -1 if unknown. */
int tb_month_format_parse(const char *name);
/* Writes "YYYY-MM" into BUF (at least 8 bytes) and returns BUF. */
char *tb_month_iso(tb_month m, char buf[static 8]);

#endif
