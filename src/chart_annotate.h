/* chart_annotate: dated events drawn on the charts over time ("2020-04:
 * COVID-19 lockdowns"), from the desk's notes file (notes.h).
 *
 * An annotation is a dashed vertical line through the plot at its month
 * and a short label at the top of the plot, beside the line (left of it
 * near the right edge).  A label steps down a row until it is clear of the
 * other labels and of the other annotations' lines, and its line starts
 * at its own row, under the labels above it; an annotation that finds no
 * clear row in five (months crowded on a narrow chart) is left out rather
 * than drawn across another.  Lines are marked as rules on the canvas, so
 * tests see any label they cross.  Only LINE, BALANCE and GROWTH charts
 * draw them, and only those whose months cover the annotation's month:
 * the others ignore them.
 *
 * Ownership: a spec's annotations are borrowed like its other pointers;
 * tb_chart_spec_copy deep-copies them through tb_chart_annotate_copy and
 * tb_chart_spec_free releases them through tb_chart_annotate_free.
 */
#ifndef TB_CHART_ANNOTATE_H
#define TB_CHART_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "chart.h"
#include "month.h"

struct tb_notes;

/* Draws SPEC's annotations inside the plot (X, Y) W x H whose N month
 * bands start at START (the month axis under it). */
void tb_chart_annotate_draw(const tb_chart_spec *spec, tb_canvas *c, double x, double y, double w, double h,
                            tb_month start, int n);

/* Whether SPEC shows its annotation I: a chart over time whose months
 * cover the annotation's month (charts.json and the document's text dump
 * list those; the drawing leaves out one too crowded to place). */
bool tb_chart_annotate_shown(const tb_chart_spec *spec, size_t i);

/* The notes' annotations in LANG (those with a text in it), in month
 * order, as *N entries whose labels borrow from NOTES (may be NULL: none).
 * Ownership: the caller frees the array (not the labels). */
tb_chart_annotation *tb_chart_annotate_from_notes(const struct tb_notes *notes, const char *lang, size_t *n);

/* DST's annotations made deep copies of SRC's / freed. */
void tb_chart_annotate_copy(tb_chart_spec *dst, const tb_chart_spec *src);
void tb_chart_annotate_free(tb_chart_spec *spec);

#endif
