/* flux_plan.c - flux components as POD: piecewise cubics refined for the
 * moment rule of kernels/common/flux.h, and their cumulative moments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/flux.h"
#include "plan/plan.h"

/* Below this energy pieces are not refined: no recoil of any target in this
 * program needs E_min < 10 keV (that would be T < 1e-8 MeV on Ne). */
#define FLUX_REFINE_FLOOR_MEV 0.01
/* Every refined piece [x, x + h] has h <= x * FLUX_PIECE_RATIO (see flux.h). */
#define FLUX_PIECE_RATIO 0.25

/* Coefficients of the cubic c (local variable u) re-expanded about u = s. */
static void taylor_shift(const double *c, double s, double *out) {
    out[0] = c[0] + s * (c[1] + s * (c[2] + s * c[3]));
    out[1] = c[1] + s * (2.0 * c[2] + 3.0 * s * c[3]);
    out[2] = c[2] + 3.0 * s * c[3];
    out[3] = c[3];
}

/* Append the knot x with local coefficients c. */
static cevns_status push_knot(cevns_dvec *kx, cevns_dvec *kc, double x, const double *c, cevns_error *err) {
    cevns_status st = cevns_dvec_push(kx, x, err);
    int i;
    for (i = 0; i < 4 && st == CEVNS_OK; i++) st = cevns_dvec_push(kc, c[i], err);
    return st;
}

/* Split one piece [x0, x1] (coefficients c about x0) into refined pieces. */
static cevns_status refine_piece(double x0, double x1, const double *c, cevns_dvec *kx, cevns_dvec *kc,
                                 cevns_error *err) {
    double u = x0;
    while (u < x1) {
        double next, shifted[4];
        cevns_status st;
        if (u < FLUX_REFINE_FLOOR_MEV) next = FLUX_REFINE_FLOOR_MEV;
        else next = u * (1.0 + FLUX_PIECE_RATIO);
        if (next > x1 || x1 - next < 1e-9 * x1) next = x1;
        taylor_shift(c, u - x0, shifted);
        st = push_knot(kx, kc, u, shifted, err);
        if (st != CEVNS_OK) return st;
        u = next;
    }
    return CEVNS_OK;
}

static cevns_status plan_one_flux(const cevns_flux_component *c, double live_seconds, cevns_dvec *kx, cevns_dvec *kc,
                                  cevns_dvec *km, const double *gl8, cevns_pod_flux *pf, cevns_error *err) {
    size_t first = kx->n, j, n;
    double zero[4] = {0.0, 0.0, 0.0, 0.0};
    cevns_status st;
    memset(pf, 0, sizeof *pf);
    pf->flavour = c->flavour;
    pf->per_second = c->per_second ? 1.0 : 0.0;
    pf->fluence = c->normalisation * (c->per_second ? live_seconds : 1.0);
    if (c->kind == CEVNS_SHAPE_LINE) {
        pf->is_line = 1;
        pf->e_line = pf->e_max = c->e_line;
        return CEVNS_OK;
    }
    if (c->n_pieces == 0 || !c->piece_x || !c->piece_c)
        return cevns_error_set(err, CEVNS_EINTERNAL, "flux component %s has no piecewise representation", c->name);
    for (j = 0; j < c->n_pieces; j++) {
        st = refine_piece(c->piece_x[j], c->piece_x[j + 1], c->piece_c + 4 * j, kx, kc, err);
        if (st != CEVNS_OK) return st;
    }
    st = push_knot(kx, kc, c->piece_x[c->n_pieces], zero, err);
    if (st != CEVNS_OK) return st;
    n = kx->n - first;
    /* cumulative moments from the top knot down */
    for (j = 0; j < CEVNS_N_MOMENTS * n; j++)
        if ((st = cevns_dvec_push(km, 0.0, err)) != CEVNS_OK) return st;
    for (j = n - 1; j-- > 0;) {
        double m[CEVNS_N_MOMENTS];
        size_t g = first + j;
        int k;
        cevns_piece_moments(kc->v + 4 * g, kx->v[g], kx->v[g], kx->v[g + 1], gl8, m);
        for (k = 0; k < CEVNS_N_MOMENTS; k++) km->v[CEVNS_N_MOMENTS * g + k] = km->v[CEVNS_N_MOMENTS * (g + 1) + k] + m[k];
    }
    pf->n_knots = (int32_t)n;
    pf->knot_offset = (int32_t)first;
    pf->e_max = kx->v[first + n - 1];
    return CEVNS_OK;
}

cevns_status cevns_plan_fluxes(const cevns_flux *flux, double live_seconds, cevns_dvec *knot_x, cevns_dvec *knot_c,
                               cevns_dvec *knot_m, cevns_pod_flux **out, const double *gl8, cevns_error *err) {
    size_t i;
    cevns_pod_flux *v = calloc(flux->n ? flux->n : 1, sizeof *v);
    if (!v) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for fluxes");
    for (i = 0; i < flux->n; i++) {
        cevns_status st = plan_one_flux(&flux->comp[i], live_seconds, knot_x, knot_c, knot_m, gl8, &v[i], err);
        if (st != CEVNS_OK) {
            free(v);
            return st;
        }
    }
    *out = v;
    return CEVNS_OK;
}
