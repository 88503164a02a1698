/* fuzz_efficiency.c - efficiency tables (x in the observable, efficiency): the
 * input bytes as experiment.detector.efficiency.file, read with the column
 * rules of x_column / eff_column through the detector and recoil plans
 * (efficiency floor): columns 1 and 2 without resolution, then columns 1 and 3
 * (as in the COHERENT LAr release) with a Gaussian resolution, to the counts. */
#include <stdint.h>

#include "fuzz_common.h"
#include "fuzz_experiment.h"

static cevns_status fuzz_efficiency(const uint8_t *data, size_t size) {
    static const char *const config =
        "{\"data_dir\": \"%s\", \"quadrature\": {\"gl_order\": 4, \"panels\": 1}, \"experiment\": {"
        "\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
        "\"target\": {\"material\": \"Ar\"},"
        "\"detector\": {\"mass_kg\": 24, \"observable\": \"keVee\","
        " \"quenching\": {\"type\": \"linear\", \"a\": 0.246, \"b\": 0.00078},"
        " \"efficiency\": {\"type\": \"table\", \"file\": \"%s\", \"x_column\": 1, \"eff_column\": %d}%s,"
        " \"recoil_min_keVnr\": 1, \"bins\": {\"lo\": 0, \"hi\": 120, \"n\": 4}}}}";
    static const char *const resolution = ", \"resolution\": {\"type\": \"gaussian\", \"sqrt_coeff\": 0.58}";
    char path[1024];
    cevns_status st, first;
    fuzz_write_file("efficiency.txt", data, size, path, sizeof path);
    first = fuzz_run_experiment(0, config, CEVNS_SOURCE_DATA_DIR, path, 2, "");
    st = fuzz_run_experiment(1, config, CEVNS_SOURCE_DATA_DIR, path, 3, resolution);
    return fuzz_first_failure(first, st);
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_efficiency(data, size);
    return 0;
}
#endif
