/* cpu.c - the CPU engine: the fast-path kernel (kernels/common/rate.h) over
 * points and bins with OpenMP. */
#include <stdio.h>
#include <stdlib.h>
#if CEVNS_HAVE_OPENMP
#include <omp.h>
#endif

#include "common/rate.h"
#include "engine/engine.h"
#include "model/experiment_internal.h"

typedef struct {
    const cevns_plan *plan;
    int threads;
} cpu_state;

static int cpu_available(char *why, size_t why_size) {
    (void)why;
    (void)why_size;
    return 1;
}

static cevns_status cpu_prepare(const cevns_experiment *e, int threads, void **state, cevns_error *err) {
    cpu_state *s = malloc(sizeof *s);
    if (!s) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the cpu engine");
    s->plan = &e->plan;
    s->threads = threads;
    *state = s;
    return CEVNS_OK;
}

static cevns_status cpu_run(void *state, const cevns_pod_point *points, size_t n, double *out, cevns_error *err) {
    const cpu_state *s = state;
    const cevns_plan *p = s->plan;
    int n_bins = p->hdr.n_bins, stride = 3 * p->hdr.n_flux;
    long long job, n_jobs = (long long)n * n_bins;
    int failed = 0;
#if CEVNS_HAVE_OPENMP
    int threads = s->threads > 0 ? s->threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
#endif
    {
        double *cells = malloc((size_t)stride * sizeof *cells);
        if (!cells) {
#if CEVNS_HAVE_OPENMP
#pragma omp atomic write
#endif
            failed = 1;
        }
#if CEVNS_HAVE_OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (job = 0; job < n_jobs; job++) {
            size_t pt = (size_t)(job / n_bins);
            int b = (int)(job % n_bins), k;
            double sum = 0.0;
            if (!cells) continue;
            cevns_rate_bin(&p->hdr, p->iso, p->flux, &p->det, p->data, &points[pt], b, cells);
            for (k = 0; k < stride; k++) sum += cells[k];
            out[pt * (size_t)n_bins + (size_t)b] = sum;
        }
        free(cells);
    }
    if (failed) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory in the cpu engine");
    return CEVNS_OK;
}

static void cpu_release(void *state) { free(state); }

static void cpu_describe(char *buf, size_t size) {
#if CEVNS_HAVE_OPENMP
    snprintf(buf, size, "host CPU: %d OpenMP threads, double precision", omp_get_max_threads());
#else
    snprintf(buf, size, "host CPU: 1 thread (built without OpenMP), double precision");
#endif
}

const cevns_engine cevns_engine_cpu = {"cpu", cpu_available, cpu_available, cpu_prepare, cpu_run, cpu_release, cpu_describe};
