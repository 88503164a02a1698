"""The spectrum figure from Python: the same C code and the same numbers as `cevns rate --figure`."""
import json

import numpy as np
import pytest

import cevns
from conftest import run_cli


def looks_like_png_and_pdf(paths):
    png, pdf = paths
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    with open(pdf, "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_overlay_draws_the_commands_counts(tmp_path, config_path):
    """Two models on the CsI 2021 energy x time config: the counts Python draws (projected onto
    energy) equal those the command reports drawing (--json)."""
    path = config_path("coherent_csi2021_fit.json")
    cli = json.loads(run_cli("rate", path, "--figure", "--out", tmp_path / "cli", "--json",
                             "--model", "SM:interactions=[sm]", "--model", "NSI:nsi.ee_u=0.1").stdout)
    cfg = cevns.load_config(path)
    sm = cevns.rate(cfg.updated({"model": {"interactions": ["sm"]}}))
    nsi = cevns.rate(cfg.updated({"model": {"nsi": {"ee_u": 0.1}}}))
    paths = cevns.rate_figure(tmp_path / "py", {"SM": sm, "NSI": nsi})
    looks_like_png_and_pdf(paths)
    assert cli["projected_onto_energy"] is True
    np.testing.assert_array_equal(sm.energy_projection().edges, cli["edges"])
    for rate, model in zip((sm, nsi), cli["models"]):
        projected = rate.energy_projection()
        assert projected.component_names == cli["components"]
        np.testing.assert_allclose(projected.counts, model["counts"], rtol=1e-13)
    # the projection keeps every event
    assert sm.energy_projection().total.sum() == pytest.approx(sm.total.sum(), rel=1e-14)


def test_one_model_and_bad_input(tmp_path, config_path):
    r = cevns.rate(config_path("cdex10_solar.json"))
    looks_like_png_and_pdf(r.figure(tmp_path / "solar.png", title="CDEX-10-like, solar"))
    with pytest.raises(ValueError, match="share their bins"):
        cevns.rate_figure(tmp_path / "x", [r, cevns.rate(config_path("coherent_csi2021.json"))])
    with pytest.raises(cevns.CevnsError, match="cannot"):
        r.figure(tmp_path / "no_such_folder" / "x")
    assert not list((tmp_path).glob("x.*"))


def test_non_finite_counts_and_mismatched_labels_are_refused(tmp_path, config_path):
    r = cevns.rate(config_path("cdex10_solar.json"))
    r.counts = r.counts.copy()
    r.counts[0, 0] = np.nan
    with pytest.raises(cevns.CevnsError, match=r"models\[0\]\.counts\[0\] is not finite"):
        r.figure(tmp_path / "nan")
    with pytest.raises(ValueError, match="2 labels for 1 rates"):
        cevns.rate_figure(tmp_path / "x", [cevns.rate(config_path("cdex10_solar.json"))], labels=["a", "b"])
    assert not list(tmp_path.iterdir())
