// CodeMap on its own: lookups between locations, and an encoding that round-trips and rejects
// every truncation and inconsistency instead of reading past its input.
#include <gtest/gtest.h>

#include "kiln/code_map.h"

namespace kiln {
namespace {

CodeMap sample() {
  CodeMap map;
  map.functions.push_back({64, {{0, 0, {}}, {4, 0x20, {}}, {10, 0x23, {0x51, 0x66}}, {30, 0, {}}}});
  map.functions.push_back({8, {}});
  map.functions.push_back({16, {{2, 0x40, {}}}});
  return map;
}

TEST(CodeMap, LooksUpTheLocationThatCoversAnOffset) {
  CodeMap map = sample();
  EXPECT_EQ(map.wasm_offset(0, 0), std::nullopt) << "prologue: no wasm instruction";
  EXPECT_EQ(map.wasm_offset(0, 4), 0x20u);
  EXPECT_EQ(map.wasm_offset(0, 9), 0x20u);
  EXPECT_EQ(map.wasm_offset(0, 10), 0x23u);
  EXPECT_EQ(map.wasm_offset(0, 29), 0x23u);
  EXPECT_EQ(map.wasm_offset(0, 30), std::nullopt);
  EXPECT_EQ(map.wasm_offset(0, 64), std::nullopt) << "past the function's code";
  EXPECT_EQ(map.wasm_offset(1, 0), std::nullopt) << "no locations";
  EXPECT_EQ(map.wasm_offset(2, 1), std::nullopt) << "before the first location";
  EXPECT_EQ(map.wasm_offset(2, 15), 0x40u);
  EXPECT_EQ(map.wasm_offset(3, 0), std::nullopt) << "no such function";
  ASSERT_NE(map.find(0, 12), nullptr);
  EXPECT_EQ(map.find(0, 12)->inlined_calls, (std::vector<uint32_t>{0x51, 0x66}));
}

TEST(CodeMap, SerializationRoundTrips) {
  CodeMap map = sample();
  std::optional<CodeMap> copy = CodeMap::deserialize(map.serialize());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(*copy, map);
  std::optional<CodeMap> empty = CodeMap::deserialize(CodeMap{}.serialize());
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->functions.empty());
}

TEST(CodeMap, DeserializationRejectsBadBytes) {
  std::vector<uint8_t> bytes = sample().serialize();
  for (size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(CodeMap::deserialize(std::span(bytes).first(size))) << "truncated to " << size;
  }
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(CodeMap::deserialize(longer)) << "trailing bytes";
  std::vector<uint8_t> bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_FALSE(CodeMap::deserialize(bad_magic));
  std::vector<uint8_t> huge_count = bytes;
  huge_count[7] = 0xff;  // the function count's top byte
  EXPECT_FALSE(CodeMap::deserialize(huge_count));
  CodeMap unsorted;
  unsorted.functions.push_back({64, {{8, 1, {}}, {4, 2, {}}}});
  EXPECT_FALSE(CodeMap::deserialize(unsorted.serialize()));
  CodeMap outside;
  outside.functions.push_back({4, {{4, 1, {}}}});
  EXPECT_FALSE(CodeMap::deserialize(outside.serialize())) << "a location past the code";
  CodeMap lying;
  lying.functions.push_back({64, {{0, 1, {2, 3}}, {4, 5, {}}}});
  std::vector<uint8_t> too_many_calls = lying.serialize();
  too_many_calls[4 + 4 + 8 + 8] = 3;  // the first location's call count, now reaching into the next
  EXPECT_FALSE(CodeMap::deserialize(too_many_calls));
}

}  // namespace
}  // namespace kiln
