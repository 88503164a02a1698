/* config_reader.c - cevns_config_load / cevns_config_parse (and their _with
 * forms, which take the caller's options): read the file, parse it
 * (config_json.c: what makes it unreadable, with line and column), then walk the
 * tables of config_schema.h from the top level down; the top level's check
 * covers what involves more than one section. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_schema.h"

#define CFG_MAX_FILE_BYTES (16u << 20)

/* path, base_dir, and the defaults of name and data_dir that depend on them. */
static void set_identity(const char *path, const cevns_config_options *opt, cevns_config *cfg) {
    cfg_copy_string(cfg->path, sizeof cfg->path, path ? path : "");
    cfg_dirname(path, cfg->base_dir, sizeof cfg->base_dir);
    if (path) cfg_stem(path, cfg->name, sizeof cfg->name);
    cevns_config_find_data_dir(opt, path ? cfg->base_dir : NULL, cfg);
}

/* The whole file through the tables (config_schema.h). */
static cevns_status read_root(const cfg_ctx *ctx, const cJSON *root, const char *path,
                              const cevns_config_options *opt, cevns_config *cfg) {
    cfg_frame top = {ctx, root, "", cfg, NULL, -1, 0};
    if (!cJSON_IsObject(root))
        return cevns_error_set(ctx->err, CEVNS_ECONFIG, "%s: the top level must be a JSON object", ctx->file);
    set_identity(path, opt, cfg);
    if (cJSON_GetObjectItemCaseSensitive(root, "data_dir")) {
        cfg_copy_string(cfg->data_dir_origin, sizeof cfg->data_dir_origin, "the config");
        cfg->data_dir_tried[0] = '\0';
    }
    return cfg_read_object(&top, &cfg_config_schema);
}

cevns_status cevns_config_parse_with(const char *text, const char *path, const cevns_config_options *opt,
                                     cevns_config *cfg, cevns_error *err) {
    cfg_ctx ctx = {path ? path : "<config>", err};
    cJSON *root = NULL;
    cevns_status st;
    cevns_config_defaults(cfg);
    st = cfg_parse_json(&ctx, text, &root);
    if (st == CEVNS_OK) st = read_root(&ctx, root, path, opt, cfg);
    cJSON_Delete(root);
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

cevns_status cevns_config_parse(const char *text, const char *path, cevns_config *cfg, cevns_error *err) {
    return cevns_config_parse_with(text, path, NULL, cfg, err);
}

cevns_status cevns_config_load_with(const char *path, const cevns_config_options *opt, cevns_config *cfg,
                                    cevns_error *err) {
    char *text = NULL;
    cevns_status st = read_file(path, &text, err);
    if (st != CEVNS_OK) return st;
    st = cevns_config_parse_with(text, path, opt, cfg, err);
    free(text);
    return st;
}

cevns_status cevns_config_load(const char *path, cevns_config *cfg, cevns_error *err) {
    return cevns_config_load_with(path, NULL, cfg, err);
}
