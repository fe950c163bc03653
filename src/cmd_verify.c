/* cmd_verify: `tradebrief verify MANIFEST`: checks every file the artifact
 * manifest lists (size and SHA-256); exit 0 when all match, 2 otherwise. */
#include <stdio.h>

#include "artifact.h"
#include "cli.h"
#include "cmd.h"

int tb_cmd_verify(int argc, char **argv)
{
    tb_cli_args a;
    int rc = tb_cli_parse(argc, argv, 0, 1, 1, tb_cli_usage, &a);
    if (rc)
        return rc;
    tb_diag diag;
    tb_diag_init(&diag);
    long n = tb_artifacts_verify(a.pos[0], stdout, &diag);
    tb_diag_print(&diag, stderr);
    tb_diag_free(&diag);
    if (n < 0)
        return TB_EXIT_BADINPUT;
    printf("verified: %ld artifacts match %s\n", n, a.pos[0]);
    return 0;
}
