/* chunks.c - a run's chunked stages with checkpoints (chunks.h). */
#include <stdlib.h>
#include <string.h>

#include "scan/checkpoint.h"
#include "scan/chunks.h"
#include "scan/distribute.h"
#include "scan/scan_internal.h"

size_t cevns_chunks_count(const cevns_chunk_job *job) {
    return job->chunk ? (job->n_map + job->chunk - 1) / job->chunk : 0;
}

double cevns_chunks_memory(const cevns_chunk_job *job) {
    size_t first, last, n = cevns_chunks_count(job);
    cevns_dist_range(cevns_dist_get(), n, &first, &last);
    return 8.0 * (double)job->values * ((double)n + (double)(last - first) + 1.0);
}

cevns_status cevns_chunks_run(const cevns_chunk_job *job, const char *work_dir, int progress, size_t *resumed,
                              size_t *recorded, cevns_error *err) {
    const cevns_dist *dist = cevns_dist_get();
    size_t n_chunks = cevns_chunks_count(job), values = job->values, first, last, c, done_points = 0;
    unsigned char *done = calloc(n_chunks ? n_chunks : 1, 1);
    double *saved = NULL, *rec = malloc(values * sizeof *rec);
    cevns_checkpoint *cp = NULL;
    cevns_progress bar;
    cevns_status st = CEVNS_OK;
    *resumed = *recorded = 0;
    if (!done || !rec) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
    cevns_dist_range(dist, n_chunks, &first, &last);
    if (st == CEVNS_OK && last > first && (saved = malloc((last - first) * values * sizeof *saved)) == NULL)
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
    /* every rank reads every rank's records: a resumed run may use another rank count */
    if (st == CEVNS_OK && n_chunks) {
        double *all = malloc(n_chunks * values * sizeof *all);
        if (!all) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
        else st = cevns_checkpoint_load_all_named(work_dir, job->stem, job->identity, n_chunks, values, done, all, err);
        for (c = first; c < last && st == CEVNS_OK; c++)
            if (done[c]) memcpy(saved + (c - first) * values, all + c * values, values * sizeof *all);
        free(all);
    }
    if (st == CEVNS_OK)
        st = cevns_checkpoint_open_named(work_dir, job->stem, dist->rank, job->identity, n_chunks, values, &cp, err);
    cevns_progress_start(&bar, job->n_map, progress && dist->rank == 0);
    for (c = first; c < last && st == CEVNS_OK; c++) {
        size_t start = c * job->chunk, n = job->n_map - start < job->chunk ? job->n_map - start : job->chunk;
        if (done[c]) {
            job->take(job->ctx, start, n, saved + (c - first) * values);
            (*resumed)++;
        } else {
            memset(rec, 0, values * sizeof *rec);
            st = job->compute(job->ctx, start, n, rec, err);
            if (st == CEVNS_OK) st = cevns_checkpoint_record(cp, c, rec, err);
            if (st == CEVNS_OK) {
                job->take(job->ctx, start, n, rec);
                (*recorded)++;
            }
        }
        done_points += n;
        cevns_progress_update(&bar, done_points * (size_t)dist->size);
    }
    if (st == CEVNS_OK) cevns_progress_finish(&bar);
    cevns_checkpoint_close(cp);
    free(done);
    free(saved);
    free(rec);
    return st;
}
