/* test_coherent.c - bins beyond energy (issue 12): COHERENT-like fits in energy x arrival time
 * [x pulse shape], with small synthetic configs and files written to a scratch folder.
 *
 *  1. separation: the counts of (energy bin e, time bin t, flux component f) are the energy-only
 *     counts of the same config times the component's arrival-time fraction (the timing model,
 *     cevns_sns_time_fractions, itself checked against closed forms in test_timing.c; here also
 *     the exponentially modified Gaussian closed form); time bins over -2..60 us keep every event
 *     but the decay tail; the GSL reference integrator agrees with the fixed path; pulse-shape
 *     (F90) shares per energy bin are those of the template file, computed here from its values;
 *  2. engines: a time-binned scan (NSI axes, a pdf background, a signal shape pull) gives the same
 *     chi2 map on the separable and direct paths and on every engine present (OpenCL, CUDA);
 *  3. data: an event list counted by hand (edges, events outside), templates in bin order, a pdf
 *     component = product of 1-D PDF masses (summed here row by row), shift_of components and a
 *     signal template shift against the pull chi2's closed form (normal equations solved here);
 *  4. bad input (issue 12 point 9): clear errors naming the file, line and key; through the CLI,
 *     a non-zero exit and no run folder; background shapes in the observable alone refused with
 *     time bins (their edges are bin numbers there).
 * Times in us; lifetimes PDG 2024 (tau_pi 26.033 ns, tau_mu 2.1969811 us). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/config.h"
#include "cevns/experiment.h"
#include "cevns/model.h"
#include "cevns/scan.h"
#include "engine/engine.h"
#include "test_run.h"
#include "test_engine_list.h"
#include "test_support.h"

#define NI CEVNS_N_INTERACTIONS
#define CFG_PATH CEVNS_SOURCE_DIR "/configs/coherent_test.json" /* data_dir: configs/../data */
#define TAU_PI 0.026033
#define TAU_MU 2.1969811

/* ---------------------------------------------------------------- configs */
/* COHERENT's CsI[Na] detector of 2017 (Akimov et al., Science 357 (2017) 1123; test_joint.c's):
 * linear quenching 8.78 %, 13.348 PE/keVee, the sigmoid efficiency.  The proton pulse: a Gaussian,
 * mean 0.3 us, sigma 0.15 us, offset 0.1 us (csi_pulse() below must agree). */
#define PULSE "{\"pulse\": \"gaussian\", \"mean_us\": 0.3, \"sigma_us\": 0.15, \"offset_us\": 0.1}"
#define SNS_SOURCE "{\"type\": \"sns\", \"nu_per_proton\": 0.08, \"pot\": 1.76e23, \"distance_m\": 19.3, \"timing\": " PULSE "}"
#define REACTOR_SOURCE                                                                                             \
    "{\"type\": \"reactor\", \"flux_cm2_s\": 4.8e13, \"fission_fractions\": {\"U235\": 0.58, \"U238\": 0.07, "        \
    "\"Pu239\": 0.30, \"Pu241\": 0.05}}"
#define SOLAR_SOURCE "{\"type\": \"solar\", \"components\": [\"B8\"]}"
#define CSI_DETECTOR                                                                                               \
    "\"mass_kg\": 14.57, \"observable\": \"PE\", \"light_yield_PE_per_keVee\": 13.348, \"quenching\": "            \
    "{\"type\": \"linear\", \"a\": 0.0878, \"b\": 0.0}, \"efficiency\": {\"type\": \"sigmoid\", \"a\": 0.6655, "  \
    "\"b\": 0.4942, \"c\": 10.8507, \"d\": 0.0}, "
#define MODEL "\"model\": {\"form_factor\": {\"type\": \"helm\"}, \"kinematics\": \"full\", \"interactions\": [\"sm\"]}"
#define ASIMOV "\"observed\": \"asimov\", \"sigma_frac\": 0.1"
#define NORM_SCAN "\"axes\": [{\"name\": \"normalisation\", \"values\": [0.5, 1.0, 1.5]}], \"statistic\": \"chi2\""
/* The time efficiency of COHERENT's CsI analysis (csi2021_fit.json): 1 below 0.52 us, exp(-0.0494 (t - 0.52)) above */
#define TIME_EFF "\"efficiency\": {\"type\": \"exponential\", \"onset_us\": 0.52, \"rate_per_us\": 0.0494}"
#define E3 "\"bins\": {\"edges\": [10, 20, 30, 45]}"
#define E2 "\"bins\": {\"edges\": [10, 20, 30]}"
#define T2 ", \"time\": {\"bins_us\": {\"edges\": [0, 1, 6]}}"

/* A CsI config text: the source object, experiment.detector's bins, time, psd (detector), the keys of
 * experiment.data and of scan. */
static void csi_text(char *buf, size_t size, const char *source, const char *detector, const char *data,
                     const char *scan) {
    int n = snprintf(buf, size,
                     "{\"name\": \"csi-timing\", \"experiment\": {\"source\": %s, \"target\": {\"material\": "
                     "\"CsI\"}, \"detector\": {" CSI_DETECTOR "%s}, \"data\": {%s}}, " MODEL ", \"scan\": {%s}}",
                     source, detector, data, scan);
    cr_assert(n > 0 && (size_t)n < size, "config text too long");
}

static cevns_config *parse_ok(const char *text) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    cr_assert_eq(cevns_config_parse(text, CFG_PATH, cfg, &err), CEVNS_OK, "%s\nconfig: %s", err.msg, text);
    return cfg;
}

static cevns_config *csi_config(const char *detector, const char *data, const char *scan) {
    char text[8192];
    csi_text(text, sizeof text, SNS_SOURCE, detector, data, scan);
    return parse_ok(text);
}

static cevns_experiment *experiment_of(const cevns_config *cfg) {
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    cr_assert_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_OK, "%s", err.msg);
    return e;
}

/* counts[(b * n_flux + f) * NI + i] at the config's point (cevns_experiment_rate). */
static double *counts_of(const cevns_experiment *e, cevns_integrator integ) {
    size_t n = cevns_experiment_n_bins(e) * cevns_experiment_n_flux(e) * NI;
    double *c = calloc(n, sizeof *c);
    cevns_params p;
    cevns_error err = {""};
    cr_assert_not_null(c);
    cevns_experiment_default_params(e, &p);
    cr_assert_eq(cevns_experiment_rate(e, &p, integ, integ == CEVNS_INTEGRATOR_REFERENCE ? 1e-10 : 0.0, c, &err),
                 CEVNS_OK, "%s", err.msg);
    return c;
}

/* The signal per bin (summed over flux components and interactions). */
static void signal_of(const cevns_experiment *e, double *s) {
    size_t nb = cevns_experiment_n_bins(e), nc = cevns_experiment_n_flux(e) * NI, b, k;
    double *c = counts_of(e, CEVNS_INTEGRATOR_FIXED);
    for (b = 0; b < nb; b++)
        for (s[b] = 0.0, k = 0; k < nc; k++) s[b] += c[b * nc + k];
    free(c);
}

/* The timing of SNS flux components, from their names (flux_sns.c): the prompt nu_mu of pi+ decay,
 * the delayed nu_e and anti-nu_mu of mu+ decay. */
static cevns_timing_kind kind_of(const char *name) {
    if (strcmp(name, "prompt_numu") == 0) return CEVNS_TIMING_PROMPT;
    cr_assert(strcmp(name, "delayed_nue") == 0 || strcmp(name, "delayed_numubar") == 0, "component %s", name);
    return CEVNS_TIMING_DELAYED;
}

/* PULSE above, with TIME_EFF when with_eff. */
static cevns_sns_timing csi_pulse(int with_eff) {
    cevns_sns_timing t;
    memset(&t, 0, sizeof t);
    t.pulse = CEVNS_PULSE_GAUSSIAN;
    t.mean_us = 0.3;
    t.sigma_us = 0.15;
    t.offset_us = 0.1;
    t.eff = with_eff ? CEVNS_TIME_EFF_EXPONENTIAL : CEVNS_TIME_EFF_NONE;
    t.eff_onset_us = 0.52;
    t.eff_rate_per_us = 0.0494;
    return t;
}

/* frac[f * n_t + t]: every flux component's arrival-time fractions. */
static double *fractions_of(const cevns_experiment *e, int with_eff, const double *edges, size_t n_t) {
    size_t nf = cevns_experiment_n_flux(e), f;
    double *frac = malloc(nf * n_t * sizeof *frac);
    cevns_sns_timing t = csi_pulse(with_eff);
    cevns_error err = {""};
    cr_assert_not_null(frac);
    for (f = 0; f < nf; f++)
        cr_assert_eq(cevns_sns_time_fractions(&t, kind_of(cevns_experiment_flux_name(e, f)), edges, n_t,
                                              frac + f * n_t, &err),
                     CEVNS_OK, "%s", err.msg);
    return frac;
}

/* A file dir/name with text; path receives its name. */
static void put_file(const char *dir, const char *name, const char *text, char *path, size_t size) {
    snprintf(path, size, "%s/%s", dir, name);
    write_text(path, text);
}

static int contains(const char *s, const char *needle) { return strstr(s, needle) != NULL; }

/* ---------------------------------------------------------------- 1. separation */
/* Survival function P(T > t) of the arrival time T = N(mu, s^2) + X, X the decay delay with density
 * sum_m c_m l_m exp(-l_m u): each term's convolution with the Gaussian is the exponentially modified
 * Gaussian (Grushka, Anal. Chem. 44 (1972) 1733), survival Phi(-z) + exp(-l (t - mu) + l^2 s^2 / 2)
 * Phi(z - l s), z = (t - mu) / s; prompt: X ~ Exp(l_pi); delayed: X = Exp(l_pi) + Exp(l_mu),
 * hypoexponential, c_pi = l_mu / (l_mu - l_pi), c_mu = l_pi / (l_pi - l_mu). */
static double phi(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }
/* The exponential term's part of the survival, exp(-l (t - mu) + l^2 s^2 / 2) Phi(z - l s). */
static double emg_excess(double t, double mu, double s, double l) {
    return exp(-l * (t - mu) + 0.5 * l * l * s * s) * phi((t - mu) / s - l * s);
}
static double arrival_survival(cevns_timing_kind kind, double t) {
    const double mu = 0.3 + 0.1, s = 0.15, lp = 1.0 / TAU_PI, lm = 1.0 / TAU_MU;
    double gauss = phi(-(t - mu) / s);
    if (kind == CEVNS_TIMING_PROMPT) return gauss + emg_excess(t, mu, s, lp);
    return gauss + lm / (lm - lp) * emg_excess(t, mu, s, lp) + lp / (lp - lm) * emg_excess(t, mu, s, lm);
}

/* Counts with time bins = energy-only counts x the component's fraction (cevns_sns_time_fractions,
 * with the time efficiency), every (energy bin, time bin, component, interaction) to 1e-12. */
Test(coherent, time_counts_are_energy_counts_times_arrival_fractions, .timeout = 120) {
    static const double tedges[] = {-1, 0, 0.25, 0.5, 0.75, 1, 1.5, 3, 6, 12};
    const size_t nt = sizeof tedges / sizeof tedges[0] - 1;
    cevns_config *ce = csi_config(E3, ASIMOV, NORM_SCAN);
    cevns_config *ct = csi_config(E3 ", \"time\": {\"bins_us\": {\"edges\": [-1, 0, 0.25, 0.5, 0.75, 1, 1.5, 3, 6, "
                                     "12]}, " TIME_EFF "}",
                                  ASIMOV, NORM_SCAN);
    cevns_experiment *ee = experiment_of(ce), *et = experiment_of(ct);
    size_t ne = cevns_experiment_n_bins(ee), nf = cevns_experiment_n_flux(ee), b, t, f, i, checked = 0;
    double *ce_counts = counts_of(ee, CEVNS_INTEGRATOR_FIXED), *ct_counts = counts_of(et, CEVNS_INTEGRATOR_FIXED);
    double *frac = fractions_of(et, 1, tedges, nt);
    cr_assert_eq(ne, 3u);
    cr_assert_eq(nf, 3u, "CsI at the SNS: prompt nu_mu, delayed nu_e and anti-nu_mu");
    cr_assert_eq(cevns_experiment_n_bins(et), ne * nt, "bins are energy x time");
    cr_assert_eq(cevns_experiment_n_flux(et), nf);
    for (b = 0; b < ne; b++)
        for (t = 0; t < nt; t++)
            for (f = 0; f < nf; f++)
                for (i = 0; i < NI; i++) {
                    double want = ce_counts[(b * nf + f) * NI + i] * frac[f * nt + t];
                    double got = ct_counts[((b * nt + t) * nf + f) * NI + i];
                    cr_expect(fabs(got - want) <= 1e-12 * fabs(want), "energy bin %zu, time bin %zu, %s, cell %zu: "
                              "%.17g, energy-only x fraction %.17g", b, t, cevns_experiment_flux_name(et, f), i, got,
                              want);
                    checked += want > 0.0;
                }
    cr_expect_gt(checked, ne * nt * nf / 2, "only %zu non-zero cells", checked);
    free(frac);
    free(ce_counts);
    free(ct_counts);
    cevns_experiment_free(ee);
    cevns_experiment_free(et);
    free(ce);
    free(ct);
}

/* Time bins over -2..60 us without efficiency: each bin's share is the closed-form survival
 * difference, and the bins together keep every event but the delayed tail beyond 60 us,
 * ~ (l_pi / (l_pi - l_mu)) exp(-(60 - 0.4) / tau_mu) = 1.7e-12 (the prompt tail and the pulse's
 * part before -2 us, 16 sigma early, are below 1e-50). */
Test(coherent, time_bins_over_the_whole_window_keep_every_event, .timeout = 120) {
    static const double tedges[] = {-2, 0, 0.5, 1, 2, 4, 8, 16, 32, 60};
    const size_t nt = sizeof tedges / sizeof tedges[0] - 1;
    cevns_config *ce = csi_config(E3, ASIMOV, NORM_SCAN);
    cevns_config *ct = csi_config(E3 ", \"time\": {\"bins_us\": {\"edges\": [-2, 0, 0.5, 1, 2, 4, 8, 16, 32, 60]}}",
                                  ASIMOV, NORM_SCAN);
    cevns_experiment *ee = experiment_of(ce), *et = experiment_of(ct);
    size_t ne = cevns_experiment_n_bins(ee), nf = cevns_experiment_n_flux(ee), b, t, f, i;
    double *ce_counts = counts_of(ee, CEVNS_INTEGRATOR_FIXED), *ct_counts = counts_of(et, CEVNS_INTEGRATOR_FIXED);
    double bound = 2.0 * exp(-60.0 / TAU_MU);
    for (b = 0; b < ne; b++)
        for (f = 0; f < nf; f++) {
            cevns_timing_kind kind = kind_of(cevns_experiment_flux_name(et, f));
            double tail = arrival_survival(kind, 60.0) + (1.0 - arrival_survival(kind, -2.0));
            for (i = 0; i < NI; i++) {
                double total = ce_counts[(b * nf + f) * NI + i], sum = 0.0;
                if (total == 0.0) continue;
                for (t = 0; t < nt; t++) {
                    double got = ct_counts[((b * nt + t) * nf + f) * NI + i] / total;
                    double want = arrival_survival(kind, tedges[t]) - arrival_survival(kind, tedges[t + 1]);
                    cr_expect(fabs(got - want) <= 1e-11, "energy bin %zu, %s, time bin [%g, %g): share %.15g, "
                              "closed form %.15g", b, cevns_experiment_flux_name(et, f), tedges[t], tedges[t + 1],
                              got, want);
                    sum += got;
                }
                cr_expect(tail <= bound, "%s: tail %.3g", cevns_experiment_flux_name(et, f), tail);
                cr_expect(fabs(1.0 - sum - tail) <= 1e-12 && fabs(1.0 - sum) <= bound,
                          "energy bin %zu, %s: the time bins hold %.17g of the energy bin's events, 1 - the tail "
                          "%.3g expected", b, cevns_experiment_flux_name(et, f), sum, tail);
            }
        }
    free(ce_counts);
    free(ct_counts);
    cevns_experiment_free(ee);
    cevns_experiment_free(et);
    free(ce);
    free(ct);
}

/* The GSL reference integrator reads the same bin factors: with time bins it is its energy-only
 * counts x the arrival fractions (1e-12), and agrees with the fixed path (1e-8 per cell). */
Test(coherent, reference_integrator_agrees_with_the_fixed_path, .timeout = 300) {
    static const double tedges[] = {-1, 0.5, 1.5, 6, 12};
    const size_t nt = 4;
    cevns_config *ce = csi_config(E3, ASIMOV, NORM_SCAN);
    cevns_config *ct = csi_config(E3 ", \"time\": {\"bins_us\": {\"edges\": [-1, 0.5, 1.5, 6, 12]}, " TIME_EFF "}",
                                  ASIMOV, NORM_SCAN);
    cevns_experiment *ee = experiment_of(ce), *et = experiment_of(ct);
    size_t nf = cevns_experiment_n_flux(et), n = cevns_experiment_n_bins(et) * nf * NI, k, nonzero = 0;
    double *fixed = counts_of(et, CEVNS_INTEGRATOR_FIXED), *ref = counts_of(et, CEVNS_INTEGRATOR_REFERENCE);
    double *ref_e = counts_of(ee, CEVNS_INTEGRATOR_REFERENCE), *frac = fractions_of(et, 1, tedges, nt);
    cr_assert_eq(cevns_experiment_n_bins(et), 12u);
    for (k = 0; k < n; k++) {
        size_t b = k / (nf * NI), f = k / NI % nf, i = k % NI;
        double want = ref_e[((b / nt) * nf + f) * NI + i] * frac[f * nt + b % nt];
        cr_expect(fabs(ref[k] - want) <= 1e-12 * want, "bin %zu, %s, cell %zu: reference %.17g, energy-only reference "
                  "x fraction %.17g", b, cevns_experiment_flux_name(et, f), i, ref[k], want);
        cr_expect(fabs(ref[k] - fixed[k]) <= 1e-8 * fabs(ref[k]), "bin %zu, %s, cell %zu: reference %.15g, fixed "
                  "%.15g", b, cevns_experiment_flux_name(et, f), i, ref[k], fixed[k]);
        nonzero += ref[k] > 0.0;
    }
    cr_expect_gt(nonzero, n / (2 * NI));
    free(frac);
    free(ref_e);
    free(fixed);
    free(ref);
    cevns_experiment_free(ee);
    cevns_experiment_free(et);
    free(ce);
    free(ct);
}

/* Pulse-shape bins: the signal's F90 shares per energy bin are the template's (summed over time),
 * an energy bin the template leaves empty taking the nearest filled one (below on a tie), and the
 * counts are energy-only x share x arrival fraction. */
Test(coherent, psd_shares_are_the_template_shares, .timeout = 120) {
    /* v[e][p][t], energy bins [10,20,30,40,50) PE, psd [0,0.5,1), time [-1,1,12) us */
    static const double v[4][2][2] = {{{0, 0}, {0, 0}}, {{3, 1}, {1, 2}}, {{0, 0}, {0, 0}}, {{1, 1}, {5, 3}}};
    static const double ec[] = {15, 25, 35, 45}, pc[] = {0.25, 0.75}, tc[] = {0, 6.5}, tedges[] = {-1, 1, 12};
    static const int filled_from[4] = {1, 1, 1, 3}; /* bin 0: only bin 1 at distance 1; bin 2: 1 and 3 tie */
    char dir[64], path[256], text[2048], det[1024];
    size_t at = 0, e, p, t, f, ne = 4, nf, checked = 0;
    cevns_config *ce, *cp;
    cevns_experiment *ee, *ep;
    double *c_e, *c_p, *frac;
    make_tmp(dir, sizeof dir);
    for (e = 0; e < 4; e++)
        for (p = 0; p < 2; p++)
            for (t = 0; t < 2; t++)
                at += (size_t)snprintf(text + at, sizeof text - at, "%g %g %g %g\n", ec[e], pc[p], tc[t], v[e][p][t]);
    put_file(dir, "f90.txt", text, path, sizeof path);
    snprintf(det, sizeof det,
             "\"bins\": {\"edges\": [10, 20, 30, 40, 50]}, \"time\": {\"bins_us\": {\"edges\": [-1, 1, 12]}}, "
             "\"psd\": {\"bins\": {\"lo\": 0, \"hi\": 1, \"n\": 2}, \"template\": \"%s\"}", path);
    ce = csi_config("\"bins\": {\"edges\": [10, 20, 30, 40, 50]}", ASIMOV, NORM_SCAN);
    cp = csi_config(det, ASIMOV, NORM_SCAN);
    ee = experiment_of(ce);
    ep = experiment_of(cp);
    nf = cevns_experiment_n_flux(ee);
    cr_assert_eq(cevns_experiment_n_bins(ep), 16u, "bins are energy x psd x time");
    c_e = counts_of(ee, CEVNS_INTEGRATOR_FIXED);
    c_p = counts_of(ep, CEVNS_INTEGRATOR_FIXED);
    frac = fractions_of(ep, 0, tedges, 2);
    for (e = 0; e < ne; e++) {
        const double(*src)[2] = v[filled_from[e]];
        double tmpl_total = src[0][0] + src[0][1] + src[1][0] + src[1][1];
        for (f = 0; f < nf; f++) {
            double all = 0.0, in_p[2] = {0, 0};
            for (p = 0; p < 2; p++)
                for (t = 0; t < 2; t++) {
                    double got = c_p[(((e * 2 + p) * 2 + t) * nf + f) * NI];
                    double want = c_e[(e * nf + f) * NI] * (src[p][0] + src[p][1]) / tmpl_total * frac[f * 2 + t];
                    cr_expect(fabs(got - want) <= 1e-12 * want, "energy bin %zu psd %zu time %zu %s: %.17g, "
                              "energy-only x share x fraction %.17g", e, p, t, cevns_experiment_flux_name(ep, f), got,
                              want);
                    in_p[p] += got;
                    all += got;
                }
            if (all == 0.0) continue; /* the prompt line's recoils end near 17 PE */
            checked++;
            for (p = 0; p < 2; p++) {
                double share = (src[p][0] + src[p][1]) / tmpl_total;
                cr_expect(fabs(in_p[p] / all - share) <= 1e-12, "energy bin %zu %s: psd bin %zu holds %.17g, the "
                          "template's share %.17g", e, cevns_experiment_flux_name(ep, f), p, in_p[p] / all, share);
            }
        }
    }
    cr_expect_geq(checked, 8u, "only %zu (energy bin, component) pairs with events", checked);
    free(frac);
    free(c_e);
    free(c_p);
    cevns_experiment_free(ee);
    cevns_experiment_free(ep);
    free(ce);
    free(cp);
    rm_rf(dir);
}

/* ---------------------------------------------------------------- 2. engines */
/* The chi2 map of cfg on an engine and path (n values, poisoned with NaN first); the path must be
 * the one asked for unless the scan has no separable axis (any_path). */
static double *scan_map_on(const cevns_config *cfg, const char *engine, int direct, int any_path, size_t *n) {
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_error err = {""};
    double *chi2;
    size_t i;
    cevns_scan_settings_default(&set);
    set.engine = engine;
    set.direct = direct;
    cr_assert_eq(cevns_scan_create(cfg, &set, &s, &err), CEVNS_OK, "%s: %s", engine, err.msg);
    if (!any_path) cr_assert_str_eq(cevns_scan_path_name(s), direct ? "direct" : "separable", "%s", engine);
    *n = cevns_scan_map_points(s);
    chi2 = malloc(*n * sizeof *chi2);
    cr_assert_not_null(chi2);
    for (i = 0; i < *n; i++) chi2[i] = NAN;
    cr_assert_eq(cevns_scan_evaluate(s, 0, *n, chi2, NULL, &err), CEVNS_OK, "%s: %s", engine, err.msg);
    cevns_scan_free(s);
    return chi2;
}

static double *scan_map(const cevns_config *cfg, const char *engine, int direct, size_t *n) {
    return scan_map_on(cfg, engine, direct, 0, n);
}

/* Every value of two maps to 1e-12 relative (1e-12 absolute where chi2 is rounding noise around 0,
 * at the Asimov point). */
static void expect_same_chi2(const double *a, const double *b, size_t n, const char *what) {
    size_t i;
    for (i = 0; i < n; i++) {
        double d = fabs(a[i] - b[i]);
        cr_assert(!isnan(a[i]) && !isnan(b[i]), "%s: map point %zu not written", what, i);
        cr_expect(d <= 1e-12 * fabs(b[i]) || d <= 1e-12, "%s: map point %zu: %.17g vs %.17g", what, i, a[i], b[i]);
    }
}

/* A released energy PDF (rows: centres of 5-PE bins from 10 to 60 PE, density) and time PDF (0.5-us
 * bins from -1 to 12 us) into dir; their paths into pe and tu. */
static void write_pdfs(const char *dir, char *pe, char *tu, size_t size) {
    char text[2048];
    size_t at = 0;
    int r;
    for (r = 0; r < 10; r++) at += (size_t)snprintf(text + at, sizeof text - at, "%g %.17g\n", 12.5 + 5 * r, exp(-0.1 * r));
    put_file(dir, "bkg_pe.txt", text, pe, size);
    for (at = 0, r = 0; r < 26; r++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%g %g\n", -0.75 + 0.5 * r, 0.2 + (r % 5 == 2 ? 1.0 : 0.0));
    put_file(dir, "bkg_t.txt", text, tu, size);
}

/* A time-binned NSI scan (chi2, or Poisson when poisson) with a pdf background (its PDFs written into
 * dir), a signal normalisation pull and a timing shape pull: 5 x 3 map points. */
static cevns_config *nsi_time_config(const char *dir, int poisson) {
    char pe[256], tu[256], data[2048], text[8192];
    write_pdfs(dir, pe, tu, sizeof pe);
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"brn\", \"shape\": \"pdf\", \"energy_file\": \"%s\", "
             "\"time_file\": \"%s\", \"amount\": 20, \"sigma_norm\": 0.25}], \"pulls\": [{\"name\": \"flux\", "
             "\"sigma\": 0.1}, {\"name\": \"timing\", \"sigma\": 1, \"shift\": {\"timing_offset_us\": 0.1}}]",
             pe, tu);
    csi_text(text, sizeof text, SNS_SOURCE,
             E3 ", \"time\": {\"bins_us\": {\"edges\": [-1, 0, 0.5, 1, 2, 4, 8, 12]}, " TIME_EFF "}", data,
             poisson ? "\"axes\": [{\"name\": \"eps_ee_u\", \"values\": [-0.4, -0.1, 0, 0.2, 0.5]}, {\"name\": "
                       "\"eps_mumu_u\", \"values\": [-0.2, 0, 0.3]}], \"statistic\": \"poisson\""
                     : "\"axes\": [{\"name\": \"eps_ee_u\", \"values\": [-0.4, -0.1, 0, 0.2, 0.5]}, {\"name\": "
                       "\"eps_mumu_u\", \"values\": [-0.2, 0, 0.3]}], \"statistic\": \"chi2\"");
    return parse_ok(text);
}

/* The separable path (a basis per bin, contracted per point) and the direct one (every point
 * integrated) give the same map, chi2 and Poisson. */
Test(coherent, time_binned_scan_is_the_same_on_both_paths, .timeout = 300) {
    char dir[64];
    int stat;
    make_tmp(dir, sizeof dir);
    for (stat = 0; stat < 2; stat++) {
        cevns_config *cfg = nsi_time_config(dir, stat);
        size_t n1, n2;
        double *sep = scan_map(cfg, "cpu", 0, &n1), *direct = scan_map(cfg, "cpu", 1, &n2);
        cr_assert_eq(n1, 15u);
        cr_assert_eq(n2, n1);
        expect_same_chi2(sep, direct, n1, stat ? "poisson: separable vs direct" : "chi2: separable vs direct");
        cr_expect_gt(sep[0], 1.0, "the map has no power: %g at its corner", sep[0]);
        free(sep);
        free(direct);
        free(cfg);
    }
    rm_rf(dir);
}

/* Every other engine present (OpenCL, CUDA) against the CPU, both paths, chi2 and Poisson. */
Test(coherent, time_binned_scan_is_the_same_on_every_engine, .timeout = 600) {
    const cevns_engine *engines[4];
    size_t n_eng = test_other_engines("test_coherent", engines, 4), k;
    char dir[64];
    int stat, direct;
    if (n_eng == 0) cr_skip_test("no engine besides the CPU in this build or on this machine");
    make_tmp(dir, sizeof dir);
    for (stat = 0; stat < 2; stat++) {
        cevns_config *cfg = nsi_time_config(dir, stat);
        for (direct = 0; direct < 2; direct++) {
            size_t n1, n2;
            double *ref = scan_map(cfg, "cpu", direct, &n1);
            for (k = 0; k < n_eng; k++) {
                char what[128];
                double *got = scan_map(cfg, engines[k]->name, direct, &n2);
                snprintf(what, sizeof what, "%s: %s %s vs cpu", stat ? "poisson" : "chi2", engines[k]->name,
                         direct ? "direct" : "separable");
                cr_assert_eq(n2, n1);
                expect_same_chi2(got, ref, n1, what);
                free(got);
            }
            free(ref);
        }
        free(cfg);
    }
    rm_rf(dir);
}

/* ---------------------------------------------------------------- 3. data */
/* The data set of cfg (cevns_dataset_create; the caller frees both). */
static cevns_experiment *dataset_of(const cevns_config *cfg, cevns_dataset *d) {
    cevns_experiment *e = experiment_of(cfg);
    cevns_error err = {""};
    cr_assert_eq(cevns_dataset_create(e, d, &err), CEVNS_OK, "%s", err.msg);
    return e;
}

static void expect_values(const double *got, const double *want, size_t n, double tol, const char *what) {
    size_t i;
    for (i = 0; i < n; i++)
        cr_expect(fabs(got[i] - want[i]) <= tol * fabs(want[i]), "%s, bin %zu: %.17g, expected %.17g", what, i, got[i],
                  want[i]);
}

/* An event list in PE x us, counted by hand over energy [10, 20, 30) x time [0, 1, 6): a lower edge
 * belongs to its bin, an upper edge of the range and everything outside is left out.  The same list
 * as a background component (scale 0.5), and without time bins (the time column ignored). */
Test(coherent, event_list_is_binned_by_hand, .timeout = 120) {
    static const char events[] = "# PE  t_us\n"
                                 "10 0\n"           /* (0, 0): both lower edges */
                                 "20 1\n"           /* (1, 1): both inner edges */
                                 "30 0.5\n"         /* out: the upper energy edge */
                                 "15 6\n"           /* out: the upper time edge */
                                 "\n"
                                 "25 5.999\n"       /* (1, 1) */
                                 "9.99 0.5\n"       /* out: below the energy range */
                                 "29.999 0.999\n"   /* (1, 0) */
                                 "15 0.5\n"         /* (0, 0) */
                                 "15 0.5\n"         /* (0, 0) */
                                 "45 3\n"           /* out: above */
                                 "12 0\n";          /* (0, 0) */
    /* bins (e, t) = e * 2 + t: (0,0) holds 10, 15, 15, 12; (0,1) none; (1,0) 29.999; (1,1) 20, 25 */
    static const double want_t[4] = {4, 0, 1, 2};
    /* energy only: [10, 20) 10, 15, 15, 15, 12; [20, 30) 20, 25, 29.999 */
    static const double want_e[2] = {5, 3};
    char dir[64], path[256], data[1024];
    double half[4];
    cevns_config *ct, *ce;
    cevns_dataset d;
    cevns_experiment *e;
    size_t i;
    make_tmp(dir, sizeof dir);
    put_file(dir, "events.txt", events, path, sizeof path);
    snprintf(data, sizeof data,
             "\"observed\": \"events\", \"file\": \"%s\", \"backgrounds\": [{\"name\": \"ss\", \"shape\": "
             "\"events\", \"file\": \"%s\", \"scale\": 0.5, \"sigma_norm\": 0.1}]",
             path, path);
    ct = csi_config(E2 T2, data, "\"axes\": [{\"name\": \"normalisation\", \"values\": [1]}], \"statistic\": "
                                 "\"poisson\"");
    e = dataset_of(ct, &d);
    cr_assert_eq(d.n_bins, 4u);
    expect_values(d.observed, want_t, 4, 0.0, "observed events, energy x time");
    for (i = 0; i < 4; i++) half[i] = 0.5 * want_t[i];
    cr_assert_eq(d.n_components, 1u);
    expect_values(d.components, half, 4, 0.0, "the events component x 0.5");
    expect_values(d.background, half, 4, 0.0, "the background (the component alone)");
    cevns_dataset_free(&d);
    cevns_experiment_free(e);
    ce = csi_config(E2, data, "\"axes\": [{\"name\": \"normalisation\", \"values\": [1]}], \"statistic\": "
                              "\"poisson\"");
    e = dataset_of(ce, &d);
    cr_assert_eq(d.n_bins, 2u);
    expect_values(d.observed, want_e, 2, 0.0, "observed events, energy only");
    cevns_dataset_free(&d);
    cevns_experiment_free(e);
    free(ct);
    free(ce);
    rm_rf(dir);
}

/* A template: one row per bin at its centre, energy outermost, read in that order (a comment and
 * centres printed to a few digits allowed); as a component, times its scale. */
Test(coherent, template_rows_are_read_in_bin_order, .timeout = 120) {
    static const char tmpl[] = "# PE t_us counts\n15 0.5 7\n15 3.5 11\n25.0000000001 0.5 13\n25 3.5 17\n";
    static const double want[4] = {7, 11, 13, 17}, twice[4] = {14, 22, 26, 34};
    char dir[64], path[256], data[1024];
    cevns_config *cfg;
    cevns_dataset d;
    cevns_experiment *e;
    make_tmp(dir, sizeof dir);
    put_file(dir, "template.txt", tmpl, path, sizeof path);
    snprintf(data, sizeof data,
             "\"observed\": \"template\", \"file\": \"%s\", \"backgrounds\": [{\"name\": \"t\", \"shape\": "
             "\"template\", \"file\": \"%s\", \"scale\": 2, \"sigma_norm\": 0.1}]",
             path, path);
    cfg = csi_config(E2 T2, data, NORM_SCAN);
    e = dataset_of(cfg, &d);
    expect_values(d.observed, want, 4, 0.0, "observed template");
    expect_values(d.variance, want, 4, 1e-15, "its variance (sigma_stat: the counts)");
    expect_values(d.components, twice, 4, 0.0, "the template component x 2");
    cevns_dataset_free(&d);
    cevns_experiment_free(e);
    free(cfg);
    rm_rf(dir);
}

/* Masses of a released PDF in bins [edges[k], edges[k+1]): the densities of the rows whose centres
 * lie in each bin, summed (the PDF's rows are equal bins, so the width cancels on normalising). */
static void pdf_masses_by_rows(const double *centre, const double *p, size_t rows, const double *edges, size_t n,
                               double *mass) {
    size_t r, k;
    for (k = 0; k < n; k++) mass[k] = 0.0;
    for (r = 0; r < rows; r++)
        for (k = 0; k < n; k++)
            if (centre[r] > edges[k] && centre[r] < edges[k + 1]) mass[k] += p[r];
}

/* A pdf component is amount x p_E(e) p_T(t) / sum over the bins: the PDFs' rows outside the
 * binned range are left out before normalising. */
Test(coherent, pdf_component_is_the_normalised_product_of_pdf_masses, .timeout = 120) {
    static const double eedges[] = {10, 20, 30, 45}, tedges[] = {-1, 0, 0.5, 1, 2, 4, 8, 12};
    char dir[64], pe[256], tu[256], data[2048];
    double ec[10], ep[10], tc[26], tp[26], me[3], mt[7], want[21], total = 0.0;
    cevns_config *cfg;
    cevns_dataset d;
    cevns_experiment *e;
    size_t r, i, t;
    make_tmp(dir, sizeof dir);
    write_pdfs(dir, pe, tu, sizeof pe);
    for (r = 0; r < 10; r++) { /* write_pdfs' rows */
        ec[r] = 12.5 + 5.0 * (double)r;
        ep[r] = exp(-0.1 * (double)r);
    }
    for (r = 0; r < 26; r++) {
        tc[r] = -0.75 + 0.5 * (double)r;
        tp[r] = 0.2 + (r % 5 == 2 ? 1.0 : 0.0);
    }
    pdf_masses_by_rows(ec, ep, 10, eedges, 3, me);
    pdf_masses_by_rows(tc, tp, 26, tedges, 7, mt);
    for (i = 0; i < 3; i++)
        for (t = 0; t < 7; t++) total += me[i] * mt[t];
    for (i = 0; i < 3; i++)
        for (t = 0; t < 7; t++) want[i * 7 + t] = 20.0 * me[i] * mt[t] / total;
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"brn\", \"shape\": \"pdf\", \"energy_file\": \"%s\", "
             "\"time_file\": \"%s\", \"amount\": 20, \"sigma_norm\": 0.25}]",
             pe, tu);
    cfg = csi_config(E3 ", \"time\": {\"bins_us\": {\"edges\": [-1, 0, 0.5, 1, 2, 4, 8, 12]}}", data, NORM_SCAN);
    e = dataset_of(cfg, &d);
    cr_assert_eq(d.n_bins, 21u);
    expect_values(d.components, want, 21, 1e-14, "pdf component");
    expect_values(d.background, want, 21, 1e-14, "background");
    cevns_dataset_free(&d);
    cevns_experiment_free(e);
    free(cfg);
    rm_rf(dir);
}

/* min over xi of sum_i w_i (r_i - sum_j xi_j c_j^i)^2 + sum_j p_j xi_j^2 (the pull chi2, docs/config.md
 * "pulls"; kernels/common/chi2.h): the normal equations (C^T W C + P) xi = C^T W r, solved here by
 * Gaussian elimination with partial pivoting; c[j * nb + i]. */
#define MAXP 4
static double pull_chi2(size_t nb, size_t np, const double *r, const double *w, const double *c, const double *p) {
    double m[MAXP][MAXP + 1], xi[MAXP], chi2 = 0.0;
    size_t i, j, k, q;
    for (j = 0; j < np; j++) {
        for (k = 0; k < np; k++)
            for (m[j][k] = j == k ? p[j] : 0.0, i = 0; i < nb; i++) m[j][k] += w[i] * c[j * nb + i] * c[k * nb + i];
        for (m[j][np] = 0.0, i = 0; i < nb; i++) m[j][np] += w[i] * c[j * nb + i] * r[i];
    }
    for (j = 0; j < np; j++) {
        size_t best = j;
        for (q = j + 1; q < np; q++)
            if (fabs(m[q][j]) > fabs(m[best][j])) best = q;
        for (k = 0; k <= np; k++) {
            double s = m[j][k];
            m[j][k] = m[best][k];
            m[best][k] = s;
        }
        for (q = j + 1; q < np; q++)
            for (k = np + 1; k-- > j;) m[q][k] -= m[q][j] / m[j][j] * m[j][k];
    }
    for (j = np; j-- > 0;) {
        double s = m[j][np];
        for (k = j + 1; k < np; k++) s -= m[j][k] * xi[k];
        xi[j] = s / m[j][j];
    }
    for (i = 0; i < nb; i++) {
        double res = r[i];
        for (j = 0; j < np; j++) res -= xi[j] * c[j * nb + i];
        chi2 += w[i] * res * res;
    }
    for (j = 0; j < np; j++) chi2 += p[j] * xi[j] * xi[j];
    return chi2;
}

/* Shape systematics: a component with shift_of adds nothing to the background and moves it by
 * (its counts - the shifted component's) per unit pull; a signal pull with a template pair moves bin
 * i by R_i (up_i / nominal_i - 1) per unit pull, R_i the signal of the scanned point.  The data set
 * holds exactly that, and the scan's chi2 at normalisations 0.5, 1, 1.5 (both paths) is the pull
 * chi2 of those shifts, the observed template and its variance (sigma_stat: O_i), with the signal
 * n s_i (s_i from the rate). */
Test(coherent, shift_pulls_move_the_background_and_the_signal, .timeout = 300) {
    static const double o[4] = {50, 20, 30, 10}, a[4] = {5, 3, 4, 2}, a_up[4] = {6, 3, 3, 2.5};
    static const double up[4] = {1.1, 0.9, 1.0, 1.3}, nom[4] = {1, 1, 1.25, 1}, norms[3] = {0.5, 1.0, 1.5};
    char dir[64], po[256], pa[256], pa_up[256], pup[256], pnom[256], data[4096], text[256];
    cevns_config *cfg;
    cevns_dataset d;
    cevns_experiment *e;
    double s[4], f[4], diff[4];
    size_t i, k, n;
    int direct;
    make_tmp(dir, sizeof dir);
#define TEMPLATE_FILE(name, v, path)                                                                               \
    snprintf(text, sizeof text, "15 0.5 %.17g\n15 3.5 %.17g\n25 0.5 %.17g\n25 3.5 %.17g\n", v[0], v[1], v[2], v[3]); \
    put_file(dir, name, text, path, sizeof path)
    TEMPLATE_FILE("observed.txt", o, po);
    TEMPLATE_FILE("a.txt", a, pa);
    TEMPLATE_FILE("a_up.txt", a_up, pa_up);
    TEMPLATE_FILE("up.txt", up, pup);
    TEMPLATE_FILE("nominal.txt", nom, pnom);
#undef TEMPLATE_FILE
    snprintf(data, sizeof data,
             "\"observed\": \"template\", \"file\": \"%s\", \"backgrounds\": [{\"name\": \"a\", \"shape\": "
             "\"template\", \"file\": \"%s\", \"sigma_norm\": 0.2}, {\"name\": \"a_up\", \"shape\": \"template\", "
             "\"file\": \"%s\", \"shift_of\": \"a\", \"sigma_norm\": 1}], \"pulls\": [{\"name\": \"ratio\", "
             "\"sigma\": 1, \"shift\": {\"template_up\": \"%s\", \"template_nominal\": \"%s\"}}]",
             po, pa, pa_up, pup, pnom);
    cfg = csi_config(E2 T2, data, NORM_SCAN);
    e = dataset_of(cfg, &d);
    for (i = 0; i < 4; i++) {
        f[i] = up[i] / nom[i] - 1.0;
        diff[i] = a_up[i] - a[i];
    }
    cr_assert_eq(d.n_pulls, 3u, "the pull, then one per component");
    cr_expect_str_eq(d.pulls[0].name, "ratio");
    cr_expect_str_eq(d.pulls[2].name, "a_up");
    expect_values(d.background, a, 4, 0.0, "background (a; a_up is a shift)");
    expect_values(d.components, a, 4, 0.0, "component a");
    expect_values(d.components + 4, diff, 4, 1e-15, "component a_up: a_up - a");
    cr_assert_not_null(d.signal_mask);
    expect_values(d.signal_mask, f, 4, 1e-15, "the ratio pull's relative change");
    signal_of(e, s);
    for (direct = 0; direct < 2; direct++) {
        double *chi2 = scan_map_on(cfg, "cpu", direct, 1, &n);
        cr_assert_eq(n, 3u);
        for (k = 0; k < n; k++) {
            double r[4], w[4], c[12], pen[3] = {1.0, 1.0 / 0.04, 1.0}, want;
            for (i = 0; i < 4; i++) {
                double sig = norms[k] * s[i];
                r[i] = o[i] - sig - a[i];
                w[i] = 1.0 / o[i];
                c[i] = sig * f[i];
                c[4 + i] = a[i];
                c[8 + i] = diff[i];
            }
            want = pull_chi2(4, 3, r, w, c, pen);
            cr_expect(fabs(chi2[k] - want) <= 1e-11 * want, "%s, normalisation %g: chi2 %.17g, closed form %.17g",
                      direct ? "direct" : "separable", norms[k], chi2[k], want);
        }
        free(chi2);
    }
    cevns_dataset_free(&d);
    cevns_experiment_free(e);
    free(cfg);
    rm_rf(dir);
}

/* ---------------------------------------------------------------- 4. bad input */
/* cevns_config_parse of text fails (ECONFIG) with a message holding the needles. */
static void expect_parse_error(const char *text, const char *what, const char *n1, const char *n2) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    cr_expect_eq(cevns_config_parse(text, CFG_PATH, cfg, &err), CEVNS_ECONFIG, "%s: parsed (%s)", what, err.msg);
    cr_expect(contains(err.msg, n1), "%s: the message lacks '%s': %s", what, n1, err.msg);
    if (n2) cr_expect(contains(err.msg, n2), "%s: the message lacks '%s': %s", what, n2, err.msg);
    free(cfg);
}

/* A scan of the CsI config with the given detector and data keys fails with status st (when
 * building the experiment or loading its data) with a message holding the needles. */
static void expect_scan_error(const char *detector, const char *data, cevns_status st, const char *what,
                              const char *n1, const char *n2, const char *n3) {
    cevns_config *cfg = csi_config(detector, data, NORM_SCAN);
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_error err = {""};
    cevns_scan_settings_default(&set);
    set.engine = "cpu";
    cr_expect_eq(cevns_scan_create(cfg, &set, &s, &err), st, "%s: status (%s)", what, err.msg);
    cr_expect_null(s, "%s: a scan was made", what);
    cr_expect(contains(err.msg, n1), "%s: the message lacks '%s': %s", what, n1, err.msg);
    if (n2) cr_expect(contains(err.msg, n2), "%s: the message lacks '%s': %s", what, n2, err.msg);
    if (n3) cr_expect(contains(err.msg, n3), "%s: the message lacks '%s': %s", what, n3, err.msg);
    cevns_scan_free(s);
    free(cfg);
}

/* An event list (text) as the observed data of an energy x time fit must fail naming path:line,
 * the key and the value. */
static void bad_event_list(const char *dir, const char *text, int line, const char *value, const char *what) {
    char path[256], data[512], where[300];
    put_file(dir, "bad_events.txt", text, path, sizeof path);
    snprintf(data, sizeof data, "\"observed\": \"events\", \"file\": \"%s\"", path);
    snprintf(where, sizeof where, "%s:%d:", path, line);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, what, where, "experiment.data.file", value);
}

Test(coherent, bad_event_lists_name_file_line_and_key, .timeout = 120) {
    char dir[64], path[256], data[768], where[300];
    make_tmp(dir, sizeof dir);
    bad_event_list(dir, "# PE t_us\n12 0.5\n-3 0.2\n", 3, "energy -3", "negative energy");
    bad_event_list(dir, "12 -0.5\n", 1, "arrival time -0.5", "negative time");
    bad_event_list(dir, "12 0.5\n13 0.5\n\nnan 0.5\n", 4, "not a finite number", "NaN energy");
    bad_event_list(dir, "12 0.5\n13 inf\n", 2, "not a finite number", "infinite time");
    bad_event_list(dir, "12 0.5\n13\n", 2, "column", "a row without its time");
    /* a background component's list: its key */
    put_file(dir, "bad_bkg.txt", "12 0.5\n# two\n12 -1\n", path, sizeof path);
    snprintf(data, sizeof data,
             "\"observed\": \"asimov\", \"sigma_frac\": 0.1, \"backgrounds\": [{\"name\": \"ss\", \"shape\": "
             "\"events\", \"file\": \"%s\", \"sigma_norm\": 0.1}]",
             path);
    snprintf(where, sizeof where, "%s:3:", path);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, "negative time in a background list", where,
                      "experiment.data.backgrounds[0]", "arrival time -1");
    rm_rf(dir);
}

/* PDFs whose bins do not fall on the declared edges: in energy (5-PE bins from 12 PE against the
 * edge 10) and in time (0.4-us bins against the edge 1 us). */
Test(coherent, pdfs_off_the_declared_binning_fail, .timeout = 120) {
    char dir[64], pe[256], tu[256], bad[256], data[1024];
    make_tmp(dir, sizeof dir);
    write_pdfs(dir, pe, tu, sizeof pe);
    put_file(dir, "bad_pe.txt", "14.5 1\n19.5 1\n24.5 1\n29.5 1\n34.5 1\n39.5 1\n44.5 1\n49.5 1\n", bad, sizeof bad);
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"brn\", \"shape\": \"pdf\", \"energy_file\": \"%s\", "
             "\"time_file\": \"%s\", \"amount\": 20, \"sigma_norm\": 0.25}]",
             bad, tu);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, "energy PDF off the edges", bad, "experiment.data.backgrounds[0]",
                      "do not cover the declared binning");
    /* a time PDF starting after the first time edge (a PDF bin cut by an edge inside its range is
     * shared in proportion, binned_inputs.c; an edge outside the range is an error) */
    put_file(dir, "bad_t.txt", "0.6 1\n1.0 1\n1.4 1\n1.8 1\n2.2 1\n2.6 1\n3 1\n3.4 1\n3.8 1\n4.2 1\n4.6 1\n5 1\n"
                               "5.4 1\n5.8 1\n",
             bad, sizeof bad);
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"brn\", \"shape\": \"pdf\", \"energy_file\": \"%s\", "
             "\"time_file\": \"%s\", \"amount\": 20, \"sigma_norm\": 0.25}]",
             pe, bad);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, "time PDF off the edges", bad, "experiment.data.backgrounds[0]",
                      "the bin edge 0 lies outside");
    /* a PDF's centres that are not equally spaced: the line of the odd one */
    put_file(dir, "bad_t.txt", "0.25 1\n0.75 1\n1.3 1\n", bad, sizeof bad);
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"brn\", \"shape\": \"pdf\", \"energy_file\": \"%s\", "
             "\"time_file\": \"%s\", \"amount\": 20, \"sigma_norm\": 0.25}]",
             pe, bad);
    {
        char where[300];
        snprintf(where, sizeof where, "%s:3:", bad);
        expect_scan_error(E2 T2, data, CEVNS_EDATA, "unequal PDF bins", where, "experiment.data.backgrounds[0]",
                          "centre 1.3");
    }
    rm_rf(dir);
}

/* Templates: a row whose time lies outside its bin (the file lists time innermost; here two rows
 * are swapped), and one row too few. */
Test(coherent, templates_off_the_declared_binning_fail, .timeout = 120) {
    char dir[64], path[256], data[512], where[300];
    make_tmp(dir, sizeof dir);
    put_file(dir, "t.txt", "# PE t counts\n15 0.5 7\n15 3.5 11\n25 3.5 17\n25 0.5 13\n", path, sizeof path);
    snprintf(data, sizeof data, "\"observed\": \"template\", \"file\": \"%s\"", path);
    snprintf(where, sizeof where, "%s:4:", path);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, "rows out of order", where, "experiment.data.file",
                      "time (experiment.detector.time.bins_us)");
    put_file(dir, "t.txt", "15 0.5 7\n15 3.5 11\n25 0.5 13\n", path, sizeof path);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, "a row too few", path, "experiment.data.file",
                      "3 rows, but experiment.detector declares 4 bins");
    put_file(dir, "t.txt", "15 0.5 7\n15 3.5 11\n35 0.5 13\n25 3.5 17\n", path, sizeof path);
    snprintf(where, sizeof where, "%s:3:", path);
    expect_scan_error(E2 T2, data, CEVNS_EDATA, "an energy outside its bin", where, "experiment.data.file",
                      "energy (experiment.detector.bins)");
    rm_rf(dir);
}

/* Arrival-time bins need a pulsed source, and are not available in joint fits. */
Test(coherent, time_bins_need_a_pulsed_source_alone, .timeout = 120) {
    char text[8192], exp_text[4096];
    cevns_config *cfg;
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    csi_text(text, sizeof text, REACTOR_SOURCE, E2 T2, ASIMOV, NORM_SCAN);
    expect_parse_error(text, "reactor", "experiment.detector", "pulsed source");
    csi_text(text, sizeof text, SOLAR_SOURCE, E2 T2, ASIMOV, NORM_SCAN);
    expect_parse_error(text, "solar", "experiment.detector", "pulsed source");
    csi_text(exp_text, sizeof exp_text, SNS_SOURCE, E2 T2, ASIMOV, NORM_SCAN);
    /* the experiment object of the CsI config as a member of a joint fit */
    {
        const char *from = strstr(exp_text, "\"experiment\": ") + strlen("\"experiment\": ");
        const char *to = strstr(exp_text, ", " MODEL);
        snprintf(text, sizeof text, "{\"name\": \"j\", \"experiments\": [{\"name\": \"csi\", \"experiment\": %.*s}], "
                 MODEL ", \"scan\": {" NORM_SCAN "}}", (int)(to - from), from);
    }
    cfg = malloc(sizeof *cfg);
    cr_assert_not_null(cfg);
    if (cevns_config_parse(text, CFG_PATH, cfg, &err) == CEVNS_OK) {
        cr_expect_eq(cevns_experiment_create(cfg, &e, &err), CEVNS_ECONFIG, "joint fit with time bins: created");
        cevns_experiment_free(e);
    }
    cr_expect(contains(err.msg, "experiments[0]") && contains(err.msg, "joint fits"), "joint: %s", err.msg);
    free(cfg);
}

/* Shape systematics that cannot work: a shift_of naming no component, or a shift component; a
 * signal shift that changes nothing; template_up without template_nominal. */
Test(coherent, bad_shape_systematics_fail, .timeout = 120) {
    char text[8192], dir[64], pa[256], data[2048];
    make_tmp(dir, sizeof dir);
    put_file(dir, "a.txt", "15 0.5 1\n15 3.5 1\n25 0.5 1\n25 3.5 1\n", pa, sizeof pa);
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"a\", \"shape\": \"template\", \"file\": \"%s\", "
             "\"sigma_norm\": 0.2}, {\"name\": \"a_up\", \"shape\": \"template\", \"file\": \"%s\", \"shift_of\": "
             "\"b\", \"sigma_norm\": 1}]",
             pa, pa);
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2, data, NORM_SCAN);
    expect_parse_error(text, "shift_of an unknown component", "experiment.data.backgrounds[1].shift_of", "\"b\"");
    snprintf(data, sizeof data,
             ASIMOV ", \"backgrounds\": [{\"name\": \"a\", \"shape\": \"template\", \"file\": \"%s\", "
             "\"sigma_norm\": 0.2, \"shift_of\": \"a_up\"}, {\"name\": \"a_up\", \"shape\": \"template\", \"file\": "
             "\"%s\", \"shift_of\": \"a\", \"sigma_norm\": 1}]",
             pa, pa);
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2, data, NORM_SCAN);
    expect_parse_error(text, "shift_of a shift", "experiment.data.backgrounds[0].shift_of", "\"a_up\"");
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2,
             ASIMOV ", \"pulls\": [{\"name\": \"nothing\", \"sigma\": 1, \"shift\": {}}]", NORM_SCAN);
    expect_parse_error(text, "an empty shift", "experiment.data.pulls[0].shift", "changes nothing");
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2,
             ASIMOV ", \"pulls\": [{\"name\": \"zero\", \"sigma\": 1, \"shift\": {\"timing_offset_us\": 0}}]",
             NORM_SCAN);
    expect_parse_error(text, "a zero timing shift", "experiment.data.pulls[0].shift", "changes nothing");
    snprintf(data, sizeof data, ASIMOV ", \"pulls\": [{\"name\": \"half\", \"sigma\": 1, \"shift\": {\"template_up\": "
             "\"%s\"}}]", pa);
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2, data, NORM_SCAN);
    expect_parse_error(text, "template_up alone", "experiment.data.pulls[0].shift.template_nominal", NULL);
    rm_rf(dir);
}

/* Through the command: `cevns scan` on a config whose event list has a negative time, and on one
 * with time bins on a reactor source, exits with 4 (data) and 3 (config) after one message naming
 * the file, line and key, and leaves no run folder. */
Test(coherent, cli_scan_of_bad_input_writes_nothing, .timeout = 120) {
    scan_paths p;
    result r;
    char events[300], text[8192], data[512], where[320];
    scan_paths_init(&p, "csi.json");
    snprintf(events, sizeof events, "%s/events.txt", p.tmp);
    write_text(events, "# PE t_us\n12 0.5\n14 -0.25\n");
    snprintf(data, sizeof data, "\"observed\": \"events\", \"file\": \"events.txt\"");
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2, data,
             "\"axes\": [{\"name\": \"normalisation\", \"values\": [0.5, 1.0, 1.5]}], \"statistic\": \"poisson\"");
    write_text(p.cfg, text);
    {
        const char *argv[] = {CEVNS_BINARY, "scan", p.cfg, "--out", p.run, "--no-figures", NULL};
        cevns(p.tmp, &r, argv);
    }
    snprintf(where, sizeof where, "events.txt:3:");
    expect_failure(&r, 4, "negative time", where, "experiment.data.file");
    expect_no_run(p.run, "negative time");
    expect_no_run(p.partial, "negative time");
    csi_text(text, sizeof text, REACTOR_SOURCE, E2 T2, ASIMOV, NORM_SCAN);
    write_text(p.cfg, text);
    {
        const char *argv[] = {CEVNS_BINARY, "scan", p.cfg, "--out", p.run, "--no-figures", NULL};
        cevns(p.tmp, &r, argv);
    }
    expect_failure(&r, 3, "time bins, reactor", "csi.json", "experiment.detector.time");
    expect_no_run(p.run, "time bins, reactor");
    expect_no_run(p.partial, "time bins, reactor");
    rm_rf(p.tmp);
}

/* Shapes given in the observable alone (flat, exponential, gaussian components; a flat background
 * per unit of the observable) have no meaning over energy x time bins, whose edges are bin numbers
 * (an energy bin of 10 PE and a time bin of 5 us are one "unit" each): the config says so. */
Test(coherent, observable_shapes_need_energy_only_bins, .timeout = 120) {
    static const char *const comps[] = {
        "{\"name\": \"c\", \"shape\": \"flat\", \"amount\": 12, \"sigma_norm\": 0.1}",
        "{\"name\": \"c\", \"shape\": \"exponential\", \"decay\": 5, \"amount\": 12, \"sigma_norm\": 0.1}",
        "{\"name\": \"c\", \"shape\": \"gaussian\", \"mean\": 15, \"sigma\": 3, \"amount\": 12, \"sigma_norm\": 0.1}"};
    char text[8192], data[1024];
    size_t k;
    for (k = 0; k < sizeof comps / sizeof comps[0]; k++) {
        snprintf(data, sizeof data, ASIMOV ", \"backgrounds\": [%s]", comps[k]);
        csi_text(text, sizeof text, SNS_SOURCE, E2 T2, data, NORM_SCAN);
        expect_parse_error(text, comps[k], "experiment.data.backgrounds[0].shape", "experiment.detector.time");
        csi_text(text, sizeof text, SNS_SOURCE, E2, data, NORM_SCAN); /* energy bins alone: fine */
        free(parse_ok(text));
    }
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2 ", \"live_days\": 100",
             ASIMOV ", \"background\": {\"type\": \"flat\", \"per_unit_kg_day\": 0.01}", NORM_SCAN);
    expect_parse_error(text, "per_unit_kg_day", "experiment.data.background.per_unit_kg_day",
                       "experiment.detector.time");
    csi_text(text, sizeof text, SNS_SOURCE, E2 T2, ASIMOV ", \"background\": {\"type\": \"flat\", \"per_bin\": 2}",
             NORM_SCAN);
    free(parse_ok(text)); /* counts per bin are counts per bin */
}
