;; A trap three calls deep, for `kiln run`'s backtrace: main -> half -> div, which divides by zero.
(module
  (func $div (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func $half (param i32) (result i32) (i32.add (call $div (local.get 0) (i32.const 0)) (i32.const 1)))
  (func $main (export "main") (result i32) (i32.mul (call $half (i32.const 10)) (i32.const 3))))
