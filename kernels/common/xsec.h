/* xsec.h - differential cross sections dsigma/dT per nucleus (shared/PHYSICS.md §4).
 *
 * Every cross section here is a polynomial in 1/E with T-dependent coefficients:
 *     dsigma/dT (E, T) = c[0] + c[1]/E + c[2]/E^2      [cm^2/MeV]
 * valid for E >= E_min(T, m_out) and zero below.  The host reference integrates
 * this over E with adaptive quadrature; the fast path folds it with the flux
 * moments M_k(x) = int_x E^-k phi(E) dE (flux.h).  One formula, two integrators.
 *
 * Kinematic forms (T_max zero is enforced by E >= E_min, since
 * 1 - T/E - mT/(2E^2) = 0 exactly at E = E_min):
 *   leading (seed 002 eq. 1): K = 1 - m T/(2 E^2)
 *   full    (seed 000 eq. 1): K = 1 - T/E - m T/(2 E^2) + T^2/(2 E^2)
 */
#ifndef CEVNS_KERNELS_XSEC_H
#define CEVNS_KERNELS_XSEC_H

#include "portable.h"
#include "constants.h"
#include "cevns/enums.h"


/* Squared weak charge seen by an incoming neutrino of flavour beta (vector NSI,
 * PHYSICS.md §4, seed 000 NSI slide):
 *   Q_bb = Z (g_p + 2 e^u_bb + e^d_bb) F_p + N (g_n + e^u_bb + 2 e^d_bb) F_n
 *   Q_ab = Z (2 e^u_ab + e^d_ab) F_p + N (e^u_ab + 2 e^d_ab) F_n   (a != b)
 *   Q^2  = sum_a Q_ab^2
 * eps_u, eps_d: 3x3 row-major, symmetric (only [a*3+b] with the given b is read);
 * private memory (the kernels copy the point out of global memory first).
 * With all eps = 0 and F = 1 this is Q_W^2/4 with Q_W = N - (1 - 4 sin^2 theta_W) Z. */
CEVNS_FN double cevns_weak_charge2(double z, double n, double fp, double fn, double sin2w,
                                   const double *eps_u, const double *eps_d,
                                   int beta) {
    double gp = 0.5 - 2.0 * sin2w;
    double gn = -0.5;
    double q2 = 0.0;
    int a;
    for (a = 0; a < CEVNS_N_FLAVOURS; a++) {
        double eu = eps_u[a * 3 + beta];
        double ed = eps_d[a * 3 + beta];
        double cp = 2.0 * eu + ed + (a == beta ? gp : 0.0);
        double cn = eu + 2.0 * ed + (a == beta ? gn : 0.0);
        double q = z * cp * fp + n * cn * fn;
        q2 += q * q;
    }
    return q2;
}

/* Standard Model (+ vector NSI through q2 = weak charge squared incl. form factors). */
CEVNS_FN void cevns_xsec_sm_coeffs(double t, double m, double q2, int kin, double *c) {
    double a = CEVNS_GF_MEV2 * CEVNS_GF_MEV2 * m / CEVNS_PI * q2 * CEVNS_MEV2_TO_CM2;
    c[0] = a;
    if (kin == CEVNS_KIN_FULL) {
        c[1] = -a * t;
        c[2] = 0.5 * a * (t * t - m * t);
    } else {
        c[1] = 0.0;
        c[2] = -0.5 * a * m * t;
    }
}

/* Prefactor pi alpha^2/m_e^2 (mu/mu_B)^2 Z^2 F_p^2 of the dipole cross sections, cm^2. */
CEVNS_FN double cevns_dipole_prefactor(double mu_over_muB, double z, double fp) {
    return CEVNS_PI * CEVNS_ALPHA * CEVNS_ALPHA / (CEVNS_ME_MEV * CEVNS_ME_MEV) * mu_over_muB * mu_over_muB *
           z * z * fp * fp * CEVNS_MEV2_TO_CM2;
}

/* Active magnetic moment (seed 000, seed 002 eq. 10): B (1/T - 1/E). */
CEVNS_FN void cevns_xsec_magnetic_coeffs(double t, double b, double *c) {
    c[0] = b / t;
    c[1] = -b;
    c[2] = 0.0;
}

/* Sterile dipole portal nu_beta N -> nu_4 N (seed 002 eq. 11 with the bracket of
 * Brdar, Greljo, Kopp, Opferkuch, JCAP 01 (2021) 039):
 *   B [ 1/T - 1/E - m4^2/(2 E T m) (1 - T/(2E) + m/(2E)) + m4^4 (T - m)/(8 E^2 T^2 m^2) ]
 * expanded in powers of 1/E.  Equals the active expression at m4 = 0. */
CEVNS_FN void cevns_xsec_sterile_coeffs(double t, double m, double m4, double b, double *c) {
    double r = m4 * m4 / (2.0 * t * m); /* m4^2/(2 T m) */
    c[0] = b / t;
    c[1] = -b * (1.0 + r);
    c[2] = b * (0.5 * r * (t - m) + r * r * (t - m) / 2.0);
}

/* dsigma/dT at energy E from the coefficients; the caller guarantees E >= E_min.
 * Rounding-level negatives at threshold are clamped to 0 (PHYSICS.md §4). */
CEVNS_FN double cevns_xsec_from_coeffs(const double *c, double e) {
    double v = c[0] + (c[1] + c[2] / e) / e;
    return v > 0.0 ? v : 0.0;
}

#endif
