/* config_value.c - the typed checks of one JSON value: its type, its range or
 * allowed names, its size; each error names the file and the full key path and
 * says what is allowed and what was found. */
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

cevns_status cfg_wrong_type(const cfg_ctx *ctx, const char *path, const char *key, const char *wanted,
                            const cJSON *item) {
    if (cJSON_IsString(item))
        return cfg_fail(ctx, path, key, "must be %s, got the string \"%.64s\"", wanted, item->valuestring);
    if (cJSON_IsNumber(item)) return cfg_fail(ctx, path, key, "must be %s, got the number %g", wanted, item->valuedouble);
    return cfg_fail(ctx, path, key, "must be %s, got %s", wanted, json_type_name(item));
}

void cfg_join_names(char *out, size_t size, const char *const *names, const char *quote) {
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; names[i] && used < size; i++) {
        int w = snprintf(out + used, size - used, "%s%s%s%s", i ? ", " : "", quote, names[i], quote);
        if (w < 0) break;
        used += (size_t)w;
    }
}

int cfg_name_index(const char *const *names, const char *name) {
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

static int in_range(double v, cfg_range r) {
    int above = r.lo_open ? v > r.lo : v >= r.lo;
    int below = r.hi_open ? v < r.hi : v <= r.hi;
    return above && below;
}

void cfg_describe_range(char *out, size_t size, cfg_range r, int math) {
    int has_lo = isfinite(r.lo), has_hi = isfinite(r.hi);
    if (has_lo && has_hi)
        snprintf(out, size, "in %c%g, %g%c", r.lo_open ? '(' : '[', r.lo, r.hi, r.hi_open ? ')' : ']');
    else if (has_lo)
        snprintf(out, size, "%s %g", r.lo_open ? ">" : math ? "≥" : ">=", r.lo);
    else if (has_hi)
        snprintf(out, size, "%s %g", r.hi_open ? "<" : math ? "≤" : "<=", r.hi);
    else
        snprintf(out, size, "%s", math ? "finite" : "a finite number");
}

cevns_status cfg_check_number(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                              cfg_range range, double *out) {
    char allowed[96];
    if (!cJSON_IsNumber(item)) return cfg_wrong_type(ctx, path, key, "a number", item);
    if (!isfinite(item->valuedouble))
        return cfg_fail(ctx, path, key, "must be a finite number, got %g", item->valuedouble);
    if (!in_range(item->valuedouble, range)) {
        cfg_describe_range(allowed, sizeof allowed, range, 0);
        return cfg_fail(ctx, path, key, "must be %s, got %g", allowed, item->valuedouble);
    }
    *out = item->valuedouble;
    return CEVNS_OK;
}

cevns_status cfg_check_int(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, int lo, int hi,
                           int *out) {
    double v;
    if (!cJSON_IsNumber(item)) return cfg_wrong_type(ctx, path, key, "an integer", item);
    v = item->valuedouble;
    if (!isfinite(v) || v != floor(v) || v < lo || v > hi)
        return cfg_fail(ctx, path, key, "must be an integer in [%d, %d], got %g", lo, hi, v);
    *out = (int)v;
    return CEVNS_OK;
}

cevns_status cfg_check_bool(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, int *out) {
    if (!cJSON_IsBool(item)) return cfg_wrong_type(ctx, path, key, "true or false", item);
    *out = cJSON_IsTrue(item) ? 1 : 0;
    return CEVNS_OK;
}

/* The string of an item checked to be a non-empty string; NULL after an error. */
static const char *checked_string(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                                  cevns_status *st) {
    *st = CEVNS_OK;
    if (!cJSON_IsString(item)) {
        *st = cfg_wrong_type(ctx, path, key, "a string", item);
        return NULL;
    }
    if (item->valuestring[0] == '\0') {
        *st = cfg_fail(ctx, path, key, "must be a non-empty string");
        return NULL;
    }
    return item->valuestring;
}

cevns_status cfg_check_string(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, char *out,
                              size_t size) {
    cevns_status st;
    const char *s = checked_string(ctx, item, path, key, &st);
    if (!s) return st;
    if (strlen(s) >= size)
        return cfg_fail(ctx, path, key, "must be at most %zu characters, got %zu", size - 1, strlen(s));
    cfg_copy_string(out, size, s);
    return CEVNS_OK;
}

cevns_status cfg_check_name(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                            const char *const *names, int *index) {
    cevns_status st;
    const char *s = checked_string(ctx, item, path, key, &st);
    char list[256];
    if (!s) return st;
    *index = cfg_name_index(names, s);
    if (*index >= 0) return CEVNS_OK;
    cfg_join_names(list, sizeof list, names, "\"");
    return cfg_fail(ctx, path, key, "must be one of %s, got \"%.64s\"", list, s);
}

cevns_status cfg_check_name_set(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                                const char *const *names, unsigned *mask) {
    unsigned seen = 0;
    int i = 0;
    if (!cJSON_IsArray(item)) return cfg_wrong_type(ctx, path, key, "an array of names", item);
    if (!item->child) return cfg_fail(ctx, path, key, "must not be empty");
    for (const cJSON *name = item->child; name; name = name->next, i++) {
        char element[CFG_PATH_MAX];
        int index;
        snprintf(element, sizeof element, "%s[%d]", key, i);
        CFG_TRY(cfg_check_name(ctx, name, path, element, names, &index));
        if (seen & (1u << index)) return cfg_fail(ctx, path, element, "\"%s\" is listed twice", names[index]);
        seen |= 1u << index;
    }
    *mask = seen;
    return CEVNS_OK;
}

cevns_status cfg_check_array(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key, int min_n,
                             int max_n) {
    int count;
    if (!cJSON_IsArray(item)) return cfg_wrong_type(ctx, path, key, "an array", item);
    count = cJSON_GetArraySize(item);
    if (count < min_n || count > max_n) {
        if (min_n == 0) return cfg_fail(ctx, path, key, "must have at most %d entries, got %d", max_n, count);
        return cfg_fail(ctx, path, key, "must have %d to %d entries, got %d", min_n, max_n, count);
    }
    return CEVNS_OK;
}

cevns_status cfg_check_numbers(const cfg_ctx *ctx, const cJSON *item, const char *path, const char *key,
                               cfg_range range, int min_n, int max_n, double *out, int *n) {
    int count;
    if (!cJSON_IsArray(item)) return cfg_wrong_type(ctx, path, key, "an array of numbers", item);
    count = cJSON_GetArraySize(item);
    if (count < min_n || count > max_n)
        return cfg_fail(ctx, path, key, "must have %d to %d values, got %d", min_n, max_n, count);
    count = 0;
    for (const cJSON *value = item->child; value; value = value->next, count++) {
        char element[CFG_PATH_MAX];
        snprintf(element, sizeof element, "%s[%d]", key, count);
        CFG_TRY(cfg_check_number(ctx, value, path, element, range, &out[count]));
    }
    *n = count;
    return CEVNS_OK;
}

cevns_status cfg_check_increasing(const cfg_ctx *ctx, const char *path, const char *key, const char *what,
                                  const double *values, int n, int digits) {
    for (int i = 1; i < n; i++)
        if (!(values[i] > values[i - 1])) {
            char element[CFG_PATH_MAX];
            snprintf(element, sizeof element, "%s[%d]", key, i);
            return cfg_fail(ctx, path, element, "%s must increase strictly: must be > %.*g, got %.*g", what, digits,
                            values[i - 1], digits, values[i]);
        }
    return CEVNS_OK;
}
