/* outputs.c - the files of a run folder: config.json, map.h5, summary.json,
 * limits.csv, contour_<CL>.csv and figures (DESIGN.md "What the user sees"). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/stats.h"
#include "io/json_write.h"
#include "scan/checkpoint.h"
#include "scan/distribute.h"
#include "scan/scan_outputs.h"

static cevns_status write_config_json(const cevns_config *cfg, const cevns_scan_outputs *out, cevns_error *err);

cevns_status cevns_scan_outputs_begin(const cevns_config *cfg, const cevns_scan_options *opt, cevns_scan_outputs *out,
                                      cevns_error *err) {
    int overwrite = opt->overwrite >= 0 ? opt->overwrite : cfg->output.overwrite;
    int rank0 = cevns_dist_get()->rank == 0;
    cevns_status st;
    memset(out, 0, sizeof *out);
    if (opt->resume) {
        size_t n = strlen(opt->resume);
        while (n > 1 && opt->resume[n - 1] == '/') n--;
        snprintf(out->final_dir, sizeof out->final_dir, "%.*s", (int)n, opt->resume);
    } else if (opt->out_dir) snprintf(out->final_dir, sizeof out->final_dir, "%s", opt->out_dir);
    else if (cfg->output.dir[0]) snprintf(out->final_dir, sizeof out->final_dir, "%s", cfg->output.dir);
    else snprintf(out->final_dir, sizeof out->final_dir, "runs/%s", cfg->name);
    out->figures = opt->figures >= 0 ? opt->figures : cfg->output.figures;
    snprintf(out->work_dir, sizeof out->work_dir, "%s.partial", out->final_dir);
    st = cevns_run_dir_prepare(out->final_dir, out->work_dir, overwrite, opt->resume != NULL, rank0, err);
    /* a failing resume keeps the unfinished folder and its checkpoints */
    out->open = st == CEVNS_OK && rank0 && !opt->resume;
    if (st == CEVNS_OK && rank0 && !opt->resume) st = write_config_json(cfg, out, err);
    cevns_dist_barrier(cevns_dist_get());
    return st;
}

void cevns_scan_outputs_abort(cevns_scan_outputs *out) {
    if (out->open) cevns_run_dir_discard(out->work_dir);
    out->open = 0;
}

void cevns_scan_outputs_keep(cevns_scan_outputs *out, cevns_error *err) {
    char hint[2 * CEVNS_PATH_MAX + 256];
    size_t room, len;
    out->open = 0;
    if (!err) return;
    snprintf(hint, sizeof hint,
             "; the finished chunks are checkpointed in %s: remove the cause, then continue with `cevns scan "
             "--resume %s` (same --engine and --direct)",
             out->work_dir, out->final_dir);
    /* the hint is kept whole: the message before it is shortened if need be */
    len = strlen(hint);
    if (len >= sizeof err->msg) return;
    room = sizeof err->msg - 1 - len;
    if (strlen(err->msg) > room) err->msg[room] = '\0';
    memcpy(err->msg + strlen(err->msg), hint, len + 1);
}

static FILE *open_in(const cevns_scan_outputs *out, const char *name, cevns_error *err) {
    char path[CEVNS_PATH_MAX + 64];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", out->work_dir, name);
    f = fopen(path, "w");
    if (!f) cevns_error_set(err, CEVNS_EIO, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

/* Flush and close; a full disk or a file-size limit shows here (with errno). */
static cevns_status close_checked(FILE *f, const cevns_scan_outputs *out, const char *name, cevns_error *err) {
    int bad, e = 0;
    errno = 0;
    if (fflush(f) != 0) e = errno;
    bad = ferror(f);
    if (fclose(f) != 0 && !e) e = errno;
    if (bad || e)
        return cevns_error_set(err, CEVNS_EIO, "%s/%s: write failed: %s", out->work_dir, name,
                               e ? strerror(e) : "error while writing");
    return CEVNS_OK;
}

/* The shown (not profiled) axes as a map. */
static void fill_map_axes(const cevns_grid *g, cevns_map *m) {
    int k;
    m->n_axes = g->n_shown;
    for (k = 0; k < g->n_shown; k++) {
        const cevns_axis_config *ax = g->axes[g->shown[k]];
        snprintf(m->axis_name[k], sizeof m->axis_name[k], "%s", ax->name);
        snprintf(m->axis_unit[k], sizeof m->axis_unit[k], "%s", cevns_axis_unit(ax->kind));
        m->axis_log[k] = ax->spacing == CEVNS_SPACING_LOG;
        m->axis_n[k] = (size_t)ax->n;
        m->axis_values[k] = (double *)ax->values;
    }
}

static char *config_json_string(const cevns_config *cfg) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cevns_error ignored;
    if (!f) return NULL;
    if (cevns_config_write_json(cfg, f, &ignored) != CEVNS_OK) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

static cevns_status write_config_json(const cevns_config *cfg, const cevns_scan_outputs *out, cevns_error *err) {
    FILE *f = open_in(out, "config.json", err);
    cevns_status st;
    if (!f) return CEVNS_EIO;
    st = cevns_config_write_json(cfg, f, err);
    if (st != CEVNS_OK) {
        fclose(f);
        return st;
    }
    return close_checked(f, out, "config.json", err);
}

/* limits.csv: 1 shown axis -> one row per CL; 2 shown axes -> the exclusion
 * curve of the first axis for every value of the second. */
static cevns_status write_limits(const cevns_grid *g, const double *dchi2, const cevns_scan_summary *s,
                                 const cevns_scan_outputs *out, cevns_error *err) {
    FILE *f = open_in(out, "limits.csv", err);
    int c;
    if (!f) return CEVNS_EIO;
    if (g->n_shown == 1) {
        const char *name = g->axes[g->shown[0]]->name;
        fprintf(f, "cl,dof,delta_chi2,%s_lower,%s_upper\n", name, name);
        for (c = 0; c < s->n_cl; c++)
            fprintf(f, "%.6g,%d,%.10g,%.10g,%.10g\n", s->cl[c], s->dof, s->threshold[c], s->lower[c], s->upper[c]);
    } else if (g->n_shown == 2) {
        const cevns_axis_config *ax = g->axes[g->shown[0]], *ay = g->axes[g->shown[1]];
        size_t nx = (size_t)ax->n, ny = (size_t)ay->n, i, j;
        double *slice = malloc(nx * sizeof *slice);
        if (!slice) {
            fclose(f);
            return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        }
        fprintf(f, "%s,cl,dof,delta_chi2,%s_lower,%s_upper\n", ay->name, ax->name, ax->name);
        for (j = 0; j < ny; j++) {
            for (i = 0; i < nx; i++) slice[i] = dchi2[i * ny + j];
            for (c = 0; c < s->n_cl; c++) {
                double lo, hi;
                cevns_interval_1d(ax->values, ax->spacing == CEVNS_SPACING_LOG, slice, nx, s->threshold[c], &lo,
                                  &hi);
                fprintf(f, "%.10g,%.6g,%d,%.10g,%.10g,%.10g\n", ay->values[j], s->cl[c], s->dof, s->threshold[c], lo,
                        hi);
            }
        }
        free(slice);
    } else {
        fprintf(f, "# limits are written for 1 or 2 shown axes; this map has %d (see summary.json)\n", g->n_shown);
    }
    return close_checked(f, out, "limits.csv", err);
}

/* contour_<CL>.csv for 2 shown axes, traced in log coordinates on log axes. */
static cevns_status write_contours(const cevns_grid *g, const double *dchi2, const cevns_scan_summary *s,
                                   const cevns_scan_outputs *out, cevns_error *err) {
    const cevns_axis_config *ax = g->axes[g->shown[0]], *ay = g->axes[g->shown[1]];
    size_t nx = (size_t)ax->n, ny = (size_t)ay->n, i, j, k;
    int lx = ax->spacing == CEVNS_SPACING_LOG, ly = ay->spacing == CEVNS_SPACING_LOG, c;
    double *x = malloc(nx * sizeof *x), *y = malloc(ny * sizeof *y), *z = malloc(nx * ny * sizeof *z);
    cevns_status st = CEVNS_OK;
    if (!x || !y || !z) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (i = 0; i < nx && st == CEVNS_OK; i++) x[i] = lx ? log10(ax->values[i]) : ax->values[i];
    for (j = 0; j < ny && st == CEVNS_OK; j++) y[j] = ly ? log10(ay->values[j]) : ay->values[j];
    for (i = 0; i < nx && st == CEVNS_OK; i++)
        for (j = 0; j < ny; j++) z[j * nx + i] = dchi2[i * ny + j];
    for (c = 0; c < s->n_cl && st == CEVNS_OK; c++) {
        double *xy = NULL;
        size_t n = 0;
        char name[64];
        FILE *f;
        snprintf(name, sizeof name, "contour_%g.csv", 100.0 * s->cl[c]);
        if (nx < 2 || ny < 2) break;
        st = cevns_contour(nx, ny, x, y, z, s->threshold[c], &xy, &n, err);
        if (st != CEVNS_OK) break;
        f = open_in(out, name, err);
        if (!f) {
            free(xy);
            st = CEVNS_EIO;
            break;
        }
        fprintf(f, "# Delta chi2 = %.10g (CL %g, %d dof); polylines separated by blank lines\n%s,%s\n",
                s->threshold[c], s->cl[c], s->dof, ax->name, ay->name);
        for (k = 0; k < n; k++) {
            double px = xy[2 * k], py = xy[2 * k + 1];
            if (isnan(px)) fputc('\n', f);
            else fprintf(f, "%.10g,%.10g\n", lx ? pow(10.0, px) : px, ly ? pow(10.0, py) : py);
        }
        free(xy);
        st = close_checked(f, out, name, err);
    }
    free(x);
    free(y);
    free(z);
    return st;
}

static void write_summary_axes(FILE *f, const cevns_config *cfg) {
    int a;
    fputs("  \"axes\": [", f);
    for (a = 0; a < cfg->scan.n_axes; a++) {
        const cevns_axis_config *ax = &cfg->scan.axes[a];
        fprintf(f, "%s\n    {\"name\": ", a ? "," : "");
        cevns_json_string(f, ax->name);
        fprintf(f, ", \"unit\": ");
        cevns_json_string(f, cevns_axis_unit(ax->kind));
        fprintf(f, ", \"n\": %d, \"min\": ", ax->n);
        cevns_json_number(f, ax->values[0]);
        fputs(", \"max\": ", f);
        cevns_json_number(f, ax->values[ax->n - 1]);
        fprintf(f, ", \"spacing\": \"%s\", \"profiled\": %s}",
                ax->spacing == CEVNS_SPACING_LOG ? "log" : ax->spacing == CEVNS_SPACING_LIST ? "list" : "linear",
                ax->profile ? "true" : "false");
    }
    fputs("],\n", f);
}

static cevns_status write_summary(const cevns_config *cfg, const cevns_scan_summary *s, const cevns_scan_outputs *out,
                                  cevns_error *err) {
    FILE *f = open_in(out, "summary.json", err);
    int k, c;
    if (!f) return CEVNS_EIO;
    fputs("{\n  \"name\": ", f);
    cevns_json_string(f, cfg->name);
    fputs(",\n  \"config\": ", f);
    cevns_json_string(f, cfg->path);
    fprintf(f, ",\n  \"version\": \"%s\",\n  \"engine\": \"%s\",\n  \"statistic\": \"%s\",\n  \"data\": \"%s\",\n",
            CEVNS_VERSION, s->engine, cfg->scan.statistic == CEVNS_STAT_POISSON ? "poisson" : "chi2",
            cfg->data.kind == CEVNS_DATA_ASIMOV ? "asimov" : cfg->data.kind == CEVNS_DATA_ON_OFF ? "on_off" : "binned");
    fprintf(f, "  \"points\": %zu,\n", s->n_points);
    write_summary_axes(f, cfg);
    fputs("  \"best_fit\": {", f);
    for (k = 0; k < s->n_shown; k++) {
        cevns_json_string(f, s->shown_name[k]);
        fputs(": ", f);
        cevns_json_number(f, s->best[k]);
        fputs(", ", f);
    }
    fputs("\"chi2_min\": ", f);
    cevns_json_number(f, s->chi2_min);
    fprintf(f, "},\n  \"dof\": %d,\n  \"limits\": [", s->dof);
    for (c = 0; c < s->n_cl; c++) {
        fprintf(f, "%s\n    {\"cl\": %g, \"delta_chi2\": ", c ? "," : "", s->cl[c]);
        cevns_json_number(f, s->threshold[c]);
        if (s->n_shown == 1) {
            fputs(", \"lower\": ", f);
            cevns_json_number(f, s->lower[c]);
            fputs(", \"upper\": ", f);
            cevns_json_number(f, s->upper[c]);
        }
        fputs("}", f);
    }
    fprintf(f, "],\n  \"timing_s\": {\"points\": %.6g, \"total\": %.6g},\n", s->seconds_points, s->seconds_total);
    fprintf(f, "  \"points_per_second\": %.6g,\n  \"figures\": %s,\n  \"figures_note\": ",
            s->seconds_points > 0.0 ? (double)s->n_points / s->seconds_points : 0.0,
            s->figures_written ? "true" : "false");
    cevns_json_string(f, s->figures_note);
    fputs("\n}\n", f);
    return close_checked(f, out, "summary.json", err);
}

/* Best fit, thresholds and (1 shown axis) limits into the summary. */
static void summarise(const cevns_config *cfg, const cevns_grid *g, const double *shown, double *dchi2,
                      cevns_scan_summary *s) {
    size_t best = 0, i, idx;
    int k, c;
    for (i = 1; i < g->n_shown_points; i++)
        if (shown[i] < shown[best]) best = i;
    s->chi2_min = shown[best];
    for (i = 0; i < g->n_shown_points; i++) dchi2[i] = shown[i] - s->chi2_min;
    s->n_shown = g->n_shown;
    idx = best;
    for (k = g->n_shown - 1; k >= 0; k--) {
        const cevns_axis_config *ax = g->axes[g->shown[k]];
        snprintf(s->shown_name[k], sizeof s->shown_name[k], "%s", ax->name);
        s->best[k] = ax->values[idx % (size_t)ax->n];
        idx /= (size_t)ax->n;
    }
    s->dof = cfg->scan.dof > 0 ? cfg->scan.dof : (g->n_shown > 0 ? g->n_shown : 1);
    s->n_cl = cfg->scan.n_cl;
    for (c = 0; c < s->n_cl; c++) {
        s->cl[c] = cfg->scan.cl[c];
        s->threshold[c] = cevns_delta_chi2_threshold(s->cl[c], s->dof);
        s->lower[c] = s->upper[c] = NAN;
        if (g->n_shown == 1) {
            const cevns_axis_config *ax = g->axes[g->shown[0]];
            cevns_interval_1d(ax->values, ax->spacing == CEVNS_SPACING_LOG, dchi2, (size_t)ax->n, s->threshold[c],
                              &s->lower[c], &s->upper[c]);
        }
    }
}

static cevns_status write_map(const cevns_config *cfg, const cevns_experiment *e, const cevns_grid *g,
                              const double *shown, const double *counts, size_t n_bins, const cevns_scan_summary *s,
                              const cevns_scan_outputs *out, cevns_error *err) {
    cevns_map m;
    char path[CEVNS_PATH_MAX + 64];
    int c;
    cevns_status st;
    memset(&m, 0, sizeof m);
    fill_map_axes(g, &m);
    m.chi2 = (double *)shown;
    if (counts) {
        m.n_bins = n_bins;
        m.counts = (double *)counts;
        m.bin_edges = (double *)cevns_experiment_bin_edges(e);
    }
    snprintf(m.statistic, sizeof m.statistic, "%s", cfg->scan.statistic == CEVNS_STAT_POISSON ? "poisson" : "chi2");
    snprintf(m.engine, sizeof m.engine, "%s", s->engine);
    snprintf(m.version, sizeof m.version, "%s", CEVNS_VERSION);
    snprintf(m.config_name, sizeof m.config_name, "%s", cfg->name);
    snprintf(m.observable, sizeof m.observable, "%s", cevns_observable_name(e));
    m.chi2_min = s->chi2_min;
    m.n_cl = s->n_cl;
    for (c = 0; c < s->n_cl; c++) m.cl[c] = s->cl[c];
    m.dof = s->dof;
    for (c = 0; c < cfg->output.n_reference && c < CEVNS_MAP_MAX_REFERENCE; c++) {
        snprintf(m.reference_label[c], sizeof m.reference_label[c], "%s", cfg->output.reference[c].label);
        m.reference_value[c] = cfg->output.reference[c].value;
    }
    m.n_reference = c;
    m.config_json = config_json_string(cfg);
    snprintf(path, sizeof path, "%s/map.h5", out->work_dir);
    st = cevns_map_write_h5(path, &m, err);
    free(m.config_json);
    return st;
}

cevns_status cevns_scan_outputs_write(const cevns_config *cfg, const cevns_experiment *e, const cevns_grid *g,
                                      const double *full, const double *counts, size_t n_bins,
                                      cevns_scan_outputs *out, cevns_scan_summary *s, double t_start,
                                      cevns_error *err) {
    double *shown = malloc(g->n_shown_points * sizeof *shown), *dchi2 = malloc(g->n_shown_points * sizeof *dchi2);
    cevns_status st = CEVNS_OK;
    if (!shown || !dchi2) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the projected map");
    if (st == CEVNS_OK) {
        cevns_grid_project(g, full, shown);
        summarise(cfg, g, shown, dchi2, s);
    }
    if (st == CEVNS_OK) st = write_map(cfg, e, g, shown, counts, n_bins, s, out, err);
    if (st == CEVNS_OK) st = write_limits(g, dchi2, s, out, err);
    if (st == CEVNS_OK && g->n_shown == 2) st = write_contours(g, dchi2, s, out, err);
    if (st == CEVNS_OK && out->figures) {
        cevns_error perr = {""};
        cevns_status ps = cevns_plot_run(out->work_dir, &perr);
        s->figures_written = ps == CEVNS_OK;
        snprintf(s->figures_note, sizeof s->figures_note, "%.200s", ps == CEVNS_OK ? "" : perr.msg);
    } else if (st == CEVNS_OK) {
        snprintf(s->figures_note, sizeof s->figures_note, "figures switched off");
    }
    s->seconds_total = cevns_now_seconds() - t_start;
    if (st == CEVNS_OK) st = write_summary(cfg, s, out, err);
    if (st == CEVNS_OK) {
        cevns_checkpoint_remove_all(out->work_dir);
        st = cevns_run_dir_commit(out->work_dir, out->final_dir, err);
    }
    if (st == CEVNS_OK) {
        out->open = 0;
        snprintf(s->run_dir, sizeof s->run_dir, "%s", out->final_dir);
    }
    free(shown);
    free(dchi2);
    return st;
}
