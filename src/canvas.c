/* canvas: path recording, state, text layout and the sticky status shared
 * by every backend (see canvas.h, canvas_impl.h). */
#include "canvas.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_impl.h"
#include "buf.h"
#include "mem.h"

struct tb_canvas {
    const tb_canvas_backend *be;
    void *impl;
    double w, h, pixel_scale;
    char lang[8];
    tb_path_op *path;
    size_t n_path, cap_path;
    tb_canvas_gstate gs;
    tb_canvas_gstate *stack;
    size_t depth, cap_stack;
    tb_canvas_box *boxes;
    size_t n_boxes, cap_boxes;
    bool finished;
    int status;
    char *error; /* the first failure, NULL while status is 0 */
};

tb_rgba tb_rgb_hex(unsigned hex) { return tb_rgba_hex(hex, 1); }

tb_rgba tb_rgba_hex(unsigned hex, double alpha)
{
    return (tb_rgba){((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0, alpha};
}

tb_rgba tb_rgba_tint(tb_rgba a, double t)
{
    return (tb_rgba){a.r + (1 - a.r) * t, a.g + (1 - a.g) * t, a.b + (1 - a.b) * t, 1};
}

tb_canvas *tb_canvas_new(const tb_canvas_backend *backend, void *impl, double w, double h, double pixel_scale)
{
    tb_canvas *c = tb_mem_calloc(1, sizeof *c);
    c->be = backend;
    c->impl = impl;
    c->w = w;
    c->h = h;
    c->pixel_scale = pixel_scale;
    strcpy(c->lang, "en");
    c->gs.fill = tb_rgb_hex(0x000000);
    c->gs.stroke = tb_rgb_hex(0x000000);
    c->gs.line_width = 1;
    c->gs.font_role = TB_FONT_REGULAR;
    c->gs.font_size = 10;
    if (!(w > 0 && h > 0 && w < 1e5 && h < 1e5))
        tb_canvas_fail(c, "canvas size %gx%g out of range", w, h);
    return c;
}

void *tb_canvas_impl(tb_canvas *c) { return c->impl; }
const tb_canvas_backend *tb_canvas_backend_of(const tb_canvas *c) { return c->be; }

double tb_canvas_width(const tb_canvas *c) { return c->w; }
double tb_canvas_height(const tb_canvas *c) { return c->h; }
double tb_canvas_snap(const tb_canvas *c, double v, double width)
{
    double s = c->pixel_scale;
    if (s <= 0)
        return v;
    long px = lround(width * s);
    if (px < 1)
        px = 1;
    return (px % 2) ? (floor(v * s) + 0.5) / s : round(v * s) / s;
}

void tb_canvas_set_lang(tb_canvas *c, const char *lang)
{
    snprintf(c->lang, sizeof c->lang, "%s", lang && lang[0] ? lang : "en");
}

int tb_canvas_status(const tb_canvas *c) { return c->status; }
const char *tb_canvas_error(const tb_canvas *c) { return c->error ? c->error : ""; }

void tb_canvas_fail(tb_canvas *c, const char *fmt, ...)
{
    if (c->status)
        return;
    c->status = -1;
    tb_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    c->error = tb_buf_take(&b);
}

static bool S_ok(tb_canvas *c)
{
    if (c->status)
        return false;
    if (c->finished) {
        tb_canvas_fail(c, "drawing on a finished canvas");
        return false;
    }
    return true;
}

static bool S_finite(double a, double b) { return isfinite(a) && isfinite(b); }

static void S_push(tb_canvas *c, enum tb_path_verb verb, const double *xy, int npts)
{
    if (!S_ok(c))
        return;
    for (int i = 0; i < npts; i++)
        if (!S_finite(xy[2 * i], xy[2 * i + 1])) {
            tb_canvas_fail(c, "non-finite coordinate in path");
            return;
        }
    TB_GROW(c->path, c->cap_path, c->n_path + 1);
    tb_path_op *op = &c->path[c->n_path++];
    op->verb = verb;
    for (int i = 0; i < 3; i++) {
        op->x[i] = i < npts ? xy[2 * i] : 0;
        op->y[i] = i < npts ? xy[2 * i + 1] : 0;
    }
}

void tb_canvas_move_to(tb_canvas *c, double x, double y) { S_push(c, TB_PATH_MOVE, (double[]){x, y}, 1); }

void tb_canvas_line_to(tb_canvas *c, double x, double y)
{
    if (c->n_path == 0 || c->path[c->n_path - 1].verb == TB_PATH_CLOSE)
        S_push(c, TB_PATH_MOVE, (double[]){x, y}, 1);
    else
        S_push(c, TB_PATH_LINE, (double[]){x, y}, 1);
}

void tb_canvas_curve_to(tb_canvas *c, double x1, double y1, double x2, double y2, double x3, double y3)
{
    if (c->n_path == 0)
        S_push(c, TB_PATH_MOVE, (double[]){x1, y1}, 1);
    S_push(c, TB_PATH_CURVE, (double[]){x1, y1, x2, y2, x3, y3}, 3);
}

void tb_canvas_close_path(tb_canvas *c)
{
    if (c->n_path > 0 && c->path[c->n_path - 1].verb != TB_PATH_CLOSE)
        S_push(c, TB_PATH_CLOSE, NULL, 0);
}

void tb_canvas_rect(tb_canvas *c, double x, double y, double w, double h)
{
    tb_canvas_move_to(c, x, y);
    S_push(c, TB_PATH_LINE, (double[]){x + w, y}, 1);
    S_push(c, TB_PATH_LINE, (double[]){x + w, y + h}, 1);
    S_push(c, TB_PATH_LINE, (double[]){x, y + h}, 1);
    tb_canvas_close_path(c);
}

void tb_canvas_circle(tb_canvas *c, double cx, double cy, double r)
{
    const double k = 0.5522847498 * r;
    tb_canvas_move_to(c, cx + r, cy);
    tb_canvas_curve_to(c, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    tb_canvas_curve_to(c, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    tb_canvas_curve_to(c, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    tb_canvas_curve_to(c, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    tb_canvas_close_path(c);
}

static bool S_colour_ok(tb_canvas *c, tb_rgba k)
{
    if (k.r >= 0 && k.r <= 1 && k.g >= 0 && k.g <= 1 && k.b >= 0 && k.b <= 1 && k.a >= 0 && k.a <= 1)
        return true;
    tb_canvas_fail(c, "colour component out of [0, 1]");
    return false;
}

void tb_canvas_set_fill(tb_canvas *c, tb_rgba colour)
{
    if (S_ok(c) && S_colour_ok(c, colour))
        c->gs.fill = colour;
}

void tb_canvas_set_stroke(tb_canvas *c, tb_rgba colour)
{
    if (S_ok(c) && S_colour_ok(c, colour))
        c->gs.stroke = colour;
}

void tb_canvas_set_line_width(tb_canvas *c, double width)
{
    if (!S_ok(c))
        return;
    if (!(width >= 0 && width < 1e4))
        tb_canvas_fail(c, "line width %g out of range", width);
    else
        c->gs.line_width = width;
}

void tb_canvas_set_dash(tb_canvas *c, const double *dashes, int n, double offset)
{
    if (!S_ok(c))
        return;
    if (n < 0 || n > 8) {
        tb_canvas_fail(c, "%d dash lengths (at most 8)", n);
        return;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (!(dashes[i] >= 0 && dashes[i] < 1e4)) {
            tb_canvas_fail(c, "dash length %g out of range", dashes[i]);
            return;
        }
        sum += dashes[i];
        c->gs.dash[i] = dashes[i];
    }
    if (n > 0 && sum <= 0) {
        tb_canvas_fail(c, "dash pattern of zero length");
        return;
    }
    c->gs.n_dash = n;
    c->gs.dash_offset = isfinite(offset) && offset >= 0 ? offset : 0;
}

void tb_canvas_set_line_cap(tb_canvas *c, enum tb_line_cap cap)
{
    if (S_ok(c))
        c->gs.cap = cap;
}

void tb_canvas_set_line_join(tb_canvas *c, enum tb_line_join join)
{
    if (S_ok(c))
        c->gs.join = join;
}

void tb_canvas_set_font(tb_canvas *c, enum tb_font_role role, double size)
{
    if (!S_ok(c))
        return;
    if (!(size > 0 && size < 1000)) {
        tb_canvas_fail(c, "font size %g out of range", size);
        return;
    }
    c->gs.font_role = role;
    c->gs.font_size = size;
}

static void S_paint(tb_canvas *c, int mode)
{
    if (S_ok(c) && c->n_path > 0)
        c->be->paint(c, c->path, c->n_path, mode, &c->gs);
    c->n_path = 0;
}

void tb_canvas_fill(tb_canvas *c) { S_paint(c, TB_PAINT_FILL); }
void tb_canvas_stroke(tb_canvas *c) { S_paint(c, TB_PAINT_STROKE); }
void tb_canvas_fill_stroke(tb_canvas *c) { S_paint(c, TB_PAINT_FILL | TB_PAINT_STROKE); }

void tb_canvas_save(tb_canvas *c)
{
    if (!S_ok(c))
        return;
    if (c->depth >= 64) {
        tb_canvas_fail(c, "save nested deeper than 64");
        return;
    }
    TB_GROW(c->stack, c->cap_stack, c->depth + 1);
    c->stack[c->depth++] = c->gs;
    c->be->save(c);
}

void tb_canvas_restore(tb_canvas *c)
{
    if (!S_ok(c))
        return;
    if (c->depth == 0) {
        tb_canvas_fail(c, "restore without save");
        return;
    }
    c->gs = c->stack[--c->depth];
    c->be->restore(c);
}

static int S_primary(tb_canvas *c) { return tb_font_primary(c->lang, c->gs.font_role); }

static bool S_font_ok(tb_canvas *c, int font)
{
    if (tb_font_path(font))
        return true;
    tb_canvas_fail(c, "font %s not found (fontconfig has no TrueType file for it)", tb_font_name(font));
    return false;
}

double tb_canvas_text_width(tb_canvas *c, const char *s)
{
    if (c->status || !S_font_ok(c, S_primary(c)))
        return 0;
    return tb_font_text_width(S_primary(c), s, c->gs.font_size);
}

double tb_canvas_cap_height(tb_canvas *c) { return tb_font_get_metrics(S_primary(c)).cap_height * c->gs.font_size; }

static void S_box(tb_canvas *c, tb_canvas_box b, const char *text)
{
    TB_GROW(c->boxes, c->cap_boxes, c->n_boxes + 1);
    snprintf(b.text, sizeof b.text, "%s", text);
    c->boxes[c->n_boxes++] = b;
}

void tb_canvas_mark_rule(tb_canvas *c, double x, double y, double w, double h)
{
    if (S_ok(c))
        S_box(c, (tb_canvas_box){x, y, w, h, TB_BOX_RULE, ""}, "");
}

const tb_canvas_box *tb_canvas_boxes(const tb_canvas *c, size_t *n)
{
    *n = c->n_boxes;
    return c->boxes;
}

bool tb_canvas_box_overlap(const tb_canvas_box *a, const tb_canvas_box *b, double slack)
{
    return a->x + slack < b->x + b->w && b->x + slack < a->x + a->w && a->y + slack < b->y + b->h &&
           b->y + slack < a->y + a->h;
}

void tb_canvas_text_rotated(tb_canvas *c, double x, double y, const char *s, enum tb_halign ha,
                            enum tb_valign va, double angle)
{
    if (!S_ok(c) || !s || !s[0])
        return;
    if (!S_finite(x, y) || !isfinite(angle)) {
        tb_canvas_fail(c, "non-finite text position");
        return;
    }
    int primary = S_primary(c);
    if (!S_font_ok(c, primary))
        return;
    double size = c->gs.font_size;
    double w = tb_font_text_width(primary, s, size);
    tb_font_metrics m = tb_font_get_metrics(primary);
    double dx = ha == TB_ALIGN_CENTER ? -w / 2 : ha == TB_ALIGN_RIGHT ? -w : 0;
    double dy = va == TB_VALIGN_MIDDLE ? m.cap_height * size / 2
              : va == TB_VALIGN_TOP    ? m.cap_height * size
              : va == TB_VALIGN_BOTTOM ? -m.descent * size
                                       : 0;
    /* Along the text u = (cos, -sin); down the glyphs v = (sin, cos). */
    double rad = angle * M_PI / 180, cs = cos(rad), sn = sin(rad);
    if (angle == 0)
        cs = 1, sn = 0;
    double ox = x + dx * cs + dy * sn, oy = y - dx * sn + dy * cs;
    if (angle == 0)
        S_box(c, (tb_canvas_box){ox, oy - m.cap_height * size, w, (m.cap_height + m.descent) * size, TB_BOX_TEXT, ""},
              s);
    size_t len = strlen(s), i = 0;
    double adv = 0;
    while (i < len && !c->status) {
        int font;
        size_t n = tb_font_next_run(primary, s + i, len - i, &font);
        if (font != primary && !tb_font_path(font))
            font = primary;
        c->be->text(c, font, size, ox + adv * cs, oy - adv * sn, angle, s + i, n, c->gs.fill);
        adv += tb_font_run_width(font, s + i, n, size);
        i += n;
    }
}

void tb_canvas_text(tb_canvas *c, double x, double y, const char *s, enum tb_halign ha, enum tb_valign va)
{
    tb_canvas_text_rotated(c, x, y, s, ha, va, 0);
}

char *tb_canvas_ellipsize(tb_canvas *c, const char *s, double max_w)
{
    if (tb_canvas_text_width(c, s) <= max_w)
        return tb_mem_strdup(s);
    static const char ell[] = "\xe2\x80\xa6";
    size_t len = strlen(s);
    /* Drop whole code points from the end until it fits. */
    while (len > 0) {
        do
            len--;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80);
        while (len > 0 && s[len - 1] == ' ')
            len--;
        char *t = tb_mem_printf("%.*s%s", (int)len, s, ell);
        if (tb_canvas_text_width(c, t) <= max_w || len == 0)
            return t;
        free(t);
    }
    return tb_mem_strdup(ell);
}

static int S_finish(tb_canvas *c)
{
    if (!c->finished && !c->status) {
        if (c->depth != 0)
            tb_canvas_fail(c, "%zu save(s) without restore", c->depth);
        else if (c->be->finish && c->be->finish(c) != 0 && !c->status)
            tb_canvas_fail(c, "backend failed to finish");
    }
    c->finished = true;
    return c->status;
}

int tb_canvas_finish(tb_canvas *c) { return S_finish(c); }

int tb_canvas_encode(tb_canvas *c, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (c->finished && !c->status) {
        tb_canvas_fail(c, "canvas already encoded or finished");
        return -1;
    }
    if (S_finish(c))
        return -1;
    if (!c->be->encode) {
        tb_canvas_fail(c, "this canvas draws into a page and has no file to encode");
        return -1;
    }
    if (c->be->encode(c, out, len) != 0 || c->status) {
        free(*out);
        *out = NULL;
        *len = 0;
        tb_canvas_fail(c, "encoding failed");
        return -1;
    }
    return 0;
}

void tb_canvas_free(tb_canvas *c)
{
    if (!c)
        return;
    c->be->destroy(c);
    free(c->path);
    free(c->stack);
    free(c->boxes);
    free(c->error);
    free(c);
}
