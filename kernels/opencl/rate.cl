/* rate.cl - the OpenCL wrapper of the fast path: one work-item per (point, bin)
 * calls cevns_rate_bin (kernels/common/rate.h) and sums its flux and
 * interaction cells.  The kernels/common headers are prepended to this file at
 * build time (scripts/embed_opencl.cmake), so nothing here repeats the physics. */

#define CEVNS_OPENCL_MAX_CELLS (3 * CEVNS_MAX_FLUX_COMPONENTS)

__kernel void cevns_rate_points(__global const cevns_pod_header *hdr, __global const cevns_pod_isotope *isos,
                                __global const cevns_pod_flux *fluxes, __global const cevns_pod_detector *det,
                                __global const double *data, __global const cevns_pod_point *points,
                                const int n_points, __global double *out) {
    const int n_bins = hdr->n_bins;
    const long gid = (long)get_global_id(0);
    cevns_pod_header h;
    cevns_pod_detector d;
    cevns_pod_point pt;
    double cells[CEVNS_OPENCL_MAX_CELLS];
    double sum = 0.0;
    int k;
    if (gid >= (long)n_points * n_bins) return;
    h = *hdr;
    d = *det;
    pt = points[gid / n_bins];
    cevns_rate_bin(&h, isos, fluxes, &d, data, &pt, (int)(gid % n_bins), cells);
    for (k = 0; k < 3 * h.n_flux; k++) sum += cells[k];
    out[gid] = sum;
}
