/* test_template: the template language and the document it expands to.
 *
 * Small templates are expanded against hand-written facts (FACTS below, or
 * tests/templates/facts.json) and the exact text is compared: paragraphs,
 * filters in English and Korean, conditionals, loops, null handling, the
 * blocks and their plain-text rendering.  Then the bad-template corpus:
 * every tests/templates/bad/NAME.tmpl must fail with exactly the messages
 * in NAME.err.  Last, pathological inputs: nesting at and over the cap,
 * long chains, a loop over 10^6 members.
 *
 * Run from the repository root (tests/run.sh sets TB_ROOT and the test
 * changes to it).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "mem.h"
#include "tb_test.h"
#include "template.h"

#define MINUS "\xe2\x88\x92"
#define NDASH "\xe2\x80\x93"

static json_t *S_facts;

/* ------------------------------------------------------------ helpers */

/* Expands TMPL against FACTS in LANG.  Returns the paragraphs', headings',
 * footnotes' and sources' plain texts, one per line, or "ERROR\n" and the
 * messages.  Ownership: caller frees. */
/* TMPL expanded against FACTS under a loop-step budget of MAX_STEPS (0:
 * the program's, 20 million): its paragraphs, or "ERROR" and the messages. */
static char *S_run_budget(const char *tmpl, const json_t *facts, const char *lang, bool render, size_t max_steps)
{
    tb_diag d;
    tb_diag_init(&d);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    tb_template *t = tb_template_parse("t", tmpl, strlen(tmpl), NULL, &d);
    tb_template_context ctx = {0};
    ctx.lang = lang;
    ctx.max_steps = max_steps;
    tb_doc *doc = t ? tb_template_expand(t, facts, &ctx, &d) : NULL;
    if (!doc) {
        fputs("ERROR\n", f);
        tb_diag_print(&d, f);
    } else if (render) {
        tb_doc_render_text(doc, f);
    } else {
        for (size_t i = 0; i < tb_doc_count(doc); i++) {
            const tb_doc_block *b = tb_doc_block_at(doc, i);
            if (b->kind == TB_DOC_PARAGRAPH || b->kind == TB_DOC_HEADING || b->kind == TB_DOC_FOOTNOTE ||
                b->kind == TB_DOC_SOURCE)
                fprintf(f, "%s\n", b->text.plain);
        }
    }
    fclose(f);
    tb_doc_free(doc);
    tb_template_free(t);
    tb_diag_free(&d);
    return out;
}

static char *S_run(const char *tmpl, const json_t *facts, const char *lang, bool render)
{
    return S_run_budget(tmpl, facts, lang, render, 0);
}
static char *S_en(const char *tmpl) { return S_run(tmpl, S_facts, "en", false); }
static char *S_ko(const char *tmpl) { return S_run(tmpl, S_facts, "ko", false); }

#define CHECK_EN(tmpl, want)        \
    do {                            \
        char *got_ = S_en(tmpl);    \
        TB_CHECK_STR(got_, want);   \
        free(got_);                 \
    } while (0)

#define CHECK_KO(tmpl, want)        \
    do {                            \
        char *got_ = S_ko(tmpl);    \
        TB_CHECK_STR(got_, want);   \
        free(got_);                 \
    } while (0)

#define CHECK_RENDER(tmpl, want)                            \
    do {                                                    \
        char *got_ = S_run(tmpl, S_facts, "en", true);      \
        TB_CHECK_STR(got_, want);                           \
        free(got_);                                         \
    } while (0)

static char *S_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(f);
    fclose(m);
    return buf;
}

/* ------------------------------------------------------------ text */

static void test_paragraphs(void)
{
    /* lines join with one space; a blank line ends a paragraph; whitespace
     * collapses; a space before punctuation goes */
    CHECK_EN("Exports rose.\nImports fell.\n\n   Second   paragraph\t here .\n", "Exports rose. Imports fell.\nSecond paragraph here.\n");
    CHECK_EN("\n\n\nOnly one.\n\n\n", "Only one.\n");
    /* an {% if %} that prints nothing leaves no stray space */
    CHECK_EN("Exports rose {% if false %}sharply{% endif %}.", "Exports rose.\n");
    CHECK_EN("Exports rose{% if true %}, sharply,{% endif %} in March.", "Exports rose, sharply, in March.\n");
    /* escapes and literal braces */
    CHECK_EN("A \\*star\\*, a \\{{ brace }}, a back\\\\slash, 5 * 3.", "ERROR\nt:1:46: emphasis is not closed: end it with * in the same paragraph, or write \\* for an asterisk (found: \"*\")\n");
    CHECK_EN("A \\*star\\*, a \\{{ brace }}, a back\\\\slash, 5 \\* 3.", "A *star*, a {{ brace }}, a back\\slash, 5 * 3.\n");
    CHECK_EN("\\@heading is not a directive", "@heading is not a directive\n");
    CHECK_EN("Mail me @home.", "Mail me @home.\n");
    CHECK_EN("{# a comment\n   over two lines #}Text{# and one inline #} here.", "Text here.\n");
    CHECK_EN("CRLF\r\nlines\r\n\r\nwork.\r\n", "CRLF lines\nwork.\n");
}

static void test_styles(void)
{
    CHECK_RENDER("Exports **rose {{ exports.yoy_pct | pct }}** and *imports* fell.",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n"
                 "Exports **rose 3.0%** and *imports* fell.\n");
    CHECK_RENDER("***Both*** here.",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n***Both*** here.\n");
    /* a style may open before an {% if %} and close after it */
    CHECK_RENDER("**Exports{% if true %} rose{% endif %}** today.",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n**Exports rose** today.\n");
}

/* ------------------------------------------------------------ filters */

static void test_filters_en(void)
{
    CHECK_EN("{{ exports.value | money }}|{{ exports.value | money(short) }}|{{ imports.yoy_change | money }}|"
             "{{ imports.yoy_change | money(abs) }}|{{ balance.value | money(sign) }}",
             "$56.5 billion|$56.5bn|" MINUS "$7.5 billion|$7.5 billion|+$4.4 billion\n");
    CHECK_EN("{{ 999960000 | money }} {{ 565000 | money }} {{ 12.345 | money }} {{ 50000000 | money(trim) }}",
             "$1.00 trillion $565.0 million $12,345 $50 billion\n");
    CHECK_EN("{{ exports.yoy_pct | pct }} {{ imports.yoy_pct | pct(sign) }} {{ imports.yoy_pct | pct(2, abs) }} "
             "{{ exports.yoy_pct | pct(sign) }} {{ 0.01 | pct(sign) }}",
             "3.0% " MINUS "12.6% 12.61% +3.0% 0.0%\n");
    CHECK_EN("{{ items.members.SEMI.contribution_pp | pp(sign) }} {{ 6836.4 | number }} {{ 6836.46 | number(1, sign) }}",
             "+5.6 pp 6,836 +6,836.5\n");
    CHECK_EN("{{ month | month }}, {{ month | month(short) }}, {{ month | month(name) }}, {{ month | month(name_short) }}, "
             "{{ exports.high_since | month }}",
             "March 2024, Mar 2024, March, Mar, December 2023\n");
    CHECK_EN("{{ month | month(year) }} {{ exports.high_since | month(year) }}", "2024 2023\n");
    CHECK_EN("{{ 1 | ordinal }} {{ 2 | ordinal }} {{ 3 | ordinal }} {{ 4 | ordinal }} {{ 11 | ordinal }} {{ 12 | ordinal }} "
             "{{ 13 | ordinal }} {{ 21 | ordinal }} {{ 22 | ordinal }} {{ 101 | ordinal }} {{ 112 | ordinal }}",
             "1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 101st 112th\n");
    CHECK_EN("{{ 6 | ordinal(words) }} {{ 10 | ordinal(words) }} {{ 12 | ordinal(words) }} {{ 20 | ordinal(words) }} "
             "{{ 21 | ordinal(words) }} {{ 99 | ordinal(words) }} {{ 100 | ordinal(words) }} {{ 0 | ordinal(words) }}",
             "sixth tenth twelfth twentieth twenty-first ninety-ninth 100th 0th\n");
    CHECK_EN("{{ 1 | plural(\"month\", \"months\") }}, {{ exports.yoy_streak.months | plural(\"month\", \"months\") }}, "
             "{{ 1.5 | plural(\"day\", \"days\") }}",
             "1 month, 6 months, 1.5 days\n");
    CHECK_EN("Exports {{ exports.yoy_pct | updown(\"rose\", \"fell\", \"held\") }}, imports "
             "{{ imports.yoy_pct | updown(\"rose\", \"fell\") }}, {{ 0.04 | updown(\"up\", \"down\", \"flat\") }}, "
             "{{ 0.05 | updown(\"up\", \"down\", \"flat\") }}, {{ exports.yoy_streak.direction | updown(\"rising\", \"falling\") }}, "
             "{{ balance.sign_streak.sign | updown(\"surplus\", \"deficit\") }}",
             "Exports rose, imports fell, flat, up, rising, surplus\n");
    CHECK_EN("{{ imports.yoy_pct | abs }} {{ imports.daily_avg | default(\"n/a\") }} {{ exports.value | default(\"n/a\") | money }} "
             "{{ items.members.SEMI | label }} {{ \"exports\" | capitalize }} {{ items.members.CARS | label | lower }} "
             "{{ items.members | length }} {{ \"반도체\" | length }}",
             "12.6 n/a $56.5 billion Semiconductors Exports passenger cars 4 3\n");
    /* lower: the first word, not an acronym nor the names after it; the:
     * the article a place name takes after a preposition */
    CHECK_EN("{{ \"IT items\" | lower }}; {{ \"Trade balance with China\" | lower }}; {{ \"Home appliances\" | lower }}; "
             "to {{ \"United States\" | the }}, {{ \"China\" | the }}, {{ \"Middle East\" | the }}, "
             "{{ \"European Union (27)\" | the }}, {{ \"Netherlands\" | the }}, {{ \"Korea, Rep.\" | the }}, "
             "{{ \"ASEAN\" | the }}",
             "IT items; trade balance with China; home appliances; to the United States, China, the Middle East, "
             "the European Union (27), the Netherlands, Korea, Rep., ASEAN\n");
    /* raw values: whole numbers plain, others one decimal, true/false */
    CHECK_EN("{{ exports.yoy_streak.months }} {{ exports.yoy_pct }} {{ exports.year_high }} {{ \"text\" }} {{ 1234567 }}",
             "6 3.0 true text 1,234,567\n");
}

static void test_filters_ko(void)
{
    CHECK_KO("{{ exports.value | money }} {{ exports.value | money(short) }} {{ imports.yoy_change | money }} "
             "{{ 683584000 | money }} {{ 56500 | money }} {{ 999 | money }} {{ 1.234 | money }}",
             "565.2억 달러 565억 달러 " MINUS "75.2억 달러 6,836억 달러 5,650만 달러 100만 달러 1,234 달러\n");
    CHECK_KO("{{ month | month }} {{ month | month(name) }} {{ exports.high_since | month(short) }}", "2024년 3월 3월 2023년 12월\n");
    CHECK_KO("{{ exports.yoy_streak.months | counter(\"개월\") }} 연속, {{ 6 | ordinal }}, {{ items.members.SEMI.contribution_pp | pp(sign) }}",
             "6개월 연속, 6번째, +5.6%p\n");
    CHECK_KO("{{ items.members.SEMI | label }}, {{ items.members.SHIPS | label }}, {{ partners.members.CHN | label }}",
             "반도체, 선박, 중국\n");
    CHECK_KO("대{{ partners.members.USA | label | the }} 수출", "대미국 수출\n");
    /* particles follow the final sound of what comes before them */
    CHECK_KO("{{ \"반도체\" | josa(\"은/는\") }} {{ \"선박\" | josa(\"은/는\") }} {{ \"선박\" | josa(\"는/은\") }} "
             "{{ \"승용차\" | josa(\"이/가\") }} {{ \"철강\" | josa(\"이/가\") }} {{ \"수출\" | josa(\"을/를\") }} "
             "{{ \"수입\" | josa(\"을/를\") }} {{ \"흑자\" | josa(\"과/와\") }} {{ \"적자\" | josa(\"으로/로\") }} "
             "{{ \"서울\" | josa(\"으로/로\") }} {{ \"중국\" | josa(\"으로/로\") }}",
             "반도체는 선박은 선박은 승용차가 철강이 수출을 수입을 흑자와 적자로 서울로 중국으로\n");
    CHECK_KO("{{ exports.value | money | josa(\"으로/로\") }} {{ 3.0 | pct | josa(\"으로/로\") }} {{ \"3\" | josa(\"이/가\") }} "
             "{{ \"10\" | josa(\"이/가\") }} {{ \"2\" | josa(\"이/가\") }} {{ \"1,000\" | josa(\"을/를\") }} "
             "{{ \"7\" | josa(\"으로/로\") }} {{ \"EU\" | josa(\"은/는\") }} {{ \"ASEAN\" | josa(\"은/는\") }} "
             "{{ \"자동차부품(−24.4%)\" | josa(\"은/는\") }}",
             "565.2억 달러로 3.0%로 3이 10이 2가 1,000을 7로 EU는 ASEAN은 자동차부품(−24.4%)은\n");
}

/* ------------------------------------------------------------ logic */

static void test_conditionals(void)
{
    const char *t = "{% if exports.yoy_pct > 5 %}strong{% elif exports.yoy_pct > 0 %}modest{% else %}weak{% endif %} "
                    "{% if imports.yoy_pct > 0 %}up{% elif imports.yoy_pct < 0 %}down{% endif %} "
                    "{% if exports.yoy_streak.months >= 2 %}streak{% endif %} "
                    "{% if exports.high_since %}since{% endif %}{% if imports.high_since %}never{% endif %} "
                    "{% if exports.yoy_streak.direction == \"up\" and not imports.yoy_pct > 0 %}both{% endif %} "
                    "{% if imports.daily_avg or exports.daily_avg %}either{% endif %}";
    CHECK_EN(t, "modest down streak since both either\n");
    /* null: false, never > or <, equal only to null; 0 and "" */
    CHECK_EN("{% if imports.daily_avg %}a{% endif %}{% if imports.daily_avg > 0 %}b{% endif %}"
             "{% if imports.daily_avg < 0 %}c{% endif %}{% if imports.daily_avg == null %}d{% endif %}"
             "{% if imports.daily_avg != null %}e{% endif %}{% if 0 %}f{% endif %}{% if \"\" %}g{% endif %}"
             "{% if items.breadth.flat %}h{% endif %}{% if partners.breadth.up > 0 %}i{% endif %}"
             "{% if imports.threshold_streaks %}j{% endif %}{% if exports.threshold_streaks %}k{% endif %}",
             "dfhk\n");
    /* months compare as text */
    CHECK_EN("{% if exports.yoy_streak.since < \"2024-01\" %}before{% endif %} {% if (1 < 2) and (2 < 3 or false) %}paren{% endif %}",
             "before paren\n");
    /* is defined: a guard for facts a dataset may not have */
    CHECK_EN("{% if items is defined %}items{% endif %} {% if regions is defined %}{{ regions.total.value }}{% else %}no regions{% endif %} "
             "{% if regions is not defined %}indeed{% endif %} {% if items.members.SEMI is defined %}semi{% endif %} "
             "{% if regions is defined and regions.breadth.up > 0 %}{{ regions.x }}{% endif %}",
             "items no regions indeed semi\n");
    /* the companion X_null_reason of every fact */
    CHECK_EN("[{{ imports.high_since_null_reason }}] [{{ exports.high_since_null_reason }}] "
             "{% if imports.longest_since_null_reason == \"the current streak is the longest on record\" %}longest{% endif %}",
             "[highest on record] [" NDASH "] longest\n");
}

static void test_nulls(void)
{
    /* a null fact prints as an en dash through every filter but default;
     * a path through null is null */
    CHECK_EN("{{ imports.daily_avg }} {{ imports.daily_avg.value | money }} {{ imports.daily_avg.yoy_pct | pct(sign) }} "
             "{{ items.members.PARTS.yoy_streak.months | ordinal }} {{ imports.quarter.value | default(\"none\") }}",
             NDASH " " NDASH " " NDASH " " NDASH " none\n");
}

static void test_loops(void)
{
    CHECK_EN("{% for m in items %}{{ m.code }} {% endfor %}", "SEMI CARS SHIPS PARTS\n");
    CHECK_EN("{% for m in items.members sort value desc %}{{ m.code }} {% endfor %}", "SEMI CARS SHIPS PARTS\n");
    CHECK_EN("{% for m in items sort value %}{{ m.code }} {% endfor %}", "SHIPS CARS SEMI PARTS\n");
    CHECK_EN("{% for m in items sort m.yoy_pct desc limit 2 %}{{ m.code }} {% endfor %}", "SEMI SHIPS\n");
    CHECK_EN("{% for m in items sort name %}{{ m.name }}; {% endfor %}", "Auto parts; Passenger cars; Semiconductors; Ships;\n");
    CHECK_EN("{% for m in items where m.yoy_pct > 0 sort contribution_pp desc %}"
             "{{ m | label | lower }} ({{ m.yoy_pct | pct(sign) }}){% if loop.remaining == 1 %} and {% elif loop.remaining > 1 %}, {% endif %}"
             "{% endfor %} led.",
             "semiconductors (+35.7%) and ships (+2.5%) led.\n");
    CHECK_EN("{% for m in items where m.yoy_pct > 100 %}{{ m.code }}{% else %}none rose over 100%{% endfor %}.",
             "none rose over 100%.\n");
    CHECK_EN("{% for m in items limit 3 %}{{ loop.index }}/{{ loop.length }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %} {% endfor %}",
             "1/3F 2/3 3/3L\n");
    /* nested loops see their own loop */
    CHECK_EN("{% for a in items limit 2 %}{% for t in exports.threshold_streaks %}{{ a.code }}{{ loop.index }}{{ t.months }} {% endfor %}{{ loop.index }} {% endfor %}",
             "SEMI111 1 CARS111 2\n");
    /* a null list has no elements; a list of nulls-only members is still a list */
    CHECK_EN("{% for x in imports.daily_avg %}x{% else %}empty{% endfor %} {% for m in partners where m.value != null %}{{ m.code }}{% else %}no data{% endfor %}",
             "empty no data\n");
    /* members by code */
    CHECK_EN("{{ items.members.SHIPS.value | money }} {{ items.SHIPS.value | money }} {{ items.SHIPS.yoy_pct }}",
             "$2.3 billion $2.3 billion 2.5\n");
    CHECK_EN("{{ items.SHIP.value }}", "ERROR\nt:1:4: unknown fact; did you mean \"items.SHIPS\"? (found: \"items.SHIP.value\")\n");
    CHECK_EN("{{ items.members.SEMX.value }}", "ERROR\nt:1:4: unknown fact; did you mean \"items.members.SEMI\"? (found: \"items.members.SEMX.value\")\n");
}

/* ------------------------------------------------------------ claims */

/* The claims TMPL makes in English, one per line: "PART PATH=VALUE 'TEXT'",
 * TEXT cut from the part at the claim's bytes.  Ownership: caller frees. */
static char *S_claims(const char *tmpl)
{
    tb_diag d;
    tb_diag_init(&d);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    tb_template *t = tb_template_parse("t", tmpl, strlen(tmpl), NULL, &d);
    tb_doc *doc = t ? tb_template_expand(t, S_facts, NULL, &d) : NULL;
    for (size_t i = 0; doc && i < tb_doc_count(doc); i++) {
        const tb_doc_block *b = tb_doc_block_at(doc, i);
        for (size_t k = 0; k < b->n_claims; k++) {
            const tb_doc_claim *c = &b->claims[k];
            const char *text = tb_doc_part(b, c->part);
            fprintf(f, "%s %s=%s '%.*s'\n", c->part, c->path, c->value, (int)c->len, text + c->start);
        }
    }
    if (!doc)
        tb_diag_print(&d, f);
    fclose(f);
    tb_doc_free(doc);
    tb_template_free(t);
    tb_diag_free(&d);
    return out;
}

#define CHECK_CLAIMS(tmpl, want)      \
    do {                              \
        char *got_ = S_claims(tmpl);  \
        TB_CHECK_STR(got_, want);     \
        free(got_);                   \
    } while (0)

static void test_claims(void)
{
    /* a filter's text, and the path it came from */
    CHECK_CLAIMS("Exports {{ exports.yoy_pct | updown(\"rose\", \"fell\") }} {{ exports.yoy_pct | abs | pct }}.",
                 "text series.exports.yoy_pct=2.98 'rose'\ntext series.exports.yoy_pct=2.98 '3.0%'\n");
    /* a loop variable's path has the element's index in the list sorted */
    CHECK_CLAIMS("{% for m in items sort value limit 2 %}{{ m.yoy_pct | pct }}, {% endfor %}",
                 "text breakdowns.items.members.2.yoy_pct=2.5 '2.5%'\n"
                 "text breakdowns.items.members.1.yoy_pct=-3.2000000000000002 '" MINUS "3.2%'\n");
    /* a member by its code, a label, a list element */
    CHECK_CLAIMS("{{ items.SHIPS | label }}; {% for t in exports.threshold_streaks %}{{ t.months }}{% endfor %}",
                 "text breakdowns.items.members.2.names.en=\"Ships\" 'Ships'\n"
                 "text series.exports.threshold_streaks.0.months=11 '11'\n");
    /* a claim word, null included; literals and loop.* make none */
    CHECK_CLAIMS("{% if exports.high_since %}the {{ exports.year_high | claim(\"highest so far this year\") }}{% endif %} {{ 3 }} {{ \"x\" | claim(\"y\") }}",
                 "text series.exports.year_high=true 'highest so far this year'\n");
    /* KPI parts and table cells */
    CHECK_CLAIMS("@kpi\n@item label=\"Exports\" value=\"{{ exports.value | money(short) }}\"\n@endkpi\n"
                 "@table items columns=name,yoy top=1 sort=value\n",
                 "kpi.0.value series.exports.value=56518309.0 '$56.5bn'\n"
                 "cell.0.0 breakdowns.items.members.0.names.en=\"Semiconductors\" 'Semiconductors'\n"
                 "cell.0.1 breakdowns.items.members.0.yoy_pct=35.700000000000003 '+35.7%'\n");
    /* the "Other" row of a top-N table claims its fact like any row */
    CHECK_CLAIMS("@table items columns=name,value sort=value top=1 total=yes\n",
                 "cell.0.0 breakdowns.items.total.names.en=\"All goods\" 'All goods'\n"
                 "cell.0.1 breakdowns.items.total.value=56518309.0 '56.5'\n"
                 "cell.1.0 breakdowns.items.members.0.names.en=\"Semiconductors\" 'Semiconductors'\n"
                 "cell.1.1 breakdowns.items.members.0.value=11700000.0 '11.7'\n"
                 "cell.2.0 breakdowns.items.rest_after_top.0.names.en=\"Other items\" 'Other items'\n"
                 "cell.2.1 breakdowns.items.rest_after_top.0.value=44818309.0 '44.8'\n");
    /* a money(column) cell, rescaled at @endtable, still claims its whole text */
    CHECK_CLAIMS("@table\n@row A | {{ exports.value | money(column) }}\n@row B | {{ exports.ytd.yoy_change | money(column, sign) }}\n@endtable\n",
                 "cell.0.1 series.exports.value=56518309.0 '56.5'\n"
                 "cell.1.1 series.exports.ytd.yoy_change=12088300.0 '+12.1'\n");
}

/* ------------------------------------------------------------ blocks */

static void test_blocks(void)
{
    const char *t = "@meta title=\"Briefing {{ month | month }}\" subject=\"Trade\"\n"
                    "@title Korea trade, {{ month | month }}\n"
                    "Intro line\n"
                    "@heading Exports\n"
                    "@subheading By item\n"
                    "@kpi\n"
                    "@item label=\"Exports\" value=\"{{ exports.value | money(short) }}\" change=\"{{ exports.yoy_pct | pct(sign) }}\" note=\"y/y\" trend=exports.yoy_pct\n"
                    "{% if true %}\n"
                    "@item label=Imports value=\"{{ imports.value | money(short) }}\" change=\"{{ imports.yoy_pct | pct(sign) }}\" trend=imports.yoy_pct\n"
                    "{% endif %}\n"
                    "@item label=\"Balance\" value=\"{{ balance.value | money(short) }}\" trend=balance.sign_streak.sign\n"
                    "@item label=\"Daily\" value=\"{{ imports.daily_avg.value | money(short) }}\" trend=imports.daily_avg.yoy_pct\n"
                    "@endkpi\n"
                    "@chart balance months=24 title=\"Balance, {{ month | month(short) }}\" height=80.5\n"
                    "@pagebreak\n"
                    "@pagebreak\n"
                    "@spacer 1.5\n"
                    "@footnote Note: **preliminary**.\n"
                    "@source Source: {{ dataset.name }}.\n";
    CHECK_RENDER(t, "% lang: en\n% month: 2024-03\n% dataset: testland\n% title: Briefing March 2024\n% subject: Trade\n\n"
                    "# Korea trade, March 2024\n\n"
                    "Intro line\n\n"
                    "## Exports\n\n"
                    "### By item\n\n"
                    "[kpi]\n"
                    "Exports | Imports  | Balance | Daily\n"
                    "$56.5bn | $52.1bn  | $4.4bn  | " NDASH "\n"
                    "\xe2\x96\xb2 +3.0% | \xe2\x96\xbc " MINUS "12.6% | \xe2\x96\xb2       |\n"
                    "y/y     |          |         |\n\n"
                    "[chart balance months=24 title=\"Balance, Mar 2024\" height=80.5]\n\n"
                    "[page break]\n\n"
                    "[spacer 1.5]\n\n"
                    "[footnote] Note: **preliminary**.\n\n"
                    "[source] Source: testland.\n");
}

static void test_tables(void)
{
    CHECK_RENDER("@table items columns=name,code,value,change,yoy,mom,share,contribution,streak,rank sort=yoy top=3 total=yes title=\"By item\"\n",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n"
                 "[table items] By item\n"
                 "Item           | Code  | Value ($bn) | Change ($bn) |    y/y |   m/m |  Share | Contribution | Streak       | Rank\n"
                 "---------------+-------+-------------+--------------+--------+-------+--------+--------------+--------------+-----\n"
                 "All goods      | TOTAL |        56.5 |         +1.6 |  +3.0% |     " NDASH " | 100.0% |      +3.0 pp | " NDASH "            |    " NDASH "\n"
                 "---------------+-------+-------------+--------------+--------+-------+--------+--------------+--------------+-----\n"
                 "Semiconductors | SEMI  |        11.7 |         +3.1 | +35.7% | +2.0% |  20.7% |      +5.6 pp | up 5 months  |    1\n"
                 "Ships          | SHIPS |         2.3 |         +0.1 |  +2.5% | " MINUS "4.0% |   4.1% |      +0.1 pp | up 2 months  |    3\n"
                 /* three by growth: no fact gives their remainder, so no "Other" row
                  * (it used to be derived here, outside the claims ledger) */
                 "Passenger cars | CARS  |         6.4 |         " MINUS "0.2 |  " MINUS "3.2% | +1.0% |  11.3% |      " MINUS "0.4 pp | down 1 month |    2\n");
    /* the two largest: their remainder is the fact rest_after_top.1, set
     * apart by a rule, its label in italics; contributions add up
     * (5.6 - 0.4 - 2.2 = 3.0) */
    CHECK_RENDER("@table items columns=name,value,contribution sort=value top=2 total=yes\n",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n"
                 "[table items]\n"
                 "Item           | Value ($bn) | Contribution\n"
                 "---------------+-------------+-------------\n"
                 "All goods      |        56.5 |      +3.0 pp\n"
                 "---------------+-------------+-------------\n"
                 "Semiconductors |        11.7 |      +5.6 pp\n"
                 "Passenger cars |         6.4 |      " MINUS "0.4 pp\n"
                 "---------------+-------------+-------------\n"
                 "*Other items*  |        38.4 |      " MINUS "2.2 pp\n");
    /* default columns, names in Korean, nulls last when sorting either way */
    char *got = S_run("@table items sort=value order=asc headers=\"품목|금액|증감률|비중\"\n", S_facts, "ko", true);
    TB_CHECK_STR(got, "% lang: ko\n% month: 2024-03\n% dataset: testland\n\n"
                      "[table items]\n"
                      "품목       |  금액 | 증감률 |  비중\n"
                      "-----------+-------+--------+------\n"
                      "선박       |  23.0 |  +2.5% |  4.1%\n"
                      "승용차     |  64.0 |  " MINUS "3.2% | 11.3%\n"
                      "반도체     | 117.0 | +35.7% | 20.7%\n"
                      "자동차부품 |     " NDASH " |      " NDASH " |     " NDASH "\n");
    free(got);
    /* a hand-made table; rows may come from a loop */
    CHECK_RENDER("@table align=lrc title=\"Hand made\"\n"
                 "@header Item | Value | Note\n"
                 "{% for m in items limit 2 %}\n"
                 "@row {{ m | label }} | {{ m.value | money(short) }} | {% if m.yoy_pct > 0 %}up{% else %}down{% endif %}\n"
                 "{% endfor %}\n"
                 "@row A \\| B | 1 |\n"
                 "@endtable\n",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n"
                 "[table] Hand made\n"
                 "Item           |   Value | Note\n"
                 "---------------+---------+-----\n"
                 "Semiconductors | $11.7bn |  up\n"
                 "Passenger cars |  $6.4bn | down\n"
                 "A | B          |       1 |\n");
    /* money(column): one scale per column, the one its largest amount
     * fits with at most four digits, to one decimal; the unit goes into
     * the header.  Exports $56.5bn and YTD $163.3bn beside a small item */
    const char *colt = "@table title=\"Headline\"\n"
                       "@header | Month | Year to date\n"
                       "@row Exports | {{ exports.value | money(column) }} | {{ exports.ytd.value | money(column) }}\n"
                       "@row Change | {{ exports.yoy_change | money(column, sign) }} | {{ exports.ytd.yoy_change | money(column, sign) }}\n"
                       "@endtable\n";
    CHECK_RENDER(colt, "% lang: en\n% month: 2024-03\n% dataset: testland\n\n"
                       "[table] Headline\n"
                       "        | Month ($bn) | Year to date ($bn)\n"
                       "--------+-------------+-------------------\n"
                       "Exports |        56.5 |              163.3\n"
                       "Change  |        +1.6 |              +12.1\n");
    got = S_run(colt, S_facts, "ko", true);
    TB_CHECK(got && strstr(got, "        | Month(억 달러) | Year to date(억 달러)\n") != NULL);
    TB_CHECK(got && strstr(got, "Exports |          565.2 |               1,633.0\n") != NULL);
    free(got);
    /* only in a hand-made table's cell, and alone there */
    got = S_en("{{ exports.value | money(column) }}");
    TB_CHECK(got && strstr(got, "money(column) is for a cell of a hand-made @table") != NULL);
    free(got);
    got = S_en("@table\n@row x | about {{ exports.value | money(column) }}\n@endtable\n");
    TB_CHECK(got && strstr(got, "t:2:1: a money(column) cell holds one amount from the facts and nothing else") != NULL);
    free(got);
}

/* The document model directly: builder, runs, iterative free. */
static void test_doc_model(void)
{
    tb_doc *doc = tb_doc_new();
    tb_doc_set_meta(doc, "title", "T");
    tb_doc_set_meta(doc, "title", "T2");
    TB_CHECK_STR(tb_doc_meta(doc, "title"), "T2");
    TB_CHECK_INT(tb_doc_meta_count(doc), 1);
    tb_doc_block *b = tb_doc_append(doc, TB_DOC_PARAGRAPH, "x:1");
    tb_doc_text_add(&b->text, "Exports ", 8, TB_DOC_REGULAR);
    tb_doc_text_add(&b->text, "rose", 4, TB_DOC_BOLD);
    tb_doc_text_add(&b->text, " 3%", 3, TB_DOC_BOLD);
    tb_doc_text_add(&b->text, "", 0, TB_DOC_EMPH);
    TB_CHECK_INT(b->text.n_runs, 2);
    TB_CHECK_STR(b->text.plain, "Exports rose 3%");
    TB_CHECK_STR(b->text.runs[1].text, "rose 3%");
    b = tb_doc_append(doc, TB_DOC_TABLE, NULL);
    tb_doc_add_column(b, "A", TB_DOC_LEFT, false);
    tb_doc_row *r = tb_doc_add_row(b);
    tb_doc_set_cell(r, 0, "a1");
    tb_doc_add_column(b, "Trend", TB_DOC_CENTER, true); /* added after a row: the row grows */
    r = &b->table.rows[0];
    double v[4] = {1, 2, NAN, 4};
    tb_doc_set_spark(r, v, 4);
    b->table.header = true;
    TB_CHECK_STR(b->table.rows[0].cells[1], "");
    b = tb_doc_append(doc, TB_DOC_CHART, NULL);
    b->chart.name = tb_mem_strdup("balance");
    tb_doc_add_param(b, "title", "Say \"hi\"");
    TB_CHECK_STR(tb_doc_chart_param(b, "title"), "Say \"hi\"");
    TB_CHECK(tb_doc_chart_param(b, "months") == NULL);
    TB_CHECK_INT(tb_doc_text_width("반도체 a", strlen("반도체 a")), 8);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    TB_CHECK_INT(tb_doc_render_text(doc, f), 0);
    fclose(f);
    TB_CHECK_STR(out, "% title: T2\n\nExports **rose 3%**\n\n[table]\nA  | Trend\n---+------\na1 | \xe2\x96\x81\xe2\x96\x83 \xe2\x96\x88\n\n"
                      "[chart balance title=\"Say \\\"hi\\\"\"]\n");
    free(out);
    tb_doc_free(doc);
    /* many blocks, long runs: freed without recursion */
    doc = tb_doc_new();
    for (int i = 0; i < 100000; i++) {
        b = tb_doc_append(doc, i % 2 ? TB_DOC_PARAGRAPH : TB_DOC_PAGEBREAK, "x");
        tb_doc_text_add(&b->text, "x", 1, (unsigned)i % 3);
    }
    TB_CHECK_INT(tb_doc_count(doc), 100000);
    tb_doc_free(doc);
}

/* Wrapping at 78 columns, counting Hangul as two. */
static void test_wrap(void)
{
    CHECK_RENDER("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss\n",
                 "% lang: en\n% month: 2024-03\n% dataset: testland\n\n"
                 "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\npppp qqqq rrrr ssss\n");
    char *got = S_run("반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체\n", S_facts,
                      "ko", true);
    TB_CHECK_STR(got, "% lang: ko\n% month: 2024-03\n% dataset: testland\n\n"
                      "반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체 반도체\n반도체 반도체\n");
    free(got);
}

/* ------------------------------------------------------------ context */

static void test_context(void)
{
    /* the template's own language wins over the context's */
    char *got = S_run("@meta lang=ko\n{{ month | month }}", S_facts, "en", false);
    TB_CHECK_STR(got, "2024년 3월\n");
    free(got);
    tb_diag d;
    tb_diag_init(&d);
    const char *src = "{{ dataset.name }}/{{ dataset.unit }}/{{ dataset.currency }}/{{ dataset.title | default(\"-\") }}/"
                      "{{ dataset.revision }}\n@chart balance\n@chart balanse\n";
    tb_template *t = tb_template_parse("ctx.tmpl", src, strlen(src), NULL, &d);
    TB_CHECK(t != NULL);
    TB_CHECK(tb_template_lang(t) == NULL);
    const char *charts[] = {"balance", "exports-imports"};
    tb_template_meta meta[] = {{"revision", "final"}};
    tb_template_context ctx = {"en", NULL, meta, 1, charts, 2, NULL, NULL, 0};
    tb_doc *doc = tb_template_expand(t, S_facts, &ctx, &d);
    TB_CHECK(doc == NULL);
    TB_CHECK_INT(d.errors, 1);
    TB_CHECK_STR(d.n ? d.items[0].text : "", "ctx.tmpl:3:8: unknown chart; did you mean \"balance\"? (found: \"balanse\")");
    tb_diag_free(&d);
    tb_diag_init(&d);
    ctx.n_charts = 0; /* none known: every name is unknown */
    ctx.charts = charts;
    doc = tb_template_expand(t, S_facts, &ctx, &d);
    TB_CHECK(doc == NULL);
    TB_CHECK_INT(d.errors, 2);
    tb_diag_free(&d);
    tb_diag_init(&d);
    ctx.charts = NULL; /* not checked */
    doc = tb_template_expand(t, S_facts, &ctx, &d);
    TB_CHECK(doc != NULL);
    if (doc) {
        TB_CHECK_STR(tb_doc_block_at(doc, 0)->text.plain, "testland/thousand USD/USD/-/final");
        TB_CHECK_STR(tb_doc_block_at(doc, 0)->origin, "ctx.tmpl:1");
        TB_CHECK_STR(tb_doc_block_at(doc, 2)->chart.name, "balanse");
    }
    tb_doc_free(doc);
    tb_template_free(t);
    tb_diag_free(&d);
}

/* A tiny dataset gives sparklines their history. */
static void test_sparklines(void)
{
    tb_dataset *ds = tb_dataset_new(tb_month_make(2023, 10), 6); /* 2023-10 .. 2024-03 */
    tb_dataset_set_meta(ds, "reporter", "KOR");
    tb_dataset_set_meta(ds, "title.en", "Testland trade");
    int32_t kor = tb_dataset_intern(ds, TB_DIM_REPORTER, "KOR");
    int32_t wld = tb_dataset_intern(ds, TB_DIM_PARTNER, "WLD");
    const char *codes[] = {"TOTAL", "SEMI", "CARS", "SHIPS", "PARTS"};
    size_t idx[5];
    for (int i = 0; i < 5; i++) {
        tb_key k = {kor, wld, tb_dataset_intern(ds, TB_DIM_PRODUCT, codes[i]), TB_EXPORT};
        idx[i] = tb_dataset_add(ds, k);
        for (int m = 0; m < 6; m++)
            tb_dataset_series(ds, idx[i])->v[m] = (i + 1) * 10 + m;
    }
    tb_dataset_series(ds, idx[2])->v[4] = NAN;
    tb_dataset_add_breakdown(ds, "items", TB_DIM_PRODUCT, idx[0], idx + 1, 4);
    tb_diag d;
    tb_diag_init(&d);
    const char *src = "{{ dataset.title }} {{ dataset.first_month | month }}\n"
                      "@table items columns=code,sparkline total=yes spark=4 sort=code\n";
    tb_template *t = tb_template_parse("s", src, strlen(src), NULL, &d);
    tb_template_context ctx = {0};
    ctx.ds = ds;
    tb_doc *doc = t ? tb_template_expand(t, S_facts, &ctx, &d) : NULL;
    TB_CHECK(doc != NULL);
    if (doc) {
        TB_CHECK_STR(tb_doc_block_at(doc, 0)->text.plain, "Testland trade October 2023");
        const tb_doc_block *b = tb_doc_block_at(doc, 1);
        TB_CHECK_INT(b->table.n_rows, 5);
        TB_CHECK_INT(b->table.spark_from, tb_month_make(2023, 12));
        TB_CHECK(b->table.cols[1].sparkline);
        TB_CHECK_STR(b->table.cols[1].header, "4 months");
        /* rows: TOTAL, CARS, PARTS, SEMI, SHIPS */
        TB_CHECK_STR(b->table.rows[1].cells[0], "CARS");
        TB_CHECK_INT(b->table.rows[1].n_spark, 4);
        TB_CHECK_NEAR(b->table.rows[1].spark[0], 32, 0);
        TB_CHECK_NAN(b->table.rows[1].spark[2]);
        TB_CHECK_NEAR(b->table.rows[1].spark[3], 35, 0);
        TB_CHECK_NEAR(b->table.rows[0].spark[3], 15, 0);
        TB_CHECK_NEAR(b->table.rows[4].spark[0], 42, 0);
    }
    tb_doc_free(doc);
    tb_template_free(t);
    tb_diag_free(&d);
    tb_dataset_free(ds);
}

/* ------------------------------------------------------------ errors */

static void test_errors_inline(void)
{
    CHECK_EN("{{ exports.yoy_pc | pct }}", "ERROR\nt:1:4: unknown fact; did you mean \"exports.yoy_pct\"? (found: \"exports.yoy_pc\")\n");
    CHECK_EN("{{ export.value }}", "ERROR\nt:1:4: unknown fact; did you mean \"exports\"? (found: \"export.value\")\n");
    CHECK_EN("{{ exports.value | pct(sgn) }}", "ERROR\nt:1:24: unknown option for filter \"pct\"; the options are sign, abs (found: \"sgn\")\n");
    /* columns count characters, not bytes */
    CHECK_KO("수출은 {{ 수출 }}", "ERROR\nt:1:8: expected a fact, a number or a text in quotes (found: \"수\")\n");
    /* every error up to the cap, in order of position */
    CHECK_EN("{% if true %}\n{{ a.b }} {{ exports | money }}\n{{ x",
             "ERROR\nt:1:1: {% if %} is not closed: add {% endif %} (found: \"{% if true %}\")\n"
             "t:3:1: {{ is not closed: add }} on the same line (found: \"{{ x\")\n");
    CHECK_EN("{{ a.b }} {{ exports | money }} {{ items.members | pct }}",
             "ERROR\nt:1:4: unknown fact (found: \"a.b\")\n"
             "t:1:24: filter \"money\" needs a number, not a group of facts (found: \"{...}\")\n"
             "t:1:52: filter \"pct\" needs a number, not a list (found: \"[...]\")\n");
    /* errors in branches and loop bodies this month's data would skip */
    CHECK_EN("{% if false %}{{ exports.valeu }}{% endif %}{% for m in partners where m.value > 0 %}{{ m.nmae }}{% endfor %}",
             "ERROR\nt:1:18: unknown fact; did you mean \"exports.value\"? (found: \"exports.valeu\")\n"
             "t:1:89: unknown fact; did you mean \"m.name\"? (found: \"m.nmae\")\n");
}

/* Runs the corpus of broken templates: each must fail with exactly its
 * .err text. */
static void test_bad_corpus(void)
{
    const char *dir = "tests/templates/bad";
    DIR *dh = opendir(dir);
    TB_CHECK(dh != NULL);
    if (!dh)
        return;
    char *names[512];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dh)) && n < 512) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".tmpl") == 0)
            names[n++] = tb_mem_strdup(de->d_name);
    }
    closedir(dh);
    TB_CHECK(n >= 25);
    for (size_t i = 0; i < n; i++) {
        char *path = tb_mem_printf("%s/%s", dir, names[i]);
        char *errpath = tb_mem_printf("%s/%.*s.err", dir, (int)(strlen(names[i]) - 5), names[i]);
        char *want = S_read(errpath);
        tb_diag d;
        tb_diag_init(&d);
        tb_template *t = tb_template_load(path, &d);
        tb_doc *doc = t ? tb_template_expand(t, S_facts, NULL, &d) : NULL;
        char *got = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&got, &len);
        tb_diag_print(&d, f);
        fclose(f);
        if (doc || !want || strcmp(got, want) != 0) {
            fprintf(stderr, "%s: %s\n--- want\n%s--- got\n%s", path, doc ? "expanded without error" : "messages differ",
                    want ? want : "(no .err file)\n", got);
            tb_test_failed_checks++;
        }
        free(got);
        free(want);
        tb_doc_free(doc);
        tb_template_free(t);
        tb_diag_free(&d);
        free(path);
        free(errpath);
        free(names[i]);
    }
}

/* ------------------------------------------------------------ limits */

#define TB_CHECK_PREFIX(got, want) TB_CHECK(strncmp((got), (want), strlen(want)) == 0)

static char *S_nested(int depth, const char *open, const char *body, const char *close)
{
    /* appended at the end (strcat from the start each time would take
     * minutes at 100,000 deep under ASan) */
    size_t lo = strlen(open), lb = strlen(body), lc = strlen(close);
    char *s = tb_mem_alloc((size_t)depth * (lo + lc) + lb + 1), *e = s;
    for (int i = 0; i < depth; i++, e += lo)
        memcpy(e, open, lo);
    memcpy(e, body, lb);
    e += lb;
    for (int i = 0; i < depth; i++, e += lc)
        memcpy(e, close, lc);
    *e = '\0';
    return s;
}

static void test_nesting(void)
{
    char *ok = S_nested(32, "{% if true %}", "deep", "{% endif %}");
    CHECK_EN(ok, "deep\n");
    free(ok);
    char *bad = S_nested(33, "{% if true %}", "deep", "{% endif %}");
    CHECK_EN(bad, "ERROR\nt:1:417: blocks are nested more than 32 deep (found: \"{% if true %}\")\n");
    free(bad);
    /* far deeper: still one message, no stack growth */
    bad = S_nested(100000, "{% for m in items %}", "", "{% endfor %}");
    char *got = S_en(bad);
    TB_CHECK_PREFIX(got, "ERROR\nt:1:641: blocks are nested more than 32 deep (found: \"{% for m in items %}\")\n");
    free(got);
    free(bad);
    ok = S_nested(32, "(", "true", ")");
    char *tmpl = tb_mem_printf("{%% if %s %%}parens{%% endif %%}", ok);
    CHECK_EN(tmpl, "parens\n");
    free(tmpl);
    free(ok);
    bad = S_nested(40, "(", "true", ")");
    tmpl = tb_mem_printf("{%% if %s %%}x{%% endif %%}", bad);
    CHECK_EN(tmpl, "ERROR\nt:1:39: the expression is nested too deeply (found: \"(\")\n");
    free(tmpl);
    free(bad);
    bad = S_nested(100000, "not ", "true", "");
    tmpl = tb_mem_printf("{%% if %s %%}x{%% endif %%}", bad);
    got = S_en(tmpl);
    TB_CHECK_PREFIX(got, "ERROR\nt:1:135: the expression is nested too deeply (found: \"not\")\n");
    free(got);
    free(tmpl);
    free(bad);
    /* long flat chains are not nesting */
    bad = S_nested(5000, "true and ", "true", "");
    tmpl = tb_mem_printf("{%% if %s %%}long and{%% endif %%}", bad);
    CHECK_EN(tmpl, "long and\n");
    free(tmpl);
    free(bad);
    bad = S_nested(5000, " | abs", "", "");
    tmpl = tb_mem_printf("{{ -1%s }}", bad);
    CHECK_EN(tmpl, "1\n");
    free(tmpl);
    free(bad);
}

/* Members with v < 5 in manifest order: v(i) = 7919 i mod 10^6. */
/* Facts with one breakdown "big" of N members M0.. whose v is
 * STRIDE * i mod N.  Ownership: the caller json_decref's. */
static json_t *S_big_facts(size_t n, size_t stride)
{
    json_t *members = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *m = json_object();
        json_object_set_new(m, "code", json_sprintf("M%zu", i));
        json_object_set_new(m, "v", json_real((double)((i * stride) % n)));
        json_array_append_new(members, m);
    }
    json_t *facts = json_object(), *bd = json_object(), *bds = json_object();
    json_object_set_new(bd, "members", members);
    json_object_set_new(bds, "big", bd);
    json_object_set_new(facts, "breakdowns", bds);
    return facts;
}

/* Loops over 10^6 members sort, filter and print in well under a second. */
static void test_big_loop(void)
{
    /* 10^6 members; 10^5 under TB_QUICK (make asan), the same members fall
     * under 5 (7919 is prime to both) */
    const size_t n = getenv("TB_QUICK") && *getenv("TB_QUICK") ? 100000 : 1000000;
    json_t *facts = S_big_facts(n, 7919);
    char *tmpl = tb_mem_printf("{%% for m in big where m.v >= 10 sort v limit 3 %%}{{ m.v }} {%% endfor %%}"
                               "{%% for m in big where m.v < 5 %%}{{ m.code }}:{{ big.members.M%zu.v }} {%% endfor %%}",
                               n - 1);
    char *got = S_run(tmpl, facts, "en", false);
    const char *last = n == 1000000 ? "992,081" : "92,081"; /* (n - 1) * 7919 mod n */
    char *want = tb_mem_printf("10 11 12 M0:%s M17679:%s M35358:%s M53037:%s M70716:%s\n", last, last, last, last, last);
    TB_CHECK_STR(got, want);
    free(got);
    free(want);
    free(tmpl);
    /* every member printed: one long paragraph */
    got = S_run("{% for m in big %}{{ m.code }} {% endfor %}", facts, "en", false);
    TB_CHECK(got && strlen(got) > 6 * n);
    free(got);
    json_decref(facts);
}

/* Loops nested over long lists, and text that would fill thousands of
 * pages, stop at the expansion budgets with a message and no document;
 * just under them, the same loops expand. */
static void test_budgets(void)
{
    json_t *facts = S_big_facts(10000, 1); /* v = i */
    /* The program's budget of 20 million steps; a budget of 1 million
     * under TB_QUICK (make asan: the same cases, a twentieth of the
     * steps).  10^4 x 10^4 members looked at: 10^8 steps */
    const bool quick = getenv("TB_QUICK") && *getenv("TB_QUICK");
    const size_t budget = quick ? 1000000 : 0;
    const char *nested = "Start.\n{% for a in big %}{% for b in big where b.v < 0 %}x{% endfor %}{% endfor %}";
    char *got = S_run_budget(nested, facts, "en", false, budget);
    char *want = tb_mem_printf("ERROR\nt:2:19: the template runs past %d million loop steps (loops nested over long "
                               "lists?)\n",
                               quick ? 1 : 20);
    TB_CHECK_STR(got, want);
    free(want);
    free(got);
    /* 10^4 + K + K x 10^4 steps: K = 1,998 (19,991,998 steps) fits 20
     * million, K = 98 (990,098) fits 1 million; one more outer pass
     * (20,001,999 and 1,000,099 steps) does not */
    const int k = quick ? 98 : 1998;
    for (int more = 0; more <= 1; more++) {
        char *tmpl = tb_mem_printf("{%% for a in big where a.v < %d %%}{%% for b in big where b.v < 0 %%}x"
                                   "{%% endfor %%}{%% endfor %%}Done.",
                                   k + more);
        got = S_run_budget(tmpl, facts, "en", false, budget);
        if (more)
            TB_CHECK_PREFIX(got, "ERROR\nt:1:");
        else
            TB_CHECK_STR(got, "Done.\n");
        free(got);
        free(tmpl);
    }
    /* 2 x 10^6 codes of 6 bytes: 12 MB of text */
    got = S_run("{% for a in big limit 200 %}{% for b in big %}{{ b.code }} {% endfor %}{% endfor %}", facts, "en", false);
    TB_CHECK_PREFIX(got, "ERROR\nt:1:");
    TB_CHECK(got && strstr(got, ": the briefing's text grows past 8 MiB (a loop or table over a long list without a "
                                "limit?)\n"));
    free(got);
    /* a table of all 10^4 members fits */
    got = S_run("@table big columns=code\n", facts, "en", false);
    TB_CHECK_STR(got, "");
    free(got);
    json_decref(facts);
}

/* ------------------------------------------------------------ shipped templates */

/* The default templates load and expand against the fixture in both
 * languages, and say what they should. */
static void test_default_templates(void)
{
    const char *paths[] = {"templates/monthly-briefing.tmpl", "templates/monthly-briefing.ko.tmpl"};
    const char *expect[] = {
        "**Exports** rose 3.0% year on year to $56.5 billion in March 2024, up for the sixth consecutive month, the "
        "highest March since the series began in 1991. **Imports** fell 12.6% to $52.1 billion, down for the thirteenth consecutive month. "
        "The **trade balance** was in surplus for the tenth consecutive month, at $4.4 billion; on a year earlier it "
        "improved by $9.2 billion.",
        "3월 **수출**은 565.2억 달러로 전년 동월 대비 3.0% 증가하여 6개월 연속 증가세를 이어갔습니다. 1991년 통계 "
        "작성 이후 역대 3월 중 최대 실적입니다. **수입**은 521.1억 달러로 12.6% 감소했습니다(13개월 연속 감소). **무역수지**는 44.1억 "
        "달러 흑자로 10개월 연속 흑자를 기록했습니다."};
    for (int i = 0; i < 2; i++) {
        tb_diag d;
        tb_diag_init(&d);
        tb_template *t = tb_template_load(paths[i], &d);
        TB_CHECK(t != NULL);
        tb_doc *doc = t ? tb_template_expand(t, S_facts, NULL, &d) : NULL;
        if (!doc) {
            tb_diag_print(&d, stderr);
            TB_CHECK(doc != NULL);
        } else {
            TB_CHECK_STR(tb_doc_meta(doc, "lang"), i ? "ko" : "en");
            bool found = false;
            size_t headings = 0, pages = 1;
            for (size_t k = 0; k < tb_doc_count(doc); k++) {
                const tb_doc_block *b = tb_doc_block_at(doc, k);
                char *m = NULL;
                if (b->kind == TB_DOC_PARAGRAPH) {
                    size_t len = 0;
                    FILE *f = open_memstream(&m, &len);
                    for (size_t r = 0; r < b->text.n_runs; r++)
                        fprintf(f, "%s%s%s", b->text.runs[r].style ? "**" : "", b->text.runs[r].text,
                                b->text.runs[r].style ? "**" : "");
                    fclose(f);
                    found |= strcmp(m, expect[i]) == 0;
                    free(m);
                }
                headings += b->kind == TB_DOC_HEADING && b->level == 1;
                pages += b->kind == TB_DOC_PAGEBREAK;
            }
            TB_CHECK(found);
            /* no destinations in the fixture: their section is left out */
            TB_CHECK_INT(headings, 5);
            /* no forced page breaks: blocks flow onto pages while they fit */
            TB_CHECK_INT(pages, 1);
        }
        tb_doc_free(doc);
        tb_template_free(t);
        tb_diag_free(&d);
    }
}

static void test_includes(void)
{
    char dir[] = "/tmp/tb_tmpl_XXXXXX";
    TB_CHECK(mkdtemp(dir) != NULL);
    char *p = tb_mem_printf("%s/part.tmpl", dir);
    FILE *f = fopen(p, "w");
    fputs("Included {{ month | month }}.\n@heading From the part\n", f);
    fclose(f);
    free(p);
    p = tb_mem_printf("%s/main.tmpl", dir);
    f = fopen(p, "w");
    fputs("Before.\n@include part.tmpl\nAfter.\n", f);
    fclose(f);
    tb_diag d;
    tb_diag_init(&d);
    tb_template *t = tb_template_load(p, &d);
    TB_CHECK(t != NULL);
    tb_doc *doc = t ? tb_template_expand(t, S_facts, NULL, &d) : NULL;
    TB_CHECK(doc != NULL);
    if (doc) {
        TB_CHECK_INT(tb_doc_count(doc), 3);
        TB_CHECK_STR(tb_doc_block_at(doc, 0)->text.plain, "Before. Included March 2024.");
        TB_CHECK_STR(tb_doc_block_at(doc, 1)->text.plain, "From the part");
        char *origin = tb_mem_printf("%s/part.tmpl:2", dir);
        TB_CHECK_STR(tb_doc_block_at(doc, 1)->origin, origin);
        free(origin);
    }
    tb_doc_free(doc);
    tb_template_free(t);
    tb_diag_free(&d);
    /* from memory, includes are refused */
    tb_diag_init(&d);
    t = tb_template_parse("mem", "@include part.tmpl\n", 19, NULL, &d);
    TB_CHECK(t == NULL);
    TB_CHECK_STR(d.n ? d.items[0].text : "", "mem:1:10: @include needs a template read from a file (found: \"part.tmpl\")");
    tb_diag_free(&d);
    /* a missing template */
    tb_diag_init(&d);
    char *missing = tb_mem_printf("%s/nope.tmpl", dir);
    TB_CHECK(tb_template_load(missing, &d) == NULL);
    char *want = tb_mem_printf("%s: cannot read the template: No such file or directory", missing);
    TB_CHECK_STR(d.n ? d.items[0].text : "", want);
    free(want);
    free(missing);
    tb_diag_free(&d);
    char *q = tb_mem_printf("%s/part.tmpl", dir);
    remove(q);
    free(q);
    remove(p);
    free(p);
    rmdir(dir);
}

int main(void)
{
    const char *root = getenv("TB_ROOT");
    if (root && chdir(root) != 0) {
        perror(root);
        return 1;
    }
    json_error_t je;
    S_facts = json_load_file("tests/templates/facts.json", 0, &je);
    if (!S_facts) {
        fprintf(stderr, "tests/templates/facts.json:%d: %s\n", je.line, je.text);
        return 1;
    }
    TB_RUN(test_paragraphs);
    TB_RUN(test_styles);
    TB_RUN(test_filters_en);
    TB_RUN(test_filters_ko);
    TB_RUN(test_conditionals);
    TB_RUN(test_nulls);
    TB_RUN(test_loops);
    TB_RUN(test_claims);
    TB_RUN(test_blocks);
    TB_RUN(test_tables);
    TB_RUN(test_doc_model);
    TB_RUN(test_wrap);
    TB_RUN(test_context);
    TB_RUN(test_sparklines);
    TB_RUN(test_errors_inline);
    TB_RUN(test_bad_corpus);
    TB_RUN(test_nesting);
    TB_RUN(test_big_loop);
    TB_RUN(test_budgets);
    TB_RUN(test_default_templates);
    TB_RUN(test_includes);
    json_decref(S_facts);
    TB_MAIN_END("test_template");
}
