/* cli_common.c - messages, exit codes and small parsers shared by subcommands. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

void cli_config_options(cevns_config_options *o) {
    o->data_dir = getenv("CEVNS_DATA_DIR");
    o->data_dir_origin = "$CEVNS_DATA_DIR";
    o->data_dir_fallbacks = cli_data_fallbacks();
}

void cli_find_data_dir(cevns_config *cfg) {
    cevns_config_options o;
    cli_config_options(&o);
    cevns_config_find_data_dir(&o, NULL, cfg);
}

cevns_status cli_config_load(const char *path, cevns_config *cfg, cevns_error *err) {
    cevns_config_options o;
    cli_config_options(&o);
    return cevns_config_load_with(path, &o, cfg, err);
}

int cli_env_device(const char *cmd, int *device) {
    const char *s = getenv("CEVNS_DEVICE");
    double v;
    *device = -1;
    if (!s || !*s) return 0;
    if (cli_parse_double(s, &v) || v < 0 || v != floor(v) || v > 1024)
        return cli_usage_error(cmd, "CEVNS_DEVICE must be an integer in 0..1024, got '%s'", s);
    *device = (int)v;
    return 0;
}

int cli_engine_options(const char *cmd, cevns_engine_options *o) {
    cevns_engine_options_default(o);
    return cli_env_device(cmd, &o->device);
}

int cli_parse_double(const char *s, double *out) {
    char *end = NULL;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}
