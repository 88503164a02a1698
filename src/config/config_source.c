/* config_source.c - experiment.source: the "type" picks the reader and the only
 * keys allowed (an sns key under a solar source is an unknown key). */
#include "config/config_internal.h"

typedef cevns_status (*source_reader)(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                      cevns_source_config *src);

static const char *const sns_keys[] = {"type",       "nu_per_proton",     "pot",      "beam_power_MW",
                                       "beam_hours", "proton_energy_GeV", "coulombs", "distance_m",
                                       "components", NULL};
static const char *const sns_required[] = {"distance_m", NULL};
static const char *const fluka_keys[] = {"type",       "target",            "pot",      "beam_power_MW",
                                         "beam_hours", "proton_energy_GeV", "coulombs", "distance_m",
                                         "components", NULL};
static const char *const fluka_required[] = {"target", "distance_m", NULL};
static const char *const solar_keys[] = {"type",    "components", "model", "b8_total_cm2_s", "hep_total_cm2_s",
                                         "b8_file", "hep_file",   NULL};
static const char *const reactor_keys[] = {"type",       "fission_fractions", "thermal_power_MW", "distance_m",
                                           "flux_cm2_s", "e_min_MeV",         "e_max_MeV",        NULL};
static const char *const reactor_required[] = {"fission_fractions", NULL};
static const char *const table_keys[] = {"type", "file", "flux_cm2_s", "flavour", "antineutrino", NULL};
static const char *const table_required[] = {"file", NULL};
static const char *const nothing_required[] = {NULL};

/* Exactly one of: pot | beam_power_MW + beam_hours (+ proton_energy_GeV) | coulombs. */
static cevns_status read_proton_exposure(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                         cevns_source_config *src) {
    static const char *const beam_required[] = {"beam_power_MW", "beam_hours", NULL};
    static const char *const choices = "give exactly one of pot, beam_power_MW + beam_hours, coulombs";
    int has_pot = cfg_has(obj, "pot"), has_coulombs = cfg_has(obj, "coulombs");
    int has_beam = cfg_has(obj, "beam_power_MW") || cfg_has(obj, "beam_hours");
    int given = has_pot + has_beam + has_coulombs;
    if (given == 0) return cfg_fail(ctx, path, "", "no proton exposure given: %s", choices);
    if (given > 1) return cfg_fail(ctx, path, "", "more than one proton exposure given: %s", choices);
    if (!has_beam && cfg_has(obj, "proton_energy_GeV"))
        return cfg_fail(ctx, path, "proton_energy_GeV", "only allowed with beam_power_MW and beam_hours");
    if (has_beam) {
        CFG_TRY(cfg_require_keys(ctx, obj, path, beam_required));
        CFG_TRY(cfg_number(ctx, obj, path, "beam_power_MW", CFG_POSITIVE, &src->beam_power_MW));
        CFG_TRY(cfg_number(ctx, obj, path, "beam_hours", CFG_POSITIVE, &src->beam_hours));
        CFG_TRY(cfg_number(ctx, obj, path, "proton_energy_GeV", CFG_POSITIVE, &src->proton_energy_GeV));
    }
    CFG_TRY(cfg_number(ctx, obj, path, "pot", CFG_POSITIVE, &src->pot));
    return cfg_number(ctx, obj, path, "coulombs", CFG_POSITIVE, &src->coulombs);
}

static cevns_status read_beam_components(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                         cevns_source_config *src) {
    unsigned mask = (src->use_prompt ? CFG_BEAM_PROMPT : 0u) | (src->use_delayed_nue ? CFG_BEAM_DELAYED_NUE : 0u) |
                    (src->use_delayed_numubar ? CFG_BEAM_DELAYED_NUMUBAR : 0u);
    CFG_TRY(cfg_name_set(ctx, obj, path, "components", cfg_beam_component_names, &mask));
    src->use_prompt = (mask & CFG_BEAM_PROMPT) != 0;
    src->use_delayed_nue = (mask & CFG_BEAM_DELAYED_NUE) != 0;
    src->use_delayed_numubar = (mask & CFG_BEAM_DELAYED_NUMUBAR) != 0;
    return CEVNS_OK;
}

/* What sns and fluka share: proton exposure, distance, components. */
static cevns_status read_beam(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    CFG_TRY(read_proton_exposure(ctx, obj, path, src));
    CFG_TRY(cfg_number(ctx, obj, path, "distance_m", CFG_POSITIVE, &src->distance_m));
    return read_beam_components(ctx, obj, path, src);
}

static cevns_status read_sns(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    CFG_TRY(cfg_number(ctx, obj, path, "nu_per_proton", CFG_POSITIVE, &src->nu_per_proton));
    return read_beam(ctx, obj, path, src);
}

static cevns_status read_fluka(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    CFG_TRY(cfg_string(ctx, obj, path, "target", src->fluka_target, sizeof src->fluka_target));
    return read_beam(ctx, obj, path, src);
}

static cevns_status read_solar(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    unsigned mask = (src->use_b8 ? CFG_SOLAR_B8 : 0u) | (src->use_hep ? CFG_SOLAR_HEP : 0u);
    int solar_model = 0;
    CFG_TRY(cfg_name_set(ctx, obj, path, "components", cfg_solar_component_names, &mask));
    src->use_b8 = (mask & CFG_SOLAR_B8) != 0;
    src->use_hep = (mask & CFG_SOLAR_HEP) != 0;
    CFG_TRY(cfg_enum(ctx, obj, path, "model", cfg_solar_model_names, &solar_model));
    CFG_TRY(cfg_number(ctx, obj, path, "b8_total_cm2_s", CFG_NONNEGATIVE, &src->b8_total_cm2_s));
    CFG_TRY(cfg_number(ctx, obj, path, "hep_total_cm2_s", CFG_NONNEGATIVE, &src->hep_total_cm2_s));
    CFG_TRY(cfg_string(ctx, obj, path, "b8_file", src->b8_file, sizeof src->b8_file));
    return cfg_string(ctx, obj, path, "hep_file", src->hep_file, sizeof src->hep_file);
}

/* fission_fractions: {"U235": f, ...}, each in [0, 1], absent ones 0, sum > 0. */
static cevns_status read_fission_fractions(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                           cevns_source_config *src) {
    const cJSON *fractions;
    char sub[CFG_PATH_MAX];
    double sum = 0.0;
    CFG_TRY(cfg_object(ctx, obj, path, "fission_fractions", &fractions));
    cfg_join_path(sub, sizeof sub, path, "fission_fractions");
    CFG_TRY(cfg_check_keys(ctx, fractions, sub, cfg_fission_isotope_names, NULL));
    for (int i = 0; cfg_fission_isotope_names[i]; i++) {
        src->fission_fractions[i] = 0.0;
        CFG_TRY(cfg_number(ctx, fractions, sub, cfg_fission_isotope_names[i], CFG_FRACTION,
                           &src->fission_fractions[i]));
        sum += src->fission_fractions[i];
    }
    if (!(sum > 0.0)) return cfg_fail(ctx, sub, "", "the fractions must not all be 0");
    return CEVNS_OK;
}

/* Either flux_cm2_s, or thermal_power_MW + distance_m. */
static cevns_status read_reactor_strength(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                          cevns_source_config *src) {
    static const char *const power_keys[] = {"thermal_power_MW", "distance_m", NULL};
    if (cfg_has(obj, "flux_cm2_s")) {
        for (int i = 0; power_keys[i]; i++)
            if (cfg_has(obj, power_keys[i]))
                return cfg_fail(ctx, path, power_keys[i],
                                "not allowed together with flux_cm2_s (give flux_cm2_s, or thermal_power_MW + distance_m)");
        return cfg_number(ctx, obj, path, "flux_cm2_s", CFG_POSITIVE, &src->flux_cm2_s);
    }
    for (int i = 0; power_keys[i]; i++)
        if (!cfg_has(obj, power_keys[i]))
            return cfg_fail(ctx, path, power_keys[i], "required key is missing (or give flux_cm2_s instead)");
    CFG_TRY(cfg_number(ctx, obj, path, "thermal_power_MW", CFG_POSITIVE, &src->thermal_power_MW));
    return cfg_number(ctx, obj, path, "distance_m", CFG_POSITIVE, &src->distance_m);
}

static cevns_status read_reactor(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    CFG_TRY(read_fission_fractions(ctx, obj, path, src));
    CFG_TRY(read_reactor_strength(ctx, obj, path, src));
    CFG_TRY(cfg_number(ctx, obj, path, "e_min_MeV", CFG_POSITIVE, &src->e_lo_MeV));
    CFG_TRY(cfg_number(ctx, obj, path, "e_max_MeV", CFG_POSITIVE, &src->e_hi_MeV));
    if (!(src->e_hi_MeV > src->e_lo_MeV))
        return cfg_fail(ctx, path, "e_max_MeV", "must be > e_min_MeV (%g), got %g", src->e_lo_MeV, src->e_hi_MeV);
    return CEVNS_OK;
}

static cevns_status read_table(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    CFG_TRY(cfg_string(ctx, obj, path, "file", src->file, sizeof src->file));
    CFG_TRY(cfg_number(ctx, obj, path, "flux_cm2_s", CFG_NONNEGATIVE, &src->flux_cm2_s));
    CFG_TRY(cfg_enum(ctx, obj, path, "flavour", cfg_flavour_names, &src->flavour));
    return cfg_bool(ctx, obj, path, "antineutrino", &src->antineutrino);
}

/* Indexed by cevns_source_type. */
static const cfg_variant source_variants[] = {
    {sns_keys, sns_required},         {fluka_keys, fluka_required}, {solar_keys, nothing_required},
    {reactor_keys, reactor_required}, {table_keys, table_required},
};
static const source_reader source_readers[] = {read_sns, read_fluka, read_solar, read_reactor, read_table};

cevns_status cfg_read_source(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src) {
    int type = 0;
    CFG_TRY(cfg_variant_object(ctx, obj, path, cfg_source_type_names, source_variants, 1, &type));
    src->type = (cevns_source_type)type;
    return source_readers[type](ctx, obj, path, src);
}
