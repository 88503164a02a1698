/* config_scan.c - the "scan" section (the grid of model parameters, the statistic,
 * the confidence levels, the engine), the "output" section (with the published
 * limits drawn on the figures), and the checks that
 * need more than one section (cfg_check_consistency). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

#define CFG_MAX_SCAN_POINTS 1e9
#define CFG_MAX_THREADS 4096

static const char *const scan_keys[] = {"axes", "statistic", "cl", "dof", "engine", "threads", "separable", NULL};
static const char *const scan_required[] = {"axes", NULL};
static const char *const axis_keys[] = {"name", "lo", "hi", "n", "spacing", "values", "profile", NULL};
static const char *const axis_range_keys[] = {"lo", "hi", "n", NULL};
static const char *const axis_grid_keys[] = {"lo", "hi", "n", "spacing", NULL};
static const char *const output_keys[] = {"dir", "figures", "overwrite", "reference_limits", NULL};
static const char *const reference_keys[] = {"label", "value", NULL};

/* Allowed values of each axis kind, indexed by cevns_axis_kind. */
static const cfg_range axis_ranges[] = {
    {0.0, INFINITY, 0, 0},       /* mu_nu */
    {0.0, INFINITY, 0, 0},       /* mu_nu_e */
    {0.0, INFINITY, 0, 0},       /* mu_nu_mu */
    {0.0, INFINITY, 0, 0},       /* mu_nu_tau */
    {0.0, INFINITY, 0, 0},       /* m4_MeV */
    {0.0, 1.0, 1, 1},            /* sin2_theta_w */
    {0.0, INFINITY, 1, 0},       /* rn_fm */
    {0.0, INFINITY, 0, 0},       /* normalisation */
    {0.0, INFINITY, 1, 0},       /* exposure_scale */
    {-INFINITY, INFINITY, 0, 0}, /* eps_<ab>_u */
    {-INFINITY, INFINITY, 0, 0}, /* eps_<ab>_d */
};
_Static_assert(sizeof axis_ranges / sizeof axis_ranges[0] == CEVNS_AXIS_EPS_D + 1, "one range per axis kind");

/* The model parameters an axis sets, as bits: 0-2 the magnetic moment per
 * flavour, 3-7 m4 .. exposure_scale, 8-16 eps_u and 17-25 eps_d (entry a <= b,
 * since eps is symmetric).  Two axes may not share a bit. */
static unsigned axis_coverage(const cevns_axis_config *axis) {
    int a = axis->eps_index / 3, b = axis->eps_index % 3;
    int entry = a < b ? a * 3 + b : b * 3 + a;
    switch (axis->kind) {
    case CEVNS_AXIS_MU_NU: return 7u;
    case CEVNS_AXIS_MU_NU_E: return 1u;
    case CEVNS_AXIS_MU_NU_MU: return 2u;
    case CEVNS_AXIS_MU_NU_TAU: return 4u;
    case CEVNS_AXIS_EPS_U: return 1u << (8 + entry);
    case CEVNS_AXIS_EPS_D: return 1u << (17 + entry);
    default: return 1u << (3 + (axis->kind - CEVNS_AXIS_M4));
    }
}

/* Kind (and NSI entry) of an axis name; 0 when unknown. */
static int parse_axis_name(const char *name, cevns_axis_config *axis) {
    int a, b;
    char quark;
    for (int k = 0; cfg_axis_names[k]; k++)
        if (strcmp(cfg_axis_names[k], name) == 0) {
            axis->kind = (cevns_axis_kind)k;
            axis->eps_index = 0;
            return 1;
        }
    if (strncmp(name, "eps_", 4) != 0 || !cfg_parse_nsi_key(name + 4, &a, &b, &quark)) return 0;
    axis->kind = quark == 'u' ? CEVNS_AXIS_EPS_U : CEVNS_AXIS_EPS_D;
    axis->eps_index = a * 3 + b;
    return 1;
}

/* "name": a known axis that sets no parameter of the axes before it. */
static cevns_status read_axis_name(const cfg_ctx *ctx, const cJSON *obj, const char *path, int index,
                                   cevns_scan_config *scan) {
    cevns_axis_config *axis = &scan->axes[index];
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, "name");
    if (!item) return cfg_fail(ctx, path, "name", "required key is missing");
    if (cJSON_IsString(item) && item->valuestring[0] && !parse_axis_name(item->valuestring, axis)) {
        char list[256];
        size_t used = 0;
        for (int k = 0; cfg_axis_names[k] && used < sizeof list; k++)
            used += (size_t)snprintf(list + used, sizeof list - used, "\"%s\", ", cfg_axis_names[k]);
        return cfg_fail(ctx, path, "name",
                        "must be one of %seps_<ab>_u or eps_<ab>_d (a, b in e, mu, tau, e.g. eps_ee_u, eps_emu_d), "
                        "got \"%.64s\"",
                        list, item->valuestring);
    }
    CFG_TRY(cfg_string(ctx, obj, path, "name", axis->name, sizeof axis->name));
    for (int j = 0; j < index; j++)
        if (axis_coverage(&scan->axes[j]) & axis_coverage(axis))
            return cfg_fail(ctx, path, "name", "\"%s\" sets the same parameter as axes[%d] (\"%s\")", axis->name, j,
                            scan->axes[j].name);
    return CEVNS_OK;
}

/* values[] of a linear or log axis: value 0 is lo, value n-1 is hi exactly. */
static cevns_status fill_grid(const cfg_ctx *ctx, const char *path, cevns_axis_config *axis) {
    double lo = axis->lo, hi = axis->hi;
    int n = axis->n;
    if (!isfinite(hi - lo)) return cfg_fail(ctx, path, "hi", "hi - lo must be finite, got lo = %g, hi = %g", lo, hi);
    axis->values[0] = lo;
    for (int i = 1; i < n - 1; i++)
        axis->values[i] = axis->spacing == CEVNS_SPACING_LOG ? exp(log(lo) + (log(hi) - log(lo)) * i / (n - 1))
                                                             : lo + (hi - lo) * i / (n - 1);
    if (n > 1) axis->values[n - 1] = hi;
    for (int i = 1; i < n; i++)
        if (!(axis->values[i] > axis->values[i - 1]))
            return cfg_fail(ctx, path, "n",
                            "too many values for lo = %g, hi = %g (neighbouring values would coincide), got %d", lo, hi,
                            n);
    return CEVNS_OK;
}

/* {"lo", "hi", "n", "spacing"}. */
static cevns_status read_axis_range(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_axis_config *axis) {
    cfg_range range = axis_ranges[axis->kind];
    int spacing = CEVNS_SPACING_LINEAR;
    for (int i = 0; axis_range_keys[i]; i++)
        if (!cfg_has(obj, axis_range_keys[i]))
            return cfg_fail(ctx, path, axis_range_keys[i], "required key is missing (or give values)");
    CFG_TRY(cfg_number(ctx, obj, path, "lo", range, &axis->lo));
    CFG_TRY(cfg_number(ctx, obj, path, "hi", range, &axis->hi));
    CFG_TRY(cfg_int(ctx, obj, path, "n", 1, CEVNS_MAX_AXIS_VALUES, &axis->n));
    CFG_TRY(cfg_enum(ctx, obj, path, "spacing", cfg_spacing_names, &spacing));
    axis->spacing = (cevns_spacing)spacing;
    if (axis->spacing == CEVNS_SPACING_LOG && !(axis->lo > 0.0))
        return cfg_fail(ctx, path, "lo", "must be > 0 for log spacing, got %g", axis->lo);
    if (axis->n > 1 && !(axis->hi > axis->lo))
        return cfg_fail(ctx, path, "hi", "must be > lo (%g) when n > 1, got %g", axis->lo, axis->hi);
    if (!(axis->hi >= axis->lo)) return cfg_fail(ctx, path, "hi", "must be >= lo (%g), got %g", axis->lo, axis->hi);
    return fill_grid(ctx, path, axis);
}

/* {"values": [...]}: 1..1024 numbers, strictly increasing; lo and hi are set to
 * the first and last. */
static cevns_status read_axis_list(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_axis_config *axis) {
    for (int i = 0; axis_grid_keys[i]; i++)
        if (cfg_has(obj, axis_grid_keys[i]))
            return cfg_fail(ctx, path, axis_grid_keys[i], "not allowed together with values (give lo, hi, n or values)");
    CFG_TRY(cfg_number_array(ctx, obj, path, "values", axis_ranges[axis->kind], 1, CEVNS_MAX_AXIS_VALUES, axis->values,
                             &axis->n));
    for (int i = 1; i < axis->n; i++)
        if (!(axis->values[i] > axis->values[i - 1])) {
            char key[32];
            snprintf(key, sizeof key, "values[%d]", i);
            return cfg_fail(ctx, path, key, "values must increase strictly: must be > %.10g, got %.10g",
                            axis->values[i - 1], axis->values[i]);
        }
    axis->spacing = CEVNS_SPACING_LIST;
    axis->lo = axis->values[0];
    axis->hi = axis->values[axis->n - 1];
    return CEVNS_OK;
}

static cevns_status read_axis(const cfg_ctx *ctx, const cJSON *item, const char *path, int index,
                              cevns_scan_config *scan) {
    cevns_axis_config *axis = &scan->axes[index];
    char key[32], sub[CFG_PATH_MAX];
    snprintf(key, sizeof key, "axes[%d]", index);
    CFG_TRY(cfg_element_object(ctx, item, path, key));
    cfg_join_path(sub, sizeof sub, path, key);
    CFG_TRY(cfg_check_keys(ctx, item, sub, axis_keys, NULL));
    CFG_TRY(read_axis_name(ctx, item, sub, index, scan));
    CFG_TRY(cfg_bool(ctx, item, sub, "profile", &axis->profile));
    if (cfg_has(item, "values")) return read_axis_list(ctx, item, sub, axis);
    return read_axis_range(ctx, item, sub, axis);
}

/* 1..4 axes, at least one shown, at most 1e9 points in all. */
static cevns_status read_axes(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_scan_config *scan) {
    const cJSON *arr;
    double points = 1.0;
    int count = 0, shown = 0;
    CFG_TRY(cfg_array(ctx, obj, path, "axes", 1, CEVNS_MAX_AXES, &arr));
    for (const cJSON *item = arr->child; item; item = item->next, count++) {
        CFG_TRY(read_axis(ctx, item, path, count, scan));
        points *= scan->axes[count].n;
        shown += !scan->axes[count].profile;
    }
    scan->n_axes = count;
    if (shown == 0)
        return cfg_fail(ctx, path, "axes", "every axis is profiled: at least one must have profile false (the axes shown)");
    if (points > CFG_MAX_SCAN_POINTS)
        return cfg_fail(ctx, path, "axes", "the grid must have at most %g points (the product of the axes' n), got %.0f",
                        CFG_MAX_SCAN_POINTS, points);
    return CEVNS_OK;
}

/* cl: 1..8 numbers in (0, 1), strictly increasing. */
static cevns_status read_cl(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_scan_config *scan) {
    CFG_TRY(cfg_number_array(ctx, obj, path, "cl", (cfg_range){0.0, 1.0, 1, 1}, 1, CEVNS_MAX_CL, scan->cl,
                             &scan->n_cl));
    for (int i = 1; i < scan->n_cl; i++)
        if (!(scan->cl[i] > scan->cl[i - 1])) {
            char key[32];
            snprintf(key, sizeof key, "cl[%d]", i);
            return cfg_fail(ctx, path, key, "confidence levels must increase strictly: must be > %g, got %g",
                            scan->cl[i - 1], scan->cl[i]);
        }
    return CEVNS_OK;
}

cevns_status cfg_read_scan(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_scan_config *scan) {
    int statistic = (int)scan->statistic, engine = -1;
    CFG_TRY(cfg_check_keys(ctx, obj, path, scan_keys, NULL));
    CFG_TRY(cfg_require_keys(ctx, obj, path, scan_required));
    CFG_TRY(read_axes(ctx, obj, path, scan));
    CFG_TRY(cfg_enum(ctx, obj, path, "statistic", cfg_statistic_names, &statistic));
    scan->statistic = (cevns_statistic)statistic;
    CFG_TRY(read_cl(ctx, obj, path, scan));
    CFG_TRY(cfg_int(ctx, obj, path, "dof", 0, CEVNS_MAX_AXES, &scan->dof));
    CFG_TRY(cfg_enum(ctx, obj, path, "engine", cfg_engine_names, &engine));
    if (engine >= 0) cfg_copy_string(scan->engine, sizeof scan->engine, cfg_engine_names[engine]);
    CFG_TRY(cfg_int(ctx, obj, path, "threads", 0, CFG_MAX_THREADS, &scan->threads));
    return cfg_bool(ctx, obj, path, "separable", &scan->separable);
}

/* reference_limits: 0..4 objects {"label", "value"}, both required; the value
 * is in the unit of the first shown scan axis (not checked here: a config may
 * have no scan). */
static cevns_status read_reference_limits(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                          cevns_output_config *output) {
    const cJSON *arr;
    int count = 0;
    CFG_TRY(cfg_array(ctx, obj, path, "reference_limits", 0, CEVNS_MAX_REFERENCE, &arr));
    if (!arr) return CEVNS_OK;
    memset(output->reference, 0, sizeof output->reference);
    for (const cJSON *item = arr->child; item; item = item->next, count++) {
        cevns_reference_limit *ref = &output->reference[count];
        char key[40], sub[CFG_PATH_MAX];
        snprintf(key, sizeof key, "reference_limits[%d]", count);
        CFG_TRY(cfg_element_object(ctx, item, path, key));
        cfg_join_path(sub, sizeof sub, path, key);
        CFG_TRY(cfg_check_keys(ctx, item, sub, reference_keys, NULL));
        CFG_TRY(cfg_require_keys(ctx, item, sub, reference_keys));
        CFG_TRY(cfg_string(ctx, item, sub, "label", ref->label, sizeof ref->label));
        CFG_TRY(cfg_number(ctx, item, sub, "value", CFG_POSITIVE, &ref->value));
    }
    output->n_reference = count;
    return CEVNS_OK;
}

cevns_status cfg_read_output(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_output_config *output) {
    CFG_TRY(cfg_check_keys(ctx, obj, path, output_keys, NULL));
    CFG_TRY(cfg_string(ctx, obj, path, "dir", output->dir, sizeof output->dir));
    CFG_TRY(cfg_bool(ctx, obj, path, "figures", &output->figures));
    CFG_TRY(cfg_bool(ctx, obj, path, "overwrite", &output->overwrite));
    return read_reference_limits(ctx, obj, path, output);
}

cevns_status cfg_check_consistency(const cfg_ctx *ctx, const cevns_config *cfg) {
    const cevns_data_config *data = &cfg->data;
    const cevns_detector_config *det = &cfg->detector;
    int error_column = data->kind == CEVNS_DATA_ON_OFF || (data->kind == CEVNS_DATA_BINNED && data->col_error > 0);
    /* chi2 divides by the bin error: something must give one */
    if (!error_column && !data->sigma_stat && !(data->sigma_frac > 0.0) && cfg->scan.statistic != CEVNS_STAT_POISSON)
        return cfg_fail(ctx, "experiment.data", "",
                        "the observed counts have no uncertainty (%s, sigma_stat false, sigma_frac 0) and the chi2 "
                        "would divide by zero: give %ssigma_stat true or sigma_frac > 0, or use scan.statistic "
                        "\"poisson\"",
                        data->kind == CEVNS_DATA_BINNED ? "no error column" : "Asimov data",
                        data->kind == CEVNS_DATA_BINNED ? "columns.error, " : "");
    /* exposure scaling rescales the prediction; observed data cannot follow */
    for (int i = 0; i < cfg->scan.n_axes; i++)
        if (cfg->scan.axes[i].kind == CEVNS_AXIS_EXPOSURE && data->kind != CEVNS_DATA_ASIMOV) {
            char key[32];
            snprintf(key, sizeof key, "axes[%d].name", i);
            return cfg_fail(ctx, "scan", key,
                            "\"exposure_scale\" needs Asimov data, got experiment.data.observed \"%s\" (exposure "
                            "scaling only makes sense for Asimov projections)",
                            cfg_data_kind_names[data->kind]);
        }
    /* counts per kg day need the exposure in kg day */
    if (data->background.type == CEVNS_BKG_FLAT && data->background.per_unit_kg_day > 0.0 &&
        !(det->exposure_kg_day > 0.0) && !(det->live_days > 0.0))
        return cfg_fail(ctx, "experiment.data.background", "per_unit_kg_day",
                        "needs the exposure in kg day: give experiment.detector.exposure_kg_day, or mass_kg and "
                        "live_days");
    /* a Gaussian component without sigma takes the detector resolution at its mean */
    for (int k = 0; k < data->n_backgrounds; k++)
        if (data->backgrounds[k].shape == CEVNS_SHAPE_GAUSSIAN && !(data->backgrounds[k].sigma > 0.0) &&
            det->resolution.type == CEVNS_RES_NONE) {
            char sub[48];
            snprintf(sub, sizeof sub, "experiment.data.backgrounds[%d]", k);
            return cfg_fail(ctx, sub, "sigma",
                            "required key is missing (without it the width is the detector resolution at the mean, "
                            "but experiment.detector.resolution.type is \"none\")");
        }
    return CEVNS_OK;
}
