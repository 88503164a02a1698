#!/usr/bin/env python3
"""Seed 000's SNS table and event-rate statements, worked out with the cevns command.

Prints every number of docs/reproductions/sns_seed000_table.md:

  python3 tools/seed000_table.py [--cevns build/cevns]

It runs `cevns rate --json` on the shipped configs (configs/sns_seed000_table_*.json,
configs/sns_seed000_{ne,ar,xe}.json) and on variants of them (a form factor, natural targets),
written to a temporary folder with the override named next to each result. Plain Python 3,
standard library only. The talk's numbers are typed in below (TALK, from
shared/seeds/000_*.txt); everything else comes from cevns.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N_A = 6.02214076e23          # 1/mol (CODATA 2018, as in the code)
E_CHARGE = 1.602176634e-19   # C
MU0 = 1e-10                  # mu_B, the moment in the configs

# The talk's table "Integrated events 10-150 keV nuclear recoil (# Events . N_t^-1 . cm^-2 . s^-1) x 10^36"
# columns: nu_e, nu_mu, Elec. Moment, Muon Moment, Total
TALK = {"Ne": (28, 11, 2.3, 0.94, 39), "Ar": (190, 77, 6.4, 2.6, 270), "Xe": (1200, 472, 25, 10, 1600)}
# the talk's target table: "# Nuclei x10^-28 (1T)"
TALK_NUCLEI_PER_TONNE = {"Ne": 3.0e28, "Ar": 1.5e28, "Xe": 0.46e28}
TARGETS = [("Ne", "ne", "Ne20"), ("Ar", "ar", "Ar40"), ("Xe", "xe", "Xe132")]
# the talk's facility table: SNS 22000 C per year at 1.1 mA; 0.13 nu per proton per flavour (9e14 /s)
SNS_COULOMBS, SNS_CURRENT_A, SNS_NU_PER_S = 22000.0, 1.1e-3, 9e14
YEAR_S = 365.25 * 86400


def load_config(path):
    """A shipped config as a dict (its // comment lines dropped)."""
    with open(path) as f:
        text = "".join(line for line in f if not line.lstrip().startswith("//"))
    return json.loads(text)


def update(d, over):
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(d.get(k), dict):
            update(d[k], v)
        else:
            d[k] = v
    return d


class Cevns:
    def __init__(self, binary):
        self.binary = binary
        self.tmp = tempfile.mkdtemp(prefix="seed000_table_")
        self.n = 0

    def rate(self, config, override=None, drop=()):
        """Component totals {flux:interaction: counts} of `cevns rate --json`."""
        path = os.path.join(ROOT, config)
        if override or drop:
            cfg = load_config(path)
            for keypath in drop:
                node = cfg
                for k in keypath[:-1]:
                    node = node[k]
                node.pop(keypath[-1], None)
            update(cfg, override or {})
            cfg["data_dir"] = os.path.join(ROOT, "data")
            self.n += 1
            path = os.path.join(self.tmp, "variant%d.json" % self.n)
            with open(path, "w") as f:
                json.dump(cfg, f)
        out = subprocess.run([self.binary, "rate", "--json", path], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            sys.exit("cevns rate %s failed (%d): %s" % (path, out.returncode, out.stderr.strip()))
        j = json.loads(out.stdout)
        names = ["%s:%s" % (c["flux"], c["interaction"]) for c in j["components"]]
        return dict(zip(names, j["component_totals"]))


def atomic_masses():
    """{'Ar40': mass in u, ...} and {'Ar': [(isotope, fraction)]} from the data files the code reads."""
    mass, comp = {}, {}
    with open(os.path.join(ROOT, "data/nuclear/ame2020_natural.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            t = line.split()
            a, el = int(t[3]), t[4]
            mass["%s%d" % (el, a)] = int(t[-3]) + float(t[-2].replace("#", "")) * 1e-6
    with open(os.path.join(ROOT, "data/nuclear/isotopic_abundances_all.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            z, el, a, frac = line.split()
            comp.setdefault(el, []).append(("%s%s" % (el, a), float(frac)))
    return mass, comp


def one_nucleus_kg(mass_u):
    return mass_u / (N_A * 1000.0)


def logmean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def fmt(x):
    return "%.3g" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cevns", default=os.environ.get("CEVNS", os.path.join(ROOT, "build", "cevns")))
    args = ap.parse_args()
    cv = Cevns(args.cevns)
    mass, comp = atomic_masses()

    print("== 1. The talk's table: structure")
    print("target  nu_e+nu_mu  Total  nu_e+nu_mu+moments  | nu_e/nu_mu  moment_e/moment_mu  | SM/moment (nu_e)")
    for el, _, _ in TARGETS:
        e, m, me, mm, tot = TALK[el]
        print("%-6s  %10g  %5g  %18g  | %10.2f  %18.2f  | %.1f" % (el, e + m, tot, e + m + me + mm, e / m, me / mm, e / me))
    print("per tonne-year read literally (value x 1e-36 x the talk's nuclei per tonne x time):")
    beam_s = SNS_COULOMBS / SNS_CURRENT_A
    print("  beam year = 22000 C / 1.1 mA = %.3g s; calendar year = %.3g s" % (beam_s, YEAR_S))
    for el, _, _ in TARGETS:
        r = TALK[el][4] * 1e-36 * TALK_NUCLEI_PER_TONNE[el]
        print("  %-3s Total: %.3g events/tonne/beam-year, %.3g events/tonne/calendar-year" % (el, r * beam_s, r * YEAR_S))

    # ---------------------------------------------------------------- 2. SNS spectra, full kinematics
    print("\n== 2. SNS spectra, full kinematics: sigma(10-150 keVnr) per nucleus, cm^2 (mu_nu = 1e-10 mu_B)")
    print("   configs/sns_seed000_table_<t>.json; variants: the override named")
    variants = [
        ("Helm R=1.2A^1/3 (talk), isotope", {}),
        ("Helm Lewin-Smith", {"model": {"form_factor": {"type": "helm", "helm_convention": "lewin-smith"}}}),
        ("no form factor", {"model": {"form_factor": {"type": "none"}}}),
        ("natural element", "natural"),
        ("leading kinematics", {"model": {"kinematics": "leading"}}),
    ]
    sns = {}
    for label, over in variants:
        sns[label] = {}
        for el, t, iso in TARGETS:
            cfg = "configs/sns_seed000_table_%s.json" % t
            if over == "natural":
                m_mean = sum(f * mass[i] for i, f in comp[el])
                r = cv.rate(cfg, {"experiment": {"detector": {"mass_kg": one_nucleus_kg(m_mean)}}},
                            drop=[("experiment", "target", "enrichment")])
            else:
                r = cv.rate(cfg, over)
            sns[label][el] = r
    base = sns[variants[0][0]]
    u_mev, me_mev, m_mu, m_pi = 931.49410242, 0.51099895, 105.6583755, 139.57039
    e_prompt = (m_pi ** 2 - m_mu ** 2) / (2 * m_pi)
    z = {"Ne": 10, "Ar": 18, "Xe": 54}
    print("T_max = 2E^2/(m_N + 2E) in keVnr at the prompt line %.2f MeV / the Michel end point %.2f MeV: " % (
        e_prompt, m_mu / 2) + ", ".join("%s %.1f / %.1f" % (el, *(
            2e3 * e ** 2 / (mass[iso] * u_mev - z[el] * me_mev + 2 * e) for e in (e_prompt, m_mu / 2)))
                                         for el, _, iso in TARGETS))
    hbarc = 197.3269804
    print("neutrino energy for T_max = 150 keVnr (E = [T + sqrt(T^2 + 2 m_N T)]/2): " + ", ".join(
        "%s %.1f MeV" % (el, (0.15 + math.sqrt(0.15 ** 2 + 2 * (mass[iso] * u_mev - z[el] * me_mev) * 0.15)) / 2)
        for el, _, iso in TARGETS))
    print("first zero of the Helm F (q R = 4.4934, R = 1.2 A^1/3 fm) at T = q^2/(2 m_N): " + ", ".join(
        "%s R = %.2f fm, %.0f keVnr" % (el, 1.2 * int(iso[2:]) ** (1 / 3), 1e3 * (4.4934 * hbarc / (1.2 * int(iso[2:]) ** (1 / 3))) ** 2
                                         / (2 * (mass[iso] * u_mev - z[el] * me_mev))) for el, _, iso in TARGETS))
    print("target  prompt_numu  delayed_nue  delayed_numubar | magnetic: prompt  nue  numubar")
    for el, _, _ in TARGETS:
        r = base[el]
        print("%-6s  %11.4g  %11.4g  %15.4g | %16.4g  %.4g  %.4g" % (
            el, r["prompt_numu:sm"], r["delayed_nue:sm"], r["delayed_numubar:sm"],
            r["prompt_numu:magnetic"], r["delayed_nue:magnetic"], r["delayed_numubar:magnetic"]))

    print("\nratio 'nu_e column / nu_mu column' each hypothesis predicts (talk: 2.5 for every target, SM and moment)")
    hyps = [
        ("nu_e / prompt nu_mu", ("delayed_nue",), ("prompt_numu",)),
        ("nu_e / nu_mu-bar", ("delayed_nue",), ("delayed_numubar",)),
        ("nu_e / (prompt nu_mu + nu_mu-bar)", ("delayed_nue",), ("prompt_numu", "delayed_numubar")),
        ("(nu_e + nu_mu-bar) / prompt nu_mu", ("delayed_nue", "delayed_numubar"), ("prompt_numu",)),
    ]
    print("%-36s %-32s  SM: Ne    Ar    Xe   | moment: Ne    Ar    Xe" % ("hypothesis", "variant"))
    for hl, num, den in hyps:
        for label, _ in variants:
            row = []
            for inter in ("sm", "magnetic"):
                for el, _, _ in TARGETS:
                    r = sns[label][el]
                    row.append(sum(r[c + ":" + inter] for c in num) / sum(r[c + ":" + inter] for c in den))
            print("%-36s %-32s  %5.2f %5.2f %5.2f  |  %5.2f %5.2f %5.2f" % ((hl, label) + tuple(row)))
    print("\ntarget ratios of the nu_e column (talk: Ar/Ne %.2f, Xe/Ne %.1f; moment Ar/Ne %.2f, Xe/Ne %.1f)" % (
        TALK["Ar"][0] / TALK["Ne"][0], TALK["Xe"][0] / TALK["Ne"][0], TALK["Ar"][2] / TALK["Ne"][2],
        TALK["Xe"][2] / TALK["Ne"][2]))
    for label, _ in variants:
        s = {el: sns[label][el]["delayed_nue:sm"] for el, _, _ in TARGETS}
        g = {el: sns[label][el]["delayed_nue:magnetic"] for el, _, _ in TARGETS}
        print("  %-32s SM Ar/Ne %.2f Xe/Ne %.1f | moment Ar/Ne %.2f Xe/Ne %.1f" % (
            label, s["Ar"] / s["Ne"], s["Xe"] / s["Ne"], g["Ar"] / g["Ne"], g["Xe"] / g["Ne"]))
    print("  read as a cross section (V x 1e-36 cm^2), Ar nu_e would be %.3g cm^2, %.3g times sigma(nu_e, Ar-40)" % (
        TALK["Ar"][0] * 1e-36, TALK["Ar"][0] * 1e-36 / base["Ar"]["delayed_nue:sm"]))
    print("  flux implied by nu_e SM (value x 1e-36 / sigma), cm^-2 s^-1: " + ", ".join(
        "%s %.3g" % (el, TALK[el][0] * 1e-36 / base[el]["delayed_nue:sm"]) for el, _, _ in TARGETS))
    # the whole recoil spectrum (no threshold), to bound the target ratio
    whole = {}
    for el, t, _ in TARGETS:
        whole[el] = cv.rate("configs/sns_seed000_table_%s.json" % t, {
            "experiment": {"detector": {"bins": {"lo": 0.01, "hi": 400, "n": 1}}},
            "model": {"form_factor": {"type": "none"}}})["delayed_nue:sm"]
    print("  no threshold (0.01-400 keVnr), no form factor, nu_e: " + ", ".join(
        "%s %.4g" % (el, whole[el]) for el, _, _ in TARGETS) + "; Ar/Ne %.2f, Xe/Ne %.1f" % (
        whole["Ar"] / whole["Ne"], whole["Xe"] / whole["Ne"]))

    # ---------------------------------------------------------------- 3. no kinematic end point
    print("\n== 3. No kinematic end point (configs/sns_seed000_table_<t>_noendpoint.json): sigma per nucleus, cm^2")
    ff_variants = [
        ("Helm R=1.2A^1/3 (talk)", {}),
        ("Helm Lewin-Smith", {"model": {"form_factor": {"type": "helm", "helm_convention": "lewin-smith"}}}),
        ("symmetrized Fermi", {"model": {"form_factor": {"type": "symmetrized-fermi"}}}),
        ("Klein-Nystrand", {"model": {"form_factor": {"type": "klein-nystrand"}}}),
        ("no form factor", {"model": {"form_factor": {"type": "none"}}}),
        ("Helm R=1.2A^1/3, natural", "natural"),
    ]
    fits = []
    for label, over in ff_variants:
        sig = {}
        for el, t, iso in TARGETS:
            cfg = "configs/sns_seed000_table_%s_noendpoint.json" % t
            if over == "natural":
                m_mean = sum(f * mass[i] for i, f in comp[el])
                sig[el] = cv.rate(cfg, {"experiment": {"detector": {"mass_kg": one_nucleus_kg(m_mean)}}},
                                  drop=[("experiment", "target", "enrichment")])
            else:
                sig[el] = cv.rate(cfg, over)
        sm = {el: sig[el]["table:sm"] for el in sig}
        mag = {el: sig[el]["table:magnetic"] for el in sig}
        phi_e = logmean([TALK[el][0] * 1e-36 / sm[el] for el in sm])
        phi_mu = logmean([TALK[el][1] * 1e-36 / sm[el] for el in sm])
        mu2 = logmean([TALK[el][2] * 1e-36 / (phi_e * mag[el]) for el in mag] +
                      [TALK[el][3] * 1e-36 / (phi_mu * mag[el]) for el in mag])
        mu = MU0 * math.sqrt(mu2)
        pred = {}
        for el in sm:
            e, m = phi_e * sm[el] * 1e36, phi_mu * sm[el] * 1e36
            pred[el] = (e, m, mu2 * phi_e * mag[el] * 1e36, mu2 * phi_mu * mag[el] * 1e36, e + m)
        rms = math.sqrt(sum(math.log(pred[el][i] / TALK[el][i]) ** 2 for el in sm for i in range(5)) / 15)
        fits.append((label, sm, mag, phi_e, phi_mu, mu, pred, rms))
        print("  %-26s SM: Ne %.4g Ar %.4g Xe %.4g | moment (1e-10): Ne %.4g Ar %.4g Xe %.4g" % (
            label, sm["Ne"], sm["Ar"], sm["Xe"], mag["Ne"], mag["Ar"], mag["Xe"]))
        print("  %-26s   SM Ar/Ne %.2f Xe/Ne %.1f | moment Ar/Ne %.2f Xe/Ne %.1f   (talk %.2f %.1f | %.2f %.1f)" % (
            "", sm["Ar"] / sm["Ne"], sm["Xe"] / sm["Ne"], mag["Ar"] / mag["Ne"], mag["Xe"] / mag["Ne"],
            TALK["Ar"][0] / TALK["Ne"][0], TALK["Xe"][0] / TALK["Ne"][0], TALK["Ar"][2] / TALK["Ne"][2],
            TALK["Xe"][2] / TALK["Ne"][2]))
    print("\nfit: Phi_e, Phi_mu = log-mean of value x 1e-36 / sigma over the three targets; mu from the six moment entries")
    print("  %-26s %9s %9s %6s %9s  per-target Phi_e (Ne Ar Xe)      per-target mu/1e-10 (nu_e col)  rms log residual" % (
        "form factor", "Phi_e", "Phi_mu", "ratio", "mu_nu"))
    for label, sm, mag, phi_e, phi_mu, mu, pred, rms in fits:
        pe = [TALK[el][0] * 1e-36 / sm[el] for el, _, _ in TARGETS]
        pm = [math.sqrt(TALK[el][2] * 1e-36 / (phi_e * mag[el])) for el, _, _ in TARGETS]
        print("  %-26s %9.3g %9.3g %6.2f %9.3g  %8.3g %8.3g %8.3g   %6.2f %6.2f %6.2f          %.3f" % (
            label, phi_e, phi_mu, phi_e / phi_mu, mu, pe[0], pe[1], pe[2], pm[0], pm[1], pm[2], rms))

    print("\nmu_nu from each row alone, sqrt[(moment / SM) x sigma_SM / sigma_moment(1e-10)] x 1e-10 (no flux needed):")
    for label, sm, mag, phi_e, phi_mu, mu, pred, rms in fits:
        print("  %-26s " % label + "  ".join("%s %.3g / %.3g" % (
            el, MU0 * math.sqrt(TALK[el][2] / TALK[el][0] * sm[el] / mag[el]),
            MU0 * math.sqrt(TALK[el][3] / TALK[el][1] * sm[el] / mag[el])) for el, _, _ in TARGETS) + "  (nu_e row / nu_mu row)")

    label, sm, mag, phi_e, phi_mu, mu, pred, rms = fits[0]
    print("\nthe 15 numbers, talk vs no-end-point model (Helm R = 1.2 A^1/3; Phi_e = %.3g, Phi_mu = %.3g cm^-2 s^-1,"
          " mu_nu = %.3g mu_B; Total = nu_e + nu_mu)" % (phi_e, phi_mu, mu))
    cols = ("nu_e", "nu_mu", "e moment", "mu moment", "Total")
    for el, _, _ in TARGETS:
        print("  %-3s " % el + "  ".join("%s %s / %s (%+.0f%%)" % (c, fmt(TALK[el][i]), fmt(pred[el][i]),
                                                               100 * (pred[el][i] / TALK[el][i] - 1))
                                      for i, c in enumerate(cols)))

    # ---------------------------------------------------------------- 4. what the SNS flux would give
    print("\n== 4. The table's quantity for the talk's SNS (9e14 nu/s per flavour), per nucleus per second x 1e36")
    for dist in (20.0,):
        phi = SNS_NU_PER_S / (4 * math.pi * (dist * 100) ** 2)
        print("  at %g m: flux %.3g cm^-2 s^-1 per flavour" % (dist, phi))
        for el, _, _ in TARGETS:
            r = base[el]
            print("    %-3s nu_e %.3g  prompt nu_mu %.3g  nu_mu-bar %.3g  moment(1e-10) nu_e %.3g  prompt nu_mu %.3g"
                  "  | no end point, nu_e %.3g" % (
                      el, phi * r["delayed_nue:sm"] * 1e36, phi * r["prompt_numu:sm"] * 1e36,
                      phi * r["delayed_numubar:sm"] * 1e36, phi * r["delayed_nue:magnetic"] * 1e36,
                      phi * r["prompt_numu:magnetic"] * 1e36, phi * sm[el] * 1e36))
    phi20 = SNS_NU_PER_S / (4 * math.pi * 2000.0 ** 2)
    print("  ratio to the talk at 20 m, no end point: " + ", ".join("%s %.0f" % (el, phi20 * sm[el] * 1e36 / TALK[el][0])
                                                                  for el, _, _ in TARGETS) +
          "; SNS spectra and full kinematics: " + ", ".join(
              "%s %.0f" % (el, phi20 * base[el]["delayed_nue:sm"] * 1e36 / TALK[el][0]) for el, _, _ in TARGETS) + " (nu_e)")
    print("  distance at which 9e14 /s gives the fitted Phi_e: %.0f m; Phi_mu: %.0f m" % (
        math.sqrt(SNS_NU_PER_S / (4 * math.pi * phi_e)) / 100, math.sqrt(SNS_NU_PER_S / (4 * math.pi * phi_mu)) / 100))

    # ---------------------------------------------------------------- 5. event-rate statements
    print("\n== 5. Event rates at the SNS (22000 C/yr, 0.13 nu/p/flavour, 20 m), Standard Model")
    ar = cv.rate("configs/sns_seed000_table_ar240kg.json")
    ne = cv.rate("configs/sns_seed000_table_ne240kg.json")
    n_ar, n_ne = sum(ar.values()), sum(ne.values())
    print("  240 kg Ar > 20 keVnr: %.4g events/yr (prompt %.4g, nu_e %.4g, nu_mu-bar %.4g); talk ~500" % (
        n_ar, ar["prompt_numu:sm"], ar["delayed_nue:sm"], ar["delayed_numubar:sm"]))
    print("  240 kg Ne > 30 keVnr: %.4g events/yr; same volume (x 1.20/1.40 = %.0f kg): %.4g; talk 160" % (
        n_ne, 240 * 1.20 / 1.40, n_ne * 1.20 / 1.40))
    d_ar = 20 * math.sqrt(n_ar / 500.0)
    print("  distance for 500 in Ar: %.1f m; there Ne (240 kg) %.0f, (206 kg) %.0f; distance for 160 in Ne (240 kg) %.1f m,"
          " (206 kg) %.1f m" % (d_ar, n_ne * (20 / d_ar) ** 2, n_ne * 1.2 / 1.4 * (20 / d_ar) ** 2,
                                20 * math.sqrt(n_ne / 160), 20 * math.sqrt(n_ne * 1.2 / 1.4 / 160)))
    print("  Ne/Ar per year: %.3f (same mass), %.3f (same volume); talk 160/500 = %.2f" % (
        n_ne / n_ar, n_ne * 1.2 / 1.4 / n_ar, 160 / 500))
    print("  efficiency that would give 500 at 20 m: %.3f" % (500 / n_ar))
    fluence = 0.13 * SNS_COULOMBS / E_CHARGE / (4 * math.pi * 2000.0 ** 2)
    alt = 1.5e7 * beam_s
    print("  fluence per flavour of the config: %.4g cm^-2; 1.5e7 cm^-2 s^-1 for a %.3g s beam year: %.4g cm^-2"
          " -> Ar %.4g, Ne %.4g events/yr" % (fluence, beam_s, alt, n_ar * alt / fluence, n_ne * alt / fluence))
    print("  the talk's Ar statement per tonne: %.0f /yr above 20 keVnr; the table read literally (Ar Total): %.0f (beam"
          " year) to %.0f (calendar year) /yr above 10 keVnr: %.0f to %.0f times fewer" % (
              500 / 0.240, TALK["Ar"][4] * 1e-36 * TALK_NUCLEI_PER_TONNE["Ar"] * beam_s,
              TALK["Ar"][4] * 1e-36 * TALK_NUCLEI_PER_TONNE["Ar"] * YEAR_S,
              500 / 0.240 / (TALK["Ar"][4] * 1e-36 * TALK_NUCLEI_PER_TONNE["Ar"] * YEAR_S),
              500 / 0.240 / (TALK["Ar"][4] * 1e-36 * TALK_NUCLEI_PER_TONNE["Ar"] * beam_s)))
    print("  per tonne-year, 10-150 keVnr (configs/sns_seed000_{ne,ar,xe}.json, SM only), at 20 m and at %.1f m:" % d_ar)
    for el, t, _ in TARGETS:
        r = cv.rate("configs/sns_seed000_%s.json" % t)
        s = sum(v for k, v in r.items() if k.endswith(":sm"))
        print("    %-3s %.4g   %.4g" % (el, s, s * (20 / d_ar) ** 2))


if __name__ == "__main__":
    main()
