#!/usr/bin/env python3
"""Independent reference for the COHERENT CENNS-10 LAr Analysis A 3-D likelihood (issue 12).

Released 3-D binned PDFs (/work/shared/data/coherent/lar2020/ or data/coherent/lar2020/):
12 energy bins (10 keVee, 0-120) x 8 F90 bins (0.5-0.9) x 10 arrival-time bins (0.5 us, from
-0.1 us), in expected counts; observed counts datanobkgsub.txt (3752 events).

  mu = N_CEvNS c(theta) + N_pBRN b(theta) + N_dBRN d + N_SS s
with c, b, d, s the templates normalised to unit sum, and
  N_CEvNS   free (parameter of interest)
  N_pBRN    Gaussian prior 497 +- 160   (LArParametersAnlA.yaml, prediction)
  N_dBRN    Gaussian prior  33 +-  33   (idem), truncated at 0
  N_SS      Gaussian prior 3154 +- 25   (idem)
  shape nuisances theta_k, unit Gaussian priors, vertical linear interpolation of the unit-sum
  templates between -1, 0, +1 (ASSUMPTION: the release gives the variations, not the
  interpolation; one-sided variations are mirrored):
     CEvNS F90 (cevnspdf+-1sigF90), CEvNS timing mean (cevnspdfCEvNSTimingMeanSyst, one-sided),
     BRN energy (brnpdf+-1sigEnergy), BRN timing mean (brnpdf+-1sigBRNTimingMean),
     BRN timing width (brnpdfBRNTimingWidthSyst, one-sided).
-2 ln L = 2 sum [mu - n + n ln(n/mu)] + priors.  The fit, the profile of N_CEvNS
(Delta(-2lnL) = 1) and the significance against N_CEvNS = 0 are printed.

Mode --model: the CEvNS template replaced by (energy x time prediction) x P(F90 | energy bin):
energy per flavour from `cevns rate --json configs/coherent_lar2020.json` (stored in
data/lar2020_cevns_rate.json; --regen reruns it), time fractions from sns_timing.py (Gaussian
pulse mean 0.44 us, sigma 0.15 us, the release's POT trace; no time efficiency), P(F90|E) from
the nominal (and +-1 sigma F90) CEvNS template; the CEvNS timing-mean nuisance becomes a shift
dt of the pulse with prior sigma 0.2 us (the yaml's 200 ns).

Usage: python3 lar2020_fit.py [--model] [--regen] [--no-shape]
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
from scipy import optimize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
import sns_timing as st  # noqa: E402

CANDIDATES = [os.path.join(ROOT, "data", "coherent", "lar2020"), "/work/shared/data/coherent/lar2020"]
RATE_JSON = os.path.join(HERE, "data", "lar2020_cevns_rate.json")
NE, NF, NT = 12, 8, 10
T_EDGES = [-0.1 + 0.5 * i for i in range(NT + 1)]
PULSE_MEAN, PULSE_SIGMA, DT_SIGMA = 0.44, 0.15, 0.20
PRIORS = {"pBRN": (497.0, 160.0), "dBRN": (33.0, 33.0), "SS": (3154.0, 25.0)}


def datadir():
    for d in CANDIDATES:
        if os.path.exists(os.path.join(d, "cevnspdf.txt")):
            return d
    raise SystemExit("no lar2020 3-D PDFs found in " + " or ".join(CANDIDATES))


def load(name):
    a = np.loadtxt(os.path.join(datadir(), name))
    assert a.shape == (NE * NF * NT, 4)
    return a[:, 3].reshape(NE, NF, NT)


def unit(a):
    return a / a.sum()


def regen_rates():
    env = dict(os.environ, CEVNS_DATA_DIR=os.path.join(ROOT, "data"))
    p = subprocess.run([os.path.join(ROOT, "build", "cevns"), "rate", "--json", os.path.join(ROOT, "configs", "coherent_lar2020.json")],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit("cevns rate failed: " + p.stderr)
    r = json.loads(p.stdout)
    comps = [c["flux"] for c in r["components"]]
    out = {"source": "cevns rate --json configs/coherent_lar2020.json", "edges": [r["bins"][0]["lo"]] + [b["hi"] for b in r["bins"]]}
    out.update({c: [b["counts"][i] for b in r["bins"]] for i, c in enumerate(comps)})
    os.makedirs(os.path.dirname(RATE_JSON), exist_ok=True)
    json.dump(out, open(RATE_JSON, "w"), indent=1)
    print("wrote", RATE_JSON)


def time_fractions(mean):
    g = st.GaussianPulse(mean, PULSE_SIGMA)
    pr = np.array([st.bin_fraction_C(a, b, g, 0.0, False, False) for a, b in zip(T_EDGES[:-1], T_EDGES[1:])])
    de = np.array([st.bin_fraction_C(a, b, g, 0.0, True, False) for a, b in zip(T_EDGES[:-1], T_EDGES[1:])])
    return pr, de


class Shape:
    """Unit-sum template with linearly interpolated +-1 sigma variations."""

    def __init__(self, nominal, plus=None, minus=None):
        self.nom = unit(nominal)
        self.plus = unit(plus) if plus is not None else None
        if minus is not None:
            self.minus = unit(minus)
        elif plus is not None:  # one-sided: mirror
            self.minus = np.clip(2 * self.nom - self.plus, 0, None)
            self.minus = unit(self.minus)
        else:
            self.minus = None

    def at(self, th):
        if self.plus is None or th == 0:
            return self.nom
        other = self.plus if th > 0 else self.minus
        return np.clip(self.nom + abs(th) * (other - self.nom), 0, None)


class ModelCEvNS:
    """(energy x time prediction) x P(F90 | E) -- the --model mode."""

    def __init__(self):
        r = json.load(open(RATE_JSON))
        self.e_prompt = np.asarray(r["prompt_numu"])
        self.e_delayed = np.asarray(r["delayed_nue"]) + np.asarray(r["delayed_numubar"])
        self.pf90 = {k: self.f90_given_e(load(n)) for k, n in
                     (("0", "cevnspdf.txt"), ("+", "cevnspdf+1sigF90.txt"), ("-", "cevnspdf-1sigF90.txt"))}
        self.dts = np.arange(-0.6, 0.6001, 0.005)
        self.tab = [time_fractions(PULSE_MEAN + d) for d in self.dts]

    @staticmethod
    def f90_given_e(t3):
        pe = t3.sum(axis=2)  # (E, F90)
        out = np.zeros_like(pe)
        last = None
        for i in range(NE):
            if pe[i].sum() > 0:
                out[i] = pe[i] / pe[i].sum()
                last = out[i]
            else:  # no CEvNS in the template here: take the last energy bin that has some
                out[i] = last
        return out

    def times(self, dt):
        x = np.clip((dt - self.dts[0]) / (self.dts[1] - self.dts[0]), 0, len(self.dts) - 1.000001)
        i = int(x)
        f = x - i
        pr = (1 - f) * self.tab[i][0] + f * self.tab[i + 1][0]
        de = (1 - f) * self.tab[i][1] + f * self.tab[i + 1][1]
        return pr, de

    def shape(self, th_f90, dt):
        pf = self.pf90["0"]
        if th_f90 != 0:
            o = self.pf90["+" if th_f90 > 0 else "-"]
            pf = np.clip(pf + abs(th_f90) * (o - pf), 0, None)
        pr, de = self.times(dt)
        et = np.outer(self.e_prompt, pr) + np.outer(self.e_delayed, de)  # (E, T)
        m = pf[:, :, None] * et[:, None, :]
        return unit(m)


class Fit:
    def __init__(self, model_mode=False, shape=True):
        self.n = load("datanobkgsub.txt")
        self.model_mode = model_mode
        self.shape = shape
        self.cf90 = Shape(load("cevnspdf.txt"), load("cevnspdf+1sigF90.txt"), load("cevnspdf-1sigF90.txt"))
        self.ctm = Shape(load("cevnspdf.txt"), load("cevnspdfCEvNSTimingMeanSyst.txt"))
        self.be = Shape(load("brnpdf.txt"), load("brnpdf+1sigEnergy.txt"), load("brnpdf-1sigEnergy.txt"))
        self.btm = Shape(load("brnpdf.txt"), load("brnpdf+1sigBRNTimingMean.txt"), load("brnpdf-1sigBRNTimingMean.txt"))
        self.btw = Shape(load("brnpdf.txt"), load("brnpdfBRNTimingWidthSyst.txt"))
        self.d = unit(load("delbrnpdf.txt"))
        self.s = unit(load("bkgpdf.txt"))
        self.mc = ModelCEvNS() if model_mode else None
        self.names = ["N_CEvNS", "N_pBRN", "N_dBRN", "N_SS"] + (
            ["th_CEvNS_F90", "th_CEvNS_tmean" if not model_mode else "dt_CEvNS_us", "th_BRN_E", "th_BRN_tmean", "th_BRN_twidth"] if shape else [])

    def cevns(self, th_f90, th_t):
        if self.model_mode:
            return self.mc.shape(th_f90, th_t)
        c = self.cf90.nom
        # the two CEvNS variations are added as independent vertical shifts
        c = c + (self.cf90.at(th_f90) - self.cf90.nom) + (self.ctm.at(th_t) - self.ctm.nom)
        return np.clip(c, 0, None)

    def brn(self, th_e, th_m, th_w):
        b = self.be.nom + (self.be.at(th_e) - self.be.nom) + (self.btm.at(th_m) - self.btm.nom) + (self.btw.at(th_w) - self.btw.nom)
        return np.clip(b, 0, None)

    def mu(self, x):
        nc, nb, nd, ns = x[:4]
        th = list(x[4:]) if self.shape else [0.0] * 5
        return nc * self.cevns(th[0], th[1]) + nb * self.brn(th[2], th[3], th[4]) + nd * self.d + ns * self.s

    def m2lnl(self, x):
        mu = np.maximum(self.mu(x), 1e-300)
        n = self.n
        v = 2 * np.sum(mu - n + np.where(n > 0, n * np.log(np.where(n > 0, n, 1) / mu), 0))
        for k, val in zip(("pBRN", "dBRN", "SS"), x[1:4]):
            v += ((val - PRIORS[k][0]) / PRIORS[k][1]) ** 2
        if self.shape:
            th = np.array(x[4:], float)
            if self.model_mode:
                v += th[0] ** 2 + (th[1] / DT_SIGMA) ** 2 + float(np.sum(th[2:] ** 2))
            else:
                v += float(np.sum(th ** 2))
        return v

    def bounds(self, fixed=None):
        b = [(0.0, 2000.0) if fixed is None else (fixed, fixed), (0.0, 3000.0), (0.0, 500.0), (2000.0, 4500.0)]
        if self.shape:
            b += [(-4.0, 4.0), (-0.59, 0.59) if self.model_mode else (-4.0, 4.0), (-4.0, 4.0), (-4.0, 4.0), (-4.0, 4.0)]
        return b

    def fit(self, fixed=None, x0=None):
        if x0 is None:
            x0 = [150.0, 497.0, 33.0, 3154.0] + ([0.0] * 5 if self.shape else [])
        x0 = np.array(x0, float)
        if fixed is not None:
            x0[0] = fixed
        best = None
        for _ in range(4):
            r = optimize.minimize(self.m2lnl, x0, method="L-BFGS-B", bounds=self.bounds(fixed),
                                  options={"maxiter": 50000, "maxfun": 500000, "ftol": 1e-15, "gtol": 1e-9})
            r2 = optimize.minimize(self.m2lnl, r.x, method="Powell", bounds=self.bounds(fixed),
                                   options={"xtol": 1e-10, "ftol": 1e-14, "maxfev": 500000})
            cand = r2 if r2.fun < r.fun else r
            if best is not None and cand.fun > best.fun - 1e-8:
                break
            best = cand
            x0 = cand.x
        return best


def hessian_errors(fun, x, bounds):
    """sqrt(diag(2 H^-1)) of -2lnL by central differences (steps ~1e-3 of each scale)."""
    x = np.asarray(x, float)
    n = len(x)
    h = np.array([max(1e-3 * abs(v), 1e-3) for v in x])
    H = np.zeros((n, n))
    f0 = fun(x)
    for i in range(n):
        for j in range(i, n):
            def at(di, dj):
                y = x.copy()
                y[i] += di * h[i]
                y[j] += dj * h[j]
                return fun(y)
            if i == j:
                H[i, i] = (at(1, 0) - 2 * f0 + at(-1, 0)) / h[i] ** 2
            else:
                H[i, j] = H[j, i] = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
    cov = 2.0 * np.linalg.inv(H)
    return np.sqrt(np.abs(np.diag(cov)))


def main():
    args = sys.argv[1:]
    if "--regen" in args:
        regen_rates()
    f = Fit(model_mode="--model" in args, shape="--no-shape" not in args)
    print("# CENNS-10 LAr Analysis A 3-D fit (tools/reference/coherent/lar2020_fit.py); options:", " ".join(args) or "(defaults)")
    print("# observed events: %d; CEvNS template: %s" % (f.n.sum(), "(energy x time prediction) x P(F90|E)" if f.model_mode else "released cevnspdf.txt"))
    b = f.fit()
    x, nll0 = b.x, b.fun
    print("# best fit -2lnL = %.4f" % nll0)
    for n, v in zip(f.names, x):
        print("#   %-14s %.5g" % (n, v))
    err = hessian_errors(f.m2lnl, x, f.bounds())
    print("# parabolic errors (from the Hessian of -2lnL; published: CEvNS 159 +- 43, prompt BRN 553 +- 34, delayed BRN 10 +- 11, SS 3131 +- 23):")
    print("#   " + ", ".join("%s %.1f +- %.1f" % (n, v, e) for n, v, e in zip(f.names[:4], x[:4], err[:4])))
    nb = x[0]
    xs = np.linspace(max(0.0, nb - 120), nb + 120, 25)
    prof = np.array([f.fit(fixed=v, x0=x).fun - nll0 for v in xs])

    def crossing(side):
        for i in range(len(xs) - 1):
            a, c = prof[i], prof[i + 1]
            if side < 0 and xs[i + 1] <= nb and a >= 1 > c:
                g = xs[i] + (a - 1) / (a - c) * (xs[i + 1] - xs[i])
                break
            if side > 0 and xs[i] >= nb and a < 1 <= c:
                g = xs[i] + (1 - a) / (c - a) * (xs[i + 1] - xs[i])
                break
        else:
            return float("nan")
        try:
            return optimize.brentq(lambda v: f.fit(fixed=v, x0=x).fun - nll0 - 1.0, g - 8, g + 8, xtol=1e-2)
        except ValueError:
            return g
    lo, hi = crossing(-1), crossing(+1)
    print("# N_CEvNS = %.1f -%.1f +%.1f (Delta(-2lnL) = 1: [%.1f, %.1f]); published 159 +- 43" % (nb, nb - lo, hi - nb, lo, hi))
    r0 = f.fit(fixed=0.0, x0=x)
    d0 = r0.fun - nll0
    print("# no-CEvNS: Delta(-2lnL) = %.2f -> %.2f sigma" % (d0, math.sqrt(max(d0, 0))))
    print("# profile (N_CEvNS, Delta -2lnL):")
    for v, p in zip(xs, prof):
        print("#   %.1f %.4f" % (v, p))


if __name__ == "__main__":
    main()
