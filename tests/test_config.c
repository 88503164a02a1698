/* test_config.c - the JSON config reader and writer (src/config, docs/config.md):
 * documented defaults, comments, one row per error case (status and the key path
 * in the message), path handling, and the write -> parse round trip. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cevns/config.h"
#include "common/xsec.h"

#define FILE_NAME "configs/x.json"
/* The longest reference limit label (63 characters) and one character more. */
#define LABEL_63 "Published limit, 90 % CL, 1 dof: a label of sixty-three chars.."
#define LABEL_64 LABEL_63 "!"
#define REFERENCES(list) CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"reference_limits\": [" list "]}")
#define REFERENCE "{\"label\": \"seed 002\", \"value\": 2.79e-9}"

/* Building blocks of the test configs (JSON text). */
#define SNS "{\"type\": \"sns\", \"pot\": 3.2e23, \"distance_m\": 19.3}"
#define TARGET "{\"material\": \"CsI\"}"
#define BINS "{\"lo\": 5, \"hi\": 30, \"n\": 5}"
#define DETECTOR "{\"mass_kg\": 14.6, \"bins\": " BINS "}"
#define DETECTOR_WITH(keys) "{\"mass_kg\": 14.6, \"bins\": " BINS ", " keys "}"
#define CONFIG(source, target, detector, extra) \
    "{\"experiment\": {\"source\": " source ", \"target\": " target ", \"detector\": " detector "}" extra "}"
#define MINIMAL CONFIG(SNS, TARGET, DETECTOR, "")
/* experiment.data, scan and output (SNS source, mass only: no kg day exposure). */
#define WITH_DATA(data, extra) \
    "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ", \"detector\": " DETECTOR ", \"data\": " data "}" extra "}"
#define BINNED_FILE "\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 2, \"error\": 3}"
#define BINNED_WITH(keys) "{" BINNED_FILE ", " keys "}"
#define ON_OFF_FILE \
    "\"observed\": \"on_off\", \"file\": \"d.txt\", \"columns\": {\"on\": 2, \"on_error\": 3, \"off\": 4, \"off_error\": 5}"
/* A free flat background component named `name` (100 counts over the bins). */
#define COMP(name) "{\"name\": \"" name "\", \"shape\": \"flat\", \"amount\": 100, \"free\": true}"
#define SCAN(axes, keys) ", \"scan\": {\"axes\": [" axes "]" keys "}"
#define AXIS(name, rest) "{\"name\": \"" name "\", " rest "}"
#define MU_AXIS AXIS("mu_nu", "\"lo\": 1e-10, \"hi\": 1e-8, \"n\": 3, \"spacing\": \"log\"")
#define M4_AXIS AXIS("m4_MeV", "\"lo\": 0.01, \"hi\": 10, \"n\": 4, \"spacing\": \"log\"")
#define SCAN_WITH_AXIS(rest) CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("m4_MeV", rest), ""))
/* The CDEX-10-like use: a binned spectrum from a file, a flat background per keVee
 * kg day, 10 % signal uncertainty, a sterile dipole scan. */
#define CDEX_SOURCE "{\"type\": \"solar\", \"components\": [\"B8\", \"hep\"]}"
#define CDEX_DETECTOR                                                                                  \
    "{\"exposure_kg_day\": 205.4, \"observable\": \"keVee\", \"quenching\": {\"type\": \"lindhard\", \"k\": 0.157}," \
    " \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 20}}"

static cevns_config cfg, again;

static cevns_status parse(const char *text, cevns_config *out, cevns_error *err) {
    return cevns_config_parse(text, FILE_NAME, out, err);
}

static void require_parses(const char *text, cevns_config *out) {
    cevns_error err = {{0}};
    cevns_status st = parse(text, out, &err);
    cr_assert_eq(st, CEVNS_OK, "parse failed: %s\n%s", err.msg, text);
}

Test(config, minimal_config_has_documented_defaults) {
    require_parses(MINIMAL, &cfg);
    cr_expect_str_eq(cfg.name, "x");
    cr_expect_str_eq(cfg.path, FILE_NAME);
    cr_expect_str_eq(cfg.base_dir, "configs");
    cr_expect_str_eq(cfg.data_dir, "configs/../data"); /* the tests run in the source tree, which has data/ */
    /* source */
    cr_expect_eq(cfg.source.type, CEVNS_SOURCE_SNS);
    cr_expect_eq(cfg.source.pot, 3.2e23);
    cr_expect_eq(cfg.source.distance_m, 19.3);
    cr_expect_eq(cfg.source.nu_per_proton, 0.0848);
    cr_expect_eq(cfg.source.proton_energy_GeV, 1.0);
    cr_expect(cfg.source.use_prompt && cfg.source.use_delayed_nue && cfg.source.use_delayed_numubar);
    /* target and detector */
    cr_expect_str_eq(cfg.target.material, "CsI");
    cr_expect_eq(cfg.target.n_enrich, 0);
    cr_expect_eq(cfg.detector.mass_kg, 14.6);
    cr_expect_eq(cfg.detector.live_days, 0.0);
    cr_expect_eq(cfg.detector.exposure_kg_day, 0.0);
    cr_expect_eq(cfg.detector.observable, CEVNS_OBS_KEVNR);
    cr_expect_eq(cfg.detector.quenching.type, CEVNS_QUENCH_NONE);
    cr_expect_eq(cfg.detector.efficiency.type, CEVNS_EFF_NONE);
    cr_expect_eq(cfg.detector.efficiency.x_column, 1);
    cr_expect_eq(cfg.detector.efficiency.eff_column, 2);
    cr_expect_eq(cfg.detector.resolution.type, CEVNS_RES_NONE);
    cr_expect_eq(cfg.detector.resolution.n_sigma, 6.0);
    cr_expect_eq(cfg.detector.recoil_min_keVnr, 0.0);
    cr_assert_eq(cfg.detector.n_bins, 5);
    for (int i = 0; i <= 5; i++) cr_expect_float_eq(cfg.detector.edges[i], 5.0 + 5.0 * i, 1e-12, "edge %d", i);
    cr_expect_eq(cfg.detector.edges[5], 30.0);
    /* model and quadrature */
    cr_expect_eq(cfg.model.form_factor.type, CEVNS_FF_HELM);
    cr_expect_eq(cfg.model.form_factor.helm_convention, CEVNS_HELM_LEWIN_SMITH);
    cr_expect_eq(cfg.model.form_factor.skin_fm, 0.9);
    cr_expect_eq(cfg.model.form_factor.neutron_radius_fm, 0.0);
    cr_expect_eq(cfg.model.kinematics, CEVNS_KIN_FULL);
    cr_expect_eq(cfg.model.sin2_theta_w, 0.23857);
    cr_expect(cfg.model.use_sm && !cfg.model.use_magnetic && !cfg.model.use_sterile);
    for (int f = 0; f < 3; f++) cr_expect_eq(cfg.model.mu_nu[f], 0.0);
    for (int i = 0; i < 9; i++) cr_expect(cfg.model.eps_u[i] == 0.0 && cfg.model.eps_d[i] == 0.0);
    cr_expect_eq(cfg.model.m4_MeV, 0.0);
    cr_expect_eq(cfg.model.normalisation, 1.0);
    cr_expect_eq(cfg.quadrature.gl_order, 12);
    cr_expect_eq(cfg.quadrature.panels, 4);
    cr_expect_eq(cfg.quadrature.ref_rel_tol, 1e-10);
}

Test(config, source_defaults_per_type) {
    require_parses(CONFIG("{\"type\": \"solar\"}", TARGET, DETECTOR, ""), &cfg);
    cr_expect(cfg.source.use_b8 && cfg.source.use_hep);
    cr_expect_eq(cfg.source.b8_total_cm2_s, 0.0);
    cr_expect_str_eq(cfg.source.b8_file, "solar/b8_bahcall1996.txt");
    cr_expect_str_eq(cfg.source.hep_file, "solar/hep_shape.txt");
    require_parses(CONFIG("{\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 1}, \"flux_cm2_s\": 1e13}", TARGET,
                          DETECTOR, ""),
                   &cfg);
    cr_expect_eq(cfg.source.e_lo_MeV, 2.0);
    cr_expect_eq(cfg.source.e_hi_MeV, 8.0);
    cr_expect_eq(cfg.source.fission_fractions[0], 1.0);
    cr_expect_eq(cfg.source.fission_fractions[3], 0.0);
    require_parses(CONFIG("{\"type\": \"table\", \"file\": \"flux.txt\"}", TARGET, DETECTOR, ""), &cfg);
    cr_expect_eq(cfg.source.flavour, CEVNS_FLAVOUR_E);
    cr_expect_eq(cfg.source.antineutrino, 0);
    cr_expect_eq(cfg.source.flux_cm2_s, 0.0);
}

Test(config, values_reach_the_struct) {
    require_parses(
        CONFIG("{\"type\": \"sns\", \"beam_power_MW\": 1.4, \"beam_hours\": 5000, \"distance_m\": 20,"
               " \"components\": [\"delayed_nue\"]}",
               "{\"material\": \"Ge\", \"enrichment\": {\"Ge76\": 0.87, \"Ge74\": 0.13}}",
               DETECTOR_WITH("\"observable\": \"PE\", \"light_yield_PE_per_keVee\": 13.35,"
                             " \"quenching\": {\"type\": \"polynomial\", \"coefficients_MeV\": [0, 0.0749, 0.5]}"),
               ", \"model\": {\"mu_nu\": {\"mu\": 2e-10}, \"nsi\": {\"emu_u\": 0.1, \"taue_d\": -0.2},"
               " \"interactions\": [\"sm\", \"sterile\"], \"kinematics\": \"leading\"}"),
        &cfg);
    cr_expect_eq(cfg.source.beam_power_MW, 1.4);
    cr_expect_eq(cfg.source.beam_hours, 5000.0);
    cr_expect(!cfg.source.use_prompt && cfg.source.use_delayed_nue && !cfg.source.use_delayed_numubar);
    cr_assert_eq(cfg.target.n_enrich, 2);
    cr_expect_str_eq(cfg.target.enrich[0].element, "Ge");
    cr_expect_eq(cfg.target.enrich[0].a, 76);
    cr_expect_eq(cfg.target.enrich[1].fraction, 0.13);
    cr_expect_eq(cfg.detector.observable, CEVNS_OBS_PE);
    cr_expect_eq(cfg.detector.light_yield_pe_per_keVee, 13.35);
    cr_expect_eq(cfg.detector.quenching.n_coeffs, 3);
    cr_expect_eq(cfg.detector.quenching.coeffs_MeV[1], 0.0749);
    cr_expect(cfg.model.mu_nu[0] == 0.0 && cfg.model.mu_nu[1] == 2e-10 && cfg.model.mu_nu[2] == 0.0);
    cr_expect(cfg.model.eps_u[0 * 3 + 1] == 0.1 && cfg.model.eps_u[1 * 3 + 0] == 0.1);
    cr_expect(cfg.model.eps_d[2 * 3 + 0] == -0.2 && cfg.model.eps_d[0 * 3 + 2] == -0.2);
    cr_expect(cfg.model.use_sm && !cfg.model.use_magnetic && cfg.model.use_sterile);
    cr_expect_eq(cfg.model.kinematics, CEVNS_KIN_LEADING);
}

Test(config, comments_are_accepted) {
    const char *text = "// leading comment\n"
                       "{ /* block\n comment */ \"name\": \"a//b /* not a comment */\",\n"
                       "  \"experiment\": {\"source\": " SNS ", // trailing\n"
                       "  \"target\": " TARGET ", \"detector\": " DETECTOR "}}\n"
                       "/* final */\n";
    require_parses(text, &cfg);
    cr_expect_str_eq(cfg.name, "a//b /* not a comment */");
}

Test(config, edges_and_exposure_alternatives) {
    require_parses(CONFIG(SNS, TARGET, "{\"exposure_kg_day\": 205.4, \"bins\": {\"edges\": [0.16, 0.5, 2.16]}}", ""),
                   &cfg);
    cr_expect_eq(cfg.detector.exposure_kg_day, 205.4);
    cr_expect_eq(cfg.detector.mass_kg, 0.0);
    cr_assert_eq(cfg.detector.n_bins, 2);
    cr_expect(cfg.detector.edges[0] == 0.16 && cfg.detector.edges[1] == 0.5 && cfg.detector.edges[2] == 2.16);
}

/* ---------------------------------------------------------------- data, scan, output */
Test(config, data_scan_output_defaults) {
    require_parses(MINIMAL, &cfg);
    cr_expect_eq(cfg.data.kind, CEVNS_DATA_ASIMOV);
    cr_expect_str_eq(cfg.data.file, "");
    cr_expect(cfg.data.col_observed == 0 && cfg.data.col_error == 0 && cfg.data.col_on == 0 && cfg.data.col_off == 0);
    cr_expect_eq(cfg.data.scale, 1.0);
    cr_expect_eq(cfg.data.sigma_stat, 1);
    cr_expect_eq(cfg.data.sigma_frac, 0.0);
    cr_expect_eq(cfg.data.background.type, CEVNS_BKG_NONE);
    cr_expect_eq(cfg.data.n_backgrounds, 0);
    cr_expect_eq(cfg.data.n_pulls, 0);
    cr_expect_eq(cfg.scan.n_axes, 0);
    cr_expect_eq(cfg.scan.statistic, CEVNS_STAT_CHI2);
    cr_assert_eq(cfg.scan.n_cl, 1);
    cr_expect_eq(cfg.scan.cl[0], 0.9);
    cr_expect_eq(cfg.scan.dof, 0);
    cr_expect_str_eq(cfg.scan.engine, "auto");
    cr_expect_eq(cfg.scan.threads, 0);
    cr_expect_eq(cfg.scan.separable, 1);
    cr_expect_str_eq(cfg.output.dir, "");
    cr_expect_eq(cfg.output.figures, 1);
    cr_expect_eq(cfg.output.overwrite, 0);
    cr_expect_eq(cfg.output.n_reference, 0);

    /* data from a file: no sqrt(N) by default, error column 0 = none */
    /* (no uncertainty at all is fine for the Poisson statistic only) */
    require_parses(WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 2}}",
                             SCAN(M4_AXIS, ", \"statistic\": \"poisson\"")),
                   &cfg);
    cr_expect_eq(cfg.data.kind, CEVNS_DATA_BINNED);
    cr_expect_eq(cfg.data.sigma_stat, 0);
    cr_expect_eq(cfg.data.sigma_frac, 0.0);
    cr_expect_eq(cfg.data.col_observed, 2);
    cr_expect_eq(cfg.data.col_error, 0);
    cr_expect_eq(cfg.data.background.type, CEVNS_BKG_NONE);
    cr_expect_eq(cfg.scan.statistic, CEVNS_STAT_POISSON);
    /* on/off data: all four columns, sigma_stat false */
    require_parses(WITH_DATA("{" ON_OFF_FILE "}", ""), &cfg);
    cr_expect_eq(cfg.data.kind, CEVNS_DATA_ON_OFF);
    cr_expect(cfg.data.col_on == 2 && cfg.data.col_on_error == 3 && cfg.data.col_off == 4 && cfg.data.col_off_error == 5);
    cr_expect(cfg.data.col_observed == 0 && cfg.data.col_error == 0);
    cr_expect_eq(cfg.data.sigma_stat, 0);

    /* an empty data object is Asimov; a scan with one axis has the scan defaults */
    require_parses(WITH_DATA("{}", SCAN(M4_AXIS, "")), &cfg);
    cr_expect_eq(cfg.data.kind, CEVNS_DATA_ASIMOV);
    cr_expect_eq(cfg.data.sigma_stat, 1);
    cr_assert_eq(cfg.scan.n_axes, 1);
    cr_expect_eq(cfg.scan.axes[0].profile, 0);
    cr_expect_eq(cfg.scan.n_cl, 1);
    cr_expect_str_eq(cfg.scan.engine, "auto");
    cr_expect_eq(cfg.scan.separable, 1);
}

Test(config, full_scan_data_output_config) {
    require_parses(
        "{\"name\": \"cdex10-sterile\", \"experiment\": {\"source\": " CDEX_SOURCE ", \"target\": {\"material\": \"Ge\"},"
        " \"detector\": " CDEX_DETECTOR ","
        " \"data\": {\"observed\": \"binned\", \"file\": \"data/cdex10_standin.txt\","
        "  \"columns\": {\"observed\": 3, \"error\": 4}, \"scale\": 0.5, \"sigma_stat\": true, \"sigma_frac\": 0.1,"
        "  \"background\": {\"type\": \"flat\", \"per_unit_kg_day\": 2.5},"
        "  \"pulls\": [{\"name\": \"flux\", \"sigma\": 0.1}, {\"name\": \"bkg\", \"target\": \"background\", \"free\": true},"
        "             {\"name\": \"bkg-shape\", \"target\": \"background\", \"sigma\": 0.3, \"free\": false}]}},"
        " \"model\": {\"interactions\": [\"sm\", \"sterile\"]},"
        " \"scan\": {\"axes\": [" MU_AXIS ", " M4_AXIS ","
        "   {\"name\": \"normalisation\", \"lo\": 0, \"hi\": 2, \"n\": 5, \"profile\": true},"
        "   {\"name\": \"eps_mue_d\", \"values\": [-0.5, 0, 0.25]}],"
        "  \"statistic\": \"poisson\", \"cl\": [0.68, 0.9, 0.95], \"dof\": 2, \"engine\": \"cpu\", \"threads\": 8,"
        "  \"separable\": false},"
        " \"output\": {\"dir\": \"runs/cdex10-sterile\", \"figures\": false, \"overwrite\": true,"
        "  \"reference_limits\": [{\"label\": \"seed 002 (CDEX-10, 90 % CL)\", \"value\": 2.79e-9},"
        "                       {\"value\": 1e-10, \"label\": \"" LABEL_63 "\"}]}}",
        &cfg);
    /* data */
    cr_expect_eq(cfg.data.kind, CEVNS_DATA_BINNED);
    cr_expect_str_eq(cfg.data.file, "data/cdex10_standin.txt");
    cr_expect(cfg.data.col_observed == 3 && cfg.data.col_error == 4);
    cr_expect_eq(cfg.data.scale, 0.5);
    cr_expect_eq(cfg.data.sigma_stat, 1);
    cr_expect_eq(cfg.data.sigma_frac, 0.1);
    cr_expect_eq(cfg.data.background.type, CEVNS_BKG_FLAT);
    cr_expect_eq(cfg.data.background.per_unit_kg_day, 2.5);
    cr_expect_eq(cfg.data.background.per_bin, 0.0);
    cr_assert_eq(cfg.data.n_pulls, 3);
    cr_expect_str_eq(cfg.data.pulls[0].name, "flux");
    cr_expect(cfg.data.pulls[0].target == CEVNS_PULL_SIGNAL && cfg.data.pulls[0].sigma == 0.1 && !cfg.data.pulls[0].free);
    cr_expect_str_eq(cfg.data.pulls[1].name, "bkg");
    cr_expect(cfg.data.pulls[1].target == CEVNS_PULL_BACKGROUND && cfg.data.pulls[1].free);
    cr_expect_eq(cfg.data.pulls[1].sigma, 0.0);
    cr_expect(cfg.data.pulls[2].sigma == 0.3 && !cfg.data.pulls[2].free);
    /* scan */
    cr_assert_eq(cfg.scan.n_axes, 4);
    cr_expect_str_eq(cfg.scan.axes[0].name, "mu_nu");
    cr_expect_eq(cfg.scan.axes[0].kind, CEVNS_AXIS_MU_NU);
    cr_expect_eq(cfg.scan.axes[0].spacing, CEVNS_SPACING_LOG);
    cr_expect(cfg.scan.axes[0].lo == 1e-10 && cfg.scan.axes[0].hi == 1e-8 && cfg.scan.axes[0].n == 3);
    cr_expect_eq(cfg.scan.axes[0].values[0], 1e-10);
    cr_expect_float_eq(cfg.scan.axes[0].values[1], 1e-9, 1e-22);
    cr_expect_eq(cfg.scan.axes[0].values[2], 1e-8);
    cr_expect_eq(cfg.scan.axes[1].kind, CEVNS_AXIS_M4);
    cr_expect_float_eq(cfg.scan.axes[1].values[1], 0.1, 1e-14);
    cr_expect_float_eq(cfg.scan.axes[1].values[2], 1.0, 1e-14);
    cr_expect_eq(cfg.scan.axes[1].values[3], 10.0);
    cr_expect_eq(cfg.scan.axes[2].kind, CEVNS_AXIS_NORM);
    cr_expect_eq(cfg.scan.axes[2].spacing, CEVNS_SPACING_LINEAR);
    cr_expect_eq(cfg.scan.axes[2].profile, 1);
    for (int i = 0; i < 5; i++) cr_expect_eq(cfg.scan.axes[2].values[i], 0.5 * i, "normalisation value %d", i);
    cr_expect_eq(cfg.scan.axes[3].kind, CEVNS_AXIS_EPS_D);
    cr_expect_eq(cfg.scan.axes[3].eps_index, 1 * 3 + 0);
    cr_expect_eq(cfg.scan.axes[3].spacing, CEVNS_SPACING_LIST);
    cr_assert_eq(cfg.scan.axes[3].n, 3);
    cr_expect(cfg.scan.axes[3].values[0] == -0.5 && cfg.scan.axes[3].values[1] == 0.0 &&
              cfg.scan.axes[3].values[2] == 0.25);
    cr_expect(cfg.scan.axes[3].lo == -0.5 && cfg.scan.axes[3].hi == 0.25);
    cr_expect_eq(cfg.scan.statistic, CEVNS_STAT_POISSON);
    cr_assert_eq(cfg.scan.n_cl, 3);
    cr_expect(cfg.scan.cl[0] == 0.68 && cfg.scan.cl[1] == 0.9 && cfg.scan.cl[2] == 0.95);
    cr_expect_eq(cfg.scan.dof, 2);
    cr_expect_str_eq(cfg.scan.engine, "cpu");
    cr_expect_eq(cfg.scan.threads, 8);
    cr_expect_eq(cfg.scan.separable, 0);
    /* output */
    cr_expect_str_eq(cfg.output.dir, "runs/cdex10-sterile");
    cr_expect_eq(cfg.output.figures, 0);
    cr_expect_eq(cfg.output.overwrite, 1);
    cr_assert_eq(cfg.output.n_reference, 2);
    cr_expect_str_eq(cfg.output.reference[0].label, "seed 002 (CDEX-10, 90 % CL)");
    cr_expect_eq(cfg.output.reference[0].value, 2.79e-9);
    cr_expect_str_eq(cfg.output.reference[1].label, LABEL_63);
    cr_expect_eq(cfg.output.reference[1].value, 1e-10);
    /* an empty list is no reference limits */
    require_parses(CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"reference_limits\": []}"), &cfg);
    cr_expect_eq(cfg.output.n_reference, 0);
}

/* Background components: every shape, their keys, and the defaults of the keys
 * left out (sigma 0 = the detector resolution, sigma_norm 0 when free). */
Test(config, background_components_reach_the_struct) {
    const cevns_background_component *b = cfg.data.backgrounds;
    require_parses(
        "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ","
        " \"detector\": {\"mass_kg\": 3, \"live_days\": 1, \"bins\": {\"lo\": 0.2, \"hi\": 1.5, \"n\": 130},"
        "  \"resolution\": {\"type\": \"gaussian\", \"sigma0\": 0.0685}},"
        " \"data\": {" BINNED_FILE ", \"background\": {\"type\": \"flat\", \"per_bin\": 2},"
        "  \"backgrounds\": [{\"name\": \"continuum\", \"shape\": \"flat\", \"amount\": 2500, \"free\": true},"
        "   {\"name\": \"epithermal\", \"shape\": \"exponential\", \"decay\": 0.25, \"amount\": 1300.5,"
        "    \"sigma_norm\": 0.5},"
        "   {\"name\": \"L1\", \"shape\": \"gaussian\", \"mean\": 1.297, \"amount\": 700, \"free\": true,"
        "    \"sigma_norm\": 2},"
        "   {\"name\": \"M\", \"shape\": \"gaussian\", \"mean\": 0.158, \"sigma\": 0.07, \"amount\": 50,"
        "    \"sigma_norm\": 0.03, \"free\": false},"
        "   {\"name\": \"measured\", \"shape\": \"column\", \"column\": 5, \"free\": true}],"
        "  \"pulls\": [{\"name\": \"flux\", \"sigma\": 0.1}, {\"name\": \"flat\", \"target\": \"background\","
        "   \"free\": true}]}}}",
        &cfg);
    cr_expect_eq(cfg.data.background.type, CEVNS_BKG_FLAT);
    cr_expect_eq(cfg.data.n_pulls, 2);
    cr_assert_eq(cfg.data.n_backgrounds, 5);
    cr_expect_str_eq(b[0].name, "continuum");
    cr_expect(b[0].shape == CEVNS_SHAPE_FLAT && b[0].amount == 2500.0 && b[0].free && b[0].sigma_norm == 0.0);
    cr_expect_str_eq(b[1].name, "epithermal");
    cr_expect(b[1].shape == CEVNS_SHAPE_EXPONENTIAL && b[1].decay == 0.25 && b[1].amount == 1300.5);
    cr_expect(!b[1].free && b[1].sigma_norm == 0.5);
    cr_expect_str_eq(b[2].name, "L1");
    cr_expect(b[2].shape == CEVNS_SHAPE_GAUSSIAN && b[2].mean == 1.297 && b[2].sigma == 0.0 && b[2].amount == 700.0);
    cr_expect(b[2].free && b[2].sigma_norm == 2.0);
    cr_expect(b[3].shape == CEVNS_SHAPE_GAUSSIAN && b[3].mean == 0.158 && b[3].sigma == 0.07);
    cr_expect(!b[3].free && b[3].sigma_norm == 0.03);
    cr_expect_str_eq(b[4].name, "measured");
    cr_expect(b[4].shape == CEVNS_SHAPE_COLUMN && b[4].column == 5 && b[4].free && b[4].amount == 0.0);
    /* an empty list is no components; components alone need no "background" */
    require_parses(WITH_DATA("{\"backgrounds\": []}", ""), &cfg);
    cr_expect_eq(cfg.data.n_backgrounds, 0);
    require_parses(WITH_DATA("{\"backgrounds\": [" COMP("a") ", " COMP("b") "], \"pulls\": [{\"name\": \"c\","
                             " \"sigma\": 0.1}]}",
                             ""),
                   &cfg);
    cr_expect(cfg.data.n_backgrounds == 2 && cfg.data.background.type == CEVNS_BKG_NONE && cfg.data.n_pulls == 1);
    /* 8 pull terms in all are allowed */
    require_parses(WITH_DATA("{\"backgrounds\": [" COMP("a") ", " COMP("b") ", " COMP("c") ", " COMP("d") "], \"pulls\": ["
                             "{\"name\": \"p\", \"sigma\": 0.1}, {\"name\": \"q\", \"sigma\": 0.1}, {\"name\":"
                             " \"r\", \"sigma\": 0.1}, {\"name\": \"s\", \"sigma\": 0.1}]}",
                             ""),
                   &cfg);
    cr_expect(cfg.data.n_backgrounds == 4 && cfg.data.n_pulls == 4);
}

Test(config, axis_names_and_grids) {
    static const struct {
        const char *name;
        cevns_axis_kind kind;
        int eps_index;
    } names[] = {
        {"mu_nu", CEVNS_AXIS_MU_NU, 0},      {"mu_nu_e", CEVNS_AXIS_MU_NU_E, 0},
        {"mu_nu_mu", CEVNS_AXIS_MU_NU_MU, 0}, {"mu_nu_tau", CEVNS_AXIS_MU_NU_TAU, 0},
        {"m4_MeV", CEVNS_AXIS_M4, 0},         {"sin2_theta_w", CEVNS_AXIS_SIN2W, 0},
        {"rn_fm", CEVNS_AXIS_RN, 0},          {"normalisation", CEVNS_AXIS_NORM, 0},
        {"exposure_scale", CEVNS_AXIS_EXPOSURE, 0},
        {"eps_ee_u", CEVNS_AXIS_EPS_U, 0},    {"eps_emu_u", CEVNS_AXIS_EPS_U, 1},
        {"eps_mue_u", CEVNS_AXIS_EPS_U, 3},   {"eps_etau_d", CEVNS_AXIS_EPS_D, 2},
        {"eps_taue_d", CEVNS_AXIS_EPS_D, 6},  {"eps_mumu_u", CEVNS_AXIS_EPS_U, 4},
        {"eps_mutau_d", CEVNS_AXIS_EPS_D, 5}, {"eps_taumu_u", CEVNS_AXIS_EPS_U, 7},
        {"eps_tautau_d", CEVNS_AXIS_EPS_D, 8},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s%s", "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ", \"detector\": " DETECTOR "},"
                 " \"scan\": {\"axes\": [{\"name\": \"", names[i].name,
                 "\", \"values\": [0.5]}]}}");
        require_parses(text, &cfg);
        cr_expect_str_eq(cfg.scan.axes[0].name, names[i].name);
        cr_expect_eq(cfg.scan.axes[0].kind, names[i].kind, "%s", names[i].name);
        cr_expect_eq(cfg.scan.axes[0].eps_index, names[i].eps_index, "%s", names[i].name);
    }
    /* linear: lo + (hi - lo) i / (n - 1), hi exactly; n = 1 gives lo */
    require_parses(SCAN_WITH_AXIS("\"lo\": 0.1, \"hi\": 0.7, \"n\": 7"), &cfg);
    cr_expect_eq(cfg.scan.axes[0].spacing, CEVNS_SPACING_LINEAR);
    for (int i = 0; i < 6; i++) cr_expect_eq(cfg.scan.axes[0].values[i], 0.1 + (0.7 - 0.1) * i / 6, "value %d", i);
    cr_expect_eq(cfg.scan.axes[0].values[6], 0.7);
    require_parses(SCAN_WITH_AXIS("\"lo\": 2, \"hi\": 2, \"n\": 1"), &cfg);
    cr_expect(cfg.scan.axes[0].n == 1 && cfg.scan.axes[0].values[0] == 2.0);
    require_parses(SCAN_WITH_AXIS("\"lo\": 2, \"hi\": 5, \"n\": 1, \"spacing\": \"log\""), &cfg);
    cr_expect(cfg.scan.axes[0].n == 1 && cfg.scan.axes[0].values[0] == 2.0);
    /* log: geometric */
    require_parses(SCAN_WITH_AXIS("\"lo\": 1e-3, \"hi\": 1e3, \"n\": 1024, \"spacing\": \"log\""), &cfg);
    for (int i = 1; i < 1023; i++)
        cr_expect_float_eq(cfg.scan.axes[0].values[i] / cfg.scan.axes[0].values[i - 1], pow(1e6, 1.0 / 1023), 1e-12,
                           "ratio %d", i);
    cr_expect(cfg.scan.axes[0].values[0] == 1e-3 && cfg.scan.axes[0].values[1023] == 1e3);
    /* parameters that do not overlap may be scanned together; 4 axes with 1e9 points are allowed */
    require_parses(CONFIG(SNS, TARGET, DETECTOR,
                          SCAN(AXIS("mu_nu_e", "\"values\": [0]") ", " AXIS("mu_nu_mu", "\"values\": [0]") ", "
                               AXIS("eps_emu_u", "\"values\": [0]") ", " AXIS("eps_emu_d", "\"values\": [0]"), "")),
                   &cfg);
    require_parses(CONFIG(SNS, TARGET, DETECTOR,
                          SCAN(AXIS("mu_nu", "\"lo\": 0, \"hi\": 1, \"n\": 1000") ", "
                               AXIS("m4_MeV", "\"lo\": 0, \"hi\": 1, \"n\": 1000") ", "
                               AXIS("rn_fm", "\"lo\": 4, \"hi\": 5, \"n\": 1000"), "")),
                   &cfg);
    cr_expect_eq(cfg.scan.n_axes, 3);
    /* exposure_scale with Asimov data */
    require_parses(WITH_DATA("{\"observed\": \"asimov\"}",
                             SCAN(AXIS("exposure_scale", "\"lo\": 0.5, \"hi\": 4, \"n\": 8, \"spacing\": \"log\""), "")),
                   &cfg);
    cr_expect_eq(cfg.scan.axes[0].kind, CEVNS_AXIS_EXPOSURE);
    cr_expect_eq(cfg.scan.axes[0].values[7], 4.0);
}

/* ---------------------------------------------------------------- error table */
/* Arrays inside one another, for the nesting limit (64 levels). */
#define OPEN_8 "[[[[[[[["
#define CLOSE_8 "]]]]]]]]"
#define OPEN_64 OPEN_8 OPEN_8 OPEN_8 OPEN_8 OPEN_8 OPEN_8 OPEN_8 OPEN_8
#define CLOSE_64 CLOSE_8 CLOSE_8 CLOSE_8 CLOSE_8 CLOSE_8 CLOSE_8 CLOSE_8 CLOSE_8
#define OPEN_1024 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 \
    OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64 OPEN_64

typedef struct {
    const char *what;
    const char *text;
    const char *message; /* must appear in the error message */
} error_case;

static const error_case error_cases[] = {
    {"unknown key", CONFIG(SNS, TARGET, DETECTOR_WITH("\"treshold_keV\": 3"), ""),
     FILE_NAME ": experiment.detector.treshold_keV: unknown key (allowed: mass_kg, live_days, exposure_kg_day"},
    {"unknown top-level key", CONFIG(SNS, TARGET, DETECTOR, ", \"scans\": {}"),
     FILE_NAME ": scans: unknown key (allowed: name, data_dir, experiment, model, quadrature, scan, output, experiments)"},
    {"unknown experiment key", "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ", \"detector\": " DETECTOR
     ", \"dataset\": {}}}",
     FILE_NAME ": experiment.dataset: unknown key (allowed: source, target, detector, data)"},
    {"wrong type", CONFIG(SNS, TARGET, "{\"mass_kg\": \"heavy\", \"bins\": " BINS "}", ""),
     FILE_NAME ": experiment.detector.mass_kg: must be a number, got the string \"heavy\""},
    {"negative mass", CONFIG(SNS, TARGET, "{\"mass_kg\": -1, \"bins\": " BINS "}", ""),
     FILE_NAME ": experiment.detector.mass_kg: must be > 0, got -1"},
    {"zero exposure", CONFIG(SNS, TARGET, "{\"exposure_kg_day\": 0, \"bins\": " BINS "}", ""),
     "experiment.detector.exposure_kg_day: must be > 0, got 0"},
    {"mass, live time and exposure", CONFIG(SNS, TARGET, DETECTOR_WITH("\"live_days\": 10, \"exposure_kg_day\": 5"), ""),
     "experiment.detector.live_days: not allowed together with exposure_kg_day"},
    {"no mass nor exposure", CONFIG(SNS, TARGET, "{\"bins\": " BINS "}", ""),
     "experiment.detector.mass_kg: required key is missing"},
    {"m4 < 0", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"m4_MeV\": -1}"), "model.m4_MeV: must be >= 0, got -1"},
    {"mu_nu < 0", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"mu_nu\": -1e-10}"), "model.mu_nu: must be >= 0"},
    {"mu_nu flavour < 0", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"mu_nu\": {\"tau\": -1}}"),
     "model.mu_nu.tau: must be >= 0"},
    {"hi <= lo", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"lo\": 30, \"hi\": 30, \"n\": 5}}", ""),
     "experiment.detector.bins.hi: must be > lo (30), got 30"},
    {"unordered edges", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"edges\": [1, 3, 2]}}", ""),
     "experiment.detector.bins.edges[2]: bin edges must increase strictly"},
    {"empty edges", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"edges\": []}}", ""),
     "experiment.detector.bins.edges: must have 2 to 4097 values, got 0"},
    {"negative first edge", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"edges\": [-1, 3]}}", ""),
     "experiment.detector.bins.edges[0]: must be >= 0, got -1"},
    {"n = 0", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"lo\": 1, \"hi\": 2, \"n\": 0}}", ""),
     "experiment.detector.bins.n: must be an integer in [1, 4096], got 0"},
    {"n not an integer", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"lo\": 1, \"hi\": 2, \"n\": 2.5}}", ""),
     "experiment.detector.bins.n: must be an integer in [1, 4096], got 2.5"},
    {"edges and lo", CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"edges\": [1, 2], \"lo\": 1}}", ""),
     "experiment.detector.bins.lo: not allowed together with edges"},
    {"missing bins", CONFIG(SNS, TARGET, "{\"mass_kg\": 1}", ""), "experiment.detector.bins: required key is missing"},
    {"unknown enum value", CONFIG(SNS, TARGET, DETECTOR_WITH("\"observable\": \"keV\""), ""),
     "experiment.detector.observable: must be one of \"keVnr\", \"keVee\", \"PE\", got \"keV\""},
    {"unknown source type", CONFIG("{\"type\": \"supernova\"}", TARGET, DETECTOR, ""),
     "experiment.source.type: must be one of \"sns\", \"fluka\", \"solar\", \"reactor\", \"table\""},
    {"two POT specifications",
     CONFIG("{\"type\": \"sns\", \"pot\": 1e23, \"coulombs\": 3, \"distance_m\": 20}", TARGET, DETECTOR, ""),
     FILE_NAME ": experiment.source: more than one proton exposure given"},
    {"no POT specification", CONFIG("{\"type\": \"sns\", \"distance_m\": 20}", TARGET, DETECTOR, ""),
     "experiment.source: no proton exposure given"},
    {"beam power without hours",
     CONFIG("{\"type\": \"sns\", \"beam_power_MW\": 1.4, \"distance_m\": 20}", TARGET, DETECTOR, ""),
     "experiment.source.beam_hours: required key is missing"},
    {"missing required key", CONFIG("{\"type\": \"sns\", \"pot\": 1e23}", TARGET, DETECTOR, ""),
     "experiment.source.distance_m: required key is missing"},
    {"missing source type", CONFIG("{\"pot\": 1e23}", TARGET, DETECTOR, ""),
     "experiment.source.type: required key is missing"},
    {"missing material", CONFIG(SNS, "{}", DETECTOR, ""), "experiment.target.material: required key is missing"},
    {"missing experiment", "{\"name\": \"x\"}", FILE_NAME ": experiment: required key is missing"},
    {"sns key under a solar source", CONFIG("{\"type\": \"solar\", \"pot\": 1e23}", TARGET, DETECTOR, ""),
     "experiment.source.pot: unknown key (allowed for type \"solar\": type, components, model"},
    {"unknown solar model", CONFIG("{\"type\": \"solar\", \"model\": \"GS98\"}", TARGET, DETECTOR, ""),
     "experiment.source.model: must be one of \"BS05-OP\""},
    {"duplicate component", CONFIG("{\"type\": \"solar\", \"components\": [\"B8\", \"B8\"]}", TARGET, DETECTOR, ""),
     "experiment.source.components[1]: \"B8\" is listed twice"},
    {"empty component list", CONFIG("{\"type\": \"solar\", \"components\": []}", TARGET, DETECTOR, ""),
     "experiment.source.components: must not be empty"},
    {"fission fraction > 1",
     CONFIG("{\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 1.2}, \"flux_cm2_s\": 1e13}", TARGET, DETECTOR,
            ""),
     "experiment.source.fission_fractions.U235: must be in [0, 1], got 1.2"},
    {"fission fractions all zero",
     CONFIG("{\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 0}, \"flux_cm2_s\": 1e13}", TARGET, DETECTOR,
            ""),
     "experiment.source.fission_fractions: the fractions must not all be 0"},
    {"reactor flux and power",
     CONFIG("{\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 1}, \"flux_cm2_s\": 1e13,"
            " \"thermal_power_MW\": 3000}",
            TARGET, DETECTOR, ""),
     "experiment.source.thermal_power_MW: not allowed together with flux_cm2_s"},
    {"reactor energies unordered",
     CONFIG("{\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 1}, \"flux_cm2_s\": 1e13,"
            " \"e_min_MeV\": 8, \"e_max_MeV\": 2}",
            TARGET, DETECTOR, ""),
     "experiment.source.e_max_MeV: must be > e_min_MeV (8), got 2"},
    {"wrong boolean", CONFIG("{\"type\": \"table\", \"file\": \"f.txt\", \"antineutrino\": \"yes\"}", TARGET, DETECTOR, ""),
     "experiment.source.antineutrino: must be true or false, got the string \"yes\""},
    {"enrichment fraction 1.5", CONFIG(SNS, "{\"material\": \"Ge\", \"enrichment\": {\"Ge76\": 1.5}}", DETECTOR, ""),
     "experiment.target.enrichment.Ge76: must be in [0, 1], got 1.5"},
    {"enrichment key", CONFIG(SNS, "{\"material\": \"Ge\", \"enrichment\": {\"germanium\": 1}}", DETECTOR, ""),
     "experiment.target.enrichment.germanium: unknown key"},
    {"inf number via 1e999", CONFIG(SNS, TARGET, "{\"mass_kg\": 1e999, \"bins\": " BINS "}", ""),
     "experiment.detector.mass_kg: must be a finite number, got inf"},
    {"quenching key of another type",
     CONFIG(SNS, TARGET, DETECTOR_WITH("\"quenching\": {\"type\": \"lindhard\", \"a\": 1}"), ""),
     "experiment.detector.quenching.a: unknown key (allowed for type \"lindhard\": type, k)"},
    {"keVee needs quenching", CONFIG(SNS, TARGET, DETECTOR_WITH("\"observable\": \"keVee\""), ""),
     "experiment.detector.quenching: required key is missing"},
    {"keVee needs a quenching type",
     CONFIG(SNS, TARGET, DETECTOR_WITH("\"observable\": \"keVee\", \"quenching\": {\"k\": 0.15}"), ""),
     "experiment.detector.quenching.type: required key is missing"},
    {"PE needs a light yield", CONFIG(SNS, TARGET, DETECTOR_WITH("\"observable\": \"PE\", \"quenching\": {\"type\": \"lindhard\"}"), ""),
     "experiment.detector.light_yield_PE_per_keVee: required key is missing"},
    {"too many coefficients",
     CONFIG(SNS, TARGET,
            DETECTOR_WITH("\"quenching\": {\"type\": \"polynomial\", \"coefficients_MeV\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}"),
            ""),
     "experiment.detector.quenching.coefficients_MeV: must have 1 to 8 values, got 9"},
    {"sigmoid without c",
     CONFIG(SNS, TARGET, DETECTOR_WITH("\"efficiency\": {\"type\": \"sigmoid\", \"a\": 1.32, \"b\": 0.29}"), ""),
     "experiment.detector.efficiency.c: required key is missing"},
    {"efficiency columns equal",
     CONFIG(SNS, TARGET, DETECTOR_WITH("\"efficiency\": {\"type\": \"table\", \"file\": \"e.txt\", \"eff_column\": 1}"), ""),
     "experiment.detector.efficiency.eff_column: must differ from x_column (column 1)"},
    {"too many bins for the range",
     CONFIG(SNS, TARGET, "{\"mass_kg\": 1, \"bins\": {\"lo\": 0, \"hi\": 5e-324, \"n\": 4096}}", ""),
     "experiment.detector.bins.n: too many bins"},
    {"gaussian without width", CONFIG(SNS, TARGET, DETECTOR_WITH("\"resolution\": {\"type\": \"gaussian\"}"), ""),
     "experiment.detector.resolution: a gaussian resolution needs sigma0, sqrt_coeff or frac > 0"},
    {"duplicate key", CONFIG(SNS, TARGET, DETECTOR_WITH("\"mass_kg\": 2"), ""),
     "experiment.detector.mass_kg: key given more than once"},
    {"duplicate interaction", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"interactions\": [\"sm\", \"sm\"]}"),
     "model.interactions[1]: \"sm\" is listed twice"},
    {"no interaction", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"interactions\": []}"),
     "model.interactions: must not be empty"},
    {"nsi key", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"nsi\": {\"ex_u\": 0.1}}"), "model.nsi.ex_u: unknown key"},
    {"nsi entry twice", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"nsi\": {\"emu_u\": 0.1, \"mue_u\": 0.2}}"),
     "model.nsi.mue_u: same entry as emu_u"},
    {"form factor type", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"form_factor\": {\"type\": \"gaussian\"}}"),
     "model.form_factor.type: must be one of \"none\", \"helm\""},
    {"form factor not an object", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"form_factor\": \"helm\"}"),
     "model.form_factor: must be an object, got the string \"helm\""},
    {"sin2 theta_w", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"sin2_theta_w\": 1.5}"),
     "model.sin2_theta_w: must be in (0, 1), got 1.5"},
    {"normalisation 0", CONFIG(SNS, TARGET, DETECTOR, ", \"model\": {\"normalisation\": 0}"),
     "model.normalisation: must be > 0, got 0"},
    {"gl_order", CONFIG(SNS, TARGET, DETECTOR, ", \"quadrature\": {\"gl_order\": 1}"),
     "quadrature.gl_order: must be an integer in [2, 64], got 1"},
    {"reference tolerance", CONFIG(SNS, TARGET, DETECTOR, ", \"quadrature\": {\"reference_rel_tol\": 0.1}"),
     "quadrature.reference_rel_tol: must be in (0, 0.001], got 0.1"},
    {"name not a string", CONFIG(SNS, TARGET, DETECTOR, ", \"name\": 3"), FILE_NAME ": name: must be a string"},
    /* experiment.data */
    {"data not an object", WITH_DATA("\"asimov\"", ""), "experiment.data: must be an object, got the string \"asimov\""},
    {"unknown data kind", WITH_DATA("{\"observed\": \"real\"}", ""),
     "experiment.data.observed: must be one of \"asimov\", \"binned\", \"on_off\", \"events\", \"template\", got "
     "\"real\""},
    {"unknown data key", WITH_DATA("{\"sigma\": 0.1}", ""),
     "experiment.data.sigma: unknown key (allowed for observed \"asimov\": observed, scale, sigma_stat, sigma_frac,"
     " background, backgrounds, pulls)"},
    {"unknown binned data key", WITH_DATA(BINNED_WITH("\"error_column\": 3"), ""),
     "experiment.data.error_column: unknown key (allowed for observed \"binned\": observed, file, columns, scale"},
    {"file with Asimov data", WITH_DATA("{\"file\": \"d.txt\"}", ""),
     "experiment.data.file: not allowed with observed \"asimov\""},
    {"columns with Asimov data", WITH_DATA("{\"observed\": \"asimov\", \"columns\": {\"observed\": 1}}", ""),
     "experiment.data.columns: not allowed with observed \"asimov\""},
    {"binned without file", WITH_DATA("{\"observed\": \"binned\", \"columns\": {\"observed\": 1}}", ""),
     "experiment.data.file: required key is missing"},
    {"on_off without columns", WITH_DATA("{\"observed\": \"on_off\", \"file\": \"d.txt\"}", ""),
     "experiment.data.columns: required key is missing"},
    {"empty file name", WITH_DATA("{\"observed\": \"binned\", \"file\": \"\", \"columns\": {\"observed\": 1}}", ""),
     "experiment.data.file: must be a non-empty string"},
    {"binned without observed column",
     WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"error\": 2}}", ""),
     "experiment.data.columns.observed: required key is missing"},
    {"on_off column under binned",
     WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 1, \"on\": 2}}", ""),
     "experiment.data.columns.on: unknown key (allowed for observed \"binned\": observed, error)"},
    {"binned column under on_off",
     WITH_DATA("{\"observed\": \"on_off\", \"file\": \"d.txt\", \"columns\": {\"observed\": 1}}", ""),
     "experiment.data.columns.observed: unknown key (allowed for observed \"on_off\": on, on_error, off, off_error)"},
    {"on_off without off_error",
     WITH_DATA("{\"observed\": \"on_off\", \"file\": \"d.txt\", \"columns\": {\"on\": 1, \"on_error\": 2,"
               " \"off\": 3}}",
               ""),
     "experiment.data.columns.off_error: required key is missing"},
    {"column 0", WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 0}}", ""),
     "experiment.data.columns.observed: must be an integer in [1, 64], got 0"},
    {"error column negative",
     WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 1, \"error\": -1}}", ""),
     "experiment.data.columns.error: must be an integer in [0, 64], got -1"},
    {"error column = observed column",
     WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 2, \"error\": 2}}", ""),
     "experiment.data.columns.error: must differ from observed (column 2)"},
    {"on_off columns repeated",
     WITH_DATA("{\"observed\": \"on_off\", \"file\": \"d.txt\", \"columns\": {\"on\": 2, \"on_error\": 3,"
               " \"off\": 2, \"off_error\": 5}}",
               ""),
     "experiment.data.columns.off: must differ from on (column 2)"},
    {"scale 0", WITH_DATA("{\"scale\": 0}", ""), "experiment.data.scale: must be > 0, got 0"},
    {"sigma_frac < 0", WITH_DATA("{\"sigma_frac\": -0.1}", ""), "experiment.data.sigma_frac: must be >= 0, got -0.1"},
    {"sigma_stat not a boolean", WITH_DATA("{\"sigma_stat\": 1}", ""),
     "experiment.data.sigma_stat: must be true or false, got the number 1"},
    {"binned data without uncertainty", WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\","
                                                  " \"columns\": {\"observed\": 2}}",
                                                  SCAN(M4_AXIS, "")),
     FILE_NAME ": experiment.data: the observed counts have no uncertainty (no error column, sigma_stat false, sigma_frac 0)"
               " and the chi2 would divide by zero"},
    {"binned data without uncertainty, no scan",
     WITH_DATA("{\"observed\": \"binned\", \"file\": \"d.txt\", \"columns\": {\"observed\": 2, \"error\": 0},"
               " \"sigma_frac\": 0}",
               ""),
     "experiment.data: the observed counts have no uncertainty"},
    {"Asimov data without uncertainty", WITH_DATA("{\"sigma_stat\": false}", ""),
     "experiment.data: the observed counts have no uncertainty (Asimov data, sigma_stat false, sigma_frac 0)"},
    {"background not an object", WITH_DATA("{\"background\": \"flat\"}", ""),
     "experiment.data.background: must be an object, got the string \"flat\""},
    {"unknown background type", WITH_DATA("{\"background\": {\"type\": \"exponential\"}}", ""),
     "experiment.data.background.type: must be one of \"none\", \"flat\", \"column\", got \"exponential\""},
    {"flat background without level", WITH_DATA("{\"background\": {\"type\": \"flat\"}}", ""),
     "experiment.data.background: a flat background needs per_bin or per_unit_kg_day"},
    {"flat background given twice",
     WITH_DATA("{\"background\": {\"type\": \"flat\", \"per_bin\": 1, \"per_unit_kg_day\": 2}}", ""),
     "experiment.data.background.per_unit_kg_day: not allowed together with per_bin"},
    {"negative flat background", WITH_DATA("{\"background\": {\"type\": \"flat\", \"per_bin\": -1}}", ""),
     "experiment.data.background.per_bin: must be >= 0, got -1"},
    {"background key without type", WITH_DATA("{\"background\": {\"per_bin\": 1}}", ""),
     "experiment.data.background.per_bin: unknown key (allowed for type \"none\": type)"},
    {"flat key under column background", WITH_DATA(BINNED_WITH("\"background\": {\"type\": \"column\", \"per_bin\": 1}"), ""),
     "experiment.data.background.per_bin: unknown key (allowed for type \"column\": type, column)"},
    {"column background without column", WITH_DATA(BINNED_WITH("\"background\": {\"type\": \"column\"}"), ""),
     "experiment.data.background.column: required key is missing"},
    {"column background with Asimov data", WITH_DATA("{\"background\": {\"type\": \"column\", \"column\": 4}}", ""),
     "experiment.data.background.type: \"column\" needs a data file"},
    {"background column 0", WITH_DATA(BINNED_WITH("\"background\": {\"type\": \"column\", \"column\": 0}"), ""),
     "experiment.data.background.column: must be an integer in [1, 64], got 0"},
    {"background column = data column",
     WITH_DATA(BINNED_WITH("\"background\": {\"type\": \"column\", \"column\": 3}"), ""),
     "experiment.data.background.column: must differ from columns.error (column 3)"},
    {"background column = on column",
     WITH_DATA("{" ON_OFF_FILE ", \"background\": {\"type\": \"column\", \"column\": 2}}", ""),
     "experiment.data.background.column: must differ from columns.on (column 2)"},
    {"background per kg day without exposure",
     WITH_DATA("{\"background\": {\"type\": \"flat\", \"per_unit_kg_day\": 3}}", ""),
     "experiment.data.background.per_unit_kg_day: needs the exposure in kg day"},
    {"pulls not an array", WITH_DATA("{\"pulls\": {\"name\": \"flux\", \"sigma\": 0.1}}", ""),
     "experiment.data.pulls: must be an array, got an object"},
    {"too many pulls",
     WITH_DATA("{\"pulls\": [{\"name\": \"a\", \"free\": true}, {\"name\": \"b\", \"free\": true},"
               " {\"name\": \"c\", \"free\": true}, {\"name\": \"d\", \"free\": true}, {\"name\": \"e\", \"free\": true},"
               " {\"name\": \"f\", \"free\": true}, {\"name\": \"g\", \"free\": true}, {\"name\": \"h\", \"free\": true},"
               " {\"name\": \"i\", \"free\": true}, {\"name\": \"j\", \"free\": true}, {\"name\": \"k\", \"free\": true},"
               " {\"name\": \"l\", \"free\": true}, {\"name\": \"m\", \"free\": true}]}",
               ""),
     "experiment.data.pulls: must have at most 12 entries, got 13"},
    {"pull not an object", WITH_DATA("{\"pulls\": [1]}", ""), "experiment.data.pulls[0]: must be an object, got the number 1"},
    {"pull without name", WITH_DATA("{\"pulls\": [{\"sigma\": 0.1}]}", ""),
     "experiment.data.pulls[0].name: required key is missing"},
    {"unknown pull key", WITH_DATA("{\"pulls\": [{\"name\": \"flux\", \"width\": 0.1}]}", ""),
     "experiment.data.pulls[0].width: unknown key (allowed: name, target, sigma, free, shift)"},
    {"pull name too long", WITH_DATA("{\"pulls\": [{\"name\": \"" "abcdefghijabcdefghijabcdefghijab" "\", \"sigma\": 0.1}]}", ""),
     "experiment.data.pulls[0].name: must be at most 31 characters, got 32"},
    {"pull names repeated",
     WITH_DATA("{\"pulls\": [{\"name\": \"flux\", \"sigma\": 0.1}, {\"name\": \"flux\", \"sigma\": 0.2}]}", ""),
     "experiment.data.pulls[1].name: \"flux\" is used by pulls[0] too"},
    {"pull without sigma", WITH_DATA("{\"pulls\": [{\"name\": \"flux\"}]}", ""),
     "experiment.data.pulls[0].sigma: required key is missing (or set free to true)"},
    {"pull sigma 0", WITH_DATA("{\"pulls\": [{\"name\": \"flux\", \"sigma\": 0}]}", ""),
     "experiment.data.pulls[0].sigma: must be > 0, got 0"},
    {"free pull with sigma 0", WITH_DATA("{\"pulls\": [{\"name\": \"flux\", \"free\": true, \"sigma\": 0}]}", ""),
     "experiment.data.pulls[0].sigma: must be > 0, got 0"},
    {"pull target", WITH_DATA("{\"pulls\": [{\"name\": \"flux\", \"sigma\": 0.1, \"target\": \"flux\"}]}", ""),
     "experiment.data.pulls[0].target: must be one of \"signal\", \"background\", got \"flux\""},
    {"background pull without background",
     WITH_DATA("{\"pulls\": [{\"name\": \"flux\", \"sigma\": 0.1}, {\"name\": \"bkg\", \"target\": \"background\","
               " \"free\": true}]}",
               ""),
     "experiment.data.pulls[1].target: \"background\" needs a background"},
    /* experiment.data.backgrounds */
    {"backgrounds not an array", WITH_DATA("{\"backgrounds\": {\"name\": \"flat\"}}", ""),
     "experiment.data.backgrounds: must be an array, got an object"},
    {"too many backgrounds",
     WITH_DATA("{\"backgrounds\": [" COMP("a") ", " COMP("b") ", " COMP("c") ", " COMP("d") ", " COMP("e") ", " COMP("f")
               ", " COMP("g") ", " COMP("h") ", " COMP("i") ", " COMP("j") ", " COMP("k") ", " COMP("l") ", " COMP("m")
               "]}",
               ""),
     "experiment.data.backgrounds: must have at most 12 entries, got 13"},
    {"background component not an object", WITH_DATA("{\"backgrounds\": [1]}", ""),
     "experiment.data.backgrounds[0]: must be an object, got the number 1"},
    {"background component without name",
     WITH_DATA("{\"backgrounds\": [{\"shape\": \"flat\", \"amount\": 1, \"free\": true}]}", ""),
     "experiment.data.backgrounds[0].name: required key is missing"},
    {"background component without shape",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"flat\", \"amount\": 1, \"free\": true}]}", ""),
     "experiment.data.backgrounds[0].shape: required key is missing"},
    {"unknown background shape",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"linear\", \"amount\": 1, \"free\": true}]}", ""),
     "experiment.data.backgrounds[0].shape: must be one of \"flat\", \"exponential\", \"gaussian\", \"column\","
     " \"events\", \"pdf\", \"template\", got \"linear\""},
    {"key of another shape",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"flat\", \"decay\": 1, \"amount\": 1,"
               " \"free\": true}]}",
               ""),
     "experiment.data.backgrounds[0].decay: unknown key (allowed for shape \"flat\": name, shape, amount, shift_of,"
     " sigma_norm, free)"},
    {"amount of a column component",
     WITH_DATA(BINNED_WITH("\"backgrounds\": [{\"name\": \"x\", \"shape\": \"column\", \"column\": 4,"
                           " \"amount\": 1, \"free\": true}]"),
               ""),
     "experiment.data.backgrounds[0].amount: unknown key (allowed for shape \"column\": name, shape, column,"
     " shift_of, sigma_norm, free)"},
    {"flat component without amount",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"flat\", \"free\": true}]}", ""),
     "experiment.data.backgrounds[0].amount: required key is missing"},
    {"component amount 0",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"flat\", \"amount\": 0, \"free\": true}]}", ""),
     "experiment.data.backgrounds[0].amount: must be > 0, got 0"},
    {"exponential without decay",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"exponential\", \"amount\": 1,"
               " \"free\": true}]}",
               ""),
     "experiment.data.backgrounds[0].decay: required key is missing"},
    {"exponential decay 0",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"exponential\", \"decay\": 0, \"amount\": 1,"
               " \"free\": true}]}",
               ""),
     "experiment.data.backgrounds[0].decay: must be > 0, got 0"},
    {"gaussian without mean",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"gaussian\", \"sigma\": 1, \"amount\": 1,"
               " \"free\": true}]}",
               ""),
     "experiment.data.backgrounds[0].mean: required key is missing"},
    {"gaussian mean not a number",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"gaussian\", \"mean\": \"L1\", \"sigma\": 1,"
               " \"amount\": 1, \"free\": true}]}",
               ""),
     "experiment.data.backgrounds[0].mean: must be a number, got the string \"L1\""},
    {"gaussian sigma 0",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"gaussian\", \"mean\": 10, \"sigma\": 0,"
               " \"amount\": 1, \"free\": true}]}",
               ""),
     "experiment.data.backgrounds[0].sigma: must be > 0, got 0"},
    {"gaussian without sigma nor detector resolution",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"gaussian\", \"mean\": 10, \"amount\": 1,"
               " \"free\": true}]}",
               ""),
     FILE_NAME ": experiment.data.backgrounds[0].sigma: required key is missing (without it the width is the detector"
               " resolution at the mean, but experiment.detector.resolution.type is \"none\")"},
    {"component without sigma_norm",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"flat\", \"amount\": 1}]}", ""),
     "experiment.data.backgrounds[0].sigma_norm: required key is missing (or set free to true)"},
    {"component sigma_norm 0",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"flat\", \"amount\": 1, \"sigma_norm\": 0}]}",
               ""),
     "experiment.data.backgrounds[0].sigma_norm: must be > 0, got 0"},
    {"component free not a boolean",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"flat\", \"amount\": 1, \"free\": 1}]}", ""),
     "experiment.data.backgrounds[0].free: must be true or false, got the number 1"},
    {"component name too long",
     WITH_DATA("{\"backgrounds\": [" COMP("abcdefghijabcdefghijabcdefghijab") "]}", ""),
     "experiment.data.backgrounds[0].name: must be at most 31 characters, got 32"},
    {"component names repeated", WITH_DATA("{\"backgrounds\": [" COMP("flat") ", " COMP("flat") "]}", ""),
     "experiment.data.backgrounds[1].name: \"flat\" is used by backgrounds[0] too"},
    {"pull named like a component",
     WITH_DATA("{\"backgrounds\": [" COMP("bkg") "], \"pulls\": [{\"name\": \"bkg\", \"sigma\": 0.1}]}", ""),
     "experiment.data.pulls[0].name: \"bkg\" is used by backgrounds[0] too"},
    {"column component with Asimov data",
     WITH_DATA("{\"backgrounds\": [{\"name\": \"x\", \"shape\": \"column\", \"column\": 4, \"free\": true}]}", ""),
     "experiment.data.backgrounds[0].shape: \"column\" needs a data file"},
    {"column component 0",
     WITH_DATA(BINNED_WITH("\"backgrounds\": [{\"name\": \"x\", \"shape\": \"column\", \"column\": 0,"
                           " \"free\": true}]"),
               ""),
     "experiment.data.backgrounds[0].column: must be an integer in [1, 64], got 0"},
    {"column component = data column",
     WITH_DATA(BINNED_WITH("\"backgrounds\": [{\"name\": \"x\", \"shape\": \"column\", \"column\": 3,"
                           " \"free\": true}]"),
               ""),
     "experiment.data.backgrounds[0].column: must differ from columns.error (column 3)"},
    {"column component = background column",
     WITH_DATA(BINNED_WITH("\"background\": {\"type\": \"column\", \"column\": 4}, \"backgrounds\": [{\"name\":"
                           " \"x\", \"shape\": \"column\", \"column\": 4, \"free\": true}]"),
               ""),
     "experiment.data.backgrounds[0].column: must differ from background.column (column 4)"},
    {"column components repeated",
     WITH_DATA(BINNED_WITH("\"backgrounds\": [{\"name\": \"x\", \"shape\": \"column\", \"column\": 4, \"free\":"
                           " true}, {\"name\": \"y\", \"shape\": \"column\", \"column\": 4, \"sigma_norm\": 0.1}]"),
               ""),
     "experiment.data.backgrounds[1].column: must differ from backgrounds[0].column (column 4)"},
    {"too many pull terms",
     WITH_DATA("{\"backgrounds\": [" COMP("a") ", " COMP("b") ", " COMP("c") ", " COMP("d") ", " COMP("e") ", " COMP("f")
               ", " COMP("g") ", " COMP("h") "], \"pulls\": ["
               "{\"name\": \"p\", \"sigma\": 0.1}, {\"name\": \"q\", \"sigma\": 0.1}, {\"name\": \"r\","
               " \"sigma\": 0.1}, {\"name\": \"s\", \"sigma\": 0.1}, {\"name\": \"t\", \"sigma\": 0.1}]}",
               ""),
     "experiment.data.backgrounds: 5 pulls and 8 background components make 13 pull terms, at most 12 are allowed"},
    {"background pull with components only",
     WITH_DATA("{\"backgrounds\": [" COMP("flat") "], \"pulls\": [{\"name\": \"bkg\", \"target\": \"background\","
               " \"free\": true}]}",
               ""),
     "experiment.data.pulls[0].target: \"background\" needs a background"},
    /* scan */
    {"scan not an object", CONFIG(SNS, TARGET, DETECTOR, ", \"scan\": []"), FILE_NAME ": scan: must be an object, got an array"},
    {"scan without axes", CONFIG(SNS, TARGET, DETECTOR, ", \"scan\": {}"), FILE_NAME ": scan.axes: required key is missing"},
    {"unknown scan key", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"grid\": 1")),
     "scan.grid: unknown key (allowed: axes, statistic, cl, dof, engine, threads, separable, feldman_cousins)"},
    {"axes not an array", CONFIG(SNS, TARGET, DETECTOR, ", \"scan\": {\"axes\": " M4_AXIS "}"),
     "scan.axes: must be an array, got an object"},
    {"no axes", CONFIG(SNS, TARGET, DETECTOR, SCAN("", "")), "scan.axes: must have 1 to 4 entries, got 0"},
    {"five axes",
     CONFIG(SNS, TARGET, DETECTOR,
            SCAN(AXIS("mu_nu_e", "\"values\": [0]") ", " AXIS("mu_nu_mu", "\"values\": [0]") ", "
                 AXIS("mu_nu_tau", "\"values\": [0]") ", " AXIS("rn_fm", "\"values\": [4]") ", " M4_AXIS, "")),
     "scan.axes: must have 1 to 4 entries, got 5"},
    {"axis not an object", CONFIG(SNS, TARGET, DETECTOR, SCAN("\"mu_nu\"", "")),
     "scan.axes[0]: must be an object, got the string \"mu_nu\""},
    {"axis without name", CONFIG(SNS, TARGET, DETECTOR, SCAN("{\"lo\": 0, \"hi\": 1, \"n\": 2}", "")),
     "scan.axes[0].name: required key is missing"},
    {"axis name not a string", CONFIG(SNS, TARGET, DETECTOR, SCAN("{\"name\": 4, \"values\": [1]}", "")),
     "scan.axes[0].name: must be a string, got the number 4"},
    {"unknown axis name", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("mu", "\"values\": [1]"), "")),
     "scan.axes[0].name: must be one of \"mu_nu\", \"mu_nu_e\", \"mu_nu_mu\", \"mu_nu_tau\", \"m4_MeV\","
     " \"sin2_theta_w\", \"rn_fm\", \"normalisation\", \"exposure_scale\", \"eps_<ab>_u\", \"eps_<ab>_d\","
     " \"zprime_g\", \"zprime_mass_MeV\", \"scalar_g\", \"scalar_mass_MeV\", \"charge_radius_<ab>\","
     " \"millicharge_<ab>\" (<ab>: a flavour pair"},
    {"unknown NSI axis flavour", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("eps_ex_u", "\"values\": [1]"), "")),
     "scan.axes[0].name: must be one of"},
    {"unknown NSI axis quark", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("eps_ee_s", "\"values\": [1]"), "")),
     "scan.axes[0].name: must be one of"},
    {"NSI axis without quark", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("eps_ee", "\"values\": [1]"), "")),
     "got \"eps_ee\""},
    {"NSI key as an axis", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("ee_u", "\"values\": [1]"), "")),
     "scan.axes[0].name: must be one of"},
    {"unknown axis key", SCAN_WITH_AXIS("\"step\": 1"),
     "scan.axes[0].step: unknown key (allowed: name, lo, hi, n, spacing, values, profile)"},
    {"axis without lo", SCAN_WITH_AXIS("\"hi\": 1, \"n\": 3"), "scan.axes[0].lo: required key is missing (or give values)"},
    {"axis without n", SCAN_WITH_AXIS("\"lo\": 0, \"hi\": 1"), "scan.axes[0].n: required key is missing (or give values)"},
    {"axis without values or range", SCAN_WITH_AXIS("\"profile\": false"), "scan.axes[0].lo: required key is missing"},
    {"values and lo", SCAN_WITH_AXIS("\"values\": [1, 2], \"lo\": 1"),
     "scan.axes[0].lo: not allowed together with values (give lo, hi, n or values)"},
    {"values and spacing", SCAN_WITH_AXIS("\"values\": [1, 2], \"spacing\": \"log\""),
     "scan.axes[0].spacing: not allowed together with values"},
    {"empty values", SCAN_WITH_AXIS("\"values\": []"), "scan.axes[0].values: must have 1 to 1024 values, got 0"},
    {"unordered values", SCAN_WITH_AXIS("\"values\": [1, 3, 3]"),
     "scan.axes[0].values[2]: values must increase strictly: must be > 3, got 3"},
    {"value out of range", SCAN_WITH_AXIS("\"values\": [-1, 1]"), "scan.axes[0].values[0]: must be >= 0, got -1"},
    {"value not a number", SCAN_WITH_AXIS("\"values\": [1, \"2\"]"),
     "scan.axes[0].values[1]: must be a number, got the string \"2\""},
    {"axis n = 0", SCAN_WITH_AXIS("\"lo\": 0, \"hi\": 1, \"n\": 0"), "scan.axes[0].n: must be an integer in [1, 1024], got 0"},
    {"axis n = 1025", SCAN_WITH_AXIS("\"lo\": 0, \"hi\": 1, \"n\": 1025"),
     "scan.axes[0].n: must be an integer in [1, 1024], got 1025"},
    {"axis hi = lo", SCAN_WITH_AXIS("\"lo\": 2, \"hi\": 2, \"n\": 3"), "scan.axes[0].hi: must be > lo (2) when n > 1, got 2"},
    {"axis hi < lo with n = 1", SCAN_WITH_AXIS("\"lo\": 2, \"hi\": 1, \"n\": 1"), "scan.axes[0].hi: must be >= lo (2), got 1"},
    {"log axis from 0", SCAN_WITH_AXIS("\"lo\": 0, \"hi\": 1, \"n\": 3, \"spacing\": \"log\""),
     "scan.axes[0].lo: must be > 0 for log spacing, got 0"},
    {"negative log NSI axis",
     CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("eps_ee_u", "\"lo\": -1, \"hi\": 1, \"n\": 3, \"spacing\": \"log\""), "")),
     "scan.axes[0].lo: must be > 0 for log spacing, got -1"},
    {"unknown spacing", SCAN_WITH_AXIS("\"lo\": 0, \"hi\": 1, \"n\": 3, \"spacing\": \"list\""),
     "scan.axes[0].spacing: must be one of \"linear\", \"log\", got \"list\""},
    {"profile not a boolean", SCAN_WITH_AXIS("\"values\": [1], \"profile\": \"yes\""),
     "scan.axes[0].profile: must be true or false, got the string \"yes\""},
    {"mu_nu < 0", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("mu_nu_tau", "\"lo\": -1e-10, \"hi\": 1e-9, \"n\": 3"), "")),
     "scan.axes[0].lo: must be >= 0, got -1e-10"},
    {"m4 < 0", SCAN_WITH_AXIS("\"lo\": -1, \"hi\": 1, \"n\": 3"), "scan.axes[0].lo: must be >= 0, got -1"},
    {"sin2_theta_w = 1", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("sin2_theta_w", "\"lo\": 0.2, \"hi\": 1, \"n\": 3"), "")),
     "scan.axes[0].hi: must be in (0, 1), got 1"},
    {"rn_fm = 0", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("rn_fm", "\"lo\": 0, \"hi\": 5, \"n\": 3"), "")),
     "scan.axes[0].lo: must be > 0, got 0"},
    {"normalisation < 0", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("normalisation", "\"values\": [-0.5, 1]"), "")),
     "scan.axes[0].values[0]: must be >= 0, got -0.5"},
    {"exposure_scale = 0", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("exposure_scale", "\"lo\": 0, \"hi\": 5, \"n\": 3"), "")),
     "scan.axes[0].lo: must be > 0, got 0"},
    {"NSI range overflows",
     CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("eps_ee_d", "\"lo\": -1e308, \"hi\": 1e308, \"n\": 3"), "")),
     "scan.axes[0].hi: hi - lo must be finite"},
    {"values would coincide", SCAN_WITH_AXIS("\"lo\": 1, \"hi\": 1.0000000000000002, \"n\": 3"),
     "scan.axes[0].n: too many values for lo = 1"},
    {"axis name twice", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS ", " M4_AXIS, "")),
     "scan.axes[1].name: \"m4_MeV\" sets the same parameter as axes[0] (\"m4_MeV\")"},
    {"mu_nu with mu_nu_e", CONFIG(SNS, TARGET, DETECTOR, SCAN(MU_AXIS ", " M4_AXIS ", " AXIS("mu_nu_e", "\"values\": [0]"), "")),
     "scan.axes[2].name: \"mu_nu_e\" sets the same parameter as axes[0] (\"mu_nu\")"},
    {"mu_nu_mu with mu_nu", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("mu_nu_mu", "\"values\": [0]") ", " MU_AXIS, "")),
     "scan.axes[1].name: \"mu_nu\" sets the same parameter as axes[0] (\"mu_nu_mu\")"},
    {"eps_emu_u with eps_mue_u",
     CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("eps_emu_u", "\"values\": [0]") ", " AXIS("eps_mue_u", "\"values\": [0]"), "")),
     "scan.axes[1].name: \"eps_mue_u\" sets the same parameter as axes[0] (\"eps_emu_u\")"},
    {"more than 1e9 points",
     CONFIG(SNS, TARGET, DETECTOR,
            SCAN(AXIS("mu_nu", "\"lo\": 0, \"hi\": 1, \"n\": 1024") ", " AXIS("m4_MeV", "\"lo\": 0, \"hi\": 1, \"n\": 1024") ", "
                 AXIS("rn_fm", "\"lo\": 4, \"hi\": 5, \"n\": 1000"), "")),
     "scan.axes: the grid must have at most 1e+09 points (the product of the axes' n), got 1048576000"},
    {"every axis profiled", CONFIG(SNS, TARGET, DETECTOR, SCAN(AXIS("m4_MeV", "\"values\": [1, 2], \"profile\": true"), "")),
     "scan.axes: every axis is profiled"},
    {"exposure_scale with data from a file",
     WITH_DATA(BINNED_WITH("\"sigma_frac\": 0.1"), SCAN(M4_AXIS ", " AXIS("exposure_scale", "\"values\": [1, 2]"), "")),
     "scan.axes[1].name: \"exposure_scale\" needs Asimov data, got experiment.data.observed \"binned\""},
    {"exposure_scale with on/off data", WITH_DATA("{" ON_OFF_FILE "}", SCAN(AXIS("exposure_scale", "\"values\": [1, 2]"), "")),
     "scan.axes[0].name: \"exposure_scale\" needs Asimov data, got experiment.data.observed \"on_off\""},
    {"unknown statistic", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"statistic\": \"chi2_pull\"")),
     "scan.statistic: must be one of \"chi2\", \"poisson\", got \"chi2_pull\""},
    {"cl = 1", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"cl\": [0.9, 1]")), "scan.cl[1]: must be in (0, 1), got 1"},
    {"cl = 0", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"cl\": [0]")), "scan.cl[0]: must be in (0, 1), got 0"},
    {"cl not an array", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"cl\": 0.9")),
     "scan.cl: must be an array of numbers, got the number 0.9"},
    {"no cl", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"cl\": []")), "scan.cl: must have 1 to 8 values, got 0"},
    {"nine cl", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"cl\": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]")),
     "scan.cl: must have 1 to 8 values, got 9"},
    {"cl unordered", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"cl\": [0.95, 0.9]")),
     "scan.cl[1]: confidence levels must increase strictly: must be > 0.95, got 0.9"},
    {"dof = 5", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"dof\": 5")), "scan.dof: must be an integer in [0, 4], got 5"},
    {"unknown engine", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"engine\": \"cuda\"")),
     "scan.engine: must be one of \"auto\", \"cpu\", got \"cuda\""},
    {"threads < 0", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"threads\": -1")),
     "scan.threads: must be an integer in [0, 4096], got -1"},
    {"threads > 4096", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"threads\": 5000")),
     "scan.threads: must be an integer in [0, 4096], got 5000"},
    {"separable not a boolean", CONFIG(SNS, TARGET, DETECTOR, SCAN(M4_AXIS, ", \"separable\": 0")),
     "scan.separable: must be true or false, got the number 0"},
    /* output */
    {"output not an object", CONFIG(SNS, TARGET, DETECTOR, ", \"output\": \"runs/x\""),
     FILE_NAME ": output: must be an object, got the string \"runs/x\""},
    {"unknown output key", CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"directory\": \"runs/x\"}"),
     "output.directory: unknown key (allowed: dir, figures, overwrite, reference_limits)"},
    {"reference_limits not an array", CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"reference_limits\": " REFERENCE "}"),
     "output.reference_limits: must be an array"},
    {"reference limit not an object", REFERENCES(REFERENCE ", 2.79e-9"),
     "output.reference_limits[1]: must be an object, got the number"},
    {"reference limit without label", REFERENCES("{\"value\": 2.79e-9}"),
     "output.reference_limits[0].label: required key is missing"},
    {"reference limit without value", REFERENCES(REFERENCE ", {\"label\": \"CDEX-10\"}"),
     "output.reference_limits[1].value: required key is missing"},
    {"reference limit value 0", REFERENCES("{\"label\": \"CDEX-10\", \"value\": 0}"),
     "output.reference_limits[0].value: must be > 0, got 0"},
    {"reference limit value < 0", REFERENCES("{\"label\": \"CDEX-10\", \"value\": -2.79e-9}"),
     "output.reference_limits[0].value: must be > 0, got -2.79e-09"},
    {"reference limit value a string", REFERENCES("{\"label\": \"CDEX-10\", \"value\": \"2.79e-9\"}"),
     "output.reference_limits[0].value: must be a number, got the string \"2.79e-9\""},
    {"reference limit label empty", REFERENCES("{\"label\": \"\", \"value\": 2.79e-9}"),
     "output.reference_limits[0].label: must be a non-empty string"},
    {"reference limit label too long", REFERENCES("{\"label\": \"" LABEL_64 "\", \"value\": 2.79e-9}"),
     "output.reference_limits[0].label: must be at most 63 characters, got 64"},
    {"reference limit unknown key", REFERENCES("{\"label\": \"CDEX-10\", \"value\": 2.79e-9, \"cl\": 0.9}"),
     "output.reference_limits[0].cl: unknown key (allowed: label, value)"},
    {"five reference limits", REFERENCES(REFERENCE ", " REFERENCE ", " REFERENCE ", " REFERENCE ", " REFERENCE),
     "output.reference_limits: must have at most 4 entries, got 5"},
    {"empty output dir", CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"dir\": \"\"}"),
     "output.dir: must be a non-empty string"},
    {"figures not a boolean", CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"figures\": \"yes\"}"),
     "output.figures: must be true or false, got the string \"yes\""},
    {"overwrite not a boolean", CONFIG(SNS, TARGET, DETECTOR, ", \"output\": {\"overwrite\": 1}"),
     "output.overwrite: must be true or false, got the number 1"},
    {"top level not an object", "[1, 2]", FILE_NAME ": the top level must be a JSON object"},
    {"JSON syntax error reports line", "{\n  \"experiment\": {\n    \"source\": {\"type\": \"sns\",,}\n  }\n}",
     FILE_NAME ": line 3, column 31: JSON syntax error"},
    {"trailing text", MINIMAL "\n\nextra",
     FILE_NAME ": line 3, column 1: text after the end of the top-level object near 'extra'"},
    {"a second object", MINIMAL " " MINIMAL, ": text after the end of the top-level object near '{\"exp"},
    {"unterminated comment", "{\n /* open", FILE_NAME ": line 2, column 2: unterminated /* comment"},
    {"empty text", "", FILE_NAME ": the file is empty (a config is one JSON object, {...})"},
    {"only white space and comments", "  \n// nothing\n/* here */\n", FILE_NAME ": the file is empty"},
    {"a byte-order mark is skipped", "\xEF\xBB\xBF{}", FILE_NAME ": experiment: required key is missing"},
    {"string never closed", "{\"name\": \"x}",
     FILE_NAME ": line 1, column 11: JSON syntax error near 'x}' (the quotes do not pair up: the string opened at "
               "line 1, column 10 is never closed)"},
    {"quote missing before", "{\"name\": \"x,\n \"model\": {}}",
     FILE_NAME ": line 2, column 3: JSON syntax error near 'model\": {}}' (the quotes do not pair up: the string "
               "opened at line 2, column 8 is never closed)"},
    /* 64 levels are allowed (the reader goes on to the top level)... */
    {"64 levels", OPEN_64 CLOSE_64, FILE_NAME ": the top level must be a JSON object"},
    /* ...65 are not, whether cJSON could read them (below its limit)... */
    {"65 levels", "[" OPEN_64 CLOSE_64 "]",
     FILE_NAME ": line 1, column 65: nesting deeper than 64 levels (objects and arrays inside one another)"},
    {"65 levels in a config", "{\"model\": {\"nsi\":\n  " OPEN_64 CLOSE_64 "}}",
     FILE_NAME ": line 2, column 65: nesting deeper than 64 levels"},
    /* ...or not (cJSON gives up at 1000 levels) */
    {"2048 levels", OPEN_1024 OPEN_1024, FILE_NAME ": line 1, column 65: nesting deeper than 64 levels"},
    /* a syntax error before the deep part is reported as such */
    {"syntax error before deep nesting", "{\"model\":: " OPEN_64 "[", FILE_NAME ": line 1, column 10: JSON syntax error"},
};

Test(config, each_error_names_file_and_key) {
    for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
        const error_case *c = &error_cases[i];
        cevns_error err = {{0}};
        cevns_status st = parse(c->text, &cfg, &err);
        cr_expect_eq(st, CEVNS_ECONFIG, "%s: status %d, message '%s'", c->what, (int)st, err.msg);
        cr_expect(strncmp(err.msg, FILE_NAME ": ", strlen(FILE_NAME) + 2) == 0, "%s: message '%s' does not name the file",
                  c->what, err.msg);
        cr_expect(strstr(err.msg, c->message) != NULL, "%s:\n  got      '%s'\n  expected '%s'", c->what, err.msg,
                  c->message);
    }
}

/* ---------------------------------------------------------------- files and paths */
static char scratch[64];

static void make_scratch(void) {
    snprintf(scratch, sizeof scratch, "/tmp/cevns_test_config_XXXXXX");
    cr_assert_not_null(mkdtemp(scratch));
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static void remove_scratch(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    cr_expect_eq(system(cmd), 0);
}

Test(config, load_derives_name_and_data_dir_from_the_file) {
    char dir[128], path[160], data[128], expected[2 * CEVNS_PATH_MAX], resolved[CEVNS_PATH_MAX];
    cevns_error err = {{0}};
    make_scratch();
    snprintf(dir, sizeof dir, "%s/configs", scratch);
    snprintf(data, sizeof data, "%s/data", scratch);
    cr_assert_eq(mkdir(dir, 0700), 0);
    cr_assert_eq(mkdir(data, 0700), 0);
    snprintf(path, sizeof path, "%s/csi.json", dir);
    write_text(path, MINIMAL);
    cr_assert_eq(cevns_config_load_with(path, &(cevns_config_options){.data_dir = "/opt/cevns-data"}, &cfg, &err), CEVNS_OK, "%s",
                 err.msg);
    cr_expect_str_eq(cfg.data_dir, "/opt/cevns-data");
    cr_assert_eq(cevns_config_load(path, &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.name, "csi");
    cr_expect_str_eq(cfg.base_dir, dir);
    snprintf(expected, sizeof expected, "%s/../data", dir);
    cr_expect_str_eq(cfg.data_dir, expected);

    /* resolve_path: absolute as is; the config's directory first (a file the user keeps beside
     * the config wins); then data_dir */
    cevns_config_resolve_path(&cfg, "/abs/file.txt", resolved, sizeof resolved);
    cr_expect_str_eq(resolved, "/abs/file.txt");
    snprintf(path, sizeof path, "%s/flux.txt", data);
    write_text(path, "1 2\n");
    snprintf(path, sizeof path, "%s/flux.txt", dir);
    write_text(path, "1 2\n");
    snprintf(path, sizeof path, "%s/only_here.txt", dir);
    write_text(path, "1 2\n");
    snprintf(path, sizeof path, "%s/in_data.txt", data);
    write_text(path, "1 2\n");
    cevns_config_resolve_path(&cfg, "flux.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/flux.txt", dir);
    cr_expect_str_eq(resolved, expected);
    cevns_config_resolve_path(&cfg, "only_here.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/only_here.txt", dir);
    cr_expect_str_eq(resolved, expected);
    cevns_config_resolve_path(&cfg, "in_data.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/in_data.txt", cfg.data_dir);
    cr_expect_str_eq(resolved, expected);
    cevns_config_resolve_path(&cfg, "data/in_data.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/../data/in_data.txt", cfg.data_dir);
    cr_expect_str_eq(resolved, expected);
    cevns_config_resolve_path(&cfg, "missing.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/missing.txt", dir);
    cr_expect_str_eq(resolved, expected);
    remove_scratch();
}

/* The caller's default data_dir (the cevns command passes $CEVNS_DATA_DIR), else
 * ./data when the config's directory has no ../data; the library reads no
 * environment; data_dir in the config wins. */
Test(config, data_dir_from_options_then_dot_data) {
    const cevns_config_options opt = {.data_dir = "/opt/cevns-data"}, unset = {.data_dir = NULL}, empty = {.data_dir = ""};
    cevns_error err = {{0}};
    cr_assert_eq(cevns_config_parse_with(MINIMAL, "/nonexistent/dir/x.json", &opt, &cfg, &err), CEVNS_OK, "%s",
                 err.msg);
    cr_expect_str_eq(cfg.data_dir, "/opt/cevns-data");
    cr_assert_eq(cevns_config_parse_with(MINIMAL, "/nonexistent/dir/x.json", &unset, &cfg, &err), CEVNS_OK, "%s",
                 err.msg);
    cr_expect_str_eq(cfg.data_dir, "./data");
    cr_assert_eq(cevns_config_parse_with(MINIMAL, "/nonexistent/dir/x.json", &empty, &cfg, &err), CEVNS_OK, "%s",
                 err.msg);
    cr_expect_str_eq(cfg.data_dir, "./data");
    setenv("CEVNS_DATA_DIR", "/opt/cevns-data", 1); /* each test runs in its own process */
    cr_assert_eq(cevns_config_parse(MINIMAL, "/nonexistent/dir/x.json", &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "./data");
    cr_assert_eq(cevns_config_parse_with(CONFIG(SNS, TARGET, DETECTOR, ", \"data_dir\": \"/d\""), "/nonexistent/x.json",
                                         &opt, &cfg, &err),
                 CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "/d");
    cr_assert_eq(cevns_config_parse(CONFIG(SNS, TARGET, DETECTOR, ", \"data_dir\": \"/d\""), "/nonexistent/x.json",
                                    &cfg, &err),
                 CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "/d");
}

/* The marker of the built-in tables in folder. */
static void put_tables(const char *folder) {
    char nuclear[256], marker[300];
    snprintf(nuclear, sizeof nuclear, "%s/nuclear", folder);
    cr_assert_eq(mkdir(nuclear, 0700), 0, "%s", nuclear);
    snprintf(marker, sizeof marker, "%s/%s", folder, CEVNS_DATA_MARKER);
    write_text(marker, "# a table\n");
}

/* A folder under scratch, made; with the tables when tables is set. */
static void make_data_folder(const char *name, int tables, char *out, size_t size) {
    snprintf(out, size, "%s/%s", scratch, name);
    cr_assert_eq(mkdir(out, 0700), 0, "%s", out);
    if (tables) put_tables(out);
}

/* data_dir: the caller's (taken as is), else the first of <config dir>/../data and the
 * caller's fallbacks that holds the built-in tables; when none does, the message of
 * cevns_config_check_data_dir lists every place looked in. */
Test(config, data_dir_is_the_first_place_holding_the_tables) {
    char dir[128], path[160], beside[128], empty[128], full[128], expected[1024];
    const char *fallbacks[] = {empty, full, NULL}, *none[] = {empty, NULL};
    cevns_config_options opt = {.data_dir_origin = "$CEVNS_DATA_DIR", .data_dir_fallbacks = fallbacks};
    cevns_error err = {{0}};
    make_scratch();
    snprintf(dir, sizeof dir, "%s/configs", scratch);
    cr_assert_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/mine.json", dir);
    write_text(path, MINIMAL);
    make_data_folder("data", 0, beside, sizeof beside); /* the user's own data/, without the tables */
    make_data_folder("empty", 0, empty, sizeof empty);
    make_data_folder("full", 1, full, sizeof full);

    cr_assert_eq(cevns_config_load_with(path, &opt, &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, full);
    cr_expect_str_eq(cfg.data_dir_tried, "");
    cr_expect_eq(cevns_config_check_data_dir(&cfg, &err), CEVNS_OK, "%s", err.msg);

    /* none holds them: <config dir>/../data (it exists) with the places looked in */
    opt.data_dir_fallbacks = none;
    cr_assert_eq(cevns_config_load_with(path, &opt, &cfg, &err), CEVNS_OK, "%s", err.msg);
    snprintf(expected, sizeof expected, "%s/../data", dir);
    cr_expect_str_eq(cfg.data_dir, expected);
    cr_expect_eq(cevns_config_check_data_dir(&cfg, &err), CEVNS_EDATA);
    snprintf(expected, sizeof expected,
             "%s: cannot find the built-in data tables (" CEVNS_DATA_MARKER "): looked in $CEVNS_DATA_DIR (not set), "
             "%s/../data (beside the config), %s; name the folder in the config's data_dir or in $CEVNS_DATA_DIR",
             path, dir, empty);
    cr_expect_str_eq(err.msg, expected);

    /* the tables beside the config come before the fallbacks */
    put_tables(beside);
    opt.data_dir_fallbacks = fallbacks;
    cr_assert_eq(cevns_config_load_with(path, &opt, &cfg, &err), CEVNS_OK, "%s", err.msg);
    snprintf(expected, sizeof expected, "%s/../data", dir);
    cr_expect_str_eq(cfg.data_dir, expected);

    /* the caller's data_dir is taken as is, and a wrong one is reported with its origin */
    opt.data_dir = "/nonexistent/cevns-data";
    cr_assert_eq(cevns_config_load_with(path, &opt, &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "/nonexistent/cevns-data");
    cr_expect_eq(cevns_config_check_data_dir(&cfg, &err), CEVNS_EDATA);
    snprintf(expected, sizeof expected, "%s: data_dir \"/nonexistent/cevns-data\" (from $CEVNS_DATA_DIR): no such folder",
             path);
    cr_expect_str_eq(err.msg, expected);
    opt.data_dir = empty;
    cr_assert_eq(cevns_config_load_with(path, &opt, &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(cevns_config_check_data_dir(&cfg, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "(from $CEVNS_DATA_DIR) does not hold the built-in data tables (no " CEVNS_DATA_MARKER
                              " there)") != NULL, "%s", err.msg);

    /* the config's own data_dir wins over everything */
    snprintf(expected, sizeof expected, "{\"data_dir\": \"%s\", %s", empty, MINIMAL + 1);
    write_text(path, expected);
    cr_assert_eq(cevns_config_load_with(path, &opt, &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, empty);
    cr_expect_str_eq(cfg.data_dir_origin, "the config");
    remove_scratch();
}

/* A file nested far beyond cJSON's own limit (1000) says so, as the cevns command reads it. */
Test(config, deeply_nested_file_says_so) {
    char path[160], *text = malloc(100002);
    cevns_error err = {{0}};
    cr_assert_not_null(text);
    make_scratch();
    snprintf(path, sizeof path, "%s/deep.json", scratch);
    text[0] = '{';
    memcpy(text + 1, "\n\"model\": ", 10);
    memset(text + 11, '[', 100000 - 11);
    text[100000] = '\0';
    write_text(path, text);
    free(text);
    cr_expect_eq(cevns_config_load(path, &cfg, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, ": line 2, column 73: nesting deeper than 64 levels (objects and arrays inside one "
                              "another)") != NULL,
              "%s", err.msg);
    cr_expect(strncmp(err.msg, path, strlen(path)) == 0, "%s", err.msg);
    remove_scratch();
}

Test(config, load_reports_missing_file) {
    cevns_error err = {{0}};
    cr_expect_eq(cevns_config_load("configs/does_not_exist.json", &cfg, &err), CEVNS_EIO);
    cr_expect(strstr(err.msg, "configs/does_not_exist.json") != NULL, "%s", err.msg);
}

/* ---------------------------------------------------------------- round trip */
static const char *const round_trip_configs[] = {
    MINIMAL,
    CONFIG("{\"type\": \"sns\", \"nu_per_proton\": 0.09, \"beam_power_MW\": 1.4, \"beam_hours\": 5000.5,"
           " \"proton_energy_GeV\": 1.01, \"distance_m\": 27.5, \"components\": [\"prompt_numu\", \"delayed_numubar\"]}",
           "{\"material\": \"Ar\"}",
           "{\"mass_kg\": 24.4, \"observable\": \"keVee\", \"quenching\": {\"type\": \"linear\", \"a\": 0.246, \"b\": 7.8e-4},"
           " \"efficiency\": {\"type\": \"sigmoid\", \"a\": 1.32045, \"b\": 0.285979, \"c\": 10.8646, \"d\": -0.333322},"
           " \"resolution\": {\"type\": \"gaussian\", \"sigma0\": 0.1, \"sqrt_coeff\": 0.58, \"frac\": 0.01},"
           " \"bins\": {\"lo\": 0.1, \"hi\": 120.3, \"n\": 12}, \"recoil_min_keVnr\": 1.5}",
           ", \"name\": \"lar\", \"model\": {\"form_factor\": {\"type\": \"klein-nystrand\", \"neutron_radius_fm\": 3.4},"
           " \"interactions\": [\"sm\", \"magnetic\"], \"mu_nu\": 1e-10, \"sin2_theta_w\": 0.2312}"),
    CONFIG("{\"type\": \"fluka\", \"target\": \"W-thick\", \"coulombs\": 1234.5, \"distance_m\": 19.3}",
           "{\"material\": \"CsI\"}",
           "{\"mass_kg\": 14.6, \"live_days\": 308.1, \"observable\": \"PE\", \"light_yield_PE_per_keVee\": 13.35,"
           " \"quenching\": {\"type\": \"polynomial\", \"coefficients_MeV\": [0, 0.0554628, 4.30681, -111.707, 840.384]},"
           " \"efficiency\": {\"type\": \"table\", \"file\": \"coherent/csi2021/eff.txt\", \"eff_column\": 3},"
           " \"bins\": {\"edges\": [0, 8, 12, 16, 20, 24, 32, 40, 50, 60]}}",
           ", \"model\": {\"kinematics\": \"leading\", \"mu_nu\": {\"e\": 1e-10, \"mu\": 3e-10}, \"m4_MeV\": 0.5,"
           " \"nsi\": {\"ee_u\": 0.1, \"mutau_d\": -0.05, \"taue_u\": 0.3}, \"normalisation\": 1.1},"
           " \"quadrature\": {\"gl_order\": 16, \"panels\": 8, \"reference_rel_tol\": 1e-12}"),
    CONFIG("{\"type\": \"solar\", \"components\": [\"B8\"], \"model\": \"BS05-OP\", \"b8_total_cm2_s\": 5.46e6,"
           " \"b8_file\": \"solar/b8_shape_alt.txt\"}",
           "{\"material\": \"Ge\", \"enrichment\": {\"Ge76\": 0.87, \"Ge74\": 0.13}}",
           "{\"exposure_kg_day\": 205.4, \"observable\": \"keVee\", \"quenching\": {\"type\": \"lindhard\", \"k\": 0.157},"
           " \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 20}}",
           ", \"model\": {\"form_factor\": {\"type\": \"helm\", \"helm_convention\": \"r0-1.2\", \"skin_fm\": 1.0},"
           " \"interactions\": [\"sterile\", \"sm\"], \"mu_nu\": 5e-11, \"m4_MeV\": 10}"),
    CONFIG("{\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 0.58, \"U238\": 0.07, \"Pu239\": 0.3, \"Pu241\": 0.05},"
           " \"thermal_power_MW\": 2954, \"distance_m\": 10.39, \"e_min_MeV\": 1.8, \"e_max_MeV\": 10}",
           "{\"material\": \"Ge\"}",
           "{\"mass_kg\": 2.924, \"live_days\": 96.4, \"observable\": \"keVee\","
           " \"quenching\": {\"type\": \"table\", \"file\": \"reactor/qf.txt\"},"
           " \"bins\": {\"lo\": 0.2, \"hi\": 0.7, \"n\": 50}}",
           ""),
    CONFIG("{\"type\": \"table\", \"file\": \"my/flux.txt\", \"flux_cm2_s\": 1e12, \"flavour\": \"mu\","
           " \"antineutrino\": true}",
           "{\"material\": \"CaWO4\"}", DETECTOR, ", \"data_dir\": \"/somewhere/data\""),
    /* sterile dipole scan with Asimov data and a 10 % signal pull */
    "{\"experiment\": {\"source\": " CDEX_SOURCE ", \"target\": {\"material\": \"Ge\"}, \"detector\": " CDEX_DETECTOR ","
    " \"data\": {\"sigma_frac\": 0.1, \"pulls\": [{\"name\": \"signal norm\", \"sigma\": 0.1}]}},"
    " \"model\": {\"interactions\": [\"sm\", \"sterile\"]},"
    " \"scan\": {\"axes\": [{\"name\": \"mu_nu\", \"lo\": 1e-10, \"hi\": 1e-8, \"n\": 400, \"spacing\": \"log\"},"
    "                       {\"name\": \"m4_MeV\", \"lo\": 0.01, \"hi\": 10, \"n\": 400, \"spacing\": \"log\"}]},"
    " \"output\": {\"dir\": \"runs/cdex10-sterile\"}}",
    /* CDEX-10-like binned data with a flat background, every scan key */
    "{\"experiment\": {\"source\": " CDEX_SOURCE ", \"target\": {\"material\": \"Ge\"}, \"detector\": " CDEX_DETECTOR ","
    " \"data\": {\"observed\": \"binned\", \"file\": \"data/cdex10_standin.txt\", \"columns\": {\"observed\": 2, \"error\": 3},"
    "  \"scale\": 1.5, \"sigma_frac\": 0.01, \"background\": {\"type\": \"flat\", \"per_unit_kg_day\": 2.3},"
    "  \"pulls\": [{\"name\": \"flux\", \"sigma\": 0.12}, {\"name\": \"bkg\", \"target\": \"background\", \"free\": true},"
    "             {\"name\": \"bkg2\", \"target\": \"background\", \"free\": true, \"sigma\": 0.5}]}},"
    " \"model\": {\"interactions\": [\"sm\", \"magnetic\"]},"
    " \"scan\": {\"axes\": [{\"name\": \"mu_nu_e\", \"values\": [0, 1e-10, 3e-10, 1e-9, 3e-9]},"
    "                       {\"name\": \"normalisation\", \"lo\": 0.7, \"hi\": 1.3, \"n\": 61, \"profile\": true}],"
    "  \"statistic\": \"poisson\", \"cl\": [0.683, 0.9, 0.95], \"dof\": 1, \"engine\": \"cpu\", \"threads\": 4,"
    "  \"separable\": false},"
    " \"output\": {\"figures\": false, \"overwrite\": true, \"reference_limits\": [{\"label\": \"seed 002 (90 % CL)\","
    "  \"value\": 1.874e-9}, {\"label\": \"GEMMA\", \"value\": 2.9e-11}, {\"label\": \"" LABEL_63 "\", \"value\": 0.1},"
    "  {\"label\": \"Borexino \\u03bc\", \"value\": 2.8e-11}]}}",
    /* on/off data with a background column; NSI, weak mixing angle and radius axes */
    "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ", \"detector\": " DETECTOR ","
    " \"data\": {" ON_OFF_FILE ", \"sigma_stat\": true, \"background\": {\"type\": \"column\", \"column\": 6}}},"
    " \"scan\": {\"axes\": [{\"name\": \"eps_mue_u\", \"lo\": -0.5, \"hi\": 0.5, \"n\": 101},"
    "                       {\"name\": \"eps_tautau_d\", \"lo\": 0.01, \"hi\": 1, \"n\": 33, \"spacing\": \"log\"},"
    "                       {\"name\": \"sin2_theta_w\", \"lo\": 0.23, \"hi\": 0.23, \"n\": 1},"
    "                       {\"name\": \"rn_fm\", \"values\": [4.5, 4.7, 5.1], \"profile\": true}]}}",
    /* binned data with every kind of background component (Dresden-II-like) */
    "{\"experiment\": {\"source\": {\"type\": \"reactor\", \"fission_fractions\": {\"U235\": 0.58, \"Pu239\": 0.3},"
    "  \"flux_cm2_s\": 4.8e13}, \"target\": {\"material\": \"Ge\"},"
    " \"detector\": {\"mass_kg\": 3, \"live_days\": 1, \"observable\": \"keVee\","
    "  \"quenching\": {\"type\": \"lindhard\", \"k\": 0.157},"
    "  \"resolution\": {\"type\": \"gaussian\", \"sigma0\": 0.0685, \"sqrt_coeff\": 0.018045},"
    "  \"bins\": {\"lo\": 0.2, \"hi\": 1.5, \"n\": 130}},"
    " \"data\": {" BINNED_FILE ", \"scale\": 0.5, \"background\": {\"type\": \"column\", \"column\": 6},"
    "  \"backgrounds\": [{\"name\": \"flat\", \"shape\": \"flat\", \"amount\": 2600.25, \"free\": true},"
    "   {\"name\": \"epithermal neutrons\", \"shape\": \"exponential\", \"decay\": 0.2314, \"amount\": 1e3,"
    "    \"sigma_norm\": 0.25},"
    "   {\"name\": \"L1\", \"shape\": \"gaussian\", \"mean\": 1.297, \"amount\": 812, \"free\": true,"
    "    \"sigma_norm\": 1},"
    "   {\"name\": \"L2\", \"shape\": \"gaussian\", \"mean\": 1.142, \"sigma\": 0.0712, \"amount\": 6.5,"
    "    \"free\": true},"
    "   {\"name\": \"M\", \"shape\": \"gaussian\", \"mean\": -0.1, \"sigma\": 0.3, \"amount\": 1, \"sigma_norm\": 0.03},"
    "   {\"name\": \"measured\", \"shape\": \"column\", \"column\": 7, \"sigma_norm\": 0.1}],"
    "  \"pulls\": [{\"name\": \"flux x QF\", \"sigma\": 0.1}, {\"name\": \"column\", \"target\": \"background\","
    "   \"free\": true}]}},"
    " \"model\": {\"interactions\": [\"sm\", \"magnetic\"]},"
    " \"scan\": {\"axes\": [{\"name\": \"mu_nu\", \"lo\": 1e-12, \"hi\": 1e-8, \"n\": 241, \"spacing\": \"log\"}]}}",
    /* Asimov data with two background components */
    "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ", \"detector\": " DETECTOR ","
    " \"data\": {\"backgrounds\": [{\"name\": \"a\", \"shape\": \"flat\", \"amount\": 10, \"sigma_norm\": 0.2},"
    "  {\"name\": \"b\", \"shape\": \"exponential\", \"decay\": 7.5, \"amount\": 3.25, \"free\": true}]}}}",
    /* a beam given by power (with its proton energy), a per-flavour mu_nu that is one number, a table
     * efficiency with its columns swapped, an explicit flat background of 0 per bin */
    "{\"experiment\": {\"source\": {\"type\": \"fluka\", \"target\": \"W-thick\", \"beam_power_MW\": 1.4,"
    " \"beam_hours\": 5000, \"proton_energy_GeV\": 8, \"distance_m\": 20, \"components\": [\"delayed_nue\"]},"
    " \"target\": {\"material\": \"Ar\"}, \"detector\": {\"mass_kg\": 610, \"live_days\": 365,"
    "  \"efficiency\": {\"type\": \"table\", \"file\": \"eff.txt\", \"x_column\": 3, \"eff_column\": 1},"
    "  \"resolution\": {\"type\": \"gaussian\", \"frac\": 0.05, \"n_sigma\": 4}, \"bins\": {\"lo\": 20, \"hi\": 120, \"n\": 10}},"
    " \"data\": {" BINNED_FILE ", \"background\": {\"type\": \"flat\", \"per_bin\": 0}}},"
    " \"model\": {\"interactions\": [\"magnetic\"], \"mu_nu\": {\"e\": 2e-10, \"mu\": 2e-10, \"tau\": 2e-10}}}",
    /* a reactor given by its flux with the default energies; Asimov data with a background per kg day */
    "{\"experiment\": {\"source\": {\"type\": \"reactor\", \"fission_fractions\": {\"Pu241\": 1}, \"flux_cm2_s\": 1e13},"
    " \"target\": {\"material\": \"Ge\"}, \"detector\": {\"mass_kg\": 1, \"live_days\": 10, \"bins\": " BINS "},"
    " \"data\": {\"background\": {\"type\": \"flat\", \"per_unit_kg_day\": 0.5}}}}",
    /* Asimov projection with a flat background per bin and an exposure axis */
    "{\"experiment\": {\"source\": " SNS ", \"target\": " TARGET ", \"detector\": " DETECTOR ","
    " \"data\": {\"observed\": \"asimov\", \"sigma_stat\": false, \"sigma_frac\": 0.1,"
    "  \"background\": {\"type\": \"flat\", \"per_bin\": 12.5}, \"pulls\": [{\"name\": \"bkg\", \"target\": \"background\","
    "  \"sigma\": 0.2}]}},"
    " \"scan\": {\"axes\": [{\"name\": \"exposure_scale\", \"lo\": 0.1, \"hi\": 100, \"n\": 31, \"spacing\": \"log\"}]}}",
};

/* The resolved config as text. */
static char *write_to_string(const cevns_config *c) {
    char *buf = NULL;
    size_t size = 0;
    cevns_error err = {{0}};
    FILE *mem = open_memstream(&buf, &size);
    cr_assert_not_null(mem);
    cr_assert_eq(cevns_config_write_json(c, mem, &err), CEVNS_OK, "%s", err.msg);
    fclose(mem);
    return buf;
}

/* Whether two configs are equal apart from how data_dir was found (a written config
 * names its data_dir, so the copy read back has it "from the config"). */
static int same_config(cevns_config *a, cevns_config *b) {
    memset(a->data_dir_origin, 0, sizeof a->data_dir_origin);
    memset(b->data_dir_origin, 0, sizeof b->data_dir_origin);
    memset(a->data_dir_tried, 0, sizeof a->data_dir_tried);
    memset(b->data_dir_tried, 0, sizeof b->data_dir_tried);
    return memcmp(a, b, sizeof *a) == 0;
}

Test(config, write_then_parse_gives_the_same_struct) {
    for (size_t i = 0; i < sizeof round_trip_configs / sizeof round_trip_configs[0]; i++) {
        char *first, *second;
        cevns_error err = {{0}};
        require_parses(round_trip_configs[i], &cfg);
        first = write_to_string(&cfg);
        cr_assert_eq(parse(first, &again, &err), CEVNS_OK, "config %zu: written config does not parse: %s\n%s", i,
                     err.msg, first);
        cr_expect(same_config(&cfg, &again), "config %zu: the struct changed through write/parse:\n%s", i,
                  first);
        second = write_to_string(&again);
        cr_expect_str_eq(first, second, "config %zu: writing is not stable", i);
        free(first);
        free(second);
    }
}

Test(config, written_config_fills_defaults) {
    char *text;
    require_parses(MINIMAL, &cfg);
    text = write_to_string(&cfg);
    cr_expect(strstr(text, "\"nu_per_proton\":\t0.0848") != NULL, "%s", text);
    cr_expect(strstr(text, "\"gl_order\":\t12") != NULL, "%s", text);
    cr_expect(strstr(text, "\"sin2_theta_w\":\t0.23857") != NULL, "%s", text);
    cr_expect(strstr(text, "\"helm_convention\":\t\"lewin-smith\"") != NULL, "%s", text);
    /* the data and output sections with their defaults; no scan section without axes, no empty dir */
    cr_expect(strstr(text, "\"observed\":\t\"asimov\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"sigma_stat\":\ttrue") != NULL, "%s", text);
    cr_expect(strstr(text, "\"pulls\":\t[]") != NULL, "%s", text);
    cr_expect(strstr(text, "\"backgrounds\":\t[]") != NULL, "%s", text);
    cr_expect(strstr(text, "\"figures\":\ttrue") != NULL, "%s", text);
    cr_expect(strstr(text, "\"scan\"") == NULL, "%s", text);
    cr_expect(strstr(text, "\"dir\"") == NULL, "%s", text);
    cr_expect(strstr(text, "\"reference_limits\"") == NULL, "%s", text);
    cr_expect(strstr(text, "\"file\"") == NULL, "%s", text);
    free(text);
    /* a scan section gets every key; binned data get sigma_stat false */
    require_parses(WITH_DATA(BINNED_WITH("\"sigma_frac\": 0.1"), SCAN(M4_AXIS, "")), &cfg);
    text = write_to_string(&cfg);
    cr_expect(strstr(text, "\"sigma_stat\":\tfalse") != NULL, "%s", text);
    cr_expect(strstr(text, "\"statistic\":\t\"chi2\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"cl\":\t[0.9]") != NULL, "%s", text);
    cr_expect(strstr(text, "\"engine\":\t\"auto\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"separable\":\ttrue") != NULL, "%s", text);
    cr_expect(strstr(text, "\"spacing\":\t\"log\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"profile\":\tfalse") != NULL, "%s", text);
    free(text);
}

Test(config, shipped_configs_load_and_round_trip) {
    glob_t found;
    cr_assert_eq(chdir(CEVNS_SOURCE_DIR), 0);
    if (glob("configs/*.json", 0, NULL, &found) != 0) cr_skip_test("no configs/*.json");
    for (size_t i = 0; i < found.gl_pathc; i++) {
        cevns_error err = {{0}};
        char *text;
        cr_expect_eq(cevns_config_load(found.gl_pathv[i], &cfg, &err), CEVNS_OK, "%s", err.msg);
        if (err.msg[0]) continue;
        text = write_to_string(&cfg);
        cr_expect_eq(cevns_config_parse(text, cfg.path, &again, &err), CEVNS_OK, "%s: %s", found.gl_pathv[i], err.msg);
        cr_expect(same_config(&cfg, &again), "%s: the struct changed through write/parse",
                  found.gl_pathv[i]);
        free(text);
    }
    globfree(&found);
}

/* ---------------------------------------------------------------- docs/config.md */
/* The page itself is checked by test_config_doc; here the generator's refusals. */
Test(config, doc_generator_needs_every_section_and_known_ones) {
    char *text = NULL;
    size_t size = 0;
    cevns_error err = {{0}};
    FILE *out = open_memstream(&text, &size);
    cr_assert_not_null(out);
    cr_expect_eq(cevns_config_doc_markdown("# x\n<!-- config-table experiment.sauce -->\n", out, &err), CEVNS_EUSAGE);
    cr_expect(strstr(err.msg, "template line 2: not a config section: <!-- config-table experiment.sauce -->") != NULL,
              "%s", err.msg);
    cr_expect_eq(cevns_config_doc_markdown("<!-- config-table . -->\n", out, &err), CEVNS_EUSAGE);
    cr_expect(strstr(err.msg, "the template has no table of experiment ") != NULL, "%s", err.msg);
    fclose(out);
    cr_expect_eq(size, 0, "nothing is written when the template is refused: %s", text);
    free(text);
}
