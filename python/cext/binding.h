/* binding.h - what the files of the _cevns extension module share: the config capsule,
 * errors raised as the Python package's exceptions (cevns._errors), and arrays handed to
 * Python as bytearrays that numpy views without copying (np.frombuffer). */
#ifndef CEVNS_PY_BINDING_H
#define CEVNS_PY_BINDING_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "cevns/cevns.h"

/* The cevns_config inside a capsule made by config_load / config_parse (NULL with a Python
 * error set when obj is not one). */
const cevns_config *cevns_py_config(PyObject *obj);
/* A capsule owning cfg (malloc'd; freed here on failure). */
PyObject *cevns_py_config_capsule(cevns_config *cfg);

/* The reader's options from Python: data_dir (None or str), how messages name its origin, and
 * the fallback folders (a sequence of str, at most 7 used); the strings stay owned by the
 * caller's objects. */
typedef struct {
    cevns_config_options opt;
    const char *fallbacks[8];
} cevns_py_options;
int cevns_py_read_options(PyObject *data_dir, const char *origin, PyObject *fallbacks, cevns_py_options *o);

/* Raise the exception of the package for status st with err's message (the CLI's message)
 * and return NULL. */
PyObject *cevns_py_raise(cevns_status st, const cevns_error *err);

/* A bytearray of n doubles (uninitialised) and its storage; NULL with MemoryError set. */
PyObject *cevns_py_doubles(size_t n, double **data);
/* A bytearray holding a copy of n doubles (n may be 0; data may be NULL then). */
PyObject *cevns_py_copy_doubles(const double *data, size_t n);
/* Set key of dict d to value and drop value's reference; -1 on failure (value may be NULL). */
int cevns_py_set(PyObject *d, const char *key, PyObject *value);

/* A C-contiguous float64 buffer of obj (numpy arrays, array.array('d'), memoryviews); -1 with
 * a TypeError naming what (e.g. "E") otherwise.  Release with PyBuffer_Release. */
int cevns_py_read_doubles(PyObject *obj, const char *what, Py_buffer *view);

/* The module's functions, by file. */
PyObject *cevns_py_xsec(PyObject *self, PyObject *args);
PyObject *cevns_py_rate(PyObject *self, PyObject *args);
PyObject *cevns_py_scan(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *cevns_py_run_scan(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *cevns_py_read_map(PyObject *self, PyObject *args);
PyObject *cevns_py_rate_figure(PyObject *self, PyObject *args);
PyObject *cevns_py_xsec_config(PyObject *self, PyObject *args);

#endif
