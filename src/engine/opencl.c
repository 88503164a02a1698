/* opencl.c - the OpenCL engine: the whole scan on an OpenCL device with the embedded
 * program (kernels/common + kernels/opencl/scan.cl): the separable basis, the signal of
 * every item (direct or contracted), the statistic, and the minimum over the profiled
 * axes; only the map's chi2 (and counts when asked) are read back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/opencl_device.h"

extern const unsigned char cevns_opencl_source[];
extern const size_t cevns_opencl_source_size;

enum {
    K_POINTS,
    K_BASIS,
    K_SIGNAL_DIRECT,
    K_SEPARABLE,
    K_STATISTIC,
    K_REDUCE,
    K_SIGNAL_SEPARABLE,
    K_TOYS,
    N_KERNELS
};
static const char *const KERNEL_NAMES[N_KERNELS] = {
    "cevns_k_points",    "cevns_k_basis",  "cevns_k_signal_direct",    "cevns_k_separable",
    "cevns_k_statistic", "cevns_k_reduce", "cevns_k_signal_separable", "cevns_k_toys"};

/* The plan's buffers, in the order upload_plan fills them. */
enum { B_HDR, B_ISO, B_FLUX, B_DET, B_DATA, B_GRID, B_VALUES, B_BASE, B_SEP, B_BASIS, B_STAT, B_STAT_DATA, N_PLAN_BUFS };
/* Buffers that grow with the work asked: a batch's signal, statistics and codes, a
 * call's map and counts, run_points' points and output. */
enum {
    W_SIG,
    W_OUT,
    W_CODES,
    W_CHI2,
    W_RC,
    W_COUNTS,
    W_POINTS,
    W_POINTS_OUT,
    W_FC_SIG,   /* Feldman-Cousins: the signal of every item */
    W_FC_DATA,  /* the statistic's data, then the toy blocks of one launch */
    W_FC_HOME,  /* each toy's map point */
    W_FC_AT,    /* each toy's minima: at_home, then at_min */
    W_FC_CODES, /* each toy's failure code */
    N_WORK_BUFS
};

typedef struct {
    cevns_cl_api api;
    const cevns_scan_plan *p;
    cl_device_id device;
    char device_name[256];
    cl_context context;
    cl_command_queue queue;
    cl_program program;
    cl_kernel kernel[N_KERNELS];
    cl_mem plan[N_PLAN_BUFS];
    cl_mem work[N_WORK_BUFS];
    size_t work_bytes[N_WORK_BUFS];
    size_t batch; /* items per launch */
    size_t fc_toys; /* Feldman-Cousins: toys per launch */
    int have_fc_signals;
} cl_state;

static int opencl_available(const cevns_engine_options *o, char *why, size_t why_size) {
    return cevns_cl_has_device(o, CL_DEVICE_TYPE_ALL, why, why_size);
}

/* auto takes OpenCL only on GPUs and accelerators: on a CPU device (PoCL) the native
 * OpenMP engine is faster (docs/engines.md). */
static int opencl_auto_choice(const cevns_engine_options *o, char *why, size_t why_size) {
    return cevns_cl_has_device(o, CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_ACCELERATOR, why, why_size);
}

static void release_state(cl_state *s) {
    int i;
    if (!s->api.handle) return;
    for (i = 0; i < N_PLAN_BUFS; i++)
        if (s->plan[i]) s->api.clReleaseMemObject(s->plan[i]);
    for (i = 0; i < N_WORK_BUFS; i++)
        if (s->work[i]) s->api.clReleaseMemObject(s->work[i]);
    for (i = 0; i < N_KERNELS; i++)
        if (s->kernel[i]) s->api.clReleaseKernel(s->kernel[i]);
    if (s->program) s->api.clReleaseProgram(s->program);
    if (s->queue) s->api.clReleaseCommandQueue(s->queue);
    if (s->context) s->api.clReleaseContext(s->context);
    cevns_cl_unload(&s->api);
}

static void opencl_release(void *state) {
    cl_state *s = state;
    if (!s) return;
    release_state(s);
    free(s);
}

static cevns_status fail(const cl_state *s, cl_int rc, const char *what, int running, cevns_error *err) {
    return cevns_cl_fail(s->device_name, rc, what, running, err);
}

/* Build the embedded program; on failure the compiler's log is the message. */
static cevns_status build_program(cl_state *s, cevns_error *err) {
    const char *src = (const char *)cevns_opencl_source;
    size_t len = cevns_opencl_source_size;
    cl_int rc;
    int k;
    s->program = s->api.clCreateProgramWithSource(s->context, 1, &src, &len, &rc);
    if (rc != CL_SUCCESS) return fail(s, rc, "clCreateProgramWithSource", 0, err);
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
    for (k = 0; k < N_KERNELS; k++) {
        s->kernel[k] = s->api.clCreateKernel(s->program, KERNEL_NAMES[k], &rc);
        if (rc != CL_SUCCESS) return fail(s, rc, "clCreateKernel", 0, err);
    }
    return CEVNS_OK;
}

/* A read-only buffer with a copy of bytes (at least one byte, so that absent parts are
 * valid arguments too). */
static cl_mem upload(cl_state *s, const void *host, size_t bytes, cl_int *rc) {
    static const double nothing = 0.0;
    if (*rc != CL_SUCCESS) return NULL;
    if (!host || !bytes) {
        host = &nothing;
        bytes = sizeof nothing;
    }
    return s->api.clCreateBuffer(s->context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, (void *)host, rc);
}

static cevns_status upload_plan(cl_state *s, cevns_error *err) {
    const cevns_scan_plan *p = s->p;
    const cevns_plan *r = p->rate;
    cl_int rc = CL_SUCCESS;
    s->plan[B_HDR] = upload(s, &r->hdr, sizeof r->hdr, &rc);
    s->plan[B_ISO] = upload(s, r->iso, sizeof *r->iso * (size_t)r->hdr.n_iso, &rc);
    s->plan[B_FLUX] = upload(s, r->flux, sizeof *r->flux * (size_t)r->hdr.n_flux, &rc);
    s->plan[B_DET] = upload(s, &r->det, sizeof r->det, &rc);
    s->plan[B_DATA] = upload(s, r->data, sizeof *r->data * (size_t)r->hdr.n_data, &rc);
    s->plan[B_GRID] = upload(s, &p->grid, sizeof p->grid, &rc);
    s->plan[B_VALUES] = upload(s, p->grid_values, sizeof *p->grid_values * p->n_grid_values, &rc);
    s->plan[B_BASE] = upload(s, &p->base, sizeof p->base, &rc);
    s->plan[B_SEP] = upload(s, &p->sep, sizeof p->sep, &rc);
    s->plan[B_STAT] = upload(s, &p->stat, sizeof p->stat, &rc);
    s->plan[B_STAT_DATA] = upload(s, p->stat_data, sizeof *p->stat_data * p->n_stat_data, &rc);
    if (rc == CL_SUCCESS)
        s->plan[B_BASIS] = s->api.clCreateBuffer(s->context, CL_MEM_READ_WRITE,
                                                 sizeof(double) * ((size_t)p->sep.n_basis + 1), NULL, &rc);
    return rc == CL_SUCCESS ? CEVNS_OK : fail(s, rc, "clCreateBuffer (plan)", 0, err);
}

static cevns_status opencl_prepare(const cevns_scan_plan *plan, const cevns_engine_options *o, void **state,
                                   cevns_error *err) {
    cl_state *s = calloc(1, sizeof *s);
    char why[256];
    cl_device_type type = 0;
    cl_int rc;
    cevns_status st;
    if (!s) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the opencl engine");
    s->p = plan;
    if (plan->rate->hdr.n_flux > CEVNS_MAX_FLUX_COMPONENTS) {
        free(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine: at most %d flux components",
                               CEVNS_MAX_FLUX_COMPONENTS);
    }
    if (cevns_cl_load(&s->api, why, sizeof why) != 0 ||
        cevns_cl_find_device(&s->api, o, CL_DEVICE_TYPE_ALL, &s->device, why, sizeof why) != 0) {
        opencl_release(s);
        return cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine: %s", why);
    }
    s->api.clGetDeviceInfo(s->device, CL_DEVICE_NAME, sizeof s->device_name - 1, s->device_name, NULL);
    s->api.clGetDeviceInfo(s->device, CL_DEVICE_TYPE, sizeof type, &type, NULL);
    /* a GPU wants many items in flight; a CPU device, batches that stay in its caches */
    s->batch = o->batch ? o->batch
               : (type & CL_DEVICE_TYPE_GPU) ? (plan->path == CEVNS_PATH_SEPARABLE ? (size_t)1 << 20 : (size_t)1 << 16)
                                             : (plan->path == CEVNS_PATH_SEPARABLE ? (size_t)1 << 16 : (size_t)4096);
    /* toys per launch: each work-item fits one toy at every item */
    s->fc_toys = o->batch ? o->batch / (plan->n_map * plan->n_prof > 0 ? plan->n_map * plan->n_prof : 1)
                 : (type & CL_DEVICE_TYPE_GPU) ? (size_t)1 << 17 : (size_t)1 << 12;
    if (s->fc_toys < 1) s->fc_toys = 1;
    if (s->fc_toys > cevns_engine_max_toys(plan)) s->fc_toys = cevns_engine_max_toys(plan);
    s->context = s->api.clCreateContext(NULL, 1, &s->device, NULL, NULL, &rc);
    st = rc == CL_SUCCESS ? CEVNS_OK : fail(s, rc, "clCreateContext", 0, err);
    if (st == CEVNS_OK) {
        s->queue = s->api.clCreateCommandQueue(s->context, s->device, 0, &rc);
        st = rc == CL_SUCCESS ? CEVNS_OK : fail(s, rc, "clCreateCommandQueue", 0, err);
    }
    if (st == CEVNS_OK) st = build_program(s, err);
    if (st == CEVNS_OK) st = upload_plan(s, err);
    if (st != CEVNS_OK) {
        opencl_release(s);
        return st;
    }
    *state = s;
    return CEVNS_OK;
}

/* Work buffer w with room for at least bytes. */
static cevns_status ensure(cl_state *s, int w, size_t bytes, cevns_error *err) {
    cl_int rc;
    if (bytes == 0) bytes = sizeof(double);
    if (bytes <= s->work_bytes[w]) return CEVNS_OK;
    if (s->work[w]) s->api.clReleaseMemObject(s->work[w]);
    s->work[w] = s->api.clCreateBuffer(s->context, CL_MEM_READ_WRITE, bytes, NULL, &rc);
    if (rc != CL_SUCCESS) {
        s->work[w] = NULL;
        s->work_bytes[w] = 0;
        return fail(s, rc, "clCreateBuffer (work)", 1, err);
    }
    s->work_bytes[w] = bytes;
    return CEVNS_OK;
}

/* Kernel arguments as (size, value) pairs. */
typedef struct {
    size_t size;
    const void *value;
} karg;
#define ARG(v) {sizeof(v), &(v)}

/* Work-items per work-group.  Given explicitly: left to itself, PoCL groups up to 4096
 * work-items and keeps their private arrays (the statistic's normal matrix, the rate's
 * cells) on one thread's stack, which overflows it. */
#define LOCAL_SIZE 64

/* Set the arguments of kernel k and run it over global work-items (rounded up to LOCAL_SIZE). */
static cevns_status launch(cl_state *s, int k, const karg *args, int n_args, size_t global, cevns_error *err) {
    size_t g = (global + LOCAL_SIZE - 1) / LOCAL_SIZE * LOCAL_SIZE, local = LOCAL_SIZE;
    cl_int rc = CL_SUCCESS;
    int i;
    if (global == 0) return CEVNS_OK;
    for (i = 0; i < n_args && rc == CL_SUCCESS; i++) rc = s->api.clSetKernelArg(s->kernel[k], (cl_uint)i, args[i].size, args[i].value);
    if (rc != CL_SUCCESS) return fail(s, rc, "clSetKernelArg", 1, err);
    rc = s->api.clEnqueueNDRangeKernel(s->queue, s->kernel[k], 1, NULL, &g, &local, 0, NULL, NULL);
    return rc == CL_SUCCESS ? CEVNS_OK : fail(s, rc, KERNEL_NAMES[k], 1, err);
}

static cevns_status opencl_run_basis(void *state, cevns_error *err) {
    cl_state *s = state;
    cl_int n_jobs = cevns_separable_n_jobs(&s->p->sep), rc;
    karg args[] = {ARG(s->plan[B_HDR]),  ARG(s->plan[B_ISO]),    ARG(s->plan[B_FLUX]), ARG(s->plan[B_DET]),
                   ARG(s->plan[B_DATA]), ARG(s->plan[B_SEP]),    ARG(s->plan[B_GRID]), ARG(s->plan[B_VALUES]),
                   ARG(s->plan[B_BASE]), ARG(n_jobs),            ARG(s->plan[B_BASIS])};
    cevns_status st = launch(s, K_BASIS, args, (int)(sizeof args / sizeof args[0]), (size_t)n_jobs, err);
    if (st != CEVNS_OK) return st;
    rc = s->api.clFinish(s->queue);
    return rc == CL_SUCCESS ? CEVNS_OK : fail(s, rc, "the basis integrals", 1, err);
}

/* One batch: items [i0, i0 + m) into the running minimum of the map points of [start, ...);
 * the counts too when want_counts. */
static cevns_status run_batch(cl_state *s, cl_long i0, cl_long m, cl_long start, cl_int want_counts, cevns_error *err) {
    const cevns_scan_plan *p = s->p;
    cl_long n_prof = (cl_long)p->n_prof, s_first = i0 / n_prof, n_s = (i0 + m - 1) / n_prof - s_first + 1;
    cevns_status st;
    if (p->path == CEVNS_PATH_DIRECT) {
        karg signal[] = {ARG(s->plan[B_HDR]),  ARG(s->plan[B_ISO]),  ARG(s->plan[B_FLUX]),   ARG(s->plan[B_DET]),
                         ARG(s->plan[B_DATA]), ARG(s->plan[B_GRID]), ARG(s->plan[B_VALUES]), ARG(s->plan[B_BASE]),
                         ARG(i0),              ARG(n_prof),          ARG(m),                 ARG(s->work[W_SIG])};
        karg stat[] = {ARG(s->plan[B_GRID]),      ARG(s->plan[B_VALUES]), ARG(s->plan[B_BASE]),  ARG(s->plan[B_STAT]),
                       ARG(s->plan[B_STAT_DATA]), ARG(s->work[W_SIG]),    ARG(i0),               ARG(n_prof),
                       ARG(m),                    ARG(s->work[W_OUT]),    ARG(s->work[W_CODES]), ARG(want_counts),
                       ARG(start),                ARG(s->work[W_COUNTS])};
        st = launch(s, K_SIGNAL_DIRECT, signal, (int)(sizeof signal / sizeof signal[0]),
                    (size_t)m * (size_t)p->stat.n_bins, err);
        if (st == CEVNS_OK) st = launch(s, K_STATISTIC, stat, (int)(sizeof stat / sizeof stat[0]), (size_t)m, err);
    } else {
        karg args[] = {ARG(s->plan[B_SEP]),   ARG(s->plan[B_GRID]), ARG(s->plan[B_VALUES]),    ARG(s->plan[B_BASE]),
                       ARG(s->plan[B_BASIS]), ARG(s->plan[B_STAT]), ARG(s->plan[B_STAT_DATA]), ARG(i0),
                       ARG(n_prof),           ARG(m),               ARG(s->work[W_SIG]),       ARG(s->work[W_OUT]),
                       ARG(s->work[W_CODES]), ARG(want_counts),     ARG(start),                ARG(s->work[W_COUNTS])};
        /* CEVNS_ITEMS_PER_WORK_ITEM (8, kernels/opencl/scan.cl) items per work-item */
        st = launch(s, K_SEPARABLE, args, (int)(sizeof args / sizeof args[0]), ((size_t)m + 7) / 8, err);
    }
    if (st == CEVNS_OK) {
        karg args[] = {ARG(i0),    ARG(n_prof), ARG(m),     ARG(s->work[W_OUT]), ARG(s->work[W_CODES]),
                       ARG(s_first), ARG(n_s),  ARG(start), ARG(s->work[W_CHI2]), ARG(s->work[W_RC])};
        st = launch(s, K_REDUCE, args, (int)(sizeof args / sizeof args[0]), (size_t)n_s, err);
    }
    return st;
}

static cevns_status opencl_run_map(void *state, size_t start, size_t n, double *chi2, double *counts,
                                   cevns_error *err) {
    cl_state *s = state;
    const cevns_scan_plan *p = s->p;
    size_t nb = (size_t)p->stat.n_bins;
    cl_long n_prof = (cl_long)p->n_prof, i0, i_end = (cl_long)(start + n) * n_prof;
    double inf = INFINITY;
    cl_int zero = 0, rc;
    int *codes = NULL;
    cevns_status st = CEVNS_OK;
    if (!p->want_counts) counts = NULL;
    if (n == 0) return CEVNS_OK;
    if ((st = ensure(s, W_SIG, s->batch * nb * sizeof(double), err)) != CEVNS_OK ||
        (st = ensure(s, W_OUT, s->batch * sizeof(double), err)) != CEVNS_OK ||
        (st = ensure(s, W_CODES, s->batch * sizeof(cl_int), err)) != CEVNS_OK ||
        (st = ensure(s, W_CHI2, n * sizeof(double), err)) != CEVNS_OK ||
        (st = ensure(s, W_RC, n * sizeof(cl_int), err)) != CEVNS_OK ||
        (st = ensure(s, W_COUNTS, (counts ? n * nb : 1) * sizeof(double), err)) != CEVNS_OK)
        return st;
    rc = s->api.clEnqueueFillBuffer(s->queue, s->work[W_CHI2], &inf, sizeof inf, 0, n * sizeof(double), 0, NULL, NULL);
    if (rc == CL_SUCCESS)
        rc = s->api.clEnqueueFillBuffer(s->queue, s->work[W_RC], &zero, sizeof zero, 0, n * sizeof(cl_int), 0, NULL,
                                        NULL);
    if (rc != CL_SUCCESS) return fail(s, rc, "clEnqueueFillBuffer", 1, err);
    for (i0 = (cl_long)start * n_prof; i0 < i_end && st == CEVNS_OK; i0 += (cl_long)s->batch)
        st = run_batch(s, i0, i_end - i0 < (cl_long)s->batch ? i_end - i0 : (cl_long)s->batch, (cl_long)start,
                       counts != NULL, err);
    if (st != CEVNS_OK) return st;
    if (!(codes = malloc(n * sizeof *codes))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_CHI2], CL_FALSE, 0, n * sizeof(double), chi2, 0, NULL, NULL);
    if (rc == CL_SUCCESS)
        rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_RC], CL_FALSE, 0, n * sizeof(cl_int), codes, 0, NULL, NULL);
    if (rc == CL_SUCCESS && counts)
        rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_COUNTS], CL_FALSE, 0, n * nb * sizeof(double), counts, 0,
                                        NULL, NULL);
    if (rc == CL_SUCCESS) rc = s->api.clFinish(s->queue);
    if (rc != CL_SUCCESS) st = fail(s, rc, "reading the map", 1, err);
    if (st == CEVNS_OK) st = cevns_engine_map_failure(p, start, codes, n, err);
    free(codes);
    return st;
}

static cevns_status opencl_run_points(void *state, const cevns_pod_point *points, size_t n, double *out,
                                      cevns_error *err) {
    cl_state *s = state;
    size_t nb = (size_t)s->p->rate->hdr.n_bins;
    cl_long count = (cl_long)n;
    cl_int rc;
    cevns_status st;
    double poison = NAN;
    if (n == 0) return CEVNS_OK;
    if ((st = ensure(s, W_POINTS, n * sizeof *points, err)) != CEVNS_OK ||
        (st = ensure(s, W_POINTS_OUT, n * nb * sizeof(double), err)) != CEVNS_OK)
        return st;
    rc = s->api.clEnqueueWriteBuffer(s->queue, s->work[W_POINTS], CL_FALSE, 0, n * sizeof *points, points, 0, NULL,
                                     NULL);
    /* poison the output so that an element the kernel does not write shows up as NaN */
    if (rc == CL_SUCCESS)
        rc = s->api.clEnqueueFillBuffer(s->queue, s->work[W_POINTS_OUT], &poison, sizeof poison, 0,
                                        n * nb * sizeof(double), 0, NULL, NULL);
    if (rc != CL_SUCCESS) return fail(s, rc, "writing the points", 1, err);
    {
        karg args[] = {ARG(s->plan[B_HDR]),  ARG(s->plan[B_ISO]),     ARG(s->plan[B_FLUX]), ARG(s->plan[B_DET]),
                       ARG(s->plan[B_DATA]), ARG(s->work[W_POINTS]),  ARG(count),           ARG(s->work[W_POINTS_OUT])};
        if ((st = launch(s, K_POINTS, args, (int)(sizeof args / sizeof args[0]), n * nb, err)) != CEVNS_OK) return st;
    }
    rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_POINTS_OUT], CL_TRUE, 0, n * nb * sizeof(double), out, 0, NULL,
                                    NULL);
    return rc == CL_SUCCESS ? CEVNS_OK : fail(s, rc, "reading the counts", 1, err);
}

/* Feldman-Cousins: the signal of every item into W_FC_SIG (the direct path's signal kernel
 * over all items, or the contraction item by item), copied back when asked. */
static cevns_status opencl_fc_signals(void *state, double *signals, cevns_error *err) {
    cl_state *s = state;
    const cevns_scan_plan *p = s->p;
    size_t nb = (size_t)p->stat.n_bins, n_items = p->n_map * p->n_prof;
    cl_long i0 = 0, n_prof = (cl_long)p->n_prof, m = (cl_long)n_items;
    cl_int rc;
    cevns_status st = ensure(s, W_FC_SIG, n_items * nb * sizeof(double), err);
    if (st != CEVNS_OK) return st;
    if (p->path == CEVNS_PATH_DIRECT) {
        karg args[] = {ARG(s->plan[B_HDR]),  ARG(s->plan[B_ISO]),  ARG(s->plan[B_FLUX]),   ARG(s->plan[B_DET]),
                       ARG(s->plan[B_DATA]), ARG(s->plan[B_GRID]), ARG(s->plan[B_VALUES]), ARG(s->plan[B_BASE]),
                       ARG(i0),              ARG(n_prof),          ARG(m),                 ARG(s->work[W_FC_SIG])};
        st = launch(s, K_SIGNAL_DIRECT, args, (int)(sizeof args / sizeof args[0]), n_items * nb, err);
    } else {
        karg args[] = {ARG(s->plan[B_SEP]),   ARG(s->plan[B_GRID]), ARG(s->plan[B_VALUES]), ARG(s->plan[B_BASE]),
                       ARG(s->plan[B_BASIS]), ARG(n_prof),          ARG(m),                 ARG(s->work[W_FC_SIG])};
        st = launch(s, K_SIGNAL_SEPARABLE, args, (int)(sizeof args / sizeof args[0]), n_items, err);
    }
    if (st != CEVNS_OK) return st;
    rc = signals ? s->api.clEnqueueReadBuffer(s->queue, s->work[W_FC_SIG], CL_TRUE, 0, n_items * nb * sizeof(double),
                                              signals, 0, NULL, NULL)
                 : s->api.clFinish(s->queue);
    if (rc != CL_SUCCESS) return fail(s, rc, "the signals of the grid", 1, err);
    s->have_fc_signals = 1;
    return CEVNS_OK;
}

/* Feldman-Cousins: the toys in launches of s->fc_toys, one work-item per toy; the statistic's
 * data are copied in front of the blocks whenever W_FC_DATA is made anew. */
static cevns_status opencl_fc_fit(void *state, const cevns_toy_batch *b, cevns_error *err) {
    cl_state *s = state;
    const cevns_scan_plan *p = s->p;
    size_t stride = (size_t)cevns_fc_stride(&p->stat), n_items = p->n_map * p->n_prof, t0, need;
    size_t lead = p->n_stat_data * sizeof(double);
    cl_long n_it = (cl_long)n_items, n_prof = (cl_long)p->n_prof, off0 = (cl_long)p->n_stat_data;
    cl_int st_stride = (cl_int)stride, rc = CL_SUCCESS;
    cevns_status st;
    if (!s->have_fc_signals) return cevns_error_set(err, CEVNS_EINTERNAL, "fc_fit before fc_signals");
    if (b->n == 0) return CEVNS_OK;
    need = lead + s->fc_toys * stride * sizeof(double);
    if (need > s->work_bytes[W_FC_DATA]) {
        if ((st = ensure(s, W_FC_DATA, need, err)) != CEVNS_OK) return st;
        rc = s->api.clEnqueueWriteBuffer(s->queue, s->work[W_FC_DATA], CL_TRUE, 0, lead, p->stat_data, 0, NULL, NULL);
        if (rc != CL_SUCCESS) return fail(s, rc, "copying the statistic's data", 1, err);
    }
    if ((st = ensure(s, W_FC_HOME, s->fc_toys * sizeof(cl_long), err)) != CEVNS_OK ||
        (st = ensure(s, W_FC_AT, 2 * s->fc_toys * sizeof(double), err)) != CEVNS_OK ||
        (st = ensure(s, W_FC_CODES, s->fc_toys * sizeof(cl_int), err)) != CEVNS_OK)
        return st;
    for (t0 = 0; t0 < b->n; t0 += s->fc_toys) {
        size_t m = b->n - t0 < s->fc_toys ? b->n - t0 : s->fc_toys;
        cl_long n = (cl_long)m, cap = (cl_long)s->fc_toys;
        karg args[] = {ARG(s->plan[B_STAT]),   ARG(s->work[W_FC_DATA]), ARG(off0),  ARG(st_stride),
                       ARG(s->work[W_FC_SIG]), ARG(n_it),               ARG(n_prof), ARG(s->work[W_FC_HOME]),
                       ARG(n),                 ARG(cap),                ARG(s->work[W_FC_AT]),
                       ARG(s->work[W_FC_CODES])};
        rc = s->api.clEnqueueWriteBuffer(s->queue, s->work[W_FC_DATA], CL_FALSE, lead, m * stride * sizeof(double),
                                         b->blocks + t0 * stride, 0, NULL, NULL);
        if (rc == CL_SUCCESS)
            rc = s->api.clEnqueueWriteBuffer(s->queue, s->work[W_FC_HOME], CL_FALSE, 0, m * sizeof(cl_long),
                                             b->home + t0, 0, NULL, NULL);
        if (rc != CL_SUCCESS) return fail(s, rc, "writing the toys", 1, err);
        if ((st = launch(s, K_TOYS, args, (int)(sizeof args / sizeof args[0]), m, err)) != CEVNS_OK) return st;
        rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_FC_AT], CL_FALSE, 0, m * sizeof(double), b->at_home + t0,
                                        0, NULL, NULL);
        if (rc == CL_SUCCESS)
            rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_FC_AT], CL_FALSE, s->fc_toys * sizeof(double),
                                            m * sizeof(double), b->at_min + t0, 0, NULL, NULL);
        if (rc == CL_SUCCESS)
            rc = s->api.clEnqueueReadBuffer(s->queue, s->work[W_FC_CODES], CL_TRUE, 0, m * sizeof(cl_int),
                                            b->codes + t0, 0, NULL, NULL);
        if (rc != CL_SUCCESS) return fail(s, rc, "reading the toys' fits", 1, err);
    }
    return CEVNS_OK;
}

const cevns_engine cevns_engine_opencl = {"opencl",          opencl_available,  opencl_auto_choice, opencl_prepare,
                                          opencl_run_basis,  opencl_run_map,    opencl_run_points,  opencl_fc_signals,
                                          opencl_fc_fit,     opencl_release,    cevns_cl_describe};
