/* period: months written as agencies write them, through strptime-like
 * patterns ("%Y/%m", "%B %Y", "%b-%y", "%YM%m", "%Y-%m-%d").
 *
 * Conversions: %Y four digits; %y two digits (69..99 are 19xx, 00..68
 * 20xx, as POSIX strptime); %m one or two digits, 1..12; %d one or two
 * digits, 1..31 (read and checked, then dropped: a monthly series dated on
 * a day, FRED's 1985-01-01); %B an English month name and %b its first
 * three letters (either case); %% a percent sign.  Any other byte must
 * match itself.  The whole field must match: "2001/01x" is not a month.
 * English names only, whatever the locale, so a file reads the same
 * everywhere.  No allocation.
 */
#ifndef TB_PERIOD_H
#define TB_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "month.h"

/* Whether PATTERN is usable: known conversions only, a year (%Y or %y) and
 * a month (%m, %b or %B) once each.  On false, *WHY says what is wrong. */
bool tb_period_pattern_ok(const char *pattern, const char **why);

/* Parses S (exactly LEN bytes) with PATTERN (one tb_period_pattern_ok
 * accepts).  False when S does not match or is not a month of years
 * 1..9999. */
bool tb_period_parse(const char *pattern, const char *s, size_t len, tb_month *out);

#endif
