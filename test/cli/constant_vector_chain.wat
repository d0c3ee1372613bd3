;; A chain of constant v128 operations (found by the differential tests): a comparison of two
;; constants, shifted left with i8x16.shl, compared again, or-ed with another comparison and
;; tested with i8x16.all_true. Unoptimized, it sent LLVM 19's instruction selection into an endless
;; loop; -O0 now folds constant instructions first (compiler/pipeline/constant_folding.cpp).
(module
  (memory 1)
  (func (export "all_true") (param $pick_then i32) (result i32)
    (i32.const 0)
    (i8x16.le_u (v128.const i32x4 0x00000000 0xffffffff 0x80000000 0xffffffda)
                (v128.const i32x4 0xfff42d16 0xffffffff 0x00000025 0x00000000))
    (if (result v128) (local.get $pick_then)
      (then (v128.const i32x4 0xffbf0001 0xffe5ff80 0x0001d23d 0x00003976))
      (else
        (v128.const i32x4 0xff818001 0x80000003 0x008a7fff 0xffff8000)
        (v128.const i32x4 0xffff0000 0xfe00ffd7 0xffffb047 0xffffffe0)
        (v128.const i32x4 0x00000002 0x00000000 0xffffff8a 0xffffffff)
        (i32x4.lt_s)
        (i32.const 1)
        (i8x16.shl)
        (i32x4.eq)))
    (v128.or)
    (i8x16.all_true)
    (i32.store16 offset=3 align=1)
    (i32.load16_u offset=3 align=1 (i32.const 0))))
