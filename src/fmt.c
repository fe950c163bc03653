/* fmt: display formatting (see fmt.h).  Every writer goes through a small
 * bounded string builder so truncation is safe and the result always ends
 * in NUL. */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S_MINUS "\xe2\x88\x92" /* U+2212 */
#define S_NDASH "\xe2\x80\x93" /* U+2013 */

typedef struct {
    char *p;
    size_t size, len;
} S_sb;

static void S_put(S_sb *b, const char *s)
{
    if (b->size == 0)
        return;
    size_t n = strlen(s);
    if (b->len + n >= b->size)
        n = b->size - 1 - b->len;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static S_sb S_start(char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    return (S_sb){buf, size, 0};
}

bool tb_fmt_is_ko(const char *lang) { return lang && lang[0] == 'k' && lang[1] == 'o'; }

/* Digits of |V| rounded to DECIMALS, with separators; sets *zero when the
 * rounded value is 0 (so no sign is shown). */
static void S_digits(char *out, size_t size, double v, int decimals, bool *zero)
{
    char raw[64];
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    *zero = strspn(raw, "0.") == strlen(raw);
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
    S_sb b = S_start(out, size);
    char one[2] = {0, 0};
    for (size_t i = 0; i < ilen; i++) {
        if (i > 0 && (ilen - i) % 3 == 0)
            S_put(&b, ",");
        one[0] = raw[i];
        S_put(&b, one);
    }
    if (dot)
        S_put(&b, dot);
}

/* The sign prefix for V given its rounded digits. */
static const char *S_sign(double v, bool zero, unsigned flags)
{
    if (zero)
        return "";
    if (v < 0)
        return S_MINUS;
    return (flags & TB_FMT_SIGN) ? "+" : "";
}

char *tb_fmt_number(char *buf, size_t size, double v, int decimals, unsigned flags)
{
    S_sb b = S_start(buf, size);
    if (isnan(v)) {
        S_put(&b, S_NDASH);
        return buf;
    }
    char d[64];
    bool zero;
    S_digits(d, sizeof d, v, decimals, &zero);
    S_put(&b, S_sign(v, zero, flags));
    S_put(&b, d);
    return buf;
}

char *tb_fmt_pct(char *buf, size_t size, double pct, int decimals, unsigned flags)
{
    tb_fmt_number(buf, size, pct, decimals, flags);
    if (!isnan(pct)) {
        S_sb b = {buf, size, strlen(buf)};
        S_put(&b, "%");
    }
    return buf;
}

char *tb_fmt_pp(char *buf, size_t size, double pp, int decimals, const char *lang, unsigned flags)
{
    tb_fmt_number(buf, size, pp, decimals, flags);
    if (!isnan(pp)) {
        S_sb b = {buf, size, strlen(buf)};
        S_put(&b, tb_fmt_is_ko(lang) ? "%p" : " pp");
    }
    return buf;
}

/* Money units, largest first: base-currency magnitude and the words. */
typedef struct {
    double mag;
    const char *en; /* suffix after the number */
    const char *ko; /* word before the currency name */
} S_mag;

static const S_mag S_en_mags[] = {{1e12, "tn", ""}, {1e9, "bn", ""}, {1e6, "m", ""}, {1, "", ""}};
static const S_mag S_ko_mags[] = {{1e12, "", "조"}, {1e8, "", "억"}, {1e4, "", "만"}, {1, "", ""}};

static const char *S_symbol(const char *cur)
{
    static const char *const map[][2] = {{"USD", "$"},       {"EUR", "\xe2\x82\xac"}, {"GBP", "\xc2\xa3"},
                                         {"JPY", "\xc2\xa5"}, {"KRW", "\xe2\x82\xa9"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(cur, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

static const char *S_ko_currency(const char *cur)
{
    static const char *const map[][2] = {{"USD", "달러"}, {"KRW", "원"},   {"EUR", "유로"},
                                         {"JPY", "엔"},   {"CNY", "위안"}, {"GBP", "파운드"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(cur, map[i][0]) == 0)
            return map[i][1];
    return cur;
}

/* Three significant digits, at most one decimal: "565", "56.5", "5.7";
 * in trillions (tn, 조) three significant digits whatever it takes, so a
 * headline can be quoted: "$1.41tn", as prose says "$1.41 trillion". */
static int S_money_decimals(double shown, double mag)
{
    if (mag >= 1e12 && fabs(shown) < 10)
        return 2;
    return fabs(shown) >= 100 ? 0 : 1;
}

char *tb_fmt_money(char *buf, size_t size, double v, tb_unit unit, const char *lang, unsigned flags)
{
    S_sb b = S_start(buf, size);
    if (isnan(v)) {
        S_put(&b, S_NDASH);
        return buf;
    }
    bool ko = tb_fmt_is_ko(lang);
    const S_mag *mags = ko ? S_ko_mags : S_en_mags;
    double mult = unit.multiplier > 0 ? unit.multiplier : 1;
    double base = v * mult;
    double limit = ko ? 10000 : 1000;
    int k = 0;
    while (mags[k].mag > 1 && fabs(base) < mags[k].mag)
        k++;
    double shown = base / mags[k].mag;
    int dec = mags[k].mag == 1 ? 0 : S_money_decimals(shown, mags[k].mag);
    /* 999.96bn rounds to 1,000.0bn: move up a magnitude. */
    if (k > 0 && mags[k].mag > 1 && fabs(round(shown * pow(10, dec)) / pow(10, dec)) >= limit) {
        k--;
        shown = base / mags[k].mag;
        dec = S_money_decimals(shown, mags[k].mag);
    }
    char d[64];
    bool zero;
    S_digits(d, sizeof d, shown, dec, &zero);
    S_put(&b, S_sign(v, zero, flags));
    const char *cur = unit.currency[0] ? unit.currency : "USD";
    if (ko) {
        S_put(&b, d);
        S_put(&b, mags[k].ko);
        S_put(&b, " ");
        S_put(&b, S_ko_currency(cur));
        return buf;
    }
    const char *sym = S_symbol(cur);
    if (sym) {
        S_put(&b, sym);
    } else {
        S_put(&b, cur);
        S_put(&b, " ");
    }
    S_put(&b, d);
    S_put(&b, mags[k].en);
    return buf;
}

/* The scale of magnitude K of LANG's list. */
static tb_fmt_scale S_scale_at(int k, tb_unit unit, const char *lang)
{
    tb_fmt_scale s;
    bool ko = tb_fmt_is_ko(lang);
    const S_mag *mags = ko ? S_ko_mags : S_en_mags;
    double mult = unit.multiplier > 0 ? unit.multiplier : 1;
    s.divisor = mags[k].mag / mult;
    const char *cur = unit.currency[0] ? unit.currency : "USD";
    if (ko) {
        snprintf(s.label, sizeof s.label, "%s%s%s", mags[k].ko, mags[k].ko[0] ? " " : "", S_ko_currency(cur));
    } else {
        const char *sym = S_symbol(cur);
        snprintf(s.label, sizeof s.label, "%s%s%s", sym ? sym : cur, sym ? "" : " ", mags[k].en);
    }
    return s;
}

/* MAXABS (dataset units) in the currency's base units; 0 for NaN. */
static double S_base(double maxabs, tb_unit unit)
{
    double base = fabs(maxabs) * (unit.multiplier > 0 ? unit.multiplier : 1);
    return isnan(base) ? 0 : base;
}

tb_fmt_scale tb_fmt_money_scale(double maxabs, tb_unit unit, const char *lang)
{
    const S_mag *mags = tb_fmt_is_ko(lang) ? S_ko_mags : S_en_mags;
    double base = S_base(maxabs, unit);
    int k = 0;
    /* Korean amounts switch to 조 at 10,000억, as tb_fmt_money does. */
    while (mags[k].mag > 1 && base < mags[k].mag)
        k++;
    return S_scale_at(k, unit, lang);
}

tb_fmt_scale tb_fmt_column_scale(double maxabs, tb_unit unit, const char *lang)
{
    bool ko = tb_fmt_is_ko(lang);
    const S_mag *mags = ko ? S_ko_mags : S_en_mags;
    double base = S_base(maxabs, unit), limit = ko ? 99999.95 : 9999.95;
    int k = 3; /* the lists hold four magnitudes, the last 1 */
    while (k > 0 && base / mags[k].mag >= limit)
        k--;
    return S_scale_at(k, unit, lang);
}

static const char *const S_mon_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const S_mon_long[12] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};

char *tb_fmt_month(char *buf, size_t size, tb_month m, enum tb_fmt_month_style style, const char *lang)
{
    int y = tb_month_year(m), mo = tb_month_mon(m);
    if (m < 0) {
        snprintf(buf, size, "%s", S_NDASH);
        return buf;
    }
    if (style == TB_FMT_MONTH_YEAR) {
        snprintf(buf, size, tb_fmt_is_ko(lang) ? "%d년" : "%d", y);
        return buf;
    }
    if (tb_fmt_is_ko(lang)) {
        if (style == TB_FMT_MONTH_NAME || style == TB_FMT_MONTH_NAME_LONG)
            snprintf(buf, size, "%d월", mo);
        else
            snprintf(buf, size, "%d년 %d월", y, mo);
        return buf;
    }
    switch (style) {
    case TB_FMT_MONTH_SHORT:
        snprintf(buf, size, "%s %d", S_mon_short[mo - 1], y);
        break;
    case TB_FMT_MONTH_LONG:
        snprintf(buf, size, "%s %d", S_mon_long[mo - 1], y);
        break;
    case TB_FMT_MONTH_NAME:
        snprintf(buf, size, "%s", S_mon_short[mo - 1]);
        break;
    case TB_FMT_MONTH_NAME_LONG:
        snprintf(buf, size, "%s", S_mon_long[mo - 1]);
        break;
    case TB_FMT_MONTH_YEAR:
        break;
    }
    return buf;
}

char *tb_fmt_month_range(char *buf, size_t size, tb_month from, tb_month to, const char *lang)
{
    if (from == to)
        return tb_fmt_month(buf, size, from, TB_FMT_MONTH_SHORT, lang);
    int y1 = tb_month_year(from), y2 = tb_month_year(to);
    int m1 = tb_month_mon(from), m2 = tb_month_mon(to);
    if (tb_fmt_is_ko(lang)) {
        if (y1 == y2)
            snprintf(buf, size, "%d년 %d~%d월", y1, m1, m2);
        else
            snprintf(buf, size, "%d년 %d월~%d년 %d월", y1, m1, y2, m2);
    } else if (y1 == y2) {
        snprintf(buf, size, "%s" S_NDASH "%s %d", S_mon_short[m1 - 1], S_mon_short[m2 - 1], y2);
    } else {
        snprintf(buf, size, "%s %d" S_NDASH "%s %d", S_mon_short[m1 - 1], y1, S_mon_short[m2 - 1], y2);
    }
    return buf;
}
