// The kiln_rt_* functions compiled code calls for memory.grow, bulk memory, table operations
// and traps. Indices come from validated code; bounds are checked here, and a failed check
// ends the wasm call with the spec's trap (nothing with a destructor is live at that point).
#include <algorithm>
#include <cstring>

#include "instance_state.h"
#include "kiln/memory.h"
#include "kiln/table.h"
#include "segment_ops.h"
#include "trap_handler.h"

using kiln::TrapKind;
using kiln::abi::VMContext;
using kiln::detail::in_bounds;
using kiln::detail::InstanceState;

namespace {

InstanceState& instance_of(VMContext* vmctx) { return *static_cast<InstanceState*>(vmctx->runtime_instance); }

kiln::Memory& memory_of(VMContext* vmctx, uint32_t memory) { return *instance_of(vmctx).memories[memory]; }

kiln::Table& table_of(VMContext* vmctx, uint32_t table) { return *instance_of(vmctx).tables[table]; }

}  // namespace

extern "C" {

int64_t kiln_rt_memory_grow(VMContext* vmctx, uint32_t memory, uint64_t delta_pages) {
  return memory_of(vmctx, memory).grow(delta_pages);
}

void kiln_rt_memory_fill(VMContext* vmctx, uint32_t memory, uint64_t dst, uint32_t value, uint64_t len) {
  kiln::Memory& target = memory_of(vmctx, memory);
  if (!in_bounds(dst, len, target.size_bytes())) KILN_TRAP_FROM_WASM(TrapKind::MemoryOutOfBounds);
  if (len != 0) std::memset(target.data() + dst, static_cast<uint8_t>(value), len);
}

void kiln_rt_memory_copy(VMContext* vmctx, uint32_t dst_memory, uint32_t src_memory, uint64_t dst, uint64_t src,
                         uint64_t len) {
  kiln::Memory& to = memory_of(vmctx, dst_memory);
  kiln::Memory& from = memory_of(vmctx, src_memory);
  if (!in_bounds(dst, len, to.size_bytes()) || !in_bounds(src, len, from.size_bytes()))
    KILN_TRAP_FROM_WASM(TrapKind::MemoryOutOfBounds);
  if (len != 0) std::memmove(to.data() + dst, from.data() + src, len);
}

void kiln_rt_memory_init(VMContext* vmctx, uint32_t memory, uint32_t data, uint64_t dst, uint64_t src, uint64_t len) {
  if (!kiln::detail::init_memory(instance_of(vmctx), memory, data, dst, src, len))
    KILN_TRAP_FROM_WASM(TrapKind::MemoryOutOfBounds);
}

void kiln_rt_data_drop(VMContext* vmctx, uint32_t data) { instance_of(vmctx).data_dropped[data] = true; }

void* kiln_rt_table_get(VMContext* vmctx, uint32_t table, uint64_t index) {
  kiln::Table& target = table_of(vmctx, table);
  if (index >= target.size()) KILN_TRAP_FROM_WASM(TrapKind::TableOutOfBounds);
  return target.elements()[index];
}

void kiln_rt_table_set(VMContext* vmctx, uint32_t table, uint64_t index, void* value) {
  kiln::Table& target = table_of(vmctx, table);
  if (index >= target.size()) KILN_TRAP_FROM_WASM(TrapKind::TableOutOfBounds);
  target.elements()[index] = value;
}

int64_t kiln_rt_table_grow(VMContext* vmctx, uint32_t table, void* init, uint64_t delta) {
  return table_of(vmctx, table).grow(delta, init);
}

void kiln_rt_table_fill(VMContext* vmctx, uint32_t table, uint64_t dst, void* value, uint64_t len) {
  kiln::Table& target = table_of(vmctx, table);
  if (!in_bounds(dst, len, target.size())) KILN_TRAP_FROM_WASM(TrapKind::TableOutOfBounds);
  std::fill_n(target.elements().begin() + static_cast<ptrdiff_t>(dst), len, value);
}

void kiln_rt_table_copy(VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint64_t dst, uint64_t src,
                        uint64_t len) {
  kiln::Table& to = table_of(vmctx, dst_table);
  kiln::Table& from = table_of(vmctx, src_table);
  if (!in_bounds(dst, len, to.size()) || !in_bounds(src, len, from.size()))
    KILN_TRAP_FROM_WASM(TrapKind::TableOutOfBounds);
  if (len != 0) std::memmove(to.elements().data() + dst, from.elements().data() + src, len * sizeof(void*));
}

void kiln_rt_table_init(VMContext* vmctx, uint32_t table, uint32_t elem, uint64_t dst, uint64_t src, uint64_t len) {
  if (!kiln::detail::init_table(instance_of(vmctx), table, elem, dst, src, len))
    KILN_TRAP_FROM_WASM(TrapKind::TableOutOfBounds);
}

void kiln_rt_elem_drop(VMContext* vmctx, uint32_t elem) {
  std::vector<void*>& items = instance_of(vmctx).elements[elem];
  items.clear();
  items.shrink_to_fit();
}

// The bits above the kind number the trap site (abi.h).
void kiln_rt_trap(VMContext*, uint32_t trap_kind) { KILN_TRAP_FROM_WASM(static_cast<TrapKind>(trap_kind & 0xff)); }

}  // extern "C"
