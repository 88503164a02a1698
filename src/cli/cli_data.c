/* cli_data.c - where the cevns command looks for the built-in data when neither the
 * config nor $CEVNS_DATA_DIR names a folder (after <config folder>/../data). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* <prefix>/<datadir>/cevns/data of the prefix this binary is installed in (its folder,
 * less CEVNS_INSTALL_BINDIR), so that `cmake --install --prefix P` works wherever P is;
 * NULL when the binary is not in such a folder or cannot be found (/proc/self/exe). */
static const char *installed_data_dir(void) {
    static char out[CEVNS_PATH_MAX];
    char exe[CEVNS_PATH_MAX];
    const char *bindir = CEVNS_INSTALL_BINDIR;
    size_t nb = strlen(bindir), n;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    if (len <= 0 || bindir[0] == '/' || CEVNS_INSTALL_DATADIR[0] == '/') return NULL;
    exe[len] = '\0';
    if (!(slash = strrchr(exe, '/'))) return NULL;
    *slash = '\0';
    n = strlen(exe);
    if (n <= nb || strcmp(exe + n - nb, bindir) != 0 || exe[n - nb - 1] != '/') return NULL;
    exe[n - nb - 1] = '\0';
    if (snprintf(out, sizeof out, "%s/%s/cevns/data", exe, CEVNS_INSTALL_DATADIR) >= (int)sizeof out) return NULL;
    return out;
}

const char *const *cli_data_fallbacks(void) {
    static const char *places[4];
    const char *installed = installed_data_dir();
    int n = 0;
    if (installed && strcmp(installed, CEVNS_INSTALL_DATA_DIR) != 0) places[n++] = installed;
    places[n++] = CEVNS_SOURCE_DATA_DIR;
    if (CEVNS_INSTALL_DATA_DIR[0]) places[n++] = CEVNS_INSTALL_DATA_DIR; /* "" in a wheel */
    places[n] = NULL;
    return places;
}
