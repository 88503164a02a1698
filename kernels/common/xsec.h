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


/* Standard Model and every vector term, through q2 = the squared vector charge with the
 * form factors (couplings.h). */
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

/* Axial-vector (spin-dependent) term of an isotope with spin (PHYSICS.md §8; Barranco,
 * Miranda, Rashba, PRD 76 (2007) 073008, eq. 2 without the vector-axial interference, which
 * is of order T/E and changes sign between neutrinos and antineutrinos):
 *   (G_F^2 m / pi) qa2 F_A^2 K_A,  K_A = 1 + m T/(2 E^2)  (leading)
 *                                   K_A = 1 - T/E + m T/(2 E^2) + T^2/(2 E^2)  (full),
 * qa2 F_A^2 the squared axial charge with its form factor (cevns_pod_isotope.axial_q2). */
CEVNS_FN void cevns_xsec_axial_coeffs(double t, double m, double qa2, int kin, double *c) {
    double a = CEVNS_GF_MEV2 * CEVNS_GF_MEV2 * m / CEVNS_PI * qa2 * CEVNS_MEV2_TO_CM2;
    c[0] = a;
    if (kin == CEVNS_KIN_FULL) {
        c[1] = -a * t;
        c[2] = 0.5 * a * (t * t + m * t);
    } else {
        c[1] = 0.0;
        c[2] = 0.5 * a * m * t;
    }
}

/* Light scalar mediator of mass M (PHYSICS.md §8; Cerdeño et al., JHEP 05 (2016) 118,
 * eq. 2.6), which does not interfere with the vector amplitude:
 *   qs2 m^2 T / (4 pi E^2 (q^2 + M^2)^2),  q^2 = 2 m T,
 * qs2 = (g_nu^phi Q_phi)^2 with the form factors (couplings.h, cevns_scalar_charge2). */
CEVNS_FN void cevns_xsec_scalar_coeffs(double t, double m, double mass, double qs2, double *c) {
    double d = 2.0 * m * t + mass * mass;
    c[0] = 0.0;
    c[1] = 0.0;
    c[2] = qs2 * m * m * t / (4.0 * CEVNS_PI * d * d) * CEVNS_MEV2_TO_CM2;
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
