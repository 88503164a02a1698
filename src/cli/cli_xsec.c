/* cli_xsec.c - `cevns xsec`: dsigma/dT for a target at given E and T. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/experiment.h"
#include "cli/cli.h"
#include "common/xsec.h"

static void xsec_help(void) {
    puts("usage: cevns xsec [OPTIONS] -E ENERGY_MeV -T RECOIL_keV[,RECOIL_keV...]\n\n"
         "Differential cross section dsigma/dT per nucleus, in cm^2/MeV, for each isotope of the\n"
         "target and for the natural mixture (average per nucleus).\n\n"
         "options:\n"
         "  --target FORMULA        target material, natural isotopes (default Ge), e.g. CsI, Ar, Xe\n"
         "  -E, --energy-MeV E      neutrino energy in MeV (> 0)\n"
         "  -T, --recoil-keV T,...  nuclear recoil energies in keVnr (> 0), comma-separated\n"
         "  --config FILE           take the target and the model from a config file (the options below\n"
         "                          change them); every model of docs/config.md works this way\n"
         "  --interaction NAME      sm (default), magnetic, sterile, scalar or axial\n"
         "  --flavour F             incoming flavour e (default), mu or tau (matters for NSI and mu_nu)\n"
         "  --mu-nu X               magnetic moment in Bohr magnetons (magnetic, sterile; default 1e-10)\n"
         "  --m4-MeV X              sterile mass in MeV (sterile; default 0)\n"
         "  --nsi KEY=EPS           vector NSI, e.g. ee_u=0.1 (repeat for more entries)\n"
         "  --zprime PRESET         light vector mediator (part of sm): universal, b_minus_l or lmu_ltau\n"
         "  --zprime-mass-MeV M     its mass (default 10)\n"
         "  --zprime-g G            its coupling (default 1e-4)\n"
         "  --scalar-mass-MeV M     light scalar mediator (interaction scalar, universal couplings): mass\n"
         "  --scalar-g G            its coupling (default 1e-5)\n"
         "  --charge-radius-cm2 X   charge radius <r^2> of the incoming flavour, cm^2 (sm)\n"
         "  --millicharge X         electric charge of the incoming flavour, units of e (sm)\n"
         "  --radiative-corrections on|off  flavour-dependent g_V^p, g_V^n (sm; default off)\n"
         "  --form-factor NAME      helm (default), klein-nystrand, symmetrized-fermi, none\n"
         "  --helm-convention NAME  lewin-smith (default) or r0-1.2\n"
         "  --kinematics NAME       full (default) or leading\n"
         "  --sin2w X               weak mixing angle (default 0.23857)\n"
         "  -h, --help              this text");
}

static int lookup(const char *s, const char *const *names, int n) {
    int i;
    for (i = 0; i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

typedef struct {
    double e;
    double t_kev[256];
    int n_t, interaction, flavour;
    double charge_radius, millicharge; /* of the incoming flavour, applied once it is known */
    int zprime_option;                 /* --zprime was given */
} xsec_request;

static int parse_recoils(const char *arg, xsec_request *r) {
    char buf[4096], *tok, *save = NULL;
    snprintf(buf, sizeof buf, "%s", arg);
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (r->n_t >= 256 || cli_parse_double(tok, &r->t_kev[r->n_t]) || !(r->t_kev[r->n_t] > 0.0)) return -1;
        r->n_t++;
    }
    return r->n_t > 0 ? 0 : -1;
}

/* Returns 0 to go on, 1 after --help, or an exit code. */
static int parse_xsec_args(int argc, char **argv, int have_config, cevns_config *cfg, xsec_request *r) {
    static const char *const interactions[] = {"sm", "magnetic", "sterile", "scalar", "axial"};
    static const char *const zprimes[] = {"none", "universal", "b_minus_l", "lmu_ltau"};
    static const char *const on_off[] = {"off", "on"};
    static const char *const flavours[] = {"e", "mu", "tau"};
    static const char *const ffs[] = {"helm", "klein-nystrand", "symmetrized-fermi", "none"};
    static const char *const helm[] = {"lewin-smith", "r0-1.2"};
    static const char *const kin[] = {"leading", "full"};
    double mu = have_config ? -1.0 : 1e-10; /* the default moment only without --config */
    int i, v;
    memset(r, 0, sizeof *r);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        double x;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            xsec_help();
            return 1;
        }
        if (!val) return cli_usage_error("xsec", "option '%s' needs a value", a);
        i++;
        if (!strcmp(a, "--target")) snprintf(cfg->target.material, sizeof cfg->target.material, "%s", val);
        else if (!strcmp(a, "-E") || !strcmp(a, "--energy-MeV")) {
            if (cli_parse_double(val, &r->e) || !(r->e > 0.0))
                return cli_usage_error("xsec", "--energy-MeV must be a number > 0, got '%s'", val);
        } else if (!strcmp(a, "-T") || !strcmp(a, "--recoil-keV")) {
            if (parse_recoils(val, r))
                return cli_usage_error("xsec", "--recoil-keV must be numbers > 0 separated by commas, got '%s'", val);
        } else if (!strcmp(a, "--config")) {
            continue; /* read before the other options (cevns_cmd_xsec) */
        } else if (!strcmp(a, "--interaction")) {
            if ((v = lookup(val, interactions, CEVNS_N_INTERACTIONS)) < 0)
                return cli_usage_error("xsec", "--interaction must be sm, magnetic, sterile, scalar or axial, got '%s'",
                                       val);
            r->interaction = v;
            if (v == CEVNS_INTERACTION_AXIAL) cfg->model.use_axial = 1;
            if (v == CEVNS_INTERACTION_SCALAR && cfg->model.scalar.preset == CEVNS_MEDIATOR_NONE) {
                cfg->model.scalar.preset = CEVNS_MEDIATOR_UNIVERSAL;
                cfg->model.scalar.mass_MeV = 10.0;
                cfg->model.scalar.g = 1e-5;
            }
        } else if (!strcmp(a, "--nsi")) {
            int fa, fb;
            char key[16], quark;
            const char *eq = strchr(val, '=');
            size_t len = eq ? (size_t)(eq - val) : 0;
            if (!eq || len >= sizeof key) return cli_usage_error("xsec", "--nsi must be KEY=EPS (e.g. ee_u=0.1), got '%s'", val);
            memcpy(key, val, len);
            key[len] = '\0';
            if (!cevns_nsi_key(key, &fa, &fb, &quark) || cli_parse_double(eq + 1, &x) || !isfinite(x))
                return cli_usage_error("xsec",
                                       "--nsi must be KEY=EPS with KEY <a><b>_u or <a><b>_d (a, b in e, mu, tau) and "
                                       "EPS a finite number, got '%s'",
                                       val);
            if (quark == 'u') cfg->model.eps_u[fa * 3 + fb] = cfg->model.eps_u[fb * 3 + fa] = x;
            else cfg->model.eps_d[fa * 3 + fb] = cfg->model.eps_d[fb * 3 + fa] = x;
        } else if (!strcmp(a, "--zprime")) {
            if ((v = lookup(val, zprimes, 4)) < 0)
                return cli_usage_error("xsec", "--zprime must be none, universal, b_minus_l or lmu_ltau, got '%s'", val);
            if (cfg->model.zprime.preset == CEVNS_MEDIATOR_NONE) {
                cfg->model.zprime.mass_MeV = 10.0;
                cfg->model.zprime.g = 1e-4;
            }
            cfg->model.zprime.preset = v;
            r->zprime_option = 1;
        } else if (!strcmp(a, "--zprime-mass-MeV") || !strcmp(a, "--scalar-mass-MeV")) {
            if (cli_parse_double(val, &x) || !(x >= 0.0) || !isfinite(x))
                return cli_usage_error("xsec", "%s must be a number >= 0, got '%s'", a, val);
            *(a[2] == 'z' ? &cfg->model.zprime.mass_MeV : &cfg->model.scalar.mass_MeV) = x;
        } else if (!strcmp(a, "--zprime-g") || !strcmp(a, "--scalar-g")) {
            if (cli_parse_double(val, &x) || !(x >= 0.0) || !isfinite(x))
                return cli_usage_error("xsec", "%s must be a number >= 0, got '%s'", a, val);
            *(a[2] == 'z' ? &cfg->model.zprime.g : &cfg->model.scalar.g) = x;
        } else if (!strcmp(a, "--charge-radius-cm2") || !strcmp(a, "--millicharge")) {
            if (cli_parse_double(val, &x) || !isfinite(x))
                return cli_usage_error("xsec", "%s must be a finite number, got '%s'", a, val);
            *(a[2] == 'c' ? &r->charge_radius : &r->millicharge) = x;
        } else if (!strcmp(a, "--radiative-corrections")) {
            if ((v = lookup(val, on_off, 2)) < 0)
                return cli_usage_error("xsec", "--radiative-corrections must be on or off, got '%s'", val);
            cfg->model.radiative_corrections = v;
        } else if (!strcmp(a, "--flavour")) {
            if ((v = lookup(val, flavours, 3)) < 0)
                return cli_usage_error("xsec", "--flavour must be e, mu or tau, got '%s'", val);
            r->flavour = v;
        } else if (!strcmp(a, "--mu-nu")) {
            if (cli_parse_double(val, &mu) || mu < 0.0)
                return cli_usage_error("xsec", "--mu-nu must be a number >= 0, got '%s'", val);
        } else if (!strcmp(a, "--m4-MeV")) {
            if (cli_parse_double(val, &x) || x < 0.0)
                return cli_usage_error("xsec", "--m4-MeV must be a number >= 0, got '%s'", val);
            cfg->model.m4_MeV = x;
        } else if (!strcmp(a, "--form-factor")) {
            if ((v = lookup(val, ffs, 4)) < 0)
                return cli_usage_error("xsec", "--form-factor must be helm, klein-nystrand, symmetrized-fermi or none");
            cfg->model.form_factor.type = (cevns_ff_type)v;
        } else if (!strcmp(a, "--helm-convention")) {
            if ((v = lookup(val, helm, 2)) < 0)
                return cli_usage_error("xsec", "--helm-convention must be lewin-smith or r0-1.2");
            cfg->model.form_factor.helm_convention = (cevns_helm_convention)v;
        } else if (!strcmp(a, "--kinematics")) {
            if ((v = lookup(val, kin, 2)) < 0) return cli_usage_error("xsec", "--kinematics must be leading or full");
            cfg->model.kinematics = v == 0 ? CEVNS_KIN_LEADING : CEVNS_KIN_FULL;
        } else if (!strcmp(a, "--sin2w")) {
            if (cli_parse_double(val, &x) || !(x > 0.0 && x < 1.0))
                return cli_usage_error("xsec", "--sin2w must be in (0, 1), got '%s'", val);
            cfg->model.sin2_theta_w = x;
        } else return cli_usage_error("xsec", "unknown option '%s'", a);
    }
    if (!(r->e > 0.0)) return cli_usage_error("xsec", "missing -E ENERGY_MeV");
    if (r->n_t == 0) return cli_usage_error("xsec", "missing -T RECOIL_keV");
    if (mu >= 0.0) cfg->model.mu_nu[0] = cfg->model.mu_nu[1] = cfg->model.mu_nu[2] = mu;
    if (r->charge_radius != 0.0) cfg->model.charge_radius_cm2[r->flavour * 4] = r->charge_radius;
    if (r->millicharge != 0.0) cfg->model.millicharge[r->flavour * 4] = r->millicharge;
    if (r->zprime_option && cfg->model.zprime.preset != CEVNS_MEDIATOR_NONE && r->interaction != CEVNS_INTERACTION_SM)
        return cli_usage_error("xsec", "--zprime is part of the sm interaction (it interferes), not of %s",
                               cevns_interaction_name(r->interaction));
    return 0;
}

int cevns_cmd_xsec(int argc, char **argv) {
    cevns_config *cfg = malloc(sizeof *cfg);
    cevns_xsec_row rows[CEVNS_XSEC_MAX_ISOTOPES];
    xsec_request r;
    cevns_error err = {""};
    int rc, k, have_config = 0;
    if (!cfg) return cli_fail(CEVNS_ENOMEM, &err);
    cevns_config_defaults(cfg);
    snprintf(cfg->target.material, sizeof cfg->target.material, "Ge");
    cli_find_data_dir(cfg);
    snprintf(cfg->path, sizeof cfg->path, "command line");
    for (k = 1; k + 1 < argc; k++)
        if (!strcmp(argv[k], "--config")) {
            cevns_status st = cli_config_load(argv[k + 1], cfg, &err);
            have_config = 1;
            if (st != CEVNS_OK) {
                free(cfg);
                return cli_fail(st, &err);
            }
        }
    rc = parse_xsec_args(argc, argv, have_config, cfg, &r);
    if (rc) {
        free(cfg);
        return rc == 1 ? 0 : rc;
    }
    printf("# dsigma/dT [cm^2/MeV] per nucleus: target %s, E = %g MeV, interaction %s, flavour nu_%s\n",
           cfg->target.material, r.e, cevns_interaction_name(r.interaction),
           r.flavour == 0 ? "e" : r.flavour == 1 ? "mu" : "tau");
    for (k = 0; k < r.n_t; k++) {
        size_t n = 0, i;
        double avg = 0.0;
        cevns_status st = cevns_xsec_evaluate(cfg, r.e, 1e-3 * r.t_kev[k], r.interaction, r.flavour, rows,
                                              CEVNS_XSEC_MAX_ISOTOPES, &n, &err);
        if (st != CEVNS_OK) {
            free(cfg);
            return cli_fail(st, &err);
        }
        if (k == 0) {
            printf("# %-12s", "T_keVnr");
            for (i = 0; i < n; i++) printf("  %3s%-4d(%7.4f)", rows[i].symbol, rows[i].a, rows[i].fraction);
            printf("  %16s\n", "mixture");
        }
        printf("  %-12.6g", r.t_kev[k]);
        for (i = 0; i < n; i++) {
            printf("  %16.8e", rows[i].dsigma_cm2_MeV);
            avg += rows[i].fraction * rows[i].dsigma_cm2_MeV;
        }
        printf("  %16.8e\n", avg);
    }
    free(cfg);
    return 0;
}
