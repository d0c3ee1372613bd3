// Instructions in the text format, plain and folded in any mix, encoded straight into the
// binary format: function bodies and constant expressions are kept as instruction bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "binary/byte_writer.h"
#include "binary/opcode.h"
#include "kiln/module.h"
#include "text/wat_context.h"
#include "text/wat_syntax.h"

namespace kiln::text {

// Where the instruction starting at `position` in the parser's output was written.
struct CodeMark {
  size_t position;
  TextLocation location;
};

class InstrParser {
 public:
  // `locals` names the locals of the function being parsed; nullptr outside of functions.
  // With `constant_only`, anything but the instructions of a constant expression is
  // Error(Invalid) "constant expression required". With `marks`, every instruction written to
  // `out` is marked there with its mnemonic's location (a block's `end` with its closing paren).
  InstrParser(ModuleContext& context, const IndexSpace* locals, ByteWriter& out, bool constant_only = false,
              std::vector<CodeMark>* marks = nullptr);

  // Encodes `instr*`: every remaining item of `items`. The final `end` is the caller's.
  // Nesting is followed with an explicit stack, so no input can exhaust the native one.
  void parse(Cursor items);

  // True once memory.init or data.drop was seen: the binary form then needs a data count.
  bool uses_data_count() const { return uses_data_count_; }

 private:
  struct Label {
    const Token* id = nullptr;
    Op kind = Op::Block;  // Block, Loop or If
    bool seen_else = false;
  };
  // A list of instructions being worked through, and what surrounds it.
  struct Frame {
    explicit Frame(Cursor list) : items(list) {}
    Cursor items;
    bool operands_only = false;     // a folded instruction's operands: folded instructions only
    std::vector<uint8_t> prologue;  // written when the frame starts (`if bt` of a folded if, `else`)
    TextLocation prologue_at;       // of the prologue's instruction in the text
    std::optional<Label> opens;     // pushed when the frame starts
    std::vector<uint8_t> epilogue;  // written when the items run out (a folded instruction, `end`)
    TextLocation epilogue_at;       // of the epilogue's instruction in the text
    bool closes_label = false;      // pops the innermost label after the epilogue
    uint32_t open_blocks = 0;       // plain block/loop/if opened here and not yet ended
    bool started = false;
  };

  void start_frame(Frame& frame);
  void finish_frame();
  void parse_plain(const Token& word, Frame& frame);
  void parse_folded(const SExpr& form);
  void parse_folded_if(const SExpr& form, const Token* label, std::vector<uint8_t> if_bytes, Cursor& rest);
  // Marks the instruction about to be written to the output as written at `location`.
  void mark(TextLocation location);
  void end_plain_block(const Token& word, Frame& frame);
  void check_label(const Token* given, const Label& label) const;
  Op lookup(const Token& word) const;

  // Immediates (wat_immediates.cpp). `word` is the instruction's mnemonic token.
  void encode(Op op, const Token& word, Cursor& items, ByteWriter& out);
  void encode_opcode(Op op, ByteWriter& out) const;
  void encode_block_type(Cursor& items, ByteWriter& out);
  void encode_mem_arg(Op op, Cursor& items, ByteWriter& out);
  void encode_select_types(Cursor& items, ByteWriter& out);
  void encode_v128_const(Cursor& items, ByteWriter& out);
  void encode_shuffle(const Token& word, Cursor& items, ByteWriter& out);
  uint32_t resolve_label(const SExpr& ref) const;
  uint32_t optional_index(Cursor& items, const IndexSpace& space) const;

  ModuleContext& context_;
  const IndexSpace* locals_;
  ByteWriter& out_;
  bool constant_only_;
  std::vector<CodeMark>* marks_;
  bool uses_data_count_ = false;
  std::vector<Label> labels_;
  std::vector<Frame> frames_;
};

// A constant expression (a global's initializer, a segment's offset or element): its items
// parsed as instructions, each of which must be constant.
ConstExpr parse_const_expr(ModuleContext& context, Cursor items);

}  // namespace kiln::text
