/* separable.h - the contraction of the separable fast path (src/scan/separable.h).
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
 * The dipole terms go as (mu/mu_B)^2 (cevns_dipole_prefactor).  Nothing here
 * depends on the recoil: m4 and rn_fm live in the basis. */
#ifndef CEVNS_KERNELS_SEPARABLE_H
#define CEVNS_KERNELS_SEPARABLE_H

#include "portable.h"
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
    for (a = 0; a < 3; a++) {
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

#endif
