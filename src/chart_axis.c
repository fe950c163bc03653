/* chart_axis: see chart_axis.h. */
#include "chart_axis.h"

#include <math.h>
#include <stdio.h>

#include "chart_annotate.h"

double tb_chart_axis_pos(const tb_chart_axis *s, double v)
{
    return s->p0 + (v / s->divisor - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

void tb_chart_axis_minmax(const double *v, size_t n, double *lo, double *hi)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            if (v[i] < *lo)
                *lo = v[i];
            if (v[i] > *hi)
                *hi = v[i];
        }
}

char *tb_chart_axis_tick_label(char *buf, double v, int decimals)
{
    return tb_fmt_number(buf, TB_FMT_SIZE, v, decimals, 0);
}

/* How far beyond zero an end of a bar axis goes when the bars reach past
 * zero on that side by EXCESS (> 0), ticks STEP apart and the nice ticks
 * ending at TICK_END (>= EXCESS): a quarter or a half step when that holds
 * them, else TICK_END. */
static double S_tight_end(double excess, double step, double tick_end)
{
    if (excess <= step / 4)
        return step / 4;
    return excess <= step / 2 ? step / 2 : tick_end;
}

static bool S_inside(const tb_chart_axis *s, double v) { return v >= s->lo - 1e-9 && v <= s->hi + 1e-9; }

int tb_chart_axis_ticks_inside(const tb_chart_axis *s)
{
    int n = 0;
    for (int i = 0; i < s->t.n; i++)
        n += S_inside(s, tb_ticks_at(&s->t, i));
    return n;
}

tb_chart_axis tb_chart_axis_domain(double lo, double hi, int target, bool bars)
{
    tb_chart_axis s = {.divisor = 1};
    for (int k = target; k <= target + 4; k++) {
        s.t = tb_ticks_axis(lo, hi, k);
        s.lo = s.t.lo;
        s.hi = s.t.hi;
        if (!bars || !(lo < 0 && hi > 0))
            return s;
        s.lo = -S_tight_end(-lo, s.t.step, -s.lo);
        s.hi = S_tight_end(hi, s.t.step, s.hi);
        if (tb_chart_axis_ticks_inside(&s) >= 4)
            return s;
    }
    s.t = tb_ticks_axis(lo, hi, target);
    s.lo = s.t.lo;
    s.hi = s.t.hi;
    return s;
}

/* Lays out a vertical value axis over [LO, HI] (data units) in body R:
 * labels on the left shrink R; gridlines are drawn; returns the scale. */
tb_chart_axis tb_chart_axis_values(tb_chart_ctx *x, tb_chart_rect *r, double lo, double hi, double divisor,
                                   bool zero_line)
{
    tb_canvas *c = x->c;
    int target = (int)lround(r->h / 48);
    target = target < 3 ? 3 : target > 7 ? 7 : target;
    tb_chart_axis s = tb_chart_axis_domain(lo / divisor, hi / divisor, target, zero_line);
    s.divisor = divisor;
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    double lw = 0;
    char buf[TB_FMT_SIZE];
    for (int i = 0; i < s.t.n; i++) {
        double v = tb_ticks_at(&s.t, i);
        double w = S_inside(&s, v) ? tb_canvas_text_width(c, tb_chart_axis_tick_label(buf, v, s.t.decimals)) : 0;
        lw = w > lw ? w : lw;
    }
    double gx = r->x + lw + 6;
    r->w -= gx - r->x;
    r->x = gx;
    s.p0 = r->y + r->h;
    s.p1 = r->y;
    tb_canvas_set_line_width(c, 0.6);
    for (int i = 0; i < s.t.n; i++) {
        double v = tb_ticks_at(&s.t, i);
        if (!S_inside(&s, v))
            continue;
        double y = tb_canvas_snap(c, tb_chart_axis_pos(&s, v * divisor), 0.6);
        bool zero = v == 0 && zero_line;
        if (!zero) {
            tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_GRID));
            tb_canvas_move_to(c, r->x, y);
            tb_canvas_line_to(c, r->x + r->w, y);
            tb_canvas_stroke(c);
        }
        tb_canvas_text(c, r->x - 6, y, tb_chart_axis_tick_label(buf, v, s.t.decimals), TB_ALIGN_RIGHT,
                       TB_VALIGN_MIDDLE);
    }
    return s;
}

/* The zero line (or baseline) across R at value 0, drawn over bars. */
void tb_chart_axis_zero_line(tb_chart_ctx *x, const tb_chart_rect *r, const tb_chart_axis *s, bool vertical)
{
    tb_canvas *c = x->c;
    if (s->lo > 0 || s->hi < 0)
        return;
    double p = tb_canvas_snap(c, tb_chart_axis_pos(s, 0), 1);
    tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_ZERO));
    tb_canvas_set_line_width(c, 1);
    if (vertical) {
        tb_canvas_move_to(c, p, r->y);
        tb_canvas_line_to(c, p, r->y + r->h);
    } else {
        tb_canvas_move_to(c, r->x, p);
        tb_canvas_line_to(c, r->x + r->w, p);
    }
    tb_canvas_stroke(c);
}

double tb_chart_axis_money_max(const tb_chart_spec *s)
{
    double m = 0;
    for (size_t k = 0; k < s->n_series; k++)
        for (size_t i = 0; i < s->series[k].n; i++)
            if (isfinite(s->series[k].v[i]) && fabs(s->series[k].v[i]) > m)
                m = fabs(s->series[k].v[i]);
    return m;
}

/* Month labels under R for N months from START (bands of R->w / N): month
 * names (or years only when crowded) on the first line, years on the
 * second, year boundaries marked with ticks. */
void tb_chart_axis_months(tb_chart_ctx *x, const tb_chart_rect *r, tb_month start, int n)
{
    tb_canvas *c = x->c;
    tb_chart_annotate_draw(x->s, c, r->x, r->y, r->w, r->h, start, n);
    const char *lang = x->s->lang;
    double bw = r->w / n, y = r->y + r->h;
    char buf[TB_FMT_SIZE];
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    double mw = 0;
    for (int m = 1; m <= 12; m++) {
        double w =
            tb_canvas_text_width(c, tb_fmt_month(buf, sizeof buf, tb_month_make(2000, m), TB_FMT_MONTH_NAME, lang));
        mw = w > mw ? w : mw;
    }
    double yw = tb_canvas_text_width(c, "2000");
    tb_month_ticks mt = tb_ticks_months(n, bw, mw, yw, 8);
    double cap = tb_canvas_cap_height(c);
    double line1 = y + 6 + cap, line2 = line1 + cap + 5.5;
    tb_canvas_set_stroke(c, tb_rgb_hex(0xA6A6A6));
    tb_canvas_set_line_width(c, 0.6);
    /* Year boundaries. */
    for (int i = 1; i < n; i++) {
        tb_month m = start + i;
        if (tb_month_mon(m) != 1)
            continue;
        double bx = tb_canvas_snap(c, r->x + i * bw, 0.6);
        tb_canvas_move_to(c, bx, y);
        tb_canvas_line_to(c, bx, y + (mt.years_only ? 5 : TB_CHART_MONTH_AXIS_H - 4));
    }
    tb_canvas_stroke(c);
    if (mt.years_only) {
        /* Years centred on their visible months, when at least half shows. */
        double last_right = -1e9;
        for (int i = 0; i < n;) {
            tb_month m = start + i;
            int yr = tb_month_year(m);
            int j = i;
            while (j < n && tb_month_year(start + j) == yr)
                j++;
            if ((j - i) * 2 >= 12 || (j - i) * bw >= yw + 4) {
                if (yr % mt.year_every == 0) {
                    snprintf(buf, sizeof buf, "%d", yr);
                    double cx = r->x + (i + j) * bw / 2;
                    if (cx - yw / 2 > last_right + 6) {
                        tb_canvas_text(c, cx, line1, buf, TB_ALIGN_CENTER, TB_VALIGN_BASELINE);
                        last_right = cx + yw / 2;
                    }
                }
            }
            i = j;
        }
        return;
    }
    for (int i = 0; i < n; i++) {
        tb_month m = start + i;
        if (!tb_ticks_month_labelled(&mt, m))
            continue;
        tb_canvas_text(c, r->x + (i + 0.5) * bw, line1, tb_fmt_month(buf, sizeof buf, m, TB_FMT_MONTH_NAME, lang),
                       TB_ALIGN_CENTER, TB_VALIGN_BASELINE);
    }
    /* Years left-aligned at their boundary; the first (partial) year at the
     * axis start when it does not run into the next. */
    double first_jan = -1;
    for (int i = 0; i < n; i++)
        if (tb_month_mon(start + i) == 1) {
            first_jan = i;
            break;
        }
    tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    if (first_jan != 0 && (first_jan < 0 || first_jan * bw >= yw + 10)) {
        snprintf(buf, sizeof buf, "%d", tb_month_year(start));
        tb_canvas_text(c, r->x + 0.5 * bw - mw / 2, line2, buf, TB_ALIGN_LEFT, TB_VALIGN_BASELINE);
    }
    for (int i = 0; i < n; i++)
        if (tb_month_mon(start + i) == 1) {
            snprintf(buf, sizeof buf, "%d", tb_month_year(start + i));
            tb_canvas_text(c, r->x + i * bw + 3, line2, buf, TB_ALIGN_LEFT, TB_VALIGN_BASELINE);
        }
}
