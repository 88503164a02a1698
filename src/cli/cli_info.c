/* cli_info.c - `cevns info`: version, build options, engines and data. */
#include <stdio.h>
#include <string.h>
#if CEVNS_HAVE_OPENMP
#include <omp.h>
#endif

#include "cli/cli.h"

static const char *yes_no(int v) { return v ? "yes" : "no"; }

int cevns_cmd_info(int argc, char **argv) {
    int i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("usage: cevns info\n\nPrints the version, the optional components this binary was built with,\n"
                 "the engines it can run and the data directory it uses.");
            return 0;
        }
        return cli_usage_error("info", "unexpected argument '%s'", argv[i]);
    }
    printf("cevns %s\n", CEVNS_VERSION);
    printf("build options:\n");
    printf("  CUDA      %s\n", yes_no(CEVNS_HAVE_CUDA));
    printf("  OpenCL    %s\n", yes_no(CEVNS_HAVE_OPENCL));
    printf("  MPI       %s\n", yes_no(CEVNS_HAVE_MPI));
    printf("  PLplot    %s\n", yes_no(CEVNS_HAVE_PLPLOT));
    printf("  OpenMP    %s\n", yes_no(CEVNS_HAVE_OPENMP));
    printf("engines:\n");
#if CEVNS_HAVE_OPENMP
    printf("  cpu       available (reference: GSL adaptive; fast path: fixed nodes, %d OpenMP threads)\n",
           omp_get_max_threads());
#else
    printf("  cpu       available (reference: GSL adaptive; fast path: fixed nodes, 1 thread)\n");
#endif
    printf("  cuda      not implemented in this version\n");
    printf("  opencl    not implemented in this version\n");
    printf("data directory: %s\n", cli_default_data_dir());
    return 0;
}
