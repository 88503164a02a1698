/* detector_plan.c - detector POD and its tables (quenching, efficiency). */
#include <math.h>
#include <string.h>

#include "cevns/table.h"
#include "common/detector.h"
#include "plan/plan.h"

/* Append columns xc, yc (1-based) of a table file as x[0..n), y[0..n). */
static cevns_status load_xy_table(const cevns_config *cfg, const char *file, int xc, int yc, const char *key,
                                  cevns_dvec *data, int32_t *offset, int32_t *n, cevns_error *err) {
    char path[CEVNS_PATH_MAX];
    cevns_table t;
    cevns_status st;
    size_t r;
    int need = xc > yc ? xc : yc;
    cevns_config_resolve_path(cfg, file, path, sizeof path);
    st = cevns_table_read(path, (size_t)need, &t, err);
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
    *offset = (int32_t)data->n;
    *n = (int32_t)t.rows;
    for (r = 0; r < t.rows && st == CEVNS_OK; r++) st = cevns_dvec_push(data, t.v[r * t.cols + (size_t)(xc - 1)], err);
    for (r = 0; r < t.rows && st == CEVNS_OK; r++) st = cevns_dvec_push(data, t.v[r * t.cols + (size_t)(yc - 1)], err);
    cevns_table_free(&t);
    return st;
}

static cevns_status plan_quenching(const cevns_config *cfg, cevns_pod_detector *det, cevns_dvec *data,
                                   cevns_error *err) {
    const cevns_detector_config *d = &cfg->detector;
    int i;
    switch (d->quenching.type) {
    case CEVNS_QUENCH_LINDHARD: det->quench_type = CEVNS_QUENCH_LINDHARD; break;
    case CEVNS_QUENCH_LINEAR:
        det->quench_type = CEVNS_QUENCH_LINEAR;
        det->qf_a = d->quenching.a;
        det->qf_b = d->quenching.b;
        break;
    case CEVNS_QUENCH_POLYNOMIAL:
        det->quench_type = CEVNS_QUENCH_POLYNOMIAL;
        det->quench_offset = (int32_t)data->n;
        det->quench_n = d->quenching.n_coeffs;
        for (i = 0; i < d->quenching.n_coeffs; i++) {
            cevns_status st = cevns_dvec_push(data, d->quenching.coeffs_MeV[i], err);
            if (st != CEVNS_OK) return st;
        }
        break;
    case CEVNS_QUENCH_TABLE:
        det->quench_type = CEVNS_QUENCH_TABLE;
        return load_xy_table(cfg, d->quenching.file, 1, 2, "experiment.detector.quenching.file", data,
                             &det->quench_offset, &det->quench_n, err);
    default: det->quench_type = CEVNS_QUENCH_NONE;
    }
    return CEVNS_OK;
}

static cevns_status plan_efficiency(const cevns_config *cfg, cevns_pod_detector *det, cevns_dvec *data,
                                    cevns_error *err) {
    const cevns_detector_config *d = &cfg->detector;
    if (d->efficiency.type == CEVNS_EFF_SIGMOID) {
        det->eff_type = CEVNS_EFF_SIGMOID;
        det->eff_a = d->efficiency.a;
        det->eff_b = d->efficiency.b;
        det->eff_c = d->efficiency.c;
        det->eff_d = d->efficiency.d;
    } else if (d->efficiency.type == CEVNS_EFF_TABLE) {
        det->eff_type = CEVNS_EFF_TABLE;
        return load_xy_table(cfg, d->efficiency.file, d->efficiency.x_column, d->efficiency.eff_column,
                             "experiment.detector.efficiency.file", data, &det->eff_offset, &det->eff_n, err);
    }
    return CEVNS_OK;
}

cevns_status cevns_plan_detector(const cevns_config *cfg, cevns_pod_detector *det, cevns_dvec *data,
                                 cevns_error *err) {
    const cevns_detector_config *d = &cfg->detector;
    cevns_status st;
    memset(det, 0, sizeof *det);
    det->observable = d->observable;
    det->light_yield = d->light_yield_pe_per_keVee;
    if (det->observable != CEVNS_OBS_KEVNR && d->quenching.type == CEVNS_QUENCH_NONE)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: experiment.detector.quenching: required when the observable is keVee or PE",
                               cfg->path);
    if ((st = plan_quenching(cfg, det, data, err)) != CEVNS_OK) return st;
    if ((st = plan_efficiency(cfg, det, data, err)) != CEVNS_OK) return st;
    if (d->resolution.type == CEVNS_RES_GAUSSIAN) {
        det->res_type = CEVNS_RES_GAUSSIAN;
        det->res_s0 = d->resolution.sigma0;
        det->res_s1 = d->resolution.sqrt_coeff;
        det->res_s2 = d->resolution.frac;
    }
    return CEVNS_OK;
}
