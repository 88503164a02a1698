/* test_flux.c - neutrino flux components (src/model/flux*.c, PHYSICS.md §5).
 * Every expected value comes from an analytic result or a published number
 * cited next to it; integrals are done here with GSL adaptive quadrature,
 * independently of the code under test. */
#include <criterion/criterion.h>

#include "test_support.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cevns/model.h"
#include "common/constants.h"
#include "common/xsec.h"

/* ---------------------------------------------------------------- helpers */

#define TEST_PI 3.14159265358979323846

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(flux, .init = setup);

static void data_path(char *buf, size_t size, const char *rel) {
    const char *dir = getenv("CEVNS_DATA_DIR");
    if (dir && dir[0])
        snprintf(buf, size, "%s/%s", dir, rel);
    else
        snprintf(buf, size, "%s/data/%s", CEVNS_SOURCE_DIR, rel);
}

static int close_rel(double a, double b, double tol) { return fabs(a - b) <= tol * fabs(b); }

#define assert_rel(a, b, tol)                                                                                  \
    do {                                                                                                       \
        double a_ = (a), b_ = (b);                                                                             \
        cr_assert(close_rel(a_, b_, (tol)), "%s = %.17g, expected %.17g (rel. tol. %g, rel. diff. %g)", #a, a_, \
                  b_, (double)(tol), fabs(a_ - b_) / fabs(b_));                                                \
    } while (0)

static double shape_for_gsl(double e, void *c) { return cevns_flux_shape((const cevns_flux_component *)c, e); }

static double e_shape_for_gsl(double e, void *c) { return e * cevns_flux_shape((const cevns_flux_component *)c, e); }

/* Adaptive GSL integral of f over [a, b]. */
static double qags(double (*f)(double, void *), void *params, double a, double b, double epsrel) {
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(2000);
    gsl_function fn = {f, params};
    double result = 0.0, abserr = 0.0;
    int rc = gsl_integration_qags(&fn, a, b, 0.0, epsrel, 2000, w, &result, &abserr);
    gsl_integration_workspace_free(w);
    cr_assert_eq(rc, GSL_SUCCESS, "qags on [%g, %g] failed: %s", a, b, gsl_strerror(rc));
    return result;
}

/* Integral of a piecewise-linear table shape: qags on every knot interval so
 * that no kink lies inside an integration range. */
static double qags_table(cevns_flux_component *c) {
    double sum = 0.0;
    size_t j;
    for (j = 0; j + 1 < c->n_knots; j++) sum += qags(shape_for_gsl, c, c->knot_e[j], c->knot_e[j + 1], 1e-12);
    return sum;
}

/* Value of component c's piecewise cubic at e (0 outside the pieces). */
static double pieces_at(const cevns_flux_component *c, double e) {
    size_t j = 0, hi;
    if (c->n_pieces == 0 || e < c->piece_x[0] || e > c->piece_x[c->n_pieces]) return 0.0;
    hi = c->n_pieces; /* bisect for piece_x[j] <= e < piece_x[j + 1] */
    while (hi - j > 1) {
        size_t mid = j + (hi - j) / 2;
        if (e < c->piece_x[mid])
            hi = mid;
        else
            j = mid;
    }
    {
        const double *k = &c->piece_c[4 * j];
        double u = e - c->piece_x[j];
        return k[0] + u * (k[1] + u * (k[2] + u * k[3]));
    }
}

static cevns_flux_component *find(cevns_flux *f, const char *name) {
    size_t i;
    for (i = 0; i < f->n; i++)
        if (strcmp(f->comp[i].name, name) == 0) return &f->comp[i];
    cr_assert_fail("component %s not found", name);
    return NULL;
}


static cevns_sns_params sns_textbook(void) {
    /* COHERENT CsI 2017 (data/README.md): 0.08 nu per proton per flavour, 19.3 m. */
    cevns_sns_params p;
    memset(&p, 0, sizeof p);
    p.nu_per_proton[0] = p.nu_per_proton[1] = p.nu_per_proton[2] = 0.08;
    p.pot = 1.76e23;
    p.distance_m = 19.3;
    p.use_prompt = p.use_delayed_nue = p.use_delayed_numubar = 1;
    return p;
}

static cevns_solar_params solar_default(char *b8, char *hep, size_t size) {
    cevns_solar_params p;
    memset(&p, 0, sizeof p);
    data_path(b8, size, "solar/b8_bahcall1996.txt");
    data_path(hep, size, "solar/hep_shape.txt");
    p.use_b8 = p.use_hep = 1;
    p.b8_file = b8;
    p.hep_file = hep;
    return p;
}

static cevns_reactor_params reactor_u235(void) {
    cevns_reactor_params p;
    memset(&p, 0, sizeof p);
    p.fission_fraction[0] = 1.0;
    p.thermal_power_MW = 3000.0;
    p.distance_m = 20.0;
    return p;
}

/* Huber, PRC 84, 024617 (2011), Table III: U235 a_1..a_6, kept here so the
 * expected integral does not use the library's copy. */
static double u235_huber(double e, void *unused) {
    static const double a[6] = {4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777};
    (void)unused;
    return exp(a[0] + a[1] * e + a[2] * e * e + a[3] * pow(e, 3) + a[4] * pow(e, 4) + a[5] * pow(e, 5));
}

/* ---------------------------------------------------------------- SNS */

Test(flux, prompt_line_energy) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    /* Two-body pi+ -> mu+ nu_mu at rest: E = (m_pi^2 - m_mu^2)/(2 m_pi) = 29.792 MeV
     * (PHYSICS.md §5; PDG quotes p_mu = 29.79 MeV/c), to 1e-4 relative. */
    assert_rel(find(&f, "prompt_numu")->e_line, 29.792, 1e-4);
    cr_assert_eq(find(&f, "prompt_numu")->kind, CEVNS_SHAPE_LINE);
    cr_assert_eq(find(&f, "prompt_numu")->n_pieces, 0);
    cevns_flux_free(&f);
}

Test(flux, sns_fluence_textbook) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    /* r N_POT / (4 pi L^2) = 0.08 * 1.76e23 / (4 pi (1930 cm)^2) = 3.008e14 cm^-2 */
    double expected = 0.08 * 1.76e23 / (4.0 * TEST_PI * 1930.0 * 1930.0);
    size_t i;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(f.n, 3);
    for (i = 0; i < f.n; i++) {
        assert_rel(f.comp[i].normalisation, expected, 1e-14);
        cr_assert_eq(f.comp[i].per_second, 0);
    }
    cr_assert_eq(find(&f, "prompt_numu")->flavour, CEVNS_FLAVOUR_MU);
    cr_assert_eq(find(&f, "prompt_numu")->antineutrino, 0);
    cr_assert_eq(find(&f, "delayed_nue")->flavour, CEVNS_FLAVOUR_E);
    cr_assert_eq(find(&f, "delayed_nue")->antineutrino, 0);
    cr_assert_eq(find(&f, "delayed_numubar")->flavour, CEVNS_FLAVOUR_MU);
    cr_assert_eq(find(&f, "delayed_numubar")->antineutrino, 1);
    cevns_flux_free(&f);
}

Test(flux, sns_component_selection_and_yields) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    double per_proton = 1.76e23 / (4.0 * TEST_PI * 1930.0 * 1930.0);
    p.nu_per_proton[0] = 0.74;
    p.nu_per_proton[1] = 0.751;
    p.nu_per_proton[2] = 0.750;
    p.use_prompt = 0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(f.n, 2);
    assert_rel(find(&f, "delayed_nue")->normalisation, 0.74 * per_proton, 1e-14);
    assert_rel(find(&f, "delayed_numubar")->normalisation, 0.750 * per_proton, 1e-14);
    cevns_flux_free(&f);
}

Test(flux, pot_from_beam_power) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    /* 1.4 MW for 1 h at 1 GeV: N = 1.4e6 W * 3600 s / (1e9 eV * 1.602176634e-19 J/eV) = 3.1457e19 */
    double pot = 1.4e6 * 3600.0 / (1e9 * 1.602176634e-19);
    p.pot = 0.0;
    p.beam_power_MW = 1.4;
    p.beam_hours = 1.0;
    p.proton_energy_GeV = 1.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    assert_rel(f.comp[0].normalisation, 0.08 * pot / (4.0 * TEST_PI * 1930.0 * 1930.0), 1e-14);
    cevns_flux_free(&f);
}

Test(flux, pot_from_coulombs) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    /* Seed 000: SNS delivers 22000 C per year; N = 22000 / 1.602176634e-19 = 1.3731e23 */
    double pot = 22000.0 / 1.602176634e-19;
    p.pot = 0.0;
    p.coulombs = 22000.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    assert_rel(f.comp[0].normalisation, 0.08 * pot / (4.0 * TEST_PI * 1930.0 * 1930.0), 1e-14);
    cevns_flux_free(&f);
}

Test(flux, michel_shapes_normalised_with_analytic_means) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    const double m = 105.6583755; /* CODATA 2018 muon mass, MeV */
    cevns_flux_component *nue, *numubar;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    nue = find(&f, "delayed_nue");
    numubar = find(&f, "delayed_numubar");
    /* Unit normalisation: with x = E/m,
     *   192 int_0^{1/2} x^2 (1/2 - x) dx = 192 (1/48 - 1/64) = 1,
     *    64 int_0^{1/2} x^2 (3/4 - x) dx =  64 (1/32 - 1/64) = 1. */
    assert_rel(qags(shape_for_gsl, nue, 0.0, m / 2, 1e-13), 1.0, 1e-12);
    assert_rel(qags(shape_for_gsl, numubar, 0.0, m / 2, 1e-13), 1.0, 1e-12);
    /* Mean energies: <E>/m = 192 int x^3 (1/2 - x) dx = 192 (1/128 - 1/160) = 3/10
     * (nu_e, = 3/5 of the endpoint m/2 = 31.70 MeV) and 64 int x^3 (3/4 - x) dx
     * = 64 (3/256 - 1/160) = 7/20 (anti-nu_mu, = 7/10 of m/2 = 36.98 MeV). */
    assert_rel(qags(e_shape_for_gsl, nue, 0.0, m / 2, 1e-13), 0.3 * m, 1e-12);
    assert_rel(qags(e_shape_for_gsl, numubar, 0.0, m / 2, 1e-13), 0.35 * m, 1e-12);
    /* Zero outside [0, m/2]. */
    cr_assert_eq(cevns_flux_shape(nue, -1.0), 0.0);
    cr_assert_eq(cevns_flux_shape(nue, m / 2 + 1e-9), 0.0);
    cr_assert_eq(cevns_flux_shape(numubar, m / 2 + 1.0), 0.0);
    cevns_flux_free(&f);
}

Test(flux, michel_pieces_and_breakpoints) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    const double m = 105.6583755;
    size_t i, k, n;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    for (k = 0; k < f.n; k++) {
        cevns_flux_component *c = &f.comp[k];
        const double *bp = cevns_flux_breakpoints(c, &n);
        if (c->kind == CEVNS_SHAPE_LINE) {
            cr_assert_eq(n, 0);
            continue;
        }
        cr_assert_eq(c->n_pieces, 1);
        cr_assert_eq(n, 2);
        cr_assert_eq(bp[0], 0.0);
        assert_rel(bp[1], m / 2, 1e-15);
        /* Local Taylor coefficients at x0 = 0 of (192/m)(E/m)^2(1/2 - E/m) and (64/m)(E/m)^2(3/4 - E/m). */
        cr_assert_eq(c->piece_c[0], 0.0);
        cr_assert_eq(c->piece_c[1], 0.0);
        assert_rel(c->piece_c[2], (c->kind == CEVNS_SHAPE_MICHEL_NUE ? 96.0 : 48.0) / pow(m, 3), 1e-14);
        assert_rel(c->piece_c[3], -(c->kind == CEVNS_SHAPE_MICHEL_NUE ? 192.0 : 64.0) / pow(m, 4), 1e-14);
        for (i = 1; i <= 1000; i++) {
            double e = 0.5 * m * (double)i / 1000.0;
            double s = cevns_flux_shape(c, e);
            cr_assert(fabs(pieces_at(c, e) - s) <= 1e-13 * s + 1e-300, "%s at %g: %.17g vs %.17g", c->name, e,
                      pieces_at(c, e), s);
        }
    }
    cevns_flux_free(&f);
}

/* ---------------------------------------------------------------- FLUKA */

Test(flux, fluka_yields_from_seed_table) {
    double y[3];
    cevns_error err;
    size_t n;
    const char *const *names = cevns_fluka_names(&n);
    /* Seed 000, "Neutrino production in to 4 pi per incident 8 GeV proton". */
    cr_assert_eq(cevns_fluka_yields("W-thick", y, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(y[0], 0.74);
    cr_assert_eq(y[1], 0.751);
    cr_assert_eq(y[2], 0.750);
    cr_assert_eq(cevns_fluka_yields("C-thin", y, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(y[0], 0.004);
    cr_assert_eq(y[1], 0.007);
    cr_assert_eq(y[2], 0.004);
    cr_assert_eq(cevns_fluka_yields("Be-thick", y, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(y[0], 1.23);
    cr_assert_eq(n, 8);
    for (size_t i = 0; i < n; i++) cr_assert_eq(cevns_fluka_yields(names[i], y, &err), CEVNS_OK, "%s", names[i]);
}

Test(flux, fluka_unknown_name_lists_allowed) {
    double y[3];
    cevns_error err;
    cr_assert_eq(cevns_fluka_yields("Hg-thick", y, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "Hg-thick"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "W-thin"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "Be-thick"), "%s", err.msg);
}

/* ---------------------------------------------------------------- solar */

Test(flux, solar_bs05_defaults_and_unit_shapes) {
    char b8[512], hep[512];
    cevns_solar_params p = solar_default(b8, hep, sizeof b8);
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    cr_assert_eq(cevns_flux_create_solar(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(f.n, 2);
    /* BS05(OP), Bahcall, Serenelli & Basu, ApJ 621, L85 (2005). */
    c = find(&f, "B8");
    assert_rel(c->normalisation, 5.69e6, 1e-15);
    cr_assert_eq(c->flavour, CEVNS_FLAVOUR_E);
    cr_assert_eq(c->antineutrino, 0);
    cr_assert_eq(c->per_second, 1);
    cr_assert_eq(c->kind, CEVNS_SHAPE_TABLE);
    assert_rel(qags_table(c), 1.0, 1e-10);
    /* Bahcall et al. 1996 table: 0 to 16.56 MeV in 0.02 MeV steps. */
    cr_assert_eq(c->knot_e[0], 0.0);
    assert_rel(c->knot_e[c->n_knots - 1], 16.56, 1e-15);
    cr_assert_eq(cevns_flux_shape(c, 17.0), 0.0);
    c = find(&f, "hep");
    assert_rel(c->normalisation, 7.93e3, 1e-15);
    assert_rel(qags_table(c), 1.0, 1e-10);
    cr_assert_eq(cevns_flux_shape(c, 19.0), 0.0);
    cr_assert_eq(cevns_flux_shape(c, 0.01), 0.0);
    cevns_flux_free(&f);
}

Test(flux, solar_given_total_and_table_pieces) {
    char b8[512], hep[512];
    cevns_solar_params p = solar_default(b8, hep, sizeof b8);
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    size_t i, n;
    const double *bp;
    p.use_hep = 0;
    p.b8_total = 5.25e6; /* SNO NC 8B total (PRC 88, 025501 (2013)) */
    cr_assert_eq(cevns_flux_create_solar(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(f.n, 1);
    c = &f.comp[0];
    assert_rel(c->normalisation, 5.25e6, 1e-15);
    bp = cevns_flux_breakpoints(c, &n);
    cr_assert_eq(n, c->n_knots);
    cr_assert_eq(bp, c->knot_e);
    cr_assert_eq(c->n_pieces, c->n_knots - 1);
    for (i = 0; i <= 20000; i++) {
        double e = 16.56 * (double)i / 20000.0;
        double s = cevns_flux_shape(c, e);
        cr_assert(fabs(pieces_at(c, e) - s) <= 1e-14 * fabs(s) + 1e-300, "at %g: %.17g vs %.17g", e, pieces_at(c, e),
                  s);
        cr_assert(c->piece_c[4 * (i % c->n_pieces) + 2] == 0.0 && c->piece_c[4 * (i % c->n_pieces) + 3] == 0.0);
    }
    cevns_flux_free(&f);
}

/* ---------------------------------------------------------------- reactor */

Test(flux, reactor_u235_nu_per_fission_and_power_normalisation) {
    cevns_reactor_params p = reactor_u235();
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    double nu_per_fission, fissions_per_s, expected;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    c = &f.comp[0];
    cr_assert_eq(c->kind, CEVNS_SHAPE_REACTOR);
    cr_assert_eq(c->flavour, CEVNS_FLAVOUR_E);
    cr_assert_eq(c->antineutrino, 1);
    cr_assert_eq(c->per_second, 1);
    cr_assert_eq(c->e_lo, 2.0);
    cr_assert_eq(c->e_hi, 8.0);
    /* nu per U235 fission in 2-8 MeV: GSL integral of Huber's exp-polynomial. */
    nu_per_fission = qags(u235_huber, NULL, 2.0, 8.0, 1e-13);
    cr_assert(nu_per_fission > 1.0 && nu_per_fission < 2.0, "nu/fission in 2-8 MeV = %g", nu_per_fission);
    assert_rel(1.0 / c->reactor_norm, nu_per_fission, 1e-11);
    /* P / E_f with E_f(U235) = 202.36 MeV (Ma et al., PRC 88, 014605 (2013)), 1 MeV = 1.602176634e-13 J. */
    fissions_per_s = 3000e6 / (202.36 * 1.602176634e-13);
    expected = fissions_per_s * nu_per_fission / (4.0 * TEST_PI * 2000.0 * 2000.0);
    assert_rel(c->normalisation, expected, 1e-11);
    cevns_flux_free(&f);
}

Test(flux, reactor_shape_unit_and_zero_outside) {
    cevns_reactor_params p = reactor_u235();
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    size_t n;
    const double *bp;
    p.fission_fraction[0] = 0.56;
    p.fission_fraction[1] = 0.08;
    p.fission_fraction[2] = 0.30;
    p.fission_fraction[3] = 0.06;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    c = &f.comp[0];
    assert_rel(qags(shape_for_gsl, c, 2.0, 8.0, 1e-13), 1.0, 1e-11);
    /* The fit is valid only above ~2 MeV: zero below e_lo and above e_hi. */
    cr_assert_eq(cevns_flux_shape(c, 1.99), 0.0);
    cr_assert_eq(cevns_flux_shape(c, 8.01), 0.0);
    cr_assert(cevns_flux_shape(c, 2.0) > 0.0);
    bp = cevns_flux_breakpoints(c, &n);
    cr_assert_eq(n, 2);
    cr_assert_eq(bp[0], 2.0);
    cr_assert_eq(bp[1], 8.0);
    cevns_flux_free(&f);
}

Test(flux, reactor_fractions_normalised_and_flux_override) {
    cevns_reactor_params p = reactor_u235();
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    p.fission_fraction[0] = 2.0;
    p.fission_fraction[2] = 2.0;
    p.flux_cm2_s = 4.8e13; /* Dresden-II analyses (data/README.md) */
    p.e_lo = 2.5;
    p.e_hi = 7.0;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    c = &f.comp[0];
    cr_assert_eq(c->reactor_frac[0], 0.5);
    cr_assert_eq(c->reactor_frac[1], 0.0);
    cr_assert_eq(c->reactor_frac[2], 0.5);
    cr_assert_eq(c->reactor_frac[3], 0.0);
    cr_assert_eq(c->normalisation, 4.8e13);
    cr_assert_eq(c->e_lo, 2.5);
    cr_assert_eq(c->e_hi, 7.0);
    assert_rel(qags(shape_for_gsl, c, 2.5, 7.0, 1e-13), 1.0, 1e-11);
    cevns_flux_free(&f);
}

Test(flux, reactor_hermite_pieces_within_1e9) {
    cevns_reactor_params p = reactor_u235();
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    double worst = 0.0;
    size_t i;
    p.fission_fraction[1] = 0.1;
    p.fission_fraction[2] = 0.3;
    p.fission_fraction[3] = 0.05;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    c = &f.comp[0];
    cr_assert(c->n_pieces >= 120, "step must be <= 0.05 MeV, got %zu pieces over 6 MeV", c->n_pieces);
    cr_assert_eq(c->piece_x[0], 2.0);
    cr_assert_eq(c->piece_x[c->n_pieces], 8.0);
    for (i = 0; i < c->n_pieces; i++) cr_assert(c->piece_x[i + 1] - c->piece_x[i] <= 0.05 + 1e-12);
    for (i = 0; i <= 200000; i++) {
        double e = 2.0 + 6.0 * (double)i / 200000.0;
        double s = cevns_flux_shape(c, e);
        double rel = fabs(pieces_at(c, e) - s) / s;
        if (rel > worst) worst = rel;
    }
    cr_assert(worst < 1e-9, "max relative error of the Hermite pieces %g", worst);
    cevns_flux_free(&f);
}

/* ---------------------------------------------------------------- table flux */

Test(flux, table_absolute_and_with_total) {
    char path[64];
    cevns_table_flux_params p;
    cevns_flux f;
    cevns_error err;
    cevns_flux_component *c;
    /* A triangle on [1, 3] peaking at 2 with height 2: area 2. */
    test_write_temp("/tmp/cevns_test_flux_XXXXXX", "# E dphi/dE\n1 0\n2 2\n3, 0\n", path, sizeof path);
    memset(&p, 0, sizeof p);
    p.file = path;
    p.flavour = CEVNS_FLAVOUR_MU;
    p.antineutrino = 1;
    p.name = "triangle";
    cr_assert_eq(cevns_flux_create_table(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    c = &f.comp[0];
    cr_assert_str_eq(c->name, "triangle");
    cr_assert_eq(c->flavour, CEVNS_FLAVOUR_MU);
    cr_assert_eq(c->antineutrino, 1);
    cr_assert_eq(c->per_second, 1);
    cr_assert_eq(c->normalisation, 2.0);
    cr_assert_eq(cevns_flux_shape(c, 2.0), 1.0);
    cr_assert_eq(cevns_flux_shape(c, 1.5), 0.5);
    cr_assert_eq(cevns_flux_shape(c, 0.5), 0.0);
    cr_assert_eq(cevns_flux_shape(c, 3.5), 0.0);
    assert_rel(qags_table(c), 1.0, 1e-12);
    cevns_flux_free(&f);
    p.total = 5.0;
    cr_assert_eq(cevns_flux_create_table(&p, &f, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(f.comp[0].normalisation, 5.0);
    cr_assert_eq(cevns_flux_shape(&f.comp[0], 2.0), 1.0);
    cevns_flux_free(&f);
    unlink(path);
}

/* ---------------------------------------------------------------- errors */

static cevns_status table_from_text(const char *text, cevns_error *err, char *path, size_t size) {
    cevns_table_flux_params p;
    cevns_flux f;
    cevns_status st;
    test_write_temp("/tmp/cevns_test_flux_XXXXXX", text, path, size);
    memset(&p, 0, sizeof p);
    p.file = path;
    st = cevns_flux_create_table(&p, &f, err);
    cr_assert_null(f.comp);
    cr_assert_eq(f.n, 0);
    unlink(path);
    return st;
}

Test(flux, error_missing_file) {
    cevns_table_flux_params p;
    cevns_flux f;
    cevns_error err;
    memset(&p, 0, sizeof p);
    p.file = "/nonexistent/cevns_flux.txt";
    cr_assert_eq(cevns_flux_create_table(&p, &f, &err), CEVNS_EDATA);
    cr_assert_not_null(strstr(err.msg, "/nonexistent/cevns_flux.txt"), "%s", err.msg);
}

Test(flux, error_solar_missing_file) {
    char b8[512], hep[512];
    cevns_solar_params p = solar_default(b8, hep, sizeof b8);
    cevns_flux f;
    cevns_error err;
    p.hep_file = "/nonexistent/hep.txt";
    cr_assert_eq(cevns_flux_create_solar(&p, &f, &err), CEVNS_EDATA);
    cr_assert_not_null(strstr(err.msg, "/nonexistent/hep.txt"), "%s", err.msg);
    cr_assert_null(f.comp);
}

Test(flux, error_non_increasing_energy) {
    char path[64];
    cevns_error err;
    cr_assert_eq(table_from_text("1 1\n2 1\n2 1\n", &err, path, sizeof path), CEVNS_EDATA);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "increasing"), "%s", err.msg);
}

Test(flux, error_negative_value) {
    char path[64];
    cevns_error err;
    cr_assert_eq(table_from_text("1 1\n2 -0.5\n3 1\n", &err, path, sizeof path), CEVNS_EDATA);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "row 2"), "%s", err.msg);
}

Test(flux, error_negative_energy) {
    char path[64];
    cevns_error err;
    cr_assert_eq(table_from_text("-1 1\n2 1\n", &err, path, sizeof path), CEVNS_EDATA);
    cr_assert_not_null(strstr(err.msg, "energy"), "%s", err.msg);
}

Test(flux, error_nan_value) {
    char path[64];
    cevns_error err;
    cr_assert_eq(table_from_text("1 1\n2 nan\n3 1\n", &err, path, sizeof path), CEVNS_EDATA);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
}

Test(flux, error_single_row_and_zero_area) {
    char path[64];
    cevns_error err;
    cr_assert_eq(table_from_text("1 1\n", &err, path, sizeof path), CEVNS_EDATA);
    cr_assert_eq(table_from_text("1 0\n2 0\n", &err, path, sizeof path), CEVNS_EDATA);
}

Test(flux, error_sns_zero_distance) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    p.distance_m = 0.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "source.distance_m"), "%s", err.msg);
    cr_assert_null(f.comp);
    p = sns_textbook();
    p.distance_m = -3.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
}

Test(flux, error_sns_no_pot) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    p.pot = 0.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "source.pot"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "source.beam_power_MW"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "source.coulombs"), "%s", err.msg);
}

Test(flux, error_sns_two_pot_specifications) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    p.coulombs = 22000.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "more than once"), "%s", err.msg);
    p = sns_textbook();
    p.beam_power_MW = 1.4;
    p.beam_hours = 1.0;
    p.proton_energy_GeV = 1.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
}

Test(flux, error_sns_incomplete_beam_and_bad_yield) {
    cevns_sns_params p = sns_textbook();
    cevns_flux f;
    cevns_error err;
    p.pot = 0.0;
    p.beam_power_MW = 1.4;
    p.beam_hours = 1.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "source.proton_energy_GeV"), "%s", err.msg);
    p = sns_textbook();
    p.nu_per_proton[1] = 0.0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "nu_per_proton[1]"), "%s", err.msg);
    p = sns_textbook();
    p.use_prompt = p.use_delayed_nue = p.use_delayed_numubar = 0;
    cr_assert_eq(cevns_flux_create_sns(&p, &f, &err), CEVNS_ECONFIG);
}

Test(flux, error_reactor_inputs) {
    cevns_reactor_params p = reactor_u235();
    cevns_flux f;
    cevns_error err;
    p.distance_m = 0.0;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_ECONFIG);
    cr_assert_not_null(strstr(err.msg, "source.distance_m"), "%s", err.msg);
    cr_assert_null(f.comp);
    p = reactor_u235();
    p.fission_fraction[0] = 0.0;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_ECONFIG);
    p = reactor_u235();
    p.fission_fraction[3] = -0.1;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_ECONFIG);
    p = reactor_u235();
    p.e_lo = 9.0;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_ECONFIG);
    p = reactor_u235();
    p.thermal_power_MW = 0.0;
    cr_assert_eq(cevns_flux_create_reactor(&p, &f, &err), CEVNS_ECONFIG);
}

Test(flux, free_accepts_null_and_zeroed) {
    cevns_flux f;
    memset(&f, 0, sizeof f);
    cevns_flux_free(NULL);
    cevns_flux_free(&f);
    cevns_flux_free(&f);
    cr_assert_null(f.comp);
}
