// Lookup tables built from opcodes.def.
#include "binary/opcode.h"

#include <array>
#include <unordered_map>

namespace kiln {
namespace {

constexpr OpInfo kOpInfo[] = {
#define KILN_OP(name, text, prefix, code, imm, sig, arg) {text, prefix, code, Imm::imm, sig, arg},
#include "binary/opcodes.def"
};
static_assert(std::size(kOpInfo) == kNumOps);

constexpr uint16_t kNone = 0xFFFF;

// Opcode → Op tables for one encoding space, built at compile time so that decoding pays no
// initialization check.
template <size_t N>
constexpr std::array<uint16_t, N> decode_table(uint8_t prefix) {
  std::array<uint16_t, N> table{};
  table.fill(kNone);
  for (size_t i = 0; i < kNumOps; ++i)
    if (kOpInfo[i].prefix == prefix) table[kOpInfo[i].code] = static_cast<uint16_t>(i);
  return table;
}

constexpr auto kSingleByte = decode_table<256>(0);
constexpr auto kPrefixedFC = decode_table<32>(kPrefixFC);
constexpr auto kPrefixedFD = decode_table<256>(kPrefixFD);

const std::unordered_map<std::string_view, Op>& ops_by_name() {
  static const auto* const table = [] {
    auto* map = new std::unordered_map<std::string_view, Op>;
    for (size_t i = 0; i < kNumOps; ++i)
      if (static_cast<Op>(i) != Op::SelectT) map->emplace(kOpInfo[i].name, static_cast<Op>(i));
    return map;
  }();
  return *table;
}

std::optional<Op> lookup(uint16_t entry) {
  if (entry == kNone) return std::nullopt;
  return static_cast<Op>(entry);
}

}  // namespace

const OpInfo& op_info(Op op) { return kOpInfo[static_cast<size_t>(op)]; }

std::optional<Op> op_from_byte(uint8_t byte) { return lookup(kSingleByte[byte]); }

std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t code) {
  if (prefix == kPrefixFC) return code < kPrefixedFC.size() ? lookup(kPrefixedFC[code]) : std::nullopt;
  if (prefix == kPrefixFD) return code < kPrefixedFD.size() ? lookup(kPrefixedFD[code]) : std::nullopt;
  return std::nullopt;
}

std::optional<Op> op_from_name(std::string_view name) {
  const auto& table = ops_by_name();
  auto it = table.find(name);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

}  // namespace kiln
