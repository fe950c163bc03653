/* pdf_font: TrueType subsets in memory for libharu (see pdf_font.h).
 *
 * Every read of the input font is bounds-checked against its table (a
 * malformed font gives an error, never a read past the buffer).  The glyph
 * closure over composite glyphs is a work list, not recursion; each glyph
 * enters it at most once.  Output tables are written in tag order, each
 * padded to four bytes, with their checksums and head's
 * checkSumAdjustment computed as the TrueType specification says.
 */
#define _GNU_SOURCE /* memfd_create */
#include "pdf_font.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "mem.h"

typedef struct {
    const unsigned char *p;
    size_t len; /* 0 with p NULL: the table is absent */
} S_table;

typedef struct {
    S_table head, hhea, maxp, hmtx, loca, glyf, cmap, name, os2, post, cvt, fpgm, prep;
    unsigned n_glyphs, n_hmetrics;
    bool loca_long;
    /* the chosen cmap subtable */
    const unsigned char *cm;
    size_t cm_len;
    unsigned cm_format; /* 4 or 12 */
} S_font;

static unsigned S_u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t S_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int S_fail(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int S_fail(char *err, size_t errsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
    return -1;
}

/* ------------------------------------------------------------ reading */

static int S_parse(S_font *f, const unsigned char *d, size_t len, char *err, size_t errsize)
{
    memset(f, 0, sizeof *f);
    if (len < 12)
        return S_fail(err, errsize, "not a TrueType font (%zu bytes)", len);
    uint32_t version = S_u32(d);
    if (version == 0x4F54544F) /* OTTO */
        return S_fail(err, errsize, "an OpenType font with CFF outlines, not TrueType");
    if (version != 0x00010000 && version != 0x74727565) /* 'true' */
        return S_fail(err, errsize, "not a TrueType font (version 0x%08X)", (unsigned)version);
    unsigned n = S_u16(d + 4);
    if (12 + 16 * (size_t)n > len)
        return S_fail(err, errsize, "truncated table directory");
    static const char *const tags[] = {"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap",
                                       "name", "OS/2", "post", "cvt ", "fpgm", "prep"};
    S_table *slots[] = {&f->head, &f->hhea, &f->maxp, &f->hmtx, &f->loca, &f->glyf, &f->cmap,
                        &f->name, &f->os2,  &f->post, &f->cvt,  &f->fpgm, &f->prep};
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *e = d + 12 + 16 * (size_t)i;
        uint32_t off = S_u32(e + 8), tlen = S_u32(e + 12);
        if (off > len || tlen > len - off)
            return S_fail(err, errsize, "table %.4s lies outside the file", (const char *)e);
        for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
            if (memcmp(e, tags[k], 4) == 0)
                *slots[k] = (S_table){d + off, tlen};
    }
    for (size_t k = 0; k < 10; k++) /* all but cvt, fpgm, prep are required */
        if (!slots[k]->p)
            return S_fail(err, errsize, "no %s table", tags[k]);
    if (f->head.len < 54 || f->hhea.len < 36 || f->maxp.len < 6 || f->post.len < 4 || f->os2.len < 10)
        return S_fail(err, errsize, "truncated head, hhea, maxp, post or OS/2 table");
    f->n_glyphs = S_u16(f->maxp.p + 4);
    f->n_hmetrics = S_u16(f->hhea.p + 34);
    f->loca_long = S_u16(f->head.p + 50) != 0;
    if (f->n_glyphs == 0 || f->n_hmetrics == 0 || f->n_hmetrics > f->n_glyphs)
        return S_fail(err, errsize, "bad glyph counts (%u glyphs, %u metrics)", f->n_glyphs, f->n_hmetrics);
    if (f->hmtx.len < 4 * (size_t)f->n_hmetrics + 2 * (size_t)(f->n_glyphs - f->n_hmetrics))
        return S_fail(err, errsize, "truncated hmtx table");
    if (f->loca.len < (f->loca_long ? 4 : 2) * ((size_t)f->n_glyphs + 1))
        return S_fail(err, errsize, "truncated loca table");

    /* cmap: a Windows Unicode subtable, full repertoire (12) first. */
    const unsigned char *cm = f->cmap.p;
    if (f->cmap.len < 4)
        return S_fail(err, errsize, "truncated cmap table");
    unsigned nsub = S_u16(cm + 2);
    if (4 + 8 * (size_t)nsub > f->cmap.len)
        return S_fail(err, errsize, "truncated cmap table");
    int best = 0;
    for (unsigned i = 0; i < nsub; i++) {
        const unsigned char *e = cm + 4 + 8 * (size_t)i;
        unsigned plat = S_u16(e), enc = S_u16(e + 2);
        uint32_t off = S_u32(e + 4);
        if (off > f->cmap.len || f->cmap.len - off < 8)
            continue;
        unsigned fmt = S_u16(cm + off);
        size_t slen = fmt == 12 ? S_u32(cm + off + 4) : S_u16(cm + off + 2);
        if (slen > f->cmap.len - off)
            continue;
        int score = (plat == 3 && enc == 10 && fmt == 12) ? 4
                    : (plat == 0 && fmt == 12)            ? 3
                    : (plat == 3 && enc == 1 && fmt == 4) ? 2
                    : (plat == 0 && fmt == 4)             ? 1
                                                          : 0;
        if (score > best) {
            best = score;
            f->cm = cm + off;
            f->cm_len = slen;
            f->cm_format = fmt;
        }
    }
    if (!best)
        return S_fail(err, errsize, "no Unicode cmap (format 4 or 12)");
    if (f->cm_format == 4 && (f->cm_len < 14 || 16 + 8 * (size_t)(S_u16(f->cm + 6) / 2) > f->cm_len))
        return S_fail(err, errsize, "truncated cmap subtable");
    if (f->cm_format == 12 && (f->cm_len < 16 || 16 + 12 * (size_t)S_u32(f->cm + 12) > f->cm_len))
        return S_fail(err, errsize, "truncated cmap subtable");
    return 0;
}

/* The glyph of CP, 0 when the font has none. */
static unsigned S_glyph(const S_font *f, uint32_t cp)
{
    const unsigned char *t = f->cm;
    if (f->cm_format == 12) {
        size_t lo = 0, hi = S_u32(t + 12);
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const unsigned char *g = t + 16 + 12 * mid;
            uint32_t start = S_u32(g), end = S_u32(g + 4);
            if (cp < start)
                hi = mid;
            else if (cp > end)
                lo = mid + 1;
            else {
                uint32_t gid = S_u32(g + 8) + (cp - start);
                return gid < f->n_glyphs ? (unsigned)gid : 0;
            }
        }
        return 0;
    }
    if (cp > 0xFFFF)
        return 0;
    size_t segs = S_u16(t + 6) / 2;
    const unsigned char *ends = t + 14, *starts = ends + 2 * segs + 2, *deltas = starts + 2 * segs,
                        *ranges = deltas + 2 * segs;
    size_t lo = 0, hi = segs;
    while (lo < hi) { /* the first segment whose end >= cp */
        size_t mid = lo + (hi - lo) / 2;
        if (S_u16(ends + 2 * mid) < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == segs || S_u16(starts + 2 * lo) > cp)
        return 0;
    unsigned start = S_u16(starts + 2 * lo), delta = S_u16(deltas + 2 * lo), ro = S_u16(ranges + 2 * lo);
    unsigned gid;
    if (ro == 0) {
        gid = (cp + delta) & 0xFFFF;
    } else {
        size_t at = (size_t)(ranges + 2 * lo - t) + ro + 2 * (cp - start);
        if (at + 2 > f->cm_len)
            return 0;
        gid = S_u16(t + at);
        if (gid != 0)
            gid = (gid + delta) & 0xFFFF;
    }
    return gid < f->n_glyphs ? gid : 0;
}

/* Glyph G's bytes in glyf: offset and length (0 for an empty glyph);
 * false when loca points outside glyf. */
static bool S_glyph_data(const S_font *f, unsigned g, size_t *off, size_t *len)
{
    size_t a, b;
    if (f->loca_long) {
        a = S_u32(f->loca.p + 4 * (size_t)g);
        b = S_u32(f->loca.p + 4 * (size_t)g + 4);
    } else {
        a = 2 * (size_t)S_u16(f->loca.p + 2 * (size_t)g);
        b = 2 * (size_t)S_u16(f->loca.p + 2 * (size_t)g + 2);
    }
    if (b < a || b > f->glyf.len)
        return false;
    *off = a;
    *len = b - a;
    return true;
}

enum {
    S_ARG_WORDS = 0x0001,
    S_HAVE_SCALE = 0x0008,
    S_MORE = 0x0020,
    S_XY_SCALE = 0x0040,
    S_TWO_BY_TWO = 0x0080,
};

/* Calls back for each component of composite glyph data P (LEN bytes) with
 * the offset of its glyph index; returns false when the data is
 * truncated.  Simple glyphs have no components. */
typedef void (*S_component_fn)(size_t index_at, unsigned gid, void *user);
static bool S_components(const unsigned char *p, size_t len, S_component_fn fn, void *user)
{
    if (len < 10 || (int16_t)S_u16(p) >= 0)
        return true;
    size_t at = 10;
    unsigned flags;
    do {
        if (at + 4 > len)
            return false;
        flags = S_u16(p + at);
        fn(at + 2, S_u16(p + at + 2), user);
        at += 4 + ((flags & S_ARG_WORDS) ? 4 : 2);
        at += (flags & S_HAVE_SCALE) ? 2 : (flags & S_XY_SCALE) ? 4 : (flags & S_TWO_BY_TWO) ? 8 : 0;
    } while (flags & S_MORE);
    return at <= len;
}

/* ------------------------------------------------------------ writing */

typedef struct {
    unsigned char *p;
    size_t len, cap;
} S_buf;

static void S_put(S_buf *b, const void *data, size_t n)
{
    TB_GROW(b->p, b->cap, b->len + n);
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
}
static void S_put16(S_buf *b, unsigned v)
{
    unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    S_put(b, x, 2);
}
static void S_put32(S_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    S_put(b, x, 4);
}
static void S_set16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}
static void S_set32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}
static void S_pad4(S_buf *b)
{
    static const unsigned char zero[4] = {0};
    S_put(b, zero, (4 - b->len % 4) % 4);
}

static uint32_t S_checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += S_u32(p + i);
    if (i < len) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += S_u32(last);
    }
    return sum;
}

typedef struct {
    uint32_t cp;
    unsigned gid; /* new glyph id */
} S_map;

static int S_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A cmap table with one (3,1) format-4 subtable for MAP (N entries,
 * ascending, unique code points <= 0xFFFE).  Code points closer than GAP
 * share a segment (the gap maps to glyph 0).  False when it would not fit
 * format 4's 16-bit length. */
static bool S_cmap(S_buf *b, const S_map *map, size_t n, uint32_t gap)
{
    size_t segs = 1, arr = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || map[i].cp - map[i - 1].cp > gap)
            segs++, arr++;
        else
            arr += map[i].cp - map[i - 1].cp;
    }
    size_t sublen = 16 + 8 * segs + 2 * arr;
    if (sublen > 0xFFFF)
        return false;
    unsigned search = 1, selector = 0;
    while (search * 2 <= segs)
        search *= 2, selector++;
    S_put16(b, 0);      /* version */
    S_put16(b, 1);      /* one subtable */
    S_put16(b, 3);      /* Windows */
    S_put16(b, 1);      /* Unicode BMP */
    S_put32(b, 12);     /* its offset */
    S_put16(b, 4);      /* format */
    S_put16(b, (unsigned)sublen);
    S_put16(b, 0);      /* language */
    S_put16(b, (unsigned)(2 * segs));
    S_put16(b, 2 * search);
    S_put16(b, selector);
    S_put16(b, (unsigned)(2 * segs - 2 * search));
    /* segment bounds: [first index, last index] into MAP */
    size_t *first = tb_mem_calloc(segs, sizeof *first), *last = tb_mem_calloc(segs, sizeof *last), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || map[i].cp - map[i - 1].cp > gap)
            first[k++] = i;
        last[k - 1] = i;
    }
    for (size_t s = 0; s + 1 < segs; s++)
        S_put16(b, map[last[s]].cp);
    S_put16(b, 0xFFFF);
    S_put16(b, 0); /* reservedPad */
    for (size_t s = 0; s + 1 < segs; s++)
        S_put16(b, map[first[s]].cp);
    S_put16(b, 0xFFFF);
    for (size_t s = 0; s + 1 < segs; s++)
        S_put16(b, 0); /* idDelta */
    S_put16(b, 1);
    size_t at = 0; /* start of each segment's run in glyphIdArray */
    for (size_t s = 0; s + 1 < segs; s++) {
        S_put16(b, (unsigned)(2 * (segs - s) + 2 * at));
        at += map[last[s]].cp - map[first[s]].cp + 1;
    }
    S_put16(b, 0);
    for (size_t s = 0; s + 1 < segs; s++)
        for (size_t i = first[s]; i <= last[s]; i++) {
            if (i > first[s])
                for (uint32_t c = map[i - 1].cp + 1; c < map[i].cp; c++)
                    S_put16(b, 0);
            S_put16(b, map[i].gid);
        }
    free(first);
    free(last);
    return true;
}

typedef struct {
    unsigned char *mark; /* per old glyph */
    unsigned *todo;      /* room for every glyph: each enters once */
    size_t n_todo;
    unsigned n_glyphs;
    bool bad; /* a component names a glyph the font does not have */
} S_closure;

static void S_mark(size_t index_at, unsigned gid, void *user)
{
    (void)index_at;
    S_closure *c = user;
    if (gid >= c->n_glyphs) {
        c->bad = true;
    } else if (!c->mark[gid]) {
        c->mark[gid] = 1;
        c->todo[c->n_todo++] = gid;
    }
}

typedef struct {
    unsigned char *data;   /* the copied glyph */
    const unsigned *remap; /* old -> new glyph id */
} S_rewrite;

static void S_renumber(size_t index_at, unsigned gid, void *user)
{
    S_rewrite *r = user;
    S_set16(r->data + index_at, r->remap[gid]);
}

int tb_pdf_font_subset(const unsigned char *ttf, size_t len, const uint32_t *cps, size_t n,
                       unsigned char **out, size_t *out_len, char *err, size_t errsize)
{
    *out = NULL;
    *out_len = 0;
    S_font f;
    if (S_parse(&f, ttf, len, err, errsize) != 0)
        return -1;

    /* The code points, sorted and unique, with their old glyphs. */
    uint32_t *sorted = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *sorted);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (cps[i] < 0xFFFF)
            sorted[m++] = cps[i];
    qsort(sorted, m, sizeof *sorted, S_cmp_u32);
    S_map *map = tb_mem_reallocarray(NULL, m ? m : 1, sizeof *map);
    size_t n_map = 0;
    S_closure cl = {tb_mem_calloc(f.n_glyphs, 1), tb_mem_reallocarray(NULL, f.n_glyphs, sizeof(unsigned)), 0,
                    f.n_glyphs, false};
    cl.mark[0] = 1;
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && sorted[i] == sorted[i - 1])
            continue;
        unsigned g = S_glyph(&f, sorted[i]);
        if (g == 0)
            continue;
        map[n_map++] = (S_map){sorted[i], g};
        S_mark(0, g, &cl);
    }
    free(sorted);
    int rc = 0;
    /* Components of composite glyphs, transitively. */
    while (cl.n_todo > 0) {
        unsigned g = cl.todo[--cl.n_todo];
        size_t off, glen;
        if (!S_glyph_data(&f, g, &off, &glen) || !S_components(f.glyf.p + off, glen, S_mark, &cl) || cl.bad) {
            rc = S_fail(err, errsize, "glyph %u is malformed", g);
            break;
        }
    }
    unsigned *remap = tb_mem_calloc(f.n_glyphs, sizeof *remap), *olds = cl.todo, n_new = 0;
    for (unsigned g = 0; g < f.n_glyphs; g++)
        if (cl.mark[g]) {
            remap[g] = n_new;
            olds[n_new++] = g;
        }
    for (size_t i = 0; i < n_map; i++)
        map[i].gid = remap[map[i].gid];

    S_buf glyf = {0}, loca = {0}, hmtx = {0}, cmap = {0};
    for (unsigned k = 0; rc == 0 && k < n_new; k++) {
        unsigned g = olds[k];
        size_t off, glen;
        S_glyph_data(&f, g, &off, &glen); /* checked in the closure */
        S_put32(&loca, (uint32_t)glyf.len);
        size_t at = glyf.len;
        S_put(&glyf, f.glyf.p + off, glen);
        S_rewrite rw = {glyf.p + at, remap};
        if (glen)
            S_components(glyf.p + at, glen, S_renumber, &rw);
        S_pad4(&glyf);
        unsigned adv, lsb;
        if (g < f.n_hmetrics) {
            adv = S_u16(f.hmtx.p + 4 * (size_t)g);
            lsb = S_u16(f.hmtx.p + 4 * (size_t)g + 2);
        } else {
            adv = S_u16(f.hmtx.p + 4 * (size_t)(f.n_hmetrics - 1));
            lsb = S_u16(f.hmtx.p + 4 * (size_t)f.n_hmetrics + 2 * (size_t)(g - f.n_hmetrics));
        }
        S_put16(&hmtx, adv);
        S_put16(&hmtx, lsb);
    }
    S_put32(&loca, (uint32_t)glyf.len);
    if (rc == 0 && !S_cmap(&cmap, map, n_map, 8)) {
        cmap.len = 0;
        if (!S_cmap(&cmap, map, n_map, 1))
            rc = S_fail(err, errsize, "too many characters for one font subset (%zu)", n_map);
    }

    if (rc == 0) {
        unsigned char head[54], hhea[36], post[32] = {0};
        memcpy(head, f.head.p, 54);
        S_set32(head + 8, 0);  /* checkSumAdjustment, set below */
        S_set16(head + 50, 1); /* long loca */
        memcpy(hhea, f.hhea.p, 36);
        S_set16(hhea + 34, n_new);
        unsigned char *maxp = tb_mem_alloc(f.maxp.len);
        memcpy(maxp, f.maxp.p, f.maxp.len);
        S_set16(maxp + 4, n_new);
        memcpy(post, f.post.p, f.post.len < 32 ? f.post.len : 32);
        S_set32(post, 0x00030000);
        struct {
            const char *tag;
            const unsigned char *p;
            size_t len;
        } t[] = {
            {"OS/2", f.os2.p, f.os2.len}, {"cmap", cmap.p, cmap.len},   {"cvt ", f.cvt.p, f.cvt.len},
            {"fpgm", f.fpgm.p, f.fpgm.len}, {"glyf", glyf.p, glyf.len}, {"head", head, sizeof head},
            {"hhea", hhea, sizeof hhea},  {"hmtx", hmtx.p, hmtx.len},   {"loca", loca.p, loca.len},
            {"maxp", maxp, f.maxp.len},   {"name", f.name.p, f.name.len}, {"post", post, sizeof post},
            {"prep", f.prep.p, f.prep.len},
        };
        size_t nt = 0;
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
            if (t[i].p)
                t[nt++] = t[i];
        unsigned search = 1, selector = 0;
        while (search * 2 <= nt)
            search *= 2, selector++;
        S_buf o = {0};
        S_put32(&o, 0x00010000);
        S_put16(&o, (unsigned)nt);
        S_put16(&o, 16 * search);
        S_put16(&o, selector);
        S_put16(&o, (unsigned)(16 * nt - 16 * search));
        size_t dir = o.len, head_at = 0;
        for (size_t i = 0; i < nt; i++) {
            S_put(&o, t[i].tag, 4);
            S_put32(&o, S_checksum(t[i].p, t[i].len));
            S_put32(&o, 0);
            S_put32(&o, (uint32_t)t[i].len);
        }
        for (size_t i = 0; i < nt; i++) {
            S_set32(o.p + dir + 16 * i + 8, (uint32_t)o.len);
            if (strcmp(t[i].tag, "head") == 0)
                head_at = o.len;
            S_put(&o, t[i].p, t[i].len);
            S_pad4(&o);
        }
        S_set32(o.p + head_at + 8, 0xB1B0AFBAu - S_checksum(o.p, o.len));
        free(maxp);
        *out = o.p;
        *out_len = o.len;
    }
    free(glyf.p);
    free(loca.p);
    free(hmtx.p);
    free(cmap.p);
    free(remap);
    free(cl.mark);
    free(cl.todo);
    free(map);
    return rc;
}

/* ------------------------------------------------------------ loading */

static bool S_write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        len -= (size_t)w;
    }
    return true;
}

/* Replaces FONT's ToUnicode stream with an identity map over the blocks of
 * CPS (see pdf_font.h).  Leaves it alone when libharu's objects are not as
 * expected. */
static void S_tounicode(HPDF_Font font, const uint32_t *cps, size_t n)
{
    HPDF_Dict tu = HPDF_Dict_GetItem((HPDF_Dict)font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream || tu->before_write_fn || tu->stream->type != HPDF_STREAM_MEMORY)
        return;
    bool used[256] = {false};
    size_t blocks = 0;
    for (size_t i = 0; i < n; i++)
        if (cps[i] <= 0xFFFF && !used[cps[i] >> 8]) {
            used[cps[i] >> 8] = true;
            blocks++;
        }
    S_buf b = {0};
    static const char head[] = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char tail[] = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    S_put(&b, head, sizeof head - 1);
    size_t done = 0;
    for (unsigned hi = 0; hi < 256; hi++) {
        if (!used[hi])
            continue;
        char line[64];
        if (done % 100 == 0) { /* at most 100 entries per section */
            size_t k = blocks - done < 100 ? blocks - done : 100;
            int m = snprintf(line, sizeof line, "%s%zu beginbfrange\n", done ? "endbfrange\n" : "", k);
            S_put(&b, line, (size_t)m);
        }
        int m = snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
        S_put(&b, line, (size_t)m);
        done++;
    }
    if (done)
        S_put(&b, "endbfrange\n", 11);
    S_put(&b, tail, sizeof tail);
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream_WriteStr(tu->stream, (const char *)b.p);
    free(b.p);
}

HPDF_Font tb_pdf_font_load(HPDF_Doc pdf, const unsigned char *data, size_t len, const uint32_t *cps, size_t n,
                           char *err, size_t errsize)
{
    /* libharu opens fonts by name: an anonymous memory file it can open as
     * /proc/self/fd/N, else an unlinked temporary file (libharu keeps its
     * own handle open until the document is freed). */
    char path[64];
    char *tmp = NULL;
    int fd = memfd_create("tradebrief-font", MFD_CLOEXEC);
    if (fd >= 0) {
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        if (access(path, R_OK) != 0) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        tmp = tb_mem_printf("%s/tradebrief-font-XXXXXX", dir && *dir ? dir : "/tmp");
        fd = mkstemp(tmp);
        if (fd < 0) {
            snprintf(err, errsize, "cannot create a temporary font file in %s: %s", dir && *dir ? dir : "/tmp",
                     strerror(errno));
            free(tmp);
            return NULL;
        }
    }
    HPDF_Font font = NULL;
    if (!S_write_all(fd, data, len)) {
        snprintf(err, errsize, "cannot write a temporary font file: %s", strerror(errno));
    } else {
        const char *name = HPDF_LoadTTFontFromFile(pdf, tmp ? tmp : path, HPDF_TRUE);
        if (name)
            font = HPDF_GetFont(pdf, name, "UTF-8");
        if (font)
            S_tounicode(font, cps, n);
        if (!font)
            snprintf(err, errsize, "libharu cannot load the font subset (error 0x%04X)",
                     (unsigned)HPDF_GetError(pdf));
    }
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    close(fd);
    return font;
}
