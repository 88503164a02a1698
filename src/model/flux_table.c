/* flux_table.c - tabulated fluxes: two columns E (MeV), dPhi/dE, linearly
 * interpolated and zero outside the table (PHYSICS.md §5).  Also the loader
 * the solar shapes use. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/model.h"
#include "cevns/table.h"
#include "common/xsec.h"
#include "model/flux_internal.h"

/* Energies must be >= 0 and column 1 >= 0 (NaN/inf are already refused by the reader). */
static cevns_status check_values(const cevns_table *t, const char *path, cevns_error *err) {
    size_t r;
    if (!(t->v[0] >= 0.0))
        return cevns_error_set(err, CEVNS_EDATA, "%s: data row 1: energy %g MeV is negative (allowed: E >= 0)", path,
                               t->v[0]);
    for (r = 0; r < t->rows; r++) {
        double v = t->v[r * t->cols + 1];
        if (!(v >= 0.0))
            return cevns_error_set(err, CEVNS_EDATA,
                                   "%s: data row %zu: flux value %g is negative (allowed: dPhi/dE >= 0)", path, r + 1,
                                   v);
    }
    return CEVNS_OK;
}

/* Trapezoid integral of the linear interpolation (exact for it). */
static double trapezoid(const double *x, const double *y, size_t n) {
    double sum = 0.0;
    size_t j;
    for (j = 0; j + 1 < n; j++) sum += 0.5 * (y[j] + y[j + 1]) * (x[j + 1] - x[j]);
    return sum;
}

/* Move columns 0 and 1 of t into the component's knots. */
static cevns_status take_knots(const cevns_table *t, cevns_flux_component *c, cevns_error *err) {
    size_t r;
    c->knot_e = malloc(t->rows * sizeof *c->knot_e);
    c->knot_v = malloc(t->rows * sizeof *c->knot_v);
    if (!c->knot_e || !c->knot_v) return cevns_error_set(err, CEVNS_ENOMEM, "flux %s: out of memory", c->name);
    c->n_knots = t->rows;
    for (r = 0; r < t->rows; r++) {
        c->knot_e[r] = t->v[r * t->cols];
        c->knot_v[r] = t->v[r * t->cols + 1];
    }
    return CEVNS_OK;
}

static cevns_status read_checked(const char *path, cevns_table *t, cevns_error *err) {
    cevns_status st = cevns_table_create(path, 2, t, err);
    if (st != CEVNS_OK) return st;
    if (t->rows < 2)
        st = cevns_error_set(err, CEVNS_EDATA, "%s: %zu data row(s), a flux table needs at least 2", path, t->rows);
    if (st == CEVNS_OK) st = cevns_table_check_increasing(t, 0, path, err);
    if (st == CEVNS_OK) st = check_values(t, path, err);
    if (st != CEVNS_OK) cevns_table_free(t);
    return st;
}

cevns_status cevns_flux_load_table_shape(const char *path, cevns_flux_component *c, double *integral,
                                         cevns_error *err) {
    cevns_table t;
    double area;
    size_t j;
    cevns_status st = read_checked(path, &t, err);
    if (st != CEVNS_OK) return st;
    st = take_knots(&t, c, err);
    cevns_table_free(&t);
    if (st != CEVNS_OK) return st;
    area = trapezoid(c->knot_e, c->knot_v, c->n_knots);
    if (!(area > 0.0) || !isfinite(area))
        return cevns_error_set(err, CEVNS_EDATA, "%s: the flux table integrates to %g (must be > 0)", path, area);
    for (j = 0; j < c->n_knots; j++) c->knot_v[j] /= area;
    c->kind = CEVNS_SHAPE_TABLE;
    c->e_lo = c->knot_e[0];
    c->e_hi = c->knot_e[c->n_knots - 1];
    *integral = area;
    st = cevns_flux_build_linear_pieces(c, err);
    /* rows a few 1e-307 MeV apart pass every check above but the normalised
     * slopes overflow: the shape would be NaN (found by fuzz/fuzz_flux.c) */
    for (j = 0; st == CEVNS_OK && j < c->n_pieces; j++)
        if (!isfinite(c->piece_c[4 * j + 1]))
            st = cevns_error_set(err, CEVNS_EDATA,
                                 "%s: data rows %zu and %zu: energies %g and %g MeV are too close for the change of "
                                 "the flux between them (its slope overflows)",
                                 path, j + 1, j + 2, c->knot_e[j], c->knot_e[j + 1]);
    return st;
}

static cevns_status table_validate(const cevns_table_flux_params *p, cevns_error *err) {
    if (!p->file || !p->file[0])
        return cevns_error_set(err, CEVNS_ECONFIG, "source.file: required (a two-column table)");
    if (!(p->total >= 0.0) || !isfinite(p->total))
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "source.total: must be >= 0 (0 = take the table as absolute), got %g", p->total);
    if (p->flavour < CEVNS_FLAVOUR_E || p->flavour > CEVNS_FLAVOUR_TAU)
        return cevns_error_set(err, CEVNS_ECONFIG, "source.flavour: must be e, mu or tau (0..2), got %d", p->flavour);
    if (p->antineutrino != 0 && p->antineutrino != 1)
        return cevns_error_set(err, CEVNS_ECONFIG, "source.antineutrino: must be 0 or 1, got %d", p->antineutrino);
    return CEVNS_OK;
}

cevns_status cevns_flux_create_table(const cevns_table_flux_params *p, cevns_flux *out, cevns_error *err) {
    cevns_flux_component *c;
    double integral = 0.0;
    cevns_status st;

    memset(out, 0, sizeof *out);
    st = table_validate(p, err);
    if (st == CEVNS_OK) st = cevns_flux_alloc(out, 1, err);
    if (st != CEVNS_OK) return st;
    c = &out->comp[0];
    cevns_flux_set_name(c, p->name && p->name[0] ? p->name : "table");
    c->flavour = p->flavour;
    c->antineutrino = p->antineutrino;
    c->per_second = 1;
    st = cevns_flux_load_table_shape(p->file, c, &integral, err);
    if (st != CEVNS_OK) {
        cevns_flux_free(out);
        return st;
    }
    /* total > 0: the table gives the shape only; else it is absolute (cm^-2 s^-1 MeV^-1). */
    c->normalisation = p->total > 0.0 ? p->total : integral;
    snprintf(out->description, sizeof out->description, "table %.100s", p->file);
    return CEVNS_OK;
}
