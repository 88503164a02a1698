/* bench_engines.c - every available engine on the same points of a config's scan grid,
 * in one run: points/s, recoil-node evaluations/s (each node is one evaluation of every
 * cross section at one (T, E_min) with its flux moments), and the ratio to the CPU
 * engine.  The engines run as rate calculators (run_points, the direct path); whole
 * scans are `cevns bench`.  A benchmark, never a test.
 *   usage: cevns_bench_engines [CONFIG] [N_POINTS] [REPEATS]   (JSON lines on stdout) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "scan/scan_internal.h"

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median seconds of `repeats` runs of engine eng on the points (after one warm-up run). */
static int time_engine(const cevns_engine *eng, const cevns_scan_plan *plan, const cevns_engine_options *o,
                       const cevns_pod_point *pts, size_t n, int repeats, double *out, double *median,
                       cevns_error *err) {
    void *state = NULL;
    double t[16];
    int r;
    if (eng->prepare(plan, o, &state, err) != CEVNS_OK) return -1;
    if (eng->run_points(state, pts, n, out, err) != CEVNS_OK) {
        eng->release(state);
        return -1;
    }
    for (r = 0; r < repeats && r < 16; r++) {
        double t0 = cevns_now_seconds();
        eng->run_points(state, pts, n, out, err);
        t[r] = cevns_now_seconds() - t0;
    }
    eng->release(state);
    qsort(t, (size_t)r, sizeof t[0], compare_double);
    *median = t[r / 2];
    return 0;
}

int main(int argc, char **argv) {
    const char *config = argc > 1 ? argv[1] : "configs/default.json";
    double n_arg = 2048, repeats_arg = 3;
    size_t n, i, m;
    int repeats;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_scan *scan = NULL;
    cevns_scan_settings set;
    cevns_engine_options o;
    cevns_error err = {""};
    const cevns_scan_plan *plan;
    cevns_pod_point *pts;
    double *out, *cpu_out, nodes, cpu_rate = 0.0;
    int have_cpu_out = 0;
    const cevns_engine *const *all;
    size_t n_eng, k;
    if ((argc > 2 && (cli_parse_double(argv[2], &n_arg) || n_arg < 1 || n_arg > 1e7 || n_arg != floor(n_arg))) ||
        (argc > 3 &&
         (cli_parse_double(argv[3], &repeats_arg) || repeats_arg < 1 || repeats_arg > 16 ||
          repeats_arg != floor(repeats_arg))) ||
        argc > 4) {
        fprintf(stderr, "usage: cevns_bench_engines [CONFIG] [N_POINTS: 1..1e7] [REPEATS: 1..16]\n");
        return 2;
    }
    n = (size_t)n_arg;
    repeats = (int)repeats_arg;
    if (cli_engine_options("cevns_bench_engines", &o) != 0) return 2;
    cevns_scan_settings_default(&set);
    set.engine = "cpu";
    set.direct = 1;
    if (!cfg || cli_config_load(config, cfg, &err) != CEVNS_OK || cevns_scan_create(cfg, &set, &scan, &err) != CEVNS_OK) {
        fprintf(stderr, "bench_engines: %s\n", err.msg);
        return 1;
    }
    plan = cevns_scan_plan_of(scan);
    m = n * (size_t)plan->rate->hdr.n_bins;
    pts = malloc(n * sizeof *pts);
    out = malloc(m * sizeof *out);
    cpu_out = malloc(m * sizeof *cpu_out);
    if (!pts || !out || !cpu_out) return 1;
    cevns_scan_sample_points(scan, n, pts);
    nodes = cevns_engine_count_nodes(plan->rate, pts, n);
    n_eng = cevns_engine_list(&all);
    /* CPU last in the registry: run it first so every ratio can be printed */
    for (k = n_eng; k-- > 0;) {
        char why[256], dev[512] = "";
        double med, rate, worst = 0.0;
        if (!all[k]->available(&o, why, sizeof why)) {
            printf("{\"engine\": \"%s\", \"available\": false, \"why\": \"%s\"}\n", all[k]->name, why);
            continue;
        }
        all[k]->describe(&o, dev, sizeof dev);
        if (strchr(dev, '\n')) *strchr(dev, '\n') = '\0';
        if (time_engine(all[k], plan, &o, pts, n, repeats, out, &med, &err) != 0) {
            printf("{\"engine\": \"%s\", \"error\": \"%s\"}\n", all[k]->name, err.msg);
            continue;
        }
        rate = (double)n / med;
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
               all[k]->name, dev, config, n, plan->rate->hdr.n_bins, med, rate, nodes, nodes / med,
               cpu_rate > 0.0 ? rate / cpu_rate : NAN, have_cpu_out ? worst : NAN);
    }
    free(pts);
    free(out);
    free(cpu_out);
    cevns_scan_free(scan);
    free(cfg);
    return 0;
}
