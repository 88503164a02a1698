/* checkpoint.h (internal) - finished chunks of a scan, recorded so that a run
 * killed at any moment (kill -9, a lost node, one MPI rank) can be resumed with
 * `cevns scan --resume RUN_DIR` and give the same map as an uninterrupted run.
 *
 * Each rank appends to its own file <dir>/checkpoint-<rank>.bin: a header with
 * the run's identity (cevns version + the resolved config text + grid size +
 * chunk size + values per chunk), then one record per finished chunk (its index,
 * its values, a checksum), written with a single write() and fsync'ed, so a
 * record is either complete or detected as torn and ignored.  Loading reads the
 * files of every rank; a checkpoint whose identity differs (another config or
 * version) is refused with a message saying which. */
#ifndef CEVNS_SRC_CHECKPOINT_H
#define CEVNS_SRC_CHECKPOINT_H

#include <stddef.h>

#include "cevns/status.h"

typedef struct cevns_checkpoint cevns_checkpoint;

/* The files of the map's chunks: checkpoint-<rank>.bin.  A run's other chunked stages (the
 * Feldman-Cousins toys) keep theirs under other stems (<stem>-<rank>.bin), through the
 * _named calls. */
#define CEVNS_CHECKPOINT_STEM "checkpoint"

/* Open (create, or append to an existing file of the same identity) this rank's file. */
cevns_status cevns_checkpoint_open(const char *dir, int rank, const char *identity, size_t n_chunks,
                                   size_t chunk_values, cevns_checkpoint **out, cevns_error *err);
/* Append the values of a finished chunk (chunk_values doubles). */
cevns_status cevns_checkpoint_record(cevns_checkpoint *c, size_t chunk, const double *values, cevns_error *err);
void cevns_checkpoint_close(cevns_checkpoint *c);

/* Every valid record of every rank's file in dir: done[chunk] = 1 and its
 * values at values + chunk * chunk_values.  No files: nothing done, CEVNS_OK. */
cevns_status cevns_checkpoint_load_all(const char *dir, const char *identity, size_t n_chunks, size_t chunk_values,
                                       unsigned char *done, double *values, cevns_error *err);
/* Remove every checkpoint file in dir (after the results are written). */
void cevns_checkpoint_remove_all(const char *dir);

/* The same with the files <dir>/<stem>-<rank>.bin. */
cevns_status cevns_checkpoint_open_named(const char *dir, const char *stem, int rank, const char *identity,
                                         size_t n_chunks, size_t chunk_values, cevns_checkpoint **out,
                                         cevns_error *err);
cevns_status cevns_checkpoint_load_all_named(const char *dir, const char *stem, const char *identity, size_t n_chunks,
                                             size_t chunk_values, unsigned char *done, double *values,
                                             cevns_error *err);
void cevns_checkpoint_remove_all_named(const char *dir, const char *stem);

#endif
