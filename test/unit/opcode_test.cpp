// The opcode table: encodings and mnemonics resolve both ways, with no collisions.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "binary/opcode.h"

namespace kiln {
namespace {

TEST(OpcodeTable, EveryOpDecodesToItself) {
  std::set<std::pair<uint8_t, uint32_t>> seen;
  for (size_t i = 0; i < kNumOps; ++i) {
    Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    EXPECT_TRUE(seen.insert({info.prefix, info.code}).second) << info.name << " shares its encoding";
    std::optional<Op> decoded =
        info.prefix ? op_from_prefixed(info.prefix, info.code) : op_from_byte(uint8_t(info.code));
    ASSERT_TRUE(decoded.has_value()) << info.name;
    EXPECT_EQ(*decoded, op) << info.name;
  }
}

TEST(OpcodeTable, MnemonicsResolve) {
  EXPECT_EQ(op_from_name("i32.add"), Op::I32Add);
  EXPECT_EQ(op_from_name("select"), Op::Select);
  EXPECT_EQ(op_from_name("f64x2.convert_low_i32x4_u"), Op::F64x2ConvertLowI32x4U);
  EXPECT_EQ(op_from_name("i32.bogus"), std::nullopt);
}

TEST(OpcodeTable, KnownEncodings) {
  EXPECT_EQ(op_from_byte(0x6A), Op::I32Add);
  EXPECT_EQ(op_from_byte(0xD2), Op::RefFunc);
  EXPECT_EQ(op_from_byte(0x06), std::nullopt);
  EXPECT_EQ(op_from_prefixed(kPrefixFC, 17), Op::TableFill);
  EXPECT_EQ(op_from_prefixed(kPrefixFC, 18), std::nullopt);
  EXPECT_EQ(op_from_prefixed(kPrefixFD, 12), Op::V128Const);
  EXPECT_EQ(op_from_prefixed(kPrefixFD, 154), std::nullopt);  // a hole in the SIMD space
  EXPECT_EQ(op_from_prefixed(kPrefixFD, 255), Op::F64x2ConvertLowI32x4U);
  EXPECT_EQ(op_from_prefixed(kPrefixFD, 1000), std::nullopt);
}

TEST(OpcodeTable, CountsMatchTheSpec) {
  size_t simd = 0, fc = 0;
  for (size_t i = 0; i < kNumOps; ++i) {
    const OpInfo& info = op_info(static_cast<Op>(i));
    simd += info.prefix == kPrefixFD;
    fc += info.prefix == kPrefixFC;
  }
  EXPECT_EQ(simd, 236u);  // the fixed-width SIMD instructions of 2.0
  EXPECT_EQ(fc, 18u);
}

}  // namespace
}  // namespace kiln
