/* main: the tradebrief command line: dispatches to src/cmd_*.c.
 * Exit status: 0 success, 1 usage error, 2 bad input (nothing written). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} S_commands[] = {
    {"check", tb_cmd_check},
    {"stats", tb_cmd_stats},
    {"charts", tb_cmd_charts},
    {"diff", tb_cmd_diff},
    {"verify", tb_cmd_verify},
};

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd) {
        fprintf(stderr, "tradebrief: no command given\n%s", tb_cli_usage);
        return TB_EXIT_USAGE;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("tradebrief %s\n", TB_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(tb_cli_usage, stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++)
        if (strcmp(cmd, S_commands[i].name) == 0)
            return S_commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "tradebrief: unknown command '%s'\n%s", cmd, tb_cli_usage);
    return TB_EXIT_USAGE;
}
