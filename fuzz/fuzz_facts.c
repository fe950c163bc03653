/* fuzz_facts: libFuzzer target for what runs on data that loaded: the
 * facts, their JSON, and the chart set drawn on a probe canvas.
 *
 * The input becomes data.csv of a long-format dataset with an "items"
 * breakdown of products A, B and C, so rows are cheap to mutate into odd
 * values (-0, subnormals, 1e20, zeros, gaps), odd calendars (year 1, 9999,
 * one month) and odd shapes (members without a total).  When the dataset
 * loads, the facts JSON of the last month, the month before and the
 * thirteenth month is built in both languages' chart sets, and every chart
 * is drawn.  Loading may refuse the input; after that nothing may fail:
 * a chart that cannot be drawn from loaded data is a finding (abort).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "canvas_probe.h"
#include "chartset.h"
#include "facts.h"
#include "fuzz_dir.h"
#include "load.h"

static void S_no_text(int font, const char *s, size_t len, void *user) {}

static void S_month(const tb_dataset *ds, tb_month m)
{
    tb_diag diag;
    tb_diag_init(&diag);
    json_t *j = tb_facts_json(ds, NULL, m, &diag);
    if (j) {
        char *text = json_dumps(j, JSON_COMPACT);
        if (!text) /* jansson refuses NaN and infinity: a fact was not finite */
            abort();
        free(text);
        json_decref(j);
    }
    static const char *const langs[] = {"en", "ko"};
    for (int l = 0; l < 2; l++) {
        tb_chartset *set = tb_chartset_build(ds, NULL, m, langs[l], &diag);
        for (size_t i = 0; set && i < tb_chartset_count(set); i++) {
            const tb_chart_spec *spec = tb_chartset_spec(set, i);
            double w, h;
            tb_chart_default_size(spec, &w, &h);
            tb_canvas *c = tb_canvas_probe_new(w, h, S_no_text, NULL);
            tb_canvas_set_lang(c, langs[l]);
            if (tb_chart_draw(spec, c) != 0) {
                fprintf(stderr, "chart %s: %s\n", tb_chartset_name(set, i), tb_canvas_error(c));
                abort();
            }
            tb_canvas_free(c);
        }
        tb_chartset_free(set);
    }
    tb_diag_free(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (tb_fuzz_dir("facts")) {
        static const char m[] = "name: f\nreporter: KOR\nunit: {currency: USD, multiplier: 1000}\n"
                                "breakdowns:\n  items: {flow: export, partner: WLD, total: TOTAL, products: [A, B, C]}\n"
                                "files: [{path: data.csv, format: long, missing: [NA]}]\n";
        tb_fuzz_write("dataset.yaml", m, sizeof m - 1);
    }
    tb_fuzz_write("data.csv", data, size);
    tb_diag diag;
    tb_diag_init(&diag);
    tb_dataset *ds = tb_load_dataset(tb_fuzz_dir_path, &diag, NULL);
    if (ds) {
        tb_month first = tb_dataset_start(ds), last = tb_dataset_last_month(ds, NULL);
        S_month(ds, last);
        if (last > first)
            S_month(ds, last - 1);
        if (last - first >= 12)
            S_month(ds, first + 12);
    }
    tb_dataset_free(ds);
    tb_diag_free(&diag);
    return 0;
}
