/* cli_rate_figure.c - `cevns rate CONFIG --figure [--model 'LABEL:key=value,...']...`: the
 * expected counts of each model (the config with the model keys read over its "model"
 * section, cevns_config_apply_model) from cevns_experiment_rate, summed onto the energy bins
 * when the bins go beyond energy, drawn by cevns_figures_rate (src/io/plot_rate.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"
#include "cli/cli.h"
#include "io/json_write.h"

/* ---------------------------------------------------------------- projection onto energy */

cevns_status cli_project_energy(const cevns_experiment *e, const double *counts, size_t n_cols, size_t *n_out,
                                double *edges, double *out, cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(e), *which = malloc(nb * sizeof *which);
    cevns_status st;
    if (!which) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for %zu bins", nb);
    st = cevns_experiment_energy_bins(e, which, edges, n_out, err);
    if (st == CEVNS_OK) {
        memset(out, 0, *n_out * n_cols * sizeof *out);
        for (size_t b = 0; b < nb; b++)
            for (size_t k = 0; k < n_cols; k++) out[which[b] * n_cols + k] += counts[b * n_cols + k];
    }
    free(which);
    return st;
}

/* ---------------------------------------------------------------- the models' counts */

/* What the figure needs, gathered from every model's experiment. */
typedef struct {
    int n_models;
    char label[CLI_MAX_MODELS][128];
    char *json[CLI_MAX_MODELS];             /* the model keys ("{}": the config's model) */
    double *full[CLI_MAX_MODELS];           /* cevns_experiment_rate's counts */
    unsigned on[CLI_MAX_MODELS];            /* bit i: interaction i on */
    cevns_experiment *e;                    /* the first model's: bins and flux names */
    size_t n_cols;                          /* (flux, interaction) on in some model */
    size_t flux[64 * CEVNS_N_INTERACTIONS];
    int interaction[64 * CEVNS_N_INTERACTIONS];
    char *names[64 * CEVNS_N_INTERACTIONS]; /* "<flux>:<interaction>" */
    size_t n_bins;                          /* after the projection */
    double *edges, *counts[CLI_MAX_MODELS]; /* [eb * n_cols + k] */
    int projected;
} figure_data;

static void figure_data_free(figure_data *d) {
    for (int m = 0; m < CLI_MAX_MODELS; m++) {
        free(d->json[m]);
        free(d->full[m]);
        free(d->counts[m]);
    }
    for (size_t k = 0; k < d->n_cols; k++) free(d->names[k]);
    free(d->edges);
    cevns_experiment_free(d->e);
}

/* Model m: the config with its keys, its experiment and counts. */
static cevns_status rate_model(const cevns_config *cfg, const char *spec, int m, const cli_rate_figure_options *o,
                               figure_data *d, cevns_error *err) {
    cevns_config *c = malloc(sizeof *c);
    cevns_experiment *e = NULL;
    cevns_params p;
    char where[600];
    cevns_status st = c ? CEVNS_OK : cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (st == CEVNS_OK) {
        *c = *cfg;
        snprintf(where, sizeof where, "--model '%s'", spec);
        st = cevns_config_apply_model(c, d->json[m], where, err);
    }
    if (st == CEVNS_OK) st = cevns_experiment_create(c, &e, err);
    free(c);
    if (st == CEVNS_OK && d->e &&
        (cevns_experiment_n_bins(e) != cevns_experiment_n_bins(d->e) ||
         cevns_experiment_n_flux(e) != cevns_experiment_n_flux(d->e)))
        st = cevns_error_set(err, CEVNS_EINTERNAL, "--model '%s': the model changed the bins or the flux components", spec);
    if (st == CEVNS_OK) {
        size_t n = cevns_experiment_n_bins(e) * cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS;
        if (!(d->full[m] = calloc(n, sizeof *d->full[m]))) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    }
    if (st == CEVNS_OK) {
        cevns_experiment_default_params(e, &p);
        st = cevns_experiment_rate(e, &p, o->integ, o->rel_tol, d->full[m], err);
    }
    for (int i = 0; i < CEVNS_N_INTERACTIONS && st == CEVNS_OK; i++)
        if (cevns_experiment_interaction_on(e, i)) d->on[m] |= 1u << i;
    if (st == CEVNS_OK && !d->e) d->e = e;
    else cevns_experiment_free(e);
    return st;
}

/* The columns: every (flux, interaction) that some model has on. */
static cevns_status list_columns(figure_data *d, cevns_error *err) {
    unsigned any = 0;
    for (int m = 0; m < d->n_models; m++) any |= d->on[m];
    for (size_t f = 0; f < cevns_experiment_n_flux(d->e) && f < 64; f++)
        for (int i = 0; i < CEVNS_N_INTERACTIONS; i++) {
            size_t len;
            if (!(any & (1u << i))) continue;
            len = strlen(cevns_experiment_flux_name(d->e, f)) + strlen(cevns_interaction_name(i)) + 2;
            if (!(d->names[d->n_cols] = malloc(len))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
            snprintf(d->names[d->n_cols], len, "%s:%s", cevns_experiment_flux_name(d->e, f), cevns_interaction_name(i));
            d->flux[d->n_cols] = f;
            d->interaction[d->n_cols] = i;
            d->n_cols++;
        }
    return CEVNS_OK;
}

/* Each model's columns, projected onto the energy bins. */
static cevns_status gather(figure_data *d, cevns_error *err) {
    size_t nb = cevns_experiment_n_bins(d->e), nf = cevns_experiment_n_flux(d->e);
    double *cols = malloc(nb * (d->n_cols ? d->n_cols : 1) * sizeof *cols);
    cevns_status st = CEVNS_OK;
    double l[3], h[3];
    d->edges = malloc((nb + 1) * sizeof *d->edges);
    if (!cols || !d->edges) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (int m = 0; m < d->n_models && st == CEVNS_OK; m++) {
        for (size_t b = 0; b < nb; b++)
            for (size_t k = 0; k < d->n_cols; k++)
                cols[b * d->n_cols + k] = d->full[m][(b * nf + d->flux[k]) * CEVNS_N_INTERACTIONS + (size_t)d->interaction[k]];
        if (!(d->counts[m] = malloc(nb * (d->n_cols ? d->n_cols : 1) * sizeof *d->counts[m])))
            st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        else
            st = cli_project_energy(d->e, cols, d->n_cols, &d->n_bins, d->edges, d->counts[m], err);
    }
    d->projected = st == CEVNS_OK && cevns_experiment_bin_box(d->e, 0, l, h, NULL) > 1;
    free(cols);
    return st;
}

/* ---------------------------------------------------------------- output */

static double model_total(const figure_data *d, int m) {
    double s = 0.0;
    for (size_t i = 0; i < d->n_bins * d->n_cols; i++) s += d->counts[m][i];
    return s;
}

static void print_json(const char *path, const cevns_config *cfg, const char *stem, const figure_data *d) {
    printf("{\"config\": ");
    cevns_json_string(stdout, path);
    printf(", \"name\": ");
    cevns_json_string(stdout, cfg->name);
    printf(", \"observable\": \"%s\", \"projected_onto_energy\": %s,\n \"files\": [", cevns_observable_name(d->e),
           d->projected ? "true" : "false");
    for (int x = 0; x < 2; x++) {
        char file[4200];
        snprintf(file, sizeof file, "%s.%s", stem, x ? "pdf" : "png");
        printf("%s", x ? ", " : "");
        cevns_json_string(stdout, file);
    }
    printf("],\n \"edges\": [");
    for (size_t b = 0; b <= d->n_bins; b++) printf("%s%.17g", b ? ", " : "", d->edges[b]);
    printf("],\n \"components\": [");
    for (size_t k = 0; k < d->n_cols; k++) {
        printf("%s", k ? ", " : "");
        cevns_json_string(stdout, d->names[k]);
    }
    printf("],\n \"models\": [");
    for (int m = 0; m < d->n_models; m++) {
        printf("%s\n  {\"label\": ", m ? "," : "");
        cevns_json_string(stdout, d->label[m]);
        printf(", \"model\": %s, \"counts\": [", d->json[m]);
        for (size_t b = 0; b < d->n_bins; b++) {
            printf("%s[", b ? ", " : "");
            for (size_t k = 0; k < d->n_cols; k++) printf("%s%.17g", k ? ", " : "", d->counts[m][b * d->n_cols + k]);
            printf("]");
        }
        printf("], \"total\": %.17g}", model_total(d, m));
    }
    printf("\n ]}\n");
}

static void print_text(const char *path, const char *stem, const figure_data *d) {
    printf("# cevns rate --figure: %s\n", path);
    printf("wrote %s.png and %s.pdf: %d model%s, %zu bins of %s%s\n", stem, stem, d->n_models,
           d->n_models == 1 ? "" : "s", d->n_bins, cevns_observable_name(d->e),
           d->projected ? " (summed over the other bin axes)" : "");
    for (int m = 0; m < d->n_models; m++) printf("  %-40s %.6e events\n", d->label[m], model_total(d, m));
}

/* rate_<the config file's name without folder and extension>. */
static void default_stem(const char *path, char *out, size_t size) {
    const char *base = strrchr(path, '/');
    size_t n;
    base = base ? base + 1 : path;
    n = strcspn(base, ".");
    snprintf(out, size, "rate_%.*s", (int)(n ? n : strlen(base)), base);
}

int cli_rate_figure(const char *path, const cevns_config *cfg, const cli_rate_figure_options *o) {
    figure_data d;
    cevns_error err = {""};
    cevns_status st = CEVNS_OK;
    char stem[4096];
    memset(&d, 0, sizeof d);
    d.n_models = o->n_models > 0 ? o->n_models : 1;
    if (o->out) snprintf(stem, sizeof stem, "%s", o->out);
    else default_stem(path, stem, sizeof stem);
    for (int m = 0; m < o->n_models && st == CEVNS_OK; m++)
        st = cli_model_spec(o->models[m], d.label[m], sizeof d.label[m], &d.json[m], &err);
    if (st == CEVNS_OK && o->n_models == 0) {
        snprintf(d.label[0], sizeof d.label[0], "%s", cfg->name);
        if (!(d.json[0] = strdup("{}"))) st = cevns_error_set(&err, CEVNS_ENOMEM, "out of memory");
    }
    if (st == CEVNS_OK && cfg->n_experiments > 0)
        st = cevns_error_set(&err, CEVNS_EUSAGE,
                             "%s: rate --figure draws one experiment, and this is a joint fit: draw each experiment's "
                             "own config",
                             path);
    for (int m = 0; m < d.n_models && st == CEVNS_OK; m++)
        st = rate_model(cfg, o->n_models ? o->models[m] : "", m, o, &d, &err);
    if (st == CEVNS_OK) st = list_columns(&d, &err);
    if (st == CEVNS_OK) st = gather(&d, &err);
    if (st == CEVNS_OK) {
        const char *names[64 * CEVNS_N_INTERACTIONS];
        cevns_rate_model models[CLI_MAX_MODELS];
        cevns_rate_figure fig = {d.n_bins, d.edges, cevns_observable_name(d.e), d.n_cols, (const char *const *)names,
                                 d.n_models, models, o->title ? o->title : cfg->name, o->log_y, o->components};
        for (size_t k = 0; k < d.n_cols; k++) names[k] = d.names[k];
        for (int m = 0; m < d.n_models; m++) {
            models[m].label = d.label[m];
            models[m].counts = d.counts[m];
        }
        st = cevns_figures_rate(stem, &fig, &err);
    }
    if (st == CEVNS_OK) {
        if (o->json) print_json(path, cfg, stem, &d);
        else print_text(path, stem, &d);
    }
    figure_data_free(&d);
    return st == CEVNS_OK ? 0 : cli_fail(st, &err);
}
