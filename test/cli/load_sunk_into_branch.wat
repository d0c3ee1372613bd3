;; Reduced from a differential-testing case (binaryen -ttf, seed case 1 of a 10,000-case run): the
;; out-of-bounds load's value is used only on the path that does not return early, so code
;; generation would sink the load into that path, and the early return would skip its trap.
(module
  (memory 16 17)
  (global $keep_going (mut i32) (i32.const 10))
  (func $body (param $address i32)
    (local.set $address (f64.gt (f64.load offset=4 (local.get $address)) (f64.const 0)))
    (if (global.get $keep_going) (then (return)))
    (memory.copy (i32.const 1) (local.get $address) (i32.const 0))
    (unreachable))
  (func (export "main") (call $body (i32.const -262144))))
