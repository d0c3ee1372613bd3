// Host functions: C++ code that WebAssembly imports. A dynamic host function takes its
// arguments and leaves its results in ValueSlots; a typed one is any C++ callable whose
// signature, mapped by WasmType, is the wasm type, adapted at compile time (and, without v128,
// called by compiled code with its arguments in registers). Either reports a trap by returning
// it (a Trap, or a Result<T> holding one) or by throwing; nothing they throw ever reaches wasm
// frames.
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
  HostFunc(FuncType type, uint32_t type_id, const void* native = nullptr)
      : type_(std::move(type)), type_id_(type_id), native_(native) {}
  virtual ~HostFunc() = default;
  HostFunc(const HostFunc&) = delete;
  HostFunc& operator=(const HostFunc&) = delete;

  const FuncType& type() const { return type_; }
  uint32_t type_id() const { return type_id_; }
  // Runs the function with its arguments in slots[0..params) and leaves its results in
  // slots[0..results); the array holds max(params, results) slots. Never throws.
  virtual std::optional<Trap> invoke(Caller& caller, abi::ValueSlot* slots) noexcept = 0;
  // What an import of this function puts in abi::HostFunction::native (null: none).
  const void* native() const { return native_; }

 protected:
  // The trap a host function's exception stands for.
  static Trap trap_from_exception(std::exception_ptr exception) noexcept;

 private:
  FuncType type_;
  uint32_t type_id_;
  const void* native_;
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

// What an import slot's vmctx points to for a host function: the host thunk hands it back to
// `call` or `native`, which run `target` with the importing instance as the caller.
struct ImportedHostFunction : abi::HostFunction {
  HostFunc* target = nullptr;
  Store* store = nullptr;
  Instance* caller = nullptr;
};

// For the native entries of typed host functions: keeps `trap` for the entry that the wasm call
// will end with. Then, once no C++ object of the host call is left, raise_parked_host_trap ends
// that wasm call; it must be called from the function compiled code called, with its
// __builtin_return_address(0) and __builtin_frame_address(0) (the trap's backtrace starts there).
void park_host_trap(Trap trap);
[[noreturn]] void raise_parked_host_trap(const void* return_address, const void* frame);

// Whether a C++ type passes through the C convention as LLVM passes its wasm type (abi.h's
// HostFunction::native): everything but V128, a struct in C++ and a vector register in wasm.
template <class T>
inline constexpr bool kNativeValue = is_wasm_value<T> && !std::is_same_v<T, V128>;

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

  // The native entry (abi::HostFunction::native) for the parameter types of a tuple.
  template <class Tuple>
  struct Native;
  template <class... P>
  struct Native<std::tuple<P...>> {
    static constexpr bool kPossible = (detail::kNativeValue<std::remove_cvref_t<P>> && ...) &&
                                      (std::is_void_v<Returned> || detail::kNativeValue<Returned>);
    // Called by compiled code's host thunk; everything the call made is destroyed before a trap
    // ends the wasm call (run_native returns first).
    static Returned call(abi::HostFunction* self, std::remove_cvref_t<P>... args) noexcept {
      auto& record = static_cast<detail::ImportedHostFunction&>(*self);
      auto& function = static_cast<TypedHostFunc&>(*record.target);
      if constexpr (std::is_void_v<Returned>) {
        if (!function.run_native(record, static_cast<void*>(nullptr), args...)) [[unlikely]]
          detail::raise_parked_host_trap(__builtin_return_address(0), __builtin_frame_address(0));
      } else {
        Returned result{};
        if (!function.run_native(record, &result, args...)) [[unlikely]]
          detail::raise_parked_host_trap(__builtin_return_address(0), __builtin_frame_address(0));
        return result;
      }
    }
  };
  using NativeEntry = Native<WasmParams>;

  static const void* native_entry() {
    if constexpr (NativeEntry::kPossible) {
      return reinterpret_cast<const void*>(&NativeEntry::call);
    } else {
      return nullptr;
    }
  }

 public:
  TypedHostFunc(uint32_t type_id, F callable)
      : HostFunc(host_func_type<F>(), type_id, native_entry()), callable_(std::move(callable)) {}

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

  // The native entry's call: false when the function trapped (the trap is parked).
  template <class Out, class... A>
  bool run_native(detail::ImportedHostFunction& record, Out* out, A... args) noexcept {
    try {
      auto run = [&]() -> decltype(auto) {
        if constexpr (Signature::Parameters::kTakesCaller) {
          Caller caller(*record.store, record.caller);
          return callable_(caller, args...);
        } else {
          (void)record;
          return callable_(args...);
        }
      };
      using Return = typename Signature::Return;
      if constexpr (std::is_void_v<Return>) {
        run();
      } else if constexpr (std::is_same_v<Return, Result<Returned>>) {
        Return result = run();
        if (!result) {
          detail::park_host_trap(result.trap());
          return false;
        }
        if constexpr (!std::is_void_v<Returned>) *out = *result;
      } else {
        *out = run();
      }
      (void)out;
      return true;
    } catch (...) {
      detail::park_host_trap(trap_from_exception(std::current_exception()));
      return false;
    }
  }

  F callable_;
};

}  // namespace kiln
