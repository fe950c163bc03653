/* pdf: the briefing as a PDF (see pdf.h).
 *
 * Four phases run in turn over one tb_pdf_state (pdf_state.h), each
 * finished before the next starts:
 *   prepare   every block measured once (pdf_prep.h);
 *   paginate  the blocks placed on pages as drawing operations, then the
 *             running headers and footers once the page count is known
 *             (pdf_flow.h);
 *   fonts and draw
 *             subsets of the glyphs used, pages drawn, metadata, saved to
 *             memory (pdf_draw.h).
 * The page is A4 or US Letter from the document's "paper" metadata
 * (pdf_page.h).  Everything the renderer allocates lives in the state and
 * is freed at the end, whatever happened.
 */
#include "pdf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "fmt.h"
#include "pdf_draw.h"
#include "pdf_flow.h"
#include "pdf_page.h"
#include "pdf_prep.h"
#include "pdf_state.h"

int tb_pdf_render_mem(const tb_doc *doc, const tb_pdf_options *opt, unsigned char **out, size_t *len,
                      tb_pdf_stats *stats, tb_diag *diag)
{
    *out = NULL;
    *len = 0;
    tb_pdf_state R;
    memset(&R, 0, sizeof R);
    R.cur_blk = SIZE_MAX;
    R.doc = doc;
    R.diag = diag;
    R.lang = opt && opt->lang ? opt->lang : tb_doc_meta(doc, "lang");
    if (!R.lang || !*R.lang)
        R.lang = "en";
    R.ko = tb_fmt_is_ko(R.lang);
    R.t = *tb_pdf_page_type(R.ko);
    const char *paper = tb_doc_meta(doc, "paper");
    if (tb_pdf_page_for(paper, &R.pg) != 0)
        tb_pdf_state_error(&R, NULL, "paper \"%s\": the page size must be a4 or letter", paper);
    R.month = opt ? opt->month : TB_MONTH_NONE;
    const char *m = tb_doc_meta(doc, "month");
    if (R.month == TB_MONTH_NONE && m)
        tb_month_parse(m, strlen(m), TB_MONTH_ISO, &R.month);
    int rc = -1;
    if (!R.failed)
        tb_pdf_prep_run(&R);
    if (!R.failed)
        tb_pdf_flow_run(&R);
    if (!R.failed && opt && opt->places)
        tb_pdf_flow_places(&R);
    if (!R.failed)
        tb_pdf_flow_furniture(&R);
    if (!R.failed)
        rc = tb_pdf_draw_run(&R, out, len);
    R.stats.pages = R.n_pages;
    if (stats)
        *stats = R.stats;
    else
        free(R.stats.places);
    tb_pdf_state_free(&R);
    return rc;
}

int tb_pdf_render(const tb_doc *doc, const tb_pdf_options *opt, const char *out_path, tb_pdf_stats *stats,
                  tb_diag *diag)
{
    unsigned char *pdf;
    size_t len;
    if (tb_pdf_render_mem(doc, opt, &pdf, &len, stats, diag) != 0)
        return -1;
    int rc = tb_artifact_write(out_path, pdf, len);
    if (rc != 0)
        tb_diag_error(diag, out_path, 0, 0, NULL, "cannot write the report: %s", strerror(errno));
    free(pdf);
    return rc;
}
