/* test_physics.c - the header-only physics in kernels/common (PHYSICS.md §2-4):
 * kinematics.h, formfactor.h, xsec.h.  CPU, CUDA and OpenCL engines all call
 * these functions, so this is where the physics itself is pinned down.
 *
 * Every expected value comes from an analytic limit, from an independent
 * computation done here (long double, GSL adaptive quadrature, literal
 * formulas typed in from PHYSICS.md and the cited papers) or from a published
 * number cited next to it - never from the function under test.
 *
 * References:
 *  - seed 002 eq. 5, 12, 13 (kinematics, sterile threshold), eq. 4 (Helm);
 *  - J. D. Lewin, P. F. Smith, Astropart. Phys. 6 (1996) 87 (Helm parameters);
 *  - S. R. Klein, J. Nystrand, Phys. Rev. C 60 (1999) 014903 (hard sphere x Yukawa);
 *  - D. W. L. Sprung, J. Martorell, J. Phys. A 30 (1997) 6525 (symmetrized Fermi:
 *    density, normalisation c(c^2 + pi^2 a^2)/3 * 4 pi rho0, <r^2> = 3c^2/5 + 7 pi^2 a^2/5);
 *  - V. Brdar, A. Greljo, J. Kopp, T. Opferkuch, JCAP 01 (2021) 039 (sterile dipole bracket);
 *  - P. Vogel, J. Engel, Phys. Rev. D 39 (1989) 3378 (magnetic-moment cross section);
 *  - D. Z. Freedman, Phys. Rev. D 9 (1974) 1389; A. Drukier, L. Stodolsky, Phys. Rev. D 30
 *    (1984) 2295 (coherent limit sigma = G_F^2 N^2 E^2 / (4 pi));
 *  - CODATA 2018: classical electron radius r_e = 2.8179403262e-15 m. */
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdio.h>

#include "common/constants.h"
#include "common/detector.h"
#include "common/formfactor.h"
#include "common/kinematics.h"
#include "common/xsec.h"
#include "test_couplings.h"

/* ---------------------------------------------------------------- helpers */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define TEST_PI 3.14159265358979323846

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(kinematics, .init = setup);
TestSuite(formfactor, .init = setup);
TestSuite(xsec, .init = setup);

typedef struct {
    const char *name;
    double z;
    double n;
} nucleus;

/* Targets named in PHYSICS.md and the seeds. */
static const nucleus NUCLEI[] = {
    {"Ne20", 10, 10}, {"Ar40", 18, 22}, {"Ge74", 32, 42}, {"I127", 53, 74}, {"Xe132", 54, 78}, {"Cs133", 55, 78},
};

/* A rough nuclear mass, A * 931.494 MeV: the identities tested hold for any m. */
static double rough_mass(const nucleus *nu) { return (nu->z + nu->n) * 931.494; }

static double rel_diff(double a, double b) { return fabs(a - b) / fabs(b); }

/* Log-spaced point i of n on [lo, hi]. */
static double log_point(double lo, double hi, int i, int n) {
    return lo * pow(hi / lo, (double)i / (double)(n - 1));
}

/* GSL QAG (61-point Gauss-Kronrod) of f over [a, b]; fails the test on error. */
static double qag(double (*f)(double, void *), void *params, double a, double b, double epsabs, double epsrel) {
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(4000);
    gsl_function fn;
    double result = 0.0, abserr = 0.0;
    int rc;
    fn.function = f;
    fn.params = params;
    rc = gsl_integration_qag(&fn, a, b, epsabs, epsrel, 4000, GSL_INTEG_GAUSS61, w, &result, &abserr);
    gsl_integration_workspace_free(w);
    cr_assert_eq(rc, GSL_SUCCESS, "qag on [%g, %g] failed: %s", a, b, gsl_strerror(rc));
    return result;
}

/* Lewin-Smith Helm radius (PHYSICS.md §3): R0^2 = c^2 + 7/3 pi^2 a^2 - 5 s^2. */
static double helm_r0_lewin_smith(double a_mass) {
    double c = 1.23 * cbrt(a_mass) - 0.60, a = 0.52, s = 0.9;
    return sqrt(c * c + 7.0 / 3.0 * TEST_PI * TEST_PI * a * a - 5.0 * s * s);
}

/* ================================================================ kinematics */

/* T_max(E) = 2E^2/(m + 2E) and E_min(T) = (T + sqrt(T^2 + 2mT))/2 are inverse
 * functions of each other (both describe backward scattering). */
Test(kinematics, tmax_and_emin_are_inverses) {
    size_t k;
    int i;
    const int n = 81;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        for (i = 0; i < n; i++) {
            double e = log_point(0.1, 300.0, i, n);
            double t = cevns_t_max(e, m);
            double t_literal = 2.0 * e * e / (m + 2.0 * e);
            double e_back = cevns_e_min(t, m);
            cr_expect(rel_diff(t, t_literal) <= 1e-15, "%s E=%g: T_max=%.17g, 2E^2/(m+2E)=%.17g", NUCLEI[k].name, e,
                      t, t_literal);
            cr_expect(rel_diff(e_back, e) <= 1e-13, "%s E=%g: E_min(T_max(E))=%.17g (rel. diff. %g)",
                      NUCLEI[k].name, e, e_back, rel_diff(e_back, e));
            /* and the other way round, with T on the same grid */
            {
                double t2 = log_point(1e-7, 10.0, i, n);
                double t_back = cevns_t_max(cevns_e_min(t2, m), m);
                cr_expect(rel_diff(t_back, t2) <= 1e-13, "%s T=%g: T_max(E_min(T))=%.17g", NUCLEI[k].name, t2,
                          t_back);
            }
        }
    }
}

/* E_min(T, m, m4 = 0) reduces to the massless E_min (PHYSICS.md §2). */
Test(kinematics, sterile_emin_reduces_at_zero_mass) {
    size_t k;
    int i;
    const int n = 121;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        for (i = 0; i < n; i++) {
            double t = log_point(1e-10, 100.0, i, n);
            double es = cevns_e_min_sterile(t, m, 0.0);
            double e0 = 0.5 * (t + sqrt(t * t + 2.0 * m * t)); /* PHYSICS.md §2, written out */
            cr_expect(rel_diff(es, e0) <= 1e-14, "%s T=%g: E_min_sterile(m4=0)=%.17g, E_min=%.17g (rel %g)",
                      NUCLEI[k].name, t, es, e0, rel_diff(es, e0));
        }
    }
}

/* Minimum over T of E_min_sterile(T): coarse log scan, then two zooms. */
static double scan_min_emin_sterile(double m, double m4) {
    const int n = 2001;
    double lo = 1e-16, hi = 1e3, best = HUGE_VAL, best_t = lo;
    int round, i;
    for (round = 0; round < 3; round++) {
        double step_ratio = pow(hi / lo, 1.0 / (double)(n - 1));
        for (i = 0; i < n; i++) {
            double t = log_point(lo, hi, i, n);
            double e = cevns_e_min_sterile(t, m, m4);
            if (e < best) {
                best = e;
                best_t = t;
            }
        }
        lo = best_t / step_ratio;
        hi = best_t * step_ratio;
    }
    return best;
}

/* min_T E_min(T, m4) = m4 + m4^2/(2m) (PHYSICS.md §2): the threshold at which
 * nu4 and the nucleus leave together, sqrt(s) = m + m4. */
Test(kinematics, sterile_emin_minimum_is_threshold) {
    static const double M4[] = {1e-3, 1e-2, 0.1, 1.0, 5.0, 20.0, 100.0};
    size_t k, j;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        for (j = 0; j < NELEM(M4); j++) {
            double m4 = M4[j];
            double thr = m4 + m4 * m4 / (2.0 * m);
            double smin = scan_min_emin_sterile(m, m4);
            double kthr = cevns_e_threshold_sterile(m, m4);
            cr_expect(rel_diff(smin, thr) <= 1e-9, "%s m4=%g: min_T E_min=%.17g, m4+m4^2/2m=%.17g (rel %g)",
                      NUCLEI[k].name, m4, smin, thr, rel_diff(smin, thr));
            cr_expect(smin >= thr * (1.0 - 1e-13), "%s m4=%g: scan went below threshold: %.17g < %.17g",
                      NUCLEI[k].name, m4, smin, thr);
            cr_expect(rel_diff(kthr, thr) <= 1e-15, "%s m4=%g: cevns_e_threshold_sterile=%.17g, expected %.17g",
                      NUCLEI[k].name, m4, kthr, thr);
        }
    }
}

/* cevns_recoil_range(E, m, m4) is {T : E >= E_min(T, m4)}: endpoints on the
 * curve, points inside allowed, points outside forbidden. */
Test(kinematics, recoil_range_is_allowed_region) {
    static const double M4[] = {1e-3, 0.1, 1.0, 10.0, 50.0};
    static const double ABOVE[] = {1.001, 1.1, 2.0, 10.0, 100.0};
    size_t k, j, l;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        for (j = 0; j < NELEM(M4); j++) {
            double m4 = M4[j];
            double thr = m4 + m4 * m4 / (2.0 * m);
            for (l = 0; l < NELEM(ABOVE); l++) {
                double e = thr * ABOVE[l];
                double lo = -1.0, hi = -1.0;
                int ok = cevns_recoil_range(e, m, m4, &lo, &hi);
                cr_expect_eq(ok, 1, "%s m4=%g E=%g (%g x threshold): returned %d", NUCLEI[k].name, m4, e, ABOVE[l],
                             ok);
                if (ok != 1) continue;
                cr_expect(lo > 0.0 && lo < hi, "%s m4=%g E=%g: interval [%g, %g]", NUCLEI[k].name, m4, e, lo, hi);
                if (!(lo > 0.0 && lo < hi)) continue;
                cr_expect(rel_diff(cevns_e_min_sterile(lo, m, m4), e) <= 1e-9,
                          "%s m4=%g E=%g: E_min(t_lo=%g)=%.17g", NUCLEI[k].name, m4, e, lo,
                          cevns_e_min_sterile(lo, m, m4));
                cr_expect(rel_diff(cevns_e_min_sterile(hi, m, m4), e) <= 1e-9,
                          "%s m4=%g E=%g: E_min(t_hi=%g)=%.17g", NUCLEI[k].name, m4, e, hi,
                          cevns_e_min_sterile(hi, m, m4));
                {
                    double w = log(hi / lo);
                    double inside[3], outside[2];
                    int i;
                    inside[0] = sqrt(lo * hi);
                    inside[1] = lo * exp(0.01 * w);
                    inside[2] = hi * exp(-0.01 * w);
                    outside[0] = lo * exp(-0.01 * w);
                    outside[1] = hi * exp(0.01 * w);
                    for (i = 0; i < 3; i++)
                        cr_expect(cevns_e_min_sterile(inside[i], m, m4) < e,
                                  "%s m4=%g E=%g: T=%g inside [%g, %g] but E_min=%.17g > E", NUCLEI[k].name, m4, e,
                                  inside[i], lo, hi, cevns_e_min_sterile(inside[i], m, m4));
                    for (i = 0; i < 2; i++)
                        cr_expect(cevns_e_min_sterile(outside[i], m, m4) > e,
                                  "%s m4=%g E=%g: T=%g outside [%g, %g] but E_min=%.17g <= E", NUCLEI[k].name, m4,
                                  e, outside[i], lo, hi, cevns_e_min_sterile(outside[i], m, m4));
                }
            }
        }
    }
}

/* At m4 = 0 the range is [0, T_max(E)]. */
Test(kinematics, recoil_range_massless) {
    size_t k;
    int i;
    const int n = 41;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        for (i = 0; i < n; i++) {
            double e = log_point(0.1, 300.0, i, n);
            double lo = -1.0, hi = -1.0;
            double tmax = 2.0 * e * e / (m + 2.0 * e);
            int ok = cevns_recoil_range(e, m, 0.0, &lo, &hi);
            cr_expect_eq(ok, 1, "%s E=%g: returned %d", NUCLEI[k].name, e, ok);
            cr_expect(lo == 0.0, "%s E=%g: t_lo=%g, expected 0", NUCLEI[k].name, e, lo);
            cr_expect(rel_diff(hi, tmax) <= 1e-14, "%s E=%g: t_hi=%.17g, T_max=%.17g", NUCLEI[k].name, e, hi, tmax);
        }
    }
}

/* Below E = m4 + m4^2/(2m) nothing is reachable: return 0, empty interval. */
Test(kinematics, recoil_range_below_threshold) {
    static const double M4[] = {1e-3, 0.1, 1.0, 10.0, 50.0};
    static const double BELOW[] = {1.0 - 1e-6, 0.99, 0.5, 1e-3, 0.0};
    size_t k, j, l;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        for (j = 0; j < NELEM(M4); j++) {
            double thr = M4[j] + M4[j] * M4[j] / (2.0 * m);
            for (l = 0; l < NELEM(BELOW); l++) {
                double e = thr * BELOW[l];
                double lo = -1.0, hi = -1.0;
                int ok = cevns_recoil_range(e, m, M4[j], &lo, &hi);
                cr_expect_eq(ok, 0, "%s m4=%g E=%g (%g x threshold): returned %d, [%g, %g]", NUCLEI[k].name, M4[j],
                             e, BELOW[l], ok, lo, hi);
                cr_expect(lo == 0.0 && hi == 0.0, "%s m4=%g E=%g: interval [%g, %g] should be empty [0, 0]",
                          NUCLEI[k].name, M4[j], e, lo, hi);
            }
            /* just above threshold it opens */
            {
                double lo = 0.0, hi = 0.0;
                cr_expect_eq(cevns_recoil_range(thr * (1.0 + 1e-6), m, M4[j], &lo, &hi), 1,
                             "%s m4=%g: closed just above threshold", NUCLEI[k].name, M4[j]);
            }
        }
    }
}

/* |q| = sqrt(2 m T)/(hbar c) in fm^-1 (seed 002 eq. 5), hbar c = 197.3269804 MeV fm. */
Test(kinematics, momentum_transfer) {
    static const struct {
        double t, m;
    } ROWS[] = {{1e-6, 18626.0}, {1e-3, 37225.0}, {0.01, 68930.0}, {0.05, 122960.0}, {0.1, 123800.0}, {1.0, 938.27}};
    size_t k;
    for (k = 0; k < NELEM(ROWS); k++) {
        double q = cevns_q_fm(ROWS[k].t, ROWS[k].m);
        double want = sqrt(2.0 * ROWS[k].m * ROWS[k].t) / 197.3269804;
        cr_expect(rel_diff(q, want) <= 1e-15, "row %zu (T=%g, m=%g): q=%.17g, expected %.17g", k, ROWS[k].t,
                  ROWS[k].m, q, want);
    }
    cr_expect(cevns_q_fm(0.0, 1e5) == 0.0, "q(T=0) = %g", cevns_q_fm(0.0, 1e5));
}

/* ================================================================ form factors */

/* F(0) = 1 for every kind (PHYSICS.md §3); `none` is 1 everywhere. */
Test(formfactor, unity_at_zero) {
    static const struct {
        int32_t kind;
        double r, s;
    } ROWS[] = {
        {CEVNS_FF_NONE, 0.0, 0.0},           {CEVNS_FF_HELM, 3.0, 0.9},
        {CEVNS_FF_HELM, 4.8, 0.9},           {CEVNS_FF_KLEIN_NYSTRAND, 4.2, 0.7},
        {CEVNS_FF_KLEIN_NYSTRAND, 6.3, 0.7}, {CEVNS_FF_SYMM_FERMI, 4.0, 0.52},
        {CEVNS_FF_SYMM_FERMI, 6.5, 0.52},
    };
    size_t k;
    for (k = 0; k < NELEM(ROWS); k++) {
        cevns_ff ff;
        double f;
        ff.kind = ROWS[k].kind;
        ff.reserved = 0;
        ff.r = ROWS[k].r;
        ff.s = ROWS[k].s;
        f = cevns_ff_eval(&ff, 0.0);
        cr_expect(f == 1.0, "row %zu (kind %d): F(0) = %.17g", k, (int)ROWS[k].kind, f);
        f = cevns_ff_eval(&ff, 1e-9);
        cr_expect(fabs(f - 1.0) <= 1e-15, "row %zu (kind %d): F(1e-9 fm^-1) = %.17g", k, (int)ROWS[k].kind, f);
    }
    {
        cevns_ff none;
        none.kind = CEVNS_FF_NONE;
        none.reserved = 0;
        none.r = 5.0;
        none.s = 1.0;
        cr_expect(cevns_ff_eval(&none, 1.7) == 1.0, "none: F(1.7) = %g", cevns_ff_eval(&none, 1.7));
    }
}

/* Reference for 3 j1(x)/x in long double: the closed form where it does not
 * cancel too badly (x >= 0.01: error ~ 1e-19/x^2), the series up to x^10 below.
 * 3 j1(x)/x = sum_k (-1)^k 3 (2k+2) x^2k / (2k+3)!. */
static long double three_j1_over_x_ld(long double x) {
    if (x >= 0.01L) return 3.0L * (sinl(x) - x * cosl(x)) / (x * x * x);
    {
        long double x2 = x * x;
        return 1.0L - x2 / 10.0L + x2 * x2 / 280.0L - x2 * x2 * x2 / 15120.0L + x2 * x2 * x2 * x2 / 1330560.0L -
               x2 * x2 * x2 * x2 * x2 / 172972800.0L;
    }
}

/* Helm at small qR0: the double closed form loses ~1e-16/x^2 relative, so the
 * kernel's small-x handling must keep 3 j1(x)/x at double accuracy (1e-13)
 * across the series/closed-form switch; checked on [1e-4, 1] with a dense
 * grid on [0.01, 0.1]. */
Test(formfactor, helm_small_x_accuracy) {
    const int n = 901;
    const double r0 = 4.5;
    double worst = 0.0, worst_x = 0.0;
    int i;
    for (i = 0; i < n; i++) {
        double x = (i < 600) ? 0.01 + 0.09 * (double)i / 599.0 : log_point(1e-4, 1.0, i - 600, n - 600);
        double want = (double)three_j1_over_x_ld((long double)x);
        double got = cevns_three_j1_over_x(x);
        double got_helm = cevns_ff_helm(x / r0, r0, 0.0); /* s = 0: the pure j1 part */
        double d = rel_diff(got, want);
        if (d > worst) {
            worst = d;
            worst_x = x;
        }
        cr_expect(d <= 1e-13, "x=%.6g: 3j1(x)/x=%.17g, long double %.17g (rel %g)", x, got, want, d);
        cr_expect(rel_diff(got_helm, want) <= 1e-13, "x=%.6g: Helm(s=0)=%.17g, long double %.17g (rel %g)", x,
                  got_helm, want, rel_diff(got_helm, want));
    }
    cr_log_info("helm_small_x_accuracy: worst rel. error %g at x = %g", worst, worst_x);
}

/* First zero of j1(x): sin x = x cos x, i.e. the first positive root of
 * tan x = x, x0 = 4.493409457909064 (checked below with tan itself). */
#define J1_ZERO 4.493409457909064

Test(formfactor, helm_and_klein_nystrand_first_zero) {
    static const double A[] = {20, 40, 74, 127, 132, 133};
    size_t k;
    cr_expect(fabs(tan(J1_ZERO) - J1_ZERO) <= 1e-12, "tan(x0) - x0 = %g",
              tan(J1_ZERO) - J1_ZERO);
    for (k = 0; k < NELEM(A); k++) {
        double r0 = helm_r0_lewin_smith(A[k]);
        double ra = 1.23 * cbrt(A[k]);
        double q0h = J1_ZERO / r0, q0k = J1_ZERO / ra;
        double fh = cevns_ff_helm(q0h, r0, 0.9);
        double fk = cevns_ff_klein_nystrand(q0k, ra, 0.7);
        cr_expect(fabs(fh) <= 1e-13, "A=%g: Helm F(4.4934/R0) = %g", A[k], fh);
        cr_expect(fabs(fk) <= 1e-13, "A=%g: Klein-Nystrand F(4.4934/R_A) = %g", A[k], fk);
        cr_expect(cevns_ff_helm(q0h * (1.0 - 1e-6), r0, 0.9) > 0.0 && cevns_ff_helm(q0h * (1.0 + 1e-6), r0, 0.9) < 0.0,
                  "A=%g: Helm does not change sign from + to - at q0", A[k]);
        cr_expect(cevns_ff_klein_nystrand(q0k * (1.0 - 1e-6), ra, 0.7) > 0.0 &&
                      cevns_ff_klein_nystrand(q0k * (1.0 + 1e-6), ra, 0.7) < 0.0,
                  "A=%g: Klein-Nystrand does not change sign from + to - at q0", A[k]);
        /* and no zero before it: F > 0 on (0, q0) */
        {
            int i;
            for (i = 1; i < 100; i++) {
                double fr = 0.01 * (double)i;
                cr_expect(cevns_ff_helm(fr * q0h, r0, 0.9) > 0.0, "A=%g: Helm F <= 0 at %g q0", A[k], fr);
                cr_expect(cevns_ff_klein_nystrand(fr * q0k, ra, 0.7) > 0.0, "A=%g: KN F <= 0 at %g q0", A[k], fr);
            }
        }
    }
}

/* Symmetrized Fermi density (Sprung & Martorell 1997), unnormalised. */
typedef struct {
    double c, a, q;
} sf_params;

static double sf_rho(double r, const sf_params *p) {
    return sinh(p->c / p->a) / (cosh(r / p->a) + cosh(p->c / p->a));
}

static double sf_norm_integrand(double r, void *vp) {
    const sf_params *p = (const sf_params *)vp;
    return sf_rho(r, p) * r * r;
}

static double sf_ft_integrand(double r, void *vp) {
    const sf_params *p = (const sf_params *)vp;
    return sf_rho(r, p) * r * sin(p->q * r) / p->q; /* rho * sin(qr)/(qr) * r^2 */
}

/* F(q) = int rho sin(qr)/(qr) r^2 dr / int rho r^2 dr on [0, c + 40a]. */
static double sf_numerical(double c, double a, double q) {
    sf_params p;
    double norm, ft;
    p.c = c;
    p.a = a;
    p.q = q;
    norm = qag(sf_norm_integrand, &p, 0.0, c + 40.0 * a, 0.0, 1e-13);
    ft = qag(sf_ft_integrand, &p, 0.0, c + 40.0 * a, 1e-14 * norm, 1e-13);
    return ft / norm;
}

Test(formfactor, symm_fermi_vs_numerical_fourier_transform) {
    static const double C[] = {4.0, 4.5, 5.0, 5.5, 6.0, 6.5};
    static const double Q[] = {0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 1.75, 2.0};
    const double a = 0.52;
    size_t i, j;
    for (i = 0; i < NELEM(C); i++) {
        /* the integrator against the closed normalisation c (c^2 + pi^2 a^2)/3 */
        sf_params p;
        double norm, want_norm = C[i] * (C[i] * C[i] + TEST_PI * TEST_PI * a * a) / 3.0;
        p.c = C[i];
        p.a = a;
        p.q = 0.0;
        norm = qag(sf_norm_integrand, &p, 0.0, C[i] + 40.0 * a, 0.0, 1e-13);
        cr_expect(rel_diff(norm, want_norm) <= 1e-11, "c=%g: int rho r^2 = %.17g, closed form %.17g", C[i], norm,
                  want_norm);
        for (j = 0; j < NELEM(Q); j++) {
            double want = sf_numerical(C[i], a, Q[j]);
            double got = cevns_ff_symm_fermi(Q[j], C[i], a);
            cr_expect(fabs(got - want) <= 1e-8, "c=%g a=%g q=%g: F=%.15g, numerical FT %.15g (diff %g)", C[i], a,
                      Q[j], got, want, got - want);
        }
    }
}

/* The small-q series branch (qc < 0.01) joins the closed form continuously and
 * agrees with the numerical transform too. */
Test(formfactor, symm_fermi_series_branch) {
    static const double C[] = {4.0, 5.0, 6.5, 2.0};
    const double a = 0.52;
    size_t i;
    for (i = 0; i < NELEM(C); i++) {
        double qs = 0.01 / C[i];
        double below = cevns_ff_symm_fermi(qs * (1.0 - 1e-9), C[i], a);
        double above = cevns_ff_symm_fermi(qs * (1.0 + 1e-9), C[i], a);
        double slope_step = 2e-9 * qs * qs * (0.6 * C[i] * C[i] + 1.4 * TEST_PI * TEST_PI * a * a) / 3.0;
        cr_expect(fabs(below - above) <= 1e-11 + slope_step, "c=%g: jump at qc=0.01: %.17g vs %.17g (%g)", C[i],
                  below, above, below - above);
        {
            double q = 0.005 / C[i];
            double want = sf_numerical(C[i], a, q);
            double got = cevns_ff_symm_fermi(q, C[i], a);
            cr_expect(fabs(got - want) <= 1e-11, "c=%g q=%g (series branch): F=%.17g, numerical %.17g", C[i], q,
                      got, want);
        }
    }
}

/* -6 dF/d(q^2) at q -> 0 is the mean square radius of the density:
 *   Helm (box of radius R0 folded with a Gaussian of width s): 3R0^2/5 + 3 s^2;
 *   Klein-Nystrand (box folded with a Yukawa of range a_k):     3R_A^2/5 + 6 a_k^2;
 *   symmetrized Fermi (Sprung & Martorell):                      3c^2/5 + 7 pi^2 a^2/5.
 * One-sided 3-point difference in u = q^2 with step h = 1e-4 fm^-2. */
static double minus6_dfdq2(int32_t kind, double r, double s) {
    cevns_ff ff;
    const double h = 1e-4;
    double g0, g1, g2;
    ff.kind = kind;
    ff.reserved = 0;
    ff.r = r;
    ff.s = s;
    g0 = cevns_ff_eval(&ff, 0.0);
    g1 = cevns_ff_eval(&ff, sqrt(h));
    g2 = cevns_ff_eval(&ff, sqrt(2.0 * h));
    return -6.0 * (-3.0 * g0 + 4.0 * g1 - g2) / (2.0 * h);
}

Test(formfactor, rms_radius_from_slope) {
    static const double A[] = {20, 40, 74, 127, 132, 133};
    size_t k;
    for (k = 0; k < NELEM(A); k++) {
        double r0 = helm_r0_lewin_smith(A[k]);
        double r12 = 1.2 * cbrt(A[k]); /* seed 000's R = 1.2 A^(1/3) */
        double ra = 1.23 * cbrt(A[k]);
        double c = 1.23 * cbrt(A[k]) - 0.60;
        double want, got;
        want = 0.6 * r0 * r0 + 3.0 * 0.81;
        got = minus6_dfdq2(CEVNS_FF_HELM, r0, 0.9);
        cr_expect(rel_diff(got, want) <= 1e-6, "A=%g Helm (Lewin-Smith R0=%g): -6F'=%.12g, 3R0^2/5+3s^2=%.12g", A[k],
                  r0, got, want);
        want = 0.6 * r12 * r12 + 3.0 * 0.81;
        got = minus6_dfdq2(CEVNS_FF_HELM, r12, 0.9);
        cr_expect(rel_diff(got, want) <= 1e-6, "A=%g Helm (1.2A^1/3=%g): -6F'=%.12g, expected %.12g", A[k], r12, got,
                  want);
        want = 0.6 * ra * ra + 6.0 * 0.49;
        got = minus6_dfdq2(CEVNS_FF_KLEIN_NYSTRAND, ra, 0.7);
        cr_expect(rel_diff(got, want) <= 1e-6, "A=%g Klein-Nystrand: -6F'=%.12g, 3R_A^2/5+6a_k^2=%.12g", A[k], got,
                  want);
        want = 0.6 * c * c + 1.4 * TEST_PI * TEST_PI * 0.52 * 0.52;
        got = minus6_dfdq2(CEVNS_FF_SYMM_FERMI, c, 0.52);
        cr_expect(rel_diff(got, want) <= 1e-6, "A=%g symm. Fermi c=%g: -6F'=%.12g, 3c^2/5+7pi^2a^2/5=%.12g", A[k], c,
                  got, want);
    }
}

/* ================================================================ cross sections */

static const double ZERO9[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};

/* With all eps = 0 and F = 1: Q^2 = Q_W^2/4, Q_W = N - (1 - 4 sin^2 theta_W) Z,
 * for every flavour; with form factors Q = Z g_p F_p + N g_n F_n (seed 000 eq. 7). */
Test(xsec, weak_charge_standard_model) {
    static const double S2W[] = {CEVNS_SIN2W_DEFAULT, 0.2312, 0.25};
    size_t k, j;
    int beta;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double z = NUCLEI[k].z, n = NUCLEI[k].n;
        for (j = 0; j < NELEM(S2W); j++) {
            double qw = n - (1.0 - 4.0 * S2W[j]) * z;
            for (beta = 0; beta < 3; beta++) {
                double q2 = test_weak_charge2(z, n, 1.0, 1.0, S2W[j], ZERO9, ZERO9, beta);
                cr_expect(rel_diff(q2, qw * qw / 4.0) <= 1e-13, "%s sin2=%g beta=%d: Q^2=%.17g, Q_W^2/4=%.17g",
                          NUCLEI[k].name, S2W[j], beta, q2, qw * qw / 4.0);
            }
            {
                double fp = 0.83, fn = 0.71;
                double qq = z * (0.5 - 2.0 * S2W[j]) * fp - 0.5 * n * fn;
                double q2 = test_weak_charge2(z, n, fp, fn, S2W[j], ZERO9, ZERO9, CEVNS_FLAVOUR_MU);
                cr_expect(rel_diff(q2, qq * qq) <= 1e-13, "%s sin2=%g F_p=%g F_n=%g: Q^2=%.17g, expected %.17g",
                          NUCLEI[k].name, S2W[j], fp, fn, q2, qq * qq);
            }
        }
    }
}

/* eps_ee^uV = -(Z g_p + N g_n)/(2Z + N), eps^dV = 0 cancels Q_ee (PHYSICS.md §4);
 * likewise eps_ee^dV = -(Z g_p + N g_n)/(Z + 2N) with eps^uV = 0.  An
 * off-diagonal eps_mue then adds [Z(2e_u + e_d) + N(e_u + 2e_d)]^2 for beta = e,
 * and nu_mu sees the SM charge plus the same off-diagonal term. */
Test(xsec, nsi_cancellation_and_off_diagonal) {
    const double s2w = CEVNS_SIN2W_DEFAULT;
    const double gp = 0.5 - 2.0 * s2w, gn = -0.5;
    const double eu_me = 0.05, ed_me = -0.03;
    size_t k;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double z = NUCLEI[k].z, n = NUCLEI[k].n;
        double qw = n - (1.0 - 4.0 * s2w) * z;
        double sm2 = qw * qw / 4.0;
        double tol0 = 1e-24 * sm2; /* rounding of a sum of O(N) terms, squared */
        double off = z * (2.0 * eu_me + ed_me) + n * (eu_me + 2.0 * ed_me);
        int which;
        for (which = 0; which < 2; which++) {
            double eu[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0}, ed[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
            double q2;
            const char *label = which == 0 ? "uV" : "dV";
            if (which == 0)
                eu[0] = -(z * gp + n * gn) / (2.0 * z + n);
            else
                ed[0] = -(z * gp + n * gn) / (z + 2.0 * n);
            q2 = test_weak_charge2(z, n, 1.0, 1.0, s2w, eu, ed, CEVNS_FLAVOUR_E);
            cr_expect(fabs(q2) <= tol0, "%s eps_ee^%s cancellation: Q^2 = %g (SM %g)", NUCLEI[k].name, label, q2, sm2);
            q2 = test_weak_charge2(z, n, 1.0, 1.0, s2w, eu, ed, CEVNS_FLAVOUR_MU);
            cr_expect(rel_diff(q2, sm2) <= 1e-13, "%s eps_ee^%s must not touch nu_mu: Q^2 = %.17g, SM %.17g",
                      NUCLEI[k].name, label, q2, sm2);
            /* add eps_mue = eps_emu (symmetric) */
            eu[0 * 3 + 1] = eu[1 * 3 + 0] = eu_me;
            ed[0 * 3 + 1] = ed[1 * 3 + 0] = ed_me;
            q2 = test_weak_charge2(z, n, 1.0, 1.0, s2w, eu, ed, CEVNS_FLAVOUR_E);
            cr_expect(rel_diff(q2, off * off) <= 1e-12, "%s eps_ee^%s + eps_mue: Q^2=%.17g, off-diag^2=%.17g",
                      NUCLEI[k].name, label, q2, off * off);
            q2 = test_weak_charge2(z, n, 1.0, 1.0, s2w, eu, ed, CEVNS_FLAVOUR_MU);
            cr_expect(rel_diff(q2, sm2 + off * off) <= 1e-13, "%s nu_mu with eps_mue: Q^2=%.17g, SM+off^2=%.17g",
                      NUCLEI[k].name, q2, sm2 + off * off);
            q2 = test_weak_charge2(z, n, 1.0, 1.0, s2w, eu, ed, CEVNS_FLAVOUR_TAU);
            cr_expect(rel_diff(q2, sm2) <= 1e-13, "%s nu_tau sees neither: Q^2=%.17g, SM=%.17g", NUCLEI[k].name, q2,
                      sm2);
        }
    }
}

/* The SM coefficient form c0 + c1/E + c2/E^2 against the seed formulas:
 *   leading (seed 002): (G_F^2 m/pi) Q^2 (1 - mT/(2E^2))
 *   full    (seed 000): (G_F^2 m/pi) Q^2 (1 - T/E - mT/(2E^2) + T^2/(2E^2)),
 * in cm^2/MeV with 1 MeV^-2 = 0.3893793721e-21 cm^2. */
Test(xsec, sm_coefficients_match_seed_formulas) {
    static const double E[] = {1.0, 5.0, 10.0, 29.792, 52.8, 150.0};
    static const double FRAC[] = {1e-6, 0.01, 0.3, 0.7, 0.999};
    size_t k, i, j;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        double qw = NUCLEI[k].n - (1.0 - 4.0 * CEVNS_SIN2W_DEFAULT) * NUCLEI[k].z;
        double q2 = qw * qw / 4.0;
        double pre = CEVNS_GF_MEV2 * CEVNS_GF_MEV2 * m / TEST_PI * q2 * 0.3893793721e-21;
        for (i = 0; i < NELEM(E); i++) {
            double e = E[i];
            for (j = 0; j < NELEM(FRAC); j++) {
                double t = FRAC[j] * 2.0 * e * e / (m + 2.0 * e);
                double c[3], got, want;
                cevns_xsec_sm_coeffs(t, m, q2, CEVNS_KIN_LEADING, c);
                got = c[0] + c[1] / e + c[2] / (e * e);
                want = pre * (1.0 - m * t / (2.0 * e * e));
                cr_expect(fabs(got - want) <= 1e-13 * pre, "%s E=%g T=%g leading: %.17g, seed %.17g",
                          NUCLEI[k].name, e, t, got, want);
                cr_expect(fabs(cevns_xsec_from_coeffs(c, e) - want) <= 1e-13 * pre,
                          "%s E=%g T=%g leading (from_coeffs): %.17g, seed %.17g", NUCLEI[k].name, e, t,
                          cevns_xsec_from_coeffs(c, e), want);
                cevns_xsec_sm_coeffs(t, m, q2, CEVNS_KIN_FULL, c);
                got = c[0] + c[1] / e + c[2] / (e * e);
                want = pre * (1.0 - t / e - m * t / (2.0 * e * e) + t * t / (2.0 * e * e));
                cr_expect(fabs(got - want) <= 1e-13 * pre, "%s E=%g T=%g full: %.17g, seed %.17g", NUCLEI[k].name,
                          e, t, got, want);
                cr_expect(fabs(cevns_xsec_from_coeffs(c, e) - want) <= 1e-13 * pre,
                          "%s E=%g T=%g full (from_coeffs): %.17g, seed %.17g", NUCLEI[k].name, e, t,
                          cevns_xsec_from_coeffs(c, e), want);
            }
        }
    }
}

/* Magnetic moment: (pi alpha^2/m_e^2)(mu/mu_B)^2 Z^2 F^2 (1/T - 1/E)
 * (Vogel & Engel 1989), and pi alpha^2/m_e^2 = pi r_e^2 with the CODATA 2018
 * classical electron radius r_e = 2.8179403262e-13 cm. */
Test(xsec, magnetic_moment) {
    static const struct {
        double z, mu, f, e, t;
    } ROWS[] = {
        {32, 1e-10, 1.0, 10.0, 1e-3}, {32, 1.874e-9, 0.9, 5.0, 2e-4}, {55, 1e-11, 0.5, 30.0, 0.01},
        {18, 3e-10, 0.99, 50.0, 0.05}, {10, 1e-9, 1.0, 0.5, 1e-5},    {54, 2.79e-9, 0.3, 100.0, 0.2},
    };
    const double pi_re2 = TEST_PI * 2.8179403262e-13 * 2.8179403262e-13;
    size_t k;
    cr_expect(rel_diff(cevns_dipole_prefactor(1.0, 1.0, 1.0), pi_re2) <= 1e-9,
              "pi alpha^2/m_e^2 = %.12g cm^2, pi r_e^2 (CODATA 2018) = %.12g cm^2",
              cevns_dipole_prefactor(1.0, 1.0, 1.0), pi_re2);
    for (k = 0; k < NELEM(ROWS); k++) {
        double b = cevns_dipole_prefactor(ROWS[k].mu, ROWS[k].z, ROWS[k].f);
        double c[3], got, want;
        double alpha = 1.0 / 137.035999084, me = 0.51099895000;
        want = TEST_PI * alpha * alpha / (me * me) * ROWS[k].mu * ROWS[k].mu * ROWS[k].z * ROWS[k].z * ROWS[k].f *
               ROWS[k].f * (1.0 / ROWS[k].t - 1.0 / ROWS[k].e) * 0.3893793721e-21;
        cevns_xsec_magnetic_coeffs(ROWS[k].t, b, c);
        got = c[0] + c[1] / ROWS[k].e + c[2] / (ROWS[k].e * ROWS[k].e);
        cr_expect(rel_diff(got, want) <= 1e-13, "row %zu: %.17g, formula %.17g", k, got, want);
    }
}

/* PHYSICS.md §4 bracket for the sterile dipole portal, written out literally. */
static double sterile_bracket(double e, double t, double m, double m4) {
    return 1.0 / t - 1.0 / e - m4 * m4 / (2.0 * e * t * m) * (1.0 - t / (2.0 * e) + m / (2.0 * e)) +
           m4 * m4 * m4 * m4 * (t - m) / (8.0 * e * e * t * t * m * m);
}

/* Sum of the magnitudes of the bracket's terms: the scale for rounding. */
static double sterile_bracket_scale(double e, double t, double m, double m4) {
    return 1.0 / t + 1.0 / e + m4 * m4 / (2.0 * e * t * m) * (1.0 + t / (2.0 * e) + m / (2.0 * e)) +
           m4 * m4 * m4 * m4 * fabs(t - m) / (8.0 * e * e * t * t * m * m);
}

static double unclamped(const double *c, double e) { return c[0] + c[1] / e + c[2] / (e * e); }

Test(xsec, sterile_coefficients_match_bracket) {
    static const struct {
        const char *name;
        double m, e, t, m4;
    } ROWS[] = {
        {"Ge74", 68930.0, 10.0, 1e-3, 1.0},
        {"Ge74", 68930.0, 10.0, 1e-3, 5.0},
        {"Ge74", 68930.0, 15.0, 1e-4, 0.1},
        {"Ge74", 68930.0, 2.0, 2.6e-5, 1.9},
        {"Xe132", 122800.0, 30.0, 5e-3, 20.0},
        {"Ar40", 37220.0, 50.0, 0.05, 40.0},
        {"Ne20", 18620.0, 100.0, 0.3, 80.0},
        {"Cs133", 123800.0, 52.8, 0.02, 0.0},
        {"Cs133", 123800.0, 52.8, 0.02, 45.0},
        {"I127", 118300.0, 5.0, 1e-6, 0.01},
    };
    size_t k;
    for (k = 0; k < NELEM(ROWS); k++) {
        double m = ROWS[k].m, e = ROWS[k].e, t = ROWS[k].t, m4 = ROWS[k].m4;
        double b = 2.5e-45; /* any prefactor */
        double c[3], got, want, scale;
        cr_assert(e >= cevns_e_min_sterile(t, m, m4), "row %zu (%s): not in the allowed region, fix the table", k,
                  ROWS[k].name);
        cevns_xsec_sterile_coeffs(t, m, m4, b, c);
        got = unclamped(c, e);
        want = b * sterile_bracket(e, t, m, m4);
        scale = b * sterile_bracket_scale(e, t, m, m4);
        cr_expect(fabs(got - want) <= 1e-13 * scale, "row %zu (%s E=%g T=%g m4=%g): %.17g, bracket %.17g", k,
                  ROWS[k].name, e, t, m4, got, want);
    }
}

/* At m4 = 0 the sterile coefficients are the magnetic ones, exactly. */
Test(xsec, sterile_equals_magnetic_at_zero_mass) {
    static const double T[] = {1e-7, 1e-4, 0.01, 0.5};
    static const double E[] = {0.5, 10.0, 52.8};
    size_t k, i, j;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        double b = cevns_dipole_prefactor(1e-10, NUCLEI[k].z, 1.0);
        for (i = 0; i < NELEM(T); i++) {
            double cs[3], cm[3];
            cevns_xsec_sterile_coeffs(T[i], m, 0.0, b, cs);
            cevns_xsec_magnetic_coeffs(T[i], b, cm);
            for (j = 0; j < NELEM(E); j++) {
                double vs = unclamped(cs, E[j]), vm = unclamped(cm, E[j]);
                cr_expect(vs == vm, "%s T=%g E=%g: sterile(m4=0)=%.17g, magnetic=%.17g", NUCLEI[k].name, T[i], E[j],
                          vs, vm);
            }
        }
    }
}

/* At fixed allowed (E, T) the sterile cross section falls as m4 grows
 * (d bracket/d m4^2 = -(1 - T/2E + m/2E)/(2ETm) + m4^2 (T-m)/(4E^2T^2m^2) < 0). */
Test(xsec, sterile_decreases_with_mass) {
    static const double E[] = {1.0, 10.0, 50.0};
    static const double TFRAC[] = {1e-4, 0.01, 0.3, 0.9};
    const int nm = 60;
    size_t k, i, j;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        double b = cevns_dipole_prefactor(1e-10, NUCLEI[k].z, 1.0);
        for (i = 0; i < NELEM(E); i++) {
            for (j = 0; j < NELEM(TFRAC); j++) {
                double t = TFRAC[j] * 2.0 * E[i] * E[i] / (m + 2.0 * E[i]);
                double prev = HUGE_VAL;
                int l;
                for (l = 0; l < nm; l++) {
                    double m4 = (l == 0) ? 0.0 : log_point(1e-4, E[i], l - 1, nm - 1);
                    double c[3], v;
                    if (cevns_e_min_sterile(t, m, m4) > E[i]) break; /* left the allowed region */
                    cevns_xsec_sterile_coeffs(t, m, m4, b, c);
                    v = unclamped(c, E[i]);
                    cr_expect(v < prev, "%s E=%g T=%g: sigma(m4=%g)=%.17g not below the previous %.17g",
                              NUCLEI[k].name, E[i], t, m4, v, prev);
                    prev = v;
                }
            }
        }
    }
}

/* In the whole allowed region E >= E_min(T, m4) the bracket is >= 0 (up to
 * rounding, -1e-12 of the active value), and the clamped value is never < 0. */
Test(xsec, sterile_nonnegative_in_allowed_region) {
    static const double M4[] = {1e-3, 0.1, 1.0, 5.0, 20.0, 100.0};
    const int nt = 60, ne = 30;
    size_t k, j;
    long checked = 0;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        double b = cevns_dipole_prefactor(1e-10, NUCLEI[k].z, 1.0);
        for (j = 0; j < NELEM(M4); j++) {
            int it, ie;
            for (it = 0; it < nt; it++) {
                double t = log_point(1e-10, 1.0, it, nt);
                double emin = cevns_e_min_sterile(t, m, M4[j]);
                for (ie = 0; ie < ne; ie++) {
                    /* from exactly the edge to 1000 x the edge */
                    double e = (ie == 0) ? emin : emin * pow(1000.0, (double)ie / (double)(ne - 1));
                    double c[3], v, active;
                    cevns_xsec_sterile_coeffs(t, m, M4[j], b, c);
                    v = unclamped(c, e);
                    active = b * (1.0 / t - 1.0 / e);
                    cr_expect(v >= -1e-12 * active, "%s m4=%g T=%g E=%.17g (E_min %.17g): sterile=%g < 0 (active %g)",
                              NUCLEI[k].name, M4[j], t, e, emin, v, active);
                    cr_expect(cevns_xsec_from_coeffs(c, e) >= 0.0, "%s m4=%g T=%g E=%g: clamped value negative",
                              NUCLEI[k].name, M4[j], t, e);
                    checked++;
                }
            }
        }
    }
    cr_expect(checked == (long)(NELEM(NUCLEI) * NELEM(M4)) * nt * ne, "grid incomplete: %ld points", checked);
}

/* cevns_xsec_from_coeffs clamps negatives to 0 and leaves positives alone. */
Test(xsec, from_coeffs_clamps) {
    double neg[3] = {1.0, -3.0, 0.0}; /* 1 - 3/E < 0 for E < 3 */
    double pos[3] = {1.0, -3.0, 0.0};
    cr_expect(cevns_xsec_from_coeffs(neg, 2.0) == 0.0, "1 - 3/2 clamped: %g", cevns_xsec_from_coeffs(neg, 2.0));
    cr_expect(fabs(cevns_xsec_from_coeffs(pos, 4.0) - 0.25) <= 1e-16, "1 - 3/4 = %g", cevns_xsec_from_coeffs(pos, 4.0));
}

/* Total SM cross section, F = 1: GSL integral of the kernel over [0, T_max]
 * against the closed forms
 *   leading: (G_F^2 m/pi) Q^2 [T_max - m T_max^2/(4E^2)]
 *   full:    (G_F^2 m/pi) Q^2 [T_max - T_max^2/(2E) - m T_max^2/(4E^2) + T_max^3/(6E^2)]. */
typedef struct {
    double m, q2, e;
    int kin;
} sm_params;

static double sm_integrand(double t, void *vp) {
    const sm_params *p = (const sm_params *)vp;
    double c[3];
    cevns_xsec_sm_coeffs(t, p->m, p->q2, p->kin, c);
    return cevns_xsec_from_coeffs(c, p->e);
}

static double sm_total(double m, double q2, double e, int kin) {
    sm_params p;
    p.m = m;
    p.q2 = q2;
    p.e = e;
    p.kin = kin;
    return qag(sm_integrand, &p, 0.0, 2.0 * e * e / (m + 2.0 * e), 0.0, 1e-12);
}

Test(xsec, sm_total_cross_section) {
    static const double E[] = {0.5, 1.0, 10.0, 29.792, 52.8, 150.0};
    size_t k, i;
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        double qw = NUCLEI[k].n - (1.0 - 4.0 * CEVNS_SIN2W_DEFAULT) * NUCLEI[k].z;
        double q2 = qw * qw / 4.0;
        double pre = CEVNS_GF_MEV2 * CEVNS_GF_MEV2 * m / TEST_PI * q2 * CEVNS_MEV2_TO_CM2;
        for (i = 0; i < NELEM(E); i++) {
            double e = E[i];
            double tm = 2.0 * e * e / (m + 2.0 * e);
            double want_lead = pre * (tm - m * tm * tm / (4.0 * e * e));
            double want_full =
                pre * (tm - tm * tm / (2.0 * e) - m * tm * tm / (4.0 * e * e) + tm * tm * tm / (6.0 * e * e));
            double got_lead = sm_total(m, q2, e, CEVNS_KIN_LEADING);
            double got_full = sm_total(m, q2, e, CEVNS_KIN_FULL);
            cr_expect(rel_diff(got_lead, want_lead) <= 1e-10, "%s E=%g leading: int=%.15g cm^2, closed form %.15g",
                      NUCLEI[k].name, e, got_lead, want_lead);
            cr_expect(rel_diff(got_full, want_full) <= 1e-10, "%s E=%g full: int=%.15g cm^2, closed form %.15g",
                      NUCLEI[k].name, e, got_full, want_full);
        }
    }
}

/* Coherent limit E << m, F = 1, sin^2 theta_W = 1/4 (so Q_W = N):
 * sigma_tot = G_F^2 N^2 E^2/(4 pi) (Freedman 1974; Drukier & Stodolsky 1984),
 * commonly quoted as ~4.2e-45 cm^2 N^2 (E/MeV)^2.  From the closed forms the
 * leading kinematics deviates by (2E/m)^2/(1+2E/m)^2, the full one by O(E/m). */
Test(xsec, coherent_limit_published) {
    static const double E[] = {1.0, 5.0, 10.0, 30.0, 50.0};
    size_t k, i;
    double unit = CEVNS_GF_MEV2 * CEVNS_GF_MEV2 / (4.0 * TEST_PI) * 0.3893793721e-21;
    cr_expect(fabs(unit / 4.2e-45 - 1.0) <= 0.01, "G_F^2 (1 MeV)^2/(4 pi) = %g cm^2, quoted 4.2e-45", unit);
    for (k = 0; k < NELEM(NUCLEI); k++) {
        double m = rough_mass(&NUCLEI[k]);
        double n = NUCLEI[k].n;
        double q2 = test_weak_charge2(NUCLEI[k].z, n, 1.0, 1.0, 0.25, ZERO9, ZERO9, CEVNS_FLAVOUR_E);
        for (i = 0; i < NELEM(E); i++) {
            double e = E[i];
            double x = 2.0 * e / m;
            double pub = CEVNS_GF_MEV2 * CEVNS_GF_MEV2 * n * n * e * e / (4.0 * TEST_PI) * CEVNS_MEV2_TO_CM2;
            double lead = sm_total(m, q2, e, CEVNS_KIN_LEADING);
            double full = sm_total(m, q2, e, CEVNS_KIN_FULL);
            cr_expect(fabs(lead / pub - 1.0) <= 1.01 * x * x, "%s E=%g leading: %.12g vs G_F^2N^2E^2/4pi=%.12g",
                      NUCLEI[k].name, e, lead, pub);
            cr_expect(fabs(full / pub - 1.0) <= 2.0 * x, "%s E=%g full: %.12g vs G_F^2N^2E^2/4pi=%.12g (2E/m=%g)",
                      NUCLEI[k].name, e, full, pub, x);
            cr_expect(full < lead, "%s E=%g: the full form (recoil terms) must lie below the leading one",
                      NUCLEI[k].name, e);
        }
    }
}

/* Lindhard quenching (Lindhard et al. 1963, PHYSICS.md §6) against the formula written out
 * with pow: the kernel keeps 11.5 Z^(-7/3) per isotope and shares one logarithm between
 * the two powers.  Ge (Z = 32, k = 0.157), Xe (54), Ne (10), Cs (55), recoils 0.1 eV to
 * 1 MeV.  Published anchor (Lindhard k = 0.157 in Ge, e.g. CDEX-10, PRL 130 (2023)
 * 111002): about 0.2 at 5 keVnr. */
Test(detector, lindhard_quenching_factor) {
    static const double zs[] = {32.0, 54.0, 10.0, 55.0};
    int i, j;
    for (i = 0; i < 4; i++)
        for (j = 0; j <= 70; j++) {
            double t_kev = 1e-4 * pow(10.0, 0.1 * j), k = 0.157;
            double eps = 11.5 * pow(zs[i], -7.0 / 3.0) * t_kev;
            double g = 3.0 * pow(eps, 0.15) + 0.7 * pow(eps, 0.6) + eps, want = k * g / (1.0 + k * g);
            double got = cevns_lindhard_qf(cevns_lindhard_eps_per_kev(zs[i]) * t_kev, k);
            cr_expect(fabs(got - want) <= 1e-14 * want, "Z = %g, T = %g keV: %.17g vs %.17g", zs[i], t_kev, got, want);
        }
    {
        double qf = cevns_lindhard_qf(cevns_lindhard_eps_per_kev(32.0) * 5.0, 0.157);
        cr_expect(qf > 0.18 && qf < 0.22, "Ge at 5 keVnr: %g", qf);
    }
}
