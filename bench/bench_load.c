/* bench_load: loads a dataset directory and reports throughput and memory.
 *
 *   bench_load DIR
 *
 * Prints one line: tier, CSV MB, seconds, MB/s, peak RSS, and the ratio of
 * peak RSS to the in-memory doubles (series x months x 8 bytes).
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "load.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_load DIR\n");
        return 1;
    }
    struct timespec a, b;
    tb_diag diag;
    tb_diag_init(&diag);
    tb_load_stats st;
    clock_gettime(CLOCK_MONOTONIC, &a);
    tb_dataset *ds = tb_load_dataset(argv[1], &diag, &st);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (!ds) {
        tb_diag_print(&diag, stderr);
        return 2;
    }
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = (double)ru.ru_maxrss / 1024.0; /* MiB */
    double values = (double)tb_dataset_count(ds) * tb_dataset_months(ds) * 8.0 / 1048576.0;
    printf("load %-8s %8.1f MB CSV %9zu series %7.3f s %7.1f MB/s  peak RSS %8.1f MiB  doubles %8.1f MiB  ratio %.2f\n",
           tb_dataset_name(ds), (double)st.bytes / 1e6, tb_dataset_count(ds), s, (double)st.bytes / 1e6 / s, rss,
           values, rss / values);
    tb_dataset_free(ds);
    tb_diag_free(&diag);
    return 0;
}
