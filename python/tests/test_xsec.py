"""Cross sections from Python against the command, an analytic formula and the μ_ν² law."""
import math

import numpy as np
import pytest

import cevns
from conftest import run_cli


def cli_table(*args):
    """The numbers of `cevns xsec` (rows of T, then per isotope, then the mixture)."""
    rows = [line.split() for line in run_cli("xsec", *args).stdout.splitlines() if not line.startswith("#")]
    return np.array([[float(v) for v in row] for row in rows])


def test_equals_the_command_per_isotope_and_mixture():
    T = [1.0, 5.0, 10.0, 40.0]
    x = cevns.xsec("CsI", 30.0, T)
    table = cli_table("--target", "CsI", "-E", "30", "-T", ",".join(map(str, T)))
    assert [iso[2] for iso in x.isotopes] == ["Cs", "I"]
    np.testing.assert_allclose(x.per_isotope.T, table[:, 1:3], rtol=1e-8)  # the command prints 9 digits
    np.testing.assert_allclose(x.mixture, table[:, 3], rtol=1e-8)


def test_models_equal_the_command():
    x = cevns.xsec("Ge", 10.0, [0.5, 2.0], model={"mu_nu": 1e-9, "m4_MeV": 1.0}, interaction="sterile", flavour="mu")
    table = cli_table("--target", "Ge", "-E", "10", "-T", "0.5,2", "--interaction", "sterile", "--mu-nu", "1e-9",
                      "--m4-MeV", "1", "--flavour", "mu")
    np.testing.assert_allclose(x.mixture, table[:, -1], rtol=1e-8)
    y = cevns.xsec("Ar", 30.0, [1.0, 5.0], model={"nsi": {"ee_u": 0.1}})
    table = cli_table("--target", "Ar", "-E", "30", "-T", "1,5", "--nsi", "ee_u=0.1")
    np.testing.assert_allclose(y.mixture, table[:, -1], rtol=1e-8)


def test_standard_model_without_form_factor_is_the_textbook_formula():
    """dσ/dT = G_F² m_N Q_W² / (4π) (1 − m_N T / (2E²)), Q_W = N − (1 − 4 sin²θ_W) Z (docs/physics.md;
    Freedman 1974), for ¹³³Cs (the only natural isotope) with F = 1 and the leading kinematics."""
    G_F = 1.1663788e-11          # MeV^-2 (PDG)
    hbarc = 1.973269804e-11      # MeV cm
    s2w = 0.23857
    u, m_e = 931.49410242, 0.51099895000   # MeV (CODATA 2018)
    m_N = 132.905451958 * u - 55 * m_e     # AME2020 atomic mass less the electrons
    Q_W = 78 - (1 - 4 * s2w) * 55
    E = np.array([[20.0], [50.0]])
    T = np.array([0.5, 2.0, 5.0])  # keV, below the end point 2E²/(m_N + 2E) = 6.4 keV at 20 MeV
    expect = G_F**2 * m_N * Q_W**2 / (4 * math.pi) * (1 - m_N * T * 1e-3 / (2 * E**2)) * hbarc**2
    x = cevns.xsec("Cs", E, T, model={"form_factor": {"type": "none"}, "kinematics": "leading"})
    assert x.mixture.shape == (2, 3)
    np.testing.assert_allclose(x.mixture, expect, rtol=2e-6)


def test_magnetic_rate_scales_as_mu_squared_and_broadcasts():
    E = np.linspace(5, 15, 4)[:, None]
    T = np.array([0.3, 1.0, 3.0])
    a = cevns.xsec("Ge", E, T, model={"mu_nu": 1e-10}, interaction="magnetic")
    b = cevns.xsec("Ge", E, T, model={"mu_nu": 3e-10}, interaction="magnetic")
    assert a.per_isotope.shape == (len(a.isotopes), 4, 3)
    assert sum(iso[3] for iso in a.isotopes) == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(b.mixture, 9.0 * a.mixture, rtol=1e-12)
    fractions = np.array([iso[3] for iso in a.isotopes])
    np.testing.assert_allclose(a.mixture, np.tensordot(fractions, a.per_isotope, axes=1), rtol=1e-14)


def test_out_of_reach_recoil_is_zero_and_bad_input_raises():
    x = cevns.xsec("Xe", 1.0, [0.001, 100.0])
    assert x.mixture[0] > 0 and x.mixture[1] == 0.0
    with pytest.raises(cevns.PhysicsError, match="must be > 0"):
        cevns.xsec("Xe", [10.0, -1.0], 1.0)
    with pytest.raises(cevns.PhysicsError, match="must be > 0"):
        cevns.xsec("Xe", 10.0, [1.0, float("nan")])
    with pytest.raises(cevns.ConfigError, match=r"xsec: model\.mu_nu"):
        cevns.xsec("Xe", 10.0, 1.0, model={"mu_nu": -1e-10}, interaction="magnetic")
    with pytest.raises(ValueError, match="interaction must be one of"):
        cevns.xsec("Xe", 10.0, 1.0, interaction="weak")
    with pytest.raises(cevns.ConfigError, match="unknown element 'Qq'"):
        cevns.xsec("Qq", 10.0, 1.0)


def test_model_from_a_config_equals_the_commands_config_option(config_path):
    """The config's model (a universal Z' of 10 MeV, coupling 0 there) with the coupling set to
    1e-4, against `cevns xsec --config ... --zprime-g 1e-4`."""
    path = config_path("coherent_lar2020_zprime.json")
    zprime = {"zprime": {"preset": "universal", "mass_MeV": 10, "g": 1e-4}}
    x = cevns.xsec(None, 30.0, [5.0, 10.0], config=cevns.load_config(path), model=zprime)
    table = cli_table("--config", path, "-E", "30", "-T", "5,10", "--zprime-g", "1e-4")
    assert [iso[2] + str(iso[1]) for iso in x.isotopes] == ["Ar36", "Ar38", "Ar40"]
    np.testing.assert_allclose(x.per_isotope.T, table[:, 1:4], rtol=1e-8)
    sm = cevns.xsec("Ar", 30.0, [5.0, 10.0])
    assert np.all(np.abs(x.mixture / sm.mixture - 1) > 1e-3)  # the mediator changes it
