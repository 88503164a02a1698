/* test_support.h - small helpers shared by the Criterion tests. */
#ifndef CEVNS_TEST_SUPPORT_H
#define CEVNS_TEST_SUPPORT_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Write text to a new file made from the mkstemp template `tmpl` (ending in
 * XXXXXX); path receives its name.  The caller unlinks it. */
static inline void test_write_temp(const char *tmpl, const char *text, char *path, size_t size) {
    int fd;
    FILE *f;
    snprintf(path, size, "%s", tmpl);
    fd = mkstemp(path);
    cr_assert(fd >= 0, "mkstemp(%s) failed", tmpl);
    f = fdopen(fd, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* splitmix64: a small deterministic generator, so random test points can be
 * reproduced from the printed seed. */
static inline unsigned long long test_next_random(unsigned long long *s) {
    unsigned long long z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline double test_uniform(unsigned long long *s) {
    return (double)(test_next_random(s) >> 11) / 9007199254740992.0;
}
/* A fresh seed each run ($CEVNS_TEST_SEED repeats one), printed with the test's name. */
static inline unsigned long long test_seed(const char *name) {
    const char *env = getenv("CEVNS_TEST_SEED");
    unsigned long long seed =
        env ? strtoull(env, NULL, 10) : (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20);
    fprintf(stderr, "%s: random seed %llu (rerun with CEVNS_TEST_SEED=%llu)\n", name, seed, seed);
    return seed;
}

#ifdef CEVNS_CONFIG_H
/* configs/<name> of the source tree, read (the caller frees it). */
static inline cevns_config *test_load_config(const char *name) {
    char path[512];
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_error err = {""};
    cr_assert_not_null(cfg);
    snprintf(path, sizeof path, "%s/configs/%s", CEVNS_SOURCE_DIR, name);
    cr_assert_eq(cevns_config_load(path, cfg, &err), CEVNS_OK, "%s: %s", name, err.msg);
    return cfg;
}
#endif

#endif
