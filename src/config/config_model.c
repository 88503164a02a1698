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

/* No flavour name is a prefix of another, so the split is unique.  Returns what follows
 * the pair, NULL when key does not start with one. */
const char *cfg_parse_flavour_pair(const char *key, int *a, int *b) {
    size_t la, lb;
    *a = leading_flavour(key, &la);
    if (*a < 0) return NULL;
    *b = leading_flavour(key + la, &lb);
    if (*b < 0) return NULL;
    return key + la + lb;
}

int cfg_parse_nsi_key(const char *key, int *a, int *b, char *quark) {
    const char *rest = cfg_parse_flavour_pair(key, a, b);
    if (!rest || rest[0] != '_' || (rest[1] != 'u' && rest[1] != 'd') || rest[2] != '\0') return 0;
    *quark = rest[1];
    return 1;
}

int cevns_nsi_key(const char *key, int *a, int *b, char *quark) { return cfg_parse_nsi_key(key, a, b, quark); }

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

/* ---------------------------------------------------------------- flavour matrices */
/* {"<a><b>": value in row->range} into the double[9] at row->offset; each key sets the
 * entries ab and ba (charge radii, millicharges). */
static cevns_status read_flavour_matrix(const cfg_frame *f, const cfg_row *row) {
    void *field = (char *)f->base + row->offset; /* a double[9] (through void *: no alignment cast) */
    double *matrix = field;
    const char *first_key[9] = {NULL};
    cfg_frame sub;
    int found;
    CFG_TRY(cfg_sub_frame(f, row, &sub, &found));
    if (!found) return CEVNS_OK;
    for (const cJSON *item = sub.obj->child; item; item = item->next) {
        int a, b;
        double v = 0.0;
        const char *rest = cfg_parse_flavour_pair(item->string, &a, &b);
        const char **seen;
        if (!rest || *rest)
            return cfg_fail(f->ctx, sub.path, item->string,
                            "unknown key (allowed: <a><b> with a, b in e, mu, tau, e.g. ee, mumu, emu)");
        seen = &first_key[a < b ? a * 3 + b : b * 3 + a];
        if (*seen) return cfg_fail(f->ctx, sub.path, item->string, "same entry as %s (the matrix is symmetric)", *seen);
        *seen = item->string;
        CFG_TRY(cfg_check_number(f->ctx, item, sub.path, item->string, row->range, &v));
        matrix[a * 3 + b] = matrix[b * 3 + a] = v;
    }
    return CEVNS_OK;
}

/* Every entry a <= b, e.g. "emu". */
static void write_flavour_matrix(cJSON *obj, const cfg_row *row, const void *base, int *ok) {
    const void *field = (const char *)base + row->offset;
    const double *matrix = field;
    cJSON *out = cfg_put_object(obj, row->key, ok);
    for (int a = 0; a < 3; a++)
        for (int b = a; b < 3; b++) {
            char key[16];
            snprintf(key, sizeof key, "%s%s", cfg_flavour_names[a], cfg_flavour_names[b]);
            cfg_put_number(out, key, matrix[a * 3 + b], ok);
        }
}

/* ---------------------------------------------------------------- mediators */
#define CUSTOM CFG_IN(CEVNS_MEDIATOR_CUSTOM)
static const cfg_row zprime_charge_rows[] = {
    {"u", CFG_NUMBER, F(zprime.charge_u), .range = CFG_ANY, .doc = "up quark"},
    {"d", CFG_NUMBER, F(zprime.charge_d), .range = CFG_ANY, .doc = "down quark"},
    {"nu_e", CFG_NUMBER, F(zprime.charge_nu[CEVNS_FLAVOUR_E]), .range = CFG_ANY, .doc = "ν_e"},
    {"nu_mu", CFG_NUMBER, F(zprime.charge_nu[CEVNS_FLAVOUR_MU]), .range = CFG_ANY, .doc = "ν_μ"},
    {"nu_tau", CFG_NUMBER, F(zprime.charge_nu[CEVNS_FLAVOUR_TAU]), .range = CFG_ANY, .doc = "ν_τ"},
};
static const cfg_schema zprime_charge_schema = {CFG_ROWS(zprime_charge_rows), .selector = CFG_NO_SELECTOR};

static const char *const preset_note = "the preset fixes the charges; give them with \"preset\": \"custom\"";

static const cfg_row zprime_rows[] = {
    {"preset", CFG_ENUM, F(zprime.preset), .required = CFG_ALL, .names = cfg_mediator_names,
     .doc = "`\"universal\"` (quarks and neutrinos 1), `\"b_minus_l\"` (quarks 1/3, neutrinos −1), `\"lmu_ltau\"` "
            "(ν_μ +1, ν_τ −1, protons through the kinetic mixing), `\"custom\"` (`charges`); `\"none\"`: no Z′"},
    {"mass_MeV", CFG_NUMBER, F(zprime.mass_MeV), .required = CFG_ALL & ~CFG_IN(CEVNS_MEDIATOR_NONE),
     .range = CFG_NONNEGATIVE, .unit = "MeV", .doc = "mediator mass M"},
    {"g", CFG_NUMBER, F(zprime.g), .required = CFG_ALL & ~CFG_IN(CEVNS_MEDIATOR_NONE), .range = CFG_NONNEGATIVE,
     .doc = "coupling: g_x = g × charge_x"},
    {"charges", CFG_OBJECT, 0, .in = CUSTOM, .required = CUSTOM, .schema = &zprime_charge_schema,
     .off_note = preset_note, .doc = "custom charges (absent ones 0)"},
};
static const cfg_schema zprime_schema = {CFG_ROWS(zprime_rows), .selector = 0};

static const cfg_row scalar_charge_rows[] = {
    {"proton", CFG_NUMBER, F(scalar.charge_p), .range = CFG_ANY, .doc = "proton: Q_φ = g (proton Z + neutron N)"},
    {"neutron", CFG_NUMBER, F(scalar.charge_n), .range = CFG_ANY, .doc = "neutron"},
    {"nu_e", CFG_NUMBER, F(scalar.charge_nu[CEVNS_FLAVOUR_E]), .range = CFG_ANY, .doc = "ν_e"},
    {"nu_mu", CFG_NUMBER, F(scalar.charge_nu[CEVNS_FLAVOUR_MU]), .range = CFG_ANY, .doc = "ν_μ"},
    {"nu_tau", CFG_NUMBER, F(scalar.charge_nu[CEVNS_FLAVOUR_TAU]), .range = CFG_ANY, .doc = "ν_τ"},
};
static const cfg_schema scalar_charge_schema = {CFG_ROWS(scalar_charge_rows), .selector = CFG_NO_SELECTOR};

static cevns_status check_scalar(const cfg_frame *f) {
    const cevns_model_config *m = f->base;
    if (m->scalar.preset == CEVNS_MEDIATOR_B_MINUS_L || m->scalar.preset == CEVNS_MEDIATOR_LMU_LTAU)
        return cfg_fail(f->ctx, f->path, "preset",
                        "\"%s\" is a vector-mediator preset (allowed for the scalar: \"none\", \"universal\", "
                        "\"custom\")",
                        cfg_mediator_names[m->scalar.preset]);
    return CEVNS_OK;
}

static const cfg_row scalar_rows[] = {
    {"preset", CFG_ENUM, F(scalar.preset), .required = CFG_ALL, .names = cfg_mediator_names,
     .doc = "`\"universal\"` (g_ν = g, Q_φ = g (15.1 Z + 14 N), Cerdeño et al. 2016), `\"custom\"` (`charges`); "
            "`\"none\"`: no scalar"},
    {"mass_MeV", CFG_NUMBER, F(scalar.mass_MeV), .required = CFG_ALL & ~CFG_IN(CEVNS_MEDIATOR_NONE),
     .range = CFG_NONNEGATIVE, .unit = "MeV", .doc = "mediator mass M"},
    {"g", CFG_NUMBER, F(scalar.g), .required = CFG_ALL & ~CFG_IN(CEVNS_MEDIATOR_NONE), .range = CFG_NONNEGATIVE,
     .doc = "coupling"},
    {"charges", CFG_OBJECT, 0, .in = CUSTOM, .required = CUSTOM, .schema = &scalar_charge_schema,
     .off_note = preset_note, .doc = "custom charges (absent ones 0)"},
};
static const cfg_schema scalar_schema = {CFG_ROWS(scalar_rows), .selector = 0, .check = check_scalar};

static int zprime_on(const void *base) { return ((const cevns_model_config *)base)->zprime.preset != CEVNS_MEDIATOR_NONE; }
static int scalar_on(const void *base) { return ((const cevns_model_config *)base)->scalar.preset != CEVNS_MEDIATOR_NONE; }

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
    {"zprime", CFG_OBJECT, 0, .schema = &zprime_schema, .written = zprime_on,
     .doc = "light vector mediator Z′ (part of `\"sm\"`: it interferes), below"},
    {"scalar", CFG_OBJECT, 0, .schema = &scalar_schema, .written = scalar_on,
     .doc = "light scalar mediator φ (its own term: no interference), below"},
    {"charge_radius_cm2", CFG_CUSTOM, F(charge_radius_cm2), .range = CFG_ANY, .read = read_flavour_matrix,
     .write = write_flavour_matrix, .unit = "cm²", .type_doc = "object", .def_doc = "all 0",
     .allowed_doc = "keys `<a><b>` with a, b from `e`, `mu`, `tau` (`\"mumu\"`, `\"emu\"`); finite numbers",
     .doc = "neutrino charge radii ⟨r²⟩_ab (SM values negative); a ≠ b: transition radii"},
    {"millicharge", CFG_CUSTOM, F(millicharge), .range = CFG_ANY, .read = read_flavour_matrix,
     .write = write_flavour_matrix, .unit = "e", .type_doc = "object", .def_doc = "all 0",
     .allowed_doc = "keys `<a><b>` as for `charge_radius_cm2`; finite numbers",
     .doc = "neutrino electric charges q_ab; a ≠ b: transition charges"},
    {"radiative_corrections", CFG_BOOL, F(radiative_corrections), .def = 0,
     .doc = "flavour-dependent g_V^p and g_V^n with radiative corrections (docs/physics.md)"},
    {"axial", CFG_BOOL, F(use_axial), .def = 0,
     .doc = "the axial (spin-dependent) term; every isotope with spin needs spin data (data/nuclear)"},
};

/* The vector terms beyond the SM live in the "sm" interaction (they interfere with it). */
static cevns_status check_model(const cfg_frame *f) {
    const cevns_model_config *m = f->base;
    int charged = 0;
    for (int i = 0; i < 9; i++) charged |= m->charge_radius_cm2[i] != 0.0 || m->millicharge[i] != 0.0;
    if (m->use_sm) return CEVNS_OK;
    if (m->zprime.preset != CEVNS_MEDIATOR_NONE)
        return cfg_fail(f->ctx, f->path, "zprime",
                        "the Z' is part of the vector term (it interferes with the SM): it needs \"sm\" in "
                        "model.interactions");
    if (charged || m->radiative_corrections)
        return cfg_fail(f->ctx, f->path, "interactions",
                        "charge radii, millicharges and radiative corrections change the vector term: they need "
                        "\"sm\" in model.interactions");
    return CEVNS_OK;
}

const cfg_schema cfg_model_schema = {CFG_ROWS(model_rows), .selector = CFG_NO_SELECTOR, .check = check_model};

/* ---------------------------------------------------------------- quadrature */
#define Q(field) offsetof(cevns_quadrature_config, field)
static const cfg_row quadrature_rows[] = {
    {"gl_order", CFG_INT, Q(gl_order), .min = 2, .max = 64, .def = 12, .doc = "Gauss–Legendre nodes per panel"},
    {"panels", CFG_INT, Q(panels), .min = 1, .max = 1024, .def = 4, .doc = "minimum panels per recoil interval"},
    {"reference_rel_tol", CFG_NUMBER, Q(ref_rel_tol), .range = {0.0, 1e-3, 1, 0}, .def = 1e-10,
     .doc = "relative tolerance of the adaptive reference"},
};

const cfg_schema cfg_quadrature_schema = {CFG_ROWS(quadrature_rows), .selector = CFG_NO_SELECTOR};
