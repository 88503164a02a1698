/* cli_common.c - messages, exit codes and small parsers shared by subcommands. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

int cli_fail(cevns_status st, const cevns_error *err) {
    fprintf(stderr, "cevns: error: %s\n", err->msg[0] ? err->msg : cevns_strerror(st));
    return cevns_status_exit_code(st);
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "cevns %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'cevns %s --help'.\n", cmd);
    return cevns_status_exit_code(CEVNS_EUSAGE);
}

static int is_dir(const char *p) {
    struct stat s;
    return p && stat(p, &s) == 0 && S_ISDIR(s.st_mode);
}

const char *cli_default_data_dir(void) {
    const char *env = getenv("CEVNS_DATA_DIR");
    if (env && *env) return env;
    if (is_dir(CEVNS_SOURCE_DATA_DIR)) return CEVNS_SOURCE_DATA_DIR;
    return CEVNS_INSTALL_DATA_DIR;
}

int cli_parse_double(const char *s, double *out) {
    char *end = NULL;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}
