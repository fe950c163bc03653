/* canvas_hpdf: libharu implementation of the canvas backend operations
 * (see canvas_hpdf.h, canvas_impl.h).
 *
 * libharu allows colour, width and dash changes only outside a path, so
 * paint sets the whole state first and then builds the path.  The state
 * last sent to the page is cached (with a stack mirroring q/Q) to keep the
 * content stream short.  Fractional dash patterns are drawn in a user space
 * scaled by 1/10, where the dash lengths are integers.
 */
#include "canvas_hpdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "canvas_impl.h"
#include "mem.h"
#include "pdf_font.h"

/* What the page's graphics state is known to hold; NaN and -1 mean
 * unknown, so the next use sends the value. */
typedef struct {
    tb_rgba fill, stroke; /* rgb as sent; alpha in fa, sa */
    double fa, sa;
    double width;
    double dash[8];
    int n_dash;
    double dash_offset;
    int cap, join;
} S_state;

typedef struct {
    HPDF_Doc pdf;
    HPDF_Page page;
    tb_hpdf_status *st;
    tb_hpdf_status own_st; /* standalone canvases */
    bool owns_doc;
    bool open; /* the constructor's q is still on the page */
    double left, top, page_h;
    HPDF_Font fonts[TB_FONT_COUNT];
    S_state cur;
    S_state stack[64];
    int depth;
    struct {
        int fa, sa;
        HPDF_ExtGState gs;
    } alpha[32];
    int n_alpha;
} S_impl;

void tb_hpdf_error_handler(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    tb_hpdf_status *st = user;
    if (!st)
        return;
    if (st->count++ == 0) {
        st->error = error;
        st->detail = detail;
    }
}

static void S_dates(HPDF_Doc pdf)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde)
        return;
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (*end || v < 0)
        return;
    time_t t = (time_t)v;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return;
    HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
}

HPDF_Doc tb_hpdf_doc_new(tb_hpdf_status *st)
{
    HPDF_Doc pdf = HPDF_New(tb_hpdf_error_handler, st);
    if (!pdf)
        return NULL;
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "tradebrief");
    S_dates(pdf);
    return pdf;
}

static S_impl *S_get(tb_canvas *c) { return tb_canvas_impl(c); }

static bool S_check(tb_canvas *c)
{
    S_impl *m = S_get(c);
    if (m->st->error) {
        tb_canvas_fail(c, "libharu error 0x%04X (detail %u)", (unsigned)m->st->error, (unsigned)m->st->detail);
        return false;
    }
    return !tb_canvas_status(c);
}

static double S_px(S_impl *m, double x) { return m->left + x; }
static double S_py(S_impl *m, double y) { return m->page_h - m->top - y; }

static bool S_same(double a, double b) { return fabs(a - b) < 1e-6; }
static bool S_same_rgb(tb_rgba a, tb_rgba b) { return S_same(a.r, b.r) && S_same(a.g, b.g) && S_same(a.b, b.b); }

static S_state S_unknown(void)
{
    S_state s;
    memset(&s, 0, sizeof s);
    s.fill = s.stroke = (tb_rgba){NAN, NAN, NAN, NAN};
    s.fa = s.sa = s.width = s.dash_offset = NAN;
    s.n_dash = s.cap = s.join = -1;
    return s;
}

static void S_set_alpha(S_impl *m, double fa, double sa)
{
    if (S_same(m->cur.fa, fa) && S_same(m->cur.sa, sa))
        return;
    int kf = (int)lround(fa * 1000), ks = (int)lround(sa * 1000);
    HPDF_ExtGState gs = NULL;
    for (int i = 0; i < m->n_alpha; i++)
        if (m->alpha[i].fa == kf && m->alpha[i].sa == ks)
            gs = m->alpha[i].gs;
    if (!gs) {
        gs = HPDF_CreateExtGState(m->pdf);
        if (!gs)
            return;
        HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)fa);
        HPDF_ExtGState_SetAlphaStroke(gs, (HPDF_REAL)sa);
        if (m->n_alpha < 32) {
            m->alpha[m->n_alpha].fa = kf;
            m->alpha[m->n_alpha].sa = ks;
            m->alpha[m->n_alpha++].gs = gs;
        }
    }
    HPDF_Page_SetExtGState(m->page, gs);
    m->cur.fa = fa;
    m->cur.sa = sa;
}

static void S_set_fill(S_impl *m, tb_rgba k)
{
    if (!S_same_rgb(m->cur.fill, k))
        HPDF_Page_SetRGBFill(m->page, (HPDF_REAL)k.r, (HPDF_REAL)k.g, (HPDF_REAL)k.b);
    m->cur.fill = k;
}

static void S_set_stroke_state(S_impl *m, const tb_canvas_gstate *gs, double k)
{
    S_state *s = &m->cur;
    if (!S_same_rgb(s->stroke, gs->stroke))
        HPDF_Page_SetRGBStroke(m->page, (HPDF_REAL)gs->stroke.r, (HPDF_REAL)gs->stroke.g, (HPDF_REAL)gs->stroke.b);
    s->stroke = gs->stroke;
    if (!S_same(s->width, gs->line_width * k))
        HPDF_Page_SetLineWidth(m->page, (HPDF_REAL)(gs->line_width * k));
    s->width = gs->line_width * k;
    if (s->cap != (int)gs->cap)
        HPDF_Page_SetLineCap(m->page, (HPDF_LineCap)gs->cap);
    s->cap = (int)gs->cap;
    if (s->join != (int)gs->join)
        HPDF_Page_SetLineJoin(m->page, (HPDF_LineJoin)gs->join);
    s->join = (int)gs->join;
    bool dash_same = s->n_dash == gs->n_dash && S_same(s->dash_offset, gs->dash_offset * k);
    for (int i = 0; dash_same && i < gs->n_dash; i++)
        dash_same = S_same(s->dash[i], gs->dash[i] * k);
    if (!dash_same) {
        HPDF_UINT16 ptn[8];
        for (int i = 0; i < gs->n_dash; i++) {
            double v = round(gs->dash[i] * k);
            ptn[i] = (HPDF_UINT16)(v < 1 ? 1 : v > 65535 ? 65535 : v);
        }
        HPDF_Page_SetDash(m->page, gs->n_dash ? ptn : NULL, (HPDF_UINT)gs->n_dash,
                          (HPDF_UINT)lround(gs->dash_offset * k));
        s->n_dash = gs->n_dash;
        s->dash_offset = gs->dash_offset * k;
        for (int i = 0; i < gs->n_dash; i++)
            s->dash[i] = gs->dash[i] * k;
    }
}

static void S_path(S_impl *m, const tb_path_op *ops, size_t n, double k)
{
    for (size_t i = 0; i < n; i++) {
        const tb_path_op *o = &ops[i];
        HPDF_REAL x0 = (HPDF_REAL)(S_px(m, o->x[0]) * k), y0 = (HPDF_REAL)(S_py(m, o->y[0]) * k);
        switch (o->verb) {
        case TB_PATH_MOVE:
            HPDF_Page_MoveTo(m->page, x0, y0);
            break;
        case TB_PATH_LINE:
            HPDF_Page_LineTo(m->page, x0, y0);
            break;
        case TB_PATH_CURVE:
            HPDF_Page_CurveTo(m->page, x0, y0, (HPDF_REAL)(S_px(m, o->x[1]) * k),
                              (HPDF_REAL)(S_py(m, o->y[1]) * k), (HPDF_REAL)(S_px(m, o->x[2]) * k),
                              (HPDF_REAL)(S_py(m, o->y[2]) * k));
            break;
        case TB_PATH_CLOSE:
            HPDF_Page_ClosePath(m->page);
            break;
        }
    }
}

static bool S_integral(double v) { return fabs(v - round(v)) < 1e-9; }

static void S_paint(tb_canvas *c, const tb_path_op *ops, size_t n, int mode, const tb_canvas_gstate *gs)
{
    S_impl *m = S_get(c);
    double k = 1;
    if (mode & TB_PAINT_STROKE) {
        bool integral = S_integral(gs->dash_offset);
        for (int i = 0; i < gs->n_dash; i++)
            integral = integral && S_integral(gs->dash[i]);
        if (!integral)
            k = 10;
    }
    S_state saved = m->cur;
    if (k != 1) {
        HPDF_Page_GSave(m->page);
        HPDF_Page_Concat(m->page, (HPDF_REAL)(1 / k), 0, 0, (HPDF_REAL)(1 / k), 0, 0);
        /* Width and dash are in the scaled space: send them afresh. */
        m->cur.width = NAN;
        m->cur.n_dash = -1;
    }
    S_set_alpha(m, (mode & TB_PAINT_FILL) ? gs->fill.a : 1, (mode & TB_PAINT_STROKE) ? gs->stroke.a : 1);
    if (mode & TB_PAINT_FILL)
        S_set_fill(m, gs->fill);
    if (mode & TB_PAINT_STROKE)
        S_set_stroke_state(m, gs, k);
    S_path(m, ops, n, k);
    if (mode == (TB_PAINT_FILL | TB_PAINT_STROKE))
        HPDF_Page_FillStroke(m->page);
    else if (mode & TB_PAINT_FILL)
        HPDF_Page_Fill(m->page);
    else
        HPDF_Page_Stroke(m->page);
    if (k != 1) {
        HPDF_Page_GRestore(m->page);
        m->cur = saved;
    }
    S_check(c);
}

static void S_save(tb_canvas *c)
{
    S_impl *m = S_get(c);
    if (m->depth >= 64) {
        tb_canvas_fail(c, "PDF graphics state nested too deep");
        return;
    }
    m->stack[m->depth++] = m->cur;
    HPDF_Page_GSave(m->page);
    S_check(c);
}

static void S_restore(tb_canvas *c)
{
    S_impl *m = S_get(c);
    if (m->depth > 0)
        m->cur = m->stack[--m->depth];
    HPDF_Page_GRestore(m->page);
    S_check(c);
}

void tb_canvas_hpdf_use_font(tb_canvas *c, int font, HPDF_Font f)
{
    if (font >= 0 && font < TB_FONT_COUNT)
        S_get(c)->fonts[font] = f;
}

void tb_canvas_pdf_embed(tb_canvas *c, int font, const uint32_t *cps, size_t n)
{
    S_impl *m = S_get(c);
    if (!m->owns_doc || font < 0 || font >= TB_FONT_COUNT || !m->pdf || tb_canvas_status(c))
        return;
    tb_buf err = {0};
    m->fonts[font] = tb_pdf_font_embed(m->pdf, font, cps, n, &err);
    if (!m->fonts[font])
        tb_canvas_fail(c, "%s", tb_buf_str(&err));
    tb_buf_free(&err);
    S_check(c);
}

static HPDF_Font S_font(tb_canvas *c, int font)
{
    S_impl *m = S_get(c);
    if (!m->fonts[font])
        tb_canvas_fail(c, "text in %s, a font not embedded in the PDF", tb_font_name(font));
    return m->fonts[font];
}

static void S_text(tb_canvas *c, int font, double size, double x, double y, double angle, const char *s, size_t len,
                   tb_rgba colour)
{
    S_impl *m = S_get(c);
    HPDF_Font f = S_font(c, font);
    if (!f)
        return;
    char stackbuf[256];
    char *t = len < sizeof stackbuf ? stackbuf : tb_mem_alloc(len + 1);
    memcpy(t, s, len);
    t[len] = '\0';
    S_set_alpha(m, colour.a, isnan(m->cur.sa) ? 1 : m->cur.sa);
    S_set_fill(m, colour);
    double rad = angle * M_PI / 180, cs = cos(rad), sn = sin(rad);
    if (angle == 0)
        cs = 1, sn = 0;
    HPDF_Page_BeginText(m->page);
    HPDF_Page_SetFontAndSize(m->page, f, (HPDF_REAL)size);
    HPDF_Page_SetTextMatrix(m->page, (HPDF_REAL)cs, (HPDF_REAL)sn, (HPDF_REAL)-sn, (HPDF_REAL)cs,
                            (HPDF_REAL)S_px(m, x), (HPDF_REAL)S_py(m, y));
    HPDF_Page_ShowText(m->page, t);
    HPDF_Page_EndText(m->page);
    if (t != stackbuf)
        free(t);
    S_check(c);
}

static int S_finish(tb_canvas *c)
{
    S_impl *m = S_get(c);
    HPDF_Page_GRestore(m->page); /* the q from the constructor */
    m->open = false;
    S_check(c);
    return tb_canvas_status(c);
}

static int S_encode(tb_canvas *c, unsigned char **out, size_t *len)
{
    S_impl *m = S_get(c);
    if (!m->owns_doc)
        return -1;
    if (HPDF_SaveToStream(m->pdf) != HPDF_OK || !S_check(c))
        return -1;
    HPDF_UINT32 size = HPDF_GetStreamSize(m->pdf);
    unsigned char *buf = tb_mem_alloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(m->pdf, buf + got, &n);
        got += n;
        if (n == 0 || (r != HPDF_OK && r != HPDF_STREAM_EOF))
            break;
    }
    if (got != size) {
        free(buf);
        tb_canvas_fail(c, "libharu stream read %u of %u bytes", (unsigned)got, (unsigned)size);
        return -1;
    }
    *out = buf;
    *len = size;
    return 0;
}

static void S_destroy(tb_canvas *c)
{
    S_impl *m = S_get(c);
    /* Freed unfinished (after an error): pop what we pushed, so the page is
     * the caller's again and libharu frees its graphics-state stack. */
    if (m->open)
        for (int i = 0; i <= m->depth; i++)
            HPDF_Page_GRestore(m->page);
    if (m->owns_doc && m->pdf)
        HPDF_Free(m->pdf);
    free(m);
}

static const tb_canvas_backend S_backend = {S_paint, S_save, S_restore, S_text, S_finish, S_encode,
                                            S_destroy};

static tb_canvas *S_start(S_impl *m, double w, double h)
{
    tb_canvas *c = tb_canvas_new(&S_backend, m, w, h, 0);
    if (!m->pdf || !m->page) {
        tb_canvas_fail(c, "no PDF document or page");
        return c;
    }
    m->page_h = HPDF_Page_GetHeight(m->page);
    m->cur = S_unknown();
    HPDF_Page_GSave(m->page);
    m->open = true;
    S_check(c);
    return c;
}

tb_canvas *tb_canvas_hpdf_new(HPDF_Doc pdf, HPDF_Page page, tb_hpdf_status *st, double left, double top,
                              double w, double h)
{
    S_impl *m = tb_mem_calloc(1, sizeof *m);
    m->pdf = pdf;
    m->page = page;
    m->st = st ? st : &m->own_st;
    m->left = left;
    m->top = top;
    return S_start(m, w, h);
}

tb_canvas *tb_canvas_pdf_new(double w, double h)
{
    S_impl *m = tb_mem_calloc(1, sizeof *m);
    m->st = &m->own_st;
    m->owns_doc = true;
    m->pdf = tb_hpdf_doc_new(m->st);
    if (m->pdf) {
        m->page = HPDF_AddPage(m->pdf);
        if (m->page && w > 0 && h > 0 && w < 14400 && h < 14400) {
            HPDF_Page_SetWidth(m->page, (HPDF_REAL)w);
            HPDF_Page_SetHeight(m->page, (HPDF_REAL)h);
        }
    }
    return S_start(m, w, h);
}
