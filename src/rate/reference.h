/* reference.h (internal) - the reference integrator: GSL adaptive quadrature on the raw
 * flux shapes of the model, with the plan's isotopes, detector and recoil ranges. */
#ifndef CEVNS_SRC_REFERENCE_H
#define CEVNS_SRC_REFERENCE_H

#include "cevns/model.h"
#include "common/plan.h"
#include "plan/plan.h"

/* counts[(b * n_flux + f) * 3 + i] at point pt to relative tolerance rel_tol.  GSL errors
 * come back as a status when GSL's error handler is off (gsl_set_error_handler_off(), as
 * the cevns command does at start); with GSL's default handler a failed integration aborts. */
cevns_status cevns_rate_reference(const cevns_plan *plan, const cevns_flux *flux, const cevns_pod_point *pt,
                                  double rel_tol, double *counts, cevns_error *err);

#endif
