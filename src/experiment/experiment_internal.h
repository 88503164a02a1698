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

/* Files binned like the experiment (binned_inputs.c), over the bins energy x [psd] x [time] of
 * cfg->detector, bin (e, p, t) = (e n_psd + p) n_time + t: their number; an event list's counts (rows:
 * the observable, then the arrival time in us when there are time bins; events outside are left
 * out; a negative value is an error naming the line); a template's values (rows: energy [psd]
 * [time] value at the bin centres, in bin order, checked); the product of a released energy PDF
 * and time PDF (rows: centres of equal bins, density) integrated over the bins and normalised to 1
 * over them (every edge must be an edge of the PDF's bins).  key names the config key in messages. */
size_t cevns_config_n_bins(const cevns_config *cfg);
/* The bins of a detector on each axis (an absent psd or time axis has one) and bin b split into
 * its (energy, psd, time) indices: the one place the numbering b = (e n_p + p) n_t + t is read. */
typedef struct {
    size_t n_e, n_p, n_t;
} cevns_bin_axes_n;
cevns_bin_axes_n cevns_detector_bin_axes(const cevns_detector_config *d);
void cevns_bin_split(const cevns_bin_axes_n *n, size_t b, size_t *ie, size_t *ip, size_t *it);
cevns_status cevns_binned_events(const cevns_config *cfg, const char *rel, const char *key, double *counts,
                                 cevns_error *err);
/* An event list's counts (bin order as above) made steady in time: each energy bin's total
 * spread over the time bins in proportion to the time efficiency's integral (a steady-state
 * background measured off-beam); nothing without time bins. */
void cevns_binned_flat_in_time(const cevns_config *cfg, double *counts);
cevns_status cevns_binned_template(const cevns_config *cfg, const char *rel, const char *key, double *values,
                                   cevns_error *err);
cevns_status cevns_binned_pdf(const cevns_config *cfg, const char *energy_rel, const char *time_rel, const char *key,
                              double *frac, cevns_error *err);
/* The signal per bin (every flux component and interaction) at the config's point (shape_pulls.c). */
cevns_status cevns_experiment_config_signal(const cevns_experiment *e, double *s, cevns_error *err);
/* The signal pulls with a shift (shape_pulls.c): their relative change per bin into d->signal_mask
 * (allocated here; 1 for the other pulls); nothing without them. */
cevns_status cevns_dataset_shape_pulls(const cevns_experiment *e, cevns_dataset *d, cevns_error *err);
/* Bins beyond energy (bin_layout.c): experiment.detector.time and .psd as the plan's bin factors;
 * nothing without them. */
cevns_status cevns_experiment_map_bins(cevns_experiment *e, cevns_error *err);
/* experiment.detector -> the model's detector response, reading the quenching and
 * efficiency tables the config names. */
cevns_status cevns_detector_create(const cevns_config *cfg, cevns_detector *out, cevns_error *err);
/* The isotope table of cfg->data_dir (AME2020 masses, IUPAC abundances). */
cevns_status cevns_experiment_isotopes(const cevns_config *cfg, cevns_isotope_table **out, cevns_error *err);

#endif
