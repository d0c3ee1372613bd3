// Interrupting running wasm: Store::interrupt from another thread, from a host call, before a
// call; what code compiled without interrupt checks does; and that an interruption is consumed.
#include <gtest/gtest.h>

#include "compile_wat.h"

#include <chrono>
#include <thread>

#include "kiln/jit.h"
#include "kiln/linker.h"
#include "kiln/text.h"
#include "kiln/validator.h"

namespace kiln {
namespace {

class Interrupt : public ::testing::TestWithParam<unsigned> {
 protected:
  Instance& instantiate(std::string_view wat, bool interruptible = true) {
    return linker_.instantiate(test::compile_wat(wat, {.opt_level = GetParam(), .interruptible = interruptible}));
  }
  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

constexpr std::string_view kRunaway = R"(
  (module
    (func $spin (export "spin") (loop (br 0)))
    (func $count (export "count") (param i32) (result i32)
      (local i32)
      (loop
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if 0 (i32.ne (local.get 1) (local.get 0))))
      (local.get 1))
    (func (export "answer") (result i32) (i32.const 42)))
)";

TEST_P(Interrupt, ARunawayLoopEndsWhenAnotherThreadInterrupts) {
  Instance& instance = instantiate(kRunaway);
  std::thread interrupter([&] {
    // The request may come before the loop starts; then it traps at the function's entry check.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store_.interrupt();
  });
  Result<void> result = instance.typed<void()>("spin")();
  interrupter.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::Interrupted);
  EXPECT_EQ(result.trap().message, "interrupted");
  ASSERT_NE(result.trap().origin(), nullptr);
  EXPECT_EQ(result.trap().origin()->func_name, "spin");
  // The trap consumed the request: the store runs code again.
  EXPECT_EQ(*instance.typed<int32_t()>("answer")(), 42);
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("count")(1000), 1000);
}

TEST_P(Interrupt, ARequestBeforeTheCallTrapsAtTheFunctionEntry) {
  Instance& instance = instantiate(kRunaway);
  store_.interrupt();
  EXPECT_EQ(instance.typed<int32_t()>("answer")().trap().kind, TrapKind::Interrupted);
  EXPECT_EQ(*instance.typed<int32_t()>("answer")(), 42);
}

TEST_P(Interrupt, AnInterruptDuringAHostCallTrapsBackInWasm) {
  int after_host = 0;
  linker_.func("env", "stop", [&] { store_.interrupt(); });
  linker_.func("env", "mark", [&] { ++after_host; });
  Instance& instance = instantiate(R"(
    (module
      (import "env" "stop" (func $stop))
      (import "env" "mark" (func $mark))
      (func $work (export "work")
        (call $stop)
        (call $mark)  ;; no check between the two calls: this still runs
        (loop (br 0))))
  )");
  Result<void> result = instance.typed<void()>("work")();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.trap().kind, TrapKind::Interrupted);
  EXPECT_EQ(after_host, 1);
  ASSERT_NE(result.trap().origin(), nullptr);
  EXPECT_EQ(result.trap().origin()->func_name, "work");
}

TEST_P(Interrupt, CodeWithoutChecksIgnoresTheRequest) {
  Instance& instance = instantiate(kRunaway, false);
  store_.interrupt();
  EXPECT_EQ(*instance.typed<int32_t(int32_t)>("count")(100000), 100000);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, Interrupt, ::testing::Values(0u, 2u),
                         [](const ::testing::TestParamInfo<unsigned>& info) {
                           return "O" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace kiln
