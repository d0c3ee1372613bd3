// The module fields of the text format. Fields are read in two passes: the first binds every
// symbolic id and defines the explicit types (an id may be used before its definition), the
// second builds the module in text order, which is also index order.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "kiln/module.h"
#include "kiln/text.h"
#include "text/wat_context.h"
#include "text/wat_instructions.h"
#include "text/wat_syntax.h"
#include "text/wat_types.h"

namespace kiln::text {

class ModuleParser {
 public:
  // With `map`, the module's offsets are synthetic and `map` receives where they came from.
  explicit ModuleParser(TextSourceMap* map) : map_(map) {}

  // `fields` are the module's fields; `id` its `$id`, when it has one.
  Module parse(std::span<const SExpr> fields, const Token* id);

 private:
  // First pass (wat_module.cpp).
  void declare(const SExpr& field);
  void declare_import(const SExpr& form);
  void declare_definition(const SExpr& field, const char* kind);

  // Second pass (wat_module.cpp).
  void define(const SExpr& field);
  void define_import(const SExpr& field);
  void define_func(const SExpr& field);
  void define_export(const SExpr& field);
  void define_start(const SExpr& field);
  void parse_body(Cursor& items, const TypeUse& use, uint32_t type_index, uint32_t func_index);
  // `(export "name")*` of an entity defined with inline exports.
  void inline_exports(Cursor& items, ExternKind kind, uint32_t index);
  // `(import "module" "name")` of an entity defined with an inline import, when present.
  bool inline_import(Cursor& items, ExternKind kind, uint32_t index);
  void add_import(std::string module, std::string name, ExternKind kind, uint32_t index);

  // Second pass (wat_segments.cpp).
  void define_table(const SExpr& field);
  void define_memory(const SExpr& field);
  void define_global(const SExpr& field);
  void define_elem(const SExpr& field);
  void define_data(const SExpr& field);
  ConstExpr parse_offset(Cursor& items);
  ConstExpr parse_elem_expr(const SExpr& item);
  // `ref.func x` for a bare function index `x` in an element list.
  ConstExpr parse_func_ref(const SExpr& ref);

  // Source map bookkeeping (wat_module.cpp); without a map, offsets stay 0 and nothing is kept.
  // The offset of a constant expression or an entity written at `location`.
  uint32_t place(TextLocation location);
  void place_entity(std::vector<uint64_t> EntityOffsets::*list, TextLocation location);
  // The offset of a function body's `code`, whose instructions are at `marks`.
  uint32_t place_code(size_t size, const std::vector<CodeMark>& marks);
  // Constant expression `items`, written at `location`.
  ConstExpr parse_const_expr_at(Cursor items, TextLocation location);

  TextSourceMap* map_;
  ModuleContext context_;
  const char* first_definition_ = nullptr;  // the kind of the first non-imported entity
  bool uses_data_count_ = false;
};

// A name (of an import or export): the string's bytes, which must be UTF-8.
std::string parse_name(Cursor& items);

}  // namespace kiln::text
