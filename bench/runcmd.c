/* runcmd: runs one command, reports its wall time and memory high-water
 * marks.  For commands timed from bench/run.sh (tradebrief batch).
 *
 *   runcmd [-p PRELOAD.so] RESULT CMD [ARG...]
 *
 * CMD inherits stdin, stdout and stderr and is found through PATH.  After
 * it ends, RESULT gets one line:
 *
 *   WALL_S STATUS TREE_KIB SELF_KIB CHILDREN_KIB
 *
 * WALL_S is CLOCK_MONOTONIC from fork to reaping; STATUS the exit status
 * (128 + signal when killed); TREE_KIB is getrusage(RUSAGE_CHILDREN) here,
 * i.e. the largest of CMD and every descendant CMD waited for.  With -p,
 * PRELOAD (bench/preload/rusage_preload.c) is preloaded into CMD and
 * SELF_KIB / CHILDREN_KIB are CMD's own peak and its largest waited-for
 * child's; otherwise (or when CMD did not exit normally) they are -1.
 * runcmd's own status is 0 whatever CMD's, 1 when it could not run CMD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
    const char *preload = NULL;
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-p") == 0) {
        preload = argv[i + 1];
        i += 2;
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: runcmd [-p PRELOAD.so] RESULT CMD [ARG...]\n");
        return 1;
    }
    const char *result = argv[i];
    char rpath[4096] = "";
    if (preload) {
        snprintf(rpath, sizeof rpath, "%s.rusage", result);
        unlink(rpath);
    }
    fflush(NULL);
    double t0 = tb_bench_now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runcmd: fork");
        return 1;
    }
    if (pid == 0) {
        if (preload) {
            setenv("LD_PRELOAD", preload, 1);
            setenv("TB_BENCH_RUSAGE", rpath, 1);
        }
        execvp(argv[i + 1], argv + i + 1);
        perror(argv[i + 1]);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0) {
        perror("runcmd: waitpid");
        return 1;
    }
    double wall = tb_bench_now() - t0;
    int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    long self = -1, kids = -1;
    if (preload) {
        FILE *f = fopen(rpath, "r");
        if (f) {
            if (fscanf(f, "%ld %ld", &self, &kids) != 2)
                self = kids = -1;
            fclose(f);
        }
        unlink(rpath);
    }
    FILE *out = fopen(result, "w");
    if (!out) {
        perror(result);
        return 1;
    }
    fprintf(out, "%.6f %d %ld %ld %ld\n", wall, status, ru.ru_maxrss, self, kids);
    return fclose(out) == 0 ? 0 : 1;
}
