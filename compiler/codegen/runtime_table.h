// The runtime function table a compiled module defines (abi.h, kRuntimeTableSymbol) and the
// small stubs through which generated code calls the kiln_rt_* functions.
#pragma once

#include "codegen/module_codegen.h"

namespace kiln::codegen {

// Defines the table (zeroed; loaders fill it), or with `define` false only declares it (another
// partition's object defines it), and gives each of `functions`, declared with internal linkage,
// a body that calls the runtime through its table entry.
void define_runtime_table(llvm::Module& module, const RuntimeFunctions& functions, bool define = true);

// Deletes the stubs no generated code calls (so a module without functions defines none) and
// nulls their pointers; for after code generation.
void remove_unused_runtime_stubs(RuntimeFunctions& functions);

}  // namespace kiln::codegen
