/* opencl_loader.c - dlopen the OpenCL ICD loader and look up its functions. */
#include "engine/opencl_loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int cevns_cl_load(cevns_cl_api *api, char *why, size_t why_size) {
    memset(api, 0, sizeof *api);
    api->handle = dlopen("libOpenCL.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!api->handle) api->handle = dlopen("libOpenCL.so", RTLD_NOW | RTLD_LOCAL);
    if (!api->handle) {
        snprintf(why, why_size, "no OpenCL runtime (libOpenCL.so.1 not found; Debian: ocl-icd-libopencl1 and a driver such as pocl-opencl-icd)");
        return -1;
    }
#define CEVNS_CL_LOOKUP(name)                                                                   \
    *(void **)(&api->name) = dlsym(api->handle, #name);                                         \
    if (!api->name) {                                                                           \
        snprintf(why, why_size, "the OpenCL runtime lacks %s", #name);                           \
        cevns_cl_unload(api);                                                                   \
        return -1;                                                                              \
    }
    CEVNS_CL_FUNCTIONS(CEVNS_CL_LOOKUP)
#undef CEVNS_CL_LOOKUP
    return 0;
}

void cevns_cl_unload(cevns_cl_api *api) {
    if (api->handle) dlclose(api->handle);
    memset(api, 0, sizeof *api);
}

const char *cevns_cl_error_name(cl_int code) {
    switch (code) {
#define CEVNS_CL_NAME(c) \
    case c: return #c;
        CEVNS_CL_NAME(CL_DEVICE_NOT_FOUND)
        CEVNS_CL_NAME(CL_DEVICE_NOT_AVAILABLE)
        CEVNS_CL_NAME(CL_COMPILER_NOT_AVAILABLE)
        CEVNS_CL_NAME(CL_MEM_OBJECT_ALLOCATION_FAILURE)
        CEVNS_CL_NAME(CL_OUT_OF_RESOURCES)
        CEVNS_CL_NAME(CL_OUT_OF_HOST_MEMORY)
        CEVNS_CL_NAME(CL_BUILD_PROGRAM_FAILURE)
        CEVNS_CL_NAME(CL_INVALID_VALUE)
        CEVNS_CL_NAME(CL_INVALID_PLATFORM)
        CEVNS_CL_NAME(CL_INVALID_DEVICE)
        CEVNS_CL_NAME(CL_INVALID_CONTEXT)
        CEVNS_CL_NAME(CL_INVALID_COMMAND_QUEUE)
        CEVNS_CL_NAME(CL_INVALID_MEM_OBJECT)
        CEVNS_CL_NAME(CL_INVALID_PROGRAM)
        CEVNS_CL_NAME(CL_INVALID_PROGRAM_EXECUTABLE)
        CEVNS_CL_NAME(CL_INVALID_KERNEL_NAME)
        CEVNS_CL_NAME(CL_INVALID_KERNEL)
        CEVNS_CL_NAME(CL_INVALID_ARG_INDEX)
        CEVNS_CL_NAME(CL_INVALID_ARG_VALUE)
        CEVNS_CL_NAME(CL_INVALID_ARG_SIZE)
        CEVNS_CL_NAME(CL_INVALID_KERNEL_ARGS)
        CEVNS_CL_NAME(CL_INVALID_WORK_GROUP_SIZE)
        CEVNS_CL_NAME(CL_INVALID_BUFFER_SIZE)
        CEVNS_CL_NAME(CL_INVALID_GLOBAL_WORK_SIZE)
#undef CEVNS_CL_NAME
    default: return "unknown OpenCL error";
    }
}
