;; Found by the differential tests (case 2524 of a 10,000-case run, reduced by wasm-reduce): an
;; out-of-bounds load whose value only decides a branch whose targets are the same. Once the load
;; sink is gone, code generation folds the branch and drops the load: the finisher must judge the
;; load's uses after that clean-up.
(module
  (memory 16 17)
  (func $f (param i32) (result f64)
    (drop
      (block $out (result i32)
        (br_if $out
          (br_if $out
            (local.tee 0 (i32.const 0))
            (i32.load8_u offset=4 (i32x4.extract_lane 1 (v128.const i32x4 0x48000032 0x42de0000 0x5f800000 0x3f60c49c))))
          (local.tee 0 (i32.const -123)))))
    (if (local.get 0)
      (then (return (call $g (f64.const 1))))
      (else (return (f64.const 0))))
    (unreachable))
  (func $g (param f64) (result f64) (f64.const 0))
  (func (export "main") (drop (call $f (i32.const -104)))))
