/* config_walk.c - the generic reader: walks the rows of an object's schema
 * (config_schema.h).  For each object: the selector and with it the variant,
 * unknown and repeated keys, required keys, the alternative forms, then every
 * row of the variant in table order (typed checks of config_value.c, nested
 * objects, arrays of objects, or the row's hook), the distinct file columns, and
 * last the schema's own check of the rules that involve several keys. */
#include <stdio.h>
#include <string.h>

#include "config/config_schema.h"

/* Fields are reached through void *: the offsets come from offsetof, so they are aligned. */
int *cfg_int_field(void *base, size_t offset) {
    void *field = (char *)base + offset;
    return field;
}

int cfg_int_value(const void *base, size_t offset) {
    const void *field = (const char *)base + offset;
    return *(const int *)field;
}

const cfg_row *cfg_selector_row(const cfg_schema *s) {
    return s->selector != CFG_NO_SELECTOR ? &s->rows[s->selector] : s->parent_selector;
}

int cfg_variant_of(const cfg_schema *s, const void *base) {
    const cfg_row *selector = cfg_selector_row(s);
    return selector ? cfg_int_value(base, selector->offset) : 0;
}

int cfg_row_in(const cfg_row *row, int variant) { return row->in == 0 || (row->in & CFG_IN(variant)) != 0; }

const cfg_row *cfg_find_row(const cfg_schema *s, const char *key, int variant) {
    for (size_t i = 0; i < s->n_rows; i++)
        if (cfg_row_in(&s->rows[i], variant) && strcmp(s->rows[i].key, key) == 0) return &s->rows[i];
    return NULL;
}

/* A row with this key in any variant (for keys of another variant). */
static const cfg_row *find_row_anywhere(const cfg_schema *s, const char *key) {
    for (size_t i = 0; i < s->n_rows; i++)
        if (strcmp(s->rows[i].key, key) == 0) return &s->rows[i];
    return NULL;
}

cevns_status cfg_sub_frame(const cfg_frame *f, const cfg_row *row, cfg_frame *sub, int *found) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(f->obj, row->key);
    *found = item != NULL;
    if (!item) return CEVNS_OK;
    if (!cJSON_IsObject(item)) return cfg_wrong_type(f->ctx, f->path, row->key, "an object", item);
    sub->ctx = f->ctx;
    sub->obj = item;
    cfg_join_path(sub->path, sizeof sub->path, f->path, row->key);
    sub->base = (char *)f->base + row->offset;
    sub->parent = f;
    sub->index = -1;
    sub->variant = 0;
    return CEVNS_OK;
}

cevns_status cfg_read_value(const cfg_frame *f, const cfg_row *row, void *field, int *count) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(f->obj, row->key);
    cfg_range range = row->range_of ? row->range_of(f) : row->range;
    int index;
    if (!item) return CEVNS_OK;
    switch (row->type) {
    case CFG_NUMBER: return cfg_check_number(f->ctx, item, f->path, row->key, range, field);
    case CFG_INT: return cfg_check_int(f->ctx, item, f->path, row->key, row->min, row->max, field);
    case CFG_BOOL: return cfg_check_bool(f->ctx, item, f->path, row->key, field);
    case CFG_STRING:
        if (!row->names) return cfg_check_string(f->ctx, item, f->path, row->key, field, row->size);
        CFG_TRY(cfg_check_name(f->ctx, item, f->path, row->key, row->names, &index));
        cfg_copy_string(field, row->size, row->names[index]);
        return CEVNS_OK;
    case CFG_ENUM:
        CFG_TRY(cfg_check_name(f->ctx, item, f->path, row->key, row->names, &index));
        *(int *)field = index;
        return CEVNS_OK;
    case CFG_NAME_SET: return cfg_check_name_set(f->ctx, item, f->path, row->key, row->names, field);
    case CFG_NUMBERS:
        return cfg_check_numbers(f->ctx, item, f->path, row->key, range, row->min, row->max, field, count);
    case CFG_OBJECT:
    case CFG_OBJECTS:
    case CFG_CUSTOM: break;
    }
    return cevns_error_set(f->ctx->err, CEVNS_EINTERNAL, "%s: %s.%s: no generic reader for this key", f->ctx->file,
                           f->path, row->key);
}

/* The selector (and so the variant), required when the schema says so. */
static cevns_status read_selector(cfg_frame *f, const cfg_schema *s) {
    const cfg_row *selector;
    int required;
    if (s->selector == CFG_NO_SELECTOR) {
        f->variant = cfg_variant_of(s, f->base);
        return CEVNS_OK;
    }
    selector = &s->rows[s->selector];
    required = s->selector_required ? s->selector_required(f->base) : selector->required != 0;
    if (required && !cfg_has(f->obj, selector->key))
        return cfg_fail(f->ctx, f->path, selector->key, "required key is missing");
    CFG_TRY(cfg_read_value(f, selector, cfg_int_field(f->base, selector->offset), NULL));
    f->variant = cfg_variant_of(s, f->base);
    cfg_variant_defaults(s, f->base, f->variant);
    return CEVNS_OK;
}

/* A key the variant does not have: a note when another variant has it, else the
 * list of the allowed keys. */
static cevns_status unknown_key(const cfg_frame *f, const cfg_schema *s, const char *key) {
    const cfg_row *selector = cfg_selector_row(s), *elsewhere = find_row_anywhere(s, key);
    const char *value = selector ? selector->names[f->variant] : "";
    char what[96] = "", list[512];
    size_t used = 0;
    if (selector && elsewhere && elsewhere->off_note)
        return cfg_fail(f->ctx, f->path, key, "not allowed with %s \"%s\" (%s)", selector->key, value,
                        elsewhere->off_note);
    if (selector) snprintf(what, sizeof what, " for %s \"%s\"", selector->key, value);
    list[0] = '\0';
    for (size_t i = 0; i < s->n_rows && used < sizeof list; i++)
        if (cfg_row_in(&s->rows[i], f->variant))
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", s->rows[i].key);
    return cfg_fail(f->ctx, f->path, key, "unknown key (allowed%s: %s)", what, list);
}

/* Every member is a key of the variant, and appears once. */
static cevns_status check_keys(const cfg_frame *f, const cfg_schema *s) {
    for (const cJSON *item = f->obj->child; item; item = item->next) {
        if (!cfg_find_row(s, item->string, f->variant)) return unknown_key(f, s, item->string);
        for (const cJSON *later = item->next; later; later = later->next)
            if (strcmp(later->string, item->string) == 0)
                return cfg_fail(f->ctx, f->path, item->string, "key given more than once");
    }
    return CEVNS_OK;
}

static cevns_status check_required(const cfg_frame *f, const cfg_schema *s) {
    for (size_t i = 0; i < s->n_rows; i++) {
        const cfg_row *row = &s->rows[i];
        if (cfg_row_in(row, f->variant) && (row->required & CFG_IN(f->variant)) && !cfg_has(f->obj, row->key))
            return cfg_fail(f->ctx, f->path, row->key, "required key is missing");
    }
    return CEVNS_OK;
}

/* `alone`, or the other keys (the first n_required of them required), not both. */
static cevns_status check_alternative(const cfg_frame *f, const cfg_alternative *a) {
    if (!a || (a->in && !(a->in & CFG_IN(f->variant)))) return CEVNS_OK;
    if (cfg_has(f->obj, a->alone)) {
        for (int i = 0; a->keys[i]; i++)
            if (cfg_has(f->obj, a->keys[i]))
                return cfg_fail(f->ctx, f->path, a->keys[i], "not allowed together with %s (%s)", a->alone, a->give);
        return CEVNS_OK;
    }
    for (int i = 0; i < a->n_required; i++)
        if (!cfg_has(f->obj, a->keys[i]))
            return cfg_fail(f->ctx, f->path, a->keys[i], "required key is missing%s", a->missing);
    return CEVNS_OK;
}

cevns_status cfg_read_keys(cfg_frame *f, const cfg_schema *s) {
    CFG_TRY(read_selector(f, s));
    CFG_TRY(check_keys(f, s));
    CFG_TRY(check_required(f, s));
    return check_alternative(f, s->alternative);
}

/* An array of objects: each element starts from the defaults of its rows. */
static cevns_status read_objects(const cfg_frame *f, const cfg_row *row) {
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(f->obj, row->key);
    int count = 0;
    if (!arr) return CEVNS_OK;
    CFG_TRY(cfg_check_array(f->ctx, arr, f->path, row->key, row->min, row->max));
    for (const cJSON *item = arr->child; item; item = item->next, count++) {
        cfg_frame element = {f->ctx, item, "", (char *)f->base + row->offset + (size_t)count * row->size, f, count, 0};
        char key[CFG_PATH_MAX];
        snprintf(key, sizeof key, "%s[%d]", row->key, count);
        if (!cJSON_IsObject(item)) return cfg_wrong_type(f->ctx, f->path, key, "an object", item);
        cfg_join_path(element.path, sizeof element.path, f->path, key);
        memset(element.base, 0, row->size);
        cfg_defaults(row->schema, element.base);
        CFG_TRY(cfg_read_object(&element, row->schema));
    }
    *cfg_int_field(f->base, row->count_offset) = count;
    return CEVNS_OK;
}

static cevns_status read_row(const cfg_frame *f, const cfg_row *row) {
    void *field = (char *)f->base + row->offset;
    cfg_frame sub;
    int found;
    unsigned mask;
    int ignored;
    if (row->read) return row->read(f, row);
    if (!cfg_has(f->obj, row->key)) {
        if (row->required_when && row->required_when(f->base))
            return cfg_fail(f->ctx, f->path, row->key, "required key is missing");
        return CEVNS_OK;
    }
    switch (row->type) {
    case CFG_OBJECT:
        CFG_TRY(cfg_sub_frame(f, row, &sub, &found));
        return cfg_read_object(&sub, row->schema);
    case CFG_OBJECTS: return read_objects(f, row);
    case CFG_NAME_SET:
        CFG_TRY(cfg_read_value(f, row, &mask, NULL));
        for (int i = 0; row->names[i]; i++) *cfg_int_field(f->base, row->name_flags[i]) = (mask >> i) & 1u;
        return CEVNS_OK;
    default:
        if (row->flags & CFG_NO_FIELD) return cfg_read_value(f, row, &ignored, NULL);
        return cfg_read_value(f, row, field, cfg_int_field(f->base, row->count_offset));
    }
}

/* The non-zero file columns of an object differ ("must differ from observed (column 2)"). */
static cevns_status check_columns(const cfg_frame *f, const cfg_schema *s) {
    for (size_t i = 0; i < s->n_rows; i++) {
        const cfg_row *a = &s->rows[i];
        int column = cfg_int_value(f->base, a->offset);
        if (!(a->flags & CFG_COLUMN) || !cfg_row_in(a, f->variant) || column <= 0) continue;
        for (size_t j = 0; j < i; j++) {
            const cfg_row *b = &s->rows[j];
            if ((b->flags & CFG_COLUMN) && cfg_row_in(b, f->variant) && cfg_int_value(f->base, b->offset) == column)
                return cfg_fail(f->ctx, f->path, a->key, "must differ from %s (column %d)", b->key, column);
        }
    }
    return CEVNS_OK;
}

cevns_status cfg_read_object(cfg_frame *f, const cfg_schema *s) {
    CFG_TRY(cfg_read_keys(f, s));
    for (size_t i = 0; i < s->n_rows; i++)
        if ((int)i != s->selector && cfg_row_in(&s->rows[i], f->variant)) CFG_TRY(read_row(f, &s->rows[i]));
    CFG_TRY(check_columns(f, s));
    return s->check ? s->check(f) : CEVNS_OK;
}
