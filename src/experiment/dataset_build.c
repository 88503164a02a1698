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
    size_t nb = d->n_bins, b;
    double total = 0.0;
    cevns_status st = cevns_experiment_config_signal(e, d->observed, err);
    for (b = 0; b < nb && st == CEVNS_OK; b++) {
        d->observed[b] += d->background[b];
        total += d->observed[b];
    }
    if (st != CEVNS_OK || cfg->scan.statistic != CEVNS_STAT_CHI2) return st;
    for (b = 0; b < nb; b++)
        if (cevns_chi2_bin_variance(0.0, d->observed[b], d->sigma_stat, d->sigma_frac) > 0.0) return CEVNS_OK;
    return cevns_error_set(err, CEVNS_ECONFIG,
                           "%s: experiment.detector.bins: no bin of the Asimov data has an error > 0 (%zu bin(s), %g "
                           "events expected in all at the config's point%s), so the chi2 has no bin to use; put bins "
                           "where the recoil spectrum is, add a background, or use scan.statistic \"poisson\"",
                           cfg->path, nb, total, d->sigma_stat ? "" : ", sigma_stat off");
}

/* The merged pull of pull p of experiment k: an existing one of the same name or a new one. */
static cevns_status merged_pull(cevns_dataset *d, const cevns_pull *p, const char *path, int *j, cevns_error *err) {
    size_t i;
    for (i = 0; i < d->n_pulls; i++)
        if (strcmp(d->pulls[i].name, p->name) == 0) {
            *j = (int)i;
            return CEVNS_OK;
        }
    if (d->n_pulls == CEVNS_DATASET_MAX_PULLS)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: experiments: more than %d pull terms in all (pulls with the same name count once)",
                               path, CEVNS_DATASET_MAX_PULLS);
    d->pulls[d->n_pulls] = *p;
    *j = (int)d->n_pulls++;
    return CEVNS_OK;
}

/* A joint fit: the experiments' data sets one after the other.  Pulls of the same name are
 * one pull (the config checked their widths); a signal pull acts on its experiments' bins
 * (signal_mask), a background pull's shifts are each experiment's background it scales,
 * in that experiment's bins (a component of the joint data set). */
static cevns_status dataset_joint(const cevns_experiment *e, cevns_dataset *d, cevns_error *err) {
    cevns_dataset parts[CEVNS_MAX_EXPERIMENTS];
    size_t nb = cevns_experiment_n_bins(e), first[CEVNS_MAX_EXPERIMENTS + 1], b, q;
    int n = e->n_members, k, j, member_of[CEVNS_MAX_EXPERIMENTS][CEVNS_DATASET_MAX_PULLS], masked = 0;
    cevns_status st = CEVNS_OK;
    memset(parts, 0, sizeof parts);
    memset(d, 0, sizeof *d);
    first[0] = 0;
    for (k = 0; k < n && st == CEVNS_OK; k++) {
        st = cevns_dataset_create(e->members[k], &parts[k], err);
        first[k + 1] = first[k] + parts[k].n_bins;
    }
    /* the pulls, merged by name */
    for (k = 0; k < n && st == CEVNS_OK; k++)
        for (q = 0; q < parts[k].n_pulls && st == CEVNS_OK; q++) {
            cevns_pull p = parts[k].pulls[q];
            if (p.source != CEVNS_PULL_SIGNAL_SOURCE) p.source = 1; /* a component of the joint data set: below */
            st = merged_pull(d, &p, e->cfg.path, &member_of[k][q], err);
        }
    d->n_bins = nb;
    d->asimov = parts[0].asimov;
    d->sigma_stat = parts[0].sigma_stat;
    d->sigma_frac = parts[0].sigma_frac;
    if (st == CEVNS_OK) {
        d->observed = calloc(nb, sizeof *d->observed);
        d->background = calloc(nb, sizeof *d->background);
        d->background_main = calloc(nb, sizeof *d->background_main);
        if (!d->asimov) d->variance = calloc(nb, sizeof *d->variance);
        d->components = calloc(d->n_pulls * nb + 1, sizeof *d->components);
        d->signal_mask = calloc(d->n_pulls * nb + 1, sizeof *d->signal_mask);
        if (!d->observed || !d->background || !d->background_main || (!d->asimov && !d->variance) ||
            !d->components || !d->signal_mask)
            st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the data");
    }
    for (k = 0; k < n && st == CEVNS_OK; k++) {
        const cevns_dataset *pk = &parts[k];
        for (b = 0; b < pk->n_bins; b++) {
            d->observed[first[k] + b] = pk->observed[b];
            if (d->variance) d->variance[first[k] + b] = pk->variance[b];
            d->background[first[k] + b] = pk->background[b];
            d->background_main[first[k] + b] = pk->background_main[b];
        }
        for (q = 0; q < pk->n_pulls; q++) {
            const cevns_pull *p = &pk->pulls[q];
            j = member_of[k][q];
            for (b = 0; b < pk->n_bins; b++) {
                if (p->source == CEVNS_PULL_SIGNAL_SOURCE) /* 1, or a shape systematic's relative change */
                    d->signal_mask[(size_t)j * nb + first[k] + b] =
                        pk->signal_mask ? pk->signal_mask[q * pk->n_bins + b] : 1.0;
                else if (p->source == CEVNS_PULL_MAIN_BACKGROUND)
                    d->components[(size_t)j * nb + first[k] + b] = pk->background_main[b];
                else d->components[(size_t)j * nb + first[k] + b] = pk->components[(size_t)(p->source - 1) * pk->n_bins + b];
            }
        }
    }
    /* background pulls: component j is pull j's shifts; signal pulls: a mask unless they act everywhere */
    for (j = 0; j < (int)d->n_pulls && st == CEVNS_OK; j++) {
        if (d->pulls[j].source != CEVNS_PULL_SIGNAL_SOURCE) {
            d->pulls[j].source = 1 + j;
            continue;
        }
        for (b = 0; b < nb; b++)
            if (d->signal_mask[(size_t)j * nb + b] != 1.0) masked = 1;
    }
    d->n_components = d->n_pulls;
    if (!masked) {
        free(d->signal_mask);
        d->signal_mask = NULL;
    }
    for (k = 0; k < n; k++) cevns_dataset_free(&parts[k]);
    if (st != CEVNS_OK) cevns_dataset_free(d);
    return st;
}

cevns_status cevns_dataset_create(const cevns_experiment *e, cevns_dataset *d, cevns_error *err) {
    const cevns_config *cfg = &e->cfg;
    if (e->n_members > 0) return dataset_joint(e, d, err);
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
        for (k = 0; k < d->n_components; k++) /* a shape systematic adds nothing at its pull's 0 */
            if (!cfg->data.backgrounds[k].shift_of[0]) d->background[b] += d->components[k * nb + b];
        if (!d->asimov) d->variance[b] = error[b] * error[b];
    }
    if (st == CEVNS_OK && d->asimov) st = asimov_observed(e, d, err);
    if (st == CEVNS_OK) st = cevns_dataset_shape_pulls(e, d, err);
    free(error);
    if (st != CEVNS_OK) cevns_dataset_free(d);
    return st;
}
