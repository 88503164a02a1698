/* test_separable.c - the separable fast path (kernels/common/separable.h, run by the
 * engines as a scan's path) against the direct path (the CPU fast path on the same
 * grid points): expected counts per bin to <= 1e-10 relative on the scans of the
 * shipped configs, on axes of every separable kind, on random grids around random
 * points (a fresh seed each run, printed), and chi2 maps of whole scans with and
 * without --direct. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cevns/results.h"
#include "cevns/scan.h"
#include "common/scan.h"
#include "common/separable.h"
#include "common/xsec.h"
#include "test_couplings.h"
#include "engine/engine.h"
#include "experiment/experiment_internal.h"
#include "scan/scan_internal.h"
#include "test_support.h"

#define REL_TOL 1e-10
#define CHUNK 2048


/* Axis i of cfg: n values from lo to hi (log or linear), or the given list. */
static void set_axis(cevns_config *cfg, int i, const char *name, cevns_axis_kind kind, int eps_index, int n, double lo,
                     double hi, int log_spacing, const double *list) {
    cevns_axis_config *a = &cfg->scan.axes[i];
    int k;
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", name);
    a->kind = kind;
    a->eps_index = eps_index;
    a->n = n;
    a->spacing = list ? CEVNS_SPACING_LIST : log_spacing ? CEVNS_SPACING_LOG : CEVNS_SPACING_LINEAR;
    for (k = 0; k < n; k++)
        a->values[k] = list ? list[k]
                       : n == 1    ? lo
                       : log_spacing ? exp(log(lo) + (log(hi) - log(lo)) * k / (n - 1))
                                     : lo + (hi - lo) * k / (n - 1);
    a->lo = a->values[0];
    a->hi = a->values[n - 1];
    if (cfg->scan.n_axes < i + 1) cfg->scan.n_axes = i + 1;
}

/* Largest neutrino energy of the experiment's fluxes. */
static double top_energy(const cevns_experiment *e) {
    double e_top = 0.0;
    int k;
    for (k = 0; k < e->plan.hdr.n_flux; k++) {
        const cevns_pod_flux *f = &e->plan.flux[k];
        e_top = fmax(e_top, f->is_line ? f->e_line : f->e_max);
    }
    return e_top;
}

/* Separable counts of every grid point (in chunks, as a scan asks for them) against the
 * direct path (cevns_cpu_direct, the CPU fast path) on n_check random grid points plus
 * the first and last; returns the largest relative difference.  The data are made
 * Asimov with no background and no pulls, so that the counts are exposure x signal. */
static double compare_paths(cevns_config *cfg, size_t n_check, unsigned long long *seed, const char *what) {
    cevns_scan *sep = NULL;
    cevns_scan_settings set;
    cevns_error err = {""};
    const cevns_scan_plan *plan;
    size_t nb, n_map, n_sel, i, b, start, nonzero = 0;
    double *all, worst = 0.0;
    int a;
    cfg->data.kind = CEVNS_DATA_ASIMOV;
    cfg->data.file[0] = '\0';
    cfg->data.background.type = CEVNS_BKG_NONE;
    cfg->data.n_backgrounds = 0;
    cfg->data.n_pulls = 0;
    cfg->scan.statistic = CEVNS_STAT_POISSON;
    for (a = 0; a < cfg->scan.n_axes; a++) cfg->scan.axes[a].profile = 0;
    cevns_scan_settings_default(&set);
    set.engine = "cpu";
    set.counts = 1;
    cr_assert_eq(cevns_scan_create(cfg, &set, &sep, &err), CEVNS_OK, "%s: %s", what, err.msg);
    cr_assert_str_eq(cevns_scan_path_name(sep), "separable", "%s: separable path not taken", what);
    plan = cevns_scan_plan_of(sep);
    nb = cevns_scan_n_bins(sep);
    n_map = cevns_scan_map_points(sep);
    all = malloc(n_map * nb * sizeof *all);
    cr_assert_not_null(all);
    for (i = 0; i < n_map * nb; i++) all[i] = NAN;
    for (start = 0; start < n_map; start += CHUNK) {
        size_t n = n_map - start < CHUNK ? n_map - start : CHUNK;
        double chi2[CHUNK];
        cr_assert_eq(cevns_scan_evaluate(sep, start, n, chi2, all + start * nb, &err), CEVNS_OK, "%s: %s", what,
                     err.msg);
    }
    n_sel = n_check + 2 < n_map ? n_check + 2 : n_map;
    for (i = 0; i < n_sel; i++) {
        size_t s = n_sel == n_map ? i : i == 0 ? 0 : i == 1 ? n_map - 1 : (size_t)(test_uniform(seed) * (double)n_map);
        int idx[CEVNS_GRID_MAX_AXES];
        cevns_pod_point pt;
        double expo, *ref = malloc(nb * sizeof *ref);
        cr_assert_not_null(ref);
        cevns_scan_item(&plan->grid, plan->grid_values, &plan->base, (cevns_i64)s, 1, idx, &pt, &expo);
        cr_assert_eq(cevns_cpu_direct(plan->rate, &pt, 1, 0, NULL, ref, &err), CEVNS_OK, "%s", err.msg);
        for (b = 0; b < nb; b++) {
            double got = all[s * nb + b], want = expo * ref[b], d = fabs(got - want);
            double rel = want != 0.0 ? d / fabs(want) : (d > 0.0 || isnan(got) ? INFINITY : 0.0);
            if (!(rel <= worst)) worst = rel;
            nonzero += want != 0.0;
            cr_expect(d <= REL_TOL * fabs(want), "%s: point %zu bin %zu: separable %.17e vs direct %.17e (rel %.2e)",
                      what, s, b, got, want, rel);
        }
        free(ref);
    }
    for (i = 0; i < n_map * nb; i++) cr_assert(isfinite(all[i]), "%s: value %zu not written", what, i);
    cr_expect(4 * nonzero >= n_sel * nb, "%s: only %zu of %zu compared counts are nonzero", what, nonzero, n_sel * nb);
    fprintf(stderr, "test_separable: %-44s %8zu points, %3zu compared: max rel. diff. %.2e\n", what, n_map, n_sel,
            worst);
    free(all);
    cevns_scan_free(sep);
    return worst;
}

/* ---------------------------------------------------------------- the contraction */
Test(separable, weights_reproduce_the_weak_charge) {
    unsigned long long seed = 12345;
    int trial, k;
    for (trial = 0; trial < 2000; trial++) {
        cevns_pod_point pt;
        double w[CEVNS_SEP_WEIGHTS], z = 1.0 + floor(100.0 * test_uniform(&seed)), n = floor(150.0 * test_uniform(&seed));
        double fp = test_uniform(&seed), fn = test_uniform(&seed), pp, pn, nn, q2;
        int beta = trial % 3;
        memset(&pt, 0, sizeof pt);
        pt.sin2w = 0.2 + 0.1 * test_uniform(&seed);
        for (k = 0; k < 9; k++) { /* symmetric, as the grid sets them */
            int a = k / 3, b = k % 3;
            if (b < a) continue;
            pt.eps_u[a * 3 + b] = pt.eps_u[b * 3 + a] = trial % 2 ? 2.0 * test_uniform(&seed) - 1.0 : 0.0;
            pt.eps_d[a * 3 + b] = pt.eps_d[b * 3 + a] = 2.0 * test_uniform(&seed) - 1.0;
        }
        pt.mu_nu[beta] = 1e-10 * test_uniform(&seed);
        cevns_separable_weights(&pt, beta, CEVNS_SEP_WEIGHTS, w);
        pp = w[CEVNS_BASIS_PP] * z * z * fp * fp;
        pn = w[CEVNS_BASIS_PN] * z * n * fp * fn;
        nn = w[CEVNS_BASIS_NN] * n * n * fn * fn;
        q2 = test_weak_charge2(z, n, fp, fn, pt.sin2w, pt.eps_u, pt.eps_d, beta);
        cr_expect(fabs(pp + pn + nn - q2) <= 1e-14 * (fabs(pp) + fabs(pn) + fabs(nn)), "trial %d: %.17e vs %.17e", trial,
                  pp + pn + nn, q2);
        cr_expect_eq(w[CEVNS_BASIS_MAG], pt.mu_nu[beta] * pt.mu_nu[beta]);
    }
}

/* The full weights contract the basis cells of every function pair to the vector charge of
 * couplings.h at any values of the functions phi_k, and the scalar weights to its charge. */
Test(separable, full_weights_reproduce_the_vector_and_scalar_charges) {
    unsigned long long seed = 4242;
    for (int trial = 0; trial < 2000; trial++) {
        cevns_pod_point pt;
        double w[CEVNS_SEP_WEIGHTS_ALL], phi[CEVNS_N_VF], sum = 0.0, scale = 0.0, q2, s2;
        double z = 1.0 + floor(100.0 * test_uniform(&seed)), n = floor(150.0 * test_uniform(&seed));
        double zf = z * test_uniform(&seed), nf = n * test_uniform(&seed);
        int beta = trial % 3;
        cevns_point_clear(&pt);
        pt.sin2w = 0.2 + 0.1 * test_uniform(&seed);
        for (int k = 0; k < 9; k++) {
            int a = k / 3, b = k % 3;
            if (b < a) continue;
            pt.eps_u[a * 3 + b] = pt.eps_u[b * 3 + a] = 0.2 * test_uniform(&seed) - 0.1;
            pt.r2[a * 3 + b] = pt.r2[b * 3 + a] = 1e-32 * (2.0 * test_uniform(&seed) - 1.0);
            pt.qnu[a * 3 + b] = pt.qnu[b * 3 + a] = 1e-8 * (2.0 * test_uniform(&seed) - 1.0);
        }
        for (int k = 0; k < 4; k++) pt.gp_shift[k] = 0.01 * test_uniform(&seed);
        pt.zp_g = 1e-4 * test_uniform(&seed);
        pt.zp_qp = 3.0 * test_uniform(&seed);
        pt.zp_qn = 3.0 * test_uniform(&seed);
        pt.sc_g = 1e-5 * test_uniform(&seed);
        pt.sc_qp = 15.1;
        pt.sc_qn = 14.0;
        for (int k = 0; k < 3; k++) pt.zp_qnu[k] = pt.sc_qnu[k] = 2.0 * test_uniform(&seed) - 1.0;
        phi[0] = 1.0;
        phi[1] = 1e-4 * test_uniform(&seed);
        phi[2] = 1e-3 * test_uniform(&seed);
        cevns_separable_weights(&pt, beta, CEVNS_SEP_WEIGHTS_ALL, w);
        for (int p = 0; p < CEVNS_N_VF_PAIRS; p++) {
            int k, l, r = cevns_basis_vector_cell(p) - (p > 0);
            double f;
            cevns_vf_pair(p, &k, &l);
            f = phi[k] * phi[l];
            sum += f * (w[r] * zf * zf + w[r + 1] * zf * nf + w[r + 2] * nf * nf);
            scale += f * (fabs(w[r]) * zf * zf + fabs(w[r + 1]) * zf * nf + fabs(w[r + 2]) * nf * nf);
        }
        q2 = cevns_vector_charge2(&pt, beta, zf, nf, phi);
        cr_expect(fabs(sum - q2) <= 1e-13 * scale, "trial %d: %.17e vs %.17e", trial, sum, q2);
        s2 = w[CEVNS_BASIS_SCALAR - 1] * zf * zf + w[CEVNS_BASIS_SCALAR] * zf * nf + w[CEVNS_BASIS_SCALAR + 1] * nf * nf;
        cr_expect(fabs(s2 - cevns_scalar_charge2(&pt, beta, zf, nf)) <= 1e-13 * cevns_scalar_charge2(&pt, beta, zf, nf),
                  "trial %d scalar", trial);
        cr_expect_eq(w[CEVNS_BASIS_AXIAL - 1], 1.0);
    }
}

/* The basis cells of one bin contract to the direct cells, per flux component. */
Test(separable, basis_cells_contract_to_the_direct_cells) {
    cevns_config *cfg = test_load_config("coherent_csi2017.json");
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    unsigned long long seed = 777;
    int trial;
    cfg->model.use_sm = cfg->model.use_magnetic = cfg->model.use_sterile = 1;
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
    for (trial = 0; trial < 8; trial++) {
        const cevns_plan *p = &e->plan;
        cevns_params par;
        cevns_pod_point pt;
        double direct[CEVNS_N_INTERACTIONS * CEVNS_MAX_FLUX_COMPONENTS], basis[CEVNS_N_BASIS * CEVNS_MAX_FLUX_COMPONENTS];
        double massless[CEVNS_N_BASIS * CEVNS_MAX_FLUX_COMPONENTS];
        int fi, b = trial % p->hdr.n_bins;
        cr_assert(p->hdr.n_flux <= CEVNS_MAX_FLUX_COMPONENTS);
        cevns_experiment_default_params(e, &par);
        par.mu_nu[0] = 1e-9 * test_uniform(&seed);
        par.mu_nu[1] = 1e-9 * test_uniform(&seed);
        par.m4_MeV = 40.0 * test_uniform(&seed);
        par.eps_u[0] = test_uniform(&seed) - 0.5;
        par.eps_d[1] = par.eps_d[3] = test_uniform(&seed) - 0.5;
        par.normalisation = 0.5 + test_uniform(&seed);
        par.rn_fm = trial % 2 ? 4.0 + test_uniform(&seed) : 0.0;
        cevns_params_to_point(&par, &pt);
        cevns_rate_bin(&p->hdr, p->iso, p->flux, &p->det, p->data, &pt, b, direct);
        cevns_rate_bin_basis(&p->hdr, p->iso, p->flux, &p->det, p->data, &pt, b, CEVNS_PASS_ALL, basis);
        cevns_rate_bin_basis(&p->hdr, p->iso, p->flux, &p->det, p->data, &pt, b, CEVNS_PASS_MASSLESS, massless);
        for (fi = 0; fi < p->hdr.n_flux; fi++) {
            double w[CEVNS_SEP_WEIGHTS], *c = basis + CEVNS_N_BASIS * fi, *d = direct + CEVNS_N_INTERACTIONS * fi;
            double sm, mag, ster;
            cevns_separable_weights(&pt, p->flux[fi].flavour, CEVNS_SEP_WEIGHTS, w);
            sm = pt.norm * (w[CEVNS_BASIS_PP] * c[CEVNS_BASIS_PP] + w[CEVNS_BASIS_PN] * c[CEVNS_BASIS_PN] +
                            w[CEVNS_BASIS_NN] * c[CEVNS_BASIS_NN]);
            mag = pt.norm * w[CEVNS_BASIS_MAG] * c[CEVNS_BASIS_MAG];
            ster = pt.norm * w[CEVNS_BASIS_MAG] * c[CEVNS_BASIS_STER];
            cr_expect(fabs(sm - d[CEVNS_INTERACTION_SM]) <= 1e-12 * fabs(d[CEVNS_INTERACTION_SM]), "flux %d sm %.17e vs %.17e", fi, sm,
                      d[CEVNS_INTERACTION_SM]);
            cr_expect(fabs(mag - d[CEVNS_INTERACTION_MAGNETIC]) <= 1e-12 * fabs(d[CEVNS_INTERACTION_MAGNETIC]), "flux %d magnetic", fi);
            cr_expect(fabs(ster - d[CEVNS_INTERACTION_STERILE]) <= 1e-12 * fabs(d[CEVNS_INTERACTION_STERILE]), "flux %d sterile", fi);
            /* the massless pass alone: the same first cells, no sterile cell */
            cr_expect_eq(massless[CEVNS_N_BASIS * fi + CEVNS_BASIS_STER], 0.0);
            cr_expect_eq(massless[CEVNS_N_BASIS * fi + CEVNS_BASIS_PP], c[CEVNS_BASIS_PP]);
            cr_expect_eq(massless[CEVNS_N_BASIS * fi + CEVNS_BASIS_MAG], c[CEVNS_BASIS_MAG]);
        }
    }
    cevns_experiment_free(e);
    free(cfg);
}

/* cevns_scan_plan_separable_applies on the config's axes. */
static int applies(const cevns_config *cfg) {
    cevns_axis_spec axes[CEVNS_MAX_AXES];
    cevns_scan_axes_from_config(&cfg->scan, axes);
    return cevns_scan_plan_separable_applies(axes, cfg->scan.n_axes);
}

Test(separable, applicable_needs_a_separable_axis_with_two_points_per_outer_point) {
    cevns_config *cfg = test_load_config("default.json");
    cfg->model.use_magnetic = 1;
    /* the shipped (mu_nu, m4) grid */
    cr_expect(applies(cfg));
    /* m4 alone, and m4 x rn: nothing separable */
    cfg->scan.n_axes = 0;
    set_axis(cfg, 0, "m4_MeV", CEVNS_AXIS_M4, 0, 10, 0.1, 10.0, 1, NULL);
    cr_expect(!applies(cfg));
    set_axis(cfg, 1, "rn_fm", CEVNS_AXIS_RN, 0, 3, 4.0, 4.4, 0, NULL);
    cr_expect(!applies(cfg));
    /* a separable axis of one value: one point per outer point */
    set_axis(cfg, 2, "mu_nu", CEVNS_AXIS_MU_NU, 0, 1, 1e-9, 1e-9, 0, NULL);
    cr_expect(!applies(cfg));
    set_axis(cfg, 2, "mu_nu", CEVNS_AXIS_MU_NU, 0, 2, 1e-10, 1e-9, 1, NULL);
    cr_expect(applies(cfg));
    /* separable axes only */
    cfg->scan.n_axes = 0;
    set_axis(cfg, 0, "eps_ee_u", CEVNS_AXIS_EPS_U, 0, 2, -0.1, 0.1, 0, NULL);
    cr_expect(applies(cfg));
    free(cfg);
}

Test(separable, evaluate_rejects_points_outside_the_map) {
    cevns_config *cfg = test_load_config("coherent_csi2017_nsi.json");
    cevns_scan *s = NULL;
    cevns_scan_settings set;
    cevns_error err = {""};
    double out[4];
    cfg->scan.axes[0].n = 2;
    cfg->scan.axes[1].n = 2;
    cevns_scan_settings_default(&set);
    cr_assert_eq(cevns_scan_create(cfg, &set, &s, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(cevns_scan_evaluate(s, 3, 2, out, NULL, &err), CEVNS_EINTERNAL);
    cr_expect_eq(cevns_scan_evaluate(s, 0, 4, out, NULL, &err), CEVNS_OK, "%s", err.msg);
    /* counts only from a scan created with them */
    cr_expect_eq(cevns_scan_evaluate(s, 0, 1, out, out + 1, &err), CEVNS_EINTERNAL);
    cevns_scan_free(s);
    free(cfg);
}

/* ---------------------------------------------------------------- separable vs direct */
Test(separable, default_mu_nu_by_m4_matches_direct, .timeout = 600) {
    cevns_config *cfg = test_load_config("default.json");
    unsigned long long seed = test_seed("test_separable");
    compare_paths(cfg, 60, &seed, "default.json (mu_nu x m4)");
    /* with the magnetic term on as well, and per-flavour moments */
    cfg->model.use_magnetic = 1;
    compare_paths(cfg, 30, &seed, "default.json + magnetic");
    set_axis(cfg, 0, "mu_nu_e", CEVNS_AXIS_MU_NU_E, 0, 12, 1e-10, 1e-8, 1, NULL);
    compare_paths(cfg, 30, &seed, "default.json (mu_nu_e x m4) + magnetic");
    free(cfg);
}

Test(separable, nsi_eps_u_by_eps_d_matches_direct, .timeout = 600) {
    cevns_config *cfg = test_load_config("coherent_csi2017_nsi.json");
    unsigned long long seed = test_seed("test_separable");
    compare_paths(cfg, 400, &seed, "coherent_csi2017_nsi.json (eps_ee_u x eps_ee_d)");
    free(cfg);
}

Test(separable, nsi_off_diagonal_matches_direct, .timeout = 600) {
    cevns_config *cfg = test_load_config("coherent_csi2017_nsi.json");
    unsigned long long seed = test_seed("test_separable");
    set_axis(cfg, 0, "eps_emu_u", CEVNS_AXIS_EPS_U, 0 * 3 + 1, 41, -0.5, 0.5, 0, NULL);
    set_axis(cfg, 1, "eps_emu_d", CEVNS_AXIS_EPS_D, 1 * 3 + 0, 21, -0.5, 0.5, 0, NULL);
    compare_paths(cfg, 200, &seed, "coherent_csi2017_nsi.json (eps_emu_u x eps_mue_d)");
    /* an off-diagonal axis next to the other couplings, on Xe with every interaction */
    free(cfg);
    cfg = test_load_config("sns_seed000_xe_nsi.json");
    cfg->model.use_magnetic = cfg->model.use_sterile = 1;
    cfg->model.m4_MeV = 12.0;
    cfg->model.mu_nu[1] = 3e-10;
    cfg->scan.n_axes = 0;
    set_axis(cfg, 0, "eps_mutau_d", CEVNS_AXIS_EPS_D, 1 * 3 + 2, 9, -0.4, 0.4, 0, NULL);
    set_axis(cfg, 1, "eps_ee_u", CEVNS_AXIS_EPS_U, 0, 7, -0.3, 0.6, 0, NULL);
    set_axis(cfg, 2, "mu_nu_e", CEVNS_AXIS_MU_NU_E, 0, 5, 1e-10, 1e-8, 1, NULL);
    compare_paths(cfg, 120, &seed, "sns_seed000_xe_nsi.json (eps_mutau_d x eps_ee_u x mu_nu_e)");
    free(cfg);
}

Test(separable, sin2w_normalisation_exposure_matches_direct, .timeout = 600) {
    cevns_config *cfg = test_load_config("sns_seed000_ne_nsi.json");
    unsigned long long seed = test_seed("test_separable");
    cfg->scan.n_axes = 0;
    set_axis(cfg, 0, "sin2_theta_w", CEVNS_AXIS_SIN2W, 0, 11, 0.2, 0.26, 0, NULL);
    set_axis(cfg, 1, "normalisation", CEVNS_AXIS_NORM, 0, 9, 0.6, 1.4, 0, NULL);
    set_axis(cfg, 2, "exposure_scale", CEVNS_AXIS_EXPOSURE, 0, 5, 0.1, 10.0, 1, NULL);
    compare_paths(cfg, 150, &seed, "sns_seed000_ne_nsi.json (sin2w x norm x exposure)");
    free(cfg);
}

Test(separable, rn_by_mu_nu_on_argon_matches_direct, .timeout = 600) {
    cevns_config *cfg = test_load_config("sns_seed000_ar.json");
    unsigned long long seed = test_seed("test_separable");
    cfg->scan.n_axes = 0;
    set_axis(cfg, 0, "rn_fm", CEVNS_AXIS_RN, 0, 9, 3.2, 3.8, 0, NULL);
    set_axis(cfg, 1, "mu_nu", CEVNS_AXIS_MU_NU, 0, 25, 1e-11, 1e-8, 1, NULL);
    compare_paths(cfg, 120, &seed, "sns_seed000_ar.json (rn_fm x mu_nu)");
    /* both non-separable axes at once, with the sterile term: 2 outer axes */
    cfg->model.use_sterile = 1;
    set_axis(cfg, 2, "m4_MeV", CEVNS_AXIS_M4, 0, 6, 0.0, 0.0, 0, (const double[]){0.0, 0.5, 3.0, 12.0, 30.0, 45.0});
    compare_paths(cfg, 120, &seed, "sns_seed000_ar.json (rn_fm x mu_nu x m4)");
    free(cfg);
}

/* The mediators, charge radii and millicharges (couplings.h): their couplings are separable,
 * their masses one basis row each; every preset, with the scalar and axial terms on. */
Test(separable, mediators_and_charges_match_direct, .timeout = 600) {
    static const int presets[] = {CEVNS_MEDIATOR_UNIVERSAL, CEVNS_MEDIATOR_B_MINUS_L, CEVNS_MEDIATOR_LMU_LTAU};
    static const char *const names[] = {"universal", "B-L", "Lmu-Ltau"};
    unsigned long long seed = test_seed("test_separable");
    for (int k = 0; k < 3; k++) {
        cevns_config *cfg = test_load_config("coherent_lar2020_zprime.json");
        char what[96];
        cfg->model.zprime.preset = presets[k];
        cfg->model.millicharge[0] = 2e-9;
        cfg->model.scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
        cfg->model.scalar.mass_MeV = 30.0;
        cfg->model.scalar.g = 3e-6;
        cfg->model.use_magnetic = 1;
        cfg->model.mu_nu[1] = 1e-9;
        set_axis(cfg, 0, "zprime_g", CEVNS_AXIS_ZP_G, 0, 9, 1e-5, 1e-3, 1, NULL);
        set_axis(cfg, 1, "zprime_mass_MeV", CEVNS_AXIS_ZP_MASS, 0, 5, 0.5, 2000.0, 1, NULL);
        snprintf(what, sizeof what, "coherent_lar2020_zprime.json %s (g x M)", names[k]);
        compare_paths(cfg, 45, &seed, what);
        free(cfg);
    }
    {
        cevns_config *cfg = test_load_config("coherent_csi2017_nsi.json");
        cfg->model.use_axial = 1;
        cfg->model.zprime.preset = CEVNS_MEDIATOR_UNIVERSAL;
        cfg->model.zprime.mass_MeV = 50.0;
        cfg->model.zprime.g = 3e-5;
        cfg->model.scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
        cfg->model.scalar.g = 1e-6;
        cfg->model.radiative_corrections = 1;
        cfg->scan.n_axes = 0;
        set_axis(cfg, 0, "charge_radius_emu", CEVNS_AXIS_R2, 0 * 3 + 1, 7, -5e-32, 5e-32, 0, NULL);
        set_axis(cfg, 1, "millicharge_mumu", CEVNS_AXIS_QNU, 1 * 3 + 1, 7, -1e-8, 1e-8, 0, NULL);
        set_axis(cfg, 2, "scalar_mass_MeV", CEVNS_AXIS_SC_MASS, 0, 4, 1.0, 1000.0, 1, NULL);
        set_axis(cfg, 3, "scalar_g", CEVNS_AXIS_SC_G, 0, 3, 1e-7, 1e-5, 1, NULL);
        compare_paths(cfg, 60, &seed, "coherent_csi2017 + axial (r2_emu x q_mumu x M_phi x g_phi)");
        free(cfg);
    }
}

/* Random grids (list axes with random values) around random points, on configs of
 * every source type, with every interaction on. */
Test(separable, random_grids_match_direct, .timeout = 900) {
    static const char *const configs[] = {"coherent_csi2017.json", "coherent_lar2020.json", "cdex10_solar.json",
                                          "dresden2_reactor.json", "sns_seed000_ge.json"};
    unsigned long long seed = test_seed("test_separable");
    size_t c;
    int layout, k;
    for (c = 0; c < sizeof configs / sizeof configs[0]; c++)
        for (layout = 0; layout < 3; layout++) {
            cevns_config *cfg = test_load_config(configs[c]);
            cevns_experiment *e = NULL;
            cevns_error err = {""};
            double v[4][8], e_top;
            int n[4], a, i;
            char what[160];
            cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
            e_top = top_energy(e);
            cevns_experiment_free(e);
            cfg->model.use_sm = cfg->model.use_magnetic = cfg->model.use_sterile = 1;
            if (cfg->model.form_factor.type == CEVNS_FF_NONE) cfg->model.form_factor.type = CEVNS_FF_HELM;
            /* a random base point */
            for (k = 0; k < 3; k++) cfg->model.mu_nu[k] = pow(10.0, -11.0 + 2.0 * test_uniform(&seed));
            cfg->model.m4_MeV = 0.9 * e_top * test_uniform(&seed);
            for (k = 0; k < 9; k++) cfg->model.eps_u[k] = cfg->model.eps_d[k] = 0.0;
            cfg->model.eps_u[0] = test_uniform(&seed) - 0.5;
            cfg->model.eps_d[4] = test_uniform(&seed) - 0.5;
            cfg->model.eps_u[2] = cfg->model.eps_u[6] = 0.2 * (test_uniform(&seed) - 0.5);
            cfg->model.sin2_theta_w = 0.22 + 0.03 * test_uniform(&seed);
            cfg->model.normalisation = 0.5 + test_uniform(&seed);
            /* random sorted values per axis */
            for (a = 0; a < 4; a++) {
                n[a] = 2 + (int)(4.0 * test_uniform(&seed));
                for (i = 0; i < n[a]; i++) v[a][i] = test_uniform(&seed);
                for (i = 1; i < n[a]; i++) { /* insertion sort */
                    double x = v[a][i];
                    int j = i - 1;
                    for (; j >= 0 && v[a][j] > x; j--) v[a][j + 1] = v[a][j];
                    v[a][j + 1] = x;
                }
            }
            cfg->scan.n_axes = 0;
            if (layout == 0) { /* mu_nu_mu x m4 x eps_etau_d */
                for (i = 0; i < n[0]; i++) v[0][i] = pow(10.0, -11.0 + 3.0 * v[0][i]);
                for (i = 0; i < n[1]; i++) v[1][i] *= 0.95 * e_top;
                for (i = 0; i < n[2]; i++) v[2][i] -= 0.5;
                set_axis(cfg, 0, "mu_nu_mu", CEVNS_AXIS_MU_NU_MU, 0, n[0], 0, 0, 0, v[0]);
                set_axis(cfg, 1, "m4_MeV", CEVNS_AXIS_M4, 0, n[1], 0, 0, 0, v[1]);
                set_axis(cfg, 2, "eps_etau_d", CEVNS_AXIS_EPS_D, 0 * 3 + 2, n[2], 0, 0, 0, v[2]);
            } else if (layout == 1) { /* rn x eps_ee_u x sin2w x mu_nu */
                for (i = 0; i < n[0]; i++) v[0][i] = 3.0 + 2.5 * v[0][i];
                for (i = 0; i < n[1]; i++) v[1][i] = 2.0 * v[1][i] - 1.0;
                for (i = 0; i < n[2]; i++) v[2][i] = 0.2 + 0.08 * v[2][i];
                for (i = 0; i < n[3]; i++) v[3][i] = pow(10.0, -12.0 + 4.0 * v[3][i]);
                set_axis(cfg, 0, "rn_fm", CEVNS_AXIS_RN, 0, n[0], 0, 0, 0, v[0]);
                set_axis(cfg, 1, "eps_ee_u", CEVNS_AXIS_EPS_U, 0, n[1], 0, 0, 0, v[1]);
                set_axis(cfg, 2, "sin2_theta_w", CEVNS_AXIS_SIN2W, 0, n[2], 0, 0, 0, v[2]);
                set_axis(cfg, 3, "mu_nu", CEVNS_AXIS_MU_NU, 0, n[3], 0, 0, 0, v[3]);
            } else { /* eps_mumu_u x m4 x normalisation x rn (m4 and rn apart) */
                for (i = 0; i < n[0]; i++) v[0][i] -= 0.5;
                for (i = 0; i < n[1]; i++) v[1][i] *= 0.95 * e_top;
                for (i = 0; i < n[2]; i++) v[2][i] = 0.5 + v[2][i];
                for (i = 0; i < n[3]; i++) v[3][i] = 3.0 + 2.5 * v[3][i];
                set_axis(cfg, 0, "eps_mumu_u", CEVNS_AXIS_EPS_U, 1 * 3 + 1, n[0], 0, 0, 0, v[0]);
                set_axis(cfg, 1, "m4_MeV", CEVNS_AXIS_M4, 0, n[1], 0, 0, 0, v[1]);
                set_axis(cfg, 2, "normalisation", CEVNS_AXIS_NORM, 0, n[2], 0, 0, 0, v[2]);
                set_axis(cfg, 3, "rn_fm", CEVNS_AXIS_RN, 0, n[3], 0, 0, 0, v[3]);
            }
            snprintf(what, sizeof what, "%s random grid %d", configs[c], layout);
            compare_paths(cfg, 24, &seed, what);
            free(cfg);
        }
}

/* ---------------------------------------------------------------- whole scans */
static cevns_map run_scan(const cevns_config *cfg, const char *dir, const char *sub, int direct, int expect_separable) {
    char out[600], h5[700];
    cevns_error err = {""};
    cevns_scan_summary s;
    cevns_scan_options o;
    cevns_map m;
    cevns_scan_options_default(&o);
    o.figures = 0;
    o.progress = 0;
    o.overwrite = 1;
    o.engine = "cpu";
    o.direct = direct;
    o.out_dir = out;
    snprintf(out, sizeof out, "%s/%s", dir, sub);
    cr_assert_eq(cevns_scan_run(cfg, &o, &s, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_str_eq(s.path, expect_separable ? "separable" : "direct", "%s", sub);
    cr_expect_str_eq(s.engine, "cpu");
    snprintf(h5, sizeof h5, "%s/map.h5", out);
    cr_assert_eq(cevns_map_create_from_h5(h5, &m, &err), CEVNS_OK, "%s", err.msg);
    return m;
}

static void compare_maps(const cevns_map *a, const cevns_map *b, const char *what) {
    size_t i, n = cevns_map_points(a);
    double worst = 0.0;
    cr_assert_eq(n, cevns_map_points(b));
    for (i = 0; i < n; i++) {
        double d = fabs(a->chi2[i] - b->chi2[i]);
        if (d / fabs(b->chi2[i]) > worst) worst = d / fabs(b->chi2[i]);
        cr_expect(d <= REL_TOL * fabs(b->chi2[i]), "%s: point %zu chi2 %.17e vs direct %.17e", what, i, a->chi2[i],
                  b->chi2[i]);
    }
    cr_assert_eq(a->n_bins, b->n_bins);
    for (i = 0; a->counts && b->counts && i < n * a->n_bins; i++)
        cr_expect(fabs(a->counts[i] - b->counts[i]) <= REL_TOL * fabs(b->counts[i]), "%s: counts %zu", what, i);
    fprintf(stderr, "test_separable: %-44s chi2 map of %zu points: max rel. diff. %.2e\n", what, n, worst);
}

Test(separable, default_scan_chi2_map_equals_direct, .timeout = 900) {
    cevns_config *cfg = test_load_config("default.json");
    char dir[] = "/tmp/cevns_test_separable_XXXXXX", cmd[128];
    cevns_map sep, direct, off;
    int k;
    /* every other value of the shipped 48 x 40 grid: the same range, 24 x 20 points */
    for (k = 0; k < 2; k++) {
        cevns_axis_config *a = &cfg->scan.axes[k];
        int i;
        for (i = 0; 2 * i < a->n; i++) a->values[i] = a->values[2 * i];
        a->n = i;
        a->spacing = CEVNS_SPACING_LIST;
        a->lo = a->values[0];
        a->hi = a->values[a->n - 1];
    }
    cr_assert_not_null(mkdtemp(dir));
    sep = run_scan(cfg, dir, "separable", 0, 1);
    direct = run_scan(cfg, dir, "direct", 1, 0);
    compare_maps(&sep, &direct, "default.json scan vs --direct");
    /* scan.separable false takes the direct path */
    cfg->scan.separable = 0;
    off = run_scan(cfg, dir, "off", 0, 0);
    compare_maps(&off, &direct, "default.json scan.separable false");
    cevns_map_free(&sep);
    cevns_map_free(&direct);
    cevns_map_free(&off);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
    free(cfg);
}

/* Asimov data with an exposure axis and a profiled normalisation. */
Test(separable, asimov_exposure_scan_chi2_map_equals_direct, .timeout = 900) {
    cevns_config *cfg = test_load_config("sns_seed000_ne_nsi.json");
    char dir[] = "/tmp/cevns_test_separable_XXXXXX", cmd[128];
    cevns_map sep, direct;
    cfg->scan.n_axes = 0;
    set_axis(cfg, 0, "eps_ee_u", CEVNS_AXIS_EPS_U, 0, 21, -0.5, 0.5, 0, NULL);
    set_axis(cfg, 1, "exposure_scale", CEVNS_AXIS_EXPOSURE, 0, 4, 0.5, 4.0, 1, NULL);
    set_axis(cfg, 2, "normalisation", CEVNS_AXIS_NORM, 0, 5, 0.8, 1.2, 0, NULL);
    cfg->scan.axes[2].profile = 1;
    cr_assert_not_null(mkdtemp(dir));
    sep = run_scan(cfg, dir, "separable", 0, 1);
    direct = run_scan(cfg, dir, "direct", 1, 0);
    compare_maps(&sep, &direct, "sns_seed000_ne_nsi.json eps x exposure x norm");
    cevns_map_free(&sep);
    cevns_map_free(&direct);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
    free(cfg);
}
