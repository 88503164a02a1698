/* experiment.c - config -> isotopes, target, flux, detector response, exposure -> plan;
 * the experiment's rates (the CPU fast path or the GSL reference). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/constants.h"
#include "common/interaction.h"
#include "engine/engine.h"
#include "experiment/experiment_internal.h"
#include "rate/reference.h"

cevns_status cevns_experiment_isotopes(const cevns_config *cfg, cevns_isotope_table **tab, cevns_error *err) {
    char ame[CEVNS_PATH_MAX + 64], abund[CEVNS_PATH_MAX + 64];
    cevns_status st = cevns_config_check_data_dir(cfg, err);
    if (st != CEVNS_OK) return st;
    snprintf(ame, sizeof ame, "%s/nuclear/ame2020_natural.txt", cfg->data_dir);
    snprintf(abund, sizeof abund, "%s/nuclear/isotopic_abundances_all.txt", cfg->data_dir);
    return cevns_isotope_table_create(ame, abund, tab, err);
}

static cevns_status build_target(cevns_experiment *e, cevns_error *err) {
    cevns_enrichment enr[CEVNS_MAX_ENRICH];
    int i;
    for (i = 0; i < e->cfg.target.n_enrich; i++) {
        memcpy(enr[i].element, e->cfg.target.enrich[i].element, sizeof enr[i].element);
        enr[i].a = e->cfg.target.enrich[i].a;
        enr[i].fraction = e->cfg.target.enrich[i].fraction;
    }
    return cevns_target_create(e->isotopes, e->cfg.target.material, enr, (size_t)e->cfg.target.n_enrich, &e->target,
                              err);
}

static void sns_pot(const cevns_source_config *s, cevns_sns_params *p) {
    p->pot = s->pot;
    p->beam_power_MW = s->beam_power_MW;
    p->beam_hours = s->beam_hours;
    p->proton_energy_GeV = s->proton_energy_GeV;
    p->coulombs = s->coulombs;
    p->distance_m = s->distance_m;
    p->use_prompt = s->use_prompt;
    p->use_delayed_nue = s->use_delayed_nue;
    p->use_delayed_numubar = s->use_delayed_numubar;
}

static cevns_status build_flux(cevns_experiment *e, cevns_error *err) {
    const cevns_config *cfg = &e->cfg;
    const cevns_source_config *s = &cfg->source;
    switch (s->type) {
    case CEVNS_SOURCE_SNS:
    case CEVNS_SOURCE_FLUKA: {
        cevns_sns_params p;
        cevns_status st;
        memset(&p, 0, sizeof p);
        sns_pot(s, &p);
        if (s->type == CEVNS_SOURCE_FLUKA) {
            st = cevns_fluka_yields(s->fluka_target, p.nu_per_proton, err);
            if (st != CEVNS_OK) return cevns_error_prefix(err, st, "%s: experiment.source.target", cfg->path);
        } else {
            p.nu_per_proton[0] = p.nu_per_proton[1] = p.nu_per_proton[2] = s->nu_per_proton;
        }
        st = cevns_flux_create_sns(&p, &e->flux, err);
        return st == CEVNS_OK ? st : cevns_error_prefix(err, st, "%s", cfg->path);
    }
    case CEVNS_SOURCE_SOLAR: {
        char b8[CEVNS_PATH_MAX], hep[CEVNS_PATH_MAX];
        cevns_solar_params p;
        cevns_status st;
        memset(&p, 0, sizeof p);
        cevns_config_resolve_path(cfg, s->b8_file, b8, sizeof b8);
        cevns_config_resolve_path(cfg, s->hep_file, hep, sizeof hep);
        p.use_b8 = s->use_b8;
        p.use_hep = s->use_hep;
        p.b8_file = b8;
        p.hep_file = hep;
        p.b8_total = s->b8_total_cm2_s;
        p.hep_total = s->hep_total_cm2_s;
        st = cevns_flux_create_solar(&p, &e->flux, err);
        return st == CEVNS_OK ? st : cevns_error_prefix(err, st, "%s: experiment.source", cfg->path);
    }
    case CEVNS_SOURCE_REACTOR: {
        cevns_reactor_params p;
        cevns_status st;
        memset(&p, 0, sizeof p);
        memcpy(p.fission_fraction, s->fission_fractions, sizeof p.fission_fraction);
        p.thermal_power_MW = s->thermal_power_MW;
        p.distance_m = s->distance_m;
        p.flux_cm2_s = s->flux_cm2_s;
        p.e_lo = s->e_lo_MeV;
        p.e_hi = s->e_hi_MeV;
        st = cevns_flux_create_reactor(&p, &e->flux, err);
        return st == CEVNS_OK ? st : cevns_error_prefix(err, st, "%s: experiment.source", cfg->path);
    }
    case CEVNS_SOURCE_TABLE: {
        char path[CEVNS_PATH_MAX];
        cevns_table_flux_params p;
        cevns_status st;
        cevns_config_resolve_path(cfg, s->file, path, sizeof path);
        p.file = path;
        p.total = s->flux_cm2_s;
        p.flavour = s->flavour;
        p.antineutrino = s->antineutrino;
        p.name = "table";
        st = cevns_flux_create_table(&p, &e->flux, err);
        return st == CEVNS_OK ? st : cevns_error_prefix(err, st, "%s: experiment.source.file", cfg->path);
    }
    }
    return cevns_error_set(err, CEVNS_EINTERNAL, "unknown source type");
}

/* Beam sources carry their own time integral (POT): they need a mass.  Steady
 * sources need mass x live time, given as both or as exposure_kg_day. */
static cevns_status resolve_exposure(cevns_experiment *e, cevns_error *err) {
    const cevns_detector_config *d = &e->cfg.detector;
    int beam = e->cfg.source.type == CEVNS_SOURCE_SNS || e->cfg.source.type == CEVNS_SOURCE_FLUKA;
    if (beam) {
        if (!(d->mass_kg > 0.0))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: experiment.detector.mass_kg: required (> 0) for a beam source, whose "
                                   "exposure is set by the protons on target",
                                   e->cfg.path);
        e->mass_kg = d->mass_kg;
        e->live_seconds = 0.0;
        return CEVNS_OK;
    }
    if (d->exposure_kg_day > 0.0) {
        e->mass_kg = d->exposure_kg_day;
        e->live_seconds = CEVNS_SECONDS_PER_DAY;
        return CEVNS_OK;
    }
    if (!(d->mass_kg > 0.0) || !(d->live_days > 0.0))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: experiment.detector: a steady source needs exposure_kg_day, or both mass_kg and "
                               "live_days (> 0)",
                               e->cfg.path);
    e->mass_kg = d->mass_kg;
    e->live_seconds = d->live_days * CEVNS_SECONDS_PER_DAY;
    return CEVNS_OK;
}

/* The plan input of a (single) experiment: its config's choices and its model objects. */
static void plan_input_of(const cevns_experiment *e, cevns_plan_input *in) {
    cevns_plan_input_from_config(&e->cfg, in);
    in->axial_q2 = e->axial_q2;
    in->target = &e->target;
    in->flux = &e->flux;
    in->detector = &e->detector;
    in->mass_kg = e->mass_kg;
    in->live_seconds = e->live_seconds;
}

/* A joint fit: each experiment on its own (its config: cevns_config_member), then their
 * plans in one. */
static cevns_status create_joint(cevns_experiment *e, cevns_error *err) {
    cevns_plan_input in[CEVNS_MAX_EXPERIMENTS];
    cevns_config *mc = malloc(sizeof *mc);
    cevns_status st = CEVNS_OK;
    int i, n = e->cfg.n_experiments;
    if (!mc) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (i = 0; i < n && st == CEVNS_OK; i++) {
        cevns_config_member(&e->cfg, i, mc);
        if (mc->detector.time.n_bins > 0 || mc->detector.psd.n_bins > 0)
            st = cevns_error_set(err, CEVNS_ECONFIG, "%s: experiments[%d] (%s): arrival-time or pulse-shape bins "
                                                     "(experiment.detector.time, .psd) are not available in joint fits "
                                                     "yet: fit that experiment alone", e->cfg.path, i, mc->name);
        else st = cevns_experiment_create(mc, &e->members[i], err);
        if (st == CEVNS_OK) {
            e->n_members = i + 1;
            plan_input_of(e->members[i], &in[i]);
        }
    }
    free(mc);
    if (st != CEVNS_OK) return st;
    if ((st = cevns_plan_build_joint(in, n, &e->plan, err)) != CEVNS_OK)
        return cevns_error_prefix(err, st, "%s", e->cfg.path);
    if (!(e->joint_edges = malloc(((size_t)e->plan.hdr.n_bins + 1) * sizeof *e->joint_edges)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (i = 0; i <= e->plan.hdr.n_bins; i++) e->joint_edges[i] = (double)i;
    if (!(e->joint_flux_names = calloc((size_t)e->plan.hdr.n_flux + 1, sizeof *e->joint_flux_names)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    {
        size_t f = 0, k;
        for (i = 0; i < n; i++)
            for (k = 0; k < cevns_experiment_n_flux(e->members[i]); k++, f++)
                snprintf(e->joint_flux_names[f], sizeof e->joint_flux_names[f], "%s:%s", e->members[i]->cfg.name,
                         cevns_experiment_flux_name(e->members[i], k));
    }
    e->mass_kg = e->members[0]->mass_kg;
    e->live_seconds = e->members[0]->live_seconds;
    return CEVNS_OK;
}

cevns_status cevns_experiment_create(const cevns_config *cfg, cevns_experiment **out, cevns_error *err) {
    cevns_experiment *e = calloc(1, sizeof *e);
    cevns_status st;
    *out = NULL;
    if (!e) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    e->cfg = *cfg;
    if (cfg->n_experiments > 0) {
        if ((st = create_joint(e, err)) != CEVNS_OK) {
            cevns_experiment_free(e);
            return st;
        }
        *out = e;
        return CEVNS_OK;
    }
    if ((st = resolve_exposure(e, err)) == CEVNS_OK && (st = cevns_experiment_isotopes(cfg, &e->isotopes, err)) == CEVNS_OK &&
        (st = build_target(e, err)) == CEVNS_OK &&
        (!cfg->model.use_axial || (st = cevns_experiment_axial_charges(cfg, &e->target, &e->axial_q2, err)) == CEVNS_OK) &&
        (st = build_flux(e, err)) == CEVNS_OK && (st = cevns_detector_create(cfg, &e->detector, err)) == CEVNS_OK) {
        cevns_plan_input in;
        plan_input_of(e, &in);
        st = cevns_plan_build(&in, &e->plan, err);
        if (st == CEVNS_OK) st = cevns_experiment_map_bins(e, err);
        if (st != CEVNS_OK) cevns_error_prefix(err, st, "%s", cfg->path);
    }
    if (st != CEVNS_OK) {
        cevns_experiment_free(e);
        return st;
    }
    *out = e;
    return CEVNS_OK;
}

void cevns_experiment_free(cevns_experiment *e) {
    int i;
    if (!e) return;
    for (i = 0; i < e->n_members; i++) cevns_experiment_free(e->members[i]);
    free(e->joint_edges);
    free(e->joint_flux_names);
    cevns_plan_free(&e->plan);
    cevns_detector_free(&e->detector);
    cevns_flux_free(&e->flux);
    cevns_target_free(&e->target);
    cevns_isotope_table_free(e->isotopes);
    free(e->axial_q2);
    free(e);
}

void cevns_plan_input_from_config(const cevns_config *cfg, cevns_plan_input *in) {
    const cevns_model_config *m = &cfg->model;
    memset(in, 0, sizeof *in);
    in->ff_type = m->form_factor.type;
    in->helm_convention = m->form_factor.helm_convention;
    in->skin_fm = m->form_factor.skin_fm;
    in->neutron_radius_fm = m->form_factor.neutron_radius_fm;
    in->kinematics = (cevns_kinematics)m->kinematics;
    in->use_sm = m->use_sm;
    in->use_magnetic = m->use_magnetic;
    in->use_sterile = m->use_sterile;
    in->use_scalar = m->scalar.preset != CEVNS_MEDIATOR_NONE;
    in->use_axial = m->use_axial;
    in->use_zprime = cevns_model_zprime_kind(m);
    in->use_millicharge = 0;
    for (int i = 0; i < 9; i++)
        if (m->millicharge[i] != 0.0) in->use_millicharge = 1;
    for (int a = 0; a < cfg->scan.n_axes; a++)
        if (cfg->scan.axes[a].kind == CEVNS_AXIS_QNU) in->use_millicharge = 1;
    in->gl_order = cfg->quadrature.gl_order;
    in->panels = cfg->quadrature.panels;
}

const cevns_config *cevns_experiment_config(const cevns_experiment *e) { return &e->cfg; }

void cevns_experiment_default_params(const cevns_experiment *e, cevns_params *p) {
    cevns_model_params(&e->cfg.model, p);
}

void cevns_model_params(const cevns_model_config *m, cevns_params *p) {
    p->sin2_theta_w = m->sin2_theta_w;
    p->m4_MeV = m->m4_MeV;
    p->normalisation = m->normalisation;
    memcpy(p->mu_nu, m->mu_nu, sizeof p->mu_nu);
    memcpy(p->eps_u, m->eps_u, sizeof p->eps_u);
    memcpy(p->eps_d, m->eps_d, sizeof p->eps_d);
    p->rn_fm = 0.0;
    cevns_model_beyond_params(m, p);
}

void cevns_params_to_point(const cevns_params *p, cevns_pod_point *pt) {
    memset(pt, 0, sizeof *pt);
    pt->sin2w = p->sin2_theta_w;
    pt->m4 = p->m4_MeV;
    pt->norm = p->normalisation;
    memcpy(pt->mu_nu, p->mu_nu, sizeof p->mu_nu);
    memcpy(pt->eps_u, p->eps_u, sizeof p->eps_u);
    memcpy(pt->eps_d, p->eps_d, sizeof p->eps_d);
    pt->rn_fm = p->rn_fm;
    memcpy(pt->r2, p->charge_radius_cm2, sizeof pt->r2);
    memcpy(pt->qnu, p->millicharge, sizeof pt->qnu);
    memcpy(pt->gp_shift, p->gp_shift, sizeof pt->gp_shift);
    pt->zp_mass = p->zprime_mass_MeV;
    pt->zp_g = p->zprime_g;
    memcpy(pt->zp_qnu, p->zprime_charge_nu, sizeof pt->zp_qnu);
    pt->zp_qp = p->zprime_charge_p;
    pt->zp_qn = p->zprime_charge_n;
    pt->sc_mass = p->scalar_mass_MeV;
    pt->sc_g = p->scalar_g;
    memcpy(pt->sc_qnu, p->scalar_charge_nu, sizeof pt->sc_qnu);
    pt->sc_qp = p->scalar_charge_p;
    pt->sc_qn = p->scalar_charge_n;
}

size_t cevns_experiment_n_bins(const cevns_experiment *e) { return (size_t)e->plan.hdr.n_bins; }
size_t cevns_experiment_n_flux(const cevns_experiment *e) { return (size_t)e->plan.hdr.n_flux; }
size_t cevns_experiment_n_isotopes(const cevns_experiment *e) { return (size_t)e->plan.hdr.n_iso; }
const char *cevns_experiment_flux_name(const cevns_experiment *e, size_t f) {
    return e->joint_flux_names ? e->joint_flux_names[f] : e->flux.comp[f].name;
}
int cevns_experiment_bin_box(const cevns_experiment *e, size_t b, double lo[3], double hi[3], const char *names[3]) {
    const cevns_detector_config *d = &e->cfg.detector;
    cevns_bin_axes_n axes = cevns_detector_bin_axes(d);
    size_t ie, ip, it;
    const double *energy = e->n_members > 0 || !e->joint_edges ? cevns_experiment_bin_edges(e) : d->edges;
    int n = 1;
    cevns_bin_split(&axes, b, &ie, &ip, &it);
    if (e->n_members > 0 || !e->joint_edges) ie = b; /* a joint fit: bin numbers; one axis: the edges */
    lo[0] = energy[ie];
    hi[0] = energy[ie + 1];
    if (names) names[0] = cevns_observable_name(e);
    if (e->n_members == 0 && d->psd.n_bins > 0) {
        lo[n] = d->psd.edges[ip];
        hi[n] = d->psd.edges[ip + 1];
        if (names) names[n] = "psd";
        n++;
    }
    if (e->n_members == 0 && d->time.n_bins > 0) {
        lo[n] = d->time.edges_us[it];
        hi[n] = d->time.edges_us[it + 1];
        if (names) names[n] = "time_us";
        n++;
    }
    return n;
}

const double *cevns_experiment_bin_edges(const cevns_experiment *e) {
    return e->joint_edges ? e->joint_edges : e->plan.data + e->plan.hdr.off_edges;
}
int cevns_experiment_n_members(const cevns_experiment *e) { return e->n_members; }
const cevns_experiment *cevns_experiment_member(const cevns_experiment *e, int i) {
    return i >= 0 && i < e->n_members ? e->members[i] : NULL;
}
size_t cevns_experiment_member_first_bin(const cevns_experiment *e, int i) {
    size_t first = 0;
    int k;
    for (k = 0; k < i && k < e->n_members; k++) first += cevns_experiment_n_bins(e->members[k]);
    return first;
}

/* The reference integrator on each experiment of a joint fit, into the joint layout. */
static cevns_status joint_reference(const cevns_experiment *e, const cevns_params *p, double rel_tol,
                                    double *counts, cevns_error *err) {
    size_t nf = cevns_experiment_n_flux(e), first_bin = 0, first_flux = 0, n_all = cevns_experiment_n_bins(e);
    size_t b, f, k;
    cevns_status st = CEVNS_OK;
    int i;
    for (k = 0; k < n_all * nf * CEVNS_N_INTERACTIONS; k++) counts[k] = 0.0;
    for (i = 0; i < e->n_members && st == CEVNS_OK; i++) {
        const cevns_experiment *m = e->members[i];
        size_t mb = cevns_experiment_n_bins(m), mf = cevns_experiment_n_flux(m);
        double *c = malloc(mb * mf * CEVNS_N_INTERACTIONS * sizeof *c);
        if (!c) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        st = cevns_experiment_rate(m, p, CEVNS_INTEGRATOR_REFERENCE, rel_tol, c, err);
        for (b = 0; b < mb && st == CEVNS_OK; b++)
            for (f = 0; f < mf; f++)
                for (k = 0; k < CEVNS_N_INTERACTIONS; k++)
                    counts[((first_bin + b) * nf + first_flux + f) * CEVNS_N_INTERACTIONS + k] =
                        c[(b * mf + f) * CEVNS_N_INTERACTIONS + k];
        free(c);
        first_bin += mb;
        first_flux += mf;
    }
    return st;
}

const char *cevns_observable_name(const cevns_experiment *e) {
    static const char *const names[] = {"keVnr", "keVee", "PE"};
    return names[e->plan.det.observable];
}

const char *cevns_interaction_name(int interaction) {
    static const char *const names[] = {"sm", "magnetic", "sterile", "scalar", "axial"};
    return interaction >= 0 && interaction < CEVNS_N_INTERACTIONS ? names[interaction] : "?";
}

int cevns_experiment_interaction_on(const cevns_experiment *e, int interaction) {
    return cevns_interaction_on(&e->plan.hdr, interaction);
}

cevns_status cevns_experiment_rate(const cevns_experiment *e, const cevns_params *p, cevns_integrator integ,
                                   double rel_tol, double *counts, cevns_error *err) {
    cevns_pod_point pt;
    cevns_params_to_point(p, &pt);
    if (integ == CEVNS_INTEGRATOR_REFERENCE && e->n_members > 0) return joint_reference(e, p, rel_tol, counts, err);
    if (integ == CEVNS_INTEGRATOR_REFERENCE)
        return cevns_rate_reference(&e->plan, &e->flux, &pt, rel_tol > 0.0 ? rel_tol : e->cfg.quadrature.ref_rel_tol,
                                    counts, err);
    return cevns_cpu_direct(&e->plan, &pt, 1, 0, counts, NULL, err);
}
