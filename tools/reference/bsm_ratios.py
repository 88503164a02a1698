#!/usr/bin/env python3
"""Reference ratios dsigma_model/dsigma_SM for the physics beyond the seeds, written from the
formulas of shared/PHYSICS.md §4 and §8 in plain Python (standard library only), independently of
kernels/common.  tests/test_beyond.c compares `cevns_xsec_evaluate` with the numbers this prints.

Set-up: nu_mu, E = 30 MeV, no form factor (every ratio below is independent of F when F_p = F_n),
the `full` kinematic factor, sin^2 theta_W = 0.23857, nuclear masses from AME2020 atomic masses
(M u - Z m_e).  The L_mu - L_tau loop is integrated numerically (midpoint rule), not in closed form.

Cross-checks (docs/validation.md): for the universal and B-L Z' the same ratios come out of
pyCEvNS's own code (athompson-tamu/pyCEvNS @ 268e5bd1) once its coupling convention is mapped
(its g_nu g_q is twice ours: eps = g_nu g_q / (2 sqrt2 G_F M^2)) and its radiative corrections are
switched off, to 2.3e-15 at its nuclear mass."""
import math

GF, ALPHA, HBARC_CM = 1.1663788e-11, 1 / 137.035999084, 1.973269804e-11
U, ME, MMU, MTAU = 931.49410242, 0.51099895, 105.6583755, 1776.86
S2W, E = 0.23857, 30.0
NUCLEI = {"Cs133": (55, 78, 132.905451961), "Ar40": (18, 22, 39.9623831237)}  # AME2020 atomic masses (u)


def loop(q2, steps=200000):
    s = 0.0
    for i in range(steps):
        x = (i + 0.5) / steps
        t = x * (1 - x)
        s += t * math.log((MTAU**2 + t * q2) / (MMU**2 + t * q2))
    return s / steps


def ratios(name, t_kev):
    z, n, mu = NUCLEI[name]
    m, t = mu * U - z * ME, t_kev * 1e-3
    q2 = 2 * m * t
    k_full = 1 - t / E - m * t / (2 * E**2) + t**2 / (2 * E**2)
    gp = 0.5 - 2 * S2W
    sm = z * gp - 0.5 * n
    prop = lambda g, mass: g * g / (math.sqrt(2) * GF * (q2 + mass**2))
    out = {
        "universal g=1e-4 M=10": sm + 3 * (z + n) * prop(1e-4, 10.0),
        "b_minus_l g=1e-4 M=100": sm - (z + n) * prop(1e-4, 100.0),
        "lmu_ltau g=5e-4 M=10": sm + 2 * ALPHA / math.pi * loop(q2) * z * prop(5e-4, 10.0),
        "charge radius -1e-32 cm2": z * (gp + math.sqrt(2) * math.pi * ALPHA / (3 * GF) * 1e-32 / HBARC_CM**2) - 0.5 * n,
        "millicharge 1e-8": z * (gp - 2 * math.sqrt(2) * math.pi * ALPHA * 1e-8 / (GF * q2)) - 0.5 * n,
    }
    res = {key: (q / sm) ** 2 for key, q in out.items()}
    g, mass = 1e-5, 10.0
    qphi = g * (15.1 * z + 14.0 * n)
    scalar = g * g * qphi**2 * m * m * t / (4 * math.pi * E**2 * (q2 + mass**2) ** 2)
    res["scalar g=1e-5 M=10"] = scalar / (GF**2 * m / math.pi * sm**2 * k_full)
    return res


if __name__ == "__main__":
    for name in NUCLEI:
        for t in (1.0, 5.0, 10.0):
            for key, r in ratios(name, t).items():
                print(f"{name:6s} T={t:4.1f} keV  {key:26s} {r:.15e}")
