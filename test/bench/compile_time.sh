#!/usr/bin/env bash
# Compile time and peak memory for a large module: a generated C program (gen_large_module.py,
# ~50k lines) built to wasm, compiled by `kiln compile` at O0 and O2, serially (-j 1) and in
# partitions on all hardware threads (-j 0), beside Node.js's WebAssembly.compile of the same bytes;
# then eager against lazy: the time to the program's first output line under `kiln run -O 2` (-j 1,
# -j 0) and `kiln run --lazy` (first_output.py). Prints the phase table of `kiln compile --stats`
# for each, then a summary with the speedup and the lazy/eager ratio.
# usage: test/bench/compile_time.sh [BUILD_DIR] [FUNCTIONS] [RUNS]
set -eu
build="${1:-build}"
functions="${2:-1500}"
runs="${3:-1}"
kiln="$build/tools/kiln"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
threads="$(nproc)"

python3 "$here/gen_large_module.py" "$functions" > "$scratch/large.c"
# Optimized by clang, linked without -O: the functions stay as clang emitted them.
clang-19 --target=wasm32-wasi -O2 -c "$scratch/large.c" -o "$scratch/large.o"
clang-19 --target=wasm32-wasi "$scratch/large.o" -o "$scratch/large.wasm"
echo "module: $(wc -l < "$scratch/large.c") lines of C, $functions functions, $(stat -c %s "$scratch/large.wasm") bytes of wasm"
echo "machine: $threads hardware threads, load $(cut -d' ' -f1-3 /proc/loadavg)"

# The best of RUNS runs of `kiln compile -O level -j jobs`: its wall seconds and peak RSS (MiB)
# from --stats; the stats of the best run are printed.
measure() {
  local level=$1 jobs=$2 best="" best_stats=""
  for _ in $(seq "$runs"); do
    "$kiln" compile --stats -O "$level" -j "$jobs" "$scratch/large.wasm" -o "$scratch/large.so" 2> "$scratch/stats"
    local total
    total=$(awk '$1 == "total" { print $2 }' "$scratch/stats")
    if [ -z "$best" ] || awk -v a="$total" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$total
      best_stats=$(cat "$scratch/stats")
    fi
  done
  echo "== kiln compile -O $level -j $jobs" >&2
  echo "$best_stats" >&2
  echo "$best $(echo "$best_stats" | awk '$1 == "peak" { print $3 }')"
}

declare -A seconds memory
for level in 0 2; do
  for jobs in 1 0; do
    read -r seconds["$level/$jobs"] memory["$level/$jobs"] < <(measure "$level" "$jobs")
  done
done

# Node.js: WebAssembly.compile of the same bytes, timed inside the process: as Node runs by default
# (V8 compiles lazily, each function on its first call), eagerly with the Liftoff baseline
# compiler, and eagerly with the TurboFan optimizing compiler only.
node_compile() {
  node "$@" -e '
    const bytes = require("fs").readFileSync(process.argv[1]);
    const start = performance.now();
    WebAssembly.compile(bytes).then(() => {
      const ms = performance.now() - start;
      console.log((ms / 1000).toFixed(3), (process.resourceUsage().maxRSS / 1024).toFixed(1));
    });' "$scratch/large.wasm"
}
# Time to first output: the best of RUNS runs (the program prints "started" first thing in main).
first_output() {
  local best=""
  for _ in $(seq "$runs"); do
    local seconds
    seconds=$(python3 "$here/first_output.py" "$kiln" run "$@" "$scratch/large.wasm")
    if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$seconds; fi
  done
  echo "$best"
}
first_serial=$(first_output -O 2 -j 1)
first_parallel=$(first_output -O 2 -j 0)
first_lazy=$(first_output -O 2 --lazy)

read -r node_default node_default_rss < <(node_compile)
read -r node_liftoff node_liftoff_rss < <(node_compile --no-wasm-lazy-compilation --no-wasm-tier-up)
read -r node_turbofan node_turbofan_rss < <(node_compile --no-wasm-lazy-compilation --no-liftoff)

echo
printf '%-44s %9s %12s\n' "compiler" "seconds" "peak MiB"
for level in 0 2; do
  printf '%-44s %9s %12s\n' "kiln compile -O $level, serial (-j 1)" "${seconds[$level/1]}" "${memory[$level/1]}" \
    "kiln compile -O $level, parallel (-j 0: $threads threads)" "${seconds[$level/0]}" "${memory[$level/0]}"
done
printf '%-44s %9s %12s\n' "node WebAssembly.compile (default: lazy)" "$node_default" "$node_default_rss" \
  "node WebAssembly.compile (eager Liftoff)" "$node_liftoff" "$node_liftoff_rss" \
  "node WebAssembly.compile (eager TurboFan)" "$node_turbofan" "$node_turbofan_rss"
for level in 0 2; do
  awk -v s="${seconds[$level/1]}" -v p="${seconds[$level/0]}" -v l="$level" -v t="$threads" \
    'BEGIN { printf "speedup at O%s, %s threads vs 1: %.2fx\n", l, t, s / p }'
done
echo
printf '%-44s %9s\n' "time to first output of kiln run" "seconds" \
  "kiln run -O 2, eager, serial (-j 1)" "$first_serial" \
  "kiln run -O 2, eager, parallel (-j 0)" "$first_parallel" \
  "kiln run -O 2 --lazy" "$first_lazy"
awk -v l="$first_lazy" -v s="${seconds[2/1]}" -v p="${seconds[2/0]}" -v t="$threads" 'BEGIN {
  printf "lazy first output / eager O2 compile: %.1f%% of serial, %.1f%% of parallel (%s threads); target <= 10%%\n",
    100 * l / s, 100 * l / p, t }'
echo
# Time to first output of a hello-world program, with and without the compile cache.
bash "$here/aot_cache_timing.sh" "$build" "$build/examples/hello.wasm" 5
