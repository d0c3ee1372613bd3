// What `kiln ir` and `kiln asm` share: compiling a module as the JIT would, but with wasm byte
// offsets recorded and the LLVM objects kept for printing, and the functions a user chose.
#pragma once

#include <memory>
#include <vector>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include "kiln/inspect.h"

namespace kiln::inspect {

struct InspectedModule {
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> ir;
};

// Generates the module's IR with offsets and, when `optimize`, runs the pipeline of `opt_level`.
InspectedModule compile_for_inspection(const Module& module, unsigned opt_level, bool optimize);

// The defined functions `options` selects, in index order: all of them when it names none.
// Throws std::invalid_argument for an index that is not a defined function.
std::vector<uint32_t> shown_functions(const Module& module, const InspectOptions& options);

}  // namespace kiln::inspect
