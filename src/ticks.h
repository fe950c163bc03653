/* ticks: axis tick choice.
 *
 * Value axes get "nice" ticks: steps of 1, 2, 2.5 or 5 times a power of
 * ten, covering the data range with a readable number of ticks (the count
 * closest to TARGET, ties to the tighter range).  Zero is always a tick when
 * the range spans it, because every tick is a multiple of the step.
 *
 * Month axes: every month is a band of equal width; labels go on every
 * k-th month (k in 1, 3, 6, aligned to January) so that no two labels
 * overlap, or only on years (every 1, 2, 5, 10, ... years) for spans over
 * five years or when month labels would crowd.  No allocation.
 */
#ifndef TB_TICKS_H
#define TB_TICKS_H

#include <stdbool.h>

#include "month.h"

typedef struct {
    double lo, hi;  /* first and last tick */
    double step;
    int n;          /* number of ticks, lo + i * step for i < n */
    int decimals;   /* decimals that show every tick exactly */
} tb_ticks;

/* Nice ticks covering [DMIN, DMAX] with about TARGET ticks (>= 2).  An
 * empty or degenerate range is widened around its value. */
tb_ticks tb_ticks_nice(double dmin, double dmax, int target);
double tb_ticks_at(const tb_ticks *t, int i);
/* Ticks for a value axis: tb_ticks_nice, with at least four ticks (a
 * reader needs more than two intervals to judge a value). */
tb_ticks tb_ticks_axis(double dmin, double dmax, int target);

typedef struct {
    int every;       /* label every EVERY-th month (months mode) */
    bool years_only; /* label years instead of months */
    int year_every;  /* in years mode: label every YEAR_EVERY-th year */
} tb_month_ticks;

/* Month labelling for N months starting at FIRST, bands BAND wide; MONTH_W
 * and YEAR_W are the widest month label and year label, GAP the minimum
 * space between labels. */
tb_month_ticks tb_ticks_months(int n, double band, double month_w, double year_w, double gap);
/* Whether month M (index I from the axis start) carries a label. */
bool tb_ticks_month_labelled(const tb_month_ticks *t, tb_month m);

#endif
