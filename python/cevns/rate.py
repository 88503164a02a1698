"""Expected event counts per bin and component (flux component × interaction): what
``cevns rate`` prints."""

import os
from dataclasses import dataclass, field

import numpy as np

from . import _cevns
from .config import as_config

INTEGRATORS = ("fixed", "reference")


@dataclass
class Rate:
    """Expected counts in the config's exposure.

    ``counts[b, k]``: bin ``b``, component ``k`` (``components[k]`` = (flux, interaction),
    the interactions the config switches on); ``edges``: the ``n_bins + 1`` bin edges in the
    observable (keVnr, keVee or PE; bin numbers when the bins go beyond energy); ``lo[b, j]``,
    ``hi[b, j]``: bin ``b``'s range on axis ``bin_axes[j]`` (the observable, then "psd" or
    "time_us" where the detector has them)."""

    config_name: str
    observable: str
    integrator: str
    edges: np.ndarray
    counts: np.ndarray
    components: list
    bin_axes: list
    lo: np.ndarray
    hi: np.ndarray
    config: object = field(default=None, repr=False)
    # the energy bin of each bin and the energy bins' edges (cevns_experiment_energy_bins), or the
    # library's reason why the energy ranges make no single spectrum
    energy_bin: object = field(default=None, repr=False)
    energy_edges: object = field(default=None, repr=False)
    energy_error: object = field(default=None, repr=False)

    @property
    def component_names(self):
        """"flux:interaction" per component, as the command's column heads."""
        return [f"{f}:{i}" for f, i in self.components]

    @property
    def total(self):
        """Counts per bin, summed over the components."""
        return self.counts.sum(axis=1)

    @property
    def component_totals(self):
        """Counts per component, summed over the bins."""
        return self.counts.sum(axis=0)

    def per_flux(self):
        """{flux name: counts per bin} summed over the interactions."""
        out = {}
        for k, (flux, _) in enumerate(self.components):
            out[flux] = out.get(flux, 0.0) + self.counts[:, k]
        return out

    def to_dict(self):
        """The layout of ``cevns rate --json``."""
        bins = []
        for b in range(len(self.total)):
            row = {"lo": float(self.lo[b, 0]), "hi": float(self.hi[b, 0])}
            for j, name in enumerate(self.bin_axes[1:], start=1):
                row[f"{name}_lo"] = float(self.lo[b, j])
                row[f"{name}_hi"] = float(self.hi[b, j])
            row["counts"] = [float(v) for v in self.counts[b]]
            row["total"] = float(self.total[b])
            bins.append(row)
        return {"name": self.config_name, "observable": self.observable, "integrator": self.integrator,
                "components": [{"flux": f, "interaction": i} for f, i in self.components], "bins": bins,
                "component_totals": [float(v) for v in self.component_totals], "total": float(self.total.sum())}

    def energy_projection(self):
        """This Rate on its energy bins alone: with bins beyond energy (arrival time, pulse
        shape), the counts of the bins sharing an energy range summed (as ``cevns rate
        --figure`` draws them); itself otherwise."""
        if len(self.bin_axes) <= 1:
            return self
        if self.energy_error is not None:
            raise ValueError(f"{self.config_name}: {self.energy_error}")
        edges = self.energy_edges
        counts = np.zeros((len(edges) - 1, self.counts.shape[1]))
        np.add.at(counts, self.energy_bin, self.counts)
        return Rate(self.config_name, self.observable, self.integrator, edges, counts, self.components,
                    self.bin_axes[:1], edges[:-1, None], edges[1:, None], self.config)

    def figure(self, path, **options):
        """Draw this spectrum: see :func:`cevns.rate_figure`."""
        return rate_figure(path, [self], **options)

    def __repr__(self):
        lines = [f"<cevns.Rate {self.config_name!r}: {len(self.total)} bins in {self.observable}, "
                 f"{self.total.sum():.6g} events ({self.integrator} integrator)"]
        for name, value in zip(self.component_names, self.component_totals):
            lines.append(f"  {name:<28s} {value:.6g}")
        return "\n".join(lines) + ">"


def rate(config, integrator="fixed", rel_tol=0.0):
    """Expected counts per bin and component at the config's model point.

    ``config``: a :class:`cevns.Config`, a config file path or a dict; ``integrator``:
    "fixed" (the fast path the scans use) or "reference" (GSL adaptive quadrature, relative
    tolerance ``rel_tol``, 0: the config's ``quadrature.reference_rel_tol``)."""
    cfg = as_config(config)
    if integrator not in INTEGRATORS:
        raise ValueError(f"integrator must be 'fixed' or 'reference', got {integrator!r}")
    raw = _cevns.rate(cfg._capsule, integrator == "reference", float(rel_tol))
    names = _cevns.interaction_names()
    n_bins, n_flux, n_int = raw["n_bins"], len(raw["flux"]), len(names)
    cube = np.frombuffer(raw["counts"], dtype=np.float64).reshape(n_bins, n_flux, n_int)
    components = [(f, names[i]) for f in raw["flux"] for i in range(n_int) if raw["interactions_on"][i]]
    columns = [(k, i) for k in range(n_flux) for i in range(n_int) if raw["interactions_on"][i]]
    counts = np.stack([cube[:, k, i] for k, i in columns], axis=1) if columns else np.zeros((n_bins, 0))
    boxes = raw["boxes"]
    n_axes = len(boxes["names"])
    lo = np.frombuffer(boxes["lo"], dtype=np.float64).reshape(n_bins, n_axes)
    hi = np.frombuffer(boxes["hi"], dtype=np.float64).reshape(n_bins, n_axes)
    energy_edges = None if raw["energy_edges"] is None else np.frombuffer(raw["energy_edges"], dtype=np.float64)
    energy_bin = None if raw["energy_bin"] is None else np.array(raw["energy_bin"], dtype=np.intp)
    return Rate(cfg.name, raw["observable"], integrator, np.frombuffer(raw["edges"], dtype=np.float64), counts,
                components, list(boxes["names"]), lo, hi, cfg, energy_bin, energy_edges, raw["energy_error"])


def rate_figure(path, rates, labels=None, title=None, log_y=None, components=False):
    """The expected spectrum, events per bin and component, as ``<path>.png`` and
    ``<path>.pdf`` (the figure of ``cevns rate --figure``, drawn by the same C code).

    ``rates``: a :class:`Rate`, or several (a list, or a dict {label: Rate}) over the same bins
    to overlay (e.g. the same config with different models, :meth:`cevns.Config.updated`): one
    rate draws each component and the total, several draw each total (and, with
    ``components=True``, their components dashed).  ``labels``: the legend's names (default:
    the dict's keys, else the configs' names).  ``log_y``: None chooses (logarithmic when the
    counts span more than two decades).  Bins beyond energy are summed onto their energy range
    (:meth:`Rate.energy_projection`).  Returns the two paths written."""
    if isinstance(rates, Rate):
        rates = [rates]
    if isinstance(rates, dict):
        labels, rates = list(rates.keys()) if labels is None else labels, list(rates.values())
    rates = [r.energy_projection() for r in rates]
    if not rates:
        raise ValueError("rate_figure: no rates to draw")
    labels = [r.config_name for r in rates] if labels is None else [str(v) for v in labels]
    if len(labels) != len(rates):
        raise ValueError(f"rate_figure: {len(labels)} labels for {len(rates)} rates")
    first = rates[0]
    for r in rates[1:]:
        if r.observable != first.observable or not np.array_equal(r.edges, first.edges):
            raise ValueError("rate_figure: the rates must share their bins (edges and observable)")
    names = list(dict.fromkeys(name for r in rates for name in r.component_names))
    models = []
    for label, r in zip(labels, rates):
        counts = np.zeros((len(first.edges) - 1, len(names)))
        for k, name in enumerate(r.component_names):
            counts[:, names.index(name)] = r.counts[:, k]
        models.append((label, np.ascontiguousarray(counts)))
    stem = os.fspath(path)
    for ext in (".png", ".pdf"):
        if stem.endswith(ext):
            stem = stem[: -len(ext)]
    _cevns.rate_figure(stem, np.ascontiguousarray(first.edges, dtype=np.float64), first.observable, names, models,
                       title, -1 if log_y is None else int(bool(log_y)), int(bool(components)))
    return [stem + ".png", stem + ".pdf"]
