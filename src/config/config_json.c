/* config_json.c - the config's text to a cJSON tree (cfg_parse_json): comments blanked,
 * then cJSON; when the text cannot be read the message says why, with the line and
 * column: an empty file, nesting deeper than CFG_MAX_NESTING levels, quotes that do not
 * pair up (a string never closed), text after the end of the object, else a syntax
 * error near the place cJSON stopped.  (cJSON skips a UTF-8 byte-order mark.) */
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

/* ours comes first, so cJSON's recursion never reaches its own limit */
_Static_assert(CFG_MAX_NESTING < CJSON_NESTING_LIMIT, "the config's nesting limit must be below cJSON's");

#define NONE ((size_t)-1)

/* What a scan of the text outside its strings finds. */
typedef struct {
    size_t deep;        /* the first '[' or '{' nested deeper than CFG_MAX_NESTING, or NONE */
    size_t open_string; /* the '"' of a string that the text never closes, or NONE */
} json_shape;

static void scan_shape(const char *text, json_shape *s) {
    int depth = 0, in_string = 0;
    s->deep = s->open_string = NONE;
    for (size_t i = 0; text[i]; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\' && text[i + 1]) i++;
            else if (c == '"') in_string = 0;
        } else if (c == '"') {
            in_string = 1;
            s->open_string = i;
        } else if (c == '[' || c == '{') {
            if (++depth > CFG_MAX_NESTING && s->deep == NONE) s->deep = i;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    if (!in_string) s->open_string = NONE;
}

/* "<file>: line L, column C: <what>[ near '<text>']<after>". */
static cevns_status at(const cfg_ctx *ctx, const char *text, size_t offset, int show_near, const char *what,
                       const char *after) {
    int line, column;
    char near[24];
    size_t n = 0;
    cfg_line_column(text, offset, &line, &column);
    while (show_near && n + 1 < sizeof near && text[offset + n] && text[offset + n] != '\n') {
        near[n] = text[offset + n];
        n++;
    }
    near[n] = '\0';
    return cevns_error_set(ctx->err, CEVNS_ECONFIG, "%s: line %d, column %d: %s%s%s%s%s", ctx->file, line, column, what,
                           n ? " near '" : "", near, n ? "'" : "", after);
}

static int blank(const char *text) { return text[strspn(text, " \t\r\n")] == '\0'; }

/* Why cJSON stopped at `stop`: the first cause that explains it. */
static cevns_status why_unreadable(const cfg_ctx *ctx, const char *text, size_t stop, const json_shape *s) {
    const char *end = NULL;
    char after[128] = "";
    cJSON *value;
    if (blank(text))
        return cevns_error_set(ctx->err, CEVNS_ECONFIG, "%s: the file is empty (a config is one JSON object, {...})",
                               ctx->file);
    if (s->open_string != NONE) {
        int line, column;
        cfg_line_column(text, s->open_string, &line, &column);
        snprintf(after, sizeof after,
                 " (the quotes do not pair up: the string opened at line %d, column %d is never closed)", line,
                 column);
        return at(ctx, text, stop, 1, "JSON syntax error", after);
    }
    value = cJSON_ParseWithOpts(text, &end, 0);
    cJSON_Delete(value);
    if (value && end)
        return at(ctx, text, (size_t)(end - text) + strspn(end, " \t\r\n"), 1,
                  "text after the end of the top-level object", "");
    return at(ctx, text, stop, 1, "JSON syntax error", "");
}

static cevns_status parse_in_place(const cfg_ctx *ctx, char *text, cJSON **root) {
    const char *end = NULL;
    size_t open_comment = cfg_strip_comments(text), stop;
    json_shape shape;
    char what[96];
    *root = NULL;
    if (open_comment != NONE) return at(ctx, text, open_comment, 1, "unterminated /* comment", "");
    scan_shape(text, &shape);
    *root = cJSON_ParseWithOpts(text, &end, 1);
    if (!*root && !end) return cevns_error_set(ctx->err, CEVNS_ENOMEM, "%s: out of memory parsing JSON", ctx->file);
    stop = *root ? NONE : (size_t)(end - text);
    if (shape.deep != NONE && shape.deep <= stop) {
        cJSON_Delete(*root);
        *root = NULL;
        snprintf(what, sizeof what, "nesting deeper than %d levels (objects and arrays inside one another)",
                 CFG_MAX_NESTING);
        return at(ctx, text, shape.deep, 0, what, "");
    }
    return *root ? CEVNS_OK : why_unreadable(ctx, text, stop, &shape);
}

cevns_status cfg_parse_json(const cfg_ctx *ctx, const char *text, cJSON **root) {
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    cevns_status st;
    *root = NULL;
    if (!copy) return cevns_error_set(ctx->err, CEVNS_ENOMEM, "%s: out of memory", ctx->file);
    memcpy(copy, text, len + 1);
    st = parse_in_place(ctx, copy, root);
    free(copy);
    return st;
}
