/* stat_failure.h (internal) - the message of a failed statistic (a kernels/common/chi2.h
 * return code), shared by the host API (pull.c) and the engines. */
#ifndef CEVNS_SRC_STAT_FAILURE_H
#define CEVNS_SRC_STAT_FAILURE_H

#include <stddef.h>

#include "cevns/status.h"

/* Fill err with what code `rc` of the statistic (poisson: 1 for -2 ln L, 0 for the pull
 * chi2) with n_pulls pulls means and return its status (ENUMERIC, EPHYSICS, ...). */
cevns_status cevns_stat_failure(int poisson, int rc, size_t n_pulls, cevns_error *err);

#endif
