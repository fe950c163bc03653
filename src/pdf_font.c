/* pdf_font: TrueType subsets through HarfBuzz's hb-subset, loaded into
 * libharu from memory (see pdf_font.h). */
#define _GNU_SOURCE /* memfd_create */
#include "pdf_font.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "buf.h"
#include "font.h"
#include "mem.h"

/* ------------------------------------------------------------ subsets */

static bool S_has_table(hb_face_t *face, const char tag[4])
{
    hb_blob_t *t = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    bool has = hb_blob_get_length(t) > 0;
    hb_blob_destroy(t);
    return has;
}

/* Why FACE cannot be subset for libharu, or NULL when it can. */
static const char *S_unfit(hb_face_t *face)
{
    if (!S_has_table(face, "glyf") || !S_has_table(face, "cmap") || hb_face_get_glyph_count(face) == 0)
        return "not a TrueType font with glyf outlines and a cmap";
    return NULL;
}

/* The subset plan: the code points asked for (those above U+FFFF left out,
 * as libharu's UTF-8 fonts encode the BMP only), glyph 0 always, and no
 * TrueType hinting (instructions, cvt, fpgm, prep): our text is laid out
 * and drawn unhinted everywhere (font.h), and dropping it makes the chart
 * PDFs 40% smaller.  NULL when HarfBuzz has no memory. */
static hb_subset_input_t *S_input(const uint32_t *cps, size_t n)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        if (cps[i] <= 0xFFFF)
            hb_set_add(u, cps[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    return in;
}

/* libharu 2.3.0 writes the 13 tables it embeds into a memory stream and
 * then seeks to each table's start to sum it; a table of length 0 that
 * starts exactly where a 4,096-byte page of that stream ends makes the seek
 * fail (HPDF_INVALID_OBJECT, 0x1033) and the document cannot be saved.  The
 * hinting tables are the ones a subset without hinting lacks, and where
 * they fall depends on the glyphs the document uses (libharu rewrites
 * glyf), so the Korean 2004-03 briefing met it.  Each is given a body that
 * does nothing: one control value of 0, and a program that pushes a byte
 * and pops it (PUSHB[0] 0 POP).  NULL when HarfBuzz has no memory. */
static hb_face_t *S_with_hinting_stubs(hb_face_t *sub)
{
    static const struct {
        const char *tag;
        const char body[4];
        unsigned len;
    } stubs[] = {{"cvt ", {0, 0}, 2}, {"fpgm", {(char)0xB0, 0, 0x21}, 3}, {"prep", {(char)0xB0, 0, 0x21}, 3}};
    hb_face_t *b = hb_face_builder_create();
    /* HarfBuzz 6 lists no tables of a builder face (hb-subset's result):
     * read them back from its serialised font. */
    hb_blob_t *bytes = hb_face_reference_blob(sub);
    hb_face_t *parsed = hb_face_create(bytes, 0);
    hb_blob_destroy(bytes);
    hb_tag_t tags[64];
    unsigned start = 0, count;
    do {
        count = sizeof tags / sizeof *tags;
        hb_face_get_table_tags(parsed, start, &count, tags);
        for (unsigned i = 0; i < count; i++) {
            hb_blob_t *t = hb_face_reference_table(parsed, tags[i]);
            hb_face_builder_add_table(b, tags[i], t);
            hb_blob_destroy(t);
        }
        start += count;
    } while (count == sizeof tags / sizeof *tags);
    hb_face_destroy(parsed);
    for (size_t i = 0; i < sizeof stubs / sizeof *stubs; i++) {
        if (S_has_table(sub, stubs[i].tag))
            continue;
        hb_blob_t *t = hb_blob_create(stubs[i].body, stubs[i].len, HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_builder_add_table(b, hb_tag_from_string(stubs[i].tag, 4), t);
        hb_blob_destroy(t);
    }
    return b == hb_face_get_empty() ? NULL : b;
}

/* The subset of FACE for CPS, as tb_pdf_font_subset. */
static int S_subset(hb_face_t *face, const uint32_t *cps, size_t n, unsigned char **out, size_t *out_len,
                    tb_buf *err)
{
    *out = NULL;
    *out_len = 0;
    const char *why = S_unfit(face);
    hb_face_t *sub = NULL;
    if (!why) {
        hb_subset_input_t *in = S_input(cps, n);
        sub = in ? hb_subset_or_fail(face, in) : NULL;
        hb_subset_input_destroy(in);
        if (!sub || S_unfit(sub))
            why = "hb-subset could not subset this TrueType font (malformed tables?)";
    }
    if (!why) {
        hb_face_t *full = S_with_hinting_stubs(sub);
        hb_face_destroy(sub);
        sub = full;
        if (!sub)
            why = "HarfBuzz has no memory for the font subset";
    }
    if (!why) {
        hb_blob_t *b = hb_face_reference_blob(sub);
        unsigned blen;
        const char *data = hb_blob_get_data(b, &blen);
        *out = tb_mem_alloc(blen ? blen : 1);
        memcpy(*out, data, blen);
        *out_len = blen;
        hb_blob_destroy(b);
    } else {
        tb_buf_puts(err, why);
    }
    hb_face_destroy(sub);
    return why ? -1 : 0;
}

int tb_pdf_font_subset(const unsigned char *ttf, size_t len, const uint32_t *cps, size_t n,
                       unsigned char **out, size_t *out_len, tb_buf *err)
{
    *out = NULL;
    *out_len = 0;
    if (len >= 4 && memcmp(ttf, "OTTO", 4) == 0) {
        tb_buf_printf(err, "the font has CFF outlines, which libharu cannot embed (TrueType needed)");
        return -1;
    }
    hb_blob_t *blob = hb_blob_create((const char *)ttf, (unsigned)(len < UINT32_MAX ? len : 0),
                                     HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    int rc = S_subset(face, cps, n, out, out_len, err);
    hb_face_destroy(face);
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
    tb_buf b = {0};
    tb_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t done = 0;
    for (unsigned hi = 0; hi < 256; hi++) {
        if (!used[hi])
            continue;
        if (done % 100 == 0) /* at most 100 entries per section */
            tb_buf_printf(&b, "%s%zu beginbfrange\n", done ? "endbfrange\n" : "",
                          blocks - done < 100 ? blocks - done : 100);
        tb_buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
        done++;
    }
    if (done)
        tb_buf_puts(&b, "endbfrange\n");
    tb_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream_WriteStr(tu->stream, tb_buf_str(&b));
    tb_buf_free(&b);
}

HPDF_Font tb_pdf_font_load(HPDF_Doc pdf, const unsigned char *data, size_t len, const uint32_t *cps, size_t n,
                           tb_buf *err)
{
    /* libharu opens fonts by name: an anonymous memory file it can open as
     * /proc/self/fd/N, else an unlinked temporary file (libharu keeps its
     * own handle open until the document is freed). */
    char path[64]; /* "/proc/self/fd/" and a number */
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
            tb_buf_printf(err, "cannot create a temporary font file in %s: %s", dir && *dir ? dir : "/tmp",
                     strerror(errno));
            free(tmp);
            return NULL;
        }
    }
    HPDF_Font font = NULL;
    if (!S_write_all(fd, data, len)) {
        tb_buf_printf(err, "cannot write a temporary font file: %s", strerror(errno));
    } else {
        const char *name = HPDF_LoadTTFontFromFile(pdf, tmp ? tmp : path, HPDF_TRUE);
        if (name)
            font = HPDF_GetFont(pdf, name, "UTF-8");
        if (font)
            S_tounicode(font, cps, n);
        if (!font)
            tb_buf_printf(err, "libharu cannot load the font subset (error 0x%04X)",
                     (unsigned)HPDF_GetError(pdf));
    }
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    close(fd);
    return font;
}

/* Each font's file as a HarfBuzz face, made on first use and kept until
 * exit (still reachable): HarfBuzz keeps what it parsed (cmap, glyph
 * closure tables) with the face, so a chart set subsets each font's file
 * once-parsed. */
static hb_face_t *S_faces[TB_FONT_COUNT];

static hb_face_t *S_face(int font, const char *path)
{
    if (!S_faces[font]) {
        hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
        if (!blob)
            return NULL;
        S_faces[font] = hb_face_create(blob, 0);
        hb_blob_destroy(blob);
        hb_face_make_immutable(S_faces[font]);
    }
    return S_faces[font];
}

HPDF_Font tb_pdf_font_embed(HPDF_Doc pdf, int font, const uint32_t *cps, size_t n, tb_buf *err)
{
    const char *path = font >= 0 && font < TB_FONT_COUNT ? tb_font_path(font) : NULL;
    if (!path) {
        tb_buf_printf(err, "font %s not found (fontconfig)", tb_font_name(font));
        return NULL;
    }
    hb_face_t *face = S_face(font, path);
    if (!face) {
        tb_buf_printf(err, "cannot read font %s", path);
        return NULL;
    }
    unsigned char *sub;
    size_t sub_len;
    tb_buf why = {0};
    HPDF_Font f = NULL;
    if (S_subset(face, cps, n, &sub, &sub_len, &why) == 0) {
        f = tb_pdf_font_load(pdf, sub, sub_len, cps, n, &why);
        free(sub);
    }
    if (!f)
        tb_buf_printf(err, "%s: %s", path, tb_buf_str(&why));
    tb_buf_free(&why);
    return f;
}
