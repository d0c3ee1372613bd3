// Where compiled code came from: per defined function, the size of its machine code and a sorted
// table from code offsets to wasm byte offsets. Plain data with position-independent offsets, so
// that a JIT builds it from its object and a shared object can carry it as a blob.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kiln {

struct CodeMap {
  // From `code_offset` (bytes from the function's first instruction) on, the code lowers the wasm
  // instruction at `wasm_offset` (module-relative; 0: no wasm instruction, e.g. a prologue).
  struct Location {
    uint32_t code_offset = 0;
    uint32_t wasm_offset = 0;
    // Code inlined from other functions: the offsets of the calls it was inlined through,
    // innermost first (each in the body of the function the next one calls).
    std::vector<uint32_t> inlined_calls;
    bool operator==(const Location&) const = default;
  };
  struct Function {
    uint32_t code_size = 0;
    std::vector<Location> locations;  // sorted by code_offset
    bool operator==(const Function&) const = default;
  };

  std::vector<Function> functions;  // per defined function (index minus the imported ones)

  // The location that covers `code_offset` in defined function `defined`, or null.
  const Location* find(uint32_t defined, uint32_t code_offset) const;
  // The wasm offset of the instruction at `code_offset` in defined function `defined`, or
  // nullopt when the map does not know it.
  std::optional<uint32_t> wasm_offset(uint32_t defined, uint32_t code_offset) const;

  // A self-contained little-endian encoding (see code_map.cpp), and its inverse; deserialize returns nullopt for
  // bytes that are not a complete, consistent map (bounds-checked: any input is safe).
  std::vector<uint8_t> serialize() const;
  static std::optional<CodeMap> deserialize(std::span<const uint8_t> bytes);

  bool operator==(const CodeMap&) const = default;
};

}  // namespace kiln
