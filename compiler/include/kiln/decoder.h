// Binary format → module model.
#pragma once

#include <cstdint>
#include <span>

#include "kiln/module.h"

namespace kiln {

// Decodes a binary module. Throws Error(Malformed) with the byte offset when the bytes are
// not a well-formed WebAssembly 2.0 module. The result is not yet validated.
Module decode_module(std::span<const uint8_t> bytes);

}  // namespace kiln
