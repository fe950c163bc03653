/* chart_csv: a chart's data as a CSV table, for spreadsheets and
 * Datawrapper.
 *
 * One header row, then one row per month (LINE, BALANCE, GROWTH, HEATMAP,
 * SPARKLINE: "month" as YYYY-MM, one column per series), per year
 * (ANNUAL: "year", the incomplete last year as "2026 (Jan–Jul)") or per
 * category (GROWTH_ITEMS, SHARE: the category, the value, and the
 * reference column when the spec has one; SHARE_STACKED: one column per
 * series).  Values are in the chart's display scale, named in the header
 * ("Exports ($bn)"), written with up to ten significant digits; a missing
 * value is an empty cell.  Quoting is libcsv's; lines end in CRLF
 * (RFC 4180).
 */
#ifndef TB_CHART_CSV_H
#define TB_CHART_CSV_H

#include <stddef.h>

#include "chart.h"

/* SPEC's data as CSV text; *LEN its length.  Ownership: caller frees. */
char *tb_chart_csv(const tb_chart_spec *spec, size_t *len);

#endif
