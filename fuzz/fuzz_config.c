/* fuzz_config.c - the config reader: cevns_config_parse on the input bytes (a
 * NUL-terminated copy; comments, JSON syntax, every section and the checks
 * across sections).  When a config is accepted, the resolved config written by
 * cevns_config_write_json must parse again and write the same text: a run
 * folder's config.json is what `cevns scan --resume` reads back, and the
 * checkpoint identity is that text.  The target material and enrichment of an
 * accepted config then go through cevns_target_create (the formula parser) with
 * the shipped isotope tables, and a FLUKA source's target through
 * cevns_fluka_yields. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/config.h"
#include "cevns/model.h"
#include "fuzz_common.h"

/* The shipped isotope tables, read once (and kept: still reachable at exit). */
static const cevns_isotope_table *fuzz_config_isotopes(void) {
    static cevns_isotope_table *tab;
    if (!tab) {
        cevns_error err = {{0}};
        if (cevns_isotope_table_create(CEVNS_SOURCE_DATA_DIR "/nuclear/ame2020_natural.txt",
                                     CEVNS_SOURCE_DATA_DIR "/nuclear/isotopic_abundances_all.txt", &tab, &err) != CEVNS_OK) {
            fprintf(stderr, "cevns fuzz: cannot read the shipped isotope tables: %s\n", err.msg);
            abort();
        }
    }
    return tab;
}

/* What experiment.c does with the target and a FLUKA source name. */
static cevns_status fuzz_config_target(const cevns_config *cfg, cevns_error *err) {
    cevns_enrichment enr[CEVNS_MAX_ENRICH];
    cevns_target t;
    cevns_status st;
    for (int i = 0; i < cfg->target.n_enrich; i++) {
        memcpy(enr[i].element, cfg->target.enrich[i].element, sizeof enr[i].element);
        enr[i].a = cfg->target.enrich[i].a;
        enr[i].fraction = cfg->target.enrich[i].fraction;
    }
    st = fuzz_check_status(cevns_target_create(fuzz_config_isotopes(), cfg->target.material, enr,
                                              (size_t)cfg->target.n_enrich, &t, err),
                           err, "cevns_target_create");
    if (st == CEVNS_OK) cevns_target_free(&t);
    if (cfg->source.type == CEVNS_SOURCE_FLUKA) {
        double yields[3];
        st = fuzz_first_failure(st, fuzz_check_status(cevns_fluka_yields(cfg->source.fluka_target, yields, err), err,
                                                      "cevns_fluka_yields"));
    }
    return st;
}

/* The resolved config as text (caller frees), or NULL after an error. */
static char *fuzz_config_write(const cevns_config *cfg, cevns_error *err, cevns_status *st) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) abort();
    *st = fuzz_check_status(cevns_config_write_json(cfg, f, err), err, "cevns_config_write_json");
    if (fclose(f) != 0) abort();
    if (*st != CEVNS_OK) {
        free(text);
        return NULL;
    }
    return text;
}

static cevns_status fuzz_config(const uint8_t *data, size_t size) {
    static const char *const path = "fuzz/config.json";
    char *text = fuzz_string(data, size), *written = NULL, *again = NULL;
    cevns_config *cfg = malloc(sizeof *cfg), *cfg2 = malloc(sizeof *cfg2);
    cevns_error err = {{0}};
    cevns_status st;
    if (!cfg || !cfg2) abort();
    st = fuzz_check_status(cevns_config_parse(text, path, cfg, &err), &err, "cevns_config_parse");
    if (st == CEVNS_OK) written = fuzz_config_write(cfg, &err, &st);
    if (written) {
        cevns_status st2 = fuzz_check_status(cevns_config_parse(written, path, cfg2, &err), &err, "parse(write(config))");
        if (st2 != CEVNS_OK) {
            fprintf(stderr, "cevns fuzz: an accepted config, written back, is refused: %s\n--- written:\n%s\n", err.msg,
                    written);
            abort();
        }
        again = fuzz_config_write(cfg2, &err, &st2);
        if (!again || strcmp(again, written) != 0) {
            fprintf(stderr, "cevns fuzz: write(parse(write(config))) differs from write(config)\n--- first:\n%s\n--- second:\n%s\n",
                    written, again ? again : "(none)");
            abort();
        }
    }
    if (st == CEVNS_OK) st = fuzz_config_target(cfg, &err);
    free(again);
    free(written);
    free(cfg2);
    free(cfg);
    free(text);
    return st;
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_config(data, size);
    return 0;
}
#endif
