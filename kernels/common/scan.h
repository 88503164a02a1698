/* scan.h - the stages of a scan, one function each, run by every engine (the CPU engine
 * loops over them, the CUDA and OpenCL kernels are one thread per call):
 *
 *   item (s, q) -> parameter point       cevns_scan_item            (grid.h)
 *   point -> signal per bin              cevns_scan_direct_bin      (rate.h: the direct path)
 *                                        cevns_separable_signal     (separable.h: the contraction;
 *                                        cevns_scan_separable_range runs it with the statistic)
 *   signal -> statistic                  cevns_stat_value           (chi2.h: pull chi2 or Poisson)
 *   statistics of a map point's items -> its value, the minimum over the profiled axes
 *                                        cevns_scan_reduce
 *   signal -> expected counts            cevns_scan_counts          (asked only when nothing is profiled)
 *
 * A batch covers the items [i0, i0 + n) of the map points [s0, s0 + n_map); item i0 + k is
 * (s, q) = ((i0 + k) / n_prof, (i0 + k) % n_prof).  A batch may start or end inside a map
 * point's items: cevns_scan_reduce folds its part into the running minimum. */
#ifndef CEVNS_KERNELS_SCAN_H
#define CEVNS_KERNELS_SCAN_H

#include "portable.h"
#include "chi2.h"
#include "grid.h"
#include "plan.h"
#include "rate.h"
#include "separable.h"

/* The parameter point, exposure and axis indices of item `item`. */
CEVNS_FN void cevns_scan_item(const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values, const cevns_pod_point *base,
                              cevns_i64 item, cevns_i64 n_prof, int *idx, cevns_pod_point *pt, double *exposure) {
    cevns_grid_indices(g, item / n_prof, item % n_prof, idx);
    *pt = *base;
    cevns_grid_point(g, values, idx, pt, exposure);
}

/* Direct path: the signal of bin `bin` at pt, summed over flux components and
 * interactions (without the exposure scale).  cells has room for n_flux x 3 values. */
CEVNS_FN double cevns_scan_direct_bin(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_isotope *isos,
                                      CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes, const cevns_pod_detector *d,
                                      CEVNS_CONST_GLOBAL double *data, const cevns_pod_point *pt, int bin,
                                      double *cells) {
    double sum = 0.0;
    int k;
    cevns_rate_bin(h, isos, fluxes, d, data, pt, bin, cells);
    for (k = 0; k < CEVNS_N_INTERACTIONS * h->n_flux; k++) sum += cells[k];
    return sum;
}

/* Expected counts of every bin, signal + background at exposure e. */
CEVNS_FN void cevns_scan_counts(const cevns_pod_stat *st, CEVNS_CONST_GLOBAL double *stat_data,
                                CEVNS_CONST_GLOBAL double *signal, double e, CEVNS_GLOBAL double *counts) {
    int b;
    for (b = 0; b < st->n_bins; b++) counts[b] = e * (signal[b] + stat_data[st->off_background + b]);
}

/* Separable path, items [i0 + lo, i0 + hi) of a batch: the contraction (into sig, the
 * n_bins values of scratch of whoever runs the range), the statistic into out[k] and
 * codes[k] (k = lo .. hi - 1), and with want_counts the counts of map point i0 + k - start.
 * The first item is decoded, the others stepped to (cevns_grid_advance): the CPU engine
 * runs one range per thread, the device engines a few items per thread. */
CEVNS_FN void cevns_scan_separable_range(const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values,
                                         const cevns_pod_point *base, const cevns_pod_separable *sp,
                                         CEVNS_CONST_GLOBAL double *basis, const cevns_pod_stat *st,
                                         CEVNS_CONST_GLOBAL double *stat_data, cevns_i64 i0, cevns_i64 n_prof,
                                         cevns_i64 lo, cevns_i64 hi, CEVNS_GLOBAL double *sig,
                                         CEVNS_GLOBAL double *out, CEVNS_GLOBAL int *codes, int want_counts,
                                         cevns_i64 start, CEVNS_GLOBAL double *counts) {
    int idx[CEVNS_GRID_MAX_AXES];
    cevns_pod_point pt;
    double expo, v;
    cevns_i64 k;
    if (lo >= hi) return;
    cevns_scan_item(g, values, base, i0 + lo, n_prof, idx, &pt, &expo);
    for (k = lo; k < hi; k++) {
        if (k > lo) cevns_grid_advance(g, values, idx, &pt, &expo);
        cevns_separable_signal(sp, basis, &pt, idx, sig);
        codes[k] = cevns_stat_value(st, stat_data, sig, expo, &v);
        out[k] = v;
        if (want_counts) cevns_scan_counts(st, stat_data, sig, expo, counts + (i0 + k - start) * st->n_bins);
    }
}

/* Separable path: the signal of item `item` alone into sig (without the exposure scale): the
 * Feldman-Cousins signal table (fc.h). */
CEVNS_FN void cevns_scan_separable_item(const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values,
                                        const cevns_pod_point *base, const cevns_pod_separable *sp,
                                        CEVNS_CONST_GLOBAL double *basis, cevns_i64 item, cevns_i64 n_prof,
                                        CEVNS_GLOBAL double *sig) {
    int idx[CEVNS_GRID_MAX_AXES];
    cevns_pod_point pt;
    double expo;
    cevns_scan_item(g, values, base, item, n_prof, idx, &pt, &expo);
    cevns_separable_signal(sp, basis, &pt, idx, sig);
}

/* Fold the statistics of map point s's items in this batch into *best (the running minimum
 * over the profiled axes, +inf before the first) and *rc (the first failure code, 0
 * before).  values[k] and codes[k] belong to item i0 + k of the batch, which holds n items. */
CEVNS_FN void cevns_scan_reduce(cevns_i64 s, cevns_i64 n_prof, cevns_i64 i0, cevns_i64 n,
                                CEVNS_CONST_GLOBAL double *values, CEVNS_CONST_GLOBAL int *codes, double *best,
                                int *rc) {
    cevns_i64 first = s * n_prof, last = first + n_prof, i;
    if (first < i0) first = i0;
    if (last > i0 + n) last = i0 + n;
    for (i = first; i < last; i++) {
        int c = codes[i - i0];
        if (c != 0) {
            if (*rc == 0) *rc = c;
        } else if (values[i - i0] < *best) {
            *best = values[i - i0];
        }
    }
}

#endif
