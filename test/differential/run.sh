#!/usr/bin/env bash
# Differential testing: makes random valid modules with binaryen (`wasm-opt -ttf` from random
# bytes, NaNs removed so that results are deterministic), runs each under kiln at -O0, at -O2 and
# at -O2 --trap-unused-loads, and under Node.js (node_side.mjs), and reports the cases whose
# outputs differ. Cases that differ only after a call stack was exhausted are reported apart:
# engines may exhaust at different depths. So are cases where only plain -O2 differs: kiln's known
# deviation by default, the optimizer deleting an out-of-bounds load whose value is unused, and its
# trap with it (--trap-unused-loads keeps it). The exit status is non-zero for any other difference.
# usage: run.sh [--cases N] [--driver PATH/kiln_differential] [--keep DIR] [--batch N]
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cases=100 batch=50 keep="" driver="$here/../../build/test/differential/kiln_differential"
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --driver) driver="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    *) echo "usage: run.sh [--cases N] [--driver PATH] [--keep DIR] [--batch N]" >&2; exit 2 ;;
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

agree=0 differ=0 exhausted=0 optimized=0 calls=0
for ((start = 0; start < cases; start += batch)); do
  end=$((start + batch < cases ? start + batch : cases))
  dir="$work/batch$start"
  mkdir -p "$dir"/{O0,O2,O2strict,node}
  files=()
  for ((i = start; i < end; ++i)); do
    head -c 8192 /dev/urandom >"$dir/case$i.bin"
    wasm-opt -ttf "$dir/case$i.bin" --denan "${features[@]}" -o "$dir/case$i.wasm" 2>/dev/null || continue
    files+=("$dir/case$i.wasm")
  done
  for mode in O0 O2 O2strict; do
    case "$mode" in
      O0) flags=(-O 0) ;;
      O2) flags=(-O 2) ;;
      O2strict) flags=(-O 2 --trap-unused-loads) ;;
    esac
    "$driver" "${flags[@]}" "${files[@]}" >"$dir/$mode.txt" 2>&1 || {
      # A crash takes the batch down: run its cases one by one to tell which crashed.
      : >"$dir/$mode.txt"
      for file in "${files[@]}"; do
        "$driver" "${flags[@]}" "$file" >>"$dir/$mode.txt" 2>&1 || echo "CRASHED (exit $?)" >>"$dir/$mode.txt"
      done
    }
    split "$dir/$mode.txt" "$dir/$mode"
  done
  node --single-threaded-gc "$here/node_side.mjs" "${files[@]}" >"$dir/node.txt" 2>&1
  split "$dir/node.txt" "$dir/node"
  for file in "${files[@]}"; do
    name="$(basename "$file" .wasm)"
    same=1
    for mode in O0 O2 O2strict; do
      cmp -s "$dir/$mode/$name.wasm.out" "$dir/node/$name.wasm.out" || same=0
    done
    if [ "$same" = 1 ]; then
      agree=$((agree + 1))
      calls=$((calls + $(grep -c '^call ' "$dir/O2/$name.wasm.out")))
      continue
    fi
    if grep -q "call stack exhausted" "$dir"/{O0,O2,O2strict,node}/"$name.wasm.out"; then
      exhausted=$((exhausted + 1))
      kind="differs after a call stack was exhausted"
    elif cmp -s "$dir/O0/$name.wasm.out" "$dir/node/$name.wasm.out" &&
      cmp -s "$dir/O2strict/$name.wasm.out" "$dir/node/$name.wasm.out"; then
      optimized=$((optimized + 1))
      kind="differs at plain -O2 only (an unused load's trap optimized away)"
    else
      differ=$((differ + 1))
      kind="DIFFERS"
    fi
    echo "$name: $kind"
    for mode in O0 O2 O2strict; do
      diff "$dir/$mode/$name.wasm.out" "$dir/node/$name.wasm.out" | head -6 | sed "s/^/  $mode vs node: /"
    done
    [ -n "$keep" ] && cp "$dir/$name.bin" "$file" "$keep/"
  done
done
invalid=$(cat "$work"/batch*/O2.txt | grep -c '^invalid$')
echo "differential: $cases cases, $agree agree ($calls export calls), $differ differ," \
  "$optimized differ at plain -O2 only, $exhausted differ only after call stack exhaustion;" \
  "$invalid of the agreeing were not valid modules"
# The generator must make valid modules, or nothing was tested.
[ "$differ" = 0 ] && [ "$invalid" -lt $((cases / 10 + 1)) ]
