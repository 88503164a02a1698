/* recoil_plan.c - recoil range of every (bin, isotope) and the breakpoints
 * inside it where the response has a kink (efficiency and quenching table
 * knots).  Both integrators integrate over exactly these ranges. */
#include <math.h>
#include <stdlib.h>

#include "common/detector.h"
#include "common/kinematics.h"
#include "plan/plan.h"

#define RECOIL_SEARCH_MIN_MEV 1e-9 /* 1 meV: below any detector's reach */
#define MONOTONIC_SAMPLES 4000

typedef struct {
    const cevns_pod_detector *det;
    const cevns_pod_isotope *iso;
    const double *data;
    double t_top;
} observable_map;

static double obs(const observable_map *m, double t) { return cevns_observed_mean(m->det, m->iso, m->data, t); }

/* Recoil giving mean observed signal x (bisection in log T). */
static double recoil_for_observed(const observable_map *m, double x) {
    double lo = RECOIL_SEARCH_MIN_MEV, hi = m->t_top;
    int it;
    if (x <= obs(m, lo)) return lo;
    if (x >= obs(m, hi)) return hi;
    for (it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        double mid = sqrt(lo * hi);
        if (obs(m, mid) < x) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

static cevns_status check_monotonic(const observable_map *m, cevns_error *err) {
    double prev = obs(m, RECOIL_SEARCH_MIN_MEV);
    double ratio = pow(m->t_top / RECOIL_SEARCH_MIN_MEV, 1.0 / MONOTONIC_SAMPLES);
    double t = RECOIL_SEARCH_MIN_MEV;
    int i;
    for (i = 1; i <= MONOTONIC_SAMPLES; i++) {
        double v;
        t *= ratio;
        v = obs(m, t);
        if (!(v > prev) || !isfinite(v))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "experiment.detector.quenching: the observed signal must increase with the "
                                   "recoil energy, but it does not near T = %g keVnr (Z = %d)",
                                   1e3 * t, m->iso->z);
        prev = v;
    }
    return CEVNS_OK;
}

/* Largest observed x below which the efficiency is identically zero. */
static double efficiency_floor(const cevns_pod_detector *d, const double *data) {
    if (d->eff_type == CEVNS_EFF_SIGMOID && d->eff_d < 0.0 && d->eff_a > 0.0 && d->eff_b > 0.0 &&
        -d->eff_a / d->eff_d > 1.0) {
        double x0 = d->eff_c - log(-d->eff_a / d->eff_d - 1.0) / d->eff_b;
        return x0 > 0.0 ? x0 : 0.0;
    }
    if (d->eff_type == CEVNS_EFF_TABLE) {
        const double *xs = data + d->eff_offset, *ys = xs + d->eff_n;
        double floor = 0.0;
        int j;
        for (j = 0; j < d->eff_n && ys[j] <= 0.0; j++) floor = xs[j];
        return floor;
    }
    return 0.0;
}

/* Upper mean mu whose -n_sigma tail still reaches x = hi: mu - n sigma(mu) = hi. */
static double smeared_upper_mean(const cevns_pod_detector *d, double hi, double n_sigma) {
    double lo = hi, up = hi;
    int it;
    while (up - n_sigma * cevns_resolution_sigma(d, up) < hi) up = 2.0 * up + 1.0;
    for (it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + up);
        if (mid - n_sigma * cevns_resolution_sigma(d, mid) < hi) lo = mid;
        else up = mid;
    }
    return up;
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Recoil breakpoints of one bin on one isotope into pts (sorted, unique). */
static cevns_status bin_breakpoints(const cevns_detector *det, const observable_map *m, int b, double *pts,
                                    size_t *n_pts, cevns_error *err) {
    const cevns_pod_detector *d = m->det;
    const double *edges = det->edges;
    double lo = edges[b], hi = edges[b + 1], x_floor = efficiency_floor(d, m->data);
    double x_lo = lo, x_hi = hi, t_lo, t_hi, recoil_min = 1e-3 * det->recoil_min_keVnr;
    size_t n = 0, i, k;
    int j;
    if (d->res_type == CEVNS_RES_GAUSSIAN) {
        double ns = det->n_sigma;
        if (d->res_s2 * ns >= 1.0)
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "experiment.detector.resolution.frac: frac * n_sigma must be < 1, got %g",
                                   d->res_s2 * ns);
        x_lo = lo - ns * cevns_resolution_sigma(d, lo);
        x_hi = smeared_upper_mean(d, hi, ns);
    }
    if (x_lo < x_floor) x_lo = x_floor;
    t_lo = x_lo > 0.0 ? recoil_for_observed(m, x_lo) : 0.0;
    if (t_lo < recoil_min) t_lo = recoil_min;
    if (!(t_lo > 0.0))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "experiment.detector.recoil_min_keVnr: bin %d reaches zero recoil energy (its "
                               "lower edge%s is at 0 and the efficiency does not vanish there), where the dipole "
                               "rate diverges as 1/T; set recoil_min_keVnr > 0",
                               b, d->res_type == CEVNS_RES_GAUSSIAN ? " minus n_sigma resolution" : "");
    t_hi = x_hi >= obs(m, m->t_top) ? m->t_top : recoil_for_observed(m, x_hi);
    *n_pts = 0;
    if (!(t_hi > t_lo)) return CEVNS_OK;
    pts[n++] = t_lo;
    pts[n++] = t_hi;
    if (d->eff_type == CEVNS_EFF_TABLE)
        for (j = 0; j < d->eff_n; j++) {
            double xk = m->data[d->eff_offset + j];
            if (xk > x_lo && xk < x_hi) pts[n++] = recoil_for_observed(m, xk);
        }
    if (d->quench_type == CEVNS_QUENCH_TABLE)
        for (j = 0; j < d->quench_n; j++) {
            double tk = 1e-3 * m->data[d->quench_offset + j];
            if (tk > t_lo && tk < t_hi) pts[n++] = tk;
        }
    qsort(pts, n, sizeof *pts, compare_double);
    for (i = 1, k = 1; i < n; i++) /* drop points closer than rounding to their neighbour */
        if (pts[i] > pts[k - 1] * (1.0 + 1e-12)) pts[k++] = pts[i];
    pts[k - 1] = t_hi;
    *n_pts = k;
    return CEVNS_OK;
}

cevns_status cevns_plan_recoil_ranges(const cevns_plan_part *parts, int n_parts, cevns_plan *plan, cevns_dvec *data,
                                      cevns_error *err) {
    int n_bins = plan->hdr.n_bins, n_iso = plan->hdr.n_iso, b, i, p;
    size_t index_at = data->n, cap = 2, k;
    double *pts;
    cevns_status st = CEVNS_OK;
    for (p = 0; p < n_parts; p++) {
        size_t c = 2 + (size_t)parts[p].pod.eff_n + (size_t)parts[p].pod.quench_n;
        if (c > cap) cap = c;
    }
    if (!(pts = malloc(cap * sizeof *pts))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for recoil breakpoints");
    plan->hdr.off_tbreak_index = (int32_t)index_at;
    for (k = 0; k < 2 * (size_t)n_bins * (size_t)n_iso && st == CEVNS_OK; k++) st = cevns_dvec_push(data, 0.0, err);
    for (p = 0; p < n_parts && st == CEVNS_OK; p++) {
        const cevns_plan_part *part = &parts[p];
        for (i = part->iso_lo; i < part->iso_hi && st == CEVNS_OK; i++) {
            observable_map m;
            m.det = &part->pod;
            m.iso = &plan->iso[i];
            m.data = data->v;
            m.t_top = cevns_t_max(part->e_top, plan->iso[i].mass_mev);
            if (!(m.t_top > 0.0) || !isfinite(m.t_top)) {
                /* a flux table reaching E ~ 1e161 MeV: said so, not as a non-increasing quenching at T = inf */
                st = cevns_error_set(err, CEVNS_EPHYSICS,
                                     "experiment.source: the flux reaches E = %g MeV, where the largest recoil on "
                                     "Z = %d is %g MeV (allowed: a finite recoil energy)",
                                     part->e_top, plan->iso[i].z, m.t_top);
                break;
            }
            st = check_monotonic(&m, err);
            for (b = 0; b < part->n_bins && st == CEVNS_OK; b++) {
                size_t n_pts = 0, at = data->n, slot = index_at + 2 * ((size_t)(part->first_bin + b) * n_iso + i);
                m.data = data->v; /* data may have moved while growing */
                st = bin_breakpoints(part->det, &m, b, pts, &n_pts, err);
                for (k = 0; k < n_pts && st == CEVNS_OK; k++) st = cevns_dvec_push(data, pts[k], err);
                if (st == CEVNS_OK) {
                    data->v[slot] = (double)at;
                    data->v[slot + 1] = (double)n_pts;
                }
            }
        }
    }
    plan->hdr.off_tbreaks = (int32_t)index_at;
    free(pts);
    return st;
}
