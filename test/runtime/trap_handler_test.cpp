// Trap delivery: faults in registered code, traps raised by runtime functions, nesting,
// threads, and faults outside compiled code reaching the previous handler.
#include <gtest/gtest.h>

#include <thread>

#include "kiln/linear_memory.h"
#include "trap_handler.h"

// Functions placed in their own section stand in for compiled wasm code: the linker gives
// the section's bounds, which the tests register as a code range. Like compiled code, they are
// not instrumented by sanitizers: their faults (a division by zero, a wild read) are the point.
#define KILN_TEST_CODE \
  __attribute__((section("kiln_test_code"), noinline, no_sanitize("address", "undefined", "coverage")))
extern "C" const char __start_kiln_test_code[];
extern "C" const char __stop_kiln_test_code[];

namespace kiln {
namespace {

KILN_TEST_CODE void read_byte(void* address) { (void)*static_cast<volatile uint8_t*>(address); }

volatile int g_zero = 0;
volatile int g_dividend = 7;
volatile int g_quotient = 0;

// The divisor is unknown to the optimizer and the quotient is used, so a real idiv is emitted.
KILN_TEST_CODE void divide_by_zero() { g_quotient = g_dividend / g_zero; }

// Recurses until the stack runs out (the bound is never reached on a real stack).
KILN_TEST_CODE void recurse(void* depth) {
  volatile char frame[512];
  frame[0] = 1;
  auto next = reinterpret_cast<uintptr_t>(depth) + 1;
  if (next < (uintptr_t{1} << 40)) recurse(reinterpret_cast<void*>(next));
  frame[1] = 2;  // keeps the call from being a tail call
}

class TrapHandlerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    register_code_range(__start_kiln_test_code, size_t(__stop_kiln_test_code - __start_kiln_test_code));
  }
};

struct GuardAccess {
  uint8_t* address;
};

TEST_F(TrapHandlerTest, FaultInCompiledCodeBecomesAnOutOfBoundsTrap) {
  auto memory = LinearMemory::create(MemoryType{Limits{1, 1}});
  GuardAccess access{memory->base() + kPageSize + 8};
  auto trap = call_with_trap_handling([](void* arg) { read_byte(static_cast<GuardAccess*>(arg)->address); }, &access);
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(*trap, TrapKind::MemoryOutOfBounds);
  EXPECT_FALSE(in_trap_handling_scope());
  // The handler leaves no state behind: the next call is a normal one.
  access.address = memory->base();
  EXPECT_FALSE(call_with_trap_handling([](void* arg) { read_byte(static_cast<GuardAccess*>(arg)->address); }, &access));
}

TEST_F(TrapHandlerTest, HardwareDivideFaultBecomesATrap) {
  auto trap = call_with_trap_handling([](void*) { divide_by_zero(); }, nullptr);
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(*trap, TrapKind::IntegerDivideByZero);
}

TEST_F(TrapHandlerTest, RaisedTrapReachesTheEntry) {
  auto trap = call_with_trap_handling([](void*) { raise_trap(TrapKind::IndirectCallTypeMismatch); }, nullptr);
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(*trap, TrapKind::IndirectCallTypeMismatch);
  EXPECT_STREQ(trap_message(*trap), "indirect call type mismatch");
}

TEST_F(TrapHandlerTest, NestedEntriesTrapToTheInnermost) {
  struct Outcome {
    std::optional<TrapKind> inner;
    bool resumed = false;
  } outcome;
  auto outer = call_with_trap_handling(
      [](void* arg) {
        auto* result = static_cast<Outcome*>(arg);
        result->inner = call_with_trap_handling([](void*) { raise_trap(TrapKind::IntegerOverflow); }, nullptr);
        result->resumed = true;
        raise_trap(TrapKind::Unreachable);
      },
      &outcome);
  EXPECT_EQ(outcome.inner, TrapKind::IntegerOverflow);
  EXPECT_TRUE(outcome.resumed);
  EXPECT_EQ(outer, TrapKind::Unreachable);
}

TEST_F(TrapHandlerTest, ThreadsTrapIndependently) {
  auto memory = LinearMemory::create(MemoryType{Limits{1, 1}});
  std::optional<TrapKind> results[4];
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 100; ++round) {
        GuardAccess access{memory->base() + kPageSize * (2 + i)};
        results[i] =
            call_with_trap_handling([](void* arg) { read_byte(static_cast<GuardAccess*>(arg)->address); }, &access);
        if (results[i] != TrapKind::MemoryOutOfBounds) return;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (auto& result : results) EXPECT_EQ(result, TrapKind::MemoryOutOfBounds);
}

TEST_F(TrapHandlerTest, StackOverflowInCompiledCodeIsCallStackExhausted) {
  // A thread with a small stack, so the overflow comes quickly.
  std::optional<TrapKind> trap;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 256 * 1024);
  pthread_t thread;
  auto body = [](void* arg) -> void* {
    *static_cast<std::optional<TrapKind>*>(arg) = call_with_trap_handling(recurse, nullptr);
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, body, &trap), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  EXPECT_EQ(trap, TrapKind::CallStackExhausted);
}

TEST_F(TrapHandlerTest, FaultOutsideCompiledCodeIsNotATrap) {
  auto memory = LinearMemory::create(MemoryType{Limits{1, 1}});
  volatile uint8_t* guard = memory->base() + kPageSize;
  // Host code faulting inside a wasm call still crashes as it would without kiln.
  EXPECT_DEATH(call_with_trap_handling([](void* arg) { (void)*static_cast<volatile uint8_t*>(arg); },
                                       const_cast<uint8_t*>(guard)),
               "");
}

}  // namespace
}  // namespace kiln
