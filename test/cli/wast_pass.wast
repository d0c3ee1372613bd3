;; A script kiln passes: modules and rejections it judges, and commands it executes.
(module $adder
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add))
(module binary "\00asm" "\01\00\00\00")
(assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func (result i32) (i32.const 0x))") "unknown operator")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_invalid (module (func (result i32) (f32.const 0))) "not the words kiln uses")
(assert_unlinkable (module (import "spectest" "no_such_export" (func))) "unknown import")
(register "adder" $adder)
(assert_return (invoke $adder "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(module $user
  (import "adder" "add" (func $add (param i32 i32) (result i32)))
  (func (export "inc") (param i32) (result i32) (call $add (local.get 0) (i32.const 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
(assert_return (invoke "inc" (i32.const -1)) (i32.const 0))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
