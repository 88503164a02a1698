/* separable.h - the separable fast path: basis integrals and their contraction.
 *
 * The counts are a quadratic form in the couplings.  With the weak charge of
 * cevns_weak_charge2 (xsec.h), Q_ab = Z cp_a F_p + N cn_a F_n for incoming
 * flavour b and outgoing a,
 *   cp_a = delta_ab g_p + 2 eps^u_ab + eps^d_ab,  cn_a = delta_ab g_n + eps^u_ab + 2 eps^d_ab,
 *   g_p = 1/2 - 2 sin^2 theta_W,  g_n = -1/2,
 * so Q^2 = sum_a cp_a^2 Z^2 F_p^2 + 2 cp_a cn_a Z N F_p F_n + cn_a^2 N^2 F_n^2 and,
 * with the basis integrals of rate.h (CEVNS_RATE_BASIS, per flux of flavour b),
 *   counts = norm * [ w_pp I_pp + w_pn I_pn + w_nn I_nn + w_dip (I_mag + I_ster) ]
 *   w_pp = sum_a cp_a^2,  w_pn = 2 sum_a cp_a cn_a,  w_nn = sum_a cn_a^2,  w_dip = mu_b^2.
 * The dipole terms go as (mu/mu_B)^2 (cevns_dipole_prefactor).  Axes that enter only
 * through these coefficients (mu_nu*, eps_*, sin2_theta_w, normalisation, exposure_scale)
 * are separable; m4_MeV and rn_fm are not.
 *
 * The basis factorises further than "per point of the non-separable axes": the massless
 * pass (I_pp, I_pn, I_nn, I_mag) depends on rn_fm only (through F_n) and the sterile pass
 * (I_ster) on m4 only.  So the basis holds, summed over the flux components of each
 * incoming flavour (a slot),
 *   massless[rn row][bin][slot][CEVNS_BASIS_PP.._MAG]   one row per rn_fm value (1 if not scanned)
 *   sterile [m4 row][bin][slot]                          one row per m4_MeV value (1 if not scanned)
 * and an (m4, rn) grid costs n_m4 sterile + n_rn massless passes instead of n_m4 x n_rn
 * points.  Every engine integrates the rows (one job per row and bin,
 * cevns_separable_basis_job) with the direct path's nodes, then contracts them per
 * point (cevns_separable_signal). */
#ifndef CEVNS_KERNELS_SEPARABLE_H
#define CEVNS_KERNELS_SEPARABLE_H

#include "portable.h"
#include "grid.h"
#include "plan.h"
#include "rate.h"

/* Weights and a flavour's massless basis row have the slots of the first basis
 * cells: CEVNS_BASIS_PP, _PN, _NN and _MAG (the weight mu^2 of both dipole terms). */
#define CEVNS_SEP_WEIGHTS 4

/* Weights w[CEVNS_SEP_WEIGHTS] of an incoming neutrino of flavour beta at point pt
 * (pt in private memory, as for cevns_weak_charge2). */
CEVNS_FN void cevns_separable_weights(const cevns_pod_point *pt, int beta, double *w) {
    double gp = 0.5 - 2.0 * pt->sin2w;
    double gn = -0.5;
    double mu = pt->mu_nu[beta];
    int a;
    w[CEVNS_BASIS_PP] = w[CEVNS_BASIS_PN] = w[CEVNS_BASIS_NN] = 0.0;
    for (a = 0; a < CEVNS_N_FLAVOURS; a++) {
        double eu = pt->eps_u[a * 3 + beta];
        double ed = pt->eps_d[a * 3 + beta];
        double cp = 2.0 * eu + ed + (a == beta ? gp : 0.0);
        double cn = eu + 2.0 * ed + (a == beta ? gn : 0.0);
        w[CEVNS_BASIS_PP] += cp * cp;
        w[CEVNS_BASIS_PN] += 2.0 * cp * cn;
        w[CEVNS_BASIS_NN] += cn * cn;
    }
    w[CEVNS_BASIS_MAG] = mu * mu;
}

/* One flavour's share of a bin, without norm: row[CEVNS_BASIS_PP.._MAG] holds I_pp,
 * I_pn, I_nn and I_mag (the massless pass, summed over that flavour's flux
 * components), ster the sterile basis I_ster at the point's m4. */
CEVNS_FN double cevns_separable_contract(const double *w, CEVNS_CONST_GLOBAL double *row, double ster) {
    return w[CEVNS_BASIS_PP] * row[CEVNS_BASIS_PP] + w[CEVNS_BASIS_PN] * row[CEVNS_BASIS_PN] +
           w[CEVNS_BASIS_NN] * row[CEVNS_BASIS_NN] + w[CEVNS_BASIS_MAG] * (row[CEVNS_BASIS_MAG] + ster);
}

/* Layout of the basis of one scan (the separable plan, src/plan/scan_plan.c). */
typedef struct {
    int32_t n_slots, n_bins, use_sterile, reserved;
    int32_t ax_m4, ax_rn, n_rows_ml, n_rows_st;   /* grid axes of m4 and rn_fm (-1: not scanned), rows */
    int32_t off_ml, off_st, n_basis, reserved2;   /* offsets of the two tables in the basis; its length */
    int32_t flavour[4];                           /* incoming flavour of slot k (k < n_slots) */
    int32_t flux_slot[CEVNS_MAX_FLUX_COMPONENTS]; /* slot of flux component f */
} cevns_pod_separable;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_separable) == 128, "cevns_pod_separable layout");

/* Basis rows and bins the engine integrates: n_rows_ml x n_bins massless jobs, then
 * (with the sterile term) n_rows_st x n_bins sterile jobs. */
CEVNS_FN int cevns_separable_n_jobs(const cevns_pod_separable *sp) {
    return (sp->n_rows_ml + (sp->use_sterile ? sp->n_rows_st : 0)) * sp->n_bins;
}

/* Basis job `job`: its row's point is the base point with that row's rn_fm (massless) or
 * m4 (sterile) value; it writes its (row, bin) entries of the basis and nothing else, so
 * jobs run in any order, in parallel.  cells has room for n_flux x CEVNS_N_BASIS values. */
CEVNS_FN void cevns_separable_basis_job(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_isotope *isos,
                                        CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes, const cevns_pod_detector *d,
                                        CEVNS_CONST_GLOBAL double *data, const cevns_pod_separable *sp,
                                        const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values,
                                        const cevns_pod_point *base, int job, double *cells,
                                        CEVNS_GLOBAL double *basis) {
    int n_ml = sp->n_rows_ml * sp->n_bins, sterile = job >= n_ml;
    int j = sterile ? job - n_ml : job, row = j / sp->n_bins, bin = j % sp->n_bins, fi, k;
    cevns_pod_point pt = *base;
    if (sterile && sp->ax_m4 >= 0) pt.m4 = values[g->off[sp->ax_m4] + row];
    if (!sterile && sp->ax_rn >= 0) pt.rn_fm = values[g->off[sp->ax_rn] + row];
    cevns_rate_bin_basis(h, isos, fluxes, d, data, &pt, bin, sterile ? CEVNS_PASS_STERILE : CEVNS_PASS_MASSLESS,
                         cells);
    if (sterile) {
        CEVNS_GLOBAL double *out = basis + sp->off_st + (row * sp->n_bins + bin) * sp->n_slots;
        for (k = 0; k < sp->n_slots; k++) out[k] = 0.0;
        for (fi = 0; fi < h->n_flux; fi++) out[sp->flux_slot[fi]] += cells[fi * CEVNS_N_BASIS + CEVNS_BASIS_STER];
    } else {
        CEVNS_GLOBAL double *out = basis + sp->off_ml + (row * sp->n_bins + bin) * sp->n_slots * CEVNS_SEP_WEIGHTS;
        for (k = 0; k < sp->n_slots * CEVNS_SEP_WEIGHTS; k++) out[k] = 0.0;
        for (fi = 0; fi < h->n_flux; fi++)
            for (k = 0; k < CEVNS_SEP_WEIGHTS; k++) /* PP, PN, NN, MAG */
                out[sp->flux_slot[fi] * CEVNS_SEP_WEIGHTS + k] += cells[fi * CEVNS_N_BASIS + k];
    }
}

/* Signal per bin of the point pt with axis indices idx: signal[b] for every bin, from the
 * basis rows of its rn_fm and m4 values (without the exposure scale); n_slots = sp->n_slots. */
CEVNS_FN void cevns_separable_signal_n(const cevns_pod_separable *sp, CEVNS_CONST_GLOBAL double *basis,
                                       const cevns_pod_point *pt, const int *idx, int n_slots,
                                       CEVNS_GLOBAL double *signal) {
    double w[4][CEVNS_SEP_WEIGHTS];
    int ir = sp->ax_rn >= 0 ? idx[sp->ax_rn] : 0, im = sp->ax_m4 >= 0 ? idx[sp->ax_m4] : 0, b, k;
    CEVNS_CONST_GLOBAL double *ml = basis + sp->off_ml + ir * sp->n_bins * n_slots * CEVNS_SEP_WEIGHTS;
    CEVNS_CONST_GLOBAL double *st = basis + sp->off_st + im * sp->n_bins * n_slots;
    for (k = 0; k < n_slots; k++) cevns_separable_weights(pt, sp->flavour[k], w[k]);
    for (b = 0; b < sp->n_bins; b++) {
        double sum = 0.0;
        for (k = 0; k < n_slots; k++)
            sum += cevns_separable_contract(w[k], ml + (b * n_slots + k) * CEVNS_SEP_WEIGHTS,
                                            sp->use_sterile ? st[b * n_slots + k] : 0.0);
        signal[b] = pt->norm * sum;
    }
}

/* cevns_separable_signal_n with each possible slot count a constant, so that the compiler
 * unrolls the contraction and keeps the weights in registers. */
CEVNS_FN void cevns_separable_signal(const cevns_pod_separable *sp, CEVNS_CONST_GLOBAL double *basis,
                                     const cevns_pod_point *pt, const int *idx, CEVNS_GLOBAL double *signal) {
    switch (sp->n_slots) {
    case 1: cevns_separable_signal_n(sp, basis, pt, idx, 1, signal); break;
    case 2: cevns_separable_signal_n(sp, basis, pt, idx, 2, signal); break;
    case 3: cevns_separable_signal_n(sp, basis, pt, idx, 3, signal); break;
    default: cevns_separable_signal_n(sp, basis, pt, idx, sp->n_slots, signal); break;
    }
}

#endif
