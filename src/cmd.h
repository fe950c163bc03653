/* cmd: the commands of the tradebrief program, one file each
 * (src/cmd_NAME.c), and the table that finds them by name.  Each takes the
 * arguments after the command word and returns an exit status (cli.h). */
#ifndef TB_CMD_H
#define TB_CMD_H

int tb_cmd_check(int argc, char **argv);
int tb_cmd_stats(int argc, char **argv);
int tb_cmd_charts(int argc, char **argv);
int tb_cmd_report(int argc, char **argv);
int tb_cmd_diff(int argc, char **argv);
int tb_cmd_verify(int argc, char **argv);
int tb_cmd_batch(int argc, char **argv);
int tb_cmd_jobs(int argc, char **argv);
int tb_cmd_init(int argc, char **argv);

/* Runs command NAME; -1 when there is no such command.  A failure that a
 * retry may mend (tb_artifact_transient) turns exit status 2 into
 * TB_EXIT_TRANSIENT; help printed (TB_EXIT_HELPED) is status 0.  The process exits
 * next (main, or a batch worker's _exit), so the libraries' process-wide
 * state is released then: fontconfig's configuration always (valgrind
 * cannot follow its pointers and would call a block of it lost); with
 * TB_FREE_AT_EXIT=1 in the environment (make valgrind) also our font
 * caches, cairo's static data and FreeType, so a memory checker sees
 * nothing left but the C library's own. */
int tb_cmd_run(const char *name, int argc, char **argv);

/* The command name nearest to NAME ("did you mean"), or NULL. */
const char *tb_cmd_nearest(const char *name);

#endif
