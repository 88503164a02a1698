/* stats.h - test statistics and confidence levels (shared/PHYSICS.md §7).
 *
 * Pull chi2 (seed 002 eq. 15 with the penalty written as a square):
 *   chi2 = min_xi sum_i [(O_i - R_i - B_i - sum_j xi_j c_j^i) / D_i]^2 + sum_j (xi_j / sigma_j)^2
 * quadratic in xi, so the minimum is one small linear solve (free pulls: no penalty).
 * Poisson (Baker-Cousins) with the same pulls, mu_i = R_i + B_i + sum_j xi_j c_j^i:
 *   -2 ln L = 2 sum_i [mu_i - O_i + O_i ln(O_i / mu_i)] + sum_j (xi_j / sigma_j)^2
 * minimised iteratively over xi (Newton steps keeping every mu_i > 0). */
#ifndef CEVNS_STATS_H
#define CEVNS_STATS_H

#include <stddef.h>

#include "cevns/config.h"
#include "cevns/status.h"

#define CEVNS_STATS_MAX_PULLS 8

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
cevns_status cevns_chi2_pull(const cevns_stats_input *in, double *chi2, double *pulls_out, cevns_error *err);
cevns_status cevns_poisson_pull(const cevns_stats_input *in, double *m2lnl, double *pulls_out, cevns_error *err);

/* Delta chi2 threshold for confidence level cl (0 < cl < 1) and dof >= 1
 * (gsl_cdf_chisq_Pinv): 2.706 for 90 % and 1 dof, 4.605 for 90 % and 2 dof. */
double cevns_delta_chi2_threshold(double cl, int dof);

/* The allowed interval along one axis: around the minimum of dchi2[0..n-1]
 * (the first one; NaN entries are skipped), the nearest points where dchi2
 * crosses threshold from below, below and above the minimum, interpolated
 * linearly between grid points x[i] (in log x when log_axis and both points are
 * > 0).  *lower / *upper are NaN where the threshold is not reached (the limit
 * lies beyond the grid, or every point is NaN).  x increasing. */
void cevns_interval_1d(const double *x, int log_axis, const double *dchi2, size_t n, double threshold, double *lower,
                       double *upper);

/* Observed counts, errors and background per bin from cfg->data (files and flat
 * backgrounds; Asimov data are made by the scan from a prediction).
 * exposure_kg_day scales per_unit_kg_day backgrounds.  Arrays have n_bins
 * entries; for Asimov data only the background is filled. */
cevns_status cevns_data_load(const cevns_config *cfg, size_t n_bins, const double *edges, double exposure_kg_day,
                             double *observed, double *error, double *background, cevns_error *err);

#endif
