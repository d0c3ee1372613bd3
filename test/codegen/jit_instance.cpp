// The hand-made instance of jit_instance.h.
#include "jit_instance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "kiln/jit.h"
#include "kiln/text.h"
#include "kiln/validator.h"
#include "trap_handler.h"

namespace kiln::test {
namespace {

// Gives the trap handler's entry a C signature: one argument that carries the whole call.
struct EntryCall {
  abi::EntryTrampoline entry;
  const void* code;
  abi::VMContext* vmctx;
  abi::ValueSlot* slots;
};

void run_entry(void* argument) {
  auto* call = static_cast<EntryCall*>(argument);
  call->entry(call->code, call->vmctx, call->slots);
}

uint64_t const_value(const ConstExpr& expr) {
  const ConstInstr& instr = expr.instrs.at(0);
  if (instr.op == ConstInstr::Op::GlobalGet || instr.op == ConstInstr::Op::RefFunc ||
      instr.op == ConstInstr::Op::RefNull) {
    throw std::invalid_argument("test instances support only numeric constant initializers");
  }
  return instr.bits;
}

}  // namespace

JitInstance::JitInstance(std::string_view wat, unsigned opt_level, std::vector<HostCallback> hosts)
    : module_(parse_wat(wat)) {
  validate_module(module_);
  code_ = jit_compile(module_, CompileOptions{opt_level});
  for (HostCallback& callback : hosts) {
    auto host = std::make_unique<Host>();
    host->call = [](abi::HostFunction* self, abi::ValueSlot* slots) { static_cast<Host*>(self)->callback(slots); };
    host->callback = std::move(callback);
    hosts_.push_back(std::move(host));
  }
  set_up_memory();
  set_up_globals();
  set_up_functions();
  set_up_table();
}

JitInstance::~JitInstance() = default;

void JitInstance::set_up_memory() {
  if (module_.memories.empty()) return;
  memory_ = LinearMemory::create(module_.memories[0]);
  memory_extent_ = {memory_->base(), memory_->size_bytes()};
  vmctx_.memory0_base = memory_->base();
  vmctx_.memory0 = &memory_extent_;
  for (const DataSegment& segment : module_.data) {
    if (segment.mode != SegmentMode::Active) continue;
    std::memcpy(memory_->base() + uint32_t(const_value(segment.offset)), segment.bytes.data(), segment.bytes.size());
  }
}

void JitInstance::set_up_globals() {
  global_cells_.resize(module_.globals.size());
  for (size_t i = 0; i < module_.global_inits.size(); ++i) {
    uint64_t bits = const_value(module_.global_inits[i]);
    std::memcpy(global_cells_[module_.num_imported_globals + i].bytes, &bits, sizeof bits);
  }
  for (abi::GlobalCell& cell : global_cells_) global_pointers_.push_back(&cell);
  vmctx_.globals = global_pointers_.data();
}

void JitInstance::set_up_functions() {
  // Equal types get equal ids, as the runtime's registry would give them.
  for (const FuncType& type : module_.types) {
    auto first = std::find(module_.types.begin(), module_.types.end(), type);
    type_ids_.push_back(uint32_t(first - module_.types.begin()));
  }
  vmctx_.type_ids = type_ids_.data();
  if (hosts_.size() != module_.num_imported_functions) throw std::invalid_argument("one host per function import");
  for (uint32_t i = 0; i < module_.num_imported_functions; ++i) {
    imported_functions_.push_back(
        {code_->host_thunks[module_.functions[i]], reinterpret_cast<abi::VMContext*>(hosts_[i].get())});
  }
  vmctx_.imported_functions = imported_functions_.data();
  for (uint32_t index = 0; index < module_.functions.size(); ++index) {
    uint32_t type_id = type_ids_[module_.functions[index]];
    if (index < module_.num_imported_functions) {
      func_refs_.push_back({imported_functions_[index].code, imported_functions_[index].vmctx, type_id, 0});
    } else {
      func_refs_.push_back({code_->functions[index - module_.num_imported_functions], &vmctx_, type_id, 0});
    }
  }
  vmctx_.func_refs = func_refs_.data();
}

void JitInstance::set_up_table() {
  if (module_.tables.empty()) return;
  table_elements_.assign(module_.tables[0].limits.min, nullptr);
  for (const ElemSegment& segment : module_.elements) {
    if (segment.mode != SegmentMode::Active) continue;
    uint32_t offset = uint32_t(const_value(segment.offset));
    for (size_t i = 0; i < segment.items.size(); ++i) {
      const ConstInstr& item = segment.items[i].instrs.at(0);
      table_elements_.at(offset + i) = item.op == ConstInstr::Op::RefFunc ? &func_refs_[item.index] : nullptr;
    }
  }
  table_extent_ = {table_elements_.data(), table_elements_.size()};
  table_pointer_ = &table_extent_;
  vmctx_.tables = &table_pointer_;
}

CallOutcome JitInstance::call(std::string_view export_name, std::vector<uint64_t> args) {
  auto exported = std::find_if(module_.exports.begin(), module_.exports.end(),
                               [&](const Export& e) { return e.kind == ExternKind::Func && e.name == export_name; });
  if (exported == module_.exports.end()) throw std::invalid_argument("no such export");
  uint32_t type_index = module_.functions[exported->index];
  const FuncType& type = module_.types[type_index];
  std::vector<abi::ValueSlot> slots(std::max({type.params.size(), type.results.size(), size_t{1}}));
  for (size_t i = 0; i < args.size(); ++i) std::memcpy(slots[i].bytes, &args[i], sizeof args[i]);

  // Deep enough for the tests, far from the real end of the stack.
  char marker;
  vmctx_.stack_limit = reinterpret_cast<uintptr_t>(&marker) - (uintptr_t{1} << 20);
  EntryCall entry_call{code_->entries[type_index],
                       exported->index < module_.num_imported_functions
                           ? imported_functions_[exported->index].code
                           : code_->functions[exported->index - module_.num_imported_functions],
                       &vmctx_, slots.data()};
  CallOutcome outcome;
  outcome.trap = call_with_trap_handling(run_entry, &entry_call);
  if (!outcome.trap) {
    for (size_t i = 0; i < type.results.size(); ++i) {
      uint64_t bits = 0;
      size_t size = (type.results[i] == ValType::I32 || type.results[i] == ValType::F32) ? 4 : 8;
      std::memcpy(&bits, slots[i].bytes, size);
      outcome.results.push_back(bits);
    }
  }
  return outcome;
}

uint64_t JitInstance::result(std::string_view export_name, std::vector<uint64_t> args) {
  CallOutcome outcome = call(export_name, std::move(args));
  EXPECT_FALSE(outcome.trap.has_value()) << export_name << " trapped: " << trap_message(*outcome.trap);
  EXPECT_EQ(outcome.results.size(), 1u) << export_name;
  return outcome.results.empty() ? 0 : outcome.results[0];
}

std::optional<TrapKind> JitInstance::trap(std::string_view export_name, std::vector<uint64_t> args) {
  return call(export_name, std::move(args)).trap;
}

}  // namespace kiln::test
