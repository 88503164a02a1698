/* stats.h - test statistics and confidence levels (shared/PHYSICS.md §7).
 *
 * Pull chi2 (seed 002 eq. 15 with the penalty written as a square):
 *   chi2 = min_xi sum_i [(O_i - R_i - B_i - sum_j xi_j c_j^i) / D_i]^2 + sum_j (xi_j / sigma_j)^2
 * (B_i the total background; each background component k is one more pull with
 * c^i = B_k^i, so its normalisation is 1 + xi_k.)
 * quadratic in xi, so the minimum is one small linear solve (free pulls: no penalty).
 * Poisson (Baker-Cousins) with the same pulls, mu_i = R_i + B_i + sum_j xi_j c_j^i:
 *   -2 ln L = 2 sum_i [mu_i - O_i + O_i ln(O_i / mu_i)] + sum_j (xi_j / sigma_j)^2
 * minimised iteratively over xi (Newton steps keeping every mu_i > 0). */
#ifndef CEVNS_STATS_H
#define CEVNS_STATS_H

#include <stddef.h>

#include "cevns/status.h"

#define CEVNS_STATS_MAX_PULLS 12

typedef struct {
    size_t n_bins, n_pulls;
    const double *observed;   /* O_i */
    const double *error;      /* D_i > 0 (chi2 only) */
    const double *signal;     /* R_i, expected signal counts */
    const double *background; /* B_i (NULL = 0) */
    const double *shift;      /* c_j^i at [j * n_bins + i] */
    const double *sigma;      /* sigma_j > 0 */
    const int *free;          /* free_j: 1 = no penalty (NULL = all constrained) */
} cevns_stats_input;

/* Minimum over the pulls; pulls_out (n_pulls, may be NULL) receives the best xi. */
CEVNS_API cevns_status cevns_chi2_pull(const cevns_stats_input *in, double *chi2, double *pulls_out, cevns_error *err);
CEVNS_API cevns_status cevns_poisson_pull(const cevns_stats_input *in, double *m2lnl, double *pulls_out, cevns_error *err);

#endif
