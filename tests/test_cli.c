/* test_cli.c - the cevns command as a user meets it: every shipped config
 * prints counts; bad input gives a message naming the key or file, a
 * documented non-zero exit code and nothing on stdout. */
#include <criterion/criterion.h>

#include "test_support.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    int code;
    char out[1 << 16];
    char err[4096];
} run_result;

/* Run `BINARY ARGS` in folder dir with the environment changes env (`env` arguments:
 * assignments or -u NAME; may be empty); capture stdout, stderr, exit code. */
static void run_at(const char *dir, const char *binary, const char *env, const char *args, run_result *r) {
    char cmd[2048], errpath[] = "/tmp/cevns_cli_err_XXXXXX";
    FILE *p, *fe;
    size_t n;
    int fd = mkstemp(errpath), status;
    cr_assert(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "cd '%s' && env %s '%s' %s 2>'%s'", dir, env, binary, args, errpath);
    p = popen(cmd, "r");
    cr_assert_not_null(p);
    n = fread(r->out, 1, sizeof r->out - 1, p);
    r->out[n] = '\0';
    status = pclose(p);
    r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    fe = fopen(errpath, "r");
    cr_assert_not_null(fe);
    n = fread(r->err, 1, sizeof r->err - 1, fe);
    r->err[n] = '\0';
    fclose(fe);
    unlink(errpath);
}

/* `cevns ARGS` from the project root with the environment changes env. */
static void run_env(const char *env, const char *args, run_result *r) {
    run_at(CEVNS_SOURCE_DIR, CEVNS_BINARY, env, args, r);
}

static void run(const char *args, run_result *r) { run_env("", args, r); }


static const char *const SHIPPED[] = {"default.json",         "coherent_csi2017.json", "coherent_csi2021.json",
                                      "coherent_lar2020.json", "cdex10_solar.json",     "dresden2_reactor.json",
                                      "sns_seed000_ne.json",   "sns_seed000_ar.json",   "sns_seed000_ge.json",
                                      "sns_seed000_xe.json"};

Test(cli, every_shipped_config_prints_counts, .timeout = 300) {
    size_t i;
    for (i = 0; i < sizeof SHIPPED / sizeof SHIPPED[0]; i++) {
        char args[256];
        run_result *r = malloc(sizeof *r);
        snprintf(args, sizeof args, "rate configs/%s", SHIPPED[i]);
        run(args, r);
        cr_expect_eq(r->code, 0, "%s: exit %d: %s", SHIPPED[i], r->code, r->err);
        cr_expect_not_null(strstr(r->out, "# total"), "%s: no totals line", SHIPPED[i]);
        free(r);
    }
}

Test(cli, json_output_is_one_object) {
    run_result *r = malloc(sizeof *r);
    run("rate --json configs/coherent_csi2017.json", r);
    cr_assert_eq(r->code, 0, "%s", r->err);
    cr_expect_eq(r->out[0], '{');
    cr_expect_not_null(strstr(r->out, "\"total\":"));
    free(r);
}

typedef struct {
    const char *text;   /* config text */
    int code;           /* expected exit code (docs/cli.md) */
    const char *needle; /* must appear in stderr */
} bad_config;

static const bad_config BAD[] = {
    {"{\"experiment\": {\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
     " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": 1, \"treshold_keV\": 1,"
     " \"bins\": {\"lo\": 10, \"hi\": 100, \"n\": 9}}}}",
     3, "experiment.detector.treshold_keV"},
    {"{\"experiment\": {\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
     " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": -1,"
     " \"bins\": {\"lo\": 10, \"hi\": 100, \"n\": 9}}}}",
     3, "experiment.detector.mass_kg"},
    {"{\"experiment\": {\"source\": {\"type\": \"table\", \"file\": \"no/such/flux.txt\", \"flux_cm2_s\": 1e6},"
     " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"exposure_kg_day\": 1,"
     " \"bins\": {\"lo\": 1, \"hi\": 10, \"n\": 9}}}}",
     4, "flux.txt"},
    {"{\"experiment\": {\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
     " \"target\": {\"material\": \"Qx\"}, \"detector\": {\"mass_kg\": 1,"
     " \"bins\": {\"lo\": 10, \"hi\": 100, \"n\": 9}}}}",
     3, "Qx"},
    {"{\"experiment\": {\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
     " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": 1,"
     " \"bins\": {\"lo\": 10, \"hi\": 100, \"n\": 9}}}, \"model\": {\"m4_MeV\": -1}}",
     3, "model.m4_MeV"},
    {"{\"experiment\": {\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
     " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": 1,"
     " \"bins\": {\"edges\": [10, 5, 20]}}}}",
     3, "experiment.detector.bins.edges"},
    {"{\"experiment\": {\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20},"
     " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": 1,"
     " \"bins\": {\"lo\": 0, \"hi\": 100, \"n\": 10}}}}",
     3, "recoil_min_keVnr"},
    {"{\"experiment\": {", 3, "line"},
};

Test(cli, bad_configs_fail_clearly_with_no_output) {
    size_t i;
    for (i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char path[512], args[600];
        run_result *r = malloc(sizeof *r);
        /* in configs/ so that relative data paths resolve as for a user's config */
        char tmpl[512];
        snprintf(tmpl, sizeof tmpl, "%s/configs/.test_cli_XXXXXX", CEVNS_SOURCE_DIR);
        test_write_temp(tmpl, BAD[i].text, path, sizeof path);
        snprintf(args, sizeof args, "rate '%s'", path);
        run(args, r);
        unlink(path);
        cr_expect_eq(r->code, BAD[i].code, "case %zu: exit %d, expected %d (%s)", i, r->code, BAD[i].code, r->err);
        cr_expect_not_null(strstr(r->err, BAD[i].needle), "case %zu: stderr lacks '%s': %s", i, BAD[i].needle, r->err);
        cr_expect_eq(r->out[0], '\0', "case %zu: stdout not empty: %.200s", i, r->out);
        free(r);
    }
}

/* ---------------------------------------------------------------- the data from any folder */
/* A user's config kept outside the source tree, with a flux table of its own beside it:
 * <scratch>/mine/my.json and <scratch>/mine/my_flux.txt; the commands run from
 * <scratch>/elsewhere. */
static const char USER_CONFIG[] =
    "{\"experiment\": {\"source\": {\"type\": \"table\", \"file\": \"my_flux.txt\", \"flux_cm2_s\": 1e7},"
    " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"exposure_kg_day\": 1000,"
    " \"bins\": {\"lo\": 10, \"hi\": 100, \"n\": 9}}}}";

static void make_user_folders(char *scratch, size_t size) {
    char path[256];
    FILE *f;
    snprintf(scratch, size, "/tmp/cevns_cli_data_XXXXXX");
    cr_assert_not_null(mkdtemp(scratch));
    snprintf(path, sizeof path, "%s/mine", scratch);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/elsewhere", scratch);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/mine/my.json", scratch);
    cr_assert_not_null(f = fopen(path, "w"));
    fputs(USER_CONFIG, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/mine/my_flux.txt", scratch);
    cr_assert_not_null(f = fopen(path, "w"));
    fputs("# E [MeV]  dPhi/dE\n10 1\n30 1\n50 1\n", f);
    fclose(f);
}

static void remove_folder(const char *path) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    cr_expect_eq(system(cmd), 0);
}

/* `cevns rate` of a config outside the tree, from another folder: the built-in tables are
 * found without $CEVNS_DATA_DIR (the build's data) and with it; its own flux table
 * resolves beside it; a $CEVNS_DATA_DIR that names no folder, and (cevns_nodata) no
 * folder holding the tables, are errors saying where the command looked. */
Test(cli, a_config_outside_the_tree_finds_the_data, .timeout = 120) {
    char scratch[64], here[128], args[256], expected[1024];
    run_result *r = malloc(sizeof *r);
    make_user_folders(scratch, sizeof scratch);
    snprintf(here, sizeof here, "%s/elsewhere", scratch);
    run_at(here, CEVNS_BINARY, "-u CEVNS_DATA_DIR", "rate ../mine/my.json", r);
    cr_expect_eq(r->code, 0, "without $CEVNS_DATA_DIR: exit %d: %s", r->code, r->err);
    cr_expect_not_null(strstr(r->out, "# total"), "%s", r->out);
    run_at(here, CEVNS_BINARY, "CEVNS_DATA_DIR=" CEVNS_SOURCE_DIR "/data", "rate ../mine/my.json", r);
    cr_expect_eq(r->code, 0, "with $CEVNS_DATA_DIR: exit %d: %s", r->code, r->err);
    cr_expect_not_null(strstr(r->out, "# total"), "%s", r->out);

    run_at(here, CEVNS_BINARY, "CEVNS_DATA_DIR=/nonexistent/cevns-data", "rate ../mine/my.json", r);
    cr_expect_eq(r->code, 4, "exit %d: %s", r->code, r->err);
    cr_expect_str_eq(r->err, "cevns: error: ../mine/my.json: data_dir \"/nonexistent/cevns-data\" (from "
                             "$CEVNS_DATA_DIR): no such folder\n");

    snprintf(args, sizeof args, "rate %s/mine/my.json", scratch);
    run_at(here, CEVNS_NODATA_BINARY, "-u CEVNS_DATA_DIR", args, r);
    cr_expect_eq(r->code, 4, "exit %d: %s", r->code, r->err);
    snprintf(expected, sizeof expected,
             "cevns: error: %s/mine/my.json: cannot find the built-in data tables (nuclear/ame2020_natural.txt): "
             "looked in $CEVNS_DATA_DIR (not set), %s/mine/../data (beside the config), /nonexistent/cevns-build/data, "
             "/nonexistent/cevns-prefix/share/cevns/data; name the folder in the config's data_dir or in "
             "$CEVNS_DATA_DIR\n",
             scratch, scratch);
    cr_expect_str_eq(r->err, expected);
    cr_expect_eq(r->out[0], '\0', "%s", r->out);
    free(r);
    remove_folder(scratch);
}

/* `cmake --install` into a fresh prefix: the installed command finds the prefix's
 * share/cevns/data (before the build's) and rates a config kept anywhere. */
Test(cli, an_installed_prefix_finds_its_data, .timeout = 300) {
    char scratch[64], cmd[1024], here[128], binary[160], expected[256];
    run_result *r = malloc(sizeof *r);
    make_user_folders(scratch, sizeof scratch);
    snprintf(cmd, sizeof cmd, "'%s' --install '%s' --prefix '%s/prefix' >/dev/null", CEVNS_CMAKE_COMMAND,
             CEVNS_BUILD_DIR, scratch);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    snprintf(here, sizeof here, "%s/elsewhere", scratch);
    snprintf(binary, sizeof binary, "%s/prefix/bin/cevns", scratch);
    run_at(here, binary, "-u CEVNS_DATA_DIR", "info", r);
    cr_expect_eq(r->code, 0, "%s", r->err);
    snprintf(expected, sizeof expected, "data directory: %s/prefix/share/cevns/data\n", scratch);
    cr_expect_not_null(strstr(r->out, expected), "no '%s' in:\n%s", expected, r->out);
    run_at(here, binary, "-u CEVNS_DATA_DIR", "rate ../mine/my.json", r);
    cr_expect_eq(r->code, 0, "exit %d: %s", r->code, r->err);
    cr_expect_not_null(strstr(r->out, "# total"), "%s", r->out);
    free(r);
    remove_folder(scratch);
}

Test(cli, usage_errors_exit_2) {
    static const char *const args[] = {"", "nosuchcommand", "rate", "rate --bogus configs/default.json",
                                       "xsec -E -1 -T 1", "xsec -E 30 -T 0", "xsec -E 30 -T 1 --interaction nope", "scan", "scan --threads -1 configs/default.json", "plot", "bench --bogus", "scan --resume"};
    size_t i;
    for (i = 0; i < sizeof args / sizeof args[0]; i++) {
        run_result *r = malloc(sizeof *r);
        run(args[i], r);
        cr_expect_eq(r->code, 2, "'cevns %s': exit %d", args[i], r->code);
        cr_expect_eq(r->out[0], '\0', "'cevns %s': stdout not empty", args[i]);
        free(r);
    }
}

/* The engine and chunk options and $CEVNS_DEVICE: a malformed or out-of-range value is a
 * usage error (exit 2) naming the option, before anything is computed or printed. */
Test(cli, engine_options_out_of_range_exit_2) {
    static const struct {
        const char *env, *args, *needle;
    } cases[] = {
        {"", "scan --chunk 0 configs/default.json", "--chunk"},
        {"", "scan --chunk 1.5 configs/default.json", "--chunk"},
        {"", "scan --chunk 2e9 configs/default.json", "--chunk"},
        {"", "scan --device -1 configs/default.json", "--device"},
        {"", "scan --device gpu configs/default.json", "--device"},
        {"", "scan --device 1025 configs/default.json", "--device"},
        {"", "scan --threads 0.5 configs/default.json", "--threads"},
        {"", "scan --resume runs/x configs/default.json", "give no CONFIG"},
        {"", "bench --threads -1", "--threads"},
        {"", "bench --threads", "--threads"},
        {"CEVNS_DEVICE=abc", "scan configs/default.json", "CEVNS_DEVICE"},
        {"CEVNS_DEVICE=-1", "scan configs/default.json", "CEVNS_DEVICE"},
        {"CEVNS_DEVICE=nan", "bench configs/default.json", "CEVNS_DEVICE"},
        {"CEVNS_DEVICE=1.5", "info", "CEVNS_DEVICE"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result *r = malloc(sizeof *r);
        run_env(cases[i].env, cases[i].args, r);
        cr_expect_eq(r->code, 2, "'%s cevns %s': exit %d", cases[i].env, cases[i].args, r->code);
        cr_expect_not_null(strstr(r->err, cases[i].needle), "'%s cevns %s': %s", cases[i].env, cases[i].args, r->err);
        cr_expect_eq(r->out[0], '\0', "'%s cevns %s': stdout not empty: %.200s", cases[i].env, cases[i].args, r->out);
        free(r);
    }
}

Test(cli, help_for_every_subcommand) {
    static const char *const args[] = {"--help", "rate --help", "xsec --help", "info --help", "scan --help", "plot --help", "bench --help"};
    size_t i;
    for (i = 0; i < sizeof args / sizeof args[0]; i++) {
        run_result *r = malloc(sizeof *r);
        run(args[i], r);
        cr_expect_eq(r->code, 0, "'cevns %s': exit %d", args[i], r->code);
        cr_expect_not_null(strstr(r->out, "usage:"), "'cevns %s' prints no usage", args[i]);
        free(r);
    }
}

/* The xsec command against the closed form at T -> 0 (F -> 1, full kinematics
 * -> 1): G_F^2 m / pi * Q_W^2 / 4 for 40Ar at E = 30 MeV, T = 1e-6 keV.
 * m(40Ar) = 39.9623831 u * 931.49410242 - 18 m_e; Q_W = 22 - (1 - 4*0.23857)*18. */
Test(cli, xsec_matches_closed_form_at_zero_recoil) {
    run_result *r = malloc(sizeof *r);
    double m = 39.9623831220 * 931.49410242 - 18 * 0.51099895, qw = 22 - (1 - 4 * 0.23857) * 18;
    double expect = 1.1663788e-11 * 1.1663788e-11 * m / 3.14159265358979 * qw * qw / 4 * 0.3893793721e-21;
    double t, a36, a38, a40, mix;
    run("xsec --target Ar -E 30 -T 1e-6", r);
    cr_assert_eq(r->code, 0, "%s", r->err);
    cr_assert_eq(sscanf(strstr(r->out, "\n  ") + 1, "%lf %lf %lf %lf %lf", &t, &a36, &a38, &a40, &mix), 5, "%s",
                 r->out);
    cr_expect(fabs(a40 / expect - 1) < 1e-6, "40Ar: %.10e vs closed form %.10e", a40, expect);
    free(r);
}

/* cevns xsec with a model beyond the seeds: the universal Z' at T -> 0 (F -> 1, K -> 1) gives
 * G_F^2 m / pi (Q_SM + Q')^2 with Q' = 3 g^2 (Z + N) / (sqrt2 G_F (q^2 + M^2)) (PHYSICS.md §8)
 * for 40Ar; the flavour's name in the header; the same number through --config. */
Test(cli, xsec_takes_the_new_models) {
    run_result *r = malloc(sizeof *r);
    double m = 39.9623831220 * 931.49410242 - 18 * 0.51099895, gf = 1.1663788e-11;
    double q2 = 2 * m * 1e-9; /* T = 1e-6 keV */
    double q = 18 * (0.5 - 2 * 0.23857) - 0.5 * 22 + 3 * 1e-8 * 40 / (sqrt(2.0) * gf * (q2 + 100.0));
    double expect = gf * gf * m / 3.14159265358979 * q * q * 0.3893793721e-21;
    double t, a36, a38, a40, mix;
    run("xsec --target Ar -E 30 -T 1e-6 --flavour mu --zprime universal --zprime-mass-MeV 10 --zprime-g 1e-4", r);
    cr_assert_eq(r->code, 0, "%s", r->err);
    cr_expect_not_null(strstr(r->out, "flavour nu_mu"), "%s", r->out);
    cr_assert_eq(sscanf(strstr(r->out, "\n  ") + 1, "%lf %lf %lf %lf %lf", &t, &a36, &a38, &a40, &mix), 5, "%s",
                 r->out);
    cr_expect(fabs(a40 / expect - 1) < 1e-6, "40Ar with a Z': %.10e vs closed form %.10e", a40, expect);
    run("xsec --config configs/coherent_lar2020_zprime.json -E 30 -T 1,5 --interaction scalar", r);
    cr_expect_eq(r->code, 0, "%s", r->err);
    run("xsec --config configs/coherent_csi2021.json -E 30 -T 1,5 --interaction axial", r);
    cr_expect_eq(r->code, 0, "%s", r->err);
    cr_expect_not_null(strstr(r->out, "I127"), "%s", r->out);
    free(r);
}

/* Bad model options of cevns xsec: usage errors (exit 2) naming the option; an axial term on a
 * target without spin data: a config error (exit 3) naming the isotope. */
Test(cli, xsec_model_options_are_checked) {
    static const struct {
        const char *args, *needle;
        int code;
    } cases[] = {
        {"xsec -E 30 -T 1 --zprime up", "--zprime", 2},
        {"xsec -E 30 -T 1 --zprime universal --zprime-mass-MeV -5", "--zprime-mass-MeV", 2},
        {"xsec -E 30 -T 1 --zprime universal --zprime-g nan", "--zprime-g", 2},
        {"xsec -E 30 -T 1 --nsi ee_x=0.1", "--nsi", 2},
        {"xsec -E 30 -T 1 --nsi ee_u=inf", "--nsi", 2},
        {"xsec -E 30 -T 1 --millicharge abc", "--millicharge", 2},
        {"xsec -E 30 -T 1 --radiative-corrections yes", "--radiative-corrections", 2},
        {"xsec -E 30 -T 1 --interaction magnetic --zprime universal", "--zprime", 2},
        {"xsec -E 30 -T 1 --interaction axial --target CaF2", "43Ca", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result *r = malloc(sizeof *r);
        run(cases[i].args, r);
        cr_expect_eq(r->code, cases[i].code, "'cevns %s': exit %d", cases[i].args, r->code);
        cr_expect_not_null(strstr(r->err, cases[i].needle), "'cevns %s': %s", cases[i].args, r->err);
        free(r);
    }
}
