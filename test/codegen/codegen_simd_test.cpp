// SIMD semantics of compiled code at their edges: swizzle's out-of-range lanes, shift counts,
// saturation (q15mulr, narrowing, trunc_sat), NaN and ±0 in min/max and pmin/pmax, bitmask,
// extending multiplies and the dot product, and the v128 memory accesses. Operands go through
// memory (a at 0, b at 16, the result at 32), since calls return only a result's low 8 bytes.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jit_instance.h"

namespace kiln::test {
namespace {

template <typename T>
using Lanes = std::array<T, 16 / sizeof(T)>;

constexpr const char* kBinary[] = {
    "i8x16.swizzle",
    "i16x8.q15mulr_sat_s",
    "i8x16.narrow_i16x8_s",
    "i8x16.narrow_i16x8_u",
    "i16x8.narrow_i32x4_s",
    "i16x8.narrow_i32x4_u",
    "f32x4.min",
    "f32x4.max",
    "f64x2.min",
    "f32x4.pmin",
    "f32x4.pmax",
    "f64x2.pmax",
    "i16x8.extmul_low_i8x16_s",
    "i16x8.extmul_high_i8x16_u",
    "i64x2.extmul_high_i32x4_u",
    "i32x4.extmul_low_i16x8_s",
    "i32x4.dot_i16x8_s",
    "i8x16.avgr_u",
    "i8x16.add_sat_s",
    "i16x8.sub_sat_u",
    "i64x2.lt_s",
    "i32x4.gt_u",
    "f32x4.ne",
    "f64x2.le",
    "v128.andnot",
    "f32x4.add",
    "i64x2.mul",
};
constexpr const char* kUnary[] = {
    "i8x16.abs",
    "i64x2.abs",
    "i8x16.popcnt",
    "i16x8.extadd_pairwise_i8x16_s",
    "i32x4.extadd_pairwise_i16x8_u",
    "i32x4.extend_high_i16x8_s",
    "i64x2.extend_low_i32x4_u",
    "i32x4.trunc_sat_f32x4_s",
    "i32x4.trunc_sat_f32x4_u",
    "i32x4.trunc_sat_f64x2_s_zero",
    "i32x4.trunc_sat_f64x2_u_zero",
    "f32x4.convert_i32x4_u",
    "f64x2.convert_low_i32x4_u",
    "f32x4.demote_f64x2_zero",
    "f64x2.promote_low_f32x4",
    "f32x4.neg",
    "f64x2.abs",
    "f32x4.nearest",
    "f64x2.sqrt",
};
constexpr const char* kShifts[] = {"i8x16.shl", "i8x16.shr_s", "i16x8.shr_u", "i32x4.shl", "i64x2.shr_s"};
constexpr const char* kTests[] = {"i8x16.bitmask", "i16x8.bitmask",  "i32x4.bitmask", "i64x2.bitmask",
                                  "v128.any_true", "i8x16.all_true", "i64x2.all_true"};

std::string simd_module() {
  std::string wat = "(module (memory 1)\n";
  auto func = [&](std::string_view name, std::string_view signature, std::string_view body) {
    wat.append("(func (export \"").append(name).append("\") ").append(signature).append(" ").append(body);
    wat.append(")\n");
  };
  auto store_result = [](std::string_view expression) {
    return "(v128.store (i32.const 32) " + std::string(expression) + ")";
  };
  const std::string a = "(v128.load (i32.const 0))";
  const std::string b = "(v128.load (i32.const 16))";
  for (std::string op : kBinary) func(op, "", store_result("(" + op + " " + a + " " + b + ")"));
  for (std::string op : kUnary) func(op, "", store_result("(" + op + " " + a + ")"));
  for (std::string op : kShifts) func(op, "(param i32)", store_result("(" + op + " " + a + " (local.get 0))"));
  for (std::string op : kTests) func(op, "(result i32)", "(" + op + " " + a + ")");
  func("shuffle", "", store_result("(i8x16.shuffle 0 31 1 30 2 29 3 28 4 27 5 26 6 25 7 24 " + a + " " + b + ")"));
  func("bitselect", "", store_result("(v128.bitselect " + a + " " + b + " (v128.const i32x4 -1 0 0xFF00FF00 0))"));
  func("mul_by_one", "", store_result("(f32x4.mul " + a + " (v128.const f32x4 1 1 1 1))"));
  func("demote_promote", "", store_result("(f32x4.demote_f64x2_zero (f64x2.promote_low_f32x4 " + a + "))"));
  func("splat", "(param i32)", store_result("(i16x8.splat (local.get 0))"));
  func("extract_s", "(result i32)", "(i8x16.extract_lane_s 15 " + a + ")");
  func("extract_u", "(result i32)", "(i16x8.extract_lane_u 7 " + a + ")");
  func("extract_f64", "(result f64)", "(f64x2.extract_lane 1 " + a + ")");
  func("replace", "(param i32)", store_result("(i8x16.replace_lane 5 " + a + " (local.get 0))"));
  func("load8x8_s", "(param i32)", store_result("(v128.load8x8_s offset=1 (local.get 0))"));
  func("load32x2_u", "(param i32)", store_result("(v128.load32x2_u (local.get 0))"));
  func("load16_splat", "(param i32)", store_result("(v128.load16_splat (local.get 0))"));
  func("load32_zero", "(param i32)", store_result("(v128.load32_zero (local.get 0))"));
  func("load16_lane", "(param i32)", store_result("(v128.load16_lane 3 (local.get 0) " + b + ")"));
  func("store32_lane", "(param i32)", "(v128.store32_lane 2 (local.get 0) " + a + ")");
  func("drop_load", "(param i32)", "(drop (v128.load (local.get 0)))");
  func("drop_lane_load", "(param i32)", "(drop (v128.load64_lane 1 (local.get 0) " + a + "))");
  return wat + ")";
}

class CodegenSimdTest : public ::testing::TestWithParam<unsigned> {
 protected:
  void SetUp() override { instance_ = std::make_unique<JitInstance>(simd_module(), GetParam()); }

  template <typename T>
  void put(uint32_t address, const Lanes<T>& lanes) {
    std::memcpy(instance_->memory() + address, lanes.data(), 16);
  }
  template <typename T>
  Lanes<T> get(uint32_t address) {
    Lanes<T> lanes;
    std::memcpy(lanes.data(), instance_->memory() + address, 16);
    return lanes;
  }
  // Runs `op` on a (and b) from memory and returns its result as lanes of `Result`.
  template <typename Result, typename Operand>
  Lanes<Result> run(const char* op, const Lanes<Operand>& a, const Lanes<Operand>& b = {},
                    std::vector<uint64_t> args = {}) {
    put(0, a);
    put(16, b);
    EXPECT_FALSE(instance_->call(op, std::move(args)).trap) << op;
    return get<Result>(32);
  }
  // Runs `op` on a from memory and returns its scalar result.
  uint64_t i32_result(const char* op, const Lanes<uint8_t>& a) {
    put(0, a);
    return instance_->result(op);
  }

  std::unique_ptr<JitInstance> instance_;
};

uint32_t bits(float value) { return std::bit_cast<uint32_t>(value); }
uint64_t bits(double value) { return std::bit_cast<uint64_t>(value); }
float f32_of(uint32_t value) { return std::bit_cast<float>(value); }
double f64_of(uint64_t value) { return std::bit_cast<double>(value); }
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST_P(CodegenSimdTest, SwizzleGivesZeroForIndicesOutOfRange) {
  Lanes<uint8_t> table{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
  Lanes<uint8_t> indices{0, 15, 16, 0x7F, 0x80, 0xFF, 3, 0x70, 0x8F, 0x10, 14, 1, 31, 32, 0xF0, 2};
  EXPECT_EQ((run<uint8_t, uint8_t>("i8x16.swizzle", table, indices)),
            (Lanes<uint8_t>{10, 25, 0, 0, 0, 0, 13, 0, 0, 0, 24, 11, 0, 0, 0, 12}));
}

TEST_P(CodegenSimdTest, ShuffleAndLaneAccess) {
  Lanes<uint8_t> a{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x80};
  Lanes<uint8_t> b{16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
  EXPECT_EQ((run<uint8_t, uint8_t>("shuffle", a, b)),
            (Lanes<uint8_t>{0, 31, 1, 30, 2, 29, 3, 28, 4, 27, 5, 26, 6, 25, 7, 24}));
  EXPECT_EQ(i32_result("extract_s", a), uint32_t(-128));
  EXPECT_EQ(i32_result("extract_u", a), 0x800Eu);
  put<double>(0, {1.5, -2.25});
  EXPECT_EQ(f64_of(instance_->result("extract_f64")), -2.25);
  Lanes<uint8_t> replaced = run<uint8_t, uint8_t>("replace", a, {}, {0x1234});
  EXPECT_EQ(replaced[5], 0x34);
  EXPECT_EQ(replaced[4], 4);
  Lanes<int16_t> splat = run<int16_t, int16_t>("splat", {}, {}, {0xABCD8001u});
  EXPECT_EQ(splat, (Lanes<int16_t>{-32767, -32767, -32767, -32767, -32767, -32767, -32767, -32767}));
  EXPECT_EQ((run<uint32_t, uint32_t>("bitselect", {0x11111111, 0x22222222, 0x33333333, 0x44444444},
                                     {0xAAAAAAAA, 0xBBBBBBBB, 0xCCCCCCCC, 0xDDDDDDDD})),
            (Lanes<uint32_t>{0x11111111, 0xBBBBBBBB, 0x33CC33CC, 0xDDDDDDDD}));
  EXPECT_EQ((run<uint32_t, uint32_t>("v128.andnot", {0xFF00FF00, 0, 0, 0}, {0x0F0F0F0F, 0, 0, 0}))[0], 0xF000F000u);
}

TEST_P(CodegenSimdTest, ShiftCountsAreTakenModuloTheLaneWidth) {
  Lanes<int8_t> bytes{1, -128, 64, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ((run<int8_t, int8_t>("i8x16.shl", bytes, {}, {9}))[2], -128);
  EXPECT_EQ((run<int8_t, int8_t>("i8x16.shr_s", bytes, {}, {15}))[1], -1);
  EXPECT_EQ((run<uint16_t, uint16_t>("i16x8.shr_u", {0x8000, 0x1234}, {}, {16}))[1], 0x1234u);
  EXPECT_EQ((run<uint16_t, uint16_t>("i16x8.shr_u", {0x8000, 0x1234}, {}, {31}))[0], 1u);
  EXPECT_EQ((run<uint32_t, uint32_t>("i32x4.shl", {3, 1, 0, 0}, {}, {0xFFFFFFE1}))[0], 6u);
  EXPECT_EQ((run<int64_t, int64_t>("i64x2.shr_s", {-256, 256}, {}, {68})), (Lanes<int64_t>{-16, 16}));
}

TEST_P(CodegenSimdTest, Q15MulrRoundsAndSaturates) {
  Lanes<int16_t> a{-32768, 16384, 1, -1, -32768, 32767, 100, -100};
  Lanes<int16_t> b{-32768, 16384, 16384, 16384, 32767, 32767, -200, -200};
  EXPECT_EQ((run<int16_t, int16_t>("i16x8.q15mulr_sat_s", a, b)),
            (Lanes<int16_t>{32767, 8192, 1, 0, -32767, 32766, -1, 1}));
}

TEST_P(CodegenSimdTest, NarrowingSaturates) {
  Lanes<int16_t> a{300, -300, 127, -128, 128, -129, 0, -1};
  Lanes<int16_t> b{255, 256, 1, 2, 3, 4, 5, 32767};
  EXPECT_EQ((run<int8_t, int16_t>("i8x16.narrow_i16x8_s", a, b)),
            (Lanes<int8_t>{127, -128, 127, -128, 127, -128, 0, -1, 127, 127, 1, 2, 3, 4, 5, 127}));
  EXPECT_EQ((run<uint8_t, int16_t>("i8x16.narrow_i16x8_u", a, b)),
            (Lanes<uint8_t>{255, 0, 127, 0, 128, 0, 0, 0, 255, 255, 1, 2, 3, 4, 5, 255}));
  EXPECT_EQ((run<int16_t, int32_t>("i16x8.narrow_i32x4_s", {70000, -70000, 32767, -32768}, {1, -1, 40000, 0})),
            (Lanes<int16_t>{32767, -32768, 32767, -32768, 1, -1, 32767, 0}));
  EXPECT_EQ((run<uint16_t, int32_t>("i16x8.narrow_i32x4_u", {70000, -5, 65535, 65536}, {1, -1, 40000, 0})),
            (Lanes<uint16_t>{65535, 0, 65535, 65535, 1, 0, 40000, 0}));
}

TEST_P(CodegenSimdTest, MinMaxPropagateNaNAndOrderZeros) {
  Lanes<float> a{-0.0f, 0.0f, kNaN, 1.0f};
  Lanes<float> b{0.0f, -0.0f, 1.0f, f32_of(0x7FA00001)};
  Lanes<uint32_t> min = run<uint32_t, float>("f32x4.min", a, b);
  EXPECT_EQ(min[0], bits(-0.0f));
  EXPECT_EQ(min[1], bits(-0.0f));
  EXPECT_EQ(min[2] & 0x7FC00000u, 0x7FC00000u);
  EXPECT_EQ(min[3] & 0x7FC00000u, 0x7FC00000u);  // a signaling operand comes out quieted
  Lanes<uint32_t> max = run<uint32_t, float>("f32x4.max", a, b);
  EXPECT_EQ(max[0], bits(0.0f));
  EXPECT_EQ(max[1], bits(0.0f));
  EXPECT_EQ(max[3] & 0x7FC00000u, 0x7FC00000u);
  Lanes<uint64_t> min64 = run<uint64_t, double>("f64x2.min", {0.0, 2.0}, {-0.0, std::nan("")});
  EXPECT_EQ(min64[0], bits(-0.0));
  EXPECT_TRUE(std::isnan(f64_of(min64[1])));
}

TEST_P(CodegenSimdTest, PseudoMinMaxSelectAnOperand) {
  Lanes<float> a{f32_of(0x7FA00001), 1.0f, -0.0f, 0.0f};
  Lanes<float> b{1.0f, f32_of(0xFFC00002), 0.0f, -0.0f};
  // b < a ? b : a keeps a whenever the comparison is false: on NaN and on equal zeros.
  EXPECT_EQ((run<uint32_t, float>("f32x4.pmin", a, b)),
            (Lanes<uint32_t>{0x7FA00001, bits(1.0f), bits(-0.0f), bits(0.0f)}));
  EXPECT_EQ((run<uint32_t, float>("f32x4.pmax", a, b)),
            (Lanes<uint32_t>{0x7FA00001, bits(1.0f), bits(-0.0f), bits(0.0f)}));
  EXPECT_EQ((run<double, double>("f64x2.pmax", {1.0, 5.0}, {2.0, -5.0})), (Lanes<double>{2.0, 5.0}));
}

TEST_P(CodegenSimdTest, SaturatingTruncationClampsAndZeroesNaN) {
  EXPECT_EQ((run<int32_t, float>("i32x4.trunc_sat_f32x4_s", {kNaN, 3e9f, -3e9f, -1.9f})),
            (Lanes<int32_t>{0, INT32_MAX, INT32_MIN, -1}));
  EXPECT_EQ((run<uint32_t, float>("i32x4.trunc_sat_f32x4_u", {kNaN, 5e9f, -1.9f, 4294967040.0f})),
            (Lanes<uint32_t>{0, UINT32_MAX, 0, 4294967040u}));
  Lanes<double> operand{-2147483648.9, 1e300};
  EXPECT_EQ((run<int32_t, double>("i32x4.trunc_sat_f64x2_s_zero", operand)),
            (Lanes<int32_t>{INT32_MIN, INT32_MAX, 0, 0}));
  EXPECT_EQ((run<uint32_t, double>("i32x4.trunc_sat_f64x2_u_zero", {4294967295.9, -0.5})),
            (Lanes<uint32_t>{UINT32_MAX, 0, 0, 0}));
}

TEST_P(CodegenSimdTest, FloatConversionsAndSignBits) {
  EXPECT_EQ((run<float, uint32_t>("f32x4.convert_i32x4_u", {UINT32_MAX, 0x80000001u, 16777217u, 0})),
            (Lanes<float>{4294967296.0f, 2147483648.0f, 16777216.0f, 0.0f}));
  EXPECT_EQ((run<double, uint32_t>("f64x2.convert_low_i32x4_u", {UINT32_MAX, 7, 1, 1})),
            (Lanes<double>{4294967295.0, 7.0}));
  Lanes<uint32_t> demoted = run<uint32_t, double>("f32x4.demote_f64x2_zero", {1.5, 1e300});
  EXPECT_EQ(demoted, (Lanes<uint32_t>{bits(1.5f), bits(std::numeric_limits<float>::infinity()), 0, 0}));
  EXPECT_EQ((run<double, float>("f64x2.promote_low_f32x4", {0.25f, -3.0f, 9.0f, 9.0f})), (Lanes<double>{0.25, -3.0}));
  // neg and abs keep a signaling NaN's payload.
  EXPECT_EQ((run<uint32_t, uint32_t>("f32x4.neg", {0x7FA00001, bits(1.0f), 0, 0x80000000})),
            (Lanes<uint32_t>{0xFFA00001, bits(-1.0f), 0x80000000, 0}));
  EXPECT_EQ((run<uint64_t, uint64_t>("f64x2.abs", {0xFFF4000000000001, bits(-2.0)})),
            (Lanes<uint64_t>{0x7FF4000000000001, bits(2.0)}));
  EXPECT_EQ((run<float, float>("f32x4.nearest", {2.5f, -3.5f, 0.5f, -0.4f})), (Lanes<float>{2.0f, -4.0f, 0.0f, -0.0f}));
  EXPECT_EQ((run<double, double>("f64x2.sqrt", {16.0, 2.25})), (Lanes<double>{4.0, 1.5}));
}

TEST_P(CodegenSimdTest, ArithmeticQuietsSignalingNaNs) {
  Lanes<uint32_t> product = run<uint32_t, uint32_t>("mul_by_one", {0x7FA00001, bits(-2.5f), 0xFF800001, 0});
  EXPECT_EQ(product[0] & 0x7FC00000u, 0x7FC00000u);
  EXPECT_EQ(product[1], bits(-2.5f));
  EXPECT_EQ(product[2] & 0x7FC00000u, 0x7FC00000u);
  Lanes<uint32_t> round_trip = run<uint32_t, uint32_t>("demote_promote", {0xFFA00000, bits(0.5f), 7, 7});
  EXPECT_EQ(round_trip[0] & 0x7FC00000u, 0x7FC00000u);
  EXPECT_EQ(round_trip[1], bits(0.5f));
  Lanes<uint32_t> sum = run<uint32_t, uint32_t>("f32x4.add", {0x7FA00001, 0, 0, 0}, {0, 0, 0, 0});
  EXPECT_EQ(sum[0] & 0x7FC00000u, 0x7FC00000u);
}

TEST_P(CodegenSimdTest, BitmaskAndTruthTests) {
  Lanes<uint8_t> bytes{0x80, 1, 0xFF, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x90, 0x80};
  EXPECT_EQ(i32_result("i8x16.bitmask", bytes), 0xC005u);
  // Of the i16 lanes only lane 7 has a high byte with its top bit set.
  EXPECT_EQ(i32_result("i16x8.bitmask", bytes), 0x80u);
  EXPECT_EQ(i32_result("i32x4.bitmask", bytes), 0x8u);
  EXPECT_EQ(i32_result("i64x2.bitmask", bytes), 0x2u);
  EXPECT_EQ(i32_result("v128.any_true", bytes), 1u);
  EXPECT_EQ(i32_result("v128.any_true", {}), 0u);
  EXPECT_EQ(i32_result("i8x16.all_true", bytes), 0u);
  EXPECT_EQ(i32_result("i8x16.all_true", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0x80}), 1u);
  EXPECT_EQ(i32_result("i64x2.all_true", {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}), 0u);
  EXPECT_EQ(i32_result("i64x2.all_true", {0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}), 1u);
}

TEST_P(CodegenSimdTest, WideningArithmetic) {
  Lanes<int8_t> a{-128, -128, 127, -1, 2, 3, 4, 5, -128, 127, -1, 0, 1, 2, 3, 100};
  Lanes<int8_t> b{-128, 127, 127, -1, 1, 1, 1, 1, -128, -1, -1, 5, 5, 5, 5, 100};
  EXPECT_EQ((run<int16_t, int8_t>("i16x8.extmul_low_i8x16_s", a, b)),
            (Lanes<int16_t>{16384, -16256, 16129, 1, 2, 3, 4, 5}));
  EXPECT_EQ((run<uint16_t, int8_t>("i16x8.extmul_high_i8x16_u", a, b)),
            (Lanes<uint16_t>{16384, 127 * 255, 65025, 0, 5, 10, 15, 10000}));
  EXPECT_EQ((run<uint64_t, uint32_t>("i64x2.extmul_high_i32x4_u", {0, 0, UINT32_MAX, 2}, {0, 0, UINT32_MAX, 3})),
            (Lanes<uint64_t>{0xFFFFFFFE00000001u, 6}));
  EXPECT_EQ((run<int32_t, int16_t>("i32x4.extmul_low_i16x8_s", {-32768, 3, -2, 4}, {-32768, -3, 5, 0})),
            (Lanes<int32_t>{1073741824, -9, -10, 0}));
  EXPECT_EQ((run<int32_t, int16_t>("i32x4.dot_i16x8_s", {-32768, -32768, 1, 2, -3, 4, 0, 0},
                                   {-32768, -32768, 3, 4, 5, 6, 0, 0})),
            (Lanes<int32_t>{INT32_MIN, 11, 9, 0}));
  EXPECT_EQ((run<int16_t, int8_t>("i16x8.extadd_pairwise_i8x16_s", a)),
            (Lanes<int16_t>{-256, 126, 5, 9, -1, -1, 3, 103}));
  EXPECT_EQ((run<uint32_t, uint16_t>("i32x4.extadd_pairwise_i16x8_u", {65535, 65535, 1, 2, 0, 0, 7, 8})),
            (Lanes<uint32_t>{131070, 3, 0, 15}));
  EXPECT_EQ((run<int32_t, int16_t>("i32x4.extend_high_i16x8_s", {0, 0, 0, 0, -1, 32767, -32768, 5})),
            (Lanes<int32_t>{-1, 32767, -32768, 5}));
  EXPECT_EQ((run<uint64_t, uint32_t>("i64x2.extend_low_i32x4_u", {UINT32_MAX, 1, 2, 3})),
            (Lanes<uint64_t>{UINT32_MAX, 1}));
}

TEST_P(CodegenSimdTest, LaneWiseIntegerArithmetic) {
  EXPECT_EQ((run<uint8_t, uint8_t>("i8x16.avgr_u", {255, 0, 1, 2}, {255, 1, 2, 2}))[0], 255);
  EXPECT_EQ((run<uint8_t, uint8_t>("i8x16.avgr_u", {255, 0, 1, 2}, {255, 1, 2, 2}))[1], 1);
  EXPECT_EQ((run<int8_t, int8_t>("i8x16.add_sat_s", {100, -100, 1}, {100, -100, 1}))[0], 127);
  EXPECT_EQ((run<int8_t, int8_t>("i8x16.add_sat_s", {100, -100, 1}, {100, -100, 1}))[1], -128);
  EXPECT_EQ((run<uint16_t, uint16_t>("i16x8.sub_sat_u", {1, 500}, {2, 100})), (Lanes<uint16_t>{0, 400}));
  EXPECT_EQ((run<int8_t, int8_t>("i8x16.abs", {-128, -5, 5, 0}))[0], -128);
  EXPECT_EQ((run<int8_t, int8_t>("i8x16.abs", {-128, -5, 5, 0}))[1], 5);
  EXPECT_EQ((run<int64_t, int64_t>("i64x2.abs", {INT64_MIN, -7})), (Lanes<int64_t>{INT64_MIN, 7}));
  EXPECT_EQ((run<uint8_t, uint8_t>("i8x16.popcnt", {0xFF, 0x80, 0x55, 0}))[0], 8);
  EXPECT_EQ((run<uint8_t, uint8_t>("i8x16.popcnt", {0xFF, 0x80, 0x55, 0}))[2], 4);
  EXPECT_EQ((run<int64_t, int64_t>("i64x2.mul", {INT64_MIN, 0x100000001}, {-1, 0x100000001})),
            (Lanes<int64_t>{INT64_MIN, 0x200000001}));
  EXPECT_EQ((run<int64_t, int64_t>("i64x2.lt_s", {-1, 5}, {0, 5})), (Lanes<int64_t>{-1, 0}));
  EXPECT_EQ((run<int32_t, uint32_t>("i32x4.gt_u", {0x80000000u, 1, 2, 3}, {1, 1, 3, 2})),
            (Lanes<int32_t>{-1, 0, 0, -1}));
  EXPECT_EQ((run<int32_t, float>("f32x4.ne", {kNaN, 1.0f, 0.0f, 2.0f}, {kNaN, 1.0f, -0.0f, 3.0f})),
            (Lanes<int32_t>{-1, 0, 0, -1}));
  EXPECT_EQ((run<int64_t, double>("f64x2.le", {std::nan(""), 1.0}, {1.0, 1.0})), (Lanes<int64_t>{0, -1}));
}

TEST_P(CodegenSimdTest, LoadsAndStores) {
  put<uint8_t>(0, {0x81, 2, 3, 4, 5, 6, 7, 8, 0xFF, 10, 11, 12, 13, 14, 15, 16});
  EXPECT_FALSE(instance_->call("load8x8_s", {0}).trap);
  EXPECT_EQ(get<int16_t>(32), (Lanes<int16_t>{2, 3, 4, 5, 6, 7, 8, -1}));
  EXPECT_FALSE(instance_->call("load32x2_u", {8}).trap);
  EXPECT_EQ(get<uint64_t>(32), (Lanes<uint64_t>{0x0C0B0AFF, 0x100F0E0D}));
  EXPECT_FALSE(instance_->call("load16_splat", {1}).trap);
  EXPECT_EQ(get<uint16_t>(32), (Lanes<uint16_t>{0x0302, 0x0302, 0x0302, 0x0302, 0x0302, 0x0302, 0x0302, 0x0302}));
  EXPECT_FALSE(instance_->call("load32_zero", {3}).trap);
  EXPECT_EQ(get<uint32_t>(32), (Lanes<uint32_t>{0x07060504, 0, 0, 0}));
  put<uint16_t>(16, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_FALSE(instance_->call("load16_lane", {9}).trap);
  EXPECT_EQ(get<uint16_t>(32), (Lanes<uint16_t>{1, 2, 3, 0x0B0A, 5, 6, 7, 8}));
  put<uint8_t>(48, {});
  EXPECT_FALSE(instance_->call("store32_lane", {49}).trap);
  EXPECT_EQ(get<uint8_t>(48), (Lanes<uint8_t>{0, 0xFF, 0x0A, 0x0B, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(instance_->trap("load8x8_s", {65528}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(instance_->trap("store32_lane", {65533}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(instance_->trap("drop_load", {65521}), TrapKind::MemoryOutOfBounds);
  EXPECT_FALSE(instance_->trap("drop_load", {65520}));
  EXPECT_EQ(instance_->trap("drop_lane_load", {65529}), TrapKind::MemoryOutOfBounds);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodegenSimdTest, ::testing::Values(0u, 2u));

}  // namespace
}  // namespace kiln::test
