/* flux.h - flux moments for the fast path.
 *
 * The cross sections are c0 + c1/E + c2/E^2 (xsec.h), so the energy integral
 *     int_{E_min}^{inf} dE phi(E) dsigma/dT = sum_k c_k M_k(E_min)
 * with M_k(x) = int_x^{inf} E^-k phi(E) dE.  Each continuous flux is stored as
 * piecewise cubics on knots refined so that every piece [x_j, x_j + h] has
 * h <= x_j / 4: then an 8-point Gauss-Legendre rule integrates E^-k times the
 * cubic on any sub-piece to double precision (the nearest singularity, E = 0, is
 * at least 8 half-widths away).  Cumulative moments at the knots come from the
 * host (src/plan/flux_plan.c) with the same rule. */
#ifndef CEVNS_KERNELS_FLUX_H
#define CEVNS_KERNELS_FLUX_H

#include "portable.h"
#include "plan.h"

/* Moments per knot: M_0, M_1, M_2 (the powers of 1/E in the cross sections, xsec.h). */
#define CEVNS_N_MOMENTS 3

/* m[k] = int_a^b E^-k p(E) dE, k = 0, 1, 2, for the cubic p with coefficients c about x0
 * (p = c0 + c1 u + c2 u^2 + c3 u^3, u = E - x0), with the 8-point Gauss-Legendre rule gl8
 * (8 nodes then 8 weights on [-1, 1]): the partial pieces here and the cumulative
 * moments of the plan (src/plan/flux_plan.c) both. */
CEVNS_FN void cevns_piece_moments(CEVNS_CONST_GLOBAL double *c, double x0, double a, double b,
                                  CEVNS_CONST_GLOBAL double *gl8, double *m) {
    double half_width = 0.5 * (b - a), mid = 0.5 * (b + a);
    int i;
    m[0] = m[1] = m[2] = 0.0;
    for (i = 0; i < 8; i++) {
        double e = mid + half_width * gl8[i];
        double u = e - x0;
        double w = half_width * gl8[8 + i] * (c[0] + u * (c[1] + u * (c[2] + u * c[3])));
        double inv = 1.0 / e;
        m[0] += w;
        m[1] += w * inv;
        m[2] += w * inv * inv;
    }
}

/* Moments M_k(x), k = 0, 1, 2, of one flux component (fluence included). */
CEVNS_FN void cevns_flux_moments(const cevns_pod_header *h, CEVNS_CONST_GLOBAL cevns_pod_flux *f,
                                 CEVNS_CONST_GLOBAL double *data, double x, double *m) {
    m[0] = m[1] = m[2] = 0.0;
    if (f->is_line) {
        if (x <= f->e_line) {
            double inv = 1.0 / f->e_line;
            m[0] = f->fluence;
            m[1] = f->fluence * inv;
            m[2] = f->fluence * inv * inv;
        }
        return;
    }
    {
        CEVNS_CONST_GLOBAL double *kx = data + h->off_knot_x + f->knot_offset;
        CEVNS_CONST_GLOBAL double *kc = data + h->off_knot_c + 4 * f->knot_offset;
        CEVNS_CONST_GLOBAL double *km = data + h->off_knot_m + CEVNS_N_MOMENTS * f->knot_offset;
        CEVNS_CONST_GLOBAL double *gl = data + h->off_gl8;
        int n = f->n_knots;
        int lo = 0, hi = n - 1, j;
        double part[CEVNS_N_MOMENTS];
        if (x >= kx[n - 1]) return;
        if (x <= kx[0]) {
            m[0] = f->fluence * km[0];
            m[1] = f->fluence * km[1];
            m[2] = f->fluence * km[2];
            return;
        }
        while (hi - lo > 1) { /* kx[lo] <= x < kx[hi] */
            int c = (lo + hi) / 2;
            if (kx[c] <= x) lo = c;
            else hi = c;
        }
        j = lo;
        cevns_piece_moments(kc + 4 * j, kx[j], x, kx[j + 1], gl, part);
        m[0] = f->fluence * (km[CEVNS_N_MOMENTS * (j + 1)] + part[0]);
        m[1] = f->fluence * (km[CEVNS_N_MOMENTS * (j + 1) + 1] + part[1]);
        m[2] = f->fluence * (km[CEVNS_N_MOMENTS * (j + 1) + 2] + part[2]);
    }
}

#endif
