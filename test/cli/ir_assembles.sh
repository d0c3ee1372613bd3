#!/usr/bin/env bash
# `kiln ir` on the first modules of a sample of spec scripts (SIMD among them), before and after
# optimization: llvm-as-19 must accept the IR, and functions must carry wasm names and offsets.
# With --func, only that function is defined and the IR still assembles.
# Exits 77 (skipped) when llvm-as-19 is missing.
# usage: ir_assembles.sh KILN TESTSUITE_DIR WORK_DIR
set -u
kiln="$1"
suite="$2/core-2.0"
work="$3"
if ! command -v llvm-as-19 >/dev/null; then
  echo "skipped: llvm-as-19 is not installed (it comes with the llvm-19 package)"
  exit 77
fi
scripts=(address block br_table bulk call_indirect conversions elem f32 f64_cmp float_exprs func global i32 i64
  if imports left-to-right loop memory_copy memory_grow names select table_copy
  simd/simd_lane simd/simd_f32x4_arith simd/simd_i16x8_q15mulr_sat_s simd/simd_load8_lane simd/simd_conversions
  simd/simd_bit_shift simd/simd_select)
rm -rf "$work" && mkdir -p "$work"
failures=0
modules=0
filtered=0
for script in "${scripts[@]}"; do
  name="$(basename "$script")"
  awk -v prefix="$work/$name." -v limit=2 -f "$(dirname "$0")/wast_modules.awk" "$suite/$script.wast"
  for module in "$work/$name".*.wat; do
    modules=$((modules + 1))
    for stage in unoptimized optimized; do
      ll="${module%.wat}.$stage.ll"
      if ! "$kiln" ir --stage "$stage" "$module" -o "$ll"; then
        echo "FAIL: kiln ir --stage $stage $module"
        failures=$((failures + 1))
      elif ! llvm-as-19 "$ll" -o /dev/null; then
        echo "FAIL: llvm-as-19 rejects $ll"
        failures=$((failures + 1))
      elif grep -q '^define' "$ll" &&
        ! { grep -q '^; wasm function ' "$ll" && grep -q '!dbg ' "$ll" && grep -q '; wasm 0x' "$ll"; }; then
        echo "FAIL: $ll lacks wasm function names or offsets"
        failures=$((failures + 1))
      fi
    done
    # --func: only the chosen function (here the module's last) is defined, and the rest of the
    # module (what it calls, as declarations) still assembles.
    last="$(grep -o '^; wasm function [0-9]*' "${module%.wat}.optimized.ll" | tail -1 | grep -o '[0-9]*$')"
    if [ -n "$last" ]; then
      ll="${module%.wat}.func$last.ll"
      if ! "$kiln" ir --func "$last" "$module" -o "$ll"; then
        echo "FAIL: kiln ir --func $last $module"
        failures=$((failures + 1))
      elif [ "$(grep -c '^define' "$ll")" != 1 ] || ! grep -q "^; wasm function $last " "$ll"; then
        echo "FAIL: $ll defines other functions than $last"
        failures=$((failures + 1))
      elif ! llvm-as-19 "$ll" -o /dev/null; then
        echo "FAIL: llvm-as-19 rejects $ll"
        failures=$((failures + 1))
      else
        filtered=$((filtered + 1))
      fi
    fi
  done
done
echo "$modules modules from ${#scripts[@]} scripts ($filtered also with --func), $failures failures"
[ "$failures" = 0 ]
