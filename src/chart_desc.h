/* chart_desc: a chart's message in words, for the <title> and <desc> of
 * an SVG chart (screen readers, search, reuse) and for anyone reading a
 * chart's data without the picture.
 *
 * The words come from the spec only, which holds the facts the chart
 * shows: the latest value of each series over months, the year values of
 * an annual chart, the largest and smallest categories and the reference
 * of a bar-per-category chart, the streak label of a balance chart.
 * English or Korean by the spec's lang.
 */
#ifndef TB_CHART_DESC_H
#define TB_CHART_DESC_H

#include "chart.h"

/* Title and subtitle as one line ("Trade balance: Korea, monthly, $bn").
 * Ownership: caller frees. */
char *tb_chart_desc_title(const tb_chart_spec *spec);
/* The message in one or two sentences.  Ownership: caller frees. */
char *tb_chart_desc_text(const tb_chart_spec *spec);
/* SVG text S with <title> and <desc> of SPEC added inside its root
 * element (S itself when it has none).  Ownership: caller frees; S stays
 * the caller's. */
char *tb_chart_desc_svg(const tb_chart_spec *spec, const char *s, size_t len, size_t *out_len);

#endif
