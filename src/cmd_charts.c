/* cmd_charts: `tradebrief charts DATASET [--month M] --out DIR
 * [--format png|svg|pdf] [--lang en|ko] [--width POINTS] [--dpi N]
 * [--reporter CODE] [--notes FILE] [--force]`: the standard chart set of
 * the month (with the notes file's annotations on the charts over time),
 * each file written atomically, plus
 * charts.json (files, specs, SHA-256) and the directory's manifest.json.
 * Charts whose inputs did not change are not redrawn (--force redraws). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_annotate.h"
#include "chartset.h"
#include "cli.h"
#include "cmd.h"
#include "notes.h"

static const char S_usage[] =
    "usage: tradebrief charts DATASET --out DIR [--month YYYY-MM] [--format png|svg|pdf] [--lang en|ko]\n"
    "                         [--width POINTS] [--dpi N] [--days D|latest] [--force] [--notes FILE] [--reporter CODE] [--partner CODE] [--product CODE]\n"
    "Writes the month's chart set into DIR, with charts.json and manifest.json.\n";

/* TEXT (NULL: not given, *V stays) as a number in [LO, HI] into *V;
 * non-zero after a message when it is not. */
static int S_number(const char *text, const char *opt, double lo, double hi, double *v)
{
    if (!text)
        return 0;
    char *end;
    double d = strtod(text, &end);
    if (end == text || *end || !(d >= lo && d <= hi)) {
        fprintf(stderr, "tradebrief: %s must be a number from %g to %g (found: \"%s\")\n", opt, lo, hi, text);
        return -1;
    }
    *v = d;
    return 0;
}

int tb_cmd_charts(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_MONTH) | TB_OPT_SELECT | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_FORMAT) |
                    TB_OPT(TB_OPT_LANG) | TB_OPT(TB_OPT_FORCE) | TB_OPT(TB_OPT_NOTES) |
                    TB_OPT(TB_OPT_DAYS) | TB_OPT(TB_OPT_WIDTH) | TB_OPT(TB_OPT_DPI);
    int rc = tb_cli_parse(argc, argv, opts, 1, 1, S_usage, &a);
    if (rc)
        return rc;
    const char *format = a.val[TB_OPT_FORMAT] ? a.val[TB_OPT_FORMAT] : "png";
    const char *lang = a.val[TB_OPT_LANG] ? a.val[TB_OPT_LANG] : "en";
    if (!a.val[TB_OPT_OUT]) {
        fprintf(stderr, "tradebrief: charts needs --out DIR\n%s", S_usage);
        return TB_EXIT_USAGE;
    }
    const char *out = a.val[TB_OPT_OUT];
    if (strcmp(out, "-") == 0 || tb_cli_has_ext(out, "png") || tb_cli_has_ext(out, "svg") ||
        tb_cli_has_ext(out, "pdf") || tb_cli_has_ext(out, "json")) {
        fprintf(stderr, "tradebrief: charts writes a set of files: --out must name a directory (found: \"%s\")\n", out);
        return TB_EXIT_USAGE;
    }
    if (strcmp(format, "png") != 0 && strcmp(format, "svg") != 0 && strcmp(format, "pdf") != 0) {
        fprintf(stderr, "tradebrief: --format must be png, svg or pdf (found: \"%s\")\n", format);
        return TB_EXIT_USAGE;
    }
    if (strcmp(lang, "en") != 0 && strcmp(lang, "ko") != 0) {
        fprintf(stderr, "tradebrief: --lang must be en or ko (found: \"%s\")\n", lang);
        return TB_EXIT_USAGE;
    }
    double size[2] = {0, 0};
    if (S_number(a.val[TB_OPT_WIDTH], "--width", 160, 4000, &size[0]) || S_number(a.val[TB_OPT_DPI], "--dpi", 36, 1200, &size[1]))
        return TB_EXIT_USAGE;
    tb_dataset *ds;
    tb_subject subject;
    tb_month m;
    char *dir = NULL; /* --out with its pattern expanded */
    if ((rc = tb_cli_open(&a, &ds, &subject, &m)))
        return rc;
    if ((rc = tb_cli_out_pattern(out, &a, ds, m, lang, &dir))) {
        tb_dataset_free(ds);
        return rc;
    }
    tb_diag diag;
    tb_diag_init(&diag);
    char *npath = tb_cli_notes_path(&a, a.pos[0]);
    tb_notes *notes = npath ? tb_notes_load(npath, &diag) : NULL;
    size_t n_ann = 0;
    tb_chart_annotation *ann = tb_chart_annotate_from_notes(notes, lang, &n_ann);
    tb_chartset *set = !npath || notes ? tb_chartset_build(ds, &subject, m, lang, &diag) : NULL;
    if (set)
        tb_chartset_annotate(set, ann, n_ann);
    tb_artifacts *art = set ? tb_artifacts_open(dir, a.val[TB_OPT_FORCE] != NULL, false, &diag) : NULL;
    if (art) {
        char m1[8], m2[8];
        tb_artifact_info info = {.dataset = tb_dataset_name(ds), .month = tb_month_iso(m, m1),
                                 .data_last_month = tb_month_iso(tb_dataset_last_month(ds, &subject), m2), .lang = lang};
        if (tb_chartset_write_sized(set, &info, art, format, size[0], size[1], &diag) != 0)
            rc = TB_EXIT_BADINPUT;
        size_t written = tb_artifacts_written(art), fresh = tb_artifacts_unchanged(art);
        if (tb_artifacts_close(art, &diag) != 0)
            rc = TB_EXIT_BADINPUT;
        if (rc == 0)
            printf("charts: %zu written, %zu unchanged in %s\n", written, fresh, dir);
    } else {
        rc = TB_EXIT_BADINPUT;
    }
    if (rc != 0 || diag.warnings)
        tb_diag_print(&diag, stderr);
    tb_chartset_free(set);
    free(ann);
    tb_notes_free(notes);
    free(npath);
    tb_diag_free(&diag);
    tb_dataset_free(ds);
    free(dir);
    return rc;
}
