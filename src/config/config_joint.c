/* config_joint.c - joint fits: the top-level "experiments" list (docs/scan.md, "Joint
 * fits").  Each entry is an inline block {"name", "experiment"} or a reference
 * {"config": PATH, "name"?} to another config file, whose experiment section it takes;
 * the model, quadrature, scan and output are the joint config's.  A referenced config
 * with a scan must scan the same axes, and its model must be the joint config's.  Pulls
 * with the same name in several experiments are one pull: their widths must agree.  The
 * resolved config writes every experiment inline. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/config_schema.h"

static const char *const member_keys[] = {"name", "config", "experiment", NULL};

/* > 0 while a referenced config is read: it may not list experiments itself (which also
 * stops a config that references itself). */
static _Thread_local int reading_reference;

/* The fields of an experiment, in a config and in a joint config's list alike. */
#define COPY_EXPERIMENT(to, from)                                                                                  \
    do {                                                                                                           \
        cfg_copy_string((to)->name, sizeof (to)->name, (from)->name);                                            \
        cfg_copy_string((to)->path, sizeof (to)->path, (from)->path);                                            \
        cfg_copy_string((to)->base_dir, sizeof (to)->base_dir, (from)->base_dir);                                \
        (to)->source = (from)->source, (to)->target = (from)->target;                                           \
        (to)->detector = (from)->detector, (to)->data = (from)->data;                                           \
    } while (0)

void cevns_config_member(const cevns_config *cfg, int i, cevns_config *out) {
    if (out != cfg) memcpy(out, cfg, sizeof *out);
    COPY_EXPERIMENT(out, &cfg->experiments[i]);
    out->n_experiments = 0;
    memset(out->experiments, 0, sizeof out->experiments);
}

/* The experiment part of a (member) config into a joint config's list. */
static void store_member(const cevns_config *m, cevns_joint_member *x) { COPY_EXPERIMENT(x, m); }

/* The first difference of two scans' axes, as "axes[a].KEY" and both values; 0 when equal. */
static int axes_differ(const cevns_scan_config *a, const cevns_scan_config *b, char *key, size_t key_size,
                       char *what, size_t what_size) {
    if (a->n_axes != b->n_axes) {
        snprintf(key, key_size, "axes");
        snprintf(what, what_size, "%d axes there, %d here", a->n_axes, b->n_axes);
        return 1;
    }
    for (int i = 0; i < a->n_axes; i++) {
        const cevns_axis_config *x = &a->axes[i], *y = &b->axes[i];
        if (strcmp(x->name, y->name) != 0) {
            snprintf(key, key_size, "axes[%d].name", i);
            snprintf(what, what_size, "\"%s\" there, \"%s\" here", x->name, y->name);
            return 1;
        }
        if (x->n != y->n || memcmp(x->values, y->values, (size_t)x->n * sizeof x->values[0]) != 0) {
            snprintf(key, key_size, "axes[%d]", i);
            snprintf(what, what_size, "%d values from %g to %g there, %d from %g to %g here", x->n, x->values[0],
                     x->values[x->n - 1], y->n, y->values[0], y->values[y->n - 1]);
            return 1;
        }
        if (x->profile != y->profile) {
            snprintf(key, key_size, "axes[%d].profile", i);
            snprintf(what, what_size, "%s there, %s here", x->profile ? "true" : "false", y->profile ? "true" : "false");
            return 1;
        }
    }
    if (a->statistic != b->statistic) {
        snprintf(key, key_size, "statistic");
        snprintf(what, what_size, "another statistic there");
        return 1;
    }
    return 0;
}

/* A referenced config: loaded whole (its own checks, its file in the messages), then its
 * scan and model compared with the joint config's. */
static cevns_status load_reference(const cfg_frame *f, const char *key, const cJSON *item, cevns_config *m) {
    const cevns_config *cfg = f->base;
    cevns_config_options opt = {cfg->data_dir, "the joint config's data_dir", NULL};
    char rel[CEVNS_PATH_MAX], path[2 * CEVNS_PATH_MAX + 2], sub[CFG_PATH_MAX + 16], what[256];
    char where[CFG_PATH_MAX];
    cevns_status st;
    snprintf(sub, sizeof sub, "%s", key);
    CFG_TRY(cfg_check_string(f->ctx, item, sub, "config", rel, sizeof rel));
    if (rel[0] == '/') snprintf(path, sizeof path, "%s", rel);
    else snprintf(path, sizeof path, "%s/%s", cfg->base_dir, rel);
    if (strlen(path) >= CEVNS_PATH_MAX) return cfg_fail(f->ctx, sub, "config", "path too long: %s", path);
    {
        struct stat info;
        if (stat(path, &info) != 0)
            return cfg_fail(f->ctx, sub, "config", "cannot open \"%s\": %s", path, strerror(errno));
        if (!S_ISREG(info.st_mode)) return cfg_fail(f->ctx, sub, "config", "\"%s\" is not a regular file", path);
    }
    reading_reference++;
    st = cevns_config_load_with(path, &opt, m, f->ctx->err);
    reading_reference--;
    if (st != CEVNS_OK)
        return cevns_error_prefix(f->ctx->err, st, "%s: %s.config: \"%s\" (the experiment's config)", f->ctx->file,
                                  key, rel);
    if (m->scan.n_axes > 0 && axes_differ(&m->scan, &cfg->scan, where, sizeof where, what, sizeof what))
        return cfg_fail(f->ctx, sub, "config",
                        "%s: scan.%s: the experiments of a joint config disagree on the scan axes (%s); a "
                        "referenced config's scan must be the joint config's, or be left out",
                        path, where, what);
    if (memcmp(&m->model, &cfg->model, sizeof m->model) != 0)
        return cfg_fail(f->ctx, sub, "config",
                        "%s: model: differs from this config's model (a joint fit has one model, this config's: "
                        "make them equal, or leave the model out there)",
                        path);
    return CEVNS_OK;
}

/* An inline experiment: its "experiment" object read into m (a config with the joint
 * config's identity). */
static cevns_status read_inline(const cfg_frame *f, const char *key, const cJSON *item, cevns_config *m) {
    cfg_frame sub = {f->ctx, item, "", m, NULL, -1, 0};
    const cevns_config *cfg = f->base;
    snprintf(sub.path, sizeof sub.path, "%s.experiment", key);
    if (!cJSON_IsObject(item)) return cfg_wrong_type(f->ctx, key, "experiment", "an object", item);
    cevns_config_defaults(m);
    cfg_copy_string(m->path, sizeof m->path, cfg->path);
    cfg_copy_string(m->base_dir, sizeof m->base_dir, cfg->base_dir);
    cfg_copy_string(m->data_dir, sizeof m->data_dir, cfg->data_dir);
    return cfg_read_object(&sub, &cfg_experiment_schema);
}

/* The pull terms of an experiment: name, width, free, kind (0 signal, 1 background), key. */
typedef struct {
    const char *name;
    double sigma;
    int free, background;
    char key[64];
} pull_term;

static int pull_terms(const cevns_data_config *d, pull_term *t) {
    int n = 0;
    for (int j = 0; j < d->n_pulls; j++, n++) {
        t[n].name = d->pulls[j].name;
        t[n].sigma = d->pulls[j].sigma;
        t[n].free = d->pulls[j].free;
        t[n].background = d->pulls[j].target == CEVNS_PULL_BACKGROUND;
        snprintf(t[n].key, sizeof t[n].key, "experiment.data.pulls[%d]", j);
    }
    for (int k = 0; k < d->n_backgrounds; k++, n++) {
        t[n].name = d->backgrounds[k].name;
        t[n].sigma = d->backgrounds[k].sigma_norm;
        t[n].free = d->backgrounds[k].free;
        t[n].background = 1;
        snprintf(t[n].key, sizeof t[n].key, "experiment.data.backgrounds[%d]", k);
    }
    return n;
}

/* Pulls of the same name in experiments i and earlier ones are one pull: the same width
 * (or both free) and the same kind of prediction. */
static cevns_status check_shared_pulls(const cfg_frame *f, const cevns_config *cfg, int i) {
    pull_term a[2 * CEVNS_MAX_PULLS], b[2 * CEVNS_MAX_PULLS];
    int na = pull_terms(&cfg->experiments[i].data, a);
    for (int k = 0; k < i; k++) {
        int nb = pull_terms(&cfg->experiments[k].data, b);
        for (int p = 0; p < na; p++)
            for (int q = 0; q < nb; q++) {
                char key[32];
                if (strcmp(a[p].name, b[q].name) != 0) continue;
                snprintf(key, sizeof key, "experiments[%d]", i);
                if (a[p].background != b[q].background)
                    return cfg_fail(f->ctx, key, "",
                                    "%s: %s: the pull \"%s\" is shared with experiments[%d] (%s: %s), where it "
                                    "scales the %s; a shared pull scales the same kind of prediction (signal or "
                                    "background) everywhere",
                                    cfg->experiments[i].path, a[p].key, a[p].name, k, cfg->experiments[k].path,
                                    b[q].key, b[q].background ? "background" : "signal");
                if (a[p].free != b[q].free || (!a[p].free && a[p].sigma != b[q].sigma)) {
                    char here[32], there[32];
                    snprintf(here, sizeof here, a[p].free ? "free" : "%g", a[p].sigma);
                    snprintf(there, sizeof there, b[q].free ? "free" : "%g", b[q].sigma);
                    return cfg_fail(f->ctx, key, "",
                                    "%s: %s.%s: the pull \"%s\" is shared with experiments[%d] (%s: %s) and must "
                                    "have the same width there: %s here, %s there",
                                    cfg->experiments[i].path, a[p].key,
                                    strstr(a[p].key, "backgrounds") ? "sigma_norm" : "sigma", a[p].name, k,
                                    cfg->experiments[k].path, b[q].key, here, there);
                }
            }
    }
    return CEVNS_OK;
}

/* What one statistic needs of every experiment: all Asimov (with the same variance rule)
 * or all from files. */
static cevns_status check_data_kinds(const cfg_frame *f, const cevns_config *cfg, int i) {
    const cevns_data_config *a = &cfg->experiments[i].data, *b = &cfg->experiments[0].data;
    char key[32];
    snprintf(key, sizeof key, "experiments[%d]", i);
    if ((a->kind == CEVNS_DATA_ASIMOV) != (b->kind == CEVNS_DATA_ASIMOV))
        return cfg_fail(f->ctx, key, "",
                        "%s: experiment.data.observed: \"%s\", but experiments[0] (%s) has \"%s\": the experiments "
                        "of a joint fit all have Asimov data or all data from files",
                        cfg->experiments[i].path, cfg_data_kind_names[a->kind], cfg->experiments[0].path,
                        cfg_data_kind_names[b->kind]);
    if (a->kind == CEVNS_DATA_ASIMOV && (a->sigma_stat != b->sigma_stat || a->sigma_frac != b->sigma_frac))
        return cfg_fail(f->ctx, key, "",
                        "%s: experiment.data.sigma_stat, sigma_frac: must be those of experiments[0] (%s) for Asimov "
                        "data in a joint fit",
                        cfg->experiments[i].path, cfg->experiments[0].path);
    return CEVNS_OK;
}

cevns_status cfg_read_experiments(const cfg_frame *f, const cfg_row *row) {
    cevns_config *cfg = f->base, *m;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(f->obj, row->key);
    cevns_status st = CEVNS_OK;
    int i = 0;
    if (!arr) return CEVNS_OK;
    if (reading_reference)
        return cfg_fail(f->ctx, f->path, row->key,
                        "not allowed in a config that a joint config references (name the configs of its "
                        "experiments there instead)");
    CFG_TRY(cfg_check_array(f->ctx, arr, f->path, row->key, 1, CEVNS_MAX_EXPERIMENTS));
    if (!(m = malloc(sizeof *m))) return cevns_error_set(f->ctx->err, CEVNS_ENOMEM, "%s: out of memory", f->ctx->file);
    for (const cJSON *item = arr->child; item && st == CEVNS_OK; item = item->next, i++) {
        const cJSON *ref, *inl, *name;
        char key[32];
        cfg_frame elem = {f->ctx, item, "", cfg, f, i, 0};
        snprintf(key, sizeof key, "%s[%d]", row->key, i);
        cfg_join_path(elem.path, sizeof elem.path, f->path, key);
        if (!cJSON_IsObject(item)) {
            st = cfg_wrong_type(f->ctx, f->path, key, "an object", item);
            break;
        }
        for (const cJSON *k = item->child; k && st == CEVNS_OK; k = k->next)
            if (cfg_name_index(member_keys, k->string) < 0)
                st = cfg_fail(f->ctx, elem.path, k->string, "unknown key (allowed: name, config, experiment)");
        if (st != CEVNS_OK) break;
        ref = cJSON_GetObjectItemCaseSensitive(item, "config");
        inl = cJSON_GetObjectItemCaseSensitive(item, "experiment");
        name = cJSON_GetObjectItemCaseSensitive(item, "name");
        if (ref && inl) {
            st = cfg_fail(f->ctx, elem.path, "experiment",
                          "not allowed together with config (give an inline experiment or the path of a config)");
            break;
        }
        if (!ref && !inl) {
            st = cfg_fail(f->ctx, elem.path, "config", "required key is missing (or give an inline experiment)");
            break;
        }
        if (!ref && !name) {
            st = cfg_fail(f->ctx, elem.path, "name", "required key is missing (an inline experiment needs a name)");
            break;
        }
        st = ref ? load_reference(f, elem.path, ref, m) : read_inline(f, elem.path, inl, m);
        if (st == CEVNS_OK && name) st = cfg_check_string(f->ctx, name, elem.path, "name", m->name, sizeof m->name);
        if (st != CEVNS_OK) break;
        for (int k = 0; k < i; k++)
            if (strcmp(cfg->experiments[k].name, m->name) == 0) {
                st = cfg_fail(f->ctx, elem.path, "name", "\"%s\" is the name of experiments[%d] too (names must differ)",
                              m->name, k);
                break;
            }
        if (st != CEVNS_OK) break;
        /* the member under the joint config's model, quadrature and scan */
        m->model = cfg->model;
        m->quadrature = cfg->quadrature;
        m->scan = cfg->scan;
        {
            cfg_ctx mctx = {m->path, f->ctx->err};
            cfg_frame mf = {&mctx, item, "", m, NULL, -1, 0};
            st = cfg_check_experiment(&mf);
            if (st != CEVNS_OK) break;
        }
        store_member(m, &cfg->experiments[i]);
        cfg->n_experiments = i + 1;
        if ((st = check_shared_pulls(f, cfg, i)) == CEVNS_OK) st = check_data_kinds(f, cfg, i);
    }
    free(m);
    if (st != CEVNS_OK) return st;
    /* the first experiment in the top-level fields, for what reads one experiment */
    cfg->source = cfg->experiments[0].source;
    cfg->target = cfg->experiments[0].target;
    cfg->detector = cfg->experiments[0].detector;
    cfg->data = cfg->experiments[0].data;
    return CEVNS_OK;
}

void cfg_write_experiments(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_config *cfg = base;
    cevns_config *m = malloc(sizeof *m);
    cJSON *arr = cJSON_CreateArray();
    if (!m || !arr) {
        free(m);
        cJSON_Delete(arr);
        *ok = 0;
        return;
    }
    cfg_put(obj, row->key, arr, ok);
    for (int i = 0; i < cfg->n_experiments && *ok; i++) {
        cJSON *item = cJSON_CreateObject(), *exp;
        if (!item || !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            *ok = 0;
            break;
        }
        cevns_config_member(cfg, i, m);
        cfg_put(item, "name", cJSON_CreateString(m->name), ok);
        exp = cfg_put_object(item, "experiment", ok);
        if (*ok) cfg_write_object(exp, &cfg_experiment_schema, m, ok);
    }
    free(m);
}
