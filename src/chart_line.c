/* chart_line: see chart_line.h. */
#include "chart_line.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_axis.h"

typedef struct {
    double y, want; /* placed and wanted middle */
    double h;
    int k;
} S_endlabel;

static int S_cmp_endlabel(const void *a, const void *b)
{
    double d = ((const S_endlabel *)a)->want - ((const S_endlabel *)b)->want;
    return d < 0 ? -1 : d > 0;
}

/* Spreads labels (sorted by want) so none overlaps, inside [top, bottom]. */
static void S_spread(S_endlabel *l, int n, double top, double bottom)
{
    for (int i = 0; i < n; i++)
        l[i].y = l[i].want;
    for (int iter = 0; iter < 50; iter++) {
        bool moved = false;
        for (int i = 0; i + 1 < n; i++) {
            double need = (l[i].h + l[i + 1].h) / 2 + 3;
            double gap = l[i + 1].y - l[i].y;
            if (gap < need) {
                double d = (need - gap) / 2;
                l[i].y -= d;
                l[i + 1].y += d;
                moved = true;
            }
        }
        for (int i = 0; i < n; i++) {
            if (l[i].y - l[i].h / 2 < top)
                l[i].y = top + l[i].h / 2, moved = true;
            if (l[i].y + l[i].h / 2 > bottom)
                l[i].y = bottom - l[i].h / 2, moved = true;
        }
        if (!moved)
            break;
    }
}

/* The end label of series K, whose last value is at LAST: the spec's
 * label when it gives one, else the value formatted into BUF. */
static const char *S_end_text(const tb_chart_spec *s, int k, int last, char *buf)
{
    const char *given = tb_chart_spec_label(s, TB_CHART_LABEL_END, (size_t)k);
    return given ? given : tb_fmt_money(buf, TB_FMT_SIZE, s->series[k].v[last], s->unit, s->lang, 0);
}

void tb_chart_line_draw(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    tb_fmt_scale fs = tb_fmt_money_scale(tb_chart_axis_money_max(s), s->unit, s->lang);
    tb_chart_frame_draw(x, fs.label);
    tb_chart_rect r = x->body;
    int n = (int)s->series[0].n;
    int ns = (int)s->n_series;
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < ns; k++)
        tb_chart_axis_minmax(s->series[k].v, s->series[k].n, &lo, &hi);
    if (!isfinite(lo)) {
        tb_chart_frame_no_data(x, r);
        return;
    }
    /* Room on the right for the end labels (name over value). */
    char buf[TB_FMT_SIZE];
    double lab_w = 0;
    for (int k = 0; k < ns; k++) {
        const tb_chart_series *se = &s->series[k];
        int last = tb_chart_frame_last_finite(se->v, se->n);
        tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE, TB_CHART_INK);
        double w1 = tb_canvas_text_width(c, se->label ? se->label : "");
        tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
        double w2 = last >= 0 ? tb_canvas_text_width(c, S_end_text(s, k, last, buf)) : 0;
        lab_w = fmax(lab_w, fmax(w1, w2));
    }
    r.w -= lab_w + 10;
    r.h -= TB_CHART_MONTH_AXIS_H;
    /* Lines need not start at zero; pad the range a little, never below
     * zero for values that cannot be negative. */
    double pad = (hi - lo) * 0.04;
    tb_chart_axis sc = tb_chart_axis_values(x, &r, lo >= 0 ? fmax(0, lo - pad) : lo - pad, hi + pad, fs.divisor, false);
    double bw = r.w / n;
    /* Baseline: the lowest gridline, darker. */
    tb_canvas_set_stroke(c, tb_rgb_hex(0x8C8C8C));
    tb_canvas_set_line_width(c, 0.8);
    double by = tb_canvas_snap(c, r.y + r.h, 0.8);
    tb_canvas_move_to(c, r.x, by);
    tb_canvas_line_to(c, r.x + r.w, by);
    tb_canvas_stroke(c);
    tb_chart_axis_months(x, &r, s->start, n);

    S_endlabel labels[16] = {{0, 0, 0, 0}};
    int nl = 0;
    tb_canvas_set_line_join(c, TB_JOIN_ROUND);
    tb_canvas_set_line_cap(c, TB_CAP_ROUND);
    for (int k = 0; k < ns; k++) {
        const tb_chart_series *se = &s->series[k];
        tb_rgba col = tb_chart_frame_series_colour(se, k);
        tb_canvas_set_stroke(c, col);
        tb_canvas_set_line_width(c, 2.25);
        bool pen = false;
        for (int i = 0; i < n; i++) {
            if (!isfinite(se->v[i])) {
                pen = false;
                continue;
            }
            double px = r.x + (i + 0.5) * bw, py = tb_chart_axis_pos(&sc, se->v[i]);
            if (pen)
                tb_canvas_line_to(c, px, py);
            else
                tb_canvas_move_to(c, px, py);
            pen = true;
        }
        tb_canvas_stroke(c);
        /* A lone observation between gaps has no line: a dot. */
        tb_canvas_set_fill(c, col);
        for (int i = 0; i < n; i++)
            if (isfinite(se->v[i]) && (i == 0 || !isfinite(se->v[i - 1])) && (i + 1 >= n || !isfinite(se->v[i + 1])))
                tb_canvas_circle(c, r.x + (i + 0.5) * bw, tb_chart_axis_pos(&sc, se->v[i]), 2.25);
        tb_canvas_fill(c);
        int last = tb_chart_frame_last_finite(se->v, se->n);
        if (last >= 0 && nl < 16) {
            double py = tb_chart_axis_pos(&sc, se->v[last]);
            tb_canvas_set_fill(c, col);
            tb_canvas_set_stroke(c, tb_rgb_hex(0xFFFFFF));
            tb_canvas_set_line_width(c, 1.2);
            tb_canvas_circle(c, r.x + (last + 0.5) * bw, py, 3.4);
            tb_canvas_fill_stroke(c);
            labels[nl++] = (S_endlabel){py, py, 2 * TB_CHART_LABEL_SIZE * 1.2, k};
        }
    }
    tb_canvas_set_line_cap(c, TB_CAP_BUTT);
    tb_canvas_set_line_join(c, TB_JOIN_MITER);
    qsort(labels, (size_t)nl, sizeof labels[0], S_cmp_endlabel);
    S_spread(labels, nl, r.y - 4, r.y + r.h + 4);
    double lx = r.x + r.w + 8;
    for (int i = 0; i < nl; i++) {
        const tb_chart_series *se = &s->series[labels[i].k];
        int last = tb_chart_frame_last_finite(se->v, se->n);
        tb_rgba tc = tb_chart_frame_text_colour(tb_chart_frame_series_colour(se, labels[i].k));
        double lx0 = r.x + (last + 0.5) * bw + 6;
        double xx = last == n - 1 ? lx : lx0;
        tb_canvas_set_font(c, TB_FONT_BOLD, TB_CHART_LABEL_SIZE);
        tb_canvas_set_fill(c, tc);
        tb_canvas_text(c, xx, labels[i].y - 1.5, se->label ? se->label : "", TB_ALIGN_LEFT, TB_VALIGN_BOTTOM);
        tb_canvas_set_font(c, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE);
        tb_canvas_text(c, xx, labels[i].y + 1.5, S_end_text(s, labels[i].k, last, buf), TB_ALIGN_LEFT, TB_VALIGN_TOP);
    }
}

void tb_chart_line_draw_sparkline(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    const tb_chart_series *se = &s->series[0];
    double W = tb_canvas_width(c), H = tb_canvas_height(c);
    double lo = INFINITY, hi = -INFINITY;
    tb_chart_axis_minmax(se->v, se->n, &lo, &hi);
    if (!isfinite(lo))
        return;
    if (hi - lo < 1e-12 * fmax(1, fabs(hi)))
        lo -= 1, hi += 1;
    double pad = 3;
    int n = (int)se->n;
    double dx = n > 1 ? (W - 2 * pad) / (n - 1) : 0;
    tb_rgba col = se->colour.a > 0 ? se->colour : tb_rgb_hex(0x4D4D4D);
    tb_canvas_set_stroke(c, col);
    tb_canvas_set_line_width(c, 1.25);
    tb_canvas_set_line_join(c, TB_JOIN_ROUND);
    tb_canvas_set_line_cap(c, TB_CAP_ROUND);
    bool pen = false;
    for (int i = 0; i < n; i++) {
        if (!isfinite(se->v[i])) {
            pen = false;
            continue;
        }
        double px = pad + i * dx, py = pad + (hi - se->v[i]) / (hi - lo) * (H - 2 * pad);
        if (pen)
            tb_canvas_line_to(c, px, py);
        else
            tb_canvas_move_to(c, px, py);
        pen = true;
    }
    tb_canvas_stroke(c);
    int last = tb_chart_frame_last_finite(se->v, se->n);
    tb_canvas_set_fill(c, se->colour.a > 0 ? se->colour : tb_chart_colour_export());
    tb_canvas_circle(c, pad + last * dx, pad + (hi - se->v[last]) / (hi - lo) * (H - 2 * pad), 2);
    tb_canvas_fill(c);
}
