#!/usr/bin/env bash
# Quick start, command 2: build with warnings as errors and run the whole test
# suite.  .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# the CUDA toolkit lives in /usr/local/cuda on Debian images; let CMake find nvcc there
if ! command -v nvcc >/dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then export CUDACXX=/usr/local/cuda/bin/nvcc; fi
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCEVNS_WERROR=ON
cmake --build build-test -j"$(nproc)"
ctest --test-dir build-test --output-on-failure --timeout 1500
