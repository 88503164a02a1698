/* node_plan.c - the node cache of the massless pass (kernels/common/rate.h): for every
 * (bin, isotope, flux), the recoil nodes with their weight x response, momentum
 * transfer, form factors and flux moments, recorded by the kernels' own loops
 * (CEVNS_RATE_RECORD) so that the direct path places them exactly as it would live. */
#include <stdlib.h>

#include "common/rate.h"
#include "plan/plan.h"

cevns_status cevns_plan_nodes(cevns_plan *plan, cevns_dvec *data, cevns_error *err) {
    cevns_pod_header *h = &plan->hdr;
    size_t n_cells = (size_t)h->n_bins * (size_t)h->n_iso * (size_t)h->n_flux, c, k, cap = 0;
    double *rec;
    cevns_status st = CEVNS_OK;
    int b, ii, fi;
    /* room for the most nodes a pass can have: (breakpoints - 1) pieces of at most panels + 1 panels */
    for (b = 0; b < h->n_bins; b++)
        for (ii = 0; ii < h->n_iso; ii++) {
            size_t nb = (size_t)data->v[h->off_tbreak_index + 2 * (b * h->n_iso + ii) + 1];
            size_t n = nb > 1 ? (nb - 1) * (size_t)(h->panels + 1) * (size_t)h->gl_order : 0;
            if (n > cap) cap = n;
        }
    if (!(rec = malloc((cap ? cap : 1) * CEVNS_NODE_SIZE * sizeof *rec)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the node cache");
    h->off_node_index = (int32_t)data->n;
    for (c = 0; c < 2 * n_cells && st == CEVNS_OK; c++) st = cevns_dvec_push(data, 0.0, err);
    for (b = 0; b < h->n_bins && st == CEVNS_OK; b++)
        for (ii = 0; ii < h->n_iso && st == CEVNS_OK; ii++)
            for (fi = 0; fi < h->n_flux && st == CEVNS_OK; fi++) {
                size_t at = data->n, slot = (size_t)h->off_node_index + 2 * (((size_t)b * h->n_iso + ii) * h->n_flux + fi);
                /* data->v may move while it grows: the kernels read it afresh each time */
                int n = cevns_rate_record_nodes(h, plan->iso, plan->flux, &plan->det, data->v, b, ii, fi, rec);
                for (k = 0; k < (size_t)n * CEVNS_NODE_SIZE && st == CEVNS_OK; k++) st = cevns_dvec_push(data, rec[k], err);
                data->v[slot] = (double)at;
                data->v[slot + 1] = (double)n;
            }
    h->off_nodes = (int32_t)h->off_node_index; /* nonzero: the plan has a cache */
    free(rec);
    return st;
}
