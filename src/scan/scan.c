/* scan.c - cevns_scan_run: experiment -> data -> points through the engine in
 * chunks -> statistic per point -> projection -> run folder. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/stats.h"
#include "engine/engine.h"
#include "model/experiment_internal.h"
#include "scan/scan_internal.h"
#include "scan/scan_outputs.h"

#define SCAN_CHUNK 2048
/* Expected counts are stored in map.h5 only for maps up to this many values. */
#define MAX_STORED_COUNTS 20000000u

void cevns_scan_options_default(cevns_scan_options *o) {
    o->engine = NULL;
    o->threads = -1;
    o->out_dir = NULL;
    o->overwrite = -1;
    o->figures = -1;
    o->progress = 1;
}

/* Data, backgrounds (total, the main one and the components) and (for Asimov) the
 * observed counts at the config's point: prediction + total background. */
static cevns_status load_scan_data(const cevns_config *cfg, const cevns_experiment *e, cevns_scan_data *d,
                                   cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(e), nf = cevns_experiment_n_flux(e), b, k;
    double exposure_kg_day = e->mass_kg * (e->live_seconds > 0.0 ? e->live_seconds / 86400.0 : 1.0);
    cevns_status st;
    d->n_bins = nb;
    d->data = &cfg->data;
    d->statistic = cfg->scan.statistic;
    d->asimov = cfg->data.kind == CEVNS_DATA_ASIMOV;
    d->n_components = cfg->data.n_backgrounds;
    d->observed = calloc(nb, sizeof *d->observed);
    d->error = calloc(nb, sizeof *d->error);
    d->background = calloc(nb, sizeof *d->background);
    d->background_main = calloc(nb, sizeof *d->background_main);
    if (d->n_components > 0) d->components = calloc((size_t)d->n_components * nb, sizeof *d->components);
    if (!d->observed || !d->error || !d->background || !d->background_main || (d->n_components > 0 && !d->components))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    st = cevns_data_load_components(cfg, nb, cevns_experiment_bin_edges(e), exposure_kg_day, d->observed, d->error,
                                    d->background_main, d->components, err);
    if (st != CEVNS_OK) return st;
    for (b = 0; b < nb; b++) {
        d->background[b] = d->background_main[b];
        for (k = 0; k < (size_t)d->n_components; k++) d->background[b] += d->components[k * nb + b];
    }
    if (!d->asimov) return CEVNS_OK;
    {
        double *cells = calloc(nb * nf * CEVNS_N_INTERACTION, sizeof *cells);
        cevns_params base;
        if (!cells) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        cevns_experiment_default_params(e, &base);
        st = cevns_experiment_rate(e, &base, CEVNS_INTEGRATOR_FIXED, 0.0, cells, err);
        for (b = 0; b < nb && st == CEVNS_OK; b++) {
            double s = 0.0;
            for (k = 0; k < nf * CEVNS_N_INTERACTION; k++) s += cells[b * nf * CEVNS_N_INTERACTION + k];
            d->observed[b] = s + d->background[b];
        }
        free(cells);
    }
    return st;
}

static void free_scan_data(cevns_scan_data *d) {
    free(d->observed);
    free(d->error);
    free(d->background);
    free(d->background_main);
    free(d->components);
}

/* Statistic of every point; counts (signal + background per bin) kept when asked. */
static cevns_status evaluate_points(const cevns_grid *g, const cevns_engine *eng, void *state, const cevns_params *base,
                                    const cevns_scan_data *d, int progress, double *chi2, double *counts,
                                    cevns_error *err) {
    size_t nb = d->n_bins, start;
    cevns_pod_point *pts = malloc(SCAN_CHUNK * sizeof *pts);
    double *expo = malloc(SCAN_CHUNK * sizeof *expo), *sig = malloc(SCAN_CHUNK * nb * sizeof *sig);
    cevns_status st = CEVNS_OK;
    cevns_progress bar;
    if (!pts || !expo || !sig) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for a chunk of points");
    cevns_progress_start(&bar, g->n_points, progress);
    for (start = 0; start < g->n_points && st == CEVNS_OK; start += SCAN_CHUNK) {
        size_t n = g->n_points - start < SCAN_CHUNK ? g->n_points - start : SCAN_CHUNK, k;
        long long kk;
        int failed = 0;
        cevns_error first = {""};
        for (k = 0; k < n; k++) {
            cevns_params p;
            cevns_grid_point(g, base, start + k, &p, &expo[k]);
            cevns_params_to_point(&p, &pts[k]);
        }
        st = eng->run(state, pts, n, sig, err);
        if (st != CEVNS_OK) break;
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for schedule(static)
#endif
        for (kk = 0; kk < (long long)n; kk++) {
            cevns_error e1;
            size_t i = (size_t)kk, b;
            if (cevns_scan_point_statistic(d, sig + i * nb, expo[i], &chi2[start + i], &e1) != CEVNS_OK) {
#if CEVNS_HAVE_OPENMP
#pragma omp critical
#endif
                if (!failed) {
                    failed = 1;
                    first = e1;
                }
            }
            if (counts)
                for (b = 0; b < nb; b++)
                    counts[(start + i) * nb + b] = expo[i] * (sig[i * nb + b] + d->background[b]);
        }
        if (failed) st = cevns_error_set(err, CEVNS_ENUMERIC, "statistic failed: %s", first.msg);
        cevns_progress_update(&bar, start + n);
    }
    if (st == CEVNS_OK) cevns_progress_finish(&bar);
    free(pts);
    free(expo);
    free(sig);
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
        if (k == CEVNS_AXIS_RN && cfg->model.form_factor.type == CEVNS_FFC_NONE)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: rn_fm needs a form factor with a radius (not none)", cfg->path, a);
    }
    return CEVNS_OK;
}

cevns_status cevns_scan_run(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_summary *summary,
                            cevns_error *err) {
    cevns_experiment *e = NULL;
    const cevns_engine *eng = NULL;
    void *state = NULL;
    cevns_scan_data d;
    cevns_grid g;
    cevns_params base;
    cevns_scan_outputs out;
    double t0 = cevns_now_seconds(), t1, *full = NULL, *counts = NULL;
    int threads = opt->threads >= 0 ? opt->threads : cfg->scan.threads;
    cevns_status st;

    memset(&d, 0, sizeof d);
    memset(&out, 0, sizeof out);
    memset(summary, 0, sizeof *summary);
    if ((st = check_scan_config(cfg, err)) != CEVNS_OK) return st;
    if ((st = cevns_engine_select(opt->engine ? opt->engine : cfg->scan.engine, &eng, err)) != CEVNS_OK) return st;
    if ((st = cevns_scan_outputs_begin(cfg, opt, &out, err)) != CEVNS_OK) return st;
    cevns_grid_init(&cfg->scan, &g);
    st = cevns_experiment_create(cfg, &e, err);
    if (st == CEVNS_OK) st = load_scan_data(cfg, e, &d, err);
    if (st == CEVNS_OK) st = eng->prepare(e, threads, &state, err);
    if (st == CEVNS_OK) {
        full = malloc(g.n_points * sizeof *full);
        if (g.n_shown_points == g.n_points && g.n_points * d.n_bins <= MAX_STORED_COUNTS)
            counts = malloc(g.n_points * d.n_bins * sizeof *counts);
        if (!full) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for %zu points", g.n_points);
    }
    t1 = cevns_now_seconds();
    if (st == CEVNS_OK) {
        cevns_experiment_default_params(e, &base);
        st = evaluate_points(&g, eng, state, &base, &d, opt->progress, full, counts, err);
    }
    summary->seconds_points = cevns_now_seconds() - t1;
    snprintf(summary->engine, sizeof summary->engine, "%s", eng->name);
    summary->n_points = g.n_points;
    if (st == CEVNS_OK)
        st = cevns_scan_outputs_write(cfg, e, &g, full, counts, d.n_bins, &out, summary, t0, err);
    if (st != CEVNS_OK) cevns_scan_outputs_abort(&out);
    if (state) eng->release(state);
    free(full);
    free(counts);
    free_scan_data(&d);
    cevns_experiment_free(e);
    return st;
}
