/* results.h - what a scan leaves behind: the map (HDF5), contours, figures. */
#ifndef CEVNS_RESULTS_H
#define CEVNS_RESULTS_H

#include <stddef.h>

#include "cevns/status.h"

#define CEVNS_MAP_MAX_AXES 4
#define CEVNS_MAP_MAX_REFERENCE 4

/* A chi2 map over 1..4 axes, row-major with the LAST axis fastest:
 * index = ((i0 * n1 + i1) * n2 + i2) * n3 + i3. */
typedef struct {
    int n_axes;
    char axis_name[CEVNS_MAP_MAX_AXES][32];  /* e.g. "mu_nu" */
    char axis_unit[CEVNS_MAP_MAX_AXES][16];  /* e.g. "mu_B", "MeV", "" */
    int axis_log[CEVNS_MAP_MAX_AXES];        /* 1: log-spaced (for plotting) */
    size_t axis_n[CEVNS_MAP_MAX_AXES];
    double *axis_values[CEVNS_MAP_MAX_AXES];
    double *chi2;          /* prod(axis_n) values */
    size_t n_bins;         /* 0 when counts are not stored */
    double *counts;        /* expected signal + background per point and bin: [point * n_bins + bin] */
    double *bin_edges;     /* n_bins + 1 */
    /* provenance, stored as attributes */
    char statistic[16];    /* "chi2" or "poisson" */
    char engine[16];
    char version[32];
    char config_name[128];
    char observable[16];
    double chi2_min;
    double cl[8];
    int n_cl;
    int dof;
    char *config_json;     /* the resolved config (may be NULL) */
    /* published limits drawn on the figures (config output.reference_limits), in
     * the unit of the first shown axis; stored only when n_reference > 0 */
    int n_reference;       /* 0..CEVNS_MAP_MAX_REFERENCE */
    char reference_label[CEVNS_MAP_MAX_REFERENCE][64];
    double reference_value[CEVNS_MAP_MAX_REFERENCE];
} cevns_map;

/* Points of a map: product of axis_n. */
size_t cevns_map_points(const cevns_map *m);
/* Write map.h5: datasets /chi2 (shape axis_n), /axes/<name> (with "unit" and
 * "spacing" attributes), /counts (points x bins) and /bin_edges when present;
 * provenance as attributes of the root group, and the reference limits as root
 * attributes "reference_labels" (strings) and "reference_values" (float64) when
 * there are some.  Written to path + ".tmp" and renamed when complete. */
cevns_status cevns_map_write_h5(const char *path, const cevns_map *m, cevns_error *err);
/* Read a map written by cevns_map_write_h5 (allocates; free with cevns_map_free). */
cevns_status cevns_map_read_h5(const char *path, cevns_map *m, cevns_error *err);
void cevns_map_free(cevns_map *m);

/* Level curves of z on a rectangular grid (marching squares with linear
 * interpolation along cell edges): z[iy * nx + ix] at (x[ix], y[iy]).
 * Segments are joined into polylines; each polyline's points are written as
 * x, y pairs, polylines separated by a (NaN, NaN) pair.  *n_out counts the pairs. */
cevns_status cevns_contour(size_t nx, size_t ny, const double *x, const double *y, const double *z, double level,
                           double **xy_out, size_t *n_out, cevns_error *err);

/* Figures of a run folder from its map.h5 (PNG and PDF): 2 shown axes: the chi2
 * map with CL contours (chi2_map) and the exclusion curve, the upper limit on the
 * first axis against the second, per CL with the reference limits as dashed
 * horizontal lines (exclusion); 1 shown axis: the Delta chi2 curve with the
 * reference limits as dashed vertical lines (delta_chi2).
 * CEVNS_EUNAVAILABLE when built without PLplot. */
cevns_status cevns_plot_run(const char *run_dir, cevns_error *err);

#endif
