/* pdf_prep: the first phase of the PDF: every block of the document
 * measured once.  Headings, paragraphs, footnotes and source lines are set
 * into lines (layout.h) at the column's width; KPI strips into boxes;
 * each chart (the spec and data its block carries) sized to the column
 * and drawn on a probe canvas to learn the text it sets and in which
 * fonts; tables' columns sized (numbers stay near their headers, a label
 * column takes the spare room or gives up its shortfall with "…"), cells
 * set, sparklines made charts.
 *
 * Ownership: everything made is kept by the state (pdf_state.h).
 */
#ifndef TB_PDF_PREP_H
#define TB_PDF_PREP_H

#include <stddef.h>

#include "pdf_state.h"

/* Fills R->prep, one per block of R->doc.  Errors go through
 * tb_pdf_state_error. */
void tb_pdf_prep_run(tb_pdf_state *R);

/* Draws chart K on a probe canvas of its drawing size: the text it sets, in
 * which fonts (see canvas_probe.h).  Again after the chart's size changed. */
void tb_pdf_prep_probe_chart(tb_pdf_state *R, size_t k);

#endif
