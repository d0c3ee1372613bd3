;; For `kiln run --lazy --stats`: two exports nobody else calls, each compiled only if called.
(module
  (func $used (export "used") (result i32) (i32.const 1))
  (func $unused (export "unused") (result i32) (i32.const 2)))
