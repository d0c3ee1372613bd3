// The immediates of each instruction in the text format, by the immediate kind of the opcode
// table, encoded as the binary format has them.
#include <bit>

#include "text/numbers.h"
#include "text/wat_instructions.h"
#include "text/wat_types.h"

namespace kiln::text {
namespace {

// The next item as a token: a literal, an index or a keyword, never a list.
const Token& next_token(Cursor& items) {
  const SExpr& item = items.next();
  if (item.is_list) fail_unexpected(item);
  return item.atom;
}

// The literals of v128.const and i8x16.shuffle run up to the next instruction or list. Any
// token that could be meant as a number counts, so that a malformed one is reported as such.
bool at_lane_literal(const Cursor& items) {
  const SExpr* item = items.peek();
  if (!item || item->is_list) return false;
  const Token& token = item->atom;
  if (token.kind == Token::Kind::Number || token.kind == Token::Kind::Reserved) return true;
  return token.kind == Token::Kind::Keyword && (token.text.starts_with("nan") || token.text.starts_with("inf"));
}

// The `N` of a memarg keyword such as `offset=N`, when the next item is one.
const Token* take_memarg_field(Cursor& items, std::string_view prefix, Token& value) {
  const SExpr* item = items.peek();
  if (!item || !item->is_atom(Token::Kind::Keyword) || !item->atom.text.starts_with(prefix)) return nullptr;
  const Token& word = items.next().atom;
  std::string_view digits = word.text.substr(prefix.size());
  if (!is_natural_literal(digits)) fail_unexpected(word);
  value = Token{Token::Kind::Number, digits, {}, word.location};
  return &word;
}

const IndexSpace& no_locals() {
  static const IndexSpace none("local", "local");
  return none;
}

}  // namespace

void InstrParser::encode_opcode(Op op, ByteWriter& out) const {
  const OpInfo& info = op_info(op);
  if (info.prefix != 0) {
    out.u8(info.prefix);
    out.u32(info.code);
  } else {
    out.u8(static_cast<uint8_t>(info.code));
  }
}

void InstrParser::encode(Op op, const Token& word, Cursor& items, ByteWriter& out) {
  if (op == Op::Select && items.at_form("result")) op = Op::SelectT;
  encode_opcode(op, out);
  switch (op_info(op).imm) {
    case Imm::None: break;
    case Imm::BlockType: encode_block_type(items, out); break;
    case Imm::Label: out.u32(resolve_label(items.next())); break;
    case Imm::BrTable: {
      std::vector<uint32_t> targets{resolve_label(items.next())};
      while (items.at_index()) targets.push_back(resolve_label(items.next()));
      out.u32(static_cast<uint32_t>(targets.size() - 1));  // the last one is the default
      for (uint32_t target : targets) out.u32(target);
      break;
    }
    case Imm::Func: out.u32(context_.funcs.resolve(items.next())); break;
    case Imm::CallIndirect: {
      uint32_t table = optional_index(items, context_.tables);
      TypeUse use = parse_type_use(items, context_, /*allow_param_ids=*/false);
      out.u32(resolve_type_use(context_, use));
      out.u32(table);
      break;
    }
    case Imm::Local: out.u32((locals_ ? *locals_ : no_locals()).resolve(items.next())); break;
    case Imm::Global: out.u32(context_.globals.resolve(items.next())); break;
    case Imm::Table: out.u32(optional_index(items, context_.tables)); break;
    case Imm::MemArg: encode_mem_arg(op, items, out); break;
    case Imm::Memory: out.u32(optional_index(items, context_.memories)); break;
    case Imm::I32: out.s32(static_cast<int32_t>(static_cast<uint32_t>(parse_int_bits(next_token(items), 32)))); break;
    case Imm::I64: out.s64(static_cast<int64_t>(parse_int_bits(next_token(items), 64))); break;
    case Imm::F32: out.f32_bits(parse_f32_bits(next_token(items))); break;
    case Imm::F64: out.f64_bits(parse_f64_bits(next_token(items))); break;
    case Imm::SelectT: encode_select_types(items, out); break;
    case Imm::RefType: out.u8(static_cast<uint8_t>(parse_heap_type(items.next()))); break;
    case Imm::MemoryInit:
    case Imm::TableInit: {
      // `memory.init $mem? $data` / `table.init $table? $elem`: the segment is always given.
      bool is_memory = op == Op::MemoryInit;
      const IndexSpace& targets = is_memory ? context_.memories : context_.tables;
      const IndexSpace& segments = is_memory ? context_.datas : context_.elems;
      const SExpr& first = items.next();
      uint32_t target = 0;
      uint32_t segment;
      if (items.at_index()) {
        target = targets.resolve(first);
        segment = segments.resolve(items.next());
      } else {
        segment = segments.resolve(first);
      }
      out.u32(segment);
      out.u32(target);
      uses_data_count_ = uses_data_count_ || is_memory;
      break;
    }
    case Imm::Data:
      out.u32(context_.datas.resolve(items.next()));
      uses_data_count_ = true;
      break;
    case Imm::Elem: out.u32(context_.elems.resolve(items.next())); break;
    case Imm::MemoryCopy:
    case Imm::TableCopy: {
      // Both indices or neither: `table.copy $dst $src`.
      const IndexSpace& space = op == Op::MemoryCopy ? context_.memories : context_.tables;
      uint32_t destination = 0;
      uint32_t source = 0;
      if (items.at_index()) {
        destination = space.resolve(items.next());
        source = space.resolve(items.next());
      }
      out.u32(destination);
      out.u32(source);
      break;
    }
    case Imm::V128: encode_v128_const(items, out); break;
    case Imm::Shuffle: encode_shuffle(word, items, out); break;
    case Imm::Lane: out.u8(parse_lane_index(next_token(items))); break;
    case Imm::MemArgLane:
      encode_mem_arg(op, items, out);
      out.u8(parse_lane_index(next_token(items)));
      break;
  }
}

// A block type is a type use without parameter names. An empty or single-result signature is
// encoded inline; anything else by type index.
void InstrParser::encode_block_type(Cursor& items, ByteWriter& out) {
  TypeUse use = parse_type_use(items, context_, /*allow_param_ids=*/false);
  const FuncType& signature = use.signature;
  if (use.index || !signature.params.empty() || signature.results.size() > 1) {
    out.s64(resolve_type_use(context_, use));  // an s33 in the binary format
  } else if (signature.results.empty()) {
    out.u8(0x40);
  } else {
    out.u8(static_cast<uint8_t>(signature.results[0]));
  }
}

// `offset=N? align=N?`, in that order. The alignment defaults to the natural one.
void InstrParser::encode_mem_arg(Op op, Cursor& items, ByteWriter& out) {
  uint32_t offset = 0;
  uint32_t align_log2 = op_info(op).arg;
  Token value;
  if (take_memarg_field(items, "offset=", value)) offset = parse_u32(value);
  if (const Token* word = take_memarg_field(items, "align=", value)) {
    uint32_t align = parse_u32(value);
    if (!std::has_single_bit(align)) fail(word->location, "alignment must be a power of two");
    align_log2 = static_cast<uint32_t>(std::countr_zero(align));
  }
  out.u32(align_log2);
  out.u32(offset);
}

// The typed `select (result t*)*`; several result groups concatenate.
void InstrParser::encode_select_types(Cursor& items, ByteWriter& out) {
  std::vector<ValType> types;
  while (items.at_form("result")) {
    Cursor result(items.next());
    while (!result.done()) types.push_back(parse_value_type(result.next()));
  }
  out.u32(static_cast<uint32_t>(types.size()));
  for (ValType type : types) out.u8(static_cast<uint8_t>(type));
}

void InstrParser::encode_v128_const(Cursor& items, ByteWriter& out) {
  const Token& shape = next_token(items);
  std::vector<Token> lanes;
  while (at_lane_literal(items)) lanes.push_back(items.next().atom);
  V128 value = parse_v128(shape, lanes);
  out.bytes(value.bytes);
}

void InstrParser::encode_shuffle(const Token& word, Cursor& items, ByteWriter& out) {
  std::vector<const Token*> lanes;
  while (at_lane_literal(items)) lanes.push_back(&items.next().atom);
  if (lanes.size() != 16) fail(word.location, "invalid lane length");
  for (const Token* lane : lanes) out.u8(parse_shuffle_lane(*lane));
}

uint32_t InstrParser::resolve_label(const SExpr& ref) const {
  if (!ref.is_atom(Token::Kind::Id)) {
    if (!ref.is_atom(Token::Kind::Number)) fail_unexpected(ref);
    return parse_u32(ref.atom);
  }
  // The innermost label of that name: an inner one shadows an outer one.
  for (size_t i = labels_.size(); i-- > 0;) {
    if (labels_[i].id && labels_[i].id->value == ref.atom.value) return static_cast<uint32_t>(labels_.size() - 1 - i);
  }
  fail(ref.location, "unknown label $" + ref.atom.value);
}

uint32_t InstrParser::optional_index(Cursor& items, const IndexSpace& space) const {
  return items.at_index() ? space.resolve(items.next()) : 0;
}

}  // namespace kiln::text
