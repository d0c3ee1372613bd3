// The element and data sections. Every element segment form is normalized to a list of constant
// expressions, so a vector of function indices becomes a list of `ref.func` items.
#include "binary/section_decoders.h"

namespace kiln {
namespace {

constexpr uint8_t kElemKindFuncRef = 0x00;

// The flag bits of an element segment's form (0..7).
constexpr uint32_t kElemNotActive = 1;    // passive or declarative
constexpr uint32_t kElemExplicit = 2;     // active: a table index follows; otherwise: declarative
constexpr uint32_t kElemExpressions = 4;  // items are expressions rather than function indices
constexpr uint32_t kMaxElemForm = 7;

ValType elem_kind(ModuleReader& reader) {
  uint64_t at = reader.offset();
  if (reader.u8() != kElemKindFuncRef) ByteReader::fail_at(at, "malformed element kind");
  return ValType::FuncRef;
}

std::vector<ConstExpr> function_index_items(ModuleReader& reader) {
  uint32_t count = reader.length();
  std::vector<ConstExpr> items;
  for (uint32_t i = 0; i < count; ++i) {
    ConstExpr& item = items.emplace_back();
    item.offset = static_cast<uint32_t>(reader.offset());
    ConstInstr& instr = item.instrs.emplace_back();
    instr.op = ConstInstr::Op::RefFunc;
    instr.index = reader.u32();
  }
  return items;
}

std::vector<ConstExpr> expression_items(ModuleReader& reader) {
  uint32_t count = reader.length();
  std::vector<ConstExpr> items;
  for (uint32_t i = 0; i < count; ++i) items.push_back(reader.const_expr());
  return items;
}

}  // namespace

void decode_element_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = reader.offset();
    uint32_t form = reader.u32();
    if (form > kMaxElemForm) ByteReader::fail_at(at, "malformed elements segment kind");
    ElemSegment segment;
    bool explicit_bit = form & kElemExplicit;
    if (form & kElemNotActive) {
      segment.mode = explicit_bit ? SegmentMode::Declarative : SegmentMode::Passive;
    } else {
      segment.mode = SegmentMode::Active;
      if (explicit_bit) segment.table = reader.u32();
      segment.offset = reader.const_expr();
    }
    bool expressions = form & kElemExpressions;
    // Active segments of table 0 in the short forms (0 and 4) are funcref without saying so.
    bool implicit_type = segment.mode == SegmentMode::Active && !explicit_bit;
    if (!implicit_type) segment.type = expressions ? reader.ref_type() : elem_kind(reader);
    segment.items = expressions ? expression_items(reader) : function_index_items(reader);
    module.elements.push_back(std::move(segment));
  }
}

void decode_data_section(ModuleReader& reader, Module& module) {
  uint32_t count = reader.length();
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = reader.offset();
    DataSegment segment;
    switch (reader.u32()) {
      case 0: segment.offset = reader.const_expr(); break;
      case 1: segment.mode = SegmentMode::Passive; break;
      case 2:
        segment.memory = reader.u32();
        segment.offset = reader.const_expr();
        break;
      default: ByteReader::fail_at(at, "malformed data segment kind");
    }
    uint32_t size = reader.length();
    std::span<const uint8_t> bytes = reader.take(size);
    segment.bytes.assign(bytes.begin(), bytes.end());
    module.data.push_back(std::move(segment));
  }
}

}  // namespace kiln
