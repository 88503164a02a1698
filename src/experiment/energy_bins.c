/* energy_bins.c - an experiment's bins on their energy ranges alone: bins beyond energy
 * (arrival time, pulse shape) that share an energy range go to one energy bin, for spectra
 * drawn against energy (`cevns rate --figure`, the Python package's Rate.energy_projection). */
#include <stdlib.h>

#include "cevns/experiment.h"

cevns_status cevns_experiment_energy_bins(const cevns_experiment *e, size_t *which, double *edges, size_t *n_out,
                                          cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(e), n = 0;
    size_t *range = malloc(nb * sizeof *range), *rank = malloc(nb * sizeof *rank);
    double *lo = malloc(nb * sizeof *lo), *hi = malloc(nb * sizeof *hi);
    cevns_status st = CEVNS_OK;
    *n_out = 0;
    if (!range || !rank || !lo || !hi) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for %zu bins", nb);
    /* the distinct energy ranges, in the order first met */
    for (size_t b = 0; b < nb && st == CEVNS_OK; b++) {
        double l[3], h[3];
        size_t j = 0;
        cevns_experiment_bin_box(e, b, l, h, NULL);
        while (j < n && !(lo[j] == l[0] && hi[j] == h[0])) j++;
        if (j == n) {
            lo[n] = l[0];
            hi[n] = h[0];
            n++;
        }
        range[b] = j;
    }
    /* rank[j]: the place of range j in increasing energy (insertion: a few hundred at most) */
    for (size_t j = 0; j < n && st == CEVNS_OK; j++) {
        rank[j] = 0;
        for (size_t i = 0; i < n; i++) rank[j] += lo[i] < lo[j];
    }
    for (size_t j = 0; j < n && st == CEVNS_OK; j++) {
        edges[rank[j]] = lo[j];
        if (rank[j] == n - 1) edges[n] = hi[j];
    }
    for (size_t j = 0; j < n && st == CEVNS_OK; j++)
        if (rank[j] + 1 < n && hi[j] != edges[rank[j] + 1])
            st = cevns_error_set(err, CEVNS_EUSAGE,
                                 "the energy bins do not follow one another (%g..%g, then from %g): they cannot be "
                                 "drawn as one spectrum",
                                 lo[j], hi[j], edges[rank[j] + 1]);
    for (size_t b = 0; b < nb && st == CEVNS_OK; b++) which[b] = rank[range[b]];
    if (st == CEVNS_OK) *n_out = n;
    free(range);
    free(rank);
    free(lo);
    free(hi);
    return st;
}
