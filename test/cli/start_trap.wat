;; A start function that traps: instantiating the module is a trap, not a link error.
(module
  (func $init unreachable)
  (start $init)
  (func (export "_start")))
