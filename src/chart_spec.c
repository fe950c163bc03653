/* chart_spec: see chart_spec.h. */
#include "chart_spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_annotate.h"
#include "mem.h"

static const char *const S_type_names[TB_CHART_TYPE_COUNT] = {
    "line", "balance", "growth", "growth-items", "share", "share-stacked", "annual", "heatmap", "sparkline"};

const char *tb_chart_type_name(enum tb_chart_type type)
{
    return (type >= 0 && type < TB_CHART_TYPE_COUNT) ? S_type_names[type] : "?";
}

void tb_chart_spec_init(tb_chart_spec *spec, enum tb_chart_type type)
{
    memset(spec, 0, sizeof *spec);
    spec->type = type;
    spec->lang = "en";
    spec->start = TB_MONTH_NONE;
    spec->highlight_from = spec->highlight_to = TB_MONTH_NONE;
    spec->ytd_months = 12;
    spec->reference = NAN;
    spec->unit = (tb_unit){"USD", 1};
}

static json_t *S_num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *S_str(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *S_month_json(tb_month m)
{
    char buf[8];
    return m >= 0 ? json_string(tb_month_iso(m, buf)) : json_null();
}

static json_t *S_values(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, S_num(v[i]));
    return a;
}

const char *tb_chart_spec_label(const tb_chart_spec *spec, enum tb_chart_label_slot slot, size_t index)
{
    for (size_t i = 0; i < spec->n_labels; i++)
        if (spec->labels[i].slot == slot && spec->labels[i].index == index)
            return spec->labels[i].text;
    return NULL;
}

/* The figure labels as charts.json lists them: text, and the fact it says. */
static json_t *S_labels(const tb_chart_spec *s)
{
    json_t *a = json_array();
    for (size_t i = 0; i < s->n_labels; i++) {
        const tb_chart_label *l = &s->labels[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s%}", "text", l->text, "path", l->path, "value",
                                           S_num(l->value), "figure", l->text + l->start, l->len));
    }
    return a;
}

json_t *tb_chart_spec_json(const tb_chart_spec *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(tb_chart_type_name(s->type)));
    json_object_set_new(o, "lang", S_str(s->lang));
    json_object_set_new(o, "title", S_str(s->title));
    char *sub = tb_chart_subtitle(s);
    json_object_set_new(o, "subtitle", json_string(sub));
    free(sub);
    json_object_set_new(o, "source", S_str(s->source));
    if (s->note)
        json_object_set_new(o, "note", json_string(s->note));
    json_object_set_new(o, "unit",
                        json_pack("{s:s, s:f}", "currency", s->unit.currency, "multiplier", s->unit.multiplier));
    json_object_set_new(o, "start", S_month_json(s->start));
    json_t *sa = json_array();
    for (size_t k = 0; k < s->n_series; k++) {
        const tb_chart_series *se = &s->series[k];
        json_t *so = json_object();
        json_object_set_new(so, "label", S_str(se->label));
        json_object_set_new(so, "values", S_values(se->v, se->v ? se->n : 0));
        if (se->ref)
            json_object_set_new(so, "ref", S_values(se->ref, se->n));
        if (se->colour.a > 0) {
            char hex[8];
            snprintf(hex, sizeof hex, "#%02X%02X%02X", (unsigned)lround(se->colour.r * 255),
                     (unsigned)lround(se->colour.g * 255), (unsigned)lround(se->colour.b * 255));
            json_object_set_new(so, "colour", json_string(hex));
        }
        json_array_append_new(sa, so);
    }
    json_object_set_new(o, "series", sa);
    if (s->n_categories) {
        json_t *ca = json_array();
        for (size_t i = 0; i < s->n_categories; i++)
            json_array_append_new(ca, S_str(s->categories[i]));
        json_object_set_new(o, "categories", ca);
        json_object_set_new(o, "others_last", json_boolean(s->others_last));
    }
    if (s->highlight_from >= 0)
        json_object_set_new(o, "highlight",
                            json_pack("{s:o, s:o, s:o}", "from", S_month_json(s->highlight_from), "to",
                                      S_month_json(s->highlight_to), "label", S_str(s->highlight_label)));
    if (s->type == TB_CHART_ANNUAL) {
        json_object_set_new(o, "ytd_months", json_integer(s->ytd_months));
        json_object_set_new(o, "ytd_label", S_str(s->ytd_label));
    }
    if (isfinite(s->reference))
        json_object_set_new(o, "reference",
                            json_pack("{s:f, s:o}", "value", s->reference, "label", S_str(s->reference_label)));
    if (s->ref_label || s->value_label)
        json_object_set_new(o, "legend",
                            json_pack("{s:o, s:o}", "value", S_str(s->value_label), "ref", S_str(s->ref_label)));
    if (s->n_labels)
        json_object_set_new(o, "labels", S_labels(s));
    json_t *ann = json_array();
    for (size_t i = 0; i < s->n_annotations; i++)
        if (tb_chart_annotate_shown(s, i))
            json_array_append_new(ann, json_pack("{s:o, s:s}", "month", S_month_json(s->annotations[i].month), "text",
                                                 s->annotations[i].label));
    if (json_array_size(ann))
        json_object_set_new(o, "annotations", ann);
    else
        json_decref(ann);
    return o;
}

#define S_N_TEXTS 10

/* The addresses of SPEC's texts, to copy and free them alike. */
static void S_texts(tb_chart_spec *s, const char **t[S_N_TEXTS])
{
    const char **all[S_N_TEXTS] = {&s->lang,      &s->title,           &s->subtitle,  &s->source,
                                   &s->note,      &s->highlight_label, &s->ytd_label, &s->reference_label,
                                   &s->ref_label, &s->value_label};
    memcpy(t, all, sizeof all);
}

static double *S_values_dup(const double *v, size_t n)
{
    if (!v)
        return NULL;
    double *c = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *c);
    memcpy(c, v, n * sizeof *c);
    return c;
}

tb_chart_spec *tb_chart_spec_copy(const tb_chart_spec *spec)
{
    tb_chart_spec *s = tb_mem_alloc(sizeof *s);
    *s = *spec;
    const char **t[S_N_TEXTS];
    S_texts(s, t);
    for (int i = 0; i < S_N_TEXTS; i++)
        *t[i] = *t[i] ? tb_mem_strdup(*t[i]) : NULL;
    tb_chart_series *se = tb_mem_calloc(s->n_series ? s->n_series : 1, sizeof *se);
    for (size_t k = 0; k < s->n_series; k++) {
        se[k] = spec->series[k];
        se[k].label = se[k].label ? tb_mem_strdup(se[k].label) : NULL;
        se[k].v = S_values_dup(se[k].v, se[k].n);
        se[k].ref = S_values_dup(se[k].ref, se[k].n);
    }
    s->series = se;
    const char **cats = tb_mem_calloc(s->n_categories ? s->n_categories : 1, sizeof *cats);
    for (size_t i = 0; i < s->n_categories; i++)
        cats[i] = spec->categories[i] ? tb_mem_strdup(spec->categories[i]) : NULL;
    s->categories = cats;
    tb_chart_label *labels = tb_mem_calloc(s->n_labels ? s->n_labels : 1, sizeof *labels);
    for (size_t i = 0; i < s->n_labels; i++) {
        labels[i] = spec->labels[i];
        labels[i].text = tb_mem_strdup(spec->labels[i].text ? spec->labels[i].text : "");
        labels[i].path = tb_mem_strdup(spec->labels[i].path ? spec->labels[i].path : "");
    }
    s->labels = labels;
    tb_chart_annotate_copy(s, spec);
    return s;
}

void tb_chart_spec_free(tb_chart_spec *s)
{
    if (!s)
        return;
    const char **t[S_N_TEXTS];
    S_texts(s, t);
    for (int i = 0; i < S_N_TEXTS; i++)
        free((void *)*t[i]);
    for (size_t k = 0; k < s->n_series; k++) {
        free((void *)s->series[k].label);
        free((void *)s->series[k].v);
        free((void *)s->series[k].ref);
    }
    free((void *)s->series);
    for (size_t i = 0; i < s->n_categories; i++)
        free((void *)s->categories[i]);
    free((void *)s->categories);
    for (size_t i = 0; i < s->n_labels; i++) {
        free((void *)s->labels[i].text);
        free((void *)s->labels[i].path);
    }
    free((void *)s->labels);
    tb_chart_annotate_free(s);
    free(s);
}
