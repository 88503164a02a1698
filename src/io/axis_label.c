/* axis_label.c - the figures' symbol and unit of each scan axis name (the names of
 * docs/config.md, "scan.axes"), for PLplot: "#g" + a letter is Greek, "#u" and "#d" move
 * up and down half a line (a superscript is "#u...#d", a subscript "#d...#u"). */
#include <stdio.h>
#include <string.h>

#include "io/axis_label.h"

#define MU_B "#gm#dB#u"

typedef struct {
    const char *name, *symbol, *unit;
} axis_text;

/* The axes without a flavour pair in their name. */
static const axis_text plain_axes[] = {
    {"mu_nu", "#gm#d#gn#u", MU_B},
    {"mu_nu_e", "#gm#d#gn#de#u#u", MU_B},
    {"mu_nu_mu", "#gm#d#gn#d#gm#u#u", MU_B},
    {"mu_nu_tau", "#gm#d#gn#d#gt#u#u", MU_B},
    {"m4_MeV", "m#d4#u", "MeV"},
    {"sin2_theta_w", "sin#u2#d#gh#dW#u", ""},
    {"rn_fm", "R#dn#u (neutron rms radius)", "fm"},
    {"normalisation", "signal normalisation", ""},
    {"exposure_scale", "exposure scale (#[0x00d7] the configured exposure)", ""},
    {"zprime_g", "g#dZ'#u", ""},
    {"zprime_mass_MeV", "m#dZ'#u", "MeV"},
    {"scalar_g", "g#d#gf#u", ""},
    {"scalar_mass_MeV", "m#d#gf#u", "MeV"},
};

/* "e", "mu", "tau" at the start of s: its symbol and length; NULL when none. */
static const char *flavour(const char *s, size_t *len) {
    static const char *const names[3] = {"e", "mu", "tau"}, *const symbols[3] = {"e", "#gm", "#gt"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(names[i]);
        if (!strncmp(s, names[i], n)) {
            *len = n;
            return symbols[i];
        }
    }
    return NULL;
}

/* The flavour pair that is the whole of pair ("emu", "tautau"): "e#gm"; 0 when it is not one. */
static int flavour_pair(const char *pair, size_t n, char *out, size_t size) {
    size_t la = 0, lb = 0;
    const char *a = flavour(pair, &la), *b = a && la < n ? flavour(pair + la, &lb) : NULL;
    if (!a || !b || la + lb != n) return 0;
    snprintf(out, size, "%s%s", a, b);
    return 1;
}

/* eps_<ab>_<q>: ε^{qV}_{ab}. */
static int nsi_symbol(const char *name, char *symbol, size_t size) {
    size_t n = strlen(name);
    char ab[16];
    if (strncmp(name, "eps_", 4) != 0 || n < 7 || name[n - 2] != '_' || (name[n - 1] != 'u' && name[n - 1] != 'd'))
        return 0;
    if (!flavour_pair(name + 4, n - 6, ab, sizeof ab)) return 0;
    snprintf(symbol, size, "#ge#u%cV#d#d%s#u", name[n - 1], ab);
    return 1;
}

/* prefix<ab>: the pair's symbol into ab; 0 when name is not one. */
static int pair_after(const char *name, const char *prefix, char *ab, size_t size) {
    size_t n = strlen(prefix);
    return !strncmp(name, prefix, n) && flavour_pair(name + n, strlen(name + n), ab, size);
}

/* A map's unit ("mu_B", "cm^2") or name as PLplot text: "#" doubled, "^x" a superscript. */
static void plot_text(const char *unit, char *out, size_t size) {
    size_t o = 0;
    if (!strcmp(unit, "mu_B")) {
        snprintf(out, size, "%s", MU_B);
        return;
    }
    for (; *unit && o + 6 < size; unit++) {
        if (*unit == '^' && unit[1]) {
            o += (size_t)snprintf(out + o, size - o, "#u%c#d", unit[1]);
            unit++;
        } else {
            if (*unit == '#') out[o++] = '#';
            out[o++] = *unit;
        }
    }
    out[o] = '\0';
}

int cevns_axis_symbol(const char *name, const char *map_unit, char *symbol, size_t symbol_size, char *unit,
                      size_t unit_size) {
    char ab[16];
    for (size_t i = 0; i < sizeof plain_axes / sizeof plain_axes[0]; i++)
        if (!strcmp(name, plain_axes[i].name)) {
            snprintf(symbol, symbol_size, "%s", plain_axes[i].symbol);
            snprintf(unit, unit_size, "%s", plain_axes[i].unit);
            return 1;
        }
    if (nsi_symbol(name, symbol, symbol_size)) {
        snprintf(unit, unit_size, "%s", "");
        return 1;
    }
    if (pair_after(name, "charge_radius_", ab, sizeof ab)) {
        snprintf(symbol, symbol_size, "#[0x27e8]r#u2#d#[0x27e9]#d%s#u", ab);
        snprintf(unit, unit_size, "cm#u2#d");
        return 1;
    }
    if (pair_after(name, "millicharge_", ab, sizeof ab)) {
        snprintf(symbol, symbol_size, "q#d%s#u", ab);
        snprintf(unit, unit_size, "e");
        return 1;
    }
    plot_text(name, symbol, symbol_size);
    plot_text(map_unit ? map_unit : "", unit, unit_size);
    return 0;
}

void cevns_axis_label(const char *name, const char *map_unit, char *out, size_t size) {
    char symbol[96], unit[32];
    cevns_axis_symbol(name, map_unit, symbol, sizeof symbol, unit, sizeof unit);
    if (unit[0])
        snprintf(out, size, "%s [%s]", symbol, unit);
    else
        snprintf(out, size, "%s", symbol);
}

/* The detector observables of docs/config.md (experiment.detector.observable) and the bin
 * axes beyond energy. */
static const axis_text observables[] = {
    {"keVnr", "nuclear recoil energy T", "keVnr"},
    {"keVee", "electron-equivalent energy", "keVee"},
    {"PE", "photoelectrons", "PE"},
    {"time_us", "arrival time", "#gms"},
    {"psd", "pulse-shape parameter (F90)", ""},
};

void cevns_observable_label(const char *observable, char *out, size_t size) {
    char unit[32];
    for (size_t i = 0; i < sizeof observables / sizeof observables[0]; i++)
        if (!strcmp(observable, observables[i].name)) {
            if (observables[i].unit[0])
                snprintf(out, size, "%s [%s]", observables[i].symbol, observables[i].unit);
            else
                snprintf(out, size, "%s", observables[i].symbol);
            return;
        }
    plot_text(observable, unit, sizeof unit);
    snprintf(out, size, "observed energy [%s]", unit);
}
