/* contour.c - level curves of a gridded function by marching squares.
 *
 * A grid vertex is "above" when z >= level.  An edge between an above and a
 * below vertex is crossed at the linearly interpolated point; both cells that
 * share the edge use the same point, so segments join exactly.  Each cell has
 * 0, 2 or 4 crossed edges; with 4 (a saddle) the cell-centre value (mean of
 * the corners) decides which pair of opposite corners is joined: the two
 * corners whose side differs from the centre's are cut off.  Cells with a NaN
 * corner are skipped (curves end there).
 *
 * Segments are then chained through their shared edges into polylines: first
 * the open curves (which end at the grid boundary or at skipped cells), then
 * the closed loops, whose last point repeats their first.  Output: x, y pairs,
 * consecutive polylines separated by one (NaN, NaN) pair; *xy_out is NULL and
 * *n_out 0 when the level is not crossed.  Free *xy_out with free(). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/results.h"

#define NO_SEG SIZE_MAX

typedef struct {
    size_t nx, ny, n_hedges;   /* horizontal edges: (nx - 1) * ny, numbered first */
    const double *x, *y, *z;
    double level;
} grid;

/* Edge ids: horizontal edge from (ix, iy) to (ix + 1, iy) is iy * (nx - 1) + ix;
 * vertical edge from (ix, iy) to (ix, iy + 1) is n_hedges + iy * nx + ix. */
static size_t hedge(const grid *g, size_t ix, size_t iy) { return iy * (g->nx - 1) + ix; }
static size_t vedge(const grid *g, size_t ix, size_t iy) { return g->n_hedges + iy * g->nx + ix; }

/* The crossing point on a crossed edge. */
static void edge_point(const grid *g, size_t e, double *px, double *py) {
    size_t ix, iy, i0, i1;
    double z0, z1, t;
    if (e < g->n_hedges) {
        ix = e % (g->nx - 1);
        iy = e / (g->nx - 1);
        i0 = iy * g->nx + ix;
        i1 = i0 + 1;
    } else {
        e -= g->n_hedges;
        ix = e % g->nx;
        iy = e / g->nx;
        i0 = iy * g->nx + ix;
        i1 = i0 + g->nx;
    }
    z0 = g->z[i0];
    z1 = g->z[i1];
    /* z0 and z1 lie on opposite sides of the level, so z1 != z0; an infinite
     * value puts the point on the finite vertex (t = 0 or 1). */
    t = (g->level - z0) / (z1 - z0);
    if (!(t >= 0.0)) t = 0.0;
    if (t > 1.0) t = 1.0;
    if (i1 == i0 + 1) {
        *px = g->x[ix] + t * (g->x[ix + 1] - g->x[ix]);
        *py = g->y[iy];
    } else {
        *px = g->x[ix];
        *py = g->y[iy] + t * (g->y[iy + 1] - g->y[iy]);
    }
}

typedef struct {
    size_t *seg_edges; /* 2 per segment */
    size_t n_seg, cap_seg;
    size_t *edge_seg;  /* 2 per edge: attached segments (NO_SEG when free) */
} segments;

static int add_segment(segments *s, size_t ea, size_t eb) {
    size_t id;
    if (s->n_seg == s->cap_seg) {
        size_t cap = s->cap_seg ? 2 * s->cap_seg : 256;
        size_t *p = realloc(s->seg_edges, 2 * cap * sizeof *p);
        if (!p) return -1;
        s->seg_edges = p;
        s->cap_seg = cap;
    }
    id = s->n_seg++;
    s->seg_edges[2 * id] = ea;
    s->seg_edges[2 * id + 1] = eb;
    s->edge_seg[2 * ea + (s->edge_seg[2 * ea] != NO_SEG)] = id;
    s->edge_seg[2 * eb + (s->edge_seg[2 * eb] != NO_SEG)] = id;
    return 0;
}

/* The segments of one cell (corners v0 = (ix, iy), v1 = (ix+1, iy), v2 = (ix+1, iy+1),
 * v3 = (ix, iy+1); edges e0 = v0-v1, e1 = v1-v2, e2 = v3-v2, e3 = v0-v3). */
static int cell_segments(const grid *g, segments *s, size_t ix, size_t iy) {
    const double *z = g->z;
    size_t i0 = iy * g->nx + ix;
    double c[4];
    size_t e[4];
    int above[4], n_above = 0;
    c[0] = z[i0];
    c[1] = z[i0 + 1];
    c[2] = z[i0 + g->nx + 1];
    c[3] = z[i0 + g->nx];
    for (int k = 0; k < 4; k++) {
        if (isnan(c[k])) return 0;
        above[k] = c[k] >= g->level;
        n_above += above[k];
    }
    if (n_above == 0 || n_above == 4) return 0;
    e[0] = hedge(g, ix, iy);
    e[1] = vedge(g, ix + 1, iy);
    e[2] = hedge(g, ix, iy + 1);
    e[3] = vedge(g, ix, iy);
    if (n_above == 2 && above[0] == above[2]) {
        /* saddle: corner k is cut off by edges e[(k+3)%4] and e[k] */
        double centre = 0.25 * (c[0] + c[1] + c[2] + c[3]);
        int centre_above = centre >= g->level;
        for (int k = 0; k < 4; k++)
            if (above[k] != centre_above && add_segment(s, e[(k + 3) % 4], e[k]) < 0) return -1;
        return 0;
    }
    {
        /* exactly two crossed edges: edge k joins corners k and k+1 */
        size_t ends[2];
        int n = 0;
        for (int k = 0; k < 4; k++)
            if (above[k] != above[(k + 1) % 4]) ends[n++] = e[k];
        return add_segment(s, ends[0], ends[1]);
    }
}

typedef struct {
    double *xy;
    size_t n, cap; /* pairs */
} pointbuf;

static int push(pointbuf *b, double px, double py) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        double *p = realloc(b->xy, 2 * cap * sizeof *p);
        if (!p) return -1;
        b->xy = p;
        b->cap = cap;
    }
    b->xy[2 * b->n] = px;
    b->xy[2 * b->n + 1] = py;
    b->n++;
    return 0;
}

/* Appends a point unless it repeats the previous one (a crossing exactly on a
 * vertex is shared by two edges). */
static int push_point(pointbuf *b, size_t start, double px, double py) {
    if (b->n > start && b->xy[2 * b->n - 2] == px && b->xy[2 * b->n - 1] == py) return 0;
    return push(b, px, py);
}

/* Follows the chain from edge `first` along unused segments. */
static int trace(const grid *g, segments *s, unsigned char *used, size_t first, pointbuf *b) {
    size_t start, e = first;
    double px, py;
    if (b->n > 0 && push(b, NAN, NAN) < 0) return -1;
    start = b->n;
    edge_point(g, e, &px, &py);
    if (push_point(b, start, px, py) < 0) return -1;
    for (;;) {
        size_t seg = NO_SEG;
        for (int k = 0; k < 2; k++) {
            size_t cand = s->edge_seg[2 * e + k];
            if (cand != NO_SEG && !used[cand]) {
                seg = cand;
                break;
            }
        }
        if (seg == NO_SEG) break;
        used[seg] = 1;
        e = s->seg_edges[2 * seg] == e ? s->seg_edges[2 * seg + 1] : s->seg_edges[2 * seg];
        edge_point(g, e, &px, &py);
        if (push_point(b, start, px, py) < 0) return -1;
    }
    return 0;
}

cevns_status cevns_contour(size_t nx, size_t ny, const double *x, const double *y, const double *z, double level,
                           double **xy_out, size_t *n_out, cevns_error *err) {
    grid g;
    segments s;
    pointbuf b = {NULL, 0, 0};
    unsigned char *used = NULL;
    size_t n_edges;
    cevns_status st = CEVNS_OK;

    if (!xy_out || !n_out) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_contour: NULL output");
    *xy_out = NULL;
    *n_out = 0;
    if (nx < 2 || ny < 2) return CEVNS_OK; /* no cells */
    if (!x || !y || !z) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_contour: NULL grid");
    if (nx > SIZE_MAX / 4 / ny || 2 * nx * ny > SIZE_MAX / 2 / sizeof(size_t))
        return cevns_error_set(err, CEVNS_ENOMEM, "cevns_contour: grid %zu x %zu too large", nx, ny);

    g.nx = nx;
    g.ny = ny;
    g.n_hedges = (nx - 1) * ny;
    g.x = x;
    g.y = y;
    g.z = z;
    g.level = level;
    n_edges = g.n_hedges + nx * (ny - 1);

    memset(&s, 0, sizeof s);
    s.edge_seg = malloc(2 * n_edges * sizeof *s.edge_seg);
    if (!s.edge_seg) return cevns_error_set(err, CEVNS_ENOMEM, "cevns_contour: out of memory (%zu edges)", n_edges);
    for (size_t i = 0; i < 2 * n_edges; i++) s.edge_seg[i] = NO_SEG;

    for (size_t iy = 0; iy + 1 < ny; iy++)
        for (size_t ix = 0; ix + 1 < nx; ix++)
            if (cell_segments(&g, &s, ix, iy) < 0) {
                st = cevns_error_set(err, CEVNS_ENOMEM, "cevns_contour: out of memory (%zu segments)", s.n_seg);
                goto done;
            }
    if (s.n_seg == 0) goto done;

    used = calloc(s.n_seg, 1);
    if (!used) {
        st = cevns_error_set(err, CEVNS_ENOMEM, "cevns_contour: out of memory");
        goto done;
    }
    /* open curves start at edges with one segment */
    for (size_t e = 0; e < n_edges; e++) {
        size_t a = s.edge_seg[2 * e], c = s.edge_seg[2 * e + 1];
        if (a != NO_SEG && c == NO_SEG && !used[a] && trace(&g, &s, used, e, &b) < 0) {
            st = cevns_error_set(err, CEVNS_ENOMEM, "cevns_contour: out of memory");
            goto done;
        }
    }
    /* what remains are closed loops */
    for (size_t k = 0; k < s.n_seg; k++)
        if (!used[k] && trace(&g, &s, used, s.seg_edges[2 * k], &b) < 0) {
            st = cevns_error_set(err, CEVNS_ENOMEM, "cevns_contour: out of memory");
            goto done;
        }

done:
    free(used);
    free(s.edge_seg);
    free(s.seg_edges);
    if (st != CEVNS_OK) {
        free(b.xy);
        return st;
    }
    *xy_out = b.xy;
    *n_out = b.n;
    return CEVNS_OK;
}
