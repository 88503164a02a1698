/* target.c - target materials from chemical formulas (PHYSICS.md §1).
 *
 * A formula is a run of element symbols, each with an optional positive count
 * ("Ge", "CsI", "CaWO4", "Al2O3", "C3F8"); an element named twice is merged
 * ("CH3CH3" = C2H6).  Each element has the natural isotopic composition of the
 * isotope table unless enrichment entries name it: then exactly those
 * fractions are used.  With M the molar mass of one formula unit (g/mol),
 * 1 kg holds N_A 1000 / M formula units, so an isotope with atom fraction f of
 * an element that appears `count` times per formula unit contributes
 * count f N_A 1000 / M nuclei per kg. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/model.h"
#include "common/constants.h"

#define MAX_FORMULA_ELEMENTS 16
#define MAX_ISOTOPES_PER_ELEMENT 64
#define MAX_FORMULA_COUNT 1000000L
#define ENRICHMENT_SUM_TOL 1e-6

typedef struct {
    int z;
    long count;
    char symbol[4];
} formula_element;

typedef struct {
    size_t n;
    formula_element el[MAX_FORMULA_ELEMENTS];
} parsed_formula;

/* One element's isotopic composition. */
typedef struct {
    size_t n;
    const cevns_isotope *iso[MAX_ISOTOPES_PER_ELEMENT];
    double fraction[MAX_ISOTOPES_PER_ELEMENT];
} composition;

static const char *const FORMULA_RULE =
    "allowed: element symbols, each followed by an optional positive count, e.g. Ge, CsI, NaI, CaWO4, Al2O3, C3F8; "
    "no parentheses, charges, hydrates or blanks";

void cevns_target_free(cevns_target *t) {
    if (!t) return;
    free(t->nuclei);
    memset(t, 0, sizeof *t);
}

/* "H C O F ..." - the elements of the table with a natural composition. */
static void list_natural_elements(const cevns_isotope_table *tab, char *buf, size_t size) {
    size_t used = 0;
    int z;
    buf[0] = '\0';
    for (z = 1; z <= 118 && used + 4 < size; z++) {
        const cevns_isotope *first;
        if (cevns_isotope_table_natural(tab, z, &first, 1) == 0) continue;
        used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "", first->symbol);
    }
}

/* "Xe124 Xe126 ..." - every isotope of element z in the mass table. */
static void list_isotopes(const cevns_isotope_table *tab, int z, char *buf, size_t size) {
    size_t used = 0;
    int a;
    buf[0] = '\0';
    for (a = z; a <= 400 && used + 8 < size; a++) {
        const cevns_isotope *iso = cevns_isotope_table_find(tab, z, a);
        if (iso) used += (size_t)snprintf(buf + used, size - used, "%s%s%d", used ? " " : "", iso->symbol, iso->a);
    }
    if (!used) snprintf(buf, size, "none");
}

/* ---------------------------------------------------------------- formula */

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static cevns_status add_element(parsed_formula *pf, int z, const char *symbol, long count, const char *formula,
                                cevns_error *err) {
    size_t i;
    for (i = 0; i < pf->n; i++) {
        if (pf->el[i].z == z) {
            pf->el[i].count += count;
            if (pf->el[i].count > MAX_FORMULA_COUNT) {
                return cevns_error_set(err, CEVNS_ECONFIG, "target formula '%s': count too large (allowed: up to %ld atoms of an element)",
                                       formula, MAX_FORMULA_COUNT);
            }
            return CEVNS_OK;
        }
    }
    if (pf->n == MAX_FORMULA_ELEMENTS) {
        return cevns_error_set(err, CEVNS_ECONFIG, "target formula '%s': more than %d distinct elements", formula,
                               MAX_FORMULA_ELEMENTS);
    }
    pf->el[pf->n].z = z;
    pf->el[pf->n].count = count;
    snprintf(pf->el[pf->n].symbol, sizeof pf->el[pf->n].symbol, "%s", symbol);
    pf->n++;
    return CEVNS_OK;
}

/* Split the formula into (element, count) pairs; the elements need not have
 * isotopes in the table yet (checked by the caller). */
static cevns_status parse_formula(const cevns_isotope_table *tab, const char *formula, parsed_formula *pf,
                                  cevns_error *err) {
    const char *p = formula;
    char allowed[512];
    memset(pf, 0, sizeof *pf);
    if (!*p) return cevns_error_set(err, CEVNS_ECONFIG, "target formula is empty (%s)", FORMULA_RULE);
    while (*p) {
        char sym[4];
        size_t ns = 0;
        long count = 1;
        int z;
        cevns_status st;
        if (!is_upper(*p)) {
            const char c = (*p >= ' ' && *p <= '~') ? *p : '?';
            return cevns_error_set(err, CEVNS_ECONFIG, "target formula '%s': unexpected '%c' at position %d (%s)", formula, c,
                                   (int)(p - formula) + 1, FORMULA_RULE);
        }
        sym[ns++] = *p++;
        while (is_lower(*p) && ns < sizeof sym - 1) sym[ns++] = *p++;
        sym[ns] = '\0';
        z = is_lower(*p) ? 0 : cevns_element_z(sym);
        if (z == 0) {
            list_natural_elements(tab, allowed, sizeof allowed);
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "target formula '%s': unknown element '%s' (allowed: the elements of the isotope table, "
                                   "case-sensitive: %s)",
                                   formula, sym, allowed);
        }
        if (is_digit(*p)) {
            count = 0;
            while (is_digit(*p)) {
                count = count * 10 + (*p++ - '0');
                if (count > MAX_FORMULA_COUNT) {
                    return cevns_error_set(err, CEVNS_ECONFIG,
                                           "target formula '%s': count of %s too large (allowed: up to %ld)", formula, sym,
                                           MAX_FORMULA_COUNT);
                }
            }
            if (count == 0) {
                return cevns_error_set(err, CEVNS_ECONFIG, "target formula '%s': zero count for %s (%s)", formula, sym,
                                       FORMULA_RULE);
            }
        }
        st = add_element(pf, z, sym, count, formula, err);
        if (st != CEVNS_OK) return st;
    }
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- compositions */

static int formula_has(const parsed_formula *pf, int z) {
    size_t i;
    for (i = 0; i < pf->n; i++)
        if (pf->el[i].z == z) return 1;
    return 0;
}

/* Check every enrichment entry on its own: known element present in the
 * formula, isotope in the table, fraction in [0, 1], no isotope twice. */
static cevns_status check_enrichment(const cevns_isotope_table *tab, const char *formula, const parsed_formula *pf,
                                     const cevns_enrichment *enrich, size_t n_enrich, cevns_error *err) {
    size_t i, j;
    for (i = 0; i < n_enrich; i++) {
        const cevns_enrichment *e = &enrich[i];
        char name[8], isotopes[512];
        int z;
        snprintf(name, sizeof name, "%.*s", (int)sizeof e->element, e->element);
        z = memchr(e->element, '\0', sizeof e->element) ? cevns_element_z(e->element) : 0;
        if (z == 0) {
            return cevns_error_set(err, CEVNS_ECONFIG, "target '%s': enrichment entry %zu: unknown element '%s' (allowed: an element symbol such as Ge)",
                                   formula, i + 1, name);
        }
        if (!formula_has(pf, z)) {
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "target '%s': enrichment entry %zu names %s, which is not in the formula (allowed: elements of the formula)",
                                   formula, i + 1, name);
        }
        if (!(e->fraction >= 0.0 && e->fraction <= 1.0)) {
            return cevns_error_set(err, CEVNS_ECONFIG, "target '%s': enrichment %s%d: fraction %g (allowed: a number in [0, 1])",
                                   formula, name, e->a, e->fraction);
        }
        if (!cevns_isotope_table_find(tab, z, e->a)) {
            list_isotopes(tab, z, isotopes, sizeof isotopes);
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "target '%s': enrichment %s%d: isotope not in the mass table (allowed: %s)", formula, name,
                                   e->a, isotopes);
        }
        for (j = 0; j < i; j++) {
            if (enrich[j].a == e->a && cevns_element_z(enrich[j].element) == z) {
                return cevns_error_set(err, CEVNS_ECONFIG, "target '%s': enrichment %s%d is listed twice (allowed: once)",
                                       formula, name, e->a);
            }
        }
    }
    return CEVNS_OK;
}

/* The enrichment entries of element z, in order of A; 0 when none. */
static size_t enriched_composition(const cevns_isotope_table *tab, int z, const cevns_enrichment *enrich, size_t n_enrich,
                                   composition *c) {
    size_t i, j;
    c->n = 0;
    for (i = 0; i < n_enrich && c->n < MAX_ISOTOPES_PER_ELEMENT; i++) {
        const cevns_isotope *iso;
        if (!memchr(enrich[i].element, '\0', sizeof enrich[i].element) || cevns_element_z(enrich[i].element) != z) continue;
        iso = cevns_isotope_table_find(tab, z, enrich[i].a);
        if (!iso) continue; /* rejected earlier by check_enrichment */
        /* insertion by A keeps the output order independent of the config order */
        for (j = c->n; j > 0 && c->iso[j - 1]->a > iso->a; j--) {
            c->iso[j] = c->iso[j - 1];
            c->fraction[j] = c->fraction[j - 1];
        }
        c->iso[j] = iso;
        c->fraction[j] = enrich[i].fraction;
        c->n++;
    }
    return c->n;
}

static cevns_status element_composition(const cevns_isotope_table *tab, const char *formula, const formula_element *el,
                                        const cevns_enrichment *enrich, size_t n_enrich, composition *c, cevns_error *err) {
    const int z = el->z;
    size_t i, n;
    char allowed[512], isotopes[512];
    const cevns_isotope *natural[MAX_ISOTOPES_PER_ELEMENT];

    if (enriched_composition(tab, z, enrich, n_enrich, c) > 0) {
        double sum = 0.0;
        for (i = 0; i < c->n; i++) sum += c->fraction[i];
        if (fabs(sum - 1.0) > ENRICHMENT_SUM_TOL) {
            return cevns_error_set(err, CEVNS_ECONFIG,
                                   "target '%s': enrichment fractions of %s sum to %.9g (allowed: fractions summing to 1 within %g; "
                                   "isotopes not listed get fraction 0)",
                                   formula, c->iso[0]->symbol, sum, ENRICHMENT_SUM_TOL);
        }
        return CEVNS_OK;
    }
    n = cevns_isotope_table_natural(tab, z, natural, MAX_ISOTOPES_PER_ELEMENT);
    if (n == 0) { /* with the shipped table: Tc, Pm, Po to Ac, and every element after U */
        list_natural_elements(tab, allowed, sizeof allowed);
        list_isotopes(tab, z, isotopes, sizeof isotopes);
        return cevns_error_set(err, CEVNS_ECONFIG,
                               "target formula '%s': element %s (Z = %d) has no natural isotopes (no isotope of it has a "
                               "natural abundance in the isotope table; allowed: the elements with natural isotopes, %s; "
                               "or enrichment fractions for isotopes of %s in the mass table: %s)",
                               formula, el->symbol, z, allowed, el->symbol, isotopes);
    }
    if (n > MAX_ISOTOPES_PER_ELEMENT) /* the data file's doing, not a bug of cevns: EDATA */
        return cevns_error_set(err, CEVNS_EDATA,
                               "target formula '%s': the isotope table gives %zu isotopes of %s a natural abundance "
                               "(allowed: up to %d per element)",
                               formula, n, el->symbol, MAX_ISOTOPES_PER_ELEMENT);
    c->n = n;
    for (i = 0; i < n; i++) {
        c->iso[i] = natural[i];
        c->fraction[i] = natural[i]->abundance;
    }
    return CEVNS_OK;
}

/* Mean atomic mass (u, equal to g/mol) of an element of this composition. */
static double mean_atomic_mass(const composition *c) {
    double m = 0.0;
    size_t i;
    for (i = 0; i < c->n; i++) m += c->fraction[i] * c->iso[i]->atomic_mass_u;
    return m;
}

/* ---------------------------------------------------------------- build */

static cevns_status fill_nuclei(const parsed_formula *pf, const composition *comp, cevns_target *out, cevns_error *err) {
    size_t i, j, n = 0;
    double formula_units_per_kg;

    out->formula_mass_g_mol = 0.0;
    for (i = 0; i < pf->n; i++) {
        out->formula_mass_g_mol += (double)pf->el[i].count * mean_atomic_mass(&comp[i]);
        for (j = 0; j < comp[i].n; j++)
            if (comp[i].fraction[j] > 0.0) n++;
    }
    out->nuclei = calloc(n, sizeof *out->nuclei);
    if (!out->nuclei) return cevns_error_set(err, CEVNS_ENOMEM, "target '%s': out of memory", out->formula);
    formula_units_per_kg = CEVNS_AVOGADRO * 1000.0 / out->formula_mass_g_mol;
    for (i = 0; i < pf->n; i++) {
        for (j = 0; j < comp[i].n; j++) {
            cevns_target_nucleus *nu;
            if (!(comp[i].fraction[j] > 0.0)) continue; /* an isotope enriched away adds nothing */
            nu = &out->nuclei[out->n++];
            nu->iso = *comp[i].iso[j];
            nu->nuclei_per_kg = (double)pf->el[i].count * comp[i].fraction[j] * formula_units_per_kg;
        }
    }
    return CEVNS_OK;
}

cevns_status cevns_target_create(const cevns_isotope_table *tab, const char *formula, const cevns_enrichment *enrich,
                                size_t n_enrich, cevns_target *out, cevns_error *err) {
    parsed_formula pf;
    composition *comp;
    cevns_status st;
    size_t i;

    if (!out) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_target_create: NULL output");
    memset(out, 0, sizeof *out);
    if (!tab) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_target_create: NULL isotope table");
    if (!formula) return cevns_error_set(err, CEVNS_ECONFIG, "target formula is missing (%s)", FORMULA_RULE);
    if (n_enrich > 0 && !enrich) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_target_create: NULL enrichment list");
    if (strlen(formula) >= sizeof out->formula) {
        return cevns_error_set(err, CEVNS_ECONFIG, "target formula '%.40s...' is too long (allowed: up to %zu characters)",
                               formula, sizeof out->formula - 1);
    }

    st = parse_formula(tab, formula, &pf, err);
    if (st == CEVNS_OK) st = check_enrichment(tab, formula, &pf, enrich, n_enrich, err);
    if (st != CEVNS_OK) return st;

    comp = calloc(pf.n, sizeof *comp);
    if (!comp) return cevns_error_set(err, CEVNS_ENOMEM, "target '%s': out of memory", formula);
    for (i = 0; st == CEVNS_OK && i < pf.n; i++)
        st = element_composition(tab, formula, &pf.el[i], enrich, n_enrich, &comp[i], err);
    snprintf(out->formula, sizeof out->formula, "%s", formula);
    if (st == CEVNS_OK) st = fill_nuclei(&pf, comp, out, err);
    free(comp);
    if (st != CEVNS_OK) cevns_target_free(out);
    return st;
}
