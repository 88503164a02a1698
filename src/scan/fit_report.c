/* fit_report.c - one experiment at its best fit, for summary.json, spectra.csv and the spectrum
 * figures: what a physicist quotes from a fit (the fitted number of signal events, each
 * background's, the pulls) and what they draw (data and fit against energy, and against arrival
 * time and pulse shape when the bins have them).
 *
 * The best map point's profiled points are evaluated again on the host with the kernels' own
 * statistic (joint.c's cevns_scan_best_point).  At the pulls xi, signal pull j moves the signal
 * by sum_i xi_j c_j^i and background component k's pull moves it by xi_k sum_i B_k^i; a
 * projection sums the bins over the other observables (errors in quadrature). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/scan.h"
#include "experiment/experiment_internal.h"
#include "scan/scan_internal.h"

/* The events pull j moves at xi_j, summed over the bins. */
static double pull_shift(const cevns_pod_stat *st, const double *data, const double *signal, double e, int j,
                         double xi) {
    cevns_stat_shifts sh;
    double sum = 0.0;
    int i;
    cevns_stat_sources(st, data, signal, &sh);
    for (i = 0; i < st->n_bins; i++) sum += xi * cevns_stat_shift(&sh, e, j, i);
    return sum;
}

/* The row of info->components of background component k (a shape systematic, shift_of, counts
 * as the component it shifts), or -1. */
static int component_row(const cevns_config *cfg, int k, int first_row) {
    const cevns_data_config *dc = &cfg->data;
    int j, row = first_row;
    if (dc->backgrounds[k].shift_of[0]) {
        for (j = 0; j < dc->n_backgrounds; j++)
            if (strcmp(dc->backgrounds[j].name, dc->backgrounds[k].shift_of) == 0) return component_row(cfg, j, first_row);
        return -1;
    }
    for (j = 0; j < k; j++) row += !dc->backgrounds[j].shift_of[0];
    return row < CEVNS_RUN_MAX_COMPONENTS ? row : -1;
}

/* The expected and fitted counts of the signal and of each background, and the pulls. */
static void fill_components(const cevns_scan *s, const double *signal, double e, const double *xi,
                            cevns_run_info *info) {
    const cevns_config *cfg = &s->e->cfg;
    const cevns_pod_stat *st = &s->plan.stat;
    const cevns_dataset *d = &s->data;
    size_t nb = d->n_bins, i, n_cfg_pulls = d->n_pulls - d->n_components;
    double sig = 0.0, main_bkg = 0.0;
    int j, k, first = 1;
    for (i = 0; i < nb; i++) {
        sig += e * signal[i];
        main_bkg += e * d->background_main[i];
    }
    info->components[0].name = "signal";
    info->components[0].expected = info->components[0].fitted = sig;
    info->n_components = 1;
    if (main_bkg != 0.0) {
        info->components[1].name = "background";
        info->components[1].expected = info->components[1].fitted = main_bkg;
        info->n_components = first = 2;
    }
    for (k = 0; k < (int)d->n_components; k++) {
        int row = component_row(cfg, k, first);
        double b = 0.0;
        if (row < 0 || cfg->data.backgrounds[k].shift_of[0]) continue;
        for (i = 0; i < nb; i++) b += e * d->components[(size_t)k * nb + i];
        info->components[row].name = cfg->data.backgrounds[k].name;
        info->components[row].expected = info->components[row].fitted = b;
        if (row + 1 > info->n_components) info->n_components = row + 1;
    }
    info->n_shared = 0;
    for (j = 0; j < st->n_pulls && j < CEVNS_RUN_MAX_PULLS; j++) {
        const cevns_pull *p = &d->pulls[j];
        double moved = pull_shift(st, s->plan.stat_data, signal, e, j, xi[j]);
        int row = -1;
        info->shared[j].name = p->name;
        info->shared[j].pull = xi[j];
        info->shared[j].chi2 = st->penalty[j] * xi[j] * xi[j];
        info->shared[j].shift = moved;
        info->n_shared++;
        if (p->source == CEVNS_PULL_SIGNAL_SOURCE) row = 0;
        else if (p->source == CEVNS_PULL_MAIN_BACKGROUND) row = main_bkg != 0.0 ? 1 : -1;
        else if ((size_t)j >= n_cfg_pulls) row = component_row(cfg, p->source - 1, first);
        if (row >= 0) info->components[row].fitted += moved;
    }
}

/* The axes of one experiment's bins: energy, then psd and time when present. */
typedef struct {
    int n_axes, n[3], stride[3];
    const double *edges[3];
    const char *label[3];
} bin_axes;

static void axes_of(const cevns_experiment *e, bin_axes *ax) {
    const cevns_detector_config *d = &cevns_experiment_config(e)->detector;
    cevns_bin_axes_n n = cevns_detector_bin_axes(d);
    int n_p = (int)n.n_p, n_t = (int)n.n_t;
    ax->n_axes = 0;
    ax->n[0] = d->n_bins;
    ax->stride[0] = n_p * n_t; /* cevns_bin_split's numbering */
    ax->edges[0] = d->edges;
    ax->label[0] = cevns_observable_name(e);
    ax->n_axes = 1;
    if (d->psd.n_bins > 0) {
        ax->n[ax->n_axes] = n_p;
        ax->stride[ax->n_axes] = n_t;
        ax->edges[ax->n_axes] = d->psd.edges;
        ax->label[ax->n_axes] = "psd";
        ax->n_axes++;
    }
    if (d->time.n_bins > 0) {
        ax->n[ax->n_axes] = n_t;
        ax->stride[ax->n_axes] = 1;
        ax->edges[ax->n_axes] = d->time.edges_us;
        ax->label[ax->n_axes] = "time_us";
        ax->n_axes++;
    }
}

/* Projections of the 5 per-bin arrays (observed, error, signal, background, fitted) on each
 * axis into sp; per-bin when the bins are energy alone. */
static cevns_status project(const cevns_scan *s, const double *per_bin, cevns_joint_spectra *sp, cevns_error *err) {
    const cevns_config *cfg = &s->e->cfg;
    size_t nb = s->data.n_bins, total = 0, i;
    bin_axes ax;
    double *buf;
    int a, k;
    axes_of(s->e, &ax);
    for (a = 0; a < ax.n_axes; a++) total += 6 * (size_t)ax.n[a] + 1;
    if (!(buf = calloc(total, sizeof *buf))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    sp->bins = buf;
    for (a = 0; a < ax.n_axes; a++) {
        size_t n = (size_t)ax.n[a];
        double *edges = buf, *arr = buf + n + 1;
        cevns_spectrum *x = &sp->spectra[a];
        memcpy(edges, ax.edges[a], (n + 1) * sizeof *edges);
        for (i = 0; i < nb; i++) {
            size_t c = (i / (size_t)ax.stride[a]) % n;
            double err_i = per_bin[nb + i];
            arr[c] += per_bin[i];
            arr[n + c] += err_i * err_i;
            for (k = 2; k < 5; k++) arr[k * n + c] += per_bin[(size_t)k * nb + i];
        }
        for (i = 0; i < n; i++) arr[n + i] = sqrt(arr[n + i]);
        if (ax.n_axes == 1) snprintf(sp->names[a], sizeof sp->names[a], "%s", cfg->name);
        else snprintf(sp->names[a], sizeof sp->names[a], "%s_%s", cfg->name, a == 0 ? "energy" : ax.label[a]);
        x->name = sp->names[a];
        x->observable = ax.label[a];
        x->n_bins = n;
        x->edges = edges;
        x->observed = arr;
        x->error = arr + n;
        x->signal = arr + 2 * n;
        x->background = arr + 3 * n;
        x->fitted = arr + 4 * n;
        buf += 6 * n + 1;
    }
    sp->n = ax.n_axes;
    return CEVNS_OK;
}

cevns_status cevns_scan_fit_report(const cevns_scan *s, size_t map_point, cevns_run_info *info, cevns_joint_spectra *sp,
                                   cevns_error *err) {
    const cevns_scan_plan *p = &s->plan;
    const cevns_pod_stat *st = &p->stat;
    size_t nb = (size_t)st->n_bins, i;
    double *signal = malloc(nb * sizeof *signal), *best_signal = malloc(nb * sizeof *best_signal);
    double *per_bin = malloc(5 * nb * sizeof *per_bin), best, best_e, best_xi[CEVNS_CHI2_MAX_PULLS];
    cevns_status rc = CEVNS_OK;
    memset(sp, 0, sizeof *sp);
    if (!signal || !best_signal || !per_bin) rc = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (rc == CEVNS_OK && s->e->n_members == 0)
        rc = cevns_scan_best_point(s, map_point, signal, best_signal, &best, &best_e, best_xi, err);
    if (rc == CEVNS_OK && s->e->n_members == 0 && isfinite(best)) {
        double *obs = per_bin, *error = obs + nb, *sig = error + nb, *bkg = sig + nb, *fit = bkg + nb;
        info->single = 1;
        info->n_experiments = 1;
        info->experiments[0].name = s->e->cfg.name;
        info->experiments[0].n_bins = nb;
        for (i = 0; i < nb; i++) {
            double w;
            cevns_stat_bin(st, p->stat_data, best_signal, best_e, (int)i, &obs[i], &w, &sig[i], &bkg[i]);
            error[i] = w > 0.0 ? 1.0 / sqrt(w) : 0.0;
            fit[i] = cevns_stat_expected(st, p->stat_data, best_signal, best_e, best_xi, (int)i);
            info->experiments[0].observed += obs[i];
            info->experiments[0].chi2 += cevns_scan_bin_term(st, p->stat_data, best_signal, best_e, best_xi, (int)i);
        }
        fill_components(s, best_signal, best_e, best_xi, info);
        rc = project(s, per_bin, sp, err);
    }
    free(signal);
    free(best_signal);
    free(per_bin);
    return rc;
}
