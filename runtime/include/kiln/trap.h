// Traps: the ways WebAssembly execution can stop abnormally, with the spec's wording.
#pragma once

#include <cstdint>
#include <string>

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
  Host,         // raised by a host function; the message says why
};

// The spec's message for a trap kind ("out of bounds memory access", "integer divide by zero" …).
const char* trap_message(TrapKind kind);

struct Trap {
  TrapKind kind = TrapKind::Unreachable;
  std::string message;  // trap_message(kind), or the host function's own message
};

}  // namespace kiln
