/* omp.h (internal) - OpenMP pragmas that vanish in builds without OpenMP (where an
 * unknown pragma would be a warning), and the thread count of a `threads` option. */
#ifndef CEVNS_SRC_OMP_H
#define CEVNS_SRC_OMP_H

#include <stddef.h>

#if CEVNS_HAVE_OPENMP
#include <omp.h>
#define CEVNS_OMP(...) _Pragma(#__VA_ARGS__)
/* threads > 0 as given, else every core OpenMP would use. */
static inline int cevns_omp_threads(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }
/* This thread's share [*lo, *hi) of n items in a parallel region (contiguous ranges). */
static inline void cevns_omp_share(size_t n, size_t *lo, size_t *hi) {
    size_t t = (size_t)omp_get_thread_num(), nt = (size_t)omp_get_num_threads();
    *lo = n * t / nt;
    *hi = n * (t + 1) / nt;
}
#else
#define CEVNS_OMP(...)
static inline int cevns_omp_threads(int threads) {
    (void)threads;
    return 1;
}
static inline void cevns_omp_share(size_t n, size_t *lo, size_t *hi) {
    *lo = 0;
    *hi = n;
}
#endif

#endif
