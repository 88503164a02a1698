/* plot.c - figures of a map and its analysis (cevns/results.h), with PLplot (cairo
 * drivers).  Everything drawn comes from the analysis (src/results/analysis.c): shown
 * axes, Delta chi2, thresholds, best point, per-column limits and contours; this file
 * only chooses colours, ranges and labels.
 *   1 shown axis:  delta_chi2.png/.pdf - Delta chi2 against the axis, a dashed
 *                  line at each CL threshold.
 *   2 shown axes:  chi2_map.png/.pdf - colour map of Delta chi2 (clipped at 3x
 *                  the largest threshold), CL contours on top, the best point
 *                  marked; x is the first shown axis, y the second (as in the
 *                  scan's contour_<CL>.csv files).
 *                  exclusion.png/.pdf - the upper limit on the FIRST shown axis
 *                  (on y) against the second (on x), as exclusion curves are
 *                  drawn: the analysis' per-column limits, one line per CL
 *                  (columns where the threshold is not reached are left out).
 *   Feldman-Cousins: fc_regions.png/.pdf - the Delta chi2 map with Wilks' (dashed) and
 *                  Feldman-Cousins' (solid) region boundaries, the grid points where they
 *                  disagree marked; 1 shown axis: Delta chi2 with Wilks' thresholds and the
 *                  critical values (cevns_figures_fc; drawn by the scan).
 *   joint fits:    spectrum_<experiment>.png/.pdf - each experiment's observed counts
 *                  with their errors against its own observable, the fit at the best
 *                  point (with the pulls), the prediction without the pulls and the
 *                  background (cevns_figures_spectra; drawn by the scan only, as map.h5
 *                  does not hold the data: `cevns plot` redraws the others).
 * The map's reference limits (published values, in the unit of the first shown
 * axis) are drawn as labelled dashed lines: horizontal on the exclusion figure,
 * vertical on delta_chi2; the window is widened to show them.
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
#include "io/axis_label.h"
#include "io/plot_page.h"

#if CEVNS_HAVE_PLPLOT

#include <math.h>
#include <sys/stat.h>

#define N_SHADES 64

/* What the drawing functions need: the map (labels, references), its analysis, and the
 * presentation chosen here. */
typedef struct {
    const cevns_map *m;
    const cevns_analysis *a;
    double clip;              /* colour-map / y-range ceiling */
    char xlabel[128], ylabel[128], title[320];
    double best_x, best_y;    /* the best point in the shown coordinates */
    /* 2 shown axes: the exclusion curves, the upper limit on shown[0] in its coordinates
     * (NaN where not reached) per CL and column: limit[c * ny + iy] */
    double *limit;
    char limit_title[320];
} view;

static void axis_label(char *out, size_t size, const cevns_map *m, int k) {
    cevns_axis_label(m->axis_name[k], m->axis_unit[k], out, size);
}

static void view_free(view *v) { free(v->limit); }

/* Ranges, labels, titles and the exclusion curves in plotted coordinates. */
static cevns_status view_init(const cevns_map *m, const cevns_analysis *a, view *v, cevns_error *err) {
    double maxthr = 0.0, zmax = 0.0;
    size_t c;
    memset(v, 0, sizeof *v);
    v->m = m;
    v->a = a;
    axis_label(v->xlabel, sizeof v->xlabel, m, a->shown[0]);
    if (a->n_shown == 2) axis_label(v->ylabel, sizeof v->ylabel, m, a->shown[1]);
    for (c = 0; c < a->nx * a->ny; c++)
        if (isfinite(a->dchi2[c]) && a->dchi2[c] > zmax) zmax = a->dchi2[c];
    for (int t = 0; t < a->n_cl; t++)
        if (a->threshold[t] > maxthr) maxthr = a->threshold[t];
    if (maxthr > 0.0)
        v->clip = a->n_shown == 2 ? 3.0 * maxthr : fmax(1.25 * maxthr, fmin(zmax, 3.0 * maxthr));
    else
        v->clip = zmax > 0.0 ? zmax : 1.0;
    v->best_x = a->x[a->best_index[a->shown[0]]];
    v->best_y = a->n_shown == 2 ? a->y[a->best_index[a->shown[1]]] : 0.0;
    {
        char name[160], axis[96], unit[32];
        plot_escape_text(name, sizeof name, m->config_name[0] ? m->config_name : "cevns");
        cevns_axis_symbol(m->axis_name[a->shown[0]], m->axis_unit[a->shown[0]], axis, sizeof axis, unit, sizeof unit);
        snprintf(v->title, sizeof v->title, "%s: #gD#gx#u2#d (%s, %d dof)", name,
                 m->statistic[0] ? m->statistic : "chi2", a->dof);
        snprintf(v->limit_title, sizeof v->limit_title, "%s: upper limit on %s (%s, %d dof)", name, axis,
                 m->statistic[0] ? m->statistic : "chi2", a->dof);
        if (a->n_profiled) {
            size_t len = strlen(v->title);
            snprintf(v->title + len, sizeof v->title - len, ", minimised over %d other ax%s", a->n_profiled,
                     a->n_profiled == 1 ? "is" : "es");
            len = strlen(v->limit_title);
            snprintf(v->limit_title + len, sizeof v->limit_title - len, ", minimised over %d other ax%s",
                     a->n_profiled, a->n_profiled == 1 ? "is" : "es");
        }
    }
    if (a->n_shown == 2) {
        size_t n = (size_t)(a->n_cl > 0 ? a->n_cl : 1) * a->ny;
        if (!(v->limit = malloc(n * sizeof *v->limit))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
        for (c = 0; c < (size_t)a->n_cl * a->ny; c++) {
            double hi = a->col_exclusion[c];
            v->limit[c] = !isfinite(hi) ? NAN : !a->x_log ? hi : hi > 0.0 ? log10(hi) : NAN;
        }
    }
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- drawing (inside plinit ... plend1) */

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

static void cl_text(char *out, size_t size, double cl) { snprintf(out, size, "%g%% CL", 100.0 * cl); }

/* ---------------------------------------------------------------- legends and the best point */

#define BEST_POINT_GLYPH "#[0x00d7]" /* the best point's mark: a cross */

static void to_subpage(PLFLT x, PLFLT y, PLFLT *px, PLFLT *py) {
    PLFLT vx0, vx1, vy0, vy1, wx0, wx1, wy0, wy1;
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plgvpw(&wx0, &wx1, &wy0, &wy1);
    *px = vx0 + (x - wx0) / (wx1 - wx0) * (vx1 - vx0);
    *py = vy0 + (y - wy0) / (wy1 - wy0) * (vy1 - vy0);
}

/* The best point at (x, y) of the current window, drawn after the frame and over it, not
 * clipped to the window, so that a best point on the edge of the map shows whole: a white
 * cross with a black outline (eight black copies around it), visible on the map's colours
 * and on the white page.  The window is restored. */
static void draw_best_point(PLFLT x, PLFLT y) {
    static const PLFLT ring[8][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {0.7, 0.7}, {0.7, -0.7}, {-0.7, 0.7}, {-0.7, -0.7}};
    const PLFLT d = 0.002;
    PLFLT vx0, vx1, vy0, vy1, wx0, wx1, wy0, wy1, px, py;
    if (!isfinite(x) || !isfinite(y)) return;
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plgvpw(&wx0, &wx1, &wy0, &wy1);
    to_subpage(x, y, &px, &py);
    plvpor(0.0, 1.0, 0.0, 1.0);
    plwind(0.0, 1.0, 0.0, 1.0);
    plschr(0.0, 1.6);
    plcol0(1);
    for (int k = 0; k < 8; k++)
        plptex(px + d * ring[k][0], py + d * ring[k][1] * (PAGE_W / (double)PAGE_H), 1.0, 0.0, 0.5, BEST_POINT_GLYPH);
    plcol0(4);
    plptex(px, py, 1.0, 0.0, 0.5, BEST_POINT_GLYPH);
    plschr(0.0, 1.0);
    plcol0(1);
    plvpor(vx0, vx1, vy0, vy1);
    plwind(wx0, wx1, wy0, wy1);
}

/* Reference limit i as a dashed line from (x0, y0) to (x1, y1). */
static void draw_reference(int i, PLFLT x0, PLFLT y0, PLFLT x1, PLFLT y1) {
    PLFLT lx[2] = {x0, x1}, ly[2] = {y0, y1};
    plcol0(reference_colour(i));
    plwidth(1.5);
    dashed();
    plline(2, lx, ly);
    pllsty(1);
    plwidth(1.0);
}

/* The legend entry of reference limit i: its label. */
static void reference_entry(const cevns_map *m, int i, plot_legend *l) {
    char text[160];
    plot_escape_text(text, sizeof text, m->reference_label[i]);
    plot_legend_line(l, text, 1, reference_colour(i), 4, 1.5);
}

/* PL_POSITION_LEFT or PL_POSITION_RIGHT: the top corner of the window that the curve
 * (clipped at clip) reaches less high within the outer 45 % of the width, for a legend. */
static PLINT emptier_top_corner(const cevns_analysis *a, double xmin, double xmax, double clip) {
    double left = 0.0, right = 0.0, w = xmax - xmin;
    for (size_t i = 0; i < a->nx; i++) {
        double y = fmin(a->dchi2[i], clip);
        if (!isfinite(y)) continue;
        if (a->x[i] <= xmin + 0.45 * w) left = fmax(left, y);
        if (a->x[i] >= xmax - 0.45 * w) right = fmax(right, y);
    }
    return left <= right ? PL_POSITION_LEFT : PL_POSITION_RIGHT;
}

/* 1 shown axis: Delta chi2 against the axis, a dashed line at each CL threshold, the
 * reference limits as dashed vertical lines, the best point marked on the axis; the
 * legend, in the top corner the curve leaves emptier, names each. */
static void draw_1d(const void *arg) {
    const view *v = arg;
    const cevns_map *m = v->m;
    const cevns_analysis *a = v->a;
    double xmin = fmin(a->x[0], a->x[a->nx - 1]), xmax = fmax(a->x[0], a->x[a->nx - 1]);
    plot_legend l = {0};
    widen_for_references(m, a->x_log, &xmin, &xmax);
    pladv(0);
    plvpor(0.12, 0.95, 0.12, 0.90);
    plwind(xmin, xmax, 0.0, v->clip);
    plcol0(1);
    plwidth(1.0);
    plbox(a->x_log ? "bcnstl" : "bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    pllab(v->xlabel, "#gD#gx#u2#d", v->title);
    plcol0(2);
    plwidth(2.0);
    plot_draw_runs(a->nx, a->x, a->dchi2);
    plot_legend_line(&l, "#gD#gx#u2#d", 1, 2, 1, 2.0);
    plwidth(1.0);
    for (int t = 0; t < a->n_cl; t++) {
        PLFLT lx[2] = {xmin, xmax}, ly[2];
        char text[32], entry[96];
        ly[0] = ly[1] = a->threshold[t];
        plcol0(3);
        pllsty(2);
        plline(2, lx, ly);
        pllsty(1);
        cl_text(text, sizeof text, a->cl[t]);
        plptex(xmin + 0.02 * (xmax - xmin), a->threshold[t] + 0.015 * v->clip, 1.0, 0.0, 0.0, text);
        snprintf(entry, sizeof entry, "%s (#gD#gx#u2#d = %.3g)", text, a->threshold[t]);
        plot_legend_line(&l, entry, 1, 3, 2, 1.0);
    }
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        double r = reference_coord(m, i, a->x_log);
        if (isnan(r)) continue;
        draw_reference(i, r, 0.0, r, v->clip);
        reference_entry(m, i, &l);
    }
    draw_best_point(v->best_x, 0.0);
    plot_legend_mark(&l, "best fit", 1, 1, BEST_POINT_GLYPH, 1.5);
    plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_INSIDE | emptier_top_corner(a, xmin, xmax, v->clip), 0.02, 0.02, 1, 0);
}

/* The exclusion figure: upper limit on the first shown axis (y) against the
 * second (x), per CL, with the reference limits as dashed horizontal lines; the
 * legend above the frame names each. */
static void draw_limits(const void *arg) {
    const view *v = arg;
    const cevns_map *m = v->m;
    const cevns_analysis *a = v->a;
    double xmin = fmin(a->y[0], a->y[a->ny - 1]), xmax = fmax(a->y[0], a->y[a->ny - 1]);
    double ymin = fmin(a->x[0], a->x[a->nx - 1]), ymax = fmax(a->x[0], a->x[a->nx - 1]);
    plot_legend l = {0};
    int columns;

    for (int t = 0; t < a->n_cl; t++) {
        char text[48];
        cl_text(text, sizeof text, a->cl[t]);
        strcat(text, " upper limit");
        plot_legend_line(&l, text, 1, curve_colour(t), 1, 2.5);
    }
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++)
        if (!isnan(reference_coord(m, i, a->x_log))) reference_entry(m, i, &l);
    widen_for_references(m, a->x_log, &ymin, &ymax);
    columns = plot_viewport_below_legend(&l, 3, 0.12, 0.95, 0.84);
    plwind(xmin, xmax, ymin, ymax);
    plcol0(1);
    plwidth(1.0);
    plbox(a->y_log ? "bcnstl" : "bcnst", 0.0, 0, a->x_log ? "bcnstlv" : "bcnstv", 0.0, 0);
    pllab(v->ylabel, v->xlabel, "");
    for (int t = 0; t < a->n_cl; t++) {
        plcol0(curve_colour(t));
        plwidth(2.5);
        pllsty(1);
        plot_draw_runs(a->ny, a->y, v->limit + (size_t)t * a->ny);
    }
    plwidth(1.0);
    /* reference limits over the curves, dashed */
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        double r = reference_coord(m, i, a->x_log);
        if (!isnan(r)) draw_reference(i, xmin, r, xmax, r);
    }
    plot_title_above(v->limit_title, plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, 0));
}

/* The colour map of Delta chi2 (clipped at v->clip) on the shown grid, with its edges into shedge. */
static void draw_shades(const view *v, PLFLT *shedge) {
    const cevns_analysis *a = v->a;
    double xmin = fmin(a->x[0], a->x[a->nx - 1]), xmax = fmax(a->x[0], a->x[a->nx - 1]);
    double ymin = fmin(a->y[0], a->y[a->ny - 1]), ymax = fmax(a->y[0], a->y[a->ny - 1]);
    PLFLT **shade = NULL;
    PLcGrid grid;
    for (int i = 0; i <= N_SHADES; i++) shedge[i] = v->clip * i / N_SHADES;
    plAlloc2dGrid(&shade, (PLINT)a->nx, (PLINT)a->ny);
    if (!shade) return;
    for (size_t ix = 0; ix < a->nx; ix++)
        for (size_t iy = 0; iy < a->ny; iy++) {
            double z = a->dchi2[iy * a->nx + ix];
            shade[ix][iy] = isnan(z) ? z : fmin(z, v->clip);
        }
    grid.xg = a->x;
    grid.yg = a->y;
    grid.zg = NULL;
    grid.nx = (PLINT)a->nx;
    grid.ny = (PLINT)a->ny;
    grid.nz = 0;
    plshades((PLFLT_MATRIX)shade, (PLINT)a->nx, (PLINT)a->ny, NULL, xmin, xmax, ymin, ymax, shedge, N_SHADES + 1, 1.0,
             0, 0.0, plfill, 1, pltr1, &grid);
    plFree2dGrid(shade, (PLINT)a->nx, (PLINT)a->ny);
}

/* Polylines as the analysis stores them: (x, y) pairs, (NaN, NaN) between polylines. */
static void draw_polylines(const double *xy, size_t n) {
    double *px, *py;
    if (n == 0) return;
    px = malloc(n * sizeof *px);
    py = malloc(n * sizeof *py);
    if (px && py) {
        for (size_t k = 0; k < n; k++) {
            px[k] = xy[2 * k];
            py[k] = xy[2 * k + 1];
        }
        plot_draw_runs(n, px, py);
    }
    free(px);
    free(py);
}

/* The colour bar of Delta chi2 beside the map. */
static void draw_colour_bar(const PLFLT *shedge) {
    PLFLT cb_w, cb_h;
    PLINT label_opts[1] = {PL_COLORBAR_LABEL_BOTTOM}, sub_ticks[1] = {0}, n_values[1] = {N_SHADES + 1};
    const char *labels[1] = {"#gD#gx#u2#d"}, *axis_opts[1] = {"bcvtm"};
    PLFLT ticks[1] = {0.0};
    const PLFLT *values[1];
    values[0] = shedge;
    plcolorbar(&cb_w, &cb_h, PL_COLORBAR_SHADE, 0, 0.02, 0.0, 0.04, 0.78, 0, 1, 1, 0.0, 0.0, 0, 0.0, 1, label_opts,
               labels, 1, axis_opts, ticks, sub_ticks, n_values, values);
}

/* The window of the shown grid on a new page, its top at `top` of the page or lower to
 * leave room for legend l above it (in at most max_columns columns): the columns. */
static int window_2d(const cevns_analysis *a, const plot_legend *l, int max_columns, double top) {
    int columns = plot_viewport_below_legend(l, max_columns, 0.12, 0.82, top);
    plwind(fmin(a->x[0], a->x[a->nx - 1]), fmax(a->x[0], a->x[a->nx - 1]), fmin(a->y[0], a->y[a->ny - 1]),
           fmax(a->y[0], a->y[a->ny - 1]));
    return columns;
}

/* The frame and axis labels of the map. */
static void frame_2d(const view *v) {
    const cevns_analysis *a = v->a;
    plcol0(1);
    plbox(a->x_log ? "bcnstl" : "bcnst", 0.0, 0, a->y_log ? "bcnstlv" : "bcnstv", 0.0, 0);
    pllab(v->xlabel, v->ylabel, "");
}

static void draw_2d(const void *arg) {
    const view *v = arg;
    const cevns_analysis *a = v->a;
    PLFLT shedge[N_SHADES + 1];
    plot_legend l = {0};
    int columns;

    for (int t = 0; t < a->n_cl; t++) {
        char text[48];
        cl_text(text, sizeof text, a->cl[t]);
        plot_legend_line(&l, text, 4, 4, 1 + t % 8, 2.5);
    }
    plot_legend_mark(&l, "best fit", 4, 4, BEST_POINT_GLYPH, 1.5);
    columns = window_2d(a, &l, 3, 0.86);
    draw_shades(v, shedge);
    /* CL contours, solid then dashed styles */
    plcol0(4);
    plwidth(2.5);
    for (int t = 0; t < a->n_cl; t++) {
        pllsty(1 + t % 8);
        draw_polylines(a->contour[t], a->n_contour[t]);
    }
    pllsty(1);
    plwidth(1.0);
    frame_2d(v);
    draw_best_point(v->best_x, v->best_y);
    plot_title_above(v->title, plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, DARK));
    draw_colour_bar(shedge);
}

/* The Feldman-Cousins figure: what it needs besides the view. */
typedef struct {
    view v;
    const cevns_fc_analysis *fa;
    const cevns_map *m;
} fc_view;

/* 2 shown axes: the Delta chi2 map with, per CL, Wilks' region boundary (dashed) and
 * Feldman-Cousins' (solid); at the grid points where they disagree on the first CL, a circle
 * (inside Feldman-Cousins' region only) or a square (inside Wilks' only); the legend above
 * the map names each. */
/* The legend of the Feldman-Cousins map: per CL both boundaries, the marks, the best point. */
static void fc_2d_legend(const cevns_analysis *a, const cevns_fc_analysis *fa, plot_legend *l) {
    char text[96], cl[32];
    for (int t = 0; t < a->n_cl; t++) {
        PLINT colour = curve_colour(t) == 2 ? 4 : curve_colour(t);
        cl_text(cl, sizeof cl, a->cl[t]);
        snprintf(text, sizeof text, "%s, Wilks", cl);
        plot_legend_line(l, text, 4, colour, 2, 2.5);
        snprintf(text, sizeof text, "%s, FC", cl);
        plot_legend_line(l, text, 4, colour, 1, 2.5);
    }
    if (fa->n_cl > 0) {
        cl_text(cl, sizeof cl, fa->cl[0]);
        snprintf(text, sizeof text, "in FC's %s region only", cl);
        plot_legend_mark(l, text, 4, 6, "#[0x25cb]", 1.0);
        snprintf(text, sizeof text, "in Wilks' %s region only", cl);
        plot_legend_mark(l, text, 4, 3, "#[0x25a1]", 1.0);
    }
    plot_legend_mark(l, "best fit", 4, 4, BEST_POINT_GLYPH, 1.5);
}

static void draw_fc_2d(const void *arg) {
    const fc_view *w = arg;
    const view *v = &w->v;
    const cevns_analysis *a = v->a;
    const cevns_fc_analysis *fa = w->fa;
    PLFLT shedge[N_SHADES + 1];
    char title[400];
    size_t p, idx[CEVNS_MAP_MAX_AXES] = {0, 0, 0, 0};
    plot_legend l = {0};
    int columns;

    fc_2d_legend(a, fa, &l);
    columns = window_2d(a, &l, 2, 0.86);
    draw_shades(v, shedge);
    plwidth(2.5);
    for (int t = 0; t < a->n_cl; t++) {
        plcol0(curve_colour(t) == 2 ? 4 : curve_colour(t));
        pllsty(2);
        draw_polylines(a->contour[t], a->n_contour[t]);
        pllsty(1);
        draw_polylines(fa->contour[t], fa->n_contour[t]);
    }
    plwidth(1.0);
    for (p = 0; p < fa->n_points && fa->n_cl > 0; p++) {
        if (fa->inside_wilks[p] != fa->inside_fc[p]) {
            PLFLT px = a->x[idx[a->shown[0]]], py = a->y[idx[a->shown[1]]];
            plcol0(fa->inside_fc[p] ? 6 : 3);
            plpoin(1, &px, &py, fa->inside_fc[p] ? 4 : 6); /* circle: Feldman-Cousins only; square: Wilks only */
        }
        for (int k = w->m->n_axes - 1; k >= 0 && ++idx[k] == w->m->axis_n[k]; k--) idx[k] = 0;
    }
    frame_2d(v);
    draw_best_point(v->best_x, v->best_y);
    snprintf(title, sizeof title, "%s; Feldman-Cousins (FC), %zu toys", v->title, fa->toys);
    plot_title_above(title, plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, DARK));
    draw_colour_bar(shedge);
}

/* 1 shown axis: Delta chi2 against the axis, Wilks' thresholds (dashed) and the
 * Feldman-Cousins critical values (solid, one curve per CL), named in the legend. */
static void draw_fc_1d(const void *arg) {
    const fc_view *w = arg;
    const view *v = &w->v;
    const cevns_analysis *a = v->a;
    const cevns_fc_analysis *fa = w->fa;
    double xmin = fmin(a->x[0], a->x[a->nx - 1]), xmax = fmax(a->x[0], a->x[a->nx - 1]), ymax = v->clip;
    double *crit = malloc(a->nx * sizeof *crit);
    char text[96], cl[32], title[400];
    size_t p, idx[CEVNS_MAP_MAX_AXES] = {0, 0, 0, 0};
    plot_legend l = {0};
    if (!crit) return;
    for (int t = 0; t < fa->n_cl; t++) ymax = fmax(ymax, 1.1 * fa->critical_max[t]);
    pladv(0);
    plvpor(0.12, 0.95, 0.12, 0.90);
    plwind(xmin, xmax, 0.0, ymax);
    plcol0(1);
    plbox(a->x_log ? "bcnstl" : "bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    snprintf(title, sizeof title, "%s; Feldman-Cousins, %zu toys", v->title, fa->toys);
    pllab(v->xlabel, "#gD#gx#u2#d", title);
    plcol0(1);
    plwidth(2.0);
    plot_draw_runs(a->nx, a->x, a->dchi2);
    plot_legend_line(&l, "#gD#gx#u2#d", 1, 1, 1, 2.0);
    for (int t = 0; t < fa->n_cl; t++) {
        PLFLT lx[2] = {xmin, xmax}, ly[2];
        ly[0] = ly[1] = fa->wilks[t];
        plcol0(curve_colour(t));
        plwidth(1.5);
        pllsty(2);
        plline(2, lx, ly);
        pllsty(1);
        for (p = 0; p < fa->n_points; p++) {
            crit[idx[a->shown[0]]] = fa->critical[(size_t)t * fa->n_points + p];
            for (int k = w->m->n_axes - 1; k >= 0 && ++idx[k] == w->m->axis_n[k]; k--) idx[k] = 0;
        }
        plot_draw_runs(a->nx, a->x, crit);
        cl_text(cl, sizeof cl, fa->cl[t]);
        snprintf(text, sizeof text, "%s, Wilks threshold", cl);
        plot_legend_line(&l, text, 1, curve_colour(t), 2, 1.5);
        snprintf(text, sizeof text, "%s, Feldman-Cousins critical value", cl);
        plot_legend_line(&l, text, 1, curve_colour(t), 1, 1.5);
    }
    plwidth(1.0);
    draw_best_point(v->best_x, 0.0);
    plot_legend_mark(&l, "best fit", 1, 1, BEST_POINT_GLYPH, 1.5);
    plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_INSIDE | emptier_top_corner(a, xmin, xmax, ymax), 0.02, 0.02, 1, 0);
    free(crit);
}

/* ---------------------------------------------------------------- joint fits */

/* One experiment of a joint fit: data with errors, the fit (blue), the prediction without
 * the pulls (orange, dashed) and the background (grey), named in the legend above. */
static void draw_spectrum(const void *arg) {
    const cevns_spectrum *s = arg;
    size_t n = s->n_bins, i;
    double *px = malloc(2 * n * sizeof *px), *py = malloc(2 * n * sizeof *py), *pred = malloc(n * sizeof *pred);
    double ymax = 0.0;
    char xlabel[64], title[192], name[160];
    plot_legend l = {0};
    int columns;
    if (!px || !py || !pred) {
        free(px);
        free(py);
        free(pred);
        return;
    }
    for (i = 0; i < n; i++) {
        pred[i] = s->signal[i] + s->background[i];
        if (s->observed[i] + s->error[i] > ymax) ymax = s->observed[i] + s->error[i];
        if (pred[i] > ymax) ymax = pred[i];
        if (s->fitted[i] > ymax) ymax = s->fitted[i];
    }
    if (!(ymax > 0.0)) ymax = 1.0;
    plot_escape_text(name, sizeof name, s->name);
    cevns_observable_label(s->observable, xlabel, sizeof xlabel);
    snprintf(title, sizeof title, "%s at the best fit", name);
    plot_legend_mark(&l, "data", 1, 1, "#[0x25cf]", 0.6);
    plot_legend_line(&l, "fit (with the pulls)", 1, 2, 1, 2.0);
    plot_legend_line(&l, "prediction without the pulls", 1, 5, 2, 1.0);
    plot_legend_line(&l, "background", 1, 9, 3, 1.0);
    columns = plot_viewport_below_legend(&l, 2, 0.12, 0.95, 0.86);
    plwind(s->edges[0], s->edges[n], 0.0, 1.15 * ymax);
    plcol0(1);
    plwidth(1.0);
    plbox("bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    pllab(xlabel, "events per bin", "");
    plcol0(9);
    pllsty(3);
    plot_draw_steps(s->n_bins, s->edges, s->background, px, py);
    plcol0(5);
    pllsty(2);
    plot_draw_steps(s->n_bins, s->edges, pred, px, py);
    pllsty(1);
    plcol0(2);
    plwidth(2.0);
    plot_draw_steps(s->n_bins, s->edges, s->fitted, px, py);
    plwidth(1.0);
    plcol0(1);
    for (i = 0; i < n; i++) {
        double x = 0.5 * (s->edges[i] + s->edges[i + 1]), lo = s->observed[i] - s->error[i];
        double hi = s->observed[i] + s->error[i], y = s->observed[i];
        plpoin(1, &x, &y, 17);
        if (s->error[i] > 0.0) plerry(1, &x, &lo, &hi);
    }
    plot_title_above(title, plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, 0));
    free(px);
    free(py);
    free(pred);
}

cevns_status cevns_figures_spectra(const char *dir, const cevns_spectrum *spectra, int n, cevns_error *err) {
    cevns_status st;
    if (!dir || (n > 0 && !spectra)) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_figures_spectra: NULL argument");
    st = plot_check_devices(err);
    for (int k = 0; k < n && st == CEVNS_OK; k++) {
        char base[160];
        snprintf(base, sizeof base, "spectrum_%s", spectra[k].name);
        for (char *c = base; *c; c++)
            if (*c == '/' || *c == ' ') *c = '_';
        if (spectra[k].n_bins == 0) continue;
        for (int d = 0; d < 2 && st == CEVNS_OK; d++)
            st = plot_render(dir, base, plot_devices[d][1], plot_devices[d][0], &spectra[k], draw_spectrum, err);
    }
    return st;
}

cevns_status cevns_figures_write(const char *dir, const cevns_map *m, const cevns_analysis *a, cevns_error *err) {
    view v;
    cevns_status st;

    if (!dir || !m || !a) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_figures_write: NULL argument");
    if ((st = plot_check_devices(err)) != CEVNS_OK) return st;
    st = view_init(m, a, &v, err);
    for (int d = 0; d < 2 && st == CEVNS_OK; d++)
        st = plot_render(dir, a->n_shown == 1 ? "delta_chi2" : "chi2_map", plot_devices[d][1], plot_devices[d][0], &v,
                    a->n_shown == 1 ? draw_1d : draw_2d, err);
    for (int d = 0; d < 2 && st == CEVNS_OK && a->n_shown == 2; d++)
        st = plot_render(dir, "exclusion", plot_devices[d][1], plot_devices[d][0], &v, draw_limits, err);
    view_free(&v);
    return st;
}

cevns_status cevns_figures_fc(const char *dir, const cevns_map *m, const cevns_analysis *a,
                              const cevns_fc_analysis *fa, cevns_error *err) {
    fc_view w;
    cevns_status st;
    if (!dir || !m || !a || !fa) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_figures_fc: NULL argument");
    if ((st = plot_check_devices(err)) != CEVNS_OK) return st;
    st = view_init(m, a, &w.v, err);
    w.fa = fa;
    w.m = m;
    for (int d = 0; d < 2 && st == CEVNS_OK; d++)
        st = plot_render(dir, "fc_regions", plot_devices[d][1], plot_devices[d][0], &w, a->n_shown == 1 ? draw_fc_1d : draw_fc_2d,
                    err);
    view_free(&w.v);
    return st;
}

#else /* !CEVNS_HAVE_PLPLOT */

cevns_status cevns_figures_fc(const char *dir, const cevns_map *m, const cevns_analysis *a,
                              const cevns_fc_analysis *fa, cevns_error *err) {
    (void)m;
    (void)a;
    (void)fa;
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "%s: figures need PLplot, and this cevns was built without it",
                           dir ? dir : "(run)");
}

cevns_status cevns_figures_spectra(const char *dir, const cevns_spectrum *spectra, int n, cevns_error *err) {
    (void)spectra;
    (void)n;
    return cevns_error_set(err, CEVNS_EUNAVAILABLE, "%s: figures need PLplot, and this cevns was built without it",
                           dir ? dir : "(run)");
}

cevns_status cevns_figures_write(const char *dir, const cevns_map *m, const cevns_analysis *a, cevns_error *err) {
    (void)m;
    (void)a;
    return plot_unavailable(dir ? dir : "(run)", err);
}

#endif
