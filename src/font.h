/* font: the TrueType fonts both canvas backends draw with, and text
 * measurement.
 *
 * Four fonts: DejaVu Sans (regular, bold) for Latin text and NanumGothic
 * (regular, bold) for Korean, found through fontconfig as .ttf files.  Both
 * backends load the same files (cairo through FreeType, libharu with
 * HPDF_LoadTTFontFromFile), and all text is measured here, once, from the
 * fonts' unhinted advance widths (no kerning, like both backends' text
 * drawing), so layouts agree in PNG, SVG and PDF.
 *
 * A string is drawn as runs: each code point goes to the primary font if it
 * has a glyph, else to the other family (NanumGothic has no U+2212 minus;
 * DejaVu has no Hangul).
 *
 * State: a process-wide cache, filled on first use and kept until exit
 * (still reachable, not leaked) or tb_font_release.  Not thread-safe.
 * Returned pointers are owned by the cache.
 */
#ifndef TB_FONT_H
#define TB_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "utf8.h" /* tb_utf8_next, with which callers walk text by code point */

enum tb_font_role { TB_FONT_REGULAR, TB_FONT_BOLD };
enum tb_font_family { TB_FAMILY_LATIN, TB_FAMILY_KOREAN };

/* A font id is family * 2 + role: 0..TB_FONT_COUNT-1. */
#define TB_FONT_COUNT 4
static inline int tb_font_id(enum tb_font_family family, enum tb_font_role role)
{
    return (int)family * 2 + (int)role;
}

/* The primary font for LANG ("ko" -> NanumGothic, else DejaVu Sans). */
int tb_font_primary(const char *lang, enum tb_font_role role);
/* The fontconfig family and style asked for, e.g. "DejaVu Sans Bold". */
const char *tb_font_name(int font);
/* Looks up and opens the four fonts now rather than on first use (a batch
 * parent before it forks its workers, so each inherits them set up); one
 * that is missing is reported where it is first drawn with, as always. */
void tb_font_preload(void);
/* Path of the font's .ttf file, or NULL when fontconfig has no such
 * TrueType font.  Owned by the cache. */
const char *tb_font_path(int font);

bool tb_font_has_glyph(int font, uint32_t cp);
/* Length in bytes of the run starting at S that is drawn with one font,
 * and that font in *FONT. */
size_t tb_font_next_run(int primary, const char *s, size_t len, int *font);
/* Width in points of S[0..LEN) drawn entirely in FONT at SIZE points. */
double tb_font_run_width(int font, const char *s, size_t len, double size);
/* Width of the whole string drawn in runs from PRIMARY. */
double tb_font_text_width(int primary, const char *s, double size);

typedef struct {
    double ascent, descent; /* em fractions; descent is positive (below baseline) */
    double cap_height;      /* height of capitals and digits */
} tb_font_metrics;
tb_font_metrics tb_font_get_metrics(int font);

/* The FreeType face of FONT for drawing (not the one used for measuring),
 * as an opaque pointer (FT_Face), or NULL when the font is missing. */
void *tb_font_ft_face(int font);

/* At exit (tb_cmd_run, cmd.h): frees fontconfig's configuration (FcFini)
 * and, when FACES, the FreeType faces and library too; then no drawing
 * backend may still hold a face from tb_font_ft_face.  The cache refills
 * on next use. */
void tb_font_release(bool faces);

#endif
