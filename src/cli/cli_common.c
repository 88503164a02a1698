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

cevns_status cli_config_load(const char *path, cevns_config *cfg, cevns_error *err) {
    cevns_config_options o;
    o.data_dir = getenv("CEVNS_DATA_DIR");
    return cevns_config_load_with(path, &o, cfg, err);
}

int cli_env_device(void) {
    const char *s = getenv("CEVNS_DEVICE");
    double v;
    if (!s || !*s) return -1;
    if (cli_parse_double(s, &v) || v < 0 || v != floor(v) || v > 1024) return -2;
    return (int)v;
}

void cli_engine_options(cevns_engine_options *o) {
    int d = cli_env_device();
    cevns_engine_options_default(o);
    o->device = d >= 0 ? d : -1;
}

int cli_parse_double(const char *s, double *out) {
    char *end = NULL;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}
