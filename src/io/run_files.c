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

/* One contour file: a comment line, the axis names, the polylines (x, y pairs in the analysis'
 * coordinates, NaN pairs between polylines) as axis values, blank lines between polylines. */
static cevns_status write_contour(const char *dir, const char *name, const char *comment, const cevns_map *m,
                                  const cevns_analysis *a, const double *xy, size_t n, cevns_error *err) {
    size_t k;
    FILE *f = open_in(dir, name, err);
    if (!f) return CEVNS_EIO;
    fprintf(f, "# %s; polylines separated by blank lines\n%s,%s\n", comment, m->axis_name[a->shown[0]],
            m->axis_name[a->shown[1]]);
    for (k = 0; k < n; k++) {
        double px = xy[2 * k], py = xy[2 * k + 1];
        if (isnan(px)) fputc('\n', f);
        else fprintf(f, "%.10g,%.10g\n", cevns_analysis_value(a->x_log, px), cevns_analysis_value(a->y_log, py));
    }
    return close_checked(f, dir, name, err);
}

cevns_status cevns_write_contours_csv(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                      cevns_error *err) {
    cevns_status st = CEVNS_OK;
    int c;
    if (a->n_shown != 2 || a->n_profiled > 0) return CEVNS_OK;
    for (c = 0; c < a->n_cl && st == CEVNS_OK; c++) {
        char name[64], comment[128];
        snprintf(name, sizeof name, "contour_%g.csv", 100.0 * a->cl[c]);
        snprintf(comment, sizeof comment, "Delta chi2 = %.10g (CL %g, %d dof)", a->threshold[c], a->cl[c], a->dof);
        st = write_contour(dir, name, comment, m, a, a->contour[c], a->n_contour[c], err);
    }
    return st;
}

cevns_status cevns_write_fc_csv(const char *dir, const cevns_map *m, const cevns_analysis *a,
                                const cevns_fc_analysis *fa, cevns_error *err) {
    size_t p, idx[CEVNS_MAP_MAX_AXES] = {0, 0, 0, 0};
    cevns_status st = CEVNS_OK;
    int k, c;
    FILE *f = open_in(dir, "fc.csv", err);
    if (!f) return CEVNS_EIO;
    fprintf(f, "# Feldman-Cousins: %zu toys per map point, seed %llu; critical_<CL>: the quantile of the toys' "
               "Delta chi2 (type 1), its 68 %% Monte Carlo band critical_lo/hi_<CL>; wilks_<CL>: the Wilks threshold "
               "(%d dof); inside_*: 1 where the data's delta_chi2 is within\n",
            fa->toys, fa->seed, a->dof);
    for (k = 0; k < m->n_axes; k++) fprintf(f, "%s,", m->axis_name[k]);
    fputs("delta_chi2,p_value", f);
    for (c = 0; c < fa->n_cl; c++) {
        double q = 100.0 * fa->cl[c];
        fprintf(f, ",wilks_%g,critical_%g,critical_lo_%g,critical_hi_%g,inside_wilks_%g,inside_fc_%g", q, q, q, q, q,
                q);
    }
    fputc('\n', f);
    for (p = 0; p < fa->n_points; p++) {
        for (k = 0; k < m->n_axes; k++) fprintf(f, "%.10g,", m->axis_values[k][idx[k]]);
        fprintf(f, "%.10g,%.6g", fa->dchi2[p], fa->p_value[p]);
        for (c = 0; c < fa->n_cl; c++) {
            size_t i = (size_t)c * fa->n_points + p;
            fprintf(f, ",%.10g,%.10g,%.10g,%.10g,%d,%d", fa->wilks[c], fa->critical[i], fa->critical_lo[i],
                    fa->critical_hi[i], fa->inside_wilks[i], fa->inside_fc[i]);
        }
        fputc('\n', f);
        for (k = m->n_axes - 1; k >= 0 && ++idx[k] == m->axis_n[k]; k--) idx[k] = 0;
    }
    st = close_checked(f, dir, "fc.csv", err);
    for (c = 0; c < fa->n_cl && st == CEVNS_OK && a->n_shown == 2; c++) {
        char name[64], comment[160];
        snprintf(name, sizeof name, "fc_contour_%g.csv", 100.0 * fa->cl[c]);
        snprintf(comment, sizeof comment,
                 "Feldman-Cousins region boundary, CL %g: delta_chi2 = critical_%g (fc.csv), %zu toys per point",
                 fa->cl[c], 100.0 * fa->cl[c], fa->toys);
        st = write_contour(dir, name, comment, m, a, fa->contour[c], fa->n_contour[c], err);
    }
    return st;
}

/* `, "key": value` of a JSON object. */
static void json_field(FILE *f, const char *key, double value) {
    fprintf(f, ", \"%s\": ", key);
    cevns_json_number(f, value);
}

/* The pulls fitted at the best fit (the shared ones of a joint fit), with the events each
 * moves (with_shift: one experiment's "fit"). */
static void write_pulls(FILE *f, const cevns_run_info *info, int with_shift) {
    for (int k = 0; k < info->n_shared; k++) {
        fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
        cevns_json_string(f, info->shared[k].name);
        json_field(f, "pull", info->shared[k].pull);
        if (with_shift) json_field(f, "shift", info->shared[k].shift);
        json_field(f, "chi2", info->shared[k].chi2);
        fputs("}", f);
    }
}

/* summary.json's "feldman_cousins": the toys, the seed, the time, and per CL the Wilks
 * threshold, the range of the critical values and the points inside each region. */
static void write_summary_fc(FILE *f, const cevns_run_info *info) {
    const cevns_fc_analysis *fa = info->fc;
    int c;
    fprintf(f, "  \"feldman_cousins\": {\"toys\": %zu, \"seed\": %llu, \"points\": %zu, \"seconds\": %.6g, "
               "\"toys_points_per_second\": %.6g, \"quantile\": \"type 1\", \"cl\": [",
            fa->toys, fa->seed, fa->n_points, info->fc_seconds,
            info->fc_seconds > 0.0 ? (double)fa->toys * (double)fa->n_points / info->fc_seconds : 0.0);
    for (c = 0; c < fa->n_cl; c++) {
        fprintf(f, "%s\n    {\"cl\": %g", c ? "," : "", fa->cl[c]);
        json_field(f, "wilks", fa->wilks[c]);
        json_field(f, "critical_min", fa->critical_min[c]);
        json_field(f, "critical_max", fa->critical_max[c]);
        fprintf(f, ", \"inside_wilks\": %zu, \"inside_fc\": %zu, \"only_wilks\": %zu, \"only_fc\": %zu",
                fa->n_inside_wilks[c], fa->n_inside_fc[c], fa->n_only_wilks[c], fa->n_only_fc[c]);
        if (fa->n_shown == 1) {
            json_field(f, "lower", fa->lower[c]);
            json_field(f, "upper", fa->upper[c]);
        }
        fputs("}", f);
    }
    fputs("]},\n", f);
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
            json_field(f, "lower", a->lower[c]);
            json_field(f, "upper", a->upper[c]);
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
        write_pulls(f, info, 1);
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
        write_pulls(f, info, 0);
        fputs("],\n", f);
    }
    if (info->fc) write_summary_fc(f, info);
    fprintf(f, "  \"timing_s\": {\"points\": %.6g, \"total\": %.6g},\n", info->seconds_points,
            info->seconds_total);
    fprintf(f, "  \"points_per_second\": %.6g,\n  \"figures\": %s,\n  \"figures_note\": ",
            info->seconds_points > 0.0 ? (double)info->n_points / info->seconds_points : 0.0,
            info->figures_written ? "true" : "false");
    cevns_json_string(f, info->figures_note ? info->figures_note : "");
    fputs("\n}\n", f);
    return close_checked(f, dir, "summary.json", err);
}
