/* config_top.c - the tables of the top level and of "experiment", and the checks
 * that need more than one section (cfg_check_experiment, the top level's check,
 * run after everything is read). */
#include <stddef.h>
#include <stdio.h>

#include "config/config_schema.h"

#define F(field) offsetof(cevns_config, field)

/* With bins beyond energy (experiment.detector.time, .psd) a bin is no range of the observable (the
 * data set sees bin numbers as its edges, src/experiment/bin_layout.c): shapes given in the
 * observable alone, and a flat level per unit of it, would be spread over bin numbers. */
static cevns_status check_observable_shapes(const cfg_ctx *ctx, const cevns_config *cfg) {
    const cevns_data_config *data = &cfg->data;
    const char *axis = cfg->detector.time.n_bins > 0 ? "experiment.detector.time" : "experiment.detector.psd";
    if (cfg->detector.time.n_bins == 0 && cfg->detector.psd.n_bins == 0) return CEVNS_OK;
    if (data->background.type == CEVNS_BKG_FLAT && data->background.per_unit_kg_day > 0.0)
        return cfg_fail(ctx, "experiment.data.background", "per_unit_kg_day",
                        "a level per unit of the observable needs energy bins alone, but %s is set (allowed: "
                        "per_bin, or a component \"events\", \"pdf\" or \"template\")", axis);
    for (int k = 0; k < data->n_backgrounds; k++) {
        cevns_background_shape shape = data->backgrounds[k].shape;
        char sub[48];
        if (shape != CEVNS_SHAPE_FLAT && shape != CEVNS_SHAPE_EXPONENTIAL && shape != CEVNS_SHAPE_GAUSSIAN) continue;
        snprintf(sub, sizeof sub, "experiment.data.backgrounds[%d]", k);
        return cfg_fail(ctx, sub, "shape", "\"%s\" is a shape in the observable alone, but %s is set (allowed with "
                        "bins beyond energy: \"events\", \"pdf\", \"template\", \"column\")",
                        cfg_background_shape_names[shape], axis);
    }
    return CEVNS_OK;
}

/* What needs more than one section: data uncertainties vs the statistic,
 * Asimov-only axes, backgrounds per kg day vs the exposure, time bins vs the source, shapes in
 * the observable vs bins beyond energy, Gaussian components without a width vs the detector
 * resolution. */
cevns_status cfg_check_experiment(const cfg_frame *f) {
    const cfg_ctx *ctx = f->ctx;
    const cevns_config *cfg = f->base;
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
    /* arrival times exist only for a pulsed source */
    if (det->time.n_bins > 0 && cfg->source.type != CEVNS_SOURCE_SNS && cfg->source.type != CEVNS_SOURCE_FLUKA)
        return cfg_fail(ctx, "experiment.detector", "time",
                        "arrival-time bins need a pulsed source (experiment.source.type \"sns\" or \"fluka\"), got "
                        "\"%s\"", cfg_source_type_names[cfg->source.type]);
    CFG_TRY(check_observable_shapes(ctx, cfg));
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

/* The scan section only when there is a scan. */
static int has_scan(const void *base) { return ((const cevns_config *)base)->scan.n_axes > 0; }

static const cfg_row experiment_rows[] = {
    {"source", CFG_OBJECT, F(source), .required = CFG_ALL, .schema = &cfg_source_schema,
     .doc = "the neutrino source (below)"},
    {"target", CFG_OBJECT, 0, .required = CFG_ALL, .schema = &cfg_target_schema, .doc = "the target (below)"},
    {"detector", CFG_OBJECT, F(detector), .required = CFG_ALL, .schema = &cfg_detector_schema,
     .doc = "the detector (below)"},
    {"data", CFG_OBJECT, F(data), .schema = &cfg_data_schema, .def_doc = "`{\"observed\": \"asimov\"}`",
     .doc = "what the prediction is compared with (below)"},
};
const cfg_schema cfg_experiment_schema = {CFG_ROWS(experiment_rows), .selector = CFG_NO_SELECTOR};

/* A joint config writes "experiments" instead of "experiment". */
static int is_joint(const void *base) { return ((const cevns_config *)base)->n_experiments > 0; }
static int not_joint(const void *base) { return !is_joint(base); }

/* "experiment" or "experiments", one of them. */
static const char *const experiment_alternatives[] = {"experiment", NULL};
static const cfg_alternative experiment_or_experiments = {
    .alone = "experiments", .keys = experiment_alternatives, .n_required = 1,
    .give = "a joint config lists its experiments in \"experiments\"", .missing = " (or give \"experiments\")"};

static const cfg_row config_rows[] = {
    {"name", CFG_STRING, F(name), .size = sizeof(((cevns_config *)0)->name), .def_text = "cevns",
     .def_doc = "the config file name without directory and extension (`configs/csi.json` → `csi`)",
     .doc = "experiment name used in outputs"},
    {"data_dir", CFG_STRING, F(data_dir), .size = sizeof(((cevns_config *)0)->data_dir), .def_text = "./data",
     .unit = "path",
     .def_doc = "the caller's default (the `cevns` command passes `$CEVNS_DATA_DIR` when set), else the first "
                "of `<config directory>/../data` and the caller's fallbacks that holds the built-in tables "
                "(\"Paths\" above)",
     .doc = "the folder of the built-in tables (masses, abundances, fluxes); a file a config names is looked "
            "up there after the config's folder (taken as written, relative to the working directory)"},
    {"experiment", CFG_OBJECT, 0, .schema = &cfg_experiment_schema, .written = not_joint,
     .def_doc = "— (required unless `experiments` is given)", .doc = "source, target, detector and data (below)"},
    {"model", CFG_OBJECT, F(model), .schema = &cfg_model_schema, .doc = "the physics model (below)"},
    {"quadrature", CFG_OBJECT, F(quadrature), .schema = &cfg_quadrature_schema, .doc = "integration settings (below)"},
    {"scan", CFG_OBJECT, F(scan), .schema = &cfg_scan_schema, .written = has_scan,
     .def_doc = "none (no scan: `n_axes` = 0)", .doc = "the parameter grid and the statistic (below)"},
    {"output", CFG_OBJECT, F(output), .schema = &cfg_output_schema, .doc = "the run folder (below)"},
    {"experiments", CFG_CUSTOM, F(experiments), .max = CEVNS_MAX_EXPERIMENTS, .read = cfg_read_experiments,
     .write = cfg_write_experiments, .written = is_joint, .type_doc = "array of objects",
     .def_doc = "none (one experiment: `experiment`)",
     .allowed_doc = "each `{\"name\": ..., \"experiment\": {...}}` (inline) or `{\"config\": "
                    "PATH}` with an optional `name` (the experiment section of that config, PATH relative to this "
                    "config's directory)",
     .doc = "a joint fit: several experiments, each with its own data, backgrounds and pulls, under this config's "
            "model, quadrature and scan; the statistic is the sum, pulls with the same name are shared "
            "(docs/scan.md, \"Joint fits\"); instead of `experiment`"},
};

const cfg_schema cfg_config_schema = {CFG_ROWS(config_rows), .selector = CFG_NO_SELECTOR,
                                      .alternative = &experiment_or_experiments, .check = cfg_check_experiment};
