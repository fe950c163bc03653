/* chart: layout and drawing of every chart type (see chart.h).
 *
 * Every chart shares one frame: title (wrapped), subtitle, the chart's own
 * body, then note and source lines at the bottom.  Bodies use a few shared
 * pieces: a vertical value axis with nice ticks and light gridlines, a
 * month axis (labels that never overlap, year boundaries marked), a
 * horizontal value scale for bar-per-item charts, and a legend row.
 *
 * Collision rules: month and year labels are thinned until they fit; line
 * end labels are pushed apart; bar value labels get reserved room; cell and
 * segment labels are drawn only where they fit.
 */
#include "chart.h"
#include "chart_annotate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_cairo.h"
#include "canvas_hpdf.h"
#include "canvas_probe.h"
#include "canvas_svg.h"
#include "chart_desc.h"
#include "fmt.h"
#include "mem.h"
#include "ticks.h"

/* Type sizes (points) and neutral colours. */
#define S_MARGIN 14.0
#define S_TITLE_SIZE 14.0
#define S_SUBTITLE_SIZE 10.0
#define S_LABEL_SIZE 8.5
#define S_SOURCE_SIZE 7.5
#define S_INK 0x1A1A1A
#define S_SUBTLE 0x4D4D4D
#define S_AXIS_TEXT 0x595959
#define S_GRID 0xDCDCDC
#define S_ZERO 0x333333
#define S_SOURCE 0x707070
#define S_MISSING 0xEEEEEE

static const unsigned S_palette[] = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0xF0E442, 0x999999};

tb_rgba tb_chart_palette(int i)
{
    int n = (int)(sizeof S_palette / sizeof S_palette[0]);
    return tb_rgb_hex(S_palette[((i % n) + n) % n]);
}
tb_rgba tb_chart_colour_export(void) { return tb_rgb_hex(0x0072B2); }
tb_rgba tb_chart_colour_import(void) { return tb_rgb_hex(0xE69F00); }
tb_rgba tb_chart_colour_positive(void) { return tb_rgb_hex(0x0072B2); }
tb_rgba tb_chart_colour_negative(void) { return tb_rgb_hex(0xD55E00); }

static const char *const S_type_names[TB_CHART_TYPE_COUNT] = {
    "line", "balance", "growth", "growth-items", "share", "share-stacked", "annual", "heatmap", "sparkline"};

const char *tb_chart_type_name(enum tb_chart_type type)
{
    return (type >= 0 && type < TB_CHART_TYPE_COUNT) ? S_type_names[type] : "?";
}

void tb_chart_spec_init(tb_chart_spec *spec, enum tb_chart_type type)
{
    memset(spec, 0, sizeof *spec);
    spec->type = type;
    spec->lang = "en";
    spec->start = TB_MONTH_NONE;
    spec->highlight_from = spec->highlight_to = TB_MONTH_NONE;
    spec->ytd_months = 12;
    spec->reference = NAN;
    spec->unit = (tb_unit){"USD", 1};
}

/* ---------------------------------------------------------------- frame */

typedef struct {
    double x, y, w, h;
} S_rect;

typedef struct {
    const tb_chart_spec *s;
    tb_canvas *c;
    bool ko;
    S_rect body; /* what the frame leaves for the chart */
} S_ctx;

static void S_font(S_ctx *x, enum tb_font_role role, double size, unsigned colour)
{
    tb_canvas_set_font(x->c, role, size);
    tb_canvas_set_fill(x->c, tb_rgb_hex(colour));
}

/* A colour dark enough for text on white (light palette colours darken). */
static tb_rgba S_text_colour(tb_rgba k)
{
    double lum = 0.2126 * k.r + 0.7152 * k.g + 0.0722 * k.b;
    double f = lum > 0.45 ? 0.45 / lum : 1;
    if (f < 0.62)
        f = 0.62;
    return (tb_rgba){k.r * f, k.g * f, k.b * f, 1};
}

static bool S_dark(tb_rgba k) { return 0.2126 * k.r + 0.7152 * k.g + 0.0722 * k.b < 0.5; }

/* Word-wraps TEXT into at most MAX_LINES lines of width W in the current
 * font; draws them from baseline-top Y with LEADING and returns the height
 * used.  A last line that still overflows is shortened with "…". */
static double S_wrap(S_ctx *x, const char *text, double left, double y, double w, double leading, int max_lines,
                     bool draw)
{
    if (!text || !text[0])
        return 0;
    tb_canvas *c = x->c;
    double cap = tb_canvas_cap_height(c);
    const char *p = text;
    int line = 0;
    while (*p && line < max_lines) {
        while (*p == ' ')
            p++;
        /* Longest prefix of whole words that fits. */
        size_t len = strlen(p), best = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i == len || p[i] == ' ') {
                char *t = tb_mem_strndup(p, i);
                bool fits = tb_canvas_text_width(c, t) <= w;
                free(t);
                if (!fits && best > 0)
                    break;
                best = i;
                if (!fits)
                    break;
            }
        }
        if (line == max_lines - 1 || best == 0)
            best = len;
        char *t = tb_mem_strndup(p, best);
        if (draw) {
            char *e = tb_canvas_ellipsize(c, t, w);
            tb_canvas_text(c, left, y + cap + line * leading, e, TB_ALIGN_LEFT, TB_VALIGN_BASELINE);
            free(e);
        }
        free(t);
        p += best;
        line++;
    }
    return cap + (line - 1) * leading;
}

static char *S_subst_unit(const char *text, const char *unit)
{
    const char *at = text ? strstr(text, "{unit}") : NULL;
    if (!at)
        return tb_mem_strdup(text ? text : "");
    return tb_mem_printf("%.*s%s%s", (int)(at - text), text, unit ? unit : "", at + 6);
}

/* Draws title, subtitle, note and source; sets x->body to what is left. */
static void S_frame(S_ctx *x, const char *unit_label)
{
    tb_canvas *c = x->c;
    double W = tb_canvas_width(c), H = tb_canvas_height(c);
    double left = S_MARGIN, w = W - 2 * S_MARGIN;
    double y = 12;
    if (x->s->title && x->s->title[0]) {
        S_font(x, TB_FONT_BOLD, S_TITLE_SIZE, S_INK);
        y += S_wrap(x, x->s->title, left, y, w, S_TITLE_SIZE * 1.25, 2, true) + 7;
    }
    char *sub = S_subst_unit(x->s->subtitle, unit_label);
    if (sub[0]) {
        S_font(x, TB_FONT_REGULAR, S_SUBTITLE_SIZE, S_SUBTLE);
        y += S_wrap(x, sub, left, y, w, S_SUBTITLE_SIZE * 1.3, 2, true) + 6;
    }
    free(sub);
    double bottom = H - 9;
    S_font(x, TB_FONT_REGULAR, S_SOURCE_SIZE, S_SOURCE);
    const char *lines[2] = {x->s->source, x->s->note};
    for (int i = 0; i < 2; i++) {
        if (!lines[i] || !lines[i][0])
            continue;
        double hgt = S_wrap(x, lines[i], left, 0, w, S_SOURCE_SIZE * 1.3, 2, false);
        bottom -= hgt;
        S_wrap(x, lines[i], left, bottom, w, S_SOURCE_SIZE * 1.3, 2, true);
        bottom -= 5;
    }
    x->body = (S_rect){left, y + 6, w, bottom - 6 - (y + 6)};
}

/* A legend row of swatches at (X, Y) (Y = middle of the row); returns its
 * height.  KINDS: 0 box, 1 line, 2 tick. */
typedef struct {
    const char *label;
    tb_rgba colour;
    int kind;
} S_key;

static double S_legend(S_ctx *x, const S_key *keys, int n, double left, double y, double max_w)
{
    tb_canvas *c = x->c;
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_INK);
    double cx = left, row_h = 14, rows = 1;
    for (int i = 0; i < n; i++) {
        double tw = tb_canvas_text_width(c, keys[i].label);
        double item = 14 + tw;
        if (cx > left && cx + item > left + max_w) {
            cx = left;
            y += row_h;
            rows++;
        }
        tb_canvas_set_fill(c, keys[i].colour);
        tb_canvas_set_stroke(c, keys[i].colour);
        if (keys[i].kind == 0) {
            tb_canvas_rect(c, cx, y - 4.5, 9, 9);
            tb_canvas_fill(c);
        } else if (keys[i].kind == 1) {
            tb_canvas_set_line_width(c, 2.25);
            tb_canvas_move_to(c, cx, y);
            tb_canvas_line_to(c, cx + 10, y);
            tb_canvas_stroke(c);
        } else {
            tb_canvas_set_line_width(c, 2);
            tb_canvas_move_to(c, cx + 4.5, y - 6);
            tb_canvas_line_to(c, cx + 4.5, y + 6);
            tb_canvas_stroke(c);
        }
        tb_canvas_set_fill(c, tb_rgb_hex(S_INK));
        tb_canvas_text(c, cx + 13, y, keys[i].label, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
        cx += item + 14;
    }
    return rows * row_h;
}

static void S_no_data(S_ctx *x, S_rect r)
{
    S_font(x, TB_FONT_REGULAR, S_SUBTITLE_SIZE, S_SOURCE);
    tb_canvas_text(x->c, r.x + r.w / 2, r.y + r.h / 2, tb_lang(TB_L_NO_DATA, x->ko), TB_ALIGN_CENTER,
                   TB_VALIGN_MIDDLE);
}

/* ---------------------------------------------------------- value axes */

typedef struct {
    tb_ticks t;
    double lo, hi;   /* domain (display units) */
    double p0, p1;   /* pixel positions of lo and hi */
    double divisor;  /* data value / divisor = display value */
} S_scale;

static double S_pos(const S_scale *s, double v)
{
    return s->p0 + (v / s->divisor - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

static void S_minmax(const double *v, size_t n, double *lo, double *hi)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            if (v[i] < *lo)
                *lo = v[i];
            if (v[i] > *hi)
                *hi = v[i];
        }
}

static char *S_tick_label(char *buf, double v, int decimals) { return tb_fmt_number(buf, TB_FMT_SIZE, v, decimals, 0); }

/* Lays out a vertical value axis over [LO, HI] (data units) in body R:
 * labels on the left shrink R; gridlines are drawn; returns the scale. */
static S_scale S_vaxis(S_ctx *x, S_rect *r, double lo, double hi, double divisor, bool zero_line)
{
    tb_canvas *c = x->c;
    S_scale s = {.divisor = divisor};
    int target = (int)lround(r->h / 48);
    target = target < 3 ? 3 : target > 7 ? 7 : target;
    s.t = tb_ticks_axis(lo / divisor, hi / divisor, target);
    s.lo = s.t.lo;
    s.hi = s.t.hi;
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_AXIS_TEXT);
    double lw = 0;
    char buf[TB_FMT_SIZE];
    for (int i = 0; i < s.t.n; i++) {
        double w = tb_canvas_text_width(c, S_tick_label(buf, tb_ticks_at(&s.t, i), s.t.decimals));
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
        double y = tb_canvas_snap(c, S_pos(&s, v * divisor), 0.6);
        bool zero = v == 0 && zero_line;
        if (!zero) {
            tb_canvas_set_stroke(c, tb_rgb_hex(S_GRID));
            tb_canvas_move_to(c, r->x, y);
            tb_canvas_line_to(c, r->x + r->w, y);
            tb_canvas_stroke(c);
        }
        tb_canvas_text(c, r->x - 6, y, S_tick_label(buf, v, s.t.decimals), TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
    }
    return s;
}

/* The zero line (or baseline) across R at value 0, drawn over bars. */
static void S_zero_line(S_ctx *x, const S_rect *r, const S_scale *s, bool vertical)
{
    tb_canvas *c = x->c;
    if (s->lo > 0 || s->hi < 0)
        return;
    double p = tb_canvas_snap(c, S_pos(s, 0), 1);
    tb_canvas_set_stroke(c, tb_rgb_hex(S_ZERO));
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

/* ----------------------------------------------------------- month axis */

#define S_MONTH_AXIS_H 28.0

/* Month labels under R for N months from START (bands of R->w / N): month
 * names (or years only when crowded) on the first line, years on the
 * second, year boundaries marked with ticks. */
static void S_month_axis(S_ctx *x, const S_rect *r, tb_month start, int n)
{
    tb_canvas *c = x->c;
    tb_chart_annotate_draw(x->s, c, r->x, r->y, r->w, r->h, start, n);
    const char *lang = x->s->lang;
    double bw = r->w / n, y = r->y + r->h;
    char buf[TB_FMT_SIZE];
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_AXIS_TEXT);
    double mw = 0;
    for (int m = 1; m <= 12; m++) {
        double w = tb_canvas_text_width(c, tb_fmt_month(buf, sizeof buf, tb_month_make(2000, m), TB_FMT_MONTH_NAME,
                                                        lang));
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
        tb_canvas_line_to(c, bx, y + (mt.years_only ? 5 : S_MONTH_AXIS_H - 4));
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
    S_font(x, TB_FONT_BOLD, S_LABEL_SIZE, S_AXIS_TEXT);
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

/* ------------------------------------------------------------ checks */

static bool S_check_monthly(S_ctx *x, size_t need_series)
{
    const tb_chart_spec *s = x->s;
    if (s->n_series < need_series || !s->series) {
        tb_canvas_fail(x->c, "%s chart needs %zu series", tb_chart_type_name(s->type), need_series);
        return false;
    }
    for (size_t k = 0; k < s->n_series; k++)
        if (!s->series[k].v || s->series[k].n != s->series[0].n || s->series[k].n == 0) {
            tb_canvas_fail(x->c, "%s chart: series %zu is empty or of another length", tb_chart_type_name(s->type),
                           k);
            return false;
        }
    if (s->start < 0 && s->type != TB_CHART_SPARKLINE && s->type != TB_CHART_ANNUAL) {
        tb_canvas_fail(x->c, "%s chart needs a start month", tb_chart_type_name(s->type));
        return false;
    }
    return true;
}

static bool S_any_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            return true;
    return false;
}

static tb_rgba S_series_colour(const tb_chart_series *se, int k)
{
    return se->colour.a > 0 ? se->colour : tb_chart_palette(k);
}

static double S_money_max(const tb_chart_spec *s)
{
    double m = 0;
    for (size_t k = 0; k < s->n_series; k++)
        for (size_t i = 0; i < s->series[k].n; i++)
            if (isfinite(s->series[k].v[i]) && fabs(s->series[k].v[i]) > m)
                m = fabs(s->series[k].v[i]);
    return m;
}

/* ------------------------------------------------------------ line */

typedef struct {
    double y, want;   /* placed and wanted middle */
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

static int S_last_finite(const double *v, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (isfinite(v[i]))
            return (int)i;
    return -1;
}

static void S_draw_line(S_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    tb_fmt_scale fs = tb_fmt_money_scale(S_money_max(s), s->unit, s->lang);
    S_frame(x, fs.label);
    S_rect r = x->body;
    int n = (int)s->series[0].n;
    int ns = (int)s->n_series;
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < ns; k++)
        S_minmax(s->series[k].v, s->series[k].n, &lo, &hi);
    if (!isfinite(lo)) {
        S_no_data(x, r);
        return;
    }
    /* Room on the right for the end labels (name over value). */
    char buf[TB_FMT_SIZE];
    double lab_w = 0;
    for (int k = 0; k < ns; k++) {
        const tb_chart_series *se = &s->series[k];
        int last = S_last_finite(se->v, se->n);
        S_font(x, TB_FONT_BOLD, S_LABEL_SIZE, S_INK);
        double w1 = tb_canvas_text_width(c, se->label ? se->label : "");
        S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_INK);
        double w2 = last >= 0 ? tb_canvas_text_width(c, tb_fmt_money(buf, sizeof buf, se->v[last], s->unit, s->lang, 0))
                              : 0;
        lab_w = fmax(lab_w, fmax(w1, w2));
    }
    r.w -= lab_w + 10;
    r.h -= S_MONTH_AXIS_H;
    /* Lines need not start at zero; pad the range a little, never below
     * zero for values that cannot be negative. */
    double pad = (hi - lo) * 0.04;
    S_scale sc = S_vaxis(x, &r, lo >= 0 ? fmax(0, lo - pad) : lo - pad, hi + pad, fs.divisor, false);
    double bw = r.w / n;
    /* Baseline: the lowest gridline, darker. */
    tb_canvas_set_stroke(c, tb_rgb_hex(0x8C8C8C));
    tb_canvas_set_line_width(c, 0.8);
    double by = tb_canvas_snap(c, r.y + r.h, 0.8);
    tb_canvas_move_to(c, r.x, by);
    tb_canvas_line_to(c, r.x + r.w, by);
    tb_canvas_stroke(c);
    S_month_axis(x, &r, s->start, n);

    S_endlabel labels[16] = {{0, 0, 0, 0}};
    int nl = 0;
    tb_canvas_set_line_join(c, TB_JOIN_ROUND);
    tb_canvas_set_line_cap(c, TB_CAP_ROUND);
    for (int k = 0; k < ns; k++) {
        const tb_chart_series *se = &s->series[k];
        tb_rgba col = S_series_colour(se, k);
        tb_canvas_set_stroke(c, col);
        tb_canvas_set_line_width(c, 2.25);
        bool pen = false;
        for (int i = 0; i < n; i++) {
            if (!isfinite(se->v[i])) {
                pen = false;
                continue;
            }
            double px = r.x + (i + 0.5) * bw, py = S_pos(&sc, se->v[i]);
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
                tb_canvas_circle(c, r.x + (i + 0.5) * bw, S_pos(&sc, se->v[i]), 2.25);
        tb_canvas_fill(c);
        int last = S_last_finite(se->v, se->n);
        if (last >= 0 && nl < 16) {
            double py = S_pos(&sc, se->v[last]);
            tb_canvas_set_fill(c, col);
            tb_canvas_set_stroke(c, tb_rgb_hex(0xFFFFFF));
            tb_canvas_set_line_width(c, 1.2);
            tb_canvas_circle(c, r.x + (last + 0.5) * bw, py, 3.4);
            tb_canvas_fill_stroke(c);
            labels[nl++] = (S_endlabel){py, py, 2 * S_LABEL_SIZE * 1.2, k};
        }
    }
    tb_canvas_set_line_cap(c, TB_CAP_BUTT);
    tb_canvas_set_line_join(c, TB_JOIN_MITER);
    qsort(labels, (size_t)nl, sizeof labels[0], S_cmp_endlabel);
    S_spread(labels, nl, r.y - 4, r.y + r.h + 4);
    double lx = r.x + r.w + 8;
    for (int i = 0; i < nl; i++) {
        const tb_chart_series *se = &s->series[labels[i].k];
        int last = S_last_finite(se->v, se->n);
        tb_rgba tc = S_text_colour(S_series_colour(se, labels[i].k));
        double lx0 = r.x + (last + 0.5) * bw + 6;
        double xx = last == n - 1 ? lx : lx0;
        tb_canvas_set_font(c, TB_FONT_BOLD, S_LABEL_SIZE);
        tb_canvas_set_fill(c, tc);
        tb_canvas_text(c, xx, labels[i].y - 1.5, se->label ? se->label : "", TB_ALIGN_LEFT, TB_VALIGN_BOTTOM);
        tb_canvas_set_font(c, TB_FONT_REGULAR, S_LABEL_SIZE);
        tb_canvas_text(c, xx, labels[i].y + 1.5, tb_fmt_money(buf, sizeof buf, se->v[last], s->unit, s->lang, 0),
                       TB_ALIGN_LEFT, TB_VALIGN_TOP);
    }
}

/* ----------------------------------------------- balance, growth bars */

static void S_draw_month_bars(S_ctx *x, bool money)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    const tb_chart_series *se = &s->series[0];
    tb_fmt_scale fs = money ? tb_fmt_money_scale(S_money_max(s), s->unit, s->lang) : (tb_fmt_scale){1, "%"};
    S_frame(x, fs.label);
    S_rect r = x->body;
    int n = (int)se->n;
    double lo = 0, hi = 0;
    S_minmax(se->v, se->n, &lo, &hi);
    if (!S_any_finite(se->v, se->n)) {
        S_no_data(x, r);
        return;
    }
    tb_rgba pos = tb_chart_colour_positive(), neg = tb_chart_colour_negative();
    /* Legend, and room above the bars for the streak annotation. */
    bool hl = s->highlight_from >= 0 && s->highlight_to >= s->highlight_from;
    if (money) { /* only the kinds of bar drawn */
        S_key keys[2];
        int nk = 0;
        if (hi > 0)
            keys[nk++] = (S_key){tb_lang(TB_L_SURPLUS, x->ko), pos, 0};
        if (lo < 0)
            keys[nk++] = (S_key){tb_lang(TB_L_DEFICIT, x->ko), neg, 0};
        r.y += S_legend(x, keys, nk, r.x, r.y + 5, r.w) + 2;
        r.h -= 16;
    }
    double top_room = hl && s->highlight_label ? 30 : 4;
    r.y += top_room;
    r.h -= top_room + S_MONTH_AXIS_H;
    /* Room right of the bars for the latest value. */
    int last = S_last_finite(se->v, se->n);
    char vbuf[TB_FMT_SIZE] = "";
    if (last >= 0) {
        if (money)
            tb_fmt_money(vbuf, sizeof vbuf, se->v[last], s->unit, s->lang, 0);
        else
            tb_fmt_pct(vbuf, sizeof vbuf, se->v[last], 1, TB_FMT_SIGN);
        tb_canvas_set_font(c, TB_FONT_BOLD, S_LABEL_SIZE);
        r.w -= tb_canvas_text_width(c, vbuf) + 6;
    }
    S_scale sc = S_vaxis(x, &r, lo, hi, fs.divisor, true);
    double bw = r.w / n, bar = fmin(bw * 0.72, 28);
    for (int i = 0; i < n; i++) {
        double v = se->v[i];
        if (!isfinite(v))
            continue;
        tb_canvas_set_fill(c, v >= 0 ? pos : neg);
        double y0 = S_pos(&sc, 0), y1 = S_pos(&sc, v);
        double cx = r.x + (i + 0.5) * bw;
        tb_canvas_rect(c, cx - bar / 2, fmin(y0, y1), bar, fabs(y1 - y0));
        tb_canvas_fill(c);
    }
    S_zero_line(x, &r, &sc, false);
    S_month_axis(x, &r, s->start, n);
    /* The latest value beside its bar's end. */
    if (last >= 0) {
        double v = se->v[last];
        tb_canvas_set_font(c, TB_FONT_BOLD, S_LABEL_SIZE);
        tb_canvas_set_fill(c, S_text_colour(v >= 0 ? pos : neg));
        double cx = r.x + (last + 0.5) * bw, yv = S_pos(&sc, v);
        double cap = tb_canvas_cap_height(c);
        double ty = fmin(fmax(yv, r.y + cap / 2), r.y + r.h - cap / 2);
        tb_canvas_text(c, cx + bar / 2 + 4, ty, vbuf, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
    }
    /* The streak: a bracket over its bars with the label above. */
    if (hl && s->highlight_label) {
        int i0 = s->highlight_from - s->start, i1 = s->highlight_to - s->start;
        i0 = i0 < 0 ? 0 : i0;
        i1 = i1 >= n ? n - 1 : i1;
        if (i0 <= i1) {
            double x0 = r.x + (i0 + 0.5) * bw - bar / 2, x1 = r.x + (i1 + 0.5) * bw + bar / 2;
            double yb = r.y - 16;
            tb_canvas_set_stroke(c, tb_rgb_hex(S_SUBTLE));
            tb_canvas_set_line_width(c, 0.8);
            tb_canvas_move_to(c, x0, yb + 4);
            tb_canvas_line_to(c, x0, yb);
            tb_canvas_line_to(c, x1, yb);
            tb_canvas_line_to(c, x1, yb + 4);
            tb_canvas_stroke(c);
            S_font(x, TB_FONT_BOLD, S_LABEL_SIZE, S_INK);
            double tw = tb_canvas_text_width(c, s->highlight_label);
            double tx = (x0 + x1) / 2 - tw / 2;
            tx = fmin(tx, r.x + r.w - tw);
            tx = fmax(tx, r.x);
            tb_canvas_text(c, tx, yb - 3, s->highlight_label, TB_ALIGN_LEFT, TB_VALIGN_BASELINE);
        }
    }
}

/* --------------------------------------- horizontal bars per category */

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
static double S_value_label_x(double x0, double x1, double tip, double tw, double rx, const S_rect *p,
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

static void S_draw_hbars(S_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    bool share = s->type == TB_CHART_SHARE;
    S_frame(x, "%");
    S_rect r = x->body;
    if (s->n_series < 1 || !s->series[0].v || s->series[0].n < s->n_categories || !s->categories) {
        tb_canvas_fail(c, "%s chart needs categories and one value per category", tb_chart_type_name(s->type));
        return;
    }
    const tb_chart_series *se = &s->series[0];
    int n = (int)s->n_categories;
    if (n == 0 || !S_any_finite(se->v, (size_t)n)) {
        S_no_data(x, r);
        return;
    }
    S_order *ord = tb_mem_alloc(sizeof *ord * (size_t)n);
    int sorted_n = s->others_last ? n - 1 : n;
    for (int i = 0; i < n; i++)
        ord[i] = (S_order){i, se->v[i]};
    qsort(ord, (size_t)sorted_n, sizeof *ord, S_cmp_order);
    tb_rgba bar_col = S_series_colour(se, 0);
    /* Legend. */
    if (share && se->ref) {
        S_key keys[2] = {{s->value_label ? s->value_label : "", bar_col, 0},
                         {s->ref_label ? s->ref_label : "", tb_rgb_hex(S_INK), 2}};
        r.y += S_legend(x, keys, 2, r.x, r.y + 5, r.w) + 4;
        r.h -= 18;
    }
    /* Label column. */
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE + 0.5, S_INK);
    double lab_w = 0;
    for (int i = 0; i < n; i++)
        lab_w = fmax(lab_w, tb_canvas_text_width(c, s->categories[i] ? s->categories[i] : ""));
    lab_w = fmin(lab_w, r.w * 0.34);
    /* Domain and value-label room on both sides. */
    double lo = 0, hi = 0;
    S_minmax(se->v, (size_t)n, &lo, &hi);
    if (share && se->ref)
        S_minmax(se->ref, (size_t)n, &lo, &hi);
    char buf[TB_FMT_SIZE];
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_INK);
    double vw = tb_canvas_text_width(c, tb_fmt_pct(buf, sizeof buf, hi, 1, share ? 0 : TB_FMT_SIGN)) + 5;
    double vwn = lo < 0 ? tb_canvas_text_width(c, tb_fmt_pct(buf, sizeof buf, lo, 1, 0)) + 5 : 0;
    bool has_ref = isfinite(s->reference);
    double ref_band = has_ref ? 16 : 0;
    S_rect p = {r.x + lab_w + 10, r.y + ref_band, r.w - lab_w - 10, r.h - 18 - ref_band};
    S_scale sc = {.divisor = 1};
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
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_AXIS_TEXT);
    tb_canvas_set_line_width(c, 0.6);
    double bottom = p.y + n * row;
    for (int i = 0; i < sc.t.n; i++) {
        double v = tb_ticks_at(&sc.t, i);
        if (v < sc.lo - 1e-9 || v > sc.hi + 1e-9)
            continue;
        double gx = tb_canvas_snap(c, S_pos(&sc, v), 0.6);
        if (v != 0) {
            tb_canvas_set_stroke(c, tb_rgb_hex(S_GRID));
            tb_canvas_move_to(c, gx, p.y);
            tb_canvas_line_to(c, gx, bottom);
            tb_canvas_stroke(c);
        }
        tb_canvas_text(c, gx, bottom + 5, S_tick_label(buf, v, sc.t.decimals), TB_ALIGN_CENTER, TB_VALIGN_TOP);
    }
    /* Reference line (e.g. the total's growth), under the bars, labelled
     * above the rows. */
    if (has_ref) {
        double rx = S_pos(&sc, s->reference);
        double dash[2] = {3, 2.5};
        tb_canvas_set_stroke(c, tb_rgb_hex(S_INK));
        tb_canvas_set_line_width(c, 1);
        tb_canvas_set_dash(c, dash, 2, 0);
        tb_canvas_move_to(c, rx, p.y - 6);
        tb_canvas_line_to(c, rx, p.y + n * row);
        tb_canvas_stroke(c);
        tb_canvas_mark_rule(c, rx - 0.5, p.y - 6, 1, n * row + 6);
        tb_canvas_set_dash(c, NULL, 0, 0);
        tb_fmt_pct(buf, sizeof buf, s->reference, 1, TB_FMT_SIGN);
        char *lbl = tb_mem_printf("%s %s", s->reference_label ? s->reference_label : "", buf);
        S_font(x, TB_FONT_BOLD, S_LABEL_SIZE, S_INK);
        double tw = tb_canvas_text_width(c, lbl);
        /* Beside the top of the line, on the side with room. */
        bool right = rx + 4 + tw <= r.x + r.w;
        tb_canvas_text(c, right ? rx + 4 : rx - 4, p.y - 6, lbl, right ? TB_ALIGN_LEFT : TB_ALIGN_RIGHT,
                       TB_VALIGN_MIDDLE);
        free(lbl);
    }
    for (int k = 0; k < n; k++) {
        int i = ord[k].i;
        double cy = p.y + (k + 0.5) * row;
        /* Category label. */
        S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE + 0.5, S_INK);
        char *lab = tb_canvas_ellipsize(c, s->categories[i] ? s->categories[i] : "", lab_w);
        tb_canvas_text(c, r.x + lab_w, cy, lab, TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
        free(lab);
        double v = se->v[i];
        bool other = s->others_last && i == n - 1;
        tb_rgba col = other ? tb_rgb_hex(0xB3B3B3)
                    : share ? bar_col
                    : v >= 0 ? tb_chart_colour_positive()
                             : tb_chart_colour_negative();
        if (isfinite(v)) {
            double x0 = S_pos(&sc, 0), x1 = S_pos(&sc, v);
            tb_canvas_set_fill(c, col);
            tb_canvas_rect(c, fmin(x0, x1), cy - bar / 2, fabs(x1 - x0), bar);
            tb_canvas_fill(c);
            S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_INK);
            tb_fmt_pct(buf, sizeof buf, v, 1, share ? 0 : TB_FMT_SIGN);
            double tip = fmax(x1, (share && se->ref && isfinite(se->ref[i])) ? S_pos(&sc, se->ref[i]) + 1 : x1);
            double tw = tb_canvas_text_width(c, buf);
            bool inside;
            double tx = S_value_label_x(x0, x1, tip, tw, has_ref ? S_pos(&sc, s->reference) : NAN, &p, &inside);
            tb_canvas_set_fill(c, inside ? (S_dark(col) ? tb_rgb_hex(0xFFFFFF) : tb_rgb_hex(S_INK))
                                  : other ? tb_rgb_hex(S_SUBTLE)
                                          : S_text_colour(col));
            tb_canvas_text(c, tx, cy, buf, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
        } else {
            S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_SOURCE);
            tb_canvas_text(c, S_pos(&sc, 0) + 4, cy, tb_lang(TB_L_NA, x->ko), TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
        }
        if (share && se->ref && isfinite(se->ref[i])) {
            double rx = S_pos(&sc, se->ref[i]);
            tb_canvas_set_stroke(c, tb_rgb_hex(S_INK));
            tb_canvas_set_line_width(c, 2);
            tb_canvas_move_to(c, rx, cy - row * 0.42);
            tb_canvas_line_to(c, rx, cy + row * 0.42);
            tb_canvas_stroke(c);
        }
    }
    S_rect zr = {p.x, p.y, p.w, n * row};
    S_zero_line(x, &zr, &sc, true);
    free(ord);
}

/* ---------------------------------------------------- stacked shares */

static void S_draw_stacked(S_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    S_frame(x, "%");
    S_rect r = x->body;
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
    S_key *keys = tb_mem_alloc(sizeof *keys * (size_t)nc);
    for (int i = 0; i < nc; i++)
        keys[i] = (S_key){s->categories[i] ? s->categories[i] : "",
                          (s->others_last && i == nc - 1) ? tb_rgb_hex(0xB3B3B3) : tb_chart_palette(i), 0};
    double lh = S_legend(x, keys, nc, r.x, r.y + 5, r.w);
    r.y += lh + 8;
    r.h -= lh + 8;
    S_font(x, TB_FONT_BOLD, S_LABEL_SIZE + 0.5, S_INK);
    double lab_w = 0;
    for (int b = 0; b < nb; b++)
        lab_w = fmax(lab_w, tb_canvas_text_width(c, s->series[b].label ? s->series[b].label : ""));
    double bx = r.x + lab_w + 10, bwid = r.w - lab_w - 10;
    double row = fmin(r.h / nb, 56), bar = row * 0.62;
    char buf[TB_FMT_SIZE];
    for (int b = 0; b < nb; b++) {
        const tb_chart_series *se = &s->series[b];
        double cy = r.y + (b + 0.5) * row;
        S_font(x, TB_FONT_BOLD, S_LABEL_SIZE + 0.5, S_INK);
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
            S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_INK);
            tb_fmt_pct(buf, sizeof buf, v / total * 100, v / total * 100 >= 10 ? 0 : 1, 0);
            if (tb_canvas_text_width(c, buf) + 6 <= w) {
                tb_canvas_set_fill(c, S_dark(keys[i].colour) ? tb_rgb_hex(0xFFFFFF) : tb_rgb_hex(S_INK));
                tb_canvas_text(c, cx + w / 2, cy, buf, TB_ALIGN_CENTER, TB_VALIGN_MIDDLE);
            }
            cx += w;
        }
    }
    free(keys);
}

/* ------------------------------------------------------------ annual */

static void S_draw_annual(S_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    tb_fmt_scale fs = tb_fmt_money_scale(S_money_max(s), s->unit, s->lang);
    S_frame(x, fs.label);
    S_rect r = x->body;
    int ns = (int)s->n_series, n = (int)s->series[0].n;
    double lo = 0, hi = 0;
    for (int k = 0; k < ns; k++)
        S_minmax(s->series[k].v, s->series[k].n, &lo, &hi);
    if (hi <= 0 && lo >= 0) {
        S_no_data(x, r);
        return;
    }
    S_key keys[8];
    int nk = ns < 8 ? ns : 8;
    for (int k = 0; k < nk; k++)
        keys[k] = (S_key){s->series[k].label ? s->series[k].label : "", S_series_colour(&s->series[k], k), 0};
    bool ytd = s->ytd_months > 0 && s->ytd_months < 12;
    r.y += S_legend(x, keys, nk, r.x, r.y + 5, r.w) + 6;
    r.h -= 20 + 30;
    S_scale sc = S_vaxis(x, &r, lo, hi, fs.divisor, true);
    double gw = r.w / n, bar = fmin(gw * 0.8 / ns, 26);
    int first_year = tb_month_year(s->start);
    char buf[TB_FMT_SIZE];
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_AXIS_TEXT);
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
            tb_rgba col = S_series_colour(&s->series[k], k);
            double y0 = S_pos(&sc, 0), y1 = S_pos(&sc, v);
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
            S_font(x, partial ? TB_FONT_BOLD : TB_FONT_REGULAR, S_LABEL_SIZE, partial ? S_INK : S_AXIS_TEXT);
            snprintf(buf, sizeof buf, "%d", yr);
            double ty = r.y + r.h + 6 + tb_canvas_cap_height(c);
            tb_canvas_text(c, r.x + (i + 0.5) * gw, ty, buf, TB_ALIGN_CENTER, TB_VALIGN_BASELINE);
            if (partial && s->ytd_label) {
                S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE - 0.5, S_SUBTLE);
                tb_canvas_text(c, r.x + (i + 0.5) * gw, ty + 11, s->ytd_label, TB_ALIGN_CENTER, TB_VALIGN_BASELINE);
            }
        }
    }
    S_zero_line(x, &r, &sc, false);
}

/* ----------------------------------------------------------- heatmap */

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

static void S_draw_heatmap(S_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    S_frame(x, "%");
    S_rect r = x->body;
    int rows = (int)s->n_series, n = (int)s->series[0].n;
    double t[3];
    S_heat_bins(s, t);
    char buf[TB_FMT_SIZE];
    /* Legend: seven boxes with the thresholds between them. */
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_AXIS_TEXT);
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
    tb_canvas_set_fill(c, tb_rgb_hex(S_AXIS_TEXT));
    for (int i = 0; i < 6; i++)
        tb_canvas_text(c, r.x + (i + 1) * box, ly + 12, tb_fmt_number(buf, sizeof buf, marks[i], 0, 0),
                       TB_ALIGN_CENTER, TB_VALIGN_TOP);
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE, S_AXIS_TEXT);
    tb_canvas_text(c, r.x + 7 * box + 6, ly + 4.5, tb_lang(TB_L_YOY_AXIS, x->ko),
                   TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
    r.y += 34;
    r.h -= 34 + S_MONTH_AXIS_H;
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE + 0.5, S_INK);
    double lab_w = 0;
    for (int k = 0; k < rows; k++)
        lab_w = fmax(lab_w, tb_canvas_text_width(c, s->series[k].label ? s->series[k].label : ""));
    lab_w = fmin(lab_w, r.w * 0.3);
    S_rect g = {r.x + lab_w + 8, r.y, r.w - lab_w - 8, r.h};
    double cw = g.w / n, ch = fmin(g.h / rows, 26);
    g.h = ch * rows;
    S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE - 0.5, S_INK);
    bool text = cw >= tb_canvas_text_width(c, "\xe2\x88\x92" "88.8") + 4 && ch >= 11;
    bool text0 = !text && cw >= tb_canvas_text_width(c, "\xe2\x88\x92" "88") + 3 && ch >= 11;
    for (int k = 0; k < rows; k++) {
        const tb_chart_series *se = &s->series[k];
        double cy = g.y + k * ch;
        S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE + 0.5, S_INK);
        char *lab = tb_canvas_ellipsize(c, se->label ? se->label : "", lab_w);
        tb_canvas_text(c, g.x - 8, cy + ch / 2, lab, TB_ALIGN_RIGHT, TB_VALIGN_MIDDLE);
        free(lab);
        for (int i = 0; i < n && i < (int)se->n; i++) {
            double v = se->v[i];
            tb_rgba col = isfinite(v) ? tb_rgb_hex(S_div7[S_heat_bin(v, t)]) : tb_rgb_hex(S_MISSING);
            tb_canvas_set_fill(c, col);
            tb_canvas_rect(c, g.x + i * cw + 0.5, cy + 0.5, cw - 1, ch - 1);
            tb_canvas_fill(c);
            if (isfinite(v) && (text || text0)) {
                int dec = (text && fabs(v) < 99.95) ? 1 : 0;
                tb_fmt_number(buf, sizeof buf, v, dec, 0);
                S_font(x, TB_FONT_REGULAR, S_LABEL_SIZE - 0.5, S_INK);
                if (tb_canvas_text_width(c, buf) + 3 <= cw) {
                    tb_canvas_set_fill(c, S_dark(col) ? tb_rgb_hex(0xFFFFFF) : tb_rgb_hex(S_INK));
                    tb_canvas_text(c, g.x + (i + 0.5) * cw, cy + ch / 2, buf, TB_ALIGN_CENTER, TB_VALIGN_MIDDLE);
                }
            }
        }
    }
    S_month_axis(x, &g, s->start, n);
}

/* --------------------------------------------------------- sparkline */

static void S_draw_sparkline(S_ctx *x)
{
    const tb_chart_spec *s = x->s;
    tb_canvas *c = x->c;
    const tb_chart_series *se = &s->series[0];
    double W = tb_canvas_width(c), H = tb_canvas_height(c);
    double lo = INFINITY, hi = -INFINITY;
    S_minmax(se->v, se->n, &lo, &hi);
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
    int last = S_last_finite(se->v, se->n);
    tb_canvas_set_fill(c, se->colour.a > 0 ? se->colour : tb_chart_colour_export());
    tb_canvas_circle(c, pad + last * dx, pad + (hi - se->v[last]) / (hi - lo) * (H - 2 * pad), 2);
    tb_canvas_fill(c);
}

/* ------------------------------------------------------------- entry */

tb_fmt_scale tb_chart_scale(const tb_chart_spec *spec)
{
    switch (spec->type) {
    case TB_CHART_LINE:
    case TB_CHART_BALANCE:
    case TB_CHART_ANNUAL:
    case TB_CHART_SPARKLINE:
        return tb_fmt_money_scale(S_money_max(spec), spec->unit, spec->lang);
    default:
        return (tb_fmt_scale){1, "%"};
    }
}

char *tb_chart_subtitle(const tb_chart_spec *spec)
{
    return S_subst_unit(spec->subtitle, tb_chart_scale(spec).label);
}

bool tb_chart_has_data(const tb_chart_spec *spec)
{
    for (size_t k = 0; k < spec->n_series; k++) {
        const tb_chart_series *se = &spec->series[k];
        size_t n = se->n;
        if (spec->type == TB_CHART_GROWTH_ITEMS || spec->type == TB_CHART_SHARE)
            n = n < spec->n_categories ? n : spec->n_categories;
        if (se->v && S_any_finite(se->v, n))
            return true;
    }
    return false;
}

int tb_chart_draw(const tb_chart_spec *spec, tb_canvas *c)
{
    if (tb_canvas_status(c))
        return -1;
    S_ctx x = {spec, c, tb_fmt_is_ko(spec->lang), {0, 0, 0, 0}};
    tb_canvas_set_lang(c, spec->lang);
    tb_canvas_save(c);
    switch (spec->type) {
    case TB_CHART_LINE:
        if (S_check_monthly(&x, 1))
            S_draw_line(&x);
        break;
    case TB_CHART_BALANCE:
        if (S_check_monthly(&x, 1))
            S_draw_month_bars(&x, true);
        break;
    case TB_CHART_GROWTH:
        if (S_check_monthly(&x, 1))
            S_draw_month_bars(&x, false);
        break;
    case TB_CHART_GROWTH_ITEMS:
    case TB_CHART_SHARE:
        S_draw_hbars(&x);
        break;
    case TB_CHART_SHARE_STACKED:
        S_draw_stacked(&x);
        break;
    case TB_CHART_ANNUAL:
        if (S_check_monthly(&x, 1))
            S_draw_annual(&x);
        break;
    case TB_CHART_HEATMAP:
        if (S_check_monthly(&x, 1))
            S_draw_heatmap(&x);
        break;
    case TB_CHART_SPARKLINE:
        if (S_check_monthly(&x, 1))
            S_draw_sparkline(&x);
        break;
    default:
        tb_canvas_fail(c, "unknown chart type %d", (int)spec->type);
    }
    tb_canvas_restore(c);
    return tb_canvas_status(c);
}

void tb_chart_default_size(const tb_chart_spec *spec, double *w, double *h)
{
    *w = 640;
    *h = 400;
    size_t rows = 0;
    switch (spec->type) {
    case TB_CHART_GROWTH_ITEMS:
    case TB_CHART_SHARE:
        rows = spec->n_categories;
        *h = fmin(fmax(140 + 24.0 * (double)rows, 240), 720);
        break;
    case TB_CHART_HEATMAP:
        rows = spec->n_series;
        *h = fmin(fmax(165 + 22.0 * (double)rows, 300), 760);
        break;
    case TB_CHART_SHARE_STACKED:
        *h = fmin(fmax(170 + 50.0 * (double)spec->n_series, 260), 600);
        break;
    case TB_CHART_SPARKLINE:
        *w = 96;
        *h = 24;
        break;
    default:
        break;
    }
}

/* The code points each font sets in a chart, gathered by a probe. */
typedef struct {
    uint32_t *cps[TB_FONT_COUNT];
    size_t n[TB_FONT_COUNT], cap[TB_FONT_COUNT];
} S_cps;

static void S_probe_text(int font, const char *s, size_t len, void *user)
{
    S_cps *u = user;
    if (font < 0 || font >= TB_FONT_COUNT)
        return;
    for (size_t i = 0; i < len;) {
        TB_GROW(u->cps[font], u->cap[font], u->n[font] + 1);
        i += tb_utf8_next(s + i, len - i, &u->cps[font][u->n[font]++]);
    }
}

/* A standalone PDF canvas for SPEC with subsets of exactly the fonts and
 * glyphs its drawing sets (a probe drawing first: same spec, same size,
 * same text). */
static tb_canvas *S_pdf_canvas(const tb_chart_spec *spec, double w, double h)
{
    S_cps u = {0};
    tb_canvas *probe = tb_canvas_probe_new(w, h, S_probe_text, &u);
    tb_chart_draw(spec, probe);
    tb_canvas_free(probe);
    tb_canvas *c = tb_canvas_pdf_new(w, h);
    for (int f = 0; f < TB_FONT_COUNT; f++) {
        if (u.n[f])
            tb_canvas_pdf_embed(c, f, u.cps[f], u.n[f]);
        free(u.cps[f]);
    }
    return c;
}

int tb_chart_render(const tb_chart_spec *spec, const char *format, double w, double h, double scale,
                    unsigned char **out, size_t *len, char *err, size_t errsize)
{
    *out = NULL;
    *len = 0;
    tb_canvas *c;
    if (strcmp(format, "png") == 0)
        c = tb_canvas_cairo_image_new(w, h, scale);
    else if (strcmp(format, "svg") == 0)
        c = tb_canvas_svg_new(w, h);
    else if (strcmp(format, "pdf") == 0)
        c = S_pdf_canvas(spec, w, h);
    else {
        snprintf(err, errsize, "unknown chart format \"%s\" (png, svg or pdf)", format);
        return -1;
    }
    tb_chart_draw(spec, c);
    int rc = tb_canvas_encode(c, out, len);
    if (rc != 0)
        snprintf(err, errsize, "%s chart: %s", tb_chart_type_name(spec->type), tb_canvas_error(c));
    if (rc == 0 && strcmp(format, "svg") == 0) {
        unsigned char *svg = (unsigned char *)tb_chart_desc_svg(spec, (const char *)*out, *len, len);
        free(*out);
        *out = svg;
    }
    tb_canvas_free(c);
    return rc;
}

/* -------------------------------------------------------------- JSON */

static json_t *S_num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *S_str(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *S_month_json(tb_month m)
{
    char buf[8];
    return m >= 0 ? json_string(tb_month_iso(m, buf)) : json_null();
}

static json_t *S_values(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, S_num(v[i]));
    return a;
}

json_t *tb_chart_spec_json(const tb_chart_spec *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(tb_chart_type_name(s->type)));
    json_object_set_new(o, "lang", S_str(s->lang));
    json_object_set_new(o, "title", S_str(s->title));
    char *sub = tb_chart_subtitle(s);
    json_object_set_new(o, "subtitle", json_string(sub));
    free(sub);
    json_object_set_new(o, "source", S_str(s->source));
    if (s->note)
        json_object_set_new(o, "note", json_string(s->note));
    json_object_set_new(o, "unit",
                        json_pack("{s:s, s:f}", "currency", s->unit.currency, "multiplier", s->unit.multiplier));
    json_object_set_new(o, "start", S_month_json(s->start));
    json_t *sa = json_array();
    for (size_t k = 0; k < s->n_series; k++) {
        const tb_chart_series *se = &s->series[k];
        json_t *so = json_object();
        json_object_set_new(so, "label", S_str(se->label));
        json_object_set_new(so, "values", S_values(se->v, se->v ? se->n : 0));
        if (se->ref)
            json_object_set_new(so, "ref", S_values(se->ref, se->n));
        if (se->colour.a > 0) {
            char hex[8];
            snprintf(hex, sizeof hex, "#%02X%02X%02X", (unsigned)lround(se->colour.r * 255),
                     (unsigned)lround(se->colour.g * 255), (unsigned)lround(se->colour.b * 255));
            json_object_set_new(so, "colour", json_string(hex));
        }
        json_array_append_new(sa, so);
    }
    json_object_set_new(o, "series", sa);
    if (s->n_categories) {
        json_t *ca = json_array();
        for (size_t i = 0; i < s->n_categories; i++)
            json_array_append_new(ca, S_str(s->categories[i]));
        json_object_set_new(o, "categories", ca);
        json_object_set_new(o, "others_last", json_boolean(s->others_last));
    }
    if (s->highlight_from >= 0)
        json_object_set_new(o, "highlight",
                            json_pack("{s:o, s:o, s:o}", "from", S_month_json(s->highlight_from), "to",
                                      S_month_json(s->highlight_to), "label", S_str(s->highlight_label)));
    if (s->type == TB_CHART_ANNUAL) {
        json_object_set_new(o, "ytd_months", json_integer(s->ytd_months));
        json_object_set_new(o, "ytd_label", S_str(s->ytd_label));
    }
    if (isfinite(s->reference))
        json_object_set_new(o, "reference",
                            json_pack("{s:f, s:o}", "value", s->reference, "label", S_str(s->reference_label)));
    if (s->ref_label || s->value_label)
        json_object_set_new(o, "legend",
                            json_pack("{s:o, s:o}", "value", S_str(s->value_label), "ref", S_str(s->ref_label)));
    return o;
}

/* ------------------------------------------------------------ copies */

#define S_N_TEXTS 10

/* The addresses of SPEC's texts, to copy and free them alike. */
static void S_texts(tb_chart_spec *s, const char **t[S_N_TEXTS])
{
    const char **all[S_N_TEXTS] = {&s->lang,      &s->title,           &s->subtitle,  &s->source,
                                   &s->note,      &s->highlight_label, &s->ytd_label, &s->reference_label,
                                   &s->ref_label, &s->value_label};
    memcpy(t, all, sizeof all);
}

static double *S_values_dup(const double *v, size_t n)
{
    if (!v)
        return NULL;
    double *c = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *c);
    memcpy(c, v, n * sizeof *c);
    return c;
}

tb_chart_spec *tb_chart_spec_copy(const tb_chart_spec *spec)
{
    tb_chart_spec *s = tb_mem_alloc(sizeof *s);
    *s = *spec;
    const char **t[S_N_TEXTS];
    S_texts(s, t);
    for (int i = 0; i < S_N_TEXTS; i++)
        *t[i] = *t[i] ? tb_mem_strdup(*t[i]) : NULL;
    tb_chart_series *se = tb_mem_calloc(s->n_series ? s->n_series : 1, sizeof *se);
    for (size_t k = 0; k < s->n_series; k++) {
        se[k] = spec->series[k];
        se[k].label = se[k].label ? tb_mem_strdup(se[k].label) : NULL;
        se[k].v = S_values_dup(se[k].v, se[k].n);
        se[k].ref = S_values_dup(se[k].ref, se[k].n);
    }
    s->series = se;
    const char **cats = tb_mem_calloc(s->n_categories ? s->n_categories : 1, sizeof *cats);
    for (size_t i = 0; i < s->n_categories; i++)
        cats[i] = spec->categories[i] ? tb_mem_strdup(spec->categories[i]) : NULL;
    s->categories = cats;
    tb_chart_annotate_copy(s, spec);
    return s;
}

void tb_chart_spec_free(tb_chart_spec *s)
{
    if (!s)
        return;
    const char **t[S_N_TEXTS];
    S_texts(s, t);
    for (int i = 0; i < S_N_TEXTS; i++)
        free((void *)*t[i]);
    for (size_t k = 0; k < s->n_series; k++) {
        free((void *)s->series[k].label);
        free((void *)s->series[k].v);
        free((void *)s->series[k].ref);
    }
    free((void *)s->series);
    for (size_t i = 0; i < s->n_categories; i++)
        free((void *)s->categories[i]);
    free((void *)s->categories);
    tb_chart_annotate_free(s);
    free(s);
}
