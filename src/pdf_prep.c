/* pdf_prep: measuring the blocks (see pdf_prep.h). */
#include "pdf_prep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_probe.h"
#include "lang.h"
#include "mem.h"

static void S_probe_text(int font, const char *s, size_t len, void *user)
{
    tb_pdf_state *R = user;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = tb_utf8_next(s + i, len - i, &cp);
        if (cp != ' ' && (cp > 0xFFFF || !tb_font_has_glyph(font, cp)) && !R->failed)
            tb_pdf_state_error(R, R->probe_block, "chart text \"%.*s\": U+%04X (%.*s) is not in %s", (int)len, s,
                               (unsigned)cp, (int)k, s + i, tb_font_name(font));
        i += k;
    }
    tb_pdf_state_add_cps(R, font, s, len);
}

/* Draws chart K on a probe canvas of its drawing size: the text it sets, in
 * which fonts (see canvas_probe.h). */
void tb_pdf_prep_probe_chart(tb_pdf_state *R, size_t k)
{
    const tb_pdf_chart *c = &R->charts[k];
    R->probe_block = c->b;
    tb_canvas *probe = tb_canvas_probe_new(c->w / c->scale, c->h / c->scale, S_probe_text, R);
    tb_canvas_set_lang(probe, R->lang);
    if (tb_chart_draw(&c->spec, probe) != 0)
        tb_pdf_state_error(R, c->b, "chart \"%s\": %s", c->name, tb_canvas_error(probe));
    tb_canvas_free(probe);
}

/* The chart of block B, its spec (data, texts, window) as the document
 * holds it, sized to the column and probed for its text.  SOURCE_FOLLOWS
 * drops the chart's own source line (the document's comes next).  Returns
 * the chart index, or SIZE_MAX after an error. */
static size_t S_prep_chart(tb_pdf_state *R, const tb_doc_block *b, bool source_follows)
{
    const char *name = b->chart.name ? b->chart.name : "";
    if (!b->chart.spec) {
        tb_pdf_state_error(R, b, "chart \"%s\": no data in the document (it was made without a dataset)", name);
        return SIZE_MAX;
    }
    size_t k = tb_pdf_state_new_chart(R);
    tb_pdf_chart *c = &R->charts[k];
    c->b = b;
    c->name = tb_pdf_state_keep(R, tb_mem_strdup(name));
    c->spec = *b->chart.spec;
    if (source_follows)
        c->spec.source = NULL;
    double w0, h0;
    tb_chart_default_size(&c->spec, &w0, &h0);
    c->scale = TB_PDF_CHART_SCALE;
    c->w = R->pg.col_w + 2 * TB_PDF_CHART_INSET * c->scale;
    c->h = h0 * (R->pg.col_w / w0) * 0.84;
    if (b->chart.height_mm > 0)
        c->h = b->chart.height_mm * 72.0 / 25.4;
    double room = R->pg.bottom - R->pg.top - 40;
    if (c->h > room)
        c->h = room;
    if (c->h < 60)
        c->h = 60;
    tb_pdf_prep_probe_chart(R, k);
    R->stats.charts++;
    return k;
}

static void S_prep_kpi(tb_pdf_state *R, tb_pdf_prep *p)
{
    const tb_doc_block *b = p->b;
    size_t n = b->kpi.n;
    if (n == 0)
        return;
    double gap = 8, w = (R->pg.col_w - gap * (double)(n - 1)) / (double)n, inner = w - 18;
    p->kpi = tb_mem_calloc(n, sizeof *p->kpi);
    p->n_kpi = n;
    double h = 0, label_h = 0;
    for (size_t i = 0; i < n; i++) {
        const tb_doc_kpi *k = &b->kpi.items[i];
        tb_pdf_kpi *q = &p->kpi[i];
        q->dir = k->dir;
        q->label = tb_pdf_state_set_plain(R, b, k->label, TB_LAYOUT_BOLD, 7.8, inner, TB_LAYOUT_LEFT);
        double vs = 17;
        double vw = tb_layout_width(k->value, TB_LAYOUT_BOLD, R->lang, vs);
        if (vw > inner)
            vs = fmax(9, vs * inner / vw);
        q->value = tb_pdf_state_set_plain(R, b, k->value, TB_LAYOUT_BOLD, vs, 0, TB_LAYOUT_LEFT);
        double arrow = k->dir != TB_DOC_DIR_NONE ? 11 : 0;
        q->change = *k->change
                        ? tb_pdf_state_set_plain(R, b, k->change, TB_LAYOUT_BOLD, 9.2, inner - arrow, TB_LAYOUT_LEFT)
                        : NULL;
        q->note = *k->note ? tb_pdf_state_set_plain(R, b, k->note, 0, 7.4, inner, TB_LAYOUT_LEFT) : NULL;
        double hi = 24 + (q->change ? 4 + tb_pdf_state_par_h(q->change, 12) : 0) +
                    (q->note ? 1 + tb_pdf_state_par_h(q->note, 9.4) : 0);
        h = fmax(h, hi);
        label_h = fmax(label_h, tb_pdf_state_par_h(q->label, 9.8));
    }
    p->kpi_label_h = label_h;
    p->kpi_h = 12 + label_h + h + 9;
}

static bool S_numeric_align(enum tb_doc_align a) { return a == TB_DOC_RIGHT; }

/* Natural widths of table B's columns at cell SIZE and header HSIZE into
 * NAT: the widest cell, and the longest word of the header (headers wrap);
 * 58 pt for a sparkline.  Returns their sum. */
static double S_table_natural(const tb_pdf_state *R, const tb_doc_block *b, double size, double hsize, double *nat)
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

/* Where cell (R, C) of T, TEXT in STYLE, lines up with the cells above
 * and below: its decimal point, or the end of its last digit when it has
 * none ("6,836" ends there; "–" counts as all before it).  Records the
 * width up to it and widens the column's widest tail. */
static void S_decimal(tb_pdf_state *R, tb_pdf_table *T, size_t r, size_t c, const char *text, unsigned style)
{
    size_t len = strlen(text), at = len;
    const char *dot = NULL;
    for (const char *s = text; (s = strchr(s, '.')) != NULL; s++)
        if (s[1] >= '0' && s[1] <= '9')
            dot = s;
    if (dot) {
        at = (size_t)(dot - text);
    } else {
        while (at > 0 && !(text[at - 1] >= '0' && text[at - 1] <= '9'))
            at--;
        if (at == 0)
            at = len;
    }
    char *lead = tb_mem_strndup(text, at);
    double size = T->size, lw = tb_layout_width(lead, style, R->lang, size);
    double tail = tb_layout_width(text, style, R->lang, size) - lw;
    free(lead);
    T->lead_w[r * T->nc + c] = lw;
    if (tail > T->tail_w[c])
        T->tail_w[c] = tail;
}

static void S_prep_table(tb_pdf_state *R, tb_pdf_prep *p)
{
    const tb_doc_block *b = p->b;
    size_t nc = b->table.n_cols, nr = b->table.n_rows;
    if (nc == 0)
        return;
    tb_pdf_table *T = tb_mem_calloc(1, sizeof *T);
    p->tab = T;
    T->nc = nc;
    T->nr = nr;
    T->x = tb_mem_calloc(nc, sizeof *T->x);
    T->w = tb_mem_calloc(nc, sizeof *T->w);
    T->head = tb_mem_calloc(nc, sizeof *T->head);
    T->cells = tb_mem_calloc(nr > 0 ? nr * nc : 1, sizeof *T->cells);
    T->spark = tb_mem_calloc(nr ? nr : 1, sizeof *T->spark);
    T->lead_w = tb_mem_calloc(nr > 0 ? nr * nc : 1, sizeof *T->lead_w);
    T->tail_w = tb_mem_calloc(nc, sizeof *T->tail_w);
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
        if (total <= R->pg.col_w)
            break;
    }
    T->size = size;
    /* Spare room goes to every column alike, at most 28 pt to a column of
     * numbers (they stay near their headers), the rest to the first
     * left-aligned column; a shortfall comes out of the widest left-aligned
     * column, whose cells are then shortened with an ellipsis. */
    double spare = R->pg.col_w - total;
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
        T->head[c] = tb_pdf_state_set_plain(R, b, col->header, TB_LAYOUT_BOLD, hsize, T->w[c] - 2 * pad, al);
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
            unsigned st = row->total ? TB_LAYOUT_BOLD : row->other && c == 0 ? TB_LAYOUT_EMPH : 0;
            const char *text = tb_pdf_state_fit(R, row->cells[c], st, size, T->w[c] - 2 * pad);
            T->cells[r * nc + c] = tb_pdf_state_set_plain(R, b, text, st, size, 0, TB_LAYOUT_LEFT);
            S_decimal(R, T, r, c, text, st);
        }
        if (T->spark_col != SIZE_MAX && row->n_spark > 1) {
            size_t k = tb_pdf_state_new_chart(R);
            tb_pdf_chart *ch = &R->charts[k];
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
        T->caption = tb_pdf_state_set_plain(R, b, b->table.title, TB_LAYOUT_BOLD, 9.0, R->pg.col_w, TB_LAYOUT_LEFT);
        char *cont = tb_pdf_state_keep(R, tb_mem_printf("%s %s", b->table.title, tb_lang(TB_L_CONTINUED, R->ko)));
        T->caption_cont = tb_pdf_state_set_plain(R, b, cont, TB_LAYOUT_BOLD, 9.0, R->pg.col_w, TB_LAYOUT_LEFT);
    }
    R->stats.tables++;
}

void tb_pdf_prep_run(tb_pdf_state *R)
{
    size_t n = tb_doc_count(R->doc);
    R->prep = tb_mem_calloc(n ? n : 1, sizeof *R->prep);
    R->n_prep = n;
    const tb_pdf_type *t = &R->t;
    for (size_t i = 0; i < n && !R->failed; i++) {
        const tb_doc_block *b = tb_doc_block_at(R->doc, i);
        const tb_doc_block *next = tb_doc_block_at(R->doc, i + 1);
        tb_pdf_prep *p = &R->prep[i];
        p->b = b;
        p->chart = SIZE_MAX;
        p->colour = tb_rgb_hex(TB_PDF_INK);
        switch (b->kind) {
        case TB_DOC_HEADING:
            if (b->level <= 0) {
                p->size = t->h0, p->lead = t->h0_lead, p->before = 0, p->after = 4;
                p->colour = tb_rgb_hex(TB_PDF_NAVY);
            } else if (b->level == 1) {
                p->size = t->h1, p->lead = t->h1_lead, p->before = 20, p->after = 9;
                p->colour = tb_rgb_hex(TB_PDF_NAVY);
            } else {
                p->size = t->h2, p->lead = t->h2_lead, p->before = 12, p->after = 4;
            }
            p->par = tb_pdf_state_set_text(R, b, &b->text, TB_LAYOUT_BOLD, p->size, R->pg.col_w, TB_LAYOUT_LEFT);
            break;
        case TB_DOC_PARAGRAPH:
            p->size = t->body, p->lead = t->body_lead, p->before = 0, p->after = t->para_after;
            p->par = tb_pdf_state_set_text(R, b, &b->text, 0, p->size, R->pg.col_w, TB_LAYOUT_JUSTIFY);
            break;
        case TB_DOC_FOOTNOTE:
            p->size = t->small, p->lead = t->small_lead;
            p->colour = tb_rgb_hex(TB_PDF_GREY);
            p->par = tb_pdf_state_set_text(R, b, &b->text, 0, p->size, R->pg.col_w, TB_LAYOUT_LEFT);
            break;
        case TB_DOC_SOURCE:
            p->size = t->small, p->lead = t->small_lead, p->before = 3, p->after = 12;
            p->colour = tb_rgb_hex(TB_PDF_GREY);
            p->par = tb_pdf_state_set_text(R, b, &b->text, 0, p->size, R->pg.col_w, TB_LAYOUT_LEFT);
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
