/* ticks: nice value ticks and month-axis labelling (see ticks.h). */
#include "ticks.h"

#include <math.h>

tb_ticks tb_ticks_nice(double dmin, double dmax, int target)
{
    static const double mults[] = {1, 2, 2.5, 5};
    static const int extra_dec[] = {0, 0, 1, 0};
    if (target < 2)
        target = 2;
    if (!isfinite(dmin) || !isfinite(dmax)) {
        dmin = 0;
        dmax = 1;
    }
    if (dmin > dmax) {
        double t = dmin;
        dmin = dmax;
        dmax = t;
    }
    if (dmax - dmin < 1e-12 * fmax(1, fabs(dmax))) {
        double pad = dmax == 0 ? 1 : fabs(dmax) * 0.1;
        if (dmin >= 0 && dmin - pad < 0)
            dmin = 0;
        else
            dmin -= pad;
        dmax += pad;
    }
    double range = dmax - dmin;
    double best_score = INFINITY;
    tb_ticks best = {0, 1, 1, 2, 0};
    int p0 = (int)floor(log10(range / target)) - 1;
    for (int p = p0; p <= p0 + 2; p++) {
        double pw = pow(10, p);
        for (int k = 0; k < 4; k++) {
            double step = mults[k] * pw;
            double lo = floor(dmin / step + 1e-9) * step;
            double hi = ceil(dmax / step - 1e-9) * step;
            int n = (int)llround((hi - lo) / step) + 1;
            /* Prefer the count closest to TARGET, then little wasted range,
             * then simpler steps (1 and 5 over 2, 2.5). */
            double waste = ((hi - lo) - range) / (hi - lo);
            double score = fabs((double)(n - target)) + 2.0 * waste + (k == 2 ? 0.35 : k == 1 ? 0.1 : 0);
            if (n < 2)
                score += 10;
            if (score < best_score - 1e-12) {
                best_score = score;
                int dec = -p + extra_dec[k];
                best = (tb_ticks){lo, hi, step, n, dec > 0 ? dec : 0};
            }
        }
    }
    /* Clean -0 and floating residue. */
    if (fabs(best.lo) < best.step * 1e-9)
        best.lo = 0;
    return best;
}

double tb_ticks_at(const tb_ticks *t, int i)
{
    double v = t->lo + i * t->step;
    if (fabs(v) < t->step * 1e-9)
        v = 0;
    return v;
}

tb_month_ticks tb_ticks_months(int n, double band, double month_w, double year_w, double gap)
{
    static const int month_steps[] = {1, 3, 6};
    static const int year_steps[] = {1, 2, 5, 10, 20, 50};
    tb_month_ticks t = {1, false, 1};
    /* Month labels (with the year under January) for up to five years and
     * while a year holds at least two labels; otherwise years. */
    for (int i = 0; i < 3 && n <= 60; i++) {
        int k = month_steps[i];
        if (k * band >= month_w + gap && 12 * band >= year_w + gap) {
            t.every = k;
            return t;
        }
    }
    t.years_only = true;
    t.every = 12;
    for (int i = 0; i < 6; i++) {
        t.year_every = year_steps[i];
        if (12 * year_steps[i] * band >= year_w + gap)
            break;
    }
    return t;
}

bool tb_ticks_month_labelled(const tb_month_ticks *t, tb_month m)
{
    if (t->years_only)
        return tb_month_mon(m) == 1 && tb_month_year(m) % t->year_every == 0;
    return (tb_month_mon(m) - 1) % t->every == 0;
}

tb_ticks tb_ticks_axis(double dmin, double dmax, int target)
{
    tb_ticks t = tb_ticks_nice(dmin, dmax, target);
    for (int k = target + 1; t.n < 4 && k <= target + 4; k++)
        t = tb_ticks_nice(dmin, dmax, k);
    return t;
}
