/* month: parsing and printing of calendar months (see month.h). */
#include "month.h"

#include <string.h>

static bool S_digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool S_make(int y, int m, tb_month *out)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12)
        return false;
    *out = tb_month_make(y, m);
    return true;
}

bool tb_month_parse(const char *s, size_t len, enum tb_month_format format, tb_month *out)
{
    int y, m;
    switch (format) {
    case TB_MONTH_ISO:
        if (len != 7 || s[4] != '-' || !S_digits(s, 4, &y) || !S_digits(s + 5, 2, &m))
            return false;
        return S_make(y, m, out);
    case TB_MONTH_COMPACT:
        if (len != 6 || !S_digits(s, 4, &y) || !S_digits(s + 4, 2, &m))
            return false;
        return S_make(y, m, out);
    case TB_MONTH_DOT:
        if (len < 6 || len > 7 || s[4] != '.' || !S_digits(s, 4, &y) || !S_digits(s + 5, len - 5, &m))
            return false;
        /* "2015.1" is October written as a number by a spreadsheet. */
        if (len == 6 && m == 1)
            m = 10;
        else if (len == 6)
            return false;
        return S_make(y, m, out);
    case TB_MONTH_GEM:
        if (len < 6 || len > 7 || s[4] != 'M' || !S_digits(s, 4, &y) || !S_digits(s + 5, len - 5, &m))
            return false;
        return S_make(y, m, out);
    }
    return false;
}

int tb_month_format_parse(const char *name)
{
    static const char *const names[] = {"YYYY-MM", "YYYYMM", "YYYY.MM", "YYYYMmm"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

char *tb_month_iso(tb_month m, char buf[static 8])
{
    unsigned y = (unsigned)tb_month_year(m) % 10000u, mo = (unsigned)tb_month_mon(m) % 100u;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + mo / 10);
    buf[6] = (char)('0' + mo % 10);
    buf[7] = '\0';
    return buf;
}
