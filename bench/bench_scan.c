/* bench_scan.c - the separable fast path (src/scan/separable.c) on a large chi2
 * map against the direct path (the CPU engine), on the config's data and
 * statistic.  A benchmark, never a test.
 *
 *   usage: cevns_bench_scan [CONFIG] [N1] [N2] [THREADS] [DIRECT_POINTS] [N_4AXIS]
 *     CONFIG        default configs/default.json (its first two scan axes are
 *                   re-gridded with N1 x N2 values over their own range and spacing)
 *     N1, N2        default 1000 x 1000
 *     THREADS       OpenMP threads, default 2
 *     DIRECT_POINTS points of the direct-path subsample, default 2048
 *     N_4AXIS       > 0: also a 4-axis map of N_4AXIS^4 points, the two axes
 *                   above plus eps_ee_u and eps_ee_d in [-0.5, 0.5] (default 0)
 *
 * JSON lines on stdout: "separable" (integrals, contraction, statistic, whole
 * map, points/s), "direct" (the subsample: points/s and the extrapolated time
 * of the map, the ratio), "scan_run" (the same map through cevns_scan_run with
 * no figures: the run folder, map.h5 and checkpoints included), and "4axis". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if CEVNS_HAVE_OPENMP
#include <omp.h>
#endif

#include "cevns/scan.h"
#include "cevns/stats.h"
#include "engine/engine.h"
#include "model/experiment_internal.h"
#include "scan/scan_internal.h"
#include "scan/separable.h"

#define CHUNK 2048

/* n values from lo to hi with the axis' spacing. */
static void regrid(cevns_axis_config *a, int n, double lo, double hi, cevns_spacing spacing) {
    int i;
    a->n = n;
    a->lo = lo;
    a->hi = hi;
    a->spacing = spacing == CEVNS_SPACING_LOG ? CEVNS_SPACING_LOG : CEVNS_SPACING_LINEAR;
    for (i = 0; i < n; i++)
        a->values[i] = n == 1 ? lo
                       : a->spacing == CEVNS_SPACING_LOG ? exp(log(lo) + (log(hi) - log(lo)) * i / (n - 1))
                                                         : lo + (hi - lo) * i / (n - 1);
}

/* chi2 of every point through the separable path, chunk by chunk as the scan
 * does; the seconds of the contraction and of the statistic are added to *t_sig
 * and *t_stat.  chi2 may be NULL (only the minimum is kept). */
static int separable_map(const cevns_separable *sep, const cevns_grid *g, const cevns_scan_data *d, double *chi2,
                         double *chi2_min, double *t_sig, double *t_stat) {
    size_t nb = d->n_bins, start;
    double *sig = malloc(CHUNK * nb * sizeof *sig), *c2 = malloc(CHUNK * sizeof *c2), *expo = malloc(CHUNK * sizeof *expo);
    double best = INFINITY;
    int failed = 0;
    cevns_error err = {""};
    if (!sig || !c2 || !expo) return 1;
    for (start = 0; start < g->n_points && !failed; start += CHUNK) {
        size_t n = g->n_points - start < CHUNK ? g->n_points - start : CHUNK, k;
        long long kk;
        double t0 = cevns_now_seconds(), t1;
        if (cevns_separable_signal(sep, start, n, sig, &err) != CEVNS_OK) {
            fprintf(stderr, "bench_scan: %s\n", err.msg);
            failed = 1;
            break;
        }
        t1 = cevns_now_seconds();
        for (k = 0; k < n; k++) { /* the exposure of each point, as compute_chunk gets it */
            cevns_params p;
            cevns_params base;
            memset(&base, 0, sizeof base);
            cevns_grid_point(g, &base, start + k, &p, &expo[k]);
        }
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for schedule(static)
#endif
        for (kk = 0; kk < (long long)n; kk++) {
            cevns_error e1;
            if (cevns_scan_point_statistic(d, sig + (size_t)kk * nb, expo[kk], &c2[kk], &e1) != CEVNS_OK) c2[kk] = NAN;
        }
        *t_sig += t1 - t0;
        *t_stat += cevns_now_seconds() - t1;
        for (k = 0; k < n; k++) {
            if (c2[k] < best) best = c2[k];
            if (chi2) chi2[start + k] = c2[k];
        }
    }
    *chi2_min = best;
    free(sig);
    free(c2);
    free(expo);
    return failed;
}

int main(int argc, char **argv) {
    const char *config = argc > 1 ? argv[1] : "configs/default.json";
    int n1 = argc > 2 ? atoi(argv[2]) : 1000, n2 = argc > 3 ? atoi(argv[3]) : 1000;
    int threads = argc > 4 ? atoi(argv[4]) : 2;
    size_t n_direct = argc > 5 ? (size_t)atol(argv[5]) : 2048, i;
    int n4 = argc > 6 ? atoi(argv[6]) : 0;
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_experiment *e = NULL;
    cevns_separable *sep = NULL;
    cevns_error err = {""};
    cevns_scan_data d;
    cevns_grid g;
    cevns_params base;
    double *chi2, t0, t_create, t_sig = 0.0, t_stat = 0.0, t_map, chi2_min, sep_rate;
    if (!cfg || cevns_config_load(config, cfg, &err) != CEVNS_OK) {
        fprintf(stderr, "bench_scan: %s\n", err.msg);
        return 1;
    }
    if (cfg->scan.n_axes < 2 || n1 < 1 || n2 < 1 || n1 > CEVNS_MAX_AXIS_VALUES || n2 > CEVNS_MAX_AXIS_VALUES) {
        fprintf(stderr, "bench_scan: %s needs 2 scan axes and 1 <= N1, N2 <= %d\n", config, CEVNS_MAX_AXIS_VALUES);
        return 1;
    }
#if CEVNS_HAVE_OPENMP
    omp_set_num_threads(threads);
#endif
    cfg->scan.n_axes = 2;
    regrid(&cfg->scan.axes[0], n1, cfg->scan.axes[0].lo, cfg->scan.axes[0].hi, cfg->scan.axes[0].spacing);
    regrid(&cfg->scan.axes[1], n2, cfg->scan.axes[1].lo, cfg->scan.axes[1].hi, cfg->scan.axes[1].spacing);
    if (cevns_experiment_create(cfg, &e, &err) != CEVNS_OK || cevns_scan_data_load(cfg, e, &d, &err) != CEVNS_OK) {
        fprintf(stderr, "bench_scan: %s\n", err.msg);
        return 1;
    }
    cevns_grid_init(&cfg->scan, &g);
    cevns_experiment_default_params(e, &base);

    /* ---- separable: integrals, then the map chunk by chunk */
    chi2 = malloc(g.n_points * sizeof *chi2);
    t0 = cevns_now_seconds();
    if (!chi2 || cevns_separable_create(e, &g, &base, threads, &sep, &err) != CEVNS_OK) {
        fprintf(stderr, "bench_scan: %s\n", err.msg);
        return 1;
    }
    t_create = cevns_now_seconds() - t0;
    if (separable_map(sep, &g, &d, chi2, &chi2_min, &t_sig, &t_stat)) return 1;
    t_map = cevns_now_seconds() - t0;
    sep_rate = (double)g.n_points / t_map;
    printf("{\"path\": \"separable\", \"config\": \"%s\", \"axes\": \"%s x %s\", \"points\": %zu, \"bins\": %zu, "
           "\"threads\": %d, \"integrals_s\": %.4g, \"contraction_s\": %.4g, \"statistic_s\": %.4g, \"map_s\": %.4g, "
           "\"points_per_s\": %.4g, \"contractions_per_s\": %.4g, \"chi2_min\": %.10g}\n",
           config, cfg->scan.axes[0].name, cfg->scan.axes[1].name, g.n_points, d.n_bins, threads, t_create, t_sig,
           t_stat, t_map, sep_rate, (double)g.n_points / t_sig, chi2_min);
    fflush(stdout);

    /* ---- direct: the CPU engine and the statistic on points spread over the grid */
    if (n_direct > g.n_points) n_direct = g.n_points;
    if (n_direct > 0) {
        cevns_pod_point *pts = malloc(n_direct * sizeof *pts);
        double *sig = malloc(n_direct * d.n_bins * sizeof *sig), *expo = malloc(n_direct * sizeof *expo), worst = 0.0;
        size_t *idx = malloc(n_direct * sizeof *idx);
        void *state = NULL;
        long long kk;
        double t1, t_direct;
        if (!pts || !sig || !expo || !idx) return 1;
        for (i = 0; i < n_direct; i++) {
            cevns_params p;
            idx[i] = (size_t)((double)i * (double)g.n_points / (double)n_direct);
            cevns_grid_point(&g, &base, idx[i], &p, &expo[i]);
            cevns_params_to_point(&p, &pts[i]);
        }
        if (cevns_engine_cpu.prepare(e, threads, &state, &err) != CEVNS_OK) {
            fprintf(stderr, "bench_scan: %s\n", err.msg);
            return 1;
        }
        t1 = cevns_now_seconds();
        if (cevns_engine_cpu.run(state, pts, n_direct, sig, &err) != CEVNS_OK) {
            fprintf(stderr, "bench_scan: %s\n", err.msg);
            return 1;
        }
#if CEVNS_HAVE_OPENMP
#pragma omp parallel for schedule(static) reduction(max : worst)
#endif
        for (kk = 0; kk < (long long)n_direct; kk++) {
            cevns_error e1;
            double c2 = NAN, rel;
            cevns_scan_point_statistic(&d, sig + (size_t)kk * d.n_bins, expo[kk], &c2, &e1);
            rel = fabs(c2 - chi2[idx[kk]]) / fabs(c2);
            if (!(rel <= worst)) worst = rel;
        }
        t_direct = cevns_now_seconds() - t1;
        printf("{\"path\": \"direct\", \"config\": \"%s\", \"points\": %zu, \"threads\": %d, \"seconds\": %.4g, "
               "\"points_per_s\": %.4g, \"map_s_extrapolated\": %.4g, \"separable_speedup\": %.4g, "
               "\"max_rel_diff_chi2_vs_separable\": %.3g}\n",
               config, n_direct, threads, t_direct, (double)n_direct / t_direct,
               (double)g.n_points * t_direct / (double)n_direct, sep_rate * t_direct / (double)n_direct, worst);
        fflush(stdout);
        cevns_engine_cpu.release(state);
        free(pts);
        free(sig);
        free(expo);
        free(idx);
    }
    cevns_separable_free(sep);
    free(chi2);

    /* ---- the same map through cevns_scan_run (run folder, map.h5, checkpoints; no figures) */
    {
        char dir[] = "/tmp/cevns_bench_scan_XXXXXX", out[600], cmd[700];
        cevns_scan_options o;
        cevns_scan_summary s;
        if (mkdtemp(dir)) {
            cevns_scan_options_default(&o);
            o.figures = 0;
            o.progress = 0;
            o.overwrite = 1;
            o.threads = threads;
            o.engine = "cpu";
            snprintf(out, sizeof out, "%s/run", dir);
            o.out_dir = out;
            t0 = cevns_now_seconds();
            if (cevns_scan_run(cfg, &o, &s, &err) != CEVNS_OK) {
                fprintf(stderr, "bench_scan: %s\n", err.msg);
            } else {
                double wall = cevns_now_seconds() - t0;
                printf("{\"path\": \"scan_run\", \"config\": \"%s\", \"points\": %zu, \"threads\": %d, \"engine\": \"%s\", "
                       "\"seconds_points\": %.4g, \"seconds_total\": %.4g, \"wall_s\": %.4g, \"chi2_min\": %.10g}\n",
                       config, s.n_points, threads, s.engine, s.seconds_points, s.seconds_total, wall, s.chi2_min);
            }
            snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
            if (system(cmd) != 0) fprintf(stderr, "bench_scan: could not remove %s\n", dir);
            fflush(stdout);
        }
    }

    /* ---- 4 axes: the two above with N_4AXIS values each, times eps_ee_u x eps_ee_d */
    if (n4 > 0 && n4 <= CEVNS_MAX_AXIS_VALUES) {
        cevns_axis_config *a;
        double *full;
        t_sig = t_stat = 0.0;
        regrid(&cfg->scan.axes[0], n4, cfg->scan.axes[0].lo, cfg->scan.axes[0].hi, cfg->scan.axes[0].spacing);
        regrid(&cfg->scan.axes[1], n4, cfg->scan.axes[1].lo, cfg->scan.axes[1].hi, cfg->scan.axes[1].spacing);
        for (i = 2; i < 4; i++) {
            a = &cfg->scan.axes[i];
            memset(a, 0, sizeof *a);
            snprintf(a->name, sizeof a->name, i == 2 ? "eps_ee_u" : "eps_ee_d");
            a->kind = i == 2 ? CEVNS_AXIS_EPS_U : CEVNS_AXIS_EPS_D;
            a->eps_index = 0;
            regrid(a, n4, -0.5, 0.5, CEVNS_SPACING_LINEAR);
        }
        cfg->scan.n_axes = 4;
        cevns_grid_init(&cfg->scan, &g);
        full = malloc(g.n_points * sizeof *full);
        t0 = cevns_now_seconds();
        if (!full || cevns_separable_create(e, &g, &base, threads, &sep, &err) != CEVNS_OK) {
            fprintf(stderr, "bench_scan: 4 axes: %s\n", full ? err.msg : "out of memory");
            return 1;
        }
        t_create = cevns_now_seconds() - t0;
        if (separable_map(sep, &g, &d, full, &chi2_min, &t_sig, &t_stat)) return 1;
        t_map = cevns_now_seconds() - t0;
        printf("{\"path\": \"separable-4axis\", \"config\": \"%s\", \"axes\": \"%s x %s x eps_ee_u x eps_ee_d\", "
               "\"points\": %zu, \"threads\": %d, \"integrals_s\": %.4g, \"contraction_s\": %.4g, \"statistic_s\": %.4g, "
               "\"map_s\": %.4g, \"points_per_s\": %.4g, \"contractions_per_s\": %.4g, \"chi2_min\": %.10g}\n",
               config, cfg->scan.axes[0].name, cfg->scan.axes[1].name, g.n_points, threads, t_create, t_sig, t_stat,
               t_map, (double)g.n_points / t_map, (double)g.n_points / t_sig, chi2_min);
        cevns_separable_free(sep);
        free(full);
    }
    cevns_scan_data_free(&d);
    cevns_experiment_free(e);
    free(cfg);
    return 0;
}
