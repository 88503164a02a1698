/* plot_rate.c - the rate figure (cevns_figures_rate): expected events per bin of one or
 * several models as step histograms against the observable, with PLplot.  Everything drawn
 * is the caller's counts (`cevns rate --figure` computes them with cevns_experiment_rate);
 * this file only checks them and chooses colours, ranges and labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"
#include "io/axis_label.h"
#include "io/plot_page.h"

#define LOG_DECADES_AUTO 2.0 /* automatic log y beyond this span of the drawn counts */
#define LOG_DECADES_MAX 6.0  /* a log window shows at most this many decades below the largest count */

/* Arguments a binding may get wrong: CEVNS_EUSAGE naming the field. */
static cevns_status check_figure(const char *stem, const cevns_rate_figure *f, cevns_error *err) {
    if (!stem || !stem[0] || !f) return cevns_error_set(err, CEVNS_EUSAGE, "cevns_figures_rate: no path stem or no figure");
    if (f->n_bins == 0 || !f->edges || f->n_components == 0 || !f->component_names || f->n_models < 1 || !f->models)
        return cevns_error_set(err, CEVNS_EUSAGE,
                               "%s: the rate figure needs n_bins >= 1 with edges, n_components >= 1 with their names "
                               "and n_models >= 1 with their counts",
                               stem);
    for (size_t b = 0; b <= f->n_bins; b++)
        if (!isfinite(f->edges[b]) || (b > 0 && !(f->edges[b] > f->edges[b - 1])))
            return cevns_error_set(err, CEVNS_EUSAGE, "%s: edges[%zu] = %g: the edges must be finite and increase", stem,
                                   b, f->edges[b]);
    for (size_t k = 0; k < f->n_components; k++)
        if (!f->component_names[k])
            return cevns_error_set(err, CEVNS_EUSAGE, "%s: component_names[%zu] is NULL", stem, k);
    for (int m = 0; m < f->n_models; m++) {
        if (!f->models[m].counts)
            return cevns_error_set(err, CEVNS_EUSAGE, "%s: models[%d] has no counts", stem, m);
        for (size_t i = 0; i < f->n_bins * f->n_components; i++)
            if (!isfinite(f->models[m].counts[i]))
                return cevns_error_set(err, CEVNS_EUSAGE, "%s: models[%d].counts[%zu] is not finite", stem, m, i);
    }
    return CEVNS_OK;
}

#if CEVNS_HAVE_PLPLOT

/* One line of the figure: per-bin values, how it is drawn and its legend text. */
typedef struct {
    double *y;
    PLINT colour, style;
    PLFLT width;
    char text[160];
} rate_line;

typedef struct {
    const cevns_rate_figure *f;
    rate_line *lines;
    int n_lines;
    int log_y;
    double ymin, ymax; /* the window (log10 on a log axis) */
} rate_view;

static PLINT component_colour(int k) {
    static const PLINT c[7] = {2, 5, 6, 3, 7, 8, 9};
    return c[k % 7];
}

static PLINT model_colour(int m) {
    static const PLINT c[8] = {1, 2, 3, 6, 5, 7, 8, 9};
    return c[m % 8];
}

static double count(const cevns_rate_figure *f, int m, size_t b, size_t k) {
    return f->models[m].counts[b * f->n_components + k];
}

static int component_nonzero(const cevns_rate_figure *f, int m, size_t k) {
    for (size_t b = 0; b < f->n_bins; b++)
        if (count(f, m, b, k) != 0.0) return 1;
    return 0;
}

/* A new line (NULL when out of memory): y gets model m's component k, or its total (k < 0). */
static rate_line *add_line(rate_view *v, int m, long k, PLINT colour, PLINT style, PLFLT width, const char *text) {
    const cevns_rate_figure *f = v->f;
    rate_line *l = &v->lines[v->n_lines];
    if (!(l->y = malloc(f->n_bins * sizeof *l->y))) return NULL;
    for (size_t b = 0; b < f->n_bins; b++) {
        double s = 0.0;
        for (size_t c = 0; c < f->n_components; c++)
            if (k < 0 || (size_t)k == c) s += count(f, m, b, c);
        l->y[b] = s;
    }
    l->colour = colour;
    l->style = style;
    l->width = width;
    plot_escape_text(l->text, sizeof l->text, text);
    v->n_lines++;
    return l;
}

/* Model m's label, or "model <m + 1>". */
static void model_label(const cevns_rate_figure *f, int m, char *out, size_t size) {
    if (f->models[m].label && f->models[m].label[0]) snprintf(out, size, "%s", f->models[m].label);
    else snprintf(out, size, "model %d", m + 1);
}

/* The lines: one model, its non-zero components and the total; several, each total (and
 * its non-zero components, dashed, when asked). */
static cevns_status build_lines(rate_view *v, cevns_error *err) {
    const cevns_rate_figure *f = v->f;
    size_t most = (size_t)f->n_models * (f->n_components + 1);
    char text[320], label[128];
    if (!(v->lines = calloc(most, sizeof *v->lines))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    for (int m = 0; m < f->n_models; m++) {
        int several = f->n_models > 1;
        model_label(f, m, label, sizeof label);
        if (!several || f->show_components)
            for (size_t k = 0; k < f->n_components; k++) {
                if (!component_nonzero(f, m, k)) continue;
                if (several) snprintf(text, sizeof text, "%s: %s", label, f->component_names[k]);
                else snprintf(text, sizeof text, "%s", f->component_names[k]);
                if (!add_line(v, m, (long)k, several ? model_colour(m) : component_colour((int)k), several ? 2 : 1,
                              1.5, text))
                    return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
            }
        snprintf(text, sizeof text, several ? "%s" : "total (%s)", label);
        if (!add_line(v, m, -1, model_colour(several ? m : 0), 1, 2.5, text))
            return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    }
    return CEVNS_OK;
}

/* The y window: linear from 0, or logarithmic over the positive values drawn (at most
 * LOG_DECADES_MAX decades below the largest), chosen by f->log_y. */
static void choose_window(rate_view *v) {
    double hi = 0.0, lo = INFINITY;
    for (int i = 0; i < v->n_lines; i++)
        for (size_t b = 0; b < v->f->n_bins; b++) {
            double y = v->lines[i].y[b];
            if (y > hi) hi = y;
            if (y > 0.0 && y < lo) lo = y;
        }
    if (!(hi > 0.0)) hi = lo = 1.0;
    v->log_y = v->f->log_y > 0 || (v->f->log_y < 0 && log10(hi / lo) > LOG_DECADES_AUTO);
    if (!v->log_y) {
        v->ymin = 0.0;
        v->ymax = 1.15 * hi;
        return;
    }
    v->ymax = ceil(log10(hi) + 0.05);
    v->ymin = fmax(floor(log10(lo)), floor(log10(hi) - LOG_DECADES_MAX));
    if (v->ymax - v->ymin < 1.0) v->ymin = v->ymax - 1.0;
}

static void rate_view_free(rate_view *v) {
    for (int i = 0; i < v->n_lines; i++) free(v->lines[i].y);
    free(v->lines);
}

/* "events per bin", with the width when every bin has the same one. */
static void y_label(const cevns_rate_figure *f, char *out, size_t size) {
    double w = f->edges[1] - f->edges[0];
    char unit[32];
    int uniform = 1;
    for (size_t b = 1; b < f->n_bins; b++)
        if (fabs(f->edges[b + 1] - f->edges[b] - w) > 1e-9 * fabs(w)) uniform = 0;
    plot_escape_text(unit, sizeof unit, f->observable ? f->observable : "");
    if (uniform) snprintf(out, size, "events per bin (%.4g %s)", w, unit);
    else snprintf(out, size, "events per bin");
}

static void draw_rate(const void *arg) {
    const rate_view *v = arg;
    const cevns_rate_figure *f = v->f;
    size_t n = f->n_bins;
    double *px = malloc(2 * n * sizeof *px), *py = malloc(2 * n * sizeof *py), *y = malloc(n * sizeof *y);
    char xlabel[128], ylabel[96], title[320];
    plot_legend l = {0};
    int columns;
    if (!px || !py || !y) {
        free(px);
        free(py);
        free(y);
        return;
    }
    for (int i = 0; i < v->n_lines; i++)
        plot_legend_line(&l, v->lines[i].text, 1, v->lines[i].colour, v->lines[i].style, v->lines[i].width);
    columns = plot_viewport_below_legend(&l, 2, 0.12, 0.95, 0.86);
    plwind(f->edges[0], f->edges[n], v->ymin, v->ymax);
    plcol0(1);
    plwidth(1.0);
    plbox("bcnst", 0.0, 0, v->log_y ? "bcnstlv" : "bcnstv", 0.0, 0);
    cevns_observable_label(f->observable ? f->observable : "", xlabel, sizeof xlabel);
    y_label(f, ylabel, sizeof ylabel);
    pllab(xlabel, ylabel, "");
    /* components first, totals over them; on a log axis a count below the window sits on its floor */
    for (int i = 0; i < v->n_lines; i++) {
        const rate_line *r = &v->lines[i];
        for (size_t b = 0; b < n; b++) y[b] = !v->log_y ? r->y[b] : r->y[b] > 0.0 ? fmax(log10(r->y[b]), v->ymin) : v->ymin;
        plcol0(r->colour);
        pllsty(r->style);
        plwidth(r->width);
        plot_draw_steps(n, f->edges, y, px, py);
    }
    pllsty(1);
    plwidth(1.0);
    plot_escape_text(title, sizeof title, f->title && f->title[0] ? f->title : "expected events");
    plot_title_above(title, plot_legend_draw(&l, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.0, LEGEND_GAP, columns, 0));
    free(px);
    free(py);
    free(y);
}

cevns_status cevns_figures_rate(const char *path_stem, const cevns_rate_figure *fig, cevns_error *err) {
    char path[2][4096 + 8];
    rate_view v = {0};
    cevns_status st = check_figure(path_stem, fig, err);
    int drawn = 0;
    if (st == CEVNS_OK) st = plot_check_devices(err);
    for (int d = 0; d < 2 && st == CEVNS_OK; d++)
        if ((size_t)snprintf(path[d], 4096, "%s.%s", path_stem, plot_devices[d][1]) >= 4096)
            st = cevns_error_set(err, CEVNS_EIO, "%s: path too long", path_stem);
    if (st != CEVNS_OK) return st;
    v.f = fig;
    st = build_lines(&v, err);
    if (st == CEVNS_OK) choose_window(&v);
    for (; drawn < 2 && st == CEVNS_OK; drawn += st == CEVNS_OK)
        st = plot_render_tmp(path[drawn], plot_devices[drawn][1], plot_devices[drawn][0], &v, draw_rate, err);
    /* both whole, or neither: the PNG waits for the PDF */
    for (int d = 0; d < 2; d++)
        if (st == CEVNS_OK) st = plot_commit(path[d], err);
        else if (d < drawn) {
            strcat(path[d], ".tmp");
            remove(path[d]);
        }
    rate_view_free(&v);
    return st;
}

#else /* !CEVNS_HAVE_PLPLOT */

cevns_status cevns_figures_rate(const char *path_stem, const cevns_rate_figure *fig, cevns_error *err) {
    cevns_status st = check_figure(path_stem, fig, err);
    return st != CEVNS_OK ? st : plot_unavailable(path_stem, err);
}

#endif
