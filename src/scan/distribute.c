/* distribute.c - one rank of one; the MPI build (CEVNS_HAVE_MPI) adds the
 * multi-rank branches. */
#include "scan/distribute.h"

static cevns_dist process_dist = {0, 1, 0, 0};

void cevns_dist_init(int *argc, char ***argv, cevns_dist *d) {
    (void)argc;
    (void)argv;
    process_dist.rank = 0;
    process_dist.size = 1;
    process_dist.local_rank = 0;
    process_dist.active = 0;
    *d = process_dist;
}

void cevns_dist_finalize(const cevns_dist *d) { (void)d; }

const cevns_dist *cevns_dist_get(void) { return &process_dist; }

void cevns_dist_range(const cevns_dist *d, size_t n_chunks, size_t *first, size_t *last) {
    *first = n_chunks * (size_t)d->rank / (size_t)d->size;
    *last = n_chunks * (size_t)(d->rank + 1) / (size_t)d->size;
}

cevns_status cevns_dist_combine(const cevns_dist *d, double *chi2, size_t n, double *counts, size_t n_counts,
                                cevns_error *err) {
    (void)d;
    (void)chi2;
    (void)n;
    (void)counts;
    (void)n_counts;
    (void)err;
    return CEVNS_OK;
}

int cevns_dist_any(const cevns_dist *d, int failed) {
    (void)d;
    return failed != 0;
}

void cevns_dist_barrier(const cevns_dist *d) { (void)d; }
