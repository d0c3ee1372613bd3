;; Loops whose index counts up to a bound and whose accesses are `index + constant`, as clang
;; writes wasm loops: the sums must be right whether or not the 32-bit address wraps.
(module
  (memory 1)
  ;; Word i (at byte 4i) holds i + 1, for i < 512 (the start function).
  (start $fill)
  (func $fill
    (local $i i32)
    (loop $next
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 512)))))
  ;; Sums the words at index + 256 for index = from, from + 4, ... up to (not including) to.
  (func $sum_before_zero (export "sum_before_zero") (param $from i32) (param $to i32) (result i32)
    (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (i32.load (i32.add (local.get $from) (i32.const 256)))))
      (br_if $next (i32.ne (local.tee $from (i32.add (local.get $from) (i32.const 4))) (local.get $to))))
    (local.get $sum))
  ;; The same at index + 0x80000100, whose 32-bit sum wraps to the words at 0.. when the index
  ;; runs from 0x7fffff00 up to 0x80000000.
  (func $sum_across_sign (export "sum_across_sign") (param $from i32) (param $to i32) (result i32)
    (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (i32.load (i32.add (local.get $from) (i32.const 0x80000100)))))
      (br_if $next (i32.ne (local.tee $from (i32.add (local.get $from) (i32.const 4))) (local.get $to))))
    (local.get $sum))
  ;; A SIMD loop as clang writes them: the index counts from -1024 up to 0 and each access is
  ;; index + 2048; returns the sum over `reps` repetitions of lane 0 of the vector sum.
  (func $sum_vectors (export "sum_vectors") (param $reps i32) (result i32)
    (local $i i32) (local $acc v128) (local $total i32)
    (loop $rep
      (local.set $acc (v128.const i64x2 0 0))
      (local.set $i (i32.const -1024))
      (loop $next
        (local.set $acc (i32x4.add (local.get $acc) (v128.load (i32.add (local.get $i) (i32.const 2048)))))
        (br_if $next (local.tee $i (i32.add (local.get $i) (i32.const 16)))))
      (local.set $total (i32.add (local.get $total) (i32x4.extract_lane 0 (local.get $acc))))
      (br_if $rep (local.tee $reps (i32.sub (local.get $reps) (i32.const 1)))))
    (local.get $total)))
