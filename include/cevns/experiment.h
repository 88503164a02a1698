/* experiment.h - a configured experiment and its expected event counts.
 * Counts are per bin, per flux component and per interaction. */
#ifndef CEVNS_EXPERIMENT_H
#define CEVNS_EXPERIMENT_H

#include <stddef.h>

#include "cevns/config.h"
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
} cevns_params;

typedef enum { CEVNS_INTEGRATOR_FIXED = 0, CEVNS_INTEGRATOR_REFERENCE = 1 } cevns_integrator;


cevns_status cevns_experiment_create(const cevns_config *cfg, cevns_experiment **out, cevns_error *err);
void cevns_experiment_free(cevns_experiment *e);

const cevns_config *cevns_experiment_config(const cevns_experiment *e);
/* The parameters written in the config's "model" section. */
void cevns_experiment_default_params(const cevns_experiment *e, cevns_params *p);
size_t cevns_experiment_n_bins(const cevns_experiment *e);
size_t cevns_experiment_n_flux(const cevns_experiment *e);
size_t cevns_experiment_n_isotopes(const cevns_experiment *e);
const char *cevns_experiment_flux_name(const cevns_experiment *e, size_t f);
/* Bin edges in the detector's observable; n_bins + 1 values. */
const double *cevns_experiment_bin_edges(const cevns_experiment *e);
const char *cevns_observable_name(const cevns_experiment *e);
const char *cevns_interaction_name(int interaction);
int cevns_experiment_interaction_on(const cevns_experiment *e, int interaction);

/* Expected counts: counts[(b * n_flux + f) * CEVNS_N_INTERACTIONS + i].
 * FIXED is the fast path (fixed Gauss-Legendre nodes, exact flux moments);
 * REFERENCE is GSL adaptive quadrature to rel_tol (<= 0: config default). */
cevns_status cevns_experiment_rate(const cevns_experiment *e, const cevns_params *p, cevns_integrator integ,
                                   double rel_tol, double *counts, cevns_error *err);


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
cevns_status cevns_xsec_evaluate(const cevns_config *cfg, double e_MeV, double t_MeV, int interaction, int flavour,
                                 cevns_xsec_row *rows, size_t max_rows, size_t *n_rows, cevns_error *err);

#endif
