/* fuzz_isotopes.c - the isotope tables: cevns_isotope_table_create with the input
 * split at the first line "@@" into the AME2020 mass file (before) and the
 * IUPAC abundance file (after; empty when there is no such line), then the
 * lookups and cevns_target_create of the shipped targets on whatever was
 * accepted (natural compositions, an enrichment, molar masses). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cevns/model.h"
#include "fuzz_common.h"

static cevns_status fuzz_isotopes(const uint8_t *data, size_t size) {
    static const char *const formulas[] = {"Ge", "Ar", "CsI", "NaI", "Xe", "CaWO4", "C3F8", "H2O", "Ne"};
    char ame[1024], abund[1024];
    cevns_isotope_table *tab = NULL;
    cevns_error err = {{0}};
    cevns_status st;
    size_t ame_size = size, abund_at = size;
    if (size >= 3 && memcmp(data, "@@\n", 3) == 0) {
        ame_size = 0;
        abund_at = 3;
    } else {
        for (size_t i = 0; i + 4 <= size; i++)
            if (memcmp(data + i, "\n@@\n", 4) == 0) {
                ame_size = i + 1;
                abund_at = i + 4;
                break;
            }
    }
    fuzz_write_file("ame.txt", data, ame_size, ame, sizeof ame);
    fuzz_write_file("abundances.txt", data + abund_at, size - abund_at, abund, sizeof abund);
    st = fuzz_check_status(cevns_isotope_table_create(ame, abund, &tab, &err), &err, "cevns_isotope_table_create");
    if (st != CEVNS_OK) return st;
    for (int z = 0; z <= 120; z++) {
        const cevns_isotope *iso[64];
        size_t n = cevns_isotope_table_natural(tab, z, iso, 64);
        for (size_t i = 0; i < n && i < 64; i++)
            if (cevns_isotope_table_find(tab, iso[i]->z, iso[i]->a) != iso[i]) abort();
    }
    for (size_t f = 0; f <= sizeof formulas / sizeof formulas[0]; f++) {
        /* every formula with natural compositions, then Ge enriched in Ge76 */
        static const cevns_enrichment ge76 = {"Ge", 76, 1.0};
        int enriched = f == sizeof formulas / sizeof formulas[0];
        cevns_target t;
        st = fuzz_check_status(cevns_target_create(tab, enriched ? "Ge" : formulas[f], enriched ? &ge76 : NULL,
                                                  enriched ? 1 : 0, &t, &err),
                               &err, "cevns_target_create");
        if (st == CEVNS_OK) cevns_target_free(&t);
    }
    cevns_isotope_table_free(tab);
    return CEVNS_OK;
}

#ifndef CEVNS_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_isotopes(data, size);
    return 0;
}
#endif
