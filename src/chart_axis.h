/* chart_axis: value and month axes of chart bodies.
 *
 * A vertical value axis with nice ticks (ticks.h) and light gridlines,
 * its labels on the left taking room from the body; the zero line drawn
 * over bars; the month axis under a plot of month bands (labels thinned
 * until they never overlap, year boundaries marked, the notes'
 * annotations drawn through the plot).
 *
 * Invariants: a tb_chart_axis maps display values lo..hi (data / divisor)
 * onto pixels p0..p1; lo < hi once laid out; only the ticks inside lo..hi
 * are drawn, and there are at least four of them.
 */
#ifndef TB_CHART_AXIS_H
#define TB_CHART_AXIS_H

#include "chart_frame.h"
#include "ticks.h"

/* The height a month axis takes under its plot. */
#define TB_CHART_MONTH_AXIS_H 28.0

typedef struct {
    tb_ticks t;
    double lo, hi;  /* domain (display units) */
    double p0, p1;  /* pixel positions of lo and hi */
    double divisor; /* data value / divisor = display value */
} tb_chart_axis;

/* The pixel position of data value V. */
double tb_chart_axis_pos(const tb_chart_axis *s, double v);
/* Widens [*LO, *HI] to hold the finite values of V. */
void tb_chart_axis_minmax(const double *v, size_t n, double *lo, double *hi);
/* The largest finite |value| in SPEC's series (0 when none). */
double tb_chart_axis_money_max(const tb_chart_spec *s);
/* V with DECIMALS as a tick label in BUF (TB_FMT_SIZE); returns BUF. */
char *tb_chart_axis_tick_label(char *buf, double v, int decimals);
/* The ticks and domain of a value axis over [LO, HI] (display units) with
 * about TARGET ticks (divisor 1, no pixels yet): nice ticks, at least four
 * of them inside the domain.  For bars around zero (BARS), an end that
 * the bars reach past zero only a little stops a quarter or a half step
 * beyond zero instead of a whole step: a balance whose only deficit is
 * -0.3 on ticks 10 apart gets no -10 tick (the ticks beyond the domain are
 * not drawn). */
tb_chart_axis tb_chart_axis_domain(double lo, double hi, int target, bool bars);
/* How many of S's ticks lie inside its domain (the ones drawn). */
int tb_chart_axis_ticks_inside(const tb_chart_axis *s);
/* Lays out a vertical value axis over [LO, HI] (data units, shown divided
 * by DIVISOR) in body R: labels on the left shrink R; gridlines are drawn
 * (not at zero when ZERO_LINE: the zero line comes over the bars). */
tb_chart_axis tb_chart_axis_values(tb_chart_ctx *x, tb_chart_rect *r, double lo, double hi, double divisor,
                                   bool zero_line);
/* The zero line across R at value 0 (VERTICAL for horizontal bars). */
void tb_chart_axis_zero_line(tb_chart_ctx *x, const tb_chart_rect *r, const tb_chart_axis *s, bool vertical);
/* Month labels under R for N month bands from START, and the spec's
 * annotations through R. */
void tb_chart_axis_months(tb_chart_ctx *x, const tb_chart_rect *r, tb_month start, int n);

#endif
