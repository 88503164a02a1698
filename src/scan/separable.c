/* separable.c - the separable fast path (separable.h): the basis integrals of
 * kernels/common/rate.h (CEVNS_RATE_BASIS, the same nodes as the direct path)
 * integrated once, then contracted with the couplings of each point
 * (kernels/common/separable.h).
 *
 * The basis factorises further than "per point of the non-separable axes":
 * the massless pass (I_pp, I_pn, I_nn, I_mag) depends on rn_fm only (through
 * F_n) and the sterile pass (I_ster) on m4 only.  So the cache holds
 *   massless[rn][bin][flavour][CEVNS_BASIS_PP.._MAG]   one row per rn_fm value (1 if not scanned)
 *   sterile [m4][bin][flavour]                one per m4_MeV value (1 if not scanned)
 * summed over the flux components of each incoming flavour, and an (m4, rn) grid
 * costs n_m4 sterile passes + n_rn massless passes instead of n_m4 x n_rn
 * points.  The integration runs on the CPU with OpenMP, one (value, bin) per
 * job; the device engines could run cevns_rate_bin_basis the same way
 * (one work-item per (value, bin), like cevns_rate_points) when the number of
 * non-separable values makes it worth a transfer: not done yet. */
#include <stdlib.h>
#include <string.h>
#if CEVNS_HAVE_OPENMP
#include <omp.h>
#endif

#include "common/rate.h"
#include "common/separable.h"
#include "model/experiment_internal.h"
#include "scan/separable.h"

struct cevns_separable {
    const cevns_plan *plan;
    cevns_grid g;
    cevns_params base;
    int threads;
    size_t n_bins;
    int n_slots;         /* incoming flavours present in the fluxes */
    int flavour[3];      /* flavour of each slot */
    int slot_of[3];      /* slot of each flavour, -1 when absent */
    int ax_m4, ax_rn;    /* grid axis of m4_MeV / rn_fm, -1 when not scanned */
    size_t n_m4, n_rn;   /* their values (1 when not scanned) */
    size_t stride_m4, stride_rn; /* flat-index stride of those axes */
    double *massless;    /* [n_rn][n_bins][n_slots][CEVNS_SEP_WEIGHTS] */
    double *sterile;     /* [n_m4][n_bins][n_slots] */
};

static int is_separable_axis(cevns_axis_kind k) { return k != CEVNS_AXIS_M4 && k != CEVNS_AXIS_RN; }

int cevns_separable_applicable(const cevns_grid *g) {
    size_t outer = 1;
    int a, n_sep = 0;
    for (a = 0; a < g->n_axes; a++) {
        if (is_separable_axis(g->axes[a]->kind)) n_sep++;
        else outer *= g->n[a];
    }
    return n_sep > 0 && g->n_points >= 2 * outer;
}

#if CEVNS_HAVE_OPENMP
/* Only the OpenMP pragmas use it: defined without OpenMP it is an unused
 * function, an error under -Werror in builds without OpenMP. */
static int thread_count(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }
#endif

/* The point whose basis job j integrates: the base point with the rn_fm (massless
 * jobs) or m4 (sterile jobs) value of that row. */
static void job_point(const cevns_separable *s, size_t row, int sterile, cevns_pod_point *pt) {
    cevns_params p = s->base;
    if (sterile && s->ax_m4 >= 0) p.m4_MeV = s->g.axes[s->ax_m4]->values[row];
    if (!sterile && s->ax_rn >= 0) p.rn_fm = s->g.axes[s->ax_rn]->values[row];
    cevns_params_to_point(&p, pt);
}

/* Fill the massless and sterile tables: (n_rn + n_m4) x n_bins jobs. */
static cevns_status integrate_basis(cevns_separable *s, cevns_error *err) {
    const cevns_plan *p = s->plan;
    const cevns_pod_header *h = &p->hdr;
    size_t nb = s->n_bins, ns = (size_t)s->n_slots, n_ml = s->n_rn * nb;
    long long job, n_jobs = (long long)(n_ml + (s->sterile ? s->n_m4 * nb : 0));
    int failed = 0;
#if CEVNS_HAVE_OPENMP
#pragma omp parallel num_threads(thread_count(s->threads))
#endif
    {
        double *cells = malloc((size_t)h->n_flux * CEVNS_N_BASIS * sizeof *cells);
        if (!cells) {
#if CEVNS_HAVE_OPENMP
#pragma omp atomic write
#endif
            failed = 1;
        }
#if CEVNS_HAVE_OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
        for (job = 0; job < n_jobs; job++) {
            int sterile = (size_t)job >= n_ml, fi, k;
            size_t j = sterile ? (size_t)job - n_ml : (size_t)job, row = j / nb, b = j % nb;
            cevns_pod_point pt;
            if (!cells) continue;
            job_point(s, row, sterile, &pt);
            cevns_rate_bin_basis(h, p->iso, p->flux, &p->det, p->data, &pt, (int)b,
                                 sterile ? CEVNS_PASS_STERILE : CEVNS_PASS_MASSLESS, cells);
            /* each job owns its (row, bin) entries: no two threads write the same */
            for (fi = 0; fi < h->n_flux; fi++) {
                size_t slot = (size_t)s->slot_of[p->flux[fi].flavour];
                const double *c = cells + (size_t)fi * CEVNS_N_BASIS;
                if (sterile) {
                    s->sterile[(row * nb + b) * ns + slot] += c[CEVNS_BASIS_STER];
                } else {
                    double *r = s->massless + ((row * nb + b) * ns + slot) * CEVNS_SEP_WEIGHTS;
                    for (k = 0; k < CEVNS_SEP_WEIGHTS; k++) r[k] += c[k]; /* PP, PN, NN, MAG */
                }
            }
        }
        free(cells);
    }
    if (failed) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory in the separable basis integration");
    return CEVNS_OK;
}

cevns_status cevns_separable_create(const cevns_experiment *e, const cevns_grid *g, const cevns_params *base,
                                    int threads, cevns_separable **out, cevns_error *err) {
    cevns_separable *s;
    const cevns_plan *p = &e->plan;
    size_t stride = 1;
    int a, fi;
    cevns_status st;
    *out = NULL;
    if (!cevns_separable_applicable(g))
        return cevns_error_set(err, CEVNS_EINTERNAL, "separable path asked for a grid without a separable axis");
    if (!(s = calloc(1, sizeof *s))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the separable path");
    s->plan = p;
    s->g = *g;
    s->base = *base;
    s->threads = threads;
    s->n_bins = (size_t)p->hdr.n_bins;
    s->ax_m4 = s->ax_rn = -1;
    s->n_m4 = s->n_rn = 1;
    s->stride_m4 = s->stride_rn = 1;
    for (a = g->n_axes - 1; a >= 0; a--) {
        if (g->axes[a]->kind == CEVNS_AXIS_M4) {
            s->ax_m4 = a;
            s->n_m4 = g->n[a];
            s->stride_m4 = stride;
        } else if (g->axes[a]->kind == CEVNS_AXIS_RN) {
            s->ax_rn = a;
            s->n_rn = g->n[a];
            s->stride_rn = stride;
        }
        stride *= g->n[a];
    }
    for (a = 0; a < 3; a++) s->slot_of[a] = -1;
    for (fi = 0; fi < p->hdr.n_flux; fi++) {
        int fl = p->flux[fi].flavour;
        if (fl < 0 || fl > 2) {
            cevns_separable_free(s);
            return cevns_error_set(err, CEVNS_EINTERNAL, "flux component %d has flavour %d (not 0, 1 or 2)", fi, fl);
        }
        if (s->slot_of[fl] < 0) {
            s->slot_of[fl] = s->n_slots;
            s->flavour[s->n_slots++] = fl;
        }
    }
    s->massless = calloc(s->n_rn * s->n_bins * (size_t)(s->n_slots ? s->n_slots : 1) * CEVNS_SEP_WEIGHTS,
                         sizeof *s->massless);
    if (p->hdr.use_sterile)
        s->sterile = calloc(s->n_m4 * s->n_bins * (size_t)(s->n_slots ? s->n_slots : 1), sizeof *s->sterile);
    if (!s->massless || (p->hdr.use_sterile && !s->sterile)) {
        cevns_separable_free(s);
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the separable basis");
    }
    if ((st = integrate_basis(s, err)) != CEVNS_OK) {
        cevns_separable_free(s);
        return st;
    }
    *out = s;
    return CEVNS_OK;
}

cevns_status cevns_separable_signal(const cevns_separable *s, size_t start, size_t n, double *signal,
                                    cevns_error *err) {
    size_t nb, ns;
    long long kk;
    if (!s) return cevns_error_set(err, CEVNS_EINTERNAL, "separable path not created");
    if (start > s->g.n_points || n > s->g.n_points - start)
        return cevns_error_set(err, CEVNS_EINTERNAL, "points [%zu, %zu) outside the grid of %zu points", start,
                               start + n, s->g.n_points);
    nb = s->n_bins;
    ns = (size_t)s->n_slots;
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for num_threads(thread_count(s->threads)) schedule(static)
#endif
    for (kk = 0; kk < (long long)n; kk++) {
        size_t idx = start + (size_t)kk, b;
        size_t ir = s->ax_rn >= 0 ? (idx / s->stride_rn) % s->n_rn : 0;
        size_t im = s->ax_m4 >= 0 ? (idx / s->stride_m4) % s->n_m4 : 0;
        const double *ml = s->massless + ir * nb * ns * CEVNS_SEP_WEIGHTS;
        const double *st = s->sterile ? s->sterile + im * nb * ns : NULL;
        double w[3][CEVNS_SEP_WEIGHTS], expo;
        double *out = signal + (size_t)kk * nb;
        cevns_params p;
        cevns_pod_point pt;
        int k;
        /* the same parameters -> point conversion as the direct path's */
        cevns_grid_point(&s->g, &s->base, idx, &p, &expo);
        cevns_params_to_point(&p, &pt);
        for (k = 0; k < s->n_slots; k++) cevns_separable_weights(&pt, s->flavour[k], w[k]);
        for (b = 0; b < nb; b++) {
            double sum = 0.0;
            for (k = 0; k < s->n_slots; k++)
                sum += cevns_separable_contract(w[k], ml + (b * ns + (size_t)k) * CEVNS_SEP_WEIGHTS,
                                                st ? st[b * ns + (size_t)k] : 0.0);
            out[b] = pt.norm * sum;
        }
    }
    return CEVNS_OK;
}

void cevns_separable_free(cevns_separable *s) {
    if (!s) return;
    free(s->massless);
    free(s->sterile);
    free(s);
}
