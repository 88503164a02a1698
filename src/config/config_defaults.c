/* config_defaults.c - the documented default of every field (docs/config.md). */
#include <string.h>

#include "config/config_internal.h"

static void source_defaults(cevns_source_config *src) {
    src->type = CEVNS_SOURCE_SNS;
    src->nu_per_proton = 0.0848;
    src->proton_energy_GeV = 1.0;
    src->use_prompt = src->use_delayed_nue = src->use_delayed_numubar = 1;
    src->use_b8 = src->use_hep = 1;
    cfg_copy_string(src->b8_file, sizeof src->b8_file, "solar/b8_bahcall1996.txt");
    cfg_copy_string(src->hep_file, sizeof src->hep_file, "solar/hep_shape.txt");
    src->e_lo_MeV = 2.0;
    src->e_hi_MeV = 8.0;
    src->flavour = CEVNS_FLAVOUR_E;
}

static void detector_defaults(cevns_detector_config *det) {
    det->observable = CEVNS_OBS_KEVNR;
    det->quenching.type = CEVNS_QUENCH_NONE;
    det->efficiency.type = CEVNS_EFF_NONE;
    det->efficiency.x_column = 1;
    det->efficiency.eff_column = 2;
    det->resolution.type = CEVNS_RES_NONE;
    det->resolution.n_sigma = 6.0;
}

static void model_defaults(cevns_model_config *model) {
    model->form_factor.type = CEVNS_FF_HELM;
    model->form_factor.helm_convention = CEVNS_HELM_LEWIN_SMITH;
    model->form_factor.skin_fm = 0.9;
    model->kinematics = CEVNS_KIN_FULL;
    model->sin2_theta_w = 0.23857;
    model->use_sm = 1;
    model->normalisation = 1.0;
}

static void data_defaults(cevns_data_config *data) {
    data->kind = CEVNS_DATA_ASIMOV;
    data->scale = 1.0;
    data->sigma_stat = 1; /* Asimov data; data read from a file default to 0 (config_data.c) */
    data->background.type = CEVNS_BKG_NONE;
}

static void scan_defaults(cevns_scan_config *scan) {
    scan->statistic = CEVNS_STAT_CHI2;
    scan->cl[0] = 0.9;
    scan->n_cl = 1;
    cfg_copy_string(scan->engine, sizeof scan->engine, "auto");
    scan->separable = 1;
}

void cevns_config_defaults(cevns_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg_copy_string(cfg->base_dir, sizeof cfg->base_dir, ".");
    source_defaults(&cfg->source);
    detector_defaults(&cfg->detector);
    model_defaults(&cfg->model);
    cfg->quadrature.gl_order = 12;
    cfg->quadrature.panels = 4;
    cfg->quadrature.ref_rel_tol = 1e-10;
    data_defaults(&cfg->data);
    scan_defaults(&cfg->scan);
    cfg->output.figures = 1;
    cfg_default_data_dir(NULL, cfg->data_dir, sizeof cfg->data_dir);
    cfg_copy_string(cfg->name, sizeof cfg->name, "cevns");
}
