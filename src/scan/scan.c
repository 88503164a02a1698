/* scan.c - a scan as a value (cevns/scan.h): config -> experiment (model, plan, data
 * set) -> scan plan -> engine; cevns_scan_evaluate fills the caller's memory with the
 * chi2 (and counts) of any range of map points.  Nothing here writes a file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/scan.h"
#include "experiment/experiment_internal.h"
#include "scan/scan_internal.h"

void cevns_scan_settings_default(cevns_scan_settings *s) {
    memset(s, 0, sizeof *s);
    s->threads = -1;
    s->device = -1;
}

cevns_status cevns_scan_check_config(const cevns_config *cfg, cevns_error *err) {
    int a, shown = 0;
    if (cfg->scan.n_axes < 1)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: scan: missing (a scan needs at least one axis)", cfg->path);
    for (a = 0; a < cfg->scan.n_axes && cfg->scan.fc.enabled; a++) {
        shown += !cfg->scan.axes[a].profile && cfg->scan.axes[a].n > 1;
        if (cfg->scan.axes[a].kind == CEVNS_AXIS_EXPOSURE)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.feldman_cousins: not with the axis \"exposure_scale\" (scan.axes[%d]): the "
                                   "toys are experiments at the data's exposure",
                                   cfg->path, a);
    }
    if (shown > 2)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: scan.feldman_cousins: needs 1 or 2 shown axes with several values (profile the "
                               "others), got %d",
                               cfg->path, shown);
    for (a = 0; a < cfg->scan.n_axes; a++) {
        cevns_axis_kind k = cfg->scan.axes[a].kind;
        if (k == CEVNS_AXIS_M4 && !cfg->model.use_sterile)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: m4_MeV needs \"sterile\" in model.interactions", cfg->path, a);
        if (k >= CEVNS_AXIS_MU_NU && k <= CEVNS_AXIS_MU_NU_TAU && !cfg->model.use_magnetic && !cfg->model.use_sterile)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: %s needs \"magnetic\" or \"sterile\" in model.interactions",
                                   cfg->path, a, cfg->scan.axes[a].name);
        if ((k == CEVNS_AXIS_ZP_G || k == CEVNS_AXIS_ZP_MASS) && cfg->model.zprime.preset == CEVNS_MEDIATOR_NONE)
            return cevns_error_set(err, CEVNS_ECONFIG, "%s: scan.axes[%d]: %s needs model.zprime (a preset)", cfg->path,
                                   a, cfg->scan.axes[a].name);
        if ((k == CEVNS_AXIS_SC_G || k == CEVNS_AXIS_SC_MASS) && cfg->model.scalar.preset == CEVNS_MEDIATOR_NONE)
            return cevns_error_set(err, CEVNS_ECONFIG, "%s: scan.axes[%d]: %s needs model.scalar (a preset)", cfg->path,
                                   a, cfg->scan.axes[a].name);
        /* (a Z' axis needs model.zprime, which the config accepts only with "sm") */
        if ((k == CEVNS_AXIS_R2 || k == CEVNS_AXIS_QNU) && !cfg->model.use_sm)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: %s is part of the vector term: it needs \"sm\" in "
                                   "model.interactions",
                                   cfg->path, a, cfg->scan.axes[a].name);
        if (k == CEVNS_AXIS_RN && cfg->model.form_factor.type == CEVNS_FF_NONE)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: scan.axes[%d]: rn_fm needs a form factor with a radius (not none)", cfg->path,
                                   a);
    }
    return CEVNS_OK;
}

/* The plan of the scan and the engine prepared on it (with the basis integrated). */
static cevns_status prepare(cevns_scan *s, const cevns_config *cfg, const cevns_scan_settings *set,
                            cevns_error *err) {
    cevns_params base;
    cevns_pod_point pt;
    cevns_status st;
    double t0;
    cevns_experiment_default_params(s->e, &base);
    cevns_params_to_point(&base, &pt);
    s->n_axes = cfg->scan.n_axes;
    cevns_scan_axes_from_config(&cfg->scan, s->axes);
    st = cevns_scan_plan_build(&s->e->plan, s->axes, s->n_axes, &pt, &s->data, cfg->scan.statistic,
                               cfg->scan.separable && !set->direct, set->counts, &s->plan, err);
    if (st != CEVNS_OK) return cevns_error_prefix(err, st, "%s", cfg->path);
    if ((st = s->eng->prepare(&s->plan, &s->opt, &s->state, err)) != CEVNS_OK) return st;
    if (s->plan.path != CEVNS_PATH_SEPARABLE) return CEVNS_OK;
    t0 = cevns_now_seconds();
    st = s->eng->run_basis(s->state, err);
    s->seconds_basis = cevns_now_seconds() - t0;
    return st;
}

/* Every bin's range on each observable axis, which map.h5 lays out per bin (the writer computes
 * nothing); none for a joint fit, whose bins are numbered experiment after experiment. */
static cevns_status bin_boxes(cevns_scan *s, cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(s->e), n;
    double lo[3], hi[3];
    const char *names[3];
    if (cevns_experiment_n_members(s->e) > 0 || nb == 0) return CEVNS_OK;
    s->n_bin_axes = cevns_experiment_bin_box(s->e, 0, lo, hi, names);
    n = (size_t)s->n_bin_axes;
    for (size_t j = 0; j < n; j++) s->bin_axis_names[j] = names[j];
    s->bin_lo = malloc(nb * n * sizeof *s->bin_lo);
    s->bin_hi = malloc(nb * n * sizeof *s->bin_hi);
    if (!s->bin_lo || !s->bin_hi) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the bins' ranges");
    for (size_t b = 0; b < nb; b++) {
        cevns_experiment_bin_box(s->e, b, lo, hi, NULL);
        for (size_t j = 0; j < n; j++) {
            s->bin_lo[b * n + j] = lo[j];
            s->bin_hi[b * n + j] = hi[j];
        }
    }
    return CEVNS_OK;
}

cevns_status cevns_scan_create(const cevns_config *cfg, const cevns_scan_settings *set, cevns_scan **out,
                               cevns_error *err) {
    cevns_scan *s;
    cevns_status st;
    *out = NULL;
    if ((st = cevns_scan_check_config(cfg, err)) != CEVNS_OK) return st;
    if (!(s = calloc(1, sizeof *s))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the scan");
    cevns_engine_options_default(&s->opt);
    s->opt.device = set->device;
    s->opt.local_rank = set->local_rank;
    s->opt.threads = set->threads >= 0 ? set->threads : cfg->scan.threads;
    s->opt.batch = set->batch;
    st = cevns_engine_select(set->engine ? set->engine : cfg->scan.engine, &s->opt, &s->eng, err);
    if (st == CEVNS_OK) st = cevns_experiment_create(cfg, &s->e, err);
    if (st == CEVNS_OK) st = cevns_dataset_create(s->e, &s->data, err);
    if (st == CEVNS_OK) st = bin_boxes(s, err);
    /* the plan points into the experiment's copy of the config */
    if (st == CEVNS_OK) st = prepare(s, cevns_experiment_config(s->e), set, err);
    if (st != CEVNS_OK) {
        cevns_scan_free(s);
        return st;
    }
    *out = s;
    return CEVNS_OK;
}

size_t cevns_scan_map_points(const cevns_scan *s) { return s->plan.n_map; }
size_t cevns_scan_grid_points(const cevns_scan *s) { return s->plan.n_map * s->plan.n_prof; }
size_t cevns_scan_n_bins(const cevns_scan *s) { return (size_t)s->plan.stat.n_bins; }
int cevns_scan_has_counts(const cevns_scan *s) { return s->plan.want_counts; }
const char *cevns_scan_engine_name(const cevns_scan *s) { return s->eng->name; }
const char *cevns_scan_path_name(const cevns_scan *s) {
    return s->plan.path == CEVNS_PATH_SEPARABLE ? "separable" : "direct";
}
const cevns_experiment *cevns_scan_experiment(const cevns_scan *s) { return s->e; }
const cevns_scan_plan *cevns_scan_plan_of(const cevns_scan *s) { return &s->plan; }

void cevns_scan_sample_points(const cevns_scan *s, size_t n, cevns_pod_point *pts) {
    double items = (double)(s->plan.n_map * s->plan.n_prof);
    size_t i;
    for (i = 0; i < n; i++) {
        int idx[CEVNS_GRID_MAX_AXES];
        double expo;
        cevns_scan_item(&s->plan.grid, s->plan.grid_values, &s->plan.base, (cevns_i64)((double)i * items / (double)n),
                        (cevns_i64)s->plan.n_prof, idx, &pts[i], &expo);
    }
}

cevns_status cevns_scan_evaluate(cevns_scan *s, size_t start, size_t n, double *chi2, double *counts,
                                 cevns_error *err) {
    if (start > s->plan.n_map || n > s->plan.n_map - start)
        return cevns_error_set(err, CEVNS_EINTERNAL, "map points [%zu, %zu) outside the map of %zu points", start,
                               start + n, s->plan.n_map);
    if (counts && !s->plan.want_counts)
        return cevns_error_set(err, CEVNS_EINTERNAL,
                               "counts asked of a scan created without them (or with profiled axes)");
    if (n == 0) return CEVNS_OK;
    return s->eng->run_map(s->state, start, n, chi2, counts, err);
}

void cevns_scan_free(cevns_scan *s) {
    if (!s) return;
    if (s->state) s->eng->release(s->state);
    cevns_scan_plan_free(&s->plan);
    cevns_dataset_free(&s->data);
    cevns_experiment_free(s->e);
    free(s->bin_lo);
    free(s->bin_hi);
    free(s);
}

/* The bins' ranges as map.h5 names them: the observable's axis (bin_box calls it by the
 * observable: keVnr, keVee, PE) is the "energy" in that unit, "time_us" the "time" in us. */
static void map_bin_ranges(const cevns_scan *s, cevns_map *m) {
    m->n_bin_axes = s->n_bin_axes;
    m->bin_lo = s->bin_lo;
    m->bin_hi = s->bin_hi;
    for (int j = 0; j < s->n_bin_axes; j++) {
        const char *name = s->bin_axis_names[j], *unit = "";
        if (j == 0) {
            unit = name;
            name = "energy";
        } else if (!strcmp(name, "time_us")) {
            name = "time";
            unit = "us";
        }
        snprintf(m->bin_axis_name[j], sizeof m->bin_axis_name[j], "%s", name);
        snprintf(m->bin_axis_unit[j], sizeof m->bin_axis_unit[j], "%s", unit);
    }
}

void cevns_scan_result_map(const cevns_config *cfg, const cevns_scan *s, const char *config_text, double *chi2,
                           double *counts, cevns_map *m) {
    int c;
    memset(m, 0, sizeof *m);
    cevns_scan_map_axes(&cfg->scan, m);
    m->chi2 = chi2;
    if (counts) {
        m->n_bins = cevns_scan_n_bins(s);
        m->counts = counts;
        m->bin_edges = (double *)cevns_experiment_bin_edges(cevns_scan_experiment(s));
        map_bin_ranges(s, m);
    }
    snprintf(m->statistic, sizeof m->statistic, "%s", cfg->scan.statistic == CEVNS_STAT_POISSON ? "poisson" : "chi2");
    snprintf(m->engine, sizeof m->engine, "%s", cevns_scan_engine_name(s));
    snprintf(m->path, sizeof m->path, "%s", cevns_scan_path_name(s));
    snprintf(m->version, sizeof m->version, "%s", CEVNS_VERSION);
    snprintf(m->config_name, sizeof m->config_name, "%s", cfg->name);
    snprintf(m->observable, sizeof m->observable, "%s", cevns_observable_name(cevns_scan_experiment(s)));
    m->chi2_min = NAN;
    m->n_cl = cfg->scan.n_cl;
    for (c = 0; c < cfg->scan.n_cl; c++) m->cl[c] = cfg->scan.cl[c];
    /* 0 in the config: the number of shown axes */
    m->dof = cfg->scan.dof > 0 ? cfg->scan.dof : (m->n_axes > 0 ? m->n_axes : 1);
    for (c = 0; c < cfg->output.n_reference && c < CEVNS_MAP_MAX_REFERENCE; c++) {
        snprintf(m->reference_label[c], sizeof m->reference_label[c], "%s", cfg->output.reference[c].label);
        m->reference_value[c] = cfg->output.reference[c].value;
    }
    m->n_reference = c;
    for (c = 0; c < cevns_experiment_n_members(s->e) && c < CEVNS_MAP_MAX_EXPERIMENTS; c++) {
        snprintf(m->experiment_name[c], sizeof m->experiment_name[c], "%s", cfg->experiments[c].name);
        m->experiment_first_bin[c] = (int)cevns_experiment_member_first_bin(s->e, c);
    }
    m->n_experiments = c;
    m->config_json = (char *)config_text;
}
