;; The module of the call-overhead benchmarks (bench_calls.cpp for kiln, node_calls.mjs for
;; Node.js): exports to call from the host, loops that call an import or through a table, and
;; memory.grow. Loops count down so that their own cost is one add and one branch per call.
(module
  (import "env" "host_nop" (func $host_nop))
  (type $binary (func (param i32 i32) (result i32)))
  (memory (export "memory") 1 65536)
  (table 4 funcref)
  (data (i32.const 16) "kiln call benchmarks")
  (elem (i32.const 0) $add $sub $add $sub)

  (func $nop (export "nop"))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))

  ;; Calls the host's nop `count` times.
  (func (export "call_host") (param $count i32)
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $again
        (call $host_nop)
        (br_if $again (local.tee $count (i32.sub (local.get $count) (i32.const 1)))))))

  ;; `count` call_indirects through the table, alternating between two functions of one type.
  (func (export "call_indirect") (param $count i32) (result i32)
    (local $sum i32)
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $again
        (local.set $sum
          (call_indirect (type $binary) (local.get $sum) (local.get $count)
            (i32.and (local.get $count) (i32.const 3))))
        (br_if $again (local.tee $count (i32.sub (local.get $count) (i32.const 1))))))
    (local.get $sum))

  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
