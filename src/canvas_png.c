/* canvas_png: PNG container and row filters around libdeflate
 * (see canvas_png.h). */
#include "canvas_png.h"

#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* libdeflate's level: 1 is its fastest and already beats the fixed-Huffman
 * encoder this replaced on both size and time for our charts. */
#define S_LEVEL 2

static unsigned char *S_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

/* Writes a chunk of type TYPE whose LEN data bytes are already at P + 8;
 * returns the end of the chunk. */
static unsigned char *S_chunk(unsigned char *p, const char type[4], size_t len)
{
    S_be32(p, (uint32_t)len);
    memcpy(p + 4, type, 4);
    return S_be32(p + 8 + len, libdeflate_crc32(0, p + 4, len + 4));
}

/* Kept between calls: a compressor and the scanline buffer.  Allocating
 * and freeing 3 MB per chart let the C library hand the pages back to the
 * system each time, and faulting them in again cost more than compressing.
 * Still reachable at exit; tb_canvas_png_release frees them for memory
 * checking runs. */
static _Thread_local struct {
    struct libdeflate_compressor *z;
    unsigned char *raw;
    size_t raw_cap;
} S_keep;

/* The scanlines of the image, (3 W + 1) H bytes, in S_keep.raw.  A row
 * that repeats the one above is filtered Up (all zeros), any other row
 * None: on our charts this gave smaller files than choosing among None,
 * Sub and Up by least sum of absolute differences (408 KB against 447 KB
 * for the English set) and costs nothing to decide. */
static void S_scanlines(const unsigned char *data, int w, int h, int stride)
{
    size_t rowlen = (size_t)w * 3;
    TB_GROW(S_keep.raw, S_keep.raw_cap, (rowlen + 1) * (size_t)h);
    const unsigned char *last = NULL; /* the last row filtered None */
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *row = S_keep.raw + (size_t)y * (rowlen + 1), *cur = row + 1;
        for (int x = 0; x < w; x++) {
            cur[3 * x] = (unsigned char)(px[x] >> 16);
            cur[3 * x + 1] = (unsigned char)(px[x] >> 8);
            cur[3 * x + 2] = (unsigned char)px[x];
        }
        if (last && memcmp(cur, last, rowlen) == 0) {
            row[0] = 2;
            memset(cur, 0, rowlen);
        } else {
            row[0] = 0;
            last = cur;
        }
    }
}

/* Compresses N bytes of S_keep.raw as a zlib stream to *B + AT, growing *B
 * (capacity *CAP) when a quarter of N (charts shrink 20-30 times) is not
 * enough; returns the stream's length. */
static size_t S_zlib(size_t n, unsigned char **b, size_t *cap, size_t at)
{
    size_t zlen = libdeflate_zlib_compress(S_keep.z, S_keep.raw, n, *b + at, *cap - at);
    if (zlen == 0) {
        *cap = at + libdeflate_zlib_compress_bound(S_keep.z, n) + 12;
        *b = tb_mem_realloc(*b, *cap);
        zlen = libdeflate_zlib_compress(S_keep.z, S_keep.raw, n, *b + at, *cap - at);
    }
    return zlen;
}

int tb_canvas_png_encode(const unsigned char *data, int w, int h, int stride, double ppm, unsigned char **out,
                         size_t *len)
{
    *out = NULL;
    *len = 0;
    if (w <= 0 || h <= 0 || w > 1 << 15 || h > 1 << 15 || stride < 4 * w)
        return -1;
    if (!S_keep.z && !(S_keep.z = libdeflate_alloc_compressor(S_LEVEL)))
        return -1;
    size_t rawlen = ((size_t)w * 3 + 1) * (size_t)h;
    S_scanlines(data, w, h, stride);
    /* signature, IHDR, pHYs, IDAT (its data last, at b + 74), IEND */
    size_t cap = 8 + 25 + 21 + 12 + rawlen / 4 + 1024 + 12;
    unsigned char *b = tb_mem_alloc(cap), *p = b;
    memcpy(p, "\x89PNG\r\n\x1a\n", 8);
    p += 8;
    S_be32(S_be32(p + 8, (uint32_t)w), (uint32_t)h);
    memcpy(p + 16, "\x08\x02\x00\x00\x00", 5);
    p = S_chunk(p, "IHDR", 13);
    if (ppm > 0 && ppm < 1e9) {
        uint32_t v = (uint32_t)lround(ppm);
        S_be32(S_be32(p + 8, v), v)[0] = 1;
        p = S_chunk(p, "pHYs", 9);
    }
    size_t at = (size_t)(p - b);
    size_t zlen = S_zlib(rawlen, &b, &cap, at + 8);
    p = S_chunk(b + at, "IDAT", zlen);
    p = S_chunk(p, "IEND", 0);
    *len = (size_t)(p - b);
    *out = tb_mem_realloc(b, *len);
    return 0;
}

void tb_canvas_png_release(void)
{
    if (S_keep.z)
        libdeflate_free_compressor(S_keep.z);
    free(S_keep.raw);
    S_keep.z = NULL;
    S_keep.raw = NULL;
    S_keep.raw_cap = 0;
}
