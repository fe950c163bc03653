/* gen_hostile: writes the large inputs of tests/e2e/hostile.sh.
 *
 *   gen_hostile manifest DIR MEMBERS        DIR/dataset.yaml: reporter KOR, file data.csv,
 *                                           and (MEMBERS > 0) an "items" breakdown of
 *                                           products P0000001..P<MEMBERS>
 *   gen_hostile csv PRODUCTS MONTHS PAD     the long CSV on stdout: exports of every
 *                                           product and of TOTAL (their sum), imports
 *                                           of TOTAL, MONTHS months from 2020-01; every
 *                                           row carries a "note" column of PAD bytes
 *
 * The CSV goes to stdout so that a test can stream gigabytes through a FIFO
 * without putting them on disk.  Values are a hash of (product, month), so
 * the totals and the expected facts are known without storing anything.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t S_value(uint64_t q, uint64_t t)
{
    uint64_t x = q * 0x9E3779B97F4A7C15ull ^ (t + 1) * 0xC2B2AE3D27D4EB4Full;
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return 1000 + x % 100000;
}

static int S_manifest(const char *dir, long members)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/dataset.yaml", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fprintf(f, "name: hostile\nreporter: KOR\nunit: {currency: USD, multiplier: 1000}\n");
    if (members > 0)
        fprintf(f, "breakdowns:\n  items:\n    flow: export\n    partner: WLD\n    total: TOTAL\n    products:\n");
    for (long q = 1; q <= members; q++)
        fprintf(f, "      - P%07ld\n", q);
    fprintf(f, "files:\n  - {path: data.csv, format: long}\n");
    if (fclose(f) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}

static void S_row(int t, const char *flow, const char *product, uint64_t v, const char *pad)
{
    int y = 2020 + t / 12, m = t % 12 + 1;
    printf("%04d-%02d,%s,WLD,%s,%" PRIu64 ",%s\n", y, m, flow, product, v, pad);
}

static int S_csv(long products, int months, size_t pad_len)
{
    char *pad = malloc(pad_len + 1);
    uint64_t *total = calloc((size_t)months, sizeof *total);
    if (!pad || !total)
        return 1;
    memset(pad, 'n', pad_len);
    pad[pad_len] = '\0';
    static char buf[1 << 20];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("period,flow,partner,product,value,note\n");
    char code[24];
    for (long q = 1; q <= products; q++) {
        snprintf(code, sizeof code, "P%07ld", q);
        for (int t = 0; t < months; t++) {
            uint64_t v = S_value((uint64_t)q, (uint64_t)t);
            total[t] += v;
            S_row(t, "export", code, v, pad);
        }
    }
    for (int t = 0; t < months; t++) {
        S_row(t, "export", "TOTAL", total[t], pad);
        S_row(t, "import", "TOTAL", total[t] / 10 * 9, pad);
    }
    free(pad);
    free(total);
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "manifest") == 0)
        return S_manifest(argv[2], atol(argv[3]));
    if (argc == 5 && strcmp(argv[1], "csv") == 0)
        return S_csv(atol(argv[2]), atoi(argv[3]), (size_t)atol(argv[4]));
    fprintf(stderr, "usage: gen_hostile manifest DIR MEMBERS | csv PRODUCTS MONTHS PAD\n");
    return 1;
}
