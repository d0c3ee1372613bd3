// Linear memory on mmap: reserve with PROT_NONE, commit by mprotect as the memory grows.
#include "kiln/linear_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <string>

#include "kiln/error.h"

namespace kiln {
namespace {

uint8_t* reserve(uint64_t bytes) {
  if (bytes == 0) bytes = kPageSize;  // keep a distinct, valid base for an empty memory
  void* address = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return address == MAP_FAILED ? nullptr : static_cast<uint8_t*>(address);
}

}  // namespace

std::unique_ptr<LinearMemory> LinearMemory::create(const MemoryType& type, const MemoryConfig& config) {
  uint64_t max_pages = std::min(type.limits.max.value_or(kMaxPages32), kMaxPages32);
  if (config.max_pages_cap != 0) max_pages = std::min(max_pages, config.max_pages_cap);
  if (type.limits.min > max_pages)
    throw Error(ErrorKind::Uninstantiable, "memory of " + std::to_string(type.limits.min) +
                                               " pages exceeds the limit of " + std::to_string(max_pages) + " pages");

  bool explicit_checks = config.explicit_bounds_checks;
  uint64_t reserved = 0;
  uint8_t* base = nullptr;
  if (!explicit_checks) {
    reserved = kMaxPages32 * kPageSize + config.guard_bytes;
    base = reserve(reserved);
    // An address space too small for the full reservation (a ulimit, a 47-bit space full of
    // other memories) falls back to explicit checks rather than failing.
    if (!base) explicit_checks = true;
  }
  if (explicit_checks) {
    reserved = max_pages * kPageSize;
    base = reserve(reserved);
    if (!base) throw Error(ErrorKind::Uninstantiable, "cannot reserve address space for a linear memory");
  }
  std::unique_ptr<LinearMemory> memory(
      new LinearMemory(base, std::max<uint64_t>(reserved, kPageSize), max_pages, explicit_checks));
  if (memory->grow(type.limits.min) < 0)
    throw Error(ErrorKind::Uninstantiable, "cannot commit " + std::to_string(type.limits.min) + " pages of memory");
  return memory;
}

LinearMemory::~LinearMemory() { munmap(base_, reserved_); }

int64_t LinearMemory::grow(uint64_t delta) {
  uint64_t old_pages = pages_;
  if (delta > max_pages_ - old_pages) return -1;
  if (delta == 0) return static_cast<int64_t>(old_pages);
  // Fresh anonymous pages read as zero, as the spec requires of grown memory.
  if (mprotect(base_ + old_pages * kPageSize, delta * kPageSize, PROT_READ | PROT_WRITE) != 0) return -1;
  pages_ = old_pages + delta;
  return static_cast<int64_t>(old_pages);
}

}  // namespace kiln
