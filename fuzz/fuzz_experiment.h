/* fuzz_experiment.h - the path a data table takes in a real run: a config naming
 * the fuzzed file is parsed, cevns_experiment_create reads the file and builds
 * the plan (flux pieces and moments, detector tables, recoil ranges), and the
 * fast path computes the counts of every bin once at the config's own point
 * (the templates ask for a coarse quadrature: the rule does not matter here, and
 * the default one would spend most of each input in the integrator).
 * Counts from an accepted input must be finite and >= 0: a reader that lets
 * through a table that makes them NaN has let a bad file in. */
#ifndef CEVNS_FUZZ_EXPERIMENT_H
#define CEVNS_FUZZ_EXPERIMENT_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cevns/config.h"
#include "cevns/experiment.h"
#include "fuzz_common.h"

/* printf-style config text; the template is the harness's own, so a config
 * that does not parse is a harness bug (abort), not a finding. */
static inline cevns_status fuzz_run_experiment(int with_rate, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* with_rate 0: stop after cevns_experiment_create (the plan). */
static inline cevns_status fuzz_run_experiment(int with_rate, const char *fmt, ...) {
    char text[4096];
    va_list ap;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_error err = {{0}};
    cevns_status st;
    int n;
    if (!cfg) abort();
    va_start(ap, fmt);
    n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof text) abort();
    if (cevns_config_parse(text, "fuzz/experiment.json", cfg, &err) != CEVNS_OK) {
        fprintf(stderr, "cevns fuzz: the harness's config does not parse: %s\n%s\n", err.msg, text);
        abort();
    }
    st = fuzz_check_status(cevns_experiment_create(cfg, &e, &err), &err, "cevns_experiment_create");
    if (st == CEVNS_OK && with_rate) {
        size_t n_cells = cevns_experiment_n_bins(e) * cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS;
        double *counts = calloc(n_cells ? n_cells : 1, sizeof *counts);
        cevns_params p;
        if (!counts) abort();
        cevns_experiment_default_params(e, &p);
        st = fuzz_check_status(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, counts, &err), &err,
                               "cevns_experiment_rate");
        for (size_t i = 0; st == CEVNS_OK && i < n_cells; i++)
            if (!isfinite(counts[i]) || counts[i] < 0.0) {
                fprintf(stderr, "cevns fuzz: accepted input gives count %g in cell %zu\n", counts[i], i);
                abort();
            }
        free(counts);
    }
    cevns_experiment_free(e);
    free(cfg);
    return st;
}

#endif
