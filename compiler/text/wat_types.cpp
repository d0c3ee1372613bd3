// Parsing of types and type uses.
#include "text/wat_types.h"

#include "text/numbers.h"

namespace kiln::text {
namespace {

std::optional<ValType> value_type_named(std::string_view word) {
  if (word == "i32") return ValType::I32;
  if (word == "i64") return ValType::I64;
  if (word == "f32") return ValType::F32;
  if (word == "f64") return ValType::F64;
  if (word == "v128") return ValType::V128;
  if (word == "funcref") return ValType::FuncRef;
  if (word == "externref") return ValType::ExternRef;
  return std::nullopt;
}

}  // namespace

ValType parse_value_type(const SExpr& item) {
  std::optional<ValType> type;
  if (item.is_atom(Token::Kind::Keyword)) type = value_type_named(item.atom.text);
  if (!type) fail_unexpected(item);
  return *type;
}

ValType parse_ref_type(const SExpr& item) {
  ValType type = parse_value_type(item);
  if (!is_ref_type(type)) fail_unexpected(item);
  return type;
}

ValType parse_heap_type(const SExpr& item) {
  if (item.is_keyword("func")) return ValType::FuncRef;
  if (item.is_keyword("extern")) return ValType::ExternRef;
  fail_unexpected(item);
}

void parse_signature(Cursor& cursor, FuncType& type, std::vector<const Token*>* param_ids) {
  while (cursor.at_form("param")) {
    Cursor param(cursor.next());
    if (const Token* id = param.take_id()) {
      if (!param_ids) fail_unexpected(*id);
      type.params.push_back(parse_value_type(param.next()));
      param_ids->push_back(id);
      param.expect_done();
      continue;
    }
    while (!param.done()) {
      type.params.push_back(parse_value_type(param.next()));
      if (param_ids) param_ids->push_back(nullptr);
    }
  }
  while (cursor.at_form("result")) {
    Cursor result(cursor.next());
    while (!result.done()) type.results.push_back(parse_value_type(result.next()));
  }
}

FuncType parse_func_type(const SExpr& form) {
  if (!form.is_form("func")) fail_unexpected(form);
  Cursor cursor(form);
  FuncType type;
  std::vector<const Token*> ignored_ids;
  parse_signature(cursor, type, &ignored_ids);
  cursor.expect_done();
  return type;
}

TypeUse parse_type_use(Cursor& cursor, const ModuleContext& context, bool allow_param_ids) {
  TypeUse use;
  use.location = cursor.location();
  if (cursor.at_form("type")) {
    Cursor type(cursor.next());
    use.index = context.types.resolve(type.next());
    type.expect_done();
  }
  parse_signature(cursor, use.signature, allow_param_ids ? &use.param_ids : nullptr);
  // Nothing else may start with these: one here is a type use out of order, a syntax error
  // that comes before any check of the type's meaning.
  if (cursor.at_form("type") || cursor.at_form("param") || cursor.at_form("result")) fail_unexpected(*cursor.peek());
  return use;
}

uint32_t resolve_type_use(ModuleContext& context, const TypeUse& use) {
  if (!use.index) return context.intern_type(use.signature);
  bool has_signature = !use.signature.params.empty() || !use.signature.results.empty();
  if (has_signature) {
    const auto& types = context.module.types;
    if (*use.index >= types.size()) fail(use.location, "unknown type");
    if (types[*use.index] != use.signature) fail(use.location, "inline function type");
  }
  return *use.index;
}

Limits parse_limits(Cursor& cursor) {
  Limits limits;
  const SExpr& min = cursor.next();
  if (!min.is_atom(Token::Kind::Number)) fail_unexpected(min);
  limits.min = parse_u32(min.atom);
  if (cursor.peek() && cursor.peek()->is_atom(Token::Kind::Number)) limits.max = parse_u32(cursor.next().atom);
  return limits;
}

TableType parse_table_type(Cursor& cursor) {
  TableType type;
  type.limits = parse_limits(cursor);
  type.element = parse_ref_type(cursor.next());
  return type;
}

MemoryType parse_memory_type(Cursor& cursor) {
  MemoryType type;
  type.limits = parse_limits(cursor);
  return type;
}

GlobalType parse_global_type(Cursor& cursor) {
  GlobalType type;
  if (cursor.at_form("mut")) {
    Cursor mut(cursor.next());
    type.type = parse_value_type(mut.next());
    type.is_mutable = true;
    mut.expect_done();
  } else {
    type.type = parse_value_type(cursor.next());
  }
  return type;
}

}  // namespace kiln::text
