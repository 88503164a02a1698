/* config_names.c - the vocabulary of the config: names of enumerated values,
 * indexed by the enum values of config.h (checked below), shared by the reader
 * and the writer so both spell every value the same way. */
#include "config/config_internal.h"

_Static_assert(CEVNS_SOURCE_SNS == 0 && CEVNS_SOURCE_TABLE == 4, "cfg_source_type_names follows cevns_source_type");
_Static_assert(CEVNS_OBS_PE == 2, "cfg_observable_names follows cevns_observable");
_Static_assert(CEVNS_QUENCH_NONE == 0 && CEVNS_QUENCH_TABLE == 4, "cfg_quenching_names follows cevns_quench_type");
_Static_assert(CEVNS_EFF_TABLE == 2 && CEVNS_RES_GAUSSIAN == 1, "efficiency/resolution names follow their enums");
_Static_assert(CEVNS_FF_NONE == 0 && CEVNS_FF_SYMM_FERMI == 3, "cfg_form_factor_names follows cevns_ff_type");
_Static_assert(CEVNS_HELM_R0_1P2 == 1, "cfg_helm_convention_names follows cevns_helm_convention");
_Static_assert(CEVNS_KIN_LEADING == 0 && CEVNS_KIN_FULL == 1, "cfg_kinematics_names follows CEVNS_KIN_*");
_Static_assert(CEVNS_DATA_ASIMOV == 0 && CEVNS_DATA_ON_OFF == 2 && CEVNS_DATA_EVENTS == 3 && CEVNS_DATA_TEMPLATE == 4,
               "cfg_data_kind_names follows cevns_data_kind");
_Static_assert(CEVNS_BKG_NONE == 0 && CEVNS_BKG_COLUMN == 2, "cfg_background_type_names follows cevns_background_type");
_Static_assert(CEVNS_SHAPE_FLAT == 0 && CEVNS_SHAPE_EXPONENTIAL == 1 && CEVNS_SHAPE_GAUSSIAN == 2 &&
                   CEVNS_SHAPE_COLUMN == 3 && CEVNS_SHAPE_EVENTS == 4 && CEVNS_SHAPE_PDF == 5 &&
                   CEVNS_SHAPE_TEMPLATE == 6,
               "cfg_background_shape_names follows cevns_background_shape");
_Static_assert(CEVNS_PULL_SIGNAL == 0 && CEVNS_PULL_BACKGROUND == 1, "cfg_pull_target_names follows cevns_pull_target");
_Static_assert(CEVNS_AXIS_MU_NU == 0 && CEVNS_AXIS_M4 == 4 && CEVNS_AXIS_EXPOSURE == 8 && CEVNS_AXIS_EPS_U == 9 &&
                   CEVNS_AXIS_EPS_D == 10,
               "cfg_axis_names follows cevns_axis_kind");
_Static_assert(CEVNS_MEDIATOR_NONE == 0 && CEVNS_MEDIATOR_CUSTOM == 4, "cfg_mediator_names follows cevns_mediator_preset");
_Static_assert(CEVNS_AXIS_ZP_G == 11 && CEVNS_AXIS_QNU == 16, "cfg_axis_names follows cevns_axis_kind");
_Static_assert(CEVNS_SPACING_LINEAR == 0 && CEVNS_SPACING_LOG == 1, "cfg_spacing_names follows cevns_spacing");
_Static_assert(CEVNS_STAT_CHI2 == 0 && CEVNS_STAT_POISSON == 1, "cfg_statistic_names follows cevns_statistic");
_Static_assert(CEVNS_FLAVOUR_E == 0 && CEVNS_FLAVOUR_MU == 1 && CEVNS_FLAVOUR_TAU == 2,
               "cfg_flavour_names follows CEVNS_FLAVOUR_*");

const char *const cfg_source_type_names[] = {"sns", "fluka", "solar", "reactor", "table", NULL};
const char *const cfg_beam_component_names[] = {"prompt_numu", "delayed_nue", "delayed_numubar", NULL};
const char *const cfg_solar_component_names[] = {"B8", "hep", NULL};
const char *const cfg_solar_model_names[] = {"BS05-OP", NULL};
const char *const cfg_fission_isotope_names[] = {"U235", "U238", "Pu239", "Pu241", NULL};
const char *const cfg_flavour_names[] = {"e", "mu", "tau", NULL};
const char *const cfg_observable_names[] = {"keVnr", "keVee", "PE", NULL};
const char *const cfg_quenching_names[] = {"none", "lindhard", "linear", "polynomial", "table", NULL};
const char *const cfg_efficiency_names[] = {"none", "sigmoid", "table", NULL};
const char *const cfg_resolution_names[] = {"none", "gaussian", NULL};
const char *const cfg_time_efficiency_names[] = {"none", "exponential", NULL};
const char *const cfg_pulse_names[] = {"gaussian", "table", NULL};
const char *const cfg_form_factor_names[] = {"none", "helm", "klein-nystrand", "symmetrized-fermi", NULL};
const char *const cfg_helm_convention_names[] = {"lewin-smith", "r0-1.2", NULL};
const char *const cfg_kinematics_names[] = {"leading", "full", NULL};
const char *const cfg_interaction_names[] = {"sm", "magnetic", "sterile", NULL};
const char *const cfg_mediator_names[] = {"none", "universal", "b_minus_l", "lmu_ltau", "custom", NULL};
const char *const cfg_data_kind_names[] = {"asimov", "binned", "on_off", "events", "template", NULL};
const char *const cfg_background_type_names[] = {"none", "flat", "column", NULL};
const char *const cfg_background_shape_names[] = {"flat",   "exponential", "gaussian", "column",
                                                  "events", "pdf",         "template", NULL};
const char *const cfg_pull_target_names[] = {"signal", "background", NULL};
/* Indexed by kind; a name with <ab> is a pattern (config_scan.c parses those). */
const char *const cfg_axis_names[] = {"mu_nu",           "mu_nu_e",        "mu_nu_mu",           "mu_nu_tau",
                                      "m4_MeV",          "sin2_theta_w",   "rn_fm",              "normalisation",
                                      "exposure_scale",  "eps_<ab>_u",     "eps_<ab>_d",         "zprime_g",
                                      "zprime_mass_MeV", "scalar_g",       "scalar_mass_MeV",    "charge_radius_<ab>",
                                      "millicharge_<ab>", NULL};
const char *const cfg_spacing_names[] = {"linear", "log", NULL};
const char *const cfg_statistic_names[] = {"chi2", "poisson", NULL};
const char *const cfg_engine_names[] = {"auto", "cpu", NULL};
