/* formfactor.h - nuclear form factors F(q), F(0) = 1 (shared/PHYSICS.md §3).
 * q in fm^-1, radii in fm.  The host fills cevns_ff per isotope and per
 * nucleon type (src/model/formfactor_params.c); devices only evaluate. */
#ifndef CEVNS_KERNELS_FORMFACTOR_H
#define CEVNS_KERNELS_FORMFACTOR_H

#include "portable.h"
#include "constants.h"
#include "cevns/enums.h"


typedef struct {
    int32_t kind;
    int32_t reserved; /* keeps the doubles 8-byte aligned on every compiler */
    double r;
    double s;
} cevns_ff;
CEVNS_STATIC_ASSERT(sizeof(cevns_ff) == 24, "cevns_ff must have no padding");

/* 3 j1(x)/x.  The closed form (sin x - x cos x)*3/x^3 cancels catastrophically
 * at small x (relative error ~1e-16/x^2, 4e-12 at x = 0.01); below x = 0.1 the
 * series 1 - x^2/10 + x^4/280 - x^6/15120 is used (truncation x^8/1330560 < 1e-14),
 * which keeps the error below 1e-13 everywhere (tests/test_physics.c). */
CEVNS_FN double cevns_three_j1_over_x(double x) {
    if (fabs(x) < 0.1) {
        double x2 = x * x;
        return 1.0 - x2 / 10.0 + x2 * x2 / 280.0 - x2 * x2 * x2 / 15120.0;
    }
    {
        double sx, cx;
        CEVNS_SINCOS(x, sx, cx);
        return 3.0 * (sx - x * cx) / (x * x * x);
    }
}

/* Helm: F = 3 j1(q R0)/(q R0) exp(-q^2 s^2 / 2). */
CEVNS_FN double cevns_ff_helm(double q, double r0, double s) {
    return cevns_three_j1_over_x(q * r0) * exp(-0.5 * q * q * s * s);
}

/* Klein-Nystrand: hard sphere of radius R_A folded with a Yukawa of range a_k:
 * F = 3 j1(q R_A)/(q R_A) / (1 + q^2 a_k^2). */
CEVNS_FN double cevns_ff_klein_nystrand(double q, double ra, double ak) {
    return cevns_three_j1_over_x(q * ra) / (1.0 + q * q * ak * ak);
}

/* Symmetrized Fermi (Sprung & Martorell, J. Phys. A 30 (1997) 6525, eq. for the
 * Fourier transform of the symmetrized Fermi density):
 * F = 3/(qc((qc)^2 + (pi q a)^2)) * (pi q a / sinh(pi q a))
 *       * (pi q a / tanh(pi q a) sin(qc) - qc cos(qc)).
 * Below qc = 0.01 the moment series 1 - q^2<r^2>/6 + q^4<r^4>/120 is used with
 * <r^2> = 3c^2/5 + 7 pi^2 a^2/5 and <r^4> = 3c^4/7 + 18 pi^2 a^2 c^2/7 + 31 pi^4 a^4/7. */
CEVNS_FN double cevns_ff_symm_fermi(double q, double c, double a) {
    double qc = q * c;
    double pa = CEVNS_PI * a;
    if (fabs(qc) < 0.01) {
        double r2 = 0.6 * c * c + 1.4 * pa * pa;
        double r4 = (3.0 * c * c * c * c + 18.0 * pa * pa * c * c + 31.0 * pa * pa * pa * pa) / 7.0;
        double q2 = q * q;
        return 1.0 - q2 * r2 / 6.0 + q2 * q2 * r4 / 120.0;
    }
    {
        double x = q * pa;
        double shape = (x < 1e-8) ? 1.0 : x / sinh(x);
        double coth_term = (x < 1e-8) ? 1.0 : x / tanh(x);
        double sq, cq;
        CEVNS_SINCOS(qc, sq, cq);
        return 3.0 / (qc * (qc * qc + x * x)) * shape * (coth_term * sq - qc * cq);
    }
}

/* Mean-square radius of the form factor family beyond its radius parameter:
 * <r^2> = 3 r^2/5 + extra, with extra = 3 s^2 (Helm), 6 a_k^2 (Klein-Nystrand),
 * 7 pi^2 a^2/5 (symmetrized Fermi); -1 for kinds without a radius. */
CEVNS_FN double cevns_ff_rms_extra(const cevns_ff *ff) {
    switch (ff->kind) {
    case CEVNS_FF_HELM: return 3.0 * ff->s * ff->s;
    case CEVNS_FF_KLEIN_NYSTRAND: return 6.0 * ff->s * ff->s;
    case CEVNS_FF_SYMM_FERMI: return 1.4 * CEVNS_PI * CEVNS_PI * ff->s * ff->s;
    default: return -1.0;
    }
}

/* The same family with rms radius `rms` (fm): r = sqrt(5/3 (rms^2 - extra)).
 * Returns 0 (and leaves *out = *ff) when the family has no radius or rms is too small. */
CEVNS_FN int cevns_ff_with_rms_radius(const cevns_ff *ff, double rms, cevns_ff *out) {
    double extra = cevns_ff_rms_extra(ff);
    *out = *ff;
    if (extra < 0.0 || rms * rms <= extra) return 0;
    out->r = sqrt(5.0 / 3.0 * (rms * rms - extra));
    return 1;
}

CEVNS_FN double cevns_ff_eval(const cevns_ff *ff, double q) {
    switch (ff->kind) {
    case CEVNS_FF_HELM: return cevns_ff_helm(q, ff->r, ff->s);
    case CEVNS_FF_KLEIN_NYSTRAND: return cevns_ff_klein_nystrand(q, ff->r, ff->s);
    case CEVNS_FF_SYMM_FERMI: return cevns_ff_symm_fermi(q, ff->r, ff->s);
    default: return 1.0;
    }
}

#endif
