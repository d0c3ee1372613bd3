// An instance of a module: its exports, and the VMContext its compiled code runs against.
// Instances are created by Store::instantiate (or a Linker) and live as long as their store.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kiln/func.h"
#include "kiln/module.h"
#include "kiln/types.h"

namespace kiln {

namespace detail {
struct InstanceState;
}

class Memory;
class Table;
class Global;

class Instance {
 public:
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  const Module& module() const;

  std::optional<Extern> get_export(std::string_view name) const;
  std::optional<Func> func(std::string_view name) const;
  Memory* memory(std::string_view name) const;
  Table* table(std::string_view name) const;
  Global* global(std::string_view name) const;

  // The exported wasm function `name` as a typed handle, e.g. typed<int32_t(int32_t, int32_t)>("add").
  // Throws std::invalid_argument when there is no such function or its type differs from Signature,
  // std::logic_error when it has no compiled code.
  template <class Signature>
  TypedFunc<Signature> typed(std::string_view name) const {
    Func function = typed_candidate(name, TypedFunc<Signature>::wasm_type());
    return TypedFunc<Signature>(function);
  }

  // The runtime's own view of the instance (runtime/src/instance_state.h).
  detail::InstanceState& state() { return *state_; }

 private:
  friend class Store;
  explicit Instance(std::unique_ptr<detail::InstanceState> state);
  Func typed_candidate(std::string_view name, const FuncType& expected) const;
  Func function_at(uint32_t index) const;

  std::unique_ptr<detail::InstanceState> state_;
};

}  // namespace kiln
