/* test_fc.c - the Feldman-Cousins construction (docs/scan.md, "Feldman-Cousins"):
 *  - the generator against Philox4x32-10's published known-answer vectors (Random123's
 *    kat_vectors, Salmon et al. SC11), the samplers' moments and distributions against the
 *    analytic ones, ln k! against libm's lgamma;
 *  - the priors' centres in the statistics against the closed form / the stationarity
 *    condition;
 *  - the critical values of linear Gaussian models, where Delta chi2 has a known law: chi2 with
 *    1 dof far from a boundary (90 %: 2.706, 68.27 %: 1.000) and (1/2) delta(0) + (1/2) chi2_1
 *    at a physical boundary (90 %: the 80 % quantile of chi2_1, 1.642), within the binomial
 *    error of the quantile (the order statistics ceil(q T +- 4 sqrt(T q (1 - q))) mapped through
 *    the analytic law: a distribution-free interval, GSL's chi2 quantiles);
 *  - reproducibility: the same seed gives the same toys for any thread count, batch size or
 *    split into calls, another seed other toys; the CPU and OpenCL engines give the same
 *    critical values (skipped without an OpenCL device);
 *  - `cevns scan --fc` killed during its toys and resumed gives the same results as a run
 *    never interrupted;
 *  - bad input: toys and seeds out of range or of the wrong type, on the config and the
 *    command line, exit non-zero naming the key or option. */
#include <criterion/criterion.h>

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/config.h"
#include "cevns/results.h"
#include "cevns/scan.h"
#include "common/fc.h"
#include "engine/engine.h"
#include "test_run.h"
#include "test_support.h"

/* ---------------------------------------------------------------- the generator */

Test(fc, philox_known_answers) {
    /* Random123 kat_vectors: "philox4x32 10 CTR(4) KEY(2) -> OUT(4)" */
    static const cevns_u32 kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu,
         0xa20bc7c6u, 0x6d5451fdu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu,
         0x5001e420u, 0x24126ea1u}};
    int v, i;
    for (v = 0; v < 3; v++) {
        cevns_u32 out[4];
        cevns_philox4x32_10(kat[v], kat[v] + 4, out);
        for (i = 0; i < 4; i++) cr_expect_eq(out[i], kat[v][6 + i], "vector %d word %d: %08x, expected %08x", v, i, out[i], kat[v][6 + i]);
    }
}

Test(fc, log_factorial_matches_lgamma) {
    double k;
    for (k = 0.0; k <= 2000.0; k += 1.0) {
        double want = lgamma(k + 1.0), got = cevns_log_factorial(k);
        cr_expect(fabs(got - want) <= 4e-15 * fmax(1.0, fabs(want)), "ln %g!: %.17g, lgamma %.17g", k, got, want);
    }
}

/* Mean and variance of n draws of a Poisson mean mu (or a standard normal when mu < 0) from
 * stream (seed; 7, 8, 9). */
static void moments(double mu, size_t n, double *mean, double *var) {
    cevns_rng g;
    double s = 0.0, s2 = 0.0;
    size_t i;
    cevns_rng_init(&g, 12345, 7, 8, 9);
    for (i = 0; i < n; i++) {
        double x = mu < 0.0 ? cevns_rng_normal(&g) : cevns_rng_poisson(&g, mu);
        s += x;
        s2 += x * x;
    }
    *mean = s / (double)n;
    *var = s2 / (double)n - *mean * *mean;
}

/* Poisson: mean mu, variance mu; the sample mean's error sqrt(mu / n), the sample variance's
 * sqrt((mu4 - mu^2) / n) with the fourth central moment mu4 = mu (1 + 3 mu). */
Test(fc, poisson_and_normal_moments_are_analytic) {
    static const double mus[] = {0.3, 3.7, 9.99, 10.0, 25.0, 400.0, 1e5};
    const size_t n = 200000;
    size_t k;
    double mean, var;
    for (k = 0; k < sizeof mus / sizeof mus[0]; k++) {
        double mu = mus[k], se_mean = sqrt(mu / n), se_var = sqrt((mu * (1.0 + 3.0 * mu) - mu * mu) / n);
        moments(mu, n, &mean, &var);
        cr_expect(fabs(mean - mu) < 5.0 * se_mean, "Poisson(%g): mean %.6g (error %.3g)", mu, mean, se_mean);
        cr_expect(fabs(var - mu) < 5.0 * se_var, "Poisson(%g): variance %.6g (error %.3g)", mu, var, se_var);
    }
    /* normal: mean 0 (error 1/sqrt(n)), variance 1 (error sqrt(2 / n)) */
    moments(-1.0, n, &mean, &var);
    cr_expect(fabs(mean) < 5.0 / sqrt((double)n), "normal mean %.6g", mean);
    cr_expect(fabs(var - 1.0) < 5.0 * sqrt(2.0 / n), "normal variance %.6g", var);
}

/* Pearson's chi2 of n draws against the Poisson pmf exp(k ln mu - mu - lgamma(k + 1)), the
 * tails pooled into cells of at least 20 expected draws: p-value above 1e-4 (a fixed stream, so
 * this either always passes or always fails). */
static void poisson_goodness_of_fit(double mu) {
    enum { KMAX = 200 };
    const size_t n = 100000;
    size_t counts[KMAX + 1] = {0}, i;
    cevns_rng g;
    double chi2 = 0.0, exp_cell = 0.0, obs_cell = 0.0, below = 0.0;
    int k, dof = -1;
    cevns_rng_init(&g, 99, 1, 2, 3);
    for (i = 0; i < n; i++) {
        double x = cevns_rng_poisson(&g, mu);
        counts[x > KMAX ? KMAX : (int)x]++;
    }
    for (k = 0; k <= KMAX; k++) {
        double p = k < KMAX ? exp(k * log(mu) - mu - lgamma(k + 1.0)) : 1.0 - below;
        below += p;
        exp_cell += p * (double)n;
        obs_cell += (double)counts[k];
        if (exp_cell >= 20.0 && (k == KMAX || 1.0 - below >= 20.0 / (double)n)) {
            chi2 += (obs_cell - exp_cell) * (obs_cell - exp_cell) / exp_cell;
            dof++;
            exp_cell = obs_cell = 0.0;
        }
    }
    if (exp_cell > 0.0) { /* the last cell: the rest */
        chi2 += (obs_cell - exp_cell) * (obs_cell - exp_cell) / exp_cell;
        dof++;
    }
    cr_expect_gt(gsl_cdf_chisq_Q(chi2, dof), 1e-4, "Poisson(%g): chi2 %.2f for %d dof", mu, chi2, dof);
}

Test(fc, poisson_distribution_is_analytic) {
    poisson_goodness_of_fit(3.7);  /* inversion */
    poisson_goodness_of_fit(25.0); /* PTRS */
}

/* ---------------------------------------------------------------- priors' centres */

/* One bin, one pull: chi2(xi) = w (r - xi c)^2 + p (xi - a)^2 is least at
 * xi = (w c r + p a) / (w c^2 + p), with the value w p (r - a c)^2 / (w c^2 + p). */
Test(fc, chi2_with_a_prior_centre_is_the_closed_form) {
    /* data: observed, weight, background, then the shift (the signal pull: source -1) and the centre */
    double data[5] = {130.0, 1.0 / 400.0, 20.0, 0.0, 0.37}, signal[1] = {95.0}, value, xi[1];
    cevns_pod_stat h;
    double w = data[1], c = signal[0], r = data[0] - signal[0] - data[2], p = 1.0 / (0.2 * 0.2), a = data[4];
    memset(&h, 0, sizeof h);
    h.n_bins = 1;
    h.n_pulls = 1;
    h.statistic = CEVNS_STAT_CHI2;
    h.off_observed = 0;
    h.off_weight = 1;
    h.off_background = 2;
    h.source[0] = CEVNS_PULL_FROM_SIGNAL;
    h.penalty[0] = p;
    h.off_centre = 4;
    cr_assert_eq(cevns_stat_fit(&h, data, signal, 1.0, &value, xi), 0);
    cr_expect(fabs(xi[0] - (w * c * r + p * a) / (w * c * c + p)) < 1e-14, "xi %.17g", xi[0]);
    cr_expect(fabs(value - w * p * (r - a * c) * (r - a * c) / (w * c * c + p)) < 1e-13, "chi2 %.17g", value);
}

/* Poisson with a centre: at the minimum, d/dxi {2 [mu - O + O ln(O/mu)] + p (xi - a)^2} =
 * 2 c (1 - O/mu) + 2 p (xi - a) = 0 with mu = R + B + xi c. */
Test(fc, poisson_with_a_prior_centre_is_stationary) {
    double data[5] = {130.0, 0.0, 20.0, 0.0, -0.41}, signal[1] = {95.0}, value, xi[1], mu, grad;
    cevns_pod_stat h;
    memset(&h, 0, sizeof h);
    h.n_bins = 1;
    h.n_pulls = 1;
    h.statistic = CEVNS_STAT_POISSON;
    h.off_weight = 1;
    h.off_background = 2;
    h.source[0] = CEVNS_PULL_FROM_SIGNAL;
    h.penalty[0] = 1.0 / (0.3 * 0.3);
    h.off_centre = 4;
    cr_assert_eq(cevns_stat_fit(&h, data, signal, 1.0, &value, xi), 0);
    mu = signal[0] + data[2] + xi[0] * signal[0];
    grad = 2.0 * signal[0] * (1.0 - data[0] / mu) + 2.0 * h.penalty[0] * (xi[0] - data[4]);
    /* zero to rounding: the two terms are ~11 each, Newton stops when the predicted decrease
     * g^2 / H is below 1e-12 (chi2.h) */
    cr_expect(fabs(grad) < 1e-6, "gradient %.3g at xi %.17g", grad, xi[0]);
    cr_expect(fabs(value - (2.0 * (mu - data[0] + data[0] * log(data[0] / mu)) +
                            h.penalty[0] * (xi[0] - data[4]) * (xi[0] - data[4]))) < 1e-10,
              "value %.17g", value);
}

/* ---------------------------------------------------------------- helpers */

/* A linear Gaussian model: the signal normalisation n on [0, 2] (401 values), Asimov data at
 * n = 1 with their statistical errors, a flat background with a 10 % pull, the pull chi2: the
 * toys' Delta chi2 has the laws of the file's comment (the grid's spacing 0.005 is 1/20 of
 * the error on n, so the grid minimum is the continuous one to (0.025)^2 / 4 in Delta chi2). */
static const char LINEAR[] =
    "{\"name\": \"fc-linear\", \"experiment\": {"
    "\"source\": {\"type\": \"sns\", \"nu_per_proton\": 0.08, \"pot\": 1.76e23, \"distance_m\": 19.3},"
    "\"target\": {\"material\": \"CsI\"},"
    "\"detector\": {\"mass_kg\": 14.57, \"observable\": \"keVnr\", \"bins\": {\"lo\": 5, \"hi\": 45, \"n\": 4}},"
    "\"data\": {\"observed\": \"asimov\", \"sigma_stat\": true, \"background\": {\"type\": \"flat\", \"per_bin\": 50},"
    "          \"pulls\": [{\"name\": \"bkg\", \"target\": \"background\", \"sigma\": 0.1}]}},"
    "\"model\": {\"form_factor\": {\"type\": \"helm\"}, \"kinematics\": \"full\", \"interactions\": [\"sm\"]},"
    "\"scan\": {\"axes\": [{\"name\": \"normalisation\", \"lo\": 0, \"hi\": 2, \"n\": 401}], \"statistic\": \"chi2\","
    "          \"cl\": [0.6827, 0.9], \"engine\": \"cpu\"}}";

static cevns_config *parse(const char *text) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_config_options o = {.data_dir = CEVNS_SOURCE_DIR "/data"};
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    cr_assert_eq(cevns_config_parse_with(text, CEVNS_SOURCE_DIR "/configs/x.json", &o, cfg, &err), CEVNS_OK, "%s",
                 err.msg);
    return cfg;
}

/* The toys' Delta chi2 of map points [start, start + n) of cfg on engine (threads, batch). */
static double *toys_of(const cevns_config *cfg, const char *engine, int threads, size_t batch, size_t toys,
                       unsigned long long seed, size_t start, size_t n) {
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_fc *f = NULL;
    cevns_error err = {""};
    double *out = malloc(n * toys * sizeof *out);
    cr_assert_not_null(out);
    cevns_scan_settings_default(&set);
    set.engine = engine;
    set.threads = threads;
    set.batch = batch;
    cr_assert_eq(cevns_scan_create(cfg, &set, &s, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_fc_create(s, toys, seed, &f, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_fc_evaluate(f, start, n, out, &err), CEVNS_OK, "%s", err.msg);
    cevns_fc_free(f);
    cevns_scan_free(s);
    return out;
}

static int compare_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The critical value at q of the toys against the law F^-1 (inverse): inside the interval of
 * the order statistics at q -+ 4 sqrt(q (1 - q) / T). */
static void expect_quantile(double *toys, size_t t, double q, double (*inverse)(double), const char *what) {
    double s = sqrt(q * (1.0 - q) / (double)t), got, lo, hi;
    qsort(toys, t, sizeof *toys, compare_double);
    got = cevns_quantile_sorted(toys, t, q);
    lo = inverse(q - 4.0 * s);
    hi = inverse(q + 4.0 * s);
    fprintf(stderr, "test_fc: %s: critical Delta chi2 at %g: %.4f (allowed [%.4f, %.4f], law %.4f)\n", what, q, got,
            lo, hi, inverse(q));
    cr_expect(got >= lo && got <= hi, "%s at %g: %.4f outside [%.4f, %.4f]", what, q, got, lo, hi);
}

/* chi2 with 1 dof, and (1/2) delta(0) + (1/2) chi2_1: F(c) = 1/2 + F_1(c) / 2. */
static double chi2_1(double q) { return gsl_cdf_chisq_Pinv(q, 1.0); }
static double boundary(double q) { return q <= 0.5 ? 0.0 : gsl_cdf_chisq_Pinv(2.0 * q - 1.0, 1.0); }

/* ---------------------------------------------------------------- the laws */

#define LAW_TOYS 10000

Test(fc, far_from_a_boundary_the_critical_values_are_wilks, .timeout = 300) {
    cevns_config *cfg = parse(LINEAR);
    double *toys = toys_of(cfg, "cpu", 0, 0, LAW_TOYS, 2024, 200, 1); /* n = 1.0, the truth */
    expect_quantile(toys, LAW_TOYS, 0.9, chi2_1, "n = 1");
    expect_quantile(toys, LAW_TOYS, 0.6827, chi2_1, "n = 1");
    free(toys);
    free(cfg);
}

Test(fc, at_a_physical_boundary_the_critical_value_is_the_half_chi2_law, .timeout = 300) {
    cevns_config *cfg = parse(LINEAR);
    double *toys = toys_of(cfg, "cpu", 0, 0, LAW_TOYS, 7, 0, 1); /* n = 0: the boundary */
    size_t zero = 0, t;
    for (t = 0; t < LAW_TOYS; t++) zero += toys[t] == 0.0;
    /* half the toys fit best at the boundary: binomial(T, 1/2), 4 standard deviations */
    cr_expect(fabs((double)zero - 0.5 * LAW_TOYS) < 4.0 * sqrt(0.25 * LAW_TOYS), "%zu toys of %d at 0", zero,
              LAW_TOYS);
    expect_quantile(toys, LAW_TOYS, 0.9, boundary, "n = 0");
    free(toys);
    free(cfg);
}

/* ---------------------------------------------------------------- reproducibility */

/* The demonstration config on a 5 x 5 grid (the same range). */
static cevns_config *small_nsi(void) {
    cevns_config *cfg = test_load_config("coherent_csi2021_nsi_fc.json");
    int a, i;
    for (a = 0; a < 2; a++) {
        cevns_axis_config *ax = &cfg->scan.axes[a];
        double lo = ax->values[0], hi = ax->values[ax->n - 1];
        ax->n = 5;
        for (i = 0; i < 5; i++) ax->values[i] = lo + (hi - lo) * i / 4.0;
        ax->spacing = CEVNS_SPACING_LIST;
    }
    return cfg;
}

Test(fc, same_seed_same_toys_for_any_threads_batches_and_calls, .timeout = 300) {
    cevns_config *cfg = small_nsi();
    const size_t toys = 200, n = 25;
    double *a = toys_of(cfg, "cpu", 1, 0, toys, 5, 0, n);
    double *b = toys_of(cfg, "cpu", 2, 75, toys, 5, 0, n); /* 3 toys per pass */
    double *c1 = toys_of(cfg, "cpu", 2, 0, toys, 5, 0, 11), *c2 = toys_of(cfg, "cpu", 2, 0, toys, 5, 11, n - 11);
    double *d = toys_of(cfg, "cpu", 2, 0, toys, 6, 0, n);
    size_t i, differ = 0;
    cr_expect(memcmp(a, b, n * toys * sizeof *a) == 0, "1 thread vs 2 threads with other batches: toys differ");
    cr_expect(memcmp(a, c1, 11 * toys * sizeof *a) == 0, "one call vs two: toys differ");
    cr_expect(memcmp(a + 11 * toys, c2, (n - 11) * toys * sizeof *a) == 0, "one call vs two: toys differ");
    for (i = 0; i < n * toys; i++) differ += a[i] != d[i];
    /* another seed: other toys (equal only where both fit best at their own point, Delta chi2 0) */
    cr_expect_gt(differ, n * toys / 2, "seeds 5 and 6 differ in %zu of %zu toys", differ, n * toys);
    free(a);
    free(b);
    free(c1);
    free(c2);
    free(d);
    free(cfg);
}

Test(fc, cpu_and_opencl_give_the_same_critical_values, .timeout = 600) {
    const cevns_engine *const *all;
    cevns_engine_options o;
    size_t n_eng = cevns_engine_list(&all), k, p, toys = 300, n = 25;
    int found = 0, c;
    char why[256] = "not in this build";
    cevns_config *cfg;
    double *a, *b;
    cevns_engine_options_default(&o);
    for (k = 0; k < n_eng; k++)
        if (!strcmp(all[k]->name, "opencl")) found = all[k]->available(&o, why, sizeof why);
    if (!found) cr_skip_test("no OpenCL device: %s", why);
    cfg = small_nsi();
    a = toys_of(cfg, "cpu", 0, 0, toys, 1, 0, n);
    b = toys_of(cfg, "opencl", 0, 0, toys, 1, 0, n);
    for (p = 0; p < n; p++) {
        qsort(a + p * toys, toys, sizeof *a, compare_double);
        qsort(b + p * toys, toys, sizeof *b, compare_double);
        for (c = 0; c < cfg->scan.n_cl; c++) {
            double x = cevns_quantile_sorted(a + p * toys, toys, cfg->scan.cl[c]);
            double y = cevns_quantile_sorted(b + p * toys, toys, cfg->scan.cl[c]);
            /* the engines' statistics agree to rounding (test_engines: 1e-12) */
            cr_expect(fabs(x - y) <= 1e-12 * fmax(1.0, fabs(x)), "map point %zu, CL %g: cpu %.17g, opencl %.17g", p,
                      cfg->scan.cl[c], x, y);
        }
    }
    free(a);
    free(b);
    free(cfg);
}

/* ---------------------------------------------------------------- the run */

/* The Feldman-Cousins part of summary.json (from "feldman_cousins" to "timing_s"). */
static void fc_summary(const char *run, char *out, size_t size) {
    char path[300], text[16384], *a, *b;
    snprintf(path, sizeof path, "%s/summary.json", run);
    slurp(path, text, sizeof text);
    a = strstr(text, "\"feldman_cousins\"");
    b = a ? strstr(a, "\"seconds\"") : NULL;
    cr_assert(a && b, "%s: no feldman_cousins block", path);
    /* the block without the timing: from its "cl" list on */
    b = strstr(a, "\"cl\": [");
    cr_assert_not_null(b);
    snprintf(out, size, "%.*s", (int)(strstr(b, "]}") - b), b);
}

Test(fc, killed_run_resumes_to_the_same_critical_values, .timeout = 300) {
    char ck[200], outp[200], errp[200], a_csv[300], b_csv[300], a_text[65536], b_text[65536], sa[4096], sb[4096];
    scan_paths s;
    result r;
    int status;
    long h = -1;
    double t0;
    pid_t pid;
    scan_paths_init(&s, "nsi.json");
    copy_config("coherent_csi2021_nsi_fc.json", s.cfg);
    replace_in_file(s.cfg, "\"n\": 9}", "\"n\": 5}");
    replace_in_file(s.cfg, "\"n\": 9}", "\"n\": 5}");
    snprintf(ck, sizeof ck, "%s/fc-checkpoint-0.bin", s.partial);
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--toys", "6000", "--chunk", "1", "--quiet",
                                    "--no-figures", "--engine", "cpu", "--out", s.ref, NULL};
        cevns(s.tmp, &r, argv);
        cr_assert_eq(r.code, 0, "reference run failed: %s", r.err);
    }
    {
        const char *const argv[] = {CEVNS_BINARY, "scan", s.cfg, "--toys", "6000", "--chunk", "1", "--quiet",
                                    "--no-figures", "--engine", "cpu", "--out", s.run, NULL};
        snprintf(outp, sizeof outp, "%s/stdout.txt", s.tmp);
        snprintf(errp, sizeof errp, "%s/stderr.txt", s.tmp);
        pid = spawn_in(s.tmp, argv, outp, errp);
    }
    /* killed once two chunks of toys are checkpointed (a record: 16 + 8 x 6000 bytes) */
    t0 = now();
    for (;;) {
        long size = file_size(ck);
        if (h < 0 && size > 0) h = checkpoint_header_size(ck);
        if (h > 0 && size >= h + 2 * (16 + 8 * 6000)) break;
        cr_assert_eq(waitpid(pid, &status, WNOHANG), 0, "the run ended before it could be killed");
        cr_assert_lt(now() - t0, 200.0, "no toys checkpointed after 200 s");
        {
            struct timespec ms = {0, 2000000L};
            nanosleep(&ms, NULL);
        }
    }
    cr_assert_eq(kill(pid, SIGKILL), 0);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status), "the run finished before it was killed");
    cr_assert(exists(s.partial));
    {
        const char *const argv[] = {"cevns", "scan", "--resume", s.run, "--toys", "10", NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 2, "--resume with --toys: exit %d", r.code);
        cr_expect_not_null(strstr(r.err, "--toys"), "%s", r.err);
    }
    {
        const char *const argv[] = {"cevns", "scan", "--resume", s.run, "--no-figures", NULL};
        cevns(s.tmp, &r, argv);
        cr_assert_eq(r.code, 0, "resume failed: %s", r.err);
        cr_expect_not_null(strstr(r.out, "toy chunk(s) taken from checkpoints"), "%s", r.out);
    }
    snprintf(a_csv, sizeof a_csv, "%s/fc.csv", s.ref);
    snprintf(b_csv, sizeof b_csv, "%s/fc.csv", s.run);
    slurp(a_csv, a_text, sizeof a_text);
    slurp(b_csv, b_text, sizeof b_text);
    cr_assert_gt(strlen(a_text), 100u);
    cr_expect_str_eq(b_text, a_text, "fc.csv of the resumed run differs");
    fc_summary(s.ref, sa, sizeof sa);
    fc_summary(s.run, sb, sizeof sb);
    cr_expect_str_eq(sb, sa, "summary.json's critical values differ");
    expect_same_map(s.ref, s.run);
    rm_rf(s.tmp);
}

/* ---------------------------------------------------------------- bad input */

/* LINEAR with `section` as scan.feldman_cousins: the reader's status and message. */
static void expect_bad_section(const char *section, const char *needle) {
    char text[4096], *at;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_config_options o = {.data_dir = CEVNS_SOURCE_DIR "/data"};
    cevns_error err = {""};
    snprintf(text, sizeof text, "%s", LINEAR);
    at = strstr(text, "\"engine\": \"cpu\"}}");
    cr_assert_not_null(at);
    snprintf(at, sizeof text - (size_t)(at - text), "\"engine\": \"cpu\", \"feldman_cousins\": %s}}", section);
    cr_expect_eq(cevns_config_parse_with(text, "bad.json", &o, cfg, &err), CEVNS_ECONFIG, "%s accepted", section);
    cr_expect_not_null(strstr(err.msg, needle), "%s: message '%s' lacks '%s'", section, err.msg, needle);
    free(cfg);
}

Test(fc, bad_sections_name_the_key) {
    expect_bad_section("{\"toys\": 0}", "scan.feldman_cousins.toys: must be an integer in [1, 1000000], got 0");
    expect_bad_section("{\"toys\": -5}", "scan.feldman_cousins.toys");
    expect_bad_section("{\"toys\": 2.5}", "scan.feldman_cousins.toys: must be an integer");
    expect_bad_section("{\"toys\": 1e9}", "scan.feldman_cousins.toys: must be an integer in [1, 1000000]");
    expect_bad_section("{\"toys\": \"many\"}", "scan.feldman_cousins.toys: must be an integer, got the string");
    expect_bad_section("{\"seed\": \"abc\"}", "scan.feldman_cousins.seed: must be a number, got the string");
    expect_bad_section("{\"seed\": -1}", "scan.feldman_cousins.seed");
    expect_bad_section("{\"seed\": 1.5}", "scan.feldman_cousins.seed: must be an integer");
    expect_bad_section("{\"seed\": 1e17}", "scan.feldman_cousins.seed");
    expect_bad_section("{\"tosy\": 10}", "tosy");
    expect_bad_section("1000", "scan.feldman_cousins: must be an object");
}

Test(fc, a_section_reads_and_writes_back) {
    cevns_config *cfg = parse(LINEAR), *back;
    char *text = NULL;
    size_t len = 0;
    FILE *f;
    cevns_error err = {""};
    cr_expect_eq(cfg->scan.fc.enabled, 0);
    cfg->scan.fc.enabled = 1;
    cfg->scan.fc.toys = 777;
    cfg->scan.fc.seed = 4503599627370495.0;
    f = open_memstream(&text, &len);
    cr_assert_eq(cevns_config_write_json(cfg, f, &err), CEVNS_OK, "%s", err.msg);
    fclose(f);
    cr_expect_not_null(strstr(text, "4503599627370495"), "%s", text);
    back = parse(text);
    cr_expect_eq(back->scan.fc.enabled, 1);
    cr_expect_eq(back->scan.fc.toys, 777);
    cr_expect_eq(back->scan.fc.seed, 4503599627370495.0);
    free(text);
    free(back);
    free(cfg);
}

Test(fc, bad_options_and_grids_exit_non_zero) {
    scan_paths s;
    result r;
    scan_paths_init(&s, "nsi.json");
    copy_config("coherent_csi2021_nsi_fc.json", s.cfg);
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--toys", "0", "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 2, "--toys 0: exit %d", r.code);
        cr_expect_not_null(strstr(r.err, "--toys needs an integer in 1..1000000"), "%s", r.err);
    }
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--toys", "1.5", "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 2, "--toys 1.5: exit %d", r.code);
    }
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--seed", "abc", "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 2, "--seed abc: exit %d", r.code);
        cr_expect_not_null(strstr(r.err, "--seed needs an integer"), "%s", r.err);
    }
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--seed", "-3", "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 2, "--seed -3: exit %d", r.code);
    }
    /* three shown axes: refused before anything is written */
    replace_in_file(s.cfg, "{\"name\": \"eps_ee_d\", \"lo\": -0.6, \"hi\": 0.6, \"n\": 9}",
                    "{\"name\": \"eps_ee_d\", \"lo\": -0.6, \"hi\": 0.6, \"n\": 9}, {\"name\": \"normalisation\", "
                    "\"lo\": 0.5, \"hi\": 1.5, \"n\": 3}");
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        expect_failure(&r, 3, "three shown axes", "scan.feldman_cousins: needs 1 or 2 shown axes", NULL);
        expect_no_run(s.run, "three shown axes");
    }
    rm_rf(s.tmp);
}
