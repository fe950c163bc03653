/* pdf_draw: fonts, pages and metadata through libharu (see pdf_draw.h).
 * Ops carry top-down coordinates; S_py flips them. */
#include "pdf_draw.h"

#include <stdlib.h>
#include <string.h>

#include <hpdf_list.h>
#include <hpdf_objects.h>

#include "canvas_hpdf.h"
#include "mem.h"
#include "notes.h"
#include "pdf_font.h"

/* Builds and loads the subset of each font the document uses. */
static int S_load_fonts(tb_pdf_state *R, HPDF_Doc pdf, HPDF_Font fonts[TB_FONT_COUNT])
{
    for (size_t i = 0; i < R->n_pars; i++) {
        const tb_layout_par *p = R->pars[i];
        for (size_t k = 0; k < p->n_pieces; k++)
            tb_pdf_state_add_cps(R, p->pieces[k].font, p->text + p->pieces[k].off, p->pieces[k].len);
    }
    for (int f = 0; f < TB_FONT_COUNT; f++) {
        fonts[f] = NULL;
        if (R->n_cps[f] == 0)
            continue;
        tb_buf err = {0};
        fonts[f] = tb_pdf_font_embed(pdf, f, R->cps[f], R->n_cps[f], &err);
        if (!fonts[f])
            tb_pdf_state_error(R, NULL, "%s", tb_buf_str(&err));
        tb_buf_free(&err);
        if (!fonts[f])
            return -1;
    }
    return 0;
}

static double S_py(double ph, double y) { return ph - y; }

static void S_fill(HPDF_Page page, tb_rgba c)
{
    HPDF_Page_SetRGBFill(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void S_draw_text(HPDF_Page page, double ph, HPDF_Font fonts[TB_FONT_COUNT], const tb_pdf_op *op)
{
    const tb_layout_par *p = op->par;
    const tb_layout_line *ln = &p->lines[op->line];
    S_fill(page, op->colour);
    HPDF_Page_BeginText(page);
    int cur = -1;
    for (size_t k = 0; k < ln->n; k++) {
        const tb_layout_piece *pc = &p->pieces[ln->first + k];
        if (!fonts[pc->font])
            continue;
        if (pc->font != cur) {
            HPDF_Page_SetFontAndSize(page, fonts[pc->font], (HPDF_REAL)p->size);
            cur = pc->font;
        }
        double skew = (pc->style & TB_LAYOUT_EMPH) ? 0.21 : 0; /* emphasis: slanted, about 12 degrees */
        HPDF_Page_SetTextMatrix(page, 1, 0, (HPDF_REAL)skew, 1, (HPDF_REAL)(op->x + pc->x), (HPDF_REAL)S_py(ph, op->y));
        char *s = tb_mem_strndup(p->text + pc->off, pc->len);
        HPDF_Page_ShowText(page, s);
        free(s);
    }
    HPDF_Page_EndText(page);
}

static void S_draw_arrow(HPDF_Page page, double ph, const tb_pdf_op *op)
{
    double x = op->x, y = op->y, w = op->w, h = op->h;
    S_fill(page, op->colour);
    switch (op->dir) {
    case TB_DOC_DIR_UP:
        HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)S_py(ph, y + h));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w / 2), (HPDF_REAL)S_py(ph, y));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)S_py(ph, y + h));
        break;
    case TB_DOC_DIR_DOWN:
        HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)S_py(ph, y));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w / 2), (HPDF_REAL)S_py(ph, y + h));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)S_py(ph, y));
        break;
    case TB_DOC_DIR_FLAT:
        HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)S_py(ph, y + h / 2 + 1), (HPDF_REAL)w, 2);
        break;
    default:
        return;
    }
    HPDF_Page_ClosePath(page);
    HPDF_Page_Fill(page);
}

static HPDF_Outline S_outline(tb_pdf_state *R, HPDF_Doc pdf, HPDF_Page page, const tb_pdf_op *op, HPDF_Outline parent)
{
    double ph = R->pg.h;
    HPDF_Outline o = HPDF_CreateOutline(pdf, parent, op->title, HPDF_GetEncoder(pdf, "UTF-8"));
    if (!o)
        return NULL;
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (dst) {
        HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)S_py(ph, op->y - 14), 1);
        /* A null zoom keeps the reader's zoom; libharu accepts only
         * 0.08..32, so the zoom it wrote is swapped for null. */
        HPDF_Array a = (HPDF_Array)dst;
        if (HPDF_Array_Items(a) == 5) {
            void *zoom = HPDF_List_RemoveByIndex(a->list, 4);
            if (zoom)
                HPDF_Obj_Free(a->mmgr, zoom);
            HPDF_Array_Add(a, HPDF_Null_New(a->mmgr));
        }
        HPDF_Outline_SetDestination(o, dst);
    }
    HPDF_Outline_SetOpened(o, HPDF_TRUE);
    R->stats.outlines++;
    return o;
}

static void S_metadata(tb_pdf_state *R, HPDF_Doc pdf)
{
    static const struct {
        const char *key;
        HPDF_InfoType type;
    } keys[] = {{"title", HPDF_INFO_TITLE},
                {"subject", HPDF_INFO_SUBJECT},
                {"author", HPDF_INFO_AUTHOR},
                {"keywords", HPDF_INFO_KEYWORDS}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = tb_doc_meta(R->doc, keys[i].key);
        if (v && *v)
            HPDF_SetInfoAttr(pdf, keys[i].type, v);
    }
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "tradebrief");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "tradebrief (libharu " HPDF_VERSION_TEXT ")");
    const char *sde = getenv("SOURCE_DATE_EPOCH"), *pub = tb_doc_meta(R->doc, "published");
    int py, pm, pd;
    if ((!sde || !*sde) && pub && tb_notes_date(pub, &py, &pm, &pd)) {
        /* the publication date the notes file gives (release metadata) */
        HPDF_Date d = {py, pm, pd, 0, 0, 0, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    } else if ((!sde || !*sde) && R->month != TB_MONTH_NONE) {
        /* tb_hpdf_doc_new set the dates from SOURCE_DATE_EPOCH when given;
         * else the first day after the reference month */
        tb_month next = R->month + 1;
        HPDF_Date d = {tb_month_year(next), tb_month_mon(next), 1, 0, 0, 0, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    }
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

static int S_save(tb_pdf_state *R, HPDF_Doc pdf, tb_hpdf_status *st, unsigned char **out, size_t *len)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK || st->error) {
        tb_pdf_state_error(R, NULL, "libharu could not save the PDF (error 0x%04X, detail %u)", (unsigned)st->error,
                           (unsigned)st->detail);
        return -1;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    unsigned char *buf = tb_mem_alloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(pdf, buf + got, &n);
        got += n;
        if (n == 0 || (r != HPDF_OK && r != HPDF_STREAM_EOF))
            break;
    }
    if (got != size) {
        free(buf);
        tb_pdf_state_error(R, NULL, "libharu returned %u of %u bytes", (unsigned)got, (unsigned)size);
        return -1;
    }
    *out = buf;
    *len = size;
    return 0;
}

/* The notes file's logo (document metadata "logo": a PNG the notes
 * loader checked) at the top right of page 1, above the title: 24 pt
 * high, at most 120 pt wide. */
static void S_draw_logo(tb_pdf_state *R, HPDF_Doc pdf, HPDF_Page page)
{
    const char *path = tb_doc_meta(R->doc, "logo");
    HPDF_Image img = path ? HPDF_LoadPngImageFromFile(pdf, path) : NULL;
    if (path && !img)
        tb_pdf_state_error(R, NULL, "%s: cannot read the logo as a PNG image", path);
    if (!img || HPDF_Image_GetHeight(img) == 0)
        return;
    double h = 24, w = h * HPDF_Image_GetWidth(img) / (double)HPDF_Image_GetHeight(img);
    if (w > 120) {
        h *= 120 / w;
        w = 120;
    }
    HPDF_Page_DrawImage(page, img, (HPDF_REAL)(R->pg.w - R->pg.margin - w), (HPDF_REAL)S_py(R->pg.h, 14 + h),
                        (HPDF_REAL)w, (HPDF_REAL)h);
}

/* What drawing a page needs besides the state. */
typedef struct {
    HPDF_Doc pdf;
    HPDF_Page page;
    tb_hpdf_status *st;
    HPDF_Font *fonts;
    HPDF_Outline section; /* the last level-1 bookmark, parent of level-2 ones */
} S_ctx;

/* The canvas draws at (0, 0) of a page scaled about the chart's top-left
 * corner. */
static void S_draw_chart(tb_pdf_state *R, S_ctx *C, const tb_pdf_op *op)
{
    const tb_pdf_chart *c = &R->charts[op->chart];
    double k = c->scale, ph = R->pg.h;
    HPDF_Page_GSave(C->page);
    HPDF_Page_Concat(C->page, (HPDF_REAL)k, 0, 0, (HPDF_REAL)k, (HPDF_REAL)op->x,
                     (HPDF_REAL)(S_py(ph, op->y) - k * ph));
    tb_canvas *cv = tb_canvas_hpdf_new(C->pdf, C->page, C->st, 0, 0, op->w / k, op->h / k);
    for (int f = 0; f < TB_FONT_COUNT; f++)
        if (C->fonts[f]) /* the subsets already hold the chart's glyphs */
            tb_canvas_hpdf_use_font(cv, f, C->fonts[f]);
    tb_canvas_set_lang(cv, R->lang);
    tb_chart_draw(&c->spec, cv);
    if (tb_canvas_finish(cv) != 0)
        tb_pdf_state_error(R, op->b, "chart \"%s\": %s", c->name ? c->name : "sparkline", tb_canvas_error(cv));
    tb_canvas_free(cv);
    HPDF_Page_GRestore(C->page);
}

static void S_draw_op(tb_pdf_state *R, S_ctx *C, const tb_pdf_op *op)
{
    HPDF_Page page = C->page;
    double ph = R->pg.h;
    switch (op->kind) {
    case TB_PDF_OP_TEXT:
        S_draw_text(page, ph, C->fonts, op);
        break;
    case TB_PDF_OP_RECT:
        S_fill(page, op->colour);
        HPDF_Page_Rectangle(page, (HPDF_REAL)op->x, (HPDF_REAL)S_py(ph, op->y + op->h), (HPDF_REAL)op->w,
                            (HPDF_REAL)op->h);
        HPDF_Page_Fill(page);
        break;
    case TB_PDF_OP_RULE:
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)op->colour.r, (HPDF_REAL)op->colour.g, (HPDF_REAL)op->colour.b);
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)op->lw);
        HPDF_Page_MoveTo(page, (HPDF_REAL)op->x, (HPDF_REAL)S_py(ph, op->y));
        HPDF_Page_LineTo(page, (HPDF_REAL)(op->x + op->w), (HPDF_REAL)S_py(ph, op->y));
        HPDF_Page_Stroke(page);
        break;
    case TB_PDF_OP_ARROW:
        S_draw_arrow(page, ph, op);
        break;
    case TB_PDF_OP_CHART:
        S_draw_chart(R, C, op);
        break;
    case TB_PDF_OP_MARK: {
        HPDF_Outline o = S_outline(R, C->pdf, page, op, op->level >= 2 ? C->section : NULL);
        if (op->level <= 1)
            C->section = o;
        break;
    }
    default:
        break;
    }
}

int tb_pdf_draw_run(tb_pdf_state *R, unsigned char **out, size_t *len)
{
    tb_hpdf_status st = {0};
    HPDF_Doc pdf = tb_hpdf_doc_new(&st);
    if (!pdf) {
        tb_pdf_state_error(R, NULL, "libharu cannot start");
        return -1;
    }
    HPDF_Font fonts[TB_FONT_COUNT];
    int rc = S_load_fonts(R, pdf, fonts);
    S_ctx C = {pdf, NULL, &st, fonts, NULL};
    for (size_t pg = 0; rc == 0 && pg < R->n_pages; pg++) {
        C.page = HPDF_AddPage(pdf);
        if (!C.page) {
            tb_pdf_state_error(R, NULL, "libharu cannot add page %zu (error 0x%04X)", pg + 1, (unsigned)st.error);
            rc = -1;
            break;
        }
        HPDF_Page_SetWidth(C.page, (HPDF_REAL)R->pg.w);
        HPDF_Page_SetHeight(C.page, (HPDF_REAL)R->pg.h);
        if (pg == 0)
            S_draw_logo(R, pdf, C.page);
        for (size_t i = 0; i < R->n_ops && !R->failed; i++)
            if (R->ops[i].page == pg)
                S_draw_op(R, &C, &R->ops[i]);
        if (st.error && !R->failed)
            tb_pdf_state_error(R, NULL, "libharu error 0x%04X (detail %u) on page %zu", (unsigned)st.error,
                               (unsigned)st.detail, pg + 1);
        if (R->failed)
            rc = -1;
    }
    if (rc == 0) {
        S_metadata(R, pdf);
        rc = S_save(R, pdf, &st, out, len);
    }
    HPDF_Free(pdf);
    return rc;
}
