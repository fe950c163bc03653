/* chart_annual: see chart_annual.h. */
#include "chart_annual.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_axis.h"

void tb_chart_annual_draw(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    tb_fmt_scale fs = tb_fmt_money_scale(tb_chart_axis_money_max(s), s->unit, s->lang);
    tb_chart_frame_draw(x, fs.label);
    tb_chart_rect r = x->body;
    int ns = (int)s->n_series, n = (int)s->series[0].n;
    double lo = 0, hi = 0;
    for (int k = 0; k < ns; k++)
        tb_chart_axis_minmax(s->series[k].v, s->series[k].n, &lo, &hi);
    if (hi <= 0 && lo >= 0) {
        tb_chart_frame_no_data(x, r);
        return;
    }
    tb_chart_key keys[8];
    int nk = ns < 8 ? ns : 8;
    for (int k = 0; k < nk; k++)
        keys[k] = (tb_chart_key){s->series[k].label ? s->series[k].label : "",
                                 tb_chart_frame_series_colour(&s->series[k], k), 0};
    bool ytd = s->ytd_months > 0 && s->ytd_months < 12;
    r.y += tb_chart_frame_legend(x, keys, nk, r.x, r.y + 5, r.w) + 6;
    r.h -= 20 + 30;
    tb_chart_axis sc = tb_chart_axis_values(x, &r, lo, hi, fs.divisor, true);
    double gw = r.w / n, bar = fmin(gw * 0.8 / ns, 26);
    int first_year = tb_month_year(s->start);
    char buf[TB_FMT_SIZE];
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    double yw = tb_canvas_text_width(c, "2000");
    int every = 1;
    while (every * gw < yw + 8 && every < 50)
        every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    for (int i = 0; i < n; i++) {
        bool partial = ytd && i == n - 1;
        double gx = r.x + (i + 0.5) * gw - bar * ns / 2;
        for (int k = 0; k < ns; k++) {
            double v = s->series[k].v[i];
            if (!isfinite(v))
                continue;
            tb_rgba col = tb_chart_frame_series_colour(&s->series[k], k);
            double y0 = tb_chart_axis_pos(&sc, 0), y1 = tb_chart_axis_pos(&sc, v);
            tb_canvas_set_fill(c, partial ? tb_rgba_tint(col, 0.6) : col);
            tb_canvas_rect(c, gx + k * bar, fmin(y0, y1), bar - 1, fabs(y1 - y0));
            tb_canvas_fill(c);
            if (partial) {
                double dash[2] = {2, 1.5};
                tb_canvas_set_stroke(c, col);
                tb_canvas_set_line_width(c, 1);
                tb_canvas_set_dash(c, dash, 2, 0);
                tb_canvas_rect(c, gx + k * bar + 0.5, fmin(y0, y1) + 0.5, bar - 2, fabs(y1 - y0) - 0.5);
                tb_canvas_stroke(c);
                tb_canvas_set_dash(c, NULL, 0, 0);
            }
        }
        int yr = first_year + i;
        bool label = (yr % every == 0) || i == n - 1;
        if (i == n - 1 - 1 && every > 1 && (yr + 1) % every != 0 && ((n - 1 - i) * gw < yw + 8))
            label = false;
        if (label) {
            tb_chart_frame_font(x, partial ? TB_FONT_BOLD : TB_FONT_REGULAR, TB_CHART_LABEL_SIZE,
                                partial ? TB_CHART_INK : TB_CHART_AXIS_TEXT);
            snprintf(buf, sizeof buf, "%d", yr);
            double ty = r.y + r.h + 6 + tb_canvas_cap_height(c);
            tb_canvas_text(c, r.x + (i + 0.5) * gw, ty, buf, TB_ALIGN_CENTER, TB_VALIGN_BASELINE);
            if (partial && s->ytd_label) {
                tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE - 0.5, TB_CHART_SUBTLE);
                tb_canvas_text(c, r.x + (i + 0.5) * gw, ty + 11, s->ytd_label, TB_ALIGN_CENTER, TB_VALIGN_BASELINE);
            }
        }
    }
    tb_chart_axis_zero_line(x, &r, &sc, false);
}
