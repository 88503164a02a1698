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
    double axial_q2; /* squared axial charge (4(J+1)/(3J)) (g_A^p <S_p> + g_A^n <S_n>)^2; 0 without spin (xsec.h) */
} cevns_pod_isotope;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_isotope) == 96, "cevns_pod_isotope layout");

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
    int32_t off_edges, first_bin; /* the lower edge of bin b (plan numbering) is data[off_edges + b - first_bin] */
    double light_yield; /* PE per keVee */
    double qf_a, qf_b;  /* linear QF = a + b T[keVnr] */
    double eff_a, eff_b, eff_c, eff_d;
    double res_s0, res_s1, res_s2; /* sigma^2 = s0^2 + s1^2 x + (s2 x)^2 */
} cevns_pod_detector;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_detector) == 120, "cevns_pod_detector layout");

typedef struct {
    int32_t n_iso, n_flux, n_bins, gl_order;
    int32_t panels, kinematics, use_sm, use_magnetic;
    int32_t use_sterile, off_knot_x, off_knot_c, off_knot_m;
    int32_t off_edges, off_tbreak_index, off_tbreaks, off_gl;
    int32_t off_gl8, n_data, off_node_index, off_nodes;
    int32_t use_scalar, use_axial; /* the scalar mediator and the axial term (cevns_interaction) */
    int32_t use_zprime;            /* vector mediator: 0 none, CEVNS_ZPRIME_TREE, CEVNS_ZPRIME_LOOP (couplings.h) */
    int32_t use_millicharge;       /* 1: the photon term q_nu/q^2 of the weak charge is on */
    int32_t n_seg, off_seg;        /* joint plans (n_seg > 1): the experiments' segments (below); else 0 */
    int32_t n_ebins;               /* energy bins: the bins of the detector's observable (= n_bins without off_bin_map) */
    int32_t off_bin_map;           /* > 0: bins beyond energy (arrival time, pulse shape), below; 0: none */
} cevns_pod_header;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_header) == 112, "cevns_pod_header layout");

/* One point of parameter space.  The couplings of the mediators are charges times one
 * coupling g each, so that a scan axis of g scales them all (couplings.h, PHYSICS.md §8). */
typedef struct {
    double sin2w;
    double m4;        /* sterile mass, MeV */
    double norm;      /* overall signal normalisation */
    double rn_fm;     /* > 0: neutron rms radius (fm) overriding the plan's neutron form factor */
    double mu_nu[4];  /* effective moment per incoming flavour (e, mu, tau), mu_B; [3] unused */
    double eps_u[9];  /* vector NSI eps^{uV}_{alpha beta}, row-major */
    double eps_d[9];  /* vector NSI eps^{dV}_{alpha beta} */
    double r2[9];     /* neutrino charge radii <r^2>_{alpha beta}, cm^2, symmetric */
    double qnu[9];    /* neutrino (milli)charges q_{alpha beta}, units of e, symmetric */
    double gp_shift[4]; /* added to g_V^p = 1/2 - 2 sin^2 theta_W per incoming flavour; [3]: to g_V^n = -1/2 */
    double zp_mass, zp_g;   /* vector mediator Z': mass (MeV) and coupling */
    double zp_qnu[3];       /* its neutrino charges (e, mu, tau): g_nu = zp_g zp_qnu */
    double zp_qp, zp_qn;    /* its proton and neutron charges: 2x_u + x_d and x_u + 2x_d (couplings.h) */
    double sc_mass, sc_g;   /* scalar mediator: mass (MeV) and coupling */
    double sc_qnu[3];       /* its neutrino charges */
    double sc_qp, sc_qn;    /* its nucleon charges: Q_phi = sc_g (sc_qp Z F_p + sc_qn N F_n) */
    double reserved2[2];
} cevns_pod_point;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_point) == 512, "cevns_pod_point layout");

/* The energy bin of plan bin b (plan.h, off_bin_map). */
CEVNS_FN int cevns_plan_energy_bin(const cevns_pod_header *h, CEVNS_CONST_GLOBAL double *data, int b) {
    return h->off_bin_map > 0 ? (int)data[h->off_bin_map + b] : b;
}

/* The factor of flux component f in plan bin b: 1 without further observables. */
CEVNS_FN double cevns_plan_bin_factor(const cevns_pod_header *h, CEVNS_CONST_GLOBAL double *data, int b, int f) {
    return h->off_bin_map > 0 ? data[h->off_bin_map + h->n_bins + b * h->n_flux + f] : 1.0;
}

/* Every field of a point 0 (memset is not OpenCL C). */
CEVNS_FN void cevns_point_clear(cevns_pod_point *pt) {
    int i;
    pt->sin2w = pt->m4 = pt->norm = pt->rn_fm = 0.0;
    for (i = 0; i < 4; i++) pt->mu_nu[i] = pt->gp_shift[i] = 0.0;
    for (i = 0; i < 9; i++) pt->eps_u[i] = pt->eps_d[i] = pt->r2[i] = pt->qnu[i] = 0.0;
    pt->zp_mass = pt->zp_g = pt->zp_qp = pt->zp_qn = 0.0;
    pt->sc_mass = pt->sc_g = pt->sc_qp = pt->sc_qn = 0.0;
    for (i = 0; i < 3; i++) pt->zp_qnu[i] = pt->sc_qnu[i] = 0.0;
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
 *   detector tables (quench/eff) at the offsets in cevns_pod_detector.
 *   off_seg     : joint plans only (n_seg > 1, several experiments in one plan): per segment
 *                 (experiment) CEVNS_SEG_SIZE values: its bins [first, first + n), isotopes
 *                 [lo, hi) and flux components [lo, hi) in the plan's numbering, then its
 *                 detector (cevns_detector_store, detector.h).  Bins are concatenated in segment
 *                 order; a bin sees only its segment's isotopes, fluxes and detector.  Each
 *                 segment's n + 1 edges follow one another from off_edges.
 *   off_bin_map : plans whose bins are energy x further observables (arrival time, F90): the
 *                 recoil structures above (edges, breakpoints, node cache) are per energy bin
 *                 (n_ebins of them), and bin b is energy bin data[off_bin_map + b] times a factor
 *                 per flux component, data[off_bin_map + n_bins + b * n_flux + f]: the share of
 *                 component f's events of that energy bin that fall in b's time (x F90) bin.
 *                 The time and energy factors separate per component (src/plan/bin_map.c). */
enum { CEVNS_SEG_FIRST_BIN = 0, CEVNS_SEG_N_BINS, CEVNS_SEG_ISO_LO, CEVNS_SEG_ISO_HI, CEVNS_SEG_FLUX_LO,
       CEVNS_SEG_FLUX_HI, CEVNS_SEG_DETECTOR };
#define CEVNS_DETECTOR_VALUES 20
#define CEVNS_SEG_SIZE (CEVNS_SEG_DETECTOR + CEVNS_DETECTOR_VALUES)

#endif
