/* chart_line: line charts of months and the sparkline.
 *
 * Each series is a line over month bands, broken at missing values (a lone
 * observation is a dot); its name and latest value stand at its end, the
 * end labels pushed apart so none overlaps another.  Lines need not start
 * at zero, but an axis of values that cannot be negative never goes below
 * it.  The sparkline is the first series alone, no text, scaled to its
 * range.
 */
#ifndef TB_CHART_LINE_H
#define TB_CHART_LINE_H

#include <stdbool.h>

#include "chart_frame.h"

/* Draws a LINE chart / a SPARKLINE on x->c. */
void tb_chart_line_draw(tb_chart_ctx *x);
void tb_chart_line_draw_sparkline(tb_chart_ctx *x);

#endif
