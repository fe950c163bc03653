/* bench_util: the clock and memory readings every bench program takes.
 * Header-only (each bench program is one file); no allocation. */
#ifndef TB_BENCH_UTIL_H
#define TB_BENCH_UTIL_H

#include <sys/resource.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double tb_bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double tb_bench_now_ms(void) { return tb_bench_now() * 1e3; }

/* This process's peak resident set so far, MiB. */
static inline double tb_bench_peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

#endif
