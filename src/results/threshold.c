/* threshold.c - Delta chi2 thresholds for a confidence level (Wilks: the
 * chi2 distribution with dof degrees of freedom). */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "cevns/results.h"

double cevns_delta_chi2_threshold(double cl, int dof) {
    if (!(cl > 0.0 && cl < 1.0) || dof < 1) return NAN;
    return gsl_cdf_chisq_Pinv(cl, (double)dof);
}
