/* doc: the document model, its builder and the plain-text renderer (see
 * doc.h).
 *
 * Invariants: blocks live in one growing array (pointers move on append);
 * every string field of a block is either NULL (never set) or owned by the
 * document; a text's runs are non-empty and adjacent runs differ in style;
 * `plain` always equals the runs concatenated.  Freeing walks the arrays
 * with loops only.
 */
#include "doc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "chart_annotate.h"
#include "mem.h"
#include "utf8.h"

struct tb_doc {
    tb_doc_block *blocks;
    size_t n, cap;
    char **meta_keys, **meta_values;
    size_t n_meta, cap_meta;
};

tb_doc *tb_doc_new(void) { return tb_mem_calloc(1, sizeof(tb_doc)); }

static void S_text_free(tb_doc_text *t)
{
    for (size_t i = 0; i < t->n_runs; i++)
        free(t->runs[i].text);
    free(t->runs);
    free(t->plain);
}

static void S_block_free(tb_doc_block *b)
{
    free(b->origin);
    for (size_t i = 0; i < b->n_claims; i++) {
        free(b->claims[i].part);
        free(b->claims[i].path);
        free(b->claims[i].value);
    }
    free(b->claims);
    S_text_free(&b->text);
    for (size_t i = 0; i < b->kpi.n; i++) {
        free(b->kpi.items[i].label);
        free(b->kpi.items[i].value);
        free(b->kpi.items[i].change);
        free(b->kpi.items[i].note);
    }
    free(b->kpi.items);
    free(b->chart.name);
    for (size_t i = 0; i < b->chart.n_params; i++) {
        free(b->chart.params[i].key);
        free(b->chart.params[i].value);
    }
    free(b->chart.params);
    tb_chart_spec_free(b->chart.spec);
    free(b->table.title);
    free(b->table.breakdown);
    for (size_t r = 0; r < b->table.n_rows; r++) {
        tb_doc_row *row = &b->table.rows[r];
        for (size_t c = 0; c < b->table.n_cols; c++)
            free(row->cells[c]);
        free(row->cells);
        free(row->spark);
    }
    free(b->table.rows);
    for (size_t c = 0; c < b->table.n_cols; c++)
        free(b->table.cols[c].header);
    free(b->table.cols);
}

void tb_doc_free(tb_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n; i++)
        S_block_free(&doc->blocks[i]);
    free(doc->blocks);
    for (size_t i = 0; i < doc->n_meta; i++) {
        free(doc->meta_keys[i]);
        free(doc->meta_values[i]);
    }
    free(doc->meta_keys);
    free(doc->meta_values);
    free(doc);
}

size_t tb_doc_count(const tb_doc *doc) { return doc->n; }

const tb_doc_block *tb_doc_block_at(const tb_doc *doc, size_t i) { return i < doc->n ? &doc->blocks[i] : NULL; }

void tb_doc_set_meta(tb_doc *doc, const char *key, const char *value)
{
    for (size_t i = 0; i < doc->n_meta; i++)
        if (strcmp(doc->meta_keys[i], key) == 0) {
            free(doc->meta_values[i]);
            doc->meta_values[i] = tb_mem_strdup(value ? value : "");
            return;
        }
    if (doc->n_meta == doc->cap_meta) {
        doc->cap_meta = doc->cap_meta ? doc->cap_meta * 2 : 8;
        doc->meta_keys = tb_mem_reallocarray(doc->meta_keys, doc->cap_meta, sizeof *doc->meta_keys);
        doc->meta_values = tb_mem_reallocarray(doc->meta_values, doc->cap_meta, sizeof *doc->meta_values);
    }
    doc->meta_keys[doc->n_meta] = tb_mem_strdup(key);
    doc->meta_values[doc->n_meta] = tb_mem_strdup(value ? value : "");
    doc->n_meta++;
}

const char *tb_doc_meta(const tb_doc *doc, const char *key)
{
    for (size_t i = 0; i < doc->n_meta; i++)
        if (strcmp(doc->meta_keys[i], key) == 0)
            return doc->meta_values[i];
    return NULL;
}

size_t tb_doc_meta_count(const tb_doc *doc) { return doc->n_meta; }

tb_doc_block *tb_doc_append(tb_doc *doc, enum tb_doc_kind kind, const char *origin)
{
    TB_GROW(doc->blocks, doc->cap, doc->n + 1);
    tb_doc_block *b = &doc->blocks[doc->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->origin = tb_mem_strdup(origin ? origin : "");
    b->text.plain = tb_mem_strdup("");
    b->table.spark_from = TB_MONTH_NONE;
    return b;
}

void tb_doc_add_claim(tb_doc_block *b, const char *part, size_t start, size_t len, const char *path,
                      const char *value)
{
    TB_GROW(b->claims, b->cap_claims, b->n_claims + 1);
    b->claims[b->n_claims++] = (tb_doc_claim){tb_mem_strdup(part), tb_mem_strdup(path), tb_mem_strdup(value), start, len};
}

const char *tb_doc_part(const tb_doc_block *b, const char *part)
{
    size_t k = 0, c = 0;
    char field[16] = "";
    if (strcmp(part, "text") == 0)
        return b->text.plain;
    if (strcmp(part, "title") == 0)
        return b->table.title;
    if (strncmp(part, "param.", 6) == 0)
        return tb_doc_chart_param(b, part + 6);
    if (sscanf(part, "label.%zu", &k) == 1)
        return b->chart.spec && k < b->chart.spec->n_labels ? b->chart.spec->labels[k].text : NULL;
    if (sscanf(part, "kpi.%zu.%15s", &k, field) == 2 && k < b->kpi.n) {
        const tb_doc_kpi *q = &b->kpi.items[k];
        return strcmp(field, "label") == 0 ? q->label : strcmp(field, "value") == 0 ? q->value
             : strcmp(field, "change") == 0 ? q->change : strcmp(field, "note") == 0 ? q->note : NULL;
    }
    if (sscanf(part, "header.%zu", &c) == 1)
        return c < b->table.n_cols ? b->table.cols[c].header : NULL;
    if (sscanf(part, "cell.%zu.%zu", &k, &c) == 2)
        return k < b->table.n_rows && c < b->table.n_cols ? b->table.rows[k].cells[c] : NULL;
    return NULL;
}

tb_doc_block *tb_doc_last(tb_doc *doc) { return doc->n ? &doc->blocks[doc->n - 1] : NULL; }

static char *S_append(char *s, const char *add, size_t n)
{
    size_t len = s ? strlen(s) : 0;
    s = tb_mem_realloc(s, len + n + 1);
    memcpy(s + len, add, n);
    s[len + n] = '\0';
    return s;
}

void tb_doc_text_add(tb_doc_text *t, const char *text, size_t len, unsigned style)
{
    if (len == 0)
        return;
    if (t->n_runs > 0 && t->runs[t->n_runs - 1].style == style) {
        tb_doc_run *r = &t->runs[t->n_runs - 1];
        r->text = S_append(r->text, text, len);
    } else {
        t->runs = tb_mem_reallocarray(t->runs, t->n_runs + 1, sizeof *t->runs);
        t->runs[t->n_runs].text = tb_mem_strndup(text, len);
        t->runs[t->n_runs].style = style;
        t->n_runs++;
    }
    t->plain = S_append(t->plain, text, len);
}

void tb_doc_text_adopt(tb_doc_text *t, tb_doc_run *runs, size_t n)
{
    S_text_free(t);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(runs[i].text);
    t->runs = runs;
    t->n_runs = n;
    t->plain = tb_mem_alloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(runs[i].text);
        memcpy(t->plain + o, runs[i].text, k);
        o += k;
    }
    t->plain[o] = '\0';
}

static char *S_dup(const char *s) { return tb_mem_strdup(s ? s : ""); }

void tb_doc_add_kpi(tb_doc_block *b, const char *label, const char *value, const char *change,
                    const char *note, enum tb_doc_dir dir)
{
    b->kpi.items = tb_mem_reallocarray(b->kpi.items, b->kpi.n + 1, sizeof *b->kpi.items);
    tb_doc_kpi *k = &b->kpi.items[b->kpi.n++];
    k->label = S_dup(label);
    k->value = S_dup(value);
    k->change = S_dup(change);
    k->note = S_dup(note);
    k->dir = dir;
}

void tb_doc_add_param(tb_doc_block *b, const char *key, const char *value)
{
    b->chart.params = tb_mem_reallocarray(b->chart.params, b->chart.n_params + 1, sizeof *b->chart.params);
    b->chart.params[b->chart.n_params].key = S_dup(key);
    b->chart.params[b->chart.n_params].value = S_dup(value);
    b->chart.n_params++;
}

const char *tb_doc_chart_param(const tb_doc_block *b, const char *key)
{
    for (size_t i = 0; i < b->chart.n_params; i++)
        if (strcmp(b->chart.params[i].key, key) == 0)
            return b->chart.params[i].value;
    return NULL;
}

void tb_doc_add_column(tb_doc_block *b, const char *header, enum tb_doc_align align, bool sparkline)
{
    size_t n = b->table.n_cols;
    b->table.cols = tb_mem_reallocarray(b->table.cols, n + 1, sizeof *b->table.cols);
    b->table.cols[n] = (tb_doc_column){S_dup(header), align, sparkline};
    /* rows made before the column get an empty cell */
    for (size_t r = 0; r < b->table.n_rows; r++) {
        tb_doc_row *row = &b->table.rows[r];
        row->cells = tb_mem_reallocarray(row->cells, n + 1, sizeof *row->cells);
        row->cells[n] = S_dup("");
    }
    b->table.n_cols = n + 1;
}

void tb_doc_set_header(tb_doc_block *b, size_t col, const char *text)
{
    free(b->table.cols[col].header);
    b->table.cols[col].header = S_dup(text);
}

tb_doc_row *tb_doc_add_row(tb_doc_block *b)
{
    b->table.rows = tb_mem_reallocarray(b->table.rows, b->table.n_rows + 1, sizeof *b->table.rows);
    tb_doc_row *row = &b->table.rows[b->table.n_rows++];
    memset(row, 0, sizeof *row);
    row->cells = tb_mem_calloc(b->table.n_cols ? b->table.n_cols : 1, sizeof *row->cells);
    for (size_t c = 0; c < b->table.n_cols; c++)
        row->cells[c] = S_dup("");
    return row;
}

void tb_doc_set_cell(tb_doc_row *row, size_t col, const char *text)
{
    free(row->cells[col]);
    row->cells[col] = S_dup(text);
}

void tb_doc_set_spark(tb_doc_row *row, const double *v, size_t n)
{
    free(row->spark);
    row->spark = NULL;
    row->n_spark = 0;
    if (n == 0)
        return;
    row->spark = tb_mem_reallocarray(NULL, n, sizeof *v);
    memcpy(row->spark, v, n * sizeof *v);
    row->n_spark = n;
}

/* ------------------------------------------------------------ widths */

static int S_cp_width(uint32_t cp)
{
    if (cp == 0)
        return 0;
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t tb_doc_text_width(const char *s, size_t len)
{
    size_t w = 0, i = 0, used;
    while (i < len) {
        uint32_t cp;
        used = tb_utf8_next(s + i, len - i, &cp);
        w += (size_t)S_cp_width(cp);
        i += used;
    }
    return w;
}

static size_t S_width(const char *s) { return tb_doc_text_width(s, strlen(s)); }

/* ------------------------------------------------------------ text render */

static void S_pad(tb_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tb_buf_putc(b, ' ');
}

#define S_WRAP 78

/* Writes TEXT (single spaces between words) wrapped at S_WRAP columns;
 * the first line starts with PREFIX, later lines with INDENT spaces. */
static void S_wrap(FILE *out, const char *prefix, const char *text, size_t indent)
{
    size_t col = S_width(prefix);
    fputs(prefix, out);
    bool first_word = true;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t w = tb_doc_text_width(p, n);
        if (!first_word && col + 1 + w > S_WRAP) {
            fputc('\n', out);
            for (size_t i = 0; i < indent; i++)
                fputc(' ', out);
            col = indent;
        } else if (!first_word) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, n, out);
        col += w;
        first_word = false;
        p += n;
    }
    fputc('\n', out);
}

/* The runs with **bold** and *emphasis* marked; spaces at a run's edges
 * stay outside the markers. */
static char *S_marked(const tb_doc_text *t)
{
    tb_buf b = {0};
    for (size_t i = 0; i < t->n_runs; i++) {
        const char *s = t->runs[i].text;
        const char *mark = t->runs[i].style == (TB_DOC_BOLD | TB_DOC_EMPH) ? "***"
                           : t->runs[i].style == TB_DOC_BOLD                ? "**"
                           : t->runs[i].style == TB_DOC_EMPH                ? "*"
                                                                            : "";
        size_t len = strlen(s), a = 0, z = len;
        while (a < len && s[a] == ' ')
            a++;
        while (z > a && s[z - 1] == ' ')
            z--;
        tb_buf_put(&b, s, a);
        if (z > a) {
            tb_buf_puts(&b, mark);
            tb_buf_put(&b, s + a, z - a);
            tb_buf_puts(&b, mark);
        }
        tb_buf_put(&b, s + z, len - z);
    }
    return tb_buf_take(&b);
}

static void S_quoted(tb_buf *b, const char *v)
{
    bool plain = *v != '\0';
    for (const char *p = v; *p; p++)
        if (*p == ' ' || *p == '"' || *p == '\\' || *p == ']')
            plain = false;
    if (plain) {
        tb_buf_puts(b, v);
        return;
    }
    tb_buf_puts(b, "\"");
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            tb_buf_puts(b, "\\");
        tb_buf_put(b, p, 1);
    }
    tb_buf_puts(b, "\"");
}

static const char *S_dir_mark(enum tb_doc_dir d)
{
    switch (d) {
    case TB_DOC_DIR_UP:
        return "\xe2\x96\xb2 "; /* ▲ */
    case TB_DOC_DIR_DOWN:
        return "\xe2\x96\xbc "; /* ▼ */
    case TB_DOC_DIR_FLAT:
        return "= ";
    default:
        return "";
    }
}

/* Writes the cells of one table line, padded to WIDTHS, " | " between,
 * no trailing spaces. */
static void S_cells(FILE *out, char *const *cells, const enum tb_doc_align *align, const size_t *widths,
                    size_t n)
{
    tb_buf b = {0};
    for (size_t c = 0; c < n; c++) {
        if (c > 0)
            tb_buf_puts(&b, " | ");
        size_t w = S_width(cells[c]), pad = widths[c] > w ? widths[c] - w : 0;
        size_t left = align[c] == TB_DOC_RIGHT ? pad : align[c] == TB_DOC_CENTER ? pad / 2 : 0;
        S_pad(&b, left);
        tb_buf_puts(&b, cells[c]);
        S_pad(&b, pad - left);
    }
    while (b.len > 0 && b.p[b.len - 1] == ' ')
        b.p[--b.len] = '\0';
    fprintf(out, "%s\n", tb_buf_str(&b));
    tb_buf_free(&b);
}

static void S_rule(FILE *out, const size_t *widths, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        if (c > 0)
            fputs("-+-", out);
        for (size_t i = 0; i < widths[c]; i++)
            fputc('-', out);
    }
    fputc('\n', out);
}

/* A sparkline of V as ▁..█ scaled between its own minimum and maximum;
 * NaN is a space.  Ownership: caller frees. */
static char *S_sparkline(const double *v, size_t n)
{
    static const char *const bars[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
                                        "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"};
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) {
            lo = v[i] < lo ? v[i] : lo;
            hi = v[i] > hi ? v[i] : hi;
        }
    tb_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) {
            tb_buf_puts(&b, " ");
            continue;
        }
        int k = hi > lo ? (int)floor((v[i] - lo) / (hi - lo) * 7.0 + 0.5) : 3;
        tb_buf_puts(&b, bars[k < 0 ? 0 : k > 7 ? 7 : k]);
    }
    return tb_buf_take(&b);
}

static void S_render_table(FILE *out, const tb_doc_block *b)
{
    size_t nc = b->table.n_cols, nr = b->table.n_rows;
    tb_buf head = {0};
    tb_buf_puts(&head, "[table");
    if (b->table.breakdown && *b->table.breakdown) {
        tb_buf_puts(&head, " ");
        tb_buf_puts(&head, b->table.breakdown);
    }
    tb_buf_puts(&head, "]");
    if (b->table.title && *b->table.title) {
        tb_buf_puts(&head, " ");
        tb_buf_puts(&head, b->table.title);
    }
    fprintf(out, "%s\n", tb_buf_str(&head));
    tb_buf_free(&head);
    if (nc == 0)
        return;
    /* sparkline cells are drawn into a copy of the row's cells */
    char ***cells = tb_mem_calloc(nr ? nr : 1, sizeof *cells);
    size_t *widths = tb_mem_calloc(nc, sizeof *widths);
    enum tb_doc_align *align = tb_mem_calloc(nc, sizeof *align);
    char **headers = tb_mem_calloc(nc, sizeof *headers);
    for (size_t c = 0; c < nc; c++) {
        align[c] = b->table.cols[c].align;
        headers[c] = b->table.cols[c].header;
        if (b->table.header)
            widths[c] = S_width(headers[c]);
    }
    for (size_t r = 0; r < nr; r++) {
        const tb_doc_row *row = &b->table.rows[r];
        cells[r] = tb_mem_calloc(nc, sizeof **cells);
        for (size_t c = 0; c < nc; c++) {
            if (b->table.cols[c].sparkline && row->n_spark)
                cells[r][c] = S_sparkline(row->spark, row->n_spark);
            else if (row->other && c == 0 && row->cells[c][0])
                cells[r][c] = tb_mem_printf("*%s*", row->cells[c]); /* in italics, as on the page */
            else
                cells[r][c] = tb_mem_strdup(row->cells[c]);
            size_t w = S_width(cells[r][c]);
            widths[c] = w > widths[c] ? w : widths[c];
        }
    }
    if (b->table.header) {
        S_cells(out, headers, align, widths, nc);
        S_rule(out, widths, nc);
    }
    for (size_t r = 0; r < nr; r++) {
        if (b->table.rows[r].other && r > 0 && !b->table.rows[r - 1].total)
            S_rule(out, widths, nc);
        S_cells(out, cells[r], align, widths, nc);
        if (b->table.rows[r].total && r + 1 < nr)
            S_rule(out, widths, nc);
        for (size_t c = 0; c < nc; c++)
            free(cells[r][c]);
        free(cells[r]);
    }
    free(cells);
    free(widths);
    free(align);
    free(headers);
}

static void S_render_kpi(FILE *out, const tb_doc_block *b)
{
    fputs("[kpi]\n", out);
    size_t n = b->kpi.n;
    if (n == 0)
        return;
    char **line = tb_mem_calloc(n, sizeof *line);
    size_t *widths = tb_mem_calloc(n, sizeof *widths);
    enum tb_doc_align *align = tb_mem_calloc(n, sizeof *align);
    char **change = tb_mem_calloc(n, sizeof *change);
    bool any_change = false, any_note = false;
    for (size_t i = 0; i < n; i++) {
        const tb_doc_kpi *k = &b->kpi.items[i];
        change[i] = tb_mem_printf("%s%s", S_dir_mark(k->dir), k->change);
        any_change |= *change[i] != '\0';
        any_note |= *k->note != '\0';
        size_t w[4] = {S_width(k->label), S_width(k->value), S_width(change[i]), S_width(k->note)};
        for (int j = 0; j < 4; j++)
            widths[i] = w[j] > widths[i] ? w[j] : widths[i];
    }
    for (int j = 0; j < 4; j++) {
        if ((j == 2 && !any_change) || (j == 3 && !any_note))
            continue;
        for (size_t i = 0; i < n; i++) {
            const tb_doc_kpi *k = &b->kpi.items[i];
            line[i] = j == 0 ? k->label : j == 1 ? k->value : j == 2 ? change[i] : k->note;
        }
        S_cells(out, line, align, widths, n);
    }
    for (size_t i = 0; i < n; i++)
        free(change[i]);
    free(change);
    free(line);
    free(widths);
    free(align);
}

/* "line "Exports and imports", 2023-03 .. 2026-02 (36 months), 2 series":
 * what a chart block draws. */
static void S_chart_desc(FILE *out, const tb_chart_spec *c)
{
    size_t n = c->n_series ? c->series[0].n : 0;
    fprintf(out, "  %s \"%s\"", tb_chart_type_name(c->type), c->title ? c->title : "");
    char a[8], z[8];
    if (c->type == TB_CHART_ANNUAL && n)
        fprintf(out, ", %d .. %d (%zu years)", tb_month_year(c->start), tb_month_year(c->start) + (int)n - 1, n);
    else if (c->categories && c->n_categories)
        fprintf(out, ", %zu categories", c->n_categories);
    else if (n && c->start >= 0)
        fprintf(out, ", %s .. %s (%zu months)", tb_month_iso(c->start, a),
                tb_month_iso(c->start + (tb_month)n - 1, z), n);
    fprintf(out, ", %zu series\n", c->n_series);
    for (size_t i = 0; i < c->n_annotations; i++)
        if (tb_chart_annotate_shown(c, i))
            fprintf(out, "  annotation %s: %s\n", tb_month_iso(c->annotations[i].month, a), c->annotations[i].label);
}

int tb_doc_render_text(const tb_doc *doc, FILE *out)
{
    for (size_t i = 0; i < doc->n_meta; i++)
        fprintf(out, "%% %s: %s\n", doc->meta_keys[i], doc->meta_values[i]);
    for (size_t i = 0; i < doc->n; i++) {
        const tb_doc_block *b = &doc->blocks[i];
        if (i > 0 || doc->n_meta > 0)
            fputc('\n', out);
        switch (b->kind) {
        case TB_DOC_PAGEBREAK:
            fputs("[page break]\n", out);
            break;
        case TB_DOC_HEADING: {
            int lv = b->level < 0 ? 0 : b->level > 5 ? 5 : b->level;
            char prefix[8] = "#######";
            prefix[lv + 1] = ' ';
            prefix[lv + 2] = '\0';
            fprintf(out, "%s%s\n", prefix, b->text.plain);
            break;
        }
        case TB_DOC_PARAGRAPH:
        case TB_DOC_FOOTNOTE:
        case TB_DOC_SOURCE: {
            char *m = S_marked(&b->text);
            const char *prefix = b->kind == TB_DOC_FOOTNOTE ? "[footnote] " : b->kind == TB_DOC_SOURCE ? "[source] "
                                 : b->desk                     ? "[desk] "
                                                               : "";
            S_wrap(out, prefix, m, *prefix ? 2 : 0);
            free(m);
            break;
        }
        case TB_DOC_KPI:
            S_render_kpi(out, b);
            break;
        case TB_DOC_CHART: {
            tb_buf s = {0};
            tb_buf_puts(&s, "[chart ");
            tb_buf_puts(&s, b->chart.name ? b->chart.name : "");
            for (size_t k = 0; k < b->chart.n_params; k++) {
                tb_buf_puts(&s, " ");
                tb_buf_puts(&s, b->chart.params[k].key);
                tb_buf_puts(&s, "=");
                S_quoted(&s, b->chart.params[k].value);
            }
            tb_buf_puts(&s, "]");
            fprintf(out, "%s\n", tb_buf_str(&s));
            tb_buf_free(&s);
            if (b->chart.spec)
                S_chart_desc(out, b->chart.spec);
            break;
        }
        case TB_DOC_TABLE:
            S_render_table(out, b);
            break;
        case TB_DOC_SPACER:
            fprintf(out, "[spacer %g]\n", b->lines);
            break;
        default:
            break;
        }
    }
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
