/* pull.c - cevns_chi2_pull and cevns_poisson_pull: check the inputs, lay them out as the
 * statistic of one point (kernels/common/chi2.h, exposure 1), run the same cores the
 * engines run, and turn their codes into messages. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/stats.h"
#include "common/chi2.h"
#include "stats/stat_failure.h"

CEVNS_STATIC_ASSERT(CEVNS_STATS_MAX_PULLS == CEVNS_CHI2_MAX_PULLS, "stats.h and chi2.h disagree on the pull limit");

/* Every value finite; what names the array in the message. */
static cevns_status check_finite(const char *stat, const char *what, const double *v, size_t n, cevns_error *err) {
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return cevns_error_set(err, CEVNS_EPHYSICS, "%s: %s of bin %zu is %g (allowed: finite numbers)", stat,
                                   what, i, v[i]);
    return CEVNS_OK;
}

/* Checks shared by both statistics; fills penalty[j] = 1/sigma_j^2 (0 when free). */
static cevns_status check_common(const char *stat, const cevns_stats_input *in, double *penalty, cevns_error *err) {
    size_t i, j;
    cevns_status st;
    if (!in || !in->observed || !in->signal)
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: observed and signal arrays are required", stat);
    if (in->n_bins == 0) return cevns_error_set(err, CEVNS_EINTERNAL, "%s: no bins", stat);
    if (in->n_pulls > CEVNS_STATS_MAX_PULLS)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: %zu pulls, at most %d are allowed", stat, in->n_pulls,
                               CEVNS_STATS_MAX_PULLS);
    if (in->n_bins > (size_t)INT_MAX / (in->n_pulls ? in->n_pulls : 1))
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: %zu bins are too many", stat, in->n_bins);
    if (in->n_pulls > 0 && (!in->shift || !in->sigma))
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: %zu pulls but no shift or sigma array", stat, in->n_pulls);
    if ((st = check_finite(stat, "observed count", in->observed, in->n_bins, err)) != CEVNS_OK) return st;
    if ((st = check_finite(stat, "signal", in->signal, in->n_bins, err)) != CEVNS_OK) return st;
    if (in->background && (st = check_finite(stat, "background", in->background, in->n_bins, err)) != CEVNS_OK)
        return st;
    for (j = 0; j < in->n_pulls; j++) {
        for (i = 0; i < in->n_bins; i++)
            if (!isfinite(in->shift[j * in->n_bins + i]))
                return cevns_error_set(err, CEVNS_EPHYSICS, "%s: pull %zu: shift of bin %zu is %g (allowed: finite numbers)",
                                       stat, j, i, in->shift[j * in->n_bins + i]);
        if (in->free && in->free[j]) {
            penalty[j] = 0.0;
        } else {
            double s = in->sigma[j];
            if (!(s > 0.0) || !isfinite(1.0 / (s * s)))
                return cevns_error_set(err, CEVNS_ECONFIG,
                                       "%s: pull %zu: sigma = %g (allowed: a finite number > 0 and not so small that 1/sigma^2 overflows, or a free pull)",
                                       stat, j, s);
            penalty[j] = 1.0 / (s * s);
        }
    }
    return CEVNS_OK;
}

cevns_status cevns_stat_failure(int poisson, int rc, size_t n_pulls, cevns_error *err) {
    const char *stat = poisson ? "Poisson -2lnL" : "pull chi2";
    switch (rc) {
    case CEVNS_CHI2_SINGULAR:
        return cevns_error_set(err, CEVNS_ENUMERIC,
                               "%s: the equations for the %zu pull(s) are singular: a free pull changes no bin%s, or two "
                               "pulls have proportional shifts with no prior to tell them apart (give one a sigma, or drop it)",
                               stat, n_pulls, poisson ? " with events (its minimum is where an expected count reaches 0)" : "");
    case CEVNS_CHI2_NOT_CONVERGED:
        return cevns_error_set(err, CEVNS_ENUMERIC,
                               "%s: the minimisation over the %zu pull(s) did not converge in %d Newton iterations",
                               stat, n_pulls, CEVNS_CHI2_NEWTON_MAX_ITER);
    case CEVNS_CHI2_BOUNDARY:
        return cevns_error_set(err, CEVNS_ENUMERIC,
                               "%s: the minimum over the %zu pull(s) lies where the expected count of a bin without "
                               "events reaches 0 (shifts of mixed sign with wide priors); narrow the priors or use "
                               "pulls that scale the signal or background",
                               stat, n_pulls);
    case CEVNS_CHI2_INFEASIBLE:
        return cevns_error_set(err, CEVNS_EPHYSICS,
                               "%s: an expected count signal + background is negative, or 0 in a bin with events "
                               "that a pull could shift: the likelihood needs every expected count > 0 there",
                               stat);
    case CEVNS_CHI2_NONFINITE:
        return cevns_error_set(err, CEVNS_EPHYSICS,
                               "%s: an observed count, signal, background or pull shift is not a finite number "
                               "(NaN or infinite)",
                               stat);
    default: return cevns_error_set(err, CEVNS_EINTERNAL, "%s: unknown kernel code %d", stat, rc);
    }
}

/* The input as the statistic of one point at exposure 1: observed, weight 1/D^2, background
 * and one shift array per pull in data; signal passed as it is. */
static cevns_status lay_out(const cevns_stats_input *in, const double *penalty, cevns_statistic statistic,
                            cevns_pod_stat *h, double **data, cevns_error *err) {
    size_t n = in->n_bins, i, j;
    double *d = calloc((3 + in->n_pulls) * n, sizeof *d);
    memset(h, 0, sizeof *h);
    if (!d) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the statistic");
    h->n_bins = (int32_t)n;
    h->n_pulls = (int32_t)in->n_pulls;
    h->statistic = statistic;
    h->asimov = 0;
    h->sigma_stat = 0;
    h->sigma_frac = 0.0;
    h->off_observed = 0;
    h->off_weight = (int32_t)n;
    h->off_background = (int32_t)(2 * n);
    for (i = 0; i < n; i++) {
        d[i] = in->observed[i];
        d[n + i] = in->error ? cevns_chi2_weight(in->error[i] * in->error[i]) : 0.0;
        d[2 * n + i] = in->background ? in->background[i] : 0.0;
    }
    for (j = 0; j < in->n_pulls; j++) {
        h->source[j] = (int32_t)((3 + j) * n);
        h->penalty[j] = penalty[j];
        for (i = 0; i < n; i++) d[(3 + j) * n + i] = in->shift[j * n + i];
    }
    *data = d;
    return CEVNS_OK;
}

/* Run the statistic's kernel on the checked input. */
static cevns_status run_statistic(const cevns_stats_input *in, const double *penalty, cevns_statistic statistic,
                                  double *value, double *pulls_out, cevns_error *err) {
    cevns_pod_stat h;
    double *data = NULL, xi[CEVNS_CHI2_MAX_PULLS];
    size_t i;
    int rc;
    cevns_status st = lay_out(in, penalty, statistic, &h, &data, err);
    if (st != CEVNS_OK) return st;
    rc = statistic == CEVNS_STAT_POISSON ? cevns_poisson_pull_min(&h, data, in->signal, 1.0, value, xi)
                                         : cevns_chi2_pull_min(&h, data, in->signal, 1.0, value, xi);
    free(data);
    if (rc != CEVNS_CHI2_OK) return cevns_stat_failure(statistic == CEVNS_STAT_POISSON, rc, in->n_pulls, err);
    if (pulls_out)
        for (i = 0; i < in->n_pulls; i++) pulls_out[i] = xi[i];
    return CEVNS_OK;
}

cevns_status cevns_chi2_pull(const cevns_stats_input *in, double *chi2, double *pulls_out, cevns_error *err) {
    static const char stat[] = "pull chi2";
    double penalty[CEVNS_CHI2_MAX_PULLS];
    size_t i;
    cevns_status st = check_common(stat, in, penalty, err);
    if (st != CEVNS_OK) return st;
    if (!in->error) return cevns_error_set(err, CEVNS_EINTERNAL, "%s: the error array is required", stat);
    for (i = 0; i < in->n_bins; i++)
        if (!(in->error[i] > 0.0) || !isfinite(in->error[i]) || !isfinite(1.0 / (in->error[i] * in->error[i])))
            return cevns_error_set(err, CEVNS_EPHYSICS,
                                   "%s: bin %zu: error %g (allowed: a finite number > 0; set an error column, "
                                   "sigma_stat or sigma_frac)",
                                   stat, i, in->error[i]);
    return run_statistic(in, penalty, CEVNS_STAT_CHI2, chi2, pulls_out, err);
}

cevns_status cevns_poisson_pull(const cevns_stats_input *in, double *m2lnl, double *pulls_out, cevns_error *err) {
    static const char stat[] = "Poisson -2lnL";
    double penalty[CEVNS_CHI2_MAX_PULLS];
    size_t i;
    cevns_status st = check_common(stat, in, penalty, err);
    if (st != CEVNS_OK) return st;
    for (i = 0; i < in->n_bins; i++) {
        double mu = in->signal[i] + (in->background ? in->background[i] : 0.0);
        if (in->observed[i] < 0.0)
            return cevns_error_set(err, CEVNS_EPHYSICS,
                                   "%s: bin %zu: observed count %g (allowed: >= 0; on-off subtracted data need the chi2)",
                                   stat, i, in->observed[i]);
        if (mu < 0.0)
            return cevns_error_set(err, CEVNS_EPHYSICS, "%s: bin %zu: expected count signal + background = %g (allowed: >= 0)",
                                   stat, i, mu);
    }
    return run_statistic(in, penalty, CEVNS_STAT_POISSON, m2lnl, pulls_out, err);
}
