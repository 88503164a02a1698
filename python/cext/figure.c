/* figure.c - the expected-spectrum figure (cevns_figures_rate) from Python's arrays. */
#include <stdlib.h>
#include <string.h>

#include "binding.h"

/* rate_figure(stem, edges, observable, component_names, models, title, log_y, show_components)
 * models: [(label, counts)] with counts n_bins x n_components float64 buffers. */
PyObject *cevns_py_rate_figure(PyObject *self, PyObject *args) {
    const char *stem, *observable, *title;
    PyObject *edges_obj, *names_obj, *models_obj, *out = NULL;
    int log_y, show_components;
    Py_buffer edges, *views = NULL;
    const char **names = NULL;
    cevns_rate_model *models = NULL;
    cevns_rate_figure fig;
    cevns_error err = {""};
    cevns_status st;
    Py_ssize_t n_names, n_models, k, held = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "sOsOOzii", &stem, &edges_obj, &observable, &names_obj, &models_obj, &title, &log_y,
                          &show_components))
        return NULL;
    if (cevns_py_read_doubles(edges_obj, "edges", &edges) < 0) return NULL;
    n_names = PySequence_Size(names_obj);
    n_models = PySequence_Size(models_obj);
    if (n_names < 0 || n_models < 0) goto done;
    names = calloc((size_t)n_names + 1, sizeof *names);
    models = calloc((size_t)n_models + 1, sizeof *models);
    views = calloc((size_t)n_models + 1, sizeof *views);
    if (!names || !models || !views) {
        PyErr_NoMemory();
        goto done;
    }
    for (k = 0; k < n_names; k++) {
        PyObject *s = PySequence_GetItem(names_obj, k);
        names[k] = s ? PyUnicode_AsUTF8(s) : NULL; /* kept alive by the caller's list */
        Py_XDECREF(s);
        if (!names[k]) goto done;
    }
    for (k = 0; k < n_models; k++) {
        PyObject *pair = PySequence_GetItem(models_obj, k), *counts;
        const char *label;
        int ok = pair && PyArg_ParseTuple(pair, "sO", &label, &counts) &&
                 cevns_py_read_doubles(counts, "counts", &views[k]) == 0;
        Py_XDECREF(pair); /* the caller's list keeps the label and the counts alive */
        if (!ok) goto done;
        held++;
        if ((size_t)views[k].len != (size_t)(edges.len / (Py_ssize_t)sizeof(double) - 1) * (size_t)n_names * sizeof(double)) {
            PyErr_SetString(PyExc_ValueError, "counts must have n_bins x n_components values");
            goto done;
        }
        models[k].label = label;
        models[k].counts = views[k].buf;
    }
    memset(&fig, 0, sizeof fig);
    fig.n_bins = (size_t)(edges.len / (Py_ssize_t)sizeof(double)) - 1;
    fig.edges = edges.buf;
    fig.observable = observable;
    fig.n_components = (size_t)n_names;
    fig.component_names = names;
    fig.n_models = (int)n_models;
    fig.models = models;
    fig.title = title;
    fig.log_y = log_y;
    fig.show_components = show_components;
    Py_BEGIN_ALLOW_THREADS
    st = cevns_figures_rate(stem, &fig, &err);
    Py_END_ALLOW_THREADS
    out = st == CEVNS_OK ? Py_NewRef(Py_None) : cevns_py_raise(st, &err);
done:
    for (k = 0; k < held; k++) PyBuffer_Release(&views[k]);
    PyBuffer_Release(&edges);
    free(views);
    free(models);
    free(names);
    return out;
}
