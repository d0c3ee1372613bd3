// Type-checks function bodies: the operand and control stacks of the spec's validation algorithm
// (appendix "Validation Algorithm"), driven by InstrReader over a body's bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "binary/instr_reader.h"
#include "kiln/module.h"

namespace kiln {

class FunctionValidator {
 public:
  // `declared_refs[i]` says whether ref.func may name function i in a body: the spec's C.refs,
  // the functions referenced outside function bodies. Both must outlive the validator.
  FunctionValidator(const Module& module, const std::vector<bool>& declared_refs);

  // Validates the body of defined function `func_index`. Throws Error(Invalid) at the offending
  // instruction, or Error(Malformed) when its blocks do not nest. The stacks are reused from one
  // call to the next, so validating a module allocates only while they grow.
  void validate(uint32_t func_index);

 private:
  // An operand's type as a ValType byte; kUnknown is the spec's "Unknown", the value of any
  // type that unreachable code pops from below its frame.
  using StackType = uint8_t;
  static constexpr StackType kUnknown = 0;

  struct ControlFrame {
    Op opcode;  // Block, Loop, If or Else; the function body is a Block
    std::span<const ValType> params;
    std::span<const ValType> results;
    uint32_t height;  // operand stack size at entry, after the params were popped
    bool unreachable;
  };

  // A run of locals (parameters first) of one type, ending before local index `end`.
  struct LocalRun {
    uint64_t end;
    ValType type;
  };

  void set_up_locals(const FuncType& type, const FunctionBody& body);
  ValType local_type(uint32_t index) const;

  void check(const Instr& instr);
  void check_block(const Instr& instr);
  void check_else();
  void check_end();
  void check_br_if(const Instr& instr);
  void check_br_table(const Instr& instr);
  void check_call(const FuncType& callee);
  void check_call_indirect(const Instr& instr);
  void check_select(const Instr& instr);
  void check_ref_is_null();
  void check_table_access(const Instr& instr);  // table.get, table.set, table.grow, table.fill
  // The immediates of an instruction typed by its opcodes.def signature: indices, alignment, lanes.
  void check_simple_immediates(const Instr& instr);

  void push(StackType type) { values_.push_back(type); }
  void push(ValType type) { values_.push_back(static_cast<StackType>(type)); }
  void push_values(std::span<const ValType> types);
  StackType pop();
  void pop(StackType expected);
  void pop(ValType expected) { pop(static_cast<StackType>(expected)); }
  void pop_values(std::span<const ValType> types);
  // Checks that the top of the stack holds `types` without popping them (br_table's labels).
  void peek_values(std::span<const ValType> types);

  void push_frame(Op opcode, std::span<const ValType> params, std::span<const ValType> results);
  ControlFrame pop_frame();
  void mark_unreachable();
  const ControlFrame& label(uint32_t depth);
  static std::span<const ValType> label_types(const ControlFrame& frame) {
    return frame.opcode == Op::Loop ? frame.params : frame.results;
  }
  void block_signature(const BlockType& block, std::span<const ValType>& params, std::span<const ValType>& results);

  const FuncType& function_type(uint32_t index);
  const GlobalType& global(uint32_t index);
  const TableType& table(uint32_t index);
  void require_memory();
  void require_data(uint32_t index);
  void require_elem(uint32_t index);

  [[noreturn]] void fail(const std::string& message) const;
  [[noreturn]] void fail_unknown(const char* what, uint32_t index) const;
  [[noreturn]] void fail_malformed(const std::string& message) const;

  const Module& module_;
  const std::vector<bool>& declared_refs_;
  std::span<const ValType> return_types_;
  uint64_t offset_ = 0;  // of the instruction being checked, for errors
  std::vector<StackType> values_;
  std::vector<ControlFrame> frames_;
  std::vector<LocalRun> local_runs_;
  static constexpr uint32_t kFlatLocals = 1u << 16;
  std::vector<ValType> flat_locals_;  // the type of each of the first kFlatLocals locals
};

}  // namespace kiln
