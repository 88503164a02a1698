/* flux_sns.c - stopped-pion (SNS-like) source and seed 000's FLUKA yields
 * (PHYSICS.md §5).
 *
 *   pi+ -> mu+ nu_mu        prompt line at E = (m_pi^2 - m_mu^2)/(2 m_pi) = 29.792 MeV
 *   mu+ -> e+ nu_e anti-nu_mu   delayed Michel spectra on [0, m_mu/2]
 * Fluence per flavour at distance L: r N_POT / (4 pi L^2), r = nu per proton. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cevns/model.h"
#include "common/constants.h"
#include "common/xsec.h"
#include "model/flux_internal.h"

/* ---------------------------------------------------------------- FLUKA yields */

/* Seed 000, "Neutrino Production Rates from a FLUKA Simulation": neutrinos
 * into 4 pi per incident 8 GeV proton, columns nu_e, nu_mu, anti-nu_mu.
 * Thick target: 10 m x 10 m cylinder; thin target: 5 % interaction length. */
typedef struct {
    const char *name;
    double yield[3];
} fluka_source;

static const fluka_source fluka_sources[] = {
    {"Be-thick", {1.23, 1.27, 1.27}},    {"C-thick", {1.29, 1.33, 1.33}},   {"Cu-thick", {0.99, 1.00, 1.00}},
    {"W-thick", {0.74, 0.751, 0.750}},   {"Be-thin", {0.007, 0.007, 0.007}}, {"C-thin", {0.004, 0.007, 0.004}},
    {"Cu-thin", {0.010, 0.012, 0.011}}, {"W-thin", {0.008, 0.010, 0.008}},
};

static const char *const fluka_name_list[] = {"Be-thick", "C-thick", "Cu-thick", "W-thick",
                                              "Be-thin",  "C-thin",  "Cu-thin",  "W-thin"};

#define FLUKA_COUNT (sizeof fluka_sources / sizeof fluka_sources[0])
_Static_assert(sizeof fluka_name_list / sizeof fluka_name_list[0] == FLUKA_COUNT, "one name per FLUKA source");

const char *const *cevns_fluka_names(size_t *n) {
    *n = FLUKA_COUNT;
    return fluka_name_list;
}

static void fluka_allowed(char *buf, size_t size) {
    size_t i, used = 0;
    buf[0] = '\0';
    for (i = 0; i < FLUKA_COUNT && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", fluka_name_list[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
}

cevns_status cevns_fluka_yields(const char *name, double nu_per_proton[3], cevns_error *err) {
    char allowed[160];
    size_t i;
    for (i = 0; name && i < FLUKA_COUNT; i++)
        if (strcmp(name, fluka_sources[i].name) == 0) {
            memcpy(nu_per_proton, fluka_sources[i].yield, 3 * sizeof *nu_per_proton);
            return CEVNS_OK;
        }
    fluka_allowed(allowed, sizeof allowed);
    return cevns_error_set(err, CEVNS_ECONFIG, "source.fluka_target: unknown FLUKA source '%s' (allowed: %s)",
                           name ? name : "(none)", allowed);
}

/* ---------------------------------------------------------------- protons on target */

static int is_given(double v) { return v != 0.0; }

/* N_POT from beam energy: P t / E_p, E_p in joules = GeV * 1e9 * e. */
static cevns_status pot_from_beam(const cevns_sns_params *p, double *pot, cevns_error *err) {
    if (!(p->beam_power_MW > 0.0) || !(p->beam_hours > 0.0) || !(p->proton_energy_GeV > 0.0))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.beam_power_MW, source.beam_hours, source.proton_energy_GeV: all three must "
                               "be > 0 together, got %g MW, %g h, %g GeV",
                               p->beam_power_MW, p->beam_hours, p->proton_energy_GeV);
    *pot = p->beam_power_MW * 1e6 * p->beam_hours * 3600.0 / (p->proton_energy_GeV * 1e9 * CEVNS_E_CHARGE_C);
    return CEVNS_OK;
}

/* Exactly one of pot, the beam triple, or coulombs (N = C / e). */
static cevns_status sns_pot(const cevns_sns_params *p, double *pot, cevns_error *err) {
    int by_pot = is_given(p->pot);
    /* proton_energy_GeV has a default in the config, so only power and hours mark this option */
    int by_beam = is_given(p->beam_power_MW) || is_given(p->beam_hours);
    int by_charge = is_given(p->coulombs);
    int count = by_pot + by_beam + by_charge;
    if (count != 1)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: give exactly one of source.pot, source.beam_power_MW + source.beam_hours + "
                               "source.proton_energy_GeV, or source.coulombs",
                               count == 0 ? "no protons on target" : "protons on target given more than once");
    if (by_beam) return pot_from_beam(p, pot, err);
    if (by_pot) {
        if (!(p->pot > 0.0) || !isfinite(p->pot))
            return cevns_error_set(err, CEVNS_ECONFIG, "source.pot: must be > 0, got %g", p->pot);
        *pot = p->pot;
        return CEVNS_OK;
    }
    if (!(p->coulombs > 0.0) || !isfinite(p->coulombs))
        return cevns_error_set(err, CEVNS_ECONFIG, "source.coulombs: must be > 0, got %g", p->coulombs);
    *pot = p->coulombs / CEVNS_E_CHARGE_C;
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- components */

typedef struct {
    const char *name;
    int flavour, antineutrino, yield_index;
    cevns_shape_kind kind;
    cevns_timing_kind timing;
} sns_component;

static const sns_component sns_components[3] = {
    {"prompt_numu", CEVNS_FLAVOUR_MU, 0, 1, CEVNS_SHAPE_LINE, CEVNS_TIMING_PROMPT},
    {"delayed_nue", CEVNS_FLAVOUR_E, 0, 0, CEVNS_SHAPE_MICHEL_NUE, CEVNS_TIMING_DELAYED},
    {"delayed_numubar", CEVNS_FLAVOUR_MU, 1, 2, CEVNS_SHAPE_MICHEL_NUMUBAR, CEVNS_TIMING_DELAYED},
};

static const char *const yield_keys[3] = {"source.nu_per_proton[0] (nu_e)", "source.nu_per_proton[1] (nu_mu)",
                                          "source.nu_per_proton[2] (anti-nu_mu)"};

/* Prompt nu_mu energy from two-body pi+ -> mu+ nu_mu at rest. */
static double prompt_energy(void) {
    const double mpi = CEVNS_MPI_MEV, mmu = CEVNS_MMU_MEV;
    return (mpi * mpi - mmu * mmu) / (2.0 * mpi);
}

static cevns_status sns_fill(const sns_component *spec, double fluence, cevns_flux_component *c,
                             cevns_error *err) {
    cevns_flux_set_name(c, spec->name);
    c->flavour = spec->flavour;
    c->antineutrino = spec->antineutrino;
    c->timing = spec->timing;
    c->per_second = 0;
    c->normalisation = fluence;
    c->kind = spec->kind;
    if (spec->kind == CEVNS_SHAPE_LINE) {
        c->e_line = prompt_energy();
        c->e_lo = c->e_hi = c->e_line;
        return CEVNS_OK;
    }
    return cevns_flux_build_michel(c, spec->kind, err);
}

static cevns_status sns_validate(const cevns_sns_params *p, const int use[3], cevns_error *err) {
    int k;
    if (!use[0] && !use[1] && !use[2])
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.use_prompt, source.use_delayed_nue, source.use_delayed_numubar: at least one "
                               "component must be enabled");
    if (!(p->distance_m > 0.0) || !isfinite(p->distance_m))
        return cevns_error_set(err, CEVNS_ECONFIG, "source.distance_m: must be > 0, got %g", p->distance_m);
    for (k = 0; k < 3; k++) {
        int yi = sns_components[k].yield_index;
        double r = p->nu_per_proton[yi];
        if (use[k] && (!(r > 0.0) || !isfinite(r)))
            return cevns_error_set(err, CEVNS_ECONFIG, "%s: must be > 0 for component %s, got %g", yield_keys[yi],
                                   sns_components[k].name, r);
    }
    return CEVNS_OK;
}

cevns_status cevns_flux_create_sns(const cevns_sns_params *p, cevns_flux *out, cevns_error *err) {
    int use[3];
    double pot = 0.0, l_cm, per_proton_fluence;
    size_t n = 0, k;
    cevns_status st;

    memset(out, 0, sizeof *out);
    use[0] = p->use_prompt != 0;
    use[1] = p->use_delayed_nue != 0;
    use[2] = p->use_delayed_numubar != 0;
    st = sns_validate(p, use, err);
    if (st == CEVNS_OK) st = sns_pot(p, &pot, err);
    if (st != CEVNS_OK) return st;

    l_cm = p->distance_m * 100.0;
    per_proton_fluence = pot / (4.0 * CEVNS_PI * l_cm * l_cm);
    st = cevns_flux_alloc(out, (size_t)(use[0] + use[1] + use[2]), err);
    if (st != CEVNS_OK) return st;
    for (k = 0; k < 3 && st == CEVNS_OK; k++) {
        if (!use[k]) continue;
        st = sns_fill(&sns_components[k], p->nu_per_proton[sns_components[k].yield_index] * per_proton_fluence,
                      &out->comp[n++], err);
    }
    if (st != CEVNS_OK) {
        cevns_flux_free(out);
        return st;
    }
    snprintf(out->description, sizeof out->description, "stopped-pion source, %.4g POT at %.4g m", pot,
             p->distance_m);
    return CEVNS_OK;
}
