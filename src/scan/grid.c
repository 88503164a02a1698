/* grid.c - the scan grid: flat index <-> axis values -> physics parameters,
 * and the projection (minimum) over profiled axes. */
#include <math.h>

#include "scan/scan_internal.h"

void cevns_grid_init(const cevns_scan_config *scan, cevns_grid *g) {
    int a;
    g->n_axes = scan->n_axes;
    g->n_points = 1;
    g->n_shown = 0;
    g->n_shown_points = 1;
    for (a = 0; a < scan->n_axes; a++) {
        g->axes[a] = &scan->axes[a];
        g->n[a] = (size_t)scan->axes[a].n;
        g->n_points *= g->n[a];
        if (!scan->axes[a].profile) {
            g->shown[g->n_shown++] = a;
            g->n_shown_points *= g->n[a];
        }
    }
}

/* Set one axis value on the parameters. */
static void apply_axis(const cevns_axis_config *ax, double v, cevns_params *p, double *exposure) {
    int a = ax->eps_index / 3, b = ax->eps_index % 3;
    switch (ax->kind) {
    case CEVNS_AXIS_MU_NU: p->mu_nu[0] = p->mu_nu[1] = p->mu_nu[2] = v; break;
    case CEVNS_AXIS_MU_NU_E: p->mu_nu[0] = v; break;
    case CEVNS_AXIS_MU_NU_MU: p->mu_nu[1] = v; break;
    case CEVNS_AXIS_MU_NU_TAU: p->mu_nu[2] = v; break;
    case CEVNS_AXIS_M4: p->m4_MeV = v; break;
    case CEVNS_AXIS_SIN2W: p->sin2_theta_w = v; break;
    case CEVNS_AXIS_RN: p->rn_fm = v; break;
    case CEVNS_AXIS_NORM: p->normalisation = v; break;
    case CEVNS_AXIS_EXPOSURE: *exposure = v; break;
    case CEVNS_AXIS_EPS_U: p->eps_u[a * 3 + b] = p->eps_u[b * 3 + a] = v; break;
    case CEVNS_AXIS_EPS_D: p->eps_d[a * 3 + b] = p->eps_d[b * 3 + a] = v; break;
    }
}

void cevns_grid_point(const cevns_grid *g, const cevns_params *base, size_t idx, cevns_params *p, double *exposure) {
    int a;
    *p = *base;
    *exposure = 1.0;
    for (a = g->n_axes - 1; a >= 0; a--) {
        size_t i = idx % g->n[a];
        idx /= g->n[a];
        apply_axis(g->axes[a], g->axes[a]->values[i], p, exposure);
    }
}

size_t cevns_grid_shown_index(const cevns_grid *g, size_t idx) {
    size_t i[CEVNS_MAX_AXES], out = 0;
    int a, k;
    for (a = g->n_axes - 1; a >= 0; a--) {
        i[a] = idx % g->n[a];
        idx /= g->n[a];
    }
    for (k = 0; k < g->n_shown; k++) out = out * g->n[g->shown[k]] + i[g->shown[k]];
    return out;
}

void cevns_grid_project(const cevns_grid *g, const double *full, double *shown) {
    size_t i;
    for (i = 0; i < g->n_shown_points; i++) shown[i] = INFINITY;
    for (i = 0; i < g->n_points; i++) {
        size_t s = cevns_grid_shown_index(g, i);
        if (full[i] < shown[s]) shown[s] = full[i];
    }
}

const char *cevns_axis_unit(cevns_axis_kind kind) {
    switch (kind) {
    case CEVNS_AXIS_MU_NU:
    case CEVNS_AXIS_MU_NU_E:
    case CEVNS_AXIS_MU_NU_MU:
    case CEVNS_AXIS_MU_NU_TAU: return "mu_B";
    case CEVNS_AXIS_M4: return "MeV";
    case CEVNS_AXIS_RN: return "fm";
    default: return "";
    }
}
