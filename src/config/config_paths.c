/* config_paths.c - where the config and its data files live: directory and stem
 * of the config path, the default data_dir, and cevns_config_resolve_path. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "config/config_internal.h"

void cfg_dirname(const char *path, char *out, size_t size) {
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash) {
        cfg_copy_string(out, size, ".");
    } else if (slash == path) {
        cfg_copy_string(out, size, "/");
    } else {
        size_t n = (size_t)(slash - path);
        if (n >= size) n = size - 1;
        memset(out, 0, size);
        memcpy(out, path, n);
    }
}

void cfg_stem(const char *path, char *out, size_t size) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (n >= size) n = size - 1;
    memset(out, 0, size);
    memcpy(out, base, n);
}

static int is_directory(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

void cfg_default_data_dir(const cevns_config_options *opt, const char *config_dir, char *out, size_t size) {
    char beside[CEVNS_PATH_MAX + 16];
    if (opt && opt->data_dir && opt->data_dir[0]) {
        cfg_copy_string(out, size, opt->data_dir);
        return;
    }
    if (config_dir) {
        snprintf(beside, sizeof beside, "%s/../data", config_dir);
        if (is_directory(beside)) {
            cfg_copy_string(out, size, beside);
            return;
        }
    }
    cfg_copy_string(out, size, "./data");
}

/* Candidates in order: data_dir, the config's directory, the parent of data_dir
 * (the project root, for paths written as "data/..."); the first that exists
 * wins, and when none does the path is taken relative to the config's directory
 * so that the error reading it names a sensible place. */
void cevns_config_resolve_path(const cevns_config *cfg, const char *rel, char *out, size_t out_size) {
    char project_root[CEVNS_PATH_MAX + 4];
    char candidate[2 * CEVNS_PATH_MAX + 8];
    const char *const bases[] = {cfg->data_dir, cfg->base_dir, project_root};
    if (rel[0] == '/') {
        snprintf(out, out_size, "%s", rel);
        return;
    }
    snprintf(project_root, sizeof project_root, "%s/..", cfg->data_dir);
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        snprintf(candidate, sizeof candidate, "%s/%s", bases[i], rel);
        if (is_file(candidate)) {
            snprintf(out, out_size, "%s", candidate);
            return;
        }
    }
    snprintf(out, out_size, "%s/%s", cfg->base_dir, rel);
}
