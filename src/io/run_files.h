/* run_files.h (internal) - the text files of a run folder: config.json, limits.csv,
 * contour_<CL>.csv and summary.json.  They serialise a map, its analysis and the run's
 * facts; nothing here computes a number (docs/scan.md describes the formats). */
#ifndef CEVNS_SRC_RUN_FILES_H
#define CEVNS_SRC_RUN_FILES_H

#include <stddef.h>

#include "cevns/results.h"
#include "cevns/status.h"

/* One axis of the scan as summary.json lists it (profiled ones included). */
typedef struct {
    const char *name, *unit, *spacing; /* spacing: "linear", "log" or "list" */
    int n, profiled;
    double min, max;
} cevns_run_axis;

/* The facts of a run that are not in the map. */
#define CEVNS_RUN_MAX_EXPERIMENTS 4
#define CEVNS_RUN_MAX_PULLS 12
#define CEVNS_RUN_MAX_COMPONENTS 14

typedef struct {
    const char *name;        /* the experiment's name */
    const char *config_path; /* the config file */
    const char *data_kind;   /* "asimov", "binned", "on_off" */
    size_t n_points;         /* grid points */
    int n_axes;
    cevns_run_axis axes[CEVNS_MAP_MAX_AXES];
    double seconds_points, seconds_total;
    int figures_written;
    const char *figures_note;
    /* A joint fit at the best fit (the profiled axes and pulls at their minimum): each
     * experiment's share of the statistic (its bins and the pulls only it has) and its
     * counts; the pulls several experiments share, each once.  n_experiments 0: one
     * experiment, nothing written. */
    int n_experiments;
    struct {
        const char *name;
        size_t first_bin, n_bins;
        double chi2, observed, signal, background;
    } experiments[CEVNS_RUN_MAX_EXPERIMENTS];
    int n_shared;
    struct {
        const char *name;
        double pull, chi2;
        double shift; /* events it moves at its best value (one experiment) */
    } shared[CEVNS_RUN_MAX_PULLS];
    /* One experiment (single = 1): its pulls are shared[] (written as "pulls"), and each
     * prediction's counts expected and fitted (with the pulls): the signal, then the
     * backgrounds (src/scan/fit_report.c). */
    int single;
    double no_signal_delta_chi2; /* a normalisation scan from 0: chi2(0) - chi2_min (NaN: none) */
    int n_components;
    struct {
        const char *name;
        double expected, fitted;
    } components[CEVNS_RUN_MAX_COMPONENTS];
    /* A Feldman-Cousins run: its analysis and the seconds of its toys (NULL: none). */
    const cevns_fc_analysis *fc;
    double fc_seconds;
} cevns_run_info;

/* dir/name with the given text (config.json: the resolved config, serialised once). */
/* spectra.csv: a joint fit's experiments at the best fit, one row per bin of each
 * (cevns_spectrum); nothing for n = 0. */
cevns_status cevns_write_spectra_csv(const char *dir, const cevns_spectrum *spectra, int n, cevns_error *err);
cevns_status cevns_write_text_file(const char *dir, const char *name, const char *text, cevns_error *err);
/* limits.csv: 1 shown axis, one row per CL; 2 shown axes, the interval of the first
 * axis for every value of the second. */
cevns_status cevns_write_limits_csv(const char *dir, const cevns_map *m, const cevns_analysis *a, cevns_error *err);
/* contour_<100 CL>.csv for 2 shown axes (nothing otherwise). */
cevns_status cevns_write_contours_csv(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                      cevns_error *err);
/* fc.csv (per map point: the axis values, the data's Delta chi2 and p-value, per CL the Wilks
 * threshold, the critical value with its band and whether the point is inside each region)
 * and, for 2 shown axes, fc_contour_<100 CL>.csv (the Feldman-Cousins region boundaries). */
cevns_status cevns_write_fc_csv(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                const cevns_fc_analysis *fa, cevns_error *err);
/* summary.json: name, config, version, engine, path, statistic, data, points, axes, best
 * fit, dof, limits per CL, timing, figures. */
cevns_status cevns_write_summary_json(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                      const cevns_run_info *info, cevns_error *err);

#endif
