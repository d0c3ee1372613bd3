// table.init and memory.init, shared by instantiation (active segments) and compiled code
// (the kiln_rt_* functions): each checks bounds first and copies nothing when they fail.
#pragma once

#include <cstdint>

#include "instance_state.h"

namespace kiln::detail {

// False when [src, src+len) exceeds the segment or [dst, dst+len) the table.
bool init_table(InstanceState& instance, uint32_t table, uint32_t elem, uint64_t dst, uint64_t src, uint64_t len);
// False when [src, src+len) exceeds the segment or [dst, dst+len) the memory.
bool init_memory(InstanceState& instance, uint32_t memory, uint32_t data, uint64_t dst, uint64_t src, uint64_t len);

// True when [start, start+len) lies within [0, size).
inline bool in_bounds(uint64_t start, uint64_t len, uint64_t size) { return start <= size && len <= size - start; }

}  // namespace kiln::detail
