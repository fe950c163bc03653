/* chart: the entry to chart drawing (see chart.h): the palette, the
 * checks every monthly spec passes, the dispatch to each type's module,
 * default sizes, and whole-file rendering (PNG, SVG, standalone PDF).
 *
 * Every chart shares one frame (chart_frame.c); bodies use the shared
 * axes (chart_axis.c).  Collision rules live with each piece: month and
 * year labels are thinned until they fit; line end labels are pushed
 * apart; bar value labels get reserved room; cell and segment labels are
 * drawn only where they fit.
 */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_cairo.h"
#include "canvas_hpdf.h"
#include "canvas_probe.h"
#include "canvas_svg.h"
#include "chart_annual.h"
#include "chart_axis.h"
#include "chart_bars.h"
#include "chart_desc.h"
#include "chart_frame.h"
#include "chart_hbars.h"
#include "chart_heatmap.h"
#include "chart_line.h"
#include "chart_stacked.h"
#include "mem.h"

static const unsigned S_palette[] = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0xF0E442, 0x999999};

tb_rgba tb_chart_palette(int i)
{
    int n = (int)(sizeof S_palette / sizeof S_palette[0]);
    return tb_rgb_hex(S_palette[((i % n) + n) % n]);
}
tb_rgba tb_chart_colour_export(void) { return tb_rgb_hex(0x0072B2); }
tb_rgba tb_chart_colour_import(void) { return tb_rgb_hex(0xE69F00); }
tb_rgba tb_chart_colour_positive(void) { return tb_rgb_hex(0x0072B2); }
tb_rgba tb_chart_colour_negative(void) { return tb_rgb_hex(0xD55E00); }

static bool S_check_monthly(tb_chart_ctx *x, size_t need_series)
{
    const tb_chart_spec *s = x->s;
    if (s->n_series < need_series || !s->series) {
        tb_canvas_fail(x->c, "%s chart needs %zu series", tb_chart_type_name(s->type), need_series);
        return false;
    }
    for (size_t k = 0; k < s->n_series; k++)
        if (!s->series[k].v || s->series[k].n != s->series[0].n || s->series[k].n == 0) {
            tb_canvas_fail(x->c, "%s chart: series %zu is empty or of another length", tb_chart_type_name(s->type), k);
            return false;
        }
    if (s->start < 0 && s->type != TB_CHART_SPARKLINE && s->type != TB_CHART_ANNUAL) {
        tb_canvas_fail(x->c, "%s chart needs a start month", tb_chart_type_name(s->type));
        return false;
    }
    return true;
}

tb_fmt_scale tb_chart_scale(const tb_chart_spec *spec)
{
    switch (spec->type) {
    case TB_CHART_LINE:
    case TB_CHART_BALANCE:
    case TB_CHART_ANNUAL:
    case TB_CHART_SPARKLINE:
        return tb_fmt_money_scale(tb_chart_axis_money_max(spec), spec->unit, spec->lang);
    default:
        return (tb_fmt_scale){1, "%"};
    }
}

char *tb_chart_subtitle(const tb_chart_spec *spec)
{
    return tb_chart_frame_subst_unit(spec->subtitle, tb_chart_scale(spec).label);
}

bool tb_chart_has_data(const tb_chart_spec *spec)
{
    for (size_t k = 0; k < spec->n_series; k++) {
        const tb_chart_series *se = &spec->series[k];
        size_t n = se->n;
        if (spec->type == TB_CHART_GROWTH_ITEMS || spec->type == TB_CHART_SHARE)
            n = n < spec->n_categories ? n : spec->n_categories;
        if (se->v && tb_chart_frame_any_finite(se->v, n))
            return true;
    }
    return false;
}

int tb_chart_draw(const tb_chart_spec *spec, tb_canvas *c)
{
    if (tb_canvas_status(c))
        return -1;
    tb_chart_ctx x = {spec, c, tb_fmt_is_ko(spec->lang), {0, 0, 0, 0}};
    tb_canvas_set_lang(c, spec->lang);
    tb_canvas_save(c);
    switch (spec->type) {
    case TB_CHART_LINE:
        if (S_check_monthly(&x, 1))
            tb_chart_line_draw(&x);
        break;
    case TB_CHART_BALANCE:
        if (S_check_monthly(&x, 1))
            tb_chart_bars_draw(&x, true);
        break;
    case TB_CHART_GROWTH:
        if (S_check_monthly(&x, 1))
            tb_chart_bars_draw(&x, false);
        break;
    case TB_CHART_GROWTH_ITEMS:
    case TB_CHART_SHARE:
        tb_chart_hbars_draw(&x);
        break;
    case TB_CHART_SHARE_STACKED:
        tb_chart_stacked_draw(&x);
        break;
    case TB_CHART_ANNUAL:
        if (S_check_monthly(&x, 1))
            tb_chart_annual_draw(&x);
        break;
    case TB_CHART_HEATMAP:
        if (S_check_monthly(&x, 1))
            tb_chart_heatmap_draw(&x);
        break;
    case TB_CHART_SPARKLINE:
        if (S_check_monthly(&x, 1))
            tb_chart_line_draw_sparkline(&x);
        break;
    default:
        tb_canvas_fail(c, "unknown chart type %d", (int)spec->type);
    }
    tb_canvas_restore(c);
    return tb_canvas_status(c);
}

void tb_chart_default_size(const tb_chart_spec *spec, double *w, double *h)
{
    *w = 640;
    *h = 400;
    size_t rows = 0;
    switch (spec->type) {
    case TB_CHART_GROWTH_ITEMS:
    case TB_CHART_SHARE:
        rows = spec->n_categories;
        *h = fmin(fmax(140 + 24.0 * (double)rows, 240), 720);
        break;
    case TB_CHART_HEATMAP:
        rows = spec->n_series;
        *h = fmin(fmax(165 + 22.0 * (double)rows, 300), 760);
        break;
    case TB_CHART_SHARE_STACKED:
        *h = fmin(fmax(170 + 50.0 * (double)spec->n_series, 260), 600);
        break;
    case TB_CHART_SPARKLINE:
        *w = 96;
        *h = 24;
        break;
    default:
        break;
    }
}

/* The code points each font sets in a chart, gathered by a probe. */
typedef struct {
    uint32_t *cps[TB_FONT_COUNT];
    size_t n[TB_FONT_COUNT], cap[TB_FONT_COUNT];
} S_cps;

static void S_probe_text(int font, const char *s, size_t len, void *user)
{
    S_cps *u = user;
    if (font < 0 || font >= TB_FONT_COUNT)
        return;
    for (size_t i = 0; i < len;) {
        TB_GROW(u->cps[font], u->cap[font], u->n[font] + 1);
        i += tb_utf8_next(s + i, len - i, &u->cps[font][u->n[font]++]);
    }
}

/* A standalone PDF canvas for SPEC with subsets of exactly the fonts and
 * glyphs its drawing sets (a probe drawing first: same spec, same size,
 * same text). */
static tb_canvas *S_pdf_canvas(const tb_chart_spec *spec, double w, double h)
{
    S_cps u = {0};
    tb_canvas *probe = tb_canvas_probe_new(w, h, S_probe_text, &u);
    tb_chart_draw(spec, probe);
    tb_canvas_free(probe);
    tb_canvas *c = tb_canvas_pdf_new(w, h);
    for (int f = 0; f < TB_FONT_COUNT; f++) {
        if (u.n[f])
            tb_canvas_pdf_embed(c, f, u.cps[f], u.n[f]);
        free(u.cps[f]);
    }
    return c;
}

int tb_chart_render(const tb_chart_spec *spec, const char *format, double w, double h, double scale,
                    unsigned char **out, size_t *len, char *err, size_t errsize)
{
    *out = NULL;
    *len = 0;
    tb_canvas *c;
    if (strcmp(format, "png") == 0)
        c = tb_canvas_cairo_image_new(w, h, scale);
    else if (strcmp(format, "svg") == 0)
        c = tb_canvas_svg_new(w, h);
    else if (strcmp(format, "pdf") == 0)
        c = S_pdf_canvas(spec, w, h);
    else {
        snprintf(err, errsize, "unknown chart format \"%s\" (png, svg or pdf)", format);
        return -1;
    }
    tb_chart_draw(spec, c);
    int rc = tb_canvas_encode(c, out, len);
    if (rc != 0)
        snprintf(err, errsize, "%s chart: %s", tb_chart_type_name(spec->type), tb_canvas_error(c));
    if (rc == 0 && strcmp(format, "svg") == 0) {
        unsigned char *svg = (unsigned char *)tb_chart_desc_svg(spec, (const char *)*out, *len, len);
        free(*out);
        *out = svg;
    }
    tb_canvas_free(c);
    return rc;
}
