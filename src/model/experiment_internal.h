/* experiment_internal.h - the experiment struct, shared by src/model and src/rate. */
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
    cevns_plan plan;
    double mass_kg;      /* multiplies nuclei per kg */
    double live_seconds; /* multiplies per-second fluxes */
};

/* The parameters written in a config's model section. */
void cevns_model_params(const cevns_model_config *m, cevns_params *p);
/* Parameters -> the POD point the kernels read. */
void cevns_params_to_point(const cevns_params *p, cevns_pod_point *pt);

cevns_status cevns_rate_fixed(const cevns_experiment *e, const cevns_pod_point *pt, double *counts);
cevns_status cevns_rate_reference(const cevns_experiment *e, const cevns_pod_point *pt, double rel_tol,
                                  double *counts, cevns_error *err);

#endif
