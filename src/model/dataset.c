/* dataset.c - ownership of the model's detector response and data set (include/cevns/model.h). */
#include <stdlib.h>
#include <string.h>

#include "cevns/model.h"

void cevns_detector_free(cevns_detector *d) {
    if (!d) return;
    free(d->quench_coeffs_MeV);
    free(d->quench_t_keVnr);
    free(d->quench_qf);
    free(d->eff_x);
    free(d->eff_y);
    free(d->edges);
    memset(d, 0, sizeof *d);
}

void cevns_dataset_free(cevns_dataset *d) {
    if (!d) return;
    free(d->observed);
    free(d->variance);
    free(d->background);
    free(d->background_main);
    free(d->components);
    free(d->signal_mask);
    memset(d, 0, sizeof *d);
}
