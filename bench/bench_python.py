#!/usr/bin/env python3
"""The Python package against the command it is installed with, on the same scans: the time of
cevns.scan (in memory: the map and its analysis) and of `cevns scan --no-figures` (the whole
command: config, chunks with checkpoints, the analysis, the run folder), alternated, the least
of REPEATS runs each, as ratios.  Run from the repository root with the environment's Python:

    build-venv/bin/python bench/bench_python.py [REPEATS]      (after scripts/test-python.sh)

docs/performance.md, "The Python package", has a run's numbers."""
import json
import os
import subprocess
import sys
import tempfile
import time

import cevns

CONFIGS = ["default", "coherent_csi2021_fit_nsi", "coherent_lar2020_fit3d"]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cli = os.path.join(os.path.dirname(sys.executable), "cevns")
    print(f"{'config':28s} {'map pts':>7s} {'python s':>9s} {'command s':>10s} {'its points s':>13s} {'command/python':>15s}")
    for name in CONFIGS:
        path = f"configs/{name}.json"
        py, cmd, pts = [], [], []
        for _ in range(repeats):
            t = time.perf_counter()
            s = cevns.scan(path)
            py.append(time.perf_counter() - t)
            with tempfile.TemporaryDirectory() as d:
                t = time.perf_counter()
                subprocess.run([cli, "scan", path, "--out", f"{d}/r", "--quiet", "--no-figures"], check=True,
                               capture_output=True)
                cmd.append(time.perf_counter() - t)
                with open(f"{d}/r/summary.json") as f:
                    pts.append(json.load(f)["timing_s"]["points"])
        print(f"{name:28s} {s.chi2.size:7d} {min(py):9.3f} {min(cmd):10.3f} {min(pts):13.3f} {min(cmd) / min(py):15.2f}")


if __name__ == "__main__":
    main()
