// Store: creating the objects it owns.
#include "kiln/store.h"

#include <algorithm>
#include <atomic>

#include "instance_state.h"

namespace kiln {

Store::Store(Engine& engine) : engine_(engine) {}

// Instances go first: they point into the memories, tables, globals and host functions.
Store::~Store() { instances_.clear(); }

Memory& Store::create_memory(const MemoryType& type) {
  return *memories_.emplace_back(std::make_unique<Memory>(type, engine_.config().memory));
}

Table& Store::create_table(const TableType& type, void* init) {
  return *tables_.emplace_back(std::make_unique<Table>(type, init, engine_.config().max_table_elements));
}

Global& Store::create_global(const GlobalType& type, const Value& value) {
  return *globals_.emplace_back(std::make_unique<Global>(type, value));
}

Func Store::create_func(FuncType type, DynamicHostCallback callback) {
  uint32_t type_id = engine_.types().intern(type);
  return adopt(std::make_unique<DynamicHostFunc>(std::move(type), type_id, std::move(callback)));
}

void Store::interrupt() { std::atomic_ref<uint32_t>(interrupt_flag_).store(1, std::memory_order_relaxed); }

void Store::set_fuel(uint64_t fuel) { fuel_ = static_cast<int64_t>(std::min<uint64_t>(fuel, INT64_MAX)); }

Func Store::adopt(std::unique_ptr<HostFunc> function) {
  Func handle;
  handle.store_ = this;
  handle.type_ = &function->type();
  handle.host_ = function.get();
  host_functions_.push_back(std::move(function));
  return handle;
}

}  // namespace kiln
