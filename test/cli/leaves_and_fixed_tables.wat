;; Two things optimized code leaves out: the stack check of a small leaf function (one that calls
;; nothing in the wasm convention) and the loads of a table's size and elements when its limits
;; fix its size. The traps those checks stand for must still happen where they can.
(module
  (type $binary (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (table $fixed 2 2 funcref)
  (elem (table $fixed) (i32.const 0) func $add $sub)

  ;; Leaves: no check.
  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))

  ;; Not leaves: a call, a call_indirect and an import call each keep the check.
  (func $recurse (export "recurse") (param $depth i32) (result i32)
    (if (result i32) (i32.eqz (local.get $depth))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $recurse (i32.sub (local.get $depth) (i32.const 1)))))))
  (func $apply (export "apply") (param $which i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect $fixed (type $binary) (local.get $a) (local.get $b) (local.get $which)))
  (func $ask_host (export "ask_host") (result i32) (call $yield))

  ;; The fixed table's size is a constant; growing it fails.
  (func $size (export "size") (result i32) (table.size $fixed))
  (func $grow (export "grow") (result i32) (table.grow $fixed (ref.null func) (i32.const 1))))
