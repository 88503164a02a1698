/* config_model.c - the tables of "model" (form factor, kinematics, interactions,
 * new-physics parameters) and "quadrature".  Two custom rows: mu_nu (one number
 * for all flavours, or {"e", "mu", "tau"}) and nsi ({"<a><b>_<q>": eps}, each
 * entry setting eps_ab and eps_ba). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config_schema.h"

#define F(field) offsetof(cevns_model_config, field)

/* ---------------------------------------------------------------- mu_nu */
static const cfg_row flavour_rows[] = {
    {"e", CFG_NUMBER, F(mu_nu[CEVNS_FLAVOUR_E]), .range = CFG_NONNEGATIVE, .unit = "μ_B", .doc = "ν_e"},
    {"mu", CFG_NUMBER, F(mu_nu[CEVNS_FLAVOUR_MU]), .range = CFG_NONNEGATIVE, .unit = "μ_B", .doc = "ν_μ"},
    {"tau", CFG_NUMBER, F(mu_nu[CEVNS_FLAVOUR_TAU]), .range = CFG_NONNEGATIVE, .unit = "μ_B", .doc = "ν_τ"},
};
static const cfg_schema flavour_schema = {CFG_ROWS(flavour_rows), .selector = CFG_NO_SELECTOR};

/* A number (in row->range) for all flavours, or the object of flavour_rows (absent ones 0). */
static cevns_status read_mu_nu(const cfg_frame *f, const cfg_row *row) {
    cevns_model_config *model = f->base;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(f->obj, row->key);
    cfg_frame sub;
    int found;
    double mu = 0.0;
    if (!item) return CEVNS_OK;
    if (!cJSON_IsObject(item)) {
        CFG_TRY(cfg_check_number(f->ctx, item, f->path, row->key, row->range, &mu));
        for (int i = 0; i < CEVNS_N_FLAVOURS; i++) model->mu_nu[i] = mu;
        return CEVNS_OK;
    }
    CFG_TRY(cfg_sub_frame(f, row, &sub, &found));
    for (int i = 0; i < CEVNS_N_FLAVOURS; i++) model->mu_nu[i] = 0.0;
    return cfg_read_object(&sub, row->schema);
}

/* One number when all flavours agree, else the object. */
static void write_mu_nu(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_model_config *model = base;
    if (model->mu_nu[0] == model->mu_nu[1] && model->mu_nu[1] == model->mu_nu[2])
        cfg_put_number(obj, row->key, model->mu_nu[0], ok);
    else
        cfg_write_object(cfg_put_object(obj, row->key, ok), row->schema, base, ok);
}

/* ---------------------------------------------------------------- nsi */
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

/* {"<a><b>_<q>": eps in row->range}; each sets eps_q[a][b] and eps_q[b][a]. */
static cevns_status read_nsi(const cfg_frame *f, const cfg_row *row) {
    cevns_model_config *model = f->base;
    const char *first_key[2][9] = {{NULL}};
    cfg_frame sub;
    int found;
    CFG_TRY(cfg_sub_frame(f, row, &sub, &found));
    if (!found) return CEVNS_OK;
    for (const cJSON *item = sub.obj->child; item; item = item->next) {
        int a, b, lo, hi;
        char quark;
        double eps = 0.0;
        double *matrix;
        const char **seen;
        if (!cfg_parse_nsi_key(item->string, &a, &b, &quark))
            return cfg_fail(f->ctx, sub.path, item->string,
                            "unknown key (allowed: <a><b>_u or <a><b>_d with a, b in e, mu, tau, e.g. ee_u, emu_d)");
        lo = a < b ? a : b;
        hi = a < b ? b : a;
        seen = &first_key[quark == 'd'][lo * 3 + hi];
        if (*seen) return cfg_fail(f->ctx, sub.path, item->string, "same entry as %s (eps is symmetric)", *seen);
        *seen = item->string;
        CFG_TRY(cfg_check_number(f->ctx, item, sub.path, item->string, row->range, &eps));
        matrix = quark == 'u' ? model->eps_u : model->eps_d;
        matrix[a * 3 + b] = matrix[b * 3 + a] = eps;
    }
    return CEVNS_OK;
}

/* Every entry a <= b of both matrices, e.g. "emu_u". */
static void write_nsi(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const cevns_model_config *model = base;
    cJSON *nsi = cfg_put_object(obj, row->key, ok);
    for (int q = 0; q < 2; q++)
        for (int a = 0; a < 3; a++)
            for (int b = a; b < 3; b++) {
                char key[16];
                const double *matrix = q == 0 ? model->eps_u : model->eps_d;
                snprintf(key, sizeof key, "%s%s_%c", cfg_flavour_names[a], cfg_flavour_names[b], q == 0 ? 'u' : 'd');
                cfg_put_number(nsi, key, matrix[a * 3 + b], ok);
            }
}

/* ---------------------------------------------------------------- model */
static const cfg_row form_factor_rows[] = {
    {"type", CFG_ENUM, F(form_factor.type), .names = cfg_form_factor_names, .def = CEVNS_FF_HELM,
     .doc = "nuclear form factor family"},
    {"helm_convention", CFG_ENUM, F(form_factor.helm_convention), .names = cfg_helm_convention_names,
     .def = CEVNS_HELM_LEWIN_SMITH, .doc = "the Helm radius convention"},
    {"skin_fm", CFG_NUMBER, F(form_factor.skin_fm), .range = CFG_POSITIVE, .def = 0.9, .unit = "fm",
     .doc = "Helm skin thickness s"},
    {"neutron_radius_fm", CFG_NUMBER, F(form_factor.neutron_radius_fm), .range = CFG_NONNEGATIVE, .unit = "fm",
     .def_doc = "0 (= same as the protons)",
     .doc = "> 0 gives the neutrons their own form factor with this rms radius"},
};
static const cfg_schema form_factor_schema = {CFG_ROWS(form_factor_rows), .selector = CFG_NO_SELECTOR};

static const size_t interaction_flags[] = {F(use_sm), F(use_magnetic), F(use_sterile)};

static const cfg_row model_rows[] = {
    {"form_factor", CFG_OBJECT, 0, .schema = &form_factor_schema, .doc = "below"},
    {"kinematics", CFG_ENUM, F(kinematics), .names = cfg_kinematics_names, .def = CEVNS_KIN_FULL,
     .doc = "`\"leading\"`: K = 1 − mT/(2E²); `\"full\"`: K = 1 − T/E − mT/(2E²) + T²/(2E²)"},
    {"sin2_theta_w", CFG_NUMBER, F(sin2_theta_w), .range = CFG_UNIT_OPEN, .def = 0.23857, .doc = "weak mixing angle"},
    {"interactions", CFG_NAME_SET, 0, .names = cfg_interaction_names, .name_flags = interaction_flags,
     .def = 1u << CEVNS_INTERACTION_SM, .doc = "the interactions in the rate"},
    {"mu_nu", CFG_CUSTOM, 0, .range = CFG_NONNEGATIVE, .schema = &flavour_schema, .read = read_mu_nu,
     .write = write_mu_nu, .unit = "μ_B", .type_doc = "number, or object `{\"e\", \"mu\", \"tau\"}`", .def_doc = "0",
     .allowed_doc = "≥ 0; a number applies to all flavours, absent flavours of the object are 0",
     .doc = "effective neutrino magnetic moment"},
    {"m4_MeV", CFG_NUMBER, F(m4_MeV), .range = CFG_NONNEGATIVE, .unit = "MeV",
     .doc = "sterile-neutrino mass of the dipole portal"},
    {"nsi", CFG_CUSTOM, 0, .range = CFG_ANY, .read = read_nsi, .write = write_nsi, .type_doc = "object",
     .def_doc = "all 0",
     .allowed_doc = "keys `<a><b>_u` or `<a><b>_d` with a, b from `e`, `mu`, `tau` (`\"ee_u\"`, `\"emu_d\"`, "
                    "`\"mutau_u\"`, ...); values: finite numbers; `\"emu_u\"` and `\"mue_u\"` together are an error",
     .doc = "vector NSI ε^q_ab; each key sets ε_ab and ε_ba"},
    {"normalisation", CFG_NUMBER, F(normalisation), .range = CFG_POSITIVE, .def = 1.0, .doc = "overall signal scale"},
};

const cfg_schema cfg_model_schema = {CFG_ROWS(model_rows), .selector = CFG_NO_SELECTOR};

/* ---------------------------------------------------------------- quadrature */
#define Q(field) offsetof(cevns_quadrature_config, field)
static const cfg_row quadrature_rows[] = {
    {"gl_order", CFG_INT, Q(gl_order), .min = 2, .max = 64, .def = 12, .doc = "Gauss–Legendre nodes per panel"},
    {"panels", CFG_INT, Q(panels), .min = 1, .max = 1024, .def = 4, .doc = "minimum panels per recoil interval"},
    {"reference_rel_tol", CFG_NUMBER, Q(ref_rel_tol), .range = {0.0, 1e-3, 1, 0}, .def = 1e-10,
     .doc = "relative tolerance of the adaptive reference"},
};

const cfg_schema cfg_quadrature_schema = {CFG_ROWS(quadrature_rows), .selector = CFG_NO_SELECTOR};
