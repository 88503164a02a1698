/* engine.c - the registry of engines, `auto` selection, and what every engine shares. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/rate.h"
#include "engine/engine.h"
#include "stats/stat_failure.h"

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

void cevns_engine_options_default(cevns_engine_options *o) {
    memset(o, 0, sizeof *o);
    o->device = -1;
}

size_t cevns_engine_list(const cevns_engine *const **out) {
    *out = ENGINES;
    return N_ENGINES;
}

cevns_status cevns_engine_select(const char *name, const cevns_engine_options *o, const cevns_engine **out,
                                 cevns_error *err) {
    char why[256] = "";
    size_t i;
    *out = NULL;
    if (!strcmp(name, "auto")) {
        for (i = 0; i < N_ENGINES; i++)
            if (ENGINES[i]->auto_choice(o, why, sizeof why)) {
                *out = ENGINES[i];
                return CEVNS_OK;
            }
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "no engine is available: %s", why);
    }
    for (i = 0; i < N_ENGINES; i++)
        if (!strcmp(name, ENGINES[i]->name)) {
            if (!ENGINES[i]->available(o, why, sizeof why))
                return cevns_error_set(err, CEVNS_EUNAVAILABLE, "engine %s is not available: %s", name, why);
            *out = ENGINES[i];
            return CEVNS_OK;
        }
    if (!strcmp(name, "cuda") || !strcmp(name, "opencl"))
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "engine %s is not part of this build", name);
    return cevns_error_set(err, CEVNS_EUSAGE, "unknown engine '%s' (allowed: auto, cpu, cuda, opencl)", name);
}

double cevns_engine_count_nodes(const cevns_plan *p, const cevns_pod_point *points, size_t n) {
    double nodes = 0.0;
    size_t i;
    int b;
    for (i = 0; i < n; i++)
        for (b = 0; b < p->hdr.n_bins; b++)
            cevns_rate_bin_nodes(&p->hdr, p->iso, p->flux, &p->det, p->data, &points[i], b, NULL, &nodes);
    return nodes;
}

cevns_status cevns_engine_map_failure(const cevns_scan_plan *p, size_t start, const int *codes, size_t n,
                                      cevns_error *err) {
    size_t k;
    cevns_status st;
    for (k = 0; k < n && codes[k] == 0; k++) continue;
    if (k == n) return CEVNS_OK;
    st = cevns_stat_failure(p->stat.statistic == CEVNS_STAT_POISSON, codes[k], (size_t)p->stat.n_pulls, err);
    return cevns_error_prefix(err, st, "statistic failed at map point %zu", start + k);
}

cevns_status cevns_engine_toy_failure(const cevns_scan_plan *p, const cevns_toy_batch *b, const cevns_i64 *toy,
                                      cevns_error *err) {
    size_t k;
    cevns_status st;
    for (k = 0; k < b->n && b->codes[k] == 0; k++) continue;
    if (k == b->n) return CEVNS_OK;
    st = cevns_stat_failure(p->stat.statistic == CEVNS_STAT_POISSON, b->codes[k], (size_t)p->stat.n_pulls, err);
    return cevns_error_prefix(err, st, "statistic failed for toy %lld of map point %lld", (long long)toy[k],
                              (long long)b->home[k]);
}

size_t cevns_engine_max_toys(const cevns_scan_plan *p) {
    size_t room = (size_t)INT32_MAX - p->n_stat_data - 1;
    return room / (size_t)cevns_fc_stride(&p->stat);
}
