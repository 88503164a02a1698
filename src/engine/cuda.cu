/* cuda.cu - the CUDA engine: the whole scan on a GPU with kernels/cuda/scan.cuh: the
 * separable basis, the signal of every item (direct or contracted), the statistic and
 * the minimum over the profiled axes; only the map's chi2 (and counts when asked) are
 * copied back.  The CUDA runtime is linked statically, so the binary starts on machines
 * without a driver; every CUDA call is checked and its message kept.  The device is the
 * options' index, or the MPI rank on this node modulo the number of devices. */
#include <cuda_runtime.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

extern "C" {
#include "engine/engine.h"
}
#include "cuda/scan.cuh"

namespace {

const unsigned THREADS = 128;

struct cuda_state {
    const cevns_scan_plan *p;
    int device;
    char name[256];
    size_t batch; /* items per launch */
    /* the plan */
    cevns_pod_isotope *iso;
    cevns_pod_flux *flux;
    double *data, *values, *stat_data, *basis;
    /* work: a batch's signal, statistics and codes; a call's map, codes and counts */
    double *sig, *out, *chi2, *counts;
    int *codes, *rc;
    cevns_pod_point *points;
    double *points_out;
    /* Feldman-Cousins: the signal of every item; the statistic's data, then one launch's toy
     * blocks; each toy's map point, minima (at_home, then at_min) and failure code */
    double *fc_sig, *fc_data, *fc_at;
    long long *fc_home;
    int *fc_codes;
    size_t fc_toys; /* toys per launch */
    /* elements each work buffer holds */
    size_t cap_sig, cap_out, cap_codes, cap_chi2, cap_rc, cap_counts, cap_points, cap_points_out;
    size_t cap_fc_sig, cap_fc_data, cap_fc_at, cap_fc_home, cap_fc_codes;
};

/* Errors after which the device, or this process's context on it, is unusable:
 * it fell off the bus, was reset, hit an uncorrectable ECC error, or a kernel
 * crashed (sticky errors: every later call fails too). */
bool device_lost(cudaError_t rc) {
    switch (rc) {
    case cudaErrorLaunchFailure:
    case cudaErrorDevicesUnavailable:
    case cudaErrorNoDevice:
    case cudaErrorECCUncorrectable:
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchTimeout:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorContextIsDestroyed:
    case cudaErrorSystemNotReady:
    case cudaErrorUnknown: return true;
    default: return false;
    }
}

/* Device memory exhausted: out of memory (exit code 8).  A device lost while
 * the scan runs: an input/output error (5), after which the scan keeps its
 * checkpoints for --resume.  Anything else: the engine is not usable (9). */
cevns_status cuda_fail(cudaError_t rc, const char *what, cevns_error *err, bool running = false) {
    if (rc == cudaErrorMemoryAllocation)
        return cevns_error_set(err, CEVNS_ENOMEM, "cuda engine: %s failed: out of device memory (%s: %s)", what,
                               cudaGetErrorName(rc), cudaGetErrorString(rc));
    if (device_lost(rc))
        return cevns_error_set(err, running ? CEVNS_EIO : CEVNS_EUNAVAILABLE,
                               "cuda engine: %s failed: the GPU failed, was lost or a kernel crashed (%s: %s); check "
                               "it with nvidia-smi (and the kernel log for Xid errors), then start cevns again",
                               what, cudaGetErrorName(rc), cudaGetErrorString(rc));
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "cuda engine: %s failed: %s (%s)", what, cudaGetErrorString(rc),
                           cudaGetErrorName(rc));
}

/* The device the options choose, or -1 with why. */
int choose_device(const cevns_engine_options *o, char *why, size_t why_size) {
    int n = 0, index;
    cudaError_t rc = cudaGetDeviceCount(&n);
    if (rc != cudaSuccess) {
        snprintf(why, why_size, "%s", cudaGetErrorString(rc));
        return -1;
    }
    if (n == 0) {
        snprintf(why, why_size, "no CUDA devices");
        return -1;
    }
    index = o->device >= 0 ? o->device : o->local_rank % n;
    if (index >= n) {
        snprintf(why, why_size, "device %d asked, but %d CUDA device(s)", index, n);
        return -1;
    }
    return index;
}

int cuda_available(const cevns_engine_options *o, char *why, size_t why_size) {
    return choose_device(o, why, why_size) >= 0;
}

template <typename T> cudaError_t upload(T **dev, const T *host, size_t count) {
    cudaError_t rc = cudaMalloc((void **)dev, sizeof(T) * (count ? count : 1));
    if (rc == cudaSuccess && count) rc = cudaMemcpy(*dev, host, sizeof(T) * count, cudaMemcpyHostToDevice);
    return rc;
}

void release_state(cuda_state *s) {
    void *bufs[] = {s->iso,   s->flux,   s->data,     s->values, s->stat_data, s->basis,   s->sig,
                    s->out,   s->chi2,   s->counts,   s->codes,  s->rc,        s->points,  s->points_out,
                    s->fc_sig, s->fc_data, s->fc_at, s->fc_home, s->fc_codes};
    for (void *b : bufs) cudaFree(b);
    free(s);
}

void cuda_release(void *state) {
    if (state) release_state((cuda_state *)state);
}

cevns_status cuda_prepare(const cevns_scan_plan *plan, const cevns_engine_options *o, void **state,
                          cevns_error *err) {
    const cevns_plan *r = plan->rate;
    cuda_state *s = (cuda_state *)calloc(1, sizeof *s);
    cudaDeviceProp prop;
    char why[256];
    cudaError_t rc;
    if (!s) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the cuda engine");
    s->p = plan;
    if (r->hdr.n_flux > CEVNS_MAX_FLUX_COMPONENTS) {
        free(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "cuda engine: at most %d flux components",
                               CEVNS_MAX_FLUX_COMPONENTS);
    }
    if ((s->device = choose_device(o, why, sizeof why)) < 0) {
        free(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "cuda engine: %s", why);
    }
    s->batch = o->batch ? o->batch : plan->path == CEVNS_PATH_SEPARABLE ? (size_t)1 << 21 : (size_t)1 << 16;
    /* toys per launch: each thread fits one toy at every item */
    s->fc_toys = o->batch ? o->batch / (plan->n_map * plan->n_prof > 0 ? plan->n_map * plan->n_prof : 1)
                          : (size_t)1 << 17;
    if (s->fc_toys < 1) s->fc_toys = 1;
    if (s->fc_toys > cevns_engine_max_toys(plan)) s->fc_toys = cevns_engine_max_toys(plan);
    rc = cudaSetDevice(s->device);
    if (rc == cudaSuccess) rc = cudaGetDeviceProperties(&prop, s->device);
    if (rc == cudaSuccess) snprintf(s->name, sizeof s->name, "%s", prop.name);
    if (rc == cudaSuccess) rc = upload(&s->iso, r->iso, (size_t)r->hdr.n_iso);
    if (rc == cudaSuccess) rc = upload(&s->flux, r->flux, (size_t)r->hdr.n_flux);
    if (rc == cudaSuccess) rc = upload(&s->data, r->data, (size_t)r->hdr.n_data);
    if (rc == cudaSuccess) rc = upload(&s->values, plan->grid_values, plan->n_grid_values);
    if (rc == cudaSuccess) rc = upload(&s->stat_data, plan->stat_data, plan->n_stat_data);
    if (rc == cudaSuccess) rc = cudaMalloc((void **)&s->basis, sizeof(double) * ((size_t)plan->sep.n_basis + 1));
    if (rc != cudaSuccess) {
        cevns_status st = cuda_fail(rc, "copying the plan to the device", err);
        release_state(s);
        return st;
    }
    *state = s;
    return CEVNS_OK;
}

unsigned blocks_for(size_t items) { return (unsigned)((items + THREADS - 1) / THREADS); }

/* Launch status, then completion. */
cevns_status finish(const char *what, cevns_error *err) {
    cudaError_t rc = cudaGetLastError();
    if (rc == cudaSuccess) rc = cudaDeviceSynchronize();
    return rc == cudaSuccess ? CEVNS_OK : cuda_fail(rc, what, err, true);
}

cevns_status cuda_run_basis(void *state, cevns_error *err) {
    cuda_state *s = (cuda_state *)state;
    const cevns_scan_plan *p = s->p;
    const cevns_plan *r = p->rate;
    int n_jobs = cevns_separable_n_jobs(&p->sep);
    if (n_jobs > 0)
        cevns_k_basis<<<blocks_for((size_t)n_jobs), THREADS>>>(r->hdr, s->iso, s->flux, r->det, s->data, p->sep,
                                                                 p->grid, s->values, p->base, n_jobs, s->basis);
    return finish("the basis integrals", err);
}

/* Grow a device buffer of T to hold count elements. */
template <typename T> cudaError_t ensure(T **buf, size_t *cap, size_t count) {
    if (count <= *cap && *buf) return cudaSuccess;
    cudaFree(*buf);
    *buf = NULL;
    *cap = 0;
    cudaError_t rc = cudaMalloc((void **)buf, sizeof(T) * (count ? count : 1));
    if (rc == cudaSuccess) *cap = count;
    return rc;
}

cevns_status cuda_run_map(void *state, size_t start, size_t n, double *chi2, double *counts, cevns_error *err) {
    cuda_state *s = (cuda_state *)state;
    const cevns_scan_plan *p = s->p;
    const cevns_plan *r = p->rate;
    size_t nb = (size_t)p->stat.n_bins;
    long long n_prof = (long long)p->n_prof, i_end = (long long)(start + n) * n_prof;
    int *codes = NULL;
    cevns_status st = CEVNS_OK;
    cudaError_t rc;
    if (!p->want_counts) counts = NULL;
    if (n == 0) return CEVNS_OK;
    rc = ensure(&s->sig, &s->cap_sig, s->batch * nb);
    if (rc == cudaSuccess) rc = ensure(&s->out, &s->cap_out, s->batch);
    if (rc == cudaSuccess) rc = ensure(&s->codes, &s->cap_codes, s->batch);
    if (rc == cudaSuccess) rc = ensure(&s->chi2, &s->cap_chi2, n);
    if (rc == cudaSuccess) rc = ensure(&s->rc, &s->cap_rc, n);
    if (rc == cudaSuccess && counts) rc = ensure(&s->counts, &s->cap_counts, n * nb);
    if (rc != cudaSuccess) return cuda_fail(rc, "allocating the work buffers", err, true);
    cevns_k_reset<<<blocks_for(n), THREADS>>>((long long)n, s->chi2, s->rc);
    for (long long i0 = (long long)start * n_prof; i0 < i_end; i0 += (long long)s->batch) {
        long long m = i_end - i0 < (long long)s->batch ? i_end - i0 : (long long)s->batch;
        long long s_first = i0 / n_prof, n_s = (i0 + m - 1) / n_prof - s_first + 1;
        if (p->path == CEVNS_PATH_DIRECT) {
            cevns_k_signal_direct<<<blocks_for((size_t)m * nb), THREADS>>>(
                r->hdr, s->iso, s->flux, r->det, s->data, p->grid, s->values, p->base, i0, n_prof, m, s->sig);
            cevns_k_statistic<<<blocks_for((size_t)m), THREADS>>>(p->grid, s->values, p->base, p->stat,
                                                                    s->stat_data, s->sig, i0, n_prof, m, s->out,
                                                                    s->codes, counts != NULL, (long long)start,
                                                                    s->counts);
        } else {
            cevns_k_separable<<<blocks_for(((size_t)m + CEVNS_ITEMS_PER_THREAD - 1) / CEVNS_ITEMS_PER_THREAD), THREADS>>>(
                p->sep, p->grid, s->values, p->base, s->basis,
                                                                    p->stat, s->stat_data, i0, n_prof, m, s->sig,
                                                                    s->out, s->codes, counts != NULL,
                                                                    (long long)start, s->counts);
        }
        cevns_k_reduce<<<blocks_for((size_t)n_s), THREADS>>>(i0, n_prof, m, s->out, s->codes, s_first, n_s,
                                                               (long long)start, s->chi2, s->rc);
        if ((rc = cudaGetLastError()) != cudaSuccess) return cuda_fail(rc, "the scan kernels", err, true);
    }
    if ((st = finish("the scan kernels", err)) != CEVNS_OK) return st;
    if (!(codes = (int *)malloc(n * sizeof *codes))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    rc = cudaMemcpy(chi2, s->chi2, n * sizeof(double), cudaMemcpyDeviceToHost);
    if (rc == cudaSuccess) rc = cudaMemcpy(codes, s->rc, n * sizeof(int), cudaMemcpyDeviceToHost);
    if (rc == cudaSuccess && counts) rc = cudaMemcpy(counts, s->counts, n * nb * sizeof(double), cudaMemcpyDeviceToHost);
    if (rc != cudaSuccess) st = cuda_fail(rc, "reading the map", err, true);
    if (st == CEVNS_OK) st = cevns_engine_map_failure(p, start, codes, n, err);
    free(codes);
    return st;
}

cevns_status cuda_run_points(void *state, const cevns_pod_point *points, size_t n, double *out, cevns_error *err) {
    cuda_state *s = (cuda_state *)state;
    const cevns_plan *r = s->p->rate;
    size_t nb = (size_t)r->hdr.n_bins;
    cudaError_t rc;
    if (n == 0) return CEVNS_OK;
    rc = ensure(&s->points_out, &s->cap_points_out, n * nb);
    if (rc == cudaSuccess) rc = ensure(&s->points, &s->cap_points, n);
    if (rc == cudaSuccess) rc = cudaMemcpy(s->points, points, n * sizeof *points, cudaMemcpyHostToDevice);
    /* poison the output (all bits set: a NaN) so an unwritten element shows */
    if (rc == cudaSuccess) rc = cudaMemset(s->points_out, 0xff, n * nb * sizeof(double));
    if (rc != cudaSuccess) return cuda_fail(rc, "copying the points", err, true);
    cevns_k_points<<<blocks_for(n * nb), THREADS>>>(r->hdr, s->iso, s->flux, r->det, s->data, s->points,
                                                      (long long)n, s->points_out);
    cevns_status st = finish("the rate kernel", err);
    if (st != CEVNS_OK) return st;
    rc = cudaMemcpy(out, s->points_out, n * nb * sizeof(double), cudaMemcpyDeviceToHost);
    return rc == cudaSuccess ? CEVNS_OK : cuda_fail(rc, "reading the counts", err, true);
}

/* Feldman-Cousins: the signal of every item (the direct path's signal kernel over all items,
 * or the contraction item by item), copied back when asked. */
cevns_status cuda_fc_signals(void *state, double *signals, cevns_error *err) {
    cuda_state *s = (cuda_state *)state;
    const cevns_scan_plan *p = s->p;
    const cevns_plan *r = p->rate;
    size_t nb = (size_t)p->stat.n_bins, n_items = p->n_map * p->n_prof;
    long long n_prof = (long long)p->n_prof, m = (long long)n_items;
    cudaError_t rc = ensure(&s->fc_sig, &s->cap_fc_sig, n_items * nb);
    if (rc != cudaSuccess) return cuda_fail(rc, "allocating the signals of the grid", err, true);
    if (n_items > 0) {
        if (p->path == CEVNS_PATH_DIRECT)
            cevns_k_signal_direct<<<blocks_for(n_items * nb), THREADS>>>(r->hdr, s->iso, s->flux, r->det, s->data,
                                                                         p->grid, s->values, p->base, 0, n_prof, m,
                                                                         s->fc_sig);
        else
            cevns_k_signal_separable<<<blocks_for(n_items), THREADS>>>(p->sep, p->grid, s->values, p->base, s->basis,
                                                                       n_prof, m, s->fc_sig);
    }
    cevns_status st = finish("the signals of the grid", err);
    if (st != CEVNS_OK || !signals) return st;
    rc = cudaMemcpy(signals, s->fc_sig, n_items * nb * sizeof(double), cudaMemcpyDeviceToHost);
    return rc == cudaSuccess ? CEVNS_OK : cuda_fail(rc, "reading the signals of the grid", err, true);
}

/* Feldman-Cousins: the toys in launches of s->fc_toys, one thread per toy; the statistic's data
 * are copied in front of the blocks whenever the buffer is made anew. */
cevns_status cuda_fc_fit(void *state, const cevns_toy_batch *b, cevns_error *err) {
    cuda_state *s = (cuda_state *)state;
    const cevns_scan_plan *p = s->p;
    size_t stride = (size_t)cevns_fc_stride(&p->stat), n_items = p->n_map * p->n_prof;
    size_t lead = p->n_stat_data, cap_before = s->cap_fc_data;
    cudaError_t rc;
    if (!s->fc_sig) return cevns_error_set(err, CEVNS_EINTERNAL, "fc_fit before fc_signals");
    if (b->n == 0) return CEVNS_OK;
    rc = ensure(&s->fc_data, &s->cap_fc_data, lead + s->fc_toys * stride);
    if (rc == cudaSuccess && s->cap_fc_data != cap_before)
        rc = cudaMemcpy(s->fc_data, s->stat_data, lead * sizeof(double), cudaMemcpyDeviceToDevice);
    if (rc == cudaSuccess) rc = ensure(&s->fc_at, &s->cap_fc_at, 2 * s->fc_toys);
    if (rc == cudaSuccess) rc = ensure(&s->fc_home, &s->cap_fc_home, s->fc_toys);
    if (rc == cudaSuccess) rc = ensure(&s->fc_codes, &s->cap_fc_codes, s->fc_toys);
    if (rc != cudaSuccess) return cuda_fail(rc, "allocating the toys' buffers", err, true);
    for (size_t t0 = 0; t0 < b->n; t0 += s->fc_toys) {
        size_t m = b->n - t0 < s->fc_toys ? b->n - t0 : s->fc_toys;
        rc = cudaMemcpy(s->fc_data + lead, b->blocks + t0 * stride, m * stride * sizeof(double),
                        cudaMemcpyHostToDevice);
        if (rc == cudaSuccess)
            rc = cudaMemcpy(s->fc_home, b->home + t0, m * sizeof(long long), cudaMemcpyHostToDevice);
        if (rc != cudaSuccess) return cuda_fail(rc, "copying the toys", err, true);
        cevns_k_toys<<<blocks_for(m), THREADS>>>(p->stat, s->fc_data, (long long)lead, (int)stride, s->fc_sig,
                                                 (long long)n_items, (long long)p->n_prof, s->fc_home, (long long)m,
                                                 (long long)s->fc_toys, s->fc_at, s->fc_codes);
        cevns_status st = finish("the toys' fits", err);
        if (st != CEVNS_OK) return st;
        rc = cudaMemcpy(b->at_home + t0, s->fc_at, m * sizeof(double), cudaMemcpyDeviceToHost);
        if (rc == cudaSuccess)
            rc = cudaMemcpy(b->at_min + t0, s->fc_at + s->fc_toys, m * sizeof(double), cudaMemcpyDeviceToHost);
        if (rc == cudaSuccess) rc = cudaMemcpy(b->codes + t0, s->fc_codes, m * sizeof(int), cudaMemcpyDeviceToHost);
        if (rc != cudaSuccess) return cuda_fail(rc, "reading the toys' fits", err, true);
    }
    return CEVNS_OK;
}

void cuda_describe(const cevns_engine_options *o, char *buf, size_t size) {
    int n = 0;
    size_t used = 0;
    cudaError_t rc = cudaGetDeviceCount(&n);
    (void)o;
    if (rc != cudaSuccess) {
        snprintf(buf, size, "%s", cudaGetErrorString(rc));
        return;
    }
    buf[0] = '\0';
    for (int d = 0; d < n && used < size; d++) {
        cudaDeviceProp p;
        if (cudaGetDeviceProperties(&p, d) != cudaSuccess) continue;
        int k = snprintf(buf + used, size - used, "%s%d: %s, sm_%d%d, %d SMs, %.1f GiB", used ? "\n" : "", d, p.name,
                         p.major, p.minor, p.multiProcessorCount, (double)p.totalGlobalMem / 1073741824.0);
        if (k > 0) used += (size_t)k;
    }
    if (!used) snprintf(buf, size, "no CUDA devices");
}

} // namespace

extern "C" const cevns_engine cevns_engine_cuda = {"cuda",          cuda_available,  cuda_available,  cuda_prepare,
                                                    cuda_run_basis,  cuda_run_map,    cuda_run_points, cuda_fc_signals,
                                                    cuda_fc_fit,     cuda_release,    cuda_describe};
