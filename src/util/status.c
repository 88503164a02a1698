/* status.c - status names, exit codes and the error-message helpers. */
#include "cevns/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *cevns_strerror(cevns_status status) {
    switch (status) {
#define CEVNS_X_TEXT(name, code, text) \
    case name: return text;
        CEVNS_STATUS_TABLE(CEVNS_X_TEXT)
#undef CEVNS_X_TEXT
    default: return "unknown status";
    }
}

int cevns_status_exit_code(cevns_status status) {
    switch (status) {
#define CEVNS_X_CODE(name, code, text) \
    case name: return code;
        CEVNS_STATUS_TABLE(CEVNS_X_CODE)
#undef CEVNS_X_CODE
    default: return 70;
    }
}

cevns_status cevns_error_set(cevns_error *err, cevns_status status, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

cevns_status cevns_error_prefix(cevns_error *err, cevns_status status, const char *fmt, ...) {
    if (err) {
        char prefix[512];
        char old[sizeof err->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(prefix, sizeof prefix, fmt, ap);
        va_end(ap);
        size_t plen;
        memcpy(old, err->msg, sizeof old);
        plen = strlen(prefix);
        if (plen > sizeof err->msg - 3) plen = sizeof err->msg - 3;
        memcpy(err->msg, prefix, plen);
        memcpy(err->msg + plen, ": ", 2);
        /* keep as much of the old message as fits, always NUL-terminated */
        {
            size_t room = sizeof err->msg - plen - 3;
            size_t olen = strnlen(old, room);
            memcpy(err->msg + plen + 2, old, olen);
            err->msg[plen + 2 + olen] = '\0';
        }
    }
    return status;
}
