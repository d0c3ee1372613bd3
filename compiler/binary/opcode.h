// The instruction set as data: one enumerator per instruction, and a table of each one's
// encoding, mnemonic, immediate kind and simple signature (from opcodes.def). The decoder,
// the text parser, the writer, the validator and code generation all read this one table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln {

enum class Op : uint16_t {
#define KILN_OP(name, text, prefix, code, imm, sig, arg) name,
#include "binary/opcodes.def"
};

// The kinds of immediate operand an instruction carries.
enum class Imm : uint8_t {
  None,
  BlockType,     // block type: empty, a value type, or a type index (s33)
  Label,         // label index
  BrTable,       // vector of label indices, then the default label
  Func,          // function index
  CallIndirect,  // type index, table index
  Local,         // local index
  Global,        // global index
  Table,         // table index
  MemArg,        // alignment, offset
  Memory,        // memory index (a zero byte in 2.0)
  I32,           // signed LEB128 i32
  I64,           // signed LEB128 i64
  F32,           // 4 bytes
  F64,           // 8 bytes
  SelectT,       // vector of value types
  RefType,       // reference type
  MemoryInit,    // data index, memory index
  Data,          // data index
  MemoryCopy,    // destination memory, source memory
  TableInit,     // element index, table index
  Elem,          // element index
  TableCopy,     // destination table, source table
  V128,          // 16 bytes
  Shuffle,       // 16 lane indices
  Lane,          // lane index
  MemArgLane,    // alignment, offset, lane index
};

constexpr uint8_t kPrefixFC = 0xFC;  // saturating conversions, bulk memory, table ops
constexpr uint8_t kPrefixFD = 0xFD;  // SIMD

struct OpInfo {
  const char* name;  // text mnemonic
  uint8_t prefix;    // 0, kPrefixFC or kPrefixFD
  uint32_t code;     // opcode byte, or the LEB128 sub-opcode after a prefix
  Imm imm;
  const char* signature;  // "params:results"; empty when typed by hand
  uint8_t arg;            // natural alignment (log2) for memory ops, lane count for lane ops
};

const OpInfo& op_info(Op op);
inline const char* op_name(Op op) { return op_info(op).name; }

// Decoding lookups; nullopt for an opcode that does not exist.
std::optional<Op> op_from_byte(uint8_t byte);
std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t code);
// Text lookup by mnemonic ("i32.add"). `select` maps to the untyped form.
std::optional<Op> op_from_name(std::string_view name);

constexpr size_t kNumOps = 0
#define KILN_OP(name, text, prefix, code, imm, sig, arg) +1
#include "binary/opcodes.def"
    ;

}  // namespace kiln
