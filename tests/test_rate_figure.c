/* test_rate_figure.c - `cevns rate CONFIG --figure` and cevns_figures_rate: the PNG and PDF
 * of one model and of several are written whole; the counts drawn are `cevns rate --json`'s
 * (for a --model overlay, those of a config file with the same model keys; with time bins,
 * their sum over time, summed here); the magnetic counts of two overlays scale as mu_nu^2;
 * bad input exits non-zero naming the option or key and leaves no file. */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <math.h>

#include "test_run.h"

#define BIG (1 << 20)

/* Run cevns with argv in tmp; its whole stdout parsed as JSON (NULL when the run failed). */
static cJSON *run_json(const char *tmp, const char *const *argv, result *r) {
    char path[700], *text = malloc(BIG);
    cJSON *j;
    cr_assert_not_null(text);
    cevns(tmp, r, argv);
    snprintf(path, sizeof path, "%s/stdout.txt", tmp);
    slurp(path, text, BIG);
    j = r->code == 0 ? cJSON_Parse(text) : NULL;
    free(text);
    return j;
}

/* PNG signature and PDF header, both files non-empty, no .tmp left. */
static void expect_figure_files(const char *stem) {
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    char path[700], head[8] = {0};
    FILE *f;
    snprintf(path, sizeof path, "%s.png", stem);
    f = fopen(path, "rb");
    cr_assert_not_null(f, "%s missing", path);
    cr_expect_eq(fread(head, 1, 8, f), 8);
    fclose(f);
    cr_expect_eq(memcmp(head, png, 8), 0, "%s: no PNG signature", path);
    cr_expect_gt(file_size(path), 1000);
    snprintf(path, sizeof path, "%s.pdf", stem);
    f = fopen(path, "rb");
    cr_assert_not_null(f, "%s missing", path);
    cr_expect_eq(fread(head, 1, 5, f), 5);
    fclose(f);
    cr_expect_eq(memcmp(head, "%PDF-", 5), 0, "%s: no PDF header", path);
    cr_expect_gt(file_size(path), 1000);
    snprintf(path, sizeof path, "%s.png.tmp", stem);
    cr_expect(!exists(path), "%s left behind", path);
    snprintf(path, sizeof path, "%s.pdf.tmp", stem);
    cr_expect(!exists(path), "%s left behind", path);
}

/* Only stdout.txt and stderr.txt in tmp: a failed run wrote nothing else. */
static void expect_no_files(const char *tmp, const char *what) {
    DIR *d = opendir(tmp);
    struct dirent *e;
    cr_assert_not_null(d);
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "stdout.txt") && strcmp(e->d_name, "stderr.txt"))
            cr_expect(0, "%s: left %s/%s", what, tmp, e->d_name);
    closedir(d);
}

#define CDEX CEVNS_SOURCE_DIR "/configs/cdex10_solar.json"

Test(rate_figure, one_model_writes_png_and_pdf, .timeout = 60) {
    char tmp[64];
    result r;
    const char *const argv[] = {"cevns", "rate", CDEX, "--figure", "--out", "one", NULL};
    make_tmp(tmp, sizeof tmp);
    cevns(tmp, &r, argv);
#if CEVNS_HAVE_PLPLOT
    {
        char stem[128];
        cr_assert_eq(r.code, 0, "%s", r.err);
        snprintf(stem, sizeof stem, "%s/one", tmp);
        expect_figure_files(stem);
        cr_expect_not_null(strstr(r.out, "one.png"), "%s", r.out);
    }
#else
    expect_failure(&r, 9, "no PLplot", "PLplot", NULL);
    expect_no_files(tmp, "no PLplot");
#endif
    rm_rf(tmp);
}

Test(rate_figure, several_models_and_the_default_stem, .timeout = 60) {
    char tmp[64], stem[128];
    result r;
    const char *const argv[] = {"cevns", "rate", CDEX, "--figure", "--components", "--model", "SM:interactions=[sm]",
                                "--model", "m4 = 5 MeV:interactions=[sterile],mu_nu=1e-9,m4_MeV=5", "--model",
                                "m4 = 10 MeV:interactions=[sm,sterile],mu_nu=1e-9,m4_MeV=10", NULL};
    if (!CEVNS_HAVE_PLPLOT) return;
    make_tmp(tmp, sizeof tmp);
    cevns(tmp, &r, argv);
    cr_assert_eq(r.code, 0, "%s", r.err);
    snprintf(stem, sizeof stem, "%s/rate_cdex10_solar", tmp);
    expect_figure_files(stem);
    cr_expect_not_null(strstr(r.out, "3 models"), "%s", r.out);
    rm_rf(tmp);
}

/* counts[bin][component] of a figure's JSON, model m, by component name. */
static double figure_count(const cJSON *fig, int m, int bin, const char *component) {
    const cJSON *names = cJSON_GetObjectItem(fig, "components"), *model = cJSON_GetArrayItem(cJSON_GetObjectItem(fig, "models"), m);
    int k = 0;
    for (const cJSON *n = names->child; n; n = n->next, k++)
        if (!strcmp(n->valuestring, component))
            return cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(model, "counts"), bin), k)->valuedouble;
    cr_assert(0, "no component %s", component);
    return NAN;
}

/* Every bin and component of `rate --json` (rate) against model m of the figure's JSON: equal
 * within rel (the figure draws energy bins: rate's bins with the same energy range summed). */
static void expect_same_counts(const cJSON *rate, const cJSON *fig, int m, double rel) {
    const cJSON *comps = cJSON_GetObjectItem(rate, "components"), *bins = cJSON_GetObjectItem(rate, "bins");
    const cJSON *edges = cJSON_GetObjectItem(fig, "edges");
    int n_fig = cJSON_GetArraySize(edges) - 1, k = 0;
    for (const cJSON *c = comps->child; c; c = c->next, k++) {
        char name[96];
        snprintf(name, sizeof name, "%s:%s", cJSON_GetObjectItem(c, "flux")->valuestring,
                 cJSON_GetObjectItem(c, "interaction")->valuestring);
        for (int eb = 0; eb < n_fig; eb++) {
            double lo = cJSON_GetArrayItem(edges, eb)->valuedouble, hi = cJSON_GetArrayItem(edges, eb + 1)->valuedouble;
            double sum = 0.0, got = figure_count(fig, m, eb, name);
            int found = 0;
            for (const cJSON *b = bins->child; b; b = b->next)
                if (cJSON_GetObjectItem(b, "lo")->valuedouble == lo && cJSON_GetObjectItem(b, "hi")->valuedouble == hi) {
                    sum += cJSON_GetArrayItem(cJSON_GetObjectItem(b, "counts"), k)->valuedouble;
                    found++;
                }
            cr_expect_gt(found, 0, "no bin %g..%g in rate --json", lo, hi);
            cr_expect_leq(fabs(got - sum), rel * fabs(sum), "%s bin %d: figure %.17g, rate --json %.17g", name, eb, got, sum);
        }
    }
}

/* `rate --json` (rate_argv) and `rate --figure --json` (fig_argv) in tmp, both parsed. */
static void run_both(const char *tmp, const char *const *rate_argv, const char *const *fig_argv, cJSON **rate,
                     cJSON **fig) {
    result r;
    *rate = run_json(tmp, rate_argv, &r);
    cr_assert_not_null(*rate, "%s", r.err);
    *fig = run_json(tmp, fig_argv, &r);
    cr_assert_not_null(*fig, "%s", r.err);
}

Test(rate_figure, counts_are_those_of_rate_json, .timeout = 60) {
    char tmp[64];
    const char *const rate_argv[] = {"cevns", "rate", "--json", CDEX, NULL};
    const char *const fig_argv[] = {"cevns", "rate", CDEX, "--figure", "--json", "--out", "f", NULL};
    cJSON *rate, *fig;
    if (!CEVNS_HAVE_PLPLOT) return;
    make_tmp(tmp, sizeof tmp);
    run_both(tmp, rate_argv, fig_argv, &rate, &fig);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(fig, "edges")), 21);
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(fig, "projected_onto_energy")));
    expect_same_counts(rate, fig, 0, 0.0); /* the same numbers: nothing to sum */
    cJSON_Delete(rate);
    cJSON_Delete(fig);
    rm_rf(tmp);
}

/* An overlay is the config with those model keys: `rate --json` of an edited copy. */
Test(rate_figure, an_overlay_is_the_config_with_its_keys, .timeout = 60) {
    char tmp[64], cfg[128];
    cJSON *rate, *fig;
    const char *const fig_argv[] = {"cevns", "rate", CDEX, "--figure", "--json", "--out", "f", "--model",
                                    "sterile:interactions=[sm,sterile],mu_nu=3e-9,m4_MeV=5", NULL};
    const char *rate_argv[] = {"cevns", "rate", "--json", NULL, NULL};
    if (!CEVNS_HAVE_PLPLOT) return;
    make_tmp(tmp, sizeof tmp);
    snprintf(cfg, sizeof cfg, "%s/edited.json", tmp);
    copy_config("cdex10_solar.json", cfg);
    replace_in_file(cfg, "\"interactions\": [\"sm\", \"magnetic\"], \"mu_nu\": 1e-9",
                    "\"interactions\": [\"sm\", \"sterile\"], \"mu_nu\": 3e-9, \"m4_MeV\": 5");
    rate_argv[3] = cfg;
    setenv("CEVNS_DATA_DIR", CEVNS_SOURCE_DIR "/data", 1);
    run_both(tmp, rate_argv, fig_argv, &rate, &fig);
    expect_same_counts(rate, fig, 0, 0.0);
    cJSON_Delete(rate);
    cJSON_Delete(fig);
    rm_rf(tmp);
}

/* The magnetic cross section is proportional to mu_nu^2 (Vogel & Engel 1989), the SM one does
 * not depend on it: two overlays at 1e-9 and 2e-9 mu_B differ by 4 and 1. */
Test(rate_figure, magnetic_counts_scale_as_mu_nu_squared, .timeout = 60) {
    char tmp[64];
    result r;
    cJSON *fig;
    const char *const argv[] = {"cevns", "rate", CDEX, "--figure", "--json", "--out", "f", "--model",
                                "a:interactions=[sm,magnetic],mu_nu=1e-9", "--model",
                                "b:interactions=[sm,magnetic],mu_nu=2e-9", NULL};
    if (!CEVNS_HAVE_PLPLOT) return;
    make_tmp(tmp, sizeof tmp);
    fig = run_json(tmp, argv, &r);
    cr_assert_not_null(fig, "%s", r.err);
    for (int b = 0; b < 20; b++) {
        double m1 = figure_count(fig, 0, b, "B8:magnetic") + figure_count(fig, 0, b, "hep:magnetic");
        double m2 = figure_count(fig, 1, b, "B8:magnetic") + figure_count(fig, 1, b, "hep:magnetic");
        double s1 = figure_count(fig, 0, b, "B8:sm") + figure_count(fig, 0, b, "hep:sm");
        double s2 = figure_count(fig, 1, b, "B8:sm") + figure_count(fig, 1, b, "hep:sm");
        cr_expect_gt(m1, 0.0);
        cr_expect_leq(fabs(m2 / m1 - 4.0), 1e-12, "bin %d: %.17g / %.17g", b, m2, m1);
        cr_expect_eq(s1, s2, "bin %d", b);
    }
    cJSON_Delete(fig);
    rm_rf(tmp);
}

/* Time bins: the figure's energy bin is the sum of rate's bins with its energy range. */
Test(rate_figure, time_bins_are_summed_onto_energy, .timeout = 60) {
    char tmp[64];
    cJSON *rate, *fig;
    const char *const rate_argv[] = {"cevns", "rate", "--json", CEVNS_SOURCE_DIR "/configs/coherent_csi2021_fit.json",
                                     NULL};
    const char *const fig_argv[] = {"cevns", "rate", CEVNS_SOURCE_DIR "/configs/coherent_csi2021_fit.json", "--figure",
                                    "--json", "--out", "f", NULL};
    if (!CEVNS_HAVE_PLPLOT) return;
    make_tmp(tmp, sizeof tmp);
    run_both(tmp, rate_argv, fig_argv, &rate, &fig);
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(fig, "projected_onto_energy")));
    cr_expect_lt(cJSON_GetArraySize(cJSON_GetObjectItem(fig, "edges")) - 1,
                 cJSON_GetArraySize(cJSON_GetObjectItem(rate, "bins")));
    expect_same_counts(rate, fig, 0, 1e-13);
    cr_expect_leq(fabs(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(fig, "models"), 0), "total")->valuedouble -
                       cJSON_GetObjectItem(rate, "total")->valuedouble),
                  1e-12 * cJSON_GetObjectItem(rate, "total")->valuedouble);
    cJSON_Delete(rate);
    cJSON_Delete(fig);
    rm_rf(tmp);
}

typedef struct {
    const char *what;
    const char *args[6];
    int code;
    const char *needle1, *needle2;
} bad_input;

static const bad_input BAD[] = {
    {"unknown key", {"--figure", "--model", "x:mu_nu=1e-9,mu_nx=2", NULL}, 3, "--model 'x:mu_nu=1e-9,mu_nx=2'", "model.mu_nx"},
    {"bad value", {"--figure", "--model", "neg:mu_nu=-1", NULL}, 3, "model.mu_nu", ">= 0"},
    {"bad name", {"--figure", "--model", "k:kinematics=fast", NULL}, 3, "model.kinematics", "fast"},
    {"bad nested key", {"--figure", "--model", "n:nsi.ee_x=0.1", NULL}, 3, "model.nsi.ee_x", NULL},
    {"not KEY=VALUE", {"--figure", "--model", "x:mu_nu", NULL}, 2, "--model 'x:mu_nu'", "KEY=VALUE"},
    {"key twice", {"--figure", "--model", "x:mu_nu=1,mu_nu=2", NULL}, 2, "mu_nu", "more than once"},
    {"unwritable path", {"--figure", "--out", "/nonexistent/folder/x", NULL}, 5, "/nonexistent/folder/x", NULL},
};

Test(rate_figure, bad_input_fails_clearly_and_leaves_no_file, .timeout = 120) {
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char tmp[64];
        result r;
        const char *argv[12] = {"cevns", "rate", CDEX};
        int n = 3;
        for (int a = 0; BAD[i].args[a]; a++) argv[n++] = BAD[i].args[a];
        argv[n] = NULL;
        if (!CEVNS_HAVE_PLPLOT && BAD[i].code == 5) continue;
        make_tmp(tmp, sizeof tmp);
        cevns(tmp, &r, argv);
        expect_failure(&r, BAD[i].code, BAD[i].what, BAD[i].needle1, BAD[i].needle2);
        expect_no_files(tmp, BAD[i].what);
        rm_rf(tmp);
    }
}

Test(rate_figure, figure_options_need_figure_and_usage_errors_exit_2) {
    char tmp[64];
    result r;
    const char *const model_alone[] = {"cevns", "rate", CDEX, "--model", "x:mu_nu=1", NULL};
    const char *const with_compare[] = {"cevns", "rate", CDEX, "--figure", "--compare", NULL};
    make_tmp(tmp, sizeof tmp);
    cevns(tmp, &r, model_alone);
    cr_expect_eq(r.code, 2, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "need --figure"), "%s", r.err);
    cevns(tmp, &r, with_compare);
    cr_expect_eq(r.code, 2, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "--compare"), "%s", r.err);
    expect_no_files(tmp, "usage");
    rm_rf(tmp);
}

/* The library call a binding makes: arguments checked before anything is drawn. */
Test(rate_figure, the_library_call_checks_its_arguments) {
    char tmp[64], stem[128];
    double edges[3] = {1.0, 2.0, 3.0}, bad_edges[3] = {1.0, 3.0, 2.0}, counts[2] = {1.0, 2.0}, nan_counts[2] = {1.0, NAN};
    const char *names[1] = {"B8:sm"};
    cevns_rate_model model = {"m", counts};
    cevns_rate_figure fig = {2, edges, "keVee", 1, names, 1, &model, "t", -1, 0};
    cevns_error err = {""};
    make_tmp(tmp, sizeof tmp);
    snprintf(stem, sizeof stem, "%s/lib", tmp);
    fig.edges = bad_edges;
    cr_expect_eq(cevns_figures_rate(stem, &fig, &err), CEVNS_EUSAGE);
    cr_expect_not_null(strstr(err.msg, "edges[2]"), "%s", err.msg);
    fig.edges = edges;
    model.counts = nan_counts;
    cr_expect_eq(cevns_figures_rate(stem, &fig, &err), CEVNS_EUSAGE);
    cr_expect_not_null(strstr(err.msg, "models[0].counts[1]"), "%s", err.msg);
    model.counts = counts;
    fig.n_models = 0;
    cr_expect_eq(cevns_figures_rate(stem, &fig, &err), CEVNS_EUSAGE);
    fig.n_models = 1;
    expect_no_files(tmp, "bad arguments");
    if (CEVNS_HAVE_PLPLOT) {
        cr_expect_eq(cevns_figures_rate(stem, &fig, &err), CEVNS_OK, "%s", err.msg);
        expect_figure_files(stem);
    } else {
        cr_expect_eq(cevns_figures_rate(stem, &fig, &err), CEVNS_EUNAVAILABLE);
    }
    rm_rf(tmp);
}
