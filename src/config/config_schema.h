/* config_schema.h - the descriptor tables of the config, one per section, and the
 * generic code that walks them (never included outside src/config).
 *
 * A section (an object of the JSON file) is a cfg_schema: a table of cfg_row, one
 * per key, giving the key, its type, the field it fills, the variants it belongs
 * to, whether it is required, its allowed range or names, its default, its unit
 * and its documentation.  The same rows drive
 *   - reading (config_walk.c): key checks, required keys, types and ranges;
 *   - the defaults (config_defaults.c, cevns_config_defaults);
 *   - writing the resolved config (config_write.c, cevns_config_write_json);
 *   - docs/config.md (config_doc.c, cevns_config_doc_markdown).
 * The tables are in config_top.c, config_source.c, config_target.c,
 * config_detector.c, config_data.c, config_model.c, config_scan.c and
 * config_output.c, next to the hooks of their irregular keys (custom readers and
 * writers: mu_nu, nsi, enrichment, bins, axis names) and the checks that involve
 * several keys (a schema's `check`, run after its rows are read).
 *
 * Variants: where an object has a "type" (or "shape", "observed"), that selector
 * row's value is the variant, and a row belongs to the variants of its `in` mask
 * (0: all).  Only the keys of the variant are allowed, and `required` is the mask
 * of the variants that require the key.  An object may instead take the variant
 * of its parent (experiment.data.columns follows experiment.data.observed).
 *
 * The field of a row is at `offset` from the base of its schema.  A nested object
 * (CFG_OBJECT) has its base at the row's offset from its parent's base, so rows of
 * a nested struct member may address it from the outer struct (offset 0: the
 * quenching rows are offsets into cevns_detector_config, so its checks see the
 * observable).  Enumerations are stored in int-sized fields. */
#ifndef CEVNS_CONFIG_SCHEMA_H
#define CEVNS_CONFIG_SCHEMA_H

#include <stddef.h>
#include <stdio.h>

#include "config/config_internal.h"

typedef enum {
    CFG_NUMBER,  /* double in range */
    CFG_INT,     /* int in [min, max] */
    CFG_BOOL,    /* int 0/1 from true/false */
    CFG_STRING,  /* char[size], non-empty; one of names when names is set */
    CFG_ENUM,    /* int index into names */
    CFG_NAME_SET,/* non-empty array of distinct names: int flag per name at name_flags[i] */
    CFG_NUMBERS, /* array of min..max numbers in range: double[], count at count_offset */
    CFG_OBJECT,  /* nested object, rows in schema */
    CFG_OBJECTS, /* array of min..max objects of size `size`, count at count_offset */
    CFG_CUSTOM   /* read and written by the row's hooks (defaults: all zero) */
} cfg_type;

/* Row flags. */
enum {
    CFG_OMIT_ZERO = 1u, /* not written when 0, "" or empty (a key left out when unset) */
    CFG_NO_FIELD = 2u,  /* checked, not stored; written as its default */
    CFG_COLUMN = 4u     /* a 1-based file column: non-zero columns of one object differ */
};

/* Variant masks. */
#define CFG_IN(v) (1u << (v))
#define CFG_ALL (~0u)

/* cfg_schema.selector of an object without a selector row. */
#define CFG_NO_SELECTOR (-1)

typedef struct cfg_row cfg_row;
typedef struct cfg_schema cfg_schema;

/* Where the walker stands: one JSON object and the struct it fills. */
typedef struct cfg_frame {
    const cfg_ctx *ctx;
    const cJSON *obj;
    char path[CFG_PATH_MAX];
    void *base;
    const struct cfg_frame *parent; /* NULL at the top level */
    int index;                      /* element of an array of objects, else -1 */
    int variant;                    /* 0 without variants */
} cfg_frame;

/* Two forms of the same thing, exactly one given: `alone`, or the `keys` (the
 * first n_required of them required).  E.g. bins {"edges"} or {"lo", "hi", "n"}. */
typedef struct {
    unsigned in;             /* variants where it applies (0: all) */
    const char *alone;
    const char *const *keys; /* NULL-terminated */
    int n_required;
    const char *give;        /* "give lo, hi, n or edges": ends "not allowed together with <alone> (...)" */
    const char *missing;     /* appended to "required key is missing" (" (or give values)"), or "" */
} cfg_alternative;

struct cfg_row {
    const char *key;
    cfg_type type;
    size_t offset;       /* the field, from the schema's base (CFG_OBJECT: the nested base) */
    unsigned in;         /* variants that have this key (0: all) */
    unsigned required;   /* variants that require it */
    unsigned flags;
    /* what is allowed */
    cfg_range range;     /* numbers, elements of number arrays */
    int min, max;        /* integers; entries of arrays */
    size_t size;         /* strings: buffer size; arrays of objects: element size */
    size_t count_offset; /* arrays: their int count */
    const char *const *names;   /* enums, name sets, strings from a list */
    const size_t *name_flags;   /* name sets: the int flag of names[i] */
    const cfg_schema *schema;   /* objects, arrays of objects, custom rows with sub-keys */
    /* default: numbers, integers, booleans, enum index, name-set mask, and
     * def_count values of number arrays; def_text for strings.  In the variants
     * alt_in the default is alt_def instead (set when the variant is read). */
    double def;
    const char *def_text;
    int def_count;
    unsigned alt_in;
    double alt_def;
    /* hooks (NULL: generic) */
    cfg_range (*range_of)(const cfg_frame *f);       /* the range depends on the object (scan axes) */
    int (*required_when)(const void *base);          /* required when absent and this holds */
    int (*written)(const void *base);                /* written only when this holds */
    /* instead of the generic reader (called whether the key is present or not) and writer */
    cevns_status (*read)(const cfg_frame *f, const cfg_row *row);
    void (*write)(cJSON *obj, const cfg_row *row, const void *base, int *ok);
    /* docs (docs/config.md): unit, meaning; type, default and allowed text
     * where the generated one would not say enough */
    const char *unit, *doc, *type_doc, *def_doc, *allowed_doc;
    /* a key of another variant: "not allowed with <selector> "<value>" (off_note)"
     * instead of "unknown key" */
    const char *off_note;
};

struct cfg_schema {
    const cfg_row *rows;
    size_t n_rows;
    int selector;                  /* row whose value is the variant, or CFG_NO_SELECTOR */
    const cfg_row *parent_selector;/* or: the parent's selector row, at the same offset of this base */
    int (*selector_required)(const void *base); /* the selector is required when this holds (else: its `required`) */
    const cfg_alternative *alternative;
    cevns_status (*check)(const cfg_frame *f); /* rules across keys, after the rows are read */
};

#define CFG_ROWS(rows) (rows), sizeof(rows) / sizeof((rows)[0])

/* ---------------------------------------------------------------- the tables */
extern const cfg_schema cfg_config_schema; /* the whole file (config_top.c) */
extern const cfg_schema cfg_source_schema;
extern const cfg_schema cfg_target_schema;
extern const cfg_schema cfg_detector_schema;
extern const cfg_schema cfg_data_schema;
extern const cfg_schema cfg_model_schema;
extern const cfg_schema cfg_quadrature_schema;
extern const cfg_schema cfg_scan_schema;
extern const cfg_schema cfg_output_schema;

/* experiment: source, target, detector, data (config_top.c), and the checks of one
 * experiment against the rest of the config (the top level's check). */
extern const cfg_schema cfg_experiment_schema;
cevns_status cfg_check_experiment(const cfg_frame *f);
/* The "experiments" of a joint fit (config_joint.c). */
cevns_status cfg_read_experiments(const cfg_frame *f, const cfg_row *row);
void cfg_write_experiments(cJSON *obj, const cfg_row *row, const void *base, int *ok);

/* The table of the scan axis names (config_scan.c): name, unit, allowed values, parameter. */
void cfg_doc_axis_names(FILE *out);

/* ---------------------------------------------------------------- config_walk.c */
/* The int at a row's offset (enums, integers, booleans, counts). */
int *cfg_int_field(void *base, size_t offset);
int cfg_int_value(const void *base, size_t offset);
/* The variant an object's struct is in (0 without variants); its selector row or NULL. */
const cfg_row *cfg_selector_row(const cfg_schema *s);
int cfg_variant_of(const cfg_schema *s, const void *base);
/* Whether a row belongs to a variant. */
int cfg_row_in(const cfg_row *row, int variant);
/* Read a whole object: selector, key checks, required keys, alternative forms,
 * each row of the variant, the schema's check. */
cevns_status cfg_read_object(cfg_frame *f, const cfg_schema *s);
/* The first steps only (selector, keys, required, alternative), for hooks that
 * read the rows themselves. */
cevns_status cfg_read_keys(cfg_frame *f, const cfg_schema *s);
/* One row's value, when present, into `field` (a double, an int, a char[size],
 * an unsigned mask for name sets, a double[] with its count into *count): the
 * generic reader of every type but objects and custom rows. */
cevns_status cfg_read_value(const cfg_frame *f, const cfg_row *row, void *field, int *count);
/* A frame for the object under row->key of f (*found 0 when absent). */
cevns_status cfg_sub_frame(const cfg_frame *f, const cfg_row *row, cfg_frame *sub, int *found);
/* The row of a schema with this key in the variant (NULL: none). */
const cfg_row *cfg_find_row(const cfg_schema *s, const char *key, int variant);

/* ---------------------------------------------------------------- config_write.c */
void cfg_put(cJSON *obj, const char *key, cJSON *item, int *ok);
void cfg_put_number(cJSON *obj, const char *key, double value, int *ok);
cJSON *cfg_put_object(cJSON *obj, const char *key, int *ok);
/* The rows of an object's variant that are to be written. */
void cfg_write_object(cJSON *obj, const cfg_schema *s, const void *base, int *ok);

/* ---------------------------------------------------------------- config_defaults.c */
/* Every row's default into its field (nested objects too). */
void cfg_defaults(const cfg_schema *s, void *base);
/* The defaults of the rows with a variant default (alt_in) for this variant. */
void cfg_variant_defaults(const cfg_schema *s, void *base, int variant);

#endif
