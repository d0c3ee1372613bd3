// The few instructions of x86-64 assembly that enter compiled code and leave it after a trap:
// the host's callee-saved registers live in the entry's own stack frame, so a trap resumes the
// entry by restoring one stack pointer (instead of a sigsetjmp per call).
#pragma once

#include <cstdint>

#include "kiln/abi.h"

extern "C" {

// Calls entry(code, vmctx, slots) and returns false when it returns, true when a trap ended it.
// `*innermost` is the thread's innermost-entry record (detail::t_entry_thread.entry_sp): the
// stub saves it, stores its own resume stack pointer there for the duration of the call, and
// puts the saved value back on either way out, so entries nest.
bool kiln_wasm_enter(uintptr_t* innermost, kiln::abi::EntryTrampoline entry, const void* code,
                     kiln::abi::VMContext* vmctx, kiln::abi::ValueSlot* slots);

// kiln_wasm_call (declared in kiln/func.h) is the same entry for typed calls whose values travel
// in registers: it calls the wasm function itself, with the caller's argument registers.

// Ends the entry whose resume stack pointer is `resume_sp`: every frame below it is abandoned
// (they must hold no C++ objects with destructors) and the entry returns its trap status. The
// word at `resume_sp` is where the entry resumes: a signal handler resumes a trapped entry by
// setting the context's stack pointer to `resume_sp` and its program counter to that word, then
// returning.
[[noreturn]] void kiln_wasm_unwind(uintptr_t resume_sp);
}
