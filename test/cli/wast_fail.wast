;; A script with a deliberately wrong assertion: kiln must report it and exit 1.
(module (func (export "f")))
;; This module is valid, so the assertion below is wrong.
(assert_invalid (module (func)) "type mismatch")
