/* cmd_charts: `tradebrief charts DATASET [--month M] --out DIR
 * [--format png|svg|pdf] [--lang en|ko] [--reporter CODE]`: the standard
 * chart set of the month, each file written atomically, plus charts.json
 * (files, specs, SHA-256). */
#include <stdio.h>
#include <string.h>

#include "chartset.h"
#include "cli.h"
#include "cmd.h"

int tb_cmd_charts(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_REPORTER) | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_FORMAT) |
                    TB_OPT(TB_OPT_LANG);
    int rc = tb_cli_parse(argc, argv, opts, 1, 1, tb_cli_usage, &a);
    if (rc)
        return rc;
    const char *dir = a.pos[0], *format = a.val[TB_OPT_FORMAT] ? a.val[TB_OPT_FORMAT] : "png";
    const char *lang = a.val[TB_OPT_LANG] ? a.val[TB_OPT_LANG] : "en";
    if (!a.val[TB_OPT_OUT]) {
        fprintf(stderr, "tradebrief: charts needs --out DIR\n%s", tb_cli_usage);
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
    tb_dataset *ds = tb_cli_load(dir, NULL, false);
    if (!ds)
        return TB_EXIT_BADINPUT;
    tb_month m;
    if ((rc = tb_cli_reporter(ds, dir, a.val[TB_OPT_REPORTER], true)) ||
        (rc = tb_cli_month(ds, dir, a.val[TB_OPT_MONTH], &m))) {
        tb_dataset_free(ds);
        return rc;
    }
    tb_diag diag;
    tb_diag_init(&diag);
    if (tb_chartset_write(ds, m, a.val[TB_OPT_OUT], format, lang, &diag) != 0) {
        tb_diag_print(&diag, stderr);
        rc = TB_EXIT_BADINPUT;
    }
    tb_diag_free(&diag);
    tb_dataset_free(ds);
    return rc;
}
