/* scan.c - cevns_scan_run: experiment -> data -> the chunks of the grid this
 * rank owns (skipping those a checkpoint holds) through the separable path or
 * the engine -> statistic per point -> checkpoint -> combine on rank 0 ->
 * projection and run folder. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/stats.h"
#include "engine/engine.h"
#include "model/experiment_internal.h"
#include "scan/checkpoint.h"
#include "scan/distribute.h"
#include "scan/scan_internal.h"
#include "scan/scan_outputs.h"
#include "scan/separable.h"
#include "util/memory.h"

#define SCAN_CHUNK 2048
/* Expected counts are stored in map.h5 only for maps up to this many values. */
#define MAX_STORED_COUNTS 20000000u

void cevns_scan_options_default(cevns_scan_options *o) {
    memset(o, 0, sizeof *o);
    o->threads = -1;
    o->overwrite = -1;
    o->figures = -1;
    o->progress = 1;
}

cevns_status cevns_scan_resume_config(const char *dir, cevns_config *cfg, cevns_error *err) {
    char path[CEVNS_PATH_MAX + 64];
    size_t n = strlen(dir);
    FILE *f;
    while (n > 1 && dir[n - 1] == '/') n--;
    snprintf(path, sizeof path, "%.*s.partial/config.json", (int)n, dir);
    if ((f = fopen(path, "r")) == NULL)
        return cevns_error_set(err, CEVNS_EIO, "%.*s: nothing to resume (no unfinished run: %s is missing)", (int)n,
                               dir, path);
    fclose(f);
    return cevns_config_load(path, cfg, err);
}


/* Everything one chunk needs. */
typedef struct {
    const cevns_grid *g;
    const cevns_engine *eng;
    void *state;
    const cevns_separable *sep; /* NULL: direct */
    const cevns_params *base;
    const cevns_scan_data *d;
    cevns_pod_point *pts;
    double *expo, *sig;
} chunk_work;

/* Signal, statistic and (optionally) counts of points [start, start + n). */
static cevns_status compute_chunk(const chunk_work *w, size_t start, size_t n, double *chi2, double *counts,
                                  cevns_error *err) {
    size_t nb = w->d->n_bins, k;
    long long kk;
    int failed = 0;
    cevns_error first = {""};
    cevns_status st;
    for (k = 0; k < n; k++) {
        cevns_params p;
        cevns_grid_point(w->g, w->base, start + k, &p, &w->expo[k]);
        cevns_params_to_point(&p, &w->pts[k]);
    }
    st = w->sep ? cevns_separable_signal(w->sep, start, n, w->sig, err) : w->eng->run(w->state, w->pts, n, w->sig, err);
    if (st != CEVNS_OK) return st;
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (kk = 0; kk < (long long)n; kk++) {
        cevns_error e1;
        size_t i = (size_t)kk, b;
        if (cevns_scan_point_statistic(w->d, w->sig + i * nb, w->expo[i], &chi2[i], &e1) != CEVNS_OK) {
#if CEVNS_HAVE_OPENMP
#pragma omp critical
#endif
            if (!failed) {
                failed = 1;
                first = e1;
            }
        }
        if (counts)
            for (b = 0; b < nb; b++) counts[i * nb + b] = w->expo[i] * (w->sig[i * nb + b] + w->d->background[b]);
    }
    if (failed) return cevns_error_set(err, CEVNS_ENUMERIC, "statistic failed: %s", first.msg);
    return CEVNS_OK;
}

/* Values of one chunk in a checkpoint record: chi2 then counts, padded to a full chunk. */
static size_t chunk_values(size_t nb, int with_counts) { return SCAN_CHUNK * (1 + (with_counts ? nb : 0)); }

static void pack_chunk(double *rec, const double *chi2, const double *counts, size_t n, size_t nb) {
    memset(rec, 0, SCAN_CHUNK * (1 + (counts ? nb : 0)) * sizeof *rec);
    memcpy(rec, chi2, n * sizeof *chi2);
    if (counts) memcpy(rec + SCAN_CHUNK, counts, n * nb * sizeof *counts);
}

static void unpack_chunk(const double *rec, double *chi2, double *counts, size_t n, size_t nb) {
    memcpy(chi2, rec, n * sizeof *chi2);
    if (counts) memcpy(counts, rec + SCAN_CHUNK, n * nb * sizeof *counts);
}

/* The identity a checkpoint must match: version, how points are evaluated
 * (engine, separable or direct: chunks computed otherwise agree only to
 * rounding), grid, chunking and the resolved config. */
static char *run_identity(const cevns_config *cfg, const char *method, size_t n_points, size_t values) {
    char *json = NULL, *id = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&json, &len);
    cevns_error ignored;
    if (!f) return NULL;
    cevns_config_write_json(cfg, f, &ignored);
    fclose(f);
    if (json && (id = malloc(len + 256)) != NULL)
        snprintf(id, len + 256, "cevns %s\npoints %zu chunk %d values %zu evaluated by %s\n%s", CEVNS_VERSION, n_points,
                 SCAN_CHUNK, values, method, json);
    free(json);
    return id;
}

/* This rank's chunks: from the checkpoint when done, else computed and recorded. */
static cevns_status evaluate_chunks(const cevns_config *cfg, const chunk_work *w, const char *work_dir, int progress,
                                    double *chi2, double *counts, size_t *resumed, size_t *recorded,
                                    cevns_error *err) {
    const cevns_dist *dist = cevns_dist_get();
    size_t nb = w->d->n_bins, n_points = w->g->n_points, n_chunks = (n_points + SCAN_CHUNK - 1) / SCAN_CHUNK;
    size_t values = chunk_values(nb, counts != NULL), first, last, c, done_points = 0;
    unsigned char *done = calloc(n_chunks ? n_chunks : 1, 1);
    double *saved = NULL, *rec = malloc(values * sizeof *rec);
    char *identity = run_identity(cfg, w->sep ? "cpu-separable" : w->eng->name, n_points, values);
    cevns_checkpoint *cp = NULL;
    cevns_progress bar;
    cevns_status st = CEVNS_OK;
    *resumed = *recorded = 0;
    if (!done || !rec || !identity) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
    cevns_dist_range(dist, n_chunks, &first, &last);
    if (st == CEVNS_OK && last > first && (saved = malloc((last - first) * values * sizeof *saved)) == NULL)
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
    /* every rank reads every rank's records: a resumed run may use another rank count */
    if (st == CEVNS_OK && n_chunks) {
        double *all = malloc(n_chunks * values * sizeof *all);
        if (!all) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
        else st = cevns_checkpoint_load_all(work_dir, identity, n_chunks, values, done, all, err);
        for (c = first; c < last && st == CEVNS_OK; c++)
            if (done[c]) memcpy(saved + (c - first) * values, all + c * values, values * sizeof *all);
        free(all);
    }
    if (st == CEVNS_OK) st = cevns_checkpoint_open(work_dir, dist->rank, identity, n_chunks, values, &cp, err);
    cevns_progress_start(&bar, n_points, progress && dist->rank == 0);
    for (c = first; c < last && st == CEVNS_OK; c++) {
        size_t start = c * SCAN_CHUNK, n = n_points - start < SCAN_CHUNK ? n_points - start : SCAN_CHUNK;
        double *cc = counts ? counts + start * nb : NULL;
        if (done[c]) {
            unpack_chunk(saved + (c - first) * values, chi2 + start, cc, n, nb);
            (*resumed)++;
        } else {
            st = compute_chunk(w, start, n, chi2 + start, cc, err);
            if (st == CEVNS_OK) {
                pack_chunk(rec, chi2 + start, cc, n, nb);
                st = cevns_checkpoint_record(cp, c, rec, err);
                if (st == CEVNS_OK) (*recorded)++;
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
    free(identity);
    return st;
}

static cevns_status check_scan_config(const cevns_config *cfg, cevns_error *err) {
    int a;
    if (cfg->scan.n_axes < 1)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: scan: missing (a scan needs at least one axis)", cfg->path);
    for (a = 0; a < cfg->scan.n_axes; a++) {
        cevns_axis_kind k = cfg->scan.axes[a].kind;
        if (k == CEVNS_AXIS_M4 && !cfg->model.use_sterile)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: m4_MeV needs \"sterile\" in model.interactions", cfg->path, a);
        if (k >= CEVNS_AXIS_MU_NU && k <= CEVNS_AXIS_MU_NU_TAU && !cfg->model.use_magnetic && !cfg->model.use_sterile)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: %s needs \"magnetic\" or \"sterile\" in model.interactions",
                                   cfg->path, a, cfg->scan.axes[a].name);
        if (k == CEVNS_AXIS_RN && cfg->model.form_factor.type == CEVNS_FF_NONE)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: rn_fm needs a form factor with a radius (not none)", cfg->path, a);
    }
    return CEVNS_OK;
}

/* Fill the chi2 of points this rank did not compute with +inf and counts with 0,
 * so that combining (min, sum) over ranks gives the whole map. */
static void clear_foreign_chunks(const cevns_dist *dist, size_t n_points, size_t nb, double *chi2, double *counts) {
    size_t n_chunks = (n_points + SCAN_CHUNK - 1) / SCAN_CHUNK, first, last, i;
    cevns_dist_range(dist, n_chunks, &first, &last);
    for (i = 0; i < n_points; i++) {
        size_t c = i / SCAN_CHUNK;
        if (c >= first && c < last) continue;
        chi2[i] = INFINITY;
        if (counts) memset(counts + i * nb, 0, nb * sizeof *counts);
    }
}

/* Whether map.h5 stores the expected counts (and the checkpoints carry them). */
static int stores_counts(const cevns_grid *g, size_t n_bins) {
    return g->n_shown_points == g->n_points && g->n_points * n_bins <= MAX_STORED_COUNTS;
}

#define GIB 1073741824.0

/* The memory the scan will hold at its peak (the arrays of this file,
 * evaluate_chunks and outputs.c, sized as they allocate them), checked before
 * any point is computed: a map that cannot be held fails now, not after hours of
 * work or by the kernel's OOM killer. */
static double scan_memory_need(const cevns_grid *g, size_t n_bins, int figures, double *map, double *ck,
                               double *results) {
    const cevns_dist *dist = cevns_dist_get();
    int with_counts = stores_counts(g, n_bins);
    size_t n_chunks = (g->n_points + SCAN_CHUNK - 1) / SCAN_CHUNK, first, last;
    double values = (double)chunk_values(n_bins, with_counts);
    double counts = with_counts ? 8.0 * (double)g->n_points * (double)n_bins : 0.0, file;
    cevns_dist_range(dist, n_chunks, &first, &last);
    *map = 8.0 * (double)g->n_points + counts;
    /* every rank's records are read (all), this rank's kept (saved), one chunk's work buffers */
    *ck = 8.0 * values * ((double)n_chunks + (double)(last - first) + 1.0) +
          (double)SCAN_CHUNK * ((double)sizeof(cevns_pod_point) + 8.0 + 8.0 * (double)n_bins);
    /* projected map and Delta chi2, contour grid, map.h5 built in memory (twice,
     * up to 256 MiB: src/io/map_h5.c); the figures read map.h5 back */
    file = 8.0 * (double)g->n_shown_points + counts;
    *results = 8.0 * (double)g->n_shown_points * 3.0 + 2.0 * (file < 268435456.0 ? file : 268435456.0) +
               (figures ? 8.0 * (double)g->n_shown_points * 2.0 + counts : 0.0);
    return *map + (*ck > *results ? *ck : *results);
}

static cevns_status check_memory(const cevns_config *cfg, const cevns_grid *g, size_t n_bins, int figures,
                                 cevns_error *err) {
    double map, ck, results, need = scan_memory_need(g, n_bins, figures, &map, &ck, &results), avail;
    const char *what;
    /* libraries, threads' stacks, HDF5 and PLplot: a margin */
    const double margin = 64.0 * 1048576.0;
    avail = cevns_memory_available(&what);
    if (avail < 0.0 || need + margin <= avail) return CEVNS_OK;
    return cevns_error_set(err, CEVNS_ENOMEM,
                           "%s: scan.axes: out of memory for %zu points: this scan needs about %.2f GiB (the chi2 "
                           "map and counts %.2f GiB, then the larger of the checkpoint buffers %.2f GiB and the "
                           "results %.2f GiB), but only %.2f GiB can be allocated (%s); use fewer points (a "
                           "coarser grid, or one scan per value of an axis) or a machine with more memory",
                           cfg->path, g->n_points, (need + margin) / GIB, map / GIB, ck / GIB, results / GIB,
                           (avail > 0.0 ? avail : 0.0) / GIB, what);
}

cevns_status cevns_scan_run(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_summary *summary,
                            cevns_error *err) {
    const cevns_dist *dist = cevns_dist_get();
    cevns_experiment *e = NULL;
    const cevns_engine *eng = NULL;
    cevns_separable *sep = NULL;
    cevns_scan_data d;
    cevns_grid g;
    cevns_params base;
    cevns_scan_outputs out;
    chunk_work w;
    double t0 = cevns_now_seconds(), t1, *full = NULL, *counts = NULL;
    int threads = opt->threads >= 0 ? opt->threads : cfg->scan.threads, saved;
    size_t recorded = 0;
    cevns_status st;

    memset(&d, 0, sizeof d);
    memset(&out, 0, sizeof out);
    memset(&w, 0, sizeof w);
    memset(summary, 0, sizeof *summary);
    if ((st = check_scan_config(cfg, err)) != CEVNS_OK) return st;
    if ((st = cevns_engine_select(opt->engine ? opt->engine : cfg->scan.engine, &eng, err)) != CEVNS_OK) return st;
    st = cevns_scan_outputs_begin(cfg, opt, &out, err);
    if (cevns_dist_any(dist, st != CEVNS_OK)) {
        cevns_scan_outputs_abort(&out);
        return st != CEVNS_OK ? st : cevns_error_set(err, CEVNS_EIO, "another MPI rank could not start the run");
    }
    cevns_grid_init(&cfg->scan, &g);
    st = cevns_experiment_create(cfg, &e, err);
    if (st == CEVNS_OK) st = cevns_scan_data_load(cfg, e, &d, err);
    if (st == CEVNS_OK) cevns_experiment_default_params(e, &base);
    if (st == CEVNS_OK) st = check_memory(cfg, &g, d.n_bins, out.figures, err);
    t1 = cevns_now_seconds(); /* the points' time includes the separable basis integrals */
    summary->separable = st == CEVNS_OK && !opt->direct && cfg->scan.separable && cevns_separable_applicable(&g);
    if (st == CEVNS_OK && summary->separable) st = cevns_separable_create(e, &g, &base, threads, &sep, err);
    if (st == CEVNS_OK && !sep) st = eng->prepare(e, threads, &w.state, err);
    if (st == CEVNS_OK) {
        int with_counts = stores_counts(&g, d.n_bins);
        full = malloc(g.n_points * sizeof *full);
        if (with_counts) counts = malloc(g.n_points * d.n_bins * sizeof *counts);
        w.pts = malloc(SCAN_CHUNK * sizeof *w.pts);
        w.expo = malloc(SCAN_CHUNK * sizeof *w.expo);
        w.sig = malloc(SCAN_CHUNK * d.n_bins * sizeof *w.sig);
        if (!full || (with_counts && !counts) || !w.pts || !w.expo || !w.sig) {
            double map, ck, results, need = scan_memory_need(&g, d.n_bins, out.figures, &map, &ck, &results);
            st = cevns_error_set(err, CEVNS_ENOMEM, "%s: scan.axes: out of memory for %zu points (the scan needs about "
                                 "%.2f GiB)", cfg->path, g.n_points, need / GIB);
        }
    }
    if (st == CEVNS_OK) {
        w.g = &g;
        w.eng = eng;
        w.sep = sep;
        w.base = &base;
        w.d = &d;
        clear_foreign_chunks(dist, g.n_points, d.n_bins, full, counts);
        st = evaluate_chunks(cfg, &w, out.work_dir, opt->progress, full, counts, &summary->resumed_chunks, &recorded,
                             err);
    }
    if (cevns_dist_any(dist, st != CEVNS_OK) && st == CEVNS_OK)
        st = cevns_error_set(err, CEVNS_EIO, "another MPI rank failed; its message is on its standard error");
    /* chunks on disk (on any rank): a failure from here on keeps them for --resume */
    saved = cevns_dist_any(dist, recorded > 0 || summary->resumed_chunks > 0);
    if (st == CEVNS_OK) st = cevns_dist_combine(dist, full, g.n_points, counts, counts ? g.n_points * d.n_bins : 0, err);
    summary->seconds_points = cevns_now_seconds() - t1;
    snprintf(summary->engine, sizeof summary->engine, "%s", sep ? "cpu-separable" : eng->name);
    summary->n_points = g.n_points;
    summary->ranks = dist->size;
    if (st == CEVNS_OK && dist->rank == 0)
        st = cevns_scan_outputs_write(cfg, e, &g, full, counts, d.n_bins, &out, summary, t0, err);
    if (st != CEVNS_OK && saved && dist->rank == 0) cevns_scan_outputs_keep(&out, err);
    else if (st != CEVNS_OK) cevns_scan_outputs_abort(&out);
    cevns_dist_barrier(dist);
    if (w.state) eng->release(w.state);
    cevns_separable_free(sep);
    free(w.pts);
    free(w.expo);
    free(w.sig);
    free(full);
    free(counts);
    cevns_scan_data_free(&d);
    cevns_experiment_free(e);
    return st;
}
