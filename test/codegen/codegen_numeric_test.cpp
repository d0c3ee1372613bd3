// Numeric semantics of compiled code at their edges: division traps, shift masking, bit
// counts, NaN-propagating min/max, sign-bit float ops, and every kind of float→int conversion.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "jit_instance.h"

namespace kiln::test {
namespace {

constexpr std::string_view kNumeric = R"((module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "rem_u64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
  (func (export "shr_s64") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
  (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
  (func (export "rotr64") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
  (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
  (func (export "ctz64") (param i64) (result i64) (i64.ctz (local.get 0)))
  (func (export "popcnt") (param i32) (result i32) (i32.popcnt (local.get 0)))
  (func (export "extend8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
  (func (export "extend32") (param i64) (result i64) (i64.extend32_s (local.get 0)))
  (func (export "fmin") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "fmax64") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
  (func (export "fneg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "fabs64") (param f64) (result f64) (f64.abs (local.get 0)))
  (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
  (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
  (func (export "fne") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
  (func (export "trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "trunc_f64_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "trunc_f64_s64") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "trunc_f32_u64") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "sat_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
  (func (export "sat_f64_u64") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
  (func (export "convert_u64") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "const_nan") (result f32) (f32.const nan:0x200001))
  (func (export "times_one") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 1)))
  (func (export "promote_demote") (param f32) (result f32) (f32.demote_f64 (f64.promote_f32 (local.get 0))))
))";

uint64_t f32(float value) { return std::bit_cast<uint32_t>(value); }
uint64_t f64(double value) { return std::bit_cast<uint64_t>(value); }
float as_f32(uint64_t bits) { return std::bit_cast<float>(uint32_t(bits)); }
double as_f64(uint64_t bits) { return std::bit_cast<double>(bits); }
uint64_t i32(int32_t value) { return uint32_t(value); }
uint64_t i64(int64_t value) { return uint64_t(value); }

class CodegenNumericTest : public ::testing::TestWithParam<unsigned> {
 protected:
  void SetUp() override { instance_ = std::make_unique<JitInstance>(kNumeric, GetParam()); }
  std::unique_ptr<JitInstance> instance_;
};

TEST_P(CodegenNumericTest, IntegerDivisionTrapsOnZeroAndOverflow) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("div_s", {i32(-7), i32(2)}), i32(-3));
  EXPECT_EQ(m.result("div_u", {i32(-7), i32(2)}), 0x7FFFFFFCu);
  EXPECT_EQ(m.trap("div_s", {i32(1), i32(0)}), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(m.trap("div_u", {i32(1), i32(0)}), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(m.trap("rem_s", {i32(1), i32(0)}), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(m.trap("rem_u64", {i64(1), i64(0)}), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(m.trap("div_s", {i32(INT32_MIN), i32(-1)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.trap("div_s64", {i64(INT64_MIN), i64(-1)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.result("rem_s", {i32(INT32_MIN), i32(-1)}), 0u);
  EXPECT_EQ(m.result("rem_s64", {i64(INT64_MIN), i64(-1)}), 0u);
  EXPECT_EQ(m.result("rem_s", {i32(-7), i32(2)}), i32(-1));
}

TEST_P(CodegenNumericTest, ShiftsAndRotatesMaskTheirCount) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("shl", {1, 33}), 2u);
  EXPECT_EQ(m.result("shr_s64", {i64(-256), 68}), i64(-16));
  EXPECT_EQ(m.result("rotl", {0x80000001u, 33}), 3u);
  EXPECT_EQ(m.result("rotr64", {1, 65}), 0x8000000000000000u);
}

TEST_P(CodegenNumericTest, BitCountsAndSignExtension) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("clz", {0}), 32u);
  EXPECT_EQ(m.result("ctz64", {0}), 64u);
  EXPECT_EQ(m.result("ctz64", {0x100}), 8u);
  EXPECT_EQ(m.result("popcnt", {0xF0F0}), 8u);
  EXPECT_EQ(m.result("extend8", {0x180}), i32(-128));
  EXPECT_EQ(m.result("extend32", {0x80000000u}), i64(INT32_MIN));
}

TEST_P(CodegenNumericTest, FloatOpsFollowWasm) {
  JitInstance& m = *instance_;
  EXPECT_TRUE(std::isnan(as_f32(m.result("fmin", {f32(NAN), f32(1.0f)}))));
  EXPECT_EQ(m.result("fmin", {f32(0.0f), f32(-0.0f)}), f32(-0.0f));
  EXPECT_EQ(m.result("fmax64", {f64(-0.0), f64(0.0)}), f64(0.0));
  EXPECT_TRUE(std::isnan(as_f64(m.result("fmax64", {f64(1.0), f64(NAN)}))));
  // Sign-bit operations keep a signaling NaN's payload.
  EXPECT_EQ(m.result("fneg", {0x7FA00001u}), 0xFFA00001u);
  EXPECT_EQ(m.result("fabs64", {0xFFF4000000000001u}), 0x7FF4000000000001u);
  EXPECT_EQ(m.result("copysign", {0x7FA00001u, f32(-1.0f)}), 0xFFA00001u);
  EXPECT_EQ(m.result("const_nan"), 0x7FA00001u);
  EXPECT_EQ(as_f64(m.result("nearest", {f64(2.5)})), 2.0);
  EXPECT_EQ(as_f64(m.result("nearest", {f64(-3.5)})), -4.0);
  EXPECT_EQ(m.result("fne", {f32(NAN), f32(NAN)}), 1u);
}

TEST_P(CodegenNumericTest, ArithmeticQuietsSignalingNaNs) {
  JitInstance& m = *instance_;
  // An arithmetic NaN has the quiet bit (the mantissa's top bit) set.
  EXPECT_EQ(m.result("fmin", {0x7FA00001u, f32(1.0f)}) & 0x7FC00000u, 0x7FC00000u);
  EXPECT_EQ(m.result("times_one", {0x7FF4000000000001u}) & 0x7FF8000000000000u, 0x7FF8000000000000u);
  EXPECT_EQ(m.result("promote_demote", {0xFFA00000u}) & 0x7FC00000u, 0x7FC00000u);
  EXPECT_EQ(m.result("times_one", {f64(-2.5)}), f64(-2.5));
}

TEST_P(CodegenNumericTest, TrappingConversionsCheckTheRange) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.trap("trunc_f32_s", {f32(NAN)}), TrapKind::InvalidConversionToInteger);
  EXPECT_EQ(m.result("trunc_f32_s", {f32(-2147483648.0f)}), i32(INT32_MIN));
  EXPECT_EQ(m.trap("trunc_f32_s", {f32(2147483648.0f)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.result("trunc_f64_s", {f64(-2147483648.9)}), i32(INT32_MIN));
  EXPECT_EQ(m.trap("trunc_f64_s", {f64(-2147483649.0)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.result("trunc_f64_s", {f64(2147483647.9)}), i32(INT32_MAX));
  EXPECT_EQ(m.result("trunc_f64_u", {f64(-0.9)}), 0u);
  EXPECT_EQ(m.trap("trunc_f64_u", {f64(-1.0)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.result("trunc_f64_u", {f64(4294967295.9)}), 0xFFFFFFFFu);
  EXPECT_EQ(m.trap("trunc_f64_u", {f64(4294967296.0)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.trap("trunc_f64_s64", {f64(9223372036854775808.0)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(m.result("trunc_f64_s64", {f64(-9223372036854775808.0)}), i64(INT64_MIN));
  EXPECT_EQ(m.result("trunc_f32_u64", {f32(18446742974197923840.0f)}), 18446742974197923840u);
  EXPECT_EQ(m.trap("trunc_f32_u64", {f32(18446744073709551616.0f)}), TrapKind::IntegerOverflow);
}

TEST_P(CodegenNumericTest, SaturatingConversionsClamp) {
  JitInstance& m = *instance_;
  EXPECT_EQ(m.result("sat_f32_s", {f32(NAN)}), 0u);
  EXPECT_EQ(m.result("sat_f32_s", {f32(-1e10f)}), i32(INT32_MIN));
  EXPECT_EQ(m.result("sat_f32_s", {f32(1e10f)}), i32(INT32_MAX));
  EXPECT_EQ(m.result("sat_f64_u64", {f64(-5.0)}), 0u);
  EXPECT_EQ(m.result("sat_f64_u64", {f64(1e30)}), UINT64_MAX);
  EXPECT_EQ(as_f32(m.result("convert_u64", {UINT64_MAX})), 18446744073709551616.0f);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodegenNumericTest, ::testing::Values(0u, 2u));

}  // namespace
}  // namespace kiln::test
