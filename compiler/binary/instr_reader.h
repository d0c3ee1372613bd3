// Decodes the instructions of a function body (or constant expression) one at a time. The
// module keeps bodies as bytes; the validator and the code generator both walk them with this
// reader, so the encoding is understood in exactly one place.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "binary/byte_reader.h"
#include "binary/opcode.h"
#include "kiln/types.h"

namespace kiln {

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;  // Kind::Value
  uint32_t type_index = 0;       // Kind::TypeIndex
};

struct MemArg {
  uint32_t align = 0;  // log2 of the alignment
  uint64_t offset = 0;
  uint32_t memory = 0;
};

// One decoded instruction. Only the fields its immediate kind (op_info(op).imm) names are set.
struct Instr {
  Op op = Op::Nop;
  uint64_t offset = 0;  // absolute byte offset of the opcode
  uint32_t index = 0;   // label, function, local, global, table, type, data, elem or lane index
  uint32_t index2 = 0;  // call_indirect's table, memory.init's memory, table.init's table, copy source
  BlockType block;
  MemArg mem;
  uint64_t bits = 0;                  // i32.const / i64.const value (sign-extended), or f32 / f64 bit pattern
  V128 v128;                          // v128.const, or i8x16.shuffle's lane indices
  ValType type = ValType::FuncRef;    // ref.null's type
  std::span<const uint32_t> targets;  // br_table's labels, without the default (which is `index`)
  std::span<const ValType> types;     // select_t's operand types
};

class InstrReader {
 public:
  // `base` is the absolute offset of code[0] in the module.
  InstrReader(std::span<const uint8_t> code, uint64_t base) : reader_(code, base) {}

  bool at_end() const { return reader_.at_end(); }
  uint64_t offset() const { return reader_.offset(); }

  // Decodes the next instruction. Throws Error(Malformed) on a bad encoding. The spans in the
  // result stay valid until the next call.
  Instr next();

 private:
  void read_immediates(Instr& instr);

  ByteReader reader_;
  std::vector<uint32_t> targets_;
  std::vector<ValType> types_;
};

}  // namespace kiln
