/* test_layout: the PDF's line breaker and text measurement (layout.h):
 * widths, justification, break rules (English and Korean), fallback fonts,
 * characters no font has, whitespace, alignment, runts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "font.h"
#include "layout.h"
#include "tb_test.h"

#define MINUS "\xe2\x88\x92"

static const char *S_EN =
    "Exports rose 3.0% year on year to $56.5 billion in March 2024, up for the sixth consecutive month since "
    "October 2023. Imports fell 12.3% to $52.2 billion, and the trade balance stayed in surplus for the tenth "
    "month in a row at $4.3 billion. Semiconductor exports climbed 35.7% to $11.7 billion, the highest in 21 "
    "months, and accounted for most of the growth; seven of the fifteen main items rose on a year earlier.";

static const char *S_KO =
    "2024년 3월 수출은 565억 달러로 전년 동월 대비 3.0% 증가하여 2023년 10월 이후 6개월 연속 "
    "증가세를 이어갔다. 수입은 522억 달러로 12.3% 감소하였으며, 무역수지는 43억 달러 흑자로 "
    "10개월 연속 흑자를 기록하였다. 반도체(118억 달러, +34.5%)는 21개월 만에 최고치를 기록하였다.";

static bool S_is_ko_text(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0xEA && (unsigned char)*s <= 0xED)
            return true;
    return false;
}

static tb_layout_par *S_par(const char *text, const char *lang, double width, enum tb_layout_align align)
{
    tb_layout_run run = {text, strlen(text), 0};
    tb_layout_style st = {lang, 10, width, align, NULL, 0};
    char err[256];
    tb_layout_par *p = tb_layout_paragraph(&run, 1, &st, err, sizeof err);
    if (!p)
        fprintf(stderr, "layout error: %s\n", err);
    return p;
}

/* The text of line L: its pieces' bytes, a space between pieces that do
 * not touch; not an inserted hyphen (tb_layout_line.hyphen).  Ownership:
 * caller frees. */
static char *S_line_text(const tb_layout_par *p, size_t l)
{
    const tb_layout_line *ln = &p->lines[l];
    char *s = calloc(1, p->len + 1);
    size_t end = SIZE_MAX;
    for (size_t k = 0; k < ln->n - ln->hyphen; k++) {
        const tb_layout_piece *pc = &p->pieces[ln->first + k];
        if (end != SIZE_MAX && pc->off != end)
            strncat(s, p->text + end, pc->off - end);
        strncat(s, p->text + pc->off, pc->len);
        end = pc->off + pc->len;
    }
    return s;
}

/* The lines of TEXT set at WIDTH, each in brackets: "[In 1991] [the]".
 * Ownership: caller frees. */
static char *S_lines(const char *text, const char *lang, double width, enum tb_layout_align align)
{
    tb_layout_par *p = S_par(text, lang, width, align);
    tb_buf b = {0};
    for (size_t l = 0; p && l < p->n_lines; l++) {
        char *s = S_line_text(p, l);
        tb_buf_printf(&b, "%s[%s%s]", l ? " " : "", s, p->lines[l].hyphen ? "-" : "");
        free(s);
    }
    tb_layout_free(p);
    tb_buf_putc(&b, '\0');
    return tb_buf_take(&b);
}

/* Lines joined with a space or nothing (a break inside a word) equal the
 * text; every line fits; justified lines fill the measure but for those too
 * loose to (spaces more than doubled), which are set left; an inserted
 * hyphen is the line's last piece, "-" past the text. */
static void S_check_par(const tb_layout_par *p, double width, bool justify)
{
    size_t at = 0;
    for (size_t l = 0; l < p->n_lines; l++) {
        char *s = S_line_text(p, l);
        size_t n = strlen(s);
        TB_CHECK(strncmp(p->text + at, s, n) == 0);
        at += n;
        if (at < p->len && p->text[at] == ' ')
            at++;
        TB_CHECK(s[0] != ' ' && s[n - 1] != ' ');
        TB_CHECK(p->lines[l].width <= width + 0.01);
        size_t spaces = 0;
        for (size_t i = 0; i < n; i++)
            spaces += s[i] == ' ';
        const char *lang = S_is_ko_text(p->text) ? "ko" : "en";
        double space_w = tb_layout_width(" ", 0, lang, 10);
        double natural = tb_layout_width(s, 0, lang, 10) + (p->lines[l].hyphen ? tb_layout_width("-", 0, lang, 10) : 0);
        if (justify && l + 1 < p->n_lines && fabs(p->lines[l].width - width) > 0.01)
            TB_CHECK(width - p->lines[l].width > spaces * space_w); /* too loose: set left */
        else if (justify && l + 1 < p->n_lines && width - natural > spaces * space_w + 0.01)
            TB_CHECK_NEAR(width - natural, spaces * space_w, 0.01); /* justified: spaces at most doubled */
        if (p->lines[l].hyphen) {
            const tb_layout_piece *h = &p->pieces[p->lines[l].first + p->lines[l].n - 1];
            TB_CHECK(h->off == p->len + 1 && h->len == 1 && p->text[h->off] == '-');
        }
        free(s);
    }
    TB_CHECK_INT(at, p->len);
}

static void test_english_justified(void)
{
    for (double w = 180; w <= 480; w += 30) {
        tb_layout_par *p = S_par(S_EN, "en", w, TB_LAYOUT_JUSTIFY);
        TB_CHECK(p != NULL);
        if (!p)
            return;
        TB_CHECK(p->n_lines >= 2);
        S_check_par(p, w, true);
        /* the last line is set left at its natural width (or its spaces
         * shrunk to the measure, S_check_par) */
        const tb_layout_line *last = &p->lines[p->n_lines - 1];
        TB_CHECK(last->width <= w + 0.01);
        tb_layout_free(p);
    }
}

static void test_ragged_and_alignment(void)
{
    tb_layout_par *p = S_par(S_EN, "en", 300, TB_LAYOUT_LEFT);
    S_check_par(p, 300, false);
    TB_CHECK_NEAR(p->pieces[0].x, 0, 1e-9);
    tb_layout_free(p);
    p = S_par("Page 3 of 6", "en", 200, TB_LAYOUT_RIGHT);
    TB_CHECK_INT(p->n_lines, 1);
    TB_CHECK_NEAR(p->pieces[0].x + p->lines[0].width, 200, 0.01);
    tb_layout_free(p);
    p = S_par("centred", "en", 200, TB_LAYOUT_CENTER);
    TB_CHECK_NEAR(p->pieces[0].x * 2 + p->lines[0].width, 200, 0.01);
    tb_layout_free(p);
}

static void test_width_matches_font(void)
{
    const char *s = "Exports rose 3.0%";
    double w = tb_font_text_width(tb_font_primary("en", TB_FONT_REGULAR), s, 10);
    TB_CHECK_NEAR(tb_layout_width(s, 0, "en", 10), w, 1e-9);
    char err[128];
    tb_layout_par *p = tb_layout_single(s, 0, "en", 10, err, sizeof err);
    TB_CHECK_INT(p->n_lines, 1);
    TB_CHECK_NEAR(p->lines[0].width, w, 1e-9);
    TB_CHECK_NEAR(p->natural, w, 1e-9);
    /* one piece: spaces join the run */
    TB_CHECK_INT(p->lines[0].n, 1);
    tb_layout_free(p);
    /* bold is wider */
    TB_CHECK(tb_layout_width(s, TB_LAYOUT_BOLD, "en", 10) > w);
}

static void test_whitespace_collapsed(void)
{
    tb_layout_par *p = S_par("  a \n\t b   c  ", "en", 400, TB_LAYOUT_LEFT);
    TB_CHECK_STR(p->text, "a b c");
    TB_CHECK_INT(p->n_lines, 1);
    tb_layout_free(p);
    p = S_par("   ", "en", 400, TB_LAYOUT_LEFT);
    TB_CHECK_INT(p->n_lines, 0);
    TB_CHECK_STR(p->text, "");
    tb_layout_free(p);
    /* runs meeting at spaces collapse too */
    tb_layout_run runs[] = {{"rose ", 5, 0}, {" 3.0%", 5, TB_LAYOUT_BOLD}};
    tb_layout_style st = {"en", 10, 400, TB_LAYOUT_LEFT, NULL, 0};
    char err[128];
    p = tb_layout_paragraph(runs, 2, &st, err, sizeof err);
    TB_CHECK_STR(p->text, "rose 3.0%");
    TB_CHECK_INT(p->lines[0].n, 2);
    TB_CHECK_INT(p->pieces[1].style, TB_LAYOUT_BOLD);
    TB_CHECK(p->pieces[1].font == tb_font_primary("en", TB_FONT_BOLD));
    tb_layout_free(p);
}

static void test_fallback_font(void)
{
    /* NanumGothic has no U+2212: the minus comes from DejaVu, the rest from
     * NanumGothic. */
    tb_layout_par *p = S_par("감소 " MINUS "12.3%", "ko", 400, TB_LAYOUT_LEFT);
    int nanum = tb_font_primary("ko", TB_FONT_REGULAR), dejavu = tb_font_primary("en", TB_FONT_REGULAR);
    bool saw_minus = false;
    for (size_t k = 0; k < p->n_pieces; k++) {
        const tb_layout_piece *pc = &p->pieces[k];
        if (strncmp(p->text + pc->off, MINUS, 3) == 0) {
            TB_CHECK_INT(pc->font, dejavu);
            TB_CHECK_INT(pc->len, 3);
            saw_minus = true;
        } else {
            TB_CHECK_INT(pc->font, nanum);
        }
    }
    TB_CHECK(saw_minus);
    TB_CHECK_INT(tb_layout_font_for(0x2212, 0, "ko"), dejavu);
    TB_CHECK_INT(tb_layout_font_for(0xD55C, TB_LAYOUT_BOLD, "en"), tb_font_primary("ko", TB_FONT_BOLD));
    TB_CHECK_INT(tb_layout_font_for(0x0F00, 0, "en"), -1);
    tb_layout_free(p);
}

static void test_missing_glyph_named(void)
{
    char err[256];
    tb_layout_run run = {"Tibetan \xe0\xbc\x80 here", strlen("Tibetan \xe0\xbc\x80 here"), 0};
    tb_layout_style st = {"en", 10, 300, TB_LAYOUT_LEFT, NULL, 0};
    TB_CHECK(tb_layout_paragraph(&run, 1, &st, err, sizeof err) == NULL);
    TB_CHECK(strstr(err, "U+0F00") != NULL);
    TB_CHECK(strstr(err, "DejaVu Sans") != NULL && strstr(err, "NanumGothic") != NULL);
    /* beyond the BMP: DejaVu has U+1F600, but libharu could not show it */
    TB_CHECK(tb_layout_single("smile \xf0\x9f\x98\x80", 0, "en", 10, err, sizeof err) == NULL);
    TB_CHECK(strstr(err, "U+1F600") != NULL);
    TB_CHECK(tb_layout_single("bell \a", 0, "en", 10, err, sizeof err) == NULL);
    TB_CHECK(strstr(err, "U+0007") != NULL);
    TB_CHECK(tb_layout_single("bad \xff utf-8", 0, "en", 10, err, sizeof err) == NULL);
    TB_CHECK(strstr(err, "UTF-8") != NULL);
}

static bool S_is_hangul(uint32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }

/* Where line L ends and L+1 starts in P's text, with no space between:
 * the code points on both sides. */
static bool S_inner_break(const tb_layout_par *p, size_t l, uint32_t *before, uint32_t *after)
{
    const tb_layout_line *a = &p->lines[l], *b = &p->lines[l + 1];
    const tb_layout_piece *pa = &p->pieces[a->first + a->n - 1], *pb = &p->pieces[b->first];
    size_t end = pa->off + pa->len;
    if (end != pb->off)
        return false;
    size_t back = end - 1;
    while (back > 0 && ((unsigned char)p->text[back] & 0xC0) == 0x80)
        back--;
    tb_utf8_next(p->text + back, end - back, before);
    tb_utf8_next(p->text + end, p->len - end, after);
    return true;
}

static void test_korean_breaks(void)
{
    /* keep-all: over many measures, no line ends inside a Korean word;
     * whole words leave some lines too loose to justify (their spaces
     * more than doubled: 2 or 3 words across the measure), and those are
     * set left, by the same rule as English (S_check_par) */
    for (double w = 150; w <= 480; w += 11) {
        tb_layout_par *p = S_par(S_KO, "ko", w, TB_LAYOUT_JUSTIFY);
        TB_CHECK(p != NULL);
        if (!p)
            return;
        S_check_par(p, w, true);
        for (size_t l = 0; l + 1 < p->n_lines; l++) {
            uint32_t a, b;
            if (S_inner_break(p, l, &a, &b))
                TB_CHECK(!S_is_hangul(a) || !S_is_hangul(b));
        }
        tb_layout_free(p);
    }
    /* issue 16's defects: "(+9.6%)입 / 니다", "증 / 가" */
    for (double w = 90; w <= 300; w += 7) { /* the longest word is about 80 pt */
        tb_layout_par *p =
            S_par("수출은 전년 동월 대비 증가(+9.6%)입니다. 수입은 증가하였습니다.", "ko", w, TB_LAYOUT_JUSTIFY);
        for (size_t l = 0; l + 1 < p->n_lines; l++) {
            uint32_t a, b;
            TB_CHECK(!S_inner_break(p, l, &a, &b));
        }
        tb_layout_free(p);
    }
    char *got = S_lines(S_KO, "ko", 240, TB_LAYOUT_JUSTIFY);
    const char *want =
        "[2024년 3월 수출은 565억 달러로 전년 동월 대비 3.0%] [증가하여 2023년 10월 이후 6개월 연속 증가세를] "
        "[이어갔다. 수입은 522억 달러로 12.3% 감소하였으며,] [무역수지는 43억 달러 흑자로 10개월 연속 흑자를] "
        "[기록하였다. 반도체(118억 달러, +34.5%)는 21개월] [만에 최고치를 기록하였다.]";
    TB_CHECK_STR(got, want);
    free(got);
    /* three 어절 before a long one cannot fill 200 pt without their two
     * spaces stretched sixfold: the line is set left, whole, not justified
     * and not split into lines of one word each */
    got = S_lines("무역수지는 흑자를 기록하였습니다 컴퓨터주변기기(+183.9%)는 증가하였습니다.", "ko", 200, TB_LAYOUT_JUSTIFY);
    TB_CHECK_STR(got, "[무역수지는 흑자를 기록하였습니다] [컴퓨터주변기기(+183.9%)는 증가하였습니다.]");
    free(got);
    tb_layout_par *q = S_par("무역수지는 흑자를 기록하였습니다 컴퓨터주변기기(+183.9%)는 증가하였습니다.", "ko", 200,
                             TB_LAYOUT_JUSTIFY);
    S_check_par(q, 200, true);
    TB_CHECK(q->lines[0].width < 150);
    tb_layout_free(q);
    /* a word wider than the measure still breaks between syllables */
    tb_layout_par *p = S_par("가나다라마바사아자차카타파하가나다라마바사아자차카타파하", "ko", 100, TB_LAYOUT_LEFT);
    TB_CHECK(p->n_lines >= 3);
    S_check_par(p, 100, false);
    tb_layout_free(p);
    got = S_lines("가나다라마바사아자차카타파하가나다라마바사아자차카타파하", "ko", 100, TB_LAYOUT_LEFT);
    TB_CHECK_STR(got, "[가나다라마바사아자차] [카타파하가나다라마바] [사아자차카타파하]");
    free(got);
    /* in English, Hangul words break at spaces only */
    p = S_par("가나다라마바사아자차카타파하가나다라마바사아자차카타파하", "en", 100, TB_LAYOUT_LEFT);
    TB_CHECK_INT(p->n_lines, 1);
    tb_layout_free(p);
}

static void test_english_break_rules(void)
{
    /* no break inside a year range or a number; after a hyphen, yes */
    const char *text = "In 1991–1999 the twenty-first item rose " MINUS "14.5% to $56.5bn";
    size_t hyphen_breaks = 0;
    for (double w = 40; w <= 160; w += 3) {
        tb_layout_par *p = S_par(text, "en", w, TB_LAYOUT_LEFT);
        for (size_t l = 0; l + 1 < p->n_lines; l++) {
            uint32_t a, b;
            if (S_inner_break(p, l, &a, &b)) {
                TB_CHECK(a == '-' && b == 'f');
                hyphen_breaks++;
            }
        }
        tb_layout_free(p);
    }
    TB_CHECK(hyphen_breaks > 0);
    /* where the lines break, at widths known to need each rule */
    char *got = S_lines(text, "en", 40, TB_LAYOUT_LEFT);
    TB_CHECK_STR(got, "[In] [1991–1999] [the] [twenty-] [first] [item] [rose] [" MINUS "14.5%] [to] [$56.5bn]");
    free(got);
    got = S_lines(text, "en", 50, TB_LAYOUT_LEFT);
    TB_CHECK_STR(got, "[In] [1991–1999] [the] [twenty-] [first item] [rose] [" MINUS "14.5%] [to] [$56.5bn]");
    free(got);
    got = S_lines(text, "en", 100, TB_LAYOUT_LEFT);
    TB_CHECK_STR(got, "[In 1991–1999 the] [twenty-first item] [rose " MINUS "14.5% to] [$56.5bn]");
    free(got);
}

static void test_runts_avoided(void)
{
    size_t runts = 0, paragraphs = 0;
    for (double w = 200; w <= 480; w += 5) {
        tb_layout_par *p = S_par(S_EN, "en", w, TB_LAYOUT_JUSTIFY);
        const tb_layout_line *last = &p->lines[p->n_lines - 1];
        if (last->width < w * 0.2 && strchr(p->text + p->pieces[last->first].off, ' ') == NULL)
            runts++;
        paragraphs++;
        tb_layout_free(p);
    }
    TB_CHECK(paragraphs > 50);
    TB_CHECK_INT(runts, 0);
}

static void test_overfull_word(void)
{
    /* a word wider than the measure gets a line of its own, unless the
     * dictionary can break it (then more than 2 hyphens in a row are
     * allowed: nothing else fits) */
    tb_layout_par *p = S_par("a X1234567890123456789 b", "en", 60, TB_LAYOUT_JUSTIFY);
    TB_CHECK_INT(p->n_lines, 3);
    TB_CHECK(p->lines[1].width > 60);
    tb_layout_free(p);
    char *got = S_lines("a Donaudampfschifffahrtsgesellschaft b", "en", 60, TB_LAYOUT_JUSTIFY);
    TB_CHECK_STR(got, "[a Donau-] [dampf-] [schifffahrts-] [ge-] [sellschaft b]");
    free(got);
}

static const char *S_WD = "Exports per working day divide the exports by this number, which removes most of the effect "
                          "of holidays and of months of different lengths; comparisons with a year earlier are "
                          "therefore fairer.";

static const char *S_LONG =
    "the administration considered extraordinary international telecommunications agreements, notwithstanding "
    "considerable organizational difficulties and unprecedented manufacturing requirements everywhere, "
    "establishing comprehensive regulations concerning transportation infrastructure";

/* The line of TEXT at WIDTH, justified, keeping KEEP (a substring) from
 * hyphenation when not NULL. */
static tb_layout_par *S_par_keep(const char *text, double width, const char *keep)
{
    tb_layout_run run = {text, strlen(text), 0};
    size_t k[2] = {keep ? (size_t)(strstr(text, keep) - text) : 0, keep ? strlen(keep) : 0};
    tb_layout_style st = {"en", 10, width, TB_LAYOUT_JUSTIFY, keep ? k : NULL, keep ? 1 : 0};
    char err[256];
    return tb_layout_paragraph(&run, 1, &st, err, sizeof err);
}

/* The letters of the word broken at the end of line L (the line's last
 * token and the next line's first) go in WORD. */
static void S_broken_word(const tb_layout_par *p, size_t l, char *word, size_t size)
{
    char *a = S_line_text(p, l), *b = S_line_text(p, l + 1);
    const char *tail = strrchr(a, ' ') ? strrchr(a, ' ') + 1 : a;
    snprintf(word, size, "%s%.*s", tail, (int)strcspn(b, " "), b);
    free(a);
    free(b);
}

static void test_hyphenation(void)
{
    /* the third line, "holidays ... lengths;", would stretch its spaces past
     * twice their width: "comparisons" breaks at a dictionary point */
    char *got = S_lines(S_WD, "en", 260, TB_LAYOUT_JUSTIFY);
    TB_CHECK_STR(got, "[Exports per working day divide the exports by] [this number, which removes most of the effect of] "
                      "[holidays and of months of different lengths; com-] [parisons with a year earlier are therefore "
                      "fairer.]");
    free(got);
    tb_layout_par *p = S_par(S_WD, "en", 260, TB_LAYOUT_JUSTIFY);
    S_check_par(p, 260, true);
    TB_CHECK(p->lines[2].hyphen && !p->lines[0].hyphen);
    TB_CHECK_NEAR(p->lines[2].width, 260, 0.01); /* filled, hyphen included */
    TB_CHECK(p->lines[0].width < 250);           /* "this" is too short to hyphenate: ragged */
    tb_layout_free(p);
    /* a kept word (a name or figure from the data) is not hyphenated: the
     * loose line is set left instead */
    p = S_par_keep(S_WD, 260, "comparisons");
    S_check_par(p, 260, true);
    for (size_t l = 0; l < p->n_lines; l++)
        TB_CHECK(!p->lines[l].hyphen);
    TB_CHECK(p->lines[2].width < 250);
    tb_layout_free(p);
    /* over many measures: hyphens only inside words of 6 letters or more
     * without figures or two capitals, at most 2 hyphenated lines in a row
     * (3 happen at 113, 157, 240 pt without the limit), and none in Korean */
    const char *texts[] = {S_EN, S_WD, S_LONG};
    size_t hyphens = 0;
    for (size_t t = 0; t < 3; t++)
        for (double w = 110; w <= 480; w += 1) {
            p = S_par(texts[t], "en", w, TB_LAYOUT_JUSTIFY);
            S_check_par(p, w, true);
            int run = 0;
            for (size_t l = 0; l < p->n_lines; l++) {
                run = p->lines[l].hyphen ? run + 1 : 0;
                TB_CHECK(run <= 2);
                if (!p->lines[l].hyphen)
                    continue;
                hyphens++;
                char word[128];
                S_broken_word(p, l, word, sizeof word);
                size_t letters = 0, caps = 0, digits = 0;
                for (const char *c = word; *c; c++) {
                    letters += (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z');
                    caps += *c >= 'A' && *c <= 'Z';
                    digits += *c >= '0' && *c <= '9';
                }
                TB_CHECK(letters >= 6 && caps <= 1 && digits == 0);
            }
            tb_layout_free(p);
        }
    TB_CHECK(hyphens > 100);
    for (double w = 150; w <= 480; w += 11) {
        p = S_par(S_KO, "ko", w, TB_LAYOUT_JUSTIFY);
        for (size_t l = 0; l < p->n_lines; l++)
            TB_CHECK(!p->lines[l].hyphen);
        tb_layout_free(p);
    }
}

static void test_emphasis_pieces(void)
{
    tb_layout_run runs[] = {{"the ", 4, 0},
                            {"highest", 7, TB_LAYOUT_EMPH},
                            {" in ", 4, 0},
                            {"21 months", 9, TB_LAYOUT_BOLD | TB_LAYOUT_EMPH}};
    tb_layout_style st = {"en", 10, 400, TB_LAYOUT_JUSTIFY, NULL, 0};
    char err[128];
    tb_layout_par *p = tb_layout_paragraph(runs, 4, &st, err, sizeof err);
    TB_CHECK_STR(p->text, "the highest in 21 months");
    TB_CHECK_INT(p->n_lines, 1);
    unsigned seen = 0;
    double x = 0;
    for (size_t k = 0; k < p->n_pieces; k++) {
        seen |= 1u << p->pieces[k].style;
        TB_CHECK(p->pieces[k].x >= x - 1e-9); /* left to right */
        x = p->pieces[k].x + p->pieces[k].width;
    }
    TB_CHECK(seen & (1u << TB_LAYOUT_EMPH));
    TB_CHECK(seen & (1u << (TB_LAYOUT_BOLD | TB_LAYOUT_EMPH)));
    tb_layout_free(p);
}

int main(void)
{
    TB_RUN(test_english_justified);
    TB_RUN(test_ragged_and_alignment);
    TB_RUN(test_width_matches_font);
    TB_RUN(test_whitespace_collapsed);
    TB_RUN(test_fallback_font);
    TB_RUN(test_missing_glyph_named);
    TB_RUN(test_korean_breaks);
    TB_RUN(test_english_break_rules);
    TB_RUN(test_runts_avoided);
    TB_RUN(test_overfull_word);
    TB_RUN(test_emphasis_pieces);
    TB_RUN(test_hyphenation);
    TB_MAIN_END("test_layout");
}
