/* cli.h - shared pieces of the cevns subcommands. */
#ifndef CEVNS_CLI_H
#define CEVNS_CLI_H

#include "cevns/config.h"
#include "cevns/experiment.h"
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

/* ---------------------------------------------------------------- cevns rate --figure */
#define CLI_MAX_MODELS 8

typedef struct {
    const char *out;                    /* the path stem; NULL: rate_<config file name> here */
    const char *models[CLI_MAX_MODELS]; /* the --model specs; none: the config's own model */
    int n_models;
    int json;                           /* print the figure's counts as JSON */
    int log_y;                          /* 1 log, 0 linear, -1 automatic (cevns_rate_figure.log_y) */
    int components;                     /* several models: their components too, dashed */
    const char *title;                  /* NULL: the config's name */
    cevns_integrator integ;
    double rel_tol;
} cli_rate_figure_options;

/* `cevns rate CONFIG --figure` for the config cfg read from path: the counts of each model,
 * the figure, and what it says on stdout; the exit code. */
int cli_rate_figure(const char *path, const cevns_config *cfg, const cli_rate_figure_options *o);
/* `--model 'LABEL:key=value,...'`: the label (the text before the first ':'; without one
 * the spec itself) and the model keys as a JSON object (*json,
 * malloc'ed; "{}" for none), for cevns_config_apply_model.  CEVNS_EUSAGE naming the spec
 * when an item is not KEY=VALUE or a key is given twice. */
cevns_status cli_model_spec(const char *spec, char *label, size_t label_size, char **json, cevns_error *err);
/* Counts per bin of experiment e, counts[b * n_cols + k], summed over the bins' other axes
 * (pulse shape, arrival time) onto their energy ranges (cevns_experiment_bin_box): *n_out
 * energy bins, increasing, with edges[0..*n_out] and out[eb * n_cols + k] (the caller's
 * arrays hold n_bins + 1 and n_bins * n_cols values).  Bins of energy alone come out as they
 * are.  CEVNS_EUSAGE when the energy ranges do not follow one another. */
cevns_status cli_project_energy(const cevns_experiment *e, const double *counts, size_t n_cols, size_t *n_out,
                                double *edges, double *out, cevns_error *err);

#endif
