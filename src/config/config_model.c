/* config_model.c - the "model" section (form factor, kinematics, interactions,
 * new-physics parameters) and the "quadrature" section. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

static const char *const model_keys[] = {"form_factor", "kinematics", "sin2_theta_w", "interactions", "mu_nu",
                                         "m4_MeV",      "nsi",        "normalisation", NULL};
static const char *const form_factor_keys[] = {"type", "helm_convention", "skin_fm", "neutron_radius_fm", NULL};
static const char *const quadrature_keys[] = {"gl_order", "panels", "reference_rel_tol", NULL};

static cevns_status read_form_factor(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                     cevns_model_config *model) {
    const cJSON *ff;
    char sub[CFG_PATH_MAX];
    int type = (int)model->form_factor.type, convention = (int)model->form_factor.helm_convention;
    CFG_TRY(cfg_object(ctx, obj, path, "form_factor", &ff));
    if (!ff) return CEVNS_OK;
    cfg_join_path(sub, sizeof sub, path, "form_factor");
    CFG_TRY(cfg_check_keys(ctx, ff, sub, form_factor_keys, NULL));
    CFG_TRY(cfg_enum(ctx, ff, sub, "type", cfg_form_factor_names, &type));
    CFG_TRY(cfg_enum(ctx, ff, sub, "helm_convention", cfg_helm_convention_names, &convention));
    model->form_factor.type = (cevns_ff_type)type;
    model->form_factor.helm_convention = (cevns_helm_convention)convention;
    CFG_TRY(cfg_number(ctx, ff, sub, "skin_fm", CFG_POSITIVE, &model->form_factor.skin_fm));
    return cfg_number(ctx, ff, sub, "neutron_radius_fm", CFG_NONNEGATIVE, &model->form_factor.neutron_radius_fm);
}

static cevns_status read_interactions(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                      cevns_model_config *model) {
    unsigned mask = (model->use_sm ? CFG_INTERACTION_SM : 0u) | (model->use_magnetic ? CFG_INTERACTION_MAGNETIC : 0u) |
                    (model->use_sterile ? CFG_INTERACTION_STERILE : 0u);
    CFG_TRY(cfg_name_set(ctx, obj, path, "interactions", cfg_interaction_names, &mask));
    model->use_sm = (mask & CFG_INTERACTION_SM) != 0;
    model->use_magnetic = (mask & CFG_INTERACTION_MAGNETIC) != 0;
    model->use_sterile = (mask & CFG_INTERACTION_STERILE) != 0;
    return CEVNS_OK;
}

/* mu_nu: one number for all flavours, or {"e", "mu", "tau"} (absent ones 0). */
static cevns_status read_mu_nu(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_model_config *model) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, "mu_nu");
    char sub[CFG_PATH_MAX];
    if (!item) return CEVNS_OK;
    if (!cJSON_IsObject(item)) {
        double mu = 0.0;
        CFG_TRY(cfg_number(ctx, obj, path, "mu_nu", CFG_NONNEGATIVE, &mu));
        for (int f = 0; f < 3; f++) model->mu_nu[f] = mu;
        return CEVNS_OK;
    }
    cfg_join_path(sub, sizeof sub, path, "mu_nu");
    CFG_TRY(cfg_check_keys(ctx, item, sub, cfg_flavour_names, NULL));
    for (int f = 0; f < 3; f++) {
        model->mu_nu[f] = 0.0;
        CFG_TRY(cfg_number(ctx, item, sub, cfg_flavour_names[f], CFG_NONNEGATIVE, &model->mu_nu[f]));
    }
    return CEVNS_OK;
}

/* Flavour index of the name at the start of s, its length in *len; -1 when none. */
static int leading_flavour(const char *s, size_t *len) {
    for (int f = 0; cfg_flavour_names[f]; f++) {
        *len = strlen(cfg_flavour_names[f]);
        if (strncmp(s, cfg_flavour_names[f], *len) == 0) return f;
    }
    return -1;
}

/* No flavour name is a prefix of another, so the split is unique. */
int cfg_parse_nsi_key(const char *key, int *a, int *b, char *quark) {
    size_t la, lb;
    *a = leading_flavour(key, &la);
    if (*a < 0) return 0;
    *b = leading_flavour(key + la, &lb);
    if (*b < 0) return 0;
    key += la + lb;
    if (key[0] != '_' || (key[1] != 'u' && key[1] != 'd') || key[2] != '\0') return 0;
    *quark = key[1];
    return 1;
}

/* nsi: {"<a><b>_<q>": eps}; each sets eps_q[a][b] and eps_q[b][a]. */
static cevns_status read_nsi(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_model_config *model) {
    const cJSON *nsi;
    const char *first_key[2][9] = {{NULL}};
    char sub[CFG_PATH_MAX];
    CFG_TRY(cfg_object(ctx, obj, path, "nsi", &nsi));
    if (!nsi) return CEVNS_OK;
    cfg_join_path(sub, sizeof sub, path, "nsi");
    for (const cJSON *item = nsi->child; item; item = item->next) {
        int a, b, lo, hi;
        char quark;
        double eps = 0.0;
        double *matrix;
        const char **seen;
        if (!cfg_parse_nsi_key(item->string, &a, &b, &quark))
            return cfg_fail(ctx, sub, item->string,
                            "unknown key (allowed: <a><b>_u or <a><b>_d with a, b in e, mu, tau, e.g. ee_u, emu_d)");
        lo = a < b ? a : b;
        hi = a < b ? b : a;
        seen = &first_key[quark == 'd'][lo * 3 + hi];
        if (*seen) return cfg_fail(ctx, sub, item->string, "same entry as %s (eps is symmetric)", *seen);
        *seen = item->string;
        CFG_TRY(cfg_number(ctx, nsi, sub, item->string, CFG_ANY, &eps));
        matrix = quark == 'u' ? model->eps_u : model->eps_d;
        matrix[a * 3 + b] = matrix[b * 3 + a] = eps;
    }
    return CEVNS_OK;
}

cevns_status cfg_read_model(const cfg_ctx *ctx, const cJSON *obj, const char *path, cevns_model_config *model) {
    CFG_TRY(cfg_check_keys(ctx, obj, path, model_keys, NULL));
    CFG_TRY(read_form_factor(ctx, obj, path, model));
    CFG_TRY(cfg_enum(ctx, obj, path, "kinematics", cfg_kinematics_names, &model->kinematics));
    CFG_TRY(cfg_number(ctx, obj, path, "sin2_theta_w", (cfg_range){0.0, 1.0, 1, 1}, &model->sin2_theta_w));
    CFG_TRY(read_interactions(ctx, obj, path, model));
    CFG_TRY(read_mu_nu(ctx, obj, path, model));
    CFG_TRY(cfg_number(ctx, obj, path, "m4_MeV", CFG_NONNEGATIVE, &model->m4_MeV));
    CFG_TRY(read_nsi(ctx, obj, path, model));
    return cfg_number(ctx, obj, path, "normalisation", CFG_POSITIVE, &model->normalisation);
}

cevns_status cfg_read_quadrature(const cfg_ctx *ctx, const cJSON *obj, const char *path,
                                 cevns_quadrature_config *quad) {
    CFG_TRY(cfg_check_keys(ctx, obj, path, quadrature_keys, NULL));
    CFG_TRY(cfg_int(ctx, obj, path, "gl_order", 2, 64, &quad->gl_order));
    CFG_TRY(cfg_int(ctx, obj, path, "panels", 1, 1024, &quad->panels));
    return cfg_number(ctx, obj, path, "reference_rel_tol", (cfg_range){0.0, 1e-3, 1, 0}, &quad->ref_rel_tol);
}
