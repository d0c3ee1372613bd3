// `kiln run --invoke`: command-line arguments read as wasm values of a function's parameter
// types, and results printed the way the text format writes them.
#pragma once

#include <string>
#include <vector>

#include "kiln/value.h"

namespace kiln::cli {

// Reads `text` as a value of `type`: i32/i64 in decimal or 0x hex (signed or not), f32/f64 in
// decimal or hex, `inf` or `nan`. Throws std::invalid_argument saying what is wrong.
Value parse_invoke_value(const std::string& text, ValType type);

// `42`, `-1`, `1.5`, `-inf`, `nan`, `nan:0x200000`, `0x…` (32 hex digits) for a v128, `null` for a null reference.
std::string format_value(const Value& value);

}  // namespace kiln::cli
