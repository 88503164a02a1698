/* fuzz_data.c - observed spectra (experiment.data.file): the input bytes as the
 * data file of cevns_data_load, one row per bin, with the configs of the three
 * ways the shipped experiments read them:
 *   binned  observed 2 + error 3 (LAr 2020, Dresden-II), a flat background per
 *           kg day (chi2);
 *   on_off  on 2 - off 4 with errors 3 and 5 (Dresden-II), sigma_frac, scale,
 *           a column component and a Gaussian component (poisson);
 *   binned  observed 3 + error 4 (CDEX-10, CsI 2017 total), sigma_stat, a
 *           background column, an exponential component and a pull.
 * The detector gets as many uniform bins as the file has data rows (so the
 * readers go past the row count check); a file the table reader refuses is
 * still handed to cevns_data_load, with 3 bins. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cevns/config.h"
#include "cevns/experiment.h"
#include "cevns/stats.h"
#include "cevns/table.h"
#include "fuzz_common.h"

static cevns_status fuzz_data_variant(const char *path, int n_bins, const char *data_json, const char *scan_json) {
    char text[4096];
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {{0}};
    double *observed = calloc((size_t)n_bins, sizeof *observed), *error = calloc((size_t)n_bins, sizeof *error);
    double *background = calloc((size_t)n_bins, sizeof *background);
    cevns_status st;
    int n;
    if (!cfg || !observed || !error || !background) abort();
    n = snprintf(text, sizeof text,
                 "{\"data_dir\": \"%s\", \"experiment\": {"
                 "\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
                 "\"target\": {\"material\": \"CsI\"},"
                 "\"detector\": {\"mass_kg\": 14.6, \"live_days\": 300, \"bins\": {\"lo\": 0, \"hi\": %d, \"n\": %d},"
                 " \"resolution\": {\"type\": \"gaussian\", \"sigma0\": 0.5}},"
                 "\"data\": {\"file\": \"%s\", %s}}%s}",
                 CEVNS_SOURCE_DATA_DIR, n_bins, n_bins, path, data_json, scan_json);
    if (n < 0 || (size_t)n >= sizeof text) abort();
    if (cevns_config_parse(text, "fuzz/data.json", cfg, &err) != CEVNS_OK) {
        fprintf(stderr, "cevns fuzz: the harness's config does not parse: %s\n%s\n", err.msg, text);
        abort();
    }
    st = fuzz_check_status(cevns_data_load(cfg, (size_t)n_bins, cfg->detector.edges, 14.6 * 300, observed, error,
                                           background, &err),
                           &err, "cevns_data_load");
    free(background);
    free(error);
    free(observed);
    free(cfg);
    return st;
}

static cevns_status fuzz_data(const uint8_t *data, size_t size) {
    char path[1024];
    cevns_table t;
    cevns_error err = {{0}};
    int n_bins = 3;
    cevns_status st, first;
    fuzz_write_file("data.txt", data, size, path, sizeof path);
    if (cevns_table_create(path, 1, &t, &err) == CEVNS_OK) {
        if (t.rows < CEVNS_MAX_EDGES) n_bins = (int)t.rows;
        cevns_table_free(&t);
    }
    first = fuzz_data_variant(path, n_bins,
                              "\"observed\": \"binned\", \"columns\": {\"observed\": 2, \"error\": 3},"
                              " \"background\": {\"type\": \"flat\", \"per_unit_kg_day\": 0.01}",
                              "");
    st = fuzz_data_variant(path, n_bins,
                           "\"observed\": \"on_off\", \"columns\": {\"on\": 2, \"on_error\": 3, \"off\": 4, \"off_error\": 5},"
                           " \"sigma_frac\": 0.1, \"scale\": 0.5,"
                           " \"backgrounds\": [{\"name\": \"measured\", \"shape\": \"column\", \"column\": 1, \"free\": true},"
                           "  {\"name\": \"line\", \"shape\": \"gaussian\", \"mean\": 1.5, \"amount\": 10, \"sigma_norm\": 0.2}]",
                           ", \"scan\": {\"axes\": [{\"name\": \"normalisation\", \"lo\": 0.5, \"hi\": 1.5, \"n\": 3}],"
                           " \"statistic\": \"poisson\"}");
    first = fuzz_first_failure(first, st);
    st = fuzz_data_variant(path, n_bins,
                           "\"observed\": \"binned\", \"columns\": {\"observed\": 3, \"error\": 4}, \"sigma_stat\": true,"
                           " \"background\": {\"type\": \"column\", \"column\": 1},"
                           " \"backgrounds\": [{\"name\": \"falling\", \"shape\": \"exponential\", \"decay\": 2,"
                           " \"amount\": 100, \"free\": true}], \"pulls\": [{\"name\": \"flux\", \"sigma\": 0.1}]",
                           "");
    return fuzz_first_failure(first, st);
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_data(data, size);
    return 0;
}
#endif
