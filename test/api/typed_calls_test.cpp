// Typed calls from the host into wasm: every value type through the register path (as many
// values as the registers hold), signatures past the registers or with v128 through value slots,
// and a store whose calls move to another thread, whose stack then limits the recursion.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include <pthread.h>

#include <cstring>

#include "kiln/linker.h"

namespace kiln {
namespace {

class TypedCalls : public ::testing::TestWithParam<unsigned> {
 protected:
  CompiledModule compile(std::string_view wat) { return test::compile_wat(wat, {.opt_level = GetParam()}); }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

static_assert(detail::register_call<double, int32_t, int64_t, uint32_t, uint64_t, void*, float, double, float, double,
                                    float, double, float, double>());
static_assert(!detail::register_call<int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t>());
static_assert(!detail::register_call<double, double, double, double, double, double, double, double, double, double>());
static_assert(!detail::register_call<V128, int32_t>() && !detail::register_call<void, V128>());

TEST_P(TypedCalls, EveryRegisterHoldsItsValue) {
  // Five integers (the sixth register carries the call) and eight floats, interleaved.
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (func (export "mix") (param i32 f32 i64 f64 i32 f32 i64 f64 externref f32 f64 f32 f64) (result f64)
        (f64.add
          (f64.add
            (f64.add (f64.convert_i32_s (local.get 0)) (f64.promote_f32 (local.get 1)))
            (f64.add (f64.convert_i64_s (local.get 2)) (f64.mul (local.get 3) (f64.const 10))))
          (f64.add
            (f64.add (f64.mul (f64.convert_i32_u (local.get 4)) (f64.const 100))
                     (f64.promote_f32 (local.get 5)))
            (f64.add
              (f64.add (f64.convert_i64_s (local.get 6)) (f64.mul (local.get 7) (f64.const 1000)))
              (f64.add
                (f64.add (f64.promote_f32 (local.get 9)) (local.get 10))
                (f64.add (f64.promote_f32 (local.get 11)) (f64.mul (local.get 12) (f64.const 0.5))))))))
      (func (export "ref") (param i64 externref) (result externref) (local.get 1))
      (func (export "f32") (param f32 f32) (result f32) (f32.sub (local.get 0) (local.get 1)))
      (func (export "u64") (param i64) (result i64) (i64.shr_u (local.get 0) (i64.const 1))))
  )"));
  auto mix = instance.typed<double(int32_t, float, int64_t, double, uint32_t, float, int64_t, double, void*, float,
                                   double, float, double)>("mix");
  double result = *mix(-1, 0.5f, 3, 0.25, 7, 0.125f, -20, 0.5, nullptr, 4.0f, 8.0, 16.0f, 64.0);
  EXPECT_EQ(result, -1 + 0.5 + 3 + 2.5 + 700 + 0.125 - 20 + 500 + 4 + 8 + 16 + 32);
  int marker = 0;
  EXPECT_EQ(*instance.typed<void*(int64_t, void*)>("ref")(5, &marker), &marker);
  EXPECT_EQ(*instance.typed<float(float, float)>("f32")(2.5f, 0.25f), 2.25f);
  EXPECT_EQ(*instance.typed<uint64_t(uint64_t)>("u64")(UINT64_MAX), UINT64_MAX >> 1);
}

TEST_P(TypedCalls, PastTheRegistersAndV128GoThroughSlots) {
  Instance& instance = linker_.instantiate(compile(R"(
    (module
      (func (export "six") (param i32 i32 i32 i32 i32 i32) (result i32)
        (i32.add (i32.add (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 10)))
                          (i32.add (i32.mul (local.get 2) (i32.const 100)) (i32.mul (local.get 3) (i32.const 1000))))
                 (i32.add (i32.mul (local.get 4) (i32.const 10000)) (i32.mul (local.get 5) (i32.const 100000)))))
      (func (export "lanes") (param v128) (result i32) (i32x4.extract_lane 2 (local.get 0)))
      (func (export "div") (param i32 i32 i32 i32 i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 5))))
  )"));
  EXPECT_EQ(*instance.typed<int32_t(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t)>("six")(1, 2, 3, 4, 5, 6),
            654321);
  V128 vector{};
  int32_t lanes[4] = {1, 2, 3, 4};
  std::memcpy(vector.bytes, lanes, sizeof lanes);
  EXPECT_EQ(*instance.typed<int32_t(V128)>("lanes")(vector), 3);
  auto div = instance.typed<int32_t(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t)>("div");
  EXPECT_EQ(div(1, 0, 0, 0, 0, 0).trap().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(*div(9, 0, 0, 0, 0, 3), 3);
}

TEST_P(TypedCalls, AStoreMovedToAnotherThreadIsLimitedByThatThreadsStack) {
  // Unoptimized, so that the recursion is not turned into a loop.
  Instance& instance = linker_.instantiate(test::compile_wat(R"(
    (module
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
  )",
                                                             {.opt_level = 0}));
  auto down = instance.typed<int32_t(int32_t)>("down");
  EXPECT_EQ(*down(100), 100);
  // A thread with a small stack: its own limit must stop the recursion, not the first thread's.
  Result<int32_t> deep = 0;
  Result<int32_t> shallow = 0;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 1024 * 1024);  // the stack margin (256 KiB) is kept free
  struct Run {
    TypedFunc<int32_t(int32_t)>* down;
    Result<int32_t>* deep;
    Result<int32_t>* shallow;
  } run{&down, &deep, &shallow};
  pthread_t thread;
  ASSERT_EQ(pthread_create(
                &thread, &attributes,
                [](void* argument) -> void* {
                  auto* run = static_cast<Run*>(argument);
                  *run->deep = (*run->down)(1000000);
                  *run->shallow = (*run->down)(100);
                  return nullptr;
                },
                &run),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.trap().kind, TrapKind::CallStackExhausted);
  ASSERT_TRUE(shallow.ok()) << shallow.trap().message;
  EXPECT_EQ(*shallow, 100);
  EXPECT_EQ(*down(100), 100) << "back on the first thread";
}

INSTANTIATE_TEST_SUITE_P(OptLevels, TypedCalls, ::testing::Values(0u, 2u),
                         [](const ::testing::TestParamInfo<unsigned>& info) {
                           return "O" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace kiln
