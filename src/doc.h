/* doc: the briefing as a document model, and its plain-text rendering.
 *
 * A document is a flat list of blocks in reading order, plus metadata
 * (title, subject, author, keywords, lang, month...).  The template engine
 * builds it; the PDF renderer and tb_doc_render_text each walk it once,
 * front to back.  There is no tree: sections are the HEADING blocks (their
 * level gives the outline: 0 the document title, 1 a section, 2 a
 * subsection), and everything up to the next heading of the same or a
 * higher level belongs to it.  Page breaks are blocks; a renderer adds its
 * own breaks where a page fills.
 *
 *   PAGEBREAK  start a new page
 *   HEADING    level + text (sections become PDF bookmarks)
 *   PARAGRAPH  text: runs of regular / bold / emphasised text
 *   KPI        a headline strip: items of label, value, change, note and
 *              direction (up, down, flat or none)
 *   CHART      a chart by name ("balance", "items-yoy"...) + parameters as
 *              key/value texts in template order ("months" = "36"), and
 *              what to draw: the chart's spec with its data (chart.h),
 *              resolved at expansion from the dataset, the month and the
 *              parameters, as sparkline data are for tables
 *   TABLE      columns (header, alignment, sparkline or not), rows of cell
 *              texts; a row may carry sparkline data (one double per month
 *              from table.spark_from, NaN missing), a `total` flag (the
 *              breakdown's total) or an `other` flag (its remainder,
 *              "Other items": the total less the members shown)
 *   FOOTNOTE   text, set small at the foot of the page or section
 *   SOURCE     text, the "Source: ..." line under a chart or table
 *   SPACER     vertical space of `lines` text lines
 *
 * Every block carries `origin`, "FILE:LINE" of the template line that made
 * it, and its claims (DESIGN.md "Narrative"): which bytes of which part of
 * the block came from which stats-JSON path, with the JSON value there.
 * Parts are "text" (the block's text), "title" (a table's caption),
 * "kpi.K.label|value|change|note", "header.C", "cell.R.C" (0-based) and
 * "param.KEY" (a chart parameter), "label.N" (a chart's figure label N,
 * chart_spec.h: "+22.6%", "Deficit for 12 months").  It is so a renderer can point at the template when it cannot draw a block
 * (an unknown chart, say).
 *
 * Text is UTF-8, already formatted ("$56.5bn", "−14.5%"), whitespace
 * collapsed to single spaces, no leading or trailing space; `plain` is the
 * runs concatenated (for bookmarks, metadata, measuring).
 *
 * Ownership: a tb_doc owns every block and every string and array in it.
 * Block pointers from tb_doc_block_at / tb_doc_append stay valid until the
 * next tb_doc_append or tb_doc_free; row pointers from tb_doc_add_row until
 * the next tb_doc_add_row on that block.  Setters copy their strings.
 * tb_doc_free frees iteratively (no recursion).
 */
#ifndef TB_DOC_H
#define TB_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "month.h"

struct tb_chart_spec;

enum tb_doc_kind {
    TB_DOC_PAGEBREAK,
    TB_DOC_HEADING,
    TB_DOC_PARAGRAPH,
    TB_DOC_KPI,
    TB_DOC_CHART,
    TB_DOC_TABLE,
    TB_DOC_FOOTNOTE,
    TB_DOC_SOURCE,
    TB_DOC_SPACER,
    TB_DOC_KIND_COUNT
};

/* Run styles, a bit set. */
enum { TB_DOC_REGULAR = 0, TB_DOC_BOLD = 1, TB_DOC_EMPH = 2 };

typedef struct {
    char *text; /* never empty */
    unsigned style;
} tb_doc_run;

/* The text of HEADING, PARAGRAPH, FOOTNOTE and SOURCE blocks. */
typedef struct {
    tb_doc_run *runs;
    size_t n_runs; /* adjacent runs always differ in style */
    char *plain;   /* the runs concatenated; "" when there are none */
} tb_doc_text;

enum tb_doc_dir { TB_DOC_DIR_NONE, TB_DOC_DIR_UP, TB_DOC_DIR_DOWN, TB_DOC_DIR_FLAT };

typedef struct {
    char *label;  /* "Exports" */
    char *value;  /* "$67.3bn" */
    char *change; /* "+28.7%" or "" */
    char *note;   /* "year on year" or "" */
    enum tb_doc_dir dir;
} tb_doc_kpi;

typedef struct {
    char *key, *value;
} tb_doc_param;

enum tb_doc_align { TB_DOC_LEFT, TB_DOC_RIGHT, TB_DOC_CENTER };

typedef struct {
    char *header; /* "" when the table has no header row */
    enum tb_doc_align align;
    bool sparkline; /* the cells are "" and the rows' spark data fill it */
} tb_doc_column;

typedef struct {
    char **cells;   /* one per column */
    double *spark;  /* n_spark values from table.spark_from, NaN missing; NULL if none */
    size_t n_spark;
    bool total;     /* the breakdown's total: set apart (bold, rule) */
    bool other;     /* the breakdown's remainder ("Other items"): set apart (label in italics, rule above) */
} tb_doc_row;

/* Bytes [start, start + len) of the block's part PART say the value at
 * stats-JSON PATH ("series.exports.yoy_pct"), which is VALUE (JSON text). */
typedef struct {
    char *part, *path, *value;
    size_t start, len;
} tb_doc_claim;

typedef struct {
    enum tb_doc_kind kind;
    char *origin; /* "FILE:LINE" */
    tb_doc_claim *claims; /* in the order they were made */
    size_t n_claims, cap_claims;
    int level;    /* HEADING: 0 document title, 1 section, 2 subsection */
    bool desk;    /* the desk's own text (a notes file's commentary), not computed: no claims */
    tb_doc_text text;
    struct {
        tb_doc_kpi *items;
        size_t n;
    } kpi;
    struct {
        char *name; /* "balance" */
        tb_doc_param *params;
        size_t n_params;
        struct tb_chart_spec *spec; /* what to draw (months, title... applied); NULL when the
                                       document was made without a dataset */
        double height_mm;           /* height=; 0: the renderer's choice */
    } chart;
    struct {
        char *title;      /* caption above the table, "" if none */
        char *breakdown;  /* "items" for a breakdown table, "" for a hand-made one */
        bool header;      /* the columns' headers form a header row */
        tb_doc_column *cols;
        size_t n_cols;
        tb_doc_row *rows;
        size_t n_rows;
        tb_month spark_from; /* first month of the rows' spark data */
    } table;
    double lines; /* SPACER */
} tb_doc_block;

typedef struct tb_doc tb_doc;

/* A new empty document.  Ownership: caller frees with tb_doc_free. */
tb_doc *tb_doc_new(void);
void tb_doc_free(tb_doc *doc);

size_t tb_doc_count(const tb_doc *doc);
const tb_doc_block *tb_doc_block_at(const tb_doc *doc, size_t i);

/* Metadata by key: "title", "subject", "author", "keywords", "lang",
 * "month" (YYYY-MM), "dataset".  NULL when unset.  Setting a key again
 * replaces it; keys keep their first-set order. */
void tb_doc_set_meta(tb_doc *doc, const char *key, const char *value);
const char *tb_doc_meta(const tb_doc *doc, const char *key);
size_t tb_doc_meta_count(const tb_doc *doc);

/* Building.  tb_doc_append adds an empty block of KIND (origin ORIGIN,
 * copied; may be NULL) and returns it. */
tb_doc_block *tb_doc_append(tb_doc *doc, enum tb_doc_kind kind, const char *origin);
/* The last block, to go on filling it; NULL when there is none. */
tb_doc_block *tb_doc_last(tb_doc *doc);
/* Appends LEN bytes of TEXT in STYLE to T, merging with the last run when
 * the style is the same; updates plain.  Empty text is ignored. */
void tb_doc_text_add(tb_doc_text *t, const char *text, size_t len, unsigned style);
/* Replaces T's runs with RUNS[0..N), taking ownership of the array and its
 * texts (all from malloc; texts non-empty; adjacent styles different), and
 * rebuilds plain.  Linear in the text, for builders of long paragraphs. */
void tb_doc_text_adopt(tb_doc_text *t, tb_doc_run *runs, size_t n);
void tb_doc_add_kpi(tb_doc_block *b, const char *label, const char *value, const char *change,
                    const char *note, enum tb_doc_dir dir);
void tb_doc_add_param(tb_doc_block *b, const char *key, const char *value);
/* The value of chart parameter KEY, or NULL. */
const char *tb_doc_chart_param(const tb_doc_block *b, const char *key);
void tb_doc_add_column(tb_doc_block *b, const char *header, enum tb_doc_align align, bool sparkline);
/* Replaces the header of column COL with a copy of TEXT. */
void tb_doc_set_header(tb_doc_block *b, size_t col, const char *text);
/* A new row with one "" cell per column added so far. */
tb_doc_row *tb_doc_add_row(tb_doc_block *b);
/* Replaces cell COL of ROW with a copy of TEXT. */
void tb_doc_set_cell(tb_doc_row *row, size_t col, const char *text);
/* Copies N values as the row's spark data (N == 0 clears it). */
void tb_doc_set_spark(tb_doc_row *row, const double *v, size_t n);

/* Adds a claim to B (strings copied). */
void tb_doc_add_claim(tb_doc_block *b, const char *part, size_t start, size_t len, const char *path,
                      const char *value);
/* The text of part PART of B ("text", "cell.2.3"...), or NULL when B has
 * no such part. */
const char *tb_doc_part(const tb_doc_block *b, const char *part);

/* Display width of UTF-8 text in a monospaced terminal: East Asian wide
 * characters (Hangul, CJK) count 2, combining marks 0, others 1. */
size_t tb_doc_text_width(const char *s, size_t len);

/* The whole document as plain UTF-8 text, for reading and golden tests:
 * "% key: value" metadata lines, then each block separated by a blank line
 * (headings "#"/"##"/"###", paragraphs wrapped at 78 columns with **bold**
 * and *emphasis* marked, [kpi] / [chart ...] / [table ...] / [footnote] /
 * [source] / [spacer N] / [page break] blocks; a chart with its spec
 * described on a second line: type, title, months shown, series, then a
 * line per notes annotation it draws ("annotation 2025-01: ..."); sparklines
 * drawn with ▁▂▃▄▅▆▇█).  The output depends on nothing but the document.  Returns 0,
 * or -1 on a write error. */
int tb_doc_render_text(const tb_doc *doc, FILE *out);

#endif
