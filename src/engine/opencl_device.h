/* opencl_device.h (internal) - OpenCL device discovery and the engine's error messages. */
#ifndef CEVNS_SRC_OPENCL_DEVICE_H
#define CEVNS_SRC_OPENCL_DEVICE_H

#include "engine/engine.h"
#include "engine/opencl_loader.h"

/* The device the options choose among the usable ones (OpenCL >= 1.2 with cl_khr_fp64)
 * of the given types: index o->device, or o->local_rank modulo their number; 0, or -1
 * and why says why. */
int cevns_cl_find_device(const cevns_cl_api *api, const cevns_engine_options *o, cl_device_type types,
                         cl_device_id *out, char *why, size_t why_size);
/* 1 when such a device exists (loads and unloads the runtime). */
int cevns_cl_has_device(const cevns_engine_options *o, cl_device_type types, char *why, size_t why_size);
/* Every OpenCL device: platform, name, version, compute units, memory, fp64. */
void cevns_cl_describe(const cevns_engine_options *o, char *buf, size_t size);
/* Out of device or host memory: exit code 8 (some drivers also report a crashed kernel
 * as CL_OUT_OF_RESOURCES).  The device gone while the scan runs (running): an
 * input/output error (5), after which the scan keeps its checkpoints for --resume.
 * Anything else: the engine is not usable (9). */
cevns_status cevns_cl_fail(const char *device, cl_int rc, const char *what, int running, cevns_error *err);

#endif
