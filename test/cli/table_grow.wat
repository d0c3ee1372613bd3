;; table.grow for `kiln run --max-table-elements`: grows a table of 2 funcref elements by N.
(module
  (table 2 funcref)
  (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
