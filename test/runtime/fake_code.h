// Stand-in compiled code for runtime tests that must not need the JIT: "wasm functions" are C++
// functions taking (vmctx, slots), so the entry trampoline and host thunk of every type are the
// same two C++ functions, and tests reach imports through the VMContext as compiled code does.
#pragma once

#include <memory>
#include <vector>

#include "kiln/abi.h"
#include "kiln/compiled_module.h"
#include "kiln/module.h"

namespace kiln::test {

using FakeFunction = void (*)(abi::VMContext* vmctx, abi::ValueSlot* slots);

inline void fake_entry(const void* code, abi::VMContext* vmctx, abi::ValueSlot* slots) {
  reinterpret_cast<FakeFunction>(const_cast<void*>(code))(vmctx, slots);
}

inline void fake_host_thunk(abi::VMContext* vmctx, abi::ValueSlot* slots) {
  auto* host = reinterpret_cast<abi::HostFunction*>(vmctx);
  host->call(host, slots);
}

// Calls function `index` of the instance `vmctx` belongs to, as compiled code would.
inline void fake_call(abi::VMContext* vmctx, uint32_t index, abi::ValueSlot* slots) {
  const abi::FuncRef& ref = vmctx->func_refs[index];
  reinterpret_cast<FakeFunction>(const_cast<void*>(ref.code))(ref.vmctx, slots);
}

// `module` with `functions` as the code of its defined functions.
inline CompiledModule fake_compiled(const Module& module, std::vector<FakeFunction> functions = {}) {
  auto code = std::make_shared<CompiledCode>();
  for (FakeFunction function : functions) code->functions.push_back(reinterpret_cast<const void*>(function));
  code->entries.assign(module.types.size(), fake_entry);
  code->host_thunks.assign(module.types.size(), reinterpret_cast<const void*>(&fake_host_thunk));
  code->direct_typed_calls = false;
  return CompiledModule(std::make_shared<Module>(module), std::move(code));
}

inline ConstExpr i32_const(int32_t value) {
  ConstExpr expr;
  ConstInstr instr;
  instr.op = ConstInstr::Op::I32Const;
  instr.bits = static_cast<uint64_t>(static_cast<int64_t>(value));
  expr.instrs.push_back(instr);
  return expr;
}

inline ConstExpr ref_func(uint32_t index) {
  ConstExpr expr;
  ConstInstr instr;
  instr.op = ConstInstr::Op::RefFunc;
  instr.index = index;
  expr.instrs.push_back(instr);
  return expr;
}

inline ConstExpr global_get(uint32_t index) {
  ConstExpr expr;
  ConstInstr instr;
  instr.op = ConstInstr::Op::GlobalGet;
  instr.index = index;
  expr.instrs.push_back(instr);
  return expr;
}

// Adds an import to `module`, with the index it takes in its kind's index space.
inline void add_import(Module& module, std::string from, std::string name, ExternKind kind) {
  uint32_t index = 0;
  switch (kind) {
    case ExternKind::Func: index = module.num_imported_functions++; break;
    case ExternKind::Table: index = module.num_imported_tables++; break;
    case ExternKind::Memory: index = module.num_imported_memories++; break;
    case ExternKind::Global: index = module.num_imported_globals++; break;
  }
  module.imports.push_back({std::move(from), std::move(name), kind, index});
}

}  // namespace kiln::test
