/* binned_inputs.c - data files binned like the experiment: event lists, templates at the bin
 * centres and products of released 1-D PDFs, over the bins energy x [psd] x [time] of
 * experiment.detector (bin (e, p, t) = (e n_psd + p) n_time + t, as in bin_layout.c).
 * Every check names the file, its line and the config key. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/table.h"
#include "experiment/experiment_internal.h"

static size_t axis_bins(int n) { return n > 0 ? (size_t)n : 1; }

cevns_bin_axes_n cevns_detector_bin_axes(const cevns_detector_config *d) {
    cevns_bin_axes_n n = {(size_t)d->n_bins, axis_bins(d->psd.n_bins), axis_bins(d->time.n_bins)};
    return n;
}

void cevns_bin_split(const cevns_bin_axes_n *n, size_t b, size_t *ie, size_t *ip, size_t *it) {
    *ie = b / (n->n_p * n->n_t);
    *ip = (b / n->n_t) % n->n_p;
    *it = b % n->n_t;
}

size_t cevns_config_n_bins(const cevns_config *cfg) {
    cevns_bin_axes_n n = cevns_detector_bin_axes(&cfg->detector);
    return n.n_e * n.n_p * n.n_t;
}

/* The bin [edges[k], edges[k+1]) holding x, or -1 outside. */
static long locate(const double *edges, int n, double x) {
    int lo = 0, hi = n;
    if (!(x >= edges[0]) || !(x < edges[n])) return -1;
    while (hi - lo > 1) {
        int c = (lo + hi) / 2;
        if (edges[c] <= x) lo = c;
        else hi = c;
    }
    return lo;
}

/* Each energy bin's counts spread over the time bins as a steady rate seen through the time
 * efficiency: in proportion to int_bin eps_T dt (random coincidences arrive uniformly in time). */
void cevns_binned_flat_in_time(const cevns_config *cfg, double *counts) {
    const cevns_detector_config *d = &cfg->detector;
    size_t n_t = (size_t)d->time.n_bins, e, t;
    double window = 0.0;
    if (n_t == 0) return;
    for (t = 0; t < n_t; t++)
        window += cevns_time_efficiency_integral(d->time.eff, d->time.eff_onset_us, d->time.eff_rate_per_us,
                                                 d->time.edges_us[t], d->time.edges_us[t + 1]);
    for (e = 0; e < (size_t)d->n_bins; e++) {
        double total = 0.0;
        for (t = 0; t < n_t; t++) total += counts[e * n_t + t];
        for (t = 0; t < n_t; t++)
            counts[e * n_t + t] = total *
                                  cevns_time_efficiency_integral(d->time.eff, d->time.eff_onset_us,
                                                                 d->time.eff_rate_per_us, d->time.edges_us[t],
                                                                 d->time.edges_us[t + 1]) / window;
    }
}

cevns_status cevns_binned_events(const cevns_config *cfg, const char *rel, const char *key, double *counts,
                                 cevns_error *err) {
    const cevns_detector_config *d = &cfg->detector;
    int has_t = d->time.n_bins > 0;
    size_t n_t = cevns_detector_bin_axes(d).n_t, r;
    char path[CEVNS_PATH_MAX];
    cevns_table t = {0};
    cevns_status st;
    if (d->psd.n_bins > 0)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: event lists with pulse-shape bins (experiment.detector.psd) "
                                                   "are not supported (use a template)", key);
    cevns_config_resolve_path(cfg, rel, path, sizeof path);
    if ((st = cevns_table_create(path, has_t ? 2 : 1, &t, err)) != CEVNS_OK) return cevns_error_prefix(err, st, "%s", key);
    memset(counts, 0, cevns_config_n_bins(cfg) * sizeof *counts);
    for (r = 0; r < t.rows; r++) {
        const double *row = t.v + r * t.cols;
        long ie, it = 0;
        if (row[0] < 0.0 || (has_t && row[1] < 0.0)) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %s: event with %s %g (allowed: >= 0)", path, t.line[r], key,
                                 row[0] < 0.0 ? "energy" : "arrival time", row[0] < 0.0 ? row[0] : row[1]);
            break;
        }
        ie = locate(d->edges, d->n_bins, row[0]);
        if (has_t) it = locate(d->time.edges_us, d->time.n_bins, row[1]);
        if (ie < 0 || it < 0) continue; /* outside the fitted range */
        counts[(size_t)ie * n_t + (size_t)it] += 1.0;
    }
    cevns_table_free(&t);
    return st;
}

/* Whether x lies in bin k of edges (with a relative slack for centres printed to a few digits). */
static int in_bin(const double *edges, size_t k, double x) {
    double slack = 1e-9 * (fabs(edges[k]) + fabs(edges[k + 1]));
    return x >= edges[k] - slack && x <= edges[k + 1] + slack;
}

cevns_status cevns_binned_template(const cevns_config *cfg, const char *rel, const char *key, double *values,
                                   cevns_error *err) {
    const cevns_detector_config *d = &cfg->detector;
    cevns_bin_axes_n axes = cevns_detector_bin_axes(d);
    size_t n_bins = cevns_config_n_bins(cfg), r;
    size_t has_p = d->psd.n_bins > 0, has_t = d->time.n_bins > 0, cols = 2 + has_p + has_t;
    char path[CEVNS_PATH_MAX];
    cevns_table tab = {0};
    cevns_status st;
    cevns_config_resolve_path(cfg, rel, path, sizeof path);
    if ((st = cevns_table_create(path, cols, &tab, err)) != CEVNS_OK) return cevns_error_prefix(err, st, "%s", key);
    if (tab.rows != n_bins)
        st = cevns_error_set(err, CEVNS_EDATA, "%s: %s: %zu rows, but experiment.detector declares %zu bins (one row per "
                                               "bin at its centre, energy outermost%s%s)",
                             path, key, tab.rows, n_bins, has_p ? ", then psd" : "", has_t ? ", time innermost" : "");
    for (r = 0; st == CEVNS_OK && r < tab.rows; r++) {
        const double *row = tab.v + r * tab.cols;
        const char *axis = NULL;
        size_t k = 0, ie, ip, it;
        cevns_bin_split(&axes, r, &ie, &ip, &it);
        if (!in_bin(d->edges, ie, row[0])) axis = "energy (experiment.detector.bins)", k = ie;
        else if (has_p && !in_bin(d->psd.edges, ip, row[1])) axis = "psd (experiment.detector.psd.bins)", k = ip;
        else if (has_t && !in_bin(d->time.edges_us, it, row[1 + has_p])) axis = "time (experiment.detector.time.bins_us)", k = it;
        if (axis) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %s: the row's %s does not lie in its bin %zu: the file's "
                                                   "bins do not match the declared binning",
                                 path, tab.line[r], key, axis, k);
            break;
        }
        if (!(row[cols - 1] >= 0.0)) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %s: counts %g (allowed: >= 0)", path, tab.line[r], key,
                                 row[cols - 1]);
            break;
        }
        values[r] = row[cols - 1];
    }
    cevns_table_free(&tab);
    return st;
}

/* mass[k] (k < n) of a released 1-D PDF (rows: centres of equal bins, p) in the bins of edges,
 * which must lie inside the PDF's range; a PDF bin cut by an edge is shared in proportion to the
 * overlap (a uniform density within it: the released bins are 1 PE and 10 ns, finer than any
 * fit's).  With `time` (the
 * detector's time axis) each PDF bin is weighted by the time efficiency at its centre: the
 * released arrival-time PDFs do not include it (their tails fall with the muon lifetime). */
static cevns_status pdf_masses(const cevns_config *cfg, const char *rel, const char *key, const double *edges, int n,
                               const cevns_detector_config *time, double *mass, cevns_error *err) {
    char path[CEVNS_PATH_MAX];
    cevns_table tab = {0};
    double width, first;
    size_t r;
    int k;
    cevns_status st;
    cevns_config_resolve_path(cfg, rel, path, sizeof path);
    if ((st = cevns_table_create(path, 2, &tab, err)) != CEVNS_OK) return cevns_error_prefix(err, st, "%s", key);
    if (tab.rows < 2) {
        st = cevns_error_set(err, CEVNS_EDATA, "%s: %s: a PDF needs at least 2 rows", path, key);
        goto done;
    }
    width = tab.v[tab.cols] - tab.v[0];
    first = tab.v[0] - 0.5 * width;
    for (r = 0; r < tab.rows; r++) {
        double c = tab.v[r * tab.cols], p = tab.v[r * tab.cols + 1];
        if (!(fabs(c - (first + (r + 0.5) * width)) <= 1e-6 * width)) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %s: centre %g breaks the equal bins of width %g", path,
                                 tab.line[r], key, c, width);
            goto done;
        }
        if (!(p >= 0.0)) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %s: density %g (allowed: >= 0)", path, tab.line[r], key, p);
            goto done;
        }
    }
    for (k = 0; k <= n; k++) {
        double j = (edges[k] - first) / width;
        if (j < -1e-6 || j > (double)tab.rows + 1e-6) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s: %s: the bin edge %g lies outside the PDF's range [%g, %g]: the "
                                                   "PDF's bins do not cover the declared binning",
                                 path, key, edges[k], first, first + width * (double)tab.rows);
            goto done;
        }
    }
    for (k = 0; k < n; k++) {
        mass[k] = 0.0;
        for (r = 0; r < tab.rows; r++) {
            double lo = first + width * (double)r, hi = lo + width;
            double a = lo > edges[k] ? lo : edges[k], b = hi < edges[k + 1] ? hi : edges[k + 1];
            if (!(b > a)) continue;
            mass[k] += tab.v[r * tab.cols + 1] * (b - a) / width *
                       (time ? cevns_time_efficiency(time->time.eff, time->time.eff_onset_us, time->time.eff_rate_per_us,
                                                     0.5 * (a + b))
                             : 1.0);
        }
    }
done:
    cevns_table_free(&tab);
    return st;
}

cevns_status cevns_binned_pdf(const cevns_config *cfg, const char *energy_rel, const char *time_rel, const char *key,
                              double *frac, cevns_error *err) {
    const cevns_detector_config *d = &cfg->detector;
    double *me = NULL, *mt = NULL, total = 0.0;
    int e, t;
    cevns_status st = CEVNS_OK;
    if (d->time.n_bins == 0 || d->psd.n_bins > 0)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: a \"pdf\" component needs arrival-time bins "
                                                   "(experiment.detector.time) and no pulse-shape bins", key);
    me = malloc((size_t)d->n_bins * sizeof *me);
    mt = malloc((size_t)d->time.n_bins * sizeof *mt);
    if (!me || !mt) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (st == CEVNS_OK) st = pdf_masses(cfg, energy_rel, key, d->edges, d->n_bins, NULL, me, err);
    if (st == CEVNS_OK) st = pdf_masses(cfg, time_rel, key, d->time.edges_us, d->time.n_bins, d, mt, err);
    for (e = 0; st == CEVNS_OK && e < d->n_bins; e++)
        for (t = 0; t < d->time.n_bins; t++) total += me[e] * mt[t];
    if (st == CEVNS_OK && !(total > 0.0))
        st = cevns_error_set(err, CEVNS_EDATA, "%s: the PDFs have no weight in the binned range", key);
    for (e = 0; st == CEVNS_OK && e < d->n_bins; e++)
        for (t = 0; t < d->time.n_bins; t++) frac[(size_t)e * (size_t)d->time.n_bins + (size_t)t] = me[e] * mt[t] / total;
    free(me);
    free(mt);
    return st;
}
