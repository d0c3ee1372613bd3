// Traps: the ways WebAssembly execution can stop abnormally, with the spec's wording.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiln/error.h"

namespace kiln {

enum class TrapKind : uint8_t {
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  IndirectCallToNull,
  IndirectCallTypeMismatch,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  UndefinedElement,
  UninitializedElement,
  CallStackExhausted,
  Interrupted,  // a timeout or an embedder's interruption
  OutOfFuel,    // the store's fuel ran out (CompileOptions::consume_fuel)
  Host,         // raised by a host function; the message says why
  // A function compiled lazily (CompileOptions::lazy) could not be compiled on its first call.
  CompileFailed,
};

// The spec's message for a trap kind ("out of bounds memory access", "integer divide by zero" …).
const char* trap_message(TrapKind kind);

// One wasm function activation a trap passed through.
struct TrapFrame {
  uint32_t func_index = 0;         // in its module's function index space
  std::string func_name;           // the name section's name, else "func[N]"
  std::optional<uint32_t> offset;  // module-relative byte offset of the wasm instruction, if known
};

struct Trap {
  Trap() = default;
  Trap(TrapKind trap_kind, std::string text) : kind(trap_kind), message(std::move(text)) {}

  TrapKind kind = TrapKind::Unreachable;
  std::string message;  // trap_message(kind), or the host function's own message
  // The wasm frames from the trap point outward (innermost first), across host functions that
  // passed a trap on; empty when the code has no CodeMap or the trap did not come from wasm.
  std::vector<TrapFrame> backtrace;
  // The innermost frame: the function and offset where the trap happened, or null.
  const TrapFrame* origin() const { return backtrace.empty() ? nullptr : &backtrace.front(); }
};

// The backtrace as wasmtime prints it, one frame a line, innermost first:
//     "    0:     0x4f - fib"   (offset unknown: "    0:        ? - fib")
std::string format_backtrace(const std::vector<TrapFrame>& backtrace);

// What Store::instantiate throws when instantiating traps (a segment out of bounds, a trap in the
// start function): an Error(Uninstantiable) that keeps the trap, so a caller can report it as one.
class TrapError : public Error {
 public:
  explicit TrapError(Trap trap) : Error(ErrorKind::Uninstantiable, trap.message), trap_(std::move(trap)) {}
  const Trap& trap() const { return trap_; }

 private:
  Trap trap_;
};

}  // namespace kiln
