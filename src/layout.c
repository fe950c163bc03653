/* layout: line breaking and text measurement for the PDF (see layout.h).
 *
 * A paragraph goes through four arrays, each built from the one before:
 *   chars  one entry per code point of the collapsed text: its bytes, font,
 *          style and advance;
 *   words  maximal runs of characters with no permitted break inside, each
 *          followed by a space (glue), a penalised break without glue, or
 *          the end;
 *   breaks the cheapest way to end lines after words, by dynamic
 *          programming over (line start, line end) pairs whose natural
 *          width is within reach of the measure, and over how many lines
 *          in a row end with a hyphen (at most S_MAX_HYPHENS);
 *   pieces what the PDF draws: per line, runs of one font and style at x.
 * Demerits follow TeX: (line penalty + badness)^2 + penalty^2, badness
 * 100 r^3 of the stretch or shrink ratio r of the line's spaces.
 * English hyphenation is a second pass: when the first leaves a justified
 * line too loose (r > S_LOOSE), the word after each such line gets the
 * dictionary's break points (discretionary: a hyphen drawn only when the
 * line ends there) and the breaks are chosen again.
 */
#include "layout.h"

#include <hyphen.h>
#include <linebreak.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "font.h"
#include "mem.h"
#include "utf8.h"

/* Tuning, in demerit units (see the top of the file). */
#define S_LINE_PENALTY 10.0
#define S_SYLLABLE_PENALTY 150.0 /* Korean break between syllables */
#define S_HYPHEN_PENALTY 50.0    /* after a hyphen or slash inside a word */
#define S_DASH_PENALTY 30.0      /* after an em or en dash */
#define S_RUNT_DEMERITS 30000.0  /* a last line holding one short word */
#define S_AUTO_HYPHEN_PENALTY 50.0 /* at a dictionary point (TeX's hyphenpenalty) */
#define S_SHRINK 0.25            /* spaces may shrink to 75% */
#define S_LOOSE 1.0              /* stretch ratio past which a line is too loose */
#define S_RAGGED 1000.0          /* badness of a too-loose line set left, per (slack / measure)^2 */
#define S_MAX_HYPHENS 2          /* lines in a row that may end with a hyphen */
#define S_HYPHEN_MIN_WORD 6      /* letters of the shortest word hyphenated */
#define S_HYPHEN_DICT "/usr/share/hyphen/hyph_en_US.dic"
#define S_INFEASIBLE 1e12

typedef struct {
    size_t off, src; /* bytes in the text, and in the runs concatenated */
    unsigned len;
    uint32_t cp;
    int font;
    unsigned style;
    double adv;
    bool space;
} S_char;

/* What follows a word: glue, a break without glue, a dictionary point (a
 * hyphen is drawn when a line ends there), or the end. */
enum { S_AFTER_SPACE, S_AFTER_BREAK, S_AFTER_HYPH, S_AFTER_END };

typedef struct {
    size_t c0, c1; /* chars */
    double w;
    int after;
    double space_w; /* S_AFTER_SPACE: the glue's natural width */
    double penalty; /* S_AFTER_BREAK, S_AFTER_HYPH */
    double hyph_w;  /* S_AFTER_HYPH: the width of the hyphen drawn */
    bool hyphen;    /* a line ending here ends with a hyphen (drawn or in the text) */
} S_word;

static bool S_is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'; }
static bool S_is_hangul(uint32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }
static bool S_is_ko(const char *lang) { return lang && lang[0] == 'k' && lang[1] == 'o'; }

int tb_layout_font_for(uint32_t cp, unsigned style_flags, const char *lang)
{
    int primary = tb_font_primary(lang, (style_flags & TB_LAYOUT_BOLD) ? TB_FONT_BOLD : TB_FONT_REGULAR);
    if (tb_font_has_glyph(primary, cp))
        return primary;
    int other = primary ^ 2; /* the same weight in the other family */
    return tb_font_has_glyph(other, cp) ? other : -1;
}

static int S_missing(char *err, size_t errsize, uint32_t cp, unsigned style, const char *lang, const char *s,
                     unsigned len)
{
    int primary = tb_font_primary(lang, (style & TB_LAYOUT_BOLD) ? TB_FONT_BOLD : TB_FONT_REGULAR);
    if (!tb_font_path(primary))
        snprintf(err, errsize, "font %s is not installed (fontconfig finds no TrueType file for it)",
                 tb_font_name(primary));
    else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        snprintf(err, errsize, "control character U+%04X in the text", (unsigned)cp);
    else if (cp > 0xFFFF)
        snprintf(err, errsize, "U+%04X (%.*s) is outside the Basic Multilingual Plane: the PDF cannot draw it",
                 (unsigned)cp, (int)len, s);
    else
        snprintf(err, errsize, "U+%04X (%.*s) is in neither %s nor %s: no font can draw it", (unsigned)cp, (int)len, s,
                 tb_font_name(primary), tb_font_name(primary ^ 2));
    return -1;
}

/* Collapses the runs' whitespace into P->text and fills CHARS. */
static int S_chars(tb_layout_par *p, const tb_layout_run *runs, size_t n, const char *lang, double size, S_char **out,
                   size_t *n_out, char *err, size_t errsize)
{
    size_t total = 0;
    for (size_t r = 0; r < n; r++) {
        if (!tb_utf8_valid(runs[r].text, runs[r].len)) {
            snprintf(err, errsize, "the text is not valid UTF-8");
            return -1;
        }
        total += runs[r].len;
    }
    p->text = tb_mem_alloc(total + 3); /* and "-" after the NUL, for hyphens */
    S_char *ch = tb_mem_reallocarray(NULL, total ? total : 1, sizeof *ch);
    size_t nc = 0, len = 0;
    size_t base = 0;
    for (size_t r = 0; r < n; base += runs[r].len, r++) {
        const char *s = runs[r].text;
        for (size_t i = 0; i < runs[r].len;) {
            uint32_t cp;
            size_t k = tb_utf8_next(s + i, runs[r].len - i, &cp);
            bool space = S_is_space(cp);
            if (cp == 0x00AD || cp == 0x200B) { /* soft hyphen, zero-width space: not drawn */
                i += k;
                continue;
            }
            if (space && (nc == 0 || ch[nc - 1].space)) {
                i += k;
                continue;
            }
            size_t step = k;
            int font;
            if (space) {
                cp = ' ';
                k = 1;
                font = ch[nc - 1].font;
            } else {
                font = tb_layout_font_for(cp, runs[r].style, lang);
                if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp > 0xFFFF || font < 0) {
                    free(ch);
                    return S_missing(err, errsize, cp, runs[r].style, lang, s + i, (unsigned)k);
                }
            }
            memcpy(p->text + len, space ? " " : s + i, k);
            ch[nc] = (S_char){len, base + i, (unsigned)k, cp, font, runs[r].style, 0, space};
            ch[nc].adv = tb_font_run_width(font, p->text + len, k, size);
            len += k;
            nc++;
            i += step;
        }
    }
    while (nc > 0 && ch[nc - 1].space)
        len = ch[--nc].off;
    memcpy(p->text + len, "\0-", 3);
    p->len = len;
    *out = ch;
    *n_out = nc;
    return 0;
}

/* The penalty of a break between chars A and B (no space between), or a
 * negative number when none is permitted there.  LONG: A and B are in a
 * space-delimited word wider than the measure, the one place a Korean
 * word may break between syllables. */
static double S_inner_break(const S_char *a, const S_char *b, const char *lang, bool long_word)
{
    if (S_is_ko(lang) && S_is_hangul(a->cp) && S_is_hangul(b->cp))
        return long_word ? S_SYLLABLE_PENALTY : -1;
    if (a->cp == '-' || a->cp == 0x2010 || a->cp == '/')
        return S_HYPHEN_PENALTY;
    if ((a->cp == 0x2013 || a->cp == 0x2014) && !(b->cp >= '0' && b->cp <= '9'))
        return S_DASH_PENALTY; /* but "1991–1999" stays whole */
    return -1;
}

/* Whether the space-delimited word holding char I (not a space) is wider
 * than WIDTH; *END is set to the char after it, so a caller walking
 * forward asks once per word. */
static bool S_long_word(const S_char *ch, size_t nc, size_t i, double width, size_t *end)
{
    double w = 0;
    size_t j = i;
    while (j > 0 && !ch[j - 1].space)
        j--;
    for (; j < nc && !ch[j].space; j++)
        w += ch[j].adv;
    *end = j;
    return width > 0 && w > width;
}

/* The words of the paragraph; HYPH (or NULL): per char, a dictionary
 * point after it, where a hyphen of SIZE may end a line. */
static S_word *S_words(const tb_layout_par *p, const S_char *ch, size_t nc, const tb_layout_style *st,
                       const bool *hyph, size_t *n_out)
{
    const char *lang = st->lang;
    double width = st->width;
    static bool ready;
    if (!ready) {
        init_linebreak();
        ready = true;
    }
    char *brks = tb_mem_alloc(p->len ? p->len : 1);
    if (p->len)
        set_linebreaks_utf8((const utf8_t *)p->text, p->len, S_is_ko(lang) ? "ko" : "en", brks);
    S_word *w = tb_mem_reallocarray(NULL, nc ? nc : 1, sizeof *w);
    size_t nw = 0, word_end = 0;
    bool open = false, long_word = false;
    for (size_t i = 0; i < nc; i++) {
        if (i >= word_end && !ch[i].space)
            long_word = S_long_word(ch, nc, i, width, &word_end);
        if (ch[i].space) {
            if (open) {
                w[nw - 1].c1 = i;
                w[nw - 1].after = S_AFTER_SPACE;
                w[nw - 1].space_w = ch[i].adv;
                open = false;
            }
            continue;
        }
        if (!open) {
            w[nw++] = (S_word){i, i + 1, 0, S_AFTER_END, 0, 0, 0, false};
            open = true;
        }
        S_word *cur = &w[nw - 1];
        cur->c1 = i + 1;
        cur->w += ch[i].adv;
        if (hyph && hyph[i]) {
            *cur = (S_word){cur->c0, i + 1, cur->w, S_AFTER_HYPH, 0, S_AUTO_HYPHEN_PENALTY,
                            tb_font_run_width(ch[i].font, "-", 1, st->size), true};
            open = false;
        } else if (i + 1 < nc && !ch[i + 1].space && brks[ch[i].off + ch[i].len - 1] == LINEBREAK_ALLOWBREAK) {
            double pen = S_inner_break(&ch[i], &ch[i + 1], lang, long_word);
            if (pen >= 0) {
                cur->after = S_AFTER_BREAK;
                cur->penalty = pen;
                cur->hyphen = ch[i].cp == '-' || ch[i].cp == 0x2010;
                open = false;
            }
        }
    }
    if (nw > 0)
        w[nw - 1].after = S_AFTER_END;
    free(brks);
    *n_out = nw;
    return w;
}

/* Demerits of a line of NATURAL width with STRETCH worth of spaces. */
static double S_demerits(double natural, double stretch, double width, bool last, bool justify, bool single)
{
    double slack = width - natural, bad;
    if (slack < 0) {
        double max_shrink = stretch * S_SHRINK;
        if (-slack > max_shrink + 1e-9 || !justify)
            return single ? S_INFEASIBLE / 10 : S_INFEASIBLE; /* overfull: only a lone word may be */
        double r = max_shrink > 0 ? -slack / max_shrink : 0;
        bad = 100 * r * r * r;
    } else if (last) {
        bad = 0;
    } else if (justify) {
        /* a line too loose (a lone word with a gap, or spaces more than
         * doubled) is set left: it costs more than any justified line, and
         * more the emptier it is, so fuller lines win over lone words */
        double r = stretch > 0 ? slack / stretch : (slack < 0.5 ? 0 : INFINITY);
        bad = r <= S_LOOSE ? 100 * r * r * r : 100 * S_LOOSE + S_RAGGED * (slack / width) * (slack / width);
    } else {
        /* ragged: evens the lines out, but costs less than any penalised
         * break, so words break inside only when they must */
        double r = slack / width;
        bad = 20 * r * r;
    }
    return (S_LINE_PENALTY + bad) * (S_LINE_PENALTY + bad);
}

/* The natural width and the stretch (its spaces) of the line of words A..B. */
static void S_measure(const S_word *w, size_t a, size_t b, double *natural, double *stretch)
{
    *natural = w[b].after == S_AFTER_HYPH ? w[b].hyph_w : 0;
    *stretch = 0;
    for (size_t k = a; k <= b; k++) {
        *natural += w[k].w;
        if (k < b && w[k].after == S_AFTER_SPACE) {
            *natural += w[k].space_w;
            *stretch += w[k].space_w;
        }
    }
}

/* A justified line of NATURAL width and STRETCH cannot fill WIDTH without
 * its spaces stretching past S_LOOSE (or has no space and a gap). */
static bool S_too_loose(double natural, double stretch, double width)
{
    return stretch > 0 ? (width - natural) / stretch > S_LOOSE : width - natural >= 0.5;
}

typedef struct {
    double cost; /* of the lines up to here */
    size_t from; /* the break before the last line, */
    int from_h;  /* and its count of hyphenated lines in a row */
} S_node;

enum { S_H = S_MAX_HYPHENS + 1 };

/* Demerits of the line of words I..J (NATURAL, STRETCH) in a paragraph of
 * NW words. */
static double S_line_demerits(const S_word *w, size_t i, size_t j, size_t nw, double natural, double stretch,
                              double width, bool justify)
{
    bool last = j + 1 == nw;
    double d = S_demerits(natural, stretch, width, last, justify, i == j);
    if (w[j].after == S_AFTER_BREAK || w[j].after == S_AFTER_HYPH)
        d += w[j].penalty * w[j].penalty;
    if (last && i == j && nw > 1 && w[j].w < width * 0.2)
        d += S_RUNT_DEMERITS;
    if (w[j].after == S_AFTER_HYPH && S_too_loose(natural, stretch, width))
        d += S_INFEASIBLE / 100; /* a hyphen on a line still too loose (set ragged) helps nothing */
    return d;
}

/* Line ends (indexes of each line's last word) chosen by total fit; node
 * (j, h): the lines up to word j-1, the last h of them ending with a
 * hyphen.  A third hyphenated line in a row is infeasible unless nothing
 * else is. */
static size_t *S_breaks(const S_word *w, size_t nw, double width, bool justify, size_t *n_lines)
{
    S_node *nd = tb_mem_reallocarray(NULL, (nw + 1) * S_H, sizeof *nd);
    for (size_t k = 0; k < (nw + 1) * S_H; k++)
        nd[k] = (S_node){INFINITY, 0, 0};
    nd[0].cost = 0;
    for (size_t j = 0; j < nw; j++) {
        for (size_t i = j + 1; i-- > 0;) {
            double natural, stretch;
            S_measure(w, i, j, &natural, &stretch);
            if (i < j && natural - stretch * S_SHRINK > width)
                break;
            double d = S_line_demerits(w, i, j, nw, natural, stretch, width, justify);
            for (int h = 0; h < S_H; h++) {
                int h2 = w[j].hyphen ? h + 1 : 0;
                double c = nd[i * S_H + h].cost + d + (h2 >= S_H ? S_INFEASIBLE : 0);
                S_node *t = &nd[(j + 1) * S_H + (h2 < S_H ? h2 : S_H - 1)];
                if (c < t->cost)
                    *t = (S_node){c, i, h};
            }
        }
    }
    int hb = 0;
    for (int h = 1; h < S_H; h++)
        if (nd[nw * S_H + h].cost < nd[nw * S_H + hb].cost)
            hb = h;
    size_t n = 0;
    for (size_t j = nw, h = (size_t)hb; j > 0; n++) {
        const S_node *x = &nd[j * S_H + h];
        j = x->from, h = (size_t)x->from_h;
    }
    size_t *ends = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *ends), k = n;
    for (size_t j = nw, h = (size_t)hb; j > 0;) {
        const S_node *x = &nd[j * S_H + h];
        ends[--k] = j - 1;
        j = x->from, h = (size_t)x->from_h;
    }
    free(nd);
    *n_lines = n;
    return ends;
}

static void S_add_piece(tb_layout_par *p, size_t *cap, const S_char *c, double x)
{
    TB_GROW(p->pieces, *cap, p->n_pieces + 1);
    p->pieces[p->n_pieces++] = (tb_layout_piece){c->font, c->style, x, c->adv, c->off, c->len};
}

/* Pieces of the line of words A..B (inclusive), appended as a new line
 * (P->lines has room for it). */
static void S_set_line(tb_layout_par *p, size_t *piece_cap, const S_word *w, size_t a, size_t b, const S_char *ch,
                       const tb_layout_style *st, bool last)
{
    double natural, stretch;
    S_measure(w, a, b, &natural, &stretch);
    double width = st->width > 0 ? st->width : natural, x = 0, scale = 1;
    /* a last line is set left, its spaces shrunk (as TeX does) when it was
     * chosen wider than the measure */
    bool justify = st->align == TB_LAYOUT_JUSTIFY && (!last || natural > width) && stretch > 0;
    if (justify) {
        scale = 1 + (width - natural) / stretch;
        if (S_too_loose(natural, stretch, width)) /* set it left rather than tear it apart */
            scale = 1, justify = false;
    } else if (st->align == TB_LAYOUT_RIGHT) {
        x = width - natural;
    } else if (st->align == TB_LAYOUT_CENTER) {
        x = (width - natural) / 2;
    }
    size_t first = p->n_pieces;
    for (size_t k = a; k <= b; k++) {
        for (size_t i = w[k].c0; i < w[k].c1; i++) {
            const S_char *c = &ch[i];
            tb_layout_piece *prev = p->n_pieces > first ? &p->pieces[p->n_pieces - 1] : NULL;
            if (prev && prev->font == c->font && prev->style == c->style && prev->off + prev->len == c->off) {
                prev->len += c->len;
                prev->width += c->adv;
            } else {
                S_add_piece(p, piece_cap, c, x);
            }
            x += c->adv;
        }
        if (k < b && w[k].after == S_AFTER_SPACE) {
            const S_char *sp = &ch[w[k].c1];
            tb_layout_piece *prev = &p->pieces[p->n_pieces - 1];
            if (!justify && prev->font == sp->font && prev->style == sp->style && prev->off + prev->len == sp->off &&
                k + 1 <= b && ch[w[k + 1].c0].font == sp->font && ch[w[k + 1].c0].style == sp->style) {
                prev->len += sp->len; /* the space joins the piece: one string to draw */
                prev->width += sp->adv;
            }
            x += sp->adv * scale;
        }
    }
    bool hyphen = w[b].after == S_AFTER_HYPH && !last;
    if (hyphen) { /* the drawn hyphen: "-" after the text's NUL */
        const S_char *c = &ch[w[b].c1 - 1];
        S_add_piece(p, piece_cap, &(S_char){p->len + 1, 0, 1, '-', c->font, c->style, w[b].hyph_w, false}, x);
    }
    tb_layout_line *ln = &p->lines[p->n_lines++];
    ln->first = first;
    ln->n = p->n_pieces - first;
    ln->hyphen = hyphen;
    const tb_layout_piece *lp = &p->pieces[p->n_pieces - 1];
    ln->width = lp->x + lp->width - p->pieces[first].x;
}

static HyphenDict *S_dict;
static bool S_dict_tried;

void tb_layout_release(void)
{
    if (S_dict)
        hnj_hyphen_free(S_dict);
    S_dict = NULL;
    S_dict_tried = false;
}

static bool S_ascii_letter(uint32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }

/* Whether chars [A, B) overlap a range ST keeps from hyphenation. */
static bool S_kept(const S_char *ch, size_t a, size_t b, const tb_layout_style *st)
{
    for (size_t k = 0; k < st->n_keep; k++) {
        size_t s0 = st->keep[2 * k], s1 = s0 + st->keep[2 * k + 1];
        if (ch[a].src < s1 && ch[b - 1].src + ch[b - 1].len > s0)
            return true;
    }
    return false;
}

/* Marks in HYPH the dictionary points of the space-delimited word from
 * char C0: of its letters between any leading and trailing punctuation,
 * when they are 6 or more, with no figure and at most one capital, and
 * not kept by ST. */
static void S_hyphenate(const S_char *ch, size_t nc, size_t c0, const tb_layout_style *st, bool *hyph)
{
    size_t e = c0, a, b, caps = 0;
    while (e < nc && !ch[e].space)
        e++;
    for (a = c0; a < e && !S_ascii_letter(ch[a].cp); a++)
        if (ch[a].cp >= '0' && ch[a].cp <= '9')
            return;
    for (b = a; b < e && S_ascii_letter(ch[b].cp); b++)
        caps += ch[b].cp <= 'Z';
    for (size_t k = b; k < e; k++)
        if (S_ascii_letter(ch[k].cp) || (ch[k].cp >= '0' && ch[k].cp <= '9'))
            return; /* a letter after punctuation: "U.S.", "non-ferrous" */
    if (b - a < S_HYPHEN_MIN_WORD || caps > 1 || S_kept(ch, a, b, st))
        return;
    if (!S_dict_tried) {
        S_dict = hnj_hyphen_load(S_HYPHEN_DICT);
        S_dict_tried = true;
    }
    if (!S_dict)
        return;
    char word[64], hyphens[64 + 5];
    size_t n = b - a;
    if (n >= sizeof word)
        return;
    for (size_t k = 0; k < n; k++)
        word[k] = (char)(ch[a + k].cp | 0x20); /* lower case */
    word[n] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(S_dict, word, (int)n, hyphens, NULL, &rep, &pos, &cut, 2, 3, 2, 3) == 0 && !rep)
        for (size_t k = 0; k + 1 < n; k++)
            hyph[a + k] = hyphens[k] & 1;
    if (rep)
        for (size_t k = 0; k < n; k++)
            free(rep[k]);
    free(rep);
    free(pos);
    free(cut);
}

/* The dictionary points for a second pass over the lines ENDS of words W,
 * in the word after each line too loose; NULL when there is none. */
static bool *S_hyph_points(const S_word *w, size_t nw, const size_t *ends, size_t n_lines, const S_char *ch,
                           size_t nc, const tb_layout_style *st)
{
    if (S_is_ko(st->lang) || st->align != TB_LAYOUT_JUSTIFY)
        return NULL;
    bool *hyph = NULL;
    for (size_t l = 0, a = 0; l + 1 < n_lines; a = ends[l] + 1, l++) {
        double natural, stretch;
        S_measure(w, a, ends[l], &natural, &stretch);
        if (!S_too_loose(natural, stretch, st->width))
            continue;
        if (!hyph)
            hyph = tb_mem_calloc(nc, sizeof *hyph);
        S_hyphenate(ch, nc, w[ends[l] + 1].c0, st, hyph);
    }
    return hyph;
}

/* Sets the lines of P: breaks chosen by total fit, again with dictionary
 * points where the first choice leaves a line too loose. */
static void S_lines(tb_layout_par *p, const S_char *ch, size_t nc, const tb_layout_style *style)
{
    size_t nw, n_lines = 0, piece_cap = 0;
    S_word *w = S_words(p, ch, nc, style, NULL, &nw);
    for (size_t k = 0; k < nw; k++)
        p->natural += w[k].w + (k + 1 < nw && w[k].after == S_AFTER_SPACE ? w[k].space_w : 0);
    if (nw > 0 && style->width <= 0) {
        p->lines = tb_mem_reallocarray(NULL, 1, sizeof *p->lines);
        S_set_line(p, &piece_cap, w, 0, nw - 1, ch, style, true);
    }
    if (nw == 0 || style->width <= 0) {
        free(w);
        return;
    }
    bool justify = style->align == TB_LAYOUT_JUSTIFY;
    size_t *ends = S_breaks(w, nw, style->width, justify, &n_lines);
    bool *hyph = S_hyph_points(w, nw, ends, n_lines, ch, nc, style);
    if (hyph) {
        free(ends);
        free(w);
        w = S_words(p, ch, nc, style, hyph, &nw);
        ends = S_breaks(w, nw, style->width, justify, &n_lines);
        free(hyph);
    }
    p->lines = tb_mem_reallocarray(NULL, n_lines, sizeof *p->lines);
    for (size_t l = 0, a = 0; l < n_lines; a = ends[l] + 1, l++)
        S_set_line(p, &piece_cap, w, a, ends[l], ch, style, l + 1 == n_lines);
    free(ends);
    free(w);
}

tb_layout_par *tb_layout_paragraph(const tb_layout_run *runs, size_t n, const tb_layout_style *style, char *err,
                                   size_t errsize)
{
    tb_layout_par *p = tb_mem_calloc(1, sizeof *p);
    p->size = style->size;
    S_char *ch;
    size_t nc;
    if (S_chars(p, runs, n, style->lang, style->size, &ch, &nc, err, errsize) != 0) {
        tb_layout_free(p);
        return NULL;
    }
    S_lines(p, ch, nc, style);
    free(ch);
    return p;
}

tb_layout_par *tb_layout_single(const char *text, unsigned style_flags, const char *lang, double size, char *err,
                                size_t errsize)
{
    tb_layout_run run = {text, strlen(text), style_flags};
    tb_layout_style st = {lang, size, 0, TB_LAYOUT_LEFT, NULL, 0};
    return tb_layout_paragraph(&run, 1, &st, err, errsize);
}

void tb_layout_free(tb_layout_par *par)
{
    if (!par)
        return;
    free(par->text);
    free(par->pieces);
    free(par->lines);
    free(par);
}

double tb_layout_width(const char *text, unsigned style_flags, const char *lang, double size)
{
    double w = 0;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = tb_utf8_next(text + i, len - i, &cp);
        int font = tb_layout_font_for(cp, style_flags, lang);
        if (font >= 0)
            w += tb_font_run_width(font, text + i, k, size);
        i += k;
    }
    return w;
}
