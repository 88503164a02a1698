/* config_target.c - experiment.target: the material formula and optional
 * isotopic enrichment {"Ge76": 0.87, "Ge74": 0.13}.  Enrichment keys are not a
 * fixed list but must read as element symbol + mass number. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

static const char *const target_keys[] = {"material", "enrichment", NULL};
static const char *const target_required[] = {"material", NULL};

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

static cevns_status read_enrichment(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_config *cfg) {
    const cJSON *enrich;
    char sub[CFG_PATH_MAX];
    int count = 0;
    CFG_TRY(cfg_object(ctx, obj, path, "enrichment", &enrich));
    if (!enrich) return CEVNS_OK;
    cfg_join_path(sub, sizeof sub, path, "enrichment");
    for (const cJSON *item = enrich->child; item; item = item->next, count++) {
        if (count == CEVNS_MAX_ENRICH)
            return cfg_fail(ctx, sub, item->string, "too many isotopes (at most %d)", CEVNS_MAX_ENRICH);
        if (!parse_isotope_key(item->string, cfg->target.enrich[count].element, &cfg->target.enrich[count].a))
            return cfg_fail(ctx, sub, item->string, "unknown key (allowed: element symbol and mass number, e.g. Ge76)");
        for (const cJSON *later = item->next; later; later = later->next)
            if (strcmp(later->string, item->string) == 0)
                return cfg_fail(ctx, sub, item->string, "key given more than once");
        CFG_TRY(cfg_number(ctx, enrich, sub, item->string, CFG_FRACTION, &cfg->target.enrich[count].fraction));
    }
    cfg->target.n_enrich = count;
    return CEVNS_OK;
}

cevns_status cfg_read_target(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_config *cfg) {
    CFG_TRY(cfg_check_keys(ctx, obj, path, target_keys, NULL));
    CFG_TRY(cfg_require_keys(ctx, obj, path, target_required));
    CFG_TRY(cfg_string(ctx, obj, path, "material", cfg->target.material, sizeof cfg->target.material));
    return read_enrichment(ctx, obj, path, cfg);
}
