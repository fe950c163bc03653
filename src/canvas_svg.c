/* canvas_svg: SVG with real text (see canvas_svg.h). */
#include "canvas_svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canvas_impl.h"
#include "mem.h"

typedef struct {
    tb_buf body;
    double w, h;
} S_impl;

static S_impl *S_get(tb_canvas *c) { return tb_canvas_impl(c); }

/* Two decimals, no trailing zeros, no "-0". */
static void S_num(tb_buf *b, double v)
{
    char t[32];
    snprintf(t, sizeof t, "%.2f", fabs(v) < 0.005 ? 0.0 : v);
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == '0')
        n--;
    if (n > 0 && t[n - 1] == '.')
        n--;
    tb_buf_put(b, t, n);
}

static void S_path_d(tb_buf *b, const tb_path_op *ops, size_t n)
{
    static const char verbs[] = {'M', 'L', 'C', 'Z'};
    for (size_t i = 0; i < n; i++) {
        const tb_path_op *o = &ops[i];
        if (i)
            tb_buf_putc(b, ' ');
        tb_buf_putc(b, verbs[o->verb]);
        int pts = o->verb == TB_PATH_CURVE ? 3 : o->verb == TB_PATH_CLOSE ? 0 : 1;
        for (int k = 0; k < pts; k++) {
            tb_buf_putc(b, ' ');
            S_num(b, o->x[k]);
            tb_buf_putc(b, ' ');
            S_num(b, o->y[k]);
        }
    }
}

/* ATTR="#RRGGBB" and ATTR-opacity when not opaque. */
static void S_colour(tb_buf *b, const char *attr, tb_rgba k)
{
    tb_buf_printf(b, " %s=\"#%02X%02X%02X\"", attr, (unsigned)lround(k.r * 255), (unsigned)lround(k.g * 255),
                  (unsigned)lround(k.b * 255));
    if (k.a < 1) {
        tb_buf_printf(b, " %s-opacity=\"", attr);
        S_num(b, k.a);
        tb_buf_putc(b, '"');
    }
}

static void S_stroke(tb_buf *b, const tb_canvas_gstate *gs)
{
    static const char *const caps[] = {"butt", "round", "square"};
    static const char *const joins[] = {"miter", "round", "bevel"};
    S_colour(b, "stroke", gs->stroke);
    tb_buf_puts(b, " stroke-width=\"");
    S_num(b, gs->line_width);
    tb_buf_putc(b, '"');
    if (gs->cap != TB_CAP_BUTT)
        tb_buf_printf(b, " stroke-linecap=\"%s\"", caps[gs->cap]);
    if (gs->join != TB_JOIN_MITER)
        tb_buf_printf(b, " stroke-linejoin=\"%s\"", joins[gs->join]);
    if (gs->n_dash > 0) {
        tb_buf_puts(b, " stroke-dasharray=\"");
        for (int i = 0; i < gs->n_dash; i++) {
            if (i)
                tb_buf_putc(b, ' ');
            S_num(b, gs->dash[i]);
        }
        tb_buf_putc(b, '"');
        if (gs->dash_offset != 0) {
            tb_buf_puts(b, " stroke-dashoffset=\"");
            S_num(b, gs->dash_offset);
            tb_buf_putc(b, '"');
        }
    }
}

static void S_paint(tb_canvas *c, const tb_path_op *ops, size_t n, int mode, const tb_canvas_gstate *gs)
{
    tb_buf *b = &S_get(c)->body;
    tb_buf_puts(b, "<path d=\"");
    S_path_d(b, ops, n);
    tb_buf_putc(b, '"');
    if (mode & TB_PAINT_FILL)
        S_colour(b, "fill", gs->fill);
    else
        tb_buf_puts(b, " fill=\"none\"");
    if (mode & TB_PAINT_STROKE)
        S_stroke(b, gs);
    tb_buf_puts(b, "/>\n");
}

/* Every element carries its own paint: no state to save or restore. */
static void S_save(tb_canvas *c) {}
static void S_restore(tb_canvas *c) {}

static void S_xml(tb_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '&')
            tb_buf_puts(b, "&amp;");
        else if (s[i] == '<')
            tb_buf_puts(b, "&lt;");
        else if (s[i] == '>')
            tb_buf_puts(b, "&gt;");
        else
            tb_buf_putc(b, s[i]);
}

static void S_text(tb_canvas *c, int font, double size, double x, double y, double angle, const char *s, size_t len,
                   tb_rgba colour)
{
    tb_buf *b = &S_get(c)->body;
    bool korean = font / 2 == TB_FAMILY_KOREAN, bold = font % 2 == TB_FONT_BOLD;
    tb_buf_puts(b, "<text x=\"");
    S_num(b, x);
    tb_buf_puts(b, "\" y=\"");
    S_num(b, y);
    tb_buf_printf(b, "\" font-family=\"%s, sans-serif\" font-size=\"", korean ? "NanumGothic" : "DejaVu Sans");
    S_num(b, size);
    tb_buf_putc(b, '"');
    if (bold)
        tb_buf_puts(b, " font-weight=\"bold\"");
    S_colour(b, "fill", colour);
    if (angle != 0) {
        tb_buf_puts(b, " transform=\"rotate(");
        S_num(b, -angle);
        tb_buf_putc(b, ' ');
        S_num(b, x);
        tb_buf_putc(b, ' ');
        S_num(b, y);
        tb_buf_puts(b, ")\"");
    }
    tb_buf_puts(b, " xml:space=\"preserve\">");
    S_xml(b, s, len);
    tb_buf_puts(b, "</text>\n");
}

static int S_encode(tb_canvas *c, unsigned char **out, size_t *len)
{
    S_impl *m = S_get(c);
    tb_buf doc = {0};
    tb_buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    S_num(&doc, m->w);
    tb_buf_puts(&doc, "pt\" height=\"");
    S_num(&doc, m->h);
    tb_buf_puts(&doc, "pt\" viewBox=\"0 0 ");
    S_num(&doc, m->w);
    tb_buf_putc(&doc, ' ');
    S_num(&doc, m->h);
    tb_buf_puts(&doc, "\" version=\"1.1\">\n<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n");
    tb_buf_put(&doc, m->body.len ? tb_buf_str(&m->body) : "", m->body.len);
    tb_buf_puts(&doc, "</svg>\n");
    *len = doc.len;
    *out = (unsigned char *)tb_buf_take(&doc);
    return 0;
}

static void S_destroy(tb_canvas *c)
{
    S_impl *m = S_get(c);
    tb_buf_free(&m->body);
    free(m);
}

static const tb_canvas_backend S_backend = {
    .paint = S_paint,
    .save = S_save,
    .restore = S_restore,
    .text = S_text,
    .finish = NULL,
    .encode = S_encode,
    .destroy = S_destroy,
};

tb_canvas *tb_canvas_svg_new(double w, double h)
{
    S_impl *m = tb_mem_calloc(1, sizeof *m);
    m->w = w;
    m->h = h;
    return tb_canvas_new(&S_backend, m, w, h, 0);
}
