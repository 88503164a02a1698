/* fuzz_common.h - what the libFuzzer harnesses (fuzz/fuzz_*.c) share: a private
 * scratch folder where the input bytes become the file a reader opens, and the
 * check that every entry point answers with one of the statuses of status.h.
 *
 * Each harness defines a static `fuzz_<name>(data, size)` that feeds the bytes
 * to the library's real entry point and returns the status it got, plus
 * LLVMFuzzerTestOneInput calling it.  tests/test_fuzz_regressions.c defines
 * CEVNS_FUZZ_NO_MAIN and includes the harness sources, so the Criterion suite
 * replays fuzz/regressions/ and fuzz/corpus/ through exactly the same code
 * without clang or libFuzzer. */
#ifndef CEVNS_FUZZ_COMMON_H
#define CEVNS_FUZZ_COMMON_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cevns/status.h"

#ifndef CEVNS_SOURCE_DATA_DIR
#error "CEVNS_SOURCE_DATA_DIR must name the project's data/ folder"
#endif

static char fuzz_scratch_[512];

/* Remove the plain files of the scratch folder (one level: the harnesses make
 * no sub-folders) and, when `and_dir`, the folder itself. */
static inline void fuzz_scratch_clear(int and_dir) {
    DIR *d;
    struct dirent *e;
    char path[1024];
    if (!fuzz_scratch_[0]) return;
    d = opendir(fuzz_scratch_);
    if (d) {
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            snprintf(path, sizeof path, "%s/%s", fuzz_scratch_, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    if (and_dir) rmdir(fuzz_scratch_);
}

static inline void fuzz_scratch_remove_(void) { fuzz_scratch_clear(1); }

/* The scratch folder: created on first use (in $CEVNS_FUZZ_TMPDIR, else
 * /dev/shm, else $TMPDIR or /tmp), removed at exit. */
static inline const char *fuzz_scratch_dir(void) {
    if (!fuzz_scratch_[0]) {
        /* memory-backed /dev/shm when there is one: rewriting a file for every
         * input costs a disk flush on some file systems (ext4 auto_da_alloc) */
        const char *tmp = getenv("CEVNS_FUZZ_TMPDIR");
        if (!tmp || !tmp[0]) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
        snprintf(fuzz_scratch_, sizeof fuzz_scratch_, "%s/cevns_fuzz_XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (!mkdtemp(fuzz_scratch_)) {
            perror("cevns fuzz: mkdtemp");
            abort(); /* the harness cannot work at all: not a finding */
        }
        atexit(fuzz_scratch_remove_);
    }
    return fuzz_scratch_;
}

/* <scratch>/<name> into out. */
static inline void fuzz_scratch_path(const char *name, char *out, size_t size) {
    snprintf(out, size, "%s/%s", fuzz_scratch_dir(), name);
}

/* Write the bytes to <scratch>/<name>; path receives the full name. */
static inline void fuzz_write_file(const char *name, const uint8_t *data, size_t size, char *path, size_t path_size) {
    FILE *f;
    fuzz_scratch_path(name, path, path_size);
    unlink(path); /* a new file, not a truncated one (see fuzz_scratch_dir) */
    f = fopen(path, "wb");
    if (!f || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror("cevns fuzz: writing the input file");
        abort();
    }
}

/* A NUL-terminated copy of the bytes (caller frees). */
static inline char *fuzz_string(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) abort();
    if (size > 0) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Every entry point must answer with a status of status.h and, when it fails,
 * leave a message; anything else is a finding (abort = a crash libFuzzer keeps).
 * CEVNS_FUZZ_VERBOSE=1 prints the message of every refusal. */
static inline cevns_status fuzz_check_status(cevns_status st, const cevns_error *err, const char *where) {
    if ((int)st < 0 || (int)st >= (int)CEVNS_STATUS_COUNT) {
        fprintf(stderr, "cevns fuzz: %s returned %d, not a cevns_status\n", where, (int)st);
        abort();
    }
    if (st != CEVNS_OK && err && (memchr(err->msg, '\0', sizeof err->msg) == NULL || err->msg[0] == '\0')) {
        fprintf(stderr, "cevns fuzz: %s failed (%s) without a message\n", where, cevns_strerror(st));
        abort();
    }
    if (st != CEVNS_OK && err && getenv("CEVNS_FUZZ_VERBOSE")) fprintf(stderr, "cevns fuzz: %s: %s\n", where, err->msg);
    if (st == CEVNS_EINTERNAL) {
        /* "internal error (a bug: please report it)" must never come from input */
        fprintf(stderr, "cevns fuzz: %s: internal error from input: %s\n", where, err ? err->msg : "");
        abort();
    }
    return st;
}

/* The worse of two statuses (the first failure), for harnesses that call
 * several entry points on one input. */
static inline cevns_status fuzz_first_failure(cevns_status a, cevns_status b) { return a != CEVNS_OK ? a : b; }

#endif
