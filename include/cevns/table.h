/* table.h - numeric text tables: the one reader for every data file.
 * Lines starting with '#' and blank lines are skipped; columns are separated by
 * spaces, tabs or commas; every data row must have the same number of columns;
 * every value must parse completely and be finite.  Errors name file and line. */
#ifndef CEVNS_TABLE_H
#define CEVNS_TABLE_H

#include <stddef.h>

#include "cevns/status.h"

typedef struct {
    size_t rows, cols;
    double *v; /* row-major: v[r * cols + c] */
    long *line; /* the file's line number of each row (for messages) */
} cevns_table;

/* Read `path`; at least min_cols columns and one row. */
CEVNS_API cevns_status cevns_table_create(const char *path, size_t min_cols, cevns_table *out, cevns_error *err);
/* Check column c is strictly increasing (name is used in the message). */
CEVNS_API cevns_status cevns_table_check_increasing(const cevns_table *t, size_t c, const char *path, cevns_error *err);
CEVNS_API void cevns_table_free(cevns_table *t);

#endif
