/* config_internal.h - shared pieces of src/config (never included outside it).
 *
 * The reader walks the JSON tree one section at a time (config_source.c,
 * config_target.c, config_detector.c, config_data.c, config_model.c,
 * config_scan.c); checks that involve more than one section come last
 * (cfg_check_consistency).  Every value goes through one typed
 * accessor (config_schema.c) that checks the type and the allowed range and
 * names the file and the full key path on error, e.g.
 *     configs/x.json: experiment.detector.mass_kg: must be > 0, got -1
 * Absent optional keys leave the output untouched, so the defaults filled in by
 * cevns_config_defaults survive.  The names of enumerated values live in
 * config_names.c, shared by the reader and the writer. */
#ifndef CEVNS_CONFIG_INTERNAL_H
#define CEVNS_CONFIG_INTERNAL_H

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>

#include "cevns/config.h"

/* Return the status of a failing call (every accessor has filled the message). */
#define CFG_TRY(call)                                         \
    do {                                                      \
        cevns_status cfg_try_status_ = (call);                \
        if (cfg_try_status_ != CEVNS_OK) return cfg_try_status_; \
    } while (0)

/* Longest key path ("experiment.detector.efficiency.eff_column",
 * "experiment.data.backgrounds[7].sigma_norm" and the like). */
#define CFG_PATH_MAX 160

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

#define CFG_ANY ((cfg_range){-INFINITY, INFINITY, 0, 0})
#define CFG_POSITIVE ((cfg_range){0.0, INFINITY, 1, 0})
#define CFG_NONNEGATIVE ((cfg_range){0.0, INFINITY, 0, 0})
#define CFG_FRACTION ((cfg_range){0.0, 1.0, 0, 0})

/* ---------------------------------------------------------------- config_schema.c */
/* "path.key" into out ("key" at top level, "path" for an empty key). */
void cfg_join_path(char *out, size_t size, const char *path, const char *key);
/* Fill ctx->err with "<file>: <path>.<key>: <message>" and return CEVNS_ECONFIG
 * (key "" for a message about the whole object at path). */
cevns_status cfg_fail(const cfg_ctx *ctx, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int cfg_has(const cJSON *obj, const char *key);
/* Every member of obj must be in the NULL-terminated allowed list, and appear once.
 * `what` qualifies the list in the message (e.g. "for source type \"solar\""), or NULL. */
cevns_status cfg_check_keys(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *const *allowed,
                            const char *what);
/* Every key of the NULL-terminated list must be present. */
cevns_status cfg_require_keys(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *const *required);
/* *out = the member object, or NULL when absent; error when present but not an object. */
cevns_status cfg_object(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, const cJSON **out);
/* The typed accessors: absent keys leave *out unchanged. */
cevns_status cfg_number(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, cfg_range range,
                        double *out);
cevns_status cfg_int(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int lo, int hi, int *out);
cevns_status cfg_bool(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int *out);
/* Non-empty string that fits in `size` bytes with its NUL; the buffer is zero-padded. */
cevns_status cfg_string(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, char *out,
                        size_t size);
/* One of the NULL-terminated names; *out = its index. */
cevns_status cfg_enum(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                      const char *const *names, int *out);
/* Non-empty array of distinct names from the list; *mask gets bit i for names[i]. */
cevns_status cfg_name_set(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                          const char *const *names, unsigned *mask);
/* *out = the member array (NULL when absent); error when present but not an
 * array, or when it has fewer than min_n or more than max_n entries. */
cevns_status cfg_array(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int min_n, int max_n,
                       const cJSON **out);
/* An array element (named key, e.g. "axes[0]") that must be an object. */
cevns_status cfg_element_object(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key);
/* Array of min_n..max_n numbers in range; *n = the count. */
cevns_status cfg_number_array(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                              cfg_range range, int min_n, int max_n, double *out, int *n);
/* Objects whose "type" decides which other keys are allowed and required. */
typedef struct {
    const char *const *keys;     /* allowed, "type" included; NULL-terminated */
    const char *const *required; /* NULL-terminated */
} cfg_variant;
/* Read "type" from type_names into *type (left as is when absent and not
 * type_required), then check the keys of variants[*type]. */
cevns_status cfg_variant_object(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *const *type_names,
                                const cfg_variant *variants, int type_required, int *type);
/* Copy a string into a fixed buffer, zero-padded (strings in the struct compare bytewise). */
void cfg_copy_string(char *out, size_t size, const char *in);

/* ---------------------------------------------------------------- config_names.c */
/* Names indexed by the enum value of config.h; NULL-terminated. */
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
extern const char *const cfg_form_factor_names[];
extern const char *const cfg_helm_convention_names[];
extern const char *const cfg_kinematics_names[];  /* indexed by CEVNS_KIN_* */
extern const char *const cfg_interaction_names[]; /* sm, magnetic, sterile */
extern const char *const cfg_data_kind_names[];       /* asimov, binned, on_off */
extern const char *const cfg_background_type_names[]; /* none, flat, column */
extern const char *const cfg_background_shape_names[]; /* flat, exponential, gaussian, column */
extern const char *const cfg_pull_target_names[];     /* signal, background */
extern const char *const cfg_axis_names[];            /* the fixed axis names, indexed by kind up to EXPOSURE */
extern const char *const cfg_spacing_names[];         /* linear, log (lists have no name) */
extern const char *const cfg_statistic_names[];       /* chi2, poisson */
extern const char *const cfg_engine_names[];          /* auto, cpu */
/* Bits of the component and interaction sets, in the order of the name lists. */
enum { CFG_BEAM_PROMPT = 1u, CFG_BEAM_DELAYED_NUE = 2u, CFG_BEAM_DELAYED_NUMUBAR = 4u };
enum { CFG_SOLAR_B8 = 1u, CFG_SOLAR_HEP = 2u };
enum { CFG_INTERACTION_SM = 1u, CFG_INTERACTION_MAGNETIC = 2u, CFG_INTERACTION_STERILE = 4u };

/* ---------------------------------------------------------------- sections */
cevns_status cfg_read_source(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_source_config *src);
cevns_status cfg_read_target(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_config *cfg);
cevns_status cfg_read_detector(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_detector_config *det);
cevns_status cfg_read_model(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_model_config *model);
cevns_status cfg_read_quadrature(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                 cevns_quadrature_config *quad);
cevns_status cfg_read_data(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_data_config *data);
cevns_status cfg_read_scan(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_scan_config *scan);
cevns_status cfg_read_output(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_output_config *output);
/* What needs more than one section (config_scan.c): data uncertainties vs the
 * statistic, Asimov-only axes, backgrounds per kg day vs the exposure. */
cevns_status cfg_check_consistency(const cfg_ctx *ctx, const cevns_config *cfg);

/* "emu_u" -> a = 0, b = 1, quark 'u' (flavours as written); 0 when the text is
 * not of the form <a><b>_<q> (config_model.c; model.nsi keys and scan axes). */
int cfg_parse_nsi_key(const char *key, int *a, int *b, char *quark);

/* Uniform bins: edges[i] = lo + (hi - lo) i / n, edges[n] = hi exactly (reader and writer). */
void cfg_uniform_edges(double lo, double hi, int n, double *edges);

/* ---------------------------------------------------------------- config_comments.c */
/* Blank out // and block comments outside string literals in place (newlines kept,
 * so line and column numbers stay valid).  Returns the offset of an unterminated
 * block comment, or (size_t)-1 when all is well. */
size_t cfg_strip_comments(char *text);
/* 1-based line and column of byte `offset` in text. */
void cfg_line_column(const char *text, size_t offset, int *line, int *column);

/* ---------------------------------------------------------------- config_paths.c */
/* Directory part of a path ("." when there is none). */
void cfg_dirname(const char *path, char *out, size_t size);
/* File name without directory and without its last extension ("x" for "configs/x.json"). */
void cfg_stem(const char *path, char *out, size_t size);
/* Default data_dir: $CEVNS_DATA_DIR if set, else <config_dir>/../data if that is a
 * directory (config_dir may be NULL: no config file), else "./data". */
void cfg_default_data_dir(const char *config_dir, char *out, size_t size);

#endif
