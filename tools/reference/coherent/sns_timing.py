#!/usr/bin/env python3
"""Independent reference for the SNS neutrino arrival-time model (issue 12).

Model (times in microseconds):
    t = t_p + t_pi + offset                 prompt   (nu_mu, from pi+ -> mu+ nu_mu)
    t = t_p + t_pi + t_mu + offset          delayed  (nu_e and nu_mu-bar, from mu+ decay)
with t_p the proton time on target (a Gaussian(mean, sigma) or a tabulated, piecewise-linear
density given as (t, weight) nodes, zero outside the first and last node), t_pi ~ Exp(mean
TAU_PI) and t_mu ~ Exp(mean TAU_MU), all independent.

For every bin [t0, t1) this prints
    F = integral_{t0}^{t1} eps_T(t) f(t) dt
with f the arrival-time density of the component (unit integral over all t) and eps_T the
CsI[Na] 2021 time efficiency (eps_T = 1 for t < A_T, exp(-B_T (t - A_T)) beyond), and also F
with eps_T = 1.

Two methods, which share nothing but the model definition:
  A  direct numerical integration, scipy.integrate.quad nested three (delayed) or two (prompt)
     deep: the density f(t) by quad over the pion (and muon) decay times, then the bin
     integral by quad over t.  Used for every pulse.
  C  closed-form densities (exponentially modified Gaussian; its two-exponential extension for
     the delayed flavours), integrated over the bin by quad.  Gaussian pulse only.
  B  (tabulated pulse) the order swapped: quad over the decay times outside, the pulse's own
     bin integral inside.
The printed value is A's; the largest relative difference to C (or B) is printed as well, so
the number of significant digits that can be trusted is visible.  With the tolerances below
the methods agree to <= 1e-12 relative wherever F > 1e-12.

Usage:  python3 sns_timing.py            (all documented cases; a few minutes on one core)
        python3 sns_timing.py --quick    (the Gaussian cases with method C only, seconds)
"""
import math
import sys

import numpy as np
from scipy import integrate, special

TAU_PI = 0.026   # us, pi+ mean life (PDG: 26.033 ns; the value of the brief)
TAU_MU = 2.197   # us, mu+ mean life (PDG: 2.1969811 us; the value of the brief)
A_T = 0.52       # us, CsI 2021 time efficiency: flat to A_T ...
B_T = 0.0494     # 1/us, ... then exp(-B_T (t - A_T))  (see REPORT.md for the sources)

EPSREL = 1e-13
EPSABS = 1e-17
LIMIT = 400


def eps_t(t, on=True):
    if not on or t < A_T:
        return 1.0
    return math.exp(-B_T * (t - A_T))


def quad(f, a, b, points=None):
    if b <= a:
        return 0.0
    pts = None
    if points is not None:
        pts = sorted(p for p in set(points) if a < p < b)
        if not pts:
            pts = None
    val, _ = integrate.quad(f, a, b, points=pts, epsabs=EPSABS, epsrel=EPSREL, limit=LIMIT)
    return val


# ---------------------------------------------------------------- pulses
class GaussianPulse:
    def __init__(self, mean, sigma):
        self.mean, self.sigma = float(mean), float(sigma)
        self.lo, self.hi = self.mean - 12 * self.sigma, self.mean + 12 * self.sigma
        self.kinks = [self.mean]

    def pdf(self, x):
        z = (x - self.mean) / self.sigma
        return math.exp(-0.5 * z * z) / (self.sigma * math.sqrt(2 * math.pi))

    def describe(self):
        return "Gaussian pulse mean %.6g us, sigma %.6g us" % (self.mean, self.sigma)


class TabulatedPulse:
    """Piecewise-linear density through (t_i, w_i), zero outside [t_0, t_n]; normalised here."""

    def __init__(self, t, w):
        self.t = np.asarray(t, float)
        w = np.asarray(w, float)
        if np.any(np.diff(self.t) <= 0) or np.any(w < 0):
            raise ValueError("nodes must increase and weights be >= 0")
        area = float(np.sum(0.5 * (w[1:] + w[:-1]) * np.diff(self.t)))
        self.w = w / area
        self.lo, self.hi = float(self.t[0]), float(self.t[-1])
        self.kinks = list(self.t)

    def pdf(self, x):
        if x < self.lo or x > self.hi:
            return 0.0
        return float(np.interp(x, self.t, self.w))

    def describe(self):
        pairs = ", ".join("(%g, %g)" % (a, b) for a, b in zip(self.t, self.w * 1.0))
        return "tabulated pulse, normalised nodes (t us, density 1/us): " + pairs


# ---------------------------------------------------------------- method A: nested quad
def density_prompt_A(t, pulse, offset):
    """f_p(t) = int_0^inf e_pi(s) p(t - offset - s) ds."""
    x = t - offset
    s_lo = max(0.0, x - pulse.hi)
    s_hi = min(80 * TAU_PI, x - pulse.lo)
    if s_hi <= s_lo:
        return 0.0
    pts = [x - k for k in pulse.kinks]
    return quad(lambda s: math.exp(-s / TAU_PI) / TAU_PI * pulse.pdf(x - s), s_lo, s_hi, pts)


def density_delayed_A(t, pulse, offset):
    """f_d(t) = int_0^inf e_mu(u) f_p(t - u) du."""
    u_hi = min(60 * TAU_MU, t - offset - pulse.lo)
    if u_hi <= 0:
        return 0.0
    x = t - offset
    # f_p(t - u) peaks where t - u - offset sits at the pulse: give quad those places
    pts = [x - k for k in pulse.kinks] + [x - pulse.lo, x - pulse.hi]
    if isinstance(pulse, GaussianPulse):
        pts += [x - pulse.mean + j * pulse.sigma for j in (-6, -3, -1, 1, 3, 6)]
    pts += [x - pulse.hi - 3 * TAU_PI, x - pulse.hi - 10 * TAU_PI]
    return quad(lambda u: math.exp(-u / TAU_MU) / TAU_MU * density_prompt_A(t - u, pulse, offset),
                0.0, u_hi, pts)


def bin_fraction_A(t0, t1, pulse, offset, delayed, eff_on):
    dens = density_delayed_A if delayed else density_prompt_A
    pts = [A_T] + [k + offset for k in pulse.kinks] + [pulse.lo + offset, pulse.hi + offset]
    if isinstance(pulse, GaussianPulse):
        pts += [pulse.mean + offset + j * pulse.sigma for j in (-6, -3, -1, 1, 3, 6)]
    pts += [pulse.hi + offset + j * TAU_PI for j in (1, 3, 10, 30)]
    lo = t0
    if not delayed:
        lo = max(t0, pulse.lo + offset)
    hi = t1
    if not delayed:
        hi = min(t1, pulse.hi + offset + 80 * TAU_PI)
    return quad(lambda t: eps_t(t, eff_on) * dens(t, pulse, offset), lo, hi, pts)


# ---------------------------------------------------------------- method C: closed forms
def emg(t, mu, sigma, tau):
    """Density of N(mu, sigma) + Exp(mean tau), written with erfcx so that it stays finite."""
    z = (t - mu) / sigma
    y = (sigma / tau - z) / math.sqrt(2.0)
    # (1/tau) exp(sigma^2/(2 tau^2) - (t-mu)/tau) Phi(z - sigma/tau)
    #   = (1/(2 tau)) exp(-z^2/2) erfcx(y)
    return 0.5 / tau * math.exp(-0.5 * z * z) * special.erfcx(y) if y > -25 else \
        (1.0 / tau) * math.exp(0.5 * (sigma / tau) ** 2 - (t - mu) / tau) * special.ndtr(z - sigma / tau)


def density_prompt_C(t, pulse, offset):
    return emg(t, pulse.mean + offset, pulse.sigma, TAU_PI)


def density_delayed_C(t, pulse, offset):
    # Exp(TAU_PI) + Exp(TAU_MU) has density (e^{-x/TAU_MU} - e^{-x/TAU_PI}) / (TAU_MU - TAU_PI)
    m = pulse.mean + offset
    return (TAU_MU * emg(t, m, pulse.sigma, TAU_MU) - TAU_PI * emg(t, m, pulse.sigma, TAU_PI)) / (TAU_MU - TAU_PI)


def bin_fraction_C(t0, t1, pulse, offset, delayed, eff_on):
    dens = density_delayed_C if delayed else density_prompt_C
    m = pulse.mean + offset
    pts = [A_T] + [m + j * pulse.sigma for j in (-6, -3, -1, 0, 1, 3, 6)] + [m + 6 * pulse.sigma + j * TAU_PI for j in (3, 10, 30)]
    lo, hi = t0, t1
    if not delayed:
        lo = max(t0, m - 12 * pulse.sigma)
        hi = min(t1, m + 12 * pulse.sigma + 80 * TAU_PI)
    return quad(lambda t: eps_t(t, eff_on) * dens(t, pulse, offset), lo, hi, pts)


# ---------------------------------------------------------------- method B: order swapped
def pulse_bin_integral(pulse, c, t0, t1, eff_on):
    """int_{t0}^{t1} eps(t) p(t - c) dt  (p the pulse density shifted by c)."""
    lo, hi = max(t0, pulse.lo + c), min(t1, pulse.hi + c)
    if hi <= lo:
        return 0.0
    return quad(lambda t: eps_t(t, eff_on) * pulse.pdf(t - c), lo, hi, [A_T] + [k + c for k in pulse.kinks])


def bin_fraction_B(t0, t1, pulse, offset, delayed, eff_on):
    def over_s(shift):  # int e_pi(s) W(offset + shift + s) ds
        s_lo = max(0.0, t0 - offset - shift - pulse.hi)
        s_hi = min(80 * TAU_PI, t1 - offset - shift - pulse.lo)
        if s_hi <= s_lo:
            return 0.0
        pts = [t0 - offset - shift - k for k in pulse.kinks] + [t1 - offset - shift - k for k in pulse.kinks]
        return quad(lambda s: math.exp(-s / TAU_PI) / TAU_PI * pulse_bin_integral(pulse, offset + shift + s, t0, t1, eff_on),
                    s_lo, s_hi, pts)

    if not delayed:
        return over_s(0.0)
    u_hi = min(60 * TAU_MU, t1 - offset - pulse.lo)
    if u_hi <= 0:
        return 0.0
    pts = [t0 - offset - k for k in pulse.kinks] + [t1 - offset - k for k in pulse.kinks] + \
          [t0 - offset - pulse.hi, t1 - offset - pulse.hi]
    return quad(lambda u: math.exp(-u / TAU_MU) / TAU_MU * over_s(u), 0.0, u_hi, pts)


# ---------------------------------------------------------------- cases
CSI_FIT_EDGES = [0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0, 2.0, 4.0, 6.0]
HALF_US_EDGES = [0.5 * i for i in range(13)]

# Case 1: the SNS proton-on-target trace of the LAr Analysis A release
#   (LArParametersAnlA.yaml, snsPOTTraceTiming: Gaussian, mean 440 ns, width 150 ns), offset 0.
# Case 2: the CsI 2021 values determined in REPORT.md section 3 (a fit of this model to the
#   CsI 2021 coincidence data, since snsFlux2D.root could not be obtained): pulse mean
#   CSI_MEAN with offset 0 (only mean + offset is identifiable), sigma CSI_SIGMA.
# Case 3: a tabulated (trapezoid-like) pulse with an offset, to test the piecewise-linear path.
CSI_MEAN = 0.473  # us  (REPORT.md section 3: fit to the released ninTrec.txt, csi2021_pulse.py)
CSI_SIGMA = 0.143  # us
TAB_NODES = ([-0.20, 0.00, 0.10, 0.30, 0.45, 0.60], [0.0, 1.0, 2.0, 2.0, 0.5, 0.0])
TAB_OFFSET = 0.10

CASES = [
    ("case1_lar_pot_trace", GaussianPulse(0.44, 0.15), 0.0),
    ("case2_csi2021", GaussianPulse(CSI_MEAN, CSI_SIGMA), 0.0),
    ("case3_tabulated", TabulatedPulse(*TAB_NODES), TAB_OFFSET),
]


def run_case(name, pulse, offset, edges, quick):
    gauss = isinstance(pulse, GaussianPulse)
    print("## %s: %s; offset %.6g us; tau_pi %.6g us, tau_mu %.6g us; eps_T: a=%.6g us, b=%.6g /us"
          % (name, pulse.describe(), offset, TAU_PI, TAU_MU, A_T, B_T))
    print("# bins [t0, t1) us: " + " ".join("%g" % e for e in edges))
    print("# columns: t0 t1 prompt(eps_T) delayed(eps_T) prompt(eps=1) delayed(eps=1)")
    worst = 0.0
    totals = np.zeros(4)
    for t0, t1 in zip(edges[:-1], edges[1:]):
        row = []
        for eff_on in (True, False):
            for delayed in (False, True):
                if quick and gauss:
                    v = bin_fraction_C(t0, t1, pulse, offset, delayed, eff_on)
                else:
                    v = bin_fraction_A(t0, t1, pulse, offset, delayed, eff_on)
                    check = (bin_fraction_C if gauss else bin_fraction_B)(t0, t1, pulse, offset, delayed, eff_on)
                    if v > 1e-12:
                        worst = max(worst, abs(v - check) / v)
                row.append(v)
        totals += row
        print("%-6g %-6g %.12e %.12e %.12e %.12e" % (t0, t1, row[0], row[1], row[2], row[3]))
    print("# sums over the bins: %.12e %.12e %.12e %.12e" % tuple(totals))
    if not quick or not gauss:
        print("# largest relative difference A vs %s (bins with F > 1e-12): %.3e" % ("C" if gauss else "B", worst))
    print()


def main():
    quick = "--quick" in sys.argv
    for name, pulse, offset in CASES:
        if quick and not isinstance(pulse, GaussianPulse):
            continue
        for edges in (HALF_US_EDGES, CSI_FIT_EDGES):
            run_case(name, pulse, offset, edges, quick)


if __name__ == "__main__":
    main()
