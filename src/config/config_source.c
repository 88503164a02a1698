/* config_source.c - the table of experiment.source: its "type" picks the keys
 * allowed (an sns key under a solar source is an unknown key).  Rules across
 * keys: a beam's proton exposure is given in exactly one way, a reactor's
 * strength as flux_cm2_s or as thermal_power_MW + distance_m (the alternative
 * below), e_max_MeV above e_min_MeV, fission fractions not all 0. */
#include <stddef.h>

#include "config/config_schema.h"

#define F(field) offsetof(cevns_source_config, field)
#define SIZE(field) sizeof(((cevns_source_config *)0)->field)
#define SNS CFG_IN(CEVNS_SOURCE_SNS)
#define FLUKA CFG_IN(CEVNS_SOURCE_FLUKA)
#define SOLAR CFG_IN(CEVNS_SOURCE_SOLAR)
#define REACTOR CFG_IN(CEVNS_SOURCE_REACTOR)
#define TABLE CFG_IN(CEVNS_SOURCE_TABLE)
#define BEAM (SNS | FLUKA)

/* Exactly one of: pot | beam_power_MW + beam_hours (+ proton_energy_GeV) | coulombs. */
static cevns_status check_proton_exposure(const cfg_frame *f) {
    static const char *const choices = "give exactly one of pot, beam_power_MW + beam_hours, coulombs";
    const cJSON *obj = f->obj;
    int has_pot = cfg_has(obj, "pot"), has_coulombs = cfg_has(obj, "coulombs");
    int has_beam = cfg_has(obj, "beam_power_MW") || cfg_has(obj, "beam_hours");
    int given = has_pot + has_beam + has_coulombs;
    if (given == 0) return cfg_fail(f->ctx, f->path, "", "no proton exposure given: %s", choices);
    if (given > 1) return cfg_fail(f->ctx, f->path, "", "more than one proton exposure given: %s", choices);
    if (!has_beam && cfg_has(obj, "proton_energy_GeV"))
        return cfg_fail(f->ctx, f->path, "proton_energy_GeV", "only allowed with beam_power_MW and beam_hours");
    if (has_beam && !cfg_has(obj, "beam_power_MW"))
        return cfg_fail(f->ctx, f->path, "beam_power_MW", "required key is missing");
    if (has_beam && !cfg_has(obj, "beam_hours"))
        return cfg_fail(f->ctx, f->path, "beam_hours", "required key is missing");
    return CEVNS_OK;
}

static cevns_status check_source(const cfg_frame *f) {
    const cevns_source_config *src = f->base;
    if (src->type == CEVNS_SOURCE_SNS || src->type == CEVNS_SOURCE_FLUKA) return check_proton_exposure(f);
    if (src->type == CEVNS_SOURCE_REACTOR && !(src->e_hi_MeV > src->e_lo_MeV))
        return cfg_fail(f->ctx, f->path, "e_max_MeV", "must be > e_min_MeV (%g), got %g", src->e_lo_MeV, src->e_hi_MeV);
    return CEVNS_OK;
}

/* proton_energy_GeV belongs to the beam power form. */
static int beam_power_given(const void *base) { return ((const cevns_source_config *)base)->beam_power_MW > 0.0; }

static cevns_status check_fission_fractions(const cfg_frame *f) {
    const cevns_source_config *src = f->base;
    double sum = 0.0;
    for (int i = 0; i < 4; i++) sum += src->fission_fractions[i];
    if (!(sum > 0.0)) return cfg_fail(f->ctx, f->path, "", "the fractions must not all be 0");
    return CEVNS_OK;
}

static const cfg_row fission_rows[] = {
    {"U235", CFG_NUMBER, F(fission_fractions[0]), .range = CFG_FRACTION, .doc = "fission fraction of ²³⁵U"},
    {"U238", CFG_NUMBER, F(fission_fractions[1]), .range = CFG_FRACTION, .doc = "fission fraction of ²³⁸U"},
    {"Pu239", CFG_NUMBER, F(fission_fractions[2]), .range = CFG_FRACTION, .doc = "fission fraction of ²³⁹Pu"},
    {"Pu241", CFG_NUMBER, F(fission_fractions[3]), .range = CFG_FRACTION, .doc = "fission fraction of ²⁴¹Pu"},
};
static const cfg_schema fission_schema = {CFG_ROWS(fission_rows), .selector = CFG_NO_SELECTOR,
                                          .check = check_fission_fractions};

#define PULSE_GAUSSIAN CFG_IN(CEVNS_PULSE_GAUSSIAN)
#define PULSE_TABLE CFG_IN(CEVNS_PULSE_TABLE)
static const cfg_row timing_rows[] = {
    {"pulse", CFG_ENUM, F(timing.pulse), .names = cfg_pulse_names, .def = CEVNS_PULSE_GAUSSIAN,
     .doc = "proton pulse shape: a Gaussian, or a table of (t [µs], weight) interpolated linearly"},
    {"mean_us", CFG_NUMBER, F(timing.mean_us), .in = PULSE_GAUSSIAN, .range = CFG_ANY, .unit = "µs",
     .doc = "the Gaussian pulse's mean"},
    {"sigma_us", CFG_NUMBER, F(timing.sigma_us), .in = PULSE_GAUSSIAN, .range = CFG_NONNEGATIVE, .def = 0.15,
     .unit = "µs", .doc = "its standard deviation (0: all protons at `mean_us`)"},
    {"file", CFG_STRING, F(timing.file), .in = PULSE_TABLE, .required = PULSE_TABLE, .size = SIZE(timing.file),
     .unit = "path", .doc = "columns t [µs], weight (≥ 0)"},
    {"offset_us", CFG_NUMBER, F(timing.offset_us), .range = CFG_ANY, .unit = "µs",
     .doc = "added to every arrival time: the flight time and the clock's zero"},
};
static const cfg_schema timing_schema = {CFG_ROWS(timing_rows), .selector = 0};

static const size_t beam_flags[] = {F(use_prompt), F(use_delayed_nue), F(use_delayed_numubar)};
static const size_t solar_flags[] = {F(use_b8), F(use_hep)};

static const cfg_row source_rows[] = {
    {"type", CFG_ENUM, F(type), .required = CFG_ALL, .names = cfg_source_type_names, .def = CEVNS_SOURCE_SNS,
     .doc = "the kind of source; it decides the other keys"},
    {"nu_per_proton", CFG_NUMBER, F(nu_per_proton), .in = SNS, .range = CFG_POSITIVE, .def = 0.0848,
     .unit = "ν per proton per flavour", .doc = "yield of the stopped-pion source"},
    {"target", CFG_STRING, F(fluka_target), .in = FLUKA, .required = FLUKA, .size = SIZE(fluka_target),
     .doc = "a FLUKA table name, e.g. `\"W-thick\"` (the table gives the ν per proton)"},
    {"pot", CFG_NUMBER, F(pot), .in = BEAM, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE, .unit = "protons on target",
     .def_doc = "— (one exposure)", .doc = "proton exposure, form 1"},
    {"beam_power_MW", CFG_NUMBER, F(beam_power_MW), .in = BEAM, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "MW", .def_doc = "— (one exposure)", .doc = "proton exposure, form 2, with `beam_hours`"},
    {"beam_hours", CFG_NUMBER, F(beam_hours), .in = BEAM, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "hours of beam", .def_doc = "— (one exposure)", .doc = "proton exposure, form 2, with `beam_power_MW`"},
    {"proton_energy_GeV", CFG_NUMBER, F(proton_energy_GeV), .in = BEAM, .range = CFG_POSITIVE, .def = 1.0,
     .unit = "GeV", .written = beam_power_given, .allowed_doc = "only together with `beam_power_MW`",
     .doc = "form 2: N_POT = power × time / proton energy"},
    {"coulombs", CFG_NUMBER, F(coulombs), .in = BEAM, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "C of protons", .def_doc = "— (one exposure)", .doc = "proton exposure, form 3: N_POT = C / e"},
    {"fission_fractions", CFG_OBJECT, 0, .in = REACTOR, .required = REACTOR, .schema = &fission_schema,
     .allowed_doc = "keys `U235`, `U238`, `Pu239`, `Pu241` (below); absent ones are 0; not all 0",
     .doc = "fractions of the fissions per isotope"},
    {"thermal_power_MW", CFG_NUMBER, F(thermal_power_MW), .in = REACTOR, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "MW", .def_doc = "— (or `flux_cm2_s`)", .doc = "reactor power, with `distance_m`"},
    {"distance_m", CFG_NUMBER, F(distance_m), .in = BEAM | REACTOR, .required = BEAM, .flags = CFG_OMIT_ZERO,
     .range = CFG_POSITIVE, .unit = "m", .def_doc = "— (required; reactor: or `flux_cm2_s`)",
     .doc = "distance from the source to the detector"},
    {"components", CFG_NAME_SET, 0, .in = BEAM, .names = cfg_beam_component_names, .name_flags = beam_flags, .def = 7,
     .doc = "prompt ν_μ line, delayed ν_e and ν̄_μ Michel spectra"},
    {"timing", CFG_OBJECT, 0, .in = BEAM, .schema = &timing_schema, .def_doc = "Gaussian pulse, mean 0, σ 0.15 µs",
     .doc = "arrival times: proton pulse ⊗ π⁺ (26.0 ns) and μ⁺ (2.197 µs) decays (below); used when the detector "
            "has `time` bins"},
    {"flux_cm2_s", CFG_NUMBER, F(flux_cm2_s), .in = REACTOR, .flags = CFG_OMIT_ZERO, .range = CFG_POSITIVE,
     .unit = "cm⁻² s⁻¹", .def_doc = "— (or `thermal_power_MW` + `distance_m`)",
     .doc = "total ν̄_e flux at the detector"},
    {"e_min_MeV", CFG_NUMBER, F(e_lo_MeV), .in = REACTOR, .range = CFG_POSITIVE, .def = 2.0, .unit = "MeV",
     .doc = "lower end of the spectrum"},
    {"e_max_MeV", CFG_NUMBER, F(e_hi_MeV), .in = REACTOR, .range = CFG_POSITIVE, .def = 8.0, .unit = "MeV",
     .allowed_doc = "> `e_min_MeV`", .doc = "upper end of the spectrum"},
    {"components", CFG_NAME_SET, 0, .in = SOLAR, .names = cfg_solar_component_names, .name_flags = solar_flags,
     .def = 3, .doc = "⁸B and hep neutrinos"},
    {"model", CFG_ENUM, 0, .in = SOLAR, .flags = CFG_NO_FIELD, .names = cfg_solar_model_names, .def = 0,
     .doc = "solar model (the only one)"},
    {"b8_total_cm2_s", CFG_NUMBER, F(b8_total_cm2_s), .in = SOLAR, .range = CFG_NONNEGATIVE, .unit = "cm⁻² s⁻¹",
     .def_doc = "0 (= BS05(OP) 5.69e6)", .doc = "total ⁸B flux"},
    {"hep_total_cm2_s", CFG_NUMBER, F(hep_total_cm2_s), .in = SOLAR, .range = CFG_NONNEGATIVE, .unit = "cm⁻² s⁻¹",
     .def_doc = "0 (= BS05(OP) 7.93e3)", .doc = "total hep flux"},
    {"b8_file", CFG_STRING, F(b8_file), .in = SOLAR, .size = SIZE(b8_file), .def_text = "solar/b8_bahcall1996.txt",
     .unit = "path", .doc = "normalised ⁸B shape (see Paths)"},
    {"hep_file", CFG_STRING, F(hep_file), .in = SOLAR, .size = SIZE(hep_file), .def_text = "solar/hep_shape.txt",
     .unit = "path", .doc = "normalised hep shape (see Paths)"},
    {"file", CFG_STRING, F(file), .in = TABLE, .required = TABLE, .size = SIZE(file), .unit = "path",
     .doc = "two columns, E [MeV] and dΦ/dE; interpolated, zero outside"},
    {"flux_cm2_s", CFG_NUMBER, F(flux_cm2_s), .in = TABLE, .range = CFG_NONNEGATIVE, .unit = "cm⁻² s⁻¹",
     .def_doc = "0 (= the table is absolute)", .doc = "> 0 rescales the table to this total"},
    {"flavour", CFG_ENUM, F(flavour), .in = TABLE, .names = cfg_flavour_names, .def = CEVNS_FLAVOUR_E,
     .doc = "flavour of the neutrinos"},
    {"antineutrino", CFG_BOOL, F(antineutrino), .in = TABLE, .doc = "antineutrinos instead of neutrinos"},
};

/* The reactor's strength: flux_cm2_s, or thermal_power_MW + distance_m. */
static const char *const reactor_power_keys[] = {"thermal_power_MW", "distance_m", NULL};
static const cfg_alternative reactor_strength = {REACTOR, "flux_cm2_s", reactor_power_keys, 2,
                                                 "give flux_cm2_s, or thermal_power_MW + distance_m",
                                                 " (or give flux_cm2_s instead)"};

const cfg_schema cfg_source_schema = {CFG_ROWS(source_rows), .selector = 0, .alternative = &reactor_strength,
                                      .check = check_source};
