/* interval.c - cevns_interval_1d and cevns_exclusion_1d (cevns/results.h): where Delta chi2
 * crosses a CL threshold along one axis: the 1-D limits, the per-column limits and exclusion
 * edges of the analysis (analysis.c). */
#include <math.h>

#include "cevns/results.h"

/* Interpolated crossing between grid points a and b (in log x for log axes). */
static double crossing(const double *x, int log_axis, const double *d, size_t a, size_t b, double t) {
    double f = (t - d[a]) / (d[b] - d[a]);
    if (log_axis && x[a] > 0.0 && x[b] > 0.0) return exp(log(x[a]) + f * (log(x[b]) - log(x[a])));
    return x[a] + f * (x[b] - x[a]);
}

/* The allowed interval around the minimum of dchi2 along x: the nearest
 * crossings of the threshold below and above it (NaN when not reached). */
void cevns_interval_1d(const double *x, int log_axis, const double *dchi2, size_t n, double threshold, double *lower,
                       double *upper) {
    size_t best = 0, i;
    *lower = *upper = NAN;
    while (best < n && isnan(dchi2[best])) best++;
    if (best == n) return;
    for (i = best + 1; i < n; i++)
        if (dchi2[i] < dchi2[best]) best = i;
    for (i = best; i + 1 < n; i++)
        if (dchi2[i] <= threshold && dchi2[i + 1] > threshold) {
            *upper = crossing(x, log_axis, dchi2, i, i + 1, threshold);
            break;
        }
    for (i = best; i > 0; i--)
        if (dchi2[i] <= threshold && dchi2[i - 1] > threshold) {
            *lower = crossing(x, log_axis, dchi2, i, i - 1, threshold);
            break;
        }
}

double cevns_exclusion_1d(const double *x, int log_axis, const double *dchi2, size_t n, double threshold) {
    size_t first = 0, i;
    while (first < n && !(dchi2[first] <= threshold)) first++;
    for (i = first; i + 1 < n; i++)
        if (dchi2[i] <= threshold && dchi2[i + 1] > threshold) return crossing(x, log_axis, dchi2, i, i + 1, threshold);
    return NAN;
}
