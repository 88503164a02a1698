/* pull.c - cevns_chi2_pull and cevns_poisson_pull: check the inputs, run the
 * portable cores of kernels/common/chi2.h, turn their codes into messages. */
#include <limits.h>
#include <math.h>

#include "cevns/stats.h"
#include "common/chi2.h"

CEVNS_STATIC_ASSERT(CEVNS_STATS_MAX_PULLS == CEVNS_CHI2_MAX_PULLS, "stats.h and chi2.h disagree on the pull limit");
CEVNS_STATIC_ASSERT(CEVNS_MAX_PULLS <= CEVNS_CHI2_MAX_PULLS, "config allows more pulls than the statistics");

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

static cevns_status kernel_failure(const char *stat, int poisson, int rc, size_t n_pulls, cevns_error *err) {
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
    default: return cevns_error_set(err, CEVNS_EINTERNAL, "%s: unknown kernel code %d", stat, rc);
    }
}

cevns_status cevns_chi2_pull(const cevns_stats_input *in, double *chi2, double *pulls_out, cevns_error *err) {
    static const char stat[] = "pull chi2";
    double penalty[CEVNS_CHI2_MAX_PULLS], xi[CEVNS_CHI2_MAX_PULLS];
    size_t i;
    int rc;
    cevns_status st = check_common(stat, in, penalty, err);
    if (st != CEVNS_OK) return st;
    if (!in->error) return cevns_error_set(err, CEVNS_EINTERNAL, "%s: the error array is required", stat);
    for (i = 0; i < in->n_bins; i++)
        if (!(in->error[i] > 0.0) || !isfinite(in->error[i]) || !isfinite(1.0 / (in->error[i] * in->error[i])))
            return cevns_error_set(err, CEVNS_EPHYSICS,
                                   "%s: bin %zu: error %g (allowed: a finite number > 0; set an error column, "
                                   "sigma_stat or sigma_frac)",
                                   stat, i, in->error[i]);
    rc = cevns_chi2_pull_min((int)in->n_bins, (int)in->n_pulls, in->observed, in->error, in->signal, in->background,
                             in->shift, penalty, chi2, xi);
    if (rc != CEVNS_CHI2_OK) return kernel_failure(stat, 0, rc, in->n_pulls, err);
    if (pulls_out)
        for (i = 0; i < in->n_pulls; i++) pulls_out[i] = xi[i];
    return CEVNS_OK;
}

cevns_status cevns_poisson_pull(const cevns_stats_input *in, double *m2lnl, double *pulls_out, cevns_error *err) {
    static const char stat[] = "Poisson -2lnL";
    double penalty[CEVNS_CHI2_MAX_PULLS], xi[CEVNS_CHI2_MAX_PULLS];
    size_t i;
    int rc;
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
    rc = cevns_poisson_pull_min((int)in->n_bins, (int)in->n_pulls, in->observed, in->signal, in->background, in->shift,
                                penalty, m2lnl, xi);
    if (rc != CEVNS_CHI2_OK) return kernel_failure(stat, 1, rc, in->n_pulls, err);
    if (pulls_out)
        for (i = 0; i < in->n_pulls; i++) pulls_out[i] = xi[i];
    return CEVNS_OK;
}
