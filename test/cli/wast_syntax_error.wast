;; A script that does not parse: one failure at the line:column of the unknown command.
(module)

(assert_bogus (module) "no such command")
