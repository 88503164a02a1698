/* run_files.c - config.json, limits.csv, contour_<CL>.csv and summary.json of a run
 * folder, from a map and its analysis (run_files.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/json_write.h"
#include "io/run_files.h"

static FILE *open_in(const char *dir, const char *name, cevns_error *err) {
    char path[4096 + 64];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) cevns_error_set(err, CEVNS_EIO, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

/* Flush and close; a full disk or a file-size limit shows here (with errno). */
static cevns_status close_checked(FILE *f, const char *dir, const char *name, cevns_error *err) {
    int bad, e = 0;
    errno = 0;
    if (fflush(f) != 0) e = errno;
    bad = ferror(f);
    if (fclose(f) != 0 && !e) e = errno;
    if (bad || e)
        return cevns_error_set(err, CEVNS_EIO, "%s/%s: write failed: %s", dir, name,
                               e ? strerror(e) : "error while writing");
    return CEVNS_OK;
}

cevns_status cevns_write_text_file(const char *dir, const char *name, const char *text, cevns_error *err) {
    FILE *f = open_in(dir, name, err);
    if (!f) return CEVNS_EIO;
    fputs(text, f);
    return close_checked(f, dir, name, err);
}

cevns_status cevns_write_spectra_csv(const char *dir, const cevns_spectrum *spectra, int n, cevns_error *err) {
    FILE *f;
    if (n <= 0) return CEVNS_OK;
    if (!(f = open_in(dir, "spectra.csv", err))) return CEVNS_EIO;
    fputs("# the fit at its best point: per experiment (of a joint fit; or the projections of one experiment's bins "
          "on energy, psd and arrival time) and bin (its own observable), the observed counts, the "
          "statistic's error, the signal and background without the pulls, and the fit with them\n"
          "experiment,observable,bin,lo,hi,observed,error,signal,background,fitted\n",
          f);
    for (int k = 0; k < n; k++) {
        const cevns_spectrum *s = &spectra[k];
        for (size_t i = 0; i < s->n_bins; i++)
            fprintf(f, "%s,%s,%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", s->name, s->observable, i, s->edges[i],
                    s->edges[i + 1], s->observed[i], s->error[i], s->signal[i], s->background[i], s->fitted[i]);
    }
    return close_checked(f, dir, "spectra.csv", err);
}

cevns_status cevns_write_limits_csv(const char *dir, const cevns_map *m, const cevns_analysis *a, cevns_error *err) {
    FILE *f = open_in(dir, "limits.csv", err);
    int c;
    size_t j;
    if (!f) return CEVNS_EIO;
    if (a->n_profiled > 0) {
        fprintf(f, "# limits are written for 1 or 2 shown axes; this map has %d (see summary.json)\n",
                a->n_shown + a->n_profiled);
    } else if (a->n_shown == 1) {
        const char *name = m->axis_name[a->shown[0]];
        fprintf(f, "cl,dof,delta_chi2,%s_lower,%s_upper\n", name, name);
        for (c = 0; c < a->n_cl; c++)
            fprintf(f, "%.6g,%d,%.10g,%.10g,%.10g\n", a->cl[c], a->dof, a->threshold[c], a->lower[c], a->upper[c]);
    } else {
        const char *x = m->axis_name[a->shown[0]], *y = m->axis_name[a->shown[1]];
        fprintf(f, "%s,cl,dof,delta_chi2,%s_lower,%s_upper,%s_exclusion\n", y, x, x, x);
        for (j = 0; j < a->ny; j++)
            for (c = 0; c < a->n_cl; c++)
                fprintf(f, "%.10g,%.6g,%d,%.10g,%.10g,%.10g,%.10g\n", m->axis_values[a->shown[1]][j], a->cl[c], a->dof,
                        a->threshold[c], a->col_lower[(size_t)c * a->ny + j], a->col_upper[(size_t)c * a->ny + j],
                        a->col_exclusion[(size_t)c * a->ny + j]);
    }
    return close_checked(f, dir, "limits.csv", err);
}

cevns_status cevns_write_contours_csv(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                      cevns_error *err) {
    cevns_status st = CEVNS_OK;
    int c;
    if (a->n_shown != 2 || a->n_profiled > 0) return CEVNS_OK;
    for (c = 0; c < a->n_cl && st == CEVNS_OK; c++) {
        char name[64];
        size_t k;
        FILE *f;
        snprintf(name, sizeof name, "contour_%g.csv", 100.0 * a->cl[c]);
        if (!(f = open_in(dir, name, err))) return CEVNS_EIO;
        fprintf(f, "# Delta chi2 = %.10g (CL %g, %d dof); polylines separated by blank lines\n%s,%s\n",
                a->threshold[c], a->cl[c], a->dof, m->axis_name[a->shown[0]], m->axis_name[a->shown[1]]);
        for (k = 0; k < a->n_contour[c]; k++) {
            double px = a->contour[c][2 * k], py = a->contour[c][2 * k + 1];
            if (isnan(px)) fputc('\n', f);
            else
                fprintf(f, "%.10g,%.10g\n", cevns_analysis_value(a->x_log, px), cevns_analysis_value(a->y_log, py));
        }
        st = close_checked(f, dir, name, err);
    }
    return st;
}

static void write_summary_axes(FILE *f, const cevns_run_info *info) {
    int k;
    fputs("  \"axes\": [", f);
    for (k = 0; k < info->n_axes; k++) {
        const cevns_run_axis *ax = &info->axes[k];
        fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
        cevns_json_string(f, ax->name);
        fprintf(f, ", \"unit\": ");
        cevns_json_string(f, ax->unit);
        fprintf(f, ", \"n\": %d, \"min\": ", ax->n);
        cevns_json_number(f, ax->min);
        fputs(", \"max\": ", f);
        cevns_json_number(f, ax->max);
        fprintf(f, ", \"spacing\": \"%s\", \"profiled\": %s}", ax->spacing, ax->profiled ? "true" : "false");
    }
    fputs("],\n", f);
}

/* `, "key": value` of a JSON object. */
static void json_field(FILE *f, const char *key, double value) {
    fprintf(f, ", \"%s\": ", key);
    cevns_json_number(f, value);
}

cevns_status cevns_write_summary_json(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                      const cevns_run_info *info, cevns_error *err) {
    FILE *f = open_in(dir, "summary.json", err);
    int k, c;
    if (!f) return CEVNS_EIO;
    fputs("{\n  \"name\": ", f);
    cevns_json_string(f, info->name);
    fputs(",\n  \"config\": ", f);
    cevns_json_string(f, info->config_path);
    fprintf(f, ",\n  \"version\": \"%s\",\n  \"engine\": \"%s\",\n  \"path\": \"%s\",\n  \"statistic\": \"%s\",\n",
            m->version, m->engine, m->path, m->statistic);
    fprintf(f, "  \"data\": \"%s\",\n  \"points\": %zu,\n", info->data_kind, info->n_points);
    write_summary_axes(f, info);
    fputs("  \"best_fit\": {", f);
    for (k = 0; k < m->n_axes; k++) {
        cevns_json_string(f, m->axis_name[k]);
        fputs(": ", f);
        cevns_json_number(f, a->best_value[k]);
        fputs(", ", f);
    }
    fputs("\"chi2_min\": ", f);
    cevns_json_number(f, a->chi2_min);
    fprintf(f, "},\n  \"dof\": %d,\n  \"limits\": [", a->dof);
    for (c = 0; c < a->n_cl; c++) {
        fprintf(f, "%s\n    {\"cl\": %g, \"delta_chi2\": ", c ? "," : "", a->cl[c]);
        cevns_json_number(f, a->threshold[c]);
        if (a->n_shown == 1 && a->n_profiled == 0) {
            fputs(", \"lower\": ", f);
            cevns_json_number(f, a->lower[c]);
            fputs(", \"upper\": ", f);
            cevns_json_number(f, a->upper[c]);
        }
        fputs("}", f);
    }
    fputs("],\n", f);
    if (info->single) {
        fputs("  \"fit\": {\"components\": [", f);
        for (k = 0; k < info->n_components; k++) {
            fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
            cevns_json_string(f, info->components[k].name);
            json_field(f, "expected", info->components[k].expected);
            json_field(f, "fitted", info->components[k].fitted);
            fputs("}", f);
        }
        fputs("],\n    \"pulls\": [", f);
        for (k = 0; k < info->n_shared; k++) {
            fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
            cevns_json_string(f, info->shared[k].name);
            json_field(f, "pull", info->shared[k].pull);
            json_field(f, "shift", info->shared[k].shift);
            json_field(f, "chi2", info->shared[k].chi2);
            fputs("}", f);
        }
        fputs("],\n    \"observed\": ", f);
        cevns_json_number(f, info->experiments[0].observed);
        if (isfinite(info->no_signal_delta_chi2)) { /* Wilks, one parameter: sqrt(Delta chi2) sigma */
            json_field(f, "no_signal_delta_chi2", info->no_signal_delta_chi2);
            json_field(f, "significance_sigma", sqrt(info->no_signal_delta_chi2 > 0.0 ? info->no_signal_delta_chi2 : 0.0));
        }
        fputs("},\n", f);
    } else if (info->n_experiments > 0) {
        fputs("  \"experiments\": [", f);
        for (k = 0; k < info->n_experiments; k++) {
            fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
            cevns_json_string(f, info->experiments[k].name);
            fprintf(f, ", \"first_bin\": %zu, \"bins\": %zu", info->experiments[k].first_bin,
                    info->experiments[k].n_bins);
            json_field(f, "chi2", info->experiments[k].chi2);
            json_field(f, "observed", info->experiments[k].observed);
            json_field(f, "signal", info->experiments[k].signal);
            json_field(f, "background", info->experiments[k].background);
            fputs("}", f);
        }
        fputs("],\n  \"shared_pulls\": [", f);
        for (k = 0; k < info->n_shared; k++) {
            fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
            cevns_json_string(f, info->shared[k].name);
            json_field(f, "pull", info->shared[k].pull);
            json_field(f, "chi2", info->shared[k].chi2);
            fputs("}", f);
        }
        fputs("],\n", f);
    }
    fprintf(f, "  \"timing_s\": {\"points\": %.6g, \"total\": %.6g},\n", info->seconds_points,
            info->seconds_total);
    fprintf(f, "  \"points_per_second\": %.6g,\n  \"figures\": %s,\n  \"figures_note\": ",
            info->seconds_points > 0.0 ? (double)info->n_points / info->seconds_points : 0.0,
            info->figures_written ? "true" : "false");
    cevns_json_string(f, info->figures_note ? info->figures_note : "");
    fputs("\n}\n", f);
    return close_checked(f, dir, "summary.json", err);
}
