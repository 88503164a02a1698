/* fixed.c - the CPU fast path: kernels/common/rate.h over every bin. */
#include <stdlib.h>

#include "common/rate.h"
#include "model/experiment_internal.h"

cevns_status cevns_rate_fixed(const cevns_experiment *e, const cevns_pod_point *pt, double *counts) {
    const cevns_plan *p = &e->plan;
    int n_bins = p->hdr.n_bins, stride = 3 * p->hdr.n_flux, b;
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic)
#endif
    for (b = 0; b < n_bins; b++)
        cevns_rate_bin(&p->hdr, p->iso, p->flux, &p->det, p->data, pt, b, counts + (size_t)b * (size_t)stride);
    return CEVNS_OK;
}
