/* pdf_flow: the second phase of the PDF: the measured blocks placed on
 * pages, front to back, as drawing operations with page numbers.
 *   - headings are kept with what follows them (S_min_start: the least a
 *     heading must see on its page) and become bookmarks (MARK ops);
 *   - paragraphs split between lines, never leaving one line alone at the
 *     foot or the head of a page;
 *   - a chart is never split, but may lose up to a fifth of its height to
 *     stay on its page;
 *   - tables of up to twelve rows are kept whole, longer ones split
 *     between rows with the caption ("(continued)") and header repeated,
 *     never leaving a single row behind; a total row is set apart;
 *   - footnotes at the foot of their page, source lines under the block
 *     before them;
 *   - once the page count is known, running headers and "Page N of M"
 *     footers (tb_pdf_flow_furniture).
 *
 * Ownership: ops and footnotes are kept by the state (pdf_state.h).
 */
#ifndef TB_PDF_FLOW_H
#define TB_PDF_FLOW_H

#include "pdf_state.h"

/* Places R->prep on pages; sets R->n_pages. */
void tb_pdf_flow_run(tb_pdf_state *R);

/* Fills R->stats.places: where each block's content went, page by page. */
void tb_pdf_flow_places(tb_pdf_state *R);

/* Running headers and footers on every page. */
void tb_pdf_flow_furniture(tb_pdf_state *R);

#endif
