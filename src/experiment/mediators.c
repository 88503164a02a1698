/* mediators.c - the couplings of a point beyond the Standard Model from the config's
 * model section: the mediators' presets turned into charges, and the radiative
 * corrections into shifts of g_V^p and g_V^n (kernels/common/couplings.h, docs/physics.md). */
#include <string.h>

#include "common/constants.h"
#include "common/couplings.h"
#include "experiment/experiment_internal.h"

/* Radiatively corrected couplings at low momentum transfer (Erler and Su, as used by
 * Cadeddu et al., PRD 102 (2020) 015030, arXiv:2005.01645, Table I): g_V^p per incoming
 * flavour, g_V^n, and the weak mixing angle they were computed with.  With the option on,
 * g_V^p = value - 2 (sin^2 theta_W - RC_SIN2W), so that a sin2_theta_w axis still moves it. */
static const double rc_gp[CEVNS_N_FLAVOURS] = {0.0401, 0.0318, 0.0275};
static const double rc_gn = -0.5094;
#define RC_SIN2W 0.23857

/* Q_phi per unit coupling of a universal scalar: (14 A + 1.1 Z) = 15.1 Z + 14 N (Cerdeño et
 * al., JHEP 05 (2016) 118, arXiv:1604.01025, eq. 2.9, from the quark mass fractions f_Tq). */
#define SCALAR_UNIVERSAL_P 15.1
#define SCALAR_UNIVERSAL_N 14.0

/* The Z' charges: neutrinos, and the nucleons (2 x_u + x_d, x_u + 2 x_d; for L_mu - L_tau
 * the kinetic-mixing factor e^2/(2 pi^2) = 2 alpha/pi on the protons, couplings.h). */
static void zprime_charges(const cevns_model_config *m, cevns_params *p) {
    double u = 0.0, d = 0.0, nu[CEVNS_N_FLAVOURS] = {0.0, 0.0, 0.0};
    int f;
    p->zprime_charge_p = p->zprime_charge_n = 0.0;
    switch (m->zprime.preset) {
    case CEVNS_MEDIATOR_UNIVERSAL: u = d = nu[0] = nu[1] = nu[2] = 1.0; break;
    case CEVNS_MEDIATOR_B_MINUS_L:
        u = d = 1.0 / 3.0;
        nu[0] = nu[1] = nu[2] = -1.0;
        break;
    case CEVNS_MEDIATOR_LMU_LTAU:
        nu[CEVNS_FLAVOUR_MU] = 1.0;
        nu[CEVNS_FLAVOUR_TAU] = -1.0;
        p->zprime_charge_p = 2.0 * CEVNS_ALPHA / CEVNS_PI;
        break;
    case CEVNS_MEDIATOR_CUSTOM:
        u = m->zprime.charge_u;
        d = m->zprime.charge_d;
        memcpy(nu, m->zprime.charge_nu, sizeof nu);
        break;
    default: break;
    }
    if (m->zprime.preset != CEVNS_MEDIATOR_LMU_LTAU) {
        p->zprime_charge_p = 2.0 * u + d;
        p->zprime_charge_n = u + 2.0 * d;
    }
    for (f = 0; f < CEVNS_N_FLAVOURS; f++) p->zprime_charge_nu[f] = nu[f];
    p->zprime_mass_MeV = m->zprime.mass_MeV;
    p->zprime_g = m->zprime.preset == CEVNS_MEDIATOR_NONE ? 0.0 : m->zprime.g;
}

static void scalar_charges(const cevns_model_config *m, cevns_params *p) {
    int f;
    p->scalar_charge_p = p->scalar_charge_n = 0.0;
    for (f = 0; f < CEVNS_N_FLAVOURS; f++) p->scalar_charge_nu[f] = 0.0;
    if (m->scalar.preset == CEVNS_MEDIATOR_UNIVERSAL) {
        for (f = 0; f < CEVNS_N_FLAVOURS; f++) p->scalar_charge_nu[f] = 1.0;
        p->scalar_charge_p = SCALAR_UNIVERSAL_P;
        p->scalar_charge_n = SCALAR_UNIVERSAL_N;
    } else if (m->scalar.preset == CEVNS_MEDIATOR_CUSTOM) {
        memcpy(p->scalar_charge_nu, m->scalar.charge_nu, sizeof p->scalar_charge_nu);
        p->scalar_charge_p = m->scalar.charge_p;
        p->scalar_charge_n = m->scalar.charge_n;
    }
    p->scalar_mass_MeV = m->scalar.mass_MeV;
    p->scalar_g = m->scalar.preset == CEVNS_MEDIATOR_NONE ? 0.0 : m->scalar.g;
}

void cevns_model_beyond_params(const cevns_model_config *m, cevns_params *p) {
    int f;
    memcpy(p->charge_radius_cm2, m->charge_radius_cm2, sizeof p->charge_radius_cm2);
    memcpy(p->millicharge, m->millicharge, sizeof p->millicharge);
    for (f = 0; f < 4; f++) p->gp_shift[f] = 0.0;
    if (m->radiative_corrections) {
        for (f = 0; f < CEVNS_N_FLAVOURS; f++) p->gp_shift[f] = rc_gp[f] - (0.5 - 2.0 * RC_SIN2W);
        p->gp_shift[3] = rc_gn + 0.5;
    }
    zprime_charges(m, p);
    scalar_charges(m, p);
}

int cevns_model_zprime_kind(const cevns_model_config *m) {
    if (m->zprime.preset == CEVNS_MEDIATOR_NONE) return CEVNS_ZPRIME_NONE;
    return m->zprime.preset == CEVNS_MEDIATOR_LMU_LTAU ? CEVNS_ZPRIME_LOOP : CEVNS_ZPRIME_TREE;
}
