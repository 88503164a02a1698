/* flux_solar.c - solar 8B and hep electron neutrinos (PHYSICS.md §5, seed 002).
 * Totals: BS05(OP), Bahcall, Serenelli & Basu, ApJ 621, L85 (2005):
 *   8B 5.69e6 cm^-2 s^-1, hep 7.93e3 cm^-2 s^-1.
 * Shapes: data/solar/b8_bahcall1996.txt (Bahcall et al., PRC 54, 411 (1996);
 * columns 1-2 used) and data/solar/hep_shape.txt, renormalised to 1. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cevns/model.h"
#include "common/xsec.h"
#include "model/flux_internal.h"

#define BS05OP_B8_TOTAL 5.69e6
#define BS05OP_HEP_TOTAL 7.93e3

typedef struct {
    const char *name, *file, *file_key, *total_key;
    double total, default_total;
} solar_spec;

static cevns_status solar_component(const solar_spec *s, cevns_flux_component *c, cevns_error *err) {
    double integral;
    if (!s->file || !s->file[0])
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: required (path of the %s shape table)", s->file_key,
                               s->name);
    if (!(s->total >= 0.0) || !isfinite(s->total))
        return cevns_error_set(err, CEVNS_ECONFIG, "%s: must be >= 0 (0 selects BS05(OP) %g), got %g", s->total_key,
                               s->default_total, s->total);
    cevns_flux_set_name(c, s->name);
    c->flavour = CEVNS_FLAVOUR_E;
    c->antineutrino = 0;
    c->per_second = 1;
    c->normalisation = s->total > 0.0 ? s->total : s->default_total;
    return cevns_flux_load_table_shape(s->file, c, &integral, err);
}

cevns_status cevns_flux_create_solar(const cevns_solar_params *p, cevns_flux *out, cevns_error *err) {
    const solar_spec specs[2] = {
        {"B8", p->b8_file, "source.b8_file", "source.b8_total", p->b8_total, BS05OP_B8_TOTAL},
        {"hep", p->hep_file, "source.hep_file", "source.hep_total", p->hep_total, BS05OP_HEP_TOTAL},
    };
    const int use[2] = {p->use_b8 != 0, p->use_hep != 0};
    size_t k, n = 0;
    cevns_status st;

    memset(out, 0, sizeof *out);
    if (!use[0] && !use[1])
        return cevns_error_set(err, CEVNS_ECONFIG, "source.use_b8, source.use_hep: at least one must be enabled");
    st = cevns_flux_alloc(out, (size_t)(use[0] + use[1]), err);
    for (k = 0; k < 2 && st == CEVNS_OK; k++)
        if (use[k]) st = solar_component(&specs[k], &out->comp[n++], err);
    if (st != CEVNS_OK) {
        cevns_flux_free(out);
        return st;
    }
    snprintf(out->description, sizeof out->description, "solar BS05(OP)%s%s", use[0] ? " 8B" : "",
             use[1] ? " hep" : "");
    return CEVNS_OK;
}
