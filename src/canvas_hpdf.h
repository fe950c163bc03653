/* canvas_hpdf: the libharu backend of the canvas (vector drawing on a PDF
 * page).
 *
 * A page canvas draws onto an HPDF_Page the caller owns (the report puts
 * charts on its pages), inside a W x H rectangle placed by its top-left
 * corner, in the canvas's top-down coordinates.  The canvas wraps its
 * drawing in a q/Q pair, so the page's graphics state is the caller's again
 * after tb_canvas_finish.  A standalone canvas owns a one-page PDF the size
 * of the chart; tb_canvas_encode returns its bytes.
 *
 * Fonts are the same TrueType files cairo draws with (font.h), embedded as
 * subsets holding the glyphs the page uses (pdf_font.h) and used through
 * libharu's UTF-8 encoder.  The caller embeds them before drawing
 * (tb_canvas_hpdf_use_font, tb_canvas_pdf_embed): text in a font not
 * embedded is an error, never a silently embedded whole font.
 *
 * Errors: libharu reports through an error handler; tb_hpdf_error_handler
 * records the first error in a tb_hpdf_status and returns (no longjmp), and
 * the canvas turns a recorded error into its sticky status.  Documents made
 * with tb_hpdf_doc_new have that handler installed.
 *
 * Determinism: no dates are written unless SOURCE_DATE_EPOCH is set (then
 * CreationDate and ModDate come from it); never from the clock.
 */
#ifndef TB_CANVAS_HPDF_H
#define TB_CANVAS_HPDF_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "canvas.h"

typedef struct {
    HPDF_STATUS error;  /* first error code, 0 while none */
    HPDF_STATUS detail; /* its detail code */
    unsigned count;     /* errors reported so far */
} tb_hpdf_status;

/* An HPDF_Error_Handler; USER is a tb_hpdf_status *. */
void tb_hpdf_error_handler(HPDF_STATUS error, HPDF_STATUS detail, void *user);

/* A new PDF document with tb_hpdf_error_handler recording into ST (which
 * must outlive the document), full compression and UTF-8 encodings.  NULL
 * when libharu cannot start.  Ownership: the caller frees with HPDF_Free. */
HPDF_Doc tb_hpdf_doc_new(tb_hpdf_status *st);

/* A canvas of W x H points drawing onto PAGE of PDF, its top-left corner
 * LEFT points from the page's left edge and TOP points below its top edge.
 * ST is the status PDF's error handler records into.  PDF, PAGE and ST stay
 * the caller's and must outlive the canvas; call tb_canvas_finish before
 * drawing on the page yourself again. */
tb_canvas *tb_canvas_hpdf_new(HPDF_Doc pdf, HPDF_Page page, tb_hpdf_status *st, double left, double top,
                              double w, double h);

/* Makes canvas C draw font FONT (a tb_font id) with F, a font the caller
 * already loaded into the same document (e.g. a subset holding every
 * glyph the page needs), instead of loading the font file itself. */
void tb_canvas_hpdf_use_font(tb_canvas *c, int font, HPDF_Font f);

/* A standalone one-page PDF of W x H points; tb_canvas_encode gives the
 * PDF bytes. */
tb_canvas *tb_canvas_pdf_new(double w, double h);

/* Embeds in standalone canvas C's document the subset of FONT (a tb_font
 * id) holding the N code points CPS, and draws FONT with it.  Failure
 * becomes C's sticky status. */
void tb_canvas_pdf_embed(tb_canvas *c, int font, const uint32_t *cps, size_t n);

#endif
