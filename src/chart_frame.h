/* chart_frame: what every chart body shares, inside chart drawing only.
 *
 * The drawing context (the spec, the canvas, the language, and the body
 * rectangle the frame leaves), the type sizes and neutral colours, the
 * frame itself (title and subtitle wrapped at the top, note and source at
 * the bottom), the legend row, the "No data" mark, and the small readers
 * of series values that every type needs.
 *
 * Invariants: tb_chart_frame_draw is called once per chart, first, and
 * sets ctx->body; every other piece draws inside a rectangle it is given.
 * Nothing here allocates except tb_chart_frame_subst_unit.
 */
#ifndef TB_CHART_FRAME_H
#define TB_CHART_FRAME_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "chart.h"

/* Type sizes (points) and neutral colours. */
#define TB_CHART_MARGIN 14.0
#define TB_CHART_TITLE_SIZE 14.0
#define TB_CHART_SUBTITLE_SIZE 10.0
#define TB_CHART_LABEL_SIZE 8.5
#define TB_CHART_SOURCE_SIZE 7.5
#define TB_CHART_INK 0x1A1A1A
#define TB_CHART_SUBTLE 0x4D4D4D
#define TB_CHART_AXIS_TEXT 0x595959
#define TB_CHART_GRID 0xDCDCDC
#define TB_CHART_ZERO 0x333333
#define TB_CHART_SOURCE 0x707070
#define TB_CHART_MISSING 0xEEEEEE

typedef struct {
    double x, y, w, h;
} tb_chart_rect;

typedef struct {
    const tb_chart_spec *s;
    tb_canvas *c;
    bool ko;
    tb_chart_rect body; /* what the frame leaves for the chart */
} tb_chart_ctx;

/* A legend key; KIND: 0 box, 1 line, 2 tick. */
typedef struct {
    const char *label;
    tb_rgba colour;
    int kind;
} tb_chart_key;

/* Sets the font ROLE at SIZE and the fill to COLOUR (0xRRGGBB). */
void tb_chart_frame_font(tb_chart_ctx *x, enum tb_font_role role, double size, unsigned colour);
/* A colour dark enough for text on white (light palette colours darken). */
tb_rgba tb_chart_frame_text_colour(tb_rgba k);
/* Whether K is dark enough for white text on it. */
bool tb_chart_frame_dark(tb_rgba k);
/* TEXT with "{unit}" replaced by UNIT.  Ownership: caller frees. */
char *tb_chart_frame_subst_unit(const char *text, const char *unit);
/* Draws title, subtitle (with UNIT_LABEL for "{unit}"), note and source;
 * sets x->body to what is left. */
void tb_chart_frame_draw(tb_chart_ctx *x, const char *unit_label);
/* A legend row of N KEYS at (LEFT, Y) (Y = middle of the row), wrapping
 * at MAX_W; returns its height. */
double tb_chart_frame_legend(tb_chart_ctx *x, const tb_chart_key *keys, int n, double left, double y, double max_w);
/* "No data" in the middle of R. */
void tb_chart_frame_no_data(tb_chart_ctx *x, tb_chart_rect r);
/* Whether any of the N values V is finite. */
bool tb_chart_frame_any_finite(const double *v, size_t n);
/* The index of the last finite value of V, or -1. */
int tb_chart_frame_last_finite(const double *v, size_t n);
/* SE's own colour, else palette colour K. */
tb_rgba tb_chart_frame_series_colour(const tb_chart_series *se, int k);

#endif
