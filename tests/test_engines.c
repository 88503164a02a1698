/* test_engines.c - every engine present against the CPU engine (DESIGN.md
 * convention 7): counts per bin on every shipped config at random points (a
 * fresh seed each run, printed), and chi2 maps of a scan, to <= 1e-12 relative
 * in double precision.  Outputs are poisoned with NaN before each run, so an
 * element an engine does not write fails.  Absent engines are skipped. */
#include <criterion/criterion.h>

#include "test_support.h"
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cevns/results.h"
#include "cevns/scan.h"
#include "engine/engine.h"
#include "model/experiment_internal.h"

#define REL_TOL 1e-12
#define N_RANDOM_POINTS 24


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
    cevns_params_to_point(&p, pt);
}

static cevns_experiment *load(const char *name) {
    char path[512];
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    snprintf(path, sizeof path, "%s/configs/%s", CEVNS_SOURCE_DIR, name);
    cr_assert_eq(cevns_config_load(path, cfg, &err), CEVNS_OK, "%s", err.msg);
    cfg->model.use_sm = cfg->model.use_magnetic = cfg->model.use_sterile = 1;
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s: %s", name, err.msg);
    free(cfg);
    return e;
}

static void poison(double *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) v[i] = NAN;
}

/* Compare engine `eng` with the CPU engine on one config. */
static void compare_counts(const cevns_engine *eng, const char *config, unsigned long long *seed) {
    cevns_experiment *e = load(config);
    size_t nb = cevns_experiment_n_bins(e), n = N_RANDOM_POINTS * nb, i;
    cevns_pod_point pts[N_RANDOM_POINTS];
    double *ref = malloc(n * sizeof *ref), *got = malloc(n * sizeof *got);
    void *s_cpu = NULL, *s_eng = NULL;
    cevns_error err = {""};
    for (i = 0; i < N_RANDOM_POINTS; i++) random_point(e, seed, &pts[i]);
    cr_assert_eq(cevns_engine_cpu.prepare(e, 0, &s_cpu, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(eng->prepare(e, 0, &s_eng, &err), CEVNS_OK, "%s: %s", eng->name, err.msg);
    poison(ref, n);
    poison(got, n);
    cr_assert_eq(cevns_engine_cpu.run(s_cpu, pts, N_RANDOM_POINTS, ref, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(eng->run(s_eng, pts, N_RANDOM_POINTS, got, &err), CEVNS_OK, "%s: %s", eng->name, err.msg);
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
}

static const char *const CONFIGS[] = {"coherent_csi2017.json", "coherent_csi2021.json", "coherent_lar2020.json",
                                      "cdex10_solar.json",     "dresden2_reactor.json", "sns_seed000_ne.json",
                                      "sns_seed000_ar.json",   "sns_seed000_ge.json",   "sns_seed000_xe.json"};

Test(engines, counts_match_cpu_on_every_config_at_random_points, .timeout = 900) {
    const cevns_engine *const *all;
    size_t n = cevns_engine_list(&all), k, c, tested = 0;
    unsigned long long seed = test_seed("test_engines");
    for (k = 0; k < n; k++) {
        char why[256];
        if (all[k] == &cevns_engine_cpu) continue;
        if (!all[k]->available(why, sizeof why)) {
            fprintf(stderr, "test_engines: engine %s skipped: %s\n", all[k]->name, why);
            continue;
        }
        for (c = 0; c < sizeof CONFIGS / sizeof CONFIGS[0]; c++) compare_counts(all[k], CONFIGS[c], &seed);
        tested++;
    }
    if (tested == 0) cr_skip_test("no engine besides the CPU in this build or on this machine");
}

/* A small scan of the default config: the chi2 map of every engine equals the CPU's. */
Test(engines, chi2_maps_match_cpu, .timeout = 900) {
    const cevns_engine *const *all;
    size_t n = cevns_engine_list(&all), k, i, tested = 0;
    char path[512], dir[] = "/tmp/cevns_test_engines_XXXXXX", out[600], h5[700];
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    cevns_map ref, got;
    cevns_scan_summary s;
    cevns_scan_options o;
    snprintf(path, sizeof path, "%s/configs/default.json", CEVNS_SOURCE_DIR);
    cr_assert_eq(cevns_config_load(path, cfg, &err), CEVNS_OK, "%s", err.msg);
    cfg->scan.axes[0].n = 10;
    cfg->scan.axes[1].n = 8;
    cr_assert_not_null(mkdtemp(dir));
    cevns_scan_options_default(&o);
    o.figures = 0;
    o.progress = 0;
    o.overwrite = 1;
    o.out_dir = out;
    o.engine = "cpu";
    o.direct = 1; /* the engines, not the separable path (which runs on the CPU) */
    snprintf(out, sizeof out, "%s/cpu", dir);
    cr_assert_eq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_OK, "%s", err.msg);
    snprintf(h5, sizeof h5, "%s/map.h5", out);
    cr_assert_eq(cevns_map_read_h5(h5, &ref, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < n; k++) {
        char why[256];
        if (all[k] == &cevns_engine_cpu || !all[k]->available(why, sizeof why)) continue;
        o.engine = all[k]->name;
        snprintf(out, sizeof out, "%s/%s", dir, all[k]->name);
        cr_assert_eq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_OK, "%s: %s", all[k]->name, err.msg);
        snprintf(h5, sizeof h5, "%s/map.h5", out);
        cr_assert_eq(cevns_map_read_h5(h5, &got, &err), CEVNS_OK, "%s", err.msg);
        for (i = 0; i < cevns_map_points(&ref); i++)
            cr_expect(fabs(got.chi2[i] - ref.chi2[i]) <= REL_TOL * fabs(ref.chi2[i]) + 1e-14,
                      "%s: point %zu chi2 %.17e vs cpu %.17e", all[k]->name, i, got.chi2[i], ref.chi2[i]);
        cevns_map_free(&got);
        tested++;
    }
    cevns_map_free(&ref);
    free(cfg);
    if (tested == 0) cr_skip_test("no engine besides the CPU in this build or on this machine");
}
