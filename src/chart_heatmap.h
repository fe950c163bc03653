/* chart_heatmap: the yoy heatmap, one row per series.
 *
 * Cells in seven diverging colours whose bins follow the data's spread
 * (the top fifth saturates), a legend of the thresholds, values written
 * in the cells only where they fit.
 */
#ifndef TB_CHART_HEATMAP_H
#define TB_CHART_HEATMAP_H

#include <stdbool.h>

#include "chart_frame.h"

/* Draws a HEATMAP chart on x->c. */
void tb_chart_heatmap_draw(tb_chart_ctx *x);

#endif
