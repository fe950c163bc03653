/* canvas_cairo: cairo implementation of the canvas backend operations
 * (see canvas_cairo.h, canvas_impl.h). */
#include "canvas_cairo.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <cairo-svg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canvas_impl.h"
#include "canvas_png.h"
#include "mem.h"

typedef struct {
    cairo_surface_t *surface;
    cairo_t *cr;
    cairo_font_options_t *fopts;
    bool svg;
    double scale;
    tb_buf svg_text; /* SVG text as cairo streams it */
} S_impl;

/* cairo font faces over font.h's drawing faces; process-lifetime, like
 * the FreeType faces they wrap. */
static cairo_font_face_t *S_faces[TB_FONT_COUNT];

static cairo_font_face_t *S_face(int font)
{
    if (font < 0 || font >= TB_FONT_COUNT)
        return NULL;
    if (!S_faces[font]) {
        void *ft = tb_font_ft_face(font);
        if (!ft)
            return NULL;
        /* Outlines only: NanumGothic carries hinted bitmap strikes for small
         * sizes, which would differ from the PDF (and look ragged). */
        S_faces[font] = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_BITMAP);
    }
    return S_faces[font];
}

void tb_canvas_cairo_release(void)
{
    for (int i = 0; i < TB_FONT_COUNT; i++) {
        if (S_faces[i])
            cairo_font_face_destroy(S_faces[i]);
        S_faces[i] = NULL;
    }
    cairo_debug_reset_static_data();
}

static S_impl *S_get(tb_canvas *c) { return tb_canvas_impl(c); }

static void S_check(tb_canvas *c)
{
    S_impl *m = S_get(c);
    cairo_status_t st = cairo_status(m->cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(m->surface);
    if (st != CAIRO_STATUS_SUCCESS)
        tb_canvas_fail(c, "cairo: %s", cairo_status_to_string(st));
}

static void S_path(cairo_t *cr, const tb_path_op *ops, size_t n)
{
    cairo_new_path(cr);
    for (size_t i = 0; i < n; i++) {
        const tb_path_op *o = &ops[i];
        switch (o->verb) {
        case TB_PATH_MOVE:
            cairo_move_to(cr, o->x[0], o->y[0]);
            break;
        case TB_PATH_LINE:
            cairo_line_to(cr, o->x[0], o->y[0]);
            break;
        case TB_PATH_CURVE:
            cairo_curve_to(cr, o->x[0], o->y[0], o->x[1], o->y[1], o->x[2], o->y[2]);
            break;
        case TB_PATH_CLOSE:
            cairo_close_path(cr);
            break;
        }
    }
}

static void S_source(cairo_t *cr, tb_rgba k) { cairo_set_source_rgba(cr, k.r, k.g, k.b, k.a); }

static void S_paint(tb_canvas *c, const tb_path_op *ops, size_t n, int mode, const tb_canvas_gstate *gs)
{
    cairo_t *cr = S_get(c)->cr;
    S_path(cr, ops, n);
    if (mode & TB_PAINT_FILL) {
        S_source(cr, gs->fill);
        if (mode & TB_PAINT_STROKE)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (mode & TB_PAINT_STROKE) {
        static const cairo_line_cap_t caps[] = {CAIRO_LINE_CAP_BUTT, CAIRO_LINE_CAP_ROUND, CAIRO_LINE_CAP_SQUARE};
        static const cairo_line_join_t joins[] = {CAIRO_LINE_JOIN_MITER, CAIRO_LINE_JOIN_ROUND,
                                                  CAIRO_LINE_JOIN_BEVEL};
        cairo_set_line_width(cr, gs->line_width);
        cairo_set_dash(cr, gs->dash, gs->n_dash, gs->dash_offset);
        cairo_set_line_cap(cr, caps[gs->cap]);
        cairo_set_line_join(cr, joins[gs->join]);
        S_source(cr, gs->stroke);
        cairo_stroke(cr);
    }
    S_check(c);
}

static void S_save(tb_canvas *c) { cairo_save(S_get(c)->cr); }

static void S_restore(tb_canvas *c)
{
    cairo_restore(S_get(c)->cr);
    S_check(c);
}

static void S_text(tb_canvas *c, int font, double size, double x, double y, double angle, const char *s, size_t len,
                   tb_rgba colour)
{
    S_impl *m = S_get(c);
    cairo_font_face_t *face = S_face(font);
    if (!face) {
        tb_canvas_fail(c, "font %s not found", tb_font_name(font));
        return;
    }
    tb_buf t = {0}; /* cairo wants the text NUL-terminated */
    tb_buf_put(&t, s, len);
    cairo_t *cr = m->cr;
    cairo_save(cr);
    cairo_set_font_face(cr, face);
    cairo_set_font_options(cr, m->fopts);
    cairo_set_font_size(cr, size);
    cairo_translate(cr, x, y);
    if (angle != 0)
        cairo_rotate(cr, -angle * M_PI / 180);
    cairo_move_to(cr, 0, 0);
    S_source(cr, colour);
    cairo_show_text(cr, tb_buf_str(&t));
    cairo_restore(cr);
    tb_buf_free(&t);
    S_check(c);
}

static int S_finish(tb_canvas *c)
{
    S_impl *m = S_get(c);
    cairo_surface_flush(m->surface);
    if (m->svg)
        cairo_surface_finish(m->surface);
    S_check(c);
    return tb_canvas_status(c);
}

/* Renumbers "surfaceN" ids in SVG text from 1 in order of appearance.
 * Ownership: returns a new buffer. */
static unsigned char *S_svg_renumber(const unsigned char *in, size_t n, size_t *out_len)
{
    static const char key[] = "surface";
    const size_t klen = sizeof key - 1;
    unsigned long *seen = NULL;
    size_t nseen = 0, cap_seen = 0;
    tb_buf o = {0};
    for (size_t i = 0; i < n;) {
        if (i + klen < n && memcmp(in + i, key, klen) == 0 && in[i + klen] >= '0' && in[i + klen] <= '9') {
            size_t j = i + klen;
            unsigned long v = 0;
            while (j < n && in[j] >= '0' && in[j] <= '9' && v < 100000000ul)
                v = v * 10 + (unsigned long)(in[j++] - '0');
            size_t k = 0;
            while (k < nseen && seen[k] != v)
                k++;
            if (k == nseen) {
                TB_GROW(seen, cap_seen, nseen + 1);
                seen[nseen++] = v;
            }
            tb_buf_printf(&o, "surface%zu", k + 1);
            i = j;
        } else {
            tb_buf_putc(&o, (char)in[i++]);
        }
    }
    free(seen);
    *out_len = o.len;
    return (unsigned char *)tb_buf_take(&o);
}

static int S_encode(tb_canvas *c, unsigned char **out, size_t *len)
{
    S_impl *m = S_get(c);
    if (m->svg) {
        *out = S_svg_renumber((const unsigned char *)tb_buf_str(&m->svg_text), m->svg_text.len, len);
        return 0;
    }
    cairo_surface_t *s = m->surface;
    double ppm = m->scale * 72 / 0.0254;
    return tb_canvas_png_encode(cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
                                cairo_image_surface_get_height(s), cairo_image_surface_get_stride(s), ppm, out,
                                len);
}

static void S_destroy(tb_canvas *c)
{
    S_impl *m = S_get(c);
    cairo_destroy(m->cr);
    cairo_surface_destroy(m->surface);
    cairo_font_options_destroy(m->fopts);
    tb_buf_free(&m->svg_text);
    free(m);
}

static const tb_canvas_backend S_backend = {S_paint, S_save, S_restore, S_text, S_finish, S_encode,
                                            S_destroy};

static tb_canvas *S_new(S_impl *m, double w, double h, double pixel_scale)
{
    m->cr = cairo_create(m->surface);
    m->fopts = cairo_font_options_create();
    cairo_font_options_set_hint_style(m->fopts, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(m->fopts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(m->fopts, CAIRO_ANTIALIAS_GRAY);
    tb_canvas *c = tb_canvas_new(&S_backend, m, w, h, pixel_scale);
    S_check(c);
    return c;
}

tb_canvas *tb_canvas_cairo_image_new(double w, double h, double scale)
{
    S_impl *m = tb_mem_calloc(1, sizeof *m);
    if (!(scale > 0 && scale <= 16))
        scale = 1;
    int pw = (int)ceil(w * scale - 1e-9), ph = (int)ceil(h * scale - 1e-9);
    if (!(w > 0 && h > 0 && w * scale <= 32767 && h * scale <= 32767))
        pw = ph = 1;
    m->scale = scale;
    m->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    tb_canvas *c = S_new(m, w, h, scale);
    cairo_set_source_rgb(m->cr, 1, 1, 1);
    cairo_paint(m->cr);
    cairo_scale(m->cr, scale, scale);
    S_check(c);
    return c;
}

static cairo_status_t S_svg_write(void *closure, const unsigned char *data, unsigned int length)
{
    S_impl *m = closure;
    tb_buf_put(&m->svg_text, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

tb_canvas *tb_canvas_cairo_svg_new(double w, double h)
{
    S_impl *m = tb_mem_calloc(1, sizeof *m);
    m->svg = true;
    m->surface = cairo_svg_surface_create_for_stream(S_svg_write, m, w > 0 ? w : 1, h > 0 ? h : 1);
    cairo_svg_surface_restrict_to_version(m->surface, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(m->surface, CAIRO_SVG_UNIT_PT);
    return S_new(m, w, h, 0);
}

cairo_surface_t *tb_canvas_cairo_surface(tb_canvas *c)
{
    if (tb_canvas_backend_of(c) != &S_backend)
        return NULL;
    S_impl *m = S_get(c);
    return m->svg ? NULL : m->surface;
}
