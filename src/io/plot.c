/* plot.c - figures of a run folder from its map.h5, with PLplot (cairo drivers).
 *
 * Shown axes: the first one or two axes of the map with at least two values;
 * any other axis is profiled (Delta chi2 minimised over it).
 *   1 shown axis:  delta_chi2.png/.pdf - Delta chi2 against the axis, a dashed
 *                  line at each CL threshold.
 *   2 shown axes:  chi2_map.png/.pdf - colour map of Delta chi2 (clipped at 3x
 *                  the largest threshold), CL contours (cevns_contour) on top,
 *                  the best point marked; x is the first shown axis, y the
 *                  second (as in the scan's contour_<CL>.csv files).
 *                  exclusion.png/.pdf - the upper limit on the FIRST shown axis
 *                  (on y) against the second (on x), as exclusion curves are
 *                  drawn: per column of the map, cevns_interval_1d of Delta chi2
 *                  (as the scan's limits.csv), one line per CL (columns where
 *                  the threshold is not reached are left out).
 * The map's reference limits (published values, in the unit of the first shown
 * axis) are drawn as labelled dashed lines: horizontal on the exclusion figure,
 * vertical on delta_chi2; the window is widened to show them.
 * Delta chi2 = chi2 - chi2_min (the stored minimum, or the grid's when that is
 * lower); thresholds gsl_cdf_chisq_Pinv(cl, dof) with dof from the map, or the
 * number of shown axes when the map says 0 (the config's meaning of 0).
 * Log-spaced axes with positive values are drawn on log scales.
 *
 * Each file is drawn to <name>.tmp in its own PLplot stream (plmkstrm ...
 * plend1) and renamed only when it ends as a whole PNG or PDF file does (cairo
 * reports no write error, so a full disk shows as a cut file).  PLplot is not
 * thread-safe, and it exits the process on some fatal errors, so the device and
 * the output file are checked before plinit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"
#include "cevns/stats.h"

#if CEVNS_HAVE_PLPLOT

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <plplot/plplot.h>
#include <sys/stat.h>

#define PAGE_W 1000
#define PAGE_H 750
#define N_SHADES 64

typedef struct {
    const cevns_map *m;
    int n_shown;              /* 1 or 2 */
    int shown[2];             /* map axes: shown[0] on x, shown[1] on y */
    int profiled;             /* other axes with more than one value */
    size_t nx, ny;            /* plotted grid (ny = 1 for one axis) */
    double *xg, *yg;          /* plotted coordinates (log10 on log axes) */
    int xlog, ylog;
    double *z;                /* Delta chi2, z[iy * nx + ix] (NaN where no finite value) */
    double thr[8];            /* Delta chi2 thresholds per CL */
    int n_thr;
    double clip;              /* colour-map / y-range ceiling */
    char xlabel[128], ylabel[128], title[320];
    double best_x, best_y;
    /* 2 shown axes: the exclusion curves, upper limit on shown[0] (plotted
     * coordinates, NaN where not reached) per threshold and value of shown[1]:
     * limit[t * ny + iy] */
    double *limit;
    char limit_title[320];
} view;

/* PLplot text: '#' starts an escape sequence, so a literal one is "##". */
static void escape_text(char *out, size_t size, const char *in) {
    size_t o = 0;
    for (; *in && o + 2 < size; in++) {
        if (*in == '#') out[o++] = '#';
        out[o++] = *in;
    }
    out[o] = '\0';
}

static void axis_label(char *out, size_t size, const cevns_map *m, int k) {
    char name[64], unit[32];
    escape_text(name, sizeof name, m->axis_name[k]);
    escape_text(unit, sizeof unit, m->axis_unit[k]);
    if (unit[0])
        snprintf(out, size, "%s [%s]", name, unit);
    else
        snprintf(out, size, "%s", name);
}

/* Plotted coordinates of map axis k: log10 when log-spaced and positive. */
static double *axis_coords(const cevns_map *m, int k, int *is_log) {
    size_t n = m->axis_n[k];
    double *c = malloc(n * sizeof *c);
    int log_ok = m->axis_log[k];
    if (!c) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(m->axis_values[k][i] > 0.0)) log_ok = 0;
    for (size_t i = 0; i < n; i++) c[i] = log_ok ? log10(m->axis_values[k][i]) : m->axis_values[k][i];
    *is_log = log_ok;
    return c;
}

static void view_free(view *v) {
    free(v->xg);
    free(v->yg);
    free(v->z);
    free(v->limit);
}

/* The exclusion curves: per column iy, the upper end of the allowed interval of
 * shown[0] (interpolated in log on log axes, as limits.csv). */
static int limits_build(view *v) {
    const cevns_map *m = v->m;
    const double *x = m->axis_values[v->shown[0]];
    double *slice = malloc(v->nx * sizeof *slice);
    v->limit = malloc((size_t)(v->n_thr > 0 ? v->n_thr : 1) * v->ny * sizeof *v->limit);
    if (!slice || !v->limit) {
        free(slice);
        return -1;
    }
    for (size_t iy = 0; iy < v->ny; iy++) {
        for (size_t ix = 0; ix < v->nx; ix++) slice[ix] = v->z[iy * v->nx + ix];
        for (int t = 0; t < v->n_thr; t++) {
            double lo, hi;
            cevns_interval_1d(x, m->axis_log[v->shown[0]], slice, v->nx, v->thr[t], &lo, &hi);
            if (isfinite(hi) && v->xlog) hi = hi > 0.0 ? log10(hi) : NAN;
            v->limit[(size_t)t * v->ny + iy] = isfinite(hi) ? hi : NAN;
        }
    }
    free(slice);
    return 0;
}

static cevns_status view_build(const cevns_map *m, const char *path, view *v, cevns_error *err) {
    size_t points = cevns_map_points(m), ncell;
    double gmin = INFINITY, ref, maxthr = 0.0, zmax = 0.0;
    int dof;

    memset(v, 0, sizeof *v);
    v->m = m;
    for (int k = 0; k < m->n_axes; k++)
        if (m->axis_n[k] >= 2) {
            if (v->n_shown < 2)
                v->shown[v->n_shown++] = k;
            else
                v->profiled++;
        }
    if (v->n_shown == 0)
        return cevns_error_set(err, CEVNS_EUSAGE, "%s: every axis has a single value: nothing to draw", path);

    if (v->n_shown == 1) {
        v->nx = m->axis_n[v->shown[0]];
        v->ny = 1;
        v->xg = axis_coords(m, v->shown[0], &v->xlog);
        axis_label(v->xlabel, sizeof v->xlabel, m, v->shown[0]);
    } else {
        v->nx = m->axis_n[v->shown[0]];
        v->ny = m->axis_n[v->shown[1]];
        v->xg = axis_coords(m, v->shown[0], &v->xlog);
        v->yg = axis_coords(m, v->shown[1], &v->ylog);
        axis_label(v->xlabel, sizeof v->xlabel, m, v->shown[0]);
        axis_label(v->ylabel, sizeof v->ylabel, m, v->shown[1]);
    }
    ncell = v->nx * v->ny;
    v->z = malloc(ncell * sizeof *v->z);
    if (!v->xg || (v->n_shown == 2 && !v->yg) || !v->z) {
        view_free(v);
        return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
    }

    /* profile: minimum over every axis that is not shown */
    for (size_t c = 0; c < ncell; c++) v->z[c] = NAN;
    for (size_t p = 0; p < points; p++) {
        size_t rest = p, idx[CEVNS_MAP_MAX_AXES], cell;
        double val = m->chi2[p];
        for (int k = m->n_axes - 1; k >= 0; k--) {
            idx[k] = rest % m->axis_n[k];
            rest /= m->axis_n[k];
        }
        cell = v->n_shown == 1 ? idx[v->shown[0]] : idx[v->shown[1]] * v->nx + idx[v->shown[0]];
        if (isnan(val)) continue;
        if (isnan(v->z[cell]) || val < v->z[cell]) v->z[cell] = val;
        if (val < gmin) gmin = val;
    }
    if (!isfinite(gmin)) {
        view_free(v);
        return cevns_error_set(err, CEVNS_EDATA, "%s: /chi2 has no finite value", path);
    }
    ref = isfinite(m->chi2_min) && m->chi2_min < gmin ? m->chi2_min : gmin;
    for (size_t c = 0; c < ncell; c++) {
        if (isnan(v->z[c])) continue;
        v->z[c] -= ref;
        if (isfinite(v->z[c]) && v->z[c] > zmax) zmax = v->z[c];
    }
    {
        size_t best = 0;
        double bz = INFINITY;
        for (size_t c = 0; c < ncell; c++)
            if (v->z[c] < bz) {
                bz = v->z[c];
                best = c;
            }
        v->best_x = v->xg[best % v->nx];
        v->best_y = v->n_shown == 2 ? v->yg[best / v->nx] : bz;
    }

    dof = m->dof > 0 ? m->dof : v->n_shown;
    for (int i = 0; i < m->n_cl && i < 8; i++)
        if (m->cl[i] > 0.0 && m->cl[i] < 1.0) {
            v->thr[v->n_thr] = gsl_cdf_chisq_Pinv(m->cl[i], (double)dof);
            if (v->thr[v->n_thr] > maxthr) maxthr = v->thr[v->n_thr];
            v->n_thr++;
        }
    if (maxthr > 0.0)
        v->clip = v->n_shown == 2 ? 3.0 * maxthr : fmax(1.25 * maxthr, fmin(zmax, 3.0 * maxthr));
    else
        v->clip = zmax > 0.0 ? zmax : 1.0;

    {
        char name[160], axis[64];
        escape_text(name, sizeof name, m->config_name[0] ? m->config_name : "cevns");
        escape_text(axis, sizeof axis, m->axis_name[v->shown[0]]);
        snprintf(v->title, sizeof v->title, "%s: #gD#gx#u2#d (%s, %d dof)", name,
                 m->statistic[0] ? m->statistic : "chi2", dof);
        snprintf(v->limit_title, sizeof v->limit_title, "%s: upper limit on %s (%s, %d dof)", name, axis,
                 m->statistic[0] ? m->statistic : "chi2", dof);
        if (v->profiled) {
            size_t len = strlen(v->title);
            snprintf(v->title + len, sizeof v->title - len, ", minimised over %d other ax%s", v->profiled,
                     v->profiled == 1 ? "is" : "es");
            len = strlen(v->limit_title);
            snprintf(v->limit_title + len, sizeof v->limit_title - len, ", minimised over %d other ax%s",
                     v->profiled, v->profiled == 1 ? "is" : "es");
        }
    }
    if (v->n_shown == 2 && limits_build(v) != 0) {
        view_free(v);
        return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
    }
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- drawing (inside plinit ... plend1) */

static void set_colours(void) {
    static const PLFLT pos[5] = {0.0, 0.25, 0.5, 0.75, 1.0};
    static const PLFLT r[5] = {0.267, 0.229, 0.128, 0.369, 0.993};
    static const PLFLT g[5] = {0.005, 0.322, 0.567, 0.789, 0.906};
    static const PLFLT b[5] = {0.329, 0.546, 0.551, 0.383, 0.144};
    plscol0(0, 255, 255, 255); /* background */
    plscol0(1, 0, 0, 0);       /* axes, text */
    plscol0(2, 31, 119, 180);  /* curve */
    plscol0(3, 214, 39, 40);   /* thresholds */
    plscol0(4, 255, 255, 255); /* contours on the colour map */
    plscol0(5, 255, 127, 14);  /* further exclusion curves */
    plscol0(6, 44, 160, 44);
    plscol0(7, 148, 103, 189); /* further reference limits */
    plscol0(8, 140, 86, 75);
    plscol0(9, 110, 110, 110);
    plscmap1l(1, 5, pos, r, g, b, NULL);
}

/* Colours of the exclusion curves (per CL) and of the reference limits. */
static PLINT curve_colour(int t) {
    static const PLINT c[4] = {2, 5, 6, 3};
    return c[t & 3];
}

static PLINT reference_colour(int i) {
    static const PLINT c[4] = {1, 7, 8, 9};
    return c[i & 3];
}

/* Reference limit i in plotted coordinates (log10 on a log axis); NaN when it
 * cannot be drawn there. */
static double reference_coord(const cevns_map *m, int i, int is_log) {
    double r = m->reference_value[i];
    if (!isfinite(r) || (is_log && !(r > 0.0))) return NAN;
    return is_log ? log10(r) : r;
}

/* [*lo, *hi] widened to hold every drawable reference limit, with a margin of
 * 4 % of the new span on the side widened. */
static void widen_for_references(const cevns_map *m, int is_log, double *lo, double *hi) {
    double a = *lo, b = *hi, span;
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        double r = reference_coord(m, i, is_log);
        if (isnan(r)) continue;
        if (r < a) a = r;
        if (r > b) b = r;
    }
    span = b - a;
    if (a < *lo) a -= 0.04 * span;
    if (b > *hi) b += 0.04 * span;
    *lo = a;
    *hi = b;
}

/* Long dashes for the reference limits (mark and space in micrometres). */
static void dashed(void) {
    PLINT mark = 5000, space = 2500;
    plstyl(1, &mark, &space);
}

/* Draws the finite runs of a curve (NaN breaks it). */
static void draw_runs(size_t n, const double *x, const double *y) {
    size_t i = 0;
    while (i < n) {
        size_t j;
        while (i < n && !(isfinite(x[i]) && isfinite(y[i]))) i++;
        j = i;
        while (j < n && isfinite(x[j]) && isfinite(y[j])) j++;
        if (j - i >= 2) plline((PLINT)(j - i), x + i, y + i);
        i = j;
    }
}

/* PLplot's predefined line styles (pllsty 1..8). */
static const char *line_style_name(int style) {
    static const char *const names[8] = {"solid",        "dotted",       "dashed",       "long-short dashed",
                                         "style 5",      "style 6",      "style 7",      "style 8"};
    return names[(style - 1) & 7];
}

static void cl_text(char *out, size_t size, double cl) { snprintf(out, size, "%g%% CL", 100.0 * cl); }

static void draw_1d(const view *v) {
    const cevns_map *m = v->m;
    double xmin = v->xg[0], xmax = v->xg[v->nx - 1];
    if (xmin > xmax) {
        double t = xmin;
        xmin = xmax;
        xmax = t;
    }
    widen_for_references(m, v->xlog, &xmin, &xmax);
    pladv(0);
    plvpor(0.12, 0.95, 0.12, 0.90);
    plwind(xmin, xmax, 0.0, v->clip);
    plcol0(1);
    plwidth(1.0);
    plbox(v->xlog ? "bcnstl" : "bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    pllab(v->xlabel, "#gD#gx#u2#d", v->title);
    plcol0(3);
    pllsty(2);
    for (int i = 0, t = 0; i < m->n_cl && t < v->n_thr; i++) {
        PLFLT lx[2], ly[2];
        char text[32];
        if (!(m->cl[i] > 0.0 && m->cl[i] < 1.0)) continue;
        lx[0] = xmin;
        lx[1] = xmax;
        ly[0] = ly[1] = v->thr[t];
        plline(2, lx, ly);
        cl_text(text, sizeof text, m->cl[i]);
        plptex(xmin + 0.02 * (xmax - xmin), v->thr[t] + 0.015 * v->clip, 1.0, 0.0, 0.0, text);
        t++;
    }
    pllsty(1);
    plcol0(2);
    plwidth(2.0);
    draw_runs(v->nx, v->xg, v->z);
    /* reference limits: dashed vertical lines, the label written up along each */
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        PLFLT lx[2], ly[2];
        char text[160];
        double r = reference_coord(m, i, v->xlog);
        if (isnan(r)) continue;
        lx[0] = lx[1] = r;
        ly[0] = 0.0;
        ly[1] = v->clip;
        plcol0(reference_colour(i));
        plwidth(1.5);
        dashed();
        plline(2, lx, ly);
        pllsty(1);
        escape_text(text, sizeof text, m->reference_label[i]);
        plschr(0.0, 0.8);
        plptex(r - 0.016 * (xmax - xmin), 0.97 * v->clip, 0.0, 1.0, 1.0, text);
        plschr(0.0, 1.0);
    }
    plwidth(1.0);
}

/* The exclusion figure: upper limit on the first shown axis (y) against the
 * second (x), per CL, with the reference limits as dashed horizontal lines. */
static void draw_limits(const view *v) {
    const cevns_map *m = v->m;
    double xmin = fmin(v->yg[0], v->yg[v->ny - 1]), xmax = fmax(v->yg[0], v->yg[v->ny - 1]);
    double ymin = fmin(v->xg[0], v->xg[v->nx - 1]), ymax = fmax(v->xg[0], v->xg[v->nx - 1]);
    const char *texts[8];
    char text_buf[8][48];
    PLINT opts[8], line_colours[8], line_styles[8], text_colours[8];
    PLFLT line_widths[8], legend_w, legend_h;
    int n_legend = 0;

    widen_for_references(m, v->xlog, &ymin, &ymax);
    pladv(0);
    plvpor(0.12, 0.95, 0.12, 0.90);
    plwind(xmin, xmax, ymin, ymax);
    plcol0(1);
    plwidth(1.0);
    plbox(v->ylog ? "bcnstl" : "bcnst", 0.0, 0, v->xlog ? "bcnstlv" : "bcnstv", 0.0, 0);
    pllab(v->ylabel, v->xlabel, v->limit_title);

    /* reference limits first, so that the curves are drawn over them */
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        PLFLT lx[2], ly[2];
        char text[160];
        double r = reference_coord(m, i, v->xlog);
        if (isnan(r)) continue;
        lx[0] = xmin;
        lx[1] = xmax;
        ly[0] = ly[1] = r;
        plcol0(reference_colour(i));
        plwidth(1.5);
        dashed();
        plline(2, lx, ly);
        pllsty(1);
        escape_text(text, sizeof text, m->reference_label[i]);
        plschr(0.0, 0.8);
        /* above the line, or below it when the line runs along the top of the frame */
        plptex(xmax - 0.015 * (xmax - xmin), r + (r + 0.06 * (ymax - ymin) > ymax ? -0.03 : 0.03) * (ymax - ymin),
               1.0, 0.0, 1.0, text);
        plschr(0.0, 1.0);
    }

    for (int i = 0, t = 0; i < m->n_cl && t < v->n_thr; i++) {
        if (!(m->cl[i] > 0.0 && m->cl[i] < 1.0)) continue;
        plcol0(curve_colour(t));
        plwidth(2.5);
        pllsty(1);
        draw_runs(v->ny, v->yg, v->limit + (size_t)t * v->ny);
        if (n_legend < 8) {
            cl_text(text_buf[n_legend], sizeof text_buf[n_legend], m->cl[i]);
            snprintf(text_buf[n_legend] + strlen(text_buf[n_legend]),
                     sizeof text_buf[n_legend] - strlen(text_buf[n_legend]), " upper limit");
            texts[n_legend] = text_buf[n_legend];
            opts[n_legend] = PL_LEGEND_LINE;
            line_colours[n_legend] = curve_colour(t);
            line_styles[n_legend] = 1;
            line_widths[n_legend] = 2.5;
            text_colours[n_legend] = 1;
            n_legend++;
        }
        t++;
    }
    plwidth(1.0);
    if (n_legend > 0) {
        plschr(0.0, 0.85);
        pllegend(&legend_w, &legend_h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
                 PL_POSITION_TOP | PL_POSITION_LEFT | PL_POSITION_INSIDE, 0.02, 0.02, 0.08, 0, 1, 1, 0, 0, n_legend,
                 opts, 1.0, 1.0, 1.8, 0.0, text_colours, texts, NULL, NULL, NULL, NULL, line_colours, line_styles,
                 line_widths, NULL, NULL, NULL, NULL);
        plschr(0.0, 1.0);
    }
}

static void draw_2d(const view *v) {
    const cevns_map *m = v->m;
    double xmin = fmin(v->xg[0], v->xg[v->nx - 1]), xmax = fmax(v->xg[0], v->xg[v->nx - 1]);
    double ymin = fmin(v->yg[0], v->yg[v->ny - 1]), ymax = fmax(v->yg[0], v->yg[v->ny - 1]);
    PLFLT **a = NULL, shedge[N_SHADES + 1];
    PLcGrid grid;
    char legend[256] = "";

    pladv(0);
    plvpor(0.12, 0.82, 0.12, 0.90);
    plwind(xmin, xmax, ymin, ymax);

    for (int i = 0; i <= N_SHADES; i++) shedge[i] = v->clip * i / N_SHADES;
    plAlloc2dGrid(&a, (PLINT)v->nx, (PLINT)v->ny);
    if (a) {
        for (size_t ix = 0; ix < v->nx; ix++)
            for (size_t iy = 0; iy < v->ny; iy++) {
                double z = v->z[iy * v->nx + ix];
                a[ix][iy] = isnan(z) ? z : fmin(z, v->clip);
            }
        grid.xg = v->xg;
        grid.yg = v->yg;
        grid.zg = NULL;
        grid.nx = (PLINT)v->nx;
        grid.ny = (PLINT)v->ny;
        grid.nz = 0;
        plshades((PLFLT_MATRIX)a, (PLINT)v->nx, (PLINT)v->ny, NULL, xmin, xmax, ymin, ymax, shedge, N_SHADES + 1,
                 1.0, 0, 0.0, plfill, 1, pltr1, &grid);
        plFree2dGrid(a, (PLINT)v->nx, (PLINT)v->ny);
    }

    /* CL contours, solid then dashed styles */
    plcol0(4);
    plwidth(2.5);
    for (int i = 0, t = 0; i < m->n_cl && t < v->n_thr; i++) {
        double *xy = NULL;
        size_t n = 0;
        char text[32];
        if (!(m->cl[i] > 0.0 && m->cl[i] < 1.0)) continue;
        pllsty(1 + t % 8);
        if (cevns_contour(v->nx, v->ny, v->xg, v->yg, v->z, v->thr[t], &xy, &n, NULL) == CEVNS_OK && n > 0) {
            double *px = malloc(n * sizeof *px), *py = malloc(n * sizeof *py);
            if (px && py) {
                for (size_t k = 0; k < n; k++) {
                    px[k] = xy[2 * k];
                    py[k] = xy[2 * k + 1];
                }
                draw_runs(n, px, py);
            }
            free(px);
            free(py);
        }
        free(xy);
        cl_text(text, sizeof text, m->cl[i]);
        snprintf(legend + strlen(legend), sizeof legend - strlen(legend), "%s%s %s", t ? ", " : "", text,
                 line_style_name(1 + t % 8));
        t++;
    }
    pllsty(1);
    plwidth(1.0);
    {
        PLFLT bx = v->best_x, by = v->best_y;
        plcol0(4);
        plpoin(1, &bx, &by, 5); /* x: best point */
    }

    plcol0(1);
    plbox(v->xlog ? "bcnstl" : "bcnst", 0.0, 0, v->ylog ? "bcnstlv" : "bcnstv", 0.0, 0);
    pllab(v->xlabel, v->ylabel, v->title);
    if (legend[0]) {
        char line[300];
        snprintf(line, sizeof line, "%s; #[0x00d7] best point", legend);
        plschr(0.0, 0.8);
        plmtex("t", 0.6, 0.5, 0.5, line);
        plschr(0.0, 1.0);
    }

    {
        PLFLT cb_w, cb_h;
        PLINT label_opts[1] = {PL_COLORBAR_LABEL_BOTTOM}, sub_ticks[1] = {0}, n_values[1] = {N_SHADES + 1};
        const char *labels[1] = {"#gD#gx#u2#d"}, *axis_opts[1] = {"bcvtm"};
        PLFLT ticks[1] = {0.0};
        const PLFLT *values[1];
        values[0] = shedge;
        plcolorbar(&cb_w, &cb_h, PL_COLORBAR_SHADE, 0, 0.02, 0.0, 0.04, 0.78, 0, 1, 1, 0.0,
                   0.0, 0, 0.0, 1, label_opts, labels, 1, axis_opts, ticks, sub_ticks, n_values, values);
    }
}

/* ---------------------------------------------------------------- files */

static int has_device(const char *name) {
    const char *menu[128], *devs[128];
    const char **pm = menu, **pd = devs;
    int n = 128;
    plgDevs(&pm, &pd, &n);
    for (int i = 0; i < n; i++)
        if (devs[i] && !strcmp(devs[i], name)) return 1;
    return 0;
}

/* 1 when the file ends as a whole PNG (the IEND chunk) or PDF (%%EOF) does. */
static int file_complete(const char *path, const char *ext) {
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    unsigned char tail[32];
    size_t n;
    long size;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 12) {
        fclose(f);
        return 0;
    }
    n = size < (long)sizeof tail ? (size_t)size : sizeof tail;
    if (fseek(f, size - (long)n, SEEK_SET) != 0 || fread(tail, 1, n, f) != n) n = 0;
    fclose(f);
    if (n == 0) return 0;
    if (!strcmp(ext, "png")) return memcmp(tail + n - 12, iend, 12) == 0;
    while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' ')) n--;
    return n >= 5 && memcmp(tail + n - 5, "%%EOF", 5) == 0;
}

/* dir/base.ext drawn with `device` through base.ext.tmp. */
static cevns_status render(const char *dir, const char *base, const char *ext, const char *device, const view *v,
                           void (*draw)(const view *), cevns_error *err) {
    char final[4096], tmp[4100];
    PLINT old_strm = 0, strm = -1;
    struct stat sb;
    FILE *f;

    if ((size_t)snprintf(final, sizeof final, "%s/%s.%s", dir, base, ext) >= sizeof final)
        return cevns_error_set(err, CEVNS_EIO, "%s: path too long", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", final);
    /* PLplot exits the process when it cannot open its output: check first */
    f = fopen(tmp, "wb");
    if (!f) return cevns_error_set(err, CEVNS_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    fclose(f);

    plgstrm(&old_strm);
    plmkstrm(&strm);
    if (strm < 0) {
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: PLplot could not create a new stream", final);
    }
    plsdev(device);
    plsfnam(tmp);
    plspage(0.0, 0.0, PAGE_W, PAGE_H, 0, 0);
    set_colours();
    plinit();
    draw(v);
    plend1();
    plsstrm(old_strm);

    if (stat(tmp, &sb) != 0 || sb.st_size == 0) {
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: PLplot device %s wrote nothing", final, device);
    }
    if (!file_complete(tmp, ext)) {
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO,
                               "%s: PLplot device %s wrote an incomplete file (%lld bytes; a full disk or a file-size "
                               "limit?)",
                               final, device, (long long)sb.st_size);
    }
    if (rename(tmp, final) != 0) {
        int e = errno;
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot rename %s to it: %s", final, tmp, strerror(e));
    }
    return CEVNS_OK;
}

cevns_status cevns_plot_run(const char *run_dir, cevns_error *err) {
    static const char *const devices[2][2] = {{"pngcairo", "png"}, {"pdfcairo", "pdf"}};
    char path[4096];
    cevns_map m;
    view v;
    cevns_status st;

    if (!run_dir) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_plot_run: NULL run folder");
    for (int d = 0; d < 2; d++)
        if (!has_device(devices[d][0]))
            return cevns_error_set(err, CEVNS_EUNAVAILABLE,
                                   "figures need the PLplot cairo driver (device %s), which is not installed "
                                   "(Debian: apt-get install plplot-driver-cairo)",
                                   devices[d][0]);
    if ((size_t)snprintf(path, sizeof path, "%s/map.h5", run_dir) >= sizeof path)
        return cevns_error_set(err, CEVNS_EIO, "%s: path too long", run_dir);
    st = cevns_map_read_h5(path, &m, err);
    if (st != CEVNS_OK) return st;
    st = view_build(&m, path, &v, err);
    if (st == CEVNS_OK) {
        for (int d = 0; d < 2 && st == CEVNS_OK; d++)
            st = render(run_dir, v.n_shown == 1 ? "delta_chi2" : "chi2_map", devices[d][1], devices[d][0], &v,
                        v.n_shown == 1 ? draw_1d : draw_2d, err);
        for (int d = 0; d < 2 && st == CEVNS_OK && v.n_shown == 2; d++)
            st = render(run_dir, "exclusion", devices[d][1], devices[d][0], &v, draw_limits, err);
        view_free(&v);
    }
    cevns_map_free(&m);
    return st;
}

#else /* !CEVNS_HAVE_PLPLOT */

cevns_status cevns_plot_run(const char *run_dir, cevns_error *err) {
    return cevns_error_set(err, CEVNS_EUNAVAILABLE,
                           "%s: figures need PLplot, and this cevns was built without it (install libplplot-dev and "
                           "plplot-driver-cairo, then reconfigure with -DCEVNS_PLOTTING=ON)",
                           run_dir ? run_dir : "(run)");
}

#endif
