"""Configs: read from a JSON file or a Python dict by the library's own reader, so the checks,
defaults and messages are those of the ``cevns`` command (docs/config.md)."""

import copy
import json
import os
import sysconfig

from . import _cevns
from ._errors import CevnsError, ConfigError


def _data_fallbacks():
    """Where the built-in tables are looked for after the config's own ``data_dir``,
    ``$CEVNS_DATA_DIR`` and ``<config folder>/../data``: the environment the package is
    installed in (``<prefix>/share/cevns/data``, as for the installed command), then the source
    tree it was built from."""
    here = os.path.dirname(os.path.abspath(__file__))
    places = [
        os.path.join(sysconfig.get_path("data"), "share", "cevns", "data"),
        # <prefix>/lib/pythonX.Y/site-packages/cevns -> <prefix>/share/cevns/data (--user, --prefix)
        os.path.join(here, "..", "..", "..", "..", "share", "cevns", "data"),
        _cevns.source_data_dir,
    ]
    out = []
    for p in places:
        p = os.path.normpath(p)
        if p not in out:
            out.append(p)
    return out


def _reader_options(data_dir):
    if data_dir is not None:
        return os.fspath(data_dir), "the data_dir argument"
    env = os.environ.get("CEVNS_DATA_DIR")
    if env:
        return env, "$CEVNS_DATA_DIR"
    return None, None


def _as_config_error(exc):
    if isinstance(exc, ConfigError):
        return exc
    return ConfigError(exc.message, exc.status, exc.exit_code)


class Config:
    """A resolved config (every default filled in).  Make one with :func:`load_config` or
    :func:`config_from_dict`; pass it to :func:`cevns.rate`, :func:`cevns.scan`,
    :func:`cevns.xsec`."""

    def __init__(self, capsule, base_dir, data_dir_argument=None):
        self._capsule = capsule
        self._base_dir = base_dir
        self._data_dir_argument = data_dir_argument
        info = _cevns.config_info(capsule)
        self.name = info["name"]
        self.path = info["path"]
        self.data_dir = info["data_dir"]

    def to_dict(self):
        """The resolved config as a dict (what ``cevns rate --print-config`` prints)."""
        return json.loads(_cevns.config_json(self._capsule))

    def to_json(self):
        """The resolved config as JSON text."""
        return _cevns.config_json(self._capsule)

    def updated(self, changes):
        """A new config: this one with ``changes`` merged in, key by key (nested dicts are
        merged, other values replaced), read and checked again.  Example:
        ``cfg.updated({"model": {"mu_nu": 1e-9, "interactions": ["sm", "magnetic"]}})``."""
        merged = _merge(self.to_dict(), changes)
        return config_from_dict(merged, base_dir=self._base_dir, data_dir=self._data_dir_argument)

    def __repr__(self):
        return f"<cevns.Config {self.name!r} from {self.path!r}>"


def _merge(base, changes):
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_config(path, data_dir=None):
    """Read and check the config file ``path``.

    ``data_dir``: the folder of the built-in tables when the config names none (default:
    ``$CEVNS_DATA_DIR``, else found next to the config, in the installed package or in the
    source tree).  Raises :class:`cevns.ConfigError` with the command's message (file, key,
    what is allowed)."""
    path = os.fspath(path)
    dd, origin = _reader_options(data_dir)
    try:
        capsule = _cevns.config_load(path, dd, origin, _data_fallbacks())
    except CevnsError as exc:
        raise _as_config_error(exc) from None
    return Config(capsule, os.path.dirname(os.path.abspath(path)), data_dir)


def config_from_dict(d, base_dir=None, data_dir=None, name=None):
    """A config from a dict with the layout of a config file (docs/config.md).

    Relative paths in it are taken from ``base_dir`` (default: the working directory);
    ``name`` is the config's name when the dict has no ``"name"`` (default ``"dict"``).
    Messages name it ``<dict>``.  Raises :class:`cevns.ConfigError` as :func:`load_config`."""
    if not isinstance(d, dict):
        raise ConfigError(f"<dict>: a config must be a dict, got {type(d).__name__}")
    if "name" not in d:
        d = dict(d, name=name or "dict")
    try:
        text = json.dumps(d, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"<dict>: not representable as JSON: {exc}") from None
    base = os.path.abspath(os.fspath(base_dir)) if base_dir is not None else os.getcwd()
    path = "<dict>" if base_dir is None else os.path.join(base, "<dict>")
    dd, origin = _reader_options(data_dir)
    try:
        capsule = _cevns.config_parse(text, path, dd, origin, _data_fallbacks())
    except CevnsError as exc:
        raise _as_config_error(exc) from None
    return Config(capsule, base, data_dir)


def as_config(config):
    """A Config from a Config, a path or a dict."""
    if isinstance(config, Config):
        return config
    if isinstance(config, dict):
        return config_from_dict(config)
    if isinstance(config, (str, os.PathLike)):
        return load_config(config)
    raise TypeError(f"expected a cevns.Config, a config file path or a dict, got {type(config).__name__}")
