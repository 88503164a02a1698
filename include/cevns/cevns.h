/* cevns.h - the whole public API of libcevns in one include.
 *
 *   status.h      errors as values: cevns_status, cevns_error, exit codes
 *   enums.h       the enumerations shared with the kernels
 *   config.h      the run description read from JSON
 *   model.h       isotopes, targets, fluxes, detector response, data sets
 *   table.h       the numeric text-table reader
 *   experiment.h  a configured experiment: rates, cross sections, data files
 *   stats.h       pull chi2 and Poisson statistics
 *   scan.h        scans as values and the run folder of `cevns scan`
 *   results.h     maps, their analysis (limits, contours), map.h5 and figures
 *
 * Link with `pkg-config --libs cevns`.  Only the functions declared here (CEVNS_API)
 * are exported by the shared library. */
#ifndef CEVNS_CEVNS_H
#define CEVNS_CEVNS_H

#include "cevns/export.h"
#include "cevns/status.h"
#include "cevns/enums.h"
#include "cevns/config.h"
#include "cevns/model.h"
#include "cevns/table.h"
#include "cevns/experiment.h"
#include "cevns/stats.h"
#include "cevns/scan.h"
#include "cevns/results.h"

#endif
