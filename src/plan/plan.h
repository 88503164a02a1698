/* plan.h (internal) - the plan: everything an engine needs, as POD arrays
 * (kernels/common/plan.h).  Built once on the host from the model
 * (src/plan/plan_build.c); it never sees the config or a file.  Errors name the
 * config key they come from (e.g. "experiment.detector.quenching: ..."); the
 * experiment (src/experiment) prefixes the config file. */
#ifndef CEVNS_SRC_PLAN_H
#define CEVNS_SRC_PLAN_H

#include <stddef.h>

#include "cevns/model.h"
#include "common/plan.h"

typedef struct {
    cevns_pod_header hdr;
    cevns_pod_isotope *iso; /* hdr.n_iso */
    cevns_pod_flux *flux;   /* hdr.n_flux */
    cevns_pod_detector det;
    double *data;           /* hdr.n_data */
} cevns_plan;

/* The model and the physics choices the plan is built from. */
typedef struct {
    const cevns_target *target;
    const cevns_flux *flux;
    const cevns_detector *detector;
    double mass_kg;      /* multiplies nuclei per kg */
    double live_seconds; /* multiplies per-second fluxes */
    cevns_ff_type ff_type;
    cevns_helm_convention helm_convention;
    double skin_fm;           /* Helm s */
    double neutron_radius_fm; /* > 0: a separate neutron form factor with this rms radius */
    cevns_kinematics kinematics;
    int use_sm, use_magnetic, use_sterile;
    int use_scalar, use_axial;
    int use_zprime;           /* CEVNS_ZPRIME_* (kernels/common/couplings.h) */
    int use_millicharge;      /* 1: the photon term of the weak charge */
    const double *axial_q2;   /* with use_axial: squared axial charge per target nucleus */
    int gl_order, panels;     /* Gauss-Legendre nodes per panel, minimum panels per recoil interval */
} cevns_plan_input;

/* Growable double array used while building `data`. */
typedef struct {
    double *v;
    size_t n, cap;
} cevns_dvec;
cevns_status cevns_dvec_push(cevns_dvec *d, double x, cevns_error *err);
void cevns_dvec_free(cevns_dvec *d);

cevns_status cevns_plan_build(const cevns_plan_input *in, cevns_plan *plan, cevns_error *err);
/* The plan of a joint fit: the experiments in[0..n) in one plan (kernels/common/plan.h,
 * segments): bins, isotopes and flux components concatenated in that order, each bin
 * with its own experiment's detector, isotopes and fluxes.  The physics choices (form
 * factor, kinematics, interactions, quadrature) are in[0]'s.  n = 1 is cevns_plan_build. */
cevns_status cevns_plan_build_joint(const cevns_plan_input *in, int n, cevns_plan *plan, cevns_error *err);
void cevns_plan_free(cevns_plan *plan);
/* Bins beyond energy (bin_map.c, kernels/common/plan.h off_bin_map): the plan's n_ebins energy
 * bins become n_ebins x n_sub bins, bin b = eb * n_sub + s, with factor[b * n_flux + f] (finite,
 * >= 0) the share of component f's events of energy bin eb in s.  Not for joint plans. */
cevns_status cevns_plan_map_bins(cevns_plan *plan, int n_sub, const double *factor, cevns_error *err);

/* Pieces of the build, one file each. */
cevns_status cevns_plan_isotopes(const cevns_plan_input *in, double mass_kg, cevns_pod_isotope **out,
                                 cevns_error *err);
cevns_status cevns_plan_fluxes(const cevns_flux *flux, double live_seconds, cevns_dvec *knot_x, cevns_dvec *knot_c,
                               cevns_dvec *knot_m, cevns_pod_flux **out, const double *gl8, cevns_error *err);
cevns_status cevns_plan_detector(const cevns_detector *det, cevns_pod_detector *pod, cevns_dvec *data,
                                 cevns_error *err);
/* The node cache of the massless pass (kernels/common/rate.h); needs the recoil ranges. */
cevns_status cevns_plan_nodes(cevns_plan *plan, cevns_dvec *data, cevns_error *err);
/* One experiment of a plan while it is built: its detector (model and POD), and its
 * bins, isotopes and flux components in the plan's numbering; e_top its largest energy. */
typedef struct {
    const cevns_detector *det;
    cevns_pod_detector pod;
    int first_bin, n_bins, iso_lo, iso_hi, flux_lo, flux_hi;
    double e_top;
} cevns_plan_part;
/* Recoil range and breakpoints of every (bin, isotope) of each part (an isotope of another
 * part gets none); needs the detector tables in data. */
cevns_status cevns_plan_recoil_ranges(const cevns_plan_part *parts, int n_parts, cevns_plan *plan, cevns_dvec *data,
                                      cevns_error *err);

#endif
