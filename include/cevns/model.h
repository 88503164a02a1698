/* model.h - host-side physics model: isotopes, targets, neutrino fluxes.
 * Everything here runs once per run on the host; the plan (src/plan) turns it
 * into the POD arrays that the engines read.  Energies in MeV. */
#ifndef CEVNS_MODEL_H
#define CEVNS_MODEL_H

#include <stddef.h>

#include "cevns/enums.h"
#include "cevns/status.h"

/* ---------------------------------------------------------------- isotopes */
typedef struct {
    int z, a;                /* protons, mass number (N = a - z) */
    char symbol[4];          /* element symbol, e.g. "Ge" */
    double atomic_mass_u;    /* AME2020 atomic mass in u */
    double nuclear_mass_mev; /* atomic_mass_u * u - Z m_e (electron binding neglected, PHYSICS.md §1) */
    double abundance;        /* IUPAC representative atom fraction in the natural element (0 if none) */
} cevns_isotope;

typedef struct cevns_isotope_table cevns_isotope_table;

/* Load AME2020 masses (AME fixed-column format) and IUPAC abundances
 * (rows "Z element A fraction", e.g. "32 Ge 74 0.3652").  Errors name the file and line. */
CEVNS_API cevns_status cevns_isotope_table_create(const char *ame_path, const char *abundance_path, cevns_isotope_table **out,
                                      cevns_error *err);
CEVNS_API void cevns_isotope_table_free(cevns_isotope_table *tab);
/* NULL when absent. */
CEVNS_API const cevns_isotope *cevns_isotope_table_find(const cevns_isotope_table *tab, int z, int a);
/* All isotopes of element z with abundance > 0, in order of A; returns the count. */
CEVNS_API size_t cevns_isotope_table_natural(const cevns_isotope_table *tab, int z, const cevns_isotope **out, size_t max_out);
/* Element symbol -> Z (case-sensitive, "Ge"); 0 when unknown. */
CEVNS_API int cevns_element_z(const char *symbol);

/* ---------------------------------------------------------------- targets */
typedef struct {
    char element[4]; /* "Ge" */
    int a;           /* mass number */
    double fraction; /* atom fraction of this isotope within its element */
} cevns_enrichment;

typedef struct {
    cevns_isotope iso;
    double nuclei_per_kg; /* nuclei of this isotope per kg of target material */
} cevns_target_nucleus;

typedef struct {
    size_t n;
    cevns_target_nucleus *nuclei;
    double formula_mass_g_mol; /* molar mass of one formula unit */
    char formula[64];
} cevns_target;

/* Build a target from a chemical formula ("Ge", "CsI", "CaWO4", "Al2O3", "C3F8")
 * with natural isotopic composition, except for elements named in `enrich`
 * whose listed fractions replace the natural ones (they must sum to 1).
 * Nuclei per kg = count * fraction * N_A * 1000 / M_formula. */
CEVNS_API cevns_status cevns_target_create(const cevns_isotope_table *tab, const char *formula, const cevns_enrichment *enrich,
                                size_t n_enrich, cevns_target *out, cevns_error *err);
CEVNS_API void cevns_target_free(cevns_target *t);

/* ---------------------------------------------------------------- fluxes */
typedef enum {
    CEVNS_SHAPE_LINE = 0,      /* monoenergetic at e_line */
    CEVNS_SHAPE_MICHEL_NUE,    /* (192/m_mu)(E/m_mu)^2 (1/2 - E/m_mu), 0 <= E <= m_mu/2 */
    CEVNS_SHAPE_MICHEL_NUMUBAR,/* (64/m_mu)(E/m_mu)^2 (3/4 - E/m_mu), 0 <= E <= m_mu/2 */
    CEVNS_SHAPE_TABLE,         /* linear interpolation of (E, dN/dE) knots, zero outside */
    CEVNS_SHAPE_REACTOR        /* Huber-Mueller exp-polynomial mix, zero outside [e_lo, e_hi] */
} cevns_shape_kind;

/* One flux component: a unit-normalised spectral shape times `normalisation`.
 * normalisation is a fluence (cm^-2, time-integrated) when `per_second` is 0
 * (beam sources given by POT), and a flux (cm^-2 s^-1) when it is 1 (solar,
 * reactor, tables), to be multiplied by the live time. */
typedef struct {
    char name[48];   /* e.g. "prompt_numu", "B8" */
    int flavour;     /* CEVNS_FLAVOUR_E/MU/TAU (kernels/common/xsec.h) */
    int timing;      /* cevns_timing_kind: the arrival-time structure of a pulsed source */
    int antineutrino;
    int per_second;
    double normalisation;
    cevns_shape_kind kind;
    double e_line;         /* LINE */
    double e_lo, e_hi;     /* support of the shape */
    /* TABLE: knots (E, value) normalised so the integral is 1; REACTOR: see flux.c */
    size_t n_knots;
    double *knot_e, *knot_v;
    double reactor_frac[4];     /* fission-rate fractions U235, U238, Pu239, Pu241 (normalised to 1) */
    double reactor_norm;        /* 1 / integral of the raw mix over [e_lo, e_hi] */
    /* The same shape as piecewise cubics in the local variable u = E - x_j on
     * [x_j, x_{j+1}]: value = c[4j] + c[4j+1] u + c[4j+2] u^2 + c[4j+3] u^3.
     * Exact for MICHEL and TABLE, a cubic Hermite fit (|error| < 1e-9 relative)
     * for REACTOR; empty for LINE.  Used by the fast path (kernels/common/flux.h). */
    size_t n_pieces;
    double *piece_x; /* n_pieces + 1 knots */
    double *piece_c; /* 4 * n_pieces coefficients */
} cevns_flux_component;

typedef struct {
    size_t n;
    cevns_flux_component *comp;
    char description[128];
} cevns_flux;

/* Unit-normalised spectral shape dN/dE (1/MeV) at E; 0 for LINE. */
CEVNS_API double cevns_flux_shape(const cevns_flux_component *c, double e);
/* Points where the shape has a kink or edge (table knots, endpoints), for the
 * adaptive reference integrator.  Returns a pointer to n values (may be NULL/0). */
CEVNS_API const double *cevns_flux_breakpoints(const cevns_flux_component *c, size_t *n);
CEVNS_API void cevns_flux_free(cevns_flux *f);

/* SNS-like stopped-pion source.  POT from exactly one of pot, beam energy
 * (beam_power_MW * beam_hours / proton_energy_GeV), or coulombs (N = C/e). */
typedef struct {
    double nu_per_proton[3]; /* per flavour: [0] nu_e (delayed), [1] nu_mu (prompt), [2] anti-nu_mu (delayed) */
    double pot;              /* protons on target (0 when not given) */
    double beam_power_MW, beam_hours, proton_energy_GeV;
    double coulombs;
    double distance_m;
    int use_prompt, use_delayed_nue, use_delayed_numubar;
} cevns_sns_params;
CEVNS_API cevns_status cevns_flux_create_sns(const cevns_sns_params *p, cevns_flux *out, cevns_error *err);

/* Seed 000's FLUKA yields (nu per 8 GeV proton into 4 pi) as named sources:
 * "Be-thick", "C-thick", "Cu-thick", "W-thick", "Be-thin", ... Fills
 * p->nu_per_proton; NULL name list via cevns_fluka_names. */
CEVNS_API cevns_status cevns_fluka_yields(const char *name, double nu_per_proton[3], cevns_error *err);
CEVNS_API const char *const *cevns_fluka_names(size_t *n);

/* Solar BS05(OP): components "B8" (5.69e6 cm^-2 s^-1) and "hep" (7.93e3). */
typedef struct {
    int use_b8, use_hep;
    const char *b8_file, *hep_file; /* shape tables, E (MeV) and dN/dE */
    double b8_total, hep_total;     /* cm^-2 s^-1; 0 selects the BS05(OP) value */
} cevns_solar_params;
CEVNS_API cevns_status cevns_flux_create_solar(const cevns_solar_params *p, cevns_flux *out, cevns_error *err);

/* Reactor anti-nu_e (Huber 2011 for U235, Pu239, Pu241; Mueller 2011 for U238). */
typedef struct {
    double fission_fraction[4]; /* U235, U238, Pu239, Pu241 */
    double thermal_power_MW;    /* used when flux_cm2_s == 0 */
    double distance_m;
    double flux_cm2_s;          /* total flux at the detector, overrides power/distance when > 0 */
    double e_lo, e_hi;          /* spectrum support, MeV (defaults 2.0 and 8.0 when 0) */
} cevns_reactor_params;
CEVNS_API cevns_status cevns_flux_create_reactor(const cevns_reactor_params *p, cevns_flux *out, cevns_error *err);

/* Two-column table file: E (MeV), dPhi/dE.  When total > 0 the shape is
 * normalised to 1 and multiplied by total (cm^-2 s^-1); otherwise the table is
 * taken as absolute (cm^-2 s^-1 MeV^-1). */
typedef struct {
    const char *file;
    double total;
    int flavour, antineutrino;
    const char *name;
} cevns_table_flux_params;
CEVNS_API cevns_status cevns_flux_create_table(const cevns_table_flux_params *p, cevns_flux *out, cevns_error *err);

/* ---------------------------------------------------------------- arrival time */
/* The arrival time of a neutrino at a pulsed stopped-pion source (PHYSICS.md §2 decay chain):
 *   t = t_p + t_pi [+ t_mu] + offset
 * with t_p the proton's time within the pulse (Gaussian, or a piecewise-linear table of
 * (t, weight) normalised here), t_pi ~ Exp(tau_pi = 26.03 ns) for every neutrino (the pion
 * decays first), t_mu ~ Exp(tau_mu = 2.1970 us) for the delayed nu_e and anti-nu_mu (PDG).
 * The detector sees it through a time efficiency eps_T(t) (none, or 1 below an onset a and
 * exp(-b (t - a)) above it).  Times in microseconds. */
typedef struct {
    cevns_pulse_shape pulse;
    double mean_us, sigma_us;   /* Gaussian pulse (sigma 0: a delta at mean) */
    const double *table_t_us;   /* table pulse: n_table increasing times and their weights (>= 0) */
    const double *table_w;
    size_t n_table;
    double offset_us;           /* added to every arrival time (flight time, clock offset) */
    cevns_time_eff_type eff;
    double eff_onset_us, eff_rate_per_us;
    double tau_pi_us, tau_mu_us; /* > 0: these mean lives instead of PDG's (tests against other codes) */
} cevns_sns_timing;

#define CEVNS_TAU_PI_US 0.026033 /* pi+ mean life, PDG 2024: 2.6033e-8 s */
#define CEVNS_TAU_MU_US 2.1969811 /* mu+ mean life, PDG 2024: 2.1969811e-6 s */

/* The time efficiency eps_T at t, and its integral over [lo, hi] (closed form). */
CEVNS_API double cevns_time_efficiency(cevns_time_eff_type eff, double onset_us, double rate_per_us, double t_us);
CEVNS_API double cevns_time_efficiency_integral(cevns_time_eff_type eff, double onset_us, double rate_per_us, double lo_us,
                                                double hi_us);

/* frac[k] = int_{edges[k]}^{edges[k+1]} eps_T(t) p(t) dt, k < n_bins, for the arrival-time
 * density p of a component of timing kind `kind` (PROMPT or DELAYED); the integral over the
 * pulse is adaptive (GSL, relative 1e-12), the decay chain and efficiency in closed form.
 * Errors: a kind without timing, a non-positive sigma or table, non-increasing edges. */
CEVNS_API cevns_status cevns_sns_time_fractions(const cevns_sns_timing *t, cevns_timing_kind kind, const double *edges_us,
                                                size_t n_bins, double *frac, cevns_error *err);

/* ---------------------------------------------------------------- detector response */
/* What the plan needs of the detector (shared/PHYSICS.md §6), tables already read
 * (src/experiment reads the files the config names).  Arrays are owned: free with
 * cevns_detector_free. */
typedef struct {
    cevns_observable observable;
    double light_yield_pe_per_keVee; /* observable PE */
    cevns_quench_type quench;
    double lindhard_k;               /* lindhard: 0 = 0.133 Z^(2/3) A^(-1/2) per isotope */
    double qf_a, qf_b;               /* linear: QF = a + b T[keVnr] */
    double *quench_coeffs_MeV;       /* polynomial: E_ee[MeV] = sum c_i T[MeV]^i */
    size_t n_quench_coeffs;
    double *quench_t_keVnr, *quench_qf; /* table: QF at T[keVnr], increasing T */
    size_t n_quench_table;
    cevns_eff_type eff;
    double eff_a, eff_b, eff_c, eff_d; /* sigmoid a/(1+exp(-b(x-c))) + d, x in the observable */
    double *eff_x, *eff_y;           /* table: efficiency at x (observable), increasing x */
    size_t n_eff_table;
    cevns_res_type res;
    double sigma0, sqrt_coeff, frac; /* sigma(x)^2 = sigma0^2 + sqrt_coeff^2 x + (frac x)^2, observable units */
    double n_sigma;                  /* smearing truncated at +- n_sigma */
    double *edges;                   /* n_bins + 1 bin edges in the observable, increasing */
    size_t n_bins;
    double recoil_min_keVnr;         /* lower limit of the recoil integral (0 = derived) */
} cevns_detector;
CEVNS_API void cevns_detector_free(cevns_detector *d);

/* ---------------------------------------------------------------- data and pulls */
/* Where a pull acts: c_j^i is the signal R^i, the main background, or a component's B_k^i. */
#define CEVNS_PULL_SIGNAL_SOURCE (-1)
#define CEVNS_PULL_MAIN_BACKGROUND 0 /* components are 1 .. n_components */

typedef struct {
    char name[32];
    int source;   /* CEVNS_PULL_SIGNAL_SOURCE, CEVNS_PULL_MAIN_BACKGROUND, or 1 + component index */
    double sigma; /* prior width (fraction of what it scales); ignored when free */
    int free;     /* 1: no penalty term (a free normalisation) */
} cevns_pull;

#define CEVNS_DATASET_MAX_PULLS 12

/* Observed counts, their variances and the backgrounds per bin, at exposure 1, and the
 * pulls of the statistic (shared/PHYSICS.md §7).  For Asimov data `observed` is the
 * prediction at the config's point plus the background, and each point's variance is
 * computed from its observed counts (sigma_stat, sigma_frac).  Arrays are owned: free with
 * cevns_dataset_free. */
typedef struct {
    size_t n_bins;
    int asimov;
    double *observed;        /* O_i */
    double *variance;        /* D_i^2 of file data (error column, sigma_stat, sigma_frac); NULL for Asimov */
    double *background;      /* total B_i: the main background + every component */
    double *background_main; /* the main background alone (what a "background" pull rescales) */
    double *components;      /* B_k^i at [k * n_bins + i] (NULL when there are none) */
    size_t n_components;
    cevns_pull pulls[CEVNS_DATASET_MAX_PULLS]; /* the configured pulls, then one per component */
    size_t n_pulls;
    double *signal_mask;     /* [j * n_bins + i]: the factor of signal pull j's shift in bin i, c_j^i = R^i x factor:
                                1 for a normalisation (0 outside its experiments in a joint fit), the relative
                                change of a shape systematic (src/experiment/shape_pulls.c); NULL: 1 for all */
    int sigma_stat;          /* Asimov variance: sigma_stat |O| + (sigma_frac O)^2 */
    double sigma_frac;
} cevns_dataset;
CEVNS_API void cevns_dataset_free(cevns_dataset *d);

/* The fraction F_i of a normalised background shape in each bin of the binned
 * range [edges[0], edges[n_bins]] (edges increasing; sum_i F_i = 1), in closed form
 * (src/model/background.c):
 *   flat          (b - a) / (hi - lo)
 *   exponential   f ~ exp(-x / decay):  [e^(-(a-lo)/decay) - e^(-(b-lo)/decay)] / [1 - e^(-(hi-lo)/decay)]
 *   gaussian      [Phi((b-mean)/sigma) - Phi((a-mean)/sigma)] / [Phi((hi-mean)/sigma) - Phi((lo-mean)/sigma)]
 * for bin [a, b].  decay is used by exponential, mean and sigma by gaussian;
 * "column" has no analytic shape (CEVNS_EINTERNAL).  A Gaussian with no weight in
 * the range is CEVNS_ECONFIG. */
CEVNS_API cevns_status cevns_background_shape_fractions(cevns_background_shape shape, double decay, double mean, double sigma,
                                              size_t n_bins, const double *edges, double *out, cevns_error *err);

#endif
