#!/usr/bin/env bash
# The GPU check (issue 4): build for sm_90 with the compiler's register and spill
# report, run the engine validation tests, run the engine benchmark on the main
# job's points, and print a table.  On the lent GPU machine, from the repo root:
#   here:  bash ../shared/device/fetch-debs.sh .debs libcriterion-dev libcriterion3 libnanomsg5 libgit2-1.5 libprotobuf-c1 libhttp-parser2.9 libssh2-1 libmbedtls14 libmbedx509-1 libmbedcrypto7
#   there: run(command="bash bench/gpu-check.sh", carry=[".debs"])
# Files land in $OUT (when set): gpu-check.log, bench.jsonl.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build-gpu}
mkdir -p "$out"
log="$out/gpu-check.log"
[ -f .debs/unpack.sh ] && source .debs/unpack.sh
if ! command -v nvcc >/dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then export PATH=/usr/local/cuda/bin:$PATH; fi
tests=OFF
pkg-config --exists criterion 2>/dev/null && tests=ON
{
  echo "== machine"; nvidia-smi --query-gpu=name,clocks.max.sm,memory.total --format=csv 2>&1; nproc
  echo "== build (sm_90, tests $tests)"
  cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DCEVNS_CUDA=ON \
        -DCEVNS_PLOTTING=OFF -DCEVNS_MPI=OFF -DCEVNS_BUILD_TESTS=$tests -DCEVNS_CUDA_PTXAS_VERBOSE=ON > build-gpu.cmake.log 2>&1 \
    || { tail -30 build-gpu.cmake.log; exit 1; }
  cmake --build build-gpu -j"$(nproc)" 2>&1 | grep -E "error|ptxas info|spill|registers" | sort -u
  echo "== engines"; ./build-gpu/cevns info
  if [ "$tests" = ON ]; then echo "== validation"; ./build-gpu/test_engines 2>&1 | tail -5; fi
  echo "== benchmark"
} 2>&1 | tee "$log"
for cfg in configs/default.json configs/coherent_csi2017_nsi.json; do
  ./build-gpu/cevns_bench_engines "$cfg" 65536 5
done | tee "$out/bench.jsonl"
python3 - "$out/bench.jsonl" <<'PY' | tee -a "$log"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| engine | config | points | median s | points/s | evaluations/s | x CPU | max rel diff vs CPU |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    if "median_s" in r:
        print("| %s | %s | %d | %.4g | %.4g | %.4g | %.3g | %.2g |" % (r["engine"], r["config"], r["points"],
              r["median_s"], r["points_per_s"], r["evaluations_per_s"], r["ratio_to_cpu"], r["max_rel_diff_vs_cpu"]))
    else:
        print("| %s | unavailable: %s |" % (r["engine"], r.get("why", r.get("error", ""))))
PY
