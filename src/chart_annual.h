/* chart_annual: annual bars, one group per year.
 *
 * Grouped bars per year, the year labels thinned to fit; the last year,
 * when it holds fewer than twelve months, is drawn lighter with a dashed
 * outline and its months named under its year.
 */
#ifndef TB_CHART_ANNUAL_H
#define TB_CHART_ANNUAL_H

#include <stdbool.h>

#include "chart_frame.h"

/* Draws an ANNUAL chart on x->c. */
void tb_chart_annual_draw(tb_chart_ctx *x);

#endif
