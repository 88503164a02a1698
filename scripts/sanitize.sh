#!/usr/bin/env bash
# The whole test suite under AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer:
# configure BUILD_DIR (default build-asan) with -DCEVNS_SANITIZE=ON, build everything and run
# ctest there.  Any sanitizer report aborts the process, so the test fails.  scripts/test.sh
# (CI) calls this after the normal build; docs/reliability.md explains the options.
# Usage: bash scripts/sanitize.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCEVNS_SANITIZE=ON -DCEVNS_WERROR=ON
cmake --build "$build" -j"$(nproc)"

# LeakSanitizer suppressions: only leaks that are provably not ours (docs/reliability.md).
supp="$(cd "$build" && pwd)/lsan.supp"
cat >"$supp" <<'EOF'
# Criterion's runner process (the parent that starts and watches the test workers; it runs none
# of our code).  The BoxFort bundled in libcriterion keeps a 48-byte request per running test
# with a .timeout in a deadline-sorted list; bxfi_push_timeout links a new request in without
# its successors, so starting a test with a shorter .timeout while one with a longer .timeout
# runs drops the later requests: lost.  Files mixing timeouts (test_separable 600/900 s,
# test_faults 120/240 s) leak 48 or 96 bytes, depending on timing.  Matched by the runner's
# entry point, on the stack of every runner allocation and of no worker allocation (workers are
# new processes entered through BoxFort's trampoline), so leaks in tests and in cevns are still
# reported.  Needs fast_unwind_on_malloc=0: libcriterion has no frame pointers, the fast
# unwinder stops inside it.
leak:criterion_run_all_tests
# PLplot's cairo driver lays out text with Pango, whose process-wide font map and fontconfig
# pattern caches (filled on a Pango worker thread) are never released.  Allocated inside
# fontconfig/pango-ft2; our figures code only calls PLplot.
leak:libpangoft2-1.0.so
leak:libfontconfig.so
EOF

# detect_leaks: LeakSanitizer at every exit (runner, workers, the cevns command run by tests).
# abort_on_error: Criterion ignores a worker's exit status after the test reported success, but
#   not a signal, so a leak found at a worker's exit fails its test only when LSan aborts.
# fast_unwind_on_malloc=0 + malloc_context_size=10: full unwinding through uninstrumented
#   libraries for the suppression above, limited to 10 frames (the runner's entry point is
#   frame 6; reports stay readable).  Unlimited depth makes test_rate's reference quadrature,
#   which allocates per inner integral, several times slower.
# strict_string_checks, detect_stack_use_after_return: stricter checks, off by default.
# print_suppressions=0: the cevns command's stderr stays what the tests expect (one error line).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=10:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "sanitize.sh: ASAN_OPTIONS=$ASAN_OPTIONS LSAN_OPTIONS=$LSAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
ctest --test-dir "$build" --output-on-failure --timeout 1500
