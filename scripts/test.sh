#!/usr/bin/env bash
# Quick start, command 2: build with warnings as errors and run the whole test suite, then the
# Python package's (scripts/test-python.sh: pip install, pytest, the example notebook); then
# the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan), the
# command on a small config under valgrind, and a bounded run of every libFuzzer harness.
# .ci/run calls exactly this.  docs/reliability.md says what each step checks and how long
# it takes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# the CUDA toolkit lives in /usr/local/cuda on Debian images; let CMake find nvcc there
if ! command -v nvcc >/dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then export CUDACXX=/usr/local/cuda/bin/nvcc; fi
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCEVNS_WERROR=ON
cmake --build build-test -j"$(nproc)"
ctest --test-dir build-test --output-on-failure --timeout 1500
# the Python package: pip install into build-venv, pytest, the example notebook (about 2 minutes)
bash scripts/test-python.sh
# ASan + UBSan: build-asan (no CUDA, OpenCL, MPI), every test (about 7.5 minutes on 2 cores)
bash scripts/sanitize.sh build-asan
# memcheck: cevns rate and cevns scan of configs/cdex10_active_mu.json (about 1 minute)
bash scripts/valgrind.sh build-test
# libFuzzer (clang): 8 harnesses x FUZZ_TIME seconds, two at a time (about 2.5 minutes); a
# finding fails the run and is kept under fuzz/regressions/ (docs/reliability.md, "Fuzzing")
FUZZ_TIME=${FUZZ_TIME:-20} bash scripts/fuzz.sh
