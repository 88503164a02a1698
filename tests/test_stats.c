/* test_stats.c - test statistics (pull chi2, Baker-Cousins Poisson), CL
 * thresholds, background shapes and data loading (src/stats, kernels/common/chi2.h).
 *
 * Expected values come from closed forms derived below, from independent
 * numerics (GSL nmsimplex2 / Brent minimisation of the statistic written out
 * directly in this file) or from published chi2 tables; never from the code
 * under test.  Random data use a fixed gsl_rng seed, printed in the log. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cevns/config.h"
#include "cevns/experiment.h"
#include "cevns/results.h"
#include "cevns/stats.h"
#include "common/chi2.h"
#include "test_support.h"

#define SEED 20240611UL
#define MAXB 64

/* ------------------------------------------------------------------ problem set-up */

typedef struct {
    size_t n, np;
    double o[MAXB], d[MAXB], r[MAXB], b[MAXB];
    double c[CEVNS_STATS_MAX_PULLS * MAXB];
    double sigma[CEVNS_STATS_MAX_PULLS];
    int free[CEVNS_STATS_MAX_PULLS];
} problem;

static cevns_stats_input input_of(const problem *p) {
    cevns_stats_input in;
    memset(&in, 0, sizeof in);
    in.n_bins = p->n;
    in.n_pulls = p->np;
    in.observed = p->o;
    in.error = p->d;
    in.signal = p->r;
    in.background = p->b;
    in.shift = p->c;
    in.sigma = p->sigma;
    in.free = p->free;
    return in;
}

static gsl_rng *make_rng(unsigned long seed) {
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    cr_assert_not_null(rng);
    gsl_rng_set(rng, seed);
    cr_log_info("random data: gsl_rng_mt19937 seed %lu", seed);
    return rng;
}

/* Gaussian-scattered counts around R + B with D = sqrt(O), and up to three
 * pulls: signal normalisation (c = R), background normalisation (c = B) and a
 * linear spectral tilt of the signal. */
static void random_gauss_problem(gsl_rng *rng, size_t n, size_t np, problem *p) {
    size_t i;
    memset(p, 0, sizeof *p);
    p->n = n;
    p->np = np;
    for (i = 0; i < n; i++) {
        double mu;
        p->r[i] = 50.0 + 100.0 * gsl_rng_uniform(rng);
        p->b[i] = 5.0 + 15.0 * gsl_rng_uniform(rng);
        mu = 1.1 * p->r[i] + 0.9 * p->b[i];
        p->o[i] = mu + sqrt(mu) * gsl_ran_gaussian(rng, 1.0);
        p->d[i] = sqrt(p->o[i]);
        p->c[0 * n + i] = p->r[i];
        p->c[1 * n + i] = p->b[i];
        p->c[2 * n + i] = p->r[i] * ((double)i - 0.5 * (double)n) / (double)n;
    }
    p->sigma[0] = 0.1;
    p->sigma[1] = 0.2;
    p->sigma[2] = 0.05;
}

/* chi2 written out directly (PHYSICS.md §7). */
static double chi2_direct(const problem *p, const double *xi) {
    double s = 0.0;
    size_t i, j;
    for (i = 0; i < p->n; i++) {
        double res = p->o[i] - p->r[i] - p->b[i];
        for (j = 0; j < p->np; j++) res -= xi[j] * p->c[j * p->n + i];
        s += (res / p->d[i]) * (res / p->d[i]);
    }
    for (j = 0; j < p->np; j++)
        if (!p->free[j]) s += (xi[j] / p->sigma[j]) * (xi[j] / p->sigma[j]);
    return s;
}

/* Baker-Cousins -2 ln L written out directly; 1e300 outside the domain. */
static double poisson_direct(const problem *p, const double *xi) {
    double s = 0.0;
    size_t i, j;
    for (i = 0; i < p->n; i++) {
        double mu = p->r[i] + p->b[i];
        for (j = 0; j < p->np; j++) mu += xi[j] * p->c[j * p->n + i];
        if (mu <= 0.0 && p->o[i] > 0.0) return 1e300;
        if (mu < 0.0) return 1e300;
        s += 2.0 * (mu - p->o[i]);
        if (p->o[i] > 0.0) s += 2.0 * p->o[i] * log(p->o[i] / mu);
    }
    for (j = 0; j < p->np; j++)
        if (!p->free[j]) s += (xi[j] / p->sigma[j]) * (xi[j] / p->sigma[j]);
    return s;
}

typedef struct {
    const problem *p;
    int poisson;
} fn_params;

static double multimin_f(const gsl_vector *x, void *params) {
    const fn_params *fp = params;
    double xi[CEVNS_STATS_MAX_PULLS];
    size_t j;
    for (j = 0; j < fp->p->np; j++) xi[j] = gsl_vector_get(x, j);
    return fp->poisson ? poisson_direct(fp->p, xi) : chi2_direct(fp->p, xi);
}

/* Brute force: Nelder-Mead (nmsimplex2), restarted from its own result until
 * the value stops improving. */
static double brute_minimise(const problem *p, int poisson, double *xi) {
    fn_params fp = {p, poisson};
    gsl_multimin_function fn;
    gsl_vector *x = gsl_vector_calloc(p->np), *step = gsl_vector_alloc(p->np);
    double best = HUGE_VAL;
    size_t j;
    int restart;
    fn.n = p->np;
    fn.f = multimin_f;
    fn.params = &fp;
    for (restart = 0; restart < 6; restart++) {
        gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, p->np);
        int it, status = GSL_CONTINUE;
        gsl_vector_set_all(step, restart == 0 ? 0.05 : 1e-3);
        gsl_multimin_fminimizer_set(m, &fn, x, step);
        for (it = 0; it < 200000 && status == GSL_CONTINUE; it++) {
            if (gsl_multimin_fminimizer_iterate(m)) break;
            status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-13);
        }
        gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(m));
        if (m->fval >= best) {
            gsl_multimin_fminimizer_free(m);
            break;
        }
        best = m->fval;
        gsl_multimin_fminimizer_free(m);
    }
    for (j = 0; j < p->np; j++) xi[j] = gsl_vector_get(x, j);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return best;
}

/* ------------------------------------------------------------------ pull chi2 */

Test(chi2, no_pulls_is_sum_of_squared_residuals) {
    gsl_rng *rng = make_rng(SEED);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double chi2 = -1.0, expect = 0.0;
    size_t i;
    random_gauss_problem(rng, 17, 0, &p);
    for (i = 0; i < p.n; i++) {
        double z = (p.o[i] - p.r[i] - p.b[i]) / p.d[i];
        expect += z * z;
    }
    in = input_of(&p);
    cr_assert_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(chi2 - expect) <= 1e-13 * expect, "chi2 %.15g expected %.15g", chi2, expect);

    /* background NULL = 0 */
    expect = 0.0;
    for (i = 0; i < p.n; i++) expect += pow((p.o[i] - p.r[i]) / p.d[i], 2);
    in.background = NULL;
    cr_assert_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(chi2 - expect) <= 1e-13 * expect, "chi2 %.15g expected %.15g", chi2, expect);
    gsl_rng_free(rng);
}

/* One Gaussian-penalised pull with shift c_i (here c_i = R_i, the signal
 * normalisation).  With r_i = O_i - R_i - B_i the statistic is quadratic:
 *   chi2(xi) = sum_i (r_i - xi c_i)^2 / D_i^2 + xi^2/sigma^2
 *            = chi2_0 - 2 xi S + xi^2 (Q + 1/sigma^2),
 *   chi2_0 = sum r_i^2/D_i^2,  S = sum r_i c_i/D_i^2,  Q = sum c_i^2/D_i^2.
 * d chi2/d xi = 0 gives xi* = S / (Q + 1/sigma^2), and substituting,
 *   chi2_min = chi2_0 - S^2 / (Q + 1/sigma^2).
 * A free pull is the limit sigma -> infinity: xi* = S/Q, chi2_min = chi2_0 - S^2/Q. */
static void one_pull_closed_form(const problem *p, double inv_s2, double *xi, double *chi2) {
    double c0 = 0.0, s = 0.0, q = 0.0;
    size_t i;
    for (i = 0; i < p->n; i++) {
        double r = p->o[i] - p->r[i] - p->b[i], w = 1.0 / (p->d[i] * p->d[i]);
        c0 += r * r * w;
        s += r * p->c[i] * w;
        q += p->c[i] * p->c[i] * w;
    }
    *xi = s / (q + inv_s2);
    *chi2 = c0 - s * s / (q + inv_s2);
}

Test(chi2, one_signal_pull_matches_closed_form) {
    gsl_rng *rng = make_rng(SEED + 1);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double chi2, xi, e_chi2, e_xi;
    const double sigmas[] = {0.01, 0.1, 1.0, 10.0};
    size_t k;
    random_gauss_problem(rng, 20, 1, &p);
    in = input_of(&p);
    for (k = 0; k < sizeof sigmas / sizeof sigmas[0]; k++) {
        p.sigma[0] = sigmas[k];
        one_pull_closed_form(&p, 1.0 / (sigmas[k] * sigmas[k]), &e_xi, &e_chi2);
        cr_assert_eq(cevns_chi2_pull(&in, &chi2, &xi, &err), CEVNS_OK, "%s", err.msg);
        cr_expect(fabs(chi2 - e_chi2) <= 1e-11 * e_chi2, "sigma %g: chi2 %.15g expected %.15g", sigmas[k], chi2, e_chi2);
        cr_expect(fabs(xi - e_xi) <= 1e-11 * fabs(e_xi) + 1e-15, "sigma %g: xi %.15g expected %.15g", sigmas[k], xi,
                  e_xi);
    }
    gsl_rng_free(rng);
}

Test(chi2, free_pull_matches_closed_form) {
    gsl_rng *rng = make_rng(SEED + 2);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double chi2, xi, e_chi2, e_xi;
    random_gauss_problem(rng, 20, 1, &p);
    p.free[0] = 1;
    p.sigma[0] = -7.0; /* ignored for a free pull */
    in = input_of(&p);
    one_pull_closed_form(&p, 0.0, &e_xi, &e_chi2);
    cr_assert_eq(cevns_chi2_pull(&in, &chi2, &xi, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(chi2 - e_chi2) <= 1e-11 * e_chi2, "chi2 %.15g expected %.15g", chi2, e_chi2);
    cr_expect(fabs(xi - e_xi) <= 1e-11 * fabs(e_xi), "xi %.15g expected %.15g", xi, e_xi);
    gsl_rng_free(rng);
}

static void check_against_simplex(const problem *p, const char *what) {
    cevns_stats_input in = input_of(p);
    cevns_error err = {""};
    double chi2, xi[CEVNS_STATS_MAX_PULLS], bxi[CEVNS_STATS_MAX_PULLS], best;
    size_t j;
    cr_assert_eq(cevns_chi2_pull(&in, &chi2, xi, &err), CEVNS_OK, "%s: %s", what, err.msg);
    best = brute_minimise(p, 0, bxi);
    /* the kernel's minimum can only be lower than (or equal to) the simplex's */
    cr_expect(chi2 <= best * (1.0 + 1e-12), "%s: chi2 %.15g above simplex %.15g", what, chi2, best);
    cr_expect(fabs(chi2 - best) <= 1e-9 * best, "%s: chi2 %.15g simplex %.15g", what, chi2, best);
    cr_expect(fabs(chi2_direct(p, xi) - chi2) <= 1e-11 * chi2, "%s: value at the returned pulls", what);
    for (j = 0; j < p->np; j++)
        cr_expect(fabs(xi[j] - bxi[j]) <= 1e-5 * (fabs(bxi[j]) + 0.01), "%s: pull %zu: %.10g simplex %.10g", what, j,
                  xi[j], bxi[j]);
}

Test(chi2, pulls_match_simplex_minimisation) {
    gsl_rng *rng = make_rng(SEED + 3);
    problem p;
    int trial;
    for (trial = 0; trial < 4; trial++) {
        char what[64];
        size_t np = trial % 2 ? 3 : 2;
        random_gauss_problem(rng, 15, np, &p);
        snprintf(what, sizeof what, "trial %d (%zu pulls)", trial, np);
        check_against_simplex(&p, what);
        /* and with the signal normalisation free */
        p.free[0] = 1;
        snprintf(what, sizeof what, "trial %d (%zu pulls, first free)", trial, np);
        check_against_simplex(&p, what);
    }
    gsl_rng_free(rng);
}

Test(chi2, eight_pulls) {
    gsl_rng *rng = make_rng(SEED + 4);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double chi2, xi[8], g;
    size_t i, j, k;
    random_gauss_problem(rng, 30, 8, &p);
    for (j = 3; j < 8; j++) {
        for (i = 0; i < p.n; i++) p.c[j * p.n + i] = p.r[i] * cos((double)(j * i));
        p.sigma[j] = 0.02 * (double)j;
    }
    in = input_of(&p);
    cr_assert_eq(cevns_chi2_pull(&in, &chi2, xi, &err), CEVNS_OK, "%s", err.msg);
    /* stationarity: d chi2 / d xi_k = 0 at the minimum (scaled by the curvature) */
    for (k = 0; k < 8; k++) {
        double curv = 1.0 / (p.sigma[k] * p.sigma[k]);
        g = xi[k] / (p.sigma[k] * p.sigma[k]);
        for (i = 0; i < p.n; i++) {
            double res = p.o[i] - p.r[i] - p.b[i];
            for (j = 0; j < 8; j++) res -= xi[j] * p.c[j * p.n + i];
            g -= res * p.c[k * p.n + i] / (p.d[i] * p.d[i]);
            curv += p.c[k * p.n + i] * p.c[k * p.n + i] / (p.d[i] * p.d[i]);
        }
        cr_expect(fabs(g) <= 1e-9 * sqrt(curv), "pull %zu: gradient %g (curvature %g)", k, g, curv);
    }
    gsl_rng_free(rng);
}

Test(chi2, singular_system_is_reported) {
    gsl_rng *rng = make_rng(SEED + 5);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double chi2;
    size_t i;
    random_gauss_problem(rng, 10, 2, &p);
    /* two free pulls with identical shifts */
    p.free[0] = p.free[1] = 1;
    for (i = 0; i < p.n; i++) p.c[p.n + i] = p.c[i];
    in = input_of(&p);
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_ENUMERIC);
    cr_expect(strstr(err.msg, "singular") != NULL, "message: %s", err.msg);
    /* proportional shifts */
    for (i = 0; i < p.n; i++) p.c[p.n + i] = 3.0 * p.c[i];
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_ENUMERIC);
    /* a free pull that changes no bin */
    for (i = 0; i < p.n; i++) p.c[p.n + i] = 0.0;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_ENUMERIC);
    /* with a prior on one of two identical shifts it is fine */
    for (i = 0; i < p.n; i++) p.c[p.n + i] = p.c[i];
    p.free[1] = 0;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_OK, "%s", err.msg);
    gsl_rng_free(rng);
}

Test(chi2, solver_on_a_known_system) {
    /* M = [[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]], x = (1, -2, 0.5) -> b = M x */
    double m[CEVNS_CHI2_MAX_PULLS * CEVNS_CHI2_MAX_PULLS] = {0};
    const double a[3][3] = {{4, 2, 0.6}, {2, 5, 1}, {0.6, 1, 3}}, x0[3] = {1, -2, 0.5};
    double b[3], x[3];
    int j, k;
    for (j = 0; j < 3; j++) {
        b[j] = 0.0;
        for (k = 0; k < 3; k++) {
            m[j * CEVNS_CHI2_MAX_PULLS + k] = a[j][k];
            b[j] += a[j][k] * x0[k];
        }
    }
    cr_assert_eq(cevns_chi2_solve_spd(3, m, b, x), CEVNS_CHI2_OK);
    for (j = 0; j < 3; j++) cr_expect(fabs(x[j] - x0[j]) <= 1e-14, "x[%d] = %.17g expected %g", j, x[j], x0[j]);
}

Test(chi2, bin_error_formula) {
    cr_expect(fabs(cevns_chi2_bin_error(3.0, 100.0, 1, 0.1) - sqrt(9.0 + 100.0 + 100.0)) <= 1e-14);
    cr_expect(fabs(cevns_chi2_bin_error(0.0, -16.0, 1, 0.0) - 4.0) <= 1e-15);
    cr_expect_eq(cevns_chi2_bin_error(2.0, 50.0, 0, 0.0), 2.0);
}

Test(chi2, invalid_inputs) {
    gsl_rng *rng = make_rng(SEED + 6);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double chi2;
    random_gauss_problem(rng, 10, 2, &p);
    in = input_of(&p);
    in.n_pulls = CEVNS_STATS_MAX_PULLS + 1;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "at most 12") != NULL, "%s", err.msg);
    in.n_pulls = 2;
    p.d[3] = 0.0;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_EPHYSICS);
    cr_expect(strstr(err.msg, "bin 3") != NULL, "%s", err.msg);
    p.d[3] = 1.0;
    p.sigma[1] = 0.0;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "pull 1") != NULL, "%s", err.msg);
    p.sigma[1] = 0.1;
    p.o[5] = NAN;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_EPHYSICS);
    cr_expect_eq(cevns_poisson_pull(&in, &chi2, NULL, &err), CEVNS_EPHYSICS);
    p.o[5] = 10.0;
    p.c[4] = INFINITY;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_EPHYSICS);
    p.c[4] = 1.0;
    cr_expect_eq(cevns_chi2_pull(&in, &chi2, NULL, &err), CEVNS_OK, "%s", err.msg);
    gsl_rng_free(rng);
}

/* The kernel's finiteness rule on its own layout (kernels/common/chi2.h): a NaN or an
 * infinity in any observed count, background, signal or pull shift of any bin fails the
 * point with CEVNS_CHI2_NONFINITE, for both statistics, also in a bin whose weight is 0
 * (a bin the pull chi2 otherwise ignores) and for an Asimov data set. */
Test(chi2, every_non_finite_input_is_reported) {
    enum { NB = 4, OBS = 0, WEIGHT = NB, BG = 2 * NB, SHIFT = 3 * NB, LEN = 4 * NB };
    const double bad[3] = {NAN, INFINITY, -INFINITY};
    cevns_pod_stat h;
    double data[LEN], signal[NB], xi[CEVNS_CHI2_MAX_PULLS], value;
    int i, asimov, stat, where, bin, v;
    memset(&h, 0, sizeof h);
    h.n_bins = NB;
    h.n_pulls = 2;
    h.off_observed = OBS;
    h.off_weight = WEIGHT;
    h.off_background = BG;
    h.source[0] = CEVNS_PULL_FROM_SIGNAL;
    h.source[1] = SHIFT;
    h.penalty[0] = h.penalty[1] = 1.0 / (0.1 * 0.1);
    h.sigma_stat = 1;
    for (asimov = 0; asimov <= 1; asimov++)
        for (stat = 0; stat <= 1; stat++)
            for (where = 0; where < 4; where++) /* observed, background, shift array, signal */
                for (bin = 0; bin < NB; bin++)
                    for (v = 0; v < 3; v++) {
                        int rc;
                        for (i = 0; i < NB; i++) {
                            data[OBS + i] = 10.0 + i;
                            data[WEIGHT + i] = i == 1 ? 0.0 : 1.0 / (10.0 + i);
                            data[BG + i] = 3.0;
                            data[SHIFT + i] = 0.5 + 0.1 * i;
                            signal[i] = 6.0 + i;
                        }
                        h.asimov = asimov;
                        h.statistic = stat ? CEVNS_STAT_POISSON : CEVNS_STAT_CHI2;
                        if (where == 3) signal[bin] = bad[v];
                        else data[(where == 0 ? OBS : where == 1 ? BG : SHIFT) + bin] = bad[v];
                        rc = stat ? cevns_poisson_pull_min(&h, data, signal, 1.5, &value, xi)
                                  : cevns_chi2_pull_min(&h, data, signal, 1.5, &value, xi);
                        cr_expect_eq(rc, CEVNS_CHI2_NONFINITE, "asimov %d, %s, input %d, bin %d, value %g: code %d",
                                     asimov, stat ? "Poisson" : "chi2", where, bin, bad[v], rc);
                    }
}

/* ------------------------------------------------------------------ Poisson */

/* Small Poisson counts (zeros included) around R + B. */
static void random_poisson_problem(gsl_rng *rng, size_t n, size_t np, problem *p) {
    size_t i;
    memset(p, 0, sizeof *p);
    p->n = n;
    p->np = np;
    for (i = 0; i < n; i++) {
        p->r[i] = 0.5 + 6.0 * gsl_rng_uniform(rng);
        p->b[i] = 0.3 + gsl_rng_uniform(rng);
        p->o[i] = (double)gsl_ran_poisson(rng, 1.2 * p->r[i] + p->b[i]);
        p->d[i] = 1.0;
        p->c[0 * n + i] = p->r[i];
        p->c[1 * n + i] = p->b[i];
        p->c[2 * n + i] = p->r[i] * ((double)i - 0.5 * (double)n) / (double)n;
    }
    p->sigma[0] = 0.15;
    p->sigma[1] = 0.3;
    p->sigma[2] = 0.1;
}

Test(poisson, exact_data_give_zero) {
    gsl_rng *rng = make_rng(SEED + 7);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double v = -1.0, xi[3] = {1, 1, 1};
    size_t i;
    random_poisson_problem(rng, 12, 0, &p);
    for (i = 0; i < p.n; i++) p.o[i] = p.r[i] + p.b[i];
    /* a bin with nothing expected and nothing seen contributes 0 */
    p.r[4] = p.b[4] = p.o[4] = 0.0;
    in = input_of(&p);
    cr_assert_eq(cevns_poisson_pull(&in, &v, NULL, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(v) <= 1e-12, "-2lnL %g", v);
    random_poisson_problem(rng, 12, 3, &p);
    for (i = 0; i < p.n; i++) p.o[i] = p.r[i] + p.b[i];
    in = input_of(&p);
    cr_assert_eq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(v) <= 1e-12, "-2lnL %g", v);
    for (i = 0; i < 3; i++) cr_expect(fabs(xi[i]) <= 1e-10, "pull %zu = %g", i, xi[i]);
    gsl_rng_free(rng);
}

Test(poisson, no_pulls_matches_direct_formula) {
    gsl_rng *rng = make_rng(SEED + 8);
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double v, e;
    random_poisson_problem(rng, 25, 0, &p);
    in = input_of(&p);
    e = poisson_direct(&p, NULL);
    cr_assert_eq(cevns_poisson_pull(&in, &v, NULL, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(v - e) <= 1e-12 * e, "-2lnL %.15g expected %.15g", v, e);
    gsl_rng_free(rng);
}

static double brent_f(double x, void *params) { return poisson_direct(params, &x); }

Test(poisson, one_pull_matches_brent) {
    gsl_rng *rng = make_rng(SEED + 9);
    int trial;
    for (trial = 0; trial < 5; trial++) {
        problem p;
        cevns_stats_input in;
        cevns_error err = {""};
        gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
        gsl_function fn;
        double v, xi, lo, hi, guess, fbest = HUGE_VAL, bx, bf;
        int k, kbest = 0, it, status = GSL_CONTINUE;
        random_poisson_problem(rng, 15, 1, &p);
        if (trial == 4) p.free[0] = 1;
        in = input_of(&p);
        cr_assert_eq(cevns_poisson_pull(&in, &v, &xi, &err), CEVNS_OK, "%s", err.msg);
        /* bracket from a coarse grid on (-0.9, 2) (mu > 0 needs xi > -1 - B/R) */
        for (k = 1; k < 2900; k++) {
            double x = -0.9 + 1e-3 * k, f = brent_f(x, &p);
            if (f < fbest) {
                fbest = f;
                kbest = k;
            }
        }
        cr_assert(kbest > 1 && kbest < 2899, "trial %d: minimum not bracketed", trial);
        lo = -0.9 + 1e-3 * (kbest - 1);
        hi = -0.9 + 1e-3 * (kbest + 1);
        guess = -0.9 + 1e-3 * kbest;
        fn.function = brent_f;
        fn.params = &p;
        gsl_min_fminimizer_set(m, &fn, guess, lo, hi);
        for (it = 0; it < 1000 && status == GSL_CONTINUE; it++) {
            gsl_min_fminimizer_iterate(m);
            status = gsl_min_test_interval(gsl_min_fminimizer_x_lower(m), gsl_min_fminimizer_x_upper(m), 1e-12, 0.0);
        }
        bx = gsl_min_fminimizer_x_minimum(m);
        bf = gsl_min_fminimizer_f_minimum(m);
        gsl_min_fminimizer_free(m);
        cr_expect(v <= bf * (1.0 + 1e-13), "trial %d: -2lnL %.15g above Brent %.15g", trial, v, bf);
        cr_expect(fabs(v - bf) <= 1e-10 * bf, "trial %d: -2lnL %.15g Brent %.15g", trial, v, bf);
        cr_expect(fabs(xi - bx) <= 1e-6, "trial %d: pull %.12g Brent %.12g", trial, xi, bx);
    }
    gsl_rng_free(rng);
}

Test(poisson, several_pulls_match_simplex) {
    gsl_rng *rng = make_rng(SEED + 10);
    int trial;
    for (trial = 0; trial < 4; trial++) {
        problem p;
        cevns_stats_input in;
        cevns_error err = {""};
        double v, xi[3], bxi[3], best;
        size_t np = trial % 2 ? 3 : 2, j;
        random_poisson_problem(rng, 18, np, &p);
        if (trial >= 2) p.free[0] = 1;
        in = input_of(&p);
        cr_assert_eq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_OK, "trial %d: %s", trial, err.msg);
        best = brute_minimise(&p, 1, bxi);
        cr_expect(v <= best * (1.0 + 1e-12), "trial %d: -2lnL %.15g above simplex %.15g", trial, v, best);
        cr_expect(fabs(v - best) <= 1e-9 * best, "trial %d: -2lnL %.15g simplex %.15g", trial, v, best);
        for (j = 0; j < np; j++)
            cr_expect(fabs(xi[j] - bxi[j]) <= 1e-5, "trial %d: pull %zu: %.10g simplex %.10g", trial, j, xi[j], bxi[j]);
    }
    gsl_rng_free(rng);
}

Test(poisson, edge_cases) {
    problem p;
    cevns_stats_input in;
    cevns_error err = {""};
    double v, xi[1];
    memset(&p, 0, sizeof p);
    p.n = 3;
    p.np = 1;
    p.r[0] = 2.0, p.r[1] = 0.0, p.r[2] = 3.0;
    p.o[0] = 1.0, p.o[1] = 1.0, p.o[2] = 4.0;
    p.c[0] = p.r[0], p.c[1] = p.r[1], p.c[2] = p.r[2];
    p.sigma[0] = 0.1;
    in = input_of(&p);
    /* one event where nothing is expected and no pull can change that: infinite */
    cr_assert_eq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(isinf(v) && v > 0.0, "-2lnL %g", v);
    /* ... unless a pull could move it: then the start is reported */
    p.c[1] = 1.0;
    cr_expect_eq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_EPHYSICS);
    /* negative observed counts are not Poisson data */
    p.c[1] = 0.0;
    p.o[1] = -1.0;
    cr_expect_eq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_EPHYSICS);
    cr_expect(strstr(err.msg, "bin 1") != NULL, "%s", err.msg);
    /* a free pull acting only on empty bins has no minimum inside the domain */
    p.o[0] = p.o[1] = p.o[2] = 0.0;
    p.r[1] = 1.0;
    p.c[1] = 1.0;
    p.free[0] = 1;
    cr_expect_neq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_OK);
    cr_log_info("free pull on empty bins: %s", err.msg);
    /* a tilt that can empty bin 0 (O = 0): f = 2 mu0 + 2[mu1 - 5 + 5 ln(5/mu1)] + xi^2/100^2,
     * mu0 = 1 + xi, mu1 = 1 - xi; df/dxi = 5 > 0 at xi = -1, so the minimum is on mu0 = 0 */
    memset(&p, 0, sizeof p);
    p.n = 2;
    p.np = 1;
    p.r[0] = p.r[1] = 1.0;
    p.o[1] = 5.0;
    p.c[0] = 1.0, p.c[1] = -1.0;
    p.sigma[0] = 100.0;
    in = input_of(&p);
    cr_expect_eq(cevns_poisson_pull(&in, &v, xi, &err), CEVNS_ENUMERIC);
    cr_expect(strstr(err.msg, "reaches 0") != NULL, "%s", err.msg);
}

/* For large counts Baker-Cousins -2 ln L -> Neyman chi2 with D_i^2 = O_i:
 * 2[mu - O + O ln(O/mu)] = (mu - O)^2/O - (mu - O)^3/(3 O^2) + ..., so the
 * relative difference is O((mu - O)/O) ~ 1e-3 here. */
Test(poisson, approaches_chi2_for_large_counts) {
    gsl_rng *rng = make_rng(SEED + 11);
    problem p1, p2;
    double c1, c2, l1, l2, dc, dl, x1[1], x2[1], y1[1], y2[1];
    cevns_stats_input in;
    cevns_error err = {""};
    size_t i, n = 20;
    memset(&p1, 0, sizeof p1);
    p1.n = n;
    p1.np = 1;
    p1.sigma[0] = 0.05;
    for (i = 0; i < n; i++) {
        double mu;
        p1.r[i] = 1e6 * (1.0 + 0.5 * gsl_rng_uniform(rng));
        p1.b[i] = 1e5;
        mu = p1.r[i] + p1.b[i];
        p1.o[i] = floor(mu + sqrt(mu) * gsl_ran_gaussian(rng, 1.0) + 0.5);
        p1.d[i] = sqrt(p1.o[i]);
        p1.c[i] = p1.r[i];
    }
    /* a second hypothesis: a spectral tilt of 0.3 % across the range */
    p2 = p1;
    for (i = 0; i < n; i++) {
        p2.r[i] = p1.r[i] * (1.0 + 0.003 * ((double)i - 0.5 * (double)n) / (double)n);
        p2.c[i] = p2.r[i];
    }
    in = input_of(&p1);
    cr_assert_eq(cevns_chi2_pull(&in, &c1, x1, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_poisson_pull(&in, &l1, y1, &err), CEVNS_OK, "%s", err.msg);
    in = input_of(&p2);
    cr_assert_eq(cevns_chi2_pull(&in, &c2, x2, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_poisson_pull(&in, &l2, y2, &err), CEVNS_OK, "%s", err.msg);
    dc = c2 - c1;
    dl = l2 - l1;
    cr_log_info("chi2 %.6f %.6f (delta %.6f), -2lnL %.6f %.6f (delta %.6f)", c1, c2, dc, l1, l2, dl);
    cr_expect(fabs(dc) > 10.0, "the two hypotheses should differ (delta chi2 %g)", dc);
    cr_expect(fabs(dl - dc) <= 1e-2 * fabs(dc), "delta -2lnL %.8g vs delta chi2 %.8g", dl, dc);
    cr_expect(fabs(l1 - c1) <= 1e-2 * c1, "-2lnL %.8g vs chi2 %.8g", l1, c1);
    cr_expect(fabs(y1[0] - x1[0]) <= 1e-2 * fabs(x1[0]) + 1e-6, "pulls %.8g vs %.8g", y1[0], x1[0]);
    gsl_rng_free(rng);
}

/* ------------------------------------------------------------------ CL thresholds */

Test(threshold, chi2_table_values) {
    /* standard chi2 quantile tables */
    cr_expect(fabs(cevns_delta_chi2_threshold(0.90, 1) - 2.705543) <= 1e-6);
    cr_expect(fabs(cevns_delta_chi2_threshold(0.90, 2) - 4.605170) <= 1e-6);
    cr_expect(fabs(cevns_delta_chi2_threshold(0.95, 1) - 3.841459) <= 1e-6);
    cr_expect(fabs(cevns_delta_chi2_threshold(0.99, 2) - 9.210340) <= 1e-6);
    /* 68.27 % for 1 dof is 1 sigma: Delta chi2 = 1 (P = erf(1/sqrt 2) = 0.682689...) */
    cr_expect(fabs(cevns_delta_chi2_threshold(0.6827, 1) - 1.0) <= 1e-4);
    cr_expect(fabs(cevns_delta_chi2_threshold(erf(1.0 / sqrt(2.0)), 1) - 1.0) <= 1e-9);
    /* 2 dof closed form: P = 1 - exp(-x/2) -> x = -2 ln(1 - P) */
    cr_expect(fabs(cevns_delta_chi2_threshold(0.5, 2) - 2.0 * log(2.0)) <= 1e-12);
    cr_expect(isnan(cevns_delta_chi2_threshold(0.0, 1)));
    cr_expect(isnan(cevns_delta_chi2_threshold(1.0, 1)));
    cr_expect(isnan(cevns_delta_chi2_threshold(0.9, 0)));
}

/* ------------------------------------------------------------------ data loading */

static cevns_config *data_config(cevns_data_kind kind, const char *file) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cr_assert_not_null(cfg);
    cevns_config_defaults(cfg);
    snprintf(cfg->path, sizeof cfg->path, "%s", "test.json");
    memset(&cfg->data, 0, sizeof cfg->data);
    cfg->data.kind = kind;
    cfg->data.scale = 1.0;
    if (file) snprintf(cfg->data.file, sizeof cfg->data.file, "%s", file);
    cfg->scan.statistic = CEVNS_STAT_CHI2;
    return cfg;
}

Test(data, binned_with_scale_and_error_terms) {
    char path[64];
    double o[3], e[3], b[3];
    const double obs[3] = {10.0, 20.0, 0.5}, ferr[3] = {1.0, 2.5, 0.25};
    cevns_error err = {""};
    cevns_config *cfg;
    size_t i;
    test_write_temp("/tmp/cevns_stats_XXXXXX", "# x obs err bkg\n1 10 1.0 3\n2, 20, 2.5, 4\n\n3 0.5 0.25 5\n", path,
                    sizeof path);
    cfg = data_config(CEVNS_DATA_BINNED, path);
    cfg->data.col_observed = 2;
    cfg->data.col_error = 3;
    cfg->data.scale = 2.0;
    cfg->data.sigma_stat = 1;
    cfg->data.sigma_frac = 0.1;
    cfg->data.background.type = CEVNS_BKG_COLUMN;
    cfg->data.background.column = 4;
    cr_assert_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_OK, "%s", err.msg);
    for (i = 0; i < 3; i++) {
        double so = 2.0 * obs[i], se = 2.0 * ferr[i];
        cr_expect(fabs(o[i] - so) <= 1e-14 * so, "bin %zu observed %g", i, o[i]);
        cr_expect(fabs(e[i] - sqrt(se * se + so + 0.01 * so * so)) <= 1e-14 * e[i], "bin %zu error %g", i, e[i]);
        cr_expect(fabs(b[i] - 2.0 * (3.0 + (double)i)) <= 1e-14, "bin %zu background %g", i, b[i]);
    }
    /* no error terms but the file's */
    cfg->data.scale = 1.0;
    cfg->data.sigma_stat = 0;
    cfg->data.sigma_frac = 0.0;
    cfg->data.background.type = CEVNS_BKG_NONE;
    cr_assert_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_OK, "%s", err.msg);
    for (i = 0; i < 3; i++) {
        cr_expect_eq(o[i], obs[i]);
        cr_expect_eq(e[i], ferr[i]);
        cr_expect_eq(b[i], 0.0);
    }
    unlink(path);
    free(cfg);
}

Test(data, on_off) {
    char path[64];
    double o[2], e[2], b[2];
    cevns_error err = {""};
    cevns_config *cfg;
    test_write_temp("/tmp/cevns_stats_XXXXXX", "# on on_err off off_err\n100 10 40 6\n50 7 55 8\n", path, sizeof path);
    cfg = data_config(CEVNS_DATA_ON_OFF, path);
    cfg->data.col_on = 1;
    cfg->data.col_on_error = 2;
    cfg->data.col_off = 3;
    cfg->data.col_off_error = 4;
    cfg->data.scale = 0.5;
    cr_assert_eq(cevns_data_load(cfg, 2, NULL, 0.0, o, e, b, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(o[0] - 30.0) <= 1e-14 && fabs(o[1] + 2.5) <= 1e-14, "observed %g %g", o[0], o[1]);
    cr_expect(fabs(e[0] - 0.5 * sqrt(136.0)) <= 1e-14 && fabs(e[1] - 0.5 * sqrt(113.0)) <= 1e-14, "errors %g %g", e[0],
              e[1]);
    cr_expect(b[0] == 0.0 && b[1] == 0.0);
    unlink(path);
    free(cfg);
}

Test(data, flat_backgrounds) {
    const double edges[4] = {0.16, 0.5, 1.0, 2.5};
    double o[3] = {-1, -1, -1}, b[3];
    cevns_error err = {""};
    cevns_config *cfg = data_config(CEVNS_DATA_ASIMOV, NULL);
    size_t i;
    cfg->data.background.type = CEVNS_BKG_FLAT;
    cfg->data.background.per_unit_kg_day = 2.0;
    /* Asimov: only the background is filled; observed and error may be NULL */
    cr_assert_eq(cevns_data_load(cfg, 3, edges, 205.4, NULL, NULL, b, &err), CEVNS_OK, "%s", err.msg);
    for (i = 0; i < 3; i++) {
        double expect = 2.0 * (edges[i + 1] - edges[i]) * 205.4;
        cr_expect(fabs(b[i] - expect) <= 1e-13 * expect, "bin %zu: %.15g expected %.15g", i, b[i], expect);
    }
    cr_assert_eq(cevns_data_load(cfg, 3, edges, 205.4, o, NULL, b, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(o[0] == -1 && o[1] == -1 && o[2] == -1, "Asimov observed counts are left to the scan");
    cfg->data.background.per_unit_kg_day = 0.0;
    cfg->data.background.per_bin = 7.5;
    cr_assert_eq(cevns_data_load(cfg, 3, NULL, 0.0, NULL, NULL, b, &err), CEVNS_OK, "%s", err.msg);
    for (i = 0; i < 3; i++) cr_expect_eq(b[i], 7.5);
    /* per_unit_kg_day without an exposure */
    cfg->data.background.per_unit_kg_day = 1.0;
    cr_expect_eq(cevns_data_load(cfg, 3, edges, 0.0, NULL, NULL, b, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "per_unit_kg_day") != NULL, "%s", err.msg);
    free(cfg);
}

Test(data, asimov_background_column) {
    char path[64];
    double b[2];
    cevns_error err = {""};
    cevns_config *cfg;
    test_write_temp("/tmp/cevns_stats_XXXXXX", "1 0.25\n2 0.75\n", path, sizeof path);
    cfg = data_config(CEVNS_DATA_ASIMOV, path);
    cfg->data.background.type = CEVNS_BKG_COLUMN;
    cfg->data.background.column = 2;
    cfg->data.scale = 4.0;
    cr_assert_eq(cevns_data_load(cfg, 2, NULL, 0.0, NULL, NULL, b, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(b[0] == 1.0 && b[1] == 3.0, "background %g %g", b[0], b[1]);
    cfg->data.file[0] = '\0';
    cr_expect_eq(cevns_data_load(cfg, 2, NULL, 0.0, NULL, NULL, b, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "experiment.data.file") != NULL, "%s", err.msg);
    unlink(path);
    free(cfg);
}

Test(data, errors_name_file_key_and_row) {
    char path[64], msg[80];
    double o[3], e[3], b[3];
    cevns_error err = {""};
    cevns_config *cfg;
    test_write_temp("/tmp/cevns_stats_XXXXXX", "1 10 1\n2 20 0\n3 30 3\n", path, sizeof path);
    cfg = data_config(CEVNS_DATA_BINNED, path);
    cfg->data.col_observed = 2;
    cfg->data.col_error = 3;

    /* zero error while it is the only uncertainty: names the row */
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, path) && strstr(err.msg, "data row 2"), "%s", err.msg);
    /* allowed once sigma_stat adds an uncertainty */
    cfg->data.sigma_stat = 1;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(e[1] - sqrt(20.0)) <= 1e-14, "error %g", e[1]);
    cfg->data.sigma_stat = 0;

    /* row count mismatch: names the file and both counts */
    cr_expect_eq(cevns_data_load(cfg, 4, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, path) && strstr(err.msg, "3 data row") && strstr(err.msg, "4 bin"), "%s", err.msg);

    /* missing column */
    cfg->data.col_error = 5;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "columns.error") && strstr(err.msg, "3 column"), "%s", err.msg);
    cfg->data.col_error = 3;
    cfg->data.col_observed = 0;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "test.json") && strstr(err.msg, "columns.observed"), "%s", err.msg);
    cfg->data.col_observed = 2;

    /* no error at all with the chi2 statistic */
    cfg->data.col_error = 0;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "data row 1") != NULL, "%s", err.msg);
    /* ... is fine for the Poisson likelihood */
    cfg->scan.statistic = CEVNS_STAT_POISSON;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_OK, "%s", err.msg);
    unlink(path);

    /* missing file: names the key and the path */
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "experiment.data.file") && strstr(err.msg, path), "%s", err.msg);

    /* negative error, and non-numbers (the table reader) */
    test_write_temp("/tmp/cevns_stats_XXXXXX", "1 10 1\n2 20 -2\n3 30 3\n", path, sizeof path);
    snprintf(cfg->data.file, sizeof cfg->data.file, "%s", path);
    cfg->data.col_error = 3;
    cfg->data.sigma_frac = 0.1;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "data row 2") != NULL, "%s", err.msg);
    unlink(path);
    test_write_temp("/tmp/cevns_stats_XXXXXX", "1 10 1\n2 nan 2\n3 30 3\n", path, sizeof path);
    snprintf(cfg->data.file, sizeof cfg->data.file, "%s", path);
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EDATA);
    snprintf(msg, sizeof msg, "%s:2", path);
    cr_expect(strstr(err.msg, msg) != NULL, "%s", err.msg);
    unlink(path);
    free(cfg);
}

/* ------------------------------------------------------------------ background components */

/* The Dresden-II binning: 130 bins of 10 eV from 0.2 keVee, plus an uneven set. */
static void dresden_edges(double *edges) {
    for (int i = 0; i <= 130; i++) edges[i] = 0.2 + 0.01 * i;
}

static double sum_of(const double *v, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += v[i];
    return s;
}

/* flat: (b - a) / (hi - lo), on uneven bins. */
Test(background, flat_fractions_are_bin_widths) {
    const double edges[5] = {0.5, 0.75, 1.5, 1.625, 4.5};
    double f[4];
    cevns_error err = {""};
    cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_FLAT, 0, 0, 0, 4, edges, f, &err), CEVNS_OK, "%s", err.msg);
    for (int i = 0; i < 4; i++) {
        double expect = (edges[i + 1] - edges[i]) / 4.0;
        cr_expect(fabs(f[i] - expect) <= 1e-15, "bin %d: %.17g expected %.17g", i, f[i], expect);
    }
    cr_expect(fabs(sum_of(f, 4) - 1.0) <= 1e-15);
}

/* exponential: int_a^b e^(-x/L) dx / int_lo^hi e^(-x/L) dx, written with plain exp
 * in long double (the differences cancel ~ log10(L / width) digits for long L). */
Test(background, exponential_fractions_match_the_closed_form) {
    const double decays[4] = {0.01, 0.25, 3.0, 1e4};
    double edges[131], f[130];
    cevns_error err = {""};
    dresden_edges(edges);
    for (int d = 0; d < 4; d++) {
        long double L = decays[d], norm = expl(-edges[0] / L) - expl(-edges[130] / L);
        cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_EXPONENTIAL, L, 0, 0, 130, edges, f, &err), CEVNS_OK,
                     "%s", err.msg);
        for (int i = 0; i < 130; i++) {
            double expect = (double)((expl(-edges[i] / L) - expl(-edges[i + 1] / L)) / norm);
            cr_expect(fabs(f[i] - expect) <= 1e-12 * expect + 1e-300, "decay %g bin %d: %.17g expected %.17g",
                      (double)L, i, f[i], expect);
        }
        cr_expect(fabs(sum_of(f, 130) - 1.0) <= 1e-13, "decay %g: sum %.17g", (double)L, sum_of(f, 130));
    }
    /* a long decay length is flat */
    cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_EXPONENTIAL, 1e12, 0, 0, 130, edges, f, &err), CEVNS_OK);
    for (int i = 0; i < 130; i++) cr_expect(fabs(f[i] / (0.01 / 1.3) - 1.0) <= 1e-9, "bin %d: %.17g", i, f[i]);
    /* the first bin of a steep one: (1 - e^(-w/L)) / (1 - e^(-1.3/L)) */
    cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_EXPONENTIAL, 0.02, 0, 0, 130, edges, f, &err), CEVNS_OK);
    cr_expect(fabs(f[0] - (1.0 - exp(-0.5)) / (1.0 - exp(-65.0))) <= 1e-14, "%.17g", f[0]);
    cr_expect(f[129] > 0.0 && f[129] < 1e-27, "%g", f[129]);
}

/* gaussian: [Phi(b) - Phi(a)] / [Phi(hi) - Phi(lo)] with GSL's normal CDF (tails with Q). */
Test(background, gaussian_fractions_match_the_closed_form) {
    static const struct {
        double mean, sigma;
    } peaks[] = {{1.297, 0.0715}, {1.142, 0.07}, {0.158, 0.0685}, {0.85, 2.0}, {1.6, 0.05}};
    double edges[131], f[130];
    cevns_error err = {""};
    dresden_edges(edges);
    for (size_t p = 0; p < sizeof peaks / sizeof peaks[0]; p++) {
        double m = peaks[p].mean, s = peaks[p].sigma;
        double norm = m < edges[0] ? gsl_cdf_gaussian_Q(edges[0] - m, s) - gsl_cdf_gaussian_Q(edges[130] - m, s)
                                   : gsl_cdf_gaussian_P(edges[130] - m, s) - gsl_cdf_gaussian_P(edges[0] - m, s);
        cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_GAUSSIAN, 0, m, s, 130, edges, f, &err), CEVNS_OK, "%s",
                     err.msg);
        for (int i = 0; i < 130; i++) {
            double a = edges[i] - m, b = edges[i + 1] - m;
            double mass = a >= 0.0 ? gsl_cdf_gaussian_Q(a, s) - gsl_cdf_gaussian_Q(b, s)
                                   : gsl_cdf_gaussian_P(b, s) - gsl_cdf_gaussian_P(a, s);
            double expect = mass / norm;
            cr_expect(fabs(f[i] - expect) <= 1e-11 * expect + 1e-300, "peak %zu bin %d: %.17g expected %.17g", p, i, f[i],
                      expect);
        }
        cr_expect(fabs(sum_of(f, 130) - 1.0) <= 1e-13, "peak %zu: sum %.17g", p, sum_of(f, 130));
    }
    /* a narrow peak centred in a bin puts erf(0.005 / (sqrt 2 s)) there */
    cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_GAUSSIAN, 0, 1.005, 0.002, 130, edges, f, &err), CEVNS_OK);
    cr_expect(fabs(f[80] - erf(0.005 / (sqrt(2.0) * 0.002))) <= 1e-14, "%.17g", f[80]);
}

Test(background, shape_errors) {
    double edges[131], f[130];
    const double bad[3] = {1.0, 1.0, 2.0};
    cevns_error err = {""};
    dresden_edges(edges);
    cr_expect_eq(cevns_background_shape_fractions(CEVNS_SHAPE_GAUSSIAN, 0, 20.0, 0.07, 130, edges, f, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "no weight inside the binned range") != NULL, "%s", err.msg);
    cr_expect_eq(cevns_background_shape_fractions(CEVNS_SHAPE_GAUSSIAN, 0, 1.0, 0.0, 130, edges, f, &err), CEVNS_ECONFIG);
    cr_expect_eq(cevns_background_shape_fractions(CEVNS_SHAPE_EXPONENTIAL, 0.0, 0, 0, 130, edges, f, &err), CEVNS_ECONFIG);
    cr_expect_eq(cevns_background_shape_fractions(CEVNS_SHAPE_COLUMN, 0, 0, 0, 130, edges, f, &err), CEVNS_EINTERNAL);
    cr_expect_eq(cevns_background_shape_fractions(CEVNS_SHAPE_FLAT, 0, 0, 0, 2, bad, f, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "bin 0") != NULL, "%s", err.msg);
}

/* Without sigma a Gaussian takes the detector resolution at its mean. */
Test(background, gaussian_width_defaults_to_the_resolution) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_background_component c;
    cr_assert_not_null(cfg);
    cevns_config_defaults(cfg);
    memset(&c, 0, sizeof c);
    c.shape = CEVNS_SHAPE_GAUSSIAN;
    c.mean = 1.297;
    cr_expect_eq(cevns_background_gaussian_sigma(cfg, &c), 0.0);
    cfg->detector.resolution.type = CEVNS_RES_GAUSSIAN;
    cfg->detector.resolution.sigma0 = 0.0685;
    cfg->detector.resolution.sqrt_coeff = 0.018045;
    cfg->detector.resolution.frac = 0.01;
    cr_expect(fabs(cevns_background_gaussian_sigma(cfg, &c) -
                   sqrt(0.0685 * 0.0685 + 0.018045 * 0.018045 * 1.297 + 0.01297 * 0.01297)) <= 1e-16);
    c.mean = -0.5; /* the sqrt term is 0 below 0 */
    cr_expect(fabs(cevns_background_gaussian_sigma(cfg, &c) - sqrt(0.0685 * 0.0685 + 0.005 * 0.005)) <= 1e-16);
    c.sigma = 0.2;
    cr_expect_eq(cevns_background_gaussian_sigma(cfg, &c), 0.2);
    free(cfg);
}

static void add_component(cevns_config *cfg, const char *name, cevns_background_shape shape, double amount) {
    cevns_background_component *c = &cfg->data.backgrounds[cfg->data.n_backgrounds++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->shape = shape;
    c->amount = amount;
    c->free = 1;
}

/* Components: amount x fractions, a column x scale; cevns_data_load returns the
 * total, cevns_data_load_components the parts. */
Test(data, background_components) {
    const double edges[4] = {1.0, 2.0, 3.0, 5.0};
    char path[64];
    double o[3], e[3], b[3], parts[4 * 3], fr[3];
    cevns_error err = {""};
    cevns_config *cfg;
    test_write_temp("/tmp/cevns_stats_XXXXXX", "1 10 1 0.5 3\n2 20 2 0.25 2\n3 30 3 0 1\n", path, sizeof path);
    cfg = data_config(CEVNS_DATA_BINNED, path);
    cfg->data.col_observed = 2;
    cfg->data.col_error = 3;
    cfg->data.scale = 2.0;
    cfg->data.background.type = CEVNS_BKG_FLAT;
    cfg->data.background.per_bin = 0.5;
    add_component(cfg, "flat", CEVNS_SHAPE_FLAT, 40.0);
    add_component(cfg, "exp", CEVNS_SHAPE_EXPONENTIAL, 12.0);
    cfg->data.backgrounds[1].decay = 1.5;
    add_component(cfg, "peak", CEVNS_SHAPE_GAUSSIAN, 8.0);
    cfg->data.backgrounds[2].mean = 2.5;
    cfg->data.backgrounds[2].sigma = 0.4;
    add_component(cfg, "measured", CEVNS_SHAPE_COLUMN, 0.0);
    cfg->data.backgrounds[3].column = 5;

    cr_assert_eq(cevns_data_load_components(cfg, 3, edges, 0.0, o, e, b, parts, &err), CEVNS_OK, "%s", err.msg);
    for (int i = 0; i < 3; i++) {
        double w = edges[i + 1] - edges[i];
        double ex = 12.0 * (exp(-edges[i] / 1.5) - exp(-edges[i + 1] / 1.5)) / (exp(-1.0 / 1.5) - exp(-5.0 / 1.5));
        double ga = 8.0 * (gsl_cdf_gaussian_P(edges[i + 1] - 2.5, 0.4) - gsl_cdf_gaussian_P(edges[i] - 2.5, 0.4)) /
                    (gsl_cdf_gaussian_P(2.5, 0.4) - gsl_cdf_gaussian_P(-1.5, 0.4));
        cr_expect_eq(b[i], 0.5, "the main background alone");
        cr_expect(fabs(parts[i] - 40.0 * w / 4.0) <= 1e-13, "flat bin %d: %.17g", i, parts[i]);
        cr_expect(fabs(parts[3 + i] - ex) <= 1e-13 * ex, "exponential bin %d: %.17g vs %.17g", i, parts[3 + i], ex);
        cr_expect(fabs(parts[6 + i] - ga) <= 1e-12 * ga, "gaussian bin %d: %.17g vs %.17g", i, parts[6 + i], ga);
        cr_expect_eq(parts[9 + i], 2.0 * (3.0 - i), "column bin %d", i);
        cr_expect_eq(o[i], 2.0 * 10.0 * (i + 1));
    }
    cr_expect(fabs(sum_of(parts, 3) - 40.0) <= 1e-12 && fabs(sum_of(parts + 3, 3) - 12.0) <= 1e-12 &&
              fabs(sum_of(parts + 6, 3) - 8.0) <= 1e-12, "amounts are the counts over the binned range");
    /* the total */
    cr_assert_eq(cevns_data_load(cfg, 3, edges, 0.0, o, e, b, &err), CEVNS_OK, "%s", err.msg);
    for (int i = 0; i < 3; i++) {
        double t = 0.5 + parts[i] + parts[3 + i] + parts[6 + i] + parts[9 + i];
        cr_expect(fabs(b[i] - t) <= 1e-13 * t, "total bin %d: %.17g vs %.17g", i, b[i], t);
    }
    /* Asimov data: analytic components need no file; the resolution gives a Gaussian its width */
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cfg->data.n_backgrounds = 3;
    cfg->data.backgrounds[2].sigma = 0.0;
    cfg->detector.resolution.type = CEVNS_RES_GAUSSIAN;
    cfg->detector.resolution.sigma0 = 0.4;
    cfg->data.file[0] = '\0';
    cr_assert_eq(cevns_data_load_components(cfg, 3, edges, 0.0, NULL, NULL, b, parts, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_background_shape_fractions(CEVNS_SHAPE_GAUSSIAN, 0, 2.5, 0.4, 3, edges, fr, &err), CEVNS_OK);
    for (int i = 0; i < 3; i++) cr_expect(fabs(parts[6 + i] - 8.0 * fr[i]) <= 1e-14, "bin %d", i);
    unlink(path);
    free(cfg);
}

Test(data, background_component_errors) {
    const double edges[4] = {1.0, 2.0, 3.0, 5.0};
    char path[64];
    double o[3], e[3], b[3], parts[3 * 3];
    cevns_error err = {""};
    cevns_config *cfg;
    test_write_temp("/tmp/cevns_stats_XXXXXX", "1 10 1 0 -1\n2 20 2 0 2\n3 30 3 0 1\n", path, sizeof path);
    cfg = data_config(CEVNS_DATA_BINNED, path);
    cfg->data.col_observed = 2;
    cfg->data.col_error = 3;
    /* a column of zeros has no counts: its normalisation could not be fitted */
    add_component(cfg, "zeros", CEVNS_SHAPE_COLUMN, 0.0);
    cfg->data.backgrounds[0].column = 4;
    cr_expect_eq(cevns_data_load(cfg, 3, edges, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "backgrounds[0]") && strstr(err.msg, "\"zeros\"") && strstr(err.msg, "no counts"), "%s",
              err.msg);
    /* negative values, and a column the file does not have */
    cfg->data.backgrounds[0].column = 5;
    cr_expect_eq(cevns_data_load(cfg, 3, edges, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "data row 1") && strstr(err.msg, "backgrounds[0].column 5"), "%s", err.msg);
    cfg->data.backgrounds[0].column = 6;
    cr_expect_eq(cevns_data_load(cfg, 3, edges, 0.0, o, e, b, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "backgrounds[0].column") && strstr(err.msg, "5 column"), "%s", err.msg);
    /* analytic shapes need the bin edges; a far Gaussian is named */
    cfg->data.backgrounds[0].shape = CEVNS_SHAPE_GAUSSIAN;
    cfg->data.backgrounds[0].mean = 50.0;
    cfg->data.backgrounds[0].sigma = 0.1;
    cfg->data.backgrounds[0].amount = 3.0;
    cr_expect_eq(cevns_data_load(cfg, 3, NULL, 0.0, o, e, b, &err), CEVNS_EINTERNAL);
    cr_expect_eq(cevns_data_load(cfg, 3, edges, 0.0, o, e, b, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "test.json") && strstr(err.msg, "backgrounds[0] (\"zeros\")") &&
                  strstr(err.msg, "no weight"),
              "%s", err.msg);
    /* the split form needs somewhere to put the components */
    cr_expect_eq(cevns_data_load_components(cfg, 3, edges, 0.0, o, e, b, NULL, &err), CEVNS_EINTERNAL);
    (void)parts;
    unlink(path);
    free(cfg);
}
