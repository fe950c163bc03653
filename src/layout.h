/* layout: paragraphs of styled text set into lines, for the PDF.
 *
 * libharu's TextRect breaks lines only at spaces and cannot tell how tall a
 * block will be, so the PDF sets its own text here:
 *   - measurement through font.h (FreeType advances of the same TrueType
 *     files the PDF embeds), so what is measured is what is drawn;
 *   - a font per character: the language's primary font (DejaVu Sans for
 *     English, NanumGothic for Korean) in the run's weight, else the other
 *     family (NanumGothic has no U+2212 minus; DejaVu has no Hangul); a
 *     character neither has is an error naming it ("U+XXXX"), because
 *     libharu would draw an empty box without a word; so is one beyond
 *     U+FFFF, which libharu's UTF-8 encoder cannot show;
 *   - break opportunities from libunibreak (UAX #14), of which this module
 *     keeps: spaces; after a hyphen, slash or dash inside a word (English
 *     and Korean).  Korean words (어절) are kept whole, as CSS
 *     `word-break: keep-all` does: a line breaks between two Hangul
 *     syllables only inside a space-delimited word wider than the measure,
 *     and never between a number or a bracket and the syllable next to it
 *     ("565억", "(118억", "+34.5%)는" stay whole);
 *   - total-fit line breaking (Knuth-Plass style demerits over all break
 *     points of the paragraph): justified lines stretch or shrink their
 *     spaces evenly, ragged lines are evened out; a last line of one short
 *     word (a runt) is avoided when another choice is nearly as good;
 *   - English hyphenation (libhyphen, Debian's hyph_en_US dictionary), only
 *     where a justified line would be too loose (its spaces stretched to
 *     more than twice their width, TeX's badness 100): the word after such
 *     a line may break at a dictionary point, then all lines are chosen
 *     again.  Never a word under 6 letters, one with a figure or two
 *     capitals (codes), nor bytes the caller keeps (names and figures from
 *     the data); at most 2 lines in a row end with a hyphen;
 *   - in both languages a justified line still too loose (a Korean line of
 *     2 or 3 어절 across the measure, say) is set left (ragged), not
 *     stretched, and the breaker counts it as such: dearer than any
 *     justified line, the dearer the emptier, so it prefers one fuller
 *     ragged line to several lines of one word;
 *   - mixed runs: regular, bold, emphasised (drawn slanted by the PDF; there
 *     is no italic face), and their combination.
 *
 * Coordinates: a line's pieces carry x from the line's left edge, in
 * points.  Whitespace is collapsed: tabs and newlines count as spaces, runs
 * of spaces as one, leading and trailing spaces are dropped.
 *
 * Ownership: tb_layout_paragraph returns a paragraph the caller frees with
 * tb_layout_free; it owns its text, pieces and lines.  Runs are only read.
 * Not thread-safe (font.h's cache, libunibreak's one-time set-up).
 */
#ifndef TB_LAYOUT_H
#define TB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { TB_LAYOUT_REGULAR = 0, TB_LAYOUT_BOLD = 1, TB_LAYOUT_EMPH = 2 };

enum tb_layout_align { TB_LAYOUT_LEFT, TB_LAYOUT_JUSTIFY, TB_LAYOUT_RIGHT, TB_LAYOUT_CENTER };

typedef struct {
    const char *text; /* UTF-8 */
    size_t len;
    unsigned style; /* TB_LAYOUT_BOLD | TB_LAYOUT_EMPH */
} tb_layout_run;

typedef struct {
    const char *lang;           /* "en" or "ko": primary fonts and break rules */
    double size;                /* font size, points */
    double width;               /* the measure, points; <= 0: one unbroken line */
    enum tb_layout_align align; /* the last line of a justified paragraph is set left */
    const size_t *keep;         /* n_keep pairs (start, length): bytes of the runs' text */
    size_t n_keep;              /* (concatenated) never hyphenated; keep may be NULL */
} tb_layout_style;

/* A stretch of one line drawn in one font and style. */
typedef struct {
    int font;       /* font.h id */
    unsigned style; /* TB_LAYOUT_BOLD / TB_LAYOUT_EMPH */
    double x;       /* left edge from the line's start, points */
    double width;
    size_t off, len; /* bytes of the paragraph's text */
} tb_layout_piece;

typedef struct {
    size_t first, n; /* its pieces */
    double width;    /* from the left edge of the first piece to the right edge of the last */
    bool hyphen;     /* ends with an inserted hyphen: its last piece, whose bytes lie
                        past the paragraph's text (text + len + 1, "-") */
} tb_layout_line;

typedef struct {
    char *text; /* the runs' text, whitespace collapsed */
    size_t len;
    tb_layout_piece *pieces;
    size_t n_pieces;
    tb_layout_line *lines;
    size_t n_lines;
    double size;
    double natural; /* the width of the whole text on one line */
} tb_layout_par;

/* Sets N runs in STYLE.  Returns NULL with a message in ERR when a
 * character is in no font ("U+2603 (☃) is in neither DejaVu Sans nor
 * NanumGothic") or the text is not valid UTF-8.  An empty text gives a
 * paragraph of no lines. */
tb_layout_par *tb_layout_paragraph(const tb_layout_run *runs, size_t n, const tb_layout_style *style, char *err,
                                   size_t errsize);

/* One line of TEXT in STYLE_FLAGS at SIZE (no breaking): a paragraph of at
 * most one line.  NULL with a message as above. */
tb_layout_par *tb_layout_single(const char *text, unsigned style_flags, const char *lang, double size, char *err,
                                size_t errsize);

void tb_layout_free(tb_layout_par *par);

/* Frees the hyphenation dictionary (loaded on first use), for memory
 * checkers; layout works again after it. */
void tb_layout_release(void);

/* The font drawing code point CP in a run of STYLE_FLAGS in LANG, or -1
 * when neither family has it. */
int tb_layout_font_for(uint32_t cp, unsigned style_flags, const char *lang);

/* Width of TEXT on one line (fallback fonts included; characters no font
 * has count as nothing). */
double tb_layout_width(const char *text, unsigned style_flags, const char *lang, double size);

#endif
