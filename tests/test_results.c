/* test_results.c - what a scan leaves behind: map.h5 round trips (1 to 4 axes,
 * counts, every attribute), corrupt and missing files, the temporary file of an
 * atomic write, the reference limits; marching-squares contours against
 * analytic ellipses, hyperbolas and saddle cells; the 1-D interval finder
 * (cevns_interval_1d) on analytic parabolas; the analysis of a map (cevns_analysis_create:
 * projection, best fit, thresholds, limits and contours) on an analytic elliptical
 * valley; the PLplot figures drawn from it (skipped when the build has no PLplot or no
 * cairo driver). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cevns/results.h"
#include "config/config_internal.h"
#include "io/axis_label.h"
#include "scan/scan_internal.h"

#define PI 3.14159265358979323846

/* ---------------------------------------------------------------- helpers */

static void make_dir(char *dir, size_t size) {
    snprintf(dir, size, "/tmp/cevns_results_XXXXXX");
    cr_assert_not_null(mkdtemp(dir), "mkdtemp failed");
}

/* Removes a flat folder (files only, then the folder). */
static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *ent;
    char path[1024];
    if (!d) return;
    while ((ent = readdir(d)) != NULL) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        if (rmdir(path) != 0) remove(path);
    }
    closedir(d);
    rmdir(dir);
}

static int file_exists(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0;
}

static long file_size(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* A map over n_axes axes of the given sizes with distinct, checkable values. */
static void make_map(cevns_map *m, int n_axes, const size_t *dims, size_t n_bins, int with_config) {
    size_t points;
    memset(m, 0, sizeof *m);
    m->n_axes = n_axes;
    for (int k = 0; k < n_axes; k++) {
        snprintf(m->axis_name[k], sizeof m->axis_name[k], "axis_%d%s", k, k == 0 ? "_mu_nu" : "");
        snprintf(m->axis_unit[k], sizeof m->axis_unit[k], "%s", k == 0 ? "mu_B" : k == 1 ? "MeV" : "");
        m->axis_log[k] = k % 2 == 0;
        m->axis_n[k] = dims[k];
        m->axis_values[k] = malloc(dims[k] * sizeof(double));
        cr_assert_not_null(m->axis_values[k]);
        for (size_t i = 0; i < dims[k]; i++)
            m->axis_values[k][i] = m->axis_log[k] ? 1e-11 * pow(10.0, 0.25 * (double)i) : 0.5 * (double)i + k;
    }
    points = cevns_map_points(m);
    m->chi2 = malloc(points * sizeof(double));
    cr_assert_not_null(m->chi2);
    for (size_t p = 0; p < points; p++) m->chi2[p] = 3.0 + 0.125 * (double)p + 1e-9 * (double)(p * p);
    m->n_bins = n_bins;
    if (n_bins > 0) {
        m->counts = malloc(points * n_bins * sizeof(double));
        m->bin_edges = malloc((n_bins + 1) * sizeof(double));
        cr_assert(m->counts && m->bin_edges);
        for (size_t i = 0; i < points * n_bins; i++) m->counts[i] = 100.0 + (double)i / 7.0;
        for (size_t b = 0; b <= n_bins; b++) m->bin_edges[b] = 2.0 + 1.5 * (double)b;
    }
    snprintf(m->statistic, sizeof m->statistic, "poisson");
    snprintf(m->engine, sizeof m->engine, "cpu");
    snprintf(m->path, sizeof m->path, "direct");
    snprintf(m->version, sizeof m->version, "0.1.0");
    snprintf(m->config_name, sizeof m->config_name, "coherent_csi #%d axes \xce\x94", n_axes);
    snprintf(m->observable, sizeof m->observable, "recoil");
    m->chi2_min = 3.0;
    m->n_cl = n_axes == 3 ? 0 : 3;
    m->cl[0] = 0.68;
    m->cl[1] = 0.9;
    m->cl[2] = 0.95;
    m->dof = n_axes;
    /* reference limits: none on 3 axes, otherwise n_axes of them (UTF-8, '%' and '#' in labels) */
    m->n_reference = n_axes == 3 ? 0 : n_axes;
    for (int i = 0; i < m->n_reference; i++) {
        snprintf(m->reference_label[i], sizeof m->reference_label[i], "ref #%d (CDEX-10, 90 %% CL) \xce\xbc", i);
        m->reference_value[i] = 2.79e-9 * (double)(i + 1);
    }
    if (with_config) {
        const char *json = "{\n  \"name\": \"coherent_csi\",\n  \"scan\": {\"axes\": [\"mu_nu\"]}\n}";
        m->config_json = malloc(strlen(json) + 1);
        cr_assert_not_null(m->config_json);
        memcpy(m->config_json, json, strlen(json) + 1);
    }
}

static void expect_same(const cevns_map *a, const cevns_map *b) {
    size_t points = cevns_map_points(a);
    cr_assert_eq(b->n_axes, a->n_axes);
    cr_assert_eq(cevns_map_points(b), points);
    for (int k = 0; k < a->n_axes; k++) {
        cr_expect_str_eq(b->axis_name[k], a->axis_name[k]);
        cr_expect_str_eq(b->axis_unit[k], a->axis_unit[k]);
        cr_expect_eq(b->axis_log[k], a->axis_log[k], "axis %d log", k);
        cr_assert_eq(b->axis_n[k], a->axis_n[k], "axis %d size", k);
        for (size_t i = 0; i < a->axis_n[k]; i++)
            cr_expect_eq(b->axis_values[k][i], a->axis_values[k][i], "axis %d value %zu", k, i);
    }
    for (size_t p = 0; p < points; p++) cr_expect_eq(b->chi2[p], a->chi2[p], "chi2[%zu]", p);
    cr_assert_eq(b->n_bins, a->n_bins);
    if (a->n_bins > 0) {
        for (size_t i = 0; i < points * a->n_bins; i++) cr_expect_eq(b->counts[i], a->counts[i], "counts[%zu]", i);
        for (size_t i = 0; i <= a->n_bins; i++) cr_expect_eq(b->bin_edges[i], a->bin_edges[i], "edge %zu", i);
    } else {
        cr_expect_null(b->counts);
        cr_expect_null(b->bin_edges);
    }
    cr_expect_str_eq(b->statistic, a->statistic);
    cr_expect_str_eq(b->engine, a->engine);
    cr_expect_str_eq(b->path, a->path);
    cr_expect_str_eq(b->version, a->version);
    cr_expect_str_eq(b->config_name, a->config_name);
    cr_expect_str_eq(b->observable, a->observable);
    cr_expect_eq(b->chi2_min, a->chi2_min);
    cr_assert_eq(b->n_cl, a->n_cl);
    for (int i = 0; i < a->n_cl; i++) cr_expect_eq(b->cl[i], a->cl[i], "cl[%d]", i);
    cr_expect_eq(b->dof, a->dof);
    cr_assert_eq(b->n_reference, a->n_reference);
    for (int i = 0; i < a->n_reference; i++) {
        cr_expect_str_eq(b->reference_label[i], a->reference_label[i]);
        cr_expect_eq(b->reference_value[i], a->reference_value[i], "reference %d", i);
    }
    if (a->config_json)
        cr_expect_str_eq(b->config_json, a->config_json);
    else
        cr_expect_null(b->config_json);
}

static void roundtrip(int n_axes, const size_t *dims, size_t n_bins, int with_config) {
    char dir[64], path[128], tmp[140];
    cevns_map m, r;
    cevns_error err = {""};
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    make_map(&m, n_axes, dims, n_bins, with_config);
    cr_assert_eq(cevns_map_write_h5(path, &m, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(file_exists(path));
    cr_expect(!file_exists(tmp), "%s left behind", tmp);
    cr_assert_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_OK, "%s", err.msg);
    expect_same(&m, &r);
    /* the reference attributes are there only when there are reference limits */
    {
        hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        cr_assert(file >= 0);
        cr_expect_eq(H5Aexists(file, "reference_labels") > 0, m.n_reference > 0);
        cr_expect_eq(H5Aexists(file, "reference_values") > 0, m.n_reference > 0);
        H5Fclose(file);
    }
    /* overwriting an existing map works and leaves no temporary file either */
    cr_assert_eq(cevns_map_write_h5(path, &r, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(!file_exists(tmp));
    cevns_map_free(&r);
    cr_expect_null(r.chi2);
    cevns_map_free(&m);
    remove_dir(dir);
}

/* ---------------------------------------------------------------- HDF5 */

Test(map_h5, roundtrip_1_axis) {
    size_t dims[1] = {17};
    roundtrip(1, dims, 5, 1);
}

Test(map_h5, roundtrip_2_axes) {
    size_t dims[2] = {6, 9};
    roundtrip(2, dims, 3, 1);
}

Test(map_h5, roundtrip_3_axes_no_cl_no_config) {
    size_t dims[3] = {3, 4, 5};
    roundtrip(3, dims, 2, 0);
}

Test(map_h5, roundtrip_4_axes_no_counts) {
    size_t dims[4] = {2, 3, 1, 4};
    roundtrip(4, dims, 0, 1);
}

Test(map_h5, points) {
    cevns_map m;
    memset(&m, 0, sizeof m);
    cr_expect_eq(cevns_map_points(&m), 0u);
    m.n_axes = 3;
    m.axis_n[0] = 4;
    m.axis_n[1] = 5;
    m.axis_n[2] = 6;
    cr_expect_eq(cevns_map_points(&m), 120u);
    cr_expect_eq(cevns_map_points(NULL), 0u);
}

Test(map_h5, missing_file_is_edata) {
    cevns_map m;
    cevns_error err = {""};
    const char *path = "/tmp/cevns_results_no_such_dir/map.h5";
    cr_assert_eq(cevns_map_create_from_h5(path, &m, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, path) != NULL, "message does not name the file: %s", err.msg);
    cr_expect_null(m.chi2);
}

Test(map_h5, corrupt_file_is_edata) {
    char dir[64], path[128];
    unsigned char bytes[4096];
    cevns_map m;
    cevns_error err = {""};
    FILE *f;
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    srand(12345);
    for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = (unsigned char)(rand() & 0xff);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_eq(cevns_map_create_from_h5(path, &m, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, path) != NULL, "message does not name the file: %s", err.msg);
    cr_expect_null(m.chi2);
    remove_dir(dir);
}

Test(map_h5, truncated_file_is_edata) {
    char dir[64], path[128];
    size_t dims[2] = {20, 30};
    cevns_map m, r;
    cevns_error err = {""};
    long size;
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    make_map(&m, 2, dims, 4, 1);
    cr_assert_eq(cevns_map_write_h5(path, &m, &err), CEVNS_OK, "%s", err.msg);
    size = file_size(path);
    cr_assert(size > 0);
    cr_assert_eq(truncate(path, size / 2), 0);
    cr_assert_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, path) != NULL, "message does not name the file: %s", err.msg);
    cevns_map_free(&m);
    remove_dir(dir);
}

Test(map_h5, failed_write_leaves_no_temporary) {
    char dir[64], path[128], tmp[140];
    size_t dims[2] = {3, 4};
    cevns_map m;
    cevns_error err = {""};
    make_dir(dir, sizeof dir);
    make_map(&m, 2, dims, 2, 1);

    /* the target is a folder: the temporary file is written, the rename fails */
    snprintf(path, sizeof path, "%s/sub", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    cr_assert_eq(mkdir(path, 0755), 0);
    {
        char inner[160];
        FILE *f;
        snprintf(inner, sizeof inner, "%s/keep", path);
        f = fopen(inner, "w");
        cr_assert_not_null(f);
        fclose(f);
    }
    cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EIO);
    cr_expect(strstr(err.msg, path) != NULL, "message does not name the file: %s", err.msg);
    cr_expect(!file_exists(tmp), "%s left behind", tmp);

    /* the folder does not exist */
    snprintf(path, sizeof path, "%s/no_such_dir/map.h5", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    err.msg[0] = '\0';
    cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EIO);
    cr_expect(strstr(err.msg, "map.h5") != NULL, "message does not name the file: %s", err.msg);
    cr_expect(!file_exists(tmp));

    /* an unwritable folder (root writes anyway: only checked as a user) */
    if (geteuid() != 0) {
        char ro[100];
        snprintf(ro, sizeof ro, "%s/ro", dir);
        cr_assert_eq(mkdir(ro, 0555), 0);
        snprintf(path, sizeof path, "%s/map.h5", ro);
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EIO);
        cr_expect(!file_exists(tmp));
        cr_expect(!file_exists(path));
        chmod(ro, 0755);
        rmdir(ro);
    }

    {
        char inner[160];
        snprintf(inner, sizeof inner, "%s/sub/keep", dir);
        remove(inner);
    }
    cevns_map_free(&m);
    remove_dir(dir);
}

Test(map_h5, invalid_map_is_rejected) {
    char dir[64], path[128];
    size_t dims[2] = {3, 4};
    cevns_map m;
    cevns_error err = {""};
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    make_map(&m, 2, dims, 0, 0);
    snprintf(m.axis_name[1], sizeof m.axis_name[1], "%s", m.axis_name[0]); /* duplicate name */
    cr_expect_neq(cevns_map_write_h5(path, &m, &err), CEVNS_OK);
    cr_expect(!file_exists(path));
    cevns_map_free(&m);
    remove_dir(dir);
}

Test(map_h5, invalid_reference_limits_are_rejected) {
    char dir[64], path[128];
    size_t dims[1] = {5};
    cevns_map m;
    cevns_error err = {""};
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    make_map(&m, 1, dims, 0, 0);
    m.n_reference = CEVNS_MAP_MAX_REFERENCE + 1;
    cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EINTERNAL);
    cr_expect(strstr(err.msg, "reference limits") != NULL, "%s", err.msg);
    m.n_reference = 1;
    memset(m.reference_label[0], 'x', sizeof m.reference_label[0]); /* not terminated */
    cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EINTERNAL);
    cr_expect(!file_exists(path));
    cevns_map_free(&m);
    remove_dir(dir);
}

/* A map whose reference attributes are edited after writing: labels without
 * values, and a different number of each, are EDATA naming the file. */
Test(map_h5, inconsistent_reference_attributes_are_edata) {
    char dir[64], path[128];
    size_t dims[1] = {5};
    cevns_map m, r;
    cevns_error err = {""};
    hid_t file;
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    make_map(&m, 1, dims, 0, 0);
    m.n_reference = 2;
    snprintf(m.reference_label[1], sizeof m.reference_label[1], "second");
    m.reference_value[1] = 1.0;
    cr_assert_eq(cevns_map_write_h5(path, &m, &err), CEVNS_OK, "%s", err.msg);

    /* one value instead of two */
    file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert(file >= 0);
    cr_assert(H5Adelete(file, "reference_values") >= 0);
    {
        hsize_t one = 1;
        double v = 2.0;
        hid_t space = H5Screate_simple(1, &one, NULL);
        hid_t attr = H5Acreate2(file, "reference_values", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
        cr_assert(attr >= 0);
        H5Awrite(attr, H5T_NATIVE_DOUBLE, &v);
        H5Aclose(attr);
        H5Sclose(space);
    }
    H5Fclose(file);
    cr_expect_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, path) != NULL && strstr(err.msg, "reference") != NULL, "%s", err.msg);
    cr_expect_null(r.chi2);

    /* labels without values */
    file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert(file >= 0);
    cr_assert(H5Adelete(file, "reference_values") >= 0);
    H5Fclose(file);
    cr_expect_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "reference_labels without reference_values") != NULL, "%s", err.msg);

    /* neither: a map without reference limits */
    file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert(file >= 0);
    cr_assert(H5Adelete(file, "reference_labels") >= 0);
    H5Fclose(file);
    cr_assert_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(r.n_reference, 0);
    cevns_map_free(&r);
    cevns_map_free(&m);
    remove_dir(dir);
}

/* ---------------------------------------------------------------- 1-D intervals */

/* Delta chi2 = ((x - c) / s)^2 on a linear grid of n points over [lo, hi]:
 * crossings of t at c -+ s sqrt(t), found to the interpolation error
 * (h^2 / 8 of the curvature over the slope). */
Test(interval, parabola_on_linear_axis) {
    enum { N = 2001 };
    static double x[N], d[N];
    const double c = 3.7, sd = 0.8, t = 2.705543454;
    double lo, hi;
    for (int i = 0; i < N; i++) {
        x[i] = -5.0 + 15.0 * i / (N - 1);
        d[i] = ((x[i] - c) / sd) * ((x[i] - c) / sd);
    }
    cevns_interval_1d(x, 0, d, N, t, &lo, &hi);
    cr_expect_float_eq(lo, c - sd * sqrt(t), 1e-4, "lower %.10g", lo);
    cr_expect_float_eq(hi, c + sd * sqrt(t), 1e-4, "upper %.10g", hi);
    /* a crossing on a grid point is found exactly: x = 0 and 7.5 */
    {
        double g[8] = {-1.5, 0.0, 1.5, 3.0, 4.5, 6.0, 7.5, 9.0}, e[8];
        for (int i = 0; i < 8; i++) e[i] = (g[i] - 3.75) * (g[i] - 3.75);
        cevns_interval_1d(g, 0, e, 8, 3.75 * 3.75, &lo, &hi);
        cr_expect_eq(lo, 0.0);
        cr_expect_eq(hi, 7.5);
    }
    /* the log flag changes nothing on a linear grid through negative values */
    cevns_interval_1d(x, 1, d, N, t, &lo, &hi);
    cr_expect_float_eq(lo, c - sd * sqrt(t), 1e-4);
}

/* Two allowed islands (a mediator's coupling: the SM-like band at small g and a narrow
 * sign-flipped island further up, which holds the minimum): Delta chi2 =
 * min(0.5 + (x / s)^2, ((x - c) / w)^2) on [0, 10].  cevns_interval_1d gives the island
 * around the minimum (c -+ w sqrt(t)); cevns_exclusion_1d the edge of the band, s sqrt(t - 0.5),
 * which is the upper limit an exclusion curve shows. */
Test(interval, exclusion_edge_below_an_island) {
    enum { N = 4001 };
    static double x[N], d[N];
    const double s = 1.3, c = 7.0, w = 0.2, t = 4.605170186;
    double lo, hi, edge;
    for (int i = 0; i < N; i++) {
        double band, island;
        x[i] = 10.0 * i / (N - 1);
        band = 0.5 + (x[i] / s) * (x[i] / s);
        island = ((x[i] - c) / w) * ((x[i] - c) / w);
        d[i] = band < island ? band : island;
    }
    cevns_interval_1d(x, 0, d, N, t, &lo, &hi);
    cr_expect_float_eq(lo, c - w * sqrt(t), 1e-4, "island lower %.10g", lo);
    cr_expect_float_eq(hi, c + w * sqrt(t), 1e-4, "island upper %.10g", hi);
    edge = cevns_exclusion_1d(x, 0, d, N, t);
    cr_expect_float_eq(edge, s * sqrt(t - 0.5), 1e-4, "band edge %.10g", edge);
    /* nothing allowed, or allowed everywhere: NaN */
    for (int i = 0; i < N; i++) d[i] = t + 1.0;
    cr_expect(isnan(cevns_exclusion_1d(x, 0, d, N, t)));
    for (int i = 0; i < N; i++) d[i] = 0.0;
    cr_expect(isnan(cevns_exclusion_1d(x, 0, d, N, t)));
    /* the first allowed point may lie above the start (a lower limit too) */
    for (int i = 0; i < N; i++) d[i] = ((x[i] - 5.0) / 0.5) * ((x[i] - 5.0) / 0.5);
    cr_expect_float_eq(cevns_exclusion_1d(x, 0, d, N, t), 5.0 + 0.5 * sqrt(t), 1e-4);
}

/* A parabola in log10 x on a log grid (the mu_nu case): the interpolation is
 * done in log x, exact to O(h^2) there; linear interpolation in x is not. */
Test(interval, parabola_on_log_axis) {
    enum { N = 301 };
    static double x[N], d[N];
    const double c = -10.0, sd = 0.5, t = 4.605170186; /* crossings at 10^(-10 -+ 1.073) */
    double lo, hi, lo_lin, hi_lin;
    for (int i = 0; i < N; i++) {
        double lx = -12.0 + 4.0 * i / (N - 1);
        x[i] = pow(10.0, lx);
        d[i] = ((lx - c) / sd) * ((lx - c) / sd);
    }
    cevns_interval_1d(x, 1, d, N, t, &lo, &hi);
    cr_expect_float_eq(log10(lo), c - sd * sqrt(t), 1e-4, "lower %.10g", lo);
    cr_expect_float_eq(log10(hi), c + sd * sqrt(t), 1e-4, "upper %.10g", hi);
    cevns_interval_1d(x, 0, d, N, t, &lo_lin, &hi_lin);
    cr_expect(fabs(log10(hi_lin) - (c + sd * sqrt(t))) > fabs(log10(hi) - (c + sd * sqrt(t))),
              "linear interpolation %.10g should be worse than log %.10g", hi_lin, hi);
    cr_expect(hi_lin > x[0] && lo_lin < hi_lin);
}

Test(interval, nan_where_not_reached) {
    enum { N = 101 };
    static double x[N], d[N];
    double lo, hi;
    for (int i = 0; i < N; i++) {
        x[i] = 5.0 * i / (N - 1); /* [0, 5] */
        d[i] = (x[i] - 4.0) * (x[i] - 4.0);
    }
    /* upper crossing at 4 + sqrt(2) is beyond the grid */
    cevns_interval_1d(x, 0, d, N, 2.0, &lo, &hi);
    cr_expect_float_eq(lo, 4.0 - sqrt(2.0), 1e-3);
    cr_expect(isnan(hi), "upper %g", hi);
    /* threshold above every value: no crossing at all */
    cevns_interval_1d(x, 0, d, N, 100.0, &lo, &hi);
    cr_expect(isnan(lo) && isnan(hi));
    /* every value above the threshold (the minimum excluded too) */
    for (int i = 0; i < N; i++) d[i] += 10.0;
    cevns_interval_1d(x, 0, d, N, 2.0, &lo, &hi);
    cr_expect(isnan(lo) && isnan(hi));
    /* minimum at the first point, increasing: only an upper limit */
    for (int i = 0; i < N; i++) d[i] = x[i] * x[i];
    cevns_interval_1d(x, 0, d, N, 4.0, &lo, &hi);
    cr_expect(isnan(lo));
    cr_expect_float_eq(hi, 2.0, 1e-3);
    /* NaN entries are skipped when looking for the minimum; all NaN gives NaN */
    d[0] = NAN;
    cevns_interval_1d(x, 0, d, N, 4.0, &lo, &hi);
    cr_expect_float_eq(hi, 2.0, 1e-3);
    for (int i = 0; i < N; i++) d[i] = NAN;
    cevns_interval_1d(x, 0, d, N, 4.0, &lo, &hi);
    cr_expect(isnan(lo) && isnan(hi));
    cevns_interval_1d(x, 0, d, 0, 4.0, &lo, &hi);
    cr_expect(isnan(lo) && isnan(hi));
}

/* ---------------------------------------------------------------- contours */

typedef struct {
    size_t n_lines, n_closed, n_points;
} contour_shape;

static contour_shape shape_of(const double *xy, size_t n) {
    contour_shape s = {0, 0, 0};
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || isnan(xy[2 * i])) {
            if (i > start) {
                s.n_lines++;
                if (i - start > 2 && xy[2 * start] == xy[2 * (i - 1)] && xy[2 * start + 1] == xy[2 * (i - 1) + 1])
                    s.n_closed++;
            }
            start = i + 1;
        } else {
            s.n_points++;
        }
    }
    return s;
}

static void ellipse_case(double a, double b, double cx, double cy, size_t nx, size_t ny) {
    double *x = malloc(nx * sizeof *x), *y = malloc(ny * sizeof *y), *z = malloc(nx * ny * sizeof *z);
    double *xy = NULL, hx, hy, bound, area = 0.0, worst = 0.0;
    size_t n = 0;
    contour_shape s;
    cevns_error err = {""};
    cr_assert(x && y && z);
    for (size_t i = 0; i < nx; i++) x[i] = cx - 1.6 * a + 3.2 * a * (double)i / (double)(nx - 1);
    for (size_t j = 0; j < ny; j++) y[j] = cy - 1.6 * b + 3.2 * b * (double)j / (double)(ny - 1);
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            double u = (x[i] - cx) / a, v = (y[j] - cy) / b;
            z[j * nx + i] = u * u + v * v;
        }
    cr_assert_eq(cevns_contour(nx, ny, x, y, z, 1.0, &xy, &n, &err), CEVNS_OK, "%s", err.msg);
    cr_assert(n > 0);
    s = shape_of(xy, n);
    cr_expect_eq(s.n_lines, 1u, "%zu polylines", s.n_lines);
    cr_expect_eq(s.n_closed, 1u, "the ellipse is not closed");
    /* linear interpolation of u^2 along an edge of length h misses the level by
     * at most (h / a)^2 / 4 (the chord of a parabola): a bound in grid units */
    hx = x[1] - x[0];
    hy = y[1] - y[0];
    bound = 0.25 * fmax(hx * hx / (a * a), hy * hy / (b * b)) * (1.0 + 1e-9) + 1e-14;
    for (size_t k = 0; k < n; k++) {
        double u = (xy[2 * k] - cx) / a, v = (xy[2 * k + 1] - cy) / b, res = fabs(u * u + v * v - 1.0);
        if (isnan(xy[2 * k])) continue;
        if (res > worst) worst = res;
    }
    cr_expect(worst <= bound, "worst level residual %.3e > bound %.3e", worst, bound);
    cr_expect(worst <= 1e-3, "worst level residual %.3e", worst);
    for (size_t k = 0; k + 1 < n; k++) area += xy[2 * k] * xy[2 * k + 3] - xy[2 * k + 2] * xy[2 * k + 1];
    area = 0.5 * fabs(area);
    cr_expect(fabs(area / (PI * a * b) - 1.0) < 0.01, "area %.6f vs pi a b = %.6f", area, PI * a * b);
    free(xy);
    free(x);
    free(y);
    free(z);
}

Test(contour, ellipse_wide) { ellipse_case(2.0, 0.5, 0.3, -0.2, 161, 97); }

Test(contour, ellipse_tall_tiny_scales) { ellipse_case(1e-3, 40.0, 5.0, 100.0, 81, 97); }

Test(contour, circle_fine) { ellipse_case(3.0, 3.0, 0.0, 0.0, 301, 301); }

/* One saddle cell: corners (0,0)=1, (1,0)=0, (1,1)=1, (0,1)=0.  The centre
 * (0.5) decides which corners are cut off. */
Test(contour, saddle_cell) {
    const double x[2] = {0.0, 1.0}, y[2] = {0.0, 1.0}, z[4] = {1.0, 0.0, 0.0, 1.0};
    double *xy = NULL;
    size_t n = 0;
    cevns_error err = {""};
    contour_shape s;

    /* level 0.4: centre above, the two low corners (1,0) and (0,1) are cut off */
    cr_assert_eq(cevns_contour(2, 2, x, y, z, 0.4, &xy, &n, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(n, 5u);
    s = shape_of(xy, n);
    cr_expect_eq(s.n_lines, 2u);
    cr_expect_eq(s.n_closed, 0u);
    for (size_t k = 0; k < n; k++) {
        double px = xy[2 * k], py = xy[2 * k + 1];
        if (k == 2) {
            cr_expect(isnan(px) && isnan(py));
            continue;
        }
        /* every point is on a segment around (1,0) or (0,1) */
        cr_expect((fabs(px - 0.6) < 1e-15 && py == 0.0) || (px == 1.0 && fabs(py - 0.4) < 1e-15) ||
                      (fabs(px - 0.4) < 1e-15 && py == 1.0) || (px == 0.0 && fabs(py - 0.6) < 1e-15),
                  "point (%g, %g)", px, py);
    }
    /* segments pair (0.6,0)-(1,0.4) and (0.4,1)-(0,0.6): the corner each cuts off is a low one */
    for (int line = 0; line < 2; line++) {
        const double *p = xy + (line ? 6 : 0);
        double mx = 0.5 * (p[0] + p[2]), my = 0.5 * (p[1] + p[3]);
        cr_expect(fabs(mx - my) > 0.5, "segment (%g,%g)-(%g,%g) crosses the centre", p[0], p[1], p[2], p[3]);
    }
    free(xy);

    /* level 0.6: centre below, the high corners (0,0) and (1,1) are cut off */
    cr_assert_eq(cevns_contour(2, 2, x, y, z, 0.6, &xy, &n, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(n, 5u);
    for (int line = 0; line < 2; line++) {
        const double *p = xy + (line ? 6 : 0);
        double mx = 0.5 * (p[0] + p[2]), my = 0.5 * (p[1] + p[3]);
        cr_expect(fabs(mx - my) < 1e-12, "segment (%g,%g)-(%g,%g) does not cut off a high corner", p[0], p[1],
                  p[2], p[3]);
        cr_expect(fabs(mx + my - 1.0) > 0.5);
    }
    free(xy);
}

/* z = x y: bilinear, so interpolation along edges is exact.  Level 0.1 gives two
 * open hyperbola branches ending on the boundary; level -0.1 the other two. */
Test(contour, hyperbola_open_curves) {
    const size_t nx = 41, ny = 31;
    double x[41], y[31], z[41 * 31], *xy = NULL;
    size_t n = 0;
    cevns_error err = {""};
    for (size_t i = 0; i < nx; i++) x[i] = -1.0 + 2.0 * (double)i / (double)(nx - 1);
    for (size_t j = 0; j < ny; j++) y[j] = -1.0 + 2.0 * (double)j / (double)(ny - 1);
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) z[j * nx + i] = x[i] * y[j];
    for (int sign = -1; sign <= 1; sign += 2) {
        double level = 0.1 * sign;
        contour_shape s;
        size_t start = 0;
        cr_assert_eq(cevns_contour(nx, ny, x, y, z, level, &xy, &n, &err), CEVNS_OK, "%s", err.msg);
        s = shape_of(xy, n);
        cr_expect_eq(s.n_lines, 2u, "level %g: %zu polylines", level, s.n_lines);
        cr_expect_eq(s.n_closed, 0u);
        for (size_t k = 0; k <= n; k++) {
            if (k < n && !isnan(xy[2 * k])) {
                cr_expect(fabs(xy[2 * k] * xy[2 * k + 1] - level) < 1e-14, "(%g, %g) off the hyperbola", xy[2 * k],
                          xy[2 * k + 1]);
                cr_expect(xy[2 * k] * sign * xy[2 * k + 1] > 0.0);
                continue;
            }
            /* both ends of every branch are on the boundary */
            {
                const double *p0 = xy + 2 * start, *p1 = xy + 2 * (k - 1);
                cr_expect(fabs(p0[0]) == 1.0 || fabs(p0[1]) == 1.0, "start (%g, %g) inside", p0[0], p0[1]);
                cr_expect(fabs(p1[0]) == 1.0 || fabs(p1[1]) == 1.0, "end (%g, %g) inside", p1[0], p1[1]);
            }
            start = k + 1;
        }
        free(xy);
    }
}

Test(contour, level_outside_range_gives_nothing) {
    const double x[3] = {0.0, 1.0, 2.0}, y[2] = {0.0, 1.0}, z[6] = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
    double *xy = (double *)1;
    size_t n = 99;
    cevns_error err = {""};
    cr_assert_eq(cevns_contour(3, 2, x, y, z, 10.0, &xy, &n, &err), CEVNS_OK);
    cr_expect_eq(n, 0u);
    cr_expect_null(xy);
    cr_assert_eq(cevns_contour(3, 2, x, y, z, -1.0, &xy, &n, &err), CEVNS_OK);
    cr_expect_eq(n, 0u);
    cr_expect_null(xy);
}

/* A NaN vertex removes its cells: the loop around it opens into one curve. */
Test(contour, nan_cells_are_skipped) {
    const size_t nx = 21, ny = 21;
    double x[21], y[21], z[21 * 21], *xy = NULL;
    size_t n = 0;
    cevns_error err = {""};
    contour_shape s;
    for (size_t i = 0; i < nx; i++) x[i] = y[i] = -1.0 + 0.1 * (double)i;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) z[j * nx + i] = x[i] * x[i] + y[j] * y[j];
    z[10 * nx + 16] = NAN; /* (0.6, 0): next to the circle of radius 0.55 */
    cr_assert_eq(cevns_contour(nx, ny, x, y, z, 0.55 * 0.55, &xy, &n, &err), CEVNS_OK, "%s", err.msg);
    s = shape_of(xy, n);
    cr_expect_eq(s.n_lines, 1u);
    cr_expect_eq(s.n_closed, 0u);
    free(xy);
}

/* ---------------------------------------------------------------- figures */

/* The figures' label of every axis kind (docs/config.md, "scan.axes"), in kind order, with
 * a flavour pair for the names that take one; the unit in each is the map's
 * (cevns_axis_unit) written for PLplot. */
static const struct {
    const char *name, *label;
} AXIS_LABELS[CEVNS_N_AXIS_KINDS] = {
    {"mu_nu", "#gm#d#gn#u [#gm#dB#u]"},
    {"mu_nu_e", "#gm#d#gn#de#u#u [#gm#dB#u]"},
    {"mu_nu_mu", "#gm#d#gn#d#gm#u#u [#gm#dB#u]"},
    {"mu_nu_tau", "#gm#d#gn#d#gt#u#u [#gm#dB#u]"},
    {"m4_MeV", "m#d4#u [MeV]"},
    {"sin2_theta_w", "sin#u2#d#gh#dW#u"},
    {"rn_fm", "R#dn#u (neutron rms radius) [fm]"},
    {"normalisation", "signal normalisation"},
    {"exposure_scale", "exposure scale (#[0x00d7] the configured exposure)"},
    {"eps_ee_u", "#ge#uuV#d#dee#u"},
    {"eps_mutau_d", "#ge#udV#d#d#gm#gt#u"},
    {"zprime_g", "g#dZ'#u"},
    {"zprime_mass_MeV", "m#dZ'#u [MeV]"},
    {"scalar_g", "g#d#gf#u"},
    {"scalar_mass_MeV", "m#d#gf#u [MeV]"},
    {"charge_radius_emu", "#[0x27e8]r#u2#d#[0x27e9]#de#gm#u [cm#u2#d]"},
    {"millicharge_taue", "q#d#gte#u [e]"},
};

/* The map's unit of an axis kind as the label writes it. */
static const char *plot_unit(const char *unit) {
    return !strcmp(unit, "mu_B") ? "#gm#dB#u" : !strcmp(unit, "cm^2") ? "cm#u2#d" : unit;
}

Test(plot, every_axis_kind_has_a_symbol_and_its_unit) {
    for (int k = 0; k < CEVNS_N_AXIS_KINDS; k++) {
        char label[160], symbol[96], unit[32], pattern[40], expected_unit[40];
        const char *name = AXIS_LABELS[k].name, *ab = strstr(cfg_axis_names[k], "<ab>");
        /* the table above follows the config's names, kind by kind */
        snprintf(pattern, sizeof pattern, "%s", name);
        if (ab) {
            size_t pre = (size_t)(ab - cfg_axis_names[k]), post = strlen(ab + 4);
            cr_expect(!strncmp(name, cfg_axis_names[k], pre) && !strcmp(name + strlen(name) - post, ab + 4),
                      "kind %d: %s is not a %s", k, name, cfg_axis_names[k]);
        } else {
            cr_expect_str_eq(name, cfg_axis_names[k], "kind %d", k);
        }
        cevns_axis_label(name, cevns_axis_unit((cevns_axis_kind)k), label, sizeof label);
        cr_expect_str_eq(label, AXIS_LABELS[k].label, "%s", name);
        cr_expect_eq(cevns_axis_symbol(name, "", symbol, sizeof symbol, unit, sizeof unit), 1, "%s", name);
        snprintf(expected_unit, sizeof expected_unit, "%s", plot_unit(cevns_axis_unit((cevns_axis_kind)k)));
        cr_expect_str_eq(unit, expected_unit, "%s: the label's unit is not the map's", name);
    }
}

/* Every flavour pair of the names that take one has a symbol; anything else is written as
 * it is named, with the map's unit. */
Test(plot, axis_names_with_flavour_pairs_and_unknown_names) {
    static const char *const pairs[] = {"ee", "emu", "mue", "etau", "taue", "mumu", "mutau", "taumu", "tautau"};
    static const char *const symbols[] = {"ee", "e#gm", "#gme", "e#gt", "#gte", "#gm#gm", "#gm#gt", "#gt#gm", "#gt#gt"};
    char name[64], label[160], expected[160];
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        snprintf(name, sizeof name, "eps_%s_d", pairs[i]);
        cevns_axis_label(name, "", label, sizeof label);
        snprintf(expected, sizeof expected, "#ge#udV#d#d%s#u", symbols[i]);
        cr_expect_str_eq(label, expected, "%s", name);
        snprintf(name, sizeof name, "millicharge_%s", pairs[i]);
        cevns_axis_label(name, "e", label, sizeof label);
        snprintf(expected, sizeof expected, "q#d%s#u [e]", symbols[i]);
        cr_expect_str_eq(label, expected, "%s", name);
    }
    cevns_axis_label("eps_ex_u", "", label, sizeof label);
    cr_expect_str_eq(label, "eps_ex_u");
    cevns_axis_label("new_axis#1", "cm^2", label, sizeof label);
    cr_expect_str_eq(label, "new_axis##1 [cm#u2#d]");
    cevns_axis_label("dipole", "mu_B", label, sizeof label);
    cr_expect_str_eq(label, "dipole [#gm#dB#u]");
}

static int starts_with(const char *path, const unsigned char *magic, size_t n) {
    unsigned char buf[16];
    FILE *f = fopen(path, "rb");
    size_t got;
    if (!f) return 0;
    got = fread(buf, 1, n, f);
    fclose(f);
    return got == n && memcmp(buf, magic, n) == 0;
}

/* dir/base.png and dir/base.pdf exist, with their signatures, and no temporary file. */
static void expect_figure(const char *dir, const char *base) {
    static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char pdf_magic[4] = {'%', 'P', 'D', 'F'};
    char path[160];
    snprintf(path, sizeof path, "%s/%s.png", dir, base);
    cr_expect(file_size(path) > 0, "%s missing or empty", path);
    cr_expect(starts_with(path, png_magic, sizeof png_magic), "%s is not a PNG", path);
    snprintf(path, sizeof path, "%s/%s.pdf", dir, base);
    cr_expect(file_size(path) > 0, "%s missing or empty", path);
    cr_expect(starts_with(path, pdf_magic, sizeof pdf_magic), "%s is not a PDF", path);
    snprintf(path, sizeof path, "%s/%s.png.tmp", dir, base);
    cr_expect(!file_exists(path), "%s left behind", path);
    snprintf(path, sizeof path, "%s/%s.pdf.tmp", dir, base);
    cr_expect(!file_exists(path), "%s left behind", path);
}

/* The elliptical valley: chi2 = 10 + (u/0.3)^2 + (v/0.2)^2 (+ (w - 1)^2 with 3 axes) with
 * u, v in [-1, 1] along axes 0 and 1 (u = -1 + 2 i/(n0 - 1), v = -1 + 2 j/(n1 - 1)) and w
 * the index along axis 2; make_map's axes: axes 0 and 2 log 1e-11 x 10^(i/4), axis 1
 * 0.5 j + 1. */
static const size_t VALLEY_DIMS[3] = {25, 31, 4};

static double valley_u(double i) { return -1.0 + 2.0 * i / (double)(VALLEY_DIMS[0] - 1); }
static double valley_v(double j) { return -1.0 + 2.0 * j / (double)(VALLEY_DIMS[1] - 1); }

static void make_valley(cevns_map *m, int n_axes) {
    make_map(m, n_axes, VALLEY_DIMS, 0, 1);
    for (size_t p = 0; p < cevns_map_points(m); p++) {
        size_t idx[3] = {0, 0, 0}, rest = p;
        double u, v;
        for (int k = n_axes - 1; k >= 0; k--) {
            idx[k] = rest % VALLEY_DIMS[k];
            rest /= VALLEY_DIMS[k];
        }
        u = valley_u((double)idx[0]);
        v = n_axes >= 2 ? valley_v((double)idx[1]) : 0.0;
        m->chi2[p] = 10.0 + (u / 0.3) * (u / 0.3) + (v / 0.2) * (v / 0.2);
        if (n_axes == 3) m->chi2[p] += ((double)idx[2] - 1.0) * ((double)idx[2] - 1.0);
    }
    m->chi2_min = NAN; /* as a scan hands it over: the analysis finds it */
    m->n_cl = 2;
    m->cl[0] = 0.9;
    m->cl[1] = 0.68;
    m->dof = 0; /* the number of shown axes */
}

/* u of an axis-0 value (its index, continuous, from the log spacing). */
static double valley_u_of_value(double x) { return valley_u(4.0 * log10(x / 1e-11)); }

/* 1 shown axis: chi2 = 10 + (u/0.3)^2; the 90 % CL interval for 1 dof (2.7055,
 * gsl_cdf_chisq_Pinv(0.9, 1) = 1.6449^2, PDG Table 40.2) is |u| < 0.3 sqrt(2.7055). */
Test(analysis, one_axis_interval_and_best_fit) {
    cevns_map m;
    cevns_analysis a;
    cevns_error err = {""};
    double u_lim = 0.3 * sqrt(2.705543454095404);
    make_valley(&m, 1);
    cr_assert_eq(cevns_analysis_create(&m, "valley", &a, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(a.n_shown, 1);
    cr_expect_eq(a.n_profiled, 0);
    cr_expect_eq(a.dof, 1);
    cr_expect_eq(a.chi2_min, 10.0);
    cr_expect(fabs(a.best_value[0] - 1e-8) <= 1e-22, "best %g", a.best_value[0]);
    cr_assert_eq(a.n_cl, 2);
    cr_expect(fabs(a.threshold[0] - 2.705543454095404) <= 1e-9, "threshold %.12g", a.threshold[0]);
    cr_expect(fabs(a.threshold[1] - 0.98894556) <= 1e-6, "68 %% threshold %.12g", a.threshold[1]);
    /* linear interpolation of the parabola between grid points (h = 1/12): within h^2/4 in u */
    cr_expect(fabs(valley_u_of_value(a.lower[0]) + u_lim) <= 0.01, "lower %g", valley_u_of_value(a.lower[0]));
    cr_expect(fabs(valley_u_of_value(a.upper[0]) - u_lim) <= 0.01, "upper %g", valley_u_of_value(a.upper[0]));
    cr_expect_null(a.contour[0]);
    cevns_analysis_free(&a);
    cevns_map_free(&m);
}

/* 2 shown axes: the 90 % CL for 2 dof (4.6052 = -2 ln 0.1) is the ellipse
 * (u/0.3)^2 + (v/0.2)^2 = 4.6052; the upper limit on u in column v is
 * 0.3 sqrt(4.6052 - (v/0.2)^2), none where (v/0.2)^2 > 4.6052.  A third axis with
 * several values is minimised over (its minimum, w = 1, adds 0). */
static void check_ellipse(int n_axes) {
    cevns_map m;
    cevns_analysis a;
    cevns_error err = {""};
    double thr = -2.0 * log(0.1);
    size_t j, k, points = 0;
    make_valley(&m, n_axes);
    cr_assert_eq(cevns_analysis_create(&m, "valley", &a, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(a.n_shown, 2);
    cr_expect_eq(a.n_profiled, n_axes - 2);
    cr_expect_eq(a.dof, 2);
    cr_expect_eq(a.chi2_min, 10.0);
    cr_expect(fabs(a.best_value[0] - 1e-8) <= 1e-22 && a.best_value[1] == 8.5, "best %g %g", a.best_value[0],
              a.best_value[1]);
    if (n_axes == 3) cr_expect(fabs(a.best_value[2] - 1e-11 * pow(10.0, 0.25)) <= 1e-25, "w %g", a.best_value[2]);
    cr_expect(fabs(a.threshold[0] - thr) <= 1e-9, "threshold %.12g", a.threshold[0]);
    cr_expect(a.x_log && !a.y_log);
    for (j = 0; j < a.ny; j++) {
        double v = valley_v((double)j), q = thr - (v / 0.2) * (v / 0.2), hi = a.col_upper[j], lo = a.col_lower[j];
        if (q <= 0.05) {
            if (q < -0.3) cr_expect(isnan(hi) && isnan(lo), "column %zu (v = %g): limits %g %g where none", j, v, lo, hi);
            continue;
        }
        cr_expect(fabs(valley_u_of_value(hi) - 0.3 * sqrt(q)) <= 0.02, "column %zu: upper u %g, exact %g", j,
                  valley_u_of_value(hi), 0.3 * sqrt(q));
        cr_expect(fabs(valley_u_of_value(lo) + 0.3 * sqrt(q)) <= 0.02, "column %zu: lower u %g, exact %g", j,
                  valley_u_of_value(lo), -0.3 * sqrt(q));
        /* one allowed interval per column: its upper end is also the exclusion edge */
        cr_expect_eq(a.col_exclusion[j], hi, "column %zu: exclusion edge %g, upper %g", j, a.col_exclusion[j], hi);
    }
    /* the contour: one closed curve on the ellipse (in the shown coordinates: log10 x, y) */
    cr_assert_gt(a.n_contour[0], 20u);
    for (k = 0; k < a.n_contour[0]; k++) {
        double x = a.contour[0][2 * k], y = a.contour[0][2 * k + 1], u, v;
        if (isnan(x)) continue;
        u = valley_u(4.0 * (x + 11.0));
        v = valley_v((y - 1.0) / 0.5);
        cr_expect(fabs((u / 0.3) * (u / 0.3) + (v / 0.2) * (v / 0.2) - thr) <= 0.15, "contour point (%g, %g)", u, v);
        points++;
    }
    cr_expect_eq(points, a.n_contour[0], "the 90 %% contour is one closed curve (no separator)");
    cevns_analysis_free(&a);
    cevns_map_free(&m);
}

Test(analysis, two_axes_limits_contour_best_fit) { check_ellipse(2); }

Test(analysis, third_axis_minimised_over) { check_ellipse(3); }

Test(analysis, nothing_to_analyse) {
    cevns_map m;
    cevns_analysis a;
    cevns_error err = {""};
    size_t dims[1] = {1};
    make_map(&m, 1, dims, 0, 0);
    cr_expect_eq(cevns_analysis_create(&m, "single", &a, &err), CEVNS_EUSAGE);
    cr_expect_not_null(strstr(err.msg, "single"), "%s", err.msg);
    cevns_map_free(&m);
    make_valley(&m, 2);
    for (size_t p = 0; p < cevns_map_points(&m); p++) m.chi2[p] = NAN;
    cr_expect_eq(cevns_analysis_create(&m, "nan", &a, &err), CEVNS_EDATA);
    cevns_map_free(&m);
}

/* Figures of the valley over n_axes axes with n_reference reference limits, drawn from
 * its analysis: base (and exclusion when expected) drawn, nothing else. */
static void plot_case(int n_axes, const char *base, int n_reference, int exclusion) {
    char dir[64], path[160];
    cevns_map m;
    cevns_analysis a;
    cevns_error err = {""};
    cevns_status st;

    make_dir(dir, sizeof dir);
    make_valley(&m, n_axes);
    /* axis 0 runs over 1e-11 .. 1e-5 (log): one reference inside, one above, one below */
    m.n_reference = n_reference;
    for (int i = 0; i < n_reference; i++) {
        static const double values[3] = {3e-9, 4e-5, 2e-12};
        snprintf(m.reference_label[i], sizeof m.reference_label[i], "published #%d (90 %% CL)", i + 1);
        m.reference_value[i] = values[i % 3];
    }
    cr_assert_eq(cevns_analysis_create(&m, dir, &a, &err), CEVNS_OK, "%s", err.msg);
    st = cevns_figures_write(dir, &m, &a, &err);
    cevns_analysis_free(&a);
    /* a build with PLplot must draw; only a build without it may skip */
    if (st == CEVNS_EUNAVAILABLE && !CEVNS_HAVE_PLPLOT) {
        cevns_map_free(&m);
        remove_dir(dir);
        cr_skip_test("no figures in this build: %s", err.msg);
    }
    cr_assert_eq(st, CEVNS_OK, "%s", err.msg);
    expect_figure(dir, base);
    if (exclusion) {
        expect_figure(dir, "exclusion");
    } else {
        snprintf(path, sizeof path, "%s/exclusion.png", dir);
        cr_expect(!file_exists(path), "%s drawn for %d shown axis", path, n_axes);
    }
    cevns_map_free(&m);
    if (!getenv("CEVNS_KEEP_FIGURES")) remove_dir(dir);
    else
        cr_log_info("figures kept in %s", dir);
}

Test(plot, chi2_map_2_axes) { plot_case(2, "chi2_map", 0, 1); }

Test(plot, exclusion_2_axes_with_a_reference_limit) { plot_case(2, "chi2_map", 1, 1); }

Test(plot, exclusion_2_axes_with_references_outside_the_grid) { plot_case(2, "chi2_map", 3, 1); }

Test(plot, delta_chi2_1_axis) { plot_case(1, "delta_chi2", 0, 0); }

Test(plot, delta_chi2_1_axis_with_reference_limits) { plot_case(1, "delta_chi2", 3, 0); }

Test(plot, chi2_map_3_axes_profiled) { plot_case(3, "chi2_map", 1, 1); }

Test(plot, unwritable_folder_is_eio) {
    cevns_map m;
    cevns_analysis a;
    cevns_error err = {""};
    cevns_status st;
    make_valley(&m, 2);
    cr_assert_eq(cevns_analysis_create(&m, "valley", &a, &err), CEVNS_OK, "%s", err.msg);
    st = cevns_figures_write("/tmp/cevns_results_no_such_run", &m, &a, &err);
    cr_expect(st == CEVNS_EIO || st == CEVNS_EUNAVAILABLE, "status %d: %s", (int)st, err.msg);
    cevns_analysis_free(&a);
    cevns_map_free(&m);
}
