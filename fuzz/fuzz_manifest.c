/* fuzz_manifest: libFuzzer target for dataset.yaml.
 *
 * The input is the manifest; a small valid long CSV and working-days file
 * sit beside it, so manifests that parse go on through loading, breakdown
 * resolution and working days.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_dir.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (tb_fuzz_dir("manifest")) {
        static const char csv[] = "period,flow,partner,product,value\n2024-01,export,WLD,TOTAL,10\n"
                                  "2024-01,export,WLD,A,4\n2024-02,import,WLD,TOTAL,3\n";
        static const char days[] = "period,days\n2024-01,22.5\n";
        tb_fuzz_write("data.csv", csv, sizeof csv - 1);
        tb_fuzz_write("days.csv", days, sizeof days - 1);
    }
    tb_fuzz_write("dataset.yaml", data, size);
    tb_diag diag;
    tb_diag_init(&diag);
    tb_dataset *ds = tb_load_dataset(tb_fuzz_dir_path, &diag, NULL);
    tb_dataset_free(ds);
    tb_diag_free(&diag);
    return 0;
}
