/* test_couplings.h - the contact weak charge of PHYSICS.md §4 through couplings.h, for the
 * tests that check it (sin^2 theta_W, NSI; phi = (1, 0, 0): no mediator, no charge). */
#ifndef CEVNS_TEST_COUPLINGS_H
#define CEVNS_TEST_COUPLINGS_H

#include <string.h>

#include "common/couplings.h"

static inline double test_weak_charge2(double z, double n, double fp, double fn, double sin2w, const double *eps_u,
                                       const double *eps_d, int beta) {
    static const double contact[CEVNS_N_VF] = {1.0, 0.0, 0.0};
    cevns_pod_point pt;
    cevns_point_clear(&pt);
    pt.sin2w = sin2w;
    memcpy(pt.eps_u, eps_u, sizeof pt.eps_u);
    memcpy(pt.eps_d, eps_d, sizeof pt.eps_d);
    return cevns_vector_charge2(&pt, beta, z * fp, n * fn, contact);
}

#endif
