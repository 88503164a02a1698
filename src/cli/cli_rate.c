/* cli_rate.c - `cevns rate CONFIG`: expected counts per bin and component. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/experiment.h"
#include "cli/cli.h"
#include "io/json_write.h"

static void rate_help(void) {
    puts("usage: cevns rate [OPTIONS] CONFIG\n\n"
         "Expected event counts per bin, per flux component and per interaction (sm, magnetic,\n"
         "sterile), with totals, for the experiment and model point described by CONFIG.\n\n"
         "options:\n"
         "  --json            machine-readable output (one JSON object)\n"
         "  --reference       use the GSL adaptive reference integrator instead of the fast path\n"
         "  --compare         run both integrators and report the largest relative difference\n"
         "  --rel-tol X       reference relative tolerance (default: quadrature.reference_rel_tol)\n"
         "  --print-config    print the resolved config (defaults filled in) as JSON and exit\n"
         "  -h, --help        this text\n\n"
         "figure of the spectrum (PNG and PDF, both or neither):\n"
         "  --figure          draw the expected events per bin against the observable: each\n"
         "                    component and the total, or each --model's total; prints where\n"
         "                    (with --json: the counts drawn, per model, bin and component)\n"
         "  --out STEM        write STEM.png and STEM.pdf (default: rate_<config file name> here)\n"
         "  --model SPEC      overlay a model, repeatable (up to 8): 'LABEL:KEY=VALUE,KEY=VALUE'\n"
         "                    with KEY a key of the config's \"model\" section (dotted when nested)\n"
         "                    read over it, e.g. 'mu = 1e-9:interactions=[sm,magnetic],mu_nu=1e-9',\n"
         "                    'm4 = 5 MeV:interactions=[sterile],mu_nu=1e-9,m4_MeV=5', 'NSI:nsi.ee_u=0.1';\n"
         "                    'LABEL' alone is the config's own model\n"
         "  --components      with several models, draw their components too (dashed)\n"
         "  --log-y, --linear-y  the y axis (default: logarithmic when the counts span > 2 decades)\n"
         "  --title TEXT      the figure's title (default: the config's name)\n\n"
         "Counts are events in the exposure of the config; the observable and its units are\n"
         "those of experiment.detector (keVnr, keVee or PE).  With arrival-time or pulse-shape\n"
         "bins the figure sums each energy bin over them.");
}

typedef struct {
    const char *config;
    int json, reference, compare, print_config, figure;
    double rel_tol;
    cli_rate_figure_options fig;
} rate_options;

/* The figure's options (each but --figure needs it); 1 when a is one, -1 after a usage error. */
static int parse_figure_arg(int argc, char **argv, int *i, rate_options *o) {
    const char *a = argv[*i];
    int takes_value = !strcmp(a, "--out") || !strcmp(a, "--model") || !strcmp(a, "--title");
    if (!strcmp(a, "--figure")) o->figure = 1;
    else if (!strcmp(a, "--components")) o->fig.components = 1;
    else if (!strcmp(a, "--log-y")) o->fig.log_y = 1;
    else if (!strcmp(a, "--linear-y")) o->fig.log_y = 0;
    else if (!takes_value) return 0;
    if (!takes_value) return 1;
    if (*i + 1 >= argc || !argv[*i + 1][0]) return cli_usage_error("rate", "%s needs a value", a), -1;
    (*i)++;
    if (!strcmp(a, "--out")) o->fig.out = argv[*i];
    else if (!strcmp(a, "--title")) o->fig.title = argv[*i];
    else if (o->fig.n_models == CLI_MAX_MODELS)
        return cli_usage_error("rate", "--model: at most %d models", CLI_MAX_MODELS), -1;
    else o->fig.models[o->fig.n_models++] = argv[*i];
    return 1;
}

static int parse_rate_args(int argc, char **argv, rate_options *o) {
    int i, used_figure_option = 0;
    memset(o, 0, sizeof *o);
    o->fig.log_y = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int fig = parse_figure_arg(argc, argv, &i, o);
        if (fig < 0) return 2;
        if (fig > 0) {
            used_figure_option |= strcmp(a, "--figure") != 0;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            rate_help();
            return 1;
        } else if (!strcmp(a, "--json")) o->json = 1;
        else if (!strcmp(a, "--reference")) o->reference = 1;
        else if (!strcmp(a, "--compare")) o->compare = 1;
        else if (!strcmp(a, "--print-config")) o->print_config = 1;
        else if (!strcmp(a, "--rel-tol")) {
            if (i + 1 >= argc || cli_parse_double(argv[i + 1], &o->rel_tol) || !(o->rel_tol > 0.0))
                return cli_usage_error("rate", "--rel-tol needs a positive number");
            i++;
        } else if (a[0] == '-') return cli_usage_error("rate", "unknown option '%s'", a);
        else if (o->config) return cli_usage_error("rate", "only one CONFIG is allowed (got '%s' and '%s')", o->config, a);
        else o->config = a;
    }
    if (!o->config) return cli_usage_error("rate", "missing CONFIG");
    if (used_figure_option && !o->figure)
        return cli_usage_error("rate", "--out, --model, --components, --log-y, --linear-y and --title need --figure");
    if (o->figure && o->compare) return cli_usage_error("rate", "--figure draws one integrator's counts: not with --compare");
    o->fig.json = o->json;
    o->fig.integ = o->reference ? CEVNS_INTEGRATOR_REFERENCE : CEVNS_INTEGRATOR_FIXED;
    o->fig.rel_tol = o->rel_tol;
    return 0;
}

/* Column c of the output <-> (flux, interaction) for interactions that are on. */
typedef struct {
    size_t n;
    size_t flux[64 * CEVNS_N_INTERACTIONS];
    int interaction[64 * CEVNS_N_INTERACTIONS];
} columns;

static void list_columns(const cevns_experiment *e, columns *c) {
    size_t f;
    int i;
    c->n = 0;
    for (f = 0; f < cevns_experiment_n_flux(e) && f < 64; f++)
        for (i = 0; i < CEVNS_N_INTERACTIONS; i++)
            if (cevns_experiment_interaction_on(e, i)) {
                c->flux[c->n] = f;
                c->interaction[c->n] = i;
                c->n++;
            }
}

static double cell(const cevns_experiment *e, const double *counts, size_t b, size_t f, int i) {
    return counts[(b * cevns_experiment_n_flux(e) + f) * CEVNS_N_INTERACTIONS + (size_t)i];
}

static void print_text(const cevns_experiment *e, const columns *c, const double *counts, const char *integ) {
    const cevns_config *cfg = cevns_experiment_config(e);
    size_t nb = cevns_experiment_n_bins(e), b, k;
    double grand = 0.0;
    printf("# cevns rate: %s (%s)\n", cfg->path, cfg->name);
    printf("# target %s, %zu isotope(s); observable %s; integrator %s\n", cfg->target.material,
           cevns_experiment_n_isotopes(e), cevns_observable_name(e), integ);
    {
        double lo[3], hi[3];
        const char *names[3];
        int n = cevns_experiment_bin_box(e, 0, lo, hi, names), a;
        printf("# %-10s %-12s", "lo", "hi");
        for (a = 1; a < n; a++) printf(" %-7s %-8s", names[a], "hi");
    }
    for (k = 0; k < c->n; k++) {
        char name[96];
        snprintf(name, sizeof name, "%s:%s", cevns_experiment_flux_name(e, c->flux[k]),
                 cevns_interaction_name(c->interaction[k]));
        printf(" %22s", name);
    }
    printf(" %14s\n", "total");
    for (b = 0; b < nb; b++) {
        double tot = 0.0, lo[3], hi[3];
        int n = cevns_experiment_bin_box(e, b, lo, hi, NULL), a;
        printf("  %-10.6g %-12.6g", lo[0], hi[0]);
        for (a = 1; a < n; a++) printf(" %-7.4g %-8.4g", lo[a], hi[a]);
        for (k = 0; k < c->n; k++) {
            double v = cell(e, counts, b, c->flux[k], c->interaction[k]);
            tot += v;
            printf(" %22.8e", v);
        }
        printf(" %14.8e\n", tot);
        grand += tot;
    }
    printf("# %-23s", "total");
    for (k = 0; k < c->n; k++) {
        double s = 0.0;
        for (b = 0; b < nb; b++) s += cell(e, counts, b, c->flux[k], c->interaction[k]);
        printf(" %22.8e", s);
    }
    printf(" %14.8e\n", grand);
}


static void print_json(const cevns_experiment *e, const columns *c, const double *counts, const char *integ,
                       double max_rel_diff) {
    const cevns_config *cfg = cevns_experiment_config(e);
    size_t nb = cevns_experiment_n_bins(e), b, k;
    double grand = 0.0;
    printf("{\"config\": ");
    cevns_json_string(stdout, cfg->path);
    printf(", \"name\": ");
    cevns_json_string(stdout, cfg->name);
    printf(", \"observable\": \"%s\", \"integrator\": \"%s\",\n \"components\": [", cevns_observable_name(e), integ);
    for (k = 0; k < c->n; k++) {
        printf("%s{\"flux\": ", k ? ", " : "");
        cevns_json_string(stdout, cevns_experiment_flux_name(e, c->flux[k]));
        printf(", \"interaction\": \"%s\"}", cevns_interaction_name(c->interaction[k]));
    }
    printf("],\n \"bins\": [\n");
    for (b = 0; b < nb; b++) {
        double tot = 0.0, lo[3], hi[3];
        const char *names[3];
        int n = cevns_experiment_bin_box(e, b, lo, hi, names), a;
        printf("  {\"lo\": %.17g, \"hi\": %.17g, ", lo[0], hi[0]);
        for (a = 1; a < n; a++) printf("\"%s_lo\": %.17g, \"%s_hi\": %.17g, ", names[a], lo[a], names[a], hi[a]);
        printf("\"counts\": [");
        for (k = 0; k < c->n; k++) {
            double v = cell(e, counts, b, c->flux[k], c->interaction[k]);
            tot += v;
            printf("%s%.17g", k ? ", " : "", v);
        }
        printf("], \"total\": %.17g}%s\n", tot, b + 1 < nb ? "," : "");
        grand += tot;
    }
    printf(" ],\n \"component_totals\": [");
    for (k = 0; k < c->n; k++) {
        double s = 0.0;
        for (b = 0; b < nb; b++) s += cell(e, counts, b, c->flux[k], c->interaction[k]);
        printf("%s%.17g", k ? ", " : "", s);
    }
    printf("],\n \"total\": %.17g", grand);
    if (max_rel_diff >= 0.0) printf(", \"max_rel_diff_fixed_vs_reference\": %.3e", max_rel_diff);
    printf("}\n");
}

/* Largest |fixed - reference| / |reference| over bins (totals per bin) and cells. */
static double max_relative_difference(size_t n, const double *a, const double *ref) {
    double worst = 0.0;
    size_t i;
    for (i = 0; i < n; i++) {
        double d = fabs(a[i] - ref[i]), s = fabs(ref[i]);
        double r = s > 0.0 ? d / s : (d > 0.0 ? INFINITY : 0.0);
        if (r > worst) worst = r;
    }
    return worst;
}

int cevns_cmd_rate(int argc, char **argv) {
    rate_options o;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    cevns_params p;
    cevns_status st;
    double *counts = NULL, *ref = NULL, max_diff = -1.0;
    size_t n;
    columns cols;
    int rc = parse_rate_args(argc, argv, &o);
    if (rc || !cfg) {
        free(cfg);
        return rc == 1 ? 0 : (rc ? rc : cli_fail(CEVNS_ENOMEM, &err));
    }
    st = cli_config_load(o.config, cfg, &err);
    if (st == CEVNS_OK && o.print_config) {
        st = cevns_config_write_json(cfg, stdout, &err);
        free(cfg);
        return st == CEVNS_OK ? 0 : cli_fail(st, &err);
    }
    if (st == CEVNS_OK && o.figure) {
        rc = cli_rate_figure(o.config, cfg, &o.fig);
        free(cfg);
        return rc;
    }
    if (st == CEVNS_OK) st = cevns_experiment_create(cfg, &e, &err);
    free(cfg);
    if (st != CEVNS_OK) return cli_fail(st, &err);
    n = cevns_experiment_n_bins(e) * cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS;
    counts = calloc(n, sizeof *counts);
    ref = calloc(n, sizeof *ref);
    cevns_experiment_default_params(e, &p);
    if (!counts || !ref) st = cevns_error_set(&err, CEVNS_ENOMEM, "out of memory for %zu counts", n);
    if (st == CEVNS_OK && (!o.reference || o.compare))
        st = cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_FIXED, 0.0, counts, &err);
    if (st == CEVNS_OK && (o.reference || o.compare))
        st = cevns_experiment_rate(e, &p, CEVNS_INTEGRATOR_REFERENCE, o.rel_tol, ref, &err);
    if (st == CEVNS_OK) {
        const char *integ = o.compare ? "fixed (compared with reference)" : o.reference ? "reference" : "fixed";
        const double *shown = o.reference && !o.compare ? ref : counts;
        if (o.compare) max_diff = max_relative_difference(n, counts, ref);
        list_columns(e, &cols);
        if (o.json) print_json(e, &cols, shown, integ, max_diff);
        else {
            print_text(e, &cols, shown, integ);
            if (o.compare) printf("# largest relative difference fixed vs reference: %.3e\n", max_diff);
        }
    }
    free(counts);
    free(ref);
    cevns_experiment_free(e);
    return st == CEVNS_OK ? 0 : cli_fail(st, &err);
}
