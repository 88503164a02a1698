/* module.c - the _cevns extension module: configs, errors and the helpers the other files
 * share.  The Python package (python/cevns) wraps these functions; docs/python.md is the
 * user's side.  Every computation runs with the GIL released. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "binding.h"

#define CONFIG_CAPSULE "cevns.config"

static PyObject *error_for_status; /* cevns._errors.error_for_status(status, exit_code, message) */

PyObject *cevns_py_raise(cevns_status st, const cevns_error *err) {
    const char *msg = err && err->msg[0] ? err->msg : cevns_strerror(st);
    PyObject *exc = PyObject_CallFunction(error_for_status, "iis", (int)st, cevns_status_exit_code(st), msg);
    if (exc) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

PyObject *cevns_py_doubles(size_t n, double **data) {
    PyObject *b = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(n * sizeof(double)));
    *data = b ? (double *)(void *)PyByteArray_AS_STRING(b) : NULL;
    return b;
}

PyObject *cevns_py_copy_doubles(const double *data, size_t n) {
    double *out;
    PyObject *b = cevns_py_doubles(n, &out);
    if (b && n) memcpy(out, data, n * sizeof *out);
    return b;
}

int cevns_py_set(PyObject *d, const char *key, PyObject *value) {
    int rc;
    if (!value) return -1;
    rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

int cevns_py_read_doubles(PyObject *obj, const char *what, Py_buffer *view) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous float64 array", what);
        return -1;
    }
    if (!view->format || strcmp(view->format, "d") != 0 || view->itemsize != sizeof(double)) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_TypeError, "%s: expected float64 values", what);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- configs */
static void config_capsule_free(PyObject *capsule) { free(PyCapsule_GetPointer(capsule, CONFIG_CAPSULE)); }

const cevns_config *cevns_py_config(PyObject *obj) {
    return PyCapsule_GetPointer(obj, CONFIG_CAPSULE);
}

int cevns_py_read_options(PyObject *data_dir, const char *origin, PyObject *fallbacks, cevns_py_options *o) {
    Py_ssize_t n, i;
    memset(o, 0, sizeof *o);
    o->opt.data_dir = data_dir == Py_None ? NULL : PyUnicode_AsUTF8(data_dir);
    if (data_dir != Py_None && !o->opt.data_dir) return -1;
    o->opt.data_dir_origin = origin;
    n = PySequence_Size(fallbacks);
    if (n < 0) return -1;
    if (n > 7) n = 7;
    for (i = 0; i < n; i++) {
        PyObject *s = PySequence_GetItem(fallbacks, i);
        o->fallbacks[i] = s ? PyUnicode_AsUTF8(s) : NULL;
        Py_XDECREF(s);
        if (!o->fallbacks[i]) return -1;
    }
    o->opt.data_dir_fallbacks = o->fallbacks;
    return 0;
}

PyObject *cevns_py_config_capsule(cevns_config *cfg) {
    PyObject *capsule = PyCapsule_New(cfg, CONFIG_CAPSULE, config_capsule_free);
    if (!capsule) free(cfg);
    return capsule;
}

/* config_load(path, data_dir, data_dir_origin, fallbacks) or
 * config_parse(text, path, data_dir, data_dir_origin, fallbacks) -> capsule */
static PyObject *config_read(PyObject *args, int from_text) {
    const char *text = NULL, *path = NULL, *origin = NULL;
    PyObject *data_dir, *fallbacks;
    cevns_py_options o;
    cevns_error err = {""};
    cevns_status st;
    cevns_config *cfg;
    if (from_text ? !PyArg_ParseTuple(args, "szOzO", &text, &path, &data_dir, &origin, &fallbacks)
                  : !PyArg_ParseTuple(args, "sOzO", &path, &data_dir, &origin, &fallbacks))
        return NULL;
    if (cevns_py_read_options(data_dir, origin, fallbacks, &o) < 0) return NULL;
    if (!(cfg = malloc(sizeof *cfg))) return PyErr_NoMemory();
    Py_BEGIN_ALLOW_THREADS
    st = from_text ? cevns_config_parse_with(text, path, &o.opt, cfg, &err)
                   : cevns_config_load_with(path, &o.opt, cfg, &err);
    Py_END_ALLOW_THREADS
    if (st != CEVNS_OK) {
        free(cfg);
        return cevns_py_raise(st, &err);
    }
    return cevns_py_config_capsule(cfg);
}

static PyObject *py_config_load(PyObject *self, PyObject *args) {
    (void)self;
    return config_read(args, 0);
}

static PyObject *py_config_parse(PyObject *self, PyObject *args) {
    (void)self;
    return config_read(args, 1);
}

/* config_json(capsule) -> the resolved config (defaults filled in) as JSON text */
static PyObject *py_config_json(PyObject *self, PyObject *arg) {
    const cevns_config *cfg = cevns_py_config(arg);
    cevns_error err = {""};
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    cevns_status st;
    PyObject *out;
    (void)self;
    if (!cfg) return NULL;
    if (!(f = open_memstream(&buf, &len))) return PyErr_NoMemory();
    st = cevns_config_write_json(cfg, f, &err);
    fclose(f);
    if (st != CEVNS_OK) {
        free(buf);
        return cevns_py_raise(st, &err);
    }
    out = PyUnicode_FromStringAndSize(buf, (Py_ssize_t)len);
    free(buf);
    return out;
}

/* config_info(capsule) -> {"name", "path", "data_dir", "data_dir_origin"} */
static PyObject *py_config_info(PyObject *self, PyObject *arg) {
    const cevns_config *cfg = cevns_py_config(arg);
    (void)self;
    if (!cfg) return NULL;
    return Py_BuildValue("{s:s,s:s,s:s,s:s,s:i}", "name", cfg->name, "path", cfg->path, "data_dir", cfg->data_dir,
                         "data_dir_origin", cfg->data_dir_origin, "n_experiments", cfg->n_experiments);
}

/* interaction_names() -> the interactions in the order of the counts' last axis */
static PyObject *py_interaction_names(PyObject *self, PyObject *unused) {
    PyObject *out = PyList_New(CEVNS_N_INTERACTIONS);
    int i;
    (void)self;
    (void)unused;
    for (i = 0; out && i < CEVNS_N_INTERACTIONS; i++) {
        PyObject *s = PyUnicode_FromString(cevns_interaction_name(i));
        if (!s) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, s);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"config_load", py_config_load, METH_VARARGS, "config_load(path, data_dir, origin, fallbacks) -> config"},
    {"config_parse", py_config_parse, METH_VARARGS, "config_parse(text, path, data_dir, origin, fallbacks) -> config"},
    {"config_json", py_config_json, METH_O, "config_json(config) -> the resolved config as JSON"},
    {"config_info", py_config_info, METH_O, "config_info(config) -> name, path, data_dir"},
    {"interaction_names", py_interaction_names, METH_NOARGS, "the interactions, in the counts' order"},
    {"xsec", cevns_py_xsec, METH_VARARGS, "xsec(config, E_MeV, T_MeV, interaction, flavour)"},
    {"rate", cevns_py_rate, METH_VARARGS, "rate(config, reference, rel_tol)"},
    {"scan", (PyCFunction)(void (*)(void))cevns_py_scan, METH_VARARGS | METH_KEYWORDS,
     "scan(config, engine=None, threads=-1, direct=-1, progress=None)"},
    {"run_scan", (PyCFunction)(void (*)(void))cevns_py_run_scan, METH_VARARGS | METH_KEYWORDS,
     "run_scan(config, out_dir, engine=None, threads=-1, direct=-1, overwrite=0, figures=-1)"},
    {"read_map", cevns_py_read_map, METH_VARARGS, "read_map(path) -> the map and its analysis"},
    {"rate_figure", cevns_py_rate_figure, METH_VARARGS,
     "rate_figure(stem, edges, observable, component_names, models, title, log_y, show_components)"},
    {"xsec_config", cevns_py_xsec_config, METH_VARARGS,
     "xsec_config(base, target, model_json, data_dir, origin, fallbacks) -> config"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cevns", "The C core of the cevns package.", -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__cevns(void);
PyMODINIT_FUNC PyInit__cevns(void) {
    PyObject *m, *errors;
    /* GSL failures come back as statuses with the library's own messages, never abort() */
    gsl_set_error_handler_off();
    if (!(errors = PyImport_ImportModule("cevns._errors"))) return NULL;
    error_for_status = PyObject_GetAttrString(errors, "error_for_status");
    Py_DECREF(errors);
    if (!error_for_status) return NULL;
    if (!(m = PyModule_Create(&module))) return NULL;
    if (PyModule_AddStringConstant(m, "version", CEVNS_VERSION) < 0 ||
        PyModule_AddStringConstant(m, "source_data_dir", CEVNS_SOURCE_DATA_DIR) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
