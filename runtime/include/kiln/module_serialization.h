// A compact, versioned byte form of the module model without function bodies' code: what an
// AOT shared object carries so that the runtime can rebuild the Module without a decoder.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kiln/module.h"

namespace kiln {

// Everything instantiation and the embedding API read: types, index spaces, imports, exports,
// global initializers, segments, start, names. Function bodies keep only their byte offsets.
std::vector<uint8_t> serialize_module(const Module& module);

// The inverse. Every read is bounds-checked: bytes that are not a serialized module, or that
// contradict themselves, throw kiln::Error(Malformed) naming the byte offset.
Module deserialize_module(std::span<const uint8_t> bytes);

}  // namespace kiln
