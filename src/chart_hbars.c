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

/* What the parts of a chart share once it is laid out. */
typedef struct {
    tb_chart_ctx *x;
    const tb_chart_series *se;
    int n; /* categories */
    bool share, has_ref;
    tb_rgba bar_col;
    double lab_w;       /* the category label column */
    tb_chart_rect r, p; /* the body below the legend; the plot */
    tb_chart_axis sc;
    double row, bar; /* row pitch and bar thickness */
} S_hb;

/* The value scale: the data's domain (and zero, and the reference), at
 * least four ticks inside it, room for the value labels beyond the bar
 * ends at both extremes and beyond the reference line; rows to fit. */
static void S_layout(S_hb *h)
{
    const tb_chart_spec *s = h->x->s;
    tb_canvas *c = h->x->c;
    double lo = 0, hi = 0;
    tb_chart_axis_minmax(h->se->v, (size_t)h->n, &lo, &hi);
    if (h->share && h->se->ref)
        tb_chart_axis_minmax(h->se->ref, (size_t)h->n, &lo, &hi);
    char buf[TB_FMT_SIZE];
    tb_chart_frame_font(h->x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
    double vw = tb_canvas_text_width(c, tb_fmt_pct(buf, sizeof buf, hi, 1, h->share ? 0 : TB_FMT_SIGN)) + 5;
    double vwn = lo < 0 ? tb_canvas_text_width(c, tb_fmt_pct(buf, sizeof buf, lo, 1, 0)) + 5 : 0;
    double ref_band = h->has_ref ? 16 : 0;
    const tb_chart_rect *r = &h->r;
    h->p = (tb_chart_rect){r->x + h->lab_w + 10, r->y + ref_band, r->w - h->lab_w - 10, r->h - 18 - ref_band};
    const tb_chart_rect *p = &h->p;
    tb_chart_axis *sc = &h->sc;
    *sc = (tb_chart_axis){.divisor = 1};
    if (h->has_ref) {
        lo = fmin(lo, s->reference);
        hi = fmax(hi, s->reference);
    }
    /* The domain is the data (and zero); ticks outside it are not drawn,
     * and at least four are inside. */
    sc->lo = fmin(lo, 0);
    sc->hi = fmax(hi, 0);
    int target = (int)fmax(3, fmin(7, p->w / 70));
    do
        sc->t = tb_ticks_axis(sc->lo, sc->hi, target++);
    while (tb_chart_axis_ticks_inside(sc) < 4 && target < 12);
    if (sc->hi - sc->lo < 1e-9)
        sc->hi = sc->lo + 1;
    /* Value labels must fit beyond the bar ends at both extremes. */
    sc->p0 = p->x + (sc->lo < 0 ? vwn : 0);
    sc->p1 = p->x + p->w - (sc->hi > 0 ? vw : 0);
    /* ... and beyond the reference line, where a label that would cross
     * it goes (S_value_label_x). */
    if (h->has_ref && s->reference > sc->lo)
        sc->p1 = fmin(sc->p1, sc->p0 + (p->x + p->w - 4 - vw - sc->p0) * (sc->hi - sc->lo) / (s->reference - sc->lo));
    if (h->has_ref && s->reference < sc->hi && s->reference < 0)
        sc->p0 = fmax(sc->p0, sc->p1 - (sc->p1 - p->x - 4 - vwn) * (sc->hi - sc->lo) / (sc->hi - s->reference));
    h->row = fmin(p->h / h->n, 26);
    h->bar = h->row * 0.66;
}

/* Vertical gridlines and tick labels at the bottom. */
static void S_grid(S_hb *h)
{
    tb_canvas *c = h->x->c;
    const tb_chart_axis *sc = &h->sc;
    char buf[TB_FMT_SIZE];
    tb_chart_frame_font(h->x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_AXIS_TEXT);
    tb_canvas_set_line_width(c, 0.6);
    double bottom = h->p.y + h->n * h->row;
    for (int i = 0; i < sc->t.n; i++) {
        double v = tb_ticks_at(&sc->t, i);
        if (v < sc->lo - 1e-9 || v > sc->hi + 1e-9)
            continue;
        double gx = tb_canvas_snap(c, tb_chart_axis_pos(sc, v), 0.6);
        if (v != 0) {
            tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_GRID));
            tb_canvas_move_to(c, gx, h->p.y);
            tb_canvas_line_to(c, gx, bottom);
            tb_canvas_stroke(c);
        }
        tb_canvas_text(c, gx, bottom + 5, tb_chart_axis_tick_label(buf, v, sc->t.decimals), TB_ALIGN_CENTER,
                       TB_VALIGN_TOP);
    }
}

/* The reference line (e.g. the total's growth), under the bars, labelled
 * above the rows beside its top, on the side with room. */
static void S_reference(S_hb *h)
{
    const tb_chart_spec *s = h->x->s;
    tb_canvas *c = h->x->c;
    double rx = tb_chart_axis_pos(&h->sc, s->reference), top = h->p.y - 6, len = h->n * h->row;
    double dash[2] = {3, 2.5};
    tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_INK));
    tb_canvas_set_line_width(c, 1);
    tb_canvas_set_dash(c, dash, 2, 0);
    tb_canvas_move_to(c, rx, top);
    tb_canvas_line_to(c, rx, h->p.y + len);
    tb_canvas_stroke(c);
    tb_canvas_mark_rule(c, rx - 0.5, top, 1, len + 6);
    tb_canvas_set_dash(c, NULL, 0, 0);
    const char *given = tb_chart_spec_label(s, TB_CHART_LABEL_REFERENCE, 0);
    char buf[TB_FMT_SIZE];
    tb_fmt_pct(buf, sizeof buf, s->reference, 1, TB_FMT_SIGN);
    char *lbl = given ? tb_mem_strdup(given) : tb_mem_printf("%s %s", s->reference_label ? s->reference_label : "", buf);
    tb_chart_frame_font(h->x, TB_FONT_BOLD, TB_CHART_LABEL_SIZE, TB_CHART_INK);
    double tw = tb_canvas_text_width(c, lbl);
    bool right = rx + 4 + tw <= h->r.x + h->r.w;
    tb_canvas_text(c, right ? rx + 4 : rx - 4, top, lbl, right ? TB_ALIGN_LEFT : TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
    free(lbl);
}

/* Category I's bar and value label at (CY) (a bar is drawn), coloured COL. */
static void S_bar(S_hb *h, int i, double cy, tb_rgba col, bool other)
{
    const tb_chart_spec *s = h->x->s;
    tb_canvas *c = h->x->c;
    const tb_chart_series *se = h->se;
    double v = se->v[i];
    double x0 = tb_chart_axis_pos(&h->sc, 0), x1 = tb_chart_axis_pos(&h->sc, v);
    tb_canvas_set_fill(c, col);
    tb_canvas_rect(c, fmin(x0, x1), cy - h->bar / 2, fabs(x1 - x0), h->bar);
    tb_canvas_fill(c);
    tb_chart_frame_font(h->x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
    char buf[TB_FMT_SIZE];
    const char *vt = tb_chart_spec_label(s, TB_CHART_LABEL_VALUE, (size_t)i);
    vt = vt ? vt : tb_fmt_pct(buf, sizeof buf, v, 1, h->share ? 0 : TB_FMT_SIGN);
    bool tick = h->share && se->ref && isfinite(se->ref[i]);
    double tip = fmax(x1, tick ? tb_chart_axis_pos(&h->sc, se->ref[i]) + 1 : x1);
    double tw = tb_canvas_text_width(c, vt);
    bool inside;
    double tx =
        S_value_label_x(x0, x1, tip, tw, h->has_ref ? tb_chart_axis_pos(&h->sc, s->reference) : NAN, &h->p, &inside);
    tb_canvas_set_fill(c, inside  ? (tb_chart_frame_dark(col) ? tb_rgb_hex(0xFFFFFF) : tb_rgb_hex(TB_CHART_INK))
                          : other ? tb_rgb_hex(TB_CHART_SUBTLE)
                                  : tb_chart_frame_text_colour(col));
    tb_canvas_text(c, tx, cy, vt, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
}

/* Row K, category I: its label, its bar (or "n/a"), its reference tick. */
static void S_row(S_hb *h, int k, int i)
{
    const tb_chart_spec *s = h->x->s;
    tb_canvas *c = h->x->c;
    const tb_chart_series *se = h->se;
    double cy = h->p.y + (k + 0.5) * h->row;
    tb_chart_frame_font(h->x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
    char *lab = tb_canvas_ellipsize(c, s->categories[i] ? s->categories[i] : "", h->lab_w);
    tb_canvas_text(c, h->r.x + h->lab_w, cy, lab, TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
    free(lab);
    double v = se->v[i];
    bool other = s->others_last && i == h->n - 1;
    tb_rgba col = other      ? tb_rgb_hex(0xB3B3B3)
                  : h->share ? h->bar_col
                  : v >= 0   ? tb_chart_colour_positive()
                             : tb_chart_colour_negative();
    if (isfinite(v)) {
        S_bar(h, i, cy, col, other);
    } else {
        tb_chart_frame_font(h->x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_SOURCE);
        tb_canvas_text(c, tb_chart_axis_pos(&h->sc, 0) + 4, cy, tb_lang(TB_L_NA, h->x->ko), TB_ALIGN_LEFT,
                       TB_VALIGN_MIDDLE);
    }
    if (h->share && se->ref && isfinite(se->ref[i])) {
        double rx = tb_chart_axis_pos(&h->sc, se->ref[i]);
        tb_canvas_set_stroke(c, tb_rgb_hex(TB_CHART_INK));
        tb_canvas_set_line_width(c, 2);
        tb_canvas_move_to(c, rx, cy - h->row * 0.42);
        tb_canvas_line_to(c, rx, cy + h->row * 0.42);
        tb_canvas_stroke(c);
    }
}

void tb_chart_hbars_draw(tb_chart_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    S_hb h = {.x = x, .share = s->type == TB_CHART_SHARE};
    tb_chart_frame_draw(x, "%");
    h.r = x->body;
    if (s->n_series < 1 || !s->series[0].v || s->series[0].n < s->n_categories || !s->categories) {
        tb_canvas_fail(c, "%s chart needs categories and one value per category", tb_chart_type_name(s->type));
        return;
    }
    h.se = &s->series[0];
    h.n = (int)s->n_categories;
    if (h.n == 0 || !tb_chart_frame_any_finite(h.se->v, (size_t)h.n)) {
        tb_chart_frame_no_data(x, h.r);
        return;
    }
    S_order *ord = tb_mem_alloc(sizeof *ord * (size_t)h.n);
    for (int i = 0; i < h.n; i++)
        ord[i] = (S_order){i, h.se->v[i]};
    qsort(ord, (size_t)(s->others_last ? h.n - 1 : h.n), sizeof *ord, S_cmp_order);
    h.bar_col = tb_chart_frame_series_colour(h.se, 0);
    if (h.share && h.se->ref) {
        tb_chart_key keys[2] = {{s->value_label ? s->value_label : "", h.bar_col, 0},
                                {s->ref_label ? s->ref_label : "", tb_rgb_hex(TB_CHART_INK), 2}};
        h.r.y += tb_chart_frame_legend(x, keys, 2, h.r.x, h.r.y + 5, h.r.w) + 4;
        h.r.h -= 18;
    }
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE + 0.5, TB_CHART_INK);
    for (int i = 0; i < h.n; i++)
        h.lab_w = fmax(h.lab_w, tb_canvas_text_width(c, s->categories[i] ? s->categories[i] : ""));
    h.lab_w = fmin(h.lab_w, h.r.w * 0.34);
    h.has_ref = isfinite(s->reference);
    S_layout(&h);
    S_grid(&h);
    if (h.has_ref)
        S_reference(&h);
    for (int k = 0; k < h.n; k++)
        S_row(&h, k, ord[k].i);
    tb_chart_rect zr = {h.p.x, h.p.y, h.p.w, h.n * h.row};
    tb_chart_axis_zero_line(x, &zr, &h.sc, true);
    free(ord);
}
