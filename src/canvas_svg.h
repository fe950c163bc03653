/* canvas_svg: a canvas backend that writes SVG by hand, with text as real
 * <text> elements, so an SVG chart can be edited, searched, translated and
 * read aloud (cairo's SVG surface sets every glyph as an outline).
 *
 * Text names its font: font-family "DejaVu Sans" or "NanumGothic" (the
 * fonts the layout was measured with, font.h) with sans-serif as the
 * fallback, font-weight bold for the bold role; each run of one font is one
 * <text> element at the position the canvas measured, so a viewer with the
 * named fonts shows exactly the PNG's layout.  Paths are <path> elements
 * with their paint as attributes.  Coordinates are points with two
 * decimals: the bytes depend only on the drawing.
 *
 * Ownership: the constructor returns a canvas freed with tb_canvas_free;
 * tb_canvas_encode gives the SVG text.
 */
#ifndef TB_CANVAS_SVG_H
#define TB_CANVAS_SVG_H

#include "canvas.h"

/* An SVG canvas of W x H points (width and height written in pt). */
tb_canvas *tb_canvas_svg_new(double w, double h);

#endif
