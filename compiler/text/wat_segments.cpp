// Module fields that hold state and its initializers: table, memory, global, elem and data,
// with their inline element and data abbreviations.
#include "text/wat_instructions.h"
#include "text/wat_module.h"

namespace kiln::text {
namespace {

ConstExpr i32_zero(uint32_t offset) {
  ConstExpr expr;
  expr.instrs.push_back(ConstInstr{});  // i32.const 0
  expr.offset = offset;
  return expr;
}

bool at_ref_type(const Cursor& items) { return items.at_keyword("funcref") || items.at_keyword("externref"); }

}  // namespace

void ModuleParser::define_table(const SExpr& field) {
  Module& module = context_.module;
  Cursor items(field);
  items.take_id();
  auto index = static_cast<uint32_t>(module.tables.size());
  inline_exports(items, ExternKind::Table, index);
  bool imported = inline_import(items, ExternKind::Table, index);
  if (imported || !at_ref_type(items)) {
    place_entity(&EntityOffsets::tables, items.location());
    module.tables.push_back(parse_table_type(items));
    items.expect_done();
    return;
  }
  // `(table reftype (elem …))`: a table exactly as large as its active segment at offset 0.
  ElemSegment segment;
  segment.table = index;
  segment.type = parse_ref_type(items.next());
  const SExpr& elem = items.next();
  items.expect_done();
  if (!elem.is_form("elem")) fail_unexpected(elem);
  segment.offset = i32_zero(place(elem.location));
  Cursor elements(elem);
  if (elements.at_list()) {
    while (!elements.done()) segment.items.push_back(parse_elem_expr(elements.next()));
  } else {
    while (!elements.done()) segment.items.push_back(parse_func_ref(elements.next()));
  }
  auto size = static_cast<uint64_t>(segment.items.size());
  // The limits are implied by the elements: the table field stands for them.
  place_entity(&EntityOffsets::tables, field.location);
  module.tables.push_back(TableType{segment.type, Limits{size, size}});
  module.elements.push_back(std::move(segment));
}

void ModuleParser::define_memory(const SExpr& field) {
  Module& module = context_.module;
  Cursor items(field);
  items.take_id();
  auto index = static_cast<uint32_t>(module.memories.size());
  inline_exports(items, ExternKind::Memory, index);
  bool imported = inline_import(items, ExternKind::Memory, index);
  if (imported || !items.at_form("data")) {
    place_entity(&EntityOffsets::memories, items.location());
    module.memories.push_back(parse_memory_type(items));
    items.expect_done();
    return;
  }
  // `(memory (data "…"))`: a memory exactly as large as its data, in whole pages.
  DataSegment segment;
  segment.memory = index;
  segment.offset = i32_zero(place(items.location()));
  Cursor strings(items.next());
  items.expect_done();
  while (!strings.done()) {
    const std::string& bytes = strings.take_string().value;
    segment.bytes.insert(segment.bytes.end(), bytes.begin(), bytes.end());
  }
  uint64_t pages = (segment.bytes.size() + kPageSize - 1) / kPageSize;
  // The limits are implied by the data: the memory field stands for them.
  place_entity(&EntityOffsets::memories, field.location);
  module.memories.push_back(MemoryType{Limits{pages, pages}});
  module.data.push_back(std::move(segment));
}

void ModuleParser::define_global(const SExpr& field) {
  Module& module = context_.module;
  Cursor items(field);
  items.take_id();
  auto index = static_cast<uint32_t>(module.globals.size());
  inline_exports(items, ExternKind::Global, index);
  bool imported = inline_import(items, ExternKind::Global, index);
  module.globals.push_back(parse_global_type(items));
  if (imported) {
    items.expect_done();
  } else {
    module.global_inits.push_back(parse_const_expr_at(items, items.location()));
  }
}

// `(elem $id? declare? (table x)? (offset …)? elemlist)`, where elemlist is `func x*` or
// `reftype elemexpr*`; an active segment without `(table x)` may also list bare function indices.
void ModuleParser::define_elem(const SExpr& field) {
  Cursor items(field);
  items.take_id();
  ElemSegment segment;
  bool bare_indices_allowed = false;
  if (items.take_keyword("declare")) {
    segment.mode = SegmentMode::Declarative;
  } else if (items.at_list()) {
    segment.mode = SegmentMode::Active;
    bare_indices_allowed = !items.at_form("table");
    if (items.at_form("table")) {
      Cursor table(items.next());
      segment.table = context_.tables.resolve(table.next());
      table.expect_done();
    }
    segment.offset = parse_offset(items);
  } else {
    segment.mode = SegmentMode::Passive;
  }
  if (items.take_keyword("func") || (bare_indices_allowed && !at_ref_type(items))) {
    while (!items.done()) segment.items.push_back(parse_func_ref(items.next()));
  } else {
    segment.type = parse_ref_type(items.next());
    while (!items.done()) segment.items.push_back(parse_elem_expr(items.next()));
  }
  context_.module.elements.push_back(std::move(segment));
}

// `(data $id? (memory x)? (offset …)? "…"*)`: active with an offset, passive without.
void ModuleParser::define_data(const SExpr& field) {
  Cursor items(field);
  items.take_id();
  DataSegment segment;
  segment.mode = SegmentMode::Passive;
  if (items.at_list()) {
    segment.mode = SegmentMode::Active;
    if (items.at_form("memory")) {
      Cursor memory(items.next());
      segment.memory = context_.memories.resolve(memory.next());
      memory.expect_done();
    }
    segment.offset = parse_offset(items);
  }
  while (!items.done()) {
    const std::string& bytes = items.take_string().value;
    segment.bytes.insert(segment.bytes.end(), bytes.begin(), bytes.end());
  }
  context_.module.data.push_back(std::move(segment));
}

// `(offset instr*)`, or a single folded instruction standing for it.
ConstExpr ModuleParser::parse_offset(Cursor& items) {
  const SExpr& item = items.next();
  if (item.is_form("offset")) return parse_const_expr_at(Cursor(item), item.location);
  if (!item.is_list) fail_unexpected(item);
  return parse_const_expr_at(Cursor(std::span(&item, 1), item.end_location), item.location);
}

// `(item instr*)`, or a single folded instruction standing for it.
ConstExpr ModuleParser::parse_elem_expr(const SExpr& item) {
  if (item.is_form("item")) return parse_const_expr_at(Cursor(item), item.location);
  if (!item.is_list) fail_unexpected(item);
  return parse_const_expr_at(Cursor(std::span(&item, 1), item.end_location), item.location);
}

ConstExpr ModuleParser::parse_func_ref(const SExpr& ref) {
  ConstInstr instr;
  instr.op = ConstInstr::Op::RefFunc;
  instr.index = context_.funcs.resolve(ref);
  ConstExpr expr;
  expr.instrs.push_back(instr);
  expr.offset = place(ref.location);
  return expr;
}

}  // namespace kiln::text
