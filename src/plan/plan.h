/* plan.h (internal) - the plan: everything an engine needs, as POD arrays.
 * Built once on the host from the model (src/plan/plan_build.c). */
#ifndef CEVNS_SRC_PLAN_H
#define CEVNS_SRC_PLAN_H

#include <stddef.h>

#include "cevns/config.h"
#include "cevns/model.h"
#include "common/plan.h"

typedef struct {
    cevns_pod_header hdr;
    cevns_pod_isotope *iso; /* hdr.n_iso */
    cevns_pod_flux *flux;   /* hdr.n_flux */
    cevns_pod_detector det;
    double *data;           /* hdr.n_data */
} cevns_plan;

/* Growable double array used while building `data`. */
typedef struct {
    double *v;
    size_t n, cap;
} cevns_dvec;
cevns_status cevns_dvec_push(cevns_dvec *d, double x, cevns_error *err);
void cevns_dvec_free(cevns_dvec *d);

/* Build the plan from the model.  mass_kg multiplies nuclei per kg and
 * live_seconds multiplies per-second fluxes (see src/model/experiment.c). */
cevns_status cevns_plan_build(const cevns_config *cfg, const cevns_target *target, const cevns_flux *flux,
                              double mass_kg, double live_seconds, cevns_plan *plan, cevns_error *err);
void cevns_plan_free(cevns_plan *plan);

/* Pieces of the build, one file each. */
cevns_status cevns_plan_isotopes(const cevns_config *cfg, const cevns_target *target, double mass_kg,
                                 cevns_pod_isotope **out, cevns_error *err);
cevns_status cevns_plan_fluxes(const cevns_flux *flux, double live_seconds, cevns_dvec *knot_x, cevns_dvec *knot_c,
                               cevns_dvec *knot_m, cevns_pod_flux **out, const double *gl8, cevns_error *err);
cevns_status cevns_plan_detector(const cevns_config *cfg, cevns_pod_detector *det, cevns_dvec *data,
                                 cevns_error *err);
/* Recoil range and breakpoints of every (bin, isotope); needs det tables in data. */
cevns_status cevns_plan_recoil_ranges(const cevns_config *cfg, cevns_plan *plan, cevns_dvec *data, double t_top,
                                      cevns_error *err);

#endif
