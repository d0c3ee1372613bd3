// Handles on functions for the embedder: Func (any function, called with a list of Values)
// and TypedFunc<R(Args...)> (a wasm function whose signature was checked once, called with
// C++ values in registers, or on the stack: no boxing, no allocation).
#pragma once

#include <algorithm>
#include <cstdint>
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

// What a thread's entries into wasm share with the runtime: plain data, constant-initialized,
// reached with one thread-pointer-relative access (initial-exec TLS: no __tls_get_addr call).
struct EntryThread {
  // The innermost entry's resume stack pointer (the runtime's entry stubs keep it), or 0
  // outside wasm.
  uintptr_t entry_sp = 0;
  // 0 until the runtime prepared the thread for wasm (signal handlers, alternate signal stack,
  // stack bounds), then its stack's low end + 1: the stack limits of a Store whose key this
  // is are this thread's.
  uintptr_t stack_key = 0;
  // Set to 1 when a trap ends a kiln_wasm_call; its caller reads and clears it right away.
  uint32_t call_trapped = 0;
};
extern constinit thread_local EntryThread t_entry_thread __attribute__((tls_model("initial-exec")));

// Points `store`'s stack limits at this thread's stack (preparing the thread first if needed).
void prepare_entry(Store& store);
// Where `store` keeps the stack key its limits were computed for.
const uintptr_t* stack_key_of(Store& store);

// The function a typed call whose values all travel in registers calls: kiln_wasm_call's first
// argument. It lives in the TypedFunc, not on the stack: the stub's loads then wait for no store.
struct RegisterCall {
  const void* code = nullptr;
  abi::VMContext* vmctx = nullptr;
};

// Whether TypedFunc<R(Args...)> calls with its values in registers: the C convention and the wasm
// one (abi.h) then place them alike, as long as none is v128 (a struct in C++) and the integer
// ones, with the RegisterCall pointer in the vmctx's place, fit the 6 integer registers and the
// floating-point ones the 8 vector registers.
template <class R, class... Args>
constexpr bool register_call() {
  constexpr auto scalar = []<class T>() { return is_wasm_value<T> && !std::is_same_v<T, V128>; };
  constexpr size_t floats = ((std::is_floating_point_v<Args> ? 1 : 0) + ... + 0);
  constexpr size_t integers = 1 + sizeof...(Args) - floats;
  return (scalar.template operator()<Args>() && ...) && (std::is_void_v<R> || scalar.template operator()<R>()) &&
         integers <= 6 && floats <= 8;
}
}  // namespace detail

// The runtime's stub for register calls (x86-64): called as
//     R kiln_wasm_call(detail::RegisterCall* call, Args... args)
// it calls call->code(call->vmctx, args...) in the wasm convention, catching traps (then it sets
// detail::t_entry_thread.call_trapped).
extern "C" void kiln_wasm_call();

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
  bool direct_ = false;                   // whether typed calls may enter ref_->code directly
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
    if constexpr (detail::register_call<R, Args...>()) {
      // The instances' stack limits are this thread's as long as the last entry was on it.
      if (!direct_ || detail::t_entry_thread.stack_key != *stack_key_) [[unlikely]]
        return prepare_and_call(args...);
      return call_in_registers(args...);
    } else {
      return call_through_slots(args...);
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
      : store_(func.store_),
        stack_key_(detail::stack_key_of(*func.store_)),
        entry_(func.entry_),
        direct_(func.direct_),
        target_{func.ref_->code, func.ref_->vmctx} {}

  // UBSan's function check would refuse calling the stub through a pointer of the call's own
  // type, which is what the stub is for.
  [[clang::no_sanitize("function")]] Result<R> call_in_registers(Args... args) const {
    auto stub = reinterpret_cast<R (*)(const detail::RegisterCall*, Args...)>(&kiln_wasm_call);
    if constexpr (std::is_void_v<R>) {
      stub(&target_, args...);
      if (detail::t_entry_thread.call_trapped) [[unlikely]]
        return trapped();
      return {};
    } else {
      R result = stub(&target_, args...);
      if (detail::t_entry_thread.call_trapped) [[unlikely]]
        return trapped();
      return result;
    }
  }

  // The rare paths, out of line so that the usual one sets up no frame for them.
  [[gnu::noinline]] Result<R> prepare_and_call(Args... args) const {
    if (!direct_) return call_through_slots(args...);
    detail::prepare_entry(*store_);
    return call_in_registers(args...);
  }
  [[gnu::noinline, gnu::cold]] Result<R> trapped() const { return detail::entry_trap(*store_); }

  Result<R> call_through_slots(Args... args) const {
    constexpr size_t kResults = std::is_void_v<R> ? 0 : 1;
    abi::ValueSlot slots[std::max<size_t>({sizeof...(Args), kResults, 1})];
    size_t index = 0;
    (store_slot(slots[index++], args), ...);
    if (detail::enter_wasm(*store_, entry_, target_.code, target_.vmctx, slots)) [[unlikely]]
      return detail::entry_trap(*store_);
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      return load_slot<R>(slots[0]);
    }
  }

  Store* store_ = nullptr;
  const uintptr_t* stack_key_ = nullptr;
  abi::EntryTrampoline entry_ = nullptr;
  bool direct_ = false;
  detail::RegisterCall target_;
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
