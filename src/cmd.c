/* cmd: the command table (see cmd.h). */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "artifact.h"
#include "canvas_cairo.h"
#include "canvas_png.h"
#include "cli.h"
#include "font.h"
#include "layout.h"

static int S_help(int argc, char **argv);

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} S_commands[] = {
    {"check", tb_cmd_check},   {"stats", tb_cmd_stats}, {"charts", tb_cmd_charts},
    {"report", tb_cmd_report}, {"diff", tb_cmd_diff},   {"verify", tb_cmd_verify},
    {"batch", tb_cmd_batch},   {"jobs", tb_cmd_jobs},   {"help", S_help},
    {"init", tb_cmd_init},
};
enum { S_N = sizeof S_commands / sizeof S_commands[0] };

const char *tb_cmd_nearest(const char *name)
{
    const char *names[S_N];
    for (size_t i = 0; i < S_N; i++)
        names[i] = S_commands[i].name;
    return tb_cli_nearest(name, names, S_N);
}

/* `tradebrief help [COMMAND]`: the program's usage, or COMMAND --help. */
static int S_help(int argc, char **argv)
{
    if (argc == 0) {
        fputs(tb_cli_usage, stdout);
        return 0;
    }
    char *help[] = {"--help", NULL};
    if (argc == 1 && strcmp(argv[0], "help") != 0 && tb_cmd_run(argv[0], 1, help) >= 0)
        return 0;
    const char *near = argc == 1 ? tb_cmd_nearest(argv[0]) : NULL;
    fprintf(stderr, "tradebrief: help takes one command name (found: \"%s\")%s%s%s\n", argv[0],
            near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return TB_EXIT_USAGE;
}

/* See tb_cmd_run.  cairo_debug_reset_static_data asserts when a cairo
 * object is alive, so a leak would end a production run in abort(); only
 * memory-checking runs ask for it. */
static void S_release(void)
{
    const char *all = getenv("TB_FREE_AT_EXIT");
    bool everything = all && *all && strcmp(all, "0") != 0;
    if (everything) {
        tb_canvas_cairo_release();
        tb_canvas_png_release();
        tb_layout_release();
    }
    tb_font_release(everything);
}

int tb_cmd_run(const char *name, int argc, char **argv)
{
    for (size_t i = 0; i < S_N; i++)
        if (strcmp(name, S_commands[i].name) == 0) {
            int rc = S_commands[i].run(argc, argv);
            S_release();
            if (rc == TB_EXIT_HELPED)
                rc = 0;
            else if (rc == TB_EXIT_BADINPUT && tb_artifact_transient())
                rc = TB_EXIT_TRANSIENT;
            return rc;
        }
    return -1;
}
