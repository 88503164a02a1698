/* statistic.c - chi2 or Poisson statistic of one point from its expected
 * signal per bin, the data, the backgrounds and the pulls (cevns/stats.h): the
 * configured pulls (c^i = signal, or experiment.data.background alone) followed by
 * one pull per background component (c^i = B_k^i), all in one linear solve. */
#include <math.h>
#include <stdlib.h>

#include "cevns/stats.h"
#include "common/chi2.h"
#include "scan/scan_internal.h"

#define MAX_BINS_ON_STACK 4096

cevns_status cevns_scan_point_statistic(const cevns_scan_data *d, const double *signal, double exposure,
                                        double *value, cevns_error *err) {
    double obs[MAX_BINS_ON_STACK], sig[MAX_BINS_ON_STACK], bkg[MAX_BINS_ON_STACK], del[MAX_BINS_ON_STACK];
    double main_bkg[MAX_BINS_ON_STACK];
    size_t kept[MAX_BINS_ON_STACK];
    double *shift = NULL, sigma[CEVNS_MAX_PULLS];
    int free_pull[CEVNS_MAX_PULLS];
    const cevns_data_config *dc = d->data;
    cevns_stats_input in;
    size_t i, n = 0;
    int j, n_pulls = dc->n_pulls + d->n_components;
    cevns_status st;
    if (d->n_bins > MAX_BINS_ON_STACK)
        return cevns_error_set(err, CEVNS_ECONFIG, "%zu bins: the scan supports at most %d", d->n_bins,
                               MAX_BINS_ON_STACK);
    if (dc->n_pulls < 0 || d->n_components < 0 || n_pulls > CEVNS_MAX_PULLS || (d->n_components > 0 && !d->components))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%d pulls and %d background components: at most %d pull terms are allowed", dc->n_pulls,
                               d->n_components, CEVNS_MAX_PULLS);
    for (i = 0; i < d->n_bins; i++) {
        double o = d->asimov ? exposure * d->observed[i] : d->observed[i];
        /* file data arrive with their final error (cevns_data_load); Asimov data
         * get theirs here, from the observed counts at this exposure */
        double del_i = d->asimov ? cevns_chi2_bin_error(0.0, o, dc->sigma_stat, dc->sigma_frac) : d->error[i];
        double e2 = del_i * del_i;
        /* A bin with no uncertainty and nothing observed carries no Gaussian
         * information (an Asimov bin below threshold): it is left out of chi2. */
        if (d->statistic == CEVNS_STAT_CHI2 && !(e2 > 0.0)) continue;
        obs[n] = o;
        sig[n] = exposure * signal[i];
        bkg[n] = exposure * d->background[i];
        main_bkg[n] = exposure * (d->background_main ? d->background_main[i] : d->background[i]);
        del[n] = sqrt(e2);
        kept[n] = i;
        n++;
    }
    if (n_pulls > 0 && !(shift = malloc((size_t)n_pulls * (n ? n : 1) * sizeof *shift)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the pull shifts");
    /* the configured pulls: signal, or experiment.data.background alone */
    for (j = 0; j < dc->n_pulls; j++) {
        for (i = 0; i < n; i++)
            shift[(size_t)j * n + i] = dc->pulls[j].target == CEVNS_PULL_SIGNAL ? sig[i] : main_bkg[i];
        sigma[j] = dc->pulls[j].free ? 1.0 : dc->pulls[j].sigma;
        free_pull[j] = dc->pulls[j].free;
    }
    /* one pull per background component: its normalisation is 1 + xi */
    for (j = dc->n_pulls; j < n_pulls; j++) {
        const cevns_background_component *c = &dc->backgrounds[j - dc->n_pulls];
        const double *bk = d->components + (size_t)(j - dc->n_pulls) * d->n_bins;
        for (i = 0; i < n; i++) shift[(size_t)j * n + i] = exposure * bk[kept[i]];
        sigma[j] = c->free ? 1.0 : c->sigma_norm;
        free_pull[j] = c->free;
    }
    in.n_bins = n;
    in.n_pulls = (size_t)n_pulls;
    in.observed = obs;
    in.error = del;
    in.signal = sig;
    in.background = bkg;
    in.shift = shift;
    in.sigma = sigma;
    in.free = free_pull;
    st = d->statistic == CEVNS_STAT_POISSON ? cevns_poisson_pull(&in, value, NULL, err)
                                            : cevns_chi2_pull(&in, value, NULL, err);
    free(shift);
    return st;
}
