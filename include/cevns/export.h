/* export.h - CEVNS_API marks the functions of the public API: the only symbols the shared
 * libcevns exports (the library is compiled with -fvisibility=hidden, so everything else
 * stays inside it). */
#ifndef CEVNS_EXPORT_H
#define CEVNS_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define CEVNS_API __attribute__((visibility("default")))
#else
#define CEVNS_API
#endif

#endif
