"""cevns: coherent elastic neutrino-nucleus scattering for new physics, from Python.

    import cevns
    cfg = cevns.load_config("configs/coherent_csi2021.json")
    r = cevns.rate(cfg)                    # counts per bin and component
    s = cevns.scan("configs/default.json") # the chi2 map, best fit, limits, contours
    ds = cevns.open_map("runs/cdex10-sterile-dipole")   # a run's map.h5 as an xarray.Dataset

The numbers come from the C library the ``cevns`` command runs (docs/python.md)."""

from ._errors import CevnsError, ConfigError, PhysicsError, UnavailableError  # noqa: I001  (before _cevns)
from . import _cevns
from .config import Config, config_from_dict, load_config
from .rate import Rate, rate, rate_figure
from .scan import Axis, ScanResult, load_run, open_map, scan
from .xsec import FLAVOURS, INTERACTIONS, XsecResult, xsec

__version__ = _cevns.version

__all__ = ["CevnsError", "ConfigError", "PhysicsError", "UnavailableError", "Config", "config_from_dict",
           "load_config", "Rate", "rate", "rate_figure", "Axis", "ScanResult", "load_run", "open_map", "scan", "FLAVOURS",
           "INTERACTIONS", "XsecResult", "xsec", "__version__"]
