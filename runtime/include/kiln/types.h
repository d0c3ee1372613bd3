// The WebAssembly value and entity types shared by the compiler, the runtime and embedders.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

// Value types, numbered by their binary encoding so that decoding is a range check.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

bool is_num_type(ValType t);
bool is_ref_type(ValType t);
const char* to_string(ValType t);
std::optional<ValType> val_type_from_byte(uint8_t byte);

// A 128-bit SIMD value, little-endian lane order.
struct V128 {
  uint8_t bytes[16] = {};
  friend bool operator==(const V128& a, const V128& b) { return std::memcmp(a.bytes, b.bytes, 16) == 0; }
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};
std::string to_string(const FuncType& type);

// Limits of a memory (in 64 KiB pages) or a table (in elements).
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  friend bool operator==(const Limits&, const Limits&) = default;
};

struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
  friend bool operator==(const TableType&, const TableType&) = default;
};

struct MemoryType {
  Limits limits;
  bool shared = false;  // threads proposal; always false in 2.0
  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

// The four kinds of importable/exportable entity, numbered as in the binary format.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* to_string(ExternKind kind);

constexpr uint64_t kPageSize = 65536;
constexpr uint64_t kMaxPages32 = 65536;  // 4 GiB of 32-bit address space
constexpr uint64_t kMaxTableSize = 0xFFFFFFFFu;

}  // namespace kiln
