/* gen_tier: writes a synthetic dataset of a scale tier for the benchmarks.
 *
 *   gen_tier small|large|huge OUTDIR
 *
 * small: one reporter, 15 items and 9 partners (plus their totals), both
 *        flows, 1990-01..2024-12: 320 series.
 * large: 200 partners x 100 products, exports, 1990-01..2024-12: 20,000 series.
 * huge:  200 partners x 1000 products, exports: 200,000 series.
 * Partner 0 is WLD and product 0 is TOTAL, so the breakdowns "items" and
 * "partners" exist.  Values are deterministic (xorshift): a trend, a
 * season, noise, and one observation in 200 missing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t S_state = 88172645463325252ull;

static uint64_t S_rand(void)
{
    S_state ^= S_state << 13;
    S_state ^= S_state >> 7;
    S_state ^= S_state << 17;
    return S_state;
}

static char *S_uint(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static void S_code(char *buf, char prefix, int i, const char *zero)
{
    if (i == 0)
        strcpy(buf, zero);
    else
        snprintf(buf, 16, "%c%04d", prefix, i);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_tier small|large|huge OUTDIR\n");
        return 1;
    }
    int partners, products, flows;
    if (strcmp(argv[1], "small") == 0)
        partners = 10, products = 16, flows = 2;
    else if (strcmp(argv[1], "large") == 0)
        partners = 200, products = 100, flows = 1;
    else if (strcmp(argv[1], "huge") == 0)
        partners = 200, products = 1000, flows = 1;
    else {
        fprintf(stderr, "gen_tier: unknown tier '%s'\n", argv[1]);
        return 1;
    }
    const char *dir = argv[2];
    mkdir(dir, 0777);
    char path[4096];
    snprintf(path, sizeof path, "%s/dataset.yaml", dir);
    FILE *m = fopen(path, "w");
    if (!m) {
        perror(path);
        return 1;
    }
    fprintf(m, "name: %s\ntitle: {en: \"Synthetic %s tier\"}\nreporter: KOR\n"
               "unit: {currency: USD, multiplier: 1000}\nbreakdowns:\n"
               "  items:\n    flow: export\n    partner: WLD\n    total: TOTAL\n    products: [",
            argv[1], argv[1]);
    char code[16];
    for (int q = 1; q < products && q <= 40; q++) {
        S_code(code, 'P', q, "TOTAL");
        fprintf(m, "%s%s", q > 1 ? ", " : "", code);
    }
    fprintf(m, "]\n  partners:\n    flow: export\n    product: TOTAL\n    total: WLD\n    partners: [");
    for (int p = 1; p < partners && p <= 40; p++) {
        S_code(code, 'C', p, "WLD");
        fprintf(m, "%s%s", p > 1 ? ", " : "", code);
    }
    fprintf(m, "]\nfiles:\n  - path: data.csv\n    format: long\n");
    fclose(m);

    snprintf(path, sizeof path, "%s/data.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    static char buf[1 << 16];
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    fputs("period,reporter,flow,partner,product,value\n", f);
    static const char *const flow_names[] = {"export", "import"};
    for (int p = 0; p < partners; p++)
        for (int q = 0; q < products; q++)
            for (int fl = 0; fl < flows; fl++) {
                char pc[16], qc[16];
                S_code(pc, 'C', p, "WLD");
                S_code(qc, 'P', q, "TOTAL");
                double level = 1000.0 + (double)(S_rand() % 1000000);
                double growth = 1.0 + ((double)(S_rand() % 1000) - 400.0) / 100000.0;
                for (int y = 1990; y <= 2024; y++)
                    for (int mo = 1; mo <= 12; mo++) {
                        char *o = buf;
                        o = S_uint(o, (uint64_t)y);
                        *o++ = '-';
                        *o++ = (char)('0' + mo / 10);
                        *o++ = (char)('0' + mo % 10);
                        o += sprintf(o, ",KOR,%s,%s,%s,", flow_names[fl], pc, qc);
                        level *= growth;
                        double season = 1.0 + 0.08 * (double)((mo * 7) % 12 - 6) / 6.0;
                        double noise = 1.0 + ((double)(S_rand() % 2001) - 1000.0) / 10000.0;
                        if (S_rand() % 200 != 0)
                            o = S_uint(o, (uint64_t)(level * season * noise));
                        *o++ = '\n';
                        fwrite(buf, 1, (size_t)(o - buf), f);
                    }
            }
    if (fclose(f) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}
