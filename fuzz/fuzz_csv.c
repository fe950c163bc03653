/* fuzz_csv: libFuzzer target for the CSV side of the loader.
 *
 * The input becomes data.csv of a dataset whose manifest reads it as a long
 * file (even inputs) or a wide file with ';' delimiter, ',' decimal and '.'
 * thousands (odd first byte), so both row paths, the number parser and
 * csvread's line handling see arbitrary bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_dir.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tb_fuzz_dir("csv");
    static const char long_m[] = "name: f\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                                 "breakdowns:\n  items: {flow: export, partner: WLD, total: TOTAL, products: [A]}\n"
                                 "files: [{path: data.csv, format: long, missing: [NA]}]\n";
    static const char wide_m[] = "name: f\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\n"
                                 "files:\n  - {path: data.csv, format: wide, period: p, period_format: YYYYMmm,\n"
                                 "     delimiter: \";\", decimal: \",\", thousands: \".\",\n"
                                 "     columns: {x: {flow: export, partner: WLD, product: TOTAL},\n"
                                 "               y: {flow: balance, partner: WLD, product: TOTAL}}}\n";
    bool wide = size && (data[0] & 1);
    tb_fuzz_write("dataset.yaml", wide ? wide_m : long_m, wide ? sizeof wide_m - 1 : sizeof long_m - 1);
    tb_fuzz_write("data.csv", data, size);
    tb_diag diag;
    tb_diag_init(&diag);
    tb_dataset *ds = tb_load_dataset(tb_fuzz_dir_path, &diag, NULL);
    tb_dataset_free(ds);
    tb_diag_free(&diag);
    return 0;
}
