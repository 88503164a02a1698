/* config_defaults.c - cevns_config_defaults: every field from the default of its
 * row in the tables (config_schema.h); custom rows and arrays of objects start
 * empty (zero). */
#include <string.h>

#include "config/config_schema.h"

static void set_number(const cfg_row *row, void *base, double value) {
    void *field = (char *)base + row->offset;
    if (row->type == CFG_NUMBER)
        *(double *)field = value;
    else
        *(int *)field = (int)value;
}

static void row_default(const cfg_row *row, void *base) {
    void *field = (char *)base + row->offset;
    unsigned mask = (unsigned)row->def;
    if (row->flags & CFG_NO_FIELD) return;
    switch (row->type) {
    case CFG_NUMBER:
    case CFG_INT:
    case CFG_BOOL:
    case CFG_ENUM: set_number(row, base, row->def); break;
    case CFG_STRING: cfg_copy_string(field, row->size, row->def_text ? row->def_text : ""); break;
    case CFG_NAME_SET:
        for (int i = 0; row->names[i]; i++) *cfg_int_field(base, row->name_flags[i]) = (mask >> i) & 1u;
        break;
    case CFG_NUMBERS:
        for (int i = 0; i < row->def_count; i++) ((double *)field)[i] = row->def;
        *cfg_int_field(base, row->count_offset) = row->def_count;
        break;
    case CFG_OBJECT: cfg_defaults(row->schema, field); break;
    case CFG_OBJECTS: *cfg_int_field(base, row->count_offset) = 0; break;
    case CFG_CUSTOM: break;
    }
}

void cfg_defaults(const cfg_schema *s, void *base) {
    for (size_t i = 0; i < s->n_rows; i++) row_default(&s->rows[i], base);
}

void cfg_variant_defaults(const cfg_schema *s, void *base, int variant) {
    for (size_t i = 0; i < s->n_rows; i++)
        if (s->rows[i].alt_in & CFG_IN(variant)) set_number(&s->rows[i], base, s->rows[i].alt_def);
}

void cevns_config_defaults(cevns_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg_copy_string(cfg->base_dir, sizeof cfg->base_dir, ".");
    cfg_defaults(&cfg_config_schema, cfg);
}
