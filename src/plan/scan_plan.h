/* scan_plan.h (internal) - everything an engine needs to run a whole scan: the rate
 * plan, the grid, the base point, the path (direct or separable), the separable basis
 * layout and the statistic with its data.  Built on the host from the model
 * (src/plan/scan_plan.c); engines see it as const and nothing else. */
#ifndef CEVNS_SRC_SCAN_PLAN_H
#define CEVNS_SRC_SCAN_PLAN_H

#include <stddef.h>

#include "cevns/model.h"
#include "common/chi2.h"
#include "common/grid.h"
#include "common/separable.h"
#include "plan/plan.h"

typedef enum { CEVNS_PATH_DIRECT = 0, CEVNS_PATH_SEPARABLE = 1 } cevns_path;

/* One axis of the grid, as the scan driver resolves it from the config. */
typedef struct {
    cevns_axis_kind kind;
    int eps_a, eps_b;      /* NSI axes: the matrix entry they set */
    size_t n;
    const double *values;  /* n values */
    int profile;           /* 1: minimised over */
} cevns_axis_spec;

typedef struct {
    const cevns_plan *rate;   /* the experiment's plan (borrowed) */
    cevns_pod_grid grid;
    double *grid_values;      /* every axis' values */
    size_t n_grid_values;
    cevns_pod_point base;     /* the point the axes modify */
    cevns_path path;
    cevns_pod_separable sep;  /* path SEPARABLE: the basis layout (sep.n_basis values) */
    cevns_pod_stat stat;
    double *stat_data;        /* stat.* offsets point here */
    size_t n_stat_data;
    size_t n_map;             /* map points (shown axes) */
    size_t n_prof;            /* profiled points per map point */
    int want_counts;          /* expected counts come back too (nothing profiled) */
} cevns_scan_plan;

/* 1 when the separable path applies to these axes: at least one separable axis and at
 * least two points per value of the non-separable ones (m4_MeV, rn_fm). */
int cevns_scan_plan_separable_applies(const cevns_axis_spec *axes, int n_axes);

/* Build the plan of a scan of `axes` around `base` on the data set `data` with the
 * statistic `statistic`: the separable path when asked and it applies, else direct.
 * want_counts is honoured only when no axis is profiled. */
cevns_status cevns_scan_plan_build(const cevns_plan *rate, const cevns_axis_spec *axes, int n_axes,
                                   const cevns_pod_point *base, const cevns_dataset *data, cevns_statistic statistic,
                                   int separable, int want_counts, cevns_scan_plan *out, cevns_error *err);
void cevns_scan_plan_free(cevns_scan_plan *p);

/* The plan of point-by-point counts only (no grid, no statistic): for engines used as
 * rate calculators (run_points) in the benchmarks and tests. */
void cevns_scan_plan_rate_only(const cevns_plan *rate, cevns_scan_plan *out);

#endif
