/* main: the tradebrief command line: dispatches to src/cmd_*.c.
 * Exit status: 0 success, 1 usage error, 2 bad input (nothing written),
 * 75 a transient failure (cli.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

int main(int argc, char **argv)
{
    /* Past a file size limit (ulimit -f) write() then fails with EFBIG,
     * which the artifact writer reports and cleans up after, instead of
     * the process dying with a half-written temporary file. */
    signal(SIGXFSZ, SIG_IGN);
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd) {
        fprintf(stderr, "tradebrief: no command given\n%s", tb_cli_usage);
        return TB_EXIT_USAGE;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("tradebrief %s\n", TB_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(tb_cli_usage, stdout);
        return 0;
    }
    int rc = tb_cmd_run(cmd, argc - 2, argv + 2);
    if (rc < 0) {
        const char *near = tb_cmd_nearest(cmd);
        fprintf(stderr, "tradebrief: unknown command '%s'%s%s%s\n%s", cmd, near ? "; did you mean '" : "",
                near ? near : "", near ? "'?" : "", tb_cli_usage);
        return TB_EXIT_USAGE;
    }
    return rc;
}
