/* separable.c - PLACEHOLDER until the separable fast path lands: never
 * applicable, so every scan takes the direct path. */
#include "scan/separable.h"

int cevns_separable_applicable(const cevns_grid *g) {
    (void)g;
    return 0;
}

cevns_status cevns_separable_create(const cevns_experiment *e, const cevns_grid *g, const cevns_params *base,
                                    int threads, cevns_separable **out, cevns_error *err) {
    (void)e;
    (void)g;
    (void)base;
    (void)threads;
    *out = NULL;
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "separable path not implemented yet");
}

cevns_status cevns_separable_signal(const cevns_separable *s, size_t start, size_t n, double *signal,
                                    cevns_error *err) {
    (void)s;
    (void)start;
    (void)n;
    (void)signal;
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "separable path not implemented yet");
}

void cevns_separable_free(cevns_separable *s) { (void)s; }
