/* plot_page.c - what every figure shares (src/io/plot.c, plot_rate.c), with PLplot (cairo
 * drivers): the colour table, PLplot text, curves broken at NaN, step histograms, legends
 * laid out above the frame, and the files: each drawn to <name>.tmp in its own PLplot
 * stream (plmkstrm ... plend1) and renamed only when it ends as a whole PNG or PDF file does
 * (cairo reports no write error, so a full disk shows as a cut file).  PLplot is not
 * thread-safe, and it exits the process on some fatal errors, so the device and the output
 * file are checked before plinit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"
#include "io/plot_page.h"

#if CEVNS_HAVE_PLPLOT

#include <math.h>
#include <sys/stat.h>

/* PLplot text: '#' starts an escape sequence, so a literal one is "##". */
void plot_escape_text(char *out, size_t size, const char *in) {
    size_t o = 0;
    for (; *in && o + 2 < size; in++) {
        if (*in == '#') out[o++] = '#';
        out[o++] = *in;
    }
    out[o] = '\0';
}

void plot_set_colours(void) {
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


/* Draws the finite runs of a curve (NaN breaks it). */
void plot_draw_runs(size_t n, const double *x, const double *y) {
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
void plot_legend_line(plot_legend *l, const char *text, PLINT text_colour, PLINT colour, PLINT style, PLFLT width) {
    int i = legend_add(l, text, text_colour);
    if (i < 0) return;
    l->opt[i] = PL_LEGEND_LINE;
    l->line_colours[i] = colour;
    l->line_styles[i] = style;
    l->line_widths[i] = width;
}

/* An entry for marks drawn as `glyph` (PLplot text) in colour. */
void plot_legend_mark(plot_legend *l, const char *text, PLINT text_colour, PLINT colour, const char *glyph, PLFLT scale) {
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
PLFLT plot_legend_draw(const plot_legend *l, PLINT position, PLFLT x, PLFLT y, int ncolumn, PLINT bg) {
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
int plot_viewport_below_legend(const plot_legend *l, int max_columns, PLFLT x0, PLFLT x1, PLFLT top) {
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
void plot_title_above(const char *title, PLFLT legend_h) {
    PLFLT def_mm, char_mm, sx0, sx1, sy0, sy1, vx0, vx1, vy0, vy1;
    plgchr(&def_mm, &char_mm);
    plgspa(&sx0, &sx1, &sy0, &sy1);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    plcol0(1);
    plmtex("t", (legend_h + LEGEND_GAP) * (vy1 - vy0) * (sy1 - sy0) / char_mm + 1.5, 0.5, 0.5, title);
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

/* path.tmp drawn with `device` (ext "png" or "pdf") and checked whole; path itself is not touched. */
cevns_status plot_render_tmp(const char *path, const char *ext, const char *device, const void *v,
                             void (*draw)(const void *), cevns_error *err) {
    char tmp[4200];
    PLINT old_strm = 0, strm = -1;
    struct stat sb;
    FILE *f;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return cevns_error_set(err, CEVNS_EIO, "%s: path too long", path);
    /* PLplot exits the process when it cannot open its output: check first */
    f = fopen(tmp, "wb");
    if (!f) return cevns_error_set(err, CEVNS_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    fclose(f);

    plgstrm(&old_strm);
    plmkstrm(&strm);
    if (strm < 0) {
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: PLplot could not create a new stream", path);
    }
    plsdev(device);
    plsfnam(tmp);
    plspage(0.0, 0.0, PAGE_W, PAGE_H, 0, 0);
    plot_set_colours();
    plinit();
    draw(v);
    plend1();
    plsstrm(old_strm);

    if (stat(tmp, &sb) != 0 || sb.st_size == 0) {
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: PLplot device %s wrote nothing", path, device);
    }
    if (!file_complete(tmp, ext)) {
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO,
                               "%s: PLplot device %s wrote an incomplete file (%lld bytes; a full disk or a file-size "
                               "limit?)",
                               path, device, (long long)sb.st_size);
    }
    return CEVNS_OK;
}

cevns_status plot_commit(const char *path, cevns_error *err) {
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot rename %s to it: %s", path, tmp, strerror(e));
    }
    return CEVNS_OK;
}

cevns_status plot_render(const char *dir, const char *base, const char *ext, const char *device, const void *v,
                         void (*draw)(const void *), cevns_error *err) {
    char final[4096];
    cevns_status st;
    if ((size_t)snprintf(final, sizeof final, "%s/%s.%s", dir, base, ext) >= sizeof final)
        return cevns_error_set(err, CEVNS_EIO, "%s: path too long", dir);
    st = plot_render_tmp(final, ext, device, v, draw, err);
    return st == CEVNS_OK ? plot_commit(final, err) : st;
}

const char *const plot_devices[2][2] = {{"pngcairo", "png"}, {"pdfcairo", "pdf"}};

cevns_status plot_check_devices(cevns_error *err) {
    for (int d = 0; d < 2; d++)
        if (!has_device(plot_devices[d][0]))
            return cevns_error_set(err, CEVNS_EUNAVAILABLE,
                                   "figures need the PLplot cairo driver (device %s), which is not installed "
                                   "(Debian: apt-get install plplot-driver-cairo)",
                                   plot_devices[d][0]);
    return CEVNS_OK;
}


/* The step curve of per-bin values y over edges (n + 1 values; 2 n points into px, py). */
void plot_draw_steps(size_t n, const double *edges, const double *y, double *px, double *py) {
    for (size_t i = 0; i < n; i++) {
        px[2 * i] = edges[i];
        px[2 * i + 1] = edges[i + 1];
        py[2 * i] = py[2 * i + 1] = y[i];
    }
    plot_draw_runs(2 * n, px, py);
}

#else /* !CEVNS_HAVE_PLPLOT */

cevns_status plot_unavailable(const char *what, cevns_error *err) {
    return cevns_error_set(err, CEVNS_EUNAVAILABLE,
                           "%s: figures need PLplot, and this cevns was built without it (install libplplot-dev and "
                           "plplot-driver-cairo, then reconfigure with -DCEVNS_PLOTTING=ON)",
                           what ? what : "(figure)");
}

#endif
