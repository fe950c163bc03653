/* bench_load: loads a dataset directory and reports throughput and memory.
 *
 *   bench_load DIR
 *
 * Loads DIR (a scale tier from gen_tier) until 5 loads or 3 seconds,
 * whichever comes first (at least one), and prints the best: CSV MB,
 * seconds, MB/s, the process's peak RSS (getrusage) and its ratio to the
 * in-memory doubles (series x months x 8 bytes); then one `row` line for
 * bench/run.sh (see there).  Figures, not pass/fail.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_util.h"
#include "load.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_load DIR\n");
        return 1;
    }
    double best = 1e300, spent = 0;
    int runs = 0;
    size_t bytes = 0, series = 0;
    int months = 0;
    char name[64] = "";
    while (runs < 5 && (runs == 0 || spent < 3.0)) {
        tb_diag diag;
        tb_diag_init(&diag);
        tb_load_stats st;
        double a = tb_bench_now();
        tb_dataset *ds = tb_load_dataset(argv[1], &diag, &st);
        double s = tb_bench_now() - a;
        if (!ds) {
            tb_diag_print(&diag, stderr);
            tb_diag_free(&diag);
            return 2;
        }
        spent += s;
        runs++;
        best = s < best ? s : best;
        bytes = st.bytes;
        series = tb_dataset_count(ds);
        months = tb_dataset_months(ds);
        snprintf(name, sizeof name, "%s", tb_dataset_name(ds));
        tb_dataset_free(ds);
        tb_diag_free(&diag);
    }
    double rss = tb_bench_peak_mib();
    double values = (double)series * months * 8.0 / 1048576.0, mbs = (double)bytes / 1e6 / best;
    printf("load %-8s %8.1f MB CSV %9zu series %7.3f s %7.1f MB/s  peak RSS %8.1f MiB  doubles %8.1f MiB  ratio "
           "%.2f  (best of %d)\n",
           name, (double)bytes / 1e6, series, best, mbs, rss, values, rss / values, runs);
    printf("row\tload\t%s\t%.6g\t%.6g\tMB/s\t%.1f\t\t%.1f MB CSV, %zu series x %d months, doubles %.1f MiB, best of "
           "%d\n",
           name, best, mbs, rss, (double)bytes / 1e6, series, months, values, runs);
    return 0;
}
