/* period: strptime-like month patterns (see period.h).
 *
 * Our own matcher rather than strptime(3): strptime reads month names in
 * the current locale, skips white space anywhere and does not say whether
 * the whole field matched, and every row of a file must read the same way
 * on every machine.
 */
#include "period.h"

#include <string.h>

static const char *const S_months[12] = {"january", "february", "march",     "april",   "may",      "june",
                                         "july",    "august",   "september", "october", "november", "december"};

static char S_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

bool tb_period_pattern_ok(const char *pattern, const char **why)
{
    int years = 0, months = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p != '%')
            continue;
        if (!p[1]) {
            *why = "a pattern cannot end in %";
            return false;
        }
        switch (*++p) {
        case 'Y':
        case 'y':
            years++;
            break;
        case 'm':
        case 'b':
        case 'B':
            months++;
            break;
        case 'd':
        case '%':
            break;
        default:
            *why = "unknown conversion (known: %Y %y %m %b %B %d %%)";
            return false;
        }
    }
    if (years != 1 || months != 1) {
        *why = "a period pattern needs one year (%Y or %y) and one month (%m, %b or %B)";
        return false;
    }
    return true;
}

/* Reads 1..MAX digits at S[*I] (exactly MAX when EXACT) into *V. */
static bool S_digits(const char *s, size_t len, size_t *i, int max, bool exact, int *v)
{
    int n = 0;
    *v = 0;
    while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return exact ? n == max : n > 0;
}

/* A month name at S[*I]: the full name (FULL) or its first three letters. */
static bool S_name(const char *s, size_t len, size_t *i, bool full, int *mon)
{
    for (int m = 0; m < 12; m++) {
        size_t n = full ? strlen(S_months[m]) : 3, k = 0;
        while (k < n && *i + k < len && S_lower(s[*i + k]) == S_months[m][k])
            k++;
        if (k == n) {
            *i += n;
            *mon = m + 1;
            return true;
        }
    }
    return false;
}

bool tb_period_parse(const char *pattern, const char *s, size_t len, tb_month *out)
{
    int year = -1, mon = -1, day = 1;
    size_t i = 0;
    for (const char *p = pattern; *p; p++) {
        bool ok = true;
        if (*p != '%' || p[1] == '%') {
            p += *p == '%';
            ok = i < len && s[i++] == *p;
        } else {
            switch (*++p) {
            case 'Y':
                ok = S_digits(s, len, &i, 4, true, &year);
                break;
            case 'y':
                ok = S_digits(s, len, &i, 2, true, &year);
                year += year < 69 ? 2000 : 1900;
                break;
            case 'm':
                ok = S_digits(s, len, &i, 2, false, &mon);
                break;
            case 'd':
                ok = S_digits(s, len, &i, 2, false, &day);
                break;
            default: /* 'b', 'B' */
                ok = S_name(s, len, &i, *p == 'B', &mon);
                break;
            }
        }
        if (!ok)
            return false;
    }
    if (i != len || year < 1 || year > 9999 || mon < 1 || mon > 12 || day < 1 || day > 31)
        return false;
    *out = tb_month_make(year, mon);
    return true;
}
