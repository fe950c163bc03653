/* chartset: the standard chart set of a dataset for one month.
 *
 * From a dataset and a reference month M, in a language ("en" or "ko"),
 * the charts a briefing shows, each with a stable name (the file stem):
 *   exports-imports  LINE     exports and imports, the 36 months to M
 *   balance          BALANCE  trade balance, 36 months, current streak marked
 *   exports-yoy      GROWTH   exports, % change on a year earlier, 24 months
 *   items-yoy        GROWTH_ITEMS  items' growth in M, total as reference
 *   items-share      SHARE    items' shares of the total in M and M-12
 *   partners-yoy     GROWTH_ITEMS  the same for partners
 *   partners-share   SHARE
 *   annual           ANNUAL   exports and imports by year, ten years, the
 *                             current year to date marked
 *   items-heatmap    HEATMAP  items' growth, the 13 months to M
 * The series are the subject's (tb_subject: reporter, partner, product;
 * NULL: the dataset's default, the world total) and the manifest breakdowns
 * "items" and "partners"; a breakdown chart with no data for the month is
 * left out (charts.json lists it under "omitted").
 * Growth and the balance's sign streak are the facts module's (facts.h:
 * yoy_pct, sign_streak), so charts and sentences agree; shares are
 * computed here; NaN where an input is missing.
 *
 * Ownership: a tb_chartset owns its specs and everything they point to;
 * the dataset is only read while building and may be freed afterwards.
 */
#ifndef TB_CHARTSET_H
#define TB_CHARTSET_H

#include <stdbool.h>
#include <stddef.h>

#include "artifact.h"
#include "chart.h"
#include "dataset.h"
#include "diag.h"
#include "month.h"

typedef struct tb_chartset tb_chartset;

/* The chart set of SUBJECT (NULL: the dataset's default) for MONTH
 * (TB_MONTH_NONE: the subject's last month) in LANG.  Returns NULL after
 * reporting into DIAG when the dataset has no exports or imports for the
 * subject or MONTH is outside its calendar.  Ownership: free with
 * tb_chartset_free. */
tb_chartset *tb_chartset_build(const tb_dataset *ds, const tb_subject *subject, tb_month month, const char *lang,
                               tb_diag *diag);
/* The same with every chart over time (exports-imports, balance,
 * exports-yoy, items-heatmap) showing WINDOW months to MONTH (2..600; 0:
 * each chart's default above); months before the data are NaN.
 * Ownership: free with tb_chartset_free. */
tb_chartset *tb_chartset_build_months(const tb_dataset *ds, const tb_subject *subject, tb_month month,
                                      const char *lang, int window, tb_diag *diag);
void tb_chartset_free(tb_chartset *set);

size_t tb_chartset_count(const tb_chartset *set);
/* The stable name of chart I ("exports-imports"). */
const char *tb_chartset_name(const tb_chartset *set, size_t i);
const tb_chart_spec *tb_chartset_spec(const tb_chartset *set, size_t i);
/* The chart named NAME, or NULL. */
const tb_chart_spec *tb_chartset_find(const tb_chartset *set, const char *name);
tb_month tb_chartset_month(const tb_chartset *set);
/* Gives every chart of SET the N annotations A (chart_annotate.h): borrowed,
 * they must outlive SET. */
void tb_chartset_annotate(tb_chartset *set, const tb_chart_annotation *a, size_t n);

/* Renders every chart of SET as NAME.FORMAT ("png" at 2 pixels per point,
 * "svg" or "pdf") into the output directory A, plus charts.json listing
 * each file, its size, spec and SHA-256, and the charts omitted for lack
 * of data (also those with nothing to draw in their window: a picture of
 * "No data" is not written).  Each chart's data is written beside it as
 * NAME.csv (chart_csv.h), listed in charts.json ("data") and the manifest.
 * SVG charts carry a <title> and <desc> (chart_desc.h).  A chart whose inputs (its spec, which holds its data, the
 * format, the program version) match the manifest is not redrawn.
 * Returns 0, or -1 after reporting into DIAG. */
int tb_chartset_write_set(const tb_chartset *set, const tb_artifact_info *info, tb_artifacts *a, const char *format,
                          tb_diag *diag);
/* tb_chartset_write_set with every chart WIDTH points wide (its height
 * scaled alike; 0: each chart's default size) and PNGs at DPI pixels per
 * inch (0: 144). */
int tb_chartset_write_sized(const tb_chartset *set, const tb_artifact_info *info, tb_artifacts *a, const char *format,
                            double width, double dpi, tb_diag *diag);
/* tb_chartset_build + tb_chartset_write_set into OUTDIR (created if
 * missing, locked, manifest.json updated): what `tradebrief charts` runs.
 * FORCE redraws everything.  Returns 0, or -1 after reporting into DIAG. */
int tb_chartset_write(const tb_dataset *ds, const tb_subject *subject, tb_month month, const char *outdir,
                      const char *format, const char *lang, bool force, tb_diag *diag);

#endif
