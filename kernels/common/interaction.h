/* interaction.h - the 1/E coefficients of one interaction on one isotope at
 * recoil T for a parameter point (xsec.h), with the form factors evaluated:
 * the single place that maps (interaction, isotope, point) to a cross section. */
#ifndef CEVNS_KERNELS_INTERACTION_H
#define CEVNS_KERNELS_INTERACTION_H

#include "portable.h"
#include "formfactor.h"
#include "kinematics.h"
#include "couplings.h"
#include "plan.h"
#include "xsec.h"

/* 1 when the plan computes interaction i (cevns_interaction). */
CEVNS_FN int cevns_interaction_on(const cevns_pod_header *h, int i) {
    switch (i) {
    case CEVNS_INTERACTION_SM: return h->use_sm;
    case CEVNS_INTERACTION_MAGNETIC: return h->use_magnetic;
    case CEVNS_INTERACTION_STERILE: return h->use_sterile;
    case CEVNS_INTERACTION_SCALAR: return h->use_scalar;
    default: return h->use_axial;
    }
}

/* 1 when the plan computes an interaction of the massless pass (every one but the sterile). */
CEVNS_FN int cevns_massless_on(const cevns_pod_header *h) {
    return h->use_sm || h->use_magnetic || h->use_scalar || h->use_axial;
}

/* Outgoing neutrino mass of an interaction: m4 for the sterile portal, else 0. */
CEVNS_FN double cevns_interaction_m_out(int interaction, const cevns_pod_point *pt) {
    return interaction == CEVNS_INTERACTION_STERILE ? pt->m4 : 0.0;
}

/* Neutron form factor at q: the plan's, or the same family with the point's
 * neutron rms radius when pt->rn_fm > 0 (the R_n scan axis). */
CEVNS_FN double cevns_neutron_ff(const cevns_pod_isotope *iso, const cevns_pod_point *pt, double q) {
    if (pt->rn_fm > 0.0) {
        cevns_ff ff;
        cevns_ff_with_rms_radius(&iso->ff_n, pt->rn_fm, &ff);
        return cevns_ff_eval(&ff, q);
    }
    return cevns_ff_eval(&iso->ff_n, q);
}

/* The plan's neutron form factor at q, given F_p there: F_p itself when the neutron and
 * proton densities are the same (no model.form_factor.neutron_radius_fm), which saves
 * the second evaluation of the form factor. */
CEVNS_FN double cevns_plan_neutron_ff(const cevns_pod_isotope *iso, double q, double fp) {
    if (iso->ff_n.kind == iso->ff_p.kind && iso->ff_n.r == iso->ff_p.r && iso->ff_n.s == iso->ff_p.s) return fp;
    return cevns_ff_eval(&iso->ff_n, q);
}

/* c[0..2] such that dsigma/dT = c0 + c1/E + c2/E^2 for E >= E_min(T, m_out). */
CEVNS_FN void cevns_interaction_coeffs(int interaction, const cevns_pod_header *h, const cevns_pod_isotope *iso,
                                       const cevns_pod_point *pt, int flavour, double t, double *c) {
    double q = cevns_q_fm(t, iso->mass_mev);
    double fp = cevns_ff_eval(&iso->ff_p, q);
    double zf = (double)iso->z * fp;
    if (interaction == CEVNS_INTERACTION_SM || interaction == CEVNS_INTERACTION_SCALAR) {
        double nf = (double)iso->n * cevns_neutron_ff(iso, pt, q), phi[CEVNS_N_VF];
        if (interaction == CEVNS_INTERACTION_SCALAR) {
            cevns_xsec_scalar_coeffs(t, iso->mass_mev, pt->sc_mass, cevns_scalar_charge2(pt, flavour, zf, nf), c);
            return;
        }
        cevns_vector_functions(h, pt, 2.0 * iso->mass_mev * t, phi);
        cevns_xsec_sm_coeffs(t, iso->mass_mev, cevns_vector_charge2(pt, flavour, zf, nf, phi), h->kinematics, c);
    } else if (interaction == CEVNS_INTERACTION_AXIAL) {
        cevns_xsec_axial_coeffs(t, iso->mass_mev, iso->axial_q2 * fp * fp, h->kinematics, c);
    } else {
        double b = cevns_dipole_prefactor(pt->mu_nu[flavour], (double)iso->z, fp);
        if (interaction == CEVNS_INTERACTION_MAGNETIC) cevns_xsec_magnetic_coeffs(t, b, c);
        else cevns_xsec_sterile_coeffs(t, iso->mass_mev, pt->m4, b, c);
    }
}

#endif
