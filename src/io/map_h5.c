/* map_h5.c - the chi2 map of a run as HDF5 (map.h5), readable by h5py and, through the
 * dimension scales, by xarray (xarray.open_dataset(path, engine="h5netcdf")).
 *
 * Layout, format 2 (root attribute format_version = 2; every string is a variable-length
 * UTF-8 string, which h5py returns as str).  A dimension scale (H5DSset_scale) is a 1-D
 * dataset that names a dimension; every other dataset has each of its dimensions attached to
 * one (H5DSattach_scale), and xarray takes the scale's name as the dimension's name and its
 * values as the coordinate.  CF-style attributes: "units" ("1" when dimensionless) and
 * "long_name" on every dataset.
 *   /<axis_name>          float64 (axis_n[i]), dimension scale; attributes units, long_name,
 *                         unit (as units, "" when dimensionless), spacing ("log"/"linear")
 *   /axes/<axis_name>     soft link to /<axis_name> (where format 1 kept the axes)
 *   /chi2                 float64 (axis_n[0], ..., axis_n[k-1]), last axis fastest
 *   /bin                  int32 (n_bins), dimension scale: the bin numbers 0..n_bins-1
 *   /bin_edges            float64 (n_bins + 1), dimension scale of its own: in the observable
 *                         or, with bins beyond energy and for a joint fit, bin numbers
 *   /counts               float64 (axis_n[0], ..., axis_n[k-1], n_bins)
 *   /bin_<axis>_lo, _hi   float64 (n_bins): each bin's range on each observable axis (energy,
 *                         psd, time), as the scan lays them out (cevns_map.bin_lo/bin_hi)
 *   (the bin datasets only when n_bins > 0; the ranges only when the map gives them)
 *   root attributes: format_version (int32), statistic, engine, path (the path that ran: direct
 *   or separable), version, config_name, observable (strings), chi2_min (float64), cl (float64
 *   array, n_cl), dof (int32), axis_order (string array: the axis names in dataset order),
 *   config (string, the resolved config; only when present), reference_labels (string array)
 *   and reference_values (float64 array, same length): published limits to draw, only when
 *   there are some (absent: none); experiments (string array) and experiment_first_bin (int32
 *   array, same length): a joint fit's experiments and the first of their bins in /counts,
 *   only for a joint fit (absent: one experiment); bin_axes (string array): the <axis> of the
 *   bin ranges, only when there are some.
 *   /feldman_cousins/     a Feldman-Cousins run only (cevns_map_write_h5_fc): delta_chi2,
 *                         p_value (the shape of /chi2), critical, critical_lo, critical_hi
 *                         (float64), inside_wilks, inside_fc (uint8), each with a leading axis
 *                         of the CLs (the scale /feldman_cousins/cl); toys (the shape of /chi2
 *                         and the toys, the scale /feldman_cousins/toy; up to 2^23 values);
 *                         attributes n_toys, seed, toys_stored, cl, wilks, quantile.
 * Format 1 (no format_version): the axes in /axes/<axis_name> only, /counts flattened to
 * (points, n_bins), no dimension scales, no units/long_name; the reader opens both.
 *
 * The writer only lays out what the map holds (the analysis computes, the scan names the
 * axes and bins): the long names of the statistics below are descriptions, not physics.
 *
 * The file is written as path + ".tmp" and renamed over path when complete, so
 * path is either the old file or the whole new one.  Object modification times
 * are not stored: the same map gives the same bytes.
 *
 * Maps up to MAP_IMAGE_MAX bytes are built in memory (the core driver, no
 * backing store) and written with plain write() calls: a full disk or a
 * file-size limit is then an ordinary error.  Through the sec2 driver it would
 * surface in H5Fclose, and HDF5 1.10 leaves a failed file close half-freed in its
 * ID table: the process then crashes in HDF5's atexit clean-up.  Larger maps go
 * through sec2, after a check that the file system has room for them.
 *
 * HDF5 (a serial build) is not thread-safe: call these from one thread at a time. */
#include <errno.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cevns/results.h"
#include "util/file_io.h"

/* Maps whose file is at most this big are built in memory (see above). */
#define MAP_IMAGE_MAX ((size_t)256 << 20)

#define MAP_CL_MAX ((int)(sizeof(((cevns_map *)0)->cl) / sizeof(double)))

size_t cevns_map_points(const cevns_map *m) {
    size_t points = 1;
    if (!m || m->n_axes < 1 || m->n_axes > CEVNS_MAP_MAX_AXES) return 0;
    for (int k = 0; k < m->n_axes; k++) {
        if (m->axis_n[k] != 0 && points > SIZE_MAX / m->axis_n[k]) return 0;
        points *= m->axis_n[k];
    }
    return points;
}

void cevns_map_free(cevns_map *m) {
    if (!m) return;
    for (int k = 0; k < CEVNS_MAP_MAX_AXES; k++) free(m->axis_values[k]);
    free(m->chi2);
    free(m->counts);
    free(m->bin_edges);
    free(m->bin_lo);
    free(m->bin_hi);
    free(m->config_json);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- HDF5 error handling */

/* HDF5 prints its error stack to stderr by default: silenced while we work, the
 * caller's handler restored afterwards. */
typedef struct {
    H5E_auto2_t func;
    void *data;
} h5_quiet;

static void quiet_begin(h5_quiet *q) {
    q->func = NULL;
    q->data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static void quiet_end(const h5_quiet *q) { H5Eset_auto2(H5E_DEFAULT, q->func, q->data); }

typedef struct {
    char text[384];
} h5_detail;

static herr_t detail_walk(unsigned n, const H5E_error2_t *e, void *data) {
    h5_detail *d = data;
    if (n == 0 && e && e->desc) snprintf(d->text, sizeof d->text, "%s", e->desc);
    return 0;
}

/* The innermost message of the current HDF5 error stack (e.g. "unable to open
 * file: name = ..., errno = 2, ..."), then the stack is cleared. */
static void detail_take(h5_detail *d) {
    d->text[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, detail_walk, d);
    H5Eclear2(H5E_DEFAULT);
}

/* "<file>: <object>: <what> (HDF5: <detail>)" */
static cevns_status h5_fail(cevns_error *err, cevns_status st, const char *file, const char *object,
                            const char *what) {
    h5_detail d;
    detail_take(&d);
    if (d.text[0])
        return cevns_error_set(err, st, "%s: %s: %s (HDF5: %s)", file, object, what, d.text);
    return cevns_error_set(err, st, "%s: %s: %s", file, object, what);
}

static void close_id(hid_t *id, herr_t (*closer)(hid_t)) {
    if (*id >= 0) closer(*id);
    *id = H5I_INVALID_HID;
}

/* ---------------------------------------------------------------- small writers (return < 0 on failure) */

static hid_t vlstr_type(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

/* An attribute of n strings (scalar when n == 0 and values has one entry). */
static herr_t put_strings(hid_t obj, const char *name, const char *const *values, size_t n, int scalar) {
    hsize_t dim = n;
    hid_t type = vlstr_type(), space = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    herr_t rc = -1;
    if (type < 0) return -1;
    space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dim, NULL);
    if (space >= 0) attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr >= 0) rc = H5Awrite(attr, type, values);
    if (attr >= 0 && H5Aclose(attr) < 0) rc = -1;
    if (space >= 0) H5Sclose(space);
    H5Tclose(type);
    return rc;
}

static herr_t put_string(hid_t obj, const char *name, const char *value) {
    const char *values[1];
    values[0] = value;
    return put_strings(obj, name, values, 1, 1);
}

/* A numeric attribute: scalar, or 1-D of n values (n may be 0). */
static herr_t put_numbers(hid_t obj, const char *name, hid_t file_type, hid_t mem_type, const void *values, size_t n,
                          int scalar) {
    hsize_t dim = n;
    hid_t space = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    herr_t rc = -1;
    if (scalar)
        space = H5Screate(H5S_SCALAR);
    else
        space = H5Screate_simple(1, &dim, NULL);
    if (space >= 0) attr = H5Acreate2(obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr >= 0) rc = (scalar || n > 0) ? H5Awrite(attr, mem_type, values) : 0;
    if (attr >= 0 && H5Aclose(attr) < 0) rc = -1;
    if (space >= 0) H5Sclose(space);
    return rc;
}

/* A dataset of file_type from memory of mem_type; returns its id (the caller closes it) or < 0. */
static hid_t put_dataset(hid_t loc, const char *name, int rank, const hsize_t *dims, hid_t file_type,
                         hid_t mem_type, const void *data, hid_t dcpl) {
    hid_t space = H5Screate_simple(rank, dims, NULL), dset = H5I_INVALID_HID;
    if (space < 0) return H5I_INVALID_HID;
    dset = H5Dcreate2(loc, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Sclose(space);
    if (dset < 0) return H5I_INVALID_HID;
    if (H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        H5Dclose(dset);
        return H5I_INVALID_HID;
    }
    return dset;
}

/* ---------------------------------------------------------------- checking a map before writing */

static int terminated(const char *s, size_t size) { return memchr(s, '\0', size) != NULL; }

/* An axis is a dataset of the root group, so it may not take the name of another one: chi2,
 * counts, the group axes (its links), the group feldman_cousins, or anything beginning with
 * "bin" (the bins' datasets). */
static int reserved_name(const char *name) {
    static const char *const names[] = {"chi2", "counts", "axes", "feldman_cousins"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i])) return 1;
    return strncmp(name, "bin", 3) == 0;
}

static cevns_status check_axes(const char *path, const cevns_map *m, cevns_error *err) {
    if (m->n_axes < 1 || m->n_axes > CEVNS_MAP_MAX_AXES)
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has %d axes (1..%d allowed)", path, m->n_axes,
                               CEVNS_MAP_MAX_AXES);
    for (int k = 0; k < m->n_axes; k++) {
        const char *name = m->axis_name[k];
        if (!terminated(name, sizeof m->axis_name[k]) || !name[0] || strchr(name, '/') || !strcmp(name, "."))
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis %d: invalid name", path, k);
        if (reserved_name(name))
            return cevns_error_set(err, CEVNS_EINTERNAL,
                                   "%s: axis %d: the name \"%s\" is taken by map.h5's own datasets (not chi2, "
                                   "counts, axes, feldman_cousins or bin...)",
                                   path, k, name);
        for (int j = 0; j < k; j++)
            if (!strcmp(name, m->axis_name[j]))
                return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis name \"%s\" used twice", path, name);
        if (!terminated(m->axis_unit[k], sizeof m->axis_unit[k]) ||
            !terminated(m->axis_long_name[k], sizeof m->axis_long_name[k]))
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis %s: unit or long name not terminated", path, name);
        if (m->axis_n[k] < 1 || !m->axis_values[k])
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis %s has no values", path, name);
    }
    return CEVNS_OK;
}

/* The bins' ranges: up to CEVNS_MAP_MAX_BIN_AXES axes, named so that bin_<name>_lo is a
 * dataset name, only with counts. */
static cevns_status check_bin_axes(const char *path, const cevns_map *m, cevns_error *err) {
    if (m->n_bin_axes < 0 || m->n_bin_axes > CEVNS_MAP_MAX_BIN_AXES)
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has %d bin axes (0..%d allowed)", path, m->n_bin_axes,
                               CEVNS_MAP_MAX_BIN_AXES);
    if (m->n_bin_axes > 0 && (m->n_bins == 0 || !m->bin_lo || !m->bin_hi))
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has bin ranges but no bins or no range values", path);
    for (int j = 0; j < m->n_bin_axes; j++) {
        const char *name = m->bin_axis_name[j];
        if (!terminated(name, sizeof m->bin_axis_name[j]) || !name[0] || strchr(name, '/') ||
            !terminated(m->bin_axis_unit[j], sizeof m->bin_axis_unit[j]))
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: bin axis %d: invalid name or unit", path, j);
        for (int i = 0; i < j; i++)
            if (!strcmp(name, m->bin_axis_name[i]))
                return cevns_error_set(err, CEVNS_EINTERNAL, "%s: bin axis name \"%s\" used twice", path, name);
    }
    return CEVNS_OK;
}

static cevns_status check_map(const char *path, const cevns_map *m, size_t *points_out, cevns_error *err) {
    size_t points;
    cevns_status st = check_axes(path, m, err);
    if (st != CEVNS_OK) return st;
    points = cevns_map_points(m);
    if (points == 0 || !m->chi2) return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has no chi2 values", path);
    if (m->n_bins > 0 && (!m->counts || !m->bin_edges || points > SIZE_MAX / m->n_bins || m->n_bins >= INT32_MAX))
        return cevns_error_set(err, CEVNS_EINTERNAL,
                               "%s: map has %zu bins but no counts or bin edges (or too many bins)", path, m->n_bins);
    if ((st = check_bin_axes(path, m, err)) != CEVNS_OK) return st;
    if (m->n_cl < 0 || m->n_cl > MAP_CL_MAX)
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has %d confidence levels (0..%d allowed)", path,
                               m->n_cl, MAP_CL_MAX);
    if (m->n_reference < 0 || m->n_reference > CEVNS_MAP_MAX_REFERENCE)
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has %d reference limits (0..%d allowed)", path,
                               m->n_reference, CEVNS_MAP_MAX_REFERENCE);
    for (int i = 0; i < m->n_reference; i++)
        if (!terminated(m->reference_label[i], sizeof m->reference_label[i]))
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: reference limit %d: label not terminated", path, i);
    if (!terminated(m->statistic, sizeof m->statistic) || !terminated(m->engine, sizeof m->engine) ||
        !terminated(m->path, sizeof m->path) ||
        !terminated(m->version, sizeof m->version) || !terminated(m->config_name, sizeof m->config_name) ||
        !terminated(m->observable, sizeof m->observable))
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map provenance string not terminated", path);
    *points_out = points;
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- writing */

/* The toys' Delta chi2 are stored when there are at most this many (64 MiB). */
#define FC_TOYS_STORED_MAX ((size_t)1 << 23)

/* The file being written and the dimension scales written so far, which the datasets after
 * them attach: the axes (axis[k]) and the bin numbers (bin). */
typedef struct {
    hid_t file, dcpl, gcpl;
    const char *path; /* the temporary file, in messages */
    const cevns_map *m;
    hid_t axis[CEVNS_MAP_MAX_AXES];
    hid_t bin;
    cevns_error *err;
} writer;

static cevns_status w_fail(const writer *w, const char *object, const char *what) {
    return h5_fail(w->err, CEVNS_EIO, w->path, object, what);
}

/* CF attributes: units ("1" for a dimensionless quantity, unit ""; none when unit is NULL: not
 * known) and long_name. */
static herr_t put_cf(hid_t obj, const char *unit, const char *long_name) {
    if (unit && put_string(obj, "units", unit[0] ? unit : "1") < 0) return -1;
    return put_string(obj, "long_name", long_name);
}

/* A 1-D dataset made a dimension scale named name, with its CF attributes; returns its id (the
 * caller closes it) or < 0. */
static hid_t put_scale(hid_t loc, const char *name, hsize_t n, hid_t file_type, hid_t mem_type, const void *data,
                       hid_t dcpl, const char *unit, const char *long_name) {
    hid_t d = put_dataset(loc, name, 1, &n, file_type, mem_type, data, dcpl);
    if (d < 0) return d;
    if (H5DSset_scale(d, name) < 0 || put_cf(d, unit, long_name) < 0) {
        H5Dclose(d);
        return H5I_INVALID_HID;
    }
    return d;
}

/* A dataset of rank dimensions, dimension d attached to the dimension scale scales[d], with its
 * CF attributes; < 0 on failure. */
static herr_t put_described(hid_t loc, const char *name, int rank, const hsize_t *dims, hid_t file_type,
                            hid_t mem_type, const void *data, hid_t dcpl, const hid_t *scales, const char *unit,
                            const char *long_name) {
    hid_t d = put_dataset(loc, name, rank, dims, file_type, mem_type, data, dcpl);
    herr_t rc = d < 0 ? -1 : 0;
    for (int k = 0; k < rank && rc == 0; k++)
        if (H5DSattach_scale(d, scales[k], (unsigned)k) < 0) rc = -1;
    if (rc == 0) rc = put_cf(d, unit, long_name);
    if (d >= 0 && H5Dclose(d) < 0) rc = -1;
    return rc;
}

/* The axes: a dimension scale /<name> each (kept open in w->axis), and /axes/<name> linking to
 * it where format 1 kept the axes. */
static cevns_status write_axes(writer *w) {
    const cevns_map *m = w->m;
    char object[64];
    hid_t group;
    for (int k = 0; k < m->n_axes; k++) {
        const char *name = m->axis_name[k];
        snprintf(object, sizeof object, "/%s", name);
        w->axis[k] = put_scale(w->file, name, m->axis_n[k], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m->axis_values[k],
                               w->dcpl, m->axis_unit[k], m->axis_long_name[k][0] ? m->axis_long_name[k] : name);
        if (w->axis[k] < 0) return w_fail(w, object, "cannot write the axis");
        if (put_string(w->axis[k], "unit", m->axis_unit[k]) < 0 ||
            put_string(w->axis[k], "spacing", m->axis_log[k] ? "log" : "linear") < 0)
            return w_fail(w, object, "cannot write attributes unit/spacing");
    }
    group = H5Gcreate2(w->file, "axes", H5P_DEFAULT, w->gcpl, H5P_DEFAULT);
    if (group < 0) return w_fail(w, "/axes", "cannot create group");
    for (int k = 0; k < m->n_axes; k++) {
        snprintf(object, sizeof object, "/%s", m->axis_name[k]);
        if (H5Lcreate_soft(object, group, m->axis_name[k], H5P_DEFAULT, H5P_DEFAULT) < 0) {
            H5Gclose(group);
            snprintf(object, sizeof object, "/axes/%s", m->axis_name[k]);
            return w_fail(w, object, "cannot create the link");
        }
    }
    if (H5Gclose(group) < 0) return w_fail(w, "/axes", "cannot close group");
    return CEVNS_OK;
}

/* What /chi2 holds, by the map's statistic (a description for readers, docs/scan.md). */
static const char *statistic_long_name(const char *statistic) {
    if (!strcmp(statistic, "chi2")) return "pull chi-square, minimised over the pulls and any profiled axis";
    if (!strcmp(statistic, "poisson")) return "Baker-Cousins -2 ln L, minimised over the pulls and any profiled axis";
    return statistic;
}

static cevns_status write_chi2(const writer *w) {
    hsize_t dims[CEVNS_MAP_MAX_AXES];
    for (int k = 0; k < w->m->n_axes; k++) dims[k] = w->m->axis_n[k];
    if (put_described(w->file, "chi2", w->m->n_axes, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w->m->chi2, w->dcpl,
                      w->axis, "", statistic_long_name(w->m->statistic)) < 0)
        return w_fail(w, "/chi2", "cannot write dataset");
    return CEVNS_OK;
}

/* The unit of /bin_edges: the energy axis' when it is the bins' only axis; bin numbers ("1")
 * when the bins go beyond energy or belong to a joint fit; NULL (no units attribute) when the
 * map does not say. */
static const char *edges_unit(const cevns_map *m) {
    if (m->n_bin_axes == 1) return m->bin_axis_unit[0];
    if (m->n_bin_axes > 1 || m->n_experiments > 0) return "";
    return NULL;
}

/* The scales /bin (the bin numbers, kept open in w->bin) and /bin_edges. */
static cevns_status write_bin_scales(writer *w) {
    const cevns_map *m = w->m;
    int *numbers = malloc(m->n_bins * sizeof *numbers);
    hid_t edges;
    if (!numbers) return cevns_error_set(w->err, CEVNS_ENOMEM, "%s: /bin: out of memory", w->path);
    for (size_t b = 0; b < m->n_bins; b++) numbers[b] = (int)b;
    w->bin = put_scale(w->file, "bin", m->n_bins, H5T_STD_I32LE, H5T_NATIVE_INT, numbers, w->dcpl, "",
                       "bin number: counts' last axis; bin b spans bin_edges[b] .. bin_edges[b + 1]");
    free(numbers);
    if (w->bin < 0) return w_fail(w, "/bin", "cannot write the scale");
    edges = put_scale(w->file, "bin_edges", m->n_bins + 1, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m->bin_edges, w->dcpl,
                      edges_unit(m), "bin edges: in the observable, or bin numbers when the bins go beyond energy");
    if (edges < 0) return w_fail(w, "/bin_edges", "cannot write the scale");
    close_id(&edges, H5Dclose);
    return CEVNS_OK;
}

static cevns_status write_counts(const writer *w) {
    hsize_t dims[CEVNS_MAP_MAX_AXES + 1];
    hid_t scales[CEVNS_MAP_MAX_AXES + 1];
    int k;
    for (k = 0; k < w->m->n_axes; k++) {
        dims[k] = w->m->axis_n[k];
        scales[k] = w->axis[k];
    }
    dims[k] = w->m->n_bins;
    scales[k] = w->bin;
    if (put_described(w->file, "counts", k + 1, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w->m->counts, w->dcpl, scales,
                      "", "expected events per bin: signal + background") < 0)
        return w_fail(w, "/counts", "cannot write dataset");
    return CEVNS_OK;
}

/* /bin_<axis>_lo and _hi over /bin: column j of the map's bin_lo / bin_hi; the axes' names in
 * the root attribute bin_axes. */
static cevns_status write_bin_ranges(const writer *w) {
    const cevns_map *m = w->m;
    const char *names[CEVNS_MAP_MAX_BIN_AXES];
    hsize_t n = m->n_bins;
    double *column;
    char object[48], long_name[64];
    if (m->n_bin_axes == 0) return CEVNS_OK;
    if (!(column = malloc(m->n_bins * sizeof *column)))
        return cevns_error_set(w->err, CEVNS_ENOMEM, "%s: bin ranges: out of memory", w->path);
    for (int j = 0; j < m->n_bin_axes; j++)
        for (int side = 0; side < 2; side++) {
            const double *src = side ? m->bin_hi : m->bin_lo;
            for (size_t b = 0; b < m->n_bins; b++) column[b] = src[b * (size_t)m->n_bin_axes + (size_t)j];
            snprintf(object, sizeof object, "bin_%s_%s", m->bin_axis_name[j], side ? "hi" : "lo");
            snprintf(long_name, sizeof long_name, "%s end of each bin in %s", side ? "upper" : "lower",
                     m->bin_axis_name[j]);
            if (put_described(w->file, object, 1, &n, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, column, w->dcpl, &w->bin,
                              m->bin_axis_unit[j], long_name) < 0) {
                free(column);
                return w_fail(w, object, "cannot write dataset");
            }
        }
    free(column);
    for (int j = 0; j < m->n_bin_axes; j++) names[j] = m->bin_axis_name[j];
    if (put_strings(w->file, "bin_axes", names, (size_t)m->n_bin_axes, 0) < 0)
        return w_fail(w, "attribute bin_axes", "cannot write");
    return CEVNS_OK;
}

/* The root group's attributes: the format, the provenance, the CLs, the reference limits and
 * a joint fit's experiments; NULL when every one is written, else the one that failed. */
static const char *put_root_attributes(hid_t file, const cevns_map *m) {
    const char *order[CEVNS_MAP_MAX_AXES];
    int format = CEVNS_MAP_FORMAT_VERSION;
    for (int k = 0; k < m->n_axes; k++) order[k] = m->axis_name[k];
    if (put_numbers(file, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT, &format, 1, 1) < 0) return "format_version";
    if (put_string(file, "statistic", m->statistic) < 0) return "statistic";
    if (put_string(file, "engine", m->engine) < 0) return "engine";
    if (put_string(file, "path", m->path) < 0) return "path";
    if (put_string(file, "version", m->version) < 0) return "version";
    if (put_string(file, "config_name", m->config_name) < 0) return "config_name";
    if (put_string(file, "observable", m->observable) < 0) return "observable";
    if (put_numbers(file, "chi2_min", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &m->chi2_min, 1, 1) < 0) return "chi2_min";
    if (put_numbers(file, "cl", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m->cl, (size_t)m->n_cl, 0) < 0) return "cl";
    if (put_numbers(file, "dof", H5T_STD_I32LE, H5T_NATIVE_INT, &m->dof, 1, 1) < 0) return "dof";
    if (put_strings(file, "axis_order", order, (size_t)m->n_axes, 0) < 0) return "axis_order";
    if (m->config_json && put_string(file, "config", m->config_json) < 0) return "config";
    if (m->n_reference > 0) {
        const char *labels[CEVNS_MAP_MAX_REFERENCE];
        for (int i = 0; i < m->n_reference; i++) labels[i] = m->reference_label[i];
        if (put_strings(file, "reference_labels", labels, (size_t)m->n_reference, 0) < 0) return "reference_labels";
        if (put_numbers(file, "reference_values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m->reference_value,
                        (size_t)m->n_reference, 0) < 0)
            return "reference_values";
    }
    if (m->n_experiments > 0) {
        const char *names[CEVNS_MAP_MAX_EXPERIMENTS];
        for (int i = 0; i < m->n_experiments; i++) names[i] = m->experiment_name[i];
        if (put_strings(file, "experiments", names, (size_t)m->n_experiments, 0) < 0) return "experiments";
        if (put_numbers(file, "experiment_first_bin", H5T_STD_I32LE, H5T_NATIVE_INT, m->experiment_first_bin,
                        (size_t)m->n_experiments, 0) < 0)
            return "experiment_first_bin";
    }
    return NULL;
}

/* The datasets of /feldman_cousins: which scales come before and after the map's axes. */
typedef enum { FC_MAP, FC_PER_CL, FC_TOYS } fc_shape;

typedef struct {
    const char *name, *long_name;
    fc_shape shape;
    const void *data;
    int is_flag; /* uint8 rather than float64 */
} fc_dataset;

/* One dataset of /feldman_cousins over the map's axes, after the scale cl (FC_PER_CL) or
 * before the scale toy (FC_TOYS); < 0 on failure. */
static herr_t put_fc_dataset(const writer *w, hid_t g, const fc_dataset *d, const cevns_fc_analysis *fa, hid_t cl,
                             hid_t toy) {
    hsize_t dims[CEVNS_MAP_MAX_AXES + 1];
    hid_t scales[CEVNS_MAP_MAX_AXES + 1];
    int rank = 0;
    if (d->shape == FC_PER_CL) {
        dims[rank] = (hsize_t)fa->n_cl;
        scales[rank++] = cl;
    }
    for (int k = 0; k < w->m->n_axes; k++) {
        dims[rank] = w->m->axis_n[k];
        scales[rank++] = w->axis[k];
    }
    if (d->shape == FC_TOYS) {
        dims[rank] = fa->toys;
        scales[rank++] = toy;
    }
    return put_described(g, d->name, rank, dims, d->is_flag ? H5T_STD_U8LE : H5T_IEEE_F64LE,
                         d->is_flag ? H5T_NATIVE_UCHAR : H5T_NATIVE_DOUBLE, d->data, w->dcpl, scales, "",
                         d->long_name);
}

/* The scale /feldman_cousins/toy: the toys' numbers 0..toys-1 (at most 2^23 when stored). */
static hid_t put_toy_scale(hid_t g, size_t toys, hid_t dcpl) {
    int *numbers = malloc(toys * sizeof *numbers);
    hid_t d;
    if (!numbers) return H5I_INVALID_HID;
    for (size_t t = 0; t < toys; t++) numbers[t] = (int)t;
    d = put_scale(g, "toy", toys, H5T_STD_I32LE, H5T_NATIVE_INT, numbers, dcpl, "", "toy experiment number");
    free(numbers);
    return d;
}

static herr_t put_fc_attributes(hid_t g, const cevns_fc_analysis *fa, unsigned long long stored) {
    unsigned long long toys = fa->toys;
    if (put_numbers(g, "n_toys", H5T_STD_U64LE, H5T_NATIVE_ULLONG, &toys, 1, 1) < 0 ||
        put_numbers(g, "seed", H5T_STD_U64LE, H5T_NATIVE_ULLONG, &fa->seed, 1, 1) < 0 ||
        put_numbers(g, "toys_stored", H5T_STD_U64LE, H5T_NATIVE_ULLONG, &stored, 1, 1) < 0 ||
        put_numbers(g, "cl", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, fa->cl, (size_t)fa->n_cl, 0) < 0 ||
        put_numbers(g, "wilks", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, fa->wilks, (size_t)fa->n_cl, 0) < 0)
        return -1;
    return put_string(g, "quantile", "Hyndman-Fan type 1: the ceil(cl x toys)-th smallest toy");
}

/* /feldman_cousins: the datasets of a Feldman-Cousins analysis, per map point in the shape of
 * /chi2, per CL with one more leading axis (the scale cl), the toys with one more trailing axis
 * (the scale toy; only when at most FC_TOYS_STORED_MAX values). */
static cevns_status write_fc(const writer *w, const cevns_fc_analysis *fa) {
    const fc_dataset sets[] = {
        {"delta_chi2", "Delta chi-square of the data: chi2 - chi2_min", FC_MAP, fa->dchi2, 0},
        {"p_value", "fraction of the toys whose Delta chi2 is at least the data's", FC_MAP, fa->p_value, 0},
        {"critical", "critical Delta chi-square: the toys' quantile at the CL", FC_PER_CL, fa->critical, 0},
        {"critical_lo", "lower end of the critical value's 68 % Monte Carlo band", FC_PER_CL, fa->critical_lo, 0},
        {"critical_hi", "upper end of the critical value's 68 % Monte Carlo band", FC_PER_CL, fa->critical_hi, 0},
        {"inside_wilks", "1 inside Wilks' region: delta_chi2 <= the CL's threshold", FC_PER_CL, fa->inside_wilks, 1},
        {"inside_fc", "1 inside the Feldman-Cousins region: delta_chi2 <= critical", FC_PER_CL, fa->inside_fc, 1},
        {"toys", "Delta chi-square of each toy experiment", FC_TOYS, fa->toys_dchi2, 0}};
    unsigned long long stored = fa->n_points * fa->toys <= FC_TOYS_STORED_MAX;
    hid_t g = H5Gcreate2(w->file, "feldman_cousins", H5P_DEFAULT, w->gcpl, H5P_DEFAULT), cl, toy = H5I_INVALID_HID;
    const char *failed = NULL;
    char object[64];
    if (g < 0) return w_fail(w, "/feldman_cousins", "cannot create group");
    cl = put_scale(g, "cl", (hsize_t)fa->n_cl, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, fa->cl, w->dcpl, "",
                   "confidence level");
    if (cl < 0) failed = "cl";
    if (!failed && stored && (toy = put_toy_scale(g, fa->toys, w->dcpl)) < 0) failed = "toy";
    for (size_t i = 0; !failed && i < sizeof sets / sizeof sets[0]; i++)
        if ((sets[i].shape != FC_TOYS || stored) && put_fc_dataset(w, g, &sets[i], fa, cl, toy) < 0)
            failed = sets[i].name;
    if (!failed && put_fc_attributes(g, fa, stored) < 0) failed = "(attributes)";
    close_id(&toy, H5Dclose);
    close_id(&cl, H5Dclose);
    H5Gclose(g);
    if (!failed) return CEVNS_OK;
    snprintf(object, sizeof object, "/feldman_cousins/%s", failed);
    return w_fail(w, object, "cannot write");
}

/* Writes everything into the open file; on failure err names the object. */
static cevns_status write_contents(hid_t file, const char *path, const cevns_map *m, const cevns_fc_analysis *fa,
                                   cevns_error *err) {
    writer w;
    cevns_status st = CEVNS_OK;
    const char *failed;
    char object[64];
    w.file = file;
    w.path = path;
    w.m = m;
    w.err = err;
    w.bin = H5I_INVALID_HID;
    for (int k = 0; k < CEVNS_MAP_MAX_AXES; k++) w.axis[k] = H5I_INVALID_HID;
    w.dcpl = H5Pcreate(H5P_DATASET_CREATE);
    w.gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (w.dcpl < 0 || w.gcpl < 0 || H5Pset_obj_track_times(w.dcpl, 0) < 0 || H5Pset_obj_track_times(w.gcpl, 0) < 0)
        st = w_fail(&w, "/", "cannot make property lists");
    if (st == CEVNS_OK) st = write_axes(&w);
    if (st == CEVNS_OK) st = write_chi2(&w);
    if (st == CEVNS_OK && m->n_bins > 0) st = write_bin_scales(&w);
    if (st == CEVNS_OK && m->n_bins > 0) st = write_counts(&w);
    if (st == CEVNS_OK) st = write_bin_ranges(&w);
    if (st == CEVNS_OK && (failed = put_root_attributes(file, m)) != NULL) {
        snprintf(object, sizeof object, "attribute %s", failed);
        st = w_fail(&w, object, "cannot write");
    }
    if (st == CEVNS_OK && fa) st = write_fc(&w, fa);
    for (int k = 0; k < CEVNS_MAP_MAX_AXES; k++) close_id(&w.axis[k], H5Dclose);
    close_id(&w.bin, H5Dclose);
    close_id(&w.gcpl, H5Pclose);
    close_id(&w.dcpl, H5Pclose);
    return st;
}

/* Bytes of map.h5, from above: the datasets plus the attributes and HDF5's own structures. */
static double map_file_bytes(const cevns_map *m, const cevns_fc_analysis *fa, size_t points) {
    double bytes = 8.0 * (double)points + 65536.0;
    if (fa) {
        bytes += 8.0 * (double)points * (2.0 + 5.0 * (double)fa->n_cl);
        if (fa->n_points * fa->toys <= FC_TOYS_STORED_MAX)
            bytes += 8.0 * (double)fa->n_points * (double)fa->toys + 4.0 * (double)fa->toys;
    }
    for (int k = 0; k < m->n_axes; k++) bytes += 8.0 * (double)m->axis_n[k];
    /* the counts, the bin numbers and edges, each bin's ranges */
    if (m->n_bins > 0)
        bytes += 8.0 * ((double)points * (double)m->n_bins + (double)m->n_bins + 1.0) + 4.0 * (double)m->n_bins +
                 16.0 * (double)m->n_bins * (double)m->n_bin_axes;
    if (m->config_json) bytes += (double)strlen(m->config_json);
    return bytes;
}

/* Before a large map goes through sec2: is there room for it? */
static cevns_status check_room(const char *tmp, double bytes, cevns_error *err) {
    char dir[4096];
    const char *slash = strrchr(tmp, '/');
    struct statvfs vfs;
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (double)rl.rlim_cur < bytes)
        return cevns_error_set(err, CEVNS_EIO,
                               "%s: about %.0f MiB to write, but the file-size limit (ulimit -f) is %.0f MiB", tmp,
                               bytes / 1048576.0, (double)rl.rlim_cur / 1048576.0);
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - tmp) + 1 : 1, slash ? tmp : ".");
    if (statvfs(dir, &vfs) == 0 && (double)vfs.f_bavail * (double)vfs.f_frsize < bytes)
        return cevns_error_set(err, CEVNS_EIO,
                               "%s: about %.0f MiB to write, but the file system has %.0f MiB free: %s", tmp,
                               bytes / 1048576.0, (double)vfs.f_bavail * (double)vfs.f_frsize / 1048576.0,
                               strerror(ENOSPC));
    return CEVNS_OK;
}

/* The file image built in memory, written to tmp with every error reported. */
static cevns_status write_image(const char *tmp, const void *buf, size_t n, cevns_error *err) {
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = 0;
    if (fd < 0) return cevns_error_set(err, CEVNS_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    if (cevns_write_full(fd, buf, n) != 0) e = errno;
    if (!e && fsync(fd) != 0 && errno != EINVAL) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (e) return cevns_error_set(err, CEVNS_EIO, "%s: cannot write the map: %s", tmp, strerror(e));
    return CEVNS_OK;
}

cevns_status cevns_map_write_h5(const char *path, const cevns_map *m, cevns_error *err) {
    return cevns_map_write_h5_fc(path, m, NULL, err);
}

cevns_status cevns_map_write_h5_fc(const char *path, const cevns_map *m, const cevns_fc_analysis *fa,
                                   cevns_error *err) {
    h5_quiet quiet;
    hid_t fapl = H5I_INVALID_HID, file = H5I_INVALID_HID;
    cevns_status st;
    size_t points = 0, plen;
    char *tmp;
    void *image = NULL;
    ssize_t image_size = 0;
    double file_bytes;
    int in_memory;

    if (!path || !m) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_map_write_h5: NULL argument");
    st = check_map(path, m, &points, err);
    if (st != CEVNS_OK) return st;
    if (fa && (fa->n_points != points || fa->n_cl < 0 || fa->n_cl > CEVNS_ANALYSIS_MAX_CL))
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: the Feldman-Cousins analysis does not belong to the map",
                               path);
    plen = strlen(path);
    tmp = malloc(plen + 5);
    if (!tmp) return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);

    file_bytes = map_file_bytes(m, fa, points);
    in_memory = file_bytes <= (double)MAP_IMAGE_MAX;
    if (!in_memory && (st = check_room(tmp, file_bytes, err)) != CEVNS_OK) {
        free(tmp);
        return st;
    }
    quiet_begin(&quiet);
    /* STRONG: closing the file closes anything still open in it, so the temp
     * file is complete (or gone) whatever path we leave by. */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        (in_memory && H5Pset_fapl_core(fapl, (size_t)1 << 20, 0) < 0)) {
        st = h5_fail(err, CEVNS_EIO, tmp, "/", "cannot make file access properties");
        goto done;
    }
    file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (file < 0) {
        st = h5_fail(err, CEVNS_EIO, tmp, "/", "cannot create file");
        goto done;
    }
    st = write_contents(file, tmp, m, fa, err);
    if (st == CEVNS_OK && in_memory) {
        ssize_t n = H5Fflush(file, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(file, NULL, 0);
        if (n < 0) st = h5_fail(err, CEVNS_EIO, tmp, "/", "cannot finish the file image");
        else if ((image = malloc(n > 0 ? (size_t)n : 1)) == NULL)
            st = cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory for the file image (%zd bytes)", tmp, n);
        else if ((image_size = H5Fget_file_image(file, image, (size_t)n)) != n)
            st = h5_fail(err, CEVNS_EIO, tmp, "/", "cannot copy the file image");
    }
    {
        herr_t rc = H5Fclose(file);
        file = H5I_INVALID_HID;
        if (rc < 0 && st == CEVNS_OK) st = h5_fail(err, CEVNS_EIO, tmp, "/", "cannot finish writing (close) file");
    }
    if (st == CEVNS_OK && in_memory) st = write_image(tmp, image, (size_t)image_size, err);
    if (st == CEVNS_OK && rename(tmp, path) != 0)
        st = cevns_error_set(err, CEVNS_EIO, "%s: cannot rename %s to it: %s", path, tmp, strerror(errno));

done:
    if (file >= 0) H5Fclose(file);
    if (fapl >= 0) H5Pclose(fapl);
    H5Eclear2(H5E_DEFAULT);
    quiet_end(&quiet);
    if (st != CEVNS_OK) remove(tmp); /* may not exist: nothing to report */
    free(image);
    free(tmp);
    return st;
}

/* ---------------------------------------------------------------- reading */

typedef struct {
    const char *path;
    hid_t file;
    int format; /* the layout's version (format_version; 1 when absent) */
    cevns_error *err;
} reader;

/* Malformed content: "<file>: <object>: <what>" with CEVNS_EDATA. */
static cevns_status bad(const reader *r, const char *object, const char *what) {
    return h5_fail(r->err, CEVNS_EDATA, r->path, object, what);
}

/* Reads n strings (fixed- or variable-length) from an attribute into malloc'd
 * copies out[0..n-1].  Returns 0, or -1 (nothing allocated). */
static int get_strings_attr(hid_t attr, size_t n, char **out) {
    hid_t ftype = H5Aget_type(attr), space = H5Aget_space(attr), mtype = H5I_INVALID_HID;
    hssize_t count;
    int rc = -1;
    for (size_t i = 0; i < n; i++) out[i] = NULL;
    if (ftype < 0 || space < 0 || H5Tget_class(ftype) != H5T_STRING) goto done;
    count = H5Sget_simple_extent_npoints(space);
    if (count < 0 || (size_t)count != n || n == 0) goto done;
    if (H5Tis_variable_str(ftype) > 0) {
        char **ptrs = calloc(n, sizeof *ptrs);
        if (!ptrs || (mtype = vlstr_type()) < 0 || H5Tset_cset(mtype, H5Tget_cset(ftype)) < 0 ||
            H5Aread(attr, mtype, ptrs) < 0) {
            free(ptrs);
            goto done;
        }
        rc = 0;
        for (size_t i = 0; i < n; i++) {
            out[i] = strdup(ptrs[i] ? ptrs[i] : "");
            if (!out[i]) rc = -1;
        }
        H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, ptrs);
        free(ptrs);
    } else {
        size_t size = H5Tget_size(ftype);
        char *buf;
        if (size == 0 || size > ((size_t)1 << 30) / n) goto done;
        buf = calloc(n, size + 1);
        mtype = H5Tcopy(H5T_C_S1);
        if (!buf || mtype < 0 || H5Tset_size(mtype, size + 1) < 0 || H5Tset_strpad(mtype, H5T_STR_NULLTERM) < 0 ||
            H5Tset_cset(mtype, H5Tget_cset(ftype)) < 0 || H5Aread(attr, mtype, buf) < 0) {
            free(buf);
            goto done;
        }
        rc = 0;
        for (size_t i = 0; i < n; i++) {
            buf[i * (size + 1) + size] = '\0';
            out[i] = strdup(buf + i * (size + 1));
            if (!out[i]) rc = -1;
        }
        free(buf);
    }
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            free(out[i]);
            out[i] = NULL;
        }
done:
    if (mtype >= 0) H5Tclose(mtype);
    if (space >= 0) H5Sclose(space);
    if (ftype >= 0) H5Tclose(ftype);
    return rc;
}

/* Number of elements of an attribute's dataspace (0 for a null dataspace), or -1. */
static hssize_t attr_count(hid_t attr) {
    hid_t space = H5Aget_space(attr);
    hssize_t n = -1;
    if (space < 0) return -1;
    if (H5Sget_simple_extent_type(space) == H5S_NULL)
        n = 0;
    else
        n = H5Sget_simple_extent_npoints(space);
    H5Sclose(space);
    return n;
}

/* One string attribute of obj (object names obj in messages) into a malloc'd copy. */
static cevns_status read_string_alloc(const reader *r, hid_t obj, const char *object, const char *name,
                                      char **out) {
    char label[160];
    hid_t attr;
    int rc;
    snprintf(label, sizeof label, "%s attribute %s", object, name);
    if (H5Aexists(obj, name) <= 0) return bad(r, label, "missing");
    attr = H5Aopen(obj, name, H5P_DEFAULT);
    if (attr < 0) return bad(r, label, "cannot open");
    rc = get_strings_attr(attr, 1, out);
    H5Aclose(attr);
    return rc < 0 ? bad(r, label, "not a single string") : CEVNS_OK;
}

/* A string attribute into a fixed buffer (must fit, with its NUL). */
static cevns_status read_string_fixed(const reader *r, hid_t obj, const char *object, const char *name, char *buf,
                                      size_t size) {
    char *s = NULL;
    cevns_status st = read_string_alloc(r, obj, object, name, &s);
    if (st != CEVNS_OK) return st;
    if (strlen(s) >= size) {
        free(s);
        return cevns_error_set(r->err, CEVNS_EDATA, "%s: %s attribute %s: longer than %zu characters", r->path,
                               object, name, size - 1);
    }
    memcpy(buf, s, strlen(s) + 1);
    free(s);
    return CEVNS_OK;
}

/* A numeric attribute of at most max values, read as mem_type into out. */
static cevns_status read_numbers(const reader *r, const char *name, hid_t mem_type, H5T_class_t want, void *out,
                                 size_t max, size_t *n_out, int need_one) {
    char label[96];
    hid_t attr, type;
    hssize_t n;
    H5T_class_t cls;
    snprintf(label, sizeof label, "attribute %s", name);
    if (H5Aexists(r->file, name) <= 0) return bad(r, label, "missing");
    attr = H5Aopen(r->file, name, H5P_DEFAULT);
    if (attr < 0) return bad(r, label, "cannot open");
    type = H5Aget_type(attr);
    cls = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    if (type >= 0) H5Tclose(type);
    n = attr_count(attr);
    if (!(cls == want || (want == H5T_FLOAT && cls == H5T_INTEGER)) || n < 0 || (size_t)n > max ||
        (need_one && n != 1)) {
        H5Aclose(attr);
        return bad(r, label, need_one ? "not a single number of the right type" : "wrong type or too many values");
    }
    if (n > 0 && H5Aread(attr, mem_type, out) < 0) {
        H5Aclose(attr);
        return bad(r, label, "cannot read");
    }
    H5Aclose(attr);
    if (n_out) *n_out = (size_t)n;
    return CEVNS_OK;
}

/* A float dataset of the given rank; dims receive its shape. */
static cevns_status open_dataset(const reader *r, hid_t loc, const char *name, const char *object, int rank,
                                 hsize_t *dims, hid_t *out) {
    hid_t dset, space, type;
    int ok;
    *out = H5I_INVALID_HID;
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return bad(r, object, "missing");
    dset = H5Dopen2(loc, name, H5P_DEFAULT);
    if (dset < 0) return bad(r, object, "cannot open dataset");
    space = H5Dget_space(dset);
    type = H5Dget_type(dset);
    ok = space >= 0 && type >= 0 && H5Tget_class(type) == H5T_FLOAT && H5Sget_simple_extent_ndims(space) == rank &&
         H5Sget_simple_extent_dims(space, dims, NULL) == rank;
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (!ok) {
        char what[64];
        H5Dclose(dset);
        snprintf(what, sizeof what, "not a %d-dimensional floating-point dataset", rank);
        return bad(r, object, what);
    }
    *out = dset;
    return CEVNS_OK;
}

/* Reads a whole float dataset of the expected shape into a new array. */
static cevns_status read_dataset(const reader *r, hid_t loc, const char *name, const char *object, int rank,
                                 const hsize_t *expect, double **out, hid_t *keep) {
    hsize_t dims[CEVNS_MAP_MAX_AXES + 1];
    size_t n = 1;
    hid_t dset;
    cevns_status st = open_dataset(r, loc, name, object, rank, dims, &dset);
    *out = NULL;
    if (st != CEVNS_OK) return st;
    for (int k = 0; k < rank; k++) {
        if ((expect && dims[k] != expect[k]) || dims[k] == 0 || dims[k] > SIZE_MAX / sizeof(double) / n) {
            H5Dclose(dset);
            return cevns_error_set(r->err, CEVNS_EDATA, "%s: %s: unexpected shape (dimension %d is %llu)", r->path,
                                   object, k, (unsigned long long)dims[k]);
        }
        n *= (size_t)dims[k];
    }
    *out = malloc(n * sizeof(double));
    if (!*out) {
        H5Dclose(dset);
        return cevns_error_set(r->err, CEVNS_ENOMEM, "%s: %s: out of memory (%zu values)", r->path, object, n);
    }
    if (H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out) < 0) {
        H5Dclose(dset);
        free(*out);
        *out = NULL;
        return bad(r, object, "cannot read");
    }
    if (keep)
        *keep = dset;
    else
        H5Dclose(dset);
    return CEVNS_OK;
}

/* The layout's version: the root attribute format_version, 1 when absent (the first layout
 * had none); a newer one than this reader knows is an error. */
static cevns_status read_format(reader *r) {
    size_t one = 0;
    cevns_status st;
    r->format = 1;
    if (H5Aexists(r->file, "format_version") <= 0) return CEVNS_OK;
    st = read_numbers(r, "format_version", H5T_NATIVE_INT, H5T_INTEGER, &r->format, 1, &one, 1);
    if (st != CEVNS_OK) return st;
    if (r->format < 1 || r->format > CEVNS_MAP_FORMAT_VERSION)
        return cevns_error_set(r->err, CEVNS_EDATA,
                               "%s: attribute format_version: %d: not a map.h5 layout this cevns reads (1 to %d; "
                               "written by a newer cevns?)",
                               r->path, r->format, CEVNS_MAP_FORMAT_VERSION);
    return CEVNS_OK;
}

/* A root attribute of 1..max names, each usable as a dataset name (not empty, no '/') and
 * shorter than size, into out + i * size; *n_out receives their number. */
static cevns_status read_names(const reader *r, const char *attr_name, int max, char *out, size_t size,
                               int *n_out) {
    char *names[CEVNS_MAP_MAX_AXES > CEVNS_MAP_MAX_BIN_AXES ? CEVNS_MAP_MAX_AXES : CEVNS_MAP_MAX_BIN_AXES] = {NULL};
    char label[64], what[64];
    cevns_status st = CEVNS_OK;
    hssize_t n;
    hid_t attr;
    snprintf(label, sizeof label, "attribute %s", attr_name);
    if (H5Aexists(r->file, attr_name) <= 0) return bad(r, label, "missing");
    attr = H5Aopen(r->file, attr_name, H5P_DEFAULT);
    if (attr < 0) return bad(r, label, "cannot open");
    n = attr_count(attr);
    if (n < 1 || n > max || get_strings_attr(attr, (size_t)n, names) < 0) {
        H5Aclose(attr);
        snprintf(what, sizeof what, "not a list of 1 to %d names", max);
        return bad(r, label, what);
    }
    H5Aclose(attr);
    for (int k = 0; k < (int)n && st == CEVNS_OK; k++) {
        if (!names[k][0] || strlen(names[k]) >= size || strchr(names[k], '/'))
            st = cevns_error_set(r->err, CEVNS_EDATA, "%s: %s: invalid name \"%.64s\"", r->path, label, names[k]);
        else
            memcpy(out + (size_t)k * size, names[k], strlen(names[k]) + 1);
    }
    for (int k = 0; k < (int)n; k++) free(names[k]);
    if (st == CEVNS_OK) *n_out = (int)n;
    return st;
}

/* A string attribute that may be absent (buf "" then), into a fixed buffer. */
static cevns_status read_optional_string(const reader *r, hid_t obj, const char *object, const char *name,
                                         char *buf, size_t size) {
    buf[0] = '\0';
    if (H5Aexists(obj, name) <= 0) return CEVNS_OK;
    return read_string_fixed(r, obj, object, name, buf, size);
}

/* Axis k from its dataset in loc (object names it in messages): values, unit, spacing and
 * (format 2) long name. */
static cevns_status read_axis(const reader *r, hid_t loc, const char *object, int k, cevns_map *m) {
    char spacing[16];
    hid_t dset = H5I_INVALID_HID, space;
    hsize_t dim = 0;
    cevns_status st = read_dataset(r, loc, m->axis_name[k], object, 1, NULL, &m->axis_values[k], &dset);
    if (st != CEVNS_OK) return st;
    space = H5Dget_space(dset);
    if (space >= 0) H5Sget_simple_extent_dims(space, &dim, NULL);
    if (space >= 0) H5Sclose(space);
    m->axis_n[k] = (size_t)dim;
    st = read_string_fixed(r, dset, object, "unit", m->axis_unit[k], sizeof m->axis_unit[k]);
    if (st == CEVNS_OK) st = read_string_fixed(r, dset, object, "spacing", spacing, sizeof spacing);
    if (st == CEVNS_OK && r->format >= 2)
        st = read_optional_string(r, dset, object, "long_name", m->axis_long_name[k], sizeof m->axis_long_name[k]);
    if (st == CEVNS_OK) {
        if (!strcmp(spacing, "log"))
            m->axis_log[k] = 1;
        else if (!strcmp(spacing, "linear"))
            m->axis_log[k] = 0;
        else
            st = cevns_error_set(r->err, CEVNS_EDATA,
                                 "%s: %s attribute spacing: \"%s\" (expected \"log\" or \"linear\")", r->path, object,
                                 spacing);
    }
    H5Dclose(dset);
    return st;
}

/* The axes named by axis_order: root datasets from format 2 on, /axes/<name> in format 1. */
static cevns_status read_axes(const reader *r, cevns_map *m) {
    const char *where = r->format >= 2 ? "" : "/axes";
    cevns_status st = read_names(r, "axis_order", CEVNS_MAP_MAX_AXES, m->axis_name[0], sizeof m->axis_name[0],
                                 &m->n_axes);
    hid_t group;
    if (st != CEVNS_OK) return st;
    if (r->format >= 2) {
        group = H5Gopen2(r->file, "/", H5P_DEFAULT);
    } else {
        if (H5Lexists(r->file, "axes", H5P_DEFAULT) <= 0) return bad(r, "/axes", "missing");
        group = H5Gopen2(r->file, "axes", H5P_DEFAULT);
    }
    if (group < 0) return bad(r, r->format >= 2 ? "/" : "/axes", "cannot open group");
    for (int k = 0; k < m->n_axes && st == CEVNS_OK; k++) {
        char object[64];
        snprintf(object, sizeof object, "%s/%s", where, m->axis_name[k]);
        st = read_axis(r, group, object, k, m);
    }
    H5Gclose(group);
    return st;
}

/* /counts and /bin_edges, both or neither: counts shaped (axis 1, ..., axis k, bins) from
 * format 2 on, (points, bins) in format 1; m->counts is [point * n_bins + bin] either way. */
static cevns_status read_counts(const reader *r, cevns_map *m, size_t points) {
    int has_counts = H5Lexists(r->file, "counts", H5P_DEFAULT) > 0;
    int has_edges = H5Lexists(r->file, "bin_edges", H5P_DEFAULT) > 0;
    int rank = r->format >= 2 ? m->n_axes + 1 : 2;
    hsize_t cdims[CEVNS_MAP_MAX_AXES + 1], edims;
    hid_t dset;
    int ok = 1;
    cevns_status st;
    if (has_counts != has_edges)
        return cevns_error_set(r->err, CEVNS_EDATA, "%s: %s without %s", r->path, has_counts ? "/counts" : "/bin_edges",
                               has_counts ? "/bin_edges" : "/counts");
    if (!has_counts) return CEVNS_OK;
    st = open_dataset(r, r->file, "counts", "/counts", rank, cdims, &dset);
    if (st != CEVNS_OK) return st;
    H5Dclose(dset);
    if (r->format >= 2)
        for (int k = 0; k < m->n_axes; k++) ok = ok && cdims[k] == m->axis_n[k];
    else
        ok = cdims[0] == points;
    if (!ok || cdims[rank - 1] < 1)
        return cevns_error_set(r->err, CEVNS_EDATA, "%s: /counts: shape does not match the axes: expected (%s, bins)",
                               r->path, r->format >= 2 ? "axis 1, ..., axis k" : "points");
    st = read_dataset(r, r->file, "counts", "/counts", rank, cdims, &m->counts, NULL);
    if (st != CEVNS_OK) return st;
    m->n_bins = (size_t)cdims[rank - 1];
    edims = cdims[rank - 1] + 1;
    return read_dataset(r, r->file, "bin_edges", "/bin_edges", 1, &edims, &m->bin_edges, NULL);
}

/* Bin axis j's ranges, /bin_<name>_lo and _hi (n_bins each), into column j of bin_lo / bin_hi,
 * and its unit ("" for "1", dimensionless). */
static cevns_status read_bin_range(const reader *r, cevns_map *m, int j) {
    hsize_t n = m->n_bins;
    cevns_status st = CEVNS_OK;
    for (int side = 0; side < 2 && st == CEVNS_OK; side++) {
        char name[48], object[64];
        double *column = NULL, *dst = side ? m->bin_hi : m->bin_lo;
        hid_t dset = H5I_INVALID_HID;
        snprintf(name, sizeof name, "bin_%s_%s", m->bin_axis_name[j], side ? "hi" : "lo");
        snprintf(object, sizeof object, "/%s", name);
        st = read_dataset(r, r->file, name, object, 1, &n, &column, &dset);
        if (st != CEVNS_OK) break;
        for (size_t b = 0; b < m->n_bins; b++) dst[b * (size_t)m->n_bin_axes + (size_t)j] = column[b];
        free(column);
        if (!side) st = read_optional_string(r, dset, object, "units", m->bin_axis_unit[j], sizeof m->bin_axis_unit[j]);
        H5Dclose(dset);
    }
    if (st == CEVNS_OK && !strcmp(m->bin_axis_unit[j], "1")) m->bin_axis_unit[j][0] = '\0';
    return st;
}

/* Each bin's ranges on the axes the root attribute bin_axes names (format 2; absent: none). */
static cevns_status read_bin_ranges(const reader *r, cevns_map *m) {
    cevns_status st;
    if (r->format < 2 || H5Aexists(r->file, "bin_axes") <= 0) return CEVNS_OK;
    if (m->n_bins == 0) return bad(r, "attribute bin_axes", "bin ranges without /counts");
    st = read_names(r, "bin_axes", CEVNS_MAP_MAX_BIN_AXES, m->bin_axis_name[0], sizeof m->bin_axis_name[0],
                    &m->n_bin_axes);
    if (st != CEVNS_OK) return st;
    m->bin_lo = malloc(m->n_bins * (size_t)m->n_bin_axes * sizeof *m->bin_lo);
    m->bin_hi = malloc(m->n_bins * (size_t)m->n_bin_axes * sizeof *m->bin_hi);
    if (!m->bin_lo || !m->bin_hi)
        return cevns_error_set(r->err, CEVNS_ENOMEM, "%s: bin ranges: out of memory", r->path);
    for (int j = 0; j < m->n_bin_axes && st == CEVNS_OK; j++) st = read_bin_range(r, m, j);
    return st;
}

/* A list of strings and a list of numbers that go together (reference_labels and
 * reference_values; experiments and experiment_first_bin): both or neither, 1..max of
 * each, the same number, each string shorter than label_size; absent = none (*n 0). */
static cevns_status read_labelled(const reader *r, const char *labels_name, const char *values_name, hid_t mem_type,
                                  H5T_class_t want, void *values, int max, char *labels_out, size_t label_size,
                                  int *n_out) {
    char *labels[CEVNS_MAP_MAX_REFERENCE > CEVNS_MAP_MAX_EXPERIMENTS ? CEVNS_MAP_MAX_REFERENCE
                                                                     : CEVNS_MAP_MAX_EXPERIMENTS] = {NULL};
    int has_labels = H5Aexists(r->file, labels_name) > 0;
    int has_values = H5Aexists(r->file, values_name) > 0;
    char what[64], list[64];
    size_t n_values = 0;
    hssize_t n;
    hid_t attr;
    cevns_status st;
    if (!has_labels && !has_values) return CEVNS_OK;
    if (has_labels != has_values)
        return cevns_error_set(r->err, CEVNS_EDATA, "%s: attribute %s without %s", r->path,
                               has_labels ? labels_name : values_name, has_labels ? values_name : labels_name);
    st = read_numbers(r, values_name, mem_type, want, values, (size_t)max, &n_values, 0);
    if (st != CEVNS_OK) return st;
    snprintf(what, sizeof what, "attribute %s", labels_name);
    attr = H5Aopen(r->file, labels_name, H5P_DEFAULT);
    if (attr < 0) return bad(r, what, "cannot open");
    n = attr_count(attr);
    if (n < 1 || n > max || get_strings_attr(attr, (size_t)n, labels) < 0) {
        H5Aclose(attr);
        snprintf(list, sizeof list, "not a list of 1 to %d strings", max);
        return bad(r, what, list);
    }
    H5Aclose(attr);
    if ((size_t)n != n_values)
        st = cevns_error_set(r->err, CEVNS_EDATA, "%s: %lld %s but %zu %s", r->path, (long long)n, labels_name, n_values,
                             values_name);
    for (int i = 0; i < (int)n && st == CEVNS_OK; i++) {
        if (strlen(labels[i]) >= label_size)
            st = cevns_error_set(r->err, CEVNS_EDATA, "%s: attribute %s[%d]: longer than %zu characters", r->path,
                                 labels_name, i, label_size - 1);
        else
            memcpy(labels_out + (size_t)i * label_size, labels[i], strlen(labels[i]) + 1);
    }
    for (int i = 0; i < (int)n; i++) free(labels[i]);
    if (st == CEVNS_OK) *n_out = (int)n;
    return st;
}

static cevns_status read_references(const reader *r, cevns_map *m) {
    return read_labelled(r, "reference_labels", "reference_values", H5T_NATIVE_DOUBLE, H5T_FLOAT, m->reference_value,
                         CEVNS_MAP_MAX_REFERENCE, m->reference_label[0], sizeof m->reference_label[0],
                         &m->n_reference);
}

static cevns_status read_experiments(const reader *r, cevns_map *m) {
    return read_labelled(r, "experiments", "experiment_first_bin", H5T_NATIVE_INT, H5T_INTEGER,
                         m->experiment_first_bin, CEVNS_MAP_MAX_EXPERIMENTS, m->experiment_name[0],
                         sizeof m->experiment_name[0], &m->n_experiments);
}

static cevns_status read_contents(reader *r, cevns_map *m) {
    hsize_t dims[CEVNS_MAP_MAX_AXES];
    size_t points, n_cl = 0, one = 0;
    cevns_status st = read_format(r);
    if (st == CEVNS_OK) st = read_axes(r, m);
    if (st != CEVNS_OK) return st;

    for (int k = 0; k < m->n_axes; k++) dims[k] = m->axis_n[k];
    points = cevns_map_points(m);
    if (points == 0) return cevns_error_set(r->err, CEVNS_EDATA, "%s: /chi2: too many points", r->path);
    st = read_dataset(r, r->file, "chi2", "/chi2", m->n_axes, dims, &m->chi2, NULL);
    if (st != CEVNS_OK) return st;

    st = read_counts(r, m, points);
    if (st == CEVNS_OK) st = read_bin_ranges(r, m);
    if (st != CEVNS_OK) return st;

    st = read_string_fixed(r, r->file, "root", "statistic", m->statistic, sizeof m->statistic);
    if (st == CEVNS_OK) st = read_string_fixed(r, r->file, "root", "engine", m->engine, sizeof m->engine);
    if (st == CEVNS_OK) st = read_string_fixed(r, r->file, "root", "path", m->path, sizeof m->path);
    if (st == CEVNS_OK) st = read_string_fixed(r, r->file, "root", "version", m->version, sizeof m->version);
    if (st == CEVNS_OK)
        st = read_string_fixed(r, r->file, "root", "config_name", m->config_name, sizeof m->config_name);
    if (st == CEVNS_OK)
        st = read_string_fixed(r, r->file, "root", "observable", m->observable, sizeof m->observable);
    if (st == CEVNS_OK)
        st = read_numbers(r, "chi2_min", H5T_NATIVE_DOUBLE, H5T_FLOAT, &m->chi2_min, 1, &one, 1);
    if (st == CEVNS_OK)
        st = read_numbers(r, "cl", H5T_NATIVE_DOUBLE, H5T_FLOAT, m->cl, (size_t)MAP_CL_MAX, &n_cl, 0);
    if (st == CEVNS_OK) st = read_numbers(r, "dof", H5T_NATIVE_INT, H5T_INTEGER, &m->dof, 1, &one, 1);
    if (st != CEVNS_OK) return st;
    m->n_cl = (int)n_cl;
    if (H5Aexists(r->file, "config") > 0) st = read_string_alloc(r, r->file, "root", "config", &m->config_json);
    if (st == CEVNS_OK) st = read_references(r, m);
    if (st == CEVNS_OK) st = read_experiments(r, m);
    return st;
}

cevns_status cevns_map_create_from_h5(const char *path, cevns_map *m, cevns_error *err) {
    h5_quiet quiet;
    struct stat sb;
    reader r;
    htri_t is_h5;
    cevns_status st;

    if (!path || !m) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_map_create_from_h5: NULL argument");
    memset(m, 0, sizeof *m);
    if (stat(path, &sb) != 0) return cevns_error_set(err, CEVNS_EDATA, "%s: cannot open map: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode)) return cevns_error_set(err, CEVNS_EDATA, "%s: not a regular file", path);

    r.path = path;
    r.err = err;
    r.format = 1;
    r.file = H5I_INVALID_HID;
    quiet_begin(&quiet);
    is_h5 = H5Fis_hdf5(path);
    if (is_h5 <= 0) {
        st = is_h5 == 0 ? cevns_error_set(err, CEVNS_EDATA, "%s: not an HDF5 file (corrupt or truncated?)", path)
                        : h5_fail(err, CEVNS_EDATA, path, "/", "cannot check the file");
        goto done;
    }
    r.file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (r.file < 0) {
        st = h5_fail(err, CEVNS_EDATA, path, "/", "cannot open HDF5 file");
        goto done;
    }
    st = read_contents(&r, m);
    if (st == CEVNS_OK && H5Fclose(r.file) < 0) st = h5_fail(err, CEVNS_EDATA, path, "/", "cannot close file");
    else if (st != CEVNS_OK)
        H5Fclose(r.file);
    r.file = H5I_INVALID_HID;

done:
    H5Eclear2(H5E_DEFAULT);
    quiet_end(&quiet);
    if (st != CEVNS_OK) cevns_map_free(m);
    return st;
}
