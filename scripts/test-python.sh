#!/usr/bin/env bash
# The Python package's tests (part of scripts/test.sh): a virtual environment (build-venv, or
# $CEVNS_VENV), `pip install ".[test]"` - the C library, the binding, the package, the cevns
# command and the data built and installed by CMake through scikit-build-core, exactly as a
# user installs it - then pytest on python/tests, which compares the package with that command
# and executes examples/cevns_tour.ipynb with nbclient.  Needs python3 with venv and its
# headers (scripts/install-deps.sh) and PyPI.  About 2 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${CEVNS_VENV:-build-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
# the tests need no CUDA engine (no GPU here), so skip compiling it; a user's `pip install .`
# builds it where nvcc is found (docs/python.md)
"$venv/bin/python" -m pip install -q ".[test]" -C cmake.define.CEVNS_CUDA=OFF
"$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests
