/* config_target.c - the table of experiment.target: the material formula and an
 * optional isotopic enrichment {"Ge76": 0.87, "Ge74": 0.13}, whose keys are not a
 * fixed list but must read as element symbol + mass number (a custom row). */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_schema.h"

/* "Ge76" -> "Ge", 76: capital letter, up to two lower-case letters, 1 to 3 digits. */
static int parse_isotope_key(const char *key, char element[4], int *a) {
    size_t n = 0;
    char *end;
    long mass;
    if (!isupper((unsigned char)key[0])) return 0;
    n = 1;
    while (n < 3 && islower((unsigned char)key[n])) n++;
    if (!isdigit((unsigned char)key[n]) || strlen(key + n) > 3) return 0;
    mass = strtol(key + n, &end, 10);
    if (*end || mass < 1) return 0;
    memset(element, 0, 4);
    memcpy(element, key, n);
    *a = (int)mass;
    return 1;
}

/* At most row->max isotopes, each a fraction in row->range. */
static cevns_status read_enrichment(const cfg_frame *f, const cfg_row *row) {
    cevns_config *cfg = f->base;
    cfg_frame sub;
    int found, count = 0;
    CFG_TRY(cfg_sub_frame(f, row, &sub, &found));
    if (!found) return CEVNS_OK;
    for (const cJSON *item = sub.obj->child; item; item = item->next, count++) {
        if (count == row->max)
            return cfg_fail(f->ctx, sub.path, item->string, "too many isotopes (at most %d)", row->max);
        if (!parse_isotope_key(item->string, cfg->target.enrich[count].element, &cfg->target.enrich[count].a))
            return cfg_fail(f->ctx, sub.path, item->string,
                            "unknown key (allowed: element symbol and mass number, e.g. Ge76)");
        for (const cJSON *later = item->next; later; later = later->next)
            if (strcmp(later->string, item->string) == 0)
                return cfg_fail(f->ctx, sub.path, item->string, "key given more than once");
        CFG_TRY(cfg_check_number(f->ctx, item, sub.path, item->string, row->range,
                                 &cfg->target.enrich[count].fraction));
    }
    cfg->target.n_enrich = count;
    return CEVNS_OK;
}

static void write_enrichment(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_config *cfg = base;
    cJSON *enrich = cfg_put_object(obj, row->key, ok);
    for (int i = 0; i < cfg->target.n_enrich; i++) {
        char key[16];
        snprintf(key, sizeof key, "%s%d", cfg->target.enrich[i].element, cfg->target.enrich[i].a);
        cfg_put_number(enrich, key, cfg->target.enrich[i].fraction, ok);
    }
}

static const cfg_row target_rows[] = {
    {"material", CFG_STRING, offsetof(cevns_config, target.material), .required = CFG_ALL,
     .size = sizeof(((cevns_config *)0)->target.material),
     .allowed_doc = "a chemical formula: `\"Ge\"`, `\"CsI\"`, `\"CaWO4\"`, `\"Al2O3\"`, `\"C3F8\"`",
     .doc = "the target material"},
    {"enrichment", CFG_CUSTOM, offsetof(cevns_config, target.enrich), .max = CEVNS_MAX_ENRICH,
     .range = CFG_FRACTION, .read = read_enrichment, .write = write_enrichment, .type_doc = "object",
     .def_doc = "`{}` (natural composition)",
     .allowed_doc = "keys: element symbol + mass number (`\"Ge76\"`); values: fractions in [0, 1]",
     .doc = "atom fraction of each listed isotope within its element; the listed fractions of an element replace "
            "its natural composition (they must sum to 1 per element)"},
};

const cfg_schema cfg_target_schema = {CFG_ROWS(target_rows), .selector = CFG_NO_SELECTOR};
