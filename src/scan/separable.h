/* separable.h (internal) - the separable fast path (DESIGN.md "Speed by design").
 *
 * The expected counts are a quadratic form in the couplings: for a flux
 * component of flavour beta,
 *   N = norm * exposure * [ sum_a (Z a_a)^2 I_pp + 2 Z N a_a b_a I_pn + (N b_a)^2 I_nn
 *                           + mu_beta^2 (I_mag + I_ster(m4)) ]
 * with a_a, b_a linear in sin^2 theta_W and the eps (xsec.h) and the basis
 * integrals I over the recoil with F_p^2, F_p F_n, F_n^2 and the dipole terms.
 * Axes that enter only through coefficients (mu_nu*, eps_*, sin2_theta_w,
 * normalisation, exposure_scale) are separable; m4_MeV and rn_fm are not.  The
 * basis is integrated once per point of the non-separable axes and contracted
 * for every point of the separable ones.  The direct path (engine->run per
 * point) stays the general path and checks this one in the tests. */
#ifndef CEVNS_SRC_SEPARABLE_H
#define CEVNS_SRC_SEPARABLE_H

#include <stddef.h>

#include "engine/engine.h"
#include "scan/scan_internal.h"

typedef struct cevns_separable cevns_separable;

/* 1 when at least one axis of the grid is separable (the path pays off). */
int cevns_separable_applicable(const cevns_grid *g);
/* Integrate the basis for every point of the non-separable axes (on the engine
 * when it can, else the CPU). */
cevns_status cevns_separable_create(const cevns_experiment *e, const cevns_grid *g, const cevns_params *base,
                                    int threads, cevns_separable **out, cevns_error *err);
/* Signal counts per bin for points [start, start + n) of the grid:
 * signal[i * n_bins + b], without the exposure scale (as engine->run). */
cevns_status cevns_separable_signal(const cevns_separable *s, size_t start, size_t n, double *signal,
                                    cevns_error *err);
void cevns_separable_free(cevns_separable *s);

#endif
