/* no_data_places.c - for tests/test_cli.c: the cevns command built with
 * -Wl,--wrap=cli_data_fallbacks (the test program cevns_nodata), so that none of the
 * compiled-in data folders exists and the message naming every place looked in can be
 * seen from a test run inside the source tree. */
#include <stddef.h>

const char *const *__wrap_cli_data_fallbacks(void);

const char *const *__wrap_cli_data_fallbacks(void) {
    static const char *const places[] = {"/nonexistent/cevns-build/data", "/nonexistent/cevns-prefix/share/cevns/data",
                                         NULL};
    return places;
}
