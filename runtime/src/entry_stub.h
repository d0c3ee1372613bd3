// The few instructions of x86-64 assembly that enter compiled code and leave it after a trap:
// the host's callee-saved registers live in the entry's own stack frame, so a trap resumes the
// entry by restoring one stack pointer (instead of a sigsetjmp per call).
#pragma once

#include <cstdint>

#include "kiln/abi.h"

extern "C" {

// Calls entry(code, vmctx, slots) and returns false when it returns, true when a trap ended it
// (kiln_wasm_unwind, or a signal handler resuming at kiln_wasm_resume). `*innermost` is the
// thread's innermost-entry record: the stub saves it, stores its own resume stack pointer there
// for the duration of the call, and puts the saved value back on either way out, so entries nest.
bool kiln_wasm_enter(uintptr_t* innermost, kiln::abi::EntryTrampoline entry, const void* code,
                     kiln::abi::VMContext* vmctx, kiln::abi::ValueSlot* slots);

// Ends the entry whose resume stack pointer is `resume_sp`: every frame below it is abandoned
// (they must hold no C++ objects with destructors) and kiln_wasm_enter returns true.
[[noreturn]] void kiln_wasm_unwind(uintptr_t resume_sp);

// Where a signal handler resumes a trapped entry: set the context's stack pointer to the entry's
// resume stack pointer and its program counter here, then return from the handler.
[[gnu::visibility("hidden")]] extern const char kiln_wasm_resume[];
}
