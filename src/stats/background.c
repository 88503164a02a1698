/* background.c - the analytic shapes of the background components
 * (experiment.data.backgrounds, include/cevns/config.h): the fraction of a
 * normalised shape in each bin of the binned range [lo, hi] = [edges[0], edges[n]].
 *
 *   flat:         f(x) = 1:                 F_i = (b - a) / (hi - lo)
 *   exponential:  f(x) = exp(-x / decay):   F_i = exp(-(a - lo)/decay) (1 - exp(-(b - a)/decay))
 *                                                 / (1 - exp(-(hi - lo)/decay))
 *   gaussian:     f(x) = N(x; mean, sigma): F_i = [Phi((b - mean)/sigma) - Phi((a - mean)/sigma)]
 *                                                 / [Phi((hi - mean)/sigma) - Phi((lo - mean)/sigma)]
 *
 * for bin i = [a, b].  The differences are written with expm1 and with erfc on the
 * side of the mean away from the bin, so that bins far in a tail keep their
 * relative precision instead of cancelling to 0 (a Gaussian whose mean lies below
 * the range, like the 71Ge M-shell peak under a 0.2 keVee threshold). */
#include <math.h>
#include <stddef.h>

#include "cevns/stats.h"

#define SQRT2 1.41421356237309504880

/* Probability of N(mean, sigma) in [a, b], a <= b. */
static double gaussian_mass(double a, double b, double mean, double sigma) {
    double za = (a - mean) / (sigma * SQRT2), zb = (b - mean) / (sigma * SQRT2);
    if (za >= 0.0) return 0.5 * (erfc(za) - erfc(zb));   /* both above the mean: upper tails */
    if (zb <= 0.0) return 0.5 * (erfc(-zb) - erfc(-za)); /* both below: lower tails */
    return 0.5 * (erf(zb) - erf(za));
}

/* exp(-(a - lo)/decay) - exp(-(b - lo)/decay) without cancellation. */
static double exponential_mass(double a, double b, double lo, double decay) {
    return -exp(-(a - lo) / decay) * expm1(-(b - a) / decay);
}

double cevns_background_gaussian_sigma(const cevns_config *cfg, const cevns_background_component *comp) {
    const cevns_detector_config *det = &cfg->detector;
    double x, v;
    if (comp->sigma > 0.0) return comp->sigma;
    if (det->resolution.type != CEVNS_RES_GAUSSIAN) return 0.0;
    /* sigma(x)^2 = sigma0^2 + sqrt_coeff^2 x + (frac x)^2 (kernels/common/detector.h) */
    x = comp->mean > 0.0 ? comp->mean : 0.0;
    v = det->resolution.sigma0 * det->resolution.sigma0 + det->resolution.sqrt_coeff * det->resolution.sqrt_coeff * x +
        det->resolution.frac * comp->mean * det->resolution.frac * comp->mean;
    return sqrt(v);
}

cevns_status cevns_background_shape_fractions(cevns_background_shape shape, double decay, double mean, double sigma,
                                              size_t n_bins, const double *edges, double *out, cevns_error *err) {
    double lo, hi, total;
    size_t i;
    if (!edges || !out || n_bins == 0)
        return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_background_shape_fractions: edges, out and bins required");
    lo = edges[0];
    hi = edges[n_bins];
    for (i = 0; i < n_bins; i++)
        if (!(edges[i + 1] > edges[i]) || !isfinite(edges[i + 1]) || !isfinite(edges[i]))
            return cevns_error_set(err, CEVNS_ECONFIG, "background shape: bin edges must increase, bin %zu is [%g, %g]",
                                   i, edges[i], edges[i + 1]);
    switch (shape) {
    case CEVNS_SHAPE_FLAT:
        for (i = 0; i < n_bins; i++) out[i] = (edges[i + 1] - edges[i]) / (hi - lo);
        return CEVNS_OK;
    case CEVNS_SHAPE_EXPONENTIAL:
        if (!(decay > 0.0) || !isfinite(decay))
            return cevns_error_set(err, CEVNS_ECONFIG, "exponential background: decay = %g (allowed: a finite number > 0)",
                                   decay);
        total = -expm1(-(hi - lo) / decay);
        for (i = 0; i < n_bins; i++) out[i] = exponential_mass(edges[i], edges[i + 1], lo, decay) / total;
        return CEVNS_OK;
    case CEVNS_SHAPE_GAUSSIAN:
        if (!(sigma > 0.0) || !isfinite(sigma) || !isfinite(mean))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "gaussian background: mean = %g, sigma = %g (allowed: finite, sigma > 0)", mean, sigma);
        total = gaussian_mass(lo, hi, mean, sigma);
        if (!(total > 0.0))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "gaussian background: mean %g, sigma %g has no weight inside the binned range [%g, %g]",
                                   mean, sigma, lo, hi);
        for (i = 0; i < n_bins; i++) out[i] = gaussian_mass(edges[i], edges[i + 1], mean, sigma) / total;
        return CEVNS_OK;
    case CEVNS_SHAPE_COLUMN:
        return cevns_error_set(err, CEVNS_EINTERNAL,
                               "cevns_background_shape_fractions: a column component has no analytic shape");
    }
    return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_background_shape_fractions: unknown shape %d", (int)shape);
}
