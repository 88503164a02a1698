"""Scans: the χ² map of a config's ``scan`` section, its best fit, limits and contours (the
numbers of the command's run folder), in memory or as a run folder."""

import os
import sys
from dataclasses import dataclass, field

import numpy as np

from . import _cevns
from .config import as_config


@dataclass
class Axis:
    """A shown axis of the map: its name ("mu_nu", "m4_MeV", "eps_ee_uV", ...), unit, long
    name, whether it is log-spaced, and its values."""

    name: str
    unit: str
    long_name: str
    log: bool
    values: np.ndarray


@dataclass
class ScanResult:
    """A χ² map and its analysis.

    ``chi2`` has one dimension per shown axis (``axes``, the last fastest; profiled axes are
    minimised over); ``counts`` (axes..., bin) the expected counts (signal + background) at each
    point when no axis is profiled, else None; ``delta_chi2`` = chi2 − chi2_min.
    ``best_fit``: {axis name: value} at the minimum.  ``thresholds``: {CL: Δχ²} (Wilks, ``dof``
    degrees of freedom).  One shown axis: ``limits`` {CL: (lower, upper)}, NaN where the
    threshold is not crossed in the grid.  Two: ``limits`` {CL: {"y": the second axis' values,
    "lower", "upper": the allowed interval of the first axis in each column, "exclusion": the
    exclusion edge the figure draws}} and ``contours`` {CL: [arrays of (x, y) points]}, the
    numbers of limits.csv and contour_<CL>.csv."""

    axes: list
    chi2: np.ndarray
    counts: object
    bin_edges: object
    chi2_min: float
    best_fit: dict
    best_index: tuple
    dof: int
    thresholds: dict
    limits: dict
    contours: dict
    statistic: str
    engine: str
    path: str
    observable: str
    config_name: str
    run_dir: object = None
    _raw: dict = field(default=None, repr=False)

    @property
    def delta_chi2(self):
        return self.chi2 - self.chi2_min

    def to_xarray(self):
        """The map as an ``xarray.Dataset`` with the layout of map.h5 (named axes with units)."""
        import xarray as xr

        coords = {a.name: (a.name, a.values, {"units": a.unit, "long_name": a.long_name or a.name})
                  for a in self.axes}
        dims = [a.name for a in self.axes]
        data = {"chi2": (dims, self.chi2), "delta_chi2": (dims, self.delta_chi2)}
        if self.counts is not None:
            coords["bin"] = ("bin", np.arange(self.counts.shape[-1]))
            data["counts"] = (dims + ["bin"], self.counts)
        return xr.Dataset(data, coords=coords, attrs={"chi2_min": self.chi2_min, "statistic": self.statistic,
                                                      "engine": self.engine, "config_name": self.config_name,
                                                      "observable": self.observable})

    def __repr__(self):
        shape = " x ".join(f"{len(a.values)} {a.name}" for a in self.axes)
        best = ", ".join(f"{k} = {v:.6g}" for k, v in self.best_fit.items())
        lines = [f"<cevns.ScanResult {self.config_name!r}: {shape} ({self.engine}, {self.path} path)",
                 f"  best fit: {best}; chi2_min = {self.chi2_min:.6g}"]
        for cl, lim in self.limits.items():
            if isinstance(lim, tuple):
                lines.append(f"  CL {cl:g}: {self.axes[0].name} in [{lim[0]:.6g}, {lim[1]:.6g}]")
            else:
                lines.append(f"  CL {cl:g}: Δχ² = {self.thresholds[cl]:.4g}, exclusion of {self.axes[0].name} "
                             f"per {self.axes[1].name} in limits[{cl:g}]")
        return "\n".join(lines) + ">"


def _array(raw, key, shape=None):
    a = np.frombuffer(raw[key], dtype=np.float64)
    return a.reshape(shape) if shape is not None else a


def _result(raw, run_dir=None):
    """A ScanResult from the binding's map and analysis."""
    m, an = raw["map"], raw["analysis"]
    axes = [Axis(a["name"], a["unit"], a["long_name"], a["log"], _array(a, "values")) for a in m["axes"]]
    shape = tuple(len(a.values) for a in axes)
    chi2 = _array(m, "chi2", shape)
    counts = None if m["counts"] is None else _array(m, "counts", shape + (m["n_bins"],))
    edges = None if m["bin_edges"] is None else _array(m, "bin_edges")
    cls = an["cl"]
    thresholds = dict(zip(cls, an["threshold"]))
    limits, contours = {}, {}
    if len(an["shown"]) == 1:
        for c, cl in enumerate(cls):
            limits[cl] = (an["lower"][c], an["upper"][c])
    else:
        per_column = {key: _array(an, f"col_{key}", (len(cls), an["ny"])) for key in ("lower", "upper", "exclusion")}
        y = axes[an["shown"][1]].values
        x_log, y_log = an["x_log"], an["y_log"]
        for c, cl in enumerate(cls):
            limits[cl] = {"y": y, **{key: values[c] for key, values in per_column.items()}}
            xy = np.frombuffer(an["contours"][c], dtype=np.float64).reshape(-1, 2)
            xy = np.column_stack([10.0 ** xy[:, 0] if x_log else xy[:, 0], 10.0 ** xy[:, 1] if y_log else xy[:, 1]])
            breaks = np.flatnonzero(np.isnan(xy[:, 0]))
            pieces = (piece[~np.isnan(piece[:, 0])] for piece in np.split(xy, breaks))
            contours[cl] = [piece for piece in pieces if len(piece)]
    best_fit = {a.name: v for a, v in zip(axes, an["best_value"])}
    return ScanResult(axes, chi2, counts, edges, an["chi2_min"], best_fit, tuple(an["best_index"]), an["dof"],
                      thresholds, limits, contours, m["statistic"], m["engine"], m["path"], m["observable"],
                      m["config_name"], run_dir, raw)


class _TextProgress:
    """A progress line on standard error when tqdm is not installed."""

    def __call__(self, done, total):
        sys.stderr.write(f"\rcevns scan: {done}/{total} map points")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _progress_callback(progress, stack):
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress
    try:
        import ipywidgets  # noqa: F401  (tqdm's notebook bar needs it)
        from tqdm.auto import tqdm
    except ImportError:
        try:
            from tqdm import tqdm
        except ImportError:
            return _TextProgress()
    bars = []

    def update(done, total):
        if not bars:  # opened at the first report, when the total is known
            bars.append(stack.enter_context(tqdm(total=total, unit="points", desc="cevns scan")))
        bars[0].update(done - bars[0].n)

    return update


def scan(config, engine=None, threads=None, direct=None, progress=False, out=None, overwrite=False, figures=None):
    """The χ² map of ``config``'s scan, analysed: a :class:`ScanResult`.

    ``engine``: "auto", "cpu", "cuda" or "opencl" (None: the config's ``scan.engine``);
    ``threads``: host threads, 0 all cores (None: the config's); ``direct``: True for every
    point directly, no separable fast path (None: the config's).  ``progress``: True for a
    progress bar (tqdm when installed), or a callable ``f(done, total)``; an exception in it,
    or Ctrl-C, stops the scan.  Nothing is written unless ``out`` names a run folder: then the
    scan is exactly ``cevns scan CONFIG --out OUT`` (map.h5, summary.json, limits, contours,
    figures unless ``figures=False``; ``overwrite`` as ``--overwrite``), and the result is read
    back from its map.h5 (``run_dir`` set)."""
    import contextlib

    cfg = as_config(config)
    thr = -1 if threads is None else int(threads)
    dire = -1 if direct is None else int(bool(direct))
    if out is not None:
        run_dir = _cevns.run_scan(cfg._capsule, os.fspath(out), engine=engine, threads=thr, direct=dire,
                                  overwrite=int(bool(overwrite)), figures=-1 if figures is None else int(bool(figures)))
        return load_run(run_dir)
    with contextlib.ExitStack() as stack:
        raw = _cevns.scan(cfg._capsule, engine=engine, threads=thr, direct=dire,
                          progress=_progress_callback(progress, stack))
    return _result(raw)


def load_run(run_dir):
    """The :class:`ScanResult` of a run folder (its map.h5, analysed as the command does)."""
    path = os.fspath(run_dir)
    h5 = path if path.endswith(".h5") else os.path.join(path, "map.h5")
    return _result(_cevns.read_map(h5), run_dir=os.path.dirname(h5))


def open_map(run_dir, group=None):
    """A run's map.h5 as an ``xarray.Dataset``: the shown axes as named coordinates with units
    and long names, ``chi2`` over them, ``delta_chi2`` (chi2 − chi2_min), ``counts`` over (axes...,
    bin) with ``bin_edges``, the provenance as attributes (docs/scan.md, "map.h5").
    ``group="feldman_cousins"``: that group of a Feldman–Cousins run (critical values and
    regions over (cl, axes...), the toys over (axes..., toy)).  Read into memory; the file is
    closed."""
    import xarray as xr

    path = os.fspath(run_dir)
    h5 = path if path.endswith(".h5") else os.path.join(path, "map.h5")
    if not os.path.exists(h5):
        raise FileNotFoundError(f"{h5}: no map.h5 (is {path} a run folder of cevns scan?)")
    with xr.open_dataset(h5, engine="h5netcdf", group=group) as ds:
        ds = ds.load()
    if group is None and "chi2" in ds and "chi2_min" in ds.attrs:
        ds["delta_chi2"] = ds["chi2"] - float(ds.attrs["chi2_min"])
        ds["delta_chi2"].attrs = {"units": "", "long_name": "chi2 - chi2_min"}
    return ds
