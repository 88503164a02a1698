/* test_timing.c - the SNS arrival-time model (src/model/sns_timing.c) against closed forms
 * written here from probability theory, and a brute-force quadrature for what has none:
 *   prompt, delta pulse: P(t0 <= T < t1) = e^{-l u0} - e^{-l u1}, u = t - mean - offset >= 0;
 *   delayed, delta pulse: the hypoexponential CDF F(u) = 1 - (l2 e^{-l1 u} - l1 e^{-l2 u})/(l2 - l1);
 *   prompt, Gaussian pulse: the exponentially modified Gaussian CDF
 *     F(t) = Phi(z) - exp(-l (t - m) + l^2 s^2 / 2) Phi(z - l s),  z = (t - m)/s
 *   (Grushka, Anal. Chem. 44 (1972) 1733).  Lifetimes from PDG: tau_pi 26.033 ns, tau_mu 2.1969811 us. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "cevns/model.h"

#define L_PI (1.0 / 0.026033)
#define L_MU (1.0 / 2.1969811)

static double prompt_cdf_delta(double u) { return u <= 0.0 ? 0.0 : -expm1(-L_PI * u); }

static double delayed_cdf_delta(double u) {
    if (u <= 0.0) return 0.0;
    return 1.0 - (L_MU * exp(-L_PI * u) - L_PI * exp(-L_MU * u)) / (L_MU - L_PI);
}

static double phi(double z) { return 0.5 * erfc(-z / sqrt(2.0)); }

static double prompt_cdf_gauss(double t, double m, double s) {
    double z = (t - m) / s;
    return phi(z) - exp(-L_PI * (t - m) + 0.5 * L_PI * L_PI * s * s) * phi(z - L_PI * s);
}

static cevns_sns_timing gaussian(double mean, double sigma, double offset) {
    cevns_sns_timing t;
    memset(&t, 0, sizeof t);
    t.pulse = CEVNS_PULSE_GAUSSIAN;
    t.mean_us = mean;
    t.sigma_us = sigma;
    t.offset_us = offset;
    return t;
}

static const double edges[] = {-0.5, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.5, 6.0, 12.0};
#define NB (sizeof edges / sizeof edges[0] - 1)

Test(timing, delta_pulse_matches_the_decay_laws) {
    cevns_sns_timing t = gaussian(0.1, 0.0, 0.05);
    double f[NB];
    cevns_error err = {""};
    size_t k;
    cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_PROMPT, edges, NB, f, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < NB; k++) {
        double want = prompt_cdf_delta(edges[k + 1] - 0.15) - prompt_cdf_delta(edges[k] - 0.15);
        cr_expect(fabs(f[k] - want) <= 1e-14, "prompt bin %zu: %.16g vs %.16g", k, f[k], want);
    }
    cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_DELAYED, edges, NB, f, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < NB; k++) {
        double want = delayed_cdf_delta(edges[k + 1] - 0.15) - delayed_cdf_delta(edges[k] - 0.15);
        cr_expect(fabs(f[k] - want) <= 1e-14, "delayed bin %zu: %.16g vs %.16g", k, f[k], want);
    }
}

Test(timing, gaussian_pulse_matches_the_exponentially_modified_gaussian) {
    cevns_sns_timing t = gaussian(0.35, 0.15, 0.0);
    double f[NB], sum = 0.0;
    cevns_error err = {""};
    size_t k;
    cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_PROMPT, edges, NB, f, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < NB; k++) {
        double want = prompt_cdf_gauss(edges[k + 1], 0.35, 0.15) - prompt_cdf_gauss(edges[k], 0.35, 0.15);
        cr_expect(fabs(f[k] - want) <= 1e-12, "bin %zu: %.16g vs %.16g", k, f[k], want);
    }
    { /* every neutrino arrives in [-3, 12] us but for ~1e-32 */
        static const double wide[] = {-3.0, 0.3, 0.4, 2.0, 12.0};
        cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_DELAYED, wide, 4, f, &err), CEVNS_OK, "%s", err.msg);
        for (k = 0; k < 4; k++) sum += f[k];
        /* the delayed tail beyond 12 us: the muon term of the hypoexponential, weight l_pi/(l_pi - l_mu),
         * convolved with the pulse, exp(-l_mu (t - m) + l_mu^2 s^2 / 2) (the pion term is ~e^-440) */
        cr_expect(fabs(sum - (1.0 - exp(-L_MU * (12.0 - 0.35) + 0.5 * L_MU * L_MU * 0.15 * 0.15) * L_PI / (L_PI - L_MU))) <=
                      1e-12,
                  "delayed fractions over [-3, 12] us sum to %.16g", sum);
    }
}

/* A brute-force reference: composite Simpson over the pulse (s) and the arrival time (t) of
 * eps(t) pulse(s) k(t - s - offset), k the delay density; fine enough for 1e-8. */
static double eps_exp(double t, double onset, double rate) { return t < onset ? 1.0 : exp(-rate * (t - onset)); }

static double delayed_density(double u) {
    return u < 0.0 ? 0.0 : L_PI * L_MU / (L_MU - L_PI) * (exp(-L_PI * u) - exp(-L_MU * u));
}

static double tri_pulse(double s) { return s < 0.0 || s > 0.4 ? 0.0 : (s < 0.2 ? s : 0.4 - s) / 0.04; }

static double brute_bin(double t0, double t1, double onset, double rate, double offset) {
    const int ns = 400, nt = 4000;
    double hs = 0.4 / ns, total = 0.0;
    int i, j;
    for (i = 0; i <= ns; i++) {
        double s = hs * i, ws = (i == 0 || i == ns) ? 1.0 : (i % 2 ? 4.0 : 2.0), inner = 0.0;
        double a = t0 > s + offset ? t0 : s + offset, ht;
        if (!(t1 > a)) continue;
        ht = (t1 - a) / nt;
        for (j = 0; j <= nt; j++) {
            double t = a + ht * j, wt = (j == 0 || j == nt) ? 1.0 : (j % 2 ? 4.0 : 2.0);
            inner += wt * eps_exp(t, onset, rate) * delayed_density(t - s - offset);
        }
        total += ws * tri_pulse(s) * inner * ht / 3.0;
    }
    return total * hs / 3.0;
}

Test(timing, table_pulse_with_efficiency_matches_brute_force) {
    static const double tt[] = {0.0, 0.2, 0.4}, tw[] = {0.0, 7.0, 0.0}; /* weights need no normalisation */
    static const double bins[] = {0.0, 0.5, 1.0, 2.0, 4.0, 6.0};
    cevns_sns_timing t;
    double f[5];
    cevns_error err = {""};
    int k;
    memset(&t, 0, sizeof t);
    t.pulse = CEVNS_PULSE_TABLE;
    t.table_t_us = tt;
    t.table_w = tw;
    t.n_table = 3;
    t.offset_us = 0.07;
    t.eff = CEVNS_TIME_EFF_EXPONENTIAL;
    t.eff_onset_us = 0.52;
    t.eff_rate_per_us = 0.0494;
    cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_DELAYED, bins, 5, f, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < 5; k++) {
        double want = brute_bin(bins[k], bins[k + 1], 0.52, 0.0494, 0.07);
        cr_expect(fabs(f[k] - want) <= 2e-8, "bin %d: %.12g vs brute force %.12g", k, f[k], want);
    }
}

Test(timing, bad_input_is_refused_with_a_reason) {
    cevns_sns_timing t = gaussian(0.0, -0.1, 0.0);
    static const double bad_edges[] = {0.0, 1.0, 1.0};
    double f[2];
    cevns_error err = {""};
    cr_expect_neq(cevns_sns_time_fractions(&t, CEVNS_TIMING_PROMPT, edges, NB, f, &err), CEVNS_OK);
    cr_expect(strstr(err.msg, "sigma") != NULL, "%s", err.msg);
    t = gaussian(0.0, 0.1, 0.0);
    cr_expect_neq(cevns_sns_time_fractions(&t, CEVNS_TIMING_PROMPT, bad_edges, 2, f, &err), CEVNS_OK);
    cr_expect(strstr(err.msg, "increasing") != NULL, "%s", err.msg);
    cr_expect_neq(cevns_sns_time_fractions(&t, CEVNS_TIMING_NONE, edges, 1, f, &err), CEVNS_OK);
    cr_expect(strstr(err.msg, "steady") != NULL, "%s", err.msg);
}

/* tools/reference/coherent/sns_timing.py (independent nested scipy quadrature, its case 1: the LAr
 * release's pulse, Gaussian 0.44 us / 0.15 us, offset 0, tau_pi 0.026 us, tau_mu 2.197 us, time
 * efficiency a = 0.52 us, b = 0.0494 /us), results/sns_timing.txt: prompt and delayed fractions with
 * the efficiency in 0.5-us bins from 0 to 6 us. */
Test(timing, matches_the_independent_python_reference) {
    static const double want[12][2] = {
        {5.879352781340e-01, 3.442823745494e-02}, {4.089099969701e-01, 1.773431563958e-01},
        {2.441741579587e-04, 1.544122510737e-01}, {2.930856130045e-11, 1.199856131078e-01},
        {1.372634706968e-19, 9.323179177670e-02}, {5.956777317134e-28, 7.244341027835e-02},
        {2.560930556089e-36, 5.629032321214e-02}, {1.995150341782e-45, 4.373897467213e-02},
        {5.765458652456e-58, 3.398626613244e-02}, {0.0, 2.640817015679e-02},
        {0.0, 2.051980197861e-02}, {0.0, 1.594439413036e-02}};
    double e[13], f[2][12];
    cevns_sns_timing t = gaussian(0.44, 0.15, 0.0);
    cevns_error err = {""};
    int k, c;
    for (k = 0; k <= 12; k++) e[k] = 0.5 * k;
    t.eff = CEVNS_TIME_EFF_EXPONENTIAL;
    t.eff_onset_us = 0.52;
    t.eff_rate_per_us = 0.0494;
    t.tau_pi_us = 0.026;
    t.tau_mu_us = 2.197;
    cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_PROMPT, e, 12, f[0], &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_sns_time_fractions(&t, CEVNS_TIMING_DELAYED, e, 12, f[1], &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < 12; k++)
        for (c = 0; c < 2; c++) { /* the script checks values above 1e-12 to 1e-13; below, an absolute bound */
            double w = want[k][c], tol = w > 1e-12 ? 1e-11 * w : 1e-15;
            cr_expect(fabs(f[c][k] - w) <= tol, "%s, bin %d: %.13g vs %.13g", c ? "delayed" : "prompt", k, f[c][k], w);
        }
}
