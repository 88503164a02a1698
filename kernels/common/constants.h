/* constants.h - physical constants, CODATA 2018 / PDG (shared/PHYSICS.md §1).
 * Units inside the code: energies in MeV, lengths in fm, cross sections in cm². */
#ifndef CEVNS_KERNELS_CONSTANTS_H
#define CEVNS_KERNELS_CONSTANTS_H

#define CEVNS_PI 3.14159265358979323846
#define CEVNS_GF_MEV2 1.1663788e-11        /* G_F in MeV^-2 (1.1663788e-5 GeV^-2) */
#define CEVNS_ALPHA (1.0 / 137.035999084)  /* fine-structure constant at q = 0 */
#define CEVNS_ME_MEV 0.51099895000         /* electron mass */
#define CEVNS_HBARC_MEV_FM 197.3269804     /* hbar c */
#define CEVNS_MEV2_TO_CM2 0.3893793721e-21 /* 1 MeV^-2 in cm^2 */
#define CEVNS_AMU_MEV 931.49410242         /* atomic mass unit u */
#define CEVNS_AVOGADRO 6.02214076e23       /* per mol */
#define CEVNS_MMU_MEV 105.6583755          /* muon mass */
#define CEVNS_MTAU_MEV 1776.86             /* tau mass (PDG 2022) */
#define CEVNS_HBARC_MEV_CM 1.973269804e-11 /* hbar c in MeV cm (cm^2 -> MeV^-2) */
#define CEVNS_SQRT2 1.41421356237309504880
#define CEVNS_MPI_MEV 139.57039            /* charged pion mass */
#define CEVNS_E_CHARGE_C 1.602176634e-19   /* elementary charge in coulomb (exact, SI 2019) */
#define CEVNS_SIN2W_DEFAULT 0.23857        /* low-energy weak mixing angle (seed 002) */
#define CEVNS_SECONDS_PER_DAY 86400.0

#endif
