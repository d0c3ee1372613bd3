// Signal handlers, per-thread entry records and the registry of compiled-code ranges.
#include "trap_handler.h"

#include <pthread.h>
#include <signal.h>
#include <ucontext.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "entry_stub.h"

namespace kiln {

constinit thread_local ThreadState t_thread_state;
constinit thread_local detail::EntryThread detail::t_entry_thread;

const char* trap_message(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::IndirectCallToNull: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::OutOfFuel: return "all fuel consumed";
    case TrapKind::Host: return "host trap";
    case TrapKind::CompileFailed: return "function could not be compiled";
  }
  return "trap";
}

namespace {

// ---- Code ranges: append-only chunks of slots, read by the signal handler without locks. ----

struct CodeRange {
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};
};

struct RangeChunk {
  static constexpr size_t kSlots = 256;
  CodeRange slots[kSlots];
  std::atomic<RangeChunk*> next{nullptr};
};

RangeChunk g_first_chunk;
std::mutex g_ranges_mutex;  // serializes writers only

bool pc_in_compiled_code(uintptr_t pc) {
  for (RangeChunk* chunk = &g_first_chunk; chunk; chunk = chunk->next.load(std::memory_order_acquire)) {
    for (const CodeRange& range : chunk->slots) {
      uintptr_t begin = range.begin.load(std::memory_order_acquire);
      if (begin != 0 && pc >= begin && pc < range.end.load(std::memory_order_relaxed)) return true;
    }
  }
  return false;
}

// ---- Per-thread state. ----

// The alternate signal stack kiln gave a thread, taken down when the thread ends.
class AltStack {
 public:
  AltStack() = default;
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;
  ~AltStack() {
    if (!memory_) return;
    stack_t disable{};
    disable.ss_flags = SS_DISABLE;
    sigaltstack(&disable, nullptr);
    std::free(memory_);
  }
  void adopt(void* memory) { memory_ = memory; }

 private:
  void* memory_ = nullptr;
};

thread_local AltStack t_alt_stack;

constexpr size_t kAltStackSize = 64 * 1024;
// A fault this close below the stack's low end is the stack running out, not a wild access.
constexpr uintptr_t kStackGuardSlack = 1 << 20;

void install_handlers();

// Once per thread, before its first entry into wasm: the process's handlers, this thread's
// alternate signal stack and its stack bounds.
[[gnu::noinline]] void prepare_thread(ThreadState& state) {
  install_handlers();
  stack_t current{};
  if (sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    void* memory = std::malloc(kAltStackSize);
    if (memory) {
      stack_t stack{};
      stack.ss_sp = memory;
      stack.ss_size = kAltStackSize;
      sigaltstack(&stack, nullptr);
      t_alt_stack.adopt(memory);
    }
  }
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
    void* address = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attributes, &address, &size) == 0) {
      state.stack_low = reinterpret_cast<uintptr_t>(address);
      state.stack_high = state.stack_low + size;
    }
    pthread_attr_destroy(&attributes);
  }
  detail::t_entry_thread.stack_key = state.stack_low + 1;
}

// ---- Signal handling. ----

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
struct sigaction g_previous[sizeof kSignals / sizeof kSignals[0]];

uintptr_t program_counter(void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.pc);
#else
#error "kiln: unsupported architecture for trap handling"
#endif
}

uintptr_t frame_pointer(void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RBP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.regs[29]);
#endif
}

// Makes the interrupted context continue at the innermost entry's resume point once the handler
// returns: the kernel's sigreturn then restores the stack pointer, the program counter and the
// signal mask, so the handler never jumps off its (alternate) stack itself.
void resume_entry(void* context, uintptr_t resume_sp) {
  auto* uc = static_cast<ucontext_t*>(context);
  uc->uc_mcontext.gregs[REG_RSP] = static_cast<greg_t>(resume_sp);
  uc->uc_mcontext.gregs[REG_RIP] = static_cast<greg_t>(*reinterpret_cast<const uintptr_t*>(resume_sp));
}

// Records `pc` and the return addresses up the frame-pointer chain from `frame` while they lie in
// compiled code (generated code keeps frame pointers: a frame is {caller's frame, return address}).
// Runs in the signal handler: reads only stack words it has bounds-checked, allocates nothing.
void collect_frames(ThreadState& state, uintptr_t pc, uintptr_t frame, bool first_is_fault) {
  TrapPcs& out = state.pcs;
  out.first_is_fault = first_is_fault;
  out.count = 0;
  out.pcs[out.count++] = pc;
  while (out.count < TrapPcs::kMaxFrames) {
    if (frame % alignof(uintptr_t) != 0 || frame < state.stack_low || frame + 2 * sizeof(uintptr_t) > state.stack_high)
      break;
    const auto* record = reinterpret_cast<const uintptr_t*>(frame);
    if (!pc_in_compiled_code(record[1])) break;
    out.pcs[out.count++] = record[1];
    if (record[0] <= frame) break;  // callers' frames lie above: anything else is not a chain
    frame = record[0];
  }
}

TrapKind trap_for(int signal, const siginfo_t* info, const ThreadState& state) {
  switch (signal) {
    case SIGFPE: return info->si_code == FPE_INTOVF ? TrapKind::IntegerOverflow : TrapKind::IntegerDivideByZero;
    case SIGILL: return TrapKind::Unreachable;
    default: {
      auto address = reinterpret_cast<uintptr_t>(info->si_addr);
      bool near_stack_end =
          state.stack_low != 0 && address < state.stack_low + 4096 && address + kStackGuardSlack >= state.stack_low;
      return near_stack_end ? TrapKind::CallStackExhausted : TrapKind::MemoryOutOfBounds;
    }
  }
}

void forward_to_previous(int signal, siginfo_t* info, void* context) {
  for (size_t i = 0; i < std::size(kSignals); ++i) {
    if (kSignals[i] != signal) continue;
    const struct sigaction& previous = g_previous[i];
    if (previous.sa_flags & SA_SIGINFO) {
      previous.sa_sigaction(signal, info, context);
    } else if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
      // Put the old disposition back; returning re-executes the faulting instruction, which
      // now gets the default action.
      sigaction(signal, &previous, nullptr);
    } else {
      previous.sa_handler(signal);
    }
    return;
  }
}

void handle_fault(int signal, siginfo_t* info, void* context) {
  ThreadState& state = t_thread_state;
  uintptr_t pc = program_counter(context);
  uintptr_t entry_sp = detail::t_entry_thread.entry_sp;
  if (entry_sp != 0 && pc_in_compiled_code(pc)) {
    state.trap = trap_for(signal, info, state);
    collect_frames(state, pc, frame_pointer(context), true);
    resume_entry(context, entry_sp);
    return;
  }
  forward_to_previous(signal, info, context);
}

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = handle_fault;
    // SA_NODEFER: a fault in host code that a trap's handler calls into (a previous handler)
    // is not held back. Traps leave the handler by returning (sigreturn restores the mask).
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &action, &g_previous[i]);
  });
}

}  // namespace

namespace {

struct PlainCall {
  void (*entry)(void*);
  void* argument;
};

// Gives call_with_trap_handling's entry the stub's trampoline signature.
void run_plain_call(const void* call, abi::VMContext*, abi::ValueSlot*) {
  const auto* plain = static_cast<const PlainCall*>(call);
  plain->entry(plain->argument);
}

}  // namespace

std::optional<TrapKind> call_with_trap_handling(void (*entry)(void*), void* argument) {
  ThreadState& state = prepared_thread_state();
  PlainCall call{entry, argument};
  if (!kiln_wasm_enter(&detail::t_entry_thread.entry_sp, run_plain_call, &call, nullptr, nullptr)) return std::nullopt;
  return state.trap;
}

void raise_trap(TrapKind kind) {
  ThreadState& state = t_thread_state;
  uintptr_t entry_sp = detail::t_entry_thread.entry_sp;
  if (entry_sp == 0) {
    std::fprintf(stderr, "kiln: trap '%s' raised outside of any wasm call\n", trap_message(kind));
    std::abort();
  }
  state.trap = kind;
  state.pcs.count = 0;
  kiln_wasm_unwind(entry_sp);
}

void raise_trap_from_wasm(TrapKind kind, const void* return_address, const void* frame) {
  ThreadState& state = t_thread_state;
  uintptr_t entry_sp = detail::t_entry_thread.entry_sp;
  if (entry_sp == 0) raise_trap(kind);  // reports the misuse
  state.trap = kind;
  auto own_frame = reinterpret_cast<uintptr_t>(frame);
  // The runtime function's frame record holds its caller's (the wasm function's) frame pointer.
  uintptr_t caller_frame = own_frame >= state.stack_low && own_frame + sizeof(uintptr_t) <= state.stack_high
                               ? *reinterpret_cast<const uintptr_t*>(own_frame)
                               : 0;
  collect_frames(state, reinterpret_cast<uintptr_t>(return_address), caller_frame, false);
  kiln_wasm_unwind(entry_sp);
}

const TrapPcs& last_trap_pcs() { return t_thread_state.pcs; }

bool in_trap_handling_scope() { return detail::t_entry_thread.entry_sp != 0; }

ThreadState& prepared_thread_state() {
  ThreadState& state = t_thread_state;
  if (detail::t_entry_thread.stack_key == 0) [[unlikely]]
    prepare_thread(state);
  return state;
}

uintptr_t thread_stack_low() { return prepared_thread_state().stack_low; }

void register_code_range(const void* begin, size_t size) {
  auto first = reinterpret_cast<uintptr_t>(begin);
  std::lock_guard<std::mutex> lock(g_ranges_mutex);
  RangeChunk* chunk = &g_first_chunk;
  while (true) {
    for (CodeRange& range : chunk->slots) {
      if (range.begin.load(std::memory_order_relaxed) != 0) continue;
      range.end.store(first + size, std::memory_order_relaxed);
      range.begin.store(first, std::memory_order_release);  // publishes `end` with it
      return;
    }
    RangeChunk* next = chunk->next.load(std::memory_order_relaxed);
    if (!next) {
      next = new RangeChunk;  // never freed: the handler may be walking the chain
      chunk->next.store(next, std::memory_order_release);
    }
    chunk = next;
  }
}

void unregister_code_range(const void* begin) {
  auto first = reinterpret_cast<uintptr_t>(begin);
  std::lock_guard<std::mutex> lock(g_ranges_mutex);
  for (RangeChunk* chunk = &g_first_chunk; chunk; chunk = chunk->next.load(std::memory_order_relaxed)) {
    for (CodeRange& range : chunk->slots) {
      if (range.begin.load(std::memory_order_relaxed) == first) {
        range.begin.store(0, std::memory_order_release);
        return;
      }
    }
  }
}

}  // namespace kiln
