/* grid.h - the scan grid on every engine: (map point, profiled point) -> parameter point.
 *
 * The axes keep the config's order a = 0 .. n_axes-1.  Axes marked "profile" are
 * minimised over; the others are shown.  A map point s indexes the shown axes (row-major,
 * the last shown axis fastest) and a profiled point q the profiled axes (the same way);
 * the work of a scan is the items (s, q), item = s * n_prof + q.  With nothing profiled
 * n_prof = 1 and s is the flat index of the whole grid, as map.h5 stores it.
 * The exposure axis scales signal, background and Asimov data (chi2.h), so it is not a
 * parameter of the point but returned beside it. */
#ifndef CEVNS_KERNELS_GRID_H
#define CEVNS_KERNELS_GRID_H

#include "portable.h"
#include "plan.h"
#include "cevns/enums.h"

#define CEVNS_GRID_MAX_AXES 4

typedef struct {
    int32_t n_axes, n_shown, n_prof_axes, reserved;
    int32_t kind[CEVNS_GRID_MAX_AXES];    /* cevns_axis_kind of axis a */
    int32_t eps_a[CEVNS_GRID_MAX_AXES];   /* flavour-matrix axes (NSI, radii, charges): the entry (eps_a, eps_b) and its mirror */
    int32_t eps_b[CEVNS_GRID_MAX_AXES];
    int32_t n[CEVNS_GRID_MAX_AXES];       /* values of axis a */
    int32_t off[CEVNS_GRID_MAX_AXES];     /* where they start in the grid values */
    int32_t shown[CEVNS_GRID_MAX_AXES];   /* axis numbers of the shown axes, in order */
    int32_t prof[CEVNS_GRID_MAX_AXES];    /* and of the profiled ones */
} cevns_pod_grid;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_grid) == 128, "cevns_pod_grid layout");

/* Profiled points per map point (1 when nothing is profiled). */
CEVNS_FN cevns_i64 cevns_grid_n_prof(const cevns_pod_grid *g) {
    cevns_i64 n = 1;
    int k;
    for (k = 0; k < g->n_prof_axes; k++) n *= g->n[g->prof[k]];
    return n;
}

/* Axis indices idx[a] of item (s, q). */
CEVNS_FN void cevns_grid_indices(const cevns_pod_grid *g, cevns_i64 s, cevns_i64 q, int *idx) {
    int k;
    for (k = g->n_shown - 1; k >= 0; k--) {
        int a = g->shown[k];
        idx[a] = (int)(s % g->n[a]);
        s /= g->n[a];
    }
    for (k = g->n_prof_axes - 1; k >= 0; k--) {
        int a = g->prof[k];
        idx[a] = (int)(q % g->n[a]);
        q /= g->n[a];
    }
}

/* Set axis a to value v on the point (pt starts as the base point). */
CEVNS_FN void cevns_grid_apply(const cevns_pod_grid *g, int a, double v, cevns_pod_point *pt, double *exposure) {
    int i = g->eps_a[a], j = g->eps_b[a];
    switch (g->kind[a]) {
    case CEVNS_AXIS_MU_NU: pt->mu_nu[0] = pt->mu_nu[1] = pt->mu_nu[2] = v; break;
    case CEVNS_AXIS_MU_NU_E: pt->mu_nu[0] = v; break;
    case CEVNS_AXIS_MU_NU_MU: pt->mu_nu[1] = v; break;
    case CEVNS_AXIS_MU_NU_TAU: pt->mu_nu[2] = v; break;
    case CEVNS_AXIS_M4: pt->m4 = v; break;
    case CEVNS_AXIS_SIN2W: pt->sin2w = v; break;
    case CEVNS_AXIS_RN: pt->rn_fm = v; break;
    case CEVNS_AXIS_NORM: pt->norm = v; break;
    case CEVNS_AXIS_EXPOSURE: *exposure = v; break;
    case CEVNS_AXIS_EPS_U: pt->eps_u[i * 3 + j] = pt->eps_u[j * 3 + i] = v; break;
    case CEVNS_AXIS_EPS_D: pt->eps_d[i * 3 + j] = pt->eps_d[j * 3 + i] = v; break;
    case CEVNS_AXIS_ZP_G: pt->zp_g = v; break;
    case CEVNS_AXIS_ZP_MASS: pt->zp_mass = v; break;
    case CEVNS_AXIS_SC_G: pt->sc_g = v; break;
    case CEVNS_AXIS_SC_MASS: pt->sc_mass = v; break;
    case CEVNS_AXIS_R2: pt->r2[i * 3 + j] = pt->r2[j * 3 + i] = v; break;
    case CEVNS_AXIS_QNU: pt->qnu[i * 3 + j] = pt->qnu[j * 3 + i] = v; break;
    default: break;
    }
}

/* The parameter point of axis indices idx: pt holds the base point on entry and every
 * axis value applied on return; *exposure the exposure scale (1 without that axis). */
CEVNS_FN void cevns_grid_point(const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values, const int *idx,
                               cevns_pod_point *pt, double *exposure) {
    int a;
    *exposure = 1.0;
    for (a = 0; a < g->n_axes; a++) cevns_grid_apply(g, a, values[g->off[a] + idx[a]], pt, exposure);
}

/* Step the odometer of the axes axes[0..n) (the last fastest) by one and apply the value of
 * every axis that changed; returns 0 when it wrapped around (every index back to 0). */
CEVNS_FN int cevns_grid_step(const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values, const int32_t *axes, int n,
                             int *idx, cevns_pod_point *pt, double *exposure) {
    int k;
    for (k = n - 1; k >= 0; k--) {
        int a = axes[k];
        if (++idx[a] < g->n[a]) {
            cevns_grid_apply(g, a, values[g->off[a] + idx[a]], pt, exposure);
            return 1;
        }
        idx[a] = 0;
        cevns_grid_apply(g, a, values[g->off[a]], pt, exposure);
    }
    return 0;
}

/* Step the axis indices idx of item (s, q) to the next item, item + 1 (the odometer of
 * cevns_grid_indices: the profiled axes fastest, then the shown axes), and apply the new
 * value of every axis that changed to pt and *exposure: the point of the next item
 * without decoding its index again.  The axes set disjoint parameters (the config
 * refuses two that set the same one), so re-applying only the changed ones is exact. */
CEVNS_FN void cevns_grid_advance(const cevns_pod_grid *g, CEVNS_CONST_GLOBAL double *values, int *idx,
                                 cevns_pod_point *pt, double *exposure) {
    if (!cevns_grid_step(g, values, g->prof, g->n_prof_axes, idx, pt, exposure))
        cevns_grid_step(g, values, g->shown, g->n_shown, idx, pt, exposure);
}

#endif
