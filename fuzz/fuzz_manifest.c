/* fuzz_manifest: libFuzzer target for dataset.yaml.
 *
 * The input is the manifest; a small valid long CSV and working-days file
 * sit beside it, so manifests that parse go on through loading, breakdown
 * resolution and working days.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"

static char S_dir[64];

static void S_write(const char *name, const void *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", S_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!S_dir[0]) {
        snprintf(S_dir, sizeof S_dir, "/tmp/tb-fuzz-manifest-%d", (int)getpid());
        mkdir(S_dir, 0700);
        static const char csv[] = "period,flow,partner,product,value\n2024-01,export,WLD,TOTAL,10\n"
                                  "2024-01,export,WLD,A,4\n2024-02,import,WLD,TOTAL,3\n";
        static const char days[] = "period,days\n2024-01,22.5\n";
        S_write("data.csv", csv, sizeof csv - 1);
        S_write("days.csv", days, sizeof days - 1);
    }
    S_write("dataset.yaml", data, size);
    tb_diag diag;
    tb_diag_init(&diag);
    tb_dataset *ds = tb_load_dataset(S_dir, &diag, NULL);
    tb_dataset_free(ds);
    tb_diag_free(&diag);
    return 0;
}
