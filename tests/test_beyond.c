/* test_beyond.c - the physics beyond the seeds (PHYSICS.md §8, kernels/common/couplings.h):
 * light vector and scalar mediators, neutrino charge radii and millicharges, radiative
 * corrections and the axial term, and the config's errors for them.
 *
 * Every expected value is an analytic limit or an independent computation typed in here
 * from the formulas of PHYSICS.md §4 and §8 and the cited papers (with literal constants),
 * never the function under test:
 *  - a heavy Z' is the contact NSI eps^q = g_nu g_q / (sqrt2 G_F M^2) (PHYSICS.md §8);
 *  - the charge radius and the millicharge are shifts of g_V^p (Cadeddu et al., PRD 98
 *    (2018) 113010; PRD 102 (2020) 015030), so they equal a shifted sin^2 theta_W;
 *  - the L_mu - L_tau loop tends to ln(m_tau^2/m_mu^2)/6 for q -> 0, and is checked against a
 *    midpoint-rule integral of its definition;
 *  - the scalar cross section against its formula with literal constants;
 *  - the axial charges against (4(J+1)/(3J)) (g_A^p <S_p> + g_A^n <S_n>)^2 computed by hand
 *    from the spin table's values (Hoferichter, Menendez, Schwenk, PRD 102 (2020) 074018). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cevns/config.h"
#include "cevns/experiment.h"
#include "common/constants.h"
#include "common/couplings.h"
#include "common/interaction.h"
#include "experiment/experiment_internal.h"
#include "scan/scan_internal.h"
#include "test_support.h"

/* Literal constants (CODATA 2018 / PDG), typed in independently of constants.h. */
#define GF 1.1663788e-11           /* MeV^-2 */
#define ALPHA (1.0 / 137.035999084)
#define HBARC_CM 1.973269804e-11   /* MeV cm */
#define MEV2_CM2 0.3893793721e-21  /* cm^2 per MeV^-2 */
#define PI 3.14159265358979323846
#define MMU 105.6583755
#define MTAU 1776.86

static double rel(double a, double b) { return fabs(a - b) / fmax(fabs(b), 1e-300); }

/* Q_{beta beta} of PHYSICS.md §4 with vector NSI (contact), F_p = F_n = 1. */
static double contact_charge(double z, double n, double s2w, double eu, double ed) {
    return z * (0.5 - 2.0 * s2w + 2.0 * eu + ed) + n * (-0.5 + eu + 2.0 * ed);
}

static double q2_of(const cevns_pod_header *h, const cevns_pod_point *pt, int beta, double z, double n, double q2) {
    double phi[CEVNS_N_VF];
    cevns_vector_functions(h, pt, q2, phi);
    return cevns_vector_charge2(pt, beta, z, n, phi);
}

static void zprime_point(cevns_pod_point *pt, double g, double mass, double xu, double xd, double xnu) {
    cevns_point_clear(pt);
    pt->sin2w = 0.23857;
    pt->zp_g = g;
    pt->zp_mass = mass;
    pt->zp_qp = 2.0 * xu + xd;
    pt->zp_qn = xu + 2.0 * xd;
    pt->zp_qnu[0] = pt->zp_qnu[1] = pt->zp_qnu[2] = xnu;
}

/* M -> infinity: the Z' is the contact NSI eps^q_bb = g^2 x_nu x_q / (sqrt2 G_F M^2), up to
 * q^2/M^2 (here 2e-7). */
Test(zprime, heavy_mediator_is_contact_nsi) {
    static const struct {
        const char *name;
        double xu, xd, xnu;
    } charges[] = {{"universal", 1, 1, 1}, {"B-L", 1.0 / 3, 1.0 / 3, -1}, {"custom", 0.7, -0.2, 0.4}};
    cevns_pod_header h;
    memset(&h, 0, sizeof h);
    h.use_zprime = CEVNS_ZPRIME_TREE;
    for (size_t c = 0; c < sizeof charges / sizeof charges[0]; c++) {
        double z = 55, n = 78, g = 0.05, mass = 1e5, q2 = 2.0 * 1.238e5 * 0.01;
        double eu = g * g * charges[c].xnu * charges[c].xu / (sqrt(2.0) * GF * mass * mass);
        double ed = g * g * charges[c].xnu * charges[c].xd / (sqrt(2.0) * GF * mass * mass);
        double expect = contact_charge(z, n, 0.23857, eu, ed);
        cevns_pod_point pt;
        zprime_point(&pt, g, mass, charges[c].xu, charges[c].xd, charges[c].xnu);
        cr_expect(fabs(eu) > 1e-3, "the test needs a visible NSI (%g)", eu);
        cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_MU, z, n, q2), expect * expect) < 1e-6, "%s: %.10e vs %.10e",
                  charges[c].name, q2_of(&h, &pt, CEVNS_FLAVOUR_MU, z, n, q2), expect * expect);
    }
}

/* Zero coupling is the Standard Model exactly; the universal and B-L charges follow the closed
 * forms of PHYSICS.md §8: Q' = 3 g^2 (Z + N) / (sqrt2 G_F (q^2 + M^2)) and -g^2 (Z + N) / (...). */
Test(zprime, zero_coupling_and_preset_closed_forms) {
    cevns_pod_header h;
    cevns_pod_point pt;
    double z = 18, n = 22, q2 = 2.0 * 37200.0 * 0.02, mass = 20.0, g = 2e-5;
    double sm = contact_charge(z, n, 0.23857, 0, 0);
    double prop = 1.0 / (sqrt(2.0) * GF * (q2 + mass * mass));
    memset(&h, 0, sizeof h);
    h.use_zprime = CEVNS_ZPRIME_TREE;
    zprime_point(&pt, 0.0, mass, 1, 1, 1);
    cr_expect_eq(q2_of(&h, &pt, CEVNS_FLAVOUR_E, z, n, q2), sm * sm);
    zprime_point(&pt, g, mass, 1, 1, 1);
    {
        double q = sm + 3.0 * g * g * (z + n) * prop;
        cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_E, z, n, q2), q * q) < 1e-13, "universal");
        cr_expect(fabs(q) < fabs(sm), "the universal Z' interferes destructively (Q_SM < 0)");
    }
    zprime_point(&pt, g, mass, 1.0 / 3, 1.0 / 3, -1);
    {
        double q = sm - g * g * (z + n) * prop;
        cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_TAU, z, n, q2), q * q) < 1e-13, "B-L");
    }
}

/* The L_mu - L_tau loop: its q -> 0 limit and a midpoint-rule integral of its definition. */
Test(zprime, lmutau_loop) {
    double lim = log(MTAU * MTAU / (MMU * MMU)) / 6.0;
    cr_expect(rel(cevns_lmutau_loop(1e-8), lim) < 1e-12, "q->0: %.17g vs %.17g", cevns_lmutau_loop(1e-8), lim);
    for (double q2 = 1.0; q2 < 1e8; q2 *= 10.0) {
        const int steps = 200000;
        double sum = 0.0;
        for (int i = 0; i < steps; i++) {
            double x = (i + 0.5) / steps, t = x * (1.0 - x);
            sum += t * log((MTAU * MTAU + t * q2) / (MMU * MMU + t * q2));
        }
        sum /= steps;
        cr_expect(rel(cevns_lmutau_loop(q2), sum) < 1e-9, "q2 = %g: %.15g vs %.15g", q2, cevns_lmutau_loop(q2), sum);
    }
}

/* L_mu - L_tau: nu_e untouched, nu_mu and nu_tau shifted by opposite amounts on the protons:
 * Q'_mu = -Q'_tau = g^2 (2 alpha / pi) L(q^2) Z / (sqrt2 G_F (q^2 + M^2)). */
Test(zprime, lmutau_charges) {
    cevns_pod_header h;
    cevns_pod_point pt;
    double z = 55, n = 78, q2 = 3000.0, g = 5e-4, mass = 10.0, sm = contact_charge(z, n, 0.23857, 0, 0);
    double shift = g * g * 2.0 * ALPHA / PI * cevns_lmutau_loop(q2) * z / (sqrt(2.0) * GF * (q2 + mass * mass));
    memset(&h, 0, sizeof h);
    h.use_zprime = CEVNS_ZPRIME_LOOP;
    cevns_point_clear(&pt);
    pt.sin2w = 0.23857;
    pt.zp_g = g;
    pt.zp_mass = mass;
    pt.zp_qp = 2.0 * ALPHA / PI;
    pt.zp_qnu[1] = 1.0;
    pt.zp_qnu[2] = -1.0;
    cr_expect_eq(q2_of(&h, &pt, CEVNS_FLAVOUR_E, z, n, q2), sm * sm);
    cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_MU, z, n, q2), (sm + shift) * (sm + shift)) < 1e-13, "nu_mu");
    cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_TAU, z, n, q2), (sm - shift) * (sm - shift)) < 1e-13, "nu_tau");
}

/* A charge radius is g_V^p -> g_V^p - (sqrt2 pi alpha / (3 G_F)) <r^2>: the same as
 * sin^2 theta_W -> sin^2 theta_W + (sqrt2 pi alpha / (6 G_F)) <r^2>; a transition radius adds
 * [(sqrt2 pi alpha / (3 G_F)) <r^2> Z]^2. */
Test(charge_radius, is_a_shift_of_the_weak_mixing_angle) {
    cevns_pod_header h;
    cevns_pod_point pt;
    double z = 32, n = 41, r2 = -0.7e-32, q2 = 500.0;
    double c = sqrt(2.0) * PI * ALPHA / (3.0 * GF) * r2 / (HBARC_CM * HBARC_CM);
    double shifted = contact_charge(z, n, 0.23857 + c / 2.0, 0, 0), sm = contact_charge(z, n, 0.23857, 0, 0);
    memset(&h, 0, sizeof h);
    cevns_point_clear(&pt);
    pt.sin2w = 0.23857;
    pt.r2[1 * 3 + 1] = r2;
    cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_MU, z, n, q2), shifted * shifted) < 1e-12, "diagonal");
    cr_expect_eq(q2_of(&h, &pt, CEVNS_FLAVOUR_E, z, n, q2), sm * sm, "nu_e sees no nu_mu radius");
    cevns_point_clear(&pt);
    pt.sin2w = 0.23857;
    pt.r2[0 * 3 + 1] = pt.r2[1 * 3 + 0] = r2;
    cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_E, z, n, q2), sm * sm + c * c * z * z) < 1e-13, "transition");
    /* size: 1e-32 cm^2 moves sin^2 theta_W by 0.0119 (the coefficient of Cadeddu et al. 2018,
     * sqrt2 pi alpha/(3 G_F) = 2.38e30 per cm^2 of <r^2>, computed here from the constants) */
    cr_expect(fabs(sqrt(2.0) * PI * ALPHA / (6.0 * GF) * 1e-32 / (HBARC_CM * HBARC_CM) - 0.0119) < 1e-4);
}

/* A millicharge is g_V^p -> g_V^p - 2 sqrt2 pi alpha q / (G_F q^2) at each q^2. */
Test(millicharge, is_a_q_dependent_shift) {
    cevns_pod_header h;
    cevns_pod_point pt;
    double z = 18, n = 22, qnu = 3e-9;
    memset(&h, 0, sizeof h);
    h.use_millicharge = 1;
    cevns_point_clear(&pt);
    pt.sin2w = 0.23857;
    pt.qnu[0] = qnu;
    for (double q2 = 10.0; q2 < 1e5; q2 *= 7.0) {
        double gp = 0.5 - 2.0 * 0.23857 - 2.0 * sqrt(2.0) * PI * ALPHA * qnu / (GF * q2);
        double q = z * gp - 0.5 * n;
        cr_expect(rel(q2_of(&h, &pt, CEVNS_FLAVOUR_E, z, n, q2), q * q) < 1e-13, "q2 = %g", q2);
    }
}

/* Radiative corrections: at sin^2 theta_W = 0.23857 the couplings are the table's
 * (g_V^p = 0.0401, 0.0318, 0.0275 for nu_e, nu_mu, nu_tau; g_V^n = -0.5094). */
Test(radiative, couplings_at_the_reference_angle) {
    static const double gp[3] = {0.0401, 0.0318, 0.0275};
    cevns_model_config m;
    cevns_params p;
    cevns_pod_point pt;
    cevns_pod_header h;
    double z = 55, n = 78;
    memset(&m, 0, sizeof m);
    memset(&h, 0, sizeof h);
    m.sin2_theta_w = 0.23857;
    m.radiative_corrections = 1;
    cevns_model_params(&m, &p);
    cevns_params_to_point(&p, &pt);
    for (int b = 0; b < 3; b++) {
        double q = z * gp[b] - 0.5094 * n;
        cr_expect(rel(q2_of(&h, &pt, b, z, n, 100.0), q * q) < 1e-12, "flavour %d", b);
    }
}

/* The scalar term against dsigma/dT = (g_nu Q_phi)^2 F^2 m^2 T / (4 pi E^2 (2 m T + M^2)^2), with
 * the universal charges Q_phi = g (15.1 Z + 14 N) of Cerdeno et al. (2016). */
Test(scalar, cross_section_formula) {
    cevns_pod_header h;
    cevns_pod_isotope iso;
    cevns_pod_point pt;
    double c[3], e = 30.0, t = 0.005, g = 1e-5, mass = 10.0, m = 37200.0;
    memset(&h, 0, sizeof h);
    memset(&iso, 0, sizeof iso);
    iso.z = 18;
    iso.n = 22;
    iso.mass_mev = m;
    iso.ff_p.kind = iso.ff_n.kind = CEVNS_FF_NONE;
    cevns_point_clear(&pt);
    pt.sc_g = g;
    pt.sc_mass = mass;
    pt.sc_qp = 15.1;
    pt.sc_qn = 14.0;
    pt.sc_qnu[0] = pt.sc_qnu[1] = pt.sc_qnu[2] = 1.0;
    cevns_interaction_coeffs(CEVNS_INTERACTION_SCALAR, &h, &iso, &pt, CEVNS_FLAVOUR_MU, t, c);
    {
        double qphi = g * (15.1 * 18 + 14.0 * 22), d = 2.0 * m * t + mass * mass;
        double expect = g * g * qphi * qphi * m * m * t / (4.0 * PI * e * e * d * d) * MEV2_CM2;
        cr_expect(rel(cevns_xsec_from_coeffs(c, e), expect) < 1e-13, "%.15e vs %.15e", cevns_xsec_from_coeffs(c, e),
                  expect);
    }
}

/* Axial charges of CsI and 19F from the spin table's values (J, <S_p>, <S_n>):
 * 133Cs (7/2, -0.370, 0.003), 127I (5/2, 0.342, 0.031), 19F (1/2, 0.478, -0.002), with
 * g_A = 1.27641, g_A^s = -0.085 (HMS 2020 Table I). */
static double axial_by_hand(double j, double sp, double sn) {
    double gap = (1.27641 + 0.085) / 2.0, gan = -(1.27641 - 0.085) / 2.0, s = gap * sp + gan * sn;
    return 4.0 * (j + 1.0) / (3.0 * j) * s * s;
}

Test(axial, charges_from_the_spin_table) {
    cevns_config *cfg = test_load_config("coherent_csi2021.json");
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    cfg->model.use_axial = 1;
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
    for (int i = 0; i < e->plan.hdr.n_iso; i++) {
        const cevns_pod_isotope *iso = &e->plan.iso[i];
        double expect = iso->z == 55 ? axial_by_hand(3.5, -0.370, 0.003) : axial_by_hand(2.5, 0.342, 0.031);
        cr_expect(rel(iso->axial_q2, expect) < 1e-14, "Z = %d: %.15g vs %.15g", iso->z, iso->axial_q2, expect);
    }
    cevns_experiment_free(e);
    free(cfg);
    /* 19F at q -> 0: Q_A^2 / (Q_W^2/4) = 1.9 % (1.6 % without g_A^s; docs/physics.md) */
    {
        double qw = 10 - (1 - 4 * 0.23857) * 9, ratio = axial_by_hand(0.5, 0.478, -0.002) / (qw * qw / 4);
        cr_expect(ratio > 0.018 && ratio < 0.019, "19F axial/vector %g", ratio);
    }
}

/* The axial kinematic factor: at the kinematic end point E = E_min(T), where 1 - T/E - m T/(2E^2)
 * = 0, the full vector factor is T^2/(2E^2) and the axial one m T/E^2 + T^2/(2E^2) (PHYSICS.md §8:
 * + m T/(2E^2) where the vector has - m T/(2E^2)). */
Test(axial, kinematic_factor_at_the_end_point) {
    double c[3], m = 123800.0, t = 0.01, e = cevns_e_min(t, m);
    double a = GF * GF * m / PI * 1.0 * MEV2_CM2;
    cevns_xsec_axial_coeffs(t, m, 1.0, CEVNS_KIN_FULL, c);
    double expect = a * (m * t + 0.5 * t * t) / (e * e);
    cr_expect(rel(c[0] + c[1] / e + c[2] / (e * e), expect) < 1e-9, "%.12e vs %.12e", c[0] + c[1] / e + c[2] / (e * e),
              expect);
    cevns_xsec_axial_coeffs(t, m, 1.0, CEVNS_KIN_LEADING, c);
    cr_expect(rel(c[0] + c[2] / (e * e), a * (1.0 + m * t / (2.0 * e * e))) < 1e-13);
}

/* ---------------------------------------------------------------- bad input */
#define SNS "\"source\": {\"type\": \"sns\", \"pot\": 1e23, \"distance_m\": 20}"
#define DET "\"detector\": {\"mass_kg\": 10, \"bins\": {\"lo\": 5, \"hi\": 50, \"n\": 5}}"
#define EXPERIMENT(target) "\"experiment\": {" SNS ", \"target\": {\"material\": \"" target "\"}, " DET "}"

static void expect_config_error(const char *text, const char *message) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    cr_expect_neq(cevns_config_parse(text, "configs/x.json", cfg, &err), CEVNS_OK, "accepted: %s", text);
    cr_expect(strstr(err.msg, message) != NULL, "message '%s' lacks '%s'", err.msg, message);
    free(cfg);
}

Test(beyond_input, config_errors_name_the_key) {
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"zprime\": {\"preset\": \"universal\", \"mass_MeV\": -1, "
                        "\"g\": 1e-4}}}",
                        "model.zprime.mass_MeV");
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"zprime\": {\"preset\": \"universal\", \"mass_MeV\": 10, "
                        "\"g\": 1e999}}}",
                        "model.zprime.g");
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"zprime\": {\"preset\": \"b_minus_l\", \"mass_MeV\": 10, "
                        "\"g\": 1e-4, \"charges\": {\"u\": 1}}}}",
                        "model.zprime.charges");
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"scalar\": {\"preset\": \"lmu_ltau\", \"mass_MeV\": 10, "
                        "\"g\": 1e-4}}}",
                        "model.scalar.preset");
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"interactions\": [\"magnetic\"], \"zprime\": "
                        "{\"preset\": \"universal\", \"mass_MeV\": 10, \"g\": 1e-4}}}",
                        "model.zprime");
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"charge_radius_cm2\": {\"mux\": 1e-32}}}",
                        "model.charge_radius_cm2.mux");
    expect_config_error("{" EXPERIMENT("Ar") ", \"model\": {\"millicharge\": {\"emu\": 1e-9, \"mue\": 1e-9}}}",
                        "model.millicharge.mue");
}

/* An axial term on a target with an odd isotope missing from the spin table names it; the
 * scan axes of a mediator need the mediator. */
Test(beyond_input, axial_without_spin_data_and_axes_without_mediator) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    char text[2048];
    cr_assert_not_null(cfg);
    snprintf(text, sizeof text, "{%s, \"model\": {\"axial\": true}, \"data_dir\": \"%s/data\"}", EXPERIMENT("CaF2"),
             CEVNS_SOURCE_DIR);
    cr_assert_eq(cevns_config_parse(text, "configs/x.json", cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_ECONFIG);
    cr_expect(strstr(err.msg, "43Ca") && strstr(err.msg, "model.axial"), "%s", err.msg);
    snprintf(text, sizeof text,
             "{%s, \"scan\": {\"axes\": [{\"name\": \"zprime_g\", \"lo\": 0, \"hi\": 1e-4, \"n\": 3}]}, "
             "\"data_dir\": \"%s/data\"}",
             EXPERIMENT("Ar"), CEVNS_SOURCE_DIR);
    cr_assert_eq(cevns_config_parse(text, "configs/x.json", cfg, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_neq(cevns_scan_check_config(cfg, &err), CEVNS_OK);
    cr_expect(strstr(err.msg, "scan.axes[0]") && strstr(err.msg, "model.zprime"), "%s", err.msg);
    free(cfg);
}

/* ---------------------------------------------------------------- against an independent code */
/* dsigma_model/dsigma_SM for nu_mu at E = 30 MeV, no form factor, full kinematics, printed by
 * tools/reference/bsm_ratios.py (PHYSICS.md §4 and §8 in plain Python, the L_mu - L_tau loop
 * integrated numerically).  For the universal and B-L Z' pyCEvNS (athompson-tamu/pyCEvNS @
 * 268e5bd1, its coupling mapped: g_nu g_q x 2, radiative corrections off) gives the same ratios
 * to 2.3e-15 at its own nuclear mass (docs/validation.md). */
typedef enum { UNIVERSAL, B_MINUS_L, LMU_LTAU, RADIUS, CHARGE, SCALAR, N_MODELS } reference_model;

static void set_reference_model(cevns_config *cfg, reference_model m) {
    cevns_model_config *mod = &cfg->model;
    switch (m) {
    case UNIVERSAL:
    case B_MINUS_L:
    case LMU_LTAU:
        mod->zprime.preset = m == UNIVERSAL   ? CEVNS_MEDIATOR_UNIVERSAL
                             : m == B_MINUS_L ? CEVNS_MEDIATOR_B_MINUS_L
                                              : CEVNS_MEDIATOR_LMU_LTAU;
        mod->zprime.g = m == LMU_LTAU ? 5e-4 : 1e-4;
        mod->zprime.mass_MeV = m == B_MINUS_L ? 100.0 : 10.0;
        break;
    case RADIUS: mod->charge_radius_cm2[4] = -1e-32; break;
    case CHARGE: mod->millicharge[4] = 1e-8; break;
    case SCALAR:
        mod->scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
        mod->scalar.g = 1e-5;
        mod->scalar.mass_MeV = 10.0;
        break;
    default: break;
    }
}

static double xsec_of(const char *target, int a, reference_model m, int interaction, double t_kev) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_xsec_row rows[8];
    cevns_error err = {""};
    size_t n = 0;
    double v = NAN;
    cr_assert_not_null(cfg);
    cevns_config_defaults(cfg);
    snprintf(cfg->target.material, sizeof cfg->target.material, "%s", target);
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s/data", CEVNS_SOURCE_DIR);
    cfg->model.form_factor.type = CEVNS_FF_NONE;
    cfg->model.kinematics = CEVNS_KIN_FULL;
    cfg->model.sin2_theta_w = 0.23857;
    set_reference_model(cfg, m);
    cr_assert_eq(cevns_xsec_evaluate(cfg, 30.0, 1e-3 * t_kev, interaction, CEVNS_FLAVOUR_MU, rows, 8, &n, &err),
                 CEVNS_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++)
        if (rows[i].a == a) v = rows[i].dsigma_cm2_MeV;
    free(cfg);
    return v;
}

Test(reference, ratios_match_the_independent_implementation) {
    static const struct {
        const char *target;
        int a;
        double t_kev, ratio[N_MODELS];
    } ref[] = {
        {"Cs", 133, 1.0, {3.041732305099089e+02, 1.460400502956034e+00, 5.219663631078931e-01, 9.318508692560197e-01,
                          1.761625265774771e+00, 5.829645483956015e-02}},
        {"Cs", 133, 5.0, {1.437102627307981e+01, 1.416341686017306e+00, 8.614072545784245e-01, 9.318508692560197e-01,
                          1.135188952992775e+00, 2.792722767722472e-02}},
        {"Cs", 133, 10.0, {2.215536955657097e+00, 1.371805533444269e+00, 9.269960091340215e-01, 9.318508692560197e-01,
                           1.066523470236252e+00, 3.168038575579156e-02}},
        {"Ar", 40, 1.0, {1.473663884683607e+03, 1.506329721474161e+00, 1.257314206087806e-01, 9.207335024108543e-01,
                         5.151571836738529e+00, 7.646607465762761e-02}},
        {"Ar", 40, 5.0, {1.836420368159065e+02, 1.490355168198422e+00, 5.803158760516410e-01, 9.207335024108543e-01,
                         1.572369252404785e+00, 5.700320266477654e-02}},
        {"Ar", 40, 10.0, {5.094341549841320e+01, 1.471740337065305e+00, 7.515859058011017e-01, 9.207335024108543e-01,
                          1.270063056518460e+00, 4.030862156679516e-02}},
    };
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        double sm = xsec_of(ref[i].target, ref[i].a, N_MODELS, CEVNS_INTERACTION_SM, ref[i].t_kev);
        for (int m = 0; m < N_MODELS; m++) {
            int in = m == SCALAR ? CEVNS_INTERACTION_SCALAR : CEVNS_INTERACTION_SM;
            double r = xsec_of(ref[i].target, ref[i].a, (reference_model)m, in, ref[i].t_kev) / sm;
            /* the Python loop integral is a midpoint rule with 2e5 steps: ~1e-11 */
            cr_expect(rel(r, ref[i].ratio[m]) < 1e-10, "%s%d T = %g keV model %d: %.15e vs %.15e", ref[i].target,
                      ref[i].a, ref[i].t_kev, m, r, ref[i].ratio[m]);
        }
    }
}

/* ---------------------------------------------------------------- fast path against the reference */
/* With every term beyond the seeds on (an L_mu - L_tau or universal Z', a scalar, millicharges,
 * charge radii, radiative corrections, the axial term on CsI), the fast path's counts equal the
 * GSL adaptive reference (src/rate/reference.c: energy outside, recoil inside, on the raw flux
 * shapes; its own tolerance 1e-10) in every cell. */
static void compare_with_reference(cevns_config *cfg, const char *what) {
    cevns_experiment *e = NULL;
    cevns_params p;
    cevns_error err = {""};
    size_t n, k, nonzero = 0;
    double *fast, *ref, worst = 0.0;
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s: %s", what, err.msg);
    n = cevns_experiment_n_bins(e) * cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS;
    fast = calloc(n, sizeof *fast);
    ref = calloc(n, sizeof *ref);
    cr_assert(fast && ref);
    cevns_experiment_default_params(e, &p);
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, fast, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_REFERENCE, 0.0, ref, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < n; k++) {
        double d = fabs(fast[k] - ref[k]);
        if (ref[k] > 0.0) nonzero++, worst = fmax(worst, d / ref[k]);
        cr_expect(d <= 1e-9 * fabs(ref[k]) + 1e-300, "%s cell %zu: fast %.15e vs reference %.15e", what, k, fast[k],
                  ref[k]);
    }
    cr_expect(nonzero > n / 4, "%s: only %zu of %zu cells nonzero", what, nonzero, n);
    fprintf(stderr, "test_beyond: %s: %zu cells, largest relative difference %.2e\n", what, nonzero, worst);
    free(fast);
    free(ref);
    cevns_experiment_free(e);
}

Test(reference, fast_path_equals_the_reference_with_every_term_on, .timeout = 300) {
    cevns_config *cfg = test_load_config("coherent_csi2021.json");
    cfg->model.use_axial = 1;
    cfg->model.radiative_corrections = 1;
    cfg->model.zprime.preset = CEVNS_MEDIATOR_LMU_LTAU;
    cfg->model.zprime.mass_MeV = 20.0;
    cfg->model.zprime.g = 3e-4;
    cfg->model.scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
    cfg->model.scalar.mass_MeV = 5.0;
    cfg->model.scalar.g = 3e-6;
    cfg->model.millicharge[0] = 3e-9;
    cfg->model.millicharge[4] = -2e-9;
    cfg->model.charge_radius_cm2[4] = -5e-33;
    cfg->model.charge_radius_cm2[1] = cfg->model.charge_radius_cm2[3] = 3e-33;
    compare_with_reference(cfg, "CsI 2021, L_mu-L_tau Z', scalar, charges, radii, RC, axial");
    free(cfg);
    cfg = test_load_config("coherent_lar2020.json");
    cfg->model.kinematics = CEVNS_KIN_LEADING;
    cfg->model.use_magnetic = 1;
    cfg->model.mu_nu[0] = cfg->model.mu_nu[1] = cfg->model.mu_nu[2] = 1e-10;
    cfg->model.zprime.preset = CEVNS_MEDIATOR_UNIVERSAL;
    cfg->model.zprime.mass_MeV = 3.0;
    cfg->model.zprime.g = 2e-5;
    cfg->model.scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
    cfg->model.scalar.mass_MeV = 50.0;
    cfg->model.scalar.g = 1e-5;
    cfg->model.millicharge[0] = 1e-8;
    compare_with_reference(cfg, "LAr 2020, universal Z', scalar, charge, magnetic");
    free(cfg);
}
