/* scan.cuh - the CUDA wrappers of the scan's stages (kernels/common/scan.h): one thread
 * per call of a common function, nothing else (the same shape as kernels/opencl/scan.cl).
 * The plan's structs are passed by value (kernel parameters live in constant memory). */
#ifndef CEVNS_KERNELS_CUDA_SCAN_CUH
#define CEVNS_KERNELS_CUDA_SCAN_CUH

#include "common/fc.h"
#include "common/scan.h"
#include "common/separable.h"

/* Direct signal at given points, one thread per (point, bin): out[p * n_bins + b]. */
__global__ void cevns_k_points(const cevns_pod_header h, const cevns_pod_isotope *isos, const cevns_pod_flux *fluxes,
                               const cevns_pod_detector d, const double *data, const cevns_pod_point *points,
                               long long n, double *out) {
    const long long gid = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    double cells[CEVNS_N_INTERACTIONS * CEVNS_MAX_FLUX_COMPONENTS];
    if (gid >= n * h.n_bins) return;
    const cevns_pod_point pt = points[gid / h.n_bins];
    out[gid] = cevns_scan_direct_bin(&h, isos, fluxes, &d, data, &pt, (int)(gid % h.n_bins), cells);
}

/* Separable basis, one thread per job (row, bin). */
__global__ void cevns_k_basis(const cevns_pod_header h, const cevns_pod_isotope *isos, const cevns_pod_flux *fluxes,
                              const cevns_pod_detector d, const double *data, const cevns_pod_separable sp,
                              const cevns_pod_grid g, const double *values, const cevns_pod_point base, int n_jobs,
                              double *basis) {
    const int job = blockIdx.x * blockDim.x + threadIdx.x;
    double cells[CEVNS_N_BASIS * CEVNS_MAX_FLUX_COMPONENTS];
    if (job >= n_jobs) return;
    cevns_separable_basis_job(&h, isos, fluxes, &d, data, &sp, &g, values, &base, job, cells, basis);
}

/* Direct path: the signal of items [i0, i0 + m), one thread per (item, bin). */
__global__ void cevns_k_signal_direct(const cevns_pod_header h, const cevns_pod_isotope *isos,
                                      const cevns_pod_flux *fluxes, const cevns_pod_detector d, const double *data,
                                      const cevns_pod_grid g, const double *values, const cevns_pod_point base,
                                      long long i0, long long n_prof, long long m, double *sig) {
    const long long gid = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    double cells[CEVNS_N_INTERACTIONS * CEVNS_MAX_FLUX_COMPONENTS], expo;
    cevns_pod_point pt;
    int idx[CEVNS_GRID_MAX_AXES];
    if (gid >= m * h.n_bins) return;
    cevns_scan_item(&g, values, &base, i0 + gid / h.n_bins, n_prof, idx, &pt, &expo);
    sig[gid] = cevns_scan_direct_bin(&h, isos, fluxes, &d, data, &pt, (int)(gid % h.n_bins), cells);
}

/* Separable path: the signal, statistic (and counts when asked) of items [i0, i0 + m),
 * CEVNS_ITEMS_PER_THREAD consecutive items per thread (one index decoding for them all);
 * its row of sig is the scratch of the contraction. */
#define CEVNS_ITEMS_PER_THREAD 4
__global__ void cevns_k_separable(const cevns_pod_separable sp, const cevns_pod_grid g, const double *values,
                                  const cevns_pod_point base, const double *basis, const cevns_pod_stat st,
                                  const double *stat_data, long long i0, long long n_prof, long long m, double *sig,
                                  double *out, int *codes, int want_counts, long long start, double *counts) {
    const long long w = (long long)blockIdx.x * blockDim.x + threadIdx.x, lo = w * CEVNS_ITEMS_PER_THREAD;
    const long long hi = lo + CEVNS_ITEMS_PER_THREAD < m ? lo + CEVNS_ITEMS_PER_THREAD : m;
    if (lo >= m) return;
    cevns_scan_separable_range(&g, values, &base, &sp, basis, &st, stat_data, i0, n_prof, lo, hi,
                               sig + w * sp.n_bins, out, codes, want_counts, start, counts);
}

/* Direct path: the statistic of items [i0, i0 + m) from their signal (and their counts when
 * asked), one thread per item. */
__global__ void cevns_k_statistic(const cevns_pod_grid g, const double *values, const cevns_pod_point base,
                                  const cevns_pod_stat st, const double *stat_data, const double *sig, long long i0,
                                  long long n_prof, long long m, double *out, int *codes, int want_counts,
                                  long long start, double *counts) {
    const long long k = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    cevns_pod_point pt;
    double expo, v;
    int idx[CEVNS_GRID_MAX_AXES];
    if (k >= m) return;
    cevns_scan_item(&g, values, &base, i0 + k, n_prof, idx, &pt, &expo);
    codes[k] = cevns_stat_value(&st, stat_data, sig + k * st.n_bins, expo, &v);
    out[k] = v;
    if (want_counts)
        cevns_scan_counts(&st, stat_data, sig + k * st.n_bins, expo, counts + (i0 + k - start) * st.n_bins);
}

/* Fold the batch's statistics into the map points [s_first, s_first + n_s), one thread
 * per map point: chi2[s - start] the running minimum, rc[s - start] the first failure. */
__global__ void cevns_k_reduce(long long i0, long long n_prof, long long m, const double *out, const int *codes,
                               long long s_first, long long n_s, long long start, double *chi2, int *rc) {
    const long long k = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n_s) return;
    double best = chi2[s_first + k - start];
    int code = rc[s_first + k - start];
    cevns_scan_reduce(s_first + k, n_prof, i0, m, out, codes, &best, &code);
    chi2[s_first + k - start] = best;
    rc[s_first + k - start] = code;
}

/* chi2[k] = +inf, rc[k] = 0 for k < n: the running minimum before the first batch. */
__global__ void cevns_k_reset(long long n, double *chi2, int *rc) {
    const long long k = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n) return;
    chi2[k] = HUGE_VAL;
    rc[k] = 0;
}

/* Separable path: the signal of items [0, m) alone, one thread per item (the Feldman-Cousins
 * signal table). */
__global__ void cevns_k_signal_separable(const cevns_pod_separable sp, const cevns_pod_grid g, const double *values,
                                         const cevns_pod_point base, const double *basis, long long n_prof,
                                         long long m, double *sig) {
    const long long item = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (item >= m) return;
    cevns_scan_separable_item(&g, values, &base, &sp, basis, item, n_prof, sig + item * sp.n_bins);
}

/* Feldman-Cousins: toy t < n (its block at data[off0 + t * stride]) fitted at every item, one
 * thread per toy: at[t] its minimum over its map point's items, at[cap + t] over the grid,
 * codes[t] the first failure. */
__global__ void cevns_k_toys(const cevns_pod_stat st, const double *data, long long off0, int stride,
                             const double *signals, long long n_items, long long n_prof, const long long *home,
                             long long n, long long cap, double *at, int *codes) {
    const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    double at_home, at_min;
    int rc;
    if (t >= n) return;
    cevns_fc_toy_fit(&st, data, off0 + t * stride, signals, n_items, n_prof, home[t], &at_home, &at_min, &rc);
    at[t] = at_home;
    at[cap + t] = at_min;
    codes[t] = rc;
}

#endif
