/* scan.cl - the OpenCL wrappers of the scan's stages (kernels/common/scan.h): one
 * work-item per call of a common function, nothing else.  The kernels/common headers
 * are prepended to this file at build time (scripts/embed_opencl.cmake).  Structs come
 * in global memory and are copied to private memory first (the common functions take
 * private pointers to them). */

/* Direct signal at given points, one work-item per (point, bin): out[p * n_bins + b]. */
__kernel void cevns_k_points(__global const cevns_pod_header *hdr, __global const cevns_pod_isotope *isos,
                             __global const cevns_pod_flux *fluxes, __global const cevns_pod_detector *det,
                             __global const double *data, __global const cevns_pod_point *points, const long n,
                             __global double *out) {
    const long gid = (long)get_global_id(0);
    cevns_pod_header h;
    cevns_pod_detector d;
    cevns_pod_point pt;
    double cells[CEVNS_N_INTERACTIONS * CEVNS_MAX_FLUX_COMPONENTS];
    if (gid >= n * hdr->n_bins) return;
    h = *hdr;
    d = *det;
    pt = points[gid / h.n_bins];
    out[gid] = cevns_scan_direct_bin(&h, isos, fluxes, &d, data, &pt, (int)(gid % h.n_bins), cells);
}

/* Separable basis, one work-item per job (row, bin). */
__kernel void cevns_k_basis(__global const cevns_pod_header *hdr, __global const cevns_pod_isotope *isos,
                            __global const cevns_pod_flux *fluxes, __global const cevns_pod_detector *det,
                            __global const double *data, __global const cevns_pod_separable *sep,
                            __global const cevns_pod_grid *grid, __global const double *values,
                            __global const cevns_pod_point *base, const int n_jobs, __global double *basis) {
    const int job = (int)get_global_id(0);
    cevns_pod_header h;
    cevns_pod_detector d;
    cevns_pod_separable sp;
    cevns_pod_grid g;
    cevns_pod_point b;
    double cells[CEVNS_N_BASIS * CEVNS_MAX_FLUX_COMPONENTS];
    if (job >= n_jobs) return;
    h = *hdr;
    d = *det;
    sp = *sep;
    g = *grid;
    b = *base;
    cevns_separable_basis_job(&h, isos, fluxes, &d, data, &sp, &g, values, &b, job, cells, basis);
}

/* Direct path: the signal of items [i0, i0 + m), one work-item per (item, bin). */
__kernel void cevns_k_signal_direct(__global const cevns_pod_header *hdr, __global const cevns_pod_isotope *isos,
                                    __global const cevns_pod_flux *fluxes, __global const cevns_pod_detector *det,
                                    __global const double *data, __global const cevns_pod_grid *grid,
                                    __global const double *values, __global const cevns_pod_point *base,
                                    const long i0, const long n_prof, const long m, __global double *sig) {
    const long gid = (long)get_global_id(0);
    cevns_pod_header h;
    cevns_pod_detector d;
    cevns_pod_grid g;
    cevns_pod_point b, pt;
    double cells[CEVNS_N_INTERACTIONS * CEVNS_MAX_FLUX_COMPONENTS], expo;
    int idx[CEVNS_GRID_MAX_AXES];
    if (gid >= m * hdr->n_bins) return;
    h = *hdr;
    d = *det;
    g = *grid;
    b = *base;
    cevns_scan_item(&g, values, &b, i0 + gid / h.n_bins, n_prof, idx, &pt, &expo);
    sig[gid] = cevns_scan_direct_bin(&h, isos, fluxes, &d, data, &pt, (int)(gid % h.n_bins), cells);
}

/* Separable path: the signal, statistic (and counts when asked) of items [i0, i0 + m),
 * CEVNS_ITEMS_PER_WORK_ITEM consecutive items per work-item (one index decoding for
 * them all); its row of sig is the scratch of the contraction. */
#define CEVNS_ITEMS_PER_WORK_ITEM 8
__kernel void cevns_k_separable(__global const cevns_pod_separable *sep, __global const cevns_pod_grid *grid,
                                __global const double *values, __global const cevns_pod_point *base,
                                __global const double *basis, __global const cevns_pod_stat *stat,
                                __global const double *stat_data, const long i0, const long n_prof, const long m,
                                __global double *sig, __global double *out, __global int *codes,
                                const int want_counts, const long start, __global double *counts) {
    const long w = (long)get_global_id(0), lo = w * CEVNS_ITEMS_PER_WORK_ITEM;
    const long hi = lo + CEVNS_ITEMS_PER_WORK_ITEM < m ? lo + CEVNS_ITEMS_PER_WORK_ITEM : m;
    cevns_pod_separable sp;
    cevns_pod_grid g;
    cevns_pod_point b;
    cevns_pod_stat st;
    if (lo >= m) return;
    sp = *sep;
    g = *grid;
    b = *base;
    st = *stat;
    cevns_scan_separable_range(&g, values, &b, &sp, basis, &st, stat_data, i0, n_prof, lo, hi, sig + w * sp.n_bins,
                               out, codes, want_counts, start, counts);
}

/* Direct path: the statistic of items [i0, i0 + m) from their signal (and their counts
 * when asked), one work-item per item. */
__kernel void cevns_k_statistic(__global const cevns_pod_grid *grid, __global const double *values,
                                __global const cevns_pod_point *base, __global const cevns_pod_stat *stat,
                                __global const double *stat_data, __global const double *sig, const long i0,
                                const long n_prof, const long m, __global double *out, __global int *codes,
                                const int want_counts, const long start, __global double *counts) {
    const long k = (long)get_global_id(0);
    cevns_pod_grid g;
    cevns_pod_point b, pt;
    cevns_pod_stat st;
    double expo, v;
    int idx[CEVNS_GRID_MAX_AXES];
    if (k >= m) return;
    g = *grid;
    b = *base;
    st = *stat;
    cevns_scan_item(&g, values, &b, i0 + k, n_prof, idx, &pt, &expo);
    codes[k] = cevns_stat_value(&st, stat_data, sig + k * st.n_bins, expo, &v);
    out[k] = v;
    if (want_counts)
        cevns_scan_counts(&st, stat_data, sig + k * st.n_bins, expo, counts + (i0 + k - start) * st.n_bins);
}

/* Fold the batch's statistics into the map points [s_first, s_first + n_s), one work-item
 * per map point: chi2[s - start] the running minimum, rc[s - start] the first failure. */
__kernel void cevns_k_reduce(const long i0, const long n_prof, const long m, __global const double *out,
                             __global const int *codes, const long s_first, const long n_s, const long start,
                             __global double *chi2, __global int *rc) {
    const long k = (long)get_global_id(0);
    double best;
    int code;
    if (k >= n_s) return;
    best = chi2[s_first + k - start];
    code = rc[s_first + k - start];
    cevns_scan_reduce(s_first + k, n_prof, i0, m, out, codes, &best, &code);
    chi2[s_first + k - start] = best;
    rc[s_first + k - start] = code;
}

/* Separable path: the signal of items [0, m) alone, one work-item per item (the
 * Feldman-Cousins signal table). */
__kernel void cevns_k_signal_separable(__global const cevns_pod_separable *sep, __global const cevns_pod_grid *grid,
                                       __global const double *values, __global const cevns_pod_point *base,
                                       __global const double *basis, const long n_prof, const long m,
                                       __global double *sig) {
    const long item = (long)get_global_id(0);
    cevns_pod_separable sp;
    cevns_pod_grid g;
    cevns_pod_point b;
    if (item >= m) return;
    sp = *sep;
    g = *grid;
    b = *base;
    cevns_scan_separable_item(&g, values, &b, &sp, basis, item, n_prof, sig + item * sp.n_bins);
}

/* Feldman-Cousins: toy t < n (its block at data[off0 + t * stride]) fitted at every item,
 * one work-item per toy: at[t] its minimum over its map point's items, at[cap + t] over the
 * grid, codes[t] the first failure. */
__kernel void cevns_k_toys(__global const cevns_pod_stat *stat, __global const double *data, const long off0,
                           const int stride, __global const double *signals, const long n_items, const long n_prof,
                           __global const long *home, const long n, const long cap, __global double *at,
                           __global int *codes) {
    const long t = (long)get_global_id(0);
    cevns_pod_stat st;
    double at_home, at_min;
    int rc;
    if (t >= n) return;
    st = *stat;
    cevns_fc_toy_fit(&st, data, off0 + t * stride, signals, n_items, n_prof, home[t], &at_home, &at_min, &rc);
    at[t] = at_home;
    at[cap + t] = at_min;
    codes[t] = rc;
}
