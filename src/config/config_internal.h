/* config_internal.h - shared pieces of src/config (never included outside it).
 *
 * Every key of the config is a row of a descriptor table (config_schema.h); the
 * generic walker reads each value through the typed checks of config_value.c,
 * which check the type and the allowed range and name the file and the full key
 * path on error, e.g.
 *     configs/x.json: experiment.detector.mass_kg: must be > 0, got -1
 * Absent optional keys leave the field untouched, so the defaults filled in by
 * cevns_config_defaults survive.  The names of enumerated values live in
 * config_names.c, shared by the reader, the writer and the docs. */
#ifndef CEVNS_CONFIG_INTERNAL_H
#define CEVNS_CONFIG_INTERNAL_H

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>

#include "cevns/config.h"

/* Return the status of a failing call (every check has filled the message). */
#define CFG_TRY(call)                                         \
    do {                                                      \
        cevns_status cfg_try_status_ = (call);                \
        if (cfg_try_status_ != CEVNS_OK) return cfg_try_status_; \
    } while (0)

/* Longest key path ("experiment.detector.efficiency.eff_column",
 * "experiment.data.backgrounds[7].sigma_norm" and the like). */
#define CFG_PATH_MAX 160

/* Columns of data files, 1-based (data columns, backgrounds, efficiency tables). */
#define CFG_MAX_COLUMN 64

/* Where messages go and which file they name. */
typedef struct {
    const char *file;
    cevns_error *err;
} cfg_ctx;

/* Allowed interval of a number; open ends are strict (> lo, < hi). */
typedef struct {
    double lo, hi;
    int lo_open, hi_open;
} cfg_range;

/* Initializers of a cfg_range (in the tables). */
#define CFG_ANY {-INFINITY, INFINITY, 0, 0}
#define CFG_POSITIVE {0.0, INFINITY, 1, 0}
#define CFG_NONNEGATIVE {0.0, INFINITY, 0, 0}
#define CFG_FRACTION {0.0, 1.0, 0, 0}
#define CFG_UNIT_OPEN {0.0, 1.0, 1, 1}

/* ---------------------------------------------------------------- config_value.c */
/* "path.key" into out ("key" at top level, "path" for an empty key). */
void cfg_join_path(char *out, size_t size, const char *path, const char *key);
/* Fill ctx->err with "<file>: <path>.<key>: <message>" and return CEVNS_ECONFIG
 * (key "" for a message about the whole object at path). */
cevns_status cfg_fail(const cfg_ctx *ctx, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int cfg_has(const cJSON *obj, const char *key);
/* "must be <wanted>, got <what item is>". */
cevns_status cfg_wrong_type(const cfg_ctx *ctx, const char *path, const char *key, const char *wanted,
                            const cJSON *item);
/* "a, b, c" (each in `quote`) from a NULL-terminated list. */
void cfg_join_names(char *out, size_t size, const char *const *names, const char *quote);
/* Index of name in the NULL-terminated list, or -1. */
int cfg_name_index(const char *const *names, const char *name);
/* "> 0", ">= 0", "in (0, 0.001]" or "a finite number"; with `math` set, the
 * docs' spelling ("≥ 0", "finite"). */
void cfg_describe_range(char *out, size_t size, cfg_range r, int math);
/* The typed checks of one JSON value (item, never NULL) named path.key. */
cevns_status cfg_check_number(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                              cfg_range range, double *out);
cevns_status cfg_check_int(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, int lo, int hi,
                           int *out);
cevns_status cfg_check_bool(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, int *out);
/* Non-empty string that fits in `size` bytes with its NUL; the buffer is zero-padded. */
cevns_status cfg_check_string(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, char *out,
                              size_t size);
/* One of the NULL-terminated names; *index = its index. */
cevns_status cfg_check_name(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                            const char *const *names, int *index);
/* Non-empty array of distinct names from the list; *mask gets bit i for names[i]. */
cevns_status cfg_check_name_set(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                                const char *const *names, unsigned *mask);
/* Array of min_n..max_n numbers in range; *n = the count. */
cevns_status cfg_check_numbers(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                               cfg_range range, int min_n, int max_n, double *out, int *n);
/* Array of min_n..max_n entries (their type is checked by the caller). */
cevns_status cfg_check_array(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, int min_n,
                             int max_n);
/* values[1..n-1] each above the one before, else "<key>[i]: <what> must increase
 * strictly: must be > <previous>, got <value>" (numbers with `digits` digits). */
cevns_status cfg_check_increasing(const cfg_ctx *ctx, const char *path, const char *key, const char *what,
                                  const double *values, int n, int digits);
/* Copy a string into a fixed buffer, zero-padded (strings in the struct compare bytewise). */
void cfg_copy_string(char *out, size_t size, const char *in);

/* ---------------------------------------------------------------- config_names.c */
/* Names indexed by the enum value of config.h or enums.h; NULL-terminated. */
extern const char *const cfg_source_type_names[];
extern const char *const cfg_beam_component_names[];  /* prompt_numu, delayed_nue, delayed_numubar */
extern const char *const cfg_solar_component_names[]; /* B8, hep */
extern const char *const cfg_solar_model_names[];     /* BS05-OP */
extern const char *const cfg_fission_isotope_names[]; /* U235, U238, Pu239, Pu241 */
extern const char *const cfg_flavour_names[];         /* e, mu, tau */
extern const char *const cfg_observable_names[];
extern const char *const cfg_quenching_names[];
extern const char *const cfg_efficiency_names[];
extern const char *const cfg_resolution_names[];
extern const char *const cfg_time_efficiency_names[];
extern const char *const cfg_pulse_names[];
extern const char *const cfg_form_factor_names[];
extern const char *const cfg_helm_convention_names[];
extern const char *const cfg_kinematics_names[];  /* indexed by CEVNS_KIN_* */
extern const char *const cfg_interaction_names[]; /* sm, magnetic, sterile */
extern const char *const cfg_mediator_names[];    /* none, universal, b_minus_l, lmu_ltau, custom */
extern const char *const cfg_data_kind_names[];       /* asimov, binned, on_off */
extern const char *const cfg_background_type_names[]; /* none, flat, column */
extern const char *const cfg_background_shape_names[]; /* flat, exponential, gaussian, column */
extern const char *const cfg_pull_target_names[];     /* signal, background */
extern const char *const cfg_axis_names[];            /* the axis names, indexed by kind (<ab>: a flavour pair) */
extern const char *const cfg_spacing_names[];         /* linear, log (lists have no name) */
extern const char *const cfg_statistic_names[];       /* chi2, poisson */
extern const char *const cfg_engine_names[];          /* auto, cpu */

/* ---------------------------------------------------------------- shared by sections */
/* "emu_u" -> a = 0, b = 1, quark 'u' (flavours as written); 0 when the text is
 * not of the form <a><b>_<q> (config_model.c; model.nsi keys and scan axes). */
int cfg_parse_nsi_key(const char *key, int *a, int *b, char *quark);
/* The flavour pair "<a><b>" at the start of key: what follows it, NULL when none. */
const char *cfg_parse_flavour_pair(const char *key, int *a, int *b);
/* ---------------------------------------------------------------- config_comments.c */
/* Blank out // and block comments outside string literals in place (newlines kept,
 * so line and column numbers stay valid).  Returns the offset of an unterminated
 * block comment, or (size_t)-1 when all is well. */
size_t cfg_strip_comments(char *text);
/* 1-based line and column of byte `offset` in text. */
void cfg_line_column(const char *text, size_t offset, int *line, int *column);

/* ---------------------------------------------------------------- config_json.c */
/* The deepest nesting of objects and arrays a config may have (a config needs about 6). */
#define CFG_MAX_NESTING 64
/* JSON with comments from text (blanked in a copy) into *root (NULL on failure); on
 * failure the message says why, with line and column (config_json.c). */
cevns_status cfg_parse_json(const cfg_ctx *ctx, const char *text, cJSON **root);

/* ---------------------------------------------------------------- config_paths.c */
/* Directory part of a path ("." when there is none). */
void cfg_dirname(const char *path, char *out, size_t size);
/* File name without directory and without its last extension ("x" for "configs/x.json"). */
void cfg_stem(const char *path, char *out, size_t size);

#endif
