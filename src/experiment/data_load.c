/* data_load.c - cevns_data_load: observed counts, bin errors and backgrounds per bin
 * from cfg->data (experiment.data; include/cevns/config.h).
 *
 * (config keys experiment.data.columns.* fill the col_* fields, 1-based):
 *   binned:  O_i = scale * col_observed,  e_i = scale * col_error (0 when col_error = 0)
 *   on_off:  O_i = scale * (col_on - col_off),
 *            e_i = scale * sqrt(col_on_error^2 + col_off_error^2) (a column 0 = none)
 *   error_i = sqrt(e_i^2 + (sigma_stat ? |O_i| : 0) + (sigma_frac O_i)^2)   (cevns_chi2_bin_error)
 *   background: none = 0; flat = per_bin + per_unit_kg_day * (edges[i+1] - edges[i]) * exposure_kg_day;
 *               column = scale * background.column of the data file.
 *   components (backgrounds[k]): B_k^i = amount * F_i (cevns_background_shape_fractions:
 *               flat, exponential, gaussian over [edges[0], edges[n]]; a Gaussian
 *               without sigma takes the detector resolution at its mean), or
 *               scale * its column of the data file.  cevns_data_load returns the
 *               total background + sum_k B_k^i; cevns_data_load_components keeps them apart.
 *
 * Asimov data: O_i is the prediction at the scan's reference point, which only the
 * scan knows, so only the background is filled here; observed[] and error[] are
 * left untouched (they may be NULL) and the scan computes error_i with
 * cevns_chi2_bin_error once it has O_i.  A background column for Asimov data is
 * read from experiment.data.file.
 *
 * Data files have one row per bin in bin order (the row count must equal the
 * number of bins); the table reader rejects NaN/Inf and malformed rows.  Negative
 * errors are rejected; an error column value of 0 is rejected when that column is
 * the only uncertainty (sigma_stat off, sigma_frac 0); with the chi2 statistic
 * every final bin error must be > 0. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/experiment.h"
#include "cevns/table.h"
#include "common/chi2.h"
#include "common/detector.h"
#include "experiment/experiment_internal.h"

#define KEY "experiment.data."

static const char *config_name(const cevns_config *cfg) { return cfg->path[0] ? cfg->path : "config"; }

double cevns_background_gaussian_sigma(const cevns_config *cfg, const cevns_background_component *comp) {
    const cevns_detector_config *det = &cfg->detector;
    if (comp->sigma > 0.0) return comp->sigma;
    if (det->resolution.type != CEVNS_RES_GAUSSIAN) return 0.0;
    return cevns_resolution_sigma_at(det->resolution.sigma0, det->resolution.sqrt_coeff, det->resolution.frac,
                                     comp->mean);
}

/* A 1-based column key must be in 1..cols (or 0 when optional). */
static cevns_status check_column(const cevns_config *cfg, const char *path, const cevns_table *t, const char *key,
                                 int col, int optional, cevns_error *err) {
    if (col == 0 && optional) return CEVNS_OK;
    if (col < 1)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "%s = %d (allowed: a 1-based column number%s)",
                               config_name(cfg), key, col, optional ? ", or 0 for none" : "");
    if ((size_t)col > t->cols)
        return cevns_error_set(err, CEVNS_EDATA, "%s: " KEY "%s = %d, but the file has %zu column(s) (allowed: 1..%zu%s)",
                               path, key, col, t->cols, t->cols, optional ? ", or 0 for none" : "");
    return CEVNS_OK;
}

static double cell(const cevns_table *t, size_t row, int col) { return t->v[row * t->cols + (size_t)(col - 1)]; }

/* An error column value: >= 0 always; > 0 when it is the only uncertainty. */
static cevns_status check_error_value(const cevns_config *cfg, const char *path, const char *key, size_t row,
                                      double v, cevns_error *err) {
    int alone = !cfg->data.sigma_stat && cfg->data.sigma_frac == 0.0;
    if (v < 0.0 || (alone && v == 0.0))
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: data row %zu (bin %zu): error %g from " KEY "%s (allowed: > 0%s)", path, row + 1,
                               row, v, key,
                               alone ? " while it is the only uncertainty; set sigma_stat or sigma_frac to allow 0" : "");
    return CEVNS_OK;
}

/* Observed counts and file errors (before the sigma_stat / sigma_frac terms). */
static cevns_status fill_observed(const cevns_config *cfg, const char *path, const cevns_table *t, double *observed,
                                  double *error, cevns_error *err) {
    const cevns_data_config *d = &cfg->data;
    size_t r;
    cevns_status st;
    if (d->kind == CEVNS_DATA_BINNED) {
        if ((st = check_column(cfg, path, t, "columns.observed", d->col_observed, 0, err)) != CEVNS_OK) return st;
        if ((st = check_column(cfg, path, t, "columns.error", d->col_error, 1, err)) != CEVNS_OK) return st;
        for (r = 0; r < t->rows; r++) {
            double e = 0.0;
            if (d->col_error) {
                e = cell(t, r, d->col_error);
                if ((st = check_error_value(cfg, path, "columns.error", r, e, err)) != CEVNS_OK) return st;
            }
            observed[r] = d->scale * cell(t, r, d->col_observed);
            error[r] = d->scale * e;
        }
        return CEVNS_OK;
    }
    if ((st = check_column(cfg, path, t, "columns.on", d->col_on, 0, err)) != CEVNS_OK) return st;
    if ((st = check_column(cfg, path, t, "columns.off", d->col_off, 0, err)) != CEVNS_OK) return st;
    if ((st = check_column(cfg, path, t, "columns.on_error", d->col_on_error, 1, err)) != CEVNS_OK) return st;
    if ((st = check_column(cfg, path, t, "columns.off_error", d->col_off_error, 1, err)) != CEVNS_OK) return st;
    for (r = 0; r < t->rows; r++) {
        double eon = d->col_on_error ? cell(t, r, d->col_on_error) : 0.0;
        double eoff = d->col_off_error ? cell(t, r, d->col_off_error) : 0.0;
        if (eon < 0.0) return check_error_value(cfg, path, "columns.on_error", r, eon, err);
        if (eoff < 0.0) return check_error_value(cfg, path, "columns.off_error", r, eoff, err);
        if (d->col_on_error || d->col_off_error) {
            /* 0 is allowed for one of the two, not for their combination alone */
            if ((st = check_error_value(cfg, path, d->col_on_error && d->col_off_error ? "columns.on_error and columns.off_error"
                                        : d->col_on_error ? "columns.on_error" : "columns.off_error", r,
                                        sqrt(eon * eon + eoff * eoff), err)) != CEVNS_OK)
                return st;
        }
        observed[r] = d->scale * (cell(t, r, d->col_on) - cell(t, r, d->col_off));
        error[r] = d->scale * sqrt(eon * eon + eoff * eoff);
    }
    return CEVNS_OK;
}

static cevns_status fill_background(const cevns_config *cfg, const char *path, const cevns_table *t, size_t n_bins,
                                    const double *edges, double exposure_kg_day, double *background, cevns_error *err) {
    const cevns_data_config *d = &cfg->data;
    size_t i;
    cevns_status st;
    switch (d->background.type) {
    case CEVNS_BKG_NONE:
        for (i = 0; i < n_bins; i++) background[i] = 0.0;
        return CEVNS_OK;
    case CEVNS_BKG_FLAT:
        if (!(d->background.per_bin >= 0.0) || !isfinite(d->background.per_bin))
            return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "background.per_bin = %g (allowed: a finite number >= 0)",
                                   config_name(cfg), d->background.per_bin);
        if (!(d->background.per_unit_kg_day >= 0.0) || !isfinite(d->background.per_unit_kg_day))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: " KEY "background.per_unit_kg_day = %g (allowed: a finite number >= 0)",
                                   config_name(cfg), d->background.per_unit_kg_day);
        if (d->background.per_unit_kg_day > 0.0) {
            if (!edges) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_data_load: bin edges are required");
            if (!(exposure_kg_day > 0.0) || !isfinite(exposure_kg_day))
                return cevns_error_set(err, CEVNS_ECONFIG,
                                       "%s: " KEY "background.per_unit_kg_day needs an exposure > 0 (detector.exposure_kg_day, "
                                       "or mass_kg x live_days), got %g kg day",
                                       config_name(cfg), exposure_kg_day);
        }
        for (i = 0; i < n_bins; i++) {
            double b = d->background.per_bin;
            if (d->background.per_unit_kg_day > 0.0) {
                double w = edges[i + 1] - edges[i];
                if (!(w > 0.0))
                    return cevns_error_set(err, CEVNS_ECONFIG, "%s: detector bin edges must increase, bin %zu has width %g",
                                           config_name(cfg), i, w);
                b += d->background.per_unit_kg_day * w * exposure_kg_day;
            }
            background[i] = b;
        }
        return CEVNS_OK;
    case CEVNS_BKG_COLUMN:
        if ((st = check_column(cfg, path, t, "background.column", d->background.column, 0, err)) != CEVNS_OK) return st;
        for (i = 0; i < n_bins; i++) {
            double b = cell(t, i, d->background.column);
            if (b < 0.0)
                return cevns_error_set(err, CEVNS_EDATA,
                                       "%s: data row %zu (bin %zu): background (" KEY "background.column %d) is %g "
                                       "(allowed: >= 0)",
                                       path, i + 1, i, d->background.column, b);
            background[i] = d->scale * b;
        }
        return CEVNS_OK;
    }
    return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "background: unknown type %d (allowed: none, flat, column)",
                           config_name(cfg), (int)d->background.type);
}

/* Counts of backgrounds[k] per bin into out[0..n_bins). */
static cevns_status fill_component(const cevns_config *cfg, const char *path, const cevns_table *t, size_t n_bins,
                                   const double *edges, int k, double *out, cevns_error *err) {
    const cevns_data_config *d = &cfg->data;
    const cevns_background_component *c = &d->backgrounds[k];
    double sum = 0.0;
    size_t i;
    cevns_status st;
    if (c->shape == CEVNS_SHAPE_EVENTS || c->shape == CEVNS_SHAPE_TEMPLATE || c->shape == CEVNS_SHAPE_PDF) {
        char key[64];
        snprintf(key, sizeof key, KEY "backgrounds[%d] (\"%s\")", k, c->name);
        if (c->shape == CEVNS_SHAPE_EVENTS) {
            st = cevns_binned_events(cfg, c->file, key, out, err);
            if (st == CEVNS_OK && c->flat_in_time) cevns_binned_flat_in_time(cfg, out);
        }
        else if (c->shape == CEVNS_SHAPE_TEMPLATE) st = cevns_binned_template(cfg, c->file, key, out, err);
        else st = cevns_binned_pdf(cfg, c->file, c->time_file, key, out, err);
        if (st != CEVNS_OK) return cevns_error_prefix(err, st, "%s", config_name(cfg));
        for (i = 0; i < n_bins; i++) out[i] *= c->shape == CEVNS_SHAPE_PDF ? c->amount : c->scale;
    } else if (c->shape == CEVNS_SHAPE_COLUMN) {
        char key[64];
        snprintf(key, sizeof key, "backgrounds[%d].column", k);
        if ((st = check_column(cfg, path, t, key, c->column, 0, err)) != CEVNS_OK) return st;
        for (i = 0; i < n_bins; i++) {
            double b = cell(t, i, c->column);
            if (b < 0.0)
                return cevns_error_set(err, CEVNS_EDATA,
                                       "%s: data row %zu (bin %zu): background \"%s\" (" KEY "backgrounds[%d].column %d) "
                                       "is %g (allowed: >= 0)",
                                       path, i + 1, i, c->name, k, c->column, b);
            out[i] = d->scale * b;
        }
    } else {
        double sigma = c->shape == CEVNS_SHAPE_GAUSSIAN ? cevns_background_gaussian_sigma(cfg, c) : 0.0;
        if (!edges) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_data_load: bin edges are required");
        if (!(c->amount > 0.0) || !isfinite(c->amount))
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "%s: " KEY "backgrounds[%d].amount = %g (allowed: a finite number > 0)",
                                   config_name(cfg), k, c->amount);
        st = cevns_background_shape_fractions(c->shape, c->decay, c->mean, sigma, n_bins, edges, out, err);
        if (st != CEVNS_OK)
            return cevns_error_prefix(err, st, "%s: " KEY "backgrounds[%d] (\"%s\")", config_name(cfg), k, c->name);
        for (i = 0; i < n_bins; i++) out[i] *= c->amount;
    }
    for (i = 0; i < n_bins; i++) sum += out[i];
    if (!(sum > 0.0))
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: " KEY "backgrounds[%d] (\"%s\") has no counts in the binned range (its normalisation "
                               "cannot be fitted)",
                               c->shape == CEVNS_SHAPE_COLUMN ? path : config_name(cfg), k, c->name);
    return CEVNS_OK;
}

/* Shape systematics of components (shift_of): their counts minus those of the component they
 * shift, which must move some bin. */
static cevns_status subtract_shifted(const cevns_config *cfg, size_t n_bins, double *components, cevns_error *err) {
    const cevns_data_config *d = &cfg->data;
    int k, j;
    for (k = 0; k < d->n_backgrounds; k++) {
        double *out = components + (size_t)k * n_bins, moved = 0.0;
        size_t i;
        if (!d->backgrounds[k].shift_of[0]) continue;
        for (j = 0; j < d->n_backgrounds; j++)
            if (j != k && strcmp(d->backgrounds[j].name, d->backgrounds[k].shift_of) == 0) break;
        if (j == d->n_backgrounds || d->backgrounds[j].shift_of[0])
            return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "backgrounds[%d].shift_of: \"%s\" is not a component "
                                                       "of its own (allowed: the name of another component without "
                                                       "shift_of)", config_name(cfg), k, d->backgrounds[k].shift_of);
        for (i = 0; i < n_bins; i++) {
            out[i] -= components[(size_t)j * n_bins + i];
            moved += fabs(out[i]);
        }
        if (!(moved > 0.0))
            return cevns_error_set(err, CEVNS_EDATA, "%s: " KEY "backgrounds[%d] (\"%s\") equals the component it shifts "
                                                     "(\"%s\"): its pull would move nothing", config_name(cfg), k,
                                   d->backgrounds[k].name, d->backgrounds[k].shift_of);
    }
    return CEVNS_OK;
}

/* Whether some input is binned here from the config's bins (event lists, templates, PDFs). */
static int binned_from_config(const cevns_data_config *d) {
    int k;
    if (d->kind == CEVNS_DATA_EVENTS || d->kind == CEVNS_DATA_TEMPLATE) return 1;
    for (k = 0; k < d->n_backgrounds; k++)
        if (d->backgrounds[k].shape >= CEVNS_SHAPE_EVENTS) return 1;
    return 0;
}

static int needs_column_component(const cevns_data_config *d) {
    for (int k = 0; k < d->n_backgrounds; k++)
        if (d->backgrounds[k].shape == CEVNS_SHAPE_COLUMN) return 1;
    return 0;
}

cevns_status cevns_data_load_components(const cevns_config *cfg, size_t n_bins, const double *edges,
                                        double exposure_kg_day, double *observed, double *error, double *background,
                                        double *components, cevns_error *err) {
    const cevns_data_config *d;
    char path[CEVNS_PATH_MAX];
    cevns_table t = {0};
    int need_file, have_observed;
    size_t i;
    cevns_status st;

    if (!cfg || !background || n_bins == 0)
        return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_data_load: config, background and at least one bin are required");
    d = &cfg->data;
    if (d->kind != CEVNS_DATA_ASIMOV && d->kind != CEVNS_DATA_BINNED && d->kind != CEVNS_DATA_ON_OFF &&
        d->kind != CEVNS_DATA_EVENTS && d->kind != CEVNS_DATA_TEMPLATE)
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "%s: " KEY "observed: unknown kind %d (allowed: asimov, binned, on_off, events, template)",
                               config_name(cfg), (int)d->kind);
    if (binned_from_config(d) && n_bins != cevns_config_n_bins(cfg))
        return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_data_load: %zu bins, the config declares %zu", n_bins,
                               cevns_config_n_bins(cfg));
    have_observed = d->kind != CEVNS_DATA_ASIMOV;
    if (have_observed && (!observed || !error))
        return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_data_load: observed and error arrays are required");
    if (!(d->scale > 0.0) || !isfinite(d->scale))
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "scale = %g (allowed: a finite number > 0)", config_name(cfg),
                               d->scale);
    if (!(d->sigma_frac >= 0.0) || !isfinite(d->sigma_frac))
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "sigma_frac = %g (allowed: a finite number >= 0)",
                               config_name(cfg), d->sigma_frac);

    if (d->n_backgrounds < 0 || d->n_backgrounds > CEVNS_MAX_BACKGROUNDS)
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "backgrounds: %d components (allowed: 0..%d)",
                               config_name(cfg), d->n_backgrounds, CEVNS_MAX_BACKGROUNDS);
    if (d->n_backgrounds > 0 && !components)
        return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_data_load: the component array is required");

    need_file = d->kind == CEVNS_DATA_BINNED || d->kind == CEVNS_DATA_ON_OFF || d->background.type == CEVNS_BKG_COLUMN ||
                needs_column_component(d);
    if (need_file) {
        if (!d->file[0])
            return cevns_error_set(err, CEVNS_ECONFIG, "%s: " KEY "file is required for %s (one row per bin, in bin order)",
                                   config_name(cfg),
                                   have_observed ? (d->kind == CEVNS_DATA_BINNED ? "binned data" : "on_off data")
                                                 : "a background column");
        cevns_config_resolve_path(cfg, d->file, path, sizeof path);
        st = cevns_table_create(path, 1, &t, err);
        if (st != CEVNS_OK) return cevns_error_prefix(err, st, "%s: " KEY "file", config_name(cfg));
        if (t.rows != n_bins) {
            st = cevns_error_set(err, CEVNS_EDATA,
                                 "%s: %zu data row(s), but the detector has %zu bin(s) (allowed: one row per bin, in bin order)",
                                 path, t.rows, n_bins);
            goto done;
        }
    } else {
        snprintf(path, sizeof path, "%s", "(no file)");
    }

    if (have_observed) {
        if (d->kind == CEVNS_DATA_EVENTS || d->kind == CEVNS_DATA_TEMPLATE) {
            cevns_config_resolve_path(cfg, d->file, path, sizeof path);
            st = d->kind == CEVNS_DATA_EVENTS ? cevns_binned_events(cfg, d->file, KEY "file", observed, err)
                                              : cevns_binned_template(cfg, d->file, KEY "file", observed, err);
            if (st != CEVNS_OK) {
                cevns_error_prefix(err, st, "%s", config_name(cfg));
                goto done;
            }
            for (i = 0; i < n_bins; i++) {
                observed[i] *= d->scale;
                error[i] = 0.0;
            }
        } else if ((st = fill_observed(cfg, path, &t, observed, error, err)) != CEVNS_OK) goto done;
        for (i = 0; i < n_bins; i++) {
            error[i] = cevns_chi2_bin_error(error[i], observed[i], d->sigma_stat, d->sigma_frac);
            if (cfg->scan.statistic == CEVNS_STAT_CHI2 && !(error[i] > 0.0)) {
                st = cevns_error_set(err, CEVNS_EDATA,
                                     "%s: data row %zu (bin %zu): the bin error is 0 (observed %g, no file error, "
                                     "sigma_stat %s, sigma_frac %g); the chi2 needs every bin error > 0 (allowed: an "
                                     "error column > 0, " KEY "sigma_stat, " KEY "sigma_frac, or statistic poisson)",
                                     path, i + 1, i, observed[i], d->sigma_stat ? "on" : "off", d->sigma_frac);
                goto done;
            }
        }
    }
    st = fill_background(cfg, path, &t, n_bins, edges, exposure_kg_day, background, err);
    for (int k = 0; k < d->n_backgrounds && st == CEVNS_OK; k++)
        st = fill_component(cfg, path, &t, n_bins, edges, k, components + (size_t)k * n_bins, err);
    if (st == CEVNS_OK) st = subtract_shifted(cfg, n_bins, components, err);
done:
    cevns_table_free(&t);
    return st;
}

cevns_status cevns_data_load(const cevns_config *cfg, size_t n_bins, const double *edges, double exposure_kg_day,
                             double *observed, double *error, double *background, cevns_error *err) {
    double *components = NULL;
    int nc = cfg && cfg->data.n_backgrounds > 0 && cfg->data.n_backgrounds <= CEVNS_MAX_BACKGROUNDS
                 ? cfg->data.n_backgrounds
                 : 0;
    cevns_status st;
    if (nc > 0 && n_bins > 0 && !(components = malloc((size_t)nc * n_bins * sizeof *components)))
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the background components");
    st = cevns_data_load_components(cfg, n_bins, edges, exposure_kg_day, observed, error, background, components, err);
    if (st == CEVNS_OK)
        for (int k = 0; k < nc; k++)
            if (!cfg->data.backgrounds[k].shift_of[0]) /* a shape systematic adds nothing at its pull's 0 */
                for (size_t i = 0; i < n_bins; i++) background[i] += components[(size_t)k * n_bins + i];
    free(components);
    return st;
}
