/* test_rate.c - the fast path (fixed Gauss-Legendre recoil nodes, exact flux
 * moments) against the reference (GSL adaptive quadrature in the opposite
 * integration order) on every shipped config: SM, active magnetic moment, and
 * the sterile dipole portal for m4 from 0 up to the kinematic limit of the
 * source (docs/validation.md).
 *
 * Criterion: every bin total agrees to <= 1e-6 relative; every (bin, flux,
 * interaction) cell agrees to <= 1e-6 relative, or absolutely to 1e-12 of the
 * config's total counts (cells of ~1e-13 events at a spectrum's kinematic
 * endpoint converge more slowly; see docs/validation.md). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cevns/experiment.h"

#define REL_TOL 1e-6
#define ABS_FLOOR 1e-12

static cevns_experiment *load(const char *name, int magnetic, int sterile) {
    char path[512];
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    snprintf(path, sizeof path, "%s/configs/%s", CEVNS_SOURCE_DIR, name);
    cr_assert_eq(cevns_config_load(path, cfg, &err), CEVNS_OK, "%s: %s", name, err.msg);
    cfg->model.use_sm = 1;
    cfg->model.use_magnetic = magnetic;
    cfg->model.use_sterile = sterile;
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s: %s", name, err.msg);
    free(cfg);
    return e;
}

static void compare(const cevns_experiment *e, const cevns_params *p, const char *what) {
    size_t nb = cevns_experiment_n_bins(e), nf = cevns_experiment_n_flux(e), stride = nf * CEVNS_N_INTERACTIONS;
    size_t n = nb * stride, b, k;
    double *fast = calloc(n, sizeof *fast), *ref = calloc(n, sizeof *ref), total = 0.0;
    cevns_error err = {""};
    cr_assert(fast && ref);
    cr_assert_eq(cevns_experiment_rate(e, p, CEVNS_INTEGRATOR_FIXED, 0.0, fast, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(cevns_experiment_rate(e, p, CEVNS_INTEGRATOR_REFERENCE, 1e-10, ref, &err), CEVNS_OK, "%s: %s", what,
                 err.msg);
    for (k = 0; k < n; k++) total += ref[k];
    cr_assert(total > 0.0, "%s: no events at all", what);
    for (b = 0; b < nb; b++) {
        double sf = 0.0, sr = 0.0;
        for (k = 0; k < stride; k++) {
            double f = fast[b * stride + k], r = ref[b * stride + k];
            sf += f;
            sr += r;
            cr_expect(fabs(f - r) <= REL_TOL * fabs(r) + ABS_FLOOR * total,
                      "%s: bin %zu cell %zu: fixed %.12e reference %.12e (rel %.2e)", what, b, k, f, r,
                      r != 0.0 ? fabs(f / r - 1.0) : fabs(f));
        }
        cr_expect(fabs(sf - sr) <= REL_TOL * fabs(sr), "%s: bin %zu total: fixed %.12e reference %.12e", what, b, sf,
                  sr);
    }
    free(fast);
    free(ref);
}

/* SM and magnetic at the config's point, then the sterile portal for m4 from 0
 * to just below the kinematic limit of the highest neutrino energy e_top. */
static void check_config(const char *name, double e_top) {
    static const double fractions[] = {0.0, 1e-3, 0.05, 0.3, 0.7, 0.95, 0.995};
    cevns_experiment *e = load(name, 1, 1);
    cevns_params p;
    size_t i;
    char what[160];
    cevns_experiment_default_params(e, &p);
    p.mu_nu[0] = p.mu_nu[1] = p.mu_nu[2] = 1e-9;
    for (i = 0; i < sizeof fractions / sizeof fractions[0]; i++) {
        p.m4_MeV = fractions[i] * e_top;
        snprintf(what, sizeof what, "%s m4=%g MeV", name, p.m4_MeV);
        compare(e, &p, what);
    }
    cevns_experiment_free(e);
}

/* Largest neutrino energies: m_mu/2 = 52.83 MeV (stopped pions), 16.36 MeV for the
 * 8B table end... the hep end point is 18.77 MeV; the reactor spectrum stops at 8 MeV. */
Test(rate_fixed_vs_reference, coherent_csi2017, .timeout = 600) { check_config("coherent_csi2017.json", 52.83); }
Test(rate_fixed_vs_reference, coherent_csi2021, .timeout = 600) { check_config("coherent_csi2021.json", 52.83); }
Test(rate_fixed_vs_reference, coherent_lar2020, .timeout = 600) { check_config("coherent_lar2020.json", 52.83); }
Test(rate_fixed_vs_reference, cdex10_solar, .timeout = 600) { check_config("cdex10_solar.json", 18.77); }
Test(rate_fixed_vs_reference, dresden2_reactor, .timeout = 600) { check_config("dresden2_reactor.json", 8.0); }
Test(rate_fixed_vs_reference, sns_seed000_ne, .timeout = 600) { check_config("sns_seed000_ne.json", 52.83); }
Test(rate_fixed_vs_reference, sns_seed000_ar, .timeout = 600) { check_config("sns_seed000_ar.json", 52.83); }
Test(rate_fixed_vs_reference, sns_seed000_ge, .timeout = 600) { check_config("sns_seed000_ge.json", 52.83); }
Test(rate_fixed_vs_reference, sns_seed000_xe, .timeout = 600) { check_config("sns_seed000_xe.json", 52.83); }

/* Sterile -> active: at m4 = 0 the sterile counts equal the magnetic counts in
 * every cell (PHYSICS.md §4), for a line source and Michel spectra. */
Test(rate_limits, sterile_equals_magnetic_at_zero_mass) {
    cevns_experiment *e = load("coherent_csi2017.json", 1, 1);
    size_t nb = cevns_experiment_n_bins(e), nf = cevns_experiment_n_flux(e), b, f;
    double *c = calloc(nb * nf * CEVNS_N_INTERACTIONS, sizeof *c);
    cevns_params p;
    cevns_error err = {""};
    cevns_experiment_default_params(e, &p);
    p.mu_nu[0] = p.mu_nu[1] = p.mu_nu[2] = 3e-9;
    p.m4_MeV = 0.0;
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, c, &err), CEVNS_OK, "%s", err.msg);
    for (b = 0; b < nb; b++)
        for (f = 0; f < nf; f++) {
            double mag = c[(b * nf + f) * CEVNS_N_INTERACTIONS + CEVNS_INTERACTION_MAGNETIC];
            double ste = c[(b * nf + f) * CEVNS_N_INTERACTIONS + CEVNS_INTERACTION_STERILE];
            cr_expect(fabs(mag - ste) <= 1e-13 * fabs(mag), "bin %zu flux %zu: %.15e vs %.15e", b, f, mag, ste);
        }
    free(c);
    cevns_experiment_free(e);
}

/* Counts scale exactly as mu_nu^2 (magnetic) and linearly with the normalisation. */
Test(rate_limits, magnetic_scales_as_mu_squared) {
    cevns_experiment *e = load("cdex10_solar.json", 1, 0);
    size_t n = cevns_experiment_n_bins(e) * cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS, k;
    double *a = calloc(n, sizeof *a), *b2 = calloc(n, sizeof *b2);
    cevns_params p;
    cevns_error err = {""};
    cevns_experiment_default_params(e, &p);
    p.mu_nu[0] = 1e-9;
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, a, &err), CEVNS_OK);
    p.mu_nu[0] = 3e-9;
    p.normalisation = 2.0;
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, b2, &err), CEVNS_OK);
    for (k = 0; k < n; k++) {
        double expect = (k % CEVNS_N_INTERACTIONS == CEVNS_INTERACTION_MAGNETIC ? 18.0 : 2.0) * a[k];
        cr_expect(fabs(b2[k] - expect) <= 1e-12 * fabs(expect), "cell %zu: %.15e vs %.15e", k, b2[k], expect);
    }
    free(a);
    free(b2);
    cevns_experiment_free(e);
}

/* Shape of the COHERENT LAr 2020 CEvNS prediction against the release's CEvNS
 * column (data/coherent/lar2020/energydata1d.txt, column 4, normalised to the best
 * fit, hence shapes only).  The release's prediction comes from the collaboration's
 * full detector simulation; ours uses the released QF, efficiency and resolution
 * only, so bin fractions are compared to 0.025 absolute. */
Test(rate_published, lar2020_shape_matches_release) {
    cevns_experiment *e = load("coherent_lar2020.json", 0, 0);
    size_t nb = cevns_experiment_n_bins(e), nf = cevns_experiment_n_flux(e), b, k;
    double *c = calloc(nb * nf * CEVNS_N_INTERACTIONS, sizeof *c), ours[64] = {0}, rel[64] = {0}, so = 0, sr = 0;
    char line[512], path[512];
    FILE *fp;
    size_t nrel = 0;
    cevns_params p;
    cevns_error err = {""};
    cevns_experiment_default_params(e, &p);
    cr_assert_eq(cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, c, &err), CEVNS_OK);
    for (b = 0; b < nb; b++) {
        for (k = 0; k < nf * CEVNS_N_INTERACTIONS; k++) ours[b] += c[b * nf * CEVNS_N_INTERACTIONS + k];
        so += ours[b];
    }
    snprintf(path, sizeof path, "%s/data/coherent/lar2020/energydata1d.txt", CEVNS_SOURCE_DIR);
    fp = fopen(path, "r");
    cr_assert_not_null(fp);
    while (fgets(line, sizeof line, fp) && nrel < 64) {
        double center, data, stat, cevns;
        if (line[0] == '#') continue;
        if (sscanf(line, "%lf %lf %lf %lf", &center, &data, &stat, &cevns) == 4) {
            rel[nrel++] = cevns;
            sr += cevns;
        }
    }
    fclose(fp);
    cr_assert_eq(nrel, nb, "release has %zu bins, config %zu", nrel, nb);
    for (b = 0; b < nb; b++)
        cr_expect(fabs(ours[b] / so - rel[b] / sr) < 0.025, "bin %zu: our fraction %.4f, release %.4f", b, ours[b] / so,
                  rel[b] / sr);
    free(c);
    cevns_experiment_free(e);
}
