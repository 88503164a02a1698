/* reference.c - the reference integrator: GSL adaptive quadrature (QAGP) of
 *     counts = norm * targets * fluence * int dE shape(E) int dT R_b(T) dsigma/dT(E, T)
 * with the energy integral OUTSIDE and the recoil integral inside - the opposite
 * order to the fast path, on the raw flux shapes (cevns_flux_shape), so the
 * two share only the physics formulas of kernels/common, never the integration.
 * Breakpoints: flux knots and edges in E, the response breakpoints in T, and
 * the energies at which the kinematic support crosses them. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/detector.h"
#include "common/interaction.h"
#include "common/kinematics.h"
#include "rate/reference.h"

#define REF_LIMIT 4000 /* subintervals per adaptive integration */

typedef struct {
    const cevns_plan *plan;
    const cevns_pod_isotope *iso;
    const cevns_flux_component *comp;
    const cevns_pod_point *pt;
    int bin, interaction, flavour;
    const double *tb; /* recoil breakpoints of (bin, isotope) */
    int nb;
    double m_out;     /* outgoing neutrino mass: 0, or m4 for the sterile term */
    double e;         /* current neutrino energy (inner integral) */
    double rel_tol;
    gsl_integration_workspace *inner_ws;
    int failed;
    char why[160];
} ref_ctx;

/* dsigma/dT(E, T) of the chosen interaction, E >= E_min guaranteed by the caller. */
static double xsec_at(const ref_ctx *c, double e, double t) {
    double co[3];
    cevns_interaction_coeffs(c->interaction, &c->plan->hdr, c->iso, c->pt, c->flavour, t, co);
    return cevns_xsec_from_coeffs(co, e);
}

static double recoil_integrand(double t, void *vp) {
    const ref_ctx *c = vp;
    return cevns_bin_response(&c->plan->hdr, &c->plan->det, c->iso, c->plan->data, c->bin, t) * xsec_at(c, c->e, t);
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* QAGP over [a, b] with the interior points of pts (sorted copy made here). */
static double qagp(ref_ctx *c, gsl_function *f, double a, double b, const double *pts, size_t n_pts,
                   gsl_integration_workspace *ws, double rel_tol) {
    double *p = malloc((n_pts + 2) * sizeof *p), result = 0.0, abserr = 0.0;
    size_t n = 0, i;
    int rc;
    if (!p) {
        c->failed = 1;
        snprintf(c->why, sizeof c->why, "out of memory");
        return 0.0;
    }
    p[n++] = a;
    for (i = 0; i < n_pts; i++)
        if (pts[i] > a && pts[i] < b) p[n++] = pts[i];
    p[n++] = b;
    qsort(p, n, sizeof *p, compare_double);
    rc = gsl_integration_qagp(f, p, n, 0.0, rel_tol, REF_LIMIT, ws, &result, &abserr);
    free(p);
    if (rc != GSL_SUCCESS && rc != GSL_EROUND && !c->failed) {
        c->failed = 1;
        snprintf(c->why, sizeof c->why, "%s on [%g, %g] (estimated error %g of %g)", gsl_strerror(rc), a, b, abserr,
                 result);
    }
    return result;
}

/* Inner integral over the recoil at the current energy c->e. */
static double recoil_integral(ref_ctx *c, double e) {
    double lo, hi, a, b;
    gsl_function f;
    c->e = e;
    if (!cevns_recoil_range(e, c->iso->mass_mev, c->m_out, &lo, &hi)) return 0.0;
    a = c->tb[0] > lo ? c->tb[0] : lo;
    b = c->tb[c->nb - 1] < hi ? c->tb[c->nb - 1] : hi;
    if (!(b > a)) return 0.0;
    f.function = recoil_integrand;
    f.params = c;
    return qagp(c, &f, a, b, c->tb, (size_t)c->nb, c->inner_ws, 0.1 * c->rel_tol);
}

static double energy_integrand(double e, void *vp) {
    ref_ctx *c = vp;
    double s = cevns_flux_shape(c->comp, e);
    return s == 0.0 ? 0.0 : s * recoil_integral(c, e);
}

/* Outer integral over the neutrino energy for one continuous component. */
static double energy_integral(ref_ctx *c, gsl_integration_workspace *outer_ws) {
    size_t n_knots = 0, n = 0, i;
    const double *knots = cevns_flux_breakpoints(c->comp, &n_knots);
    double *pts = malloc((n_knots + (size_t)c->nb + 1) * sizeof *pts);
    double e_lo, e_hi = c->comp->e_hi, m = c->iso->mass_mev, result;
    gsl_function f;
    if (!pts) {
        c->failed = 1;
        snprintf(c->why, sizeof c->why, "out of memory");
        return 0.0;
    }
    /* lowest energy reaching the bin's recoils: E_min at either end, or the
     * sterile threshold m4 + m4^2/(2m) reached in between */
    e_lo = fmin(cevns_e_min_sterile(c->tb[0], m, c->m_out), cevns_e_min_sterile(c->tb[c->nb - 1], m, c->m_out));
    if (c->m_out > 0.0) e_lo = fmin(e_lo, cevns_e_threshold_sterile(m, c->m_out));
    if (e_lo < c->comp->e_lo) e_lo = c->comp->e_lo;
    for (i = 0; i < n_knots; i++) pts[n++] = knots[i];
    for (i = 0; i < (size_t)c->nb; i++) pts[n++] = cevns_e_min_sterile(c->tb[i], m, c->m_out);
    if (c->m_out > 0.0) pts[n++] = cevns_e_threshold_sterile(m, c->m_out);
    result = 0.0;
    if (e_hi > e_lo) {
        f.function = energy_integrand;
        f.params = c;
        result = qagp(c, &f, e_lo, e_hi, pts, n, outer_ws, c->rel_tol);
    }
    free(pts);
    return result;
}

/* Counts of one (bin, isotope, flux, interaction), without norm and targets. */
static double one_term(ref_ctx *c, gsl_integration_workspace *outer_ws) {
    if (c->comp->kind == CEVNS_SHAPE_LINE) return recoil_integral(c, c->comp->e_line);
    return energy_integral(c, outer_ws);
}

/* All terms of one bin into out[f * CEVNS_N_INTERACTIONS + i]; returns 0 or fills why. */
static int reference_bin(const cevns_plan *p, const cevns_flux *flux, const cevns_pod_point *pt, int bin,
                         double rel_tol, double *out, char *why, size_t why_size) {
    gsl_integration_workspace *outer = gsl_integration_workspace_alloc(REF_LIMIT);
    gsl_integration_workspace *inner = gsl_integration_workspace_alloc(REF_LIMIT);
    int ii, fi, in, failed = 0, eb = cevns_plan_energy_bin(&p->hdr, p->data, bin);
    memset(out, 0, sizeof *out * CEVNS_N_INTERACTIONS * (size_t)p->hdr.n_flux);
    if (!outer || !inner) {
        snprintf(why, why_size, "out of memory for integration workspaces");
        failed = 1;
    }
    for (ii = 0; ii < p->hdr.n_iso && !failed; ii++) {
        const double *idx = p->data + p->hdr.off_tbreak_index + 2 * (eb * p->hdr.n_iso + ii);
        int nb = (int)idx[1];
        if (nb < 2) continue;
        for (fi = 0; fi < p->hdr.n_flux && !failed; fi++)
            for (in = 0; in < CEVNS_N_INTERACTIONS && !failed; in++) {
                ref_ctx c;
                double v, scale;
                if (!cevns_interaction_on(&p->hdr, in)) continue;
                memset(&c, 0, sizeof c);
                c.plan = p;
                c.iso = &p->iso[ii];
                c.comp = &flux->comp[fi];
                c.pt = pt;
                c.bin = eb;
                c.interaction = in;
                c.flavour = p->flux[fi].flavour;
                c.tb = p->data + (size_t)idx[0];
                c.nb = nb;
                c.m_out = cevns_interaction_m_out(in, pt);
                c.rel_tol = rel_tol;
                c.inner_ws = inner;
                v = one_term(&c, outer);
                if (c.failed) {
                    snprintf(why, why_size, "bin %d, isotope Z=%d A=%d, flux %s, %s: %s", bin, c.iso->z,
                             c.iso->z + c.iso->n, c.comp->name, in == 0 ? "sm" : in == 1 ? "magnetic" : "sterile",
                             c.why);
                    failed = 1;
                }
                scale = pt->norm * c.iso->targets * p->flux[fi].fluence * cevns_plan_bin_factor(&p->hdr, p->data, bin, fi);
                out[CEVNS_N_INTERACTIONS * fi + in] += scale * v;
            }
    }
    gsl_integration_workspace_free(outer);
    gsl_integration_workspace_free(inner);
    return failed;
}

cevns_status cevns_rate_reference(const cevns_plan *plan, const cevns_flux *flux, const cevns_pod_point *pt,
                                  double rel_tol, double *counts, cevns_error *err) {
    int n_bins = plan->hdr.n_bins, stride = CEVNS_N_INTERACTIONS * plan->hdr.n_flux, b, failed_bin = -1;
    char why[512] = "";
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic)
#endif
    for (b = 0; b < n_bins; b++) {
        char local[512];
        if (reference_bin(plan, flux, pt, b, rel_tol, counts + (size_t)b * (size_t)stride, local, sizeof local)) {
#if CEVNS_HAVE_OPENMP
#pragma omp critical
#endif
            if (failed_bin < 0) {
                failed_bin = b;
                memcpy(why, local, sizeof why);
            }
        }
    }
    if (failed_bin >= 0)
        return cevns_error_set(err, CEVNS_ENUMERIC, "reference integration failed: %s (try a looser reference_rel_tol)",
                               why);
    return CEVNS_OK;
}
