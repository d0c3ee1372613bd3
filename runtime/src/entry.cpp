// Entering compiled code: the stack limit for this thread, trap handling, and the trap that
// ended the call turned into a Trap value.
#include <atomic>

#include "backtrace.h"
#include "host_call.h"
#include "instance_state.h"
#include "kiln/store.h"
#include "trap_handler.h"

namespace kiln {
namespace {

struct EntryFrame {
  abi::EntryTrampoline entry;
  const void* code;
  abi::VMContext* vmctx;
  abi::ValueSlot* slots;
};

void run_entry(void* argument) {
  auto* frame = static_cast<EntryFrame*>(argument);
  frame->entry(frame->code, frame->vmctx, frame->slots);
}

}  // namespace

void Store::prepare_entry() {
  // Without a known stack, compiled code goes unchecked and only the guard page's fault, caught
  // as a trap, stops a runaway recursion.
  uintptr_t low = thread_stack_low();
  uintptr_t limit = low == 0 ? 0 : low + engine_.config().stack_margin;
  if (limit == stack_limit_) return;
  stack_limit_ = limit;
  for (const std::unique_ptr<Instance>& instance : instances_) instance->state().vmctx.stack_limit = limit;
}

namespace detail {

std::optional<Trap> enter_wasm(Store& store, abi::EntryTrampoline entry, const void* code, abi::VMContext* vmctx,
                               abi::ValueSlot* slots) {
  store.prepare_entry();
  EntryFrame frame{entry, code, vmctx, slots};
  std::optional<TrapKind> kind = call_with_trap_handling(run_entry, &frame);
  if (!kind) return std::nullopt;
  // A host function's trap may come from a nested wasm call with frames of its own; the frames
  // of this call lie outside those.
  Trap trap = *kind == TrapKind::Host ? take_host_trap() : Trap{*kind, trap_message(*kind)};
  append_wasm_frames(store.instances_, last_trap_pcs(), trap.backtrace);
  // An interruption ends one run; the next call starts afresh.
  if (trap.kind == TrapKind::Interrupted) std::atomic_ref<uint32_t>(store.interrupt_flag_).store(0);
  return trap;
}

}  // namespace detail
}  // namespace kiln
