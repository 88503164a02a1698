/* fuzz_table.c - the numeric text table reader every data file goes through
 * (src/util/table.c): cevns_table_create on the input bytes written to a file,
 * then the strictly-increasing check on each of its columns. */
#include <stdint.h>
#include <stdio.h>

#include "cevns/table.h"
#include "fuzz_common.h"

static cevns_status fuzz_table(const uint8_t *data, size_t size) {
    char path[1024];
    cevns_table t;
    cevns_error err = {{0}};
    cevns_status st;
    fuzz_write_file("table.txt", data, size, path, sizeof path);
    st = fuzz_check_status(cevns_table_create(path, 1, &t, &err), &err, "cevns_table_create");
    if (st != CEVNS_OK) return st;
    if (t.rows == 0 || t.cols == 0 || !t.v) {
        fprintf(stderr, "cevns fuzz: cevns_table_create accepted an empty table (%zu x %zu)\n", t.rows, t.cols);
        abort();
    }
    for (size_t c = 0; c < t.cols; c++)
        fuzz_check_status(cevns_table_check_increasing(&t, c, path, &err), &err, "cevns_table_check_increasing");
    cevns_table_free(&t);
    return st;
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_table(data, size);
    return 0;
}
#endif
