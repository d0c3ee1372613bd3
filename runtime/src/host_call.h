// How compiled code reaches host functions and how their traps travel back to the entry that
// called into wasm: the trap is parked in thread-local state before the wasm call is ended.
#pragma once

#include "kiln/abi.h"
#include "kiln/trap.h"

namespace kiln::detail {

// abi::HostFunction::call of every ImportedHostFunction.
void call_imported_host(abi::HostFunction* self, abi::ValueSlot* slots);

// The trap a host function raised on this thread (for an entry that ended with TrapKind::Host).
Trap take_host_trap();

}  // namespace kiln::detail
