/* test_mpi.c - `mpirun -np 2 cevns scan` writes the same map as one process:
 * every chi2 value and every expected count identical (each point is computed
 * by exactly one rank, the same chunk computation as the single run, and the
 * combination by minimum and sum is exact).  Without a launcher the program is
 * rank 0 of 1 and never initialises MPI.  Built only when MPI is enabled. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cevns/results.h"
#include "scan/distribute.h"
#include "test_support.h"

/* 80 x 80 = 6400 (eps_ee^uV, eps_ee^dV) points: four chunks of 2048 points (the
 * last one partial), two per rank under -np 2; --direct evaluates every point. */
#define MPI_GRID_N 80

typedef struct {
    int code;
    char out[1 << 14];
} run_result;

/* Run a shell command from the project root; stdout captured, stderr passed on. */
static void run(const char *cmd, run_result *r) {
    char full[4096];
    FILE *p;
    size_t n;
    int status;
    snprintf(full, sizeof full, "cd '%s' && %s", CEVNS_SOURCE_DIR, cmd);
    p = popen(full, "r");
    cr_assert_not_null(p);
    n = fread(r->out, 1, sizeof r->out - 1, p);
    r->out[n] = '\0';
    status = pclose(p);
    r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* configs/coherent_csi2017_nsi.json with MPI_GRID_N points per axis, written to dir. */
static void write_config(const char *dir, char *path, size_t size) {
    char src[1024], *text, *p;
    FILE *f;
    long len;
    int replaced = 0;
    snprintf(src, sizeof src, "%s/configs/coherent_csi2017_nsi.json", CEVNS_SOURCE_DIR);
    f = fopen(src, "r");
    cr_assert_not_null(f, "%s", src);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    text = malloc((size_t)len + 1);
    cr_assert_not_null(text);
    cr_assert_eq(fread(text, 1, (size_t)len, f), (size_t)len);
    text[len] = '\0';
    fclose(f);
    for (p = text; (p = strstr(p, "\"n\": 101}")) != NULL; p += 9, replaced++) memcpy(p, "\"n\":  80}", 9);
    cr_assert_eq(replaced, 2, "the two 101-point axes of %s", src);
    snprintf(path, size, "%s/nsi.json", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
}

static int same_double(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

static void remove_tree(const char *dir) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* Read dir/name/map.h5 and expect it identical to `one`, value for value. */
static void expect_same_map(const cevns_map *one, const char *dir, const char *name) {
    char path[600];
    cevns_map m;
    cevns_error err = {""};
    size_t i, n = cevns_map_points(one), differ = 0;
    memset(&m, 0, sizeof m);
    snprintf(path, sizeof path, "%s/%s/map.h5", dir, name);
    cr_assert_eq(cevns_map_create_from_h5(path, &m, &err), CEVNS_OK, "%s", err.msg);
    snprintf(path, sizeof path, "%s/%s.partial", dir, name);
    cr_expect_neq(access(path, F_OK), 0, "the work folder %s is left behind", path);
    cr_assert_eq(m.n_axes, one->n_axes);
    cr_assert_eq(cevns_map_points(&m), n);
    for (i = 0; i < n; i++)
        if (!same_double(one->chi2[i], m.chi2[i]) && differ++ < 5)
            cr_log_error("%s: chi2[%zu]: %.17g (one process) vs %.17g", name, i, one->chi2[i], m.chi2[i]);
    cr_expect_eq(differ, 0, "%s: %zu of %zu chi2 values differ from the single-process map", name, differ, n);
    cr_expect_eq(m.chi2_min, one->chi2_min);
    /* the unprofiled map stores counts: combined by sum, also exact */
    cr_assert_eq(m.n_bins, one->n_bins);
    differ = 0;
    for (i = 0; i < n * m.n_bins; i++)
        if (!same_double(one->counts[i], m.counts[i])) differ++;
    cr_expect_eq(differ, 0, "%s: %zu of %zu expected counts differ", name, differ, n * m.n_bins);
    cevns_map_free(&m);
}

Test(mpi, ranks_write_the_single_process_map, .timeout = 600) {
    char dir[] = "/tmp/cevns_mpi_XXXXXX", config[512], cmd[3072], path[600];
    const char *opts = "--engine cpu --direct --quiet --no-figures";
    run_result *r = malloc(sizeof *r);
    cevns_map one;
    cevns_error err = {""};
    size_t i, n;
    int np;
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_not_null(r);
    write_config(dir, config, sizeof config);

    /* by hand: one process, MPI never initialised */
    snprintf(cmd, sizeof cmd, "'%s' scan '%s' %s --out '%s/one'", CEVNS_BINARY, config, opts, dir);
    run(cmd, r);
    cr_assert_eq(r->code, 0, "single-process scan failed (exit %d): %s", r->code, r->out);
    cr_expect_not_null(strstr(r->out, "6400 points"), "%s", r->out);
    cr_expect_null(strstr(r->out, ", MPI)"), "a run by hand must be one rank: %s", r->out);
    printf("single process: %s", r->out);
    memset(&one, 0, sizeof one);
    snprintf(path, sizeof path, "%s/one/map.h5", dir);
    cr_assert_eq(cevns_map_create_from_h5(path, &one, &err), CEVNS_OK, "%s", err.msg);
    n = cevns_map_points(&one);
    cr_assert_eq(n, (size_t)MPI_GRID_N * MPI_GRID_N);
    for (i = 0; i < n; i++) cr_expect(isfinite(one.chi2[i]), "chi2[%zu] = %g is not a computed value", i, one.chi2[i]);
    cr_assert_gt(one.n_bins, 0);

    /* the same under mpirun: 2 ranks (2 + 2 chunks), 3 ranks (1 + 1 + 2); rank 0
     * alone prints and writes */
    for (np = 2; np <= 3; np++) {
        const char *first;
        char name[16];
        snprintf(name, sizeof name, "mpi%d", np);
        snprintf(cmd, sizeof cmd,
                 "timeout -k 10 250 '%s' --allow-run-as-root --oversubscribe -np %d '%s' scan '%s' %s --out '%s/%s'",
                 CEVNS_MPIEXEC, np, CEVNS_BINARY, config, opts, dir, name);
        run(cmd, r);
        cr_assert_eq(r->code, 0, "mpirun -np %d scan failed (exit %d): %s", np, r->code, r->out);
        printf("mpirun -np %d:   %s", np, r->out);
        cr_expect_not_null(strstr(r->out, ", MPI)"), "-np %d: no sign of MPI ranks: %s", np, r->out);
        first = strstr(r->out, "cevns scan:");
        cr_assert_not_null(first, "%s", r->out);
        cr_expect_null(strstr(first + 1, "cevns scan:"), "only rank 0 prints the summary: %s", r->out);
        expect_same_map(&one, dir, name);
    }

    cevns_map_free(&one);
    free(r);
    remove_tree(dir);
}

/* Without a launcher's environment cevns_dist_init leaves MPI alone: rank 0 of 1
 * computing every chunk, and combining is a no-op. */
Test(mpi, one_rank_without_a_launcher) {
    int argc = 1;
    char arg0[] = "test_mpi", *args[] = {arg0, NULL}, **argv = args;
    double chi2[3] = {1.0, INFINITY, 2.0}, counts[3] = {4.0, 5.0, 6.0};
    cevns_error err = {""};
    cevns_dist d;
    size_t first = 99, last = 0;
    unsetenv("OMPI_COMM_WORLD_SIZE");
    unsetenv("PMI_SIZE");
    unsetenv("PMIX_RANK");
    cevns_dist_init(&argc, &argv, &d);
    cr_expect_eq(d.rank, 0);
    cr_expect_eq(d.size, 1);
    cr_expect_eq(d.local_rank, 0);
    cr_expect_eq(d.active, 0);
    cr_expect_eq(cevns_dist_get()->size, 1);
    cevns_dist_range(&d, 7, &first, &last);
    cr_expect_eq(first, 0);
    cr_expect_eq(last, 7);
    cr_expect_eq(cevns_dist_combine(&d, chi2, 3, counts, 3, &err), CEVNS_OK);
    cr_expect_eq(chi2[0], 1.0);
    cr_expect(isinf(chi2[1]));
    cr_expect_eq(counts[2], 6.0);
    cr_expect_eq(cevns_dist_any(&d, 0), 0);
    cr_expect_eq(cevns_dist_any(&d, 3), 1);
    cevns_dist_barrier(&d);
    cevns_dist_finalize(&d);
}

/* The chunk ranges of N ranks are contiguous, in rank order, and cover every chunk once. */
Test(mpi, ranges_cover_every_chunk_once) {
    int size, r;
    for (size = 1; size <= 9; size++) {
        size_t n_chunks;
        for (n_chunks = 0; n_chunks <= 20; n_chunks++) {
            size_t expect = 0;
            for (r = 0; r < size; r++) {
                cevns_dist d = {r, size, r, 1};
                size_t first, last;
                cevns_dist_range(&d, n_chunks, &first, &last);
                cr_expect_eq(first, expect, "size %d rank %d of %zu chunks", size, r, n_chunks);
                cr_expect_geq(last, first);
                expect = last;
            }
            cr_expect_eq(expect, n_chunks);
        }
    }
}
