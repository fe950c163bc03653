/* test_pdf: the PDF renderer (pdf.h) and its font subsets (pdf_font.h):
 * subsets that FreeType reads back with the right glyphs and advances,
 * malformed fonts refused without a crash, a whole briefing rendered in
 * English and Korean (pages, bookmarks, same bytes twice, dates from the
 * month or SOURCE_DATE_EPOCH), long tables split, and errors that name the
 * character or chart and the template line.  Run from the repository root
 * (datasets/korea). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H

#include "chart.h"
#include "chartset.h"
#include "facts.h"
#include "font.h"
#include "load.h"
#include "pdf.h"
#include "pdf_font.h"
#include "template.h"
#include "tb_test.h"

#define MINUS "\xe2\x88\x92"

static tb_dataset *S_ds;

static unsigned char *S_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    unsigned char *b = malloc((size_t)n);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

static bool S_contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

static size_t S_count(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle), c = 0;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            c++;
    return c;
}

/* ------------------------------------------------------------ subsets */

static void test_subset_reads_back(void)
{
    size_t len;
    unsigned char *ttf = S_read(tb_font_path(tb_font_primary("ko", TB_FONT_REGULAR)), &len);
    TB_CHECK(ttf != NULL);
    if (!ttf)
        return;
    const uint32_t cps[] = {'H', 'e', 'l', 'l', 'o', ' ', 0xC218, 0xCD9C, 0x2212 /* not in NanumGothic */};
    unsigned char *sub;
    size_t sub_len;
    tb_buf err = {0};
    TB_CHECK_INT(tb_pdf_font_subset(ttf, len, cps, 9, &sub, &sub_len, &err), 0);
    TB_CHECK(sub_len < len / 50);
    FT_Library lib;
    FT_Init_FreeType(&lib);
    FT_Face full, small;
    TB_CHECK_INT(FT_New_Memory_Face(lib, ttf, (FT_Long)len, 0, &full), 0);
    TB_CHECK_INT(FT_New_Memory_Face(lib, sub, (FT_Long)sub_len, 0, &small), 0);
    TB_CHECK_INT(small->num_glyphs, 8); /* .notdef, H e l o space 수 출 */
    TB_CHECK_STR(FT_Get_Postscript_Name(small), FT_Get_Postscript_Name(full));
    for (size_t i = 0; i < 8; i++) {
        FT_UInt g1 = FT_Get_Char_Index(full, cps[i]), g2 = FT_Get_Char_Index(small, cps[i]);
        TB_CHECK(g2 != 0);
        FT_Load_Glyph(full, g1, FT_LOAD_NO_SCALE);
        FT_Pos adv1 = full->glyph->metrics.horiAdvance, n1 = full->glyph->outline.n_points;
        FT_Load_Glyph(small, g2, FT_LOAD_NO_SCALE);
        TB_CHECK_INT(small->glyph->metrics.horiAdvance, adv1);
        TB_CHECK_INT(small->glyph->outline.n_points, n1);
    }
    TB_CHECK_INT(FT_Get_Char_Index(small, 'Z'), 0);
    TB_CHECK_INT(FT_Get_Char_Index(small, 0x2212), 0);
    /* No table libharu embeds is empty (an empty one on a 4 KiB boundary
     * of its stream made it refuse to save the Korean 2004-03 briefing):
     * the hinting tables are present, with do-nothing bodies. */
    const FT_ULong tags[] = {FT_MAKE_TAG('c', 'v', 't', ' '), FT_MAKE_TAG('f', 'p', 'g', 'm'),
                             FT_MAKE_TAG('p', 'r', 'e', 'p')};
    const FT_ULong sizes[] = {2, 3, 3};
    for (size_t i = 0; i < 3; i++) {
        FT_ULong n = 0;
        TB_CHECK_INT(FT_Load_Sfnt_Table(small, tags[i], 0, NULL, &n), 0);
        TB_CHECK_INT(n, sizes[i]);
    }
    FT_Done_Face(small);
    FT_Done_Face(full);
    FT_Done_FreeType(lib);
    free(sub);
    free(ttf);
}

static void test_subset_composites(void)
{
    /* DejaVu builds accented letters from components: the subset must
     * carry the components, renumbered. */
    size_t len;
    unsigned char *ttf = S_read(tb_font_path(tb_font_primary("en", TB_FONT_REGULAR)), &len);
    if (!ttf)
        return;
    const uint32_t cps[] = {0xC9 /* É */, 0xF1 /* ñ */, 0x1EA0 /* Ạ */};
    unsigned char *sub;
    size_t sub_len;
    tb_buf err = {0};
    TB_CHECK_INT(tb_pdf_font_subset(ttf, len, cps, 3, &sub, &sub_len, &err), 0);
    FT_Library lib;
    FT_Init_FreeType(&lib);
    FT_Face f;
    TB_CHECK_INT(FT_New_Memory_Face(lib, sub, (FT_Long)sub_len, 0, &f), 0);
    TB_CHECK(f->num_glyphs > 4);
    for (size_t i = 0; i < 3; i++) {
        FT_UInt g = FT_Get_Char_Index(f, cps[i]);
        TB_CHECK(g != 0);
        TB_CHECK_INT(FT_Load_Glyph(f, g, FT_LOAD_NO_SCALE), 0);
        TB_CHECK(f->glyph->outline.n_points > 0);
    }
    FT_Done_Face(f);
    FT_Done_FreeType(lib);
    free(sub);
    free(ttf);
}

static void test_subset_malformed(void)
{
    size_t len;
    unsigned char *ttf = S_read(tb_font_path(tb_font_primary("en", TB_FONT_BOLD)), &len);
    if (!ttf)
        return;
    const uint32_t cps[] = {'A', 0xC9, 0x2212, '%'};
    unsigned char *sub;
    size_t sub_len;
    tb_buf err = {0};
    /* truncated anywhere: refused or a font, never a crash */
    size_t cuts[] = {0, 5, 12, 100, 300, 1000, 5000, len / 3, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        if (tb_pdf_font_subset(ttf, cuts[i], cps, 4, &sub, &sub_len, &err) == 0)
            free(sub);
    TB_CHECK_INT(tb_pdf_font_subset(ttf, 7, cps, 4, &sub, &sub_len, &err), -1);
    TB_CHECK(strstr(tb_buf_str(&err), "TrueType") != NULL);
    tb_buf_free(&err);
    /* bytes scribbled over: the same */
    unsigned char *bad = malloc(len);
    unsigned seed = 12345;
    for (int round = 0; round < 40; round++) {
        memcpy(bad, ttf, len);
        for (int k = 0; k < 64; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 4) % (round < 20 ? 4096 : len);
            bad[at] = (unsigned char)(seed >> 24);
        }
        if (tb_pdf_font_subset(bad, len, cps, 4, &sub, &sub_len, &err) == 0)
            free(sub);
    }
    memcpy(bad, "OTTO", 4);
    TB_CHECK_INT(tb_pdf_font_subset(bad, len, cps, 4, &sub, &sub_len, &err), -1);
    TB_CHECK(strstr(tb_buf_str(&err), "CFF") != NULL);
    tb_buf_free(&err);
    free(bad);
    free(ttf);
}

/* ------------------------------------------------------------ documents */

static void S_text(tb_doc_block *b, const char *s, unsigned style) { tb_doc_text_add(&b->text, s, strlen(s), style); }

static tb_doc_block *S_block(tb_doc *d, enum tb_doc_kind kind, int line, const char *text)
{
    char origin[32];
    snprintf(origin, sizeof origin, "t.tmpl:%d", line);
    tb_doc_block *b = tb_doc_append(d, kind, origin);
    if (text)
        S_text(b, text, 0);
    return b;
}

/* A chart block with the spec of chart NAME of the Korea data for March
 * 2024 in the document's language, as template expansion makes it (none
 * when there is no such chart). */
static tb_doc_block *S_chart(tb_doc *d, int line, const char *name)
{
    tb_doc_block *b = S_block(d, TB_DOC_CHART, line, NULL);
    b->chart.name = strdup(name);
    const char *lang = tb_doc_meta(d, "lang");
    tb_diag diag;
    tb_diag_init(&diag);
    tb_chartset *set = tb_chartset_build(S_ds, NULL, tb_month_make(2024, 3), lang ? lang : "en", &diag);
    const tb_chart_spec *spec = set ? tb_chartset_find(set, name) : NULL;
    if (spec)
        b->chart.spec = tb_chart_spec_copy(spec);
    tb_chartset_free(set);
    tb_diag_free(&diag);
    return b;
}

static void S_table(tb_doc *d, int line, size_t rows, bool spark)
{
    tb_doc_block *b = S_block(d, TB_DOC_TABLE, line, NULL);
    b->table.title = strdup("Exports by main item");
    b->table.breakdown = strdup("items");
    b->table.header = true;
    tb_doc_add_column(b, "Item", TB_DOC_LEFT, false);
    tb_doc_add_column(b, "Value", TB_DOC_RIGHT, false);
    tb_doc_add_column(b, "Change on a year earlier", TB_DOC_RIGHT, false);
    if (spark)
        tb_doc_add_column(b, "Last 24 months", TB_DOC_CENTER, true);
    b->table.spark_from = tb_month_make(2022, 4);
    for (size_t r = 0; r < rows; r++) {
        tb_doc_row *row = tb_doc_add_row(b);
        char name[64];
        snprintf(name, sizeof name, "Item number %zu with a long name", r + 1);
        tb_doc_set_cell(row, 0, name);
        tb_doc_set_cell(row, 1, "$11.7bn");
        tb_doc_set_cell(row, 2, r % 2 ? "+35.7%" : MINUS "9.8%");
        double v[24];
        for (int k = 0; k < 24; k++)
            v[k] = 100 + (double)((k * 7 + (int)r * 3) % 11);
        if (spark)
            tb_doc_set_spark(row, v, 24);
        row->total = r + 1 == rows;
    }
}

/* A briefing like the default template's, by hand. */
static tb_doc *S_briefing(const char *lang)
{
    bool ko = lang[0] == 'k';
    tb_doc *d = tb_doc_new();
    tb_doc_set_meta(d, "title", ko ? "한국 수출입 동향: 2024년 3월" : "Korea's trade in March 2024");
    tb_doc_set_meta(d, "subject", "Monthly trade briefing");
    tb_doc_set_meta(d, "author", "Trade statistics unit");
    tb_doc_set_meta(d, "keywords", "trade, exports");
    tb_doc_set_meta(d, "lang", lang);
    tb_doc_set_meta(d, "month", "2024-03");
    S_block(d, TB_DOC_HEADING, 1, ko ? "3월 수출 6개월 연속 증가" : "Exports up for the sixth month")->level = 0;
    tb_doc_block *b = S_block(d, TB_DOC_KPI, 3, NULL);
    tb_doc_add_kpi(b, ko ? "수출" : "Exports", ko ? "565억 달러" : "$56.5bn", "+3.0%", "", TB_DOC_DIR_UP);
    tb_doc_add_kpi(b, ko ? "수입" : "Imports", ko ? "522억 달러" : "$52.2bn", MINUS "12.3%", "", TB_DOC_DIR_DOWN);
    tb_doc_add_kpi(b, ko ? "무역수지" : "Balance", ko ? "44억 달러" : "$4.4bn", "", ko ? "10개월 연속" : "tenth month",
                   TB_DOC_DIR_NONE);
    b = S_block(d, TB_DOC_PARAGRAPH, 8, ko ? "2024년 3월 수출은 " : "Exports rose 3.0% to ");
    S_text(b, ko ? "565억 달러" : "$56.5 billion", TB_DOC_BOLD);
    S_text(b,
           ko ? "로 전년 동월 대비 3.0% 증가하여 6개월 연속 증가세를 이어갔다. 무역수지는 10개월 연속 흑자를 기록하였다."
              : ", up for the sixth consecutive month; the trade balance stayed in surplus for the tenth month.",
           0);
    S_chart(d, 12, "exports-imports");
    S_block(d, TB_DOC_SOURCE, 13, ko ? "자료: 한국은행" : "Source: Bank of Korea");
    S_block(d, TB_DOC_HEADING, 15, ko ? "품목별 수출" : "Exports by item")->level = 1;
    S_block(d, TB_DOC_PARAGRAPH, 16, ko ? "반도체 수출은 21개월 만에 최고치를 기록하였다." : "Semiconductors rose 34.5%.");
    S_table(d, 18, 11, true);
    S_chart(d, 20, "items-yoy");
    S_block(d, TB_DOC_HEADING, 22, ko ? "무역수지" : "The trade balance")->level = 1;
    S_block(d, TB_DOC_HEADING, 23, ko ? "월별 추이" : "Month by month")->level = 2;
    S_block(d, TB_DOC_FOOTNOTE, 24, ko ? "무역수지 = 수출 − 수입." : "Balance = exports " MINUS " imports.");
    S_chart(d, 25, "balance");
    S_block(d, TB_DOC_SPACER, 26, NULL)->lines = 1;
    S_block(d, TB_DOC_PAGEBREAK, 27, NULL);
    S_block(d, TB_DOC_HEADING, 28, ko ? "자료 설명" : "Data notes")->level = 1;
    S_block(d, TB_DOC_PARAGRAPH, 29, ko ? "통관 기준, 계절조정 전." : "Customs basis, not seasonally adjusted.");
    return d;
}

static size_t S_headings(const tb_doc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < tb_doc_count(d); i++)
        n += tb_doc_block_at(d, i)->kind == TB_DOC_HEADING;
    return n;
}

static int S_render(const tb_doc *doc, const char *lang, unsigned char **out, size_t *len, tb_pdf_stats *st,
                    tb_diag *diag)
{
    tb_pdf_options opt = {tb_month_make(2024, 3), lang, false};
    return tb_pdf_render_mem(doc, &opt, out, len, st, diag);
}

static void S_check_briefing(const char *lang)
{
    tb_doc *doc = S_briefing(lang);
    tb_diag diag;
    tb_diag_init(&diag);
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    tb_pdf_stats st;
    unsetenv("SOURCE_DATE_EPOCH");
    TB_CHECK_INT(S_render(doc, lang, &a, &na, &st, &diag), 0);
    tb_diag_print(&diag, stderr);
    TB_CHECK(na > 1000 && memcmp(a, "%PDF-1.", 7) == 0);
    TB_CHECK(st.pages >= 3 && st.pages <= 8);
    TB_CHECK_INT(st.outlines, S_headings(doc));
    TB_CHECK_INT(st.charts, 3);
    TB_CHECK_INT(st.tables, 1);
    TB_CHECK_INT(S_count(a, na, "/Type /Page\r") + S_count(a, na, "/Type /Page\n"), st.pages);
    /* the creation date is the day after the month, not the clock */
    TB_CHECK(S_contains(a, na, "/CreationDate (D:20240401000000Z"));
    /* fonts: embedded subsets (FontFile2), each once */
    TB_CHECK(S_count(a, na, "/FontFile2") >= 2);
    TB_CHECK(S_contains(a, na, "/Outlines"));
    /* same input, same bytes */
    TB_CHECK_INT(S_render(doc, lang, &b, &nb, NULL, &diag), 0);
    TB_CHECK(na == nb && memcmp(a, b, na) == 0);
    free(b);
    /* SOURCE_DATE_EPOCH wins over the month */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    TB_CHECK_INT(S_render(doc, lang, &b, &nb, NULL, &diag), 0);
    TB_CHECK(S_contains(b, nb, "/CreationDate (D:20231114221320Z"));
    unsetenv("SOURCE_DATE_EPOCH");
    TB_CHECK_INT(diag.errors, 0);
    free(a);
    free(b);
    tb_diag_free(&diag);
    tb_doc_free(doc);
}

static void test_briefing_en(void) { S_check_briefing("en"); }
static void test_briefing_ko(void) { S_check_briefing("ko"); }

static void test_paper(void)
{
    tb_doc *d = S_briefing("en");
    tb_diag diag;
    tb_diag_init(&diag);
    unsigned char *out = NULL;
    size_t len = 0;
    tb_doc_set_meta(d, "paper", "letter");
    TB_CHECK_INT(S_render(d, "en", &out, &len, NULL, &diag), 0);
    TB_CHECK(S_contains(out, len, "/MediaBox [ 0 0 612 792 ]"));
    TB_CHECK(!S_contains(out, len, "841.89"));
    free(out);
    tb_doc_set_meta(d, "paper", "a4");
    TB_CHECK_INT(S_render(d, "en", &out, &len, NULL, &diag), 0);
    TB_CHECK(S_contains(out, len, "/MediaBox [ 0 0 595.276 841.89001 ]"));
    free(out);
    TB_CHECK_INT(diag.errors, 0);
    tb_doc_set_meta(d, "paper", "b5");
    TB_CHECK_INT(S_render(d, "en", &out, &len, NULL, &diag), -1);
    TB_CHECK(out == NULL);
    TB_CHECK_INT(diag.errors, 1);
    tb_diag_free(&diag);
    tb_doc_free(d);
}

static void test_long_table_splits(void)
{
    tb_doc *d = tb_doc_new();
    S_block(d, TB_DOC_HEADING, 1, "Every item")->level = 1;
    S_table(d, 2, 120, true);
    S_block(d, TB_DOC_SOURCE, 3, "Source: somewhere");
    tb_diag diag;
    tb_diag_init(&diag);
    unsigned char *out;
    size_t len;
    tb_pdf_stats st;
    TB_CHECK_INT(S_render(d, "en", &out, &len, &st, &diag), 0);
    TB_CHECK(st.pages >= 3);
    TB_CHECK_INT(st.table_splits, st.pages - 1);
    free(out);
    tb_diag_free(&diag);
    tb_doc_free(d);
}

static void test_long_paragraphs(void)
{
    /* many paragraphs across pages: renders, no page holds nothing */
    tb_doc *d = tb_doc_new();
    for (int i = 0; i < 40; i++)
        S_block(d, TB_DOC_PARAGRAPH, i + 1,
                "Exports rose 3.0% year on year to $56.5 billion in March 2024, up for the sixth consecutive "
                "month since October 2023. Imports fell 12.3% to $52.2 billion, and the trade balance stayed in "
                "surplus for the tenth month in a row at $4.3 billion; seven of the fifteen main items rose.");
    tb_diag diag;
    tb_diag_init(&diag);
    unsigned char *out;
    size_t len;
    tb_pdf_stats st;
    TB_CHECK_INT(S_render(d, "en", &out, &len, &st, &diag), 0);
    TB_CHECK(st.pages >= 3 && st.pages <= 5);
    TB_CHECK_INT(st.outlines, 0);
    free(out);
    tb_diag_free(&diag);
    tb_doc_free(d);
}

static void test_missing_glyph_error(void)
{
    tb_doc *d = S_briefing("en");
    S_block(d, TB_DOC_PARAGRAPH, 42, "Exports to Bhutan (\xe0\xbc\x80) rose.");
    tb_diag diag;
    tb_diag_init(&diag);
    unsigned char *out = NULL;
    size_t len = 0;
    TB_CHECK_INT(S_render(d, "en", &out, &len, NULL, &diag), -1);
    TB_CHECK(out == NULL && len == 0);
    TB_CHECK_INT(diag.errors, 1);
    TB_CHECK(diag.n > 0 && strstr(diag.items[0].text, "t.tmpl:42: U+0F00") == diag.items[0].text);
    tb_diag_free(&diag);
    tb_doc_free(d);
}

/* A chart block without data (a document made without a dataset) is an
 * error naming the template line. */
static void test_chart_errors(void)
{
    tb_doc *d = tb_doc_new();
    S_chart(d, 7, "no-such-chart");
    TB_CHECK(tb_doc_block_at(d, 0)->chart.spec == NULL);
    tb_diag diag;
    tb_diag_init(&diag);
    unsigned char *out = NULL;
    size_t len;
    TB_CHECK_INT(S_render(d, "en", &out, &len, NULL, &diag), -1);
    TB_CHECK(diag.n > 0 && strstr(diag.items[0].text, "t.tmpl:7: chart \"no-such-chart\": no data") != NULL);
    tb_diag_free(&diag);
    tb_doc_free(d);
}

/* TEXT expanded against the Korea data for March 2024.  Ownership: caller
 * frees the document; NULL after reporting into DIAG. */
static tb_doc *S_expand(const char *text, tb_diag *diag)
{
    tb_template *t = tb_template_parse("c.tmpl", text, strlen(text), NULL, diag);
    json_t *facts = t ? tb_facts_json(S_ds, NULL, tb_month_make(2024, 3), diag) : NULL;
    tb_template_context ctx = {"en", S_ds, NULL, 0, NULL, 0, NULL, NULL, 0};
    tb_doc *d = facts ? tb_template_expand(t, facts, &ctx, diag) : NULL;
    json_decref(facts);
    tb_template_free(t);
    return d;
}

/* The document's text dump. Ownership: caller frees. */
static char *S_dump(const tb_doc *d)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    tb_doc_render_text(d, f);
    fclose(f);
    return text;
}

/* A breakdown table's "Other" row carries its flag to the renderers: the
 * PDF sets it apart (rule above, label in grey italics: counted in the
 * stats), the text dump puts its label in *italics* after a rule. */
static void test_other_row(void)
{
    tb_diag diag;
    tb_diag_init(&diag);
    tb_doc *d = S_expand("@table items columns=name,value sort=value top=3 total=yes\n"
                         "@table items columns=name,value total=yes\n"
                         "@table items columns=name,value top=3\n", &diag);
    TB_CHECK(d != NULL);
    if (!d)
        return;
    const tb_doc_block *b[3] = {tb_doc_block_at(d, 0), tb_doc_block_at(d, 1), tb_doc_block_at(d, 2)};
    TB_CHECK_INT(b[0]->table.n_rows, 5); /* total, three members, other */
    TB_CHECK(b[0]->table.rows[0].total && !b[0]->table.rows[0].other);
    TB_CHECK(b[0]->table.rows[4].other && !b[0]->table.rows[4].total);
    TB_CHECK(!b[0]->table.rows[3].other);
    TB_CHECK(b[1]->table.rows[b[1]->table.n_rows - 1].other);
    TB_CHECK_INT(b[2]->table.n_rows, 3); /* no total: no "Other" */
    TB_CHECK(!b[2]->table.rows[2].other);
    char *text = S_dump(d);
    TB_CHECK(strstr(text, "---\n*Other items* ") != NULL);
    free(text);
    unsigned char *out;
    size_t len;
    tb_pdf_stats st;
    TB_CHECK_INT(S_render(d, "en", &out, &len, &st, &diag), 0);
    TB_CHECK_INT(st.other_rows, 2);
    free(out);
    tb_doc_free(d);
    tb_diag_free(&diag);
}

/* months= over the whole range the docs allow: 120 months are 120 months
 * (the renderer used to cut the chart set's 36 and could not lengthen
 * them); title= and height= resolved into the document. */
static void test_chart_params(void)
{
    tb_diag diag;
    tb_diag_init(&diag);
    tb_doc *d = S_expand("@chart exports-imports months=120 title=\"Ten years\" height=60\n"
                         "@chart balance months=12\n"
                         "@chart items-share months=600\n",
                         &diag);
    TB_CHECK(d != NULL);
    if (!d)
        return;
    const tb_chart_spec *c = tb_doc_block_at(d, 0)->chart.spec;
    TB_CHECK(c != NULL && c->type == TB_CHART_LINE);
    if (!c)
        return;
    TB_CHECK_INT(c->series[0].n, 120);
    TB_CHECK_INT(c->start, tb_month_make(2024, 3) - 119);
    TB_CHECK_STR(c->title, "Ten years");
    TB_CHECK_NEAR(tb_doc_block_at(d, 0)->chart.height_mm, 60, 0);
    TB_CHECK_INT(tb_doc_block_at(d, 1)->chart.spec->series[0].n, 12);
    TB_CHECK_INT(tb_doc_block_at(d, 2)->chart.spec->type, TB_CHART_SHARE);
    char *text = S_dump(d);
    TB_CHECK(strstr(text, "[chart exports-imports months=120 title=\"Ten years\" height=60]\n"
                          "  line \"Ten years\", 2014-04 .. 2024-03 (120 months), 2 series\n") != NULL);
    TB_CHECK(strstr(text, "  balance \"Trade balance\", 2023-04 .. 2024-03 (12 months), 1 series\n") != NULL);
    TB_CHECK(strstr(text, "  share \"Export shares by item\", ") != NULL);
    free(text);
    unsigned char *out;
    size_t len;
    tb_pdf_stats st;
    TB_CHECK_INT(S_render(d, "en", &out, &len, &st, &diag), 0);
    TB_CHECK_INT(st.pages, 1);
    TB_CHECK_INT(st.charts, 3);
    free(out);
    tb_doc_free(d);
    /* a chart the month has no data for: an error at the template line */
    d = S_expand("text\n\n@chart partners-yoy\n", &diag);
    TB_CHECK(d == NULL);
    TB_CHECK(diag.n > 0 && strstr(diag.items[diag.n - 1].text, "c.tmpl:3:8: no chart \"partners-yoy\"") != NULL);
    tb_diag_free(&diag);
}

static void test_write_atomic(void)
{
    char dir[] = "/tmp/tb_test_pdf_XXXXXX";
    TB_CHECK(mkdtemp(dir) != NULL);
    char path[128], bad[160];
    snprintf(path, sizeof path, "%s/brief.pdf", dir);
    snprintf(bad, sizeof bad, "%s/missing/brief.pdf", dir);
    tb_doc *d = S_briefing("en");
    tb_diag diag;
    tb_diag_init(&diag);
    tb_pdf_options opt = {tb_month_make(2024, 3), "en", false};
    TB_CHECK_INT(tb_pdf_render(d, &opt, path, NULL, &diag), 0);
    struct stat sb;
    TB_CHECK(stat(path, &sb) == 0 && sb.st_size > 1000);
    TB_CHECK_INT(tb_pdf_render(d, &opt, bad, NULL, &diag), -1);
    TB_CHECK_INT(diag.errors, 1);
    /* a failed render leaves the old file alone and nothing else */
    S_block(d, TB_DOC_PARAGRAPH, 50, "\xe0\xbc\x80");
    TB_CHECK_INT(tb_pdf_render(d, &opt, path, NULL, &diag), -1);
    struct stat sb2;
    TB_CHECK(stat(path, &sb2) == 0 && sb2.st_size == sb.st_size);
    DIR *dh = opendir(dir);
    size_t entries = 0;
    for (struct dirent *e; dh && (e = readdir(dh));)
        entries += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0);
    if (dh)
        closedir(dh);
    TB_CHECK_INT(entries, 1);
    unlink(path);
    rmdir(dir);
    tb_diag_free(&diag);
    tb_doc_free(d);
}

int main(void)
{
    tb_diag diag;
    tb_diag_init(&diag);
    S_ds = tb_load_dataset("datasets/korea", &diag, NULL);
    if (!S_ds) {
        tb_diag_print(&diag, stderr);
        return 1;
    }
    tb_diag_free(&diag);
    TB_RUN(test_subset_reads_back);
    TB_RUN(test_subset_composites);
    TB_RUN(test_subset_malformed);
    TB_RUN(test_briefing_en);
    TB_RUN(test_briefing_ko);
    TB_RUN(test_paper);
    TB_RUN(test_long_table_splits);
    TB_RUN(test_long_paragraphs);
    TB_RUN(test_missing_glyph_error);
    TB_RUN(test_chart_errors);
    TB_RUN(test_chart_params);
    TB_RUN(test_other_row);
    TB_RUN(test_write_atomic);
    tb_dataset_free(S_ds);
    TB_MAIN_END("test_pdf");
}
