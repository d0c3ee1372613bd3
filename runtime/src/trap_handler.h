// Delivering traps to the host call that entered WebAssembly. Entering costs a sigsetjmp
// without a signal-mask save (no system call). Faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL) whose
// program counter lies in registered compiled code, and traps raised by runtime functions that
// compiled code calls, jump back to the innermost entry. Every other fault goes on to the
// handler that was installed before kiln's.
#pragma once

#include <cstddef>
#include <optional>

#include "kiln/trap.h"

namespace kiln {

// Calls `entry(argument)` — host code that calls compiled code — and returns the trap that
// ended it, or nullopt when it returned normally. Entries nest (host → wasm → host → wasm);
// each thread has its own chain. `entry` must not leave C++ objects with destructors on the
// stack between itself and the compiled code, since a trap jumps over those frames.
std::optional<TrapKind> call_with_trap_handling(void (*entry)(void*), void* argument);

// Ends the innermost call_with_trap_handling with `kind`. Only for code that runs inside one
// (runtime functions called from compiled code); it does not return.
[[noreturn]] void raise_trap(TrapKind kind);

// True while this thread is inside call_with_trap_handling.
bool in_trap_handling_scope();

// Compiled code lives in registered ranges; a fault is a trap only when its program counter is
// in one. Safe to call from any thread; the signal handler reads the ranges without locks.
void register_code_range(const void* begin, size_t size);
void unregister_code_range(const void* begin);

}  // namespace kiln
