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

/* Building blocks of the test configs (JSON text). */
#define SNS "{\"type\": \"sns\", \"pot\": 3.2e23, \"distance_m\": 19.3}"
#define TARGET "{\"material\": \"CsI\"}"
#define BINS "{\"lo\": 5, \"hi\": 30, \"n\": 5}"
#define DETECTOR "{\"mass_kg\": 14.6, \"bins\": " BINS "}"
#define DETECTOR_WITH(keys) "{\"mass_kg\": 14.6, \"bins\": " BINS ", " keys "}"
#define CONFIG(source, target, detector, extra) \
    "{\"experiment\": {\"source\": " source ", \"target\": " target ", \"detector\": " detector "}" extra "}"
#define MINIMAL CONFIG(SNS, TARGET, DETECTOR, "")

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
    const char *env = getenv("CEVNS_DATA_DIR");
    require_parses(MINIMAL, &cfg);
    cr_expect_str_eq(cfg.name, "x");
    cr_expect_str_eq(cfg.path, FILE_NAME);
    cr_expect_str_eq(cfg.base_dir, "configs");
    if (env && env[0]) cr_expect_str_eq(cfg.data_dir, env);
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
    cr_expect_eq(cfg.model.form_factor.type, CEVNS_FFC_HELM);
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

/* ---------------------------------------------------------------- error table */
typedef struct {
    const char *what;
    const char *text;
    const char *message; /* must appear in the error message */
} error_case;

static const error_case error_cases[] = {
    {"unknown key", CONFIG(SNS, TARGET, DETECTOR_WITH("\"treshold_keV\": 3"), ""),
     FILE_NAME ": experiment.detector.treshold_keV: unknown key (allowed: mass_kg, live_days, exposure_kg_day"},
    {"unknown top-level key", CONFIG(SNS, TARGET, DETECTOR, ", \"scan\": {}"), FILE_NAME ": scan: unknown key"},
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
     "experiment.detector.efficiency.eff_column: must differ from x_column (1)"},
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
     "model.form_factor.type: must be one of \"helm\""},
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
    {"top level not an object", "[1, 2]", FILE_NAME ": the top level must be a JSON object"},
    {"JSON syntax error reports line", "{\n  \"experiment\": {\n    \"source\": {\"type\": \"sns\",,}\n  }\n}",
     FILE_NAME ": line 3, column 31: JSON syntax error"},
    {"trailing text", MINIMAL "\n\nextra", FILE_NAME ": line 3, column 1: JSON syntax error near 'extra'"},
    {"unterminated comment", "{\n /* open", FILE_NAME ": line 2, column 2: unterminated /* comment"},
    {"empty text", "", FILE_NAME ": line 1, column 1: JSON syntax error"},
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
    unsetenv("CEVNS_DATA_DIR"); /* each test runs in its own process */
    make_scratch();
    snprintf(dir, sizeof dir, "%s/configs", scratch);
    snprintf(data, sizeof data, "%s/data", scratch);
    cr_assert_eq(mkdir(dir, 0700), 0);
    cr_assert_eq(mkdir(data, 0700), 0);
    snprintf(path, sizeof path, "%s/csi.json", dir);
    write_text(path, MINIMAL);
    cr_assert_eq(cevns_config_load(path, &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.name, "csi");
    cr_expect_str_eq(cfg.base_dir, dir);
    snprintf(expected, sizeof expected, "%s/../data", dir);
    cr_expect_str_eq(cfg.data_dir, expected);

    /* resolve_path: absolute as is; data_dir first; then the config's directory */
    cevns_config_resolve_path(&cfg, "/abs/file.txt", resolved, sizeof resolved);
    cr_expect_str_eq(resolved, "/abs/file.txt");
    snprintf(path, sizeof path, "%s/flux.txt", data);
    write_text(path, "1 2\n");
    snprintf(path, sizeof path, "%s/flux.txt", dir);
    write_text(path, "1 2\n");
    snprintf(path, sizeof path, "%s/only_here.txt", dir);
    write_text(path, "1 2\n");
    cevns_config_resolve_path(&cfg, "flux.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/flux.txt", cfg.data_dir);
    cr_expect_str_eq(resolved, expected);
    cevns_config_resolve_path(&cfg, "only_here.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/only_here.txt", dir);
    cr_expect_str_eq(resolved, expected);
    cevns_config_resolve_path(&cfg, "missing.txt", resolved, sizeof resolved);
    snprintf(expected, sizeof expected, "%s/missing.txt", dir);
    cr_expect_str_eq(resolved, expected);
    remove_scratch();
}

Test(config, data_dir_from_environment_then_dot_data) {
    cevns_error err = {{0}};
    setenv("CEVNS_DATA_DIR", "/opt/cevns-data", 1);
    cr_assert_eq(cevns_config_parse(MINIMAL, "/nonexistent/dir/x.json", &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "/opt/cevns-data");
    unsetenv("CEVNS_DATA_DIR");
    cr_assert_eq(cevns_config_parse(MINIMAL, "/nonexistent/dir/x.json", &cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "./data");
    cr_assert_eq(cevns_config_parse(CONFIG(SNS, TARGET, DETECTOR, ", \"data_dir\": \"/d\""), "/nonexistent/x.json",
                                    &cfg, &err),
                 CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(cfg.data_dir, "/d");
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

Test(config, write_then_parse_gives_the_same_struct) {
    for (size_t i = 0; i < sizeof round_trip_configs / sizeof round_trip_configs[0]; i++) {
        char *first, *second;
        cevns_error err = {{0}};
        require_parses(round_trip_configs[i], &cfg);
        first = write_to_string(&cfg);
        cr_assert_eq(parse(first, &again, &err), CEVNS_OK, "config %zu: written config does not parse: %s\n%s", i,
                     err.msg, first);
        cr_expect(memcmp(&cfg, &again, sizeof cfg) == 0, "config %zu: the struct changed through write/parse:\n%s", i,
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
        cr_expect(memcmp(&cfg, &again, sizeof cfg) == 0, "%s: the struct changed through write/parse",
                  found.gl_pathv[i]);
        free(text);
    }
    globfree(&found);
}
