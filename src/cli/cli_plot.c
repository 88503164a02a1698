/* cli_plot.c - `cevns plot RUN_DIR`: redraw a run's figures from its map.h5. */
#include <stdio.h>
#include <string.h>

#include "cevns/results.h"
#include "cli/cli.h"

int cevns_cmd_plot(int argc, char **argv) {
    cevns_error err = {""};
    cevns_status st;
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        puts("usage: cevns plot RUN_DIR\n\nRedraws the figures of a scan's run folder (PNG and PDF) from its map.h5.");
        return 0;
    }
    if (argc != 2 || argv[1][0] == '-') return cli_usage_error("plot", "expected exactly one RUN_DIR");
    st = cevns_plot_run(argv[1], &err);
    if (st != CEVNS_OK) return cli_fail(st, &err);
    printf("figures written to %s/\n", argv[1]);
    return 0;
}
