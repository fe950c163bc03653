/* bench_load: loads a dataset directory and reports throughput and memory.
 *
 *   bench_load DIR
 *
 * Loads DIR (a scale tier from gen_tier) until 5 loads or 3 seconds,
 * whichever comes first (at least one), and prints the best: CSV MB,
 * seconds, MB/s, the CPU seconds (user + system) of that load, the files
 * read in two parts at once, the process's peak RSS (getrusage) and its
 * ratio to the in-memory doubles (series x months x 8 bytes), and a
 * checksum of the dataset that does not depend on the order of its series
 * (the same for a file ordered by month as by series); then one `row`
 * line for bench/run.sh (see there).  Figures, not pass/fail.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_util.h"
#include "load.h"

static double S_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

static uint64_t S_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001B3ull;
    return h;
}

/* The sum of one hash per series (its codes, flow, calendar and values). */
static uint64_t S_checksum(const tb_dataset *ds)
{
    uint64_t sum = 0;
    int months = tb_dataset_months(ds);
    tb_month start = tb_dataset_start(ds);
    for (size_t i = 0; i < tb_dataset_count(ds); i++) {
        const tb_series *s = tb_dataset_get(ds, i);
        const char *codes[3] = {tb_dataset_code(ds, TB_DIM_REPORTER, s->key.reporter),
                                tb_dataset_code(ds, TB_DIM_PARTNER, s->key.partner),
                                tb_dataset_code(ds, TB_DIM_PRODUCT, s->key.product)};
        uint64_t h = 0xCBF29CE484222325ull;
        for (int k = 0; k < 3; k++)
            h = S_fnv(h, codes[k], strlen(codes[k]) + 1);
        h = S_fnv(h, &s->key.flow, sizeof s->key.flow);
        h = S_fnv(h, &start, sizeof start);
        h = S_fnv(h, s->v, (size_t)months * sizeof *s->v);
        sum += h;
    }
    return sum;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_load DIR\n");
        return 1;
    }
    double best = 1e300, best_cpu = 0, spent = 0;
    int runs = 0;
    size_t bytes = 0, series = 0, parallel = 0;
    int months = 0;
    uint64_t sum = 0;
    char name[64] = "";
    while (runs < 5 && (runs == 0 || spent < 3.0)) {
        tb_diag diag;
        tb_diag_init(&diag);
        tb_load_stats st;
        double a = tb_bench_now(), c = S_cpu();
        tb_dataset *ds = tb_load_dataset(argv[1], &diag, &st);
        double s = tb_bench_now() - a, cpu = S_cpu() - c;
        if (!ds) {
            tb_diag_print(&diag, stderr);
            tb_diag_free(&diag);
            return 2;
        }
        spent += s;
        runs++;
        if (s < best) {
            best = s;
            best_cpu = cpu;
        }
        bytes = st.bytes;
        parallel = st.parallel;
        series = tb_dataset_count(ds);
        months = tb_dataset_months(ds);
        sum = S_checksum(ds);
        snprintf(name, sizeof name, "%s", tb_dataset_name(ds));
        tb_dataset_free(ds);
        tb_diag_free(&diag);
    }
    double rss = tb_bench_peak_mib();
    double values = (double)series * months * 8.0 / 1048576.0, mbs = (double)bytes / 1e6 / best;
    printf("load %-8s %8.1f MB CSV %9zu series %7.3f s %7.1f MB/s  cpu %.3f s  %zu in 2 parts  peak RSS %8.1f MiB  "
           "doubles %8.1f MiB  ratio %.2f  checksum %016llx  (best of %d)\n",
           name, (double)bytes / 1e6, series, best, mbs, best_cpu, parallel, rss, values, rss / values,
           (unsigned long long)sum, runs);
    printf(
        "row\tload\t%s\t%.6g\t%.6g\tMB/s\t%.1f\t\t%.1f MB CSV, %zu series x %d months, doubles %.1f MiB, cpu %.3f s, "
        "%zu file(s) in 2 parts, best of %d\n",
        name, best, mbs, rss, (double)bytes / 1e6, series, months, values, best_cpu, parallel, runs);
    return 0;
}
