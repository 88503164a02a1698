/* experiment.h - a configured experiment and its expected event counts.
 * Counts are per bin, per flux component and per interaction. */
#ifndef CEVNS_EXPERIMENT_H
#define CEVNS_EXPERIMENT_H

#include <stddef.h>

#include "cevns/config.h"
#include "cevns/model.h"
#include "cevns/status.h"

typedef struct cevns_experiment cevns_experiment;

/* The physics parameters of one point (units in the names). */
typedef struct {
    double sin2_theta_w;
    double m4_MeV;
    double normalisation;
    double mu_nu[3];          /* per incoming flavour e, mu, tau; Bohr magnetons */
    double eps_u[9], eps_d[9];/* vector NSI, row-major (alpha, beta) */
    double rn_fm;             /* > 0: neutron rms radius overriding the config's (fm); 0: the config's */
    double charge_radius_cm2[9]; /* <r^2>_ab, cm^2 */
    double millicharge[9];       /* q_ab, units of e */
    double gp_shift[4];          /* added to g_V^p per incoming flavour, [3] to g_V^n (radiative corrections) */
    double zprime_mass_MeV, zprime_g;
    double zprime_charge_nu[3], zprime_charge_p, zprime_charge_n; /* nucleon charges 2x_u + x_d, x_u + 2x_d */
    double scalar_mass_MeV, scalar_g;
    double scalar_charge_nu[3], scalar_charge_p, scalar_charge_n;
} cevns_params;

typedef enum { CEVNS_INTEGRATOR_FIXED = 0, CEVNS_INTEGRATOR_REFERENCE = 1 } cevns_integrator;


CEVNS_API cevns_status cevns_experiment_create(const cevns_config *cfg, cevns_experiment **out, cevns_error *err);
CEVNS_API void cevns_experiment_free(cevns_experiment *e);

CEVNS_API const cevns_config *cevns_experiment_config(const cevns_experiment *e);
/* The parameters written in the config's "model" section. */
CEVNS_API void cevns_experiment_default_params(const cevns_experiment *e, cevns_params *p);
CEVNS_API size_t cevns_experiment_n_bins(const cevns_experiment *e);
CEVNS_API size_t cevns_experiment_n_flux(const cevns_experiment *e);
CEVNS_API size_t cevns_experiment_n_isotopes(const cevns_experiment *e);
CEVNS_API const char *cevns_experiment_flux_name(const cevns_experiment *e, size_t f);
/* Bin edges in the detector's observable; n_bins + 1 values. */
CEVNS_API const double *cevns_experiment_bin_edges(const cevns_experiment *e);
CEVNS_API const char *cevns_observable_name(const cevns_experiment *e);
/* Bin b's ranges on each observable axis: the energy (in the observable), then the pulse-shape
 * parameter and the arrival time (us) when the detector bins them; returns the number of axes
 * (1 to 3) and fills lo[], hi[] and, when names is not NULL, names[] ("psd", "time_us"; the
 * observable's name first).  With bins beyond energy cevns_experiment_bin_edges gives bin numbers. */
CEVNS_API int cevns_experiment_bin_box(const cevns_experiment *e, size_t b, double lo[3], double hi[3],
                                       const char *names[3]);
/* A joint fit ("experiments"): its experiments, whose bins follow one another in the
 * joint experiment's bins (from cevns_experiment_member_first_bin); 0 and NULL for one
 * experiment.  The bin edges of a joint fit are the bin numbers 0 .. n_bins, its flux
 * components those of every experiment ("<experiment>:<component>"). */
/* The energy ranges of the bins alone (energy_bins.c): which[b] (n_bins values) the energy bin
 * of bin b, edges[0..*n_out] the energy bins' edges in increasing energy (edges holds n_bins + 1
 * values); bins beyond energy that share a range share an energy bin.  CEVNS_EUSAGE when the
 * ranges do not follow one another (no single spectrum). */
CEVNS_API cevns_status cevns_experiment_energy_bins(const cevns_experiment *e, size_t *which, double *edges,
                                                    size_t *n_out, cevns_error *err);
CEVNS_API int cevns_experiment_n_members(const cevns_experiment *e);
CEVNS_API const cevns_experiment *cevns_experiment_member(const cevns_experiment *e, int i);
CEVNS_API size_t cevns_experiment_member_first_bin(const cevns_experiment *e, int i);
CEVNS_API const char *cevns_interaction_name(int interaction);
CEVNS_API int cevns_experiment_interaction_on(const cevns_experiment *e, int interaction);

/* Expected counts: counts[(b * n_flux + f) * CEVNS_N_INTERACTIONS + i].
 * FIXED is the fast path (fixed Gauss-Legendre nodes, exact flux moments);
 * REFERENCE is GSL adaptive quadrature to rel_tol (<= 0: config default). */
CEVNS_API cevns_status cevns_experiment_rate(const cevns_experiment *e, const cevns_params *p, cevns_integrator integ,
                                   double rel_tol, double *counts, cevns_error *err);


/* The data set of the experiment (experiment.data): observed counts and variances,
 * backgrounds, pulls; for Asimov data the prediction at the config's point plus the
 * background.  Free with cevns_dataset_free. */
CEVNS_API cevns_status cevns_dataset_create(const cevns_experiment *e, cevns_dataset *out, cevns_error *err);

/* ---------------------------------------------------------------- data files */
/* Observed counts, errors and background per bin from cfg->data (files, flat
 * backgrounds and the background components; Asimov data are made by the scan
 * from a prediction).  exposure_kg_day scales per_unit_kg_day backgrounds.
 * Arrays have n_bins entries; for Asimov data only the background is filled.
 * background[i] is the total: experiment.data.background plus every component of
 * experiment.data.backgrounds.  edges (n_bins + 1) are needed for per_unit_kg_day
 * and for the analytic components. */
CEVNS_API cevns_status cevns_data_load(const cevns_config *cfg, size_t n_bins, const double *edges, double exposure_kg_day,
                             double *observed, double *error, double *background, cevns_error *err);

/* The same with the background split: background[i] receives
 * experiment.data.background alone (what pulls with target "background" rescale),
 * components[k * n_bins + i] the counts B_k^i of backgrounds[k] in bin i
 * (cfg->data.n_backgrounds * n_bins values; NULL when there are none).
 * A component's counts: amount x cevns_background_shape_fractions (flat,
 * exponential, gaussian), or data.scale x its column of the data file (>= 0).
 * A component with no counts at all is an error (its pull would be singular). */
CEVNS_API cevns_status cevns_data_load_components(const cevns_config *cfg, size_t n_bins, const double *edges,
                                        double exposure_kg_day, double *observed, double *error, double *background,
                                        double *components, cevns_error *err);

/* The width of a Gaussian component: its sigma when given (> 0), else the detector
 * resolution at its mean, sqrt(sigma0^2 + sqrt_coeff^2 max(mean, 0) + (frac mean)^2);
 * 0 when neither exists. */
CEVNS_API double cevns_background_gaussian_sigma(const cevns_config *cfg, const cevns_background_component *comp);

/* ---------------------------------------------------------------- cross sections */
typedef struct {
    int z, a;
    char symbol[4];
    double fraction;      /* share of this isotope among the target's nuclei */
    double dsigma_cm2_MeV;/* dsigma/dT per nucleus */
} cevns_xsec_row;

/* dsigma/dT (cm^2/MeV) per nucleus for every isotope of cfg->target at
 * neutrino energy e_MeV and recoil t_MeV, for one interaction and incoming
 * flavour (0 e, 1 mu, 2 tau), with the model of cfg (form factor, kinematics,
 * sin^2 theta_W, mu_nu, m4, NSI).  Zero where the recoil is not reachable. */
CEVNS_API cevns_status cevns_xsec_evaluate(const cevns_config *cfg, double e_MeV, double t_MeV, int interaction, int flavour,
                                 cevns_xsec_row *rows, size_t max_rows, size_t *n_rows, cevns_error *err);
/* The most isotopes a target has (a formula of several elements, each with its natural ones). */
#define CEVNS_XSEC_MAX_ISOTOPES 64
/* The same at n pairs (e_MeV[k], t_MeV[k]), the target and model set up once:
 * dsigma[i * n + k] for isotope i (rows[i] as above, its dsigma_cm2_MeV the first pair's).
 * dsigma holds max_rows * n values. */
CEVNS_API cevns_status cevns_xsec_evaluate_many(const cevns_config *cfg, size_t n, const double *e_MeV,
                                                const double *t_MeV, int interaction, int flavour, cevns_xsec_row *rows,
                                                size_t max_rows, size_t *n_rows, double *dsigma, cevns_error *err);

#endif
