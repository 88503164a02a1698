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

/* Observed counts, errors and background per bin from cfg->data (files, flat
 * backgrounds and the background components; Asimov data are made by the scan
 * from a prediction).  exposure_kg_day scales per_unit_kg_day backgrounds.
 * Arrays have n_bins entries; for Asimov data only the background is filled.
 * background[i] is the total: experiment.data.background plus every component of
 * experiment.data.backgrounds.  edges (n_bins + 1) are needed for per_unit_kg_day
 * and for the analytic components. */
cevns_status cevns_data_load(const cevns_config *cfg, size_t n_bins, const double *edges, double exposure_kg_day,
                             double *observed, double *error, double *background, cevns_error *err);

/* The same with the background split: background[i] receives
 * experiment.data.background alone (what pulls with target "background" rescale),
 * components[k * n_bins + i] the counts B_k^i of backgrounds[k] in bin i
 * (cfg->data.n_backgrounds * n_bins values; NULL when there are none).
 * A component's counts: amount x cevns_background_shape_fractions (flat,
 * exponential, gaussian), or data.scale x its column of the data file (>= 0).
 * A component with no counts at all is an error (its pull would be singular). */
cevns_status cevns_data_load_components(const cevns_config *cfg, size_t n_bins, const double *edges,
                                        double exposure_kg_day, double *observed, double *error, double *background,
                                        double *components, cevns_error *err);

/* The fraction F_i of a normalised background shape in each bin of the binned
 * range [edges[0], edges[n_bins]] (edges increasing; sum_i F_i = 1), in closed form
 * (src/stats/background.c):
 *   flat          (b - a) / (hi - lo)
 *   exponential   f ~ exp(-x / decay):  [e^(-(a-lo)/decay) - e^(-(b-lo)/decay)] / [1 - e^(-(hi-lo)/decay)]
 *   gaussian      [Phi((b-mean)/sigma) - Phi((a-mean)/sigma)] / [Phi((hi-mean)/sigma) - Phi((lo-mean)/sigma)]
 * for bin [a, b].  decay is used by exponential, mean and sigma by gaussian;
 * "column" has no analytic shape (CEVNS_EINTERNAL).  A Gaussian with no weight in
 * the range is CEVNS_ECONFIG. */
cevns_status cevns_background_shape_fractions(cevns_background_shape shape, double decay, double mean, double sigma,
                                              size_t n_bins, const double *edges, double *out, cevns_error *err);

/* The width of a Gaussian component: its sigma when given (> 0), else the detector
 * resolution at its mean, sqrt(sigma0^2 + sqrt_coeff^2 max(mean, 0) + (frac mean)^2);
 * 0 when neither exists. */
double cevns_background_gaussian_sigma(const cevns_config *cfg, const cevns_background_component *comp);

#endif
