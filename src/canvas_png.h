/* canvas_png: PNG files for cairo image surfaces, compressed by libdeflate.
 *
 * Our part is the PNG container only: the signature, IHDR, an optional
 * pHYs, one IDAT and IEND, and each row's filter (Up when a row repeats
 * the one above, else None).  libdeflate makes the zlib stream and the
 * chunk CRCs.  Output is 8-bit RGB; the bytes depend only on the pixels and
 * the libdeflate version (a Debian package), so renders are
 * byte-reproducible on one system.
 *
 * Every chart we draw has 400-1,600 distinct colours (anti-aliased text and
 * lines), so an exact palette does not apply and none is tried.
 */
#ifndef TB_CANVAS_PNG_H
#define TB_CANVAS_PNG_H

#include <stddef.h>

/* Encodes a W x H image whose rows (STRIDE bytes apart) hold native-endian
 * 32-bit 0x00RRGGBB pixels (cairo's CAIRO_FORMAT_RGB24) as an 8-bit RGB
 * PNG.  PPM, when > 0, is written as pixels per metre (pHYs).  Returns 0,
 * or -1 for a bad size or when libdeflate has no memory.  Ownership: *OUT
 * is the caller's (free). */
int tb_canvas_png_encode(const unsigned char *data, int w, int h, int stride, double ppm, unsigned char **out,
                         size_t *len);

/* Frees the compressor and scanline buffer kept between charts (memory
 * checking runs at exit: TB_FREE_AT_EXIT). */
void tb_canvas_png_release(void);

#endif
