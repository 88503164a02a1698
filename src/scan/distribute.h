/* distribute.h (internal) - MPI stays at this edge: `mpirun -np N cevns scan`
 * gives each rank a contiguous range of chunks of the flat grid; rank 0 gathers
 * and writes the results.  Without MPI (or without mpirun) this is one rank. */
#ifndef CEVNS_SRC_DISTRIBUTE_H
#define CEVNS_SRC_DISTRIBUTE_H

#include <stddef.h>

#include "cevns/status.h"

typedef struct {
    int rank, size;  /* this process and how many */
    int local_rank;  /* rank on this node: the GPU to use is local_rank mod device count */
    int active;      /* 1 when MPI was initialised */
} cevns_dist;

/* Initialise MPI only when launched by an MPI launcher; else rank 0 of 1. */
void cevns_dist_init(int *argc, char ***argv, cevns_dist *d);
void cevns_dist_finalize(const cevns_dist *d);
/* The process-wide distribution (set by cevns_dist_init; rank 0 of 1 before). */
const cevns_dist *cevns_dist_get(void);
/* Chunks [*first, *last) of n_chunks that this rank computes (contiguous ranges). */
void cevns_dist_range(const cevns_dist *d, size_t n_chunks, size_t *first, size_t *last);
/* Combine on rank 0: chi2 by minimum (other ranks hold +inf where they did not
 * compute), counts by sum (others hold 0); counts may be NULL. */
cevns_status cevns_dist_combine(const cevns_dist *d, double *chi2, size_t n, double *counts, size_t n_counts,
                                cevns_error *err);
/* 1 on every rank if any rank passed failed != 0. */
int cevns_dist_any(const cevns_dist *d, int failed);
/* Wait for every rank. */
void cevns_dist_barrier(const cevns_dist *d);

#endif
