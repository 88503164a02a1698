/* scan_plan.c - the plan of a whole scan (scan_plan.h): grid, separable layout and the
 * statistic's data as POD, from the model's data set. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/scan_plan.h"

/* The axes that change the basis integrals themselves (separable.h). */
static int is_separable_axis(cevns_axis_kind k) {
    return k != CEVNS_AXIS_M4 && k != CEVNS_AXIS_RN && k != CEVNS_AXIS_ZP_MASS && k != CEVNS_AXIS_SC_MASS;
}

int cevns_scan_plan_separable_applies(const cevns_axis_spec *axes, int n_axes) {
    size_t outer = 1, points = 1;
    int a, n_sep = 0;
    for (a = 0; a < n_axes; a++) {
        points *= axes[a].n;
        if (is_separable_axis(axes[a].kind)) n_sep++;
        else outer *= axes[a].n;
    }
    return n_sep > 0 && points >= 2 * outer;
}

static cevns_status build_grid(const cevns_axis_spec *axes, int n_axes, cevns_scan_plan *p, cevns_error *err) {
    cevns_pod_grid *g = &p->grid;
    size_t total = 0, at = 0, i;
    int a;
    if (n_axes < 1 || n_axes > CEVNS_GRID_MAX_AXES)
        return cevns_error_set(err, CEVNS_EINTERNAL, "a scan has 1 to %d axes, got %d", CEVNS_GRID_MAX_AXES, n_axes);
    for (a = 0; a < n_axes; a++) total += axes[a].n;
    if (!(p->grid_values = malloc(total * sizeof *p->grid_values)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the grid");
    p->n_grid_values = total;
    g->n_axes = n_axes;
    p->n_map = p->n_prof = 1;
    for (a = 0; a < n_axes; a++) {
        const cevns_axis_spec *ax = &axes[a];
        if (ax->n < 1 || ax->n > 1u << 20)
            return cevns_error_set(err, CEVNS_EINTERNAL, "axis %d has %zu values", a, ax->n);
        g->kind[a] = ax->kind;
        g->eps_a[a] = ax->eps_a;
        g->eps_b[a] = ax->eps_b;
        g->n[a] = (int32_t)ax->n;
        g->off[a] = (int32_t)at;
        for (i = 0; i < ax->n; i++) p->grid_values[at++] = ax->values[i];
        if (ax->profile) {
            g->prof[g->n_prof_axes++] = a;
            p->n_prof *= ax->n;
        } else {
            g->shown[g->n_shown++] = a;
            p->n_map *= ax->n;
        }
    }
    return CEVNS_OK;
}

/* Slots (incoming flavours present), the rows of the non-separable axes, the row width and
 * the basis offsets. */
static cevns_status build_separable(const cevns_plan *rate, const cevns_axis_spec *axes, int n_axes,
                                    cevns_pod_separable *sp, cevns_error *err) {
    const cevns_pod_header *h = &rate->hdr;
    int slot_of[CEVNS_N_FLAVOURS] = {-1, -1, -1}, a, f;
    memset(sp, 0, sizeof *sp);
    if (h->n_flux > CEVNS_MAX_FLUX_COMPONENTS)
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "the separable path handles at most %d flux components, got %d",
                               CEVNS_MAX_FLUX_COMPONENTS, h->n_flux);
    sp->n_bins = h->n_bins;
    sp->use_sterile = h->use_sterile;
    sp->n_w = h->use_zprime || h->use_millicharge || h->use_scalar || h->use_axial ? CEVNS_SEP_WEIGHTS_ALL
                                                                                    : CEVNS_SEP_WEIGHTS;
    sp->ax_m4 = sp->ax_rn = sp->ax_zp = sp->ax_sc = -1;
    sp->n_rn = sp->n_zp = sp->n_sc = sp->n_rows_st = 1;
    for (a = 0; a < n_axes; a++) {
        int32_t n = (int32_t)axes[a].n;
        switch (axes[a].kind) {
        case CEVNS_AXIS_M4: sp->ax_m4 = a, sp->n_rows_st = n; break;
        case CEVNS_AXIS_RN: sp->ax_rn = a, sp->n_rn = n; break;
        case CEVNS_AXIS_ZP_MASS: sp->ax_zp = a, sp->n_zp = n; break;
        case CEVNS_AXIS_SC_MASS: sp->ax_sc = a, sp->n_sc = n; break;
        default: break;
        }
    }
    sp->n_rows_ml = sp->n_rn * sp->n_zp * sp->n_sc;
    for (f = 0; f < h->n_flux; f++) {
        int fl = rate->flux[f].flavour;
        if (fl < 0 || fl >= CEVNS_N_FLAVOURS)
            return cevns_error_set(err, CEVNS_EINTERNAL, "flux component %d has flavour %d (not 0, 1 or 2)", f, fl);
        if (slot_of[fl] < 0) {
            slot_of[fl] = sp->n_slots;
            sp->flavour[sp->n_slots++] = fl;
        }
        sp->flux_slot[f] = slot_of[fl];
    }
    sp->off_ml = 0;
    sp->off_st = sp->n_rows_ml * sp->n_bins * sp->n_slots * sp->n_w;
    sp->n_basis = sp->off_st + (sp->use_sterile ? sp->n_rows_st * sp->n_bins * sp->n_slots : 0);
    return CEVNS_OK;
}

/* The statistic's data: observed, weight 1/V (file data), total background, main background, components. */
static cevns_status build_stat(const cevns_dataset *d, cevns_statistic statistic, cevns_scan_plan *p,
                               cevns_error *err) {
    cevns_pod_stat *h = &p->stat;
    size_t nb = d->n_bins, i, j, off_main, off_comp;
    if (d->n_pulls > CEVNS_CHI2_MAX_PULLS)
        return cevns_error_set(err, CEVNS_ECONFIG, "%zu pull terms: at most %d are allowed", d->n_pulls,
                               CEVNS_CHI2_MAX_PULLS);
    size_t off_mask = (4 + d->n_components) * nb;
    p->n_stat_data = (4 + d->n_components + (d->signal_mask ? d->n_pulls : 0)) * nb;
    if (!(p->stat_data = calloc(p->n_stat_data, sizeof *p->stat_data)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the statistic");
    h->n_bins = (int32_t)nb;
    h->n_pulls = (int32_t)d->n_pulls;
    h->statistic = statistic;
    h->asimov = d->asimov;
    h->sigma_stat = d->sigma_stat;
    h->sigma_frac = d->sigma_frac;
    h->off_observed = 0;
    h->off_weight = (int32_t)nb;
    h->off_background = (int32_t)(2 * nb);
    off_main = 3 * nb;
    off_comp = 4 * nb;
    for (i = 0; i < nb; i++) {
        p->stat_data[i] = d->observed[i];
        /* Asimov data: the statistic weighs each point by the variance of its own (exposure-scaled)
         * counts; the column holds the variance at exposure 1, the weight of the toys (fc.h) */
        if (d->variance) p->stat_data[nb + i] = cevns_chi2_weight(d->variance[i]);
        else p->stat_data[nb + i] = cevns_chi2_weight(cevns_chi2_bin_variance(0.0, d->observed[i], d->sigma_stat,
                                                                               d->sigma_frac));
        p->stat_data[2 * nb + i] = d->background[i];
        p->stat_data[off_main + i] = d->background_main[i];
    }
    for (j = 0; j < d->n_components; j++)
        for (i = 0; i < nb; i++) p->stat_data[off_comp + j * nb + i] = d->components[j * nb + i];
    for (j = 0; j < d->n_pulls; j++) {
        const cevns_pull *pl = &d->pulls[j];
        int src = pl->source;
        if (src == CEVNS_PULL_SIGNAL_SOURCE && d->signal_mask) {
            h->mask[j] = (int32_t)(off_mask + j * nb);
            for (i = 0; i < nb; i++) p->stat_data[off_mask + j * nb + i] = d->signal_mask[j * nb + i];
        }
        if (src == CEVNS_PULL_SIGNAL_SOURCE) h->source[j] = CEVNS_PULL_FROM_SIGNAL;
        else if (src == CEVNS_PULL_MAIN_BACKGROUND) h->source[j] = (int32_t)off_main;
        else if (src >= 1 && (size_t)src <= d->n_components) h->source[j] = (int32_t)(off_comp + (size_t)(src - 1) * nb);
        else return cevns_error_set(err, CEVNS_EINTERNAL, "pull %s: source %d", pl->name, src);
        if (pl->free) {
            h->penalty[j] = 0.0;
        } else {
            if (!(pl->sigma > 0.0) || !isfinite(1.0 / (pl->sigma * pl->sigma)))
                return cevns_error_set(err, CEVNS_ECONFIG,
                                       "pull %s: sigma = %g (allowed: a finite number > 0 and not so small that "
                                       "1/sigma^2 overflows, or a free pull)",
                                       pl->name, pl->sigma);
            h->penalty[j] = 1.0 / (pl->sigma * pl->sigma);
        }
    }
    return CEVNS_OK;
}

cevns_status cevns_scan_plan_build(const cevns_plan *rate, const cevns_axis_spec *axes, int n_axes,
                                   const cevns_pod_point *base, const cevns_dataset *data, cevns_statistic statistic,
                                   int separable, int want_counts, cevns_scan_plan *out, cevns_error *err) {
    cevns_status st;
    memset(out, 0, sizeof *out);
    out->rate = rate;
    out->base = *base;
    if (data->n_bins != (size_t)rate->hdr.n_bins) {
        st = cevns_error_set(err, CEVNS_EINTERNAL, "data set has %zu bins, the plan %d", data->n_bins,
                             rate->hdr.n_bins);
    } else {
        st = build_grid(axes, n_axes, out, err);
    }
    if (st == CEVNS_OK && separable && cevns_scan_plan_separable_applies(axes, n_axes)) {
        out->path = CEVNS_PATH_SEPARABLE;
        st = build_separable(rate, axes, n_axes, &out->sep, err);
    }
    if (st == CEVNS_OK) st = build_stat(data, statistic, out, err);
    out->want_counts = want_counts && out->n_prof == 1;
    if (st != CEVNS_OK) cevns_scan_plan_free(out);
    return st;
}

void cevns_scan_plan_rate_only(const cevns_plan *rate, cevns_scan_plan *out) {
    memset(out, 0, sizeof *out);
    out->rate = rate;
}

void cevns_scan_plan_free(cevns_scan_plan *p) {
    if (!p) return;
    free(p->grid_values);
    free(p->stat_data);
    memset(p, 0, sizeof *p);
}
