/* test_engine_list.h - the engines besides the CPU that this build has and this machine can run
 * (the tests compare each with the CPU); the others are named on stderr with the reason. */
#ifndef CEVNS_TEST_ENGINE_LIST_H
#define CEVNS_TEST_ENGINE_LIST_H

#include <stdio.h>

#include "engine/engine.h"

static inline size_t test_other_engines(const char *who, const cevns_engine **out, size_t max) {
    const cevns_engine *const *all;
    cevns_engine_options o;
    size_t n = cevns_engine_list(&all), k, m = 0;
    cevns_engine_options_default(&o);
    for (k = 0; k < n && m < max; k++) {
        char why[256];
        if (all[k] == &cevns_engine_cpu) continue;
        if (!all[k]->available(&o, why, sizeof why)) {
            fprintf(stderr, "%s: engine %s skipped: %s\n", who, all[k]->name, why);
            continue;
        }
        out[m++] = all[k];
    }
    return m;
}

#endif
