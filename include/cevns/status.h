/* status.h - every fallible function returns cevns_status; the message chain
 * (what failed, where, what is allowed) lives in a cevns_error the caller owns. */
#ifndef CEVNS_STATUS_H
#define CEVNS_STATUS_H

#include <stddef.h>

#include "cevns/export.h"

/* X(name, exit code of the cevns command, short description) */
#define CEVNS_STATUS_TABLE(X)                                                                \
    X(CEVNS_OK, 0, "success")                                                                \
    X(CEVNS_EUSAGE, 2, "bad command-line usage")                                             \
    X(CEVNS_ECONFIG, 3, "invalid configuration")                                             \
    X(CEVNS_EDATA, 4, "missing or malformed data file")                                      \
    X(CEVNS_EIO, 5, "input/output error")                                                    \
    X(CEVNS_EPHYSICS, 6, "physically invalid input")                                         \
    X(CEVNS_ENUMERIC, 7, "numerical failure (integration did not converge)")                  \
    X(CEVNS_ENOMEM, 8, "out of memory")                                                      \
    X(CEVNS_EUNAVAILABLE, 9, "requested engine or feature not available in this build")      \
    X(CEVNS_EINTERNAL, 70, "internal error (a bug: please report it)")

typedef enum {
#define CEVNS_X_ENUM(name, code, text) name,
    CEVNS_STATUS_TABLE(CEVNS_X_ENUM)
#undef CEVNS_X_ENUM
        CEVNS_STATUS_COUNT
} cevns_status;

/* The message a failing call leaves behind, e.g.
 * "configs/x.json: detector.threshold_keV: must be > 0, got -1". */
typedef struct {
    char msg[1024];
} cevns_error;

CEVNS_API const char *cevns_strerror(cevns_status status);
/* Process exit code for a status (documented in docs/cli.md). */
CEVNS_API int cevns_status_exit_code(cevns_status status);

/* Fill err (if non-NULL) with a printf-style message and return status. */
CEVNS_API cevns_status cevns_error_set(cevns_error *err, cevns_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefix the existing message: "<prefix>: <old message>". Returns status. */
CEVNS_API cevns_status cevns_error_prefix(cevns_error *err, cevns_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
