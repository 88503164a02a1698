/* cli_info.c - `cevns info`: version, build options, engines and data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/engine.h"

static const char *yes_no(int v) { return v ? "yes" : "no"; }

/* Where a config's data directory is looked for, in order. */
static void print_search_order(void) {
    cevns_config_options o;
    const char *const *f;
    cli_config_options(&o);
    printf("  looked for in order: the config's data_dir, $CEVNS_DATA_DIR, <config folder>/../data");
    for (f = o.data_dir_fallbacks; *f; f++) printf(", %s", *f);
    printf("\n  (the first given, or else the first holding %s)\n", CEVNS_DATA_MARKER);
}

/* The data directory a command without a config uses, and where it came from. */
static void print_data_dir(void) {
    cevns_config *cfg = malloc(sizeof *cfg);
    if (!cfg) return;
    cevns_config_defaults(cfg);
    cli_find_data_dir(cfg);
    if (cfg->data_dir_tried[0])
        printf("data directory: none found (looked in %s)\n", cfg->data_dir_tried);
    else
        printf("data directory: %s%s%s%s\n", cfg->data_dir, cfg->data_dir_origin[0] ? " (from " : "",
               cfg->data_dir_origin, cfg->data_dir_origin[0] ? ")" : "");
    free(cfg);
    print_search_order();
}

int cevns_cmd_info(int argc, char **argv) {
    cevns_engine_options o;
    int i, rc;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("usage: cevns info\n\nPrints the version, the optional components this binary was built with,\n"
                 "the engines it can run and the data directory it uses.");
            return 0;
        }
        return cli_usage_error("info", "unexpected argument '%s'", argv[i]);
    }
    if ((rc = cli_engine_options("info", &o)) != 0) return rc;
    printf("cevns %s\n", CEVNS_VERSION);
    printf("build options:\n");
    printf("  CUDA      %s\n", yes_no(CEVNS_HAVE_CUDA));
    printf("  OpenCL    %s\n", yes_no(CEVNS_HAVE_OPENCL));
    printf("  MPI       %s\n", yes_no(CEVNS_HAVE_MPI));
    printf("  PLplot    %s\n", yes_no(CEVNS_HAVE_PLPLOT));
    printf("  OpenMP    %s\n", yes_no(CEVNS_HAVE_OPENMP));
    printf("engines (auto picks the first available: cuda, opencl on a GPU, cpu):\n");
    {
        const cevns_engine *const *all;
        size_t n = cevns_engine_list(&all), k;
        for (k = 0; k < n; k++) {
            char why[256] = "", devices[4096] = "", *line, *save = NULL;
            int ok = all[k]->available(&o, why, sizeof why);
            printf("  %-8s %s\n", all[k]->name, ok ? "available" : "not available");
            if (!ok) printf("           %s\n", why);
            all[k]->describe(&o, devices, sizeof devices);
            if (!ok && !strcmp(devices, why)) continue; /* the reason already says it */
            for (line = strtok_r(devices, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
                printf("           %s\n", line);
        }
    }
    print_data_dir();
    return 0;
}
