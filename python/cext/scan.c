/* scan.c - scans for the Python package: in memory (cevns_scan_evaluate in chunks, a
 * progress callback between them), as the CLI's run folder (cevns_scan_run), and map.h5
 * read back; each map goes back with its analysis (cevns/results.h), the numbers the run
 * folder's files hold. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"

static PyObject *double_list(const double *v, int n) {
    PyObject *out = PyList_New(n);
    int i;
    for (i = 0; out && i < n; i++) PyList_SET_ITEM(out, i, PyFloat_FromDouble(v[i]));
    return out;
}

static PyObject *size_list(const size_t *v, int n) {
    PyObject *out = PyList_New(n);
    int i;
    for (i = 0; out && i < n; i++) PyList_SET_ITEM(out, i, PyLong_FromSize_t(v[i]));
    return out;
}

static PyObject *axes_of(const cevns_map *m) {
    PyObject *out = PyList_New(m->n_axes);
    int k;
    for (k = 0; out && k < m->n_axes; k++) {
        PyObject *ax = Py_BuildValue("{s:s,s:s,s:s,s:O,s:N}", "name", m->axis_name[k], "unit", m->axis_unit[k],
                                     "long_name", m->axis_long_name[k], "log", m->axis_log[k] ? Py_True : Py_False,
                                     "values", cevns_py_copy_doubles(m->axis_values[k], m->axis_n[k]));
        if (!ax) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, ax);
    }
    return out;
}

/* The analysis a of map m as a dict (see the package's ScanResult for the meaning). */
static PyObject *analysis_of(const cevns_map *m, const cevns_analysis *a) {
    PyObject *d = PyDict_New(), *contours;
    size_t best_index[CEVNS_MAP_MAX_AXES];
    int k, c, two = a->n_shown == 2;
    if (!d) return NULL;
    for (k = 0; k < m->n_axes; k++) best_index[k] = a->best_index[k];
    if (cevns_py_set(d, "shown", Py_BuildValue(two ? "[ii]" : "[i]", a->shown[0], a->shown[1])) < 0 ||
        cevns_py_set(d, "x_log", PyBool_FromLong(a->x_log)) < 0 || cevns_py_set(d, "y_log", PyBool_FromLong(a->y_log)) < 0 ||
        cevns_py_set(d, "dchi2", cevns_py_copy_doubles(a->dchi2, a->nx * a->ny)) < 0 ||
        cevns_py_set(d, "nx", PyLong_FromSize_t(a->nx)) < 0 || cevns_py_set(d, "ny", PyLong_FromSize_t(a->ny)) < 0 ||
        cevns_py_set(d, "chi2_min", PyFloat_FromDouble(a->chi2_min)) < 0 ||
        cevns_py_set(d, "best", PyLong_FromSize_t(a->best)) < 0 ||
        cevns_py_set(d, "best_index", size_list(best_index, m->n_axes)) < 0 ||
        cevns_py_set(d, "best_value", double_list(a->best_value, m->n_axes)) < 0 ||
        cevns_py_set(d, "dof", PyLong_FromLong(a->dof)) < 0 || cevns_py_set(d, "cl", double_list(a->cl, a->n_cl)) < 0 ||
        cevns_py_set(d, "threshold", double_list(a->threshold, a->n_cl)) < 0 ||
        cevns_py_set(d, "lower", double_list(a->lower, two ? 0 : a->n_cl)) < 0 ||
        cevns_py_set(d, "upper", double_list(a->upper, two ? 0 : a->n_cl)) < 0)
        goto fail;
    if (two && (cevns_py_set(d, "col_lower", cevns_py_copy_doubles(a->col_lower, (size_t)a->n_cl * a->ny)) < 0 ||
                cevns_py_set(d, "col_upper", cevns_py_copy_doubles(a->col_upper, (size_t)a->n_cl * a->ny)) < 0 ||
                cevns_py_set(d, "col_exclusion", cevns_py_copy_doubles(a->col_exclusion, (size_t)a->n_cl * a->ny)) < 0))
        goto fail;
    if (!(contours = PyList_New(two ? a->n_cl : 0)) || cevns_py_set(d, "contours", contours) < 0) goto fail;
    for (c = 0; two && c < a->n_cl; c++)
        PyList_SET_ITEM(contours, c, cevns_py_copy_doubles(a->contour[c], 2 * a->n_contour[c]));
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

/* Map m (with chi2_obj / counts_obj the Python storage of its chi2 and counts, or NULL to
 * copy them) analysed, as {"map": {...}, "analysis": {...}}. */
static PyObject *result_of(cevns_map *m, PyObject *chi2_obj, PyObject *counts_obj, const char *where) {
    cevns_analysis a;
    cevns_error err = {""};
    cevns_status st = cevns_analysis_create(m, where, &a, &err);
    PyObject *md, *out = NULL, *bin_axes;
    size_t np = cevns_map_points(m);
    int j;
    if (st != CEVNS_OK) return cevns_py_raise(st, &err);
    if (!(md = PyDict_New())) goto done;
    if (chi2_obj) Py_INCREF(chi2_obj);
    else chi2_obj = cevns_py_copy_doubles(m->chi2, np);
    if (counts_obj) Py_INCREF(counts_obj);
    else if (m->counts) counts_obj = cevns_py_copy_doubles(m->counts, np * m->n_bins);
    else counts_obj = Py_NewRef(Py_None);
    if (cevns_py_set(md, "axes", axes_of(m)) < 0 || cevns_py_set(md, "chi2", chi2_obj) < 0 ||
        cevns_py_set(md, "counts", counts_obj) < 0 || cevns_py_set(md, "n_bins", PyLong_FromSize_t(m->n_bins)) < 0 ||
        cevns_py_set(md, "bin_edges", m->bin_edges ? cevns_py_copy_doubles(m->bin_edges, m->n_bins + 1)
                                                   : Py_NewRef(Py_None)) < 0 ||
        cevns_py_set(md, "bin_lo", cevns_py_copy_doubles(m->bin_lo, m->bin_lo ? m->n_bins * (size_t)m->n_bin_axes : 0)) < 0 ||
        cevns_py_set(md, "bin_hi", cevns_py_copy_doubles(m->bin_hi, m->bin_hi ? m->n_bins * (size_t)m->n_bin_axes : 0)) < 0 ||
        cevns_py_set(md, "statistic", PyUnicode_FromString(m->statistic)) < 0 ||
        cevns_py_set(md, "engine", PyUnicode_FromString(m->engine)) < 0 ||
        cevns_py_set(md, "path", PyUnicode_FromString(m->path)) < 0 ||
        cevns_py_set(md, "version", PyUnicode_FromString(m->version)) < 0 ||
        cevns_py_set(md, "config_name", PyUnicode_FromString(m->config_name)) < 0 ||
        cevns_py_set(md, "observable", PyUnicode_FromString(m->observable)) < 0 ||
        cevns_py_set(md, "config_json", m->config_json ? PyUnicode_FromString(m->config_json) : Py_NewRef(Py_None)) < 0)
        goto done;
    if (!(bin_axes = PyList_New(m->n_bin_axes)) || cevns_py_set(md, "bin_axes", bin_axes) < 0) goto done;
    for (j = 0; j < m->n_bin_axes; j++)
        PyList_SET_ITEM(bin_axes, j, Py_BuildValue("(ss)", m->bin_axis_name[j], m->bin_axis_unit[j]));
    out = Py_BuildValue("{s:O,s:N}", "map", md, "analysis", analysis_of(m, &a));
done:
    Py_XDECREF(md);
    cevns_analysis_free(&a);
    return out;
}

/* scan(config, engine=None, threads=-1, direct=-1, progress=None) -> result_of(the map):
 * the scan in memory, in a hundred chunks; progress(done, total) is called after each (its
 * exception, or Ctrl-C, stops the scan). */
PyObject *cevns_py_scan(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"config", "engine", "threads", "direct", "progress", NULL};
    PyObject *capsule, *progress = Py_None, *chi2_obj = NULL, *counts_obj = NULL, *out = NULL;
    const char *engine = NULL;
    int threads = -1, direct = -1;
    const cevns_config *cfg;
    cevns_scan_settings set;
    cevns_scan *s = NULL;
    cevns_error err = {""};
    cevns_status st;
    cevns_map m;
    double *chi2, *counts = NULL;
    size_t n_map, n_bins, start, chunk;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|ziiO", kwlist, &capsule, &engine, &threads, &direct, &progress))
        return NULL;
    if (!(cfg = cevns_py_config(capsule))) return NULL;
    cevns_scan_settings_default(&set);
    set.engine = engine;
    set.threads = threads;
    set.direct = direct > 0;
    set.counts = 1;
    Py_BEGIN_ALLOW_THREADS
    st = cevns_scan_create(cfg, &set, &s, &err);
    Py_END_ALLOW_THREADS
    if (st != CEVNS_OK) return cevns_py_raise(st, &err);
    n_map = cevns_scan_map_points(s);
    n_bins = cevns_scan_has_counts(s) ? cevns_scan_n_bins(s) : 0;
    if (!(chi2_obj = cevns_py_doubles(n_map, &chi2))) goto done;
    if (n_bins && !(counts_obj = cevns_py_doubles(n_map * n_bins, &counts))) goto done;
    /* a hundred chunks: Ctrl-C and the progress callback are looked at between them */
    chunk = (n_map + 99) / 100;
    for (start = 0; start < n_map; start += chunk) {
        size_t n = start + chunk <= n_map ? chunk : n_map - start;
        PyObject *r;
        Py_BEGIN_ALLOW_THREADS
        st = cevns_scan_evaluate(s, start, n, chi2 + start, counts ? counts + start * n_bins : NULL, &err);
        Py_END_ALLOW_THREADS
        if (st != CEVNS_OK) {
            cevns_py_raise(st, &err);
            goto done;
        }
        if (PyErr_CheckSignals() < 0) goto done;
        if (progress == Py_None) continue;
        if (!(r = PyObject_CallFunction(progress, "nn", (Py_ssize_t)(start + n), (Py_ssize_t)n_map))) goto done;
        Py_DECREF(r);
    }
    cevns_scan_result_map(cfg, s, NULL, chi2, counts, &m);
    out = result_of(&m, chi2_obj, counts_obj, cfg->path);
    if (out && PyDict_SetItemString(out, "engine", PyUnicode_FromString(cevns_scan_engine_name(s))) < 0) Py_CLEAR(out);
done:
    Py_XDECREF(chi2_obj);
    Py_XDECREF(counts_obj);
    cevns_scan_free(s);
    return out;
}

/* run_scan(config, out_dir, engine=None, threads=-1, direct=-1, overwrite=0, figures=-1)
 * -> the run folder: exactly `cevns scan CONFIG --out out_dir`. */
PyObject *cevns_py_run_scan(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"config", "out_dir", "engine", "threads", "direct", "overwrite", "figures", NULL};
    PyObject *capsule;
    const char *out_dir, *engine = NULL;
    int threads = -1, direct = -1, overwrite = 0, figures = -1;
    const cevns_config *cfg;
    cevns_scan_options opt;
    cevns_scan_summary *sum;
    cevns_error err = {""};
    cevns_status st;
    PyObject *out;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "Os|ziiii", kwlist, &capsule, &out_dir, &engine, &threads, &direct,
                                     &overwrite, &figures))
        return NULL;
    if (!(cfg = cevns_py_config(capsule))) return NULL;
    if (!(sum = malloc(sizeof *sum))) return PyErr_NoMemory();
    cevns_scan_options_default(&opt);
    opt.engine = engine;
    opt.threads = threads;
    opt.direct = direct;
    opt.out_dir = out_dir;
    opt.overwrite = overwrite;
    opt.figures = figures;
    opt.progress = 0;
    Py_BEGIN_ALLOW_THREADS
    st = cevns_scan_run(cfg, &opt, sum, &err);
    Py_END_ALLOW_THREADS
    out = st == CEVNS_OK ? PyUnicode_FromString(sum->run_dir) : cevns_py_raise(st, &err);
    free(sum);
    return out;
}

/* read_map(path) -> result_of(the map in map.h5) */
PyObject *cevns_py_read_map(PyObject *self, PyObject *args) {
    const char *path;
    cevns_map m;
    cevns_error err = {""};
    cevns_status st;
    PyObject *out;
    (void)self;
    if (!PyArg_ParseTuple(args, "s", &path)) return NULL;
    Py_BEGIN_ALLOW_THREADS
    st = cevns_map_create_from_h5(path, &m, &err);
    Py_END_ALLOW_THREADS
    if (st != CEVNS_OK) return cevns_py_raise(st, &err);
    out = result_of(&m, NULL, NULL, path);
    cevns_map_free(&m);
    return out;
}
