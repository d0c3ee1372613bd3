// Module model → binary format.
#pragma once

#include <cstdint>
#include <vector>

#include "kiln/module.h"

namespace kiln {

// Encodes a module as a binary .wasm. decode_module(write_module(m)) equals m.
std::vector<uint8_t> write_module(const Module& module);

}  // namespace kiln
