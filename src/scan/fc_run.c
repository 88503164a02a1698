/* fc_run.c - a run's Feldman-Cousins stage (`cevns scan` with scan.feldman_cousins): the toys
 * of every map point (fc.c) in chunks of map points with checkpoints of their own
 * (fc-checkpoint-<rank>.bin, chunks.c), so that an interrupted run resumes with the toys it
 * had; each MPI rank computes its chunks and rank 0 gathers them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/checkpoint.h"
#include "scan/chunks.h"
#include "scan/distribute.h"
#include "scan/scan_internal.h"

#define FC_STEM "fc-checkpoint"
/* Toy fits (toys x grid points) per chunk: about ten seconds on two cores for the CsI NSI
 * demonstration (docs/performance.md), a minute or so at most anywhere. */
#define FC_CHUNK_FITS ((size_t)1 << 25)

/* Map points per chunk: about FC_CHUNK_FITS fits, a record of at most CEVNS_CHUNK_MAX_VALUES
 * values (the toys of its map points), at most the map's chunk (so that `--chunk N` makes
 * small chunks of both stages), at least one map point. */
static size_t fc_chunk(const cevns_scan *s, size_t toys, size_t max_chunk) {
    size_t n_map = cevns_scan_map_points(s), items = cevns_scan_grid_points(s);
    size_t chunk = FC_CHUNK_FITS / (toys * items > 0 ? toys * items : 1);
    if (chunk > CEVNS_CHUNK_MAX_VALUES / toys) chunk = CEVNS_CHUNK_MAX_VALUES / toys;
    if (chunk > n_map) chunk = n_map;
    if (max_chunk > 0 && chunk > max_chunk) chunk = max_chunk;
    return chunk > 0 ? chunk : 1;
}

typedef struct {
    cevns_fc *fc;
    size_t toys;
    double *out; /* n_map x toys */
} fc_chunks;

static cevns_status fc_compute(void *ctx, size_t start, size_t n, double *rec, cevns_error *err) {
    const fc_chunks *c = ctx;
    return cevns_fc_evaluate(c->fc, start, n, rec, err);
}

static void fc_take(void *ctx, size_t start, size_t n, const double *rec) {
    const fc_chunks *c = ctx;
    memcpy(c->out + start * c->toys, rec, n * c->toys * sizeof *rec);
}

static void fc_job(const cevns_scan *s, size_t max_chunk, fc_chunks *ctx, const char *identity,
                   cevns_chunk_job *job) {
    memset(job, 0, sizeof *job);
    job->stem = FC_STEM;
    job->identity = identity;
    job->n_map = cevns_scan_map_points(s);
    job->chunk = fc_chunk(s, ctx->toys, max_chunk);
    job->values = job->chunk * ctx->toys;
    job->compute = fc_compute;
    job->take = fc_take;
    job->ctx = ctx;
}

double cevns_fc_run_memory(const cevns_scan *s, const cevns_config *cfg, size_t max_chunk) {
    size_t toys = (size_t)cfg->scan.fc.toys;
    fc_chunks ctx = {NULL, toys, NULL};
    cevns_chunk_job job;
    if (!cfg->scan.fc.enabled) return 0.0;
    fc_job(s, max_chunk, &ctx, "", &job);
    /* the toys, the chunks' records, the signals (the engine's copy and the host's), the
     * analysis' arrays and a sorted copy of one point's toys */
    return 8.0 * (double)cevns_scan_map_points(s) * (double)toys + cevns_chunks_memory(&job) +
           16.0 * (double)cevns_scan_grid_points(s) * (double)cevns_scan_n_bins(s) +
           8.0 * (double)cevns_scan_map_points(s) * (4.0 + 5.0 * cfg->scan.n_cl) + 8.0 * (double)toys;
}

void cevns_fc_run_remove_checkpoints(const char *work_dir) { cevns_checkpoint_remove_all_named(work_dir, FC_STEM); }

cevns_status cevns_fc_run_toys(cevns_scan *s, const cevns_config *cfg, const char *config_text, const char *work_dir,
                               size_t max_chunk, int progress, double **toys_out, double *seconds, size_t *resumed, size_t *recorded,
                               cevns_error *err) {
    const cevns_dist *dist = cevns_dist_get();
    size_t toys = (size_t)cfg->scan.fc.toys, n_map = cevns_scan_map_points(s), first, last, i;
    double t0 = cevns_now_seconds(), *out = NULL;
    char *identity = NULL;
    fc_chunks ctx = {NULL, toys, NULL};
    cevns_chunk_job job;
    cevns_status st;
    size_t len = strlen(config_text) + 320;
    *toys_out = NULL;
    *resumed = *recorded = 0;
    st = cevns_fc_create(s, toys, (unsigned long long)cfg->scan.fc.seed, &ctx.fc, err);
    if (st == CEVNS_OK && (!(out = malloc(n_map * toys * sizeof *out)) || !(identity = malloc(len))))
        st = cevns_error_set(err, CEVNS_ENOMEM, "%s: scan.feldman_cousins: out of memory for %zu x %zu toys", cfg->path,
                             n_map, toys);
    if (st == CEVNS_OK) {
        ctx.out = out;
        fc_job(s, max_chunk, &ctx, identity, &job);
        /* the identity as the map's (checkpoint.c reads its lines so): version, grid and
         * chunking, engine and path, the resolved config (with the toys and the seed) */
        snprintf(identity, len, "cevns %s\nfeldman-cousins map %zu chunk %zu values %zu toys %zu\nevaluated by %s %s\n%s",
                 CEVNS_VERSION, n_map, job.chunk, job.values, toys, cevns_scan_engine_name(s), cevns_scan_path_name(s),
                 config_text);
        /* the map points of other ranks' chunks hold +inf: combined by minimum */
        cevns_dist_range(dist, cevns_chunks_count(&job), &first, &last);
        for (i = 0; i < n_map * toys; i++) {
            size_t c = i / toys / job.chunk;
            if (c < first || c >= last) out[i] = INFINITY;
        }
        st = cevns_chunks_run(&job, work_dir, progress, resumed, recorded, err);
    }
    if (cevns_dist_any(dist, st != CEVNS_OK) && st == CEVNS_OK)
        st = cevns_error_set(err, CEVNS_EIO, "another MPI rank failed; its message is on its standard error");
    if (st == CEVNS_OK) st = cevns_dist_combine(dist, out, n_map * toys, NULL, 0, err);
    cevns_fc_free(ctx.fc);
    free(identity);
    *seconds = cevns_now_seconds() - t0;
    if (st != CEVNS_OK) {
        free(out);
        return st;
    }
    *toys_out = out;
    return CEVNS_OK;
}
