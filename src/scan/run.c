/* run.c - cevns_scan_run, the `cevns scan` job: the run folder, the scan (scan.c) over
 * the chunks of the map this MPI rank owns (skipping those a checkpoint holds), a
 * checkpoint per finished chunk, the combination on rank 0, then the analysis
 * (cevns_analysis_create) and the files that serialise it.
 *
 * The work folder <dir>.partial holds, from the start: config.json (the resolved config,
 * serialised once: the same text goes into the checkpoints' identity and map.h5) and
 * run.json (the engine and path the run computes with, so that `--resume DIR` alone
 * continues it the same way); then checkpoint-<rank>.bin; then the results, before it
 * is renamed to <dir>. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment/experiment_internal.h"
#include "io/run_files.h"
#include "scan/checkpoint.h"
#include "scan/chunks.h"
#include "scan/distribute.h"
#include "scan/scan_internal.h"
#include "util/memory.h"

/* Grid points per chunk (a checkpoint record): a few seconds of the direct path on two
 * cores; the separable path is ~1000x faster per point.  A record holds at most
 * CEVNS_CHUNK_MAX_VALUES values (16 MiB), counts included. */
#define CHUNK_DIRECT 2048
#define CHUNK_SEPARABLE (1u << 20)
/* Expected counts are stored in map.h5 only for maps up to this many values. */
#define MAX_STORED_COUNTS 20000000u
#define GIB 1073741824.0

void cevns_scan_options_default(cevns_scan_options *o) {
    memset(o, 0, sizeof *o);
    o->threads = -1;
    o->device = -1;
    o->overwrite = -1;
    o->figures = -1;
    o->progress = 1;
    o->direct = -1;
}

/* <dir>.partial/<name> of a run folder dir (trailing slashes ignored). */
static void partial_file(const char *dir, const char *name, char *out, size_t size) {
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    snprintf(out, size, "%.*s.partial/%s", (int)n, dir, name);
}

cevns_status cevns_scan_resume_config(const char *dir, cevns_config *cfg, cevns_error *err) {
    char path[CEVNS_PATH_MAX + 64];
    FILE *f;
    partial_file(dir, "config.json", path, sizeof path);
    if ((f = fopen(path, "r")) == NULL)
        return cevns_error_set(err, CEVNS_EIO, "%s: nothing to resume (no unfinished run: %s is missing)", dir, path);
    fclose(f);
    return cevns_config_load(path, cfg, err);
}

/* ---------------------------------------------------------------- how the run computes */
/* The engine, path and chunking a run started with (run.json), to resume it the same way. */
typedef struct {
    char engine[16], path[16];
    size_t chunk; /* map points per chunk */
} run_method;

static cevns_status read_run_method(const char *dir, run_method *m, cevns_error *err) {
    char path[CEVNS_PATH_MAX + 64], text[256] = "";
    FILE *f;
    size_t n;
    partial_file(dir, "run.json", path, sizeof path);
    if (!(f = fopen(path, "r")))
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: missing: the run folder does not say which engine and path it was started with "
                               "(a run of an older cevns?)",
                               path);
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    if (sscanf(text, "{\"engine\": \"%15[a-z]\", \"path\": \"%15[a-z]\", \"chunk\": %zu}", m->engine, m->path,
               &m->chunk) != 3 ||
        m->chunk == 0 || (strcmp(m->path, "direct") != 0 && strcmp(m->path, "separable") != 0))
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: damaged (expected {\"engine\": NAME, \"path\": \"direct\" or \"separable\", "
                               "\"chunk\": N >= 1})",
                               path);
    return CEVNS_OK;
}

/* The settings of this run: the options, or for a resumed run what it started with; an
 * option that contradicts it is an error naming both. */
static cevns_status resolve_settings(const cevns_scan_options *opt, const run_method *started,
                                     cevns_scan_settings *set, size_t *chunk, cevns_error *err) {
    cevns_scan_settings_default(set);
    set->threads = opt->threads;
    set->device = opt->device;
    set->local_rank = cevns_dist_get()->local_rank;
    set->engine = opt->engine;
    set->direct = opt->direct > 0;
    *chunk = opt->chunk;
    if (!started) return CEVNS_OK;
    if (opt->engine && strcmp(opt->engine, started->engine) != 0 && strcmp(opt->engine, "auto") != 0)
        return cevns_error_set(err, CEVNS_EUSAGE,
                               "%s: this run was started with --engine %s, not %s: resume it with --engine %s (or "
                               "without --engine)",
                               opt->resume, started->engine, opt->engine, started->engine);
    if (opt->direct >= 0 && (opt->direct > 0) != !strcmp(started->path, "direct"))
        return cevns_error_set(err, CEVNS_EUSAGE,
                               "%s: this run was started on the %s path: resume it %s",
                               opt->resume, started->path,
                               strcmp(started->path, "direct") ? "without --direct" : "with --direct (or without it)");
    set->engine = started->engine;
    set->direct = !strcmp(started->path, "direct");
    *chunk = 0; /* the run's, in map points: chunking_init */
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- the run folder */
typedef struct {
    char final_dir[CEVNS_PATH_MAX];
    char work_dir[CEVNS_PATH_MAX + 32];
    int figures;
    int open; /* rank 0 created the work folder in this run (a failure removes it) */
} run_folder;

static cevns_status folder_begin(const cevns_config *cfg, const cevns_scan_options *opt, const char *config_text,
                                 run_folder *out, cevns_error *err) {
    int overwrite = opt->overwrite >= 0 ? opt->overwrite : cfg->output.overwrite;
    int rank0 = cevns_dist_get()->rank == 0;
    cevns_status st;
    memset(out, 0, sizeof *out);
    if (opt->resume) {
        size_t n = strlen(opt->resume);
        while (n > 1 && opt->resume[n - 1] == '/') n--;
        snprintf(out->final_dir, sizeof out->final_dir, "%.*s", (int)n, opt->resume);
    } else if (opt->out_dir) snprintf(out->final_dir, sizeof out->final_dir, "%s", opt->out_dir);
    else if (cfg->output.dir[0]) snprintf(out->final_dir, sizeof out->final_dir, "%s", cfg->output.dir);
    else snprintf(out->final_dir, sizeof out->final_dir, "runs/%s", cfg->name);
    out->figures = opt->figures >= 0 ? opt->figures : cfg->output.figures;
    snprintf(out->work_dir, sizeof out->work_dir, "%s.partial", out->final_dir);
    st = cevns_run_dir_prepare(out->final_dir, out->work_dir, overwrite, opt->resume != NULL, rank0, err);
    /* a failing resume keeps the unfinished folder and its checkpoints */
    out->open = st == CEVNS_OK && rank0 && !opt->resume;
    if (st == CEVNS_OK && out->open) st = cevns_write_text_file(out->work_dir, "config.json", config_text, err);
    cevns_dist_barrier(cevns_dist_get());
    return st;
}

static void folder_abort(run_folder *out) {
    if (out->open) cevns_run_dir_discard(out->work_dir);
    out->open = 0;
}

/* After a failure once chunks are checkpointed: keep the work folder for
 * `cevns scan --resume` and append how to continue to err (rank 0). */
static void folder_keep(run_folder *out, cevns_error *err) {
    char hint[2 * CEVNS_PATH_MAX + 256];
    size_t room, len;
    out->open = 0;
    if (!err) return;
    snprintf(hint, sizeof hint,
             "; the finished chunks are checkpointed in %s: remove the cause, then continue with `cevns scan "
             "--resume %s`",
             out->work_dir, out->final_dir);
    /* the hint is kept whole: the message before it is shortened if need be */
    len = strlen(hint);
    if (len >= sizeof err->msg) return;
    room = sizeof err->msg - 1 - len;
    if (strlen(err->msg) > room) err->msg[room] = '\0';
    memcpy(err->msg + strlen(err->msg), hint, len + 1);
}

/* ---------------------------------------------------------------- chunks and checkpoints */
typedef struct {
    size_t n_map, n_bins, chunk, n_chunks; /* map points per chunk */
    int with_counts;
} chunking;

static size_t chunk_values(const chunking *c) { return c->chunk * (1 + (c->with_counts ? c->n_bins : 0)); }

/* The identity a checkpoint must match: version, grid and chunking, how points are
 * evaluated (engine and path: chunks computed otherwise agree only to rounding), and
 * the resolved config. */
static char *run_identity(const char *config_text, const cevns_scan *s, const chunking *k) {
    size_t len = strlen(config_text) + 256;
    char *id = malloc(len);
    if (id)
        snprintf(id, len, "cevns %s\nmap %zu chunk %zu values %zu\nevaluated by %s %s\n%s", CEVNS_VERSION, k->n_map,
                 k->chunk, chunk_values(k), cevns_scan_engine_name(s), cevns_scan_path_name(s), config_text);
    return id;
}

/* The map's chunks as a chunked stage (chunks.h): a record is the chunk's chi2, then its
 * counts when stored, zero-padded to a full chunk. */
typedef struct {
    cevns_scan *s;
    const chunking *k;
    double *chi2, *counts;
} map_chunks;

static cevns_status map_compute(void *ctx, size_t start, size_t n, double *rec, cevns_error *err) {
    const map_chunks *m = ctx;
    return cevns_scan_evaluate(m->s, start, n, rec, m->counts ? rec + m->k->chunk : NULL, err);
}

static void map_take(void *ctx, size_t start, size_t n, const double *rec) {
    const map_chunks *m = ctx;
    memcpy(m->chi2 + start, rec, n * sizeof *rec);
    if (m->counts) memcpy(m->counts + start * m->k->n_bins, rec + m->k->chunk, n * m->k->n_bins * sizeof *rec);
}

static void map_job(map_chunks *ctx, const char *identity, cevns_chunk_job *job) {
    memset(job, 0, sizeof *job);
    job->stem = CEVNS_CHECKPOINT_STEM;
    job->identity = identity;
    job->n_map = ctx->k->n_map;
    job->chunk = ctx->k->chunk;
    job->values = chunk_values(ctx->k);
    job->compute = map_compute;
    job->take = map_take;
    job->ctx = ctx;
}

/* Fill the chi2 of map points this rank did not compute with +inf and counts with 0,
 * so that combining (min, sum) over ranks gives the whole map. */
static void clear_foreign_chunks(const chunking *k, double *chi2, double *counts) {
    size_t first, last, i;
    cevns_dist_range(cevns_dist_get(), k->n_chunks, &first, &last);
    for (i = 0; i < k->n_map; i++) {
        size_t c = i / k->chunk;
        if (c >= first && c < last) continue;
        chi2[i] = INFINITY;
        if (counts) memset(counts + i * k->n_bins, 0, k->n_bins * sizeof *counts);
    }
}

/* The memory the scan will hold at its peak (the arrays of this file and of the
 * analysis, sized as they allocate them), checked before any point is computed: a map
 * that cannot be held fails now, not after hours of work or by the kernel's OOM killer. */
static double memory_need(const chunking *k, int figures, double *map, double *ck, double *results) {
    double counts = k->with_counts ? 8.0 * (double)k->n_map * (double)k->n_bins : 0.0, file;
    cevns_chunk_job job;
    map_chunks ctx = {NULL, k, NULL, NULL};
    map_job(&ctx, "", &job);
    *map = 8.0 * (double)k->n_map + counts;
    *ck = cevns_chunks_memory(&job);
    /* Delta chi2 and the contour grid, map.h5 built in memory (twice, up to 256 MiB:
     * src/io/map_h5.c) */
    file = 8.0 * (double)k->n_map + counts;
    *results = 8.0 * (double)k->n_map * 2.0 + 2.0 * (file < 268435456.0 ? file : 268435456.0) +
               (figures ? 8.0 * (double)k->n_map : 0.0);
    return *map + (*ck > *results ? *ck : *results);
}

static cevns_status check_memory(const cevns_config *cfg, const cevns_scan *s, const chunking *k, int figures,
                                 cevns_error *err) {
    double map, ck, results, need = memory_need(k, figures, &map, &ck, &results), avail;
    double fc = cevns_fc_run_memory(s, cfg, k->chunk);
    const char *what;
    /* libraries, threads' stacks, engine buffers, HDF5 and PLplot: a margin */
    const double margin = 64.0 * 1048576.0;
    avail = cevns_memory_available(&what);
    if (fc > 0.0 && avail >= 0.0 && map + fc + margin > avail)
        return cevns_error_set(err, CEVNS_ENOMEM,
                               "%s: scan.feldman_cousins: out of memory for %d toys at %zu map points: the toys and "
                               "their analysis need about %.2f GiB besides the map's %.2f GiB, but only %.2f GiB can be "
                               "allocated (%s); use fewer toys or map points",
                               cfg->path, cfg->scan.fc.toys, k->n_map, fc / GIB, map / GIB,
                               (avail > 0.0 ? avail : 0.0) / GIB, what);
    if (avail < 0.0 || need + margin <= avail) return CEVNS_OK;
    return cevns_error_set(err, CEVNS_ENOMEM,
                           "%s: scan.axes: out of memory for %zu map points: this scan needs about %.2f GiB (the chi2 "
                           "map and counts %.2f GiB, then the larger of the checkpoint buffers %.2f GiB and the "
                           "results %.2f GiB), but only %.2f GiB can be allocated (%s); use fewer points (a "
                           "coarser grid, or one scan per value of an axis) or a machine with more memory",
                           cfg->path, k->n_map, (need + margin) / GIB, map / GIB, ck / GIB, results / GIB,
                           (avail > 0.0 ? avail : 0.0) / GIB, what);
}

/* ---------------------------------------------------------------- results */
static const char *spacing_name(cevns_spacing s) {
    return s == CEVNS_SPACING_LOG ? "log" : s == CEVNS_SPACING_LIST ? "list" : "linear";
}

static void fill_info(const cevns_config *cfg, const cevns_scan *s, cevns_run_info *info) {
    int a;
    memset(info, 0, sizeof *info);
    info->name = cfg->name;
    info->config_path = cfg->path;
    info->data_kind = cfg->data.kind == CEVNS_DATA_ASIMOV ? "asimov" : cfg->data.kind == CEVNS_DATA_ON_OFF ? "on_off"
                                                                                                           : "binned";
    info->n_points = cevns_scan_grid_points(s);
    info->n_axes = cfg->scan.n_axes;
    for (a = 0; a < cfg->scan.n_axes; a++) {
        const cevns_axis_config *ax = &cfg->scan.axes[a];
        info->axes[a].name = ax->name;
        info->axes[a].unit = cevns_axis_unit(ax->kind);
        info->axes[a].spacing = spacing_name(ax->spacing);
        info->axes[a].n = ax->n;
        info->axes[a].profiled = ax->profile;
        info->axes[a].min = ax->values[0];
        info->axes[a].max = ax->values[ax->n - 1];
    }
}

static void summarise(const cevns_map *m, const cevns_analysis *a, cevns_scan_summary *s) {
    int k, c;
    s->chi2_min = a->chi2_min;
    s->n_shown = m->n_axes;
    for (k = 0; k < m->n_axes; k++) {
        snprintf(s->shown_name[k], sizeof s->shown_name[k], "%s", m->axis_name[k]);
        s->best[k] = a->best_value[k];
    }
    s->dof = a->dof;
    s->n_cl = a->n_cl;
    for (c = 0; c < a->n_cl; c++) {
        s->cl[c] = a->cl[c];
        s->threshold[c] = a->threshold[c];
        s->lower[c] = a->n_shown == 1 ? a->lower[c] : NAN;
        s->upper[c] = a->n_shown == 1 ? a->upper[c] : NAN;
    }
}

/* Analyse the map once and write every file of the run folder, then rename it into place. */
/* The Feldman-Cousins numbers of the printed summary. */
static void summarise_fc(const cevns_fc_analysis *fa, double seconds, cevns_scan_summary *s) {
    int c;
    s->fc_toys = fa->toys;
    s->fc_seed = fa->seed;
    s->fc_seconds = seconds;
    for (c = 0; c < fa->n_cl; c++) {
        s->fc_critical_min[c] = fa->critical_min[c];
        s->fc_critical_max[c] = fa->critical_max[c];
        s->fc_inside_wilks[c] = fa->n_inside_wilks[c];
        s->fc_inside_fc[c] = fa->n_inside_fc[c];
        s->fc_only_wilks[c] = fa->n_only_wilks[c];
        s->fc_only_fc[c] = fa->n_only_fc[c];
        s->fc_lower[c] = fa->n_shown == 1 ? fa->lower[c] : NAN;
        s->fc_upper[c] = fa->n_shown == 1 ? fa->upper[c] : NAN;
    }
}

/* The toys of a Feldman-Cousins stage (NULL: none) and its time. */
typedef struct {
    const double *toys;
    double seconds;
} fc_result;

/* Analyse the map once (and its toys) and write every file of the run folder, then rename it
 * into place. */
static cevns_status write_results(const cevns_config *cfg, const cevns_scan *s, const char *config_text,
                                  double *chi2, double *counts, const fc_result *fc, run_folder *out,
                                  cevns_scan_summary *sum, double t_start, cevns_error *err) {
    cevns_map m;
    cevns_analysis a;
    cevns_fc_analysis fa;
    cevns_run_info info;
    cevns_joint_spectra spectra;
    char path[CEVNS_PATH_MAX + 64];
    cevns_status st;
    memset(&fa, 0, sizeof fa);
    cevns_scan_result_map(cfg, s, config_text, chi2, counts, &m);
    fill_info(cfg, s, &info);
    snprintf(path, sizeof path, "%s/map.h5", out->work_dir);
    if ((st = cevns_analysis_create(&m, path, &a, err)) != CEVNS_OK) return st;
    m.chi2_min = a.chi2_min;
    summarise(&m, &a, sum);
    if (fc->toys) {
        st = cevns_fc_analysis_create(&m, &a, fc->toys, (size_t)cfg->scan.fc.toys,
                                      (unsigned long long)cfg->scan.fc.seed, &fa, err);
        if (st != CEVNS_OK) {
            cevns_analysis_free(&a);
            return st;
        }
        summarise_fc(&fa, fc->seconds, sum);
        info.fc = &fa;
        info.fc_seconds = fc->seconds;
    }
    if ((st = s->e->n_members > 0 ? cevns_scan_joint_breakdown(s, a.best, &info, &spectra, err)
                                  : cevns_scan_fit_report(s, a.best, &info, &spectra, err)) != CEVNS_OK) {
        cevns_joint_spectra_free(&spectra);
        cevns_fc_analysis_free(&fa);
        cevns_analysis_free(&a);
        return st;
    }
    sum->n_experiments = info.single ? 0 : info.n_experiments;
    /* a normalisation scan from 0: how far the data are from no signal */
    info.no_signal_delta_chi2 = NAN;
    if (m.n_axes == 1 && strcmp(m.axis_name[0], "normalisation") == 0 && m.axis_values[0][0] == 0.0 &&
        isfinite(m.chi2[0]))
        info.no_signal_delta_chi2 = m.chi2[0] - a.chi2_min;
    sum->shared_pulls_chi2 = 0.0;
    for (int k = 0; k < info.n_experiments; k++) {
        snprintf(sum->experiment_name[k], sizeof sum->experiment_name[k], "%s", info.experiments[k].name);
        sum->experiment_chi2[k] = info.experiments[k].chi2;
    }
    for (int k = 0; k < info.n_shared; k++) sum->shared_pulls_chi2 += info.shared[k].chi2;
    st = cevns_map_write_h5_fc(path, &m, info.fc, err);
    if (st == CEVNS_OK) st = cevns_write_limits_csv(out->work_dir, &m, &a, err);
    if (st == CEVNS_OK) st = cevns_write_contours_csv(out->work_dir, &m, &a, err);
    if (st == CEVNS_OK) st = cevns_write_spectra_csv(out->work_dir, spectra.spectra, spectra.n, err);
    if (st == CEVNS_OK && info.fc) st = cevns_write_fc_csv(out->work_dir, &m, &a, info.fc, err);
    if (st == CEVNS_OK && out->figures) {
        cevns_error perr = {""};
        cevns_status ps = cevns_figures_write(out->work_dir, &m, &a, &perr);
        if (ps == CEVNS_OK) ps = cevns_figures_spectra(out->work_dir, spectra.spectra, spectra.n, &perr);
        if (ps == CEVNS_OK && info.fc) ps = cevns_figures_fc(out->work_dir, &m, &a, info.fc, &perr);
        sum->figures_written = ps == CEVNS_OK;
        snprintf(sum->figures_note, sizeof sum->figures_note, "%.200s", ps == CEVNS_OK ? "" : perr.msg);
    } else if (st == CEVNS_OK) {
        snprintf(sum->figures_note, sizeof sum->figures_note, "figures switched off");
    }
    sum->seconds_total = cevns_now_seconds() - t_start;
    info.seconds_points = sum->seconds_points;
    info.seconds_total = sum->seconds_total;
    info.figures_written = sum->figures_written;
    info.figures_note = sum->figures_note;
    if (st == CEVNS_OK) st = cevns_write_summary_json(out->work_dir, &m, &a, &info, err);
    cevns_joint_spectra_free(&spectra);
    cevns_fc_analysis_free(&fa);
    cevns_analysis_free(&a);
    if (st == CEVNS_OK) {
        cevns_checkpoint_remove_all(out->work_dir);
        cevns_fc_run_remove_checkpoints(out->work_dir);
        st = cevns_run_dir_commit(out->work_dir, out->final_dir, err);
    }
    if (st == CEVNS_OK) {
        out->open = 0;
        snprintf(sum->run_dir, sizeof sum->run_dir, "%s", out->final_dir);
    }
    return st;
}

/* ---------------------------------------------------------------- the job */
static char *config_text_of(const cevns_config *cfg, cevns_error *err) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cevns_status st;
    if (!f) {
        cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the resolved config");
        return NULL;
    }
    st = cevns_config_write_json(cfg, f, err);
    fclose(f);
    if (st != CEVNS_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Map points per chunk: the grid points per chunk asked (0: the path's default), fewer
 * when a record would exceed CEVNS_CHUNK_MAX_VALUES, never more than the map; a resumed run takes
 * its own (started). */
static void chunking_init(const cevns_scan *s, size_t asked, const run_method *started, chunking *k) {
    size_t target = asked ? asked : strcmp(cevns_scan_path_name(s), "separable") ? CHUNK_DIRECT : CHUNK_SEPARABLE;
    size_t per_map = cevns_scan_grid_points(s) / cevns_scan_map_points(s), per_record;
    k->n_map = cevns_scan_map_points(s);
    k->n_bins = cevns_scan_n_bins(s);
    k->with_counts = cevns_scan_has_counts(s) && k->n_map * k->n_bins <= MAX_STORED_COUNTS;
    per_record = CEVNS_CHUNK_MAX_VALUES / (1 + (k->with_counts ? k->n_bins : 0));
    k->chunk = target / per_map > 0 ? target / per_map : 1;
    if (k->chunk > per_record) k->chunk = per_record > 0 ? per_record : 1;
    if (k->chunk > k->n_map) k->chunk = k->n_map;
    if (started) k->chunk = started->chunk;
    k->n_chunks = (k->n_map + k->chunk - 1) / k->chunk;
}

cevns_status cevns_scan_run(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_summary *summary,
                            cevns_error *err) {
    const cevns_dist *dist = cevns_dist_get();
    cevns_scan *s = NULL;
    cevns_scan_settings set;
    run_folder out;
    run_method started;
    chunking k;
    char *config_text = NULL, *identity = NULL;
    double t0 = cevns_now_seconds(), t1, *chi2 = NULL, *counts = NULL, *fc_toys = NULL;
    fc_result fc = {NULL, 0.0};
    size_t recorded = 0, chunk = 0;
    cevns_status st;
    int saved, figures = opt->figures >= 0 ? opt->figures : cfg->output.figures;

    memset(&out, 0, sizeof out);
    memset(&k, 0, sizeof k);
    memset(summary, 0, sizeof *summary);
    /* everything that can be checked is checked before the disk is touched: the options
     * against a resumed run, the config, the data, the engine, the memory */
    if ((st = cevns_scan_check_config(cfg, err)) != CEVNS_OK) return st;
    if (opt->resume && (st = read_run_method(opt->resume, &started, err)) != CEVNS_OK) return st;
    if ((st = resolve_settings(opt, opt->resume ? &started : NULL, &set, &chunk, err)) != CEVNS_OK) return st;
    if (!(config_text = config_text_of(cfg, err))) return CEVNS_ENOMEM;
    t1 = cevns_now_seconds(); /* the points' time includes the separable basis integrals */
    set.counts = 1;
    st = cevns_scan_create(cfg, &set, &s, err);
    if (st == CEVNS_OK) {
        chunking_init(s, chunk, opt->resume ? &started : NULL, &k);
        st = check_memory(cfg, s, &k, figures, err);
    }
    if (cevns_dist_any(dist, st != CEVNS_OK)) {
        cevns_scan_free(s);
        free(config_text);
        return st != CEVNS_OK ? st : cevns_error_set(err, CEVNS_EIO, "another MPI rank could not start the run");
    }
    st = folder_begin(cfg, opt, config_text, &out, err);
    if (st == CEVNS_OK && out.open) {
        char method[160];
        snprintf(method, sizeof method, "{\"engine\": \"%s\", \"path\": \"%s\", \"chunk\": %zu}\n",
                 cevns_scan_engine_name(s), cevns_scan_path_name(s), k.chunk);
        st = cevns_write_text_file(out.work_dir, "run.json", method, err);
    }
    if (cevns_dist_any(dist, st != CEVNS_OK)) {
        folder_abort(&out);
        cevns_scan_free(s);
        free(config_text);
        return st != CEVNS_OK ? st : cevns_error_set(err, CEVNS_EIO, "another MPI rank could not start the run");
    }
    chi2 = malloc(k.n_map * sizeof *chi2);
    if (k.with_counts) counts = malloc(k.n_map * k.n_bins * sizeof *counts);
    identity = run_identity(config_text, s, &k);
    if (!chi2 || (k.with_counts && !counts) || !identity)
        st = cevns_error_set(err, CEVNS_ENOMEM, "%s: scan.axes: out of memory for %zu map points", cfg->path, k.n_map);
    if (st == CEVNS_OK) {
        map_chunks ctx = {s, &k, chi2, counts};
        cevns_chunk_job job;
        map_job(&ctx, identity, &job);
        clear_foreign_chunks(&k, chi2, counts);
        st = cevns_chunks_run(&job, out.work_dir, opt->progress, &summary->resumed_chunks, &recorded, err);
    }
    if (cevns_dist_any(dist, st != CEVNS_OK) && st == CEVNS_OK)
        st = cevns_error_set(err, CEVNS_EIO, "another MPI rank failed; its message is on its standard error");
    /* chunks on disk (on any rank): a failure from here on keeps them for --resume */
    saved = cevns_dist_any(dist, recorded > 0 || summary->resumed_chunks > 0);
    if (st == CEVNS_OK) st = cevns_dist_combine(dist, chi2, k.n_map, counts, counts ? k.n_map * k.n_bins : 0, err);
    summary->seconds_points = cevns_now_seconds() - t1;
    if (st == CEVNS_OK && cfg->scan.fc.enabled) {
        size_t fc_recorded = 0;
        st = cevns_fc_run_toys(s, cfg, config_text, out.work_dir, k.chunk, opt->progress, &fc_toys, &fc.seconds,
                               &summary->fc_resumed_chunks, &fc_recorded, err);
        fc.toys = fc_toys;
    }
    snprintf(summary->engine, sizeof summary->engine, "%s", cevns_scan_engine_name(s));
    snprintf(summary->path, sizeof summary->path, "%s", cevns_scan_path_name(s));
    summary->n_points = cevns_scan_grid_points(s);
    summary->n_map = cevns_scan_map_points(s);
    summary->ranks = dist->size;
    if (st == CEVNS_OK && dist->rank == 0)
        st = write_results(cfg, s, config_text, chi2, counts, &fc, &out, summary, t0, err);
    if (st != CEVNS_OK && saved && dist->rank == 0) folder_keep(&out, err);
    else if (st != CEVNS_OK) folder_abort(&out);
    cevns_dist_barrier(dist);
    cevns_scan_free(s);
    free(chi2);
    free(counts);
    free(fc_toys);
    free(identity);
    free(config_text);
    return st;
}
