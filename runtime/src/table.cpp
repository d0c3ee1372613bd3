// Table: creation within the cap, and growth that republishes the extent.
#include "kiln/table.h"

#include <algorithm>
#include <new>
#include <string>

#include "kiln/error.h"

namespace kiln {

Table::Table(const TableType& type, void* init, uint64_t max_elements_cap)
    : element_type_(type.element),
      declared_max_(type.limits.max),
      max_size_(std::min({type.limits.max.value_or(kMaxTableSize), kMaxTableSize, max_elements_cap})) {
  if (type.limits.min > max_size_)
    throw Error(ErrorKind::Uninstantiable, "table of " + std::to_string(type.limits.min) +
                                               " elements exceeds the limit of " + std::to_string(max_size_));
  elements_.assign(type.limits.min, init);
  publish();
}

int64_t Table::grow(uint64_t delta, void* init) {
  uint64_t old_size = size();
  if (delta > max_size_ - old_size) return -1;
  try {
    elements_.resize(old_size + delta, init);
  } catch (const std::bad_alloc&) {
    return -1;
  }
  publish();
  return static_cast<int64_t>(old_size);
}

}  // namespace kiln
