/* fuzz_quenching.c - quenching tables (T [keVnr], QF): the input bytes as
 * experiment.detector.quenching.file of an experiment whose observable is keVee
 * (detector plan: column rules, increasing T; recoil plan: the observed signal
 * must increase with T), once without and once with a Gaussian resolution (its
 * upper-mean search reads the same table; then the counts too). */
#include <stdint.h>

#include "fuzz_common.h"
#include "fuzz_experiment.h"

static cevns_status fuzz_quenching(const uint8_t *data, size_t size) {
    static const char *const config =
        "{\"data_dir\": \"%s\", \"quadrature\": {\"gl_order\": 4, \"panels\": 1}, \"experiment\": {"
        "\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
        "\"target\": {\"material\": \"Ar\"},"
        "\"detector\": {\"mass_kg\": 24, \"observable\": \"keVee\","
        " \"quenching\": {\"type\": \"table\", \"file\": \"%s\"}%s,"
        " \"recoil_min_keVnr\": 1, \"bins\": {\"lo\": 1, \"hi\": 31, \"n\": 3}}}}";
    char path[1024];
    cevns_status st;
    fuzz_write_file("quenching.txt", data, size, path, sizeof path);
    st = fuzz_run_experiment(0, config, CEVNS_SOURCE_DATA_DIR, path, "");
    if (st != CEVNS_OK) return st;
    return fuzz_run_experiment(1, config, CEVNS_SOURCE_DATA_DIR, path,
                               ", \"resolution\": {\"type\": \"gaussian\", \"sigma0\": 0.5, \"frac\": 0.1}");
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_quenching(data, size);
    return 0;
}
#endif
