/* config_write.c - cevns_config_write_json: the resolved config (every default
 * filled in) in the schema the reader accepts, so that parsing the output gives
 * the same struct.  The rows of each object's variant are written in table
 * order, except those flagged CFG_OMIT_ZERO that are unset and those whose
 * `written` condition fails (config_schema.h).  The whole text is built in
 * memory and written at once: nothing reaches `out` when building it fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_schema.h"

/* Builders: each clears *ok when cJSON runs out of memory (a NULL parent, from
 * an earlier failure, fails too), so one check at the end covers them all. */
void cfg_put(cJSON *obj, const char *key, cJSON *item, int *ok) {
    if (!item || !obj || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        *ok = 0;
    }
}

void cfg_put_number(cJSON *obj, const char *key, double value, int *ok) {
    cfg_put(obj, key, cJSON_CreateNumber(value), ok);
}

cJSON *cfg_put_object(cJSON *obj, const char *key, int *ok) {
    cJSON *child = cJSON_CreateObject();
    cfg_put(obj, key, child, ok);
    return *ok ? child : NULL;
}

/* The names whose flag is set, as an array. */
static cJSON *name_set(const cfg_row *row, const void *base, int *ok) {
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; row->names[i] && arr; i++)
        if (cfg_int_value(base, row->name_flags[i]) && !cJSON_AddItemToArray(arr, cJSON_CreateString(row->names[i])))
            *ok = 0;
    return arr;
}

/* Each element of an array of objects with the rows of its variant. */
static cJSON *objects(const cfg_row *row, const void *base, int *ok) {
    cJSON *arr = cJSON_CreateArray();
    const char *first = (const char *)base + row->offset;
    for (int i = 0; arr && i < cfg_int_value(base, row->count_offset); i++) {
        cJSON *element = cJSON_CreateObject();
        if (!element || !cJSON_AddItemToArray(arr, element)) {
            cJSON_Delete(element);
            *ok = 0;
            break;
        }
        cfg_write_object(element, row->schema, first + (size_t)i * row->size, ok);
    }
    return arr;
}

static void write_row(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const void *field = (const char *)base + row->offset;
    if (row->write) {
        row->write(obj, row, base, ok);
        return;
    }
    switch (row->type) {
    case CFG_NUMBER: cfg_put_number(obj, row->key, *(const double *)field, ok); break;
    case CFG_INT: cfg_put_number(obj, row->key, *(const int *)field, ok); break;
    case CFG_BOOL: cfg_put(obj, row->key, cJSON_CreateBool(*(const int *)field), ok); break;
    case CFG_STRING: cfg_put(obj, row->key, cJSON_CreateString(field), ok); break;
    case CFG_ENUM:
        cfg_put(obj, row->key,
                cJSON_CreateString(row->names[row->flags & CFG_NO_FIELD ? (int)row->def : *(const int *)field]), ok);
        break;
    case CFG_NAME_SET: cfg_put(obj, row->key, name_set(row, base, ok), ok); break;
    case CFG_NUMBERS:
        cfg_put(obj, row->key, cJSON_CreateDoubleArray(field, cfg_int_value(base, row->count_offset)), ok);
        break;
    case CFG_OBJECT: cfg_write_object(cfg_put_object(obj, row->key, ok), row->schema, field, ok); break;
    case CFG_OBJECTS: cfg_put(obj, row->key, objects(row, base, ok), ok); break;
    case CFG_CUSTOM: *ok = 0; break; /* a custom row without a writer: a bug of the table */
    }
}

/* Unset: 0, "" or no entries. */
static int is_zero(const cfg_row *row, const void *base) {
    const void *field = (const char *)base + row->offset;
    switch (row->type) {
    case CFG_NUMBER: return *(const double *)field == 0.0;
    case CFG_INT:
    case CFG_BOOL:
    case CFG_ENUM: return *(const int *)field == 0;
    case CFG_STRING: return ((const char *)field)[0] == '\0';
    case CFG_NUMBERS:
    case CFG_OBJECTS: return cfg_int_value(base, row->count_offset) == 0;
    default: return 0;
    }
}

void cfg_write_object(cJSON *obj, const cfg_schema *s, const void *base, int *ok) {
    int variant = cfg_variant_of(s, base);
    for (size_t i = 0; i < s->n_rows; i++) {
        const cfg_row *row = &s->rows[i];
        if (!cfg_row_in(row, variant) || ((row->flags & CFG_OMIT_ZERO) && is_zero(row, base)) ||
            (row->written && !row->written(base)))
            continue;
        write_row(obj, row, base, ok);
    }
}

cevns_status cevns_config_write_json(const cevns_config *cfg, FILE *out, cevns_error *err) {
    int ok = 1;
    cJSON *root = cJSON_CreateObject();
    char *text;
    size_t len;
    if (!root) ok = 0;
    cfg_write_object(root, &cfg_config_schema, cfg, &ok);
    text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory writing the resolved config", cfg->path);
    len = strlen(text);
    text[len] = '\n'; /* replaces the NUL: the buffer is written by length */
    if (fwrite(text, 1, len + 1, out) != len + 1 || fflush(out) != 0) {
        cJSON_free(text);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot write the resolved config", cfg->path);
    }
    cJSON_free(text);
    return CEVNS_OK;
}
