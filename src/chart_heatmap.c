/* chart_heatmap: see chart_heatmap.h. */
#include "chart_heatmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_axis.h"
#include "mem.h"

static const unsigned S_div7[7] = {0xB2182B, 0xEF8A62, 0xFDDBC7, 0xF7F7F7, 0xD1E5F0, 0x67A9CF, 0x2166AC};

static int S_cmp_double(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

/* Bin thresholds t1 < t2 < t3 for the data's spread: the smallest set
 * whose t3 reaches the 80th percentile of |v| (the top fifth saturates). */
static void S_heat_bins(const tb_chart_spec *s, double t[3])
{
    static const double sets[][3] = {{1, 2, 5},    {2, 5, 10},   {5, 10, 20},   {5, 15, 30},
                                     {10, 20, 40}, {10, 25, 50}, {20, 50, 100}, {25, 100, 200}};
    size_t cap = 0, n = 0;
    double *a = NULL;
    for (size_t k = 0; k < s->n_series; k++)
        for (size_t i = 0; i < s->series[k].n; i++)
            if (isfinite(s->series[k].v[i])) {
                TB_GROW(a, cap, n + 1);
                a[n++] = fabs(s->series[k].v[i]);
            }
    double q = 0;
    if (n) {
        qsort(a, n, sizeof *a, S_cmp_double);
        q = a[(size_t)floor(0.8 * (double)(n - 1))];
    }
    free(a);
    size_t pick = sizeof sets / sizeof sets[0] - 1;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (sets[i][2] >= q) {
            pick = i;
            break;
        }
    memcpy(t, sets[pick], sizeof sets[pick]);
}

static int S_heat_bin(double v, const double t[3])
{
    if (v <= -t[2])
        return 0;
    if (v <= -t[1])
        return 1;
    if (v < -t[0])
        return 2;
    if (v <= t[0])
        return 3;
    if (v < t[1])
        return 4;
    if (v < t[2])
        return 5;
    return 6;
}

void tb_chart_heatmap_draw(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    tb_chart_frame_draw(x, "%");
    tb_chart_rect r = x->body;
    int rows = (int)s->n_series, n = (int)s->series[0].n;
    double t[3];
    S_heat_bins(s, t);
    char buf[TB_FMT_SIZE];
    /* Legend: seven boxes with the thresholds between them. */
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    double box = 30, ly = r.y + 2;
    for (int i = 0; i < 7; i++) {
        tb_canvas_set_fill(c, tb_rgb_hex(S_div7[i]));
        tb_canvas_rect(c, r.x + i * box, ly, box, 9);
        tb_canvas_fill(c);
    }
    tb_canvas_set_stroke(c, tb_rgb_hex(0xCCCCCC));
    tb_canvas_set_line_width(c, 0.5);
    tb_canvas_rect(c, r.x, ly, 7 * box, 9);
    tb_canvas_stroke(c);
    const double marks[6] = {-t[2], -t[1], -t[0], t[0], t[1], t[2]};
    tb_canvas_set_fill(c, tb_rgb_hex(TB_CHART_AXIS_TEXT));
    for (int i = 0; i < 6; i++)
        tb_canvas_text(c, r.x + (i + 1) * box, ly + 12, tb_fmt_number(buf, sizeof buf, marks[i], 0, 0), TB_ALIGN_CENTER,
                       TB_VALIGN_TOP);
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    tb_canvas_text(c, r.x + 7 * box + 6, ly + 4.5, tb_lang(TB_L_YOY_AXIS, x->ko), TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
    r.y += 34;
    r.h -= 34 + TB_CHART_MONTH_AXIS_H;
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
    double lab_w = 0;
    for (int k = 0; k < rows; k++)
        lab_w = fmax(lab_w, tb_canvas_text_width(c, s->series[k].label ? s->series[k].label : ""));
    lab_w = fmin(lab_w, r.w * 0.3);
    tb_chart_rect g = {r.x + lab_w + 8, r.y, r.w - lab_w - 8, r.h};
    double cw = g.w / n, ch = fmin(g.h / rows, 26);
    g.h = ch * rows;
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE - 0.5, TB_CHART_INK);
    bool text = cw >= tb_canvas_text_width(c, "\xe2\x88\x92"
                                              "88.8") +
                          4 &&
                ch >= 11;
    bool text0 = !text &&
                 cw >= tb_canvas_text_width(c, "\xe2\x88\x92"
                                               "88") +
                           3 &&
                 ch >= 11;
    for (int k = 0; k < rows; k++) {
        const tb_chart_series *se = &s->series[k];
        double cy = g.y + k * ch;
        tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
        char *lab = tb_canvas_ellipsize(c, se->label ? se->label : "", lab_w);
        tb_canvas_text(c, g.x - 8, cy + ch / 2, lab, TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
        free(lab);
        for (int i = 0; i < n && i < (int)se->n; i++) {
            double v = se->v[i];
            tb_rgba col = isfinite(v) ? tb_rgb_hex(S_div7[S_heat_bin(v, t)]) : tb_rgb_hex(TB_CHART_MISSING);
            tb_canvas_set_fill(c, col);
            tb_canvas_rect(c, g.x + i * cw + 0.5, cy + 0.5, cw - 1, ch - 1);
            tb_canvas_fill(c);
            if (isfinite(v) && (text || text0)) {
                int dec = (text && fabs(v) < 99.95) ? 1 : 0;
                tb_fmt_number(buf, sizeof buf, v, dec, 0);
                tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE - 0.5, TB_CHART_INK);
                if (tb_canvas_text_width(c, buf) + 3 <= cw) {
                    tb_canvas_set_fill(c, tb_chart_frame_dark(col) ? tb_rgb_hex(0xFFFFFF) : tb_rgb_hex(TB_CHART_INK));
                    tb_canvas_text(c, g.x + (i + 0.5) * cw, cy + ch / 2, buf, TB_ALIGN_CENTER, TB_VALIGN_MIDDLE);
                }
            }
        }
    }
    tb_chart_axis_months(x, &g, s->start, n);
}
