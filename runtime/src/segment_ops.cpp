// Copying element and data segments into tables and memories.
#include "segment_ops.h"

#include <algorithm>
#include <cstring>

#include "kiln/memory.h"
#include "kiln/table.h"

namespace kiln::detail {

bool init_table(InstanceState& instance, uint32_t table, uint32_t elem, uint64_t dst, uint64_t src, uint64_t len) {
  const std::vector<void*>& items = instance.elements[elem];
  Table& target = *instance.tables[table];
  if (!in_bounds(src, len, items.size()) || !in_bounds(dst, len, target.size())) return false;
  std::copy_n(items.begin() + static_cast<ptrdiff_t>(src), len,
              target.elements().begin() + static_cast<ptrdiff_t>(dst));
  return true;
}

bool init_memory(InstanceState& instance, uint32_t memory, uint32_t data, uint64_t dst, uint64_t src, uint64_t len) {
  const std::vector<uint8_t>& bytes = instance.module().data[data].bytes;
  uint64_t available = instance.data_dropped[data] ? 0 : bytes.size();
  Memory& target = *instance.memories[memory];
  if (!in_bounds(src, len, available) || !in_bounds(dst, len, target.size_bytes())) return false;
  if (len != 0) std::memcpy(target.data() + dst, bytes.data() + src, len);
  return true;
}

}  // namespace kiln::detail
