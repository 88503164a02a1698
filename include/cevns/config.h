/* config.h - the run description, read from JSON (src/config) into plain structs.
 * cJSON never leaves src/config.  Every key is documented in docs/config.md with
 * its unit and default; keys end in their unit (_MeV, _keV, _m, _kg, ...). */
#ifndef CEVNS_CONFIG_H
#define CEVNS_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "cevns/enums.h"
#include "cevns/status.h"

#define CEVNS_PATH_MAX 1024
#define CEVNS_MAX_ENRICH 16
#define CEVNS_MAX_EDGES 4097
#define CEVNS_MAX_COEFFS 8
#define CEVNS_MAX_TIME_EDGES 257 /* arrival-time and pulse-shape bins: up to 256 each */

typedef enum { CEVNS_SOURCE_SNS, CEVNS_SOURCE_FLUKA, CEVNS_SOURCE_SOLAR, CEVNS_SOURCE_REACTOR, CEVNS_SOURCE_TABLE } cevns_source_type;

typedef struct {
    cevns_source_type type;
    /* sns / fluka: component switches; fluka: target name ("W-thick") */
    char fluka_target[32];
    double nu_per_proton;    /* sns: per flavour (default 0.0848) */
    double pot;              /* protons on target, or 0 */
    double beam_power_MW, beam_hours, proton_energy_GeV;
    double coulombs;
    double distance_m;
    int use_prompt, use_delayed_nue, use_delayed_numubar;
    struct {                 /* sns / fluka: arrival times (used when the detector bins them) */
        cevns_pulse_shape pulse;
        double mean_us, sigma_us;    /* gaussian proton pulse */
        char file[CEVNS_PATH_MAX];   /* table pulse: columns t [us], weight */
        double offset_us;            /* added to every arrival time */
    } timing;
    /* solar */
    int use_b8, use_hep;
    double b8_total_cm2_s, hep_total_cm2_s; /* 0: BS05(OP) values */
    char b8_file[CEVNS_PATH_MAX], hep_file[CEVNS_PATH_MAX];
    /* reactor */
    double fission_fractions[4]; /* U235, U238, Pu239, Pu241 */
    double thermal_power_MW;
    double flux_cm2_s;           /* reactor total flux, or table total; 0 = unset */
    double e_lo_MeV, e_hi_MeV;
    /* table */
    char file[CEVNS_PATH_MAX];
    int flavour;      /* 0 e, 1 mu, 2 tau */
    int antineutrino;
} cevns_source_config;


typedef struct {
    double mass_kg;          /* detector (target) mass */
    double live_days;        /* live time for per-second sources */
    double exposure_kg_day;  /* alternative to mass_kg * live_days (0 = unset) */
    cevns_observable observable;
    double light_yield_pe_per_keVee; /* observable PE */
    struct {
        cevns_quench_type type;
        double k;            /* lindhard: 0 = 0.133 Z^(2/3) A^(-1/2) per isotope */
        double a, b;         /* linear QF = a + b * T[keVnr] */
        double coeffs_MeV[CEVNS_MAX_COEFFS]; /* polynomial E_ee[MeV] = sum c_i T[MeV]^i, i = 0.. */
        int n_coeffs;
        char file[CEVNS_PATH_MAX]; /* table: T[keVnr], QF */
    } quenching;
    struct {
        cevns_eff_type type;
        double a, b, c, d;   /* sigmoid a/(1+exp(-b(x-c))) + d, x in the observable */
        char file[CEVNS_PATH_MAX];
        int x_column, eff_column; /* table columns, 1-based */
    } efficiency;
    struct {
        cevns_res_type type;
        double sigma0, sqrt_coeff, frac; /* sigma(x)^2 = sigma0^2 + sqrt_coeff^2 x + (frac x)^2, observable units */
        double n_sigma;                  /* smearing truncated at +- n_sigma (default 6) */
    } resolution;
    double edges[CEVNS_MAX_EDGES]; /* bin edges in the observable */
    int n_bins;
    double recoil_min_keVnr; /* lower limit of the recoil integral (0 = derived) */
    struct {                 /* arrival-time bins (a pulsed source): bins are energy x time */
        double edges_us[CEVNS_MAX_TIME_EDGES];
        int n_bins;          /* 0: no time axis */
        cevns_time_eff_type eff;
        double eff_onset_us, eff_rate_per_us;
    } time;
    struct {                 /* pulse-shape (F90) bins: bins are energy x psd [x time] */
        double edges[CEVNS_MAX_TIME_EDGES];
        int n_bins;          /* 0: no pulse-shape axis */
        char template_file[CEVNS_PATH_MAX]; /* rows: energy, psd[, time] bin centres, expected counts */
    } psd;
} cevns_detector_config;


typedef struct {
    struct {
        cevns_ff_type type;
        cevns_helm_convention helm_convention;
        double skin_fm;           /* Helm s (default 0.9) */
        double neutron_radius_fm; /* > 0: separate neutron form factor with this rms radius */
    } form_factor;
    int kinematics;               /* cevns_kinematics */
    double sin2_theta_w;
    int use_sm, use_magnetic, use_sterile;
    double mu_nu[3];              /* effective magnetic moments per flavour, mu_B */
    double m4_MeV;                /* sterile mass */
    double eps_u[9], eps_d[9];    /* vector NSI, row-major (alpha, beta), symmetric */
    double normalisation;         /* overall signal scale */
    double charge_radius_cm2[9];  /* neutrino charge radii <r^2>_ab, cm^2, symmetric */
    double millicharge[9];        /* neutrino (milli)charges q_ab, units of e, symmetric */
    int radiative_corrections;    /* 1: flavour-dependent g_V^p, g_V^n at low q (docs/physics.md) */
    int use_axial;                /* 1: the axial (spin-dependent) term */
    struct {
        int preset;                   /* cevns_mediator_preset; NONE: no Z' */
        double mass_MeV, g;
        double charge_nu[3], charge_u, charge_d; /* CUSTOM: the charges, g_x = g charge_x */
    } zprime;
    struct {
        int preset;                   /* NONE, UNIVERSAL or CUSTOM */
        double mass_MeV, g;
        double charge_nu[3], charge_p, charge_n; /* CUSTOM: g_nu = g charge_nu, Q_phi = g (charge_p Z + charge_n N) */
    } scalar;
} cevns_model_config;

typedef struct {
    int gl_order;        /* Gauss-Legendre nodes per panel (default 12) */
    int panels;          /* minimum panels per recoil interval (default 4) */
    double ref_rel_tol;  /* reference adaptive tolerance (default 1e-10) */
} cevns_quadrature_config;


/* ---------------------------------------------------------------- data and statistics */
typedef enum { CEVNS_DATA_ASIMOV = 0, CEVNS_DATA_BINNED, CEVNS_DATA_ON_OFF, CEVNS_DATA_EVENTS, CEVNS_DATA_TEMPLATE } cevns_data_kind;
typedef enum { CEVNS_BKG_NONE = 0, CEVNS_BKG_FLAT, CEVNS_BKG_COLUMN } cevns_background_type;
typedef enum { CEVNS_PULL_SIGNAL = 0, CEVNS_PULL_BACKGROUND } cevns_pull_target;
#define CEVNS_MAX_PULLS 12
#define CEVNS_MAX_BACKGROUNDS 12

/* A shape systematic of the signal (a pull's "shift"): the prediction with these changes at the
 * config's point, s', gives the pull's relative change per bin, s'_i / s_i - 1 (seed 002 eq. 15's
 * c_j^i = s_i (s'_i / s_i - 1), linear in the pull); or the ratio of two templates. */
typedef struct {
    int n_quench;                                /* > 0: polynomial quenching coefficients replaced */
    double quench_coeffs_MeV[CEVNS_MAX_COEFFS];
    int n_efficiency;                            /* 4: the sigmoid efficiency's a, b, c, d replaced */
    double efficiency[4];
    double light_yield_pe_per_keVee;             /* > 0: replaced */
    double timing_offset_us;                     /* added to experiment.source.timing.offset_us */
    double neutron_radius_fm;                    /* > 0: the neutron rms radius */
    char template_up[CEVNS_PATH_MAX];            /* with template_nominal: s'_i / s_i = up_i / nominal_i */
    char template_nominal[CEVNS_PATH_MAX];
} cevns_shape_shift;

typedef struct {
    char name[32];
    cevns_pull_target target; /* which prediction the pull rescales: c_j^i = R^i (signal) or B^i */
    double sigma;             /* prior width (fraction); ignored when free */
    int free;                 /* 1: no penalty term (a free normalisation) */
    int has_shift;            /* 1: a shape systematic of the signal (shift) instead of its normalisation */
    cevns_shape_shift shift;
} cevns_pull_config;

/* One background component ("backgrounds"[k]): a normalised shape over the binned
 * range [edges[0], edges[n_bins]] times `amount` expected counts (flat, exponential,
 * gaussian), or a column of the data file times data.scale.  Each component has
 * its own pull, shifting bin i by xi_k B_k^i (free, or with prior width sigma_norm). */
typedef struct {
    char name[32];                /* unique among the components and the pulls */
    cevns_background_shape shape;
    double decay;                 /* exponential: e-folding length, observable units: f(x) ~ exp(-x / decay) */
    double mean, sigma;           /* gaussian, observable units; sigma 0 = the detector resolution at mean */
    int column;                   /* column: 1-based column of the data file (counts per bin) */
    double amount;                /* flat / exponential / gaussian / pdf: expected counts over the binned range */
    char file[CEVNS_PATH_MAX];    /* events: an event list; template: rows at the bin centres; pdf: the energy PDF */
    char time_file[CEVNS_PATH_MAX]; /* pdf: the arrival-time PDF */
    double scale;                 /* events / template: multiplies the counts (default 1) */
    int flat_in_time;             /* events: keep each energy bin's count, spread steadily over the time bins */
    char shift_of[32];            /* a shape systematic of that component: its counts here minus that one's */
    double sigma_norm;            /* prior width of the normalisation (fraction); ignored when free (0 = not given) */
    int free;                     /* 1: free normalisation (no penalty) */
} cevns_background_component;

typedef struct {
    cevns_data_kind kind;               /* "observed": "asimov" | "binned" | "on_off" */
    char file[CEVNS_PATH_MAX];          /* binned / on_off: one row per bin, in bin order */
    int col_observed, col_error;        /* binned: 1-based columns (error 0 = none) */
    int col_on, col_on_error, col_off, col_off_error; /* on_off: observed = on - off, error^2 = on_err^2 + off_err^2 */
    double scale;                       /* multiplies observed counts, errors and file backgrounds (default 1) */
    int sigma_stat;                     /* add sqrt(R_obs) in quadrature to the bin error (default: 1 for asimov) */
    double sigma_frac;                  /* add (sigma_frac * R_obs) in quadrature (seed 002: 0.1 realistic, 0.01 optimistic) */
    struct {
        cevns_background_type type;
        double per_bin;                 /* flat: counts per bin */
        double per_unit_kg_day;         /* flat: counts per observable unit per kg per day (x width x exposure) */
        int column;                     /* column: 1-based column of the data file */
    } background;
    cevns_background_component backgrounds[CEVNS_MAX_BACKGROUNDS]; /* "backgrounds", added to "background" */
    int n_backgrounds;
    cevns_pull_config pulls[CEVNS_MAX_PULLS]; /* n_pulls + n_backgrounds <= CEVNS_MAX_PULLS pull terms */
    int n_pulls;
} cevns_data_config;

/* ---------------------------------------------------------------- scan */
#define CEVNS_MAX_AXES 4
#define CEVNS_MAX_AXIS_VALUES 1024
#define CEVNS_MAX_CL 8


typedef enum { CEVNS_SPACING_LINEAR = 0, CEVNS_SPACING_LOG, CEVNS_SPACING_LIST } cevns_spacing;

typedef struct {
    char name[32];
    cevns_axis_kind kind;
    int eps_index;             /* a*3+b for NSI axes */
    cevns_spacing spacing;
    double lo, hi;             /* linear/log */
    int n;                     /* number of values (also for lists) */
    double values[CEVNS_MAX_AXIS_VALUES]; /* filled for every spacing, increasing */
    int profile;               /* 1: minimise over this axis (projection onto the others) */
} cevns_axis_config;

/* scan.feldman_cousins: the Feldman-Cousins construction over the map (docs/scan.md). */
#define CEVNS_FC_MAX_TOYS 1000000
/* 2^52 - 1: the largest integers that config.json keeps exactly (cJSON writes 15 significant
 * digits whenever they read back to within 2^-52 relative; below 2^52 that is exact) */
#define CEVNS_FC_MAX_SEED 4503599627370495.0
typedef struct {
    int enabled;               /* 1 when the section is present (or `cevns scan --fc`) */
    int toys;                  /* toy experiments per map point (default 1000) */
    double seed;               /* the key of the toys' random streams: an integer in [0, 2^52 - 1] (default 1) */
} cevns_fc_config;

typedef struct {
    cevns_axis_config axes[CEVNS_MAX_AXES];
    int n_axes;                /* 0 = no scan section */
    cevns_statistic statistic;
    double cl[CEVNS_MAX_CL];   /* confidence levels, default {0.9} */
    int n_cl;
    int dof;                   /* degrees of freedom of the CL thresholds (0 = number of shown axes) */
    char engine[16];           /* "auto" (default) or "cpu" */
    int threads;               /* 0 = all cores */
    int separable;             /* 1 (default): use the separable fast path where it applies */
    cevns_fc_config fc;        /* feldman_cousins */
} cevns_scan_config;

#define CEVNS_MAX_REFERENCE 4

/* A published limit drawn on the figures, in the unit of the first shown scan axis. */
typedef struct {
    char label[64];            /* legend text, 1..63 characters */
    double value;              /* > 0 */
} cevns_reference_limit;

typedef struct {
    char dir[CEVNS_PATH_MAX];  /* run folder (default "runs/<name>") */
    int figures;               /* draw PNG and PDF figures (default 1) */
    int overwrite;             /* replace an existing run folder (default 0) */
    int n_reference;           /* "reference_limits" (default none) */
    cevns_reference_limit reference[CEVNS_MAX_REFERENCE];
} cevns_output_config;

typedef struct {
    char material[64];
    struct {
        char element[4];
        int a;
        double fraction;
    } enrich[CEVNS_MAX_ENRICH];
    int n_enrich;
} cevns_target_config;

/* ---------------------------------------------------------------- joint fits */
#define CEVNS_MAX_EXPERIMENTS 4

/* One experiment of a joint fit ("experiments"[i]): an inline block or the experiment
 * section of another config file (docs/scan.md, "Joint fits"). */
typedef struct {
    char name[128];                /* unique among the experiments */
    char path[CEVNS_PATH_MAX];     /* the file its block is in (messages) */
    char base_dir[CEVNS_PATH_MAX]; /* its relative data paths resolve against this */
    cevns_source_config source;
    cevns_target_config target;
    cevns_detector_config detector;
    cevns_data_config data;
} cevns_joint_member;

typedef struct {
    char path[CEVNS_PATH_MAX]; /* the config file (for messages) */
    char base_dir[CEVNS_PATH_MAX]; /* relative data paths resolve against the project root or this */
    cevns_source_config source;
    cevns_target_config target;
    cevns_detector_config detector;
    cevns_model_config model;
    cevns_quadrature_config quadrature;
    cevns_data_config data;   /* experiment.data */
    cevns_scan_config scan;   /* scan */
    cevns_output_config output;
    char data_dir[CEVNS_PATH_MAX]; /* where data/ lives (chosen as cevns_config_find_data_dir says) */
    /* How data_dir was chosen, for messages (not part of the JSON): data_dir_origin names who gave it
     * ("the config", the caller's cevns_config_options.data_dir_origin) or is "" when it was
     * looked for; data_dir_tried lists the places looked in and how to name one when none held the
     * built-in tables ("" when one did). */
    char data_dir_origin[128];
    char data_dir_tried[2048];
    char name[128];                /* experiment name for output */
    /* A joint fit ("experiments", n_experiments >= 1): the experiments; source, target,
     * detector and data above hold the first one.  0: one experiment ("experiment"). */
    int n_experiments;
    cevns_joint_member experiments[CEVNS_MAX_EXPERIMENTS];
} cevns_config;

/* What the caller decides for the reader (the library reads no environment).  Zero fields
 * mean "none"; cevns_config_find_data_dir says how they are used. */
typedef struct {
    const char *data_dir;        /* data_dir when the config names none, taken as is (NULL or "": look for one) */
    const char *data_dir_origin; /* how messages name data_dir's source, e.g. "$CEVNS_DATA_DIR" (NULL: "the
                                    caller's data_dir") */
    const char *const *data_dir_fallbacks; /* NULL-terminated: data directories tried in order after
                                              <config dir>/../data, e.g. the build tree's and the install
                                              prefix's (NULL: none) */
} cevns_config_options;

/* The file whose presence marks a folder as holding the built-in tables (masses,
 * abundances, fluxes). */
#define CEVNS_DATA_MARKER "nuclear/ame2020_natural.txt"

/* Choose cfg->data_dir (and data_dir_origin, data_dir_tried) for a config in folder
 * config_dir (NULL: no config file), as the reader does before it reads the config's own
 * data_dir (which wins):
 *   1. opt->data_dir when given, taken as is (a wrong one is reported, not skipped);
 *   2. the first of <config_dir>/../data and opt->data_dir_fallbacks that holds the
 *      built-in tables (CEVNS_DATA_MARKER);
 *   3. none does: <config_dir>/../data if that folder exists, else ./data, with the
 *      places looked in kept for cevns_config_check_data_dir's message.
 * opt may be NULL. */
CEVNS_API void cevns_config_find_data_dir(const cevns_config_options *opt, const char *config_dir, cevns_config *cfg);
/* CEVNS_OK when cfg->data_dir holds the built-in tables; else CEVNS_EDATA with a message
 * naming the config, data_dir and who gave it, or every place looked in. */
CEVNS_API cevns_status cevns_config_check_data_dir(const cevns_config *cfg, cevns_error *err);

/* The config of experiment i of a joint fit alone (the shared model, quadrature, scan and
 * output with that experiment's source, target, detector, data, name, path and base_dir;
 * n_experiments 0).  out may be large: allocate it. */
CEVNS_API void cevns_config_member(const cevns_config *cfg, int i, cevns_config *out);

/* Fill every field with its documented default (data_dir "./data"). */
CEVNS_API void cevns_config_defaults(cevns_config *cfg);
/* Read and check a config file.  On error, err names the file and the key.
 * The same as cevns_config_load_with(path, NULL, cfg, err). */
CEVNS_API cevns_status cevns_config_load(const char *path, cevns_config *cfg, cevns_error *err);
CEVNS_API cevns_status cevns_config_load_with(const char *path, const cevns_config_options *opt, cevns_config *cfg,
                                    cevns_error *err);
/* Same, from a string (path names the config's directory and is used in messages;
 * it may be NULL). */
CEVNS_API cevns_status cevns_config_parse(const char *text, const char *path, cevns_config *cfg, cevns_error *err);
CEVNS_API cevns_status cevns_config_parse_with(const char *text, const char *path, const cevns_config_options *opt,
                                     cevns_config *cfg, cevns_error *err);
/* Read json, a JSON object of keys of the "model" section (docs/config.md, "model"), over
 * cfg->model: the keys given replace the config's values (an object such as "nsi" or
 * "form_factor" is read key by key over the config's), the others stay.  The reader's checks
 * and messages, naming `where` as the file ("<where>: model.mu_nu: must be >= 0, got -1");
 * on error cfg is unchanged. */
CEVNS_API cevns_status cevns_config_apply_model(cevns_config *cfg, const char *json, const char *where,
                                                cevns_error *err);
/* An NSI key "<a><b>_<q>" (e.g. "ee_u", "emu_d"): flavours a, b (cevns_flavour) and quark 'u' or 'd';
 * 0 when it is not one. */
CEVNS_API int cevns_nsi_key(const char *key, int *a, int *b, char *quark);
/* Write the resolved config (defaults filled in) as JSON. */
CEVNS_API cevns_status cevns_config_write_json(const cevns_config *cfg, FILE *out, cevns_error *err);
/* docs/config.md from its template (docs/config.md.in): each line
 * "<!-- config-table PATH -->" of template_text becomes the table of the keys of the
 * config section PATH ("." for the top level, "experiment.source", "scan.axes", ...):
 * key, type, unit, default, allowed values, meaning, and for a section with a
 * "type" the types that have the key; "<!-- config-axis-names -->" becomes the table
 * of the scan axis names.  The rest is copied.  Fails (nothing written) when a
 * section of the config has no table in the template. */
CEVNS_API cevns_status cevns_config_doc_markdown(const char *template_text, FILE *out, cevns_error *err);
/* Resolve a data path from the config: absolute as is; otherwise the first that exists of
 * <config dir>/rel, <data_dir>/rel and <data_dir>/../rel (the project root, for paths
 * written as "data/..."); when none does, <config dir>/rel (so the error names it). */
CEVNS_API void cevns_config_resolve_path(const cevns_config *cfg, const char *rel, char *out, size_t out_size);

#endif
