/* scan.h - parameter scans: chi2 maps as values, and the run folder of a scan.
 *
 * A scan (cevns_scan) is the config's grid resolved into a plan and prepared on an
 * engine; cevns_scan_evaluate fills caller memory with the statistic of any range of
 * map points (the shown axes; each value minimised over the profiled axes on the
 * engine) and, when asked, the expected counts.  cevns_scan_run does the whole job of
 * `cevns scan`: chunks, checkpoints, MPI, then the analysis (cevns/results.h) and the
 * run folder. */
#ifndef CEVNS_SCAN_H
#define CEVNS_SCAN_H

#include <stddef.h>

#include "cevns/config.h"
#include "cevns/results.h"
#include "cevns/status.h"

typedef struct cevns_scan cevns_scan;

/* How a scan is computed. */
typedef struct {
    const char *engine; /* "auto", "cpu", "cuda", "opencl"; NULL: the config's scan.engine */
    int threads;        /* host threads (0 = all cores); < 0: the config's scan.threads */
    int device;         /* >= 0: the engine's device with this index; -1: automatic */
    int local_rank;     /* automatic device: local_rank mod the number of devices (MPI ranks on a node) */
    int direct;         /* 1: every point directly, even where the separable path applies */
    int counts;         /* 1: cevns_scan_evaluate can return expected counts too (nothing profiled) */
    size_t batch;       /* grid points per engine launch (Feldman-Cousins: toys x grid points); 0: the engine's */
} cevns_scan_settings;

/* engine and threads from the config, automatic device, rank 0, separable path, no counts. */
CEVNS_API void cevns_scan_settings_default(cevns_scan_settings *s);

/* Resolve cfg's scan into a plan and prepare it on the engine (the separable basis is
 * integrated here).  Free with cevns_scan_free. */
CEVNS_API cevns_status cevns_scan_create(const cevns_config *cfg, const cevns_scan_settings *s, cevns_scan **out,
                               cevns_error *err);
/* Map points (the product of the shown axes' values), and every point of the grid. */
CEVNS_API size_t cevns_scan_map_points(const cevns_scan *s);
CEVNS_API size_t cevns_scan_grid_points(const cevns_scan *s);
CEVNS_API size_t cevns_scan_n_bins(const cevns_scan *s);
/* 1 when cevns_scan_evaluate returns counts (asked, and no axis profiled). */
CEVNS_API int cevns_scan_has_counts(const cevns_scan *s);
/* The engine and the path that run it: "cpu", "cuda", "opencl"; "direct" or "separable". */
CEVNS_API const char *cevns_scan_engine_name(const cevns_scan *s);
CEVNS_API const char *cevns_scan_path_name(const cevns_scan *s);
/* The statistic of map points [start, start + n): chi2[k] for map point start + k (the
 * flat index over the shown axes, the last one fastest), minimised over the profiled
 * axes; counts[k * n_bins + b] the expected counts (signal + background) when counts is
 * not NULL (only for a scan with cevns_scan_has_counts).  A statistic that fails at some
 * point fails the call, naming the point. */
CEVNS_API cevns_status cevns_scan_evaluate(cevns_scan *s, size_t start, size_t n, double *chi2, double *counts,
                                 cevns_error *err);
CEVNS_API void cevns_scan_free(cevns_scan *s);
/* The map a scan of cfg gives, for the analysis and the writers: the shown axes, chi2 and
 * counts (borrowed; counts may be NULL) with the bins' edges and ranges (borrowed from s),
 * the provenance (statistic, engine, path, version, config name and text, observable), the
 * CLs, the dof (scan.dof, else the number of shown axes) and the reference limits.
 * config_text may be NULL (no file is written). */
CEVNS_API void cevns_scan_result_map(const cevns_config *cfg, const cevns_scan *s, const char *config_text, double *chi2,
                                     double *counts, cevns_map *m);

/* ---------------------------------------------------------------- Feldman-Cousins */
/* The Feldman-Cousins construction over a scan's map (docs/scan.md, "Feldman-Cousins"). */
typedef struct cevns_fc cevns_fc;

/* Prepare it on the scan's engine: the signal of every grid point, computed once and kept on
 * the engine; at every map point the data's fit (the best profiled point and the pulls
 * there), the truth its toys are drawn from.  toys per map point (1..CEVNS_FC_MAX_TOYS), seed
 * the key of their random streams.  s must outlive the result (free it first). */
CEVNS_API cevns_status cevns_fc_create(cevns_scan *s, size_t toys, unsigned long long seed, cevns_fc **out,
                                       cevns_error *err);
/* The toys of map points [start, start + n): dchi2[k * toys + t] for toy t of map point
 * start + k, its statistic there (minimised over the pulls and the profiled axes) minus its
 * minimum over the grid.  The same numbers for any split into calls, engine thread count or
 * batch size. */
CEVNS_API cevns_status cevns_fc_evaluate(cevns_fc *f, size_t start, size_t n, double *dchi2, cevns_error *err);
CEVNS_API size_t cevns_fc_toys(const cevns_fc *f);
CEVNS_API void cevns_fc_free(cevns_fc *f);

/* ---------------------------------------------------------------- the run folder */
typedef struct {
    const char *engine;  /* NULL: the config's scan.engine (or, resuming, the engine the run started with) */
    int threads;         /* < 0: the config's scan.threads */
    int device;          /* >= 0: the engine's device with this index; -1: automatic */
    const char *out_dir; /* NULL: output.dir, or runs/<name> */
    int overwrite;       /* < 0: the config's output.overwrite */
    int figures;         /* < 0: the config's output.figures */
    int progress;        /* 1: progress bar on stderr when it is a terminal */
    const char *resume;  /* run folder to resume (its .partial folder holds the config and checkpoints) */
    int direct;          /* 1: direct path; 0: separable where it applies; < 0: the config (or, resuming, the run's) */
    size_t chunk;        /* grid points per checkpointed chunk; 0: 2048 on the direct path, 2^20 on the
                            separable one (resuming: the run's) */
} cevns_scan_options;

/* What the command line reports after a scan (the run folder holds the rest). */
typedef struct {
    char run_dir[CEVNS_PATH_MAX];
    char engine[16];
    char path[16];        /* "direct" or "separable" */
    size_t n_points;      /* grid points */
    size_t n_map;         /* map points */
    double seconds_total, seconds_points;
    double chi2_min;
    int n_shown;
    char shown_name[CEVNS_MAX_AXES][32];
    double best[CEVNS_MAX_AXES];
    /* 1 shown axis: per CL, the Delta chi2 threshold and the interval [lower, upper]
     * (NaN where the threshold is not crossed inside the scanned range) */
    int n_cl;
    double cl[CEVNS_MAX_CL], threshold[CEVNS_MAX_CL], lower[CEVNS_MAX_CL], upper[CEVNS_MAX_CL];
    int dof;
    int figures_written;
    char figures_note[256];
    size_t resumed_chunks;/* chunks taken from checkpoints */
    int ranks;            /* MPI ranks */
    /* A joint fit: each experiment's share of chi2_min (its bins and its own pulls) and the
     * shared pulls' penalty (docs/scan.md, "Joint fits"); n_experiments 0 otherwise. */
    int n_experiments;
    char experiment_name[CEVNS_MAX_EXPERIMENTS][128];
    double experiment_chi2[CEVNS_MAX_EXPERIMENTS];
    double shared_pulls_chi2;
    /* A Feldman-Cousins run (fc_toys > 0; docs/scan.md): per CL the range of the critical values
     * over the map, the map points inside each region and inside one only, and for 1 shown axis
     * the Feldman-Cousins interval (NaN where not crossed). */
    size_t fc_toys, fc_resumed_chunks;
    unsigned long long fc_seed;
    double fc_seconds;
    double fc_critical_min[CEVNS_MAX_CL], fc_critical_max[CEVNS_MAX_CL], fc_lower[CEVNS_MAX_CL], fc_upper[CEVNS_MAX_CL];
    size_t fc_inside_wilks[CEVNS_MAX_CL], fc_inside_fc[CEVNS_MAX_CL], fc_only_wilks[CEVNS_MAX_CL],
        fc_only_fc[CEVNS_MAX_CL];
} cevns_scan_summary;

CEVNS_API void cevns_scan_options_default(cevns_scan_options *o);
/* The config of the run folder dir to resume: <dir>.partial/config.json. */
CEVNS_API cevns_status cevns_scan_resume_config(const char *dir, cevns_config *cfg, cevns_error *err);
/* Run the scan of cfg->scan and write the run folder atomically: the work goes
 * to <dir>.partial (the resolved config, how the run is computed, and a checkpoint per
 * finished chunk) and is renamed to <dir> when complete.  A scan that fails before its
 * first chunk is checkpointed removes its .partial folder; one that fails later (a
 * full disk, a lost device) or is killed leaves it for --resume.  Under mpirun every rank
 * calls this; only rank 0 writes the results and fills the summary. */
CEVNS_API cevns_status cevns_scan_run(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_summary *summary,
                            cevns_error *err);

#endif
