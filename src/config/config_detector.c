/* config_detector.c - experiment.detector: exposure, observable, quenching,
 * efficiency, resolution and bins.  The "type" of quenching, efficiency and
 * resolution decides which of their keys are allowed. */
#include <stdio.h>

#include "config/config_internal.h"

static const char *const detector_keys[] = {
    "mass_kg",   "live_days",  "exposure_kg_day", "observable", "light_yield_PE_per_keVee",
    "quenching", "efficiency", "resolution",      "bins",       "recoil_min_keVnr",
    NULL};
static const char *const nothing_required[] = {NULL};
static const char *const type_only[] = {"type", NULL};

/* Indexed by cevns_quench_type. */
static const char *const lindhard_keys[] = {"type", "k", NULL};
static const char *const linear_keys[] = {"type", "a", "b", NULL};
static const char *const linear_required[] = {"a", "b", NULL};
static const char *const polynomial_keys[] = {"type", "coefficients_MeV", NULL};
static const char *const polynomial_required[] = {"coefficients_MeV", NULL};
static const char *const file_keys[] = {"type", "file", NULL};
static const char *const file_required[] = {"file", NULL};
static const cfg_variant quenching_variants[] = {
    {type_only, nothing_required},
    {lindhard_keys, nothing_required},
    {linear_keys, linear_required},
    {polynomial_keys, polynomial_required},
    {file_keys, file_required},
};

/* Indexed by cevns_eff_type. */
static const char *const sigmoid_keys[] = {"type", "a", "b", "c", "d", NULL};
static const char *const sigmoid_required[] = {"a", "b", "c", NULL};
static const char *const eff_table_keys[] = {"type", "file", "x_column", "eff_column", NULL};
static const cfg_variant efficiency_variants[] = {
    {type_only, nothing_required},
    {sigmoid_keys, sigmoid_required},
    {eff_table_keys, file_required},
};

/* Indexed by cevns_res_type. */
static const char *const gaussian_keys[] = {"type", "sigma0", "sqrt_coeff", "frac", "n_sigma", NULL};
static const cfg_variant resolution_variants[] = {
    {type_only, nothing_required},
    {gaussian_keys, nothing_required},
};

static const char *const bins_keys[] = {"lo", "hi", "n", "edges", NULL};
static const char *const uniform_bins_keys[] = {"lo", "hi", "n", NULL};

/* mass_kg, live_days, exposure_kg_day: mass (+ live time) or an exposure. */
static cevns_status read_exposure(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                  cevns_detector_config *det) {
    CFG_TRY(cfg_number(ctx, obj, path, "mass_kg", CFG_POSITIVE, &det->mass_kg));
    CFG_TRY(cfg_number(ctx, obj, path, "live_days", CFG_POSITIVE, &det->live_days));
    CFG_TRY(cfg_number(ctx, obj, path, "exposure_kg_day", CFG_POSITIVE, &det->exposure_kg_day));
    if (cfg_has(obj, "exposure_kg_day") && cfg_has(obj, "live_days"))
        return cfg_fail(ctx, path, "live_days",
                        "not allowed together with exposure_kg_day (give mass_kg + live_days, or exposure_kg_day)");
    if (!cfg_has(obj, "mass_kg") && !cfg_has(obj, "exposure_kg_day"))
        return cfg_fail(ctx, path, "mass_kg", "required key is missing (or give exposure_kg_day)");
    return CEVNS_OK;
}

static cevns_status read_observable(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                    cevns_detector_config *det) {
    static const char *const light_yield = "light_yield_PE_per_keVee";
    int observable = (int)det->observable;
    CFG_TRY(cfg_enum(ctx, obj, path, "observable", cfg_observable_names, &observable));
    det->observable = (cevns_observable)observable;
    if (det->observable != CEVNS_OBS_PE && cfg_has(obj, light_yield))
        return cfg_fail(ctx, path, light_yield, "only allowed with observable \"PE\"");
    if (det->observable == CEVNS_OBS_PE && !cfg_has(obj, light_yield))
        return cfg_fail(ctx, path, light_yield, "required key is missing (observable is \"PE\")");
    return cfg_number(ctx, obj, path, light_yield, CFG_POSITIVE, &det->light_yield_pe_per_keVee);
}

/* The object under key with its path; an error when absent and `required`. */
static cevns_status sub_object(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int required,
                               const cJSON **out, char *sub_path) {
    CFG_TRY(cfg_object(ctx, obj, path, key, out));
    cfg_join_path(sub_path, CFG_PATH_MAX, path, key);
    if (!*out && required) return cfg_fail(ctx, path, key, "required key is missing");
    return CEVNS_OK;
}

/* Quenching is required (with its type) unless the observable is keVnr. */
static cevns_status read_quenching(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                   cevns_detector_config *det) {
    const cJSON *q;
    char sub[CFG_PATH_MAX];
    int needed = det->observable != CEVNS_OBS_KEVNR;
    int type = (int)det->quenching.type;
    CFG_TRY(sub_object(ctx, obj, path, "quenching", needed, &q, sub));
    if (!q) return CEVNS_OK;
    CFG_TRY(cfg_variant_object(ctx, q, sub, cfg_quenching_names, quenching_variants, needed, &type));
    det->quenching.type = (cevns_quench_type)type;
    CFG_TRY(cfg_number(ctx, q, sub, "k", CFG_NONNEGATIVE, &det->quenching.k));
    CFG_TRY(cfg_number(ctx, q, sub, "a", CFG_ANY, &det->quenching.a));
    CFG_TRY(cfg_number(ctx, q, sub, "b", CFG_ANY, &det->quenching.b));
    CFG_TRY(cfg_number_array(ctx, q, sub, "coefficients_MeV", CFG_ANY, 1, CEVNS_MAX_COEFFS, det->quenching.coeffs_MeV,
                             &det->quenching.n_coeffs));
    return cfg_string(ctx, q, sub, "file", det->quenching.file, sizeof det->quenching.file);
}

static cevns_status read_efficiency(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                    cevns_detector_config *det) {
    const cJSON *e;
    char sub[CFG_PATH_MAX];
    int type = (int)det->efficiency.type;
    CFG_TRY(sub_object(ctx, obj, path, "efficiency", 0, &e, sub));
    if (!e) return CEVNS_OK;
    CFG_TRY(cfg_variant_object(ctx, e, sub, cfg_efficiency_names, efficiency_variants, 0, &type));
    det->efficiency.type = (cevns_eff_type)type;
    CFG_TRY(cfg_number(ctx, e, sub, "a", CFG_ANY, &det->efficiency.a));
    CFG_TRY(cfg_number(ctx, e, sub, "b", CFG_ANY, &det->efficiency.b));
    CFG_TRY(cfg_number(ctx, e, sub, "c", CFG_ANY, &det->efficiency.c));
    CFG_TRY(cfg_number(ctx, e, sub, "d", CFG_ANY, &det->efficiency.d));
    CFG_TRY(cfg_string(ctx, e, sub, "file", det->efficiency.file, sizeof det->efficiency.file));
    CFG_TRY(cfg_int(ctx, e, sub, "x_column", 1, 64, &det->efficiency.x_column));
    CFG_TRY(cfg_int(ctx, e, sub, "eff_column", 1, 64, &det->efficiency.eff_column));
    if (det->efficiency.type == CEVNS_EFF_TABLE && det->efficiency.x_column == det->efficiency.eff_column)
        return cfg_fail(ctx, sub, "eff_column", "must differ from x_column (%d)", det->efficiency.x_column);
    return CEVNS_OK;
}

static cevns_status read_resolution(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                    cevns_detector_config *det) {
    const cJSON *r;
    char sub[CFG_PATH_MAX];
    int type = (int)det->resolution.type;
    CFG_TRY(sub_object(ctx, obj, path, "resolution", 0, &r, sub));
    if (!r) return CEVNS_OK;
    CFG_TRY(cfg_variant_object(ctx, r, sub, cfg_resolution_names, resolution_variants, 0, &type));
    det->resolution.type = (cevns_res_type)type;
    CFG_TRY(cfg_number(ctx, r, sub, "sigma0", CFG_NONNEGATIVE, &det->resolution.sigma0));
    CFG_TRY(cfg_number(ctx, r, sub, "sqrt_coeff", CFG_NONNEGATIVE, &det->resolution.sqrt_coeff));
    CFG_TRY(cfg_number(ctx, r, sub, "frac", CFG_NONNEGATIVE, &det->resolution.frac));
    CFG_TRY(cfg_number(ctx, r, sub, "n_sigma", CFG_POSITIVE, &det->resolution.n_sigma));
    if (det->resolution.type == CEVNS_RES_GAUSSIAN &&
        !(det->resolution.sigma0 > 0.0 || det->resolution.sqrt_coeff > 0.0 || det->resolution.frac > 0.0))
        return cfg_fail(ctx, sub, "", "a gaussian resolution needs sigma0, sqrt_coeff or frac > 0");
    return CEVNS_OK;
}

void cfg_uniform_edges(double lo, double hi, int n, double *edges) {
    for (int i = 0; i < n; i++) edges[i] = lo + (hi - lo) * i / n;
    edges[n] = hi;
}

static cevns_status check_increasing(const cfg_ctx *ctx, const char *path, const double *edges, int n_edges) {
    for (int i = 1; i < n_edges; i++)
        if (!(edges[i] > edges[i - 1])) {
            char key[32];
            snprintf(key, sizeof key, "edges[%d]", i);
            return cfg_fail(ctx, path, key, "bin edges must increase strictly: must be > %.10g, got %.10g",
                            edges[i - 1], edges[i]);
        }
    return CEVNS_OK;
}

/* {"lo", "hi", "n"} (lo >= 0, hi > lo, 1 <= n <= 4096) or {"edges": [...]}. */
static cevns_status read_uniform_bins(const cfg_ctx *ctx, const cJSON *b, const char *path,
                                      cevns_detector_config *det) {
    double lo = 0.0, hi = 0.0;
    int n = 0;
    CFG_TRY(cfg_require_keys(ctx, b, path, uniform_bins_keys));
    CFG_TRY(cfg_number(ctx, b, path, "lo", CFG_NONNEGATIVE, &lo));
    CFG_TRY(cfg_number(ctx, b, path, "hi", CFG_NONNEGATIVE, &hi));
    CFG_TRY(cfg_int(ctx, b, path, "n", 1, CEVNS_MAX_EDGES - 1, &n));
    if (!(hi > lo)) return cfg_fail(ctx, path, "hi", "must be > lo (%g), got %g", lo, hi);
    cfg_uniform_edges(lo, hi, n, det->edges);
    det->n_bins = n;
    for (int i = 1; i <= n; i++)
        if (!(det->edges[i] > det->edges[i - 1]))
            return cfg_fail(ctx, path, "n", "too many bins for hi - lo = %g (the edges would coincide), got %d", hi - lo, n);
    return CEVNS_OK;
}

static cevns_status read_bins(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_detector_config *det) {
    const cJSON *b;
    char sub[CFG_PATH_MAX];
    int n_edges = 0;
    CFG_TRY(sub_object(ctx, obj, path, "bins", 1, &b, sub));
    CFG_TRY(cfg_check_keys(ctx, b, sub, bins_keys, NULL));
    if (!cfg_has(b, "edges")) return read_uniform_bins(ctx, b, sub, det);
    for (int i = 0; uniform_bins_keys[i]; i++)
        if (cfg_has(b, uniform_bins_keys[i]))
            return cfg_fail(ctx, sub, uniform_bins_keys[i], "not allowed together with edges (give lo, hi, n or edges)");
    CFG_TRY(cfg_number_array(ctx, b, sub, "edges", CFG_NONNEGATIVE, 2, CEVNS_MAX_EDGES, det->edges, &n_edges));
    det->n_bins = n_edges - 1;
    return check_increasing(ctx, sub, det->edges, n_edges);
}

cevns_status cfg_read_detector(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_detector_config *det) {
    CFG_TRY(cfg_check_keys(ctx, obj, path, detector_keys, NULL));
    CFG_TRY(read_exposure(ctx, obj, path, det));
    CFG_TRY(read_observable(ctx, obj, path, det));
    CFG_TRY(read_quenching(ctx, obj, path, det));
    CFG_TRY(read_efficiency(ctx, obj, path, det));
    CFG_TRY(read_resolution(ctx, obj, path, det));
    CFG_TRY(read_bins(ctx, obj, path, det));
    return cfg_number(ctx, obj, path, "recoil_min_keVnr", CFG_NONNEGATIVE, &det->recoil_min_keVnr);
}
