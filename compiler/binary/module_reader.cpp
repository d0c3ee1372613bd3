// Lengths, names, types, limits and constant expressions of the binary format.
#include "binary/module_reader.h"

namespace kiln {
namespace {

ConstInstr to_const_instr(const Instr& instr) {
  ConstInstr result;
  switch (instr.op) {
    case Op::I32Const:
      result.op = ConstInstr::Op::I32Const;
      result.bits = instr.bits;
      break;
    case Op::I64Const:
      result.op = ConstInstr::Op::I64Const;
      result.bits = instr.bits;
      break;
    case Op::F32Const:
      result.op = ConstInstr::Op::F32Const;
      result.bits = instr.bits;
      break;
    case Op::F64Const:
      result.op = ConstInstr::Op::F64Const;
      result.bits = instr.bits;
      break;
    case Op::V128Const:
      result.op = ConstInstr::Op::V128Const;
      result.v128 = instr.v128;
      break;
    case Op::GlobalGet:
      result.op = ConstInstr::Op::GlobalGet;
      result.index = instr.index;
      break;
    case Op::RefNull:
      result.op = ConstInstr::Op::RefNull;
      result.ref_type = instr.type;
      break;
    case Op::RefFunc:
      result.op = ConstInstr::Op::RefFunc;
      result.index = instr.index;
      break;
    default: {
      const OpInfo& info = op_info(instr.op);
      result.op = ConstInstr::Op::Other;
      result.bits = info.prefix ? uint64_t{info.prefix} << 32 | info.code : info.code;
      break;
    }
  }
  return result;
}

}  // namespace

uint32_t ModuleReader::length() {
  uint64_t start = offset();
  size_t left = remaining();
  uint32_t n = u32();
  if (n > left) fail_at(start, "length out of bounds");
  return n;
}

std::string ModuleReader::utf8_name() {
  uint32_t size = length();
  uint64_t start = offset();
  std::span<const uint8_t> bytes = take(size);
  if (!is_valid_utf8(bytes)) fail_at(start, "malformed UTF-8 encoding");
  return std::string(bytes.begin(), bytes.end());
}

uint8_t ModuleReader::type_byte() {
  uint8_t byte = u8();
  if (byte & 0x80) fail("integer representation too long");
  return byte;
}

ValType ModuleReader::value_type() {
  uint64_t at = offset();
  std::optional<ValType> type = val_type_from_byte(type_byte());
  if (!type) fail_at(at, "malformed value type");
  return *type;
}

ValType ModuleReader::ref_type() {
  uint64_t at = offset();
  std::optional<ValType> type = val_type_from_byte(type_byte());
  if (!type || !is_ref_type(*type)) fail_at(at, "malformed reference type");
  return *type;
}

Limits ModuleReader::limits() {
  uint64_t at = offset();
  // The flags field is a one-bit LEB128 number, so malformed flags get the LEB128 messages.
  uint8_t flags = u8();
  if ((flags & 0x7F) > 1) fail_at(at, "integer too large");
  if (flags & 0x80) fail_at(at + 1, "integer representation too long");
  Limits limits;
  limits.min = u32();
  if (flags) limits.max = u32();
  return limits;
}

TableType ModuleReader::table_type() {
  TableType type;
  type.element = ref_type();
  type.limits = limits();
  return type;
}

MemoryType ModuleReader::memory_type() {
  MemoryType type;
  type.limits = limits();
  return type;
}

GlobalType ModuleReader::global_type() {
  GlobalType type;
  type.type = value_type();
  uint64_t at = offset();
  uint8_t mutability = u8();
  if (mutability > 1) fail_at(at, "malformed mutability");
  type.is_mutable = mutability == 1;
  return type;
}

ConstExpr ModuleReader::const_expr() {
  ConstExpr expr;
  expr.offset = static_cast<uint32_t>(offset());
  instructions([&expr](const Instr& instr) { expr.instrs.push_back(to_const_instr(instr)); });
  return expr;
}

}  // namespace kiln
