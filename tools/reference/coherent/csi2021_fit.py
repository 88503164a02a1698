#!/usr/bin/env python3
"""Independent reference for the COHERENT CsI[Na] 2021 likelihood in PE x t_rec (issue 12).

Binned Poisson likelihood on the released event lists (data/coherent/csi2021/):
  bins      PE edges 0 8 12 16 20 24 32 40 50 60, t_rec edges (us) 0 .125 .25 .375 .5 .625 .75
            .875 1 2 4 6 (9 x 11; REPORT.md section 2 for where they come from)
  observed  the coincidence list dataBeamOnC.txt, binned
  SS        steady state: PE shape x time shape, fitted jointly to the anti-coincidence list
            dataBeamOnAC.txt (same window length, so the same expectation N_SS * SS_ij in both)
            -- "factorised" SS.  Option --ss-raw uses the AC histogram itself as the SS
            expectation in C (no AC channel; N_SS as a scale with prior 1 +- 1/sqrt(N_AC)).
  CEvNS     per (PE bin, flavour) from `cevns rate --json` (the energy-only prediction, with the
            fit's PE bins; stored in data/csi2021_cevns_rate.json, regenerated with --regen)
            times the flavour's arrival-time fraction in each t_rec bin, weighted by the time
            efficiency eps_T, from sns_timing.py's closed forms (pulse mean MEAN + dt, sigma
            SIGMA).  One scale s: N_CEvNS = s * (nominal prediction in the ROI).
  BRN, NIN  outer product of the released 1-D PDFs (brnPE x brnTrec, ninPE x ninTrec) integrated
            over the bins, eps_T applied in time, normalised to 1 inside the ROI, times N_BRN,
            N_NIN with Gaussian priors 18.4 +- 4.6 and 5.6 +- 2.0.
  pulls     shape nuisances with unit Gaussian priors, templates interpolated linearly between
            -1, 0, +1: the released +-1 sigma efficiency curves (effCoefficients.txt) and the two
            +-1 sigma quenching (scintillation-response) models (scintRespCoefficients.txt), each
            run through `cevns rate`.  dt, the CEvNS timing offset, is fixed at 0 (default), free
            (--dt free), or has a Gaussian prior (--dt SIGMA_US).
-2 ln L = 2 sum_i [mu_i - n_i + n_i ln(n_i/mu_i)] + sum priors.  Prints the fit, the profile
of N_CEvNS (interval from Delta(-2lnL) = 1) and the significance against N_CEvNS = 0.

Usage: python3 csi2021_fit.py [--regen] [--dt 0|free|SIGMA] [--ss-raw | --ss-prior N,SIGMA] [--no-shape]
(--ss-prior: a Gaussian prior on N_SS instead of the AC channel; the SS shape still from AC.)
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import optimize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "data", "coherent", "csi2021")
RATE_JSON = os.path.join(HERE, "data", "csi2021_cevns_rate.json")
sys.path.insert(0, HERE)
import sns_timing as st  # noqa: E402

PE_EDGES = [0.0, 8.0, 12.0, 16.0, 20.0, 24.0, 32.0, 40.0, 50.0, 60.0]
T_EDGES = [0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0, 2.0, 4.0, 6.0]
# CsI 2021 arrival-time convention (REPORT.md section 3): Gaussian proton pulse, mean incl.
# offset, and width, fitted to the released NIN arrival-time PDF ninTrec.txt.
MEAN = 0.473
SIGMA = 0.143
BRN_PRIOR = (18.4, 4.6)
NIN_PRIOR = (5.6, 2.0)

NOMINAL_EFF = [1.32045, 0.285979, 10.8646, -0.333322]
EFF_VARIANTS = {"eff+": [1.3439, 0.285366, 9.84596, -0.356364],   # file: "+1 sigma"
                "eff-": [1.297, 0.286592, 11.8832, -0.31028]}     # file: "+1 sigma" (2nd; read as -1)
NOMINAL_QF = [0.0554628, 4.30681, -111.707, 840.384]
QF_VARIANTS = {"qf0+": [0.0613632, 3.51547, -85.5548, 595.562], "qf0-": [0.0495624, 5.09815, -137.858, 1085.2],
               "qf1+": [0.055413, 3.93597, -93.1045, 630.092], "qf1-": [0.0555126, 4.67765, -130.309, 1050.68]}


# ------------------------------------------------------------------ the energy-only prediction
def regen_rates():
    base = open(os.path.join(ROOT, "configs", "coherent_csi2021.json")).read()
    # strip // comments for json
    body = "\n".join(l for l in base.splitlines() if not l.lstrip().startswith("//"))
    cfg0 = json.loads(body)
    exe = os.path.join(ROOT, "build", "cevns")
    out = {"source": "cevns rate --json of configs/coherent_csi2021.json with bins.edges = PE_EDGES and "
                     "the released efficiency / scintillation-response variants", "pe_edges": PE_EDGES}
    variants = {"nominal": (NOMINAL_EFF, NOMINAL_QF)}
    for k, v in EFF_VARIANTS.items():
        variants[k] = (v, NOMINAL_QF)
    for k, v in QF_VARIANTS.items():
        variants[k] = (NOMINAL_EFF, v)
    with tempfile.TemporaryDirectory() as td:
        for name, (eff, qf) in variants.items():
            cfg = json.loads(json.dumps(cfg0))
            det = cfg["experiment"]["detector"]
            det["bins"] = {"edges": PE_EDGES}
            det["efficiency"] = {"type": "sigmoid", "a": eff[0], "b": eff[1], "c": eff[2], "d": eff[3]}
            det["quenching"] = {"type": "polynomial", "coefficients_MeV": [0.0] + list(qf)}
            path = os.path.join(td, name + ".json")
            json.dump(cfg, open(path, "w"))
            env = dict(os.environ, CEVNS_DATA_DIR=os.path.join(ROOT, "data"))
            p = subprocess.run([exe, "rate", "--json", path], capture_output=True, text=True, env=env)
            if p.returncode != 0:
                raise SystemExit("cevns rate failed: " + p.stderr)
            r = json.loads(p.stdout)
            comps = [c["flux"] for c in r["components"]]
            out[name] = {c: [b["counts"][i] for b in r["bins"]] for i, c in enumerate(comps)}
    os.makedirs(os.path.dirname(RATE_JSON), exist_ok=True)
    json.dump(out, open(RATE_JSON, "w"), indent=1)
    print("wrote", RATE_JSON)


def load_rates():
    r = json.load(open(RATE_JSON))
    assert r["pe_edges"] == PE_EDGES
    return r


# ------------------------------------------------------------------ templates
def read_table(name):
    return np.loadtxt(os.path.join(DATA, name))


def hist2(events):
    keep = (events[:, 0] >= PE_EDGES[0]) & (events[:, 0] < PE_EDGES[-1]) & (events[:, 1] >= T_EDGES[0]) & (events[:, 1] < T_EDGES[-1])
    return np.histogram2d(events[keep, 0], events[keep, 1], bins=(PE_EDGES, T_EDGES))[0]


def eps_t_array(t):
    return np.where(t < st.A_T, 1.0, np.exp(-st.B_T * (t - st.A_T)))


def bin_1pe_table(tab, edges, half_width, weight=None):
    """Sum a released PDF tabulated at bin centres (width 2*half_width) into edges (by overlap)."""
    c, v = tab[:, 0], tab[:, 1] * (1.0 if weight is None else weight(tab[:, 0]))
    out = np.zeros(len(edges) - 1)
    for k in range(len(edges) - 1):
        ov = np.clip(np.minimum(c + half_width, edges[k + 1]) - np.maximum(c - half_width, edges[k]), 0, None) / (2 * half_width)
        out[k] = np.sum(v * ov)
    return out


def released_bkg(pe_name, t_name):
    pe = bin_1pe_table(read_table(pe_name), PE_EDGES, 0.5)
    tt = bin_1pe_table(read_table(t_name), T_EDGES, 0.005, eps_t_array)
    m = np.outer(pe, tt)
    return m / m.sum()


def ss_factorised(ac):
    keep = (ac[:, 0] < PE_EDGES[-1]) & (ac[:, 1] < T_EDGES[-1]) & (ac[:, 0] >= 0) & (ac[:, 1] >= 0)
    pe = np.histogram(ac[keep, 0], PE_EDGES)[0].astype(float)
    # random-in-time events seen through eps_T: int eps_T over each t bin
    tt = np.array([st.quad(lambda t: st.eps_t(t), a, b, [st.A_T]) for a, b in zip(T_EDGES[:-1], T_EDGES[1:])])
    m = np.outer(pe, tt)
    return m / m.sum()


def time_fractions(mean, sigma, delayed):
    p = st.GaussianPulse(mean, sigma)
    return np.array([st.bin_fraction_C(a, b, p, 0.0, delayed, True) for a, b in zip(T_EDGES[:-1], T_EDGES[1:])])


class TimingGrid:
    """Arrival-time fractions on a grid of dt, interpolated linearly (step 2 ns)."""

    def __init__(self, lo=-0.3, hi=0.3, step=0.002):
        self.dts = np.arange(lo, hi + step / 2, step)
        self.prompt = np.array([time_fractions(MEAN + d, SIGMA, False) for d in self.dts])
        self.delayed = np.array([time_fractions(MEAN + d, SIGMA, True) for d in self.dts])

    def at(self, dt):
        x = np.clip((dt - self.dts[0]) / (self.dts[1] - self.dts[0]), 0, len(self.dts) - 1.000001)
        i = int(x)
        f = x - i
        return ((1 - f) * self.prompt[i] + f * self.prompt[i + 1], (1 - f) * self.delayed[i] + f * self.delayed[i + 1])


# ------------------------------------------------------------------ the model
class Model:
    def __init__(self, dt_mode="0", ss_raw=False, shape=True, ss_prior=None):
        self.ss_prior = ss_prior
        self.rates = load_rates()
        self.c = hist2(read_table("dataBeamOnC.txt"))
        self.acev = read_table("dataBeamOnAC.txt")
        self.ac = hist2(self.acev)
        self.brn = released_bkg("brnPE.txt", "brnTrec.txt")
        self.nin = released_bkg("ninPE.txt", "ninTrec.txt")
        self.ss = ss_factorised(self.acev)
        self.ss_raw = ss_raw
        self.shape = shape
        self.dt_mode = dt_mode
        self.grid = TimingGrid() if dt_mode != "0" else None
        self.fix_t = time_fractions(MEAN, SIGMA, False), time_fractions(MEAN, SIGMA, True)
        self.pulls = ["eff", "qf0", "qf1"] if shape else []
        nominal = self.signal_e("nominal")
        self.n_pred = float(np.sum(self.signal(np.zeros(3), 0.0)))
        self.n_pred_e = float(sum(np.sum(v) for v in nominal.values()))
        # parameter vector: N_CEvNS, N_SS, N_BRN, N_NIN, dt, theta_eff, theta_qf0, theta_qf1
        self.names = ["N_CEvNS", "N_SS", "N_BRN", "N_NIN", "dt"] + ["theta_" + p for p in self.pulls]

    def signal_e(self, variant):
        return {k: np.asarray(v) for k, v in self.rates[variant].items()}

    def energy(self, thetas):
        nom = self.signal_e("nominal")
        out = {k: v.copy() for k, v in nom.items()}
        for j, p in enumerate(self.pulls):
            th = thetas[j]
            other = self.signal_e(p + ("+" if th >= 0 else "-"))
            for k in out:
                out[k] += abs(th) * (other[k] - nom[k])
        return out

    def signal(self, thetas, dt):
        e = self.energy(thetas)
        fp, fd = self.grid.at(dt) if self.grid is not None else self.fix_t
        m = np.outer(e["prompt_numu"], fp) + np.outer(e["delayed_nue"] + e["delayed_numubar"], fd)
        return m

    def unpack(self, x):
        s, nss, nb, nn, dt = x[:5]
        th = np.zeros(3)
        th[:len(self.pulls)] = x[5:5 + len(self.pulls)]
        return s, nss, nb, nn, dt, th

    def m2lnl(self, x):
        s, nss, nb, nn, dt, th = self.unpack(x)
        sig = self.signal(th, dt)
        mu_sig = s * sig / sig.sum()
        if self.ss_raw:
            ss_c = nss * self.ac
        else:
            ss_c = nss * self.ss
        mu = mu_sig + nb * self.brn + nn * self.nin + ss_c
        mu = np.maximum(mu, 1e-300)
        n = self.c
        val = 2 * np.sum(mu - n + np.where(n > 0, n * np.log(np.where(n > 0, n, 1) / mu), 0))
        if self.ss_raw:
            val += ((nss - 1.0) / (1.0 / math.sqrt(self.ac.sum()))) ** 2
        elif self.ss_prior is not None:
            val += ((nss - self.ss_prior[0]) / self.ss_prior[1]) ** 2
        else:
            mua = np.maximum(nss * self.ss, 1e-300)
            na = self.ac
            val += 2 * np.sum(mua - na + np.where(na > 0, na * np.log(np.where(na > 0, na, 1) / mua), 0))
        val += ((nb - BRN_PRIOR[0]) / BRN_PRIOR[1]) ** 2 + ((nn - NIN_PRIOR[0]) / NIN_PRIOR[1]) ** 2
        val += float(np.sum(th ** 2))
        if self.dt_mode not in ("0", "free"):
            val += (dt / float(self.dt_mode)) ** 2
        return val

    def bounds(self, s_fixed=None):
        b = [(0.0, 2000.0) if s_fixed is None else (s_fixed, s_fixed),
             (0.0, 10.0) if self.ss_raw else (0.0, 5000.0), (0.0, 100.0), (0.0, 50.0),
             (0.0, 0.0) if self.dt_mode == "0" else (-0.29, 0.29)]
        b += [(-4.0, 4.0)] * len(self.pulls)
        return b

    def start(self, s=300.0):
        return np.array([s, 1.0 if self.ss_raw else float(self.ac.sum()), BRN_PRIOR[0], NIN_PRIOR[0], 0.0] + [0.0] * len(self.pulls))

    def fit(self, s_fixed=None, x0=None):
        x0 = self.start() if x0 is None else np.array(x0, float)
        if s_fixed is not None:
            x0[0] = s_fixed
        best = None
        for trial in range(3):
            r = optimize.minimize(self.m2lnl, x0, method="L-BFGS-B", bounds=self.bounds(s_fixed),
                                  options={"maxiter": 20000, "ftol": 1e-15, "gtol": 1e-9, "maxfun": 200000})
            if best is None or r.fun < best.fun - 1e-9:
                best = r
            x0 = r.x.copy()
            r2 = optimize.minimize(self.m2lnl, x0, method="Powell", bounds=self.bounds(s_fixed),
                                   options={"xtol": 1e-9, "ftol": 1e-13, "maxfev": 200000})
            if r2.fun < best.fun - 1e-9:
                best = r2
                x0 = r2.x.copy()
            else:
                break
        return best



def main():
    args = sys.argv[1:]
    if "--regen" in args:
        regen_rates()
    dt_mode = "0"
    if "--dt" in args:
        dt_mode = args[args.index("--dt") + 1]
    ss_prior = None
    if "--ss-prior" in args:
        ss_prior = tuple(float(v) for v in args[args.index("--ss-prior") + 1].split(","))
    m = Model(dt_mode=dt_mode, ss_raw="--ss-raw" in args, shape="--no-shape" not in args, ss_prior=ss_prior)
    print("# CsI[Na] 2021 PE x t_rec fit (tools/reference/coherent/csi2021_fit.py); options:", " ".join(args) or "(defaults)")
    print("# observed C events in ROI: %d, AC events: %d" % (m.c.sum(), m.ac.sum()))
    print("# cevns energy-only prediction in 0-60 PE: %.3f; with eps_T and t_rec in [0,6) us: %.3f (pulse mean %.3f us, sigma %.3f us)"
          % (m.n_pred_e, m.n_pred, MEAN, SIGMA))
    best = m.fit()
    x = best.x
    nll0 = best.fun
    print("# best fit: -2lnL = %.4f" % nll0)
    for n, v in zip(m.names, x):
        print("#   %-10s %.5g" % (n, v))
    nbest = x[0]
    print("# N_CEvNS (fitted events in the ROI, after efficiencies) = %.2f = %.4f x the nominal prediction" % (nbest, nbest / m.n_pred))
    xs = np.linspace(max(0.0, nbest - 80), nbest + 80, 33)
    prof = []
    for sv in xs:
        r = m.fit(s_fixed=sv, x0=x)
        prof.append(r.fun - nll0)
    prof = np.array(prof)

    def cross(side):
        for i in range(len(xs) - 1):
            a, b = prof[i], prof[i + 1]
            if side < 0 and xs[i + 1] <= nbest and a >= 1 > b:
                return xs[i] + (a - 1) / (a - b) * (xs[i + 1] - xs[i])
            if side > 0 and xs[i] >= nbest and a < 1 <= b:
                return xs[i] + (1 - a) / (b - a) * (xs[i + 1] - xs[i])
        return float("nan")

    def refine(side):
        c = cross(side)
        if not np.isfinite(c):
            return c
        f = lambda v: m.fit(s_fixed=v, x0=x).fun - nll0 - 1.0
        a, b = (c - 3, c + 3)
        try:
            return optimize.brentq(f, a, b, xtol=1e-3)
        except ValueError:
            return c
    lo, hi = refine(-1), refine(+1)
    print("# profile Delta(-2lnL)=1 interval: N_CEvNS in [%.2f, %.2f] -> %.1f -%.1f +%.1f"
          % (lo, hi, nbest, nbest - lo, hi - nbest))
    r0 = m.fit(s_fixed=0.0, x0=x)
    d0 = r0.fun - nll0
    print("# no-CEvNS fit: Delta(-2lnL) = %.2f -> significance sqrt = %.2f sigma" % (d0, math.sqrt(max(d0, 0))))
    print("# profile (N_CEvNS, Delta -2lnL):")
    for sv, p in zip(xs, prof):
        print("#   %.2f %.4f" % (sv, p))


if __name__ == "__main__":
    main()
