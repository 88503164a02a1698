/* shape_pulls.c - shape systematics of the signal (experiment.data.pulls[j].shift): the relative
 * change per bin f_i = s'_i / s_i - 1 of the prediction s' with the pull's changes against the
 * nominal s, both at the config's point, or up_i / nominal_i - 1 of two templates.  The statistic
 * then moves bin i by xi_j R_i f_i (seed 002 eq. 15: c_j^i linear in the pull, here relative, so it
 * follows the signal of each scanned point); the engines read f as the pull's factor array
 * (kernels/common/chi2.h, mask). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "experiment/experiment_internal.h"

cevns_status cevns_experiment_config_signal(const cevns_experiment *e, double *s, cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(e), nc = cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS, b, k;
    double *cells = malloc(nb * nc * sizeof *cells);
    cevns_params p;
    cevns_status st;
    if (!cells) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    cevns_experiment_default_params(e, &p);
    st = cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, cells, err);
    for (b = 0; b < nb && st == CEVNS_OK; b++) {
        s[b] = 0.0;
        for (k = 0; k < nc; k++) s[b] += cells[b * nc + k];
    }
    free(cells);
    return st;
}

/* cfg with the changes of shift (the key prefix names the pull in messages). */
static cevns_status apply_shift(cevns_config *cfg, const cevns_shape_shift *s, const char *key, cevns_error *err) {
    cevns_detector_config *det = &cfg->detector;
    if (s->n_quench > 0) {
        if (det->quenching.type != CEVNS_QUENCH_POLYNOMIAL)
            return cevns_error_set(err, CEVNS_ECONFIG, "%s.quenching_coefficients_MeV: needs experiment.detector."
                                                       "quenching.type \"polynomial\"", key);
        memcpy(det->quenching.coeffs_MeV, s->quench_coeffs_MeV, sizeof s->quench_coeffs_MeV);
        det->quenching.n_coeffs = s->n_quench;
    }
    if (s->n_efficiency == 4) {
        if (det->efficiency.type != CEVNS_EFF_SIGMOID)
            return cevns_error_set(err, CEVNS_ECONFIG, "%s.efficiency_sigmoid: needs experiment.detector.efficiency."
                                                       "type \"sigmoid\"", key);
        det->efficiency.a = s->efficiency[0];
        det->efficiency.b = s->efficiency[1];
        det->efficiency.c = s->efficiency[2];
        det->efficiency.d = s->efficiency[3];
    }
    if (s->light_yield_pe_per_keVee > 0.0) {
        if (det->observable != CEVNS_OBS_PE)
            return cevns_error_set(err, CEVNS_ECONFIG, "%s.light_yield_PE_per_keVee: needs experiment.detector."
                                                       "observable \"PE\"", key);
        det->light_yield_pe_per_keVee = s->light_yield_pe_per_keVee;
    }
    if (s->timing_offset_us != 0.0) {
        if (det->time.n_bins == 0)
            return cevns_error_set(err, CEVNS_ECONFIG, "%s.timing_offset_us: needs arrival-time bins "
                                                       "(experiment.detector.time)", key);
        cfg->source.timing.offset_us += s->timing_offset_us;
    }
    if (s->neutron_radius_fm > 0.0) cfg->model.form_factor.neutron_radius_fm = s->neutron_radius_fm;
    return CEVNS_OK;
}

/* f[0..nb) of one shift. */
static cevns_status shift_factors(const cevns_experiment *e, const cevns_shape_shift *s, const char *key,
                                  const double *nominal, double *f, cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(e), b;
    double *up = malloc(nb * sizeof *up), *base = NULL;
    cevns_config *cfg = NULL;
    cevns_experiment *shifted = NULL;
    cevns_status st = CEVNS_OK;
    if (!up) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (s->template_up[0]) {
        char k2[160];
        if (!(base = malloc(nb * sizeof *base))) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        snprintf(k2, sizeof k2, "%s.template_up", key);
        if (st == CEVNS_OK) st = cevns_binned_template(&e->cfg, s->template_up, k2, up, err);
        snprintf(k2, sizeof k2, "%s.template_nominal", key);
        if (st == CEVNS_OK) st = cevns_binned_template(&e->cfg, s->template_nominal, k2, base, err);
        nominal = base;
    } else {
        if (!(cfg = malloc(sizeof *cfg))) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        if (st == CEVNS_OK) {
            *cfg = e->cfg;
            st = apply_shift(cfg, s, key, err);
        }
        if (st == CEVNS_OK) st = cevns_experiment_create(cfg, &shifted, err);
        if (st == CEVNS_OK) st = cevns_experiment_config_signal(shifted, up, err);
    }
    for (b = 0; b < nb && st == CEVNS_OK; b++) f[b] = nominal[b] > 0.0 ? up[b] / nominal[b] - 1.0 : 0.0;
    cevns_experiment_free(shifted);
    free(cfg);
    free(base);
    free(up);
    return st;
}

cevns_status cevns_dataset_shape_pulls(const cevns_experiment *e, cevns_dataset *d, cevns_error *err) {
    const cevns_data_config *dc = &e->cfg.data;
    size_t nb = d->n_bins, i;
    double *nominal = NULL;
    cevns_status st = CEVNS_OK;
    int j, any = 0;
    for (j = 0; j < dc->n_pulls; j++) any |= dc->pulls[j].has_shift;
    if (!any) return CEVNS_OK;
    nominal = malloc(nb * sizeof *nominal);
    d->signal_mask = malloc(d->n_pulls * nb * sizeof *d->signal_mask);
    if (!nominal || !d->signal_mask) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (i = 0; st == CEVNS_OK && i < d->n_pulls * nb; i++) d->signal_mask[i] = 1.0;
    if (st == CEVNS_OK) st = cevns_experiment_config_signal(e, nominal, err);
    for (j = 0; j < dc->n_pulls && st == CEVNS_OK; j++) {
        char key[80];
        if (!dc->pulls[j].has_shift) continue;
        snprintf(key, sizeof key, "experiment.data.pulls[%d].shift", j);
        st = shift_factors(e, &dc->pulls[j].shift, key, nominal, d->signal_mask + (size_t)j * nb, err);
    }
    free(nominal);
    return st;
}
