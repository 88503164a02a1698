/* enums.h - the enumerations shared by the public API and the kernels, each defined once.
 *
 * This header is compiled as C11, as CUDA C++ and as OpenCL C (it is embedded in the
 * OpenCL program ahead of kernels/common), so it holds plain enums and macros only and
 * includes nothing.  The config reader's names for these values (config_names.c) are
 * indexed by them. */
#ifndef CEVNS_ENUMS_H
#define CEVNS_ENUMS_H

/* Neutrino flavours: incoming flavour of a flux component, index of mu_nu[] and of the
 * NSI matrices eps[a * 3 + b]. */
typedef enum { CEVNS_FLAVOUR_E = 0, CEVNS_FLAVOUR_MU = 1, CEVNS_FLAVOUR_TAU = 2 } cevns_flavour;
#define CEVNS_N_FLAVOURS 3

/* Interactions: the cells of a rate are [bin][flux][interaction]. */
typedef enum {
    CEVNS_INTERACTION_SM = 0,       /* Standard Model with vector NSI */
    CEVNS_INTERACTION_MAGNETIC = 1, /* active neutrino magnetic moment */
    CEVNS_INTERACTION_STERILE = 2,  /* sterile dipole portal nu N -> nu_4 N */
    CEVNS_INTERACTION_SCALAR = 3,   /* light scalar mediator (no interference) */
    CEVNS_INTERACTION_AXIAL = 4     /* axial-vector (spin-dependent) term */
} cevns_interaction;
#define CEVNS_N_INTERACTIONS 5

/* Kinematic form of the SM cross section (kernels/common/xsec.h). */
typedef enum { CEVNS_KIN_LEADING = 0, CEVNS_KIN_FULL = 1 } cevns_kinematics;

/* Detector observable, quenching, efficiency and resolution (kernels/common/detector.h). */
typedef enum { CEVNS_OBS_KEVNR = 0, CEVNS_OBS_KEVEE = 1, CEVNS_OBS_PE = 2 } cevns_observable;
typedef enum {
    CEVNS_QUENCH_NONE = 0,
    CEVNS_QUENCH_LINDHARD = 1,
    CEVNS_QUENCH_LINEAR = 2,
    CEVNS_QUENCH_POLYNOMIAL = 3,
    CEVNS_QUENCH_TABLE = 4
} cevns_quench_type;
typedef enum { CEVNS_EFF_NONE = 0, CEVNS_EFF_SIGMOID = 1, CEVNS_EFF_TABLE = 2 } cevns_eff_type;
typedef enum { CEVNS_RES_NONE = 0, CEVNS_RES_GAUSSIAN = 1 } cevns_res_type;
/* Arrival-time structure of a flux component (src/model/sns_timing.c): none (a steady source),
 * prompt (pi+ -> mu+ nu_mu: pulse + pion decay) or delayed (mu+ decay: pulse + pion + muon decay). */
typedef enum { CEVNS_TIMING_NONE = 0, CEVNS_TIMING_PROMPT = 1, CEVNS_TIMING_DELAYED = 2 } cevns_timing_kind;
/* Proton pulse shape of a pulsed source. */
typedef enum { CEVNS_PULSE_GAUSSIAN = 0, CEVNS_PULSE_TABLE = 1 } cevns_pulse_shape;
/* Arrival-time efficiency: none, or 1 up to an onset and exp(-rate (t - onset)) after it. */
typedef enum { CEVNS_TIME_EFF_NONE = 0, CEVNS_TIME_EFF_EXPONENTIAL = 1 } cevns_time_eff_type;

/* Nuclear form factor families (kernels/common/formfactor.h). */
typedef enum {
    CEVNS_FF_NONE = 0,           /* F = 1 */
    CEVNS_FF_HELM = 1,           /* r = R0, s = surface thickness (seed 002 eq. 4) */
    CEVNS_FF_KLEIN_NYSTRAND = 2, /* r = R_A, s = a_k (Yukawa range) */
    CEVNS_FF_SYMM_FERMI = 3      /* r = c (half-density radius), s = a (diffuseness) */
} cevns_ff_type;

/* Helm radius convention: Lewin & Smith's R0, or R0 = 1.2 A^(1/3) fm (src/plan/isotope_plan.c). */
typedef enum { CEVNS_HELM_LEWIN_SMITH = 0, CEVNS_HELM_R0_1P2 = 1 } cevns_helm_convention;

/* Shapes of background components (config experiment.data.backgrounds; model.h). */
typedef enum {
    CEVNS_SHAPE_FLAT = 0,
    CEVNS_SHAPE_EXPONENTIAL = 1,
    CEVNS_SHAPE_GAUSSIAN = 2,
    CEVNS_SHAPE_COLUMN = 3,  /* a column of the data file */
    CEVNS_SHAPE_EVENTS = 4,  /* an event list binned like the data (e.g. a beam-off window) */
    CEVNS_SHAPE_PDF = 5,     /* the product of an energy and an arrival-time PDF, integrated over the bins */
    CEVNS_SHAPE_TEMPLATE = 6 /* expected counts per bin, rows at the bin centres */
} cevns_background_shape;

/* Scan axes: the parameter an axis sets (kernels/common/grid.h applies them). */
typedef enum {
    CEVNS_AXIS_MU_NU = 0, /* "mu_nu": all flavours, mu_B */
    CEVNS_AXIS_MU_NU_E,   /* "mu_nu_e" */
    CEVNS_AXIS_MU_NU_MU,  /* "mu_nu_mu" */
    CEVNS_AXIS_MU_NU_TAU, /* "mu_nu_tau" */
    CEVNS_AXIS_M4,        /* "m4_MeV" */
    CEVNS_AXIS_SIN2W,     /* "sin2_theta_w" */
    CEVNS_AXIS_RN,        /* "rn_fm": neutron rms radius (fm) */
    CEVNS_AXIS_NORM,      /* "normalisation": signal scale */
    CEVNS_AXIS_EXPOSURE,  /* "exposure_scale": multiplies signal, background and Asimov data */
    CEVNS_AXIS_EPS_U,     /* "eps_<ab>_u", e.g. eps_ee_u, eps_emu_u (symmetric) */
    CEVNS_AXIS_EPS_D,     /* "eps_<ab>_d" */
    CEVNS_AXIS_ZP_G,      /* "zprime_g": coupling of the vector mediator */
    CEVNS_AXIS_ZP_MASS,   /* "zprime_mass_MeV" */
    CEVNS_AXIS_SC_G,      /* "scalar_g": coupling of the scalar mediator */
    CEVNS_AXIS_SC_MASS,   /* "scalar_mass_MeV" */
    CEVNS_AXIS_R2,        /* "charge_radius_<ab>": <r^2>_ab in cm^2 (symmetric) */
    CEVNS_AXIS_QNU        /* "millicharge_<ab>": q_ab in units of e (symmetric) */
} cevns_axis_kind;
#define CEVNS_N_AXIS_KINDS (CEVNS_AXIS_QNU + 1)

/* Presets of the mediators (config model.zprime.preset, model.scalar.preset). */
typedef enum {
    CEVNS_MEDIATOR_NONE = 0,
    CEVNS_MEDIATOR_UNIVERSAL = 1, /* Z': every quark and neutrino charge 1; scalar: g_nu = g, Q_phi = g (15.1 Z + 14 N) */
    CEVNS_MEDIATOR_B_MINUS_L = 2, /* Z' only: quarks 1/3, neutrinos -1 */
    CEVNS_MEDIATOR_LMU_LTAU = 3,  /* Z' only: nu_mu +1, nu_tau -1, protons through kinetic mixing */
    CEVNS_MEDIATOR_CUSTOM = 4     /* the charges given */
} cevns_mediator_preset;

/* Test statistic of a scan (kernels/common/chi2.h). */
typedef enum { CEVNS_STAT_CHI2 = 0, CEVNS_STAT_POISSON = 1 } cevns_statistic;

#endif
