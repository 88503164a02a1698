/* isotopes.c - the isotope table: AME2020 atomic masses and IUPAC isotopic
 * abundances (PHYSICS.md §1), and the element-symbol table.
 *
 * Mass file: AME2020 mass.mas20 rows in their fixed-column Fortran format
 *   a1,i3,i5,i5,i5,1x,a3,a4,1x,f14.6,f12.6,f13.5,1x,f10.5,1x,a2,f13.5,f11.5,1x,i3,1x,f13.6,f12.6
 *   cc NZ N Z A el o  mass-excess unc  BE/A unc  B- beta unc  atomic-mass(int u, micro-u) unc
 * '#' in place of a decimal point marks an estimated value; '*' a quantity
 * that cannot be calculated.  Lines starting with '#' and blank lines are
 * comments.
 * Abundance file: one row per isotope, "Z element A fraction" separated by
 * blanks ("32 Ge 74 0.3652"), the symbol that of element Z, the isotope in the
 * mass file; the fractions of each element listed must sum to 1 (1e-4).
 * Lines starting with '#' and blank lines are comments.
 *
 * Nuclear mass m_N = M_atomic u - Z m_e (electron binding energies, < 0.1 MeV
 * even for W, are neglected: PHYSICS.md §1). */
#include "cevns/model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/constants.h"

struct cevns_isotope_table {
    size_t n;
    cevns_isotope *iso; /* sorted by (z, a) */
};

/* ---------------------------------------------------------------- elements */

static const char *const element_symbols[] = {
    "",   "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",
    "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As",
    "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn",
    "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho",
    "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po",
    "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md",
    "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

#define N_ELEMENTS ((int)(sizeof element_symbols / sizeof element_symbols[0]))

int cevns_element_z(const char *symbol) {
    int z;
    if (!symbol || !*symbol) return 0;
    for (z = 1; z < N_ELEMENTS; z++)
        if (strcmp(symbol, element_symbols[z]) == 0) return z;
    return 0;
}

/* ---------------------------------------------------------------- table */

void cevns_isotope_table_free(cevns_isotope_table *tab) {
    if (!tab) return;
    free(tab->iso);
    free(tab);
}

static int compare_isotopes(const void *pa, const void *pb) {
    const cevns_isotope *a = pa, *b = pb;
    if (a->z != b->z) return a->z < b->z ? -1 : 1;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    return 0;
}

static cevns_isotope *find_mutable(const cevns_isotope_table *tab, int z, int a) {
    cevns_isotope key;
    if (!tab || !tab->iso) return NULL;
    memset(&key, 0, sizeof key);
    key.z = z;
    key.a = a;
    return bsearch(&key, tab->iso, tab->n, sizeof *tab->iso, compare_isotopes);
}

const cevns_isotope *cevns_isotope_table_find(const cevns_isotope_table *tab, int z, int a) {
    return find_mutable(tab, z, a);
}

size_t cevns_isotope_table_natural(const cevns_isotope_table *tab, int z, const cevns_isotope **out, size_t max_out) {
    size_t i, count = 0;
    if (!tab) return 0;
    /* the table is sorted by (z, a), so this visits the element in order of A */
    for (i = 0; i < tab->n; i++) {
        if (tab->iso[i].z != z || !(tab->iso[i].abundance > 0.0)) continue;
        if (out && count < max_out) out[count] = &tab->iso[i];
        count++;
    }
    return count;
}

/* ---------------------------------------------------------------- line reading */

typedef struct {
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    long lineno;
} line_reader;

/* Next line without its end-of-line characters; 0 at end of file. */
static int next_line(line_reader *r) {
    ssize_t len = getline(&r->line, &r->cap, r->f);
    if (len < 0) return 0;
    r->lineno++;
    while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r')) r->line[--len] = '\0';
    return 1;
}

static int is_comment_or_blank(const char *line) {
    while (*line == ' ' || *line == '\t') line++;
    return *line == '#' || *line == '\0';
}

/* ---------------------------------------------------------------- AME rows */

/* Copy columns [from, to) of line (0-based) into buf, trimmed of blanks. */
static void field(const char *line, size_t len, size_t from, size_t to, char *buf, size_t bufsize) {
    size_t i, n = 0;
    for (i = from; i < to && i < len && n + 1 < bufsize; i++) buf[n++] = line[i];
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t')) buf[--n] = '\0';
    i = 0;
    while (buf[i] == ' ' || buf[i] == '\t') i++;
    if (i) memmove(buf, buf + i, n - i + 1);
}

static int parse_int_field(const char *s, long *out) {
    char *end;
    if (!*s) return 0;
    errno = 0;
    *out = strtol(s, &end, 10);
    return *end == '\0' && errno == 0;
}

/* A real-number field; '#' in place of the decimal point (AME: estimated value)
 * is read as '.', and *estimated is set. */
static int parse_real_field(const char *s, double *out, int *estimated) {
    char buf[32];
    char *end, *hash;
    if (!*s || strlen(s) >= sizeof buf) return 0;
    strcpy(buf, s);
    hash = strchr(buf, '#');
    if (hash) {
        if (strchr(hash + 1, '#') || strchr(buf, '.')) return 0;
        *hash = '.';
        *estimated = 1;
    }
    errno = 0;
    *out = strtod(buf, &end);
    return end != buf && *end == '\0' && errno == 0 && isfinite(*out);
}

/* AME column layout (0-based, end exclusive), from the Fortran format above. */
enum {
    COL_NZ = 1, COL_N = 4, COL_Z = 9, COL_A = 14, COL_A_END = 19, COL_EL = 20, COL_EL_END = 23,
    COL_MEXCESS = 28, COL_MEXCESS_END = 42, COL_MASS_INT = 106, COL_MASS_INT_END = 109,
    COL_MASS_MICRO = 110, COL_MASS_MICRO_END = 123
};

/* Mass excess and atomic mass are two roundings of one value: they must agree
 * to this many keV (estimated values are rounded to whole keV in AME). */
#define MEXCESS_TOL_KEV 0.05
#define MEXCESS_TOL_ESTIMATED_KEV 2.0

static cevns_status ame_error(cevns_error *err, const line_reader *r, const char *what) {
    return cevns_error_set(err, CEVNS_EDATA,
                           "%s:%ld: %s (expected an AME2020 mass.mas20 row: N in columns 5-9, Z 10-14, A 15-19, "
                           "element 21-23, mass excess (keV) 29-42, atomic mass 107-123 as 'iii ffffff.ffffff' micro-u)",
                           r->path, r->lineno, what);
}

static cevns_status parse_ame_row(const line_reader *r, cevns_isotope *iso, cevns_error *err) {
    const char *line = r->line;
    size_t len = strlen(line);
    char buf[40];
    long nz, n, z, a, mass_int;
    double micro, mexcess, mass_u;
    int estimated = 0;

    if (len < COL_MASS_MICRO_END) return ame_error(err, r, "row too short");
    field(line, len, COL_NZ, COL_N, buf, sizeof buf);
    if (!parse_int_field(buf, &nz)) return ame_error(err, r, "N-Z is not an integer");
    field(line, len, COL_N, COL_Z, buf, sizeof buf);
    if (!parse_int_field(buf, &n) || n < 0) return ame_error(err, r, "N is not a non-negative integer");
    field(line, len, COL_Z, COL_A, buf, sizeof buf);
    if (!parse_int_field(buf, &z) || z < 1 || z >= N_ELEMENTS) return ame_error(err, r, "Z is not an integer in 1..118");
    field(line, len, COL_A, COL_A_END, buf, sizeof buf);
    if (!parse_int_field(buf, &a) || a < 1) return ame_error(err, r, "A is not a positive integer");
    if (n + z != a || n - z != nz) return ame_error(err, r, "N, Z, A and N-Z are inconsistent");
    field(line, len, COL_EL, COL_EL_END, buf, sizeof buf);
    if (strcmp(buf, element_symbols[z]) != 0) {
        return cevns_error_set(err, CEVNS_EDATA, "%s:%ld: element symbol '%s' does not match Z = %ld (%s)", r->path,
                               r->lineno, buf, z, element_symbols[z]);
    }

    field(line, len, COL_MASS_INT, COL_MASS_INT_END, buf, sizeof buf);
    if (!parse_int_field(buf, &mass_int) || mass_int < 0) return ame_error(err, r, "atomic mass (integer u) is not an integer");
    field(line, len, COL_MASS_MICRO, COL_MASS_MICRO_END, buf, sizeof buf);
    if (!parse_real_field(buf, &micro, &estimated) || micro < 0.0 || micro >= 1e6)
        return ame_error(err, r, "atomic mass (micro-u) is not a number in [0, 1e6)");
    mass_u = (double)mass_int + micro * 1e-6;
    if (fabs(mass_u - (double)a) > 0.5) return ame_error(err, r, "atomic mass is more than 0.5 u away from A");

    /* cross-check against the mass excess (keV): catches shifted or edited columns */
    field(line, len, COL_MEXCESS, COL_MEXCESS_END, buf, sizeof buf);
    if (!parse_real_field(buf, &mexcess, &estimated)) return ame_error(err, r, "mass excess is not a number");
    {
        double diff = ((double)mass_int - (double)a + micro * 1e-6) * (CEVNS_AMU_MEV * 1e3) - mexcess;
        double tol = estimated ? MEXCESS_TOL_ESTIMATED_KEV : MEXCESS_TOL_KEV;
        if (fabs(diff) > tol) {
            return cevns_error_set(err, CEVNS_EDATA,
                                   "%s:%ld: atomic mass %.9f u and mass excess %.3f keV disagree by %.3f keV "
                                   "(allowed: %.2f keV, the rounding of the two columns)",
                                   r->path, r->lineno, mass_u, mexcess, diff, tol);
        }
    }

    memset(iso, 0, sizeof *iso);
    iso->z = (int)z;
    iso->a = (int)a;
    snprintf(iso->symbol, sizeof iso->symbol, "%s", element_symbols[z]);
    iso->atomic_mass_u = mass_u;
    iso->nuclear_mass_mev = mass_u * CEVNS_AMU_MEV - (double)z * CEVNS_ME_MEV;
    iso->abundance = 0.0;
    return CEVNS_OK;
}

static cevns_status push_isotope(cevns_isotope_table *tab, size_t *cap, const cevns_isotope *iso, const char *path,
                                 cevns_error *err) {
    if (tab->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        cevns_isotope *ni = realloc(tab->iso, nc * sizeof *ni);
        if (!ni) return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
        tab->iso = ni;
        *cap = nc;
    }
    tab->iso[tab->n++] = *iso;
    return CEVNS_OK;
}

static cevns_status read_ame(const char *path, cevns_isotope_table *tab, cevns_error *err) {
    line_reader r;
    size_t cap = 0, i;
    cevns_status st = CEVNS_OK;

    memset(&r, 0, sizeof r);
    r.path = path;
    r.f = fopen(path, "r");
    if (!r.f) return cevns_error_set(err, CEVNS_EDATA, "%s: cannot open the AME2020 mass table: %s", path, strerror(errno));
    while (st == CEVNS_OK && next_line(&r)) {
        cevns_isotope iso;
        if (is_comment_or_blank(r.line)) continue;
        st = parse_ame_row(&r, &iso, err);
        if (st == CEVNS_OK) st = push_isotope(tab, &cap, &iso, path, err);
    }
    if (st == CEVNS_OK && ferror(r.f)) st = cevns_error_set(err, CEVNS_EIO, "%s: read error", path);
    free(r.line);
    fclose(r.f);
    if (st != CEVNS_OK) return st;
    if (tab->n == 0) return cevns_error_set(err, CEVNS_EDATA, "%s: no AME2020 mass rows found", path);

    qsort(tab->iso, tab->n, sizeof *tab->iso, compare_isotopes);
    for (i = 1; i < tab->n; i++) {
        if (compare_isotopes(&tab->iso[i - 1], &tab->iso[i]) == 0) {
            return cevns_error_set(err, CEVNS_EDATA, "%s: %s%d appears more than once (allowed: one row per isotope)", path,
                                   tab->iso[i].symbol, tab->iso[i].a);
        }
    }
    return CEVNS_OK;
}

/* ---------------------------------------------------------------- abundances */

/* Per element: the line of its first row (named in sum errors) and the sum of
 * its fractions; per isotope of the table: whether a row was seen. */
typedef struct {
    long first_line[sizeof element_symbols / sizeof element_symbols[0]];
    double sum[sizeof element_symbols / sizeof element_symbols[0]];
    unsigned char *seen; /* tab->n flags */
} abundance_sums;

#define ABUNDANCE_SUM_TOL 1e-4

static cevns_status abundance_error(cevns_error *err, const line_reader *r, const char *what) {
    return cevns_error_set(err, CEVNS_EDATA,
                           "%s:%ld: %s (expected a row 'Z element A fraction' separated by blanks, e.g. '32 Ge 74 0.3652', "
                           "with the symbol of element Z and an atom fraction in [0, 1]; lines starting with '#' are comments)",
                           r->path, r->lineno, what);
}

/* The next blank-separated word of the row at *pp into buf, *pp moved past it;
 * an error naming `what` when there is none or it is too long. */
static cevns_status row_word(const line_reader *r, const char **pp, const char *what, char *buf, size_t size,
                             cevns_error *err) {
    const char *p = *pp;
    size_t n = 0;
    char msg[64];
    while (*p == ' ' || *p == '\t') p++;
    while (*p && *p != ' ' && *p != '\t') {
        if (n + 1 >= size) {
            snprintf(msg, sizeof msg, "%s is too long", what);
            return abundance_error(err, r, msg);
        }
        buf[n++] = *p++;
    }
    buf[n] = '\0';
    if (n == 0) {
        snprintf(msg, sizeof msg, "%s is missing", what);
        return abundance_error(err, r, msg);
    }
    *pp = p;
    return CEVNS_OK;
}

/* One row "32 Ge 74 0.3652": the abundance of an isotope of the mass table. */
static cevns_status parse_abundance_row(const line_reader *r, cevns_isotope_table *tab, abundance_sums *sums,
                                        cevns_error *err) {
    const char *p = r->line;
    char word[40], sym[8];
    long z, a;
    double value;
    char *end;
    cevns_isotope *iso;
    cevns_status st;

    if ((st = row_word(r, &p, "Z", word, sizeof word, err)) != CEVNS_OK) return st;
    if (!parse_int_field(word, &z) || z < 1 || z >= N_ELEMENTS) return abundance_error(err, r, "Z is not an integer in 1..118");
    if ((st = row_word(r, &p, "element symbol", sym, sizeof sym, err)) != CEVNS_OK) return st;
    if (strcmp(sym, element_symbols[z]) != 0) {
        return cevns_error_set(err, CEVNS_EDATA, "%s:%ld: element symbol '%s' does not match Z = %ld (%s)", r->path,
                               r->lineno, sym, z, element_symbols[z]);
    }
    if ((st = row_word(r, &p, "A", word, sizeof word, err)) != CEVNS_OK) return st;
    if (!parse_int_field(word, &a) || a < z || a > 400) return abundance_error(err, r, "A is not an integer in Z..400");
    if ((st = row_word(r, &p, "atom fraction", word, sizeof word, err)) != CEVNS_OK) return st;
    errno = 0;
    value = strtod(word, &end);
    if (end == word || *end != '\0' || errno || !isfinite(value))
        return abundance_error(err, r, "atom fraction is not a number");
    if (value < 0.0 || value > 1.0) {
        return cevns_error_set(err, CEVNS_EDATA, "%s:%ld: abundance of %s%ld is %g (allowed: an atom fraction in [0, 1])",
                               r->path, r->lineno, sym, a, value);
    }
    while (*p == ' ' || *p == '\t') p++;
    if (*p) return abundance_error(err, r, "unexpected text after the atom fraction");

    iso = find_mutable(tab, (int)z, (int)a);
    if (!iso) {
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s:%ld: %s%ld has an abundance but no AME2020 mass row (allowed: isotopes listed in the mass "
                               "table; add its row there)",
                               r->path, r->lineno, sym, a);
    }
    if (sums->seen[iso - tab->iso]) {
        return cevns_error_set(err, CEVNS_EDATA, "%s:%ld: %s%ld is listed more than once (allowed: one row per isotope)",
                               r->path, r->lineno, sym, a);
    }
    sums->seen[iso - tab->iso] = 1;
    iso->abundance = value;
    if (sums->first_line[z] == 0) sums->first_line[z] = r->lineno;
    sums->sum[z] += value;
    return CEVNS_OK;
}

static cevns_status read_abundances(const char *path, cevns_isotope_table *tab, cevns_error *err) {
    line_reader r;
    abundance_sums *sums;
    cevns_status st = CEVNS_OK;
    int z;

    memset(&r, 0, sizeof r);
    r.path = path;
    r.f = fopen(path, "r");
    if (!r.f) return cevns_error_set(err, CEVNS_EDATA, "%s: cannot open the isotopic abundance table: %s", path, strerror(errno));
    sums = calloc(1, sizeof *sums);
    if (sums) sums->seen = calloc(tab->n, 1);
    if (!sums || !sums->seen) {
        free(sums);
        fclose(r.f);
        return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", path);
    }
    while (st == CEVNS_OK && next_line(&r)) {
        if (is_comment_or_blank(r.line)) continue;
        st = parse_abundance_row(&r, tab, sums, err);
    }
    if (st == CEVNS_OK && ferror(r.f)) st = cevns_error_set(err, CEVNS_EIO, "%s: read error", path);
    /* the fractions of each listed element must describe the whole element */
    for (z = 1; st == CEVNS_OK && z < N_ELEMENTS; z++) {
        if (sums->first_line[z] && fabs(sums->sum[z] - 1.0) > ABUNDANCE_SUM_TOL) {
            st = cevns_error_set(err, CEVNS_EDATA,
                                 "%s:%ld: abundances of %s sum to %.7f (allowed: 1 within %g; list every naturally occurring "
                                 "isotope)",
                                 path, sums->first_line[z], element_symbols[z], sums->sum[z], ABUNDANCE_SUM_TOL);
        }
    }
    free(sums->seen);
    free(sums);
    free(r.line);
    fclose(r.f);
    return st;
}

/* ---------------------------------------------------------------- load */

cevns_status cevns_isotope_table_create(const char *ame_path, const char *abundance_path, cevns_isotope_table **out,
                                      cevns_error *err) {
    cevns_isotope_table *tab;
    cevns_status st;

    if (!out) return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_isotope_table_create: NULL output");
    *out = NULL;
    if (!ame_path || !abundance_path)
        return cevns_error_set(err, CEVNS_EINTERNAL, "cevns_isotope_table_create: NULL file name");
    tab = calloc(1, sizeof *tab);
    if (!tab) return cevns_error_set(err, CEVNS_ENOMEM, "%s: out of memory", ame_path);
    st = read_ame(ame_path, tab, err);
    if (st == CEVNS_OK) st = read_abundances(abundance_path, tab, err);
    if (st != CEVNS_OK) {
        cevns_isotope_table_free(tab);
        return st;
    }
    *out = tab;
    return CEVNS_OK;
}
