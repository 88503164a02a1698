/* kinematics.h - recoil kinematics of nu N -> nu' N with the nucleus at rest.
 * shared/PHYSICS.md §2; seed 002 eq. 5, 12, 13.  Energies in MeV. */
#ifndef CEVNS_KERNELS_KINEMATICS_H
#define CEVNS_KERNELS_KINEMATICS_H

#include "portable.h"
#include "constants.h"

/* Largest recoil for neutrino energy E on nuclear mass m (massless outgoing nu). */
CEVNS_FN double cevns_t_max(double e, double m) { return 2.0 * e * e / (m + 2.0 * e); }

/* Smallest neutrino energy able to give recoil T (massless outgoing nu). */
CEVNS_FN double cevns_e_min(double t, double m) { return 0.5 * (t + sqrt(t * t + 2.0 * m * t)); }

/* Smallest neutrino energy for recoil T when the outgoing state has mass m4
 * (seed 002 eq. 13).  sqrt(T(T+2m)) - T is rewritten as 2mT/(sqrt(T(T+2m)) + T)
 * to avoid cancellation at small T; the result equals cevns_e_min at m4 = 0. */
CEVNS_FN double cevns_e_min_sterile(double t, double m, double m4) {
    double p = sqrt(t * (t + 2.0 * m));
    double denom = 2.0 * (2.0 * m * t / (p + t));
    return (m4 * m4 + 2.0 * m * t) / denom;
}

/* Smallest E over all T at which the sterile state can be produced:
 * m4 + m4^2/(2m) (PHYSICS.md §2). */
CEVNS_FN double cevns_e_threshold_sterile(double m, double m4) { return m4 + m4 * m4 / (2.0 * m); }

/* Recoil interval [*t_lo, *t_hi] reachable by a neutrino of energy E producing
 * an outgoing state of mass m4; returns 0 (and an empty interval) when E is
 * below threshold.  Solving E >= E_min(T, m4) for T gives a T^2 + b T + c <= 0 with
 * a = 4m(m+2E), b = 4 m4^2 (m+E) - 8 E^2 m, c = m4^4; the small root is taken as
 * c/(a t_hi) to avoid cancellation.  At m4 = 0 this is [0, T_max(E)]. */
CEVNS_FN int cevns_recoil_range(double e, double m, double m4, double *t_lo, double *t_hi) {
    double a = 4.0 * m * (m + 2.0 * e);
    double m42 = m4 * m4;
    double b = 4.0 * m42 * (m + e) - 8.0 * e * e * m;
    double c = m42 * m42;
    double disc = b * b - 4.0 * a * c;
    *t_lo = 0.0;
    *t_hi = 0.0;
    if (e <= 0.0 || disc < 0.0 || b >= 0.0) return 0;
    {
        double hi = (-b + sqrt(disc)) / (2.0 * a);
        if (hi <= 0.0) return 0;
        *t_hi = hi;
        *t_lo = c / (a * hi);
    }
    return 1;
}

/* Momentum transfer |q| = sqrt(2 m T) in fm^-1 (seed 002 eq. 5). */
CEVNS_FN double cevns_q_fm(double t, double m) { return sqrt(2.0 * m * t) / CEVNS_HBARC_MEV_FM; }

#endif
