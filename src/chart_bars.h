/* chart_bars: month bars around zero: the balance and yoy growth.
 *
 * One bar per month of the first series, coloured by sign, over a value
 * axis that holds zero; the latest value beside its bar; for BALANCE a
 * legend of the kinds of bar drawn and the current streak bracketed with
 * its label above the bars (only as much of it as is in the window).
 */
#ifndef TB_CHART_BARS_H
#define TB_CHART_BARS_H

#include <stdbool.h>

#include "chart_frame.h"

/* Draws BALANCE (MONEY) or GROWTH bars on x->c. */
void tb_chart_bars_draw(tb_chart_ctx *x, bool money);

#endif
