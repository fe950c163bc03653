/* chartset: the standard chart set (see chartset.h).
 *
 * A set owns every array and string its specs point to through one list of
 * allocations freed together.  Growth and the balance's sign streak are
 * the facts module's (tb_facts_at on the same series), so a chart never
 * contradicts the sentence beside it; shares are member / total * 100; a
 * missing input gives NaN, never a made-up number.
 */
#include "chartset.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart_csv.h"
#include "facts.h"
#include "fmt.h"
#include "mem.h"

typedef struct {
    const char *name;
    tb_chart_spec spec;
} S_entry;

struct tb_chartset {
    S_entry *e;
    size_t n, cap;
    void **owned;
    size_t n_owned, cap_owned;
    tb_month month;
    bool ko;
    const char *lang;
    const char **omitted; /* names of charts left out for lack of data */
    size_t n_omitted, cap_omitted;
};

static void S_omit(tb_chartset *set, const char *name)
{
    TB_GROW(set->omitted, set->cap_omitted, set->n_omitted + 1);
    set->omitted[set->n_omitted++] = name;
}

/* ------------------------------------------------------- ownership */

static void *S_own(tb_chartset *set, void *p)
{
    TB_GROW(set->owned, set->cap_owned, set->n_owned + 1);
    set->owned[set->n_owned++] = p;
    return p;
}

static const char *S_printf(tb_chartset *set, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *S_printf(tb_chartset *set, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = tb_mem_alloc((size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, aq);
    va_end(aq);
    return S_own(set, p);
}

static double *S_nans(tb_chartset *set, size_t n)
{
    double *v = S_own(set, tb_mem_alloc(sizeof *v * (n ? n : 1)));
    for (size_t i = 0; i < n; i++)
        v[i] = NAN;
    return v;
}

static tb_chart_series *S_series(tb_chartset *set, size_t n)
{
    return S_own(set, tb_mem_calloc(n ? n : 1, sizeof(tb_chart_series)));
}

static tb_chart_spec *S_add(tb_chartset *set, const char *name, enum tb_chart_type type)
{
    TB_GROW(set->e, set->cap, set->n + 1);
    S_entry *e = &set->e[set->n++];
    e->name = name;
    tb_chart_spec_init(&e->spec, type);
    e->spec.lang = set->lang;
    return &e->spec;
}

void tb_chartset_free(tb_chartset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n_owned; i++)
        free(set->owned[i]);
    free(set->owned);
    free(set->omitted);
    free(set->e);
    free(set);
}

size_t tb_chartset_count(const tb_chartset *set) { return set->n; }
const char *tb_chartset_name(const tb_chartset *set, size_t i) { return i < set->n ? set->e[i].name : NULL; }
const tb_chart_spec *tb_chartset_spec(const tb_chartset *set, size_t i) { return i < set->n ? &set->e[i].spec : NULL; }
tb_month tb_chartset_month(const tb_chartset *set) { return set->month; }

void tb_chartset_annotate(tb_chartset *set, const tb_chart_annotation *a, size_t n)
{
    for (size_t i = 0; i < set->n; i++) {
        set->e[i].spec.annotations = a;
        set->e[i].spec.n_annotations = n;
    }
}

const tb_chart_spec *tb_chartset_find(const tb_chartset *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->e[i].name, name) == 0)
            return &set->e[i].spec;
    return NULL;
}

/* ---------------------------------------------------- derived numbers */

typedef struct {
    const tb_dataset *ds;
    int months; /* calendar length */
    tb_month cal0;
    int mi;     /* index of the reference month */
    int window; /* months of the charts over time; 0: each chart's default */
    tb_chartset *set;
    tb_facts_prep *fp;
    /* S_shown's last answer (items are shown by two charts) */
    const tb_breakdown *shown_for;
    const size_t *shown;
    size_t n_shown;
    const char *shown_cut;
} S_ctx;

static double S_at(const S_ctx *x, const double *v, int i) { return (v && i >= 0 && i < x->months) ? v[i] : NAN; }

/* The facts of V's month index T, V read up to the reference month and
 * prepared for the months FROM..T.  NULL when V is missing or T is outside
 * the calendar. */
static const tb_facts *S_facts(S_ctx *x, const double *v, bool balance, int from, int t, tb_facts *f)
{
    if (!v || t < 0 || t > x->mi)
        return NULL;
    tb_facts_prep_series(x->fp, v, x->mi + 1, x->cal0, balance, NULL, from < 0 ? 0 : from);
    tb_facts_at(x->fp, t, f);
    return f;
}

/* The facts' yoy_pct of V's month indices FROM..TO into OUT; NaN where
 * the facts give null or the month is outside the calendar. */
static void S_yoys(S_ctx *x, const double *v, int from, int to, double *out)
{
    int lo = from < 0 ? 0 : from;
    if (!v || to < lo) {
        for (int i = from; i <= to; i++)
            out[i - from] = NAN;
        return;
    }
    tb_facts_prep_series(x->fp, v, x->mi + 1, x->cal0, false, NULL, lo);
    tb_facts f;
    for (int i = from; i <= to; i++) {
        if (i < lo || i > x->mi) {
            out[i - from] = NAN;
            continue;
        }
        tb_facts_at(x->fp, i, &f);
        out[i - from] = f.yoy_pct.reason ? NAN : f.yoy_pct.v;
    }
}

static double S_yoy(S_ctx *x, const double *v, int i)
{
    double g;
    S_yoys(x, v, i, i, &g);
    return g;
}

/* N months ending at the reference month (the context's window instead
 * when one is set), fewer when that would reach back before January of
 * year 1, the first month there is. */
static int S_span(const S_ctx *x, int n)
{
    if (x->window > 0)
        n = x->window;
    int avail = x->set->month - tb_month_make(1, 1) + 1;
    return n < avail ? n : avail;
}

/* The N values (or growth rates) of V for the N months to the reference. */
static double *S_window(S_ctx *x, const double *v, int n, bool yoy)
{
    double *w = S_nans(x->set, (size_t)n);
    if (yoy) {
        S_yoys(x, v, x->mi - (n - 1), x->mi, w);
        return w;
    }
    for (int k = 0; k < n; k++)
        w[k] = S_at(x, v, x->mi - (n - 1) + k);
    return w;
}

static const double *S_values(const tb_dataset *ds, size_t idx)
{
    return idx == SIZE_MAX ? NULL : tb_dataset_get(ds, idx)->v;
}

/* Whether V (N values, may be NULL) has any value. */
static bool S_any(const double *v, int n)
{
    for (int i = 0; v && i < n; i++)
        if (!isnan(v[i]))
            return true;
    return false;
}

/* ------------------------------------------------------------ texts */

/* Metadata KEY in LANG ("source.ko"), else English, else plain KEY. */
static const char *S_meta(const tb_dataset *ds, const char *key, const char *lang)
{
    const char *langs[2] = {lang, "en"};
    for (int i = 0; i < 2; i++) {
        char *k = tb_mem_printf("%s.%s", key, langs[i]);
        const char *v = tb_dataset_meta(ds, k);
        free(k);
        if (v)
            return v;
    }
    return tb_dataset_meta(ds, key);
}

static const char *S_flow_label(const S_ctx *x, const char *flow)
{
    return tb_dataset_label(x->ds, -1, flow, x->set->lang);
}

static const char *S_month_text(S_ctx *x, tb_month m, enum tb_fmt_month_style st)
{
    char buf[TB_FMT_SIZE];
    return S_printf(x->set, "%s", tb_fmt_month(buf, sizeof buf, m, st, x->set->lang));
}

/* Month M as a chart names the period of a value: the month, or in a
 * flash (a partial view) its days 1..D, "1–20 Aug 2026" / "2026년 8월 1~20일". */
static const char *S_period_text(S_ctx *x, tb_month m)
{
    const char *mon = S_month_text(x, m, TB_FMT_MONTH_SHORT);
    const char *days = tb_dataset_meta(x->ds, "partial_days");
    if (!days)
        return mon;
    return x->set->ko ? S_printf(x->set, "%s 1~%s일", mon, days) : S_printf(x->set, "1\xe2\x80\x93%s %s", days, mon);
}

/* "Export" / "Import" as an English adjective, "수출" / "수입" in Korean. */
static const char *S_flow_adj(const S_ctx *x, enum tb_flow f)
{
    return tb_lang(f == TB_IMPORT ? TB_L_IMPORT_ADJ : TB_L_EXPORT_ADJ, x->set->ko);
}

/* ----------------------------------------------------- figure labels */

/* Room for CAP figure labels on S (chart_spec.h tb_chart_label), owned
 * by the set; S_label fills it. */
static tb_chart_label *S_labels(tb_chartset *set, tb_chart_spec *s, size_t cap)
{
    tb_chart_label *l = S_own(set, tb_mem_calloc(cap ? cap : 1, sizeof *l));
    s->labels = l;
    s->n_labels = 0;
    return l;
}

/* Appends to S (room from S_labels: L) the label TEXT in SLOT for INDEX
 * whose figure FIG (a substring of TEXT) says VALUE at stats-JSON PATH.
 * TEXT and PATH must be owned by the set. */
static void S_label(tb_chart_spec *s, tb_chart_label *l, enum tb_chart_label_slot slot, size_t index, const char *text,
                    const char *fig, const char *path, double value)
{
    const char *at = strstr(text, fig);
    size_t start = at ? (size_t)(at - text) : 0, len = at ? strlen(fig) : strlen(text);
    l[s->n_labels++] = (tb_chart_label){slot, index, text, path, value, start, len};
}

/* A label that is a money figure alone ("$56.5bn"): V at PATH. */
static void S_money_label(S_ctx *x, tb_chart_spec *s, tb_chart_label *l, size_t index, double v, const char *path)
{
    char buf[TB_FMT_SIZE];
    const char *text =
        S_printf(x->set, "%s", tb_fmt_money(buf, sizeof buf, v, tb_dataset_unit(x->ds), x->set->lang, 0));
    S_label(s, l, TB_CHART_LABEL_END, index, text, text, S_printf(x->set, "%s", path), v);
}

/* A label that is a growth rate alone ("+22.6%"): V at PATH. */
static void S_pct_label(S_ctx *x, tb_chart_spec *s, tb_chart_label *l, enum tb_chart_label_slot slot, size_t index,
                        double v, const char *path)
{
    char buf[TB_FMT_SIZE];
    const char *text = S_printf(x->set, "%s", tb_fmt_pct(buf, sizeof buf, v, 1, TB_FMT_SIGN));
    S_label(s, l, slot, index, text, text, path, v);
}

/* ------------------------------------------------------------ charts */

static void S_line(S_ctx *x, const double *ex, const double *im, const char *reporter, const char *source)
{
    tb_chartset *set = x->set;
    int n = S_span(x, 36);
    tb_chart_spec *s = S_add(set, "exports-imports", TB_CHART_LINE);
    tb_chart_series *se = S_series(set, 2);
    size_t k = 0;
    if (ex)
        se[k++] = (tb_chart_series){S_flow_label(x, "export"), S_window(x, ex, n, false), (size_t)n, NULL,
                                    tb_chart_colour_export()};
    if (im)
        se[k++] = (tb_chart_series){S_flow_label(x, "import"), S_window(x, im, n, false), (size_t)n, NULL,
                                    tb_chart_colour_import()};
    s->series = se;
    s->n_series = k;
    s->start = set->month - (n - 1);
    tb_chart_label *l = S_labels(set, s, k);
    for (size_t j = 0; j < k; j++)
        if (isfinite(se[j].v[n - 1]))
            S_money_label(x, s, l, j, se[j].v[n - 1], j == 0 && ex ? "series.exports.value" : "series.imports.value");
    s->title = tb_lang(ex && im ? TB_L_CHART_EX_IM : ex ? TB_L_CHART_EX : TB_L_CHART_IM, set->ko);
    const char *days = tb_dataset_meta(x->ds, "partial_days"); /* a flash: days 1..D of each month */
    s->subtitle = days ? S_printf(set, tb_lang(TB_L_CHART_PARTIAL, set->ko), reporter, days)
                       : S_printf(set, tb_lang(TB_L_CHART_MONTHLY, set->ko), reporter);
    s->source = source;
}

static void S_balance(S_ctx *x, const double *bal, const char *reporter, const char *source, tb_unit unit)
{
    tb_chartset *set = x->set;
    int n = S_span(x, 36);
    tb_chart_spec *s = S_add(set, "balance", TB_CHART_BALANCE);
    tb_chart_series *se = S_series(set, 1);
    se[0] = (tb_chart_series){S_flow_label(x, "balance"), S_window(x, bal, n, false), (size_t)n, NULL, {0, 0, 0, 0}};
    s->series = se;
    s->n_series = 1;
    s->unit = unit;
    s->start = set->month - (n - 1);
    s->title = tb_lang(TB_L_CHART_BALANCE, set->ko);
    s->subtitle = S_printf(set, tb_lang(TB_L_CHART_MONTHLY, set->ko), reporter);
    s->source = source;
    tb_chart_label *l = S_labels(set, s, 2);
    if (isfinite(se[0].v[n - 1]))
        S_money_label(x, s, l, 0, se[0].v[n - 1], "series.balance.value");
    tb_facts f, before;
    if (!S_facts(x, bal, true, x->mi - 1, x->mi, &f) || f.sign_streak.reason)
        return;
    int sign = f.sign_streak.dir, streak = f.sign_streak.months;
    if (f.sign_streak.since < s->start) { /* a bracket over the whole chart says nothing */
        const char *since = S_month_text(x, f.sign_streak.since, TB_FMT_MONTH_SHORT);
        s->subtitle = set->ko ? S_printf(set, "%s, 월별, {unit}; %s부터 %s", reporter, since, sign > 0 ? "흑자" : "적자")
                              : S_printf(set, "%s, monthly, {unit}; in %s since %s", reporter,
                                         sign > 0 ? "surplus" : "deficit", since);
        return;
    }
    s->highlight_to = set->month;
    s->highlight_from = f.sign_streak.since;
    /* "back in": the month before was on the other side (not zero, not missing) */
    bool flipped = streak == 1 && S_facts(x, bal, true, x->mi - 1, x->mi - 1, &before) &&
                   !before.sign_streak.reason && before.sign_streak.dir == -sign;
    if (flipped)
        s->highlight_label = tb_lang(sign > 0 ? TB_L_BACK_IN_SURPLUS : TB_L_BACK_IN_DEFICIT, set->ko);
    else {
        s->highlight_label = S_printf(set, tb_lang(sign > 0 ? TB_L_STREAK_SURPLUS : TB_L_STREAK_DEFICIT, set->ko),
                                      streak, streak == 1 ? "" : "s");
        S_label(s, l, TB_CHART_LABEL_HIGHLIGHT, 0, s->highlight_label, S_printf(set, "%d", streak),
                "series.balance.sign_streak.months", streak);
    }
}

/* Growth of V, the headline exports, or the imports of a reporter that
 * has no exports (IMPORTS); the chart keeps its name exports-yoy. */
static void S_growth(S_ctx *x, const double *v, bool imports, const char *reporter, const char *source)
{
    tb_chartset *set = x->set;
    int n = S_span(x, 24);
    tb_chart_spec *s = S_add(set, "exports-yoy", TB_CHART_GROWTH);
    tb_chart_series *se = S_series(set, 1);
    se[0] = (tb_chart_series){S_flow_label(x, imports ? "import" : "export"), S_window(x, v, n, true), (size_t)n,
                              NULL, {0, 0, 0, 0}};
    s->series = se;
    s->n_series = 1;
    s->start = set->month - (n - 1);
    if (isfinite(se[0].v[n - 1]))
        S_pct_label(x, s, S_labels(set, s, 1), TB_CHART_LABEL_END, 0, se[0].v[n - 1],
                    imports ? "series.imports.yoy_pct" : "series.exports.yoy_pct");
    s->title = tb_lang(imports ? TB_L_CHART_IM_GROWTH : TB_L_CHART_EX_GROWTH, set->ko);
    s->subtitle = S_printf(set, tb_lang(TB_L_CHART_YOY_SUB, set->ko), reporter);
    s->source = source;
}

/* Who breakdown B is about: its total's reporter, and its partner or
 * product when that is not the world or all goods (a selection given with
 * --partner or --product does not change a manifest breakdown, so its
 * charts must not be titled with it). */
static const char *S_breakdown_who(const S_ctx *x, const tb_breakdown *b)
{
    const tb_series *t = tb_dataset_get(x->ds, b->total);
    const char *lang = x->set->lang;
    const char *who = tb_dataset_label(x->ds, TB_DIM_REPORTER, tb_dataset_code(x->ds, TB_DIM_REPORTER, t->key.reporter),
                                       lang);
    const char *p = tb_dataset_code(x->ds, TB_DIM_PARTNER, t->key.partner);
    const char *q = tb_dataset_code(x->ds, TB_DIM_PRODUCT, t->key.product);
    if (b->along != TB_DIM_PARTNER && strcmp(p, TB_PARTNER_WORLD) != 0)
        who = S_printf(x->set, "%s \xc2\xb7 %s", who, tb_dataset_label(x->ds, TB_DIM_PARTNER, p, lang));
    if (b->along != TB_DIM_PRODUCT && strcmp(q, TB_PRODUCT_TOTAL) != 0)
        who = S_printf(x->set, "%s \xc2\xb7 %s", who, tb_dataset_label(x->ds, TB_DIM_PRODUCT, q, lang));
    return who;
}

/* Label of breakdown member series IDX (its code along the breakdown). */
static const char *S_member_label(const S_ctx *x, const tb_breakdown *b, size_t idx)
{
    const tb_series *se = tb_dataset_get(x->ds, idx);
    int32_t id = b->along == TB_DIM_PRODUCT ? se->key.product : se->key.partner;
    const char *code = tb_dataset_code(x->ds, b->along, id);
    return tb_dataset_label(x->ds, (int)b->along, code, x->set->lang);
}

/* A chart shows at most this many members of a breakdown. */
#define S_MAX_SHOWN 20

typedef struct {
    double v;
    size_t i;
} S_ranked;

static int S_by_value(const void *pa, const void *pb)
{
    const S_ranked *a = pa, *b = pb;
    bool na = !isfinite(a->v), nb = !isfinite(b->v);
    if (na != nb)
        return na ? 1 : -1;
    if (!na && a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int S_by_index(const void *pa, const void *pb)
{
    const S_ranked *a = pa, *b = pb;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The members B's charts show, in manifest order: all of them, or the
 * S_MAX_SHOWN largest in the reference month when there are more (a bar
 * or a row per member of thousands reads as nothing).  *N gets their
 * count; *NOTE a subtitle suffix naming the cut, or "".  Owned by the set. */
static const size_t *S_shown(S_ctx *x, const tb_breakdown *b, size_t *n, const char **note)
{
    *n = b->n_members;
    *note = "";
    if (*n <= S_MAX_SHOWN)
        return b->members;
    if (x->shown_for == b) {
        *n = x->n_shown;
        *note = x->shown_cut;
        return x->shown;
    }
    S_ranked *r = tb_mem_reallocarray(NULL, *n, sizeof *r);
    for (size_t i = 0; i < *n; i++)
        r[i] = (S_ranked){S_at(x, tb_dataset_get(x->ds, b->members[i])->v, x->mi), i};
    qsort(r, *n, sizeof *r, S_by_value);
    qsort(r, S_MAX_SHOWN, sizeof *r, S_by_index);
    size_t *idx = S_own(x->set, tb_mem_reallocarray(NULL, S_MAX_SHOWN, sizeof *idx));
    for (size_t k = 0; k < S_MAX_SHOWN; k++)
        idx[k] = b->members[r[k].i];
    free(r);
    char of[TB_FMT_SIZE];
    tb_fmt_number(of, sizeof of, (double)*n, 0, 0);
    *note = S_printf(x->set, tb_lang(TB_L_CHART_TOP_N, x->set->ko), S_MAX_SHOWN, of);
    *n = S_MAX_SHOWN;
    x->shown_for = b;
    x->shown = idx;
    x->n_shown = *n;
    x->shown_cut = *note;
    return idx;
}

/* The figure labels of growth-by-member chart S over B's MEMBERS[0..N):
 * each bar's growth (breakdowns.B.members.K.yoy_pct, K the member's place
 * in B) and the reference line's (breakdowns.B.total.yoy_pct). */
static void S_growth_labels(S_ctx *x, tb_chart_spec *s, const tb_breakdown *b, const size_t *members, size_t n)
{
    tb_chart_label *l = S_labels(x->set, s, n + 1);
    const double *g = s->series[0].v;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < b->n_members && b->members[k] != members[i])
            k++;
        if (isfinite(g[i]) && k < b->n_members)
            S_pct_label(x, s, l, TB_CHART_LABEL_VALUE, i, g[i],
                        S_printf(x->set, "breakdowns.%s.members.%zu.yoy_pct", b->name, k));
    }
    if (!isfinite(s->reference))
        return;
    char buf[TB_FMT_SIZE];
    tb_fmt_pct(buf, sizeof buf, s->reference, 1, TB_FMT_SIGN);
    const char *text = S_printf(x->set, "%s %s", s->reference_label ? s->reference_label : "", buf);
    S_label(s, l, TB_CHART_LABEL_REFERENCE, 0, text, text + strlen(text) - strlen(buf),
            S_printf(x->set, "breakdowns.%s.total.yoy_pct", b->name), s->reference);
}

static void S_breakdown(S_ctx *x, const tb_breakdown *b, const char *stem, const char *source,
                        const char *reporter)
{
    tb_chartset *set = x->set;
    const tb_series *total = tb_dataset_get(x->ds, b->total);
    enum tb_flow flow = total->key.flow;
    bool items = b->along == TB_DIM_PRODUCT;
    size_t n;
    const char *cut;
    const size_t *members = S_shown(x, b, &n, &cut);
    const char *what = tb_lang(items ? TB_L_BY_ITEM : flow == TB_IMPORT ? TB_L_BY_ORIGIN : TB_L_BY_DESTINATION, set->ko);
    const char *mtext = S_period_text(x, set->month);
    const char *ytext = S_period_text(x, set->month - 12);
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any = any || isfinite(S_at(x, tb_dataset_get(x->ds, members[i])->v, x->mi));
    if (!any) {
        S_omit(set, S_printf(set, "%s-yoy", stem));
        S_omit(set, S_printf(set, "%s-share", stem));
        return;
    }
    const char *total_label =
        items ? tb_dataset_label(x->ds, TB_DIM_PRODUCT, tb_dataset_code(x->ds, TB_DIM_PRODUCT, total->key.product),
                                 set->lang)
              : tb_dataset_label(x->ds, TB_DIM_PARTNER, tb_dataset_code(x->ds, TB_DIM_PARTNER, total->key.partner),
                                 set->lang);

    /* Growth by member, the total's growth as the reference line. */
    const char **cats = S_own(set, tb_mem_calloc(n + 1, sizeof *cats));
    double *g = S_nans(set, n);
    for (size_t i = 0; i < n; i++) {
        cats[i] = S_member_label(x, b, members[i]);
        g[i] = S_yoy(x, tb_dataset_get(x->ds, members[i])->v, x->mi);
    }
    tb_chart_spec *s = S_add(set, S_printf(set, "%s-yoy", stem), TB_CHART_GROWTH_ITEMS);
    tb_chart_series *se = S_series(set, 1);
    se[0] = (tb_chart_series){S_flow_label(x, tb_flow_code(flow)), g, n, NULL, {0, 0, 0, 0}};
    s->series = se;
    s->n_series = 1;
    s->categories = cats;
    s->n_categories = n;
    s->reference = S_yoy(x, total->v, x->mi);
    s->reference_label = total_label;
    S_growth_labels(x, s, b, members, n);
    s->title = S_printf(set, tb_lang(TB_L_CHART_GROWTH_BY, set->ko), what, S_flow_adj(x, flow));
    s->subtitle = S_printf(set, tb_lang(TB_L_CHART_GROWTH_BY_SUB, set->ko), reporter, mtext, cut);
    s->source = source;

    /* Shares of the total, now and a year earlier, with the rest as
     * "Others". */
    double tot = S_at(x, total->v, x->mi), tot0 = S_at(x, total->v, x->mi - 12);
    double *sh = S_nans(set, n + 1), *sh0 = S_nans(set, n + 1);
    double sum = 0, sum0 = 0;
    for (size_t i = 0; i < n; i++) {
        const double *v = tb_dataset_get(x->ds, members[i])->v;
        double a = S_at(x, v, x->mi), a0 = S_at(x, v, x->mi - 12);
        sh[i] = (isfinite(a) && tot > 0) ? a / tot * 100 : NAN;
        sh0[i] = (isfinite(a0) && tot0 > 0) ? a0 / tot0 * 100 : NAN;
        sum += sh[i];
        sum0 += sh0[i];
    }
    size_t nc = n;
    if (isfinite(sum) && sum < 99.95) {
        cats[n] = tb_lang(TB_L_OTHERS, set->ko);
        sh[n] = 100 - sum;
        sh0[n] = isfinite(sum0) ? 100 - sum0 : NAN;
        nc = n + 1;
    }
    s = S_add(set, S_printf(set, "%s-share", stem), TB_CHART_SHARE);
    se = S_series(set, 1);
    se[0] = (tb_chart_series){S_flow_label(x, tb_flow_code(flow)), sh, nc, sh0, {0, 0, 0, 0}};
    s->series = se;
    s->n_series = 1;
    s->categories = cats;
    s->n_categories = nc;
    s->others_last = nc > n;
    s->value_label = mtext;
    s->ref_label = ytext;
    s->title = S_printf(set, tb_lang(TB_L_CHART_SHARES_BY, set->ko), what, S_flow_adj(x, flow));
    s->subtitle = S_printf(set, tb_lang(flow == TB_IMPORT ? TB_L_CHART_SHARES_SUB_IM : TB_L_CHART_SHARES_SUB_EX, set->ko),
                           reporter, S_flow_label(x, tb_flow_code(flow)), cut);
    s->source = source;
}

static void S_annual(S_ctx *x, const double *ex, const double *im, const char *reporter, const char *source)
{
    tb_chartset *set = x->set;
    int last_year = tb_month_year(set->month), ytd = tb_month_mon(set->month);
    int years = last_year < 10 ? last_year : 10;
    tb_chart_spec *s = S_add(set, "annual", TB_CHART_ANNUAL);
    tb_chart_series *se = S_series(set, 2);
    const double *src[2] = {ex ? ex : im, ex ? im : NULL};
    int flows = ex && im ? 2 : 1;
    for (int k = 0; k < flows; k++) {
        bool is_im = src[k] == im;
        double *v = S_nans(set, (size_t)years);
        for (int y = 0; y < years; y++) {
            int year = last_year - (years - 1) + y;
            int months = year == last_year ? ytd : 12;
            double sum = 0;
            for (int m = 1; m <= months; m++)
                sum += S_at(x, src[k], tb_month_make(year, m) - x->cal0);
            v[y] = sum;
        }
        se[k] = (tb_chart_series){S_flow_label(x, is_im ? "import" : "export"), v, (size_t)years, NULL,
                                  is_im ? tb_chart_colour_import() : tb_chart_colour_export()};
    }
    s->series = se;
    s->n_series = (size_t)flows;
    s->start = tb_month_make(last_year - (years - 1), 1);
    s->ytd_months = ytd;
    s->title = tb_lang(ex && im ? TB_L_CHART_ANNUAL_EX_IM : ex ? TB_L_CHART_ANNUAL_EX : TB_L_CHART_ANNUAL_IM, set->ko);
    if (ytd < 12) {
        char a[TB_FMT_SIZE], b[TB_FMT_SIZE];
        tb_fmt_month(a, sizeof a, tb_month_make(last_year, 1), TB_FMT_MONTH_NAME, set->lang);
        tb_fmt_month(b, sizeof b, set->month, TB_FMT_MONTH_NAME, set->lang);
        s->ytd_label = S_printf(set, tb_lang(TB_L_YTD_LABEL, set->ko), a, b);
        s->subtitle = S_printf(set, tb_lang(TB_L_CHART_ANNUAL_YTD_SUB, set->ko), reporter, last_year, s->ytd_label);
    } else {
        s->subtitle = S_printf(set, "%s, {unit}", reporter);
    }
    s->source = source;
}

static void S_heatmap(S_ctx *x, const tb_breakdown *b, const char *reporter, const char *source)
{
    tb_chartset *set = x->set;
    int n = S_span(x, 13);
    size_t rows;
    const char *cut;
    const size_t *members = S_shown(x, b, &rows, &cut);
    enum tb_flow flow = tb_dataset_get(x->ds, b->total)->key.flow;
    tb_chart_series *se = S_series(set, rows);
    bool any = false;
    for (size_t k = 0; k < rows; k++) {
        se[k] = (tb_chart_series){S_member_label(x, b, members[k]),
                                  S_window(x, tb_dataset_get(x->ds, members[k])->v, n, true), (size_t)n, NULL,
                                  {0, 0, 0, 0}};
        for (int i = 0; i < n; i++)
            any = any || isfinite(se[k].v[i]);
    }
    if (!any) {
        S_omit(set, "items-heatmap");
        return;
    }
    tb_chart_spec *s = S_add(set, "items-heatmap", TB_CHART_HEATMAP);
    s->series = se;
    s->n_series = rows;
    s->start = set->month - (n - 1);
    char r[TB_FMT_SIZE];
    tb_fmt_month_range(r, sizeof r, s->start, set->month, set->lang);
    s->title = S_printf(set, tb_lang(TB_L_CHART_HEATMAP, set->ko), S_flow_adj(x, flow));
    s->subtitle = S_printf(set, "%s, %s%s", reporter, r, cut);
    s->source = source;
}

tb_chartset *tb_chartset_build(const tb_dataset *ds, const tb_subject *subject, tb_month month, const char *lang,
                               tb_diag *diag)
{
    return tb_chartset_build_months(ds, subject, month, lang, 0, diag);
}

tb_chartset *tb_chartset_build_months(const tb_dataset *ds, const tb_subject *subject, tb_month month,
                                      const char *lang, int window, tb_diag *diag)
{
    tb_subject def = tb_dataset_subject(ds);
    if (!subject)
        subject = &def;
    size_t ix = tb_dataset_headline(ds, subject, TB_EXPORT);
    size_t im = tb_dataset_headline(ds, subject, TB_IMPORT);
    size_t ib = tb_dataset_headline(ds, subject, TB_BALANCE);
    const char *rep = subject->reporter;
    if (ix == SIZE_MAX && im == SIZE_MAX) {
        tb_diag_error(diag, tb_dataset_name(ds), 0, 0, NULL, "charts need the headline exports or imports of reporter %s",
                      rep ? rep : "(default)");
        return NULL;
    }
    if (month == TB_MONTH_NONE)
        month = tb_dataset_last_month(ds, subject);
    tb_month cal0 = tb_dataset_start(ds);
    int months = tb_dataset_months(ds);
    if (month < cal0 || month >= cal0 + months) {
        char a[8], b[8], m[8];
        tb_diag_error(diag, tb_dataset_name(ds), 0, 0, NULL, "month %s is outside the data (%s .. %s)",
                      month >= 0 ? tb_month_iso(month, m) : "(none)", tb_month_iso(cal0, a),
                      tb_month_iso(cal0 + months - 1, b));
        return NULL;
    }
    tb_chartset *set = tb_mem_calloc(1, sizeof *set);
    set->month = month;
    set->ko = tb_fmt_is_ko(lang);
    set->lang = set->ko ? "ko" : "en";
    S_ctx x = {.ds = ds, .months = months, .cal0 = cal0, .mi = month - cal0, .window = window, .set = set,
               .fp = tb_facts_prep_new()};
    tb_facts_prep_set_trend_years(x.fp, 0);
    const char *reporter = tb_dataset_label(ds, TB_DIM_REPORTER, rep ? rep : "", set->lang);
    if (!rep)
        reporter = tb_lang(TB_L_ALL_REPORTERS, set->ko);
    /* A briefing about one partner or product names it beside the reporter. */
    const char *hp = subject->partner, *hq = subject->product;
    if (hp && strcmp(hp, TB_PARTNER_WORLD) != 0)
        reporter = S_printf(set, "%s \xc2\xb7 %s", reporter, tb_dataset_label(ds, TB_DIM_PARTNER, hp, set->lang));
    if (hq && strcmp(hq, TB_PRODUCT_TOTAL) != 0)
        reporter = S_printf(set, "%s \xc2\xb7 %s", reporter, tb_dataset_label(ds, TB_DIM_PRODUCT, hq, set->lang));
    const char *src = S_meta(ds, "source", set->lang);
    const char *source = src ? S_printf(set, "%s %s", tb_lang(TB_L_SOURCE, set->ko), src) : NULL;

    const double *ex = S_values(ds, ix), *imv = S_values(ds, im);
    const double *bal = S_values(ds, ib);
    /* A partial view (days 1..D of each month: tb_dataset_partial_view)
     * leaves out the series without partial figures and the annual sums,
     * which would add up partial periods. */
    bool partial = tb_dataset_meta(ds, "partial_days") != NULL;
    if (partial) {
        ex = S_any(ex, months) ? ex : NULL;
        imv = S_any(imv, months) ? imv : NULL;
        bal = S_any(bal, months) ? bal : NULL;
    }
    if (!bal && ex && imv) {
        double *b = S_nans(set, (size_t)months);
        for (int i = 0; i < months; i++)
            b[i] = ex[i] - imv[i];
        bal = b;
    }
    tb_unit unit = tb_dataset_unit(ds);
    S_line(&x, ex, imv, reporter, source);
    if (bal)
        S_balance(&x, bal, reporter, source, unit);
    else
        S_omit(set, "balance");
    S_growth(&x, ex ? ex : imv, !ex, reporter, source);
    const tb_breakdown *items = tb_dataset_breakdown_by_name(ds, "items");
    const tb_breakdown *partners = tb_dataset_breakdown_by_name(ds, "partners");
    if (items && items->n_members > 0)
        S_breakdown(&x, items, "items", source, S_breakdown_who(&x, items));
    if (partners && partners->n_members > 0)
        S_breakdown(&x, partners, "partners", source, S_breakdown_who(&x, partners));
    if (partial)
        S_omit(set, "annual");
    else
        S_annual(&x, ex, imv, reporter, source);
    if (items && items->n_members > 0)
        S_heatmap(&x, items, S_breakdown_who(&x, items), source);
    for (size_t i = 0; i < set->n; i++)
        set->e[i].spec.unit = unit;
    tb_facts_prep_free(x.fp);
    return set;
}

/* ------------------------------------------------------------ writing */

/* Writes SPEC's data as FILE (CSV, chart_csv.h) unless it is fresh.
 * Returns 0, or -1 after a diagnostic. */
static int S_write_data(tb_artifacts *a, const char *file, const tb_chart_spec *spec, const tb_artifact_info *info,
                        tb_diag *diag)
{
    size_t len;
    char *csv = tb_chart_csv(spec, &len), inputs[65];
    const char *parts[] = {"chart-data", csv};
    tb_artifact_inputs_hash(inputs, parts, 2);
    int rc = 0;
    if (!tb_artifacts_fresh(a, file, inputs))
        rc = tb_artifacts_put(a, file, csv, len, "chart-data", "csv", info, inputs, diag);
    free(csv);
    return rc;
}

/* Renders chart I unless the manifest says it is fresh; fills its
 * charts.json entry either way.  Returns 0, or -1 after a diagnostic. */
static int S_write_chart(const tb_chartset *set, size_t i, tb_artifacts *a, const char *format, const double size[2],
                         const tb_artifact_info *info, json_t *arr, tb_diag *diag)
{
    const tb_chart_spec *spec = &set->e[i].spec;
    double w, h, scale = size[1] > 0 ? size[1] / 72 : 2;
    tb_chart_default_size(spec, &w, &h);
    if (size[0] > 0) {
        h = round(h * size[0] / w);
        w = size[0];
    }
    json_t *sj = tb_chart_spec_json(spec);
    char *spec_text = json_dumps(sj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char size_text[96], inputs[65];
    snprintf(size_text, sizeof size_text, "%.17g x %.17g @%.17g", w, h, scale);
    const char *parts[] = {"chart", format, size_text, spec_text};
    tb_artifact_inputs_hash(inputs, parts, 4);
    free(spec_text);
    char *file = tb_mem_printf("%s.%s", set->e[i].name, format);
    int rc = 0;
    if (!tb_artifacts_fresh(a, file, inputs)) {
        unsigned char *bytes;
        size_t len;
        char err[300];
        if (tb_chart_render(spec, format, w, h, scale, &bytes, &len, err, sizeof err) != 0) {
            tb_diag_error(diag, set->e[i].name, 0, 0, NULL, "%s", err);
            rc = -1;
        } else {
            rc = tb_artifacts_put(a, file, bytes, len, "chart", format, info, inputs, diag);
            free(bytes);
        }
    }
    char *data = tb_mem_printf("%s.csv", set->e[i].name);
    if (rc == 0)
        rc = S_write_data(a, data, spec, info, diag);
    const json_t *e = tb_artifacts_entry(a, file);
    if (rc == 0 && e) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(set->e[i].name));
        json_object_set_new(o, "file", json_string(file));
        json_object_set_new(o, "data", json_string(data));
        json_object_set(o, "bytes", json_object_get(e, "bytes"));
        json_object_set(o, "sha256", json_object_get(e, "sha256"));
        json_object_set_new(o, "width_pt", json_real(w));
        json_object_set_new(o, "height_pt", json_real(h));
        if (strcmp(format, "png") == 0)
            json_object_set_new(o, "pixels_per_pt", json_real(scale));
        json_object_set(o, "spec", sj);
        json_array_append_new(arr, o);
    }
    json_decref(sj);
    free(file);
    free(data);
    return rc;
}

int tb_chartset_write_set(const tb_chartset *set, const tb_artifact_info *info, tb_artifacts *a, const char *format,
                          tb_diag *diag)
{
    return tb_chartset_write_sized(set, info, a, format, 0, 0, diag);
}

int tb_chartset_write_sized(const tb_chartset *set, const tb_artifact_info *info, tb_artifacts *a, const char *format,
                            double width, double dpi, tb_diag *diag)
{
    const double size[2] = {width, dpi};
    if (strcmp(format, "png") != 0 && strcmp(format, "svg") != 0 && strcmp(format, "pdf") != 0) {
        tb_diag_error(diag, NULL, 0, 0, format, "unknown chart format (png, svg or pdf)");
        return -1;
    }
    char mbuf[8];
    json_t *root = json_object();
    json_object_set_new(root, "dataset", json_string(info->dataset ? info->dataset : ""));
    json_object_set_new(root, "month", json_string(tb_month_iso(set->month, mbuf)));
    json_object_set_new(root, "lang", json_string(set->lang));
    json_object_set_new(root, "format", json_string(format));
    json_t *arr = json_array();
    json_object_set_new(root, "charts", arr);
    json_t *om = json_array();
    for (size_t i = 0; i < set->n_omitted; i++)
        json_array_append_new(om, json_pack("{s:s, s:s}", "name", set->omitted[i], "reason", "no data for the month"));
    json_object_set_new(root, "omitted", om);
    int rc = 0;
    for (size_t i = 0; i < set->n && rc == 0; i++) {
        if (tb_chart_has_data(&set->e[i].spec))
            rc = S_write_chart(set, i, a, format, size, info, arr, diag);
        else /* a picture of "No data" is no artifact */
            json_array_append_new(om, json_pack("{s:s, s:s}", "name", set->e[i].name, "reason", "no data in the window"));
    }
    if (rc == 0) {
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
        char *withnl = tb_mem_printf("%s\n", text), inputs[65];
        const char *parts[] = {"charts.json", withnl};
        tb_artifact_inputs_hash(inputs, parts, 2);
        if (!tb_artifacts_fresh(a, "charts.json", inputs))
            rc = tb_artifacts_put(a, "charts.json", withnl, strlen(withnl), "charts-index", "json", info, inputs, diag);
        free(withnl);
        free(text);
    }
    json_decref(root);
    return rc;
}

int tb_chartset_write(const tb_dataset *ds, const tb_subject *subject, tb_month month, const char *outdir,
                      const char *format, const char *lang, bool force, tb_diag *diag)
{
    if (strcmp(format, "png") != 0 && strcmp(format, "svg") != 0 && strcmp(format, "pdf") != 0) {
        tb_diag_error(diag, NULL, 0, 0, format, "unknown chart format (png, svg or pdf)");
        return -1;
    }
    tb_chartset *set = tb_chartset_build(ds, subject, month, lang, diag);
    if (!set)
        return -1;
    tb_artifacts *a = tb_artifacts_open(outdir, force, false, diag);
    if (!a) {
        tb_chartset_free(set);
        return -1;
    }
    char m1[8], m2[8];
    tb_month last = tb_dataset_last_month(ds, subject);
    tb_artifact_info info = {.dataset = tb_dataset_name(ds), .month = tb_month_iso(set->month, m1),
                             .data_last_month = last == TB_MONTH_NONE ? NULL : tb_month_iso(last, m2),
                             .lang = lang};
    int rc = tb_chartset_write_set(set, &info, a, format, diag);
    if (tb_artifacts_close(a, diag) != 0)
        rc = -1;
    tb_chartset_free(set);
    return rc;
}
