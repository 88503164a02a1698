/* plan_build.c - assemble the plan: isotopes, fluxes, detector, bins, recoil
 * ranges and quadrature nodes, all into POD arrays (kernels/common/plan.h). */
#include <gsl/gsl_integration.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/kinematics.h"
#include "plan/plan.h"

cevns_status cevns_dvec_push(cevns_dvec *d, double x, cevns_error *err) {
    if (d->n == d->cap) {
        size_t nc = d->cap ? 2 * d->cap : 256;
        double *nv = realloc(d->v, nc * sizeof *nv);
        if (!nv) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory while building the plan");
        d->v = nv;
        d->cap = nc;
    }
    d->v[d->n++] = x;
    return CEVNS_OK;
}

void cevns_dvec_free(cevns_dvec *d) {
    if (!d) return;
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* n Gauss-Legendre nodes then weights on [-1, 1] appended to data. */
static cevns_status push_gauss_legendre(int n, cevns_dvec *data, cevns_error *err) {
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc((size_t)n);
    double x[64], w[64];
    cevns_status st = CEVNS_OK;
    int i;
    if (!t || n > 64) {
        gsl_integration_glfixed_table_free(t);
        return cevns_error_set(err, CEVNS_ENOMEM, "cannot build a %d-point Gauss-Legendre rule", n);
    }
    for (i = 0; i < n; i++) gsl_integration_glfixed_point(-1.0, 1.0, (size_t)i, &x[i], &w[i], t);
    gsl_integration_glfixed_table_free(t);
    for (i = 0; i < n && st == CEVNS_OK; i++) st = cevns_dvec_push(data, x[i], err);
    for (i = 0; i < n && st == CEVNS_OK; i++) st = cevns_dvec_push(data, w[i], err);
    return st;
}

/* Append src to dst and return the offset where it starts. */
static cevns_status append(cevns_dvec *dst, const cevns_dvec *src, int32_t *offset, cevns_error *err) {
    size_t i;
    cevns_status st = CEVNS_OK;
    *offset = (int32_t)dst->n;
    for (i = 0; i < src->n && st == CEVNS_OK; i++) st = cevns_dvec_push(dst, src->v[i], err);
    return st;
}

/* Counts are fluence x target nuclei x flux moments (up to E^-2 ~ 1e4 MeV^-2)
 * x cross sections: a fluence x nuclei product beyond any experiment by 200
 * orders of magnitude (an absolute flux table in the wrong unit, a typo in an
 * exponent) would overflow on the way and give NaN counts without a word.
 * Real ones are ~1e40 (1e14 cm^-2 x 1e26 nuclei). */
#define PLAN_MAX_FLUENCE_X_TARGETS 1e250

static cevns_status check_scale(const cevns_flux *flux, const cevns_pod_header *h, const cevns_plan *plan,
                                cevns_error *err) {
    double top_targets = 0.0;
    int i;
    for (i = 0; i < h->n_iso; i++)
        if (plan->iso[i].targets > top_targets) top_targets = plan->iso[i].targets;
    for (i = 0; i < h->n_flux; i++) {
        double product = plan->flux[i].fluence * top_targets;
        if (!(product <= PLAN_MAX_FLUENCE_X_TARGETS))
            return cevns_error_set(err, CEVNS_EPHYSICS,
                                   "experiment.source: flux component %s gives %g neutrinos per cm^2 (flux x "
                                   "live time) and the detector has up to %g nuclei of an isotope: the product %g "
                                   "would overflow the counts (allowed: up to %g; is a flux table in cm^-2 s^-1 "
                                   "MeV^-1, the mass in kg?)",
                                   flux->comp[i].name, plan->flux[i].fluence, top_targets, product,
                                   PLAN_MAX_FLUENCE_X_TARGETS);
    }
    return CEVNS_OK;
}

static cevns_status plan_assemble(const cevns_plan_input *in, cevns_plan *plan, cevns_dvec *data, cevns_dvec *kx,
                                  cevns_dvec *kc, cevns_dvec *km, cevns_error *err) {
    cevns_pod_header *h = &plan->hdr;
    cevns_status st;
    double e_top = 0.0;
    int i;

    h->n_iso = (int32_t)in->target->n;
    h->n_flux = (int32_t)in->flux->n;
    h->n_bins = (int32_t)in->detector->n_bins;
    h->gl_order = in->gl_order;
    h->panels = in->panels;
    h->kinematics = in->kinematics;
    h->use_sm = in->use_sm;
    h->use_magnetic = in->use_magnetic;
    h->use_sterile = in->use_sterile;
    h->use_scalar = in->use_scalar;
    h->use_axial = in->use_axial;
    h->use_zprime = in->use_zprime;
    h->use_millicharge = in->use_millicharge;
    if (in->use_axial && !in->axial_q2)
        return cevns_error_set(err, CEVNS_EINTERNAL, "the axial term without axial charges");

    /* quadrature rules first: the flux moments need the 8-point rule */
    h->off_gl8 = (int32_t)data->n;
    if ((st = push_gauss_legendre(8, data, err)) != CEVNS_OK) return st;
    h->off_gl = (int32_t)data->n;
    if ((st = push_gauss_legendre(h->gl_order, data, err)) != CEVNS_OK) return st;

    if ((st = cevns_plan_isotopes(in, in->mass_kg, &plan->iso, err)) != CEVNS_OK) return st;
    if ((st = cevns_plan_fluxes(in->flux, in->live_seconds, kx, kc, km, &plan->flux, data->v + h->off_gl8, err)) !=
        CEVNS_OK)
        return st;
    if ((st = check_scale(in->flux, h, plan, err)) != CEVNS_OK) return st;
    if ((st = append(data, kx, &h->off_knot_x, err)) != CEVNS_OK) return st;
    if ((st = append(data, kc, &h->off_knot_c, err)) != CEVNS_OK) return st;
    if ((st = append(data, km, &h->off_knot_m, err)) != CEVNS_OK) return st;

    if ((st = cevns_plan_detector(in->detector, &plan->det, data, err)) != CEVNS_OK) return st;
    h->off_edges = (int32_t)data->n;
    for (i = 0; i <= h->n_bins; i++)
        if ((st = cevns_dvec_push(data, in->detector->edges[i], err)) != CEVNS_OK) return st;

    for (i = 0; i < h->n_flux; i++) {
        double e = plan->flux[i].is_line ? plan->flux[i].e_line : plan->flux[i].e_max;
        if (e > e_top) e_top = e;
    }
    if (!(e_top > 0.0)) return cevns_error_set(err, CEVNS_ECONFIG, "experiment.source: no neutrino flux");
    if ((st = cevns_plan_recoil_ranges(in->detector, plan, data, e_top, err)) != CEVNS_OK) return st;
    h->n_data = (int32_t)data->n; /* the node cache reads the plan so far */
    if ((st = cevns_plan_nodes(plan, data, err)) != CEVNS_OK) return st;
    if (data->n > (size_t)INT_MAX) return cevns_error_set(err, CEVNS_ENOMEM, "plan too large");
    h->n_data = (int32_t)data->n;
    return CEVNS_OK;
}

cevns_status cevns_plan_build(const cevns_plan_input *in, cevns_plan *plan, cevns_error *err) {
    cevns_dvec data = {0}, kx = {0}, kc = {0}, km = {0};
    cevns_status st;
    memset(plan, 0, sizeof *plan);
    st = plan_assemble(in, plan, &data, &kx, &kc, &km, err);
    cevns_dvec_free(&kx);
    cevns_dvec_free(&kc);
    cevns_dvec_free(&km);
    if (st != CEVNS_OK) {
        cevns_dvec_free(&data);
        cevns_plan_free(plan);
        return st;
    }
    plan->data = data.v;
    return CEVNS_OK;
}

void cevns_plan_free(cevns_plan *plan) {
    if (!plan) return;
    free(plan->iso);
    free(plan->flux);
    free(plan->data);
    memset(plan, 0, sizeof *plan);
}
