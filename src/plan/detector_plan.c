/* detector_plan.c - the detector POD and its tables (quenching, efficiency) from the
 * model's detector response (the tables were read by src/experiment). */
#include <string.h>

#include "common/detector.h"
#include "plan/plan.h"

/* Append x[0..n) then y[0..n) to data; *offset where they start. */
static cevns_status push_xy(const double *x, const double *y, size_t n, cevns_dvec *data, int32_t *offset,
                            int32_t *count, cevns_error *err) {
    cevns_status st = CEVNS_OK;
    size_t i;
    *offset = (int32_t)data->n;
    *count = (int32_t)n;
    for (i = 0; i < n && st == CEVNS_OK; i++) st = cevns_dvec_push(data, x[i], err);
    for (i = 0; i < n && st == CEVNS_OK; i++) st = cevns_dvec_push(data, y[i], err);
    return st;
}

static cevns_status plan_quenching(const cevns_detector *d, cevns_pod_detector *pod, cevns_dvec *data,
                                   cevns_error *err) {
    size_t i;
    pod->quench_type = d->quench;
    switch (d->quench) {
    case CEVNS_QUENCH_LINEAR:
        pod->qf_a = d->qf_a;
        pod->qf_b = d->qf_b;
        return CEVNS_OK;
    case CEVNS_QUENCH_POLYNOMIAL:
        pod->quench_offset = (int32_t)data->n;
        pod->quench_n = (int32_t)d->n_quench_coeffs;
        for (i = 0; i < d->n_quench_coeffs; i++) {
            cevns_status st = cevns_dvec_push(data, d->quench_coeffs_MeV[i], err);
            if (st != CEVNS_OK) return st;
        }
        return CEVNS_OK;
    case CEVNS_QUENCH_TABLE:
        return push_xy(d->quench_t_keVnr, d->quench_qf, d->n_quench_table, data, &pod->quench_offset, &pod->quench_n,
                       err);
    default: return CEVNS_OK; /* none, lindhard (k per isotope: isotope_plan.c) */
    }
}

static cevns_status plan_efficiency(const cevns_detector *d, cevns_pod_detector *pod, cevns_dvec *data,
                                    cevns_error *err) {
    pod->eff_type = d->eff;
    if (d->eff == CEVNS_EFF_SIGMOID) {
        pod->eff_a = d->eff_a;
        pod->eff_b = d->eff_b;
        pod->eff_c = d->eff_c;
        pod->eff_d = d->eff_d;
    } else if (d->eff == CEVNS_EFF_TABLE) {
        return push_xy(d->eff_x, d->eff_y, d->n_eff_table, data, &pod->eff_offset, &pod->eff_n, err);
    }
    return CEVNS_OK;
}

cevns_status cevns_plan_detector(const cevns_detector *d, cevns_pod_detector *pod, cevns_dvec *data,
                                 cevns_error *err) {
    cevns_status st;
    memset(pod, 0, sizeof *pod);
    pod->observable = d->observable;
    pod->light_yield = d->light_yield_pe_per_keVee;
    if (d->observable != CEVNS_OBS_KEVNR && d->quench == CEVNS_QUENCH_NONE)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "experiment.detector.quenching: required when the observable is keVee or PE");
    if ((st = plan_quenching(d, pod, data, err)) != CEVNS_OK) return st;
    if ((st = plan_efficiency(d, pod, data, err)) != CEVNS_OK) return st;
    if (d->res == CEVNS_RES_GAUSSIAN) {
        pod->res_type = CEVNS_RES_GAUSSIAN;
        pod->res_s0 = d->sigma0;
        pod->res_s1 = d->sqrt_coeff;
        pod->res_s2 = d->frac;
    }
    return CEVNS_OK;
}
