#!/usr/bin/env bash
# Install the Debian (12) packages cevns builds and tests with (libhdf5-dev brings HDF5's
# high-level library too, whose dimension scales map.h5 uses; clang-14 and its runtime
# libclang-rt-14-dev are for the libFuzzer harnesses of scripts/fuzz.sh; python3 with its
# headers and venv are for the Python package, whose own packages come from PyPI:
# scripts/test-python.sh).  Idempotent: does nothing when everything is present.  As root it runs apt-get; otherwise it
# prints the exact command to run and exits 1.
set -euo pipefail
packages=(build-essential cmake pkg-config libgsl-dev libcjson-dev libcriterion-dev libhdf5-dev
          libplplot-dev plplot-driver-cairo ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clinfo libopenmpi-dev openmpi-bin valgrind
          clang-14 libclang-rt-14-dev python3 python3-dev python3-venv python3-pip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
