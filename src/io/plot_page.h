/* plot_page.h - what every figure shares (src/io/plot_page.c): the page, the colour table,
 * PLplot text, curves, step histograms, legends above the frame and the files written whole
 * (<name>.tmp, checked, renamed).  Internal to src/io. */
#ifndef CEVNS_SRC_PLOT_PAGE_H
#define CEVNS_SRC_PLOT_PAGE_H

#include <stddef.h>

#include "cevns/status.h"

#if CEVNS_HAVE_PLPLOT

#include <plplot/plplot.h>

#define PAGE_W 1000
#define PAGE_H 750
#define DARK 10 /* colour 10: the background of a legend of white lines (the map's contours) */
#define LEGEND_MAX 16
#define LEGEND_GAP 0.04 /* between the frame and a legend above it (normalised viewport), clear of tick labels */

/* A legend being built: one entry per curve or kind of mark. */
typedef struct {
    int n;
    char text[LEGEND_MAX][160];
    const char *texts[LEGEND_MAX], *symbols[LEGEND_MAX];
    PLINT opt[LEGEND_MAX], text_colours[LEGEND_MAX], line_colours[LEGEND_MAX], line_styles[LEGEND_MAX];
    PLINT symbol_colours[LEGEND_MAX], symbol_numbers[LEGEND_MAX];
    PLFLT line_widths[LEGEND_MAX], symbol_scales[LEGEND_MAX];
} plot_legend;

/* PLplot text: '#' starts an escape sequence, so a literal one is "##". */
void plot_escape_text(char *out, size_t size, const char *in);
/* The colour table (cmap0: 0 white, 1 black, 2 blue, 3 red, 4 white, 5 orange, 6 green, 7 purple,
 * 8 brown, 9 grey, DARK; cmap1: viridis). */
void plot_set_colours(void);
/* Draws the finite runs of a curve (NaN breaks it). */
void plot_draw_runs(size_t n, const double *x, const double *y);
/* The step curve of per-bin values y over edges (n + 1 values; 2 n points into px, py). */
void plot_draw_steps(size_t n, const double *edges, const double *y, double *px, double *py);
/* An entry for a curve drawn in colour, line style (pllsty) and width. */
void plot_legend_line(plot_legend *l, const char *text, PLINT text_colour, PLINT colour, PLINT style, PLFLT width);
/* An entry for marks drawn as `glyph` (PLplot text) in colour. */
void plot_legend_mark(plot_legend *l, const char *text, PLINT text_colour, PLINT colour, const char *glyph,
                      PLFLT scale);
/* The legend at `position` (PL_POSITION_*), offset (x, y), in ncolumn columns, on a
 * background of colour bg; its height in normalised viewport coordinates (0: none). */
PLFLT plot_legend_draw(const plot_legend *l, PLINT position, PLFLT x, PLFLT y, int ncolumn, PLINT bg);
/* A new page's viewport from x0 to x1 (and up from 0.12) whose top, at most `top`, leaves
 * room above it for legend l in at most max_columns columns and a title; the columns. */
int plot_viewport_below_legend(const plot_legend *l, int max_columns, PLFLT x0, PLFLT x1, PLFLT top);
/* The figure's title above a legend of height legend_h (normalised viewport coordinates)
 * that sits LEGEND_GAP above the frame. */
void plot_title_above(const char *title, PLFLT legend_h);

/* {device, extension}: {"pngcairo", "png"}, {"pdfcairo", "pdf"}. */
extern const char *const plot_devices[2][2];
/* CEVNS_EUNAVAILABLE unless both cairo devices are installed. */
cevns_status plot_check_devices(cevns_error *err);
/* path + ".tmp" drawn by draw(v) with `device` (ext "png" or "pdf") and checked to end as a
 * whole file does; removed on failure.  path itself is not touched (plot_commit). */
cevns_status plot_render_tmp(const char *path, const char *ext, const char *device, const void *v,
                             void (*draw)(const void *), cevns_error *err);
/* Rename path + ".tmp" to path. */
cevns_status plot_commit(const char *path, cevns_error *err);
/* dir/base.ext through plot_render_tmp and plot_commit. */
cevns_status plot_render(const char *dir, const char *base, const char *ext, const char *device, const void *v,
                         void (*draw)(const void *), cevns_error *err);

#else

/* CEVNS_EUNAVAILABLE: "<what>: figures need PLplot, and this cevns was built without it (...)". */
cevns_status plot_unavailable(const char *what, cevns_error *err);

#endif

#endif
