;; Loads whose traps optimization and instruction selection would lose, each called with an
;; address at which it is out of bounds (memory is one page: 65536 bytes).
(module
  (memory 1)
  ;; The load's only use leads to a trap: its value never reaches a return.
  (func (export "before_trap") (local i32)
    (local.set 0 (i32.const 65536))
    (local.set 0 (i32.load (local.get 0)))
    (unreachable))
  ;; Only the low half is used, so the load could be narrowed to its in-bounds low four bytes.
  (func (export "low_half") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get 0))))
  ;; Only lane 0 is used, so the load could be narrowed to that in-bounds lane.
  (func (export "lane_zero") (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (local.get 0))))
  ;; A loop of unused loads, which the optimizer would delete whole; it reaches the end of memory.
  (func (export "loop") (param i32) (result i32) (local i32)
    (loop $next
      (local.set 1 (i32.load (local.get 0)))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get 0) (i32.const 70000))))
    (i32.const 1)))
