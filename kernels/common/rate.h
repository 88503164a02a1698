/* rate.h - expected counts per bin: the fixed-node fast path run by every engine.
 *
 * counts(b, flux f, interaction i) = norm * targets * int dT R_b(T) sum_k c_k^i(T) M_k^f(E_min(T))
 *
 * The recoil integral runs over the bin's recoil range (host-computed, split at
 * every kink of the response: efficiency and quenching table knots) intersected
 * with the kinematic support of the flux (0..T_max(E_max), or the sterile range
 * for m4 > 0, which depends on the point).  Each piece is covered by panels of
 * gl_order Gauss-Legendre nodes, spaced geometrically when the piece spans more
 * than a factor 2 in T (the 1/T of the dipole terms and F^2 fall steeply).
 * The energy integral is exact: flux moments (flux.h). */
#ifndef CEVNS_KERNELS_RATE_H
#define CEVNS_KERNELS_RATE_H

#include "portable.h"
#include "constants.h"
#include "couplings.h"
#include "detector.h"
#include "flux.h"
#include "formfactor.h"
#include "interaction.h"
#include "kinematics.h"
#include "plan.h"
#include "xsec.h"

/* The shared loops below run in one of three modes (a constant at every call, so
 * the compilers fold it away):
 *   CEVNS_RATE_DIRECT  the counts of each interaction at the point: 3 cells per
 *                      flux component (CEVNS_INTERACTION_*), times norm * targets.
 *   CEVNS_RATE_BASIS   the separable basis (common/separable.h): 5 cells per flux
 *                      component (CEVNS_BASIS_*), times targets, with unit couplings:
 *                      the SM integrand with Q^2 replaced by Z^2 F_p^2, Z N F_p F_n and
 *                      N^2 F_n^2, and the magnetic and sterile integrands with mu = 1.
 *                      Only m4 (sterile) and rn_fm (F_n) of the point are read.
 *   CEVNS_RATE_RECORD  the host records the massless pass's nodes into the plan (the
 *                      node cache below) instead of integrating.
 * All place the nodes identically, so counts = norm * [couplings . basis] holds
 * to rounding.  `passes` selects the recoil passes: CEVNS_PASS_MASSLESS (SM and
 * magnetic, massless outgoing neutrino: independent of m4) and/or
 * CEVNS_PASS_STERILE (the sterile term: independent of rn_fm).
 *
 * The node cache (DESIGN.md "Speed by design": hoist what does not depend on the
 * point).  The massless pass's nodes sit where the bin's recoil breakpoints and the
 * flux's T_max put them, whatever the point; their recoil T, quadrature weight times
 * response, momentum transfer, form factors and flux moments are computed once, when
 * the plan is built, and the direct path only forms the couplings of each point with
 * them (bit for bit the same numbers as evaluating the node live).  The sterile pass's
 * nodes move with m4 and are evaluated live. */
enum { CEVNS_RATE_DIRECT = 0, CEVNS_RATE_BASIS = 1, CEVNS_RATE_RECORD = 2 };
/* Basis cells.  The vector term has one (PP, PN, NN) triple per pair p of the functions
 * phi_k phi_l of couplings.h: pair 0 (contact x contact) in PP..NN, pairs 1..5 from
 * CEVNS_BASIS_VEC on, 3 cells each (cevns_basis_vector_cell); the scalar mediator its own
 * triple (Z^2 F_p^2, Z N F_p F_n, N^2 F_n^2 times its kinematics), the axial term one cell. */
enum {
    CEVNS_BASIS_PP = 0,
    CEVNS_BASIS_PN = 1,
    CEVNS_BASIS_NN = 2,
    CEVNS_BASIS_MAG = 3,
    CEVNS_BASIS_STER = 4,
    CEVNS_BASIS_VEC = 5,
    CEVNS_BASIS_SCALAR = CEVNS_BASIS_VEC + 3 * (CEVNS_N_VF_PAIRS - 1),
    CEVNS_BASIS_AXIAL = CEVNS_BASIS_SCALAR + 3
};
#define CEVNS_N_BASIS (CEVNS_BASIS_AXIAL + 1)
enum { CEVNS_PASS_MASSLESS = 1, CEVNS_PASS_STERILE = 2, CEVNS_PASS_ALL = 3 };
/* A cached node: T, weight x response, q, F_p, F_n (the plan's), moments M_0..M_2 at E_min(T). */
enum { CEVNS_NODE_T = 0, CEVNS_NODE_W, CEVNS_NODE_Q, CEVNS_NODE_FP, CEVNS_NODE_FN, CEVNS_NODE_M };
#define CEVNS_NODE_SIZE (CEVNS_NODE_M + 3)

/* Cells per flux component in a mode. */
CEVNS_FN int cevns_rate_cells(int mode) { return mode == CEVNS_RATE_BASIS ? CEVNS_N_BASIS : CEVNS_N_INTERACTIONS; }

/* The first of the 3 basis cells (PP, PN, NN) of function pair p (couplings.h). */
CEVNS_FN int cevns_basis_vector_cell(int p) { return p == 0 ? CEVNS_BASIS_PP : CEVNS_BASIS_VEC + 3 * (p - 1); }

/* sum_k c[k] m[k]: a cross section's 1/E expansion folded with the flux moments. */
CEVNS_FN double cevns_fold_moments(const double *c, const double *m) { return c[0] * m[0] + c[1] * m[1] + c[2] * m[2]; }

/* The massless cells at recoil t with momentum transfer q, F_p, the plan's F_n and the
 * flux moments m: out[CEVNS_INTERACTION_SM, _MAGNETIC, _SCALAR, _AXIAL] (direct) or the
 * basis cells of those terms (basis); the point's rn_fm replaces F_n when > 0.  vw: the
 * flavour's vector weights at the point (couplings.h, cevns_vf_pairs(h) pairs), or NULL to
 * form them here. */
CEVNS_FN void cevns_massless_cells(int mode, const cevns_pod_header *h, const cevns_pod_isotope *iso, int flavour,
                                   const cevns_pod_point *pt, double t, double q, double fp, double fn_plan,
                                   const double *m, const double *vw, double *out) {
    int basis = mode == CEVNS_RATE_BASIS, n_pairs = cevns_vf_pairs(h);
    double c[3], zf = (double)iso->z * fp, nf = 0.0;
    if (h->use_sm || h->use_scalar) nf = (double)iso->n * (pt->rn_fm > 0.0 ? cevns_neutron_ff(iso, pt, q) : fn_plan);
    if (h->use_sm) {
        double phi[CEVNS_N_VF];
        phi[CEVNS_VF_CONTACT] = 1.0; /* the contact term alone needs no function of q^2 */
        phi[CEVNS_VF_ZPRIME] = phi[CEVNS_VF_PHOTON] = 0.0;
        if (n_pairs > 1) cevns_vector_functions(h, pt, 2.0 * iso->mass_mev * t, phi);
        if (basis) {
            double v;
            int p;
            cevns_xsec_sm_coeffs(t, iso->mass_mev, 1.0, h->kinematics, c);
            v = cevns_fold_moments(c, m);
            for (p = 0; p < n_pairs; p++) {
                int k, l, cell = cevns_basis_vector_cell(p);
                double w;
                cevns_vf_pair(p, &k, &l);
                w = v * phi[k] * phi[l];
                out[cell] = zf * zf * w;
                out[cell + 1] = zf * nf * w;
                out[cell + 2] = nf * nf * w;
            }
        } else {
            double own[3 * CEVNS_N_VF_PAIRS];
            if (!vw) {
                cevns_vector_weights(pt, flavour, n_pairs, own);
                vw = own;
            }
            cevns_xsec_sm_coeffs(t, iso->mass_mev,
                                 n_pairs == 1 ? vw[0] * zf * zf + vw[1] * zf * nf + vw[2] * nf * nf
                                              : cevns_vector_charge2_from_weights(vw, n_pairs, zf, nf, phi),
                                 h->kinematics, c);
            out[CEVNS_INTERACTION_SM] = cevns_fold_moments(c, m);
        }
    }
    if (h->use_magnetic) {
        double b = cevns_dipole_prefactor(basis ? 1.0 : pt->mu_nu[flavour], (double)iso->z, fp);
        cevns_xsec_magnetic_coeffs(t, b, c);
        out[basis ? (int)CEVNS_BASIS_MAG : (int)CEVNS_INTERACTION_MAGNETIC] = cevns_fold_moments(c, m);
    }
    if (h->use_scalar) {
        if (basis) {
            double v;
            cevns_xsec_scalar_coeffs(t, iso->mass_mev, pt->sc_mass, 1.0, c);
            v = cevns_fold_moments(c, m);
            out[CEVNS_BASIS_SCALAR] = zf * zf * v;
            out[CEVNS_BASIS_SCALAR + 1] = zf * nf * v;
            out[CEVNS_BASIS_SCALAR + 2] = nf * nf * v;
        } else {
            cevns_xsec_scalar_coeffs(t, iso->mass_mev, pt->sc_mass, cevns_scalar_charge2(pt, flavour, zf, nf), c);
            out[CEVNS_INTERACTION_SCALAR] = cevns_fold_moments(c, m);
        }
    }
    if (h->use_axial) {
        cevns_xsec_axial_coeffs(t, iso->mass_mev, iso->axial_q2 * fp * fp, h->kinematics, c);
        out[basis ? (int)CEVNS_BASIS_AXIAL : (int)CEVNS_INTERACTION_AXIAL] = cevns_fold_moments(c, m);
    }
}

/* Integrand of one recoil node, for isotope iso and flux f, without the
 * response and quadrature weight: out[cevns_rate_cells(mode)].  Direct:
 * out[i] for i = SM, MAGNETIC, STERILE; basis: out[CEVNS_BASIS_*].
 * `sterile_only` selects the sterile term (its E_min differs). */
CEVNS_FN void cevns_recoil_cells(int mode, const cevns_pod_header *h, const cevns_pod_isotope *iso,
                                 CEVNS_CONST_GLOBAL cevns_pod_flux *f, CEVNS_CONST_GLOBAL double *data,
                                 const cevns_pod_point *pt, double t, int sterile_only, double *out) {
    int basis = mode == CEVNS_RATE_BASIS, k;
    double q = cevns_q_fm(t, iso->mass_mev);
    double fp = cevns_ff_eval(&iso->ff_p, q);
    double m[3], c[3];
    for (k = 0; k < cevns_rate_cells(mode); k++) out[k] = 0.0;
    if (sterile_only) {
        double b = cevns_dipole_prefactor(basis ? 1.0 : pt->mu_nu[f->flavour], (double)iso->z, fp);
        cevns_flux_moments(h, f, data, cevns_e_min_sterile(t, iso->mass_mev, pt->m4), m);
        cevns_xsec_sterile_coeffs(t, iso->mass_mev, pt->m4, b, c);
        out[basis ? (int)CEVNS_BASIS_STER : (int)CEVNS_INTERACTION_STERILE] = cevns_fold_moments(c, m);
        return;
    }
    cevns_flux_moments(h, f, data, cevns_e_min(t, iso->mass_mev), m);
    cevns_massless_cells(mode, h, iso, f->flavour, pt, t, q, fp,
                         h->use_sm || h->use_scalar ? cevns_plan_neutron_ff(iso, q, fp) : 0.0, m, 0, out);
}

/* The direct integrand: out[i] for i = SM, MAGNETIC, STERILE. */
CEVNS_FN void cevns_recoil_integrand(const cevns_pod_header *h, const cevns_pod_isotope *iso,
                                     CEVNS_CONST_GLOBAL cevns_pod_flux *f, CEVNS_CONST_GLOBAL double *data,
                                     const cevns_pod_point *pt, double t, int sterile_only, double *out) {
    cevns_recoil_cells(CEVNS_RATE_DIRECT, h, iso, f, data, pt, t, sterile_only, out);
}

/* The cached node of the massless pass at t with weight w: rec[CEVNS_NODE_*]. */
CEVNS_FN void cevns_node_record(const cevns_pod_header *h, const cevns_pod_isotope *iso,
                                CEVNS_CONST_GLOBAL cevns_pod_flux *f, CEVNS_CONST_GLOBAL double *data, double t,
                                double w, double *rec) {
    double q = cevns_q_fm(t, iso->mass_mev), fp = cevns_ff_eval(&iso->ff_p, q), m[3];
    cevns_flux_moments(h, f, data, cevns_e_min(t, iso->mass_mev), m);
    rec[CEVNS_NODE_T] = t;
    rec[CEVNS_NODE_W] = w;
    rec[CEVNS_NODE_Q] = q;
    rec[CEVNS_NODE_FP] = fp;
    rec[CEVNS_NODE_FN] = cevns_plan_neutron_ff(iso, q, fp);
    rec[CEVNS_NODE_M] = m[0];
    rec[CEVNS_NODE_M + 1] = m[1];
    rec[CEVNS_NODE_M + 2] = m[2];
}

/* Integrate the response-weighted integrand of `mode` over [a, b] with `panels`
 * panels; acc[k] += result for k < cevns_rate_cells(mode).  With acc == NULL
 * only the nodes are counted (*nodes).  RECORD: the nodes with a nonzero weight are
 * written to rec + CEVNS_NODE_SIZE * (*nodes), counted in *nodes. */
CEVNS_FN void cevns_integrate_recoil_mode(int mode, const cevns_pod_header *h, const cevns_pod_detector *d,
                                          const cevns_pod_isotope *iso, CEVNS_CONST_GLOBAL cevns_pod_flux *f,
                                          CEVNS_CONST_GLOBAL double *data, const cevns_pod_point *pt, int bin,
                                          double a, double b, int panels, int sterile_only, double *acc,
                                          double *nodes, double *rec) {
    CEVNS_CONST_GLOBAL double *gx = data + h->off_gl;
    CEVNS_CONST_GLOBAL double *gw = gx + h->gl_order;
    int geometric = (a > 0.0 && b > 2.0 * a);
    double ratio = geometric ? pow(b / a, 1.0 / panels) : 0.0;
    double lo = a;
    int p, i, k;
    for (p = 0; p < panels; p++) {
        double hi = (p == panels - 1) ? b : (geometric ? lo * ratio : a + (b - a) * (p + 1) / panels);
        double half_width = 0.5 * (hi - lo), mid = 0.5 * (hi + lo);
        if (!acc && mode != CEVNS_RATE_RECORD) {
            *nodes += (double)h->gl_order;
            lo = hi;
            continue;
        }
        for (i = 0; i < h->gl_order; i++) {
            double t = mid + half_width * gx[i];
            double v[CEVNS_N_BASIS];
            double w = half_width * gw[i] * cevns_bin_response(h, d, iso, data, bin, t);
            if (w == 0.0) continue;
            if (mode == CEVNS_RATE_RECORD) {
                cevns_node_record(h, iso, f, data, t, w, rec + CEVNS_NODE_SIZE * (int)*nodes);
                *nodes += 1.0;
                continue;
            }
            cevns_recoil_cells(mode, h, iso, f, data, pt, t, sterile_only, v);
            for (k = 0; k < cevns_rate_cells(mode); k++) acc[k] += w * v[k];
        }
        lo = hi;
    }
}

/* One recoil pass (s = 0: massless outgoing nu, SM and magnetic; 1: sterile) of isotope
 * iso and flux f in bin `bin`: the pieces between the bin's recoil breakpoints
 * tb[0..nb) inside the pass's kinematic range, with panels in proportion to each
 * piece's share of the bin in log T. */
CEVNS_FN void cevns_rate_pass(int mode, const cevns_pod_header *h, const cevns_pod_detector *d,
                              const cevns_pod_isotope *iso, CEVNS_CONST_GLOBAL cevns_pod_flux *f,
                              CEVNS_CONST_GLOBAL double *data, const cevns_pod_point *pt, int bin,
                              CEVNS_CONST_GLOBAL double *tb, int nb, int s, double *acc, double *nodes, double *rec) {
    double e_top = f->is_line ? f->e_line : f->e_max;
    double span = log(tb[nb - 1] / tb[0]), lo, hi;
    int j;
    if (!cevns_recoil_range(e_top, iso->mass_mev, s ? pt->m4 : 0.0, &lo, &hi)) return;
    for (j = 0; j + 1 < nb; j++) {
        double a = tb[j] > lo ? tb[j] : lo;
        double b = tb[j + 1] < hi ? tb[j + 1] : hi;
        int panels;
        if (!(b > a)) continue;
        panels = (int)ceil(h->panels * log(b / a) / (span > 0.0 ? span : 1.0));
        if (panels < 1) panels = 1;
        cevns_integrate_recoil_mode(mode, h, d, iso, f, data, pt, bin, a, b, panels, s, acc, nodes, rec);
    }
}

/* The direct massless cells of (bin, isotope ii, flux fi) from the node cache:
 * acc[every interaction but the sterile] += sum over the nodes of weight x integrand. */
CEVNS_FN void cevns_rate_cached_massless(const cevns_pod_header *h, const cevns_pod_isotope *iso,
                                         CEVNS_CONST_GLOBAL cevns_pod_flux *f, CEVNS_CONST_GLOBAL double *data,
                                         const cevns_pod_point *pt, int bin, int ii, int fi, double *acc) {
    CEVNS_CONST_GLOBAL double *ix = data + h->off_node_index + 2 * ((bin * h->n_iso + ii) * h->n_flux + fi);
    CEVNS_CONST_GLOBAL double *node = data + (int)ix[0];
    int n = (int)ix[1], i;
    double vw[3 * CEVNS_N_VF_PAIRS] = {0.0};
    if (h->use_sm) cevns_vector_weights(pt, f->flavour, cevns_vf_pairs(h), vw);
    for (i = 0; i < n; i++, node += CEVNS_NODE_SIZE) {
        double v[CEVNS_N_INTERACTIONS], m[3];
        int k;
        m[0] = node[CEVNS_NODE_M];
        m[1] = node[CEVNS_NODE_M + 1];
        m[2] = node[CEVNS_NODE_M + 2];
        for (k = 0; k < CEVNS_N_INTERACTIONS; k++) v[k] = 0.0;
        cevns_massless_cells(CEVNS_RATE_DIRECT, h, iso, f->flavour, pt, node[CEVNS_NODE_T], node[CEVNS_NODE_Q],
                             node[CEVNS_NODE_FP], node[CEVNS_NODE_FN], m, vw, v);
        for (k = 0; k < CEVNS_N_INTERACTIONS; k++) acc[k] += node[CEVNS_NODE_W] * v[k];
    }
}

/* The segment of bin `bin` in a joint plan (h->n_seg > 1, plan.h): its isotopes [*iso_lo,
 * *iso_hi), flux components [*flux_lo, *flux_hi) and detector (*d).  In a plan of one
 * experiment every isotope and flux component, and *d is left as it is. */
CEVNS_FN void cevns_plan_segment(const cevns_pod_header *h, CEVNS_CONST_GLOBAL double *data, int bin, int *iso_lo,
                                 int *iso_hi, int *flux_lo, int *flux_hi, cevns_pod_detector *d) {
    CEVNS_CONST_GLOBAL double *seg = data + h->off_seg;
    int s;
    *iso_lo = *flux_lo = 0;
    *iso_hi = h->n_iso;
    *flux_hi = h->n_flux;
    if (h->n_seg < 2) return;
    for (s = 0; s + 1 < h->n_seg && bin >= (int)seg[CEVNS_SEG_FIRST_BIN] + (int)seg[CEVNS_SEG_N_BINS]; s++)
        seg += CEVNS_SEG_SIZE;
    *iso_lo = (int)seg[CEVNS_SEG_ISO_LO];
    *iso_hi = (int)seg[CEVNS_SEG_ISO_HI];
    *flux_lo = (int)seg[CEVNS_SEG_FLUX_LO];
    *flux_hi = (int)seg[CEVNS_SEG_FLUX_HI];
    cevns_detector_load(seg + CEVNS_SEG_DETECTOR, d);
}

/* Cells of bin `bin` in `mode` over the recoil `passes`, summed over isotopes:
 * out[f * cevns_rate_cells(mode) + k] (overwritten).  Direct cells are counts
 * (norm * targets * integral), basis cells targets * integral.  The direct mode takes
 * the massless pass from the node cache when the plan has one.  With out == NULL the
 * recoil nodes are counted instead (*nodes), through the same loops (live). */
CEVNS_FN void cevns_rate_bin_mode(int mode, int passes, const cevns_pod_header *h,
                                  CEVNS_CONST_GLOBAL cevns_pod_isotope *isos, CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes,
                                  const cevns_pod_detector *d, CEVNS_CONST_GLOBAL double *data,
                                  const cevns_pod_point *pt, int bin, double *out, double *nodes) {
    int n_cells = cevns_rate_cells(mode), fi, ii, k, iso_lo, iso_hi, flux_lo, flux_hi;
    int cached = mode == CEVNS_RATE_DIRECT && out && h->off_nodes > 0;
    int eb = cevns_plan_energy_bin(h, data, bin); /* the recoil structures are the energy bin's */
    cevns_pod_detector seg_det = *d;
    cevns_plan_segment(h, data, bin, &iso_lo, &iso_hi, &flux_lo, &flux_hi, &seg_det);
    d = &seg_det;
    if (out)
        for (k = 0; k < n_cells * h->n_flux; k++) out[k] = 0.0;
    for (ii = iso_lo; ii < iso_hi; ii++) {
        cevns_pod_isotope iso = isos[ii];
        CEVNS_CONST_GLOBAL double *idx = data + h->off_tbreak_index + 2 * (eb * h->n_iso + ii);
        CEVNS_CONST_GLOBAL double *tb = data + (int)idx[0];
        int nb = (int)idx[1];
        double scale;
        if (nb < 2) continue;
        scale = mode == CEVNS_RATE_BASIS ? iso.targets : pt->norm * iso.targets;
        for (fi = flux_lo; fi < flux_hi; fi++) {
            CEVNS_CONST_GLOBAL cevns_pod_flux *f = fluxes + fi;
            double acc[CEVNS_N_BASIS], factor = cevns_plan_bin_factor(h, data, bin, fi);
            if (factor == 0.0) continue; /* none of this component's events in the bin (a time bin before it) */
            for (k = 0; k < n_cells; k++) acc[k] = 0.0;
            if ((passes & CEVNS_PASS_MASSLESS) && cevns_massless_on(h)) {
                if (cached) cevns_rate_cached_massless(h, &iso, f, data, pt, eb, ii, fi, acc);
                else cevns_rate_pass(mode, h, d, &iso, f, data, pt, eb, tb, nb, 0, out ? acc : 0, nodes, 0);
            }
            if ((passes & CEVNS_PASS_STERILE) && h->use_sterile)
                cevns_rate_pass(mode, h, d, &iso, f, data, pt, eb, tb, nb, 1, out ? acc : 0, nodes, 0);
            if (out)
                for (k = 0; k < n_cells; k++) out[n_cells * fi + k] += factor * scale * acc[k];
        }
    }
}

/* Counts of bin `bin` for every (flux, interaction): out[f * CEVNS_N_INTERACTIONS + i],
 * summed over isotopes.  out has n_flux * CEVNS_N_INTERACTIONS entries and is
 * overwritten.  With out == NULL the recoil nodes the bin would evaluate are counted
 * instead (for benchmarks: evaluations per second), through the same loops. */
CEVNS_FN void cevns_rate_bin_nodes(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_isotope *isos,
                                   CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes, const cevns_pod_detector *d,
                                   CEVNS_CONST_GLOBAL double *data, const cevns_pod_point *pt, int bin, double *out,
                                   double *nodes) {
    cevns_rate_bin_mode(CEVNS_RATE_DIRECT, CEVNS_PASS_ALL, h, isos, fluxes, d, data, pt, bin, out, nodes);
}

CEVNS_FN void cevns_rate_bin(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_isotope *isos,
                             CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes, const cevns_pod_detector *d,
                             CEVNS_CONST_GLOBAL double *data, const cevns_pod_point *pt, int bin, double *out) {
    double unused = 0.0;
    cevns_rate_bin_nodes(h, isos, fluxes, d, data, pt, bin, out, &unused);
}

/* The separable basis of bin `bin` at the point's m4 and rn_fm over `passes`:
 * out[f * CEVNS_N_BASIS + CEVNS_BASIS_*], summed over isotopes, without norm
 * (the contraction is common/separable.h). */
CEVNS_FN void cevns_rate_bin_basis(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_isotope *isos,
                                   CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes, const cevns_pod_detector *d,
                                   CEVNS_CONST_GLOBAL double *data, const cevns_pod_point *pt, int bin, int passes,
                                   double *out) {
    double unused = 0.0;
    cevns_rate_bin_mode(CEVNS_RATE_BASIS, passes, h, isos, fluxes, d, data, pt, bin, out, &unused);
}

/* Host, plan building: the massless nodes of (bin, isotope ii, flux fi) into rec (room
 * for every node of the pass); returns their number. */
CEVNS_FN int cevns_rate_record_nodes(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_isotope *isos,
                                     CEVNS_CONST_GLOBAL cevns_pod_flux *fluxes, const cevns_pod_detector *d,
                                     CEVNS_CONST_GLOBAL double *data, int bin, int ii, int fi, double *rec) {
    CEVNS_CONST_GLOBAL double *idx = data + h->off_tbreak_index + 2 * (bin * h->n_iso + ii);
    cevns_pod_isotope iso = isos[ii];
    cevns_pod_point none;
    cevns_pod_detector seg_det = *d;
    double count = 0.0;
    int nb = (int)idx[1], iso_lo, iso_hi, flux_lo, flux_hi;
    cevns_plan_segment(h, data, bin, &iso_lo, &iso_hi, &flux_lo, &flux_hi, &seg_det);
    if (nb < 2 || !cevns_massless_on(h) || ii < iso_lo || ii >= iso_hi || fi < flux_lo || fi >= flux_hi) return 0;
    cevns_point_clear(&none);
    cevns_rate_pass(CEVNS_RATE_RECORD, h, &seg_det, &iso, fluxes + fi, data, &none, bin, data + (int)idx[0], nb, 0, 0,
                    &count, rec);
    return (int)count;
}

#endif
