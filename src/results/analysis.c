/* analysis.c - cevns_analysis_create: a map's numbers, computed once for every writer and figure
 * (cevns/results.h).
 *
 * Shown axes: the map's first one or two axes with at least two values; every other axis
 * with several values is minimised over.  Delta chi2 = chi2 - chi2_min, with chi2_min the
 * smallest finite value (or the map's stored minimum when lower).  Thresholds come from
 * cevns_delta_chi2_threshold (Wilks) with the map's dof (0: the number of shown axes).
 * Limits use cevns_interval_1d, in log x on log axes; contours are traced by marching
 * squares in the shown coordinates (log10 on log axes, so that curves are straight where
 * they look straight on the figures). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"

double cevns_analysis_value(int is_log, double coordinate) { return is_log ? pow(10.0, coordinate) : coordinate; }

/* Coordinates of map axis k: log10 when log-spaced and every value > 0. */
static double *axis_coords(const cevns_map *m, int k, int *is_log) {
    size_t n = m->axis_n[k], i;
    double *c = malloc(n * sizeof *c);
    int log_ok = m->axis_log[k];
    if (!c) return NULL;
    for (i = 0; i < n; i++)
        if (!(m->axis_values[k][i] > 0.0)) log_ok = 0;
    for (i = 0; i < n; i++) c[i] = log_ok ? log10(m->axis_values[k][i]) : m->axis_values[k][i];
    *is_log = log_ok;
    return c;
}

/* The axis indices of map point p (the last axis fastest). */
static void map_indices(const cevns_map *m, size_t p, size_t *idx) {
    int k;
    for (k = m->n_axes - 1; k >= 0; k--) {
        idx[k] = p % m->axis_n[k];
        p /= m->axis_n[k];
    }
}

/* Minimum over the non-shown axes onto the shown grid (NaN where nothing finite), the
 * best map point and the smallest value.  The axis indices are stepped along the map,
 * not decoded for every point. */
static void project(const cevns_map *m, cevns_analysis *a, double *gmin) {
    size_t points = cevns_map_points(m), ncell = a->nx * a->ny, p, c, idx[CEVNS_MAP_MAX_AXES] = {0, 0, 0, 0};
    *gmin = INFINITY;
    for (c = 0; c < ncell; c++) a->dchi2[c] = NAN;
    for (p = 0; p < points; p++) {
        double v = m->chi2[p];
        int k;
        if (!isnan(v)) {
            size_t cell = a->n_shown == 1 ? idx[a->shown[0]] : idx[a->shown[1]] * a->nx + idx[a->shown[0]];
            if (isnan(a->dchi2[cell]) || v < a->dchi2[cell]) a->dchi2[cell] = v;
            if (v < *gmin) {
                *gmin = v;
                a->best = p;
            }
        }
        for (k = m->n_axes - 1; k >= 0 && ++idx[k] == m->axis_n[k]; k--) idx[k] = 0;
    }
}

static void best_values(const cevns_map *m, cevns_analysis *a) {
    int k;
    map_indices(m, a->best, a->best_index);
    for (k = 0; k < m->n_axes; k++) a->best_value[k] = m->axis_values[k][a->best_index[k]];
}

static void thresholds(const cevns_map *m, cevns_analysis *a) {
    int i;
    a->dof = m->dof > 0 ? m->dof : a->n_shown;
    for (i = 0; i < m->n_cl && a->n_cl < CEVNS_ANALYSIS_MAX_CL; i++)
        if (m->cl[i] > 0.0 && m->cl[i] < 1.0) {
            a->cl[a->n_cl] = m->cl[i];
            a->threshold[a->n_cl] = cevns_delta_chi2_threshold(m->cl[i], a->dof);
            a->lower[a->n_cl] = a->upper[a->n_cl] = NAN;
            a->n_cl++;
        }
}

/* 2 shown axes: per CL and column iy, the interval of the x axis. */
static cevns_status column_limits(const cevns_map *m, cevns_analysis *a, cevns_error *err) {
    const double *x = m->axis_values[a->shown[0]];
    double *slice = malloc(a->nx * sizeof *slice);
    size_t n = (size_t)(a->n_cl > 0 ? a->n_cl : 1) * a->ny, iy, ix;
    int c;
    a->col_lower = malloc(n * sizeof *a->col_lower);
    a->col_upper = malloc(n * sizeof *a->col_upper);
    a->col_exclusion = malloc(n * sizeof *a->col_exclusion);
    if (!slice || !a->col_lower || !a->col_upper || !a->col_exclusion) {
        free(slice);
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the limits");
    }
    for (iy = 0; iy < a->ny; iy++) {
        for (ix = 0; ix < a->nx; ix++) slice[ix] = a->dchi2[iy * a->nx + ix];
        for (c = 0; c < a->n_cl; c++) {
            cevns_interval_1d(x, m->axis_log[a->shown[0]], slice, a->nx, a->threshold[c],
                              &a->col_lower[(size_t)c * a->ny + iy], &a->col_upper[(size_t)c * a->ny + iy]);
            a->col_exclusion[(size_t)c * a->ny + iy] =
                cevns_exclusion_1d(x, m->axis_log[a->shown[0]], slice, a->nx, a->threshold[c]);
        }
    }
    free(slice);
    return CEVNS_OK;
}

cevns_status cevns_analysis_create(const cevns_map *m, const char *where, cevns_analysis *a, cevns_error *err) {
    double gmin;
    cevns_status st = CEVNS_OK;
    int k, c;
    memset(a, 0, sizeof *a);
    for (k = 0; k < m->n_axes; k++)
        if (m->axis_n[k] >= 2) {
            if (a->n_shown < 2) a->shown[a->n_shown++] = k;
            else a->n_profiled++;
        }
    if (a->n_shown == 0)
        return cevns_error_set(err, CEVNS_EUSAGE, "%s: every axis has a single value: nothing to analyse", where);
    a->nx = m->axis_n[a->shown[0]];
    a->ny = a->n_shown == 2 ? m->axis_n[a->shown[1]] : 1;
    a->x = axis_coords(m, a->shown[0], &a->x_log);
    if (a->n_shown == 2) a->y = axis_coords(m, a->shown[1], &a->y_log);
    a->dchi2 = malloc(a->nx * a->ny * sizeof *a->dchi2);
    if (!a->x || (a->n_shown == 2 && !a->y) || !a->dchi2) {
        cevns_analysis_free(a);
        return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory for the analysis", where);
    }
    project(m, a, &gmin);
    if (!isfinite(gmin)) {
        cevns_analysis_free(a);
        return cevns_error_set(err, CEVNS_EDATA, "%s: the chi2 map has no finite value", where);
    }
    a->chi2_min = isfinite(m->chi2_min) && m->chi2_min < gmin ? m->chi2_min : gmin;
    for (size_t i = 0; i < a->nx * a->ny; i++) a->dchi2[i] -= a->chi2_min;
    best_values(m, a);
    thresholds(m, a);
    if (a->n_shown == 1)
        for (c = 0; c < a->n_cl; c++)
            cevns_interval_1d(m->axis_values[a->shown[0]], m->axis_log[a->shown[0]], a->dchi2, a->nx, a->threshold[c],
                              &a->lower[c], &a->upper[c]);
    else
        st = column_limits(m, a, err);
    for (c = 0; c < a->n_cl && st == CEVNS_OK && a->n_shown == 2; c++)
        st = cevns_contour(a->nx, a->ny, a->x, a->y, a->dchi2, a->threshold[c], &a->contour[c], &a->n_contour[c], err);
    if (st != CEVNS_OK) cevns_analysis_free(a);
    return st;
}

void cevns_analysis_free(cevns_analysis *a) {
    int c;
    if (!a) return;
    free(a->x);
    free(a->y);
    free(a->dchi2);
    free(a->col_lower);
    free(a->col_upper);
    free(a->col_exclusion);
    for (c = 0; c < CEVNS_ANALYSIS_MAX_CL; c++) free(a->contour[c]);
    memset(a, 0, sizeof *a);
}
