"""Differential cross sections dσ/dT per isotope and for the target's natural mixture."""

import json
from dataclasses import dataclass

import numpy as np

from . import _cevns
from ._errors import CevnsError, ConfigError
from .config import Config, _data_fallbacks, _reader_options

INTERACTIONS = tuple(_cevns.interaction_names())
FLAVOURS = ("e", "mu", "tau")


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


def xsec(target, E, T, model=None, interaction="sm", flavour="e", config=None, data_dir=None):
    """dσ/dT (cm²/MeV per nucleus) of ``target`` (a formula: "CsI", "Ar", "C3F8") at neutrino
    energies ``E`` (MeV) and nuclear recoil energies ``T`` (keVnr), broadcast against each
    other like numpy arrays.

    ``model``: keys of a config's ``model`` section (docs/config.md), read by the config reader
    over the defaults, e.g. ``{"mu_nu": 1e-9, "m4_MeV": 1}`` or ``{"nsi": {"ee_u": 0.1}}``;
    ``config``: start from a :class:`cevns.Config`'s model (and its target when ``target`` is
    None).  ``interaction``: one of :data:`INTERACTIONS` ("sm" includes Z′, NSI, charge radii
    and millicharges; "magnetic" and "sterile" need ``mu_nu``, "scalar" a ``scalar`` mediator;
    "axial" switches the axial term on); ``flavour``: "e", "mu" or "tau".  Zero where the
    recoil is out of reach (as ``cevns xsec``)."""
    i_int = _lookup(interaction, INTERACTIONS, "interaction")
    i_flav = _lookup(flavour, FLAVOURS, "flavour")
    if config is not None and not isinstance(config, Config):
        raise TypeError("config must be a cevns.Config (cevns.load_config)")
    if target is None and config is None:
        raise ValueError("give a target (a formula such as 'CsI') or a config")
    keys = dict(model or {})
    if interaction == "axial":
        keys["axial"] = True
    dd, origin = _reader_options(data_dir)
    try:
        model_json = json.dumps(keys, allow_nan=False) if keys else None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"xsec: model: not representable as JSON: {exc}") from None
    try:
        capsule = _cevns.xsec_config(config._capsule if config is not None else None,
                                     None if target is None else str(target), model_json, dd, origin,
                                     _data_fallbacks())
    except CevnsError as exc:
        raise ConfigError(exc.message, exc.status, exc.exit_code) from None
    e, t = np.broadcast_arrays(np.asarray(E, dtype=np.float64), np.asarray(T, dtype=np.float64))
    shape = e.shape
    e_flat = np.ascontiguousarray(e).ravel()
    t_flat = np.ascontiguousarray(t).ravel() * 1e-3  # keV -> MeV
    isotopes, values = _cevns.xsec(capsule, e_flat, t_flat, i_int, i_flav)
    per = np.frombuffer(values, dtype=np.float64).reshape((len(isotopes),) + shape)
    fractions = np.array([row[3] for row in isotopes]).reshape((-1,) + (1,) * len(shape))
    return XsecResult(isotopes, per, (fractions * per).sum(axis=0), interaction, flavour)
