/* pdf_font: the PDF's fonts as TrueType subsets made by HarfBuzz's
 * hb-subset, so libharu never parses a whole font file.
 *
 * libharu 2.3.0 loads a TrueType font by reading every table entry through
 * its stream layer, and with the UTF-8 encoder it then looks up all 65,536
 * BMP code points in the font's cmap by a linear scan over its segments
 * (NanumGothic has 3,832): about 35 ms per Korean face before a page is
 * drawn, and 8 ms more when the document is saved, and it embeds the whole
 * font.  A subset holding only the glyphs the document uses (a few hundred)
 * loads and saves in about a millisecond.
 *
 * tb_pdf_font_subset is a pure function: TrueType bytes and a set of code
 * points in, a smaller, valid TrueType font out (hb-subset: glyph 0, the
 * glyphs of the code points and their components, renumbered in their
 * original order, without hinting; the PostScript name kept, so libharu
 * names the subset as it names the full font).
 *
 * tb_pdf_font_load hands a subset to libharu (which reads fonts only from
 * files) through an anonymous in-memory file: nothing is written to disk.
 * tb_pdf_font_embed does both for one of font.h's fonts, whose files it
 * parses once per process (kept until exit, still reachable).
 *
 * Ownership: returned buffers are the caller's (free); fonts belong to
 * their document.
 */
#ifndef TB_PDF_FONT_H
#define TB_PDF_FONT_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The subset of the TrueType font TTF (LEN bytes) for the N code points CPS
 * (any order, duplicates allowed; code points the font lacks are left
 * out, as are those above U+FFFF).  Returns 0 and the new font in *OUT /
 * *OUT_LEN, or -1 with a message appended to ERR (a malformed font, or one without
 * TrueType outlines). */
int tb_pdf_font_subset(const unsigned char *ttf, size_t len, const uint32_t *cps, size_t n,
                       unsigned char **out, size_t *out_len, tb_buf *err);

/* Loads the TrueType font DATA (LEN bytes) into PDF, embedded, and returns
 * its font in the UTF-8 encoding, or NULL with a message appended to ERR (libharu's
 * error, if any, is also in the document's error handler).  Call it once
 * per font and document: libharu keeps the first font of a PostScript name.
 *
 * libharu 2.3.0 gives UTF-8 fonts a ToUnicode CMap that maps nothing
 * (poppler warns "Invalid 'begincidrange' operator"; copying text from some
 * viewers fails).  Its character codes are the Unicode code points, so the
 * CMap is replaced by an identity map over the 256-code blocks holding the
 * N code points CPS. */
HPDF_Font tb_pdf_font_load(HPDF_Doc pdf, const unsigned char *data, size_t len, const uint32_t *cps, size_t n,
                           tb_buf *err);

/* Embeds in PDF the subset of FONT (a font.h id) holding the N code points
 * CPS, as tb_pdf_font_subset and tb_pdf_font_load do; returns its font, or
 * NULL with a message naming the font file appended to ERR. */
HPDF_Font tb_pdf_font_embed(HPDF_Doc pdf, int font, const uint32_t *cps, size_t n, tb_buf *err);

#endif
