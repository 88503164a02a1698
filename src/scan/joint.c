/* joint.c - a joint fit at its best fit (docs/scan.md, "Joint fits"): each experiment's
 * share of the statistic, for summary.json and the printed summary.  The best map point's
 * profiled points are evaluated again on the host (the CPU fast path, the same numbers as
 * the map's CPU engine), the pulls minimised with the kernels' own statistic, and the sum
 * split by bins: experiment k gets its bins' terms and the penalties of the pulls only it
 * has; the pulls several experiments share are reported once, beside them.  The parts add
 * up to the minimum of the map. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/scan.h"
#include "experiment/experiment_internal.h"
#include "scan/scan_internal.h"

/* Whether experiment k of cfg has a pull term called name. */
static int has_pull(const cevns_config *cfg, int k, const char *name) {
    const cevns_data_config *d = &cfg->experiments[k].data;
    int j;
    for (j = 0; j < d->n_pulls; j++)
        if (strcmp(d->pulls[j].name, name) == 0) return 1;
    for (j = 0; j < d->n_backgrounds; j++)
        if (strcmp(d->backgrounds[j].name, name) == 0) return 1;
    return 0;
}

/* The statistic's term of bin i at pulls xi (chi2: w res^2; Poisson: 2 [mu - O + O ln(O/mu)]). */
double cevns_scan_bin_term(const cevns_pod_stat *st, const double *data, const double *signal, double e,
                           const double *xi, int i) {
    double o, w, r, b, res, mu = cevns_stat_expected(st, data, signal, e, xi, i);
    cevns_stat_bin(st, data, signal, e, i, &o, &w, &r, &b);
    if (st->statistic != CEVNS_STAT_POISSON) {
        res = o - mu;
        return w * res * res;
    }
    if (o > 0.0) {
        double x = (mu - o) / o;
        return 2.0 * o * (x - log1p(x));
    }
    return 2.0 * mu;
}

void cevns_joint_spectra_free(cevns_joint_spectra *sp) {
    free(sp->bins);
    memset(sp, 0, sizeof *sp);
}

/* The best of map point map_point's profiled points: its statistic *best (+inf if none
 * succeeded), exposure *best_e, pulls best_xi and signal best_signal (signal: scratch). */
cevns_status cevns_scan_best_point(const cevns_scan *s, size_t map_point, double *signal, double *best_signal,
                                   double *best, double *best_e, double *best_xi, cevns_error *err) {
    const cevns_scan_plan *p = &s->plan;
    const cevns_pod_stat *st = &p->stat;
    size_t nb = (size_t)st->n_bins, q;
    cevns_status rc = CEVNS_OK;
    *best = HUGE_VAL;
    *best_e = 1.0;
    for (q = 0; q < p->n_prof && rc == CEVNS_OK; q++) {
        int idx[CEVNS_GRID_MAX_AXES];
        cevns_pod_point pt;
        double e, value, xi[CEVNS_CHI2_MAX_PULLS];
        int code;
        cevns_scan_item(&p->grid, p->grid_values, &p->base, (cevns_i64)(map_point * p->n_prof + q),
                        (cevns_i64)p->n_prof, idx, &pt, &e);
        rc = cevns_cpu_direct(p->rate, &pt, 1, 1, NULL, signal, err);
        if (rc != CEVNS_OK) break;
        code = cevns_stat_fit(st, p->stat_data, signal, e, &value, xi);
        if (code == CEVNS_CHI2_OK && value < *best) {
            *best = value;
            *best_e = e;
            memcpy(best_xi, xi, sizeof xi);
            memcpy(best_signal, signal, nb * sizeof *signal);
        }
    }
    return rc;
}

cevns_status cevns_scan_joint_breakdown(const cevns_scan *s, size_t map_point, cevns_run_info *info,
                                        cevns_joint_spectra *sp, cevns_error *err) {
    const cevns_scan_plan *p = &s->plan;
    const cevns_config *cfg = &s->e->cfg;
    const cevns_pod_stat *st = &p->stat;
    size_t nb = (size_t)st->n_bins, i;
    double *signal = malloc(nb * sizeof *signal), best = HUGE_VAL, best_xi[CEVNS_CHI2_MAX_PULLS], best_e = 1.0;
    double *best_signal = malloc(nb * sizeof *best_signal);
    cevns_status rc = CEVNS_OK;
    int j, k;
    memset(sp, 0, sizeof *sp);
    if (s->e->n_members == 0) {
        free(signal);
        free(best_signal);
        return CEVNS_OK;
    }
    if (!signal || !best_signal) {
        free(signal);
        free(best_signal);
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    }
    if (rc == CEVNS_OK) rc = cevns_scan_best_point(s, map_point, signal, best_signal, &best, &best_e, best_xi, err);
    if (rc == CEVNS_OK && isfinite(best) && !(sp->bins = calloc(5 * nb, sizeof *sp->bins)))
        rc = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (rc == CEVNS_OK && isfinite(best)) {
        double *obs = sp->bins, *error = obs + nb, *sig = error + nb, *bkg = sig + nb, *fit = bkg + nb;
        for (i = 0; i < nb; i++) {
            double w;
            cevns_stat_bin(st, p->stat_data, best_signal, best_e, (int)i, &obs[i], &w, &sig[i], &bkg[i]);
            error[i] = w > 0.0 ? 1.0 / sqrt(w) : 0.0;
            fit[i] = cevns_stat_expected(st, p->stat_data, best_signal, best_e, best_xi, (int)i);
        }
        sp->n = s->e->n_members;
        for (k = 0; k < s->e->n_members; k++) {
            const cevns_experiment *m = s->e->members[k];
            size_t first = cevns_experiment_member_first_bin(s->e, k);
            cevns_spectrum *x = &sp->spectra[k];
            x->name = cfg->experiments[k].name;
            x->observable = cevns_observable_name(m);
            x->n_bins = cevns_experiment_n_bins(m);
            x->edges = cevns_experiment_bin_edges(m);
            x->observed = obs + first;
            x->error = error + first;
            x->signal = sig + first;
            x->background = bkg + first;
            x->fitted = fit + first;
        }
        info->n_experiments = s->e->n_members;
        for (k = 0; k < s->e->n_members; k++) {
            size_t first = cevns_experiment_member_first_bin(s->e, k), n = cevns_experiment_n_bins(s->e->members[k]);
            info->experiments[k].name = cfg->experiments[k].name;
            info->experiments[k].first_bin = first;
            info->experiments[k].n_bins = n;
            for (i = first; i < first + n; i++) {
                double o, r, b;
                cevns_stat_bin(st, p->stat_data, best_signal, best_e, (int)i, &o, 0, &r, &b);
                info->experiments[k].chi2 += cevns_scan_bin_term(st, p->stat_data, best_signal, best_e, best_xi, (int)i);
                info->experiments[k].observed += o;
                info->experiments[k].signal += r;
                info->experiments[k].background += b;
            }
        }
        for (j = 0; j < st->n_pulls; j++) {
            const char *name = s->data.pulls[j].name;
            double pen = st->penalty[j] * best_xi[j] * best_xi[j];
            int owners = 0, owner = -1;
            for (k = 0; k < s->e->n_members; k++)
                if (has_pull(cfg, k, name)) owners++, owner = owner < 0 ? k : owner;
            if (owners == 1) {
                info->experiments[owner].chi2 += pen;
            } else if (info->n_shared < CEVNS_RUN_MAX_PULLS) {
                info->shared[info->n_shared].name = name;
                info->shared[info->n_shared].pull = best_xi[j];
                info->shared[info->n_shared].chi2 = pen;
                info->n_shared++;
            }
        }
    }
    free(signal);
    free(best_signal);
    return rc;
}
