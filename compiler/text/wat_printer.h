// Function bodies as WebAssembly text, one instruction a line in the flat (unfolded) style, each
// line tagged with the module byte offset of its instruction: for `kiln explore` to set beside
// the IR and native code, whose offsets are the same.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/module.h"

namespace kiln::text {

struct WatLine {
  std::string text;     // indented by two spaces a nesting level
  uint32_t offset = 0;  // of the instruction's opcode in the module binary; 0 for the header lines
};

// The defined function `func_index` as `(func $name (type N) (param …) (result …)`, its locals,
// its instructions and a closing `)` that stands for the final `end`. Functions are called by
// `$name` when the name section gives one the text format can spell, else by index; all other
// indices are numbers. Throws Error(Malformed) if the body does not decode.
std::vector<WatLine> print_function(const Module& module, uint32_t func_index);

// Float constants as the text format writes them: the shortest decimal that reads back to the
// same bits, `inf`, `nan` or `nan:0x…` (a payload other than the canonical one), with a sign.
std::string format_f32(uint32_t bits);
std::string format_f64(uint64_t bits);

}  // namespace kiln::text
