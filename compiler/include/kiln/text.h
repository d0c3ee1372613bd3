// The text format (WAT) → module model.
#pragma once

#include <string_view>

#include "kiln/module.h"

namespace kiln {

// Parses a `.wat` source: one `(module …)` or the bare module fields. Throws Error(Malformed)
// with line:column on a syntax error. The result is not yet validated.
Module parse_wat(std::string_view source);

}  // namespace kiln
