/* pdf_state: the renderer's shared state and its records (see
 * pdf_state.h). */
#include "pdf_state.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

/* Reports an error at block B's origin ("FILE:LINE"). */
void tb_pdf_state_error(tb_pdf_state *R, const tb_doc_block *b, const char *fmt, ...)
{
    tb_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&msg, fmt, ap);
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
    tb_diag_error(R->diag, file ? file : "report", line, 0, NULL, "%s", tb_buf_str(&msg));
    tb_buf_free(&msg);
    free(file);
}

char *tb_pdf_state_keep(tb_pdf_state *R, char *s)
{
    TB_GROW(R->strs, R->cap_strs, R->n_strs + 1);
    R->strs[R->n_strs++] = s;
    return s;
}

tb_layout_par *tb_pdf_state_own(tb_pdf_state *R, tb_layout_par *p)
{
    if (!p)
        return NULL;
    TB_GROW(R->pars, R->cap_pars, R->n_pars + 1);
    R->pars[R->n_pars++] = p;
    return p;
}

/* The runs of T set at SIZE in WIDTH; FORCE added to every run's style.
 * NULL after an error at B. */
tb_layout_par *tb_pdf_state_set_text(tb_pdf_state *R, const tb_doc_block *b, const tb_doc_text *t, unsigned force,
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
    /* what the block's claims cover (figures, names from the data) is
     * never hyphenated */
    size_t *keep = b && t == &b->text && b->n_claims ? tb_mem_reallocarray(NULL, b->n_claims, 2 * sizeof *keep) : NULL;
    size_t n_keep = 0;
    for (size_t i = 0; keep && i < b->n_claims; i++)
        if (strcmp(b->claims[i].part, "text") == 0) {
            keep[2 * n_keep] = b->claims[i].start;
            keep[2 * n_keep++ + 1] = b->claims[i].len;
        }
    tb_layout_style st = {R->lang, size, width, align, keep, n_keep};
    char err[256]; /* layout's messages name a font and one character */
    tb_layout_par *p = tb_layout_paragraph(runs, t->n_runs, &st, err, sizeof err);
    free(keep);
    if (runs != stack)
        free(runs);
    if (!p)
        tb_pdf_state_error(R, b, "%s", err);
    return tb_pdf_state_own(R, p);
}

/* Plain TEXT in STYLE at SIZE: wrapped to WIDTH, or one line when WIDTH
 * <= 0. */
tb_layout_par *tb_pdf_state_set_plain(tb_pdf_state *R, const tb_doc_block *b, const char *text, unsigned style,
                                      double size, double width, enum tb_layout_align align)
{
    tb_layout_run run = {text, strlen(text), style};
    tb_layout_style st = {R->lang, size, width, align, NULL, 0};
    char err[256]; /* layout's messages name a font and one character */
    tb_layout_par *p = tb_layout_paragraph(&run, 1, &st, err, sizeof err);
    if (!p)
        tb_pdf_state_error(R, b, "%s", err);
    return tb_pdf_state_own(R, p);
}

/* TEXT shortened with "…" to fit MAX_W (TEXT itself when it fits).
 * Ownership: kept by R. */
const char *tb_pdf_state_fit(tb_pdf_state *R, const char *text, unsigned style, double size, double max_w)
{
    if (tb_layout_width(text, style, R->lang, size) <= max_w)
        return text;
    size_t len = strlen(text);
    char *s = tb_pdf_state_keep(R, tb_mem_alloc(len + 4));
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

tb_pdf_op *tb_pdf_state_push(tb_pdf_state *R, int kind)
{
    TB_GROW(R->ops, R->cap_ops, R->n_ops + 1);
    tb_pdf_op *op = &R->ops[R->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->page = R->page;
    op->chart = SIZE_MAX;
    op->blk = R->cur_blk;
    return op;
}

/* Lines FROM..TO-1 of PAR with the first line's top at TOP, LEAD apart,
 * starting at X. */
void tb_pdf_state_put_lines(tb_pdf_state *R, const tb_layout_par *par, size_t from, size_t to, double x, double top,
                            double lead, tb_rgba colour)
{
    for (size_t i = from; i < to && par; i++) {
        tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_TEXT);
        op->par = par;
        op->line = i;
        op->x = x;
        op->y = top + (double)(i - from) * lead + 0.76 * lead;
        op->colour = colour;
    }
}

void tb_pdf_state_put_rule(tb_pdf_state *R, double x, double y, double w, double lw, unsigned colour)
{
    tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_RULE);
    op->x = x;
    op->y = y;
    op->w = w;
    op->lw = lw;
    op->colour = tb_rgb_hex(colour);
}

void tb_pdf_state_put_rect(tb_pdf_state *R, double x, double y, double w, double h, tb_rgba colour)
{
    tb_pdf_op *op = tb_pdf_state_push(R, TB_PDF_OP_RECT);
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
    op->colour = colour;
}

double tb_pdf_state_par_h(const tb_layout_par *p, double lead) { return p ? (double)p->n_lines * lead : 0; }

void tb_pdf_state_add_cps(tb_pdf_state *R, int font, const char *s, size_t len)
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

size_t tb_pdf_state_new_chart(tb_pdf_state *R)
{
    TB_GROW(R->charts, R->cap_charts, R->n_charts + 1);
    memset(&R->charts[R->n_charts], 0, sizeof R->charts[0]);
    return R->n_charts++;
}

void tb_pdf_state_free(tb_pdf_state *R)
{
    for (size_t i = 0; i < R->n_pars; i++)
        tb_layout_free(R->pars[i]);
    free(R->pars);
    for (size_t i = 0; i < R->n_charts; i++)
        free(R->charts[i].series);
    free(R->charts);
    for (size_t i = 0; i < R->n_prep; i++) {
        free(R->prep[i].kpi);
        tb_pdf_table *T = R->prep[i].tab;
        if (T) {
            free(T->x);
            free(T->w);
            free(T->head);
            free(T->cells);
            free(T->lead_w);
            free(T->tail_w);
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
