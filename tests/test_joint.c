/* test_joint.c - joint fits ("experiments", docs/scan.md): a joint config of one experiment
 * is that experiment's scan, bit for bit; two copies of one experiment follow the closed
 * forms of the pull chi2 (no pull, one shared pull, a pull each); bad joint configs fail
 * with a message naming the file and the key, and write nothing.  The engines against the
 * CPU engine on the shipped joint config: test_engines (every shipped config). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/config.h"
#include "cevns/experiment.h"
#include "cevns/scan.h"
#include "test_run.h"
#include "test_support.h"

/* The chi2 map of cfg on the CPU engine, direct or separable (n values). */
static double *chi2_map(const cevns_config *cfg, int direct, size_t *n) {
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_error err = {""};
    double *chi2;
    cevns_scan_settings_default(&set);
    set.engine = "cpu";
    set.threads = 1;
    set.direct = direct;
    cr_assert_eq(cevns_scan_create(cfg, &set, &s, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_str_eq(cevns_scan_path_name(s), direct ? "direct" : "separable");
    *n = cevns_scan_map_points(s);
    chi2 = malloc(*n * sizeof *chi2);
    cr_assert_not_null(chi2);
    cr_assert_eq(cevns_scan_evaluate(s, 0, *n, chi2, NULL, &err), CEVNS_OK, "%s", err.msg);
    cevns_scan_free(s);
    return chi2;
}

static cevns_config *parse(const char *text, const char *path) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    cr_assert_eq(cevns_config_parse(text, path, cfg, &err), CEVNS_OK, "%s", err.msg);
    return cfg;
}

#define MODEL "\"model\": {\"form_factor\": {\"type\": \"helm\"}, \"kinematics\": \"full\", \"interactions\": [\"sm\"]}"

Test(joint, one_experiment_is_the_single_map, .timeout = 300) {
    cevns_config *single = test_load_config("coherent_lar2020_fit.json");
    char text[2048];
    cevns_config *joint;
    snprintf(text, sizeof text,
             "{\"name\": \"j\", \"experiments\": [{\"config\": \"%s/configs/coherent_lar2020_fit.json\"}], " MODEL
             ", \"scan\": {\"axes\": [{\"name\": \"normalisation\", \"lo\": 0.0, \"hi\": 3.0, \"n\": 301}], "
             "\"statistic\": \"chi2\"}}",
             CEVNS_SOURCE_DIR);
    joint = parse(text, CEVNS_SOURCE_DIR "/configs/joint.json");
    cr_assert_eq(joint->n_experiments, 1);
    cr_assert_str_eq(joint->experiments[0].name, "coherent-lar2020-fit");
    for (int direct = 0; direct <= 1; direct++) {
        size_t n1, n2;
        double *a = chi2_map(single, direct, &n1), *b = chi2_map(joint, direct, &n2);
        cr_assert_eq(n1, n2);
        for (size_t i = 0; i < n1; i++)
            cr_expect(memcmp(&a[i], &b[i], sizeof a[i]) == 0, "%s point %zu: %.17g joint, %.17g alone",
                      direct ? "direct" : "separable", i, b[i], a[i]);
        free(a);
        free(b);
    }
    free(single);
    free(joint);
}

/* The CsI 2017 total (one bin: 134 +- 22 observed) with a normalisation axis and the pulls given. */
#define CSI_EXPERIMENT(pulls)                                                                                      \
    "{\"source\": {\"type\": \"sns\", \"nu_per_proton\": 0.08, \"pot\": 1.76e23, \"distance_m\": 19.3}, "          \
    "\"target\": {\"material\": \"CsI\"}, \"detector\": {\"mass_kg\": 14.57, \"observable\": \"PE\", "            \
    "\"light_yield_PE_per_keVee\": 13.348, \"quenching\": {\"type\": \"linear\", \"a\": 0.0878, \"b\": 0.0}, "    \
    "\"efficiency\": {\"type\": \"sigmoid\", \"a\": 0.6655, \"b\": 0.4942, \"c\": 10.8507, \"d\": 0.0}, "          \
    "\"bins\": {\"lo\": 0, \"hi\": 50, \"n\": 1}, \"recoil_min_keVnr\": 4.266}, \"data\": {\"observed\": "       \
    "\"binned\", \"file\": \"coherent/csi2017/published_total.txt\", \"columns\": {\"observed\": 3, \"error\": "  \
    "4}" pulls "}}"
#define PULL(name) ", \"pulls\": [{\"name\": \"" name "\", \"target\": \"signal\", \"sigma\": 0.3}]"
#define SCAN                                                                                                       \
    ", \"scan\": {\"axes\": [{\"name\": \"normalisation\", \"values\": [0.25, 0.5, 0.8, 1.0, 1.2, 1.7]}], "      \
    "\"statistic\": \"chi2\"}}"

/* With O = 134, D = 22 and the CsI signal R at normalisation 1 (from the rate, not the scan),
 * at normalisation n (R_n = n R, r = O - R_n):
 *   one experiment, no pull:          r^2 / D^2;  two copies: 2 r^2 / D^2
 *   two copies, one shared pull s:    min_xi 2 (r - xi R_n)^2 / D^2 + xi^2 / s^2 = 2 r^2 / (D^2 + 2 R_n^2 s^2)
 *   two copies, a pull each:          2 r^2 / (D^2 + R_n^2 s^2) */
Test(joint, two_copies_follow_the_closed_forms, .timeout = 300) {
    const double o = 134.0, v = 22.0 * 22.0, s2 = 0.09, norms[] = {0.25, 0.5, 0.8, 1.0, 1.2, 1.7};
    char text[8192];
    cevns_config *one;
    cevns_experiment *e = NULL;
    cevns_params p;
    cevns_error err = {""};
    double *cells, r = 0.0;
    size_t k, nc;
    snprintf(text, sizeof text, "{\"name\": \"one\", \"experiment\": " CSI_EXPERIMENT("") ", " MODEL SCAN);
    one = parse(text, CEVNS_SOURCE_DIR "/configs/one.json");
    cr_assert_eq(cevns_experiment_create(one, &e, &err), CEVNS_OK, "%s", err.msg);
    nc = cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS;
    cr_assert_eq(cevns_experiment_n_bins(e), 1u);
    cells = calloc(nc, sizeof *cells);
    cevns_experiment_default_params(e, &p);
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, cells, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < nc; k++) r += cells[k];
    cr_assert_gt(r, 100.0);
    for (int c = 0; c < 3; c++) {
        cevns_config *joint;
        snprintf(text, sizeof text,
                 "{\"name\": \"two\", \"experiments\": [{\"name\": \"a\", \"experiment\": %s}, {\"name\": \"b\", "
                 "\"experiment\": %s}], " MODEL SCAN,
                 c == 0 ? CSI_EXPERIMENT("") : c == 1 ? CSI_EXPERIMENT(PULL("flux")) : CSI_EXPERIMENT(PULL("a")),
                 c == 0 ? CSI_EXPERIMENT("") : c == 1 ? CSI_EXPERIMENT(PULL("flux")) : CSI_EXPERIMENT(PULL("b")));
        joint = parse(text, CEVNS_SOURCE_DIR "/configs/two.json");
        cr_assert_eq(joint->n_experiments, 2);
        for (int direct = 0; direct <= 1; direct++) {
            size_t n;
            double *chi2 = chi2_map(joint, direct, &n);
            cr_assert_eq(n, 6u);
            for (size_t i = 0; i < n; i++) {
                double rn = norms[i] * r, res = o - rn, expect;
                expect = c == 0 ? 2.0 * res * res / v
                         : c == 1 ? 2.0 * res * res / (v + 2.0 * rn * rn * s2)
                                  : 2.0 * res * res / (v + rn * rn * s2);
                cr_expect(fabs(chi2[i] - expect) <= 1e-12 * expect, "%s, %s, n = %g: chi2 %.17g, closed form %.17g",
                          c == 0 ? "no pull" : c == 1 ? "shared pull" : "a pull each", direct ? "direct" : "separable",
                          norms[i], chi2[i], expect);
            }
            free(chi2);
        }
        free(joint);
    }
    free(cells);
    cevns_experiment_free(e);
    free(one);
}

/* A joint config in a scratch folder beside a referenced one; cevns scan must fail with
 * exit 3, one message naming the file(s) and the key, and no run folder. */
static void bad_joint(const char *joint_text, const char *ref_text, const char *needle1, const char *needle2,
                      const char *what) {
    scan_paths p;
    result r;
    char ref[200];
    scan_paths_init(&p, "joint.json");
    write_text(p.cfg, joint_text);
    if (ref_text) {
        snprintf(ref, sizeof ref, "%s/ref.json", p.tmp);
        write_text(ref, ref_text);
    }
    {
        const char *argv[] = {CEVNS_BINARY, "scan", p.cfg, "--out", p.run, "--no-figures", NULL};
        cevns(p.tmp, &r, argv);
    }
    expect_failure(&r, 3, what, needle1, needle2);
    cr_expect(strstr(r.err, "joint.json") != NULL, "%s: the message does not name the joint config: %s", what, r.err);
    expect_no_run(p.run, what);
    expect_no_run(p.partial, what);
    rm_rf(p.tmp);
}

#define LAR_REF(scan_axis)                                                                                         \
    "{\"name\": \"lar\", \"experiment\": {\"source\": {\"type\": \"sns\", \"nu_per_proton\": 0.09, \"pot\": "    \
    "1.38e23, \"distance_m\": 27.5}, \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": 24.4, "      \
    "\"observable\": \"keVnr\", \"bins\": {\"lo\": 20, \"hi\": 100, \"n\": 4}}, \"data\": {\"observed\": "        \
    "\"asimov\", \"sigma_frac\": 0.1}}, " MODEL ", \"scan\": {\"axes\": [{\"name\": \"" scan_axis "\", \"values\": " \
    "[0.25, 0.5, 0.8, 1.0, 1.2, 1.7]}], \"statistic\": \"chi2\"}}"

Test(joint, bad_input_names_file_and_key, .timeout = 300) {
    char text[8192];
    /* the referenced config scans another axis */
    bad_joint("{\"name\": \"j\", \"experiments\": [{\"config\": \"ref.json\"}], " MODEL SCAN, LAR_REF("exposure_scale"),
              "ref.json: scan.axes[0].name", "disagree on the scan axes", "disagreeing axes");
    /* a referenced config that does not exist */
    bad_joint("{\"name\": \"j\", \"experiments\": [{\"config\": \"missing.json\"}], " MODEL SCAN, NULL,
              "experiments[0].config", "missing.json", "unknown config path");
    /* a joint config that references itself */
    bad_joint("{\"name\": \"j\", \"experiments\": [{\"config\": \"joint.json\"}], " MODEL SCAN, NULL,
              "experiments[0].config", "not allowed in a config that a joint config references", "self-reference");
    /* one pull, two widths */
    snprintf(text, sizeof text,
             "{\"name\": \"j\", \"experiments\": [{\"name\": \"a\", \"experiment\": " CSI_EXPERIMENT(PULL("flux"))
             "}, {\"name\": \"b\", \"experiment\": " CSI_EXPERIMENT(
                 ", \"pulls\": [{\"name\": \"flux\", \"target\": \"signal\", \"sigma\": 0.2}]") "}], " MODEL SCAN);
    bad_joint(text, NULL, "experiment.data.pulls[0].sigma", "\"flux\" is shared with experiments[0]",
              "shared pull widths");
}

/* The run folder of a joint fit (chi2 and Poisson): the experiments' shares of chi2_min
 * (their bins and own pulls, plus the shared pulls once) add up to it, spectra.csv has each
 * experiment's bins, and map.h5 names the experiments. */
static void run_folder_check(const char *statistic) {
    char text[8192], dir[] = "/tmp/cevns_test_joint_XXXXXX", out[600], h5[700];
    cevns_config *cfg;
    cevns_scan_options o;
    cevns_scan_summary s;
    cevns_error err = {""};
    cevns_map m;
    double sum;
    snprintf(text, sizeof text,
             "{\"name\": \"two\", \"experiments\": [{\"name\": \"a\", \"experiment\": %s}, {\"name\": \"b\", "
             "\"experiment\": %s}], " MODEL ", \"scan\": {\"axes\": [{\"name\": \"normalisation\", \"values\": "
             "[0.25, 0.5, 0.8, 1.0, 1.2, 1.7]}], \"statistic\": \"%s\"}}",
             CSI_EXPERIMENT(PULL("flux")), CSI_EXPERIMENT(", \"pulls\": [{\"name\": \"flux\", \"target\": "
                                                          "\"signal\", \"sigma\": 0.3}, {\"name\": \"own\", "
                                                          "\"target\": \"signal\", \"sigma\": 0.2}]"),
             statistic);
    cfg = parse(text, CEVNS_SOURCE_DIR "/configs/two.json");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/run", dir);
    cevns_scan_options_default(&o);
    o.out_dir = out;
    o.figures = 0;
    o.progress = 0;
    cr_assert_eq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(s.n_experiments, 2);
    cr_expect_str_eq(s.experiment_name[0], "a");
    cr_expect_str_eq(s.experiment_name[1], "b");
    sum = s.experiment_chi2[0] + s.experiment_chi2[1] + s.shared_pulls_chi2;
    cr_expect(fabs(sum - s.chi2_min) <= 1e-12 * s.chi2_min, "%s: shares %.17g, chi2_min %.17g", statistic, sum,
              s.chi2_min);
    cr_expect_gt(s.shared_pulls_chi2, 0.0);
    {
        char csv[700], text2[4096];
        snprintf(csv, sizeof csv, "%s/spectra.csv", out);
        slurp(csv, text2, sizeof text2);
        cr_expect(strstr(text2, "\na,PE,0,0,50,134,22,") != NULL, "spectra.csv: %s", text2);
        cr_expect(strstr(text2, "\nb,PE,0,0,50,134,22,") != NULL, "spectra.csv: %s", text2);
    }
    snprintf(h5, sizeof h5, "%s/map.h5", out);
    cr_assert_eq(cevns_map_create_from_h5(h5, &m, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(m.n_experiments, 2);
    cr_expect_str_eq(m.experiment_name[1], "b");
    cr_expect_eq(m.experiment_first_bin[1], 1);
    cevns_map_free(&m);
    rm_rf(dir);
    free(cfg);
}

Test(joint, run_folder_shows_each_experiment, .timeout = 300) {
    run_folder_check("chi2");
    run_folder_check("poisson");
}

/* Two different experiments (CsI in PE with a signal pull, LAr in keVee with resolution, a
 * table efficiency and a background pull: other targets, fluxes and detectors) and no
 * shared pull: the joint chi2 is the sum of the two maps, on both paths. */
#define NORM_SCAN                                                                                                  \
    ", \"scan\": {\"axes\": [{\"name\": \"normalisation\", \"lo\": 0.0, \"hi\": 3.0, \"n\": 301}], "            \
    "\"statistic\": \"chi2\"}}"
Test(joint, different_experiments_add_up, .timeout = 300) {
    char text[8192];
    cevns_config *csi, *lar = test_load_config("coherent_lar2020_fit.json"), *joint;
    snprintf(text, sizeof text, "{\"name\": \"csi\", \"experiment\": " CSI_EXPERIMENT(PULL("csi")) ", " MODEL NORM_SCAN);
    csi = parse(text, CEVNS_SOURCE_DIR "/configs/csi.json");
    snprintf(text, sizeof text,
             "{\"name\": \"j\", \"experiments\": [{\"name\": \"csi\", \"experiment\": " CSI_EXPERIMENT(PULL("csi"))
             "}, {\"config\": \"coherent_lar2020_fit.json\"}], " MODEL NORM_SCAN);
    joint = parse(text, CEVNS_SOURCE_DIR "/configs/j.json");
    for (int direct = 0; direct <= 1; direct++) {
        size_t n1, n2, n3;
        double *a = chi2_map(csi, direct, &n1), *b = chi2_map(lar, direct, &n2), *j = chi2_map(joint, direct, &n3);
        cr_assert(n1 == n3 && n2 == n3);
        for (size_t i = 0; i < n3; i++)
            cr_expect(fabs(j[i] - (a[i] + b[i])) <= 1e-12 * (a[i] + b[i]), "%s point %zu: joint %.17g, sum %.17g",
                      direct ? "direct" : "separable", i, j[i], a[i] + b[i]);
        free(a);
        free(b);
        free(j);
    }
    free(csi);
    free(lar);
    free(joint);
}
