/* config_data.c - the tables of experiment.data: what is observed (Asimov data
 * made by the scan from the prediction, or counts per bin read from a file), the
 * uncertainties of the observed counts, the background, the background
 * components and the pulls.  "observed" decides whether "file" and "columns" are
 * allowed and which columns; the background "type" and a component's "shape"
 * decide their keys.  Rules across keys: a flat background level given once,
 * file columns used once, unique component and pull names, a prior width unless
 * free, at most CEVNS_MAX_PULLS pull terms. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config_schema.h"

#define F(field) offsetof(cevns_data_config, field)
#define ASIMOV CFG_IN(CEVNS_DATA_ASIMOV)
#define BINNED CFG_IN(CEVNS_DATA_BINNED)
#define ON_OFF CFG_IN(CEVNS_DATA_ON_OFF)
#define EVENTS_DATA CFG_IN(CEVNS_DATA_EVENTS)
#define TEMPLATE_DATA CFG_IN(CEVNS_DATA_TEMPLATE)
#define WITH_COLUMNS (BINNED | ON_OFF)
#define FROM_FILE (BINNED | ON_OFF | EVENTS_DATA | TEMPLATE_DATA)

static const char *const asimov_note =
    "Asimov data are made from the prediction; set observed to \"binned\" or \"on_off\" to read counts from a file";

/* ---------------------------------------------------------------- columns */
/* The columns follow data's "observed" (their schema, after data's rows). */
static const cfg_schema columns_schema;


static const cfg_row column_rows[] = {
    {"observed", CFG_INT, F(col_observed), .in = BINNED, .required = BINNED, .flags = CFG_COLUMN, .min = 1,
     .max = CFG_MAX_COLUMN, .doc = "the observed counts"},
    {"error", CFG_INT, F(col_error), .in = BINNED, .flags = CFG_COLUMN, .min = 0, .max = CFG_MAX_COLUMN,
     .def_doc = "0 (= no error column)", .doc = "the error of the counts"},
    {"on", CFG_INT, F(col_on), .in = ON_OFF, .required = ON_OFF, .flags = CFG_COLUMN, .min = 1, .max = CFG_MAX_COLUMN,
     .doc = "beam-on counts"},
    {"on_error", CFG_INT, F(col_on_error), .in = ON_OFF, .required = ON_OFF, .flags = CFG_COLUMN, .min = 1,
     .max = CFG_MAX_COLUMN, .doc = "error of the beam-on counts"},
    {"off", CFG_INT, F(col_off), .in = ON_OFF, .required = ON_OFF, .flags = CFG_COLUMN, .min = 1,
     .max = CFG_MAX_COLUMN, .doc = "beam-off counts (same exposure)"},
    {"off_error", CFG_INT, F(col_off_error), .in = ON_OFF, .required = ON_OFF, .flags = CFG_COLUMN, .min = 1,
     .max = CFG_MAX_COLUMN, .doc = "error of the beam-off counts"},
};

/* A background column must not be one of the data columns. */
static cevns_status check_background_column(const cfg_frame *f, const cevns_data_config *data, int column) {
    for (size_t i = 0; i < sizeof column_rows / sizeof column_rows[0]; i++)
        if (cfg_int_value(data, column_rows[i].offset) > 0 && cfg_int_value(data, column_rows[i].offset) == column)
            return cfg_fail(f->ctx, f->path, "column", "must differ from columns.%s (column %d)", column_rows[i].key,
                            column);
    return CEVNS_OK;
}

/* "column" backgrounds read the columns of a binned data file. */
static cevns_status check_data_file(const cfg_frame *f, const cevns_data_config *data, const char *key) {
    if (data->kind != CEVNS_DATA_BINNED && data->kind != CEVNS_DATA_ON_OFF)
        return cfg_fail(f->ctx, f->path, key,
                        "\"column\" needs a data file with columns (experiment.data.observed \"binned\" or "
                        "\"on_off\"), got observed \"%s\"", cfg_data_kind_names[data->kind]);
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- background */
/* flat: exactly one of per_bin and per_unit_kg_day; column: a free column of the data file. */
static cevns_status check_background(const cfg_frame *f) {
    const cevns_data_config *data = f->base;
    switch (data->background.type) {
    case CEVNS_BKG_NONE: break;
    case CEVNS_BKG_FLAT:
        if (!cfg_has(f->obj, "per_bin") && !cfg_has(f->obj, "per_unit_kg_day"))
            return cfg_fail(f->ctx, f->path, "", "a flat background needs per_bin or per_unit_kg_day (exactly one)");
        if (cfg_has(f->obj, "per_bin") && cfg_has(f->obj, "per_unit_kg_day"))
            return cfg_fail(f->ctx, f->path, "per_unit_kg_day",
                            "not allowed together with per_bin (give exactly one of per_bin, per_unit_kg_day)");
        break;
    case CEVNS_BKG_COLUMN:
        CFG_TRY(check_data_file(f, data, "type"));
        return check_background_column(f, data, data->background.column);
    }
    return CEVNS_OK;
}

/* A flat background is written per kg day when it was given so. */
static int per_bin_written(const void *base) {
    return !(((const cevns_data_config *)base)->background.per_unit_kg_day > 0.0);
}

#define FLAT_BKG CFG_IN(CEVNS_BKG_FLAT)
#define COLUMN_BKG CFG_IN(CEVNS_BKG_COLUMN)
static const cfg_row background_rows[] = {
    {"type", CFG_ENUM, F(background.type), .names = cfg_background_type_names, .def = CEVNS_BKG_NONE,
     .doc = "the kind of background"},
    {"per_bin", CFG_NUMBER, F(background.per_bin), .in = FLAT_BKG, .range = CFG_NONNEGATIVE, .unit = "counts per bin",
     .written = per_bin_written, .def_doc = "— (one level)", .doc = "flat level, form 1"},
    {"per_unit_kg_day", CFG_NUMBER, F(background.per_unit_kg_day), .in = FLAT_BKG, .flags = CFG_OMIT_ZERO,
     .range = CFG_NONNEGATIVE, .unit = "counts per observable unit per kg·day", .def_doc = "— (one level)",
     .doc = "flat level, form 2: multiplied by the bin width and the exposure (needs the exposure in kg·day)"},
    {"column", CFG_INT, F(background.column), .in = COLUMN_BKG, .required = COLUMN_BKG, .min = 1,
     .max = CFG_MAX_COLUMN, .doc = "a column of `file` (not one of the data columns): background counts per bin"},
};
static const cfg_schema background_schema = {CFG_ROWS(background_rows), .selector = 0, .check = check_background};

/* ---------------------------------------------------------------- background components */
/* The prior width of a normalisation is required unless it is free. */
static cevns_status check_prior(const cfg_frame *f, const char *sigma_key, int free) {
    if (!free && !cfg_has(f->obj, sigma_key))
        return cfg_fail(f->ctx, f->path, sigma_key, "required key is missing (or set free to true)");
    return CEVNS_OK;
}

/* The name of element index differs from the names of the first n elements of another list. */
static cevns_status check_unique_name(const cfg_frame *f, const char *name, const char *list, const void *first,
                                      size_t stride, int n, const char *which) {
    for (int j = 0; j < n; j++)
        if (strcmp((const char *)first + (size_t)j * stride, name) == 0)
            return cfg_fail(f->ctx, f->path, "name", "\"%s\" is used by %s[%d] too (%s names must be unique)", name,
                            list, j, which);
    return CEVNS_OK;
}

/* Names unique; a prior width unless free; a column component reads a free column of a data file. */
static cevns_status check_component(const cfg_frame *f) {
    const cevns_data_config *data = f->parent->base;
    const cevns_background_component *comp = f->base;
    CFG_TRY(check_unique_name(f, comp->name, "backgrounds", data->backgrounds[0].name, sizeof *comp, f->index,
                              "background"));
    CFG_TRY(check_prior(f, "sigma_norm", comp->free));
    /* shift_of is checked with the whole list (check_data): later components are not read yet */
    if (comp->shape != CEVNS_SHAPE_COLUMN) return CEVNS_OK;
    CFG_TRY(check_data_file(f, data, "shape"));
    CFG_TRY(check_background_column(f, data, comp->column));
    if (data->background.type == CEVNS_BKG_COLUMN && data->background.column == comp->column)
        return cfg_fail(f->ctx, f->path, "column", "must differ from background.column (column %d)", comp->column);
    for (int j = 0; j < f->index; j++)
        if (data->backgrounds[j].shape == CEVNS_SHAPE_COLUMN && data->backgrounds[j].column == comp->column)
            return cfg_fail(f->ctx, f->path, "column", "must differ from backgrounds[%d].column (column %d)", j,
                            comp->column);
    return CEVNS_OK;
}

#define C(field) offsetof(cevns_background_component, field)
#define FLAT CFG_IN(CEVNS_SHAPE_FLAT)
#define EXPONENTIAL CFG_IN(CEVNS_SHAPE_EXPONENTIAL)
#define GAUSSIAN CFG_IN(CEVNS_SHAPE_GAUSSIAN)
#define COLUMN CFG_IN(CEVNS_SHAPE_COLUMN)
#define EVENTS CFG_IN(CEVNS_SHAPE_EVENTS)
#define PDF CFG_IN(CEVNS_SHAPE_PDF)
#define TEMPLATE CFG_IN(CEVNS_SHAPE_TEMPLATE)
static const cfg_row component_rows[] = {
    {"name", CFG_STRING, C(name), .required = CFG_ALL, .size = sizeof(((cevns_background_component *)0)->name),
     .allowed_doc = "unique among the components and the `pulls`", .doc = "names the component and its pull"},
    {"shape", CFG_ENUM, C(shape), .required = CFG_ALL, .names = cfg_background_shape_names,
     .doc = "the shape of the component; it decides the other keys"},
    {"decay", CFG_NUMBER, C(decay), .in = EXPONENTIAL, .required = EXPONENTIAL, .range = CFG_POSITIVE,
     .unit = "observable", .doc = "e-folding length: f(x) ∝ exp(−x / decay)"},
    {"mean", CFG_NUMBER, C(mean), .in = GAUSSIAN, .required = GAUSSIAN, .range = CFG_ANY, .unit = "observable",
     .doc = "may lie outside the bins (only the part inside is seen)"},
    {"sigma", CFG_NUMBER, C(sigma), .in = GAUSSIAN, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "observable", .def_doc = "the detector resolution at `mean`",
     .doc = "width; leaving it out needs `detector.resolution` `\"gaussian\"`: σ² = sigma0² + sqrt_coeff² · "
            "max(mean, 0) + (frac · mean)²"},
    {"column", CFG_INT, C(column), .in = COLUMN, .required = COLUMN, .min = 1, .max = CFG_MAX_COLUMN,
     .doc = "a column of `file` with counts per bin (× `scale`, ≥ 0), used by no other key; needs a data file"},
    {"amount", CFG_NUMBER, C(amount), .in = FLAT | EXPONENTIAL | GAUSSIAN | PDF,
     .required = FLAT | EXPONENTIAL | GAUSSIAN | PDF, .range = CFG_POSITIVE, .unit = "counts",
     .doc = "expected counts of the component summed over all bins"},
    {"file", CFG_STRING, C(file), .in = EVENTS | TEMPLATE, .required = EVENTS | TEMPLATE,
     .size = sizeof(((cevns_background_component *)0)->file), .unit = "path",
     .doc = "events: an event list like `observed` `\"events\"`'s, binned the same way; template: expected counts, rows "
            "`energy [psd] [time] counts` at the bin centres in bin order"},
    {"energy_file", CFG_STRING, C(file), .in = PDF, .required = PDF,
     .size = sizeof(((cevns_background_component *)0)->file), .unit = "path",
     .doc = "rows `x p(x)` at the centres of equal bins in the observable; each bin edge of `detector.bins` must "
            "fall on one of the PDF's"},
    {"time_file", CFG_STRING, C(time_file), .in = PDF, .required = PDF,
     .size = sizeof(((cevns_background_component *)0)->time_file), .unit = "path",
     .doc = "rows `t [µs] p(t)` likewise for `detector.time.bins_us` (the component is p(x) p(t))"},
    {"flat_in_time", CFG_BOOL, C(flat_in_time), .in = EVENTS,
     .doc = "keep each energy bin's count of the list and spread it over the time bins as a steady rate seen "
            "through `detector.time.efficiency` (random coincidences: a smooth shape from a small sample)"},
    {"scale", CFG_NUMBER, C(scale), .in = EVENTS | TEMPLATE, .range = CFG_POSITIVE, .def = 1.0,
     .doc = "multiplies the counts (e.g. the ratio of the signal window to a background window)"},
    {"shift_of", CFG_STRING, C(shift_of), .flags = CFG_OMIT_ZERO, .size = sizeof(((cevns_background_component *)0)->shift_of),
     .def_doc = "— (a component of its own)",
     .doc = "names another component: this one is then that one's shape systematic (its counts minus that one's, "
            "e.g. a +1σ template), not added to the background; its pull moves along the difference, `sigma_norm` "
            "in units of it (1: the template is 1σ)"},
    {"sigma_norm", CFG_NUMBER, C(sigma_norm), .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE, .unit = "fraction",
     .def_doc = "— (required unless `free`)", .doc = "prior width of the normalisation (0.1 = 10 %)"},
    {"free", CFG_BOOL, C(free), .doc = "a free normalisation (no penalty); `sigma_norm` is then optional and ignored"},
};
static const cfg_schema component_schema = {CFG_ROWS(component_rows), .selector = 1, .check = check_component};

/* ---------------------------------------------------------------- pulls */
static int has_shift(const void *base) { return ((const cevns_pull_config *)base)->has_shift; }

/* Names unique (also against the components, which are pulls too); a prior
 * width unless free; a background pull needs a background. */
static cevns_status check_pull(const cfg_frame *f) {
    const cevns_data_config *data = f->parent->base;
    const cevns_pull_config *pull = f->base;
    CFG_TRY(check_unique_name(f, pull->name, "pulls", data->pulls[0].name, sizeof *pull, f->index, "pull"));
    CFG_TRY(check_unique_name(f, pull->name, "backgrounds", data->backgrounds[0].name, sizeof data->backgrounds[0],
                              data->n_backgrounds, "pull and background"));
    CFG_TRY(check_prior(f, "sigma", pull->free));
    ((cevns_pull_config *)f->base)->has_shift = cfg_has(f->obj, "shift");
    if (pull->has_shift && pull->target != CEVNS_PULL_SIGNAL)
        return cfg_fail(f->ctx, f->path, "shift", "only for target \"signal\" (a background's shape systematic is a "
                                                  "component with shift_of)");
    if (pull->target == CEVNS_PULL_BACKGROUND && data->background.type == CEVNS_BKG_NONE)
        return cfg_fail(f->ctx, f->path, "target",
                        "\"background\" needs a background (experiment.data.background.type is \"none\")");
    return CEVNS_OK;
}

/* A shift changes something, the two templates come together, and only the signal has one. */
static cevns_status check_shift(const cfg_frame *f) {
    const cevns_shape_shift *s = f->base;
    int up = s->template_up[0] != 0, nominal = s->template_nominal[0] != 0;
    if (up != nominal)
        return cfg_fail(f->ctx, f->path, up ? "template_nominal" : "template_up",
                        "required key is missing (template_up and template_nominal come together)");
    if (!s->n_quench && !s->n_efficiency && !(s->light_yield_pe_per_keVee > 0.0) && s->timing_offset_us == 0.0 &&
        !(s->neutron_radius_fm > 0.0) && !up)
        return cfg_fail(f->ctx, f->path, "", "a shift changes nothing: give quenching_coefficients_MeV, "
                                             "efficiency_sigmoid, light_yield_PE_per_keVee, timing_offset_us, "
                                             "neutron_radius_fm or template_up + template_nominal");
    if (s->n_efficiency != 0 && s->n_efficiency != 4)
        return cfg_fail(f->ctx, f->path, "efficiency_sigmoid", "4 numbers (a, b, c, d), got %d", s->n_efficiency);
    return CEVNS_OK;
}

#define S(field) offsetof(cevns_shape_shift, field)
static const cfg_row shift_rows[] = {
    {"quenching_coefficients_MeV", CFG_NUMBERS, S(quench_coeffs_MeV), .flags = CFG_OMIT_ZERO, .range = CFG_ANY,
     .min = 1, .max = CEVNS_MAX_COEFFS, .count_offset = S(n_quench), .def_doc = "— (unchanged)",
     .doc = "the polynomial quenching's coefficients, shifted (needs `detector.quenching` `\"polynomial\"`)"},
    {"efficiency_sigmoid", CFG_NUMBERS, S(efficiency), .flags = CFG_OMIT_ZERO, .range = CFG_ANY, .min = 4, .max = 4,
     .count_offset = S(n_efficiency), .def_doc = "— (unchanged)",
     .doc = "a, b, c, d of the sigmoid efficiency, shifted (needs `detector.efficiency` `\"sigmoid\"`)"},
    {"light_yield_PE_per_keVee", CFG_NUMBER, S(light_yield_pe_per_keVee), .flags = CFG_OMIT_ZERO,
     .range = CFG_POSITIVE, .unit = "PE/keV_ee", .def_doc = "— (unchanged)", .doc = "the light yield, shifted"},
    {"timing_offset_us", CFG_NUMBER, S(timing_offset_us), .flags = CFG_OMIT_ZERO, .range = CFG_ANY, .unit = "µs",
     .def_doc = "0", .doc = "added to `source.timing.offset_us`"},
    {"neutron_radius_fm", CFG_NUMBER, S(neutron_radius_fm), .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "fm", .def_doc = "— (unchanged)", .doc = "the neutron rms radius (the form factor's), shifted"},
    {"template_up", CFG_STRING, S(template_up), .flags = CFG_OMIT_ZERO, .size = sizeof(((cevns_shape_shift *)0)->template_up),
     .unit = "path", .def_doc = "—",
     .doc = "the signal's shifted template (rows at the bin centres, like a `template` component): the relative "
            "change is up / nominal − 1 per bin"},
    {"template_nominal", CFG_STRING, S(template_nominal), .flags = CFG_OMIT_ZERO,
     .size = sizeof(((cevns_shape_shift *)0)->template_nominal), .unit = "path", .def_doc = "—",
     .doc = "its nominal template"},
};
static const cfg_schema shift_schema = {CFG_ROWS(shift_rows), .selector = CFG_NO_SELECTOR, .check = check_shift};

#define P(field) offsetof(cevns_pull_config, field)
static const cfg_row pull_rows[] = {
    {"name", CFG_STRING, P(name), .required = CFG_ALL, .size = sizeof(((cevns_pull_config *)0)->name),
     .allowed_doc = "unique among the pulls and the `backgrounds` components", .doc = "names the pull"},
    {"target", CFG_ENUM, P(target), .names = cfg_pull_target_names, .def = CEVNS_PULL_SIGNAL,
     .allowed_doc = "`\"background\"` needs a `background` type other than `\"none\"`",
     .doc = "what the pull rescales: the signal R^i or the background B^i of `background`"},
    {"sigma", CFG_NUMBER, P(sigma), .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE, .unit = "fraction",
     .def_doc = "— (required unless `free`)", .doc = "the prior width (0.1 = 10 %)"},
    {"free", CFG_BOOL, P(free), .doc = "no penalty term (a free normalisation); `sigma` is then optional and ignored"},
    {"shift", CFG_OBJECT, P(shift), .schema = &shift_schema, .written = has_shift, .def_doc = "— (a normalisation)",
     .doc = "a shape systematic of the signal instead of its normalisation: the prediction with these changes "
            "is the pull at +1 (interpolated linearly; `sigma` 1 for a 1σ shift) (below)"},
};
static const cfg_schema pull_schema = {CFG_ROWS(pull_rows), .selector = CFG_NO_SELECTOR, .check = check_pull};

/* ---------------------------------------------------------------- data */
/* backgrounds[k].shift_of names another component that is not a shift itself.  Checked once the
 * list is read: while one element is read, n_backgrounds is still 0 and later elements are empty. */
static cevns_status check_shift_of(const cfg_frame *f, const cevns_data_config *data, int k) {
    const char *target = data->backgrounds[k].shift_of;
    char sub[CFG_PATH_MAX + 32];
    int j;
    if (!target[0]) return CEVNS_OK;
    for (j = 0; j < data->n_backgrounds; j++)
        if (j != k && strcmp(data->backgrounds[j].name, target) == 0) break;
    snprintf(sub, sizeof sub, "%s.backgrounds[%d]", f->path, k);
    if (j == data->n_backgrounds)
        return cfg_fail(f->ctx, sub, "shift_of", "\"%s\" is not the name of another component", target);
    if (data->backgrounds[j].shift_of[0])
        return cfg_fail(f->ctx, sub, "shift_of", "\"%s\" is itself a shape systematic (shift_of \"%s\"); allowed: a "
                        "component without shift_of", target, data->backgrounds[j].shift_of);
    return CEVNS_OK;
}

/* Every component is a pull of the one linear solve (kernels/common/chi2.h). */
static cevns_status check_data(const cfg_frame *f) {
    const cevns_data_config *data = f->base;
    if (data->n_pulls + data->n_backgrounds > CEVNS_MAX_PULLS)
        return cfg_fail(f->ctx, f->path, "backgrounds",
                        "%d pulls and %d background components make %d pull terms, at most %d are allowed",
                        data->n_pulls, data->n_backgrounds, data->n_pulls + data->n_backgrounds, CEVNS_MAX_PULLS);
    for (int k = 0; k < data->n_backgrounds; k++) CFG_TRY(check_shift_of(f, data, k));
    return CEVNS_OK;
}

static const cfg_row data_rows[] = {
    {"observed", CFG_ENUM, F(kind), .names = cfg_data_kind_names, .def = CEVNS_DATA_ASIMOV,
     .doc = "`\"asimov\"`: made from the prediction at the reference model; `\"binned\"`: one count and error per "
            "bin; `\"on_off\"`: beam-on and beam-off counts per bin; `\"events\"`: an event list (columns: the "
            "observable, then the arrival time in µs when `detector.time` is set), binned here; `\"template\"`: "
            "counts per bin, rows `energy [psd] [time] counts` at the bin centres"},
    {"file", CFG_STRING, F(file), .in = FROM_FILE, .required = FROM_FILE,
     .size = sizeof(((cevns_data_config *)0)->file), .unit = "path", .off_note = asimov_note,
     .def_doc = "— (required unless `\"asimov\"`)", .allowed_doc = "not with `\"asimov\"`",
     .doc = "binned, on_off: a numeric table with one row per bin of `detector.bins`, in bin order; events: the "
            "event list; template: the counts at the bin centres"},
    {"columns", CFG_OBJECT, 0, .in = WITH_COLUMNS, .required = WITH_COLUMNS, .schema = &columns_schema,
     .off_note = asimov_note,
     .def_doc = "— (required for `\"binned\"` and `\"on_off\"`)", .allowed_doc = "only with `\"binned\"` and `\"on_off\"`",
     .doc = "the columns of `file` (below)"},
    {"scale", CFG_NUMBER, F(scale), .range = CFG_POSITIVE, .def = 1.0,
     .doc = "multiplies the observed counts, their errors and the backgrounds read from the file"},
    {"sigma_stat", CFG_BOOL, F(sigma_stat), .def = 1, .alt_in = WITH_COLUMNS, .alt_def = 0,
     .def_doc = "`false` for `\"binned\"` and `\"on_off\"`, `true` otherwise",
     .doc = "adds √R_obs (statistical error) in quadrature to the error of each bin"},
    {"sigma_frac", CFG_NUMBER, F(sigma_frac), .range = CFG_NONNEGATIVE, .unit = "fraction",
     .doc = "adds sigma_frac · R_obs in quadrature to the error of each bin (seed 002: 0.1 realistic, 0.01 "
            "optimistic)"},
    {"background", CFG_OBJECT, 0, .schema = &background_schema, .def_doc = "`{\"type\": \"none\"}`",
     .doc = "the background (below)"},
    {"backgrounds", CFG_OBJECTS, F(backgrounds), .min = 0, .max = CEVNS_MAX_BACKGROUNDS,
     .size = sizeof(cevns_background_component), .count_offset = F(n_backgrounds), .schema = &component_schema,
     .doc = "background components, each with its own normalisation pull (below); added to `background`"},
    {"pulls", CFG_OBJECTS, F(pulls), .min = 0, .max = CEVNS_MAX_PULLS, .size = sizeof(cevns_pull_config),
     .count_offset = F(n_pulls), .schema = &pull_schema,
     .allowed_doc = "`pulls` and `backgrounds` together at most 12 entries", .doc = "nuisance parameters (below)"},
};

static const cfg_schema columns_schema = {CFG_ROWS(column_rows), .selector = CFG_NO_SELECTOR,
                                          .parent_selector = &data_rows[0]};
const cfg_schema cfg_data_schema = {CFG_ROWS(data_rows), .selector = 0, .check = check_data};
