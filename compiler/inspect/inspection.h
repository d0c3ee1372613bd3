// What `kiln ir` and `kiln asm` share: compiling a module as the JIT would, but with wasm byte
// offsets recorded and the LLVM objects kept for printing, and the functions a user chose.
#pragma once

#include <memory>
#include <string>
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

// Generates the module's IR with offsets and, when `optimize`, runs the pipeline of the options'
// opt_level (the options' trap_unused_loads applies too).
InspectedModule compile_for_inspection(const Module& module, const InspectOptions& options, bool optimize);

// The defined functions `options` selects, in index order: all of them when it names none.
// Throws std::invalid_argument for an index that is not a defined function.
std::vector<uint32_t> shown_functions(const Module& module, const InspectOptions& options);

// One line of a function's listing and the wasm byte offsets it came from: its own instruction's
// first, then, for code inlined from another function, the calls it was inlined through (the
// outermost, an instruction of the listed function, last). Empty when none is known.
struct ListingLine {
  std::string text;
  std::vector<uint32_t> offsets;
};
using Listing = std::vector<ListingLine>;

// The IR of each shown function (as print_ir prints it, from `define` to `}`), in shown order.
std::vector<Listing> function_ir(const Module& module, const InspectOptions& options);

// The native code of each shown function, one instruction a line ("address:  instruction"), in
// shown order. Compiles the module with the same pipeline as function_ir.
std::vector<Listing> function_native_code(const Module& module, const InspectOptions& options);

}  // namespace kiln::inspect
