/* test_nuclear.c - isotope table (AME2020 masses, IUPAC abundances) and
 * targets built from chemical formulas (PHYSICS.md §1).
 *
 * Expected values come from published tables, typed in here, never from the
 * code under test:
 *  - standard atomic weights: IUPAC/CIAAW, "Standard atomic weights of the
 *    elements 2021", Prohaska et al., Pure Appl. Chem. 94, 573 (2022), with
 *    their uncertainties or intervals (Ar: the atmospheric value 39.948(1)
 *    of CIAAW 2013, since the 2017 interval [39.792, 39.963] is for all
 *    terrestrial argon while the data file holds atmospheric abundances);
 *  - atomic masses: AME2020, Wang et al., Chin. Phys. C 45, 030003 (2021);
 *  - proton and deuteron masses: CODATA 2018 (938.27208816 MeV, 1875.61294257 MeV);
 *  - u = 931.49410242 MeV, m_e = 0.51099895000 MeV, N_A = 6.02214076e23 (CODATA 2018);
 *  - stable isotopes of each element: IUPAC, "Isotopic compositions of the
 *    elements 2013", Meija et al., Pure Appl. Chem. 88, 293 (2016), Table 1
 *    (the isotopes given a representative isotopic composition);
 *  - element symbols and atomic numbers: IUPAC Periodic Table of the Elements
 *    (2022 release). */
#include <criterion/criterion.h>

#include "test_support.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cevns/model.h"

#define U_MEV 931.49410242
#define ME_MEV 0.51099895000
#define N_A 6.02214076e23

/* ---------------------------------------------------------------- helpers */

static void data_path(char *buf, size_t size, const char *name) {
    const char *dir = getenv("CEVNS_DATA_DIR");
    if (dir && *dir)
        snprintf(buf, size, "%s/nuclear/%s", dir, name);
    else
        snprintf(buf, size, "%s/data/nuclear/%s", CEVNS_SOURCE_DIR, name);
}

static cevns_isotope_table *load_table(void) {
    char ame[1024], abund[1024];
    cevns_isotope_table *tab = NULL;
    cevns_error err = {{0}};
    cevns_status st;
    data_path(ame, sizeof ame, "ame2020_natural.txt");
    data_path(abund, sizeof abund, "isotopic_abundances_all.txt");
    st = cevns_isotope_table_create(ame, abund, &tab, &err);
    cr_assert_eq(st, CEVNS_OK, "loading the shipped tables failed: %s", err.msg);
    cr_assert_not_null(tab);
    return tab;
}


static int close_rel(double a, double b, double rel) { return fabs(a - b) <= rel * fabs(b); }

/* Sum of nuclei per kg over the isotopes of element z. */
static double nuclei_of(const cevns_target *t, int z) {
    double s = 0.0;
    size_t i;
    for (i = 0; i < t->n; i++)
        if (t->nuclei[i].iso.z == z) s += t->nuclei[i].nuclei_per_kg;
    return s;
}

static double total_nuclei(const cevns_target *t) {
    double s = 0.0;
    size_t i;
    for (i = 0; i < t->n; i++) s += t->nuclei[i].nuclei_per_kg;
    return s;
}

/* ---------------------------------------------------------------- elements */

/* The periodic table from H (Z = 1) to U (Z = 92), in order of Z. */
static const char *const SYMBOLS_H_TO_U[92] = {
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl", "Ar", "K",
    "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr",
    "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La",
    "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os",
    "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U"};

Test(nuclear, element_symbols) {
    static const struct {
        const char *sym;
        int z;
    } rows[] = {{"Fm", 100}, {"Og", 118}, {"ge", 0}, {"GE", 0}, {"Qx", 0}, {"Xx", 0}, {"", 0}, {"Xee", 0}};
    size_t i;
    for (i = 0; i < 92; i++)
        cr_expect_eq(cevns_element_z(SYMBOLS_H_TO_U[i]), (int)i + 1, "cevns_element_z(\"%s\")", SYMBOLS_H_TO_U[i]);
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
        cr_expect_eq(cevns_element_z(rows[i].sym), rows[i].z, "cevns_element_z(\"%s\")", rows[i].sym);
    cr_expect_eq(cevns_element_z(NULL), 0);
}

/* ---------------------------------------------------------------- shipped data */

/* Every element the project supports lists exactly its stable (naturally
 * occurring) isotopes, in order of A (Meija et al. 2016, Table 1). */
Test(nuclear, stable_isotopes_complete) {
    static const struct {
        const char *sym;
        int n;
        int a[9];
    } rows[] = {
        {"H", 2, {1, 2}},
        {"C", 2, {12, 13}},
        {"O", 3, {16, 17, 18}},
        {"F", 1, {19}},
        {"Ne", 3, {20, 21, 22}},
        {"Na", 1, {23}},
        {"Al", 1, {27}},
        {"Si", 3, {28, 29, 30}},
        {"Ar", 3, {36, 38, 40}},
        {"Ca", 6, {40, 42, 43, 44, 46, 48}},
        {"Ge", 5, {70, 72, 73, 74, 76}},
        {"I", 1, {127}},
        {"Xe", 9, {124, 126, 128, 129, 130, 131, 132, 134, 136}},
        {"Cs", 1, {133}},
        {"W", 5, {180, 182, 183, 184, 186}},
    };
    cevns_isotope_table *tab = load_table();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const cevns_isotope *iso[16];
        int z = cevns_element_z(rows[i].sym), k;
        size_t n = cevns_isotope_table_natural(tab, z, iso, 16);
        cr_expect_eq(n, (size_t)rows[i].n, "%s: %zu natural isotopes, expected %d", rows[i].sym, n, rows[i].n);
        for (k = 0; k < rows[i].n && (size_t)k < n; k++) {
            cr_expect_eq(iso[k]->a, rows[i].a[k], "%s: isotope %d has A = %d, expected %d", rows[i].sym, k, iso[k]->a,
                         rows[i].a[k]);
            cr_expect_eq(iso[k]->z, z);
            cr_expect_str_eq(iso[k]->symbol, rows[i].sym);
            cr_expect(iso[k]->abundance > 0.0 && iso[k]->abundance <= 1.0);
        }
    }
    cevns_isotope_table_free(tab);
}

/* Every element from H to U: the number of isotopes with a representative
 * isotopic composition in Meija et al. 2016, Table 1 (0: none, the element has
 * no natural isotopes: Tc, Pm, Po, At, Rn, Fr, Ra, Ac); 84 elements, 289
 * isotopes.  Each natural element's isotopes have abundances in (0, 1] that
 * sum to 1, and each has its AME2020 mass. */
Test(nuclear, every_natural_element_h_to_u) {
    static const int n_natural[92] = {
        2, 2, 2, 1, 2, 2, 2, 3, 1, 3, 1, 3, 1, 3, 1, 4, 2, 3, 3, 6, /* H .. Ca */
        1, 5, 2, 4, 1, 4, 1, 5, 2, 5, 2, 5, 1, 6, 2, 6, 2, 4, 1, 5, /* Sc .. Zr */
        1, 7, 0, 7, 1, 6, 2, 8, 2, 10, 2, 8, 1, 9, 1, 7, 2, 4, 1, 7, /* Nb .. Nd */
        0, 7, 2, 7, 1, 7, 1, 6, 1, 7, 2, 6, 2, 5, 2, 7, 2, 6, 1, 7, /* Pm .. Hg */
        2, 4, 1, 0, 0, 0, 0, 0, 0, 2, 1, 3};                        /* Tl .. U */
    cevns_isotope_table *tab = load_table();
    int z, elements = 0, isotopes = 0;
    for (z = 1; z <= 92; z++) {
        const cevns_isotope *iso[16];
        size_t n = cevns_isotope_table_natural(tab, z, iso, 16), k;
        double f = 0.0;
        cr_expect_eq(n, (size_t)n_natural[z - 1], "%s (Z = %d): %zu natural isotopes, expected %d", SYMBOLS_H_TO_U[z - 1], z,
                     n, n_natural[z - 1]);
        for (k = 0; k < n && k < 16; k++) {
            cr_expect_eq(iso[k]->z, z);
            cr_expect_str_eq(iso[k]->symbol, SYMBOLS_H_TO_U[z - 1]);
            cr_expect(iso[k]->abundance > 0.0 && iso[k]->abundance <= 1.0, "%s%d: abundance %g", iso[k]->symbol, iso[k]->a,
                      iso[k]->abundance);
            cr_expect(fabs(iso[k]->atomic_mass_u - iso[k]->a) < 0.1, "%s%d: mass %.6f u", iso[k]->symbol, iso[k]->a,
                      iso[k]->atomic_mass_u);
            f += iso[k]->abundance;
        }
        if (n > 0) {
            cr_expect(fabs(f - 1.0) <= 1e-6, "%s: abundances sum to %.9f", SYMBOLS_H_TO_U[z - 1], f);
            elements++;
            isotopes += (int)n;
        }
    }
    cr_expect_eq(elements, 84);
    cr_expect_eq(isotopes, 289);
    for (z = 93; z <= 118; z++) cr_expect_eq(cevns_isotope_table_natural(tab, z, NULL, 0), 0u, "Z = %d", z);
    cevns_isotope_table_free(tab);
}

/* Abundance-weighted atomic masses against the CIAAW 2021 standard atomic
 * weights: within the stated uncertainty, or inside the stated interval. */
Test(nuclear, standard_atomic_weights) {
    static const struct {
        const char *sym;
        double lo, hi; /* value - uncertainty, value + uncertainty, or the interval */
    } rows[] = {
        {"H", 1.00784, 1.00811},                                  /* interval */
        {"C", 12.0096, 12.0116},                                  /* interval */
        {"O", 15.99903, 15.99977},                                /* interval */
        {"F", 18.998403162 - 5e-9, 18.998403162 + 5e-9},          /* 18.998403162(5) */
        {"Ne", 20.1797 - 6e-4, 20.1797 + 6e-4},                   /* 20.1797(6) */
        {"Na", 22.98976928 - 2e-8, 22.98976928 + 2e-8},           /* 22.98976928(2) */
        {"Al", 26.9815384 - 3e-7, 26.9815384 + 3e-7},             /* 26.9815384(3) */
        {"Si", 28.084, 28.086},                                   /* interval */
        {"Ar", 39.948 - 1e-3, 39.948 + 1e-3},                     /* 39.948(1), atmospheric */
        {"Ca", 40.078 - 4e-3, 40.078 + 4e-3},                     /* 40.078(4) */
        {"Ge", 72.630 - 8e-3, 72.630 + 8e-3},                     /* 72.630(8) */
        {"I", 126.90447 - 3e-5, 126.90447 + 3e-5},                /* 126.90447(3) */
        {"Xe", 131.293 - 6e-3, 131.293 + 6e-3},                   /* 131.293(6) */
        {"Cs", 132.90545196 - 6e-8, 132.90545196 + 6e-8},         /* 132.90545196(6) */
        {"W", 183.84 - 1e-2, 183.84 + 1e-2},                      /* 183.84(1) */
        {"Li", 6.938, 6.997},                                     /* interval */
        {"Zn", 65.38 - 2e-2, 65.38 + 2e-2},                       /* 65.38(2) */
        {"Mo", 95.95 - 1e-2, 95.95 + 1e-2},                       /* 95.95(1) */
        {"Cd", 112.414 - 4e-3, 112.414 + 4e-3},                   /* 112.414(4) */
        {"Te", 127.60 - 3e-2, 127.60 + 3e-2},                     /* 127.60(3) */
        {"Pb", 206.14, 207.94},                                   /* interval */
        {"U", 238.02891 - 3e-5, 238.02891 + 3e-5},                /* 238.02891(3) */
    };
    cevns_isotope_table *tab = load_table();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const cevns_isotope *iso[16];
        size_t n = cevns_isotope_table_natural(tab, cevns_element_z(rows[i].sym), iso, 16), k;
        double w = 0.0, f = 0.0;
        for (k = 0; k < n; k++) {
            w += iso[k]->abundance * iso[k]->atomic_mass_u;
            f += iso[k]->abundance;
        }
        cr_expect(fabs(f - 1.0) <= 1e-4, "%s: abundances sum to %.8f", rows[i].sym, f);
        cr_expect(w >= rows[i].lo && w <= rows[i].hi, "%s: atomic weight %.10f outside [%.10f, %.10f]", rows[i].sym, w,
                  rows[i].lo, rows[i].hi);
    }
    cevns_isotope_table_free(tab);
}

/* Atomic masses read from the fixed columns equal the published AME2020 values. */
Test(nuclear, ame2020_atomic_masses) {
    static const struct {
        int z, a;
        double mass_u;
    } rows[] = {
        {1, 1, 1.007825031898},   {6, 12, 12.0},            {8, 16, 15.99491461926},   {18, 40, 39.96238312204},
        {20, 48, 47.952522654},   {32, 73, 72.923458954},   {32, 76, 75.921402725},    {53, 127, 126.904472592},
        {54, 132, 131.90415508346}, {55, 133, 132.905451958}, {74, 184, 183.950933180}, {42, 100, 99.907467982},
        {52, 130, 129.906222745},   {82, 208, 207.976652005}, {92, 238, 238.050786936},
    };
    cevns_isotope_table *tab = load_table();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const cevns_isotope *iso = cevns_isotope_table_find(tab, rows[i].z, rows[i].a);
        cr_assert_not_null(iso, "Z=%d A=%d missing", rows[i].z, rows[i].a);
        cr_expect(fabs(iso->atomic_mass_u - rows[i].mass_u) <= 1e-11, "Z=%d A=%d: %.12f u, AME2020 %.12f u", rows[i].z,
                  rows[i].a, iso->atomic_mass_u, rows[i].mass_u);
    }
    cr_expect_null(cevns_isotope_table_find(tab, 54, 133), "Xe133 is not stable and not in the table");
    cr_expect_null(cevns_isotope_table_find(tab, 0, 1));
    cr_expect_null(cevns_isotope_table_find(NULL, 32, 74));
    cevns_isotope_table_free(tab);
}

/* m_N = M_atomic u - Z m_e for every isotope in the table. */
Test(nuclear, nuclear_mass_definition) {
    cevns_isotope_table *tab = load_table();
    int z, a, seen = 0;
    for (z = 1; z <= 118; z++) {
        for (a = z; a <= 300; a++) {
            const cevns_isotope *iso = cevns_isotope_table_find(tab, z, a);
            double expect;
            if (!iso) continue;
            seen++;
            expect = iso->atomic_mass_u * U_MEV - z * ME_MEV;
            cr_expect(close_rel(iso->nuclear_mass_mev, expect, 1e-13), "%s%d: m_N = %.9f MeV, expected %.9f", iso->symbol,
                      a, iso->nuclear_mass_mev, expect);
        }
    }
    cr_expect_eq(seen, 289, "%d isotopes in the table", seen);
    cevns_isotope_table_free(tab);
}

/* Independent check of the convention: the hydrogen and deuterium nuclear
 * masses are the proton and deuteron masses, up to the 13.6 eV atomic binding
 * that the model neglects. */
Test(nuclear, proton_and_deuteron_masses) {
    cevns_isotope_table *tab = load_table();
    const cevns_isotope *h1 = cevns_isotope_table_find(tab, 1, 1), *h2 = cevns_isotope_table_find(tab, 1, 2);
    cr_assert_not_null(h1);
    cr_assert_not_null(h2);
    cr_expect(fabs(h1->nuclear_mass_mev - 938.27208816) < 2e-5, "m(H1 nucleus) = %.8f MeV", h1->nuclear_mass_mev);
    cr_expect(fabs(h2->nuclear_mass_mev - 1875.61294257) < 2e-5, "m(H2 nucleus) = %.8f MeV", h2->nuclear_mass_mev);
    cevns_isotope_table_free(tab);
}

Test(nuclear, natural_respects_max_out) {
    cevns_isotope_table *tab = load_table();
    const cevns_isotope *iso[3] = {NULL, NULL, NULL};
    cr_expect_eq(cevns_isotope_table_natural(tab, 54, iso, 2), 9u, "returns the full count");
    cr_expect_eq(iso[0]->a, 124);
    cr_expect_eq(iso[1]->a, 126);
    cr_expect_null(iso[2], "writes at most max_out entries");
    cr_expect_eq(cevns_isotope_table_natural(tab, 32, NULL, 0), 5u);
    cr_expect_eq(cevns_isotope_table_natural(tab, 43, iso, 3), 0u, "Tc has no natural isotopes");
    cevns_isotope_table_free(tab);
}

/* ---------------------------------------------------------------- targets */

Test(nuclear, csi_equal_cs_and_i) {
    cevns_isotope_table *tab = load_table();
    cevns_target t;
    cevns_error err = {{0}};
    /* M(CsI) = 132.90545196 + 126.90447 g/mol (CIAAW); uncertainty 3e-5 g/mol */
    const double units_per_kg = N_A * 1000.0 / (132.90545196 + 126.90447);
    cr_assert_eq(cevns_target_create(tab, "CsI", NULL, 0, &t, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(t.n, 2u);
    cr_expect_str_eq(t.formula, "CsI");
    cr_expect_eq(nuclei_of(&t, 55), nuclei_of(&t, 53), "Cs %.17g vs I %.17g", nuclei_of(&t, 55), nuclei_of(&t, 53));
    cr_expect(close_rel(nuclei_of(&t, 55), units_per_kg, 2e-7), "Cs nuclei per kg %.10g, expected %.10g", nuclei_of(&t, 55),
              units_per_kg);
    cr_expect(close_rel(N_A * 1000.0 / 259.81, nuclei_of(&t, 53), 2e-6), "1 kg of CsI: N_A 1000 / 259.81 formula units");
    cr_expect(fabs(t.formula_mass_g_mol - 259.80992196) < 3e-5, "M(CsI) = %.8f", t.formula_mass_g_mol);
    cevns_target_free(&t);
    cevns_isotope_table_free(tab);
}

/* Molar masses of compounds against sums of CIAAW standard atomic weights,
 * within the summed uncertainties; nucleus counts per formula unit.  For the
 * elements with an interval the conventional value is used, with the distance
 * to the far end of the interval as its tolerance. */
#define H_TOL 1.6e-4  /* 1.008, [1.00784, 1.00811] */
#define C_TOL 1.4e-3  /* 12.011, [12.0096, 12.0116] */
#define O_TOL 8e-4    /* 15.999, [15.99903, 15.99977] */
#define SI_TOL 1e-3   /* 28.085, [28.084, 28.086] */
Test(nuclear, compound_molar_masses) {
    static const struct {
        const char *formula;
        double mass, tol; /* g/mol */
        size_t n_isotopes;
    } rows[] = {
        {"Ge", 72.630, 8e-3, 5},
        {"Xe", 131.293, 6e-3, 9},
        {"Ar", 39.948, 1e-3, 3},
        {"NaI", 22.98976928 + 126.90447, 3e-5, 2},
        {"Al2O3", 2 * 26.9815384 + 3 * 15.999, 3 * O_TOL, 4},
        {"CaWO4", 40.078 + 183.84 + 4 * 15.999, 4e-3 + 1e-2 + 4 * O_TOL, 14},
        {"C3F8", 3 * 12.011 + 8 * 18.998403162, 3 * C_TOL, 3},
        {"SiO2", 28.085 + 2 * 15.999, SI_TOL + 2 * O_TOL, 6},
        {"H2O", 2 * 1.008 + 15.999, 2 * H_TOL + O_TOL, 5},
        {"Ne", 20.1797, 6e-4, 3},
    };
    cevns_isotope_table *tab = load_table();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cevns_target t;
        cevns_error err = {{0}};
        cr_assert_eq(cevns_target_create(tab, rows[i].formula, NULL, 0, &t, &err), CEVNS_OK, "%s: %s", rows[i].formula,
                     err.msg);
        cr_expect(fabs(t.formula_mass_g_mol - rows[i].mass) <= rows[i].tol, "%s: M = %.6f g/mol, expected %.6f +- %.1e",
                  rows[i].formula, t.formula_mass_g_mol, rows[i].mass, rows[i].tol);
        cr_expect_eq(t.n, rows[i].n_isotopes, "%s: %zu isotopes", rows[i].formula, t.n);
        cevns_target_free(&t);
    }
    cevns_isotope_table_free(tab);
}

Test(nuclear, al2o3_ratio) {
    cevns_isotope_table *tab = load_table();
    cevns_target t;
    cevns_error err = {{0}};
    cr_assert_eq(cevns_target_create(tab, "Al2O3", NULL, 0, &t, &err), CEVNS_OK, "%s", err.msg);
    cr_expect(close_rel(nuclei_of(&t, 13) / nuclei_of(&t, 8), 2.0 / 3.0, 1e-12), "Al:O = %.15f",
              nuclei_of(&t, 13) / nuclei_of(&t, 8));
    /* 5 atoms per formula unit */
    cr_expect(close_rel(total_nuclei(&t), 5.0 * N_A * 1000.0 / t.formula_mass_g_mol, 1e-12));
    cevns_target_free(&t);
    cevns_isotope_table_free(tab);
}

/* Detector materials from all over the table: the molar mass within 1e-3
 * (relative) of the sum of CIAAW 2021 standard atomic weights (conventional
 * values for the elements given as intervals: H 1.008, Li 6.94, C 12.011,
 * O 15.999, Si 28.085, Pb 207.2), and the nuclei per kg of each element within
 * 1e-3 of count N_A 1000 / M.  The isotope counts are those of Meija et al.
 * 2016, Table 1. */
#define W_LI 6.94
#define W_C 12.011
#define W_O 15.999
#define W_F 18.998403162
#define W_NA 22.98976928
#define W_AL 26.9815384
#define W_SI 28.085
#define W_CA 40.078
#define W_ZN 65.38
#define W_MO 95.95
#define W_CD 112.414
#define W_I 126.90447
#define W_TE 127.60
#define W_XE 131.293
#define W_W 183.84
#define W_PB 207.2
Test(nuclear, formulas_vs_standard_atomic_weights) {
    static const struct {
        const char *formula;
        size_t n_isotopes, n_elements;
        struct {
            int z, count;
            double weight;
        } el[3];
    } rows[] = {
        {"PbWO4", 4 + 5 + 3, 3, {{82, 1, W_PB}, {74, 1, W_W}, {8, 4, W_O}}},
        {"CaWO4", 6 + 5 + 3, 3, {{20, 1, W_CA}, {74, 1, W_W}, {8, 4, W_O}}},
        {"Al2O3", 1 + 3, 2, {{13, 2, W_AL}, {8, 3, W_O}}},
        {"NaI", 1 + 1, 2, {{11, 1, W_NA}, {53, 1, W_I}}},
        {"Li2MoO4", 2 + 7 + 3, 3, {{3, 2, W_LI}, {42, 1, W_MO}, {8, 4, W_O}}},
        {"TeO2", 8 + 3, 2, {{52, 1, W_TE}, {8, 2, W_O}}},
        {"Zn", 5, 1, {{30, 1, W_ZN}}},
        {"Si", 3, 1, {{14, 1, W_SI}}},
        {"CdTe", 8 + 8, 2, {{48, 1, W_CD}, {52, 1, W_TE}}},
        {"C3F8", 2 + 1, 2, {{6, 3, W_C}, {9, 8, W_F}}},
        {"Xe", 9, 1, {{54, 1, W_XE}}},
    };
    cevns_isotope_table *tab = load_table();
    size_t i, k;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cevns_target t;
        cevns_error err = {{0}};
        double m_std = 0.0, atoms = 0.0;
        for (k = 0; k < rows[i].n_elements; k++) {
            m_std += rows[i].el[k].count * rows[i].el[k].weight;
            atoms += rows[i].el[k].count;
        }
        cr_assert_eq(cevns_target_create(tab, rows[i].formula, NULL, 0, &t, &err), CEVNS_OK, "%s: %s", rows[i].formula,
                     err.msg);
        cr_expect_eq(t.n, rows[i].n_isotopes, "%s: %zu isotopes, expected %zu", rows[i].formula, t.n, rows[i].n_isotopes);
        cr_expect(close_rel(t.formula_mass_g_mol, m_std, 1e-3), "%s: M = %.6f g/mol, standard atomic weights give %.6f",
                  rows[i].formula, t.formula_mass_g_mol, m_std);
        for (k = 0; k < rows[i].n_elements; k++) {
            const double expect = rows[i].el[k].count * N_A * 1000.0 / m_std;
            cr_expect(close_rel(nuclei_of(&t, rows[i].el[k].z), expect, 1e-3), "%s, Z = %d: %.8g nuclei per kg, expected %.8g",
                      rows[i].formula, rows[i].el[k].z, nuclei_of(&t, rows[i].el[k].z), expect);
        }
        cr_expect(close_rel(total_nuclei(&t), atoms * N_A * 1000.0 / m_std, 1e-3), "%s: %.8g nuclei per kg", rows[i].formula,
                  total_nuclei(&t));
        cevns_target_free(&t);
    }
    cevns_isotope_table_free(tab);
}

/* Natural germanium: per-isotope nuclei follow the IUPAC representative
 * abundances (Meija et al. 2016), ordered by A; total N_A 1000 / 72.630. */
Test(nuclear, natural_germanium) {
    static const struct {
        int a;
        double fraction;
    } rows[] = {{70, 0.2052}, {72, 0.2745}, {73, 0.0776}, {74, 0.3652}, {76, 0.0775}};
    cevns_isotope_table *tab = load_table();
    cevns_target t;
    cevns_error err = {{0}};
    double total;
    size_t i;
    cr_assert_eq(cevns_target_create(tab, "Ge", NULL, 0, &t, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(t.n, 5u);
    total = total_nuclei(&t);
    cr_expect(close_rel(total, N_A * 1000.0 / 72.630, 1.2e-4), "Ge atoms per kg %.8g", total);
    for (i = 0; i < 5; i++) {
        cr_expect_eq(t.nuclei[i].iso.a, rows[i].a);
        cr_expect(close_rel(t.nuclei[i].nuclei_per_kg / total, rows[i].fraction, 1e-9), "Ge%d fraction %.6f", rows[i].a,
                  t.nuclei[i].nuclei_per_kg / total);
    }
    cevns_target_free(&t);
    cevns_isotope_table_free(tab);
}

Test(nuclear, enrichment_single_isotope) {
    cevns_isotope_table *tab = load_table();
    cevns_target t;
    cevns_error err = {{0}};
    const cevns_enrichment e[] = {{"Xe", 132, 1.0}};
    cr_assert_eq(cevns_target_create(tab, "Xe", e, 1, &t, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(t.n, 1u);
    cr_expect_eq(t.nuclei[0].iso.z, 54);
    cr_expect_eq(t.nuclei[0].iso.a, 132);
    /* AME2020 M(Xe132) = 131.90415508346 u */
    cr_expect(fabs(t.formula_mass_g_mol - 131.90415508346) < 1e-9);
    cr_expect(close_rel(t.nuclei[0].nuclei_per_kg, N_A * 1000.0 / 131.90415508346, 1e-12));
    cevns_target_free(&t);
    cevns_isotope_table_free(tab);
}

/* Enrichment of one element of a compound leaves the other natural; entries
 * come out in order of A whatever their order in the input; zero fractions
 * are dropped. */
Test(nuclear, enrichment_in_compound) {
    cevns_isotope_table *tab = load_table();
    cevns_target t;
    cevns_error err = {{0}};
    const cevns_enrichment e[] = {{"Ge", 76, 0.86}, {"Ge", 74, 0.14}, {"Ge", 70, 0.0}};
    cr_assert_eq(cevns_target_create(tab, "GeO2", e, 3, &t, &err), CEVNS_OK, "%s", err.msg);
    cr_assert_eq(t.n, 2u + 3u);
    cr_expect_eq(t.nuclei[0].iso.a, 74);
    cr_expect_eq(t.nuclei[1].iso.a, 76);
    cr_expect(close_rel(t.nuclei[1].nuclei_per_kg / t.nuclei[0].nuclei_per_kg, 0.86 / 0.14, 1e-12));
    cr_expect(close_rel(nuclei_of(&t, 8) / nuclei_of(&t, 32), 2.0, 1e-12));
    /* M = 0.86 M(Ge76) + 0.14 M(Ge74) + 2 M(O), AME2020 and CIAAW */
    cr_expect(fabs(t.formula_mass_g_mol - (0.86 * 75.921402725 + 0.14 * 73.921177760 + 2 * 15.999)) < 2 * O_TOL, "M = %.6f",
              t.formula_mass_g_mol);
    cevns_target_free(&t);
    cevns_isotope_table_free(tab);
}

/* An element written twice is merged: C2H6 == CH3CH3, O2 == OO. */
Test(nuclear, duplicates_merge) {
    static const char *const pairs[][2] = {{"C2H6", "CH3CH3"}, {"O2", "OO"}, {"CsI", "ICs"}};
    cevns_isotope_table *tab = load_table();
    size_t p;
    for (p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        cevns_target a, b;
        cevns_error err = {{0}};
        size_t i;
        cr_assert_eq(cevns_target_create(tab, pairs[p][0], NULL, 0, &a, &err), CEVNS_OK, "%s", err.msg);
        cr_assert_eq(cevns_target_create(tab, pairs[p][1], NULL, 0, &b, &err), CEVNS_OK, "%s", err.msg);
        cr_expect_eq(a.n, b.n, "%s vs %s", pairs[p][0], pairs[p][1]);
        cr_expect(close_rel(a.formula_mass_g_mol, b.formula_mass_g_mol, 1e-14));
        for (i = 0; i < a.n; i++) {
            int z = a.nuclei[i].iso.z;
            cr_expect(close_rel(nuclei_of(&a, z), nuclei_of(&b, z), 1e-14), "%s vs %s, Z = %d", pairs[p][0], pairs[p][1], z);
        }
        cevns_target_free(&a);
        cevns_target_free(&b);
    }
    cevns_isotope_table_free(tab);
}

/* ---------------------------------------------------------------- target errors */

Test(nuclear, formula_errors) {
    static const struct {
        const char *formula, *mention;
    } rows[] = {
        {"Qx", "Qx"},      /* unknown element */
        {"2Ge", "2Ge"},    /* starts with a count */
        {"Ge(", "Ge("},    /* parentheses */
        {"", "empty"},     /* nothing */
        {"Ge0", "zero"},   /* zero count */
        {"ge", "ge"},      /* lower case */
        {"Ge O2", "Ge O2"},/* blank */
        {"Xx", "unknown element 'Xx'"},
        {"Tc", "element Tc (Z = 43) has no natural isotopes"}, /* no stable isotope */
        {"Pm", "element Pm (Z = 61) has no natural isotopes"},
        {"PmF3", "element Pm (Z = 61) has no natural isotopes"},
        {"Rn", "element Rn (Z = 86) has no natural isotopes"},
        {"Np", "element Np (Z = 93) has no natural isotopes"},
        {"CaWO4-", "CaWO4-"},
    };
    cevns_isotope_table *tab = load_table();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cevns_target t;
        cevns_error err = {{0}};
        cevns_status st = cevns_target_create(tab, rows[i].formula, NULL, 0, &t, &err);
        cr_expect_eq(st, CEVNS_ECONFIG, "'%s' gave status %d", rows[i].formula, (int)st);
        cr_expect(strstr(err.msg, rows[i].mention) != NULL, "'%s': message '%s' should mention '%s'", rows[i].formula,
                  err.msg, rows[i].mention);
        cr_expect_eq(t.n, 0u);
        cr_expect_null(t.nuclei);
        cevns_target_free(&t);
    }
    cevns_isotope_table_free(tab);
}

Test(nuclear, enrichment_errors) {
    static const struct {
        const char *what;
        cevns_enrichment e[2];
        size_t n;
    } rows[] = {
        {"sum 0.9", {{"Xe", 132, 0.5}, {"Xe", 129, 0.4}}, 2},
        {"fraction > 1", {{"Xe", 132, 1.5}, {"Xe", 129, -0.5}}, 2},
        {"negative fraction", {{"Xe", 132, -0.1}, {"Xe", 129, 1.1}}, 2},
        {"isotope not in table", {{"Xe", 133, 1.0}}, 1},
        {"element not in formula", {{"Ge", 76, 1.0}}, 1},
        {"unknown element", {{"Qx", 1, 1.0}}, 1},
        {"isotope twice", {{"Xe", 132, 0.5}, {"Xe", 132, 0.5}}, 2},
        {"NaN fraction", {{"Xe", 132, NAN}}, 1},
    };
    cevns_isotope_table *tab = load_table();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cevns_target t;
        cevns_error err = {{0}};
        cevns_status st = cevns_target_create(tab, "Xe", rows[i].e, rows[i].n, &t, &err);
        cr_expect_eq(st, CEVNS_ECONFIG, "%s: status %d", rows[i].what, (int)st);
        cr_expect(strstr(err.msg, "Xe") != NULL, "%s: message '%s' should name the target", rows[i].what, err.msg);
        cr_expect_eq(t.n, 0u);
        cr_expect_null(t.nuclei);
    }
    cevns_isotope_table_free(tab);
}

Test(nuclear, target_free_accepts_null_and_zeroed) {
    cevns_target t;
    memset(&t, 0, sizeof t);
    cevns_target_free(NULL);
    cevns_target_free(&t);
    cevns_target_free(&t);
    cevns_isotope_table_free(NULL);
}

/* ---------------------------------------------------------------- data-file errors */

/* AME2020 rows copied from mass.mas20 (Ge74; Li3, an estimated mass with '#'). */
#define ROW_GE74                                                                                                        \
    "  10   42   32   74 Ge       -73422.451       0.013      8725.2011     0.0003  B-  -2562.3871     1.6931   73 921177.760 " \
    "      0.013\n"
#define ROW_LI3                                                                                                          \
    "  -3    0    3    3 Li  -pp   28667#       2000#        -2267#       667#      B-      *                    3 030775#  " \
    "     2147#\n"

Test(nuclear, missing_files) {
    char abund[1024], ame[1024];
    cevns_isotope_table *tab = NULL;
    cevns_error err = {{0}};
    data_path(ame, sizeof ame, "ame2020_natural.txt");
    data_path(abund, sizeof abund, "isotopic_abundances_all.txt");
    cr_expect_eq(cevns_isotope_table_create("/nonexistent/ame.txt", abund, &tab, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "/nonexistent/ame.txt") != NULL, "message: %s", err.msg);
    cr_expect_null(tab);
    cr_expect_eq(cevns_isotope_table_create(ame, "/nonexistent/abund.txt", &tab, &err), CEVNS_EDATA);
    cr_expect(strstr(err.msg, "/nonexistent/abund.txt") != NULL, "message: %s", err.msg);
    cr_expect_null(tab);
}

Test(nuclear, estimated_mass_marker) {
    char ame[64], abund[64];
    cevns_isotope_table *tab = NULL;
    cevns_error err = {{0}};
    const cevns_isotope *li3;
    test_write_temp("/tmp/cevns_test_nuclear_XXXXXX", "# test\n" ROW_LI3 ROW_GE74, ame, sizeof ame);
    test_write_temp("/tmp/cevns_test_nuclear_XXXXXX", "32 Ge 74 1.0\n", abund, sizeof abund);
    cr_assert_eq(cevns_isotope_table_create(ame, abund, &tab, &err), CEVNS_OK, "%s", err.msg);
    li3 = cevns_isotope_table_find(tab, 3, 3);
    cr_assert_not_null(li3);
    cr_expect(fabs(li3->atomic_mass_u - 3.030775) < 1e-12, "Li3 %.9f", li3->atomic_mass_u);
    cr_expect_eq(li3->abundance, 0.0);
    cr_expect_eq(cevns_isotope_table_natural(tab, 3, NULL, 0), 0u);
    cevns_isotope_table_free(tab);
    unlink(ame);
    unlink(abund);
}

Test(nuclear, malformed_ame_rows) {
    static const struct {
        const char *what, *row;
    } rows[] = {
        {"truncated", "  10   42   32   74 Ge       -73422.451       0.013      8725.2011\n"},
        {"Z not a number",
         "  10   42   3x   74 Ge       -73422.451       0.013      8725.2011     0.0003  B-  -2562.3871     1.6931   73 "
         "921177.760       0.013\n"},
        {"symbol does not match Z",
         "  10   42   32   74 Ga       -73422.451       0.013      8725.2011     0.0003  B-  -2562.3871     1.6931   73 "
         "921177.760       0.013\n"},
        {"N + Z != A",
         "  10   42   32   75 Ge       -73422.451       0.013      8725.2011     0.0003  B-  -2562.3871     1.6931   73 "
         "921177.760       0.013\n"},
        {"mass disagrees with mass excess",
         "  10   42   32   74 Ge       -73422.451       0.013      8725.2011     0.0003  B-  -2562.3871     1.6931   73 "
         "921187.760       0.013\n"},
        {"mass not calculable",
         "  10   42   32   74 Ge       -73422.451       0.013      8725.2011     0.0003  B-  -2562.3871     1.6931   73 "
         "     *             0.013\n"},
        {"duplicate row", ROW_GE74},
    };
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char ame[64], abund[64], text[1024], where[80];
        cevns_isotope_table *tab = NULL;
        cevns_error err = {{0}};
        snprintf(text, sizeof text, "# comment line\n%s%s", ROW_GE74, rows[i].row);
        test_write_temp("/tmp/cevns_test_nuclear_XXXXXX", text, ame, sizeof ame);
        test_write_temp("/tmp/cevns_test_nuclear_XXXXXX", "32 Ge 74 1.0\n", abund, sizeof abund);
        cr_expect_eq(cevns_isotope_table_create(ame, abund, &tab, &err), CEVNS_EDATA, "%s: accepted", rows[i].what);
        cr_expect_null(tab);
        /* the bad row is line 3 (the duplicate is reported by file and isotope) */
        snprintf(where, sizeof where, i + 1 < sizeof rows / sizeof rows[0] ? "%s:3:" : "%s:", ame);
        cr_expect(strstr(err.msg, where) != NULL, "%s: message '%s' should contain '%s'", rows[i].what, err.msg, where);
        unlink(ame);
        unlink(abund);
    }
}

Test(nuclear, malformed_abundances) {
    static const struct {
        const char *what, *text, *mention, *mention2;
    } rows[] = {
        {"negative", "10 Ne 20 0.9048\n10 Ne 21 0.0027\n10 Ne 22 0.0925\n9 F 19 -0.5\n", ":4:", "[0, 1]"},
        {"above one", "# c\n9 F 19 1.2\n", ":2:", "[0, 1]"},
        {"sum not one", "9 F 19 1.0\n10 Ne 20 0.9048\n10 Ne 21 0.0027\n", ":2:", "Ne"},
        {"no mass row", "9 F 18 1.0\n", ":1:", "F18"},
        {"Z out of range", "0 F 19 1.0\n", ":1:", "Z is not an integer in 1..118"},
        {"Z not a number", "F 9 19 1.0\n", ":1:", "Z is not an integer"},
        {"symbol does not match Z", "9 Ne 19 1.0\n", ":1:", "'Ne' does not match Z = 9 (F)"},
        {"unknown element", "9 Qx 19 1.0\n", ":1:", "'Qx'"},
        {"A below Z", "9 F 8 1.0\n", ":1:", "A is not"},
        {"A not a number", "9 F 19.0 1.0\n", ":1:", "A is not"},
        {"old dict layout", "'F19': 1.0,\n", ":1:", "Z element A fraction"},
        {"missing fraction", "# c\n\n9 F 19\n", ":3:", "atom fraction is missing"},
        {"missing A", "9 F\n", ":1:", "A is missing"},
        {"fraction not a number", "9 F 19 one\n", ":1:", "not a number"},
        {"fraction with trailing text", "9 F 19 1.0x\n", ":1:", "not a number"},
        {"fraction NaN", "9 F 19 nan\n", ":1:", "not a number"},
        {"fraction too long", "9 F 19 1.00000000000000000000000000000000000000000\n", ":1:", "too long"},
        {"extra column", "9 F 19 1.0 0.1\n", ":1:", "after the atom fraction"},
        {"listed twice", "9 F 19 1.0\n9 F 19 1.0\n", ":2:", "more than once"},
    };
    char ame[1024];
    size_t i;
    data_path(ame, sizeof ame, "ame2020_natural.txt");
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char abund[64];
        cevns_isotope_table *tab = NULL;
        cevns_error err = {{0}};
        test_write_temp("/tmp/cevns_test_nuclear_XXXXXX", rows[i].text, abund, sizeof abund);
        cr_expect_eq(cevns_isotope_table_create(ame, abund, &tab, &err), CEVNS_EDATA, "%s: accepted", rows[i].what);
        cr_expect_null(tab);
        cr_expect(strstr(err.msg, abund) != NULL, "%s: message '%s' should name the file", rows[i].what, err.msg);
        cr_expect(strstr(err.msg, rows[i].mention) != NULL, "%s: message '%s' should mention '%s'", rows[i].what, err.msg,
                  rows[i].mention);
        cr_expect(strstr(err.msg, rows[i].mention2) != NULL, "%s: message '%s' should mention '%s'", rows[i].what, err.msg,
                  rows[i].mention2);
        unlink(abund);
    }
}

/* Blanks and tabs of any width separate the columns; comment and blank lines
 * anywhere. */
Test(nuclear, abundance_row_layout) {
    char ame[1024], abund[64];
    cevns_isotope_table *tab = NULL;
    cevns_error err = {{0}};
    const cevns_isotope *ne21;
    data_path(ame, sizeof ame, "ame2020_natural.txt");
    test_write_temp("/tmp/cevns_test_nuclear_XXXXXX",
                    "# SOURCE: test\n 10 Ne 20 0.9048\n\n  # Ne21\n10\tNe\t21\t0.0027  \r\n10   Ne  22   9.25e-2\n", abund,
                    sizeof abund);
    cr_assert_eq(cevns_isotope_table_create(ame, abund, &tab, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(cevns_isotope_table_natural(tab, 10, NULL, 0), 3u);
    cr_expect_eq(cevns_isotope_table_natural(tab, 9, NULL, 0), 0u, "F is not listed");
    ne21 = cevns_isotope_table_find(tab, 10, 21);
    cr_assert_not_null(ne21);
    cr_expect_eq(ne21->abundance, 0.0027);
    cevns_isotope_table_free(tab);
    unlink(abund);
}

/* An element with masses but no abundances cannot be natural, but can be
 * used with explicit enrichment fractions. */
Test(nuclear, element_without_abundances) {
    char ame[1024], abund[64];
    cevns_isotope_table *tab = NULL;
    cevns_error err = {{0}};
    cevns_target t;
    const cevns_enrichment e[] = {{"Ge", 76, 1.0}};
    data_path(ame, sizeof ame, "ame2020_natural.txt");
    test_write_temp("/tmp/cevns_test_nuclear_XXXXXX", "9 F 19 1.0\n", abund, sizeof abund);
    cr_assert_eq(cevns_isotope_table_create(ame, abund, &tab, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(cevns_target_create(tab, "Ge", NULL, 0, &t, &err), CEVNS_ECONFIG);
    /* names the element, the one natural element (F) and Ge's isotopes in the mass table */
    cr_expect(strstr(err.msg, "element Ge (Z = 32) has no natural isotopes") != NULL, "message: %s", err.msg);
    cr_expect(strstr(err.msg, "natural isotopes, F;") != NULL, "message: %s", err.msg);
    cr_expect(strstr(err.msg, "Ge70 Ge72 Ge73 Ge74 Ge76") != NULL, "message: %s", err.msg);
    cr_expect_eq(cevns_target_create(tab, "Ge", e, 1, &t, &err), CEVNS_OK, "%s", err.msg);
    cr_expect_eq(t.n, 1u);
    cevns_target_free(&t);
    cevns_isotope_table_free(tab);
    unlink(abund);
}
