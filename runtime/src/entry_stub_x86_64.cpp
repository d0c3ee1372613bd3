// kiln_wasm_enter, kiln_wasm_call and kiln_wasm_unwind (entry_stub.h) for x86-64 System V, as
// naked functions: compiled code may clobber every register, so an entry keeps the host's
// callee-saved ones in its own frame, and a trap needs only that frame's stack pointer to resume.
#include "entry_stub.h"

#if !defined(__x86_64__)
#error "kiln: the entry stubs are written for x86-64"
#endif

// Both entries build the same frame; from its resume stack pointer (RSP) upward:
//   RSP+0   where a trap resumes this entry (kiln_wasm_unwind jumps there)
//   RSP+8   the enclosing entry's resume stack pointer, put back on the way out
//   RSP+16  kiln_wasm_enter: the thread's innermost-entry record; kiln_wasm_call: its RegisterCall
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
    leaq .Lkiln_wasm_enter_resume(%rip), %rax
    pushq %rax
    movq %rsp, (%rdi)
    movq %rsi, %rax
    movq %rdx, %rdi
    movq %rcx, %rsi
    movq %r8, %rdx
    callq *%rax
    xorl %eax, %eax
  .Lkiln_wasm_enter_leave:
    movq 8(%rsp), %rcx
    movq 16(%rsp), %rdx
    movq %rcx, (%rdx)
    addq $24, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    retq
  .Lkiln_wasm_enter_resume:
    leaq 64(%rsp), %rbp
    movl $1, %eax
    jmp .Lkiln_wasm_enter_leave
  )");
}

// Leaves every argument register as it came, except rdi, which becomes the callee's vmctx, and
// touches neither rax nor xmm0 after the call: the result passes through. The callee's own pop of
// stack space (the wasm convention's) is undone by restoring the stack pointer from rbp.
extern "C" [[gnu::naked]] void kiln_wasm_call() {
  asm(R"(
    pushq %rbp
    movq %rsp, %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    pushq %rdi
    movq _ZN4kiln6detail14t_entry_threadE@GOTTPOFF(%rip), %r10
    pushq %fs:(%r10)
    leaq .Lkiln_wasm_call_resume(%rip), %r11
    pushq %r11
    movq %rsp, %fs:(%r10)
    movq (%rdi), %r11
    movq 8(%rdi), %rdi
    callq *%r11
    leaq -64(%rbp), %rsp
  .Lkiln_wasm_call_leave:
    movq _ZN4kiln6detail14t_entry_threadE@GOTTPOFF(%rip), %r10
    movq 8(%rsp), %r11
    movq %r11, %fs:(%r10)
    addq $24, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    retq
  .Lkiln_wasm_call_resume:
    leaq 64(%rsp), %rbp
    movq _ZN4kiln6detail14t_entry_threadE@GOTTPOFF(%rip), %r10
    movl $1, %fs:16(%r10)
    jmp .Lkiln_wasm_call_leave
  )");
}

extern "C" [[gnu::naked]] void kiln_wasm_unwind(uintptr_t) {
  asm(R"(
    movq %rdi, %rsp
    jmpq *(%rsp)
  )");
}
