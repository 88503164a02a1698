/* engine.c - the registry of engines and `auto` selection. */
#include <string.h>

#include "engine/engine.h"

/* In order of preference for "auto": CUDA, then OpenCL, then the CPU. */
static const cevns_engine *const ENGINES[] = {
#if CEVNS_HAVE_CUDA
    &cevns_engine_cuda,
#endif
#if CEVNS_HAVE_OPENCL
    &cevns_engine_opencl,
#endif
    &cevns_engine_cpu};
#define N_ENGINES (sizeof ENGINES / sizeof ENGINES[0])

size_t cevns_engine_list(const cevns_engine *const **out) {
    *out = ENGINES;
    return N_ENGINES;
}

cevns_status cevns_engine_select(const char *name, const cevns_engine **out, cevns_error *err) {
    char why[256] = "";
    size_t i;
    *out = NULL;
    if (!strcmp(name, "auto")) {
        for (i = 0; i < N_ENGINES; i++)
            if (ENGINES[i]->auto_choice(why, sizeof why)) {
                *out = ENGINES[i];
                return CEVNS_OK;
            }
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "no engine is available: %s", why);
    }
    for (i = 0; i < N_ENGINES; i++)
        if (!strcmp(name, ENGINES[i]->name)) {
            if (!ENGINES[i]->available(why, sizeof why))
                return cevns_error_set(err, CEVNS_EUNAVAILABLE, "engine %s is not available: %s", name, why);
            *out = ENGINES[i];
            return CEVNS_OK;
        }
    if (!strcmp(name, "cuda") || !strcmp(name, "opencl"))
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "engine %s is not part of this build", name);
    return cevns_error_set(err, CEVNS_EUSAGE, "unknown engine '%s' (allowed: auto, cpu, cuda, opencl)", name);
}
