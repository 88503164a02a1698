/* separable.h - the separable fast path: basis integrals and their contraction.
 *
 * The counts are a quadratic form in the couplings.  With the vector charge of
 * couplings.h, Q_{a beta} = Z F_p sum_k cp_k phi_k + N F_n sum_k cn_k phi_k for incoming
 * flavour beta and outgoing a (phi_0 = 1, phi_1 the Z' propagator, phi_2 = 1/q^2), and
 * the basis integrals of rate.h (CEVNS_RATE_BASIS, per flux of flavour beta), one per
 * pair k <= l of the functions,
 *   I^pp_kl = int Z^2 F_p^2 phi_k phi_l K ...,  I^pn_kl (Z N F_p F_n),  I^nn_kl (N^2 F_n^2),
 *   counts = norm * [ sum_{k<=l} (w^pp_kl I^pp_kl + w^pn_kl I^pn_kl + w^nn_kl I^nn_kl)
 *                     + w_dip (I_mag + I_ster) + w^s_pp I^s_pp + w^s_pn I^s_pn + w^s_nn I^s_nn + I_ax ]
 *   w^pp_kl = m_kl sum_a cp_k cp_l,  w^pn_kl = m_kl sum_a (cp_k cn_l + cp_l cn_k),
 *   w^nn_kl = m_kl sum_a cn_k cn_l,  m_kl = 1 (k = l) or 2,  w_dip = mu_beta^2,
 *   w^s = (g^2 x_nu^beta)^2 (x_p^2, 2 x_p x_n, x_n^2) for the scalar, 1 for the axial term.
 * Without a mediator, millicharge, scalar or axial term only the pair (0, 0) and the
 * dipole remain: the compact rows of CEVNS_SEP_WEIGHTS values (PP, PN, NN, MAG) per slot;
 * otherwise every row holds CEVNS_SEP_WEIGHTS_ALL values.  Axes that enter only through
 * the weights (mu_nu*, eps_*, sin2_theta_w, the couplings, charge radii and millicharges,
 * normalisation, exposure_scale) are separable; m4_MeV, rn_fm and the mediator masses
 * are not.
 *
 * The basis factorises further than "per point of the non-separable axes": the massless
 * pass depends on rn_fm (through F_n) and the mediator masses only, the sterile pass
 * (I_ster) on m4 only.  So the basis holds, summed over the flux components of each
 * incoming flavour (a slot),
 *   massless[row][bin][slot][n_w]   row = (rn index x n_zp + Z' mass index) x n_sc + scalar mass index
 *   sterile [m4 row][bin][slot]     one row per m4_MeV value (1 if not scanned)
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

/* Values per slot of a compact massless row: CEVNS_BASIS_PP, _PN, _NN and _MAG (the weight
 * mu^2 of both dipole terms); of a full row: every basis cell but CEVNS_BASIS_STER, in the
 * order of the cells (row value r is cell r below CEVNS_BASIS_STER, cell r + 1 above). */
#define CEVNS_SEP_WEIGHTS 4
#define CEVNS_SEP_WEIGHTS_ALL (CEVNS_N_BASIS - 1)

/* Basis cell of row value r. */
CEVNS_FN int cevns_separable_cell(int r) { return r < CEVNS_BASIS_STER ? r : r + 1; }

/* The n_w weights w of an incoming neutrino of flavour beta at point pt (pt in private
 * memory), n_w = CEVNS_SEP_WEIGHTS or CEVNS_SEP_WEIGHTS_ALL, in the order of the row: the
 * vector charge's quadratic form (couplings.h) in the rows of its function pairs, mu^2 for the
 * dipole terms, the scalar charge's and the axial term's. */
CEVNS_FN void cevns_separable_weights(const cevns_pod_point *pt, int beta, int n_w, double *w) {
    w[CEVNS_BASIS_MAG] = pt->mu_nu[beta] * pt->mu_nu[beta];
    if (n_w == CEVNS_SEP_WEIGHTS) {
        cevns_contact_weights(pt, beta, w); /* PP, PN, NN: the first cells */
    } else {
        double vw[3 * CEVNS_N_VF_PAIRS], g = pt->sc_g * pt->sc_g * pt->sc_qnu[beta];
        int p;
        cevns_vector_weights(pt, beta, CEVNS_N_VF_PAIRS, vw);
        for (p = 0; p < CEVNS_N_VF_PAIRS; p++) {
            int r = cevns_basis_vector_cell(p) - (p > 0 ? 1 : 0);
            w[r] = vw[3 * p];
            w[r + 1] = vw[3 * p + 1];
            w[r + 2] = vw[3 * p + 2];
        }
        w[CEVNS_BASIS_SCALAR - 1] = g * g * pt->sc_qp * pt->sc_qp;
        w[CEVNS_BASIS_SCALAR] = 2.0 * g * g * pt->sc_qp * pt->sc_qn;
        w[CEVNS_BASIS_SCALAR + 1] = g * g * pt->sc_qn * pt->sc_qn;
        w[CEVNS_BASIS_AXIAL - 1] = 1.0;
    }
}

/* One flavour's share of a bin, without norm: row[0..n_w) the massless pass (summed over
 * that flavour's flux components), ster the sterile basis I_ster at the point's m4. */
CEVNS_FN double cevns_separable_contract(const double *w, CEVNS_CONST_GLOBAL double *row, int n_w, double ster) {
    double sum = w[CEVNS_BASIS_MAG] * ster;
    int r;
    for (r = 0; r < n_w; r++) sum += w[r] * row[r];
    return sum;
}

/* Layout of the basis of one scan (the separable plan, src/plan/scan_plan.c). */
typedef struct {
    int32_t n_slots, n_bins, use_sterile, n_w;    /* n_w: values per slot of a massless row */
    int32_t ax_m4, ax_rn, n_rows_ml, n_rows_st;   /* grid axes of m4 and rn_fm (-1: not scanned), rows */
    int32_t ax_zp, ax_sc, n_zp, n_sc;             /* grid axes of the Z' and scalar masses (-1: not scanned), values */
    int32_t off_ml, off_st, n_basis, n_rn;        /* offsets of the two tables in the basis; its length; rn values */
    int32_t flavour[4];                           /* incoming flavour of slot k (k < n_slots) */
    int32_t flux_slot[CEVNS_MAX_FLUX_COMPONENTS]; /* slot of flux component f */
} cevns_pod_separable;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_separable) == 144, "cevns_pod_separable layout");

/* Massless row of the indices (rn, Z' mass, scalar mass). */
CEVNS_FN int cevns_separable_ml_row(const cevns_pod_separable *sp, int i_rn, int i_zp, int i_sc) {
    return (i_rn * sp->n_zp + i_zp) * sp->n_sc + i_sc;
}

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
    if (!sterile) {
        int i_sc = row % sp->n_sc, i_zp = (row / sp->n_sc) % sp->n_zp, i_rn = row / (sp->n_sc * sp->n_zp);
        if (sp->ax_rn >= 0) pt.rn_fm = values[g->off[sp->ax_rn] + i_rn];
        if (sp->ax_zp >= 0) pt.zp_mass = values[g->off[sp->ax_zp] + i_zp];
        if (sp->ax_sc >= 0) pt.sc_mass = values[g->off[sp->ax_sc] + i_sc];
    }
    cevns_rate_bin_basis(h, isos, fluxes, d, data, &pt, bin, sterile ? CEVNS_PASS_STERILE : CEVNS_PASS_MASSLESS,
                         cells);
    if (sterile) {
        CEVNS_GLOBAL double *out = basis + sp->off_st + (row * sp->n_bins + bin) * sp->n_slots;
        for (k = 0; k < sp->n_slots; k++) out[k] = 0.0;
        for (fi = 0; fi < h->n_flux; fi++) out[sp->flux_slot[fi]] += cells[fi * CEVNS_N_BASIS + CEVNS_BASIS_STER];
    } else {
        CEVNS_GLOBAL double *out = basis + sp->off_ml + (row * sp->n_bins + bin) * sp->n_slots * sp->n_w;
        for (k = 0; k < sp->n_slots * sp->n_w; k++) out[k] = 0.0;
        for (fi = 0; fi < h->n_flux; fi++)
            for (k = 0; k < sp->n_w; k++)
                out[sp->flux_slot[fi] * sp->n_w + k] += cells[fi * CEVNS_N_BASIS + cevns_separable_cell(k)];
    }
}

/* Signal per bin of the point pt with axis indices idx: signal[b] for every bin, from the
 * basis rows of its non-separable axis values (without the exposure scale);
 * n_slots = sp->n_slots, n_w = sp->n_w, both constants at the calls below; w has room for
 * n_slots x n_w weights. */
CEVNS_FN void cevns_separable_signal_n(const cevns_pod_separable *sp, CEVNS_CONST_GLOBAL double *basis,
                                       const cevns_pod_point *pt, const int *idx, int n_slots, int n_w, double *w,
                                       CEVNS_GLOBAL double *signal) {
    int row = cevns_separable_ml_row(sp, sp->ax_rn >= 0 ? idx[sp->ax_rn] : 0, sp->ax_zp >= 0 ? idx[sp->ax_zp] : 0,
                                     sp->ax_sc >= 0 ? idx[sp->ax_sc] : 0);
    int im = sp->ax_m4 >= 0 ? idx[sp->ax_m4] : 0, b, k;
    CEVNS_CONST_GLOBAL double *ml = basis + sp->off_ml + row * sp->n_bins * n_slots * n_w;
    CEVNS_CONST_GLOBAL double *st = basis + sp->off_st + im * sp->n_bins * n_slots;
    for (k = 0; k < n_slots; k++) cevns_separable_weights(pt, sp->flavour[k], n_w, w + k * n_w);
    for (b = 0; b < sp->n_bins; b++) {
        double sum = 0.0;
        for (k = 0; k < n_slots; k++)
            sum += cevns_separable_contract(w + k * n_w, ml + (b * n_slots + k) * n_w, n_w,
                                            sp->use_sterile ? st[b * n_slots + k] : 0.0);
        signal[b] = pt->norm * sum;
    }
}

/* cevns_separable_signal_n with each possible slot count and row width a constant, so that
 * the compiler unrolls the contraction and keeps the weights in registers. */
CEVNS_FN void cevns_separable_signal(const cevns_pod_separable *sp, CEVNS_CONST_GLOBAL double *basis,
                                     const cevns_pod_point *pt, const int *idx, CEVNS_GLOBAL double *signal) {
    if (sp->n_w != CEVNS_SEP_WEIGHTS) {
        double w[4 * CEVNS_SEP_WEIGHTS_ALL];
        cevns_separable_signal_n(sp, basis, pt, idx, sp->n_slots, CEVNS_SEP_WEIGHTS_ALL, w, signal);
    } else {
        double w[4 * CEVNS_SEP_WEIGHTS];
        switch (sp->n_slots) {
        case 1: cevns_separable_signal_n(sp, basis, pt, idx, 1, CEVNS_SEP_WEIGHTS, w, signal); break;
        case 2: cevns_separable_signal_n(sp, basis, pt, idx, 2, CEVNS_SEP_WEIGHTS, w, signal); break;
        case 3: cevns_separable_signal_n(sp, basis, pt, idx, 3, CEVNS_SEP_WEIGHTS, w, signal); break;
        default: cevns_separable_signal_n(sp, basis, pt, idx, sp->n_slots, CEVNS_SEP_WEIGHTS, w, signal); break;
        }
    }
}

#endif
