/* rate.cuh - the CUDA wrapper of the fast path: one thread per (point, bin)
 * calls cevns_rate_bin (kernels/common/rate.h) and sums its cells. */
#ifndef CEVNS_KERNELS_CUDA_RATE_CUH
#define CEVNS_KERNELS_CUDA_RATE_CUH

#include "common/rate.h"

__global__ void cevns_rate_points(const cevns_pod_header *hdr, const cevns_pod_isotope *isos,
                                  const cevns_pod_flux *fluxes, const cevns_pod_detector *det, const double *data,
                                  const cevns_pod_point *points, long long n_points, double *out) {
    const long long gid = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const int n_bins = hdr->n_bins;
    if (gid >= n_points * n_bins) return;
    const cevns_pod_header h = *hdr;
    const cevns_pod_detector d = *det;
    const cevns_pod_point pt = points[gid / n_bins];
    double cells[3 * CEVNS_MAX_FLUX_COMPONENTS];
    cevns_rate_bin(&h, isos, fluxes, &d, data, &pt, (int)(gid % n_bins), cells);
    double sum = 0.0;
    for (int k = 0; k < 3 * h.n_flux; k++) sum += cells[k];
    out[gid] = sum;
}

#endif
