// Instantiation in the spec's order: imports checked, entities allocated (memories checked against
// what the code's bounds checking relies on), the VMContext built, constant expressions evaluated,
// active element then data segments applied (a segment out of bounds fails the instantiation,
// keeping earlier writes), segments dropped, start run.
#include <cstring>
#include <string>

#include "host_call.h"
#include "import_matching.h"
#include "instance_state.h"
#include "kiln/error.h"
#include "kiln/store.h"
#include "segment_ops.h"

namespace kiln {
namespace {

using detail::InstanceState;

abi::ValueSlot evaluate(const InstanceState& state, const ConstExpr& expr) {
  if (expr.instrs.size() != 1) throw Error(ErrorKind::Uninstantiable, "unsupported constant expression", expr.offset);
  const ConstInstr& instr = expr.instrs[0];
  abi::ValueSlot slot{};
  switch (instr.op) {
    case ConstInstr::Op::I32Const:
    case ConstInstr::Op::F32Const: store_slot(slot, static_cast<uint32_t>(instr.bits)); break;
    case ConstInstr::Op::I64Const:
    case ConstInstr::Op::F64Const: store_slot(slot, instr.bits); break;
    case ConstInstr::Op::V128Const: store_slot(slot, instr.v128); break;
    case ConstInstr::Op::GlobalGet:
      std::memcpy(slot.bytes, state.global_cells[instr.index]->bytes, sizeof slot.bytes);
      break;
    case ConstInstr::Op::RefNull: break;
    case ConstInstr::Op::RefFunc:
      store_slot(slot, static_cast<const abi::FuncRef*>(&state.func_refs[instr.index]));
      break;
    case ConstInstr::Op::Other: throw Error(ErrorKind::Uninstantiable, "constant expression required", expr.offset);
  }
  return slot;
}

void import_function(InstanceState& state, uint32_t index, const Func& function) {
  uint32_t type_index = state.module().functions[index];
  uint32_t type_id = state.type_ids[type_index];
  if (HostFunc* host = function.host()) {
    // A host function re-exported by another instance is imported as the host function itself.
    const std::vector<const void*>& thunks = state.compiled.code().host_thunks;
    const void* thunk = type_index < thunks.size() ? thunks[type_index] : nullptr;
    detail::ImportedHostFunction& record = state.host_records[index];
    record.call = detail::call_imported_host;
    record.native = host->native();
    record.target = host;
    record.store = &state.store;
    record.caller = state.self;
    auto* vmctx = reinterpret_cast<abi::VMContext*>(static_cast<abi::HostFunction*>(&record));
    state.imported_functions[index] = {thunk, vmctx};
    state.imported_hosts[index] = host;
    state.func_refs[index] = {thunk, vmctx, type_id, 0};
  } else {
    const abi::FuncRef& ref = *function.ref();
    state.imported_functions[index] = {ref.code, ref.vmctx};
    state.func_refs[index] = ref;
  }
}

void resolve_imports(InstanceState& state, std::span<const Extern> imports) {
  const Module& module = state.module();
  for (size_t i = 0; i < imports.size(); ++i) {
    uint32_t index = module.imports[i].index;
    switch (module.imports[i].kind) {
      case ExternKind::Func: import_function(state, index, imports[i].func); break;
      case ExternKind::Table: state.tables[index] = imports[i].table; break;
      case ExternKind::Memory: state.memories[index] = imports[i].memory; break;
      case ExternKind::Global: state.globals[index] = imports[i].global; break;
    }
  }
}

// Refuses memories that code compiled for guard regions cannot safely access: an access out of
// bounds could reach past such a memory's reservation instead of faulting.
void require_safe_memories(const InstanceState& state) {
  const CompiledCode& code = state.compiled.code();
  if (code.bounds_checks == BoundsChecks::Explicit) return;
  for (size_t i = 0; i < state.memories.size(); ++i) {
    const Memory& memory = *state.memories[i];
    std::string which = "memory " + std::to_string(i);
    if (memory.needs_explicit_bounds_checks()) {
      throw Error(ErrorKind::Uninstantiable,
                  which +
                      " needs explicit bounds checks (the engine asks for them, or the address space had no room "
                      "left for a 4 GiB reservation and its guard region), but the module was compiled for guard "
                      "regions; compile it with explicit bounds checks");
    }
    if (memory.guard_bytes() < code.guard_bytes) {
      throw Error(ErrorKind::Uninstantiable, which + " has a guard region of " + std::to_string(memory.guard_bytes()) +
                                                 " bytes, but the module was compiled for one of " +
                                                 std::to_string(code.guard_bytes) + " bytes");
    }
  }
}

// Points the VMContext at the instance's arrays, which are not resized after this.
void build_vmctx(InstanceState& state, uintptr_t stack_limit, const uint32_t* interrupt, int64_t* fuel) {
  for (Memory* memory : state.memories) state.memory_extents.push_back(memory->extent());
  for (Table* table : state.tables) state.table_extents.push_back(table->extent());
  abi::VMContext& vmctx = state.vmctx;
  if (!state.memories.empty()) {
    vmctx.memory0_base = state.memories[0]->data();
    vmctx.memory0 = state.memory_extents[0];
  }
  vmctx.stack_limit = stack_limit;
  vmctx.interrupt = interrupt;
  vmctx.fuel = fuel;
  vmctx.memories = state.memory_extents.data();
  vmctx.tables = state.table_extents.data();
  vmctx.imported_functions = state.imported_functions.data();
  vmctx.func_refs = state.func_refs.data();
  vmctx.type_ids = state.type_ids.data();
  vmctx.function_code = state.compiled.code().functions.data();
  vmctx.runtime_instance = &state;
}

// Runs the active element and data segments and drops them (and the declarative ones).
void apply_segments(InstanceState& state) {
  const Module& module = state.module();
  for (uint32_t i = 0; i < module.elements.size(); ++i) {
    const ElemSegment& segment = module.elements[i];
    if (segment.mode == SegmentMode::Active) {
      uint64_t offset = load_slot<uint32_t>(evaluate(state, segment.offset));
      if (!detail::init_table(state, segment.table, i, offset, 0, state.elements[i].size()))
        throw TrapError(Trap(TrapKind::TableOutOfBounds, trap_message(TrapKind::TableOutOfBounds)));
    }
    if (segment.mode != SegmentMode::Passive) state.elements[i].clear();
  }
  for (uint32_t i = 0; i < module.data.size(); ++i) {
    const DataSegment& segment = module.data[i];
    if (segment.mode != SegmentMode::Active) continue;
    uint64_t offset = load_slot<uint32_t>(evaluate(state, segment.offset));
    if (!detail::init_memory(state, segment.memory, i, offset, 0, segment.bytes.size()))
      throw TrapError(Trap(TrapKind::MemoryOutOfBounds, trap_message(TrapKind::MemoryOutOfBounds)));
    state.data_dropped[i] = true;
  }
}

}  // namespace

Instance& Store::instantiate(const CompiledModule& compiled, std::span<const Extern> imports) {
  const Module& module = compiled.module();
  check_imports(engine_.types(), module, imports);

  instances_.push_back(std::unique_ptr<Instance>(new Instance(std::make_unique<InstanceState>(*this, compiled))));
  Instance& instance = *instances_.back();
  InstanceState& state = instance.state();
  for (const FuncType& type : module.types) state.type_ids.push_back(engine_.types().intern(type));
  state.memories.resize(module.memories.size());
  state.tables.resize(module.tables.size());
  state.globals.resize(module.globals.size());
  state.imported_functions.resize(module.num_imported_functions);
  state.imported_hosts.resize(module.num_imported_functions);
  state.host_records = std::make_unique<detail::ImportedHostFunction[]>(module.num_imported_functions);
  state.func_refs.resize(module.functions.size());
  resolve_imports(state, imports);

  for (uint32_t i = module.num_imported_tables; i < module.tables.size(); ++i)
    state.tables[i] = &create_table(module.tables[i]);
  for (uint32_t i = module.num_imported_memories; i < module.memories.size(); ++i)
    state.memories[i] = &create_memory(module.memories[i]);
  require_safe_memories(state);
  const CompiledCode& code = compiled.code();
  for (uint32_t i = module.num_imported_functions; i < module.functions.size(); ++i) {
    state.func_refs[i] = {code.functions[i - module.num_imported_functions], &state.vmctx,
                          state.type_ids[module.functions[i]], 0};
  }
  build_vmctx(state, stack_limit_, &interrupt_flag_, &fuel_);
  // Defined globals see the imported ones (and, with extended constants, earlier defined ones).
  for (uint32_t i = 0; i < module.globals.size(); ++i) {
    if (i >= module.num_imported_globals) {
      const GlobalType& type = module.globals[i];
      state.globals[i] =
          &create_global(type, Value(type.type, evaluate(state, module.global_inits[i - module.num_imported_globals])));
    }
    state.global_cells.push_back(state.globals[i]->cell());
  }
  state.vmctx.globals = state.global_cells.data();

  for (const ElemSegment& segment : module.elements) {
    std::vector<void*>& items = state.elements.emplace_back();
    items.reserve(segment.items.size());
    for (const ConstExpr& item : segment.items) items.push_back(load_slot<void*>(evaluate(state, item)));
  }
  state.data_dropped.assign(module.data.size(), false);
  apply_segments(state);

  if (module.start) {
    Result<std::vector<Value>> result = instance.function_at(*module.start).call(std::span<const Value>());
    if (!result) throw TrapError(result.trap());
  }
  return instance;
}

}  // namespace kiln
