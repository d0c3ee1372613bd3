// Delivering traps to the host call that entered WebAssembly. Entering costs a few stores (the
// entry stub of entry_stub.h keeps the host's registers in its frame; no sigsetjmp, no system
// call). Faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL) whose program counter lies in registered
// compiled code, and traps raised by runtime functions that compiled code calls, resume the
// innermost entry. Every other fault goes on to the handler that was installed before kiln's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "kiln/func.h"
#include "kiln/trap.h"

namespace kiln {

// Calls `entry(argument)` — host code that calls compiled code — and returns the trap that
// ended it, or nullopt when it returned normally. Entries nest (host → wasm → host → wasm);
// each thread has its own chain. `entry` must not leave C++ objects with destructors on the
// stack between itself and the compiled code, since a trap jumps over those frames.
// (Calls of wasm functions go through the stub directly: see detail::enter_wasm.)
std::optional<TrapKind> call_with_trap_handling(void (*entry)(void*), void* argument);

// Ends the innermost call_with_trap_handling with `kind`. Only for code that runs inside one
// (runtime functions called from compiled code); it does not return.
[[noreturn]] void raise_trap(TrapKind kind);

// Like raise_trap, for a runtime function that compiled code called: `return_address` and `frame`
// (its own __builtin_return_address(0) and __builtin_frame_address(0)) lead back to the wasm
// frames, which the trap's backtrace records. Use KILN_TRAP_FROM_WASM.
[[noreturn]] void raise_trap_from_wasm(TrapKind kind, const void* return_address, const void* frame);

// Must expand in the function compiled code called, not in a helper: the builtins describe the
// function they appear in.
#define KILN_TRAP_FROM_WASM(kind) \
  ::kiln::raise_trap_from_wasm((kind), __builtin_return_address(0), __builtin_frame_address(0))

// The program counters of the compiled-code frames the last trap on this thread ended, innermost
// first: collected (async-signal-safely) by walking frame pointers, symbolized later by the caller.
struct TrapPcs {
  static constexpr uint32_t kMaxFrames = 64;
  uintptr_t pcs[kMaxFrames] = {};
  uint32_t count = 0;
  // pcs[0] is the faulting instruction itself; every other entry is a return address, which
  // points just after its call.
  bool first_is_fault = false;
};
// Valid right after call_with_trap_handling returned a trap, until the next trap on this thread.
const TrapPcs& last_trap_pcs();

// The rest of a thread's state, beside detail::t_entry_thread (func.h). Plain data,
// constant-initialized like it: the signal handler reaches both with thread-pointer-relative
// accesses (initial-exec TLS: no __tls_get_addr call, no lazy initialization, nothing to
// destroy), which is also what makes them async-signal-safe.
struct ThreadState {
  TrapKind trap = TrapKind::Unreachable;  // what ended the last entry that trapped
  TrapPcs pcs;
  uintptr_t stack_low = 0;   // lowest usable address of this thread's stack
  uintptr_t stack_high = 0;  // just past its highest
};
extern constinit thread_local ThreadState t_thread_state __attribute__((tls_model("initial-exec")));

// This thread's state, prepared (once per thread: detail::t_entry_thread.stack_key set) for
// entering wasm.
ThreadState& prepared_thread_state();

// True while this thread is inside an entry into compiled code.
bool in_trap_handling_scope();

// The lowest address of this thread's stack, or 0 when it cannot be known.
uintptr_t thread_stack_low();

// Compiled code lives in registered ranges; a fault is a trap only when its program counter is
// in one. Safe to call from any thread; the signal handler reads the ranges without locks.
void register_code_range(const void* begin, size_t size);
void unregister_code_range(const void* begin);

}  // namespace kiln
