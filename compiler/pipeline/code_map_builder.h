// Reads a compiled module's CodeMap out of its object file before linking: function sizes from
// the symbol table, wasm offsets from the DWARF line table (whose lines are wasm byte offsets).
#pragma once

#include <llvm/Object/ObjectFile.h>

#include "kiln/code_map.h"
#include "kiln/module.h"

namespace kiln {

// One entry per defined function of `module`; functions the object lacks get an empty entry.
// Without a line table (CompileOptions::wasm_offsets off) the entries have sizes only.
CodeMap build_code_map(const llvm::object::ObjectFile& object, const Module& module);
// The same for an object file's bytes; throws kiln::Error when they are not an object file.
CodeMap build_code_map(const llvm::MemoryBuffer& object, const Module& module);

}  // namespace kiln
