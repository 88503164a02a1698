/* scan_outputs.h (internal) - the run folder of a scan. */
#ifndef CEVNS_SRC_SCAN_OUTPUTS_H
#define CEVNS_SRC_SCAN_OUTPUTS_H

#include "scan/scan_internal.h"

typedef struct {
    char final_dir[CEVNS_PATH_MAX];
    char work_dir[CEVNS_PATH_MAX + 32]; /* <final_dir>.partial: config, checkpoints, then the results */
    int figures;
    int open;
} cevns_scan_outputs;

/* Choose and create (or, to resume, find) the work folder before any work is
 * done; rank 0 writes the resolved config into it. */
cevns_status cevns_scan_outputs_begin(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_outputs *out,
                                      cevns_error *err);
/* Project, find best fit and limits, write every file and rename the folder into place. */
cevns_status cevns_scan_outputs_write(const cevns_config *cfg, const cevns_experiment *e, const cevns_grid *g,
                                      const double *full, const double *counts, size_t n_bins,
                                      cevns_scan_outputs *out, cevns_scan_summary *summary, double t_start,
                                      cevns_error *err);
/* Remove the work folder after a failure (rank 0). */
void cevns_scan_outputs_abort(cevns_scan_outputs *out);
/* After a failure once chunks are checkpointed: keep the work folder for
 * `cevns scan --resume` and append how to continue to err (rank 0). */
void cevns_scan_outputs_keep(cevns_scan_outputs *out, cevns_error *err);

#endif
