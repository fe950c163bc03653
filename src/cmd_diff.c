/* cmd_diff: `tradebrief diff OLD NEW [--json]`: revised, new and removed
 * observations between two vintages of a dataset, and the facts of the
 * old vintage's last month whose wording changes.  Large revisions
 * (screen.h) are warnings on stderr at the new value's file and line. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "revise.h"
#include "screen.h"

static const char S_usage[] = "usage: tradebrief diff OLD_DATASET NEW_DATASET [--json]\n"
                              "Prints the revised, new and removed observations between two vintages.\n";

int tb_cmd_diff(int argc, char **argv)
{
    tb_cli_args a;
    int rc = tb_cli_parse(argc, argv, TB_OPT(TB_OPT_JSON), 2, 2, S_usage, &a);
    if (rc)
        return rc;
    tb_dataset *old = tb_cli_load(a.pos[0], NULL, false);
    tb_dataset *nw = old ? tb_cli_load(a.pos[1], NULL, false) : NULL;
    if (!nw) {
        tb_dataset_free(old);
        return TB_EXIT_BADINPUT;
    }
    tb_diag diag;
    tb_diag_init(&diag);
    tb_revise *r = tb_revise_compare(old, nw, &diag);
    if (!r) {
        tb_diag_print(&diag, stderr);
        rc = TB_EXIT_BADINPUT;
    } else if (a.val[TB_OPT_JSON]) {
        json_t *j = tb_revise_json(r, a.pos[0], a.pos[1]);
        char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text ? text : "null");
        free(text);
        json_decref(j);
    } else {
        tb_revise_print(r, a.pos[0], a.pos[1], 50, stdout);
    }
    if (r) {
        fflush(stdout);
        size_t large = tb_screen_revisions(r, nw, a.pos[1], stderr);
        if (!a.val[TB_OPT_JSON])
            printf("large revisions (more than %.0f%%): %zu\n", 100 * TB_SCREEN_REVISION, large);
    }
    tb_revise_free(r);
    tb_diag_free(&diag);
    tb_dataset_free(old);
    tb_dataset_free(nw);
    return rc;
}
