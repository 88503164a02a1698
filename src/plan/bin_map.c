/* bin_map.c - bins beyond energy (kernels/common/plan.h, off_bin_map): a plan built over the
 * detector's n_ebins energy bins becomes one over n_ebins x n_sub bins, bin b = eb * n_sub + s,
 * where s numbers the further observables (arrival time, F90) and factor[b * n_flux + f] is the
 * share of flux component f's events of energy bin eb that fall in s.  Energy and the further
 * observables separate per component (the arrival time of a neutrino does not depend on the
 * recoil it makes), so the kernels integrate each energy bin as before and scale it. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

cevns_status cevns_plan_map_bins(cevns_plan *plan, int n_sub, const double *factor, cevns_error *err) {
    cevns_pod_header *h = &plan->hdr;
    size_t n_ebins = (size_t)h->n_ebins, n_bins = n_ebins * (size_t)n_sub, n_flux = (size_t)h->n_flux, k;
    size_t add = n_bins + n_bins * n_flux, at = (size_t)h->n_data;
    double *grown;
    if (h->off_bin_map > 0) return cevns_error_set(err, CEVNS_EINTERNAL, "the plan's bins are mapped already");
    if (h->n_seg > 1)
        return cevns_error_set(err, CEVNS_ECONFIG, "arrival-time or pulse-shape bins are not available in joint fits "
                                                   "(experiments): fit such an experiment alone");
    if (n_sub < 1) return cevns_error_set(err, CEVNS_EINTERNAL, "%d further bins per energy bin", n_sub);
    if (at + add > (size_t)INT_MAX) return cevns_error_set(err, CEVNS_ENOMEM, "plan too large");
    for (k = 0; k < n_bins * n_flux; k++)
        if (!(factor[k] >= 0.0) || !isfinite(factor[k]))
            return cevns_error_set(err, CEVNS_EINTERNAL, "bin factor %zu is %g (allowed: finite, >= 0)", k, factor[k]);
    if (!(grown = realloc(plan->data, (at + add) * sizeof *grown)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the bin map");
    plan->data = grown;
    for (k = 0; k < n_bins; k++) grown[at + k] = (double)(k / (size_t)n_sub);
    memcpy(grown + at + n_bins, factor, n_bins * n_flux * sizeof *factor);
    h->off_bin_map = (int32_t)at;
    h->n_bins = (int32_t)n_bins;
    h->n_data = (int32_t)(at + add);
    return CEVNS_OK;
}
