/* cli.h - shared pieces of the cevns subcommands. */
#ifndef CEVNS_CLI_H
#define CEVNS_CLI_H

#include "cevns/config.h"
#include "cevns/status.h"
#include "engine/engine.h"

/* Engine options from the environment ($CEVNS_DEVICE), for the subcommands that list
 * or run engines: 0, or (an invalid $CEVNS_DEVICE) the usage error's exit code, after
 * its message naming subcommand cmd. */
int cli_engine_options(const char *cmd, cevns_engine_options *o);

int cevns_cmd_rate(int argc, char **argv);
int cevns_cmd_xsec(int argc, char **argv);
int cevns_cmd_info(int argc, char **argv);
int cevns_cmd_scan(int argc, char **argv);
int cevns_cmd_plot(int argc, char **argv);
int cevns_cmd_bench(int argc, char **argv);

/* Print "cevns: <message>" for a failed status and return its exit code. */
int cli_fail(cevns_status st, const cevns_error *err);
/* Usage error: message, hint, exit code 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The folders tried after <config folder>/../data, in order (NULL-terminated): the data
 * of the prefix the binary is installed in (found from /proc/self/exe, so a relocated
 * `cmake --install --prefix P` finds P/share/cevns/data), the source tree's data/ (the
 * build tree's, compiled in), the configured install prefix's share/cevns/data
 * (compiled in). */
const char *const *cli_data_fallbacks(void);
/* The reader's options as the cevns command decides them: data_dir from $CEVNS_DATA_DIR
 * (when set), then cli_data_fallbacks(). */
void cli_config_options(cevns_config_options *o);
/* cfg->data_dir (with its origin or the places looked in) for a command without a
 * config file: $CEVNS_DATA_DIR, else the first of the fallbacks above that holds the tables. */
void cli_find_data_dir(cevns_config *cfg);
/* Read a config the way every subcommand does, with cli_config_options (the library
 * reads no environment variable). */
cevns_status cli_config_load(const char *path, cevns_config *cfg, cevns_error *err);
/* *device = the index in $CEVNS_DEVICE (-1, automatic, when unset): 0, or when it is not
 * an integer in 0..1024 the usage error's exit code, after its message naming cmd. */
int cli_env_device(const char *cmd, int *device);
/* Parse a finite double; 0 on success. */
int cli_parse_double(const char *s, double *out);

#endif
