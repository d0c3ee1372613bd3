// The per-type adapters between C++ and the wasm calling convention (abi.h): entry
// trampolines (C++ → wasm, through ValueSlots) and host thunks (wasm → HostFunction).
#pragma once

#include <cstdint>

#include "codegen/module_codegen.h"

namespace kiln::codegen {

// void kiln_entry_T(const void* code, VMContext* vmctx, ValueSlot* slots)
void generate_entry_trampoline(ModuleCodegen& codegen, uint32_t type_index);
// tailcc R kiln_host_thunk_T(HostFunction* host, params…)
void generate_host_thunk(ModuleCodegen& codegen, uint32_t type_index);

}  // namespace kiln::codegen
