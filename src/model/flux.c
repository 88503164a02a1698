/* flux.c - flux-component shapes, breakpoints, freeing, and the piecewise-cubic
 * builders shared by every source (PHYSICS.md §5).
 *
 * Storage per kind (cevns_flux_component in include/cevns/model.h):
 *   LINE     e_line; no knots, no pieces.
 *   MICHEL_* one exact cubic piece on [0, m_mu/2] (piece_x = {0, m_mu/2}).
 *   TABLE    knots (E, value) of the unit-normalised linear interpolation;
 *            one linear piece per knot interval.
 *   REACTOR  reactor_frac / reactor_norm define the exact shape
 *            reactor_norm * sum_i f_i exp(poly_i(E)) on [e_lo, e_hi];
 *            knots = {e_lo, e_hi} with the shape values there (the edges);
 *            pieces are cubic Hermite interpolants of that shape. */
#include "model/flux_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/constants.h"

/* ---------------------------------------------------------------- shapes */

/* Michel nu_e: (192/m)(E/m)^2 (1/2 - E/m), 0 <= E <= m/2 (PHYSICS.md §5). */
static double michel_nue(double e) {
    const double m = CEVNS_MMU_MEV;
    double x = e / m;
    return 192.0 / m * x * x * (0.5 - x);
}

/* Michel anti-nu_mu: (64/m)(E/m)^2 (3/4 - E/m), 0 <= E <= m/2 (PHYSICS.md §5). */
static double michel_numubar(double e) {
    const double m = CEVNS_MMU_MEV;
    double x = e / m;
    return 64.0 / m * x * x * (0.75 - x);
}

/* Index j with x[j] <= e < x[j+1] (j = n-2 at e == x[n-1]); x strictly increasing, n >= 2. */
static size_t interval_index(const double *x, size_t n, double e) {
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (e < x[mid])
            hi = mid;
        else
            lo = mid;
    }
    return lo;
}

/* Linear interpolation of the knots, written exactly as the piece
 * c0 + c1 u (u = E - x_j) so that shape and pieces agree bit for bit. */
static double table_shape(const cevns_flux_component *c, double e) {
    size_t j;
    double slope;
    if (c->n_knots < 2 || !(e >= c->knot_e[0] && e <= c->knot_e[c->n_knots - 1])) return 0.0;
    j = interval_index(c->knot_e, c->n_knots, e);
    slope = (c->knot_v[j + 1] - c->knot_v[j]) / (c->knot_e[j + 1] - c->knot_e[j]);
    return c->knot_v[j] + slope * (e - c->knot_e[j]);
}

double cevns_flux_shape(const cevns_flux_component *c, double e) {
    const double half_mmu = 0.5 * CEVNS_MMU_MEV;
    switch (c->kind) {
    case CEVNS_SHAPE_LINE: return 0.0;
    case CEVNS_SHAPE_MICHEL_NUE: return (e >= 0.0 && e <= half_mmu) ? michel_nue(e) : 0.0;
    case CEVNS_SHAPE_MICHEL_NUMUBAR: return (e >= 0.0 && e <= half_mmu) ? michel_numubar(e) : 0.0;
    case CEVNS_SHAPE_TABLE: return table_shape(c, e);
    case CEVNS_SHAPE_REACTOR:
        if (!(e >= c->e_lo && e <= c->e_hi)) return 0.0;
        return c->reactor_norm * cevns_reactor_mix(c->reactor_frac, e, NULL);
    }
    return 0.0;
}

const double *cevns_flux_breakpoints(const cevns_flux_component *c, size_t *n) {
    switch (c->kind) {
    case CEVNS_SHAPE_TABLE:
    case CEVNS_SHAPE_REACTOR:
        *n = c->knot_e ? c->n_knots : 0;
        return c->knot_e;
    case CEVNS_SHAPE_MICHEL_NUE:
    case CEVNS_SHAPE_MICHEL_NUMUBAR:
        *n = c->piece_x ? c->n_pieces + 1 : 0;
        return c->piece_x;
    case CEVNS_SHAPE_LINE: break;
    }
    *n = 0;
    return NULL;
}

/* ---------------------------------------------------------------- memory */

static void component_free(cevns_flux_component *c) {
    free(c->knot_e);
    free(c->knot_v);
    free(c->piece_x);
    free(c->piece_c);
    c->knot_e = c->knot_v = c->piece_x = c->piece_c = NULL;
    c->n_knots = c->n_pieces = 0;
}

void cevns_flux_free(cevns_flux *f) {
    size_t i;
    if (!f) return;
    if (f->comp)
        for (i = 0; i < f->n; i++) component_free(&f->comp[i]);
    free(f->comp);
    memset(f, 0, sizeof *f);
}

cevns_status cevns_flux_alloc(cevns_flux *out, size_t n, cevns_error *err) {
    memset(out, 0, sizeof *out);
    out->comp = calloc(n, sizeof *out->comp);
    if (!out->comp) return cevns_error_set(err, CEVNS_ENOMEM, "flux: out of memory for %zu component(s)", n);
    out->n = n;
    return CEVNS_OK;
}

void cevns_flux_set_name(cevns_flux_component *c, const char *name) {
    size_t len = strlen(name);
    if (len >= sizeof c->name) len = sizeof c->name - 1;
    memcpy(c->name, name, len);
    c->name[len] = '\0';
}

/* Allocate n pieces (n + 1 knots, 4 n coefficients). */
static cevns_status pieces_alloc(cevns_flux_component *c, size_t n, cevns_error *err) {
    free(c->piece_x);
    free(c->piece_c);
    c->piece_x = malloc((n + 1) * sizeof *c->piece_x);
    c->piece_c = malloc(4 * n * sizeof *c->piece_c);
    c->n_pieces = n;
    if (!c->piece_x || !c->piece_c) {
        free(c->piece_x);
        free(c->piece_c);
        c->piece_x = c->piece_c = NULL;
        c->n_pieces = 0;
        return cevns_error_set(err, CEVNS_ENOMEM, "flux %s: out of memory for %zu cubic pieces", c->name, n);
    }
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- builders */

/* Michel spectra are cubics in E: expanding about x_0 = 0,
 *   nu_e:       (192/m)(E/m)^2(1/2 - E/m) =  96/m^3 E^2 - 192/m^4 E^3,
 *   anti-nu_mu: (64/m)(E/m)^2(3/4 - E/m)  =  48/m^3 E^2 -  64/m^4 E^3. */
cevns_status cevns_flux_build_michel(cevns_flux_component *c, cevns_shape_kind kind, cevns_error *err) {
    const double m = CEVNS_MMU_MEV;
    const double m3 = m * m * m, m4 = m3 * m;
    cevns_status st = pieces_alloc(c, 1, err);
    if (st != CEVNS_OK) return st;
    c->kind = kind;
    c->e_lo = 0.0;
    c->e_hi = 0.5 * m;
    c->piece_x[0] = 0.0;
    c->piece_x[1] = 0.5 * m;
    c->piece_c[0] = 0.0;
    c->piece_c[1] = 0.0;
    c->piece_c[2] = (kind == CEVNS_SHAPE_MICHEL_NUE ? 96.0 : 48.0) / m3;
    c->piece_c[3] = -(kind == CEVNS_SHAPE_MICHEL_NUE ? 192.0 : 64.0) / m4;
    return CEVNS_OK;
}

cevns_status cevns_flux_build_linear_pieces(cevns_flux_component *c, cevns_error *err) {
    size_t j, n;
    cevns_status st;
    if (c->n_knots < 2)
        return cevns_error_set(err, CEVNS_EINTERNAL, "flux %s: a table needs at least 2 knots, got %zu", c->name,
                               c->n_knots);
    n = c->n_knots - 1;
    st = pieces_alloc(c, n, err);
    if (st != CEVNS_OK) return st;
    for (j = 0; j <= n; j++) c->piece_x[j] = c->knot_e[j];
    for (j = 0; j < n; j++) {
        c->piece_c[4 * j + 0] = c->knot_v[j];
        c->piece_c[4 * j + 1] = (c->knot_v[j + 1] - c->knot_v[j]) / (c->knot_e[j + 1] - c->knot_e[j]);
        c->piece_c[4 * j + 2] = 0.0;
        c->piece_c[4 * j + 3] = 0.0;
    }
    return CEVNS_OK;
}

/* Cubic Hermite interpolant on [x0, x0 + h] from values y and derivatives d
 * at both ends, in u = E - x0:
 *   c0 = y0, c1 = d0, c2 = (3 s - 2 d0 - d1)/h, c3 = (d0 + d1 - 2 s)/h^2,
 * with s = (y1 - y0)/h (e.g. de Boor, A Practical Guide to Splines, ch. IV). */
static void hermite_coeffs(double h, double y0, double d0, double y1, double d1, double *c) {
    double s = (y1 - y0) / h;
    c[0] = y0;
    c[1] = d0;
    c[2] = (3.0 * s - 2.0 * d0 - d1) / h;
    c[3] = (d0 + d1 - 2.0 * s) / (h * h);
}

static double cubic_at(const double *c, double u) { return c[0] + u * (c[1] + u * (c[2] + u * c[3])); }

/* Fill n uniform Hermite pieces over [lo, hi]. */
static void hermite_fill(cevns_flux_component *c, cevns_smooth_fn f, const void *ctx, double lo, double hi,
                         size_t n) {
    double h = (hi - lo) / (double)n;
    double y0, d0;
    size_t j;
    y0 = f(ctx, lo, &d0);
    for (j = 0; j < n; j++) {
        double x0 = lo + (double)j * h;
        double x1 = (j + 1 == n) ? hi : lo + (double)(j + 1) * h;
        double d1, y1 = f(ctx, x1, &d1);
        c->piece_x[j] = x0;
        hermite_coeffs(x1 - x0, y0, d0, y1, d1, &c->piece_c[4 * j]);
        y0 = y1;
        d0 = d1;
    }
    c->piece_x[n] = hi;
}

/* Largest |p - f| / |f| at interior sample points of every piece. */
static double hermite_max_rel_error(const cevns_flux_component *c, cevns_smooth_fn f, const void *ctx) {
    static const double where[] = {0.1, 0.25, 0.5, 0.75, 0.9};
    double worst = 0.0;
    size_t j, k;
    for (j = 0; j < c->n_pieces; j++) {
        double h = c->piece_x[j + 1] - c->piece_x[j];
        for (k = 0; k < sizeof where / sizeof where[0]; k++) {
            double u = where[k] * h;
            double exact = f(ctx, c->piece_x[j] + u, NULL);
            double err = fabs(cubic_at(&c->piece_c[4 * j], u) - exact);
            double rel = exact != 0.0 ? err / fabs(exact) : err;
            if (rel > worst) worst = rel;
        }
    }
    return worst;
}

cevns_status cevns_flux_build_hermite(cevns_flux_component *c, cevns_smooth_fn f, const void *ctx, double lo,
                                      double hi, double h_max, double rel_tol, cevns_error *err) {
    const size_t max_pieces = (size_t)1 << 20;
    size_t n = (size_t)ceil((hi - lo) / h_max);
    if (n < 1) n = 1;
    for (; n <= max_pieces; n *= 2) {
        cevns_status st = pieces_alloc(c, n, err);
        double worst;
        if (st != CEVNS_OK) return st;
        hermite_fill(c, f, ctx, lo, hi, n);
        worst = hermite_max_rel_error(c, f, ctx);
        if (worst < rel_tol) return CEVNS_OK;
    }
    return cevns_error_set(err, CEVNS_ENUMERIC,
                           "flux %s: cubic Hermite fit on [%g, %g] MeV did not reach relative error %g with %zu pieces",
                           c->name, lo, hi, rel_tol, max_pieces);
}
