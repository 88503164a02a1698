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

/* The flavour pair <ab> of an NSI, charge-radius or millicharge axis ("ee", "emu", ...). */
static void flavour_pair(int eps_index, char *out, size_t size) {
    static const char *const flavour[3] = {"e", "mu", "tau"};
    snprintf(out, size, "%s%s", flavour[eps_index / 3 % 3], flavour[eps_index % 3]);
}

void cevns_axis_long_name(const cevns_axis_config *ax, char *out, size_t size) {
    char ab[8];
    flavour_pair(ax->eps_index, ab, sizeof ab);
    switch (ax->kind) {
    case CEVNS_AXIS_MU_NU: snprintf(out, size, "neutrino magnetic moment (every flavour)"); break;
    case CEVNS_AXIS_MU_NU_E: snprintf(out, size, "magnetic moment of nu_e"); break;
    case CEVNS_AXIS_MU_NU_MU: snprintf(out, size, "magnetic moment of nu_mu"); break;
    case CEVNS_AXIS_MU_NU_TAU: snprintf(out, size, "magnetic moment of nu_tau"); break;
    case CEVNS_AXIS_M4: snprintf(out, size, "sterile neutrino mass m4"); break;
    case CEVNS_AXIS_SIN2W: snprintf(out, size, "weak mixing angle sin^2 theta_W"); break;
    case CEVNS_AXIS_RN: snprintf(out, size, "neutron rms radius"); break;
    case CEVNS_AXIS_NORM: snprintf(out, size, "signal normalisation"); break;
    case CEVNS_AXIS_EXPOSURE: snprintf(out, size, "exposure scale (signal, background and Asimov data)"); break;
    case CEVNS_AXIS_EPS_U: snprintf(out, size, "vector NSI coupling eps^u_%s", ab); break;
    case CEVNS_AXIS_EPS_D: snprintf(out, size, "vector NSI coupling eps^d_%s", ab); break;
    case CEVNS_AXIS_ZP_G: snprintf(out, size, "Z' mediator coupling g"); break;
    case CEVNS_AXIS_ZP_MASS: snprintf(out, size, "Z' mediator mass"); break;
    case CEVNS_AXIS_SC_G: snprintf(out, size, "scalar mediator coupling g"); break;
    case CEVNS_AXIS_SC_MASS: snprintf(out, size, "scalar mediator mass"); break;
    case CEVNS_AXIS_R2: snprintf(out, size, "neutrino charge radius <r^2>_%s", ab); break;
    case CEVNS_AXIS_QNU: snprintf(out, size, "neutrino millicharge q_%s", ab); break;
    default: snprintf(out, size, "%s", ax->name); break;
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
        cevns_axis_long_name(ax, m->axis_long_name[k], sizeof m->axis_long_name[k]);
        m->axis_log[k] = ax->spacing == CEVNS_SPACING_LOG;
        m->axis_n[k] = (size_t)ax->n;
        m->axis_values[k] = (double *)ax->values;
        m->n_axes++;
    }
}
