#!/usr/bin/env bash
# Build the libFuzzer harnesses (fuzz/fuzz_*.c) with clang and run each one for a
# bounded time on its seed corpus (docs/reliability.md, "Fuzzing").
#
# Needs, besides the packages of scripts/install-deps.sh (Debian 12):
#   clang-14 libclang-rt-14-dev     (clang, and compiler-rt: libFuzzer, ASan, UBSan)
#
# Usage: bash scripts/fuzz.sh [NAME...]        (default: every fuzz/fuzz_NAME.c)
#   FUZZ_TIME=SECONDS  fuzzing time per harness (default 15)
#   FUZZ_JOBS=N        harnesses run at once (default 2)
#   FUZZ_ARGS="..."    more libFuzzer flags, e.g. FUZZ_ARGS="-dict=x" or "-only_ascii=1"
#
# Each harness runs with -max_total_time=$FUZZ_TIME -timeout=10 -rss_limit_mb=2048 on
# build-fuzz/corpus/NAME (a working copy that keeps what it learns between runs)
# plus the seeds fuzz/corpus/NAME and the earlier findings fuzz/regressions/NAME,
# which are only read.  A crash, sanitizer report, leak, timeout or out-of-memory
# stops that harness; the input is copied to fuzz/regressions/NAME/ (add it to the
# repository: tests/test_fuzz_regressions.c replays it in every test run) and the
# script exits 1.  Logs: build-fuzz/logs/NAME.log.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz_time=${FUZZ_TIME:-15}
jobs=${FUZZ_JOBS:-2}
build="build-fuzz"

cc=${CC:-}
if [ -z "$cc" ] || ! "$cc" --version 2>/dev/null | grep -q clang; then
  cc=""
  for candidate in clang clang-14; do
    if command -v "$candidate" >/dev/null; then cc=$(command -v "$candidate"); break; fi
  done
fi
if [ -z "$cc" ]; then
  echo "fuzz: clang not found; as root: apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev" >&2
  exit 1
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
     "$cc" -x c -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
  echo "fuzz: $cc cannot link -fsanitize=fuzzer,address,undefined; as root: apt-get install -y --no-install-recommends libclang-rt-14-dev" >&2
  exit 1
fi

echo "fuzz: configuring $build with $cc"
mkdir -p "$build"
cmake -S . -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCEVNS_FUZZ=ON \
  -DCEVNS_CUDA=OFF -DCEVNS_OPENCL=OFF -DCEVNS_MPI=OFF -DCEVNS_PLOTTING=OFF -DCEVNS_BUILD_TESTS=OFF \
  -DCEVNS_BUILD_BENCH=OFF -DCEVNS_WERROR=ON >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" --target cevns_fuzz -j"$(nproc)"

if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for src in fuzz/fuzz_*.c; do n=${src#fuzz/fuzz_}; names+=("${n%.c}"); done
fi

mkdir -p "$build/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# the readers resolve relative data paths against the shipped data/
export CEVNS_DATA_DIR=$PWD/data

run_one() {
  local name=$1 bin="$build/fuzz/fuzz_$1" log="$build/logs/$1.log" art="$build/artifacts/$1"
  local dirs=("$build/corpus/$1" "fuzz/corpus/$1")
  mkdir -p "$build/corpus/$1" "$art"
  rm -f "$art"/*
  [ -d "fuzz/regressions/$1" ] && dirs+=("fuzz/regressions/$1")
  # token dictionaries: the config keys, and what strtod reads in the text tables
  local dict=()
  case $1 in
    config) dict=(-dict=fuzz/config.dict) ;;
    table | flux | quenching | efficiency | data) dict=(-dict=fuzz/table.dict) ;;
  esac
  # the outer timeout only guards against a harness libFuzzer itself cannot stop
  # shellcheck disable=SC2086
  timeout $((fuzz_time + 120)) "$bin" -max_total_time="$fuzz_time" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$art/" "${dict[@]}" ${FUZZ_ARGS:-} "${dirs[@]}" >"$log" 2>&1
}

declare -A status
pids=()
for name in "${names[@]}"; do
  [ -x "$build/fuzz/fuzz_$name" ] || { echo "fuzz: no harness fuzz/fuzz_$name.c" >&2; exit 2; }
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  echo "fuzz: $name for ${fuzz_time} s"
  run_one "$name" &
  pids+=("$!:$name")
done
for entry in "${pids[@]}"; do
  pid=${entry%%:*} name=${entry#*:}
  if wait "$pid"; then status[$name]=0; else status[$name]=$?; fi
done

failed=0
kept=()
printf '\n%-12s %-8s %12s %8s %8s %10s\n' harness result executions cov ft corpus
for name in "${names[@]}"; do
  log="$build/logs/$name.log" art="$build/artifacts/$name"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
  result=ok
  if [ "${status[$name]}" -ne 0 ]; then
    result=FAILED
    failed=1
    while IFS= read -r -d '' found; do
      mkdir -p "fuzz/regressions/$name"
      cp "$found" "fuzz/regressions/$name/"
      kept+=("fuzz/regressions/$name/${found##*/}")
    done < <(find "$art" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) -print0)
  fi
  printf '%-12s %-8s %12s %8s %8s %10s\n' "$name" "$result" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
done

if [ "$failed" -ne 0 ]; then
  echo
  for name in "${names[@]}"; do
    [ "${status[$name]}" -eq 0 ] && continue
    echo "fuzz: $name failed (exit ${status[$name]}); the end of $build/logs/$name.log:"
    grep -E 'ERROR|SUMMARY|cevns fuzz|Test unit written|^    #[0-9] ' "$build/logs/$name.log" | head -40 || tail -40 "$build/logs/$name.log"
  done
  for k in "${kept[@]}"; do echo "fuzz: kept $k"; done
  echo "fuzz: reproduce with $build/fuzz/fuzz_NAME fuzz/regressions/NAME/FILE; fix, then keep the file as a regression test"
  exit 1
fi
echo "fuzz: every harness ran ${fuzz_time} s without a finding"
