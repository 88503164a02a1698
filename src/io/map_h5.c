/* map_h5.c - the chi2 map of a run as HDF5 (map.h5), readable by h5py.
 *
 * Layout (every string is a variable-length UTF-8 string, which h5py returns as str):
 *   /chi2                 float64, shape (axis_n[0], ..., axis_n[k-1]), last axis fastest
 *   /axes/<axis_name>     float64, shape (axis_n[i]); attributes "unit", "spacing" ("log"/"linear")
 *   /counts               float64, shape (points, n_bins)     only when n_bins > 0
 *   /bin_edges            float64, shape (n_bins + 1)         only when n_bins > 0
 *   root attributes: statistic, engine, path (the path that ran: direct or separable), version,
 *   config_name, observable (strings), chi2_min
 *   (float64), cl (float64 array, n_cl), dof (int32), axis_order (string array: the axis
 *   names in dataset order), config (string, the resolved config; only when present),
 *   reference_labels (string array) and reference_values (float64 array, same length):
 *   published limits to draw, only when there are some (absent: none); experiments (string
 *   array) and experiment_first_bin (int32 array, same length): a joint fit's experiments
 *   and the first of their bins in /counts, only for a joint fit (absent: one experiment).
 *   /feldman_cousins/     a Feldman-Cousins run only (cevns_map_write_h5_fc): delta_chi2,
 *                         p_value (the shape of /chi2), critical, critical_lo, critical_hi
 *                         (float64), inside_wilks, inside_fc (uint8), each with a leading axis
 *                         of the CLs; toys (map points x toys, up to 2^23 values); attributes
 *                         n_toys, seed, toys_stored, cl, wilks, quantile.
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
static hid_t put_dataset_typed(hid_t loc, const char *name, int rank, const hsize_t *dims, hid_t file_type,
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

/* A float64 dataset; returns its id (the caller closes it) or < 0. */
static hid_t put_dataset(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data, hid_t dcpl) {
    return put_dataset_typed(loc, name, rank, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data, dcpl);
}

/* ---------------------------------------------------------------- checking a map before writing */

static int terminated(const char *s, size_t size) { return memchr(s, '\0', size) != NULL; }

static cevns_status check_map(const char *path, const cevns_map *m, size_t *points_out, cevns_error *err) {
    size_t points;
    if (m->n_axes < 1 || m->n_axes > CEVNS_MAP_MAX_AXES)
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has %d axes (1..%d allowed)", path, m->n_axes,
                               CEVNS_MAP_MAX_AXES);
    for (int k = 0; k < m->n_axes; k++) {
        const char *name = m->axis_name[k];
        if (!terminated(name, sizeof m->axis_name[k]) || !name[0] || strchr(name, '/') || !strcmp(name, "."))
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis %d: invalid name", path, k);
        for (int j = 0; j < k; j++)
            if (!strcmp(name, m->axis_name[j]))
                return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis name \"%s\" used twice", path, name);
        if (!terminated(m->axis_unit[k], sizeof m->axis_unit[k]))
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis %s: unit not terminated", path, name);
        if (m->axis_n[k] < 1 || !m->axis_values[k])
            return cevns_error_set(err, CEVNS_EINTERNAL, "%s: axis %s has no values", path, name);
    }
    points = cevns_map_points(m);
    if (points == 0 || !m->chi2) return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has no chi2 values", path);
    if (m->n_bins > 0 && (!m->counts || !m->bin_edges || points > SIZE_MAX / m->n_bins))
        return cevns_error_set(err, CEVNS_EINTERNAL, "%s: map has %zu bins but no counts or bin edges", path,
                               m->n_bins);
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

/* /feldman_cousins: the datasets of a Feldman-Cousins analysis, per map point in the shape of
 * /chi2, per CL with one more leading axis (n_cl); NULL when every one is written, else the
 * object that failed. */
static const char *write_fc(hid_t file, const cevns_map *m, const cevns_fc_analysis *fa, hid_t dcpl, hid_t gcpl) {
    hsize_t dims[CEVNS_MAP_MAX_AXES], cdims[CEVNS_MAP_MAX_AXES + 1], tdims[2];
    hid_t g = H5Gcreate2(file, "feldman_cousins", H5P_DEFAULT, gcpl, H5P_DEFAULT), d = H5I_INVALID_HID;
    unsigned long long toys = fa->toys, stored = fa->n_points * fa->toys <= FC_TOYS_STORED_MAX;
    const char *failed = NULL;
    int k;
    if (g < 0) return "/feldman_cousins";
    cdims[0] = (hsize_t)fa->n_cl;
    for (k = 0; k < m->n_axes; k++) dims[k] = cdims[k + 1] = m->axis_n[k];
    tdims[0] = fa->n_points;
    tdims[1] = fa->toys;
#define FC_PUT(expr, name)                                                                                   \
    if (!failed && ((d = (expr)) < 0 || H5Dclose(d) < 0)) failed = "/feldman_cousins/" name;
    FC_PUT(put_dataset(g, "delta_chi2", m->n_axes, dims, fa->dchi2, dcpl), "delta_chi2")
    FC_PUT(put_dataset(g, "p_value", m->n_axes, dims, fa->p_value, dcpl), "p_value")
    FC_PUT(put_dataset(g, "critical", m->n_axes + 1, cdims, fa->critical, dcpl), "critical")
    FC_PUT(put_dataset(g, "critical_lo", m->n_axes + 1, cdims, fa->critical_lo, dcpl), "critical_lo")
    FC_PUT(put_dataset(g, "critical_hi", m->n_axes + 1, cdims, fa->critical_hi, dcpl), "critical_hi")
    FC_PUT(put_dataset_typed(g, "inside_wilks", m->n_axes + 1, cdims, H5T_STD_U8LE, H5T_NATIVE_UCHAR, fa->inside_wilks,
                             dcpl),
           "inside_wilks")
    FC_PUT(put_dataset_typed(g, "inside_fc", m->n_axes + 1, cdims, H5T_STD_U8LE, H5T_NATIVE_UCHAR, fa->inside_fc, dcpl),
           "inside_fc")
    if (stored) FC_PUT(put_dataset(g, "toys", 2, tdims, fa->toys_dchi2, dcpl), "toys")
#undef FC_PUT
    if (!failed && (put_numbers(g, "n_toys", H5T_STD_U64LE, H5T_NATIVE_ULLONG, &toys, 1, 1) < 0 ||
                    put_numbers(g, "seed", H5T_STD_U64LE, H5T_NATIVE_ULLONG, &fa->seed, 1, 1) < 0 ||
                    put_numbers(g, "toys_stored", H5T_STD_U64LE, H5T_NATIVE_ULLONG, &stored, 1, 1) < 0 ||
                    put_numbers(g, "cl", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, fa->cl, (size_t)fa->n_cl, 0) < 0 ||
                    put_numbers(g, "wilks", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, fa->wilks, (size_t)fa->n_cl, 0) < 0 ||
                    put_string(g, "quantile", "Hyndman-Fan type 1: the ceil(cl x toys)-th smallest toy") < 0))
        failed = "/feldman_cousins attributes";
    H5Gclose(g);
    return failed;
}

/* Writes everything into the open file; on failure err names the object. */
static cevns_status write_contents(hid_t file, const char *path, const cevns_map *m, const cevns_fc_analysis *fa,
                                   size_t points, cevns_error *err) {
    hid_t dcpl = H5I_INVALID_HID, gcpl = H5I_INVALID_HID, axes = H5I_INVALID_HID, dset = H5I_INVALID_HID;
    cevns_status st = CEVNS_OK;
    hsize_t dims[CEVNS_MAP_MAX_AXES];
    const char *order[CEVNS_MAP_MAX_AXES];
    char object[64];

    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (dcpl < 0 || gcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0 || H5Pset_obj_track_times(gcpl, 0) < 0) {
        st = h5_fail(err, CEVNS_EIO, path, "/", "cannot make property lists");
        goto done;
    }

    for (int k = 0; k < m->n_axes; k++) {
        dims[k] = m->axis_n[k];
        order[k] = m->axis_name[k];
    }
    dset = put_dataset(file, "chi2", m->n_axes, dims, m->chi2, dcpl);
    if (dset < 0) {
        st = h5_fail(err, CEVNS_EIO, path, "/chi2", "cannot write dataset");
        goto done;
    }
    close_id(&dset, H5Dclose);

    axes = H5Gcreate2(file, "axes", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (axes < 0) {
        st = h5_fail(err, CEVNS_EIO, path, "/axes", "cannot create group");
        goto done;
    }
    for (int k = 0; k < m->n_axes; k++) {
        hsize_t n = m->axis_n[k];
        snprintf(object, sizeof object, "/axes/%s", m->axis_name[k]);
        dset = put_dataset(axes, m->axis_name[k], 1, &n, m->axis_values[k], dcpl);
        if (dset < 0) {
            st = h5_fail(err, CEVNS_EIO, path, object, "cannot write dataset");
            goto done;
        }
        if (put_string(dset, "unit", m->axis_unit[k]) < 0 ||
            put_string(dset, "spacing", m->axis_log[k] ? "log" : "linear") < 0) {
            st = h5_fail(err, CEVNS_EIO, path, object, "cannot write attributes unit/spacing");
            goto done;
        }
        close_id(&dset, H5Dclose);
    }

    if (m->n_bins > 0) {
        hsize_t cdims[2], edims;
        cdims[0] = points;
        cdims[1] = m->n_bins;
        edims = m->n_bins + 1;
        dset = put_dataset(file, "counts", 2, cdims, m->counts, dcpl);
        if (dset < 0) {
            st = h5_fail(err, CEVNS_EIO, path, "/counts", "cannot write dataset");
            goto done;
        }
        close_id(&dset, H5Dclose);
        dset = put_dataset(file, "bin_edges", 1, &edims, m->bin_edges, dcpl);
        if (dset < 0) {
            st = h5_fail(err, CEVNS_EIO, path, "/bin_edges", "cannot write dataset");
            goto done;
        }
        close_id(&dset, H5Dclose);
    }

    {
        const char *failed = NULL;
        if (put_string(file, "statistic", m->statistic) < 0) failed = "statistic";
        else if (put_string(file, "engine", m->engine) < 0) failed = "engine";
        else if (put_string(file, "path", m->path) < 0) failed = "path";
        else if (put_string(file, "version", m->version) < 0) failed = "version";
        else if (put_string(file, "config_name", m->config_name) < 0) failed = "config_name";
        else if (put_string(file, "observable", m->observable) < 0) failed = "observable";
        else if (put_numbers(file, "chi2_min", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &m->chi2_min, 1, 1) < 0)
            failed = "chi2_min";
        else if (put_numbers(file, "cl", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m->cl, (size_t)m->n_cl, 0) < 0)
            failed = "cl";
        else if (put_numbers(file, "dof", H5T_STD_I32LE, H5T_NATIVE_INT, &m->dof, 1, 1) < 0) failed = "dof";
        else if (put_strings(file, "axis_order", order, (size_t)m->n_axes, 0) < 0) failed = "axis_order";
        else if (m->config_json && put_string(file, "config", m->config_json) < 0) failed = "config";
        else if (m->n_reference > 0) {
            const char *labels[CEVNS_MAP_MAX_REFERENCE];
            for (int i = 0; i < m->n_reference; i++) labels[i] = m->reference_label[i];
            if (put_strings(file, "reference_labels", labels, (size_t)m->n_reference, 0) < 0)
                failed = "reference_labels";
            else if (put_numbers(file, "reference_values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m->reference_value,
                                 (size_t)m->n_reference, 0) < 0)
                failed = "reference_values";
        }
        if (!failed && m->n_experiments > 0) {
            const char *names[CEVNS_MAP_MAX_EXPERIMENTS];
            for (int i = 0; i < m->n_experiments; i++) names[i] = m->experiment_name[i];
            if (put_strings(file, "experiments", names, (size_t)m->n_experiments, 0) < 0) failed = "experiments";
            else if (put_numbers(file, "experiment_first_bin", H5T_STD_I32LE, H5T_NATIVE_INT, m->experiment_first_bin,
                                 (size_t)m->n_experiments, 0) < 0)
                failed = "experiment_first_bin";
        }
        if (failed) {
            snprintf(object, sizeof object, "attribute %s", failed);
            st = h5_fail(err, CEVNS_EIO, path, object, "cannot write");
        }
    }
    if (st == CEVNS_OK && fa) {
        const char *failed = write_fc(file, m, fa, dcpl, gcpl);
        if (failed) st = h5_fail(err, CEVNS_EIO, path, failed, "cannot write");
    }

done:
    close_id(&dset, H5Dclose);
    close_id(&axes, H5Gclose);
    close_id(&gcpl, H5Pclose);
    close_id(&dcpl, H5Pclose);
    return st;
}

/* Bytes of map.h5, from above: the datasets plus the attributes and HDF5's own structures. */
static double map_file_bytes(const cevns_map *m, const cevns_fc_analysis *fa, size_t points) {
    double bytes = 8.0 * (double)points + 65536.0;
    if (fa) {
        bytes += 8.0 * (double)points * (2.0 + 5.0 * (double)fa->n_cl);
        if (fa->n_points * fa->toys <= FC_TOYS_STORED_MAX) bytes += 8.0 * (double)fa->n_points * (double)fa->toys;
    }
    for (int k = 0; k < m->n_axes; k++) bytes += 8.0 * (double)m->axis_n[k];
    if (m->n_bins > 0) bytes += 8.0 * ((double)points * (double)m->n_bins + (double)m->n_bins + 1.0);
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
    st = write_contents(file, tmp, m, fa, points, err);
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
    hsize_t dims[CEVNS_MAP_MAX_AXES];
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

static cevns_status read_axes(const reader *r, cevns_map *m) {
    char *names[CEVNS_MAP_MAX_AXES] = {NULL};
    hid_t attr, group = H5I_INVALID_HID;
    hssize_t n;
    cevns_status st = CEVNS_OK;

    if (H5Aexists(r->file, "axis_order") <= 0) return bad(r, "attribute axis_order", "missing");
    attr = H5Aopen(r->file, "axis_order", H5P_DEFAULT);
    if (attr < 0) return bad(r, "attribute axis_order", "cannot open");
    n = attr_count(attr);
    if (n < 1 || n > CEVNS_MAP_MAX_AXES || get_strings_attr(attr, (size_t)n, names) < 0) {
        H5Aclose(attr);
        return bad(r, "attribute axis_order", "not a list of 1 to 4 axis names");
    }
    H5Aclose(attr);
    m->n_axes = (int)n;
    for (int k = 0; k < m->n_axes && st == CEVNS_OK; k++) {
        if (!names[k][0] || strlen(names[k]) >= sizeof m->axis_name[k] || strchr(names[k], '/'))
            st = cevns_error_set(r->err, CEVNS_EDATA, "%s: attribute axis_order: invalid axis name \"%.64s\"",
                                 r->path, names[k]);
        else
            memcpy(m->axis_name[k], names[k], strlen(names[k]) + 1);
    }
    for (int k = 0; k < m->n_axes; k++) free(names[k]);
    if (st != CEVNS_OK) return st;

    if (H5Lexists(r->file, "axes", H5P_DEFAULT) <= 0) return bad(r, "/axes", "missing");
    group = H5Gopen2(r->file, "axes", H5P_DEFAULT);
    if (group < 0) return bad(r, "/axes", "cannot open group");
    for (int k = 0; k < m->n_axes && st == CEVNS_OK; k++) {
        char object[64], spacing[16];
        hid_t dset = H5I_INVALID_HID;
        hsize_t dim;
        snprintf(object, sizeof object, "/axes/%s", m->axis_name[k]);
        st = read_dataset(r, group, m->axis_name[k], object, 1, NULL, &m->axis_values[k], &dset);
        if (st != CEVNS_OK) break;
        {
            hid_t space = H5Dget_space(dset);
            H5Sget_simple_extent_dims(space, &dim, NULL);
            H5Sclose(space);
        }
        m->axis_n[k] = (size_t)dim;
        st = read_string_fixed(r, dset, object, "unit", m->axis_unit[k], sizeof m->axis_unit[k]);
        if (st == CEVNS_OK) st = read_string_fixed(r, dset, object, "spacing", spacing, sizeof spacing);
        if (st == CEVNS_OK) {
            if (!strcmp(spacing, "log"))
                m->axis_log[k] = 1;
            else if (!strcmp(spacing, "linear"))
                m->axis_log[k] = 0;
            else
                st = cevns_error_set(r->err, CEVNS_EDATA,
                                     "%s: %s attribute spacing: \"%s\" (expected \"log\" or \"linear\")", r->path,
                                     object, spacing);
        }
        H5Dclose(dset);
    }
    H5Gclose(group);
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

static cevns_status read_contents(const reader *r, cevns_map *m) {
    hsize_t dims[CEVNS_MAP_MAX_AXES];
    size_t points, n_cl = 0, one = 0;
    cevns_status st = read_axes(r, m);
    if (st != CEVNS_OK) return st;

    for (int k = 0; k < m->n_axes; k++) dims[k] = m->axis_n[k];
    points = cevns_map_points(m);
    if (points == 0) return cevns_error_set(r->err, CEVNS_EDATA, "%s: /chi2: too many points", r->path);
    st = read_dataset(r, r->file, "chi2", "/chi2", m->n_axes, dims, &m->chi2, NULL);
    if (st != CEVNS_OK) return st;

    {
        int has_counts = H5Lexists(r->file, "counts", H5P_DEFAULT) > 0;
        int has_edges = H5Lexists(r->file, "bin_edges", H5P_DEFAULT) > 0;
        if (has_counts != has_edges)
            return cevns_error_set(r->err, CEVNS_EDATA, "%s: %s without %s", r->path,
                                   has_counts ? "/counts" : "/bin_edges", has_counts ? "/bin_edges" : "/counts");
        if (has_counts) {
            hsize_t cdims[2], edims;
            hid_t dset;
            st = open_dataset(r, r->file, "counts", "/counts", 2, cdims, &dset);
            if (st != CEVNS_OK) return st;
            H5Dclose(dset);
            if (cdims[0] != points || cdims[1] < 1)
                return cevns_error_set(r->err, CEVNS_EDATA, "%s: /counts: shape (%llu, %llu), expected (%zu, bins)",
                                       r->path, (unsigned long long)cdims[0], (unsigned long long)cdims[1], points);
            st = read_dataset(r, r->file, "counts", "/counts", 2, cdims, &m->counts, NULL);
            if (st != CEVNS_OK) return st;
            m->n_bins = (size_t)cdims[1];
            edims = cdims[1] + 1;
            st = read_dataset(r, r->file, "bin_edges", "/bin_edges", 1, &edims, &m->bin_edges, NULL);
            if (st != CEVNS_OK) return st;
        }
    }

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
