/* chart: how a chart spec (chart_spec.h) is drawn on a canvas.
 *
 * tb_chart_draw lays a spec out on a canvas of any size and draws it with
 * the canvas interface only, so the same code makes the PNG, the SVG and
 * the vector chart inside a PDF page.  The frame (titles, legend) and the
 * axes are shared pieces (chart_frame.h, chart_axis.h); each chart type is
 * drawn by its own module (chart_line, chart_bars, chart_hbars,
 * chart_stacked, chart_annual, chart_heatmap), which chart.c dispatches to.
 *
 * Ownership: a spec borrows every pointer in it; nothing here frees them.
 */
#ifndef TB_CHART_H
#define TB_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "chart_spec.h"
#include "fmt.h"
#include "month.h"

/* The colour-blind-safe palette (Okabe–Ito order): categorical colour I
 * (cycling), and the named roles. */
tb_rgba tb_chart_palette(int i);
tb_rgba tb_chart_colour_export(void);   /* blue */
tb_rgba tb_chart_colour_import(void);   /* orange */
tb_rgba tb_chart_colour_positive(void); /* blue: surplus, growth */
tb_rgba tb_chart_colour_negative(void); /* vermillion: deficit, decline */

/* The scale SPEC's values are shown in: the money scale of its largest
 * value for LINE, BALANCE, ANNUAL and SPARKLINE ("$bn"), else percent
 * (divisor 1, "%"). */
tb_fmt_scale tb_chart_scale(const tb_chart_spec *spec);
/* SPEC's subtitle with "{unit}" replaced by the scale's label, as drawn.
 * Ownership: caller frees. */
char *tb_chart_subtitle(const tb_chart_spec *spec);

/* Whether SPEC has anything to draw: a finite value in a series (for the
 * category charts, among its categories).  A chart without is not drawn
 * as an artifact. */
bool tb_chart_has_data(const tb_chart_spec *spec);

/* Draws SPEC on the whole of canvas C.  Returns the canvas status (0 or -1;
 * a bad spec sets it with a message). */
int tb_chart_draw(const tb_chart_spec *spec, tb_canvas *c);

/* The size a chart of this spec reads best at, in points (640 wide; height
 * by type and number of rows). */
void tb_chart_default_size(const tb_chart_spec *spec, double *w, double *h);

/* Renders SPEC at W x H points into FORMAT "png" (at SCALE pixels per
 * point), "svg" or "pdf".  Returns 0, or -1 with a message in ERR.
 * Ownership: *OUT is the caller's (free). */
int tb_chart_render(const tb_chart_spec *spec, const char *format, double w, double h, double scale,
                    unsigned char **out, size_t *len, char *err, size_t errsize);

#endif
