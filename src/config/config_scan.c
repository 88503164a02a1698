/* config_scan.c - the tables of "scan": the grid of model parameters (the axes),
 * the statistic, the confidence levels and the engine.  An axis's name is a
 * custom read (fixed names and eps_<ab>_<q>); the allowed values of its lo, hi
 * and values depend on it.  Rules across keys: lo, hi, n (+ spacing) or values;
 * no two axes set the same parameter; at least one axis shown; at most 1e9
 * points; confidence levels increasing. */
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config_schema.h"

#define CFG_MAX_SCAN_POINTS 1e9
#define CFG_MAX_THREADS 4096

/* The axis kinds, indexed by cevns_axis_kind: the allowed values of the axis,
 * their unit and what they set (docs/config.md, cfg_doc_axis_names). */
typedef struct {
    cfg_range range;
    const char *unit, *doc;
} axis_kind;
static const axis_kind axis_kinds[] = {
    {CFG_NONNEGATIVE, "μ_B", "magnetic moment of all flavours (`model.mu_nu`)"},
    {CFG_NONNEGATIVE, "μ_B", "magnetic moment of ν_e"},
    {CFG_NONNEGATIVE, "μ_B", "magnetic moment of ν_μ"},
    {CFG_NONNEGATIVE, "μ_B", "magnetic moment of ν_τ"},
    {CFG_NONNEGATIVE, "MeV", "sterile-neutrino mass (`model.m4_MeV`)"},
    {CFG_UNIT_OPEN, "", "weak mixing angle (`model.sin2_theta_w`)"},
    {CFG_POSITIVE, "fm", "neutron rms radius (`model.form_factor.neutron_radius_fm`)"},
    {CFG_NONNEGATIVE, "", "overall signal scale (`model.normalisation`)"},
    {CFG_POSITIVE, "",
     "multiplies signal, background and the Asimov data; only with `experiment.data.observed` `\"asimov\"`"},
    {CFG_ANY, "", "vector NSI ε^u_ab (and ε_ba: ε is symmetric)"},
    {CFG_ANY, "", "vector NSI ε^d_ab (and ε_ba)"},
    {CFG_NONNEGATIVE, "", "Z′ coupling g (`model.zprime.g`)"},
    {CFG_NONNEGATIVE, "MeV", "Z′ mass (`model.zprime.mass_MeV`); not separable: one basis per value"},
    {CFG_NONNEGATIVE, "", "scalar coupling g (`model.scalar.g`)"},
    {CFG_NONNEGATIVE, "MeV", "scalar mass (`model.scalar.mass_MeV`); not separable: one basis per value"},
    {CFG_ANY, "cm²", "neutrino charge radius ⟨r²⟩_ab (and _ba; `model.charge_radius_cm2`)"},
    {CFG_ANY, "e", "neutrino charge q_ab (and _ba; `model.millicharge`)"},
};
_Static_assert(sizeof axis_kinds / sizeof axis_kinds[0] == CEVNS_N_AXIS_KINDS, "one entry per axis kind");

static cfg_range axis_range(const cfg_frame *f) { return axis_kinds[((const cevns_axis_config *)f->base)->kind].range; }

void cfg_doc_axis_names(FILE *out) {
    fputs("| name | unit | allowed | parameter |\n|---|---|---|---|\n", out);
    for (int k = 0; k < CEVNS_N_AXIS_KINDS; k++) {
        char allowed[96];
        cfg_describe_range(allowed, sizeof allowed, axis_kinds[k].range, 1);
        fprintf(out, "| `%s` | %s | %s | %s |\n", cfg_axis_names[k], axis_kinds[k].unit, allowed, axis_kinds[k].doc);
    }
}

/* The model parameters an axis sets, as bits: 0-2 the magnetic moment per flavour,
 * 3-7 m4 .. exposure_scale, then 9 bits per flavour matrix (entry a <= b, since each is
 * symmetric): eps_u from 8, eps_d from 17, the charge radii from 26 and the millicharges
 * from 35; the mediators' couplings and masses 44-47.  Two axes may not share a bit. */
static uint64_t axis_coverage(const cevns_axis_config *axis) {
    int a = axis->eps_index / 3, b = axis->eps_index % 3;
    int entry = a < b ? a * 3 + b : b * 3 + a;
    switch (axis->kind) {
    case CEVNS_AXIS_MU_NU: return 7u;
    case CEVNS_AXIS_MU_NU_E: return 1u;
    case CEVNS_AXIS_MU_NU_MU: return 2u;
    case CEVNS_AXIS_MU_NU_TAU: return 4u;
    case CEVNS_AXIS_EPS_U: return (uint64_t)1 << (8 + entry);
    case CEVNS_AXIS_EPS_D: return (uint64_t)1 << (17 + entry);
    case CEVNS_AXIS_R2: return (uint64_t)1 << (26 + entry);
    case CEVNS_AXIS_QNU: return (uint64_t)1 << (35 + entry);
    case CEVNS_AXIS_ZP_G:
    case CEVNS_AXIS_ZP_MASS:
    case CEVNS_AXIS_SC_G:
    case CEVNS_AXIS_SC_MASS: return (uint64_t)1 << (44 + (axis->kind - CEVNS_AXIS_ZP_G));
    default: return (uint64_t)1 << (3 + (axis->kind - CEVNS_AXIS_M4));
    }
}

/* Kind (and NSI entry) of an axis name; 0 when unknown. */
static int parse_axis_name(const char *name, cevns_axis_config *axis) {
    static const struct {
        const char *prefix;
        cevns_axis_kind kind;
    } pairs[] = {{"charge_radius_", CEVNS_AXIS_R2}, {"millicharge_", CEVNS_AXIS_QNU}};
    int a, b;
    char quark;
    for (int k = 0; cfg_axis_names[k]; k++)
        if (!strchr(cfg_axis_names[k], '<') && strcmp(cfg_axis_names[k], name) == 0) {
            axis->kind = (cevns_axis_kind)k;
            axis->eps_index = 0;
            return 1;
        }
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        size_t n = strlen(pairs[i].prefix);
        const char *rest = strncmp(name, pairs[i].prefix, n) == 0 ? cfg_parse_flavour_pair(name + n, &a, &b) : NULL;
        if (rest && !*rest) {
            axis->kind = pairs[i].kind;
            axis->eps_index = a * 3 + b;
            return 1;
        }
    }
    if (strncmp(name, "eps_", 4) != 0 || !cfg_parse_nsi_key(name + 4, &a, &b, &quark)) return 0;
    axis->kind = quark == 'u' ? CEVNS_AXIS_EPS_U : CEVNS_AXIS_EPS_D;
    axis->eps_index = a * 3 + b;
    return 1;
}

/* "name": a known axis that sets no parameter of the axes before it. */
static cevns_status read_axis_name(const cfg_frame *f, const cfg_row *row) {
    const cevns_scan_config *scan = f->parent->base;
    cevns_axis_config *axis = f->base;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(f->obj, row->key);
    if (cJSON_IsString(item) && item->valuestring[0] && !parse_axis_name(item->valuestring, axis)) {
        char list[512];
        size_t used = 0;
        for (int k = 0; cfg_axis_names[k] && used < sizeof list; k++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s\"%s\"", k ? ", " : "", cfg_axis_names[k]);
        return cfg_fail(f->ctx, f->path, row->key,
                        "must be one of %s (<ab>: a flavour pair, a, b in e, mu, tau, e.g. eps_ee_u, eps_emu_d, "
                        "charge_radius_mumu), got \"%.64s\"",
                        list, item->valuestring);
    }
    CFG_TRY(cfg_read_value(f, row, axis->name, NULL));
    for (int j = 0; j < f->index; j++)
        if (axis_coverage(&scan->axes[j]) & axis_coverage(axis))
            return cfg_fail(f->ctx, f->path, row->key, "\"%s\" sets the same parameter as axes[%d] (\"%s\")",
                            axis->name, j, scan->axes[j].name);
    return CEVNS_OK;
}

/* values[] of a linear or log axis: value 0 is lo, value n-1 is hi exactly. */
static cevns_status fill_grid(const cfg_frame *f, cevns_axis_config *axis) {
    double lo = axis->lo, hi = axis->hi;
    int n = axis->n;
    if (!isfinite(hi - lo))
        return cfg_fail(f->ctx, f->path, "hi", "hi - lo must be finite, got lo = %g, hi = %g", lo, hi);
    axis->values[0] = lo;
    for (int i = 1; i < n - 1; i++)
        axis->values[i] = axis->spacing == CEVNS_SPACING_LOG ? exp(log(lo) + (log(hi) - log(lo)) * i / (n - 1))
                                                             : lo + (hi - lo) * i / (n - 1);
    if (n > 1) axis->values[n - 1] = hi;
    for (int i = 1; i < n; i++)
        if (!(axis->values[i] > axis->values[i - 1]))
            return cfg_fail(f->ctx, f->path, "n",
                            "too many values for lo = %g, hi = %g (neighbouring values would coincide), got %d", lo, hi,
                            n);
    return CEVNS_OK;
}

/* A list: increasing values, lo and hi the first and last.  A range: lo > 0 for
 * log spacing, hi above lo, the values in between. */
static cevns_status check_axis(const cfg_frame *f) {
    cevns_axis_config *axis = f->base;
    if (cfg_has(f->obj, "values")) {
        CFG_TRY(cfg_check_increasing(f->ctx, f->path, "values", "values", axis->values, axis->n, 10));
        axis->spacing = CEVNS_SPACING_LIST;
        axis->lo = axis->values[0];
        axis->hi = axis->values[axis->n - 1];
        return CEVNS_OK;
    }
    if (axis->spacing == CEVNS_SPACING_LOG && !(axis->lo > 0.0))
        return cfg_fail(f->ctx, f->path, "lo", "must be > 0 for log spacing, got %g", axis->lo);
    if (axis->n > 1 && !(axis->hi > axis->lo))
        return cfg_fail(f->ctx, f->path, "hi", "must be > lo (%g) when n > 1, got %g", axis->lo, axis->hi);
    if (!(axis->hi >= axis->lo))
        return cfg_fail(f->ctx, f->path, "hi", "must be >= lo (%g), got %g", axis->lo, axis->hi);
    return fill_grid(f, axis);
}

/* Which form an axis is written in: as given. */
static int axis_is_list(const void *base) { return ((const cevns_axis_config *)base)->spacing == CEVNS_SPACING_LIST; }
static int axis_is_range(const void *base) { return !axis_is_list(base); }

#define A(field) offsetof(cevns_axis_config, field)
static const cfg_row axis_rows[] = {
    {"name", CFG_STRING, A(name), .required = CFG_ALL, .size = sizeof(((cevns_axis_config *)0)->name),
     .read = read_axis_name, .allowed_doc = "an axis name, below", .doc = "the model parameter the axis sets"},
    {"lo", CFG_NUMBER, A(lo), .range_of = axis_range, .written = axis_is_range, .unit = "of the axis",
     .def_doc = "— (required for a range)", .allowed_doc = "in the range of the axis (below)",
     .doc = "first value of a range"},
    {"hi", CFG_NUMBER, A(hi), .range_of = axis_range, .written = axis_is_range, .unit = "of the axis",
     .def_doc = "— (required for a range)",
     .allowed_doc = "≥ `lo`; > `lo` when `n` > 1; in the range of the axis", .doc = "last value of a range"},
    {"n", CFG_INT, A(n), .min = 1, .max = CEVNS_MAX_AXIS_VALUES, .written = axis_is_range,
     .def_doc = "— (required for a range)", .doc = "number of values"},
    {"spacing", CFG_ENUM, A(spacing), .names = cfg_spacing_names, .def = CEVNS_SPACING_LINEAR, .written = axis_is_range,
     .doc = "`\"linear\"`: value i = lo + (hi − lo) · i / (n − 1); `\"log\"`: geometric from lo to hi, needs "
            "`lo` > 0. "
            "The first value is `lo`, the last exactly `hi`; `n` = 1 gives `lo`"},
    {"values", CFG_NUMBERS, A(values), .min = 1, .max = CEVNS_MAX_AXIS_VALUES, .count_offset = A(n),
     .range_of = axis_range, .written = axis_is_list, .def_doc = "— (instead of `lo`, `hi`, `n`, `spacing`)",
     .allowed_doc = "strictly increasing, each in the range of the axis", .doc = "the values of a list"},
    {"profile", CFG_BOOL, A(profile),
     .doc = "minimise over this axis (the result is projected onto the other axes)"},
};
static const char *const axis_range_keys[] = {"lo", "hi", "n", "spacing", NULL};
static const cfg_alternative axis_forms = {0, "values", axis_range_keys, 3, "give lo, hi, n or values",
                                           " (or give values)"};
static const cfg_schema axis_schema = {CFG_ROWS(axis_rows), .selector = CFG_NO_SELECTOR, .alternative = &axis_forms,
                                       .check = check_axis};

/* ---------------------------------------------------------------- scan */
/* At least one axis shown, at most 1e9 points in all; confidence levels increasing. */
static cevns_status check_scan(const cfg_frame *f) {
    const cevns_scan_config *scan = f->base;
    double points = 1.0;
    int shown = 0;
    for (int i = 0; i < scan->n_axes; i++) {
        points *= scan->axes[i].n;
        shown += !scan->axes[i].profile;
    }
    if (shown == 0)
        return cfg_fail(f->ctx, f->path, "axes",
                        "every axis is profiled: at least one must have profile false (the axes shown)");
    if (points > CFG_MAX_SCAN_POINTS)
        return cfg_fail(f->ctx, f->path, "axes",
                        "the grid must have at most %g points (the product of the axes' n), got %.0f",
                        CFG_MAX_SCAN_POINTS, points);
    return cfg_check_increasing(f->ctx, f->path, "cl", "confidence levels", scan->cl, scan->n_cl, 6);
}

/* ---------------------------------------------------------------- feldman_cousins */
/* Present: the construction is on; the seed an integer (below 2^52, so that the one written
 * to config.json reads back the same: CEVNS_FC_MAX_SEED). */
static cevns_status check_fc(const cfg_frame *f) {
    cevns_fc_config *fc = f->base;
    fc->enabled = 1;
    if (fc->seed != floor(fc->seed))
        return cfg_fail(f->ctx, f->path, "seed", "must be an integer in [0, %.0f], got %.17g", CEVNS_FC_MAX_SEED,
                        fc->seed);
    return CEVNS_OK;
}

static cfg_range seed_range(const cfg_frame *f) {
    cfg_range r = {0.0, CEVNS_FC_MAX_SEED, 0, 0};
    (void)f;
    return r;
}

#define FC(field) offsetof(cevns_fc_config, field)
static const cfg_row fc_rows[] = {
    {"toys", CFG_INT, FC(toys), .min = 1, .max = CEVNS_FC_MAX_TOYS, .def = 1000,
     .doc = "toy experiments per map point; the critical value's Monte Carlo error falls as 1/√toys (docs/scan.md)"},
    {"seed", CFG_NUMBER, FC(seed), .range_of = seed_range, .def = 1, .type_doc = "integer",
     .allowed_doc = "an integer in [0, 2^52 − 1] = [0, 4503599627370495]",
     .doc = "the key of the toys' random streams: the same seed gives the same toys on every engine, thread "
            "count, batch size and MPI rank count"},
};
static const cfg_schema fc_schema = {CFG_ROWS(fc_rows), .selector = CFG_NO_SELECTOR, .check = check_fc};

static int fc_enabled(const void *base) { return ((const cevns_scan_config *)base)->fc.enabled; }

#define S(field) offsetof(cevns_scan_config, field)
static const cfg_row scan_rows[] = {
    {"axes", CFG_OBJECTS, S(axes), .required = CFG_ALL, .min = 1, .max = CEVNS_MAX_AXES,
     .size = sizeof(cevns_axis_config), .count_offset = S(n_axes), .schema = &axis_schema,
     .doc = "the parameters scanned (below)"},
    {"statistic", CFG_ENUM, S(statistic), .names = cfg_statistic_names, .def = CEVNS_STAT_CHI2,
     .doc = "`\"chi2\"`: pull χ²; `\"poisson\"`: Baker–Cousins −2 ln L with the same pulls"},
    {"cl", CFG_NUMBERS, S(cl), .range = CFG_UNIT_OPEN, .min = 1, .max = CEVNS_MAX_CL, .count_offset = S(n_cl),
     .def = 0.9, .def_count = 1, .allowed_doc = "strictly increasing", .doc = "confidence levels"},
    {"dof", CFG_INT, S(dof), .min = 0, .max = CEVNS_MAX_AXES, .def_doc = "0 (= the number of axes not profiled)",
     .doc = "degrees of freedom of the Δχ² thresholds"},
    {"engine", CFG_STRING, S(engine), .size = sizeof(((cevns_scan_config *)0)->engine), .names = cfg_engine_names,
     .def_text = "auto", .doc = "`\"auto\"`: the fastest available"},
    {"threads", CFG_INT, S(threads), .min = 0, .max = CFG_MAX_THREADS, .def_doc = "0 (= all cores)",
     .doc = "CPU threads"},
    {"separable", CFG_BOOL, S(separable), .def = 1,
     .doc = "use the separable fast path where it applies; `false`: evaluate every point directly (as `cevns scan "
            "--direct`)"},
    {"feldman_cousins", CFG_OBJECT, S(fc), .schema = &fc_schema, .written = fc_enabled,
     .def_doc = "none (Wilks' thresholds only)",
     .doc = "the Feldman–Cousins construction: toys at every map point give its critical Δχ² per CL (below; "
            "docs/scan.md, \"Feldman–Cousins\"); needs 1 or 2 shown axes and no `exposure_scale` axis"},
};

const cfg_schema cfg_scan_schema = {CFG_ROWS(scan_rows), .selector = CFG_NO_SELECTOR, .check = check_scan};
