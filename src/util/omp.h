/* omp.h (internal) - OpenMP pragmas that vanish in builds without OpenMP (where an
 * unknown pragma would be a warning), and the thread count of a `threads` option. */
#ifndef CEVNS_SRC_OMP_H
#define CEVNS_SRC_OMP_H

#if CEVNS_HAVE_OPENMP
#include <omp.h>
#define CEVNS_OMP(...) _Pragma(#__VA_ARGS__)
/* threads > 0 as given, else every core OpenMP would use. */
static inline int cevns_omp_threads(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }
#else
#define CEVNS_OMP(...)
static inline int cevns_omp_threads(int threads) {
    (void)threads;
    return 1;
}
#endif

#endif
