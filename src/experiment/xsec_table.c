/* xsec_table.c - dsigma/dT per isotope of a target at one (E, T): the
 * library side of `cevns xsec`, on the same kernels/common formulas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/experiment.h"
#include "cevns/model.h"
#include "common/interaction.h"
#include "experiment/experiment_internal.h"

static double isotope_xsec(const cevns_config *cfg, const cevns_plan_input *in, const cevns_pod_isotope *iso,
                           double e, double t, int interaction, int flavour) {
    cevns_params p;
    cevns_pod_point pt;
    cevns_pod_header h;
    double c[3];
    memset(&h, 0, sizeof h);
    h.kinematics = in->kinematics;
    h.use_zprime = in->use_zprime;
    h.use_millicharge = in->use_millicharge;
    cevns_model_params(&cfg->model, &p);
    cevns_params_to_point(&p, &pt);
    if (!(e >= cevns_e_min_sterile(t, iso->mass_mev, cevns_interaction_m_out(interaction, &pt)))) return 0.0;
    cevns_interaction_coeffs(interaction, &h, iso, &pt, flavour, t, c);
    return cevns_xsec_from_coeffs(c, e);
}

cevns_status cevns_xsec_evaluate_many(const cevns_config *cfg, size_t n, const double *e_MeV, const double *t_MeV,
                                      int interaction, int flavour, cevns_xsec_row *rows, size_t max_rows,
                                      size_t *n_rows, double *dsigma, cevns_error *err) {
    cevns_isotope_table *tab = NULL;
    cevns_plan_input in;
    cevns_target target = {0};
    cevns_pod_isotope *pods = NULL;
    double *axial_q2 = NULL;
    cevns_enrichment none[1];
    cevns_status st = CEVNS_OK;
    double total = 0.0;
    size_t i, k;
    *n_rows = 0;
    for (k = 0; k < n; k++)
        if (!(e_MeV[k] > 0.0) || !(t_MeV[k] > 0.0))
            return cevns_error_set(err, CEVNS_EPHYSICS,
                                   "neutrino energy and recoil must be > 0 (got E = %g MeV, T = %g MeV%s)", e_MeV[k],
                                   t_MeV[k], n > 1 ? " in one of the pairs" : "");
    if (flavour < 0 || flavour > 2 || interaction < 0 || interaction >= CEVNS_N_INTERACTIONS)
        return cevns_error_set(err, CEVNS_EINTERNAL, "bad flavour or interaction index");
    if ((st = cevns_experiment_isotopes(cfg, &tab, err)) == CEVNS_OK &&
        (st = cevns_target_create(tab, cfg->target.material, none, 0, &target, err)) == CEVNS_OK) {
        /* the plan's isotopes (form factors, masses) with the config's model; no detector */
        cevns_plan_input_from_config(cfg, &in);
        in.target = &target;
        if (in.use_axial) st = cevns_experiment_axial_charges(cfg, &target, &axial_q2, err);
        in.axial_q2 = axial_q2;
        if (st == CEVNS_OK && (st = cevns_plan_isotopes(&in, 1.0, &pods, err)) != CEVNS_OK)
            cevns_error_prefix(err, st, "%s", cfg->path);
    }
    if (st == CEVNS_OK && target.n > max_rows)
        st = cevns_error_set(err, CEVNS_EINTERNAL, "target %s has %zu isotopes, more than %zu", cfg->target.material,
                             target.n, max_rows);
    for (i = 0; st == CEVNS_OK && i < target.n; i++) total += target.nuclei[i].nuclei_per_kg;
    for (i = 0; st == CEVNS_OK && i < target.n; i++) {
        rows[i].z = target.nuclei[i].iso.z;
        rows[i].a = target.nuclei[i].iso.a;
        memcpy(rows[i].symbol, target.nuclei[i].iso.symbol, sizeof rows[i].symbol);
        rows[i].fraction = target.nuclei[i].nuclei_per_kg / total;
        for (k = 0; k < n; k++)
            dsigma[i * n + k] = isotope_xsec(cfg, &in, &pods[i], e_MeV[k], t_MeV[k], interaction, flavour);
        rows[i].dsigma_cm2_MeV = dsigma[i * n];
    }
    if (st == CEVNS_OK) *n_rows = target.n;
    free(pods);
    free(axial_q2);
    cevns_target_free(&target);
    cevns_isotope_table_free(tab);
    return st;
}

cevns_status cevns_xsec_evaluate(const cevns_config *cfg, double e_MeV, double t_MeV, int interaction, int flavour,
                                 cevns_xsec_row *rows, size_t max_rows, size_t *n_rows, cevns_error *err) {
    double dsigma[CEVNS_XSEC_MAX_ISOTOPES];
    if (max_rows > CEVNS_XSEC_MAX_ISOTOPES) max_rows = CEVNS_XSEC_MAX_ISOTOPES;
    return cevns_xsec_evaluate_many(cfg, 1, &e_MeV, &t_MeV, interaction, flavour, rows, max_rows, n_rows, dsigma, err);
}
