/* cmd: the command table (see cmd.h). */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "canvas_cairo.h"
#include "canvas_png.h"
#include "font.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} S_commands[] = {
    {"check", tb_cmd_check},   {"stats", tb_cmd_stats}, {"charts", tb_cmd_charts},
    {"report", tb_cmd_report}, {"diff", tb_cmd_diff},   {"verify", tb_cmd_verify},
    {"batch", tb_cmd_batch},   {"jobs", tb_cmd_jobs},
    {"init", tb_cmd_init},
};

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
    }
    tb_font_release(everything);
}

int tb_cmd_run(const char *name, int argc, char **argv)
{
    for (size_t i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++)
        if (strcmp(name, S_commands[i].name) == 0) {
            int rc = S_commands[i].run(argc, argv);
            S_release();
            return rc;
        }
    return -1;
}
