/* cuda.cu - the CUDA engine: kernels/cuda/rate.cuh over the plan copied to the
 * device.  The CUDA runtime is linked statically, so the binary starts on
 * machines without a driver; every CUDA call is checked and its message kept.
 * $CEVNS_CUDA_DEVICE picks the device by index; unset, the device is 0, or under
 * MPI the rank on this node modulo the number of devices (one GPU per rank). */
#include <cuda_runtime.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

extern "C" {
#include "engine/engine.h"
#include "model/experiment_internal.h"
#include "scan/distribute.h"
}
#include "cuda/rate.cuh"

namespace {

/* Points per launch: bounds device memory use, so any map fits. */
const size_t POINTS_PER_LAUNCH = 1 << 16;

struct cuda_state {
    int device;
    char name[256];
    cevns_pod_header *hdr;
    cevns_pod_isotope *iso;
    cevns_pod_flux *flux;
    cevns_pod_detector *det;
    double *data;
    cevns_pod_point *points;
    double *out;
    int n_bins;
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

int device_index() {
    const char *s = getenv("CEVNS_CUDA_DEVICE");
    const cevns_dist *d = cevns_dist_get();
    int n = 0;
    if (s && *s) return atoi(s);
    if (d->active && cudaGetDeviceCount(&n) == cudaSuccess && n > 0) return d->local_rank % n;
    return 0;
}

int cuda_available(char *why, size_t why_size) {
    int n = 0;
    cudaError_t rc = cudaGetDeviceCount(&n);
    if (rc != cudaSuccess) {
        snprintf(why, why_size, "%s", cudaGetErrorString(rc));
        return 0;
    }
    if (device_index() >= n) {
        snprintf(why, why_size, "CEVNS_CUDA_DEVICE=%d but %d CUDA device(s)", device_index(), n);
        return 0;
    }
    return 1;
}

template <typename T> cudaError_t upload(T **dev, const T *host, size_t count) {
    cudaError_t rc = cudaMalloc((void **)dev, sizeof(T) * (count ? count : 1));
    if (rc == cudaSuccess && count) rc = cudaMemcpy(*dev, host, sizeof(T) * count, cudaMemcpyHostToDevice);
    return rc;
}

void release_state(cuda_state *s) {
    cudaFree(s->hdr);
    cudaFree(s->iso);
    cudaFree(s->flux);
    cudaFree(s->det);
    cudaFree(s->data);
    cudaFree(s->points);
    cudaFree(s->out);
    free(s);
}

cevns_status cuda_prepare(const cevns_experiment *e, int threads, void **state, cevns_error *err) {
    const cevns_plan *p = &e->plan;
    cuda_state *s = (cuda_state *)calloc(1, sizeof *s);
    cudaDeviceProp prop;
    cudaError_t rc;
    (void)threads;
    if (!s) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the cuda engine");
    if (p->hdr.n_flux > CEVNS_MAX_FLUX_COMPONENTS) {
        free(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "cuda engine: at most %d flux components",
                               CEVNS_MAX_FLUX_COMPONENTS);
    }
    s->device = device_index();
    s->n_bins = p->hdr.n_bins;
    rc = cudaSetDevice(s->device);
    if (rc == cudaSuccess) rc = cudaGetDeviceProperties(&prop, s->device);
    if (rc == cudaSuccess) snprintf(s->name, sizeof s->name, "%s", prop.name);
    if (rc == cudaSuccess) rc = upload(&s->hdr, &p->hdr, 1);
    if (rc == cudaSuccess) rc = upload(&s->iso, p->iso, (size_t)p->hdr.n_iso);
    if (rc == cudaSuccess) rc = upload(&s->flux, p->flux, (size_t)p->hdr.n_flux);
    if (rc == cudaSuccess) rc = upload(&s->det, &p->det, 1);
    if (rc == cudaSuccess) rc = upload(&s->data, p->data, (size_t)p->hdr.n_data);
    if (rc == cudaSuccess) rc = cudaMalloc((void **)&s->points, POINTS_PER_LAUNCH * sizeof(cevns_pod_point));
    if (rc == cudaSuccess) rc = cudaMalloc((void **)&s->out, POINTS_PER_LAUNCH * (size_t)s->n_bins * sizeof(double));
    if (rc != cudaSuccess) {
        cevns_status st = cuda_fail(rc, "copying the plan to the device", err);
        release_state(s);
        return st;
    }
    *state = s;
    return CEVNS_OK;
}

cevns_status cuda_run(void *state, const cevns_pod_point *points, size_t n, double *out, cevns_error *err) {
    cuda_state *s = (cuda_state *)state;
    for (size_t start = 0; start < n; start += POINTS_PER_LAUNCH) {
        size_t m = n - start < POINTS_PER_LAUNCH ? n - start : POINTS_PER_LAUNCH;
        size_t items = m * (size_t)s->n_bins;
        unsigned threads = 128, blocks = (unsigned)((items + threads - 1) / threads);
        cudaError_t rc = cudaMemcpy(s->points, points + start, m * sizeof *points, cudaMemcpyHostToDevice);
        /* poison the output (all bits set: a NaN) so an unwritten element shows */
        if (rc == cudaSuccess) rc = cudaMemset(s->out, 0xff, items * sizeof(double));
        if (rc != cudaSuccess) return cuda_fail(rc, "copying the points", err, true);
        cevns_rate_points<<<blocks, threads>>>(s->hdr, s->iso, s->flux, s->det, s->data, s->points, (long long)m,
                                                 s->out);
        rc = cudaGetLastError();
        if (rc == cudaSuccess) rc = cudaDeviceSynchronize();
        if (rc != cudaSuccess) return cuda_fail(rc, "the rate kernel", err, true);
        rc = cudaMemcpy(out + start * (size_t)s->n_bins, s->out, items * sizeof(double), cudaMemcpyDeviceToHost);
        if (rc != cudaSuccess) return cuda_fail(rc, "reading the counts", err, true);
    }
    return CEVNS_OK;
}

void cuda_release(void *state) {
    if (state) release_state((cuda_state *)state);
}

void cuda_describe(char *buf, size_t size) {
    int n = 0;
    size_t used = 0;
    cudaError_t rc = cudaGetDeviceCount(&n);
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

extern "C" const cevns_engine cevns_engine_cuda = {"cuda",      cuda_available, cuda_available,
                                                    cuda_prepare, cuda_run,       cuda_release,
                                                    cuda_describe};
