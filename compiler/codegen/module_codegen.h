// Lowers a validated module to one LLVM module: a `tailcc` function per defined function, plus
// an entry trampoline and a host thunk per type (abi.h), and stubs that call the kiln_rt_*
// functions through the module's runtime function table. Holds what every function's lowering shares.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DataLayout.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Triple.h>

#include "kiln/jit.h"
#include "kiln/module.h"

namespace kiln::codegen {

// The runtime functions of abi.h: internal stubs, under their C names, that call through the table.
struct RuntimeFunctions {
  llvm::Function* memory_grow;
  llvm::Function* memory_fill;
  llvm::Function* memory_copy;
  llvm::Function* memory_init;
  llvm::Function* data_drop;
  llvm::Function* table_grow;
  llvm::Function* table_fill;
  llvm::Function* table_copy;
  llvm::Function* table_init;
  llvm::Function* elem_drop;
  llvm::Function* trap;
};

// Linear memory's alias scope. Memory accesses are in it, and loads of instance state (globals,
// table and memory extents) are declared outside it, so that the optimizer may move such loads
// across memory stores (a global read in a loop stays in a register). Stores to instance state
// stay unscoped on purpose: moving one past a memory access that may fault would make a trap
// leave state that wasm says is not yet, or already, written.
struct MemoryAliasScope {
  llvm::MDNode* scope_list;
  void mark_memory_access(llvm::Instruction* access) const;
  void mark_state_load(llvm::LoadInst* load) const;
};

// The share of a module one LLVM module defines when the module is compiled in partitions
// (pipeline/partitioned_compile.h). The other defined functions are only declared, under their
// symbols, so that calls reach them across the partitions' objects.
struct CodegenPart {
  std::vector<uint32_t> functions;  // indices (in the function index space) of the bodies defined here
  // Whether this part also defines what must exist once: the entry trampolines, the host thunks
  // and the runtime function table (which the other parts only declare).
  bool defines_shared = true;
};

// Where a memory access at a constant address stands (ModuleCodegen::constant_access_bounds).
enum class ConstantAccess { InBounds, OutOfBounds, DependsOnSize };

class ModuleCodegen {
 public:
  // Without a part, the LLVM module holds the whole wasm module.
  ModuleCodegen(const Module& wasm, llvm::LLVMContext& context, const llvm::DataLayout& layout,
                const llvm::Triple& triple, const CompileOptions& options, const CodegenPart* part = nullptr);

  // Generates every function and trampoline and hands over the finished module.
  std::unique_ptr<llvm::Module> generate();

  const Module& wasm() const { return wasm_; }
  llvm::LLVMContext& context() { return context_; }
  llvm::Module& module() { return *module_; }
  const RuntimeFunctions& runtime() const { return runtime_; }
  const MemoryAliasScope& memory_scope() const { return memory_scope_; }
  bool interruptible() const { return options_.interruptible; }
  bool consumes_fuel() const { return options_.consume_fuel; }
  // Whether loaded values must be kept alive for their traps (CompileOptions::trap_unused_loads).
  // Always at O0, where it costs little: even there, instruction selection drops an unused load.
  bool keeps_unused_loads() const {
    return (options_.trap_unused_loads || options_.opt_level == 0) && options_.bounds_checks == BoundsChecks::Guard;
  }
  // Whether an access at `static_offset` must compare its end with the memory's size: always
  // with explicit checks. With a guard region, the lowest out-of-bounds byte an access touches
  // is its start (at most 4 GiB - 1 + offset) or the memory's end (at most 4 GiB); while the
  // offset is below the guard size both lie in the reservation, and that byte faults the access.
  bool needs_bounds_check(uint64_t static_offset) const {
    return options_.bounds_checks == BoundsChecks::Explicit || static_offset >= options_.guard_bytes;
  }
  // Where an access ending at byte `end` of memory 0 stands, whatever size the memory has grown to
  // (an imported memory is at least as large as the import's minimum and at most its maximum).
  ConstantAccess constant_access_bounds(uint64_t end) const {
    const Limits& limits = wasm_.memories[0].limits;
    if (end <= limits.min * kPageSize) return ConstantAccess::InBounds;
    if (end > limits.max.value_or(kMaxPages32) * kPageSize) return ConstantAccess::OutOfBounds;
    return ConstantAccess::DependsOnSize;
  }

  llvm::Type* value_type(ValType type);
  // The wasm calling convention's function type for a type index: (vmctx, params…) → results.
  llvm::FunctionType* function_type(uint32_t type_index) { return function_types_[type_index]; }
  // The LLVM type of a list of results: void, the single type, or a struct of them.
  llvm::Type* results_type(std::span<const ValType> results);
  // A defined function by its index in the function index space. Those whose bodies another LLVM
  // module defines are declared on first use: a small part (lazy compilation compiles a group at a
  // time) does not declare every function of a large module.
  llvm::Function* defined_function(uint32_t func_index);
  // Gives a function the attributes of the wasm convention (tailcc, nounwind, vmctx noalias).
  void set_wasm_convention(llvm::Function* function);
  // The debug scope of a defined function, or null when wasm offsets are not recorded.
  llvm::DISubprogram* offset_scope(uint32_t func_index) {
    return defined_functions_[func_index - wasm_.num_imported_functions]->getSubprogram();
  }

 private:
  void declare_runtime_functions();
  void declare_defined_functions();
  void describe_defined_functions();

  const Module& wasm_;
  CompileOptions options_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  RuntimeFunctions runtime_{};
  MemoryAliasScope memory_scope_{};
  std::vector<llvm::FunctionType*> function_types_;
  std::vector<llvm::Function*> defined_functions_;
  std::unique_ptr<llvm::DIBuilder> debug_info_;  // only when recording wasm offsets
  std::vector<uint32_t> bodies_;                 // the functions whose bodies this LLVM module defines
  bool defines_shared_ = true;
};

// Lowers `wasm` (validated), or only `part` of it, to an LLVM module for the given target.
std::unique_ptr<llvm::Module> generate_llvm_module(const Module& wasm, llvm::LLVMContext& context,
                                                   const llvm::DataLayout& layout, const llvm::Triple& triple,
                                                   const CompileOptions& options, const CodegenPart* part = nullptr);

}  // namespace kiln::codegen
