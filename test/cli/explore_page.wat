;; For `kiln explore`'s tests: a recursive function, a loop, and a function whose name is markup
;; that would run if the page let names into its HTML (the text format allows these characters).
(module
  (memory 1)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $sum (export "sum") (param $p i32) (param $n i32) (result i64)
    (local $total i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $total (i64.add (local.get $total) (i64.load32_u offset=8 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $total))
  (func $</script><script>kilnInjected=1</script> (export "markup") (param i32) (result i32)
    (i32.mul (call $fib (local.get 0)) (i32.const 3))))
