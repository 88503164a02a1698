/* config_doc.c - cevns_config_doc_markdown: docs/config.md from its template
 * (docs/config.md.in) and the tables of config_schema.h.  Each marker line
 * "<!-- config-table PATH -->" becomes a Markdown table of the keys of that
 * section: key, type, unit, default, allowed values, meaning (and first the
 * variants that have the key, for a section with a "type").  The type, default
 * and allowed values are generated from the row (its type, default, range or
 * names), completed by its doc texts.  "<!-- config-axis-names -->" becomes the
 * table of the scan axis names (config_scan.c).  The tables are checked on the
 * way (a key twice in one variant, an object without rows, a custom row without
 * hooks, a key without doc), and every section must have its table in the
 * template, so the CTest test that keeps docs/config.md current checks them too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_schema.h"

#define CELL_MAX 1024
#define MARKER "<!-- config-table "
#define AXES_MARKER "<!-- config-axis-names -->"

/* ---------------------------------------------------------------- cells */
/* How names are written: `"sm"` (a value in the text), "sm" (inside a code
 * span), sm (a variant). */
typedef enum { CODE, QUOTED, PLAIN } name_style;

/* The names of the set bits of mask (~0u: all) from a NULL-terminated list, joined by ", ". */
static void names_cell(char *out, size_t size, const char *const *names, unsigned mask, name_style style) {
    static const char *const open[] = {"`\"", "\"", ""}, *const close[] = {"\"`", "\"", ""};
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; names[i] && used < size; i++)
        if (mask & (1u << i))
            used += (size_t)snprintf(out + used, size - used, "%s%s%s%s", used ? ", " : "", open[style], names[i],
                                     close[style]);
}

static void type_cell(char *out, size_t size, const cfg_row *row) {
    static const char *const types[] = {"number", "integer", "boolean", "string", "string", "array of names",
                                        "array of numbers", "object", "array of objects", ""};
    if (row->type_doc)
        snprintf(out, size, "%s", row->type_doc);
    else if (row->type == CFG_STRING && !row->names)
        snprintf(out, size, "string (≤ %zu chars)", row->size - 1);
    else
        snprintf(out, size, "%s", types[row->type]);
}

static void default_cell(char *out, size_t size, const cfg_row *row) {
    char list[CELL_MAX / 2];
    if (row->def_doc) {
        snprintf(out, size, "%s", row->def_doc);
        return;
    }
    if (row->required) {
        snprintf(out, size, "— (required)");
        return;
    }
    switch (row->type) {
    case CFG_NUMBER: snprintf(out, size, "%g", row->def); break;
    case CFG_INT: snprintf(out, size, "%d", (int)row->def); break;
    case CFG_BOOL: snprintf(out, size, "`%s`", row->def != 0.0 ? "true" : "false"); break;
    case CFG_STRING:
        if (row->def_text && row->def_text[0])
            snprintf(out, size, "`\"%s\"`", row->def_text);
        else
            snprintf(out, size, "none");
        break;
    case CFG_ENUM: snprintf(out, size, "`\"%s\"`", row->names[(int)row->def]); break;
    case CFG_NAME_SET:
        names_cell(list, sizeof list, row->names, (unsigned)row->def, QUOTED);
        snprintf(out, size, "`[%s]`", list);
        break;
    case CFG_NUMBERS:
        if (row->def_count == 1)
            snprintf(out, size, "`[%g]`", row->def);
        else
            snprintf(out, size, "none");
        break;
    case CFG_OBJECT: snprintf(out, size, "all defaults"); break;
    case CFG_OBJECTS: snprintf(out, size, "`[]`"); break;
    case CFG_CUSTOM: snprintf(out, size, "—"); break;
    }
}

/* What the reader accepts, from the row's type, range, names and sizes. */
static void allowed_cell(char *out, size_t size, const cfg_row *row) {
    char range[96] = "", list[CELL_MAX / 2] = "";
    size_t used;
    if (!row->range_of) cfg_describe_range(range, sizeof range, row->range, 1);
    switch (row->type) {
    case CFG_NUMBER: snprintf(out, size, "%s", range); break;
    case CFG_INT: snprintf(out, size, "%d..%d", row->min, row->max); break;
    case CFG_STRING:
    case CFG_ENUM:
        if (row->names) names_cell(out, size, row->names, ~0u, CODE);
        else out[0] = '\0';
        break;
    case CFG_NAME_SET:
        names_cell(list, sizeof list, row->names, ~0u, CODE);
        snprintf(out, size, "non-empty, no repeats, from %s", list);
        break;
    case CFG_NUMBERS:
        snprintf(out, size, "%d to %d values%s%s", row->min, row->max, range[0] ? ", each " : "", range);
        break;
    case CFG_OBJECTS:
        if (row->min == 0)
            snprintf(out, size, "at most %d entries", row->max);
        else
            snprintf(out, size, "%d to %d entries", row->min, row->max);
        break;
    case CFG_CUSTOM:
        if (row->max > 0) snprintf(out, size, "at most %d entries", row->max);
        else out[0] = '\0';
        break;
    default: out[0] = '\0';
    }
    used = strlen(out);
    if (row->allowed_doc) snprintf(out + used, size - used, "%s%s", used ? "; " : "", row->allowed_doc);
}

/* A table cell: '|' escaped, nothing else to do (the texts are Markdown). */
static void put_cell(FILE *out, const char *text) {
    fputs("| ", out);
    for (const char *c = text; *c; c++) {
        if (*c == '|') fputc('\\', out);
        fputc(*c, out);
    }
    fputc(' ', out);
}

/* ---------------------------------------------------------------- tables */
/* The number of variants of a schema (the names of its selector), 1 without. */
static int variant_count(const cfg_schema *s) {
    const cfg_row *selector = cfg_selector_row(s);
    int n = 0;
    if (!selector) return 1;
    while (selector->names[n]) n++;
    return n;
}

/* A bug of the tables, found by walking them. */
static cevns_status check_schema(const cfg_schema *s, const char *path, cevns_error *err) {
    for (int v = 0; v < variant_count(s); v++)
        for (size_t i = 0; i < s->n_rows; i++) {
            const cfg_row *row = &s->rows[i];
            if (cfg_row_in(row, v) && cfg_find_row(s, row->key, v) != row)
                return cevns_error_set(err, CEVNS_EINTERNAL, "config table %s: key %s twice in variant %d", path,
                                       row->key, v);
        }
    for (size_t i = 0; i < s->n_rows; i++) {
        const cfg_row *row = &s->rows[i];
        if ((row->type == CFG_OBJECT || row->type == CFG_OBJECTS) && !row->schema)
            return cevns_error_set(err, CEVNS_EINTERNAL, "config table %s: %s has no rows", path, row->key);
        if (row->type == CFG_CUSTOM && (!row->read || !row->write))
            return cevns_error_set(err, CEVNS_EINTERNAL, "config table %s: %s has no reader or writer", path,
                                   row->key);
        if (!row->doc)
            return cevns_error_set(err, CEVNS_EINTERNAL, "config table %s: %s is not documented", path, row->key);
    }
    return CEVNS_OK;
}

static void write_table(FILE *out, const cfg_schema *s) {
    const cfg_row *selector = cfg_selector_row(s);
    char cell[CELL_MAX];
    if (selector) fprintf(out, "| for %s ", selector->key);
    fputs("| key | type | unit | default | allowed | meaning |\n", out);
    if (selector) fputs("|---", out);
    fputs("|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < s->n_rows; i++) {
        const cfg_row *row = &s->rows[i];
        if (selector) {
            if (row->in) names_cell(cell, sizeof cell, selector->names, row->in, PLAIN);
            else snprintf(cell, sizeof cell, "all");
            put_cell(out, cell);
        }
        snprintf(cell, sizeof cell, "`%s`", row->key);
        put_cell(out, cell);
        type_cell(cell, sizeof cell, row);
        put_cell(out, cell);
        put_cell(out, row->unit ? row->unit : "");
        default_cell(cell, sizeof cell, row);
        put_cell(out, cell);
        allowed_cell(cell, sizeof cell, row);
        put_cell(out, cell);
        put_cell(out, row->doc);
        fputs("|\n", out);
    }
}

/* Every section, with its path ("." for the top level), found by walking the tables. */
#define MAX_SECTIONS 64
typedef struct {
    const cfg_schema *schema[MAX_SECTIONS];
    char path[MAX_SECTIONS][CFG_PATH_MAX];
    int shown[MAX_SECTIONS];
    int n;
} sections;

static cevns_status collect(sections *all, const cfg_schema *s, const char *path, cevns_error *err) {
    int self = all->n;
    if (all->n == MAX_SECTIONS)
        return cevns_error_set(err, CEVNS_EINTERNAL, "config tables: more than %d sections", MAX_SECTIONS);
    CFG_TRY(check_schema(s, path, err));
    all->schema[self] = s;
    snprintf(all->path[self], CFG_PATH_MAX, "%s", path);
    all->shown[self] = 0;
    all->n++;
    for (size_t i = 0; i < s->n_rows; i++)
        if (s->rows[i].schema) {
            char sub[CFG_PATH_MAX];
            cfg_join_path(sub, sizeof sub, strcmp(path, ".") == 0 ? "" : path, s->rows[i].key);
            CFG_TRY(collect(all, s->rows[i].schema, sub, err));
        }
    return CEVNS_OK;
}

/* One line of the template (with its newline, if any): a marker becomes the
 * table of its section. */
static cevns_status expand_line(FILE *out, sections *all, const char *line, size_t len, int number, cevns_error *err) {
    char path[CFG_PATH_MAX];
    size_t n = strlen(MARKER);
    if (len == strlen(AXES_MARKER) && strncmp(line, AXES_MARKER, len) == 0) {
        cfg_doc_axis_names(out);
        return CEVNS_OK;
    }
    if (len < n || strncmp(line, MARKER, n) != 0) {
        fwrite(line, 1, len + (line[len] == '\n'), out);
        return CEVNS_OK;
    }
    if (sscanf(line + n, "%159s -->", path) == 1)
        for (int i = 0; i < all->n; i++)
            if (strcmp(all->path[i], path) == 0) {
                write_table(out, all->schema[i]);
                all->shown[i] = 1;
                return CEVNS_OK;
            }
    return cevns_error_set(err, CEVNS_EUSAGE, "template line %d: not a config section: %.*s", number, (int)len, line);
}

cevns_status cevns_config_doc_markdown(const char *template_text, FILE *out, cevns_error *err) {
    sections *all = calloc(1, sizeof *all);
    char *text = NULL;
    size_t size = 0;
    FILE *mem = all ? open_memstream(&text, &size) : NULL;
    cevns_status st = mem ? collect(all, &cfg_config_schema, ".", err) : CEVNS_ENOMEM;
    int number = 1;
    if (!mem) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory writing the config docs");
    for (const char *line = template_text; *line && st == CEVNS_OK; number++) {
        size_t len = strcspn(line, "\n");
        st = expand_line(mem, all, line, len, number, err);
        line += len + (line[len] == '\n');
    }
    /* every key is documented: every section has its table */
    for (int i = 0; st == CEVNS_OK && i < all->n; i++)
        if (!all->shown[i])
            st = cevns_error_set(err, CEVNS_EUSAGE, "the template has no table of %s (add a line \"" MARKER "%s -->\")",
                                 all->path[i], all->path[i]);
    if (mem && fclose(mem) != 0 && st == CEVNS_OK)
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory writing the config docs");
    if (st == CEVNS_OK && (fwrite(text, 1, size, out) != size || fflush(out) != 0))
        st = cevns_error_set(err, CEVNS_EIO, "cannot write the config docs");
    free(text);
    free(all);
    return st;
}
