/* test_faults.c - the faults a scan left running for days meets (issue 6,
 * docs/reliability.md "Faults"), provoked for real on the cevns binary:
 *   - an output folder that cannot be created (under a regular file, in /proc,
 *     and under a read-only folder when not root: root ignores permissions);
 *   - a full disk: RLIMIT_FSIZE in the child (SIGXFSZ ignored, so writes fail
 *     with EFBIG) while checkpoints or map.h5 are written, and /dev/full in
 *     place of one result file; a figure cut short;
 *   - damaged checkpoints on --resume: a header cut in half, random bytes, an
 *     empty file, an absurd header field, a record cut in the middle, a flipped
 *     byte, junk after the records, a leftover .tmp;
 *   - NaN and Inf in every kind of data file (flux table, 8B shape, efficiency,
 *     quenching, data spectrum);
 *   - zero exposure, empty bins, n = 0, hi <= lo;
 *   - grids too large: beyond the config's 1e9 points, and 1e9 points that do
 *     not fit in the memory RLIMIT_AS allows;
 *   - an engine whose device is missing.
 * Every failure must exit with the documented code (docs/cli.md), print one
 * message naming the file or key, nothing on stdout, and leave no
 * finished-looking output: no run folder, no map.h5 or summary.json under a
 * final name, no half-written file.  A failure after chunks were checkpointed
 * keeps RUN.partial, and `cevns scan --resume` then gives the map of a clean
 * run, bit for bit. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cevns/results.h"
#include "test_run.h"
#include "test_support.h"

/* ---------------------------------------------------------------- a run to break */

/* configs/default.json with a 128 x 64 (mu_nu, m4) grid: 8192 points, 4 chunks
 * of 2048 (--chunk 2048).  It stores the counts (20 bins), so a checkpoint record is
 * 16 + 8 * 2048 * 21 = 344080 bytes (docs/scan.md), and map.h5 about 1.4 MB.
 * The separable path makes each run take a fraction of a second. */
#define BIG_RECORD 344080L
#define BIG_POINTS 8192u

static void write_big_config(const char *path) {
    copy_config("default.json", path);
    replace_in_file(path, "\"n\": 48,", "\"n\": 128,");
    replace_in_file(path, "\"n\": 40, \"spacing\"", "\"n\": 64, \"spacing\"");
}

/* Whole records in a checkpoint file. */
static long ck_records(const char *path) {
    long h = checkpoint_header_size(path), size = file_size(path);
    cr_assert_gt(h, 0, "%s: no checkpoint header", path);
    return (size - h) / BIG_RECORD;
}

typedef struct {
    scan_paths s;
    char ck[200]; /* s.partial/checkpoint-0.bin */
} big_run;

/* The clean reference run, then the same scan on a disk that fills up after
 * two checkpointed chunks (a file may grow to 2.5 records): it fails at chunk
 * 2, says how to resume, and keeps RUN.partial with chunks 0 and 1. */
static void big_run_until_the_disk_fills(big_run *b) {
    const limits two_chunks = {(rlim_t)(BIG_RECORD * 5 / 2), 0};
    result r;
    scan_paths_init(&b->s, "big.json");
    snprintf(b->ck, sizeof b->ck, "%s/checkpoint-0.bin", b->s.partial);
    write_big_config(b->s.cfg);
    {
        const char *const argv[] = {"cevns", "scan", b->s.cfg, "--engine", "cpu", "--chunk", "2048", "--quiet",
                                    "--no-figures", "--out", b->s.ref, NULL};
        cevns(b->s.tmp, &r, argv);
        cr_assert_eq(r.code, 0, "reference scan failed: %s", r.err);
    }
    {
        const char *const argv[] = {"cevns", "scan", b->s.cfg, "--engine", "cpu", "--chunk", "2048", "--quiet",
                                    "--no-figures", "--out", b->s.run, NULL};
        cevns_lim(b->s.tmp, &r, &two_chunks, argv);
    }
    expect_failure(&r, 5, "disk full at chunk 2", "checkpoint-0.bin", "chunk 2");
    cr_expect_not_null(strstr(r.err, "File too large"), "the reason is not said: %s", r.err);
    cr_expect_not_null(strstr(r.err, "--resume"), "no word on how to continue: %s", r.err);
    expect_no_run(b->s.run, "disk full at chunk 2");
    cr_assert(exists(b->s.partial), "the failed run threw its checkpointed chunks away (no %s)", b->s.partial);
    expect_no_temporaries(b->s.partial, "disk full at chunk 2");
    cr_assert_eq(ck_records(b->ck), 2, "%s: %ld records, expected 2", b->ck, ck_records(b->ck));
    cr_expect_eq((file_size(b->ck) - checkpoint_header_size(b->ck)) % BIG_RECORD, 0, "a torn record was left in %s",
                 b->ck);
}

static void resume(const big_run *b, result *r, const limits *lim) {
    const char *const argv[] = {"cevns", "scan", "--resume", b->s.run, "--engine", "cpu", "--quiet", "--no-figures",
                                NULL};
    cevns_lim(b->s.tmp, r, lim, argv);
}

/* Resume to the end: the map of the clean run, no checkpoint left. */
static void expect_resumed_to_the_clean_map(const big_run *b, const result *r, int chunks, const char *what) {
    char line[64], ck[200];
    cr_assert_eq(r->code, 0, "%s: resume failed (exit %d): %s", what, r->code, r->err);
    if (chunks > 0) {
        snprintf(line, sizeof line, "resumed: %d chunk(s)", chunks);
        cr_expect_not_null(strstr(r->out, line), "%s: expected '%s': %s", what, line, r->out);
    } else {
        cr_expect_null(strstr(r->out, "resumed:"), "%s: %s", what, r->out);
    }
    cr_assert(exists(b->s.run), "%s: no run folder after the resume", what);
    cr_expect(!exists(b->s.partial), "%s: %s left after success", what, b->s.partial);
    snprintf(ck, sizeof ck, "%s/checkpoint-0.bin", b->s.run);
    cr_expect(!exists(ck), "%s: checkpoint left in the finished folder", what);
    expect_same_map(b->s.ref, b->s.run);
}

/* ---------------------------------------------------------------- output folder */

Test(faults, output_folder_that_cannot_be_created) {
    char tmp[64], cfg[600], file[128], out[160], ro[128];
    result r;
    make_tmp(tmp, sizeof tmp);
    snprintf(cfg, sizeof cfg, "%s/configs/default.json", CEVNS_SOURCE_DIR);

    /* under a regular file: ENOTDIR, whoever runs it */
    snprintf(file, sizeof file, "%s/afile", tmp);
    write_text(file, "not a folder\n");
    snprintf(out, sizeof out, "%s/run", file);
    {
        const char *const argv[] = {"cevns", "scan", cfg, "--quiet", "--no-figures", "--out", out, NULL};
        cevns(tmp, &r, argv);
        expect_failure(&r, 5, "--out under a file", "afile/run.partial", "Not a directory");
    }

    /* in /proc, where nobody may create folders */
    if (exists("/proc/self")) {
        const char *const argv[] = {"cevns", "scan", cfg, "--quiet", "--no-figures", "--out",
                                    "/proc/cevns_test_faults/run", NULL};
        cevns(tmp, &r, argv);
        expect_failure(&r, 5, "--out in /proc", "/proc/cevns_test_faults/run", "cannot create");
        cr_expect(!exists("/proc/cevns_test_faults"));
    }

    /* a read-only parent (0500): only when permissions apply (not as root) */
    snprintf(ro, sizeof ro, "%s/readonly", tmp);
    cr_assert_eq(mkdir(ro, 0500), 0);
    snprintf(out, sizeof out, "%s/run", ro);
    if (geteuid() != 0) {
        const char *const argv[] = {"cevns", "scan", cfg, "--quiet", "--no-figures", "--out", out, NULL};
        cevns(tmp, &r, argv);
        expect_failure(&r, 5, "--out in a read-only folder", "readonly/run.partial", "Permission denied");
        expect_no_run(out, "read-only folder");
    } else {
        cr_log_info("running as root: a 0500 folder is writable, tested with ENOTDIR and /proc instead");
    }
    rm_rf(tmp);
}

/* ---------------------------------------------------------------- full disk */

Test(faults, full_disk_during_the_scan_keeps_the_checkpoints, .timeout = 120) {
    big_run b;
    result r;
    big_run_until_the_disk_fills(&b);
    /* space again: the run finishes from its checkpoints */
    resume(&b, &r, NULL);
    expect_resumed_to_the_clean_map(&b, &r, 2, "resume after a full disk");
    rm_rf(b.s.tmp);
}

Test(faults, full_disk_while_writing_the_results, .timeout = 120) {
    static const char *const victims[] = {"map.h5.tmp", "limits.csv", "contour_90.csv", "summary.json"};
    const limits two_chunks = {(rlim_t)(BIG_RECORD * 5 / 2), 0};
    char from[220], to[220], p[260];
    big_run b;
    result r;
    size_t i;
    big_run_until_the_disk_fills(&b);

    /* As a run with two MPI ranks leaves them: chunks 0 and 1 in rank 1's file.
     * The resume writes chunks 2 and 3 into a new checkpoint-0.bin (2 records
     * fit), then map.h5 (about 4 records) hits the limit. */
    snprintf(from, sizeof from, "%s/checkpoint-0.bin", b.s.partial);
    snprintf(to, sizeof to, "%s/checkpoint-1.bin", b.s.partial);
    cr_assert_eq(rename(from, to), 0);
    resume(&b, &r, &two_chunks);
    expect_failure(&r, 5, "disk full at map.h5", "map.h5", "File too large");
    cr_expect_not_null(strstr(r.err, "--resume"), "no word on how to continue: %s", r.err);
    expect_no_run(b.s.run, "disk full at map.h5");
    cr_assert(exists(b.s.partial));
    expect_no_temporaries(b.s.partial, "disk full at map.h5");
    cr_assert_eq(ck_records(b.ck), 2, "%s: %ld records", b.ck, ck_records(b.ck));

    /* Every chunk is checkpointed now.  Each result file in turn on a full
     * device (/dev/full: every write fails with ENOSPC). */
    if (access("/dev/full", W_OK) == 0) {
        for (i = 0; i < sizeof victims / sizeof victims[0]; i++) {
            char what[64];
            snprintf(p, sizeof p, "%s/%s", b.s.partial, victims[i]);
            unlink(p);
            cr_assert_eq(symlink("/dev/full", p), 0, "%s: %s", p, strerror(errno));
            resume(&b, &r, NULL);
            snprintf(what, sizeof what, "%s on a full device", victims[i]);
            expect_failure(&r, 5, what, victims[i], "No space left on device");
            cr_expect_not_null(strstr(r.err, "--resume"), "%s: %s", what, r.err);
            expect_no_run(b.s.run, what);
            cr_assert(exists(b.s.partial), "%s: %s removed", what, b.s.partial);
            unlink(p);
        }
    } else {
        cr_log_info("/dev/full is not writable here: result files on a full device not tested");
    }

    /* space again: nothing to compute, the results are written */
    resume(&b, &r, NULL);
    expect_resumed_to_the_clean_map(&b, &r, 4, "resume after full disks");
    rm_rf(b.s.tmp);
}

/* A figure cut short by a full disk is not kept under its final name: cairo
 * reports no write error, so src/io/plot.c checks that the file ends as a PNG
 * or PDF must. */
Test(faults, figures_cut_short_are_not_kept, .timeout = 120) {
    char tmp[64], cfg[600], run[128], p[200], note[8192];
    const limits small = {50000, 0};
    result r;
    make_tmp(tmp, sizeof tmp);
    snprintf(cfg, sizeof cfg, "%s/configs/default.json", CEVNS_SOURCE_DIR);
    snprintf(run, sizeof run, "%s/run", tmp);
    {
        const char *const argv[] = {"cevns", "scan", cfg, "--engine", "cpu", "--quiet", "--out", run, NULL};
        cevns(tmp, &r, argv);
        cr_assert_eq(r.code, 0, "%s", r.err);
    }
    snprintf(p, sizeof p, "%s/summary.json", run);
    slurp(p, note, sizeof note);
    if (!strstr(note, "\"figures\": true")) {
        cr_log_info("no figures in this build: skipped (%s)", note);
        rm_rf(tmp);
        return;
    }
    snprintf(p, sizeof p, "%s/chi2_map.png", run);
    cr_assert_gt(file_size(p), 50000, "chi2_map.png is too small for this test");
    cr_assert_eq(unlink(p), 0);
    {
        const char *const argv[] = {"cevns", "plot", run, NULL};
        cevns_lim(tmp, &r, &small, argv);
    }
    expect_failure(&r, 5, "figure cut short", "chi2_map.png", "incomplete");
    cr_expect(!exists(p), "a cut figure was kept as %s", p);
    snprintf(p, sizeof p, "%s/chi2_map.png.tmp", run);
    cr_expect(!exists(p), "%s left behind", p);
    rm_rf(tmp);
}

/* ---------------------------------------------------------------- damaged checkpoints */

typedef enum { REFUSED, RECOMPUTED } outcome;

typedef struct {
    const char *name;
    outcome expect;
    int chunks_taken; /* RECOMPUTED: chunks taken from the checkpoint */
    const char *needle; /* REFUSED: in the message */
} damage;

static const damage DAMAGES[] = {
    {"header cut in half", REFUSED, 0, "truncated"},
    {"random bytes", REFUSED, 0, "not a cevns checkpoint"},
    {"the magic and format, then random bytes", REFUSED, 0, "checkpoint header"},
    {"a flipped byte in the header", REFUSED, 0, "checksum mismatch"},
    {"an empty file", REFUSED, 0, "not a cevns checkpoint"},
    {"a header field out of range", REFUSED, 0, "corrupt checkpoint header"},
    {"a record cut in the middle", RECOMPUTED, 1, NULL},
    {"a flipped byte in a record", RECOMPUTED, 1, NULL},
    {"junk after the records", RECOMPUTED, 2, NULL},
    {"a leftover checkpoint-0.bin.tmp", RECOMPUTED, 2, NULL},
    {"a flipped byte in the format field", REFUSED, 0, "damaged or was written by another cevns version"},
};

static void put_random(FILE *f, size_t n, unsigned long long *seed) {
    size_t i;
    for (i = 0; i < n; i++) fputc((int)(test_next_random(seed) & 0xff), f);
}

static void apply_damage(size_t k, const char *ck, unsigned long long *seed) {
    long h = checkpoint_header_size(ck);
    FILE *f;
    cr_assert_gt(h, 0);
    switch (k) {
    case 0: cr_assert_eq(truncate(ck, h / 2), 0); break;
    case 1:
        f = fopen(ck, "wb");
        cr_assert_not_null(f);
        put_random(f, 4096, seed);
        fclose(f);
        break;
    case 2: /* "CEVNSCK1", format 1, 0 kept */
        f = fopen(ck, "r+b");
        cr_assert_not_null(f);
        cr_assert_eq(fseek(f, 16, SEEK_SET), 0);
        put_random(f, (size_t)(h - 16), seed);
        fclose(f);
        break;
    case 3: { /* a byte of the identity (the resolved config) */
        int ch;
        f = fopen(ck, "r+b");
        cr_assert_not_null(f);
        cr_assert_eq(fseek(f, 24 + 100, SEEK_SET), 0);
        ch = fgetc(f);
        cr_assert_eq(fseek(f, 24 + 100, SEEK_SET), 0);
        fputc(ch ^ 0x01, f);
        fclose(f);
        break;
    }
    case 4: cr_assert_eq(truncate(ck, 0), 0); break;
    case 5: { /* identity length 2^62: refused before any allocation */
        static const unsigned char huge[8] = {0, 0, 0, 0, 0, 0, 0, 0x40};
        f = fopen(ck, "r+b");
        cr_assert_not_null(f);
        cr_assert_eq(fseek(f, 16, SEEK_SET), 0);
        cr_assert_eq(fwrite(huge, 1, 8, f), 8u);
        fclose(f);
        break;
    }
    case 6: cr_assert_eq(truncate(ck, h + BIG_RECORD + BIG_RECORD / 2), 0); break;
    case 7: {
        int ch;
        f = fopen(ck, "r+b");
        cr_assert_not_null(f);
        cr_assert_eq(fseek(f, h + 8 + 1000, SEEK_SET), 0); /* a value of the first record */
        ch = fgetc(f);
        cr_assert_neq(ch, EOF);
        cr_assert_eq(fseek(f, h + 8 + 1000, SEEK_SET), 0);
        fputc(ch ^ 0x10, f);
        fclose(f);
        break;
    }
    case 8:
        f = fopen(ck, "ab");
        cr_assert_not_null(f);
        put_random(f, 5000, seed);
        fclose(f);
        break;
    case 9: {
        char tmpname[260];
        snprintf(tmpname, sizeof tmpname, "%s.tmp", ck);
        f = fopen(tmpname, "wb");
        cr_assert_not_null(f);
        fputs("CEVNSCK1 half a header", f);
        fclose(f);
        break;
    }
    case 10: { /* the format number (bytes 8-11, after the 8-byte magic) */
        int ch;
        f = fopen(ck, "r+b");
        cr_assert_not_null(f);
        cr_assert_eq(fseek(f, 8, SEEK_SET), 0);
        ch = fgetc(f);
        cr_assert_eq(fseek(f, 8, SEEK_SET), 0);
        fputc(ch ^ 0x04, f);
        fclose(f);
        break;
    }
    default: cr_assert_fail("no damage %zu", k);
    }
}

Test(faults, damaged_checkpoints_are_refused_or_recomputed, .timeout = 240) {
    unsigned long long seed = test_seed("faults::damaged_checkpoints");
    char saved[200];
    big_run b;
    result r;
    size_t k;
    big_run_until_the_disk_fills(&b);
    snprintf(saved, sizeof saved, "%s/saved.partial", b.s.tmp);
    copy_dir(b.s.partial, saved);
    for (k = 0; k < sizeof DAMAGES / sizeof DAMAGES[0]; k++) {
        const damage *d = &DAMAGES[k];
        rm_rf(b.s.run);
        copy_dir(saved, b.s.partial);
        apply_damage(k, b.ck, &seed);
        resume(&b, &r, NULL);
        if (d->expect == RECOMPUTED) {
            expect_resumed_to_the_clean_map(&b, &r, d->chunks_taken, d->name);
            continue;
        }
        /* refused: exit 4, the file named and what to do; nothing removed */
        {
            long before = file_size(b.ck);
            expect_failure(&r, 4, d->name, "checkpoint-0.bin", d->needle);
            cr_expect_not_null(strstr(r.err, "remove it"), "%s: no word on what to do: %s", d->name, r.err);
            expect_no_run(b.s.run, d->name);
            cr_assert(exists(b.s.partial), "%s: the refused resume removed %s", d->name, b.s.partial);
            cr_expect_eq(file_size(b.ck), before, "%s: the refused resume changed the checkpoint", d->name);
        }
        /* as the message says: remove it, and its chunks are computed again */
        cr_assert_eq(unlink(b.ck), 0);
        resume(&b, &r, NULL);
        expect_resumed_to_the_clean_map(&b, &r, 0, d->name);
    }
    rm_rf(b.s.tmp);
}

/* ---------------------------------------------------------------- NaN and Inf in data files */

/* A config around one data file: solar 8B on germanium in keVee, a 4 x 3
 * (mu_nu, m4) grid.  %s are, in order: the source, the detector's keys (exposure,
 * bins, ...), the quenching, the data. */
static const char *const CONFIG_FMT =
    "{\"name\": \"fault\", \"experiment\": {\"source\": %s, \"target\": {\"material\": \"Ge\"},\n"
    " \"detector\": {%s, \"observable\": \"keVee\", \"quenching\": %s},\n"
    " \"data\": %s},\n"
    " \"model\": {\"form_factor\": {\"type\": \"helm\"}, \"interactions\": [\"sm\", \"sterile\"]},\n"
    " \"scan\": {\"axes\": [{\"name\": \"mu_nu\", \"lo\": 1e-10, \"hi\": 1e-7, \"n\": 4, \"spacing\": \"log\"},\n"
    "                   {\"name\": \"m4_MeV\", \"lo\": 0.01, \"hi\": 20, \"n\": 3, \"spacing\": \"log\"}]}}\n";

#define DET "\"exposure_kg_day\": 205.4, \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 20}"

static const char *const SOLAR = "{\"type\": \"solar\", \"components\": [\"B8\"]}";
static const char *const LINDHARD = "{\"type\": \"lindhard\", \"k\": 0.157}";
static const char *const ASIMOV = "{\"observed\": \"asimov\"}";

typedef enum { FLUX_TABLE, B8_SHAPE, EFFICIENCY, QUENCHING, SPECTRUM, N_KINDS } file_kind;

static const char *const KIND_NAME[N_KINDS] = {"flux table (source.file)", "8B shape (source.b8_file)",
                                               "efficiency table", "quenching table", "data spectrum"};
static const char *const KIND_KEY[N_KINDS] = {"experiment.source.file", "experiment.source",
                                              "experiment.detector.efficiency.file",
                                              "experiment.detector.quenching.file", "experiment.data.file"};

/* The data file of a kind, with `bad` at data row `row` (0-based); returns the
 * line number of the bad value (1-based). */
static int write_data_file(file_kind kind, const char *path, const char *bad, int row) {
    char text[8192];
    size_t used = 0;
    int i, rows = 20, header = 2, line = 0;
#define ADD(...) used += (size_t)snprintf(text + used, sizeof text - used, __VA_ARGS__)
    ADD("# a data file with a bad value\n# columns as the config says\n");
    for (i = 0; i < rows; i++) {
        char a[32], b[32];
        double x;
        switch (kind) {
        case FLUX_TABLE:
        case B8_SHAPE: /* E [MeV], a spectrum shape */
            x = 0.5 + 0.8 * i;
            snprintf(a, sizeof a, "%g", x);
            snprintf(b, sizeof b, "%g", x * x * (16.5 - x) * (16.5 - x) * 1e-3);
            break;
        case EFFICIENCY: /* x [keVee], efficiency */
            snprintf(a, sizeof a, "%g", 0.1 * i);
            snprintf(b, sizeof b, "%g", i < 2 ? 0.0 : 0.9);
            break;
        case QUENCHING: /* T [keVnr], Q */
            snprintf(a, sizeof a, "%g", 0.1 + 1.0 * i);
            snprintf(b, sizeof b, "%g", 0.15 + 0.002 * i);
            break;
        default: /* E_lo E_hi observed error */
            snprintf(a, sizeof a, "%g %g", 0.16 + 0.1 * i, 0.26 + 0.1 * i);
            snprintf(b, sizeof b, "41.08 6.41");
            break;
        }
        if (i == row) {
            line = header + i + 1;
            if (kind == SPECTRUM) ADD("%s %s 6.41\n", a, bad);
            else ADD("%s %s\n", a, bad);
        } else {
            ADD("%s %s\n", a, b);
        }
    }
#undef ADD
    write_text(path, text);
    return line;
}

static void write_kind_config(file_kind kind, const char *cfg, const char *file) {
    char text[8192], src[1024], extra[1024], quench[1024], data[1024];
    snprintf(src, sizeof src, "%s", SOLAR);
    snprintf(extra, sizeof extra, "%s", DET);
    snprintf(quench, sizeof quench, "%s", LINDHARD);
    snprintf(data, sizeof data, "%s", ASIMOV);
    switch (kind) {
    case FLUX_TABLE:
        snprintf(src, sizeof src, "{\"type\": \"table\", \"file\": \"%s\", \"flux_cm2_s\": 5e6}", file);
        break;
    case B8_SHAPE:
        snprintf(src, sizeof src, "{\"type\": \"solar\", \"components\": [\"B8\"], \"b8_file\": \"%s\"}", file);
        break;
    case EFFICIENCY:
        snprintf(extra, sizeof extra, "%s, \"efficiency\": {\"type\": \"table\", \"file\": \"%s\"}", DET, file);
        break;
    case QUENCHING: snprintf(quench, sizeof quench, "{\"type\": \"table\", \"file\": \"%s\"}", file); break;
    default:
        snprintf(data, sizeof data,
                 "{\"observed\": \"binned\", \"file\": \"%s\", \"columns\": {\"observed\": 3, \"error\": 4}}", file);
    }
    snprintf(text, sizeof text, CONFIG_FMT, src, extra, quench, data);
    write_text(cfg, text);
}

Test(faults, nan_or_inf_in_every_kind_of_data_file, .timeout = 120) {
    static const char *const BAD[] = {"nan", "NaN", "inf", "-inf", "Infinity", "1e999"};
    char file[128], needle[200];
    scan_paths s;
    file_kind kind;
    size_t t;
    result r;
    scan_paths_init(&s, "c.json");
    snprintf(file, sizeof file, "%s/table.txt", s.tmp);
    for (kind = FLUX_TABLE; kind < N_KINDS; kind++) {
        /* the file as written, without a bad value, is accepted */
        write_data_file(kind, file, "1", -1);
        write_kind_config(kind, s.cfg, file);
        {
            const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", "cpu", "--quiet", "--no-figures", "--out",
                                        s.run, NULL};
            cevns(s.tmp, &r, argv);
            cr_expect_eq(r.code, 0, "%s without a bad value: exit %d: %s", KIND_NAME[kind], r.code, r.err);
            rm_rf(s.run);
        }
        for (t = 0; t < sizeof BAD / sizeof BAD[0]; t++) {
            char what[128];
            int line = write_data_file(kind, file, BAD[t], (int)(3 + t));
            const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", "cpu", "--quiet", "--no-figures", "--out",
                                        s.run, NULL};
            snprintf(what, sizeof what, "%s with %s", KIND_NAME[kind], BAD[t]);
            snprintf(needle, sizeof needle, "table.txt:%d: value %s is not a finite number", line, BAD[t]);
            cevns(s.tmp, &r, argv);
            expect_failure(&r, 4, what, needle, KIND_KEY[kind]);
            expect_no_run(s.run, what);
            cr_expect(!exists(s.partial), "%s: %s left behind", what, s.partial);
        }
    }
    rm_rf(s.tmp);
}

/* ---------------------------------------------------------------- config faults */

typedef struct {
    const char *what;
    const char *detector; /* detector keys besides observable and quenching */
    const char *axes;
    const char *data;
    int code;
    const char *needle;
    const char *needle2; /* NULL: the config's name */
} bad_case;

#define AXES "[{\"name\": \"mu_nu\", \"lo\": 1e-10, \"hi\": 1e-7, \"n\": 4, \"spacing\": \"log\"}]"

static const bad_case BAD_CASES[] = {
    {"zero exposure", "\"exposure_kg_day\": 0, \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 20}", AXES, NULL, 3,
     "experiment.detector.exposure_kg_day", NULL},
    {"zero mass", "\"mass_kg\": 0, \"live_days\": 10, \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 20}", AXES, NULL,
     3, "experiment.detector.mass_kg", NULL},
    {"zero live time", "\"mass_kg\": 10, \"live_days\": 0, \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 20}", AXES,
     NULL, 3, "experiment.detector.live_days", NULL},
    {"an exposure_scale of 0", DET, "[{\"name\": \"exposure_scale\", \"values\": [0, 1]}]", NULL, 3,
     "scan.axes[0].values[0]", NULL},
    {"bins n = 0", "\"exposure_kg_day\": 205.4, \"bins\": {\"lo\": 0.16, \"hi\": 2.16, \"n\": 0}", AXES, NULL, 3,
     "experiment.detector.bins.n", NULL},
    {"bins hi = lo", "\"exposure_kg_day\": 205.4, \"bins\": {\"lo\": 2.16, \"hi\": 2.16, \"n\": 20}", AXES, NULL, 3,
     "experiment.detector.bins.hi", NULL},
    {"bins hi < lo", "\"exposure_kg_day\": 205.4, \"bins\": {\"lo\": 2.16, \"hi\": 0.16, \"n\": 20}", AXES, NULL, 3,
     "experiment.detector.bins.hi", NULL},
    {"a bin of zero width", "\"exposure_kg_day\": 205.4, \"bins\": {\"edges\": [0.2, 0.2, 0.5]}", AXES, NULL, 3,
     "experiment.detector.bins.edges[1]", NULL},
    {"no bin edges", "\"exposure_kg_day\": 205.4, \"bins\": {\"edges\": []}", AXES, NULL, 3,
     "experiment.detector.bins.edges", NULL},
    {"axis n = 0", DET, "[{\"name\": \"mu_nu\", \"lo\": 1e-10, \"hi\": 1e-7, \"n\": 0, \"spacing\": \"log\"}]", NULL, 3,
     "scan.axes[0].n", NULL},
    {"axis hi < lo", DET, "[{\"name\": \"mu_nu\", \"lo\": 1e-7, \"hi\": 1e-10, \"n\": 4, \"spacing\": \"log\"}]", NULL,
     3, "scan.axes[0].hi", NULL},
    {"axis hi = lo", DET, "[{\"name\": \"mu_nu\", \"lo\": 1e-7, \"hi\": 1e-7, \"n\": 4, \"spacing\": \"log\"}]", NULL,
     3, "scan.axes[0].hi", NULL},
    {"log axis from 0", DET, "[{\"name\": \"mu_nu\", \"lo\": 0, \"hi\": 1e-7, \"n\": 4, \"spacing\": \"log\"}]", NULL,
     3, "scan.axes[0].lo", NULL},
    {"axis without values", DET, "[{\"name\": \"mu_nu\", \"values\": []}]", NULL, 3, "scan.axes[0].values", NULL},
    {"no axes", DET, "[]", NULL, 3, "scan.axes", NULL},
    /* every bin beyond the end of the recoil spectrum, no background: the Asimov chi2 has nothing to use */
    {"empty bins (Asimov chi2)", "\"exposure_kg_day\": 205.4, \"bins\": {\"lo\": 50, \"hi\": 100, \"n\": 5}", AXES,
     NULL, 3, "experiment.detector.bins: no bin", NULL},
    /* a data file of empty bins: nothing observed and no error, under the chi2 */
    {"empty bins (data, chi2)", DET, AXES, "ZERO", 4, "error 0 from experiment.data.columns.error", "data.txt:"},
    {"a data file without rows", DET, AXES, "NONE", 4, "data.txt: no data rows", "experiment.data.file"},
};

Test(faults, zero_exposure_empty_bins_and_empty_ranges, .timeout = 120) {
    char file[128], text[8192], det[1024], data[1024];
    scan_paths s;
    size_t i;
    result r;
    scan_paths_init(&s, "c.json");
    snprintf(file, sizeof file, "%s/data.txt", s.tmp);
    for (i = 0; i < sizeof BAD_CASES / sizeof BAD_CASES[0]; i++) {
        const bad_case *c = &BAD_CASES[i];
        const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", "cpu", "--quiet", "--no-figures", "--out",
                                    s.run, NULL};
        snprintf(data, sizeof data, "%s", ASIMOV);
        if (c->data) {
            char rows[4096] = "# E_lo E_hi observed error\n";
            int b;
            if (!strcmp(c->data, "ZERO"))
                for (b = 0; b < 20; b++)
                    snprintf(rows + strlen(rows), sizeof rows - strlen(rows), "%g %g 0 0\n", 0.16 + 0.1 * b,
                             0.26 + 0.1 * b);
            write_text(file, rows);
            snprintf(data, sizeof data,
                     "{\"observed\": \"binned\", \"file\": \"%s\", \"columns\": {\"observed\": 3, \"error\": 4}}",
                     file);
        }
        snprintf(det, sizeof det, "%s", c->detector);
        snprintf(text, sizeof text, CONFIG_FMT, SOLAR, det, LINDHARD, data);
        /* the axes replace the default ones */
        {
            char *axes = strstr(text, "\"axes\": ");
            cr_assert_not_null(axes);
            snprintf(axes + 8, sizeof text - (size_t)(axes + 8 - text), "%s}}\n", c->axes);
        }
        write_text(s.cfg, text);
        cevns(s.tmp, &r, argv);
        expect_failure(&r, c->code, c->what, c->needle, c->needle2 ? c->needle2 : "c.json");
        expect_no_run(s.run, c->what);
        cr_expect(!exists(s.partial), "%s: %s left behind", c->what, s.partial);
        rm_rf(s.run);
        rm_rf(s.partial);
    }

    /* empty bins under the Poisson statistic are no error: a flat map, and no
     * limit inside the grid ("nan" in limits.csv) */
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", "cpu", "--quiet", "--no-figures", "--out",
                                    s.run, NULL};
        char p[200], limits_csv[4096], *st;
        snprintf(det, sizeof det, "%s", "\"exposure_kg_day\": 205.4, \"bins\": {\"lo\": 50, \"hi\": 100, \"n\": 5}");
        snprintf(text, sizeof text, CONFIG_FMT, SOLAR, det, LINDHARD, ASIMOV);
        st = strstr(text, "\"scan\": {");
        cr_assert_not_null(st);
        memmove(st + 9 + 24, st + 9, strlen(st + 9) + 1);
        memcpy(st + 9, "\"statistic\": \"poisson\", ", 24);
        write_text(s.cfg, text);
        cevns(s.tmp, &r, argv);
        cr_expect_eq(r.code, 0, "empty bins, Poisson: exit %d: %s", r.code, r.err);
        snprintf(p, sizeof p, "%s/limits.csv", s.run);
        slurp(p, limits_csv, sizeof limits_csv);
        cr_expect_not_null(strstr(limits_csv, "nan"), "empty bins, Poisson: a limit was found: %s", limits_csv);
    }
    rm_rf(s.tmp);
}

/* ---------------------------------------------------------------- grids too large */

/* The default config with its axes replaced. */
static void write_axes_config(const char *path, const char *axes) {
    char text[8192];
    snprintf(text, sizeof text, CONFIG_FMT, SOLAR, DET, LINDHARD, ASIMOV);
    {
        char *a = strstr(text, "\"axes\": ");
        cr_assert_not_null(a);
        snprintf(a + 8, sizeof text - (size_t)(a + 8 - text), "%s}}\n", axes);
    }
    write_text(path, text);
}

Test(faults, grids_too_large_for_memory_fail_before_any_work, .timeout = 120) {
    scan_paths s;
    const limits four_gib = {0, (rlim_t)4 << 30};
    result r;
    scan_paths_init(&s, "c.json");

    /* 4 axes of 1024 values: 1.1e12 points, beyond the config's limit of 1e9 */
    write_axes_config(s.cfg, "[{\"name\": \"mu_nu\", \"lo\": 1e-10, \"hi\": 1e-7, \"n\": 1024, \"spacing\": \"log\"},"
                           " {\"name\": \"m4_MeV\", \"lo\": 0.01, \"hi\": 20, \"n\": 1024, \"spacing\": \"log\"},"
                           " {\"name\": \"normalisation\", \"lo\": 0.5, \"hi\": 1.5, \"n\": 1024, \"profile\": true},"
                           " {\"name\": \"exposure_scale\", \"lo\": 0.5, \"hi\": 1.5, \"n\": 1024,"
                           " \"profile\": true}]");
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", "cpu", "--quiet", "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        expect_failure(&r, 3, "1.1e12 points", "scan.axes", "1099511627776");
        expect_no_run(s.run, "1.1e12 points");
        cr_expect(!exists(s.partial));
    }

    /* A sanitizer build cannot start under an address-space limit (ASan maps
     * terabytes of shadow memory): nothing to test there. */
    {
        const char *const argv[] = {"cevns", "info", NULL};
        cevns_lim(s.tmp, &r, &four_gib, argv);
        if (r.code != 0) {
            cr_log_info("cevns does not start under RLIMIT_AS = 4 GiB (a sanitizer build?): the 1e9-point grid is "
                        "not tested (%.200s)",
                        r.err);
            rm_rf(s.tmp);
            return;
        }
    }

    /* a map of 1000^3 = 1e9 points (8 GB of chi2 alone) where 4 GiB may be mapped: out of
     * memory, said before any point is computed.  (With the third axis profiled the
     * engine reduces it as it goes: a 1e6-point map, which fits.) */
    write_axes_config(s.cfg, "[{\"name\": \"mu_nu\", \"lo\": 1e-10, \"hi\": 1e-7, \"n\": 1000, \"spacing\": \"log\"},"
                           " {\"name\": \"m4_MeV\", \"lo\": 0.01, \"hi\": 20, \"n\": 1000, \"spacing\": \"log\"},"
                           " {\"name\": \"normalisation\", \"lo\": 0.5, \"hi\": 1.5, \"n\": 1000}]");
    {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", "cpu", "--quiet", "--out", s.run, NULL};
        cevns_lim(s.tmp, &r, &four_gib, argv);
        expect_failure(&r, 8, "1e9 points in 4 GiB", "out of memory for 1000000000 map points", "GiB");
        cr_expect_not_null(strstr(r.err, "scan.axes"), "%s", r.err);
        cr_expect_lt(r.seconds, 30.0, "1e9 points in 4 GiB: failed only after %.1f s", r.seconds);
        expect_no_run(s.run, "1e9 points in 4 GiB");
        cr_expect(!exists(s.partial), "1e9 points in 4 GiB: %s left behind", s.partial);
    }

    /* the check does not refuse what fits: the main job in the same 4 GiB */
    {
        char def[600];
        const char *const argv[] = {"cevns", "scan", def, "--engine", "cpu", "--quiet", "--no-figures", "--out", s.run,
                                    NULL};
        snprintf(def, sizeof def, "%s/configs/default.json", CEVNS_SOURCE_DIR);
        cevns_lim(s.tmp, &r, &four_gib, argv);
        cr_expect_eq(r.code, 0, "the main job in 4 GiB: exit %d: %s", r.code, r.err);
    }
    rm_rf(s.tmp);
}

/* ---------------------------------------------------------------- devices */

/* A GPU engine asked for where it has no device fails clearly (exit 9) and
 * leaves nothing, or, on a GPU machine, runs.  A device that runs out of memory
 * or is lost mid-scan: test_device_faults.c. */
Test(faults, a_missing_device_fails_clearly) {
    static const char *const engines[] = {"cuda", "opencl"};
    scan_paths s;
    size_t i;
    result r;
    scan_paths_init(&s, "c.json");
    write_axes_config(s.cfg, AXES); /* 4 points: quick where a device (or PoCL) runs it */
    for (i = 0; i < sizeof engines / sizeof engines[0]; i++) {
        const char *const argv[] = {"cevns", "scan", s.cfg, "--engine", engines[i], "--direct", "--quiet",
                                    "--no-figures", "--out", s.run, NULL};
        cevns(s.tmp, &r, argv);
        if (r.code == 0) {
            cr_log_info("engine %s has a device here: ran", engines[i]);
            rm_rf(s.run);
            continue;
        }
        expect_failure(&r, 9, engines[i], "engine", engines[i]);
        expect_no_run(s.run, engines[i]);
        cr_expect(!exists(s.partial), "engine %s: %s left behind", engines[i], s.partial);
    }
    rm_rf(s.tmp);
}
