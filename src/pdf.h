/* pdf: the briefing document (doc.h) rendered as a PDF with libharu.
 *
 * The blocks are measured (pdf_prep.h), placed on pages (pdf_flow.h) and
 * drawn (pdf_draw.h), on A4 or US Letter as the document's "paper"
 * metadata says (pdf_page.h; `@meta paper=letter` in a template):
 *   - margins of 20 mm; a running header (the dataset's title, the month)
 *     and "Page 3 of 6" / "3 / 6" footers on every page but the first,
 *     which opens with the document title as a masthead;
 *   - blocks flow onto a page while they fit; headings are kept with what
 *     follows them and made PDF bookmarks (level 1 at the top of the
 *     outline, level 2 under the section before); no page is left under
 *     half full but the last, unless the template asks for a page break;
 *   - paragraphs justified, never leaving one line of a paragraph alone at
 *     the foot or the head of a page;
 *   - KPI strips as a row of boxes with vector arrows;
 *   - charts drawn as vectors by chart.h across the column, each from the
 *     spec its block carries (data and texts resolved at template
 *     expansion; height in millimetres), at 90% so chart titles
 *     sit below section headings; a chart is never split, but may lose up
 *     to a fifth of its height to stay on its page (two fifths rather than
 *     leave a page under half full); when a source line follows, the
 *     chart's own is left out;
 *   - tables with numbers right-aligned, kept whole up to twelve rows
 *     (unless that leaves a page under half full), longer ones split
 *     between rows across pages with the caption ("(continued)") and
 *     header repeated, never leaving a single row behind; sparklines drawn
 *     in their cells; a total row set apart (bold, a rule), and an
 *     "Other" row too (its label in grey italics, a rule above);
 *   - footnotes at the foot of their page, source lines under the block
 *     before them (kept on its page).
 * The running header and the masthead name the dataset by the document's
 * "dataset_title" (else its "subject" / "title").  The renderer reads
 * nothing but the document.
 * Fonts are embedded TrueType subsets (pdf_font.h) of the glyphs used;
 * a character no font has fails the run with its code point and the
 * template line that made it.  Metadata: title, subject, author, keywords
 * and lang from the document; creator "tradebrief"; creation date from
 * SOURCE_DATE_EPOCH, else the first day after the reference month (when a
 * briefing of that month appears), never the clock.  The same document and
 * data give the same bytes.
 *
 * Errors (libharu's included, through a recording error handler) go into
 * the diag with the block's origin; nothing is written then.
 *
 * Ownership: the document is only read.  *OUT of
 * tb_pdf_render_mem is the caller's (free).
 */
#ifndef TB_PDF_H
#define TB_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "month.h"

typedef struct {
    tb_month month;   /* reference month; TB_MONTH_NONE: the document's "month" */
    const char *lang; /* "en", "ko"; NULL: the document's "lang", else "en" */
    bool places;      /* fill tb_pdf_stats.places */
} tb_pdf_options;

/* Where a block's content starts on page PAGE (1-based): at byte AT of its
 * text (headings, paragraphs, footnotes, source lines), at row AT (1-based;
 * 0 the caption and header) of a table, AT 0 for other blocks.  A block
 * has one place per page it reaches, in order. */
typedef struct {
    size_t block, at, page;
} tb_pdf_place;

/* What a render made, for tests and messages. */
typedef struct {
    size_t pages;
    size_t outlines; /* bookmarks */
    size_t charts, tables, table_splits;
    size_t other_rows; /* "Other" rows drawn set apart (tb_doc_row.other) */
    /* with tb_pdf_options.places: the places of the blocks, by block
     * index then page.  Ownership: the caller frees PLACES (free). */
    tb_pdf_place *places;
    size_t n_places;
} tb_pdf_stats;

/* Renders DOC into PDF bytes.  STATS may be NULL.  Returns 0, or -1 after
 * reporting into DIAG. */
int tb_pdf_render_mem(const tb_doc *doc, const tb_pdf_options *opt, unsigned char **out, size_t *len,
                      tb_pdf_stats *stats, tb_diag *diag);

/* Renders DOC and writes it to OUT_PATH atomically (a temporary file in the
 * same directory, then rename; nothing is left behind on error).  STATS may
 * be NULL.  Returns 0, or -1 after reporting into DIAG. */
int tb_pdf_render(const tb_doc *doc, const tb_pdf_options *opt, const char *out_path, tb_pdf_stats *stats,
                  tb_diag *diag);

#endif
