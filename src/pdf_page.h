/* pdf_page: the briefing's page and type: paper size, margins, the
 * content area, the type sizes per language and the house colours.
 *
 * Coordinates are top-down points (y = 0 at the top edge of the page), as
 * the pagination uses them; only the drawing flips them for libharu.
 * The column is the page width less two margins of 20 mm; the content runs
 * from `top_first` (page 1, which has no running header) or `top` (the
 * other pages) down to `bottom`.
 *
 * Ownership: plain values; nothing to free.
 */
#ifndef TB_PDF_PAGE_H
#define TB_PDF_PAGE_H

#include <stdbool.h>

typedef struct {
    double w, h;                     /* the paper, points */
    double margin, col_w;            /* left and right margin; the text column between them */
    double top_first, top;           /* content top of page 1 and of the other pages */
    double bottom;                   /* content bottom (footnotes end here) */
    double header_base, footer_base; /* baselines of the running header and the page number */
} tb_pdf_page;

/* Sizes and leadings of the body, small text, headings and table cells;
 * Korean wants a little more air. */
typedef struct {
    double body, body_lead, para_after;
    double small, small_lead;
    double h0, h0_lead, h1, h1_lead, h2, h2_lead;
    double cell, head, row_h;
} tb_pdf_type;

/* House colours, 0xRRGGBB. */
enum {
    TB_PDF_INK = 0x1E2328,
    TB_PDF_NAVY = 0x12355B,
    TB_PDF_GREY = 0x5B6670,
    TB_PDF_RULE = 0xC5CCD4,
    TB_PDF_HAIR = 0xE2E6EA,
    TB_PDF_BOX = 0xF1F4F8
};

/* Charts on the page: drawn at 90% (their 14 pt titles and 8.5 pt labels
 * at 12.6 and 7.7 pt); reaching into the margins by chart.c's own inset so
 * titles and plots line up with the text column. */
#define TB_PDF_CHART_SCALE 0.9
#define TB_PDF_CHART_INSET 14.0

/* The page for PAPER: "a4" (also NULL or ""), or "letter" (US Letter).
 * Returns 0, or -1 for any other name (then *PG is A4). */
int tb_pdf_page_for(const char *paper, tb_pdf_page *pg);

/* The type for Korean (KO) or English. */
const tb_pdf_type *tb_pdf_page_type(bool ko);

#endif
