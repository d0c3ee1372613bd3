// The optimization pipeline: LLVM's new pass manager at -O0..-O3 for a target machine, and
// the emission of the optimized module as a native object file.
#pragma once

#include <memory>

#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>

namespace kiln {

// Runs the standard per-module pipeline for `opt_level` (1..3); level 0 only folds constants.
void optimize_module(llvm::Module& module, llvm::TargetMachine& machine, unsigned opt_level);

// Compiles a module to an object file in memory. Throws kiln::Error when the target cannot.
std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module& module, llvm::TargetMachine& machine);
// The same as assembly text (what `kiln compile --emit=asm` writes).
std::unique_ptr<llvm::MemoryBuffer> emit_assembly(llvm::Module& module, llvm::TargetMachine& machine);

}  // namespace kiln
