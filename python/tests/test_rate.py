"""Counts from Python equal the command's JSON, bin by bin and component by component."""
import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import cevns
from conftest import run_cli


@pytest.mark.parametrize("name", ["coherent_csi2021.json", "coherent_csi2021_fit.json", "cdex10_solar.json",
                                  "sns_seed000_ne.json"])
def test_counts_equal_the_commands_json(name, config_path):
    path = config_path(name)
    r = cevns.rate(cevns.load_config(path))
    cli = json.loads(run_cli("rate", "--json", path).stdout)
    ours = r.to_dict()
    assert ours["components"] == cli["components"]
    assert len(ours["bins"]) == len(cli["bins"])
    for mine, theirs in zip(ours["bins"], cli["bins"]):
        assert mine.keys() == theirs.keys()
        for key in mine:
            np.testing.assert_allclose(mine[key], theirs[key], rtol=1e-15, atol=0)
    assert ours["total"] == pytest.approx(cli["total"], rel=1e-14)


def test_bins_beyond_energy_have_their_ranges(config_path):
    r = cevns.rate(config_path("coherent_csi2021_fit.json"))
    assert r.bin_axes == ["PE", "time_us"]  # the observable, then the arrival time
    assert r.lo.shape == (len(r.total), 2)
    assert np.all(r.hi > r.lo)


def test_reference_integrator_agrees_with_the_fast_path(config_path):
    cfg = cevns.load_config(config_path("coherent_csi2021.json"))
    fast, ref = cevns.rate(cfg), cevns.rate(cfg, integrator="reference")
    np.testing.assert_allclose(fast.counts, ref.counts, rtol=1e-6)
    assert ref.integrator == "reference"


def test_per_flux_sums_to_total(config_path):
    r = cevns.rate(config_path("coherent_csi2021.json"))
    flux = r.per_flux()
    assert set(flux) == {"prompt_numu", "delayed_nue", "delayed_numubar"}
    np.testing.assert_allclose(sum(flux.values()), r.total, rtol=1e-14)


def test_concurrent_calls_give_the_sequential_numbers(config_path):
    cfg = cevns.load_config(config_path("coherent_csi2021_fit.json"))
    alone = cevns.rate(cfg).counts
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: cevns.rate(cfg).counts, range(8)))
    for counts in results:
        np.testing.assert_array_equal(counts, alone)


def test_repr_and_bad_integrator(config_path):
    r = cevns.rate(config_path("coherent_csi2021.json"))
    assert "events" in repr(r) and "delayed_nue:sm" in repr(r)
    with pytest.raises(ValueError, match="integrator"):
        cevns.rate(config_path("coherent_csi2021.json"), integrator="simpson")
