// Instruction decoding: opcode lookup through opcode.h, then the immediates by kind.
#include "binary/instr_reader.h"

#include <string>

namespace kiln {
namespace {

std::string hex_byte(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%02x", value);
  return buffer;
}

}  // namespace

Instr InstrReader::next() {
  Instr instr;
  instr.offset = reader_.offset();
  uint8_t byte = reader_.u8();
  std::optional<Op> op;
  if (byte == kPrefixFC || byte == kPrefixFD) {
    uint32_t code = reader_.u32();
    op = op_from_prefixed(byte, code);
    if (!op) ByteReader::fail_at(instr.offset, "illegal opcode " + hex_byte(byte) + " " + std::to_string(code));
  } else {
    op = op_from_byte(byte);
    if (!op) ByteReader::fail_at(instr.offset, "illegal opcode " + hex_byte(byte));
  }
  instr.op = *op;
  read_immediates(instr);
  return instr;
}

void InstrReader::read_immediates(Instr& instr) {
  const OpInfo& info = op_info(instr.op);
  ByteReader& r = reader_;
  auto memarg = [&] {
    uint64_t at = r.offset();
    uint32_t align = r.u32();
    // An alignment exponent must describe a 32-bit quantity (2.0 tests reject 2**32 as
    // malformed). Bit 6 will select an explicit memory index once multi-memory arrives.
    if (align >= 32) ByteReader::fail_at(at, "malformed memop flags");
    instr.mem.align = align;
    instr.mem.offset = r.u32();
    instr.mem.memory = 0;
  };
  auto zero_byte = [&] {
    if (r.u8() != 0) ByteReader::fail_at(r.offset() - 1, "zero byte expected");
  };
  auto ref_type = [&] {
    uint64_t at = r.offset();
    uint8_t byte = r.u8();
    if (byte != static_cast<uint8_t>(ValType::FuncRef) && byte != static_cast<uint8_t>(ValType::ExternRef))
      ByteReader::fail_at(at, "malformed reference type");
    return static_cast<ValType>(byte);
  };

  switch (info.imm) {
    case Imm::None: break;
    case Imm::BlockType: {
      uint8_t first = r.peek_u8();
      if (first == 0x40) {
        r.u8();
        instr.block.kind = BlockType::Kind::Empty;
      } else if (auto type = val_type_from_byte(first)) {
        r.u8();
        instr.block.kind = BlockType::Kind::Value;
        instr.block.value = *type;
      } else {
        uint64_t at = r.offset();
        int64_t index = r.s33();
        if (index < 0) ByteReader::fail_at(at, "malformed block type");
        instr.block.kind = BlockType::Kind::TypeIndex;
        instr.block.type_index = static_cast<uint32_t>(index);
      }
      break;
    }
    case Imm::Label:
    case Imm::Func:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Data:
    case Imm::Elem: instr.index = r.u32(); break;
    case Imm::BrTable: {
      uint32_t count = r.count(1);
      targets_.resize(count);
      for (uint32_t i = 0; i < count; ++i) targets_[i] = r.u32();
      instr.targets = targets_;
      instr.index = r.u32();
      break;
    }
    case Imm::CallIndirect:
      instr.index = r.u32();
      instr.index2 = r.u32();
      break;
    case Imm::MemArg: memarg(); break;
    case Imm::MemArgLane:
      memarg();
      instr.index = r.u8();
      break;
    case Imm::Memory: zero_byte(); break;
    case Imm::I32: instr.bits = static_cast<uint64_t>(static_cast<int64_t>(r.s32())); break;
    case Imm::I64: instr.bits = static_cast<uint64_t>(r.s64()); break;
    case Imm::F32: instr.bits = r.f32_bits(); break;
    case Imm::F64: instr.bits = r.f64_bits(); break;
    case Imm::SelectT: {
      uint32_t count = r.count(1);
      types_.resize(count);
      for (uint32_t i = 0; i < count; ++i) {
        uint64_t at = r.offset();
        auto type = val_type_from_byte(r.u8());
        if (!type) ByteReader::fail_at(at, "malformed value type");
        types_[i] = *type;
      }
      instr.types = types_;
      break;
    }
    case Imm::RefType: instr.type = ref_type(); break;
    case Imm::MemoryInit:
      instr.index = r.u32();
      zero_byte();
      break;
    case Imm::MemoryCopy:
      zero_byte();
      zero_byte();
      break;
    case Imm::TableInit:
    case Imm::TableCopy:
      instr.index = r.u32();
      instr.index2 = r.u32();
      break;
    case Imm::V128:
    case Imm::Shuffle: {
      auto bytes = r.take(16);
      std::memcpy(instr.v128.bytes, bytes.data(), 16);
      break;
    }
    case Imm::Lane: instr.index = r.u8(); break;
  }
}

}  // namespace kiln
