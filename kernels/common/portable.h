/* portable.h - the only file with compiler #ifs.
 *
 * Everything in kernels/common is compiled three ways: as C11 on the host, as
 * CUDA C++ (nvcc) and as OpenCL C (embedded at build time).  Functions are
 * marked CEVNS_FN; arrays that live in device memory are marked CEVNS_GLOBAL.
 * Stay inside what all three accept: no _Complex, no VLAs, no compound
 * literals, no bare `restrict`, no malloc/printf/errno/GSL/globals.
 */
#ifndef CEVNS_KERNELS_PORTABLE_H
#define CEVNS_KERNELS_PORTABLE_H

/* CEVNS_FN forces inlining on every compiler: the kernels are small functions called in
 * the innermost loops, and left to themselves gcc and PoCL's clang keep some out of line
 * (the node integrand, the statistic's bin loop), which made the separable scan 1.2x and
 * PoCL's direct path 1.9x slower (docs/performance.md).  The price is a longer first
 * OpenCL compile, which PoCL caches. */
#if defined(__OPENCL_C_VERSION__) || defined(__OPENCL_VERSION__)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
/* like the host's -ffp-contract=off: no fused multiply-add, so devices match the reference */
#pragma OPENCL FP_CONTRACT OFF
#define CEVNS_FN static inline __attribute__((always_inline))
#define CEVNS_GLOBAL __global
#define CEVNS_CONST_GLOBAL __global const
typedef int int32_t;
typedef long cevns_i64; /* 64-bit in OpenCL C */
typedef uint cevns_u32;
typedef ulong cevns_u64;
#elif defined(__CUDACC__)
#include <stdint.h>
typedef long long cevns_i64;
typedef uint32_t cevns_u32;
typedef uint64_t cevns_u64;
#define CEVNS_FN static __host__ __device__ __forceinline__
#define CEVNS_GLOBAL
#define CEVNS_CONST_GLOBAL const
#else
#include <math.h>
#include <stdint.h>
typedef long long cevns_i64;
typedef uint32_t cevns_u32;
typedef uint64_t cevns_u64;
#define CEVNS_FN static inline __attribute__((always_inline))
#define CEVNS_GLOBAL
#define CEVNS_CONST_GLOBAL const
#endif

/* *s = sin(x), *c = cos(x) in one call where the compiler does not fuse them itself
 * (OpenCL C and CUDA have sincos; GCC fuses sin and cos of the same argument). */
#if defined(__OPENCL_C_VERSION__) || defined(__OPENCL_VERSION__)
#define CEVNS_SINCOS(x, s, c) ((s) = sincos((x), &(c)))
#elif defined(__CUDACC__)
#define CEVNS_SINCOS(x, s, c) sincos((x), &(s), &(c))
#else
#define CEVNS_SINCOS(x, s, c) ((s) = sin(x), (c) = cos(x))
#endif

/* 0 for a finite x, NaN for NaN and +-inf (x - x): a sum of these is 0 exactly when
 * every term is finite, a branch-free test that is the same on every compiler, without
 * isfinite's differences between C, CUDA and OpenCL C. */
CEVNS_FN double cevns_finite_probe(double x) { return x - x; }

/* Static layout checks exist only on the host (C11); devices trust them. */
#if !defined(__OPENCL_VERSION__) && !defined(__OPENCL_C_VERSION__) && !defined(__CUDACC__)
#define CEVNS_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#else
#define CEVNS_STATIC_ASSERT(cond, msg)
#endif

#endif
