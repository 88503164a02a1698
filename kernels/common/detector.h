/* detector.h - detector response: quenching, observable, efficiency, smearing
 * (shared/PHYSICS.md §6).  Recoil T in MeV; the observable x is in keVnr,
 * keVee or photoelectrons (PE) as the detector declares.
 *
 * Response of bin [lo, hi) to a recoil T:
 *     R(T) = eps(mu) * P(lo <= x < hi | mu),   mu = x(T) the mean observed signal.
 * The efficiency is evaluated at the mean observed signal; with Gaussian
 * resolution P is a Gaussian truncated at x = 0 and renormalised, so no events
 * are lost at the lower edge ("keep the normalisation at the edges").  Without
 * resolution P is 1 inside the bin and 0 outside; the bin edges are then the
 * limits of the recoil integral and never appear inside it. */
#ifndef CEVNS_KERNELS_DETECTOR_H
#define CEVNS_KERNELS_DETECTOR_H

#include "portable.h"
#include "plan.h"
#include "cevns/enums.h"


/* A detector as CEVNS_DETECTOR_VALUES doubles (the segments of a joint plan, plan.h), and back:
 * every integer field is exact as a double, so the round trip is exact. */
CEVNS_FN void cevns_detector_store(const cevns_pod_detector *d, double *v) {
    v[0] = d->observable, v[1] = d->quench_type, v[2] = d->eff_type, v[3] = d->res_type;
    v[4] = d->quench_n, v[5] = d->quench_offset, v[6] = d->eff_n, v[7] = d->eff_offset;
    v[8] = d->off_edges, v[9] = d->first_bin, v[10] = d->light_yield, v[11] = d->qf_a, v[12] = d->qf_b;
    v[13] = d->eff_a, v[14] = d->eff_b, v[15] = d->eff_c, v[16] = d->eff_d;
    v[17] = d->res_s0, v[18] = d->res_s1, v[19] = d->res_s2;
}

CEVNS_FN void cevns_detector_load(CEVNS_CONST_GLOBAL double *v, cevns_pod_detector *d) {
    d->observable = (int32_t)v[0], d->quench_type = (int32_t)v[1], d->eff_type = (int32_t)v[2];
    d->res_type = (int32_t)v[3], d->quench_n = (int32_t)v[4], d->quench_offset = (int32_t)v[5];
    d->eff_n = (int32_t)v[6], d->eff_offset = (int32_t)v[7], d->off_edges = (int32_t)v[8];
    d->first_bin = (int32_t)v[9], d->light_yield = v[10], d->qf_a = v[11], d->qf_b = v[12];
    d->eff_a = v[13], d->eff_b = v[14], d->eff_c = v[15], d->eff_d = v[16];
    d->res_s0 = v[17], d->res_s1 = v[18], d->res_s2 = v[19];
}

/* Linear interpolation in a table of n (x, y) pairs stored as x[0..n), y[0..n);
 * clamped to the end values outside. */
CEVNS_FN double cevns_interp_linear(CEVNS_CONST_GLOBAL double *xs, CEVNS_CONST_GLOBAL double *ys, int n, double x) {
    int lo = 0, hi = n - 1;
    if (x <= xs[0]) return ys[0];
    if (x >= xs[n - 1]) return ys[n - 1];
    while (hi - lo > 1) {
        int c = (lo + hi) / 2;
        if (xs[c] <= x) lo = c;
        else hi = c;
    }
    return ys[lo] + (ys[hi] - ys[lo]) * (x - xs[lo]) / (xs[hi] - xs[lo]);
}

/* Lindhard quenching factor (Lindhard et al. 1963; PHYSICS.md §6):
 * eps = 11.5 Z^(-7/3) T[keV], g = 3 eps^0.15 + 0.7 eps^0.6 + eps, Q = k g/(1 + k g).
 * The isotope carries 11.5 Z^(-7/3) (cevns_lindhard_eps_per_kev, in the plan), and the
 * two powers share one logarithm: pow is slow on some devices (PoCL's is correctly
 * rounded, 5x glibc's), and this is evaluated at every recoil node. */
CEVNS_FN double cevns_lindhard_eps_per_kev(double z) { return 11.5 * pow(z, -7.0 / 3.0); }

CEVNS_FN double cevns_lindhard_qf(double eps, double k) {
    double l = log(eps);
    double g = 3.0 * exp(0.15 * l) + 0.7 * exp(0.6 * l) + eps;
    return k * g / (1.0 + k * g);
}

/* Electron-equivalent energy (MeV) of a nuclear recoil T (MeV). */
CEVNS_FN double cevns_quench_ee(const cevns_pod_detector *d, const cevns_pod_isotope *iso,
                                CEVNS_CONST_GLOBAL double *data, double t) {
    double t_kev = 1e3 * t;
    switch (d->quench_type) {
    case CEVNS_QUENCH_LINDHARD: return t * cevns_lindhard_qf(iso->lindhard_eps_per_kev * t_kev, iso->lindhard_k);
    case CEVNS_QUENCH_LINEAR: return t * (d->qf_a + d->qf_b * t_kev);
    case CEVNS_QUENCH_POLYNOMIAL: {
        CEVNS_CONST_GLOBAL double *c = data + d->quench_offset;
        double v = 0.0;
        int i;
        for (i = d->quench_n - 1; i >= 0; i--) v = v * t + c[i];
        return v;
    }
    case CEVNS_QUENCH_TABLE: {
        CEVNS_CONST_GLOBAL double *xs = data + d->quench_offset;
        return t * cevns_interp_linear(xs, xs + d->quench_n, d->quench_n, t_kev);
    }
    default: return t;
    }
}

/* Mean observed signal for recoil T (MeV), in the detector's observable. */
CEVNS_FN double cevns_observed_mean(const cevns_pod_detector *d, const cevns_pod_isotope *iso,
                                    CEVNS_CONST_GLOBAL double *data, double t) {
    if (d->observable == CEVNS_OBS_KEVNR) return 1e3 * t;
    {
        double ee_kev = 1e3 * cevns_quench_ee(d, iso, data, t);
        return d->observable == CEVNS_OBS_PE ? d->light_yield * ee_kev : ee_kev;
    }
}

/* Detection efficiency at observed signal x, clamped to [0, 1]. */
CEVNS_FN double cevns_efficiency(const cevns_pod_detector *d, CEVNS_CONST_GLOBAL double *data, double x) {
    double e = 1.0;
    if (d->eff_type == CEVNS_EFF_SIGMOID) {
        e = d->eff_a / (1.0 + exp(-d->eff_b * (x - d->eff_c))) + d->eff_d;
    } else if (d->eff_type == CEVNS_EFF_TABLE) {
        CEVNS_CONST_GLOBAL double *xs = data + d->eff_offset;
        e = cevns_interp_linear(xs, xs + d->eff_n, d->eff_n, x);
    }
    return e < 0.0 ? 0.0 : (e > 1.0 ? 1.0 : e);
}

/* Resolution sigma(x) in the observable: sigma^2 = s0^2 + s1^2 max(x, 0) + (s2 x)^2. */
CEVNS_FN double cevns_resolution_sigma_at(double s0, double s1, double s2, double x) {
    return sqrt(s0 * s0 + s1 * s1 * (x > 0.0 ? x : 0.0) + s2 * s2 * x * x);
}

CEVNS_FN double cevns_resolution_sigma(const cevns_pod_detector *d, double x) {
    return cevns_resolution_sigma_at(d->res_s0, d->res_s1, d->res_s2, x);
}

/* Probability of a Gaussian N(mean, sigma) in [a, b], a <= b (b may be +inf).  The
 * difference is taken between the tails on the side away from the mean, so bins far
 * in a tail keep their relative precision instead of cancelling to 0. */
CEVNS_FN double cevns_gaussian_mass(double a, double b, double mean, double sigma) {
    double za = (a - mean) / (sigma * 1.4142135623730950488), zb = (b - mean) / (sigma * 1.4142135623730950488);
    if (za >= 0.0) return 0.5 * (erfc(za) - erfc(zb));   /* both above the mean: upper tails */
    if (zb <= 0.0) return 0.5 * (erfc(-zb) - erfc(-za)); /* both below: lower tails */
    return 0.5 * (erf(zb) - erf(za));
}

/* P(lo <= x < hi | mean mu): Gaussian truncated at x = 0 and renormalised. */
CEVNS_FN double cevns_bin_probability(const cevns_pod_detector *d, double lo, double hi, double mu) {
    double s;
    if (d->res_type != CEVNS_RES_GAUSSIAN) return (mu >= lo && mu < hi) ? 1.0 : 0.0;
    s = cevns_resolution_sigma(d, mu);
    return cevns_gaussian_mass(lo, hi, mu, s) / cevns_gaussian_mass(0.0, HUGE_VAL, mu, s);
}

/* Response of bin b to a recoil T on isotope iso. */
CEVNS_FN double cevns_bin_response(const cevns_pod_header *h, const cevns_pod_detector *d, const cevns_pod_isotope *iso,
                                   CEVNS_CONST_GLOBAL double *data, int b, double t) {
    double mu = cevns_observed_mean(d, iso, data, t);
    CEVNS_CONST_GLOBAL double *edges = data + d->off_edges + (b - d->first_bin);
    (void)h;
    if (d->res_type != CEVNS_RES_GAUSSIAN) return cevns_efficiency(d, data, mu); /* bin edges are the T limits */
    return cevns_efficiency(d, data, mu) * cevns_bin_probability(d, edges[0], edges[1], mu);
}

#endif
