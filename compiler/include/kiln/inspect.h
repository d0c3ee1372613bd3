// What the compiler makes of a module, for people to read: its LLVM IR (`kiln ir`) and the
// native code of its functions (`kiln asm`), both annotated with wasm byte offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/module.h"

namespace kiln {

struct InspectOptions {
  unsigned opt_level = 2;  // 0..3, as -O0..-O3
  bool optimized = true;   // IR after the pass pipeline, else as code generation made it
  // Defined functions to show, by index in the function index space; empty shows all.
  std::vector<uint32_t> functions;
};

// A function by its name-section name (with or without the text format's `$`) or its index.
std::optional<uint32_t> find_function(const Module& module, std::string_view selector);

// The module's IR as textual LLVM assembly that llvm-as accepts. Defined functions are named by
// their wasm names and every instruction carries its wasm byte offset as a debug location
// (line = offset), repeated in a comment. Throws kiln::Error when LLVM cannot compile the module.
std::string print_ir(const Module& module, const InspectOptions& options);

// The chosen functions' native code, disassembled, under a header naming each function, with
// the wasm byte offset each run of instructions came from.
std::string disassemble(const Module& module, const InspectOptions& options);

}  // namespace kiln
