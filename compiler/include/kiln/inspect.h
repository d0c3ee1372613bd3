// What the compiler makes of a module, for people to read: its LLVM IR (`kiln ir`), the native
// code of its functions (`kiln asm`), both annotated with wasm byte offsets, and a page that
// links them to the wasm text (`kiln explore`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/module.h"

namespace kiln {

struct InspectOptions {
  unsigned opt_level = 2;         // 0..3, as -O0..-O3
  bool optimized = true;          // IR after the pass pipeline, else as code generation made it
  bool trap_unused_loads = true;  // CompileOptions::trap_unused_loads
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

// `kiln explore`: one self-contained HTML page (inline CSS, script and data, nothing fetched)
// showing each chosen function's wasm text, optimized IR and native code side by side, where
// pointing at a line highlights the lines of the other columns with the same wasm offset.
// `title` (the file's name) heads the page. Throws kiln::Error as print_ir does.
std::string explore_page(const Module& module, const InspectOptions& options, std::string_view title);

}  // namespace kiln
