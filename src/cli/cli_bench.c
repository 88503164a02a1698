/* cli_bench.c - `cevns bench [CONFIG]`: the config's scan on every available
 * engine (direct path) and with the separable path, timed end to end (time to
 * the 90 % CL contour: everything a scan does but the figures), as JSON lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cevns/scan.h"
#include "cli/cli.h"
#include "engine/engine.h"
#include "io/json_write.h"
#include "model/experiment_internal.h"
#include "scan/scan_internal.h"

#define NODE_SAMPLE 256

/* Evaluations of the whole map on the direct path, from an even sample of points. */
static double estimate_nodes(const cevns_config *cfg, cevns_error *err) {
    cevns_experiment *e = NULL;
    cevns_pod_point pts[NODE_SAMPLE];
    cevns_params base;
    cevns_grid g;
    size_t i, n;
    double nodes;
    if (cevns_experiment_create(cfg, &e, err) != CEVNS_OK) return -1.0;
    cevns_grid_init(&cfg->scan, &g);
    cevns_experiment_default_params(e, &base);
    n = g.n_points < NODE_SAMPLE ? g.n_points : NODE_SAMPLE;
    for (i = 0; i < n; i++) {
        cevns_params p;
        double expo;
        cevns_grid_point(&g, &base, i * g.n_points / n, &p, &expo);
        cevns_params_to_point(&p, &pts[i]);
    }
    nodes = cevns_engine_count_nodes(e, pts, n) * (double)g.n_points / (double)n;
    cevns_experiment_free(e);
    return nodes;
}

static int run_one(const cevns_config *cfg, const char *engine, int direct, const char *dir, double nodes) {
    cevns_scan_options o;
    cevns_scan_summary s;
    cevns_error err = {""};
    char out[CEVNS_PATH_MAX + 64];
    cevns_scan_options_default(&o);
    snprintf(out, sizeof out, "%s/%s-%s", dir, engine, direct ? "direct" : "separable");
    o.engine = engine;
    o.direct = direct;
    o.out_dir = out;
    o.figures = 0;
    o.progress = 0;
    o.overwrite = 1;
    if (cevns_scan_run(cfg, &o, &s, &err) != CEVNS_OK) {
        printf("{\"engine\": \"%s\", \"mode\": \"%s\", \"error\": ", engine, direct ? "direct" : "separable");
        cevns_json_string(stdout, err.msg);
        printf("}\n");
        return 1;
    }
    printf("{\"config\": ");
    cevns_json_string(stdout, cfg->path);
    printf(", \"engine\": \"%s\", \"mode\": \"%s\", \"points\": %zu, \"time_to_contour_s\": %.6g, \"points_s\": %.6g, "
           "\"points_per_s\": %.6g",
           s.engine, s.separable ? "separable" : "direct", s.n_points, s.seconds_total, s.seconds_points,
           s.seconds_points > 0 ? (double)s.n_points / s.seconds_points : 0.0);
    if (!s.separable && nodes > 0) printf(", \"evaluations_per_s\": %.6g", nodes / s.seconds_points);
    printf("}\n");
    fflush(stdout);
    return 0;
}

int cevns_cmd_bench(int argc, char **argv) {
    const char *config = "configs/default.json";
    cevns_config *cfg;
    cevns_error err = {""};
    const cevns_engine *const *all;
    char dir[] = "/tmp/cevns_bench_XXXXXX";
    size_t n, k;
    double nodes;
    int i, failed = 0;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("usage: cevns bench [CONFIG]\n\n"
                 "Runs CONFIG's scan (default configs/default.json) on every available engine with the\n"
                 "direct path, and once with the separable path, and prints one JSON line each: time to\n"
                 "the 90 % CL contour (the whole scan without figures), points/s and, for the direct path,\n"
                 "recoil-node evaluations/s.  Results go to a temporary folder that is removed.\n"
                 "Programs for finer measurements: build/cevns_bench_engines, build/cevns_bench_scan.");
            return 0;
        }
        if (argv[i][0] == '-') return cli_usage_error("bench", "unknown option '%s'", argv[i]);
        config = argv[i];
    }
    cfg = malloc(sizeof *cfg);
    if (!cfg) return cli_fail(CEVNS_ENOMEM, &err);
    if (cevns_config_load(config, cfg, &err) != CEVNS_OK || (nodes = estimate_nodes(cfg, &err)) < 0) {
        free(cfg);
        return cli_fail(CEVNS_ECONFIG, &err);
    }
    if (!mkdtemp(dir)) {
        free(cfg);
        return cli_fail(cevns_error_set(&err, CEVNS_EIO, "cannot create a temporary folder"), &err);
    }
    n = cevns_engine_list(&all);
    for (k = 0; k < n; k++) {
        char why[256];
        if (!all[k]->available(why, sizeof why)) {
            printf("{\"engine\": \"%s\", \"available\": false, \"why\": ", all[k]->name);
            cevns_json_string(stdout, why);
            printf("}\n");
            continue;
        }
        failed |= run_one(cfg, all[k]->name, 1, dir, nodes);
    }
    failed |= run_one(cfg, "cpu", 0, dir, nodes);
    {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "cevns bench: could not remove %s\n", dir);
    }
    free(cfg);
    return failed ? cevns_status_exit_code(CEVNS_ENUMERIC) : 0;
}
