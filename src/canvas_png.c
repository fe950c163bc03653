/* canvas_png: PNG encoding with a fixed-Huffman deflate (see canvas_png.h). */
#include "canvas_png.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* A growing byte buffer with a little-endian bit accumulator (deflate). */
typedef struct {
    unsigned char *p;
    size_t len, cap;
    uint64_t bits;
    int nbits;
} S_buf;

static void S_reserve(S_buf *b, size_t more) { TB_GROW(b->p, b->cap, b->len + more); }

static void S_bytes(S_buf *b, const void *d, size_t n)
{
    if (n == 0)
        return;
    S_reserve(b, n);
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void S_be32(S_buf *b, uint32_t v)
{
    unsigned char q[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    S_bytes(b, q, 4);
}

/* Appends N (<= 32) bits of V, least significant first. */
static inline void S_bits(S_buf *b, uint32_t v, int n)
{
    b->bits |= (uint64_t)v << b->nbits;
    b->nbits += n;
    if (b->nbits >= 32) {
        S_reserve(b, 4);
        for (int i = 0; i < 4; i++)
            b->p[b->len++] = (unsigned char)(b->bits >> (8 * i));
        b->bits >>= 32;
        b->nbits -= 32;
    }
}

static void S_flush_bits(S_buf *b)
{
    while (b->nbits > 0) {
        S_reserve(b, 1);
        b->p[b->len++] = (unsigned char)b->bits;
        b->bits >>= 8;
        b->nbits -= 8;
    }
    b->bits = 0;
    b->nbits = 0;
}

static uint32_t S_crc_table[256];
static bool S_crc_ready;

uint32_t tb_canvas_png_crc32(uint32_t crc, const unsigned char *data, size_t len)
{
    if (!S_crc_ready) {
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            S_crc_table[n] = c;
        }
        S_crc_ready = true;
    }
    crc = ~crc;
    for (size_t i = 0; i < len; i++)
        crc = S_crc_table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static uint32_t S_adler32(const unsigned char *d, size_t n)
{
    uint32_t a = 1, b = 0;
    while (n > 0) {
        size_t k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) {
            a += *d++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return b << 16 | a;
}

static const uint16_t S_len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                        31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t S_len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                        2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t S_dist_base[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                         33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t S_dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* Length code of each match length 3..258 (filled by S_init_codes). */
static uint8_t S_len_code[259];

/* Fixed Huffman literal/length codes, bit-reversed for LSB-first output. */
static uint16_t S_lit_code[288];
static uint8_t S_lit_len[288];
static bool S_codes_ready;

static uint32_t S_reverse(uint32_t v, int n)
{
    uint32_t r = 0;
    for (int i = 0; i < n; i++, v >>= 1)
        r = (r << 1) | (v & 1);
    return r;
}

static void S_init_codes(void)
{
    if (S_codes_ready)
        return;
    for (int i = 0; i < 288; i++) {
        uint32_t code;
        int len;
        if (i < 144)
            code = 0x30 + (uint32_t)i, len = 8;
        else if (i < 256)
            code = 0x190 + (uint32_t)(i - 144), len = 9;
        else if (i < 280)
            code = (uint32_t)(i - 256), len = 7;
        else
            code = 0xC0 + (uint32_t)(i - 280), len = 8;
        S_lit_code[i] = (uint16_t)S_reverse(code, len);
        S_lit_len[i] = (uint8_t)len;
    }
    for (int l = 3, lc = 0; l <= 258; l++) {
        while (lc < 28 && S_len_base[lc + 1] <= l)
            lc++;
        S_len_code[l] = (uint8_t)lc;
    }
    S_codes_ready = true;
}

static void S_literal(S_buf *b, unsigned v) { S_bits(b, S_lit_code[v], S_lit_len[v]); }

static void S_match(S_buf *b, int len, int dist)
{
    int lc = S_len_code[len];
    S_literal(b, 257 + (unsigned)lc);
    if (S_len_extra[lc])
        S_bits(b, (uint32_t)(len - S_len_base[lc]), S_len_extra[lc]);
    int dc = 0;
    while (dc < 29 && S_dist_base[dc + 1] <= dist)
        dc++;
    S_bits(b, S_reverse((uint32_t)dc, 5), 5);
    if (S_dist_extra[dc])
        S_bits(b, (uint32_t)(dist - S_dist_base[dc]), S_dist_extra[dc]);
}

enum { S_HASH_BITS = 15, S_WINDOW = 32768, S_MAX_MATCH = 258 };

static inline uint32_t S_hash(const unsigned char *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return (v * 2654435761u) >> (32 - S_HASH_BITS);
}

/* Common prefix length of A and B, at most MAX; eight bytes at a time. */
static int S_match_len(const unsigned char *a, const unsigned char *b, size_t max)
{
    size_t n = 0;
    while (n + 8 <= max) {
        uint64_t x, y;
        memcpy(&x, a + n, 8);
        memcpy(&y, b + n, 8);
        if (x != y)
            return (int)(n + (size_t)(__builtin_ctzll(x ^ y) >> 3));
        n += 8;
    }
    while (n < max && a[n] == b[n])
        n++;
    return (int)n;
}

/* Deflate of SRC as one fixed-Huffman block.  ROW is the scanline length:
 * the byte one row up is a second match candidate. */
static void S_deflate(S_buf *b, const unsigned char *src, size_t n, size_t row)
{
    S_init_codes();
    int32_t *head = tb_mem_alloc(sizeof(int32_t) << S_HASH_BITS);
    for (size_t i = 0; i < (size_t)1 << S_HASH_BITS; i++)
        head[i] = -1;
    S_bits(b, 1, 1); /* BFINAL */
    S_bits(b, 1, 2); /* BTYPE = fixed Huffman */
    size_t i = 0;
    while (i < n) {
        int best = 0;
        size_t dist = 0;
        if (i + 3 <= n) {
            size_t max = n - i < S_MAX_MATCH ? n - i : S_MAX_MATCH;
            uint32_t h = S_hash(src + i);
            int32_t cand = head[h];
            head[h] = (int32_t)i;
            if (cand >= 0 && i - (size_t)cand <= S_WINDOW) {
                best = S_match_len(src + cand, src + i, max);
                dist = i - (size_t)cand;
            }
            if (best < (int)max && i >= row && row <= S_WINDOW) {
                int l = S_match_len(src + i - row, src + i, max);
                if (l > best)
                    best = l, dist = row;
            }
            if (best < (int)max && i >= 3) {
                int l = S_match_len(src + i - 3, src + i, max);
                if (l > best)
                    best = l, dist = 3;
            }
        }
        if (best >= 3) {
            S_match(b, best, (int)dist);
            /* Index a few positions inside short matches; long runs are
             * found again through the row and pixel probes. */
            size_t end = i + (size_t)best;
            if (best <= 16)
                for (size_t j = i + 1; j + 3 <= n && j < end; j++)
                    head[S_hash(src + j)] = (int32_t)j;
            i = end;
        } else {
            S_literal(b, src[i]);
            i++;
        }
    }
    S_literal(b, 256);
    S_flush_bits(b);
    free(head);
}

static void S_chunk(S_buf *b, const char type[4], const unsigned char *data, size_t len)
{
    S_be32(b, (uint32_t)len);
    size_t at = b->len;
    S_bytes(b, type, 4);
    if (len)
        S_bytes(b, data, len);
    S_be32(b, tb_canvas_png_crc32(0, b->p + at, len + 4));
}

/* Filters one row of RGB bytes CUR (previous row PREV or NULL) into OUT
 * (filter byte first), choosing None, Sub or Up. */
static void S_filter_row(const unsigned char *cur, const unsigned char *prev, size_t n, unsigned char *out)
{
    if (prev && memcmp(cur, prev, n) == 0) { /* common in charts: Up gives zeros */
        out[0] = 2;
        memset(out + 1, 0, n);
        return;
    }
    unsigned long s_none = 0, s_sub = 0, s_up = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char sub = (unsigned char)(cur[i] - (i >= 3 ? cur[i - 3] : 0));
        unsigned char up = (unsigned char)(cur[i] - (prev ? prev[i] : 0));
        s_none += cur[i] < 128 ? cur[i] : 256 - cur[i];
        s_sub += sub < 128 ? sub : 256 - sub;
        s_up += up < 128 ? up : 256 - up;
    }
    if (s_none <= s_sub && s_none <= s_up) {
        out[0] = 0;
        memcpy(out + 1, cur, n);
    } else if (s_sub <= s_up) {
        out[0] = 1;
        for (size_t i = 0; i < n; i++)
            out[1 + i] = (unsigned char)(cur[i] - (i >= 3 ? cur[i - 3] : 0));
    } else {
        out[0] = 2;
        for (size_t i = 0; i < n; i++)
            out[1 + i] = (unsigned char)(cur[i] - (prev ? prev[i] : 0));
    }
}

int tb_canvas_png_encode(const unsigned char *data, int w, int h, int stride, double ppm, unsigned char **out,
                         size_t *len)
{
    *out = NULL;
    *len = 0;
    if (w <= 0 || h <= 0 || w > 1 << 15 || h > 1 << 15 || stride < 4 * w)
        return -1;
    size_t rowlen = (size_t)w * 3;
    unsigned char *rgb[2] = {tb_mem_alloc(rowlen), tb_mem_alloc(rowlen)};
    unsigned char *raw = tb_mem_alloc((rowlen + 1) * (size_t)h);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *cur = rgb[y & 1];
        for (int x = 0; x < w; x++) {
            cur[3 * x] = (unsigned char)(px[x] >> 16);
            cur[3 * x + 1] = (unsigned char)(px[x] >> 8);
            cur[3 * x + 2] = (unsigned char)px[x];
        }
        S_filter_row(cur, y ? rgb[(y - 1) & 1] : NULL, rowlen, raw + (size_t)y * (rowlen + 1));
    }
    free(rgb[0]);
    free(rgb[1]);
    size_t rawlen = (rowlen + 1) * (size_t)h;

    S_buf z = {0};
    S_bytes(&z, "\x78\x01", 2);
    S_deflate(&z, raw, rawlen, rowlen + 1);
    S_be32(&z, S_adler32(raw, rawlen));
    free(raw);

    S_buf b = {0};
    S_bytes(&b, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {(unsigned char)(w >> 24), (unsigned char)(w >> 16), (unsigned char)(w >> 8),
                              (unsigned char)w,         (unsigned char)(h >> 24), (unsigned char)(h >> 16),
                              (unsigned char)(h >> 8),  (unsigned char)h,         8, 2, 0, 0, 0};
    S_chunk(&b, "IHDR", ihdr, sizeof ihdr);
    if (ppm > 0 && ppm < 1e9) {
        uint32_t p = (uint32_t)lround(ppm);
        unsigned char phys[9] = {(unsigned char)(p >> 24), (unsigned char)(p >> 16), (unsigned char)(p >> 8),
                                 (unsigned char)p,         (unsigned char)(p >> 24), (unsigned char)(p >> 16),
                                 (unsigned char)(p >> 8),  (unsigned char)p,         1};
        S_chunk(&b, "pHYs", phys, sizeof phys);
    }
    S_chunk(&b, "IDAT", z.p, z.len);
    S_chunk(&b, "IEND", NULL, 0);
    free(z.p);
    *out = b.p;
    *len = b.len;
    return 0;
}
