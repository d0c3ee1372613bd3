// Bounds-checked access to the calling instance's linear memory for WASI functions: every guest
// pointer and length is checked before it is touched, and a bad one throws GuestFault, which the
// function wrapper turns into the errno `fault`.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>

#include "kiln/host_function.h"
#include "kiln/memory.h"

namespace kiln::wasi {

struct GuestFault {};

class GuestMemory {
 public:
  explicit GuestMemory(const Caller& caller) : memory_(caller.memory()) {}

  // The `length` bytes at `pointer`; throws GuestFault unless all of them are inside the memory.
  // Pointers are 64-bit so that a guest pointer plus a field offset cannot wrap around to a valid address.
  std::span<uint8_t> bytes(uint64_t pointer, uint64_t length) const {
    if (!memory_ || pointer > memory_->size_bytes() || length > memory_->size_bytes() - pointer) throw GuestFault{};
    return {memory_->data() + pointer, static_cast<size_t>(length)};
  }
  std::string_view string(uint64_t pointer, uint32_t length) const {
    std::span<uint8_t> view = bytes(pointer, length);
    return {reinterpret_cast<const char*>(view.data()), view.size()};
  }

  // Little-endian scalars, as wasm lays them out (the host is little-endian too).
  template <class T>
  requires std::is_trivially_copyable_v<T> T load(uint64_t pointer)
  const {
    T value;
    std::memcpy(&value, bytes(pointer, sizeof(T)).data(), sizeof(T));
    return value;
  }
  template <class T>
  requires std::is_trivially_copyable_v<T>
  void store(uint64_t pointer, T value) const { std::memcpy(bytes(pointer, sizeof(T)).data(), &value, sizeof(T)); }

 private:
  Memory* memory_;
};

static_assert(std::endian::native == std::endian::little, "WASI structures are little-endian, as is the host");

}  // namespace kiln::wasi
