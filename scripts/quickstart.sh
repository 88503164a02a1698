#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job
# on the default config.  Usage: scripts/quickstart.sh [CONFIG]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
./build/cevns scan --overwrite "${1:-configs/default.json}"
