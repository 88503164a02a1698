/* flux_internal.h - helpers shared by the flux builders in src/model/flux*.c.
 * Not installed; the public interface is include/cevns/model.h. */
#ifndef CEVNS_MODEL_FLUX_INTERNAL_H
#define CEVNS_MODEL_FLUX_INTERNAL_H

#include <stddef.h>

#include "cevns/model.h"

/* Allocate n zeroed components in out (which must be zeroed or freed). */
cevns_status cevns_flux_alloc(cevns_flux *out, size_t n, cevns_error *err);

/* Copy-fill a component's name (truncated to fit). */
void cevns_flux_set_name(cevns_flux_component *c, const char *name);

/* MICHEL_*: the exact single cubic piece on [0, m_mu/2]. */
cevns_status cevns_flux_build_michel(cevns_flux_component *c, cevns_shape_kind kind, cevns_error *err);

/* TABLE: one linear piece per knot interval (knots already set). */
cevns_status cevns_flux_build_linear_pieces(cevns_flux_component *c, cevns_error *err);

/* Smooth function with its derivative, for the Hermite builder. */
typedef double (*cevns_smooth_fn)(const void *ctx, double e, double *deriv);

/* Cubic Hermite pieces on a uniform grid over [lo, hi] with step <= h_max,
 * halving the step until the largest relative deviation from f, sampled
 * inside every piece, is below rel_tol. */
cevns_status cevns_flux_build_hermite(cevns_flux_component *c, cevns_smooth_fn f, const void *ctx, double lo,
                                      double hi, double h_max, double rel_tol, cevns_error *err);

/* Read a two-column shape table (E in MeV strictly increasing, values >= 0,
 * at least 2 rows; extra columns ignored) into c as a TABLE component whose
 * shape integrates to 1.  *integral receives the trapezoid integral of the
 * raw table (exact for its linear interpolation). */
cevns_status cevns_flux_load_table_shape(const char *path, cevns_flux_component *c, double *integral,
                                         cevns_error *err);

/* Raw reactor mix sum_i f_i exp(sum_k a_ik E^k) (nu per fission per MeV) and
 * its derivative; frac[4] are fission fractions U235, U238, Pu239, Pu241. */
double cevns_reactor_mix(const double frac[4], double e, double *deriv);

#endif
