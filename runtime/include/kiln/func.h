// Handles on functions for the embedder: Func (any function, called with a list of Values)
// and TypedFunc<R(Args...)> (a wasm function whose signature was checked once, called with
// C++ values on the stack: no boxing, no allocation).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "kiln/abi.h"
#include "kiln/host_function.h"
#include "kiln/result.h"
#include "kiln/value.h"

namespace kiln {

class Instance;
class Store;

namespace detail {
// Calls wasm code through its entry trampoline on this thread, with the stack limit set and
// traps caught: the one way into compiled code. True when a trap ended the call; entry_trap
// then says which, right away (before anything else runs on this thread).
bool enter_wasm(Store& store, abi::EntryTrampoline entry, const void* code, abi::VMContext* vmctx,
                abi::ValueSlot* slots);
// The trap of the enter_wasm that just returned true, with its wasm backtrace.
Trap entry_trap(Store& store);
}  // namespace detail

class Func {
 public:
  Func() = default;

  explicit operator bool() const { return store_ != nullptr; }
  const FuncType& type() const { return *type_; }
  uint32_t type_id() const;
  // What ref.func of this function is, for tables and globals; null for a host function no
  // instance has imported.
  const abi::FuncRef* ref() const { return ref_; }
  // The host function this calls directly, or null for a wasm function.
  HostFunc* host() const { return host_; }

  // Calls the function. Throws std::invalid_argument when the arguments do not match its
  // parameters, std::logic_error when it has no compiled code to call.
  Result<std::vector<Value>> call(std::span<const Value> args) const;
  Result<std::vector<Value>> call(std::initializer_list<Value> args) const {
    return call(std::span<const Value>(args.begin(), args.size()));
  }

 private:
  friend class Instance;
  friend class Store;
  template <class Signature>
  friend class TypedFunc;

  Store* store_ = nullptr;
  const FuncType* type_ = nullptr;
  const abi::FuncRef* ref_ = nullptr;
  abi::EntryTrampoline entry_ = nullptr;  // a trampoline for the type, when compiled code has one
  HostFunc* host_ = nullptr;              // set for host functions, which are called directly
  Instance* caller_ = nullptr;            // for host functions: the instance that imported it
};

template <class Signature>
class TypedFunc;

template <class R, class... Args>
class TypedFunc<R(Args...)> {
 public:
  TypedFunc() = default;

  Result<R> operator()(Args... args) const {
    constexpr size_t kResults = std::is_void_v<R> ? 0 : 1;
    abi::ValueSlot slots[std::max<size_t>({sizeof...(Args), kResults, 1})];
    size_t index = 0;
    (store_slot(slots[index++], args), ...);
    if (detail::enter_wasm(*store_, entry_, code_, vmctx_, slots)) [[unlikely]]
      return detail::entry_trap(*store_);
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      return load_slot<R>(slots[0]);
    }
  }

  // The wasm type Signature stands for.
  static FuncType wasm_type() {
    FuncType type{{WasmType<Args>::value...}, {}};
    if constexpr (!std::is_void_v<R>) type.results.push_back(WasmType<R>::value);
    return type;
  }

 private:
  friend class Instance;
  // `func` has compiled code and the type wasm_type(); Instance::typed checks both.
  explicit TypedFunc(const Func& func)
      : store_(func.store_), entry_(func.entry_), code_(func.ref_->code), vmctx_(func.ref_->vmctx) {}

  Store* store_ = nullptr;
  abi::EntryTrampoline entry_ = nullptr;
  const void* code_ = nullptr;
  abi::VMContext* vmctx_ = nullptr;
};

class Memory;
class Table;
class Global;

// Anything an instance exports or a module imports.
struct Extern {
  ExternKind kind = ExternKind::Func;
  Func func;
  Memory* memory = nullptr;
  Table* table = nullptr;
  Global* global = nullptr;

  Extern() = default;
  Extern(Func f) : kind(ExternKind::Func), func(f) {}          // NOLINT(google-explicit-constructor)
  Extern(Memory& m) : kind(ExternKind::Memory), memory(&m) {}  // NOLINT(google-explicit-constructor)
  Extern(Table& t) : kind(ExternKind::Table), table(&t) {}     // NOLINT(google-explicit-constructor)
  Extern(Global& g) : kind(ExternKind::Global), global(&g) {}  // NOLINT(google-explicit-constructor)
};

}  // namespace kiln
