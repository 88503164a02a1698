#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job
# on the default config.  Usage: scripts/quickstart.sh [CONFIG]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# the CUDA toolkit lives in /usr/local/cuda on Debian images; let CMake find nvcc there
if ! command -v nvcc >/dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then export CUDACXX=/usr/local/cuda/bin/nvcc; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
./build/cevns scan --overwrite "${1:-configs/default.json}"
