/* test_map_layout.c - map.h5's self-describing layout (format 2, docs/scan.md "map.h5"), read
 * back with the HDF5 C API rather than with cevns' own reader: every dataset's dimensions
 * attached to dimension scales named after the axes, /bin and /bin_edges, /chi2 and /counts
 * shaped (axis 1, ..., axis k[, bin]), CF attributes (units, long_name), the bins' ranges, the
 * Feldman-Cousins group's scales; bad maps and files rejected with clear messages; the first
 * layout (tests/fixtures/map_format1.h5, written by cevns before format 2) still read and
 * drawn by `cevns plot`; and, when a Python with xarray and h5netcdf was found at configure
 * time (CEVNS_XARRAY_PYTHON), tools/check_map_xarray.py on a real run's map.h5. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"
#include "test_run.h"

#define FIXTURE CEVNS_SOURCE_DIR "/tests/fixtures/map_format1.h5"

/* ---------------------------------------------------------------- a map with everything */

enum { N0 = 3, N1 = 4, BINS = 5, N_CL = 2, TOYS = 6 };

/* 3 x 4 points over "mu_nu" (log, mu_B) and "eps_ee_u" (linear, dimensionless), 5 bins with
 * ranges in energy (keVee) and time (us); values chosen so that each says where it belongs. */
static void make_map(cevns_map *m) {
    static double mu[N0] = {1e-10, 1e-9, 1e-8}, eps[N1] = {-0.5, 0.0, 0.25, 0.5};
    static double edges[BINS + 1] = {0, 1, 2, 3, 4, 5};
    static double chi2[N0 * N1], counts[N0 * N1 * BINS], lo[BINS * 2], hi[BINS * 2];
    memset(m, 0, sizeof *m);
    m->n_axes = 2;
    snprintf(m->axis_name[0], sizeof m->axis_name[0], "mu_nu");
    snprintf(m->axis_name[1], sizeof m->axis_name[1], "eps_ee_u");
    snprintf(m->axis_unit[0], sizeof m->axis_unit[0], "mu_B");
    snprintf(m->axis_long_name[0], sizeof m->axis_long_name[0], "neutrino magnetic moment");
    snprintf(m->axis_long_name[1], sizeof m->axis_long_name[1], "vector NSI coupling eps^u_ee");
    m->axis_log[0] = 1;
    m->axis_n[0] = N0;
    m->axis_n[1] = N1;
    m->axis_values[0] = mu;
    m->axis_values[1] = eps;
    /* chi2 of point (i, j) is 10 i + j; counts of (i, j, b) are 100 i + 10 j + b */
    for (int i = 0; i < N0; i++)
        for (int j = 0; j < N1; j++) {
            chi2[i * N1 + j] = 10.0 * i + j;
            for (int b = 0; b < BINS; b++) counts[(i * N1 + j) * BINS + b] = 100.0 * i + 10.0 * j + b;
        }
    m->chi2 = chi2;
    m->n_bins = BINS;
    m->counts = counts;
    m->bin_edges = edges;
    /* bin b: energy [2b, 2b + 2] keVee, time [b / 10, b / 10 + 0.05] us */
    m->n_bin_axes = 2;
    snprintf(m->bin_axis_name[0], sizeof m->bin_axis_name[0], "energy");
    snprintf(m->bin_axis_unit[0], sizeof m->bin_axis_unit[0], "keVee");
    snprintf(m->bin_axis_name[1], sizeof m->bin_axis_name[1], "time");
    snprintf(m->bin_axis_unit[1], sizeof m->bin_axis_unit[1], "us");
    for (int b = 0; b < BINS; b++) {
        lo[b * 2] = 2.0 * b;
        hi[b * 2] = 2.0 * b + 2.0;
        lo[b * 2 + 1] = 0.1 * b;
        hi[b * 2 + 1] = 0.1 * b + 0.05;
    }
    m->bin_lo = lo;
    m->bin_hi = hi;
    snprintf(m->statistic, sizeof m->statistic, "chi2");
    snprintf(m->engine, sizeof m->engine, "cpu");
    snprintf(m->path, sizeof m->path, "direct");
    snprintf(m->version, sizeof m->version, "0.1.0");
    snprintf(m->config_name, sizeof m->config_name, "layout");
    snprintf(m->observable, sizeof m->observable, "keVee");
    m->n_cl = 1;
    m->cl[0] = 0.9;
    m->dof = 2;
}

/* A Feldman-Cousins analysis of that map: 2 CLs, 6 toys per point. */
typedef struct {
    cevns_fc_analysis fa;
    double dchi2[N0 * N1], p[N0 * N1], crit[N_CL * N0 * N1], toys[N0 * N1 * TOYS];
    unsigned char inside[N_CL * N0 * N1];
} fc_fixture;

static void make_fc(fc_fixture *f) {
    memset(f, 0, sizeof *f);
    f->fa.n_points = N0 * N1;
    f->fa.toys = TOYS;
    f->fa.seed = 7;
    f->fa.n_shown = 2;
    f->fa.n_cl = N_CL;
    f->fa.cl[0] = 0.68;
    f->fa.cl[1] = 0.9;
    f->fa.wilks[0] = 2.3;
    f->fa.wilks[1] = 4.6;
    /* toy t of point p is 1000 p + t */
    for (int p = 0; p < N0 * N1; p++)
        for (int t = 0; t < TOYS; t++) f->toys[p * TOYS + t] = 1000.0 * p + t;
    f->fa.dchi2 = f->dchi2;
    f->fa.p_value = f->p;
    f->fa.critical = f->fa.critical_lo = f->fa.critical_hi = f->crit;
    f->fa.inside_wilks = f->fa.inside_fc = f->inside;
    f->fa.toys_dchi2 = f->toys;
}

/* ---------------------------------------------------------------- reading with the HDF5 C API */

/* A string attribute (variable or fixed length) of obj into buf; "" when absent. */
static void attr_string(hid_t obj, const char *name, char *buf, size_t size) {
    hid_t attr, ftype, mtype;
    buf[0] = '\0';
    if (H5Aexists(obj, name) <= 0) return;
    attr = H5Aopen(obj, name, H5P_DEFAULT);
    ftype = H5Aget_type(attr);
    cr_assert_eq(H5Tget_class(ftype), H5T_STRING, "attribute %s: not a string", name);
    if (H5Tis_variable_str(ftype) > 0) {
        char *s = NULL;
        mtype = H5Tcopy(H5T_C_S1);
        H5Tset_size(mtype, H5T_VARIABLE);
        H5Tset_cset(mtype, H5Tget_cset(ftype));
        cr_assert_geq(H5Aread(attr, mtype, &s), 0);
        snprintf(buf, size, "%s", s ? s : "");
        H5free_memory(s);
    } else {
        mtype = H5Tcopy(ftype);
        cr_assert_lt(H5Tget_size(ftype), size);
        memset(buf, 0, size);
        cr_assert_geq(H5Aread(attr, mtype, buf), 0);
    }
    H5Tclose(mtype);
    H5Tclose(ftype);
    H5Aclose(attr);
}

static void expect_attr(hid_t obj, const char *object, const char *name, const char *want) {
    char got[256];
    attr_string(obj, name, got, sizeof got);
    cr_expect_str_eq(got, want, "%s attribute %s: \"%s\", expected \"%s\"", object, name, got, want);
}

static int attr_int(hid_t obj, const char *name) {
    int v = -1;
    hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
    cr_assert_geq(attr, 0, "attribute %s missing", name);
    cr_assert_geq(H5Aread(attr, H5T_NATIVE_INT, &v), 0);
    H5Aclose(attr);
    return v;
}

/* The shape of a dataset: its rank, dims filled. */
static int shape(hid_t dset, hsize_t *dims) {
    hid_t space = H5Dget_space(dset);
    int rank = H5Sget_simple_extent_ndims(space);
    H5Sget_simple_extent_dims(space, dims, NULL);
    H5Sclose(space);
    return rank;
}

/* The dataset at path has the given shape and dimension d attached to exactly one scale, the
 * dataset scales[d] (a path), which is a dimension scale of that name. */
static void expect_dims(hid_t file, const char *path, int rank, const hsize_t *want, const char *const *scales) {
    hsize_t dims[8];
    hid_t dset = H5Dopen2(file, path, H5P_DEFAULT);
    cr_assert_geq(dset, 0, "%s missing", path);
    cr_assert_eq(shape(dset, dims), rank, "%s: rank", path);
    for (int d = 0; d < rank; d++) {
        hid_t scale = H5Dopen2(file, scales[d], H5P_DEFAULT);
        char name[64] = "";
        const char *base = strrchr(scales[d], '/') ? strrchr(scales[d], '/') + 1 : scales[d];
        cr_expect_eq(dims[d], want[d], "%s: dimension %d is %llu, expected %llu", path, d, (unsigned long long)dims[d],
                     (unsigned long long)want[d]);
        cr_assert_geq(scale, 0, "%s missing", scales[d]);
        cr_expect_gt(H5DSis_scale(scale), 0, "%s is not a dimension scale", scales[d]);
        H5DSget_scale_name(scale, name, sizeof name);
        cr_expect_str_eq(name, base, "%s: scale name \"%s\"", scales[d], name);
        cr_expect_eq(H5DSget_num_scales(dset, (unsigned)d), 1, "%s: dimension %d: scales attached", path, d);
        cr_expect_gt(H5DSis_attached(dset, scale, (unsigned)d), 0, "%s: dimension %d not attached to %s", path, d,
                     scales[d]);
        H5Dclose(scale);
    }
    H5Dclose(dset);
}

/* n doubles of a dataset. */
static void read_doubles(hid_t file, const char *path, double *out) {
    hid_t dset = H5Dopen2(file, path, H5P_DEFAULT);
    cr_assert_geq(dset, 0, "%s missing", path);
    cr_assert_geq(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), 0, "%s: cannot read", path);
    H5Dclose(dset);
}

static void expect_cf(hid_t file, const char *path, const char *units, const char *long_name) {
    hid_t dset = H5Dopen2(file, path, H5P_DEFAULT);
    cr_assert_geq(dset, 0, "%s missing", path);
    expect_attr(dset, path, "units", units);
    if (long_name) expect_attr(dset, path, "long_name", long_name);
    H5Dclose(dset);
}

static void write_map(const char *dir, const cevns_map *m, const cevns_fc_analysis *fa, char *path, size_t size) {
    cevns_error err = {""};
    snprintf(path, size, "%s/map.h5", dir);
    cr_assert_eq(cevns_map_write_h5_fc(path, m, fa, &err), CEVNS_OK, "%s", err.msg);
}

/* ---------------------------------------------------------------- format 2 */

Test(layout, axes_are_dimension_scales_with_cf_attributes) {
    char dir[64], path[128], link[64];
    cevns_map m;
    H5L_info_t info;
    hid_t file;
    make_tmp(dir, sizeof dir);
    make_map(&m);
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    cr_expect_eq(attr_int(file, "format_version"), 2);
    {
        double mu[N0], eps[N1];
        /* a scale is not attached to itself: its own (only) dimension is the one it names */
        hid_t dset = H5Dopen2(file, "mu_nu", H5P_DEFAULT);
        cr_assert_gt(H5DSis_scale(dset), 0);
        cr_expect_eq(H5DSget_num_scales(dset, 0), 0);
        expect_attr(dset, "/mu_nu", "spacing", "log");
        expect_attr(dset, "/mu_nu", "unit", "mu_B");
        H5Dclose(dset);
        dset = H5Dopen2(file, "eps_ee_u", H5P_DEFAULT);
        cr_assert_gt(H5DSis_scale(dset), 0);
        expect_attr(dset, "/eps_ee_u", "spacing", "linear");
        expect_attr(dset, "/eps_ee_u", "unit", "");
        H5Dclose(dset);
        read_doubles(file, "mu_nu", mu);
        read_doubles(file, "eps_ee_u", eps);
        cr_expect_eq(mu[2], 1e-8);
        cr_expect_eq(eps[3], 0.5);
    }
    expect_cf(file, "mu_nu", "mu_B", "neutrino magnetic moment");
    expect_cf(file, "eps_ee_u", "1", "vector NSI coupling eps^u_ee"); /* dimensionless: CF's "1" */
    /* /axes/<name>: where format 1 kept the axes, now links to them */
    cr_assert_geq(H5Lget_info(file, "axes/mu_nu", &info, H5P_DEFAULT), 0);
    cr_expect_eq(info.type, H5L_TYPE_SOFT);
    cr_assert_geq(H5Lget_val(file, "axes/mu_nu", link, sizeof link, H5P_DEFAULT), 0);
    cr_expect_str_eq(link, "/mu_nu");
    H5Fclose(file);
    rm_rf(dir);
}

Test(layout, chi2_and_counts_are_shaped_by_the_axes) {
    char dir[64], path[128];
    cevns_map m;
    double chi2[N0 * N1], counts[N0 * N1 * BINS], edges[BINS + 1];
    int numbers[BINS];
    hid_t file, dset;
    make_tmp(dir, sizeof dir);
    make_map(&m);
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    {
        const hsize_t c[2] = {N0, N1}, n[3] = {N0, N1, BINS};
        const char *cs[] = {"/mu_nu", "/eps_ee_u"}, *ns[] = {"/mu_nu", "/eps_ee_u", "/bin"};
        expect_dims(file, "chi2", 2, c, cs);
        expect_dims(file, "counts", 3, n, ns);
    }
    read_doubles(file, "chi2", chi2);
    read_doubles(file, "counts", counts);
    /* (i, j) = (2, 3): chi2 10 i + j; (i, j, b) = (1, 2, 4): counts 100 i + 10 j + b */
    cr_expect_eq(chi2[2 * N1 + 3], 23.0);
    cr_expect_eq(counts[(1 * N1 + 2) * BINS + 4], 124.0);
    cr_expect_eq(counts[(2 * N1 + 0) * BINS + 1], 201.0);
    expect_cf(file, "chi2", "1", "pull chi-square, minimised over the pulls and any profiled axis");
    expect_cf(file, "counts", "1", "expected events per bin: signal + background");
    /* /bin: the bin numbers; /bin_edges: a scale of its own */
    dset = H5Dopen2(file, "bin", H5P_DEFAULT);
    cr_assert_geq(dset, 0);
    cr_expect_gt(H5DSis_scale(dset), 0);
    cr_assert_geq(H5Dread(dset, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers), 0);
    for (int b = 0; b < BINS; b++) cr_expect_eq(numbers[b], b);
    H5Dclose(dset);
    dset = H5Dopen2(file, "bin_edges", H5P_DEFAULT);
    cr_expect_gt(H5DSis_scale(dset), 0);
    H5Dclose(dset);
    read_doubles(file, "bin_edges", edges);
    cr_expect_eq(edges[5], 5.0);
    /* two bin axes (energy and time): the edges are bin numbers, dimensionless */
    expect_cf(file, "bin_edges", "1", NULL);
    H5Fclose(file);
    rm_rf(dir);
}

Test(layout, bins_ranges_per_axis) {
    char dir[64], path[128], names[2][16];
    cevns_map m;
    double v[BINS];
    hid_t file, attr, type;
    char *ptrs[2] = {NULL, NULL};
    make_tmp(dir, sizeof dir);
    make_map(&m);
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    {
        const hsize_t n[1] = {BINS};
        const char *s[] = {"/bin"};
        expect_dims(file, "bin_energy_lo", 1, n, s);
        expect_dims(file, "bin_energy_hi", 1, n, s);
        expect_dims(file, "bin_time_lo", 1, n, s);
        expect_dims(file, "bin_time_hi", 1, n, s);
    }
    read_doubles(file, "bin_energy_hi", v);
    cr_expect_eq(v[3], 8.0); /* bin 3: [6, 8] keVee */
    read_doubles(file, "bin_time_lo", v);
    cr_expect_eq(v[4], 0.1 * 4); /* bin 4 starts at 0.4 us */
    expect_cf(file, "bin_energy_lo", "keVee", "lower end of each bin in energy");
    expect_cf(file, "bin_time_hi", "us", "upper end of each bin in time");
    /* the root attribute bin_axes names them */
    attr = H5Aopen(file, "bin_axes", H5P_DEFAULT);
    cr_assert_geq(attr, 0);
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    cr_assert_geq(H5Aread(attr, type, ptrs), 0);
    snprintf(names[0], sizeof names[0], "%s", ptrs[0]);
    snprintf(names[1], sizeof names[1], "%s", ptrs[1]);
    H5free_memory(ptrs[0]);
    H5free_memory(ptrs[1]);
    H5Tclose(type);
    H5Aclose(attr);
    cr_expect_str_eq(names[0], "energy");
    cr_expect_str_eq(names[1], "time");
    H5Fclose(file);
    rm_rf(dir);
}

Test(layout, feldman_cousins_datasets_have_cl_and_toy_scales) {
    char dir[64], path[128];
    cevns_map m;
    fc_fixture *f = malloc(sizeof *f);
    double toys[N0 * N1 * TOYS], cl[N_CL];
    hid_t file;
    cr_assert_not_null(f);
    make_tmp(dir, sizeof dir);
    make_map(&m);
    make_fc(f);
    write_map(dir, &m, &f->fa, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    {
        const hsize_t map[2] = {N0, N1}, per_cl[3] = {N_CL, N0, N1}, t[3] = {N0, N1, TOYS};
        const char *ms[] = {"/mu_nu", "/eps_ee_u"};
        const char *cs[] = {"/feldman_cousins/cl", "/mu_nu", "/eps_ee_u"};
        const char *ts[] = {"/mu_nu", "/eps_ee_u", "/feldman_cousins/toy"};
        expect_dims(file, "feldman_cousins/delta_chi2", 2, map, ms);
        expect_dims(file, "feldman_cousins/p_value", 2, map, ms);
        expect_dims(file, "feldman_cousins/critical", 3, per_cl, cs);
        expect_dims(file, "feldman_cousins/critical_hi", 3, per_cl, cs);
        expect_dims(file, "feldman_cousins/inside_fc", 3, per_cl, cs);
        expect_dims(file, "feldman_cousins/toys", 3, t, ts);
    }
    read_doubles(file, "feldman_cousins/toys", toys);
    cr_expect_eq(toys[(2 * N1 + 1) * TOYS + 5], 1000.0 * (2 * N1 + 1) + 5); /* point (2, 1), toy 5 */
    read_doubles(file, "feldman_cousins/cl", cl);
    cr_expect_eq(cl[1], 0.9);
    expect_cf(file, "feldman_cousins/critical", "1", "critical Delta chi-square: the toys' quantile at the CL");
    expect_cf(file, "feldman_cousins/cl", "1", "confidence level");
    H5Fclose(file);
    free(f);
    rm_rf(dir);
}

/* /bin_edges' units: the energy's when energy is the bins' only axis, bin numbers ("1") for
 * a joint fit, none when the map does not say what its edges are. */
Test(layout, bin_edges_units_follow_the_bins) {
    char dir[64], path[128];
    cevns_map m;
    hid_t file, dset;
    make_tmp(dir, sizeof dir);
    make_map(&m);
    m.n_bin_axes = 1; /* energy only (the ranges' values do not matter here) */
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    expect_cf(file, "bin_edges", "keVee", NULL);
    cr_expect_eq(H5Lexists(file, "bin_time_lo", H5P_DEFAULT), 0);
    H5Fclose(file);
    m.n_bin_axes = 0;
    m.n_experiments = 1;
    snprintf(m.experiment_name[0], sizeof m.experiment_name[0], "csi");
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    expect_cf(file, "bin_edges", "1", NULL);
    cr_expect_eq(H5Lexists(file, "bin_energy_lo", H5P_DEFAULT), 0);
    cr_expect_eq(H5Aexists(file, "bin_axes"), 0);
    H5Fclose(file);
    m.n_experiments = 0;
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    dset = H5Dopen2(file, "bin_edges", H5P_DEFAULT);
    cr_expect_eq(H5Aexists(dset, "units"), 0);
    H5Dclose(dset);
    H5Fclose(file);
    rm_rf(dir);
}

/* The reader gives back what format 2 holds, the bins' ranges and long names included. */
Test(layout, format_2_round_trip) {
    char dir[64], path[128];
    cevns_map m, r;
    cevns_error err = {""};
    make_tmp(dir, sizeof dir);
    make_map(&m);
    write_map(dir, &m, NULL, path, sizeof path);
    cr_assert_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(r.n_axes, 2);
    cr_expect_str_eq(r.axis_name[1], "eps_ee_u");
    cr_expect_str_eq(r.axis_unit[1], "");
    cr_expect_str_eq(r.axis_long_name[0], "neutrino magnetic moment");
    cr_assert_eq(r.n_bins, BINS);
    for (size_t i = 0; i < N0 * N1 * BINS; i++) cr_expect_eq(r.counts[i], m.counts[i], "counts[%zu]", i);
    cr_assert_eq(r.n_bin_axes, 2);
    cr_expect_str_eq(r.bin_axis_name[1], "time");
    cr_expect_str_eq(r.bin_axis_unit[0], "keVee");
    cr_expect_str_eq(r.bin_axis_unit[1], "us");
    for (size_t i = 0; i < BINS * 2; i++) {
        cr_expect_eq(r.bin_lo[i], m.bin_lo[i], "bin_lo[%zu]", i);
        cr_expect_eq(r.bin_hi[i], m.bin_hi[i], "bin_hi[%zu]", i);
    }
    cevns_map_free(&r);
    rm_rf(dir);
}

/* ---------------------------------------------------------------- bad maps and files */

Test(layout, axis_names_of_the_layout_are_refused) {
    static const char *const taken[] = {"chi2", "counts", "axes", "feldman_cousins", "bin", "bin_energy_lo"};
    char dir[64], path[128];
    cevns_map m;
    cevns_error err = {""};
    make_tmp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.h5", dir);
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++) {
        make_map(&m);
        snprintf(m.axis_name[1], sizeof m.axis_name[1], "%s", taken[i]);
        cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EINTERNAL, "axis named %s accepted", taken[i]);
        cr_expect_not_null(strstr(err.msg, "is taken by map.h5's own datasets"), "%s", err.msg);
        cr_expect(!exists(path));
    }
    make_map(&m);
    m.n_bin_axes = 4;
    cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EINTERNAL);
    cr_expect_not_null(strstr(err.msg, "4 bin axes (0..3 allowed)"), "%s", err.msg);
    make_map(&m);
    m.bin_lo = NULL;
    cr_expect_eq(cevns_map_write_h5(path, &m, &err), CEVNS_EINTERNAL);
    cr_expect_not_null(strstr(err.msg, "bin ranges but no bins or no range values"), "%s", err.msg);
    rm_rf(dir);
}

/* Rewrite a root int attribute of the file. */
static void set_attr_int(const char *path, const char *name, int value) {
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT), attr;
    cr_assert_geq(file, 0);
    attr = H5Aopen(file, name, H5P_DEFAULT);
    cr_assert_geq(attr, 0);
    cr_assert_geq(H5Awrite(attr, H5T_NATIVE_INT, &value), 0);
    H5Aclose(attr);
    H5Fclose(file);
}

Test(layout, a_newer_format_is_edata_naming_it) {
    char dir[64], path[128];
    cevns_map m, r;
    cevns_error err = {""};
    make_tmp(dir, sizeof dir);
    make_map(&m);
    write_map(dir, &m, NULL, path, sizeof path);
    set_attr_int(path, "format_version", 3);
    cr_expect_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_EDATA);
    cr_expect_not_null(strstr(err.msg, "attribute format_version: 3: not a map.h5 layout this cevns reads (1 to 2"),
                       "%s", err.msg);
    cr_expect_null(r.chi2);
    rm_rf(dir);
}

/* Format 2 with format 1's flattened counts: the reader names the mismatch. */
Test(layout, flattened_counts_in_format_2_are_edata) {
    char dir[64], path[128];
    cevns_map m, r;
    cevns_error err = {""};
    hid_t file, space, dset;
    hsize_t dims[2] = {N0 * N1, BINS};
    make_tmp(dir, sizeof dir);
    make_map(&m);
    write_map(dir, &m, NULL, path, sizeof path);
    file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert_geq(H5Ldelete(file, "counts", H5P_DEFAULT), 0);
    space = H5Screate_simple(2, dims, NULL);
    dset = H5Dcreate2(file, "counts", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.counts), 0);
    H5Dclose(dset);
    H5Sclose(space);
    H5Fclose(file);
    cr_expect_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_EDATA);
    cr_expect_not_null(strstr(err.msg, "/counts: not a 3-dimensional floating-point dataset"), "%s", err.msg);
    rm_rf(dir);
}

/* ---------------------------------------------------------------- format 1 */

/* The fixture (tests/fixtures/README.md): a 6 x 5 (mu_nu, m4_MeV) map of configs/default.json's
 * axes, 20 bins, read by the reader and compared with what the HDF5 C API reads. */
Test(layout, format_1_fixture_still_reads) {
    cevns_map m;
    cevns_error err = {""};
    double raw[30 * 20];
    hid_t file;
    cr_assert_eq(cevns_map_create_from_h5(FIXTURE, &m, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(m.n_axes, 2);
    cr_expect_str_eq(m.axis_name[0], "mu_nu");
    cr_expect_str_eq(m.axis_name[1], "m4_MeV");
    cr_expect_str_eq(m.axis_unit[1], "MeV");
    cr_expect_str_eq(m.axis_long_name[0], "");
    cr_assert_eq(m.axis_n[0], 6);
    cr_assert_eq(m.axis_n[1], 5);
    /* default.json's mu_nu runs from 1e-10 to 1e-7 (log), m4_MeV from 0.01 to 20 */
    cr_expect_eq(m.axis_values[0][0], 1e-10);
    cr_expect_eq(m.axis_values[0][5], 1e-7);
    cr_expect_eq(m.axis_values[1][4], 20.0);
    cr_assert_eq(m.n_bins, 20);
    cr_expect_eq(m.bin_edges[0], 0.16);
    cr_expect_eq(m.n_bin_axes, 0);
    cr_expect_str_eq(m.config_name, "format-1-fixture");
    file = H5Fopen(FIXTURE, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    cr_expect_eq(H5Aexists(file, "format_version"), 0);
    read_doubles(file, "counts", raw);
    H5Fclose(file);
    for (size_t i = 0; i < 30 * 20; i++) cr_expect_eq(m.counts[i], raw[i], "counts[%zu]", i);
    cevns_map_free(&m);
}

/* The fixture rewritten: format 2 with the same numbers. */
Test(layout, format_1_fixture_rewritten_as_format_2) {
    char dir[64], path[128];
    cevns_map old, m, r;
    cevns_error err = {""};
    hid_t file;
    make_tmp(dir, sizeof dir);
    cr_assert_eq(cevns_map_create_from_h5(FIXTURE, &old, &err), CEVNS_OK, "%s", err.msg);
    m = old;
    write_map(dir, &m, NULL, path, sizeof path);
    cr_assert_eq(cevns_map_create_from_h5(path, &r, &err), CEVNS_OK, "%s", err.msg);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_expect_eq(attr_int(file, "format_version"), 2);
    H5Fclose(file);
    cr_assert_eq(r.n_bins, old.n_bins);
    for (size_t i = 0; i < 30; i++) cr_expect_eq(r.chi2[i], old.chi2[i], "chi2[%zu]", i);
    for (size_t i = 0; i < 30 * 20; i++) cr_expect_eq(r.counts[i], old.counts[i], "counts[%zu]", i);
    cevns_map_free(&r);
    cevns_map_free(&old);
    rm_rf(dir);
}

Test(layout, format_1_fixture_plots, .timeout = 120) {
    char dir[64], run[128], png[160];
    result *r = malloc(sizeof *r);
    cr_assert_not_null(r);
    make_tmp(dir, sizeof dir);
    snprintf(run, sizeof run, "%s/run", dir);
    cr_assert_eq(mkdir(run, 0755), 0);
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s/map.h5'", FIXTURE, run);
        cr_assert_eq(system(cmd), 0);
    }
    {
        const char *const argv[] = {"cevns", "plot", run, NULL};
        cevns(dir, r, argv);
    }
    if (!CEVNS_HAVE_PLPLOT) {
        cr_expect_eq(r->code, 9, "no PLplot: exit %d: %s", r->code, r->err);
    } else {
        cr_expect_eq(r->code, 0, "cevns plot on a format-1 map: exit %d: %s", r->code, r->err);
        cr_expect_not_null(strstr(r->out, "figures written to"), "%s", r->out);
        snprintf(png, sizeof png, "%s/chi2_map.png", run);
        cr_expect_gt(file_size(png), 0, "%s not drawn", png);
    }
    free(r);
    rm_rf(dir);
}

/* ---------------------------------------------------------------- xarray */

#ifndef CEVNS_XARRAY_PYTHON
#define CEVNS_XARRAY_PYTHON ""
#endif

/* A real run's map.h5 (configs/default.json on a 6 x 5 grid, with counts) opened with xarray
 * by tools/check_map_xarray.py, which asserts the named coordinates; skipped when configure
 * found no Python with xarray and h5netcdf (docs/scan.md). */
Test(layout, xarray_names_the_coordinates, .timeout = 300) {
    char cfg[160], run[160], cmd[1200];
    scan_paths p;
    result *r = malloc(sizeof *r);
    int rc;
    cr_assert_not_null(r);
    if (!CEVNS_XARRAY_PYTHON[0]) {
        free(r);
        cr_skip_test("no Python with xarray and h5netcdf at configure time (cmake -DCEVNS_PYTHON=...)");
    }
    scan_paths_init(&p, "small.json");
    snprintf(cfg, sizeof cfg, "%s", p.cfg);
    snprintf(run, sizeof run, "%s", p.run);
    copy_config("default.json", cfg);
    replace_in_file(cfg, "\"n\": 48", "\"n\": 6");
    replace_in_file(cfg, "\"n\": 40", "\"n\": 5");
    {
        const char *const argv[] = {"cevns", "scan", cfg, "--engine", "cpu", "--out", run, "--no-figures", "--quiet",
                                    NULL};
        cevns(p.tmp, r, argv);
    }
    cr_assert_eq(r->code, 0, "scan: exit %d: %s", r->code, r->err);
    snprintf(cmd, sizeof cmd, "'%s' '%s/tools/check_map_xarray.py' '%s' --axes mu_nu,m4_MeV --bins 20",
             CEVNS_XARRAY_PYTHON, CEVNS_SOURCE_DIR, run);
    rc = system(cmd);
    cr_expect_eq(rc, 0, "%s: exit status %d", cmd, rc);
    free(r);
    rm_rf(p.tmp);
}
