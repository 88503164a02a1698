/* fc.c - the Feldman-Cousins construction as a value (cevns/scan.h): the truth at every map
 * point from the data, then toys generated around it (kernels/common/fc.h, on the host) and
 * fitted over the whole grid on the scan's engine (fc_fit).
 *
 * Truth ("profile construction"): at map point p, the data's statistic at each of its
 * profiled points minimised over the pulls (cevns_stat_fit on the CPU engine's signals, whatever
 * the scan's engine: the pulls of a Poisson fit are found only to the minimiser's tolerance in a
 * flat direction, and the toys' prior centres are drawn around them, so truths from two
 * engines' signals would make toys that differ by 1e-7); the
 * best one gives the signal R(theta_p) and the pulls xi; the toys are drawn around
 * mu_i = R_i + B_i + sum_j xi_j c_j^i, with the pulls' auxiliary measurements around xi
 * (fc.h).  The toys are generated on the host, the same bytes for every engine; the fits
 * run where the signals are. */
#include <stdlib.h>
#include <string.h>

#include "common/fc.h"
#include "scan/scan_internal.h"
#include "util/omp.h"

/* Toys handed to the engine at once (their blocks: 65536 x (bins + pulls) doubles). */
#define FC_CALL_TOYS 65536

struct cevns_fc {
    cevns_scan *s;
    const cevns_scan_plan *p;
    size_t toys, n_items, nb, np, stride;
    cevns_u64 seed;
    double *truth; /* n_map x nb: mu at every map point */
    double *xi;    /* n_map x np: the pulls fitted to the data there */
    /* one engine call's toys */
    double *blocks, *at_home, *at_min;
    cevns_i64 *home, *toy;
    int *codes;
};

size_t cevns_fc_toys(const cevns_fc *f) { return f->toys; }

void cevns_fc_free(cevns_fc *f) {
    if (!f) return;
    free(f->truth);
    free(f->xi);
    free(f->blocks);
    free(f->at_home);
    free(f->at_min);
    free(f->home);
    free(f->toy);
    free(f->codes);
    free(f);
}

/* The data's fit at map point m from the signals of its items: the truth and the pulls; the
 * code of the first failure when no profiled point has a statistic. */
static int fit_data(cevns_fc *f, const double *signals, size_t m) {
    const cevns_scan_plan *p = f->p;
    double best = HUGE_VAL, xi[CEVNS_CHI2_MAX_PULLS], best_xi[CEVNS_CHI2_MAX_PULLS];
    size_t q, best_q = 0, i;
    int rc = 0;
    memset(best_xi, 0, sizeof best_xi);
    for (q = 0; q < p->n_prof; q++) {
        double v;
        int c = cevns_stat_fit(&p->stat, p->stat_data, signals + (m * p->n_prof + q) * f->nb, 1.0, &v, xi);
        if (c != 0) {
            if (rc == 0) rc = c;
        } else if (v < best) {
            best = v;
            best_q = q;
            memcpy(best_xi, xi, sizeof xi);
        }
    }
    if (!(best < HUGE_VAL)) return rc ? rc : CEVNS_CHI2_NONFINITE;
    for (i = 0; i < f->nb; i++)
        f->truth[m * f->nb + i] = cevns_stat_expected(&p->stat, p->stat_data, signals + (m * p->n_prof + best_q) * f->nb,
                                                      1.0, best_xi, (int)i);
    for (i = 0; i < f->np; i++) f->xi[m * f->np + i] = best_xi[i];
    return 0;
}

/* The signals of every grid item on the scan's engine (which keeps them for the toys' fits), and
 * into `signals` those of the CPU engine (the same when the scan runs on the CPU). */
static cevns_status cpu_signals(cevns_scan *s, double *signals, cevns_error *err) {
    const cevns_scan_plan *p = cevns_scan_plan_of(s);
    void *state = NULL;
    cevns_status st = s->eng->fc_signals(s->state, signals, err);
    if (st != CEVNS_OK || s->eng == &cevns_engine_cpu) return st;
    st = cevns_engine_cpu.prepare(p, &s->opt, &state, err);
    if (st == CEVNS_OK && p->path == CEVNS_PATH_SEPARABLE) st = cevns_engine_cpu.run_basis(state, err);
    if (st == CEVNS_OK) st = cevns_engine_cpu.fc_signals(state, signals, err);
    if (state) cevns_engine_cpu.release(state);
    return st;
}

cevns_status cevns_fc_create(cevns_scan *s, size_t toys, unsigned long long seed, cevns_fc **out, cevns_error *err) {
    const cevns_scan_plan *p = cevns_scan_plan_of(s);
    cevns_fc *f;
    double *signals;
    int *codes;
    cevns_status st;
    long long m;
    int a;
    *out = NULL;
    if (toys < 1 || toys > CEVNS_FC_MAX_TOYS)
        return cevns_error_set(err, CEVNS_EUSAGE, "scan.feldman_cousins.toys: %zu toys (allowed: 1..%d)", toys,
                               CEVNS_FC_MAX_TOYS);
    if (p->n_map > 0xFFFFFFFFu)
        return cevns_error_set(err, CEVNS_EUSAGE, "scan.feldman_cousins: %zu map points (at most 2^32 - 1)", p->n_map);
    for (a = 0; a < p->grid.n_axes; a++)
        if (p->grid.kind[a] == CEVNS_AXIS_EXPOSURE)
            return cevns_error_set(err, CEVNS_EUSAGE,
                                   "scan.feldman_cousins: not with an exposure_scale axis (the toys are experiments at "
                                   "the data's exposure)");
    if (!(f = calloc(1, sizeof *f))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    f->s = s;
    f->p = p;
    f->toys = toys;
    f->seed = seed;
    f->n_items = p->n_map * p->n_prof;
    f->nb = (size_t)p->stat.n_bins;
    f->np = (size_t)p->stat.n_pulls;
    f->stride = (size_t)cevns_fc_stride(&p->stat);
    f->truth = malloc(p->n_map * f->nb * sizeof *f->truth);
    f->xi = malloc((p->n_map * f->np + 1) * sizeof *f->xi);
    signals = malloc((f->n_items * f->nb + 1) * sizeof *signals);
    codes = calloc(p->n_map + 1, sizeof *codes);
    if (!f->truth || !f->xi || !signals || !codes) {
        free(signals);
        free(codes);
        cevns_fc_free(f);
        return cevns_error_set(err, CEVNS_ENOMEM, "scan.feldman_cousins: out of memory for the signals of %zu grid points",
                               f->n_items);
    }
    st = cpu_signals(s, signals, err);
    if (st == CEVNS_OK) {
        CEVNS_OMP(omp parallel for num_threads(cevns_omp_threads(s->opt.threads)) schedule(static))
        for (m = 0; m < (long long)p->n_map; m++) codes[m] = fit_data(f, signals, (size_t)m);
        st = cevns_engine_map_failure(p, 0, codes, p->n_map, err);
    }
    free(signals);
    free(codes);
    if (st != CEVNS_OK) {
        cevns_fc_free(f);
        return st;
    }
    *out = f;
    return CEVNS_OK;
}

/* Room for one engine call's toys. */
static cevns_status call_buffers(cevns_fc *f, cevns_error *err) {
    size_t n = FC_CALL_TOYS;
    if (f->blocks) return CEVNS_OK;
    f->blocks = malloc(n * f->stride * sizeof *f->blocks);
    f->at_home = malloc(n * sizeof *f->at_home);
    f->at_min = malloc(n * sizeof *f->at_min);
    f->home = malloc(n * sizeof *f->home);
    f->toy = malloc(n * sizeof *f->toy);
    f->codes = malloc(n * sizeof *f->codes);
    if (f->blocks && f->at_home && f->at_min && f->home && f->toy && f->codes) return CEVNS_OK;
    free(f->blocks);
    f->blocks = NULL;
    return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the toys");
}

cevns_status cevns_fc_evaluate(cevns_fc *f, size_t start, size_t n, double *dchi2, cevns_error *err) {
    const cevns_scan_plan *p = f->p;
    size_t total = n * f->toys, g0;
    cevns_status st;
    if (start > p->n_map || n > p->n_map - start)
        return cevns_error_set(err, CEVNS_EINTERNAL, "map points [%zu, %zu) outside the map of %zu points", start,
                               start + n, p->n_map);
    if ((st = call_buffers(f, err)) != CEVNS_OK) return st;
    for (g0 = 0; g0 < total && st == CEVNS_OK; g0 += FC_CALL_TOYS) {
        cevns_toy_batch b;
        long long k, m = (long long)(total - g0 < FC_CALL_TOYS ? total - g0 : FC_CALL_TOYS);
        CEVNS_OMP(omp parallel for num_threads(cevns_omp_threads(f->s->opt.threads)) schedule(static))
        for (k = 0; k < m; k++) {
            size_t g = g0 + (size_t)k, point = start + g / f->toys, t = g % f->toys;
            cevns_fc_toy_generate(&p->stat, p->stat_data, f->truth + point * f->nb, f->xi + point * f->np, f->seed,
                                  (cevns_u32)point, (cevns_u32)t, f->blocks + (size_t)k * f->stride);
            f->home[k] = (cevns_i64)point;
            f->toy[k] = (cevns_i64)t;
        }
        b.n = (size_t)m;
        b.blocks = f->blocks;
        b.home = f->home;
        b.at_home = f->at_home;
        b.at_min = f->at_min;
        b.codes = f->codes;
        st = f->s->eng->fc_fit(f->s->state, &b, err);
        if (st == CEVNS_OK) st = cevns_engine_toy_failure(p, &b, f->toy, err);
        for (k = 0; k < m && st == CEVNS_OK; k++) dchi2[g0 + (size_t)k] = f->at_home[k] - f->at_min[k];
    }
    return st;
}
