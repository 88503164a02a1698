/* cpu.c - the CPU engine, the reference for the others: the stages of kernels/common/scan.h
 * over items with OpenMP.  The direct path computes each batch's signal one (point, bin)
 * at a time (cevns_cpu_direct), then the statistic per item; the separable path contracts
 * and takes the statistic item by item in one pass. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fc.h"
#include "common/scan.h"
#include "common/separable.h"
#include "engine/engine.h"
#include "util/omp.h"

/* Items per batch: the direct path's signal buffer, the separable path's values. */
#define DIRECT_BATCH 4096
#define SEPARABLE_BATCH 65536

typedef struct {
    const cevns_scan_plan *p;
    int threads;
    size_t batch, batch_asked;
    double *basis;   /* path SEPARABLE: sep.n_basis values */
    double *signals; /* Feldman-Cousins: the signal of every item (fc_signals) */
    double *fc_data; /* Feldman-Cousins: the statistic's data, then the toy blocks of one pass */
    size_t fc_toys;  /* toy blocks fc_data has room for */
} cpu_state;

cevns_status cevns_cpu_direct(const cevns_plan *p, const cevns_pod_point *points, size_t n, int threads,
                              double *cells, double *sums, cevns_error *err) {
    int n_bins = p->hdr.n_bins, stride = CEVNS_N_INTERACTIONS * p->hdr.n_flux;
    long long job, n_jobs = (long long)n * n_bins;
    int failed = 0;
    (void)threads; /* read only by the OpenMP pragma */
    CEVNS_OMP(omp parallel num_threads(cevns_omp_threads(threads)))
    {
        double *own = malloc((size_t)stride * sizeof *own);
        if (!own) {
            CEVNS_OMP(omp atomic write)
            failed = 1;
        }
        CEVNS_OMP(omp for schedule(dynamic, 4))
        for (job = 0; job < n_jobs; job++) {
            double *c = cells ? cells + (size_t)job * (size_t)stride : own;
            double sum = 0.0;
            int k;
            if (!own) continue;
            cevns_rate_bin(&p->hdr, p->iso, p->flux, &p->det, p->data, &points[job / n_bins], (int)(job % n_bins), c);
            if (!sums) continue;
            for (k = 0; k < stride; k++) sum += c[k];
            sums[job] = sum;
        }
        free(own);
    }
    return failed ? cevns_error_set(err, CEVNS_ENOMEM, "out of memory in the cpu engine") : CEVNS_OK;
}

static int cpu_available(const cevns_engine_options *o, char *why, size_t why_size) {
    (void)o;
    (void)why;
    (void)why_size;
    return 1;
}

static void cpu_release(void *state) {
    cpu_state *s = state;
    if (!s) return;
    free(s->basis);
    free(s->signals);
    free(s->fc_data);
    free(s);
}

static cevns_status cpu_prepare(const cevns_scan_plan *plan, const cevns_engine_options *o, void **state,
                                cevns_error *err) {
    cpu_state *s = calloc(1, sizeof *s);
    if (!s) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the cpu engine");
    s->p = plan;
    s->threads = cevns_omp_threads(o->threads);
    s->batch = o->batch ? o->batch : plan->path == CEVNS_PATH_SEPARABLE ? SEPARABLE_BATCH : DIRECT_BATCH;
    s->batch_asked = o->batch;
    if (plan->path == CEVNS_PATH_SEPARABLE && !(s->basis = calloc((size_t)plan->sep.n_basis + 1, sizeof *s->basis))) {
        cpu_release(s);
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the separable basis");
    }
    *state = s;
    return CEVNS_OK;
}

static cevns_status cpu_run_basis(void *state, cevns_error *err) {
    cpu_state *s = state;
    const cevns_scan_plan *p = s->p;
    const cevns_plan *r = p->rate;
    int job, n_jobs = cevns_separable_n_jobs(&p->sep);
    if (p->path != CEVNS_PATH_SEPARABLE) return cevns_error_set(err, CEVNS_EINTERNAL, "basis asked on the direct path");
    CEVNS_OMP(omp parallel for num_threads(s->threads) schedule(dynamic, 1))
    for (job = 0; job < n_jobs; job++) {
        double cells[CEVNS_MAX_FLUX_COMPONENTS * CEVNS_N_BASIS];
        cevns_separable_basis_job(&r->hdr, r->iso, r->flux, &r->det, r->data, &p->sep, &p->grid, p->grid_values,
                                  &p->base, job, cells, s->basis);
    }
    return CEVNS_OK;
}

/* Direct path, one batch: the points, their signal (cevns_cpu_direct), the statistic. */
static cevns_status direct_batch(const cpu_state *s, cevns_i64 i0, size_t m, cevns_pod_point *pts, double *expo,
                                 double *sig, double *values, int *codes, double *counts, size_t start,
                                 cevns_error *err) {
    const cevns_scan_plan *p = s->p;
    cevns_i64 n_prof = (cevns_i64)p->n_prof;
    long long k;
    cevns_status st;
    for (k = 0; k < (long long)m; k++) {
        int idx[CEVNS_GRID_MAX_AXES];
        cevns_scan_item(&p->grid, p->grid_values, &p->base, i0 + k, n_prof, idx, &pts[k], &expo[k]);
    }
    if ((st = cevns_cpu_direct(p->rate, pts, m, s->threads, NULL, sig, err)) != CEVNS_OK) return st;
    CEVNS_OMP(omp parallel for num_threads(s->threads) schedule(static))
    for (k = 0; k < (long long)m; k++) {
        const double *row = sig + (size_t)k * (size_t)p->stat.n_bins;
        codes[k] = cevns_stat_value(&p->stat, p->stat_data, row, expo[k], &values[k]);
        if (counts)
            cevns_scan_counts(&p->stat, p->stat_data, row, expo[k],
                              counts + (size_t)(i0 + k - (cevns_i64)start) * (size_t)p->stat.n_bins);
    }
    return CEVNS_OK;
}

/* Separable path, one batch: each thread runs a contiguous share of the items through
 * cevns_scan_separable_range (its first item decoded, the others stepped to). */
static cevns_status separable_batch(const cpu_state *s, cevns_i64 i0, size_t m, double *values, int *codes,
                                    double *counts, size_t start, cevns_error *err) {
    const cevns_scan_plan *p = s->p;
    int failed = 0;
    CEVNS_OMP(omp parallel num_threads(s->threads))
    {
        double *sig = malloc((size_t)p->stat.n_bins * sizeof *sig);
        size_t lo, hi;
        cevns_omp_share(m, &lo, &hi);
        if (!sig) {
            CEVNS_OMP(omp atomic write)
            failed = 1;
        } else {
            cevns_scan_separable_range(&p->grid, p->grid_values, &p->base, &p->sep, s->basis, &p->stat, p->stat_data,
                                       i0, (cevns_i64)p->n_prof, (cevns_i64)lo, (cevns_i64)hi, sig, values, codes,
                                       counts != NULL, (cevns_i64)start, counts);
        }
        free(sig);
    }
    return failed ? cevns_error_set(err, CEVNS_ENOMEM, "out of memory in the cpu engine") : CEVNS_OK;
}

static cevns_status cpu_run_map(void *state, size_t start, size_t n, double *chi2, double *counts,
                                cevns_error *err) {
    const cpu_state *s = state;
    const cevns_scan_plan *p = s->p;
    cevns_i64 n_prof = (cevns_i64)p->n_prof, i0, i_end = (cevns_i64)(start + n) * n_prof;
    size_t nb = (size_t)p->stat.n_bins, k, batch = s->batch;
    int direct = p->path == CEVNS_PATH_DIRECT;
    double *values = malloc(batch * sizeof *values), *expo = NULL, *sig = NULL;
    int *codes = malloc(batch * sizeof *codes), *rc = calloc(n ? n : 1, sizeof *rc);
    cevns_pod_point *pts = NULL;
    cevns_status st = CEVNS_OK;
    if (direct) {
        pts = malloc(batch * sizeof *pts);
        expo = malloc(batch * sizeof *expo);
        sig = malloc(batch * nb * sizeof *sig);
    }
    if (!values || !codes || !rc || (direct && (!pts || !expo || !sig)))
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory in the cpu engine");
    for (k = 0; k < n; k++) chi2[k] = INFINITY;
    if (!p->want_counts) counts = NULL;
    for (i0 = (cevns_i64)start * n_prof; i0 < i_end && st == CEVNS_OK; i0 += (cevns_i64)batch) {
        size_t m = (size_t)(i_end - i0 < (cevns_i64)batch ? i_end - i0 : (cevns_i64)batch);
        long long sm, s_first = i0 / n_prof, s_last = (i0 + (cevns_i64)m - 1) / n_prof;
        st = direct ? direct_batch(s, i0, m, pts, expo, sig, values, codes, counts, start, err)
                    : separable_batch(s, i0, m, values, codes, counts, start, err);
        if (st != CEVNS_OK) break;
        CEVNS_OMP(omp parallel for num_threads(s->threads) schedule(static))
        for (sm = s_first; sm <= s_last; sm++)
            cevns_scan_reduce(sm, n_prof, i0, (cevns_i64)m, values, codes, &chi2[sm - (long long)start],
                              &rc[sm - (long long)start]);
    }
    if (st == CEVNS_OK) st = cevns_engine_map_failure(p, start, rc, n, err);
    free(values);
    free(codes);
    free(rc);
    free(pts);
    free(expo);
    free(sig);
    return st;
}

static cevns_status cpu_run_points(void *state, const cevns_pod_point *points, size_t n, double *out,
                                   cevns_error *err) {
    const cpu_state *s = state;
    return cevns_cpu_direct(s->p->rate, points, n, s->threads, NULL, out, err);
}

/* Feldman-Cousins: the signal of every item, batch by batch on the direct path (the points,
 * then cevns_cpu_direct), item by item on the separable one. */
static cevns_status cpu_fc_signals(void *state, double *out, cevns_error *err) {
    cpu_state *s = state;
    const cevns_scan_plan *p = s->p;
    size_t nb = (size_t)p->stat.n_bins, n_items = p->n_map * p->n_prof, i0;
    cevns_status st = CEVNS_OK;
    free(s->signals);
    if (!(s->signals = malloc((n_items ? n_items : 1) * nb * sizeof *s->signals)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the signals of %zu grid points", n_items);
    if (p->path == CEVNS_PATH_DIRECT) {
        cevns_pod_point *pts = malloc(s->batch * sizeof *pts);
        if (!pts) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory in the cpu engine");
        for (i0 = 0; i0 < n_items && st == CEVNS_OK; i0 += s->batch) {
            size_t m = n_items - i0 < s->batch ? n_items - i0 : s->batch, k;
            for (k = 0; k < m; k++) {
                int idx[CEVNS_GRID_MAX_AXES];
                double expo;
                cevns_scan_item(&p->grid, p->grid_values, &p->base, (cevns_i64)(i0 + k), (cevns_i64)p->n_prof, idx,
                                &pts[k], &expo);
            }
            st = cevns_cpu_direct(p->rate, pts, m, s->threads, NULL, s->signals + i0 * nb, err);
        }
        free(pts);
    } else {
        long long item;
        CEVNS_OMP(omp parallel for num_threads(s->threads) schedule(static))
        for (item = 0; item < (long long)n_items; item++)
            cevns_scan_separable_item(&p->grid, p->grid_values, &p->base, &p->sep, s->basis, item,
                                      (cevns_i64)p->n_prof, s->signals + (size_t)item * nb);
    }
    if (st == CEVNS_OK && out) memcpy(out, s->signals, n_items * nb * sizeof *out);
    return st;
}

/* Feldman-Cousins: the toys in passes of fc_data's room, one toy at a time per thread. */
static cevns_status cpu_fc_fit(void *state, const cevns_toy_batch *b, cevns_error *err) {
    cpu_state *s = state;
    const cevns_scan_plan *p = s->p;
    size_t stride = (size_t)cevns_fc_stride(&p->stat), n_items = p->n_map * p->n_prof, t0;
    size_t pass = s->batch_asked ? (s->batch_asked / (n_items ? n_items : 1) > 0 ? s->batch_asked / n_items : 1) : b->n;
    if (!s->signals) return cevns_error_set(err, CEVNS_EINTERNAL, "fc_fit before fc_signals");
    if (b->n == 0) return CEVNS_OK;
    if (pass > cevns_engine_max_toys(p)) pass = cevns_engine_max_toys(p);
    if (pass > s->fc_toys || !s->fc_data) {
        free(s->fc_data);
        s->fc_toys = 0;
        if (!(s->fc_data = malloc((p->n_stat_data + pass * stride) * sizeof *s->fc_data)))
            return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for %zu toys", pass);
        memcpy(s->fc_data, p->stat_data, p->n_stat_data * sizeof *s->fc_data);
        s->fc_toys = pass;
    }
    for (t0 = 0; t0 < b->n; t0 += pass) {
        long long t, m = (long long)(b->n - t0 < pass ? b->n - t0 : pass);
        memcpy(s->fc_data + p->n_stat_data, b->blocks + t0 * stride, (size_t)m * stride * sizeof *s->fc_data);
        CEVNS_OMP(omp parallel for num_threads(s->threads) schedule(dynamic, 1))
        for (t = 0; t < m; t++)
            cevns_fc_toy_fit(&p->stat, s->fc_data, (cevns_i64)(p->n_stat_data + (size_t)t * stride), s->signals,
                             (cevns_i64)n_items, (cevns_i64)p->n_prof, b->home[t0 + (size_t)t], &b->at_home[t0 + (size_t)t],
                             &b->at_min[t0 + (size_t)t], &b->codes[t0 + (size_t)t]);
    }
    return CEVNS_OK;
}

static void cpu_describe(const cevns_engine_options *o, char *buf, size_t size) {
#if CEVNS_HAVE_OPENMP
    snprintf(buf, size, "host CPU: %d OpenMP threads, double precision", cevns_omp_threads(o->threads));
#else
    (void)o;
    snprintf(buf, size, "host CPU: 1 thread (built without OpenMP), double precision");
#endif
}

const cevns_engine cevns_engine_cpu = {"cpu",          cpu_available,  cpu_available,  cpu_prepare,
                                       cpu_run_basis,  cpu_run_map,    cpu_run_points, cpu_fc_signals,
                                       cpu_fc_fit,     cpu_release,    cpu_describe};
