#!/usr/bin/env bash
# Builds kiln with AddressSanitizer and UBSan in a build directory of its own and runs under them
# the googletest binaries (unit, runtime, codegen, API) and the whole spec suite JIT-compiled at
# -O0 and -O2, printing the time each step took. Exits non-zero on any failure or report.
# usage: test/sanitizers/run.sh [BUILD_DIR]   (default build-asan; KILN_JOBS, default 2)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$repo/build-asan}"
jobs="${KILN_JOBS:-2}"
suite="${KILN_TESTSUITE_DIR:-$repo/../shared/wasm-testsuite}"

start=$SECONDS
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang-19 \
    -DCMAKE_CXX_COMPILER=clang++-19 -DKILN_SANITIZE=ON -DKILN_TESTSUITE_DIR="$suite" >/dev/null
fi
cmake --build "$build" -j"$jobs" --target kiln kiln_unit_tests kiln_runtime_tests kiln_codegen_tests kiln_api_tests
echo "asan: built in $((SECONDS - start)) s"

# kiln's trap handler takes SIGSEGV first and passes on every fault outside compiled code, which
# ASan then reports; ASan must let it install itself (its default, said here so it stays so).
export ASAN_OPTIONS="allow_user_segv_handler=1:detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"
# ASan's frames are several times larger: the text parser's 10,000 levels of folded nesting, which
# fit the usual 8 MiB stack, need more (WatParser.DeepNestingNeverExhaustsTheStack).
ulimit -s 65536
logs="$build/sanitizer-logs"
mkdir -p "$logs"
failed=()
# run NAME DIR COMMAND…: runs COMMAND in DIR in the background, its output in $logs/NAME.log.
pids=() names=()
run() {
  local name="$1" dir="$2"
  shift 2
  (cd "$dir" && "$@") >"$logs/$name.log" 2>&1 &
  pids+=($!) names+=("$name")
}
# finish: waits for the running steps, noting the failed ones.
finish() {
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then echo "asan: ${names[$i]} passed"; else
      echo "asan: ${names[$i]} FAILED (log: $logs/${names[$i]}.log)"
      failed+=("${names[$i]}")
    fi
  done
  pids=() names=()
}

tests_start=$SECONDS
gtest=(--gtest_brief=1)
run unit "$build/test" ./kiln_unit_tests "${gtest[@]}"
run runtime "$build/test" ./kiln_runtime_tests "${gtest[@]}"
finish
run codegen "$build/test/codegen" ./kiln_codegen_tests "${gtest[@]}"
run api "$build/test/api" ./kiln_api_tests "${gtest[@]}"
finish
spec=("$suite"/core-2.0/*.wast)
run spec-O0 "$build" tools/kiln wast --opt-level 0 "${spec[@]}"
run spec-O2 "$build" tools/kiln wast --opt-level 2 "${spec[@]}"
finish
echo "asan: tests ran in $((SECONDS - tests_start)) s; $((SECONDS - start)) s in all"
if ((${#failed[@]})); then
  echo "asan: failed: ${failed[*]}"
  exit 1
fi
