;; Found by the differential tests (reduced by wasm-reduce): the address operand of a store loads
;; out of bounds, then the value operand returns before the store. The load's trap comes first; its
;; value is never used, and instruction selection dropped such a load even at -O0.
(module
  (memory 16 17)
  (func $f (param i64 f64)
    (drop
      (block (result f64)
        (f64.store offset=4 align=4
          (i32.load offset=4 align=2
            (i16x8.extract_lane_s 1 (v128.const i32x4 0x8000ff9e 0xffff7fff 0xff01ff94 0xff00007f)))
          (block (result f64)
            (if (i32.const 1) (then (return)))
            (block (result f64)
              (drop (i32.trunc_f32_s (block (result f32) (unreachable))))
              (f64.const 1))))
        (f64.const 1))))
  (func (export "main") (call $f (i64.const -92) (f64.const 0))))
