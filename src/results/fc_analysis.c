/* fc_analysis.c - cevns_fc_analysis_create: the Feldman-Cousins regions of an analysed map
 * from its toys (cevns/results.h), computed once for every writer and figure.
 *
 * Per map point: the toys' Delta chi2 sorted; per CL the critical value, the type 1 quantile
 * (the smallest toy value x with F(x) >= cl, F the toys' empirical distribution: no
 * interpolation, so "the data's Delta chi2 <= critical" accepts at least a fraction cl of the
 * toys, and the value is one toy's, the same on every engine to rounding); its Monte Carlo
 * band; the data's p-value; membership of both regions.  The boundaries are the level 0 of
 * Delta chi2 - critical, traced like the analysis' contours (2 shown axes) or crossed like
 * its intervals (1 shown axis). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"

double cevns_quantile_sorted(const double *sorted, size_t n, double q) {
    double r = ceil(q * (double)n - 1e-9);
    size_t k;
    if (n == 0) return NAN;
    k = r < 1.0 ? 1 : r > (double)n ? n : (size_t)r;
    return sorted[k - 1];
}

static int compare_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

void cevns_fc_analysis_free(cevns_fc_analysis *fa) {
    int c;
    if (!fa) return;
    free(fa->dchi2);
    free(fa->p_value);
    free(fa->critical);
    free(fa->critical_lo);
    free(fa->critical_hi);
    free(fa->inside_wilks);
    free(fa->inside_fc);
    for (c = 0; c < CEVNS_ANALYSIS_MAX_CL; c++) free(fa->contour[c]);
    memset(fa, 0, sizeof *fa);
}

/* The analysis' cell (iy * nx + ix) of map point p. */
static size_t cell_of(const cevns_map *m, const cevns_analysis *a, size_t p) {
    size_t idx[CEVNS_MAP_MAX_AXES] = {0, 0, 0, 0};
    int k;
    for (k = m->n_axes - 1; k >= 0; k--) {
        idx[k] = p % m->axis_n[k];
        p /= m->axis_n[k];
    }
    return a->n_shown == 1 ? idx[a->shown[0]] : idx[a->shown[1]] * a->nx + idx[a->shown[0]];
}

/* The quantiles and memberships of map point p from its sorted toys. */
static void point_values(cevns_fc_analysis *fa, size_t p, const double *sorted) {
    size_t n = fa->toys, above = 0, t;
    double d = fa->dchi2[p];
    int c;
    for (t = 0; t < n; t++)
        if (sorted[t] >= d) above++;
    fa->p_value[p] = isnan(d) ? NAN : (double)above / (double)n;
    for (c = 0; c < fa->n_cl; c++) {
        double q = fa->cl[c], s = sqrt(q * (1.0 - q) / (double)n), crit = cevns_quantile_sorted(sorted, n, q);
        size_t i = (size_t)c * fa->n_points + p;
        fa->critical[i] = crit;
        fa->critical_lo[i] = cevns_quantile_sorted(sorted, n, fmax(0.0, q - s));
        fa->critical_hi[i] = cevns_quantile_sorted(sorted, n, fmin(1.0, q + s));
        fa->inside_wilks[i] = d <= fa->wilks[c];
        fa->inside_fc[i] = d <= crit;
    }
}

/* The counts per CL, the range of the critical values, and the region boundaries. */
static cevns_status regions(const cevns_map *m, const cevns_analysis *a, cevns_fc_analysis *fa, cevns_error *err) {
    size_t ncell = a->nx * a->ny, p;
    double *z = malloc(ncell * sizeof *z);
    cevns_status st = CEVNS_OK;
    int c;
    if (!z) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the Feldman-Cousins regions");
    for (c = 0; c < fa->n_cl && st == CEVNS_OK; c++) {
        fa->critical_min[c] = INFINITY;
        fa->critical_max[c] = -INFINITY;
        for (p = 0; p < fa->n_points; p++) {
            size_t i = (size_t)c * fa->n_points + p;
            fa->n_inside_wilks[c] += fa->inside_wilks[i];
            fa->n_inside_fc[c] += fa->inside_fc[i];
            fa->n_only_wilks[c] += fa->inside_wilks[i] && !fa->inside_fc[i];
            fa->n_only_fc[c] += fa->inside_fc[i] && !fa->inside_wilks[i];
            fa->critical_min[c] = fmin(fa->critical_min[c], fa->critical[i]);
            fa->critical_max[c] = fmax(fa->critical_max[c], fa->critical[i]);
            z[cell_of(m, a, p)] = fa->dchi2[p] - fa->critical[i];
        }
        fa->lower[c] = fa->upper[c] = NAN;
        if (a->n_shown == 1)
            cevns_interval_1d(m->axis_values[a->shown[0]], m->axis_log[a->shown[0]], z, a->nx, 0.0, &fa->lower[c],
                              &fa->upper[c]);
        else
            st = cevns_contour(a->nx, a->ny, a->x, a->y, z, 0.0, &fa->contour[c], &fa->n_contour[c], err);
    }
    free(z);
    return st;
}

cevns_status cevns_fc_analysis_create(const cevns_map *m, const cevns_analysis *a, const double *toys_dchi2,
                                      size_t toys, unsigned long long seed, cevns_fc_analysis *fa, cevns_error *err) {
    size_t n = cevns_map_points(m), nc, p;
    double *sorted;
    cevns_status st;
    int c;
    memset(fa, 0, sizeof *fa);
    if (a->n_profiled > 0 || n != a->nx * a->ny)
        return cevns_error_set(err, CEVNS_EUSAGE,
                               "Feldman-Cousins regions need 1 or 2 shown axes (the others profiled on the engine), "
                               "the map has %d axes with several values",
                               a->n_shown + a->n_profiled);
    if (toys == 0 || !toys_dchi2) return cevns_error_set(err, CEVNS_EINTERNAL, "Feldman-Cousins analysis without toys");
    fa->n_points = n;
    fa->n_shown = a->n_shown;
    fa->toys = toys;
    fa->seed = seed;
    fa->toys_dchi2 = toys_dchi2;
    fa->n_cl = a->n_cl;
    for (c = 0; c < a->n_cl; c++) {
        fa->cl[c] = a->cl[c];
        fa->wilks[c] = a->threshold[c];
    }
    nc = (size_t)(a->n_cl > 0 ? a->n_cl : 1) * n;
    fa->dchi2 = malloc(n * sizeof *fa->dchi2);
    fa->p_value = malloc(n * sizeof *fa->p_value);
    fa->critical = malloc(nc * sizeof *fa->critical);
    fa->critical_lo = malloc(nc * sizeof *fa->critical_lo);
    fa->critical_hi = malloc(nc * sizeof *fa->critical_hi);
    fa->inside_wilks = malloc(nc);
    fa->inside_fc = malloc(nc);
    sorted = malloc(toys * sizeof *sorted);
    if (!fa->dchi2 || !fa->p_value || !fa->critical || !fa->critical_lo || !fa->critical_hi || !fa->inside_wilks ||
        !fa->inside_fc || !sorted) {
        free(sorted);
        cevns_fc_analysis_free(fa);
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the Feldman-Cousins analysis");
    }
    for (p = 0; p < n; p++) {
        fa->dchi2[p] = a->dchi2[cell_of(m, a, p)];
        memcpy(sorted, toys_dchi2 + p * toys, toys * sizeof *sorted);
        qsort(sorted, toys, sizeof *sorted, compare_double);
        point_values(fa, p, sorted);
    }
    free(sorted);
    if ((st = regions(m, a, fa, err)) != CEVNS_OK) cevns_fc_analysis_free(fa);
    return st;
}
