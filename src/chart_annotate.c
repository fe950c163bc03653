/* chart_annotate: see chart_annotate.h. */
#include "chart_annotate.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "notes.h"

#define S_SIZE 7.5
#define S_LINE 0x8C8C8C
#define S_TEXT 0x595959
#define S_GAP 3.0

static bool S_over_time(enum tb_chart_type t)
{
    return t == TB_CHART_LINE || t == TB_CHART_BALANCE || t == TB_CHART_GROWTH;
}

bool tb_chart_annotate_shown(const tb_chart_spec *spec, size_t i)
{
    const tb_chart_annotation *a = &spec->annotations[i];
    size_t n = spec->n_series && spec->series ? spec->series[0].n : 0;
    return S_over_time(spec->type) && a->label && spec->start >= 0 && a->month >= spec->start &&
           a->month < spec->start + (tb_month)n;
}

/* A label or a line already placed: a label spans [from, to] on ROW; a
 * line at X runs down from the top of ROW. */
typedef struct {
    double from, to, x;
    int row;
} S_placed;

#define S_ROWS 5

/* The first row where a label spanning [FROM, TO] with its line at X
 * crosses nothing placed before it (P[0..N)): no label of that row within
 * S_GAP, no label at or below the row across the new line, no earlier line
 * starting at or above the row through the label.  -1 when every row is
 * taken. */
static int S_row(const S_placed *p, size_t n, double from, double to, double x)
{
    for (int r = 0; r < S_ROWS; r++) {
        bool clear = true;
        for (size_t i = 0; i < n && clear; i++) {
            bool spans_x = p[i].from <= x && x <= p[i].to;
            clear = !(p[i].row == r && from < p[i].to + S_GAP && p[i].from < to + S_GAP) &&
                    !(p[i].row >= r && spans_x) && !(p[i].row <= r && from <= p[i].x && p[i].x <= to);
        }
        if (clear)
            return r;
    }
    return -1;
}

void tb_chart_annotate_draw(const tb_chart_spec *spec, tb_canvas *c, double x, double y, double w, double h,
                            tb_month start, int n)
{
    if (!spec->n_annotations || !S_over_time(spec->type) || n <= 0)
        return;
    static const double dash[2] = {2.0, 2.0};
    double bw = w / n, lead = S_SIZE * 1.25;
    S_placed *placed = tb_mem_calloc(spec->n_annotations, sizeof *placed);
    size_t n_placed = 0;
    tb_canvas_save(c);
    tb_canvas_set_font(c, TB_FONT_REGULAR, S_SIZE);
    double cap = tb_canvas_cap_height(c), top = y + cap + 2;
    for (size_t i = 0; i < spec->n_annotations; i++) {
        const tb_chart_annotation *a = &spec->annotations[i];
        if (a->month < start || a->month >= start + n || !a->label)
            continue;
        double xm = tb_canvas_snap(c, x + (double)(a->month - start + 0.5) * bw, 0.6);
        double tw = tb_canvas_text_width(c, a->label);
        bool left = xm + S_GAP + tw > x + w; /* no room on the right: the label goes left of the line */
        double from = left ? xm - S_GAP - tw : xm + S_GAP;
        int row = S_row(placed, n_placed, from, from + tw, xm);
        if (row < 0 || row * lead + top > y + h)
            continue; /* too crowded: left out rather than drawn across another */
        placed[n_placed++] = (S_placed){from, from + tw, xm, row};
        /* the line starts at its own label's row, below the labels above it */
        double y0 = row ? top + (row - 1) * lead + S_SIZE * 0.4 : y;
        tb_canvas_set_stroke(c, tb_rgb_hex(S_LINE));
        tb_canvas_set_line_width(c, 0.6);
        tb_canvas_set_dash(c, dash, 2, 0);
        tb_canvas_move_to(c, xm, y0);
        tb_canvas_line_to(c, xm, y + h);
        tb_canvas_stroke(c);
        tb_canvas_set_dash(c, NULL, 0, 0);
        tb_canvas_mark_rule(c, xm - 0.3, y0, 0.6, y + h - y0);
        tb_canvas_set_fill(c, tb_rgb_hex(S_TEXT));
        tb_canvas_text(c, left ? xm - S_GAP : xm + S_GAP, top + row * lead, a->label,
                       left ? TB_ALIGN_RIGHT : TB_ALIGN_LEFT, TB_VALIGN_BASELINE);
    }
    tb_canvas_restore(c);
    free(placed);
}

tb_chart_annotation *tb_chart_annotate_from_notes(const struct tb_notes *notes, const char *lang, size_t *n)
{
    *n = 0;
    if (!notes || !notes->n_annotations)
        return NULL;
    tb_chart_annotation *a = tb_mem_calloc(notes->n_annotations, sizeof *a);
    for (size_t i = 0; i < notes->n_annotations; i++) {
        const char *label = tb_notes_text_in(&notes->annotations[i].text, lang);
        if (label)
            a[(*n)++] = (tb_chart_annotation){notes->annotations[i].month, label};
    }
    return a;
}

void tb_chart_annotate_copy(tb_chart_spec *dst, const tb_chart_spec *src)
{
    dst->annotations = NULL;
    dst->n_annotations = 0;
    if (!src->n_annotations)
        return;
    tb_chart_annotation *a = tb_mem_calloc(src->n_annotations, sizeof *a);
    for (size_t i = 0; i < src->n_annotations; i++)
        a[i] = (tb_chart_annotation){src->annotations[i].month, tb_mem_strdup(src->annotations[i].label)};
    dst->annotations = a;
    dst->n_annotations = src->n_annotations;
}

void tb_chart_annotate_free(tb_chart_spec *spec)
{
    for (size_t i = 0; i < spec->n_annotations; i++)
        free((void *)spec->annotations[i].label);
    free((void *)spec->annotations);
    spec->annotations = NULL;
    spec->n_annotations = 0;
}
