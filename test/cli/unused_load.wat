;; An out-of-bounds load whose value is never used: it must trap. The address becomes a constant,
;; and the value dead, only when the optimizer has run (the local is overwritten unread).
(module
  (memory 1)
  (func (export "f") (result i32) (local i32)
    (local.set 0 (i32.const 65536))
    (local.set 0 (i32.load (local.get 0)))
    (i32.const 7)))
