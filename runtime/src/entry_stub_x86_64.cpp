// kiln_wasm_enter, kiln_wasm_unwind and kiln_wasm_resume (entry_stub.h) for x86-64 System V, as
// naked functions: compiled code may clobber every register, so the entry keeps the host's
// callee-saved ones in its own frame, and a trap needs only that frame's stack pointer to resume.
#include "entry_stub.h"

#if !defined(__x86_64__)
#error "kiln: the entry stub is written for x86-64"
#endif

// The entry's frame, from its resume stack pointer (RSP) upward:
//   RSP+0   padding (keeps the call to the trampoline 16-byte aligned)
//   RSP+8   the enclosing entry's resume stack pointer, put back into *innermost on the way out
//   RSP+16  innermost: the thread's record
//   RSP+24  r15, r14, r13, r12, rbx (RSP+56)
//   RSP+64  the host's rbp: the frame record {rbp, return address} that keeps backtraces walking
// Returns its bool in eax: 0, or 1 after a trap.
extern "C" [[gnu::naked]] bool kiln_wasm_enter(uintptr_t*, kiln::abi::EntryTrampoline, const void*,
                                               kiln::abi::VMContext*, kiln::abi::ValueSlot*) {
  asm(R"(
    pushq %rbp
    movq %rsp, %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    pushq %rdi
    pushq (%rdi)
    subq $8, %rsp
    movq %rsp, (%rdi)
    movq %rsi, %rax
    movq %rdx, %rdi
    movq %rcx, %rsi
    movq %r8, %rdx
    callq *%rax
    xorl %eax, %eax
  .Lkiln_wasm_leave:
    addq $8, %rsp
    popq %rcx
    popq %rdx
    movq %rcx, (%rdx)
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    retq

    .globl kiln_wasm_resume
    .hidden kiln_wasm_resume
  kiln_wasm_resume:
    leaq 64(%rsp), %rbp
    movl $1, %eax
    jmp .Lkiln_wasm_leave
  )");
}

extern "C" [[gnu::naked]] void kiln_wasm_unwind(uintptr_t) {
  asm(R"(
    movq %rdi, %rsp
    jmp kiln_wasm_resume
  )");
}
