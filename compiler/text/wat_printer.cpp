// The flat text format of function bodies, driven by opcodes.def's immediate kinds through
// InstrReader, so every instruction the decoder knows prints.
#include "text/wat_printer.h"

#include <bit>
#include <charconv>
#include <cstring>

#include "binary/instr_reader.h"

namespace kiln::text {
namespace {

constexpr uint32_t kLocalsSpelledOut = 16;

bool is_id_char(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return c != '\0' && std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != nullptr;
}

// `$name` when the text format can write the name as an identifier, else the index.
std::string function_ref(const Module& module, uint32_t index) {
  auto found = module.names.functions.find(index);
  if (found != module.names.functions.end() && !found->second.empty()) {
    bool spellable = true;
    for (char c : found->second) spellable = spellable && is_id_char(c);
    if (spellable) return "$" + found->second;
  }
  return std::to_string(index);
}

std::string hex(uint64_t value) {
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value, 16).ptr;
  return "0x" + std::string(buffer, end);
}

template <typename Float, typename Bits>
std::string format_float(Bits bits, int mantissa_bits) {
  const Bits sign = Bits(1) << (sizeof(Bits) * 8 - 1);
  const Bits mantissa_mask = (Bits(1) << mantissa_bits) - 1;
  const Bits exponent_mask = ~sign & ~mantissa_mask;
  std::string text = (bits & sign) ? "-" : "";
  if ((bits & exponent_mask) == exponent_mask) {
    Bits payload = bits & mantissa_mask;
    if (payload == 0) return text + "inf";
    if (payload == Bits(1) << (mantissa_bits - 1)) return text + "nan";
    return text + "nan:" + hex(payload);
  }
  char buffer[64];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, std::bit_cast<Float>(Bits(bits & ~sign))).ptr;
  return text + std::string(buffer, end);
}

std::string block_type(const Module& module, const BlockType& type) {
  switch (type.kind) {
    case BlockType::Kind::Empty: return "";
    case BlockType::Kind::Value: return std::string(" (result ") + to_string(type.value) + ")";
    case BlockType::Kind::TypeIndex: {
      std::string text = " (type " + std::to_string(type.type_index) + ")";
      if (type.type_index >= module.types.size()) return text;
      const FuncType& signature = module.types[type.type_index];
      for (ValType param : signature.params) text += std::string(" (param ") + to_string(param) + ")";
      for (ValType result : signature.results) text += std::string(" (result ") + to_string(result) + ")";
      return text;
    }
  }
  return "";
}

// ` offset=N align=M`, leaving out what equals the default.
std::string memarg(const MemArg& mem, uint8_t natural_align) {
  std::string text;
  if (mem.offset != 0) text += " offset=" + std::to_string(mem.offset);
  if (mem.align != natural_align) text += " align=" + std::to_string(uint64_t(1) << mem.align);
  return text;
}

// v128.const's lanes as four i32 lanes in hex: exact for every value, whatever shape made it.
std::string v128_lanes(const V128& value) {
  std::string text = " i32x4";
  for (int lane = 0; lane < 4; ++lane) {
    uint32_t bits;
    std::memcpy(&bits, value.bytes + 4 * lane, 4);
    text += " " + hex(bits);
  }
  return text;
}

std::string immediates(const Module& module, const Instr& instr) {
  const OpInfo& info = op_info(instr.op);
  auto number = [](uint64_t value) { return " " + std::to_string(value); };
  switch (info.imm) {
    case Imm::None:
    case Imm::Memory:
    case Imm::MemoryCopy: return "";
    case Imm::BlockType: return block_type(module, instr.block);
    case Imm::Label:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Data:
    case Imm::Elem:
    case Imm::MemoryInit:
    case Imm::Lane: return number(instr.index);
    case Imm::Func: return " " + function_ref(module, instr.index);
    case Imm::BrTable: {
      std::string text;
      for (uint32_t target : instr.targets) text += number(target);
      return text + number(instr.index);
    }
    case Imm::CallIndirect:
      return (instr.index2 != 0 ? number(instr.index2) : "") + " (type " + std::to_string(instr.index) + ")";
    case Imm::TableInit: return number(instr.index2) + number(instr.index);  // table, then element segment
    case Imm::TableCopy: return number(instr.index) + number(instr.index2);  // destination, then source
    case Imm::MemArg: return memarg(instr.mem, info.arg);
    case Imm::MemArgLane: return memarg(instr.mem, info.arg) + number(instr.index);
    case Imm::I32: return " " + std::to_string(static_cast<int32_t>(instr.bits));
    case Imm::I64: return " " + std::to_string(static_cast<int64_t>(instr.bits));
    case Imm::F32: return " " + format_f32(static_cast<uint32_t>(instr.bits));
    case Imm::F64: return " " + format_f64(instr.bits);
    case Imm::SelectT: {
      std::string text;
      for (ValType type : instr.types) text += std::string(" (result ") + to_string(type) + ")";
      return text;
    }
    case Imm::RefType: return instr.type == ValType::FuncRef ? " func" : " extern";
    case Imm::V128: return v128_lanes(instr.v128);
    case Imm::Shuffle: {
      std::string text;
      for (uint8_t lane : instr.v128.bytes) text += number(lane);
      return text;
    }
  }
  return "";
}

}  // namespace

std::string format_f32(uint32_t bits) { return format_float<float>(bits, 23); }
std::string format_f64(uint64_t bits) { return format_float<double>(bits, 52); }

std::vector<WatLine> print_function(const Module& module, uint32_t func_index) {
  const FunctionBody& body = module.bodies.at(func_index - module.num_imported_functions);
  const FuncType& signature = module.func_type(func_index);
  std::string header = "(func";
  if (module.names.functions.count(func_index)) {
    std::string ref = function_ref(module, func_index);
    if (ref.starts_with('$')) header += " " + ref;
  }
  header += " (type " + std::to_string(module.functions[func_index]) + ")";
  for (ValType param : signature.params) header += std::string(" (param ") + to_string(param) + ")";
  for (ValType result : signature.results) header += std::string(" (result ") + to_string(result) + ")";
  std::vector<WatLine> lines{{header, 0}};
  if (!body.locals.empty()) {
    std::string locals = "  (local";
    for (const LocalDecl& decl : body.locals) {
      // A module may declare millions of locals in one entry; past a few, a count says how many.
      if (decl.count > kLocalsSpelledOut) {
        locals += std::string(" ") + to_string(decl.type) + " (;x" + std::to_string(decl.count) + ";)";
        continue;
      }
      for (uint32_t i = 0; i < decl.count; ++i) locals += std::string(" ") + to_string(decl.type);
    }
    lines.push_back({locals + ")", 0});
  }

  InstrReader reader(body.code, body.code_offset);
  size_t depth = 1;
  while (!reader.at_end()) {
    Instr instr = reader.next();
    uint32_t offset = static_cast<uint32_t>(instr.offset);
    if (instr.op == Op::End || instr.op == Op::Else) depth = depth > 1 ? depth - 1 : 0;
    if (instr.op == Op::End && depth == 0) {
      lines.push_back({")", offset});  // the function's own end
      break;
    }
    lines.push_back({std::string(2 * depth, ' ') + op_name(instr.op) + immediates(module, instr), offset});
    if (instr.op == Op::Block || instr.op == Op::Loop || instr.op == Op::If || instr.op == Op::Else) ++depth;
  }
  return lines;
}

}  // namespace kiln::text
