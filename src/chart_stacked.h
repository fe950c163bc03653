/* chart_stacked: 100% stacked bars of shares.
 *
 * One bar per series, segment i of category i in palette order (others
 * grey), a legend of the categories; a segment's percentage is written
 * only where it fits.
 */
#ifndef TB_CHART_STACKED_H
#define TB_CHART_STACKED_H

#include <stdbool.h>

#include "chart_frame.h"

/* Draws a SHARE_STACKED chart on x->c. */
void tb_chart_stacked_draw(tb_chart_ctx *x);

#endif
