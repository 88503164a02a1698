/* chunks.h (internal) - a run's chunked stages with checkpoints: the map of a scan (run.c)
 * and the toys of a Feldman-Cousins construction (fc_run.c) are both cut into chunks of
 * map points; each MPI rank computes its contiguous range of chunks, records each finished
 * one in its checkpoint file, and on a resumed run takes the recorded ones (of any rank)
 * instead of computing them again. */
#ifndef CEVNS_SRC_CHUNKS_H
#define CEVNS_SRC_CHUNKS_H

#include <stddef.h>

#include "cevns/status.h"

/* Values per record at most (16 MiB). */
#define CEVNS_CHUNK_MAX_VALUES ((size_t)1 << 21)

typedef struct {
    const char *stem;     /* checkpoint files <work_dir>/<stem>-<rank>.bin */
    const char *identity; /* what the checkpoint must match (checkpoint.h) */
    size_t n_map;         /* map points */
    size_t chunk;         /* map points per chunk (the last one may hold fewer) */
    size_t values;        /* values per record */
    /* Compute the map points [start, start + n) into rec (values doubles; the caller zeroed it). */
    cevns_status (*compute)(void *ctx, size_t start, size_t n, double *rec, cevns_error *err);
    /* Take the record of map points [start, start + n), computed now or read back. */
    void (*take)(void *ctx, size_t start, size_t n, const double *rec);
    void *ctx;
} cevns_chunk_job;

/* Chunks of the job. */
size_t cevns_chunks_count(const cevns_chunk_job *job);
/* This rank's chunks: from the checkpoints in work_dir where recorded, else computed and
 * recorded; a progress bar on rank 0 when progress is set.  *resumed and *recorded count
 * the chunks of each kind. */
cevns_status cevns_chunks_run(const cevns_chunk_job *job, const char *work_dir, int progress, size_t *resumed,
                              size_t *recorded, cevns_error *err);
/* The bytes cevns_chunks_run holds at its peak: every rank's records are read, this rank's
 * kept, one more record. */
double cevns_chunks_memory(const cevns_chunk_job *job);

#endif
