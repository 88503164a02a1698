/* config_reader.c - cevns_config_load / cevns_config_parse: read the file, strip
 * comments, parse with cJSON (syntax errors name line and column), then check
 * the top level, hand each section to its reader, and finally check what
 * involves more than one section. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

#define CFG_MAX_FILE_BYTES (16u << 20)

static const char *const top_level_keys[] = {"name", "experiment", "model",  "quadrature",
                                             "scan", "output",     "data_dir", NULL};
static const char *const top_level_required[] = {"experiment", NULL};
static const char *const experiment_keys[] = {"source", "target", "detector", "data", NULL};
static const char *const experiment_required[] = {"source", "target", "detector", NULL};

/* The object under key (NULL when absent) and its key path. */
static cevns_status section_object(const cfg_ctx *ctx, const cJSON *obj, const char *path, const char *key,
                                    const cJSON **out, char *sub_path) {
    cevns_status st = cfg_object(ctx, obj, path, key, out);
    cfg_join_path(sub_path, CFG_PATH_MAX, path, key);
    return st;
}

static cevns_status read_experiment(const cfg_ctx *ctx, const cJSON *obj, cevns_config *cfg) {
    const char *path = "experiment";
    const cJSON *section;
    char sub[CFG_PATH_MAX];
    CFG_TRY(cfg_check_keys(ctx, obj, path, experiment_keys, NULL));
    CFG_TRY(cfg_require_keys(ctx, obj, path, experiment_required));
    CFG_TRY(section_object(ctx, obj, path, "source", &section, sub));
    CFG_TRY(cfg_read_source(ctx, section, sub, &cfg->source));
    CFG_TRY(section_object(ctx, obj, path, "target", &section, sub));
    CFG_TRY(cfg_read_target(ctx, section, sub, cfg));
    CFG_TRY(section_object(ctx, obj, path, "detector", &section, sub));
    CFG_TRY(cfg_read_detector(ctx, section, sub, &cfg->detector));
    CFG_TRY(section_object(ctx, obj, path, "data", &section, sub));
    if (section) CFG_TRY(cfg_read_data(ctx, section, sub, &cfg->data));
    return CEVNS_OK;
}

/* path, base_dir, name and data_dir: derived from the config's path unless given. */
static cevns_status read_identity(const cfg_ctx *ctx, const cJSON *root, const char *path, cevns_config *cfg) {
    cfg_copy_string(cfg->path, sizeof cfg->path, path ? path : "");
    cfg_dirname(path, cfg->base_dir, sizeof cfg->base_dir);
    if (path) cfg_stem(path, cfg->name, sizeof cfg->name);
    cfg_default_data_dir(path ? cfg->base_dir : NULL, cfg->data_dir, sizeof cfg->data_dir);
    CFG_TRY(cfg_string(ctx, root, "", "name", cfg->name, sizeof cfg->name));
    return cfg_string(ctx, root, "", "data_dir", cfg->data_dir, sizeof cfg->data_dir);
}

static cevns_status read_root(const cfg_ctx *ctx, const cJSON *root, const char *path, cevns_config *cfg) {
    const cJSON *section;
    char sub[CFG_PATH_MAX];
    if (!cJSON_IsObject(root))
        return cevns_error_set(ctx->err, CEVNS_ECONFIG, "%s: the top level must be a JSON object", ctx->file);
    CFG_TRY(cfg_check_keys(ctx, root, "", top_level_keys, NULL));
    CFG_TRY(cfg_require_keys(ctx, root, "", top_level_required));
    CFG_TRY(read_identity(ctx, root, path, cfg));
    CFG_TRY(section_object(ctx, root, "", "experiment", &section, sub));
    CFG_TRY(read_experiment(ctx, section, cfg));
    CFG_TRY(section_object(ctx, root, "", "model", &section, sub));
    if (section) CFG_TRY(cfg_read_model(ctx, section, sub, &cfg->model));
    CFG_TRY(section_object(ctx, root, "", "quadrature", &section, sub));
    if (section) CFG_TRY(cfg_read_quadrature(ctx, section, sub, &cfg->quadrature));
    CFG_TRY(section_object(ctx, root, "", "scan", &section, sub));
    if (section) CFG_TRY(cfg_read_scan(ctx, section, sub, &cfg->scan));
    CFG_TRY(section_object(ctx, root, "", "output", &section, sub));
    if (section) CFG_TRY(cfg_read_output(ctx, section, sub, &cfg->output));
    return cfg_check_consistency(ctx, cfg);
}

static cevns_status syntax_error(const cfg_ctx *ctx, const char *text, size_t offset, const char *what) {
    int line, column;
    char near[24];
    size_t n = 0;
    cfg_line_column(text, offset, &line, &column);
    while (n + 1 < sizeof near && text[offset + n] && text[offset + n] != '\n') {
        near[n] = text[offset + n];
        n++;
    }
    near[n] = '\0';
    return cevns_error_set(ctx->err, CEVNS_ECONFIG, "%s: line %d, column %d: %s%s%s%s", ctx->file, line, column, what,
                           n ? " near '" : "", near, n ? "'" : "");
}

/* Parse comment-free JSON from a private copy of text. */
static cevns_status parse_json(const cfg_ctx *ctx, char *text, cJSON **root) {
    const char *end = NULL;
    size_t open_comment = cfg_strip_comments(text);
    if (open_comment != (size_t)-1) return syntax_error(ctx, text, open_comment, "unterminated /* comment");
    *root = cJSON_ParseWithOpts(text, &end, 1);
    if (*root) return CEVNS_OK;
    if (!end) return cevns_error_set(ctx->err, CEVNS_ENOMEM, "%s: out of memory parsing JSON", ctx->file);
    return syntax_error(ctx, text, (size_t)(end - text), "JSON syntax error");
}

cevns_status cevns_config_parse(const char *text, const char *path, cevns_config *cfg, cevns_error *err) {
    cfg_ctx ctx = {path ? path : "<config>", err};
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    cJSON *root = NULL;
    cevns_status st;
    if (!copy) return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", ctx.file);
    memcpy(copy, text, len + 1);
    cevns_config_defaults(cfg);
    st = parse_json(&ctx, copy, &root);
    if (st == CEVNS_OK) st = read_root(&ctx, root, path, cfg);
    cJSON_Delete(root);
    free(copy);
    return st;
}

/* The whole file as a NUL-terminated string (caller frees); works on pipes too. */
static cevns_status read_file(const char *path, char **out, cevns_error *err) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    cevns_status st = CEVNS_OK;
    if (!f) return cevns_error_set(err, CEVNS_EIO, "%s: cannot open config: %s", path, strerror(errno));
    for (;;) {
        if (len + 1 >= cap) {
            char *grown = cap < CFG_MAX_FILE_BYTES ? realloc(buf, cap ? 2 * cap : 4096) : NULL;
            if (!grown) {
                st = cap < CFG_MAX_FILE_BYTES
                         ? cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path)
                         : cevns_error_set(err, CEVNS_ECONFIG, "%s: config larger than %u bytes", path, CFG_MAX_FILE_BYTES);
                break;
            }
            buf = grown;
            cap = cap ? 2 * cap : 4096;
        }
        len += fread(buf + len, 1, cap - len - 1, f);
        if (ferror(f)) {
            st = cevns_error_set(err, CEVNS_EIO, "%s: cannot read config: %s", path, strerror(errno));
            break;
        }
        if (feof(f)) break;
    }
    fclose(f);
    if (st == CEVNS_OK) {
        buf[len] = '\0';
        if (strlen(buf) != len) st = cevns_error_set(err, CEVNS_ECONFIG, "%s: config contains a NUL byte (not a text file?)", path);
    }
    if (st != CEVNS_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    return CEVNS_OK;
}

cevns_status cevns_config_load(const char *path, cevns_config *cfg, cevns_error *err) {
    char *text = NULL;
    cevns_status st = read_file(path, &text, err);
    if (st != CEVNS_OK) return st;
    st = cevns_config_parse(text, path, cfg, err);
    free(text);
    return st;
}
