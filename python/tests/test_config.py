"""Configs from Python: the same reader, defaults and messages as the command."""
import json

import pytest

import cevns
from conftest import ROOT, run_cli


def test_resolved_config_equals_the_commands(config_path):
    path = config_path("coherent_csi2021.json")
    ours = cevns.load_config(path).to_dict()
    theirs = json.loads(run_cli("rate", "--print-config", path).stdout)
    assert ours == theirs


def test_dict_round_trip_gives_the_same_config(config_path):
    cfg = cevns.load_config(config_path("default.json"))
    again = cevns.config_from_dict(cfg.to_dict(), base_dir=ROOT / "configs")
    assert again.to_dict() == cfg.to_dict()


BAD_CONFIGS = {
    # a value out of range: the message names the file and the key
    "negative_mass": lambda text: text.replace('"mass_kg": 14.6', '"mass_kg": -14.6'),
    "syntax": lambda text: text[: len(text) // 2],
    "deep": lambda text: "[" * 100 + "]" * 100,
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_config_error_carries_the_commands_message(case, tmp_path, config_path):
    text = BAD_CONFIGS[case](config_path("coherent_csi2021.json").read_text())
    bad = tmp_path / f"{case}.json"
    bad.write_text(text)
    proc = run_cli("rate", bad, check=False)
    assert proc.returncode != 0
    with pytest.raises(cevns.ConfigError) as info:
        cevns.load_config(bad)
    assert proc.stderr.strip() == f"cevns: error: {info.value.message}"
    assert info.value.exit_code == proc.returncode
    assert str(bad) in info.value.message


def test_negative_mass_names_the_key(tmp_path, config_path):
    text = config_path("coherent_csi2021.json").read_text()
    assert '"mass_kg": 14.6' in text  # the case above edits this key
    bad = tmp_path / "neg.json"
    bad.write_text(BAD_CONFIGS["negative_mass"](text))
    with pytest.raises(cevns.ConfigError, match=r"experiment\.detector.*mass_kg"):
        cevns.load_config(bad)


def test_missing_file():
    with pytest.raises(cevns.ConfigError, match="no_such.json: cannot open config"):
        cevns.load_config("no_such.json")


def test_dict_errors_name_the_key():
    with pytest.raises(cevns.ConfigError, match=r"<dict>: experiment: required key is missing"):
        cevns.config_from_dict({"model": {}})
    cfg = cevns.load_config(ROOT / "configs" / "default.json").to_dict()
    cfg["model"]["mu_nu"] = -1.0
    with pytest.raises(cevns.ConfigError, match=r"model.*mu_nu"):
        cevns.config_from_dict(cfg)
    with pytest.raises(cevns.ConfigError, match="a config must be a dict, got list"):
        cevns.config_from_dict([1, 2])
    with pytest.raises(cevns.ConfigError, match="not representable as JSON"):
        cevns.config_from_dict({"model": {"mu_nu": float("nan")}})


def test_updated_merges_and_checks(config_path):
    cfg = cevns.load_config(config_path("cdex10_solar.json"))
    mm = cfg.updated({"model": {"mu_nu": 1e-9, "interactions": ["sm", "magnetic"]}})
    d = mm.to_dict()
    assert d["model"]["interactions"] == ["sm", "magnetic"]
    assert d["experiment"] == cfg.to_dict()["experiment"]
    with pytest.raises(cevns.ConfigError, match="interactions"):
        cfg.updated({"model": {"interactions": ["nonsense"]}})


def test_config_in_an_unrelated_folder_finds_the_built_in_data(tmp_path, config_path, monkeypatch):
    """Issue 13: a config outside the source tree rates without setting anything (the data are
    found in the environment the package and the command are installed in)."""
    monkeypatch.delenv("CEVNS_DATA_DIR", raising=False)
    mine = tmp_path / "elsewhere" / "my.json"
    mine.parent.mkdir()
    mine.write_text(config_path("coherent_csi2021.json").read_text())
    monkeypatch.chdir(tmp_path)
    r = cevns.rate(cevns.load_config(mine))
    cli = json.loads(run_cli("rate", "--json", mine, cwd=tmp_path).stdout)
    assert r.total.sum() == pytest.approx(cli["total"], rel=1e-14)
    assert r.total.sum() > 100


def test_data_dir_argument_takes_precedence(tmp_path, config_path, monkeypatch):
    monkeypatch.setenv("CEVNS_DATA_DIR", str(tmp_path / "env"))
    cfg = cevns.load_config(config_path("coherent_csi2021.json"), data_dir=tmp_path / "arg")
    assert cfg.data_dir == str(tmp_path / "arg")
    with pytest.raises(cevns.ConfigError, match=r'data_dir ".*arg" \(from the data_dir argument\): no such folder'):
        cevns.rate(cfg)


def test_environment_variable_is_used_as_by_the_command(tmp_path, config_path, monkeypatch):
    """A wrong $CEVNS_DATA_DIR is reported, not skipped, with the command's message."""
    monkeypatch.setenv("CEVNS_DATA_DIR", str(tmp_path / "nodata"))
    path = config_path("coherent_csi2021.json")
    proc = run_cli("rate", path, check=False)
    with pytest.raises(cevns.ConfigError) as info:
        cevns.rate(cevns.load_config(path))
    assert proc.stderr.strip() == f"cevns: error: {info.value.message}"
    assert "$CEVNS_DATA_DIR" in info.value.message
