/* checkpoint.c - PLACEHOLDER until the checkpoint implementation lands: records
 * nothing and finds nothing, so scans run but cannot be resumed. */
#include "scan/checkpoint.h"

#include <stdlib.h>

struct cevns_checkpoint {
    int unused;
};

cevns_status cevns_checkpoint_open(const char *dir, int rank, const char *identity, size_t n_chunks,
                                   size_t chunk_values, cevns_checkpoint **out, cevns_error *err) {
    (void)dir;
    (void)rank;
    (void)identity;
    (void)n_chunks;
    (void)chunk_values;
    (void)err;
    *out = NULL;
    return CEVNS_OK;
}

cevns_status cevns_checkpoint_record(cevns_checkpoint *c, size_t chunk, const double *values, cevns_error *err) {
    (void)c;
    (void)chunk;
    (void)values;
    (void)err;
    return CEVNS_OK;
}

void cevns_checkpoint_close(cevns_checkpoint *c) { free(c); }

cevns_status cevns_checkpoint_load_all(const char *dir, const char *identity, size_t n_chunks, size_t chunk_values,
                                       unsigned char *done, double *values, cevns_error *err) {
    (void)dir;
    (void)identity;
    (void)n_chunks;
    (void)chunk_values;
    (void)done;
    (void)values;
    (void)err;
    return CEVNS_OK;
}

void cevns_checkpoint_remove_all(const char *dir) { (void)dir; }
