/* sns_timing.c - arrival-time fractions of a pulsed stopped-pion source (cevns_sns_timing,
 * include/cevns/model.h).
 *
 * A neutrino made by a proton at time s arrives at t = s + u + offset, u the delay of its decay
 * chain: u ~ Exp(lambda_pi) for the prompt nu_mu, the sum of Exp(lambda_pi) and Exp(lambda_mu)
 * for the delayed nu_e and anti-nu_mu.  Both delay densities are sums of exponentials,
 *     k(u) = sum_m c_m lambda_m exp(-lambda_m u),  u >= 0,
 * prompt: c = 1; delayed (hypoexponential): c_pi = lambda_mu/(lambda_mu - lambda_pi),
 * c_mu = lambda_pi/(lambda_pi - lambda_mu).  The efficiency is 1 below an onset a and
 * exp(-b (t - a)) above, so for a fixed s the fraction in [t0, t1) is closed form (inner(), below);
 * the integral over the pulse is adaptive. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>

#include "cevns/model.h"

#define TIMING_LIMIT 200
#define TIMING_REL_TOL 1e-12
#define GAUSS_REACH 12.0 /* the Gaussian pulse is integrated over mean +- 12 sigma (tails ~1e-33) */

typedef struct {
    const cevns_sns_timing *t;
    int n_terms;
    double c[2], lambda[2];
    double t0, t1; /* the bin */
} timing_ctx;

/* int_A^B eps(shift + u) lambda exp(-lambda u) du, 0 <= A <= B. */
static double exp_term(const cevns_sns_timing *t, double lambda, double a_u, double b_u, double shift) {
    double sum = 0.0, split;
    if (!(b_u > a_u)) return 0.0;
    if (t->eff != CEVNS_TIME_EFF_EXPONENTIAL) return exp(-lambda * a_u) * -expm1(-lambda * (b_u - a_u));
    split = t->eff_onset_us - shift; /* eps = 1 for u < split */
    if (a_u < split) {
        double hi = b_u < split ? b_u : split;
        sum += exp(-lambda * a_u) * -expm1(-lambda * (hi - a_u));
    }
    if (b_u > split) {
        double lo = a_u > split ? a_u : split, rate = t->eff_rate_per_us, l2 = lambda + rate;
        /* lambda/(lambda + b) exp(-b (shift + u - a)) exp(-lambda u) from lo to b_u */
        sum += lambda / l2 * exp(-rate * (shift + lo - t->eff_onset_us) - lambda * lo) * -expm1(-l2 * (b_u - lo));
    }
    return sum;
}

/* The fraction in [t0, t1) of neutrinos from a proton at time s. */
static double inner(double s, void *par) {
    const timing_ctx *c = par;
    double shift = s + c->t->offset_us, a_u = c->t0 - shift, b_u = c->t1 - shift, sum = 0.0;
    int m;
    if (a_u < 0.0) a_u = 0.0;
    for (m = 0; m < c->n_terms; m++) sum += c->c[m] * exp_term(c->t, c->lambda[m], a_u, b_u, shift);
    return sum;
}

typedef struct {
    timing_ctx *ctx;
    double mean, sigma;      /* Gaussian */
    double s0, w0, s1, w1;   /* a table segment: linear weight from (s0, w0) to (s1, w1) */
} pulse_ctx;

static double gaussian_integrand(double s, void *par) {
    const pulse_ctx *p = par;
    double z = (s - p->mean) / p->sigma;
    return exp(-0.5 * z * z) / (p->sigma * 2.5066282746310002) * inner(s, p->ctx);
}

static double segment_integrand(double s, void *par) {
    const pulse_ctx *p = par;
    double w = p->w0 + (p->w1 - p->w0) * (s - p->s0) / (p->s1 - p->s0);
    return w * inner(s, p->ctx);
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* int_lo^hi f, split where the inner integrand has kinks: where the bin edges and the
 * efficiency onset cross u = 0 (s = t0 - offset, t1 - offset, onset - offset). */
static int integrate(gsl_function *f, double lo, double hi, const timing_ctx *c, gsl_integration_workspace *ws,
                     double *out) {
    double pts[5], kinks[3], result = 0.0, abserr = 0.0;
    size_t n = 0, k;
    int rc;
    kinks[0] = c->t0 - c->t->offset_us;
    kinks[1] = c->t1 - c->t->offset_us;
    kinks[2] = c->t->eff_onset_us - c->t->offset_us;
    pts[n++] = lo;
    for (k = 0; k < 3; k++)
        if (kinks[k] > lo && kinks[k] < hi && (k < 2 || c->t->eff == CEVNS_TIME_EFF_EXPONENTIAL)) pts[n++] = kinks[k];
    pts[n++] = hi;
    qsort(pts, n, sizeof *pts, compare_double);
    rc = gsl_integration_qagp(f, pts, n, 0.0, TIMING_REL_TOL, TIMING_LIMIT, ws, &result, &abserr);
    /* a roundoff report at 1e-12 on an integrand this smooth still carries ~1e-13 */
    if (rc == GSL_EROUND) rc = GSL_SUCCESS;
    *out = result;
    return rc;
}

static cevns_status check_input(const cevns_sns_timing *t, cevns_timing_kind kind, const double *edges, size_t n,
                                cevns_error *err) {
    size_t i;
    if (kind != CEVNS_TIMING_PROMPT && kind != CEVNS_TIMING_DELAYED)
        return cevns_error_set(err, CEVNS_ECONFIG, "a flux component without an arrival-time structure (a steady "
                                                   "source) cannot be binned in arrival time");
    if (n < 1) return cevns_error_set(err, CEVNS_ECONFIG, "no arrival-time bins");
    for (i = 0; i < n; i++)
        if (!(edges[i + 1] > edges[i]) || !isfinite(edges[i]) || !isfinite(edges[i + 1]))
            return cevns_error_set(err, CEVNS_ECONFIG, "arrival-time bin edges must be finite and increasing (edge %zu: "
                                                       "%g after %g)", i + 1, edges[i + 1], edges[i]);
    if (!isfinite(t->offset_us)) return cevns_error_set(err, CEVNS_ECONFIG, "timing offset_us must be finite");
    if (t->eff == CEVNS_TIME_EFF_EXPONENTIAL && (!isfinite(t->eff_onset_us) || !(t->eff_rate_per_us >= 0.0)))
        return cevns_error_set(err, CEVNS_ECONFIG, "time efficiency: the onset must be finite and the rate >= 0");
    if (t->pulse == CEVNS_PULSE_GAUSSIAN) {
        if (!isfinite(t->mean_us) || !(t->sigma_us >= 0.0) || !isfinite(t->sigma_us))
            return cevns_error_set(err, CEVNS_ECONFIG, "Gaussian proton pulse: the mean must be finite and sigma >= 0 "
                                                       "(got %g, %g)", t->mean_us, t->sigma_us);
        return CEVNS_OK;
    }
    if (t->n_table < 2) return cevns_error_set(err, CEVNS_ECONFIG, "a pulse table needs at least 2 rows");
    for (i = 0; i < t->n_table; i++) {
        if (!isfinite(t->table_t_us[i]) || !(t->table_w[i] >= 0.0) || !isfinite(t->table_w[i]))
            return cevns_error_set(err, CEVNS_ECONFIG, "pulse table row %zu: times must be finite and weights finite "
                                                       "and >= 0", i + 1);
        if (i > 0 && !(t->table_t_us[i] > t->table_t_us[i - 1]))
            return cevns_error_set(err, CEVNS_ECONFIG, "pulse table row %zu: times must increase", i + 1);
    }
    return CEVNS_OK;
}

/* The delay density's exponential terms (see the top of the file). */
static void decay_terms(const cevns_sns_timing *t, cevns_timing_kind kind, timing_ctx *c) {
    double l_pi = 1.0 / (t->tau_pi_us > 0.0 ? t->tau_pi_us : CEVNS_TAU_PI_US);
    double l_mu = 1.0 / (t->tau_mu_us > 0.0 ? t->tau_mu_us : CEVNS_TAU_MU_US);
    c->lambda[0] = l_pi;
    if (kind == CEVNS_TIMING_PROMPT) {
        c->n_terms = 1;
        c->c[0] = 1.0;
        return;
    }
    c->n_terms = 2;
    c->lambda[1] = l_mu;
    c->c[0] = l_mu / (l_mu - l_pi);
    c->c[1] = l_pi / (l_pi - l_mu);
}

/* The fraction of one bin over the pulse. */
static int bin_fraction(const cevns_sns_timing *t, timing_ctx *c, double norm, gsl_integration_workspace *ws,
                        double *out) {
    pulse_ctx p = {c, t->mean_us, t->sigma_us, 0, 0, 0, 0};
    gsl_function f;
    size_t i;
    int rc = GSL_SUCCESS;
    f.params = &p;
    if (t->pulse == CEVNS_PULSE_GAUSSIAN) {
        if (t->sigma_us == 0.0) {
            *out = inner(t->mean_us, c);
            return GSL_SUCCESS;
        }
        f.function = gaussian_integrand;
        return integrate(&f, t->mean_us - GAUSS_REACH * t->sigma_us, t->mean_us + GAUSS_REACH * t->sigma_us, c, ws,
                         out);
    }
    f.function = segment_integrand;
    *out = 0.0;
    for (i = 0; i + 1 < t->n_table && rc == GSL_SUCCESS; i++) {
        double part = 0.0;
        p.s0 = t->table_t_us[i];
        p.s1 = t->table_t_us[i + 1];
        p.w0 = t->table_w[i] / norm;
        p.w1 = t->table_w[i + 1] / norm;
        if (p.w0 == 0.0 && p.w1 == 0.0) continue;
        rc = integrate(&f, p.s0, p.s1, c, ws, &part);
        *out += part;
    }
    return rc;
}

double cevns_time_efficiency(cevns_time_eff_type eff, double onset_us, double rate_per_us, double t_us) {
    return eff == CEVNS_TIME_EFF_EXPONENTIAL && t_us > onset_us ? exp(-rate_per_us * (t_us - onset_us)) : 1.0;
}

double cevns_time_efficiency_integral(cevns_time_eff_type eff, double onset_us, double rate_per_us, double lo_us,
                                      double hi_us) {
    double flat_hi, sum;
    if (eff != CEVNS_TIME_EFF_EXPONENTIAL) return hi_us - lo_us;
    flat_hi = hi_us < onset_us ? hi_us : onset_us;
    sum = flat_hi > lo_us ? flat_hi - lo_us : 0.0;
    if (hi_us > onset_us) {
        double a = lo_us > onset_us ? lo_us : onset_us;
        /* int_a^hi exp(-r (t - onset)) dt; r = 0 is the flat limit */
        sum += rate_per_us > 0.0 ? exp(-rate_per_us * (a - onset_us)) * -expm1(-rate_per_us * (hi_us - a)) / rate_per_us
                                 : hi_us - a;
    }
    return sum;
}

cevns_status cevns_sns_time_fractions(const cevns_sns_timing *t, cevns_timing_kind kind, const double *edges_us,
                                      size_t n_bins, double *frac, cevns_error *err) {
    gsl_integration_workspace *ws;
    gsl_error_handler_t *old;
    timing_ctx c;
    double norm = 1.0;
    size_t i;
    int rc = GSL_SUCCESS;
    cevns_status st = check_input(t, kind, edges_us, n_bins, err);
    if (st != CEVNS_OK) return st;
    if (t->pulse == CEVNS_PULSE_TABLE) { /* trapezoids: the exact integral of the piecewise-linear pulse */
        norm = 0.0;
        for (i = 0; i + 1 < t->n_table; i++)
            norm += 0.5 * (t->table_w[i] + t->table_w[i + 1]) * (t->table_t_us[i + 1] - t->table_t_us[i]);
        if (!(norm > 0.0)) return cevns_error_set(err, CEVNS_ECONFIG, "the pulse table's weights are all 0");
    }
    if (!(ws = gsl_integration_workspace_alloc(TIMING_LIMIT)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the arrival-time integrals");
    c.t = t;
    decay_terms(t, kind, &c);
    old = gsl_set_error_handler_off();
    for (i = 0; i < n_bins && rc == GSL_SUCCESS; i++) {
        c.t0 = edges_us[i];
        c.t1 = edges_us[i + 1];
        rc = bin_fraction(t, &c, norm, ws, &frac[i]);
    }
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(ws);
    if (rc != GSL_SUCCESS)
        return cevns_error_set(err, CEVNS_ENUMERIC, "arrival-time integral of bin %zu failed: %s", i, gsl_strerror(rc));
    return CEVNS_OK;
}
