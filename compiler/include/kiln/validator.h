// The WebAssembly 2.0 validation rules.
#pragma once

#include <cstdint>
#include <vector>

#include "kiln/error.h"
#include "kiln/module.h"

namespace kiln {

// Byte offsets of single entities, for errors about one of them (its limits, its type, a duplicate
// export name) that would otherwise point at the whole section. A front end fills in what it
// knows, indexed as in the module's index spaces (imports first); an entity with no entry here is
// reported at its section. The text parser fills all of them (see kiln/text.h).
struct EntityOffsets {
  std::vector<uint64_t> functions;  // of each function's type
  std::vector<uint64_t> tables;     // of each table's limits
  std::vector<uint64_t> memories;   // of each memory's limits
  std::vector<uint64_t> exports;
  uint64_t start = Error::kNoOffset;
};

// Throws Error(Invalid) naming the rule broken and its byte offset; returns when valid.
void validate_module(const Module& module);
void validate_module(const Module& module, const EntityOffsets& offsets);

}  // namespace kiln
