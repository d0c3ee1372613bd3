// Reads the composite pieces of the binary format from a whole module's bytes: lengths, names,
// types, limits, constant expressions and instruction sequences, with the spec's error messages.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "binary/byte_reader.h"
#include "binary/instr_reader.h"
#include "kiln/module.h"

namespace kiln {

// One cursor over the entire module. Like the spec's reference decoder, section contents are read
// from this one stream and their sizes are checked afterwards, so a truncated or overlong item is
// reported with the same message the spec tests expect.
class ModuleReader : public ByteReader {
 public:
  explicit ModuleReader(std::span<const uint8_t> module) : ByteReader(module) {}

  // A vector length or byte count. It may not exceed the bytes left, counted from the start of its
  // own encoding ("length out of bounds"); that also bounds anything allocated from it.
  uint32_t length();
  std::string utf8_name();

  // A type constructor byte (value type, reference type or function type form). Types are
  // one-byte signed LEB128 numbers, so a continuation bit makes the encoding too long.
  uint8_t type_byte();
  ValType value_type();
  ValType ref_type();
  Limits limits();
  TableType table_type();
  MemoryType memory_type();
  GlobalType global_type();
  ConstExpr const_expr();

  // Decodes instructions up to and including the `end` that closes the current sequence (a
  // function body or a constant expression), calling visit(const Instr&) for each one before it.
  template <typename Visit>
  void instructions(Visit&& visit);

 private:
  // What an open structured instruction still accepts: `else` only directly inside an `if`.
  enum class Frame : uint8_t { Block, If, Else };
  std::vector<Frame> frames_;
};

template <typename Visit>
void ModuleReader::instructions(Visit&& visit) {
  InstrReader code(data().subspan(position()), offset());
  frames_.clear();
  while (true) {
    Instr instr = code.next();
    switch (instr.op) {
      case Op::Block:
      case Op::Loop: frames_.push_back(Frame::Block); break;
      case Op::If: frames_.push_back(Frame::If); break;
      case Op::Else:
        // The grammar has `else` only inside an `if`; anywhere else the enclosing `end` is missing.
        if (frames_.empty() || frames_.back() != Frame::If) fail_at(instr.offset, "END opcode expected");
        frames_.back() = Frame::Else;
        break;
      case Op::End:
        if (frames_.empty()) {
          skip(code.offset() - offset());
          return;
        }
        frames_.pop_back();
        break;
      default: break;
    }
    visit(instr);
  }
}

}  // namespace kiln
