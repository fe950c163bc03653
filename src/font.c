/* font: fontconfig look-up, FreeType measurement (see font.h).
 *
 * Each font has two FreeType faces: one only ever asked for unscaled
 * advances here, and one handed to a drawing backend (cairo sets sizes and
 * transforms on it), so measuring never disturbs drawing state.
 */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H

#include <string.h>

#include "mem.h"
#include "utf8.h"

typedef struct {
    bool looked_up;
    char *path;       /* NULL when not found */
    FT_Face measure;  /* for advances */
    FT_Face draw;     /* for backends */
    double upem;
    tb_font_metrics metrics;
    float ascii[128]; /* advance in em of ASCII code points, < 0 unknown */
} S_font;

static struct {
    bool ft_ready, fc_ready;
    FT_Library ft;
    S_font fonts[TB_FONT_COUNT];
} S_cache;

static const struct {
    const char *family;
    int weight;
    const char *name;
} S_want[TB_FONT_COUNT] = {
    {"DejaVu Sans", FC_WEIGHT_REGULAR, "DejaVu Sans"},
    {"DejaVu Sans", FC_WEIGHT_BOLD, "DejaVu Sans Bold"},
    {"NanumGothic", FC_WEIGHT_REGULAR, "NanumGothic"},
    {"NanumGothic", FC_WEIGHT_BOLD, "NanumGothic Bold"},
};

int tb_font_primary(const char *lang, enum tb_font_role role)
{
    bool ko = lang && lang[0] == 'k' && lang[1] == 'o';
    return tb_font_id(ko ? TB_FAMILY_KOREAN : TB_FAMILY_LATIN, role);
}

const char *tb_font_name(int font) { return (font >= 0 && font < TB_FONT_COUNT) ? S_want[font].name : "?"; }

/* The file fontconfig matches for FONT when it is a TrueType file of the
 * wanted family and weight; NULL otherwise. */
static char *S_match(int font)
{
    if (!FcInit())
        return NULL;
    S_cache.fc_ready = true;
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)S_want[font].family);
    FcPatternAddInteger(pat, FC_WEIGHT, S_want[font].weight);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddInteger(pat, FC_WIDTH, FC_WIDTH_NORMAL);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    FcPatternDestroy(pat);
    if (!m)
        return NULL;
    char *path = NULL;
    FcChar8 *file = NULL, *family = NULL, *format = NULL;
    int weight = -1;
    bool family_ok = false;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &family) == FcResultMatch; i++)
        if (strcmp((const char *)family, S_want[font].family) == 0)
            family_ok = true;
    if (family_ok && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(m, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
        strcmp((const char *)format, "TrueType") == 0 &&
        FcPatternGetInteger(m, FC_WEIGHT, 0, &weight) == FcResultMatch &&
        (weight >= FC_WEIGHT_BOLD) == (S_want[font].weight >= FC_WEIGHT_BOLD))
        path = tb_mem_strdup((const char *)file);
    FcPatternDestroy(m);
    return path;
}

static S_font *S_get(int font)
{
    if (font < 0 || font >= TB_FONT_COUNT)
        return NULL;
    S_font *f = &S_cache.fonts[font];
    if (f->looked_up)
        return f->path ? f : NULL;
    f->looked_up = true;
    if (!S_cache.ft_ready) {
        if (FT_Init_FreeType(&S_cache.ft) != 0)
            return NULL;
        S_cache.ft_ready = true;
    }
    char *path = S_match(font);
    if (!path)
        return NULL;
    if (FT_New_Face(S_cache.ft, path, 0, &f->measure) != 0) {
        free(path);
        return NULL;
    }
    if (FT_New_Face(S_cache.ft, path, 0, &f->draw) != 0) {
        FT_Done_Face(f->measure);
        free(path);
        return NULL;
    }
    f->path = path;
    f->upem = f->measure->units_per_EM ? f->measure->units_per_EM : 1000;
    f->metrics.ascent = f->measure->ascender / f->upem;
    f->metrics.descent = -f->measure->descender / f->upem;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(f->measure, FT_SFNT_OS2);
    FT_UInt gid = FT_Get_Char_Index(f->measure, 'H');
    if (os2 && os2->version >= 2 && os2->sCapHeight > 0) {
        f->metrics.cap_height = os2->sCapHeight / f->upem;
    } else if (gid && FT_Load_Glyph(f->measure, gid, FT_LOAD_NO_SCALE) == 0) {
        f->metrics.cap_height = f->measure->glyph->metrics.height / f->upem;
    } else {
        f->metrics.cap_height = 0.72;
    }
    for (int i = 0; i < 128; i++)
        f->ascii[i] = -1;
    return f;
}

void tb_font_release(bool faces)
{
    if (faces) {
        for (int i = 0; i < TB_FONT_COUNT; i++) {
            S_font *f = &S_cache.fonts[i];
            if (f->path) {
                FT_Done_Face(f->measure);
                FT_Done_Face(f->draw);
                free(f->path);
            }
            memset(f, 0, sizeof *f);
        }
        if (S_cache.ft_ready)
            FT_Done_FreeType(S_cache.ft);
        S_cache.ft_ready = false;
    }
    if (S_cache.fc_ready)
        FcFini();
    S_cache.fc_ready = false;
}

void tb_font_preload(void)
{
    for (int i = 0; i < TB_FONT_COUNT; i++)
        (void)S_get(i);
}

const char *tb_font_path(int font)
{
    S_font *f = S_get(font);
    return f ? f->path : NULL;
}

void *tb_font_ft_face(int font)
{
    S_font *f = S_get(font);
    return f ? (void *)f->draw : NULL;
}

bool tb_font_has_glyph(int font, uint32_t cp)
{
    S_font *f = S_get(font);
    return f && FT_Get_Char_Index(f->measure, cp) != 0;
}

/* Advance of CP in FONT, in em. */
static double S_advance(S_font *f, uint32_t cp)
{
    if (cp < 128 && f->ascii[cp] >= 0)
        return f->ascii[cp];
    FT_UInt gid = FT_Get_Char_Index(f->measure, cp);
    FT_Fixed adv = 0;
    if (FT_Get_Advance(f->measure, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &adv) != 0)
        adv = 0;
    double em = (double)adv / f->upem;
    if (cp < 128)
        f->ascii[cp] = (float)em;
    return em;
}

static int S_other(int font) { return font ^ 2; }

/* fontconfig (Debian 12's 2.14.1) keeps a block of the configuration it
 * parses in FcInit where no leak checker finds a pointer to it, so it
 * looks lost until FcFini frees it; tb_cmd_run calls that at exit, unit
 * tests do not.  Keep LeakSanitizer builds about our own leaks.  Only ASan
 * runtimes call this; elsewhere it is an unused function. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

/* The font a code point is drawn in, given the run's PRIMARY font. */
static int S_font_for(int primary, uint32_t cp)
{
    if (cp < 0x80 || tb_font_has_glyph(primary, cp))
        return primary;
    int other = S_other(primary);
    return tb_font_has_glyph(other, cp) ? other : primary;
}

size_t tb_font_next_run(int primary, const char *s, size_t len, int *font)
{
    uint32_t cp;
    size_t i = 0;
    *font = -1;
    /* Spaces and ASCII punctuation join whatever run they are in. */
    while (i < len) {
        size_t n = tb_utf8_next(s + i, len - i, &cp);
        int f = (cp == ' ') ? (*font < 0 ? primary : *font) : S_font_for(primary, cp);
        if (*font < 0)
            *font = f;
        else if (f != *font)
            break;
        i += n;
    }
    if (*font < 0)
        *font = primary;
    return i;
}

double tb_font_run_width(int font, const char *s, size_t len, double size)
{
    S_font *f = S_get(font);
    if (!f)
        return 0;
    double em = 0;
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        i += tb_utf8_next(s + i, len - i, &cp);
        em += S_advance(f, cp);
    }
    return em * size;
}

double tb_font_text_width(int primary, const char *s, double size)
{
    double w = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int font;
        size_t n = tb_font_next_run(primary, s + i, len - i, &font);
        w += tb_font_run_width(font, s + i, n, size);
        i += n;
    }
    return w;
}

tb_font_metrics tb_font_get_metrics(int font)
{
    S_font *f = S_get(font);
    if (!f)
        return (tb_font_metrics){0.9, 0.25, 0.72};
    return f->metrics;
}
