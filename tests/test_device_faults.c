/* test_device_faults.c - a GPU that runs out of memory or is lost in the middle
 * of a scan (issue 6, docs/reliability.md "Faults").  No GPU is needed: the
 * test runs cevns_faulty, the cevns command whose engine fails on request
 * (tests/fault_engine.c, CEVNS_TEST_DEVICE_FAULT), with the statuses the CUDA
 * engine maps those CUDA errors to.  What is checked is everything after the
 * engine: the exit code (docs/cli.md: 8 out of memory, 5 input/output), one
 * message line saying what to do, no finished-looking output, the checkpointed
 * chunks kept, and `cevns scan --resume` (the normal command) giving the map of
 * a run that never failed, bit for bit.
 *
 * The scan: configs/cdex10_active_mu.json with 900 mu_nu values times 5 signal
 * normalisations, evaluated directly (--direct: the separable fast path would
 * not call the engine), so 4500 points in three chunks of 2048, 2048 and 404,
 * one engine batch each. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_run.h"

static void write_config(const char *path) {
    copy_config("cdex10_active_mu.json", path);
    replace_in_file(path, "\"n\": 301, \"spacing\": \"log\"}]",
                    "\"n\": 900, \"spacing\": \"log\"},\n"
                    "             {\"name\": \"normalisation\", \"lo\": 0.8, \"hi\": 1.2, \"n\": 5}]");
}

/* The folder, the config and the clean reference run. */
static void setup(scan_paths *d) {
    result r;
    scan_paths_init(d, "c.json");
    write_config(d->cfg);
    {
        const char *const argv[] = {"cevns", "scan", d->cfg, "--engine", "cpu", "--direct", "--quiet",
                                    "--no-figures", "--out", d->ref, NULL};
        cevns(d->tmp, &r, argv);
        cr_assert_eq(r.code, 0, "reference scan failed: %s", r.err);
    }
}

/* cevns_faulty with CEVNS_TEST_DEVICE_FAULT=fault: a fresh scan, or a resume. */
static void faulty_scan(const scan_paths *d, const char *fault, int resume, result *r) {
    const char *const fresh[] = {"cevns", "scan", d->cfg, "--engine", "cpu", "--direct", "--quiet",
                                 "--no-figures", "--out", d->run, NULL};
    const char *const again[] = {"cevns", "scan", "--resume", d->run, "--engine", "cpu", "--direct", "--quiet",
                                 "--no-figures", NULL};
    cr_assert_eq(setenv("CEVNS_TEST_DEVICE_FAULT", fault, 1), 0);
    run_program(CEVNS_FAULTY_BINARY, d->tmp, r, NULL, resume ? again : fresh);
    cr_assert_eq(unsetenv("CEVNS_TEST_DEVICE_FAULT"), 0);
}

/* The normal command resumes the kept chunks to the clean run's map. */
static void expect_resume_to_clean_map(const scan_paths *d, int chunks, const char *what) {
    const char *const argv[] = {"cevns", "scan", "--resume", d->run, "--engine", "cpu", "--direct", "--quiet",
                                "--no-figures", NULL};
    char line[64];
    result r;
    cevns(d->tmp, &r, argv);
    cr_assert_eq(r.code, 0, "%s: resume failed (exit %d): %s", what, r.code, r.err);
    snprintf(line, sizeof line, "resumed: %d chunk(s)", chunks);
    cr_expect_not_null(strstr(r.out, line), "%s: expected '%s': %s", what, line, r.out);
    cr_expect(!exists(d->partial), "%s: %s left after success", what, d->partial);
    expect_same_map(d->ref, d->run);
}

/* A failure after chunks were checkpointed: the message says how to go on,
 * RUN.partial is kept without any half-written result. */
static void expect_kept_for_resume(const scan_paths *d, const result *r, int code, const char *what,
                                   const char *needle) {
    expect_failure(r, code, what, needle, "--resume");
    expect_no_run(d->run, what);
    cr_assert(exists(d->partial), "%s: the checkpointed chunks were thrown away (no %s)", what, d->partial);
    expect_no_temporaries(d->partial, what);
}

Test(device_faults, device_lost_mid_scan_keeps_the_finished_chunks, .timeout = 300) {
    scan_paths d;
    result r;
    setup(&d);
    /* chunk 0 done and checkpointed, the device lost in chunk 1 */
    faulty_scan(&d, "lost:1", 0, &r);
    expect_kept_for_resume(&d, &r, 5, "device lost at chunk 1", "the device was lost");
    /* the resume meets a still-lost device at its first batch (chunk 1): chunk 0 stays kept */
    faulty_scan(&d, "lost:0", 1, &r);
    expect_kept_for_resume(&d, &r, 5, "device still lost on --resume", "the device was lost");
    expect_resume_to_clean_map(&d, 1, "device lost at chunk 1");
    rm_rf(d.tmp);
}

Test(device_faults, device_out_of_memory_mid_scan_keeps_the_finished_chunks, .timeout = 300) {
    scan_paths d;
    result r;
    setup(&d);
    faulty_scan(&d, "oom:2", 0, &r);
    expect_kept_for_resume(&d, &r, 8, "out of device memory at chunk 2", "out of device memory");
    expect_resume_to_clean_map(&d, 2, "out of device memory at chunk 2");
    rm_rf(d.tmp);
}

/* Before any chunk is checkpointed there is nothing to keep: nothing is left. */
Test(device_faults, device_failing_before_the_first_chunk_leaves_nothing, .timeout = 300) {
    static const struct {
        const char *fault, *needle;
        int code;
    } cases[] = {{"oom:prepare", "out of device memory", 8},
                 {"oom:0", "out of device memory", 8},
                 {"lost:0", "the device was lost", 5}};
    scan_paths d;
    result r;
    size_t i;
    setup(&d);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        faulty_scan(&d, cases[i].fault, 0, &r);
        expect_failure(&r, cases[i].code, cases[i].fault, cases[i].needle, NULL);
        cr_expect_null(strstr(r.err, "--resume"), "%s: nothing was kept, yet: %s", cases[i].fault, r.err);
        expect_no_run(d.run, cases[i].fault);
        cr_expect(!exists(d.partial), "%s: %s left behind", cases[i].fault, d.partial);
    }
    rm_rf(d.tmp);
}

/* A fault the test program does not know is a mistake in a test, said as such. */
Test(device_faults, an_unknown_fault_is_refused) {
    static const char *const bad[] = {"bogus", "lost:", "lost:-1", "oom:2x", "oom:"};
    scan_paths d;
    result r;
    size_t i;
    scan_paths_init(&d, "c.json");
    write_config(d.cfg);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        faulty_scan(&d, bad[i], 0, &r);
        cr_expect_eq(r.code, 2, "%s: exit %d: %s", bad[i], r.code, r.err);
        cr_expect_not_null(strstr(r.err, "allowed: oom:prepare, oom:K, lost:K"), "%s: %s", bad[i], r.err);
        cr_expect(!exists(d.run) && !exists(d.partial), "%s: output left behind", bad[i]);
    }
    rm_rf(d.tmp);
}
