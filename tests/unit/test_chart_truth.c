/* test_chart_truth: charts that tell the truth at a glance (issue 16,
 * item 4), checked over many real charts: the standard chart set of
 * datasets/korea for months across its history and of world reporters
 * (big, small, with gaps), in both languages, each drawn on a probe canvas
 * at its default size and at a PDF column's size.
 *   - no text box overlaps another, none crosses a marked rule (the
 *     reference line of item growth);
 *   - level charts (exports and imports) never show a negative tick;
 *   - a value axis has at least four ticks;
 *   - a chart without data is recognised; the streak is bracketed only
 *     when it lies inside the window.
 * The datasets are found under $TB_ROOT (tests/run.sh sets it), else the
 * working directory.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_probe.h"
#include "chart.h"
#include "chart_axis.h"
#include "chartset.h"
#include "dataset.h"
#include "diag.h"
#include "load.h"
#include "mem.h"
#include "tb_test.h"
#include "ticks.h"

static void S_ignore(int font, const char *s, size_t len, void *user)
{
    (void)font, (void)s, (void)len, (void)user;
}

static tb_dataset *S_load(const char *name)
{
    const char *root = getenv("TB_ROOT");
    char *dir = tb_mem_printf("%s/datasets/%s", root ? root : ".", name);
    tb_diag d;
    tb_diag_init(&d);
    tb_dataset *ds = tb_load_dataset(dir, &d, NULL);
    tb_diag_free(&d);
    free(dir);
    return ds;
}

static int S_overlaps, S_negative_levels, S_drawn;

/* Draws SPEC at W x H on a probe and checks its boxes; WHERE names it in
 * messages. */
static void S_check_boxes(const tb_chart_spec *spec, double w, double h, const char *where)
{
    tb_canvas *c = tb_canvas_probe_new(w, h, S_ignore, NULL);
    TB_CHECK_INT(tb_chart_draw(spec, c), 0);
    S_drawn++;
    size_t n;
    const tb_canvas_box *b = tb_canvas_boxes(c, &n);
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != TB_BOX_TEXT)
            continue;
        bool level = spec->type == TB_CHART_LINE || spec->type == TB_CHART_ANNUAL;
        if (level && strncmp(b[i].text, "\xe2\x88\x92", 3) == 0 && S_negative_levels++ < 5)
            fprintf(stderr, "%s: negative tick \"%s\" on a level chart\n", where, b[i].text);
        for (size_t j = 0; j < n; j++) {
            if (j == i || (j < i && b[j].kind == TB_BOX_TEXT))
                continue;
            if (tb_canvas_box_overlap(&b[i], &b[j], 0.25) && S_overlaps++ < 12)
                fprintf(stderr, "%s (%s, %.0fx%.0f): \"%s\" overlaps %s \"%s\"\n", where, tb_chart_type_name(spec->type),
                        w, h, b[i].text, b[j].kind == TB_BOX_RULE ? "a rule" : "", b[j].text);
        }
    }
    tb_canvas_free(c);
}

static void S_check_set(const tb_dataset *ds, tb_month m, const char *lang, const char *who)
{
    tb_diag d;
    tb_diag_init(&d);
    tb_chartset *set = tb_chartset_build(ds, NULL, m, lang, &d);
    tb_diag_free(&d);
    if (!set)
        return;
    char mb[8];
    for (size_t i = 0; i < tb_chartset_count(set); i++) {
        const tb_chart_spec *s = tb_chartset_spec(set, i);
        if (!tb_chart_has_data(s))
            continue; /* not written (test_no_empty_charts) */
        char *where = tb_mem_printf("%s %s %s %s", who, tb_month_iso(m, mb), lang, tb_chartset_name(set, i));
        double w, h;
        tb_chart_default_size(s, &w, &h);
        S_check_boxes(s, w, h, where);
        S_check_boxes(s, 360, h * 360 / w + 40, where);
        free(where);
    }
    tb_chartset_free(set);
}

static void test_labels_clear_korea(void)
{
    tb_dataset *ds = S_load("korea");
    if (!ds) {
        TB_SKIP("datasets/korea not found");
        return;
    }
    S_overlaps = S_negative_levels = S_drawn = 0;
    tb_month last = tb_dataset_last_month(ds, NULL);
    for (tb_month m = tb_month_make(1993, 1); m <= last; m += 17) {
        S_check_set(ds, m, "en", "korea");
        S_check_set(ds, m, "ko", "korea");
    }
    S_check_set(ds, last, "en", "korea");
    S_check_set(ds, last, "ko", "korea");
    tb_dataset_set_meta(ds, "product", "SEMI");
    S_check_set(ds, last, "en", "korea SEMI");
    fprintf(stderr, "korea: %d charts drawn\n", S_drawn);
    TB_CHECK(S_drawn > 400);
    TB_CHECK_INT(S_overlaps, 0);
    TB_CHECK_INT(S_negative_levels, 0);
    tb_dataset_free(ds);
}

static void test_labels_clear_world(void)
{
    tb_dataset *ds = S_load("world");
    if (!ds) {
        TB_SKIP("datasets/world not found");
        return;
    }
    static const char *const who[] = {"BEN", "GMB", "DEU", "USA", "CHN", "NIC", "AGO", "GEO", "JPN",
                                      "BRA", "IND", "FRA", "KOR", "MEX", "ZAF", "HTI", "KAZ", "NGA"};
    S_overlaps = S_negative_levels = S_drawn = 0;
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
        if (tb_dataset_code_id(ds, TB_DIM_REPORTER, who[i]) < 0)
            continue;
        tb_dataset_set_meta(ds, "reporter", who[i]);
        tb_month last = tb_dataset_last_month(ds, NULL);
        S_check_set(ds, last, "en", who[i]);
        S_check_set(ds, last, "ko", who[i]);
        S_check_set(ds, last - 30, "en", who[i]);
    }
    fprintf(stderr, "world: %d charts drawn\n", S_drawn);
    TB_CHECK(S_drawn > 150);
    TB_CHECK_INT(S_overlaps, 0);
    TB_CHECK_INT(S_negative_levels, 0);
    tb_dataset_free(ds);
}

/* Germany's annual trade in $tn (0 to 1.7) had ticks 0, 1, 2 only. */
static void test_four_ticks(void)
{
    for (int target = 3; target <= 7; target++) {
        tb_ticks t = tb_ticks_axis(0, 1.71, target);
        TB_CHECK(t.n >= 4);
        TB_CHECK(t.lo <= 0 && t.hi >= 1.71);
    }
    tb_ticks t = tb_ticks_axis(-1.9, 35.9, 3);
    TB_CHECK(t.n >= 4);
    TB_CHECK(t.lo <= -1.9 && t.hi >= 35.9);
}

/* The tick labels on a probe drawing of SPEC: the boxes whose text is a
 * bare number (no unit, no sign but the minus), parsed into V[0..*N). */
static void S_tick_values(const tb_chart_spec *spec, double *v, size_t *n, size_t cap)
{
    tb_canvas *c = tb_canvas_probe_new(640, 400, S_ignore, NULL);
    TB_CHECK_INT(tb_chart_draw(spec, c), 0);
    size_t nb;
    const tb_canvas_box *b = tb_canvas_boxes(c, &nb);
    *n = 0;
    for (size_t i = 0; i < nb && *n < cap; i++) {
        const char *s = b[i].text;
        bool neg = b[i].kind == TB_BOX_TEXT && strncmp(s, "\xe2\x88\x92", 3) == 0;
        const char *d = neg ? s + 3 : s;
        if (b[i].kind != TB_BOX_TEXT || !*d || strspn(d, "0123456789.") != strlen(d))
            continue;
        v[(*n)++] = (neg ? -1 : 1) * strtod(d, NULL);
    }
    tb_canvas_free(c);
}

/* A balance in surplus but for one month at -0.3bn, on ticks 5bn apart,
 * got a whole -5 tick and a fifth of the plot below zero; the axis now
 * stops a quarter step below zero, with at least four ticks, none below
 * -0.3 by a whole step, and its labels cross nothing. */
static void test_small_deficit_axis(void)
{
    double v[12] = {9.1e6, 12.4e6, 8.0e6, 15.2e6, -0.3e6, 6.5e6, 10.0e6, 13.3e6, 11.9e6, 7.7e6, 14.6e6, 12.0e6};
    tb_chart_series se = {"Trade balance", v, 12, NULL, {0, 0, 0, 0}};
    tb_chart_spec s;
    tb_chart_spec_init(&s, TB_CHART_BALANCE);
    s.series = &se;
    s.n_series = 1;
    s.unit = (tb_unit){"USD", 1000};
    s.start = tb_month_make(2025, 1);
    s.title = "Trade balance";
    s.subtitle = "Somewhere, monthly, {unit}";
    double ticks[64];
    size_t n;
    S_tick_values(&s, ticks, &n, 64);
    double lowest = 0;
    for (size_t i = 0; i < n; i++)
        lowest = fmin(lowest, ticks[i]);
    TB_CHECK(n >= 4);
    TB_CHECK(lowest == 0); /* no negative tick: -0.3 is a quarter step below 0 */
    S_overlaps = 0;
    S_check_boxes(&s, 640, 400, "small deficit");
    S_check_boxes(&s, 360, 265, "small deficit");
    TB_CHECK_INT(S_overlaps, 0);
    /* The domain: a quarter or half step below zero, four ticks inside. */
    tb_chart_axis a = tb_chart_axis_domain(-0.3, 15.2, 5, true);
    TB_CHECK(a.lo < -0.3 && a.lo >= -a.t.step / 2);
    TB_CHECK(tb_chart_axis_ticks_inside(&a) >= 4);
    a = tb_chart_axis_domain(-3.1, 15.2, 5, true); /* past half a step: the whole step */
    TB_CHECK(a.lo == -a.t.step);
    a = tb_chart_axis_domain(-15.2, 0.4, 5, true); /* a small surplus: the top alike */
    TB_CHECK(a.hi > 0.4 && a.hi <= a.t.step / 2);
    a = tb_chart_axis_domain(0.5, 15.2, 5, false); /* lines keep their ticks */
    TB_CHECK(a.lo == a.t.lo && a.hi == a.t.hi);
}

/* Annotations close together (the notes file's 2025-01 and 2025-04 on a
 * balance chart, as on Korea's of 2026-07): each label clear of the other
 * labels and of the other annotations' lines, every line marked; one too
 * crowded to place is left out rather than drawn across another. */
static void test_annotations_clear(void)
{
    double v[36];
    for (int i = 0; i < 36; i++)
        v[i] = (i % 7 - 2) * 3.1e6 + 4e6;
    tb_chart_series se = {"Trade balance", v, 36, NULL, {0, 0, 0, 0}};
    tb_chart_annotation an[] = {{tb_month_make(2025, 1), "Lunar New Year"},
                                {tb_month_make(2025, 4), "US reciprocal tariffs"},
                                {tb_month_make(2025, 5), "A third event, with a long label"},
                                {tb_month_make(2025, 12), "Year end"},
                                {tb_month_make(2026, 1), "Lunar New Year"}};
    tb_chart_spec s;
    tb_chart_spec_init(&s, TB_CHART_BALANCE);
    s.series = &se;
    s.n_series = 1;
    s.unit = (tb_unit){"USD", 1000};
    s.start = tb_month_make(2023, 2);
    s.title = "Trade balance";
    s.subtitle = "Somewhere, monthly, {unit}";
    s.annotations = an;
    s.n_annotations = sizeof an / sizeof an[0];
    S_overlaps = 0;
    S_check_boxes(&s, 640, 400, "annotations");
    S_check_boxes(&s, 480, 300, "annotations");
    TB_CHECK_INT(S_overlaps, 0);
    tb_canvas *c = tb_canvas_probe_new(640, 400, S_ignore, NULL);
    TB_CHECK_INT(tb_chart_draw(&s, c), 0);
    size_t n, rules = 0;
    const tb_canvas_box *b = tb_canvas_boxes(c, &n);
    for (size_t i = 0; i < n; i++)
        rules += b[i].kind == TB_BOX_RULE;
    TB_CHECK(rules >= 3); /* most annotation lines drawn and marked */
    tb_canvas_free(c);
}

/* Gambia is in deficit since before the window: no bracket over the whole
 * chart, the subtitle says since when; Korea's surplus streak in 2026 fits
 * in the window and is bracketed.  No bar is faded. */
static void test_streak_in_window(void)
{
    tb_dataset *ds = S_load("world");
    if (!ds) {
        TB_SKIP("datasets/world not found");
        return;
    }
    tb_dataset_set_meta(ds, "reporter", "GMB");
    tb_diag d;
    tb_diag_init(&d);
    tb_chartset *set = tb_chartset_build(ds, NULL, TB_MONTH_NONE, "en", &d);
    TB_CHECK(set != NULL);
    const tb_chart_spec *b = set ? tb_chartset_find(set, "balance") : NULL;
    TB_CHECK(b != NULL);
    if (b) {
        TB_CHECK(b->highlight_from == TB_MONTH_NONE);
        TB_CHECK(b->subtitle && strstr(b->subtitle, "in deficit since ") != NULL);
    }
    tb_chartset_free(set);
    tb_dataset_free(ds);
    ds = S_load("korea");
    set = ds ? tb_chartset_build(ds, NULL, tb_month_make(2026, 7), "en", &d) : NULL;
    b = set ? tb_chartset_find(set, "balance") : NULL;
    TB_CHECK(b != NULL);
    if (b) {
        TB_CHECK(b->highlight_from >= b->start);
        TB_CHECK(b->subtitle && strstr(b->subtitle, "since") == NULL);
    }
    tb_chartset_free(set);
    tb_dataset_free(ds);
    tb_diag_free(&d);
}

/* `charts --product SEMI`: growth by destination has no data (partner
 * levels exist in 2026-07, their growth does not), so it is not written
 * (tests/e2e/charts.sh checks the files); the charts of all items are not
 * titled with the product. */
static void test_no_empty_charts(void)
{
    tb_dataset *ds = S_load("korea");
    if (!ds) {
        TB_SKIP("datasets/korea not found");
        return;
    }
    tb_subject semi = tb_dataset_subject(ds);
    semi.product = "SEMI";
    tb_diag d;
    tb_diag_init(&d);
    tb_chartset *set = tb_chartset_build(ds, &semi, tb_month_make(2026, 7), "en", &d);
    TB_CHECK(set != NULL);
    if (set) {
        const tb_chart_spec *py = tb_chartset_find(set, "partners-yoy");
        TB_CHECK(py && !tb_chart_has_data(py));
        TB_CHECK(tb_chart_has_data(tb_chartset_find(set, "partners-share")));
        const tb_chart_spec *items = tb_chartset_find(set, "items-yoy");
        TB_CHECK(items && strstr(items->subtitle, "Semiconductors") == NULL);
        const tb_chart_spec *line = tb_chartset_find(set, "exports-imports");
        TB_CHECK(line && strstr(line->subtitle, "Semiconductors") != NULL);
    }
    tb_chartset_free(set);
    tb_diag_free(&d);
    tb_dataset_free(ds);
}

int main(void)
{
    TB_RUN(test_four_ticks);
    TB_RUN(test_small_deficit_axis);
    TB_RUN(test_annotations_clear);
    TB_RUN(test_streak_in_window);
    TB_RUN(test_no_empty_charts);
    TB_RUN(test_labels_clear_korea);
    TB_RUN(test_labels_clear_world);
    TB_MAIN_END("test_chart_truth");
}
