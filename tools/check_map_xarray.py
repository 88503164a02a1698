#!/usr/bin/env python3
"""Open a run's map.h5 with xarray (engine h5netcdf) and check that it describes itself.

    check_map_xarray.py RUN_DIR_OR_MAP_H5 [--axes mu_nu,m4_MeV] [--bins N]

Checks (docs/scan.md, "map.h5"): every axis of the root attribute axis_order is a named
coordinate of its own dimension with units and long_name; chi2 has the dimensions (axis 1, ...,
axis k); with counts, counts has (axis 1, ..., axis k, bin), bin and bin_edges are coordinates
(n_bins and n_bins + 1 values) and each bin axis of bin_axes has bin_<axis>_lo and _hi over bin;
the group feldman_cousins, when present, has critical over (cl, axes...) and the toys over
(axes..., toy); a point can be selected by its coordinates.  --axes and --bins also demand the
axis names and the number of bins.  Exit status 0 when every check passes, 1 otherwise (the
first failure printed), 2 for bad usage or a missing module.

Needs xarray, h5netcdf (and h5py, which h5netcdf uses):
    python3 -m venv /tmp/h5venv && /tmp/h5venv/bin/pip install h5py xarray h5netcdf
"""
import argparse
import os
import sys


def fail(message):
    print(f"check_map_xarray: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def names(value):
    """A string attribute or a list of them, as a list of str."""
    if isinstance(value, (str, bytes)):
        value = [value]
    return [v.decode() if isinstance(v, bytes) else str(v) for v in value]


def check_described(ds, name):
    var = ds[name]
    for key in ("units", "long_name"):
        expect(key in var.attrs and str(var.attrs[key]), f"{name}: no {key} attribute")


def check_axes(ds, axes):
    for axis in axes:
        expect(axis in ds.coords, f"axis {axis}: not a coordinate (coordinates: {list(ds.coords)})")
        expect(ds[axis].dims == (axis,), f"axis {axis}: dimensions {ds[axis].dims}, expected ({axis},)")
        expect(axis in ds.indexes, f"axis {axis}: no index (cannot .sel on it)")
        check_described(ds, axis)
        expect(ds[axis].attrs.get("spacing") in ("log", "linear"), f"axis {axis}: spacing attribute")


def check_bins(ds, axes, want_bins):
    if "counts" not in ds:
        expect(want_bins is None, "no counts, but --bins was given")
        return
    expect(ds["counts"].dims == tuple(axes) + ("bin",),
           f"counts: dimensions {ds['counts'].dims}, expected {tuple(axes) + ('bin',)}")
    check_described(ds, "counts")
    n_bins = ds.sizes["bin"]
    if want_bins is not None:
        expect(n_bins == want_bins, f"{n_bins} bins, expected {want_bins}")
    expect("bin" in ds.coords and "bin_edges" in ds.coords, "bin and bin_edges are not coordinates")
    expect(list(ds["bin"].values) == list(range(n_bins)), "bin: not the bin numbers 0..n_bins-1")
    expect(ds.sizes["bin_edges"] == n_bins + 1, f"bin_edges: {ds.sizes['bin_edges']} values for {n_bins} bins")
    for axis in names(ds.attrs.get("bin_axes", [])):
        for side in ("lo", "hi"):
            name = f"bin_{axis}_{side}"
            expect(name in ds and ds[name].dims == ("bin",), f"{name}: missing or not over bin")
            check_described(ds, name)


def check_feldman_cousins(path, axes):
    import h5py
    import xarray as xr

    with h5py.File(path, "r") as f:
        if "feldman_cousins" not in f:
            return False
    fc = xr.open_dataset(path, engine="h5netcdf", group="feldman_cousins")
    expect(fc["critical"].dims == ("cl",) + tuple(axes), f"feldman_cousins/critical: dimensions {fc['critical'].dims}")
    expect("cl" in fc.coords, "feldman_cousins: cl is not a coordinate")
    if "toys" in fc:
        expect(fc["toys"].dims == tuple(axes) + ("toy",), f"feldman_cousins/toys: dimensions {fc['toys'].dims}")
    for name in fc.data_vars:
        check_described(fc, name)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a run folder or its map.h5")
    parser.add_argument("--axes", help="the axis names expected, comma-separated, in order")
    parser.add_argument("--bins", type=int, help="the number of bins expected")
    args = parser.parse_args()
    try:
        import xarray as xr
    except ImportError as e:
        print(f"check_map_xarray: {e} (pip install h5py xarray h5netcdf)", file=sys.stderr)
        sys.exit(2)
    path = os.path.join(args.path, "map.h5") if os.path.isdir(args.path) else args.path
    ds = xr.open_dataset(path, engine="h5netcdf")
    expect(int(ds.attrs.get("format_version", 1)) >= 2, f"{path}: format_version {ds.attrs.get('format_version')}")
    axes = names(ds.attrs["axis_order"])
    if args.axes:
        expect(axes == args.axes.split(","), f"axes {axes}, expected {args.axes.split(',')}")
    check_axes(ds, axes)
    expect(ds["chi2"].dims == tuple(axes), f"chi2: dimensions {ds['chi2'].dims}, expected {tuple(axes)}")
    check_described(ds, "chi2")
    check_bins(ds, axes, args.bins)
    has_fc = check_feldman_cousins(path, axes)
    # a point by its coordinates: the first value of every axis
    point = ds["chi2"].sel({axis: ds[axis].values[0] for axis in axes})
    expect(point.size == 1 and float(point) == float(ds["chi2"].values.flat[0]), "chi2 at the first point by .sel")
    print(f"check_map_xarray: ok: {path}: axes {', '.join(axes)}; "
          f"{ds.sizes['bin'] if 'bin' in ds.sizes else 0} bins{'; feldman_cousins' if has_fc else ''}")


if __name__ == "__main__":
    main()
