#!/usr/bin/env bash
# Differential testing: makes random valid modules with binaryen (`wasm-opt -ttf` from random
# bytes, NaNs removed so that results are deterministic, except in the lanes of v128 constants: a
# NaN's payload bits may then differ, as the spec allows), runs each under kiln in every mode (JIT
# at -O0 and -O2, ahead of time at -O0 and -O2; --fast adds -O2 --no-trap-unused-loads) and under
# Node.js (node_side.mjs), and reports the cases whose outputs differ. Cases that differ only after a
# call stack was exhausted are reported apart: engines may exhaust at different depths. So are
# cases where only the --fast mode differs: the optimizer may delete an out-of-bounds load whose
# value is unused, and its trap with it, when kiln is told not to keep such traps. The exit status
# is non-zero for any other difference. --modes picks a subset of the kiln modes (e.g. "O0 O2 aot-O2"
# for long runs); after each batch the counts so far go to stderr. A case that crashes kiln or runs
# longer than a minute in one mode (compilation included) differs from Node by a CRASHED or TIMED OUT line.
# usage: run.sh [--cases N] [--driver PATH/kiln_differential] [--keep DIR] [--batch N] [--fast]
#               [--modes "O0 O2 aot-O0 aot-O2"]
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cases=100 batch=50 case_seconds=60 keep="" fast=0 modes_wanted="O0 O2 aot-O0 aot-O2" driver="$here/../../build/test/differential/kiln_differential"
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --driver) driver="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --fast) fast=1; shift ;;
    --modes) modes_wanted="$2"; shift 2 ;;
    *) echo "usage: run.sh [--cases N] [--driver PATH] [--keep DIR] [--batch N] [--fast] [--modes LIST]" >&2; exit 2 ;;
  esac
done
for tool in wasm-opt node; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool is not installed (binaryen and nodejs packages)"
    exit 77
  fi
done
[ -x "$driver" ] || { echo "no driver at $driver (build kiln_differential)"; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -n "$keep" ] && mkdir -p "$keep"
# Features V8 in Node 20 runs by default and kiln implements. (Not reference types: binaryen 108
# then emits typed function references, which are not WebAssembly 2.0.)
features=(--enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int --enable-bulk-memory
          --enable-simd --enable-multivalue)

# split FILE DIR: one file per case (DIR/NAME) from a driver's output.
split() { awk -v dir="$2" '/^== / { file = dir "/" $2 ".out"; next } { print > file }' "$1"; }

# The modes every case must agree in, and the one (--fast) whose lone differences are counted apart.
read -r -a modes <<<"$modes_wanted"
for mode in "${modes[@]}"; do
  case "$mode" in
    O0 | O2 | aot-O0 | aot-O2) ;;
    *) echo "run.sh: unknown mode '$mode' (O0, O2, aot-O0, aot-O2)" >&2; exit 2 ;;
  esac
done
[[ " ${modes[*]} " == *" O2 "* ]] || { echo "run.sh: the modes must include O2" >&2; exit 2; }
all_modes=("${modes[@]}")
[ "$fast" = 1 ] && all_modes+=(O2-fast)
flags_of() {
  case "$1" in
    O0) echo "-O 0" ;;
    O2) echo "-O 2" ;;
    aot-O0) echo "-O 0 --aot" ;;
    aot-O2) echo "-O 2 --aot" ;;
    O2-fast) echo "-O 2 --no-trap-unused-loads" ;;
  esac
}

agree=0 differ=0 exhausted=0 optimized=0 calls=0
for ((start = 0; start < cases; start += batch)); do
  end=$((start + batch < cases ? start + batch : cases))
  dir="$work/batch$start"
  for mode in "${all_modes[@]}" node; do mkdir -p "$dir/$mode"; done
  files=()
  for ((i = start; i < end; ++i)); do
    head -c 8192 /dev/urandom >"$dir/case$i.bin"
    wasm-opt -ttf "$dir/case$i.bin" --denan "${features[@]}" -o "$dir/case$i.wasm" 2>/dev/null || continue
    files+=("$dir/case$i.wasm")
  done
  for mode in "${all_modes[@]}"; do
    read -r -a flags <<<"$(flags_of "$mode")"
    timeout "$((60 + 5 * ${#files[@]}))" "$driver" "${flags[@]}" "${files[@]}" >"$dir/$mode.txt" 2>&1 || {
      # A crash or a hang takes the batch down: run its cases one by one to tell which it was.
      : >"$dir/$mode.txt"
      for file in "${files[@]}"; do
        timeout "$case_seconds" "$driver" "${flags[@]}" "$file" >"$dir/one.txt" 2>&1
        status=$?
        {
          # A killed driver may not have printed (or flushed) the case's header yet.
          grep -q "^== $(basename "$file")\$" "$dir/one.txt" || echo "== $(basename "$file")"
          cat "$dir/one.txt"
          if [ "$status" = 124 ]; then
            echo "TIMED OUT (${case_seconds} s)"
          elif [ "$status" != 0 ]; then
            echo "CRASHED (exit $status)"
          fi
        } >>"$dir/$mode.txt"
      done
    }
    split "$dir/$mode.txt" "$dir/$mode"
  done
  node --single-threaded-gc "$here/node_side.mjs" "${files[@]}" >"$dir/node.txt" 2>&1
  split "$dir/node.txt" "$dir/node"
  for file in "${files[@]}"; do
    name="$(basename "$file" .wasm)"
    same=1
    for mode in "${all_modes[@]}"; do
      cmp -s "$dir/$mode/$name.wasm.out" "$dir/node/$name.wasm.out" || same=0
    done
    if [ "$same" = 1 ]; then
      agree=$((agree + 1))
      calls=$((calls + $(grep -c '^call ' "$dir/O2/$name.wasm.out")))
      continue
    fi
    strict_same=1
    for mode in "${modes[@]}"; do
      cmp -s "$dir/$mode/$name.wasm.out" "$dir/node/$name.wasm.out" || strict_same=0
    done
    outputs=()
    for mode in "${all_modes[@]}" node; do outputs+=("$dir/$mode/$name.wasm.out"); done
    if grep -q "call stack exhausted" "${outputs[@]}"; then
      exhausted=$((exhausted + 1))
      kind="differs after a call stack was exhausted"
    elif [ "$strict_same" = 1 ]; then
      optimized=$((optimized + 1))
      kind="differs with --no-trap-unused-loads only (an unused load's trap optimized away)"
    else
      differ=$((differ + 1))
      kind="DIFFERS"
    fi
    echo "$name: $kind"
    for mode in "${all_modes[@]}"; do
      diff "$dir/$mode/$name.wasm.out" "$dir/node/$name.wasm.out" | head -6 | sed "s/^/  $mode vs node: /"
    done
    [ -n "$keep" ] && cp "$dir/$name.bin" "$file" "$keep/"
  done
  echo "after $end cases: $agree agree, $differ differ, $optimized with --no-trap-unused-loads only," \
    "$exhausted after call stack exhaustion" >&2
  rm -rf "$dir"/*/ "$dir"/*.bin "$dir"/*.wasm
done
invalid=$(cat "$work"/batch*/O2.txt | grep -c '^invalid$')
echo "differential: $cases cases in modes ${all_modes[*]}, $agree agree ($calls export calls), $differ differ," \
  "$optimized differ with --no-trap-unused-loads only, $exhausted differ only after call stack exhaustion;" \
  "$invalid of the agreeing were not valid modules"
# The generator must make valid modules, or nothing was tested.
[ "$differ" = 0 ] && [ "$invalid" -lt $((cases / 10 + 1)) ]
