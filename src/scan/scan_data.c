/* scan_data.c - the data side of a scan: observed counts, errors, backgrounds
 * (total, main and components) and, for Asimov data, the prediction at the
 * config's point. */
#include <stdlib.h>

#include "cevns/stats.h"
#include "common/chi2.h"
#include "model/experiment_internal.h"
#include "scan/scan_internal.h"

/* Data, backgrounds (total, the main one and the components) and (for Asimov) the
 * observed counts at the config's point: prediction + total background. */
cevns_status cevns_scan_data_load(const cevns_config *cfg, const cevns_experiment *e, cevns_scan_data *d,
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
        double *cells = calloc(nb * nf * CEVNS_N_INTERACTIONS, sizeof *cells);
        cevns_params base;
        if (!cells) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        cevns_experiment_default_params(e, &base);
        st = cevns_experiment_rate(e, &base, CEVNS_INTEGRATOR_FIXED, 0.0, cells, err);
        for (b = 0; b < nb && st == CEVNS_OK; b++) {
            double s = 0.0;
            for (k = 0; k < nf * CEVNS_N_INTERACTIONS; k++) s += cells[b * nf * CEVNS_N_INTERACTIONS + k];
            d->observed[b] = s + d->background[b];
        }
        free(cells);
    }
    /* The chi2 leaves out Asimov bins with no error: if that is every bin (bins
     * beyond the end of the recoil spectrum and no background), say so now
     * rather than fail at the first point. */
    if (st == CEVNS_OK && d->statistic == CEVNS_STAT_CHI2) {
        double total = 0.0;
        for (b = 0; b < nb; b++) total += d->observed[b];
        for (b = 0; b < nb; b++)
            if (cevns_chi2_bin_error(0.0, d->observed[b], cfg->data.sigma_stat, cfg->data.sigma_frac) > 0.0) break;
        if (b == nb)
            st = cevns_error_set(err, CEVNS_ECONFIG,
                                 "%s: experiment.detector.bins: no bin of the Asimov data has an error > 0 (%zu "
                                 "bin(s), %g events expected in all at the config's point%s), so the chi2 has no bin "
                                 "to use; put bins where the recoil spectrum is, add a background, or use "
                                 "scan.statistic \"poisson\"",
                                 cfg->path, nb, total, cfg->data.sigma_stat ? "" : ", sigma_stat off");
    }
    return st;
}

void cevns_scan_data_free(cevns_scan_data *d) {
    free(d->observed);
    free(d->error);
    free(d->background);
    free(d->background_main);
    free(d->components);
}
