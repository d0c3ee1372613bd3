// Memory: growth that keeps the shared extent in step.
#include "kiln/memory.h"

namespace kiln {

Memory::Memory(const MemoryType& type, const MemoryConfig& config)
    : memory_(LinearMemory::create(type, config)), declared_max_(type.limits.max) {
  extent_ = {memory_->base(), memory_->size_bytes()};
}

int64_t Memory::grow(uint64_t delta_pages) {
  int64_t old_pages = memory_->grow(delta_pages);
  extent_.size = memory_->size_bytes();
  return old_pages;
}

}  // namespace kiln
