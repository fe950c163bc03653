/* canvas_probe: a canvas that draws nothing and reports the text it is
 * asked to draw.
 *
 * The PDF renderer draws each chart once on a probe before drawing it on
 * a page, to learn which characters the chart sets in which font: the
 * fonts it embeds are subsets holding exactly those glyphs (pdf_font.h),
 * and a character no font has is reported instead of drawn as an empty
 * box.  Chart layout depends only on the spec and the canvas size, so the
 * probe sees exactly the text the page will get when given the same size.
 *
 * Ownership: the canvas is freed with tb_canvas_free; FN and USER stay the
 * caller's.
 */
#ifndef TB_CANVAS_PROBE_H
#define TB_CANVAS_PROBE_H

#include <stddef.h>

#include "canvas.h"

/* Called for each run of text drawn: S[0..LEN) in font FONT (font.h id). */
typedef void (*tb_canvas_probe_fn)(int font, const char *s, size_t len, void *user);

/* A W x H probe canvas reporting text to FN with USER. */
tb_canvas *tb_canvas_probe_new(double w, double h, tb_canvas_probe_fn fn, void *user);

#endif
