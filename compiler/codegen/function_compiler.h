// Lowers one wasm function body to its LLVM function: the walk over the instructions, the
// operand stack (a compile-time vector of values), control frames and locals. The instruction
// groups live beside it: numeric_ops.cpp, conversion_ops.cpp, memory_ops.cpp, call_ops.cpp,
// table_ops.cpp, variable_ops.cpp and the simd_*_ops.cpp files.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <llvm/IR/IRBuilder.h>

#include "binary/instr_reader.h"
#include "codegen/module_codegen.h"
#include "codegen/vm_context.h"
#include "kiln/trap.h"

namespace kiln::codegen {

class FunctionCompiler {
 public:
  FunctionCompiler(ModuleCodegen& codegen, uint32_t func_index);
  void compile();

 private:
  struct ControlFrame {
    Op kind;  // Block, Loop or If; the function body is a Block
    std::span<const ValType> params;
    std::span<const ValType> results;
    size_t height;  // operand stack size below the frame's params
    // Where a branch to the frame goes (a loop's header, else the block's end), and the phis
    // there that receive the branch's values.
    llvm::BasicBlock* label_block;
    std::vector<llvm::PHINode*> label_phis;
    llvm::BasicBlock* else_block = nullptr;  // an `if`'s false branch, until `else` takes it
    std::vector<llvm::Value*> if_params;     // an `if`'s params, which its false branch sees too
    std::span<const ValType> label_types() const { return kind == Op::Loop ? params : results; }
  };

  // ---- the walk and control flow (function_compiler.cpp) ----
  void set_up_entry();
  void finish_entry();
  // Points both builders at the wasm byte offset that what they create next comes from.
  void locate(uint32_t offset);
  void emit(const Instr& instr);
  // In unreachable code only the nesting is followed, until the current frame's else or end.
  void skip_unreachable(const Instr& instr);
  void block_signature(const BlockType& block, std::span<const ValType>& params, std::span<const ValType>& results);
  void begin_block(const Instr& instr);
  void begin_loop(const Instr& instr);
  void begin_if(const Instr& instr);
  void begin_else();
  void end_frame();
  void push_frame(Op kind, std::span<const ValType> params, std::span<const ValType> results,
                  llvm::BasicBlock* label_block);
  std::vector<llvm::PHINode*> make_phis(llvm::BasicBlock* block, std::span<const ValType> types);
  ControlFrame& label(uint32_t depth) { return frames_[frames_.size() - 1 - depth]; }
  // Adds the top-of-stack values as the current block's incoming values of `target`'s label.
  void add_branch_values(ControlFrame& target);
  void branch(uint32_t depth);
  void branch_if(uint32_t depth);
  void branch_table(const Instr& instr);
  void emit_return_from(llvm::BasicBlock* block, std::span<llvm::PHINode* const> values);
  void mark_unreachable();

  // ---- traps ----
  // Continues in a new block when `condition` is false; traps with `kind` when it is true.
  void trap_if(llvm::Value* condition, TrapKind kind);
  void trap(TrapKind kind);
  llvm::BasicBlock* trap_block(TrapKind kind);
  // With CompileOptions::interruptible, traps "interrupted" when the store's flag is set.
  void interrupt_check();
  // With CompileOptions::consume_fuel: counts `instr` and, when it ends a run of straight-line
  // code (control flow or a call), charges the run to the store's fuel before it.
  void count_fuel(const Instr& instr);
  void charge_fuel();
  llvm::BasicBlock* new_block(const char* name);

  // ---- instruction groups (one file each); each returns false for an opcode not its own ----
  bool emit_numeric(const Instr& instr);
  bool emit_conversion(const Instr& instr);
  bool emit_memory(const Instr& instr);
  bool emit_call(const Instr& instr);
  bool emit_table(const Instr& instr);
  bool emit_variable(const Instr& instr);
  // SIMD (simd_ops.cpp, which hands arithmetic and memory access on to the files named below).
  bool emit_simd(const Instr& instr);
  bool emit_simd_memory(const Instr& instr);   // simd_memory_ops.cpp
  bool emit_simd_integer(const Instr& instr);  // simd_integer_ops.cpp
  bool emit_simd_float(const Instr& instr);    // simd_float_ops.cpp

  // numeric helpers
  void integer_division(Op op, unsigned bits);
  llvm::Value* float_bits_op(llvm::Value* value, bool clear_sign, bool flip_sign);
  llvm::Value* copysign(llvm::Value* magnitude, llvm::Value* sign);
  // Sets the quiet bit of a NaN, leaving every other value alone.
  llvm::Value* quiet_nan(llvm::Value* value);
  void trapping_truncation(llvm::Type* result_type, bool is_signed);
  // memory helpers
  // Pops the address operand; traps when an access of `accessed`'s size there needs a bounds
  // check (ModuleCodegen::needs_bounds_check) and fails it. Returns the host address.
  llvm::Value* effective_address(const Instr& instr, llvm::Type* accessed);
  void load(const Instr& instr, llvm::Type* memory_type, llvm::Type* result_type, bool sign_extend);
  void store(const Instr& instr, llvm::Type* memory_type);
  // call helpers
  void call_with_convention(uint32_t type_index, llvm::Value* callee, llvm::Value* callee_vmctx);
  void call_indirect(const Instr& instr);
  // table helpers: traps "out of bounds table access" unless index < size; returns the element's address.
  llvm::Value* table_element_address(uint32_t table, llvm::Value* index);
  // SIMD helpers. A v128 is <2 x i64> on the operand stack, as at function boundaries; each
  // instruction bitcasts it to the lanes it computes on and its result back.
  llvm::FixedVectorType* lanes(llvm::Type* lane, unsigned count) { return llvm::FixedVectorType::get(lane, count); }
  // The lanes an instruction's mnemonic names: i16x8.add works on <8 x i16>.
  llvm::FixedVectorType* lanes_of(Op op);
  llvm::Value* pop_lanes(llvm::FixedVectorType* type) { return builder_.CreateBitCast(pop(), type); }
  void push_v128(llvm::Value* value) { push(builder_.CreateBitCast(value, lanes(builder_.getInt64Ty(), 2))); }
  // quiet_nan for each lane of a float vector.
  llvm::Value* quiet_nan_lanes(llvm::Value* value);

  // ---- the operand stack ----
  void push(llvm::Value* value) { stack_.push_back(value); }
  llvm::Value* pop() {
    llvm::Value* value = stack_.back();
    stack_.pop_back();
    return value;
  }
  // Pops `count` values, returning them in stack order (deepest first).
  std::vector<llvm::Value*> pop_values(size_t count);
  llvm::Value* to_bool(llvm::Value* i32) { return builder_.CreateICmpNE(i32, builder_.getInt32(0)); }
  llvm::Value* from_bool(llvm::Value* i1) { return builder_.CreateZExt(i1, builder_.getInt32Ty()); }
  llvm::Value* call_intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Value*> args);

  ModuleCodegen& codegen_;
  const Module& wasm_;
  uint32_t func_index_;
  const FuncType& type_;
  llvm::Function* function_;
  llvm::LLVMContext& context_;
  llvm::BasicBlock* entry_block_;
  llvm::BasicBlock* body_block_;
  llvm::IRBuilder<> entry_builder_;
  llvm::IRBuilder<> builder_;
  VmContextAccess vm_;
  llvm::DISubprogram* offset_scope_;  // null unless CompileOptions::wasm_offsets

  std::vector<llvm::AllocaInst*> locals_;
  std::vector<llvm::Type*> local_types_;
  std::vector<llvm::Value*> stack_;
  std::vector<ControlFrame> frames_;
  bool reachable_ = true;
  uint32_t unreachable_depth_ = 0;  // blocks opened inside unreachable code
  std::array<llvm::BasicBlock*, size_t(TrapKind::Host) + 1> trap_blocks_{};
  uint32_t trap_sites_ = 0;
  uint32_t pending_fuel_ = 0;  // instructions lowered since fuel was last charged
  // The most recent memory load, which a `drop` right after it makes volatile so that its
  // out-of-bounds trap survives optimization.
  llvm::LoadInst* last_load_ = nullptr;
  llvm::Value* last_load_result_ = nullptr;
  // CompileOptions::trap_unused_loads: the bits of every loaded value are or-ed into a sink (a
  // local that becomes SSA: i64 for scalars, <2 x i64> for vectors, so vector code stays vector
  // code), which each return and trap stores, volatile, to load_sink_out_ (a module global). After optimization,
  // finish_load_sinks (pipeline/load_sink_finisher.h) replaces it with what is still needed.
  llvm::AllocaInst* load_sink_ = nullptr;
  llvm::AllocaInst* vector_load_sink_ = nullptr;
  llvm::GlobalVariable* load_sink_out_ = nullptr;
  void create_load_sink();
  void keep_load(llvm::Value* loaded);
  void flush_load_sink(llvm::IRBuilder<>& builder);
};

}  // namespace kiln::codegen
