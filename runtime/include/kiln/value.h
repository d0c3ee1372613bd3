// Values crossing between C++ and WebAssembly: the C++ types that stand for each value type,
// reading and writing them in abi::ValueSlots, and kiln::Value, a value tagged with its type.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>

#include "kiln/abi.h"
#include "kiln/types.h"

namespace kiln {

// The wasm value type a C++ type stands for: int32_t/uint32_t → i32, int64_t/uint64_t → i64,
// float → f32, double → f64, V128 → v128, `const abi::FuncRef*` → funcref, `void*` → externref;
// nullopt for any other type.
namespace detail {
template <class T>
constexpr std::optional<ValType> wasm_type_of() {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>)
    return ValType::I32;
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>)
    return ValType::I64;
  else if constexpr (std::is_same_v<T, float>)
    return ValType::F32;
  else if constexpr (std::is_same_v<T, double>)
    return ValType::F64;
  else if constexpr (std::is_same_v<T, V128>)
    return ValType::V128;
  else if constexpr (std::is_same_v<T, const abi::FuncRef*>)
    return ValType::FuncRef;
  else if constexpr (std::is_same_v<T, void*>)
    return ValType::ExternRef;
  else
    return std::nullopt;
}
}  // namespace detail

template <class T>
inline constexpr bool is_wasm_value = detail::wasm_type_of<T>().has_value();

template <class T>
concept WasmValue = is_wasm_value<T>;

template <WasmValue T>
struct WasmType {
  static constexpr ValType value = *detail::wasm_type_of<T>();
};

template <WasmValue T>
T load_slot(const abi::ValueSlot& slot) {
  T value;
  std::memcpy(&value, slot.bytes, sizeof value);
  return value;
}

template <WasmValue T>
void store_slot(abi::ValueSlot& slot, T value) {
  std::memcpy(slot.bytes, &value, sizeof value);
}

// A value of any wasm type, for dynamic calls, globals and tables.
class Value {
 public:
  Value() : Value(int32_t{0}) {}
  template <WasmValue T>
  Value(T value) : type_(WasmType<T>::value) {  // NOLINT(google-explicit-constructor): `func.call({1, 2})`
    store_slot(slot_, value);
  }
  Value(ValType type, const abi::ValueSlot& slot) : type_(type), slot_(slot) {}
  // ref.null of a reference type, or zero of a numeric one.
  static Value zero(ValType type) { return Value(type, abi::ValueSlot{}); }

  ValType type() const { return type_; }
  // The value read as T: value.as<int32_t>(), or value.as<uint32_t>() for an f32's bits.
  template <WasmValue T>
  T as() const {
    return load_slot<T>(slot_);
  }
  const abi::ValueSlot& slot() const { return slot_; }

 private:
  ValType type_;
  abi::ValueSlot slot_{};
};

}  // namespace kiln
