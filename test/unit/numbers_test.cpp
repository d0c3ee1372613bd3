// Numeric literals of the text format: integer ranges and separators, float rounding (decimal
// and hex, normal and subnormal), NaN payloads, v128 lanes, lane indices, and error wording.
#include <gtest/gtest.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "text/numbers.h"

namespace kiln::text {
namespace {

// A token as the lexer makes it from `text` (a string literal, so the view stays valid).
Token token(std::string_view text) {
  Token result;
  result.text = text;
  char first = text.empty() ? '\0' : text[0];
  if ((first >= '0' && first <= '9') || first == '+' || first == '-') {
    result.kind = Token::Kind::Number;
  } else if (first >= 'a' && first <= 'z') {
    result.kind = Token::Kind::Keyword;
  } else {
    result.kind = Token::Kind::Reserved;
  }
  result.location = {1, 1};
  return result;
}

// The message of the Error(Malformed) that `parse` throws.
template <typename Parse>
std::string error_of(Parse parse) {
  try {
    parse();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Malformed);
    return error.message();
  }
  return "(no error)";
}

uint64_t i32(std::string_view text) { return parse_int_bits(token(text), 32); }
uint64_t i64(std::string_view text) { return parse_int_bits(token(text), 64); }
uint32_t f32(std::string_view text) { return parse_f32_bits(token(text)); }
uint64_t f64(std::string_view text) { return parse_f64_bits(token(text)); }

TEST(Numbers, IntegersCoverSignedAndUnsignedRanges) {
  EXPECT_EQ(i32("0"), 0u);
  EXPECT_EQ(i32("-0x80000000"), 0x80000000u);
  EXPECT_EQ(i32("0xffffffff"), 0xffffffffu);
  EXPECT_EQ(i32("4294967295"), 0xffffffffu);
  EXPECT_EQ(i32("-1"), 0xffffffffu);
  EXPECT_EQ(i32("+2147483647"), 0x7fffffffu);
  EXPECT_EQ(i64("-9223372036854775808"), 0x8000000000000000u);
  EXPECT_EQ(i64("0xffff_ffff_ffff_ffff"), 0xffffffffffffffffu);
  EXPECT_EQ(parse_int_bits(token("-128"), 8), 0x80u);
  EXPECT_EQ(parse_int_bits(token("0xffff"), 16), 0xffffu);
}

TEST(Numbers, IntegersOutOfRange) {
  for (std::string_view text : {"0x100000000", "-0x80000001", "4294967296", "-2147483649", "+2147483648"}) {
    EXPECT_EQ(error_of([&] { i32(text); }), "constant out of range") << text;
  }
  for (std::string_view text : {"0x10000000000000000", "-0x8000000000000001", "18446744073709551616",
                                "-9223372036854775809", "99999999999999999999999999"}) {
    EXPECT_EQ(error_of([&] { i64(text); }), "constant out of range") << text;
  }
  EXPECT_EQ(error_of([] { parse_int_bits(token("256"), 8); }), "constant out of range");
}

TEST(Numbers, UnderscoresOnlyBetweenDigits) {
  EXPECT_EQ(i32("1_000_000"), 1000000u);
  EXPECT_EQ(i32("0x1_0"), 16u);
  for (std::string_view text : {"1__000", "99_", "0x_1", "0_x1", "0x00_", "+_1"}) {
    EXPECT_EQ(error_of([&] { i32(text); }).rfind("unknown operator", 0), 0u) << text;
  }
  EXPECT_EQ(error_of([] { i32("_100"); }).rfind("unknown operator", 0), 0u);
}

TEST(Numbers, WrongKindOfLiteralIsUnexpected) {
  EXPECT_EQ(error_of([] { i32("1.5"); }), "unexpected token");
  EXPECT_EQ(error_of([] { i32("nan"); }), "unexpected token");
  EXPECT_EQ(error_of([] { f32("nan:arithmetic"); }), "unexpected token");
  EXPECT_EQ(error_of([] { i32("0x"); }), "unknown operator 0x");
  EXPECT_EQ(error_of([] { f32(".0"); }), "unknown operator .0");
  for (std::string_view text : {"0e", "0e+", "0x0p", "0x.", "1x", "0x0pA", "nan:1", "nan:0xg"}) {
    EXPECT_EQ(error_of([&] { f64(text); }).rfind("unknown operator", 0), 0u) << text;
  }
}

TEST(Numbers, Indices) {
  EXPECT_EQ(parse_u32(token("0xffff_ffff")), 0xffffffffu);
  EXPECT_EQ(error_of([] { parse_u32(token("0x1_0000_0000")); }), "i32 constant out of range");
  EXPECT_EQ(error_of([] { parse_u32(token("-1")); }), "unexpected token");
  EXPECT_EQ(parse_u64(token("18446744073709551615")), UINT64_MAX);
}

TEST(Numbers, DecimalFloatsRoundOnceToNearestEven) {
  EXPECT_EQ(f32("1"), 0x3f800000u);
  EXPECT_EQ(f32("1."), 0x3f800000u);
  EXPECT_EQ(f32("1.e1"), 0x41200000u);
  EXPECT_EQ(f32("-0.0"), 0x80000000u);
  EXPECT_EQ(f32("1_0.0_0e0_1"), 0x42c80000u);  // 100
  // 1 + 2^-24 lies halfway between two floats: ties go to the even one.
  EXPECT_EQ(f32("1.000000059604644775390625"), 0x3f800000u);
  // Just above halfway. Through double it would round to the halfway point first, then down.
  EXPECT_EQ(f32("1.00000005960464477539062500001"), 0x3f800001u);
  EXPECT_EQ(f32("340282356779733661637539395458142568447"), 0x7f7fffffu);
  EXPECT_EQ(f32("1.4e-45"), 0x00000001u);
  EXPECT_EQ(f32("7e-46"), 0x00000000u);
  EXPECT_EQ(f64("1.7976931348623157e308"), 0x7fefffffffffffffu);
  EXPECT_EQ(f64("4.9406564584124654e-324"), 0x0000000000000001u);
  EXPECT_EQ(f64("-1e-400"), 0x8000000000000000u);
  EXPECT_EQ(f64("0.1"), 0x3fb999999999999au);
}

TEST(Numbers, HexFloatsRoundExactly) {
  EXPECT_EQ(f32("0x1p-50"), 0x26800000u);
  EXPECT_EQ(f32("0x1.00000100000000000p-50"), 0x26800000u);  // a tie: to even
  EXPECT_EQ(f32("0x1.00000100000000001p-50"), 0x26800001u);  // a hair above the tie
  EXPECT_EQ(f32("0x1.000003p-50"), 0x26800002u);             // a tie: up to even
  EXPECT_EQ(f32("0x1.fffffefffffffffp127"), 0x7f7fffffu);
  EXPECT_EQ(f32("0x1p-149"), 0x00000001u);
  EXPECT_EQ(f32("0x1p-150"), 0x00000000u);  // half the smallest: to even zero
  EXPECT_EQ(f32("0x1.000000000000000000001p-150"), 0x00000001u);
  EXPECT_EQ(f32("0x1.fffffep-127"), 0x00800000u);  // a tie rounding up into the normals
  EXPECT_EQ(f32("0x0.0000000000000000000000000000000000000001p0"), 0u);
  EXPECT_EQ(f32("0x1P+1"), 0x40000000u);
  EXPECT_EQ(f64("0x1.fffffffffffff7ffffffp1023"), 0x7fefffffffffffffu);
  EXPECT_EQ(f64("0x1p-1074"), 0x0000000000000001u);
  EXPECT_EQ(f64("0x1p-1075"), 0x0000000000000000u);
  EXPECT_EQ(f64("-0x1.8p1"), 0xc008000000000000u);
  EXPECT_EQ(f64("0x1p-99999999999999999999"), 0u);
}

TEST(Numbers, FloatsOutOfRange) {
  for (std::string_view text : {"0x1p128", "-0x1.ffffffp127", "1e39", "340282356779733661637539395458142568448"}) {
    EXPECT_EQ(error_of([&] { f32(text); }), "constant out of range") << text;
  }
  for (std::string_view text : {"0x1p1024", "0x1.fffffffffffff8p1023", "1e309", "1e99999999999999999999"}) {
    EXPECT_EQ(error_of([&] { f64(text); }), "constant out of range") << text;
  }
}

TEST(Numbers, InfinityAndNan) {
  EXPECT_EQ(f32("inf"), 0x7f800000u);
  EXPECT_EQ(f32("-inf"), 0xff800000u);
  EXPECT_EQ(f32("nan"), 0x7fc00000u);
  EXPECT_EQ(f32("-nan"), 0xffc00000u);
  EXPECT_EQ(f32("nan:0x1"), 0x7f800001u);
  EXPECT_EQ(f32("-nan:0x7f_ffff"), 0xffffffffu);
  EXPECT_EQ(f64("+nan:0x8_0000_0000_0000"), 0x7ff8000000000000u);
  EXPECT_EQ(f64("-inf"), 0xfff0000000000000u);
  EXPECT_EQ(error_of([] { f32("nan:0x0"); }), "constant out of range");
  EXPECT_EQ(error_of([] { f32("nan:0x80_0000"); }), "constant out of range");
  EXPECT_EQ(error_of([] { f64("nan:0x10_0000_0000_0000"); }), "constant out of range");
}

TEST(Numbers, V128Lanes) {
  std::vector<Token> lanes{token("1"), token("-1"), token("0x10"), token("0xffffffff")};
  V128 value = parse_v128(token("i32x4"), lanes);
  const uint8_t expected[16] = {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(std::memcmp(value.bytes, expected, 16), 0);
  std::vector<Token> floats{token("1"), token("-0x1p0")};
  value = parse_v128(token("f64x2"), floats);
  EXPECT_EQ(value.bytes[7], 0x3f);
  EXPECT_EQ(value.bytes[15], 0xbf);
  EXPECT_EQ(error_of([&] { parse_v128(token("i64x2"), lanes); }), "wrong number of lane literals");
  std::vector<Token> wide(16, token("256"));
  EXPECT_EQ(error_of([&] { parse_v128(token("i8x16"), wide); }), "constant out of range");
  EXPECT_EQ(error_of([&] { parse_v128(token("i128x1"), lanes); }).rfind("unknown operator", 0), 0u);
}

TEST(Numbers, LaneIndices) {
  EXPECT_EQ(parse_lane_index(token("15")), 15);
  EXPECT_EQ(error_of([] { parse_lane_index(token("256")); }), "malformed lane index");
  EXPECT_EQ(error_of([] { parse_lane_index(token("-1")); }), "unexpected token");
  EXPECT_EQ(error_of([] { parse_lane_index(token("1.5")); }), "unexpected token");
  EXPECT_EQ(parse_shuffle_lane(token("31")), 31);
  for (std::string_view text : {"-1", "256", "15.0", "nan", "-inf"}) {
    EXPECT_EQ(error_of([&] { parse_shuffle_lane(token(text)); }), "malformed lane index") << text;
  }
}

}  // namespace
}  // namespace kiln::text
