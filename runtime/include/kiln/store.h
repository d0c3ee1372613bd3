// The store: owns instances, memories, tables, globals and host functions, which live until it
// is destroyed. One thread at a time may use a store and everything in it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "kiln/compiled_module.h"
#include "kiln/engine.h"
#include "kiln/func.h"
#include "kiln/global.h"
#include "kiln/host_function.h"
#include "kiln/instance.h"
#include "kiln/memory.h"
#include "kiln/table.h"

namespace kiln {

class Store {
 public:
  explicit Store(Engine& engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Engine& engine() const { return engine_; }

  Memory& create_memory(const MemoryType& type);
  Table& create_table(const TableType& type, void* init = nullptr);
  Global& create_global(const GlobalType& type, const Value& value);
  Func create_func(FuncType type, DynamicHostCallback callback);
  // A typed host function; its wasm type follows from the callable's signature.
  template <class F>
  Func create_func(F callable) {
    uint32_t type_id = engine_.types().intern(host_func_type<F>());
    return adopt(std::make_unique<TypedHostFunc<F>>(type_id, std::move(callable)));
  }

  // Instantiates `module` with `imports` given in the order of its imports. Throws
  // Error(Unlinkable) when an import does not match, Error(Uninstantiable) when a segment does
  // not fit, the start function traps, or a memory lacks the guard region the code relies on
  // (CompiledCode::bounds_checks). A failed instance stays in the store: what it wrote
  // to imported tables and memories before failing may still refer to it.
  Instance& instantiate(const CompiledModule& module, std::span<const Extern> imports);

  // Asks the wasm code running in this store to stop: it traps with TrapKind::Interrupted at its
  // next check (a function entry or a loop iteration) — also when it is in a host call now and
  // returns to wasm later, and when nothing runs yet (then the next call traps). That trap
  // consumes the request. Only code compiled with CompileOptions::interruptible checks.
  // The one member that another thread may call while the store is in use.
  void interrupt();

  // Fuel: code compiled with CompileOptions::consume_fuel spends one unit per wasm instruction
  // it runs (charged per run of straight-line code, so the same on every run and opt level) and
  // traps with TrapKind::OutOfFuel when the store has too little left. Starts at 0.
  void set_fuel(uint64_t fuel);
  uint64_t fuel() const { return fuel_ > 0 ? static_cast<uint64_t>(fuel_) : 0; }

 private:
  friend bool detail::enter_wasm(Store&, abi::EntryTrampoline, const void*, abi::VMContext*, abi::ValueSlot*);
  friend Trap detail::entry_trap(Store&);
  friend void detail::prepare_entry(Store&);
  friend const uintptr_t* detail::stack_key_of(Store&);
  Func adopt(std::unique_ptr<HostFunc> function);

  Engine& engine_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::vector<std::unique_ptr<Memory>> memories_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<std::unique_ptr<Global>> globals_;
  std::vector<std::unique_ptr<HostFunc>> host_functions_;
  uintptr_t stack_limit_ = 0;  // what every instance's VMContext holds
  // The stack key (detail::EntryThread) of the thread stack_limit_ was computed for; no
  // thread's key is all ones, so the first entry computes it.
  uintptr_t entry_stack_key_ = UINTPTR_MAX;
  // Non-zero: interrupt. Every instance's VMContext points here; accessed only atomically.
  alignas(4) uint32_t interrupt_flag_ = 0;
  int64_t fuel_ = 0;  // every instance's VMContext points here; negative once a trap spent it
};

}  // namespace kiln
