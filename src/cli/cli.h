/* cli.h - shared pieces of the cevns subcommands. */
#ifndef CEVNS_CLI_H
#define CEVNS_CLI_H

#include "cevns/config.h"
#include "cevns/status.h"

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
/* Data directory when no config names one: $CEVNS_DATA_DIR, the source tree's
 * data/, or the installed share/cevns/data. */
const char *cli_default_data_dir(void);
/* Parse a finite double; 0 on success. */
int cli_parse_double(const char *s, double *out);

#endif
