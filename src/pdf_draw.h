/* pdf_draw: the last phases of the PDF: fonts and drawing.  The code
 * points every piece of text and every chart uses, per font, become
 * TrueType subsets loaded into libharu (pdf_font.h); pages are created
 * at the state's paper size and their operations replayed (text, rules,
 * boxes, arrows, charts through canvas_hpdf, bookmarks), the metadata
 * set (title, subject, author, keywords from the document; creator
 * "tradebrief"; dates from SOURCE_DATE_EPOCH, else the first day after the
 * reference month, never the clock) and the document saved to memory.
 * libharu reports errors into a tb_hpdf_status (no longjmp), checked after
 * each page and after saving.
 *
 * Ownership: *OUT is the caller's (free).
 */
#ifndef TB_PDF_DRAW_H
#define TB_PDF_DRAW_H

#include <stddef.h>

#include "pdf_state.h"

/* Draws R's pages into PDF bytes *OUT, *LEN.  Returns 0, or -1 after
 * tb_pdf_state_error. */
int tb_pdf_draw_run(tb_pdf_state *R, unsigned char **out, size_t *len);

#endif
