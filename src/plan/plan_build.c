/* plan_build.c - assemble the plan: isotopes, fluxes, detector, bins, recoil
 * ranges and quadrature nodes, all into POD arrays (kernels/common/plan.h). */
#include <gsl/gsl_integration.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/detector.h"
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

static cevns_status check_scale(const cevns_flux *flux, const cevns_plan *plan, const cevns_plan_part *part,
                                cevns_error *err) {
    double top_targets = 0.0;
    int i;
    for (i = part->iso_lo; i < part->iso_hi; i++)
        if (plan->iso[i].targets > top_targets) top_targets = plan->iso[i].targets;
    for (i = part->flux_lo; i < part->flux_hi; i++) {
        double product = plan->flux[i].fluence * top_targets;
        if (!(product <= PLAN_MAX_FLUENCE_X_TARGETS))
            return cevns_error_set(err, CEVNS_EPHYSICS,
                                   "experiment.source: flux component %s gives %g neutrinos per cm^2 (flux x "
                                   "live time) and the detector has up to %g nuclei of an isotope: the product %g "
                                   "would overflow the counts (allowed: up to %g; is a flux table in cm^-2 s^-1 "
                                   "MeV^-1, the mass in kg?)",
                                   flux->comp[i - part->flux_lo].name, plan->flux[i].fluence, top_targets, product,
                                   PLAN_MAX_FLUENCE_X_TARGETS);
    }
    return CEVNS_OK;
}

/* Grow *arr (n_old elements of `size` bytes) by the n_new of add. */
static cevns_status concat(void **arr, size_t n_old, const void *add, size_t n_new, size_t size, cevns_error *err) {
    char *grown = realloc(*arr, (n_old + n_new ? n_old + n_new : 1) * size);
    if (!grown) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory while building the plan");
    if (n_new) memcpy(grown + n_old * size, add, n_new * size);
    *arr = grown;
    return CEVNS_OK;
}

/* Isotopes and flux components of every experiment, one after the other; the knots of
 * every table flux go to the same arrays (knot_offset is into them). */
static cevns_status plan_sources(const cevns_plan_input *in, int n, cevns_plan *plan, cevns_plan_part *parts,
                                 const double *gl8, cevns_dvec *kx, cevns_dvec *kc, cevns_dvec *km, cevns_error *err) {
    cevns_pod_header *h = &plan->hdr;
    cevns_status st = CEVNS_OK;
    int k, i;
    for (k = 0; k < n && st == CEVNS_OK; k++) {
        cevns_pod_isotope *iso = NULL;
        cevns_pod_flux *flux = NULL;
        cevns_plan_part *part = &parts[k];
        part->iso_lo = h->n_iso;
        part->flux_lo = h->n_flux;
        if ((st = cevns_plan_isotopes(&in[k], in[k].mass_kg, &iso, err)) == CEVNS_OK &&
            (st = cevns_plan_fluxes(in[k].flux, in[k].live_seconds, kx, kc, km, &flux, gl8, err)) == CEVNS_OK &&
            (st = concat((void **)&plan->iso, (size_t)h->n_iso, iso, in[k].target->n, sizeof *iso, err)) == CEVNS_OK &&
            (st = concat((void **)&plan->flux, (size_t)h->n_flux, flux, in[k].flux->n, sizeof *flux, err)) ==
                CEVNS_OK) {
            h->n_iso += (int32_t)in[k].target->n;
            h->n_flux += (int32_t)in[k].flux->n;
            part->iso_hi = h->n_iso;
            part->flux_hi = h->n_flux;
            st = check_scale(in[k].flux, plan, part, err);
            for (i = part->flux_lo; i < part->flux_hi; i++) {
                double e = plan->flux[i].is_line ? plan->flux[i].e_line : plan->flux[i].e_max;
                if (e > part->e_top) part->e_top = e;
            }
            if (st == CEVNS_OK && !(part->e_top > 0.0))
                st = cevns_error_set(err, CEVNS_ECONFIG, "experiment.source: no neutrino flux");
        }
        free(iso);
        free(flux);
    }
    return st;
}

/* Each experiment's detector tables and bin edges; with several, the segment table. */
static cevns_status plan_detectors(const cevns_plan_input *in, int n, cevns_plan *plan, cevns_plan_part *parts,
                                   cevns_dvec *data, cevns_error *err) {
    cevns_pod_header *h = &plan->hdr;
    cevns_status st;
    int k, i;
    for (k = 0; k < n; k++) {
        cevns_plan_part *part = &parts[k];
        part->det = in[k].detector;
        part->first_bin = h->n_bins;
        part->n_bins = (int)in[k].detector->n_bins;
        if ((st = cevns_plan_detector(in[k].detector, &part->pod, data, err)) != CEVNS_OK) return st;
        part->pod.off_edges = (int32_t)data->n;
        part->pod.first_bin = part->first_bin;
        if (k == 0) h->off_edges = (int32_t)data->n;
        for (i = 0; i <= part->n_bins; i++)
            if ((st = cevns_dvec_push(data, in[k].detector->edges[i], err)) != CEVNS_OK) return st;
        h->n_bins += part->n_bins;
    }
    plan->det = parts[0].pod;
    if (n < 2) return CEVNS_OK;
    h->n_seg = n;
    h->off_seg = (int32_t)data->n;
    for (k = 0; k < n; k++) {
        double v[CEVNS_SEG_SIZE];
        v[CEVNS_SEG_FIRST_BIN] = parts[k].first_bin;
        v[CEVNS_SEG_N_BINS] = parts[k].n_bins;
        v[CEVNS_SEG_ISO_LO] = parts[k].iso_lo;
        v[CEVNS_SEG_ISO_HI] = parts[k].iso_hi;
        v[CEVNS_SEG_FLUX_LO] = parts[k].flux_lo;
        v[CEVNS_SEG_FLUX_HI] = parts[k].flux_hi;
        cevns_detector_store(&parts[k].pod, v + CEVNS_SEG_DETECTOR);
        for (i = 0; i < CEVNS_SEG_SIZE; i++)
            if ((st = cevns_dvec_push(data, v[i], err)) != CEVNS_OK) return st;
    }
    return CEVNS_OK;
}

static cevns_status plan_assemble(const cevns_plan_input *in, int n, cevns_plan *plan, cevns_plan_part *parts,
                                  cevns_dvec *data, cevns_dvec *kx, cevns_dvec *kc, cevns_dvec *km, cevns_error *err) {
    cevns_pod_header *h = &plan->hdr;
    cevns_status st;
    int k;

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
    for (k = 0; k < n; k++)
        if (in[k].use_axial && !in[k].axial_q2)
            return cevns_error_set(err, CEVNS_EINTERNAL, "the axial term without axial charges");

    /* quadrature rules first: the flux moments need the 8-point rule */
    h->off_gl8 = (int32_t)data->n;
    if ((st = push_gauss_legendre(8, data, err)) != CEVNS_OK) return st;
    h->off_gl = (int32_t)data->n;
    if ((st = push_gauss_legendre(h->gl_order, data, err)) != CEVNS_OK) return st;

    if ((st = plan_sources(in, n, plan, parts, data->v + h->off_gl8, kx, kc, km, err)) != CEVNS_OK) return st;
    if ((st = append(data, kx, &h->off_knot_x, err)) != CEVNS_OK) return st;
    if ((st = append(data, kc, &h->off_knot_c, err)) != CEVNS_OK) return st;
    if ((st = append(data, km, &h->off_knot_m, err)) != CEVNS_OK) return st;

    if ((st = plan_detectors(in, n, plan, parts, data, err)) != CEVNS_OK) return st;
    if ((st = cevns_plan_recoil_ranges(parts, n, plan, data, err)) != CEVNS_OK) return st;
    h->n_data = (int32_t)data->n; /* the node cache reads the plan so far */
    if ((st = cevns_plan_nodes(plan, data, err)) != CEVNS_OK) return st;
    if (data->n > (size_t)INT_MAX) return cevns_error_set(err, CEVNS_ENOMEM, "plan too large");
    h->n_data = (int32_t)data->n;
    h->n_ebins = h->n_bins;
    return CEVNS_OK;
}

cevns_status cevns_plan_build(const cevns_plan_input *in, cevns_plan *plan, cevns_error *err) {
    return cevns_plan_build_joint(in, 1, plan, err);
}

cevns_status cevns_plan_build_joint(const cevns_plan_input *in, int n, cevns_plan *plan, cevns_error *err) {
    cevns_dvec data = {0}, kx = {0}, kc = {0}, km = {0};
    cevns_plan_part *parts = n > 0 ? calloc((size_t)n, sizeof *parts) : NULL;
    cevns_status st;
    memset(plan, 0, sizeof *plan);
    if (!parts) return cevns_error_set(err, n > 0 ? CEVNS_ENOMEM : CEVNS_EINTERNAL, "a plan of %d experiments", n);
    st = plan_assemble(in, n, plan, parts, &data, &kx, &kc, &km, err);
    free(parts);
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
