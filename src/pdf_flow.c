/* pdf_flow: pagination (see pdf_flow.h).  R->y is the top of the free
 * space on the current page; R->last_after the space the block above
 * wants after it; R->empty whether anything is on the page yet. */
#include "pdf_flow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "mem.h"
#include "pdf_prep.h"

#define S_CHART_SHRINK 0.8      /* a chart may keep this much of its height to stay on its page */
#define S_CHART_SHRINK_MORE 0.6 /* ... or this much rather than leave a page under half full */

static double S_top(const tb_pdf_state *R, size_t page) { return page == 0 ? R->pg.top_first : R->pg.top; }

static double S_gap(const tb_pdf_state *R, double before) { return R->empty ? 0 : fmax(R->last_after, before); }

static double S_room(const tb_pdf_state *R) { return R->pg.bottom - R->foot_h - R->y; }

/* Whether the current page holds something but is less than half full:
 * then a chart shrinks further and a short table splits rather than
 * leave the page so (no page under half full but the last). */
static bool S_under_half(const tb_pdf_state *R)
{
    double top = S_top(R, R->page);
    return R->lenient || (!R->empty && R->y - top < 0.5 * (R->pg.bottom - top));
}

/* The least share of its height chart C may keep here. */
static double S_shrink(const tb_pdf_state *R) { return S_under_half(R) ? S_CHART_SHRINK_MORE : S_CHART_SHRINK; }

/* Sets the footnotes of the current page at its foot. */
static void S_close_page(tb_pdf_state *R)
{
    double h = 0;
    bool any = false;
    for (size_t i = 0; i < R->n_feet; i++)
        if (R->feet[i].page == R->page) {
            h += (any ? 3 : 0) + tb_pdf_state_par_h(R->feet[i].par, R->feet[i].lead);
            any = true;
        }
    if (!any)
        return;
    double y = R->pg.bottom - h;
    tb_pdf_state_put_rule(R, R->pg.margin, y - 6, 64, 0.5, TB_PDF_RULE);
    for (size_t i = 0; i < R->n_feet; i++)
        if (R->feet[i].page == R->page) {
            const tb_layout_par *par = R->feet[i].par;
            tb_pdf_state_put_lines(R, par, 0, par->n_lines, R->pg.margin, y, R->feet[i].lead, tb_rgb_hex(TB_PDF_GREY));
            y += tb_pdf_state_par_h(par, R->feet[i].lead) + 3;
        }
}

static void S_new_page(tb_pdf_state *R)
{
    S_close_page(R);
    R->page++;
    R->lenient = false;
    R->y = S_top(R, R->page);
    R->empty = true;
    R->last_after = 0;
    R->foot_h = 0;
}

/* Starts a new page unless the current one is empty. */
static void S_break(tb_pdf_state *R)
{
    if (!R->empty)
        S_new_page(R);
}

/* Height of the table rows FROM..TO-1. */
static double S_rows_h(const tb_pdf_table *T, size_t from, size_t to) { return (double)(to - from) * T->row_h; }

static double S_table_head_h(const tb_pdf_table *T, bool cont)
{
    const tb_layout_par *cap = cont ? T->caption_cont : T->caption;
    return (cap ? tb_pdf_state_par_h(cap, 12.5) + 3 : 0) + 1 + T->head_h;
}

static double S_chart_h(const tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    double h = p->chart != SIZE_MAX ? R->charts[p->chart].h : 0;
    if (i + 1 < R->n_prep && R->prep[i + 1].b->kind == TB_DOC_SOURCE)
        h += R->prep[i + 1].before + tb_pdf_state_par_h(R->prep[i + 1].par, R->prep[i + 1].lead);
    return h;
}

/* The least room table I may start in: all of it (and its source line)
 * when it has at most twelve rows, else its caption, header and six rows:
 * a table that would show only a few rows before the page turns starts on
 * the next page. */
static double S_table_start(const tb_pdf_state *R, size_t i)
{
    const tb_pdf_table *T = R->prep[i].tab;
    if (!T)
        return 0;
    double src = 0;
    if (i + 1 < R->n_prep && R->prep[i + 1].b->kind == TB_DOC_SOURCE)
        src = R->prep[i + 1].before + tb_pdf_state_par_h(R->prep[i + 1].par, R->prep[i + 1].lead);
    double full = S_table_head_h(T, false) + S_rows_h(T, 0, T->nr) + 1 + src;
    double part = S_table_head_h(T, false) + S_rows_h(T, 0, T->nr < 6 ? T->nr : 6) + 1;
    return T->nr <= 12 && !S_under_half(R) ? full : part;
}

/* The least height block I needs at the start of a page region: what a
 * heading must be kept with.  Headings in a row count together (a loop,
 * not recursion). */
static double S_min_start(const tb_pdf_state *R, size_t i)
{
    double h = 0;
    for (; i < R->n_prep; i++) {
        const tb_pdf_prep *p = &R->prep[i];
        switch (p->b->kind) {
        case TB_DOC_HEADING:
            h += p->before + tb_pdf_state_par_h(p->par, p->lead) + p->after;
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
            return h + p->before + S_chart_h(R, i) -
                   (p->chart != SIZE_MAX ? R->charts[p->chart].h * (1 - S_shrink(R)) : 0);
        case TB_DOC_TABLE:
            return h + p->before + S_table_start(R, i);
        default:
            return h;
        }
    }
    return h;
}

static void S_mark(tb_pdf_state *R, const tb_pdf_prep *p, double y)
{
    tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_MARK);
    op->y = y;
    op->level = p->b->level;
    op->title = p->b->text.plain;
    op->b = p->b;
}


/* The period the document is about, as its masthead and running header
 * say it: the template's @meta period ("1–20 August 2026") when given,
 * else the month. */
static const char *S_period(const tb_pdf_state *R, char buf[static TB_FMT_SIZE])
{
    const char *period = tb_doc_meta(R->doc, "period");
    if (period && *period)
        return period;
    tb_fmt_month(buf, TB_FMT_SIZE, R->month, TB_FMT_MONTH_LONG, R->lang);
    return buf;
}

static void S_place_heading(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    double gap = S_gap(R, p->before), h = tb_pdf_state_par_h(p->par, p->lead);
    double need = gap + h + p->after + S_min_start(R, i + 1);
    bool lenient = S_under_half(R); /* what the block after it was measured with */
    if (p->b->level > 0 && need > S_room(R))
        S_break(R), gap = 0, lenient = false;
    double top = R->y + gap;
    S_mark(R, p, top);
    tb_pdf_state_put_lines(R, p->par, 0, p->par->n_lines, R->pg.margin, top, p->lead, p->colour);
    R->y = top + h;
    if (p->b->level == 0) {
        /* The masthead: an accent bar above, the dataset and month below. */
        tb_pdf_state_put_rect(R, R->pg.margin, top - 12, 44, 3.2, tb_rgb_hex(TB_PDF_NAVY));
        R->y += 2;
        const char *sub = NULL;
        char buf[TB_FMT_SIZE];
        const char *mon = S_period(R, buf);
        const char *title = tb_doc_meta(R->doc, "dataset_title");
        if (!title)
            title = tb_doc_meta(R->doc, "subject");
        sub =
            tb_pdf_state_keep(R, title && *title ? tb_mem_printf("%s  \xc2\xb7  %s", title, mon) : tb_mem_strdup(mon));
        tb_layout_par *sp = tb_pdf_state_set_plain(R, p->b, sub, 0, 10, R->pg.col_w, TB_LAYOUT_LEFT);
        if (sp) {
            tb_pdf_state_put_lines(R, sp, 0, sp->n_lines, R->pg.margin, R->y, 14, tb_rgb_hex(TB_PDF_GREY));
            R->y += tb_pdf_state_par_h(sp, 14) + 8;
        }
        tb_pdf_state_put_rule(R, R->pg.margin, R->y, R->pg.col_w, 1.1, TB_PDF_NAVY);
        R->y += 1;
        R->last_after = 16;
    } else {
        if (p->b->level == 1)
            tb_pdf_state_put_rule(R, R->pg.margin, R->y + 3.5, R->pg.col_w, 0.6, TB_PDF_RULE);
        R->last_after = p->after;
    }
    R->empty = false;
    R->lenient = lenient;
}

static void S_place_paragraph(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
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
        tb_pdf_state_put_lines(R, p->par, done, done + take, R->pg.margin, top, p->lead, p->colour);
        R->y = top + (double)take * p->lead;
        R->empty = false;
        R->last_after = p->after;
        done += take;
        if (done < n)
            S_new_page(R);
    }
}

static void S_arrow(tb_pdf_state *R, double x, double y, double w, double h, enum tb_doc_dir dir, tb_rgba colour)
{
    tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_ARROW);
    op->x = x, op->y = y, op->w = w, op->h = h;
    op->dir = dir;
    op->colour = colour;
}

static tb_rgba S_dir_colour(enum tb_doc_dir d)
{
    return d == TB_DOC_DIR_UP     ? tb_chart_colour_positive()
           : d == TB_DOC_DIR_DOWN ? tb_chart_colour_negative()
                                  : tb_rgb_hex(TB_PDF_GREY);
}

static void S_place_kpi(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    if (p->n_kpi == 0)
        return;
    double gap = S_gap(R, p->before);
    if (gap + p->kpi_h > S_room(R) && !R->empty)
        S_new_page(R), gap = 0;
    double top = R->y + gap, boxgap = 8, w = (R->pg.col_w - boxgap * (double)(p->n_kpi - 1)) / (double)p->n_kpi;
    for (size_t k = 0; k < p->n_kpi; k++) {
        const tb_pdf_kpi *q = &p->kpi[k];
        double x = R->pg.margin + (double)k * (w + boxgap), y = top;
        tb_pdf_state_put_rect(R, x, y, w, p->kpi_h, tb_rgb_hex(TB_PDF_BOX));
        tb_pdf_state_put_rect(R, x, y, w, 2.4, tb_rgb_hex(TB_PDF_NAVY));
        x += 9;
        y += 10;
        tb_pdf_state_put_lines(R, q->label, 0, q->label ? q->label->n_lines : 0, x, y, 9.8, tb_rgb_hex(TB_PDF_GREY));
        y += p->kpi_label_h + 2;
        if (q->value) {
            tb_pdf_state_put_lines(R, q->value, 0, q->value->n_lines, x, y, 22, tb_rgb_hex(TB_PDF_INK));
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
            tb_pdf_state_put_lines(R, q->change, 0, q->change->n_lines, x + dx, y, 12, col);
            y += tb_pdf_state_par_h(q->change, 12);
        }
        if (q->note) {
            y += 1;
            tb_pdf_state_put_lines(R, q->note, 0, q->note->n_lines, x, y, 9.4, tb_rgb_hex(TB_PDF_GREY));
        }
    }
    R->y = top + p->kpi_h;
    R->empty = false;
    R->last_after = p->after;
}

static void S_place_chart(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    if (p->chart == SIZE_MAX)
        return;
    tb_pdf_chart *c = &R->charts[p->chart];
    double gap = S_gap(R, p->before), need = gap + S_chart_h(R, i), room = S_room(R);
    if (need > room && need - room <= c->h * (1 - S_shrink(R))) {
        c->h -= need - room; /* a little shorter rather than a page break */
        tb_pdf_prep_probe_chart(R, p->chart);
    } else if (need > room && !R->empty) {
        S_new_page(R), gap = 0;
    }
    tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_CHART);
    op->x = R->pg.margin - TB_PDF_CHART_INSET * c->scale;
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
static void S_table_head(tb_pdf_state *R, const tb_pdf_table *T, bool cont)
{
    const tb_layout_par *cap = cont ? T->caption_cont : T->caption;
    if (cap) {
        tb_pdf_state_put_lines(R, cap, 0, cap->n_lines, R->pg.margin, R->y, 12.5, tb_rgb_hex(TB_PDF_INK));
        R->y += tb_pdf_state_par_h(cap, 12.5) + 3;
    }
    tb_pdf_state_put_rule(R, R->pg.margin, R->y, R->pg.col_w, 0.9, TB_PDF_INK);
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
            tb_pdf_state_put_lines(R, h, 0, h->n_lines, R->pg.margin + T->x[c] + pad, top, T->lead,
                                   tb_rgb_hex(TB_PDF_GREY));
        }
        R->y += T->head_h;
        tb_pdf_state_put_rule(R, R->pg.margin, R->y, R->pg.col_w, 0.45, TB_PDF_INK);
    }
}

static void S_table_rows(tb_pdf_state *R, const tb_doc_block *b, const tb_pdf_table *T, size_t from, size_t to)
{
    const double pad = 5;
    for (size_t r = from; r < to; r++) {
        const tb_doc_row *row = &b->table.rows[r];
        double top = R->y;
        /* a total row is set apart by a firmer rule on its inner side, the
         * "Other" row by one above it (and its label in italics, in grey) */
        bool prev_total = r > from && b->table.rows[r - 1].total;
        if ((row->total || prev_total || row->other) && r > from)
            tb_pdf_state_put_rule(R, R->pg.margin, top, R->pg.col_w, 0.6, TB_PDF_INK);
        else if (r > from)
            tb_pdf_state_put_rule(R, R->pg.margin, top, R->pg.col_w, 0.3, TB_PDF_HAIR);
        for (size_t c = 0; c < T->nc; c++) {
            double x = R->pg.margin + T->x[c] + pad, w = T->w[c] - 2 * pad;
            if (c == T->spark_col) {
                if (T->spark[r] != SIZE_MAX) {
                    tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_CHART);
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
            double dx = al == TB_DOC_RIGHT    ? w - T->tail_w[c] - T->lead_w[r * T->nc + c] /* on the point */
                        : al == TB_DOC_CENTER ? (w - lw) / 2
                                              : 0;
            tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_TEXT);
            op->par = cell;
            op->line = 0;
            op->x = x + dx;
            op->y = top + (T->row_h + 0.72 * T->size) / 2;
            op->colour = tb_rgb_hex(row->other && c == 0 ? TB_PDF_GREY : TB_PDF_INK);
        }
        R->stats.other_rows += row->other;
        R->y += T->row_h;
    }
}

static void S_place_table(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    const tb_pdf_table *T = p->tab;
    if (!T)
        return;
    double after_src = 0;
    if (i + 1 < R->n_prep && R->prep[i + 1].b->kind == TB_DOC_SOURCE)
        after_src = R->prep[i + 1].before + tb_pdf_state_par_h(R->prep[i + 1].par, R->prep[i + 1].lead);
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
        tb_pdf_state_put_rule(R, R->pg.margin, R->y, R->pg.col_w, 0.9, TB_PDF_INK);
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

static void S_place_text(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    if (!p->par || p->par->n_lines == 0)
        return;
    double gap = R->empty ? 0 : p->before, h = tb_pdf_state_par_h(p->par, p->lead);
    if (gap + h > S_room(R) && !R->empty)
        S_new_page(R), gap = 0;
    tb_pdf_state_put_lines(R, p->par, 0, p->par->n_lines, R->pg.margin, R->y + gap, p->lead, p->colour);
    R->y += gap + h;
    R->empty = false;
    R->last_after = p->after;
}

static void S_place_footnote(tb_pdf_state *R, size_t i)
{
    const tb_pdf_prep *p = &R->prep[i];
    if (!p->par || p->par->n_lines == 0)
        return;
    bool first = true;
    for (size_t k = 0; k < R->n_feet; k++)
        if (R->feet[k].page == R->page)
            first = false;
    double h = tb_pdf_state_par_h(p->par, p->lead) + (first ? 14 : 3);
    if (h > S_room(R) && !R->empty)
        S_new_page(R), first = true, h = tb_pdf_state_par_h(p->par, p->lead) + 14;
    R->foot_h += h;
    TB_GROW(R->feet, R->cap_feet, R->n_feet + 1);
    R->feet[R->n_feet++] = (tb_pdf_foot){R->page, p->par, p->lead};
}

void tb_pdf_flow_run(tb_pdf_state *R)
{
    R->page = 0;
    R->y = S_top(R, 0);
    R->empty = true;
    for (size_t i = 0; i < R->n_prep && !R->failed; i++) {
        const tb_pdf_prep *p = &R->prep[i];
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
        if (p->b->kind != TB_DOC_HEADING && p->b->kind != TB_DOC_SPACER && p->b->kind != TB_DOC_FOOTNOTE)
            R->lenient = false;
    }
    R->cur_blk = SIZE_MAX;
    S_close_page(R);
    R->n_pages = R->page + 1;
}

/* The row (1-based; 0: caption or header) of table T that cell text PAR is in. */
static size_t S_row_of(const tb_pdf_table *T, const tb_layout_par *par)
{
    for (size_t k = 0; par && k < T->nr * T->nc; k++)
        if (T->cells[k] == par)
            return k / T->nc + 1;
    return 0;
}

/* Where op OP puts its block's content: *BLK and *AT as in tb_pdf_place;
 * false for ops of no block. */
static bool S_op_place(const tb_pdf_state *R, const tb_pdf_op *op, size_t *blk, size_t *at)
{
    *blk = op->blk;
    *at = 0;
    if (op->kind == TB_PDF_OP_TEXT) {
        for (size_t i = 0; i < R->n_prep; i++)
            if (R->prep[i].par && R->prep[i].par == op->par) {
                const tb_layout_line *l = &op->par->lines[op->line];
                *blk = i; /* footnotes are set at the foot of the page, after later blocks */
                *at = l->n ? op->par->pieces[l->first].off : 0;
                return true;
            }
        if (*blk != SIZE_MAX && R->prep[*blk].tab)
            *at = S_row_of(R->prep[*blk].tab, op->par);
    } else if (op->kind != TB_PDF_OP_CHART) {
        return false;
    }
    return *blk != SIZE_MAX;
}

/* Fills R->stats.places: where each block's content went, page by page. */
void tb_pdf_flow_places(tb_pdf_state *R)
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
void tb_pdf_flow_furniture(tb_pdf_state *R)
{
    const char *title = tb_doc_meta(R->doc, "dataset_title");
    if (!title)
        title = tb_doc_meta(R->doc, "title");
    char buf[TB_FMT_SIZE];
    const char *mon = S_period(R, buf);
    tb_layout_par *left = title ? tb_pdf_state_set_plain(R, NULL, title, 0, 7.8, 0, TB_LAYOUT_LEFT) : NULL;
    tb_layout_par *right = tb_pdf_state_set_plain(R, NULL, mon, 0, 7.8, 0, TB_LAYOUT_LEFT);
    for (size_t pg = 0; pg < R->n_pages && !R->failed; pg++) {
        R->page = pg;
        if (pg > 0) {
            if (left && left->n_lines) {
                tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_TEXT);
                op->par = left, op->x = R->pg.margin, op->y = R->pg.header_base, op->colour = tb_rgb_hex(TB_PDF_GREY);
            }
            if (right && right->n_lines) {
                tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_TEXT);
                op->par = right, op->x = R->pg.margin + R->pg.col_w - right->lines[0].width, op->y = R->pg.header_base;
                op->colour = tb_rgb_hex(TB_PDF_GREY);
            }
            tb_pdf_state_put_rule(R, R->pg.margin, R->pg.header_base + 6, R->pg.col_w, 0.4, TB_PDF_RULE);
        }
        char *num = tb_pdf_state_keep(R, R->ko ? tb_mem_printf("%zu / %zu", pg + 1, R->n_pages)
                                               : tb_mem_printf("Page %zu of %zu", pg + 1, R->n_pages));
        tb_layout_par *foot = tb_pdf_state_set_plain(R, NULL, num, 0, 7.8, 0, TB_LAYOUT_LEFT);
        if (foot && foot->n_lines) {
            tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_TEXT);
            op->par = foot, op->x = R->pg.margin + R->pg.col_w - foot->lines[0].width, op->y = R->pg.footer_base;
            op->colour = tb_rgb_hex(TB_PDF_GREY);
        }
    }
}
