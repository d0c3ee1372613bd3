// Wasm calling host functions: typed ones through their native entry (arguments in registers, and
// on the stack past the registers), dynamic ones and v128 ones through value slots, each value
// type both ways, and traps from either path.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include <cstring>
#include <stdexcept>

#include "kiln/linker.h"

namespace kiln {
namespace {

using enum ValType;

class HostCalls : public ::testing::TestWithParam<unsigned> {
 protected:
  CompiledModule compile(std::string_view wat) { return test::compile_wat(wat, {.opt_level = GetParam()}); }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

TEST_P(HostCalls, TypedHostFunctionsOfScalarTypesHaveANativeEntry) {
  EXPECT_NE(store_.create_func([](int32_t, double) -> float { return 0; }).host()->native(), nullptr);
  EXPECT_NE(store_.create_func([](Caller&, void*) {}).host()->native(), nullptr);
  EXPECT_EQ(store_.create_func([](kiln::V128 value) { return value; }).host()->native(), nullptr);
  EXPECT_EQ(store_
                .create_func(FuncType{{I32}, {}},
                             [](Caller&, std::span<abi::ValueSlot>) -> std::optional<Trap> { return std::nullopt; })
                .host()
                ->native(),
            nullptr);
}

TEST_P(HostCalls, EveryScalarTypeInAndOut) {
  int marker = 0;
  void* seen_ref = nullptr;
  linker_.func("env", "mix", [&](int32_t a, int64_t b, float c, double d, void* ref) -> double {
    seen_ref = ref;
    return a + static_cast<double>(b) + c + d;
  });
  linker_.func("env", "i32", [](uint32_t x) { return x * 2; });
  // Wrapping, as wasm arithmetic does: the test passes INT64_MIN.
  linker_.func("env", "i64", [](int64_t x) { return static_cast<int64_t>(static_cast<uint64_t>(x) - 1); });
  linker_.func("env", "f32", [](float x) { return x / 2; });
  linker_.func("env", "ref", [](void* x) { return x; });
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (import "env" "mix" (func $mix (param i32 i64 f32 f64 externref) (result f64)))
      (import "env" "i32" (func $i32 (param i32) (result i32)))
      (import "env" "i64" (func $i64 (param i64) (result i64)))
      (import "env" "f32" (func $f32 (param f32) (result f32)))
      (import "env" "ref" (func $ref (param externref) (result externref)))
      (func (export "mix") (param externref) (result f64)
        (call $mix (i32.const -3) (i64.const 5000000000) (f32.const 0.5) (f64.const 0.25) (local.get 0)))
      (func (export "i32") (param i32) (result i32) (call $i32 (local.get 0)))
      (func (export "i64") (param i64) (result i64) (call $i64 (local.get 0)))
      (func (export "f32") (param f32) (result f32) (call $f32 (local.get 0)))
      (func (export "ref") (param externref) (result externref) (call $ref (local.get 0))))
  )"));
  EXPECT_EQ(*instance.typed<double(void*)>("mix")(&marker), -3 + 5000000000.0 + 0.5 + 0.25);
  EXPECT_EQ(seen_ref, &marker);
  EXPECT_EQ(*instance.typed<uint32_t(uint32_t)>("i32")(0x80000001u), 2u);
  EXPECT_EQ(*instance.typed<int64_t(int64_t)>("i64")(INT64_MIN), INT64_MAX);
  EXPECT_EQ(*instance.typed<float(float)>("f32")(3.0f), 1.5f);
  EXPECT_EQ(*instance.typed<void*(void*)>("ref")(&marker), &marker);
}

// Twelve integers and twelve floats: more than the registers hold, so some go on the stack.
TEST_P(HostCalls, ArgumentsPastTheRegistersArriveInOrder) {
  linker_.func(
      "env", "many",
      [](int64_t a0, double b0, int64_t a1, double b1, int64_t a2, double b2, int64_t a3, double b3, int64_t a4,
         double b4, int64_t a5, double b5, int64_t a6, double b6, int64_t a7, double b7, int64_t a8, double b8,
         int64_t a9, double b9, int64_t a10, double b10, int64_t a11, double b11) -> int64_t {
        int64_t ints[] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11};
        double floats[] = {b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11};
        // Unsigned: the digest wraps, which signed arithmetic may not.
        uint64_t digest = 0;
        for (int i = 0; i < 12; ++i)
          digest = digest * 31 + static_cast<uint64_t>(ints[i]) * 1000 + static_cast<uint64_t>(floats[i]);
        return static_cast<int64_t>(digest);
      });
  std::string params;
  std::string args;
  for (int i = 0; i < 12; ++i) {
    params += " i64 f64";
    args += " (i64.const " + std::to_string(i + 1) + ") (f64.const " + std::to_string(100 + i) + ")";
  }
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (import "env" "many" (func $many (param)" + params +
                                                   R"() (result i64)))
      (func (export "run") (result i64) (call $many)" +
                                                   args + R"()))
  )"));
  uint64_t expected = 0;
  for (uint64_t i = 0; i < 12; ++i) expected = expected * 31 + (i + 1) * 1000 + (100 + i);
  EXPECT_EQ(*instance.typed<int64_t()>("run")(), static_cast<int64_t>(expected));
}

TEST_P(HostCalls, SlotPathsForDynamicFunctionsSeveralResultsAndV128) {
  // A dynamic function of a type that also has a native form: the thunk falls back to the slots.
  linker_.func("env", "dyn", FuncType{{I32, F64}, {F64}},
               [](Caller&, std::span<abi::ValueSlot> slots) -> std::optional<Trap> {
                 store_slot(slots[0], load_slot<int32_t>(slots[0]) * load_slot<double>(slots[1]));
                 return std::nullopt;
               });
  linker_.func("env", "pair", FuncType{{I64}, {I64, I32}},
               [](Caller&, std::span<abi::ValueSlot> slots) -> std::optional<Trap> {
                 int64_t value = load_slot<int64_t>(slots[0]);
                 store_slot(slots[0], value + 1);
                 store_slot(slots[1], static_cast<int32_t>(value * 2));
                 return std::nullopt;
               });
  linker_.func("env", "swap", [](kiln::V128 value) {
    kiln::V128 swapped;
    std::memcpy(swapped.bytes, value.bytes + 8, 8);
    std::memcpy(swapped.bytes + 8, value.bytes, 8);
    return swapped;
  });
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (import "env" "dyn" (func $dyn (param i32 f64) (result f64)))
      (import "env" "pair" (func $pair (param i64) (result i64 i32)))
      (import "env" "swap" (func $swap (param v128) (result v128)))
      (func (export "dyn") (result f64) (call $dyn (i32.const 3) (f64.const 1.5)))
      (func (export "pair") (result i64)
        (local $low i32)
        (call $pair (i64.const 20))
        (local.set $low)
        (i64.add (i64.extend_i32_s (local.get $low))))
      (func (export "swap") (result i64)
        (i64x2.extract_lane 0 (call $swap (v128.const i64x2 7 9)))))
  )"));
  EXPECT_EQ(*instance.typed<double()>("dyn")(), 4.5);
  EXPECT_EQ(*instance.typed<int64_t()>("pair")(), 21 + 40);
  EXPECT_EQ(*instance.typed<int64_t()>("swap")(), 9);
}

TEST_P(HostCalls, TrapsFromTheNativeEntryCarryTheWasmFrames) {
  linker_.func("env", "fail", [](int32_t code) -> Result<int32_t> {
    if (code == 1) return host_trap("failed with 1");
    if (code == 2) throw std::runtime_error("threw 2");
    return code * 10;
  });
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (import "env" "fail" (func $fail (param i32) (result i32)))
      (func $inner (param i32) (result i32) (i32.add (call $fail (local.get 0)) (i32.const 1)))
      (func $outer (export "outer") (param i32) (result i32) (i32.mul (call $inner (local.get 0)) (i32.const 2))))
  )"));
  auto outer = instance.typed<int32_t(int32_t)>("outer");
  EXPECT_EQ(*outer(3), 62);
  Result<int32_t> failed = outer(1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.trap().kind, TrapKind::Host);
  EXPECT_EQ(failed.trap().message, "failed with 1");
  // Inlined at O2, $inner is still listed.
  ASSERT_EQ(failed.trap().backtrace.size(), 2u);
  EXPECT_EQ(failed.trap().backtrace[0].func_name, "inner");
  EXPECT_EQ(failed.trap().backtrace[1].func_name, "outer");
  EXPECT_EQ(outer(2).trap().message, "threw 2");
  EXPECT_EQ(*outer(4), 82) << "and the next call runs normally";
}

INSTANTIATE_TEST_SUITE_P(OptLevels, HostCalls, ::testing::Values(0u, 2u),
                         [](const ::testing::TestParamInfo<unsigned>& info) {
                           return "O" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace kiln
