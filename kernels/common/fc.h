/* fc.h - the toy experiments of the Feldman-Cousins construction (docs/scan.md,
 * "Feldman-Cousins"), one function per stage, run by every engine and by the host:
 *
 *   truth at map point p, toy t -> the toy's block     cevns_fc_toy_generate (the host, src/scan/fc.c)
 *   block -> the toy's statistic at every item of the
 *   grid (minimised over the pulls), its minimum over
 *   the grid and over the items of its own map point   cevns_fc_toy_fit (the engines: one call per toy)
 *
 * A toy's block holds n_bins + n_pulls values: its observed counts O_i, then the centres a_j
 * of the pulls' priors (the toy's auxiliary measurements, chi2.h).  Generated around the
 * truth mu_i = R_i(theta_p) + B_i + sum_j xi_j c_j^i (the pulls xi profiled on the data at
 * theta_p, src/scan/fc.c):
 *   O_i ~ Poisson(mu_i)                        statistic "poisson"
 *   O_i ~ Normal(mu_i, 1/w_i)                  statistic "chi2" (w_i the data's weight; O_i = mu_i
 *                                              where w_i = 0: such a bin carries no information)
 *   a_j ~ Normal(xi_j, 1/p_j)                  every constrained pull (a free pull has no prior)
 * Each number comes from its own Philox stream (random.h): key the seed, counter words
 * (component, toy, map point), component i < n_bins a bin and n_bins + j pull j, so a toy is
 * the same whoever draws it.
 * The fit is the plan's statistic with the toy's block as the observed counts and centres
 * (file data: the weights stay the data's, Asimov ones included, at exposure 1: a
 * Feldman-Cousins scan has no exposure axis). */
#ifndef CEVNS_KERNELS_FC_H
#define CEVNS_KERNELS_FC_H

#include "portable.h"
#include "chi2.h"
#include "random.h"

/* Values per toy block: the observed counts, then the pulls' centres. */
CEVNS_FN int cevns_fc_stride(const cevns_pod_stat *st) { return st->n_bins + st->n_pulls; }

/* The block of toy `toy` at map point `point` from the truth mu[0..n_bins) and the fitted
 * pulls xi[0..n_pulls); data is the plan's statistic data (its weights). */
CEVNS_FN void cevns_fc_toy_generate(const cevns_pod_stat *st, CEVNS_CONST_GLOBAL double *data, const double *mu,
                                    const double *xi, cevns_u64 seed, cevns_u32 point, cevns_u32 toy,
                                    CEVNS_GLOBAL double *block) {
    cevns_rng g;
    int i, j;
    for (i = 0; i < st->n_bins; i++) {
        cevns_rng_init(&g, seed, (cevns_u32)i, toy, point);
        if (st->statistic == CEVNS_STAT_POISSON) {
            block[i] = cevns_rng_poisson(&g, mu[i]);
        } else {
            double w = data[st->off_weight + i];
            block[i] = w > 0.0 ? mu[i] + cevns_rng_normal(&g) / sqrt(w) : mu[i];
        }
    }
    for (j = 0; j < st->n_pulls; j++) {
        cevns_rng_init(&g, seed, (cevns_u32)(st->n_bins + j), toy, point);
        block[st->n_bins + j] = st->penalty[j] > 0.0 ? xi[j] + cevns_rng_normal(&g) / sqrt(st->penalty[j]) : 0.0;
    }
}

/* The statistic of the toy whose block starts at data[block] at every one of the n_items
 * items of the grid (signals[item * n_bins + b], exposure 1): *at_min its minimum over them
 * all, *at_home over the items of map point home (items home * n_prof .. + n_prof - 1), *rc
 * the first failure code (0 when none; failed items are left out of the minima). */
CEVNS_FN void cevns_fc_toy_fit(const cevns_pod_stat *st, CEVNS_CONST_GLOBAL double *data, cevns_i64 block,
                               CEVNS_CONST_GLOBAL double *signals, cevns_i64 n_items, cevns_i64 n_prof, cevns_i64 home,
                               double *at_home, double *at_min, int *rc) {
    cevns_pod_stat h = *st;
    cevns_i64 item, first = home * n_prof;
    double best = HUGE_VAL, best_home = HUGE_VAL;
    int code = 0;
    h.asimov = 0;
    h.off_observed = (int32_t)block;
    h.off_centre = h.n_pulls > 0 ? (int32_t)(block + h.n_bins) : 0;
    for (item = 0; item < n_items; item++) {
        double v;
        int c = cevns_stat_value(&h, data, signals + item * h.n_bins, 1.0, &v);
        if (c != 0) {
            if (code == 0) code = c;
            continue;
        }
        if (v < best) best = v;
        if (item >= first && item < first + n_prof && v < best_home) best_home = v;
    }
    *at_home = best_home;
    *at_min = best;
    *rc = code;
}

#endif
