// Module fields: the two passes over them, and the fields that name functions and imports —
// type, import, func, export, start.
#include "text/wat_module.h"

#include <map>
#include <utility>

#include "binary/byte_reader.h"
#include "binary/byte_writer.h"
#include "text/wat_instructions.h"

namespace kiln::text {
namespace {

struct EntityKind {
  std::string_view word;  // as written in the text: `func`
  const char* noun;       // as written in messages: "function"
  ExternKind kind;
  IndexSpace ModuleContext::*space;
};

constexpr EntityKind kEntityKinds[] = {
    {"func", "function", ExternKind::Func, &ModuleContext::funcs},
    {"table", "table", ExternKind::Table, &ModuleContext::tables},
    {"memory", "memory", ExternKind::Memory, &ModuleContext::memories},
    {"global", "global", ExternKind::Global, &ModuleContext::globals},
};

// The kind of `(func …)`, `(table …)`, `(memory …)` or `(global …)`; nullptr for anything else.
const EntityKind* entity_kind(const SExpr& form) {
  for (const EntityKind& kind : kEntityKinds) {
    if (form.is_form(kind.word)) return &kind;
  }
  return nullptr;
}

bool contains_form(std::span<const SExpr> items, std::string_view word) {
  for (const SExpr& item : items) {
    if (item.is_form(word)) return true;
  }
  return false;
}

}  // namespace

std::string parse_name(Cursor& items) {
  const Token& token = items.take_string();
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(token.value.data()), token.value.size());
  if (!is_valid_utf8(bytes)) fail(token.location, "malformed UTF-8 encoding");
  return token.value;
}

Module ModuleParser::parse(std::span<const SExpr> fields, const Token* id) {
  for (const SExpr& field : fields) declare(field);
  for (const SExpr& field : fields) define(field);
  Module& module = context_.module;
  if (id) module.names.module = id->value;
  // The binary format needs a data count section before code that names data segments.
  if (uses_data_count_) module.data_count = static_cast<uint32_t>(module.data.size());
  return std::move(module);
}

void ModuleParser::declare(const SExpr& field) {
  if (!field.is_list || field.items.empty() || !field.items[0].is_atom(Token::Kind::Keyword)) fail_unexpected(field);
  std::string_view word = field.items[0].atom.text;
  Cursor items(field);
  if (word == "type") {
    const Token* id = items.take_id();
    FuncType type = parse_func_type(items.next());
    items.expect_done();
    context_.types.add(id);
    context_.module.types.push_back(std::move(type));
  } else if (word == "import") {
    items.take_string();
    items.take_string();
    const SExpr& desc = items.next();
    if (!entity_kind(desc)) fail_unexpected(desc);
    declare_import(desc);
  } else if (const EntityKind* kind = entity_kind(field)) {
    declare_definition(field, kind->noun);
  } else if (word == "elem") {
    context_.elems.add(items.take_id());
  } else if (word == "data") {
    context_.datas.add(items.take_id());
  } else if (word != "export" && word != "start") {
    fail_unexpected(field.items[0]);
  }
}

// `form` is the `(func $id? …)`-like part of an import; imports precede all definitions.
void ModuleParser::declare_import(const SExpr& form) {
  if (first_definition_) fail(form.location, std::string("import after ") + first_definition_);
  (context_.*(entity_kind(form)->space)).add(Cursor(form).take_id());
}

void ModuleParser::declare_definition(const SExpr& field, const char* kind) {
  Cursor items(field);
  items.take_id();
  while (items.at_form("export")) items.next();
  if (items.at_form("import")) {
    declare_import(field);
    return;
  }
  (context_.*(entity_kind(field)->space)).add(Cursor(field).take_id());
  if (!first_definition_) first_definition_ = kind;
  // Inline element and data segments take their index in text order, right after the
  // table or memory that holds them.
  if (field.is_form("table") && contains_form(items.rest(), "elem")) context_.elems.add(nullptr);
  if (field.is_form("memory") && contains_form(items.rest(), "data")) context_.datas.add(nullptr);
}

void ModuleParser::define(const SExpr& field) {
  using Definer = void (ModuleParser::*)(const SExpr&);
  // `type` fields were defined in the first pass.
  static constexpr std::pair<std::string_view, Definer> kDefiners[] = {
      {"import", &ModuleParser::define_import}, {"func", &ModuleParser::define_func},
      {"table", &ModuleParser::define_table},   {"memory", &ModuleParser::define_memory},
      {"global", &ModuleParser::define_global}, {"export", &ModuleParser::define_export},
      {"start", &ModuleParser::define_start},   {"elem", &ModuleParser::define_elem},
      {"data", &ModuleParser::define_data},
  };
  std::string_view word = field.items[0].atom.text;
  for (const auto& [name, definer] : kDefiners) {
    if (word == name) (this->*definer)(field);
  }
}

void ModuleParser::add_import(std::string module_name, std::string name, ExternKind kind, uint32_t index) {
  Module& module = context_.module;
  module.imports.push_back(Import{std::move(module_name), std::move(name), kind, index});
  switch (kind) {
    case ExternKind::Func: ++module.num_imported_functions; break;
    case ExternKind::Table: ++module.num_imported_tables; break;
    case ExternKind::Memory: ++module.num_imported_memories; break;
    case ExternKind::Global: ++module.num_imported_globals; break;
  }
}

void ModuleParser::define_import(const SExpr& field) {
  Module& module = context_.module;
  Cursor items(field);
  std::string module_name = parse_name(items);
  std::string name = parse_name(items);
  const SExpr& form = items.next();
  items.expect_done();
  ExternKind kind = entity_kind(form)->kind;
  Cursor desc(form);
  const Token* id = desc.take_id();
  uint32_t index = 0;
  switch (kind) {
    case ExternKind::Func: {
      index = static_cast<uint32_t>(module.functions.size());
      if (id) module.names.functions[index] = id->value;
      TypeUse use = parse_type_use(desc, context_, /*allow_param_ids=*/true);
      place_entity(&EntityOffsets::functions, use.location);
      module.functions.push_back(resolve_type_use(context_, use));
      break;
    }
    case ExternKind::Table:
      index = static_cast<uint32_t>(module.tables.size());
      place_entity(&EntityOffsets::tables, desc.location());
      module.tables.push_back(parse_table_type(desc));
      break;
    case ExternKind::Memory:
      index = static_cast<uint32_t>(module.memories.size());
      place_entity(&EntityOffsets::memories, desc.location());
      module.memories.push_back(parse_memory_type(desc));
      break;
    case ExternKind::Global:
      index = static_cast<uint32_t>(module.globals.size());
      module.globals.push_back(parse_global_type(desc));
      break;
  }
  desc.expect_done();
  add_import(std::move(module_name), std::move(name), kind, index);
}

void ModuleParser::inline_exports(Cursor& items, ExternKind kind, uint32_t index) {
  while (items.at_form("export")) {
    place_entity(&EntityOffsets::exports, items.location());
    Cursor exported(items.next());
    std::string name = parse_name(exported);
    exported.expect_done();
    context_.module.exports.push_back(Export{std::move(name), kind, index});
  }
}

bool ModuleParser::inline_import(Cursor& items, ExternKind kind, uint32_t index) {
  if (!items.at_form("import")) return false;
  Cursor imported(items.next());
  std::string module_name = parse_name(imported);
  std::string name = parse_name(imported);
  imported.expect_done();
  add_import(std::move(module_name), std::move(name), kind, index);
  return true;
}

void ModuleParser::define_func(const SExpr& field) {
  Module& module = context_.module;
  Cursor items(field);
  const Token* id = items.take_id();
  auto index = static_cast<uint32_t>(module.functions.size());
  if (id) module.names.functions[index] = id->value;
  inline_exports(items, ExternKind::Func, index);
  bool imported = inline_import(items, ExternKind::Func, index);
  TypeUse use = parse_type_use(items, context_, /*allow_param_ids=*/true);
  uint32_t type_index = resolve_type_use(context_, use);
  place_entity(&EntityOffsets::functions, use.location);
  module.functions.push_back(type_index);
  if (imported) {
    items.expect_done();
  } else {
    parse_body(items, use, type_index, index);
  }
}

void ModuleParser::parse_body(Cursor& items, const TypeUse& use, uint32_t type_index, uint32_t func_index) {
  Module& module = context_.module;
  IndexSpace locals("local", "local");
  std::map<uint32_t, std::string> local_names;
  auto bind = [&](const Token* id) {
    uint32_t index = locals.add(id);
    if (id) local_names[index] = id->value;
  };
  // The parameters are the first locals: named ones come from the inline signature, and a
  // bare `(type x)` gives unnamed ones. Locals are numbered after them, so their count must be
  // known before a local can be named.
  const FuncType* signature = type_index < module.types.size() ? &module.types[type_index] : nullptr;
  if (!use.param_ids.empty()) {
    for (const Token* id : use.param_ids) bind(id);
  } else if (signature) {
    for (size_t i = 0; i < signature->params.size(); ++i) bind(nullptr);
  }
  FunctionBody body;
  auto add_local = [&](const Token* id, ValType type) {
    if (id && !signature) fail(use.location, "unknown type");
    bind(id);
    if (!body.locals.empty() && body.locals.back().type == type) {
      ++body.locals.back().count;
    } else {
      body.locals.push_back(LocalDecl{1, type});
    }
    ++body.num_locals;
  };
  while (items.at_form("local")) {
    Cursor local(items.next());
    if (const Token* id = local.take_id()) {
      add_local(id, parse_value_type(local.next()));
      local.expect_done();
    }
    while (!local.done()) add_local(nullptr, parse_value_type(local.next()));
  }

  ByteWriter code;
  std::vector<CodeMark> marks;
  InstrParser instructions(context_, &locals, code, /*constant_only=*/false, map_ ? &marks : nullptr);
  instructions.parse(items);
  // The final `end` is the function's closing paren, where "type mismatch" for its results belongs.
  if (map_) marks.push_back(CodeMark{code.size(), items.end_location()});
  code.u8(0x0B);
  uses_data_count_ = uses_data_count_ || instructions.uses_data_count();
  body.code_offset = place_code(code.size(), marks);
  body.code = std::move(code.bytes());
  module.bodies.push_back(std::move(body));
  if (!local_names.empty()) module.names.locals[func_index] = std::move(local_names);
}

void ModuleParser::define_export(const SExpr& field) {
  Cursor items(field);
  std::string name = parse_name(items);
  const SExpr& form = items.next();
  items.expect_done();
  const EntityKind* kind = entity_kind(form);
  if (!kind) fail_unexpected(form);
  Cursor desc(form);
  uint32_t index = (context_.*(kind->space)).resolve(desc.next());
  desc.expect_done();
  place_entity(&EntityOffsets::exports, field.location);
  context_.module.exports.push_back(Export{std::move(name), kind->kind, index});
}

void ModuleParser::define_start(const SExpr& field) {
  Cursor items(field);
  uint32_t index = context_.funcs.resolve(items.next());
  items.expect_done();
  if (context_.module.start) fail(field.location, "multiple start sections");
  context_.module.start = index;
  if (map_) map_->entities.start = place(field.location);
}

uint32_t ModuleParser::place(TextLocation location) {
  if (!map_) return 0;
  uint32_t offset = map_->reserve(1);
  map_->mark(offset, location);
  return offset;
}

void ModuleParser::place_entity(std::vector<uint64_t> EntityOffsets::*list, TextLocation location) {
  if (map_) (map_->entities.*list).push_back(place(location));
}

uint32_t ModuleParser::place_code(size_t size, const std::vector<CodeMark>& marks) {
  if (!map_) return 0;
  uint32_t offset = map_->reserve(size);
  for (const CodeMark& mark : marks) map_->mark(offset + mark.position, mark.location);
  return offset;
}

ConstExpr ModuleParser::parse_const_expr_at(Cursor items, TextLocation location) {
  ConstExpr expr = parse_const_expr(context_, items);
  expr.offset = place(location);
  return expr;
}

}  // namespace kiln::text
