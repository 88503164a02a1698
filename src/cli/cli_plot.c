/* cli_plot.c - `cevns plot RUN_DIR`: redraw a run's figures from its map.h5. */
#include <stdio.h>
#include <string.h>

#include "cevns/config.h"
#include "cevns/results.h"
#include "cli/cli.h"

/* map.h5 -> its analysis -> the figures. */
static cevns_status replot(const char *dir, cevns_error *err) {
    char path[CEVNS_PATH_MAX + 16];
    cevns_map m;
    cevns_analysis a;
    cevns_status st;
    if ((size_t)snprintf(path, sizeof path, "%s/map.h5", dir) >= sizeof path)
        return cevns_error_set(err, CEVNS_EIO, "%s: path too long", dir);
    if ((st = cevns_map_create_from_h5(path, &m, err)) != CEVNS_OK) return st;
    st = cevns_analysis_create(&m, path, &a, err);
    if (st == CEVNS_OK) {
        st = cevns_figures_write(dir, &m, &a, err);
        cevns_analysis_free(&a);
    }
    cevns_map_free(&m);
    return st;
}

int cevns_cmd_plot(int argc, char **argv) {
    cevns_error err = {""};
    cevns_status st;
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        puts("usage: cevns plot RUN_DIR\n\nRedraws the figures of a scan's run folder (PNG and PDF) from its map.h5.");
        return 0;
    }
    if (argc != 2 || argv[1][0] == '-') return cli_usage_error("plot", "expected exactly one RUN_DIR");
    st = replot(argv[1], &err);
    if (st != CEVNS_OK) return cli_fail(st, &err);
    printf("figures written to %s/\n", argv[1]);
    return 0;
}
