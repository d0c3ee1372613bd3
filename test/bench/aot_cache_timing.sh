#!/usr/bin/env bash
# Shows that compile-cache hits skip compilation: times `kiln run --cache` on a WASI program with an
# empty cache (compile, link, store) and then warm (load only), beside the JIT (eager and lazy) and
# `kiln-run` on a precompiled .so: for a program that prints at once, its time to first output. Prints the median of N runs of each, in milliseconds.
# usage: test/bench/aot_cache_timing.sh [BUILD_DIR] [PROGRAM.wasm] [N]
set -eu
build="${1:-build}"
program="${2:-$build/examples/hello.wasm}"
runs="${3:-5}"
kiln="$build/tools/kiln"
kiln_run="$build/tools/kiln-run"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Milliseconds one command takes (its output discarded).
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cold=$(for _ in $(seq "$runs"); do rm -rf "$scratch/cache"; time_ms "$kiln" run --cache="$scratch/cache" "$program"; done | median)
"$kiln" run --cache="$scratch/cache" "$program" >/dev/null 2>&1
warm=$(for _ in $(seq "$runs"); do time_ms "$kiln" run --cache="$scratch/cache" "$program"; done | median)
jit=$(for _ in $(seq "$runs"); do time_ms "$kiln" run "$program"; done | median)
lazy=$(for _ in $(seq "$runs"); do time_ms "$kiln" run --lazy "$program"; done | median)
"$kiln" compile "$program" -o "$scratch/program.so"
loader=$(for _ in $(seq "$runs"); do time_ms "$kiln_run" "$scratch/program.so"; done | median)

echo "program: $program (median of $runs runs)"
printf '%-40s %6s ms\n' "kiln run (JIT, compiles every time)" "$jit" \
  "kiln run --lazy (compiles what runs)" "$lazy" \
  "kiln run --cache, cold (compile + store)" "$cold" \
  "kiln run --cache, warm (cache hit)" "$warm" \
  "kiln-run program.so (no LLVM)" "$loader"
