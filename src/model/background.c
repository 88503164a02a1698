/* background.c - the analytic shapes of the background components
 * (experiment.data.backgrounds, include/cevns/model.h): the fraction of a
 * normalised shape in each bin of the binned range [lo, hi] = [edges[0], edges[n]].
 *
 *   flat:         f(x) = 1:                 F_i = (b - a) / (hi - lo)
 *   exponential:  f(x) = exp(-x / decay):   F_i = exp(-(a - lo)/decay) (1 - exp(-(b - a)/decay))
 *                                                 / (1 - exp(-(hi - lo)/decay))
 *   gaussian:     f(x) = N(x; mean, sigma): F_i = [Phi((b - mean)/sigma) - Phi((a - mean)/sigma)]
 *                                                 / [Phi((hi - mean)/sigma) - Phi((lo - mean)/sigma)]
 *
 * for bin i = [a, b].  The differences are written with expm1, and the Gaussian's with
 * the detector's own cevns_gaussian_mass (kernels/common/detector.h, erfc on the side of
 * the mean away from the bin), so that bins far in a tail keep their relative precision
 * instead of cancelling to 0 (a Gaussian whose mean lies below the range, like the 71Ge
 * M-shell peak under a 0.2 keVee threshold). */
#include <math.h>
#include <stddef.h>

#include "cevns/model.h"
#include "common/detector.h"

/* exp(-(a - lo)/decay) - exp(-(b - lo)/decay) without cancellation. */
static double exponential_mass(double a, double b, double lo, double decay) {
    return -exp(-(a - lo) / decay) * expm1(-(b - a) / decay);
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
        total = cevns_gaussian_mass(lo, hi, mean, sigma);
        if (!(total > 0.0))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "gaussian background: mean %g, sigma %g has no weight inside the binned range [%g, %g]",
                                   mean, sigma, lo, hi);
        for (i = 0; i < n_bins; i++) out[i] = cevns_gaussian_mass(edges[i], edges[i + 1], mean, sigma) / total;
        return CEVNS_OK;
    case CEVNS_SHAPE_COLUMN:
    case CEVNS_SHAPE_EVENTS:
    case CEVNS_SHAPE_PDF:
    case CEVNS_SHAPE_TEMPLATE:
        return cevns_error_set(err, CEVNS_EINTERNAL,
                               "cevns_background_shape_fractions: a component read from files has no analytic shape");
    }
    return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_background_shape_fractions: unknown shape %d", (int)shape);
}
