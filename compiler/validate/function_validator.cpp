// Function body validation: one pass over the instructions, typing each against the operand
// stack and the control frames as the spec's validation algorithm does.
#include "validate/function_validator.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "kiln/error.h"

namespace kiln {
namespace {

// An instruction's simple signature from opcodes.def ("ii:i") as operand types.
struct Signature {
  bool typed = false;  // false when the validator types the instruction by hand
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  uint8_t params[3] = {};
  uint8_t result = 0;
};

constexpr uint8_t type_from_letter(char letter) {
  switch (letter) {
    case 'i': return static_cast<uint8_t>(ValType::I32);
    case 'l': return static_cast<uint8_t>(ValType::I64);
    case 'f': return static_cast<uint8_t>(ValType::F32);
    case 'd': return static_cast<uint8_t>(ValType::F64);
    case 'v': return static_cast<uint8_t>(ValType::V128);
    case 'r': return static_cast<uint8_t>(ValType::FuncRef);
  }
  // Reached only while building kSignatures at compile time, where it stops the build.
  throw std::logic_error("opcodes.def: unknown signature letter");
}

constexpr Signature parse_signature(std::string_view text) {
  Signature signature;
  if (text.empty()) return signature;
  signature.typed = true;
  size_t colon = text.find(':');
  for (char letter : text.substr(0, colon)) signature.params[signature.num_params++] = type_from_letter(letter);
  for (char letter : text.substr(colon + 1)) {
    if (signature.num_results != 0) throw std::logic_error("opcodes.def: more than one result");
    signature.result = type_from_letter(letter);
    signature.num_results = 1;
  }
  return signature;
}

// Parsed at compile time, so a malformed signature in opcodes.def is a build error.
constexpr std::array<Signature, kNumOps> kSignatures = [] {
  constexpr std::string_view texts[] = {
#define KILN_OP(name, text, prefix, code, imm, sig, arg) sig,
#include "binary/opcodes.def"
  };
  std::array<Signature, kNumOps> table{};
  for (size_t i = 0; i < kNumOps; ++i) table[i] = parse_signature(texts[i]);
  return table;
}();

// Frames keep their label types as spans; a block type naming one value type has no storage
// of its own, so each value type gets a static one-element home here.
constexpr uint8_t kFirstTypeByte = static_cast<uint8_t>(ValType::ExternRef);
constexpr auto kTypesByEncoding = [] {
  std::array<ValType, static_cast<uint8_t>(ValType::I32) - kFirstTypeByte + 1> types{};
  for (size_t i = 0; i < types.size(); ++i) types[i] = static_cast<ValType>(kFirstTypeByte + i);
  return types;
}();

std::span<const ValType> single_type(ValType type) {
  return {&kTypesByEncoding[static_cast<uint8_t>(type) - kFirstTypeByte], 1};
}

}  // namespace

FunctionValidator::FunctionValidator(const Module& module, const std::vector<bool>& declared_refs)
    : module_(module), declared_refs_(declared_refs) {}

void FunctionValidator::validate(uint32_t func_index) {
  const FuncType& type = module_.func_type(func_index);
  const FunctionBody& body = module_.bodies[func_index - module_.num_imported_functions];
  set_up_locals(type, body);
  return_types_ = type.results;
  values_.clear();
  frames_.clear();
  push_frame(Op::Block, {}, type.results);

  InstrReader reader(body.code, body.code_offset);
  while (!frames_.empty()) {
    if (reader.at_end()) {
      offset_ = reader.offset();
      fail_malformed("END opcode expected");
    }
    check(reader.next());
  }
  if (!reader.at_end()) {
    offset_ = reader.offset();
    fail_malformed("section size mismatch");
  }
}

void FunctionValidator::set_up_locals(const FuncType& type, const FunctionBody& body) {
  // Runs of one type rather than one entry per local, since a body may declare billions of
  // locals in a few bytes; the first kFlatLocals also get an entry each, for a fast lookup.
  local_runs_.clear();
  flat_locals_.clear();
  uint64_t end = 0;
  auto add_run = [&](uint64_t count, ValType local_type) {
    if (count == 0) return;
    end += count;
    if (!local_runs_.empty() && local_runs_.back().type == local_type) {
      local_runs_.back().end = end;
    } else {
      local_runs_.push_back({end, local_type});
    }
    flat_locals_.resize(std::min<uint64_t>(end, kFlatLocals), local_type);
  };
  for (ValType param : type.params) add_run(1, param);
  for (const LocalDecl& decl : body.locals) add_run(decl.count, decl.type);
}

ValType FunctionValidator::local_type(uint32_t index) const {
  if (index < flat_locals_.size()) return flat_locals_[index];
  auto run = std::upper_bound(local_runs_.begin(), local_runs_.end(), uint64_t{index},
                              [](uint64_t i, const LocalRun& candidate) { return i < candidate.end; });
  if (run == local_runs_.end()) fail_unknown("local", index);
  return run->type;
}

void FunctionValidator::check(const Instr& instr) {
  offset_ = instr.offset;
  const Signature& signature = kSignatures[static_cast<size_t>(instr.op)];
  if (signature.typed) {
    check_simple_immediates(instr);
    for (size_t i = signature.num_params; i-- > 0;) pop(signature.params[i]);
    if (signature.num_results != 0) push(signature.result);
    return;
  }
  switch (instr.op) {
    case Op::Unreachable: mark_unreachable(); return;
    case Op::Block:
    case Op::Loop:
    case Op::If: check_block(instr); return;
    case Op::Else: check_else(); return;
    case Op::End: check_end(); return;
    case Op::Br:
      pop_values(label_types(label(instr.index)));
      mark_unreachable();
      return;
    case Op::BrIf: check_br_if(instr); return;
    case Op::BrTable: check_br_table(instr); return;
    case Op::Return:
      pop_values(return_types_);
      mark_unreachable();
      return;
    case Op::Call: check_call(function_type(instr.index)); return;
    case Op::CallIndirect: check_call_indirect(instr); return;
    case Op::Drop: pop(); return;
    case Op::Select:
    case Op::SelectT: check_select(instr); return;
    case Op::LocalGet: push(local_type(instr.index)); return;
    case Op::LocalSet: pop(local_type(instr.index)); return;
    case Op::LocalTee:
      pop(local_type(instr.index));
      push(local_type(instr.index));
      return;
    case Op::GlobalGet: push(global(instr.index).type); return;
    case Op::GlobalSet:
      if (!global(instr.index).is_mutable) fail("global is immutable");
      pop(global(instr.index).type);
      return;
    case Op::RefNull: push(instr.type); return;
    case Op::RefIsNull: check_ref_is_null(); return;
    case Op::TableGet:
    case Op::TableSet:
    case Op::TableGrow:
    case Op::TableFill: check_table_access(instr); return;
    default: throw std::logic_error(std::string("opcodes.def: no signature for ") + op_name(instr.op));
  }
}

void FunctionValidator::check_block(const Instr& instr) {
  std::span<const ValType> params, results;
  block_signature(instr.block, params, results);
  if (instr.op == Op::If) pop(ValType::I32);
  pop_values(params);
  push_frame(instr.op, params, results);
}

void FunctionValidator::check_else() {
  // The binary format only allows `else` inside an `if`; the spec's decoder reports a stray one
  // as the `end` it expected instead.
  if (frames_.back().opcode != Op::If) fail_malformed("END opcode expected");
  ControlFrame frame = pop_frame();
  push_frame(Op::Else, frame.params, frame.results);
}

void FunctionValidator::check_end() {
  ControlFrame frame = pop_frame();
  // An `if` without `else` has an implicit empty else branch, which must turn the params into
  // the results unchanged.
  if (frame.opcode == Op::If && !std::ranges::equal(frame.params, frame.results)) fail("type mismatch");
  push_values(frame.results);
}

void FunctionValidator::check_br_if(const Instr& instr) {
  std::span<const ValType> types = label_types(label(instr.index));
  pop(ValType::I32);
  pop_values(types);
  push_values(types);
}

void FunctionValidator::check_br_table(const Instr& instr) {
  pop(ValType::I32);
  std::span<const ValType> default_types = label_types(label(instr.index));
  for (uint32_t target : instr.targets) {
    std::span<const ValType> types = label_types(label(target));
    if (types.size() != default_types.size()) fail("type mismatch");
    peek_values(types);
  }
  pop_values(default_types);
  mark_unreachable();
}

void FunctionValidator::check_call(const FuncType& callee) {
  pop_values(callee.params);
  push_values(callee.results);
}

void FunctionValidator::check_call_indirect(const Instr& instr) {
  if (table(instr.index2).element != ValType::FuncRef) fail("type mismatch");
  if (instr.index >= module_.types.size()) fail_unknown("type", instr.index);
  pop(ValType::I32);
  check_call(module_.types[instr.index]);
}

void FunctionValidator::check_select(const Instr& instr) {
  if (instr.op == Op::SelectT) {
    if (instr.types.size() != 1) fail("invalid result arity");
    ValType type = instr.types[0];
    pop(ValType::I32);
    pop(type);
    pop(type);
    push(type);
    return;
  }
  // Untyped select chooses between numeric or vector operands only; references need select_t.
  pop(ValType::I32);
  StackType first = pop();
  StackType second = pop();
  auto is_reference = [](StackType type) { return type != kUnknown && is_ref_type(static_cast<ValType>(type)); };
  if (is_reference(first) || is_reference(second)) fail("type mismatch");
  if (first != second && first != kUnknown && second != kUnknown) fail("type mismatch");
  push(first == kUnknown ? second : first);
}

void FunctionValidator::check_ref_is_null() {
  StackType type = pop();
  if (type != kUnknown && !is_ref_type(static_cast<ValType>(type))) fail("type mismatch");
  push(ValType::I32);
}

void FunctionValidator::check_table_access(const Instr& instr) {
  ValType element = table(instr.index).element;
  switch (instr.op) {
    case Op::TableGet:  // [i32] -> [t]
      pop(ValType::I32);
      push(element);
      break;
    case Op::TableSet:  // [i32 t] -> []
      pop(element);
      pop(ValType::I32);
      break;
    case Op::TableGrow:  // [t i32] -> [i32]
      pop(ValType::I32);
      pop(element);
      push(ValType::I32);
      break;
    default:  // table.fill: [i32 t i32] -> []
      pop(ValType::I32);
      pop(element);
      pop(ValType::I32);
      break;
  }
}

void FunctionValidator::check_simple_immediates(const Instr& instr) {
  const OpInfo& info = op_info(instr.op);
  switch (info.imm) {
    case Imm::MemArg:
    case Imm::MemArgLane:
      require_memory();
      // `arg` is the natural alignment, as log2 of the access size.
      if (instr.mem.align > info.arg) fail("alignment must not be larger than natural");
      if (info.imm == Imm::MemArgLane && instr.index >= (16u >> info.arg)) fail("invalid lane index");
      break;
    case Imm::Memory:
    case Imm::MemoryCopy: require_memory(); break;
    case Imm::MemoryInit:
      require_memory();
      require_data(instr.index);
      break;
    case Imm::Data: require_data(instr.index); break;
    case Imm::Elem: require_elem(instr.index); break;
    case Imm::Table: table(instr.index); break;
    case Imm::TableInit: {
      ValType element = table(instr.index2).element;
      require_elem(instr.index);
      if (module_.elements[instr.index].type != element) fail("type mismatch");
      break;
    }
    case Imm::TableCopy:
      if (table(instr.index).element != table(instr.index2).element) fail("type mismatch");
      break;
    case Imm::Func:  // ref.func; call is typed by hand
      function_type(instr.index);
      if (!declared_refs_[instr.index]) fail("undeclared function reference");
      break;
    case Imm::Lane:
      // `arg` is the lane count.
      if (instr.index >= info.arg) fail("invalid lane index");
      break;
    case Imm::Shuffle:
      for (uint8_t lane : instr.v128.bytes) {
        if (lane >= 32) fail("invalid lane index");
      }
      break;
    default: break;  // nothing beyond the operands to check
  }
}

void FunctionValidator::push_values(std::span<const ValType> types) {
  for (ValType type : types) push(type);
}

FunctionValidator::StackType FunctionValidator::pop() {
  const ControlFrame& frame = frames_.back();
  if (values_.size() == frame.height) {
    if (frame.unreachable) return kUnknown;
    fail("type mismatch");
  }
  StackType type = values_.back();
  values_.pop_back();
  return type;
}

void FunctionValidator::pop(StackType expected) {
  StackType actual = pop();
  if (actual != expected && actual != kUnknown) fail("type mismatch");
}

void FunctionValidator::pop_values(std::span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) pop(types[i]);
}

void FunctionValidator::peek_values(std::span<const ValType> types) {
  const ControlFrame& frame = frames_.back();
  size_t available = values_.size() - frame.height;
  for (size_t depth = 0; depth < types.size(); ++depth) {
    if (depth == available) {
      // Below the frame, unreachable code has operands of every type.
      if (frame.unreachable) return;
      fail("type mismatch");
    }
    StackType actual = values_[values_.size() - 1 - depth];
    if (actual != kUnknown && actual != static_cast<StackType>(types[types.size() - 1 - depth])) fail("type mismatch");
  }
}

void FunctionValidator::push_frame(Op opcode, std::span<const ValType> params, std::span<const ValType> results) {
  frames_.push_back({opcode, params, results, static_cast<uint32_t>(values_.size()), false});
  push_values(params);
}

FunctionValidator::ControlFrame FunctionValidator::pop_frame() {
  pop_values(frames_.back().results);
  ControlFrame frame = frames_.back();
  if (values_.size() != frame.height) fail("type mismatch");
  frames_.pop_back();
  return frame;
}

void FunctionValidator::mark_unreachable() {
  ControlFrame& frame = frames_.back();
  values_.resize(frame.height);
  frame.unreachable = true;
}

const FunctionValidator::ControlFrame& FunctionValidator::label(uint32_t depth) {
  if (depth >= frames_.size()) fail_unknown("label", depth);
  return frames_[frames_.size() - 1 - depth];
}

void FunctionValidator::block_signature(const BlockType& block, std::span<const ValType>& params,
                                        std::span<const ValType>& results) {
  switch (block.kind) {
    case BlockType::Kind::Empty:
      params = {};
      results = {};
      return;
    case BlockType::Kind::Value:
      params = {};
      results = single_type(block.value);
      return;
    case BlockType::Kind::TypeIndex: {
      if (block.type_index >= module_.types.size()) fail_unknown("type", block.type_index);
      const FuncType& type = module_.types[block.type_index];
      params = type.params;
      results = type.results;
      return;
    }
  }
}

const FuncType& FunctionValidator::function_type(uint32_t index) {
  if (index >= module_.functions.size()) fail_unknown("function", index);
  return module_.func_type(index);
}

const GlobalType& FunctionValidator::global(uint32_t index) {
  if (index >= module_.globals.size()) fail_unknown("global", index);
  return module_.globals[index];
}

const TableType& FunctionValidator::table(uint32_t index) {
  if (index >= module_.tables.size()) fail_unknown("table", index);
  return module_.tables[index];
}

void FunctionValidator::require_memory() {
  if (module_.memories.empty()) fail_unknown("memory", 0);
}

void FunctionValidator::require_data(uint32_t index) {
  if (index >= module_.data.size()) fail_unknown("data segment", index);
}

void FunctionValidator::require_elem(uint32_t index) {
  if (index >= module_.elements.size()) fail_unknown("elem segment", index);
}

void FunctionValidator::fail(const std::string& message) const { throw Error(ErrorKind::Invalid, message, offset_); }

void FunctionValidator::fail_unknown(const char* what, uint32_t index) const {
  fail(std::string("unknown ") + what + " " + std::to_string(index));
}

void FunctionValidator::fail_malformed(const std::string& message) const {
  throw Error(ErrorKind::Malformed, message, offset_);
}

}  // namespace kiln
