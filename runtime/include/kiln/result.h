// Result<T>: a value, or the Trap that ended the call that was to produce it.
#pragma once

#include <optional>
#include <utility>
#include <variant>

#include "kiln/trap.h"

namespace kiln {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}   // NOLINT(google-explicit-constructor)
  Result(Trap trap) : state_(std::in_place_index<1>, std::move(trap)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // The value; throws std::bad_variant_access after a trap.
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  // The trap; throws std::bad_variant_access when there was none.
  const Trap& trap() const { return std::get<1>(state_); }

 private:
  std::variant<T, Trap> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() {}  // not "= default": {} would then zero the whole empty optional<Trap>, on every call
  Result(Trap trap) : trap_(std::move(trap)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !trap_; }
  explicit operator bool() const { return ok(); }
  const Trap& trap() const { return trap_.value(); }

 private:
  std::optional<Trap> trap_;
};

// A trap raised by a host function: its message is what the embedder sees.
inline Trap host_trap(std::string message) { return Trap{TrapKind::Host, std::move(message)}; }

}  // namespace kiln
