// Host functions: C++ code that WebAssembly imports. A dynamic host function takes its
// arguments and leaves its results in ValueSlots; a typed one is any C++ callable whose
// signature, mapped by WasmType, is the wasm type, adapted at compile time. Either reports a
// trap by returning it (a Trap, or a Result<T> holding one) or by throwing; nothing they
// throw ever reaches wasm frames.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "kiln/result.h"
#include "kiln/value.h"

namespace kiln {

class Instance;
class Memory;
class Store;

// What a host function knows about its call: the store, and the instance whose import it was
// called through (null when the host called it directly).
class Caller {
 public:
  Caller(Store& store, Instance* instance) : store_(store), instance_(instance) {}
  Store& store() const { return store_; }
  Instance* instance() const { return instance_; }
  // The calling instance's exported memory `name`, or null.
  Memory* memory(std::string_view name = "memory") const;

 private:
  Store& store_;
  Instance* instance_;
};

class HostFunc {
 public:
  HostFunc(FuncType type, uint32_t type_id) : type_(std::move(type)), type_id_(type_id) {}
  virtual ~HostFunc() = default;
  HostFunc(const HostFunc&) = delete;
  HostFunc& operator=(const HostFunc&) = delete;

  const FuncType& type() const { return type_; }
  uint32_t type_id() const { return type_id_; }
  // Runs the function with its arguments in slots[0..params) and leaves its results in
  // slots[0..results); the array holds max(params, results) slots. Never throws.
  virtual std::optional<Trap> invoke(Caller& caller, abi::ValueSlot* slots) noexcept = 0;

 protected:
  // The trap a host function's exception stands for.
  static Trap trap_from_exception(std::exception_ptr exception) noexcept;

 private:
  FuncType type_;
  uint32_t type_id_;
};

using DynamicHostCallback = std::function<std::optional<Trap>(Caller&, std::span<abi::ValueSlot>)>;

class DynamicHostFunc final : public HostFunc {
 public:
  DynamicHostFunc(FuncType type, uint32_t type_id, DynamicHostCallback callback)
      : HostFunc(std::move(type), type_id), callback_(std::move(callback)) {}

  std::optional<Trap> invoke(Caller& caller, abi::ValueSlot* slots) noexcept override;

 private:
  DynamicHostCallback callback_;
};

namespace detail {

// The wasm result of a callable's return type: a plain value or void, or what a Result holds.
template <class T>
struct HostReturn {
  using Type = T;
};
template <class T>
struct HostReturn<Result<T>> {
  using Type = T;
};

template <class... Params>
struct HostParams {
  static constexpr bool kTakesCaller = false;
  using Wasm = std::tuple<Params...>;
};
template <class... Params>
struct HostParams<Caller&, Params...> {
  static constexpr bool kTakesCaller = true;
  using Wasm = std::tuple<Params...>;
};

// The parts of a callable's signature: its return type and its parameters, a leading
// `Caller&` set apart from the wasm parameters.
template <class R, class... Params>
struct HostSignatureOf {
  using Return = R;
  using Parameters = HostParams<Params...>;
};
template <class F>
struct HostSignature : HostSignature<decltype(&F::operator())> {};
template <class R, class... P>
struct HostSignature<R (*)(P...)> : HostSignatureOf<R, P...> {};
template <class R, class... P>
struct HostSignature<R(P...)> : HostSignatureOf<R, P...> {};
template <class C, class R, class... P>
struct HostSignature<R (C::*)(P...)> : HostSignatureOf<R, P...> {};
template <class C, class R, class... P>
struct HostSignature<R (C::*)(P...) const> : HostSignatureOf<R, P...> {};
template <class C, class R, class... P>
struct HostSignature<R (C::*)(P...) noexcept> : HostSignatureOf<R, P...> {};
template <class C, class R, class... P>
struct HostSignature<R (C::*)(P...) const noexcept> : HostSignatureOf<R, P...> {};

template <class Tuple>
struct WasmTypes;
template <class... T>
struct WasmTypes<std::tuple<T...>> {
  static std::vector<ValType> get() { return {WasmType<std::remove_cvref_t<T>>::value...}; }
};

}  // namespace detail

// The wasm function type of a typed host callable.
template <class F>
FuncType host_func_type() {
  using Signature = detail::HostSignature<std::remove_cvref_t<F>>;
  using Returned = typename detail::HostReturn<typename Signature::Return>::Type;
  FuncType type{detail::WasmTypes<typename Signature::Parameters::Wasm>::get(), {}};
  if constexpr (!std::is_void_v<Returned>) type.results.push_back(WasmType<Returned>::value);
  return type;
}

template <class F>
class TypedHostFunc final : public HostFunc {
  using Signature = detail::HostSignature<F>;
  using Returned = typename detail::HostReturn<typename Signature::Return>::Type;
  using WasmParams = typename Signature::Parameters::Wasm;

 public:
  TypedHostFunc(uint32_t type_id, F callable)
      : HostFunc(host_func_type<F>(), type_id), callable_(std::move(callable)) {}

  std::optional<Trap> invoke(Caller& caller, abi::ValueSlot* slots) noexcept override {
    try {
      return call(caller, slots, std::make_index_sequence<std::tuple_size_v<WasmParams>>{});
    } catch (...) {
      return trap_from_exception(std::current_exception());
    }
  }

 private:
  template <size_t... I>
  std::optional<Trap> call(Caller& caller, abi::ValueSlot* slots, std::index_sequence<I...>) {
    auto run = [&]() -> decltype(auto) {
      if constexpr (Signature::Parameters::kTakesCaller) {
        return callable_(caller, load_slot<std::remove_cvref_t<std::tuple_element_t<I, WasmParams>>>(slots[I])...);
      } else {
        (void)caller;
        return callable_(load_slot<std::remove_cvref_t<std::tuple_element_t<I, WasmParams>>>(slots[I])...);
      }
    };
    using Return = typename Signature::Return;
    if constexpr (std::is_void_v<Return>) {
      run();
    } else if constexpr (std::is_same_v<Return, Result<Returned>>) {
      Return result = run();
      if (!result) return result.trap();
      if constexpr (!std::is_void_v<Returned>) store_slot(slots[0], *result);
    } else {
      store_slot(slots[0], run());
    }
    return std::nullopt;
  }

  F callable_;
};

}  // namespace kiln
