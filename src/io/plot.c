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

#if CEVNS_HAVE_PLPLOT

#include <math.h>
#include <plplot/plplot.h>
#include <sys/stat.h>

#define PAGE_W 1000
#define PAGE_H 750
#define N_SHADES 64
#define DARK 10 /* colour 10: the background of a legend of white lines (the map's contours) */

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
        escape_text(name, sizeof name, m->config_name[0] ? m->config_name : "cevns");
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
    plscol0(DARK, 45, 45, 60);  /* background of a legend of white lines */
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

static void cl_text(char *out, size_t size, double cl) { snprintf(out, size, "%g%% CL", 100.0 * cl); }

/* ---------------------------------------------------------------- legends and the best point */

#define LEGEND_MAX 16
#define LEGEND_GAP 0.04 /* between the frame and a legend above it (normalised viewport), clear of tick labels */
#define BEST_POINT_GLYPH "#[0x00d7]" /* the best point's mark: a cross */

/* A legend being built: one entry per curve or kind of mark. */
typedef struct {
    int n;
    char text[LEGEND_MAX][160];
    const char *texts[LEGEND_MAX], *symbols[LEGEND_MAX];
    PLINT opt[LEGEND_MAX], text_colours[LEGEND_MAX], line_colours[LEGEND_MAX], line_styles[LEGEND_MAX];
    PLINT symbol_colours[LEGEND_MAX], symbol_numbers[LEGEND_MAX];
    PLFLT line_widths[LEGEND_MAX], symbol_scales[LEGEND_MAX];
} plot_legend;

/* A new entry with its text (NULL when the legend is full). */
static int legend_add(plot_legend *l, const char *text, PLINT text_colour) {
    int i = l->n;
    if (i >= LEGEND_MAX) return -1;
    memset(&l->text[i], 0, sizeof l->text[i]);
    snprintf(l->text[i], sizeof l->text[i], "%s", text);
    l->texts[i] = l->text[i];
    l->text_colours[i] = text_colour;
    l->symbols[i] = "";
    l->symbol_numbers[i] = 1;
    l->symbol_scales[i] = 1.0;
    l->symbol_colours[i] = text_colour;
    l->line_colours[i] = text_colour;
    l->line_styles[i] = 1;
    l->line_widths[i] = 1.0;
    l->opt[i] = PL_LEGEND_NONE;
    l->n++;
    return i;
}

/* An entry for a curve drawn in colour, line style (pllsty) and width. */
static void legend_line(plot_legend *l, const char *text, PLINT text_colour, PLINT colour, PLINT style, PLFLT width) {
    int i = legend_add(l, text, text_colour);
    if (i < 0) return;
    l->opt[i] = PL_LEGEND_LINE;
    l->line_colours[i] = colour;
    l->line_styles[i] = style;
    l->line_widths[i] = width;
}

/* An entry for marks drawn as `glyph` (PLplot text) in colour. */
static void legend_mark(plot_legend *l, const char *text, PLINT text_colour, PLINT colour, const char *glyph, PLFLT scale) {
    int i = legend_add(l, text, text_colour);
    if (i < 0) return;
    l->opt[i] = PL_LEGEND_SYMBOL;
    l->symbols[i] = glyph;
    l->symbol_colours[i] = colour;
    l->symbol_scales[i] = scale;
}

/* The characters PLplot shows for text: an escape ("#g" + letter, "#[0x...]", "##")
 * shows as one, "#u", "#d" and font changes as none. */
static size_t shown_length(const char *text) {
    size_t n = 0;
    for (const char *c = text; *c; c++) {
        if (*c != '#' || !c[1]) {
            n++;
        } else if (c[1] == '[') {
            const char *end = strchr(c, ']');
            n++;
            c = end ? end : c + strlen(c) - 1;
        } else {
            n += c[1] == 'g' || c[1] == '#';
            c += c[1] == 'g' ? 2 : 1;
        }
    }
    return n;
}

/* The most columns, up to max, in which the legend's entries fit on the page, centred
 * over the viewport (a character of the legend's text taken as wide as it is high, as
 * measured on the cairo figures). */
static int legend_columns(const plot_legend *l, int max) {
    PLFLT def_mm, char_mm, sx0, sx1, sy0, sy1, vx0, vx1, vy0, vy1, entry_mm, room_mm;
    size_t longest = 0;
    plgchr(&def_mm, &char_mm);
    plgspa(&sx0, &sx1, &sy0, &sy1);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    for (int i = 0; i < l->n; i++)
        if (shown_length(l->texts[i]) > longest) longest = shown_length(l->texts[i]);
    entry_mm = 0.75 * char_mm * ((double)longest + 1.0) + 0.05 * (vx1 - vx0) * (sx1 - sx0);
    room_mm = (2.0 * fmin(0.5 * (vx0 + vx1), 1.0 - 0.5 * (vx0 + vx1)) - 0.01) * (sx1 - sx0);
    for (int c = max < l->n ? max : l->n; c > 1; c--)
        if (c * entry_mm <= room_mm) return c;
    return 1;
}

/* The legend at `position` (PL_POSITION_*), offset (x, y), in ncolumn columns, on a
 * background of colour bg; its height in normalised viewport coordinates (0: none). */
static PLFLT legend_draw(const plot_legend *l, PLINT position, PLFLT x, PLFLT y, int ncolumn, PLINT bg) {
    PLFLT w, h = 0.0;
    int nrow = (l->n + ncolumn - 1) / ncolumn;
    if (l->n == 0) return 0.0;
    plschr(0.0, 0.75);
    pllegend(&w, &h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX | PL_LEGEND_ROW_MAJOR, position, x, y, 0.05, bg, 1,
             1, nrow, ncolumn, l->n, l->opt, 0.8, 1.0, 2.4, 0.0, l->text_colours, l->texts, NULL,
             NULL, NULL, NULL, l->line_colours, l->line_styles, l->line_widths, l->symbol_colours, l->symbol_scales,
             l->symbol_numbers, l->symbols);
    plschr(0.0, 1.0);
    plcol0(1);
    return h;
}

/* A new page's viewport from x0 to x1 (and up from 0.12) whose top, at most `top`, leaves
 * room above it for legend l in at most max_columns columns and a title; the columns. */
static int viewport_below_legend(const plot_legend *l, int max_columns, PLFLT x0, PLFLT x1, PLFLT top) {
    int columns, rows;
    pladv(0);
    plvpor(x0, x1, 0.12, top);
    columns = legend_columns(l, max_columns);
    rows = (l->n + columns - 1) / columns;
    if (rows > 1) plvpor(x0, x1, 0.12, top - 0.04 * (rows - 1));
    return columns;
}

/* The figure's title above a legend of height legend_h (normalised viewport coordinates)
 * that sits LEGEND_GAP above the frame. */
static void title_above(const char *title, PLFLT legend_h) {
    PLFLT def_mm, char_mm, sx0, sx1, sy0, sy1, vx0, vx1, vy0, vy1;
    plgchr(&def_mm, &char_mm);
    plgspa(&sx0, &sx1, &sy0, &sy1);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plcol0(1);
    plmtex("t", (legend_h + LEGEND_GAP) * (vy1 - vy0) * (sy1 - sy0) / char_mm + 1.5, 0.5, 0.5, title);
}

/* (x, y) of the current window in the subpage's normalised coordinates. */
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
    escape_text(text, sizeof text, m->reference_label[i]);
    legend_line(l, text, 1, reference_colour(i), 4, 1.5);
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
    draw_runs(a->nx, a->x, a->dchi2);
    legend_line(&l, "#gD#gx#u2#d", 1, 2, 1, 2.0);
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
        legend_line(&l, entry, 1, 3, 2, 1.0);
    }
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        double r = reference_coord(m, i, a->x_log);
        if (isnan(r)) continue;
        draw_reference(i, r, 0.0, r, v->clip);
        reference_entry(m, i, &l);
    }
    draw_best_point(v->best_x, 0.0);
    legend_mark(&l, "best fit", 1, 1, BEST_POINT_GLYPH, 1.5);
    legend_draw(&l, PL_POSITION_TOP | PL_POSITION_INSIDE | emptier_top_corner(a, xmin, xmax, v->clip), 0.02, 0.02, 1, 0);
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
        legend_line(&l, text, 1, curve_colour(t), 1, 2.5);
    }
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++)
        if (!isnan(reference_coord(m, i, a->x_log))) reference_entry(m, i, &l);
    widen_for_references(m, a->x_log, &ymin, &ymax);
    columns = viewport_below_legend(&l, 3, 0.12, 0.95, 0.84);
    plwind(xmin, xmax, ymin, ymax);
    plcol0(1);
    plwidth(1.0);
    plbox(a->y_log ? "bcnstl" : "bcnst", 0.0, 0, a->x_log ? "bcnstlv" : "bcnstv", 0.0, 0);
    pllab(v->ylabel, v->xlabel, "");
    for (int t = 0; t < a->n_cl; t++) {
        plcol0(curve_colour(t));
        plwidth(2.5);
        pllsty(1);
        draw_runs(a->ny, a->y, v->limit + (size_t)t * a->ny);
    }
    plwidth(1.0);
    /* reference limits over the curves, dashed */
    for (int i = 0; i < m->n_reference && i < CEVNS_MAP_MAX_REFERENCE; i++) {
        double r = reference_coord(m, i, a->x_log);
        if (!isnan(r)) draw_reference(i, xmin, r, xmax, r);
    }
    title_above(v->limit_title, legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, 0));
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
        draw_runs(n, px, py);
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
    int columns = viewport_below_legend(l, max_columns, 0.12, 0.82, top);
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
        legend_line(&l, text, 4, 4, 1 + t % 8, 2.5);
    }
    legend_mark(&l, "best fit", 4, 4, BEST_POINT_GLYPH, 1.5);
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
    title_above(v->title, legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, DARK));
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
        legend_line(l, text, 4, colour, 2, 2.5);
        snprintf(text, sizeof text, "%s, FC", cl);
        legend_line(l, text, 4, colour, 1, 2.5);
    }
    if (fa->n_cl > 0) {
        cl_text(cl, sizeof cl, fa->cl[0]);
        snprintf(text, sizeof text, "in FC's %s region only", cl);
        legend_mark(l, text, 4, 6, "#[0x25cb]", 1.0);
        snprintf(text, sizeof text, "in Wilks' %s region only", cl);
        legend_mark(l, text, 4, 3, "#[0x25a1]", 1.0);
    }
    legend_mark(l, "best fit", 4, 4, BEST_POINT_GLYPH, 1.5);
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
    title_above(title, legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, DARK));
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
    draw_runs(a->nx, a->x, a->dchi2);
    legend_line(&l, "#gD#gx#u2#d", 1, 1, 1, 2.0);
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
        draw_runs(a->nx, a->x, crit);
        cl_text(cl, sizeof cl, fa->cl[t]);
        snprintf(text, sizeof text, "%s, Wilks threshold", cl);
        legend_line(&l, text, 1, curve_colour(t), 2, 1.5);
        snprintf(text, sizeof text, "%s, Feldman-Cousins critical value", cl);
        legend_line(&l, text, 1, curve_colour(t), 1, 1.5);
    }
    plwidth(1.0);
    draw_best_point(v->best_x, 0.0);
    legend_mark(&l, "best fit", 1, 1, BEST_POINT_GLYPH, 1.5);
    legend_draw(&l, PL_POSITION_TOP | PL_POSITION_INSIDE | emptier_top_corner(a, xmin, xmax, ymax), 0.02, 0.02, 1, 0);
    free(crit);
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
static cevns_status render(const char *dir, const char *base, const char *ext, const char *device, const void *v,
                           void (*draw)(const void *), cevns_error *err) {
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

static const char *const devices[2][2] = {{"pngcairo", "png"}, {"pdfcairo", "pdf"}};

static cevns_status check_devices(cevns_error *err) {
    for (int d = 0; d < 2; d++)
        if (!has_device(devices[d][0]))
            return cevns_error_set(err, CEVNS_EUNAVAILABLE,
                                   "figures need the PLplot cairo driver (device %s), which is not installed "
                                   "(Debian: apt-get install plplot-driver-cairo)",
                                   devices[d][0]);
    return CEVNS_OK;
}

/* The step curve of per-bin values y over edges (2 n points into px, py). */
static void draw_steps(const cevns_spectrum *s, const double *y, double *px, double *py) {
    for (size_t i = 0; i < s->n_bins; i++) {
        px[2 * i] = s->edges[i];
        px[2 * i + 1] = s->edges[i + 1];
        py[2 * i] = py[2 * i + 1] = y[i];
    }
    draw_runs(2 * s->n_bins, px, py);
}

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
    escape_text(name, sizeof name, s->name);
    if (strcmp(s->observable, "time_us") == 0) snprintf(xlabel, sizeof xlabel, "arrival time (#gms)");
    else if (strcmp(s->observable, "psd") == 0) snprintf(xlabel, sizeof xlabel, "pulse-shape parameter (F90)");
    else snprintf(xlabel, sizeof xlabel, "observed energy (%s)", s->observable);
    snprintf(title, sizeof title, "%s at the best fit", name);
    legend_mark(&l, "data", 1, 1, "#[0x25cf]", 0.6);
    legend_line(&l, "fit (with the pulls)", 1, 2, 1, 2.0);
    legend_line(&l, "prediction without the pulls", 1, 5, 2, 1.0);
    legend_line(&l, "background", 1, 9, 3, 1.0);
    columns = viewport_below_legend(&l, 2, 0.12, 0.95, 0.86);
    plwind(s->edges[0], s->edges[n], 0.0, 1.15 * ymax);
    plcol0(1);
    plwidth(1.0);
    plbox("bcnst", 0.0, 0, "bcnstv", 0.0, 0);
    pllab(xlabel, "events per bin", "");
    plcol0(9);
    pllsty(3);
    draw_steps(s, s->background, px, py);
    plcol0(5);
    pllsty(2);
    draw_steps(s, pred, px, py);
    pllsty(1);
    plcol0(2);
    plwidth(2.0);
    draw_steps(s, s->fitted, px, py);
    plwidth(1.0);
    plcol0(1);
    for (i = 0; i < n; i++) {
        double x = 0.5 * (s->edges[i] + s->edges[i + 1]), lo = s->observed[i] - s->error[i];
        double hi = s->observed[i] + s->error[i], y = s->observed[i];
        plpoin(1, &x, &y, 17);
        if (s->error[i] > 0.0) plerry(1, &x, &lo, &hi);
    }
    title_above(title, legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, 0));
    free(px);
    free(py);
    free(pred);
}

cevns_status cevns_figures_spectra(const char *dir, const cevns_spectrum *spectra, int n, cevns_error *err) {
    cevns_status st;
    if (!dir || (n > 0 && !spectra)) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_figures_spectra: NULL argument");
    st = check_devices(err);
    for (int k = 0; k < n && st == CEVNS_OK; k++) {
        char base[160];
        snprintf(base, sizeof base, "spectrum_%s", spectra[k].name);
        for (char *c = base; *c; c++)
            if (*c == '/' || *c == ' ') *c = '_';
        if (spectra[k].n_bins == 0) continue;
        for (int d = 0; d < 2 && st == CEVNS_OK; d++)
            st = render(dir, base, devices[d][1], devices[d][0], &spectra[k], draw_spectrum, err);
    }
    return st;
}

cevns_status cevns_figures_write(const char *dir, const cevns_map *m, const cevns_analysis *a, cevns_error *err) {
    view v;
    cevns_status st;

    if (!dir || !m || !a) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_figures_write: NULL argument");
    if ((st = check_devices(err)) != CEVNS_OK) return st;
    st = view_init(m, a, &v, err);
    for (int d = 0; d < 2 && st == CEVNS_OK; d++)
        st = render(dir, a->n_shown == 1 ? "delta_chi2" : "chi2_map", devices[d][1], devices[d][0], &v,
                    a->n_shown == 1 ? draw_1d : draw_2d, err);
    for (int d = 0; d < 2 && st == CEVNS_OK && a->n_shown == 2; d++)
        st = render(dir, "exclusion", devices[d][1], devices[d][0], &v, draw_limits, err);
    view_free(&v);
    return st;
}

cevns_status cevns_figures_fc(const char *dir, const cevns_map *m, const cevns_analysis *a,
                              const cevns_fc_analysis *fa, cevns_error *err) {
    fc_view w;
    cevns_status st;
    if (!dir || !m || !a || !fa) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_figures_fc: NULL argument");
    if ((st = check_devices(err)) != CEVNS_OK) return st;
    st = view_init(m, a, &w.v, err);
    w.fa = fa;
    w.m = m;
    for (int d = 0; d < 2 && st == CEVNS_OK; d++)
        st = render(dir, "fc_regions", devices[d][1], devices[d][0], &w, a->n_shown == 1 ? draw_fc_1d : draw_fc_2d,
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
    return cevns_error_set(err, CEVNS_EUNAVAILABLE,
                           "%s: figures need PLplot, and this cevns was built without it (install libplplot-dev and "
                           "plplot-driver-cairo, then reconfigure with -DCEVNS_PLOTTING=ON)",
                           dir ? dir : "(run)");
}

#endif
