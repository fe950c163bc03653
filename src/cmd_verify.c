/* cmd_verify: `tradebrief verify DIR` (or DIR/manifest.json): checks every
 * file the directory's artifact manifest lists (size and SHA-256); exit 0
 * when all match, 2 otherwise. */
#include <stdio.h>

#include "artifact.h"
#include "cli.h"
#include "cmd.h"

static const char S_usage[] = "usage: tradebrief verify DIR\n"
                              "Checks every file DIR/manifest.json lists against its recorded size and SHA-256\n"
                              "(DIR/manifest.json itself is accepted too).\n";

int tb_cmd_verify(int argc, char **argv)
{
    tb_cli_args a;
    int rc = tb_cli_parse(argc, argv, 0, 1, 1, S_usage, &a);
    if (rc)
        return rc;
    tb_diag diag;
    tb_diag_init(&diag);
    long n = tb_artifacts_verify(a.pos[0], stdout, &diag);
    tb_diag_print(&diag, stderr);
    tb_diag_free(&diag);
    if (n < 0)
        return TB_EXIT_BADINPUT;
    printf("verified: %ld artifact%s match%s %s\n", n, n == 1 ? "" : "s", n == 1 ? "es" : "", a.pos[0]);
    return 0;
}
