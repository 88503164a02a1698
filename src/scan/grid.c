/* grid.c - the config's scan axes as the scan plan's and as a map's axes. */
#include <stdio.h>

#include "scan/scan_internal.h"

void cevns_scan_axes_from_config(const cevns_scan_config *scan, cevns_axis_spec *axes) {
    int a;
    for (a = 0; a < scan->n_axes; a++) {
        const cevns_axis_config *ax = &scan->axes[a];
        axes[a].kind = ax->kind;
        axes[a].eps_a = ax->eps_index / 3;
        axes[a].eps_b = ax->eps_index % 3;
        axes[a].n = (size_t)ax->n;
        axes[a].values = ax->values;
        axes[a].profile = ax->profile;
    }
}

const char *cevns_axis_unit(cevns_axis_kind kind) {
    switch (kind) {
    case CEVNS_AXIS_MU_NU:
    case CEVNS_AXIS_MU_NU_E:
    case CEVNS_AXIS_MU_NU_MU:
    case CEVNS_AXIS_MU_NU_TAU: return "mu_B";
    case CEVNS_AXIS_M4:
    case CEVNS_AXIS_ZP_MASS:
    case CEVNS_AXIS_SC_MASS: return "MeV";
    case CEVNS_AXIS_RN: return "fm";
    case CEVNS_AXIS_R2: return "cm^2";
    case CEVNS_AXIS_QNU: return "e";
    default: return "";
    }
}

void cevns_scan_map_axes(const cevns_scan_config *scan, cevns_map *m) {
    int a;
    m->n_axes = 0;
    for (a = 0; a < scan->n_axes; a++) {
        const cevns_axis_config *ax = &scan->axes[a];
        int k = m->n_axes;
        if (ax->profile) continue;
        snprintf(m->axis_name[k], sizeof m->axis_name[k], "%s", ax->name);
        snprintf(m->axis_unit[k], sizeof m->axis_unit[k], "%s", cevns_axis_unit(ax->kind));
        m->axis_log[k] = ax->spacing == CEVNS_SPACING_LOG;
        m->axis_n[k] = (size_t)ax->n;
        m->axis_values[k] = (double *)ax->values;
        m->n_axes++;
    }
}
