/* chart_desc: a chart's message in words (see chart_desc.h). */
#include "chart_desc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

static int S_last(const double *v, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (isfinite(v[i]))
            return (int)i;
    return -1;
}

static const char *S_value(char *buf, const tb_chart_spec *s, double v)
{
    bool pct = strcmp(tb_chart_scale(s).label, "%") == 0;
    return pct ? tb_fmt_pct(buf, TB_FMT_SIZE, v, 1, s->type == TB_CHART_SHARE ? 0 : TB_FMT_SIGN)
               : tb_fmt_money(buf, TB_FMT_SIZE, v, s->unit, s->lang, 0);
}

char *tb_chart_desc_title(const tb_chart_spec *s)
{
    char *sub = tb_chart_subtitle(s);
    char *t = sub[0] ? tb_mem_printf("%s: %s", s->title ? s->title : "", sub) : tb_mem_strdup(s->title ? s->title : "");
    free(sub);
    return t;
}

/* "Exports $57.0m, imports $508m" at the last month with data. */
static void S_latest(tb_buf *b, const tb_chart_spec *s, bool ko)
{
    char m[TB_FMT_SIZE], v[TB_FMT_SIZE];
    for (size_t k = 0; k < s->n_series; k++) {
        const tb_chart_series *se = &s->series[k];
        int i = S_last(se->v, se->n);
        if (i < 0)
            continue;
        if (s->type == TB_CHART_ANNUAL) {
            bool part = i + 1 == (int)se->n && s->ytd_months < 12 && s->ytd_label;
            snprintf(m, sizeof m, part ? "%d (%s)" : "%d", tb_month_year(s->start) + i, part ? s->ytd_label : "");
        } else {
            tb_fmt_month(m, sizeof m, s->start + i, TB_FMT_MONTH_SHORT, s->lang);
        }
        tb_buf_printf(b, ko ? "%s %s: %s. " : "%s in %s: %s. ", se->label ? se->label : "", m, S_value(v, s, se->v[i]));
    }
}

/* Highest and lowest category, and the reference. */
static void S_extremes(tb_buf *b, const tb_chart_spec *s, bool ko)
{
    const tb_chart_series *se = &s->series[0];
    int hi = -1, lo = -1;
    size_t n = s->n_categories < se->n ? s->n_categories : se->n;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(se->v[i]) || (s->others_last && i + 1 == s->n_categories))
            continue;
        if (hi < 0 || se->v[i] > se->v[hi])
            hi = (int)i;
        if (lo < 0 || se->v[i] < se->v[lo])
            lo = (int)i;
    }
    char v[TB_FMT_SIZE];
    if (hi >= 0)
        tb_buf_printf(b, ko ? "가장 높은 항목: %s %s. " : "Highest: %s, %s. ", s->categories[hi], S_value(v, s, se->v[hi]));
    if (lo >= 0 && lo != hi)
        tb_buf_printf(b, ko ? "가장 낮은 항목: %s %s. " : "Lowest: %s, %s. ", s->categories[lo], S_value(v, s, se->v[lo]));
    if (isfinite(s->reference))
        tb_buf_printf(b, "%s: %s. ", s->reference_label ? s->reference_label : "", S_value(v, s, s->reference));
}

char *tb_chart_desc_text(const tb_chart_spec *s)
{
    bool ko = tb_fmt_is_ko(s->lang);
    tb_buf b = {0};
    switch (s->type) {
    case TB_CHART_GROWTH_ITEMS:
    case TB_CHART_SHARE:
        if (s->n_series)
            S_extremes(&b, s, ko);
        break;
    case TB_CHART_SHARE_STACKED:
    case TB_CHART_HEATMAP:
        break;
    default:
        S_latest(&b, s, ko);
    }
    if (s->highlight_label && s->highlight_from >= 0)
        tb_buf_printf(&b, "%s. ", s->highlight_label);
    if (b.len == 0)
        return tb_chart_desc_title(s);
    char *t = tb_buf_take(&b);
    t[strlen(t) - 1] = '\0'; /* the last space */
    return t;
}

/* S with &, < and > escaped for XML text. */
static void S_xml(tb_buf *b, const char *s)
{
    for (; *s; s++)
        if (*s == '&')
            tb_buf_puts(b, "&amp;");
        else if (*s == '<')
            tb_buf_puts(b, "&lt;");
        else if (*s == '>')
            tb_buf_puts(b, "&gt;");
        else
            tb_buf_putc(b, *s);
}

char *tb_chart_desc_svg(const tb_chart_spec *spec, const char *s, size_t len, size_t *out_len)
{
    const char *root = strstr(s, "<svg");
    const char *end = root ? memchr(root, '>', len - (size_t)(root - s)) : NULL;
    tb_buf b = {0};
    if (!end) {
        tb_buf_put(&b, s, len);
    } else {
        size_t head = (size_t)(end - s) + 1;
        char *t = tb_chart_desc_title(spec), *d = tb_chart_desc_text(spec);
        tb_buf_put(&b, s, head);
        tb_buf_puts(&b, "\n<title>");
        S_xml(&b, t);
        tb_buf_puts(&b, "</title>\n<desc>");
        S_xml(&b, d);
        tb_buf_puts(&b, "</desc>");
        tb_buf_put(&b, s + head, len - head);
        free(t);
        free(d);
    }
    *out_len = b.len;
    return tb_buf_take(&b);
}
