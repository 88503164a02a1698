/* flux_reactor.c - reactor anti-nu_e (PHYSICS.md §5).
 *
 * Per fission of isotope i: dN_i/dE = exp(sum_{k=1..6} a_ik E^(k-1)), E in MeV.
 *   U235, Pu239, Pu241: P. Huber, Phys. Rev. C 84, 024617 (2011), Table III
 *                       (arXiv:1106.0687);
 *   U238:               Th. A. Mueller et al., Phys. Rev. C 83, 054615 (2011),
 *                       Table VI (arXiv:1101.2663).
 * The values were cross-checked against independent public codes quoting the
 * same tables: murataltinli/ERNIE (src/Reactor_Antineutrino_Flux.cc) and a
 * TypeScript reactor tool whose V_FIT_PARAMS cite "Huber 2011 table 3" and
 * "Mueller 2011 table 6" agree digit for digit (a third copy has the typo
 * 6.185e-2 for the U235 a_5).
 *
 * Both fits are valid only above ~2 MeV (the converted beta spectra end near
 * there), so the shape is set to ZERO below e_lo (default 2.0 MeV) and above
 * e_hi (default 8.0 MeV), rather than extrapolating the exponential
 * polynomial.  The mix sum_i f_i dN_i/dE (f_i = fission-rate fractions,
 * normalised to 1) is normalised to 1 over [e_lo, e_hi].
 *
 * Absolute flux, when not given directly: fissions/s = P_th / sum_i f_i E_i with
 * the energy released per fission E_i of X. B. Ma et al., Phys. Rev. C 88,
 * 014605 (2013) (arXiv:1212.6625): 202.36, 205.99, 211.12, 214.26 MeV for U235,
 * U238, Pu239, Pu241 (as quoted, with that citation, in ERNIE and in a second
 * independent reactor-spectrum code).  The older Kopeikin, Mikaelyan & Sinev
 * values (Phys. Atom. Nucl. 67, 1892 (2004)) are 201.92, 205.52, 209.99,
 * 213.60 MeV, 0.2-0.5 % lower.  Then flux = fissions/s * nu_per_fission /
 * (4 pi L^2) with nu_per_fission the integral of the mix over [e_lo, e_hi]. */
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/model.h"
#include "common/constants.h"
#include "common/xsec.h"
#include "model/flux_internal.h"

#define REACTOR_E_LO_DEFAULT 2.0  /* MeV */
#define REACTOR_E_HI_DEFAULT 8.0  /* MeV */
#define REACTOR_E_HI_MAX 12.0     /* MeV: the fits end near 8 MeV; at 12 MeV the shape is ~1e-10 */
#define REACTOR_PIECE_STEP 0.05   /* MeV: largest Hermite step */
#define REACTOR_PIECE_TOL 1e-10   /* relative error of the Hermite pieces */
#define MEV_TO_J 1.602176634e-13  /* 1 MeV in joules (exact, SI 2019) */

enum { ISO_U235, ISO_U238, ISO_PU239, ISO_PU241, ISO_COUNT };

static const char *const iso_names[ISO_COUNT] = {"U235", "U238", "Pu239", "Pu241"};

/* a_k, k = 1..6 (Huber 2011 Table III; Mueller 2011 Table VI for U238). */
static const double iso_coeff[ISO_COUNT][6] = {
    {4.367, -4.577, 2.100, -5.294e-1, 6.186e-2, -2.777e-3},          /* U235  Huber */
    {4.833e-1, 1.927e-1, -1.283e-1, -6.762e-3, 2.233e-3, -1.536e-4}, /* U238  Mueller */
    {4.757, -5.392, 2.563, -6.596e-1, 7.820e-2, -3.536e-3},          /* Pu239 Huber */
    {2.990, -2.882, 1.278, -3.343e-1, 3.905e-2, -1.754e-3},          /* Pu241 Huber */
};

/* Energy released per fission, MeV (Ma et al. 2013). */
static const double iso_energy_mev[ISO_COUNT] = {202.36, 205.99, 211.12, 214.26};

/* exp(poly(E)) and, if wanted, its derivative exp(poly) * poly'(E). */
static double iso_spectrum(const double *a, double e, double *deriv) {
    double p = a[5], dp = 5.0 * a[5];
    int k;
    for (k = 4; k >= 0; k--) p = p * e + a[k];
    for (k = 4; k >= 1; k--) dp = dp * e + (double)k * a[k];
    p = exp(p);
    if (deriv) *deriv = p * dp;
    return p;
}

double cevns_reactor_mix(const double frac[4], double e, double *deriv) {
    double sum = 0.0, dsum = 0.0;
    int i;
    for (i = 0; i < ISO_COUNT; i++) {
        double d = 0.0;
        if (frac[i] == 0.0) continue;
        sum += frac[i] * iso_spectrum(iso_coeff[i], e, deriv ? &d : NULL);
        dsum += frac[i] * d;
    }
    if (deriv) *deriv = dsum;
    return sum;
}

/* ---------------------------------------------------------------- integral */

static double mix_for_gsl(double e, void *frac) { return cevns_reactor_mix((const double *)frac, e, NULL); }

/* Composite 20-point Gauss-Legendre over [lo, hi] in 0.1 MeV panels: the mix
 * is entire and slowly varying, so this is exact to rounding. */
static cevns_status mix_integral(const double frac[4], double lo, double hi, double *out, cevns_error *err) {
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(20);
    gsl_function fn;
    size_t n = (size_t)ceil((hi - lo) / 0.1), j;
    double sum = 0.0, h;
    if (!gl) return cevns_error_set(err, CEVNS_ENOMEM, "reactor flux: out of memory for the quadrature table");
    if (n < 1) n = 1;
    h = (hi - lo) / (double)n;
    fn.function = mix_for_gsl;
    fn.params = (void *)frac;
    for (j = 0; j < n; j++) {
        double a = lo + (double)j * h, b = (j + 1 == n) ? hi : lo + (double)(j + 1) * h;
        sum += gsl_integration_glfixed(&fn, a, b, gl);
    }
    gsl_integration_glfixed_table_free(gl);
    *out = sum;
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- parameters */

static cevns_status normalise_fractions(const double in[4], double out[4], cevns_error *err) {
    double sum = 0.0;
    int i;
    for (i = 0; i < ISO_COUNT; i++) {
        if (!(in[i] >= 0.0) || !isfinite(in[i]))
            return cevns_error_set(err, CEVNS_ECONFIG, "source.fission_fraction[%d] (%s): must be >= 0, got %g", i,
                                   iso_names[i], in[i]);
        sum += in[i];
    }
    if (!(sum > 0.0))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.fission_fraction: at least one of U235, U238, Pu239, Pu241 must be > 0");
    for (i = 0; i < ISO_COUNT; i++) out[i] = in[i] / sum;
    return CEVNS_OK;
}

static cevns_status energy_range(const cevns_reactor_params *p, double *lo, double *hi, cevns_error *err) {
    *lo = p->e_lo != 0.0 ? p->e_lo : REACTOR_E_LO_DEFAULT;
    *hi = p->e_hi != 0.0 ? p->e_hi : REACTOR_E_HI_DEFAULT;
    if (!(*lo > 0.0) || !(*hi > *lo) || !(*hi <= REACTOR_E_HI_MAX))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.e_lo, source.e_hi: need 0 < e_lo < e_hi <= %g MeV (0 selects %g and %g), got "
                               "%g and %g",
                               REACTOR_E_HI_MAX, REACTOR_E_LO_DEFAULT, REACTOR_E_HI_DEFAULT, *lo, *hi);
    return CEVNS_OK;
}

static cevns_status check_normalisation_inputs(const cevns_reactor_params *p, cevns_error *err) {
    if (!(p->flux_cm2_s >= 0.0) || !isfinite(p->flux_cm2_s))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.flux_cm2_s: must be >= 0 (0 = use power and distance), got %g", p->flux_cm2_s);
    if (p->flux_cm2_s > 0.0) return CEVNS_OK;
    if (!(p->thermal_power_MW > 0.0) || !isfinite(p->thermal_power_MW))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.thermal_power_MW: must be > 0 when source.flux_cm2_s is not given, got %g",
                               p->thermal_power_MW);
    if (!(p->distance_m > 0.0) || !isfinite(p->distance_m))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.distance_m: must be > 0 when source.flux_cm2_s is not given, got %g",
                               p->distance_m);
    return CEVNS_OK;
}

/* Flux at the detector from thermal power: P / <E_f> * nu_per_fission / (4 pi L^2). */
static double flux_from_power(const cevns_reactor_params *p, const double frac[4], double nu_per_fission) {
    double mean_energy_mev = 0.0, fissions_per_s, l_cm = p->distance_m * 100.0;
    int i;
    for (i = 0; i < ISO_COUNT; i++) mean_energy_mev += frac[i] * iso_energy_mev[i];
    fissions_per_s = p->thermal_power_MW * 1e6 / (mean_energy_mev * MEV_TO_J);
    return fissions_per_s * nu_per_fission / (4.0 * CEVNS_PI * l_cm * l_cm);
}

/* ---------------------------------------------------------------- component */

static double shape_for_hermite(const void *ctx, double e, double *deriv) {
    const cevns_flux_component *c = ctx;
    double v = c->reactor_norm * cevns_reactor_mix(c->reactor_frac, e, deriv);
    if (deriv) *deriv *= c->reactor_norm;
    return v;
}

/* Knots {e_lo, e_hi} with the shape there: the edges of the support. */
static cevns_status set_edge_knots(cevns_flux_component *c, cevns_error *err) {
    c->knot_e = malloc(2 * sizeof *c->knot_e);
    c->knot_v = malloc(2 * sizeof *c->knot_v);
    if (!c->knot_e || !c->knot_v) return cevns_error_set(err, CEVNS_ENOMEM, "reactor flux: out of memory");
    c->n_knots = 2;
    c->knot_e[0] = c->e_lo;
    c->knot_e[1] = c->e_hi;
    c->knot_v[0] = cevns_flux_shape(c, c->e_lo);
    c->knot_v[1] = cevns_flux_shape(c, c->e_hi);
    return CEVNS_OK;
}

static cevns_status reactor_component(const cevns_reactor_params *p, cevns_flux_component *c, cevns_error *err) {
    double nu_per_fission = 0.0;
    cevns_status st = normalise_fractions(p->fission_fraction, c->reactor_frac, err);
    if (st == CEVNS_OK) st = energy_range(p, &c->e_lo, &c->e_hi, err);
    if (st == CEVNS_OK) st = check_normalisation_inputs(p, err);
    if (st == CEVNS_OK) st = mix_integral(c->reactor_frac, c->e_lo, c->e_hi, &nu_per_fission, err);
    if (st != CEVNS_OK) return st;
    if (!(nu_per_fission > 0.0) || !isfinite(nu_per_fission))
        return cevns_error_set(err, CEVNS_ENUMERIC, "reactor flux: spectrum integral over [%g, %g] MeV is %g",
                               c->e_lo, c->e_hi, nu_per_fission);
    cevns_flux_set_name(c, "reactor_nuebar");
    c->kind = CEVNS_SHAPE_REACTOR;
    c->flavour = CEVNS_FLAVOUR_E;
    c->antineutrino = 1;
    c->per_second = 1;
    c->reactor_norm = 1.0 / nu_per_fission;
    c->normalisation = p->flux_cm2_s > 0.0 ? p->flux_cm2_s : flux_from_power(p, c->reactor_frac, nu_per_fission);
    st = set_edge_knots(c, err);
    if (st != CEVNS_OK) return st;
    return cevns_flux_build_hermite(c, shape_for_hermite, c, c->e_lo, c->e_hi, REACTOR_PIECE_STEP,
                                    REACTOR_PIECE_TOL, err);
}

cevns_status cevns_flux_create_reactor(const cevns_reactor_params *p, cevns_flux *out, cevns_error *err) {
    cevns_status st = cevns_flux_alloc(out, 1, err);
    if (st != CEVNS_OK) return st;
    st = reactor_component(p, &out->comp[0], err);
    if (st != CEVNS_OK) {
        cevns_flux_free(out);
        return st;
    }
    snprintf(out->description, sizeof out->description,
             "reactor anti-nu_e (Huber-Mueller), fractions %.3g/%.3g/%.3g/%.3g, %g-%g MeV",
             out->comp[0].reactor_frac[0], out->comp[0].reactor_frac[1], out->comp[0].reactor_frac[2],
             out->comp[0].reactor_frac[3], out->comp[0].e_lo, out->comp[0].e_hi);
    return CEVNS_OK;
}
