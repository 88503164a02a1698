/* cli_bench.c - `cevns bench [CONFIG]`: scans timed on every available engine and path,
 * side by side in one run, as JSON lines (docs/performance.md).
 *
 * Each job is created (config -> plan -> engine, with the separable basis) and
 * evaluated over its whole map through the scan API (cevns_scan_evaluate, the same calls
 * `cevns scan` makes), then analysed once (cevns_analysis_create): "time_to_contour_s" is the
 * sum, everything `cevns scan` does but writing files.  Every engine's map is compared
 * with the CPU engine's on the same path (largest relative difference of chi2), and each
 * time is given as a ratio to the CPU engine's in the same run.  Differences are
 * relative where chi2 >= 1 and absolute below (near 0 a chi2 is rounding noise).
 *
 * Without CONFIG the standard jobs run: the main job (configs/default.json), the direct
 * path on a COHERENT-CsI-like 100 x 100 NSI grid (bench/configs/csi_nsi_direct.json), the
 * main job re-gridded to 1000 x 1000 (mu_nu, m4), and the 10^8-point 4-axis map mu_nu x m4
 * x eps_ee^uV x eps_ee^dV (100 each). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"
#include "cevns/scan.h"
#include "cli/cli.h"
#include "io/json_write.h"
#include "scan/scan_internal.h"

/* Map points per evaluate call (a chunk of `cevns scan`'s size for the separable path). */
#define BENCH_CHUNK ((size_t)1 << 20)
/* Grids beyond this many points skip the direct path (hours on a CPU). */
#define BENCH_DIRECT_MAX_POINTS 200000

typedef struct {
    const char *name;
    cevns_config *cfg;
    int paths; /* bit 0: direct, bit 1: separable */
} bench_job;

/* n values from lo to hi with the given spacing (log or linear). */
static void regrid(cevns_axis_config *a, const char *name, cevns_axis_kind kind, int eps_index, int n, double lo,
                   double hi, int log_spacing) {
    int i;
    if (a->name != name) snprintf(a->name, sizeof a->name, "%.31s", name);
    a->kind = kind;
    a->eps_index = eps_index;
    a->n = n;
    a->lo = lo;
    a->hi = hi;
    a->spacing = log_spacing ? CEVNS_SPACING_LOG : CEVNS_SPACING_LINEAR;
    a->profile = 0;
    for (i = 0; i < n; i++)
        a->values[i] = n == 1 ? lo : log_spacing ? exp(log(lo) + (log(hi) - log(lo)) * i / (n - 1))
                                                  : lo + (hi - lo) * i / (n - 1);
}

/* The main job's two axes regridded to n x n, plus eps_ee_u x eps_ee_d with n_eps values
 * each when n_eps > 0. */
static void main_job_grid(cevns_config *cfg, int n, int n_eps) {
    cevns_axis_config *a = cfg->scan.axes;
    regrid(&a[0], a[0].name, a[0].kind, a[0].eps_index, n, a[0].lo, a[0].hi, a[0].spacing == CEVNS_SPACING_LOG);
    regrid(&a[1], a[1].name, a[1].kind, a[1].eps_index, n, a[1].lo, a[1].hi, a[1].spacing == CEVNS_SPACING_LOG);
    cfg->scan.n_axes = 2;
    if (n_eps <= 0) return;
    regrid(&a[2], "eps_ee_u", CEVNS_AXIS_EPS_U, 0, n_eps, -0.5, 0.5, 0);
    regrid(&a[3], "eps_ee_d", CEVNS_AXIS_EPS_D, 0, n_eps, -0.5, 0.5, 0);
    cfg->scan.n_axes = 4;
}

typedef struct {
    double create_s, map_s, analysis_s;
    size_t points, map_points;
    const char *engine, *path;
} bench_result;

/* Create, evaluate the whole map into chi2 (map points), analyse. */
static cevns_status run_scan(const cevns_config *cfg, const char *engine, int direct, const cevns_engine_options *o,
                             double *chi2,
                             bench_result *r, cevns_error *err) {
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_map m;
    cevns_analysis a;
    double t0 = cevns_now_seconds(), t1;
    size_t start, n_map;
    cevns_status st;
    cevns_scan_settings_default(&set);
    set.engine = engine;
    set.direct = direct;
    set.threads = o->threads;
    set.device = o->device;
    if ((st = cevns_scan_create(cfg, &set, &s, err)) != CEVNS_OK) return st;
    t1 = cevns_now_seconds();
    r->create_s = t1 - t0;
    n_map = cevns_scan_map_points(s);
    for (start = 0; start < n_map && st == CEVNS_OK; start += BENCH_CHUNK)
        st = cevns_scan_evaluate(s, start, n_map - start < BENCH_CHUNK ? n_map - start : BENCH_CHUNK, chi2 + start,
                                 NULL, err);
    r->map_s = cevns_now_seconds() - t1;
    r->points = cevns_scan_grid_points(s);
    r->map_points = n_map;
    r->engine = cevns_scan_engine_name(s);
    r->path = cevns_scan_path_name(s);
    if (st == CEVNS_OK) {
        t1 = cevns_now_seconds();
        cevns_scan_result_map(cfg, s, NULL, chi2, NULL, &m);
        st = cevns_analysis_create(&m, cfg->path, &a, err);
        if (st == CEVNS_OK) cevns_analysis_free(&a);
        r->analysis_s = cevns_now_seconds() - t1;
    }
    cevns_scan_free(s);
    return st;
}

/* The largest difference of a from b: relative where |b| >= 1, absolute below (a chi2
 * near 0 is rounding noise, where relative differences mean nothing); NaN counts as the
 * worst. */
static void max_diff(const double *a, const double *b, size_t n, double *rel, double *abs_small) {
    size_t i;
    *rel = *abs_small = 0.0;
    for (i = 0; i < n; i++) {
        double d = fabs(a[i] - b[i]);
        if (fabs(b[i]) >= 1.0) {
            if (!(d / fabs(b[i]) <= *rel)) *rel = d / fabs(b[i]);
        } else if (!(d <= *abs_small)) {
            *abs_small = d;
        }
    }
}

static void print_result(const bench_job *job, const bench_result *r, int threads, double cpu_total, double rel,
                         double abs_small) {
    double total = r->create_s + r->map_s + r->analysis_s;
    printf("{\"job\": ");
    cevns_json_string(stdout, job->name);
    printf(", \"engine\": \"%s\", \"path\": \"%s\", \"threads\": %d, \"points\": %zu, \"map_points\": %zu, "
           "\"prepare_s\": %.4g, \"map_s\": %.4g, \"analysis_s\": %.4g, \"time_to_contour_s\": %.4g, "
           "\"points_per_s\": %.4g, \"ratio_to_cpu\": %.4g, \"max_rel_diff_vs_cpu\": %.3g, "
           "\"max_abs_diff_vs_cpu_below_1\": %.3g}\n",
           r->engine, r->path, threads, r->points, r->map_points, r->create_s, r->map_s, r->analysis_s, total,
           (double)r->points / (r->create_s + r->map_s), cpu_total > 0.0 ? cpu_total / total : 0.0, rel, abs_small);
    fflush(stdout);
}

/* One job on every available engine, on each of its paths. */
static int run_job(const bench_job *job, const cevns_engine_options *o) {
    const cevns_engine *const *all;
    size_t n_engines = cevns_engine_list(&all), k, n_map = 1, n_points = 1;
    int path, failed = 0, a;
    double *ref, *got;
    for (a = 0; a < job->cfg->scan.n_axes; a++) {
        n_points *= (size_t)job->cfg->scan.axes[a].n;
        if (!job->cfg->scan.axes[a].profile) n_map *= (size_t)job->cfg->scan.axes[a].n;
    }
    ref = malloc(n_map * sizeof *ref);
    got = malloc(n_map * sizeof *got);
    if (!ref || !got) {
        free(ref);
        free(got);
        fprintf(stderr, "cevns bench: %s: out of memory for %zu map points\n", job->name, n_map);
        return 1;
    }
    for (path = 0; path < 2; path++) {
        bench_result cpu;
        cevns_error err = {""};
        double cpu_total;
        if (!(job->paths & (1 << path))) continue;
        if (path == 0 && n_points > BENCH_DIRECT_MAX_POINTS) {
            printf("{\"job\": \"%s\", \"path\": \"direct\", \"skipped\": \"%zu points: more than %d, the direct path "
                   "would take hours\"}\n",
                   job->name, n_points, BENCH_DIRECT_MAX_POINTS);
            continue;
        }
        /* the CPU engine first: the reference of the others */
        if (run_scan(job->cfg, "cpu", path == 0, o, ref, &cpu, &err) != CEVNS_OK) {
            printf("{\"job\": \"%s\", \"engine\": \"cpu\", \"error\": ", job->name);
            cevns_json_string(stdout, err.msg);
            printf("}\n");
            failed = 1;
            continue;
        }
        cpu_total = cpu.create_s + cpu.map_s + cpu.analysis_s;
        print_result(job, &cpu, o->threads, cpu_total, 0.0, 0.0);
        for (k = 0; k < n_engines; k++) {
            bench_result r;
            char why[256];
            if (all[k] == &cevns_engine_cpu) continue;
            if (!all[k]->available(o, why, sizeof why)) {
                printf("{\"job\": \"%s\", \"engine\": \"%s\", \"available\": false, \"why\": ", job->name,
                       all[k]->name);
                cevns_json_string(stdout, why);
                printf("}\n");
                continue;
            }
            if (run_scan(job->cfg, all[k]->name, path == 0, o, got, &r, &err) != CEVNS_OK) {
                printf("{\"job\": \"%s\", \"engine\": \"%s\", \"error\": ", job->name, all[k]->name);
                cevns_json_string(stdout, err.msg);
                printf("}\n");
                failed = 1;
                continue;
            }
            {
                double rel, abs_small;
                max_diff(got, ref, n_map, &rel, &abs_small);
                print_result(job, &r, o->threads, cpu_total, rel, abs_small);
            }
        }
    }
    free(ref);
    free(got);
    return failed;
}

/* ---------------------------------------------------------------- Feldman-Cousins */
static int compare_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The critical values of the toys (n_map x toys, sorted in place) at each CL: crit[p * n_cl + c]. */
static void critical_values(const cevns_config *cfg, double *toys, size_t n_map, size_t n_toys, double *crit) {
    size_t p;
    int c;
    for (p = 0; p < n_map; p++) {
        qsort(toys + p * n_toys, n_toys, sizeof *toys, compare_double);
        for (c = 0; c < cfg->scan.n_cl; c++)
            crit[p * (size_t)cfg->scan.n_cl + (size_t)c] = cevns_quantile_sorted(toys + p * n_toys, n_toys, cfg->scan.cl[c]);
    }
}

/* The Feldman-Cousins construction of cfg on one engine: prepare (plan, engine, basis, signals,
 * the data's fit) and the toys of every map point, timed; their critical values into crit. */
static cevns_status run_fc(const cevns_config *cfg, const char *engine, const cevns_engine_options *o, double *toys,
                           double *crit, double *prepare_s, double *toys_s, size_t *grid_points, const char **path,
                           cevns_error *err) {
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_fc *f = NULL;
    double t0 = cevns_now_seconds(), t1;
    size_t n_map;
    cevns_status st;
    cevns_scan_settings_default(&set);
    set.engine = engine;
    set.threads = o->threads;
    set.device = o->device;
    if ((st = cevns_scan_create(cfg, &set, &s, err)) != CEVNS_OK) return st;
    st = cevns_fc_create(s, (size_t)cfg->scan.fc.toys, (unsigned long long)cfg->scan.fc.seed, &f, err);
    t1 = cevns_now_seconds();
    *prepare_s = t1 - t0;
    n_map = cevns_scan_map_points(s);
    *grid_points = cevns_scan_grid_points(s);
    *path = cevns_scan_path_name(s);
    if (st == CEVNS_OK) st = cevns_fc_evaluate(f, 0, n_map, toys, err);
    *toys_s = cevns_now_seconds() - t1;
    if (st == CEVNS_OK) critical_values(cfg, toys, n_map, (size_t)cfg->scan.fc.toys, crit);
    cevns_fc_free(f);
    cevns_scan_free(s);
    return st;
}

/* The Feldman-Cousins job on every available engine, the CPU first: toys x map points per
 * second, fits (toys x map points x grid points) per second, the ratio to the CPU and the
 * largest difference of the critical values from the CPU's. */
static int run_fc_job(const char *name, cevns_config *cfg, const cevns_engine_options *o) {
    const cevns_engine *const *all;
    size_t n_engines = cevns_engine_list(&all), k, n_map = 1, toys, n_crit, i;
    double *buf, *crit_cpu, *crit, cpu_s = 0.0;
    int a, failed = 0;
    if (!cfg->scan.fc.enabled) {
        cfg->scan.fc.enabled = 1; /* a config without the section: its defaults */
    }
    toys = (size_t)cfg->scan.fc.toys;
    for (a = 0; a < cfg->scan.n_axes; a++)
        if (!cfg->scan.axes[a].profile) n_map *= (size_t)cfg->scan.axes[a].n;
    n_crit = n_map * (size_t)cfg->scan.n_cl;
    buf = malloc(n_map * toys * sizeof *buf);
    crit_cpu = malloc(n_crit * sizeof *crit_cpu);
    crit = malloc(n_crit * sizeof *crit);
    if (!buf || !crit_cpu || !crit) {
        free(buf);
        free(crit_cpu);
        free(crit);
        fprintf(stderr, "cevns bench: %s: out of memory for %zu x %zu toys\n", name, n_map, toys);
        return 1;
    }
    for (k = 0; k < n_engines; k++) {
        /* the CPU first (k = 0 runs it), then the others */
        const cevns_engine *eng = k == 0 ? &cevns_engine_cpu : all[k - 1];
        cevns_error err = {""};
        double prepare_s, toys_s, diff = 0.0;
        size_t grid_points = 0;
        const char *path = "";
        char why[256];
        if (k > 0 && eng == &cevns_engine_cpu) continue;
        if (!eng->available(o, why, sizeof why)) {
            printf("{\"job\": ");
            cevns_json_string(stdout, name);
            printf(", \"engine\": \"%s\", \"available\": false, \"why\": ", eng->name);
            cevns_json_string(stdout, why);
            printf("}\n");
            continue;
        }
        if (run_fc(cfg, eng->name, o, buf, k == 0 ? crit_cpu : crit, &prepare_s, &toys_s, &grid_points, &path, &err) !=
            CEVNS_OK) {
            printf("{\"job\": ");
            cevns_json_string(stdout, name);
            printf(", \"engine\": \"%s\", \"error\": ", eng->name);
            cevns_json_string(stdout, err.msg);
            printf("}\n");
            failed = 1;
            if (k == 0) break;
            continue;
        }
        if (k == 0) cpu_s = toys_s;
        else
            for (i = 0; i < n_crit; i++) diff = fmax(diff, fabs(crit[i] - crit_cpu[i]));
        printf("{\"job\": ");
        cevns_json_string(stdout, name);
        printf(", \"engine\": \"%s\", \"path\": \"%s\", \"threads\": %d, \"toys\": %zu, \"map_points\": %zu, "
               "\"grid_points\": %zu, \"prepare_s\": %.4g, \"toys_s\": %.4g, \"toys_points_per_s\": %.4g, "
               "\"fits_per_s\": %.4g, \"ratio_to_cpu\": %.4g, \"max_abs_diff_critical_vs_cpu\": %.3g}\n",
               eng->name, path, o->threads, toys, n_map, grid_points, prepare_s, toys_s,
               (double)toys * (double)n_map / toys_s, (double)toys * (double)n_map * (double)grid_points / toys_s,
               cpu_s / toys_s, diff);
        fflush(stdout);
    }
    free(buf);
    free(crit_cpu);
    free(crit);
    return failed;
}

static void bench_help(void) {
    puts("usage: cevns bench [--threads N] [--quick] [CONFIG]\n"
         "       cevns bench --fc [--threads N] [CONFIG]\n\n"
         "Times scans on every available engine, direct and separable paths, in one run, and prints one\n"
         "JSON line per engine and path: the time to prepare (plan, engine, separable basis), to\n"
         "evaluate the whole map, and to analyse it (time_to_contour_s is their sum: everything\n"
         "`cevns scan` does but writing files), points/s, the ratio to the CPU engine in the same run\n"
         "and the largest relative difference of chi2 from the CPU engine's.\n\n"
         "With CONFIG: that config's scan.  Without: the standard jobs of docs/performance.md (the\n"
         "main job; the direct path on bench/configs/csi_nsi_direct.json; the main job at 1000 x 1000;\n"
         "the 10^8-point map mu_nu x m4 x eps_ee_u x eps_ee_d).  --quick leaves out the 10^8-point map.\n"
         "--threads N: host threads (default 2, the CI machine's cores; 0 = all).\n\n"
         "--fc: the Feldman-Cousins construction of CONFIG (default configs/coherent_csi2021_nsi_fc.json)\n"
         "with its toys and seed, on every engine: the time to prepare it and to fit the toys, toys x map\n"
         "points per second, fits (toys x map points x grid points) per second, the ratio to the CPU and\n"
         "the largest difference of the critical values from the CPU's.");
}

int cevns_cmd_bench(int argc, char **argv) {
    const char *config = NULL;
    int i, threads = 2, quick = 0, fc = 0, failed = 0, n_jobs = 0, rc;
    cevns_engine_options o;
    cevns_config *cfgs[4] = {NULL, NULL, NULL, NULL};
    bench_job jobs[4];
    cevns_error err = {""};
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            bench_help();
            return 0;
        } else if (!strcmp(argv[i], "--quick")) quick = 1;
        else if (!strcmp(argv[i], "--fc")) fc = 1;
        else if (!strcmp(argv[i], "--threads")) {
            double t;
            if (i + 1 >= argc || cli_parse_double(argv[i + 1], &t) || t < 0 || t != floor(t) || t > 4096)
                return cli_usage_error("bench", "--threads needs an integer in 0..4096");
            threads = (int)t;
            i++;
        } else if (argv[i][0] == '-') return cli_usage_error("bench", "unknown option '%s'", argv[i]);
        else if (config) return cli_usage_error("bench", "only one CONFIG is allowed");
        else config = argv[i];
    }
    if ((rc = cli_engine_options("bench", &o)) != 0) return rc;
    o.threads = threads;
    if (fc) {
        cevns_config *cfg = malloc(sizeof *cfg);
        const char *path = config ? config : "configs/coherent_csi2021_nsi_fc.json";
        if (!cfg) return cli_fail(CEVNS_ENOMEM, &err);
        cevns_status st = cli_config_load(path, cfg, &err);
        if (st != CEVNS_OK) {
            free(cfg);
            return cli_fail(st, &err);
        }
        failed = run_fc_job(path, cfg, &o);
        free(cfg);
        return failed ? cevns_status_exit_code(CEVNS_ENUMERIC) : 0;
    }
    for (i = 0; i < 4; i++)
        if (!(cfgs[i] = malloc(sizeof *cfgs[i]))) {
            for (i = 0; i < 4; i++) free(cfgs[i]);
            return cli_fail(CEVNS_ENOMEM, &err);
        }
    if (config) {
        if (cli_config_load(config, cfgs[0], &err) == CEVNS_OK)
            jobs[n_jobs++] = (bench_job){config, cfgs[0], 3};
    } else if (cli_config_load("configs/default.json", cfgs[0], &err) == CEVNS_OK &&
               cli_config_load("bench/configs/csi_nsi_direct.json", cfgs[1], &err) == CEVNS_OK) {
        jobs[n_jobs++] = (bench_job){"default.json 48x40 (mu_nu, m4)", cfgs[0], 3};
        jobs[n_jobs++] = (bench_job){"csi_nsi_direct.json 100x100 (eps_ee_u, eps_ee_d)", cfgs[1], 1};
        *cfgs[2] = *cfgs[0];
        main_job_grid(cfgs[2], 1000, 0);
        jobs[n_jobs++] = (bench_job){"default.json 1000x1000 (mu_nu, m4)", cfgs[2], 2};
        if (!quick) {
            *cfgs[3] = *cfgs[0];
            main_job_grid(cfgs[3], 100, 100);
            jobs[n_jobs++] = (bench_job){"default.json 100^4 (mu_nu, m4, eps_ee_u, eps_ee_d)", cfgs[3], 2};
        }
    }
    if (n_jobs == 0) {
        for (i = 0; i < 4; i++) free(cfgs[i]);
        return cli_fail(CEVNS_ECONFIG, &err);
    }
    for (i = 0; i < n_jobs; i++) failed |= run_job(&jobs[i], &o);
    for (i = 0; i < 4; i++) free(cfgs[i]);
    return failed ? cevns_status_exit_code(CEVNS_ENUMERIC) : 0;
}
