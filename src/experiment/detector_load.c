/* detector_load.c - experiment.detector -> the model's detector response
 * (include/cevns/model.h), with the quenching and efficiency tables read from the files
 * the config names. */
#include <stdlib.h>
#include <string.h>

#include "cevns/table.h"
#include "experiment/experiment_internal.h"

/* Copy of n doubles (NULL with n = 0 is fine). */
static double *copy_doubles(const double *v, size_t n) {
    double *out = malloc((n ? n : 1) * sizeof *out);
    if (out && n) memcpy(out, v, n * sizeof *out);
    return out;
}

/* Columns xc, yc (1-based) of a table file into *x, *y (n rows, x increasing). */
static cevns_status load_xy_table(const cevns_config *cfg, const char *file, int xc, int yc, const char *key,
                                  double **x, double **y, size_t *n, cevns_error *err) {
    char path[CEVNS_PATH_MAX];
    cevns_table t;
    cevns_status st;
    size_t r;
    int need = xc > yc ? xc : yc;
    cevns_config_resolve_path(cfg, file, path, sizeof path);
    st = cevns_table_create(path, (size_t)need, &t, err);
    if (st != CEVNS_OK) return cevns_error_prefix(err, st, "%s: %s", cfg->path, key);
    if (t.rows < 2) {
        cevns_table_free(&t);
        return cevns_error_set(err, CEVNS_EDATA, "%s: %s: %s has %zu row(s), need at least 2", cfg->path, key, path,
                               t.rows);
    }
    st = cevns_table_check_increasing(&t, (size_t)(xc - 1), path, err);
    if (st != CEVNS_OK) {
        cevns_table_free(&t);
        return cevns_error_prefix(err, st, "%s: %s", cfg->path, key);
    }
    *x = malloc(t.rows * sizeof **x);
    *y = malloc(t.rows * sizeof **y);
    if (!*x || !*y) {
        cevns_table_free(&t);
        return cevns_error_set(err, CEVNS_ENOMEM, "%s: %s: out of memory", cfg->path, key);
    }
    for (r = 0; r < t.rows; r++) {
        (*x)[r] = t.v[r * t.cols + (size_t)(xc - 1)];
        (*y)[r] = t.v[r * t.cols + (size_t)(yc - 1)];
    }
    *n = t.rows;
    cevns_table_free(&t);
    return CEVNS_OK;
}

static cevns_status load_quenching(const cevns_config *cfg, cevns_detector *d, cevns_error *err) {
    const cevns_detector_config *c = &cfg->detector;
    d->quench = c->quenching.type;
    d->lindhard_k = c->quenching.k;
    d->qf_a = c->quenching.a;
    d->qf_b = c->quenching.b;
    if (c->quenching.type == CEVNS_QUENCH_POLYNOMIAL) {
        d->n_quench_coeffs = (size_t)c->quenching.n_coeffs;
        if (!(d->quench_coeffs_MeV = copy_doubles(c->quenching.coeffs_MeV, d->n_quench_coeffs)))
            return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    }
    if (c->quenching.type == CEVNS_QUENCH_TABLE)
        return load_xy_table(cfg, c->quenching.file, 1, 2, "experiment.detector.quenching.file", &d->quench_t_keVnr,
                             &d->quench_qf, &d->n_quench_table, err);
    return CEVNS_OK;
}

static cevns_status load_efficiency(const cevns_config *cfg, cevns_detector *d, cevns_error *err) {
    const cevns_detector_config *c = &cfg->detector;
    d->eff = c->efficiency.type;
    d->eff_a = c->efficiency.a;
    d->eff_b = c->efficiency.b;
    d->eff_c = c->efficiency.c;
    d->eff_d = c->efficiency.d;
    if (c->efficiency.type == CEVNS_EFF_TABLE)
        return load_xy_table(cfg, c->efficiency.file, c->efficiency.x_column, c->efficiency.eff_column,
                             "experiment.detector.efficiency.file", &d->eff_x, &d->eff_y, &d->n_eff_table, err);
    return CEVNS_OK;
}

cevns_status cevns_detector_create(const cevns_config *cfg, cevns_detector *d, cevns_error *err) {
    const cevns_detector_config *c = &cfg->detector;
    cevns_status st;
    memset(d, 0, sizeof *d);
    d->observable = c->observable;
    d->light_yield_pe_per_keVee = c->light_yield_pe_per_keVee;
    d->res = c->resolution.type;
    d->sigma0 = c->resolution.sigma0;
    d->sqrt_coeff = c->resolution.sqrt_coeff;
    d->frac = c->resolution.frac;
    d->n_sigma = c->resolution.n_sigma;
    d->recoil_min_keVnr = c->recoil_min_keVnr;
    d->n_bins = (size_t)c->n_bins;
    if (!(d->edges = copy_doubles(c->edges, d->n_bins + 1))) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    else if ((st = load_quenching(cfg, d, err)) == CEVNS_OK) st = load_efficiency(cfg, d, err);
    if (st != CEVNS_OK) cevns_detector_free(d);
    return st;
}
