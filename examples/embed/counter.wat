;; The module examples/embed/embed.cpp runs: a counter kept in linear memory and reported through a
;; host function, an `add` to call with static types, and a division that traps on zero.
(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "kiln counter")

  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; The counter's name is at address 0 and its value at 16, where the host reads them too.
  (func (export "bump") (param $by i32) (result i32)
    (local $count i32)
    (local.set $count (i32.add (i32.load (i32.const 16)) (local.get $by)))
    (i32.store (i32.const 16) (local.get $count))
    (call $log (local.get $count))
    (local.get $count))

  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b))))
