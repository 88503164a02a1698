/* opencl.c - the OpenCL engine: the embedded program (kernels/common +
 * kernels/opencl) on the first OpenCL 1.2+ device with double precision
 * ($CEVNS_OPENCL_DEVICE picks another by index among those). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/opencl_loader.h"
#include "model/experiment_internal.h"

extern const unsigned char cevns_opencl_source[];
extern const size_t cevns_opencl_source_size;

typedef struct {
    cevns_cl_api api;
    cl_device_id device;
    char device_name[256];
    cl_context context;
    cl_command_queue queue;
    cl_program program;
    cl_kernel kernel;
    cl_mem hdr, iso, flux, det, data, points, out;
    size_t capacity; /* points the points/out buffers hold */
    int n_bins;
} cl_state;

/* Device supports OpenCL >= 1.2 and cl_khr_fp64. */
static int device_usable(const cevns_cl_api *api, cl_device_id dev) {
    char version[256] = "", ext[8192] = "";
    int major = 0, minor = 0;
    api->clGetDeviceInfo(dev, CL_DEVICE_VERSION, sizeof version - 1, version, NULL);
    api->clGetDeviceInfo(dev, CL_DEVICE_EXTENSIONS, sizeof ext - 1, ext, NULL);
    if (sscanf(version, "OpenCL %d.%d", &major, &minor) != 2) return 0;
    return (major > 1 || (major == 1 && minor >= 2)) && strstr(ext, "cl_khr_fp64") != NULL;
}

/* The index-th usable device of the given types over all platforms; 0 or why says why. */
static int find_device(const cevns_cl_api *api, int index, cl_device_type types, cl_device_id *out, char *why,
                       size_t why_size) {
    cl_platform_id platforms[16];
    cl_uint n_platforms = 0, p;
    int seen = 0, declined = 0;
    if (api->clGetPlatformIDs(16, platforms, &n_platforms) != CL_SUCCESS || n_platforms == 0) {
        snprintf(why, why_size, "no OpenCL platform is installed");
        return -1;
    }
    for (p = 0; p < n_platforms && p < 16; p++) {
        cl_device_id devices[16];
        cl_uint n_dev = 0, d;
        if (api->clGetDeviceIDs(platforms[p], types, 16, devices, &n_dev) != CL_SUCCESS) continue;
        for (d = 0; d < n_dev && d < 16; d++) {
            if (!device_usable(api, devices[d])) {
                declined++;
                continue;
            }
            if (seen++ == index) {
                *out = devices[d];
                return 0;
            }
        }
    }
    if (seen > 0)
        snprintf(why, why_size, "CEVNS_OPENCL_DEVICE=%d but only %d device(s) with OpenCL 1.2 and double precision", index,
                 seen);
    else
        snprintf(why, why_size, "%d OpenCL device(s) found, none with OpenCL 1.2 and double precision (cl_khr_fp64)",
                 declined);
    return -1;
}

static int device_index(void) {
    const char *s = getenv("CEVNS_OPENCL_DEVICE");
    return s && *s ? atoi(s) : 0;
}

static int has_device(cl_device_type types, char *why, size_t why_size) {
    cevns_cl_api api;
    cl_device_id dev;
    int ok;
    if (cevns_cl_load(&api, why, why_size) != 0) return 0;
    ok = find_device(&api, device_index(), types, &dev, why, why_size) == 0;
    cevns_cl_unload(&api);
    return ok;
}

static int opencl_available(char *why, size_t why_size) { return has_device(CL_DEVICE_TYPE_ALL, why, why_size); }

/* auto takes OpenCL only on GPUs and accelerators: on a CPU device (PoCL) the
 * native OpenMP engine is faster (docs/engines.md). */
static int opencl_auto_choice(char *why, size_t why_size) {
    return has_device(CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_ACCELERATOR, why, why_size);
}

static void release_state(cl_state *s) {
    cl_mem *bufs[] = {&s->hdr, &s->iso, &s->flux, &s->det, &s->data, &s->points, &s->out};
    size_t i;
    if (!s->api.handle) return;
    for (i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        if (*bufs[i]) s->api.clReleaseMemObject(*bufs[i]);
    if (s->kernel) s->api.clReleaseKernel(s->kernel);
    if (s->program) s->api.clReleaseProgram(s->program);
    if (s->queue) s->api.clReleaseCommandQueue(s->queue);
    if (s->context) s->api.clReleaseContext(s->context);
    cevns_cl_unload(&s->api);
}

/* Out of device or host memory: exit code 8 (some drivers also report a
 * crashed kernel as CL_OUT_OF_RESOURCES).  The device gone while the scan runs:
 * an input/output error (5), after which the scan keeps its checkpoints for
 * --resume.  Anything else: the engine is not usable (9). */
static cevns_status cl_fail_in(cl_state *s, cl_int rc, const char *what, int running, cevns_error *err) {
    if (rc == CL_OUT_OF_RESOURCES || rc == CL_MEM_OBJECT_ALLOCATION_FAILURE || rc == CL_OUT_OF_HOST_MEMORY)
        return cevns_error_set(err, CEVNS_ENOMEM,
                               "opencl engine (%s): %s failed: out of device or host memory or resources (some "
                               "drivers also say so for a crashed kernel or a lost device): %s (%d)",
                               s->device_name, what, cevns_cl_error_name(rc), (int)rc);
    if (rc == CL_DEVICE_NOT_AVAILABLE || rc == CL_DEVICE_NOT_FOUND)
        return cevns_error_set(err, running ? CEVNS_EIO : CEVNS_EUNAVAILABLE,
                               "opencl engine (%s): %s failed: the device is not available or was lost: %s (%d); "
                               "check it, then start cevns again",
                               s->device_name, what, cevns_cl_error_name(rc), (int)rc);
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine (%s): %s failed: %s (%d)", s->device_name, what,
                           cevns_cl_error_name(rc), (int)rc);
}

static cevns_status cl_fail(cl_state *s, cl_int rc, const char *what, cevns_error *err) {
    return cl_fail_in(s, rc, what, 0, err);
}

/* An error while points are being computed (opencl_run). */
static cevns_status cl_run_fail(cl_state *s, cl_int rc, const char *what, cevns_error *err) {
    return cl_fail_in(s, rc, what, 1, err);
}

/* Build the embedded program; on failure the compiler's log is the message. */
static cevns_status build_program(cl_state *s, cevns_error *err) {
    const char *src = (const char *)cevns_opencl_source;
    size_t len = cevns_opencl_source_size;
    cl_int rc;
    s->program = s->api.clCreateProgramWithSource(s->context, 1, &src, &len, &rc);
    if (rc != CL_SUCCESS) return cl_fail(s, rc, "clCreateProgramWithSource", err);
    rc = s->api.clBuildProgram(s->program, 1, &s->device, "-cl-std=CL1.2", NULL, NULL);
    if (rc != CL_SUCCESS) {
        /* the log must be fetched whole (a short buffer is an error); show its start */
        size_t size = 0;
        char *log = NULL;
        cevns_status st;
        s->api.clGetProgramBuildInfo(s->program, s->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &size);
        if (size > 0 && (log = calloc(size + 1, 1)) != NULL)
            s->api.clGetProgramBuildInfo(s->program, s->device, CL_PROGRAM_BUILD_LOG, size, log, NULL);
        st = cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine (%s): the kernel did not compile (%s): %.800s",
                             s->device_name, cevns_cl_error_name(rc), log ? log : "(no build log)");
        free(log);
        return st;
    }
    s->kernel = s->api.clCreateKernel(s->program, "cevns_rate_points", &rc);
    return rc == CL_SUCCESS ? CEVNS_OK : cl_fail(s, rc, "clCreateKernel", err);
}

static cl_mem upload(cl_state *s, const void *host, size_t bytes, cl_int *rc) {
    return s->api.clCreateBuffer(s->context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, (void *)host, rc);
}

static cevns_status upload_plan(cl_state *s, const cevns_plan *p, cevns_error *err) {
    cl_int rc = CL_SUCCESS;
    s->hdr = upload(s, &p->hdr, sizeof p->hdr, &rc);
    if (rc == CL_SUCCESS) s->iso = upload(s, p->iso, sizeof *p->iso * (size_t)(p->hdr.n_iso ? p->hdr.n_iso : 1), &rc);
    if (rc == CL_SUCCESS) s->flux = upload(s, p->flux, sizeof *p->flux * (size_t)p->hdr.n_flux, &rc);
    if (rc == CL_SUCCESS) s->det = upload(s, &p->det, sizeof p->det, &rc);
    if (rc == CL_SUCCESS) s->data = upload(s, p->data, sizeof *p->data * (size_t)p->hdr.n_data, &rc);
    return rc == CL_SUCCESS ? CEVNS_OK : cl_fail(s, rc, "clCreateBuffer (plan)", err);
}

static cevns_status opencl_prepare(const cevns_experiment *e, int threads, void **state, cevns_error *err) {
    cl_state *s = calloc(1, sizeof *s);
    char why[256];
    cl_int rc;
    cevns_status st;
    (void)threads;
    if (!s) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the opencl engine");
    if (e->plan.hdr.n_flux > CEVNS_MAX_FLUX_COMPONENTS) {
        free(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine: at most %d flux components",
                               CEVNS_MAX_FLUX_COMPONENTS);
    }
    if (cevns_cl_load(&s->api, why, sizeof why) != 0 || find_device(&s->api, device_index(), CL_DEVICE_TYPE_ALL, &s->device, why, sizeof why) != 0) {
        release_state(s);
        free(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine: %s", why);
    }
    s->api.clGetDeviceInfo(s->device, CL_DEVICE_NAME, sizeof s->device_name - 1, s->device_name, NULL);
    s->n_bins = e->plan.hdr.n_bins;
    s->context = s->api.clCreateContext(NULL, 1, &s->device, NULL, NULL, &rc);
    st = rc == CL_SUCCESS ? CEVNS_OK : cl_fail(s, rc, "clCreateContext", err);
    if (st == CEVNS_OK) {
        s->queue = s->api.clCreateCommandQueue(s->context, s->device, 0, &rc);
        st = rc == CL_SUCCESS ? CEVNS_OK : cl_fail(s, rc, "clCreateCommandQueue", err);
    }
    if (st == CEVNS_OK) st = build_program(s, err);
    if (st == CEVNS_OK) st = upload_plan(s, &e->plan, err);
    if (st != CEVNS_OK) {
        release_state(s);
        free(s);
        return st;
    }
    *state = s;
    return CEVNS_OK;
}

/* Grow the per-run buffers to hold n points. */
static cevns_status ensure_capacity(cl_state *s, size_t n, cevns_error *err) {
    cl_int rc;
    if (n <= s->capacity) return CEVNS_OK;
    if (s->points) s->api.clReleaseMemObject(s->points);
    if (s->out) s->api.clReleaseMemObject(s->out);
    s->points = s->api.clCreateBuffer(s->context, CL_MEM_READ_ONLY, n * sizeof(cevns_pod_point), NULL, &rc);
    if (rc == CL_SUCCESS)
        s->out = s->api.clCreateBuffer(s->context, CL_MEM_WRITE_ONLY, n * (size_t)s->n_bins * sizeof(double), NULL, &rc);
    if (rc != CL_SUCCESS) {
        s->capacity = 0;
        return cl_run_fail(s, rc, "clCreateBuffer (points)", err);
    }
    s->capacity = n;
    return CEVNS_OK;
}

static cevns_status opencl_run(void *state, const cevns_pod_point *points, size_t n, double *out, cevns_error *err) {
    cl_state *s = state;
    size_t items = n * (size_t)s->n_bins, global = (items + 63) / 64 * 64;
    cl_int rc, n_points = (cl_int)n;
    double poison = NAN;
    cevns_status st = ensure_capacity(s, n, err);
    if (st != CEVNS_OK) return st;
    if (n == 0) return CEVNS_OK;
    rc = s->api.clEnqueueWriteBuffer(s->queue, s->points, CL_FALSE, 0, n * sizeof *points, points, 0, NULL, NULL);
    /* poison the output so that an element the kernel does not write shows up as NaN */
    if (rc == CL_SUCCESS)
        rc = s->api.clEnqueueFillBuffer(s->queue, s->out, &poison, sizeof poison, 0, items * sizeof(double), 0, NULL, NULL);
    if (rc != CL_SUCCESS) return cl_run_fail(s, rc, "writing the points", err);
    rc = s->api.clSetKernelArg(s->kernel, 0, sizeof(cl_mem), &s->hdr);
    rc |= s->api.clSetKernelArg(s->kernel, 1, sizeof(cl_mem), &s->iso);
    rc |= s->api.clSetKernelArg(s->kernel, 2, sizeof(cl_mem), &s->flux);
    rc |= s->api.clSetKernelArg(s->kernel, 3, sizeof(cl_mem), &s->det);
    rc |= s->api.clSetKernelArg(s->kernel, 4, sizeof(cl_mem), &s->data);
    rc |= s->api.clSetKernelArg(s->kernel, 5, sizeof(cl_mem), &s->points);
    rc |= s->api.clSetKernelArg(s->kernel, 6, sizeof(cl_int), &n_points);
    rc |= s->api.clSetKernelArg(s->kernel, 7, sizeof(cl_mem), &s->out);
    if (rc != CL_SUCCESS) return cl_run_fail(s, CL_INVALID_KERNEL_ARGS, "clSetKernelArg", err);
    rc = s->api.clEnqueueNDRangeKernel(s->queue, s->kernel, 1, NULL, &global, NULL, 0, NULL, NULL);
    if (rc != CL_SUCCESS) return cl_run_fail(s, rc, "clEnqueueNDRangeKernel", err);
    rc = s->api.clEnqueueReadBuffer(s->queue, s->out, CL_TRUE, 0, items * sizeof(double), out, 0, NULL, NULL);
    return rc == CL_SUCCESS ? CEVNS_OK : cl_run_fail(s, rc, "reading the counts", err);
}

static void opencl_release(void *state) {
    cl_state *s = state;
    if (!s) return;
    release_state(s);
    free(s);
}

/* Every OpenCL device: platform, name, version, compute units, memory, fp64. */
static void opencl_describe(char *buf, size_t size) {
    cevns_cl_api api;
    cl_platform_id platforms[16];
    cl_uint n_platforms = 0, p;
    size_t used = 0;
    char why[256];
    buf[0] = '\0';
    if (cevns_cl_load(&api, why, sizeof why) != 0) {
        snprintf(buf, size, "%s", why);
        return;
    }
    if (api.clGetPlatformIDs(16, platforms, &n_platforms) != CL_SUCCESS) n_platforms = 0;
    for (p = 0; p < n_platforms && p < 16; p++) {
        cl_device_id devices[16];
        cl_uint n_dev = 0, d;
        char pname[128] = "";
        api.clGetPlatformInfo(platforms[p], CL_PLATFORM_NAME, sizeof pname - 1, pname, NULL);
        if (api.clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 16, devices, &n_dev) != CL_SUCCESS) continue;
        for (d = 0; d < n_dev && d < 16 && used < size; d++) {
            char name[256] = "", version[128] = "";
            cl_uint units = 0;
            cl_ulong mem = 0;
            cl_device_type type = 0;
            int n;
            api.clGetDeviceInfo(devices[d], CL_DEVICE_NAME, sizeof name - 1, name, NULL);
            api.clGetDeviceInfo(devices[d], CL_DEVICE_VERSION, sizeof version - 1, version, NULL);
            api.clGetDeviceInfo(devices[d], CL_DEVICE_MAX_COMPUTE_UNITS, sizeof units, &units, NULL);
            api.clGetDeviceInfo(devices[d], CL_DEVICE_GLOBAL_MEM_SIZE, sizeof mem, &mem, NULL);
            api.clGetDeviceInfo(devices[d], CL_DEVICE_TYPE, sizeof type, &type, NULL);
            n = snprintf(buf + used, size - used, "%s%s / %s: %s, %s, %u compute units, %.1f GiB, %s%s", used ? "\n" : "",
                         pname, name, (type & CL_DEVICE_TYPE_GPU) ? "GPU" : (type & CL_DEVICE_TYPE_CPU) ? "CPU" : "other",
                         version, units, (double)mem / 1073741824.0,
                         device_usable(&api, devices[d]) ? "fp64: usable" : "declined: needs OpenCL 1.2 and cl_khr_fp64",
                         (type & CL_DEVICE_TYPE_CPU) ? " (auto prefers the cpu engine)" : "");
            if (n > 0) used += (size_t)n;
        }
    }
    if (!used) snprintf(buf, size, "no OpenCL devices");
    cevns_cl_unload(&api);
}

const cevns_engine cevns_engine_opencl = {"opencl",          opencl_available, opencl_auto_choice,
                                          opencl_prepare,    opencl_run,       opencl_release,
                                          opencl_describe};
