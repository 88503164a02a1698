#!/usr/bin/env bash
# The command under valgrind memcheck on a small config: `cevns rate` and `cevns scan` (separable
# fast path and --direct) of configs/cdex10_active_mu.json, two OpenMP threads, CPU engine.
# Any memcheck error or definite/indirect/possible leak fails (exit 1); suppressions, each
# explained, in scripts/valgrind.supp.  Usage: bash scripts/valgrind.sh [BUILD_DIR]  (default
# build-test, the build scripts/test.sh makes; a sanitizer build cannot run under valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-test}
cevns="$build/cevns"
config=configs/cdex10_active_mu.json
if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "valgrind.sh: installing valgrind"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind; }
  else
    echo "valgrind.sh: valgrind is not installed (as root: apt-get install valgrind)" >&2
    exit 1
  fi
fi
[ -x "$cevns" ] || { echo "valgrind.sh: $cevns not built" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMP_NUM_THREADS=2
export CEVNS_DATA_DIR="$PWD/data"
vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible
    --track-origins=yes --num-callers=40 --suppressions=scripts/valgrind.supp)
failed=0
run() {  # run NAME ARGS...: one command under memcheck; its log is printed when it fails
  local name=$1 rc=0 t0=$SECONDS
  shift
  "${vg[@]}" --log-file="$tmp/$name.vg" "$cevns" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "valgrind.sh: $name: clean ($((SECONDS - t0)) s; $(grep -h 'ERROR SUMMARY' "$tmp/$name.vg" | sed 's/^==[0-9]*== //'))"
  else
    echo "valgrind.sh: $name: FAILED (exit $rc): cevns $*" >&2
    cat "$tmp/$name.err" "$tmp/$name.vg" >&2
    failed=1
  fi
}
run rate rate "$config"
run rate-json rate --json "$config"
run scan scan "$config" --engine cpu --quiet --no-figures --out "$tmp/run"
run scan-direct scan "$config" --engine cpu --direct --quiet --no-figures --out "$tmp/run-direct"
exit "$failed"
