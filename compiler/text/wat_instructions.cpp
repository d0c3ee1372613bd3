// Instruction sequences: plain and folded forms, structured blocks with their labels, and
// constant expressions. Folded instructions are unfolded on an explicit stack of frames.
#include "text/wat_instructions.h"

#include "binary/instr_reader.h"
#include "text/wat_types.h"

namespace kiln::text {
namespace {

constexpr uint8_t kElseOpcode = 0x05;
constexpr uint8_t kEndOpcode = 0x0B;

bool is_block_op(Op op) { return op == Op::Block || op == Op::Loop || op == Op::If; }

bool is_constant_op(Op op) {
  switch (op) {
    case Op::I32Const:
    case Op::I64Const:
    case Op::F32Const:
    case Op::F64Const:
    case Op::V128Const:
    case Op::GlobalGet:
    case Op::RefNull:
    case Op::RefFunc: return true;
    default: return false;
  }
}

ConstInstr to_const_instr(const Instr& instr) {
  ConstInstr result;
  result.bits = instr.bits;
  result.index = instr.index;
  switch (instr.op) {
    case Op::I32Const: result.op = ConstInstr::Op::I32Const; break;
    case Op::I64Const: result.op = ConstInstr::Op::I64Const; break;
    case Op::F32Const: result.op = ConstInstr::Op::F32Const; break;
    case Op::F64Const: result.op = ConstInstr::Op::F64Const; break;
    case Op::GlobalGet: result.op = ConstInstr::Op::GlobalGet; break;
    case Op::RefFunc: result.op = ConstInstr::Op::RefFunc; break;
    case Op::V128Const:
      result.op = ConstInstr::Op::V128Const;
      result.v128 = instr.v128;
      break;
    case Op::RefNull:
      result.op = ConstInstr::Op::RefNull;
      result.ref_type = instr.type;
      break;
    default:  // InstrParser admits constant instructions only
      throw Error(ErrorKind::Invalid, "constant expression required");
  }
  return result;
}

}  // namespace

InstrParser::InstrParser(ModuleContext& context, const IndexSpace* locals, ByteWriter& out, bool constant_only,
                         std::vector<CodeMark>* marks)
    : context_(context), locals_(locals), out_(out), constant_only_(constant_only), marks_(marks) {}

void InstrParser::parse(Cursor items) {
  frames_.push_back(Frame{items});
  while (!frames_.empty()) {
    Frame& frame = frames_.back();
    if (!frame.started) {
      start_frame(frame);
    } else if (frame.items.done()) {
      finish_frame();
    } else {
      const SExpr& item = frame.items.next();
      if (item.is_list) {
        parse_folded(item);  // may push frames: `frame` is not used after this
      } else if (frame.operands_only) {
        fail_unexpected(item);
      } else {
        parse_plain(item.atom, frame);
      }
    }
  }
}

void InstrParser::start_frame(Frame& frame) {
  frame.started = true;
  if (!frame.prologue.empty()) mark(frame.prologue_at);
  out_.bytes(frame.prologue);
  if (frame.opens) labels_.push_back(*frame.opens);
}

void InstrParser::finish_frame() {
  Frame& frame = frames_.back();
  // A plain block/loop/if must end within the list that opened it.
  if (frame.open_blocks != 0) fail(frame.items.end_location(), "unexpected token");
  if (!frame.epilogue.empty()) mark(frame.epilogue_at);
  out_.bytes(frame.epilogue);
  if (frame.closes_label) labels_.pop_back();
  frames_.pop_back();
}

Op InstrParser::lookup(const Token& word) const {
  std::optional<Op> op;
  if (word.kind == Token::Kind::Keyword) op = op_from_name(word.text);
  if (!op) fail_unexpected(word);
  bool delimiter = *op == Op::Else || *op == Op::End;
  if (constant_only_ && !delimiter && !is_constant_op(*op)) {
    throw Error(ErrorKind::Invalid, "constant expression required", word.location);
  }
  return *op;
}

void InstrParser::mark(TextLocation location) {
  if (marks_) marks_->push_back(CodeMark{out_.size(), location});
}

void InstrParser::parse_plain(const Token& word, Frame& frame) {
  Op op = lookup(word);
  mark(word.location);
  if (op == Op::Else || op == Op::End) {
    end_plain_block(word, frame);
  } else if (is_block_op(op)) {
    const Token* label = frame.items.take_id();
    encode(op, word, frame.items, out_);
    labels_.push_back(Label{label, op});
    ++frame.open_blocks;
  } else {
    encode(op, word, frame.items, out_);
  }
}

// `else $l?` or `end $l?` of a plain block.
void InstrParser::end_plain_block(const Token& word, Frame& frame) {
  const Token* id = frame.items.take_id();
  if (frame.open_blocks == 0) fail_unexpected(word);
  Label& label = labels_.back();
  check_label(id, label);
  if (word.text == "else") {
    if (label.kind != Op::If || label.seen_else) fail_unexpected(word);
    label.seen_else = true;
    out_.u8(kElseOpcode);
    return;
  }
  out_.u8(kEndOpcode);
  labels_.pop_back();
  --frame.open_blocks;
}

// A label repeated after `else` or `end` must be the block's own.
void InstrParser::check_label(const Token* given, const Label& label) const {
  if (given && (!label.id || label.id->value != given->value)) fail(given->location, "mismatching label");
}

void InstrParser::parse_folded(const SExpr& form) {
  if (form.items.empty()) fail_unexpected(form);
  const SExpr& head = form.items[0];
  if (head.is_list) fail_unexpected(head);
  const Token& word = head.atom;
  Op op = lookup(word);
  if (op == Op::Else || op == Op::End) fail_unexpected(word);
  Cursor items(form);
  if (!is_block_op(op)) {
    // The instruction's immediates come first in the text, its operands are encoded first.
    ByteWriter instruction;
    encode(op, word, items, instruction);
    Frame operands{items};
    operands.operands_only = true;
    operands.epilogue = std::move(instruction.bytes());
    operands.epilogue_at = word.location;
    frames_.push_back(std::move(operands));
    return;
  }
  const Token* label = items.take_id();
  ByteWriter header;
  encode(op, word, items, header);
  if (op == Op::If) {
    parse_folded_if(form, label, std::move(header.bytes()), items);
    return;
  }
  Frame body{items};
  body.prologue = std::move(header.bytes());
  body.prologue_at = word.location;
  body.opens = Label{label, op};
  body.epilogue = {kEndOpcode};
  body.epilogue_at = form.end_location;
  body.closes_label = true;
  frames_.push_back(std::move(body));
}

// `(if $l? bt folded* (then instr*) (else instr*)?)` ≡ `folded* if $l bt instr* else instr* end`.
// Frames are pushed last-first: the conditions, then the `then` arm, then the `else` arm.
void InstrParser::parse_folded_if(const SExpr& form, const Token* label, std::vector<uint8_t> if_bytes, Cursor& rest) {
  std::span<const SExpr> items = rest.rest();
  size_t then_at = 0;
  while (then_at < items.size() && !items[then_at].is_form("then")) ++then_at;
  if (then_at == items.size()) {
    for (const SExpr& item : items) {
      if (!item.is_list) fail_unexpected(item);
    }
    fail(form.end_location, "unexpected token");
  }
  const SExpr& then_form = items[then_at];
  const SExpr* else_form =
      then_at + 1 < items.size() && items[then_at + 1].is_form("else") ? &items[then_at + 1] : nullptr;
  size_t after = then_at + (else_form ? 2 : 1);
  if (after < items.size()) fail_unexpected(items[after]);

  if (else_form) {
    Frame else_arm{Cursor(*else_form)};
    else_arm.prologue = {kElseOpcode};
    else_arm.prologue_at = else_form->location;
    else_arm.epilogue = {kEndOpcode};
    else_arm.epilogue_at = form.end_location;
    else_arm.closes_label = true;
    frames_.push_back(std::move(else_arm));
  }
  Frame then_arm{Cursor(then_form)};
  then_arm.prologue = std::move(if_bytes);
  then_arm.prologue_at = form.items[0].location;
  then_arm.opens = Label{label, Op::If};
  if (!else_form) {
    then_arm.epilogue = {kEndOpcode};
    then_arm.epilogue_at = form.end_location;
    then_arm.closes_label = true;
  }
  frames_.push_back(std::move(then_arm));
  Frame conditions{Cursor(items.first(then_at), then_form.location)};
  conditions.operands_only = true;
  frames_.push_back(std::move(conditions));
}

ConstExpr parse_const_expr(ModuleContext& context, Cursor items) {
  ByteWriter code;
  InstrParser(context, nullptr, code, /*constant_only=*/true).parse(items);
  ConstExpr expr;
  InstrReader reader(code.bytes(), 0);
  while (!reader.at_end()) expr.instrs.push_back(to_const_instr(reader.next()));
  return expr;
}

}  // namespace kiln::text
