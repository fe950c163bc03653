/* chart_bars: see chart_bars.h. */
#include "chart_bars.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_axis.h"

void tb_chart_bars_draw(tb_chart_ctx *x, bool money)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    const tb_chart_series *se = &s->series[0];
    tb_fmt_scale fs = money ? tb_fmt_money_scale(tb_chart_axis_money_max(s), s->unit, s->lang) : (tb_fmt_scale){1, "%"};
    tb_chart_frame_draw(x, fs.label);
    tb_chart_rect r = x->body;
    int n = (int)se->n;
    double lo = 0, hi = 0;
    tb_chart_axis_minmax(se->v, se->n, &lo, &hi);
    if (!tb_chart_frame_any_finite(se->v, se->n)) {
        tb_chart_frame_no_data(x, r);
        return;
    }
    tb_rgba pos = tb_chart_colour_positive(), neg = tb_chart_colour_negative();
    /* Legend, and room above the bars for the streak annotation. */
    bool hl = s->highlight_from >= 0 && s->highlight_to >= s->highlight_from;
    if (money) { /* only the kinds of bar drawn */
        tb_chart_key keys[2];
        int nk = 0;
        if (hi > 0)
            keys[nk++] = (tb_chart_key){tb_lang(TB_L_SURPLUS, x->ko), pos, 0};
        if (lo < 0)
            keys[nk++] = (tb_chart_key){tb_lang(TB_L_DEFICIT, x->ko), neg, 0};
        r.y += tb_chart_frame_legend(x, keys, nk, r.x, r.y + 5, r.w) + 2;
        r.h -= 16;
    }
    double top_room = hl && s->highlight_label ? 30 : 4;
    r.y += top_room;
    r.h -= top_room + TB_CHART_MONTH_AXIS_H;
    /* Room right of the bars for the latest value. */
    int last = tb_chart_frame_last_finite(se->v, se->n);
    char vbuf[TB_FMT_SIZE] = "";
    const char *vtext = tb_chart_spec_label(s, TB_CHART_LABEL_END, 0);
    if (last >= 0) {
        if (money)
            tb_fmt_money(vbuf, sizeof vbuf, se->v[last], s->unit, s->lang, 0);
        else
            tb_fmt_pct(vbuf, sizeof vbuf, se->v[last], 1, TB_FMT_SIGN);
        vtext = vtext ? vtext : vbuf;
        tb_canvas_set_font(c, TB_FONT_BOLD, TB_CHART_LABEL_SIZE);
        r.w -= tb_canvas_text_width(c, vtext) + 6;
    }
    tb_chart_axis sc = tb_chart_axis_values(x, &r, lo, hi, fs.divisor, true);
    double bw = r.w / n, bar = fmin(bw * 0.72, 28);
    for (int i = 0; i < n; i++) {
        double v = se->v[i];
        if (!isfinite(v))
            continue;
        tb_canvas_set_fill(c, v >= 0 ? pos : neg);
        double y0 = tb_chart_axis_pos(&sc, 0), y1 = tb_chart_axis_pos(&sc, v);
        double cx = r.x + (i + 0.5) * bw;
        tb_canvas_rect(c, cx - bar / 2, fmin(y0, y1), bar, fabs(y1 - y0));
        tb_canvas_fill(c);
    }
    tb_chart_axis_zero_line(x, &r, &sc, false);
    tb_chart_axis_months(x, &r, s->start, n);
    /* The latest value beside its bar's end. */
    if (last >= 0) {
        double v = se->v[last];
        tb_canvas_set_font(c, TB_FONT_BOLD, TB_CHART_LABEL_SIZE);
        tb_canvas_set_fill(c, tb_chart_frame_text_colour(v >= 0 ? pos : neg));
        double cx = r.x + (last + 0.5) * bw, yv = tb_chart_axis_pos(&sc, v);
        double cap = tb_canvas_cap_height(c);
        double ty = fmin(fmax(yv, r.y + cap / 2), r.y + r.h - cap / 2);
        tb_canvas_text(c, cx + bar / 2 + 4, ty, vtext, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
    }
    /* The streak: a bracket over its bars with the label above. */
    if (hl && s->highlight_label) {
        int i0 = s->highlight_from - s->start, i1 = s->highlight_to - s->start;
        i0 = i0 < 0 ? 0 : i0;
        i1 = i1 >= n ? n - 1 : i1;
        if (i0 <= i1) {
            double x0 = r.x + (i0 + 0.5) * bw - bar / 2, x1 = r.x + (i1 + 0.5) * bw + bar / 2;
            double yb = r.y - 16;
            tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_SUBTLE));
            tb_canvas_set_line_width(c, 0.8);
            tb_canvas_move_to(c, x0, yb + 4);
            tb_canvas_line_to(c, x0, yb);
            tb_canvas_line_to(c, x1, yb);
            tb_canvas_line_to(c, x1, yb + 4);
            tb_canvas_stroke(c);
            tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE, TB_CHART_INK);
            double tw = tb_canvas_text_width(c, s->highlight_label);
            double tx = (x0 + x1) / 2 - tw / 2;
            tx = fmin(tx, r.x + r.w - tw);
            tx = fmax(tx, r.x);
            tb_canvas_text(c, tx, yb - 3, s->highlight_label, TB_ALIGN_LEFT, TB_VALIGN_BASELINE);
        }
    }
}
