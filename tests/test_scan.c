/* test_scan.c - the scan engine: determinism, the limit of a pure mu^2 signal
 * against its closed form, profiling, and failures that leave nothing behind. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cevns/experiment.h"
#include "cevns/results.h"
#include "cevns/scan.h"
#include "cevns/stats.h"
#include "engine/engine.h"
#include "test_support.h"

/* Run a scan into a fresh temporary folder and read its map back. */
static void scan_to_map(const cevns_config *cfg, int threads, cevns_map *m, cevns_scan_summary *s) {
    char dir[] = "/tmp/cevns_test_scan_XXXXXX", out[600], h5[700];
    cevns_scan_options o;
    cevns_error err = {""};
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/run", dir);
    cevns_scan_options_default(&o);
    o.threads = threads;
    o.out_dir = out;
    o.figures = 0;
    o.progress = 0;
    cr_assert_eq(cevns_scan_run(cfg, &o, s, &err), CEVNS_OK, "%s", err.msg);
    snprintf(h5, sizeof h5, "%s/map.h5", out);
    cr_assert_eq(cevns_map_create_from_h5(h5, m, &err), CEVNS_OK, "%s", err.msg);
}

/* Small 2-D sterile scan of the default config. */
static cevns_config *small_default(void) {
    cevns_config *cfg = test_load_config("default.json");
    cfg->scan.axes[0].n = 12;
    cfg->scan.axes[1].n = 9;
    for (int a = 0; a < 2; a++) {
        cevns_axis_config *ax = &cfg->scan.axes[a];
        for (int i = 0; i < ax->n; i++) ax->values[i] = ax->lo * pow(ax->hi / ax->lo, (double)i / (ax->n - 1));
    }
    return cfg;
}

Test(scan, deterministic_and_thread_independent, .timeout = 300) {
    cevns_config *cfg = small_default();
    cevns_map a, b, c;
    cevns_scan_summary s;
    size_t i, n;
    scan_to_map(cfg, 1, &a, &s);
    scan_to_map(cfg, 1, &b, &s);
    scan_to_map(cfg, 2, &c, &s);
    n = cevns_map_points(&a);
    cr_assert_eq(n, 12u * 9u);
    for (i = 0; i < n; i++) {
        cr_expect(memcmp(&a.chi2[i], &b.chi2[i], sizeof(double)) == 0, "point %zu differs between runs", i);
        cr_expect(memcmp(&a.chi2[i], &c.chi2[i], sizeof(double)) == 0, "point %zu differs with 2 threads", i);
    }
    cevns_map_free(&a);
    cevns_map_free(&b);
    cevns_map_free(&c);
    free(cfg);
}

/* With Asimov data at mu = 0, a magnetic-only signal s_i mu^2 on top of the SM, no
 * pulls and Gaussian errors D_i, Delta chi2(mu) = mu^4 sum_i (s_i / D_i)^2, so the
 * 90 % CL (1 dof) limit is mu_90 = (2.70554 / sum (s_i/D_i)^2)^(1/4), with
 * s_i the magnetic counts at mu = 1 (from the rate engine, not the scan). */
Test(scan, one_axis_limit_matches_closed_form, .timeout = 300) {
    cevns_config *cfg = test_load_config("cdex10_active_mu.json");
    cevns_experiment *e = NULL;
    cevns_params p;
    cevns_error err = {""};
    cevns_scan_summary s;
    cevns_map m;
    size_t nb, nf, b, f;
    double *cells, sum = 0.0, expect;
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cfg->data.sigma_stat = 1;
    cfg->data.sigma_frac = 0.0;
    cfg->data.n_pulls = 0;
    cfg->data.background.type = CEVNS_BKG_FLAT;
    cfg->data.background.per_unit_kg_day = 2.0;
    cfg->data.file[0] = '\0';
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
    nb = cevns_experiment_n_bins(e);
    nf = cevns_experiment_n_flux(e);
    cells = calloc(nb * nf * CEVNS_N_INTERACTIONS, sizeof *cells);
    cevns_experiment_default_params(e, &p);
    p.mu_nu[0] = p.mu_nu[1] = p.mu_nu[2] = 1.0;
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, cells, &err), CEVNS_OK);
    for (b = 0; b < nb; b++) {
        double mag = 0.0, sm = 0.0, obs;
        for (f = 0; f < nf; f++) {
            mag += cells[(b * nf + f) * CEVNS_N_INTERACTIONS + CEVNS_INTERACTION_MAGNETIC];
            sm += cells[(b * nf + f) * CEVNS_N_INTERACTIONS + CEVNS_INTERACTION_SM];
        }
        obs = sm + 2.0 * 205.4 * 0.1; /* Asimov: SM + flat background, D_i^2 = obs */
        sum += mag * mag / obs;
    }
    expect = pow(2.705543454095404 / sum, 0.25);
    scan_to_map(cfg, 0, &m, &s);
    cr_expect(fabs(s.upper[0] / expect - 1.0) < 2e-3, "scan limit %.6e vs closed form %.6e", s.upper[0], expect);
    cevns_map_free(&m);
    free(cells);
    cevns_experiment_free(e);
    free(cfg);
}

/* Profiling over m4 gives, for every mu, the minimum over the m4 column. */
Test(scan, profiling_is_the_minimum_over_the_profiled_axis, .timeout = 300) {
    cevns_config *cfg = small_default();
    cevns_map full, prof;
    cevns_scan_summary s;
    size_t i, j;
    scan_to_map(cfg, 0, &full, &s);
    cfg->scan.axes[1].profile = 1;
    scan_to_map(cfg, 0, &prof, &s);
    cr_assert_eq(prof.n_axes, 1);
    for (i = 0; i < 12; i++) {
        double mn = INFINITY;
        for (j = 0; j < 9; j++) mn = fmin(mn, full.chi2[i * 9 + j]);
        cr_expect_eq(prof.chi2[i], mn, "mu index %zu", i);
    }
    cevns_map_free(&full);
    cevns_map_free(&prof);
    free(cfg);
}

static int dir_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

/* A scan that fails leaves no run folder and no temporary folder behind. */
Test(scan, failure_leaves_nothing) {
    cevns_config *cfg = test_load_config("cdex10_active_mu.json");
    char dir[] = "/tmp/cevns_test_scan_XXXXXX", out[600];
    cevns_scan_options o;
    cevns_scan_summary s;
    cevns_error err = {""};
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/run", dir);
    snprintf(cfg->data.file, sizeof cfg->data.file, "no/such/spectrum.txt");
    cevns_scan_options_default(&o);
    o.out_dir = out;
    o.progress = 0;
    cr_assert_neq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_OK);
    cr_expect_not_null(strstr(err.msg, "spectrum.txt"), "%s", err.msg);
    cr_expect(!dir_exists(out), "run folder left behind");
    cr_expect(rmdir(dir) == 0, "temporary folder left behind in %s", dir);
    free(cfg);
}

/* Scan specifications that only make sense with other settings are refused. */
Test(scan, malformed_specifications) {
    cevns_config *cfg = test_load_config("default.json");
    cevns_scan_options o;
    cevns_scan_summary s;
    cevns_error err = {""};
    cevns_scan_options_default(&o);
    o.out_dir = "/tmp/cevns_test_scan_never";
    o.progress = 0;
    cfg->model.use_sterile = 0; /* an m4 axis without the sterile interaction */
    cr_expect_eq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_ECONFIG);
    cr_expect_not_null(strstr(err.msg, "model.interactions"), "%s", err.msg);
    cfg->model.use_sterile = 1;
    o.engine = "warp-drive";
    cr_expect_eq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_EUSAGE, "%s", err.msg);
    cr_expect(!dir_exists("/tmp/cevns_test_scan_never"));
    free(cfg);
}

/* --engine cuda runs where a CUDA device is (a GPU machine) and is unavailable
 * elsewhere: never a fallback to another engine. */
Test(scan, cuda_runs_where_a_gpu_is_and_is_unavailable_elsewhere, .timeout = 300) {
    cevns_config *cfg = small_default();
    cevns_engine_options eo;
    const cevns_engine *eng = NULL;
    cevns_scan_settings set;
    cevns_scan *sc = NULL;
    cevns_error err = {""}, why = {""};
    int have = 0;
    cevns_engine_options_default(&eo);
    have = cevns_engine_select("cuda", &eo, &eng, &why) == CEVNS_OK;
    cevns_scan_settings_default(&set);
    set.engine = "cuda";
    if (have) {
        double chi2[4];
        cr_assert_eq(cevns_scan_create(cfg, &set, &sc, &err), CEVNS_OK, "%s", err.msg);
        cr_expect_str_eq(cevns_scan_engine_name(sc), "cuda");
        cr_expect_eq(cevns_scan_evaluate(sc, 0, 4, chi2, NULL, &err), CEVNS_OK, "%s", err.msg);
    } else {
        cr_expect_eq(cevns_scan_create(cfg, &set, &sc, &err), CEVNS_EUNAVAILABLE, "%s", err.msg);
        cr_expect_null(sc);
        cr_expect_not_null(strstr(err.msg, "cuda"), "%s", err.msg);
    }
    cevns_scan_free(sc);
    free(cfg);
}

/* Asimov data with statistical errors only and no pulls: O, R, B all scale with
 * the exposure k and D^2 = k O, so chi2(theta, k) = k chi2(theta, 1) exactly. */
Test(scan, chi2_is_linear_in_exposure, .timeout = 300) {
    cevns_config *cfg = test_load_config("cdex10_active_mu.json");
    cevns_map m;
    cevns_scan_summary s;
    size_t i;
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cfg->data.sigma_stat = 1;
    cfg->data.n_pulls = 0;
    cfg->data.file[0] = '\0';
    cfg->scan.n_axes = 2;
    cfg->scan.axes[0].n = 5;
    for (i = 0; i < 5; i++) cfg->scan.axes[0].values[i] = 1e-8 * (double)(i + 1);
    memset(&cfg->scan.axes[1], 0, sizeof cfg->scan.axes[1]);
    snprintf(cfg->scan.axes[1].name, sizeof cfg->scan.axes[1].name, "exposure_scale");
    cfg->scan.axes[1].kind = CEVNS_AXIS_EXPOSURE;
    cfg->scan.axes[1].spacing = CEVNS_SPACING_LIST;
    cfg->scan.axes[1].n = 3;
    cfg->scan.axes[1].values[0] = 1.0;
    cfg->scan.axes[1].values[1] = 2.0;
    cfg->scan.axes[1].values[2] = 10.0;
    scan_to_map(cfg, 0, &m, &s);
    for (i = 0; i < 5; i++) {
        double c1 = m.chi2[i * 3], c2 = m.chi2[i * 3 + 1], c10 = m.chi2[i * 3 + 2];
        cr_expect(c1 > 0.0);
        cr_expect(fabs(c2 / c1 - 2.0) < 1e-12, "mu %zu: chi2 ratio %.15f, expected 2", i, c2 / c1);
        cr_expect(fabs(c10 / c1 - 10.0) < 1e-11, "mu %zu: chi2 ratio %.15f, expected 10", i, c10 / c1);
    }
    cevns_map_free(&m);
    free(cfg);
}

/* Asimov data made with the neutron form factor equal to the proton one: a scan
 * of the neutron rms radius has its minimum (chi2 = 0) at the proton rms radius
 * of Ar-40's Helm form factor, sqrt(3 R0^2/5 + 3 s^2) with the Lewin-Smith R0
 * (c = 1.23 A^(1/3) - 0.6, a = 0.52, s = 0.9 fm). */
Test(scan, neutron_radius_minimum_at_the_proton_radius, .timeout = 300) {
    cevns_config *cfg = test_load_config("coherent_lar2020.json");
    cevns_map m;
    cevns_scan_summary s;
    double c = 1.23 * cbrt(40.0) - 0.6, a = 0.52, sk = 0.9, pi = 3.14159265358979323846;
    double r0sq = c * c + 7.0 / 3.0 * pi * pi * a * a - 5.0 * sk * sk, rms = sqrt(0.6 * r0sq + 3.0 * sk * sk);
    size_t i;
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cfg->data.sigma_stat = 1;
    /* pure Ar-40: the axis sets one radius for every isotope */
    cfg->target.n_enrich = 1;
    snprintf(cfg->target.enrich[0].element, sizeof cfg->target.enrich[0].element, "Ar");
    cfg->target.enrich[0].a = 40;
    cfg->target.enrich[0].fraction = 1.0;
    cfg->scan.n_axes = 1;
    memset(&cfg->scan.axes[0], 0, sizeof cfg->scan.axes[0]);
    snprintf(cfg->scan.axes[0].name, sizeof cfg->scan.axes[0].name, "rn_fm");
    cfg->scan.axes[0].kind = CEVNS_AXIS_RN;
    cfg->scan.axes[0].spacing = CEVNS_SPACING_LIST;
    cfg->scan.axes[0].n = 3;
    cfg->scan.axes[0].values[0] = rms - 0.5;
    cfg->scan.axes[0].values[1] = rms;
    cfg->scan.axes[0].values[2] = rms + 0.5;
    scan_to_map(cfg, 0, &m, &s);
    cr_expect(fabs(m.chi2[1]) < 1e-18, "chi2 at the proton radius %.6f fm: %g", rms, m.chi2[1]);
    for (i = 0; i < 3; i += 2) cr_expect(m.chi2[i] > 1e-6, "chi2 at %g fm should be > 0: %g", m.axis_values[0][i], m.chi2[i]);
    cevns_map_free(&m);
    free(cfg);
}

/* ------------------------------------------------------------------ background components */

/* cdex10_active_mu.json with two free background components instead of its flat
 * background and signal pull: a flat one (100 counts) and an exponential one
 * (decay 0.5 keVee, 50 counts), and a mu_nu axis through mu_true. */
static cevns_config *two_component_config(double mu_true) {
    cevns_config *cfg = test_load_config("cdex10_active_mu.json");
    cevns_background_component *c = cfg->data.backgrounds;
    cfg->data.background.type = CEVNS_BKG_NONE;
    cfg->data.n_pulls = 0;
    cfg->data.n_backgrounds = 2;
    memset(c, 0, 2 * sizeof *c);
    snprintf(c[0].name, sizeof c[0].name, "flat");
    c[0].shape = CEVNS_SHAPE_FLAT;
    c[0].amount = 100.0;
    c[0].free = 1;
    snprintf(c[1].name, sizeof c[1].name, "exponential");
    c[1].shape = CEVNS_SHAPE_EXPONENTIAL;
    c[1].decay = 0.5;
    c[1].amount = 50.0;
    c[1].free = 1;
    cfg->model.mu_nu[0] = cfg->model.mu_nu[1] = cfg->model.mu_nu[2] = mu_true;
    cfg->scan.axes[0].spacing = CEVNS_SPACING_LIST;
    cfg->scan.axes[0].n = 3;
    cfg->scan.axes[0].values[0] = mu_true / 3.0;
    cfg->scan.axes[0].values[1] = mu_true;
    cfg->scan.axes[0].values[2] = mu_true * 3.0;
    cfg->scan.n_cl = 1;
    return cfg;
}

/* Expected signal per bin (all fluxes and interactions) at mu, from the rate engine. */
static double *signal_at(const cevns_config *cfg, double mu, size_t *nb_out) {
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    cevns_params p;
    size_t nb, nf, b, k;
    double *cells, *sig;
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
    nb = cevns_experiment_n_bins(e);
    nf = cevns_experiment_n_flux(e);
    cells = calloc(nb * nf * CEVNS_N_INTERACTIONS, sizeof *cells);
    sig = calloc(nb, sizeof *sig);
    cr_assert(cells && sig);
    cevns_experiment_default_params(e, &p);
    p.mu_nu[0] = p.mu_nu[1] = p.mu_nu[2] = mu;
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, cells, &err), CEVNS_OK, "%s", err.msg);
    for (b = 0; b < nb; b++)
        for (k = 0; k < nf * CEVNS_N_INTERACTIONS; k++) sig[b] += cells[b * nf * CEVNS_N_INTERACTIONS + k];
    free(cells);
    cevns_experiment_free(e);
    *nb_out = nb;
    return sig;
}

/* Asimov data made with the two components at their amounts (and mu_true): with
 * both normalisations free, chi2 = 0 at the true point and > 0 off it. */
Test(scan, asimov_background_components_fit_at_the_true_point, .timeout = 300) {
    cevns_config *cfg = two_component_config(3e-9);
    cevns_map m;
    cevns_scan_summary s;
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cfg->data.sigma_stat = 1;
    cfg->data.file[0] = '\0';
    scan_to_map(cfg, 0, &m, &s);
    cr_expect(fabs(m.chi2[1]) < 1e-18, "chi2 at the true mu: %g", m.chi2[1]);
    cr_expect(m.chi2[0] > 1e-6 && m.chi2[2] > 1e-6, "chi2 off the true mu: %g %g", m.chi2[0], m.chi2[2]);
    cevns_map_free(&m);
    free(cfg);
}

/* Binned data made with other amounts (150 flat and 30 exponential counts, the
 * config says 100 and 50): the free normalisations recover them, 1 + xi = 1.5 and
 * 0.6 (one linear solve on the components of cevns_data_load_components), and the
 * scan's chi2 is 0 at the true point. */
Test(scan, free_component_normalisations_recover_the_amounts, .timeout = 300) {
    const double mu_true = 3e-9, amount_true[2] = {150.0, 30.0};
    cevns_config *cfg = two_component_config(mu_true);
    char path[] = "/tmp/cevns_test_scan_data_XXXXXX";
    size_t nb, i;
    double *sig = signal_at(cfg, mu_true, &nb), *obs, *err_i, *main_bkg, *parts, *shift, xi[2], chi2;
    const double sigma[2] = {1.0, 1.0};
    const int free_pull[2] = {1, 1};
    cevns_error err = {""};
    cevns_experiment *e = NULL;
    cevns_stats_input in;
    cevns_map m;
    cevns_scan_summary s;
    FILE *f;
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    cr_assert_not_null(f);
    obs = calloc(nb, sizeof *obs);
    err_i = calloc(nb, sizeof *err_i);
    main_bkg = calloc(nb, sizeof *main_bkg);
    parts = calloc(2 * nb, sizeof *parts);
    shift = calloc(2 * nb, sizeof *shift);
    cr_assert(obs && err_i && main_bkg && parts && shift);
    /* the components at the configured amounts, from the config's bin edges */
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cr_assert_eq(cevns_data_load_components(cfg, nb, cevns_experiment_bin_edges(e), 205.4, NULL, NULL, main_bkg, parts,
                                            &err),
                 CEVNS_OK, "%s", err.msg);
    cevns_experiment_free(e);
    for (i = 0; i < nb; i++) {
        double o = sig[i] + amount_true[0] / 100.0 * parts[i] + amount_true[1] / 50.0 * parts[nb + i];
        cr_expect_eq(main_bkg[i], 0.0);
        fprintf(f, "%zu %.17g %.17g\n", i, o, sqrt(o));
    }
    fclose(f);
    cfg->data.kind = CEVNS_DATA_BINNED;
    snprintf(cfg->data.file, sizeof cfg->data.file, "%s", path);
    cfg->data.col_observed = 2;
    cfg->data.col_error = 3;
    cfg->data.sigma_stat = 0;
    cfg->data.sigma_frac = 0.0;

    /* one linear solve with the components as shifts */
    cr_assert_eq(cevns_data_load_components(cfg, nb, NULL, 0.0, obs, err_i, main_bkg, NULL, &err), CEVNS_EINTERNAL);
    {
        cevns_experiment *e2 = NULL;
        cr_assert_eq(cevns_experiment_create(cfg, &e2, &err), CEVNS_OK, "%s", err.msg);
        cr_assert_eq(cevns_data_load_components(cfg, nb, cevns_experiment_bin_edges(e2), 205.4, obs, err_i, main_bkg,
                                                parts, &err),
                     CEVNS_OK, "%s", err.msg);
        cevns_experiment_free(e2);
    }
    for (i = 0; i < 2 * nb; i++) shift[i] = parts[i];
    for (i = 0; i < nb; i++) main_bkg[i] = parts[i] + parts[nb + i]; /* B_i: the components at their amounts */
    memset(&in, 0, sizeof in);
    in.n_bins = nb;
    in.n_pulls = 2;
    in.observed = obs;
    in.error = err_i;
    in.signal = sig;
    in.background = main_bkg;
    in.shift = shift;
    in.sigma = sigma;
    in.free = free_pull;
    cr_assert_eq(cevns_chi2_pull(&in, &chi2, xi, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(fabs(1.0 + xi[0] - 1.5) < 1e-9 && fabs(1.0 + xi[1] - 0.6) < 1e-9, "normalisations %.12f %.12f", 1.0 + xi[0],
              1.0 + xi[1]);
    cr_expect(chi2 < 1e-18, "chi2 at the recovered amounts: %g", chi2);

    /* the scan: chi2 = 0 at the true mu, > 0 off it */
    scan_to_map(cfg, 0, &m, &s);
    cr_expect(fabs(m.chi2[1]) < 1e-16, "chi2 at the true mu: %g", m.chi2[1]);
    cr_expect(m.chi2[0] > 1e-6 && m.chi2[2] > 1e-6, "chi2 off the true mu: %g %g", m.chi2[0], m.chi2[2]);
    cevns_map_free(&m);
    unlink(path);
    free(obs);
    free(err_i);
    free(main_bkg);
    free(parts);
    free(shift);
    free(sig);
    free(cfg);
}
