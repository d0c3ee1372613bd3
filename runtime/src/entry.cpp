// Entering compiled code: the stack limit for this thread, the entry stub that catches traps,
// and, only after a trap, the trap that ended the call turned into a Trap value.
#include <algorithm>
#include <atomic>
#include <cstddef>

#include "backtrace.h"
#include "entry_stub.h"
#include "host_call.h"
#include "instance_state.h"
#include "kiln/store.h"
#include "trap_handler.h"

namespace kiln {
namespace detail {

// kiln_wasm_call (entry_stub_x86_64.cpp) reads these at these offsets.
static_assert(offsetof(RegisterCall, code) == 0 && offsetof(RegisterCall, vmctx) == 8);
static_assert(offsetof(EntryThread, entry_sp) == 0 && offsetof(EntryThread, call_trapped) == 16);

void prepare_entry(Store& store) {
  // Without a known stack, compiled code goes unchecked and only the guard page's fault, caught
  // as a trap, stops a runaway recursion.
  ThreadState& thread = prepared_thread_state();
  store.entry_stack_key_ = t_entry_thread.stack_key;
  size_t margin = std::max(store.engine_.config().stack_margin, 2 * abi::kUncheckedLeafStack);
  uintptr_t limit = thread.stack_low == 0 ? 0 : thread.stack_low + margin;
  if (limit == store.stack_limit_) return;
  store.stack_limit_ = limit;
  for (const std::unique_ptr<Instance>& instance : store.instances_) instance->state().vmctx.stack_limit = limit;
}

const uintptr_t* stack_key_of(Store& store) { return &store.entry_stack_key_; }

namespace {

// Apart from enter_wasm, so that its usual path saves no registers and jumps straight to the stub.
[[gnu::noinline]] bool enter_wasm_on_new_thread(Store& store, abi::EntryTrampoline entry, const void* code,
                                                abi::VMContext* vmctx, abi::ValueSlot* slots) {
  prepare_entry(store);
  return kiln_wasm_enter(&t_entry_thread.entry_sp, entry, code, vmctx, slots);
}

}  // namespace

bool enter_wasm(Store& store, abi::EntryTrampoline entry, const void* code, abi::VMContext* vmctx,
                abi::ValueSlot* slots) {
  EntryThread& thread = t_entry_thread;
  // The instances' stack limits are this thread's as long as the last entry was on it.
  if (thread.stack_key != store.entry_stack_key_) [[unlikely]]
    return enter_wasm_on_new_thread(store, entry, code, vmctx, slots);
  return kiln_wasm_enter(&thread.entry_sp, entry, code, vmctx, slots);
}

Trap entry_trap(Store& store) {
  const ThreadState& thread = t_thread_state;
  t_entry_thread.call_trapped = 0;
  // A host function's trap may come from a nested wasm call with frames of its own; the frames
  // of this call lie outside those.
  Trap trap = thread.trap == TrapKind::Host ? take_host_trap() : Trap{thread.trap, trap_message(thread.trap)};
  append_wasm_frames(store.instances_, thread.pcs, trap.backtrace);
  // An interruption ends one run; the next call starts afresh.
  if (trap.kind == TrapKind::Interrupted) std::atomic_ref<uint32_t>(store.interrupt_flag_).store(0);
  return trap;
}

}  // namespace detail
}  // namespace kiln
