/* test_support.h - small helpers shared by the Criterion tests. */
#ifndef CEVNS_TEST_SUPPORT_H
#define CEVNS_TEST_SUPPORT_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
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

#endif
