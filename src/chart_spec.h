/* chart_spec: what a chart says, as data.
 *
 * A tb_chart_spec says what to draw (type, texts, values, unit, month
 * range, highlight); chart.h draws it.  This module holds the spec, its
 * deep copies (the document keeps its charts that way) and its JSON form
 * (charts.json); it draws nothing and knows no canvas.
 *
 * What the series mean, per type:
 *   LINE, BALANCE, GROWTH   series[k].v[i] is month start + i (all series
 *                            the same length); LINE draws each series as a
 *                            line with its latest value at the line's end,
 *                            BALANCE the first series as surplus/deficit
 *                            bars (highlight = the current streak), GROWTH
 *                            the first series as % bars around zero.
 *   GROWTH_ITEMS, SHARE      categories[i] with value series[0].v[i],
 *                            horizontal bars sorted by value; SHARE draws
 *                            series[0].ref[i] (e.g. a year earlier) as a
 *                            tick; `others_last` keeps the last category
 *                            ("Others") last and grey.
 *   SHARE_STACKED            one 100% bar per series, segment i is
 *                            categories[i].
 *   ANNUAL                   series[k].v[i] is year (year of start) + i;
 *                            the last year holds ytd_months months.
 *   HEATMAP                  one row per series, series[k].v[i] the value
 *                            (yoy %) of month start + i.
 *   SPARKLINE                series[0].v over months, no text.
 * NaN is missing: lines break, bars and cells are left out.
 *
 * Money values are in dataset units (unit); the chart picks the display
 * scale ($bn, 억 달러) and substitutes it for "{unit}" in the subtitle
 * (tb_chart_subtitle, chart.h).
 * Percentages are in percent.
 *
 * Ownership: a spec borrows every pointer in it; nothing here frees them,
 * except for the deep copies tb_chart_spec_copy makes (the document keeps
 * its charts' data that way).
 */
#ifndef TB_CHART_SPEC_H
#define TB_CHART_SPEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "dataset.h"
#include "month.h"

enum tb_chart_type {
    TB_CHART_LINE,
    TB_CHART_BALANCE,
    TB_CHART_GROWTH,
    TB_CHART_GROWTH_ITEMS,
    TB_CHART_SHARE,
    TB_CHART_SHARE_STACKED,
    TB_CHART_ANNUAL,
    TB_CHART_HEATMAP,
    TB_CHART_SPARKLINE,
    TB_CHART_TYPE_COUNT
};

typedef struct {
    const char *label;
    const double *v;
    size_t n;
    const double *ref; /* optional, n values */
    tb_rgba colour;    /* alpha 0: the default colour for this place */
} tb_chart_series;

/* A dated event drawn on charts over time (chart_annotate.h). */
typedef struct {
    tb_month month;
    const char *label;
} tb_chart_annotation;

/* Where a figure label stands in a chart. */
enum tb_chart_label_slot {
    TB_CHART_LABEL_VALUE,     /* GROWTH_ITEMS, SHARE: the value label of category `index` */
    TB_CHART_LABEL_END,       /* LINE: series `index`'s latest value; BALANCE, GROWTH: the latest bar's */
    TB_CHART_LABEL_REFERENCE, /* GROWTH_ITEMS: the reference line's label ("All goods +3.0%") */
    TB_CHART_LABEL_HIGHLIGHT  /* BALANCE: the streak's label (the text of highlight_label) */
};

/* A label inside a chart that carries a figure, resolved with the data
 * (chartset.c): the text drawn, and where its figure came from, so the
 * claims ledger can list it: bytes [start, start + len) of TEXT say the
 * value at stats-JSON PATH, which is VALUE.  A chart draws TEXT where a
 * label is given and formats the value itself where none is. */
typedef struct {
    enum tb_chart_label_slot slot;
    size_t index;
    const char *text;
    const char *path;
    double value;
    size_t start, len;
} tb_chart_label;

typedef struct tb_chart_spec {
    enum tb_chart_type type;
    const char *lang;             /* "en" (default) or "ko" */
    const char *title, *subtitle; /* subtitle may hold "{unit}" */
    const char *source, *note;    /* bottom lines, as given */
    tb_unit unit;                 /* of money values */
    tb_month start;               /* see the table above */
    const tb_chart_series *series;
    size_t n_series;
    const char *const *categories;
    size_t n_categories;
    bool others_last;                       /* SHARE, GROWTH_ITEMS */
    tb_month highlight_from, highlight_to;  /* BALANCE streak; TB_MONTH_NONE: none */
    const char *highlight_label;            /* "Surplus for 10 months" */
    int ytd_months;                         /* ANNUAL: 1..12 months in the last year */
    const char *ytd_label;                  /* ANNUAL: "Jan–Mar" under the last year */
    double reference;                       /* GROWTH_ITEMS: a reference line (NaN: none) */
    const char *reference_label;            /* its label, e.g. "All goods" */
    const char *ref_label;                  /* SHARE: legend text for the ticks */
    const char *value_label;                /* SHARE: legend text for the bars */
    const tb_chart_annotation *annotations; /* LINE, BALANCE, GROWTH: events by month (chart_annotate.h) */
    size_t n_annotations;
    const tb_chart_label *labels; /* figure labels with their facts (see above) */
    size_t n_labels;
} tb_chart_spec;

/* A spec of TYPE with everything empty: no highlight, no reference,
 * lang "en", ytd_months 12. */
void tb_chart_spec_init(tb_chart_spec *spec, enum tb_chart_type type);

/* The text of SPEC's label in SLOT for INDEX, or NULL when none is given. */
const char *tb_chart_spec_label(const tb_chart_spec *spec, enum tb_chart_label_slot slot, size_t index);

/* A deep copy of SPEC: every text, series, value array, category and label.
 * Ownership: the caller frees it with tb_chart_spec_free. */
tb_chart_spec *tb_chart_spec_copy(const tb_chart_spec *spec);
/* Frees a copy from tb_chart_spec_copy (NULL is fine). */
void tb_chart_spec_free(tb_chart_spec *spec);

/* "line", "balance", "growth", "growth-items", "share", "share-stacked",
 * "annual", "heatmap", "sparkline". */
const char *tb_chart_type_name(enum tb_chart_type type);

/* The spec as JSON (values included, NaN as null).  Ownership: a new
 * reference (json_decref). */
json_t *tb_chart_spec_json(const tb_chart_spec *spec);

#endif
