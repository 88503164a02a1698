/* opencl_loader.h (internal) - the OpenCL entry points, loaded at run time with
 * dlopen so that the cevns binary starts on machines without an OpenCL runtime. */
#ifndef CEVNS_SRC_OPENCL_LOADER_H
#define CEVNS_SRC_OPENCL_LOADER_H

#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#define CEVNS_CL_FUNCTIONS(X)                                                                                   \
    X(clGetPlatformIDs) X(clGetPlatformInfo) X(clGetDeviceIDs) X(clGetDeviceInfo) X(clCreateContext)           \
    X(clCreateCommandQueue) X(clCreateProgramWithSource) X(clBuildProgram) X(clGetProgramBuildInfo)            \
    X(clCreateKernel) X(clCreateBuffer) X(clSetKernelArg) X(clEnqueueWriteBuffer) X(clEnqueueNDRangeKernel)    \
    X(clEnqueueReadBuffer) X(clFinish) X(clReleaseMemObject) X(clReleaseKernel) X(clReleaseProgram)            \
    X(clReleaseCommandQueue) X(clReleaseContext) X(clEnqueueFillBuffer)

typedef struct {
    void *handle;
#define CEVNS_CL_POINTER(name) __typeof__(&name) name;
    CEVNS_CL_FUNCTIONS(CEVNS_CL_POINTER)
#undef CEVNS_CL_POINTER
} cevns_cl_api;

/* Load the ICD loader; 0 on success, else why says why. */
int cevns_cl_load(cevns_cl_api *api, char *why, size_t why_size);
void cevns_cl_unload(cevns_cl_api *api);
/* The OpenCL error name ("CL_OUT_OF_RESOURCES") of a code. */
const char *cevns_cl_error_name(cl_int code);

#endif
