/* test_run.h - helpers for the tests that run the cevns command as a child
 * process (test_faults.c, test_device_faults.c, test_checkpoint.c): scratch
 * folders, edited copies of the shipped configs, running a
 * program under resource limits with its stdout and stderr captured, and the
 * checks every failing scan must pass (exit code, one message line, no
 * finished-looking output) or a resumed scan (the clean run's map, bit for bit). */
#ifndef CEVNS_TEST_RUN_H
#define CEVNS_TEST_RUN_H

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

static inline void make_tmp(char *dir, size_t size) {
    snprintf(dir, size, "/tmp/cevns_test_run_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static inline void rm_rf(const char *dir) {
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", dir, dir);
    cr_expect_eq(system(cmd), 0);
}

static inline void copy_dir(const char *from, const char *to) {
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static inline int exists(const char *path) {
    struct stat s;
    return lstat(path, &s) == 0;
}

static inline long file_size(const char *path) {
    struct stat s;
    return stat(path, &s) == 0 ? (long)s.st_size : -1;
}

static inline void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static inline void slurp(const char *path, char *buf, size_t size) {
    FILE *f = fopen(path, "r");
    size_t n = 0;
    if (f) {
        n = fread(buf, 1, size - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
}

/* Replace the first `from` in the text file (it must occur) by `to`. */
static inline void replace_in_file(const char *path, const char *from, const char *to) {
    char text[16384], *p;
    FILE *f;
    slurp(path, text, sizeof text);
    cr_assert_lt(strlen(text), sizeof text - 1, "%s: too long for replace_in_file", path);
    p = strstr(text, from);
    cr_assert_not_null(p, "%s: no '%s'", path, from);
    f = fopen(path, "w");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fwrite(text, 1, (size_t)(p - text), f);
    fputs(to, f);
    fputs(p + strlen(from), f);
    cr_assert_eq(fclose(f), 0);
}

/* configs/<name> of the source tree copied to path (then edited with replace_in_file). */
static inline void copy_config(const char *name, const char *path) {
    char src[600], text[16384];
    snprintf(src, sizeof src, "%s/configs/%s", CEVNS_SOURCE_DIR, name);
    slurp(src, text, sizeof text);
    cr_assert_gt(strlen(text), 0, "%s: missing or empty", src);
    write_text(path, text);
}

static inline double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A scratch folder and the names a scan test uses in it: its config, a
 * reference run, the run and the run's work folder (docs/scan.md). */
typedef struct {
    char tmp[64], cfg[128], ref[128], run[128], partial[160];
} scan_paths;

static inline void scan_paths_init(scan_paths *p, const char *config_name) {
    make_tmp(p->tmp, sizeof p->tmp);
    snprintf(p->cfg, sizeof p->cfg, "%s/%s", p->tmp, config_name);
    snprintf(p->ref, sizeof p->ref, "%s/ref", p->tmp);
    snprintf(p->run, sizeof p->run, "%s/run", p->tmp);
    snprintf(p->partial, sizeof p->partial, "%s.partial", p->run);
}

/* Limits for the child (0: none). */
typedef struct {
    rlim_t fsize; /* RLIMIT_FSIZE, bytes: a file cannot grow beyond (a full disk) */
    rlim_t as;    /* RLIMIT_AS, bytes: the memory the process may map */
} limits;

typedef struct {
    int code;
    double seconds;
    char out[8192], err[8192];
} result;

/* Run program with argv (NULL-terminated) in tmp under the limits. */
static inline void run_program(const char *program, const char *tmp, result *r, const limits *lim,
                               const char *const *argv) {
    char outp[600], errp[600];
    int status;
    double t0 = now();
    pid_t pid;
    setenv("CEVNS_DATA_DIR", CEVNS_SOURCE_DIR "/data", 0);
    snprintf(outp, sizeof outp, "%s/stdout.txt", tmp);
    snprintf(errp, sizeof errp, "%s/stderr.txt", tmp);
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        struct rlimit rl;
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0 || chdir(tmp) != 0) _exit(126);
        /* a write beyond RLIMIT_FSIZE then fails with EFBIG instead of killing the process */
        signal(SIGXFSZ, SIG_IGN);
        if (lim && lim->fsize) {
            rl.rlim_cur = rl.rlim_max = lim->fsize;
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(125);
        }
        if (lim && lim->as) {
            rl.rlim_cur = rl.rlim_max = lim->as;
            if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(125);
        }
        execv(program, (char *const *)argv);
        _exit(127);
    }
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    r->seconds = now() - t0;
    r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (WIFSIGNALED(status)) r->code = -WTERMSIG(status);
    slurp(outp, r->out, sizeof r->out);
    slurp(errp, r->err, sizeof r->err);
}

/* Start CEVNS_BINARY with argv in folder dir (not waited for); stdout and stderr go to files. */
static inline pid_t spawn_in(const char *dir, const char *const *argv, const char *out_path, const char *err_path) {
    pid_t pid;
    setenv("CEVNS_DATA_DIR", CEVNS_SOURCE_DIR "/data", 0);
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0 || chdir(dir) != 0) _exit(126);
        execv(CEVNS_BINARY, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* The cevns command (CEVNS_BINARY), with and without limits. */
static inline void cevns_lim(const char *tmp, result *r, const limits *lim, const char *const *argv) {
    run_program(CEVNS_BINARY, tmp, r, lim, argv);
}

static inline void cevns(const char *tmp, result *r, const char *const *argv) { cevns_lim(tmp, r, NULL, argv); }

/* A clear failure: the exit code, nothing on stdout, one "cevns: error:" line
 * on stderr naming what it must name. */
static inline void expect_failure(const result *r, int code, const char *what, const char *needle1,
                                  const char *needle2) {
    cr_expect_eq(r->code, code, "%s: exit %d, expected %d; stderr: %s", what, r->code, code, r->err);
    cr_expect_eq(r->out[0], '\0', "%s: stdout not empty: %.300s", what, r->out);
    cr_expect_not_null(strstr(r->err, "cevns: error: "), "%s: no error message: %s", what, r->err);
    cr_expect_null(strchr(strchr(r->err, '\n') ? strchr(r->err, '\n') + 1 : "", '\n'), "%s: more than one line: %s",
                   what, r->err);
    if (needle1) cr_expect_not_null(strstr(r->err, needle1), "%s: stderr lacks '%s': %s", what, needle1, r->err);
    if (needle2) cr_expect_not_null(strstr(r->err, needle2), "%s: stderr lacks '%s': %s", what, needle2, r->err);
}

/* No finished-looking output: no run folder (and so no map.h5 or summary.json
 * under their final names). */
static inline void expect_no_run(const char *run, const char *what) {
    char p[700];
    cr_expect(!exists(run), "%s: a failed scan left the run folder %s", what, run);
    snprintf(p, sizeof p, "%s/map.h5", run);
    cr_expect(!exists(p), "%s: %s exists", what, p);
    snprintf(p, sizeof p, "%s/summary.json", run);
    cr_expect(!exists(p), "%s: %s exists", what, p);
}

/* No half-written file in a folder: no *.tmp, and no map.h5 / summary.json. */
static inline void expect_no_temporaries(const char *dir, const char *what) {
    DIR *d = opendir(dir);
    struct dirent *e;
    cr_assert_not_null(d, "%s: %s: %s", what, dir, strerror(errno));
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        cr_expect(!(n > 4 && strcmp(e->d_name + n - 4, ".tmp") == 0), "%s: %s/%s left behind", what, dir, e->d_name);
        cr_expect(strcmp(e->d_name, "map.h5") != 0 && strcmp(e->d_name, "summary.json") != 0,
                  "%s: %s/%s left behind", what, dir, e->d_name);
    }
    closedir(d);
}

/* Size of the header of a checkpoint file, read as docs/scan.md describes it, or -1. */
static inline long checkpoint_header_size(const char *path) {
    unsigned char pre[24];
    uint64_t len = 0;
    FILE *f = fopen(path, "rb");
    int i;
    if (!f) return -1;
    if (fread(pre, 1, sizeof pre, f) != sizeof pre) {
        fclose(f);
        return -1;
    }
    fclose(f);
    if (memcmp(pre, "CEVNSCK1", 8) != 0) return -1;
    for (i = 7; i >= 0; i--) len = len << 8 | pre[16 + i];
    return (long)(24 + len + 24);
}

static inline void read_map(const char *run, cevns_map *m) {
    char h5[700];
    cevns_error err = {""};
    snprintf(h5, sizeof h5, "%s/map.h5", run);
    cr_assert_eq(cevns_map_create_from_h5(h5, m, &err), CEVNS_OK, "%s", err.msg);
}

/* The chi2 and counts of two run folders, bit for bit. */
static inline void expect_same_map(const char *ref, const char *run) {
    cevns_map a, b;
    size_t n, i;
    read_map(ref, &a);
    read_map(run, &b);
    n = cevns_map_points(&a);
    cr_assert_gt(n, 0u);
    cr_assert_eq(cevns_map_points(&b), n);
    for (i = 0; i < n; i++)
        if (memcmp(&a.chi2[i], &b.chi2[i], sizeof(double)) != 0) {
            cr_expect_fail("%s: chi2 of point %zu is %.17g, %.17g in the clean run", run, i, b.chi2[i], a.chi2[i]);
            break;
        }
    cr_assert_eq(a.n_bins, b.n_bins);
    if (a.n_bins) cr_expect(memcmp(a.counts, b.counts, n * a.n_bins * sizeof(double)) == 0, "%s: counts differ", run);
    cevns_map_free(&a);
    cevns_map_free(&b);
}

#endif
