/* spin_load.c - the squared axial charges of the target's isotopes for the axial term
 * (kernels/common/xsec.h), from the nuclear spin table data/nuclear/nuclear_spins.txt.
 *
 * Zero-momentum form (Hoferichter, Menendez, Schwenk, PRD 102 (2020) 074018, eqs. 66-67 at
 * q -> 0 without the two-body currents, in the convention Q^2 = Q_W^2/4 of PHYSICS.md):
 *   Q_A^2 = (4 (J + 1) / (3 J)) (g_A^p <S_p> + g_A^n <S_n>)^2,
 *   g_A^p = (g_A - g_A^s)/2,  g_A^n = -(g_A + g_A^s)/2,  g_A = 1.27641, g_A^s = -0.085
 * (their Table I), which is (g_A^p)^2 for a free proton (J = 1/2, <S_p> = 1/2), the axial
 * term of nu p scattering.  Even-even isotopes have J = 0 and no axial term; any other
 * isotope of the target needs a row of the table. */
#include <stdio.h>
#include <stdlib.h>

#include "cevns/table.h"
#include "experiment/experiment_internal.h"

/* Columns of the spin table: Z, A, 2J, <S_p>, <S_n> (then a reference number). */
enum { SPIN_Z = 0, SPIN_A, SPIN_2J, SPIN_SP, SPIN_SN, SPIN_COLS };

#define AXIAL_GA 1.27641
#define AXIAL_GA_STRANGE (-0.085)

static double axial_charge2(double two_j, double sp, double sn) {
    double j = 0.5 * two_j;
    double s = 0.5 * (AXIAL_GA - AXIAL_GA_STRANGE) * sp - 0.5 * (AXIAL_GA + AXIAL_GA_STRANGE) * sn;
    return 4.0 * (j + 1.0) / (3.0 * j) * s * s;
}

cevns_status cevns_experiment_axial_charges(const cevns_config *cfg, const cevns_target *target, double **out,
                                            cevns_error *err) {
    char path[CEVNS_PATH_MAX + 32];
    cevns_table t = {0};
    cevns_status st;
    size_t i, r;
    double *q;
    *out = NULL;
    snprintf(path, sizeof path, "%s/nuclear/nuclear_spins.txt", cfg->data_dir);
    if ((st = cevns_table_create(path, SPIN_COLS, &t, err)) != CEVNS_OK)
        return cevns_error_prefix(err, st, "%s: model.axial", cfg->path);
    if (!(q = calloc(target->n, sizeof *q))) {
        cevns_table_free(&t);
        return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    }
    for (i = 0; i < target->n; i++) {
        const cevns_isotope *iso = &target->nuclei[i].iso;
        int found = 0;
        if (iso->z % 2 == 0 && (iso->a - iso->z) % 2 == 0) continue; /* even-even: J = 0 */
        for (r = 0; r < t.rows && !found; r++) {
            const double *row = t.v + r * t.cols;
            if ((int)row[SPIN_Z] != iso->z || (int)row[SPIN_A] != iso->a) continue;
            if (!(row[SPIN_2J] >= 1.0)) {
                st = cevns_error_set(err, CEVNS_EDATA, "%s: row of %d%s: 2J = %g (allowed: >= 1)", path, iso->a,
                                     iso->symbol, row[SPIN_2J]);
                break;
            }
            q[i] = axial_charge2(row[SPIN_2J], row[SPIN_SP], row[SPIN_SN]);
            found = 1;
        }
        if (st == CEVNS_OK && !found)
            st = cevns_error_set(err, CEVNS_ECONFIG,
                                 "%s: model.axial: the target %s has %d%s, which has spin, and %s gives no spin "
                                 "expectation values for it (allowed: targets whose odd isotopes are listed there, "
                                 "or model.axial false)",
                                 cfg->path, target->formula, iso->a, iso->symbol, path);
        if (st != CEVNS_OK) break;
    }
    cevns_table_free(&t);
    if (st != CEVNS_OK) {
        free(q);
        return st;
    }
    *out = q;
    return CEVNS_OK;
}
