;; Code that never ends, for `kiln run --timeout`: a command whose _start spins, and an export
;; that spins after a call.
(module
  (func $spin (loop (br 0)))
  (func (export "_start") (call $spin))
  (func (export "spin_after") (param i32) (result i32) (call $spin) (local.get 0)))
