;; Exports for the `kiln run --invoke` tests: every printed value kind, traps, memory growth under
;; --max-memory and unbounded recursion under --max-stack.
(module
  (memory 1)
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64) (f64.div (local.get 0) (f64.const 2)))
  (func (export "neg32") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "pair") (result i32 f32) (i32.const -1) (f32.const 1.5))
  (func (export "vector") (result v128) (v128.const i32x4 7 7 7 0x10203))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (i32.const 1) (call $recurse (local.get 0)))))
