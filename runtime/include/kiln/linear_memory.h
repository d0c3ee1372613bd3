// A WebAssembly linear memory. A 32-bit memory reserves its whole 4 GiB address range plus a
// guard region up front and commits pages as it grows, so its base never moves and compiled
// code can leave bounds checks to the hardware. Where the reservation is refused or disabled,
// it reserves only what it may ever grow to, and compiled code checks bounds explicitly.
#pragma once

#include <cstdint>
#include <memory>

#include "kiln/types.h"

namespace kiln {

// A guard region that covers every 32-bit static offset.
inline constexpr uint64_t kDefaultGuardBytes = uint64_t{4} << 30;

struct MemoryConfig {
  // Bytes of inaccessible address space after the 4 GiB range. Accesses whose static offset
  // is below this need no explicit check. The default covers every 32-bit offset.
  uint64_t guard_bytes = kDefaultGuardBytes;
  // A cap on the pages any memory may grow to, below the declared maximum (0 = none).
  uint64_t max_pages_cap = 0;
  // Reserve only the reachable size and let compiled code check bounds explicitly. Code for
  // such memories must be compiled with explicit bounds checks (CompileOptions::bounds_checks).
  bool explicit_bounds_checks = false;
};

class LinearMemory {
 public:
  // Reserves and commits the initial pages. Throws kiln::Error(Uninstantiable) if the
  // initial size exceeds the cap or the address space cannot be reserved.
  static std::unique_ptr<LinearMemory> create(const MemoryType& type, const MemoryConfig& config = {});
  ~LinearMemory();
  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;

  uint8_t* base() const { return base_; }
  uint64_t size_bytes() const { return pages_ * kPageSize; }
  uint64_t pages() const { return pages_; }
  // The pages this memory may grow to: the declared maximum, the cap and 4 GiB, whichever is least.
  uint64_t max_pages() const { return max_pages_; }
  // True when compiled code must check bounds itself (no guard region behind the memory).
  bool needs_explicit_bounds_checks() const { return explicit_checks_; }
  uint64_t guard_bytes() const { return explicit_checks_ ? 0 : reserved_ - kMaxPages32 * kPageSize; }

  // memory.grow: returns the old size in pages, or -1 when the memory cannot grow by `delta`
  // pages (past its maximum, or the system refused). Never throws.
  int64_t grow(uint64_t delta);

 private:
  LinearMemory(uint8_t* base, uint64_t reserved, uint64_t max_pages, bool explicit_checks)
      : base_(base), reserved_(reserved), max_pages_(max_pages), explicit_checks_(explicit_checks) {}

  uint8_t* base_;
  uint64_t reserved_;  // bytes of address space mapped at base_
  uint64_t pages_ = 0;
  uint64_t max_pages_;
  bool explicit_checks_;
};

}  // namespace kiln
