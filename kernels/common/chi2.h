/* chi2.h - test statistics with pulls (shared/PHYSICS.md §7, include/cevns/stats.h), run
 * per point by every engine and by the host API of src/stats/pull.c.
 *
 * Portable cores (C11 / CUDA / OpenCL C, see portable.h): double only, no allocation,
 * no recursion, at most CEVNS_CHI2_MAX_PULLS pulls, a fixed loop order.  The bins are
 * streamed: every quantity of bin i is rebuilt from the statistic's data when a pass
 * needs it (cevns_stat_bin), so nothing per bin is held per point.
 *
 * Notation: bin i = 0..n_bins-1, pull j = 0..n_pulls-1, exposure scale e,
 *   O_i observed (Asimov: e O^0_i), V_i = D_i^2 its variance, w_i = 1/V_i its weight (kept
 *   for file data, whose variance is fixed; computed per point for Asimov data), R_i = e s_i the signal,
 *   B_i = e B^0_i the background, c_j^i = e x (s_i, or a background array) the change of
 *   bin i per unit of pull j, p_j = 1/sigma_j^2 its penalty (0 for a free pull).
 *
 * Pull chi2 (quadratic in xi, so one linear solve; seed 002 eq. 15 with the penalty
 * written as a square):
 *   chi2(xi) = sum_i w_i (r_i - sum_j xi_j c_j^i)^2 + sum_j p_j (xi_j - a_j)^2,
 *   r_i = O_i - R_i - B_i.  Bins with V_i = 0 (an Asimov bin below
 *   threshold: nothing observed, no uncertainty) carry no information and are skipped.
 *   Normal equations: M xi = b, M_jk = sum_i w_i c_j^i c_k^i + delta_jk p_j,
 *                              b_j  = sum_i w_i c_j^i r_i + p_j a_j.
 *   a_j is the centre of pull j's prior: 0 for the data (the auxiliary measurement says
 *   "nominal"), the toy's randomised auxiliary measurement in a Feldman-Cousins toy (fc.h).
 *
 * Poisson (Baker-Cousins) with the same pulls, mu_i = R_i + B_i + sum_j xi_j c_j^i:
 *   f(xi) = 2 sum_i [mu_i - O_i + O_i ln(O_i/mu_i)] + sum_j p_j (xi_j - a_j)^2
 *   (the O ln(O/mu) term is 0 for O_i = 0).  f is convex in xi on the domain
 *   {mu_i > 0 where O_i > 0, mu_i >= 0 where O_i = 0}; Newton steps with step
 *   halving stay inside it and never increase f. */
#ifndef CEVNS_KERNELS_CHI2_H
#define CEVNS_KERNELS_CHI2_H

#include "portable.h"
#include "cevns/enums.h"

#define CEVNS_CHI2_MAX_PULLS 12
/* A pivot of the unit-diagonal (Jacobi-scaled) normal matrix at or below this
 * is singular: condition numbers beyond ~1e12 leave no trustworthy digits. */
#define CEVNS_CHI2_PIVOT_TOL 1e-12
#define CEVNS_CHI2_NEWTON_MAX_ITER 100
#define CEVNS_CHI2_NEWTON_MAX_HALVINGS 60
#define CEVNS_CHI2_NEWTON_TOL 1e-12
/* pull source: the shift is the signal itself (a signal normalisation) */
#define CEVNS_PULL_FROM_SIGNAL (-1)

/* Return codes. */
enum {
    CEVNS_CHI2_OK = 0,
    CEVNS_CHI2_SINGULAR = 1,      /* the normal matrix / Hessian is singular */
    CEVNS_CHI2_NOT_CONVERGED = 2, /* Newton: no convergence in the iteration limit, or line search failed */
    CEVNS_CHI2_INFEASIBLE = 3,    /* Poisson: mu_i < 0, or mu_i = 0 with O_i > 0 and some shift != 0, at xi = 0 */
    CEVNS_CHI2_BOUNDARY = 4,      /* Poisson: no convergence because the minimum lies where mu_i = 0 in a bin with O_i = 0 */
    CEVNS_CHI2_NONFINITE = 5      /* an observed count, signal, background or shift is NaN or infinite */
};

/* The statistic of a scan: its data live in one double array `data` at these offsets.
 * Every array has n_bins values. */
typedef struct {
    int32_t n_bins, n_pulls, statistic, asimov;  /* cevns_statistic; asimov: O_i = e x observed */
    int32_t sigma_stat, off_observed, off_weight, off_background; /* weight: 1/V_i of file data (0: none;
                                                  Asimov data: of the counts at exposure 1, for toys) */
    int32_t source[CEVNS_CHI2_MAX_PULLS];       /* CEVNS_PULL_FROM_SIGNAL or the offset of c_j / e */
    int32_t mask[CEVNS_CHI2_MAX_PULLS];         /* 0: pull j acts on every bin; else the offset of n_bins
                                                   factors of its shift: 1 or 0 for a signal pull of some
                                                   experiments of a joint fit, the relative change of a
                                                   shape systematic (offset 0 is the observed counts,
                                                   never a mask) */
    int32_t off_centre;                         /* 0: every prior centred at 0; else the offset of the n_pulls
                                                   centres a_j (a toy's auxiliary measurements, fc.h) */
    int32_t reserved;
    double sigma_frac;                          /* Asimov variance: sigma_stat |O| + (sigma_frac O)^2 */
    double penalty[CEVNS_CHI2_MAX_PULLS];       /* 1/sigma_j^2, 0 for a free pull */
} cevns_pod_stat;
CEVNS_STATIC_ASSERT(sizeof(cevns_pod_stat) == 240, "cevns_pod_stat layout");

/* The centre a_j of pull j's prior (0 unless the statistic has centres). */
CEVNS_FN double cevns_stat_centre(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data, int j) {
    return h->off_centre ? data[h->off_centre + j] : 0.0;
}


/* Bin variance used by the chi2: file_error^2 + (sigma_stat ? |O| : 0) + (sigma_frac O)^2
 * (config.h: experiment.data.sigma_stat / sigma_frac). */
CEVNS_FN double cevns_chi2_bin_variance(double file_error, double observed, int sigma_stat, double sigma_frac) {
    double v = file_error * file_error + sigma_frac * observed * sigma_frac * observed;
    if (sigma_stat) v += fabs(observed);
    return v;
}

/* The bin error D = sqrt(variance). */
CEVNS_FN double cevns_chi2_bin_error(double file_error, double observed, int sigma_stat, double sigma_frac) {
    return sqrt(cevns_chi2_bin_variance(file_error, observed, sigma_stat, sigma_frac));
}

/* The weight 1/V of a variance, 0 for a bin without one (it carries no information). */
CEVNS_FN double cevns_chi2_weight(double variance) { return variance > 0.0 ? 1.0 / variance : 0.0; }

/* Where the pulls' shifts come from: c_j^i = e src[j][i], the signal itself or one of
 * the statistic's arrays (set once per point by cevns_stat_sources). */
typedef struct {
    CEVNS_CONST_GLOBAL double *src[CEVNS_CHI2_MAX_PULLS];
    CEVNS_CONST_GLOBAL double *mask[CEVNS_CHI2_MAX_PULLS]; /* 0: every bin */
} cevns_stat_shifts;

CEVNS_FN void cevns_stat_sources(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                 CEVNS_CONST_GLOBAL double *signal, cevns_stat_shifts *s) {
    int j;
    for (j = 0; j < h->n_pulls; j++) {
        s->src[j] = h->source[j] == CEVNS_PULL_FROM_SIGNAL ? signal : data + h->source[j];
        s->mask[j] = h->mask[j] > 0 ? data + h->mask[j] : 0;
    }
}

/* c_j^i at exposure e (times the pull's mask in a joint fit: 1 in its experiments' bins, else 0). */
CEVNS_FN double cevns_stat_shift(const cevns_stat_shifts *s, double e, int j, int i) {
    double c = e * s->src[j][i];
    return s->mask[j] ? c * s->mask[j][i] : c;
}

/* Everything of bin i at exposure e but the shifts: *o = O_i, *w = 1/V_i (0 when V_i = 0;
 * not computed when w is 0, as the Poisson statistic has no use for it), *r = R_i and
 * *b = B_i.  Returns their cevns_finite_probe sum: 0 when they are all finite, NaN if not. */
CEVNS_FN double cevns_stat_bin(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                               CEVNS_CONST_GLOBAL double *signal, double e, int i, double *o, double *w, double *r,
                               double *b) {
    *r = e * signal[i];
    *b = e * data[h->off_background + i];
    if (h->asimov) {
        *o = e * data[h->off_observed + i];
        if (w) *w = cevns_chi2_weight(cevns_chi2_bin_variance(0.0, *o, h->sigma_stat, h->sigma_frac));
    } else {
        *o = data[h->off_observed + i];
        if (w) *w = data[h->off_weight + i];
    }
    return cevns_finite_probe(*o) + cevns_finite_probe(*r) + cevns_finite_probe(*b);
}

/* The shifts of bin i, c[j] = c_j^i, and their cevns_finite_probe sum added to *probe. */
CEVNS_FN void cevns_stat_bin_shifts(const cevns_pod_stat *h, const cevns_stat_shifts *s, double e, int i, double *c,
                                    double *probe) {
    int j;
    for (j = 0; j < h->n_pulls; j++) {
        c[j] = cevns_stat_shift(s, e, j, i);
        *probe += cevns_finite_probe(c[j]);
    }
}

/* Solve M x = b for a symmetric positive definite n x n matrix M (row-major,
 * leading dimension CEVNS_CHI2_MAX_PULLS; only the lower triangle is read).
 * M is Jacobi-scaled to unit diagonal (S M S, S = diag(1/sqrt(M_jj))) and then
 * Cholesky-factorised in place; a diagonal <= 0 or a pivot <= CEVNS_CHI2_PIVOT_TOL
 * is reported as CEVNS_CHI2_SINGULAR.  m is overwritten, b is not. */
CEVNS_FN int cevns_chi2_solve_spd(int n, double *m, const double *b, double *x) {
    double s[CEVNS_CHI2_MAX_PULLS];
    double y[CEVNS_CHI2_MAX_PULLS];
    int j, k, l;
    if (n == 1) { /* the commonest case, one pull: scaled, M is 1 and no pivot can fail */
        if (!(m[0] > 0.0)) return CEVNS_CHI2_SINGULAR;
        x[0] = b[0] / m[0];
        return CEVNS_CHI2_OK;
    }
    for (j = 0; j < n; j++) {
        double d = m[j * CEVNS_CHI2_MAX_PULLS + j];
        if (!(d > 0.0)) return CEVNS_CHI2_SINGULAR;
        s[j] = 1.0 / sqrt(d);
    }
    for (j = 0; j < n; j++)
        for (k = 0; k <= j; k++) m[j * CEVNS_CHI2_MAX_PULLS + k] *= s[j] * s[k];
    /* Cholesky: lower triangle of m becomes L with S M S = L L^T. */
    for (j = 0; j < n; j++) {
        double piv = m[j * CEVNS_CHI2_MAX_PULLS + j];
        for (l = 0; l < j; l++) piv -= m[j * CEVNS_CHI2_MAX_PULLS + l] * m[j * CEVNS_CHI2_MAX_PULLS + l];
        if (!(piv > CEVNS_CHI2_PIVOT_TOL)) return CEVNS_CHI2_SINGULAR;
        piv = sqrt(piv);
        m[j * CEVNS_CHI2_MAX_PULLS + j] = piv;
        for (k = j + 1; k < n; k++) {
            double v = m[k * CEVNS_CHI2_MAX_PULLS + j];
            for (l = 0; l < j; l++) v -= m[k * CEVNS_CHI2_MAX_PULLS + l] * m[j * CEVNS_CHI2_MAX_PULLS + l];
            m[k * CEVNS_CHI2_MAX_PULLS + j] = v / piv;
        }
    }
    /* L y = S b, then L^T z = y, x = S z. */
    for (j = 0; j < n; j++) {
        double v = s[j] * b[j];
        for (l = 0; l < j; l++) v -= m[j * CEVNS_CHI2_MAX_PULLS + l] * y[l];
        y[j] = v / m[j * CEVNS_CHI2_MAX_PULLS + j];
    }
    for (j = n - 1; j >= 0; j--) {
        double v = y[j];
        for (l = j + 1; l < n; l++) v -= m[l * CEVNS_CHI2_MAX_PULLS + j] * y[l];
        y[j] = v / m[j * CEVNS_CHI2_MAX_PULLS + j];
    }
    for (j = 0; j < n; j++) x[j] = s[j] * y[j];
    return CEVNS_CHI2_OK;
}

/* Pull chi2 minimum at exposure e with n_pulls = h->n_pulls pulls.  *chi2 receives chi2 at the minimum, xi[0..n_pulls)
 * the best pulls.  The value is evaluated from the residuals at xi (a sum of squares,
 * never negative) rather than as r^T W r - b^T xi, which cancels.  Returns
 * CEVNS_CHI2_OK, _NONFINITE, or _SINGULAR (xi = 0 and *chi2 = chi2(0) then). */
CEVNS_FN int cevns_chi2_pull_min_n(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                   CEVNS_CONST_GLOBAL double *signal, double e, int n_pulls, double *chi2,
                                   double *xi) {
    double m[CEVNS_CHI2_MAX_PULLS * CEVNS_CHI2_MAX_PULLS];
    double bv[CEVNS_CHI2_MAX_PULLS];
    double o, w, r, b, sum = 0.0;
    cevns_stat_shifts s;
    int i, j, k, rc = CEVNS_CHI2_OK;
    cevns_stat_sources(h, data, signal, &s);
    for (j = 0; j < n_pulls; j++) {
        for (k = 0; k <= j; k++) m[j * CEVNS_CHI2_MAX_PULLS + k] = 0.0;
        bv[j] = xi[j] = 0.0;
    }
    /* Without branches: a bin with w_i = 0 adds exact zeros (when its values are finite;
     * when they are not, the check on the sum below fails the point). */
    for (i = 0; i < h->n_bins; i++) {
        double res, c[CEVNS_CHI2_MAX_PULLS];
        cevns_stat_bin(h, data, signal, e, i, &o, &w, &r, &b);
        res = o - r - b;
        for (j = 0; j < n_pulls; j++) c[j] = cevns_stat_shift(&s, e, j, i);
        for (j = 0; j < n_pulls; j++) {
            double wc = w * c[j];
            bv[j] += wc * res;
            for (k = 0; k <= j; k++) m[j * CEVNS_CHI2_MAX_PULLS + k] += wc * c[k];
        }
    }
    if (n_pulls > 0) {
        for (j = 0; j < n_pulls; j++) m[j * CEVNS_CHI2_MAX_PULLS + j] += h->penalty[j];
        if (h->off_centre)
            for (j = 0; j < n_pulls; j++) bv[j] += h->penalty[j] * data[h->off_centre + j];
        rc = cevns_chi2_solve_spd(n_pulls, m, bv, xi);
        if (rc != CEVNS_CHI2_OK)
            for (j = 0; j < n_pulls; j++) xi[j] = 0.0;
    }
    for (i = 0; i < h->n_bins; i++) {
        double res;
        cevns_stat_bin(h, data, signal, e, i, &o, &w, &r, &b);
        res = o - r - b;
        for (j = 0; j < n_pulls; j++) res -= xi[j] * cevns_stat_shift(&s, e, j, i);
        sum += res * res * w;
    }
    for (j = 0; j < n_pulls; j++) {
        double d = xi[j] - cevns_stat_centre(h, data, j);
        sum += h->penalty[j] * d * d;
    }
    /* Every O_i, R_i, B_i and c_j^i enters sum (c_j^i as xi_j c_j^i even when xi_j = 0,
     * each residual as res^2 w even when w = 0), and NaN x 0, inf x 0 and inf - inf are
     * NaN: so sum is finite exactly when they all are (or, harmlessly, overflows). */
    if (cevns_finite_probe(sum) != 0.0) {
        *chi2 = NAN;
        return CEVNS_CHI2_NONFINITE;
    }
    *chi2 = sum;
    return rc;
}

/* cevns_chi2_pull_min_n with n_pulls = h->n_pulls, a constant for the commonest counts so
 * that the compiler keeps the sums of the normal equations in registers. */
CEVNS_FN int cevns_chi2_pull_min(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                 CEVNS_CONST_GLOBAL double *signal, double e, double *chi2, double *xi) {
    switch (h->n_pulls) {
    case 0: return cevns_chi2_pull_min_n(h, data, signal, e, 0, chi2, xi);
    case 1: return cevns_chi2_pull_min_n(h, data, signal, e, 1, chi2, xi);
    case 2: return cevns_chi2_pull_min_n(h, data, signal, e, 2, chi2, xi);
    default: return cevns_chi2_pull_min_n(h, data, signal, e, h->n_pulls, chi2, xi);
    }
}

/* Baker-Cousins -2 ln L at xi; returns 0 and sets *f if every mu_i is in the
 * domain (mu_i > 0 where O_i > 0, mu_i >= 0 where O_i = 0), else returns 1.
 * The bin term is written as 2 O (x - ln(1 + x)), x = (mu - O)/O, so that its
 * rounding error is ~eps |mu - O| rather than ~eps mu for large counts. */
CEVNS_FN int cevns_poisson_value(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                 CEVNS_CONST_GLOBAL double *signal, double e, const double *xi, double *f) {
    double c[CEVNS_CHI2_MAX_PULLS], o, r, b, sum = 0.0, probe = 0.0;
    cevns_stat_shifts s;
    int i, j;
    cevns_stat_sources(h, data, signal, &s);
    for (i = 0; i < h->n_bins; i++) {
        double mu;
        cevns_stat_bin(h, data, signal, e, i, &o, 0, &r, &b);
        cevns_stat_bin_shifts(h, &s, e, i, c, &probe);
        mu = r + b;
        for (j = 0; j < h->n_pulls; j++) mu += xi[j] * c[j];
        if (o > 0.0) {
            double x;
            if (!(mu > 0.0)) return 1;
            x = (mu - o) / o;
            sum += 2.0 * o * (x - log1p(x));
        } else {
            if (!(mu >= 0.0)) return 1;
            sum += 2.0 * mu;
        }
    }
    for (j = 0; j < h->n_pulls; j++) {
        double d = xi[j] - cevns_stat_centre(h, data, j);
        sum += h->penalty[j] * d * d;
    }
    *f = sum;
    return 0;
}

/* After a failed Newton iteration: CEVNS_CHI2_BOUNDARY when some bin with O_i = 0
 * has mu_i within 1e-9 of the size of its terms (the constrained minimum then
 * sits on the edge mu_i = 0 of the domain, which Newton steps cannot reach), else
 * CEVNS_CHI2_NOT_CONVERGED. */
CEVNS_FN int cevns_poisson_failure(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                   CEVNS_CONST_GLOBAL double *signal, double e, const double *xi) {
    double c[CEVNS_CHI2_MAX_PULLS], o, r, b, probe = 0.0;
    cevns_stat_shifts s;
    int i, j;
    cevns_stat_sources(h, data, signal, &s);
    for (i = 0; i < h->n_bins; i++) {
        double mu, size;
        cevns_stat_bin(h, data, signal, e, i, &o, 0, &r, &b);
        cevns_stat_bin_shifts(h, &s, e, i, c, &probe);
        if (o > 0.0) continue;
        mu = r + b;
        size = fabs(r) + fabs(b);
        for (j = 0; j < h->n_pulls; j++) {
            mu += xi[j] * c[j];
            size += fabs(xi[j] * c[j]);
        }
        if (mu <= 1e-9 * size) return CEVNS_CHI2_BOUNDARY;
    }
    return CEVNS_CHI2_NOT_CONVERGED;
}

/* The starting point xi = 0 of the Poisson minimisation: CEVNS_CHI2_OK, _NONFINITE,
 * _INFEASIBLE (mu_i < 0, or mu_i = 0 with O_i > 0 that a pull could move), or -1 when a
 * bin with mu_i = 0 and O_i > 0 that no pull moves makes -2 ln L infinite. */
CEVNS_FN int cevns_poisson_start(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                 CEVNS_CONST_GLOBAL double *signal, double e) {
    double c[CEVNS_CHI2_MAX_PULLS], o, r, b, probe;
    cevns_stat_shifts s;
    int i, j, infinite = 0;
    cevns_stat_sources(h, data, signal, &s);
    for (i = 0; i < h->n_bins; i++) {
        double mu;
        probe = cevns_stat_bin(h, data, signal, e, i, &o, 0, &r, &b);
        cevns_stat_bin_shifts(h, &s, e, i, c, &probe);
        if (probe != 0.0) return CEVNS_CHI2_NONFINITE;
        mu = r + b;
        if (mu < 0.0) return CEVNS_CHI2_INFEASIBLE;
        if (mu == 0.0 && o > 0.0) {
            for (j = 0; j < h->n_pulls; j++)
                if (c[j] != 0.0) return CEVNS_CHI2_INFEASIBLE;
            infinite = 1; /* unless a later bin is infeasible */
        }
    }
    return infinite ? -1 : CEVNS_CHI2_OK;
}

/* Poisson (Baker-Cousins) -2 ln L at exposure e minimised over the pulls by Newton's method:
 *   g_j  = 2 sum_i c_j^i (mu_i - O_i)/mu_i + 2 p_j xi_j      (O_i = 0: 2 c_j^i)
 *   H_jk = 2 sum_i c_j^i c_k^i O_i/mu_i^2 + 2 p_j delta_jk
 * step d = -H^-1 g from xi = 0, halved until every mu_i stays in the domain and
 * f does not increase.  Converged when the Newton decrement predicts a remaining
 * decrease -g.d/2 <= 1e-12 (1 + f) or every |d_j| <= 1e-12 (1 + |xi_j|); the
 * final Newton step is then taken too (if it stays in the domain and does not
 * increase f).  At most CEVNS_CHI2_NEWTON_MAX_ITER iterations.
 *
 * A bin with R_i + B_i = 0 and O_i > 0 that no pull can move (all c_j^i = 0)
 * makes -2 ln L infinite: *m2lnl = HUGE_VAL, xi = 0 and CEVNS_CHI2_OK.
 * Returns CEVNS_CHI2_OK, _SINGULAR (Hessian singular, e.g. a free pull acting
 * only on bins with O_i = 0), _BOUNDARY (the minimum lies on mu_i = 0 of an empty
 * bin: only shifts of mixed sign with wide priors get there; Newton's method
 * does not handle that constraint), _NOT_CONVERGED, _NONFINITE, or _INFEASIBLE (some
 * mu_i < 0 at xi = 0, or mu_i = 0 with O_i > 0 that a pull could move). */
CEVNS_FN int cevns_poisson_pull_min(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                    CEVNS_CONST_GLOBAL double *signal, double e, double *m2lnl, double *xi) {
    double hm[CEVNS_CHI2_MAX_PULLS * CEVNS_CHI2_MAX_PULLS];
    double g[CEVNS_CHI2_MAX_PULLS], d[CEVNS_CHI2_MAX_PULLS], xn[CEVNS_CHI2_MAX_PULLS], c[CEVNS_CHI2_MAX_PULLS];
    double f, fn, o, r, b, probe = 0.0;
    cevns_stat_shifts s;
    int n_pulls = h->n_pulls, i, j, k, it, rc;

    cevns_stat_sources(h, data, signal, &s);
    for (j = 0; j < n_pulls; j++) xi[j] = 0.0;
    *m2lnl = 0.0;
    rc = cevns_poisson_start(h, data, signal, e);
    if (rc < 0) {
        *m2lnl = HUGE_VAL;
        return CEVNS_CHI2_OK;
    }
    if (rc != CEVNS_CHI2_OK) return rc;
    if (cevns_poisson_value(h, data, signal, e, xi, &f)) return CEVNS_CHI2_INFEASIBLE;
    if (n_pulls == 0) {
        *m2lnl = f;
        return CEVNS_CHI2_OK;
    }
    for (it = 0; it < CEVNS_CHI2_NEWTON_MAX_ITER; it++) {
        double dec = 0.0, t = 1.0;
        int small = 1, accepted = 0, halving;
        for (j = 0; j < n_pulls; j++) {
            for (k = 0; k <= j; k++) hm[j * CEVNS_CHI2_MAX_PULLS + k] = 0.0;
            g[j] = 2.0 * h->penalty[j] * (xi[j] - cevns_stat_centre(h, data, j));
        }
        for (i = 0; i < h->n_bins; i++) {
            double mu, a, q;
            cevns_stat_bin(h, data, signal, e, i, &o, 0, &r, &b);
            cevns_stat_bin_shifts(h, &s, e, i, c, &probe);
            mu = r + b;
            for (j = 0; j < n_pulls; j++) mu += xi[j] * c[j];
            a = o > 0.0 ? (mu - o) / mu : 1.0;
            q = o > 0.0 ? o / (mu * mu) : 0.0;
            for (j = 0; j < n_pulls; j++) {
                g[j] += 2.0 * c[j] * a;
                if (q != 0.0)
                    for (k = 0; k <= j; k++) hm[j * CEVNS_CHI2_MAX_PULLS + k] += 2.0 * q * c[j] * c[k];
            }
        }
        for (j = 0; j < n_pulls; j++) {
            hm[j * CEVNS_CHI2_MAX_PULLS + j] += 2.0 * h->penalty[j];
            xn[j] = -g[j];
        }
        rc = cevns_chi2_solve_spd(n_pulls, hm, xn, d);
        if (rc != CEVNS_CHI2_OK) {
            *m2lnl = f;
            return rc;
        }
        for (j = 0; j < n_pulls; j++) {
            dec -= g[j] * d[j];
            if (fabs(d[j]) > CEVNS_CHI2_NEWTON_TOL * (1.0 + fabs(xi[j]))) small = 0;
        }
        if (0.5 * dec <= CEVNS_CHI2_NEWTON_TOL * (1.0 + f) || small) {
            for (j = 0; j < n_pulls; j++) xn[j] = xi[j] + d[j];
            if (!cevns_poisson_value(h, data, signal, e, xn, &fn) && fn <= f) {
                for (j = 0; j < n_pulls; j++) xi[j] = xn[j];
                f = fn;
            }
            *m2lnl = f;
            return CEVNS_CHI2_OK;
        }
        for (halving = 0; halving <= CEVNS_CHI2_NEWTON_MAX_HALVINGS; halving++) {
            for (j = 0; j < n_pulls; j++) xn[j] = xi[j] + t * d[j];
            if (!cevns_poisson_value(h, data, signal, e, xn, &fn) && fn <= f) {
                accepted = 1;
                break;
            }
            t *= 0.5;
        }
        if (!accepted) {
            *m2lnl = f;
            return cevns_poisson_failure(h, data, signal, e, xi);
        }
        for (j = 0; j < n_pulls; j++) xi[j] = xn[j];
        f = fn;
    }
    *m2lnl = f;
    return cevns_poisson_failure(h, data, signal, e, xi);
}

/* The scan's statistic of one point, pull chi2 or Poisson -2 ln L at exposure e, and the
 * pulls at its minimum xi[0..n_pulls). */
CEVNS_FN int cevns_stat_fit(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                            CEVNS_CONST_GLOBAL double *signal, double e, double *value, double *xi) {
    return h->statistic == CEVNS_STAT_POISSON ? cevns_poisson_pull_min(h, data, signal, e, value, xi)
                                              : cevns_chi2_pull_min(h, data, signal, e, value, xi);
}

/* The scan's statistic of one point (cevns_stat_fit without the pulls). */
CEVNS_FN int cevns_stat_value(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                              CEVNS_CONST_GLOBAL double *signal, double e, double *value) {
    double xi[CEVNS_CHI2_MAX_PULLS];
    return cevns_stat_fit(h, data, signal, e, value, xi);
}

/* The expectation of bin i with the pulls at xi: R_i + B_i + sum_j xi_j c_j^i. */
CEVNS_FN double cevns_stat_expected(const cevns_pod_stat *h, CEVNS_CONST_GLOBAL double *data,
                                    CEVNS_CONST_GLOBAL double *signal, double e, const double *xi, int i) {
    cevns_stat_shifts sh;
    double o, r, b, mu;
    int j;
    cevns_stat_sources(h, data, signal, &sh);
    cevns_stat_bin(h, data, signal, e, i, &o, 0, &r, &b);
    mu = r + b;
    for (j = 0; j < h->n_pulls; j++) mu += xi[j] * cevns_stat_shift(&sh, e, j, i);
    return mu;
}

#endif
