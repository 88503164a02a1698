/* couplings.h - the vector charges of the weak charge beyond the Standard Model
 * (shared/PHYSICS.md §4 and §8): NSI, the neutrino charge radius, its (milli)charge,
 * radiative corrections and a light vector mediator Z'.
 *
 * For an incoming neutrino of flavour beta and an outgoing one of flavour a, the vector
 * charge is a sum of three functions of the momentum transfer q^2 = 2 m_N T (MeV^2),
 *     Q_{a beta}(q^2) = Z F_p sum_k cp_k phi_k(q^2) + N F_n sum_k cn_k phi_k(q^2),
 *     phi_0 = 1 (contact), phi_1 = the Z' propagator, phi_2 = 1/q^2 (the photon),
 * and Q^2 = sum_a Q_{a beta}^2 enters dsigma/dT = (G_F^2 m_N / pi) Q^2 K (xsec.h).
 * The coefficients cp_k, cn_k depend on the point only, the phi_k on q^2 and the mediator
 * mass only: so the cross section is a quadratic form in the cp_k, cn_k, and the
 * separable path integrates the products phi_k phi_l once (separable.h).
 *
 *   cp_0 = delta_{a beta} (g_V^p + shift_beta) + 2 eps^u_{a beta} + eps^d_{a beta}
 *          - (sqrt2 pi alpha / (3 G_F)) <r^2>_{a beta}
 *   cn_0 = delta_{a beta} (g_V^n + shift_n) + eps^u_{a beta} + 2 eps^d_{a beta}
 *     g_V^p = 1/2 - 2 sin^2 theta_W, g_V^n = -1/2.  The charge radius shifts g_V^p
 *     (Cadeddu et al., PRD 98 (2018) 113010, eq. 3; <r^2> in cm^2, the SM values negative);
 *     a transition radius (a != beta) adds incoherently, as [..]^2, through Q_{a beta}.
 *   cp_1 = delta_{a beta} g^2 x_nu^beta x_p / (sqrt2 G_F),  cn_1 = ... x_n ...,
 *     phi_1 = 1/(q^2 + M^2) for a Z' coupled at tree level to the quarks with charges
 *     x_u, x_d (x_p = 2 x_u + x_d, x_n = x_u + 2 x_d), so that M -> infinity is the contact
 *     NSI eps^q_{beta beta} = g^2 x_nu x_q / (sqrt2 G_F M^2);
 *     phi_1 = L(q^2)/(q^2 + M^2) for L_mu - L_tau, whose Z' reaches the protons through
 *     the loop-induced kinetic mixing, x_p = 2 alpha/pi (e^2/(2 pi^2)) and x_n = 0
 *     (cevns_lmutau_loop below; PHYSICS.md §8, Cadeddu et al., JHEP 01 (2021) 116).
 *   cp_2 = -(2 sqrt2 pi alpha / G_F) q_{a beta},  cn_2 = 0   (the millicharge, Cadeddu et
 *     al., PRD 102 (2020) 015030, eq. 7: g_V^p -> g_V^p - 2 sqrt2 pi alpha q / (G_F q^2)). */
#ifndef CEVNS_KERNELS_COUPLINGS_H
#define CEVNS_KERNELS_COUPLINGS_H

#include "portable.h"
#include "constants.h"
#include "plan.h"
#include "cevns/enums.h"

enum { CEVNS_VF_CONTACT = 0, CEVNS_VF_ZPRIME = 1, CEVNS_VF_PHOTON = 2 };
#define CEVNS_N_VF 3
/* Unordered pairs (k, l) of the functions, k <= l: (0,0) (0,1) (0,2) (1,1) (1,2) (2,2). */
#define CEVNS_N_VF_PAIRS 6
/* h->use_zprime */
enum { CEVNS_ZPRIME_NONE = 0, CEVNS_ZPRIME_TREE = 1, CEVNS_ZPRIME_LOOP = 2 };

/* The functions k and l of pair p. */
CEVNS_FN void cevns_vf_pair(int p, int *k, int *l) {
    *k = p < 3 ? 0 : p < 5 ? 1 : 2;
    *l = p < 3 ? p : p < 5 ? p - 2 : 2;
}

/* f(u) = int_0^1 x(1-x) ln(1 + u x(1-x)) dx: its power series below u = 1 (where the closed
 * form cancels), with int_0^1 (x(1-x))^n dx = (n!)^2/(2n+1)!; else the closed form
 * (1/6)[-5/3 + 4/u + (1 - 2/u) b ln((b+1)/(b-1))], b = sqrt(1 + 4/u). */
CEVNS_FN double cevns_vacuum_polarisation_f(double u) {
    if (u < 1.0) {
        double sum = 0.0, power = 1.0, beta_n = 1.0 / 6.0; /* beta_n = int (x(1-x))^(k+1) dx at k = 0 */
        int k;
        for (k = 1; k <= 30; k++) {
            power *= -u;
            beta_n *= (double)((k + 1) * (k + 1)) / (double)((2 * k + 2) * (2 * k + 3));
            sum -= power / k * beta_n;
        }
        return sum;
    } else {
        double b = sqrt(1.0 + 4.0 / u);
        return (-5.0 / 3.0 + 4.0 / u + (1.0 - 2.0 / u) * b * log((b + 1.0) / (b - 1.0))) / 6.0;
    }
}

/* L(q^2) = int_0^1 x(1-x) ln[(m_tau^2 + x(1-x) q^2) / (m_mu^2 + x(1-x) q^2)] dx, the loop of
 * the L_mu - L_tau kinetic mixing eps(q^2) = (e g / (2 pi^2)) L(q^2) (PHYSICS.md §8); it
 * tends to ln(m_tau^2/m_mu^2)/6 for q << m_mu. */
CEVNS_FN double cevns_lmutau_loop(double q2) {
    double mt2 = CEVNS_MTAU_MEV * CEVNS_MTAU_MEV, mm2 = CEVNS_MMU_MEV * CEVNS_MMU_MEV;
    return log(mt2 / mm2) / 6.0 + cevns_vacuum_polarisation_f(q2 / mt2) - cevns_vacuum_polarisation_f(q2 / mm2);
}

/* phi[k] at q^2 (MeV^2) for point pt; the functions the plan does not use are 0. */
CEVNS_FN void cevns_vector_functions(const cevns_pod_header *h, const cevns_pod_point *pt, double q2, double *phi) {
    phi[CEVNS_VF_CONTACT] = 1.0;
    phi[CEVNS_VF_ZPRIME] = 0.0;
    phi[CEVNS_VF_PHOTON] = 0.0;
    if (h->use_zprime)
        phi[CEVNS_VF_ZPRIME] =
            (h->use_zprime == CEVNS_ZPRIME_LOOP ? cevns_lmutau_loop(q2) : 1.0) / (q2 + pt->zp_mass * pt->zp_mass);
    if (h->use_millicharge) phi[CEVNS_VF_PHOTON] = 1.0 / q2;
}

/* The contact coefficients cp_0, cn_0 of Q_{a beta} at point pt (private memory). */
CEVNS_FN void cevns_contact_charges(const cevns_pod_point *pt, int a, int beta, double *cp, double *cn) {
    /* sqrt2 pi alpha/(3 G_F) times <r^2> in MeV^-2 (cm^2 / (hbar c)^2) */
    const double radius = CEVNS_SQRT2 * CEVNS_PI * CEVNS_ALPHA / (3.0 * CEVNS_GF_MEV2) /
                          (CEVNS_HBARC_MEV_CM * CEVNS_HBARC_MEV_CM);
    double eu = pt->eps_u[a * 3 + beta], ed = pt->eps_d[a * 3 + beta];
    *cp = 2.0 * eu + ed - radius * pt->r2[a * 3 + beta];
    *cn = eu + 2.0 * ed;
    if (a == beta) {
        *cp += 0.5 - 2.0 * pt->sin2w + pt->gp_shift[beta];
        *cn += -0.5 + pt->gp_shift[3];
    }
}

/* The coefficients cp[k], cn[k] of Q_{a beta} at point pt (private memory). */
CEVNS_FN void cevns_vector_charges(const cevns_pod_point *pt, int a, int beta, double *cp, double *cn) {
    const double charge = 2.0 * CEVNS_SQRT2 * CEVNS_PI * CEVNS_ALPHA / CEVNS_GF_MEV2;
    double zp = a == beta ? pt->zp_g * pt->zp_g * pt->zp_qnu[beta] / (CEVNS_SQRT2 * CEVNS_GF_MEV2) : 0.0;
    cevns_contact_charges(pt, a, beta, &cp[CEVNS_VF_CONTACT], &cn[CEVNS_VF_CONTACT]);
    cp[CEVNS_VF_ZPRIME] = zp * pt->zp_qp;
    cn[CEVNS_VF_ZPRIME] = zp * pt->zp_qn;
    cp[CEVNS_VF_PHOTON] = -charge * pt->qnu[a * 3 + beta];
    cn[CEVNS_VF_PHOTON] = 0.0;
}

/* The number of function pairs a plan needs: 1 (contact only) or CEVNS_N_VF_PAIRS. */
CEVNS_FN int cevns_vf_pairs(const cevns_pod_header *h) {
    return h->use_zprime || h->use_millicharge ? CEVNS_N_VF_PAIRS : 1;
}

/* The vector charge as a quadratic form: w[3p], w[3p+1], w[3p+2] (pair p of the functions,
 * p < n_pairs) such that
 *   sum_a Q_{a beta}^2 = sum_p phi_k phi_l (w[3p] (Z F_p)^2 + w[3p+1] Z F_p N F_n + w[3p+2] (N F_n)^2),
 *   w[3p] = m sum_a cp_k cp_l,  w[3p+1] = m sum_a (cp_k cn_l + cp_l cn_k),  w[3p+2] = m sum_a cn_k cn_l,
 * m = 1 for k = l, 2 otherwise.  They depend on the point only: the direct path forms them once
 * per flux component, the separable path once per point (separable.h). */
/* The weights of the contact pair alone (w[0..3), the first pair of cevns_vector_weights):
 * the common case, kept free of arrays for the device compilers. */
CEVNS_FN void cevns_contact_weights(const cevns_pod_point *pt, int beta, double *w) {
    double pp = 0.0, pn = 0.0, nn = 0.0;
    int a;
    for (a = 0; a < CEVNS_N_FLAVOURS; a++) {
        double c_p, c_n;
        cevns_contact_charges(pt, a, beta, &c_p, &c_n);
        pp += c_p * c_p;
        pn += 2.0 * c_p * c_n;
        nn += c_n * c_n;
    }
    w[0] = pp;
    w[1] = pn;
    w[2] = nn;
}

CEVNS_FN void cevns_vector_weights(const cevns_pod_point *pt, int beta, int n_pairs, double *w) {
    double cp[CEVNS_N_FLAVOURS][CEVNS_N_VF], cn[CEVNS_N_FLAVOURS][CEVNS_N_VF];
    int a, p;
    if (n_pairs == 1) {
        cevns_contact_weights(pt, beta, w);
        return;
    }
    for (a = 0; a < CEVNS_N_FLAVOURS; a++) cevns_vector_charges(pt, a, beta, cp[a], cn[a]);
    for (p = 0; p < n_pairs; p++) {
        int k, l;
        double m, pp = 0.0, pn = 0.0, nn = 0.0;
        cevns_vf_pair(p, &k, &l);
        m = k == l ? 1.0 : 2.0;
        for (a = 0; a < CEVNS_N_FLAVOURS; a++) {
            pp += cp[a][k] * cp[a][l];
            pn += cp[a][k] * cn[a][l] + cp[a][l] * cn[a][k];
            nn += cn[a][k] * cn[a][l];
        }
        w[3 * p] = m * pp;
        w[3 * p + 1] = m * pn;
        w[3 * p + 2] = m * nn;
    }
}

/* sum_a Q_{a beta}^2 from the weights of cevns_vector_weights, with Z F_p = zf, N F_n = nf and
 * the functions phi at this q^2. */
CEVNS_FN double cevns_vector_charge2_from_weights(const double *w, int n_pairs, double zf, double nf,
                                                  const double *phi) {
    double q2 = 0.0;
    int p;
    for (p = 0; p < n_pairs; p++) {
        int k, l;
        cevns_vf_pair(p, &k, &l);
        q2 += phi[k] * phi[l] * (w[3 * p] * zf * zf + w[3 * p + 1] * zf * nf + w[3 * p + 2] * nf * nf);
    }
    return q2;
}

/* Squared vector charge sum_a Q_{a beta}^2 of an incoming neutrino of flavour beta, with
 * Z F_p = zf, N F_n = nf and the functions phi at this q^2: the sum of the squares of the
 * amplitudes, the reference form of the quadratic form above. */
CEVNS_FN double cevns_vector_charge2(const cevns_pod_point *pt, int beta, double zf, double nf, const double *phi) {
    double q2 = 0.0;
    int a, k;
    for (a = 0; a < CEVNS_N_FLAVOURS; a++) {
        double cp[CEVNS_N_VF], cn[CEVNS_N_VF], q = 0.0;
        cevns_vector_charges(pt, a, beta, cp, cn);
        for (k = 0; k < CEVNS_N_VF; k++) q += (zf * cp[k] + nf * cn[k]) * phi[k];
        q2 += q * q;
    }
    return q2;
}

/* Squared scalar charge (g_nu^phi Q_phi)^2 of flavour beta: g_nu^phi = g x_nu^beta,
 * Q_phi = g (x_p Z F_p + x_n N F_n) (PHYSICS.md §8). */
CEVNS_FN double cevns_scalar_charge2(const cevns_pod_point *pt, int beta, double zf, double nf) {
    double c = pt->sc_g * pt->sc_g * pt->sc_qnu[beta] * (pt->sc_qp * zf + pt->sc_qn * nf);
    return c * c;
}

#endif
