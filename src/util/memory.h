/* memory.h (internal) - how much memory this process can still allocate, for
 * checks made before a large allocation (a scan's maps). */
#ifndef CEVNS_SRC_UTIL_MEMORY_H
#define CEVNS_SRC_UTIL_MEMORY_H

/* Bytes this process can still allocate: the smallest of ulimit -v / -d less
 * what is mapped, the cgroup (v2 and its parents, or v1) limit less its use,
 * and MemAvailable + SwapFree; < 0 when nothing is known.  *what names the
 * limit that decided. */
double cevns_memory_available(const char **what);

#endif
