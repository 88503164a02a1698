/* config_detector.c - the tables of experiment.detector: exposure, observable,
 * quenching, efficiency, resolution (their "type" decides their keys) and bins
 * (a custom row: {lo, hi, n} or {edges}, stored as edges).  The quenching,
 * efficiency and resolution rows address cevns_detector_config, so their rules
 * see the observable.  Rules across keys: mass and live time or an exposure, a
 * light yield exactly with the PE observable, a gaussian resolution with a width. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_schema.h"

#define F(field) offsetof(cevns_detector_config, field)
#define SIZE(field) sizeof(((cevns_detector_config *)0)->field)

/* ---------------------------------------------------------------- quenching, efficiency, resolution */
/* Quenching (and its type) is required unless the observable is the recoil energy. */
static int needs_quenching(const void *base) {
    return ((const cevns_detector_config *)base)->observable != CEVNS_OBS_KEVNR;
}

#define LINDHARD CFG_IN(CEVNS_QUENCH_LINDHARD)
#define LINEAR CFG_IN(CEVNS_QUENCH_LINEAR)
#define POLYNOMIAL CFG_IN(CEVNS_QUENCH_POLYNOMIAL)
#define QUENCH_TABLE CFG_IN(CEVNS_QUENCH_TABLE)
static const cfg_row quenching_rows[] = {
    {"type", CFG_ENUM, F(quenching.type), .names = cfg_quenching_names, .def = CEVNS_QUENCH_NONE,
     .def_doc = "`\"none\"`; required unless `observable` is `\"keVnr\"`", .doc = "none: Q = 1"},
    {"k", CFG_NUMBER, F(quenching.k), .in = LINDHARD, .range = CFG_NONNEGATIVE,
     .def_doc = "0 (= 0.133 Z^(2/3) A^(−1/2) per isotope)", .doc = "Lindhard k"},
    {"a", CFG_NUMBER, F(quenching.a), .in = LINEAR, .required = LINEAR, .range = CFG_ANY,
     .doc = "Q = a + b · T[keV_nr]"},
    {"b", CFG_NUMBER, F(quenching.b), .in = LINEAR, .required = LINEAR, .range = CFG_ANY, .unit = "1/keV_nr",
     .doc = "slope of the linear Q"},
    {"coefficients_MeV", CFG_NUMBERS, F(quenching.coeffs_MeV), .in = POLYNOMIAL, .required = POLYNOMIAL,
     .range = CFG_ANY, .min = 1, .max = CEVNS_MAX_COEFFS, .count_offset = F(quenching.n_coeffs),
     .doc = "c_i of E_ee[MeV] = Σ_i c_i T[MeV]^i, i from 0"},
    {"file", CFG_STRING, F(quenching.file), .in = QUENCH_TABLE, .required = QUENCH_TABLE, .size = SIZE(quenching.file),
     .unit = "path", .doc = "columns T[keV_nr], Q"},
};
static const cfg_schema quenching_schema = {CFG_ROWS(quenching_rows), .selector = 0,
                                            .selector_required = needs_quenching};

#define SIGMOID CFG_IN(CEVNS_EFF_SIGMOID)
#define EFF_TABLE CFG_IN(CEVNS_EFF_TABLE)
static const cfg_row efficiency_rows[] = {
    {"type", CFG_ENUM, F(efficiency.type), .names = cfg_efficiency_names, .def = CEVNS_EFF_NONE,
     .doc = "none: ε = 1"},
    {"a", CFG_NUMBER, F(efficiency.a), .in = SIGMOID, .required = SIGMOID, .range = CFG_ANY,
     .doc = "ε(x) = a / (1 + exp(−b (x − c))) + d, x in the observable (not limited to [0, 1]: COHERENT CsI "
            "2021 has a = 1.32, d = −0.33)"},
    {"b", CFG_NUMBER, F(efficiency.b), .in = SIGMOID, .required = SIGMOID, .range = CFG_ANY, .doc = "sigmoid slope"},
    {"c", CFG_NUMBER, F(efficiency.c), .in = SIGMOID, .required = SIGMOID, .range = CFG_ANY, .doc = "sigmoid centre"},
    {"d", CFG_NUMBER, F(efficiency.d), .in = SIGMOID, .range = CFG_ANY, .doc = "sigmoid offset"},
    {"file", CFG_STRING, F(efficiency.file), .in = EFF_TABLE, .required = EFF_TABLE, .size = SIZE(efficiency.file),
     .unit = "path", .doc = "a numeric table"},
    {"x_column", CFG_INT, F(efficiency.x_column), .in = EFF_TABLE, .flags = CFG_COLUMN, .min = 1,
     .max = CFG_MAX_COLUMN, .def = 1, .doc = "column of x (1-based)"},
    {"eff_column", CFG_INT, F(efficiency.eff_column), .in = EFF_TABLE, .flags = CFG_COLUMN, .min = 1,
     .max = CFG_MAX_COLUMN, .def = 2, .allowed_doc = "≠ `x_column`", .doc = "column of ε (1-based)"},
};
static const cfg_schema efficiency_schema = {CFG_ROWS(efficiency_rows), .selector = 0};

static cevns_status check_resolution(const cfg_frame *f) {
    const cevns_detector_config *det = f->base;
    if (det->resolution.type == CEVNS_RES_GAUSSIAN &&
        !(det->resolution.sigma0 > 0.0 || det->resolution.sqrt_coeff > 0.0 || det->resolution.frac > 0.0))
        return cfg_fail(f->ctx, f->path, "", "a gaussian resolution needs sigma0, sqrt_coeff or frac > 0");
    return CEVNS_OK;
}

#define GAUSSIAN CFG_IN(CEVNS_RES_GAUSSIAN)
static const cfg_row resolution_rows[] = {
    {"type", CFG_ENUM, F(resolution.type), .names = cfg_resolution_names, .def = CEVNS_RES_NONE,
     .doc = "gaussian: σ(x)² = sigma0² + sqrt_coeff² · x + (frac · x)², in units of the observable"},
    {"sigma0", CFG_NUMBER, F(resolution.sigma0), .in = GAUSSIAN, .range = CFG_NONNEGATIVE,
     .unit = "observable", .doc = "constant term (at least one of the three > 0)"},
    {"sqrt_coeff", CFG_NUMBER, F(resolution.sqrt_coeff), .in = GAUSSIAN, .range = CFG_NONNEGATIVE,
     .unit = "√observable", .doc = "statistical term"},
    {"frac", CFG_NUMBER, F(resolution.frac), .in = GAUSSIAN, .range = CFG_NONNEGATIVE, .doc = "proportional term"},
    {"n_sigma", CFG_NUMBER, F(resolution.n_sigma), .in = GAUSSIAN, .range = CFG_POSITIVE, .def = 6.0,
     .doc = "the smearing kernel is cut at ± n_sigma σ"},
};
static const cfg_schema resolution_schema = {CFG_ROWS(resolution_rows), .selector = 0, .check = check_resolution};

/* ---------------------------------------------------------------- bins */
/* The keys of "bins" (indices into bins_rows, and into time_bins_rows and psd_bins_rows, which
 * have the same order); lo, hi, n are not kept: they give the edges. */
enum { BINS_LO, BINS_HI, BINS_N, BINS_EDGES };
static const cfg_row bins_rows[] = {
    {"lo", CFG_NUMBER, 0, .flags = CFG_NO_FIELD, .range = CFG_NONNEGATIVE, .unit = "observable",
     .def_doc = "— (uniform bins)", .doc = "uniform bins: lower edge"},
    {"hi", CFG_NUMBER, 0, .flags = CFG_NO_FIELD, .range = CFG_NONNEGATIVE, .unit = "observable",
     .def_doc = "— (uniform bins)", .allowed_doc = "> `lo`",
     .doc = "uniform bins: upper edge (edge i = lo + (hi − lo) · i / n, the last exactly hi)"},
    {"n", CFG_INT, 0, .flags = CFG_NO_FIELD, .min = 1, .max = CEVNS_MAX_EDGES - 1,
     .def_doc = "— (uniform bins)", .doc = "uniform bins: number of bins"},
    {"edges", CFG_NUMBERS, 0, .flags = CFG_NO_FIELD, .range = CFG_NONNEGATIVE, .min = 2, .max = CEVNS_MAX_EDGES,
     .unit = "observable", .def_doc = "— (explicit edges)", .allowed_doc = "strictly increasing",
     .doc = "explicit bin edges"},
};
static const char *const uniform_bins_keys[] = {"lo", "hi", "n", NULL};
static const cfg_alternative bins_forms = {0, "edges", uniform_bins_keys, 3, "give lo, hi, n or edges", ""};
static const cfg_schema bins_schema = {CFG_ROWS(bins_rows), .selector = CFG_NO_SELECTOR, .alternative = &bins_forms};

static const cfg_row time_bins_rows[] = {
    {"lo", CFG_NUMBER, 0, .flags = CFG_NO_FIELD, .range = CFG_ANY, .unit = "µs", .def_doc = "— (uniform bins)",
     .doc = "uniform bins: lower edge (may be < 0: the time zero is the source's, `experiment.source.timing`)"},
    {"hi", CFG_NUMBER, 0, .flags = CFG_NO_FIELD, .range = CFG_ANY, .unit = "µs", .def_doc = "— (uniform bins)",
     .allowed_doc = "> `lo`", .doc = "uniform bins: upper edge"},
    {"n", CFG_INT, 0, .flags = CFG_NO_FIELD, .min = 1, .max = CEVNS_MAX_TIME_EDGES - 1,
     .def_doc = "— (uniform bins)", .doc = "uniform bins: number of bins"},
    {"edges", CFG_NUMBERS, 0, .flags = CFG_NO_FIELD, .range = CFG_ANY, .min = 2, .max = CEVNS_MAX_TIME_EDGES,
     .unit = "µs", .def_doc = "— (explicit edges)", .allowed_doc = "strictly increasing", .doc = "explicit bin edges"},
};
static const cfg_schema time_bins_schema = {CFG_ROWS(time_bins_rows), .selector = CFG_NO_SELECTOR,
                                            .alternative = &bins_forms};

static const cfg_row psd_bins_rows[] = {
    {"lo", CFG_NUMBER, 0, .flags = CFG_NO_FIELD, .range = CFG_ANY, .def_doc = "— (uniform bins)",
     .doc = "uniform bins: lower edge"},
    {"hi", CFG_NUMBER, 0, .flags = CFG_NO_FIELD, .range = CFG_ANY, .def_doc = "— (uniform bins)",
     .allowed_doc = "> `lo`", .doc = "uniform bins: upper edge"},
    {"n", CFG_INT, 0, .flags = CFG_NO_FIELD, .min = 1, .max = CEVNS_MAX_TIME_EDGES - 1,
     .def_doc = "— (uniform bins)", .doc = "uniform bins: number of bins"},
    {"edges", CFG_NUMBERS, 0, .flags = CFG_NO_FIELD, .range = CFG_ANY, .min = 2, .max = CEVNS_MAX_TIME_EDGES,
     .def_doc = "— (explicit edges)", .allowed_doc = "strictly increasing", .doc = "explicit bin edges"},
};
static const cfg_schema psd_bins_schema = {CFG_ROWS(psd_bins_rows), .selector = CFG_NO_SELECTOR,
                                           .alternative = &bins_forms};

/* Uniform bins: edges[i] = lo + (hi - lo) i / n, edges[n] = hi exactly (reader and writer). */
static void uniform_edges(double lo, double hi, int n, double *edges) {
    for (int i = 0; i < n; i++) edges[i] = lo + (hi - lo) * i / n;
    edges[n] = hi;
}

/* {"lo", "hi", "n"} (hi > lo, edges distinct) or {"edges": [...]} (increasing) under row->key of
 * f, in the keys of `schema`, into edges and *n_bins. */
static cevns_status read_edges(const cfg_frame *f, const cfg_row *row, const cfg_schema *schema, double *edges,
                               int *n_bins) {
    const cfg_row *rows = schema->rows;
    cfg_frame b;
    double lo = 0.0, hi = 0.0;
    int n = 0, found;
    CFG_TRY(cfg_sub_frame(f, row, &b, &found));
    if (!found) return CEVNS_OK;
    CFG_TRY(cfg_read_keys(&b, schema));
    if (cfg_has(b.obj, rows[BINS_EDGES].key)) {
        CFG_TRY(cfg_read_value(&b, &rows[BINS_EDGES], edges, &n));
        *n_bins = n - 1;
        return cfg_check_increasing(f->ctx, b.path, rows[BINS_EDGES].key, "bin edges", edges, n, 10);
    }
    CFG_TRY(cfg_read_value(&b, &rows[BINS_LO], &lo, NULL));
    CFG_TRY(cfg_read_value(&b, &rows[BINS_HI], &hi, NULL));
    CFG_TRY(cfg_read_value(&b, &rows[BINS_N], &n, NULL));
    if (!(hi > lo)) return cfg_fail(f->ctx, b.path, "hi", "must be > lo (%g), got %g", lo, hi);
    uniform_edges(lo, hi, n, edges);
    *n_bins = n;
    for (int i = 1; i <= n; i++)
        if (!(edges[i] > edges[i - 1]))
            return cfg_fail(f->ctx, b.path, "n", "too many bins for hi - lo = %g (the edges would coincide), got %d",
                            hi - lo, n);
    return CEVNS_OK;
}

/* {"lo", "hi", "n"} when the edges are exactly what those give, else the edges. */
static void write_edges(cJSON *obj, const cfg_row *row, const double *edges, int n, int *ok) {
    cJSON *b = cfg_put_object(obj, row->key, ok);
    double *uniform = malloc((size_t)(n + 1) * sizeof *uniform);
    if (!uniform) {
        *ok = 0;
        return;
    }
    uniform_edges(edges[0], edges[n], n, uniform);
    if (memcmp(uniform, edges, (size_t)(n + 1) * sizeof *uniform) == 0) {
        cfg_put_number(b, bins_rows[BINS_LO].key, edges[0], ok);
        cfg_put_number(b, bins_rows[BINS_HI].key, edges[n], ok);
        cfg_put_number(b, bins_rows[BINS_N].key, n, ok);
    } else {
        cfg_put(b, bins_rows[BINS_EDGES].key, cJSON_CreateDoubleArray(edges, n + 1), ok);
    }
    free(uniform);
}

static cevns_status read_bins(const cfg_frame *f, const cfg_row *row) {
    cevns_detector_config *det = f->base;
    return read_edges(f, row, &bins_schema, det->edges, &det->n_bins);
}

static void write_bins(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_detector_config *det = base;
    write_edges(obj, row, det->edges, det->n_bins, ok);
}

/* ---------------------------------------------------------------- arrival time, pulse shape */
static cevns_status read_time_bins(const cfg_frame *f, const cfg_row *row) {
    cevns_detector_config *det = f->base;
    return read_edges(f, row, &time_bins_schema, det->time.edges_us, &det->time.n_bins);
}

static void write_time_bins(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_detector_config *det = base;
    write_edges(obj, row, det->time.edges_us, det->time.n_bins, ok);
}

static cevns_status read_psd_bins(const cfg_frame *f, const cfg_row *row) {
    cevns_detector_config *det = f->base;
    return read_edges(f, row, &psd_bins_schema, det->psd.edges, &det->psd.n_bins);
}

static void write_psd_bins(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_detector_config *det = base;
    write_edges(obj, row, det->psd.edges, det->psd.n_bins, ok);
}

#define TIME_EXP CFG_IN(CEVNS_TIME_EFF_EXPONENTIAL)
static const cfg_row time_efficiency_rows[] = {
    {"type", CFG_ENUM, F(time.eff), .names = cfg_time_efficiency_names, .def = CEVNS_TIME_EFF_NONE,
     .doc = "none: ε_T = 1; exponential: ε_T(t) = 1 for t < onset, exp(−rate (t − onset)) after"},
    {"onset_us", CFG_NUMBER, F(time.eff_onset_us), .in = TIME_EXP, .required = TIME_EXP, .range = CFG_ANY,
     .unit = "µs", .doc = "where the efficiency starts to fall"},
    {"rate_per_us", CFG_NUMBER, F(time.eff_rate_per_us), .in = TIME_EXP, .required = TIME_EXP,
     .range = CFG_NONNEGATIVE, .unit = "1/µs", .doc = "its exponential rate"},
};
static const cfg_schema time_efficiency_schema = {CFG_ROWS(time_efficiency_rows), .selector = 0};

static const cfg_row time_rows[] = {
    {"bins_us", CFG_CUSTOM, 0, .required = CFG_ALL, .schema = &time_bins_schema, .read = read_time_bins,
     .write = write_time_bins, .type_doc = "object", .allowed_doc = "`{\"lo\", \"hi\", \"n\"}` or `{\"edges\"}`",
     .doc = "arrival-time bins; the bins of the fit are energy × time (energy outermost)"},
    {"efficiency", CFG_OBJECT, 0, .schema = &time_efficiency_schema, .def_doc = "`{\"type\": \"none\"}`",
     .doc = "efficiency in arrival time (below)"},
};
static const cfg_schema time_schema = {CFG_ROWS(time_rows), .selector = CFG_NO_SELECTOR};

static const cfg_row psd_rows[] = {
    {"bins", CFG_CUSTOM, 0, .required = CFG_ALL, .schema = &psd_bins_schema, .read = read_psd_bins,
     .write = write_psd_bins, .type_doc = "object", .allowed_doc = "`{\"lo\", \"hi\", \"n\"}` or `{\"edges\"}`",
     .doc = "pulse-shape (e.g. F90) bins; the bins are energy × psd [× time]"},
    {"template", CFG_STRING, F(psd.template_file), .required = CFG_ALL, .size = SIZE(psd.template_file),
     .unit = "path",
     .doc = "the signal's expected counts per bin, rows `energy psd [time] value` at the bin centres in bin order: "
            "P(psd bin | energy bin) is taken from it"},
};
static const cfg_schema psd_schema = {CFG_ROWS(psd_rows), .selector = CFG_NO_SELECTOR};

static int has_time_bins(const void *base) { return ((const cevns_detector_config *)base)->time.n_bins > 0; }
static int has_psd_bins(const void *base) { return ((const cevns_detector_config *)base)->psd.n_bins > 0; }

/* ---------------------------------------------------------------- detector */
/* mass_kg (+ live_days) or exposure_kg_day; a light yield exactly with PE. */
static cevns_status check_detector(const cfg_frame *f) {
    static const char *const light_yield = "light_yield_PE_per_keVee";
    const cevns_detector_config *det = f->base;
    if (cfg_has(f->obj, "exposure_kg_day") && cfg_has(f->obj, "live_days"))
        return cfg_fail(f->ctx, f->path, "live_days",
                        "not allowed together with exposure_kg_day (give mass_kg + live_days, or exposure_kg_day)");
    if (!cfg_has(f->obj, "mass_kg") && !cfg_has(f->obj, "exposure_kg_day"))
        return cfg_fail(f->ctx, f->path, "mass_kg", "required key is missing (or give exposure_kg_day)");
    if (det->observable != CEVNS_OBS_PE && cfg_has(f->obj, light_yield))
        return cfg_fail(f->ctx, f->path, light_yield, "only allowed with observable \"PE\"");
    if (det->observable == CEVNS_OBS_PE && !cfg_has(f->obj, light_yield))
        return cfg_fail(f->ctx, f->path, light_yield, "required key is missing (observable is \"PE\")");
    return CEVNS_OK;
}

static const cfg_row detector_rows[] = {
    {"mass_kg", CFG_NUMBER, F(mass_kg), .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE, .unit = "kg",
     .def_doc = "— (or `exposure_kg_day`)", .doc = "detector (target) mass"},
    {"live_days", CFG_NUMBER, F(live_days), .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE, .unit = "days",
     .def_doc = "0 (unset)", .doc = "live time, for sources given per second; not with `exposure_kg_day`"},
    {"exposure_kg_day", CFG_NUMBER, F(exposure_kg_day), .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "kg·day", .def_doc = "0 (unset)", .doc = "replaces `mass_kg` × `live_days`"},
    {"observable", CFG_ENUM, F(observable), .names = cfg_observable_names, .def = CEVNS_OBS_KEVNR,
     .doc = "what the bins are in: nuclear recoil energy, electron-equivalent energy or photoelectrons"},
    {"light_yield_PE_per_keVee", CFG_NUMBER, F(light_yield_pe_per_keVee), .flags = CFG_OMIT_ZERO,
     .range = CFG_POSITIVE, .unit = "PE/keV_ee", .def_doc = "— (required with `observable` `\"PE\"`)",
     .allowed_doc = "only with `observable` `\"PE\"`", .doc = "light yield"},
    {"quenching", CFG_OBJECT, 0, .schema = &quenching_schema, .required_when = needs_quenching,
     .def_doc = "`{\"type\": \"none\"}`; required unless `observable` is `\"keVnr\"`",
     .doc = "T_ee = Q(T_nr) · T_nr (below)"},
    {"efficiency", CFG_OBJECT, 0, .schema = &efficiency_schema, .def_doc = "`{\"type\": \"none\"}`",
     .doc = "detection efficiency in the observable (below)"},
    {"resolution", CFG_OBJECT, 0, .schema = &resolution_schema, .def_doc = "`{\"type\": \"none\"}`",
     .doc = "Gaussian smearing in the observable (below)"},
    {"bins", CFG_CUSTOM, 0, .required = CFG_ALL, .schema = &bins_schema, .read = read_bins, .write = write_bins,
     .type_doc = "object", .allowed_doc = "`{\"lo\", \"hi\", \"n\"}` or `{\"edges\"}` (below)",
     .doc = "the bins, in the observable"},
    {"recoil_min_keVnr", CFG_NUMBER, F(recoil_min_keVnr), .range = CFG_NONNEGATIVE, .unit = "keV_nr",
     .def_doc = "0 (= derived from the bins)", .doc = "lower limit of the recoil integral"},
    {"time", CFG_OBJECT, 0, .schema = &time_schema, .written = has_time_bins, .def_doc = "— (no time axis)",
     .doc = "arrival-time bins of a pulsed source (below)"},
    {"psd", CFG_OBJECT, 0, .schema = &psd_schema, .written = has_psd_bins, .def_doc = "— (no pulse-shape axis)",
     .doc = "pulse-shape discrimination bins (below)"},
};

const cfg_schema cfg_detector_schema = {CFG_ROWS(detector_rows), .selector = CFG_NO_SELECTOR, .check = check_detector};
