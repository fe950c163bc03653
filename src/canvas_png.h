/* canvas_png: a small, fast PNG encoder for cairo image surfaces.
 *
 * Charts are mostly flat colour, so a simple encoder wins: per-row filter
 * choice (None, Sub or Up, least sum of absolute differences), greedy LZ77
 * with a one-probe hash plus a "same place in the previous row" probe, and
 * deflate's fixed Huffman codes.  Output is a valid zlib stream in one IDAT
 * chunk; the bytes depend only on the pixels (not on the zlib version), so
 * renders are byte-reproducible.  No ancillary chunks except pHYs.
 */
#ifndef TB_CANVAS_PNG_H
#define TB_CANVAS_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Encodes a W x H image whose rows (STRIDE bytes apart) hold native-endian
 * 32-bit 0x00RRGGBB pixels (cairo's CAIRO_FORMAT_RGB24) as an 8-bit RGB
 * PNG.  PPM, when > 0, is written as pixels per metre (pHYs).  Returns 0,
 * or -1 for a bad size.  Ownership: *OUT is the caller's (free). */
int tb_canvas_png_encode(const unsigned char *data, int w, int h, int stride, double ppm, unsigned char **out,
                         size_t *len);

/* CRC-32 (ISO 3309, as PNG uses) of DATA, continuing from CRC (0 to start). */
uint32_t tb_canvas_png_crc32(uint32_t crc, const unsigned char *data, size_t len);

#endif
