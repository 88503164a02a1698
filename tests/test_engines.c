/* test_engines.c - every engine present against the CPU engine (DESIGN.md convention 7):
 *  - counts per bin at random points (a fresh seed each run, printed) on every shipped
 *    config (every .json file of configs/, found by listing the folder), to <= 1e-12 relative;
 *  - the whole pipeline of every shipped config that has a scan: direct and separable
 *    paths, with and without a profiled axis, chi2 and Poisson statistics, every chi2
 *    value of the map to <= 1e-12 relative (below an absolute floor of 1e-12, a chi2 that
 *    is rounding noise around 0, relative differences mean nothing), and the same
 *    status where the CPU engine fails.
 * Outputs are poisoned with NaN first, so an element an engine does not write fails.
 * Absent engines are skipped; with none but the CPU the tests are skipped. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/scan.h"
#include "engine/engine.h"
#include "experiment/experiment_internal.h"
#include "scan/scan_internal.h"
#include "test_engine_list.h"
#include "test_support.h"

#define REL_TOL 1e-12
#define ABS_FLOOR 1e-12
#define N_RANDOM_POINTS 24
#define MAX_CONFIGS 64
/* Values per axis in the pipeline comparison (the config's range, fewer points). */
#define AXIS_VALUES 5

/* The shipped configs, sorted: the .json files of configs/. */
static size_t shipped_configs(char names[][128], size_t max) {
    DIR *d = opendir(CEVNS_SOURCE_DIR "/configs");
    struct dirent *e;
    size_t n = 0, i, j;
    cr_assert_not_null(d);
    while ((e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) snprintf(names[n++], 128, "%s", e->d_name);
    }
    closedir(d);
    for (i = 1; i < n; i++) /* insertion sort: a fixed order, whatever readdir gives */
        for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[128];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    cr_assert_gt(n, 10u, "only %zu configs found", n);
    return n;
}

static void poison(double *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) v[i] = NAN;
}

/* ---------------------------------------------------------------- counts at random points */
/* A random point around the config's: magnetic moments, sterile mass up to the
 * source's kinematic reach, NSI, weak angle, normalisation, neutron radius. */
static void random_point(const cevns_experiment *e, unsigned long long *s, cevns_pod_point *pt) {
    cevns_params p;
    double e_top = 0.0;
    int k;
    for (k = 0; k < e->plan.hdr.n_flux; k++) {
        const cevns_pod_flux *f = &e->plan.flux[k];
        e_top = fmax(e_top, f->is_line ? f->e_line : f->e_max);
    }
    cevns_experiment_default_params(e, &p);
    for (k = 0; k < 3; k++) p.mu_nu[k] = pow(10.0, -11.0 + 3.0 * test_uniform(s));
    p.m4_MeV = test_uniform(s) < 0.2 ? 0.0 : 0.95 * e_top * test_uniform(s);
    for (k = 0; k < 9; k++) {
        p.eps_u[k] = 0.0;
        p.eps_d[k] = 0.0;
    }
    p.eps_u[0] = test_uniform(s) - 0.5;
    p.eps_d[0] = test_uniform(s) - 0.5;
    p.eps_u[1] = p.eps_u[3] = 0.2 * (test_uniform(s) - 0.5);
    p.sin2_theta_w = 0.22 + 0.03 * test_uniform(s);
    p.normalisation = 0.5 + test_uniform(s);
    p.rn_fm = test_uniform(s) < 0.5 ? 0.0 : 3.0 + 2.5 * test_uniform(s);
    /* beyond the SM (the plan has every term on, compare_counts): sizes where each term is
     * of the order of the SM one somewhere in the recoil range */
    p.zprime_mass_MeV = pow(10.0, 3.0 * test_uniform(s));
    p.zprime_g = pow(10.0, -5.5 + 2.0 * test_uniform(s));
    p.scalar_mass_MeV = pow(10.0, 3.0 * test_uniform(s));
    p.scalar_g = pow(10.0, -7.0 + 2.0 * test_uniform(s));
    p.charge_radius_cm2[4] = 1e-32 * (2.0 * test_uniform(s) - 1.0);
    p.charge_radius_cm2[1] = p.charge_radius_cm2[3] = 5e-33 * test_uniform(s);
    p.millicharge[0] = 1e-8 * (2.0 * test_uniform(s) - 1.0);
    cevns_params_to_point(&p, pt);
}

/* Every term beyond the SM on (a Z' of preset zp, a scalar, a millicharge; the axial term where
 * the target has spin data for all its odd isotopes). */
static void every_term_on(cevns_config *cfg, int zp) {
    cfg->model.use_sm = cfg->model.use_magnetic = cfg->model.use_sterile = 1;
    cfg->model.zprime.preset = zp;
    cfg->model.zprime.mass_MeV = 10.0;
    cfg->model.zprime.g = 1e-5;
    cfg->model.scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
    cfg->model.scalar.mass_MeV = 10.0;
    cfg->model.scalar.g = 1e-6;
    cfg->model.millicharge[0] = 1e-9;
    cfg->model.use_axial = 1;
}

/* Compare engine eng with the CPU engine on one config's experiment. */
static void compare_counts(const cevns_engine *eng, const char *config, unsigned long long *seed) {
    cevns_config *cfg = test_load_config(config);
    cevns_experiment *e = NULL;
    cevns_scan_plan plan;
    cevns_engine_options o;
    size_t nb, n, i;
    cevns_pod_point pts[N_RANDOM_POINTS];
    double *ref, *got;
    void *s_cpu = NULL, *s_eng = NULL;
    cevns_error err = {""};
    every_term_on(cfg, (int)(*seed % 3) + CEVNS_MEDIATOR_UNIVERSAL);
    if (cevns_experiment_create(cfg, &e, &err) == CEVNS_ECONFIG && strstr(err.msg, "model.axial")) {
        cfg->model.use_axial = 0; /* a target with an odd isotope the spin table lacks (21Ne) */
        e = NULL;
    }
    if (!e) cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s: %s", config, err.msg);
    nb = cevns_experiment_n_bins(e);
    n = N_RANDOM_POINTS * nb;
    ref = malloc(n * sizeof *ref);
    got = malloc(n * sizeof *got);
    cr_assert(ref && got);
    for (i = 0; i < N_RANDOM_POINTS; i++) random_point(e, seed, &pts[i]);
    cevns_scan_plan_rate_only(&e->plan, &plan);
    cevns_engine_options_default(&o);
    cr_assert_eq(cevns_engine_cpu.prepare(&plan, &o, &s_cpu, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(eng->prepare(&plan, &o, &s_eng, &err), CEVNS_OK, "%s: %s", eng->name, err.msg);
    poison(ref, n);
    poison(got, n);
    cr_assert_eq(cevns_engine_cpu.run_points(s_cpu, pts, N_RANDOM_POINTS, ref, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(eng->run_points(s_eng, pts, N_RANDOM_POINTS, got, &err), CEVNS_OK, "%s: %s", eng->name, err.msg);
    for (i = 0; i < n; i++) {
        cr_assert(!isnan(ref[i]) && !isnan(got[i]), "%s %s: point %zu bin %zu not written", config, eng->name, i / nb,
                  i % nb);
        cr_expect(fabs(got[i] - ref[i]) <= REL_TOL * fabs(ref[i]), "%s %s: point %zu bin %zu: %.17e vs cpu %.17e",
                  config, eng->name, i / nb, i % nb, got[i], ref[i]);
    }
    eng->release(s_eng);
    cevns_engine_cpu.release(s_cpu);
    free(ref);
    free(got);
    cevns_experiment_free(e);
    free(cfg);
}

Test(engines, counts_match_cpu_on_every_config_at_random_points, .timeout = 900) {
    static char names[MAX_CONFIGS][128];
    const cevns_engine *engines[4];
    size_t n_eng = test_other_engines("test_engines", engines, 4), n_cfg, k, c;
    unsigned long long seed = test_seed("test_engines");
    if (n_eng == 0) cr_skip_test("no engine besides the CPU in this build or on this machine");
    n_cfg = shipped_configs(names, MAX_CONFIGS);
    for (k = 0; k < n_eng; k++)
        for (c = 0; c < n_cfg; c++) compare_counts(engines[k], names[c], &seed);
}

/* ---------------------------------------------------------------- whole pipelines */
/* The config's axes with AXIS_VALUES values each over their own range (log axes log). */
static void shrink_grid(cevns_config *cfg) {
    int a, i;
    for (a = 0; a < cfg->scan.n_axes; a++) {
        cevns_axis_config *ax = &cfg->scan.axes[a];
        double lo = ax->values[0], hi = ax->values[ax->n - 1];
        int log_axis = ax->spacing == CEVNS_SPACING_LOG && lo > 0.0;
        if (ax->n <= AXIS_VALUES) continue;
        ax->n = AXIS_VALUES;
        for (i = 0; i < AXIS_VALUES; i++)
            ax->values[i] = log_axis ? lo * pow(hi / lo, (double)i / (AXIS_VALUES - 1))
                                     : lo + (hi - lo) * (double)i / (AXIS_VALUES - 1);
        ax->spacing = CEVNS_SPACING_LIST;
        ax->lo = lo;
        ax->hi = hi;
    }
}

/* The map of cfg on an engine: status, map points, chi2 into *chi2 (allocated). */
static cevns_status evaluate_map(const cevns_config *cfg, const char *engine, int direct, double **chi2, size_t *n,
                                 char *path, cevns_error *err) {
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_status st;
    cevns_scan_settings_default(&set);
    set.engine = engine;
    set.direct = direct;
    *chi2 = NULL;
    *n = 0;
    if ((st = cevns_scan_create(cfg, &set, &s, err)) != CEVNS_OK) return st;
    snprintf(path, 16, "%s", cevns_scan_path_name(s));
    *n = cevns_scan_map_points(s);
    *chi2 = malloc(*n * sizeof **chi2);
    cr_assert_not_null(*chi2);
    poison(*chi2, *n);
    st = cevns_scan_evaluate(s, 0, *n, *chi2, NULL, err);
    cevns_scan_free(s);
    return st;
}

/* One variant of a config on engine eng and on the CPU: the same status, the same map. */
static void compare_pipeline(const cevns_engine *eng, const cevns_config *cfg, int direct, const char *what,
                             double *worst) {
    cevns_error e_cpu = {""}, e_eng = {""};
    char p_cpu[16] = "", p_eng[16] = "";
    double *ref, *got;
    size_t n_ref, n_got, i;
    cevns_status st_cpu = evaluate_map(cfg, "cpu", direct, &ref, &n_ref, p_cpu, &e_cpu);
    cevns_status st_eng = evaluate_map(cfg, eng->name, direct, &got, &n_got, p_eng, &e_eng);
    cr_expect_eq(st_eng, st_cpu, "%s %s: status %d (%s), cpu %d (%s)", what, eng->name, (int)st_eng, e_eng.msg,
                 (int)st_cpu, e_cpu.msg);
    if (st_cpu == CEVNS_OK && st_eng == CEVNS_OK) {
        cr_expect_str_eq(p_eng, p_cpu, "%s: paths differ", what);
        cr_assert_eq(n_got, n_ref);
        for (i = 0; i < n_ref; i++) {
            double d = got[i] == ref[i] ? 0.0 : fabs(got[i] - ref[i]); /* equal infinities agree */
            cr_assert(!isnan(got[i]), "%s %s: map point %zu not written", what, eng->name, i);
            cr_expect(d <= REL_TOL * fabs(ref[i]) || d <= ABS_FLOOR, "%s %s: map point %zu: chi2 %.17e vs cpu %.17e",
                      what, eng->name, i, got[i], ref[i]);
            if (fabs(ref[i]) > ABS_FLOOR && d / fabs(ref[i]) > *worst) *worst = d / fabs(ref[i]);
        }
    }
    free(ref);
    free(got);
}

Test(engines, whole_pipeline_matches_cpu_on_every_scan_config, .timeout = 1500) {
    static char names[MAX_CONFIGS][128];
    const cevns_engine *engines[4];
    size_t n_eng = test_other_engines("test_engines", engines, 4), n_cfg, k, c, tested = 0;
    if (n_eng == 0) cr_skip_test("no engine besides the CPU in this build or on this machine");
    n_cfg = shipped_configs(names, MAX_CONFIGS);
    for (k = 0; k < n_eng; k++)
        for (c = 0; c < n_cfg; c++) {
            cevns_config *cfg = test_load_config(names[c]);
            double worst = 0.0;
            int direct, profile, stat;
            if (cfg->scan.n_axes == 0) {
                free(cfg);
                continue;
            }
            shrink_grid(cfg);
            for (direct = 0; direct < 2; direct++)
                for (profile = 0; profile < 2; profile++)
                    for (stat = 0; stat < 2; stat++) {
                        char what[256];
                        cfg->scan.axes[cfg->scan.n_axes - 1].profile = profile;
                        cfg->scan.statistic = stat ? CEVNS_STAT_POISSON : CEVNS_STAT_CHI2;
                        snprintf(what, sizeof what, "%s (%s, %s, %s)", names[c], direct ? "direct" : "separable",
                                 profile ? "last axis profiled" : "no axis profiled", stat ? "poisson" : "chi2");
                        compare_pipeline(engines[k], cfg, direct, what, &worst);
                    }
            fprintf(stderr, "test_engines: %s %-36s 8 variants: max rel. diff. of chi2 %.2e\n", engines[k]->name,
                    names[c], worst);
            tested++;
            free(cfg);
        }
    cr_expect_gt(tested, 5u, "only %zu configs with a scan", tested);
}
