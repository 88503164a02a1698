/* config_schema.c - the typed accessors: one per JSON type, each checking type,
 * range and key set, and naming the file and the full key path on error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

void cfg_join_path(char *out, size_t size, const char *path, const char *key) {
    if (!key[0])
        snprintf(out, size, "%s", path);
    else if (path && path[0])
        snprintf(out, size, "%s.%s", path, key);
    else
        snprintf(out, size, "%s", key);
}

void cfg_copy_string(char *out, size_t size, const char *in) {
    size_t n = strlen(in);
    if (n >= size) n = size - 1;
    memset(out, 0, size);
    memcpy(out, in, n);
}

cevns_status cfg_fail(const cfg_ctx *ctx, const char *path, const char *key, const char *fmt, ...) {
    char where[CFG_PATH_MAX];
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    cfg_join_path(where, sizeof where, path, key);
    return cevns_error_set(ctx->err, CEVNS_ECONFIG, "%s: %s: %s", ctx->file, where, what);
}

int cfg_has(const cJSON *obj, const char *key) { return cJSON_GetObjectItemCaseSensitive(obj, key) != NULL; }

static const char *json_type_name(const cJSON *item) {
    if (cJSON_IsNumber(item)) return "a number";
    if (cJSON_IsString(item)) return "a string";
    if (cJSON_IsBool(item)) return "a boolean";
    if (cJSON_IsNull(item)) return "null";
    if (cJSON_IsArray(item)) return "an array";
    if (cJSON_IsObject(item)) return "an object";
    return "an invalid value";
}

static cevns_status wrong_type(const cfg_ctx *ctx, const char *path, const char *key, const char *wanted,
                               const cJSON *item) {
    if (cJSON_IsString(item))
        return cfg_fail(ctx, path, key, "must be %s, got the string \"%.64s\"", wanted, item->valuestring);
    if (cJSON_IsNumber(item)) return cfg_fail(ctx, path, key, "must be %s, got the number %g", wanted, item->valuedouble);
    return cfg_fail(ctx, path, key, "must be %s, got %s", wanted, json_type_name(item));
}

/* "a, b, c" from a NULL-terminated list. */
static void join_names(char *out, size_t size, const char *const *names, const char *quote) {
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; names[i] && used < size; i++) {
        int w = snprintf(out + used, size - used, "%s%s%s%s", i ? ", " : "", quote, names[i], quote);
        if (w < 0) break;
        used += (size_t)w;
    }
}

static int name_index(const char *const *names, const char *name) {
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

cevns_status cfg_check_keys(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *const *allowed,
                            const char *what) {
    for (const cJSON *item = obj->child; item; item = item->next) {
        if (name_index(allowed, item->string) < 0) {
            char list[512];
            join_names(list, sizeof list, allowed, "");
            return cfg_fail(ctx, path, item->string, "unknown key (allowed%s%s: %s)", what ? " " : "", what ? what : "",
                            list);
        }
        for (const cJSON *later = item->next; later; later = later->next)
            if (strcmp(later->string, item->string) == 0)
                return cfg_fail(ctx, path, item->string, "key given more than once");
    }
    return CEVNS_OK;
}

cevns_status cfg_require_keys(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *const *required) {
    for (size_t i = 0; required[i]; i++)
        if (!cfg_has(obj, required[i])) return cfg_fail(ctx, path, required[i], "required key is missing");
    return CEVNS_OK;
}

cevns_status cfg_object(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, const cJSON **out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!item) return CEVNS_OK;
    if (!cJSON_IsObject(item)) return wrong_type(ctx, path, key, "an object", item);
    *out = item;
    return CEVNS_OK;
}

static int in_range(double v, cfg_range r) {
    int above = r.lo_open ? v > r.lo : v >= r.lo;
    int below = r.hi_open ? v < r.hi : v <= r.hi;
    return above && below;
}

/* "> 0", ">= 0", "in (0, 0.001]" or "a finite number". */
static void describe_range(char *out, size_t size, cfg_range r) {
    int has_lo = isfinite(r.lo), has_hi = isfinite(r.hi);
    if (has_lo && has_hi)
        snprintf(out, size, "in %c%g, %g%c", r.lo_open ? '(' : '[', r.lo, r.hi, r.hi_open ? ')' : ']');
    else if (has_lo)
        snprintf(out, size, "%s %g", r.lo_open ? ">" : ">=", r.lo);
    else if (has_hi)
        snprintf(out, size, "%s %g", r.hi_open ? "<" : "<=", r.hi);
    else
        snprintf(out, size, "a finite number");
}

/* The checks of cfg_number on an item already looked up (shared with arrays). */
static cevns_status check_number(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                                 cfg_range range, double *out) {
    char allowed[96];
    if (!cJSON_IsNumber(item)) return wrong_type(ctx, path, key, "a number", item);
    if (!isfinite(item->valuedouble))
        return cfg_fail(ctx, path, key, "must be a finite number, got %g", item->valuedouble);
    if (!in_range(item->valuedouble, range)) {
        describe_range(allowed, sizeof allowed, range);
        return cfg_fail(ctx, path, key, "must be %s, got %g", allowed, item->valuedouble);
    }
    *out = item->valuedouble;
    return CEVNS_OK;
}

cevns_status cfg_number(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, cfg_range range,
                        double *out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) return CEVNS_OK;
    return check_number(ctx, item, path, key, range, out);
}

cevns_status cfg_int(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int lo, int hi,
                     int *out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    double v;
    if (!item) return CEVNS_OK;
    if (!cJSON_IsNumber(item)) return wrong_type(ctx, path, key, "an integer", item);
    v = item->valuedouble;
    if (!isfinite(v) || v != floor(v) || v < lo || v > hi)
        return cfg_fail(ctx, path, key, "must be an integer in [%d, %d], got %g", lo, hi, v);
    *out = (int)v;
    return CEVNS_OK;
}

cevns_status cfg_bool(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int *out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) return CEVNS_OK;
    if (!cJSON_IsBool(item)) return wrong_type(ctx, path, key, "true or false", item);
    *out = cJSON_IsTrue(item) ? 1 : 0;
    return CEVNS_OK;
}

/* The string of an item checked to be a non-empty string; NULL after an error. */
static const char *checked_string(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                                  cevns_status *st) {
    *st = CEVNS_OK;
    if (!cJSON_IsString(item)) {
        *st = wrong_type(ctx, path, key, "a string", item);
        return NULL;
    }
    if (item->valuestring[0] == '\0') {
        *st = cfg_fail(ctx, path, key, "must be a non-empty string");
        return NULL;
    }
    return item->valuestring;
}

cevns_status cfg_string(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, char *out,
                        size_t size) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    cevns_status st;
    const char *s;
    if (!item) return CEVNS_OK;
    s = checked_string(ctx, item, path, key, &st);
    if (!s) return st;
    if (strlen(s) >= size)
        return cfg_fail(ctx, path, key, "must be at most %zu characters, got %zu", size - 1, strlen(s));
    cfg_copy_string(out, size, s);
    return CEVNS_OK;
}

/* Index of an item's string in names, or an error listing them. */
static cevns_status checked_name(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                                 const char *const *names, int *index) {
    cevns_status st;
    const char *s = checked_string(ctx, item, path, key, &st);
    char list[256];
    if (!s) return st;
    *index = name_index(names, s);
    if (*index >= 0) return CEVNS_OK;
    join_names(list, sizeof list, names, "\"");
    return cfg_fail(ctx, path, key, "must be one of %s, got \"%.64s\"", list, s);
}

cevns_status cfg_enum(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                      const char *const *names, int *out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) return CEVNS_OK;
    return checked_name(ctx, item, path, key, names, out);
}

cevns_status cfg_name_set(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                          const char *const *names, unsigned *mask) {
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    unsigned seen = 0;
    int i = 0;
    if (!arr) return CEVNS_OK;
    if (!cJSON_IsArray(arr)) return wrong_type(ctx, path, key, "an array of names", arr);
    if (!arr->child) return cfg_fail(ctx, path, key, "must not be empty");
    for (const cJSON *item = arr->child; item; item = item->next, i++) {
        char element[CFG_PATH_MAX];
        int index;
        cevns_status st;
        snprintf(element, sizeof element, "%s[%d]", key, i);
        st = checked_name(ctx, item, path, element, names, &index);
        if (st != CEVNS_OK) return st;
        if (seen & (1u << index)) return cfg_fail(ctx, path, element, "\"%s\" is listed twice", names[index]);
        seen |= 1u << index;
    }
    *mask = seen;
    return CEVNS_OK;
}

cevns_status cfg_array(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key, int min_n, int max_n,
                       const cJSON **out) {
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    int count;
    *out = NULL;
    if (!arr) return CEVNS_OK;
    if (!cJSON_IsArray(arr)) return wrong_type(ctx, path, key, "an array", arr);
    count = cJSON_GetArraySize(arr);
    if (count < min_n || count > max_n) {
        if (min_n == 0) return cfg_fail(ctx, path, key, "must have at most %d entries, got %d", max_n, count);
        return cfg_fail(ctx, path, key, "must have %d to %d entries, got %d", min_n, max_n, count);
    }
    *out = arr;
    return CEVNS_OK;
}

cevns_status cfg_element_object(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key) {
    if (!cJSON_IsObject(item)) return wrong_type(ctx, path, key, "an object", item);
    return CEVNS_OK;
}

cevns_status cfg_number_array(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                              cfg_range range, int min_n, int max_n, double *out, int *n) {
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    int count;
    if (!arr) return CEVNS_OK;
    if (!cJSON_IsArray(arr)) return wrong_type(ctx, path, key, "an array of numbers", arr);
    count = cJSON_GetArraySize(arr);
    if (count < min_n || count > max_n)
        return cfg_fail(ctx, path, key, "must have %d to %d values, got %d", min_n, max_n, count);
    count = 0;
    for (const cJSON *item = arr->child; item; item = item->next, count++) {
        char element[CFG_PATH_MAX];
        cevns_status st;
        snprintf(element, sizeof element, "%s[%d]", key, count);
        st = check_number(ctx, item, path, element, range, &out[count]);
        if (st != CEVNS_OK) return st;
    }
    *n = count;
    return CEVNS_OK;
}

cevns_status cfg_variant_object(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *const *type_names,
                                const cfg_variant *variants, int type_required, int *type) {
    char what[80];
    if (type_required && !cfg_has(obj, "type")) return cfg_fail(ctx, path, "type", "required key is missing");
    CFG_TRY(cfg_enum(ctx, obj, path, "type", type_names, type));
    snprintf(what, sizeof what, "for type \"%s\"", type_names[*type]);
    CFG_TRY(cfg_check_keys(ctx, obj, path, variants[*type].keys, what));
    return cfg_require_keys(ctx, obj, path, variants[*type].required);
}
