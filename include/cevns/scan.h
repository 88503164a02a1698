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
} cevns_scan_summary;

void cevns_scan_options_default(cevns_scan_options *o);
/* Run the scan of cfg->scan and write the run folder atomically (a temporary
 * folder renamed when complete).  Nothing is left behind on failure. */
cevns_status cevns_scan_run(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_summary *summary,
                            cevns_error *err);

#endif
