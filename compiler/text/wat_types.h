// Types in the text format: value and reference types, function signatures, type uses, and
// the limits and types of tables, memories and globals.
#pragma once

#include <optional>
#include <vector>

#include "kiln/types.h"
#include "text/wat_context.h"
#include "text/wat_syntax.h"

namespace kiln::text {

ValType parse_value_type(const SExpr& item);
ValType parse_ref_type(const SExpr& item);   // funcref | externref
ValType parse_heap_type(const SExpr& item);  // func | extern, as in `ref.null func`

// `(param …)* (result …)*`, in that order, appended to `type`. With `param_ids`, a param may be
// named (`(param $x i32)`, one type only) and the ids are collected, nullptr for unnamed ones;
// without, a named param is an "unexpected token".
void parse_signature(Cursor& cursor, FuncType& type, std::vector<const Token*>* param_ids);

// `(func (param …)* (result …)*)` in a type definition.
FuncType parse_func_type(const SExpr& form);

// `(type x)? (param …)* (result …)*`: a reference to a function type, an inline signature, or both.
struct TypeUse {
  std::optional<uint32_t> index;  // the `(type x)`, when given
  TextLocation location;          // of the type use, for errors
  FuncType signature;             // the inline params and results
  std::vector<const Token*> param_ids;
};
TypeUse parse_type_use(Cursor& cursor, const ModuleContext& context, bool allow_param_ids);

// The type index a type use stands for: its `(type x)`, which must then agree with any inline
// signature ("inline function type"), or else the inline signature, interned.
uint32_t resolve_type_use(ModuleContext& context, const TypeUse& use);

Limits parse_limits(Cursor& cursor);
TableType parse_table_type(Cursor& cursor);
MemoryType parse_memory_type(Cursor& cursor);
GlobalType parse_global_type(Cursor& cursor);

}  // namespace kiln::text
