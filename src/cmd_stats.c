/* cmd_stats: `tradebrief stats DATASET [--month M] [--reporter CODE]`:
 * the facts of the month as JSON on stdout (DESIGN.md "Command line"),
 * indented, keys in a fixed order, printed only once complete. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "cli.h"
#include "cmd.h"
#include "facts.h"

int tb_cmd_stats(int argc, char **argv)
{
    tb_cli_args a;
    int rc = tb_cli_parse(argc, argv, TB_OPT(TB_OPT_MONTH) | TB_OPT_SELECT, 1, 1, tb_cli_usage, &a);
    if (rc)
        return rc;
    tb_dataset *ds;
    tb_month m;
    if ((rc = tb_cli_open(&a, &ds, &m)))
        return rc;
    tb_diag diag;
    tb_diag_init(&diag);
    json_t *j = tb_facts_json(ds, m, &diag);
    char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
    } else {
        tb_diag_print(&diag, stderr);
        rc = TB_EXIT_BADINPUT;
    }
    free(text);
    json_decref(j);
    tb_diag_free(&diag);
    tb_dataset_free(ds);
    if (fflush(stdout) != 0) {
        perror("tradebrief: writing the facts");
        return TB_EXIT_BADINPUT;
    }
    return rc;
}
