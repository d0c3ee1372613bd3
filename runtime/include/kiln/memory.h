// A linear memory as the runtime owns it: the LinearMemory and the abi::MemoryExtent that
// every instance using the memory reads, kept in step as the memory grows.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "kiln/abi.h"
#include "kiln/linear_memory.h"

namespace kiln {

class Memory {
 public:
  // Throws Error(Uninstantiable) when the initial size cannot be had.
  Memory(const MemoryType& type, const MemoryConfig& config);
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  // The type as imports match it: the current size as minimum, the declared maximum.
  MemoryType type() const { return {{pages(), declared_max_}}; }
  uint8_t* data() const { return extent_.base; }
  uint64_t size_bytes() const { return extent_.size; }
  uint64_t pages() const { return extent_.size / kPageSize; }
  std::span<uint8_t> bytes() const { return {extent_.base, extent_.size}; }
  bool needs_explicit_bounds_checks() const { return memory_->needs_explicit_bounds_checks(); }
  uint64_t guard_bytes() const { return memory_->guard_bytes(); }

  // memory.grow: the old size in pages, or -1 when the memory cannot grow by `delta_pages`.
  int64_t grow(uint64_t delta_pages);

  abi::MemoryExtent* extent() { return &extent_; }

 private:
  std::unique_ptr<LinearMemory> memory_;
  std::optional<uint64_t> declared_max_;
  abi::MemoryExtent extent_;
};

}  // namespace kiln
