/* results.h - what a scan leaves behind: the map (HDF5) and its analysis (src/results):
 * the projection onto the shown axes, Delta chi2, the CL thresholds, the best fit, the
 * limits and the contours, computed once; the writers (map.h5, limits.csv,
 * contour_<CL>.csv, summary.json) and the figures only consume them. */
#ifndef CEVNS_RESULTS_H
#define CEVNS_RESULTS_H

#include <stddef.h>

#include "cevns/status.h"

#define CEVNS_MAP_MAX_AXES 4
#define CEVNS_MAP_MAX_REFERENCE 4
#define CEVNS_MAP_MAX_EXPERIMENTS 4
#define CEVNS_MAP_MAX_BIN_AXES 3

/* A chi2 map over 1..4 axes, row-major with the LAST axis fastest:
 * index = ((i0 * n1 + i1) * n2 + i2) * n3 + i3. */
typedef struct {
    int n_axes;
    char axis_name[CEVNS_MAP_MAX_AXES][32];  /* e.g. "mu_nu" */
    char axis_unit[CEVNS_MAP_MAX_AXES][16];  /* e.g. "mu_B", "MeV", "" */
    char axis_long_name[CEVNS_MAP_MAX_AXES][64]; /* e.g. "sterile neutrino mass m4"; "": the name */
    int axis_log[CEVNS_MAP_MAX_AXES];        /* 1: log-spaced (for plotting) */
    size_t axis_n[CEVNS_MAP_MAX_AXES];
    double *axis_values[CEVNS_MAP_MAX_AXES];
    double *chi2;          /* prod(axis_n) values */
    size_t n_bins;         /* 0 when counts are not stored */
    double *counts;        /* expected signal + background per point and bin: [point * n_bins + bin] */
    double *bin_edges;     /* n_bins + 1: in the observable, or bin numbers 0..n_bins when the bins
                              go beyond energy (psd, time) or for a joint fit */
    /* each bin's range on each observable axis (cevns_experiment_bin_box), for one experiment
     * with counts: axis j is named bin_axis_name[j] ("energy", "psd", "time") in unit
     * bin_axis_unit[j] ("keVee", "", "us"); bin b spans bin_lo[b * n_bin_axes + j] ..
     * bin_hi[...].  n_bin_axes 0: not given (a joint fit, or no counts) */
    int n_bin_axes;        /* 0..CEVNS_MAP_MAX_BIN_AXES */
    char bin_axis_name[CEVNS_MAP_MAX_BIN_AXES][16];
    char bin_axis_unit[CEVNS_MAP_MAX_BIN_AXES][16];
    double *bin_lo, *bin_hi;
    /* provenance, stored as attributes */
    char statistic[16];    /* "chi2" or "poisson" */
    char engine[16];
    char path[16];         /* the path that ran: "direct" or "separable" */
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
    /* a joint fit: its experiments and where their bins start in the counts; stored only
     * when n_experiments > 0 (attributes "experiments", "experiment_first_bin") */
    int n_experiments;     /* 0..CEVNS_MAP_MAX_EXPERIMENTS */
    char experiment_name[CEVNS_MAP_MAX_EXPERIMENTS][128];
    int experiment_first_bin[CEVNS_MAP_MAX_EXPERIMENTS];
} cevns_map;

/* Points of a map: product of axis_n. */
CEVNS_API size_t cevns_map_points(const cevns_map *m);
/* The layout cevns_map_write_h5 writes (root attribute "format_version"; files without it
 * are format 1: axes only in /axes, counts flattened to points x bins, no dimension scales). */
#define CEVNS_MAP_FORMAT_VERSION 2
/* Write map.h5 (format CEVNS_MAP_FORMAT_VERSION, docs/scan.md "map.h5"): every axis as a
 * dimension scale /<name> (attributes units, long_name, unit, spacing; /axes/<name> links to
 * it), /chi2 shaped (axis 1, ..., axis k), /counts (axis 1, ..., axis k, bin) with the scales
 * /bin and /bin_edges and the bins' ranges (/bin_<axis>_lo, _hi) when present, every dataset's
 * dimensions attached to their scales (xarray's h5netcdf engine names them); provenance as
 * attributes of the root group, and the reference limits as root attributes
 * "reference_labels" (strings) and "reference_values" (float64) when there are some.
 * Axis names may not be chi2, counts, axes, feldman_cousins or begin with "bin".  Written to
 * path + ".tmp" and renamed when complete. */
CEVNS_API cevns_status cevns_map_write_h5(const char *path, const cevns_map *m, cevns_error *err);
/* Read a map written by cevns_map_write_h5, this format or an older one (allocates; free with
 * cevns_map_free). */
CEVNS_API cevns_status cevns_map_create_from_h5(const char *path, cevns_map *m, cevns_error *err);
CEVNS_API void cevns_map_free(cevns_map *m);

/* ---------------------------------------------------------------- thresholds and limits */
/* Delta chi2 threshold for confidence level cl (0 < cl < 1) and dof >= 1 (Wilks:
 * gsl_cdf_chisq_Pinv): 2.706 for 90 % and 1 dof, 4.605 for 90 % and 2 dof; NaN outside. */
CEVNS_API double cevns_delta_chi2_threshold(double cl, int dof);

/* The allowed interval along one axis: around the minimum of dchi2[0..n-1]
 * (the first one; NaN entries are skipped), the nearest points where dchi2
 * crosses threshold from below, below and above the minimum, interpolated
 * linearly between grid points x[i] (in log x when log_axis and both points are
 * > 0).  *lower / *upper are NaN where the threshold is not reached (the limit
 * lies beyond the grid, or every point is NaN).  x increasing. */
CEVNS_API void cevns_interval_1d(const double *x, int log_axis, const double *dchi2, size_t n, double threshold, double *lower,
                       double *upper);
/* The exclusion edge along one axis: from the smallest x where dchi2 <= threshold, the first
 * point above it where dchi2 crosses the threshold from below (interpolated as above): the
 * upper limit on a coupling whose smallest values are allowed, even when another allowed
 * island further up holds the minimum (a mediator's sign-flipped solution).  NaN when no x is
 * allowed or the threshold is not crossed above it.  x increasing. */
CEVNS_API double cevns_exclusion_1d(const double *x, int log_axis, const double *dchi2, size_t n, double threshold);

/* Level curves of z on a rectangular grid (marching squares with linear
 * interpolation along cell edges): z[iy * nx + ix] at (x[ix], y[iy]).
 * Segments are joined into polylines; each polyline's points are written as
 * x, y pairs, polylines separated by a (NaN, NaN) pair.  *n_out counts the pairs. */
CEVNS_API cevns_status cevns_contour(size_t nx, size_t ny, const double *x, const double *y, const double *z, double level,
                           double **xy_out, size_t *n_out, cevns_error *err);

/* ---------------------------------------------------------------- the analysis of a map */
#define CEVNS_ANALYSIS_MAX_CL 8

/* Everything the writers and figures show, computed once from a map (cevns_analysis_create).
 * Shown axes: the map's first one or two axes with at least two values (x, then y);
 * any other axis with several values is minimised over (a projection for display: a
 * scan's profiled axes were already minimised over on the engine). */
typedef struct {
    int n_shown;             /* 1 or 2 */
    int shown[2];            /* map axis numbers: shown[0] on x, shown[1] on y */
    int n_profiled;          /* other map axes with several values */
    size_t nx, ny;           /* the shown grid (ny = 1 for one shown axis) */
    int x_log, y_log;        /* coordinates in log10: a log-spaced axis with positive values */
    double *x, *y;           /* the shown axes' coordinates (log10 where x_log / y_log); y NULL for 1 axis */
    double *dchi2;           /* Delta chi2 on the shown grid, [iy * nx + ix]; NaN where no finite value */
    double chi2_min;         /* the map's minimum (the stored one when lower) */
    size_t best;             /* map point of the minimum */
    size_t best_index[CEVNS_MAP_MAX_AXES]; /* its index along every map axis */
    double best_value[CEVNS_MAP_MAX_AXES]; /* every map axis' value there */
    int dof;                 /* of the thresholds: the map's, or the number of shown axes when it says 0 */
    int n_cl;                /* the map's CLs in (0, 1) */
    double cl[CEVNS_ANALYSIS_MAX_CL], threshold[CEVNS_ANALYSIS_MAX_CL];
    /* 1 shown axis: the allowed interval per CL (NaN where not reached) */
    double lower[CEVNS_ANALYSIS_MAX_CL], upper[CEVNS_ANALYSIS_MAX_CL];
    /* 2 shown axes: per CL c and column iy, the interval of the x axis (axis values, NaN where
     * not reached): col_lower[c * ny + iy], col_upper[c * ny + iy], around the column's minimum;
     * col_exclusion[c * ny + iy] the exclusion edge above the smallest allowed x
     * (cevns_exclusion_1d), which the exclusion figure draws */
    double *col_lower, *col_upper, *col_exclusion;
    /* 2 shown axes: the CL contours in the coordinates above, (x, y) pairs, polylines
     * separated by (NaN, NaN); n_contour[c] pairs */
    double *contour[CEVNS_ANALYSIS_MAX_CL];
    size_t n_contour[CEVNS_ANALYSIS_MAX_CL];
} cevns_analysis;

/* Analyse map m (chi2, axes, CLs, dof); where names the map in messages.  A map with no
 * axis of two values or no finite chi2 is an error.  Free with cevns_analysis_free. */
CEVNS_API cevns_status cevns_analysis_create(const cevns_map *m, const char *where, cevns_analysis *a, cevns_error *err);
CEVNS_API void cevns_analysis_free(cevns_analysis *a);
/* The value of a shown coordinate: 10^c on a log axis, c otherwise. */
CEVNS_API double cevns_analysis_value(int is_log, double coordinate);

/* ---------------------------------------------------------------- Feldman-Cousins */
/* The Feldman-Cousins regions of an analysed map (docs/scan.md, "Feldman-Cousins"), from the
 * toys' Delta chi2 at every map point: per CL the critical value (the quantile of the toys'
 * Delta chi2, Hyndman-Fan type 1: the ceil(cl x toys)-th smallest), its Monte Carlo band
 * (the order statistics ceil(cl x toys +- sqrt(toys cl (1 - cl))): a 68 % interval of the
 * quantile), whether the point is inside Wilks' region (data's Delta chi2 <= the threshold of
 * the analysis) and inside Feldman-Cousins' (<= the critical value).  Arrays per CL c and map
 * point p are [c * n_points + p], p the map's flat index (as map.h5's /chi2). */
typedef struct {
    size_t n_points, toys;
    unsigned long long seed;
    int n_shown;                         /* the analysis' shown axes: 1 or 2 */
    int n_cl;
    double cl[CEVNS_ANALYSIS_MAX_CL], wilks[CEVNS_ANALYSIS_MAX_CL];
    double *dchi2;                       /* the data's Delta chi2 at each map point */
    double *p_value;                     /* the fraction of toys with a Delta chi2 >= the data's */
    double *critical, *critical_lo, *critical_hi;
    unsigned char *inside_wilks, *inside_fc;
    size_t n_inside_wilks[CEVNS_ANALYSIS_MAX_CL], n_inside_fc[CEVNS_ANALYSIS_MAX_CL];
    size_t n_only_wilks[CEVNS_ANALYSIS_MAX_CL], n_only_fc[CEVNS_ANALYSIS_MAX_CL]; /* points in one region only */
    double critical_min[CEVNS_ANALYSIS_MAX_CL], critical_max[CEVNS_ANALYSIS_MAX_CL]; /* over the map */
    /* 2 shown axes: the boundary of each region, the level 0 of Delta chi2 - critical, in the
     * analysis' coordinates and format (cevns_analysis.contour) */
    double *contour[CEVNS_ANALYSIS_MAX_CL];
    size_t n_contour[CEVNS_ANALYSIS_MAX_CL];
    /* 1 shown axis: the interval per CL (axis values, NaN where not reached) */
    double lower[CEVNS_ANALYSIS_MAX_CL], upper[CEVNS_ANALYSIS_MAX_CL];
    const double *toys_dchi2;            /* borrowed: toy t of map point p at [p * toys + t] */
} cevns_fc_analysis;

/* Analyse the toys toys_dchi2 (borrowed, see above) of map m analysed as a (every map axis
 * with several values shown: no projection).  Free with cevns_fc_analysis_free. */
CEVNS_API cevns_status cevns_fc_analysis_create(const cevns_map *m, const cevns_analysis *a, const double *toys_dchi2,
                                                size_t toys, unsigned long long seed, cevns_fc_analysis *fa,
                                                cevns_error *err);
CEVNS_API void cevns_fc_analysis_free(cevns_fc_analysis *fa);
/* The Hyndman-Fan type 1 quantile of n sorted values: the ceil(q n)-th smallest (q in [0, 1];
 * the smallest for q = 0). */
CEVNS_API double cevns_quantile_sorted(const double *sorted, size_t n, double q);

/* map.h5 with a Feldman-Cousins analysis (fa may be NULL: cevns_map_write_h5) in the group
 * /feldman_cousins: delta_chi2 and p_value (the shape of /chi2), critical, critical_lo,
 * critical_hi (float64) and inside_wilks, inside_fc (uint8) with a leading axis of the CLs
 * (the dimension scale /feldman_cousins/cl), toys (the shape of /chi2 and one more axis of the
 * toys, the scale /feldman_cousins/toy: the toys' Delta chi2, when at most 2^23 values);
 * attributes n_toys, seed, toys_stored (uint64), cl, wilks (float64 arrays), quantile (string). */
CEVNS_API cevns_status cevns_map_write_h5_fc(const char *path, const cevns_map *m, const cevns_fc_analysis *fa,
                                             cevns_error *err);

/* ---------------------------------------------------------------- figures */
/* Figures of a map and its analysis in dir (PNG and PDF): 2 shown axes: the chi2 map
 * with CL contours (chi2_map) and the exclusion curve, the upper limit on the x axis
 * against the y axis, per CL with the reference limits as dashed horizontal lines
 * (exclusion); 1 shown axis: the Delta chi2 curve with the reference limits as dashed
 * vertical lines (delta_chi2).  CEVNS_EUNAVAILABLE when built without PLplot. */
CEVNS_API cevns_status cevns_figures_write(const char *dir, const cevns_map *m, const cevns_analysis *a, cevns_error *err);

/* fc_regions.png and .pdf in dir: 2 shown axes, the Delta chi2 map with Wilks' (dashed) and
 * Feldman-Cousins' (solid) region boundaries per CL and the grid points where the regions
 * disagree marked; 1 shown axis, Delta chi2 with Wilks' thresholds and the critical values.
 * CEVNS_EUNAVAILABLE when built without PLplot. */
CEVNS_API cevns_status cevns_figures_fc(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                        const cevns_fc_analysis *fa, cevns_error *err);

/* One experiment of a joint fit at the best fit, per bin of its own: what the run folder's
 * spectra.csv and spectrum_<name>.png/.pdf show. */
typedef struct {
    const char *name, *observable;
    size_t n_bins;
    const double *edges;      /* n_bins + 1, in the observable */
    const double *observed;   /* O_i */
    const double *error;      /* the statistic's D_i = 1/sqrt(w_i) (0 where a bin has none) */
    const double *signal;     /* R_i at the best fit, without the pulls */
    const double *background; /* B_i, without the pulls */
    const double *fitted;     /* R_i + B_i + the pulls' shifts at their best values */
} cevns_spectrum;
/* spectrum_<name>.png and .pdf in dir: the observed counts with their errors, the fit (with
 * the pulls), the prediction without them and the background, against the observable.
 * CEVNS_EUNAVAILABLE when built without PLplot. */
CEVNS_API cevns_status cevns_figures_spectra(const char *dir, const cevns_spectrum *spectra, int n, cevns_error *err);

/* ---------------------------------------------------------------- the rate figure */
/* One model of a rate figure: its legend label and its expected counts per bin and
 * component, counts[bin * n_components + k] (events per bin, as `cevns rate` prints them). */
typedef struct {
    const char *label;
    const double *counts;
} cevns_rate_model;

/* The expected spectrum of one or several models over the same bins and components (plain
 * arrays, as a binding passes them; nothing is computed here). */
typedef struct {
    size_t n_bins;                       /* >= 1 */
    const double *edges;                 /* n_bins + 1, increasing, in the observable */
    const char *observable;              /* "keVnr", "keVee", "PE" (the x axis' quantity and unit) */
    size_t n_components;                 /* >= 1 */
    const char *const *component_names;  /* n_components, e.g. "B8:sm", "hep:magnetic" */
    int n_models;                        /* >= 1 */
    const cevns_rate_model *models;      /* n_models */
    const char *title;                   /* NULL or "": "expected events" */
    int log_y;                           /* 1 logarithmic y, 0 linear, -1 automatic: logarithmic when the drawn
                                            positive counts span more than two decades */
    int show_components;                 /* several models: 1 also draws each model's components, dashed */
} cevns_rate_figure;

/* <path_stem>.png and <path_stem>.pdf: events per bin as step histograms against the
 * observable.  One model: each component with a non-zero count and the total (black);
 * several models: each model's total (and, with show_components, its components dashed in
 * its colour); a legend entry for each line.  Both files are drawn to .tmp files first and
 * renamed only when both are whole, so a failure leaves neither.  CEVNS_EUSAGE for invalid
 * arguments (counts not finite, edges not increasing, ...), CEVNS_EIO when the files cannot
 * be written, CEVNS_EUNAVAILABLE when built without PLplot. */
CEVNS_API cevns_status cevns_figures_rate(const char *path_stem, const cevns_rate_figure *fig, cevns_error *err);

#endif
