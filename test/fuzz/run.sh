#!/usr/bin/env bash
# Runs kiln's libFuzzer targets for SECONDS each, one after the other: configures and builds them
# (with ASan and UBSan) in build-fuzz when needed, makes the seed corpus on first use, and exits
# non-zero when a target reports a finding; its input is kept in build-fuzz/fuzz/artifacts.
# usage: test/fuzz/run.sh SECONDS [TARGET…]   TARGET: decode_validate, wat or run (default: all three)
# Environment: KILN_FUZZ_BUILD_DIR (default build-fuzz), KILN_JOBS (build jobs, default 2).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${KILN_FUZZ_BUILD_DIR:-$repo/build-fuzz}"
suite="$repo/../shared/wasm-testsuite/core-2.0"

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: test/fuzz/run.sh SECONDS [decode_validate|wat|run]…" >&2
  exit 2
fi
seconds="$1"
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode_validate wat run)
for target in "${targets[@]}"; do
  case "$target" in
    decode_validate | wat | run) ;;
    *) echo "run.sh: unknown target '$target' (decode_validate, wat or run)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DKILN_BUILD_FUZZERS=ON >/dev/null
fi
binaries=()
for target in "${targets[@]}"; do binaries+=("kiln_${target}_fuzz"); done
cmake --build "$build" -j"${KILN_JOBS:-2}" --target kiln "${binaries[@]}"  # kiln makes the binary seeds

# Seeds: every top-level text module of the spec suite and of kiln's own tests, as text for the
# text target and as binaries for the others; and, for the run target, random valid modules from
# binaryen (wasm-opt -ttf, as the differential tests make them), which reach deep into code.
seeds="$build/fuzz/seeds"
if [ ! -f "$seeds/done" ]; then
  rm -rf "$seeds"
  mkdir -p "$seeds/wat" "$seeds/wasm" "$seeds/generated"
  for script in "$suite"/*.wast; do
    awk -v prefix="$seeds/wat/$(basename "$script" .wast)." -v limit=100000 -f "$repo/test/cli/wast_modules.awk" "$script"
  done
  find "$repo/test" "$repo/examples" -name '*.wat' -exec cp {} "$seeds/wat/" \;
  for file in "$seeds/wat"/*.wat; do
    ASAN_OPTIONS=detect_leaks=0 "$build/tools/kiln" wat2wasm "$file" -o "$seeds/wasm/$(basename "$file" .wat).wasm" \
      >/dev/null 2>&1 || true
  done
  if command -v wasm-opt >/dev/null; then
    for i in $(seq 1 200); do
      head -c 4096 /dev/urandom >"$seeds/generated/random.bin"
      wasm-opt -ttf "$seeds/generated/random.bin" --enable-sign-ext --enable-mutable-globals \
        --enable-nontrapping-float-to-int --enable-bulk-memory --enable-simd --enable-multivalue \
        -o "$seeds/generated/ttf$i.wasm" 2>/dev/null || true
    done
    rm -f "$seeds/generated/random.bin"
  fi
  touch "$seeds/done"
  echo "seeds: $(ls "$seeds/wat" | wc -l) text, $(ls "$seeds/wasm" | wc -l) binary, $(ls "$seeds/generated" | wc -l) generated"
fi

status=0
for target in "${targets[@]}"; do
  corpus="$build/fuzz/corpus/$target"
  artifacts="$build/fuzz/artifacts/$target"
  log="$build/fuzz/$target.log"
  mkdir -p "$corpus" "$artifacts"
  case "$target" in
    wat) inputs=("$seeds/wat") ;;
    decode_validate) inputs=("$seeds/wasm") ;;
    run) inputs=("$seeds/wasm" "$seeds/generated") ;;
  esac
  echo "== kiln_${target}_fuzz for ${seconds}s (log: $log)"
  # New inputs go to the first directory (kept between runs); the seeds are only read.
  if "$build/test/fuzz/kiln_${target}_fuzz" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "${inputs[@]}" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$log" || true
    echo "   no finding"
  else
    status=1
    grep -E -A5 'ERROR|==[0-9]+==|kiln_run_fuzz:|Test unit written' "$log" | head -40
    echo "   FINDING: see $log and $artifacts"
  fi
done
exit $status
