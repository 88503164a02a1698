/* scan.h - parameter scans: chi2 maps, limits, contours and a run folder. */
#ifndef CEVNS_SCAN_H
#define CEVNS_SCAN_H

#include <stddef.h>

#include "cevns/config.h"
#include "cevns/status.h"

typedef struct {
    const char *engine;  /* NULL: the config's scan.engine */
    int threads;         /* < 0: the config's scan.threads */
    const char *out_dir; /* NULL: output.dir, or runs/<name> */
    int overwrite;       /* < 0: the config's output.overwrite */
    int figures;         /* < 0: the config's output.figures */
    int progress;        /* 1: progress bar on stderr when it is a terminal */
    const char *resume;  /* run folder to resume (its .partial folder holds the config and checkpoints) */
    int direct;          /* 1: evaluate every point directly (no separable fast path) */
} cevns_scan_options;

/* What the command line reports after a scan (the run folder holds the rest). */
typedef struct {
    char run_dir[CEVNS_PATH_MAX];
    char engine[16];
    size_t n_points;
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
    int separable;        /* 1 when the separable fast path was used */
    size_t resumed_chunks;/* chunks taken from checkpoints */
    int ranks;            /* MPI ranks */
} cevns_scan_summary;

void cevns_scan_options_default(cevns_scan_options *o);
/* The config of the run folder dir to resume: <dir>.partial/config.json. */
cevns_status cevns_scan_resume_config(const char *dir, cevns_config *cfg, cevns_error *err);
/* Run the scan of cfg->scan and write the run folder atomically: the work goes
 * to <dir>.partial (the resolved config and a checkpoint per finished chunk) and
 * is renamed to <dir> when complete.  A scan that fails before its first
 * chunk is checkpointed removes its .partial folder; one that fails later (a
 * full disk, a lost device) or is killed leaves it for --resume.  Under mpirun every rank
 * calls this; only rank 0 writes the results and fills the summary. */
cevns_status cevns_scan_run(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_summary *summary,
                            cevns_error *err);

#endif
