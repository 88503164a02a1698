/* plan.h - plain-old-data structs shared by the host and every engine.
 * Only double and int32_t, ordered without padding and checked by size
 * (ggml-common.h style), so the same bytes are valid in C, CUDA and OpenCL.
 * Variable-length arrays live in one double array `data`, addressed by the
 * offsets in cevns_pod_header. */
#ifndef CEVNS_KERNELS_PLAN_H
#define CEVNS_KERNELS_PLAN_H

#include "portable.h"
#include "formfactor.h"

/* Device engines keep the (flux x interaction) cells of one bin in registers. */
#define CEVNS_MAX_FLUX_COMPONENTS 16

typedef struct {
    int32_t z, n;
    double mass_mev;   /* nuclear mass */
    double targets;    /* nuclei of this isotope x (kg, or kg*s for per-second fluxes): see src/plan */
    double lindhard_k; /* Lindhard k for this isotope (quenching type lindhard) */
    double lindhard_eps_per_kev; /* Lindhard's reduced energy per keV of recoil, 11.5 Z^(-7/3) */
    cevns_ff ff_p, ff_n;
} cevns_pod_isotope;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_isotope) == 88, "cevns_pod_isotope layout");

typedef struct {
    int32_t is_line, flavour, n_knots, knot_offset;
    double fluence;  /* normalisation x exposure factor: multiplies the unit shape */
    double e_line;   /* MeV, lines only */
    double e_max;    /* largest energy with flux (line energy for lines) */
    double per_second; /* 1.0 when fluence is per second of live time (informational) */
} cevns_pod_flux;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_flux) == 48, "cevns_pod_flux layout");

typedef struct {
    int32_t observable, quench_type, eff_type, res_type;
    int32_t quench_n, quench_offset, eff_n, eff_offset;
    double light_yield; /* PE per keVee */
    double qf_a, qf_b;  /* linear QF = a + b T[keVnr] */
    double eff_a, eff_b, eff_c, eff_d;
    double res_s0, res_s1, res_s2; /* sigma^2 = s0^2 + s1^2 x + (s2 x)^2 */
} cevns_pod_detector;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_detector) == 112, "cevns_pod_detector layout");

typedef struct {
    int32_t n_iso, n_flux, n_bins, gl_order;
    int32_t panels, kinematics, use_sm, use_magnetic;
    int32_t use_sterile, off_knot_x, off_knot_c, off_knot_m;
    int32_t off_edges, off_tbreak_index, off_tbreaks, off_gl;
    int32_t off_gl8, n_data, off_node_index, off_nodes;
} cevns_pod_header;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_header) == 80, "cevns_pod_header layout");

/* One point of parameter space. */
typedef struct {
    double sin2w;
    double m4;        /* sterile mass, MeV */
    double norm;      /* overall signal normalisation */
    double rn_fm;     /* > 0: neutron rms radius (fm) overriding the plan's neutron form factor */
    double mu_nu[4];  /* effective moment per incoming flavour (e, mu, tau), mu_B; [3] unused */
    double eps_u[9];  /* vector NSI eps^{uV}_{alpha beta}, row-major */
    double eps_d[9];  /* vector NSI eps^{dV}_{alpha beta} */
    double reserved2[2];
} cevns_pod_point;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_point) == 224, "cevns_pod_point layout");

/* Every field of a point 0 (memset is not OpenCL C). */
CEVNS_FN void cevns_point_clear(cevns_pod_point *pt) {
    int i;
    pt->sin2w = pt->m4 = pt->norm = pt->rn_fm = 0.0;
    for (i = 0; i < 4; i++) pt->mu_nu[i] = 0.0;
    for (i = 0; i < 9; i++) pt->eps_u[i] = pt->eps_d[i] = 0.0;
    pt->reserved2[0] = pt->reserved2[1] = 0.0;
}

/* Layout of `data` (all doubles):
 *   off_knot_x  : flux knots x_j (all table fluxes, concatenated)
 *   off_knot_c  : 4 cubic coefficients per knot (local u = E - x_j); last knot unused
 *   off_knot_m  : 3 cumulative moments per knot: int_{x_j}^{x_last} E^-k shape dE, k = 0,1,2
 *   off_edges   : n_bins + 1 bin edges in the observable
 *   off_tbreak_index : per (bin, isotope) pair: [offset into data, count] of its recoil breakpoints
 *   off_tbreaks : recoil breakpoints (MeV), sorted; the first and last bound the bin's recoil range
 *   off_gl      : gl_order Gauss-Legendre nodes then weights on [-1, 1]
 *   off_gl8     : 8 nodes then 8 weights on [-1, 1] (flux moment partial segments)
 *   off_node_index : per (bin, isotope, flux): [offset into data, count] of its massless nodes
 *   off_nodes   : the massless pass's recoil nodes, CEVNS_NODE_SIZE values each (rate.h):
 *                 everything of a node that does not depend on the point, computed once
 *   detector tables (quench/eff) at the offsets in cevns_pod_detector. */

#endif
