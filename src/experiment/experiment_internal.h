/* experiment_internal.h - the experiment: the config resolved into the model (isotopes,
 * target, flux, detector response) and its plan.  This layer sits above config, model,
 * plan, rate and the engines' CPU fast path: it is the one place where config keys
 * become model objects and files are read (the files of src/experiment). */
#ifndef CEVNS_SRC_EXPERIMENT_INTERNAL_H
#define CEVNS_SRC_EXPERIMENT_INTERNAL_H

#include "cevns/experiment.h"
#include "cevns/model.h"
#include "plan/plan.h"

struct cevns_experiment {
    cevns_config cfg;
    cevns_isotope_table *isotopes;
    cevns_target target;
    cevns_flux flux;
    cevns_detector detector;
    cevns_plan plan;
    double *axial_q2;    /* per target nucleus, with model.axial (else NULL) */
    double mass_kg;      /* multiplies nuclei per kg */
    double live_seconds; /* multiplies per-second fluxes */
    /* A joint fit (cfg.n_experiments > 0): its experiments, each whole; the plan above is
     * theirs in one (segments), and target, flux and detector above stay empty. */
    int n_members;
    cevns_experiment *members[CEVNS_MAX_EXPERIMENTS];
    double *joint_edges; /* n_bins + 1 bin numbers 0 .. n_bins, for a joint fit (the experiments' edges do not
                            chain) and for bins beyond energy (bin_layout.c); NULL: the energy edges */
    char (*joint_flux_names)[192]; /* "<experiment>:<component>" per flux component */
};

/* The parameters written in a config's model section. */
void cevns_model_params(const cevns_model_config *m, cevns_params *p);
/* Its parameters beyond the SM (mediators.c): the mediators' presets as charges, the
 * radiative corrections as shifts of g_V^p, g_V^n, the charge radii and millicharges. */
void cevns_model_beyond_params(const cevns_model_config *m, cevns_params *p);
/* h->use_zprime of the model (CEVNS_ZPRIME_*). */
int cevns_model_zprime_kind(const cevns_model_config *m);
/* The squared axial charge of each of the target's nuclei (spin_load.c), from the spin
 * table of cfg->data_dir; an isotope with spin and no entry is an error naming it. */
cevns_status cevns_experiment_axial_charges(const cevns_config *cfg, const cevns_target *target, double **out,
                                            cevns_error *err);
/* Parameters -> the POD point the kernels read. */
void cevns_params_to_point(const cevns_params *p, cevns_pod_point *pt);
/* The plan's physics choices from the config; the model objects (target, flux,
 * detector) and the exposure are left empty. */
void cevns_plan_input_from_config(const cevns_config *cfg, cevns_plan_input *in);

/* Bins beyond energy (bin_layout.c): experiment.detector.time and .psd as the plan's bin factors;
 * nothing without them. */
cevns_status cevns_experiment_map_bins(cevns_experiment *e, cevns_error *err);
/* experiment.detector -> the model's detector response, reading the quenching and
 * efficiency tables the config names. */
cevns_status cevns_detector_create(const cevns_config *cfg, cevns_detector *out, cevns_error *err);
/* The isotope table of cfg->data_dir (AME2020 masses, IUPAC abundances). */
cevns_status cevns_experiment_isotopes(const cevns_config *cfg, cevns_isotope_table **out, cevns_error *err);

#endif
