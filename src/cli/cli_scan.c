/* cli_scan.c - `cevns scan CONFIG`: a chi2 map, limits and figures in a run folder. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/scan.h"
#include "cli/cli.h"

static void scan_help(void) {
    puts("usage: cevns scan [OPTIONS] CONFIG\n"
         "       cevns scan --resume RUN_DIR [OPTIONS]\n\n"
         "Scans the parameter grid of CONFIG's \"scan\" section: expected counts and the statistic at\n"
         "every point, profiled over axes marked \"profile\", then best fit, limits per CL, contours and\n"
         "figures.  Everything goes to one run folder, written under a temporary name and renamed when\n"
         "complete: config.json (resolved), map.h5, summary.json, limits.csv, contour_<CL>.csv, figures.\n\n"
         "options:\n"
         "  --engine NAME     auto (default: the config's scan.engine), cpu, cuda, opencl\n"
         "  --device N        the engine's device N (default: $CEVNS_DEVICE, else automatic: under\n"
         "                    mpirun the rank on the node modulo the number of devices, else 0)\n"
         "  --threads N       CPU threads (0 = all cores)\n"
         "  --out DIR         run folder (default: output.dir, or runs/<name>)\n"
         "  --overwrite       replace an existing run folder\n"
         "  --no-figures      skip the figures\n"
         "  --quiet           no progress bar\n"
         "  --resume RUN_DIR  finish an interrupted scan from its checkpoints (RUN_DIR.partial), with the\n"
         "                    engine and path it was started with\n"
         "  --direct          evaluate every point directly (no separable fast path)\n"
         "  --chunk N         grid points per checkpointed chunk (default 2048 on the direct path,\n"
         "                    1048576 on the separable one)\n"
         "  --fc              the Feldman-Cousins construction too (as scan.feldman_cousins): critical\n"
         "                    Delta chi2 per map point and CL from toy experiments; fc.csv, fc_regions\n"
         "  --toys N          toys per map point (1..1000000; default: the config's, else 1000); implies --fc\n"
         "  --seed S          the toys' seed (an integer in 0..2^52-1; default: the config's, else 1);\n"
         "                    implies --fc\n"
         "Under mpirun, the grid is split over the ranks and rank 0 writes the results.\n"
         "  -h, --help        this text");
}

/* What the command line asks of the Feldman-Cousins construction. */
typedef struct {
    int on;      /* --fc, --toys or --seed */
    int toys;    /* 0: the config's */
    double seed; /* < 0: the config's */
} fc_args;

static int parse_scan_args(int argc, char **argv, const char **config, cevns_scan_options *o, fc_args *fc) {
    int i;
    *config = NULL;
    fc->on = fc->toys = 0;
    fc->seed = -1.0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            scan_help();
            return 1;
        } else if (!strcmp(a, "--overwrite")) o->overwrite = 1;
        else if (!strcmp(a, "--no-figures")) o->figures = 0;
        else if (!strcmp(a, "--quiet")) o->progress = 0;
        else if (!strcmp(a, "--direct")) o->direct = 1;
        else if (!strcmp(a, "--fc")) fc->on = 1;
        else if (!strcmp(a, "--toys") || !strcmp(a, "--seed")) {
            double v;
            int toys = !strcmp(a, "--toys");
            double max = toys ? CEVNS_FC_MAX_TOYS : CEVNS_FC_MAX_SEED;
            if (i + 1 >= argc || cli_parse_double(argv[i + 1], &v) || v < (toys ? 1 : 0) || v != floor(v) || v > max)
                return cli_usage_error("scan", "%s needs an integer in %d..%.0f, got '%s'", a, toys ? 1 : 0, max,
                                       i + 1 < argc ? argv[i + 1] : "");
            if (toys) fc->toys = (int)v;
            else fc->seed = v;
            fc->on = 1;
            i++;
        }
        else if (!strcmp(a, "--resume")) {
            if (i + 1 >= argc) return cli_usage_error("scan", "--resume needs the RUN_DIR to finish");
            o->resume = argv[++i];
        }
        else if (!strcmp(a, "--chunk")) {
            double c;
            if (i + 1 >= argc || cli_parse_double(argv[i + 1], &c) || c < 1 || c != floor(c) || c > 1e9)
                return cli_usage_error("scan", "--chunk needs an integer in 1..1e9");
            o->chunk = (size_t)c;
            i++;
        } else if (!strcmp(a, "--engine") || !strcmp(a, "--out") || !strcmp(a, "--threads") || !strcmp(a, "--device")) {
            if (i + 1 >= argc) return cli_usage_error("scan", "option '%s' needs a value", a);
            if (!strcmp(a, "--engine")) o->engine = argv[++i];
            else if (!strcmp(a, "--out")) o->out_dir = argv[++i];
            else {
                double t;
                int threads = !strcmp(a, "--threads");
                if (cli_parse_double(argv[i + 1], &t) || t < 0 || t != floor(t) || t > (threads ? 4096 : 1024))
                    return cli_usage_error("scan", "%s must be an integer in 0..%d, got '%s'", a, threads ? 4096 : 1024,
                                           argv[i + 1]);
                if (threads) o->threads = (int)t;
                else o->device = (int)t;
                i++;
            }
        } else if (a[0] == '-') return cli_usage_error("scan", "unknown option '%s'", a);
        else if (*config) return cli_usage_error("scan", "only one CONFIG is allowed");
        else *config = a;
    }
    if (o->resume && *config) return cli_usage_error("scan", "--resume takes the config from RUN_DIR; give no CONFIG");
    if (o->resume && fc->on)
        return cli_usage_error("scan", "--resume takes the Feldman-Cousins settings from RUN_DIR; give no --fc, --toys "
                                       "or --seed");
    if (!o->resume && !*config) return cli_usage_error("scan", "missing CONFIG");
    return 0;
}

static void print_summary(const cevns_scan_summary *s) {
    int k, c;
    printf("cevns scan: %zu points in %.2f s (%.3g points/s, engine %s, %s path%s)\n", s->n_points, s->seconds_points,
           s->seconds_points > 0 ? (double)s->n_points / s->seconds_points : 0.0, s->engine, s->path,
           s->ranks > 1 ? ", MPI" : "");
    if (s->resumed_chunks) printf("resumed: %zu chunk(s) taken from checkpoints\n", s->resumed_chunks);
    printf("best fit:");
    for (k = 0; k < s->n_shown; k++) printf(" %s = %.6g", s->shown_name[k], s->best[k]);
    printf("  chi2_min = %.6g\n", s->chi2_min);
    if (s->n_experiments > 0) {
        printf("at the best fit:");
        for (k = 0; k < s->n_experiments; k++) printf(" %s chi2 = %.6g,", s->experiment_name[k], s->experiment_chi2[k]);
        printf(" shared pulls %.6g\n", s->shared_pulls_chi2);
    }
    for (c = 0; c < s->n_cl; c++) {
        printf("CL %g (%d dof, Delta chi2 = %.4f)", s->cl[c], s->dof, s->threshold[c]);
        if (s->n_shown == 1) {
            const char *x = s->shown_name[0];
            double lo = s->lower[c], hi = s->upper[c];
            if (isnan(lo) && !isnan(hi)) printf(": %s < %.6g (allowed down to the lower end of the scan)", x, hi);
            else if (!isnan(lo) && isnan(hi)) printf(": %s > %.6g (allowed up to the upper end of the scan)", x, lo);
            else if (isnan(lo)) printf(": no limit inside the scanned range");
            else printf(": %s in [%.6g, %.6g]", x, lo, hi);
        }
        printf("\n");
    }
    if (s->fc_toys > 0) {
        printf("Feldman-Cousins: %zu toys x %zu map points in %.2f s (%.3g toys x points/s, seed %llu)\n", s->fc_toys,
               s->n_map, s->fc_seconds, s->fc_seconds > 0 ? (double)s->fc_toys * (double)s->n_map / s->fc_seconds : 0.0,
               s->fc_seed);
        if (s->fc_resumed_chunks) printf("resumed: %zu toy chunk(s) taken from checkpoints\n", s->fc_resumed_chunks);
        for (c = 0; c < s->n_cl; c++) {
            printf("CL %g: critical Delta chi2 %.4f to %.4f (Wilks %.4f); map points inside: Wilks %zu, "
                   "Feldman-Cousins %zu (%zu in Wilks' only, %zu in Feldman-Cousins' only)",
                   s->cl[c], s->fc_critical_min[c], s->fc_critical_max[c], s->threshold[c], s->fc_inside_wilks[c],
                   s->fc_inside_fc[c], s->fc_only_wilks[c], s->fc_only_fc[c]);
            if (s->n_shown == 1) printf("; %s in [%.6g, %.6g]", s->shown_name[0], s->fc_lower[c], s->fc_upper[c]);
            printf("\n");
        }
    }
    printf("results: %s/ (map.h5, summary.json, limits.csv%s%s%s)\n", s->run_dir, s->n_shown == 2 ? ", contours" : "",
           s->fc_toys > 0 ? ", fc.csv" : "", s->figures_written ? ", figures" : "");
    if (!s->figures_written && s->figures_note[0]) printf("figures: %s\n", s->figures_note);
}

int cevns_cmd_scan(int argc, char **argv) {
    cevns_scan_options o;
    cevns_scan_summary s;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    const char *config;
    cevns_status st;
    fc_args fc;
    int rc;
    cevns_scan_options_default(&o);
    if ((rc = cli_env_device("scan", &o.device)) != 0) {
        free(cfg);
        return rc;
    }
    rc = parse_scan_args(argc, argv, &config, &o, &fc);
    if (rc || !cfg) {
        free(cfg);
        return rc == 1 ? 0 : (rc ? rc : cli_fail(CEVNS_ENOMEM, &err));
    }
    st = o.resume ? cevns_scan_resume_config(o.resume, cfg, &err) : cli_config_load(config, cfg, &err);
    if (st == CEVNS_OK && fc.on) {
        /* the options become the config's section: config.json, and so --resume, keep them */
        cfg->scan.fc.enabled = 1;
        if (fc.toys > 0) cfg->scan.fc.toys = fc.toys;
        if (fc.seed >= 0.0) cfg->scan.fc.seed = fc.seed;
    }
    if (st == CEVNS_OK) st = cevns_scan_run(cfg, &o, &s, &err);
    free(cfg);
    if (st != CEVNS_OK) return cli_fail(st, &err);
    if (s.run_dir[0]) print_summary(&s); /* rank 0 only under mpirun */
    return 0;
}
