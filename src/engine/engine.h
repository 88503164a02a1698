/* engine.h (internal) - engines are const vtables (DESIGN.md convention 3, ggml's
 * backend interface).  An engine runs a whole scan plan (src/plan/scan_plan.h): the
 * separable basis, the signal of every point (direct or contracted), the statistic and
 * the minimum over the profiled axes, all with the functions of kernels/common; only
 * the chi2 of the map points (and the counts when asked) come back.  Engines see the
 * const plan and these options, nothing else: no config, no files, no MPI.
 * "auto" picks CUDA, then OpenCL on a GPU, then the CPU. */
#ifndef CEVNS_SRC_ENGINE_H
#define CEVNS_SRC_ENGINE_H

#include <stddef.h>

#include "cevns/status.h"
#include "common/fc.h"
#include "common/plan.h"
#include "plan/scan_plan.h"

typedef struct {
    int device;     /* >= 0: this device (index among the engine's usable ones); -1: automatic */
    int local_rank; /* automatic: device local_rank mod their number (one GPU per MPI rank on a node) */
    int threads;    /* host threads (0: all cores) */
    size_t batch;   /* items per device launch (0: the engine's default) */
} cevns_engine_options;

/* device -1, local rank 0, all cores, default batch. */
void cevns_engine_options_default(cevns_engine_options *o);

/* A batch of Feldman-Cousins toys (src/scan/fc.c, kernels/common/fc.h). */
typedef struct {
    size_t n;                 /* toys */
    const double *blocks;     /* toy t's block (observed counts, then the pulls' centres) at
                                 blocks[t * cevns_fc_stride(&plan->stat)] */
    const cevns_i64 *home;    /* the map point each toy was generated at */
    double *at_home, *at_min; /* out: its statistic minimised over its map point's items and over the grid */
    int *codes;               /* out: the first failure code of its statistic (0: none) */
} cevns_toy_batch;

typedef struct cevns_engine {
    const char *name;
    /* 1 when usable on this machine; otherwise 0 and why says why. */
    int (*available)(const cevns_engine_options *o, char *why, size_t why_size);
    /* 1 when "auto" should take it (an OpenCL CPU device is usable but slower than the
     * native CPU engine, so auto passes it by). */
    int (*auto_choice)(const cevns_engine_options *o, char *why, size_t why_size);
    /* Copy the plan to the device, allocate what the runs need. */
    cevns_status (*prepare)(const cevns_scan_plan *plan, const cevns_engine_options *o, void **state,
                            cevns_error *err);
    /* Path SEPARABLE: integrate the basis (every row and bin of plan->sep), once, before run_map. */
    cevns_status (*run_basis)(void *state, cevns_error *err);
    /* Map points [start, start + n): chi2[k] the statistic of map point start + k,
     * minimised over the profiled axes; with plan->want_counts also the expected counts
     * counts[k * n_bins + b] (else counts is NULL).  A failed statistic fails the call,
     * naming the map point. */
    cevns_status (*run_map)(void *state, size_t start, size_t n, double *chi2, double *counts, cevns_error *err);
    /* Direct path at arbitrary points: out[p * n_bins + b] the signal of bin b (summed over
     * flux components and interactions) at points[p]: the engine as a rate calculator
     * (benchmarks, engine tests). */
    cevns_status (*run_points)(void *state, const cevns_pod_point *points, size_t n, double *out, cevns_error *err);
    /* Feldman-Cousins: the signal of every item of the grid (n_map x n_prof, without the
     * exposure), computed once (after run_basis on the separable path) and kept for fc_fit;
     * with signals not NULL also copied to signals[item * n_bins + b]. */
    cevns_status (*fc_signals)(void *state, double *signals, cevns_error *err);
    /* Feldman-Cousins: each toy of the batch fitted at every item (cevns_fc_toy_fit), after
     * fc_signals.  Failed statistics are returned as codes, not as an error. */
    cevns_status (*fc_fit)(void *state, const cevns_toy_batch *b, cevns_error *err);
    void (*release)(void *state);
    /* Devices this engine would use, one line each with their properties, or why none. */
    void (*describe)(const cevns_engine_options *o, char *buf, size_t size);
} cevns_engine;

extern const cevns_engine cevns_engine_cpu;
#if CEVNS_HAVE_CUDA
extern const cevns_engine cevns_engine_cuda;
#endif
#if CEVNS_HAVE_OPENCL
extern const cevns_engine cevns_engine_opencl;
#endif

/* The engine called name ("auto", "cpu", "cuda", "opencl"); an explicitly named
 * engine that is unavailable is an error (CEVNS_EUNAVAILABLE), never a fallback. */
cevns_status cevns_engine_select(const char *name, const cevns_engine_options *o, const cevns_engine **out,
                                 cevns_error *err);
/* Every engine this program knows, available or not; returns the count. */
size_t cevns_engine_list(const cevns_engine *const **out);
/* Recoil-node evaluations the direct path makes for n points (all bins), counted
 * through the kernels' own loops (cevns_rate_bin_nodes): the unit of "evaluations per
 * second" in the benchmarks. */
double cevns_engine_count_nodes(const cevns_plan *p, const cevns_pod_point *points, size_t n);

/* The CPU fast path at given points, one (point, bin) job per thread at a time: cells
 * (when not NULL) cells[(p * n_bins + b) * n_flux * 3 + f * 3 + i] per flux and
 * interaction, sums (when not NULL) their sum per bin sums[p * n_bins + b].  The one loop
 * over the direct kernel on the host: the CPU engine's direct path and the experiment's
 * FIXED rate both call it. */
cevns_status cevns_cpu_direct(const cevns_plan *p, const cevns_pod_point *points, size_t n, int threads,
                              double *cells, double *sums, cevns_error *err);

/* After a run_map call: CEVNS_OK when every statistic code codes[k] of map point start + k
 * (k < n) is 0, else the message of the first failure, naming its map point (every engine). */
cevns_status cevns_engine_map_failure(const cevns_scan_plan *p, size_t start, const int *codes, size_t n,
                                      cevns_error *err);
/* After an fc_fit call: CEVNS_OK when no toy's statistic failed, else the message of the
 * first failure, naming its toy (toy[k], its number at its map point) and map point. */
cevns_status cevns_engine_toy_failure(const cevns_scan_plan *p, const cevns_toy_batch *b, const cevns_i64 *toy,
                                      cevns_error *err);
/* The toy blocks an fc_fit call may hand at once so that their offsets in the statistic's
 * data (int32, chi2.h) cannot overflow: at most this many beyond the plan's data. */
size_t cevns_engine_max_toys(const cevns_scan_plan *p);

#endif
