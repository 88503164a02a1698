"""Scans from Python: the numbers of the command's run folder, in memory and as a folder; the
map as xarray; threads, the GIL, progress and errors."""
import csv
import json
import threading
import time

import numpy as np
import pytest

import cevns
from conftest import run_cli


@pytest.fixture(scope="module")
def sterile_run(tmp_path_factory):
    """`cevns scan configs/default.json` (seed 002's sterile (μ_ν, m4) map) by the command."""
    from conftest import ROOT
    out = tmp_path_factory.mktemp("runs") / "sterile"
    run_cli("scan", ROOT / "configs" / "default.json", "--out", out, "--quiet", "--no-figures")
    return out


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def test_2d_map_equals_the_commands_run_folder(sterile_run, config_path):
    s = cevns.scan(config_path("default.json"))
    summary = json.loads((sterile_run / "summary.json").read_text())
    assert [a.name for a in s.axes] == ["mu_nu", "m4_MeV"]
    assert s.chi2.shape == (48, 40)
    assert s.best_fit["mu_nu"] == summary["best_fit"]["mu_nu"]
    assert s.best_fit["m4_MeV"] == summary["best_fit"]["m4_MeV"]
    assert s.chi2_min == pytest.approx(summary["best_fit"]["chi2_min"], rel=1e-12)
    assert s.dof == summary["dof"] == 2
    assert s.thresholds[0.9] == pytest.approx(4.605170186, rel=1e-9)  # Wilks, 2 dof (chi2 quantile)
    rows = read_csv(sterile_run / "limits.csv")
    lim = s.limits[0.9]
    np.testing.assert_allclose(lim["y"], [float(r["m4_MeV"]) for r in rows], rtol=1e-9)
    np.testing.assert_allclose(lim["exclusion"], [float(r["mu_nu_exclusion"]) for r in rows], rtol=1e-9)
    lines = (sterile_run / "contour_90.csv").read_text().splitlines()
    assert lines[1] == "mu_nu,m4_MeV"
    contour = np.array([[float(v) for v in line.split(",")] for line in lines[2:] if line])
    ours = np.concatenate(s.contours[0.9])
    np.testing.assert_allclose(ours, contour[:, :2], rtol=1e-9)


def test_1d_limits_equal_summary_json(tmp_path, config_path):
    path = config_path("cdex10_active_mu.json")
    run_cli("scan", path, "--out", tmp_path / "r", "--quiet", "--no-figures")
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    s = cevns.scan(path)
    for entry in summary["limits"]:
        lower, upper = s.limits[entry["cl"]]
        assert np.isnan(lower) and entry["lower"] is None
        assert upper == pytest.approx(entry["upper"], rel=1e-14)
    assert s.counts.shape == (301, 20)


def test_run_folder_from_python_reads_back_the_same_map(tmp_path, config_path):
    path = config_path("coherent_csi2017_nsi.json")
    mem = cevns.scan(path)
    disk = cevns.scan(path, out=tmp_path / "nsi", figures=False)
    assert disk.run_dir == str(tmp_path / "nsi")
    assert (tmp_path / "nsi" / "summary.json").exists()
    np.testing.assert_array_equal(disk.chi2, mem.chi2)
    np.testing.assert_array_equal(disk.counts, mem.counts)
    assert disk.best_fit == mem.best_fit
    again = cevns.load_run(tmp_path / "nsi")
    np.testing.assert_array_equal(again.limits[0.9]["exclusion"], mem.limits[0.9]["exclusion"])
    with pytest.raises(cevns.CevnsError, match="exists"):
        cevns.scan(path, out=tmp_path / "nsi")


def test_open_map_names_the_axes(sterile_run):
    ds = cevns.open_map(sterile_run)
    assert ds["chi2"].dims == ("mu_nu", "m4_MeV")
    assert ds["counts"].dims == ("mu_nu", "m4_MeV", "bin")
    assert ds["mu_nu"].attrs["units"] == "mu_B" and ds["m4_MeV"].attrs["units"] == "MeV"
    assert ds.sizes["bin_edges"] == ds.sizes["bin"] + 1
    point = ds["delta_chi2"].sel(mu_nu=1e-10, m4_MeV=20.0, method="nearest")
    assert float(point) == pytest.approx(0.0, abs=1e-12)  # the best fit of the run
    s = cevns.load_run(sterile_run)
    np.testing.assert_array_equal(ds["chi2"].values, s.chi2)
    np.testing.assert_array_equal(s.to_xarray()["counts"].values, ds["counts"].values)


def test_threads_give_the_same_map(config_path):
    path = config_path("coherent_csi2021_fit_nsi.json")
    one = cevns.scan(path, threads=1)
    two = cevns.scan(path, threads=2)
    np.testing.assert_allclose(two.chi2, one.chi2, rtol=1e-12, atol=0)


def test_the_gil_is_released_during_a_scan(config_path):
    """While a scan runs in another thread, this thread keeps running Python: the longest pause
    between its steps is a small part of the scan's time."""
    cfg = cevns.load_config(config_path("coherent_csi2021_fit_nsi.json"))  # about 1.5 s on one core
    done = threading.Event()
    span = {}

    def work():
        t0 = time.perf_counter()
        cevns.scan(cfg, direct=True, threads=1)
        span["scan"] = time.perf_counter() - t0
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    last, longest = time.perf_counter(), 0.0
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    assert span["scan"] > 0.1, "the scan is too short to tell"
    assert longest < 0.5 * span["scan"], f"paused {longest:.3f} s of a {span['scan']:.3f} s scan"


def test_progress_callback_and_interruption(config_path):
    seen = []
    cevns.scan(config_path("default.json"), progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 10
    assert seen[-1] == (1920, 1920)
    assert all(a[0] < b[0] for a, b in zip(seen, seen[1:]))

    class Stop(Exception):
        pass

    def stop(done, total):
        raise Stop()

    with pytest.raises(Stop):
        cevns.scan(config_path("default.json"), progress=stop)


def test_scan_errors_carry_the_commands_message(config_path):
    path = config_path("coherent_csi2021.json")  # no scan section
    proc = run_cli("scan", path, "--out", "/nonexistent/x", check=False)
    with pytest.raises(cevns.ConfigError) as info:
        cevns.scan(path)
    assert proc.stderr.strip() == f"cevns: error: {info.value.message}"
    with pytest.raises(cevns.CevnsError, match="engine"):
        cevns.scan(config_path("default.json"), engine="abacus")


def test_feldman_cousins_run_folder_opens_in_xarray(tmp_path, config_path):
    """A Feldman-Cousins run (100 toys a point) from Python: the group's critical values over
    (cl, axes...) and the toys over (axes..., toy), as in map.h5's layout (docs/scan.md)."""
    cfg = cevns.load_config(config_path("coherent_csi2021_nsi_fc.json"))
    cfg = cfg.updated({"scan": {"feldman_cousins": {"toys": 100, "seed": 7}}})
    s = cevns.scan(cfg, out=tmp_path / "fc", figures=False)
    fc = cevns.open_map(tmp_path / "fc", group="feldman_cousins")
    axes = tuple(a.name for a in s.axes)
    assert fc["critical"].dims == ("cl",) + axes
    assert fc["toys"].dims == axes + ("toy",) and fc.sizes["toy"] == 100
    # the critical value is a quantile of the toys' delta chi2: between their extremes
    crit = fc["critical"].sel(cl=0.9).values
    assert np.all(crit >= fc["toys"].min("toy").values - 1e-12)
    assert np.all(crit <= fc["toys"].max("toy").values + 1e-12)
    assert (tmp_path / "fc" / "fc.csv").exists()
