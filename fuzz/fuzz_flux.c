/* fuzz_flux.c - flux tables (two columns E [MeV], dPhi/dE): the input bytes
 * as the file of cevns_flux_create_table (absolute, and normalised to a total), as
 * both solar shape files of cevns_flux_create_solar, and as the "table" source of a
 * whole experiment (plan, flux moments, counts).  An accepted table must give
 * a finite unit-normalised shape and finite counts. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "cevns/model.h"
#include "fuzz_common.h"
#include "fuzz_experiment.h"

/* The knots (>= 0) and pieces of an accepted table component must be finite,
 * and so must the shape at its breakpoints.  Its sign there is not checked:
 * the interpolation v_j + slope (E - E_j) ends a segment falling to 0 a hair
 * below it (-1e-17), and far below it when the slope underflows to a
 * subnormal number (E up to 4e161 MeV: regressions/flux/crash-71a0...). */
static void fuzz_flux_fail(const char *what, const cevns_flux_component *c, const char *item, size_t j, double v) {
    fprintf(stderr, "cevns fuzz: %s accepted a table whose shape is not finite and >= 0: component %s, %s[%zu] = %g\n",
            what, c->name, item, j, v);
    abort();
}

static void fuzz_flux_check(const cevns_flux *f, const char *what) {
    for (size_t k = 0; k < f->n; k++) {
        const cevns_flux_component *c = &f->comp[k];
        size_t nb = 0;
        const double *bp = cevns_flux_breakpoints(c, &nb);
        if (!isfinite(c->normalisation) || !(c->normalisation >= 0.0))
            fuzz_flux_fail(what, c, "normalisation", 0, c->normalisation);
        for (size_t j = 0; j < c->n_knots; j++) {
            if (!isfinite(c->knot_e[j])) fuzz_flux_fail(what, c, "knot_e", j, c->knot_e[j]);
            if (!isfinite(c->knot_v[j]) || c->knot_v[j] < 0.0) fuzz_flux_fail(what, c, "knot_v", j, c->knot_v[j]);
        }
        for (size_t j = 0; j < 4 * c->n_pieces; j++)
            if (!isfinite(c->piece_c[j])) fuzz_flux_fail(what, c, "piece_c", j, c->piece_c[j]);
        for (size_t j = 0; j < nb; j++) {
            double v = cevns_flux_shape(c, bp[j]);
            if (!isfinite(v)) fuzz_flux_fail(what, c, "shape at breakpoint", j, v);
        }
    }
}

static cevns_status fuzz_flux(const uint8_t *data, size_t size) {
    char path[1024];
    cevns_error err = {{0}};
    cevns_flux f;
    cevns_status st, first;
    cevns_table_flux_params tp = {NULL, 0.0, 0, 0, "table"};
    cevns_solar_params sp = {1, 1, NULL, NULL, 0.0, 0.0};

    fuzz_write_file("flux.txt", data, size, path, sizeof path);
    tp.file = path;
    first = st = fuzz_check_status(cevns_flux_create_table(&tp, &f, &err), &err, "cevns_flux_create_table");
    if (st == CEVNS_OK) {
        fuzz_flux_check(&f, "cevns_flux_create_table");
        cevns_flux_free(&f);
    }
    if (st != CEVNS_OK) return st; /* the other paths read the same file with the same rules */
    tp.total = 1e5;
    tp.flavour = 1;
    tp.antineutrino = 1;
    st = fuzz_check_status(cevns_flux_create_table(&tp, &f, &err), &err, "cevns_flux_create_table (total)");
    if (st == CEVNS_OK) {
        fuzz_flux_check(&f, "cevns_flux_create_table (total)");
        cevns_flux_free(&f);
    }
    sp.b8_file = sp.hep_file = path;
    st = fuzz_check_status(cevns_flux_create_solar(&sp, &f, &err), &err, "cevns_flux_create_solar");
    if (st == CEVNS_OK) {
        fuzz_flux_check(&f, "cevns_flux_create_solar");
        cevns_flux_free(&f);
    }
    st = fuzz_run_experiment(1,
        "{\"data_dir\": \"%s\", \"quadrature\": {\"gl_order\": 4, \"panels\": 1}, \"experiment\": {"
        "\"source\": {\"type\": \"table\", \"file\": \"%s\", \"flavour\": \"e\"},"
        "\"target\": {\"material\": \"Ge\"},"
        "\"detector\": {\"exposure_kg_day\": 100, \"bins\": {\"lo\": 0.3, \"hi\": 3.3, \"n\": 3}}},"
        "\"model\": {\"interactions\": [\"sm\", \"magnetic\"], \"mu_nu\": 1e-10}}",
        CEVNS_SOURCE_DATA_DIR, path);
    return fuzz_first_failure(first, st);
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_flux(data, size);
    return 0;
}
#endif
