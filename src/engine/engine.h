/* engine.h (internal) - engines are const vtables (DESIGN.md convention 3).
 * An engine evaluates the expected signal counts per bin for a batch of
 * parameter points on one plan; "auto" picks CUDA, then OpenCL, then the CPU. */
#ifndef CEVNS_SRC_ENGINE_H
#define CEVNS_SRC_ENGINE_H

#include <stddef.h>

#include "cevns/experiment.h"
#include "common/plan.h"

typedef struct {
    const char *name;
    /* 1 when usable on this machine; otherwise 0 and why says why. */
    int (*available)(char *why, size_t why_size);
    /* 1 when "auto" should take it (an OpenCL CPU device is available but slower
     * than the native CPU engine, so auto passes it by). */
    int (*auto_choice)(char *why, size_t why_size);
    /* One-off set-up for an experiment (copies the plan to a device, ...). */
    cevns_status (*prepare)(const cevns_experiment *e, int threads, void **state, cevns_error *err);
    /* Signal counts per bin summed over flux components and interactions:
     * out[p * n_bins + b] for the n points. */
    cevns_status (*run)(void *state, const cevns_pod_point *points, size_t n, double *out, cevns_error *err);
    void (*release)(void *state);
    /* Devices this engine would use, one line each with their properties, or why none. */
    void (*describe)(char *buf, size_t size);
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
cevns_status cevns_engine_select(const char *name, const cevns_engine **out, cevns_error *err);
/* Recoil-node evaluations the direct path makes for n points (all bins),
 * counted through the kernels' own loops (cevns_rate_bin_nodes): the unit of
 * "evaluations per second" in the benchmarks. */
double cevns_engine_count_nodes(const cevns_experiment *e, const cevns_pod_point *points, size_t n);
/* Every engine this program knows, available or not; returns the count. */
size_t cevns_engine_list(const cevns_engine *const **out);

#endif
