/* cmd_stats: `tradebrief stats DATASET [--month M] [--reporter CODE]`:
 * the facts of the month as JSON on stdout (DESIGN.md "Command line"),
 * indented, keys in a fixed order, printed only once complete. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "facts.h"

static const char S_usage[] =
    "usage: tradebrief stats DATASET [--month YYYY-MM] [--days D|latest] [--reporter CODE] [--partner CODE] [--product CODE]\n"
    "Prints the facts of the month as JSON on stdout.\n";

int tb_cmd_stats(int argc, char **argv)
{
    tb_cli_args a;
    int rc = tb_cli_parse(argc, argv, TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_DAYS) | TB_OPT_SELECT, 1, 1, S_usage, &a);
    if (rc)
        return rc;
    tb_dataset *ds;
    tb_subject subject;
    tb_month m;
    if ((rc = tb_cli_open(&a, &ds, &subject, &m)))
        return rc;
    tb_diag diag;
    tb_diag_init(&diag);
    /* The tree is complete before the first byte goes out, and streamed
     * (a breakdown of a million members is a gigabyte of JSON). */
    if (tb_facts_print(ds, &subject, m, stdout, &diag) != 0) {
        tb_diag_print(&diag, stderr);
        rc = ferror(stdout) ? TB_EXIT_TRANSIENT : TB_EXIT_BADINPUT; /* a full disk: a retry may mend it */
    }
    tb_diag_free(&diag);
    tb_dataset_free(ds);
    return rc;
}
