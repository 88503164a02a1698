"""Differential cross sections dσ/dT per isotope and for the target's natural mixture."""

from dataclasses import dataclass

import numpy as np

from . import _cevns
from .config import Config, _merge, config_from_dict

INTERACTIONS = tuple(_cevns.interaction_names())
FLAVOURS = ("e", "mu", "tau")

# A placeholder experiment around the target: the config reader needs one, the cross section
# uses only the target and the model.
_PLACEHOLDER_EXPERIMENT = {
    "source": {"type": "sns", "nu_per_proton": 0.1, "coulombs": 1.0, "distance_m": 20.0},
    "detector": {"mass_kg": 1.0, "observable": "keVnr", "bins": {"lo": 1.0, "hi": 2.0, "n": 1}},
}


@dataclass
class XsecResult:
    """dσ/dT in cm²/MeV per nucleus.

    ``per_isotope[i]`` has the broadcast shape of E and T, for isotope ``isotopes[i]``
    (``(Z, A, symbol, fraction)``, fraction its share of the target's nuclei); ``mixture`` is
    the average per nucleus of the natural mixture, Σ fraction_i × per_isotope[i]."""

    isotopes: list
    per_isotope: np.ndarray
    mixture: np.ndarray
    interaction: str
    flavour: str


def _lookup(value, names, what):
    if value not in names:
        raise ValueError(f"{what} must be one of {', '.join(names)}, got {value!r}")
    return names.index(value)


def xsec(target, E, T, model=None, interaction="sm", flavour="e", config=None):
    """dσ/dT (cm²/MeV per nucleus) of ``target`` (a formula: "CsI", "Ar", "C3F8") at neutrino
    energies ``E`` (MeV) and nuclear recoil energies ``T`` (keVnr), broadcast against each
    other like numpy arrays.

    ``model``: the keys of a config's ``model`` section (docs/config.md), e.g.
    ``{"mu_nu": 1e-9, "m4_MeV": 1}`` or ``{"nsi": {"ee_u": 0.1}}``; ``config``: take the
    model (and the target when ``target`` is None) from a :class:`cevns.Config`, ``model``
    changing it.  ``interaction``: one of :data:`INTERACTIONS` ("sm" includes Z′, NSI, charge
    radii and millicharges; "magnetic" and "sterile" need ``mu_nu``; "axial" switches the
    axial term on); ``flavour``: "e", "mu" or "tau".  Zero where the recoil is out of reach."""
    i_int = _lookup(interaction, INTERACTIONS, "interaction")
    i_flav = _lookup(flavour, FLAVOURS, "flavour")
    if config is not None:
        if not isinstance(config, Config):
            raise TypeError("config must be a cevns.Config (cevns.load_config)")
        d = config.to_dict()
        base = config._base_dir
    else:
        d, base = {"name": "xsec", "experiment": dict(_PLACEHOLDER_EXPERIMENT)}, None
    changes = {"model": dict(model or {})}
    if interaction == "axial":
        changes["model"]["axial"] = True
    if target is not None:
        changes["experiment"] = {"target": {"material": str(target)}}
    elif config is None:
        raise ValueError("give a target (a formula such as 'CsI') or a config")
    cfg = config_from_dict(_merge(d, changes), base_dir=base)
    e, t = np.broadcast_arrays(np.asarray(E, dtype=np.float64), np.asarray(T, dtype=np.float64))
    shape = e.shape
    e_flat = np.ascontiguousarray(e).ravel()
    t_flat = np.ascontiguousarray(t, dtype=np.float64).ravel() * 1e-3  # keV -> MeV
    isotopes, values = _cevns.xsec(cfg._capsule, e_flat, np.ascontiguousarray(t_flat), i_int, i_flav)
    per = np.frombuffer(values, dtype=np.float64).reshape((len(isotopes),) + shape)
    fractions = np.array([row[3] for row in isotopes]).reshape((-1,) + (1,) * len(shape))
    return XsecResult(isotopes, per, (fractions * per).sum(axis=0), interaction, flavour)
