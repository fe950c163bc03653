/* chart_stacked: see chart_stacked.h. */
#include "chart_stacked.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_axis.h"
#include "mem.h"

void tb_chart_stacked_draw(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    tb_chart_frame_draw(x, "%");
    tb_chart_rect r = x->body;
    int nb = (int)s->n_series, nc = (int)s->n_categories;
    if (nb < 1 || nc < 1 || !s->categories) {
        tb_canvas_fail(c, "share-stacked chart needs series and categories");
        return;
    }
    for (int b = 0; b < nb; b++)
        if (!s->series[b].v || (int)s->series[b].n < nc) {
            tb_canvas_fail(c, "share-stacked chart: series %d has fewer values than categories", b);
            return;
        }
    tb_chart_key *keys = tb_mem_alloc(sizeof *keys * (size_t)nc);
    for (int i = 0; i < nc; i++)
        keys[i] = (tb_chart_key){s->categories[i] ? s->categories[i] : "",
                                 (s->others_last && i == nc - 1) ? tb_rgb_hex(0xB3B3B3) : tb_chart_palette(i), 0};
    double lh = tb_chart_frame_legend(x, keys, nc, r.x, r.y + 5, r.w);
    r.y += lh + 8;
    r.h -= lh + 8;
    tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
    double lab_w = 0;
    for (int b = 0; b < nb; b++)
        lab_w = fmax(lab_w, tb_canvas_text_width(c, s->series[b].label ? s->series[b].label : ""));
    double bx = r.x + lab_w + 10, bwid = r.w - lab_w - 10;
    double row = fmin(r.h / nb, 56), bar = row * 0.62;
    char buf[TB_FMT_SIZE];
    for (int b = 0; b < nb; b++) {
        const tb_chart_series *se = &s->series[b];
        double cy = r.y + (b + 0.5) * row;
        tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
        tb_canvas_text(c, bx - 10, cy, se->label ? se->label : "", TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
        double total = 0;
        for (int i = 0; i < nc; i++)
            if (isfinite(se->v[i]) && se->v[i] > 0)
                total += se->v[i];
        if (total <= 0)
            continue;
        double cx = bx;
        for (int i = 0; i < nc; i++) {
            double v = se->v[i];
            if (!isfinite(v) || v <= 0)
                continue;
            double w = v / total * bwid;
            tb_canvas_set_fill(c, keys[i].colour);
            tb_canvas_set_stroke(c, tb_rgb_hex(0xFFFFFF));
            tb_canvas_set_line_width(c, 1);
            tb_canvas_rect(c, cx, cy - bar / 2, w, bar);
            tb_canvas_fill_stroke(c);
            tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
            tb_fmt_pct(buf, sizeof buf, v / total * 100, v / total * 100 >= 10 ? 0 : 1, 0);
            if (tb_canvas_text_width(c, buf) + 6 <= w) {
                tb_canvas_set_fill(c, tb_chart_frame_dark(keys[i].colour) ? tb_rgb_hex(0xFFFFFF)
                                                                          : tb_rgb_hex(TB_CHART_INK));
                tb_canvas_text(c, cx + w / 2, cy, buf, TB_ALIGN_CENTER, TB_VALIGN_MIDDLE);
            }
            cx += w;
        }
    }
    free(keys);
}
