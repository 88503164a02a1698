/* test_checkpoint.c - scan checkpoints: the file format (round trip, a torn
 * last record, damaged records, identity checks, several ranks' files), and the
 * real thing: `cevns scan` killed with SIGKILL mid-scan and finished with
 * `cevns scan --resume` gives the same map, bit for bit, as a run that was
 * never interrupted. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cevns/results.h"
#include "scan/checkpoint.h"
#include "test_run.h"

/* ---------------------------------------------------------------- helpers */

#define NCH 4 /* chunks */
#define NV 5  /* values per chunk */

static const char *const ID_A = "cevns 9.9.9\npoints 20 chunk 5 values 5\n{\n\t\"a\":\t1,\n\t\"b\":\t2\n}\n";
static const char *const ID_B = "cevns 9.9.9\npoints 20 chunk 5 values 5\n{\n\t\"a\":\t1,\n\t\"b\":\t3\n}\n";
static const char *const ID_V = "cevns 9.9.10\npoints 20 chunk 5 values 5\n{\n\t\"a\":\t1,\n\t\"b\":\t2\n}\n";

/* Distinct, recognisable values of chunk c (including the awkward ones). */
static void chunk_data(size_t c, double *v) {
    int i;
    for (i = 0; i < NV; i++) v[i] = (double)c * 100.0 + i + 0.1;
    if (c == 1) {
        v[1] = NAN;
        v[2] = -0.0;
        v[3] = INFINITY;
        v[4] = 5e-324;
    }
}

static void record(const char *dir, int rank, const char *id, const size_t *chunks, size_t n) {
    cevns_checkpoint *c = NULL;
    cevns_error err = {""};
    size_t i;
    cr_assert_eq(cevns_checkpoint_open(dir, rank, id, NCH, NV, &c, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_not_null(c);
    for (i = 0; i < n; i++) {
        double v[NV];
        chunk_data(chunks[i], v);
        cr_assert_eq(cevns_checkpoint_record(c, chunks[i], v, &err), CEVNS_OK, "%s", err.msg);
    }
    cevns_checkpoint_close(c);
}

/* Load dir and check that exactly the chunks in `want` (a 0/1 mask) are done,
 * with their values bit for bit. */
static void expect_loaded(const char *dir, const char *id, const unsigned char want[NCH]) {
    unsigned char done[NCH];
    double values[NCH * NV];
    cevns_error err = {""};
    size_t c;
    memset(done, 0, sizeof done);
    cr_assert_eq(cevns_checkpoint_load_all(dir, id, NCH, NV, done, values, &err), CEVNS_OK, "%s", err.msg);
    for (c = 0; c < NCH; c++) {
        double v[NV];
        cr_expect_eq(done[c], want[c], "chunk %zu: done %d, expected %d", c, done[c], want[c]);
        if (!done[c] || !want[c]) continue;
        chunk_data(c, v);
        cr_expect(memcmp(v, values + c * NV, sizeof v) == 0, "chunk %zu: values differ", c);
    }
}

static void path_in(char *buf, size_t size, const char *dir, const char *name) {
    snprintf(buf, size, "%s/%s", dir, name);
}

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = UINT64_C(14695981039346656037);
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static void put_u64(unsigned char *p, uint64_t v) {
    int i;
    for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void append_bytes(const char *path, const void *bytes, size_t n) {
    FILE *f = fopen(path, "ab");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

static void patch_byte(const char *path, long at) {
    FILE *f = fopen(path, "r+b");
    int ch;
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, at, SEEK_SET), 0);
    ch = fgetc(f);
    cr_assert_neq(ch, EOF);
    cr_assert_eq(fseek(f, at, SEEK_SET), 0);
    fputc(ch ^ 0x5a, f);
    cr_assert_eq(fclose(f), 0);
}

#define REC_SIZE (16 + 8 * NV)

/* ---------------------------------------------------------------- format */

Test(checkpoint, record_and_load_round_trip) {
    char dir[64], path[128];
    const size_t first[] = {2, 1}, more[] = {3};
    const unsigned char after_first[NCH] = {0, 1, 1, 0}, after_more[NCH] = {0, 1, 1, 1};
    unsigned char done[NCH] = {0};
    double values[NCH * NV];
    cevns_error err = {""};
    long h;
    make_tmp(dir, sizeof dir);
    /* nothing recorded yet: nothing done, no error; a missing folder likewise */
    cr_expect_eq(cevns_checkpoint_load_all(dir, ID_A, NCH, NV, done, values, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(cevns_checkpoint_load_all("/tmp/cevns_no_such_dir_ck", ID_A, NCH, NV, done, values, &err), CEVNS_OK);
    cr_expect(!done[0] && !done[1] && !done[2] && !done[3]);
    record(dir, 0, ID_A, first, 2);
    path_in(path, sizeof path, dir, "checkpoint-0.bin");
    h = checkpoint_header_size(path);
    cr_assert_gt(h, 0, "no valid header in %s", path);
    cr_expect_eq(file_size(path), h + 2 * REC_SIZE);
    expect_loaded(dir, ID_A, after_first);
    /* reopening the same rank with the same identity appends */
    record(dir, 0, ID_A, more, 1);
    cr_expect_eq(file_size(path), h + 3 * REC_SIZE);
    expect_loaded(dir, ID_A, after_more);
    /* the first record is, byte for byte, the documented layout */
    {
        unsigned char rec[REC_SIZE], want[REC_SIZE];
        double v[NV];
        FILE *f = fopen(path, "rb");
        int i;
        cr_assert_not_null(f);
        fseek(f, h, SEEK_SET);
        cr_assert_eq(fread(rec, 1, sizeof rec, f), sizeof rec);
        fclose(f);
        chunk_data(2, v);
        put_u64(want, 2);
        for (i = 0; i < NV; i++) {
            uint64_t bits;
            memcpy(&bits, &v[i], 8);
            put_u64(want + 8 + 8 * i, bits);
        }
        put_u64(want + 8 + 8 * NV, fnv1a(want, 8 + 8 * NV));
        cr_expect(memcmp(rec, want, sizeof rec) == 0, "record layout differs from docs/scan.md");
    }
    cevns_checkpoint_close(NULL);
    rm_rf(dir);
}

Test(checkpoint, torn_last_record_is_ignored_and_cut_away) {
    char dir[64], path[128];
    const size_t chunks[] = {0, 3}, more[] = {1};
    const unsigned char want[NCH] = {1, 0, 0, 1}, want_more[NCH] = {1, 1, 0, 1};
    unsigned char torn[REC_SIZE - 7];
    long h;
    make_tmp(dir, sizeof dir);
    record(dir, 0, ID_A, chunks, 2);
    path_in(path, sizeof path, dir, "checkpoint-0.bin");
    h = checkpoint_header_size(path);
    /* a record cut short by a crash: the start of a valid record for chunk 2 */
    memset(torn, 0, sizeof torn);
    put_u64(torn, 2);
    append_bytes(path, torn, sizeof torn);
    expect_loaded(dir, ID_A, want);
    /* opening for append cuts the torn record away, and new records follow */
    record(dir, 0, ID_A, more, 1);
    cr_expect_eq(file_size(path), h + 3 * REC_SIZE, "torn tail not truncated: %ld bytes, header %ld", file_size(path),
                 h);
    expect_loaded(dir, ID_A, want_more);
    rm_rf(dir);
}

Test(checkpoint, damaged_or_out_of_range_records_are_ignored) {
    char dir[64], path[128];
    const size_t chunks[] = {0, 1, 2};
    const unsigned char want[NCH] = {1, 0, 1, 0};
    unsigned char rec[REC_SIZE];
    long h;
    make_tmp(dir, sizeof dir);
    record(dir, 0, ID_A, chunks, 3);
    path_in(path, sizeof path, dir, "checkpoint-0.bin");
    h = checkpoint_header_size(path);
    patch_byte(path, h + REC_SIZE + 8 + 11); /* a value of chunk 1: bad checksum */
    /* a well-formed record (valid checksum) of a chunk the grid does not have */
    memset(rec, 0, sizeof rec);
    put_u64(rec, 1000);
    put_u64(rec + REC_SIZE - 8, fnv1a(rec, REC_SIZE - 8));
    append_bytes(path, rec, sizeof rec);
    expect_loaded(dir, ID_A, want);
    rm_rf(dir);
}

Test(checkpoint, another_identity_is_refused_with_the_reason) {
    char dir[64], path[128];
    const size_t chunks[] = {0};
    unsigned char done[NCH] = {0};
    double values[NCH * NV];
    cevns_checkpoint *c = NULL;
    cevns_error err = {""};
    make_tmp(dir, sizeof dir);
    record(dir, 0, ID_A, chunks, 1);
    /* another config: the message names the file and the differing line */
    cr_assert_eq(cevns_checkpoint_load_all(dir, ID_B, NCH, NV, done, values, &err), CEVNS_ECONFIG);
    cr_expect_not_null(strstr(err.msg, "checkpoint-0.bin"), "%s", err.msg);
    cr_expect_not_null(strstr(err.msg, "another config"), "%s", err.msg);
    cr_expect_not_null(strstr(err.msg, "\"b\":\t2"), "%s", err.msg);
    cr_expect_not_null(strstr(err.msg, "\"b\":\t3"), "%s", err.msg);
    /* another version: said so */
    cr_assert_eq(cevns_checkpoint_load_all(dir, ID_V, NCH, NV, done, values, &err), CEVNS_ECONFIG);
    cr_expect_not_null(strstr(err.msg, "another cevns version"), "%s", err.msg);
    cr_expect_not_null(strstr(err.msg, "cevns 9.9.10"), "%s", err.msg);
    /* opening this rank's file for another identity is refused too, and changes nothing */
    path_in(path, sizeof path, dir, "checkpoint-0.bin");
    {
        long before = file_size(path);
        cr_expect_eq(cevns_checkpoint_open(dir, 0, ID_B, NCH, NV, &c, &err), CEVNS_ECONFIG);
        cr_expect_null(c);
        cr_expect_not_null(strstr(err.msg, "another config"), "%s", err.msg);
        cr_expect_eq(file_size(path), before);
    }
    /* a damaged header is a data error naming the file */
    patch_byte(path, 30);
    cr_assert_eq(cevns_checkpoint_load_all(dir, ID_A, NCH, NV, done, values, &err), CEVNS_EDATA);
    cr_expect_not_null(strstr(err.msg, "checkpoint-0.bin"), "%s", err.msg);
    unlink(path);
    /* and so is a file that is no checkpoint at all */
    path_in(path, sizeof path, dir, "checkpoint-7.bin");
    append_bytes(path, "hello", 5);
    cr_assert_eq(cevns_checkpoint_load_all(dir, ID_A, NCH, NV, done, values, &err), CEVNS_EDATA);
    cr_expect_not_null(strstr(err.msg, "checkpoint-7.bin"), "%s", err.msg);
    rm_rf(dir);
}

Test(checkpoint, every_ranks_file_is_merged_and_removed) {
    char dir[64], path[128];
    const size_t r0[] = {0}, r1[] = {2, 1}, r5[] = {3};
    const unsigned char want[NCH] = {1, 1, 1, 1};
    FILE *f;
    make_tmp(dir, sizeof dir);
    record(dir, 0, ID_A, r0, 1);
    record(dir, 1, ID_A, r1, 2);
    record(dir, 5, ID_A, r5, 1); /* an earlier run with more ranks */
    expect_loaded(dir, ID_A, want);
    path_in(path, sizeof path, dir, "config.json");
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{}\n", f);
    fclose(f);
    cevns_checkpoint_remove_all(dir);
    path_in(path, sizeof path, dir, "checkpoint-0.bin");
    cr_expect(!exists(path));
    path_in(path, sizeof path, dir, "checkpoint-1.bin");
    cr_expect(!exists(path));
    path_in(path, sizeof path, dir, "checkpoint-5.bin");
    cr_expect(!exists(path));
    path_in(path, sizeof path, dir, "config.json");
    cr_expect(exists(path), "remove_all removed a file that is not a checkpoint");
    rm_rf(dir);
}

Test(checkpoint, a_second_writer_of_the_same_file_is_refused) {
    char dir[64];
    int to_child[2], from_child[2];
    char byte = 0;
    cevns_checkpoint *c = NULL;
    cevns_error err = {""};
    pid_t pid;
    make_tmp(dir, sizeof dir);
    cr_assert_eq(pipe(to_child), 0);
    cr_assert_eq(pipe(from_child), 0);
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) { /* another process holding rank 0's file open */
        cevns_checkpoint *mine = NULL;
        cevns_error e = {""};
        char b = cevns_checkpoint_open(dir, 0, ID_A, NCH, NV, &mine, &e) == CEVNS_OK ? 'y' : 'n';
        if (write(from_child[1], &b, 1) != 1 || read(to_child[0], &b, 1) < 0) _exit(1);
        cevns_checkpoint_close(mine);
        _exit(0);
    }
    cr_assert_eq(read(from_child[0], &byte, 1), 1);
    cr_assert_eq(byte, 'y');
    cr_expect_eq(cevns_checkpoint_open(dir, 0, ID_A, NCH, NV, &c, &err), CEVNS_EIO);
    cr_expect_null(c);
    cr_expect_not_null(strstr(err.msg, "another cevns process"), "%s", err.msg);
    /* other ranks' files are free */
    cr_expect_eq(cevns_checkpoint_open(dir, 1, ID_A, NCH, NV, &c, &err), CEVNS_OK, "%s", err.msg);
    cevns_checkpoint_close(c);
    c = NULL;
    cr_assert_eq(write(to_child[1], "x", 1), 1);
    cr_assert_eq(waitpid(pid, NULL, 0), pid);
    /* once it has gone, the file is this process's */
    cr_expect_eq(cevns_checkpoint_open(dir, 0, ID_A, NCH, NV, &c, &err), CEVNS_OK, "%s", err.msg);
    cevns_checkpoint_close(c);
    rm_rf(dir);
}

/* ---------------------------------------------------------------- cevns scan */

/* configs/default.json with a bigger grid: 64 x 50 = 3200 points, two chunks
 * of the scan (2048 + 1152) of a few seconds each with --direct. */
static void write_big_config(const char *path) {
    copy_config("default.json", path);
    replace_in_file(path, "\"n\": 48,", "\"n\": 64,");
    replace_in_file(path, "\"n\": 40, \"spacing\"", "\"n\": 50, \"spacing\"");
}

Test(checkpoint, killed_scan_resumes_to_the_same_map, .timeout = 240) {
    char ck[200], cfgjson[200], saved[16384], outp[160], errp[160];
    scan_paths s;
    result r;
    cevns_map a, b;
    size_t i, n;
    int status;
    long h = -1, rec = 0;
    double t0;
    pid_t pid;
    scan_paths_init(&s, "big.json");
    snprintf(ck, sizeof ck, "%s/checkpoint-0.bin", s.partial);
    snprintf(cfgjson, sizeof cfgjson, "%s/config.json", s.partial);
    write_big_config(s.cfg);

    /* the uninterrupted run */
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--direct", "--quiet", "--no-figures", "--out", s.ref,
                                    NULL};
        cevns(s.tmp, &r, argv);
        cr_assert_eq(r.code, 0, "reference scan failed: %s", r.err);
    }

    /* the same run, killed with SIGKILL once a chunk is checkpointed */
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--direct", "--quiet", "--no-figures", "--out", s.run,
                                    NULL};
        snprintf(outp, sizeof outp, "%s/stdout.txt", s.tmp);
        snprintf(errp, sizeof errp, "%s/stderr.txt", s.tmp);
        pid = spawn_in(CEVNS_SOURCE_DIR, argv, outp, errp);
    }
    t0 = now();
    for (;;) {
        long size = file_size(ck);
        if (h < 0 && size > 0) {
            h = checkpoint_header_size(ck);
            if (h > 0) {
                /* record size from the header: 16 + 8 * chunk_values */
                unsigned char post[16];
                FILE *f = fopen(ck, "rb");
                uint64_t cv = 0;
                int k;
                cr_assert_not_null(f);
                fseek(f, h - 24, SEEK_SET);
                cr_assert_eq(fread(post, 1, 16, f), 16u);
                fclose(f);
                for (k = 7; k >= 0; k--) cv = cv << 8 | post[8 + k];
                rec = (long)(16 + 8 * cv);
            }
        }
        if (h > 0 && size >= h + rec) break;
        cr_assert_eq(waitpid(pid, &status, WNOHANG), 0, "the scan ended before it could be killed");
        cr_assert_lt(now() - t0, 150.0, "no chunk checkpointed after 150 s");
        {
            struct timespec ten_ms = {0, 10000000L};
            nanosleep(&ten_ms, NULL);
        }
    }
    cr_assert_eq(kill(pid, SIGKILL), 0);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the scan finished before it was killed");
    cr_assert(!exists(s.run), "a killed scan left a finished-looking folder %s", s.run);
    cr_assert(exists(s.partial), "a killed scan left no %s", s.partial);
    /* as if the kill had struck in the middle of the next record */
    {
        static unsigned char junk[1000];
        memset(junk, 0xab, sizeof junk);
        append_bytes(ck, junk, sizeof junk);
    }

    /* a new run into the same folder is refused, pointing at --resume */
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--direct", "--quiet", "--no-figures", "--out", s.run,
                                    NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_neq(r.code, 0);
        cr_expect_not_null(strstr(r.err, "--resume"), "%s", r.err);
        cr_assert(exists(ck), "the refused run removed the checkpoint");
    }

    /* resuming after editing the run's config.json is refused, and keeps the checkpoint */
    slurp(cfgjson, saved, sizeof saved);
    replace_in_file(cfgjson, "205.4", "300");
    {
        const char *const argv[] = {"cevns", "scan", "--resume", s.run, "--direct", "--quiet", "--no-figures", NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 3, "exit %d: %s", r.code, r.err);
        cr_expect_not_null(strstr(r.err, "another config"), "%s", r.err);
        cr_expect_not_null(strstr(r.err, "exposure_kg_day"), "%s", r.err);
        cr_assert(exists(ck), "the refused resume removed the checkpoint");
        cr_assert(!exists(s.run));
    }
    {
        FILE *f = fopen(cfgjson, "w");
        cr_assert_not_null(f);
        fputs(saved, f);
        fclose(f);
    }

    /* an option that contradicts how the run was started is named, and nothing is
     * thrown away (issue 10: resume remembers how a run was started) */
    {
        const char *const argv[] = {"cevns", "scan", "--resume", s.run, "--engine", "opencl", "--quiet",
                                    "--no-figures", NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 2, "exit %d: %s", r.code, r.err);
        cr_expect_not_null(strstr(r.err, "started with --engine cpu"), "%s", r.err);
        cr_expect_null(strstr(r.err, "remove"), "advises removing the checkpointed chunks: %s", r.err);
        cr_assert(exists(ck), "the refused resume removed the checkpoint");
    }

    /* the resumed run takes the checkpointed chunk and computes the rest: `--resume DIR`
     * alone continues it on the engine and path it was started with (--direct here) */
    {
        const char *const argv[] = {"cevns", "scan", "--resume", s.run, "--quiet", "--no-figures", NULL};
        cevns(s.tmp, &r, argv);
        cr_assert_eq(r.code, 0, "resume failed: %s", r.err);
        cr_expect_not_null(strstr(r.out, "resumed: 1 chunk(s)"), "%s", r.out);
        cr_expect_not_null(strstr(r.out, "engine cpu, direct path"), "%s", r.out);
    }
    cr_assert(exists(s.run));
    cr_expect(!exists(s.partial));
    snprintf(ck, sizeof ck, "%s/checkpoint-0.bin", s.run);
    cr_expect(!exists(ck), "checkpoint left in the finished run folder");

    read_map(s.ref, &a);
    read_map(s.run, &b);
    n = cevns_map_points(&a);
    cr_assert_eq(n, 64u * 50u);
    cr_assert_eq(cevns_map_points(&b), n);
    for (i = 0; i < n; i++)
        cr_expect(memcmp(&a.chi2[i], &b.chi2[i], sizeof(double)) == 0, "chi2 of point %zu: %.17g resumed, %.17g not",
                  i, b.chi2[i], a.chi2[i]);
    cr_assert_eq(a.n_bins, b.n_bins);
    cr_assert_gt(a.n_bins, 0u);
    cr_expect(memcmp(a.counts, b.counts, n * a.n_bins * sizeof(double)) == 0, "counts differ after resume");
    cevns_map_free(&a);
    cevns_map_free(&b);
    rm_rf(s.tmp);
}

Test(checkpoint, resume_without_an_unfinished_run_fails_clearly) {
    char tmp[64], none[128], done[128], marker[160];
    result r;
    FILE *f;
    make_tmp(tmp, sizeof tmp);
    snprintf(none, sizeof none, "%s/none", tmp);
    {
        const char *const argv[] = {"cevns", "scan", "--resume", none, "--quiet", NULL};
        cevns(tmp, &r, argv);
        cr_expect_neq(r.code, 0);
        cr_expect_not_null(strstr(r.err, "none.partial"), "%s", r.err);
        cr_expect(!exists(none));
    }
    /* a finished run folder has nothing to resume either, and is left as it is */
    snprintf(done, sizeof done, "%s/done", tmp);
    cr_assert_eq(mkdir(done, 0777), 0);
    snprintf(marker, sizeof marker, "%s/map.h5", done);
    f = fopen(marker, "w");
    cr_assert_not_null(f);
    fclose(f);
    {
        const char *const argv[] = {"cevns", "scan", "--resume", done, "--quiet", NULL};
        cevns(tmp, &r, argv);
        cr_expect_neq(r.code, 0);
        cr_expect_not_null(strstr(r.err, "done.partial"), "%s", r.err);
        cr_expect(exists(marker));
    }
    rm_rf(tmp);
}

/* run.json says how a run was started; without it, or damaged (not the format, an unknown
 * path, a chunk of 0), a resume is refused as a data error naming the file, and the
 * unfinished folder is kept. */
Test(checkpoint, missing_or_damaged_run_json_is_refused) {
    static const char *const bad[] = {NULL, "garbage",
                                      "{\"engine\": \"cpu\", \"path\": \"sideways\", \"chunk\": 2048}",
                                      "{\"engine\": \"cpu\", \"path\": \"direct\", \"chunk\": 0}"};
    char cfg[200], rj[200];
    scan_paths s;
    result r;
    size_t i;
    scan_paths_init(&s, "unused.json");
    cr_assert_eq(mkdir(s.partial, 0777), 0);
    snprintf(cfg, sizeof cfg, "%s/config.json", s.partial);
    snprintf(rj, sizeof rj, "%s/run.json", s.partial);
    copy_config("default.json", cfg);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *const argv[] = {"cevns", "scan", "--resume", s.run, "--quiet", "--no-figures", NULL};
        if (bad[i]) write_text(rj, bad[i]);
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 4, "case %zu: exit %d: %s", i, r.code, r.err);
        cr_expect_not_null(strstr(r.err, "run.json"), "case %zu: %s", i, r.err);
        cr_expect_not_null(strstr(r.err, bad[i] ? "damaged" : "missing"), "case %zu: %s", i, r.err);
        cr_expect(exists(cfg), "case %zu: the unfinished folder was not kept", i);
        cr_expect(!exists(s.run));
    }
    rm_rf(s.tmp);
}

Test(checkpoint, new_run_over_an_unfinished_one_is_refused) {
    char cfg[600];
    scan_paths s;
    result r;
    scan_paths_init(&s, "unused.json");
    snprintf(cfg, sizeof cfg, "%s/configs/default.json", CEVNS_SOURCE_DIR);
    cr_assert_eq(mkdir(s.partial, 0777), 0);
    {
        /* even with --overwrite: the unfinished run is not thrown away silently */
        const char *const argv[] = {"cevns", "scan", cfg, "--quiet", "--no-figures", "--overwrite", "--out", s.run,
                                    NULL};
        cevns(s.tmp, &r, argv);
        cr_expect_neq(r.code, 0);
        cr_expect_not_null(strstr(r.err, "--resume"), "%s", r.err);
        cr_expect(exists(s.partial));
        cr_expect(!exists(s.run));
    }
    rm_rf(s.tmp);
}
