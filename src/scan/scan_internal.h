/* scan_internal.h - the scan driver's pieces, one file each: a scan as a value
 * (scan.c: config -> experiment -> scan plan -> engine), the config's axes as the plan's
 * (grid.c), the run folder and checkpoints (run.c, run_dir.c, checkpoint.c), MPI
 * (distribute.c) and the progress bar (progress.c). */
#ifndef CEVNS_SRC_SCAN_INTERNAL_H
#define CEVNS_SRC_SCAN_INTERNAL_H

#include <stddef.h>

#include "cevns/experiment.h"
#include "cevns/results.h"
#include "cevns/scan.h"
#include "engine/engine.h"
#include "io/run_files.h"
#include "plan/scan_plan.h"

struct cevns_scan {
    cevns_experiment *e;
    cevns_dataset data;
    cevns_axis_spec axes[CEVNS_MAX_AXES];
    int n_axes;
    cevns_scan_plan plan;
    const cevns_engine *eng;
    cevns_engine_options opt;
    void *state;
    double seconds_basis; /* the separable basis integrals (create) */
    /* every bin's range on each observable axis (cevns_experiment_bin_box), for map.h5:
     * bin b, axis j at [b * n_bin_axes + j]; none (0, NULL) for a joint fit */
    int n_bin_axes;
    const char *bin_axis_names[CEVNS_MAP_MAX_BIN_AXES];
    double *bin_lo, *bin_hi;
};

/* The experiment a scan runs (its model, plan and config). */
const cevns_experiment *cevns_scan_experiment(const cevns_scan *s);

/* The plan a scan runs (for the benchmarks and tests that drive engines directly). */
const cevns_scan_plan *cevns_scan_plan_of(const cevns_scan *s);
/* n parameter points spread evenly over the scan's grid (items i * grid / n). */
void cevns_scan_sample_points(const cevns_scan *s, size_t n, cevns_pod_point *pts);

/* The config's scan axes as the plan's. */
void cevns_scan_axes_from_config(const cevns_scan_config *scan, cevns_axis_spec *axes);
const char *cevns_axis_unit(cevns_axis_kind kind);
/* What an axis sets, in words (map.h5's long_name), e.g. "sterile neutrino mass m4". */
void cevns_axis_long_name(const cevns_axis_config *ax, char *out, size_t size);
/* The shown (not profiled) axes of cfg as a map's axes (names, units, long names, spacing,
 * values borrowed from cfg). */
void cevns_scan_map_axes(const cevns_scan_config *scan, cevns_map *m);


/* A joint fit at its best fit, per experiment, in the experiment's own bins. */
typedef struct {
    double *bins; /* 5 x n_bins of the joint fit: observed, error, signal, background, fitted; one experiment
                     with bins beyond energy: each projection's edges and those 5 arrays */
    cevns_spectrum spectra[CEVNS_MAX_EXPERIMENTS];
    int n;        /* 0: none */
    char names[CEVNS_MAX_EXPERIMENTS][160];
} cevns_joint_spectra;
/* A joint fit at map point `map_point` (the best fit): each experiment's share of the
 * statistic and the shared pulls into info, its spectrum into sp (joint.c); nothing for
 * one experiment.  Free sp with cevns_joint_spectra_free. */
cevns_status cevns_scan_joint_breakdown(const cevns_scan *s, size_t map_point, cevns_run_info *info,
                                        cevns_joint_spectra *sp, cevns_error *err);
void cevns_joint_spectra_free(cevns_joint_spectra *sp);
/* One experiment at its best fit (fit_report.c): the signal's and each background's counts
 * expected and fitted, the pulls with the events they move, into info (single = 1); the
 * spectrum per bin, or with bins beyond energy its projections on energy, pulse shape and
 * arrival time, into sp.  Nothing for a joint fit. */
cevns_status cevns_scan_fit_report(const cevns_scan *s, size_t map_point, cevns_run_info *info, cevns_joint_spectra *sp,
                                   cevns_error *err);
/* Shared by joint.c and fit_report.c: the best of a map point's profiled points (statistic,
 * exposure, pulls, signal; signal is scratch) and a bin's term of the statistic (its
 * expectation with the pulls at xi is cevns_stat_expected, kernels/common/chi2.h). */
cevns_status cevns_scan_best_point(const cevns_scan *s, size_t map_point, double *signal, double *best_signal,
                                   double *best, double *best_e, double *best_xi, cevns_error *err);
double cevns_scan_bin_term(const cevns_pod_stat *st, const double *data, const double *signal, double e,
                           const double *xi, int i);

/* A run's Feldman-Cousins stage (fc_run.c): the toys of every map point (cevns_fc_evaluate)
 * in chunks of at most max_chunk map points (the map's chunk) with checkpoints of their own in
 * work_dir, combined over the MPI ranks: on rank 0 *toys (allocated) holds toy t of map point p
 * at [p * toys + t]; *seconds the stage's time. */
cevns_status cevns_fc_run_toys(cevns_scan *s, const cevns_config *cfg, const char *config_text, const char *work_dir,
                               size_t max_chunk, int progress, double **toys, double *seconds, size_t *resumed,
                               size_t *recorded, cevns_error *err);
/* The bytes the stage and its analysis hold at their peak (0 without scan.feldman_cousins). */
double cevns_fc_run_memory(const cevns_scan *s, const cevns_config *cfg, size_t max_chunk);
/* Remove the stage's checkpoints (after the results are written). */
void cevns_fc_run_remove_checkpoints(const char *work_dir);

/* The config checks a scan needs beyond the reader's (axes present, interactions on). */
cevns_status cevns_scan_check_config(const cevns_config *cfg, cevns_error *err);

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
