/* chart_frame: see chart_frame.h. */
#include "chart_frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void tb_chart_frame_font(tb_chart_ctx *x, enum tb_font_role role, double size, unsigned colour)
{
    tb_canvas_set_font(x->c, role, size);
    tb_canvas_set_fill(x->c, tb_rgb_hex(colour));
}

/* A colour dark enough for text on white (light palette colours darken). */
tb_rgba tb_chart_frame_text_colour(tb_rgba k)
{
    double lum = 0.2126 * k.r + 0.7152 * k.g + 0.0722 * k.b;
    double f = lum > 0.45 ? 0.45 / lum : 1;
    if (f < 0.62)
        f = 0.62;
    return (tb_rgba){k.r * f, k.g * f, k.b * f, 1};
}

bool tb_chart_frame_dark(tb_rgba k) { return 0.2126 * k.r + 0.7152 * k.g + 0.0722 * k.b < 0.5; }

/* Word-wraps TEXT into at most MAX_LINES lines of width W in the current
 * font; draws them from baseline-top Y with LEADING and returns the height
 * used.  A last line that still overflows is shortened with "…". */
static double S_wrap(tb_chart_ctx *x, const char *text, double left, double y, double w, double leading, int max_lines,
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

char *tb_chart_frame_subst_unit(const char *text, const char *unit)
{
    const char *at = text ? strstr(text, "{unit}") : NULL;
    if (!at)
        return tb_mem_strdup(text ? text : "");
    return tb_mem_printf("%.*s%s%s", (int)(at - text), text, unit ? unit : "", at + 6);
}

/* Draws title, subtitle, note and source; sets x->body to what is left. */
void tb_chart_frame_draw(tb_chart_ctx *x, const char *unit_label)
{
    tb_canvas *c = x->c;
    double W = tb_canvas_width(c), H = tb_canvas_height(c);
    double left = TB_CHART_MARGIN, w = W - 2 * TB_CHART_MARGIN;
    double y = 12;
    if (x->s->title && x->s->title[0]) {
        tb_chart_frame_font(x, TB_FONT_BOLD, TB_CHART_TITLE_SIZE, TB_CHART_INK);
        y += S_wrap(x, x->s->title, left, y, w, TB_CHART_TITLE_SIZE * 1.25, 2, true) + 7;
    }
    char *sub = tb_chart_frame_subst_unit(x->s->subtitle, unit_label);
    if (sub[0]) {
        tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_SUBTITLE_SIZE, TB_CHART_SUBTLE);
        y += S_wrap(x, sub, left, y, w, TB_CHART_SUBTITLE_SIZE * 1.3, 2, true) + 6;
    }
    free(sub);
    double bottom = H - 9;
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_SOURCE_SIZE, TB_CHART_SOURCE);
    const char *lines[2] = {x->s->source, x->s->note};
    for (int i = 0; i < 2; i++) {
        if (!lines[i] || !lines[i][0])
            continue;
        double hgt = S_wrap(x, lines[i], left, 0, w, TB_CHART_SOURCE_SIZE * 1.3, 2, false);
        bottom -= hgt;
        S_wrap(x, lines[i], left, bottom, w, TB_CHART_SOURCE_SIZE * 1.3, 2, true);
        bottom -= 5;
    }
    x->body = (tb_chart_rect){left, y + 6, w, bottom - 6 - (y + 6)};
}

/* A legend row of swatches at (X, Y) (Y = middle of the row); returns its
 * height. */
double tb_chart_frame_legend(tb_chart_ctx *x, const tb_chart_key *keys, int n, double left, double y, double max_w)
{
    tb_canvas *c = x->c;
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_LABEL_SIZE, TB_CHART_INK);
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
        tb_canvas_set_fill(c, tb_rgb_hex(TB_CHART_INK));
        tb_canvas_text(c, cx + 13, y, keys[i].label, TB_ALIGN_LEFT, TB_VALIGN_MIDDLE);
        cx += item + 14;
    }
    return rows * row_h;
}

void tb_chart_frame_no_data(tb_chart_ctx *x, tb_chart_rect r)
{
    tb_chart_frame_font(x, TB_FONT_REGULAR, TB_CHART_SUBTITLE_SIZE, TB_CHART_SOURCE);
    tb_canvas_text(x->c, r.x + r.w / 2, r.y + r.h / 2, tb_lang(TB_L_NO_DATA, x->ko), TB_ALIGN_CENTER, TB_VALIGN_MIDDLE);
}

bool tb_chart_frame_any_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            return true;
    return false;
}

tb_rgba tb_chart_frame_series_colour(const tb_chart_series *se, int k)
{
    return se->colour.a > 0 ? se->colour : tb_chart_palette(k);
}

int tb_chart_frame_last_finite(const double *v, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (isfinite(v[i]))
            return (int)i;
    return -1;
}
