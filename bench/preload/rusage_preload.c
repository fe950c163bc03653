/* rusage_preload: loaded (LD_PRELOAD, by bench/runcmd -p) into a
 * benchmarked command such as `tradebrief batch`.  When the process it was
 * loaded into exits through exit() or a return from main, it writes one
 * line to the file named by $TB_BENCH_RUSAGE:
 *
 *   SELF_MAXRSS_KIB CHILDREN_MAXRSS_KIB
 *
 * getrusage(RUSAGE_SELF) is that process's own high-water mark;
 * getrusage(RUSAGE_CHILDREN) the largest of the children it waited for (for
 * batch: the largest forked worker, whose figure includes the pages it
 * inherited).  Forked children that call exit() write nothing (pid check);
 * batch workers _exit() anyway.  The variables are removed from the
 * environment so nothing the command executes inherits them.
 *
 * Built into $(BUILD)/bench/rusage_preload.so by `make bench`; it lives in
 * a subdirectory so the rule for bench programs does not link it as one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static pid_t S_pid;
static char S_path[4096];

__attribute__((constructor)) static void S_init(void)
{
    const char *p = getenv("TB_BENCH_RUSAGE");
    if (!p || strlen(p) >= sizeof S_path)
        return;
    strcpy(S_path, p);
    S_pid = getpid();
    unsetenv("TB_BENCH_RUSAGE");
    unsetenv("LD_PRELOAD");
}

__attribute__((destructor)) static void S_fini(void)
{
    if (!S_pid || getpid() != S_pid)
        return;
    struct rusage self, kids;
    if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0)
        return;
    FILE *f = fopen(S_path, "w");
    if (!f)
        return;
    fprintf(f, "%ld %ld\n", self.ru_maxrss, kids.ru_maxrss);
    fclose(f);
}
