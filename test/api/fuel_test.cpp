// Fuel: a deterministic budget of wasm instructions per store. Running out traps "all fuel
// consumed"; what a call spends is the same on every run and at every optimization level.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include "kiln/decoder.h"
#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"
#include "kiln/writer.h"

namespace kiln {
namespace {

constexpr std::string_view kCounter = R"(
  (module
    (func $count (export "count") (param i32) (result i32)
      (local i32)
      (loop
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if 0 (i32.ne (local.get 1) (local.get 0))))
      (local.get 1))
    (func (export "twice") (param i32) (result i32)
      (i32.add (call $count (local.get 0)) (call $count (local.get 0)))))
)";

class Fuel : public ::testing::TestWithParam<unsigned> {
 protected:
  Instance& instantiate(std::string_view wat, bool consume_fuel = true) {
    return linker_.instantiate(test::compile_wat(wat, {.opt_level = GetParam(), .consume_fuel = consume_fuel}));
  }
  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

// What count(n) spends: `loop`, 8 instructions per iteration (up to br_if), the loop's `end`,
// then local.get and the body's `end`.
uint64_t count_cost(uint64_t n) { return 1 + 8 * n + 1 + 2; }

TEST_P(Fuel, EachInstructionCostsOneUnit) {
  Instance& instance = instantiate(kCounter);
  auto count = instance.typed<int32_t(int32_t)>("count");
  store_.set_fuel(1'000'000);
  EXPECT_EQ(*count(10), 10);
  EXPECT_EQ(store_.fuel(), 1'000'000 - count_cost(10));
  store_.set_fuel(1'000'000);
  EXPECT_EQ(*count(1000), 1000);
  EXPECT_EQ(store_.fuel(), 1'000'000 - count_cost(1000));
}

TEST_P(Fuel, RunningOutTraps) {
  Instance& instance = instantiate(kCounter);
  auto twice = instance.typed<int32_t(int32_t)>("twice");
  store_.set_fuel(count_cost(1000));  // enough for one of the two calls, not both
  Result<int32_t> result = twice(1000);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::OutOfFuel);
  EXPECT_EQ(result.trap().message, "all fuel consumed");
  ASSERT_NE(result.trap().origin(), nullptr);
  EXPECT_EQ(result.trap().origin()->func_name, "count");
  EXPECT_EQ(store_.fuel(), 0u);
  EXPECT_EQ(twice(1).trap().kind, TrapKind::OutOfFuel) << "nothing left";
  store_.set_fuel(2 * count_cost(1000) + 10);
  EXPECT_EQ(*twice(1000), 2000);
}

TEST_P(Fuel, CodeThatDoesNotConsumeFuelRunsWithout) {
  Instance& instance = instantiate(kCounter, false);
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("count")(100), 100);
  EXPECT_EQ(store_.fuel(), 0u);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, Fuel, ::testing::Values(0u, 2u),
                         [](const ::testing::TestParamInfo<unsigned>& info) {
                           return "O" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace kiln
