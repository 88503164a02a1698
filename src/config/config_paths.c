/* config_paths.c - where the config and its data files live: directory and stem
 * of the config path, where data_dir is looked for (cevns_config_find_data_dir), and
 * cevns_config_resolve_path. */
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

/* Whether dir holds the built-in tables. */
static int holds_tables(const char *dir) {
    char marker[CEVNS_PATH_MAX + sizeof CEVNS_DATA_MARKER + 2];
    snprintf(marker, sizeof marker, "%s/%s", dir, CEVNS_DATA_MARKER);
    return is_file(marker);
}

/* Append ", place" (the first without the comma) to the list of places looked in. */
static void add_tried(char *list, size_t size, const char *place, const char *note) {
    size_t n = strlen(list);
    if (n + 1 < size) snprintf(list + n, size - n, "%s%s%s", n ? ", " : "", place, note);
}

/* The data_dir the caller gave, taken as is. */
static void take_given(const cevns_config_options *opt, cevns_config *cfg) {
    cfg_copy_string(cfg->data_dir, sizeof cfg->data_dir, opt->data_dir);
    cfg_copy_string(cfg->data_dir_origin, sizeof cfg->data_dir_origin,
                    opt->data_dir_origin ? opt->data_dir_origin : "the caller's data_dir");
}

/* Take dir when it holds the tables (1), else add it to the places looked in (0). */
static int try_dir(const char *dir, const char *note, cevns_config *cfg) {
    if (holds_tables(dir)) {
        cfg_copy_string(cfg->data_dir, sizeof cfg->data_dir, dir);
        cfg->data_dir_tried[0] = '\0';
        return 1;
    }
    add_tried(cfg->data_dir_tried, sizeof cfg->data_dir_tried, dir, note);
    return 0;
}

/* The first candidate that holds the tables, or (none does) the fallback value and the
 * list of places looked in, ending with how to name one. */
static void search(const cevns_config_options *opt, const char *config_dir, cevns_config *cfg) {
    char beside[CEVNS_PATH_MAX + 16] = "./data", hint[192];
    const char *origin = opt ? opt->data_dir_origin : NULL;
    size_t n;
    if (origin) add_tried(cfg->data_dir_tried, sizeof cfg->data_dir_tried, origin, " (not set)");
    if (config_dir) {
        snprintf(beside, sizeof beside, "%s/../data", config_dir);
        if (try_dir(beside, " (beside the config)", cfg)) return;
    }
    for (const char *const *f = opt ? opt->data_dir_fallbacks : NULL; f && *f; f++)
        if (try_dir(*f, "", cfg)) return;
    snprintf(hint, sizeof hint, "; name the folder in the config's data_dir%s%s", origin ? " or in " : "",
             origin ? origin : "");
    n = strlen(cfg->data_dir_tried);
    snprintf(cfg->data_dir_tried + n, sizeof cfg->data_dir_tried - n, "%s", hint);
    cfg_copy_string(cfg->data_dir, sizeof cfg->data_dir, !config_dir || is_directory(beside) ? beside : "./data");
}

void cevns_config_find_data_dir(const cevns_config_options *opt, const char *config_dir, cevns_config *cfg) {
    cfg->data_dir_origin[0] = '\0';
    cfg->data_dir_tried[0] = '\0';
    if (opt && opt->data_dir && opt->data_dir[0])
        take_given(opt, cfg);
    else
        search(opt, config_dir, cfg);
}

cevns_status cevns_config_check_data_dir(const cevns_config *cfg, cevns_error *err) {
    const char *file = cfg->path[0] ? cfg->path : "<config>";
    char from[sizeof cfg->data_dir_origin + 16] = "";
    if (holds_tables(cfg->data_dir)) return CEVNS_OK;
    if (cfg->data_dir_tried[0])
        return cevns_error_set(err, CEVNS_EDATA, "%s: cannot find the built-in data tables (%s): looked in %s", file,
                               CEVNS_DATA_MARKER, cfg->data_dir_tried);
    if (cfg->data_dir_origin[0]) snprintf(from, sizeof from, " (from %s)", cfg->data_dir_origin);
    if (!is_directory(cfg->data_dir))
        return cevns_error_set(err, CEVNS_EDATA, "%s: data_dir \"%s\"%s: no such folder", file, cfg->data_dir, from);
    return cevns_error_set(err, CEVNS_EDATA, "%s: data_dir \"%s\"%s does not hold the built-in data tables (no %s there)",
                           file, cfg->data_dir, from, CEVNS_DATA_MARKER);
}

/* Candidates in order: the config's directory (a file the user names beside their
 * config wins), data_dir, the parent of data_dir (the project root, for paths written
 * as "data/..."); the first that exists wins, and when none does the path is taken
 * relative to the config's directory so that the error reading it names a sensible
 * place. */
void cevns_config_resolve_path(const cevns_config *cfg, const char *rel, char *out, size_t out_size) {
    char project_root[CEVNS_PATH_MAX + 4];
    char candidate[2 * CEVNS_PATH_MAX + 8];
    const char *const bases[] = {cfg->base_dir, cfg->data_dir, project_root};
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
