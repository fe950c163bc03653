/* chart_csv: a chart's data as CSV (see chart_csv.h). */
#include "chart_csv.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "month.h"

/* S quoted as a CSV field when it needs to be (libcsv). */
static void S_field(tb_buf *b, const char *s, bool first)
{
    if (!first)
        tb_buf_putc(b, ',');
    s = s ? s : "";
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        tb_buf_put(b, s, n);
        return;
    }
    char *q = tb_mem_alloc(2 * n + 3);
    size_t m = csv_write(q, 2 * n + 3, s, n);
    tb_buf_put(b, q, m);
    free(q);
}

static void S_value(tb_buf *b, double v, double divisor)
{
    tb_buf_putc(b, ',');
    if (isfinite(v))
        tb_buf_printf(b, "%.10g", v / divisor);
}

/* "Exports ($bn)". */
static void S_head(tb_buf *b, const char *label, const char *unit)
{
    char *h = tb_mem_printf("%s (%s)", label ? label : "", unit);
    S_field(b, h, false);
    free(h);
}

static void S_by_period(tb_buf *b, const tb_chart_spec *s, tb_fmt_scale fs)
{
    bool annual = s->type == TB_CHART_ANNUAL;
    S_field(b, annual ? "year" : "month", true);
    for (size_t k = 0; k < s->n_series; k++)
        S_head(b, s->series[k].label, fs.label);
    tb_buf_puts(b, "\r\n");
    size_t n = s->n_series ? s->series[0].n : 0;
    for (size_t i = 0; i < n; i++) {
        char p[64];
        if (annual) {
            int year = tb_month_year(s->start) + (int)i;
            bool part = i + 1 == n && s->ytd_months < 12 && s->ytd_label;
            snprintf(p, sizeof p, part ? "%d (%s)" : "%d", year, part ? s->ytd_label : "");
        } else if (s->start >= 0) {
            tb_month_iso(s->start + (tb_month)i, p);
        } else {
            snprintf(p, sizeof p, "%zu", i + 1);
        }
        S_field(b, p, true);
        for (size_t k = 0; k < s->n_series; k++)
            S_value(b, i < s->series[k].n ? s->series[k].v[i] : NAN, fs.divisor);
        tb_buf_puts(b, "\r\n");
    }
}

static void S_by_category(tb_buf *b, const tb_chart_spec *s, tb_fmt_scale fs)
{
    bool stacked = s->type == TB_CHART_SHARE_STACKED;
    const tb_chart_series *se = s->n_series ? &s->series[0] : NULL;
    S_field(b, "category", true);
    if (stacked) {
        for (size_t k = 0; k < s->n_series; k++)
            S_head(b, s->series[k].label, fs.label);
    } else {
        S_head(b, s->value_label ? s->value_label : se ? se->label : "", fs.label);
        if (se && se->ref)
            S_head(b, s->ref_label, fs.label);
    }
    tb_buf_puts(b, "\r\n");
    for (size_t i = 0; i < s->n_categories; i++) {
        S_field(b, s->categories[i], true);
        for (size_t k = 0; k < (stacked ? s->n_series : (se ? 1 : 0)); k++) {
            const tb_chart_series *sk = &s->series[k];
            S_value(b, i < sk->n ? sk->v[i] : NAN, fs.divisor);
            if (!stacked && sk->ref)
                S_value(b, i < sk->n ? sk->ref[i] : NAN, fs.divisor);
        }
        tb_buf_puts(b, "\r\n");
    }
    if (isfinite(s->reference)) {
        S_field(b, s->reference_label, true);
        S_value(b, s->reference, fs.divisor);
        tb_buf_puts(b, "\r\n");
    }
}

char *tb_chart_csv(const tb_chart_spec *spec, size_t *len)
{
    tb_buf b = {0};
    tb_fmt_scale fs = tb_chart_scale(spec);
    switch (spec->type) {
    case TB_CHART_GROWTH_ITEMS:
    case TB_CHART_SHARE:
    case TB_CHART_SHARE_STACKED:
        S_by_category(&b, spec, fs);
        break;
    default:
        S_by_period(&b, spec, fs);
    }
    *len = b.len;
    return tb_buf_take(&b);
}
