/* opencl_device.c - finding, describing and choosing OpenCL devices (OpenCL 1.2 with
 * double precision), and the engine's error messages. */
#include <stdio.h>
#include <string.h>

#include "engine/opencl_device.h"

/* Device supports OpenCL >= 1.2 and cl_khr_fp64. */
static int device_usable(const cevns_cl_api *api, cl_device_id dev) {
    char version[256] = "", ext[8192] = "";
    int major = 0, minor = 0;
    api->clGetDeviceInfo(dev, CL_DEVICE_VERSION, sizeof version - 1, version, NULL);
    api->clGetDeviceInfo(dev, CL_DEVICE_EXTENSIONS, sizeof ext - 1, ext, NULL);
    if (sscanf(version, "OpenCL %d.%d", &major, &minor) != 2) return 0;
    return (major > 1 || (major == 1 && minor >= 2)) && strstr(ext, "cl_khr_fp64") != NULL;
}

/* The usable devices of the given types over all platforms (at most max). */
static int usable_devices(const cevns_cl_api *api, cl_device_type types, cl_device_id *out, int max, int *declined) {
    cl_platform_id platforms[16];
    cl_uint n_platforms = 0, p;
    int seen = 0;
    *declined = 0;
    if (api->clGetPlatformIDs(16, platforms, &n_platforms) != CL_SUCCESS) return -1;
    for (p = 0; p < n_platforms && p < 16; p++) {
        cl_device_id devices[16];
        cl_uint n_dev = 0, d;
        if (api->clGetDeviceIDs(platforms[p], types, 16, devices, &n_dev) != CL_SUCCESS) continue;
        for (d = 0; d < n_dev && d < 16; d++) {
            if (!device_usable(api, devices[d])) (*declined)++;
            else if (seen < max) out[seen++] = devices[d];
        }
    }
    return n_platforms ? seen : -1;
}

int cevns_cl_find_device(const cevns_cl_api *api, const cevns_engine_options *o, cl_device_type types,
                         cl_device_id *out, char *why, size_t why_size) {
    cl_device_id devices[64];
    int declined, n = usable_devices(api, types, devices, 64, &declined), index;
    if (n < 0) {
        snprintf(why, why_size, "no OpenCL platform is installed");
        return -1;
    }
    if (n == 0) {
        snprintf(why, why_size, "%d OpenCL device(s) found, none with OpenCL 1.2 and double precision (cl_khr_fp64)",
                 declined);
        return -1;
    }
    index = o->device >= 0 ? o->device : o->local_rank % n;
    if (index >= n) {
        snprintf(why, why_size, "device %d asked, but only %d OpenCL device(s) with OpenCL 1.2 and double precision",
                 index, n);
        return -1;
    }
    *out = devices[index];
    return 0;
}

int cevns_cl_has_device(const cevns_engine_options *o, cl_device_type types, char *why, size_t why_size) {
    cevns_cl_api api;
    cl_device_id dev;
    int ok;
    if (cevns_cl_load(&api, why, why_size) != 0) return 0;
    ok = cevns_cl_find_device(&api, o, types, &dev, why, why_size) == 0;
    cevns_cl_unload(&api);
    return ok;
}

void cevns_cl_describe(const cevns_engine_options *o, char *buf, size_t size) {
    cevns_cl_api api;
    cl_platform_id platforms[16];
    cl_uint n_platforms = 0, p;
    size_t used = 0;
    char why[256];
    (void)o;
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

cevns_status cevns_cl_fail(const char *device, cl_int rc, const char *what, int running, cevns_error *err) {
    if (rc == CL_OUT_OF_RESOURCES || rc == CL_MEM_OBJECT_ALLOCATION_FAILURE || rc == CL_OUT_OF_HOST_MEMORY)
        return cevns_error_set(err, CEVNS_ENOMEM,
                               "opencl engine (%s): %s failed: out of device or host memory or resources (some "
                               "drivers also say so for a crashed kernel or a lost device): %s (%d)",
                               device, what, cevns_cl_error_name(rc), (int)rc);
    if (rc == CL_DEVICE_NOT_AVAILABLE || rc == CL_DEVICE_NOT_FOUND)
        return cevns_error_set(err, running ? CEVNS_EIO : CEVNS_EUNAVAILABLE,
                               "opencl engine (%s): %s failed: the device is not available or was lost: %s (%d); "
                               "check it, then start cevns again",
                               device, what, cevns_cl_error_name(rc), (int)rc);
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "opencl engine (%s): %s failed: %s (%d)", device, what,
                           cevns_cl_error_name(rc), (int)rc);
}
