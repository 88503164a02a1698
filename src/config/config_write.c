/* config_write.c - cevns_config_write_json: the resolved config (every default
 * filled in) in the schema the reader accepts, so that parsing the output gives
 * the same struct.  The whole text is built in memory and written at once:
 * nothing reaches `out` when building it fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

/* Builders: each clears *ok when cJSON runs out of memory (a NULL parent, from
 * an earlier failure, fails too), so one check at the end covers them all. */
static void put_item(cJSON *obj, const char *key, cJSON *item, int *ok) {
    if (!item || !obj || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        *ok = 0;
    }
}

static void put_number(cJSON *obj, const char *key, double value, int *ok) {
    put_item(obj, key, cJSON_CreateNumber(value), ok);
}

static void put_string(cJSON *obj, const char *key, const char *value, int *ok) {
    put_item(obj, key, cJSON_CreateString(value), ok);
}

static void put_bool(cJSON *obj, const char *key, int value, int *ok) {
    put_item(obj, key, cJSON_CreateBool(value), ok);
}

static cJSON *put_object(cJSON *obj, const char *key, int *ok) {
    cJSON *child = cJSON_CreateObject();
    put_item(obj, key, child, ok);
    return *ok ? child : NULL;
}

/* The names whose bit is set in mask, as an array. */
static void put_name_set(cJSON *obj, const char *key, const char *const *names, unsigned mask, int *ok) {
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; names[i] && arr; i++)
        if ((mask & (1u << i)) && !cJSON_AddItemToArray(arr, cJSON_CreateString(names[i]))) *ok = 0;
    put_item(obj, key, arr, ok);
}

static void put_number_array(cJSON *obj, const char *key, const double *values, int n, int *ok) {
    put_item(obj, key, cJSON_CreateDoubleArray(values, n), ok);
}

static cJSON *put_array(cJSON *obj, const char *key, int *ok) {
    cJSON *arr = cJSON_CreateArray();
    put_item(obj, key, arr, ok);
    return *ok ? arr : NULL;
}

/* A new object appended to arr. */
static cJSON *put_element_object(cJSON *arr, int *ok) {
    cJSON *child = cJSON_CreateObject();
    if (!child || !arr || !cJSON_AddItemToArray(arr, child)) {
        cJSON_Delete(child);
        *ok = 0;
        return NULL;
    }
    return child;
}

/* ---------------------------------------------------------------- source */
static void put_beam(cJSON *obj, const cevns_source_config *src, int *ok) {
    if (src->pot > 0.0) {
        put_number(obj, "pot", src->pot, ok);
    } else if (src->coulombs > 0.0) {
        put_number(obj, "coulombs", src->coulombs, ok);
    } else {
        put_number(obj, "beam_power_MW", src->beam_power_MW, ok);
        put_number(obj, "beam_hours", src->beam_hours, ok);
        put_number(obj, "proton_energy_GeV", src->proton_energy_GeV, ok);
    }
    put_number(obj, "distance_m", src->distance_m, ok);
    put_name_set(obj, "components", cfg_beam_component_names,
                 (src->use_prompt ? CFG_BEAM_PROMPT : 0u) | (src->use_delayed_nue ? CFG_BEAM_DELAYED_NUE : 0u) |
                     (src->use_delayed_numubar ? CFG_BEAM_DELAYED_NUMUBAR : 0u),
                 ok);
}

static void put_solar(cJSON *obj, const cevns_source_config *src, int *ok) {
    put_name_set(obj, "components", cfg_solar_component_names,
                 (src->use_b8 ? CFG_SOLAR_B8 : 0u) | (src->use_hep ? CFG_SOLAR_HEP : 0u), ok);
    put_string(obj, "model", cfg_solar_model_names[0], ok);
    put_number(obj, "b8_total_cm2_s", src->b8_total_cm2_s, ok);
    put_number(obj, "hep_total_cm2_s", src->hep_total_cm2_s, ok);
    put_string(obj, "b8_file", src->b8_file, ok);
    put_string(obj, "hep_file", src->hep_file, ok);
}

static void put_reactor(cJSON *obj, const cevns_source_config *src, int *ok) {
    cJSON *fractions = put_object(obj, "fission_fractions", ok);
    for (int i = 0; cfg_fission_isotope_names[i]; i++)
        put_number(fractions, cfg_fission_isotope_names[i], src->fission_fractions[i], ok);
    if (src->flux_cm2_s > 0.0) {
        put_number(obj, "flux_cm2_s", src->flux_cm2_s, ok);
    } else {
        put_number(obj, "thermal_power_MW", src->thermal_power_MW, ok);
        put_number(obj, "distance_m", src->distance_m, ok);
    }
    put_number(obj, "e_min_MeV", src->e_lo_MeV, ok);
    put_number(obj, "e_max_MeV", src->e_hi_MeV, ok);
}

static void put_table(cJSON *obj, const cevns_source_config *src, int *ok) {
    put_string(obj, "file", src->file, ok);
    put_number(obj, "flux_cm2_s", src->flux_cm2_s, ok);
    put_string(obj, "flavour", cfg_flavour_names[src->flavour], ok);
    put_bool(obj, "antineutrino", src->antineutrino, ok);
}

static void put_source(cJSON *obj, const cevns_source_config *src, int *ok) {
    put_string(obj, "type", cfg_source_type_names[src->type], ok);
    switch (src->type) {
    case CEVNS_SOURCE_SNS:
        put_number(obj, "nu_per_proton", src->nu_per_proton, ok);
        put_beam(obj, src, ok);
        break;
    case CEVNS_SOURCE_FLUKA:
        put_string(obj, "target", src->fluka_target, ok);
        put_beam(obj, src, ok);
        break;
    case CEVNS_SOURCE_SOLAR: put_solar(obj, src, ok); break;
    case CEVNS_SOURCE_REACTOR: put_reactor(obj, src, ok); break;
    case CEVNS_SOURCE_TABLE: put_table(obj, src, ok); break;
    }
}

/* ---------------------------------------------------------------- target */
static void put_target(cJSON *obj, const cevns_config *cfg, int *ok) {
    cJSON *enrich;
    put_string(obj, "material", cfg->target.material, ok);
    enrich = put_object(obj, "enrichment", ok);
    for (int i = 0; i < cfg->target.n_enrich; i++) {
        char key[16];
        snprintf(key, sizeof key, "%s%d", cfg->target.enrich[i].element, cfg->target.enrich[i].a);
        put_number(enrich, key, cfg->target.enrich[i].fraction, ok);
    }
}

/* ---------------------------------------------------------------- detector */
static void put_quenching(cJSON *obj, const cevns_detector_config *det, int *ok) {
    cJSON *q = put_object(obj, "quenching", ok);
    put_string(q, "type", cfg_quenching_names[det->quenching.type], ok);
    switch (det->quenching.type) {
    case CEVNS_QUENCH_NONE: break;
    case CEVNS_QUENCH_LINDHARD: put_number(q, "k", det->quenching.k, ok); break;
    case CEVNS_QUENCH_LINEAR:
        put_number(q, "a", det->quenching.a, ok);
        put_number(q, "b", det->quenching.b, ok);
        break;
    case CEVNS_QUENCH_POLYNOMIAL:
        put_number_array(q, "coefficients_MeV", det->quenching.coeffs_MeV, det->quenching.n_coeffs, ok);
        break;
    case CEVNS_QUENCH_TABLE: put_string(q, "file", det->quenching.file, ok); break;
    }
}

static void put_efficiency(cJSON *obj, const cevns_detector_config *det, int *ok) {
    cJSON *e = put_object(obj, "efficiency", ok);
    put_string(e, "type", cfg_efficiency_names[det->efficiency.type], ok);
    switch (det->efficiency.type) {
    case CEVNS_EFF_NONE: break;
    case CEVNS_EFF_SIGMOID:
        put_number(e, "a", det->efficiency.a, ok);
        put_number(e, "b", det->efficiency.b, ok);
        put_number(e, "c", det->efficiency.c, ok);
        put_number(e, "d", det->efficiency.d, ok);
        break;
    case CEVNS_EFF_TABLE:
        put_string(e, "file", det->efficiency.file, ok);
        put_number(e, "x_column", det->efficiency.x_column, ok);
        put_number(e, "eff_column", det->efficiency.eff_column, ok);
        break;
    }
}

static void put_resolution(cJSON *obj, const cevns_detector_config *det, int *ok) {
    cJSON *r = put_object(obj, "resolution", ok);
    put_string(r, "type", cfg_resolution_names[det->resolution.type], ok);
    if (det->resolution.type == CEVNS_RES_GAUSSIAN) {
        put_number(r, "sigma0", det->resolution.sigma0, ok);
        put_number(r, "sqrt_coeff", det->resolution.sqrt_coeff, ok);
        put_number(r, "frac", det->resolution.frac, ok);
        put_number(r, "n_sigma", det->resolution.n_sigma, ok);
    }
}

/* {"lo", "hi", "n"} when the edges are exactly what those give, else the edges. */
static void put_bins(cJSON *obj, const cevns_detector_config *det, int *ok) {
    cJSON *b = put_object(obj, "bins", ok);
    int n = det->n_bins;
    double *uniform = malloc((size_t)(n + 1) * sizeof *uniform);
    if (!uniform) {
        *ok = 0;
        return;
    }
    cfg_uniform_edges(det->edges[0], det->edges[n], n, uniform);
    if (memcmp(uniform, det->edges, (size_t)(n + 1) * sizeof *uniform) == 0) {
        put_number(b, "lo", det->edges[0], ok);
        put_number(b, "hi", det->edges[n], ok);
        put_number(b, "n", n, ok);
    } else {
        put_number_array(b, "edges", det->edges, n + 1, ok);
    }
    free(uniform);
}

static void put_detector(cJSON *obj, const cevns_detector_config *det, int *ok) {
    if (det->mass_kg > 0.0) put_number(obj, "mass_kg", det->mass_kg, ok);
    if (det->live_days > 0.0) put_number(obj, "live_days", det->live_days, ok);
    if (det->exposure_kg_day > 0.0) put_number(obj, "exposure_kg_day", det->exposure_kg_day, ok);
    put_string(obj, "observable", cfg_observable_names[det->observable], ok);
    if (det->observable == CEVNS_OBS_PE)
        put_number(obj, "light_yield_PE_per_keVee", det->light_yield_pe_per_keVee, ok);
    put_quenching(obj, det, ok);
    put_efficiency(obj, det, ok);
    put_resolution(obj, det, ok);
    put_bins(obj, det, ok);
    put_number(obj, "recoil_min_keVnr", det->recoil_min_keVnr, ok);
}

/* ---------------------------------------------------------------- model */
static void put_form_factor(cJSON *obj, const cevns_model_config *model, int *ok) {
    cJSON *ff = put_object(obj, "form_factor", ok);
    put_string(ff, "type", cfg_form_factor_names[model->form_factor.type], ok);
    put_string(ff, "helm_convention", cfg_helm_convention_names[model->form_factor.helm_convention], ok);
    put_number(ff, "skin_fm", model->form_factor.skin_fm, ok);
    put_number(ff, "neutron_radius_fm", model->form_factor.neutron_radius_fm, ok);
}

/* One number when all flavours agree, else {"e", "mu", "tau"}. */
static void put_mu_nu(cJSON *obj, const cevns_model_config *model, int *ok) {
    cJSON *per_flavour;
    if (model->mu_nu[0] == model->mu_nu[1] && model->mu_nu[1] == model->mu_nu[2]) {
        put_number(obj, "mu_nu", model->mu_nu[0], ok);
        return;
    }
    per_flavour = put_object(obj, "mu_nu", ok);
    for (int f = 0; f < 3; f++) put_number(per_flavour, cfg_flavour_names[f], model->mu_nu[f], ok);
}

/* Every entry a <= b of both matrices, e.g. "emu_u". */
static void put_nsi(cJSON *obj, const cevns_model_config *model, int *ok) {
    cJSON *nsi = put_object(obj, "nsi", ok);
    for (int q = 0; q < 2; q++)
        for (int a = 0; a < 3; a++)
            for (int b = a; b < 3; b++) {
                char key[16];
                const double *matrix = q == 0 ? model->eps_u : model->eps_d;
                snprintf(key, sizeof key, "%s%s_%c", cfg_flavour_names[a], cfg_flavour_names[b], q == 0 ? 'u' : 'd');
                put_number(nsi, key, matrix[a * 3 + b], ok);
            }
}

static void put_model(cJSON *obj, const cevns_model_config *model, int *ok) {
    put_form_factor(obj, model, ok);
    put_string(obj, "kinematics", cfg_kinematics_names[model->kinematics], ok);
    put_number(obj, "sin2_theta_w", model->sin2_theta_w, ok);
    put_name_set(obj, "interactions", cfg_interaction_names,
                 (model->use_sm ? CFG_INTERACTION_SM : 0u) | (model->use_magnetic ? CFG_INTERACTION_MAGNETIC : 0u) |
                     (model->use_sterile ? CFG_INTERACTION_STERILE : 0u),
                 ok);
    put_mu_nu(obj, model, ok);
    put_number(obj, "m4_MeV", model->m4_MeV, ok);
    put_nsi(obj, model, ok);
    put_number(obj, "normalisation", model->normalisation, ok);
}

/* ---------------------------------------------------------------- data */
static void put_columns(cJSON *obj, const cevns_data_config *data, int *ok) {
    cJSON *c = put_object(obj, "columns", ok);
    if (data->kind == CEVNS_DATA_BINNED) {
        put_number(c, "observed", data->col_observed, ok);
        put_number(c, "error", data->col_error, ok);
    } else {
        put_number(c, "on", data->col_on, ok);
        put_number(c, "on_error", data->col_on_error, ok);
        put_number(c, "off", data->col_off, ok);
        put_number(c, "off_error", data->col_off_error, ok);
    }
}

/* A flat background as per_unit_kg_day when that is set, else as per_bin. */
static void put_background(cJSON *obj, const cevns_data_config *data, int *ok) {
    cJSON *b = put_object(obj, "background", ok);
    put_string(b, "type", cfg_background_type_names[data->background.type], ok);
    switch (data->background.type) {
    case CEVNS_BKG_NONE: break;
    case CEVNS_BKG_FLAT:
        if (data->background.per_unit_kg_day > 0.0)
            put_number(b, "per_unit_kg_day", data->background.per_unit_kg_day, ok);
        else
            put_number(b, "per_bin", data->background.per_bin, ok);
        break;
    case CEVNS_BKG_COLUMN: put_number(b, "column", data->background.column, ok); break;
    }
}

/* Background components with the keys of their shape; a Gaussian's sigma and a
 * free component's sigma_norm only when they were given (> 0). */
static void put_backgrounds(cJSON *obj, const cevns_data_config *data, int *ok) {
    cJSON *arr = put_array(obj, "backgrounds", ok);
    for (int k = 0; k < data->n_backgrounds; k++) {
        const cevns_background_component *comp = &data->backgrounds[k];
        cJSON *c = put_element_object(arr, ok);
        put_string(c, "name", comp->name, ok);
        put_string(c, "shape", cfg_background_shape_names[comp->shape], ok);
        switch (comp->shape) {
        case CEVNS_SHAPE_FLAT: break;
        case CEVNS_SHAPE_EXPONENTIAL: put_number(c, "decay", comp->decay, ok); break;
        case CEVNS_SHAPE_GAUSSIAN:
            put_number(c, "mean", comp->mean, ok);
            if (comp->sigma > 0.0) put_number(c, "sigma", comp->sigma, ok);
            break;
        case CEVNS_SHAPE_COLUMN: put_number(c, "column", comp->column, ok); break;
        }
        if (comp->shape != CEVNS_SHAPE_COLUMN) put_number(c, "amount", comp->amount, ok);
        if (!comp->free || comp->sigma_norm > 0.0) put_number(c, "sigma_norm", comp->sigma_norm, ok);
        put_bool(c, "free", comp->free, ok);
    }
}

/* sigma of a free pull only when it was given (> 0). */
static void put_pulls(cJSON *obj, const cevns_data_config *data, int *ok) {
    cJSON *arr = put_array(obj, "pulls", ok);
    for (int i = 0; i < data->n_pulls; i++) {
        const cevns_pull_config *pull = &data->pulls[i];
        cJSON *p = put_element_object(arr, ok);
        put_string(p, "name", pull->name, ok);
        put_string(p, "target", cfg_pull_target_names[pull->target], ok);
        if (!pull->free || pull->sigma > 0.0) put_number(p, "sigma", pull->sigma, ok);
        put_bool(p, "free", pull->free, ok);
    }
}

static void put_data(cJSON *obj, const cevns_data_config *data, int *ok) {
    put_string(obj, "observed", cfg_data_kind_names[data->kind], ok);
    if (data->kind != CEVNS_DATA_ASIMOV) {
        put_string(obj, "file", data->file, ok);
        put_columns(obj, data, ok);
    }
    put_number(obj, "scale", data->scale, ok);
    put_bool(obj, "sigma_stat", data->sigma_stat, ok);
    put_number(obj, "sigma_frac", data->sigma_frac, ok);
    put_background(obj, data, ok);
    put_backgrounds(obj, data, ok);
    put_pulls(obj, data, ok);
}

/* ---------------------------------------------------------------- scan and output */
/* A list axis as its values, the others as lo, hi, n, spacing. */
static void put_axis(cJSON *arr, const cevns_axis_config *axis, int *ok) {
    cJSON *a = put_element_object(arr, ok);
    put_string(a, "name", axis->name, ok);
    if (axis->spacing == CEVNS_SPACING_LIST) {
        put_number_array(a, "values", axis->values, axis->n, ok);
    } else {
        put_number(a, "lo", axis->lo, ok);
        put_number(a, "hi", axis->hi, ok);
        put_number(a, "n", axis->n, ok);
        put_string(a, "spacing", cfg_spacing_names[axis->spacing], ok);
    }
    put_bool(a, "profile", axis->profile, ok);
}

static void put_scan(cJSON *obj, const cevns_scan_config *scan, int *ok) {
    cJSON *axes = put_array(obj, "axes", ok);
    for (int i = 0; i < scan->n_axes; i++) put_axis(axes, &scan->axes[i], ok);
    put_string(obj, "statistic", cfg_statistic_names[scan->statistic], ok);
    put_number_array(obj, "cl", scan->cl, scan->n_cl, ok);
    put_number(obj, "dof", scan->dof, ok);
    put_string(obj, "engine", scan->engine, ok);
    put_number(obj, "threads", scan->threads, ok);
    put_bool(obj, "separable", scan->separable, ok);
}

/* dir only when set (empty: the scan command picks runs/<name>); reference_limits
 * only when there are some. */
static void put_output(cJSON *obj, const cevns_output_config *output, int *ok) {
    if (output->dir[0]) put_string(obj, "dir", output->dir, ok);
    put_bool(obj, "figures", output->figures, ok);
    put_bool(obj, "overwrite", output->overwrite, ok);
    if (output->n_reference > 0) {
        cJSON *arr = put_array(obj, "reference_limits", ok);
        for (int i = 0; i < output->n_reference; i++) {
            cJSON *r = put_element_object(arr, ok);
            put_string(r, "label", output->reference[i].label, ok);
            put_number(r, "value", output->reference[i].value, ok);
        }
    }
}

static void put_quadrature(cJSON *obj, const cevns_quadrature_config *quad, int *ok) {
    put_number(obj, "gl_order", quad->gl_order, ok);
    put_number(obj, "panels", quad->panels, ok);
    put_number(obj, "reference_rel_tol", quad->ref_rel_tol, ok);
}

static cJSON *build_tree(const cevns_config *cfg, int *ok) {
    cJSON *root = cJSON_CreateObject();
    cJSON *experiment;
    *ok = root != NULL;
    put_string(root, "name", cfg->name, ok);
    put_string(root, "data_dir", cfg->data_dir, ok);
    experiment = put_object(root, "experiment", ok);
    put_source(put_object(experiment, "source", ok), &cfg->source, ok);
    put_target(put_object(experiment, "target", ok), cfg, ok);
    put_detector(put_object(experiment, "detector", ok), &cfg->detector, ok);
    put_data(put_object(experiment, "data", ok), &cfg->data, ok);
    put_model(put_object(root, "model", ok), &cfg->model, ok);
    put_quadrature(put_object(root, "quadrature", ok), &cfg->quadrature, ok);
    if (cfg->scan.n_axes > 0) put_scan(put_object(root, "scan", ok), &cfg->scan, ok);
    put_output(put_object(root, "output", ok), &cfg->output, ok);
    return root;
}

cevns_status cevns_config_write_json(const cevns_config *cfg, FILE *out, cevns_error *err) {
    int ok = 1;
    cJSON *root = build_tree(cfg, &ok);
    char *text = ok ? cJSON_Print(root) : NULL;
    size_t len;
    cJSON_Delete(root);
    if (!text) return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory writing the resolved config", cfg->path);
    len = strlen(text);
    text[len] = '\n'; /* replaces the NUL: the buffer is written by length */
    if (fwrite(text, 1, len + 1, out) != len + 1 || fflush(out) != 0) {
        cJSON_free(text);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot write the resolved config", cfg->path);
    }
    cJSON_free(text);
    return CEVNS_OK;
}
