/* pdf_state: what the PDF renderer's phases share (pdf.c runs them; not
 * a public header).
 *
 * One tb_pdf_state holds a render from start to end: the document, the
 * page and type, everything measured (laid-out text, charts, KPI boxes,
 * tables, one tb_pdf_prep per block), the drawing operations the
 * pagination records (tb_pdf_op, with page numbers, in top-down points),
 * footnotes per page, and the code points each font must hold.  Errors are
 * sticky: tb_pdf_state_error reports into the diag at a block's template
 * line and sets `failed`; phases stop when it is set.
 *
 * Ownership: the state owns every laid-out paragraph (through
 * tb_pdf_state_own), string (tb_pdf_state_keep), chart, prep, op and
 * footnote; tb_pdf_state_free frees them all, whatever happened.  The
 * document is only read.
 */
#ifndef TB_PDF_STATE_H
#define TB_PDF_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "canvas.h"
#include "chart.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "month.h"
#include "pdf.h"
#include "pdf_page.h"

enum { TB_PDF_OP_TEXT, TB_PDF_OP_RECT, TB_PDF_OP_RULE, TB_PDF_OP_ARROW, TB_PDF_OP_CHART, TB_PDF_OP_MARK };

typedef struct {
    int kind;
    size_t page;
    double x, y, w, h; /* TEXT: x of the line's start, y the baseline */
    double lw;         /* RULE: line width */
    tb_rgba colour;
    const tb_layout_par *par; /* TEXT */
    size_t line;
    enum tb_doc_dir dir; /* ARROW */
    size_t chart;        /* CHART */
    int level;           /* MARK */
    const char *title;   /* MARK */
    const tb_doc_block *b;
    size_t blk; /* index of the block being placed when it was made; SIZE_MAX: page furniture */
} tb_pdf_op;

typedef struct {
    tb_chart_spec spec;
    tb_chart_series *series; /* owned copy when the spec's series were changed */
    double w, h;             /* on the page */
    double scale;            /* drawn at (w, h) / scale, scaled down: chart text a size below the body's headings */
    const tb_doc_block *b;
    char *name;
} tb_pdf_chart;

typedef struct {
    tb_layout_par *label, *value, *change, *note;
    enum tb_doc_dir dir;
} tb_pdf_kpi;

typedef struct {
    size_t nc, nr;
    double *x, *w;        /* column offsets and widths */
    tb_layout_par **head; /* per column, NULL when empty */
    double head_h, row_h, lead;
    double size;           /* of the cells */
    tb_layout_par **cells;   /* nr * nc, NULL for sparkline cells */
    double *lead_w;          /* nr * nc: width of a cell up to its decimal point (numbers line up on it) */
    double *tail_w;          /* nc: the widest part of a column's cells from the decimal point on */
    size_t *spark;         /* nr: chart index, or SIZE_MAX */
    size_t spark_col;      /* SIZE_MAX: none */
    tb_layout_par *caption, *caption_cont;
} tb_pdf_table;

typedef struct {
    const tb_doc_block *b;
    tb_layout_par *par; /* HEADING, PARAGRAPH, FOOTNOTE, SOURCE */
    double size, lead, before, after;
    tb_rgba colour;
    tb_pdf_kpi *kpi;
    size_t n_kpi;
    double kpi_h, kpi_label_h; /* the labels' height: values line up across the boxes */
    size_t chart;              /* CHART */
    tb_pdf_table *tab;
} tb_pdf_prep;

typedef struct {
    size_t page;
    const tb_layout_par *par;
    double lead;
} tb_pdf_foot;

typedef struct {
    const tb_doc *doc;
    const char *lang;
    bool ko;
    tb_month month;
    tb_pdf_page pg;
    tb_pdf_type t;
    tb_diag *diag;
    bool failed;

    tb_layout_par **pars;
    size_t n_pars, cap_pars;
    tb_pdf_chart *charts;
    size_t n_charts, cap_charts;
    tb_pdf_prep *prep;
    size_t n_prep;
    tb_pdf_op *ops;
    size_t n_ops, cap_ops;
    tb_pdf_foot *feet;
    size_t n_feet, cap_feet;
    char **strs; /* strings the renderer made and ops point to */
    size_t n_strs, cap_strs;

    uint32_t *cps[TB_FONT_COUNT];
    size_t n_cps[TB_FONT_COUNT], cap_cps[TB_FONT_COUNT];
    const tb_doc_block *probe_block; /* the chart being probed, for messages */

    /* flow */
    size_t cur_blk; /* the block being placed (tb_pdf_op.blk) */
    size_t page;
    double y, last_after, foot_h;
    bool empty;
    bool lenient; /* the heading just placed stayed on a page under half full, counting on
                     the block after it to shrink or split as it was measured to */
    size_t n_pages;
    tb_pdf_stats stats;
} tb_pdf_state;

/* Reports an error at block B's origin ("FILE:LINE"; B may be NULL) and
 * marks the render failed. */
void tb_pdf_state_error(tb_pdf_state *R, const tb_doc_block *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Keeps S (from malloc) until the end of the render; returns it. */
char *tb_pdf_state_keep(tb_pdf_state *R, char *s);
/* Keeps P until the end of the render; returns it (NULL stays NULL). */
tb_layout_par *tb_pdf_state_own(tb_pdf_state *R, tb_layout_par *p);
/* The runs of T set at SIZE in WIDTH; FORCE added to every run's style.
 * Owned by R; NULL after an error at B. */
tb_layout_par *tb_pdf_state_set_text(tb_pdf_state *R, const tb_doc_block *b, const tb_doc_text *t, unsigned force,
                                     double size, double width, enum tb_layout_align align);
/* Plain TEXT in STYLE at SIZE: wrapped to WIDTH, or one line when WIDTH
 * <= 0.  Owned by R; NULL after an error at B. */
tb_layout_par *tb_pdf_state_set_plain(tb_pdf_state *R, const tb_doc_block *b, const char *text, unsigned style,
                                      double size, double width, enum tb_layout_align align);
/* TEXT shortened with "…" to fit MAX_W (TEXT itself when it fits).
 * Ownership: kept by R. */
const char *tb_pdf_state_fit(tb_pdf_state *R, const char *text, unsigned style, double size, double max_w);
/* A new zeroed op of KIND on the current page, for the block being placed.
 * Valid until the next push. */
tb_pdf_op *tb_pdf_state_push(tb_pdf_state *R, int kind);
/* Lines FROM..TO-1 of PAR with the first line's top at TOP, LEAD apart,
 * starting at X. */
void tb_pdf_state_put_lines(tb_pdf_state *R, const tb_layout_par *par, size_t from, size_t to, double x, double top,
                            double lead, tb_rgba colour);
void tb_pdf_state_put_rule(tb_pdf_state *R, double x, double y, double w, double lw, unsigned colour);
void tb_pdf_state_put_rect(tb_pdf_state *R, double x, double y, double w, double h, tb_rgba colour);
/* Height of P's lines at LEAD (0 for NULL). */
double tb_pdf_state_par_h(const tb_layout_par *p, double lead);
/* Records the code points of S[0..LEN) as used in FONT. */
void tb_pdf_state_add_cps(tb_pdf_state *R, int font, const char *s, size_t len);
/* A new zeroed chart; returns its index. */
size_t tb_pdf_state_new_chart(tb_pdf_state *R);
/* Frees everything R holds (not R itself). */
void tb_pdf_state_free(tb_pdf_state *R);

#endif
