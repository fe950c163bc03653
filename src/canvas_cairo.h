/* canvas_cairo: the cairo backend of the canvas (PNG, SVG, in-memory
 * images).
 *
 * Text goes through cairo's FreeType font faces made from the same .ttf
 * files libharu embeds (font.h), with hinting off (CAIRO_HINT_STYLE_NONE,
 * CAIRO_HINT_METRICS_OFF) and greyscale antialiasing, so glyph advances are
 * the fonts' own and agree with the PDF.
 *
 * Bytes are reproducible: PNGs come from our own encoder (canvas_png.h);
 * SVG element ids that cairo numbers from a process-wide counter
 * ("surface49") are renumbered from 1 in order of appearance.
 *
 * Ownership: constructors return a canvas freed with tb_canvas_free.
 */
#ifndef TB_CANVAS_CAIRO_H
#define TB_CANVAS_CAIRO_H

#include <cairo.h>

#include "canvas.h"

/* An image canvas of W x H points at SCALE pixels per point (1 = 72 dpi),
 * on an opaque white background.  tb_canvas_encode gives PNG bytes. */
tb_canvas *tb_canvas_cairo_image_new(double w, double h, double scale);
/* An SVG canvas of W x H points (width/height written in pt).
 * tb_canvas_encode gives the SVG text. */
tb_canvas *tb_canvas_cairo_svg_new(double w, double h);
/* The image surface of an image canvas (for tests), owned by the canvas;
 * NULL for other canvases.  Call tb_canvas_finish first. */
cairo_surface_t *tb_canvas_cairo_surface(tb_canvas *c);
/* For memory checkers, at exit (tb_cmd_run, cmd.h): drops the font faces
 * made over font.h's faces and resets cairo's static data (its font and
 * glyph caches) with cairo_debug_reset_static_data, which asserts when a
 * cairo object is still alive.  Call before tb_font_release(true). */
void tb_canvas_cairo_release(void);

#endif
