/* bench_engines.c - every available engine on the same points of a config's
 * scan grid, in one run: points/s, recoil-node evaluations/s (each node is one
 * evaluation of every cross section at one (T, E_min) with its flux moments),
 * and the ratio to the CPU engine.  A benchmark, never a test.
 *   usage: cevns_bench_engines [CONFIG] [N_POINTS] [REPEATS]   (JSON lines on stdout) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "model/experiment_internal.h"
#include "scan/scan_internal.h"

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const char *config = argc > 1 ? argv[1] : "configs/default.json";
    size_t n = argc > 2 ? (size_t)atol(argv[2]) : 2048, i;
    int repeats = argc > 3 ? atoi(argv[3]) : 3, r;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_error err = {""};
    cevns_grid g;
    cevns_params base;
    cevns_pod_point *pts;
    double *out, *cpu_out, nodes, cpu_rate = 0.0;
    int have_cpu_out = 0;
    const cevns_engine *const *all;
    size_t n_eng, k;
    if (!cfg || cevns_config_load(config, cfg, &err) != CEVNS_OK || cevns_experiment_create(cfg, &e, &err) != CEVNS_OK) {
        fprintf(stderr, "bench_engines: %s\n", err.msg);
        return 1;
    }
    if (cfg->scan.n_axes < 1) {
        fprintf(stderr, "bench_engines: %s has no scan section\n", config);
        return 1;
    }
    cevns_grid_init(&cfg->scan, &g);
    cevns_experiment_default_params(e, &base);
    pts = malloc(n * sizeof *pts);
    out = malloc(n * (size_t)e->plan.hdr.n_bins * sizeof *out);
    cpu_out = malloc(n * (size_t)e->plan.hdr.n_bins * sizeof *cpu_out);
    for (i = 0; i < n; i++) { /* spread over the whole grid */
        cevns_params p;
        double expo;
        cevns_grid_point(&g, &base, (size_t)((double)i * (double)g.n_points / (double)n), &p, &expo);
        cevns_params_to_point(&p, &pts[i]);
    }
    nodes = cevns_engine_count_nodes(e, pts, n);
    n_eng = cevns_engine_list(&all);
    /* CPU last in the registry: run it first so every ratio can be printed */
    for (k = n_eng; k-- > 0;) {
        char why[256], dev[512] = "";
        void *state = NULL;
        double t[16];
        if (!all[k]->available(why, sizeof why)) {
            printf("{\"engine\": \"%s\", \"available\": false, \"why\": \"%s\"}\n", all[k]->name, why);
            continue;
        }
        all[k]->describe(dev, sizeof dev);
        if (strchr(dev, '\n')) *strchr(dev, '\n') = '\0';
        if (all[k]->prepare(e, 0, &state, &err) != CEVNS_OK || all[k]->run(state, pts, n, out, &err) != CEVNS_OK) {
            printf("{\"engine\": \"%s\", \"error\": \"%s\"}\n", all[k]->name, err.msg);
            if (state) all[k]->release(state);
            continue;
        }
        for (r = 0; r < repeats && r < 16; r++) {
            double t0 = cevns_now_seconds();
            all[k]->run(state, pts, n, out, &err);
            t[r] = cevns_now_seconds() - t0;
        }
        qsort(t, (size_t)r, sizeof t[0], compare_double);
        {
            double med = t[r / 2], rate = (double)n / med, worst = 0.0;
            size_t m = n * (size_t)e->plan.hdr.n_bins;
            if (all[k] == &cevns_engine_cpu) {
                cpu_rate = rate;
                memcpy(cpu_out, out, m * sizeof *out);
                have_cpu_out = 1;
            }
            /* the same points on the CPU: the largest relative difference */
            for (i = 0; i < m && have_cpu_out; i++) {
                double d = fabs(out[i] - cpu_out[i]), s0 = fabs(cpu_out[i]);
                double rel = s0 > 0.0 ? d / s0 : (d > 0.0 || isnan(out[i]) ? INFINITY : 0.0);
                if (!(rel <= worst)) worst = rel;
            }
            printf("{\"engine\": \"%s\", \"device\": \"%s\", \"config\": \"%s\", \"points\": %zu, \"bins\": %d, "
                   "\"median_s\": %.6g, \"points_per_s\": %.6g, \"node_evaluations\": %.6g, \"evaluations_per_s\": %.6g, "
                   "\"ratio_to_cpu\": %.4g, \"max_rel_diff_vs_cpu\": %.3g}\n",
                   all[k]->name, dev, config, n, e->plan.hdr.n_bins, med, rate, nodes, nodes / med,
                   cpu_rate > 0.0 ? rate / cpu_rate : NAN, have_cpu_out ? worst : NAN);
        }
        all[k]->release(state);
    }
    free(pts);
    free(out);
    free(cpu_out);
    cevns_experiment_free(e);
    free(cfg);
    return 0;
}
