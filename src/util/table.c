/* table.c - strict reader for numeric text tables (see include/cevns/table.h). */
#include "cevns/table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n'; }

/* Parse the numbers of one line into vals (grown as needed). Returns the count,
 * or -1 with err filled when a field is not a finite number. */
static long parse_line(const char *line, const char *path, long lineno, double **vals, size_t *cap,
                       cevns_error *err) {
    const char *p = line;
    long n = 0;
    while (*p) {
        while (*p && is_separator(*p)) p++;
        if (!*p) break;
        {
            char *end = NULL;
            double v;
            errno = 0;
            v = strtod(p, &end);
            if (end == p || (*end && !is_separator(*end))) {
                const char *q = p;
                size_t len = 0;
                while (q[len] && !is_separator(q[len]) && len < 40) len++;
                cevns_error_set(err, CEVNS_EDATA, "%s:%ld: '%.*s' is not a number (allowed: numbers separated by spaces or commas; comments start with '#')",
                                path, lineno, (int)len, p);
                return -1;
            }
            if (!isfinite(v) || errno == ERANGE) {
                cevns_error_set(err, CEVNS_EDATA, "%s:%ld: value %.*s is not a finite number", path, lineno,
                                (int)(end - p), p);
                return -1;
            }
            if ((size_t)n == *cap) {
                size_t nc = *cap ? 2 * *cap : 8;
                double *nv = realloc(*vals, nc * sizeof *nv);
                if (!nv) {
                    cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
                    return -1;
                }
                *vals = nv;
                *cap = nc;
            }
            (*vals)[n++] = v;
            p = end;
        }
    }
    return n;
}

cevns_status cevns_table_create(const char *path, size_t min_cols, cevns_table *out, cevns_error *err) {
    FILE *f;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    long lineno = 0;
    double *row = NULL, *data = NULL;
    long *lines = NULL;
    size_t row_cap = 0, data_cap = 0, line_cap_rows = 0, rows = 0, cols = 0;
    cevns_status st = CEVNS_OK;

    memset(out, 0, sizeof *out);
    f = fopen(path, "r");
    if (!f) return cevns_error_set(err, CEVNS_EDATA, "%s: cannot open: %s", path, strerror(errno));
    while ((len = getline(&line, &line_cap, f)) != -1) {
        const char *p = line;
        long n;
        lineno++;
        if (memchr(line, '\0', (size_t)len)) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: binary data (NUL byte) in a text table", path, lineno);
            break;
        }
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0') continue;
        n = parse_line(p, path, lineno, &row, &row_cap, err);
        if (n < 0) {
            st = CEVNS_EDATA;
            break;
        }
        if (n == 0) continue;
        if (rows == 0) {
            cols = (size_t)n;
            if (cols < min_cols) {
                st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %zu column(s), need at least %zu", path, lineno, cols,
                                     min_cols);
                break;
            }
        } else if ((size_t)n != cols) {
            st = cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %ld column(s), but earlier rows have %zu", path, lineno, n,
                                 cols);
            break;
        }
        if ((rows + 1) * cols > data_cap) {
            size_t nc = data_cap ? 2 * data_cap : 64 * cols;
            double *nd = realloc(data, nc * sizeof *nd);
            if (!nd) {
                st = cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
                break;
            }
            data = nd;
            data_cap = nc;
        }
        if (rows == line_cap_rows) {
            size_t nc = line_cap_rows ? 2 * line_cap_rows : 64;
            long *nl = realloc(lines, nc * sizeof *nl);
            if (!nl) {
                st = cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
                break;
            }
            lines = nl;
            line_cap_rows = nc;
        }
        lines[rows] = lineno;
        memcpy(data + rows * cols, row, cols * sizeof *row);
        rows++;
    }
    if (st == CEVNS_OK && ferror(f)) st = cevns_error_set(err, CEVNS_EIO, "%s: read error", path);
    if (st == CEVNS_OK && rows == 0) st = cevns_error_set(err, CEVNS_EDATA, "%s: no data rows", path);
    fclose(f);
    free(line);
    free(row);
    if (st != CEVNS_OK) {
        free(data);
        free(lines);
        return st;
    }
    out->rows = rows;
    out->cols = cols;
    out->v = data;
    out->line = lines;
    return CEVNS_OK;
}

cevns_status cevns_table_check_increasing(const cevns_table *t, size_t c, const char *path, cevns_error *err) {
    size_t r;
    for (r = 1; r < t->rows; r++)
        if (!(t->v[r * t->cols + c] > t->v[(r - 1) * t->cols + c]))
            return cevns_error_set(err, CEVNS_EDATA,
                                   "%s: column %zu must be strictly increasing, but row %zu (%g) follows %g", path, c + 1,
                                   r + 1, t->v[r * t->cols + c], t->v[(r - 1) * t->cols + c]);
    return CEVNS_OK;
}

void cevns_table_free(cevns_table *t) {
    if (!t) return;
    free(t->v);
    free(t->line);
    t->v = NULL;
    t->line = NULL;
    t->rows = t->cols = 0;
}
