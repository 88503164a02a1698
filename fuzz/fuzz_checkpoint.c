/* fuzz_checkpoint.c - scan checkpoints: the input bytes as checkpoint-0.bin of
 * a run folder, loaded by cevns_checkpoint_load_all for a run with a fixed
 * identity and grid (4 chunks of 5 values), then reopened for appending by
 * cevns_checkpoint_open (which cuts a torn last record), one chunk recorded
 * and the folder loaded again: that chunk must then be done.
 *
 * Headers and records carry FNV-1a checksums, which random mutation almost
 * never gets right, so every input is also tried a second time with its
 * checksums recomputed (the layout of src/scan/checkpoint.c): that sends the
 * mutations past the checksums into the identity, grid and record logic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "scan/checkpoint.h"

#define FUZZ_CK_CHUNKS 4
#define FUZZ_CK_VALUES 5
#define FUZZ_CK_PRE 24                                 /* magic, format, 0, identity length */
#define FUZZ_CK_POST 24                                /* n_chunks, chunk_values, checksum */
#define FUZZ_CK_RECORD (16 + 8 * FUZZ_CK_VALUES)       /* index, values, checksum */

static const char *const fuzz_ck_identity =
    "cevns 0.1.0\npoints 20 chunk 5 values 5\n{\n\t\"name\":\t\"fuzz\",\n\t\"grid\":\t[1, 2, 3, 4]\n}\n";

static uint64_t fuzz_ck_fnv(const uint8_t *p, size_t n) {
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static void fuzz_ck_put(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* Recompute the header checksum and those of the whole records after it. */
static void fuzz_ck_fix_checksums(uint8_t *b, size_t size) {
    uint64_t len = 0;
    size_t head, at;
    if (size < FUZZ_CK_PRE) return;
    for (int i = 7; i >= 0; i--) len = (len << 8) | b[16 + i];
    if (len > size || FUZZ_CK_PRE + FUZZ_CK_POST + len > size) return;
    head = FUZZ_CK_PRE + (size_t)len + FUZZ_CK_POST;
    fuzz_ck_put(b + head - 8, fuzz_ck_fnv(b, head - 8));
    for (at = head; at + FUZZ_CK_RECORD <= size; at += FUZZ_CK_RECORD)
        fuzz_ck_put(b + at + FUZZ_CK_RECORD - 8, fuzz_ck_fnv(b + at, FUZZ_CK_RECORD - 8));
}

static cevns_status fuzz_ck_once(const uint8_t *data, size_t size) {
    char path[1024];
    unsigned char done[FUZZ_CK_CHUNKS];
    double values[FUZZ_CK_CHUNKS * FUZZ_CK_VALUES], mine[FUZZ_CK_VALUES] = {1.5, -2.0, 0.0, 1e300, 5e-324};
    cevns_checkpoint *c = NULL;
    cevns_error err = {{0}};
    cevns_status st, first;
    const char *dir = fuzz_scratch_dir();
    fuzz_scratch_clear(0);
    fuzz_write_file("checkpoint-0.bin", data, size, path, sizeof path);
    memset(done, 0, sizeof done);
    first = fuzz_check_status(
        cevns_checkpoint_load_all(dir, fuzz_ck_identity, FUZZ_CK_CHUNKS, FUZZ_CK_VALUES, done, values, &err), &err,
        "cevns_checkpoint_load_all");
    st = fuzz_check_status(
        cevns_checkpoint_open(dir, 0, fuzz_ck_identity, FUZZ_CK_CHUNKS, FUZZ_CK_VALUES, &c, &err), &err,
        "cevns_checkpoint_open");
    if (st == CEVNS_OK) {
        st = fuzz_check_status(cevns_checkpoint_record(c, 2, mine, &err), &err, "cevns_checkpoint_record");
        cevns_checkpoint_close(c);
        if (st == CEVNS_OK) {
            memset(done, 0, sizeof done);
            st = fuzz_check_status(
                cevns_checkpoint_load_all(dir, fuzz_ck_identity, FUZZ_CK_CHUNKS, FUZZ_CK_VALUES, done, values, &err),
                &err, "cevns_checkpoint_load_all (after recording)");
            if (st != CEVNS_OK || !done[2]) {
                fprintf(stderr, "cevns fuzz: a chunk recorded after reopening is not loaded back (%s)\n",
                        st != CEVNS_OK ? err.msg : "not done");
                abort();
            }
        }
    }
    fuzz_scratch_clear(0);
    return fuzz_first_failure(first, st);
}

static cevns_status fuzz_checkpoint(const uint8_t *data, size_t size) {
    cevns_status st = fuzz_ck_once(data, size);
    uint8_t *fixed = malloc(size ? size : 1);
    if (!fixed) abort();
    if (size) memcpy(fixed, data, size);
    fuzz_ck_fix_checksums(fixed, size);
    if (size && memcmp(fixed, data, size) != 0) fuzz_ck_once(fixed, size);
    free(fixed);
    return st;
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_checkpoint(data, size);
    return 0;
}
#endif
