#!/usr/bin/env bash
# The GPU check (docs/engines.md, docs/performance.md): one script for the lent GPU machine.
#   here:  bash ../shared/device/fetch-debs.sh .debs libcriterion-dev libcriterion3 libnanomsg5 libgit2-1.5 \
#              libprotobuf-c1 libhttp-parser2.9 libssh2-1 libmbedtls14 libmbedx509-1 libmbedcrypto7
#   there: run(command="bash bench/gpu-check.sh", carry=[".debs"], timeout_s=600)
# Steps, each logged:
#   1. build for sm_90 (Release; the tests when Criterion is there) with ptxas's register/spill report;
#   2. cevns info (engines and devices);
#   3. validation: test_engines (every engine against the CPU: counts at random points on every
#      shipped config, and the whole pipeline of every shipped scan config, direct and separable,
#      profiled or not, chi2 and Poisson, to 1e-12) and test_scan (--engine cuda runs here);
#   4. cevns bench: the standard jobs on every engine, GPU and CPU (all cores) side by side;
#   5. cevns_bench_engines: the direct kernel's points/s and node evaluations/s per engine;
#   6. the direct kernel's FP64 rate with Nsight Compute (ncu), when the toolkit has it, as a
#      fraction of the H100/H200 SXM FP64 peak (34 TFLOP/s without tensor cores).
# Files land in $OUT (when set): gpu-check.log, bench.jsonl, engines.jsonl, ncu.csv.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build-gpu}
mkdir -p "$out"
log="$out/gpu-check.log"
[ -f .debs/unpack.sh ] && source .debs/unpack.sh
if ! command -v nvcc >/dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then export PATH=/usr/local/cuda/bin:$PATH; fi
export CEVNS_DATA_DIR=$PWD/data
tests=OFF
pkg-config --exists criterion 2>/dev/null && tests=ON
t0=$(date +%s)
{
  echo "== machine"; nvidia-smi --query-gpu=name,clocks.max.sm,memory.total --format=csv 2>&1; nproc
  echo "== build (sm_90, Release, tests $tests)"
  cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DCEVNS_CUDA=ON \
        -DCEVNS_PLOTTING=OFF -DCEVNS_MPI=OFF -DCEVNS_BUILD_TESTS=$tests -DCEVNS_CUDA_PTXAS_VERBOSE=ON > build-gpu.cmake.log 2>&1 \
    || { tail -30 build-gpu.cmake.log; exit 1; }
  cmake --build build-gpu -j"$(nproc)" 2>&1 | grep -E "error|ptxas info|spill|registers" | sort -u
  [ -x build-gpu/cevns ] || { echo "build failed"; exit 1; }
  echo "== engines ($(( $(date +%s) - t0 )) s)"; ./build-gpu/cevns info
  if [ "$tests" = ON ]; then
    echo "== validation ($(( $(date +%s) - t0 )) s)"
    ./build-gpu/test_engines --verbose 2>&1 | grep -E "test_engines:|Synthesis|FAIL|Assert" | head -60
    ./build-gpu/test_scan 2>&1 | tail -3
  fi
  echo "== cevns bench ($(( $(date +%s) - t0 )) s)"
} 2>&1 | tee "$log"
./build-gpu/cevns bench --threads 0 | tee "$out/bench.jsonl"
echo "== direct kernel ($(( $(date +%s) - t0 )) s)" | tee -a "$log"
for cfg in configs/default.json bench/configs/csi_nsi_direct.json; do
  ./build-gpu/cevns_bench_engines "$cfg" 65536 5
done | tee "$out/engines.jsonl"
if command -v ncu >/dev/null; then
  echo "== ncu: FP64 operations of the direct kernel ($(( $(date +%s) - t0 )) s)" | tee -a "$log"
  ncu --csv --kernel-name regex:cevns_k_points --launch-count 1 \
      --metrics gpu__time_duration.sum,smsp__sass_thread_inst_executed_op_dadd_pred_on.sum,smsp__sass_thread_inst_executed_op_dmul_pred_on.sum,smsp__sass_thread_inst_executed_op_dfma_pred_on.sum \
      ./build-gpu/cevns_bench_engines configs/default.json 65536 1 > "$out/ncu.csv" 2>&1 || true
fi
python3 - "$out" <<'PY' | tee -a "$log"
import csv, json, os, sys
out = sys.argv[1]
def rows(name):
    p = os.path.join(out, name)
    return [json.loads(l) for l in open(p) if l.strip().startswith("{")] if os.path.exists(p) else []
print("\n| job | engine | path | points | prepare s | map s | time to contour s | points/s | x CPU | max rel diff (chi2 >= 1) | max abs diff (chi2 < 1) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows("bench.jsonl"):
    if "map_s" in r:
        print("| %s | %s | %s | %d | %.3g | %.3g | %.3g | %.3g | %.3g | %.2g | %.2g |" % (r["job"], r["engine"], r["path"], r["points"],
              r["prepare_s"], r["map_s"], r["time_to_contour_s"], r["points_per_s"], r["ratio_to_cpu"],
              r["max_rel_diff_vs_cpu"], r["max_abs_diff_vs_cpu_below_1"]))
    else:
        print("| %s | %s | %s | %s |" % (r.get("job"), r.get("engine", ""), r.get("path", ""), r.get("why", r.get("error", r.get("skipped", "")))))
print("\n| engine | config | points | median s | points/s | evaluations/s | x CPU | max rel diff vs CPU |")
print("|---|---|---|---|---|---|---|---|")
for r in rows("engines.jsonl"):
    if "median_s" in r:
        print("| %s | %s | %d | %.4g | %.4g | %.4g | %.3g | %.2g |" % (r["engine"], r["config"], r["points"], r["median_s"],
              r["points_per_s"], r["evaluations_per_s"], r["ratio_to_cpu"], r["max_rel_diff_vs_cpu"]))
p = os.path.join(out, "ncu.csv")
if os.path.exists(p):
    m, unit = {}, {}
    for row in csv.reader(l for l in open(p) if l.startswith('"')):
        if len(row) < 3 or not (row[-3] == "gpu__time_duration.sum" or row[-3].startswith("smsp__sass")):
            continue
        try:
            m[row[-3]] = float(row[-1].replace(",", ""))
            unit[row[-3]] = row[-2]
        except ValueError:
            pass
    if "gpu__time_duration.sum" in m:
        scale = {"nsecond": 1e-9, "usecond": 1e-6, "msecond": 1e-3, "second": 1.0}
        t = m["gpu__time_duration.sum"] * scale.get(unit["gpu__time_duration.sum"], 1e-9)
        flops = m.get("smsp__sass_thread_inst_executed_op_dadd_pred_on.sum", 0) + \
                m.get("smsp__sass_thread_inst_executed_op_dmul_pred_on.sum", 0) + \
                2 * m.get("smsp__sass_thread_inst_executed_op_dfma_pred_on.sum", 0)
        print("\ndirect kernel (cevns_k_points, main job, 65536 points): %.3g FP64 FLOP in %.3g s = %.3g TFLOP/s, %.1f %% of 34 TFLOP/s" %
              (flops, t, flops / t / 1e12, 100 * flops / t / 34e12))
    else:
        print("\nncu: no metrics (see ncu.csv)")
PY
echo "== done in $(( $(date +%s) - t0 )) s" | tee -a "$log"
