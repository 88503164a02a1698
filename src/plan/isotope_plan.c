/* isotope_plan.c - per-isotope POD: masses, target counts, form-factor
 * parameters (PHYSICS.md §3) and Lindhard k. */
#include <math.h>
#include <stdlib.h>

#include "common/constants.h"
#include "common/detector.h"
#include "common/formfactor.h"
#include "plan/plan.h"

/* Lewin & Smith (Astropart. Phys. 6 (1996) 87) Helm radius:
 * R0^2 = c^2 + (7/3) pi^2 a^2 - 5 s^2, c = 1.23 A^(1/3) - 0.60 fm, a = 0.52 fm. */
static double helm_r0_lewin_smith(double a_mass, double s) {
    double c = 1.23 * cbrt(a_mass) - 0.60, a = 0.52;
    return sqrt(c * c + 7.0 / 3.0 * CEVNS_PI * CEVNS_PI * a * a - 5.0 * s * s);
}

/* Proton form factor parameters of the configured family. */
static void proton_form_factor(const cevns_plan_input *in, double a_mass, cevns_ff *ff) {
    double s = in->skin_fm;
    ff->reserved = 0;
    switch (in->ff_type) {
    case CEVNS_FF_HELM:
        ff->kind = CEVNS_FF_HELM;
        ff->s = s;
        ff->r = in->helm_convention == CEVNS_HELM_R0_1P2 ? 1.2 * cbrt(a_mass) : helm_r0_lewin_smith(a_mass, s);
        break;
    case CEVNS_FF_KLEIN_NYSTRAND: /* Klein & Nystrand, PRC 60 (1999) 014903 */
        ff->kind = CEVNS_FF_KLEIN_NYSTRAND;
        ff->r = 1.23 * cbrt(a_mass);
        ff->s = 0.7;
        break;
    case CEVNS_FF_SYMM_FERMI:
        ff->kind = CEVNS_FF_SYMM_FERMI;
        ff->r = 1.23 * cbrt(a_mass) - 0.60;
        ff->s = 0.52;
        break;
    default:
        ff->kind = CEVNS_FF_NONE;
        ff->r = ff->s = 0.0;
    }
}

/* Neutron form factor of the same family with rms radius rn (formfactor.h). */
static cevns_status neutron_form_factor(double rn, cevns_ff *ff, cevns_error *err) {
    cevns_ff base = *ff;
    double extra = cevns_ff_rms_extra(&base);
    if (extra < 0.0)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "model.form_factor.neutron_radius_fm: needs a form factor with a radius "
                               "(helm, klein-nystrand or symmetrized-fermi), not none");
    if (!cevns_ff_with_rms_radius(&base, rn, ff))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "model.form_factor.neutron_radius_fm: %g fm is too small for this form factor "
                               "(rms radius must exceed %g fm)",
                               rn, sqrt(extra));
    return CEVNS_OK;
}

cevns_status cevns_plan_isotopes(const cevns_plan_input *in, double mass_kg, cevns_pod_isotope **out,
                                 cevns_error *err) {
    const cevns_target *target = in->target;
    size_t i;
    cevns_pod_isotope *v = calloc(target->n ? target->n : 1, sizeof *v);
    if (!v) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for isotopes");
    for (i = 0; i < target->n; i++) {
        const cevns_isotope *iso = &target->nuclei[i].iso;
        double a_mass = (double)iso->a;
        v[i].z = iso->z;
        v[i].n = iso->a - iso->z;
        v[i].mass_mev = iso->nuclear_mass_mev;
        v[i].targets = target->nuclei[i].nuclei_per_kg * mass_kg;
        /* default Lindhard k = 0.133 Z^(2/3) A^(-1/2) (PHYSICS.md §6) */
        v[i].lindhard_k = in->detector && in->detector->lindhard_k > 0.0
                              ? in->detector->lindhard_k
                              : 0.133 * pow((double)iso->z, 2.0 / 3.0) / sqrt(a_mass);
        v[i].lindhard_eps_per_kev = cevns_lindhard_eps_per_kev((double)iso->z);
        proton_form_factor(in, a_mass, &v[i].ff_p);
        v[i].ff_n = v[i].ff_p;
        v[i].axial_q2 = in->use_axial ? in->axial_q2[i] : 0.0;
        if (in->neutron_radius_fm > 0.0) {
            cevns_status st = neutron_form_factor(in->neutron_radius_fm, &v[i].ff_n, err);
            if (st != CEVNS_OK) {
                free(v);
                return st;
            }
        }
    }
    *out = v;
    return CEVNS_OK;
}
