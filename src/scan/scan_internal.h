/* scan_internal.h - pieces of the scan, one file each. */
#ifndef CEVNS_SRC_SCAN_INTERNAL_H
#define CEVNS_SRC_SCAN_INTERNAL_H

#include <stddef.h>

#include "cevns/experiment.h"
#include "cevns/results.h"
#include "cevns/scan.h"
#include "common/plan.h"

/* The grid: axes of the config, the flat index with the last axis fastest. */
typedef struct {
    int n_axes;
    const cevns_axis_config *axes[CEVNS_MAX_AXES];
    size_t n[CEVNS_MAX_AXES];
    size_t n_points;
    int n_shown;                 /* axes not profiled */
    int shown[CEVNS_MAX_AXES];   /* their indices */
    size_t n_shown_points;
} cevns_grid;

void cevns_grid_init(const cevns_scan_config *scan, cevns_grid *g);
/* The point of flat index idx: physics parameters and the exposure scale. */
void cevns_grid_point(const cevns_grid *g, const cevns_params *base, size_t idx, cevns_params *p, double *exposure);
/* Flat index of the shown (not profiled) map for full index idx. */
size_t cevns_grid_shown_index(const cevns_grid *g, size_t idx);
/* Minimum over the profiled axes: shown[n_shown_points] from full[n_points]. */
void cevns_grid_project(const cevns_grid *g, const double *full, double *shown);
const char *cevns_axis_unit(cevns_axis_kind kind);

/* Observed data, uncertainties and backgrounds per bin, and the statistic of one point.
 * Pulls: data->pulls first (c^i = R^i, or background_main^i for target
 * "background"), then one per background component (c^i = components[k][i]). */
typedef struct {
    size_t n_bins;
    const cevns_data_config *data;
    cevns_statistic statistic;
    int asimov;
    double *observed;        /* at exposure 1 */
    double *error;           /* from the data file (0 for Asimov) */
    double *background;      /* total B_i at exposure 1: background_main + sum of the components */
    double *background_main; /* experiment.data.background alone, at exposure 1 */
    double *components;      /* B_k^i at [k * n_bins + i], exposure 1 (n_components * n_bins; NULL if none) */
    int n_components;        /* data->n_backgrounds */
} cevns_scan_data;

/* Load the data of cfg for experiment e (and the Asimov prediction); free with _free. */
cevns_status cevns_scan_data_load(const cevns_config *cfg, const cevns_experiment *e, cevns_scan_data *d,
                                  cevns_error *err);
void cevns_scan_data_free(cevns_scan_data *d);

cevns_status cevns_scan_point_statistic(const cevns_scan_data *d, const double *signal, double exposure,
                                        double *value, cevns_error *err);

/* Limits and contours of the shown map (Delta chi2 = chi2 - min); the 1-D
 * interval is cevns_interval_1d (cevns/stats.h, src/scan/limits.c). */

/* Run folder writing. */
/* The work folder <final>.partial: created (rank 0; a leftover one is an error
 * pointing at --resume), or required to exist when resuming. */
cevns_status cevns_run_dir_prepare(const char *final_dir, const char *work_dir, int overwrite, int resume, int create,
                                   cevns_error *err);
cevns_status cevns_run_dir_commit(const char *tmp_dir, const char *final_dir, cevns_error *err);
void cevns_run_dir_discard(const char *tmp_dir);

/* Progress bar on stderr (only when it is a terminal). */
typedef struct {
    int enabled;
    size_t total;
    double started, last_drawn;
} cevns_progress;
void cevns_progress_start(cevns_progress *p, size_t total, int enabled);
void cevns_progress_update(cevns_progress *p, size_t done);
void cevns_progress_finish(cevns_progress *p);
double cevns_now_seconds(void);

#endif
