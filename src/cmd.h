/* cmd: the commands of the tradebrief program, one file each
 * (src/cmd_NAME.c).  Each takes the arguments after the command word and
 * returns an exit status (see cli.h). */
#ifndef TB_CMD_H
#define TB_CMD_H

int tb_cmd_check(int argc, char **argv);
int tb_cmd_stats(int argc, char **argv);
int tb_cmd_charts(int argc, char **argv);
int tb_cmd_diff(int argc, char **argv);
int tb_cmd_verify(int argc, char **argv);

#endif
