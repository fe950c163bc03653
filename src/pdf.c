/* pdf: the briefing as a PDF (see pdf.h).
 *
 * Four phases, each finished before the next starts:
 *   prepare   every block is measured once: its text set into lines
 *             (layout.h), its chart (the spec and data the block
 *             carries) sized and drawn on a probe canvas to learn its
 *             text, its table's columns sized;
 *   paginate  one walk places the prepared blocks on pages and records
 *             drawing operations (text lines, rules, boxes, arrows, charts,
 *             bookmarks) with page numbers; the page count is then known,
 *             so the running headers and "Page N of M" footers follow;
 *   fonts     the code points every piece of text and every chart uses,
 *             per font, become TrueType subsets loaded into libharu
 *             (pdf_font.h);
 *   draw      pages are created and their operations replayed, bookmarks
 *             and metadata set, and the document saved to memory.
 * Coordinates until drawing are top-down points on an A4 page (y = 0 at the
 * top edge); the draw phase flips them for libharu.  Everything the
 * renderer allocates (laid-out text, chart specs, operations) lives in one
 * S_render and is freed at the end, whatever happened.  libharu reports
 * errors into a tb_hpdf_status (no longjmp); it is checked after each page
 * and after saving.
 */
#include "pdf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf_list.h>
#include <hpdf_objects.h>

#include "artifact.h"
#include "canvas_hpdf.h"
#include "canvas_probe.h"
#include "chart.h"
#include "fmt.h"
#include "font.h"
#include "layout.h"
#include "mem.h"
#include "notes.h"
#include "pdf_font.h"

/* ------------------------------------------------------------ page and type */

#define S_PAGE_W 595.276
#define S_PAGE_H 841.89
#define S_MARGIN 56.69 /* 20 mm */
#define S_COL_W (S_PAGE_W - 2 * S_MARGIN)
#define S_TOP_FIRST 46.0 /* content top of page 1 (no running header) */
#define S_TOP 66.0       /* content top of the other pages */
#define S_BOTTOM (S_PAGE_H - 58.0)
#define S_HEADER_BASE 38.0
#define S_CHART_SCALE 0.9  /* charts' 14 pt titles and 8.5 pt labels at 12.6 and 7.7 pt */
#define S_CHART_SHRINK 0.8 /* a chart may lose this much height to stay on its page */
#define S_CHART_INSET 14.0 /* chart.c's own margin: charts reach into the page margins by it, so their
                            * titles and plots line up with the text column */
#define S_FOOTER_BASE (S_PAGE_H - 32.0)

static const unsigned S_INK = 0x1E2328, S_NAVY = 0x12355B, S_GREY = 0x5B6670, S_RULE = 0xC5CCD4,
                      S_HAIR = 0xE2E6EA, S_BOX = 0xF1F4F8;

/* Sizes and leadings, by language: Korean wants a little more air. */
typedef struct {
    double body, body_lead, para_after;
    double small, small_lead;
    double h0, h0_lead, h1, h1_lead, h2, h2_lead;
    double cell, head, row_h;
} S_type;

static const S_type S_TYPE_EN = {9.8, 14.4, 7.5, 7.6, 10.2, 21, 25.5, 14.2, 17.5, 10.4, 13.5, 8.5, 7.6, 15.0};
static const S_type S_TYPE_KO = {9.6, 15.8, 7.5, 7.5, 10.8, 20, 25.5, 14.0, 18.0, 10.3, 14.0, 8.4, 7.6, 15.6};

/* ------------------------------------------------------------ state */

enum { S_OP_TEXT, S_OP_RECT, S_OP_RULE, S_OP_ARROW, S_OP_CHART, S_OP_MARK };

typedef struct {
    int kind;
    size_t page;
    double x, y, w, h; /* TEXT: x of the line's start, y the baseline */
    double lw;         /* RULE: line width */
    tb_rgba colour;
    const tb_layout_par *par; /* TEXT */
    size_t line;
    enum tb_doc_dir dir; /* ARROW */
    size_t chart;        /* CHART */
    int level;           /* MARK */
    const char *title;   /* MARK */
    const tb_doc_block *b;
    size_t blk; /* index of the block being placed when it was made; SIZE_MAX: page furniture */
} S_op;

typedef struct {
    tb_chart_spec spec;
    tb_chart_series *series; /* owned copy when the spec's series were changed */
    double w, h;             /* on the page */
    double scale;            /* drawn at (w, h) / scale, scaled down: chart text a size below the body's headings */
    const tb_doc_block *b;
    char *name;
} S_chart;

typedef struct {
    tb_layout_par *label, *value, *change, *note;
    enum tb_doc_dir dir;
} S_kpi;

typedef struct {
    size_t nc, nr;
    double *x, *w;           /* column offsets and widths */
    tb_layout_par **head;    /* per column, NULL when empty */
    double head_h, row_h, lead;
    double size; /* of the cells */
    tb_layout_par **cells;   /* nr * nc, NULL for sparkline cells */
    size_t *spark;           /* nr: chart index, or SIZE_MAX */
    size_t spark_col;        /* SIZE_MAX: none */
    tb_layout_par *caption, *caption_cont;
} S_table;

typedef struct {
    const tb_doc_block *b;
    tb_layout_par *par; /* HEADING, PARAGRAPH, FOOTNOTE, SOURCE */
    double size, lead, before, after;
    tb_rgba colour;
    S_kpi *kpi;
    size_t n_kpi;
    double kpi_h, kpi_label_h; /* the labels' height: values line up across the boxes */
    size_t chart; /* CHART */
    S_table *tab;
} S_prep;

typedef struct {
    size_t page;
    const tb_layout_par *par;
    double lead;
} S_foot;

typedef struct {
    const tb_doc *doc;
    const char *lang;
    bool ko;
    tb_month month;
    S_type t;
    tb_diag *diag;
    bool failed;

    tb_layout_par **pars;
    size_t n_pars, cap_pars;
    S_chart *charts;
    size_t n_charts, cap_charts;
    S_prep *prep;
    size_t n_prep;
    S_op *ops;
    size_t n_ops, cap_ops;
    S_foot *feet;
    size_t n_feet, cap_feet;
    char **strs; /* strings the renderer made and ops point to */
    size_t n_strs, cap_strs;

    uint32_t *cps[TB_FONT_COUNT];
    size_t n_cps[TB_FONT_COUNT], cap_cps[TB_FONT_COUNT];
    const tb_doc_block *probe_block; /* the chart being probed, for messages */

    /* flow */
    size_t cur_blk; /* the block being placed (S_op.blk) */
    size_t page;
    double y, last_after, foot_h;
    bool empty;
    size_t n_pages;
    tb_pdf_stats stats;
} S_render;

/* ------------------------------------------------------------ errors */

/* Reports an error at block B's origin ("FILE:LINE"). */
static void S_error(S_render *R, const tb_doc_block *b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void S_error(S_render *R, const tb_doc_block *b, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    R->failed = true;
    const char *origin = b && b->origin ? b->origin : "";
    const char *colon = strrchr(origin, ':');
    size_t line = 0;
    char *file = NULL;
    if (colon && colon[1] >= '0' && colon[1] <= '9') {
        line = (size_t)strtoul(colon + 1, NULL, 10);
        file = tb_mem_strndup(origin, (size_t)(colon - origin));
    } else if (*origin) {
        file = tb_mem_strdup(origin);
    }
    tb_diag_error(R->diag, file ? file : "report", line, 0, NULL, "%s", msg);
    free(file);
}

/* ------------------------------------------------------------ helpers */

static char *S_keep(S_render *R, char *s)
{
    TB_GROW(R->strs, R->cap_strs, R->n_strs + 1);
    R->strs[R->n_strs++] = s;
    return s;
}

static tb_layout_par *S_own(S_render *R, tb_layout_par *p)
{
    if (!p)
        return NULL;
    TB_GROW(R->pars, R->cap_pars, R->n_pars + 1);
    R->pars[R->n_pars++] = p;
    return p;
}

/* The runs of T set at SIZE in WIDTH; FORCE added to every run's style.
 * NULL after an error at B. */
static tb_layout_par *S_set_text(S_render *R, const tb_doc_block *b, const tb_doc_text *t, unsigned force,
                                 double size, double width, enum tb_layout_align align)
{
    tb_layout_run stack[16] = {{NULL, 0, 0}};
    tb_layout_run *runs = t->n_runs <= 16 ? stack : tb_mem_reallocarray(NULL, t->n_runs, sizeof *runs);
    for (size_t i = 0; i < t->n_runs; i++) {
        unsigned s = t->runs[i].style;
        runs[i] = (tb_layout_run){t->runs[i].text, strlen(t->runs[i].text),
                                  ((s & TB_DOC_BOLD) ? TB_LAYOUT_BOLD : 0) | ((s & TB_DOC_EMPH) ? TB_LAYOUT_EMPH : 0) |
                                      force};
    }
    tb_layout_style st = {R->lang, size, width, align};
    char err[256];
    tb_layout_par *p = tb_layout_paragraph(runs, t->n_runs, &st, err, sizeof err);
    if (runs != stack)
        free(runs);
    if (!p)
        S_error(R, b, "%s", err);
    return S_own(R, p);
}

/* Plain TEXT in STYLE at SIZE: wrapped to WIDTH, or one line when WIDTH
 * <= 0. */
static tb_layout_par *S_set_plain(S_render *R, const tb_doc_block *b, const char *text, unsigned style, double size,
                                  double width, enum tb_layout_align align)
{
    tb_layout_run run = {text, strlen(text), style};
    tb_layout_style st = {R->lang, size, width, align};
    char err[256];
    tb_layout_par *p = tb_layout_paragraph(&run, 1, &st, err, sizeof err);
    if (!p)
        S_error(R, b, "%s", err);
    return S_own(R, p);
}

/* TEXT shortened with "…" to fit MAX_W (TEXT itself when it fits).
 * Ownership: kept by R. */
static const char *S_fit(S_render *R, const char *text, unsigned style, double size, double max_w)
{
    if (tb_layout_width(text, style, R->lang, size) <= max_w)
        return text;
    size_t len = strlen(text);
    char *s = S_keep(R, tb_mem_alloc(len + 4));
    double ell = tb_layout_width("\xe2\x80\xa6", style, R->lang, size);
    size_t keep = 0;
    double w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = tb_utf8_next(text + i, len - i, &cp);
        char one[8];
        memcpy(one, text + i, k);
        one[k] = '\0';
        w += tb_layout_width(one, style, R->lang, size);
        if (w + ell > max_w)
            break;
        i += k;
        keep = i;
    }
    while (keep > 0 && text[keep - 1] == ' ')
        keep--;
    memcpy(s, text, keep);
    memcpy(s + keep, "\xe2\x80\xa6", 4);
    return s;
}

static S_op *S_push(S_render *R, int kind)
{
    TB_GROW(R->ops, R->cap_ops, R->n_ops + 1);
    S_op *op = &R->ops[R->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->page = R->page;
    op->chart = SIZE_MAX;
    op->blk = R->cur_blk;
    return op;
}

/* Lines FROM..TO-1 of PAR with the first line's top at TOP, LEAD apart,
 * starting at X. */
static void S_put_lines(S_render *R, const tb_layout_par *par, size_t from, size_t to, double x, double top,
                        double lead, tb_rgba colour)
{
    for (size_t i = from; i < to && par; i++) {
        S_op *op = S_push(R, S_OP_TEXT);
        op->par = par;
        op->line = i;
        op->x = x;
        op->y = top + (double)(i - from) * lead + 0.76 * lead;
        op->colour = colour;
    }
}

static void S_put_rule(S_render *R, double x, double y, double w, double lw, unsigned colour)
{
    S_op *op = S_push(R, S_OP_RULE);
    op->x = x;
    op->y = y;
    op->w = w;
    op->lw = lw;
    op->colour = tb_rgb_hex(colour);
}

static void S_put_rect(S_render *R, double x, double y, double w, double h, tb_rgba colour)
{
    S_op *op = S_push(R, S_OP_RECT);
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
    op->colour = colour;
}

static double S_par_h(const tb_layout_par *p, double lead) { return p ? (double)p->n_lines * lead : 0; }

/* ------------------------------------------------------------ glyphs */

static void S_add_cps(S_render *R, int font, const char *s, size_t len)
{
    if (font < 0 || font >= TB_FONT_COUNT)
        return;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += tb_utf8_next(s + i, len - i, &cp);
        TB_GROW(R->cps[font], R->cap_cps[font], R->n_cps[font] + 1);
        R->cps[font][R->n_cps[font]++] = cp;
    }
}

static void S_probe_text(int font, const char *s, size_t len, void *user)
{
    S_render *R = user;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = tb_utf8_next(s + i, len - i, &cp);
        if (cp != ' ' && (cp > 0xFFFF || !tb_font_has_glyph(font, cp)) && !R->failed)
            S_error(R, R->probe_block, "chart text \"%.*s\": U+%04X (%.*s) is not in %s", (int)len, s, (unsigned)cp,
                    (int)k, s + i, tb_font_name(font));
        i += k;
    }
    S_add_cps(R, font, s, len);
}

/* ------------------------------------------------------------ charts */

static size_t S_new_chart(S_render *R)
{
    TB_GROW(R->charts, R->cap_charts, R->n_charts + 1);
    memset(&R->charts[R->n_charts], 0, sizeof R->charts[0]);
    return R->n_charts++;
}

/* Draws chart K on a probe canvas of its drawing size: the text it sets, in
 * which fonts (see canvas_probe.h). */
static void S_probe_chart(S_render *R, size_t k)
{
    const S_chart *c = &R->charts[k];
    R->probe_block = c->b;
    tb_canvas *probe = tb_canvas_probe_new(c->w / c->scale, c->h / c->scale, S_probe_text, R);
    tb_canvas_set_lang(probe, R->lang);
    if (tb_chart_draw(&c->spec, probe) != 0)
        S_error(R, c->b, "chart \"%s\": %s", c->name, tb_canvas_error(probe));
    tb_canvas_free(probe);
}

/* The chart of block B, its spec (data, texts, window) as the document
 * holds it, sized to the column and probed for its text.  SOURCE_FOLLOWS
 * drops the chart's own source line (the document's comes next).  Returns
 * the chart index, or SIZE_MAX after an error. */
static size_t S_prep_chart(S_render *R, const tb_doc_block *b, bool source_follows)
{
    const char *name = b->chart.name ? b->chart.name : "";
    if (!b->chart.spec) {
        S_error(R, b, "chart \"%s\": no data in the document (it was made without a dataset)", name);
        return SIZE_MAX;
    }
    size_t k = S_new_chart(R);
    S_chart *c = &R->charts[k];
    c->b = b;
    c->name = S_keep(R, tb_mem_strdup(name));
    c->spec = *b->chart.spec;
    if (source_follows)
        c->spec.source = NULL;
    double w0, h0;
    tb_chart_default_size(&c->spec, &w0, &h0);
    c->scale = S_CHART_SCALE;
    c->w = S_COL_W + 2 * S_CHART_INSET * c->scale;
    c->h = h0 * (S_COL_W / w0) * 0.84;
    if (b->chart.height_mm > 0)
        c->h = b->chart.height_mm * 72.0 / 25.4;
    double room = S_BOTTOM - S_TOP - 40;
    if (c->h > room)
        c->h = room;
    if (c->h < 60)
        c->h = 60;
    S_probe_chart(R, k);
    R->stats.charts++;
    return k;
}

/* ------------------------------------------------------------ prepare */

static void S_prep_kpi(S_render *R, S_prep *p)
{
    const tb_doc_block *b = p->b;
    size_t n = b->kpi.n;
    if (n == 0)
        return;
    double gap = 8, w = (S_COL_W - gap * (double)(n - 1)) / (double)n, inner = w - 18;
    p->kpi = tb_mem_calloc(n, sizeof *p->kpi);
    p->n_kpi = n;
    double h = 0, label_h = 0;
    for (size_t i = 0; i < n; i++) {
        const tb_doc_kpi *k = &b->kpi.items[i];
        S_kpi *q = &p->kpi[i];
        q->dir = k->dir;
        q->label = S_set_plain(R, b, k->label, TB_LAYOUT_BOLD, 7.8, inner, TB_LAYOUT_LEFT);
        double vs = 17;
        double vw = tb_layout_width(k->value, TB_LAYOUT_BOLD, R->lang, vs);
        if (vw > inner)
            vs = fmax(9, vs * inner / vw);
        q->value = S_set_plain(R, b, k->value, TB_LAYOUT_BOLD, vs, 0, TB_LAYOUT_LEFT);
        double arrow = k->dir != TB_DOC_DIR_NONE ? 11 : 0;
        q->change = *k->change ? S_set_plain(R, b, k->change, TB_LAYOUT_BOLD, 9.2, inner - arrow, TB_LAYOUT_LEFT)
                               : NULL;
        q->note = *k->note ? S_set_plain(R, b, k->note, 0, 7.4, inner, TB_LAYOUT_LEFT) : NULL;
        double hi = 24 + (q->change ? 4 + S_par_h(q->change, 12) : 0) + (q->note ? 1 + S_par_h(q->note, 9.4) : 0);
        h = fmax(h, hi);
        label_h = fmax(label_h, S_par_h(q->label, 9.8));
    }
    p->kpi_label_h = label_h;
    p->kpi_h = 12 + label_h + h + 9;
}

static bool S_numeric_align(enum tb_doc_align a) { return a == TB_DOC_RIGHT; }

/* Natural widths of table B's columns at cell SIZE and header HSIZE into
 * NAT: the widest cell, and the longest word of the header (headers wrap);
 * 58 pt for a sparkline.  Returns their sum. */
static double S_table_natural(const S_render *R, const tb_doc_block *b, double size, double hsize, double *nat)
{
    double total = 0;
    for (size_t c = 0; c < b->table.n_cols; c++) {
        const tb_doc_column *col = &b->table.cols[c];
        nat[c] = col->sparkline ? 58 : 0;
        const char *h = b->table.header ? col->header : "";
        for (const char *s = h; *s;) {
            const char *e = strchr(s, ' ');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            char *word = tb_mem_strndup(s, n);
            nat[c] = fmax(nat[c], tb_layout_width(word, TB_LAYOUT_BOLD, R->lang, hsize));
            free(word);
            s += n;
            while (*s == ' ')
                s++;
        }
        for (size_t r = 0; r < b->table.n_rows && !col->sparkline; r++)
            nat[c] = fmax(nat[c], tb_layout_width(b->table.rows[r].cells[c],
                                                 b->table.rows[r].total ? TB_LAYOUT_BOLD : 0, R->lang, size));
        total += nat[c];
    }
    return total;
}

static void S_prep_table(S_render *R, S_prep *p)
{
    const tb_doc_block *b = p->b;
    size_t nc = b->table.n_cols, nr = b->table.n_rows;
    if (nc == 0)
        return;
    S_table *T = tb_mem_calloc(1, sizeof *T);
    p->tab = T;
    T->nc = nc;
    T->nr = nr;
    T->x = tb_mem_calloc(nc, sizeof *T->x);
    T->w = tb_mem_calloc(nc, sizeof *T->w);
    T->head = tb_mem_calloc(nc, sizeof *T->head);
    T->cells = tb_mem_calloc(nr > 0 ? nr * nc : 1, sizeof *T->cells);
    T->spark = tb_mem_calloc(nr ? nr : 1, sizeof *T->spark);
    T->spark_col = SIZE_MAX;
    const double pad = 5, hsize = R->t.head;
    T->row_h = R->t.row_h;
    T->lead = hsize * 1.3;
    for (size_t c = 0; c < nc; c++)
        if (b->table.cols[c].sparkline)
            T->spark_col = c;
    /* The cell size: the body's table size, or a little smaller when the
     * table would not fit the column otherwise. */
    double *nat = tb_mem_calloc(nc, sizeof *nat), total = 0, size = R->t.cell;
    for (int attempt = 0; attempt < 3; attempt++) {
        size = R->t.cell - 0.4 * attempt;
        total = S_table_natural(R, b, size, hsize, nat) + 2 * pad * (double)nc;
        if (total <= S_COL_W)
            break;
    }
    T->size = size;
    /* Spare room goes to every column alike, at most 28 pt to a column of
     * numbers (they stay near their headers), the rest to the first
     * left-aligned column; a shortfall comes out of the widest left-aligned
     * column, whose cells are then shortened with an ellipsis. */
    double spare = S_COL_W - total;
    size_t label = SIZE_MAX, widest = SIZE_MAX;
    for (size_t c = 0; c < nc; c++)
        if (!S_numeric_align(b->table.cols[c].align) && c != T->spark_col) {
            if (label == SIZE_MAX)
                label = c;
            if (widest == SIZE_MAX || nat[c] > nat[widest])
                widest = c;
        }
    for (size_t c = 0; c < nc; c++)
        T->w[c] = nat[c] + 2 * pad;
    if (spare >= 0) {
        double gain = spare / (double)nc, left = spare;
        for (size_t c = 0; c < nc; c++) {
            double g = label == SIZE_MAX || c == label ? gain : fmin(gain, 28);
            T->w[c] += g;
            left -= g;
        }
        T->w[label == SIZE_MAX ? 0 : label] += left;
    } else {
        size_t c = widest == SIZE_MAX ? 0 : widest;
        T->w[c] = fmax(40, T->w[c] + spare);
    }
    free(nat);
    double x = 0;
    for (size_t c = 0; c < nc; c++) {
        T->x[c] = x;
        x += T->w[c];
    }
    /* Header and cells. */
    size_t head_lines = 0;
    for (size_t c = 0; c < nc && b->table.header; c++) {
        const tb_doc_column *col = &b->table.cols[c];
        if (!*col->header)
            continue;
        enum tb_layout_align al = col->align == TB_DOC_RIGHT    ? TB_LAYOUT_RIGHT
                                  : col->align == TB_DOC_CENTER ? TB_LAYOUT_CENTER
                                                                : TB_LAYOUT_LEFT;
        T->head[c] = S_set_plain(R, b, col->header, TB_LAYOUT_BOLD, hsize, T->w[c] - 2 * pad, al);
        if (T->head[c] && T->head[c]->n_lines > head_lines)
            head_lines = T->head[c]->n_lines;
    }
    T->head_h = head_lines ? (double)head_lines * T->lead + 8 : 0;
    for (size_t r = 0; r < nr; r++) {
        const tb_doc_row *row = &b->table.rows[r];
        T->spark[r] = SIZE_MAX;
        for (size_t c = 0; c < nc; c++) {
            const tb_doc_column *col = &b->table.cols[c];
            if (col->sparkline)
                continue;
            unsigned st = row->total ? TB_LAYOUT_BOLD : 0;
            const char *text = S_fit(R, row->cells[c], st, size, T->w[c] - 2 * pad);
            T->cells[r * nc + c] = S_set_plain(R, b, text, st, size, 0, TB_LAYOUT_LEFT);
        }
        if (T->spark_col != SIZE_MAX && row->n_spark > 1) {
            size_t k = S_new_chart(R);
            S_chart *ch = &R->charts[k];
            ch->b = b;
            ch->series = tb_mem_calloc(1, sizeof *ch->series);
            ch->series[0].v = row->spark;
            ch->series[0].n = row->n_spark;
            tb_chart_spec_init(&ch->spec, TB_CHART_SPARKLINE);
            ch->spec.lang = R->lang;
            ch->spec.start = b->table.spark_from;
            ch->spec.series = ch->series;
            ch->spec.n_series = 1;
            ch->w = T->w[T->spark_col] - 2 * pad;
            ch->h = T->row_h - 4;
            ch->scale = 1;
            T->spark[r] = k;
        }
    }
    if (b->table.title && *b->table.title) {
        T->caption = S_set_plain(R, b, b->table.title, TB_LAYOUT_BOLD, 9.0, S_COL_W, TB_LAYOUT_LEFT);
        char *cont = S_keep(R, tb_mem_printf("%s %s", b->table.title, tb_lang(TB_L_CONTINUED, R->ko)));
        T->caption_cont = S_set_plain(R, b, cont, TB_LAYOUT_BOLD, 9.0, S_COL_W, TB_LAYOUT_LEFT);
    }
    R->stats.tables++;
}

static void S_prepare(S_render *R)
{
    size_t n = tb_doc_count(R->doc);
    R->prep = tb_mem_calloc(n ? n : 1, sizeof *R->prep);
    R->n_prep = n;
    const S_type *t = &R->t;
    for (size_t i = 0; i < n && !R->failed; i++) {
        const tb_doc_block *b = tb_doc_block_at(R->doc, i);
        const tb_doc_block *next = tb_doc_block_at(R->doc, i + 1);
        S_prep *p = &R->prep[i];
        p->b = b;
        p->chart = SIZE_MAX;
        p->colour = tb_rgb_hex(S_INK);
        switch (b->kind) {
        case TB_DOC_HEADING:
            if (b->level <= 0) {
                p->size = t->h0, p->lead = t->h0_lead, p->before = 0, p->after = 4;
                p->colour = tb_rgb_hex(S_NAVY);
            } else if (b->level == 1) {
                p->size = t->h1, p->lead = t->h1_lead, p->before = 20, p->after = 9;
                p->colour = tb_rgb_hex(S_NAVY);
            } else {
                p->size = t->h2, p->lead = t->h2_lead, p->before = 12, p->after = 4;
            }
            p->par = S_set_text(R, b, &b->text, TB_LAYOUT_BOLD, p->size, S_COL_W, TB_LAYOUT_LEFT);
            break;
        case TB_DOC_PARAGRAPH:
            p->size = t->body, p->lead = t->body_lead, p->before = 0, p->after = t->para_after;
            p->par = S_set_text(R, b, &b->text, 0, p->size, S_COL_W, TB_LAYOUT_JUSTIFY);
            break;
        case TB_DOC_FOOTNOTE:
            p->size = t->small, p->lead = t->small_lead;
            p->colour = tb_rgb_hex(S_GREY);
            p->par = S_set_text(R, b, &b->text, 0, p->size, S_COL_W, TB_LAYOUT_LEFT);
            break;
        case TB_DOC_SOURCE:
            p->size = t->small, p->lead = t->small_lead, p->before = 3, p->after = 12;
            p->colour = tb_rgb_hex(S_GREY);
            p->par = S_set_text(R, b, &b->text, 0, p->size, S_COL_W, TB_LAYOUT_LEFT);
            break;
        case TB_DOC_KPI:
            p->before = 6, p->after = 14;
            S_prep_kpi(R, p);
            break;
        case TB_DOC_CHART:
            p->before = 8, p->after = 12;
            p->chart = S_prep_chart(R, b, next && next->kind == TB_DOC_SOURCE);
            break;
        case TB_DOC_TABLE:
            p->before = 8, p->after = 12;
            S_prep_table(R, p);
            break;
        default:
            break;
        }
    }
}

/* ------------------------------------------------------------ paginate */

static double S_top(size_t page) { return page == 0 ? S_TOP_FIRST : S_TOP; }

static double S_gap(const S_render *R, double before) { return R->empty ? 0 : fmax(R->last_after, before); }

static double S_room(const S_render *R) { return S_BOTTOM - R->foot_h - R->y; }

/* Sets the footnotes of the current page at its foot. */
static void S_close_page(S_render *R)
{
    double h = 0;
    bool any = false;
    for (size_t i = 0; i < R->n_feet; i++)
        if (R->feet[i].page == R->page) {
            h += (any ? 3 : 0) + S_par_h(R->feet[i].par, R->feet[i].lead);
            any = true;
        }
    if (!any)
        return;
    double y = S_BOTTOM - h;
    S_put_rule(R, S_MARGIN, y - 6, 64, 0.5, S_RULE);
    for (size_t i = 0; i < R->n_feet; i++)
        if (R->feet[i].page == R->page) {
            const tb_layout_par *par = R->feet[i].par;
            S_put_lines(R, par, 0, par->n_lines, S_MARGIN, y, R->feet[i].lead, tb_rgb_hex(S_GREY));
            y += S_par_h(par, R->feet[i].lead) + 3;
        }
}

static void S_new_page(S_render *R)
{
    S_close_page(R);
    R->page++;
    R->y = S_top(R->page);
    R->empty = true;
    R->last_after = 0;
    R->foot_h = 0;
}

/* Starts a new page unless the current one is empty. */
static void S_break(S_render *R)
{
    if (!R->empty)
        S_new_page(R);
}

/* Height of the table rows FROM..TO-1. */
static double S_rows_h(const S_table *T, size_t from, size_t to) { return (double)(to - from) * T->row_h; }

static double S_table_head_h(const S_table *T, bool cont)
{
    const tb_layout_par *cap = cont ? T->caption_cont : T->caption;
    return (cap ? S_par_h(cap, 12.5) + 3 : 0) + 1 + T->head_h;
}

static double S_chart_h(const S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    double h = p->chart != SIZE_MAX ? R->charts[p->chart].h : 0;
    if (i + 1 < R->n_prep && R->prep[i + 1].b->kind == TB_DOC_SOURCE)
        h += R->prep[i + 1].before + S_par_h(R->prep[i + 1].par, R->prep[i + 1].lead);
    return h;
}

/* The least room table I may start in: all of it (and its source line)
 * when it has at most twelve rows, else its caption, header and six rows:
 * a table that would show only a few rows before the page turns starts on
 * the next page. */
static double S_table_start(const S_render *R, size_t i)
{
    const S_table *T = R->prep[i].tab;
    if (!T)
        return 0;
    double src = 0;
    if (i + 1 < R->n_prep && R->prep[i + 1].b->kind == TB_DOC_SOURCE)
        src = R->prep[i + 1].before + S_par_h(R->prep[i + 1].par, R->prep[i + 1].lead);
    double full = S_table_head_h(T, false) + S_rows_h(T, 0, T->nr) + 1 + src;
    double part = S_table_head_h(T, false) + S_rows_h(T, 0, T->nr < 6 ? T->nr : 6) + 1;
    return T->nr <= 12 ? full : part;
}

/* The least height block I needs at the start of a page region: what a
 * heading must be kept with.  Headings in a row count together (a loop,
 * not recursion). */
static double S_min_start(const S_render *R, size_t i)
{
    double h = 0;
    for (; i < R->n_prep; i++) {
        const S_prep *p = &R->prep[i];
        switch (p->b->kind) {
        case TB_DOC_HEADING:
            h += p->before + S_par_h(p->par, p->lead) + p->after;
            continue;
        case TB_DOC_SPACER:
        case TB_DOC_FOOTNOTE:
            continue;
        case TB_DOC_PARAGRAPH: {
            size_t n = p->par ? p->par->n_lines : 0;
            return h + (double)(n <= 3 ? n : 2) * p->lead;
        }
        case TB_DOC_KPI:
            return h + p->before + p->kpi_h;
        case TB_DOC_CHART:
            return h + p->before + S_chart_h(R, i);
        case TB_DOC_TABLE:
            return h + p->before + S_table_start(R, i);
        default:
            return h;
        }
    }
    return h;
}

static void S_mark(S_render *R, const S_prep *p, double y)
{
    S_op *op = S_push(R, S_OP_MARK);
    op->y = y;
    op->level = p->b->level;
    op->title = p->b->text.plain;
    op->b = p->b;
}


/* The period the document is about, as its masthead and running header
 * say it: the template's @meta period ("1–20 August 2026") when given,
 * else the month. */
static const char *S_period(const S_render *R, char buf[static TB_FMT_SIZE])
{
    const char *period = tb_doc_meta(R->doc, "period");
    if (period && *period)
        return period;
    tb_fmt_month(buf, TB_FMT_SIZE, R->month, TB_FMT_MONTH_LONG, R->lang);
    return buf;
}

static void S_place_heading(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    double gap = S_gap(R, p->before), h = S_par_h(p->par, p->lead);
    double need = gap + h + p->after + S_min_start(R, i + 1);
    if (p->b->level > 0 && need > S_room(R))
        S_break(R), gap = 0;
    double top = R->y + gap;
    S_mark(R, p, top);
    S_put_lines(R, p->par, 0, p->par->n_lines, S_MARGIN, top, p->lead, p->colour);
    R->y = top + h;
    if (p->b->level == 0) {
        /* The masthead: an accent bar above, the dataset and month below. */
        S_put_rect(R, S_MARGIN, top - 12, 44, 3.2, tb_rgb_hex(S_NAVY));
        R->y += 2;
        const char *sub = NULL;
        char buf[TB_FMT_SIZE];
        const char *mon = S_period(R, buf);
        const char *title = tb_doc_meta(R->doc, "dataset_title");
        if (!title)
            title = tb_doc_meta(R->doc, "subject");
        sub = S_keep(R, title && *title ? tb_mem_printf("%s  \xc2\xb7  %s", title, mon) : tb_mem_strdup(mon));
        tb_layout_par *sp = S_set_plain(R, p->b, sub, 0, 10, S_COL_W, TB_LAYOUT_LEFT);
        if (sp) {
            S_put_lines(R, sp, 0, sp->n_lines, S_MARGIN, R->y, 14, tb_rgb_hex(S_GREY));
            R->y += S_par_h(sp, 14) + 8;
        }
        S_put_rule(R, S_MARGIN, R->y, S_COL_W, 1.1, S_NAVY);
        R->y += 1;
        R->last_after = 16;
    } else {
        if (p->b->level == 1)
            S_put_rule(R, S_MARGIN, R->y + 3.5, S_COL_W, 0.6, S_RULE);
        R->last_after = p->after;
    }
    R->empty = false;
}

static void S_place_paragraph(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    size_t n = p->par ? p->par->n_lines : 0, done = 0;
    if (n == 0)
        return;
    while (done < n) {
        double gap = S_gap(R, p->before);
        size_t left = n - done;
        double room = S_room(R) - gap;
        size_t fit = room > 0 ? (size_t)floor((room + 0.01) / p->lead) : 0;
        size_t take;
        if (fit >= left) {
            take = left;
        } else if (fit >= 2 && left - fit >= 2) {
            take = fit;
        } else if (fit >= 2 && left >= 4) {
            take = left - 2; /* leave two lines for the next page */
        } else if (!R->empty) {
            S_new_page(R);
            continue;
        } else {
            take = fit ? fit : 1; /* a page too short for the rules: fill it */
        }
        double top = R->y + gap;
        S_put_lines(R, p->par, done, done + take, S_MARGIN, top, p->lead, p->colour);
        R->y = top + (double)take * p->lead;
        R->empty = false;
        R->last_after = p->after;
        done += take;
        if (done < n)
            S_new_page(R);
    }
}

static void S_arrow(S_render *R, double x, double y, double w, double h, enum tb_doc_dir dir, tb_rgba colour)
{
    S_op *op = S_push(R, S_OP_ARROW);
    op->x = x, op->y = y, op->w = w, op->h = h;
    op->dir = dir;
    op->colour = colour;
}

static tb_rgba S_dir_colour(enum tb_doc_dir d)
{
    return d == TB_DOC_DIR_UP     ? tb_chart_colour_positive()
           : d == TB_DOC_DIR_DOWN ? tb_chart_colour_negative()
                                  : tb_rgb_hex(S_GREY);
}

static void S_place_kpi(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    if (p->n_kpi == 0)
        return;
    double gap = S_gap(R, p->before);
    if (gap + p->kpi_h > S_room(R) && !R->empty)
        S_new_page(R), gap = 0;
    double top = R->y + gap, boxgap = 8, w = (S_COL_W - boxgap * (double)(p->n_kpi - 1)) / (double)p->n_kpi;
    for (size_t k = 0; k < p->n_kpi; k++) {
        const S_kpi *q = &p->kpi[k];
        double x = S_MARGIN + (double)k * (w + boxgap), y = top;
        S_put_rect(R, x, y, w, p->kpi_h, tb_rgb_hex(S_BOX));
        S_put_rect(R, x, y, w, 2.4, tb_rgb_hex(S_NAVY));
        x += 9;
        y += 10;
        S_put_lines(R, q->label, 0, q->label ? q->label->n_lines : 0, x, y, 9.8, tb_rgb_hex(S_GREY));
        y += p->kpi_label_h + 2;
        if (q->value) {
            S_put_lines(R, q->value, 0, q->value->n_lines, x, y, 22, tb_rgb_hex(S_INK));
            y += 22;
        }
        if (q->change) {
            y += 4;
            tb_rgba col = S_dir_colour(q->dir);
            double dx = 0;
            if (q->dir != TB_DOC_DIR_NONE) {
                S_arrow(R, x, y + 3.2, 7.2, 6.2, q->dir, col);
                dx = 11;
            }
            S_put_lines(R, q->change, 0, q->change->n_lines, x + dx, y, 12, col);
            y += S_par_h(q->change, 12);
        }
        if (q->note) {
            y += 1;
            S_put_lines(R, q->note, 0, q->note->n_lines, x, y, 9.4, tb_rgb_hex(S_GREY));
        }
    }
    R->y = top + p->kpi_h;
    R->empty = false;
    R->last_after = p->after;
}

static void S_place_chart(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    if (p->chart == SIZE_MAX)
        return;
    S_chart *c = &R->charts[p->chart];
    double gap = S_gap(R, p->before), need = gap + S_chart_h(R, i), room = S_room(R);
    if (need > room && need - room <= c->h * (1 - S_CHART_SHRINK)) {
        c->h -= need - room; /* a little shorter rather than a page break */
        S_probe_chart(R, p->chart);
    } else if (need > room && !R->empty) {
        S_new_page(R), gap = 0;
    }
    S_op *op = S_push(R, S_OP_CHART);
    op->x = S_MARGIN - S_CHART_INSET * c->scale;
    op->y = R->y + gap;
    op->w = c->w;
    op->h = c->h;
    op->chart = p->chart;
    op->b = p->b;
    R->y = op->y + c->h;
    R->empty = false;
    R->last_after = p->after;
}

/* The table's caption and header at the current position. */
static void S_table_head(S_render *R, const S_table *T, bool cont)
{
    const tb_layout_par *cap = cont ? T->caption_cont : T->caption;
    if (cap) {
        S_put_lines(R, cap, 0, cap->n_lines, S_MARGIN, R->y, 12.5, tb_rgb_hex(S_INK));
        R->y += S_par_h(cap, 12.5) + 3;
    }
    S_put_rule(R, S_MARGIN, R->y, S_COL_W, 0.9, S_INK);
    R->y += 1;
    if (T->head_h > 0) {
        const double pad = 5;
        size_t lines = (size_t)lround((T->head_h - 8) / T->lead);
        for (size_t c = 0; c < T->nc; c++) {
            const tb_layout_par *h = T->head[c];
            if (!h)
                continue;
            /* headers sit on the rule below them */
            double top = R->y + 4 + (double)(lines - h->n_lines) * T->lead;
            S_put_lines(R, h, 0, h->n_lines, S_MARGIN + T->x[c] + pad, top, T->lead, tb_rgb_hex(S_GREY));
        }
        R->y += T->head_h;
        S_put_rule(R, S_MARGIN, R->y, S_COL_W, 0.45, S_INK);
    }
}

static void S_table_rows(S_render *R, const tb_doc_block *b, const S_table *T, size_t from, size_t to)
{
    const double pad = 5;
    for (size_t r = from; r < to; r++) {
        const tb_doc_row *row = &b->table.rows[r];
        double top = R->y;
        /* a total row is set apart by a firmer rule on its inner side */
        bool prev_total = r > from && b->table.rows[r - 1].total;
        if ((row->total || prev_total) && r > from)
            S_put_rule(R, S_MARGIN, top, S_COL_W, 0.6, S_INK);
        else if (r > from)
            S_put_rule(R, S_MARGIN, top, S_COL_W, 0.3, S_HAIR);
        for (size_t c = 0; c < T->nc; c++) {
            double x = S_MARGIN + T->x[c] + pad, w = T->w[c] - 2 * pad;
            if (c == T->spark_col) {
                if (T->spark[r] != SIZE_MAX) {
                    S_op *op = S_push(R, S_OP_CHART);
                    op->x = x;
                    op->y = top + 2;
                    op->w = R->charts[T->spark[r]].w;
                    op->h = R->charts[T->spark[r]].h;
                    op->chart = T->spark[r];
                    op->b = b;
                }
                continue;
            }
            const tb_layout_par *cell = T->cells[r * T->nc + c];
            if (!cell || cell->n_lines == 0)
                continue;
            double lw = cell->lines[0].width;
            enum tb_doc_align al = b->table.cols[c].align;
            double dx = al == TB_DOC_RIGHT ? w - lw : al == TB_DOC_CENTER ? (w - lw) / 2 : 0;
            S_op *op = S_push(R, S_OP_TEXT);
            op->par = cell;
            op->line = 0;
            op->x = x + dx;
            op->y = top + (T->row_h + 0.72 * T->size) / 2;
            op->colour = tb_rgb_hex(S_INK);
        }
        R->y += T->row_h;
    }
}

static void S_place_table(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    const S_table *T = p->tab;
    if (!T)
        return;
    double after_src = 0;
    if (i + 1 < R->n_prep && R->prep[i + 1].b->kind == TB_DOC_SOURCE)
        after_src = R->prep[i + 1].before + S_par_h(R->prep[i + 1].par, R->prep[i + 1].lead);
    size_t done = 0;
    bool cont = false;
    if (!R->empty && S_gap(R, p->before) + S_table_start(R, i) > S_room(R))
        S_new_page(R);
    while (true) {
        double gap = cont ? 0 : S_gap(R, p->before);
        double room = S_room(R) - gap - S_table_head_h(T, cont) - 1;
        size_t left = T->nr - done;
        size_t fit = room > 0 ? (size_t)floor((room + 0.01) / T->row_h) : 0;
        size_t take;
        if (fit >= left && (fit > left || room - S_rows_h(T, done, T->nr) >= after_src)) {
            take = left;
        } else if (fit >= left) {
            take = left >= 3 ? left - 2 : 0; /* the source line must follow the last rows */
        } else {
            take = fit;
            if (left - take == 1 && take >= 3)
                take--; /* no single row alone on the next page */
        }
        if (take < (left < 2 ? left : 2) && !R->empty) {
            if (take == 0 || take < left) {
                S_new_page(R);
                continue;
            }
        }
        if (take == 0)
            take = left ? 1 : 0;
        R->y += gap;
        S_table_head(R, T, cont);
        S_table_rows(R, p->b, T, done, done + take);
        S_put_rule(R, S_MARGIN, R->y, S_COL_W, 0.9, S_INK);
        R->y += 1;
        R->empty = false;
        R->last_after = p->after;
        done += take;
        if (done >= T->nr)
            break;
        R->stats.table_splits++;
        S_new_page(R);
        cont = true;
    }
}

static void S_place_text(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    if (!p->par || p->par->n_lines == 0)
        return;
    double gap = R->empty ? 0 : p->before, h = S_par_h(p->par, p->lead);
    if (gap + h > S_room(R) && !R->empty)
        S_new_page(R), gap = 0;
    S_put_lines(R, p->par, 0, p->par->n_lines, S_MARGIN, R->y + gap, p->lead, p->colour);
    R->y += gap + h;
    R->empty = false;
    R->last_after = p->after;
}

static void S_place_footnote(S_render *R, size_t i)
{
    const S_prep *p = &R->prep[i];
    if (!p->par || p->par->n_lines == 0)
        return;
    bool first = true;
    for (size_t k = 0; k < R->n_feet; k++)
        if (R->feet[k].page == R->page)
            first = false;
    double h = S_par_h(p->par, p->lead) + (first ? 14 : 3);
    if (h > S_room(R) && !R->empty)
        S_new_page(R), first = true, h = S_par_h(p->par, p->lead) + 14;
    R->foot_h += h;
    TB_GROW(R->feet, R->cap_feet, R->n_feet + 1);
    R->feet[R->n_feet++] = (S_foot){R->page, p->par, p->lead};
}

static void S_paginate(S_render *R)
{
    R->page = 0;
    R->y = S_top(0);
    R->empty = true;
    for (size_t i = 0; i < R->n_prep && !R->failed; i++) {
        const S_prep *p = &R->prep[i];
        R->cur_blk = i;
        switch (p->b->kind) {
        case TB_DOC_PAGEBREAK:
            S_break(R);
            break;
        case TB_DOC_HEADING:
            if (p->par)
                S_place_heading(R, i);
            break;
        case TB_DOC_PARAGRAPH:
            S_place_paragraph(R, i);
            break;
        case TB_DOC_KPI:
            S_place_kpi(R, i);
            break;
        case TB_DOC_CHART:
            S_place_chart(R, i);
            break;
        case TB_DOC_TABLE:
            S_place_table(R, i);
            break;
        case TB_DOC_FOOTNOTE:
            S_place_footnote(R, i);
            break;
        case TB_DOC_SOURCE:
            S_place_text(R, i);
            break;
        case TB_DOC_SPACER:
            if (!R->empty)
                R->y += p->b->lines * R->t.body_lead;
            break;
        default:
            break;
        }
    }
    R->cur_blk = SIZE_MAX;
    S_close_page(R);
    R->n_pages = R->page + 1;
}

/* The row (1-based; 0: caption or header) of table T that cell text PAR is in. */
static size_t S_row_of(const S_table *T, const tb_layout_par *par)
{
    for (size_t k = 0; par && k < T->nr * T->nc; k++)
        if (T->cells[k] == par)
            return k / T->nc + 1;
    return 0;
}

/* Where op OP puts its block's content: *BLK and *AT as in tb_pdf_place;
 * false for ops of no block. */
static bool S_op_place(const S_render *R, const S_op *op, size_t *blk, size_t *at)
{
    *blk = op->blk;
    *at = 0;
    if (op->kind == S_OP_TEXT) {
        for (size_t i = 0; i < R->n_prep; i++)
            if (R->prep[i].par && R->prep[i].par == op->par) {
                const tb_layout_line *l = &op->par->lines[op->line];
                *blk = i; /* footnotes are set at the foot of the page, after later blocks */
                *at = l->n ? op->par->pieces[l->first].off : 0;
                return true;
            }
        if (*blk != SIZE_MAX && R->prep[*blk].tab)
            *at = S_row_of(R->prep[*blk].tab, op->par);
    } else if (op->kind != S_OP_CHART) {
        return false;
    }
    return *blk != SIZE_MAX;
}

/* Fills R->stats.places: where each block's content went, page by page. */
static void S_places(S_render *R)
{
    size_t n = R->n_prep;
    size_t *last_page = tb_mem_calloc(n + 1, sizeof *last_page), *last_at = tb_mem_calloc(n + 1, sizeof *last_at);
    size_t cap = 0;
    for (size_t i = 0; i < R->n_ops; i++) {
        size_t blk, at;
        if (!S_op_place(R, &R->ops[i], &blk, &at) || blk >= n)
            continue;
        size_t page = R->ops[i].page + 1;
        if (last_page[blk] == page || (last_page[blk] && at < last_at[blk]))
            continue;
        last_page[blk] = page;
        last_at[blk] = at;
        TB_GROW(R->stats.places, cap, R->stats.n_places + 1);
        R->stats.places[R->stats.n_places++] = (tb_pdf_place){blk, at, page};
    }
    free(last_page);
    free(last_at);
}

/* Running headers and footers, once the page count is known. */
static void S_furniture(S_render *R)
{
    const char *title = tb_doc_meta(R->doc, "dataset_title");
    if (!title)
        title = tb_doc_meta(R->doc, "title");
    char buf[TB_FMT_SIZE];
    const char *mon = S_period(R, buf);
    tb_layout_par *left = title ? S_set_plain(R, NULL, title, 0, 7.8, 0, TB_LAYOUT_LEFT) : NULL;
    tb_layout_par *right = S_set_plain(R, NULL, mon, 0, 7.8, 0, TB_LAYOUT_LEFT);
    for (size_t pg = 0; pg < R->n_pages && !R->failed; pg++) {
        R->page = pg;
        if (pg > 0) {
            if (left && left->n_lines) {
                S_op *op = S_push(R, S_OP_TEXT);
                op->par = left, op->x = S_MARGIN, op->y = S_HEADER_BASE, op->colour = tb_rgb_hex(S_GREY);
            }
            if (right && right->n_lines) {
                S_op *op = S_push(R, S_OP_TEXT);
                op->par = right, op->x = S_MARGIN + S_COL_W - right->lines[0].width, op->y = S_HEADER_BASE;
                op->colour = tb_rgb_hex(S_GREY);
            }
            S_put_rule(R, S_MARGIN, S_HEADER_BASE + 6, S_COL_W, 0.4, S_RULE);
        }
        char *num = S_keep(R, R->ko ? tb_mem_printf("%zu / %zu", pg + 1, R->n_pages)
                                    : tb_mem_printf("Page %zu of %zu", pg + 1, R->n_pages));
        tb_layout_par *foot = S_set_plain(R, NULL, num, 0, 7.8, 0, TB_LAYOUT_LEFT);
        if (foot && foot->n_lines) {
            S_op *op = S_push(R, S_OP_TEXT);
            op->par = foot, op->x = S_MARGIN + S_COL_W - foot->lines[0].width, op->y = S_FOOTER_BASE;
            op->colour = tb_rgb_hex(S_GREY);
        }
    }
}

/* ------------------------------------------------------------ fonts */

/* Builds and loads the subset of each font the document uses. */
static int S_load_fonts(S_render *R, HPDF_Doc pdf, HPDF_Font fonts[TB_FONT_COUNT])
{
    for (size_t i = 0; i < R->n_pars; i++) {
        const tb_layout_par *p = R->pars[i];
        for (size_t k = 0; k < p->n_pieces; k++)
            S_add_cps(R, p->pieces[k].font, p->text + p->pieces[k].off, p->pieces[k].len);
    }
    for (int f = 0; f < TB_FONT_COUNT; f++) {
        fonts[f] = NULL;
        if (R->n_cps[f] == 0)
            continue;
        char err[512];
        fonts[f] = tb_pdf_font_embed(pdf, f, R->cps[f], R->n_cps[f], err, sizeof err);
        if (!fonts[f]) {
            S_error(R, NULL, "%s", err);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ draw */

static double S_py(double y) { return S_PAGE_H - y; }

static void S_fill(HPDF_Page page, tb_rgba c)
{
    HPDF_Page_SetRGBFill(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void S_draw_text(HPDF_Page page, HPDF_Font fonts[TB_FONT_COUNT], const S_op *op)
{
    const tb_layout_par *p = op->par;
    const tb_layout_line *ln = &p->lines[op->line];
    char stackbuf[512];
    S_fill(page, op->colour);
    HPDF_Page_BeginText(page);
    int cur = -1;
    for (size_t k = 0; k < ln->n; k++) {
        const tb_layout_piece *pc = &p->pieces[ln->first + k];
        if (!fonts[pc->font])
            continue;
        if (pc->font != cur) {
            HPDF_Page_SetFontAndSize(page, fonts[pc->font], (HPDF_REAL)p->size);
            cur = pc->font;
        }
        double skew = (pc->style & TB_LAYOUT_EMPH) ? 0.21 : 0; /* emphasis: slanted, about 12 degrees */
        HPDF_Page_SetTextMatrix(page, 1, 0, (HPDF_REAL)skew, 1, (HPDF_REAL)(op->x + pc->x), (HPDF_REAL)S_py(op->y));
        char *s = pc->len < sizeof stackbuf ? stackbuf : tb_mem_alloc(pc->len + 1);
        memcpy(s, p->text + pc->off, pc->len);
        s[pc->len] = '\0';
        HPDF_Page_ShowText(page, s);
        if (s != stackbuf)
            free(s);
    }
    HPDF_Page_EndText(page);
}

static void S_draw_arrow(HPDF_Page page, const S_op *op)
{
    double x = op->x, y = op->y, w = op->w, h = op->h;
    S_fill(page, op->colour);
    switch (op->dir) {
    case TB_DOC_DIR_UP:
        HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)S_py(y + h));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w / 2), (HPDF_REAL)S_py(y));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)S_py(y + h));
        break;
    case TB_DOC_DIR_DOWN:
        HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)S_py(y));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w / 2), (HPDF_REAL)S_py(y + h));
        HPDF_Page_LineTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)S_py(y));
        break;
    case TB_DOC_DIR_FLAT:
        HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)S_py(y + h / 2 + 1), (HPDF_REAL)w, 2);
        break;
    default:
        return;
    }
    HPDF_Page_ClosePath(page);
    HPDF_Page_Fill(page);
}

static HPDF_Outline S_outline(S_render *R, HPDF_Doc pdf, HPDF_Page page, const S_op *op, HPDF_Outline parent)
{
    HPDF_Outline o = HPDF_CreateOutline(pdf, parent, op->title, HPDF_GetEncoder(pdf, "UTF-8"));
    if (!o)
        return NULL;
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (dst) {
        HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)S_py(op->y - 14), 1);
        /* A null zoom keeps the reader's zoom; libharu accepts only
         * 0.08..32, so the zoom it wrote is swapped for null. */
        HPDF_Array a = (HPDF_Array)dst;
        if (HPDF_Array_Items(a) == 5) {
            void *zoom = HPDF_List_RemoveByIndex(a->list, 4);
            if (zoom)
                HPDF_Obj_Free(a->mmgr, zoom);
            HPDF_Array_Add(a, HPDF_Null_New(a->mmgr));
        }
        HPDF_Outline_SetDestination(o, dst);
    }
    HPDF_Outline_SetOpened(o, HPDF_TRUE);
    R->stats.outlines++;
    return o;
}

static void S_metadata(S_render *R, HPDF_Doc pdf)
{
    static const struct {
        const char *key;
        HPDF_InfoType type;
    } keys[] = {{"title", HPDF_INFO_TITLE},
                {"subject", HPDF_INFO_SUBJECT},
                {"author", HPDF_INFO_AUTHOR},
                {"keywords", HPDF_INFO_KEYWORDS}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = tb_doc_meta(R->doc, keys[i].key);
        if (v && *v)
            HPDF_SetInfoAttr(pdf, keys[i].type, v);
    }
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "tradebrief");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "tradebrief (libharu " HPDF_VERSION_TEXT ")");
    const char *sde = getenv("SOURCE_DATE_EPOCH"), *pub = tb_doc_meta(R->doc, "published");
    int py, pm, pd;
    if ((!sde || !*sde) && pub && tb_notes_date(pub, &py, &pm, &pd)) {
        /* the publication date the notes file gives (release metadata) */
        HPDF_Date d = {py, pm, pd, 0, 0, 0, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    } else if ((!sde || !*sde) && R->month != TB_MONTH_NONE) {
        /* tb_hpdf_doc_new set the dates from SOURCE_DATE_EPOCH when given;
         * else the first day after the reference month */
        tb_month next = R->month + 1;
        HPDF_Date d = {tb_month_year(next), tb_month_mon(next), 1, 0, 0, 0, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    }
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

static int S_save(S_render *R, HPDF_Doc pdf, tb_hpdf_status *st, unsigned char **out, size_t *len)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK || st->error) {
        S_error(R, NULL, "libharu could not save the PDF (error 0x%04X, detail %u)", (unsigned)st->error,
                (unsigned)st->detail);
        return -1;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    unsigned char *buf = tb_mem_alloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(pdf, buf + got, &n);
        got += n;
        if (n == 0 || (r != HPDF_OK && r != HPDF_STREAM_EOF))
            break;
    }
    if (got != size) {
        free(buf);
        S_error(R, NULL, "libharu returned %u of %u bytes", (unsigned)got, (unsigned)size);
        return -1;
    }
    *out = buf;
    *len = size;
    return 0;
}

/* The notes file's logo (document metadata "logo": a PNG the notes
 * loader checked) at the top right of page 1, above the title: 24 pt
 * high, at most 120 pt wide. */
static void S_draw_logo(S_render *R, HPDF_Doc pdf, HPDF_Page page)
{
    const char *path = tb_doc_meta(R->doc, "logo");
    HPDF_Image img = path ? HPDF_LoadPngImageFromFile(pdf, path) : NULL;
    if (path && !img)
        S_error(R, NULL, "%s: cannot read the logo as a PNG image", path);
    if (!img || HPDF_Image_GetHeight(img) == 0)
        return;
    double h = 24, w = h * HPDF_Image_GetWidth(img) / (double)HPDF_Image_GetHeight(img);
    if (w > 120) {
        h *= 120 / w;
        w = 120;
    }
    HPDF_Page_DrawImage(page, img, (HPDF_REAL)(S_PAGE_W - S_MARGIN - w), (HPDF_REAL)S_py(14 + h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
}

static int S_draw(S_render *R, unsigned char **out, size_t *len)
{
    tb_hpdf_status st = {0};
    HPDF_Doc pdf = tb_hpdf_doc_new(&st);
    if (!pdf) {
        S_error(R, NULL, "libharu cannot start");
        return -1;
    }
    HPDF_Font fonts[TB_FONT_COUNT];
    int rc = S_load_fonts(R, pdf, fonts);
    HPDF_Outline section = NULL;
    for (size_t pg = 0; rc == 0 && pg < R->n_pages; pg++) {
        HPDF_Page page = HPDF_AddPage(pdf);
        if (!page) {
            S_error(R, NULL, "libharu cannot add page %zu (error 0x%04X)", pg + 1, (unsigned)st.error);
            rc = -1;
            break;
        }
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        if (pg == 0)
            S_draw_logo(R, pdf, page);
        for (size_t i = 0; i < R->n_ops && !R->failed; i++) {
            const S_op *op = &R->ops[i];
            if (op->page != pg)
                continue;
            switch (op->kind) {
            case S_OP_TEXT:
                S_draw_text(page, fonts, op);
                break;
            case S_OP_RECT:
                S_fill(page, op->colour);
                HPDF_Page_Rectangle(page, (HPDF_REAL)op->x, (HPDF_REAL)S_py(op->y + op->h), (HPDF_REAL)op->w,
                                    (HPDF_REAL)op->h);
                HPDF_Page_Fill(page);
                break;
            case S_OP_RULE:
                HPDF_Page_SetRGBStroke(page, (HPDF_REAL)op->colour.r, (HPDF_REAL)op->colour.g,
                                       (HPDF_REAL)op->colour.b);
                HPDF_Page_SetLineWidth(page, (HPDF_REAL)op->lw);
                HPDF_Page_MoveTo(page, (HPDF_REAL)op->x, (HPDF_REAL)S_py(op->y));
                HPDF_Page_LineTo(page, (HPDF_REAL)(op->x + op->w), (HPDF_REAL)S_py(op->y));
                HPDF_Page_Stroke(page);
                break;
            case S_OP_ARROW:
                S_draw_arrow(page, op);
                break;
            case S_OP_CHART: {
                /* The canvas draws at (0, 0) of a page scaled about the
                 * chart's top-left corner. */
                const S_chart *c = &R->charts[op->chart];
                double k = c->scale;
                HPDF_Page_GSave(page);
                HPDF_Page_Concat(page, (HPDF_REAL)k, 0, 0, (HPDF_REAL)k, (HPDF_REAL)op->x,
                                 (HPDF_REAL)(S_py(op->y) - k * S_PAGE_H));
                tb_canvas *cv = tb_canvas_hpdf_new(pdf, page, &st, 0, 0, op->w / k, op->h / k);
                for (int f = 0; f < TB_FONT_COUNT; f++)
                    if (fonts[f]) /* the subsets already hold the chart's glyphs */
                        tb_canvas_hpdf_use_font(cv, f, fonts[f]);
                tb_canvas_set_lang(cv, R->lang);
                tb_chart_draw(&c->spec, cv);
                if (tb_canvas_finish(cv) != 0)
                    S_error(R, op->b, "chart \"%s\": %s", c->name ? c->name : "sparkline", tb_canvas_error(cv));
                tb_canvas_free(cv);
                HPDF_Page_GRestore(page);
                break;
            }
            case S_OP_MARK: {
                HPDF_Outline o = S_outline(R, pdf, page, op, op->level >= 2 ? section : NULL);
                if (op->level <= 1)
                    section = o;
                break;
            }
            default:
                break;
            }
        }
        if (st.error && !R->failed)
            S_error(R, NULL, "libharu error 0x%04X (detail %u) on page %zu", (unsigned)st.error,
                    (unsigned)st.detail, pg + 1);
        if (R->failed)
            rc = -1;
    }
    if (rc == 0) {
        S_metadata(R, pdf);
        rc = S_save(R, pdf, &st, out, len);
    }
    HPDF_Free(pdf);
    return rc;
}

/* ------------------------------------------------------------ entry points */

static void S_render_free(S_render *R)
{
    for (size_t i = 0; i < R->n_pars; i++)
        tb_layout_free(R->pars[i]);
    free(R->pars);
    for (size_t i = 0; i < R->n_charts; i++)
        free(R->charts[i].series);
    free(R->charts);
    for (size_t i = 0; i < R->n_prep; i++) {
        free(R->prep[i].kpi);
        S_table *T = R->prep[i].tab;
        if (T) {
            free(T->x);
            free(T->w);
            free(T->head);
            free(T->cells);
            free(T->spark);
            free(T);
        }
    }
    free(R->prep);
    free(R->ops);
    free(R->feet);
    for (size_t i = 0; i < R->n_strs; i++)
        free(R->strs[i]);
    free(R->strs);
    for (int f = 0; f < TB_FONT_COUNT; f++)
        free(R->cps[f]);
}

int tb_pdf_render_mem(const tb_doc *doc, const tb_pdf_options *opt, unsigned char **out, size_t *len,
                      tb_pdf_stats *stats, tb_diag *diag)
{
    *out = NULL;
    *len = 0;
    S_render R;
    memset(&R, 0, sizeof R);
    R.cur_blk = SIZE_MAX;
    R.doc = doc;
    R.diag = diag;
    R.lang = opt && opt->lang ? opt->lang : tb_doc_meta(doc, "lang");
    if (!R.lang || !*R.lang)
        R.lang = "en";
    R.ko = tb_fmt_is_ko(R.lang);
    R.t = R.ko ? S_TYPE_KO : S_TYPE_EN;
    R.month = opt ? opt->month : TB_MONTH_NONE;
    const char *m = tb_doc_meta(doc, "month");
    if (R.month == TB_MONTH_NONE && m)
        tb_month_parse(m, strlen(m), TB_MONTH_ISO, &R.month);
    int rc = -1;
    if (!R.failed)
        S_prepare(&R);
    if (!R.failed)
        S_paginate(&R);
    if (!R.failed && opt && opt->places)
        S_places(&R);
    if (!R.failed)
        S_furniture(&R);
    if (!R.failed)
        rc = S_draw(&R, out, len);
    R.stats.pages = R.n_pages;
    if (stats)
        *stats = R.stats;
    else
        free(R.stats.places);
    S_render_free(&R);
    return rc;
}

int tb_pdf_render(const tb_doc *doc, const tb_pdf_options *opt, const char *out_path, tb_pdf_stats *stats,
                  tb_diag *diag)
{
    unsigned char *pdf;
    size_t len;
    if (tb_pdf_render_mem(doc, opt, &pdf, &len, stats, diag) != 0)
        return -1;
    int rc = tb_artifact_write(out_path, pdf, len);
    if (rc != 0)
        tb_diag_error(diag, out_path, 0, 0, NULL, "cannot write the report: %s", strerror(errno));
    free(pdf);
    return rc;
}
