/* main.c - `cevns SUBCOMMAND ...`: dispatch, --help and --version. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "scan/distribute.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand SUBCOMMANDS[] = {
    {"scan", cevns_cmd_scan, "chi2 map, limits, contours and figures over a parameter grid (the main job)"},
    {"plot", cevns_cmd_plot, "redraw the figures of a scan's run folder"},
    {"bench", cevns_cmd_bench, "time the config's scan on every engine and mode (JSON lines)"},
    {"rate", cevns_cmd_rate, "expected counts per bin and component for a config"},
    {"xsec", cevns_cmd_xsec, "differential cross section dsigma/dT for a target at given E and T"},
    {"info", cevns_cmd_info, "version, build options and engines found"},
};
#define N_SUBCOMMANDS (sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0])

static void usage(FILE *out) {
    size_t i;
    fputs("usage: cevns SUBCOMMAND [OPTIONS] [ARGS]\n\n"
          "Coherent elastic neutrino-nucleus scattering: rates, cross sections and new-physics scans.\n\n"
          "subcommands:\n",
          out);
    for (i = 0; i < N_SUBCOMMANDS; i++) fprintf(out, "  %-6s %s\n", SUBCOMMANDS[i].name, SUBCOMMANDS[i].summary);
    fputs("\n'cevns SUBCOMMAND --help' describes each one.\n"
          "Exit codes: 0 success, 2 usage, 3 invalid config, 4 missing or malformed data file, 5 I/O error,\n"
          "6 physically invalid input, 7 numerical failure, 8 out of memory, 9 not available, 70 internal error.\n",
          out);
}

int main(int argc, char **argv) {
    size_t i;
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("cevns %s\n", CEVNS_VERSION);
        return 0;
    }
    for (i = 0; i < N_SUBCOMMANDS; i++)
        if (!strcmp(argv[1], SUBCOMMANDS[i].name)) {
            /* MPI only under an MPI launcher (mpirun -np N cevns scan ...); else one rank */
            cevns_dist dist;
            int rc;
            /* GSL reports failures as return codes (the library passes them on as
             * statuses) instead of aborting: a process-wide choice, made here */
            gsl_set_error_handler_off();
            cevns_dist_init(&argc, &argv, &dist);
            rc = SUBCOMMANDS[i].run(argc - 1, argv + 1);
            cevns_dist_finalize(&dist);
            return rc;
        }
    fprintf(stderr, "cevns: unknown subcommand '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
