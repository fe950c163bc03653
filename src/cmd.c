/* cmd: the command table (see cmd.h). */
#include "cmd.h"

#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} S_commands[] = {
    {"check", tb_cmd_check},   {"stats", tb_cmd_stats}, {"charts", tb_cmd_charts},
    {"report", tb_cmd_report}, {"diff", tb_cmd_diff},   {"verify", tb_cmd_verify},
    {"batch", tb_cmd_batch},   {"jobs", tb_cmd_jobs},
};

int tb_cmd_run(const char *name, int argc, char **argv)
{
    for (size_t i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++)
        if (strcmp(name, S_commands[i].name) == 0)
            return S_commands[i].run(argc, argv);
    return -1;
}
