/* dataset_build.c - experiment.data -> the model's data set (include/cevns/model.h):
 * observed counts and their variances, the backgrounds (total, main, components), the
 * pulls (the configured ones, then one per background component) and, for Asimov data,
 * the observed counts at the config's point: prediction + total background. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/chi2.h"
#include "experiment/experiment_internal.h"

/* The pull terms: experiment.data.pulls, then one normalisation per background component. */
static cevns_status collect_pulls(const cevns_config *cfg, cevns_dataset *d, cevns_error *err) {
    const cevns_data_config *dc = &cfg->data;
    int j, k;
    if (dc->n_pulls + dc->n_backgrounds > CEVNS_DATASET_MAX_PULLS)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: experiment.data: %d pulls and %d background components: at most %d pull terms are "
                               "allowed",
                               cfg->path, dc->n_pulls, dc->n_backgrounds, CEVNS_DATASET_MAX_PULLS);
    for (j = 0; j < dc->n_pulls; j++) {
        cevns_pull *p = &d->pulls[d->n_pulls++];
        snprintf(p->name, sizeof p->name, "%s", dc->pulls[j].name);
        p->source = dc->pulls[j].target == CEVNS_PULL_SIGNAL ? CEVNS_PULL_SIGNAL_SOURCE : CEVNS_PULL_MAIN_BACKGROUND;
        p->free = dc->pulls[j].free;
        p->sigma = p->free ? 1.0 : dc->pulls[j].sigma;
    }
    for (k = 0; k < dc->n_backgrounds; k++) {
        cevns_pull *p = &d->pulls[d->n_pulls++];
        snprintf(p->name, sizeof p->name, "%s", dc->backgrounds[k].name);
        p->source = 1 + k;
        p->free = dc->backgrounds[k].free;
        p->sigma = p->free ? 1.0 : dc->backgrounds[k].sigma_norm;
    }
    return CEVNS_OK;
}

/* Asimov data: the prediction at the config's point plus the total background.  The chi2
 * leaves out Asimov bins with no error: if that is every bin (bins beyond the end of the
 * recoil spectrum and no background), say so now rather than fail at the first point. */
static cevns_status asimov_observed(const cevns_experiment *e, cevns_dataset *d, cevns_error *err) {
    const cevns_config *cfg = &e->cfg;
    size_t nb = d->n_bins, nf = cevns_experiment_n_flux(e), b, k;
    double *cells = calloc(nb * nf * CEVNS_N_INTERACTIONS, sizeof *cells), total = 0.0;
    cevns_params base;
    cevns_status st;
    if (!cells) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    cevns_experiment_default_params(e, &base);
    st = cevns_experiment_rate(e, &base, CEVNS_INTEGRATOR_FIXED, 0.0, cells, err);
    for (b = 0; b < nb && st == CEVNS_OK; b++) {
        double s = 0.0;
        for (k = 0; k < nf * CEVNS_N_INTERACTIONS; k++) s += cells[b * nf * CEVNS_N_INTERACTIONS + k];
        d->observed[b] = s + d->background[b];
        total += d->observed[b];
    }
    free(cells);
    if (st != CEVNS_OK || cfg->scan.statistic != CEVNS_STAT_CHI2) return st;
    for (b = 0; b < nb; b++)
        if (cevns_chi2_bin_variance(0.0, d->observed[b], d->sigma_stat, d->sigma_frac) > 0.0) return CEVNS_OK;
    return cevns_error_set(err, CEVNS_ECONFIG,
                           "%s: experiment.detector.bins: no bin of the Asimov data has an error > 0 (%zu bin(s), %g "
                           "events expected in all at the config's point%s), so the chi2 has no bin to use; put bins "
                           "where the recoil spectrum is, add a background, or use scan.statistic \"poisson\"",
                           cfg->path, nb, total, d->sigma_stat ? "" : ", sigma_stat off");
}

cevns_status cevns_dataset_create(const cevns_experiment *e, cevns_dataset *d, cevns_error *err) {
    const cevns_config *cfg = &e->cfg;
    size_t nb = cevns_experiment_n_bins(e), b, k;
    double exposure_kg_day = e->mass_kg * (e->live_seconds > 0.0 ? e->live_seconds / 86400.0 : 1.0);
    double *error = calloc(nb, sizeof *error);
    cevns_status st = CEVNS_OK;
    memset(d, 0, sizeof *d);
    d->n_bins = nb;
    d->asimov = cfg->data.kind == CEVNS_DATA_ASIMOV;
    d->n_components = cfg->data.n_backgrounds > 0 ? (size_t)cfg->data.n_backgrounds : 0;
    d->sigma_stat = cfg->data.sigma_stat;
    d->sigma_frac = cfg->data.sigma_frac;
    d->observed = calloc(nb, sizeof *d->observed);
    d->background = calloc(nb, sizeof *d->background);
    d->background_main = calloc(nb, sizeof *d->background_main);
    if (!d->asimov) d->variance = calloc(nb, sizeof *d->variance);
    if (d->n_components) d->components = calloc(d->n_components * nb, sizeof *d->components);
    if (!error || !d->observed || !d->background || !d->background_main || (!d->asimov && !d->variance) ||
        (d->n_components && !d->components))
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the data");
    if (st == CEVNS_OK) st = collect_pulls(cfg, d, err);
    if (st == CEVNS_OK)
        st = cevns_data_load_components(cfg, nb, cevns_experiment_bin_edges(e), exposure_kg_day, d->observed, error,
                                        d->background_main, d->components, err);
    for (b = 0; b < nb && st == CEVNS_OK; b++) {
        d->background[b] = d->background_main[b];
        for (k = 0; k < d->n_components; k++) d->background[b] += d->components[k * nb + b];
        if (!d->asimov) d->variance[b] = error[b] * error[b];
    }
    if (st == CEVNS_OK && d->asimov) st = asimov_observed(e, d, err);
    free(error);
    if (st != CEVNS_OK) cevns_dataset_free(d);
    return st;
}
