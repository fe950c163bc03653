/* chart_hbars: horizontal bars per category: item growth and shares.
 *
 * Categories sorted by value (others last, grey), labels on the left, a
 * value scale at the bottom with at least four ticks inside the data's
 * domain, value labels at the bar ends with reserved room, and the
 * reference line (the total's growth) that no value label crosses: a label
 * that would goes inside its bar's end or beyond the line.
 */
#ifndef TB_CHART_HBARS_H
#define TB_CHART_HBARS_H

#include <stdbool.h>

#include "chart_frame.h"

/* Draws a GROWTH_ITEMS or SHARE chart on x->c. */
void tb_chart_hbars_draw(tb_chart_ctx *x);

#endif
