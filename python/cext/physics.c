/* physics.c - cross sections and expected counts for the Python package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"

/* xsec_config(base, target, model_json, data_dir, origin, fallbacks) -> a new config for
 * cross sections: base's (a config capsule) or, with base None, every default (as `cevns
 * xsec` without --config, the data found as by the reader), with the target's formula and the
 * "model" keys of model_json (None: none) read over it by the config reader. */
PyObject *cevns_py_xsec_config(PyObject *self, PyObject *args) {
    PyObject *base, *data_dir, *fallbacks;
    const char *target, *model_json, *origin;
    const cevns_config *from = NULL;
    cevns_py_options o;
    cevns_config *cfg;
    cevns_error err = {""};
    cevns_status st = CEVNS_OK;
    (void)self;
    if (!PyArg_ParseTuple(args, "OzzOzO", &base, &target, &model_json, &data_dir, &origin, &fallbacks)) return NULL;
    if (base != Py_None && !(from = cevns_py_config(base))) return NULL;
    if (cevns_py_read_options(data_dir, origin, fallbacks, &o) < 0) return NULL;
    if (target && strlen(target) >= sizeof from->target.material) {
        PyErr_Format(PyExc_ValueError, "target formula longer than %zu characters", sizeof from->target.material - 1);
        return NULL;
    }
    if (!(cfg = malloc(sizeof *cfg))) return PyErr_NoMemory();
    if (from) {
        memcpy(cfg, from, sizeof *cfg);
    } else {
        cevns_config_defaults(cfg);
        cevns_config_find_data_dir(&o.opt, NULL, cfg);
        snprintf(cfg->path, sizeof cfg->path, "xsec");
    }
    if (target) snprintf(cfg->target.material, sizeof cfg->target.material, "%s", target);
    if (model_json) {
        Py_BEGIN_ALLOW_THREADS
        st = cevns_config_apply_model(cfg, model_json, "xsec", &err);
        Py_END_ALLOW_THREADS
    }
    if (st != CEVNS_OK) {
        free(cfg);
        return cevns_py_raise(st, &err);
    }
    return cevns_py_config_capsule(cfg);
}

/* xsec(config, E_MeV, T_MeV, interaction, flavour) -> (isotopes, dsigma)
 * E_MeV, T_MeV: float64 buffers of the same length n (the package broadcasts them);
 * isotopes: [(z, a, symbol, fraction)]; dsigma: n_isotopes x n doubles in cm^2/MeV. */
PyObject *cevns_py_xsec(PyObject *self, PyObject *args) {
    PyObject *capsule, *e_obj, *t_obj, *out = NULL, *isotopes = NULL, *values = NULL;
    const cevns_config *cfg;
    int interaction, flavour;
    Py_buffer e, t;
    cevns_xsec_row rows[CEVNS_XSEC_MAX_ISOTOPES];
    size_t n, n_rows = 0, i;
    double *dsigma = NULL;
    cevns_error err = {""};
    cevns_status st;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOOii", &capsule, &e_obj, &t_obj, &interaction, &flavour)) return NULL;
    if (!(cfg = cevns_py_config(capsule))) return NULL;
    if (cevns_py_read_doubles(e_obj, "E", &e) < 0) return NULL;
    if (cevns_py_read_doubles(t_obj, "T", &t) < 0) {
        PyBuffer_Release(&e);
        return NULL;
    }
    n = (size_t)(e.len / (Py_ssize_t)sizeof(double));
    if ((size_t)(t.len / (Py_ssize_t)sizeof(double)) != n) {
        PyErr_SetString(PyExc_ValueError, "E and T must have the same number of values");
    } else if (!(dsigma = malloc((n ? n : 1) * CEVNS_XSEC_MAX_ISOTOPES * sizeof *dsigma))) {
        PyErr_NoMemory();
    } else {
        Py_BEGIN_ALLOW_THREADS
        st = cevns_xsec_evaluate_many(cfg, n, e.buf, t.buf, interaction, flavour, rows, CEVNS_XSEC_MAX_ISOTOPES,
                                      &n_rows, dsigma, &err);
        Py_END_ALLOW_THREADS
        if (st != CEVNS_OK) cevns_py_raise(st, &err);
        else if ((isotopes = PyList_New((Py_ssize_t)n_rows))) {
            for (i = 0; i < n_rows; i++) {
                PyObject *row = Py_BuildValue("(iisd)", rows[i].z, rows[i].a, rows[i].symbol, rows[i].fraction);
                if (!row) break;
                PyList_SET_ITEM(isotopes, (Py_ssize_t)i, row);
            }
            if (i == n_rows && (values = cevns_py_copy_doubles(dsigma, n_rows * n)))
                out = Py_BuildValue("(OO)", isotopes, values);
        }
    }
    Py_XDECREF(isotopes);
    Py_XDECREF(values);
    free(dsigma);
    PyBuffer_Release(&e);
    PyBuffer_Release(&t);
    return out;
}

/* The bins' ranges on every observable axis: {"names", "units", "lo", "hi"} with lo/hi
 * n_bins x n_axes doubles. */
static PyObject *bin_boxes(const cevns_experiment *e) {
    size_t nb = cevns_experiment_n_bins(e), b;
    double lo[3], hi[3], *plo, *phi;
    const char *names[3];
    int n_axes = nb ? cevns_experiment_bin_box(e, 0, lo, hi, names) : 0, a;
    PyObject *d = PyDict_New(), *list;
    if (!d) return NULL;
    if (!(list = PyList_New(n_axes)) || cevns_py_set(d, "names", list) < 0) goto fail;
    for (a = 0; a < n_axes; a++) PyList_SET_ITEM(list, a, PyUnicode_FromString(names[a]));
    if (cevns_py_set(d, "lo", cevns_py_doubles(nb * (size_t)n_axes, &plo)) < 0) goto fail;
    if (cevns_py_set(d, "hi", cevns_py_doubles(nb * (size_t)n_axes, &phi)) < 0) goto fail;
    for (b = 0; b < nb; b++) {
        cevns_experiment_bin_box(e, b, lo, hi, NULL);
        for (a = 0; a < n_axes; a++) {
            plo[b * (size_t)n_axes + (size_t)a] = lo[a];
            phi[b * (size_t)n_axes + (size_t)a] = hi[a];
        }
    }
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

/* The bins' energy bins (cevns_experiment_energy_bins) into d: "energy_bin" [per bin],
 * "energy_edges"; or, when the energy ranges make no single spectrum, "energy_error" (the
 * library's message) and None for both. */
static int energy_bins(const cevns_experiment *e, PyObject *d) {
    size_t nb = cevns_experiment_n_bins(e), n = 0, b, *which = malloc((nb ? nb : 1) * sizeof *which);
    double *edges = malloc((nb + 1) * sizeof *edges);
    cevns_error err = {""};
    PyObject *list = NULL;
    int rc = -1;
    if (!which || !edges) {
        PyErr_NoMemory();
    } else if (cevns_experiment_energy_bins(e, which, edges, &n, &err) != CEVNS_OK) {
        rc = cevns_py_set(d, "energy_bin", Py_NewRef(Py_None)) < 0 ||
                     cevns_py_set(d, "energy_edges", Py_NewRef(Py_None)) < 0 ||
                     cevns_py_set(d, "energy_error", PyUnicode_FromString(err.msg)) < 0
                 ? -1
                 : 0;
    } else if ((list = PyList_New((Py_ssize_t)nb))) {
        for (b = 0; b < nb; b++) PyList_SET_ITEM(list, (Py_ssize_t)b, PyLong_FromSize_t(which[b]));
        rc = cevns_py_set(d, "energy_bin", list) < 0 ||
                     cevns_py_set(d, "energy_edges", cevns_py_copy_doubles(edges, n + 1)) < 0 ||
                     cevns_py_set(d, "energy_error", Py_NewRef(Py_None)) < 0
                 ? -1
                 : 0;
    }
    free(which);
    free(edges);
    return rc;
}

/* rate(config, reference, rel_tol) -> {"counts": n_bins x n_flux x n_interactions doubles,
 * "n_bins", "flux": [names], "interactions_on": [0/1 per interaction], "edges", "observable",
 * "boxes", and the energy bins (energy_bins above)}: the counts at the config's model point,
 * with the fast path or the GSL reference. */
PyObject *cevns_py_rate(PyObject *self, PyObject *args) {
    PyObject *capsule, *d = NULL, *counts_obj = NULL, *list;
    const cevns_config *cfg;
    int reference;
    double rel_tol, *counts = NULL;
    cevns_experiment *e = NULL;
    cevns_params p;
    cevns_error err = {""};
    cevns_status st;
    size_t n = 0, f, nb;
    int i;
    (void)self;
    if (!PyArg_ParseTuple(args, "Oid", &capsule, &reference, &rel_tol)) return NULL;
    if (!(cfg = cevns_py_config(capsule))) return NULL;
    Py_BEGIN_ALLOW_THREADS
    st = cevns_experiment_create(cfg, &e, &err);
    Py_END_ALLOW_THREADS
    if (st != CEVNS_OK) return cevns_py_raise(st, &err);
    nb = cevns_experiment_n_bins(e);
    n = nb * cevns_experiment_n_flux(e) * CEVNS_N_INTERACTIONS;
    if (!(counts_obj = cevns_py_doubles(n, &counts))) goto done;
    memset(counts, 0, n * sizeof *counts);
    cevns_experiment_default_params(e, &p);
    Py_BEGIN_ALLOW_THREADS
    st = cevns_experiment_rate(e, &p, reference ? CEVNS_INTEGRATOR_REFERENCE : CEVNS_INTEGRATOR_FIXED, rel_tol, counts,
                               &err);
    Py_END_ALLOW_THREADS
    if (st != CEVNS_OK) {
        cevns_py_raise(st, &err);
        goto done;
    }
    if (!(d = PyDict_New())) goto done;
    Py_INCREF(counts_obj);
    if (cevns_py_set(d, "counts", counts_obj) < 0 || cevns_py_set(d, "n_bins", PyLong_FromSize_t(nb)) < 0 ||
        cevns_py_set(d, "edges", cevns_py_copy_doubles(cevns_experiment_bin_edges(e), nb + 1)) < 0 ||
        cevns_py_set(d, "observable", PyUnicode_FromString(cevns_observable_name(e))) < 0 ||
        cevns_py_set(d, "boxes", bin_boxes(e)) < 0 || energy_bins(e, d) < 0)
        goto fail;
    if (!(list = PyList_New((Py_ssize_t)cevns_experiment_n_flux(e))) || cevns_py_set(d, "flux", list) < 0) goto fail;
    for (f = 0; f < cevns_experiment_n_flux(e); f++)
        PyList_SET_ITEM(list, (Py_ssize_t)f, PyUnicode_FromString(cevns_experiment_flux_name(e, f)));
    if (!(list = PyList_New(CEVNS_N_INTERACTIONS)) || cevns_py_set(d, "interactions_on", list) < 0) goto fail;
    for (i = 0; i < CEVNS_N_INTERACTIONS; i++)
        PyList_SET_ITEM(list, i, PyBool_FromLong(cevns_experiment_interaction_on(e, i)));
    goto done;
fail:
    Py_CLEAR(d);
done:
    Py_XDECREF(counts_obj);
    cevns_experiment_free(e);
    return d;
}
