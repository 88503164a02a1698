/* bin_layout.c - bins beyond energy (experiment.detector.time, experiment.detector.psd) as the
 * plan's bin factors (src/plan/bin_map.c).  Bin b = (energy e, psd p, time t), numbered
 * b = (e n_psd + p) n_time + t (energy outermost, time innermost; an absent axis has one bin):
 *
 *   factor(b, f) = P_f(t) x P(p | e)
 *
 * P_f(t): the arrival-time fraction of flux component f in time bin t with the time efficiency
 * (cevns_sns_time_fractions: the source's proton pulse and decay chain);
 * P(p | e): the share of the signal template's counts of energy bin e in psd bin p (summed over
 * time), an energy bin without template counts taking the nearest one below that has them (the
 * pulse-shape distribution of nuclear recoils changes slowly with energy), or above. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/table.h"
#include "experiment/experiment_internal.h"

/* The timing of cfg's source as the model's; a table pulse is read into *pulse. */
static cevns_status source_timing(const cevns_config *cfg, cevns_sns_timing *t, cevns_table *pulse, cevns_error *err) {
    const cevns_source_config *src = &cfg->source;
    const cevns_detector_config *det = &cfg->detector;
    memset(t, 0, sizeof *t);
    t->pulse = src->timing.pulse;
    t->mean_us = src->timing.mean_us;
    t->sigma_us = src->timing.sigma_us;
    t->offset_us = src->timing.offset_us;
    t->eff = det->time.eff;
    t->eff_onset_us = det->time.eff_onset_us;
    t->eff_rate_per_us = det->time.eff_rate_per_us;
    if (t->pulse == CEVNS_PULSE_TABLE) {
        char path[CEVNS_PATH_MAX];
        cevns_status st;
        cevns_config_resolve_path(cfg, src->timing.file, path, sizeof path);
        if ((st = cevns_table_create(path, 2, pulse, err)) != CEVNS_OK)
            return cevns_error_prefix(err, st, "experiment.source.timing.file");
        if ((st = cevns_table_check_increasing(pulse, 0, path, err)) != CEVNS_OK) return st;
        t->n_table = pulse->rows; /* its columns t and weight are set by the caller */
    }
    return CEVNS_OK;
}

/* time[f * n_t + t]: the arrival-time fractions of every flux component. */
static cevns_status time_fractions(const cevns_experiment *e, double *time, cevns_error *err) {
    const cevns_config *cfg = &e->cfg;
    const cevns_detector_config *det = &cfg->detector;
    size_t n_t = (size_t)det->time.n_bins, f, r;
    cevns_table pulse = {0};
    cevns_sns_timing t;
    double *tcol = NULL, *wcol = NULL;
    cevns_status st = source_timing(cfg, &t, &pulse, err);
    if (st == CEVNS_OK && t.pulse == CEVNS_PULSE_TABLE) {
        tcol = malloc(pulse.rows * sizeof *tcol);
        wcol = malloc(pulse.rows * sizeof *wcol);
        if (!tcol || !wcol) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        for (r = 0; st == CEVNS_OK && r < pulse.rows; r++) {
            tcol[r] = pulse.v[r * pulse.cols];
            wcol[r] = pulse.v[r * pulse.cols + 1];
        }
        t.table_t_us = tcol;
        t.table_w = wcol;
    }
    for (f = 0; st == CEVNS_OK && f < e->flux.n; f++) {
        const cevns_flux_component *c = &e->flux.comp[f];
        if (c->timing == CEVNS_TIMING_NONE)
            st = cevns_error_set(err, CEVNS_ECONFIG, "experiment.detector.time: flux component %s has no arrival-time "
                                                     "structure", c->name);
        else if ((st = cevns_sns_time_fractions(&t, (cevns_timing_kind)c->timing, det->time.edges_us, n_t,
                                                time + f * n_t, err)) != CEVNS_OK)
            cevns_error_prefix(err, st, "experiment.source.timing, experiment.detector.time (component %s)", c->name);
    }
    free(tcol);
    free(wcol);
    cevns_table_free(&pulse);
    return st;
}

/* psd[e * n_p + p] = P(p | e) from the signal template (summed over time). */
static cevns_status psd_fractions(const cevns_experiment *e, double *psd, cevns_error *err) {
    const cevns_config *cfg = &e->cfg;
    const cevns_detector_config *det = &cfg->detector;
    cevns_bin_axes_n axes = cevns_detector_bin_axes(det);
    size_t n_e = axes.n_e, n_p = axes.n_p, n_t = axes.n_t, k, p, t;
    double *v = malloc(n_e * n_p * n_t * sizeof *v), *total = calloc(n_e, sizeof *total);
    cevns_status st = CEVNS_OK;
    if (!v || !total) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (st == CEVNS_OK) st = cevns_binned_template(cfg, det->psd.template_file, "experiment.detector.psd.template", v, err);
    for (k = 0; st == CEVNS_OK && k < n_e; k++)
        for (p = 0; p < n_p; p++) {
            psd[k * n_p + p] = 0.0;
            for (t = 0; t < n_t; t++) psd[k * n_p + p] += v[(k * n_p + p) * n_t + t];
            total[k] += psd[k * n_p + p];
        }
    for (k = 0; st == CEVNS_OK && k < n_e; k++)
        if (total[k] > 0.0)
            for (p = 0; p < n_p; p++) psd[k * n_p + p] /= total[k];
    for (k = 0; st == CEVNS_OK && k < n_e; k++) { /* energy bins the template leaves empty: the nearest filled one */
        size_t src = n_e, d;
        if (total[k] > 0.0) continue;
        for (d = 1; d < n_e && src == n_e; d++) {
            if (k >= d && total[k - d] > 0.0) src = k - d;
            else if (k + d < n_e && total[k + d] > 0.0) src = k + d;
        }
        if (src == n_e) {
            st = cevns_error_set(err, CEVNS_EDATA, "experiment.detector.psd.template: the template has no counts at all");
            break;
        }
        memcpy(psd + k * n_p, psd + src * n_p, n_p * sizeof *psd);
    }
    free(v);
    free(total);
    return st;
}

cevns_status cevns_experiment_map_bins(cevns_experiment *e, cevns_error *err) {
    const cevns_detector_config *det = &e->cfg.detector;
    cevns_bin_axes_n axes = cevns_detector_bin_axes(det);
    size_t n_t = axes.n_t, n_p = axes.n_p, n_e = axes.n_e;
    size_t n_flux = e->flux.n, n_sub = n_t * n_p, ie, ip, it, f;
    double *time, *psd, *factor;
    cevns_status st = CEVNS_OK;
    if (det->time.n_bins == 0 && det->psd.n_bins == 0) return CEVNS_OK;
    time = malloc(n_flux * n_t * sizeof *time);
    psd = malloc(n_e * n_p * sizeof *psd);
    factor = malloc(n_e * n_sub * n_flux * sizeof *factor);
    if (!time || !psd || !factor) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the bin map");
    for (f = 0; st == CEVNS_OK && f < n_flux * n_t; f++) time[f] = 1.0;
    for (f = 0; st == CEVNS_OK && f < n_e * n_p; f++) psd[f] = 1.0;
    if (st == CEVNS_OK && det->time.n_bins > 0) st = time_fractions(e, time, err);
    if (st == CEVNS_OK && det->psd.n_bins > 0) st = psd_fractions(e, psd, err);
    for (ie = 0; st == CEVNS_OK && ie < n_e; ie++)
        for (ip = 0; ip < n_p; ip++)
            for (it = 0; it < n_t; it++)
                for (f = 0; f < n_flux; f++)
                    factor[((ie * n_p + ip) * n_t + it) * n_flux + f] = psd[ie * n_p + ip] * time[f * n_t + it];
    if (st == CEVNS_OK) st = cevns_plan_map_bins(&e->plan, (int)n_sub, factor, err);
    if (st == CEVNS_OK && !(e->joint_edges = malloc(((size_t)e->plan.hdr.n_bins + 1) * sizeof *e->joint_edges)))
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (f = 0; st == CEVNS_OK && f <= (size_t)e->plan.hdr.n_bins; f++) e->joint_edges[f] = (double)f;
    free(time);
    free(psd);
    free(factor);
    return st;
}
