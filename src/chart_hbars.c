/* chart_hbars: see chart_hbars.h. */
#include "chart_hbars.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_axis.h"
#include "mem.h"

typedef struct {
    int i;
    double v;
} S_order;

static int S_cmp_order(const void *a, const void *b)
{
    const S_order *p = a, *q = b;
    bool fp = isfinite(p->v), fq = isfinite(q->v);
    if (fp != fq)
        return fp ? -1 : 1;
    if (fp && p->v != q->v)
        return p->v > q->v ? -1 : 1;
    return p->i - q->i;
}

static int S_ticks_inside(const tb_ticks *t, double lo, double hi)
{
    int n = 0;
    for (int i = 0; i < t->n; i++)
        n += tb_ticks_at(t, i) >= lo - 1e-9 && tb_ticks_at(t, i) <= hi + 1e-9;
    return n;
}

/* Where a bar's value label of width TW starts: beyond the bar end X1
 * (TIP for a bar with a reference tick); when that would cross the
 * reference line RX, inside the bar's end (*INSIDE) if it fits there clear
 * of the line, else beyond the line.  P is the plot area. */
static double S_value_label_x(double x0, double x1, double tip, double tw, double rx, const tb_chart_rect *p,
                              bool *inside)
{
    bool up = x1 >= x0;
    double tx = up ? tip + 4 : x1 - 4 - tw;
    *inside = false;
    if (!isfinite(rx) || rx < tx - 2 || rx > tx + tw + 2)
        return tx;
    double in = up ? x1 - 4 - tw : x1 + 4;
    if (fabs(x1 - x0) >= tw + 8 && (rx < in - 2 || rx > in + tw + 2)) {
        *inside = true;
        return in;
    }
    double beyond = up ? rx + 4 : rx - 4 - tw;
    if (beyond >= p->x && beyond + tw <= p->x + p->w + 2)
        return beyond;
    *inside = true;
    return in;
}

void tb_chart_hbars_draw(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    bool share = s->type == TB_CHART_SHARE;
    tb_chart_frame_draw(x, "%");
    tb_chart_rect r = x->body;
    if (s->n_series < 1 || !s->series[0].v || s->series[0].n < s->n_categories || !s->categories) {
        tb_canvas_fail(c, "%s chart needs categories and one value per category", tb_chart_type_name(s->type));
        return;
    }
    const tb_chart_series *se = &s->series[0];
    int n = (int)s->n_categories;
    if (n == 0 || !tb_chart_frame_any_finite(se->v, (size_t)n)) {
        tb_chart_frame_no_data(x, r);
        return;
    }
    S_order *ord = tb_mem_alloc(sizeof *ord * (size_t)n);
    int sorted_n = s->others_last ? n - 1 : n;
    for (int i = 0; i < n; i++)
        ord[i] = (S_order){i, se->v[i]};
    qsort(ord, (size_t)sorted_n, sizeof *ord, S_cmp_order);
    tb_rgba bar_col = tb_chart_frame_series_colour(se, 0);
    /* Legend. */
    if (share && se->ref) {
        tb_chart_key keys[2] = {{s->value_label ? s->value_label : "", bar_col, 0},
                                {s->ref_label ? s->ref_label : "", tb_rgb_hex(TB_CHART_INK), 2}};
        r.y += tb_chart_frame_legend(x, keys, 2, r.x, r.y + 5, r.w) + 4;
        r.h -= 18;
    }
    /* Label column. */
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
    double lab_w = 0;
    for (int i = 0; i < n; i++)
        lab_w = fmax(lab_w, tb_canvas_text_width(c, s->categories[i] ? s->categories[i] : ""));
    lab_w = fmin(lab_w, r.w * 0.34);
    /* Domain and value-label room on both sides. */
    double lo = 0, hi = 0;
    tb_chart_axis_minmax(se->v, (size_t)n, &lo, &hi);
    if (share && se->ref)
        tb_chart_axis_minmax(se->ref, (size_t)n, &lo, &hi);
    char buf[TB_FMT_SIZE];
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
    double vw = tb_canvas_text_width(c, tb_fmt_pct(buf, sizeof buf, hi, 1, share ? 0 : TB_FMT_SIGN)) + 5;
    double vwn = lo < 0 ? tb_canvas_text_width(c, tb_fmt_pct(buf, sizeof buf, lo, 1, 0)) + 5 : 0;
    bool has_ref = isfinite(s->reference);
    double ref_band = has_ref ? 16 : 0;
    tb_chart_rect p = {r.x + lab_w + 10, r.y + ref_band, r.w - lab_w - 10, r.h - 18 - ref_band};
    tb_chart_axis sc = {.divisor = 1};
    if (has_ref) {
        lo = fmin(lo, s->reference);
        hi = fmax(hi, s->reference);
    }
    /* The domain is the data (and zero); ticks outside it are not drawn,
     * and at least four are inside. */
    sc.lo = fmin(lo, 0);
    sc.hi = fmax(hi, 0);
    int target = (int)fmax(3, fmin(7, p.w / 70));
    do
        sc.t = tb_ticks_axis(sc.lo, sc.hi, target++);
    while (S_ticks_inside(&sc.t, sc.lo, sc.hi) < 4 && target < 12);
    if (sc.hi - sc.lo < 1e-9)
        sc.hi = sc.lo + 1;
    /* Value labels must fit beyond the bar ends at both extremes. */
    sc.p0 = p.x + (sc.lo < 0 ? vwn : 0);
    sc.p1 = p.x + p.w - (sc.hi > 0 ? vw : 0);
    /* ... and beyond the reference line, where a label that would cross
     * it goes (S_value_label_x). */
    if (has_ref && s->reference > sc.lo)
        sc.p1 = fmin(sc.p1, sc.p0 + (p.x + p.w - 4 - vw - sc.p0) * (sc.hi - sc.lo) / (s->reference - sc.lo));
    if (has_ref && s->reference < sc.hi && s->reference < 0)
        sc.p0 = fmax(sc.p0, sc.p1 - (sc.p1 - p.x - 4 - vwn) * (sc.hi - sc.lo) / (sc.hi - s->reference));
    double row = fmin(p.h / n, 26);
    double bar = row * 0.66;
    /* Vertical gridlines and tick labels at the bottom. */
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    tb_canvas_set_line_width(c, 0.6);
    double bottom = p.y + n * row;
    for (int i = 0; i < sc.t.n; i++) {
        double v = tb_ticks_at(&sc.t, i);
        if (v < sc.lo - 1e-9 || v > sc.hi + 1e-9)
            continue;
        double gx = tb_canvas_snap(c, tb_chart_axis_pos(&sc, v), 0.6);
        if (v != 0) {
            tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_GRID));
            tb_canvas_move_to(c, gx, p.y);
            tb_canvas_line_to(c, gx, bottom);
            tb_canvas_stroke(c);
        }
        tb_canvas_text(c, gx, bottom + 5, tb_chart_axis_tick_label(buf, v, sc.t.decimals), TB_ALIGN_CENTER,
                       TB_VALIGN_TOP);
    }
    /* Reference line (e.g. the total's growth), under the bars, labelled
     * above the rows. */
    if (has_ref) {
        double rx = tb_chart_axis_pos(&sc, s->reference);
        double dash[2] = {3, 2.5};
        tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_INK));
        tb_canvas_set_line_width(c, 1);
        tb_canvas_set_dash(c, dash, 2, 0);
        tb_canvas_move_to(c, rx, p.y - 6);
        tb_canvas_line_to(c, rx, p.y + n * row);
        tb_canvas_stroke(c);
        tb_canvas_mark_rule(c, rx - 0.5, p.y - 6, 1, n * row + 6);
        tb_canvas_set_dash(c, NULL, 0, 0);
        char lbl[160];
        tb_fmt_pct(buf, sizeof buf, s->reference, 1, TB_FMT_SIGN);
        snprintf(lbl, sizeof lbl, "%s %s", s->reference_label ? s->reference_label : "", buf);
        const char *given = tb_chart_spec_label(s, TB_CHART_LABEL_REFERENCE, 0);
        if (given)
            snprintf(lbl, sizeof lbl, "%s", given);
        tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE, TB_CHART_INK);
        double tw = tb_canvas_text_width(c, lbl);
        /* Beside the top of the line, on the side with room. */
        bool right = rx + 4 + tw <= r.x + r.w;
        tb_canvas_text(c, right ? rx + 4 : rx - 4, p.y - 6, lbl, right ? TB_ALIGN_LEFT : TB_ALIGN_RIGHT,
                       TB_VALIGN_MIDDLE);
    }
    for (int k = 0; k < n; k++) {
        int i = ord[k].i;
        double cy = p.y + (k + 0.5) * row;
        /* Category label. */
        tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
        char *lab = tb_canvas_ellipsize(c, s->categories[i] ? s->categories[i] : "", lab_w);
        tb_canvas_text(c, r.x + lab_w, cy, lab, TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
        free(lab);
        double v = se->v[i];
        bool other = s->others_last && i == n - 1;
        tb_rgba col = other    ? tb_rgb_hex(0xB3B3B3)
                      : share  ? bar_col
                      : v >= 0 ? tb_chart_colour_positive()
                               : tb_chart_colour_negative();
        if (isfinite(v)) {
            double x0 = tb_chart_axis_pos(&sc, 0), x1 = tb_chart_axis_pos(&sc, v);
            tb_canvas_set_fill(c, col);
            tb_canvas_rect(c, fmin(x0, x1), cy - bar / 2, fabs(x1 - x0), bar);
            tb_canvas_fill(c);
            tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
            const char *vt = tb_chart_spec_label(s, TB_CHART_LABEL_VALUE, (size_t)i);
            vt = vt ? vt : tb_fmt_pct(buf, sizeof buf, v, 1, share ? 0 : TB_FMT_SIGN);
            double tip =
                fmax(x1, (share && se->ref && isfinite(se->ref[i])) ? tb_chart_axis_pos(&sc, se->ref[i]) + 1 : x1);
            double tw = tb_canvas_text_width(c, vt);
            bool inside;
            double tx =
                S_value_label_x(x0, x1, tip, tw, has_ref ? tb_chart_axis_pos(&sc, s->reference) : NAN, &p, &inside);
            tb_canvas_set_fill(c, inside  ? (tb_chart_frame_dark(col) ? tb_rgb_hex(0xFFFFFF) : tb_rgb_hex(TB_CHART_INK))
                                  : other ? tb_rgb_hex(TB_CHART_SUBTLE)
                                          : tb_chart_frame_text_colour(col));
            tb_canvas_text(c, tx, cy, vt, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
        } else {
            tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_SOURCE);
            tb_canvas_text(c, tb_chart_axis_pos(&sc, 0) + 4, cy, tb_lang(TB_L_NA, x->ko), TB_ALIGN_LEFT,
                           TB_VALIGN_MIDDLE);
        }
        if (share && se->ref && isfinite(se->ref[i])) {
            double rx = tb_chart_axis_pos(&sc, se->ref[i]);
            tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_INK));
            tb_canvas_set_line_width(c, 2);
            tb_canvas_move_to(c, rx, cy - row * 0.42);
            tb_canvas_line_to(c, rx, cy + row * 0.42);
            tb_canvas_stroke(c);
        }
    }
    tb_chart_rect zr = {p.x, p.y, p.w, n * row};
    tb_chart_axis_zero_line(x, &zr, &sc, true);
    free(ord);
}
