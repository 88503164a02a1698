/* fault_engine.c - a device that fails on request, for tests/test_device_faults.c.
 *
 * Linked only into the test program cevns_faulty: the cevns command built with
 * -Wl,--wrap=cevns_engine_select, so the scan's call to cevns_engine_select
 * lands here.  The engine it selects is wrapped: it computes with the real
 * engine (name, results and checkpoint identity unchanged) until the failure
 * CEVNS_TEST_DEVICE_FAULT asks for:
 *   oom:prepare  the set-up fails with out of device memory;
 *   oom:K        the K-th batch of map points (from 0; one run_map call per chunk) fails
 *                with out of device memory;
 *   lost:K       the K-th batch fails because the device was lost.
 * The statuses are those the CUDA engine maps the CUDA errors to
 * (src/engine/cuda.cu, cuda_fail: cudaErrorMemoryAllocation -> CEVNS_ENOMEM;
 * a sticky error such as cudaErrorLaunchFailure while points are computed ->
 * CEVNS_EIO), so what the scan does with them is tested here without a GPU.
 * The CUDA error mapping itself needs a GPU (docs/reliability.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

cevns_status __real_cevns_engine_select(const char *name, const cevns_engine_options *o, const cevns_engine **out,
                                        cevns_error *err);
cevns_status __wrap_cevns_engine_select(const char *name, const cevns_engine_options *o, const cevns_engine **out,
                                        cevns_error *err);

typedef enum { FAULT_NONE, FAULT_OOM_PREPARE, FAULT_OOM_BATCH, FAULT_LOST_BATCH } fault_kind;

static fault_kind fault;
static long fault_batch;  /* the batch that fails */
static long batches_run;  /* batches this process ran */
static const cevns_engine *real_engine;
static cevns_engine faulty_engine;

static cevns_status faulty_prepare(const cevns_scan_plan *plan, const cevns_engine_options *o, void **state,
                                   cevns_error *err) {
    if (fault == FAULT_OOM_PREPARE)
        return cevns_error_set(err, CEVNS_ENOMEM,
                               "%s engine: allocating the plan on the device failed: out of device memory "
                               "(injected by CEVNS_TEST_DEVICE_FAULT)",
                               real_engine->name);
    return real_engine->prepare(plan, o, state, err);
}

static cevns_status faulty_run_map(void *state, size_t start, size_t n, double *chi2, double *counts,
                                   cevns_error *err) {
    long batch = batches_run++;
    if (fault == FAULT_OOM_BATCH && batch == fault_batch)
        return cevns_error_set(err, CEVNS_ENOMEM,
                               "%s engine: batch %ld: out of device memory (injected by CEVNS_TEST_DEVICE_FAULT)",
                               real_engine->name, batch);
    if (fault == FAULT_LOST_BATCH && batch >= fault_batch) /* lost stays lost */
        return cevns_error_set(err, CEVNS_EIO,
                               "%s engine: batch %ld: the device was lost (injected by CEVNS_TEST_DEVICE_FAULT)",
                               real_engine->name, batch);
    return real_engine->run_map(state, start, n, chi2, counts, err);
}

static void faulty_release(void *state) { real_engine->release(state); }

/* CEVNS_TEST_DEVICE_FAULT as described above; anything else is a test bug. */
static void read_fault(void) {
    const char *s = getenv("CEVNS_TEST_DEVICE_FAULT");
    char *end;
    fault = FAULT_NONE;
    if (!s || !*s) return;
    if (!strcmp(s, "oom:prepare")) {
        fault = FAULT_OOM_PREPARE;
        return;
    }
    if (!strncmp(s, "oom:", 4)) fault = FAULT_OOM_BATCH;
    else if (!strncmp(s, "lost:", 5)) fault = FAULT_LOST_BATCH;
    if (fault != FAULT_NONE) {
        const char *k = strchr(s, ':') + 1;
        fault_batch = strtol(k, &end, 10);
        if (end != k && *end == '\0' && fault_batch >= 0) return;
    }
    fprintf(stderr, "cevns_faulty: CEVNS_TEST_DEVICE_FAULT=%s: allowed: oom:prepare, oom:K, lost:K (K >= 0)\n", s);
    exit(2);
}

cevns_status __wrap_cevns_engine_select(const char *name, const cevns_engine_options *o, const cevns_engine **out,
                                        cevns_error *err) {
    cevns_status st = __real_cevns_engine_select(name, o, out, err);
    if (st != CEVNS_OK) return st;
    read_fault();
    real_engine = *out;
    faulty_engine = *real_engine;
    faulty_engine.prepare = faulty_prepare;
    faulty_engine.run_map = faulty_run_map;
    faulty_engine.release = faulty_release;
    *out = &faulty_engine;
    return CEVNS_OK;
}
