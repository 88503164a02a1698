/* config_data.c - experiment.data: what is observed (Asimov data made by the scan
 * from the prediction, or counts per bin read from a file), the uncertainties of
 * the observed counts, the background, the background components and the pulls.
 * "observed" decides whether "file" and "columns" are allowed and which columns;
 * the background "type" and a component's "shape" decide their keys. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* Columns of data files, 1-based (as detector.efficiency). */
#define CFG_MAX_COLUMN 64

static const char *const asimov_keys[] = {"observed",   "scale",       "sigma_stat", "sigma_frac",
                                          "background", "backgrounds", "pulls",      NULL};
static const char *const file_data_keys[] = {"observed",   "file",       "columns",     "scale", "sigma_stat",
                                             "sigma_frac", "background", "backgrounds", "pulls", NULL};
static const char *const file_data_required[] = {"file", "columns", NULL};
static const char *const file_only_keys[] = {"file", "columns", NULL};
static const char *const binned_column_keys[] = {"observed", "error", NULL};
static const char *const binned_column_required[] = {"observed", NULL};
static const char *const on_off_column_keys[] = {"on", "on_error", "off", "off_error", NULL};
static const char *const nothing_required[] = {NULL};

/* Indexed by cevns_background_type. */
static const char *const none_keys[] = {"type", NULL};
static const char *const flat_keys[] = {"type", "per_bin", "per_unit_kg_day", NULL};
static const char *const column_keys[] = {"type", "column", NULL};
static const char *const column_required[] = {"column", NULL};
static const cfg_variant background_variants[] = {
    {none_keys, nothing_required},
    {flat_keys, nothing_required},
    {column_keys, column_required},
};

/* Background components, indexed by cevns_background_shape. */
static const char *const component_required[] = {"name", "shape", NULL};
static const char *const flat_shape_keys[] = {"name", "shape", "amount", "sigma_norm", "free", NULL};
static const char *const exponential_shape_keys[] = {"name", "shape", "decay", "amount", "sigma_norm", "free", NULL};
static const char *const gaussian_shape_keys[] = {"name",   "shape",      "mean", "sigma",
                                                  "amount", "sigma_norm", "free", NULL};
static const char *const column_shape_keys[] = {"name", "shape", "column", "sigma_norm", "free", NULL};
static const char *const flat_shape_required[] = {"amount", NULL};
static const char *const exponential_shape_required[] = {"decay", "amount", NULL};
static const char *const gaussian_shape_required[] = {"mean", "amount", NULL};
static const char *const column_shape_required[] = {"column", NULL};
static const cfg_variant shape_variants[] = {
    {flat_shape_keys, flat_shape_required},
    {exponential_shape_keys, exponential_shape_required},
    {gaussian_shape_keys, gaussian_shape_required},
    {column_shape_keys, column_shape_required},
};

static const char *const pull_keys[] = {"name", "target", "sigma", "free", NULL};
static const char *const pull_required[] = {"name", NULL};

/* "observed" and the key set it allows. */
static cevns_status read_kind(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_data_config *data) {
    int kind = (int)data->kind;
    char what[64];
    CFG_TRY(cfg_enum(ctx, obj, path, "observed", cfg_data_kind_names, &kind));
    data->kind = (cevns_data_kind)kind;
    if (data->kind == CEVNS_DATA_ASIMOV) {
        for (int i = 0; file_only_keys[i]; i++)
            if (cfg_has(obj, file_only_keys[i]))
                return cfg_fail(ctx, path, file_only_keys[i],
                                "not allowed with observed \"asimov\" (Asimov data are made from the prediction; "
                                "set observed to \"binned\" or \"on_off\" to read counts from a file)");
        return cfg_check_keys(ctx, obj, path, asimov_keys, "for observed \"asimov\"");
    }
    snprintf(what, sizeof what, "for observed \"%s\"", cfg_data_kind_names[kind]);
    CFG_TRY(cfg_check_keys(ctx, obj, path, file_data_keys, what));
    return cfg_require_keys(ctx, obj, path, file_data_required);
}

/* Every non-zero column of the list differs from the ones before it. */
static cevns_status distinct_columns(const cfg_ctx *ctx, const char *path, const char *const *keys, const int *cols,
                                     int n) {
    for (int i = 1; i < n; i++)
        for (int j = 0; j < i; j++)
            if (cols[i] > 0 && cols[i] == cols[j])
                return cfg_fail(ctx, path, keys[i], "must differ from %s (column %d)", keys[j], cols[j]);
    return CEVNS_OK;
}

/* binned: {"observed", "error"}; on_off: {"on", "on_error", "off", "off_error"}. */
static cevns_status read_columns(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_data_config *data) {
    const cJSON *c;
    char sub[CFG_PATH_MAX], what[64];
    CFG_TRY(cfg_object(ctx, obj, path, "columns", &c));
    cfg_join_path(sub, sizeof sub, path, "columns");
    snprintf(what, sizeof what, "for observed \"%s\"", cfg_data_kind_names[data->kind]);
    if (data->kind == CEVNS_DATA_BINNED) {
        int cols[2];
        CFG_TRY(cfg_check_keys(ctx, c, sub, binned_column_keys, what));
        CFG_TRY(cfg_require_keys(ctx, c, sub, binned_column_required));
        CFG_TRY(cfg_int(ctx, c, sub, "observed", 1, CFG_MAX_COLUMN, &data->col_observed));
        CFG_TRY(cfg_int(ctx, c, sub, "error", 0, CFG_MAX_COLUMN, &data->col_error));
        cols[0] = data->col_observed;
        cols[1] = data->col_error;
        return distinct_columns(ctx, sub, binned_column_keys, cols, 2);
    } else {
        int *const fields[] = {&data->col_on, &data->col_on_error, &data->col_off, &data->col_off_error};
        int cols[4];
        CFG_TRY(cfg_check_keys(ctx, c, sub, on_off_column_keys, what));
        CFG_TRY(cfg_require_keys(ctx, c, sub, on_off_column_keys));
        for (int i = 0; i < 4; i++) {
            CFG_TRY(cfg_int(ctx, c, sub, on_off_column_keys[i], 1, CFG_MAX_COLUMN, fields[i]));
            cols[i] = *fields[i];
        }
        return distinct_columns(ctx, sub, on_off_column_keys, cols, 4);
    }
}

/* A background column must not be one of the data columns. */
static cevns_status check_background_column(const cfg_ctx *ctx, const char *path, const cevns_data_config *data,
                                            int column) {
    const char *const names[] = {"columns.observed", "columns.error", "columns.on",
                                 "columns.on_error", "columns.off",   "columns.off_error"};
    const int cols[] = {data->col_observed, data->col_error, data->col_on,
                        data->col_on_error, data->col_off,   data->col_off_error};
    for (int i = 0; i < 6; i++)
        if (cols[i] > 0 && cols[i] == column)
            return cfg_fail(ctx, path, "column", "must differ from %s (column %d)", names[i], cols[i]);
    return CEVNS_OK;
}

/* {"type": "none" | "flat" | "column", ...}; flat: exactly one of per_bin and
 * per_unit_kg_day; column: a column of the data file (so not with Asimov data). */
static cevns_status read_background(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_data_config *data) {
    const cJSON *b;
    char sub[CFG_PATH_MAX];
    int type = (int)data->background.type;
    CFG_TRY(cfg_object(ctx, obj, path, "background", &b));
    if (!b) return CEVNS_OK;
    cfg_join_path(sub, sizeof sub, path, "background");
    CFG_TRY(cfg_variant_object(ctx, b, sub, cfg_background_type_names, background_variants, 0, &type));
    data->background.type = (cevns_background_type)type;
    CFG_TRY(cfg_number(ctx, b, sub, "per_bin", CFG_NONNEGATIVE, &data->background.per_bin));
    CFG_TRY(cfg_number(ctx, b, sub, "per_unit_kg_day", CFG_NONNEGATIVE, &data->background.per_unit_kg_day));
    CFG_TRY(cfg_int(ctx, b, sub, "column", 1, CFG_MAX_COLUMN, &data->background.column));
    switch (data->background.type) {
    case CEVNS_BKG_NONE: break;
    case CEVNS_BKG_FLAT:
        if (!cfg_has(b, "per_bin") && !cfg_has(b, "per_unit_kg_day"))
            return cfg_fail(ctx, sub, "", "a flat background needs per_bin or per_unit_kg_day (exactly one)");
        if (cfg_has(b, "per_bin") && cfg_has(b, "per_unit_kg_day"))
            return cfg_fail(ctx, sub, "per_unit_kg_day",
                            "not allowed together with per_bin (give exactly one of per_bin, per_unit_kg_day)");
        break;
    case CEVNS_BKG_COLUMN:
        if (data->kind == CEVNS_DATA_ASIMOV)
            return cfg_fail(ctx, sub, "type",
                            "\"column\" needs a data file (experiment.data.observed \"binned\" or \"on_off\"), "
                            "got observed \"asimov\"");
        return check_background_column(ctx, sub, data, data->background.column);
    }
    return CEVNS_OK;
}

/* A column component: a data file is needed, and its column is used by nothing else. */
static cevns_status check_component_column(const cfg_ctx *ctx, const char *sub, const cevns_data_config *data,
                                           int index) {
    const cevns_background_component *comp = &data->backgrounds[index];
    if (data->kind == CEVNS_DATA_ASIMOV)
        return cfg_fail(ctx, sub, "shape",
                        "\"column\" needs a data file (experiment.data.observed \"binned\" or \"on_off\"), got "
                        "observed \"asimov\"");
    CFG_TRY(check_background_column(ctx, sub, data, comp->column));
    if (data->background.type == CEVNS_BKG_COLUMN && data->background.column == comp->column)
        return cfg_fail(ctx, sub, "column", "must differ from background.column (column %d)", comp->column);
    for (int j = 0; j < index; j++)
        if (data->backgrounds[j].shape == CEVNS_SHAPE_COLUMN && data->backgrounds[j].column == comp->column)
            return cfg_fail(ctx, sub, "column", "must differ from backgrounds[%d].column (column %d)", j,
                            comp->column);
    return CEVNS_OK;
}

/* backgrounds[index]: {"name", "shape", the keys of the shape, "amount", "sigma_norm",
 * "free"}; names unique; sigma_norm required unless free. */
static cevns_status read_component(const cfg_ctx *ctx, const cJSON *item, const char *path, int index,
                                   cevns_data_config *data) {
    cevns_background_component *comp = &data->backgrounds[index];
    char key[32], sub[CFG_PATH_MAX], what[48];
    int shape = (int)comp->shape;
    snprintf(key, sizeof key, "backgrounds[%d]", index);
    CFG_TRY(cfg_element_object(ctx, item, path, key));
    cfg_join_path(sub, sizeof sub, path, key);
    CFG_TRY(cfg_require_keys(ctx, item, sub, component_required));
    CFG_TRY(cfg_enum(ctx, item, sub, "shape", cfg_background_shape_names, &shape));
    comp->shape = (cevns_background_shape)shape;
    snprintf(what, sizeof what, "for shape \"%s\"", cfg_background_shape_names[shape]);
    CFG_TRY(cfg_check_keys(ctx, item, sub, shape_variants[shape].keys, what));
    CFG_TRY(cfg_require_keys(ctx, item, sub, shape_variants[shape].required));
    CFG_TRY(cfg_string(ctx, item, sub, "name", comp->name, sizeof comp->name));
    for (int j = 0; j < index; j++)
        if (strcmp(data->backgrounds[j].name, comp->name) == 0)
            return cfg_fail(ctx, sub, "name",
                            "\"%s\" is used by backgrounds[%d] too (background names must be unique)", comp->name, j);
    CFG_TRY(cfg_number(ctx, item, sub, "decay", CFG_POSITIVE, &comp->decay));
    CFG_TRY(cfg_number(ctx, item, sub, "mean", CFG_ANY, &comp->mean));
    CFG_TRY(cfg_number(ctx, item, sub, "sigma", CFG_POSITIVE, &comp->sigma));
    CFG_TRY(cfg_int(ctx, item, sub, "column", 1, CFG_MAX_COLUMN, &comp->column));
    CFG_TRY(cfg_number(ctx, item, sub, "amount", CFG_POSITIVE, &comp->amount));
    CFG_TRY(cfg_bool(ctx, item, sub, "free", &comp->free));
    if (!comp->free && !cfg_has(item, "sigma_norm"))
        return cfg_fail(ctx, sub, "sigma_norm", "required key is missing (or set free to true)");
    CFG_TRY(cfg_number(ctx, item, sub, "sigma_norm", CFG_POSITIVE, &comp->sigma_norm));
    if (comp->shape == CEVNS_SHAPE_COLUMN) return check_component_column(ctx, sub, data, index);
    return CEVNS_OK;
}

static cevns_status read_backgrounds(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                     cevns_data_config *data) {
    const cJSON *arr;
    int count = 0;
    CFG_TRY(cfg_array(ctx, obj, path, "backgrounds", 0, CEVNS_MAX_BACKGROUNDS, &arr));
    if (!arr) return CEVNS_OK;
    for (const cJSON *item = arr->child; item; item = item->next, count++)
        CFG_TRY(read_component(ctx, item, path, count, data));
    data->n_backgrounds = count;
    return CEVNS_OK;
}

/* pulls[index]: {"name", "target", "sigma", "free"}; names unique (also against the
 * background components, which are pulls too). */
static cevns_status read_pull(const cfg_ctx *ctx, const cJSON *item, const char *path, int index,
                              cevns_data_config *data) {
    cevns_pull_config *pull = &data->pulls[index];
    char key[32], sub[CFG_PATH_MAX];
    int target = (int)pull->target;
    snprintf(key, sizeof key, "pulls[%d]", index);
    CFG_TRY(cfg_element_object(ctx, item, path, key));
    cfg_join_path(sub, sizeof sub, path, key);
    CFG_TRY(cfg_check_keys(ctx, item, sub, pull_keys, NULL));
    CFG_TRY(cfg_require_keys(ctx, item, sub, pull_required));
    CFG_TRY(cfg_string(ctx, item, sub, "name", pull->name, sizeof pull->name));
    for (int j = 0; j < index; j++)
        if (strcmp(data->pulls[j].name, pull->name) == 0)
            return cfg_fail(ctx, sub, "name", "\"%s\" is used by pulls[%d] too (pull names must be unique)", pull->name,
                            j);
    for (int j = 0; j < data->n_backgrounds; j++)
        if (strcmp(data->backgrounds[j].name, pull->name) == 0)
            return cfg_fail(ctx, sub, "name",
                            "\"%s\" is used by backgrounds[%d] too (pull and background names must be unique)",
                            pull->name, j);
    CFG_TRY(cfg_enum(ctx, item, sub, "target", cfg_pull_target_names, &target));
    pull->target = (cevns_pull_target)target;
    CFG_TRY(cfg_bool(ctx, item, sub, "free", &pull->free));
    if (!pull->free && !cfg_has(item, "sigma"))
        return cfg_fail(ctx, sub, "sigma", "required key is missing (or set free to true)");
    CFG_TRY(cfg_number(ctx, item, sub, "sigma", CFG_POSITIVE, &pull->sigma));
    if (pull->target == CEVNS_PULL_BACKGROUND && data->background.type == CEVNS_BKG_NONE)
        return cfg_fail(ctx, sub, "target",
                        "\"background\" needs a background (experiment.data.background.type is \"none\")");
    return CEVNS_OK;
}

static cevns_status read_pulls(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_data_config *data) {
    const cJSON *arr;
    int count = 0;
    CFG_TRY(cfg_array(ctx, obj, path, "pulls", 0, CEVNS_MAX_PULLS, &arr));
    if (!arr) return CEVNS_OK;
    for (const cJSON *item = arr->child; item; item = item->next, count++)
        CFG_TRY(read_pull(ctx, item, path, count, data));
    data->n_pulls = count;
    return CEVNS_OK;
}

cevns_status cfg_read_data(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_data_config *data) {
    CFG_TRY(read_kind(ctx, obj, path, data));
    if (data->kind != CEVNS_DATA_ASIMOV) {
        data->sigma_stat = 0; /* the default for data read from a file */
        CFG_TRY(cfg_string(ctx, obj, path, "file", data->file, sizeof data->file));
        CFG_TRY(read_columns(ctx, obj, path, data));
    }
    CFG_TRY(cfg_number(ctx, obj, path, "scale", CFG_POSITIVE, &data->scale));
    CFG_TRY(cfg_bool(ctx, obj, path, "sigma_stat", &data->sigma_stat));
    CFG_TRY(cfg_number(ctx, obj, path, "sigma_frac", CFG_NONNEGATIVE, &data->sigma_frac));
    CFG_TRY(read_background(ctx, obj, path, data));
    CFG_TRY(read_backgrounds(ctx, obj, path, data));
    CFG_TRY(read_pulls(ctx, obj, path, data));
    /* every component is a pull of the one linear solve (kernels/common/chi2.h) */
    if (data->n_pulls + data->n_backgrounds > CEVNS_MAX_PULLS)
        return cfg_fail(ctx, path, "backgrounds",
                        "%d pulls and %d background components make %d pull terms, at most %d are allowed",
                        data->n_pulls, data->n_backgrounds, data->n_pulls + data->n_backgrounds, CEVNS_MAX_PULLS);
    return CEVNS_OK;
}
